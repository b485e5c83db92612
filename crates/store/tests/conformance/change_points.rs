//! Recorded change points: saved whole with their audit entry, listed per
//! organisation oldest first, removed with an audit entry; and the start
//! times of restrictions for the rare-event chart.

use learnloop_store::change_points::NewChangePoint;
use learnloop_store::triage::QueueScope;

use crate::conformance;
use crate::support::{NOW, at, fixture};

conformance!(
    change_points_are_saved_listed_oldest_first_and_removed_with_audit,
    |db| {
        let s = &db.store;
        let f = fixture(s).await;
        let push = NewChangePoint {
            organisation_id: f.org.id,
            service_id: None,
            changed_on: "2025-12-01",
            month: 202512,
            description: "Learning-culture push",
        };
        let trays = NewChangePoint {
            organisation_id: f.org.id,
            service_id: Some(f.oak.id),
            changed_on: "2025-04-14",
            month: 202504,
            description: "One medicines tray per resident",
        };
        let first = s
            .record_change_point(&push, f.quality.id, at(NOW))
            .await
            .unwrap();
        let second = s
            .record_change_point(&trays, f.quality.id, at(NOW + 1))
            .await
            .unwrap();
        let listed = s.change_points(f.org.id).await.unwrap();
        assert_eq!(
            listed,
            vec![second.clone(), first.clone()],
            "oldest change first"
        );
        assert_eq!(
            (
                listed[0].service_id,
                listed[0].month,
                listed[0].description.as_str()
            ),
            (Some(f.oak.id), 202504, "One medicines tray per resident")
        );
        assert_eq!(
            (
                listed[1].service_id,
                listed[1].recorded_by,
                listed[1].recorded_at
            ),
            (None, f.quality.id, NOW)
        );

        let other = s
            .create_organisation("elsewhere", "Elsewhere Care", "Europe/London", at(NOW))
            .await
            .unwrap();
        assert!(
            s.change_points(other.id).await.unwrap().is_empty(),
            "another organisation sees none"
        );
        assert!(
            !s.remove_change_point(other.id, first.id, f.quality.id, at(NOW))
                .await
                .unwrap(),
            "nor removes one"
        );

        assert!(
            s.remove_change_point(f.org.id, first.id, f.quality.id, at(NOW + 2))
                .await
                .unwrap()
        );
        assert!(
            !s.remove_change_point(f.org.id, first.id, f.quality.id, at(NOW + 3))
                .await
                .unwrap(),
            "already gone"
        );
        assert_eq!(s.change_points(f.org.id).await.unwrap(), vec![second]);
        let audit = s.audit_log(f.org.id, None, 20).await.unwrap();
        let actions: Vec<&str> = audit
            .iter()
            .map(|a| a.action.as_str())
            .filter(|a| a.starts_with("change_point."))
            .collect();
        assert_eq!(
            actions,
            [
                "change_point.removed",
                "change_point.recorded",
                "change_point.recorded"
            ]
        );
    }
);

conformance!(
    restriction_start_times_are_read_oldest_first_within_the_scope_and_times,
    |db| {
        use learnloop_domain::restrictive_practice::{NewRestrictivePractice, RestraintType};
        use learnloop_store::restrictive_practice::NewRestrictivePracticeRecord;
        let s = &db.store;
        let f = fixture(s).await;
        let zone = jiff::tz::TimeZone::get("Europe/London").unwrap();
        for (service, started) in [
            (&f.oak, NOW - 3 * 86_400),
            (&f.maple, NOW - 2 * 86_400),
            (&f.oak, NOW - 10 * 86_400),
            (&f.oak, NOW - 40 * 86_400),
        ] {
            let entry = NewRestrictivePractice {
                restraint_type: RestraintType::Physical,
                started_at: at(started),
                duration_minutes: 2,
                person_reference: "K".into(),
                behaviour_before: "Distressed after a phone call.".into(),
                de_escalation: "Offered a walk.".into(),
                less_restrictive_options: "Space was given first.".into(),
                staff_involved: "Two support workers".into(),
                injury: false,
                injury_details: None,
                best_interests_reference: None,
                debrief_with_person: None,
                debrief_with_staff: None,
            };
            s.record_restrictive_practice(&NewRestrictivePracticeRecord {
                organisation_id: f.org.id,
                service_id: service.id,
                recorded_by: f.manager.id,
                recorded_at: at(NOW),
                started_month: learnloop_domain::reports::month_bucket(entry.started_at, &zone),
                entry: &entry,
            })
            .await
            .unwrap();
        }
        let since = at(NOW - 30 * 86_400);
        let oak = s
            .restrictive_practice_start_times(&QueueScope::Services(vec![f.oak.id]), since, at(NOW))
            .await
            .unwrap();
        assert_eq!(
            oak,
            vec![NOW - 10 * 86_400, NOW - 3 * 86_400],
            "the one before `from` is left out"
        );
        let all = s
            .restrictive_practice_start_times(&QueueScope::Organisation(f.org.id), since, at(NOW))
            .await
            .unwrap();
        assert_eq!(
            all,
            vec![NOW - 10 * 86_400, NOW - 3 * 86_400, NOW - 2 * 86_400]
        );
        let both = s
            .restrictive_practice_start_times(
                &QueueScope::Services(vec![f.maple.id, f.oak.id]),
                since,
                at(NOW - 3 * 86_400),
            )
            .await
            .unwrap();
        assert_eq!(
            both,
            vec![NOW - 10 * 86_400, NOW - 3 * 86_400],
            "sorted across services, `to` inclusive"
        );
    }
);
