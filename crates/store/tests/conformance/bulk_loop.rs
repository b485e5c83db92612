//! A generated report's learning loop, loaded in bulk, leaves the rows the
//! product's own steps leave when a team takes them one at a time.

use jiff::Timestamp;
use learnloop_domain::actions::{CheckResult, EffectivenessCheck};
use learnloop_domain::identity::IdentityMode;
use learnloop_domain::ids::ReportId;
use learnloop_domain::reports::{ReportKind, ReportStatus};
use learnloop_store::Store;
use learnloop_store::actions::NewActionRecord;
use learnloop_store::bulk::GeneratedReport;
use learnloop_store::bulk_loop::{
    GeneratedAction, GeneratedCheck, GeneratedLoop, GeneratedMessage, GeneratedReview,
};
use learnloop_store::reviews::NewReviewRecord;
use learnloop_store::triage::CloseRefusal;
use rand::SeedableRng;
use serde_json::json;

use crate::conformance;
use crate::reports::submit;
use crate::support::{Fixture, NOW, at, fixture};

const TEXT: &str = "Two residents' morning medicines were in adjacent pots.";
const THANKS: &str = "Thank you for reporting this near-miss.";
const FEEDBACK: &str = "What we learned: one tray per resident.\n\n- Buy trays (due 2026-11-25)";
const SUBMITTED: i64 = NOW - 20 * 86_400;
const THANKED: i64 = SUBMITTED + 3_600;
const REVIEWED: i64 = SUBMITTED + 86_400;
const DONE: i64 = SUBMITTED + 5 * 86_400;
const CHECKED: i64 = SUBMITTED + 9 * 86_400;
const FED_BACK: i64 = SUBMITTED + 10 * 86_400;
const CLOSED: i64 = SUBMITTED + 12 * 86_400;

fn details() -> serde_json::Value {
    json!({"type": "debrief", "held_at": "2026-10-29T10:00:00Z", "participants": "The shift", "helped": "", "hindered": "", "could_change": "Trays", "manager_attended": null})
}

/// The loop taken one step at a time through the store's methods, as the product's pages do.
async fn one_step_at_a_time(s: &Store, f: &Fixture) -> String {
    let saved = submit(s, f, f.staff.id, "named", &f.oak, TEXT, SUBMITTED).await;
    let report = s
        .report_by_reference(f.org.id, saved.reference.as_str())
        .await
        .unwrap()
        .unwrap();
    s.thank_reporter(&report, &f.manager, THANKS, at(THANKED))
        .await
        .unwrap();
    let review_id = s
        .create_review(&NewReviewRecord {
            organisation_id: f.org.id,
            review_type: "debrief",
            details: details(),
            factors: Vec::new(),
            rule_needs_change: false,
            report_ids: &[report.id],
            created_by: f.manager.id,
            at: at(REVIEWED),
        })
        .await
        .unwrap();
    let action_id = s
        .create_action(&NewActionRecord {
            organisation_id: f.org.id,
            service_id: f.oak.id,
            title: "Buy trays",
            owner_id: f.manager.id,
            due_on: "2026-11-25".into(),
            report_ids: &[report.id],
            review_ids: &[review_id],
            created_by: f.manager.id,
            at: at(REVIEWED),
        })
        .await
        .unwrap();
    let action = s.action(f.org.id, action_id).await.unwrap().unwrap();
    s.complete_action(&action, f.manager.id, "2026-12-20", at(DONE))
        .await
        .unwrap()
        .unwrap();
    let check = EffectivenessCheck {
        result: CheckResult::Effective,
        evidence: "Audit: no mix-ups.".into(),
    };
    s.record_action_check(&action, f.quality.id, &check, at(CHECKED))
        .await
        .unwrap()
        .unwrap();
    s.give_feedback(&report, &f.manager, FEEDBACK, at(FED_BACK))
        .await
        .unwrap();
    s.close_report(&report, &f.manager, at(CLOSED))
        .await
        .unwrap()
        .unwrap();
    saved.reference.as_str().to_string()
}

