//! The dashboard's monthly counts: kept by triggers as reports are written,
//! thanked and answered, and equal to counting the reports themselves.

use jiff::Timestamp;
use learnloop_store::triage::QueueScope;

use crate::conformance;
use crate::reports::submit;
use crate::support::{NOW, at, fixture};

const NOVEMBER_2026: i64 = 202611;

conformance!(monthly_counts_follow_every_write_and_match_the_reports, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    // Three medication near-misses in Oak House, occurring on the same day:
    // the second and third are repeats of the first. One in Maple.
    let first = submit(s, &f, f.staff.id, "named", &f.oak, "Two residents' pots were side by side on the trolley.", NOW - 3600).await;
    let second = submit(s, &f, f.staff.id, "anonymous", &f.oak, "The pots were side by side again this morning.", NOW - 1800).await;
    submit(s, &f, f.staff.id, "confidential", &f.oak, "A third time the pots were mixed on the trolley.", NOW - 900).await;
    submit(s, &f, f.staff.id, "named", &f.maple, "Medicines trolley left unlocked in the lounge.", NOW - 600).await;

    let report = |reference: String| async move { s.report_by_reference(f.org.id, &reference).await.unwrap().unwrap() };
    let first = report(first.reference.as_str().to_string()).await;
    s.thank_reporter(&first, &f.manager, "Thank you.", Timestamp::from_second(NOW).unwrap()).await.unwrap();
    let second = report(second.reference.as_str().to_string()).await;
    s.thank_reporter(&second, &f.manager, "Thank you.", Timestamp::from_second(NOW + 60).unwrap()).await.unwrap();
    let first = report(first.reference.as_str().to_string()).await;
    s.give_feedback(&first, &f.manager, "We now use separate trays.", at(NOW + 7200)).await.unwrap();

    let organisation = s.report_months(&QueueScope::Organisation(f.org.id), "", NOVEMBER_2026, NOVEMBER_2026).await.unwrap();
    assert_eq!(organisation.len(), 2, "one row per service: {organisation:?}");
    let oak = organisation.iter().find(|row| row.service_id == f.oak.id).unwrap();
    assert_eq!((oak.month, oak.reports, oak.near_misses, oak.incidents, oak.anonymous, oak.harm_none), (NOVEMBER_2026, 3, 3, 0, 1, 3));
    assert_eq!((oak.thanked, oak.feedback, oak.repeats), (2, 1, 2));
    // Seconds to thanks, as stored on the reports (an anonymous report keeps only its day).
    let rows = db.raw_rows(&format!("SELECT thanked_at - submitted_at FROM reports WHERE service_id = {} AND thanked_at IS NOT NULL", f.oak.id)).await;
    let expected: i64 = rows.iter().map(|row| row[0].parse::<i64>().unwrap()).sum();
    assert_eq!(oak.thank_seconds, expected);
    let maple = organisation.iter().find(|row| row.service_id == f.maple.id).unwrap();
    assert_eq!((maple.reports, maple.repeats, maple.thanked), (1, 0, 0));

    // A service's own scope and a category filter read the same rows.
    let oak_only = s.report_months(&QueueScope::Services(vec![f.oak.id]), "medication", NOVEMBER_2026, NOVEMBER_2026).await.unwrap();
    assert_eq!(oak_only, vec![oak.clone()]);
    assert!(s.report_months(&QueueScope::Services(vec![f.oak.id]), "falls", NOVEMBER_2026, NOVEMBER_2026).await.unwrap().is_empty());
    assert!(s.report_months(&QueueScope::Organisation(f.org.id), "", 202612, 202612).await.unwrap().is_empty());

    // The counts equal a count of the reports themselves.
    let counted = db.raw_rows("SELECT service_id, COUNT(*) FROM reports GROUP BY service_id ORDER BY service_id").await;
    let summed = db.raw_rows("SELECT service_id, CAST(SUM(reports) AS BIGINT) FROM report_month_stats GROUP BY service_id ORDER BY service_id").await;
    assert_eq!(counted, summed);
    // The totals over categories (migration 0010) equal the per-category rows summed.
    let columns = "CAST(SUM(reports) AS BIGINT), CAST(SUM(near_misses) AS BIGINT), CAST(SUM(anonymous) AS BIGINT), CAST(SUM(harm_none) AS BIGINT), \
                   CAST(SUM(thanked) AS BIGINT), CAST(SUM(thank_seconds) AS BIGINT), CAST(SUM(feedback) AS BIGINT), CAST(SUM(feedback_seconds) AS BIGINT), CAST(SUM(repeats) AS BIGINT)";
    let by_category = db.raw_rows(&format!("SELECT service_id, month, {columns} FROM report_month_stats GROUP BY service_id, month ORDER BY service_id, month")).await;
    let totals = db.raw_rows(&format!("SELECT service_id, month, {columns} FROM report_month_totals GROUP BY service_id, month ORDER BY service_id, month")).await;
    assert_eq!(by_category, totals);
});

