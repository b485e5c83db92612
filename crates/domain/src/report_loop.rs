//! The learning loop one report goes round: the reporter is thanked, a
//! learning response is chosen, feedback reaches the reporter, and only then
//! may the report close. Which status each step leaves a report in, the one
//! step that can be refused, and the prefilled words of the thank-you.
//!
//! The store's writes follow these rules (closing asks [`status_after`]);
//! the demo and benchmark generator walks a report through the same steps,
//! so a generated report's status is where its steps led, never chosen apart
//! from them.

use crate::reports::{ReportKind, ReportStatus};

/// One thing the team does with a report, in the order the loop expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoopStep {
    /// The personal thank-you.
    Thank,
    /// A learning response (review) started on it.
    StartReview,
    /// What was learned and what will change told to the reporter.
    GiveFeedback,
    /// The loop closed.
    Close,
}

/// Why a step cannot be taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoopRefusal {
    /// The report is already closed.
    AlreadyClosed,
    /// Closing waits until the reporter has had feedback: a loop that closes
    /// without telling the reporter is what Learnloop exists to prevent.
    NoFeedbackYet,
}

/// The status a report in `status` is in after `step`. Thanks, reviews and
/// feedback never move a report backwards (a second thank-you on a closed
/// report leaves it closed); closing is refused before feedback.
pub fn status_after(status: ReportStatus, step: LoopStep) -> Result<ReportStatus, LoopRefusal> {
    use ReportStatus::*;
    Ok(match (step, status) {
        (LoopStep::Thank, Received) => Thanked,
        (LoopStep::StartReview, Received | Thanked) => InReview,
        (LoopStep::GiveFeedback, Received | Thanked | InReview) => FeedbackGiven,
        (LoopStep::Close, FeedbackGiven) => Closed,
        (LoopStep::Close, Closed) => return Err(LoopRefusal::AlreadyClosed),
        (LoopStep::Close, _) => return Err(LoopRefusal::NoFeedbackYet),
        (_, unchanged) => unchanged,
    })
}

/// The status of a new report after `steps`, taken in order.
pub fn status_after_steps(
    steps: impl IntoIterator<Item = LoopStep>,
) -> Result<ReportStatus, LoopRefusal> {
    steps
        .into_iter()
        .try_fold(ReportStatus::Received, status_after)
}

/// The steps that bring a new report to `status` the usual way round the loop.
pub fn steps_to(status: ReportStatus) -> &'static [LoopStep] {
    use LoopStep::*;
    const ALL: [LoopStep; 4] = [Thank, StartReview, GiveFeedback, Close];
    match status {
        ReportStatus::Received => &ALL[..0],
        ReportStatus::Thanked => &ALL[..1],
        ReportStatus::InReview => &ALL[..2],
        ReportStatus::FeedbackGiven => &ALL[..3],
        ReportStatus::Closed => &ALL[..4],
    }
}

/// The prefilled personal thank-you, which the manager can edit.
pub fn suggested_thanks(kind: ReportKind) -> String {
    let what = match kind {
        ReportKind::GoodPractice => "sharing this good practice",
        ReportKind::NearMiss => {
            "reporting this near-miss; near-misses are how we stop harm before it happens"
        }
        ReportKind::Incident => "reporting this incident so quickly and clearly",
        ReportKind::Concern => "raising this concern; it takes courage to speak up",
    };
    format!(
        "Thank you for {what}. I have read it and we will look at what we can learn from it. \
         I will let you know what we find and what changes."
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReportStatus::*;
    use proptest::prelude::*;

    #[test]
    fn the_usual_way_round_reaches_each_status() {
        for &status in ReportStatus::ALL {
            assert_eq!(
                status_after_steps(steps_to(status).iter().copied()),
                Ok(status),
                "{status:?}"
            );
        }
    }

    #[test]
    fn closing_waits_for_feedback() {
        assert_eq!(
            status_after(InReview, LoopStep::Close),
            Err(LoopRefusal::NoFeedbackYet)
        );
        assert_eq!(
            status_after(Received, LoopStep::Close),
            Err(LoopRefusal::NoFeedbackYet)
        );
        assert_eq!(
            status_after(Closed, LoopStep::Close),
            Err(LoopRefusal::AlreadyClosed)
        );
        assert_eq!(status_after(FeedbackGiven, LoopStep::Close), Ok(Closed));
    }

    #[test]
    fn feedback_without_a_review_is_still_feedback() {
        assert_eq!(
            status_after_steps([LoopStep::Thank, LoopStep::GiveFeedback]),
            Ok(FeedbackGiven)
        );
    }

    #[test]
    fn later_thanks_and_reviews_do_not_reopen_a_report() {
        assert_eq!(status_after(Closed, LoopStep::Thank), Ok(Closed));
        assert_eq!(
            status_after(FeedbackGiven, LoopStep::StartReview),
            Ok(FeedbackGiven)
        );
        assert_eq!(status_after(Closed, LoopStep::GiveFeedback), Ok(Closed));
    }

    fn any_step() -> impl Strategy<Value = LoopStep> {
        prop_oneof![
            Just(LoopStep::Thank),
            Just(LoopStep::StartReview),
            Just(LoopStep::GiveFeedback),
            Just(LoopStep::Close)
        ]
    }

    proptest! {
        /// Whatever the order, a report that reached "closed" or "feedback
        /// given" had feedback on the way.
        #[test]
        fn no_report_closes_or_counts_as_fed_back_without_feedback(steps in proptest::collection::vec(any_step(), 0..8)) {
            if let Ok(status) = status_after_steps(steps.iter().copied())
                && matches!(status, FeedbackGiven | Closed)
            {
                prop_assert!(steps.contains(&LoopStep::GiveFeedback));
            }
        }
    }
}
