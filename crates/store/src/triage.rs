//! The triage queues: reports still in the loop (received, thanked, being
//! reviewed), oldest first, per service for managers and across the
//! organisation for quality leads; and closing a report once its reporter has
//! had feedback.

use learnloop_domain::audit::AuditAction;
use learnloop_domain::ids::{OrganisationId, ServiceId};
use jiff::Timestamp;
use learnloop_domain::identity::IdentityMode;
use learnloop_domain::report_loop::{LoopStep, status_after};
use learnloop_domain::list_filter::{ReportOrder, harm_rank};
use learnloop_domain::reports::{Category, Harm, ReportKind, ReportStatus};
use const_format::concatcp;
use serde_json::json;

use crate::audit::{NewAuditEntry, write_audit};
use crate::conditions::Conditions;
use crate::error::StoreError;
use crate::list_filter::{HarmLevel, ReportListFilter};
use crate::store::Store;
use crate::people::User;
use crate::reports::{ReportRecord, optional, required};
use crate::sql::sql;

/// Whose reports a queue holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueueScope {
    Organisation(OrganisationId),
    Services(Vec<ServiceId>),
}

/// One report in a triage queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueItem {
    pub id: i64,
    pub reference: String,
    pub kind: ReportKind,
    pub identity: IdentityMode,
    pub status: ReportStatus,
    pub service_name: String,
    pub submitted_at: i64,
    pub category: Option<Category>,
    pub harm: Option<Harm>,
    pub excerpt: String,
    pub thanked_at: Option<i64>,
    pub reply_waiting: bool,
}

#[derive(sqlx::FromRow)]
struct QueueRow {
    id: i64,
    reference: String,
    kind: String,
    identity: String,
    status: String,
    service_name: String,
    submitted_at: i64,
    category: Option<String>,
    harm: Option<String>,
    excerpt: String,
    thanked_at: Option<i64>,
    reply_waiting: bool,
}

impl TryFrom<QueueRow> for QueueItem {
    type Error = StoreError;
    fn try_from(row: QueueRow) -> Result<Self, StoreError> {
        Ok(QueueItem {
            kind: required(&row.kind, ReportKind::parse, "reports.kind")?,
            identity: required(&row.identity, IdentityMode::parse, "reports.identity")?,
            status: required(&row.status, ReportStatus::parse, "reports.status")?,
            category: optional(row.category, Category::parse, "reports.category")?,
            harm: optional(row.harm, Harm::parse, "reports.harm")?,
            id: row.id,
            reference: row.reference,
            service_name: row.service_name,
            submitted_at: row.submitted_at,
            excerpt: row.excerpt,
            thanked_at: row.thanked_at,
            reply_waiting: row.reply_waiting,
        })
    }
}

/// The statuses of a report still in the loop.
pub const OPEN_STATUSES: [ReportStatus; 3] = [ReportStatus::Received, ReportStatus::Thanked, ReportStatus::InReview];

const SELECT_QUEUE_ITEM: &str = "SELECT r.id, r.reference, r.kind, r.identity, r.status, s.name AS service_name, r.submitted_at, r.category, r.harm,
                substr(r.what_happened, 1, 160) AS excerpt, r.thanked_at, r.reply_waiting
         FROM reports r JOIN services s ON s.id = r.service_id";

// The literal status list repeats the partial index's condition, so both
// databases can prove the index applies; `status = $2` then picks one status.
// The scope column goes between `" WHERE r."` and `OPEN_IN_TAIL`.
const OPEN_IN_TAIL: &str = " = $1 AND r.status IN ('received', 'thanked', 'in_review') AND r.status = $2 AND r.submitted_at < $3
             ORDER BY r.submitted_at, r.id LIMIT $4";
const OPEN_IN_ORGANISATION: &str = concatcp!(SELECT_QUEUE_ITEM, " WHERE r.", "organisation_id", OPEN_IN_TAIL);
const OPEN_IN_SERVICE: &str = concatcp!(SELECT_QUEUE_ITEM, " WHERE r.", "service_id", OPEN_IN_TAIL);

