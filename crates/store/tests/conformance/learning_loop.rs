use jiff::Timestamp;
use learnloop_domain::actions::{ActionStatus, CheckResult, EffectivenessCheck};
use learnloop_domain::reports::ReportStatus;
use learnloop_store::actions::{ActionRefusal, NewActionRecord};
use learnloop_store::conversation::MessageKind;
use learnloop_store::learning::NewLearningRecord;
use learnloop_store::reviews::NewReviewRecord;
use learnloop_store::triage::{CloseRefusal, QueueScope};
use serde_json::json;

use crate::conformance;
use crate::reports::submit;
use crate::support::{NOW, at, fixture};

// 2026-11-18 15:47:12 UTC, well into a day.
const AFTERNOON: i64 = NOW - (NOW % 86_400) + 15 * 3600 + 47 * 60 + 12;

conformance!(an_anonymous_reporters_reply_is_linked_to_nobody, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    let saved = submit(s, &f, f.staff.id, "anonymous", &f.oak, "The sluice room door is left unlocked at night.", NOW - 86_400).await;
    let report = s.report_by_reference(f.org.id, saved.reference.as_str()).await.unwrap().unwrap();
    s.thank_reporter(&report, &f.manager, "Thank you for telling us.", at(NOW)).await.unwrap();
    let audit_before = s.audit_log(f.org.id, None, 1000).await.unwrap().len();
    let inbox_rows_before = db.raw_rows("SELECT id FROM inbox_messages").await.len();

    s.reply_from_reporter(&report, "It was open again last night.", at(AFTERNOON)).await.unwrap();

    let messages = s.report_messages(report.id).await.unwrap();
    assert_eq!(messages.len(), 2);
    let reply = &messages[1];
    assert_eq!((reply.kind, reply.author_name.as_deref()), (MessageKind::FromReporter, None));
    assert_eq!(reply.at % 86_400, 0, "only the day of the reply is kept");
    assert_eq!(s.audit_log(f.org.id, None, 1000).await.unwrap().len(), audit_before, "the reply writes no audit entry");
    assert_eq!(db.raw_rows("SELECT id FROM inbox_messages").await.len(), inbox_rows_before, "nor any inbox row");
    let flagged = s.report_by_reference(f.org.id, saved.reference.as_str()).await.unwrap().unwrap();
    assert!(flagged.reply_waiting, "the team's queue shows the reply");
    for (table, row) in db.every_value_in_every_table().await {
        for value in &row {
            assert_ne!(value, &AFTERNOON.to_string(), "{table} stores the exact time of the reply");
        }
    }
    let staff_id = f.staff.id.to_string();
    let rows = db.raw_rows(&format!("SELECT * FROM report_messages WHERE report_id = {}", report.id)).await;
    assert!(rows.iter().all(|row| !row.contains(&staff_id)), "no message row holds the reporter's id");
});

