//! Group commit for new reports. Requests hand their prepared report to one
//! writer task, which saves everything waiting in a single transaction (up to
//! `MAX_BATCH` reports, with one multi-row INSERT per table) and then answers
//! each request. Under load this turns hundreds of small commits into a few
//! large ones; alone, a report is committed at once. Each report's rows are
//! always in the same transaction, and nobody is told "saved" before commit.

use std::sync::Arc;

use learnloop_domain::identity::IdentityMode;
use learnloop_domain::report::{
    Category, Harm, PsychologicalHarm, ReportStatus, acknowledgement, recorded_submission_time,
};
use serde_json::json;
use tokio::sync::{mpsc, oneshot};

use crate::backend::{Backend, StoreError};
use crate::obligations::{OpenedAtSubmission, ReportAtHand, open_obligations};
use crate::placeholders::value_placeholders;
use crate::reports::{ReportIdentifiers, ReportSubmission};
use crate::row_id::random_row_id;
use crate::sql::{assembled_sql, sql};

/// At most this many reports share one commit.
const MAX_BATCH: usize = 64;

/// Every value one report writes, computed before the transaction.
pub(crate) struct PreparedReport {
    id: i64,
    organisation_id: i64,
    service_id: i64,
    team_id: Option<i64>,
    reference: String,
    kind: &'static str,
    identity: IdentityMode,
    occurred_at: i64,
    occurred_month: i64,
    submitted_at: i64,
    what_happened: String,
    category: Option<&'static str>,
    harm: Option<&'static str>,
    psychological_harm: Option<&'static str>,
    immediate_actions: Option<String>,
    what_went_well: Option<String>,
    people_affected: String,
    follow_up_code_hash: Option<String>,
    /// Named and confidential reports only: who, and their acknowledgement.
    reporter: Option<ReporterRows>,
    /// Safeguarding, a regulator's notification, candour: opened with the report.
    opened: Option<OpenedAtSubmission>,
    /// The narrative's terms, for finding similar reports.
    terms: Vec<u8>,
}

struct ReporterRows {
    user_id: i64,
    now: i64,
    inbox_message_id: i64,
    subject: String,
    body: String,
    link: String,
    /// Named reports only: a confidential report's audit entry would show
    /// administrators who made it.
    audit_detail: Option<String>,
}

impl PreparedReport {
    pub(crate) fn new(
        submission: &ReportSubmission<'_>,
        ids: &ReportIdentifiers,
    ) -> PreparedReport {
        let report = submission.report;
        let identity = report.identity;
        // Privacy rule enforced here, at the lowest layer: an anonymous report
        // keeps no link to whoever submitted it, no acknowledgement in anyone's
        // inbox, no audit entry, and only the day it arrived. A confidential
        // report keeps its reporter (for the safety officer) and their
        // acknowledgement, but writes no audit entry: administrators read the
        // audit log, and the entry's actor would be the reporter.
        let reporter = submission.submitted_by.filter(|_| identity.stores_reporter()).map(|user_id| {
            let (subject, body) = acknowledgement(report.kind, ids.reference.as_str(), submission.service_name, identity);
            ReporterRows {
                user_id,
                now: submission.now.as_second(),
                inbox_message_id: random_row_id(),
                subject,
                body,
                link: format!("/reports/{}", ids.reference),
                audit_detail: (identity == IdentityMode::Named).then(|| {
                    json!({"kind": report.kind.as_str(), "identity": identity.as_str(), "service_id": submission.service_id}).to_string()
                }),
            }
        });
        PreparedReport {
            id: ids.id,
            organisation_id: submission.organisation_id,
            service_id: submission.service_id,
            team_id: submission.team_id,
            reference: ids.reference.to_string(),
            kind: report.kind.as_str(),
            identity,
            occurred_at: report.occurred_at.as_second(),
            occurred_month: i64::from(report.occurred_month),
            submitted_at: recorded_submission_time(identity, submission.now),
            what_happened: report.what_happened.clone(),
            category: report.category.map(Category::as_str),
            harm: report.harm.map(Harm::as_str),
            psychological_harm: report.psychological_harm.map(PsychologicalHarm::as_str),
            immediate_actions: report.immediate_actions.clone(),
            what_went_well: report.what_went_well.clone(),
            people_affected: serde_json::to_string(&report.people_affected)
                .expect("a list of strings serialises"),
            follow_up_code_hash: ids.follow_up_code.as_ref().map(|c| c.hash()),
            reporter,
            opened: OpenedAtSubmission::for_report(
                report,
                submission.service_kind,
                submission.service_name,
            ),
            terms: learnloop_domain::similarity::stored_terms(&report.what_happened),
        }
    }
}

