//! The conversation with a reporter: thanks, messages and feedback.

use jiff::Timestamp;
use learnloop_store::people::User;
use learnloop_store::reports::ReportRecord;

use crate::error::AppError;
use crate::state::AppState;
use crate::operations::identifying_details::check_identifying_details;
use crate::operations::report_access::report_to_handle;

/// Longest message to or from a reporter, and longest learning summary.
const MESSAGE_MAX_CHARS: usize = 5_000;

/// Checks a message to or from a reporter: not blank, not too long.
pub fn checked_message(field: &str, text: &str) -> Result<String, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::invalid(field, "Write a message first."));
    }
    if text.chars().count() > MESSAGE_MAX_CHARS {
        return Err(AppError::invalid(field, format!("Keep the message under {MESSAGE_MAX_CHARS} characters.")));
    }
    Ok(text.to_string())
}

/// The prefilled personal thank-you, which the manager can edit (worded
/// by the domain, beside the loop's rules).
pub fn suggested_thanks(report: &ReportRecord) -> String {
    learnloop_domain::report_loop::suggested_thanks(report.kind)
}

pub async fn thank(state: &AppState, user: &User, reference: &str, message: &str) -> Result<(), AppError> {
    let report = report_to_handle(state, user, reference).await?;
    let message = checked_message("message", message)?;
    state.store.thank_reporter(&report, user, &message, Timestamp::now()).await?;
    Ok(())
}

pub async fn message_reporter(state: &AppState, user: &User, reference: &str, text: &str) -> Result<(), AppError> {
    let report = report_to_handle(state, user, reference).await?;
    let text = checked_message("text", text)?;
    state.store.message_reporter(&report, user, &text, Timestamp::now()).await?;
    Ok(())
}

pub async fn give_feedback(state: &AppState, user: &User, reference: &str, text: &str) -> Result<(), AppError> {
    let report = report_to_handle(state, user, reference).await?;
    let text = checked_message("feedback", text)?;
    check_identifying_details("feedback", &text, &report)?;
    state.store.give_feedback(&report, user, &text, Timestamp::now()).await?;
    Ok(())
}

