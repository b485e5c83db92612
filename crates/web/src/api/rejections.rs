//! The API's answers when axum could not read a path or query parameter:
//! its extractors answer in plain text, the API always in its JSON error
//! shape (docs/errors.md), so a program reads every refusal the same way.

use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::{ApiError, AppError};

/// Longest extractor message carried over into the JSON answer.
const MESSAGE_MAX_BYTES: usize = 4 * 1024;

/// Turns a plain-text 400 under `/api/v1` into the API's JSON error.
pub async fn answer_rejections_as_json(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/v1/");
    let response = next.run(request).await;
    let plain_text = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/plain"));
    if !is_api || response.status() != StatusCode::BAD_REQUEST || !plain_text {
        return response;
    }
    let detail = match axum::body::to_bytes(response.into_body(), MESSAGE_MAX_BYTES).await {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(_) => "a parameter is malformed".to_string(),
    };
    ApiError(AppError::MalformedRequest(detail)).into_response()
}
