//! What a new report opens, in the report's own transaction (so none is ever
//! missed): a safeguarding escalation with word to the service's lead, a
//! notification task for the regulator with word to its managers, a candour
//! record. A team member can escalate a report later the same way.

use learnloop_domain::statutory::NotificationReason;

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
    service_id: i64,
) -> Result<(Option<i64>, Vec<i64>), StoreError> {
    let lead: Option<i64> = sql("SELECT u.id FROM services s JOIN users u ON u.id = s.safeguarding_lead_id WHERE s.id = $1 AND u.active = $2")
        .bind(service_id)
        .bind(true)
        .fetch_optional_value(&mut *tx)
        .await?;
    Ok(match lead {
        Some(lead) => (Some(lead), vec![lead]),
        None => (None, service_managers(tx, service_id).await?),
    })
}

/// The active managers of a service.
async fn service_managers(tx: &mut Transaction, service_id: i64) -> Result<Vec<i64>, StoreError> {
    sql(
        "SELECT u.id FROM user_services us JOIN users u ON u.id = us.user_id
         WHERE us.service_id = $1 AND u.role = $2 AND u.active = $3 ORDER BY u.id",
    )
    .bind(service_id)
    .bind("manager")
    .bind(true)
    .fetch_column(tx)
    .await
}

/// An inbox message and an email to each of `recipients`. The email is about
/// a report (administrators see no body) and, for an anonymous report, keeps
/// only the day.
async fn tell_team(
    tx: &mut Transaction,
    organisation_id: i64,
    recipients: &[i64],
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
pub(crate) struct ReportAtHand<'a> {
    pub(crate) id: i64,
    pub(crate) organisation_id: i64,
    pub(crate) service_id: i64,
    pub(crate) service_name: &'a str,
    pub(crate) reference: &'a str,
}

/// Escalates a report's safeguarding concern: the row, and word to the lead.
pub(crate) async fn escalate_safeguarding(
    tx: &mut Transaction,
    report: &ReportAtHand<'_>,
    at: i64,
    day_only: bool,
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
    // No reference in the subject: administrators read subjects in the outbox.
    let subject = format!("Safeguarding concern in {}: act today", report.service_name);
    let body = format!(
        "A report raised a safeguarding concern. Make sure the person is safe now, decide on a referral to the \
         local authority, and record both on the report: /reports/{}",
        report.reference
    );
    let link = format!("/reports/{}", report.reference);
    let message = NewInboxMessage {
        at,
        subject: &subject,
        body: &body,
        link: Some(&link),
    };
    tell_team(tx, report.organisation_id, &recipients, &message, day_only).await
}

/// Opens what a new report calls for, inside the report's own transaction.
pub(crate) async fn open_obligations(
    tx: &mut Transaction,
    report: &ReportAtHand<'_>,
    submitted_at: i64,
    opened: &OpenedAtSubmission,
) -> Result<(), StoreError> {
    if opened.safeguarding {
        escalate_safeguarding(tx, report, submitted_at, opened.day_only).await?;
    }
    if let Some((regulator, reasons)) = &opened.notification {
        let due_at: i64 = sql("INSERT INTO regulator_notifications (id, report_id, organisation_id, service_id, regulator, reasons, created_at, due_at)
             SELECT $7, $1, $2, $3, $4, $5, $6, $6 + 3600 * notify_regulator_within_hours FROM organisations WHERE id = $2
             RETURNING due_at")
        .bind(report.id)
        .bind(report.organisation_id)
        .bind(report.service_id)
        .bind(regulator.as_str())
        .bind(reasons_text(reasons))
        .bind(submitted_at)
        .bind(random_row_id())
        .fetch_value(&mut *tx)
        .await?;
        let managers = service_managers(tx, report.service_id).await?;
        let subject = format!(
            "{} notification needed for a report in {}",
            regulator.label(),
            opened.service_name
        );
        let body = format!(
            "A report meets the {} notification criteria. Notify them and record it on the report by {} (UTC): /reports/{}",
            regulator.label(),
            jiff::Timestamp::from_second(due_at)
                .map(|t| t.strftime("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default(),
            report.reference
        );
        let link = format!("/reports/{}", report.reference);
        let message = NewInboxMessage {
            at: submitted_at,
            subject: &subject,
            body: &body,
            link: Some(&link),
        };
        tell_team(
            tx,
            report.organisation_id,
            &managers,
            &message,
            opened.day_only,
        )
        .await?;
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

