//! Reports: saving one (with its acknowledgement and audit entry, in one
//! transaction), reading one, listing them, and who reported.

use learnloop_domain::audit::AuditAction;
use jiff::Timestamp;
use learnloop_domain::identity::{IdentityMode, ReporterVisibility};
use learnloop_domain::ids::{OrganisationId, PersonId, ReportId, ServiceId, TeamId};
use learnloop_domain::reference::{FollowUpCode, Reference};
use learnloop_domain::reports::{
    Category, Harm, NewReport, PsychologicalHarm, ReportKind, ReportStatus, recorded_submission_time,
};
use learnloop_domain::submission::SubmissionPlan;
use learnloop_domain::role::{ReportAccessFacts, may_handle_report, may_read_report};
use serde_json::json;

use const_format::concatcp;

use crate::audit::{NewAuditEntry, write_audit};
use crate::error::StoreError;
use crate::store::Store;
use crate::people::User;
use learnloop_domain::idempotency::Replay;
use crate::report_queue::{OpenedAtSubmission, PreparedReport, ReporterRows};
use crate::row_id::random_row_id;
use crate::report_writer::insert_prepared_reports;
use crate::sql::{assembled_sql, sql};

/// A validated report on its way into the database, with everything its
/// submission opens as the domain planned it (`SubmissionPlan`).
pub struct ReportSubmission<'a> {
    pub organisation_id: OrganisationId,
    pub service_id: ServiceId,
    /// The team of that service where it happened, as the reporter chose.
    pub team_id: Option<TeamId>,
    pub report: &'a NewReport,
    /// The signed-in person who submits; never stored for anonymous reports.
    pub submitted_by: Option<PersonId>,
    pub plan: &'a SubmissionPlan,
    /// The first answer, kept for retries with the same idempotency key;
    /// written in the same transaction, so a retry finds either both or neither.
    pub replay: Option<&'a Replay>,
}

#[derive(Debug, Clone)]
pub struct SavedReport {
    pub id: ReportId,
    pub reference: Reference,
    /// Shown once to a confidential or anonymous reporter; only its hash is kept.
    pub follow_up_code: Option<FollowUpCode>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRecord {
    pub id: ReportId,
    pub organisation_id: OrganisationId,
    pub service_id: ServiceId,
    pub service_slug: String,
    pub service_name: String,
    /// The team or unit where it happened, when the reporter chose one.
    pub team_id: Option<TeamId>,
    pub team_name: Option<String>,
    pub reference: String,
    pub kind: ReportKind,
    pub identity: IdentityMode,
    pub status: ReportStatus,
    pub occurred_at: i64,
    pub submitted_at: i64,
    pub what_happened: String,
    pub category: Option<Category>,
    pub harm: Option<Harm>,
    pub psychological_harm: Option<PsychologicalHarm>,
    pub immediate_actions: Option<String>,
    pub what_went_well: Option<String>,
    pub people_affected: Vec<String>,
    /// Where the report is in the learning loop (the team's action times).
    pub thanked_at: Option<i64>,
    pub feedback_at: Option<i64>,
    pub closed_at: Option<i64>,
    /// The reporter's 1–5 answer to "was the feedback useful?".
    pub feedback_rating: Option<i64>,
    /// The reporter wrote and the team has not answered yet.
    pub reply_waiting: bool,
}

/// One line of a list of reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportSummary {
    pub id: ReportId,
    pub reference: String,
    pub kind: ReportKind,
    pub identity: IdentityMode,
    pub status: ReportStatus,
    pub service_name: String,
    pub occurred_at: i64,
    pub submitted_at: i64,
    pub category: Option<Category>,
    pub harm: Option<Harm>,
    pub excerpt: String,
    /// Only for named reports, and only in lists for those who may see it.
    pub reporter_name: Option<String>,
}

/// Whose reports a list shows.
#[derive(Debug, Clone)]
pub enum ReportListScope {
    /// Every report of the organisation (quality lead, safety officer).
    Organisation(OrganisationId),
    /// The reports of these services (a manager's, from their session).
    Services(Vec<ServiceId>),
    /// The reports a person made by name or confidentially ("my reports").
    ReportedBy(PersonId),
}

