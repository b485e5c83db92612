use jiff::Timestamp;
use jiff::tz::TimeZone;
use learnloop_domain::reports::{NewReport, ReportInput, ReportStatus};
use learnloop_store::StoreError;
use learnloop_store::reports::{ListCursor, ReportListScope, ReportSubmission};

use crate::conformance;
use crate::support::{Fixture, NOW, at, fixture};

pub fn new_report(identity: &str, service: &str, text: &str) -> NewReport {
    ReportInput {
        kind: "near_miss".into(),
        service: service.into(),
        occurred_at: "2026-11-17T09:15:00Z".into(),
        what_happened: text.into(),
        identity: identity.into(),
        category: Some("medication".into()),
        harm: Some("none".into()),
        people_affected: vec!["Resident A".into()],
        ..ReportInput::default()
    }
    .validate(Timestamp::from_second(NOW).unwrap(), &TimeZone::get("Europe/London").unwrap())
    .unwrap()
}

pub async fn submit(store: &learnloop_store::Store, f: &Fixture, by: learnloop_domain::ids::PersonId, identity: &str, service: &learnloop_store::services::Service, text: &str, at: i64) -> learnloop_store::reports::SavedReport {
    let report = new_report(identity, &service.slug, text);
    store
        .create_report(&ReportSubmission { replay: None,
            team_id: None,
            organisation_id: f.org.id,
            service_id: service.id,
            report: &report,
            submitted_by: Some(by),
            plan: &learnloop_store::testing::plan(&report, &service.name, service.kind, true, Timestamp::from_second(at).unwrap()),
        })
        .await
        .unwrap()
}

conformance!(a_named_report_is_saved_with_its_acknowledgement_and_audit_entry, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    let saved = submit(s, &f, f.staff.id, "named", &f.oak, "Morning medicines for two residents were in adjacent pots.", NOW).await;
    assert!(saved.reference.as_str().starts_with("LL-"));
    assert!(saved.follow_up_code.is_none(), "named reports follow up through the inbox");

    let record = s.report_by_reference(f.org.id, saved.reference.as_str()).await.unwrap().unwrap();
    assert_eq!(record.status, ReportStatus::Received);
    assert_eq!(record.service_name, "Oak House");
    assert_eq!(record.submitted_at, NOW);
    assert_eq!(record.people_affected, ["Resident A"]);
    assert_eq!(record.what_happened, "Morning medicines for two residents were in adjacent pots.");

    let inbox = s.inbox(f.staff.id, 10).await.unwrap();
    assert_eq!(inbox.len(), 1);
    assert!(inbox[0].subject.contains(saved.reference.as_str()));
    assert_eq!(s.unread_count(f.staff.id).await.unwrap(), 1);
    s.mark_inbox_read(f.staff.id, at(NOW + 5)).await.unwrap();
    assert_eq!(s.unread_count(f.staff.id).await.unwrap(), 0);

    let audit = s.audit_log(f.org.id, None, 5).await.unwrap();
    assert_eq!(audit[0].action, "report.created");
    assert_eq!(audit[0].actor_id, Some(f.staff.id.get()));
    assert!(!audit[0].detail.contains("Morning medicines"), "narratives stay out of the audit log");
});

