//! What a manager records once a report raised a safeguarding concern, a
//! regulator's notification or the duty of candour: the safeguarding
//! checklist, that a notification was sent, and the candour steps' dates.
//! Which reports call for these is decided in `statutory`.

use jiff::civil::Date;
use jiff::{Timestamp, tz::TimeZone};
use serde::Deserialize;

use crate::field_error::FieldErrors;
use crate::form_input::{optional, past_time, yes_no};
use crate::reports::LONG_TEXT_MAX_CHARS;
use crate::statutory::{NotificationFacts, NotificationReason};

const WHO_MAX_CHARS: usize = 200;
/// A notification deadline longer than a week is no longer "without delay".
pub const LONGEST_NOTIFICATION_HOURS: i64 = 7 * 24;

/// Checks the organisation's notification deadline in hours.
pub fn check_notification_hours(text: &str) -> Result<i64, FieldErrors> {
    match text.trim().parse::<i64>() {
        Ok(hours) if (1..=LONGEST_NOTIFICATION_HOURS).contains(&hours) => Ok(hours),
        _ => {
            let mut errors = FieldErrors::default();
            errors.push(
                "notify_regulator_within_hours",
                format!("Give a whole number of hours from 1 to {LONGEST_NOTIFICATION_HOURS}; regulators expect notice without delay."),
            );
            Err(errors)
        }
    }
}
const REGULATOR_REFERENCE_MAX_CHARS: usize = 100;

/// The safeguarding checklist as submitted; answers may come one at a time.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SafeguardingChecklistInput {
    #[serde(deserialize_with = "yes_no")]
    pub person_safe: Option<bool>,
    /// Needed when the person is not yet safe: what is being done.
    pub person_safe_note: String,
    #[serde(deserialize_with = "yes_no")]
    pub referral_made: Option<bool>,
    /// Who made the local-authority referral (a name or role).
    pub referral_by: String,
    /// When it was made, local (`2026-11-20T14:30`) or RFC 3339.
    pub referral_at: String,
    /// Needed when no referral is made: why, or when it will be.
    pub no_referral_reason: String,
}

/// The checklist after its checks; `None` answers are still open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafeguardingChecklist {
    pub person_safe: Option<bool>,
    pub person_safe_note: Option<String>,
    pub referral_made: Option<bool>,
    pub referral_by: Option<String>,
    pub referral_at: Option<Timestamp>,
    pub no_referral_reason: Option<String>,
}

impl SafeguardingChecklist {
    /// Done when the person is safe and the referral is made (by someone, at
    /// a time) or its absence explained.
    pub fn is_complete(&self) -> bool {
        self.person_safe == Some(true)
            && match self.referral_made {
                Some(true) => self.referral_by.is_some() && self.referral_at.is_some(),
                Some(false) => self.no_referral_reason.is_some(),
                None => false,
            }
    }
}

impl SafeguardingChecklistInput {
    pub fn validate(&self, now: Timestamp, zone: &TimeZone) -> Result<SafeguardingChecklist, FieldErrors> {
        let mut errors = FieldErrors::default();
        if self.person_safe.is_none() && self.referral_made.is_none() {
            errors.push("person_safe", "Answer at least one question: is the person safe now?");
        }
        let person_safe_note = optional("person_safe_note", &self.person_safe_note, LONG_TEXT_MAX_CHARS, &mut errors);
        if self.person_safe == Some(false) && person_safe_note.is_none() {
            errors.push("person_safe_note", "Say what is being done to make the person safe now.");
        }
        let referral_by = optional("referral_by", &self.referral_by, WHO_MAX_CHARS, &mut errors);
        let no_referral_reason =
            optional("no_referral_reason", &self.no_referral_reason, LONG_TEXT_MAX_CHARS, &mut errors);
        let mut referral_at = None;
        match self.referral_made {
            Some(true) => {
                if referral_by.is_none() {
                    errors.push("referral_by", "Say who made the referral to the local authority.");
                }
                referral_at = past_time(
                    "referral_at",
                    &self.referral_at,
                    now,
                    zone,
                    "Say when the referral was made.",
                    &mut errors,
                );
            }
            Some(false) if no_referral_reason.is_none() => {
                errors.push("no_referral_reason", "Say why no referral is made, or when it will be.");
            }
            _ => {}
        }
        let made = self.referral_made == Some(true);
        errors.into_result(SafeguardingChecklist {
            person_safe: self.person_safe,
            person_safe_note,
            referral_made: self.referral_made,
            referral_by: referral_by.filter(|_| made),
            referral_at,
            no_referral_reason: no_referral_reason.filter(|_| self.referral_made == Some(false)),
        })
    }
}

