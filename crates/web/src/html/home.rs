//! The home page after sign-in: a greeting, the way to report, and the
//! latest reports the person's role may read (their own, their services',
//! or the organisation's).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use learnloop_domain::role::Role;
use learnloop_store::reports::ReportListScope;

use crate::auth::PageUser;
use crate::page::{Layout, PageError, render};
use crate::html::reports::{ReportRow, rows_for_scope};
use crate::operations::time_zone::zone_of;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    first_name: String,
    may_report: bool,
    is_admin: bool,
    recent: Vec<ReportRow>,
    recent_heading: &'static str,
    recent_link: &'static str,
}

pub async fn home(State(state): State<AppState>, PageUser(user): PageUser) -> Result<Response, PageError> {
    let org = state.store.organisation(user.organisation_id).await?;
    let zone = zone_of(&org);
    let (scope, heading, link) = match user.role {
        Role::Staff => (Some(ReportListScope::ReportedBy(user.id)), "Your recent reports", "/my-reports"),
        Role::Manager => (Some(ReportListScope::Services(user.service_ids.clone())), "Latest reports in your services", "/reports"),
        Role::Quality | Role::Safety => (Some(ReportListScope::Organisation(org.id)), "Latest reports", "/reports"),
        Role::Admin => (None, "", ""),
    };
    let recent = match scope {
        Some(scope) => rows_for_scope(&scope, state.store.list_reports(scope.clone(), None, 5).await?, &zone),
        None => Vec::new(),
    };
    let page = HomePage {
        layout: Layout::for_user(&state, &user, "Home", "/").await?,
        first_name: user.name.split_whitespace().next().unwrap_or_default().to_string(),
        may_report: user.role.may_report(),
        is_admin: user.role == Role::Admin,
        recent,
        recent_heading: heading,
        recent_link: link,
    };
    Ok(render(&page))
}
