//! Group commit for new reports. Requests hand their prepared report to one
//! writer task, which saves everything waiting in a single transaction (up to
//! `MAX_BATCH` reports, with one multi-row INSERT per table) and then answers
//! each request. Under load this turns hundreds of small commits into a few
//! large ones; alone, a report is committed at once. Each report's rows are
//! always in the same transaction, and nobody is told "saved" before commit.

use learnloop_domain::audit::AuditAction;
use learnloop_domain::ids::ReportId;
use std::sync::Arc;

use learnloop_domain::identity::IdentityMode;
use learnloop_domain::reports::ReportStatus;
use tokio::sync::{mpsc, oneshot};

use crate::error::StoreError;
use crate::obligations_opened::{ReportAtHand, open_obligations};
use crate::placeholders::value_placeholders;
use crate::pools::Backend;
use crate::replays::IDEMPOTENCY_KEY_TAKEN;
use learnloop_domain::idempotency::Replay;
use crate::report_queue::{Job, PreparedReport, ReportWriter, ReporterRows};
use crate::sql::{assembled_sql, sql};

/// At most this many reports share one commit.
const MAX_BATCH: usize = 64;

/// Starts the writer task on the current Tokio runtime.
pub(crate) fn start(backend: Arc<Backend>) -> ReportWriter {
        let (jobs, receiver) = mpsc::channel(1024);
        tokio::spawn(run_writer(backend, receiver));
        ReportWriter { jobs }
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
                    .bind(p.acknowledgement.subject.as_str())
                    .bind(p.acknowledgement.body.as_str())
                    .bind(p.acknowledgement.link.as_str());
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
                    .bind(AuditAction::ReportCreated.as_str())
                    .bind(learnloop_domain::audit::report_subject(&r.reference))
                    .bind(*detail);
            }
            query.execute(&mut tx).await?;
        }
        let replays: Vec<(&PreparedReport, &Replay)> = rows.iter().filter_map(|r| r.replay.as_ref().map(|p| (r, p))).collect();
        if !replays.is_empty() {
            let mut query = assembled_sql(format!(
                "INSERT INTO replays (replay_id, organisation_id, fingerprint, sealed, made_on) VALUES {}",
                value_placeholders(anonymous_placeholders, replays.len(), 5)
            ));
            for (r, replay) in &replays {
                query = query
                    .bind(replay.replay_id.as_str())
                    .bind(r.organisation_id)
                    .bind(replay.fingerprint.as_str())
                    .bind(replay.sealed.as_slice())
                    .bind(replay.made_on);
            }
            // Another request with the same key won the race: its answer is
            // the one to give (the caller reads it back).
            query.execute(&mut tx).await.map_err(|e| e.unique_violation_as(IDEMPOTENCY_KEY_TAKEN))?;
        }
        for r in rows {
            if let Some(opened) = &r.opened {
                let report = ReportAtHand {
                    id: ReportId(r.id),
                    organisation_id: r.organisation_id,
                    service_id: r.service_id,
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