/// Facts a manager adds after triage, which the report form does not ask,
/// and reasons they choose to notify for even when the rules do not.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NotificationFactsInput {
    #[serde(deserialize_with = "yes_no")]
    pub police_involved: Option<bool>,
    #[serde(deserialize_with = "yes_no")]
    pub deprivation_of_liberty: Option<bool>,
    #[serde(deserialize_with = "yes_no")]
    pub service_disruption: Option<bool>,
    /// Extra reasons by key (`death`, `serious_injury`, ...).
    pub reasons: Vec<String>,
}

impl NotificationFactsInput {
    /// Adds the answers to `facts` and returns the extra reasons, checked.
    pub fn apply(&self, facts: &mut NotificationFacts) -> Result<Vec<NotificationReason>, FieldErrors> {
        let mut errors = FieldErrors::default();
        facts.police_involved |= self.police_involved == Some(true);
        facts.deprivation_of_liberty |= self.deprivation_of_liberty == Some(true);
        facts.service_disruption |= self.service_disruption == Some(true);
        let mut reasons = Vec::new();
        for key in &self.reasons {
            match NotificationReason::parse(key.trim()) {
                Some(reason) if !reasons.contains(&reason) => reasons.push(reason),
                Some(_) => {}
                None => errors.push(
                    "reasons",
                    format!("\"{}\" is not a reason to notify; choose from {}.", key.trim(), NotificationReason::choices_words()),
                ),
            }
        }
        let nothing = !facts.police_involved && !facts.deprivation_of_liberty && !facts.service_disruption;
        if errors.is_empty() && nothing && reasons.is_empty() {
            errors.push("police_involved", "Tick what applies, or choose a reason to notify.");
        }
        errors.into_result(reasons)
    }
}

/// That a notification went to the regulator.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NotificationSentInput {
    /// When it was sent; blank means now.
    pub sent_at: String,
    /// The regulator's own reference, if they gave one.
    pub regulator_reference: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationSent {
    pub sent_at: Timestamp,
    pub regulator_reference: Option<String>,
}

impl NotificationSentInput {
    pub fn validate(&self, now: Timestamp, zone: &TimeZone) -> Result<NotificationSent, FieldErrors> {
        let mut errors = FieldErrors::default();
        let sent_at = if self.sent_at.trim().is_empty() {
            Some(now)
        } else {
            past_time("sent_at", &self.sent_at, now, zone, "", &mut errors)
        };
        let regulator_reference =
            optional("regulator_reference", &self.regulator_reference, REGULATOR_REFERENCE_MAX_CHARS, &mut errors);
        match sent_at {
            Some(sent_at) if errors.is_empty() => Ok(NotificationSent { sent_at, regulator_reference }),
            _ => Err(errors),
        }
    }
}

/// The duty of candour's steps as submitted: a date each, given as they happen.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CandourInput {
    pub told_in_person_on: String,
    pub apology_on: String,
    pub written_follow_up_on: String,
    pub notes: String,
}

/// The dates of the steps taken so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CandourDates {
    pub told_in_person_on: Option<Date>,
    pub apology_on: Option<Date>,
    pub written_follow_up_on: Option<Date>,
    pub notes: Option<String>,
}

impl CandourDates {
    pub fn is_complete(&self) -> bool {
        self.told_in_person_on.is_some() && self.apology_on.is_some() && self.written_follow_up_on.is_some()
    }
}

fn step_date(field: &str, text: &str, event_day: Date, today: Date, errors: &mut FieldErrors) -> Option<Date> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    match text.parse::<Date>() {
        Ok(date) if date > today => {
            errors.push(field, "This date is in the future; record a step once it has happened.");
            None
        }
        Ok(date) if date < event_day => {
            errors.push(field, format!("This date is before the event happened ({event_day}); a step comes after it."));
            None
        }
        Ok(date) => Some(date),
        Err(_) => {
            errors.push(field, format!("\"{text}\" is not a date; use YYYY-MM-DD."));
            None
        }
    }
}

