//! Triage's "needs attention now": what must not wait whatever tab is open.
//! Reports with moderate harm or worse that nobody has answered, open
//! safeguarding checklists and regulator notifications past their deadline,
//! one item per report with every reason it is there (the domain's words,
//! `domain::attention`), most pressing first.

use jiff::Timestamp;
use learnloop_domain::attention::{AttentionReason, Deadline, overdue_marker};
use learnloop_store::people::User;

use crate::error::AppError;
use crate::operations::triage::{organisation_clocks, queue_scope};
use crate::state::AppState;

/// At most this many reports of each kind are read; the band shows them all.
const EACH_KIND: i64 = 20;

/// One report that needs attention, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttentionItem {
    pub reference: String,
    pub service: String,
    /// Every reason, most pressing first, in words.
    pub reasons: Vec<String>,
    /// "Notification overdue by 2 days" when a deadline has passed (a
    /// notification's, or the thank-you's), else `None`.
    pub overdue: Option<String>,
    /// Where on the report's page to go: its obligations or the top.
    pub anchor: &'static str,
    urgency: u8,
    submitted_at: i64,
}

fn item<'a>(
    items: &'a mut Vec<AttentionItem>,
    reference: &str,
    service: &str,
    submitted_at: i64,
) -> &'a mut AttentionItem {
    if let Some(i) = items.iter().position(|i| i.reference == reference) {
        return &mut items[i];
    }
    items.push(AttentionItem {
        reference: reference.to_string(),
        service: service.to_string(),
        reasons: Vec::new(),
        overdue: None,
        anchor: "",
        urgency: u8::MAX,
        submitted_at,
    });
    items.last_mut().expect("just pushed")
}

fn add(entry: &mut AttentionItem, reason: &AttentionReason, now: Timestamp) {
    entry.reasons.push(reason.why(now));
    entry.urgency = entry.urgency.min(reason.urgency());
}

/// What needs `user` now, in the services they handle.
pub async fn needing_attention(
    state: &AppState,
    user: &User,
) -> Result<Vec<AttentionItem>, AppError> {
    let scope = queue_scope(user)?;
    let now = Timestamp::now();
    let org = state.store.organisation(user.organisation_id).await?;
    let (clocks, zone) = organisation_clocks(&org);
    let open = state.store.open_obligations(&scope, EACH_KIND).await?;
    let harmful = state
        .store
        .harmful_unanswered_reports(&scope, EACH_KIND)
        .await?;
    let mut items: Vec<AttentionItem> = Vec::new();
    for notification in open.notifications.iter().filter(|n| n.is_overdue(now)) {
        let due = Timestamp::from_second(notification.due_at).map_err(AppError::internal)?;
        let entry = item(
            &mut items,
            &notification.reference,
            &notification.service_name,
            notification.created_at,
        );
        add(
            entry,
            &AttentionReason::NotificationOverdue {
                regulator: notification.regulator,
                due,
            },
            now,
        );
        entry.overdue = Some(overdue_marker(Deadline::Notification, due, now));
        entry.anchor = "#obligations";
    }
    for report in &harmful {
        let Some(harm) = report.harm else { continue };
        let entry = item(
            &mut items,
            &report.reference,
            &report.service_name,
            report.submitted_at,
        );
        add(entry, &AttentionReason::HarmNotAnswered(harm), now);
        let thanks_due = clocks.thanks_due(
            Timestamp::from_second(report.submitted_at).unwrap_or(now),
            &zone,
        );
        if entry.overdue.is_none() && thanks_due < now {
            entry.overdue = Some(overdue_marker(Deadline::ThankYou, thanks_due, now));
        }
    }
    for escalation in &open.safeguarding {
        let entry = item(
            &mut items,
            &escalation.reference,
            &escalation.service_name,
            escalation.escalated_at,
        );
        add(entry, &AttentionReason::SafeguardingOpen, now);
        if entry.anchor.is_empty() {
            entry.anchor = "#obligations";
        }
    }
    items.sort_by_key(|i| (i.urgency, i.submitted_at));
    Ok(items)
}
