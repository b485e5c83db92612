//! The audit log: who changed what, and when. Append-only (database triggers
//! refuse updates and deletes). Anonymous reports write no audit entry at all:
//! even an actor-less entry's time and position would hint at who reported.

use learnloop_domain::ids::{OrganisationId, PersonId};
use serde_json::Value;

use crate::error::StoreError;
use crate::store::Store;
use crate::sql::{Transaction, sql};

/// One row of the log, with the actor's name resolved for display.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    /// The stored number: an optional column is read only into types sqlx knows.
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

/// What an action records. `actor_id` is `None` for the command line and the
/// system itself.
pub(crate) struct NewAuditEntry<'a> {
    pub organisation_id: OrganisationId,
    pub at: i64,
    pub actor_id: Option<PersonId>,
    pub action: &'a str,
    pub subject: String,
    pub detail: Value,
}

pub(crate) const INSERT_AUDIT: &str =
    "INSERT INTO audit_log (organisation_id, at, actor_id, action, subject, detail) VALUES ($1, $2, $3, $4, $5, $6)";

/// Writes an audit entry inside the caller's transaction, so it commits
/// (or not) with the change it records.
pub(crate) async fn write_audit(tx: &mut Transaction, entry: NewAuditEntry<'_>) -> Result<(), StoreError> {
    sql(INSERT_AUDIT)
        .bind(entry.organisation_id)
        .bind(entry.at)
        .bind(entry.actor_id)
        .bind(entry.action)
        .bind(entry.subject)
        .bind(entry.detail.to_string())
        .execute(tx)
        .await?;
    Ok(())
}

impl Store {
    /// The newest entries first; `before_id` pages back through older ones.
    pub async fn audit_log(&self, organisation_id: OrganisationId, before_id: Option<i64>, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let query = "SELECT a.id, a.at, a.actor_id, u.name AS actor_name, a.action, a.subject, a.detail
                   FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
                   WHERE a.organisation_id = $1 AND a.id < $2
                   ORDER BY a.id DESC LIMIT $3";
        let before = before_id.unwrap_or(i64::MAX);
        sql(query).bind(organisation_id).bind(before).bind(limit).fetch_all(self.reader()).await
    }
}
