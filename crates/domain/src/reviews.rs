//! The learning response chosen for a report, in proportion to what
//! happened: from simply recording it, through a short debrief or an
//! after-action review, to a full learning review with contributory factors.

use jiff::{Timestamp, tz::TimeZone};
use serde::{Deserialize, Serialize};

use crate::choices::text_choices;
use crate::contributory_factors::ContributoryFactor;
use crate::field_error::FieldErrors;
use crate::form_input::{optional, past_time, present, required, yes_no};
use crate::reports::Harm;

text_choices!(
    /// How much learning effort a report gets.
    ReviewType {
        RecordOnly => "record_only", "Record only";
        Debrief => "debrief", "Debrief / swarm huddle";
        AfterActionReview => "after_action_review", "After-action review";
        LearningReview => "learning_review", "Learning review";
    }
);

impl ReviewType {
    /// When the response fits, in one plain sentence.
    pub fn description(self) -> &'static str {
        match self {
            ReviewType::RecordOnly => {
                "Nothing more to learn beyond the report itself: record why, and thank the reporter."
            }
            ReviewType::Debrief => {
                "A short conversation with the people involved soon after, about what helped, what hindered and \
                 what could change."
            }
            ReviewType::AfterActionReview => {
                "A structured look at what was expected, what actually happened, why they differed and what was \
                 learned."
            }
            ReviewType::LearningReview => {
                "A fuller review for serious or repeated events: a timeline, findings and the contributory factors \
                 behind them."
            }
        }
    }
}

/// A debrief should be held while memories are fresh.
pub const DEBRIEF_WITHIN_HOURS: i64 = 48;
/// The longest any one text of a review may be.
pub const REVIEW_TEXT_MAX_CHARS: usize = 10_000;

/// The double-loop question: is the rule itself part of the problem?
pub fn double_loop_question() -> &'static str {
    "Does a rule, policy, target or procedure itself need to change?"
}

/// Whether a debrief was held later than `DEBRIEF_WITHIN_HOURS` after the event.
pub fn debrief_is_late(occurred_at: Timestamp, held_at: Timestamp) -> bool {
    held_at.as_second() - occurred_at.as_second() > DEBRIEF_WITHIN_HOURS * 3600
}

/// Whether a manager is expected at the debrief: harm moderate or worse.
pub fn manager_should_attend_debrief(harm: Option<Harm>) -> bool {
    matches!(harm, Some(Harm::Moderate | Harm::Severe | Harm::Death))
}

/// A learning response as submitted: every field still text from a form or
/// JSON. Only the fields of the chosen type are read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewInput {
    #[serde(rename = "type")]
    pub review_type: String,
    /// record_only: why no more is needed.
    pub reason: String,
    /// debrief: local date-time (`2026-11-20T14:30`) or RFC 3339.
    pub held_at: String,
    pub participants: String,
    pub helped: String,
    pub hindered: String,
    pub could_change: String,
    #[serde(deserialize_with = "yes_no")]
    pub manager_attended: Option<bool>,
    /// after_action_review.
    pub expected: String,
    pub happened: String,
    pub why_different: String,
    pub learned: String,
    /// learning_review.
    pub timeline: String,
    pub findings: String,
    /// Contributory factor keys, e.g. `staff_workload`.
    pub factors: Vec<String>,
    #[serde(deserialize_with = "yes_no")]
    pub rule_needs_change: Option<bool>,
    /// What rule, policy, target or procedure should change, and how.
    pub rule_change: String,
}

/// A learning response that passed every check. Texts are trimmed; an
/// optional text left blank is empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ReviewDetails {
    RecordOnly {
        reason: String,
    },
    Debrief {
        held_at: Timestamp,
        participants: String,
        helped: String,
        hindered: String,
        could_change: String,
        /// Asked for when harm was moderate or worse; may be given otherwise.
        manager_attended: Option<bool>,
    },
    AfterActionReview {
        expected: String,
        happened: String,
        why_different: String,
        learned: String,
    },
    LearningReview {
        timeline: String,
        findings: String,
        /// In the order chosen, without repeats.
        factors: Vec<ContributoryFactor>,
        rule_needs_change: bool,
        /// Given exactly when `rule_needs_change`.
        rule_change: Option<String>,
    },
}

