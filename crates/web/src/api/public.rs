//! The public reporting link's API: an anonymous report to an organisation
//! by its link key, without signing in.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use learnloop_domain::reports::ReportInput;

use crate::api::idempotency_key::idempotency_key;
use crate::api::json::ApiJson;
use crate::api::reports::CreatedReport;
use crate::error::ApiError;
use crate::operations::reports::{as_anonymous, submit_report};
use crate::operations::public_link::organisation_for_public_link;
use crate::state::AppState;

/// Report through the organisation's public link, without signing in.
/// Always anonymous, whatever `identity` says. An `Idempotency-Key` makes
/// retries safe, as for `POST /api/v1/reports`.
#[utoipa::path(post, path = "/api/v1/public/{org_key}/reports", tag = "reports", request_body = crate::api::reports::NewReportBody,
    params(("org_key" = String, Path, description = "The secret key in the organisation's public reporting link"),
        ("Idempotency-Key" = Option<String>, Header, description = "A random key (a UUID is best; 16 to 255 visible characters), new for each new report and the same for its retries.")),
    responses((status = 201, body = CreatedReport), (status = 400, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody), (status = 429, body = crate::error::ErrorBody)))]
pub async fn create(State(state): State<AppState>, Path(org_key): Path<String>, headers: HeaderMap, ApiJson(input): ApiJson<ReportInput>) -> Result<(StatusCode, Json<CreatedReport>), ApiError> {
    let key = idempotency_key(&headers)?;
    let org = organisation_for_public_link(&state, &org_key).await?;
    let saved = submit_report(&state, org.id, &as_anonymous(input), None, key.as_ref()).await?;
    Ok((StatusCode::CREATED, Json(CreatedReport { reference: saved.reference, follow_up_code: saved.follow_up_code })))
}
