//! A report: what happened, told in under two minutes.
//!
//! Five fields are required (kind, service, when, what happened, identity);
//! everything else is optional so that reporting stays quick.

use jiff::{Timestamp, civil::DateTime, tz::TimeZone};
use serde::{Deserialize, Serialize};

use crate::choices::text_choices;
use crate::field_error::FieldErrors;
use crate::identity::IdentityMode;

text_choices!(
    /// What sort of thing is being reported.
    ReportKind {
        Incident => "incident", "Incident";
        NearMiss => "near_miss", "Near-miss";
        GoodPractice => "good_practice", "Good practice";
        Concern => "concern", "Concern";
    }
);

text_choices!(
    /// Physical harm to the person, graded as in the NHS and CQC scales.
    Harm {
        None => "none", "No harm";
        Low => "low", "Low harm";
        Moderate => "moderate", "Moderate harm";
        Severe => "severe", "Severe harm";
        Death => "death", "Death";
    }
);

text_choices!(
    /// Psychological harm to the person.
    PsychologicalHarm {
        None => "none", "None";
        Low => "low", "Low";
        Moderate => "moderate", "Moderate";
        Severe => "severe", "Severe";
    }
);

text_choices!(
    /// The area of practice the report is about.
    Category {
        Medication => "medication", "Medication";
        Falls => "falls", "Falls";
        Safeguarding => "safeguarding", "Safeguarding";
        RestrictivePractice => "restrictive_practice", "Restrictive practice";
        Documentation => "documentation", "Documentation and records";
        Behaviour => "behaviour", "Behaviour that challenges";
        PressureCare => "pressure_care", "Skin and pressure care";
        InfectionControl => "infection_control", "Infection prevention and control";
        NutritionHydration => "nutrition_hydration", "Nutrition and hydration";
        MissingPerson => "missing_person", "Missing from care";
        SelfHarm => "self_harm", "Self-harm";
        Environment => "environment", "Environment and equipment";
        Communication => "communication", "Communication and handover";
        Staffing => "staffing", "Staffing";
        Other => "other", "Other";
    }
);

text_choices!(
    /// Where a report is in the learning loop.
    ReportStatus {
        Received => "received", "Received";
        Thanked => "thanked", "Thanked";
        InReview => "in_review", "Being reviewed";
        FeedbackGiven => "feedback_given", "Feedback given";
        Closed => "closed", "Closed";
    }
);

impl ReportStatus {
    /// What the status means to the team handling the report.
    pub fn team_meaning(self) -> &'static str {
        match self {
            ReportStatus::Received => "Not yet acknowledged: thank the reporter within one working day.",
            ReportStatus::Thanked => "The reporter has been thanked; choose how to learn from it.",
            ReportStatus::InReview => "Being looked into; the reporter will hear what was learned.",
            ReportStatus::FeedbackGiven => "The reporter has been told what was learned and what will change.",
            ReportStatus::Closed => "The learning from this report is complete.",
        }
    }

    /// What the reporter is told this status means.
    pub fn meaning(self) -> &'static str {
        match self {
            ReportStatus::Received => "Your report has arrived. A manager will read and acknowledge it within one working day.",
            ReportStatus::Thanked => "A manager has read your report and thanked you. They are deciding how to learn from it.",
            ReportStatus::InReview => "Your report is being looked into. You will hear what was learned.",
            ReportStatus::FeedbackGiven => "Feedback on what was learned and what will change has been shared with you.",
            ReportStatus::Closed => "The learning from this report is complete.",
        }
    }
}

pub const WHAT_HAPPENED_MIN_CHARS: usize = 10;
pub const LONG_TEXT_MAX_CHARS: usize = 20_000;
pub const PERSON_REFERENCE_MAX_CHARS: usize = 40;
pub const PEOPLE_AFFECTED_MAX: usize = 20;
/// A clock a few minutes fast on a phone must not block a report.
pub const FUTURE_TOLERANCE_SECONDS: i64 = 10 * 60;

/// A report as submitted: every field still text, from a form or JSON.
/// Missing fields default to empty so validation can name each one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportInput {
    pub kind: String,
    /// A service's slug or numeric id.
    pub service: String,
    /// The team or unit of that service where it happened (slug or id);
    /// optional: none for the whole service or when the reporter prefers not to say.
    pub team: Option<String>,
    /// RFC 3339 (`2026-11-20T14:30:00Z`) or local time in the organisation's
    /// zone (`2026-11-20T14:30`, as a browser's datetime-local input sends it).
    pub occurred_at: String,
    pub what_happened: String,
    pub identity: String,
    pub category: Option<String>,
    pub harm: Option<String>,
    pub psychological_harm: Option<String>,
    pub immediate_actions: Option<String>,
    pub what_went_well: Option<String>,
    pub people_affected: Vec<String>,
}

