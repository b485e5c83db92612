//! Safeguarding escalation, regulator notifications and candour: opened with
//! the report in one transaction, completed with who and when.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use learnloop_domain::obligations::{CandourInput, NotificationSent, SafeguardingChecklistInput};
use learnloop_domain::reports::{NewReport, ReportInput};
use learnloop_domain::statutory::{NotificationReason, Regulator};
use learnloop_domain::submission::safeguarding_notice;
use learnloop_store::notifications::NotificationRefusal;
use learnloop_store::services::Service;
use learnloop_store::reports::{ReportRecord, ReportSubmission};
use learnloop_store::triage::QueueScope;

use crate::conformance;
use crate::support::{Fixture, NOW, at, fixture};

fn report(identity: &str, service: &str, category: &str, harm: &str) -> NewReport {
    ReportInput {
        kind: "incident".into(),
        service: service.into(),
        occurred_at: "2026-11-17T09:15:00Z".into(),
        what_happened: "A resident told night staff that a visitor had pushed them in the corridor.".into(),
        identity: identity.into(),
        category: Some(category.into()),
        harm: Some(harm.into()),
        people_affected: vec!["Resident A".into()],
        ..ReportInput::default()
    }
    .validate(Timestamp::from_second(NOW).unwrap(), &TimeZone::get("Europe/London").unwrap())
    .unwrap()
}

async fn submit(store: &learnloop_store::Store, f: &Fixture, service: &Service, new: &NewReport, at: i64) -> ReportRecord {
    let saved = store
        .create_report(&ReportSubmission { replay: None,
            team_id: None,
            organisation_id: f.org.id,
            service_id: service.id,
            report: new,
            submitted_by: Some(f.staff.id),
            plan: &learnloop_store::testing::plan(new, &service.name, service.kind, true, Timestamp::from_second(at).unwrap()),
        })
        .await
        .unwrap();
    store.report_by_reference(f.org.id, saved.reference.as_str()).await.unwrap().unwrap()
}

const AFTERNOON: i64 = NOW - (NOW % 86_400) + 15 * 3600 + 47 * 60 + 12;

conformance!(a_safeguarding_concern_goes_at_once_to_the_lead_or_the_managers, |db| {
    let s = &db.store;
    let f = fixture(s).await;

    // No lead set: Oak House's manager is told. The report is anonymous, so
    // everything it opened keeps only the day.
    let anonymous = submit(s, &f, &f.oak, &report("anonymous", "oak-house", "safeguarding", "low"), AFTERNOON).await;
    let obligations = s.report_obligations(anonymous.id).await.unwrap();
    let escalation = obligations.safeguarding.expect("escalated with the report");
    assert_eq!((escalation.lead_name.as_deref(), escalation.escalated_at % 86_400), (None, 0));
    assert!(obligations.notifications[0].reasons.contains(&NotificationReason::AbuseOrAllegation));
    let inbox = s.inbox(f.manager.id, 10).await.unwrap();
    let told = inbox.iter().find(|m| m.subject.starts_with("Safeguarding concern in Oak House")).expect("the manager was told");
    assert_eq!(told.created_at % 86_400, 0, "the message keeps only the report's day");
    assert_eq!(told.link.as_deref(), Some(format!("/reports/{}", anonymous.reference).as_str()));
    assert!(s.inbox(f.other_manager.id, 10).await.unwrap().iter().all(|m| !m.subject.contains("Safeguarding")));
    let outbox = s.outbox(f.org.id, 10).await.unwrap();
    let mail = outbox.iter().find(|m| m.subject.starts_with("Safeguarding concern")).unwrap();
    assert!(mail.about_report && !mail.subject.contains(&anonymous.reference));
    assert_eq!(mail.created_at % 86_400, 0);
    // Sent later the same day: the row still holds only the day.
    s.mark_email_sent(mail.id, at(AFTERNOON + 120)).await.unwrap();
    let sent = s.outbox(f.org.id, 10).await.unwrap().into_iter().find(|m| m.id == mail.id).unwrap();
    assert_eq!(sent.sent_at, Some(mail.created_at));

    // With a lead set, only the lead hears of the next one.
    s.set_safeguarding_lead(f.org.id, f.oak.id, Some(f.quality.id), Some(f.admin.id), at(NOW)).await.unwrap();
    assert_eq!(s.safeguarding_leads(f.org.id).await.unwrap(), [(f.oak.id, f.quality.id)]);
    let manager_messages = s.inbox(f.manager.id, 50).await.unwrap().len();
    let named = submit(s, &f, &f.oak, &report("named", "oak-house", "safeguarding", "none"), AFTERNOON + 60).await;
    let escalation = s.report_obligations(named.id).await.unwrap().safeguarding.unwrap();
    assert_eq!((escalation.lead_name.as_deref(), escalation.escalated_at), (Some(f.quality.name.as_str()), AFTERNOON + 60));
    assert!(s.inbox(f.quality.id, 10).await.unwrap().iter().any(|m| m.subject.starts_with("Safeguarding concern")));
    let manager_after = s.inbox(f.manager.id, 50).await.unwrap();
    assert_eq!(manager_after.iter().filter(|m| m.subject.starts_with("Safeguarding")).count(), 1, "still only the first");
    assert!(manager_after.len() >= manager_messages);

    // Nothing is opened for an ordinary report.
    let ordinary = submit(s, &f, &f.oak, &report("named", "oak-house", "falls", "low"), AFTERNOON + 90).await;
    assert_eq!(s.report_obligations(ordinary.id).await.unwrap(), Default::default());
});

