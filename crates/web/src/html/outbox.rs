//! The administrators' outbox: every email Learnloop sent, or would have sent
//! had SMTP been configured, with failures and retries. Mail about a report
//! is listed without its body (administrators do not read report content).
//! An invitation shows its link until it is sent, so that without SMTP the
//! administrator can hand it over.

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use crate::auth::PageUser;
use crate::auth::session::require;
use crate::page::{Layout, PageError, render};
use crate::html::display::local_time;
use crate::operations::time_zone::zone_of;
use crate::state::AppState;

pub struct OutboxRow {
    pub queued: String,
    pub to: String,
    pub subject: String,
    pub body: Option<String>,
    /// Why the body is not shown, when it is not.
    pub hidden_because: Option<&'static str>,
    pub status: String,
}

#[derive(Template)]
#[template(path = "admin_outbox.html")]
struct OutboxPage {
    layout: Layout,
    smtp_configured: bool,
    rows: Vec<OutboxRow>,
}

pub async fn outbox(State(state): State<AppState>, PageUser(user): PageUser) -> Result<Response, PageError> {
    require(user.role.may_administer())?;
    let zone = zone_of(&state.store.organisation(user.organisation_id).await?);
    let smtp_configured = state.config.smtp.is_some();
    let rows = state
        .store
        .outbox(user.organisation_id, 200)
        .await?
        .into_iter()
        .map(|e| OutboxRow {
            queued: local_time(e.created_at, &zone),
            status: match (e.sent_at, &e.last_error) {
                (Some(at), _) => format!("Sent {}", local_time(at, &zone)),
                (None, Some(error)) => format!("Not sent yet: {error} ({} attempts)", e.attempts),
                (None, None) if smtp_configured => "Waiting to be sent".to_string(),
                (None, None) => "Not sent: no SMTP server is configured".to_string(),
            },
            hidden_because: if e.secret {
                Some("A sign-in link: never shown.")
            } else if e.about_report {
                Some("About a report: content not shown.")
            } else if e.link_until_sent && e.sent_at.is_some() {
                Some("An invitation: its link was removed once sent.")
            } else {
                None
            },
            body: (!(e.about_report || e.secret || (e.link_until_sent && e.sent_at.is_some()))).then_some(e.body),
            to: e.to_address,
            subject: e.subject,
        })
        .collect();
    Ok(render(&OutboxPage { layout: Layout::for_user(&state, &user, "Outbox", "/admin/outbox").await?, smtp_configured, rows }))
}
