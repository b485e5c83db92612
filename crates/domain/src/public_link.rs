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

/// The public link in full: `site` (e.g. `https://learn.example.org`) and the key.
pub fn public_link_url(site: &str, key: &str) -> String {
    format!("{}/r/{key}", site.trim_end_matches('/'))
}

/// The poster's words: it asks for reports without fear and says what
/// happens to them (the public link is always anonymous).
pub const POSTER_HEADING: &str = "Something went wrong, or nearly did? Tell us.";
pub const POSTER_INVITATION: &str = "Report an incident, a near-miss, a concern or good practice in two minutes, from your phone. You need no account and you do not give your name: reports made here are anonymous.";
pub const POSTER_PROMISE: &str = "Mistakes are how we learn. Every report is read, thanked and learned from, never used to blame. You can follow up with the private code you are given.";
pub const POSTER_SCAN: &str = "Scan the code with your phone's camera, or type the address:";

#[cfg(test)]
mod poster_tests {
    use super::public_link_url;

    #[test]
    fn the_link_joins_the_address_and_the_key() {
        assert_eq!(public_link_url("https://learn.example.org/", "abc"), "https://learn.example.org/r/abc");
    }
}
