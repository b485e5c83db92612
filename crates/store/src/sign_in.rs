//! What signing in keeps: failure counts per email address typed and per
//! client (by hashed key, see `domain::sign_in_throttle`), and one-time
//! sign-in links sent by email (a hash of each secret). All in the database,
//! so several servers share them.

use learnloop_domain::ids::PersonId;
use jiff::Timestamp;
use learnloop_domain::sign_in_throttle::{FORGET_AFTER_SECONDS, Failures};

use crate::error::StoreError;
use crate::store::Store;
use crate::people::User;
use crate::sql::sql;

/// How many unused sign-in links a person may have at once; asking again
/// replaces the oldest.
const LIVE_LINKS_PER_PERSON: i64 = 3;

impl Store {
    /// The failures counted for each key, in the order given (none: zero).
    pub async fn sign_in_failures(&self, keys: &[&str]) -> Result<Vec<Failures>, StoreError> {
        let mut out = Vec::with_capacity(keys.len());
        for key in keys {
            let row: Option<(i64, i64)> = sql("SELECT failures, last_failure_at FROM sign_in_throttle WHERE key = $1").bind(*key).fetch_optional(self.reader()).await?;
            out.push(row.map(|(count, last_at)| Failures { count: count.clamp(0, i64::from(u32::MAX)) as u32, last_at }).unwrap_or_default());
        }
        Ok(out)
    }

    /// Counts one more failure for each key at `now`, applying the rule
    /// inside the transaction (the row is locked first), and returns the new
    /// counts in the order given.
    pub async fn record_sign_in_failure(&self, keys: &[&str], now: Timestamp) -> Result<Vec<Failures>, StoreError> {
        let now = now.as_second();
        let mut tx = self.begin().await?;
        let mut out = Vec::with_capacity(keys.len());
        for key in keys {
            sql("INSERT INTO sign_in_throttle (key, failures, last_failure_at) VALUES ($1, 0, $2) ON CONFLICT (key) DO NOTHING")
                .bind(*key)
                .bind(now)
                .execute(&mut tx)
                .await?;
            let (count, last_at): (i64, i64) = sql("UPDATE sign_in_throttle SET failures = failures WHERE key = $1 RETURNING failures, last_failure_at")
                .bind(*key)
                .fetch_one(&mut tx)
                .await?;
            let next = Failures { count: count.clamp(0, i64::from(u32::MAX)) as u32, last_at }.after_failure(now);
            sql("UPDATE sign_in_throttle SET failures = $1, last_failure_at = $2 WHERE key = $3")
                .bind(i64::from(next.count))
                .bind(next.last_at)
                .bind(*key)
                .execute(&mut tx)
                .await?;
            out.push(next);
        }
        tx.commit().await?;
        Ok(out)
    }

    /// Forgets a key's failures (after a successful sign-in to the account).
    pub async fn clear_sign_in_failures(&self, key: &str) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        sql("DELETE FROM sign_in_throttle WHERE key = $1").bind(key).execute(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes counts quiet for a day, and expired sign-in links.
    pub async fn forget_old_sign_in_records(&self, now: Timestamp) -> Result<u64, StoreError> {
        let now = now.as_second();
        let mut tx = self.begin().await?;
        let counts = sql("DELETE FROM sign_in_throttle WHERE last_failure_at <= $1").bind(now - FORGET_AFTER_SECONDS).execute(&mut tx).await?;
        let links = sql("DELETE FROM sign_in_links WHERE expires_at <= $1").bind(now).execute(&mut tx).await?;
        tx.commit().await?;
        Ok(counts + links)
    }

    /// Keeps a new sign-in link for `user_id` (its secret's hash) and queues
    /// the email that carries it, marked secret: administrators never see its
    /// body, and the body is blanked once sent.
    pub async fn create_sign_in_link(&self, user: &User, token_hash: &str, subject: &str, body: &str, now: Timestamp, expires_at: Timestamp) -> Result<(), StoreError> {
        let now = now.as_second();
        let expires_at = expires_at.as_second();
        let mut tx = self.begin().await?;
        sql("DELETE FROM sign_in_links WHERE user_id = $1 AND token_hash NOT IN
                   (SELECT token_hash FROM sign_in_links WHERE user_id = $1 AND expires_at > $2 ORDER BY created_at DESC LIMIT $3)")
        .bind(user.id)
        .bind(now)
        .bind(LIVE_LINKS_PER_PERSON - 1)
        .execute(&mut tx)
        .await?;
        sql("INSERT INTO sign_in_links (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(user.id)
            .bind(now)
            .bind(expires_at)
            .execute(&mut tx)
            .await?;
        sql("INSERT INTO outbox_emails (id, organisation_id, to_address, subject, body, about_report, created_at, next_attempt_at, secret)
                 SELECT $1, organisation_id, email, $2, $3, $4, $5, $5, $6 FROM users WHERE id = $7 AND active = $6")
        .bind(crate::row_id::random_row_id())
        .bind(subject)
        .bind(body)
        .bind(false)
        .bind(now)
        .bind(true)
        .bind(user.id)
        .execute(&mut tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Uses a sign-in link: its person if it is live (and now gone), else `None`.
    pub async fn consume_sign_in_link(&self, token_hash: &str, now: Timestamp) -> Result<Option<User>, StoreError> {
        let now = now.as_second();
        let mut tx = self.begin().await?;
        let user_id: Option<i64> = sql("DELETE FROM sign_in_links WHERE token_hash = $1 AND expires_at > $2 RETURNING user_id")
            .bind(token_hash)
            .bind(now)
            .fetch_optional_value(&mut tx)
            .await?;
        tx.commit().await?;
        match user_id {
            None => Ok(None),
            Some(id) => {
                let user = self.user(PersonId(id)).await?;
                Ok(user.active.then_some(user))
            }
        }
    }

    /// Whether a sign-in link is live, without using it (the page that asks
    /// "sign in?" before the link is spent).
    pub async fn sign_in_link_is_live(&self, token_hash: &str, now: Timestamp) -> Result<bool, StoreError> {
        let now = now.as_second();
        let found: Option<i64> =
            sql("SELECT user_id FROM sign_in_links WHERE token_hash = $1 AND expires_at > $2").bind(token_hash).bind(now).fetch_optional_value(self.reader()).await?;
        Ok(found.is_some())
    }
}