conformance!(thanks_reviews_learning_and_closing_move_a_report_round_the_loop, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    let saved = submit(s, &f, f.staff.id, "named", &f.oak, "Two residents' morning medicines were in adjacent pots.", NOW - 3600).await;
    let report = || async { s.report_by_reference(f.org.id, saved.reference.as_str()).await.unwrap().unwrap() };
    let scope = QueueScope::Services(vec![f.oak.id]);
    assert_eq!(s.count_open_reports(&scope, ReportStatus::Received, Timestamp::MAX).await.unwrap().all, 1);
    assert_eq!(s.count_open_reports(&QueueScope::Services(vec![f.maple.id]), ReportStatus::Received, Timestamp::MAX).await.unwrap().all, 0);
    assert_eq!(s.open_reports(&QueueScope::Organisation(f.org.id), ReportStatus::Received, Timestamp::MAX, 10).await.unwrap().len(), 1);
    // Submitted after the cut-off: not counted as overdue.
    let split = s.count_open_reports(&scope, ReportStatus::Received, at(NOW - 7200)).await.unwrap();
    assert_eq!((split.all, split.overdue), (1, 0));
    let overdue = s.count_open_reports(&scope, ReportStatus::Received, at(NOW)).await.unwrap();
    assert_eq!((overdue.all, overdue.overdue), (1, 1), "submitted before the cut-off: overdue");

    assert_eq!(s.close_report(&report().await, &f.manager, at(NOW)).await.unwrap(), Err(CloseRefusal::NoFeedbackYet));

    s.thank_reporter(&report().await, &f.manager, "Thank you for this.", at(NOW)).await.unwrap();
    let thanked = report().await;
    assert_eq!((thanked.status, thanked.thanked_at), (ReportStatus::Thanked, Some(NOW)));
    let inbox = s.inbox(f.staff.id, 10).await.unwrap();
    assert!(inbox.iter().any(|m| m.body == "Thank you for this."), "the named reporter's inbox has the thanks");

    let review_id = s
        .create_review(&NewReviewRecord {
            organisation_id: f.org.id,
            review_type: "learning_review",
            details: json!({"type": "learning_review", "timeline": "t", "findings": "f", "factors": ["staff_workload"], "rule_needs_change": true, "rule_change": "One tray each"}),
            factors: vec!["staff_workload"],
            rule_needs_change: true,
            report_ids: &[thanked.id],
            created_by: f.manager.id,
            at: at(NOW + 60),
        })
        .await
        .unwrap();
    assert_eq!(report().await.status, ReportStatus::InReview);
    let reviews = s.reviews_of_report(thanked.id).await.unwrap();
    assert_eq!((reviews.len(), reviews[0].id), (1, review_id));
    assert_eq!(reviews[0].report_references, [saved.reference.as_str()]);
    assert_eq!(s.governance_list(f.org.id, 10).await.unwrap().len(), 1);

    let learning = s
        .publish_learning(
            &NewLearningRecord {
                organisation_id: f.org.id,
                report: Some(&report().await),
                title: "One tray per resident",
                summary: "Pots side by side get mixed up.",
                service_ids: &[f.oak.id],
                team_ids: &[],
                feedback_to_reporter: Some("What we learned: pots side by side get mixed up."),
                at: at(NOW + 120),
            },
            &f.manager,
        )
        .await
        .unwrap();
    assert_eq!(learning.audience, 3, "everyone assigned to Oak House");
    let given = report().await;
    assert_eq!((given.status, given.feedback_at), (ReportStatus::FeedbackGiven, Some(NOW + 120)));
    assert_eq!(s.learning_feed(f.colleague.id, 10).await.unwrap().len(), 1);
    assert!(s.learning_feed(f.other_manager.id, 10).await.unwrap().is_empty());
    // Learning recorded later but dated earlier (a history brought in) sits in date order.
    let oak = [f.oak.id];
    let earlier = NewLearningRecord {
        organisation_id: f.org.id,
        report: None,
        title: "Handover at the door",
        summary: "Handover happens at the door, not the corridor.",
        service_ids: &oak,
        team_ids: &[],
        feedback_to_reporter: None,
        at: at(NOW - 86_400),
    };
    s.publish_learning(&earlier, &f.manager).await.unwrap();
    let feed: Vec<String> = s.learning_feed(f.colleague.id, 10).await.unwrap().into_iter().map(|item| item.title).collect();
    assert_eq!(feed, ["One tray per resident", "Handover at the door"], "newest first, by date");
    assert!(s.mark_learning_read(f.colleague.id, learning.id, at(NOW + 200)).await.unwrap());
    assert!(!s.mark_learning_read(f.other_manager.id, learning.id, at(NOW + 200)).await.unwrap());
    assert_eq!(s.learning_read_counts(learning.id).await.unwrap(), (1, 3));
    let board = s.you_said_we_did(f.oak.id, 10).await.unwrap();
    assert_eq!((board.len(), board[0].title.as_str()), (1, "One tray per resident"));

    assert_eq!(s.close_report(&given, &f.manager, at(NOW + 300)).await.unwrap(), Ok(()));
    assert_eq!(report().await.status, ReportStatus::Closed);
    assert_eq!(s.close_report(&given, &f.manager, at(NOW + 301)).await.unwrap(), Err(CloseRefusal::AlreadyClosed));
    assert_eq!(s.count_open_reports(&scope, ReportStatus::Received, Timestamp::MAX).await.unwrap().all, 0);
    let actions: Vec<String> = s.audit_log(f.org.id, None, 100).await.unwrap().into_iter().map(|a| a.action).collect();
    for expected in ["report.thanked", "review.created", "learning.published", "report.closed"] {
        assert!(actions.iter().any(|a| a == expected), "{expected} is audited");
    }
});

conformance!(an_action_is_done_only_after_its_effectiveness_check, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    let saved = submit(s, &f, f.staff.id, "named", &f.oak, "The hoist battery was flat at the start of the shift.", NOW).await;
    let report = s.report_by_reference(f.org.id, saved.reference.as_str()).await.unwrap().unwrap();
    let id = s
        .create_action(&NewActionRecord {
            organisation_id: f.org.id,
            service_id: f.oak.id,
            title: "Charge the hoist battery at every handover",
            owner_id: f.colleague.id,
            due_on: "2026-12-01".into(),
            report_ids: &[report.id],
            review_ids: &[],
            created_by: f.manager.id,
            at: at(NOW),
        })
        .await
        .unwrap();
    assert!(s.inbox(f.colleague.id, 10).await.unwrap().iter().any(|m| m.subject.contains("Charge the hoist battery")), "the owner is told");
    let action = s.action(f.org.id, id).await.unwrap().unwrap();
    assert_eq!(action.status, ActionStatus::Open);
    let check = EffectivenessCheck { result: CheckResult::Partly, evidence: "Charged on 9 of 12 shifts".into() };
    assert_eq!(s.record_action_check(&action, f.manager.id, &check, at(NOW)).await.unwrap(), Err(ActionRefusal::NotAwaitingCheck));
    assert_eq!(s.complete_action(&action, f.colleague.id, "2026-12-15", at(NOW + 10)).await.unwrap(), Ok(()));
    assert_eq!(s.complete_action(&action, f.colleague.id, "2026-12-15", at(NOW + 11)).await.unwrap(), Err(ActionRefusal::NotOpen));
    assert_eq!(s.record_action_check(&action, f.manager.id, &check, at(NOW + 20)).await.unwrap(), Ok(()));
    let done = s.action(f.org.id, id).await.unwrap().unwrap();
    assert_eq!((done.status, done.check_result, done.check_due_on.as_deref()), (ActionStatus::Done, Some(CheckResult::Partly), Some("2026-12-15")));
    assert_eq!(s.actions_owned_by(f.colleague.id, 10).await.unwrap().len(), 1);
    assert_eq!(s.actions_of_report(report.id).await.unwrap().len(), 1);
    assert_eq!(s.actions_in_scope(&QueueScope::Services(vec![f.maple.id]), 10).await.unwrap().len(), 0);
    assert!(s.action(learnloop_domain::ids::OrganisationId(f.org.id.get() + 1), id).await.unwrap().is_none(), "another organisation cannot read it");
});