/// The scope column goes between `COUNT_OPEN_IN_HEAD` and `COUNT_OPEN_IN_TAIL`.
const COUNT_OPEN_IN_HEAD: &str = "SELECT COUNT(*), COALESCE(SUM(CASE WHEN r.submitted_at < $3 THEN 1 ELSE 0 END), 0) FROM reports r WHERE r.";
const COUNT_OPEN_IN_TAIL: &str = " = $1 AND r.status IN ('received', 'thanked', 'in_review') AND r.status = $2";
const COUNT_OPEN_IN_ORGANISATION: &str = concatcp!(COUNT_OPEN_IN_HEAD, "organisation_id", COUNT_OPEN_IN_TAIL);
const COUNT_OPEN_IN_SERVICE: &str = concatcp!(COUNT_OPEN_IN_HEAD, "service_id", COUNT_OPEN_IN_TAIL);

const REPLY_WAITING_IN_ORGANISATION: &str =
    concatcp!(SELECT_QUEUE_ITEM, " WHERE +r.organisation_id = $1 AND r.reply_waiting = TRUE ORDER BY r.submitted_at, r.id LIMIT $2");
const REPLY_WAITING_IN_SERVICE: &str = concatcp!(SELECT_QUEUE_ITEM, " WHERE +r.service_id = $1 AND r.reply_waiting = TRUE ORDER BY r.submitted_at, r.id LIMIT $2");

// Mirrors the partial indexes `reports_harmful_unanswered_by_*` (migration
// 0015) and the domain's `attention::NEEDS_PROMPT_ANSWER`, so both databases
// read only the few reports waiting for a first answer.
const HARMFUL_UNANSWERED_TAIL: &str = " = $1 AND r.status = 'received' AND r.harm IN ('moderate', 'severe', 'death')
             ORDER BY r.submitted_at, r.id LIMIT $2";
const HARMFUL_UNANSWERED_IN_ORGANISATION: &str = concatcp!(SELECT_QUEUE_ITEM, " WHERE r.", "organisation_id", HARMFUL_UNANSWERED_TAIL);
const HARMFUL_UNANSWERED_IN_SERVICE: &str = concatcp!(SELECT_QUEUE_ITEM, " WHERE r.", "service_id", HARMFUL_UNANSWERED_TAIL);

/// The column a scope's reports are found by, and the ids to walk.
fn scope_column(scope: &QueueScope) -> (&'static str, Vec<i64>) {
    match scope {
        QueueScope::Organisation(org) => ("r.organisation_id", vec![org.get()]),
        QueueScope::Services(services) => ("r.service_id", services.iter().map(|s| s.get()).collect()),
    }
}

/// Puts queue items in `order`. A queue is worked oldest first, so "most
/// harm first" keeps the oldest first within each grade.
pub fn sort_queue(items: &mut [QueueItem], order: ReportOrder) {
    match order {
        ReportOrder::Oldest => items.sort_by_key(|item| (item.submitted_at, item.id)),
        ReportOrder::Newest => items.sort_by_key(|item| std::cmp::Reverse((item.submitted_at, item.id))),
        ReportOrder::MostHarm => items.sort_by_key(|item| (harm_rank(item.harm), item.submitted_at, item.id)),
    }
}

/// Open reports of one status: all of them, and those past a cut-off.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OpenCount {
    pub all: i64,
    pub overdue: i64,
}

/// Why a report cannot be closed yet: the domain's loop rule
/// (`report_loop::status_after`) refused the step.
pub use learnloop_domain::report_loop::LoopRefusal as CloseRefusal;

impl Store {
    /// Open reports with `status` submitted before `submitted_before`, oldest
    /// first, at most `limit`. Each service is read through its own index range
    /// and the pages merged, as the report lists do.
    pub async fn open_reports(&self, scope: &QueueScope, status: ReportStatus, submitted_before: Timestamp, limit: i64) -> Result<Vec<QueueItem>, StoreError> {
        let submitted_before = submitted_before.as_second();
        let mut items = Vec::new();
        let (text, ids): (&'static str, Vec<i64>) = match scope {
            QueueScope::Organisation(org) => (OPEN_IN_ORGANISATION, vec![org.get()]),
            QueueScope::Services(services) => (OPEN_IN_SERVICE, services.iter().map(|s| s.get()).collect()),
        };
        for scope_id in ids {
            let rows = sql(text).bind(scope_id).bind(status.as_str()).bind(submitted_before).bind(limit).fetch_all::<QueueRow>(self.reader()).await?;
            for row in rows {
                items.push(QueueItem::try_from(row)?);
            }
        }
        items.sort_by_key(|item| (item.submitted_at, item.id));
        items.truncate(limit.max(0) as usize);
        Ok(items)
    }

