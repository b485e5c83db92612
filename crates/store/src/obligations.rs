//! What must happen after certain reports, whoever is busy: a safeguarding
//! concern escalated at once to the service's safeguarding lead with its
//! checklist; a notification to the regulator with a deadline; the duty of
//! candour's steps. Opened in the same transaction as the report (so none is
//! ever missed), completed by the team with who and when.

use learnloop_domain::obligations::{CandourDates, NotificationSent, SafeguardingChecklist};
use learnloop_domain::statutory::{
    NotificationReason, Regulator,
};
use serde_json::json;

use crate::audit::{NewAuditEntry, write_audit};
use crate::error::StoreError;
use crate::store::Store;
use crate::reports::{ReportRecord, required};
use crate::row_id::random_row_id;
use crate::obligations_opened::{ReportAtHand, escalate_safeguarding, reasons_text};
use crate::sql::{assembled_sql, sql};
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

/// A safeguarding escalation and its checklist.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Escalation {
    pub report_id: i64,
    pub reference: String,
    pub service_name: String,
    pub escalated_at: i64,
    pub lead_name: Option<String>,
    pub person_safe: Option<bool>,
    pub person_safe_note: Option<String>,
    pub referral_made: Option<bool>,
    pub referral_by: Option<String>,
    pub referral_at: Option<i64>,
    pub no_referral_reason: Option<String>,
    pub updated_by_name: Option<String>,
    pub updated_at: Option<i64>,
    pub completed_at: Option<i64>,
}

/// A notification to a regulator, due or sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub id: i64,
    pub report_id: i64,
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
    pub fn is_overdue(&self, now: i64) -> bool {
        self.sent_at.is_none() && now > self.due_at
    }
}

#[derive(sqlx::FromRow)]
struct NotificationRow {
    id: i64,
    report_id: i64,
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

/// The duty of candour's steps for one report.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Candour {
    pub report_id: i64,
    pub reference: String,
    pub service_name: String,
    pub created_at: i64,
    pub told_in_person_on: Option<String>,
    pub apology_on: Option<String>,
    pub written_follow_up_on: Option<String>,
    pub notes: Option<String>,
    pub updated_by_name: Option<String>,
    pub updated_at: Option<i64>,
    pub completed_at: Option<i64>,
}

/// Everything open or done for one report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportObligations {
    pub safeguarding: Option<Escalation>,
    pub notifications: Vec<Notification>,
    pub candour: Option<Candour>,
}

/// What is still open across a scope, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenObligations {
    pub safeguarding: Vec<Escalation>,
    pub notifications: Vec<Notification>,
    pub candour: Vec<Candour>,
}

const SELECT_ESCALATION: &str = "SELECT e.report_id, r.reference, s.name AS service_name, e.escalated_at, l.name AS lead_name,
        e.person_safe, e.person_safe_note, e.referral_made, e.referral_by, e.referral_at, e.no_referral_reason,
        w.name AS updated_by_name, e.updated_at, e.completed_at
    FROM safeguarding_escalations e JOIN reports r ON r.id = e.report_id JOIN services s ON s.id = e.service_id
    LEFT JOIN users l ON l.id = e.lead_id LEFT JOIN users w ON w.id = e.updated_by";
const SELECT_NOTIFICATION: &str = "SELECT n.id, n.report_id, r.reference, s.name AS service_name, n.regulator, n.reasons,
        n.created_at, n.due_at, n.sent_at, u.name AS sent_by_name, n.regulator_reference
    FROM regulator_notifications n JOIN reports r ON r.id = n.report_id JOIN services s ON s.id = n.service_id
    LEFT JOIN users u ON u.id = n.sent_by";
const SELECT_CANDOUR: &str = "SELECT c.report_id, r.reference, s.name AS service_name, c.created_at, c.told_in_person_on,
        c.apology_on, c.written_follow_up_on, c.notes, w.name AS updated_by_name, c.updated_at, c.completed_at
    FROM candour_records c JOIN reports r ON r.id = c.report_id JOIN services s ON s.id = c.service_id
    LEFT JOIN users w ON w.id = c.updated_by";

/// The checklist's answers as saved, whichever request gave them.
#[derive(sqlx::FromRow)]
struct SavedChecklist {
    person_safe: Option<bool>,
    referral_made: Option<bool>,
    referral_by: Option<String>,
    referral_at: Option<i64>,
    no_referral_reason: Option<String>,
}

/// A manager's answer that the store refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotificationRefusal {
    AlreadySent,
}

impl Store {
    pub async fn report_obligations(
        &self,
        report_id: i64,
    ) -> Result<ReportObligations, StoreError> {
        let escalation = format!("{SELECT_ESCALATION} WHERE e.report_id = $1");
        let notifications = format!("{SELECT_NOTIFICATION} WHERE n.report_id = $1 ORDER BY n.id");
        let candour = format!("{SELECT_CANDOUR} WHERE c.report_id = $1");
        let safeguarding: Option<Escalation> = assembled_sql(escalation)
            .bind(report_id)
            .fetch_optional(self.reader())
            .await?;
        let rows: Vec<NotificationRow> = assembled_sql(notifications)
            .bind(report_id)
            .fetch_all(self.reader())
            .await?;
        let candour: Option<Candour> = assembled_sql(candour)
            .bind(report_id)
            .fetch_optional(self.reader())
            .await?;
        let notifications = rows
            .into_iter()
            .map(Notification::try_from)
            .collect::<Result<_, _>>()?;
        Ok(ReportObligations {
            safeguarding,
            notifications,
            candour,
        })
    }

