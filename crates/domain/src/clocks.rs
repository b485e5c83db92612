//! Triage clocks: how soon a reporter is thanked and hears what was learned,
//! and whether each deadline is on time, due soon, overdue or met.
//!
//! Deadlines are worked out in the organisation's time zone so that "one
//! working day" after Friday 15:00 is Monday 15:00 whatever the clocks did
//! at the weekend. Bank holidays are not known here and count as working days.

use jiff::{Span, Timestamp, ZonedDateTime, civil::Date, tz::TimeZone};
use serde::{Deserialize, Serialize};

use crate::choices::text_choices;
use crate::field_error::FieldErrors;

/// How long before a deadline it shows as due soon.
pub const DUE_SOON_HOURS: i64 = 24;

/// An organisation's promises to reporters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriageClocks {
    /// Thank the reporter within this many working days (Monday to Friday).
    pub thank_within_working_days: u32,
    /// Tell the reporter what was learned within this many calendar days.
    pub feedback_within_days: u32,
}

impl Default for TriageClocks {
    fn default() -> Self {
        TriageClocks { thank_within_working_days: 1, feedback_within_days: 14 }
    }
}

impl TriageClocks {
    /// Checks both limits, naming each one that is out of range.
    pub fn new(thank_within_working_days: u32, feedback_within_days: u32) -> Result<TriageClocks, FieldErrors> {
        let mut errors = FieldErrors::default();
        if !(1..=10).contains(&thank_within_working_days) {
            errors.push(
                "thank_within_working_days",
                "Give between 1 and 10 working days to thank the reporter; a prompt thank-you keeps people reporting.",
            );
        }
        if !(1..=90).contains(&feedback_within_days) {
            errors.push("feedback_within_days", "Give between 1 and 90 days to tell the reporter what was learned.");
        }
        errors.into_result(TriageClocks { thank_within_working_days, feedback_within_days })
    }

    /// When the reporter should have been thanked by.
    pub fn thanks_due(&self, received: Timestamp, zone: &TimeZone) -> Timestamp {
        add_working_days(received, self.thank_within_working_days, zone)
    }

    /// When the reporter should have heard what was learned: calendar days,
    /// at the same local time of day.
    pub fn feedback_due(&self, received: Timestamp, zone: &TimeZone) -> Timestamp {
        let local = received.to_zoned_datetime(zone.clone());
        add_days(&local, i64::from(self.feedback_within_days))
    }
}

fn is_weekend(date: Date) -> bool {
    date.weekday().to_monday_zero_offset() >= 5
}

/// Calendar days from a working day (0 = Monday .. 4 = Friday) to the
/// working day `count` working days later.
fn calendar_days_for(mut weekday: i64, count: u32) -> i64 {
    let mut days = i64::from(count / 5) * 7;
    for _ in 0..count % 5 {
        days += 1;
        weekday += 1;
        if weekday == 5 {
            days += 2;
            weekday = 0;
        }
    }
    days
}

/// `local` plus whole calendar days, keeping the local time of day across
/// clock changes; saturates beyond the calendar's end.
fn add_days(local: &ZonedDateTime, days: i64) -> Timestamp {
    Span::new()
        .try_days(days)
        .and_then(|span| local.checked_add(span))
        .map(|due| due.timestamp())
        .unwrap_or(Timestamp::MAX)
}

/// The deadline `days` working days after `start`, in `zone`.
///
/// - From a working day, it is the same local time of day `days` working
///   days later (Friday 15:00 plus one is Monday 15:00).
/// - From a Saturday or Sunday, Monday counts as the first working day and
///   the deadline is the end of the `days`-th working day: Monday 23:59:59
///   local for one day, since no working time has yet passed.
/// - Zero days is `start` itself.
pub fn add_working_days(start: Timestamp, days: u32, zone: &TimeZone) -> Timestamp {
    if days == 0 {
        return start;
    }
    let local = start.to_zoned_datetime(zone.clone());
    let date = local.date();
    let weekday = i64::from(date.weekday().to_monday_zero_offset());
    if !is_weekend(date) {
        return add_days(&local, calendar_days_for(weekday, days));
    }
    let to_monday = 7 - weekday;
    let offset = to_monday + calendar_days_for(0, days - 1);
    let end_of_day = Span::new()
        .try_days(offset)
        .and_then(|span| date.checked_add(span))
        .and_then(|last| last.at(23, 59, 59, 0).to_zoned_datetime(zone.clone()));
    end_of_day.map(|due| due.timestamp()).unwrap_or(Timestamp::MAX)
}