impl CandourInput {
    /// `event_day` (the day the event happened) and `today` are in the
    /// organisation's time zone; every step falls between them. Steps are
    /// kept in order: the written follow-up comes after the person was told
    /// in person.
    pub fn validate(&self, event_day: Date, today: Date) -> Result<CandourDates, FieldErrors> {
        let mut errors = FieldErrors::default();
        let told_in_person_on = step_date("told_in_person_on", &self.told_in_person_on, event_day, today, &mut errors);
        let apology_on = step_date("apology_on", &self.apology_on, event_day, today, &mut errors);
        let written_follow_up_on = step_date("written_follow_up_on", &self.written_follow_up_on, event_day, today, &mut errors);
        let notes = optional("notes", &self.notes, LONG_TEXT_MAX_CHARS, &mut errors);
        if let (Some(told), Some(written)) = (told_in_person_on, written_follow_up_on)
            && written < told
        {
            errors.push("written_follow_up_on", "The written follow-up comes after telling the person in person; check the dates.");
        }
        if written_follow_up_on.is_some() && told_in_person_on.is_none() && errors.is_empty() {
            errors.push("told_in_person_on", "Record when the person was told in person before the written follow-up.");
        }
        let nothing = self.told_in_person_on.trim().is_empty()
            && self.apology_on.trim().is_empty()
            && self.written_follow_up_on.trim().is_empty()
            && notes.is_none();
        if nothing {
            errors.push("told_in_person_on", "Give the date of at least one step, or a note.");
        }
        errors.into_result(CandourDates { told_in_person_on, apology_on, written_follow_up_on, notes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn london() -> TimeZone {
        TimeZone::get("Europe/London").unwrap()
    }

    fn now() -> Timestamp {
        "2026-11-23T12:00:00Z".parse().unwrap()
    }

    fn fields(errors: &FieldErrors) -> Vec<&str> {
        errors.0.iter().map(|e| e.field.as_str()).collect()
    }

    #[test]
    fn notification_hours_are_between_one_hour_and_a_week() {
        assert_eq!(check_notification_hours(" 24 "), Ok(24));
        assert_eq!(check_notification_hours("168"), Ok(168));
        for bad in ["0", "169", "-3", "a day", ""] {
            assert_eq!(fields(&check_notification_hours(bad).unwrap_err()), ["notify_regulator_within_hours"], "{bad}");
        }
    }

    #[test]
    fn a_checklist_is_complete_only_with_safety_and_a_referral_decision() {
        let safe_and_referred = SafeguardingChecklistInput {
            person_safe: Some(true),
            referral_made: Some(true),
            referral_by: " Jo Smith, manager ".into(),
            referral_at: "2026-11-23T09:15".into(),
            ..Default::default()
        }
        .validate(now(), &london())
        .unwrap();
        assert!(safe_and_referred.is_complete());
        assert_eq!(safe_and_referred.referral_by.as_deref(), Some("Jo Smith, manager"));
        assert_eq!(safe_and_referred.referral_at.unwrap().to_string(), "2026-11-23T09:15:00Z");

        let only_safe =
            SafeguardingChecklistInput { person_safe: Some(true), ..Default::default() }.validate(now(), &london()).unwrap();
        assert!(!only_safe.is_complete());

        let explained = SafeguardingChecklistInput {
            person_safe: Some(true),
            referral_made: Some(false),
            no_referral_reason: "Discussed with the LA duty desk: below threshold, logged.".into(),
            // A stale "by" from an earlier answer is dropped once the answer is no.
            referral_by: "someone".into(),
            ..Default::default()
        }
        .validate(now(), &london())
        .unwrap();
        assert!(explained.is_complete());
        assert_eq!(explained.referral_by, None);
    }

    #[test]
    fn the_checklist_names_what_is_missing() {
        let none = SafeguardingChecklistInput::default().validate(now(), &london()).unwrap_err();
        assert_eq!(fields(&none), ["person_safe"]);

        let unsafe_without_note =
            SafeguardingChecklistInput { person_safe: Some(false), ..Default::default() }.validate(now(), &london()).unwrap_err();
        assert_eq!(fields(&unsafe_without_note), ["person_safe_note"]);

        let referral_without_details =
            SafeguardingChecklistInput { referral_made: Some(true), ..Default::default() }.validate(now(), &london()).unwrap_err();
        assert_eq!(fields(&referral_without_details), ["referral_by", "referral_at"]);

        let future = SafeguardingChecklistInput {
            referral_made: Some(true),
            referral_by: "Jo".into(),
            referral_at: "2026-11-24T09:00".into(),
            ..Default::default()
        }
        .validate(now(), &london())
        .unwrap_err();
        assert_eq!(fields(&future), ["referral_at"]);

        let no_without_reason =
            SafeguardingChecklistInput { referral_made: Some(false), ..Default::default() }.validate(now(), &london()).unwrap_err();
        assert_eq!(fields(&no_without_reason), ["no_referral_reason"]);
    }

    #[test]
    fn notification_facts_add_to_what_the_report_said() {
        let mut facts = NotificationFacts { service_kind: crate::organisation::ServiceKind::SupportedLiving, ..Default::default() };
        let input = NotificationFactsInput {
            police_involved: Some(true),
            reasons: vec!["death".into(), " death ".into()],
            ..Default::default()
        };
        assert_eq!(input.apply(&mut facts).unwrap(), [NotificationReason::Death]);
        assert!(facts.police_involved && !facts.service_disruption);

        let mut facts = NotificationFacts::default();
        let unknown = NotificationFactsInput { reasons: vec!["flood".into()], ..Default::default() };
        assert_eq!(fields(&unknown.apply(&mut facts).unwrap_err()), ["reasons"]);
        let empty = NotificationFactsInput::default();
        assert_eq!(fields(&empty.apply(&mut facts).unwrap_err()), ["police_involved"]);
    }

    #[test]
    fn a_notification_is_sent_now_or_at_a_past_time() {
        let now_sent = NotificationSentInput::default().validate(now(), &london()).unwrap();
        assert_eq!(now_sent, NotificationSent { sent_at: now(), regulator_reference: None });
        let earlier = NotificationSentInput { sent_at: "2026-11-23T08:00".into(), regulator_reference: " CQC-123 ".into() }
            .validate(now(), &london())
            .unwrap();
        assert_eq!(earlier.sent_at.to_string(), "2026-11-23T08:00:00Z");
        assert_eq!(earlier.regulator_reference.as_deref(), Some("CQC-123"));
        let later = NotificationSentInput { sent_at: "2026-11-24T08:00".into(), ..Default::default() }.validate(now(), &london());
        assert_eq!(fields(&later.unwrap_err()), ["sent_at"]);
    }

    #[test]
    fn candour_steps_have_past_dates_in_order() {
        let today: Date = "2026-11-23".parse().unwrap();
        let event_day: Date = "2026-11-19".parse().unwrap();
        let all = CandourInput {
            told_in_person_on: "2026-11-20".into(),
            apology_on: "2026-11-20".into(),
            written_follow_up_on: "2026-11-22".into(),
            notes: String::new(),
        }
        .validate(event_day, today)
        .unwrap();
        assert!(all.is_complete());

        let first = CandourInput { told_in_person_on: "2026-11-20".into(), ..Default::default() }.validate(event_day, today).unwrap();
        assert!(!first.is_complete());

        let backwards = CandourInput {
            told_in_person_on: "2026-11-21".into(),
            written_follow_up_on: "2026-11-20".into(),
            ..Default::default()
        }
        .validate(event_day, today)
        .unwrap_err();
        assert_eq!(fields(&backwards), ["written_follow_up_on"]);

        let written_first =
            CandourInput { written_follow_up_on: "2026-11-20".into(), ..Default::default() }.validate(event_day, today).unwrap_err();
        assert_eq!(fields(&written_first), ["told_in_person_on"]);

        let bad = CandourInput { apology_on: "yesterday".into(), told_in_person_on: "2026-12-01".into(), ..Default::default() }
            .validate(event_day, today)
            .unwrap_err();
        assert_eq!(fields(&bad), ["told_in_person_on", "apology_on"]);

        assert_eq!(fields(&CandourInput::default().validate(event_day, today).unwrap_err()), ["told_in_person_on"]);

        // Nothing before the event itself.
        let long_ago = CandourInput { told_in_person_on: "1900-01-01".into(), apology_on: "2026-11-18".into(), ..Default::default() }
            .validate(event_day, today)
            .unwrap_err();
        assert_eq!(fields(&long_ago), ["told_in_person_on", "apology_on"]);
        assert!(long_ago.for_field("told_in_person_on").unwrap().contains("before the event happened (2026-11-19)"));
        assert!(CandourInput { told_in_person_on: "2026-11-19".into(), ..Default::default() }.validate(event_day, today).is_ok(), "the same day is fine");
    }
}