conformance!(the_checklist_completes_with_safety_and_a_referral_decision, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    let zone = TimeZone::get("Europe/London").unwrap();
    let now = Timestamp::from_second(NOW).unwrap();
    let concern = submit(s, &f, &f.oak, &report("confidential", "oak-house", "safeguarding", "none"), NOW - 3600).await;
    let scope = QueueScope::Services(vec![f.oak.id]);
    assert_eq!(s.open_obligations(&scope, 10).await.unwrap().safeguarding.len(), 1);

    let safe = SafeguardingChecklistInput { person_safe: Some(true), ..Default::default() }.validate(now, &zone).unwrap();
    assert!(!s.record_safeguarding_checklist(&concern, &safe, f.manager.id, at(NOW), &safeguarding_notice(&concern.service_name, &concern.reference)).await.unwrap(), "already escalated");
    let partly = s.report_obligations(concern.id).await.unwrap().safeguarding.unwrap();
    assert_eq!((partly.person_safe, partly.completed_at), (Some(true), None));

    let referred = SafeguardingChecklistInput {
        referral_made: Some(true),
        referral_by: "Jo Bloggs, deputy manager".into(),
        referral_at: "2026-11-18T10:30".into(),
        ..Default::default()
    }
    .validate(now, &zone)
    .unwrap();
    s.record_safeguarding_checklist(&concern, &referred, f.manager.id, at(NOW + 10), &safeguarding_notice(&concern.service_name, &concern.reference)).await.unwrap();
    let done = s.report_obligations(concern.id).await.unwrap().safeguarding.unwrap();
    assert_eq!(done.person_safe, Some(true), "an earlier answer is kept");
    assert_eq!(done.referral_by.as_deref(), Some("Jo Bloggs, deputy manager"));
    assert_eq!((done.completed_at, done.updated_by_name.as_deref()), (Some(NOW + 10), Some(f.manager.name.as_str())));
    assert!(s.open_obligations(&scope, 10).await.unwrap().safeguarding.is_empty());

    // A concern the reporter did not call safeguarding can be escalated by hand.
    let fall = submit(s, &f, &f.oak, &report("named", "oak-house", "falls", "low"), NOW - 60).await;
    assert!(s.record_safeguarding_checklist(&fall, &safe, f.manager.id, at(NOW), &safeguarding_notice(&fall.service_name, &fall.reference)).await.unwrap());
    let escalated = s.report_obligations(fall.id).await.unwrap().safeguarding.unwrap();
    assert_eq!(escalated.escalated_at, NOW, "escalated when the manager did it");
    let audit = s.audit_log(f.org.id, None, 100).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "safeguarding.checklist" && e.subject == format!("report {}", fall.reference)));
});

