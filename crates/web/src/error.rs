//! Errors as the API and the pages show them. The API answers
//! `{"error":{"code","message","field"?}}`; pages show the same message in
//! HTML. Internal failures carry a reference that is logged with the cause,
//! never the data.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use learnloop_domain::FieldErrors;
use learnloop_store::StoreError;
use rand::Rng;
use serde::Serialize;

use crate::refusal::Refusal;

#[derive(Debug)]
pub enum AppError {
    /// The body is not JSON, or not the JSON shape expected.
    MalformedJson(String),
    /// A path or query parameter could not be read (a number expected, say).
    MalformedRequest(String),
    /// One or more fields are invalid; the first is named in the answer.
    Invalid(FieldErrors),
    Unauthorised(&'static str),
    Forbidden,
    NotFound(&'static str),
    /// Refused for a reason of its own, with its own code: the record is not
    /// in a state that allows this (409), or this person may never do it (403).
    Refused(Refusal),
    PayloadTooLarge,
    /// A JSON endpoint was sent something other than `application/json`.
    UnsupportedMediaType,
    RateLimited { message: String, retry_after_seconds: Option<i64> },
    /// Something failed on our side; `reference` is in the log with the cause.
    Internal { reference: String },
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> AppError {
        let mut errors = FieldErrors::default();
        errors.push(field, message);
        AppError::Invalid(errors)
    }

    /// Logs `cause` under a fresh reference and returns the error to show.
    pub fn internal(cause: impl std::fmt::Display) -> AppError {
        let reference: String = {
            let mut rng = rand::rng();
            (0..8).map(|_| b"0123456789ABCDEFGHJKMNPQRSTVWXYZ"[rng.random_range(0..32)] as char).collect()
        };
        tracing::error!(reference = %reference, error = %cause, "request failed");
        AppError::Internal { reference: format!("ERR-{reference}") }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::MalformedJson(_) | AppError::MalformedRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Unauthorised(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Refused(refusal) => refusal.status(),
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            AppError::MalformedJson(_) => "malformed_json",
            AppError::MalformedRequest(_) => "malformed_request",
            AppError::Invalid(_) => "invalid_field",
            AppError::Unauthorised(_) => "unauthorised",
            AppError::Forbidden => "forbidden",
            AppError::NotFound(_) => "not_found",
            AppError::Refused(refusal) => refusal.code(),
            AppError::PayloadTooLarge => "payload_too_large",
            AppError::UnsupportedMediaType => "unsupported_media_type",
            AppError::RateLimited { .. } => "rate_limited",
            AppError::Internal { .. } => "internal",
        }
    }

    pub fn message(&self) -> String {
        match self {
            AppError::MalformedJson(detail) => format!("The request body is not valid JSON: {detail}"),
            AppError::MalformedRequest(detail) => format!("The request could not be read: {detail}"),
            AppError::Invalid(errors) => errors.first().map(|e| e.message.clone()).unwrap_or_default(),
            AppError::Unauthorised(why) => why.to_string(),
            AppError::Forbidden => "Your role does not allow this.".to_string(),
            AppError::NotFound(what) => format!("{what} was not found."),
            AppError::Refused(refusal) => refusal.message().to_string(),
            AppError::PayloadTooLarge => "The request is larger than 1 MiB.".to_string(),
            AppError::UnsupportedMediaType => "Send the body as JSON, with the header Content-Type: application/json.".to_string(),
            AppError::RateLimited { message, .. } => message.clone(),
            AppError::Internal { reference } => {
                format!("Something went wrong on our side. Nothing was saved. Quote {reference} if you contact support.")
            }
        }
    }

    /// Whether a page shows its form again with this message (bad input, or
    /// a record whose state refuses the change now), rather than an error page.
    pub fn belongs_on_the_form(&self) -> bool {
        match self {
            AppError::Invalid(_) => true,
            AppError::Refused(refusal) => refusal.status() == StatusCode::CONFLICT,
            _ => false,
        }
    }

    pub fn retry_after(&self) -> Option<i64> {
        match self {
            AppError::RateLimited { retry_after_seconds, .. } => *retry_after_seconds,
            _ => None,
        }
    }
}

/// Codes that are not a [`Refusal`], with their status and what they mean.
pub const GENERAL_CODES: [(&str, u16, &str); 10] = [
    ("malformed_json", 400, "The body is not JSON, or not the JSON shape expected."),
    ("malformed_request", 400, "A path or query parameter could not be read (a number expected, say)."),
    ("invalid_field", 422, "One or more fields are invalid; `field` names the first, `fields` lists each with its message."),
    ("unauthorised", 401, "Not signed in, or the sign-in did not work; the message says which."),
    ("forbidden", 403, "The person's role does not allow this."),
    ("not_found", 404, "No such record, or not one this person may see."),
    ("payload_too_large", 413, "The body is larger than the endpoint accepts."),
    ("unsupported_media_type", 415, "A JSON endpoint was sent something other than `application/json`."),
    ("rate_limited", 429, "Too many attempts; `Retry-After` says how many seconds to wait."),
    ("internal", 500, "Something failed on our side and nothing was saved; the message quotes a reference for support."),
];

/// Every code an error may carry, general ones first.
pub fn all_codes() -> Vec<&'static str> {
    GENERAL_CODES.iter().map(|(code, _, _)| *code).chain(Refusal::ALL.iter().map(|r| r.code())).collect()
}

impl From<Refusal> for AppError {
    fn from(refusal: Refusal) -> AppError {
        AppError::Refused(refusal)
    }
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> AppError {
        match err {
            StoreError::NotFound => AppError::NotFound("That record"),
            other => AppError::internal(other),
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

impl ErrorBody {
    /// The body the API answers for `err`; the command line prints the same.
    pub fn of(err: &AppError) -> ErrorBody {
        let (field, fields) = match err {
            AppError::Invalid(errors) => (
                errors.first().map(|e| e.field.clone()),
                Some(errors.0.iter().map(|e| FieldProblem { field: e.field.clone(), message: e.message.clone() }).collect()),
            ),
            _ => (None, None),
        };
        ErrorBody { error: ErrorDetail { code: err.code().to_string(), message: err.message(), field, fields } }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// What went wrong, for programs: one of the codes in docs/errors.md
    /// (`invalid_field`, `not_found`, `report_already_closed`, …).
    pub code: String,
    pub message: String,
    /// The invalid field, for `invalid_field`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Every invalid field with its message, for `invalid_field`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<FieldProblem>>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

/// An error answered as JSON (for `/api/v1`).
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(err: E) -> ApiError {
        ApiError(err.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let err = self.0;
        let body = ErrorBody::of(&err);
        let mut response = (err.status(), axum::Json(body)).into_response();
        if let Some(seconds) = err.retry_after() {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)));
        }
        if matches!(err, AppError::Unauthorised(_)) {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}
