//! The planned learning loop of every demo report follows the product's
//! rules: its status is where its steps lead, its times run in order and
//! never past the end, responses that name a change have actions, and
//! nobody checks their own action.

use jiff::Timestamp;
use learnloop_demo::learning_loop::LoopPlanner;
use learnloop_demo::{demo_organisation, organisation_for, reports};
use learnloop_domain::reports::{ReportStatus, recorded_submission_time};

fn end() -> Timestamp {
    "2026-05-17T14:23:00Z".parse().unwrap()
}

#[test]
fn every_planned_loop_obeys_the_rules() {
    for plan in [demo_organisation(2026), organisation_for(7, 30_000)] {
        let planner = LoopPlanner::new(&plan, end());
        let (mut actions, mut overdue, mut checked) = (0, 0, 0);
        for report in reports(&plan, 2026, 4_000, 18, end()) {
            let l = planner.plan(&report);
            assert_eq!(
                l.status, report.status,
                "the steps lead where the generator meant"
            );
            let fed_back = matches!(l.status, ReportStatus::FeedbackGiven | ReportStatus::Closed);
            assert_eq!(l.feedback.is_some(), fed_back);
            if fed_back {
                assert!(l.thanks.is_some() && l.review.is_some(), "{report:?}");
            }
            let thanks = l.thanks.as_ref().map(|m| m.at);
            let review = l.review.as_ref().map(|r| r.at);
            let feedback = l.feedback.as_ref().map(|m| m.at);
            let closed = l.closed.as_ref().map(|c| c.0);
            // Anonymous reports keep only their day, and the loop's times follow it.
            let recorded = Timestamp::from_second(recorded_submission_time(
                report.identity,
                report.submitted_at,
            ))
            .unwrap();
            let times: Vec<Timestamp> = [Some(recorded), thanks, review, feedback, closed]
                .into_iter()
                .flatten()
                .collect();
            assert!(
                times.windows(2).all(|w| w[0] <= w[1]),
                "loop times out of order: {times:?}"
            );
            assert!(times.iter().all(|t| *t <= end()));
            if let Some(review) = &l.review {
                assert_eq!(
                    review.details.calls_for_action(),
                    !l.actions.is_empty(),
                    "{:?}",
                    review.details
                );
                if let Some(feedback) = &l.feedback {
                    for action in &l.actions {
                        assert!(
                            feedback.words.contains(&action.title),
                            "the reporter hears what will be done"
                        );
                    }
                }
            }
            for action in &l.actions {
                actions += 1;
                assert_eq!(Some(action.created_at), review);
                if let Some((done, _)) = action.completed {
                    assert!(done > action.created_at && done <= end());
                } else if action.due
                    < end()
                        .to_zoned_datetime(jiff::tz::TimeZone::get("Europe/London").unwrap())
                        .date()
                {
                    overdue += 1;
                }
                if let Some((at, by, _)) = &action.check {
                    checked += 1;
                    assert!(action.completed.is_some_and(|(done, _)| done <= *at) && *at <= end());
                    assert_ne!(by, &action.owner, "nobody checks their own action");
                }
            }
        }
        assert!(
            actions > 300 && overdue > 0 && checked > actions / 3,
            "{actions} actions, {overdue} overdue, {checked} checked"
        );
    }
}
