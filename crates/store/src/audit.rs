//! The audit log: who changed what, and when. Append-only (database triggers
//! refuse updates and deletes). Anonymous reports write no audit entry at all:
//! even an actor-less entry's time and position would hint at who reported.
//! Every entry names one kind of action (`domain::audit::AuditAction`), so
//! each has its words; the log is read newest first, narrowed by person,
//! kind, report and time.

use learnloop_domain::audit::AuditAction;
use learnloop_domain::ids::{OrganisationId, PersonId};
use learnloop_domain::role::Role;
use serde_json::Value;

use crate::conditions::Conditions;
use crate::error::StoreError;
use crate::store::Store;
use crate::sql::{Transaction, sql};

/// One row of the log, with the actor's name and current role resolved for display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    /// The stored number: an optional column is read only into types sqlx knows.
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub actor_role: Option<Role>,
    /// The stored code (`AuditAction::as_str`), kept as text so an entry
    /// written by a newer version still reads.
    pub action: String,
    pub subject: String,
    pub detail: String,
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    id: i64,
    at: i64,
    actor_id: Option<i64>,
    actor_name: Option<String>,
    actor_role: Option<String>,
    action: String,
    subject: String,
    detail: String,
}

impl TryFrom<AuditRow> for AuditEntry {
    type Error = StoreError;
    fn try_from(row: AuditRow) -> Result<Self, StoreError> {
        Ok(AuditEntry {
            actor_role: row
                .actor_role
                .map(|text| Role::parse(&text).ok_or_else(|| StoreError::Corrupt(format!("users.role holds {text:?}"))))
                .transpose()?,
            id: row.id,
            at: row.at,
            actor_id: row.actor_id,
            actor_name: row.actor_name,
            action: row.action,
            subject: row.subject,
            detail: row.detail,
        })
    }
}

/// Which entries to read; every filter left `None` keeps all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Who acted.
    pub actor_id: Option<PersonId>,
    pub action: Option<AuditAction>,
    /// The stored subject, e.g. `domain::audit::report_subject(reference)`.
    pub subject: Option<String>,
    /// Entries at or after this second.
    pub from: Option<i64>,
    /// Entries before this second.
    pub until: Option<i64>,
}

/// Where a page of the log starts: the last entry of the previous page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditCursor {
    pub at: i64,
    pub id: i64,
}

/// What an action records. `actor_id` is `None` for the command line and the
/// system itself.
pub(crate) struct NewAuditEntry {
    pub organisation_id: OrganisationId,
    pub at: i64,
    pub actor_id: Option<PersonId>,
    pub action: AuditAction,
    pub subject: String,
    pub detail: Value,
}

pub(crate) const INSERT_AUDIT: &str =
    "INSERT INTO audit_log (organisation_id, at, actor_id, action, subject, detail) VALUES ($1, $2, $3, $4, $5, $6)";

/// Writes an audit entry inside the caller's transaction, so it commits
/// (or not) with the change it records.
pub(crate) async fn write_audit(tx: &mut Transaction, entry: NewAuditEntry) -> Result<(), StoreError> {
    sql(INSERT_AUDIT)
        .bind(entry.organisation_id)
        .bind(entry.at)
        .bind(entry.actor_id)
        .bind(entry.action.as_str())
        .bind(entry.subject)
        .bind(entry.detail.to_string())
        .execute(tx)
        .await?;
    Ok(())
}

const SELECT_AUDIT: &str = "SELECT a.id, a.at, a.actor_id, u.name AS actor_name, u.role AS actor_role, a.action, a.subject, a.detail
     FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id";

impl Store {
    /// The newest entries first; `before` pages back through older ones.
    pub async fn audit_log(&self, organisation_id: OrganisationId, before: Option<AuditCursor>, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
        self.audit_entries(organisation_id, &AuditFilter::default(), before, limit).await
    }

    /// The entries `filter` keeps, newest first, at most `limit`, starting
    /// after `before`. Each filter has an index that leads with the
    /// organisation and the filtered column and ends with (at, id)
    /// (migration 0015), so a page reads only the entries it shows.
    pub async fn audit_entries(&self, organisation_id: OrganisationId, filter: &AuditFilter, before: Option<AuditCursor>, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let mut conditions = Conditions::default();
        conditions.compare("a.organisation_id", "=", organisation_id);
        if let Some(actor) = filter.actor_id {
            conditions.compare("a.actor_id", "=", actor);
        }
        if let Some(action) = filter.action {
            conditions.compare("a.action", "=", action.as_str());
        }
        if let Some(subject) = &filter.subject {
            conditions.compare("a.subject", "=", subject.as_str());
        }
        if let Some(from) = filter.from {
            conditions.compare("a.at", ">=", from);
        }
        if let Some(until) = filter.until {
            conditions.compare("a.at", "<", until);
        }
        if let Some(cursor) = before {
            conditions.pair_before(("a.at", "a.id"), "<", (cursor.at, cursor.id));
        }
        let tail = format!("ORDER BY a.at DESC, a.id DESC LIMIT ${}", conditions.next_placeholder());
        let rows: Vec<AuditRow> = conditions.statement(SELECT_AUDIT, &tail).bind(limit).fetch_all(self.reader()).await?;
        rows.into_iter().map(AuditEntry::try_from).collect()
    }
}

#[cfg(test)]
mod tests {
    /// Every entry goes through `write_audit` and so names an `AuditAction`
    /// (whose words the compiler insists on), apart from the batched insert
    /// of new reports, which must bind the action's code too. A statement
    /// written anywhere else could store a code with no words.
    #[test]
    fn every_audit_entry_the_store_writes_names_a_kind_of_action() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut writers = Vec::new();
        for file in std::fs::read_dir(&dir).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                if text.contains(&["INSERT INTO ", "audit_log"].concat()) {
                    writers.push(path.file_name().unwrap().to_string_lossy().to_string());
                }
                if path.file_name().unwrap() == "report_writer.rs" {
                    assert!(text.contains(".bind(AuditAction::ReportCreated.as_str())"), "the batched report insert binds its kind of action");
                }
            }
        }
        writers.sort();
        assert_eq!(writers, ["audit.rs", "report_writer.rs"], "only these write audit entries");
    }
}
