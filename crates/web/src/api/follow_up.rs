//! The API for following a report with its private code: the conversation,
//! replying to the team, and rating the feedback. No sign-in.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;

use crate::api::json::ApiJson;
use crate::api::triage::Done;
use crate::error::ApiError;
use crate::operations::conversation::checked_message;
use crate::operations::follow_up::{FollowUp, follow_up_view, rate_report, report_for_code};
use crate::state::AppState;

/// A confidential or anonymous reporter follows their report with the
/// private code they were given. No sign-in.
#[utoipa::path(get, path = "/api/v1/follow-up/{code}", tag = "reports",
    params(("code" = String, Path, description = "The follow-up code, e.g. 7KQ4-M2XD-9PRT-ZW3H")),
    responses((status = 200, body = FollowUp), (status = 404, body = crate::error::ErrorBody)))]
pub async fn show(State(state): State<AppState>, Path(code): Path<String>) -> Result<Json<FollowUp>, ApiError> {
    let report = report_for_code(&state, &code).await?;
    Ok(Json(follow_up_view(&state, &report).await?))
}

#[derive(Deserialize, utoipa::ToSchema, Default)]
#[serde(default)]
pub struct ReplyBody {
    pub text: String,
}

/// The reporter writes to the team through the follow-up code, without
/// signing in and without revealing who they are.
#[utoipa::path(post, path = "/api/v1/follow-up/{code}/messages", tag = "reports", request_body = ReplyBody,
    params(("code" = String, Path)),
    responses((status = 201, body = Done), (status = 404, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn reply(State(state): State<AppState>, Path(code): Path<String>, ApiJson(body): ApiJson<ReplyBody>) -> Result<(StatusCode, Json<Done>), ApiError> {
    let report = report_for_code(&state, &code).await?;
    let text = checked_message("text", &body.text)?;
    state.store.reply_from_reporter(&report, &text, jiff::Timestamp::now()).await?;
    Ok((StatusCode::CREATED, Json(Done { saved: "Your message is with the team. Nothing in it was linked to you.".into() })))
}

#[derive(Deserialize, utoipa::ToSchema, Default)]
#[serde(default)]
pub struct RatingBody {
    /// 1 (not useful) to 5 (very useful).
    pub rating: i64,
}

/// The reporter says whether the feedback was useful (1 to 5).
#[utoipa::path(post, path = "/api/v1/follow-up/{code}/rating", tag = "reports", request_body = RatingBody,
    params(("code" = String, Path)),
    responses((status = 200, body = Done), (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn rate(State(state): State<AppState>, Path(code): Path<String>, ApiJson(body): ApiJson<RatingBody>) -> Result<Json<Done>, ApiError> {
    let report = report_for_code(&state, &code).await?;
    rate_report(&state, &report, body.rating).await?;
    Ok(Json(Done { saved: "Thank you: your rating helps us give better feedback.".into() }))
}

