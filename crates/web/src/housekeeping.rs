//! What the server does on its own, every ten minutes (and at start): past
//! days' anonymous reports join the main search index together (see
//! `Store::index_anonymous_reports_of_past_days`); failed-sign-in counts
//! quiet for a day, expired sign-in links and expired sessions are deleted.
//! Each step is safe to run from several servers at once.

use std::time::Duration;

use jiff::Timestamp;
use learnloop_store::Store;

pub async fn run(store: Store) {
    let mut tick = tokio::time::interval(Duration::from_secs(600));
    loop {
        tick.tick().await;
        let now = Timestamp::now();
        match store.index_anonymous_reports_of_past_days(now).await {
            Ok(0) => {}
            Ok(moved) => tracing::info!(moved, "indexed the anonymous reports of past days together"),
            Err(err) => tracing::warn!(error = %err, "indexing past days' anonymous reports failed; will retry"),
        }
        if let Err(err) = store.forget_old_sign_in_records(now).await {
            tracing::warn!(error = %err, "forgetting old sign-in records failed; will retry");
        }
        if let Err(err) = store.delete_expired_sessions(now).await {
            tracing::warn!(error = %err, "deleting expired sessions failed; will retry");
        }
        if let Err(err) = store.forget_replays_before(learnloop_domain::idempotency::oldest_replay_day(now)).await {
            tracing::warn!(error = %err, "forgetting old replays failed; will retry");
        }
    }
}
