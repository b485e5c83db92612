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

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::routing::{get, post};
use serde::de::DeserializeOwned;

use crate::error::{ApiError, AppError};
use crate::route_table::Routes;

pub fn routes() -> Routes {
    Routes::default()
        .post("/auth/login", post(auth::login))
        .post("/auth/logout", post(auth::logout))
        .get("/me", get(me::me))
        .get("/services", get(me::services))
        .post("/reports", post(reports::create))
        .get("/reports", get(reports::list))
        .get("/reports/{reference}", get(reports::show))
        .post("/reports/{reference}/reporter", post(reports::reveal_reporter))
        .post("/reports/{reference}/thanks", post(triage::thank))
        .get("/reports/{reference}/similar", get(triage::similar))
        .post("/reports/{reference}/messages", post(triage::message))
        .post("/reports/{reference}/feedback", post(triage::feedback))
        .post("/reports/{reference}/close", post(triage::close))
        .post("/reports/{reference}/reviews", post(reviews::create))
        .post("/reports/{reference}/just-culture", post(reviews::record_just_culture))
        .post("/reports/{reference}/actions", post(actions::create))
        .post("/reports/{reference}/learning", post(learning::publish))
        .get("/reports/{reference}/obligations", get(obligations::of_report))
        .post("/reports/{reference}/safeguarding", post(obligations::safeguarding))
        .post("/reports/{reference}/notifications", post(obligations::add_notification))
        .post("/reports/{reference}/candour", post(obligations::candour))
        .post("/notifications/{id}/sent", post(obligations::mark_sent))
        .get("/obligations", get(obligations::open))
        .get("/search", get(search::search))
        .get("/triage", get(triage::queue))
        .post("/just-culture/evaluate", post(reviews::evaluate))
        .get("/actions/mine", get(actions::mine))
        .post("/actions/{id}/complete", post(actions::complete))
        .post("/actions/{id}/check", post(actions::check))
        .post("/restrictive-practice", post(restrictive_practice::create))
        .get("/restrictive-practice", get(restrictive_practice::list))
        .get("/restrictive-practice/counts", get(restrictive_practice::counts))
        .get("/restrictive-practice/{id}", get(restrictive_practice::show))
        .post("/restrictive-practice/{id}/review", post(restrictive_practice::review))
        .post("/restrictive-practice/{id}/child-spoken-to", post(restrictive_practice::child_spoken_to))
        .get("/learning", get(learning::feed))
        .post("/learning/{id}/read", post(learning::mark_read))
        .get("/learning/{id}/reads", get(learning::reads))
        .post("/public/{org_key}/reports", post(public::create))
        .get("/follow-up/{code}", get(follow_up::show))
        .post("/follow-up/{code}/messages", post(follow_up::reply))
        .post("/follow-up/{code}/rating", post(follow_up::rate))
        .post("/coach", post(coach::check))
        .post("/spc", post(spc::compute))
        .get("/dashboard", get(dashboard::show))
        .post("/measures", post(measures::create))
        .get("/measures", get(measures::list))
        .get("/measures/{id}", get(measures::chart))
        .post("/measures/{id}/values", post(measures::enter_value))
        .post("/measures/{id}/import", post(measures::import).layer(axum::extract::DefaultBodyLimit::max(crate::measures::IMPORT_MAX_BYTES)))
        .get("/openapi.json", get(openapi::document))
}

/// Unknown paths under `/api/v1` answer in the API's error shape.
pub async fn not_found() -> ApiError {
    ApiError(AppError::NotFound("That API route"))
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
