//! Safeguarding, regulator notifications and candour, shared by the pages and
//! the API: check the person may handle the report, check the input
//! (domain), save (store).

use jiff::Timestamp;
use learnloop_domain::obligations::{CandourInput, NotificationFactsInput, NotificationSentInput, SafeguardingChecklistInput};
use learnloop_domain::organisation::ServiceKind;
use learnloop_domain::submission::safeguarding_notice;
use learnloop_domain::statutory::{NotificationFacts, NotificationReason, notifications_required, regulator_for};
use learnloop_store::notifications::{Notification, NotificationRefusal};
use learnloop_store::obligations::{OpenObligations, ReportObligations};
use learnloop_store::people::User;
use learnloop_store::reports::ReportRecord;

use crate::error::AppError;
use crate::refusal::Refusal;
use crate::operations::report_access::report_to_handle;
use crate::operations::time_zone::{organisation_zone, today_in};
use crate::operations::triage::queue_scope;
use crate::state::AppState;

/// The kind of the report's service, which decides the regulator.
pub async fn service_kind(state: &AppState, report: &ReportRecord) -> Result<ServiceKind, AppError> {
    let service = state.store.service_by_slug_or_id(report.organisation_id, &report.service_slug).await?;
    Ok(service.map(|s| s.kind).unwrap_or_default())
}

pub async fn of_report(state: &AppState, user: &User, reference: &str) -> Result<(ReportRecord, ReportObligations), AppError> {
    let report = report_to_handle(state, user, reference).await?;
    let obligations = state.store.report_obligations(report.id).await?;
    Ok((report, obligations))
}

/// Records the checklist, escalating first if the report was not yet.
/// Returns whether it escalated now.
pub async fn record_safeguarding(state: &AppState, user: &User, reference: &str, input: &SafeguardingChecklistInput) -> Result<bool, AppError> {
    let report = report_to_handle(state, user, reference).await?;
    let zone = organisation_zone(state, user.organisation_id).await?;
    let checklist = input.validate(Timestamp::now(), &zone).map_err(AppError::Invalid)?;
    Ok(state.store.record_safeguarding_checklist(&report, &checklist, user.id, Timestamp::now(), &safeguarding_notice(&report.service_name, &report.reference)).await?)
}

/// What adding facts or reasons did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotificationChange {
    /// The task (new or existing) that now holds the new reasons.
    Task(i64),
    /// Every reason was already covered by a task.
    NothingNew,
}

/// Adds facts the form did not ask (police, deprivation of liberty, the
/// service stopped) and reasons the manager chooses; the rules decide which
/// call for a notification, and the regulator follows from the service.
pub async fn add_notification_facts(state: &AppState, user: &User, reference: &str, input: &NotificationFactsInput) -> Result<NotificationChange, AppError> {
    let report = report_to_handle(state, user, reference).await?;
    let kind = service_kind(state, &report).await?;
    let mut facts = NotificationFacts { service_kind: kind, harm: report.harm, category: report.category, ..Default::default() };
    let chosen = input.apply(&mut facts).map_err(AppError::Invalid)?;
    let mut reasons: Vec<NotificationReason> = notifications_required(&facts).into_iter().map(|(_, reason)| reason).collect();
    for reason in chosen {
        if !reasons.contains(&reason) {
            reasons.push(reason);
        }
    }
    if reasons.is_empty() {
        // Only deprivation of liberty for a child: not a notifiable event under these rules.
        return Err(AppError::invalid(
            "deprivation_of_liberty",
            "This is not a notifiable event for this kind of service. Choose a reason to notify if you judge it needed.",
        ));
    }
    let task = state.store.add_notification_reasons(&report, regulator_for(kind), &reasons, user.id, Timestamp::now()).await?;
    Ok(task.map(NotificationChange::Task).unwrap_or(NotificationChange::NothingNew))
}

/// A notification the person may act on: it exists in their organisation and
/// they may handle its report.
pub async fn notification_for(state: &AppState, user: &User, id: i64) -> Result<Notification, AppError> {
    let notification = state.store.notification(user.organisation_id, id).await?.ok_or(AppError::NotFound("That notification"))?;
    report_to_handle(state, user, &notification.reference).await?;
    Ok(notification)
}

pub async fn mark_sent(state: &AppState, user: &User, id: i64, input: &NotificationSentInput) -> Result<Notification, AppError> {
    let notification = notification_for(state, user, id).await?;
    let zone = organisation_zone(state, user.organisation_id).await?;
    let sent = input.validate(Timestamp::now(), &zone).map_err(AppError::Invalid)?;
    match state.store.mark_notification_sent(&notification, user.organisation_id, &sent, user.id, Timestamp::now()).await? {
        Ok(()) => Ok(notification),
        Err(NotificationRefusal::AlreadySent) => Err(Refusal::NotificationAlreadySent.into()),
    }
}

pub async fn record_candour(state: &AppState, user: &User, reference: &str, input: &CandourInput) -> Result<(), AppError> {
    let report = report_to_handle(state, user, reference).await?;
    let zone = organisation_zone(state, user.organisation_id).await?;
    let event_day = Timestamp::from_second(report.occurred_at).map_err(AppError::internal)?.to_zoned_datetime(zone.clone()).date();
    let dates = input.validate(event_day, today_in(&zone)).map_err(AppError::Invalid)?;
    state.store.record_candour(&report, &dates, user.id, Timestamp::now()).await?;
    Ok(())
}

/// What is open across the person's services (managers) or organisation.
pub async fn open(state: &AppState, user: &User, limit: i64) -> Result<OpenObligations, AppError> {
    let scope = queue_scope(user)?;
    Ok(state.store.open_obligations(&scope, limit).await?)
}

/// How many notifications are overdue where the person works.
pub async fn overdue_notifications(state: &AppState, user: &User) -> Result<i64, AppError> {
    let scope = queue_scope(user)?;
    Ok(state.store.count_overdue_notifications(&scope, Timestamp::now()).await?)
}
