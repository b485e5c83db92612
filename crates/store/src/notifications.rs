//! Notifications to a regulator (CQC, Ofsted, …): a task with a deadline,
//! opened with the report when the rules call for one or added by a manager,
//! and marked sent with who, when and the regulator's reference.

use learnloop_domain::audit::AuditAction;
use learnloop_domain::ids::{OrganisationId, PersonId, ReportId};
use jiff::Timestamp;
use learnloop_domain::obligations::NotificationSent;
use learnloop_domain::statutory::{NotificationReason, Regulator};
use serde_json::json;

use crate::audit::{NewAuditEntry, write_audit};
use crate::error::StoreError;
use crate::obligations_opened::reasons_text;
use crate::reports::{ReportRecord, required};
use crate::row_id::random_row_id;
use crate::sql::{assembled_sql, sql};
use crate::store::Store;
use crate::triage::QueueScope;

fn parse_reasons(text: &str) -> Result<Vec<NotificationReason>, StoreError> {
    text.split(',')
        .filter(|key| !key.is_empty())
        .map(|key| {
            required(
                key,
                NotificationReason::parse,
                "regulator_notifications.reasons",
            )
        })
        .collect()
}

/// A notification to a regulator, due or sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub id: i64,
    pub report_id: ReportId,
    pub reference: String,
    pub service_name: String,
    pub regulator: Regulator,
    pub reasons: Vec<NotificationReason>,
    pub created_at: i64,
    pub due_at: i64,
    pub sent_at: Option<i64>,
    pub sent_by_name: Option<String>,
    pub regulator_reference: Option<String>,
}

impl Notification {
    pub fn is_overdue(&self, now: Timestamp) -> bool {
        self.sent_at.is_none() && now.as_second() > self.due_at
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct NotificationRow {
    id: i64,
    #[sqlx(try_from = "i64")]
    report_id: ReportId,
    reference: String,
    service_name: String,
    regulator: String,
    reasons: String,
    created_at: i64,
    due_at: i64,
    sent_at: Option<i64>,
    sent_by_name: Option<String>,
    regulator_reference: Option<String>,
}

impl TryFrom<NotificationRow> for Notification {
    type Error = StoreError;
    fn try_from(row: NotificationRow) -> Result<Self, StoreError> {
        Ok(Notification {
            regulator: required(
                &row.regulator,
                Regulator::parse,
                "regulator_notifications.regulator",
            )?,
            reasons: parse_reasons(&row.reasons)?,
            id: row.id,
            report_id: row.report_id,
            reference: row.reference,
            service_name: row.service_name,
            created_at: row.created_at,
            due_at: row.due_at,
            sent_at: row.sent_at,
            sent_by_name: row.sent_by_name,
            regulator_reference: row.regulator_reference,
        })
    }
}

pub(crate) const SELECT_NOTIFICATION: &str = "SELECT n.id, n.report_id, r.reference, s.name AS service_name, n.regulator, n.reasons,
        n.created_at, n.due_at, n.sent_at, u.name AS sent_by_name, n.regulator_reference
    FROM regulator_notifications n JOIN reports r ON r.id = n.report_id JOIN services s ON s.id = n.service_id
    LEFT JOIN users u ON u.id = n.sent_by";

/// A manager's answer that the store refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotificationRefusal {
    AlreadySent,
}

impl Store {
    /// Adds reasons to notify `regulator`: they join the report's unsent task
    /// for that regulator, or start a new one (due in the organisation's hours
    /// from now) when every earlier one was sent. Reasons already covered by
    /// a task are left out. Returns the task's id, or `None` if nothing was new.
    pub async fn add_notification_reasons(
        &self,
        report: &ReportRecord,
        regulator: Regulator,
        reasons: &[NotificationReason],
        actor_id: PersonId,
        at: Timestamp,
    ) -> Result<Option<i64>, StoreError> {
        let at = at.as_second();
        let mut tx = self.begin().await?;
        let added = {
            let existing: Vec<(i64, String, Option<i64>)> = sql(
                "SELECT id, reasons, sent_at FROM regulator_notifications WHERE report_id = $1 AND regulator = $2 ORDER BY id",
            )
            .bind(report.id)
            .bind(regulator.as_str())
            .fetch_all(&mut tx)
            .await?;
            let mut covered = Vec::new();
            for (_, text, _) in &existing {
                covered.extend(parse_reasons(text)?);
            }
            let new: Vec<NotificationReason> = reasons
                .iter()
                .copied()
                .filter(|r| !covered.contains(r))
                .collect();
            if new.is_empty() {
                None
            } else {
                let unsent = existing.iter().find(|(_, _, sent)| sent.is_none());
                let id = match unsent {
                    Some((id, text, _)) => {
                        let mut all = parse_reasons(text)?;
                        all.extend(&new);
                        sql("UPDATE regulator_notifications SET reasons = $1 WHERE id = $2").bind(reasons_text(&all)).bind(*id).execute(&mut tx).await?;
                        *id
                    }
                    None => sql(
                        "INSERT INTO regulator_notifications (id, report_id, organisation_id, service_id, regulator, reasons, created_at, due_at)
                         SELECT $7, $1, $2, $3, $4, $5, $6, $6 + 3600 * notify_regulator_within_hours FROM organisations WHERE id = $2
                         RETURNING id",
                    )
                    .bind(report.id)
                    .bind(report.organisation_id)
                    .bind(report.service_id)
                    .bind(regulator.as_str())
                    .bind(reasons_text(&new))
                    .bind(at)
                    .bind(random_row_id())
                    .fetch_value(&mut tx)
                    .await?,
                };
                write_audit(
                    &mut tx,
                    NewAuditEntry {
                        organisation_id: report.organisation_id,
                        at,
                        actor_id: Some(actor_id),
                        action: AuditAction::NotificationReasonsAdded,
                        subject: learnloop_domain::audit::report_subject(&report.reference),
                        detail: json!({"notification_id": id, "regulator": regulator.as_str(), "reasons": reasons_text(&new)}),
                    },
                )
                .await?;
                Some(id)
            }
        };
        tx.commit().await?;
        Ok(added)
    }

