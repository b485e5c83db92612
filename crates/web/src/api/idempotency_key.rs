//! The `Idempotency-Key` request header (IETF httpapi draft): a client that
//! may retry a submission sends one random key with it, and every retry gets
//! the first answer back instead of making a second report.

use axum::http::HeaderMap;
use learnloop_domain::idempotency::IdempotencyKey;

use crate::error::AppError;

pub const HEADER: &str = "Idempotency-Key";

/// The request's key, if it sent one; a malformed key is refused (400) rather
/// than ignored, so a client never believes a retry is safe when it is not.
pub fn idempotency_key(headers: &HeaderMap) -> Result<Option<IdempotencyKey>, AppError> {
    let Some(value) = headers.get(HEADER) else {
        return Ok(None);
    };
    let text = value.to_str().map_err(|_| AppError::MalformedRequest(format!("{HEADER}: {}", learnloop_domain::idempotency::KEY_RULE)))?;
    IdempotencyKey::parse(text).map(Some).map_err(|rule| AppError::MalformedRequest(format!("{HEADER}: {rule}")))
}
