//! Filtered lists on both databases: the reports list and the triage queue
//! narrowed by harm, category and days and put in order (most harm first
//! across pages), triage's "needs attention now" query, and the audit log
//! narrowed by person, kind, report and time.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use learnloop_domain::audit::{AuditAction, report_subject};
use learnloop_domain::list_filter::ReportOrder;
use learnloop_domain::reports::{Category, Harm, ReportInput, ReportStatus};
use learnloop_store::audit::{AuditCursor, AuditFilter};
use learnloop_store::list_filter::{FilteredCursor, ReportListFilter};
use learnloop_store::reports::{ReportListScope, ReportSubmission};
use learnloop_store::services::Service;
use learnloop_store::triage::QueueScope;

use crate::conformance;
use crate::support::{Fixture, NOW, at, fixture};

const DAY: i64 = 86_400;

/// A named near-miss (so no notification or safeguarding is opened) with
/// the given harm and category, submitted `at`; returns its reference.
async fn report(
    s: &learnloop_store::Store,
    f: &Fixture,
    service: &Service,
    harm: Option<&str>,
    category: &str,
    at: i64,
) -> String {
    let report = ReportInput {
        kind: "near_miss".into(),
        service: service.slug.clone(),
        occurred_at: "2026-11-01T09:15:00Z".into(),
        what_happened: "Two residents' medicines were in adjacent pots on the trolley.".into(),
        identity: "named".into(),
        category: Some(category.into()),
        harm: harm.map(str::to_string),
        people_affected: vec!["Resident A".into()],
        ..ReportInput::default()
    }
    .validate(
        Timestamp::from_second(NOW + 10 * DAY).unwrap(),
        &TimeZone::get("Europe/London").unwrap(),
    )
    .unwrap();
    let saved = s
        .create_report(&ReportSubmission { replay: None,
            team_id: None,
            organisation_id: f.org.id,
            service_id: service.id,
            report: &report,
            submitted_by: Some(f.staff.id),
            plan: &learnloop_store::testing::plan(
                &report,
                &service.name,
                service.kind,
                true,
                Timestamp::from_second(at).unwrap(),
            ),
        })
        .await
        .unwrap();
    saved.reference.to_string()
}

fn references(rows: &[learnloop_store::reports::ReportSummary]) -> Vec<String> {
    rows.iter().map(|r| r.reference.clone()).collect()
}

conformance!(
    the_reports_list_narrows_by_harm_category_and_days_and_sorts_by_harm_across_pages,
    |db| {
        let s = &db.store;
        let f = fixture(s).await;
        let low = report(s, &f, &f.oak, Some("low"), "falls", NOW).await;
        let severe = report(s, &f, &f.oak, Some("severe"), "medication", NOW + DAY).await;
        let moderate = report(s, &f, &f.maple, Some("moderate"), "falls", NOW + 2 * DAY).await;
        let ungraded = report(s, &f, &f.oak, None, "falls", NOW + 3 * DAY).await;
        let death = report(s, &f, &f.maple, Some("death"), "medication", NOW + 4 * DAY).await;
        let org = ReportListScope::Organisation(f.org.id);
        let list = |filter: ReportListFilter,
                    order: ReportOrder,
                    after: Option<FilteredCursor>,
                    limit: i64| {
            let scope = org.clone();
            async move {
                s.list_reports_filtered(scope, &filter, order, after, limit)
                    .await
                    .unwrap()
            }
        };

        let severe_only = list(
            ReportListFilter {
                harm: Some(Harm::Severe),
                ..Default::default()
            },
            ReportOrder::Newest,
            None,
            10,
        )
        .await;
        assert_eq!(references(&severe_only), vec![severe.clone()]);
        let falls = list(
            ReportListFilter {
                category: Some(Category::Falls),
                ..Default::default()
            },
            ReportOrder::Newest,
            None,
            10,
        )
        .await;
        assert_eq!(
            references(&falls),
            [ungraded.clone(), moderate.clone(), low.clone()]
        );
        let days = list(
            ReportListFilter {
                submitted_from: Some(NOW + DAY),
                submitted_until: Some(NOW + 3 * DAY),
                ..Default::default()
            },
            ReportOrder::Oldest,
            None,
            10,
        )
        .await;
        assert_eq!(
            references(&days),
            [severe.clone(), moderate.clone()],
            "from is included, until is not"
        );

        // Most harm first, two at a time: each page resumes where the last ended.
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let page = list(ReportListFilter::default(), ReportOrder::MostHarm, after, 2).await;
            seen.extend(references(&page));
            match page.last() {
                Some(last) if page.len() == 2 => {
                    after = Some(FilteredCursor {
                        harm: last.harm,
                        submitted_at: last.submitted_at,
                        id: last.id,
                    })
                }
                _ => break,
            }
        }
        assert_eq!(
            seen,
            [
                death.clone(),
                severe.clone(),
                moderate.clone(),
                low.clone(),
                ungraded.clone()
            ]
        );

        // A manager's services, merged, narrowed as the organisation's are.
        let oak_falls = s
            .list_reports_filtered(
                ReportListScope::Services(vec![f.oak.id]),
                &ReportListFilter {
                    category: Some(Category::Falls),
                    ..Default::default()
                },
                ReportOrder::Oldest,
                None,
                10,
            )
            .await
            .unwrap();
        assert_eq!(references(&oak_falls), [low, ungraded]);
    }
);