fn generated(f: &Fixture, learning_loop: GeneratedLoop) -> GeneratedReport {
    GeneratedReport {
        service_id: f.oak.id,
        team_id: None,
        kind: ReportKind::NearMiss,
        identity: IdentityMode::Named,
        occurred_at: Timestamp::from_second(SUBMITTED - 600).unwrap(),
        occurred_month: 202610,
        submitted_at: Timestamp::from_second(SUBMITTED).unwrap(),
        what_happened: TEXT.into(),
        category: None,
        harm: None,
        psychological_harm: None,
        immediate_actions: None,
        what_went_well: None,
        people_affected: vec!["Resident A".into()],
        reporter_id: Some(f.staff.id),
        learning_loop,
    }
}

fn whole_loop(f: &Fixture) -> GeneratedLoop {
    let message = |at: i64, body: &str| GeneratedMessage {
        at: Timestamp::from_second(at).unwrap(),
        author_id: f.manager.id,
        author_name: f.manager.name.clone(),
        body: body.into(),
    };
    GeneratedLoop {
        thanks: Some(message(THANKED, THANKS)),
        review: Some(GeneratedReview {
            at: at(REVIEWED),
            created_by: f.manager.id,
            review_type: "debrief",
            details: details().to_string(),
            factors: Vec::new(),
            rule_needs_change: false,
        }),
        actions: vec![GeneratedAction {
            title: "Buy trays".into(),
            owner_id: f.manager.id,
            due_on: "2026-11-25".into(),
            created_by: f.manager.id,
            created_at: at(REVIEWED),
            completed: Some((at(DONE), "2026-12-20".into())),
            check: Some(GeneratedCheck {
                at: at(CHECKED),
                checked_by: f.quality.id,
                result: CheckResult::Effective,
                evidence: "Audit: no mix-ups.".into(),
            }),
        }],
        feedback: Some(message(FED_BACK, FEEDBACK)),
        closed_at: Some(at(CLOSED)),
    }
}

/// What a report's people can see of its loop, with its reference blanked out.
async fn seen(db: &learnloop_store::testing::TestDb, f: &Fixture, reference: &str) -> Vec<String> {
    let s = &db.store;
    let report = s
        .report_by_reference(f.org.id, reference)
        .await
        .unwrap()
        .unwrap();
    let mut seen = vec![format!(
        "{:?} thanked {:?} fed back {:?} closed {:?}",
        report.status, report.thanked_at, report.feedback_at, report.closed_at
    )];
    for m in s.report_messages(report.id).await.unwrap() {
        seen.push(format!(
            "message {} {:?} {} by {:?}: {}",
            m.seq, m.kind, m.at, m.author_name, m.body
        ));
    }
    for r in s.reviews_of_report(report.id).await.unwrap() {
        seen.push(format!(
            "review {} by {} at {}: {}",
            r.review_type, r.created_by_name, r.created_at, r.details
        ));
    }
    for a in s.actions_of_report(report.id).await.unwrap() {
        seen.push(format!(
            "action {} owned by {} due {} {:?} created {} done {:?} check {:?} {:?} {:?} by {:?} at {:?}",
            a.title, a.owner_name, a.due_on, a.status, a.created_at, a.completed_at, a.check_due_on, a.check_result, a.check_evidence, a.checked_by_name, a.checked_at
        ));
    }
    let link = format!("/reports/{reference}");
    let mut inbox: Vec<String> = s
        .inbox(f.staff.id, 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.link.as_deref() == Some(link.as_str()))
        .map(|m| format!("inbox {}: {}", m.subject, m.body))
        .collect();
    inbox.sort();
    seen.extend(inbox);
    let owner_notices = s
        .inbox(f.manager.id, 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.subject == "New action for you: Buy trays")
        .count();
    seen.push(format!("owner told {owner_notices} time(s)"));
    seen.into_iter()
        .map(|line| line.replace(reference, "REF"))
        .collect()
}

