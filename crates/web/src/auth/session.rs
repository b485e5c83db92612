//! Finding the signed-in person: an `Authorization: Bearer` token on API
//! routes, the session cookie on pages; neither works in the other's place.
//! Extractors for each kind of route.

use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::header;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use jiff::Timestamp;
use learnloop_domain::secret_token::hash_presented_token;
use learnloop_store::people::User;
use learnloop_store::sessions::SessionKind;

use crate::error::{ApiError, AppError};
use crate::page::PageError;
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "learnloop_session";
/// A password checked, the second factor not yet (safety officer): opens
/// only the second-factor page, for a few minutes.
pub const PENDING_COOKIE: &str = "learnloop_second_factor";
/// Browser sessions last a long shift and a bit.
pub const BROWSER_SESSION_SECONDS: i64 = 14 * 3600;
/// Tokens from `POST /api/v1/auth/login` last 30 days.
pub const API_LOGIN_TOKEN_SECONDS: i64 = 30 * 86_400;

/// The API's credential: an `Authorization: Bearer` token, never a cookie,
/// so no other site can make a browser call the API as its user.
fn bearer_token(parts: &Parts) -> Option<String> {
    let value = parts.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok())?;
    value.strip_prefix("Bearer ").map(|t| t.trim().to_string())
}

/// The pages' credential: the session cookie, never a bearer token.
fn session_cookie(parts: &Parts) -> Option<String> {
    CookieJar::from_headers(&parts.headers).get(SESSION_COOKIE).map(|c| c.value().to_string())
}

/// The person behind an API token (never a browser session's secret).
async fn authenticate_api(parts: &Parts, state: &AppState) -> Result<Option<User>, AppError> {
    let Some(token) = bearer_token(parts) else { return Ok(None) };
    Ok(state.store.user_for_session(&hash_presented_token(&token), SessionKind::ApiToken, Timestamp::now()).await?)
}

/// The person behind a browser session cookie (never an API token).
async fn authenticate_page(parts: &Parts, state: &AppState) -> Result<Option<User>, AppError> {
    let Some(token) = session_cookie(parts) else { return Ok(None) };
    Ok(state.store.user_for_session(&hash_presented_token(&token), SessionKind::Browser, Timestamp::now()).await?)
}

/// A signed-in person on an API route; 401 otherwise.
pub struct ApiUser(pub User);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match authenticate_api(parts, state).await? {
            Some(user) => Ok(ApiUser(user)),
            None => Err(ApiError(AppError::Unauthorised("Sign in first: send a valid token as Authorization: Bearer <token>."))),
        }
    }
}

/// A signed-in person on a page; others are sent to sign in and brought back.
pub struct PageUser(pub User);

pub enum PageRejection {
    SignIn(String),
    Failed(AppError),
}

impl IntoResponse for PageRejection {
    fn into_response(self) -> Response {
        match self {
            PageRejection::SignIn(next) => Redirect::to(&format!("/sign-in?next={}", url_escape(&next))).into_response(),
            PageRejection::Failed(err) => PageError(err).into_response(),
        }
    }
}

/// `text` for a query string; `/` is kept, so `next=/reports` stays readable.
pub(crate) fn url_escape(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'/' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

impl FromRequestParts<AppState> for PageUser {
    type Rejection = PageRejection;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match authenticate_page(parts, state).await {
            Ok(Some(user)) => Ok(PageUser(user)),
            Ok(None) => {
                let path = parts.extensions.get::<OriginalUri>().map(|u| u.0.path().to_string()).unwrap_or_else(|| parts.uri.path().to_string());
                Err(PageRejection::SignIn(path))
            }
            Err(err) => Err(PageRejection::Failed(err)),
        }
    }
}

/// The signed-in person, if any (public pages that adapt to a session).
pub struct OptionalUser(pub Option<User>);

impl FromRequestParts<AppState> for OptionalUser {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(OptionalUser(authenticate_page(parts, state).await?))
    }
}

/// Refuses with 403 unless `allowed`.
pub fn require(allowed: bool) -> Result<(), AppError> {
    if allowed { Ok(()) } else { Err(AppError::Forbidden) }
}

/// Someone whose password (or sign-in link) was checked and whose second
/// factor is awaited; otherwise they are sent back to sign in.
pub struct SecondFactorPending {
    pub user: User,
    /// The pending session's secret, to end it once the code is given.
    pub token: String,
}

impl FromRequestParts<AppState> for SecondFactorPending {
    type Rejection = PageRejection;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = CookieJar::from_headers(&parts.headers).get(PENDING_COOKIE).map(|c| c.value().to_string());
        let Some(token) = token else { return Err(PageRejection::SignIn("/".into())) };
        match state.store.user_for_session(&hash_presented_token(&token), SessionKind::SecondFactorPending, Timestamp::now()).await {
            Ok(Some(user)) => Ok(SecondFactorPending { user, token }),
            Ok(None) => Err(PageRejection::SignIn("/".into())),
            Err(err) => Err(PageRejection::Failed(err.into())),
        }
    }
}
