//! The triage queue page: overdue, new, awaiting feedback and replies, oldest first.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use crate::auth::PageUser;
use crate::page::{Layout, PageError, render};
use crate::html::display::{local_day, local_time};
use crate::operations::triage::QueueTab;
use crate::operations::time_zone::zone_of;
use crate::state::AppState;

pub struct TabLink {
    pub href: String,
    pub label: &'static str,
    pub count: i64,
    pub current: bool,
}

pub struct QueueRow {
    pub reference: String,
    pub kind: String,
    pub kind_class: &'static str,
    pub status: String,
    pub service: String,
    pub submitted: String,
    pub excerpt: String,
    pub category: String,
    pub harm: String,
    /// "Thank by Mon 23 Nov, 15:00" or "Feedback due …".
    pub clock: String,
    pub overdue: bool,
    pub reply_waiting: bool,
}

#[derive(Template)]
#[template(path = "triage.html")]
struct TriagePage {
    layout: Layout,
    intro: String,
    tabs: Vec<TabLink>,
    tab_label: &'static str,
    rows: Vec<QueueRow>,
    /// Notifications to a regulator past their deadline, shown above the queue.
    overdue_notifications: i64,
}

#[derive(Deserialize)]
pub struct TabQuery {
    tab: Option<String>,
}

pub async fn queue(State(state): State<AppState>, PageUser(user): PageUser, Query(query): Query<TabQuery>) -> Result<Response, PageError> {
    let tab = query.tab.as_deref().and_then(QueueTab::parse).unwrap_or(QueueTab::Overdue);
    let view = crate::operations::triage::triage_queue(&state, &user, tab, 100).await?;
    let zone = zone_of(&state.store.organisation(user.organisation_id).await?);
    let rows = view
        .entries
        .into_iter()
        .map(|entry| {
            let item = entry.item;
            let clock = if item.thanked_at.is_none() {
                format!("Thank by {}", local_time(entry.thanks_due.as_second(), &zone))
            } else {
                format!("Feedback due {}", local_time(entry.feedback_due.as_second(), &zone))
            };
            QueueRow {
                kind_class: item.kind.as_str(),
                kind: item.kind.label().into(),
                status: item.status.label().into(),
                submitted: local_day(item.submitted_at, &zone),
                category: item.category.map(|c| c.label().to_string()).unwrap_or_default(),
                harm: item.harm.map(|h| h.label().to_string()).unwrap_or_default(),
                excerpt: item.excerpt,
                service: item.service_name,
                reference: item.reference,
                clock,
                overdue: entry.overdue,
                reply_waiting: item.reply_waiting,
            }
        })
        .collect();
    let intro = match user.role.report_scope() {
        learnloop_domain::role::ReportScope::WholeOrganisation => "Reports across every service that are still in the learning loop, oldest first.",
        _ => "Reports in the services you manage that are still in the learning loop, oldest first.",
    };
    let page = TriagePage {
        layout: Layout::for_user(&state, &user, "Triage", "/triage").await?,
        intro: intro.into(),
        tabs: view
            .counts
            .iter()
            .map(|(t, count)| TabLink { href: format!("/triage?tab={}", t.as_str()), label: t.label(), count: *count, current: *t == tab })
            .collect(),
        tab_label: tab.label(),
        rows,
        overdue_notifications: crate::operations::obligations::overdue_notifications(&state, &user).await?,
    };
    Ok(render(&page))
}
