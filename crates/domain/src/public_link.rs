//! How many reports the public reporting link takes per organisation and
//! minute. A flood guard, not a security boundary: counted per organisation,
//! never per address (an address would identify an anonymous reporter), and
//! kept in the serving process's memory only, so no trace of when a public
//! report arrived is ever written down.

/// Public submissions allowed per organisation per minute (per server process).
pub const PUBLIC_SUBMISSIONS_PER_MINUTE: u32 = 30;

/// One organisation's count for the current minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MinuteWindow {
    /// Unix seconds at the start of the counted minute.
    pub minute_start: i64,
    pub submissions: u32,
}

impl MinuteWindow {
    /// Takes one slot at `now`: the window after it, and `Ok(())` or
    /// `Err(seconds until the next minute)` when the minute is full.
    pub fn take(self, now: i64) -> (MinuteWindow, Result<(), i64>) {
        let minute_start = now - now.rem_euclid(60);
        let current = if self.minute_start == minute_start { self } else { MinuteWindow { minute_start, submissions: 0 } };
        if current.submissions >= PUBLIC_SUBMISSIONS_PER_MINUTE {
            return (current, Err(minute_start + 60 - now));
        }
        (MinuteWindow { minute_start, submissions: current.submissions + 1 }, Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minute_takes_thirty_then_waits_for_the_next() {
        let mut window = MinuteWindow::default();
        let minute = 1_795_000_020; // the start of a minute
        for i in 0..PUBLIC_SUBMISSIONS_PER_MINUTE {
            let (next, taken) = window.take(minute + i64::from(i));
            assert_eq!(taken, Ok(()));
            window = next;
        }
        let (after, refused) = window.take(minute + 45);
        assert_eq!(refused, Err(15), "told to wait for the next minute");
        let (_, taken) = after.take(minute + 60);
        assert_eq!(taken, Ok(()), "a new minute, new slots");
    }
}