    /// Records the checklist; escalates first (telling the lead) when the
    /// report was not escalated yet, e.g. a concern the reporter did not
    /// categorise as safeguarding. Returns whether it escalated now.
    pub async fn record_safeguarding_checklist(
        &self,
        report: &ReportRecord,
        checklist: &SafeguardingChecklist,
        actor_id: i64,
        at: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let exists: Option<i64> =
            sql("SELECT report_id FROM safeguarding_escalations WHERE report_id = $1")
                .bind(report.id)
                .fetch_optional_value(&mut tx)
                .await?;
        if exists.is_none() {
            // Escalated by a member of the team now: their time, not the reporter's.
            let at_hand = ReportAtHand {
                id: report.id,
                organisation_id: report.organisation_id,
                service_id: report.service_id,
                service_name: &report.service_name,
                reference: &report.reference,
            };
            escalate_safeguarding(&mut tx, &at_hand, at, false).await?;
        }
        {
            sql(
                "UPDATE safeguarding_escalations SET person_safe = COALESCE($1, person_safe),
                    person_safe_note = CASE WHEN $1 IS NULL THEN person_safe_note ELSE $2 END,
                    referral_made = COALESCE($3, referral_made),
                    referral_by = CASE WHEN $3 IS NULL THEN referral_by ELSE $4 END,
                    referral_at = CASE WHEN $3 IS NULL THEN referral_at ELSE $5 END,
                    no_referral_reason = CASE WHEN $3 IS NULL THEN no_referral_reason ELSE $6 END,
                    updated_by = $7, updated_at = $8 WHERE report_id = $9",
            )
            .bind(checklist.person_safe)
            .bind(checklist.person_safe_note.as_deref())
            .bind(checklist.referral_made)
            .bind(checklist.referral_by.as_deref())
            .bind(checklist.referral_at.map(|t| t.as_second()))
            .bind(checklist.no_referral_reason.as_deref())
            .bind(actor_id)
            .bind(at)
            .bind(report.id)
            .execute(&mut tx)
            .await?;
            // Complete once both answers are in, whichever came first.
            let saved: SavedChecklist = sql(
                "SELECT person_safe, referral_made, referral_by, referral_at, no_referral_reason FROM safeguarding_escalations WHERE report_id = $1",
            )
            .bind(report.id)
            .fetch_one(&mut tx)
            .await?;
            let merged = SafeguardingChecklist {
                person_safe: saved.person_safe,
                person_safe_note: None,
                referral_made: saved.referral_made,
                referral_by: saved.referral_by,
                referral_at: saved
                    .referral_at
                    .and_then(|s| jiff::Timestamp::from_second(s).ok()),
                no_referral_reason: saved.no_referral_reason,
            };
            sql(
                "UPDATE safeguarding_escalations SET completed_at = CASE WHEN $1 THEN COALESCE(completed_at, $2) ELSE NULL END WHERE report_id = $3",
            )
            .bind(merged.is_complete())
            .bind(at)
            .bind(report.id)
            .execute(&mut tx)
            .await?;
            write_audit(
                &mut tx,
                NewAuditEntry {
                    organisation_id: report.organisation_id,
                    at,
                    actor_id: Some(actor_id),
                    action: "safeguarding.checklist",
                    subject: format!("report {}", report.reference),
                    detail: json!({"escalated_now": exists.is_none(), "person_safe": merged.person_safe, "referral_made": merged.referral_made, "complete": merged.is_complete()}),
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(exists.is_none())
    }

    /// Adds reasons to notify `regulator`: they join the report's unsent task
    /// for that regulator, or start a new one (due in the organisation's hours
    /// from now) when every earlier one was sent. Reasons already covered by
    /// a task are left out. Returns the task's id, or `None` if nothing was new.
    pub async fn add_notification_reasons(
        &self,
        report: &ReportRecord,
        regulator: Regulator,
        reasons: &[NotificationReason],
        actor_id: i64,
        at: i64,
    ) -> Result<Option<i64>, StoreError> {
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
                        action: "notification.reasons_added",
                        subject: format!("report {}", report.reference),
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
        organisation_id: i64,
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
        organisation_id: i64,
        sent: &NotificationSent,
        actor_id: i64,
        at: i64,
    ) -> Result<Result<(), NotificationRefusal>, StoreError> {
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
                        action: "notification.sent",
                        subject: format!("report {}", notification.reference),
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

    /// Records the candour steps given (a step left blank keeps its date),
    /// opening the record if the rules had not (a manager's judgement).
    pub async fn record_candour(
        &self,
        report: &ReportRecord,
        dates: &CandourDates,
        actor_id: i64,
        at: i64,
    ) -> Result<(), StoreError> {
        let day = |d: Option<jiff::civil::Date>| d.map(|d| d.to_string());
        let mut tx = self.begin().await?;
        {
            let exists: Option<i64> =
                sql("SELECT report_id FROM candour_records WHERE report_id = $1")
                    .bind(report.id)
                    .fetch_optional_value(&mut tx)
                    .await?;
            if exists.is_none() {
                sql("INSERT INTO candour_records (report_id, organisation_id, service_id, created_at) VALUES ($1, $2, $3, $4)")
                    .bind(report.id)
                    .bind(report.organisation_id)
                    .bind(report.service_id)
                    .bind(at)
                    .execute(&mut tx)
                    .await?;
            }
            sql(
                "UPDATE candour_records SET told_in_person_on = COALESCE($1, told_in_person_on), apology_on = COALESCE($2, apology_on),
                    written_follow_up_on = COALESCE($3, written_follow_up_on), notes = COALESCE($4, notes),
                    updated_by = $5, updated_at = $6 WHERE report_id = $7",
            )
            .bind(day(dates.told_in_person_on))
            .bind(day(dates.apology_on))
            .bind(day(dates.written_follow_up_on))
            .bind(dates.notes.as_deref())
            .bind(actor_id)
            .bind(at)
            .bind(report.id)
            .execute(&mut tx)
            .await?;
            sql(
                "UPDATE candour_records SET completed_at = $1 WHERE report_id = $2 AND completed_at IS NULL
                 AND told_in_person_on IS NOT NULL AND apology_on IS NOT NULL AND written_follow_up_on IS NOT NULL",
            )
            .bind(at)
            .bind(report.id)
            .execute(&mut tx)
            .await?;
            write_audit(
                &mut tx,
                NewAuditEntry {
                    organisation_id: report.organisation_id,
                    at,
                    actor_id: Some(actor_id),
                    action: "candour.recorded",
                    subject: format!("report {}", report.reference),
                    detail: json!({"told_in_person_on": day(dates.told_in_person_on), "apology_on": day(dates.apology_on), "written_follow_up_on": day(dates.written_follow_up_on)}),
                },
            )
            .await?;
        }
        tx.commit().await
    }

    /// What is still open in a scope: escalations whose checklist is not
    /// complete, notifications not sent (soonest due first) and candour not
    /// finished, at most `limit` of each.
    pub async fn open_obligations(
        &self,
        scope: &QueueScope,
        limit: i64,
    ) -> Result<OpenObligations, StoreError> {
        let (column, ids): (&str, Vec<i64>) = match scope {
            QueueScope::Organisation(org) => ("organisation_id", vec![*org]),
            QueueScope::Services(services) => ("service_id", services.clone()),
        };
        let escalations = format!(
            "{SELECT_ESCALATION} WHERE e.{column} = $1 AND e.completed_at IS NULL ORDER BY e.escalated_at, e.report_id LIMIT $2"
        );
        let notifications = format!(
            "{SELECT_NOTIFICATION} WHERE n.{column} = $1 AND n.sent_at IS NULL ORDER BY n.due_at, n.id LIMIT $2"
        );
        let candour = format!(
            "{SELECT_CANDOUR} WHERE c.{column} = $1 AND c.completed_at IS NULL ORDER BY c.created_at, c.report_id LIMIT $2"
        );
        let mut open = OpenObligations::default();
        for id in ids {
            let e: Vec<Escalation> = assembled_sql(escalations.clone())
                .bind(id)
                .bind(limit)
                .fetch_all(self.reader())
                .await?;
            let n: Vec<NotificationRow> = assembled_sql(notifications.clone())
                .bind(id)
                .bind(limit)
                .fetch_all(self.reader())
                .await?;
            let c: Vec<Candour> = assembled_sql(candour.clone())
                .bind(id)
                .bind(limit)
                .fetch_all(self.reader())
                .await?;
            open.safeguarding.extend(e);
            for row in n {
                open.notifications.push(Notification::try_from(row)?);
            }
            open.candour.extend(c);
        }
        let limit = limit.max(0) as usize;
        open.safeguarding
            .sort_by_key(|e| (e.escalated_at, e.report_id));
        open.safeguarding.truncate(limit);
        open.notifications.sort_by_key(|n| (n.due_at, n.id));
        open.notifications.truncate(limit);
        open.candour.sort_by_key(|c| (c.created_at, c.report_id));
        open.candour.truncate(limit);
        Ok(open)
    }

    /// How many notifications in a scope are past their deadline and unsent.
    pub async fn count_overdue_notifications(
        &self,
        scope: &QueueScope,
        now: i64,
    ) -> Result<i64, StoreError> {
        let (query, ids): (&'static str, Vec<i64>) = match scope {
            QueueScope::Organisation(org) => (
                "SELECT COUNT(*) FROM regulator_notifications WHERE organisation_id = $1 AND sent_at IS NULL AND due_at < $2",
                vec![*org],
            ),
            QueueScope::Services(services) => (
                "SELECT COUNT(*) FROM regulator_notifications WHERE service_id = $1 AND sent_at IS NULL AND due_at < $2",
                services.clone(),
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
