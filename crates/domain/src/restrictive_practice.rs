//! The restrictive practice log: every time a person's freedom was
//! restricted, what led up to it, what was tried first and how everyone was
//! debriefed, so that themes feed back into support plans.

use jiff::{SignedDuration, Timestamp, tz::TimeZone};
use serde::{Deserialize, Serialize};

use crate::choices::text_choices;
use crate::field_error::FieldErrors;
use crate::form_input::{optional, optional_number, past_time, required, yes_no};
use crate::reports::{LONG_TEXT_MAX_CHARS, PERSON_REFERENCE_MAX_CHARS, looks_like_a_full_name};

text_choices!(
    /// The kind of restriction used.
    RestraintType {
        Physical => "physical", "Physical";
        Chemical => "chemical", "Chemical / as-needed (PRN) medication";
        Mechanical => "mechanical", "Mechanical";
        Environmental => "environmental", "Environmental / seclusion";
    }
);

/// A restriction cannot be logged as lasting longer than a day; longer ones
/// are a care plan matter, not a single entry.
pub const MAX_DURATION_MINUTES: i64 = 24 * 60;

/// A log entry as submitted, every field still text from a form or JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RestrictivePracticeInput {
    pub restraint_type: String,
    /// Local date-time (`2026-11-20T14:30`) or RFC 3339.
    pub started_at: String,
    #[serde(deserialize_with = "optional_number")]
    pub duration_minutes: Option<i64>,
    /// A pseudonymous reference such as initials or a room number.
    pub person_reference: String,
    pub behaviour_before: String,
    pub de_escalation: String,
    pub less_restrictive_options: String,
    pub staff_involved: String,
    #[serde(deserialize_with = "yes_no")]
    pub injury: Option<bool>,
    pub injury_details: Option<String>,
    pub best_interests_reference: Option<String>,
    pub debrief_with_person: Option<String>,
    pub debrief_with_staff: Option<String>,
}

/// A log entry that passed every check; texts trimmed, blank optionals `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRestrictivePractice {
    pub restraint_type: RestraintType,
    pub started_at: Timestamp,
    pub duration_minutes: i64,
    pub person_reference: String,
    pub behaviour_before: String,
    pub de_escalation: String,
    pub less_restrictive_options: String,
    pub staff_involved: String,
    pub injury: bool,
    /// Given exactly when `injury`.
    pub injury_details: Option<String>,
    pub best_interests_reference: Option<String>,
    pub debrief_with_person: Option<String>,
    pub debrief_with_staff: Option<String>,
}

impl NewRestrictivePractice {
    /// When the restriction ended.
    pub fn ended_at(&self) -> Timestamp {
        self.started_at.checked_add(SignedDuration::from_mins(self.duration_minutes)).unwrap_or(Timestamp::MAX)
    }
}

fn optional_text(field: &str, value: &Option<String>, errors: &mut FieldErrors) -> Option<String> {
    optional(field, value.as_deref().unwrap_or(""), LONG_TEXT_MAX_CHARS, errors)
}

