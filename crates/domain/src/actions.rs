//! Actions that come out of learning, and the effectiveness check that must
//! happen before an action counts as done: an action that was carried out but
//! never checked is how the same incident happens again.

use jiff::civil::Date;
use serde::Deserialize;

use crate::choices::text_choices;
use crate::notice::Notice;
use crate::field_error::FieldErrors;

text_choices!(
    /// Where an action is. `AwaitingCheck` means the work is done and the
    /// effectiveness check is booked; only the check makes it `Done`.
    ActionStatus {
        Open => "open", "Open";
        AwaitingCheck => "awaiting_check", "Awaiting effectiveness check";
        Done => "done", "Done";
    }
);

text_choices!(
    /// Did the action change what it was meant to change?
    CheckResult {
        Effective => "effective", "Effective";
        Partly => "partly", "Partly effective";
        NotEffective => "not_effective", "Not effective";
    }
);

const TITLE_MAX_CHARS: usize = 300;
const EVIDENCE_MAX_CHARS: usize = 5_000;
/// An action due more than two years ahead is almost always a typing slip.
const LATEST_DUE_DAYS: i32 = 2 * 366;

/// A new action as typed: `owner` is a person's id or email, `due` a date.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ActionInput {
    pub title: String,
    pub owner: String,
    pub due: String,
}

/// A new action, checked; the owner is resolved by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAction {
    pub title: String,
    pub owner: String,
    pub due: Date,
}

fn parse_date(text: &str) -> Option<Date> {
    text.trim().parse::<Date>().ok()
}

impl ActionInput {
    /// Checks every field at once; `today` is in the organisation's time zone.
    /// A due date in the past is refused (an action is a promise about the future).
    pub fn validate(&self, today: Date) -> Result<NewAction, FieldErrors> {
        let mut errors = FieldErrors::default();
        let title = self.title.trim();
        if title.is_empty() {
            errors.push("title", "Say what will be done, e.g. \"Move the PRN protocol folder to the medication room\".");
        } else if title.chars().count() > TITLE_MAX_CHARS {
            errors.push("title", format!("Keep the title under {TITLE_MAX_CHARS} characters; put detail in the linked review."));
        }
        let owner = self.owner.trim();
        if owner.is_empty() {
            errors.push("owner", "Choose who owns this action.");
        }
        let due = match parse_date(&self.due) {
            None if self.due.trim().is_empty() => {
                errors.push("due", "Give a due date (YYYY-MM-DD).");
                None
            }
            None => {
                errors.push("due", format!("\"{}\" is not a date; use YYYY-MM-DD.", self.due.trim()));
                None
            }
            Some(due) if due < today => {
                errors.push("due", "The due date has passed; choose today or a later date.");
                None
            }
            Some(due) if due > today.saturating_add(jiff::Span::new().days(LATEST_DUE_DAYS)) => {
                errors.push("due", "The due date is more than two years away; check the year.");
                None
            }
            Some(due) => Some(due),
        };
        match (errors.is_empty(), due) {
            (true, Some(due)) => Ok(NewAction { title: title.to_string(), owner: owner.to_string(), due }),
            _ => Err(errors),
        }
    }
}

/// Marking an action's work done books its effectiveness check.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CompletionInput {
    pub check_due: String,
}

impl CompletionInput {
    pub fn validate(&self, today: Date) -> Result<Date, FieldErrors> {
        let mut errors = FieldErrors::default();
        match parse_date(&self.check_due) {
            Some(date) if date >= today => return Ok(date),
            Some(_) => errors.push("check_due", "Book the effectiveness check for today or later."),
            None => errors.push("check_due", "Give the date to check whether the action worked (YYYY-MM-DD)."),
        }
        Err(errors)
    }
}

/// The effectiveness check: what was found, with evidence.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CheckInput {
    pub result: String,
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EffectivenessCheck {
    pub result: CheckResult,
    pub evidence: String,
}