impl ReviewDetails {
    /// Whether the response names something to change, so that an action
    /// (who does what by when) should follow it: a debrief that says what
    /// could change, every after-action review (it says what was learned)
    /// and every learning review. Recording a report alone needs none.
    pub fn calls_for_action(&self) -> bool {
        match self {
            ReviewDetails::RecordOnly { .. } => false,
            ReviewDetails::Debrief { could_change, .. } => !could_change.is_empty(),
            ReviewDetails::AfterActionReview { .. } | ReviewDetails::LearningReview { .. } => true,
        }
    }

    pub fn review_type(&self) -> ReviewType {
        match self {
            ReviewDetails::RecordOnly { .. } => ReviewType::RecordOnly,
            ReviewDetails::Debrief { .. } => ReviewType::Debrief,
            ReviewDetails::AfterActionReview { .. } => ReviewType::AfterActionReview,
            ReviewDetails::LearningReview { .. } => ReviewType::LearningReview,
        }
    }
}

impl ReviewInput {
    /// The form filled from saved details, e.g. to edit them; `held_at` is
    /// shown in the organisation's zone as a datetime-local input expects.
    pub fn from_details(details: &ReviewDetails, zone: &TimeZone) -> ReviewInput {
        let mut input = ReviewInput { review_type: details.review_type().as_str().to_string(), ..Default::default() };
        match details.clone() {
            ReviewDetails::RecordOnly { reason } => input.reason = reason,
            ReviewDetails::Debrief { held_at, participants, helped, hindered, could_change, manager_attended } => {
                input.held_at = held_at.to_zoned_datetime(zone.clone()).strftime("%Y-%m-%dT%H:%M").to_string();
                input.participants = participants;
                input.helped = helped;
                input.hindered = hindered;
                input.could_change = could_change;
                input.manager_attended = manager_attended;
            }
            ReviewDetails::AfterActionReview { expected, happened, why_different, learned } => {
                input.expected = expected;
                input.happened = happened;
                input.why_different = why_different;
                input.learned = learned;
            }
            ReviewDetails::LearningReview { timeline, findings, factors, rule_needs_change, rule_change } => {
                input.timeline = timeline;
                input.findings = findings;
                input.factors = factors.iter().map(|f| f.as_str().to_string()).collect();
                input.rule_needs_change = Some(rule_needs_change);
                input.rule_change = rule_change.unwrap_or_default();
            }
        }
        input
    }

    /// Checks the fields of the chosen type, collecting every problem.
    /// `harm_is_moderate_or_worse` makes a debrief say whether a manager attended.
    pub fn validate(
        &self,
        now: Timestamp,
        zone: &TimeZone,
        harm_is_moderate_or_worse: bool,
    ) -> Result<ReviewDetails, FieldErrors> {
        let mut errors = FieldErrors::default();
        let Some(review_type) = ReviewType::parse(self.review_type.trim()) else {
            let start = if self.review_type.trim().is_empty() { "Choose" } else { "Choose one of the" };
            errors.push("type", format!("{start} learning responses: {}.", ReviewType::choices_words()));
            return Err(errors);
        };
        let max = REVIEW_TEXT_MAX_CHARS;
        let details = match review_type {
            ReviewType::RecordOnly => ReviewDetails::RecordOnly {
                reason: required("reason", &self.reason, max, "Say why recording it is enough.", &mut errors),
            },
            ReviewType::Debrief => self.debrief(now, zone, harm_is_moderate_or_worse, &mut errors),
            ReviewType::AfterActionReview => ReviewDetails::AfterActionReview {
                expected: required("expected", &self.expected, max, "Say what was expected to happen.", &mut errors),
                happened: required("happened", &self.happened, max, "Say what actually happened.", &mut errors),
                why_different: required(
                    "why_different",
                    &self.why_different,
                    max,
                    "Say why what happened differed from what was expected.",
                    &mut errors,
                ),
                learned: required("learned", &self.learned, max, "Say what was learned.", &mut errors),
            },
            ReviewType::LearningReview => self.learning_review(&mut errors),
        };
        errors.into_result(details)
    }

