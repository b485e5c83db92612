//! `GET /api/v1/me` and `GET /api/v1/services`: who the token belongs to,
//! and the services they may report about.

use axum::Json;
use axum::extract::State;
use serde::Serialize;

use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Me {
    pub email: String,
    pub name: String,
    /// `staff`, `manager`, `quality`, `safety` or `admin`.
    pub role: String,
    /// Slugs of the services the person works in or manages.
    pub services: Vec<String>,
}

/// The signed-in person.
#[utoipa::path(get, path = "/api/v1/me", tag = "people", responses((status = 200, body = Me), (status = 401, body = crate::error::ErrorBody)), security(("bearer" = [])))]
pub async fn me(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Me>, ApiError> {
    let services = state.store.services(user.organisation_id).await?;
    let slugs = services.into_iter().filter(|s| user.service_ids.contains(&s.id)).map(|s| s.slug).collect();
    Ok(Json(Me { email: user.email, name: user.name, role: user.role.as_str().to_string(), services: slugs }))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ServiceItem {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

/// The services of the caller's organisation.
#[utoipa::path(get, path = "/api/v1/services", tag = "people", responses((status = 200, body = Vec<ServiceItem>), (status = 401, body = crate::error::ErrorBody)), security(("bearer" = [])))]
pub async fn services(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Vec<ServiceItem>>, ApiError> {
    let services = state.store.services(user.organisation_id).await?;
    Ok(Json(services.into_iter().map(|s| ServiceItem { id: s.id.get(), slug: s.slug, name: s.name }).collect()))
}
