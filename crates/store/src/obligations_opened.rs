//! What a new report opens, in the report's own transaction (so none is ever
//! missed): a safeguarding escalation with word to the service's lead, a
//! notification task for the regulator with word to its managers, a candour
//! record. The domain planned each and worded each message (`submission`);
//! this writes them and finds who to tell. A team member can escalate a
//! report later the same way.

use learnloop_domain::ids::{OrganisationId, PersonId, ReportId, ServiceId};
use learnloop_domain::statutory::NotificationReason;
use learnloop_domain::notice::Notice;

use crate::error::StoreError;
use crate::report_queue::OpenedAtSubmission;
use crate::inbox::{NewInboxMessage, insert_inbox_message};
use crate::row_id::random_row_id;
use crate::sql::{Transaction, sql};

pub(crate) fn reasons_text(reasons: &[NotificationReason]) -> String {
    let ordered: Vec<&str> = NotificationReason::ALL
        .iter()
        .filter(|r| reasons.contains(r))
        .map(|r| r.as_str())
        .collect();
    ordered.join(",")
}

/// The people a service's safeguarding concern goes to: its lead if set and
/// active (returned first, as the escalation's lead), otherwise its managers.
async fn safeguarding_recipients(
    tx: &mut Transaction,
    service_id: ServiceId,
) -> Result<(Option<PersonId>, Vec<PersonId>), StoreError> {
    let lead: Option<i64> = sql("SELECT u.id FROM services s JOIN users u ON u.id = s.safeguarding_lead_id WHERE s.id = $1 AND u.active = $2")
        .bind(service_id)
        .bind(true)
        .fetch_optional_value(&mut *tx)
        .await?;
    Ok(match lead.map(PersonId) {
        Some(lead) => (Some(lead), vec![lead]),
        None => (None, service_managers(tx, service_id).await?),
    })
}

/// The active managers of a service.
async fn service_managers(tx: &mut Transaction, service_id: ServiceId) -> Result<Vec<PersonId>, StoreError> {
    let managers: Vec<i64> = sql(
        "SELECT u.id FROM user_services us JOIN users u ON u.id = us.user_id
         WHERE us.service_id = $1 AND u.role = $2 AND u.active = $3 ORDER BY u.id",
    )
    .bind(service_id)
    .bind("manager")
    .bind(true)
    .fetch_column(tx)
    .await?;
    Ok(managers.into_iter().map(PersonId).collect())
}

/// An inbox message and an email to each of `recipients`. The email is about
/// a report (administrators see no body) and, for an anonymous report, keeps
/// only the day.
async fn tell_team(
    tx: &mut Transaction,
    organisation_id: OrganisationId,
    recipients: &[PersonId],
    message: &NewInboxMessage<'_>,
    day_only: bool,
) -> Result<(), StoreError> {
    for &user_id in recipients {
        insert_inbox_message(tx, user_id, message).await?;
        sql("INSERT INTO outbox_emails (id, organisation_id, to_address, subject, body, about_report, created_at, next_attempt_at, day_only)
             SELECT $8, $1, email, $2, $3, $4, $5, $5, $6 FROM users WHERE id = $7 AND active = $4")
        .bind(organisation_id)
        .bind(message.subject)
        .bind(message.body)
        .bind(true)
        .bind(message.at)
        .bind(day_only)
        .bind(user_id)
        .bind(random_row_id())
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// The report an obligation is opened for.
pub(crate) struct ReportAtHand {
    pub(crate) id: ReportId,
    pub(crate) organisation_id: OrganisationId,
    pub(crate) service_id: ServiceId,
}

/// Escalates a report's safeguarding concern: the row, and `notice` (worded
/// by the domain) to the service's lead.
pub(crate) async fn escalate_safeguarding(
    tx: &mut Transaction,
    report: &ReportAtHand,
    at: i64,
    day_only: bool,
    notice: &Notice,
) -> Result<(), StoreError> {
    let (lead, recipients) = safeguarding_recipients(tx, report.service_id).await?;
    sql("INSERT INTO safeguarding_escalations (report_id, organisation_id, service_id, escalated_at, lead_id) VALUES ($1, $2, $3, $4, $5)")
        .bind(report.id)
        .bind(report.organisation_id)
        .bind(report.service_id)
        .bind(at)
        .bind(lead)
        .execute(&mut *tx)
        .await?;
    tell_team(tx, report.organisation_id, &recipients, &inbox_message(notice, at), day_only).await
}

fn inbox_message(notice: &Notice, at: i64) -> NewInboxMessage<'_> {
    NewInboxMessage {
        at,
        subject: &notice.subject,
        body: &notice.body,
        link: Some(&notice.link),
    }
}

/// Opens what a new report calls for, as planned, inside the report's own
/// transaction.
pub(crate) async fn open_obligations(
    tx: &mut Transaction,
    report: &ReportAtHand,
    submitted_at: i64,
    opened: &OpenedAtSubmission,
) -> Result<(), StoreError> {
    if let Some(notice) = &opened.safeguarding {
        escalate_safeguarding(tx, report, submitted_at, opened.day_only, notice).await?;
    }
    if let Some(task) = &opened.notification {
        sql("INSERT INTO regulator_notifications (id, report_id, organisation_id, service_id, regulator, reasons, created_at, due_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(random_row_id())
        .bind(report.id)
        .bind(report.organisation_id)
        .bind(report.service_id)
        .bind(task.regulator.as_str())
        .bind(reasons_text(&task.reasons))
        .bind(submitted_at)
        .bind(task.due_at.as_second())
        .execute(&mut *tx)
        .await?;
        let managers = service_managers(tx, report.service_id).await?;
        tell_team(tx, report.organisation_id, &managers, &inbox_message(&task.notice, submitted_at), opened.day_only).await?;
    }
    if opened.candour {
        sql("INSERT INTO candour_records (report_id, organisation_id, service_id, created_at) VALUES ($1, $2, $3, $4)")
            .bind(report.id)
            .bind(report.organisation_id)
            .bind(report.service_id)
            .bind(submitted_at)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}
