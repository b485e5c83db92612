//! Just-culture records: the decision aid's answers, outcome and reasoning for
//! one action of one person. Only quality leads and the safety officer may
//! read or write them; callers check the role (`Role::may_use_just_culture`)
//! and the audit entry says only that a record was made, never its outcome,
//! because administrators read the audit log.

use learnloop_domain::audit::AuditAction;
use learnloop_domain::ids::{OrganisationId, PersonId, ReportId};
use jiff::Timestamp;
use serde_json::json;

use crate::audit::{NewAuditEntry, write_audit};
use crate::error::StoreError;
use crate::store::Store;
use crate::sql::sql;

pub struct NewJustCultureRecord<'a> {
    pub organisation_id: OrganisationId,
    pub report_id: ReportId,
    pub report_reference: &'a str,
    /// The one action considered, described without naming the person.
    pub action_in_question: &'a str,
    /// The questions asked, in order, with their answers.
    pub answers: Vec<(&'static str, bool)>,
    pub outcome: &'static str,
    pub reasoning: &'a str,
    pub recorded_by: PersonId,
    pub at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JustCultureRecord {
    pub id: i64,
    pub action_in_question: String,
    pub answers: Vec<(String, bool)>,
    pub outcome: String,
    pub reasoning: String,
    pub recorded_by_name: String,
    pub recorded_at: i64,
}

#[derive(sqlx::FromRow)]
struct RecordRow {
    id: i64,
    action_in_question: String,
    answers: String,
    outcome: String,
    reasoning: String,
    recorded_by_name: String,
    recorded_at: i64,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct StoredAnswer {
    question: String,
    answer: bool,
}

impl Store {
    pub async fn record_just_culture(&self, record: &NewJustCultureRecord<'_>) -> Result<i64, StoreError> {
        let answers: Vec<StoredAnswer> = record.answers.iter().map(|(q, a)| StoredAnswer { question: q.to_string(), answer: *a }).collect();
        let answers = serde_json::to_string(&answers).expect("answers serialise");
        let at = record.at.as_second();
        let mut tx = self.begin().await?;
        let id: i64 = sql(
            "INSERT INTO just_culture_records (organisation_id, report_id, action_in_question, answers, outcome, reasoning, recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(record.organisation_id)
        .bind(record.report_id)
        .bind(record.action_in_question)
        .bind(&answers)
        .bind(record.outcome)
        .bind(record.reasoning)
        .bind(record.recorded_by)
        .bind(at)
        .fetch_value(&mut tx)
        .await?;
        write_audit(&mut tx, NewAuditEntry {
            organisation_id: record.organisation_id,
            at,
            actor_id: Some(record.recorded_by),
            action: AuditAction::JustCultureRecorded,
            subject: learnloop_domain::audit::report_subject(record.report_reference),
            detail: json!({}),
        })
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The records about a report, oldest first.
    pub async fn just_culture_records(&self, report_id: ReportId) -> Result<Vec<JustCultureRecord>, StoreError> {
        let query = "SELECT j.id, j.action_in_question, j.answers, j.outcome, j.reasoning, u.name AS recorded_by_name, j.recorded_at
                     FROM just_culture_records j JOIN users u ON u.id = j.recorded_by
                     WHERE j.report_id = $1 ORDER BY j.recorded_at, j.id";
        let rows: Vec<RecordRow> = sql(query).bind(report_id).fetch_all(self.reader()).await?;
        rows.into_iter()
            .map(|row| {
                let answers: Vec<StoredAnswer> =
                    serde_json::from_str(&row.answers).map_err(|e| StoreError::Corrupt(format!("just_culture_records.answers: {e}")))?;
                Ok(JustCultureRecord {
                    id: row.id,
                    action_in_question: row.action_in_question,
                    answers: answers.into_iter().map(|a| (a.question, a.answer)).collect(),
                    outcome: row.outcome,
                    reasoning: row.reasoning,
                    recorded_by_name: row.recorded_by_name,
                    recorded_at: row.recorded_at,
                })
            })
            .collect()
    }
}
