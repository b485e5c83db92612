//! A person's inbox page: acknowledgements, thanks, feedback and word about
//! their actions, newest first, and marking them read.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};

use jiff::Timestamp;

use crate::auth::PageUser;
use crate::page::{Layout, PageError, render};
use crate::html::display::local_time;
use crate::html::text_blocks::{TextBlock, text_blocks};
use crate::operations::time_zone::zone_of;
use crate::state::AppState;

pub struct InboxItem {
    pub subject: String,
    /// The message's paragraphs and lists.
    pub body: Vec<TextBlock>,
    pub link: Option<String>,
    pub when: String,
    pub unread: bool,
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage {
    layout: Layout,
    items: Vec<InboxItem>,
}

pub async fn inbox(State(state): State<AppState>, PageUser(user): PageUser) -> Result<Response, PageError> {
    let org = state.store.organisation(user.organisation_id).await?;
    let zone = zone_of(&org);
    let items = state
        .store
        .inbox(user.id, 100)
        .await?
        .into_iter()
        .map(|m| InboxItem { when: local_time(m.created_at, &zone), unread: m.read_at.is_none(), subject: m.subject, body: text_blocks(&m.body), link: m.link })
        .collect();
    Ok(render(&InboxPage { layout: Layout::for_user(&state, &user, "Inbox", "/inbox").await?, items }))
}

pub async fn mark_read(State(state): State<AppState>, PageUser(user): PageUser) -> Result<Response, PageError> {
    state.store.mark_inbox_read(user.id, Timestamp::now()).await?;
    Ok(Redirect::to("/inbox").into_response())
}
