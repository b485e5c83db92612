//! What needs a person now, above every triage tab: reports with moderate
//! harm or worse that nobody has answered, safeguarding concerns whose
//! checklist is open, and regulator notifications past their deadline. Each
//! item says why it is there; lateness reads as "overdue by N days", not as
//! colour alone.
//!
//! Duty of candour has no deadline in Learnloop (its steps are recorded as
//! they happen), so it is never "overdue" here.

use jiff::Timestamp;

use crate::reports::Harm;
use crate::statutory::Regulator;

/// Grades of harm that call for an answer before anything else.
pub const NEEDS_PROMPT_ANSWER: [Harm; 3] = [Harm::Moderate, Harm::Severe, Harm::Death];

pub fn needs_prompt_answer(harm: Option<Harm>) -> bool {
    harm.is_some_and(|h| NEEDS_PROMPT_ANSWER.contains(&h))
}

/// Why a report is in the band.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttentionReason {
    /// Moderate harm or worse, and the reporter has not been thanked yet.
    HarmNotAnswered(Harm),
    /// A safeguarding concern whose checklist (is the person safe, was a
    /// referral made) is not complete.
    SafeguardingOpen,
    /// A notification to the regulator not sent by its deadline.
    NotificationOverdue {
        regulator: Regulator,
        due: Timestamp,
    },
}

impl AttentionReason {
    /// The reason in words; `now` dates an overdue notification.
    pub fn why(&self, now: Timestamp) -> String {
        match self {
            AttentionReason::HarmNotAnswered(harm) => format!("{} reported and nobody has answered the reporter yet.", harm.label()),
            AttentionReason::SafeguardingOpen => "Safeguarding concern: the checklist (is the person safe, was a referral made) is not complete.".to_string(),
            AttentionReason::NotificationOverdue { regulator, due } => {
                format!("The notification to {} is {}.", regulator.label(), overdue_by(*due, now))
            }
        }
    }

    /// Most pressing first: a missed legal deadline, then harm by grade,
    /// then safeguarding.
    pub fn urgency(&self) -> u8 {
        match self {
            AttentionReason::NotificationOverdue { .. } => 0,
            AttentionReason::HarmNotAnswered(Harm::Death) => 1,
            AttentionReason::HarmNotAnswered(Harm::Severe) => 2,
            AttentionReason::SafeguardingOpen => 3,
            AttentionReason::HarmNotAnswered(_) => 4,
        }
    }
}

/// How late something due at `due` is at `now`: "overdue by 3 days",
/// "overdue by 1 day", or "overdue by less than a day". Whole days passed,
/// never rounded up.
pub fn overdue_by(due: Timestamp, now: Timestamp) -> String {
    let days = (now.as_second() - due.as_second()).max(0) / 86_400;
    match days {
        0 => "overdue by less than a day".to_string(),
        1 => "overdue by 1 day".to_string(),
        n => format!("overdue by {n} days"),
    }
}

/// A deadline a report can miss.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deadline {
    /// Telling the regulator.
    Notification,
    /// Thanking the reporter.
    ThankYou,
    /// Telling the reporter what was learned.
    Feedback,
}

/// The overdue marker's words: "Thank-you overdue by 2 days".
pub fn overdue_marker(deadline: Deadline, due: Timestamp, now: Timestamp) -> String {
    let what = match deadline {
        Deadline::Notification => "Notification",
        Deadline::ThankYou => "Thank-you",
        Deadline::Feedback => "Feedback",
    };
    format!("{what} {}", overdue_by(due, now))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn moderate_harm_and_worse_need_a_prompt_answer() {
        assert!(needs_prompt_answer(Some(Harm::Moderate)));
        assert!(needs_prompt_answer(Some(Harm::Death)));
        assert!(!needs_prompt_answer(Some(Harm::Low)));
        assert!(!needs_prompt_answer(None));
    }

    #[test]
    fn lateness_counts_whole_days() {
        let due = at("2026-11-20T09:00:00Z");
        assert_eq!(
            overdue_by(due, at("2026-11-20T17:00:00Z")),
            "overdue by less than a day"
        );
        assert_eq!(
            overdue_by(due, at("2026-11-21T09:00:00Z")),
            "overdue by 1 day"
        );
        assert_eq!(
            overdue_by(due, at("2026-11-23T08:59:00Z")),
            "overdue by 2 days"
        );
        assert_eq!(
            overdue_marker(Deadline::ThankYou, due, at("2026-11-23T08:59:00Z")),
            "Thank-you overdue by 2 days"
        );
    }

    #[test]
    fn each_reason_says_why_in_words() {
        let now = at("2026-11-23T12:00:00Z");
        assert_eq!(
            AttentionReason::HarmNotAnswered(Harm::Severe).why(now),
            "Severe harm reported and nobody has answered the reporter yet."
        );
        let late = AttentionReason::NotificationOverdue {
            regulator: Regulator::Cqc,
            due: at("2026-11-20T12:00:00Z"),
        };
        assert!(
            late.why(now).ends_with("is overdue by 3 days."),
            "{}",
            late.why(now)
        );
        assert!(late.urgency() < AttentionReason::HarmNotAnswered(Harm::Death).urgency());
        assert!(
            AttentionReason::SafeguardingOpen.urgency()
                < AttentionReason::HarmNotAnswered(Harm::Moderate).urgency()
        );
    }
}
