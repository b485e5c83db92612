//! The API's JSON bodies, and its answer for unknown paths: errors come back
//! in the API's error shape, naming the field to fix.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, AppError};

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
