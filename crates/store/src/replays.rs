//! Replays: the first answer to a submission made with an idempotency key
//! (see `learnloop_domain::idempotency`). A new one is written with its report
//! (`ReportSubmission::replay`); here they are read back and forgotten.

use learnloop_domain::idempotency::Replay;
use learnloop_domain::ids::OrganisationId;

use crate::error::StoreError;
use crate::sql::sql;
use crate::store::Store;

/// What `StoreError::Conflict` names when a report's replay could not be
/// written because another request with the same key was saved first: read
/// that one's replay and answer with it.
pub const IDEMPOTENCY_KEY_TAKEN: &str = "idempotency key";

#[derive(sqlx::FromRow)]
struct ReplayRow {
    replay_id: String,
    fingerprint: String,
    sealed: Vec<u8>,
    made_on: i64,
}

impl Store {
    /// The replay filed under `replay_id` in the organisation, if it was made
    /// on `oldest_day` or later.
    pub async fn replay(&self, organisation_id: OrganisationId, replay_id: &str, oldest_day: i64) -> Result<Option<Replay>, StoreError> {
        sql("SELECT replay_id, fingerprint, sealed, made_on FROM replays WHERE replay_id = $1 AND organisation_id = $2 AND made_on >= $3")
            .bind(replay_id)
            .bind(organisation_id)
            .bind(oldest_day)
            .fetch_optional::<ReplayRow>(self.reader())
            .await
            .map(|row| row.map(|r| Replay { replay_id: r.replay_id, fingerprint: r.fingerprint, sealed: r.sealed, made_on: r.made_on }))
    }

    /// Removes replays made before `oldest_day`; returns how many went.
    pub async fn forget_replays_before(&self, oldest_day: i64) -> Result<u64, StoreError> {
        let mut tx = self.begin().await?;
        let forgotten = sql("DELETE FROM replays WHERE made_on < $1").bind(oldest_day).execute(&mut tx).await?;
        tx.commit().await?;
        Ok(forgotten)
    }
}
