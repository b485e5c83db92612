//! The conversation about a report as its reporter sees it: the thank-you,
//! the learning and actions, and messages both ways. Named and confidential
//! reporters also get each message from the team in their inbox; anonymous
//! and confidential reporters read it all through their follow-up code.

use learnloop_domain::audit::AuditAction;
use learnloop_domain::ids::{PersonId, ReportId};
use jiff::Timestamp;
use learnloop_domain::identity::IdentityMode;
use learnloop_domain::notice::{ToReporter, report_link};
use learnloop_domain::reports::recorded_submission_time;
use serde_json::json;

use crate::audit::{NewAuditEntry, write_audit};
use crate::error::StoreError;
use crate::store::Store;
use crate::inbox::{NewInboxMessage, insert_inbox_message};
use crate::outbox::queue_email;
use crate::people::User;
use crate::reports::ReportRecord;
use crate::sql::{Transaction, sql};

/// What a message in the conversation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    /// The personal thank-you from the team.
    Thanks,
    /// What was learned and what will change.
    Learning,
    /// Any other message from the team.
    FromTeam,
    /// The reporter's own words (through the follow-up code or their report page).
    FromReporter,
}

impl MessageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MessageKind::Thanks => "thanks",
            MessageKind::Learning => "learning",
            MessageKind::FromTeam => "from_team",
            MessageKind::FromReporter => "from_reporter",
        }
    }

    pub fn parse(text: &str) -> Option<MessageKind> {
        [MessageKind::Thanks, MessageKind::Learning, MessageKind::FromTeam, MessageKind::FromReporter]
            .into_iter()
            .find(|k| k.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            MessageKind::Thanks => "Thank you",
            MessageKind::Learning => "What we learned",
            MessageKind::FromTeam => "Message from the team",
            MessageKind::FromReporter => "Reporter",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportMessage {
    pub seq: i64,
    pub kind: MessageKind,
    /// For a reply on an anonymous report, the start of its day (UTC) only.
    pub at: i64,
    /// The team member who wrote it; `None` for the reporter's own words.
    pub author_name: Option<String>,
    pub body: String,
}

/// Appends a message inside the caller's transaction and returns its number.
/// The no-op UPDATE locks the report's row first (on PostgreSQL), so two
/// messages written at once cannot take the same number.
pub(crate) async fn append_message(
    tx: &mut Transaction,
    report_id: ReportId,
    kind: MessageKind,
    at: i64,
    author_id: Option<PersonId>,
    body: &str,
) -> Result<i64, StoreError> {
    sql("UPDATE reports SET status = status WHERE id = $1").bind(report_id).execute(&mut *tx).await?;
    let seq: i64 = sql("SELECT COALESCE(MAX(seq), 0) + 1 FROM report_messages WHERE report_id = $1").bind(report_id).fetch_value(&mut *tx).await?;
    sql("INSERT INTO report_messages (report_id, seq, kind, at, author_id, body) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(report_id)
        .bind(seq)
        .bind(kind.as_str())
        .bind(at)
        .bind(author_id)
        .bind(body)
        .execute(tx)
        .await?;
    Ok(seq)
}

/// Puts a message in the reporter's inbox if the report has a stored reporter
/// (named or confidential), and for a named reporter an email too. The store looks the reporter up itself, so the
/// team member sending it never learns who it went to.
pub(crate) async fn notify_reporter(tx: &mut Transaction, report: &ReportRecord, at: i64, subject: &str, body: &str) -> Result<Option<i64>, StoreError> {
    let reporter: Option<i64> = sql("SELECT user_id FROM report_reporters WHERE report_id = $1").bind(report.id).fetch_optional_value(&mut *tx).await?;
    if let Some(user_id) = reporter.map(PersonId) {
        let link = report_link(&report.reference);
        insert_inbox_message(tx, user_id, &NewInboxMessage { at, subject, body, link: Some(&link) }).await?;
        // Email only named reporters: a confidential reporter's address
        // in the outbox would tell administrators who reported.
        if report.identity == IdentityMode::Named {
            queue_email(tx, report.organisation_id, user_id, subject, body, true, at).await?;
        }
    }
    Ok(reporter)
}

#[derive(sqlx::FromRow)]
struct MessageRow {
    seq: i64,
    kind: String,
    at: i64,
    author_name: Option<String>,
    body: String,
}

impl Store {
    /// The whole conversation, oldest first.
    pub async fn report_messages(&self, report_id: ReportId) -> Result<Vec<ReportMessage>, StoreError> {
        let query = "SELECT m.seq, m.kind, m.at, u.name AS author_name, m.body
                     FROM report_messages m LEFT JOIN users u ON u.id = m.author_id
                     WHERE m.report_id = $1 ORDER BY m.seq";
        let rows: Vec<MessageRow> = sql(query).bind(report_id).fetch_all(self.reader()).await?;
        rows.into_iter()
            .map(|row| {
                let kind = MessageKind::parse(&row.kind).ok_or_else(|| StoreError::Corrupt(format!("report_messages.kind holds {:?}", row.kind)))?;
                Ok(ReportMessage { seq: row.seq, kind, at: row.at, author_name: row.author_name, body: row.body })
            })
            .collect()
    }

    /// The team's personal thank-you: into the conversation, into the
    /// reporter's inbox when there is one, and the thanks clock stops.
    pub async fn thank_reporter(&self, report: &ReportRecord, actor: &User, message: &str, now: Timestamp) -> Result<(), StoreError> {
        let at = now.as_second();
        let mut tx = self.begin().await?;
        append_message(&mut tx, report.id, MessageKind::Thanks, at, Some(actor.id), message).await?;
        sql("UPDATE reports SET thanked_at = COALESCE(thanked_at, $1),
                    status = CASE WHEN status = 'received' THEN 'thanked' ELSE status END
             WHERE id = $2")
        .bind(at)
        .bind(report.id)
        .execute(&mut tx)
        .await?;
        notify_reporter(&mut tx, report, at, &ToReporter::Thanks { who: &actor.name }.subject(&report.reference), message).await?;
        write_audit(&mut tx, NewAuditEntry {
            organisation_id: report.organisation_id,
            at,
            actor_id: Some(actor.id),
            action: AuditAction::ReportThanked,
            subject: learnloop_domain::audit::report_subject(&report.reference),
            detail: json!({}),
        })
        .await?;
        tx.commit().await
    }

    /// A message from the team to the reporter.
    pub async fn message_reporter(&self, report: &ReportRecord, actor: &User, message: &str, now: Timestamp) -> Result<i64, StoreError> {
        let at = now.as_second();
        let mut tx = self.begin().await?;
        let seq = append_message(&mut tx, report.id, MessageKind::FromTeam, at, Some(actor.id), message).await?;
        sql("UPDATE reports SET reply_waiting = $1 WHERE id = $2").bind(false).bind(report.id).execute(&mut tx).await?;
        notify_reporter(&mut tx, report, at, &ToReporter::Message { who: &actor.name }.subject(&report.reference), message).await?;
        write_audit(&mut tx, NewAuditEntry {
            organisation_id: report.organisation_id,
            at,
            actor_id: Some(actor.id),
            action: AuditAction::ReportMessageToReporter,
            subject: learnloop_domain::audit::report_subject(&report.reference),
            detail: json!({"seq": seq}),
        })
        .await?;
        tx.commit().await?;
        Ok(seq)
    }

    /// The reporter's reply. No audit entry, no author and no inbox row are
    /// written, and on an anonymous report only the day is kept, so nothing
    /// links the reply to a person or a moment. The report is flagged so the
    /// team's queue shows a reply waiting.
    pub async fn reply_from_reporter(&self, report: &ReportRecord, message: &str, now: Timestamp) -> Result<i64, StoreError> {
        let at = recorded_submission_time(report.identity, now);
        let mut tx = self.begin().await?;
        let seq = append_message(&mut tx, report.id, MessageKind::FromReporter, at, None, message).await?;
        sql("UPDATE reports SET reply_waiting = $1 WHERE id = $2").bind(true).bind(report.id).execute(&mut tx).await?;
        tx.commit().await?;
        Ok(seq)
    }

    /// The reporter's answer to "was this feedback useful?" (1 to 5); the
    /// latest answer counts. No time is kept.
    pub async fn rate_feedback(&self, report: &ReportRecord, rating: i64) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        sql("UPDATE reports SET feedback_rating = $1 WHERE id = $2").bind(rating).bind(report.id).execute(&mut tx).await?;
        tx.commit().await
    }
}