/// Where a page of a list starts: the last row of the previous page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListCursor {
    pub submitted_at: i64,
    pub id: ReportId,
}

/// A reporter's identity, for those allowed to see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reporter {
    pub name: String,
    pub email: String,
}

#[derive(sqlx::FromRow)]
struct ReportRow {
    id: i64,
    #[sqlx(try_from = "i64")]
    organisation_id: OrganisationId,
    #[sqlx(try_from = "i64")]
    service_id: ServiceId,
    service_slug: String,
    service_name: String,
    team_id: Option<i64>,
    team_name: Option<String>,
    reference: String,
    kind: String,
    identity: String,
    status: String,
    occurred_at: i64,
    submitted_at: i64,
    what_happened: String,
    category: Option<String>,
    harm: Option<String>,
    psychological_harm: Option<String>,
    immediate_actions: Option<String>,
    what_went_well: Option<String>,
    people_affected: String,
    thanked_at: Option<i64>,
    feedback_at: Option<i64>,
    closed_at: Option<i64>,
    feedback_rating: Option<i64>,
    reply_waiting: bool,
}

#[derive(sqlx::FromRow)]
pub(crate) struct SummaryRow {
    id: i64,
    reference: String,
    kind: String,
    identity: String,
    status: String,
    service_name: String,
    occurred_at: i64,
    submitted_at: i64,
    category: Option<String>,
    harm: Option<String>,
    excerpt: String,
    reporter_name: Option<String>,
}

pub(crate) fn required<T>(
    text: &str,
    parse: fn(&str) -> Option<T>,
    column: &str,
) -> Result<T, StoreError> {
    parse(text).ok_or_else(|| StoreError::Corrupt(format!("{column} holds {text:?}")))
}

pub(crate) fn optional<T>(
    text: Option<String>,
    parse: fn(&str) -> Option<T>,
    column: &str,
) -> Result<Option<T>, StoreError> {
    text.map(|t| required(&t, parse, column)).transpose()
}

impl TryFrom<ReportRow> for ReportRecord {
    type Error = StoreError;
    fn try_from(row: ReportRow) -> Result<Self, StoreError> {
        Ok(ReportRecord {
            kind: required(&row.kind, ReportKind::parse, "reports.kind")?,
            identity: required(&row.identity, IdentityMode::parse, "reports.identity")?,
            status: required(&row.status, ReportStatus::parse, "reports.status")?,
            category: optional(row.category, Category::parse, "reports.category")?,
            harm: optional(row.harm, Harm::parse, "reports.harm")?,
            psychological_harm: optional(
                row.psychological_harm,
                PsychologicalHarm::parse,
                "psychological_harm",
            )?,
            people_affected: serde_json::from_str(&row.people_affected)
                .map_err(|e| StoreError::Corrupt(format!("reports.people_affected: {e}")))?,
            id: ReportId(row.id),
            organisation_id: row.organisation_id,
            service_id: row.service_id,
            service_slug: row.service_slug,
            service_name: row.service_name,
            team_id: row.team_id.map(TeamId),
            team_name: row.team_name,
            reference: row.reference,
            occurred_at: row.occurred_at,
            submitted_at: row.submitted_at,
            what_happened: row.what_happened,
            immediate_actions: row.immediate_actions,
            what_went_well: row.what_went_well,
            thanked_at: row.thanked_at,
            feedback_at: row.feedback_at,
            closed_at: row.closed_at,
            feedback_rating: row.feedback_rating,
            reply_waiting: row.reply_waiting,
        })
    }
}

