//! Refusing text about a report that holds identifying details.

use learnloop_domain::identifying_details::find_identifying_details;
use learnloop_domain::{FieldError, FieldErrors};
use learnloop_store::reports::ReportRecord;

use crate::error::AppError;

/// Refuses text that holds identifying details, listing each one to remove.
pub fn check_identifying_details(field: &str, text: &str, report: &ReportRecord) -> Result<(), AppError> {
    let found = find_identifying_details(text, &report.people_affected);
    if found.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = found.iter().map(|d| d.message()).collect();
    Err(AppError::Invalid(FieldErrors(vec![FieldError::new(
        field,
        format!("Remove identifying details before sharing: {}", list.join(" ")),
    )])))
}

