//! Actions: who will do what by when, linked to the reports and reviews they
//! answer, and the effectiveness check that must come before "done".

use learnloop_domain::audit::AuditAction;
use learnloop_domain::ids::{OrganisationId, PersonId, ReportId, ServiceId};
use const_format::concatcp;
use jiff::Timestamp;
use learnloop_domain::actions::{ActionStatus, CheckResult, EffectivenessCheck, assigned_notice};
use serde_json::json;

use crate::audit::{NewAuditEntry, write_audit};
use crate::error::StoreError;
use crate::store::Store;
use crate::inbox::{NewInboxMessage, insert_inbox_message};
use crate::outbox::queue_email;
use crate::reports::{optional, required};
use crate::sql::sql;
use crate::triage::QueueScope;

pub struct NewActionRecord<'a> {
    pub organisation_id: OrganisationId,
    pub service_id: ServiceId,
    pub title: &'a str,
    pub owner_id: PersonId,
    /// YYYY-MM-DD in the organisation's time zone.
    pub due_on: String,
    pub report_ids: &'a [ReportId],
    pub review_ids: &'a [i64],
    pub created_by: PersonId,
    pub at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionRecord {
    pub id: i64,
    pub organisation_id: OrganisationId,
    pub service_id: ServiceId,
    pub service_name: String,
    pub title: String,
    pub owner_id: PersonId,
    pub owner_name: String,
    pub due_on: String,
    pub status: ActionStatus,
    pub created_at: i64,
    pub completed_at: Option<i64>,
    pub check_due_on: Option<String>,
    pub check_result: Option<CheckResult>,
    pub check_evidence: Option<String>,
    pub checked_by_name: Option<String>,
    pub checked_at: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct ActionRow {
    id: i64,
    #[sqlx(try_from = "i64")]
    organisation_id: OrganisationId,
    #[sqlx(try_from = "i64")]
    service_id: ServiceId,
    service_name: String,
    title: String,
    #[sqlx(try_from = "i64")]
    owner_id: PersonId,
    owner_name: String,
    due_on: String,
    status: String,
    created_at: i64,
    completed_at: Option<i64>,
    check_due_on: Option<String>,
    check_result: Option<String>,
    check_evidence: Option<String>,
    checked_by_name: Option<String>,
    checked_at: Option<i64>,
}

impl TryFrom<ActionRow> for ActionRecord {
    type Error = StoreError;
    fn try_from(row: ActionRow) -> Result<Self, StoreError> {
        Ok(ActionRecord {
            status: required(&row.status, ActionStatus::parse, "actions.status")?,
            check_result: optional(row.check_result, CheckResult::parse, "actions.check_result")?,
            id: row.id,
            organisation_id: row.organisation_id,
            service_id: row.service_id,
            service_name: row.service_name,
            title: row.title,
            owner_id: row.owner_id,
            owner_name: row.owner_name,
            due_on: row.due_on,
            created_at: row.created_at,
            completed_at: row.completed_at,
            check_due_on: row.check_due_on,
            check_evidence: row.check_evidence,
            checked_by_name: row.checked_by_name,
            checked_at: row.checked_at,
        })
    }
}

const SELECT_ACTION: &str = "SELECT a.id, a.organisation_id, a.service_id, s.name AS service_name, a.title, a.owner_id, o.name AS owner_name, a.due_on,
                                    a.status, a.created_at, a.completed_at, a.check_due_on, a.check_result, a.check_evidence,
                                    c.name AS checked_by_name, a.checked_at
                             FROM actions a JOIN services s ON s.id = a.service_id JOIN users o ON o.id = a.owner_id
                             LEFT JOIN users c ON c.id = a.checked_by";

/// Unfinished actions first, each group soonest due first.
const ACTION_ORDER: &str = " ORDER BY CASE a.status WHEN 'done' THEN 1 ELSE 0 END, a.due_on, a.id";

/// Why an action cannot move on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionRefusal {
    /// Only an open action can be marked complete.
    NotOpen,
    /// Only an action awaiting its check can have one recorded.
    NotAwaitingCheck,
}

