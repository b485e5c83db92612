//! The audit log, newest first, as administrators read it.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;
use crate::auth::PageUser;
use crate::page::{Layout, PageError, render};
use crate::html::display::local_time;
use crate::operations::time_zone::zone_of;
use crate::state::AppState;
use crate::html::admin::admin_only;

pub struct AuditRow {
    pub when: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "admin_audit.html")]
struct AuditPage {
    layout: Layout,
    rows: Vec<AuditRow>,
    older_link: Option<String>,
}

#[derive(Deserialize)]
pub struct AuditQuery {
    before: Option<i64>,
}

pub async fn audit(State(state): State<AppState>, PageUser(user): PageUser, Query(q): Query<AuditQuery>) -> Result<Response, PageError> {
    admin_only(&user)?;
    let org = state.store.organisation(user.organisation_id).await?;
    let zone = zone_of(&org);
    let entries = state.store.audit_log(org.id, q.before, 100).await?;
    let older_link = (entries.len() == 100).then(|| entries.last().map(|e| format!("/admin/audit?before={}", e.id))).flatten();
    let rows = entries
        .into_iter()
        .map(|e| AuditRow {
            when: local_time(e.at, &zone),
            actor: e.actor_name.unwrap_or_else(|| "system".into()),
            action: e.action,
            subject: e.subject,
            detail: plain_detail(e.detail),
        })
        .collect();
    Ok(render(&AuditPage { layout: Layout::for_user(&state, &user, "Audit log", "/admin/audit").await?, rows, older_link }))
}

/// An entry's detail as written: its `what` in plain words when it has one
/// (invitations, deactivations, imports), else the recorded values.
fn plain_detail(detail: String) -> String {
    if detail == "{}" {
        return String::new();
    }
    match serde_json::from_str::<serde_json::Value>(&detail).ok().and_then(|v| v.get("what").and_then(|w| w.as_str()).map(str::to_string)) {
        Some(words) => words,
        None => detail,
    }
}
