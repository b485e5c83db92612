//! Small helpers shared by the validators of submitted forms: trimmed texts,
//! yes/no answers and past times, so every form treats them alike.

use jiff::{Timestamp, tz::TimeZone};
use serde::{Deserialize, Deserializer};

use crate::field_error::FieldErrors;
use crate::reports::{FUTURE_TOLERANCE_SECONDS, parse_occurred_at};

/// The trimmed text, or `None` when it is empty or only whitespace.
pub(crate) fn present(text: &str) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// Refuses a text longer than `max` characters, saying by how much.
pub(crate) fn check_length(field: &str, text: &str, max: usize, errors: &mut FieldErrors) {
    let length = text.chars().count();
    if length > max {
        errors.push(field, format!("Keep this under {max} characters (it has {length})."));
    }
}

/// A text that must be given: trimmed, or `missing` pushed as the error.
pub(crate) fn required(field: &str, text: &str, max: usize, missing: &str, errors: &mut FieldErrors) -> String {
    match present(text) {
        Some(text) => {
            check_length(field, &text, max, errors);
            text
        }
        None => {
            errors.push(field, missing);
            String::new()
        }
    }
}

/// A text that may be left out: trimmed, `None` when blank.
pub(crate) fn optional(field: &str, text: &str, max: usize, errors: &mut FieldErrors) -> Option<String> {
    let text = present(text)?;
    check_length(field, &text, max, errors);
    Some(text)
}

/// A time that has already happened, local (`2026-11-20T14:30`) or RFC 3339.
/// A phone clock a few minutes fast is forgiven, as for reports.
pub(crate) fn past_time(
    field: &str,
    text: &str,
    now: Timestamp,
    zone: &TimeZone,
    missing: &str,
    errors: &mut FieldErrors,
) -> Option<Timestamp> {
    if text.trim().is_empty() {
        errors.push(field, missing);
        return None;
    }
    match parse_occurred_at(text, zone) {
        None => errors.push(field, "Give the date and time as 2026-11-20T14:30, or in RFC 3339 with a zone."),
        Some(ts) if ts.as_second() > now.as_second() + FUTURE_TOLERANCE_SECONDS => {
            errors.push(field, "This time is in the future; give when it happened.")
        }
        Some(ts) if ts.as_second() < 0 => errors.push(field, "Give a date after 1970."),
        Some(ts) => return Some(ts),
    }
    None
}

/// Reads a yes/no answer from JSON (`true`, `false`, `null`) or a form
/// (`yes`, `no`, `true`, `false`, `on`, or empty for "not answered"), so an
/// unanswered radio group becomes a field error rather than a rejected form.
pub(crate) fn yes_no<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Answer {
        Bool(bool),
        Text(String),
    }
    match Option::<Answer>::deserialize(deserializer)? {
        None => Ok(None),
        Some(Answer::Bool(b)) => Ok(Some(b)),
        Some(Answer::Text(text)) => match text.trim().to_ascii_lowercase().as_str() {
            "" => Ok(None),
            "yes" | "true" | "on" | "1" => Ok(Some(true)),
            "no" | "false" | "off" | "0" => Ok(Some(false)),
            other => Err(serde::de::Error::custom(format!("expected yes or no, not \"{other}\""))),
        },
    }
}

/// Reads an optional whole number from JSON or a form, where an empty box
/// means "not given".
pub(crate) fn optional_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Number {
        Int(i64),
        Text(String),
    }
    match Option::<Number>::deserialize(deserializer)? {
        None => Ok(None),
        Some(Number::Int(n)) => Ok(Some(n)),
        Some(Number::Text(text)) if text.trim().is_empty() => Ok(None),
        Some(Number::Text(text)) => text
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| serde::de::Error::custom(format!("expected a whole number, not \"{text}\""))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, Default)]
    #[serde(default)]
    struct Form {
        #[serde(deserialize_with = "yes_no")]
        answer: Option<bool>,
        #[serde(deserialize_with = "optional_number")]
        minutes: Option<i64>,
    }

    fn from_toml(text: &str) -> Result<Form, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    #[test]
    fn yes_no_accepts_booleans_and_words() {
        assert_eq!(from_toml("answer = true").unwrap().answer, Some(true));
        assert_eq!(from_toml("answer = 'no'").unwrap().answer, Some(false));
        assert_eq!(from_toml("answer = ' Yes '").unwrap().answer, Some(true));
        assert_eq!(from_toml("answer = ''").unwrap().answer, None);
        assert_eq!(from_toml("").unwrap().answer, None);
        assert!(from_toml("answer = 'maybe'").unwrap_err().contains("yes or no"));
    }

    #[test]
    fn numbers_may_come_as_text_and_an_empty_box_is_none() {
        assert_eq!(from_toml("minutes = 5").unwrap().minutes, Some(5));
        assert_eq!(from_toml("minutes = ' 12 '").unwrap().minutes, Some(12));
        assert_eq!(from_toml("minutes = ''").unwrap().minutes, None);
        assert!(from_toml("minutes = 'ten'").is_err());
    }

    #[test]
    fn texts_are_trimmed_and_blank_is_missing() {
        let mut errors = FieldErrors::default();
        assert_eq!(required("a", "  hi ", 10, "Say hi.", &mut errors), "hi");
        assert_eq!(required("b", " \n ", 10, "Say hi.", &mut errors), "");
        assert_eq!(optional("c", "   ", 10, &mut errors), None);
        assert_eq!(optional("d", "far too long", 5, &mut errors), Some("far too long".into()));
        assert_eq!(errors.for_field("b"), Some("Say hi."));
        assert_eq!(errors.for_field("d"), Some("Keep this under 5 characters (it has 12)."));
        assert_eq!(errors.0.len(), 2);
    }
}
