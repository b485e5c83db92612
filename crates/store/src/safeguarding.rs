//! Safeguarding escalations: a concern escalated at once to the service's
//! safeguarding lead (opened with the report, see `obligations_opened`), and
//! the checklist the team completes: is the person safe, was a referral made.

use learnloop_domain::audit::AuditAction;
use learnloop_domain::ids::{PersonId, ReportId};
use jiff::Timestamp;
use learnloop_domain::obligations::SafeguardingChecklist;
use learnloop_domain::notice::Notice;
use serde_json::json;

use crate::audit::{NewAuditEntry, write_audit};
use crate::error::StoreError;
use crate::obligations_opened::{ReportAtHand, escalate_safeguarding};
use crate::reports::ReportRecord;
use crate::sql::sql;
use crate::store::Store;

/// A safeguarding escalation and its checklist.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Escalation {
    #[sqlx(try_from = "i64")]
    pub report_id: ReportId,
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

pub(crate) const SELECT_ESCALATION: &str = "SELECT e.report_id, r.reference, s.name AS service_name, e.escalated_at, l.name AS lead_name,
        e.person_safe, e.person_safe_note, e.referral_made, e.referral_by, e.referral_at, e.no_referral_reason,
        w.name AS updated_by_name, e.updated_at, e.completed_at
    FROM safeguarding_escalations e JOIN reports r ON r.id = e.report_id JOIN services s ON s.id = e.service_id
    LEFT JOIN users l ON l.id = e.lead_id LEFT JOIN users w ON w.id = e.updated_by";

/// The checklist's answers as saved, whichever request gave them.
#[derive(sqlx::FromRow)]
struct SavedChecklist {
    person_safe: Option<bool>,
    referral_made: Option<bool>,
    referral_by: Option<String>,
    referral_at: Option<i64>,
    no_referral_reason: Option<String>,
}

impl Store {
    /// Records the checklist; escalates first (telling the lead with
    /// `escalation`, worded by the domain's `safeguarding_notice`) when the
    /// report was not escalated yet, e.g. a concern the reporter did not
    /// categorise as safeguarding. Returns whether it escalated now.
    pub async fn record_safeguarding_checklist(
        &self,
        report: &ReportRecord,
        checklist: &SafeguardingChecklist,
        actor_id: PersonId,
        at: Timestamp,
        escalation: &Notice,
    ) -> Result<bool, StoreError> {
        let at = at.as_second();
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
            };
            escalate_safeguarding(&mut tx, &at_hand, at, false, escalation).await?;
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
                    action: AuditAction::SafeguardingChecklist,
                    subject: learnloop_domain::audit::report_subject(&report.reference),
                    detail: json!({"escalated_now": exists.is_none(), "person_safe": merged.person_safe, "referral_made": merged.referral_made, "complete": merged.is_complete()}),
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(exists.is_none())
    }
}
