//! Which reports a person's lists show, and the cursor that pages through
//! them (`<submitted_at>.<id>` of the last report shown).

use learnloop_domain::role::ReportScope;
use learnloop_store::reports::{ListCursor, ReportListScope};

use crate::error::AppError;

/// Which reports a person's list shows.
pub fn list_scope(user: &learnloop_store::people::User) -> Result<ReportListScope, AppError> {
    match user.role.report_scope() {
        ReportScope::WholeOrganisation => Ok(ReportListScope::Organisation(user.organisation_id)),
        ReportScope::AssignedServices => Ok(ReportListScope::Services(user.service_ids.clone())),
        ReportScope::OwnReports => Ok(ReportListScope::ReportedBy(user.id)),
        ReportScope::None => Err(AppError::Forbidden),
    }
}

pub fn parse_cursor(text: Option<&str>) -> Option<ListCursor> {
    let (a, b) = text?.split_once('.')?;
    Some(ListCursor { submitted_at: a.parse().ok()?, id: b.parse().ok()? })
}

pub fn format_cursor(cursor: ListCursor) -> String {
    format!("{}.{}", cursor.submitted_at, cursor.id)
}