conformance!(
    the_triage_queue_narrows_counts_and_orders_and_finds_unanswered_harm,
    |db| {
        let s = &db.store;
        let f = fixture(s).await;
        let low = report(s, &f, &f.oak, Some("low"), "falls", NOW).await;
        let severe = report(s, &f, &f.oak, Some("severe"), "medication", NOW + DAY).await;
        let moderate = report(s, &f, &f.oak, Some("moderate"), "falls", NOW + 2 * DAY).await;
        let scope = QueueScope::Services(vec![f.oak.id]);
        let everything = Timestamp::MAX;
        let filter = ReportListFilter {
            category: Some(Category::Falls),
            ..Default::default()
        };
        let falls = s
            .open_reports_filtered(
                &scope,
                ReportStatus::Received,
                everything,
                &filter,
                ReportOrder::Oldest,
                10,
            )
            .await
            .unwrap();
        assert_eq!(
            falls
                .iter()
                .map(|i| i.reference.clone())
                .collect::<Vec<_>>(),
            [low.clone(), moderate.clone()]
        );
        let by_harm = s
            .open_reports_filtered(
                &scope,
                ReportStatus::Received,
                everything,
                &ReportListFilter::default(),
                ReportOrder::MostHarm,
                10,
            )
            .await
            .unwrap();
        assert_eq!(
            by_harm
                .iter()
                .map(|i| i.reference.clone())
                .collect::<Vec<_>>(),
            [severe.clone(), moderate.clone(), low.clone()]
        );
        let newest = s
            .open_reports_filtered(
                &scope,
                ReportStatus::Received,
                everything,
                &ReportListFilter::default(),
                ReportOrder::Newest,
                2,
            )
            .await
            .unwrap();
        assert_eq!(
            newest
                .iter()
                .map(|i| i.reference.clone())
                .collect::<Vec<_>>(),
            [moderate.clone(), severe.clone()]
        );
        let counted = s
            .count_open_reports_filtered(&scope, ReportStatus::Received, at(NOW + DAY), &filter)
            .await
            .unwrap();
        assert_eq!(
            (counted.all, counted.overdue),
            (2, 1),
            "two falls, one submitted before the cut-off"
        );
        let unfiltered = s
            .count_open_reports(&scope, ReportStatus::Received, at(NOW + DAY))
            .await
            .unwrap();
        assert_eq!(
            s.count_open_reports_filtered(
                &scope,
                ReportStatus::Received,
                at(NOW + DAY),
                &ReportListFilter::default()
            )
            .await
            .unwrap(),
            unfiltered,
            "no filter counts as the fixed statement does"
        );

        // Needs attention: moderate harm or worse, not yet answered.
        let waiting = s.harmful_unanswered_reports(&scope, 10).await.unwrap();
        assert_eq!(
            waiting
                .iter()
                .map(|i| i.reference.clone())
                .collect::<Vec<_>>(),
            [severe.clone(), moderate.clone()]
        );
        let record = s
            .report_by_reference(f.org.id, &severe)
            .await
            .unwrap()
            .unwrap();
        s.thank_reporter(
            &record,
            &f.manager,
            "Thank you for telling us.",
            at(NOW + 3 * DAY),
        )
        .await
        .unwrap();
        let waiting = s
            .harmful_unanswered_reports(&QueueScope::Organisation(f.org.id), 10)
            .await
            .unwrap();
        assert_eq!(
            waiting
                .iter()
                .map(|i| i.reference.clone())
                .collect::<Vec<_>>(),
            [moderate],
            "a thanked report has been answered"
        );
        assert!(
            s.harmful_unanswered_reports(&QueueScope::Services(vec![f.maple.id]), 10)
                .await
                .unwrap()
                .is_empty()
        );
    }
);