conformance!(notifications_are_due_in_the_organisations_hours_and_record_who_sent_them, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    let severe = submit(s, &f, &f.maple, &report("named", "maple-court", "falls", "severe"), NOW).await;
    let notifications = s.report_obligations(severe.id).await.unwrap().notifications;
    assert_eq!(notifications.len(), 1);
    let first = &notifications[0];
    assert_eq!((first.regulator, first.reasons.as_slice()), (Regulator::Cqc, &[NotificationReason::SeriousInjury][..]));
    assert_eq!(first.due_at, NOW + 24 * 3600);
    let told = s.inbox(f.other_manager.id, 10).await.unwrap();
    assert!(told.iter().any(|m| m.subject == "CQC notification needed for a report in Maple Court"), "Maple Court's manager is told");
    assert!(s.inbox(f.manager.id, 10).await.unwrap().iter().all(|m| !m.subject.starts_with("CQC")), "not Oak House's");

    // Overdue once the deadline passes, counted in the service and the organisation.
    let late = NOW + 25 * 3600;
    assert_eq!(s.count_overdue_notifications(&QueueScope::Services(vec![f.maple.id]), at(late)).await.unwrap(), 1);
    assert_eq!(s.count_overdue_notifications(&QueueScope::Services(vec![f.oak.id]), at(late)).await.unwrap(), 0);
    assert_eq!(s.count_overdue_notifications(&QueueScope::Organisation(f.org.id), at(NOW)).await.unwrap(), 0);

    // A reason found later joins the unsent task.
    let id = s.add_notification_reasons(&severe, Regulator::Cqc, &[NotificationReason::PoliceInvolvement, NotificationReason::SeriousInjury], f.manager.id, at(NOW + 60)).await.unwrap();
    assert_eq!(id, Some(first.id));
    let again = s.add_notification_reasons(&severe, Regulator::Cqc, &[NotificationReason::PoliceInvolvement], f.manager.id, at(NOW + 61)).await.unwrap();
    assert_eq!(again, None, "nothing new");

    let sent = NotificationSent { sent_at: Timestamp::from_second(NOW + 3600).unwrap(), regulator_reference: Some("CQC-0042".into()) };
    let task = s.notification(f.org.id, first.id).await.unwrap().unwrap();
    assert_eq!(task.reasons, [NotificationReason::SeriousInjury, NotificationReason::PoliceInvolvement]);
    assert_eq!(s.mark_notification_sent(&task, f.org.id, &sent, f.manager.id, at(NOW + 3700)).await.unwrap(), Ok(()));
    assert_eq!(s.mark_notification_sent(&task, f.org.id, &sent, f.manager.id, at(NOW + 3800)).await.unwrap(), Err(NotificationRefusal::AlreadySent));
    let recorded = s.notification(f.org.id, first.id).await.unwrap().unwrap();
    assert_eq!((recorded.sent_at, recorded.sent_by_name.as_deref(), recorded.regulator_reference.as_deref()), (Some(NOW + 3600), Some(f.manager.name.as_str()), Some("CQC-0042")));
    assert!(!recorded.is_overdue(at(late)));
    assert!(s.notification(learnloop_domain::ids::OrganisationId(f.org.id.get() + 1), first.id).await.unwrap().is_none(), "another organisation cannot reach it");

    // After sending, a new reason starts a new task, due in the organisation's own hours.
    s.set_notification_hours(f.org.id, 4, Some(f.admin.id), at(NOW)).await.unwrap();
    assert_eq!(s.organisation(f.org.id).await.unwrap().notify_regulator_within_hours, 4);
    let second = s.add_notification_reasons(&severe, Regulator::Cqc, &[NotificationReason::Death], f.manager.id, at(NOW + 7200)).await.unwrap().unwrap();
    assert_ne!(second, first.id);
    assert_eq!(s.notification(f.org.id, second).await.unwrap().unwrap().due_at, NOW + 7200 + 4 * 3600);
    let open = s.open_obligations(&QueueScope::Organisation(f.org.id), 10).await.unwrap();
    assert_eq!(open.notifications.iter().map(|n| n.id).collect::<Vec<_>>(), [second]);
});

conformance!(a_childrens_home_notifies_ofsted, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    let home = s.create_service(f.org.id, "birch-lodge", "Birch Lodge", learnloop_domain::organisation::ServiceKind::ChildrensHome, None, at(NOW)).await.unwrap();
    let missing = submit(s, &f, &home, &report("named", "birch-lodge", "missing_person", "moderate"), NOW).await;
    let obligations = s.report_obligations(missing.id).await.unwrap();
    assert_eq!(obligations.notifications.len(), 1);
    assert_eq!(obligations.notifications[0].regulator, Regulator::Ofsted);
    assert_eq!(obligations.notifications[0].reasons, [NotificationReason::SeriousEventChildrensHome]);
    assert!(obligations.candour.is_some(), "moderate harm calls for candour");
});

