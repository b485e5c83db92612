//! The public link's flood guard: reports per organisation and minute,
//! counted in this process's memory only (the rule is
//! `learnloop_domain::public_link`). Several servers each allow the full
//! rate, and nothing anywhere records when a public report arrived.

use learnloop_domain::ids::OrganisationId;
use std::collections::HashMap;
use std::sync::Mutex;

use learnloop_domain::public_link::MinuteWindow;

/// Each organisation's count for the current minute.
#[derive(Default)]
pub struct PublicLinkLimiter {
    windows: Mutex<HashMap<OrganisationId, MinuteWindow>>,
}

impl PublicLinkLimiter {
    /// Takes one slot for `organisation_id` at `now`; `Err(seconds to wait)`
    /// when the minute's slots are used up.
    pub fn take(&self, organisation_id: OrganisationId, now: i64) -> Result<(), i64> {
        let mut windows = self.windows.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        // Past minutes are forgotten, so the map never outgrows the organisations active this minute.
        windows.retain(|_, w| w.minute_start + 60 > now);
        let window = windows.entry(organisation_id).or_default();
        let (next, taken) = window.take(now);
        *window = next;
        taken
    }
}

