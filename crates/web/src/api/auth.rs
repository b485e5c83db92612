//! The API's sign-in and sign-out: a bearer token for a person, with the
//! second factor where their role needs one.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use learnloop_domain::secret_token::hash_presented_token;
use learnloop_store::sessions::SessionKind;
use serde::{Deserialize, Serialize};

use crate::api::json::ApiJson;
use crate::auth::session::API_LOGIN_TOKEN_SECONDS;
use crate::auth::sign_in::{ClientAddress, check_password, check_second_factor, open_session};
use crate::error::{ApiError, AppError};
use crate::state::AppState;

#[derive(Deserialize, utoipa::ToSchema)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
    /// The safety officer's second factor: the six digits their
    /// authenticator app shows now, or an unused recovery code.
    #[serde(default)]
    pub code: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct LoginAnswer {
    /// Send as `Authorization: Bearer <token>`; valid for 30 days.
    pub token: String,
}

/// Exchange email and password (and, for the safety officer, `code`) for an
/// API token. Wrong credentials answer alike whether or not the address has
/// an account; repeated failures make the next attempt wait (429 with
/// `Retry-After`).
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = LoginAnswer), (status = 401, body = crate::error::ErrorBody), (status = 429, body = crate::error::ErrorBody)))]
pub async fn login(State(state): State<AppState>, client: ClientAddress, ApiJson(body): ApiJson<LoginRequest>) -> Result<Json<LoginAnswer>, ApiError> {
    let user = check_password(&state, &body.email, &body.password, &client).await?;
    if user.role.needs_second_factor() {
        let Some(code) = body.code.as_deref().filter(|c| !c.trim().is_empty()) else {
            return Err(AppError::Unauthorised("This account signs in with a second factor too: send \"code\" with the six digits your authenticator app shows.").into());
        };
        check_second_factor(&state, &user, code, &client).await?;
    }
    let token = open_session(&state, &user, SessionKind::ApiToken, Some(API_LOGIN_TOKEN_SECONDS)).await?;
    Ok(Json(LoginAnswer { token: token.as_str().to_string() }))
}

/// Revoke the token used for this request.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", responses((status = 204)), security(("bearer" = [])))]
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<StatusCode, ApiError> {
    if let Some(token) = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer ")) {
        state.store.delete_session(&hash_presented_token(token)).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}
