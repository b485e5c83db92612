use jiff::Timestamp;
use learnloop_domain::reports::month_bucket;
use learnloop_domain::restrictive_practice::{NewRestrictivePractice, RestraintType};

use learnloop_store::Store;
use learnloop_store::services::Service;
use learnloop_store::restrictive_practice::{NewRestrictivePracticeRecord, TimelineRefusal};
use learnloop_store::triage::QueueScope;

use crate::conformance;
use crate::support::{Fixture, NOW, at, fixture};

const BEHAVIOUR: &str = "K was running towards the road after the minibus trip was cancelled.";

fn entry(restraint_type: RestraintType, person: &str, started_at: i64) -> NewRestrictivePractice {
    NewRestrictivePractice {
        restraint_type,
        started_at: Timestamp::from_second(started_at).unwrap(),
        duration_minutes: 3,
        person_reference: person.into(),
        behaviour_before: BEHAVIOUR.into(),
        de_escalation: "Staff called his name and offered his headphones.".into(),
        less_restrictive_options: "Blocking the gate was tried; he climbed it.".into(),
        staff_involved: "Two support workers".into(),
        injury: true,
        injury_details: Some("Graze to the left knee; cleaned.".into()),
        best_interests_reference: Some("BI-2026-04".into()),
        debrief_with_person: None,
        debrief_with_staff: Some("Talked through at handover.".into()),
    }
}

async fn record(s: &Store, f: &Fixture, service: &Service, by: learnloop_domain::ids::PersonId, new: &NewRestrictivePractice, recorded_at: i64) -> i64 {
    let zone = jiff::tz::TimeZone::get("Europe/London").unwrap();
    s.record_restrictive_practice(&NewRestrictivePracticeRecord {
        organisation_id: f.org.id,
        service_id: service.id,
        recorded_by: by,
        recorded_at: at(recorded_at),
        started_month: month_bucket(new.started_at, &zone),
        entry: new,
    })
    .await
    .unwrap()
}

async fn childrens_home(s: &Store, f: &Fixture) -> Service {
    s.create_service(f.org.id, "willow-house", "Willow House", learnloop_domain::organisation::ServiceKind::ChildrensHome, None, at(NOW)).await.unwrap()
}

conformance!(an_entry_is_saved_whole_and_audited_without_its_narrative, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    let willow = childrens_home(s, &f).await;
    let new = entry(RestraintType::Physical, "K", NOW - 3600);
    let id = record(s, &f, &willow, f.manager.id, &new, NOW).await;

    let saved = s.restrictive_practice(f.org.id, id).await.unwrap().unwrap();
    assert_eq!((saved.service_id, saved.service_name.as_str(), saved.service_kind.as_str()), (willow.id, "Willow House", "childrens_home"));
    assert_eq!((saved.recorded_by, saved.recorded_by_name.as_str(), saved.recorded_at), (f.manager.id, "Person manager@t.test", NOW));
    assert_eq!((saved.restraint_type, saved.started_at, saved.duration_minutes), (RestraintType::Physical, NOW - 3600, 3));
    assert_eq!(saved.started_month, 202611);
    assert_eq!(saved.person_reference, "K");
    assert_eq!(saved.behaviour_before, BEHAVIOUR);
    assert_eq!(saved.less_restrictive_options, new.less_restrictive_options);
    assert_eq!(saved.staff_involved, new.staff_involved);
    assert!(saved.injury);
    assert_eq!(saved.injury_details, new.injury_details);
    assert_eq!(saved.best_interests_reference.as_deref(), Some("BI-2026-04"));
    assert_eq!((saved.debrief_with_person, saved.debrief_with_staff), (None, new.debrief_with_staff.clone()));
    assert_eq!((saved.reviewed_at, saved.child_spoken_to_at), (None, None));

    let other_org = s.create_organisation("elsewhere", "Elsewhere Care", "Europe/London", at(NOW)).await.unwrap();
    assert_eq!(s.restrictive_practice(other_org.id, id).await.unwrap(), None, "another organisation's id finds nothing");

    let audit = s.audit_log(f.org.id, None, 1000).await.unwrap();
    let recorded = audit.iter().find(|a| a.action == "restrictive_practice.recorded").expect("an audit entry");
    assert_eq!((recorded.actor_id, recorded.subject.as_str()), (Some(f.manager.id.get()), format!("restrictive practice {id}").as_str()));
    for text in [BEHAVIOUR, "headphones", "gate", "knee", "BI-2026", "\"K\"", "handover"] {
        assert!(!recorded.detail.contains(text), "the audit entry holds {text}: {}", recorded.detail);
    }
});

