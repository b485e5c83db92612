//! Actions and their effectiveness checks through the API.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use learnloop_domain::actions::{ActionInput, CheckInput, CompletionInput, is_overdue};
use learnloop_store::actions::ActionRecord;
use serde::Serialize;

use crate::api::json::ApiJson;
use crate::api::reviews::Created;
use crate::api::triage::Done;
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(serde::Deserialize, utoipa::ToSchema)]
#[allow(dead_code)] // documents the body; the handler reads `ActionInput`
pub struct ActionBody {
    title: String,
    /// The owner's id or email.
    owner: String,
    /// `YYYY-MM-DD`, today or later.
    due: String,
    /// Reviews this action also answers.
    reviews: Option<Vec<i64>>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ActionRequest {
    #[serde(flatten)]
    pub action: ActionInput,
    pub reviews: Vec<i64>,
}

/// Add an action to a report.
#[utoipa::path(post, path = "/api/v1/reports/{reference}/actions", tag = "learning loop", request_body = ActionBody,
    params(("reference" = String, Path)),
    responses((status = 201, body = Created), (status = 422, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn create(State(state): State<AppState>, ApiUser(user): ApiUser, Path(reference): Path<String>, ApiJson(body): ApiJson<ActionRequest>) -> Result<(StatusCode, Json<Created>), ApiError> {
    let id = crate::operations::actions::create_action(&state, &user, &reference, &body.action, &body.reviews).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ActionView {
    pub id: i64,
    pub title: String,
    pub owner: String,
    pub service: String,
    pub due: String,
    /// `open`, `awaiting_check` or `done`.
    pub status: String,
    pub overdue: bool,
    pub check_due: Option<String>,
    /// `effective`, `partly` or `not_effective`, once checked.
    pub check_result: Option<String>,
    pub check_evidence: Option<String>,
}

pub fn action_view(action: ActionRecord, today: jiff::civil::Date) -> ActionView {
    let due = action.due_on.parse().unwrap_or(today);
    let check_due = action.check_due_on.as_deref().and_then(|d| d.parse().ok());
    ActionView {
        overdue: is_overdue(action.status, due, check_due, today),
        id: action.id,
        title: action.title,
        owner: action.owner_name,
        service: action.service_name,
        due: action.due_on,
        status: action.status.as_str().into(),
        check_due: action.check_due_on,
        check_result: action.check_result.map(|r| r.as_str().into()),
        check_evidence: action.check_evidence,
    }
}

/// The caller's own actions, unfinished first, soonest due first.
#[utoipa::path(get, path = "/api/v1/actions/mine", tag = "learning loop",
    responses((status = 200, body = Vec<ActionView>)), security(("bearer" = [])))]
pub async fn mine(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Vec<ActionView>>, ApiError> {
    let today = crate::operations::time_zone::today_in(&crate::operations::time_zone::organisation_zone(&state, user.organisation_id).await?);
    let actions = state.store.actions_owned_by(user.id, 200).await?;
    Ok(Json(actions.into_iter().map(|a| action_view(a, today)).collect()))
}

/// The work is done: book the effectiveness check.
#[utoipa::path(post, path = "/api/v1/actions/{id}/complete", tag = "learning loop",
    params(("id" = i64, Path)), request_body(content = inline(Object), description = "{\"check_due\": \"YYYY-MM-DD\"}"),
    responses((status = 200, body = Done), (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn complete(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(body): ApiJson<CompletionInput>) -> Result<Json<Done>, ApiError> {
    crate::operations::actions::complete_action(&state, &user, id, &body).await?;
    Ok(Json(Done { saved: "Marked complete; the effectiveness check is booked.".into() }))
}

/// Record the effectiveness check; the action is then done.
#[utoipa::path(post, path = "/api/v1/actions/{id}/check", tag = "learning loop",
    params(("id" = i64, Path)), request_body(content = inline(Object), description = "{\"result\": \"effective|partly|not_effective\", \"evidence\": \"...\"}"),
    responses((status = 200, body = Done), (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn check(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(body): ApiJson<CheckInput>) -> Result<Json<Done>, ApiError> {
    crate::operations::actions::check_action(&state, &user, id, &body).await?;
    Ok(Json(Done { saved: "The check is recorded and the action is done.".into() }))
}