    fn debrief(
        &self,
        now: Timestamp,
        zone: &TimeZone,
        manager_expected: bool,
        errors: &mut FieldErrors,
    ) -> ReviewDetails {
        let max = REVIEW_TEXT_MAX_CHARS;
        let held_at = past_time("held_at", &self.held_at, now, zone, "Say when the debrief was held.", errors);
        let participants = required(
            "participants",
            &self.participants,
            max,
            "Say who took part (roles are enough, such as \"two support workers and the shift leader\").",
            errors,
        );
        let helped = optional("helped", &self.helped, max, errors).unwrap_or_default();
        let hindered = optional("hindered", &self.hindered, max, errors).unwrap_or_default();
        let could_change = optional("could_change", &self.could_change, max, errors).unwrap_or_default();
        if helped.is_empty() && hindered.is_empty() && could_change.is_empty() {
            errors.push("helped", "Write at least one of what helped, what hindered or what could change.");
        }
        if manager_expected && self.manager_attended.is_none() {
            errors.push(
                "manager_attended",
                "Managers should attend debriefs where the harm was moderate or worse: say yes or no, did a manager \
                 attend?",
            );
        }
        ReviewDetails::Debrief {
            // Only read when there are no errors, so the placeholder never escapes.
            held_at: held_at.unwrap_or(Timestamp::UNIX_EPOCH),
            participants,
            helped,
            hindered,
            could_change,
            manager_attended: self.manager_attended,
        }
    }

    fn learning_review(&self, errors: &mut FieldErrors) -> ReviewDetails {
        let max = REVIEW_TEXT_MAX_CHARS;
        let timeline =
            required("timeline", &self.timeline, max, "Give the timeline: what happened, when, in order.", errors);
        let findings = required("findings", &self.findings, max, "Say what the review found.", errors);

        let mut factors = Vec::new();
        let keys: Vec<String> = self.factors.iter().filter_map(|k| present(k)).collect();
        for key in &keys {
            match ContributoryFactor::parse(key) {
                Some(factor) if !factors.contains(&factor) => factors.push(factor),
                Some(_) => {}
                None => errors.push(
                    "factors",
                    format!(
                        "\"{key}\" is not a contributory factor: choose from the list ({}).",
                        ContributoryFactor::choices_words()
                    ),
                ),
            }
        }
        if keys.is_empty() {
            errors.push("factors", "Choose at least one contributory factor.");
        }

        let rule_needs_change = match self.rule_needs_change {
            Some(answer) => answer,
            None => {
                errors.push("rule_needs_change", format!("Say yes or no: {}", double_loop_question().to_lowercase()));
                false
            }
        };
        let rule_change = if rule_needs_change {
            Some(required(
                "rule_change",
                &self.rule_change,
                max,
                "Say which rule, policy, target or procedure should change, and how.",
                errors,
            ))
        } else {
            // A "no" keeps no leftover text from an earlier "yes".
            None
        };
        ReviewDetails::LearningReview { timeline, findings, factors, rule_needs_change, rule_change }
    }
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

    fn input(review_type: &str) -> ReviewInput {
        ReviewInput { review_type: review_type.into(), ..Default::default() }
    }

    fn fields(errors: &FieldErrors) -> Vec<&str> {
        errors.0.iter().map(|e| e.field.as_str()).collect()
    }

    #[test]
    fn a_response_that_names_a_change_calls_for_an_action() {
        let record = ReviewDetails::RecordOnly { reason: "Shared as good practice.".into() };
        assert!(!record.calls_for_action());
        let quiet = debrief().validate(now(), &london(), false).unwrap();
        assert!(!quiet.calls_for_action(), "a debrief that names no change");
        let changing = ReviewInput { could_change: "Keep the hoist on this floor.".into(), ..debrief() };
        assert!(changing.validate(now(), &london(), false).unwrap().calls_for_action());
    }