text_choices!(
    /// Where a deadline stands.
    ClockState {
        OnTime => "on_time", "On time";
        DueSoon => "due_soon", "Due soon";
        Overdue => "overdue", "Overdue";
        Met => "met", "Done on time";
        MetLate => "met_late", "Done late";
    }
);

impl ClockState {
    /// Whether someone still needs to act on it.
    pub fn is_open(self) -> bool {
        matches!(self, ClockState::OnTime | ClockState::DueSoon | ClockState::Overdue)
    }
}

/// Where a deadline stands at `now`. Done exactly at `due` is on time, and
/// an open clock becomes overdue only once `due` has passed.
pub fn clock_state(due: Timestamp, done_at: Option<Timestamp>, now: Timestamp) -> ClockState {
    match done_at {
        Some(done) if done <= due => ClockState::Met,
        Some(_) => ClockState::MetLate,
        None if now > due => ClockState::Overdue,
        None if due.as_second() - now.as_second() <= DUE_SOON_HOURS * 3600 => ClockState::DueSoon,
        None => ClockState::OnTime,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn london() -> TimeZone {
        TimeZone::get("Europe/London").unwrap()
    }

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    /// A local London time, as written on a rota.
    fn local(text: &str) -> Timestamp {
        let civil: jiff::civil::DateTime = text.parse().unwrap();
        civil.to_zoned_datetime(london()).unwrap().timestamp()
    }

    #[test]
    fn the_defaults_are_one_working_day_and_fourteen_days() {
        assert_eq!(TriageClocks::default(), TriageClocks { thank_within_working_days: 1, feedback_within_days: 14 });
        assert_eq!(TriageClocks::new(1, 14), Ok(TriageClocks::default()));
    }

    #[test]
    fn limits_outside_their_ranges_are_named() {
        let errors = TriageClocks::new(0, 91).unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["thank_within_working_days", "feedback_within_days"]);
        assert!(errors.for_field("thank_within_working_days").unwrap().contains("between 1 and 10"));
        assert!(errors.for_field("feedback_within_days").unwrap().contains("between 1 and 90"));
        assert!(TriageClocks::new(11, 1).is_err());
        assert!(TriageClocks::new(10, 90).is_ok());
    }

    #[test]
    fn working_days_skip_the_weekend() {
        let zone = london();
        // Friday afternoon to Monday afternoon.
        assert_eq!(add_working_days(local("2026-11-20T15:00"), 1, &zone), local("2026-11-23T15:00"));
        assert_eq!(add_working_days(local("2026-11-23T09:00"), 1, &zone), local("2026-11-24T09:00"));
        assert_eq!(add_working_days(local("2026-11-19T09:00"), 2, &zone), local("2026-11-23T09:00"));
        assert_eq!(add_working_days(local("2026-11-18T09:00"), 5, &zone), local("2026-11-25T09:00"));
        assert_eq!(add_working_days(local("2026-11-20T23:30"), 6, &zone), local("2026-11-30T23:30"));
        assert_eq!(add_working_days(local("2026-11-20T15:00"), 0, &zone), local("2026-11-20T15:00"));
    }

    #[test]
    fn a_weekend_report_is_due_by_the_end_of_the_working_day() {
        let zone = london();
        assert_eq!(add_working_days(local("2026-11-21T10:00"), 1, &zone), local("2026-11-23T23:59:59"));
        assert_eq!(add_working_days(local("2026-11-22T23:50"), 1, &zone), local("2026-11-23T23:59:59"));
        assert_eq!(add_working_days(local("2026-11-22T08:00"), 2, &zone), local("2026-11-24T23:59:59"));
        assert_eq!(add_working_days(local("2026-11-21T08:00"), 6, &zone), local("2026-11-30T23:59:59"));
    }

    #[test]
    fn clock_changes_keep_the_local_time_of_day() {
        let zone = london();
        // Clocks go forward on Sunday 29 March 2026: 10:00 GMT, then 10:00 BST.
        assert_eq!(add_working_days(at("2026-03-27T10:00:00Z"), 1, &zone), at("2026-03-30T09:00:00Z"));
        // Clocks go back on Sunday 25 October 2026.
        assert_eq!(add_working_days(at("2026-10-23T09:00:00Z"), 1, &zone), at("2026-10-26T10:00:00Z"));
        // A Saturday report in the spring-forward weekend: Monday 23:59:59 BST.
        assert_eq!(add_working_days(at("2026-03-28T12:00:00Z"), 1, &zone), at("2026-03-30T22:59:59Z"));
        // Feedback after 14 calendar days across the change, still 10:00 local.
        let clocks = TriageClocks::default();
        assert_eq!(clocks.feedback_due(at("2026-03-20T10:00:00Z"), &zone), at("2026-04-03T09:00:00Z"));
        assert_eq!(clocks.thanks_due(at("2026-03-27T10:00:00Z"), &zone), at("2026-03-30T09:00:00Z"));
    }

    #[test]
    fn feedback_counts_calendar_days() {
        let clocks = TriageClocks { thank_within_working_days: 2, feedback_within_days: 7 };
        let received = local("2026-11-20T15:00");
        assert_eq!(clocks.feedback_due(received, &london()), local("2026-11-27T15:00"));
        assert_eq!(clocks.thanks_due(received, &london()), local("2026-11-24T15:00"));
    }

    #[test]
    fn absurd_numbers_of_days_saturate_instead_of_panicking() {
        assert_eq!(add_working_days(at("2026-11-20T15:00:00Z"), u32::MAX, &london()), Timestamp::MAX);
        assert_eq!(add_working_days(at("2026-11-21T15:00:00Z"), u32::MAX, &london()), Timestamp::MAX);
    }

    #[test]
    fn clock_states_follow_the_deadline() {
        let due = at("2026-11-23T15:00:00Z");
        let hours = |h: i64| Timestamp::from_second(due.as_second() + h * 3600).unwrap();
        assert_eq!(clock_state(due, None, hours(-48)), ClockState::OnTime);
        assert_eq!(clock_state(due, None, hours(-25)), ClockState::OnTime);
        assert_eq!(clock_state(due, None, hours(-24)), ClockState::DueSoon);
        assert_eq!(clock_state(due, None, due), ClockState::DueSoon);
        assert_eq!(clock_state(due, None, hours(1)), ClockState::Overdue);
        assert_eq!(clock_state(due, Some(due), hours(100)), ClockState::Met);
        assert_eq!(clock_state(due, Some(hours(-3)), hours(-5)), ClockState::Met);
        assert_eq!(clock_state(due, Some(hours(2)), hours(3)), ClockState::MetLate);
        assert_eq!(ClockState::MetLate.as_str(), "met_late");
        assert_eq!(ClockState::Overdue.label(), "Overdue");
        assert!(ClockState::DueSoon.is_open() && !ClockState::Met.is_open());
    }

    proptest! {
        #[test]
        fn deadlines_fall_on_a_working_day_after_the_start(
            secs in 1_577_836_800i64..2_082_758_400, // 2020 to 2036
            days in 1u32..=10,
            zone_name in prop_oneof![Just("Europe/London"), Just("America/New_York"), Just("Australia/Sydney")],
        ) {
            let zone = TimeZone::get(zone_name).unwrap();
            let start = Timestamp::from_second(secs).unwrap();
            let due = add_working_days(start, days, &zone);
            prop_assert!(due > start);
            let start_local = start.to_zoned_datetime(zone.clone());
            let due_local = due.to_zoned_datetime(zone.clone());
            prop_assert!(!is_weekend(due_local.date()));

            // Exactly `days` working days are passed over, counting Monday itself from a weekend.
            let mut counted = 0;
            let mut day = start_local.date();
            if is_weekend(day) {
                counted += 1; // the Monday reached below is the first working day
                while is_weekend(day) { day = day.tomorrow().unwrap(); }
                prop_assert_eq!(due_local.time(), jiff::civil::time(23, 59, 59, 0));
            } else {
                prop_assert_eq!(due_local.time(), start_local.time());
            }
            while day < due_local.date() {
                day = day.tomorrow().unwrap();
                if !is_weekend(day) { counted += 1; }
            }
            prop_assert_eq!(counted, days);
        }

        #[test]
        fn a_finished_clock_is_met_or_late_and_an_open_one_is_not(
            due in 0i64..1_000_000, done in proptest::option::of(0i64..1_000_000), now in 0i64..1_000_000,
        ) {
            let ts = |s: i64| Timestamp::from_second(s).unwrap();
            let state = clock_state(ts(due), done.map(ts), ts(now));
            prop_assert_eq!(state.is_open(), done.is_none());
            if let Some(done) = done {
                prop_assert_eq!(state == ClockState::Met, done <= due);
            } else {
                prop_assert_eq!(state == ClockState::Overdue, now > due);
            }
        }
    }
}
