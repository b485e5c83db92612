//! Learning shared through the API: publishing, the reader's feed and read receipts.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use jiff::Timestamp;
use serde::Serialize;

use crate::api::json::ApiJson;
use crate::operations::time_zone::rfc3339;
use crate::api::triage::Done;
use crate::auth::ApiUser;
use crate::error::{ApiError, AppError};
use crate::operations::learning::LearningRequest;
use crate::state::AppState;

#[derive(serde::Deserialize, utoipa::ToSchema)]
#[allow(dead_code)] // documents the body; the handler reads `LearningRequest`
pub struct LearningBody {
    /// What was learned, in plain words, without identifying details.
    summary: String,
    /// Services or teams: `service:<id|slug>`, `team:<id|slug>`, or a bare id or slug.
    audiences: Vec<String>,
    /// A short headline (optional).
    title: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PublishedView {
    pub id: i64,
    /// How many people it was published to.
    pub audience: i64,
}

/// Publish what was learned from a report to chosen services or teams; its
/// reporter is told the learning and the actions. 422 (`field: summary`)
/// lists identifying details to remove first.
#[utoipa::path(post, path = "/api/v1/reports/{reference}/learning", tag = "learning loop", request_body = LearningBody,
    params(("reference" = String, Path)),
    responses((status = 201, body = PublishedView), (status = 422, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn publish(State(state): State<AppState>, ApiUser(user): ApiUser, Path(reference): Path<String>, ApiJson(body): ApiJson<LearningRequest>) -> Result<(StatusCode, Json<PublishedView>), ApiError> {
    let published = crate::operations::learning::publish_learning(&state, &user, &reference, &body).await?;
    Ok((StatusCode::CREATED, Json(PublishedView { id: published.id, audience: published.audience })))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct FeedItem {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub published_by: String,
    pub published_at: String,
    pub read: bool,
}

/// The caller's learning feed, newest first.
#[utoipa::path(get, path = "/api/v1/learning", tag = "learning loop",
    responses((status = 200, body = Vec<FeedItem>)), security(("bearer" = [])))]
pub async fn feed(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Vec<FeedItem>>, ApiError> {
    // As the page: learning is shared with those who work in services.
    crate::auth::session::require(user.role.may_report())?;
    let items = state.store.learning_feed(user.id, 100).await?;
    Ok(Json(
        items
            .into_iter()
            .map(|i| FeedItem { id: i.id, title: i.title, summary: i.summary, published_by: i.published_by_name, published_at: rfc3339(i.published_at), read: i.read_at.is_some() })
            .collect(),
    ))
}

/// Mark a learning item read.
#[utoipa::path(post, path = "/api/v1/learning/{id}/read", tag = "learning loop", params(("id" = i64, Path)),
    responses((status = 200, body = Done), (status = 404, body = crate::error::ErrorBody)), security(("bearer" = [])))]
pub async fn mark_read(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>) -> Result<Json<Done>, ApiError> {
    if !state.store.mark_learning_read(user.id, id, Timestamp::now()).await? {
        return Err(AppError::NotFound("That learning item in your feed").into());
    }
    Ok(Json(Done { saved: "Marked read.".into() }))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ReadCounts {
    pub id: i64,
    pub title: String,
    /// How many of the audience have read it.
    pub read: i64,
    /// How many it was published to.
    pub audience: i64,
}

/// How many of the audience have read an item (those who handle reports).
#[utoipa::path(get, path = "/api/v1/learning/{id}/reads", tag = "learning loop", params(("id" = i64, Path)),
    responses((status = 200, body = ReadCounts), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)), security(("bearer" = [])))]
pub async fn reads(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>) -> Result<Json<ReadCounts>, ApiError> {
    crate::auth::session::require(user.role.handles_reports())?;
    let item = state.store.learning_item(user.organisation_id, id).await?.ok_or(AppError::NotFound("That learning item"))?;
    // Only those who handle the report it was learned from (a manager its
    // service's, quality leads and the safety officer any) see who read it.
    let reference = state.store.learning_report_reference(user.organisation_id, id).await?.ok_or(AppError::NotFound("That learning item"))?;
    match crate::operations::report_access::report_to_handle(&state, &user, &reference).await {
        Ok(_) => {}
        Err(AppError::Forbidden | AppError::NotFound(_)) => return Err(AppError::NotFound("That learning item").into()),
        Err(other) => return Err(other.into()),
    }
    let (read, audience) = state.store.learning_read_counts(id).await?;
    Ok(Json(ReadCounts { id, title: item.title, read, audience }))
}