conformance!(
    the_audit_log_narrows_by_person_kind_report_and_time_and_pages_back,
    |db| {
        let s = &db.store;
        let f = fixture(s).await;
        let first = report(s, &f, &f.oak, Some("low"), "falls", NOW + DAY).await;
        let second = report(s, &f, &f.oak, Some("low"), "falls", NOW + 2 * DAY).await;
        for (reference, by, when) in [
            (&first, &f.manager, NOW + 3 * DAY),
            (&second, &f.quality, NOW + 4 * DAY),
        ] {
            let record = s
                .report_by_reference(f.org.id, reference)
                .await
                .unwrap()
                .unwrap();
            s.thank_reporter(&record, by, "Thank you for telling us.", at(when))
                .await
                .unwrap();
        }
        let entries = |filter: AuditFilter, before: Option<AuditCursor>, limit: i64| async move {
            s.audit_entries(f.org.id, &filter, before, limit)
                .await
                .unwrap()
        };

        let all = entries(AuditFilter::default(), None, 100).await;
        assert!(
            all.windows(2)
                .all(|w| (w[0].at, w[0].id) > (w[1].at, w[1].id)),
            "newest first"
        );
        assert!(
            all.iter().all(|e| AuditAction::parse(&e.action).is_some()),
            "every stored kind is known: {:?}",
            all.iter().map(|e| &e.action).collect::<Vec<_>>()
        );
        let by_manager = entries(
            AuditFilter {
                actor_id: Some(f.manager.id),
                ..Default::default()
            },
            None,
            100,
        )
        .await;
        assert_eq!(
            by_manager
                .iter()
                .map(|e| e.action.as_str())
                .collect::<Vec<_>>(),
            ["report.thanked"]
        );
        assert_eq!(
            by_manager[0].actor_name.as_deref(),
            Some("Person manager@t.test")
        );
        assert_eq!(
            by_manager[0].actor_role,
            Some(learnloop_domain::role::Role::Manager)
        );
        let thanks = entries(
            AuditFilter {
                action: Some(AuditAction::ReportThanked),
                ..Default::default()
            },
            None,
            100,
        )
        .await;
        assert_eq!(
            thanks.iter().map(|e| e.subject.clone()).collect::<Vec<_>>(),
            [report_subject(&second), report_subject(&first)]
        );
        let about_first = entries(
            AuditFilter {
                subject: Some(report_subject(&first)),
                ..Default::default()
            },
            None,
            100,
        )
        .await;
        assert_eq!(
            about_first
                .iter()
                .map(|e| e.action.as_str())
                .collect::<Vec<_>>(),
            ["report.thanked", "report.created"]
        );
        let in_range = entries(
            AuditFilter {
                from: Some(NOW + 2 * DAY),
                until: Some(NOW + 4 * DAY),
                ..Default::default()
            },
            None,
            100,
        )
        .await;
        assert_eq!(
            in_range
                .iter()
                .map(|e| (e.action.as_str(), e.at))
                .collect::<Vec<_>>(),
            [
                ("report.thanked", NOW + 3 * DAY),
                ("report.created", NOW + 2 * DAY)
            ]
        );

        // Paging back one entry at a time meets every entry once, in order.
        let mut paged = Vec::new();
        let mut before = None;
        loop {
            let page = entries(AuditFilter::default(), before, 3).await;
            paged.extend(page.iter().map(|e| e.id));
            match page.last() {
                Some(last) if page.len() == 3 => {
                    before = Some(AuditCursor {
                        at: last.at,
                        id: last.id,
                    })
                }
                _ => break,
            }
        }
        assert_eq!(paged, all.iter().map(|e| e.id).collect::<Vec<_>>());
    }
);