/// A report that passed every check; the store only resolves the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReport {
    pub kind: ReportKind,
    pub service: String,
    /// The team's slug or id as given; the store resolves it within the service.
    pub team: Option<String>,
    pub occurred_at: Timestamp,
    /// `year * 100 + month` of `occurred_at` in the organisation's zone,
    /// stored so dashboards can group by month with portable SQL.
    pub occurred_month: i32,
    pub what_happened: String,
    pub identity: IdentityMode,
    pub category: Option<Category>,
    pub harm: Option<Harm>,
    pub psychological_harm: Option<PsychologicalHarm>,
    pub immediate_actions: Option<String>,
    pub what_went_well: Option<String>,
    pub people_affected: Vec<String>,
}

fn optional_text(value: &Option<String>) -> Option<String> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

fn check_long_text(field: &str, text: &str, errors: &mut FieldErrors) {
    if text.chars().count() > LONG_TEXT_MAX_CHARS {
        errors.push(field, format!("Keep this under {LONG_TEXT_MAX_CHARS} characters."));
    }
}

fn parse_choice<T>(field: &str, value: &Option<String>, parse: fn(&str) -> Option<T>, choices: String, errors: &mut FieldErrors) -> Option<T> {
    let text = optional_text(value)?;
    let parsed = parse(&text);
    if parsed.is_none() {
        errors.push(field, format!("Choose one of {choices}."));
    }
    parsed
}

/// Parses a time as a person or a client sends it. Returns `None` for text
/// that is neither RFC 3339 nor a local date-time.
pub fn parse_occurred_at(text: &str, zone: &TimeZone) -> Option<Timestamp> {
    let text = text.trim();
    if let Ok(ts) = text.parse::<Timestamp>() {
        return Some(ts);
    }
    let local: DateTime = text.parse().ok()?;
    zone.to_timestamp(local).ok()
}

/// `year * 100 + month` of the instant in the zone, e.g. 202611.
pub fn month_bucket(ts: Timestamp, zone: &TimeZone) -> i32 {
    let date = ts.to_zoned_datetime(zone.clone()).date();
    i32::from(date.year()) * 100 + i32::from(date.month())
}

/// A pseudonymous reference must not look like a person's full name.
pub(crate) fn looks_like_a_full_name(reference: &str) -> bool {
    const NEUTRAL_WORDS: &[&str] = &[
        "Resident", "Person", "Child", "Young", "Service", "User", "Client", "Tenant", "Pupil", "Student", "Room", "Flat",
        "Bed", "Staff", "Member", "Visitor", "Relative", "Family", "Unknown", "Adult",
    ];
    let words: Vec<&str> = reference.split_whitespace().collect();
    words.len() >= 2
        && words.iter().all(|w| {
            let mut chars = w.chars();
            let first_upper = chars.next().is_some_and(char::is_uppercase);
            let rest: Vec<char> = chars.collect();
            first_upper && rest.len() >= 2 && rest.iter().all(|c| c.is_lowercase() || *c == '\'' || *c == '-')
        })
        && !words.iter().any(|w| NEUTRAL_WORDS.contains(w))
}

