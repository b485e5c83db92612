//! Outgoing email. Each message is queued in the transaction of the change it
//! reports (so nothing is sent for a change that rolled back, and nothing is
//! lost if the server stops), then sent by a background task when SMTP is
//! configured. Only named reporters are emailed about their reports: a
//! confidential or anonymous reporter's address must never sit beside a report.

use learnloop_domain::ids::{OrganisationId, PersonId};
use const_format::concatcp;

use jiff::Timestamp;

use crate::error::StoreError;
use crate::store::Store;
use crate::row_id::random_row_id;
use crate::sql::{Transaction, sql};

/// Retry a failed message after this long, doubling up to a day.
const FIRST_RETRY_SECONDS: i64 = 60;
const LONGEST_RETRY_SECONDS: i64 = 86_400;
/// How long a sender holds the messages it claimed.
const CLAIM_SECONDS: i64 = 120;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OutboxEmail {
    pub id: i64,
    pub to_address: String,
    pub subject: String,
    pub body: String,
    pub about_report: bool,
    /// The body is a secret (a sign-in link): never shown to administrators.
    pub secret: bool,
    /// The body carries a one-time link (an invitation) that administrators
    /// may hand over while it waits; blanked once sent.
    pub link_until_sent: bool,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    pub attempts: i64,
    pub last_error: Option<String>,
}

/// Queues an email inside the caller's transaction.
pub(crate) async fn queue_email(
    tx: &mut Transaction,
    organisation_id: OrganisationId,
    user_id: PersonId,
    subject: &str,
    body: &str,
    about_report: bool,
    at: i64,
) -> Result<(), StoreError> {
    sql("INSERT INTO outbox_emails (id, organisation_id, to_address, subject, body, about_report, created_at, next_attempt_at)
         SELECT $8, $1, email, $2, $3, $4, $5, $5 FROM users WHERE id = $6 AND active = $7")
    .bind(organisation_id)
    .bind(subject)
    .bind(body)
    .bind(about_report)
    .bind(at)
    .bind(user_id)
    .bind(true)
    .bind(random_row_id())
    .execute(tx)
    .await?;
    Ok(())
}

const SELECT_EMAIL: &str = "SELECT id, to_address, subject, body, about_report, secret, link_until_sent, created_at, sent_at, attempts, last_error FROM outbox_emails";

impl Store {
    /// The organisation's outbox, newest first.
    pub async fn outbox(&self, organisation_id: OrganisationId, limit: i64) -> Result<Vec<OutboxEmail>, StoreError> {
        const QUERY: &str = concatcp!(SELECT_EMAIL, " WHERE organisation_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2");
        sql(QUERY).bind(organisation_id).bind(limit).fetch_all(self.reader()).await
    }

    /// Claims up to `limit` messages that are due, for this sender alone for
    /// a couple of minutes (several servers may share a PostgreSQL database).
    pub async fn claim_due_emails(&self, now: Timestamp, limit: i64) -> Result<Vec<OutboxEmail>, StoreError> {
        let now = now.as_second();
        let mut tx = self.begin().await?;
        let ids: Vec<i64> = sql(
            "SELECT id FROM outbox_emails WHERE sent_at IS NULL AND next_attempt_at <= $1
             AND (claimed_until IS NULL OR claimed_until < $1) ORDER BY next_attempt_at, id LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_column(&mut tx)
        .await?;
        let mut claimed = Vec::with_capacity(ids.len());
        for id in ids {
            // The condition repeats, so a message another sender claimed meanwhile is skipped.
            let row: Option<OutboxEmail> = sql(
                "UPDATE outbox_emails SET claimed_until = $1 WHERE id = $2 AND sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < $3)
                 RETURNING id, to_address, subject, body, about_report, secret, link_until_sent, created_at, sent_at, attempts, last_error",
            )
            .bind(now + CLAIM_SECONDS)
            .bind(id)
            .bind(now)
            .fetch_optional(&mut tx)
            .await?;
            claimed.extend(row);
        }
        tx.commit().await?;
        Ok(claimed)
    }

    /// Mail about an anonymous report keeps only its day once sent; a secret
    /// (a sign-in link) or an invitation's link keeps no body once sent.
    pub async fn mark_email_sent(&self, id: i64, at: Timestamp) -> Result<(), StoreError> {
        let at = at.as_second();
        let mut tx = self.begin().await?;
        sql("UPDATE outbox_emails SET sent_at = CASE WHEN day_only THEN created_at ELSE $1 END,
                body = CASE WHEN secret OR link_until_sent THEN '' ELSE body END,
                next_attempt_at = CASE WHEN day_only THEN created_at ELSE next_attempt_at END,
                attempts = attempts + 1, last_error = NULL, claimed_until = NULL WHERE id = $2")
        .bind(at)
        .bind(id)
        .execute(&mut tx)
        .await?;
        tx.commit().await
    }

    /// Records a failed attempt and when to try again (backing off).
    pub async fn mark_email_failed(&self, email: &OutboxEmail, error: &str, at: Timestamp) -> Result<(), StoreError> {
        let at = at.as_second();
        let wait = (FIRST_RETRY_SECONDS << email.attempts.clamp(0, 20)).min(LONGEST_RETRY_SECONDS);
        let mut tx = self.begin().await?;
        sql("UPDATE outbox_emails SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2, claimed_until = NULL WHERE id = $3")
            .bind(error)
            .bind(at + wait)
            .bind(email.id)
            .execute(&mut tx)
            .await?;
        tx.commit().await
    }
}