impl TryFrom<SummaryRow> for ReportSummary {
    type Error = StoreError;
    fn try_from(row: SummaryRow) -> Result<Self, StoreError> {
        Ok(ReportSummary {
            kind: required(&row.kind, ReportKind::parse, "reports.kind")?,
            identity: required(&row.identity, IdentityMode::parse, "reports.identity")?,
            status: required(&row.status, ReportStatus::parse, "reports.status")?,
            category: optional(row.category, Category::parse, "reports.category")?,
            harm: optional(row.harm, Harm::parse, "reports.harm")?,
            id: ReportId(row.id),
            reference: row.reference,
            service_name: row.service_name,
            occurred_at: row.occurred_at,
            submitted_at: row.submitted_at,
            excerpt: row.excerpt,
            reporter_name: row.reporter_name,
        })
    }
}

const SELECT_REPORT: &str =
    "SELECT r.id, r.organisation_id, r.service_id, s.slug AS service_slug, s.name AS service_name, r.team_id, t.name AS team_name,
    r.reference, r.kind, r.identity, r.status, r.occurred_at, r.submitted_at, r.what_happened, r.category, r.harm,
    r.psychological_harm, r.immediate_actions, r.what_went_well, r.people_affected,
    r.thanked_at, r.feedback_at, r.closed_at, r.feedback_rating, r.reply_waiting
    FROM reports r JOIN services s ON s.id = r.service_id LEFT JOIN teams t ON t.id = r.team_id";
const REPORT_BY_REFERENCE: &str = concatcp!(
    SELECT_REPORT,
    " WHERE r.reference = $1 AND r.organisation_id = $2"
);
const REPORT_BY_FOLLOW_UP_CODE: &str =
    concatcp!(SELECT_REPORT, " WHERE r.follow_up_code_hash = $1");

pub(crate) const SELECT_SUMMARY: &str =
    "SELECT r.id, r.reference, r.kind, r.identity, r.status, s.name AS service_name, r.occurred_at, r.submitted_at,
                r.category, r.harm, substr(r.what_happened, 1, 160) AS excerpt, u.name AS reporter_name
         FROM reports r
         JOIN services s ON s.id = r.service_id
         LEFT JOIN report_reporters rr ON rr.report_id = r.id AND r.identity = 'named'
         LEFT JOIN users u ON u.id = rr.user_id";

// Row-value comparisons `(a, b) < ($2, $3)` let both databases walk the
// (scope, submitted_at DESC, id DESC) indexes in order from the cursor.
const LIST_BY_ORGANISATION: &str = concatcp!(
    SELECT_SUMMARY,
    " WHERE r.organisation_id = $1 AND (r.submitted_at, r.id) < ($2, $3) ORDER BY r.submitted_at DESC, r.id DESC LIMIT $4"
);
const LIST_BY_SERVICE: &str = concatcp!(
    SELECT_SUMMARY,
    " WHERE r.service_id = $1 AND (r.submitted_at, r.id) < ($2, $3) ORDER BY r.submitted_at DESC, r.id DESC LIMIT $4"
);
/// "My reports" walks the reporter's own index, then fetches just one page.
const LIST_BY_REPORTER: &str = "SELECT r.id, r.reference, r.kind, r.identity, r.status, s.name AS service_name, r.occurred_at,
        r.submitted_at, r.category, r.harm, substr(r.what_happened, 1, 160) AS excerpt, NULL AS reporter_name
    FROM report_reporters mine
    JOIN reports r ON r.id = mine.report_id
    JOIN services s ON s.id = r.service_id
    WHERE mine.user_id = $1 AND (mine.submitted_at, mine.report_id) < ($2, $3)
    ORDER BY mine.submitted_at DESC, mine.report_id DESC LIMIT $4";

