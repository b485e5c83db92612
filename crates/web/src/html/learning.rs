//! Learning shared: each person's learning feed with read receipts, a
//! service's "you said, we did" board, and the governance list of rules that
//! learning reviews found need to change.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use learnloop_domain::reports::{Category, ReportKind};
use learnloop_domain::role::ReportScope;

use crate::auth::PageUser;
use crate::auth::session::require;
use crate::error::AppError;
use crate::html::workspace::review_lines;
use crate::page::{Layout, PageError, render};
use crate::html::display::local_day;
use crate::operations::time_zone::zone_of;
use crate::state::AppState;

pub struct FeedEntry {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub by: String,
    pub published: String,
    pub read: bool,
}

#[derive(Template)]
#[template(path = "learning_feed.html")]
struct FeedPage {
    layout: Layout,
    entries: Vec<FeedEntry>,
}

pub async fn feed(State(state): State<AppState>, PageUser(user): PageUser) -> Result<Response, PageError> {
    require(user.role.may_report())?;
    let zone = zone_of(&state.store.organisation(user.organisation_id).await?);
    let entries = state
        .store
        .learning_feed(user.id, 100)
        .await?
        .into_iter()
        .map(|i| FeedEntry { id: i.id, title: i.title, summary: i.summary, by: i.published_by_name, published: local_day(i.published_at, &zone), read: i.read_at.is_some() })
        .collect();
    Ok(render(&FeedPage { layout: Layout::for_user(&state, &user, "Learning", "/learning").await?, entries }))
}

pub async fn mark_read(State(state): State<AppState>, PageUser(user): PageUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    if !state.store.mark_learning_read(user.id, id, Timestamp::now()).await? {
        return Err(AppError::NotFound("That learning item in your feed").into());
    }
    Ok(Redirect::to(&format!("/learning#learning-{id}")).into_response())
}

pub struct BoardEntry {
    pub you_said: String,
    pub we_did: String,
    pub summary: String,
    pub published: String,
    pub actions_done: i64,
}

#[derive(Template)]
#[template(path = "you_said_we_did.html")]
struct BoardPage {
    layout: Layout,
    service_name: String,
    entries: Vec<BoardEntry>,
}

/// "You said, we did" for one service: open to everyone who works there and
/// those who oversee it. What reporters raised is shown by kind and category
/// only, never in their words.
pub async fn you_said_we_did(State(state): State<AppState>, PageUser(user): PageUser, Path(slug): Path<String>) -> Result<Response, PageError> {
    require(user.role.may_report())?;
    let service = state.store.service_by_slug_or_id(user.organisation_id, &slug).await?.ok_or(AppError::NotFound("That service"))?;
    let zone = zone_of(&state.store.organisation(user.organisation_id).await?);
    let entries = state
        .store
        .you_said_we_did(service.id, 100)
        .await?
        .into_iter()
        .map(|e| {
            let kind = ReportKind::parse(&e.report_kind).map(|k| k.label().to_lowercase()).unwrap_or_default();
            let category = e.report_category.as_deref().and_then(Category::parse).map(|c| format!(" about {}", c.label().to_lowercase())).unwrap_or_default();
            BoardEntry {
                you_said: format!("Someone reported a {kind}{category}."),
                we_did: e.title,
                summary: e.summary,
                published: local_day(e.published_at, &zone),
                actions_done: e.actions_done,
            }
        })
        .collect();
    let page = BoardPage { layout: Layout::for_user(&state, &user, "You said, we did", "/learning").await?, service_name: service.name, entries };
    Ok(render(&page))
}

pub struct GovernanceEntry {
    pub created: String,
    pub by: String,
    pub reports: Vec<String>,
    pub lines: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "governance.html")]
struct GovernancePage {
    layout: Layout,
    entries: Vec<GovernanceEntry>,
}

/// Learning reviews that answered yes to the double-loop question.
pub async fn governance(State(state): State<AppState>, PageUser(user): PageUser) -> Result<Response, PageError> {
    require(user.role.report_scope() == ReportScope::WholeOrganisation)?;
    let zone = zone_of(&state.store.organisation(user.organisation_id).await?);
    let entries = state
        .store
        .governance_list(user.organisation_id, 100)
        .await?
        .into_iter()
        .map(|r| GovernanceEntry { created: local_day(r.created_at, &zone), by: r.created_by_name, reports: r.report_references, lines: review_lines(&r.details, &zone).1 })
        .collect();
    Ok(render(&GovernancePage { layout: Layout::for_user(&state, &user, "Governance list", "/governance").await?, entries }))
}