conformance!(denominators_are_saved_per_service_and_month_and_replaced, |db| {
    let s = &db.store;
    let f = fixture(s).await;
    s.set_denominator(f.oak.id, NOVEMBER_2026, Some(900.0), Some(24.0), f.quality.id, at(NOW)).await.unwrap();
    s.set_denominator(f.oak.id, NOVEMBER_2026, Some(930.0), None, f.quality.id, at(NOW)).await.unwrap();
    s.set_denominator(f.maple.id, 202610, None, Some(12.0), f.quality.id, at(NOW)).await.unwrap();
    let all = s.denominators(&QueueScope::Organisation(f.org.id), 202610, NOVEMBER_2026).await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!((all[0].service_id, all[0].staff, all[0].occupied_bed_days), (f.maple.id, Some(12.0), None));
    assert_eq!((all[1].service_id, all[1].occupied_bed_days, all[1].staff), (f.oak.id, Some(930.0), None));
    assert_eq!(s.denominators(&QueueScope::Services(vec![f.oak.id]), 202610, NOVEMBER_2026).await.unwrap().len(), 1);
});

conformance!(actions_are_counted_by_the_month_they_fall_due, |db| {
    use learnloop_domain::actions::{CheckResult, EffectivenessCheck};
    use learnloop_store::actions::NewActionRecord;
    let s = &db.store;
    let f = fixture(s).await;
    let new_action = |title: &'static str, due_on: &str| NewActionRecord {
        organisation_id: f.org.id,
        service_id: f.oak.id,
        title,
        owner_id: f.manager.id,
        due_on: due_on.to_string(),
        report_ids: &[],
        review_ids: &[],
        created_by: f.manager.id,
        at: at(NOW),
    };
    // October: one still open past its date, one done and found effective. November: one open, not yet due.
    let late = s.create_action(&new_action("Separate trays for each resident", "2026-10-10")).await.unwrap();
    let done = s.create_action(&new_action("Label the trolley drawers", "2026-10-20")).await.unwrap();
    s.create_action(&new_action("Second check at handover", "2026-11-28")).await.unwrap();
    let _ = late;
    let done = s.action(f.org.id, done).await.unwrap().unwrap();
    s.complete_action(&done, f.manager.id, "2026-11-01", at(NOW)).await.unwrap().unwrap();
    let done = s.action(f.org.id, done.id).await.unwrap().unwrap();
    s.record_action_check(&done, f.manager.id, &EffectivenessCheck { result: CheckResult::Effective, evidence: "No mix-ups in a month of audits".into() }, at(NOW))
        .await
        .unwrap()
        .unwrap();

    let months = s.action_months(&QueueScope::Organisation(f.org.id), "2026-10-01", "2026-11-31", "2026-11-18").await.unwrap();
    let summary: Vec<(i64, i64, i64, i64, i64)> = months.iter().map(|m| (m.month, m.due, m.overdue, m.checked, m.effective)).collect();
    assert_eq!(summary, vec![(202610, 2, 1, 1, 1), (NOVEMBER_2026, 1, 0, 0, 0)]);
    assert!(s.action_months(&QueueScope::Services(vec![f.maple.id]), "2026-10-01", "2026-11-31", "2026-11-18").await.unwrap().is_empty());
});