    fn debrief() -> ReviewInput {
        ReviewInput {
            held_at: "2026-11-21T09:15".into(),
            participants: " Two support workers and the shift leader ".into(),
            hindered: "The hoist was on the other floor.".into(),
            ..input("debrief")
        }
    }

    fn learning_review() -> ReviewInput {
        ReviewInput {
            timeline: "02:10 found on floor; 02:15 observations; 02:40 GP called.".into(),
            findings: "The sensor mat was unplugged after cleaning.".into(),
            factors: vec!["equipment_and_supplies".into(), " task_characteristics ".into()],
            rule_needs_change: Some(false),
            ..input("learning_review")
        }
    }

    #[test]
    fn the_type_must_be_one_of_four() {
        let errors = input("").validate(now(), &london(), false).unwrap_err();
        assert_eq!(fields(&errors), ["type"]);
        assert!(
            errors.for_field("type").unwrap().contains("Record only, Debrief / swarm huddle, After-action review or Learning review")
        );
        assert!(input("investigation").validate(now(), &london(), false).is_err());
    }

    #[test]
    fn record_only_needs_a_reason() {
        let errors = input("record_only").validate(now(), &london(), false).unwrap_err();
        assert_eq!(fields(&errors), ["reason"]);
        let ok = ReviewInput { reason: "  Good practice; shared at handover. ".into(), ..input("record_only") };
        assert_eq!(
            ok.validate(now(), &london(), true).unwrap(),
            ReviewDetails::RecordOnly { reason: "Good practice; shared at handover.".into() }
        );
    }

    #[test]
    fn a_debrief_with_one_reflection_is_accepted() {
        let details = debrief().validate(now(), &london(), false).unwrap();
        assert_eq!(details.review_type(), ReviewType::Debrief);
        let ReviewDetails::Debrief { held_at, participants, helped, manager_attended, .. } = details else {
            panic!("not a debrief")
        };
        assert_eq!(held_at.to_string(), "2026-11-21T09:15:00Z");
        assert_eq!(participants, "Two support workers and the shift leader");
        assert_eq!(helped, "");
        assert_eq!(manager_attended, None);
    }

    #[test]
    fn a_debrief_reports_every_problem_at_once() {
        let errors =
            ReviewInput { helped: "   ".into(), ..input("debrief") }.validate(now(), &london(), true).unwrap_err();
        assert_eq!(fields(&errors), ["held_at", "participants", "helped", "manager_attended"]);
        assert!(errors.for_field("manager_attended").unwrap().contains("moderate or worse"));
        assert!(errors.for_field("manager_attended").unwrap().contains("yes or no"));
    }

    #[test]
    fn a_debrief_cannot_be_held_in_the_future_but_a_fast_clock_is_forgiven() {
        let mut input = debrief();
        input.held_at = "2026-11-23T12:05".into();
        assert!(input.validate(now(), &london(), false).is_ok());
        input.held_at = "2026-11-24T09:00".into();
        assert!(input.validate(now(), &london(), false).unwrap_err().for_field("held_at").unwrap().contains("future"));
        input.held_at = "last Tuesday".into();
        assert!(
            input
                .validate(now(), &london(), false)
                .unwrap_err()
                .for_field("held_at")
                .unwrap()
                .contains("2026-11-20T14:30")
        );
    }

    #[test]
    fn a_manager_answer_is_needed_only_for_moderate_or_worse_harm() {
        assert!(debrief().validate(now(), &london(), false).is_ok());
        assert!(debrief().validate(now(), &london(), true).is_err());
        let answered = ReviewInput { manager_attended: Some(false), ..debrief() };
        let ReviewDetails::Debrief { manager_attended, .. } = answered.validate(now(), &london(), true).unwrap() else {
            panic!("not a debrief")
        };
        assert_eq!(manager_attended, Some(false));
        assert!(!manager_should_attend_debrief(None));
        assert!(!manager_should_attend_debrief(Some(Harm::Low)));
        assert!(manager_should_attend_debrief(Some(Harm::Moderate)));
        assert!(manager_should_attend_debrief(Some(Harm::Death)));
    }