impl ReportInput {
    /// Checks every field, collecting all the problems at once so the form
    /// can show each beside its input.
    pub fn validate(&self, now: Timestamp, zone: &TimeZone) -> Result<NewReport, FieldErrors> {
        let mut errors = FieldErrors::default();

        let kind = ReportKind::parse(self.kind.trim());
        if kind.is_none() {
            let message = if self.kind.trim().is_empty() { "Choose what you are reporting" } else { "Choose a kind of report" };
            errors.push("kind", format!("{message}: {}.", ReportKind::choices_words()));
        }

        let service = self.service.trim().to_string();
        if service.is_empty() {
            errors.push("service", "Choose the service where it happened.");
        }

        let occurred_at = if self.occurred_at.trim().is_empty() {
            errors.push("occurred_at", "Say when it happened.");
            None
        } else {
            match parse_occurred_at(&self.occurred_at, zone) {
                None => {
                    errors.push("occurred_at", "Give the date and time as 2026-11-20T14:30, or in RFC 3339 with a zone.");
                    None
                }
                Some(ts) if ts.as_second() > now.as_second() + FUTURE_TOLERANCE_SECONDS => {
                    errors.push("occurred_at", "This time is in the future; give when it happened.");
                    None
                }
                Some(ts) if ts.as_second() < 0 => {
                    errors.push("occurred_at", "Give a date after 1970.");
                    None
                }
                Some(ts) => Some(ts),
            }
        };

        let what_happened = self.what_happened.trim().to_string();
        let length = what_happened.chars().count();
        if length == 0 {
            errors.push("what_happened", "Describe what happened.");
        } else if length < WHAT_HAPPENED_MIN_CHARS {
            errors.push("what_happened", format!("Say a little more: at least {WHAT_HAPPENED_MIN_CHARS} characters."));
        } else {
            check_long_text("what_happened", &what_happened, &mut errors);
        }

        let identity = IdentityMode::parse(self.identity.trim());
        if identity.is_none() {
            errors.push("identity", "Choose how you want to be identified: named, confidential or anonymous.");
        }

        let category = parse_choice("category", &self.category, Category::parse, Category::choices_words(), &mut errors);
        let harm = parse_choice("harm", &self.harm, Harm::parse, Harm::choices_words(), &mut errors);
        let psychological_harm = parse_choice(
            "psychological_harm",
            &self.psychological_harm,
            PsychologicalHarm::parse,
            PsychologicalHarm::choices_words(),
            &mut errors,
        );

        let immediate_actions = optional_text(&self.immediate_actions);
        if let Some(text) = &immediate_actions {
            check_long_text("immediate_actions", text, &mut errors);
        }
        let what_went_well = optional_text(&self.what_went_well);
        if let Some(text) = &what_went_well {
            check_long_text("what_went_well", text, &mut errors);
        }

        let people_affected: Vec<String> =
            self.people_affected.iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect();
        if people_affected.len() > PEOPLE_AFFECTED_MAX {
            errors.push("people_affected", format!("List at most {PEOPLE_AFFECTED_MAX} people."));
        } else if let Some(long) = people_affected.iter().find(|p| p.chars().count() > PERSON_REFERENCE_MAX_CHARS) {
            errors.push(
                "people_affected",
                format!("\"{long}\" is too long: use a short reference such as initials or a room number."),
            );
        } else if let Some(name) = people_affected.iter().find(|p| looks_like_a_full_name(p)) {
            errors.push(
                "people_affected",
                format!("\"{name}\" looks like a name. Use a pseudonymous reference such as initials or a room number."),
            );
        }

        match (kind, occurred_at, identity) {
            (Some(kind), Some(occurred_at), Some(identity)) if errors.is_empty() => Ok(NewReport {
                kind,
                service,
                team: optional_text(&self.team),
                occurred_month: month_bucket(occurred_at, zone),
                occurred_at,
                what_happened,
                identity,
                category,
                harm,
                psychological_harm,
                immediate_actions,
                what_went_well,
                people_affected,
            }),
            _ => Err(errors),
        }
    }
}

/// When a report is recorded as submitted. An anonymous report keeps only
/// the day (UTC midnight), so its time cannot be matched to a shift or to a
/// sign-in.
pub fn recorded_submission_time(identity: IdentityMode, now: Timestamp) -> i64 {
    let seconds = now.as_second();
    match identity {
        IdentityMode::Anonymous => seconds - seconds.rem_euclid(86_400),
        IdentityMode::Named | IdentityMode::Confidential => seconds,
    }
}