conformance!(each_role_lists_only_what_its_scope_allows, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    let mine = submit(s, &f, f.staff.id, "named", &f.oak, "A sensor mat in room 4 was found switched off at handover.", NOW).await;
    let theirs = submit(s, &f, f.colleague.id, "named", &f.oak, "The fridge log was not completed on Sunday evening shift.", NOW + 1).await;
    let maple = submit(s, &f, f.other_manager.id, "named", &f.maple, "A tenant's front door was found unlocked at 23:00 check.", NOW + 2).await;
    let anon = submit(s, &f, f.staff.id, "anonymous", &f.oak, "Staff on nights are often alone on the first floor.", NOW + 3).await;

    let refs = |list: Vec<learnloop_store::reports::ReportSummary>| list.into_iter().map(|r| r.reference).collect::<Vec<_>>();
    let own = refs(s.list_reports(ReportListScope::ReportedBy(f.staff.id), None, 50).await.unwrap());
    assert_eq!(own, [mine.reference.to_string()], "my reports: my named report only, never the anonymous one");

    let managed = refs(s.list_reports(ReportListScope::Services(f.manager.service_ids.clone()), None, 50).await.unwrap());
    assert_eq!(managed.len(), 3);
    for r in [&mine, &theirs, &anon] {
        assert!(managed.contains(&r.reference.to_string()));
    }
    assert!(!managed.contains(&maple.reference.to_string()), "a manager sees only their services");

    let all = s.list_reports(ReportListScope::Organisation(f.org.id), None, 50).await.unwrap();
    assert_eq!(all.len(), 4);
    let anonymous_row = all.iter().find(|r| r.reference == anon.reference.as_str()).unwrap();
    assert_eq!(anonymous_row.reporter_name, None);
    let named_row = all.iter().find(|r| r.reference == mine.reference.as_str()).unwrap();
    assert_eq!(named_row.reporter_name.as_deref(), Some("Person staff@t.test"));

    // Paging: two at a time, newest first, no row twice.
    let first = s.list_reports(ReportListScope::Organisation(f.org.id), None, 2).await.unwrap();
    let last = first.last().unwrap();
    let cursor = ListCursor { submitted_at: last.submitted_at, id: last.id };
    let second = s.list_reports(ReportListScope::Organisation(f.org.id), Some(cursor), 2).await.unwrap();
    let mut seen: Vec<String> = first.iter().chain(second.iter()).map(|r| r.reference.clone()).collect();
    assert_eq!(seen.len(), 4);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 4);
});

conformance!(readable_report_applies_the_role_rules, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    let saved = submit(s, &f, f.staff.id, "named", &f.oak, "Resident A's hoist sling was frayed at the seam.", NOW).await;
    let r = saved.reference.as_str();
    assert!(s.readable_report(&f.staff, r).await.unwrap().is_some());
    assert!(s.readable_report(&f.colleague, r).await.unwrap().is_none());
    assert!(s.readable_report(&f.manager, r).await.unwrap().is_some());
    assert!(s.readable_report(&f.other_manager, r).await.unwrap().is_none());
    assert!(s.readable_report(&f.quality, r).await.unwrap().is_some());
    assert!(s.readable_report(&f.safety, r).await.unwrap().is_some());
    assert!(s.readable_report(&f.admin, r).await.unwrap().is_none());
    assert!(s.readable_report(&f.manager, "LL-0000-0000").await.unwrap().is_none());
});

conformance!(duplicates_are_refused_as_conflicts, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    let again = s.create_service(f.org.id, "oak-house", "Oak House again", learnloop_domain::organisation::ServiceKind::ResidentialCareHome, None, at(NOW)).await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    let again = s.create_organisation("riverside", "Riverside again", "Europe/London", at(NOW)).await;
    assert!(matches!(again, Err(StoreError::Conflict(_))));
    // Nothing half-saved: still two services.
    assert_eq!(s.services(f.org.id).await.unwrap().len(), 2);
});

conformance!(migrating_twice_changes_nothing, |db| {
    db.store.migrate().await.unwrap();
    db.store.ping().await.unwrap();
    let expected = if db.url.starts_with("sqlite") { "sqlite" } else { "postgres" };
    assert_eq!(db.store.backend_name(), expected);
});

conformance!(the_audit_log_is_append_only, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    assert!(!s.audit_log(f.org.id, None, 100).await.unwrap().is_empty());
    let url = db.url.clone();
    let refused = if url.starts_with("sqlite") {
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        let r = sqlx::query("DELETE FROM audit_log").execute(&pool).await.is_err()
            && sqlx::query("UPDATE audit_log SET action = 'x'").execute(&pool).await.is_err();
        pool.close().await;
        r
    } else {
        let pool = sqlx::PgPool::connect(&url).await.unwrap();
        let r = sqlx::query("DELETE FROM audit_log").execute(&pool).await.is_err()
            && sqlx::query("UPDATE audit_log SET action = 'x'").execute(&pool).await.is_err();
        pool.close().await;
        r
    };
    assert!(refused, "updates and deletes of audit rows must fail");
});