    #[test]
    fn an_after_action_review_needs_all_four_answers() {
        let errors = ReviewInput { happened: "The hoist failed.".into(), ..input("after_action_review") }
            .validate(now(), &london(), false)
            .unwrap_err();
        assert_eq!(fields(&errors), ["expected", "why_different", "learned"]);
        let ok = ReviewInput {
            expected: "A two-person transfer.".into(),
            happened: "One person transferred Mrs O.".into(),
            why_different: "The agency carer had not seen the plan.".into(),
            learned: "Agency induction must include each moving and handling plan.".into(),
            ..input("after_action_review")
        };
        assert_eq!(ok.validate(now(), &london(), false).unwrap().review_type(), ReviewType::AfterActionReview);
    }

    #[test]
    fn a_learning_review_names_factors_and_answers_the_double_loop_question() {
        let details = learning_review().validate(now(), &london(), true).unwrap();
        assert_eq!(
            details,
            ReviewDetails::LearningReview {
                timeline: "02:10 found on floor; 02:15 observations; 02:40 GP called.".into(),
                findings: "The sensor mat was unplugged after cleaning.".into(),
                factors: vec![ContributoryFactor::EquipmentAndSupplies, ContributoryFactor::TaskCharacteristics],
                rule_needs_change: false,
                rule_change: None,
            }
        );
    }

    #[test]
    fn a_learning_review_refuses_unknown_factors_and_missing_answers() {
        let errors = ReviewInput { factors: vec!["bad_luck".into()], rule_needs_change: None, ..learning_review() }
            .validate(now(), &london(), false)
            .unwrap_err();
        assert_eq!(fields(&errors), ["factors", "rule_needs_change"]);
        let factor_message = errors.for_field("factors").unwrap();
        assert!(factor_message.contains("\"bad_luck\"") && factor_message.contains("Staff workload"));
        assert!(errors.for_field("rule_needs_change").unwrap().contains("policy, target or procedure"));

        let errors = input("learning_review").validate(now(), &london(), false).unwrap_err();
        assert_eq!(fields(&errors), ["timeline", "findings", "factors", "rule_needs_change"]);
        assert_eq!(errors.for_field("factors"), Some("Choose at least one contributory factor."));
    }

    #[test]
    fn a_rule_change_must_be_described_when_a_rule_needs_to_change() {
        let yes = ReviewInput { rule_needs_change: Some(true), rule_change: " ".into(), ..learning_review() };
        assert_eq!(fields(&yes.validate(now(), &london(), false).unwrap_err()), ["rule_change"]);
        let described = ReviewInput { rule_change: "Mats are checked after every clean.".into(), ..yes };
        let ReviewDetails::LearningReview { rule_change, factors, .. } =
            described.validate(now(), &london(), false).unwrap()
        else {
            panic!("not a learning review")
        };
        assert_eq!(rule_change.as_deref(), Some("Mats are checked after every clean."));
        assert_eq!(factors.len(), 2);
        // With "no", leftover text is dropped rather than stored.
        let no = ReviewInput { rule_needs_change: Some(false), rule_change: "old text".into(), ..learning_review() };
        let ReviewDetails::LearningReview { rule_change, .. } = no.validate(now(), &london(), false).unwrap() else {
            panic!("not a learning review")
        };
        assert_eq!(rule_change, None);
    }

    #[test]
    fn repeated_factors_are_kept_once() {
        let input = ReviewInput {
            factors: vec!["staff_workload".into(), "".into(), "staff_workload".into(), "team_factors".into()],
            ..learning_review()
        };
        let ReviewDetails::LearningReview { factors, .. } = input.validate(now(), &london(), false).unwrap() else {
            panic!("not a learning review")
        };
        assert_eq!(factors, [ContributoryFactor::StaffWorkload, ContributoryFactor::TeamFactors]);
    }

