//! Failed sign-ins are throttled per account so passwords cannot be guessed.
//! The counts live in the database (several servers may share it); this module
//! holds only the rule.

/// After this many failures in a row, the account is locked for a while.
pub const FAILURES_BEFORE_LOCK: u32 = 5;
/// How long the lock lasts, in seconds.
pub const LOCK_SECONDS: i64 = 15 * 60;

/// The state kept per account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SignInFailures {
    pub consecutive: u32,
    /// Unix seconds until which sign-in is refused, if locked.
    pub locked_until: Option<i64>,
}

impl SignInFailures {
    /// Seconds still to wait before another try, if any.
    pub fn wait_seconds(&self, now: i64) -> Option<i64> {
        self.locked_until.filter(|until| *until > now).map(|until| until - now)
    }

    /// The state after one more failure at `now`.
    pub fn after_failure(self, now: i64) -> SignInFailures {
        // A lock that has run out starts a fresh count.
        let consecutive = if self.locked_until.is_some_and(|u| u <= now) { 1 } else { self.consecutive + 1 };
        let locked_until = (consecutive >= FAILURES_BEFORE_LOCK).then_some(now + LOCK_SECONDS);
        SignInFailures { consecutive, locked_until }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_lock_the_account_for_fifteen_minutes() {
        let mut s = SignInFailures::default();
        for i in 1..FAILURES_BEFORE_LOCK {
            s = s.after_failure(1000 + i as i64);
            assert_eq!(s.wait_seconds(1000 + i as i64), None);
        }
        s = s.after_failure(2000);
        assert_eq!(s.wait_seconds(2000), Some(LOCK_SECONDS));
        assert_eq!(s.wait_seconds(2000 + LOCK_SECONDS), None);
        // After the lock runs out, one failure does not lock again.
        let s = s.after_failure(2000 + LOCK_SECONDS + 1);
        assert_eq!(s.consecutive, 1);
        assert_eq!(s.wait_seconds(2000 + LOCK_SECONDS + 1), None);
    }
}