conformance!(
    a_bulk_loaded_loop_leaves_the_rows_of_the_steps_taken_one_at_a_time,
    |db| {
        let s = &db.store;
        let f = fixture(s).await;
        let by_hand = one_step_at_a_time(s, &f).await;
        let expected = seen(db, &f, &by_hand).await;
        assert!(expected[0].starts_with("Closed"), "{expected:?}");

        // The same organisation holds both reports, told apart by reference.
        let before: Vec<String> = db
            .raw_rows("SELECT reference FROM reports")
            .await
            .into_iter()
            .map(|r| r[0].clone())
            .collect();
        let mut rng = rand::rngs::StdRng::seed_from_u64(5);
        s.insert_generated_reports(f.org.id, &[generated(&f, whole_loop(&f))], &mut rng)
            .await
            .unwrap();
        let loaded = db
            .raw_rows("SELECT reference FROM reports")
            .await
            .into_iter()
            .map(|r| r[0].clone())
            .find(|r| !before.contains(r))
            .unwrap();
        let mut got = seen(db, &f, &loaded).await;
        // The owner's notices are counted over both reports' actions (same title).
        assert_eq!(got.pop(), Some("owner told 2 time(s)".to_string()));
        let mut expected = expected;
        expected.pop();
        assert_eq!(got, expected);

        // The action ids the load chose do not block the next action made in the product.
        let report = s
            .report_by_reference(f.org.id, &loaded)
            .await
            .unwrap()
            .unwrap();
        let next = s
            .create_action(&NewActionRecord {
                organisation_id: f.org.id,
                service_id: f.oak.id,
                title: "Another",
                owner_id: f.manager.id,
                due_on: "2026-12-25".into(),
                report_ids: &[report.id],
                review_ids: &[],
                created_by: f.manager.id,
                at: at(NOW),
            })
            .await;
        assert!(next.is_ok(), "{next:?}");
        assert_eq!(
            s.close_report(&report, &f.manager, at(NOW)).await.unwrap(),
            Err(CloseRefusal::AlreadyClosed)
        );
    }
);

conformance!(a_generated_loop_the_rules_refuse_is_not_loaded, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    let mut closed_unheard = whole_loop(&f);
    closed_unheard.feedback = None;
    let mut rng = rand::rngs::StdRng::seed_from_u64(5);
    let refused = s
        .insert_generated_reports(f.org.id, &[generated(&f, closed_unheard)], &mut rng)
        .await;
    assert!(
        refused.is_err(),
        "a report closed without feedback was loaded"
    );
    assert_eq!(
        db.raw_rows("SELECT id FROM reports").await.len(),
        0,
        "nothing of it saved"
    );

    // An anonymous report's thanks and feedback reach its conversation and nobody's inbox.
    let mut anonymous = generated(&f, whole_loop(&f));
    anonymous.identity = IdentityMode::Anonymous;
    s.insert_generated_reports(f.org.id, &[anonymous], &mut rng)
        .await
        .unwrap();
    let id: i64 = db.raw_rows("SELECT id FROM reports").await[0][0]
        .parse()
        .unwrap();
    assert_eq!(s.report_messages(ReportId(id)).await.unwrap().len(), 2);
    assert_eq!(
        db.raw_rows("SELECT report_id FROM report_reporters").await.len(),
        0
    );
    assert!(
        s.inbox(f.staff.id, 100).await.unwrap().is_empty(),
        "the reporter of an anonymous report is told nothing by inbox"
    );
    let status = s
        .report_by_reference(
            f.org.id,
            &db.raw_rows("SELECT reference FROM reports").await[0][0],
        )
        .await
        .unwrap()
        .unwrap()
        .status;
    assert_eq!(status, ReportStatus::Closed);
});