impl RestrictivePracticeInput {
    /// Checks every field, collecting all the problems at once.
    pub fn validate(&self, now: Timestamp, zone: &TimeZone) -> Result<NewRestrictivePractice, FieldErrors> {
        let mut errors = FieldErrors::default();
        let max = LONG_TEXT_MAX_CHARS;

        let restraint_type = RestraintType::parse(self.restraint_type.trim());
        if restraint_type.is_none() {
            errors
                .push("restraint_type", format!("Choose the kind of restriction: {}.", RestraintType::choices_words()));
        }

        let started_at = past_time("started_at", &self.started_at, now, zone, "Say when it started.", &mut errors);

        let duration_minutes = match self.duration_minutes {
            None => {
                errors.push("duration_minutes", "Say how long it lasted, in minutes.");
                0
            }
            Some(minutes) if !(1..=MAX_DURATION_MINUTES).contains(&minutes) => {
                errors.push(
                    "duration_minutes",
                    format!("Give the length in minutes, from 1 to {MAX_DURATION_MINUTES} (one day)."),
                );
                0
            }
            Some(minutes) => minutes,
        };

        let person_reference = required(
            "person_reference",
            &self.person_reference,
            PERSON_REFERENCE_MAX_CHARS,
            "Say who was restricted, using initials or a room number rather than their name.",
            &mut errors,
        );
        if looks_like_a_full_name(&person_reference) {
            errors.push(
                "person_reference",
                format!("\"{person_reference}\" looks like a name. Use a pseudonymous reference such as initials or a room number."),
            );
        }

        let behaviour_before = required(
            "behaviour_before",
            &self.behaviour_before,
            max,
            "Describe what was happening and what the person did before the restriction.",
            &mut errors,
        );
        let de_escalation = required(
            "de_escalation",
            &self.de_escalation,
            max,
            "Say what was tried to calm the situation first.",
            &mut errors,
        );
        let less_restrictive_options = required(
            "less_restrictive_options",
            &self.less_restrictive_options,
            max,
            "Say which less restrictive options were considered, and why they were not enough.",
            &mut errors,
        );
        let staff_involved = required(
            "staff_involved",
            &self.staff_involved,
            max,
            "Say which staff were involved (roles or names of staff).",
            &mut errors,
        );

        let injury_details = optional_text("injury_details", &self.injury_details, &mut errors);
        let (injury, injury_details) = match self.injury {
            None => {
                errors.push("injury", "Say yes or no: was anyone injured?");
                (false, None)
            }
            Some(false) => (false, None),
            Some(true) => {
                if injury_details.is_none() {
                    errors.push("injury_details", "Describe the injury, who was hurt and what treatment was given.");
                }
                (true, injury_details)
            }
        };

        let best_interests_reference =
            optional_text("best_interests_reference", &self.best_interests_reference, &mut errors);
        let debrief_with_person = optional_text("debrief_with_person", &self.debrief_with_person, &mut errors);
        let debrief_with_staff = optional_text("debrief_with_staff", &self.debrief_with_staff, &mut errors);

        match (restraint_type, started_at) {
            (Some(restraint_type), Some(started_at)) if errors.is_empty() => Ok(NewRestrictivePractice {
                restraint_type,
                started_at,
                duration_minutes,
                person_reference,
                behaviour_before,
                de_escalation,
                less_restrictive_options,
                staff_involved,
                injury,
                injury_details,
                best_interests_reference,
                debrief_with_person,
                debrief_with_staff,
            }),
            _ => Err(errors),
        }
    }
}

/// The deadlines a children's home keeps after a restraint, for Ofsted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfstedTimeline {
    /// The record is written within 24 hours.
    pub record_due: Timestamp,
    /// The registered manager reviews it within 48 hours.
    pub review_due: Timestamp,
    /// The child has been spoken to about it within 5 days.
    pub child_spoken_to_due: Timestamp,
}

/// The timeline from when the restraint started, in elapsed hours (5 days
/// is 120 hours), so clock changes do not move it.
pub fn ofsted_timeline(started_at: Timestamp) -> OfstedTimeline {
    let after = |hours: i64| started_at.checked_add(SignedDuration::from_hours(hours)).unwrap_or(Timestamp::MAX);
    OfstedTimeline { record_due: after(24), review_due: after(48), child_spoken_to_due: after(5 * 24) }
}

text_choices!(
    /// Where one step of the Ofsted timeline stands. The record step is `met`
    /// or `late`; the review and the child spoken to are `done`, `due` or
    /// `overdue`.
    StepStatus {
        Met => "met", "Recorded within 24 hours";
        Late => "late", "Recorded late";
        Done => "done", "Done";
        Due => "due", "Due";
        Overdue => "overdue", "Overdue";
    }
);

/// The Ofsted timeline of one entry: its deadlines and where each step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineStatus {
    pub due: OfstedTimeline,
    pub record: StepStatus,
    pub review: StepStatus,
    pub child_spoken_to: StepStatus,
}

impl TimelineStatus {
    /// Whether a step that is not yet done has passed its deadline.
    pub fn any_overdue(&self) -> bool {
        self.review == StepStatus::Overdue || self.child_spoken_to == StepStatus::Overdue
    }
}