conformance!(lists_are_newest_first_within_their_scope, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    let oak_old = record(s, &f, &f.oak, f.staff.id, &entry(RestraintType::Physical, "A", NOW - 5 * 86_400), NOW - 5 * 86_400).await;
    let oak_new = record(s, &f, &f.oak, f.staff.id, &entry(RestraintType::Chemical, "B", NOW - 86_400), NOW).await;
    let colleagues = record(s, &f, &f.oak, f.colleague.id, &entry(RestraintType::Mechanical, "A", NOW - 2 * 86_400), NOW).await;
    let maple = record(s, &f, &f.maple, f.other_manager.id, &entry(RestraintType::Environmental, "M", NOW - 3 * 86_400), NOW).await;

    let ids = |entries: Vec<learnloop_store::restrictive_practice::RestrictivePracticeRecord>| entries.into_iter().map(|e| e.id).collect::<Vec<_>>();
    assert_eq!(ids(s.restrictive_practices_recorded_by(f.staff.id, 10).await.unwrap()), [oak_new, oak_old]);
    assert_eq!(ids(s.restrictive_practices_recorded_by(f.colleague.id, 10).await.unwrap()), [colleagues]);
    assert_eq!(ids(s.restrictive_practices_in_scope(&QueueScope::Services(vec![f.oak.id]), 10).await.unwrap()), [oak_new, colleagues, oak_old]);
    assert_eq!(ids(s.restrictive_practices_in_scope(&QueueScope::Services(vec![f.maple.id, f.oak.id]), 3).await.unwrap()), [oak_new, colleagues, maple]);
    assert_eq!(ids(s.restrictive_practices_in_scope(&QueueScope::Organisation(f.org.id), 10).await.unwrap()), [oak_new, colleagues, maple, oak_old]);
    assert_eq!(ids(s.restrictive_practices_in_scope(&QueueScope::Services(vec![]), 10).await.unwrap()), Vec::<i64>::new());
});

conformance!(the_review_and_the_child_spoken_to_are_recorded_once, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    let willow = childrens_home(s, &f).await;
    let id = record(s, &f, &willow, f.staff.id, &entry(RestraintType::Physical, "K", NOW - 86_400), NOW - 80_000).await;
    let saved = s.restrictive_practice(f.org.id, id).await.unwrap().unwrap();

    assert_eq!(s.record_restrictive_practice_review(&saved, f.manager.id, "Hold was proportionate; update K's plan.", at(NOW)).await.unwrap(), Ok(()));
    assert_eq!(s.record_restrictive_practice_review(&saved, f.manager.id, "Again", at(NOW + 5)).await.unwrap(), Err(TimelineRefusal::AlreadyRecorded));
    assert_eq!(s.record_child_spoken_to(&saved, f.staff.id, "K said he wants to be told first.", at(NOW + 60)).await.unwrap(), Ok(()));
    assert_eq!(s.record_child_spoken_to(&saved, f.staff.id, "Again", at(NOW + 70)).await.unwrap(), Err(TimelineRefusal::AlreadyRecorded));

    let done = s.restrictive_practice(f.org.id, id).await.unwrap().unwrap();
    assert_eq!((done.reviewed_at, done.reviewed_by_name.as_deref(), done.review_notes.as_deref()), (Some(NOW), Some("Person manager@t.test"), Some("Hold was proportionate; update K's plan.")));
    assert_eq!(
        (done.child_spoken_to_at, done.child_spoken_to_by_name.as_deref(), done.child_spoken_to_notes.as_deref()),
        (Some(NOW + 60), Some("Person staff@t.test"), Some("K said he wants to be told first."))
    );
    let audit = s.audit_log(f.org.id, None, 1000).await.unwrap();
    let actions: Vec<&str> = audit.iter().filter(|a| a.action.starts_with("restrictive_practice.")).map(|a| a.action.as_str()).collect();
    assert_eq!(actions, ["restrictive_practice.child_spoken_to", "restrictive_practice.reviewed", "restrictive_practice.recorded"]);
    assert!(audit.iter().all(|a| !a.detail.contains("told first") && !a.detail.contains("proportionate")));
});