impl CheckInput {
    pub fn validate(&self) -> Result<EffectivenessCheck, FieldErrors> {
        let mut errors = FieldErrors::default();
        let result = CheckResult::parse(self.result.trim());
        if result.is_none() {
            errors.push("result", format!("Say whether it worked: {}.", CheckResult::choices_words()));
        }
        let evidence = self.evidence.trim();
        if evidence.is_empty() {
            errors.push("evidence", "Say what shows it (e.g. \"MAR chart audit, 4 weeks, no gaps\").");
        } else if evidence.chars().count() > EVIDENCE_MAX_CHARS {
            errors.push("evidence", format!("Keep the evidence under {EVIDENCE_MAX_CHARS} characters."));
        }
        match result {
            Some(result) if errors.is_empty() => Ok(EffectivenessCheck { result, evidence: evidence.to_string() }),
            _ => Err(errors),
        }
    }
}

/// An open action past its due date, or a booked check past its date.
/// Word to an action's owner that it is theirs, due on `due_on`.
pub fn assigned_notice(action_id: i64, title: &str, due_on: &str) -> Notice {
    Notice {
        subject: format!("New action for you: {title}"),
        body: format!("Due {due_on}. When it is done, book a date to check whether it worked."),
        link: format!("/actions/{action_id}"),
    }
}

pub fn is_overdue(status: ActionStatus, due: Date, check_due: Option<Date>, today: Date) -> bool {
    match status {
        ActionStatus::Open => due < today,
        ActionStatus::AwaitingCheck => check_due.is_some_and(|d| d < today),
        ActionStatus::Done => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn today() -> Date {
        date(2026, 11, 23)
    }

    fn input(title: &str, owner: &str, due: &str) -> ActionInput {
        ActionInput { title: title.into(), owner: owner.into(), due: due.into() }
    }

    #[test]
    fn a_complete_action_is_accepted_and_trimmed() {
        let action = input("  Move the PRN folder  ", "12", "2026-12-01").validate(today()).unwrap();
        assert_eq!(action, NewAction { title: "Move the PRN folder".into(), owner: "12".into(), due: date(2026, 12, 1) });
        assert!(input("Today is fine", "12", "2026-11-23").validate(today()).is_ok());
    }

    #[test]
    fn every_missing_or_wrong_field_is_named_at_once() {
        let errors = input(" ", "", "").validate(today()).unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title", "owner", "due"]);
        let errors = input("x", "1", "1/12/2026").validate(today()).unwrap_err();
        assert!(errors.for_field("due").unwrap().contains("YYYY-MM-DD"));
        let errors = input("x", "1", "2026-11-22").validate(today()).unwrap_err();
        assert!(errors.for_field("due").unwrap().contains("passed"));
        let errors = input("x", "1", "2036-11-22").validate(today()).unwrap_err();
        assert!(errors.for_field("due").unwrap().contains("two years"));
        let errors = input(&"x".repeat(301), "1", "2026-12-01").validate(today()).unwrap_err();
        assert!(errors.for_field("title").is_some());
    }

    #[test]
    fn the_check_needs_a_result_and_evidence() {
        let check = CheckInput { result: "partly".into(), evidence: " audit of 20 MAR charts ".into() }.validate().unwrap();
        assert_eq!(check, EffectivenessCheck { result: CheckResult::Partly, evidence: "audit of 20 MAR charts".into() });
        let errors = CheckInput { result: "yes".into(), evidence: "".into() }.validate().unwrap_err();
        assert!(errors.for_field("result").unwrap().contains("Effective, Partly effective or Not effective"));
        assert!(errors.for_field("evidence").is_some());
    }

    #[test]
    fn completion_books_a_check_date_not_in_the_past() {
        assert_eq!(CompletionInput { check_due: "2026-12-20".into() }.validate(today()).unwrap(), date(2026, 12, 20));
        assert!(CompletionInput { check_due: "2026-11-01".into() }.validate(today()).is_err());
        assert!(CompletionInput { check_due: "soon".into() }.validate(today()).is_err());
    }

    #[test]
    fn overdue_follows_the_status() {
        let due = date(2026, 11, 20);
        assert!(is_overdue(ActionStatus::Open, due, None, today()));
        assert!(!is_overdue(ActionStatus::Open, today(), None, today()));
        assert!(!is_overdue(ActionStatus::AwaitingCheck, due, Some(date(2026, 12, 1)), today()));
        assert!(is_overdue(ActionStatus::AwaitingCheck, due, Some(date(2026, 11, 22)), today()));
        assert!(!is_overdue(ActionStatus::Done, due, Some(due), today()));
    }
}
