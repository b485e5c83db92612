//! What a new report's shared commit is handed: every value the report
//! writes, prepared before the transaction, and the queue requests put it on
//! (the task that empties it is `report_writer`).

use learnloop_domain::ids::{OrganisationId, PersonId, ServiceId, TeamId};
use learnloop_domain::identity::IdentityMode;
use learnloop_domain::notice::Notice;
use learnloop_domain::submission::RegulatorTask;
use learnloop_domain::idempotency::Replay;
use tokio::sync::{mpsc, oneshot};

/// What a new report opens besides itself, as the domain planned it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OpenedAtSubmission {
    pub(crate) safeguarding: Option<Notice>,
    pub(crate) notification: Option<RegulatorTask>,
    pub(crate) candour: bool,
    /// Mail about an anonymous report keeps only the day (privacy rule).
    pub(crate) day_only: bool,
}

/// Every value one report writes, computed before the transaction.
pub(crate) struct PreparedReport {
    pub(crate) id: i64,
    pub(crate) organisation_id: OrganisationId,
    pub(crate) service_id: ServiceId,
    pub(crate) team_id: Option<TeamId>,
    pub(crate) reference: String,
    pub(crate) kind: &'static str,
    pub(crate) identity: IdentityMode,
    pub(crate) occurred_at: i64,
    pub(crate) occurred_month: i64,
    pub(crate) submitted_at: i64,
    pub(crate) what_happened: String,
    pub(crate) category: Option<&'static str>,
    pub(crate) harm: Option<&'static str>,
    pub(crate) psychological_harm: Option<&'static str>,
    pub(crate) immediate_actions: Option<String>,
    pub(crate) what_went_well: Option<String>,
    pub(crate) people_affected: String,
    pub(crate) follow_up_code_hash: Option<String>,
    /// Named and confidential reports made by a signed-in person only: who,
    /// and their acknowledgement.
    pub(crate) reporter: Option<ReporterRows>,
    /// Safeguarding, a regulator's notification, candour: opened with the report.
    pub(crate) opened: Option<OpenedAtSubmission>,
    /// The narrative's terms, for finding similar reports.
    pub(crate) terms: Vec<u8>,
    /// The answer kept for a retry with the same idempotency key.
    pub(crate) replay: Option<Replay>,
}

pub(crate) struct ReporterRows {
    pub(crate) user_id: PersonId,
    pub(crate) now: i64,
    pub(crate) inbox_message_id: i64,
    pub(crate) acknowledgement: Notice,
    /// Named reports only: a confidential report's audit entry would show
    /// administrators who made it.
    pub(crate) audit_detail: Option<String>,
}

pub(crate) struct Job {
    pub(crate) report: PreparedReport,
    pub(crate) reply: oneshot::Sender<Result<(), ()>>,
}

/// The requests' side of the writer task.
#[derive(Clone)]
pub(crate) struct ReportWriter {
    pub(crate) jobs: mpsc::Sender<Job>,
}

impl ReportWriter {

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

