//! Browser sessions and API tokens. Only a SHA-256 hash of each secret is
//! stored, so a copy of the database cannot be used to sign in.

use learnloop_domain::ids::PersonId;
use jiff::Timestamp;

use crate::error::StoreError;
use crate::store::Store;
use crate::people::User;
use crate::sql::sql;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    /// A browser's session cookie: pages only.
    Browser,
    /// An `Authorization: Bearer` token: the API only.
    ApiToken,
    /// A password (or sign-in link) checked, the second factor not yet: it
    /// opens only the second-factor page, for a few minutes.
    SecondFactorPending,
}

impl SessionKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            SessionKind::Browser => "browser",
            SessionKind::ApiToken => "api",
            SessionKind::SecondFactorPending => "second_factor",
        }
    }
}

impl Store {
    pub async fn create_session(&self, token_hash: &str, user_id: PersonId, kind: SessionKind, at: Timestamp, expires_at: Option<Timestamp>) -> Result<(), StoreError> {
        let at = at.as_second();
        let expires_at = expires_at.map(Timestamp::as_second);
        let mut tx = self.begin().await?;
        sql("INSERT INTO sessions (token_hash, user_id, kind, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(token_hash)
            .bind(user_id)
            .bind(kind.as_str())
            .bind(at)
            .bind(expires_at)
            .execute(&mut tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The active person behind a session or token of `kind` that has not
    /// expired. A browser session is no API token and an API token is no
    /// browser session: each works only where it was issued for.
    pub async fn user_for_session(&self, token_hash: &str, kind: SessionKind, now: Timestamp) -> Result<Option<User>, StoreError> {
        self.active_user_by_session(token_hash, kind.as_str(), now.as_second()).await
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        sql("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes sessions that expired before `now`.
    pub async fn delete_expired_sessions(&self, now: Timestamp) -> Result<u64, StoreError> {
        let now = now.as_second();
        let mut tx = self.begin().await?;
        let deleted = sql("DELETE FROM sessions WHERE expires_at IS NOT NULL AND expires_at <= $1").bind(now).execute(&mut tx).await?;
        tx.commit().await?;
        Ok(deleted)
    }
}
