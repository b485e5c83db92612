//! The public reporting link (`/r/{key}` and its API): which organisation a
//! key belongs to, and the per-minute flood guard. Its counts live in this
//! process's memory only (see `learnloop_domain::public_link_limit`): several
//! servers each allow the full rate, and nothing records when a public report
//! arrived.

use std::collections::HashMap;
use std::sync::Mutex;

use learnloop_domain::public_link_limit::MinuteWindow;
use learnloop_store::organisations::Organisation;

use crate::error::AppError;
use crate::state::{AppState, now_seconds};

/// Each organisation's count for the current minute.
#[derive(Default)]
pub struct PublicLinkLimiter {
    windows: Mutex<HashMap<i64, MinuteWindow>>,
}

impl PublicLinkLimiter {
    /// Takes one slot for `organisation_id` at `now`; `Err(seconds to wait)`
    /// when the minute's slots are used up.
    pub fn take(&self, organisation_id: i64, now: i64) -> Result<(), i64> {
        let mut windows = self.windows.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        // Past minutes are forgotten, so the map never outgrows the organisations active this minute.
        windows.retain(|_, w| w.minute_start + 60 > now);
        let window = windows.entry(organisation_id).or_default();
        let (next, taken) = window.take(now);
        *window = next;
        taken
    }
}

/// The organisation behind a public link key, after taking a slot.
pub async fn organisation_for_public_link(state: &AppState, key: &str) -> Result<Organisation, AppError> {
    let org = state.store.organisation_by_public_key(key).await?.ok_or(AppError::NotFound("That reporting link"))?;
    if let Err(wait) = state.public_link_limiter.take(org.id, now_seconds()) {
        return Err(AppError::RateLimited {
            message: "Many reports are arriving through this link just now. Please try again in a minute.".into(),
            retry_after_seconds: Some(wait),
        });
    }
    Ok(org)
}