    pub async fn notification(
        &self,
        organisation_id: OrganisationId,
        id: i64,
    ) -> Result<Option<Notification>, StoreError> {
        let row: Option<NotificationRow> = assembled_sql(format!(
            "{SELECT_NOTIFICATION} WHERE n.id = $1 AND n.organisation_id = $2"
        ))
        .bind(id)
        .bind(organisation_id)
        .fetch_optional(self.reader())
        .await?;
        row.map(Notification::try_from).transpose()
    }

    /// Records who sent a notification, and when.
    pub async fn mark_notification_sent(
        &self,
        notification: &Notification,
        organisation_id: OrganisationId,
        sent: &NotificationSent,
        actor_id: PersonId,
        at: Timestamp,
    ) -> Result<Result<(), NotificationRefusal>, StoreError> {
        let at = at.as_second();
        let mut tx = self.begin().await?;
        let outcome = {
            let changed = sql(
                "UPDATE regulator_notifications SET sent_at = $1, sent_by = $2, regulator_reference = $3 WHERE id = $4 AND sent_at IS NULL",
            )
            .bind(sent.sent_at.as_second())
            .bind(actor_id)
            .bind(sent.regulator_reference.as_deref())
            .bind(notification.id)
            .execute(&mut tx)
            .await?;
            if changed == 0 {
                Err(NotificationRefusal::AlreadySent)
            } else {
                write_audit(
                    &mut tx,
                    NewAuditEntry {
                        organisation_id,
                        at,
                        actor_id: Some(actor_id),
                        action: AuditAction::NotificationSent,
                        subject: learnloop_domain::audit::report_subject(&notification.reference),
                        detail: json!({"notification_id": notification.id, "regulator": notification.regulator.as_str(), "sent_at": sent.sent_at.as_second()}),
                    },
                )
                .await?;
                Ok(())
            }
        };
        tx.commit().await?;
        Ok(outcome)
    }

    /// How many notifications in a scope are past their deadline and unsent.
    pub async fn count_overdue_notifications(
        &self,
        scope: &QueueScope,
        now: Timestamp,
    ) -> Result<i64, StoreError> {
        let now = now.as_second();
        let (query, ids): (&'static str, Vec<i64>) = match scope {
            QueueScope::Organisation(org) => (
                "SELECT COUNT(*) FROM regulator_notifications WHERE organisation_id = $1 AND sent_at IS NULL AND due_at < $2",
                vec![org.get()],
            ),
            QueueScope::Services(services) => (
                "SELECT COUNT(*) FROM regulator_notifications WHERE service_id = $1 AND sent_at IS NULL AND due_at < $2",
                services.iter().map(|s| s.get()).collect(),
            ),
        };
        let mut total = 0;
        for id in ids {
            let count: i64 = sql(query)
                .bind(id)
                .bind(now)
                .fetch_value(self.reader())
                .await?;
            total += count;
        }
        Ok(total)
    }
}
