//! `GET /api/v1/search?q=`: full-text search over the reports the caller may read.

use axum::Json;
use axum::extract::{Query, State};
use learnloop_domain::role::Role;
use serde::{Deserialize, Serialize};

use crate::operations::report_lists::list_scope;
use crate::operations::time_zone::rfc3339;
use crate::auth::ApiUser;
use crate::auth::session::require;
use crate::error::ApiError;
use crate::operations::search::{parse_limit, parse_query};
use crate::state::AppState;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct SearchParams {
    /// Words to find in what happened, the immediate actions and what went
    /// well. Every word must appear (stemmed: "falls" finds "fall"). Quotes and
    /// operators are read as plain words.
    pub q: Option<String>,
    /// At most this many results (default 50, at most 200).
    pub limit: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SearchResult {
    pub reference: String,
    pub kind: String,
    pub identity: String,
    pub status: String,
    pub service: String,
    pub occurred_at: String,
    /// For anonymous reports only the day is kept (midnight UTC).
    pub submitted_at: String,
    pub category: Option<String>,
    pub harm: Option<String>,
    /// The start of what happened.
    pub excerpt: String,
}

/// Reports the caller may read whose narrative holds every word, newest
/// first: staff their own (named or confidential), managers their services',
/// quality leads and the safety officer the whole organisation.
#[utoipa::path(get, path = "/api/v1/search", tag = "reports", params(SearchParams),
    responses((status = 200, body = Vec<SearchResult>), (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn search(State(state): State<AppState>, ApiUser(user): ApiUser, Query(params): Query<SearchParams>) -> Result<Json<Vec<SearchResult>>, ApiError> {
    require(user.role != Role::Admin)?;
    let scope = list_scope(&user)?;
    let query = parse_query(params.q.as_deref())?;
    let limit = parse_limit(params.limit.as_deref())?;
    let rows = state.store.search_reports(&scope, &query, limit).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| SearchResult {
                reference: r.reference,
                kind: r.kind.as_str().into(),
                identity: r.identity.as_str().into(),
                status: r.status.as_str().into(),
                service: r.service_name,
                occurred_at: rfc3339(r.occurred_at),
                submitted_at: rfc3339(r.submitted_at),
                category: r.category.map(|c| c.as_str().into()),
                harm: r.harm.map(|h| h.as_str().into()),
                excerpt: r.excerpt,
            })
            .collect(),
    ))
}
