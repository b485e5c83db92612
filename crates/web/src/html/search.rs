//! The search page: a form at the top, matching reports below (no script needed).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use learnloop_domain::role::Role;
use serde::Deserialize;

use crate::operations::report_lists::list_scope;
use crate::operations::search::{DEFAULT_LIMIT, parse_query};
use crate::auth::PageUser;
use crate::auth::session::require;
use crate::error::AppError;
use crate::html::reports::{ReportRow, report_rows};
use crate::page::{Layout, PageError, render, render_with_status};
use crate::operations::time_zone::zone_of;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    layout: Layout,
    scope_note: &'static str,
    q: String,
    error: Option<String>,
    searched: bool,
    recent: Vec<ReportRow>,
    /// The page holds as many as a search returns: there may be more.
    full: bool,
}

#[derive(Deserialize)]
pub struct SearchForm {
    q: Option<String>,
}

pub async fn page(State(state): State<AppState>, PageUser(user): PageUser, Query(form): Query<SearchForm>) -> Result<Response, PageError> {
    require(user.role != Role::Admin)?;
    let scope = list_scope(&user)?;
    let scope_note = match user.role {
        Role::Manager => "Searches the reports of the services you manage.",
        Role::Quality | Role::Safety => "Searches every report in the organisation.",
        _ => "Searches the reports you made by name or confidentially. Anonymous reports are not searched: nothing links them to you.",
    };
    let layout = Layout::for_user(&state, &user, "Search reports", "/search").await?;
    let q = form.q.unwrap_or_default();
    let mut page = SearchPage { layout, scope_note, q: q.clone(), error: None, searched: false, recent: Vec::new(), full: false };
    // Opening the page without a query shows the form alone.
    if q.is_empty() {
        return Ok(render(&page));
    }
    let query = match parse_query(Some(&q)) {
        Ok(query) => query,
        Err(AppError::Invalid(errors)) => {
            page.error = errors.first().map(|e| e.message.clone());
            return Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
        Err(other) => return Err(other.into()),
    };
    let org = state.store.organisation(user.organisation_id).await?;
    let rows = state.store.search_reports(&scope, &query, DEFAULT_LIMIT).await?;
    page.full = rows.len() as i64 == DEFAULT_LIMIT;
    page.searched = true;
    page.recent = report_rows(rows, &zone_of(&org));
    Ok(render(&page))
}
