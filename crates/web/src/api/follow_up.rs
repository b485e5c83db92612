use axum::Json;
use axum::extract::{Path, State};
use learnloop_domain::reference::FollowUpCode;
use learnloop_domain::report::acknowledgement;
use learnloop_store::reports::ReportRecord;
use serde::Serialize;

use crate::error::{ApiError, AppError};
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema, Clone)]
pub struct FollowUpMessage {
    /// RFC 3339 (for the acknowledgement, the day the report was made).
    pub at: String,
    /// Who wrote it: `learnloop` for automatic messages, `manager`, or `you`.
    pub from: String,
    pub text: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct FollowUp {
    pub reference: String,
    /// `received`, `thanked`, `in_review`, `feedback_given` or `closed`.
    pub status: String,
    /// The status in words, e.g. `Received`.
    pub status_label: String,
    /// What the status means, in plain words.
    pub status_meaning: String,
    pub kind: String,
    pub service: String,
    /// The day the report was made (`YYYY-MM-DD`, UTC).
    pub submitted_on: String,
    pub messages: Vec<FollowUpMessage>,
}

impl FollowUp {
    pub fn new(report: &ReportRecord) -> FollowUp {
        let day = jiff::Timestamp::from_second(report.submitted_at - report.submitted_at.rem_euclid(86_400)).unwrap_or_default();
        let (_, body) = acknowledgement(report.kind, &report.reference, &report.service_name, report.identity);
        FollowUp {
            reference: report.reference.clone(),
            status: report.status.as_str().into(),
            status_label: report.status.label().into(),
            status_meaning: report.status.meaning().into(),
            kind: report.kind.as_str().into(),
            service: report.service_name.clone(),
            submitted_on: day.strftime("%Y-%m-%d").to_string(),
            // The acknowledgement is derived, not stored: a stored row's
            // position would hint at when an anonymous report arrived.
            messages: vec![FollowUpMessage { at: day.to_string(), from: "learnloop".into(), text: body }],
        }
    }
}

/// A confidential or anonymous reporter follows their report with the
/// private code they were given. No sign-in.
#[utoipa::path(get, path = "/api/v1/follow-up/{code}", tag = "reports",
    params(("code" = String, Path, description = "The follow-up code, e.g. 7KQ4-M2XD-9PRT-ZW3H")),
    responses((status = 200, body = FollowUp), (status = 404, body = crate::error::ErrorBody)))]
pub async fn show(State(state): State<AppState>, Path(code): Path<String>) -> Result<Json<FollowUp>, ApiError> {
    let not_found = AppError::NotFound("A report with that follow-up code");
    let code = FollowUpCode::parse(&code).ok_or(not_found)?;
    let report = state.store.report_by_follow_up_code(&code).await?.ok_or(AppError::NotFound("A report with that follow-up code"))?;
    Ok(Json(FollowUp::new(&report)))
}