impl Store {
    /// Saves an action with its links and tells its owner, in one transaction.
    pub async fn create_action(&self, action: &NewActionRecord<'_>) -> Result<i64, StoreError> {
        let at = action.at.as_second();
        let mut tx = self.begin().await?;
        let id: i64 = sql(
            "INSERT INTO actions (organisation_id, service_id, title, owner_id, due_on, status, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(action.organisation_id)
        .bind(action.service_id)
        .bind(action.title)
        .bind(action.owner_id)
        .bind(&action.due_on)
        .bind(ActionStatus::Open.as_str())
        .bind(action.created_by)
        .bind(at)
        .fetch_value(&mut tx)
        .await?;
        for report_id in action.report_ids {
            sql("INSERT INTO action_reports (action_id, report_id) VALUES ($1, $2)").bind(id).bind(*report_id).execute(&mut tx).await?;
        }
        for review_id in action.review_ids {
            sql("INSERT INTO action_reviews (action_id, review_id) VALUES ($1, $2)").bind(id).bind(*review_id).execute(&mut tx).await?;
        }
        let notice = assigned_notice(id, action.title, &action.due_on);
        insert_inbox_message(&mut tx, action.owner_id, &NewInboxMessage { at, subject: &notice.subject, body: &notice.body, link: Some(&notice.link) }).await?;
        queue_email(&mut tx, action.organisation_id, action.owner_id, &notice.subject, &notice.body, false, at).await?;
        write_audit(&mut tx, NewAuditEntry {
            organisation_id: action.organisation_id,
            at,
            actor_id: Some(action.created_by),
            action: AuditAction::ActionCreated,
            subject: format!("action {id}"),
            detail: json!({"title": action.title, "owner_id": action.owner_id, "due_on": action.due_on}),
        })
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn action(&self, organisation_id: OrganisationId, action_id: i64) -> Result<Option<ActionRecord>, StoreError> {
        const QUERY: &str = concatcp!(SELECT_ACTION, " WHERE a.id = $1 AND a.organisation_id = $2");
        let row: Option<ActionRow> = sql(QUERY).bind(action_id).bind(organisation_id).fetch_optional(self.reader()).await?;
        row.map(ActionRecord::try_from).transpose()
    }

    /// "My actions".
    pub async fn actions_owned_by(&self, owner_id: PersonId, limit: i64) -> Result<Vec<ActionRecord>, StoreError> {
        const QUERY: &str = concatcp!(SELECT_ACTION, " WHERE a.owner_id = $1", ACTION_ORDER, " LIMIT $2");
        let rows: Vec<ActionRow> = sql(QUERY).bind(owner_id).bind(limit).fetch_all(self.reader()).await?;
        rows.into_iter().map(ActionRecord::try_from).collect()
    }

    /// The actions linked to a report.
    pub async fn actions_of_report(&self, report_id: ReportId) -> Result<Vec<ActionRecord>, StoreError> {
        const QUERY: &str = concatcp!(SELECT_ACTION, " JOIN action_reports ar ON ar.action_id = a.id WHERE ar.report_id = $1", ACTION_ORDER);
        let rows: Vec<ActionRow> = sql(QUERY).bind(report_id).fetch_all(self.reader()).await?;
        rows.into_iter().map(ActionRecord::try_from).collect()
    }

    /// The actions of the services a manager handles, or of the organisation.
    pub async fn actions_in_scope(&self, scope: &QueueScope, limit: i64) -> Result<Vec<ActionRecord>, StoreError> {
        let mut actions = Vec::new();
        match scope {
            QueueScope::Organisation(org) => {
                const QUERY: &str = concatcp!(SELECT_ACTION, " WHERE a.organisation_id = $1", ACTION_ORDER, " LIMIT $2");
                let rows: Vec<ActionRow> = sql(QUERY).bind(*org).bind(limit).fetch_all(self.reader()).await?;
                for row in rows {
                    actions.push(ActionRecord::try_from(row)?);
                }
            }
            QueueScope::Services(services) => {
                const QUERY: &str = concatcp!(SELECT_ACTION, " WHERE a.service_id = $1", ACTION_ORDER, " LIMIT $2");
                for service_id in services {
                    let rows: Vec<ActionRow> = sql(QUERY).bind(*service_id).bind(limit).fetch_all(self.reader()).await?;
                    for row in rows {
                        actions.push(ActionRecord::try_from(row)?);
                    }
                }
                actions.sort_by(|a, b| ((a.status == ActionStatus::Done), &a.due_on, a.id).cmp(&((b.status == ActionStatus::Done), &b.due_on, b.id)));
                actions.truncate(limit.max(0) as usize);
            }
        }
        Ok(actions)
    }

    /// The work is done: the action now waits for its effectiveness check.
    pub async fn complete_action(&self, action: &ActionRecord, actor_id: PersonId, check_due_on: &str, at: Timestamp) -> Result<Result<(), ActionRefusal>, StoreError> {
        let at = at.as_second();
        let mut tx = self.begin().await?;
        let changed = sql("UPDATE actions SET status = $1, completed_at = $2, check_due_on = $3 WHERE id = $4 AND status = $5")
            .bind(ActionStatus::AwaitingCheck.as_str())
            .bind(at)
            .bind(check_due_on)
            .bind(action.id)
            .bind(ActionStatus::Open.as_str())
            .execute(&mut tx)
            .await?;
        let outcome = if changed == 0 {
            Err(ActionRefusal::NotOpen)
        } else {
            write_audit(&mut tx, NewAuditEntry {
                organisation_id: action.organisation_id,
                at,
                actor_id: Some(actor_id),
                action: AuditAction::ActionCompleted,
                subject: format!("action {}", action.id),
                detail: json!({"check_due_on": check_due_on}),
            })
            .await?;
            Ok(())
        };
        tx.commit().await?;
        Ok(outcome)
    }

    /// Records the effectiveness check; only then is the action done.
    pub async fn record_action_check(&self, action: &ActionRecord, actor_id: PersonId, check: &EffectivenessCheck, at: Timestamp) -> Result<Result<(), ActionRefusal>, StoreError> {
        let at = at.as_second();
        let mut tx = self.begin().await?;
        let changed = sql(
            "UPDATE actions SET status = $1, check_result = $2, check_evidence = $3, checked_by = $4, checked_at = $5
             WHERE id = $6 AND status = $7",
        )
        .bind(ActionStatus::Done.as_str())
        .bind(check.result.as_str())
        .bind(&check.evidence)
        .bind(actor_id)
        .bind(at)
        .bind(action.id)
        .bind(ActionStatus::AwaitingCheck.as_str())
        .execute(&mut tx)
        .await?;
        let outcome = if changed == 0 {
            Err(ActionRefusal::NotAwaitingCheck)
        } else {
            write_audit(&mut tx, NewAuditEntry {
                organisation_id: action.organisation_id,
                at,
                actor_id: Some(actor_id),
                action: AuditAction::ActionChecked,
                subject: format!("action {}", action.id),
                detail: json!({"result": check.result.as_str()}),
            })
            .await?;
            Ok(())
        };
        tx.commit().await?;
        Ok(outcome)
    }

    /// The references of the reports an action answers.
    pub async fn action_report_references(&self, action_id: i64) -> Result<Vec<String>, StoreError> {
        let query = "SELECT r.reference FROM action_reports ar JOIN reports r ON r.id = ar.report_id WHERE ar.action_id = $1 ORDER BY r.submitted_at";
        sql(query).bind(action_id).fetch_column(self.reader()).await
    }
}

impl Store {
    /// Actions of the organisation created, completed or checked between
    /// two instants (`from..to`), most recently touched first: what
    /// a quarterly review reports as "what we are doing".
    pub async fn actions_touched_between(&self, organisation_id: OrganisationId, from: Timestamp, to: Timestamp, limit: i64) -> Result<Vec<ActionRecord>, StoreError> {
        let from = from.as_second();
        let to = to.as_second();
        const QUERY: &str = concatcp!(
            SELECT_ACTION,
            " WHERE a.organisation_id = $1 AND ((a.created_at >= $2 AND a.created_at < $3) OR (a.completed_at >= $2 AND a.completed_at < $3)
                 OR (a.checked_at >= $2 AND a.checked_at < $3))
             ORDER BY COALESCE(a.checked_at, a.completed_at, a.created_at) DESC, a.id DESC LIMIT $4"
        );
        let rows: Vec<ActionRow> = sql(QUERY).bind(organisation_id).bind(from).bind(to).bind(limit).fetch_all(self.reader()).await?;
        rows.into_iter().map(ActionRecord::try_from).collect()
    }
}
