//! `POST /api/v1/coach`: the language coach's suggestions for a narrative
//! (factual wording, no blame, no identifying details). Stores nothing.

use axum::Json;
use learnloop_domain::language_coach;
use serde::{Deserialize, Serialize};

use crate::api::json::ApiJson;
use crate::error::{ApiError, AppError};

#[derive(Deserialize, utoipa::ToSchema)]
pub struct CoachRequest {
    pub text: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CoachFinding {
    /// Character (Unicode scalar) offset where the phrase starts.
    pub start: usize,
    /// Character offset just past the phrase.
    pub end: usize,
    pub text: String,
    pub reason: String,
    pub suggestion: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CoachAnswer {
    pub findings: Vec<CoachFinding>,
}

/// Phrases that judge or blame, with a reason and a factual rewording.
/// Stores nothing and needs no sign-in (the public form uses it too).
#[utoipa::path(post, path = "/api/v1/coach", tag = "reports", request_body = CoachRequest, responses((status = 200, body = CoachAnswer)))]
pub async fn check(ApiJson(body): ApiJson<CoachRequest>) -> Result<Json<CoachAnswer>, ApiError> {
    if body.text.chars().count() > learnloop_domain::reports::LONG_TEXT_MAX_CHARS {
        return Err(AppError::invalid("text", "Check at most 20,000 characters at a time.").into());
    }
    let findings = language_coach::check(&body.text)
        .into_iter()
        .map(|f| CoachFinding { start: f.start, end: f.end, text: f.text, reason: f.reason, suggestion: f.suggestion })
        .collect();
    Ok(Json(CoachAnswer { findings }))
}
