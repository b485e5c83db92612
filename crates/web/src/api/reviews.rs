//! Learning responses and the just-culture decision aid through the API.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use crate::api::json::ApiJson;
use crate::auth::ApiUser;
use crate::auth::session::require;
use crate::error::ApiError;
use crate::operations::just_culture::JustCultureRequest;
use crate::operations::reviews::ReviewRequest;
use crate::state::AppState;

/// A learning response. Only the fields of the chosen `type` are read.
#[derive(Deserialize, utoipa::ToSchema)]
#[allow(dead_code)] // documents the body; the handler reads it as `ReviewRequest`
pub struct ReviewBody {
    /// `record_only`, `debrief`, `after_action_review` or `learning_review`.
    r#type: String,
    /// record_only: why recording is enough.
    reason: Option<String>,
    /// debrief: when it was held (local `2026-11-20T14:30` or RFC 3339).
    held_at: Option<String>,
    participants: Option<String>,
    helped: Option<String>,
    hindered: Option<String>,
    could_change: Option<String>,
    /// debrief: required when harm was moderate or worse.
    manager_attended: Option<bool>,
    /// after_action_review.
    expected: Option<String>,
    happened: Option<String>,
    why_different: Option<String>,
    learned: Option<String>,
    /// learning_review.
    timeline: Option<String>,
    findings: Option<String>,
    /// Yorkshire Contributory Factors Framework keys, e.g. `staff_workload`.
    factors: Option<Vec<String>>,
    /// "Does a rule, policy, target or procedure itself need to change?"
    rule_needs_change: Option<bool>,
    rule_change: Option<String>,
    /// References of further reports this review also covers (a theme).
    also_reports: Option<Vec<String>>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Created {
    pub id: i64,
}

/// Record the learning response chosen for a report.
#[utoipa::path(post, path = "/api/v1/reports/{reference}/reviews", tag = "learning loop", request_body = ReviewBody,
    params(("reference" = String, Path)),
    responses((status = 201, body = Created), (status = 422, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn create(State(state): State<AppState>, ApiUser(user): ApiUser, Path(reference): Path<String>, ApiJson(body): ApiJson<ReviewRequest>) -> Result<(StatusCode, Json<Created>), ApiError> {
    let id = crate::operations::reviews::create_review(&state, &user, &reference, &body).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[derive(Deserialize, utoipa::ToSchema, Default)]
#[serde(default)]
pub struct EvaluateBody {
    /// Answers by question: `deliberate_harm`, `health`, `knowingly_departed`,
    /// `procedure_sound`, `substitution`, `training_gap`, `mitigating`.
    pub answers: BTreeMap<String, bool>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct EvaluateAnswer {
    /// `formal`, `support_health`, `system`, `support_training` or `coach`.
    pub outcome: String,
    /// The questions asked, in order.
    pub path: Vec<String>,
    /// What the outcome means, and that system factors are reviewed whatever it is.
    pub meaning: String,
}

/// Walk the just-culture decision aid (quality leads and the safety officer
/// only). 422 names the first missing answer needed.
#[utoipa::path(post, path = "/api/v1/just-culture/evaluate", tag = "learning loop", request_body = EvaluateBody,
    responses((status = 200, body = EvaluateAnswer), (status = 422, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn evaluate(ApiUser(user): ApiUser, ApiJson(body): ApiJson<EvaluateBody>) -> Result<Json<EvaluateAnswer>, ApiError> {
    require(user.role.may_use_just_culture())?;
    let evaluation = crate::operations::just_culture::evaluate_answers(&body.answers)?;
    Ok(Json(EvaluateAnswer {
        outcome: evaluation.outcome.as_str().into(),
        path: evaluation.path.iter().map(|q| q.as_str().to_string()).collect(),
        meaning: format!("{} {}", evaluation.outcome.meaning(), learnloop_domain::just_culture::SYSTEM_FACTORS_NOTE),
    }))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[allow(dead_code)] // documents the body; the handler reads `JustCultureRequest`
pub struct JustCultureBody {
    /// The one action considered, described without naming the person.
    action_in_question: String,
    answers: BTreeMap<String, bool>,
    reasoning: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct RecordedDecision {
    pub id: i64,
    pub outcome: String,
    pub path: Vec<String>,
}

/// Record a just-culture decision about one action in a report (quality
/// leads and the safety officer only; never shown to managers or staff).
#[utoipa::path(post, path = "/api/v1/reports/{reference}/just-culture", tag = "learning loop", request_body = JustCultureBody,
    params(("reference" = String, Path)),
    responses((status = 201, body = RecordedDecision), (status = 422, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn record_just_culture(State(state): State<AppState>, ApiUser(user): ApiUser, Path(reference): Path<String>, ApiJson(body): ApiJson<JustCultureRequest>) -> Result<(StatusCode, Json<RecordedDecision>), ApiError> {
    let (id, evaluation) = crate::operations::just_culture::record_just_culture(&state, &user, &reference, &body).await?;
    Ok((
        StatusCode::CREATED,
        Json(RecordedDecision { id, outcome: evaluation.outcome.as_str().into(), path: evaluation.path.iter().map(|q| q.as_str().to_string()).collect() }),
    ))
}
