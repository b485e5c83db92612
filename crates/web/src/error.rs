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

#[derive(Debug)]
pub enum AppError {
    /// The body is not JSON, or not the JSON shape expected.
    MalformedJson(String),
    /// One or more fields are invalid; the first is named in the answer.
    Invalid(FieldErrors),
    Unauthorised(&'static str),
    Forbidden,
    /// Refused for a reason other than the role, which the message explains.
    ForbiddenBecause(&'static str),
    NotFound(&'static str),
    /// The record is not in a state that allows this (e.g. closing a report
    /// whose reporter has had no feedback); the message says what to do first.
    Conflict(String),
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
            AppError::MalformedJson(_) => StatusCode::BAD_REQUEST,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Unauthorised(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::ForbiddenBecause(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            AppError::MalformedJson(_) => "malformed_json",
            AppError::Invalid(_) => "invalid_field",
            AppError::Unauthorised(_) => "unauthorised",
            AppError::Forbidden | AppError::ForbiddenBecause(_) => "forbidden",
            AppError::NotFound(_) => "not_found",
            AppError::Conflict(_) => "conflict",
            AppError::PayloadTooLarge => "payload_too_large",
            AppError::UnsupportedMediaType => "unsupported_media_type",
            AppError::RateLimited { .. } => "rate_limited",
            AppError::Internal { .. } => "internal",
        }
    }

    pub fn message(&self) -> String {
        match self {
            AppError::MalformedJson(detail) => format!("The request body is not valid JSON: {detail}"),
            AppError::Invalid(errors) => errors.first().map(|e| e.message.clone()).unwrap_or_default(),
            AppError::Unauthorised(why) => why.to_string(),
            AppError::Forbidden => "Your role does not allow this.".to_string(),
            AppError::ForbiddenBecause(why) => why.to_string(),
            AppError::NotFound(what) => format!("{what} was not found."),
            AppError::Conflict(message) => message.clone(),
            AppError::PayloadTooLarge => "The request is larger than 1 MiB.".to_string(),
            AppError::UnsupportedMediaType => "Send the body as JSON, with the header Content-Type: application/json.".to_string(),
            AppError::RateLimited { message, .. } => message.clone(),
            AppError::Internal { reference } => {
                format!("Something went wrong on our side. Nothing was saved. Quote {reference} if you contact support.")
            }
        }
    }

    pub fn retry_after(&self) -> Option<i64> {
        match self {
            AppError::RateLimited { retry_after_seconds, .. } => *retry_after_seconds,
            _ => None,
        }
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
    /// `malformed_json`, `invalid_field`, `unauthorised`, `forbidden`,
    /// `not_found`, `conflict`, `payload_too_large`, `unsupported_media_type`,
    /// `rate_limited` or `internal`.
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