/// Where each step of a children's home entry stands at `now`. A step done
/// late is still `done`; one not done is `overdue` once its deadline passed.
pub fn timeline_status(
    started_at: Timestamp,
    recorded_at: Timestamp,
    reviewed_at: Option<Timestamp>,
    child_spoken_to_at: Option<Timestamp>,
    now: Timestamp,
) -> TimelineStatus {
    let due = ofsted_timeline(started_at);
    let step = |done: Option<Timestamp>, deadline: Timestamp| match done {
        Some(_) => StepStatus::Done,
        None if now > deadline => StepStatus::Overdue,
        None => StepStatus::Due,
    };
    TimelineStatus {
        record: if recorded_at <= due.record_due { StepStatus::Met } else { StepStatus::Late },
        review: step(reviewed_at, due.review_due),
        child_spoken_to: step(child_spoken_to_at, due.child_spoken_to_due),
        due,
    }
}

/// The longest span the monthly counts cover at once: three years.
pub const MAX_COUNT_MONTHS: usize = 36;

/// A month as `YYYY-MM` to its bucket (`year * 100 + month`, as
/// `report::month_bucket` stores it).
pub fn parse_month(text: &str) -> Option<i32> {
    let (year, month) = text.trim().split_once('-')?;
    if year.len() != 4 || month.len() != 2 {
        return None;
    }
    let (year, month): (i32, i32) = (year.parse().ok()?, month.parse().ok()?);
    ((1970..=9999).contains(&year) && (1..=12).contains(&month)).then_some(year * 100 + month)
}

/// A month bucket as `YYYY-MM`.
pub fn month_text(bucket: i32) -> String {
    format!("{:04}-{:02}", bucket / 100, bucket % 100)
}

