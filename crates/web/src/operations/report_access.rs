//! Which report a person may work through the loop (managers of its
//! service, quality leads, the safety officer).

use learnloop_store::people::User;
use learnloop_store::reports::ReportRecord;

use crate::error::AppError;
use crate::state::AppState;

/// The report, if `user` may work it through the loop; 404 if they may not
/// even read it, 403 if they may read but not handle it.
pub async fn report_to_handle(state: &AppState, user: &User, reference: &str) -> Result<ReportRecord, AppError> {
    if let Some(report) = state.store.handleable_report(user, reference).await? {
        return Ok(report);
    }
    match state.store.readable_report(user, reference).await? {
        Some(_) => Err(AppError::Forbidden),
        None => Err(AppError::NotFound("That report")),
    }
}
