//! The learning loop of generated reports, loaded in bulk with them: the
//! rows that `thank_reporter`, `create_review`, `create_action`,
//! `complete_action`, `record_action_check`, `give_feedback` and
//! `close_report` write one report at a time, written here as multi-row
//! INSERTs in the same transaction as the reports. The conversation, the
//! reporter's inbox (the acknowledgement a submission sends, the thanks and
//! the feedback; only where a reporter is stored, so an anonymous report's
//! thanks and feedback stay in its conversation, read with the follow-up
//! code), the reviews and the actions with their owners' notices. Email and
//! audit entries of the generated past are not written: nobody was mailed,
//! and nobody did these things in this installation.

use jiff::Timestamp;
use learnloop_domain::actions::{ActionStatus, CheckResult, assigned_notice};
use learnloop_domain::ids::{OrganisationId, PersonId, ReportId, ServiceId};
use learnloop_domain::notice::{ToReporter, report_link};
use learnloop_domain::report_loop::{LoopRefusal, LoopStep, status_after_steps};
use learnloop_domain::reports::ReportStatus;
use rand::Rng;
use rand::rngs::StdRng;

use crate::conversation::MessageKind;
use crate::error::StoreError;
use crate::placeholders::value_placeholders;
use crate::sql::{Sql, Transaction, assembled_sql, sql};

/// What the team did with one generated report, already checked by the
/// domain's rules (the demo crate's `learning_loop`).
#[derive(Debug, Clone, Default)]
pub struct GeneratedLoop {
    pub thanks: Option<GeneratedMessage>,
    pub review: Option<GeneratedReview>,
    /// Agreed in the review; only with a review.
    pub actions: Vec<GeneratedAction>,
    pub feedback: Option<GeneratedMessage>,
    pub closed_at: Option<Timestamp>,
}

/// Words from the team to the reporter.
#[derive(Debug, Clone)]
pub struct GeneratedMessage {
    pub at: Timestamp,
    pub author_id: PersonId,
    /// Named in the subject of the reporter's inbox message.
    pub author_name: String,
    pub body: String,
}

#[derive(Debug, Clone)]
pub struct GeneratedReview {
    pub at: Timestamp,
    pub created_by: PersonId,
    pub review_type: &'static str,
    /// The domain's `ReviewDetails` as JSON.
    pub details: String,
    pub factors: Vec<&'static str>,
    pub rule_needs_change: bool,
}

#[derive(Debug, Clone)]
pub struct GeneratedAction {
    pub title: String,
    pub owner_id: PersonId,
    /// YYYY-MM-DD in the organisation's time zone.
    pub due_on: String,
    pub created_by: PersonId,
    pub created_at: Timestamp,
    /// When the work was done, and the day booked for its effectiveness check.
    pub completed: Option<(Timestamp, String)>,
    pub check: Option<GeneratedCheck>,
}

#[derive(Debug, Clone)]
pub struct GeneratedCheck {
    pub at: Timestamp,
    pub checked_by: PersonId,
    pub result: CheckResult,
    pub evidence: String,
}

impl GeneratedLoop {
    /// The steps taken, in the loop's order.
    fn steps(&self) -> impl Iterator<Item = LoopStep> {
        [
            self.thanks.as_ref().map(|_| LoopStep::Thank),
            self.review.as_ref().map(|_| LoopStep::StartReview),
            self.feedback.as_ref().map(|_| LoopStep::GiveFeedback),
            self.closed_at.map(|_| LoopStep::Close),
        ]
        .into_iter()
        .flatten()
    }

    /// Where these steps leave a new report, by the domain's rules; a loop
    /// the rules refuse (closed before feedback) is not stored.
    pub fn status(&self) -> Result<ReportStatus, LoopRefusal> {
        status_after_steps(self.steps())
    }
}

/// An action's place in its life: only a check makes it done.
fn action_status(action: &GeneratedAction) -> ActionStatus {
    match (&action.completed, &action.check) {
        (_, Some(_)) => ActionStatus::Done,
        (Some(_), None) => ActionStatus::AwaitingCheck,
        (None, None) => ActionStatus::Open,
    }
}

/// One generated report as the loop's rows need it.
pub(crate) struct LoopOfReport<'a> {
    pub report_id: ReportId,
    pub reference: &'a str,
    pub service_id: ServiceId,
    /// Who is told in their inbox: the stored reporter of a named or
    /// confidential report, never anyone for an anonymous one.
    pub reporter: Option<PersonId>,
    /// The recorded submission time, and the acknowledgement's subject and
    /// body the reporter got then.
    pub submitted_at: i64,
    pub acknowledgement: Option<(String, String)>,
    pub learning_loop: &'a GeneratedLoop,
}

