//! How an organisation is laid out: the kinds of service it may run, and the
//! names of its services and teams.

use serde::{Deserialize, Serialize};

use crate::field_error::FieldErrors;

/// A kind of service. The kind decides which regulator is told of serious
/// events (`statutory::regulator_for`) and which rules apply (a children's
/// home keeps the restrictive-practice timeline).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    ResidentialCareHome,
    NursingHome,
    SupportedLiving,
    HomeCare,
    ChildrensHome,
    DayService,
    School,
    Community,
    /// Also what a service is when its kind was not given.
    #[default]
    Other,
}

impl ServiceKind {
    /// Every kind, in the order the forms list them.
    pub const ALL: [ServiceKind; 9] = [
        ServiceKind::ResidentialCareHome,
        ServiceKind::NursingHome,
        ServiceKind::SupportedLiving,
        ServiceKind::HomeCare,
        ServiceKind::ChildrensHome,
        ServiceKind::DayService,
        ServiceKind::School,
        ServiceKind::Community,
        ServiceKind::Other,
    ];

    /// As stored and as the API writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceKind::ResidentialCareHome => "residential_care_home",
            ServiceKind::NursingHome => "nursing_home",
            ServiceKind::SupportedLiving => "supported_living",
            ServiceKind::HomeCare => "home_care",
            ServiceKind::ChildrensHome => "childrens_home",
            ServiceKind::DayService => "day_service",
            ServiceKind::School => "school",
            ServiceKind::Community => "community",
            ServiceKind::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ServiceKind::ResidentialCareHome => "Residential care home",
            ServiceKind::NursingHome => "Nursing home",
            ServiceKind::SupportedLiving => "Supported living",
            ServiceKind::HomeCare => "Home care",
            ServiceKind::ChildrensHome => "Children's home",
            ServiceKind::DayService => "Day service",
            ServiceKind::School => "School",
            ServiceKind::Community => "Community service",
            ServiceKind::Other => "Other",
        }
    }

    /// The kind stored as `text`, if it is one (surrounding spaces ignored).
    pub fn parse(text: &str) -> Option<ServiceKind> {
        let text = text.trim();
        ServiceKind::ALL.into_iter().find(|kind| kind.as_str() == text)
    }
}

impl std::fmt::Display for ServiceKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// For reading the stored text: an unknown kind is an error, not a default.
impl TryFrom<String> for ServiceKind {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        ServiceKind::parse(&text).ok_or_else(|| format!("{text:?} is not a kind of service"))
    }
}

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
        assert_eq!(ServiceKind::parse("childrens_home"), Some(ServiceKind::ChildrensHome));
        assert_eq!(ServiceKind::parse(" other "), Some(ServiceKind::Other));
        assert!(ServiceKind::parse("castle").is_none() && ServiceKind::parse("").is_none());
        for kind in ServiceKind::ALL {
            assert_eq!(ServiceKind::parse(kind.as_str()), Some(kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
    }
}