conformance!(monthly_counts_per_service_and_per_person_by_type, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    // NOW is 2026-11-18; 40 days earlier is October, 60 days earlier September.
    let (nov, oct, sep) = (NOW - 86_400, NOW - 40 * 86_400, NOW - 60 * 86_400);
    for (service, person, kind, at) in [
        (&f.oak, "A", RestraintType::Physical, nov),
        (&f.oak, "A", RestraintType::Physical, nov - 3600),
        (&f.oak, "A", RestraintType::Chemical, nov),
        (&f.oak, "B", RestraintType::Physical, oct),
        (&f.oak, "A", RestraintType::Physical, sep),
        (&f.maple, "A", RestraintType::Environmental, nov),
    ] {
        record(s, &f, service, f.staff.id, &entry(kind, person, at), at).await;
    }

    let counts = s.restrictive_practice_counts(&QueueScope::Organisation(f.org.id), 202610, 202611).await.unwrap();
    let per_service: Vec<(&str, i64, &str, i64)> = counts.per_service.iter().map(|c| (c.service_name.as_str(), c.month, c.restraint_type.as_str(), c.count)).collect();
    assert_eq!(
        per_service,
        [("Maple Court", 202611, "environmental", 1), ("Oak House", 202610, "physical", 1), ("Oak House", 202611, "chemical", 1), ("Oak House", 202611, "physical", 2)]
    );
    let per_person: Vec<(&str, &str, i64, &str, i64)> =
        counts.per_person.iter().map(|c| (c.service_name.as_str(), c.person_reference.as_str(), c.month, c.restraint_type.as_str(), c.count)).collect();
    assert_eq!(
        per_person,
        [
            ("Maple Court", "A", 202611, "environmental", 1),
            ("Oak House", "A", 202611, "chemical", 1),
            ("Oak House", "A", 202611, "physical", 2),
            ("Oak House", "B", 202610, "physical", 1),
        ],
        "person A of Maple Court is not person A of Oak House"
    );

    let oak_only = s.restrictive_practice_counts(&QueueScope::Services(vec![f.oak.id]), 202609, 202611).await.unwrap();
    assert!(oak_only.per_service.iter().all(|c| c.service_id == f.oak.id));
    assert_eq!(oak_only.per_service.iter().map(|c| c.count).sum::<i64>(), 5);
    assert_eq!(oak_only.per_person.iter().map(|c| c.count).sum::<i64>(), 5);
    let empty = s.restrictive_practice_counts(&QueueScope::Organisation(f.org.id), 202501, 202506).await.unwrap();
    assert!(empty.per_service.is_empty() && empty.per_person.is_empty());
    // The dashboard's monthly totals agree with the counts by type.
    let mut totals = s.restrictive_practice_month_totals(&QueueScope::Organisation(f.org.id), 202610, 202611).await.unwrap();
    totals.sort();
    assert_eq!(totals, [(202610, 1), (202611, 4)]);
    let oak_totals: i64 = s.restrictive_practice_month_totals(&QueueScope::Services(vec![f.oak.id]), 202609, 202611).await.unwrap().iter().map(|(_, n)| n).sum();
    assert_eq!(oak_totals, 5);
});
