//! Learning responses (reviews): record only, debrief, after-action review,
//! learning review. One review can cover several reports (a theme); starting
//! one moves its reports to "being reviewed".

use learnloop_domain::audit::AuditAction;
use learnloop_domain::ids::{OrganisationId, PersonId, ReportId};
use const_format::concatcp;
use jiff::Timestamp;
use serde_json::{Value, json};

use crate::audit::{NewAuditEntry, write_audit};
use crate::error::StoreError;
use crate::store::Store;
use crate::sql::sql;

/// A checked review on its way into the database. `details` holds the type's
/// own fields; factors and the double-loop answer also get columns so the
/// dashboards and the governance list can query them.
pub struct NewReviewRecord<'a> {
    pub organisation_id: OrganisationId,
    pub review_type: &'static str,
    pub details: Value,
    pub factors: Vec<&'static str>,
    pub rule_needs_change: bool,
    pub report_ids: &'a [ReportId],
    pub created_by: PersonId,
    pub at: Timestamp,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReviewRecord {
    pub id: i64,
    pub organisation_id: OrganisationId,
    pub review_type: String,
    pub details: Value,
    pub rule_needs_change: bool,
    pub created_by_name: String,
    pub created_at: i64,
    /// The references of the reports it covers.
    pub report_references: Vec<String>,
}

#[derive(sqlx::FromRow)]
struct ReviewRow {
    id: i64,
    #[sqlx(try_from = "i64")]
    organisation_id: OrganisationId,
    review_type: String,
    details: String,
    rule_needs_change: bool,
    created_by_name: String,
    created_at: i64,
}

const SELECT_REVIEW: &str = "SELECT v.id, v.organisation_id, v.review_type, v.details, v.rule_needs_change, u.name AS created_by_name, v.created_at
                             FROM reviews v JOIN users u ON u.id = v.created_by";

impl Store {
    /// Saves a review, links its reports and moves them to "being reviewed"
    /// (those not already further on), in one transaction.
    pub async fn create_review(&self, review: &NewReviewRecord<'_>) -> Result<i64, StoreError> {
        let at = review.at.as_second();
        let mut tx = self.begin().await?;
        let id: i64 = sql(
            "INSERT INTO reviews (organisation_id, review_type, details, rule_needs_change, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(review.organisation_id)
        .bind(review.review_type)
        .bind(review.details.to_string())
        .bind(review.rule_needs_change)
        .bind(review.created_by)
        .bind(at)
        .fetch_value(&mut tx)
        .await?;
        for report_id in review.report_ids {
            sql("INSERT INTO review_reports (review_id, report_id) VALUES ($1, $2)").bind(id).bind(*report_id).execute(&mut tx).await?;
            sql("UPDATE reports SET status = 'in_review' WHERE id = $1 AND status IN ('received', 'thanked')").bind(*report_id).execute(&mut tx).await?;
        }
        for factor in &review.factors {
            sql("INSERT INTO review_factors (review_id, factor) VALUES ($1, $2)").bind(id).bind(*factor).execute(&mut tx).await?;
        }
        write_audit(&mut tx, NewAuditEntry {
            organisation_id: review.organisation_id,
            at,
            actor_id: Some(review.created_by),
            action: AuditAction::ReviewCreated,
            subject: format!("review {id}"),
            detail: json!({"type": review.review_type, "reports": review.report_ids.len()}),
        })
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Adds a report to an existing review (a theme across reports).
    pub async fn add_report_to_review(&self, organisation_id: OrganisationId, review_id: i64, report_id: ReportId, actor_id: PersonId, at: Timestamp) -> Result<(), StoreError> {
        let at = at.as_second();
        let mut tx = self.begin().await?;
        let found: Option<i64> = sql("SELECT id FROM reviews WHERE id = $1 AND organisation_id = $2")
            .bind(review_id)
            .bind(organisation_id)
            .fetch_optional_value(&mut tx)
            .await?;
        if found.is_none() {
            return Err(StoreError::NotFound);
        }
        sql("INSERT INTO review_reports (review_id, report_id) VALUES ($1, $2)")
            .bind(review_id)
            .bind(report_id)
            .execute(&mut tx)
            .await
            .map_err(|e| e.unique_violation_as("this report in the review"))?;
        sql("UPDATE reports SET status = 'in_review' WHERE id = $1 AND status IN ('received', 'thanked')").bind(report_id).execute(&mut tx).await?;
        write_audit(&mut tx, NewAuditEntry {
            organisation_id,
            at,
            actor_id: Some(actor_id),
            action: AuditAction::ReviewReportAdded,
            subject: format!("review {review_id}"),
            detail: json!({}),
        })
        .await?;
        tx.commit().await
    }

    pub async fn review(&self, organisation_id: OrganisationId, review_id: i64) -> Result<Option<ReviewRecord>, StoreError> {
        const QUERY: &str = concatcp!(SELECT_REVIEW, " WHERE v.id = $1 AND v.organisation_id = $2");
        let row: Option<ReviewRow> = sql(QUERY).bind(review_id).bind(organisation_id).fetch_optional(self.reader()).await?;
        match row {
            None => Ok(None),
            Some(row) => Ok(Some(self.review_record(row).await?)),
        }
    }

    /// The reviews covering a report, oldest first.
    pub async fn reviews_of_report(&self, report_id: ReportId) -> Result<Vec<ReviewRecord>, StoreError> {
        const QUERY: &str = concatcp!(SELECT_REVIEW, " JOIN review_reports rr ON rr.review_id = v.id WHERE rr.report_id = $1 ORDER BY v.created_at, v.id");
        let rows: Vec<ReviewRow> = sql(QUERY).bind(report_id).fetch_all(self.reader()).await?;
        let mut reviews = Vec::with_capacity(rows.len());
        for row in rows {
            reviews.push(self.review_record(row).await?);
        }
        Ok(reviews)
    }

    /// Learning reviews that found a rule, policy, target or procedure itself
    /// needs to change: the governance list, newest first.
    pub async fn governance_list(&self, organisation_id: OrganisationId, limit: i64) -> Result<Vec<ReviewRecord>, StoreError> {
        const QUERY: &str = concatcp!(SELECT_REVIEW, " WHERE v.organisation_id = $1 AND v.rule_needs_change = TRUE ORDER BY v.created_at DESC LIMIT $2");
        let rows: Vec<ReviewRow> = sql(QUERY).bind(organisation_id).bind(limit).fetch_all(self.reader()).await?;
        let mut reviews = Vec::with_capacity(rows.len());
        for row in rows {
            reviews.push(self.review_record(row).await?);
        }
        Ok(reviews)
    }

    async fn review_record(&self, row: ReviewRow) -> Result<ReviewRecord, StoreError> {
        let query = "SELECT r.reference FROM review_reports rr JOIN reports r ON r.id = rr.report_id WHERE rr.review_id = $1 ORDER BY r.submitted_at, r.id";
        let report_references: Vec<String> = sql(query).bind(row.id).fetch_column(self.reader()).await?;
        Ok(ReviewRecord {
            details: serde_json::from_str(&row.details).map_err(|e| StoreError::Corrupt(format!("reviews.details: {e}")))?,
            id: row.id,
            organisation_id: row.organisation_id,
            review_type: row.review_type,
            rule_needs_change: row.rule_needs_change,
            created_by_name: row.created_by_name,
            created_at: row.created_at,
            report_references,
        })
    }
}