    #[test]
    fn long_texts_are_refused_with_a_clear_limit() {
        let long = ReviewInput { reason: "x".repeat(REVIEW_TEXT_MAX_CHARS + 1), ..input("record_only") };
        let errors = long.validate(now(), &london(), false).unwrap_err();
        assert_eq!(errors.for_field("reason"), Some("Keep this under 10000 characters (it has 10001)."));
        let long = ReviewInput { could_change: "é".repeat(REVIEW_TEXT_MAX_CHARS + 1), ..debrief() };
        assert_eq!(fields(&long.validate(now(), &london(), false).unwrap_err()), ["could_change"]);
        // Characters, not bytes, are counted.
        let fits = ReviewInput { could_change: "é".repeat(REVIEW_TEXT_MAX_CHARS), ..debrief() };
        assert!(fits.validate(now(), &london(), false).is_ok());
    }

    #[test]
    fn debriefs_are_late_after_48_hours() {
        let occurred: Timestamp = "2026-11-20T14:30:00Z".parse().unwrap();
        assert!(!debrief_is_late(occurred, "2026-11-22T14:30:00Z".parse().unwrap()));
        assert!(debrief_is_late(occurred, "2026-11-22T14:30:01Z".parse().unwrap()));
        assert!(!debrief_is_late(occurred, occurred));
        assert_eq!(double_loop_question(), "Does a rule, policy, target or procedure itself need to change?");
    }

    #[test]
    fn the_input_reads_type_and_yes_no_answers_from_json_like_data() {
        let input: ReviewInput = toml::from_str(
            "type = 'learning_review'\nfactors = ['team_factors']\nrule_needs_change = 'no'\nmanager_attended = true",
        )
        .unwrap();
        assert_eq!(input.review_type, "learning_review");
        assert_eq!(input.rule_needs_change, Some(false));
        assert_eq!(input.manager_attended, Some(true));
    }

    #[test]
    fn saved_details_fill_the_form_back_in() {
        for original in [debrief(), learning_review(), ReviewInput { reason: "Shared.".into(), ..input("record_only") }]
        {
            let details = original.validate(now(), &london(), false).unwrap();
            let again = ReviewInput::from_details(&details, &london());
            assert_eq!(again.validate(now(), &london(), false).unwrap(), details);
        }
        let details = debrief().validate(now(), &london(), false).unwrap();
        assert_eq!(ReviewInput::from_details(&details, &london()).held_at, "2026-11-21T09:15");
    }

    #[test]
    fn details_serialise_with_their_type() {
        let details = ReviewDetails::RecordOnly { reason: "Shared.".into() };
        let value = toml::Value::try_from(&details).unwrap();
        assert_eq!(value.get("type").and_then(|t| t.as_str()), Some("record_only"));
        let back: ReviewDetails = value.try_into().unwrap();
        assert_eq!(back, details);
    }

    proptest! {
        #[test]
        fn validation_never_panics_and_accepted_texts_are_trimmed(
            review_type in prop_oneof![
                Just("record_only".to_string()),
                Just("debrief".to_string()),
                Just("after_action_review".to_string()),
                Just("learning_review".to_string()),
                ".{0,12}",
            ],
            text in "\\PC{0,40}",
            held_at in prop_oneof![Just("2026-11-21T09:15".to_string()), ".{0,20}"],
            yes in proptest::option::of(any::<bool>()),
        ) {
            let input = ReviewInput {
                review_type,
                reason: text.clone(), held_at, participants: text.clone(), helped: text.clone(),
                expected: text.clone(), happened: text.clone(), why_different: text.clone(), learned: text.clone(),
                timeline: text.clone(), findings: text.clone(), factors: vec![text.clone()],
                rule_needs_change: yes, rule_change: text.clone(), manager_attended: yes,
                ..Default::default()
            };
            if let Ok(ReviewDetails::RecordOnly { reason }) = input.validate(now(), &london(), yes.is_some()) {
                prop_assert!(!reason.is_empty());
                prop_assert_eq!(reason.as_str(), text.trim());
            }
        }

        #[test]
        fn lateness_is_exactly_the_48_hour_line(offset in -1_000_000i64..1_000_000) {
            let occurred: Timestamp = "2026-11-20T14:30:00Z".parse().unwrap();
            let held = Timestamp::from_second(occurred.as_second() + offset).unwrap();
            prop_assert_eq!(debrief_is_late(occurred, held), offset > 48 * 3600);
        }
    }
}
