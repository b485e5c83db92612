//! Fast loading of many generated reports (the demo and the benchmarks'
//! `learnloop generate`). Rows go in multi-row INSERTs, many per transaction;
//! the same privacy rules apply as for one report at a time.

use learnloop_domain::ids::{OrganisationId, PersonId, ReportId, ServiceId, TeamId};
use learnloop_domain::identity::IdentityMode;
use learnloop_domain::reference::Reference;
use learnloop_domain::reports::{Category, Harm, PsychologicalHarm, ReportKind, acknowledgement, recorded_submission_time};
use rand::Rng;
use rand::rngs::StdRng;

use crate::bulk_loop::{GeneratedLoop, LoopOfReport, insert_generated_loops};
use crate::error::StoreError;
use crate::store::Store;
use crate::placeholders::value_placeholders;
use crate::sql::{assembled_sql, sql};

/// One generated report, already valid.
pub struct GeneratedReport {
    pub service_id: ServiceId,
    pub team_id: Option<TeamId>,
    pub kind: ReportKind,
    pub identity: IdentityMode,
    pub occurred_at: jiff::Timestamp,
    pub occurred_month: i32,
    pub submitted_at: jiff::Timestamp,
    pub what_happened: String,
    pub category: Option<Category>,
    pub harm: Option<Harm>,
    pub psychological_harm: Option<PsychologicalHarm>,
    pub immediate_actions: Option<String>,
    pub what_went_well: Option<String>,
    pub people_affected: Vec<String>,
    /// Ignored for anonymous reports.
    pub reporter_id: Option<PersonId>,
    /// What the team did with it; its status, and when it was thanked, fed
    /// back on and closed, follow from these steps.
    pub learning_loop: GeneratedLoop,
}

/// Rows per INSERT statement: 500 × 21 values stays under both backends'
/// limits on bound parameters.
const ROWS_PER_STATEMENT: usize = 500;