/// The automatic acknowledgement a named or confidential reporter finds in
/// their inbox: (subject, body). Anonymous reporters see it on the thank-you
/// page and their follow-up page instead, since an inbox would name them.
pub fn acknowledgement(kind: ReportKind, reference: &str, service_name: &str, identity: IdentityMode) -> (String, String) {
    let what = match kind {
        ReportKind::GoodPractice => "sharing this good practice",
        ReportKind::NearMiss => "reporting this near-miss",
        ReportKind::Incident => "reporting this incident",
        ReportKind::Concern => "raising this concern",
    };
    let privacy = match identity {
        IdentityMode::Confidential => " Only the safety officer can see that you made this report.",
        IdentityMode::Named | IdentityMode::Anonymous => "",
    };
    (
        format!("Thank you for {what} ({reference})"),
        format!(
            "Thank you for {what} at {service_name}. Every report helps us learn. A manager will read it within one \
             working day, and you will hear what we learn and what changes.{privacy}"
        ),
    )
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

    fn valid() -> ReportInput {
        ReportInput {
            kind: "near_miss".into(),
            service: "oak-house".into(),
            occurred_at: "2026-11-20T14:30".into(),
            what_happened: "Two residents' morning medicines were in adjacent pots on the trolley.".into(),
            identity: "named".into(),
            ..ReportInput::default()
        }
    }

    #[test]
    fn a_report_with_the_five_required_fields_is_accepted() {
        let report = valid().validate(now(), &london()).unwrap();
        assert_eq!(report.kind, ReportKind::NearMiss);
        assert_eq!(report.identity, IdentityMode::Named);
        assert_eq!(report.occurred_at.to_string(), "2026-11-20T14:30:00Z"); // GMT in November
        assert_eq!(report.occurred_month, 202611);
        assert_eq!(report.category, None);
    }

    #[test]
    fn local_times_follow_the_organisations_zone() {
        let mut input = valid();
        input.occurred_at = "2026-07-01T09:00".into();
        let report = input.validate(now(), &london()).unwrap();
        assert_eq!(report.occurred_at.to_string(), "2026-07-01T08:00:00Z"); // BST
        // Just after midnight local time on 1 August is still July in UTC, but August here.
        input.occurred_at = "2026-08-01T00:30".into();
        assert_eq!(input.validate(now(), &london()).unwrap().occurred_month, 202608);
    }

    #[test]
    fn every_missing_required_field_is_named() {
        let errors = ReportInput::default().validate(now(), &london()).unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["kind", "service", "occurred_at", "what_happened", "identity"]);
    }

    #[test]
    fn bad_choices_say_what_is_accepted() {
        let mut input = valid();
        input.kind = "accident".into();
        input.harm = Some("catastrophic".into());
        let errors = input.validate(now(), &london()).unwrap_err();
        assert!(errors.for_field("kind").unwrap().contains("Incident, Near-miss, Good practice or Concern"));
        assert!(!errors.for_field("kind").unwrap().contains("near_miss"), "words, never stored values");
        assert!(errors.for_field("harm").unwrap().contains("No harm, Low harm, Moderate harm, Severe harm or Death"));
    }

    #[test]
    fn future_times_are_refused_but_a_fast_clock_is_forgiven() {
        let mut input = valid();
        input.occurred_at = "2026-11-23T12:05:00Z".into();
        assert!(input.validate(now(), &london()).is_ok());
        input.occurred_at = "2026-11-24T12:00:00Z".into();
        assert!(input.validate(now(), &london()).unwrap_err().for_field("occurred_at").unwrap().contains("future"));
        input.occurred_at = "yesterday".into();
        assert!(input.validate(now(), &london()).unwrap_err().for_field("occurred_at").is_some());
    }

    #[test]
    fn narratives_must_say_something_and_not_everything() {
        let mut input = valid();
        input.what_happened = "  fell ".into();
        assert!(input.validate(now(), &london()).unwrap_err().for_field("what_happened").unwrap().contains("at least"));
        input.what_happened = "x".repeat(LONG_TEXT_MAX_CHARS + 1);
        assert!(input.validate(now(), &london()).unwrap_err().for_field("what_happened").is_some());
    }

    #[test]
    fn people_affected_are_references_not_names() {
        let mut input = valid();
        input.people_affected = vec!["Resident A".into(), "Room 12".into(), "JS".into(), " ".into()];
        assert_eq!(input.validate(now(), &london()).unwrap().people_affected, ["Resident A", "Room 12", "JS"]);
        input.people_affected = vec!["Margaret Jones".into()];
        let errors = input.validate(now(), &london()).unwrap_err();
        assert!(errors.for_field("people_affected").unwrap().contains("looks like a name"));
    }

    #[test]
    fn anonymous_reports_keep_only_the_day() {
        let t: Timestamp = "2026-11-23T15:47:12Z".parse().unwrap();
        let day: Timestamp = "2026-11-23T00:00:00Z".parse().unwrap();
        assert_eq!(recorded_submission_time(IdentityMode::Anonymous, t), day.as_second());
        assert_eq!(recorded_submission_time(IdentityMode::Named, t), t.as_second());
        assert_eq!(recorded_submission_time(IdentityMode::Confidential, t), t.as_second());
    }

    proptest! {
        #[test]
        fn anonymous_submission_times_never_carry_the_time_of_day(secs in 0i64..4_000_000_000) {
            let t = Timestamp::from_second(secs).unwrap();
            let kept = recorded_submission_time(IdentityMode::Anonymous, t);
            prop_assert_eq!(kept % 86_400, 0);
            prop_assert!(kept <= secs && secs - kept < 86_400);
        }

        #[test]
        fn validation_never_panics_and_accepts_only_known_kinds(kind in ".{0,20}", text in ".{0,200}") {
            let mut input = valid();
            input.kind = kind.clone();
            input.what_happened = text;
            if let Ok(report) = input.validate(now(), &london()) {
                prop_assert_eq!(report.kind.as_str(), kind.trim());
            }
        }
    }
}