    /// As `open_reports`, narrowed by `filter` and put in `order`. The
    /// unfiltered, oldest-first queue keeps `open_reports`' fixed statements;
    /// this one adds a condition per choice. "Most harm first" walks one
    /// grade after another so no database sorts a whole scope.
    pub async fn open_reports_filtered(
        &self,
        scope: &QueueScope,
        status: ReportStatus,
        submitted_before: Timestamp,
        filter: &ReportListFilter,
        order: ReportOrder,
        limit: i64,
    ) -> Result<Vec<QueueItem>, StoreError> {
        let (column, ids) = scope_column(scope);
        let levels: Vec<Option<HarmLevel>> = if order == ReportOrder::MostHarm { HarmLevel::walk(filter).into_iter().map(Some).collect() } else { vec![None] };
        let direction = if order == ReportOrder::Newest { "DESC" } else { "ASC" };
        let mut items = Vec::new();
        for scope_id in ids {
            let mut taken = 0;
            for level in &levels {
                if taken >= limit {
                    break;
                }
                let mut conditions = Conditions::default();
                conditions.compare(column, "=", scope_id);
                // The literal list lets both databases use the partial open-report indexes.
                conditions.fixed("r.status IN ('received', 'thanked', 'in_review')");
                conditions.compare("r.status", "=", status.as_str());
                conditions.compare("r.submitted_at", "<", submitted_before.as_second());
                filter.apply(&mut conditions);
                if let Some(level) = level {
                    level.apply(&mut conditions);
                }
                let tail = format!("ORDER BY r.submitted_at {direction}, r.id {direction} LIMIT ${}", conditions.next_placeholder());
                let rows: Vec<QueueRow> = conditions.statement(SELECT_QUEUE_ITEM, &tail).bind(limit - taken).fetch_all(self.reader()).await?;
                taken += rows.len() as i64;
                for row in rows {
                    items.push(QueueItem::try_from(row)?);
                }
            }
        }
        sort_queue(&mut items, order);
        items.truncate(limit.max(0) as usize);
        Ok(items)
    }

    /// As `count_open_reports`, counting only what `filter` keeps.
    pub async fn count_open_reports_filtered(&self, scope: &QueueScope, status: ReportStatus, overdue_before: Timestamp, filter: &ReportListFilter) -> Result<OpenCount, StoreError> {
        let (column, ids) = scope_column(scope);
        let mut total = OpenCount::default();
        for scope_id in ids {
            let mut conditions = Conditions::default();
            conditions.compare(column, "=", scope_id);
            conditions.fixed("r.status IN ('received', 'thanked', 'in_review')");
            conditions.compare("r.status", "=", status.as_str());
            filter.apply(&mut conditions);
            let head = format!(
                "SELECT COUNT(*), COALESCE(SUM(CASE WHEN r.submitted_at < ${} THEN 1 ELSE 0 END), 0) FROM reports r",
                conditions.next_placeholder()
            );
            let (all, overdue): (i64, i64) = conditions.statement(&head, "").bind(overdue_before.as_second()).fetch_one(self.reader()).await?;
            total.all += all;
            total.overdue += overdue;
        }
        Ok(total)
    }

    /// Reports with moderate harm or worse that nobody has answered yet
    /// (still "received"), oldest first, at most `limit`: triage's "needs
    /// attention now".
    pub async fn harmful_unanswered_reports(&self, scope: &QueueScope, limit: i64) -> Result<Vec<QueueItem>, StoreError> {
        let (text, ids): (&'static str, Vec<i64>) = match scope {
            QueueScope::Organisation(org) => (HARMFUL_UNANSWERED_IN_ORGANISATION, vec![org.get()]),
            QueueScope::Services(services) => (HARMFUL_UNANSWERED_IN_SERVICE, services.iter().map(|s| s.get()).collect()),
        };
        let mut items = Vec::new();
        for scope_id in ids {
            let rows: Vec<QueueRow> = sql(text).bind(scope_id).bind(limit).fetch_all(self.reader()).await?;
            for row in rows {
                items.push(QueueItem::try_from(row)?);
            }
        }
        items.sort_by_key(|item| (item.submitted_at, item.id));
        items.truncate(limit.max(0) as usize);
        Ok(items)
    }