/// Every month bucket from `from` to `to` (`YYYY-MM`), oldest first, or
/// the problems with the range, each naming its field.
pub fn month_range(from: &str, to: &str) -> Result<Vec<i32>, FieldErrors> {
    let mut errors = FieldErrors::default();
    let first = parse_month(from);
    if first.is_none() {
        errors.push("from", "Give the first month as YYYY-MM, for example 2026-06.");
    }
    let last = parse_month(to);
    if last.is_none() {
        errors.push("to", "Give the last month as YYYY-MM, for example 2026-11.");
    }
    let (Some(first), Some(last)) = (first, last) else { return Err(errors) };
    if last < first {
        errors.push("to", "The last month must not be before the first.");
        return Err(errors);
    }
    let mut months = vec![first];
    while let Some(&month) = months.last() {
        if month >= last {
            break;
        }
        months.push(if month % 100 == 12 { (month / 100 + 1) * 100 + 1 } else { month + 1 });
        if months.len() > MAX_COUNT_MONTHS {
            errors.push("to", format!("Choose at most {MAX_COUNT_MONTHS} months at a time."));
            return Err(errors);
        }
    }
    Ok(months)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn london() -> TimeZone {
        TimeZone::get("Europe/London").unwrap()
    }

    fn now() -> Timestamp {
        "2026-11-23T12:00:00Z".parse().unwrap()
    }

    fn valid() -> RestrictivePracticeInput {
        RestrictivePracticeInput {
            restraint_type: "physical".into(),
            started_at: "2026-11-22T17:40".into(),
            duration_minutes: Some(3),
            person_reference: " K ".into(),
            behaviour_before: "K was running towards the road after the minibus trip was cancelled.".into(),
            de_escalation: "Staff called his name, offered his headphones and walked alongside him.".into(),
            less_restrictive_options: "Blocking the gate was tried; he climbed it.".into(),
            staff_involved: "Two support workers".into(),
            injury: Some(false),
            ..Default::default()
        }
    }

    fn fields(errors: &FieldErrors) -> Vec<&str> {
        errors.0.iter().map(|e| e.field.as_str()).collect()
    }

    #[test]
    fn a_complete_entry_is_accepted() {
        let entry = valid().validate(now(), &london()).unwrap();
        assert_eq!(entry.restraint_type, RestraintType::Physical);
        assert_eq!(entry.started_at.to_string(), "2026-11-22T17:40:00Z");
        assert_eq!(entry.person_reference, "K");
        assert_eq!(entry.ended_at().to_string(), "2026-11-22T17:43:00Z");
        assert!(!entry.injury);
        assert_eq!(entry.injury_details, None);
        assert_eq!(entry.best_interests_reference, None);
    }

    #[test]
    fn every_missing_field_is_named() {
        let errors = RestrictivePracticeInput::default().validate(now(), &london()).unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                "restraint_type",
                "started_at",
                "duration_minutes",
                "person_reference",
                "behaviour_before",
                "de_escalation",
                "less_restrictive_options",
                "staff_involved",
                "injury",
            ]
        );
        assert!(
            errors.for_field("restraint_type").unwrap().contains("Physical, Chemical / as-needed (PRN) medication, Mechanical or Environmental / seclusion")
        );
    }

    #[test]
    fn the_start_cannot_be_in_the_future() {
        let mut input = valid();
        input.started_at = "2026-11-24T09:00".into();
        assert!(input.validate(now(), &london()).unwrap_err().for_field("started_at").unwrap().contains("future"));
        input.started_at = "2026-11-23T12:05:00Z".into();
        assert!(input.validate(now(), &london()).is_ok());
    }

    #[test]
    fn the_duration_is_one_minute_to_one_day() {
        for (minutes, ok) in [(0, false), (1, true), (1440, true), (1441, false), (-5, false)] {
            let input = RestrictivePracticeInput { duration_minutes: Some(minutes), ..valid() };
            assert_eq!(input.validate(now(), &london()).is_ok(), ok, "{minutes}");
        }
        let input = RestrictivePracticeInput { duration_minutes: Some(0), ..valid() };
        assert!(
            input.validate(now(), &london()).unwrap_err().for_field("duration_minutes").unwrap().contains("1 to 1440")
        );
    }

    #[test]
    fn the_person_is_a_reference_not_a_name() {
        for reference in ["Room 12", "JS", "Young person B"] {
            let input = RestrictivePracticeInput { person_reference: reference.into(), ..valid() };
            assert!(input.validate(now(), &london()).is_ok(), "{reference}");
        }
        let named = RestrictivePracticeInput { person_reference: "Kieran Walsh".into(), ..valid() };
        assert!(
            named
                .validate(now(), &london())
                .unwrap_err()
                .for_field("person_reference")
                .unwrap()
                .contains("looks like a name")
        );
        let long = RestrictivePracticeInput { person_reference: "x".repeat(41), ..valid() };
        assert!(long.validate(now(), &london()).is_err());
    }

    #[test]
    fn an_injury_must_be_described() {
        let injured = RestrictivePracticeInput { injury: Some(true), injury_details: Some("  ".into()), ..valid() };
        assert_eq!(fields(&injured.validate(now(), &london()).unwrap_err()), ["injury_details"]);
        let described =
            RestrictivePracticeInput { injury_details: Some("Graze to K's left knee; cleaned.".into()), ..injured };
        let entry = described.validate(now(), &london()).unwrap();
        assert!(entry.injury);
        assert_eq!(entry.injury_details.as_deref(), Some("Graze to K's left knee; cleaned."));
        // With no injury, leftover details are dropped.
        let none = RestrictivePracticeInput { injury: Some(false), injury_details: Some("old".into()), ..valid() };
        assert_eq!(none.validate(now(), &london()).unwrap().injury_details, None);
    }

    #[test]
    fn optional_records_are_kept_trimmed() {
        let input = RestrictivePracticeInput {
            best_interests_reference: Some(" BI-2026-04 ".into()),
            debrief_with_person: Some("K said the hold hurt his arm; he wants to be told first.".into()),
            debrief_with_staff: Some("".into()),
            ..valid()
        };
        let entry = input.validate(now(), &london()).unwrap();
        assert_eq!(entry.best_interests_reference.as_deref(), Some("BI-2026-04"));
        assert!(entry.debrief_with_person.is_some());
        assert_eq!(entry.debrief_with_staff, None);
    }

    #[test]
    fn the_input_reads_form_style_values() {
        let input: RestrictivePracticeInput =
            toml::from_str("restraint_type = 'chemical'\nduration_minutes = '15'\ninjury = 'no'").unwrap();
        assert_eq!(input.duration_minutes, Some(15));
        assert_eq!(input.injury, Some(false));
        assert_eq!(RestraintType::parse(&input.restraint_type), Some(RestraintType::Chemical));
        assert_eq!(RestraintType::Chemical.label(), "Chemical / as-needed (PRN) medication");
    }

    #[test]
    fn the_ofsted_timeline_counts_elapsed_hours() {
        // Across the October clock change the deadlines stay 24, 48 and 120 hours on.
        let started: Timestamp = "2026-10-24T20:00:00Z".parse().unwrap();
        let timeline = ofsted_timeline(started);
        assert_eq!(timeline.record_due.to_string(), "2026-10-25T20:00:00Z");
        assert_eq!(timeline.review_due.to_string(), "2026-10-26T20:00:00Z");
        assert_eq!(timeline.child_spoken_to_due.to_string(), "2026-10-29T20:00:00Z");
    }

    #[test]
    fn each_step_is_done_due_or_overdue() {
        let started: Timestamp = "2026-11-20T10:00:00Z".parse().unwrap();
        let at = |text: &str| -> Timestamp { text.parse().unwrap() };
        // Recorded in time, nothing else done, a day later: both steps still due.
        let status = timeline_status(started, at("2026-11-20T12:00:00Z"), None, None, at("2026-11-21T10:00:00Z"));
        assert_eq!((status.record, status.review, status.child_spoken_to), (StepStatus::Met, StepStatus::Due, StepStatus::Due));
        assert!(!status.any_overdue());
        // Three days on, no review: overdue; recorded 25 hours after: late.
        let status = timeline_status(started, at("2026-11-21T11:00:00Z"), None, None, at("2026-11-23T10:00:00Z"));
        assert_eq!((status.record, status.review, status.child_spoken_to), (StepStatus::Late, StepStatus::Overdue, StepStatus::Due));
        assert!(status.any_overdue());
        // Done late is still done.
        let status = timeline_status(started, started, Some(at("2026-11-24T09:00:00Z")), Some(at("2026-11-26T09:00:00Z")), at("2026-12-01T00:00:00Z"));
        assert_eq!((status.review, status.child_spoken_to), (StepStatus::Done, StepStatus::Done));
        assert!(!status.any_overdue());
        // Exactly at the deadline is not yet overdue.
        let status = timeline_status(started, started, None, None, status.due.review_due);
        assert_eq!(status.review, StepStatus::Due);
    }

    #[test]
    fn month_ranges_cross_years_and_are_bounded() {
        assert_eq!(parse_month("2026-11"), Some(202611));
        for bad in ["2026-13", "2026-0", "26-11", "2026/11", "", "2026-11-01"] {
            assert_eq!(parse_month(bad), None, "{bad}");
        }
        assert_eq!(month_text(202601), "2026-01");
        assert_eq!(month_range("2025-11", "2026-02").unwrap(), [202511, 202512, 202601, 202602]);
        assert_eq!(month_range("2026-02", "2026-02").unwrap(), [202602]);
        assert_eq!(fields(&month_range("2026-03", "2026-02").unwrap_err()), ["to"]);
        assert_eq!(fields(&month_range("x", "y").unwrap_err()), ["from", "to"]);
        assert_eq!(month_range("2024-01", "2026-12").unwrap().len(), 36);
        assert!(month_range("2024-01", "2027-01").unwrap_err().for_field("to").unwrap().contains("36"));
    }

    proptest! {
        #[test]
        fn validation_never_panics(
            kind in ".{0,12}", minutes in proptest::option::of(-10i64..2000), text in "\\PC{0,30}", injury in proptest::option::of(any::<bool>())
        ) {
            let input = RestrictivePracticeInput {
                restraint_type: kind, duration_minutes: minutes, person_reference: text.clone(),
                behaviour_before: text.clone(), injury, injury_details: Some(text), ..valid()
            };
            if let Ok(entry) = input.validate(now(), &london()) {
                prop_assert!((1..=MAX_DURATION_MINUTES).contains(&entry.duration_minutes));
                prop_assert_eq!(entry.injury_details.is_some(), entry.injury);
                prop_assert!(entry.ended_at() > entry.started_at);
            }
        }

        #[test]
        fn the_ofsted_deadlines_are_in_order(secs in 0i64..4_000_000_000) {
            let started = Timestamp::from_second(secs).unwrap();
            let t = ofsted_timeline(started);
            prop_assert!(started < t.record_due && t.record_due < t.review_due && t.review_due < t.child_spoken_to_due);
        }
    }
}