impl Store {
    /// Inserts `reports` with their learning loops for the organisation in
    /// one transaction. Ids and references come from `rng` (deterministic for
    /// a seeded generator). Returns how many were inserted; a loop the
    /// domain's rules refuse saves nothing.
    pub async fn insert_generated_reports(&self, organisation_id: OrganisationId, reports: &[GeneratedReport], rng: &mut StdRng) -> Result<usize, StoreError> {
        struct Prepared<'a> {
            id: i64,
            reference: String,
            report: &'a GeneratedReport,
            people: String,
            submitted_at: i64,
            terms: Vec<u8>,
            status: &'static str,
        }
        let mut prepared: Vec<Prepared> = Vec::with_capacity(reports.len());
        for report in reports {
            let status = report.learning_loop.status().map_err(|refusal| StoreError::Corrupt(format!("a generated report's loop was refused: {refusal:?}")))?;
            prepared.push(Prepared {
                id: rng.random_range(1..(1i64 << 53)),
                reference: Reference::generate(rng).to_string(),
                people: serde_json::to_string(&report.people_affected).expect("strings serialise"),
                submitted_at: recorded_submission_time(report.identity, report.submitted_at),
                terms: learnloop_domain::similarity::stored_terms(&report.what_happened),
                status: status.as_str(),
                report,
            });
        }
        let anonymous_placeholders = self.backend_name() == "sqlite";
        let mut tx = self.begin().await?;
        let service_names: std::collections::HashMap<i64, String> =
            sql("SELECT id, name FROM services WHERE organisation_id = $1").bind(organisation_id).fetch_all::<(i64, String)>(&mut tx).await?.into_iter().collect();
        for chunk in prepared.chunks(ROWS_PER_STATEMENT) {
            // Only placeholders are formatted into the text; every value is bound.
            let mut query = assembled_sql(format!(
                "INSERT INTO reports (id, organisation_id, service_id, reference, kind, identity, status, occurred_at, occurred_month, \
                 submitted_at, what_happened, category, harm, psychological_harm, immediate_actions, what_went_well, people_affected, \
                 thanked_at, feedback_at, closed_at, team_id) VALUES {}",
                value_placeholders(anonymous_placeholders, chunk.len(), 21)
            ));
            for p in chunk {
                let r = p.report;
                query = query
                    .bind(p.id)
                    .bind(organisation_id)
                    .bind(r.service_id)
                    .bind(p.reference.clone())
                    .bind(r.kind.as_str())
                    .bind(r.identity.as_str())
                    .bind(p.status)
                    .bind(r.occurred_at.as_second())
                    .bind(i64::from(r.occurred_month))
                    .bind(p.submitted_at)
                    .bind(r.what_happened.clone())
                    .bind(r.category.map(Category::as_str))
                    .bind(r.harm.map(Harm::as_str))
                    .bind(r.psychological_harm.map(PsychologicalHarm::as_str))
                    .bind(r.immediate_actions.clone())
                    .bind(r.what_went_well.clone())
                    .bind(p.people.clone())
                    .bind(r.learning_loop.thanks.as_ref().map(|m| m.at.as_second()))
                    .bind(r.learning_loop.feedback.as_ref().map(|m| m.at.as_second()))
                    .bind(r.learning_loop.closed_at.map(|t| t.as_second()))
                    .bind(r.team_id);
            }
            query.execute(&mut tx).await.map_err(|e| e.unique_violation_as("generated report id or reference"))?;
            let mut query = assembled_sql(format!(
                "INSERT INTO report_terms (service_id, submitted_at, report_id, category, terms) VALUES {}",
                value_placeholders(anonymous_placeholders, chunk.len(), 5)
            ));
            for p in chunk {
                query = query.bind(p.report.service_id).bind(p.submitted_at).bind(p.id).bind(p.report.category.map(Category::as_str)).bind(p.terms.clone());
            }
            query.execute(&mut tx).await?;

            let reporters: Vec<(i64, PersonId, i64)> = chunk
                .iter()
                .filter(|p| p.report.identity.stores_reporter())
                .filter_map(|p| p.report.reporter_id.map(|u| (p.id, u, p.submitted_at)))
                .collect();
            if !reporters.is_empty() {
                let mut query = assembled_sql(format!(
                    "INSERT INTO report_reporters (report_id, user_id, submitted_at) VALUES {}",
                    value_placeholders(anonymous_placeholders, reporters.len(), 3)
                ));
                for (report_id, user_id, submitted_at) in reporters {
                    query = query.bind(report_id).bind(user_id).bind(submitted_at);
                }
                query.execute(&mut tx).await?;
            }
        }
        let loops: Vec<LoopOfReport> = prepared
            .iter()
            .map(|p| LoopOfReport {
                report_id: ReportId(p.id),
                reference: &p.reference,
                service_id: p.report.service_id,
                reporter: p.report.reporter_id.filter(|_| p.report.identity.stores_reporter()),
                submitted_at: p.submitted_at,
                // Worded as the product acknowledges a report it receives.
                acknowledgement: p.report.identity.stores_reporter().then(|| {
                    let service = service_names.get(&p.report.service_id.get()).map(String::as_str).unwrap_or_default();
                    acknowledgement(p.report.kind, &p.reference, service, p.report.identity)
                }),
                learning_loop: &p.report.learning_loop,
            })
            .collect();
        insert_generated_loops(&mut tx, anonymous_placeholders, organisation_id, &loops, rng).await?;
        tx.commit().await?;
        Ok(reports.len())
    }

    /// After a bulk load: PostgreSQL gets its planner statistics and its
    /// visibility map (for index-only counts) now rather than whenever
    /// autovacuum comes round, which on a fresh million-row load can be
    /// minutes of plans made blind. SQLite plans without statistics by design
    /// (some queries rely on that; see `triage`), so it is left alone; its
    /// anonymous reports of past days join the main search index together.
    pub async fn finish_bulk_load(&self) -> Result<(), StoreError> {
        self.index_anonymous_reports_of_past_days(jiff::Timestamp::now()).await?;
        if !self.reader().is_sqlite() {
            sql("VACUUM (ANALYZE)").execute(self.reader()).await?;
        }
        Ok(())
    }
}