    /// How many open reports have `status`, and how many of them were
    /// submitted before `overdue_before`: both from one walk of the index.
    pub async fn count_open_reports(&self, scope: &QueueScope, status: ReportStatus, overdue_before: Timestamp) -> Result<OpenCount, StoreError> {
        let overdue_before = overdue_before.as_second();
        let (text, ids): (&'static str, Vec<i64>) = match scope {
            QueueScope::Organisation(org) => (COUNT_OPEN_IN_ORGANISATION, vec![org.get()]),
            QueueScope::Services(services) => (COUNT_OPEN_IN_SERVICE, services.iter().map(|s| s.get()).collect()),
        };
        let mut total = OpenCount::default();
        for scope_id in ids {
            let (all, overdue): (i64, i64) = sql(text).bind(scope_id).bind(status.as_str()).bind(overdue_before).fetch_one(self.reader()).await?;
            total.all += all;
            total.overdue += overdue;
        }
        Ok(total)
    }

    /// Reports whose reporter wrote and is waiting for an answer. The unary
    /// `+` keeps SQLite (which has no statistics) from walking a whole
    /// service's or organisation's index instead of the small partial index
    /// of waiting replies; PostgreSQL reads it as the same number.
    pub async fn reports_with_reply_waiting(&self, scope: &QueueScope, limit: i64) -> Result<Vec<QueueItem>, StoreError> {
        let rows = match scope {
            QueueScope::Organisation(org) => sql(REPLY_WAITING_IN_ORGANISATION).bind(*org).bind(limit).fetch_all::<QueueRow>(self.reader()).await?,
            QueueScope::Services(services) => {
                let mut rows = Vec::new();
                for service_id in services {
                    rows.extend(sql(REPLY_WAITING_IN_SERVICE).bind(*service_id).bind(limit).fetch_all::<QueueRow>(self.reader()).await?);
                }
                rows
            }
        };
        let mut items = rows.into_iter().map(QueueItem::try_from).collect::<Result<Vec<_>, _>>()?;
        items.sort_by_key(|item| (item.submitted_at, item.id));
        items.truncate(limit.max(0) as usize);
        Ok(items)
    }

    /// Closes the loop on a report. Refused until feedback has reached its
    /// reporter: a loop that closes without telling the reporter is the
    /// failure Learnloop exists to prevent.
    pub async fn close_report(&self, report: &ReportRecord, actor: &User, at: Timestamp) -> Result<Result<(), CloseRefusal>, StoreError> {
        let at = at.as_second();
        let mut tx = self.begin().await?;
        let row: Option<String> = sql("SELECT status FROM reports WHERE id = $1").bind(report.id).fetch_optional_value(&mut tx).await?;
        // A report gone missing rolls back (nothing was written yet).
        let Some(status) = row else { return Err(StoreError::NotFound) };
        let status = required(&status, ReportStatus::parse, "reports.status")?;
        // A refusal changed nothing; the transaction commits either way.
        let outcome = match status_after(status, LoopStep::Close) {
            Err(refusal) => Err(refusal),
            Ok(closed) => {
                sql("UPDATE reports SET status = $1, closed_at = $2 WHERE id = $3").bind(closed.as_str()).bind(at).bind(report.id).execute(&mut tx).await?;
                write_audit(&mut tx, NewAuditEntry {
                    organisation_id: report.organisation_id,
                    at,
                    actor_id: Some(actor.id),
                    action: AuditAction::ReportClosed,
                    subject: learnloop_domain::audit::report_subject(&report.reference),
                    detail: json!({}),
                })
                .await?;
                Ok(())
            }
        };
        tx.commit().await?;
        Ok(outcome)
    }
}

#[cfg(test)]
mod tests {
    use learnloop_domain::attention::NEEDS_PROMPT_ANSWER;

    #[test]
    fn the_attention_query_names_the_grades_the_domain_calls_for() {
        let listed: Vec<&str> = NEEDS_PROMPT_ANSWER.iter().map(|h| h.as_str()).collect();
        let in_sql = format!("r.harm IN ('{}')", listed.join("', '"));
        assert!(super::HARMFUL_UNANSWERED_TAIL.contains(&in_sql), "{in_sql}");
        for dialect in ["sqlite", "postgres"] {
            let migration = std::fs::read_to_string(format!("{}/migrations/{dialect}/0015_audit_and_triage_filters.sql", env!("CARGO_MANIFEST_DIR"))).unwrap();
            assert!(migration.contains(&format!("harm IN ('{}')", listed.join("', '"))), "{dialect}'s partial index matches");
        }
    }
}