conformance!(candour_steps_are_dated_and_complete_together, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    let today = "2026-11-18".parse().unwrap();
    let event_day = "2026-11-17".parse().unwrap();
    let moderate = submit(s, &f, &f.oak, &report("named", "oak-house", "medication", "moderate"), NOW).await;
    let opened = s.report_obligations(moderate.id).await.unwrap().candour.expect("opened with the report");
    assert_eq!((opened.created_at, opened.completed_at), (NOW, None));

    let told = CandourInput { told_in_person_on: "2026-11-17".into(), apology_on: "2026-11-17".into(), ..Default::default() }.validate(event_day, today).unwrap();
    s.record_candour(&moderate, &told, f.manager.id, at(NOW + 10)).await.unwrap();
    let written = CandourInput { written_follow_up_on: "2026-11-18".into(), told_in_person_on: "2026-11-17".into(), ..Default::default() }.validate(event_day, today).unwrap();
    s.record_candour(&moderate, &written, f.manager.id, at(NOW + 20)).await.unwrap();
    let done = s.report_obligations(moderate.id).await.unwrap().candour.unwrap();
    assert_eq!(
        (done.told_in_person_on.as_deref(), done.apology_on.as_deref(), done.written_follow_up_on.as_deref(), done.completed_at),
        (Some("2026-11-17"), Some("2026-11-17"), Some("2026-11-18"), Some(NOW + 20))
    );
    assert!(s.open_obligations(&QueueScope::Organisation(f.org.id), 10).await.unwrap().candour.is_empty());

    // A manager may apply candour where the rules did not.
    let low = submit(s, &f, &f.oak, &report("named", "oak-house", "medication", "low"), NOW).await;
    assert!(s.report_obligations(low.id).await.unwrap().candour.is_none());
    s.record_candour(&low, &told, f.manager.id, at(NOW + 30)).await.unwrap();
    let opened = s.report_obligations(low.id).await.unwrap().candour.unwrap();
    assert_eq!((opened.created_at, opened.completed_at), (NOW + 30, None));
    assert_eq!(s.open_obligations(&QueueScope::Services(vec![f.oak.id]), 10).await.unwrap().candour.len(), 1);
});

conformance!(rows_written_with_an_anonymous_report_are_not_numbered_in_order, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    // A named, an anonymous and a named report, one after the other, each a
    // safeguarding concern with severe harm: an escalation (inbox and mail to
    // the manager) and a regulator notification each.
    let mut ids_by_report = Vec::new();
    for (i, identity) in ["named", "anonymous", "named"].into_iter().enumerate() {
        let inbox_before: Vec<String> = db.raw_rows("SELECT id FROM inbox_messages").await.into_iter().map(|r| r[0].clone()).collect();
        let outbox_before: Vec<String> = db.raw_rows("SELECT id FROM outbox_emails").await.into_iter().map(|r| r[0].clone()).collect();
        let record = submit(s, &f, &f.oak, &report(identity, "oak-house", "safeguarding", "severe"), AFTERNOON + i as i64 * 60).await;
        let mut ids: Vec<i64> = s.report_obligations(record.id).await.unwrap().notifications.iter().map(|n| n.id).collect();
        for (table, before) in [("inbox_messages", &inbox_before), ("outbox_emails", &outbox_before)] {
            let new: Vec<i64> = db
                .raw_rows(&format!("SELECT id FROM {table}"))
                .await
                .into_iter()
                .filter(|r| !before.contains(&r[0]))
                .map(|r| r[0].parse().unwrap())
                .collect();
            assert!(!new.is_empty(), "{identity} report wrote to {table}");
            ids.extend(new);
        }
        // A notification, the manager's two inbox messages and two emails
        // (escalation, notification); a named reporter's acknowledgement too.
        assert_eq!(ids.len(), if identity == "named" { 6 } else { 5 });
        ids_by_report.push(ids);
    }
    // A sequence would number the anonymous report's rows between the two
    // named reports' rows; random ids below 2^53 land far from each other.
    let anonymous = &ids_by_report[1];
    for named in [&ids_by_report[0], &ids_by_report[2]] {
        for a in anonymous {
            for n in named {
                assert!((a - n).abs() > 1_000_000, "ids {a} and {n} are neighbours: rows are numbered in order");
            }
        }
    }
    assert!(anonymous.iter().all(|id| *id > 0 && *id < (1 << 53)), "JavaScript reads them exactly");
});
