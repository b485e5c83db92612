//! Each person's in-app inbox: acknowledgements, thanks, feedback.

use learnloop_domain::ids::PersonId;
use jiff::Timestamp;

use crate::error::StoreError;
use crate::store::Store;
use crate::row_id::random_row_id;
use crate::sql::{Transaction, sql};

/// What a new inbox message says, and where it leads.
pub(crate) struct NewInboxMessage<'a> {
    pub at: i64,
    pub subject: &'a str,
    pub body: &'a str,
    pub link: Option<&'a str>,
}

/// Puts a message in `user_id`'s inbox inside the caller's transaction, with
/// a random id: an inbox row may be written with an anonymous report, and a
/// sequence would place it among other writes (docs/decisions/0010).
pub(crate) async fn insert_inbox_message(tx: &mut Transaction, user_id: PersonId, message: &NewInboxMessage<'_>) -> Result<(), StoreError> {
    sql("INSERT INTO inbox_messages (id, user_id, created_at, subject, body, link) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(random_row_id())
        .bind(user_id)
        .bind(message.at)
        .bind(message.subject)
        .bind(message.body)
        .bind(message.link)
        .execute(tx)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct InboxMessage {
    pub id: i64,
    pub created_at: i64,
    pub subject: String,
    pub body: String,
    pub link: Option<String>,
    pub read_at: Option<i64>,
}

/// The most unread messages counted; the badge shows "99+" from here.
pub const UNREAD_COUNT_CAP: i64 = 100;

impl Store {
    pub async fn inbox(&self, user_id: PersonId, limit: i64) -> Result<Vec<InboxMessage>, StoreError> {
        sql("SELECT id, created_at, subject, body, link, read_at FROM inbox_messages
             WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2")
        .bind(user_id)
        .bind(limit)
        .fetch_all(self.reader())
        .await
    }

    /// Unread messages, counted up to [`UNREAD_COUNT_CAP`] (the badge shows
    /// "99+" beyond), so a full inbox costs no more than a busy one.
    pub async fn unread_count(&self, user_id: PersonId) -> Result<i64, StoreError> {
        sql("SELECT COUNT(*) FROM (SELECT 1 FROM inbox_messages WHERE user_id = $1 AND read_at IS NULL LIMIT 100) AS unread")
            .bind(user_id)
            .fetch_value(self.reader())
            .await
    }

    /// Marks all of a person's messages read.
    pub async fn mark_inbox_read(&self, user_id: PersonId, at: Timestamp) -> Result<(), StoreError> {
        let at = at.as_second();
        let mut tx = self.begin().await?;
        sql("UPDATE inbox_messages SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL").bind(at).bind(user_id).execute(&mut tx).await?;
        tx.commit().await
    }
}
