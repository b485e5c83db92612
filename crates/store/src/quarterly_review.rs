//! Quarterly reviews: the plan for next quarter a quality lead writes, and
//! when the review was published to staff. What we heard and what we did
//! are read from the reports, actions and learning of the quarter.

use learnloop_domain::audit::AuditAction;
use learnloop_domain::ids::{OrganisationId, PersonId};
use const_format::concatcp;
use jiff::Timestamp;
use serde_json::json;

use crate::audit::{NewAuditEntry, write_audit};
use crate::error::StoreError;
use crate::store::Store;
use crate::sql::sql;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct QuarterlyReviewRecord {
    /// `year * 10 + quarter`, e.g. 20263 for July to September 2026.
    pub quarter: i64,
    pub plan_next: String,
    pub updated_by_name: String,
    pub updated_at: i64,
    pub published_at: Option<i64>,
}

const SELECT_REVIEW: &str = "SELECT q.quarter, q.plan_next, u.name AS updated_by_name, q.updated_at, q.published_at
                             FROM quarterly_reviews q JOIN users u ON u.id = q.updated_by";

impl Store {
    pub async fn quarterly_review(&self, organisation_id: OrganisationId, quarter: i64) -> Result<Option<QuarterlyReviewRecord>, StoreError> {
        const QUERY: &str = concatcp!(SELECT_REVIEW, " WHERE q.organisation_id = $1 AND q.quarter = $2");
        sql(QUERY).bind(organisation_id).bind(quarter).fetch_optional(self.reader()).await
    }

    /// The reviews published to staff, newest quarter first.
    pub async fn published_quarterly_reviews(&self, organisation_id: OrganisationId) -> Result<Vec<QuarterlyReviewRecord>, StoreError> {
        const QUERY: &str = concatcp!(SELECT_REVIEW, " WHERE q.organisation_id = $1 AND q.published_at IS NOT NULL ORDER BY q.quarter DESC");
        sql(QUERY).bind(organisation_id).fetch_all(self.reader()).await
    }

    /// Saves the plan for next quarter and, with `publish`, publishes the
    /// review to staff (the first publication's time is kept).
    pub async fn save_quarterly_review(&self, organisation_id: OrganisationId, quarter: i64, plan_next: &str, publish: bool, by: PersonId, now: Timestamp) -> Result<(), StoreError> {
        let now = now.as_second();
        let mut tx = self.begin().await?;
        sql("INSERT INTO quarterly_reviews (organisation_id, quarter, plan_next, updated_by, updated_at, published_at, published_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (organisation_id, quarter) DO UPDATE SET plan_next = excluded.plan_next, updated_by = excluded.updated_by,
                 updated_at = excluded.updated_at,
                 published_at = COALESCE(quarterly_reviews.published_at, excluded.published_at),
                 published_by = COALESCE(quarterly_reviews.published_by, excluded.published_by)")
        .bind(organisation_id)
        .bind(quarter)
        .bind(plan_next)
        .bind(by)
        .bind(now)
        .bind(publish.then_some(now))
        .bind(publish.then_some(by))
        .execute(&mut tx)
        .await?;
        write_audit(&mut tx, NewAuditEntry {
            organisation_id,
            at: now,
            actor_id: Some(by),
            action: if publish { AuditAction::QuarterlyReviewPublished } else { AuditAction::QuarterlyReviewSaved },
            subject: format!("quarterly review {quarter}"),
            detail: json!({"plan_chars": plan_next.chars().count()}),
        })
        .await?;
        tx.commit().await
    }
}
