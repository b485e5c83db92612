//! The triage queue page: "needs attention now" above the tabs (overdue, new,
//! awaiting feedback, replies), a filter and order kept in the address, and
//! each report's clock with an "overdue by N days" marker when it is late.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use jiff::Timestamp;
use learnloop_domain::attention::{Deadline, overdue_marker};
use learnloop_domain::list_filter::{ReportFilterInput, ReportOrder};
use serde::Deserialize;

use crate::auth::PageUser;
use crate::html::display::{local_day, local_time};
use crate::html::list_filters::FilterForm;
use crate::operations::attention::{AttentionItem, needing_attention};
use crate::operations::report_lists::{resolve_choice, services_to_choose};
use crate::operations::time_zone::zone_of;
use crate::operations::triage::QueueTab;
use crate::page::{Layout, PageError, render};
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
    /// "Thank-you overdue by 2 days" when the clock has run out.
    pub overdue: Option<String>,
    pub reply_waiting: bool,
}

#[derive(Template)]
#[template(path = "triage.html")]
struct TriagePage {
    layout: Layout,
    intro: String,
    attention: Vec<AttentionItem>,
    tabs: Vec<TabLink>,
    tab_label: &'static str,
    filters: FilterForm,
    rows: Vec<QueueRow>,
    /// Notifications to a regulator past their deadline, shown above the queue.
    overdue_notifications: i64,
}

#[derive(Deserialize)]
pub struct TabQuery {
    tab: Option<String>,
    #[serde(flatten)]
    filter: ReportFilterInput,
}

pub async fn queue(State(state): State<AppState>, PageUser(user): PageUser, Query(query): Query<TabQuery>) -> Result<Response, PageError> {
    let tab = query.tab.as_deref().and_then(QueueTab::parse).unwrap_or(QueueTab::Overdue);
    let (mut filter, mut problems) = query.filter.read();
    let choice = resolve_choice(&state, &user, &filter, &mut problems).await?;
    if choice.service.is_none() {
        filter.service = None;
    }
    let view = crate::operations::triage::triage_queue_filtered(&state, &user, tab, &choice, 100).await?;
    let attention = needing_attention(&state, &user).await?;
    let zone = zone_of(&state.store.organisation(user.organisation_id).await?);
    let now = Timestamp::now();
    let rows = view
        .entries
        .into_iter()
        .map(|entry| {
            let item = entry.item;
            let waiting_for_thanks = item.thanked_at.is_none();
            let clock = if waiting_for_thanks {
                format!("Thank by {}", local_time(entry.thanks_due.as_second(), &zone))
            } else {
                format!("Feedback due {}", local_time(entry.feedback_due.as_second(), &zone))
            };
            let overdue = entry.overdue.then(|| {
                if waiting_for_thanks && entry.thanks_due < now {
                    overdue_marker(Deadline::ThankYou, entry.thanks_due, now)
                } else {
                    overdue_marker(Deadline::Feedback, entry.feedback_due, now)
                }
            });
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
                overdue,
                reply_waiting: item.reply_waiting,
            }
        })
        .collect();
    let order = choice.order.unwrap_or(ReportOrder::Oldest);
    let intro = match user.role.report_scope() {
        learnloop_domain::role::ReportScope::WholeOrganisation => "Reports across every service that are still in the learning loop.",
        _ => "Reports in the services you manage that are still in the learning loop.",
    };
    let services = services_to_choose(&state, &user).await?;
    let filters = FilterForm::new("/triage", Some(tab.as_str()), &filter, &services, ReportOrder::Oldest, problems.0);
    let page = TriagePage {
        layout: Layout::for_user(&state, &user, "Triage", "/triage").await?,
        intro: format!("{intro} {}.", order.label()),
        attention,
        tabs: view
            .counts
            .iter()
            .map(|(t, count)| TabLink { href: filters.link("/triage", &format!("tab={}", t.as_str())), label: t.label(), count: *count, current: *t == tab })
            .collect(),
        tab_label: tab.label(),
        filters,
        rows,
        overdue_notifications: crate::operations::obligations::overdue_notifications(&state, &user).await?,
    };
    Ok(render(&page))
}