/// Fresh random identifiers for one attempt at saving a report.
/// Every value `submission` writes, with the random row id `id`.
fn prepare(submission: &ReportSubmission<'_>, id: i64) -> PreparedReport {
    let report = submission.report;
    let plan = submission.plan;
    let identity = report.identity;
    // Privacy rule enforced here too, at the lowest layer, whatever the plan
    // says: an anonymous report keeps no link to whoever submitted it, no
    // acknowledgement in anyone's inbox, no audit entry, and only the day it
    // arrived. A confidential report keeps its reporter (for the safety
    // officer) and their acknowledgement, but writes no audit entry:
    // administrators read the audit log, and the entry's actor would be the reporter.
    let submitted_at = recorded_submission_time(identity, plan.submitted_at);
    let reporter = submission.submitted_by.filter(|_| identity.stores_reporter()).zip(plan.acknowledgement.clone()).map(|(user_id, acknowledgement)| ReporterRows {
        user_id,
        now: plan.submitted_at.as_second(),
        inbox_message_id: random_row_id(),
        acknowledgement,
        audit_detail: (identity == IdentityMode::Named).then(|| {
            json!({"kind": report.kind.as_str(), "identity": identity.as_str(), "service_id": submission.service_id}).to_string()
        }),
    });
    let opened = plan.opens_obligations().then(|| OpenedAtSubmission {
        safeguarding: plan.safeguarding.clone(),
        notification: plan.notification.clone(),
        candour: plan.candour,
        day_only: identity == IdentityMode::Anonymous,
    });
    PreparedReport {
        id,
        organisation_id: submission.organisation_id,
        service_id: submission.service_id,
        team_id: submission.team_id,
        reference: plan.reference.to_string(),
        kind: report.kind.as_str(),
        identity,
        occurred_at: report.occurred_at.as_second(),
        occurred_month: i64::from(report.occurred_month),
        submitted_at,
        what_happened: report.what_happened.clone(),
        category: report.category.map(Category::as_str),
        harm: report.harm.map(Harm::as_str),
        psychological_harm: report.psychological_harm.map(PsychologicalHarm::as_str),
        immediate_actions: report.immediate_actions.clone(),
        what_went_well: report.what_went_well.clone(),
        people_affected: serde_json::to_string(&report.people_affected)
            .expect("a list of strings serialises"),
        follow_up_code_hash: plan.follow_up_code.as_ref().map(|c| c.hash()),
        reporter,
        opened,
        terms: plan.terms.clone(),
        replay: submission.replay.cloned(),
    }
}

impl Store {
    /// Saves a report as planned: the report, who made it (unless
    /// anonymous), the reporter's acknowledgement and the audit entry (both
    /// unless anonymous), and what it opens, all in one transaction. Reports
    /// arriving together share a commit (see `report_writer`); the caller
    /// hears of success only once it is committed. `Err(Conflict)` in the
    /// (rare) event that the plan's random reference is already taken: plan
    /// again and retry; `Err(Conflict(IDEMPOTENCY_KEY_TAKEN))` when the
    /// submission's replay lost to another with the same key: answer with that.
    pub async fn create_report(
        &self,
        submission: &ReportSubmission<'_>,
    ) -> Result<SavedReport, StoreError> {
        let saved = |id| SavedReport {
            id,
            reference: submission.plan.reference.clone(),
            follow_up_code: submission.plan.follow_up_code.clone(),
        };
        let id = random_row_id();
        let writer = self.writer.get_or_init(|| crate::report_writer::start(self.backend.clone()));
        if writer.write(prepare(submission, id)).await.is_ok() {
            return Ok(saved(ReportId(id)));
        }
        // The shared commit failed (a taken reference, or a database error):
        // save this report on its own, so one report cannot fail another.
        let id = random_row_id();
        insert_prepared_reports(&self.backend, &[prepare(submission, id)]).await?;
        Ok(saved(ReportId(id)))
    }

    pub async fn report_by_reference(
        &self,
        organisation_id: OrganisationId,
        reference: &str,
    ) -> Result<Option<ReportRecord>, StoreError> {
        let row: Option<ReportRow> = sql(REPORT_BY_REFERENCE)
            .bind(reference)
            .bind(organisation_id)
            .fetch_optional(self.reader())
            .await?;
        row.map(ReportRecord::try_from).transpose()
    }

    /// The report a follow-up code belongs to (the code's hash is looked up).
    pub async fn report_by_follow_up_code(
        &self,
        code: &FollowUpCode,
    ) -> Result<Option<ReportRecord>, StoreError> {
        let row: Option<ReportRow> = sql(REPORT_BY_FOLLOW_UP_CODE)
            .bind(code.hash())
            .fetch_optional(self.reader())
            .await?;
        row.map(ReportRecord::try_from).transpose()
    }

