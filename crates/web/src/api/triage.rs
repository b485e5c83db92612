//! Triage through the API: the queue, the thank-you, messages and feedback to
//! the reporter, and closing a report.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use crate::api::json::ApiJson;
use crate::operations::time_zone::rfc3339;
use crate::auth::ApiUser;
use crate::error::{ApiError, AppError};
use crate::operations::triage::QueueTab;
use crate::state::AppState;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct QueueQuery {
    /// `overdue`, `new` (default), `awaiting_feedback` or `replies`.
    pub tab: Option<String>,
    /// At most this many (default 50, at most 200).
    pub limit: Option<i64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct QueueCount {
    pub tab: String,
    pub count: i64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct QueueEntryView {
    pub reference: String,
    pub kind: String,
    pub identity: String,
    pub status: String,
    pub service: String,
    pub submitted_at: String,
    pub category: Option<String>,
    pub harm: Option<String>,
    pub excerpt: String,
    pub thanks_due: String,
    pub feedback_due: String,
    pub overdue: bool,
    pub reply_waiting: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct QueueAnswer {
    pub tab: String,
    pub counts: Vec<QueueCount>,
    pub reports: Vec<QueueEntryView>,
}

/// The triage queue: managers see their services', quality leads and the
/// safety officer the organisation's, oldest first.
#[utoipa::path(get, path = "/api/v1/triage", tag = "learning loop", params(QueueQuery),
    responses((status = 200, body = QueueAnswer), (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn queue(State(state): State<AppState>, ApiUser(user): ApiUser, Query(query): Query<QueueQuery>) -> Result<Json<QueueAnswer>, ApiError> {
    let tab = match query.tab.as_deref() {
        None => QueueTab::New,
        Some(text) => QueueTab::parse(text)
            .ok_or_else(|| AppError::invalid("tab", "Choose the tab: overdue, new, awaiting_feedback or replies."))?,
    };
    let view = crate::operations::triage::triage_queue(&state, &user, tab, query.limit.unwrap_or(50).clamp(1, 200)).await?;
    Ok(Json(QueueAnswer {
        tab: view.tab.as_str().into(),
        counts: view.counts.iter().map(|(tab, count)| QueueCount { tab: tab.as_str().into(), count: *count }).collect(),
        reports: view
            .entries
            .into_iter()
            .map(|e| QueueEntryView {
                reference: e.item.reference,
                kind: e.item.kind.as_str().into(),
                identity: e.item.identity.as_str().into(),
                status: e.item.status.as_str().into(),
                service: e.item.service_name,
                submitted_at: rfc3339(e.item.submitted_at),
                category: e.item.category.map(|c| c.as_str().into()),
                harm: e.item.harm.map(|h| h.as_str().into()),
                excerpt: e.item.excerpt,
                thanks_due: e.thanks_due.to_string(),
                feedback_due: e.feedback_due.to_string(),
                overdue: e.overdue,
                reply_waiting: e.item.reply_waiting,
            })
            .collect(),
    }))
}

#[derive(Deserialize, utoipa::ToSchema, Default)]
#[serde(default)]
pub struct ThanksBody {
    /// The personal thank-you (the page offers a prefilled one to edit).
    pub message: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Done {
    /// What was saved, in words.
    pub saved: String,
}

/// Thank the reporter: the message goes to their inbox (named, confidential)
/// and to the follow-up page (confidential, anonymous).
#[utoipa::path(post, path = "/api/v1/reports/{reference}/thanks", tag = "learning loop", request_body = ThanksBody,
    params(("reference" = String, Path, description = "e.g. LL-7KQ4-M2XD")),
    responses((status = 200, body = Done), (status = 422, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn thank(State(state): State<AppState>, ApiUser(user): ApiUser, Path(reference): Path<String>, ApiJson(body): ApiJson<ThanksBody>) -> Result<Json<Done>, ApiError> {
    crate::operations::conversation::thank(&state, &user, &reference, &body.message).await?;
    Ok(Json(Done { saved: "The reporter has been thanked.".into() }))
}

#[derive(Deserialize, utoipa::ToSchema, Default)]
#[serde(default)]
pub struct TextBody {
    pub text: String,
}

/// Write to the reporter (they read it in their inbox or on the follow-up page).
#[utoipa::path(post, path = "/api/v1/reports/{reference}/messages", tag = "learning loop", request_body = TextBody,
    params(("reference" = String, Path)),
    responses((status = 201, body = Done), (status = 422, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn message(State(state): State<AppState>, ApiUser(user): ApiUser, Path(reference): Path<String>, ApiJson(body): ApiJson<TextBody>) -> Result<(StatusCode, Json<Done>), ApiError> {
    crate::operations::conversation::message_reporter(&state, &user, &reference, &body.text).await?;
    Ok((StatusCode::CREATED, Json(Done { saved: "Your message is with the reporter.".into() })))
}

#[derive(Deserialize, utoipa::ToSchema, Default)]
#[serde(default)]
pub struct FeedbackBody {
    /// What was learned and what changes, without identifying details.
    pub feedback: String,
}

/// Tell the reporter what was learned without publishing to staff (e.g. after
/// "record only"). Publishing learning also gives feedback.
#[utoipa::path(post, path = "/api/v1/reports/{reference}/feedback", tag = "learning loop", request_body = FeedbackBody,
    params(("reference" = String, Path)),
    responses((status = 200, body = Done), (status = 422, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn feedback(State(state): State<AppState>, ApiUser(user): ApiUser, Path(reference): Path<String>, ApiJson(body): ApiJson<FeedbackBody>) -> Result<Json<Done>, ApiError> {
    crate::operations::conversation::give_feedback(&state, &user, &reference, &body.feedback).await?;
    Ok(Json(Done { saved: "The reporter has been told what was learned.".into() }))
}

/// Close the report. Refused (409) until feedback has reached its reporter.
#[utoipa::path(post, path = "/api/v1/reports/{reference}/close", tag = "learning loop",
    params(("reference" = String, Path)),
    responses((status = 200, body = Done), (status = 409, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn close(State(state): State<AppState>, ApiUser(user): ApiUser, Path(reference): Path<String>) -> Result<Json<Done>, ApiError> {
    crate::operations::triage::close(&state, &user, &reference).await?;
    Ok(Json(Done { saved: "The report is closed.".into() }))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SimilarView {
    pub reference: String,
    /// 0 to 1: text similarity, plus a share for the same category.
    pub score: f64,
    /// Similar enough to be a possible repeat (score 0.5 or more).
    pub possible_repeat: bool,
    pub kind: String,
    pub category: Option<String>,
    pub submitted_at: String,
    pub excerpt: String,
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct SimilarQuery {
    /// At most this many (default 5, at most 20).
    pub limit: Option<usize>,
}

/// The reports of the same service in the last 90 days that read most like
/// this one, most similar first (for those who handle the report).
#[utoipa::path(get, path = "/api/v1/reports/{reference}/similar", tag = "learning loop", params(("reference" = String, Path), SimilarQuery),
    responses((status = 200, body = Vec<SimilarView>), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn similar(State(state): State<AppState>, ApiUser(user): ApiUser, Path(reference): Path<String>, Query(query): Query<SimilarQuery>) -> Result<Json<Vec<SimilarView>>, ApiError> {
    let found = crate::operations::triage::similar_reports(&state, &user, &reference, query.limit.unwrap_or(5).clamp(1, 20)).await?;
    Ok(Json(
        found
            .into_iter()
            .map(|s| SimilarView {
                reference: s.reference,
                score: s.score,
                possible_repeat: s.possible_repeat,
                kind: s.kind.as_str().into(),
                category: s.category.map(|c| c.as_str().into()),
                submitted_at: rfc3339(s.submitted_at),
                excerpt: s.excerpt,
            })
            .collect(),
    ))
}
