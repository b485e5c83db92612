//! Rate limit for the public reporting link, counted in the database so that
//! several servers share it. Counted per organisation and minute, never per
//! address (an address would identify an anonymous reporter), and each
//! minute's row is deleted once the minute has passed so no trace of when a
//! public report arrived outlives its rate-limit window.

use crate::backend::{Store, StoreError};

/// Public submissions allowed per organisation per minute.
pub const PUBLIC_SUBMISSIONS_PER_MINUTE: i64 = 30;

impl Store {
    /// Takes one submission slot for the minute containing `now`; `false`
    /// when the minute's slots are used up.
    pub async fn take_public_link_slot(&self, organisation_id: i64, now: i64) -> Result<bool, StoreError> {
        let window_start = now - now.rem_euclid(60);
        let used: i64 = in_transaction!(self, |tx| {
            sqlx::query("DELETE FROM public_link_usage WHERE organisation_id = $1 AND window_start < $2")
                .bind(organisation_id)
                .bind(window_start)
                .execute(&mut *tx)
                .await?;
            sqlx::query_scalar(
                "INSERT INTO public_link_usage (organisation_id, window_start, submissions) VALUES ($1, $2, 1)
                 ON CONFLICT (organisation_id, window_start) DO UPDATE SET submissions = public_link_usage.submissions + 1
                 RETURNING submissions",
            )
            .bind(organisation_id)
            .bind(window_start)
            .fetch_one(&mut *tx)
            .await?
        });
        Ok(used <= PUBLIC_SUBMISSIONS_PER_MINUTE)
    }
}