    /// Who made a named or confidential report (for permission checks only;
    /// showing the identity goes through [`Store::reporter_for_reader`]).
    pub(crate) async fn reporter_id(&self, report_id: ReportId) -> Result<Option<PersonId>, StoreError> {
        let id: Option<i64> = sql("SELECT user_id FROM report_reporters WHERE report_id = $1")
            .bind(report_id)
            .fetch_optional_value(self.reader())
            .await?;
        Ok(id.map(PersonId))
    }

    /// The report, if `reader` may read it.
    pub async fn readable_report(
        &self,
        reader: &User,
        reference: &str,
    ) -> Result<Option<ReportRecord>, StoreError> {
        let Some(report) = self
            .report_by_reference(reader.organisation_id, reference)
            .await?
        else {
            return Ok(None);
        };
        let reporter_id = self.reporter_id(report.id).await?;
        let allowed = may_read_report(ReportAccessFacts {
            report_organisation_id: report.organisation_id,
            report_service_id: report.service_id,
            reporter_id,
            reader_id: reader.id,
            reader_organisation_id: reader.organisation_id,
            reader_role: reader.role,
            reader_service_ids: &reader.service_ids,
        });
        Ok(allowed.then_some(report))
    }

    /// Whether `user_id` made the report (named or confidential; an anonymous
    /// report was made by nobody the database knows).
    pub async fn made_by(&self, report: &ReportRecord, user_id: PersonId) -> Result<bool, StoreError> {
        Ok(self.reporter_id(report.id).await? == Some(user_id))
    }

    /// The report, if `reader` may work it through the loop (managers of its
    /// service, quality leads, the safety officer).
    pub async fn handleable_report(
        &self,
        reader: &User,
        reference: &str,
    ) -> Result<Option<ReportRecord>, StoreError> {
        let Some(report) = self
            .report_by_reference(reader.organisation_id, reference)
            .await?
        else {
            return Ok(None);
        };
        let allowed = may_handle_report(ReportAccessFacts {
            report_organisation_id: report.organisation_id,
            report_service_id: report.service_id,
            reporter_id: None,
            reader_id: reader.id,
            reader_organisation_id: reader.organisation_id,
            reader_role: reader.role,
            reader_service_ids: &reader.service_ids,
        });
        Ok(allowed.then_some(report))
    }

    /// Who reported, if the identity mode lets `reader` see it. A confidential
    /// reporter's identity is returned only to the safety officer, and the read
    /// is written to the audit log in the same transaction.
    pub async fn reporter_for_reader(
        &self,
        report: &ReportRecord,
        reader: &User,
        at: Timestamp,
    ) -> Result<Option<Reporter>, StoreError> {
        let at = at.as_second();
        let Some(reporter_id) = self.reporter_id(report.id).await? else {
            return Ok(None);
        };
        let visibility = report
            .identity
            .reporter_visibility(reader.role, reporter_id == reader.id);
        let query = sql("SELECT name, email FROM users WHERE id = $1").bind(reporter_id);
        match visibility {
            ReporterVisibility::Hidden => Ok(None),
            ReporterVisibility::Visible => {
                let row: Option<(String, String)> = query.fetch_optional(self.reader()).await?;
                Ok(row.map(|(name, email)| Reporter { name, email }))
            }
            ReporterVisibility::VisibleAndAudited => {
                let mut tx = self.begin().await?;
                let row: Option<(String, String)> = query.fetch_optional(&mut tx).await?;
                let entry = NewAuditEntry {
                    organisation_id: report.organisation_id,
                    at,
                    actor_id: Some(reader.id),
                    action: AuditAction::ReportConfidentialReporterViewed,
                    subject: learnloop_domain::audit::report_subject(&report.reference),
                    detail: json!({}),
                };
                write_audit(&mut tx, entry).await?;
                tx.commit().await?;
                Ok(row.map(|(name, email)| Reporter { name, email }))
            }
        }
    }