conformance!(reports_arriving_together_are_all_saved_whole, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    let identities = ["named", "confidential", "anonymous"];
    let tasks: Vec<_> = (0..90)
        .map(|i| {
            let s = s.clone();
            let (org, oak_id, oak_name, staff) = (f.org.id, f.oak.id, f.oak.name.clone(), f.staff.id);
            tokio::spawn(async move {
                let report = new_report(identities[i % 3], "oak-house", &format!("Concurrent report number {i} about the medicines trolley."));
                s.create_report(&ReportSubmission { replay: None,
                    team_id: None,
                    organisation_id: org,
                    service_id: oak_id,
                    report: &report,
                    submitted_by: Some(staff),
                    plan: &learnloop_store::testing::plan(&report, &oak_name, learnloop_domain::organisation::ServiceKind::ResidentialCareHome, true, Timestamp::from_second(NOW + i as i64).unwrap()),
                })
                .await
                .unwrap()
            })
        })
        .collect();
    let mut references = Vec::new();
    for t in tasks {
        references.push(t.await.unwrap().reference.to_string());
    }
    references.sort();
    references.dedup();
    assert_eq!(references.len(), 90);
    assert_eq!(s.count_reports(f.org.id).await.unwrap(), 90);
    // 60 named or confidential: each with its reporter link and inbox
    // message; the 30 named ones with an audit entry (a confidential one's
    // would name its reporter to administrators).
    assert_eq!(s.list_reports(ReportListScope::ReportedBy(f.staff.id), None, 200).await.unwrap().len(), 60);
    assert_eq!(s.inbox(f.staff.id, 200).await.unwrap().len(), 60);
    let created = s.audit_log(f.org.id, None, 500).await.unwrap().into_iter().filter(|a| a.action == "report.created").count();
    assert_eq!(created, 30);
});

conformance!(each_report_keeps_its_terms_and_earlier_reports_get_theirs_filled_in, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    let first = submit(s, &f, f.staff.id, "named", &f.oak, "The medicines trolley was left open in the corridor.", NOW).await;
    submit(s, &f, f.staff.id, "anonymous", &f.oak, "Medicines trolley open again in the corridor at lunch.", NOW + 60).await;
    submit(s, &f, f.staff.id, "named", &f.maple, "A fall in the garden.", NOW + 120).await;
    let report = s.report_by_reference(f.org.id, first.reference.as_str()).await.unwrap().unwrap();
    let candidates = |s: learnloop_store::Store, report: learnloop_store::reports::ReportRecord| async move {
        let mut seen = Vec::new();
        s.for_each_similar_candidate(&report, at(NOW - 86_400), |c| seen.push((c.report_id, c.terms.len()))).await.unwrap();
        seen
    };
    let seen = candidates(s.clone(), report.clone()).await;
    assert_eq!(seen.len(), 1, "the other Oak House report only: {seen:?}");
    assert_eq!(seen[0].1 % 5, 0);
    assert!(seen[0].1 >= 5 * 4, "trolley, open, corridor, lunch and more");

    // Reports saved before terms were kept get them from the background fill.
    db.raw_rows("DELETE FROM report_terms").await;
    assert!(candidates(s.clone(), report.clone()).await.is_empty());
    let mut after = 0;
    let mut rounds = 0;
    while let Some(last) = s.store_missing_report_terms(after).await.unwrap() {
        after = last;
        rounds += 1;
    }
    assert_eq!(rounds, 1);
    assert_eq!(db.raw_rows("SELECT report_id FROM report_terms").await.len(), 3);
    assert_eq!(candidates(s.clone(), report.clone()).await, seen);
    assert_eq!(s.store_missing_report_terms(0).await.unwrap(), None, "nothing left to fill");
    let shown = s.similar_candidates(&[seen[0].0]).await.unwrap();
    assert_eq!(shown[0].excerpt, "Medicines trolley open again in the corridor at lunch.");
});
