//! A secret carried from a form's POST to the page it redirects to
//! (post/redirect/get) in a short-lived cookie, so that it never appears in
//! an address, a log or the browser's history: a report's idempotency key to
//! its thank-you page (which reads the follow-up code back with it), a
//! follow-up code to the follow-up page, a new wall's link to the walls page. HttpOnly, SameSite=Strict, sent only
//! to the one path that reads it, and gone after `lifetime`.

use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};

use crate::state::AppState;

/// One kind of carried secret: its cookie's name, and how long it lives.
pub struct CarriedSecret {
    pub name: &'static str,
    pub lifetime: jiff::SignedDuration,
}

/// A report's idempotency key, for its thank-you page: long enough to reload
/// it and copy the follow-up code, short enough for a shared computer.
pub const REPORT_THANKS: CarriedSecret = CarriedSecret { name: "learnloop_report_thanks", lifetime: jiff::SignedDuration::from_mins(15) };

/// A new wall's display link, for the page that shows it to copy.
pub const WALL_LINK: CarriedSecret = CarriedSecret { name: "learnloop_wall_link", lifetime: jiff::SignedDuration::from_mins(10) };

/// A follow-up code, for the follow-up page, while the reporter reads and
/// writes there.
pub const FOLLOW_UP_CODE: CarriedSecret = CarriedSecret { name: "learnloop_follow_up", lifetime: jiff::SignedDuration::from_mins(30) };

impl CarriedSecret {
    /// The cookie carrying `value` to `path` (and nowhere else).
    pub fn carry(&self, state: &AppState, path: String, value: String) -> Cookie<'static> {
        let max_age = time_from(self.lifetime);
        Cookie::build((self.name, value)).http_only(true).same_site(SameSite::Strict).secure(state.config.secure_cookies).path(path).max_age(max_age).build()
    }

    /// The secret the request carried, if any.
    pub fn read(&self, jar: &CookieJar) -> Option<String> {
        jar.get(self.name).map(|c| c.value().trim().to_string()).filter(|v| !v.is_empty())
    }

    /// A cookie that removes the secret from the browser.
    pub fn forget(&self, state: &AppState, path: String) -> Cookie<'static> {
        let mut cookie = self.carry(state, path, String::new());
        cookie.make_removal();
        cookie
    }
}

/// The cookie crate counts in the `time` crate's durations.
fn time_from(duration: jiff::SignedDuration) -> time::Duration {
    time::Duration::seconds(duration.as_secs())
}