    /// A page of reports, newest submitted first. Each scope pages through an
    /// index in order, so a page costs the same at the millionth report as at
    /// the first.
    pub async fn list_reports(
        &self,
        scope: ReportListScope,
        after: Option<ListCursor>,
        limit: i64,
    ) -> Result<Vec<ReportSummary>, StoreError> {
        let cursor = after.unwrap_or(ListCursor {
            submitted_at: i64::MAX,
            id: ReportId(i64::MAX),
        });
        match scope {
            ReportListScope::Organisation(org) => {
                self.list_page(LIST_BY_ORGANISATION, org.get(), cursor, limit)
                    .await
            }
            ReportListScope::ReportedBy(user) => {
                self.list_page(LIST_BY_REPORTER, user.get(), cursor, limit).await
            }
            ReportListScope::Services(service_ids) => {
                // One ordered page per service, merged: an IN list over
                // several services would make the database sort them all.
                let mut merged = Vec::new();
                for service_id in service_ids {
                    merged.extend(
                        self.list_page(LIST_BY_SERVICE, service_id.get(), cursor, limit)
                            .await?,
                    );
                }
                merged.sort_by_key(|r| std::cmp::Reverse((r.submitted_at, r.id)));
                merged.truncate(limit.max(0) as usize);
                Ok(merged)
            }
        }
    }

    async fn list_page(
        &self,
        query: &'static str,
        scope_id: i64,
        cursor: ListCursor,
        limit: i64,
    ) -> Result<Vec<ReportSummary>, StoreError> {
        let rows: Vec<SummaryRow> = sql(query)
            .bind(scope_id)
            .bind(cursor.submitted_at)
            .bind(cursor.id)
            .bind(limit)
            .fetch_all(self.reader())
            .await?;
        rows.into_iter().map(ReportSummary::try_from).collect()
    }

    /// How many reports the organisation holds (for the generator and tests).
    pub async fn count_reports(&self, organisation_id: OrganisationId) -> Result<i64, StoreError> {
        sql("SELECT COUNT(*) FROM reports WHERE organisation_id = $1")
            .bind(organisation_id)
            .fetch_value(self.reader())
            .await
    }
}

/// A report shown as similar: what the list needs.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SimilarCandidate {
    #[sqlx(try_from = "i64")]
    pub id: ReportId,
    pub reference: String,
    pub kind: String,
    pub category: Option<String>,
    pub submitted_at: i64,
    /// The first 160 characters of what happened.
    pub excerpt: String,
}

/// A candidate's stored terms (see `learnloop_domain::similarity::stored_terms`).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CandidateTerms {
    #[sqlx(try_from = "i64")]
    pub report_id: ReportId,
    pub category: Option<String>,
    pub terms: Vec<u8>,
}

/// The most candidates one similarity check reads (more than 90 days of the
/// busiest service at a million reports).
pub const MAX_SIMILAR_CANDIDATES: i64 = 10_000;

/// Reports whose terms the background fill stores per transaction.
const TERMS_FILL_BATCH: i64 = 2_000;

