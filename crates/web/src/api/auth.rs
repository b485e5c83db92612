use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use learnloop_domain::secret_token::hash_presented_token;
use learnloop_store::sessions::SessionKind;
use serde::{Deserialize, Serialize};

use crate::api::ApiJson;
use crate::auth::session::API_LOGIN_TOKEN_SECONDS;
use crate::auth::sign_in::sign_in;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Deserialize, utoipa::ToSchema)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct LoginAnswer {
    /// Send as `Authorization: Bearer <token>`; valid for 30 days.
    pub token: String,
}

/// Exchange email and password for an API token.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = LoginAnswer), (status = 401, body = crate::error::ErrorBody), (status = 429, body = crate::error::ErrorBody)))]
pub async fn login(State(state): State<AppState>, ApiJson(body): ApiJson<LoginRequest>) -> Result<Json<LoginAnswer>, ApiError> {
    let (_, token) = sign_in(&state, &body.email, &body.password, SessionKind::ApiToken, Some(API_LOGIN_TOKEN_SECONDS)).await?;
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
