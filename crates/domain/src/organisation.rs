//! How an organisation is laid out: the kinds of service it may run, and the
//! names of its services and teams.

use crate::field_error::FieldErrors;

/// The kinds of service, as stored and as labelled. The kind decides which
/// regulator is told of serious events (`statutory`).
pub const SERVICE_KINDS: [(&str, &str); 9] = [
    ("residential_care_home", "Residential care home"),
    ("nursing_home", "Nursing home"),
    ("supported_living", "Supported living"),
    ("home_care", "Home care"),
    ("childrens_home", "Children's home"),
    ("day_service", "Day service"),
    ("school", "School"),
    ("community", "Community service"),
    ("other", "Other"),
];

/// Names of services and teams, and people's job titles, are at most this long.
pub const PLACE_NAME_MAX_CHARS: usize = 100;

/// A service or team name (or a job title): 1 to 100 characters after
/// trimming; `when_empty` says what to enter.
pub fn check_place_name(field: &str, text: &str, when_empty: &str, errors: &mut FieldErrors) {
    let n = text.trim().chars().count();
    if n == 0 {
        errors.push(field, when_empty);
    } else if n > PLACE_NAME_MAX_CHARS {
        errors.push(field, format!("Use at most {PLACE_NAME_MAX_CHARS} characters (this has {n})."));
    }
}

/// Whether `kind` is one of [`SERVICE_KINDS`].
pub fn is_service_kind(kind: &str) -> bool {
    SERVICE_KINDS.iter().any(|(key, _)| *key == kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_one_to_a_hundred_characters() {
        let mut errors = FieldErrors::default();
        check_place_name("name", "  Oak House ", "Enter the service's name.", &mut errors);
        assert!(errors.is_empty());
        check_place_name("name", " ", "Enter the service's name, e.g. Oak House.", &mut errors);
        check_place_name("team", &"x".repeat(900_000), "Enter the team's name.", &mut errors);
        assert_eq!(errors.for_field("name"), Some("Enter the service's name, e.g. Oak House."));
        assert_eq!(errors.for_field("team"), Some("Use at most 100 characters (this has 900000)."));
    }

    #[test]
    fn service_kinds_are_a_closed_list() {
        assert!(is_service_kind("childrens_home") && is_service_kind("other"));
        assert!(!is_service_kind("castle") && !is_service_kind(""));
    }
}