impl Store {
    /// Calls `visit` with the stored terms of each report of `report`'s
    /// service submitted since `since`, newest first, other than the report
    /// itself. The database packs the range into one text (id, category and
    /// hex terms per report) so thousands of small rows cost one row's
    /// round trip rather than one each.
    pub async fn for_each_similar_candidate(
        &self,
        report: &ReportRecord,
        since: Timestamp,
        mut visit: impl FnMut(CandidateTerms),
    ) -> Result<(), StoreError> {
        let since = since.as_second();
        const RANGE: &str = "SELECT report_id, category, terms, submitted_at FROM report_terms
             WHERE service_id = $1 AND submitted_at >= $2 AND report_id <> $3
             ORDER BY submitted_at DESC, report_id DESC LIMIT $4";
        let query = if self.reader().is_sqlite() {
            format!(
                "SELECT group_concat(report_id || ',' || COALESCE(category, '') || ',' || hex(terms), ';') FROM ({RANGE})"
            )
        } else {
            format!(
                "SELECT string_agg(report_id || ',' || COALESCE(category, '') || ',' || encode(terms, 'hex'), ';' ORDER BY submitted_at DESC, report_id DESC) FROM ({RANGE}) c"
            )
        };
        let packed: Option<String> = assembled_sql(query)
            .bind(report.service_id)
            .bind(since)
            .bind(report.id)
            .bind(MAX_SIMILAR_CANDIDATES)
            .fetch_value(self.reader())
            .await?;
        for entry in packed
            .as_deref()
            .unwrap_or("")
            .split(';')
            .filter(|e| !e.is_empty())
        {
            let mut parts = entry.splitn(3, ',');
            let (Some(id), Some(category), Some(terms)) =
                (parts.next(), parts.next(), parts.next())
            else {
                return Err(StoreError::Corrupt(format!(
                    "report_terms packed as {entry:?}"
                )));
            };
            visit(CandidateTerms {
                report_id: id
                    .parse()
                    .map_err(|_| StoreError::Corrupt(format!("report_terms.report_id {id:?}")))?,
                category: (!category.is_empty()).then(|| category.to_string()),
                terms: hex::decode(terms)
                    .map_err(|_| StoreError::Corrupt("report_terms.terms is not hex".into()))?,
            });
        }
        Ok(())
    }

    /// What the similar-reports list shows of the reports `ids`, in that order.
    pub async fn similar_candidates(
        &self,
        ids: &[ReportId],
    ) -> Result<Vec<SimilarCandidate>, StoreError> {
        let mut found = Vec::with_capacity(ids.len());
        for id in ids {
            let row: Option<SimilarCandidate> =
                sql("SELECT id, reference, kind, category, submitted_at, substr(what_happened, 1, 160) AS excerpt FROM reports WHERE id = $1")
                    .bind(*id)
                    .fetch_optional(self.reader())
                    .await?;
            found.extend(row);
        }
        Ok(found)
    }

    /// Stores the terms of up to a batch of reports saved before terms were
    /// kept (migration 0008), walking ids upwards from `after_id`. Returns the
    /// last id looked at, or `None` when every report has its terms.
    pub async fn store_missing_report_terms(
        &self,
        after_id: i64,
    ) -> Result<Option<i64>, StoreError> {
        #[derive(sqlx::FromRow)]
        struct Missing {
            id: i64,
            #[sqlx(try_from = "i64")]
            service_id: ServiceId,
            submitted_at: i64,
            category: Option<String>,
            what_happened: String,
        }
        // Counting both tables is cheap next to walking every report, and
        // after the first fill the counts always match.
        if after_id == 0 {
            let missing: i64 =
                sql("SELECT (SELECT COUNT(*) FROM reports) - (SELECT COUNT(*) FROM report_terms)")
                    .fetch_value(self.reader())
                    .await?;
            if missing <= 0 {
                return Ok(None);
            }
        }
        let query = "SELECT r.id, r.service_id, r.submitted_at, r.category, r.what_happened FROM reports r
                   WHERE r.id > $1 AND NOT EXISTS (SELECT 1 FROM report_terms t
                       WHERE t.service_id = r.service_id AND t.submitted_at = r.submitted_at AND t.report_id = r.id)
                   ORDER BY r.id LIMIT $2";
        let missing: Vec<Missing> = sql(query)
            .bind(after_id)
            .bind(TERMS_FILL_BATCH)
            .fetch_all(self.reader())
            .await?;
        let Some(last) = missing.last().map(|m| m.id) else {
            return Ok(None);
        };
        let mut tx = self.begin().await?;
        for m in &missing {
            // ON CONFLICT: a report saved meanwhile already has its terms.
            sql(
                    "INSERT INTO report_terms (service_id, submitted_at, report_id, category, terms) VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT DO NOTHING",
                )
                .bind(m.service_id)
                .bind(m.submitted_at)
                .bind(m.id)
                .bind(m.category.as_deref())
                .bind(learnloop_domain::similarity::stored_terms(&m.what_happened))
                .execute(&mut tx)
                .await?;
        }
        tx.commit().await?;
        Ok(Some(last))
    }
}