conformance!(a_teams_months_count_only_the_reports_made_about_that_team, |db| {
    use learnloop_store::actions::NewActionRecord;
    use learnloop_store::reports::ReportSubmission;
    let s = &db.store;
    let f = fixture(s).await;
    let nights = s.create_team(f.org.id, f.oak.id, "nights", "Night team", Some(f.admin.id), at(NOW)).await.unwrap();
    let days = s.create_team(f.org.id, f.oak.id, "days", "Day team", Some(f.admin.id), at(NOW)).await.unwrap();
    let f = &f;
    let submit_for = |team_id: Option<learnloop_domain::ids::TeamId>, identity: &'static str, text: &'static str, at: i64| async move {
        let report = crate::reports::new_report(identity, "oak-house", text);
        s.create_report(&ReportSubmission { replay: None,
            organisation_id: f.org.id,
            service_id: f.oak.id,
            team_id,
            report: &report,
            submitted_by: Some(f.staff.id),
            plan: &learnloop_store::testing::plan(&report, &f.oak.name, f.oak.kind, true, Timestamp::from_second(at).unwrap()),
        })
        .await
        .unwrap()
    };
    // Two night-team reports about the same people the same day (the second a
    // repeat, the first it repeats is the day team's), one anonymous; one with no team.
    let day_report = submit_for(Some(days.id), "named", "Two residents' pots were side by side on the trolley.", NOW - 3600).await;
    let night_first = submit_for(Some(nights.id), "anonymous", "The pots were side by side again on the night round.", NOW - 1800).await;
    submit_for(Some(nights.id), "named", "A third time the pots were mixed on the trolley at night.", NOW - 900).await;
    submit_for(None, "named", "The medicines fridge was warm when checked in the morning.", NOW - 600).await;

    let record = s.report_by_reference(f.org.id, night_first.reference.as_str()).await.unwrap().unwrap();
    assert_eq!((record.team_id, record.team_name.as_deref()), (Some(nights.id), Some("Night team")));
    s.thank_reporter(&record, &f.manager, "Thank you.", Timestamp::from_second(NOW).unwrap()).await.unwrap();

    let night_months = s.team_report_months(nights.id, "", NOVEMBER_2026, NOVEMBER_2026).await.unwrap();
    assert_eq!(night_months.len(), 1, "{night_months:?}");
    let n = &night_months[0];
    assert_eq!((n.service_id, n.month, n.reports, n.near_misses, n.anonymous, n.thanked, n.repeats), (f.oak.id, NOVEMBER_2026, 2, 2, 1, 1, 2));
    let day_months = s.team_report_months(days.id, "", NOVEMBER_2026, NOVEMBER_2026).await.unwrap();
    assert_eq!((day_months[0].reports, day_months[0].repeats, day_months[0].thanked), (1, 0, 0));
    assert_eq!(s.team_report_months(nights.id, "medication", NOVEMBER_2026, NOVEMBER_2026).await.unwrap(), night_months);
    assert!(s.team_report_months(nights.id, "falls", NOVEMBER_2026, NOVEMBER_2026).await.unwrap().is_empty());
    assert!(s.team_report_months(nights.id, "", 202612, 202612).await.unwrap().is_empty());
    // The service's own count includes the report that named no team.
    let service = s.report_months(&QueueScope::Services(vec![f.oak.id]), "", NOVEMBER_2026, NOVEMBER_2026).await.unwrap();
    assert_eq!(service[0].reports, 4);
    // The repeat flags kept on the reports agree with the service's running totals.
    let flagged = db.raw_rows(&format!("SELECT CAST(SUM(is_repeat) AS BIGINT) FROM reports WHERE service_id = {}", f.oak.id)).await;
    assert_eq!(flagged[0][0], service[0].repeats.to_string());

    // Actions count for a team when agreed on one of its reports.
    let day_record = s.report_by_reference(f.org.id, day_report.reference.as_str()).await.unwrap().unwrap();
    for (title, report_ids) in [("Separate trays at night", vec![record.id]), ("One trolley round at a time", vec![record.id, day_record.id]), ("Fridge thermometer checked", vec![])] {
        s.create_action(&NewActionRecord {
            organisation_id: f.org.id,
            service_id: f.oak.id,
            title,
            owner_id: f.manager.id,
            due_on: "2026-11-10".to_string(),
            report_ids: &report_ids,
            review_ids: &[],
            created_by: f.manager.id,
            at: at(NOW),
        })
        .await
        .unwrap();
    }
    let counted = |team: learnloop_domain::ids::TeamId| async move {
        s.team_action_months(f.oak.id, team, "2026-11-01", "2026-11-31", "2026-11-18").await.unwrap().iter().map(|m| (m.month, m.due, m.overdue)).collect::<Vec<_>>()
    };
    assert_eq!(counted(nights.id).await, vec![(NOVEMBER_2026, 2, 2)], "each action once, however many of the team's reports it answers");
    assert_eq!(counted(days.id).await, vec![(NOVEMBER_2026, 1, 1)]);
});
