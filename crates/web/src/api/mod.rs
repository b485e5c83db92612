//! The JSON API under `/api/v1`, described by `/api/v1/openapi.json`.

pub mod actions;
pub mod auth;
pub mod coach;
pub mod dashboard;
pub mod follow_up;
pub mod health;
pub mod learning;
pub mod me;
pub mod measures;
pub mod obligations;
pub mod openapi;
pub mod public;
pub mod reports;
pub mod restrictive_practice;
pub mod reviews;
pub mod search;
pub mod spc;
pub mod triage;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::routing::{get, post};
use serde::de::DeserializeOwned;

use crate::error::{ApiError, AppError};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/me", get(me::me))
        .route("/services", get(me::services))
        .route("/reports", post(reports::create).get(reports::list))
        .route("/reports/{reference}", get(reports::show))
        .route("/reports/{reference}/reporter", post(reports::reveal_reporter))
        .route("/reports/{reference}/thanks", post(triage::thank))
        .route("/reports/{reference}/similar", get(triage::similar))
        .route("/reports/{reference}/messages", post(triage::message))
        .route("/reports/{reference}/feedback", post(triage::feedback))
        .route("/reports/{reference}/close", post(triage::close))
        .route("/reports/{reference}/reviews", post(reviews::create))
        .route("/reports/{reference}/just-culture", post(reviews::record_just_culture))
        .route("/reports/{reference}/actions", post(actions::create))
        .route("/reports/{reference}/learning", post(learning::publish))
        .route("/reports/{reference}/obligations", get(obligations::of_report))
        .route("/reports/{reference}/safeguarding", post(obligations::safeguarding))
        .route("/reports/{reference}/notifications", post(obligations::add_notification))
        .route("/reports/{reference}/candour", post(obligations::candour))
        .route("/notifications/{id}/sent", post(obligations::mark_sent))
        .route("/obligations", get(obligations::open))
        .route("/search", get(search::search))
        .route("/triage", get(triage::queue))
        .route("/just-culture/evaluate", post(reviews::evaluate))
        .route("/actions/mine", get(actions::mine))
        .route("/actions/{id}/complete", post(actions::complete))
        .route("/actions/{id}/check", post(actions::check))
        .route("/restrictive-practice", post(restrictive_practice::create).get(restrictive_practice::list))
        .route("/restrictive-practice/counts", get(restrictive_practice::counts))
        .route("/restrictive-practice/{id}", get(restrictive_practice::show))
        .route("/restrictive-practice/{id}/review", post(restrictive_practice::review))
        .route("/restrictive-practice/{id}/child-spoken-to", post(restrictive_practice::child_spoken_to))
        .route("/learning", get(learning::feed))
        .route("/learning/{id}/read", post(learning::mark_read))
        .route("/learning/{id}/reads", get(learning::reads))
        .route("/public/{org_key}/reports", post(public::create))
        .route("/follow-up/{code}", get(follow_up::show))
        .route("/follow-up/{code}/messages", post(follow_up::reply))
        .route("/follow-up/{code}/rating", post(follow_up::rate))
        .route("/coach", post(coach::check))
        .route("/spc", post(spc::compute))
        .route("/dashboard", get(dashboard::show))
        .route("/measures", post(measures::create).get(measures::list))
        .route("/measures/{id}", get(measures::chart))
        .route("/measures/{id}/values", post(measures::enter_value))
        .route("/measures/{id}/import", post(measures::import).layer(axum::extract::DefaultBodyLimit::max(crate::measures::IMPORT_MAX_BYTES)))
        .route("/openapi.json", get(openapi::document))
        .fallback(|| async { ApiError(AppError::NotFound("That API route")) })
}

/// A JSON body whose errors come back in the API's error shape: 415 unless
/// sent as `application/json`, 400 for text that is not JSON, 422 naming the
/// field for JSON of the wrong shape, 413 for bodies over 1 MiB.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        // Only JSON: a browser can send `text/plain` or a form to another site
        // without asking, but never `application/json`.
        let content_type = request.headers().get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
        let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        if essence != "application/json" && !(essence.starts_with("application/") && essence.ends_with("+json")) {
            return Err(ApiError(AppError::UnsupportedMediaType));
        }
        let bytes = Bytes::from_request(request, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError(AppError::PayloadTooLarge)
            } else {
                ApiError(AppError::MalformedJson(rejection.body_text()))
            }
        })?;
        parse_json(&bytes).map(ApiJson).map_err(ApiError)
    }
}

/// Reads a JSON body: a field of the wrong shape comes back as an invalid
/// field named by its path (`y[3]`), text that is not JSON as malformed.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let deserializer = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(deserializer).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        if inner.is_data() {
            let field = if path == "." { missing_field_name(&inner.to_string()).unwrap_or("body".into()) } else { path };
            AppError::invalid(&field, format!("{field}: {}", strip_position(&inner.to_string())))
        } else {
            AppError::MalformedJson(inner.to_string())
        }
    })
}

fn missing_field_name(message: &str) -> Option<String> {
    let rest = message.strip_prefix("missing field `")?;
    rest.split_once('`').map(|(name, _)| name.to_string())
}

fn strip_position(message: &str) -> &str {
    message.split(" at line ").next().unwrap_or(message)
}
