//! The duty of candour's steps for one report: told in person, apology,
//! written follow-up; opened with the report when harm calls for it, or by
//! a manager's judgement.

use learnloop_domain::audit::AuditAction;
use learnloop_domain::ids::{PersonId, ReportId};
use jiff::Timestamp;
use learnloop_domain::obligations::CandourDates;
use serde_json::json;

use crate::audit::{NewAuditEntry, write_audit};
use crate::error::StoreError;
use crate::reports::ReportRecord;
use crate::sql::sql;
use crate::store::Store;

/// The duty of candour's steps for one report.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Candour {
    #[sqlx(try_from = "i64")]
    pub report_id: ReportId,
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

pub(crate) const SELECT_CANDOUR: &str = "SELECT c.report_id, r.reference, s.name AS service_name, c.created_at, c.told_in_person_on,
        c.apology_on, c.written_follow_up_on, c.notes, w.name AS updated_by_name, c.updated_at, c.completed_at
    FROM candour_records c JOIN reports r ON r.id = c.report_id JOIN services s ON s.id = c.service_id
    LEFT JOIN users w ON w.id = c.updated_by";

impl Store {
    /// Records the candour steps given (a step left blank keeps its date),
    /// opening the record if the rules had not (a manager's judgement).
    pub async fn record_candour(
        &self,
        report: &ReportRecord,
        dates: &CandourDates,
        actor_id: PersonId,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        let at = at.as_second();
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
                    action: AuditAction::CandourRecorded,
                    subject: learnloop_domain::audit::report_subject(&report.reference),
                    detail: json!({"told_in_person_on": day(dates.told_in_person_on), "apology_on": day(dates.apology_on), "written_follow_up_on": day(dates.written_follow_up_on)}),
                },
            )
            .await?;
        }
        tx.commit().await
    }
}