/// Inserts `rows` in one transaction, one multi-row INSERT per table.
pub(crate) async fn insert_prepared_reports(
    backend: &Arc<Backend>,
    rows: &[PreparedReport],
) -> Result<(), StoreError> {
    let on_sqlite = matches!(**backend, Backend::Sqlite { .. });
    let anonymous_placeholders = on_sqlite;
    let reporters: Vec<(&PreparedReport, &ReporterRows)> = rows
        .iter()
        .filter_map(|r| r.reporter.as_ref().map(|p| (r, p)))
        .collect();
    let audited: Vec<(&PreparedReport, &ReporterRows, &str)> = reporters
        .iter()
        .filter_map(|(r, p)| p.audit_detail.as_deref().map(|detail| (*r, *p, detail)))
        .collect();
    let reports_sql = format!(
        "INSERT INTO reports (id, organisation_id, service_id, reference, kind, identity, status, occurred_at, occurred_month,
         submitted_at, what_happened, category, harm, psychological_harm, immediate_actions, what_went_well, people_affected,
         follow_up_code_hash, team_id) VALUES {}",
        value_placeholders(anonymous_placeholders, rows.len(), 19)
    );
    let reporters_sql = format!(
        "INSERT INTO report_reporters (report_id, user_id, submitted_at) VALUES {}",
        value_placeholders(anonymous_placeholders, reporters.len(), 3)
    );
    let inbox_sql = format!(
        "INSERT INTO inbox_messages (id, user_id, created_at, subject, body, link) VALUES {}",
        value_placeholders(anonymous_placeholders, reporters.len(), 6)
    );
    let terms_sql = format!(
        "INSERT INTO report_terms (service_id, submitted_at, report_id, category, terms) VALUES {}",
        value_placeholders(anonymous_placeholders, rows.len(), 5)
    );
    let audit_sql = format!(
        "INSERT INTO audit_log (organisation_id, at, actor_id, action, subject, detail) VALUES {}",
        value_placeholders(anonymous_placeholders, audited.len(), 6)
    );
    let mut tx = backend.begin().await?;
    {
        // Only placeholders are formatted into these statements; every value is bound.
        let mut query = assembled_sql(reports_sql);
        for r in rows {
            query = query
                .bind(r.id)
                .bind(r.organisation_id)
                .bind(r.service_id)
                .bind(r.reference.as_str())
                .bind(r.kind)
                .bind(r.identity.as_str())
                .bind(ReportStatus::Received.as_str())
                .bind(r.occurred_at)
                .bind(r.occurred_month)
                .bind(r.submitted_at)
                .bind(r.what_happened.as_str())
                .bind(r.category)
                .bind(r.harm)
                .bind(r.psychological_harm)
                .bind(r.immediate_actions.as_deref())
                .bind(r.what_went_well.as_deref())
                .bind(r.people_affected.as_str())
                .bind(r.follow_up_code_hash.as_deref())
                .bind(r.team_id);
        }
        query
            .execute(&mut tx)
            .await
            .map_err(|e| e.unique_violation_as("report reference"))?;
        let mut query = assembled_sql(terms_sql);
        for r in rows {
            query = query
                .bind(r.service_id)
                .bind(r.submitted_at)
                .bind(r.id)
                .bind(r.category)
                .bind(r.terms.as_slice());
        }
        query.execute(&mut tx).await?;
        if !reporters.is_empty() {
            let mut query = assembled_sql(reporters_sql);
            for (r, p) in &reporters {
                query = query.bind(r.id).bind(p.user_id).bind(r.submitted_at);
            }
            query.execute(&mut tx).await?;
            let mut query = assembled_sql(inbox_sql);
            for (_, p) in &reporters {
                query = query
                    .bind(p.inbox_message_id)
                    .bind(p.user_id)
                    .bind(p.now)
                    .bind(p.subject.as_str())
                    .bind(p.body.as_str())
                    .bind(p.link.as_str());
            }
            query.execute(&mut tx).await?;
        }
        if !audited.is_empty() {
            let mut query = assembled_sql(audit_sql);
            for (r, p, detail) in &audited {
                query = query
                    .bind(r.organisation_id)
                    .bind(p.now)
                    .bind(Some(p.user_id))
                    .bind("report.created")
                    .bind(format!("report {}", r.reference))
                    .bind(*detail);
            }
            query.execute(&mut tx).await?;
        }
        for r in rows {
            if let Some(opened) = &r.opened {
                let report = ReportAtHand {
                    id: r.id,
                    organisation_id: r.organisation_id,
                    service_id: r.service_id,
                    service_name: &opened.service_name,
                    reference: &r.reference,
                };
                open_obligations(&mut tx, &report, r.submitted_at, opened).await?;
            }
        }
        // SQLite: today's anonymous reports wait in a small index of their
        // own (the insert trigger put them there). Merged into one segment
        // (terms, then search keys: day and random id bits), nothing in it
        // tells which of them came first. Merging costs about 4 ms with 2,000
        // of them in a day, a fifth of rebuilding.
        if on_sqlite && rows.iter().any(|r| r.identity == IdentityMode::Anonymous) {
            sql("INSERT INTO report_search_today (report_search_today) VALUES ('optimize')")
                .execute(&mut tx)
                .await?;
        }
    }
    tx.commit().await
}

struct Job {
    report: PreparedReport,
    reply: oneshot::Sender<Result<(), ()>>,
}

/// The requests' side of the writer task.
#[derive(Clone)]
pub(crate) struct ReportWriter {
    jobs: mpsc::Sender<Job>,
}

impl ReportWriter {
    /// Starts the writer task on the current Tokio runtime.
    pub(crate) fn start(backend: Arc<Backend>) -> ReportWriter {
        let (jobs, receiver) = mpsc::channel(1024);
        tokio::spawn(run_writer(backend, receiver));
        ReportWriter { jobs }
    }

    /// Saves the report in the next shared commit. `Err(())` means that
    /// commit failed; the caller saves the report on its own instead.
    pub(crate) async fn write(&self, report: PreparedReport) -> Result<(), ()> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job { report, reply })
            .await
            .map_err(|_| ())?;
        answer.await.unwrap_or(Err(()))
    }
}

async fn run_writer(backend: Arc<Backend>, mut receiver: mpsc::Receiver<Job>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while receiver.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let (reports, replies): (Vec<PreparedReport>, Vec<oneshot::Sender<Result<(), ()>>>) =
            batch.drain(..).map(|job| (job.report, job.reply)).unzip();
        let outcome = insert_prepared_reports(&backend, &reports).await;
        if let Err(err) = &outcome {
            tracing::warn!(reports = reports.len(), error = %err, "a shared commit failed; saving its reports one by one");
        }
        for reply in replies {
            let _ = reply.send(outcome.as_ref().map(|_| ()).map_err(|_| ()));
        }
    }
}