/// An inbox row's id: random, as every inbox row's is (`row_id`), drawn
/// from the load's seeded generator so the same seed loads the same rows.
fn random_id(rng: &mut StdRng) -> i64 {
    rng.random_range(1..(1i64 << 53))
}

/// Most bound values in one statement, under both backends' limits.
const MAX_VALUES_PER_STATEMENT: usize = 10_000;

/// Inserts `rows` into `head` (`INSERT INTO t (a, b)`) with as few
/// statements as the limits allow; `bind` binds one row's `columns` values.
async fn insert_rows<T>(
    tx: &mut Transaction,
    sqlite: bool,
    head: &str,
    columns: usize,
    rows: &[T],
    bind: impl Fn(Sql, &T) -> Sql,
) -> Result<(), StoreError> {
    for chunk in rows.chunks((MAX_VALUES_PER_STATEMENT / columns).max(1)) {
        // Only placeholders are formatted into the text; every value is bound.
        let mut query = assembled_sql(format!(
            "{head} VALUES {}",
            value_placeholders(sqlite, chunk.len(), columns)
        ));
        for row in chunk {
            query = bind(query, row);
        }
        query.execute(&mut *tx).await?;
    }
    Ok(())
}

/// Writes the loops of `reports` inside the caller's transaction. Review and
/// action ids continue from the largest in the table (a bulk load writes
/// into a fresh organisation, alone), and PostgreSQL's id sequences move
/// past them so the next review or action made in the product takes a
/// fresh id.
pub(crate) async fn insert_generated_loops(
    tx: &mut Transaction,
    sqlite: bool,
    organisation_id: OrganisationId,
    reports: &[LoopOfReport<'_>],
    rng: &mut StdRng,
) -> Result<(), StoreError> {
    let mut next_review: i64 = sql("SELECT COALESCE(MAX(id), 0) + 1 FROM reviews")
        .fetch_value(&mut *tx)
        .await?;
    let mut next_action: i64 = sql("SELECT COALESCE(MAX(id), 0) + 1 FROM actions")
        .fetch_value(&mut *tx)
        .await?;

    // (report, seq, kind, at, author, body)
    let mut messages: Vec<(ReportId, i64, MessageKind, i64, PersonId, &str)> = Vec::new();
    // (random id, person, at, subject, body, link)
    let mut inbox: Vec<(i64, PersonId, i64, String, String, String)> = Vec::new();
    let mut reviews: Vec<(i64, &GeneratedReview)> = Vec::new();
    let mut review_reports: Vec<(i64, ReportId)> = Vec::new();
    let mut review_factors: Vec<(i64, &'static str)> = Vec::new();
    let mut actions: Vec<(i64, ServiceId, &GeneratedAction)> = Vec::new();
    let mut action_reports: Vec<(i64, ReportId)> = Vec::new();
    let mut action_reviews: Vec<(i64, i64)> = Vec::new();

    for report in reports {
        let l = report.learning_loop;
        let link = report_link(report.reference);
        if let (Some(reporter), Some((subject, body))) = (report.reporter, &report.acknowledgement)
        {
            inbox.push((
                random_id(rng),
                reporter,
                report.submitted_at,
                subject.clone(),
                body.clone(),
                link.clone(),
            ));
        }
        let mut seq = 0;
        if let Some(thanks) = &l.thanks {
            seq += 1;
            messages.push((
                report.report_id,
                seq,
                MessageKind::Thanks,
                thanks.at.as_second(),
                thanks.author_id,
                &thanks.body,
            ));
            if let Some(reporter) = report.reporter {
                let subject = ToReporter::Thanks {
                    who: &thanks.author_name,
                }
                .subject(report.reference);
                inbox.push((
                    random_id(rng),
                    reporter,
                    thanks.at.as_second(),
                    subject,
                    thanks.body.clone(),
                    link.clone(),
                ));
            }
        }
        let review_id = l.review.as_ref().map(|review| {
            let id = next_review;
            next_review += 1;
            reviews.push((id, review));
            review_reports.push((id, report.report_id));
            review_factors.extend(review.factors.iter().map(|f| (id, *f)));
            id
        });
        for action in &l.actions {
            let id = next_action;
            next_action += 1;
            actions.push((id, report.service_id, action));
            action_reports.push((id, report.report_id));
            if let Some(review_id) = review_id {
                action_reviews.push((id, review_id));
            }
            let notice = assigned_notice(id, &action.title, &action.due_on);
            inbox.push((
                random_id(rng),
                action.owner_id,
                action.created_at.as_second(),
                notice.subject,
                notice.body,
                notice.link,
            ));
        }
        if let Some(feedback) = &l.feedback {
            seq += 1;
            messages.push((
                report.report_id,
                seq,
                MessageKind::Learning,
                feedback.at.as_second(),
                feedback.author_id,
                &feedback.body,
            ));
            if let Some(reporter) = report.reporter {
                let subject = ToReporter::Feedback.subject(report.reference);
                inbox.push((
                    random_id(rng),
                    reporter,
                    feedback.at.as_second(),
                    subject,
                    feedback.body.clone(),
                    link.clone(),
                ));
            }
        }
    }

    insert_rows(
        tx,
        sqlite,
        "INSERT INTO report_messages (report_id, seq, kind, at, author_id, body)",
        6,
        &messages,
        |q, m| {
            q.bind(m.0)
                .bind(m.1)
                .bind(m.2.as_str())
                .bind(m.3)
                .bind(m.4)
                .bind(m.5)
        },
    )
    .await?;
    insert_rows(
        tx,
        sqlite,
        "INSERT INTO inbox_messages (id, user_id, created_at, subject, body, link)",
        6,
        &inbox,
        |q, m| {
            q.bind(m.0)
                .bind(m.1)
                .bind(m.2)
                .bind(&m.3)
                .bind(&m.4)
                .bind(&m.5)
        },
    )
    .await?;
    insert_rows(tx, sqlite, "INSERT INTO reviews (id, organisation_id, review_type, details, rule_needs_change, created_by, created_at)", 7, &reviews, |q, (id, r)| {
        q.bind(*id).bind(organisation_id).bind(r.review_type).bind(&r.details).bind(r.rule_needs_change).bind(r.created_by).bind(r.at.as_second())
    })
    .await?;
    insert_rows(
        tx,
        sqlite,
        "INSERT INTO review_reports (review_id, report_id)",
        2,
        &review_reports,
        |q, (review, report)| q.bind(*review).bind(*report),
    )
    .await?;
    insert_rows(
        tx,
        sqlite,
        "INSERT INTO review_factors (review_id, factor)",
        2,
        &review_factors,
        |q, (review, factor)| q.bind(*review).bind(*factor),
    )
    .await?;
    insert_rows(
        tx,
        sqlite,
        "INSERT INTO actions (id, organisation_id, service_id, title, owner_id, due_on, status, created_by, created_at, completed_at, check_due_on, \
         check_result, check_evidence, checked_by, checked_at)",
        15,
        &actions,
        |q, (id, service_id, a)| {
            q.bind(*id)
                .bind(organisation_id)
                .bind(*service_id)
                .bind(&a.title)
                .bind(a.owner_id)
                .bind(&a.due_on)
                .bind(action_status(a).as_str())
                .bind(a.created_by)
                .bind(a.created_at.as_second())
                .bind(a.completed.as_ref().map(|(at, _)| at.as_second()))
                .bind(a.completed.as_ref().map(|(_, check_due)| check_due.clone()))
                .bind(a.check.as_ref().map(|c| c.result.as_str()))
                .bind(a.check.as_ref().map(|c| c.evidence.clone()))
                .bind(a.check.as_ref().map(|c| c.checked_by.get()))
                .bind(a.check.as_ref().map(|c| c.at.as_second()))
        },
    )
    .await?;
    insert_rows(
        tx,
        sqlite,
        "INSERT INTO action_reports (action_id, report_id)",
        2,
        &action_reports,
        |q, (action, report)| q.bind(*action).bind(*report),
    )
    .await?;
    insert_rows(
        tx,
        sqlite,
        "INSERT INTO action_reviews (action_id, review_id)",
        2,
        &action_reviews,
        |q, (action, review)| q.bind(*action).bind(*review),
    )
    .await?;
    if !sqlite {
        move_id_sequences_past_loaded_rows(tx).await?;
    }
    Ok(())
}

/// PostgreSQL's review and action id sequences, moved past the ids a load chose.
async fn move_id_sequences_past_loaded_rows(tx: &mut Transaction) -> Result<(), StoreError> {
    for statement in [
        "SELECT setval(pg_get_serial_sequence('reviews', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM reviews), false)",
        "SELECT setval(pg_get_serial_sequence('actions', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM actions), false)",
    ] {
        let _: i64 = sql(statement).fetch_value(&mut *tx).await?;
    }
    Ok(())
}
