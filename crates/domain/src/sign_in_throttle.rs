//! Failed sign-ins slow guessing down without locking the owner out.
//!
//! Failures are counted per email address typed (whether or not an account
//! has it, so the answers never tell which addresses exist) and per client.
//! After a few free failures each further one makes the next attempt wait,
//! twice as long each time up to a quarter of an hour; attempts during a wait
//! are refused without being counted. Nothing ever locks an account: the wait
//! ends on its own, and a one-time link by email signs the owner in meanwhile.
//! The counts live in the database (several servers may share it); this
//! module holds only the rule.

/// Failures allowed for one email address before waits begin.
pub const ACCOUNT_FREE_FAILURES: u32 = 5;
/// Failures allowed from one client (across every address it tries) before
/// waits begin: higher, because a care home's staff may share one address.
pub const CLIENT_FREE_FAILURES: u32 = 20;
/// The first wait, doubled with each further failure.
pub const FIRST_WAIT_SECONDS: i64 = 30;
/// The longest wait.
pub const LONGEST_WAIT_SECONDS: i64 = 15 * 60;
/// A key with no failure for this long starts afresh (and its row may go).
pub const FORGET_AFTER_SECONDS: i64 = 24 * 3600;

/// What is counted for one email address or one client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Failures {
    pub count: u32,
    /// Unix seconds of the latest failure.
    pub last_at: i64,
}

/// Whose failures a count is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThrottleKey {
    Account,
    Client,
}

impl ThrottleKey {
    fn free_failures(self) -> u32 {
        match self {
            ThrottleKey::Account => ACCOUNT_FREE_FAILURES,
            ThrottleKey::Client => CLIENT_FREE_FAILURES,
        }
    }
}

/// The key failures are counted under for an email address as typed (lower
/// case, trimmed): a hash, so the table never holds addresses, known or not.
pub fn account_key(email_as_typed: &str) -> String {
    format!("account:{}", crate::reference::hex_sha256(&email_as_typed.trim().to_lowercase()))
}

/// The key for a client (its network address), hashed likewise.
pub fn client_key(address: &str) -> String {
    format!("client:{}", crate::reference::hex_sha256(address))
}

/// The key for asking for sign-in links to an email address: a few links, then waits.
pub fn link_key(email_as_typed: &str) -> String {
    format!("link:{}", crate::reference::hex_sha256(&email_as_typed.trim().to_lowercase()))
}

impl Failures {
    /// The count as it stands at `now` (forgotten after a quiet day).
    fn current(self, now: i64) -> Failures {
        if now - self.last_at >= FORGET_AFTER_SECONDS { Failures::default() } else { self }
    }

    /// Seconds still to wait before the next attempt, if any.
    pub fn wait_seconds(self, key: ThrottleKey, now: i64) -> Option<i64> {
        let current = self.current(now);
        let beyond = current.count.checked_sub(key.free_failures())?;
        let wait = FIRST_WAIT_SECONDS.saturating_mul(1i64 << beyond.min(20)).min(LONGEST_WAIT_SECONDS);
        let until = current.last_at + wait;
        (until > now).then_some(until - now)
    }

    /// The count after one more failure at `now`.
    pub fn after_failure(self, now: i64) -> Failures {
        Failures { count: self.current(now).count.saturating_add(1), last_at: now }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_begin_after_the_free_failures_and_double_up_to_a_quarter_hour() {
        let mut f = Failures::default();
        let mut now = 1_000_000;
        for _ in 0..ACCOUNT_FREE_FAILURES - 1 {
            f = f.after_failure(now);
            assert_eq!(f.wait_seconds(ThrottleKey::Account, now), None);
            now += 1;
        }
        f = f.after_failure(now);
        assert_eq!(f.wait_seconds(ThrottleKey::Account, now), Some(30), "the fifth failure: wait 30 s");
        assert_eq!(f.wait_seconds(ThrottleKey::Client, now), None, "a client gets more free failures");
        assert_eq!(f.wait_seconds(ThrottleKey::Account, now + 30), None, "the wait ends on its own");
        let mut waits = Vec::new();
        for _ in 0..8 {
            now += 1000;
            f = f.after_failure(now);
            waits.push(f.wait_seconds(ThrottleKey::Account, now).unwrap());
        }
        assert_eq!(waits, [60, 120, 240, 480, 900, 900, 900, 900]);
        // A quiet day forgets it all.
        assert_eq!(f.wait_seconds(ThrottleKey::Account, now + FORGET_AFTER_SECONDS), None);
        assert_eq!(f.after_failure(now + FORGET_AFTER_SECONDS).count, 1);
    }

    #[test]
    fn keys_hold_no_address() {
        let key = account_key(" Staff@Example.org ");
        assert_eq!(key, account_key("staff@example.org"), "as typed, whatever the case");
        assert!(key.starts_with("account:") && !key.contains("example"));
        assert!(!client_key("203.0.113.7").contains("203.0"));
        assert_ne!(link_key("a@b.c"), account_key("a@b.c"));
    }

    #[test]
    fn a_huge_count_never_overflows() {
        let f = Failures { count: u32::MAX, last_at: 10 };
        assert_eq!(f.wait_seconds(ThrottleKey::Account, 10), Some(LONGEST_WAIT_SECONDS));
        assert_eq!(f.after_failure(11).count, u32::MAX);
    }
}
