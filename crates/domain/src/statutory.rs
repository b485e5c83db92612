//! Safeguarding, statutory notifications and the duty of candour: which
//! reports must go to a regulator, and when a person must be told openly
//! that something went wrong in their care.
//!
//! These rules prompt the manager; they do not replace judgement. A manager
//! can always notify or apply the duty of candour when the rules do not.

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use crate::choices::text_choices;
use crate::organisation::ServiceKind;
use crate::reports::{Category, Harm, PsychologicalHarm, ReportKind};

text_choices!(
    /// Who must be told.
    Regulator {
        Cqc => "cqc", "CQC";
        Ofsted => "ofsted", "Ofsted";
    }
);

text_choices!(
    /// Why a regulator must be told.
    NotificationReason {
        Death => "death", "Death of a person using the service";
        SeriousInjury => "serious_injury", "Serious injury";
        AbuseOrAllegation => "abuse_or_allegation", "Abuse or an allegation of abuse";
        PoliceInvolvement => "police_involvement", "Incident reported to or investigated by the police";
        DeprivationOfLiberty => "deprivation_of_liberty", "Deprivation of liberty";
        ServiceDisruption => "service_disruption", "Event that stops the service running safely";
        SeriousEventChildrensHome => "serious_event_childrens_home", "Serious event in a children's home";
    }
);

impl NotificationReason {
    /// What the reason covers, in plain words.
    pub fn explanation(self) -> &'static str {
        match self {
            NotificationReason::Death => {
                "Someone using the service has died, whether or not the death was expected or linked to their care."
            }
            NotificationReason::SeriousInjury => {
                "Someone was seriously hurt: for example a fracture, a head injury, a burn or an injury that needs \
                 hospital treatment or could last."
            }
            NotificationReason::AbuseOrAllegation => {
                "Someone using the service was abused, or it is suspected or alleged that they were, by anyone: staff, \
                 another person using the service, a visitor or family."
            }
            NotificationReason::PoliceInvolvement => {
                "Something involving a person using the service was reported to, or is being investigated by, the \
                 police."
            }
            NotificationReason::DeprivationOfLiberty => {
                "An application to deprive someone of their liberty was decided, or a deprivation of liberty was \
                 authorised or ended."
            }
            NotificationReason::ServiceDisruption => {
                "Something such as a flood, fire, power cut or shortage of staff stopped, or may stop, the service \
                 from running safely."
            }
            NotificationReason::SeriousEventChildrensHome => {
                "A serious incident involving a child living in a children's home, for example a child going \
                 missing and coming to harm, must be notified to Ofsted and the child's placing authority."
            }
        }
    }
}

/// The regulator of a kind of service: children's homes answer to Ofsted,
/// every other kind to the CQC.
pub fn regulator_for(kind: ServiceKind) -> Regulator {
    if kind == ServiceKind::ChildrensHome { Regulator::Ofsted } else { Regulator::Cqc }
}

/// Notify the regulator within this many hours unless the organisation sets
/// otherwise; the regulators' own wording is "without delay".
pub const DEFAULT_NOTIFICATION_HOURS: u32 = 24;

/// When a notification is due: `hours` after the manager learned of the event.
pub fn notification_due(from: Timestamp, hours: u32) -> Timestamp {
    from.checked_add(SignedDuration::from_hours(i64::from(hours))).unwrap_or(Timestamp::MAX)
}

/// What is known about a report that decides whether a regulator must be told.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationFacts {
    pub service_kind: ServiceKind,
    pub harm: Option<Harm>,
    pub category: Option<Category>,
    pub police_involved: bool,
    pub deprivation_of_liberty: bool,
    pub service_disruption: bool,
}

/// The notifications a report calls for, one per reason found, in the
/// order of `NotificationReason::ALL`.
///
/// Children's homes notify Ofsted; every other kind of service notifies the
/// CQC. For a children's home each reason found is listed with Ofsted as the
/// regulator, so the manager sees why; one Ofsted notification can cover
/// them all. A child missing from care who came to moderate or worse harm is
/// listed as `SeriousEventChildrensHome`. Deprivation of liberty is a CQC
/// notification for adults only and is not listed for children's homes.
pub fn notifications_required(facts: &NotificationFacts) -> Vec<(Regulator, NotificationReason)> {
    let childrens_home = facts.service_kind == ServiceKind::ChildrensHome;
    let harm = facts.harm;
    let moderate_or_worse = matches!(harm, Some(Harm::Moderate | Harm::Severe | Harm::Death));
    let candidates = [
        (NotificationReason::Death, harm == Some(Harm::Death)),
        (NotificationReason::SeriousInjury, harm == Some(Harm::Severe)),
        (NotificationReason::AbuseOrAllegation, facts.category == Some(Category::Safeguarding)),
        (NotificationReason::PoliceInvolvement, facts.police_involved),
        (NotificationReason::DeprivationOfLiberty, facts.deprivation_of_liberty && !childrens_home),
        (NotificationReason::ServiceDisruption, facts.service_disruption),
        (
            NotificationReason::SeriousEventChildrensHome,
            childrens_home && facts.category == Some(Category::MissingPerson) && moderate_or_worse,
        ),
    ];
    let regulator = regulator_for(facts.service_kind);
    candidates.into_iter().filter(|(_, applies)| *applies).map(|(reason, _)| (regulator, reason)).collect()
}

/// Whether the duty of candour applies: physical harm moderate, severe or
/// death, or moderate or severe psychological harm. The legal test speaks of
/// "prolonged psychological harm"; whether harm is prolonged is the manager's
/// judgement, so moderate or severe psychological harm prompts it here.
pub fn candour_applies(harm: Option<Harm>, psychological: Option<PsychologicalHarm>) -> bool {
    matches!(harm, Some(Harm::Moderate | Harm::Severe | Harm::Death))
        || matches!(psychological, Some(PsychologicalHarm::Moderate | PsychologicalHarm::Severe))
}

/// Whether a report needs safeguarding follow-up: its category is
/// safeguarding. The kind deliberately does not matter: even good practice
/// about safeguarding may reveal a concern that must be passed on.
pub fn is_safeguarding(category: Option<Category>, _kind: ReportKind) -> bool {
    category == Some(Category::Safeguarding)
}

text_choices!(
    /// The steps of the duty of candour, in the order they are taken.
    CandourStep {
        ToldInPerson => "told_in_person", "Told the person in person";
        Apology => "apology", "Apologised";
        WrittenFollowUp => "written_follow_up", "Written follow-up sent";
    }
);

impl CandourStep {
    /// What the step involves, in plain words.
    pub fn description(self) -> &'static str {
        match self {
            CandourStep::ToldInPerson => {
                "Tell the person (or their family or representative) what happened, as soon as reasonably possible."
            }
            CandourStep::Apology => "Say sorry. An apology is not an admission of liability.",
            CandourStep::WrittenFollowUp => {
                "Follow up in writing with what happened, what is being looked into and the apology."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use NotificationReason as R;
    use proptest::prelude::*;

    const ADULT_SERVICES: [&str; 4] = ["residential_care_home", "supported_living", "home_care", "day_service"];
    const CHILDRENS_HOME: &str = "childrens_home";

    fn facts(service_kind: &str) -> NotificationFacts {
        NotificationFacts { service_kind: ServiceKind::parse(service_kind).unwrap(), ..Default::default() }
    }

    fn reasons(facts: &NotificationFacts) -> Vec<NotificationReason> {
        notifications_required(facts).into_iter().map(|(_, reason)| reason).collect()
    }

    #[test]
    fn nothing_notable_needs_no_notification() {
        for kind in ADULT_SERVICES.iter().chain(&[CHILDRENS_HOME]) {
            let mut f = facts(kind);
            f.harm = Some(Harm::Low);
            f.category = Some(Category::Falls);
            assert!(notifications_required(&f).is_empty(), "{kind}");
        }
    }

    #[test]
    fn adult_services_notify_the_cqc_for_each_reason() {
        for kind in ADULT_SERVICES {
            let with = |change: fn(&mut NotificationFacts)| {
                let mut f = facts(kind);
                change(&mut f);
                notifications_required(&f)
            };
            assert_eq!(with(|f| f.harm = Some(Harm::Death)), [(Regulator::Cqc, R::Death)]);
            assert_eq!(with(|f| f.harm = Some(Harm::Severe)), [(Regulator::Cqc, R::SeriousInjury)]);
            assert!(with(|f| f.harm = Some(Harm::Moderate)).is_empty());
            assert_eq!(with(|f| f.category = Some(Category::Safeguarding)), [(Regulator::Cqc, R::AbuseOrAllegation)]);
            assert_eq!(with(|f| f.police_involved = true), [(Regulator::Cqc, R::PoliceInvolvement)]);
            assert_eq!(with(|f| f.deprivation_of_liberty = true), [(Regulator::Cqc, R::DeprivationOfLiberty)]);
            assert_eq!(with(|f| f.service_disruption = true), [(Regulator::Cqc, R::ServiceDisruption)]);
            // A missing adult is not in itself a CQC notification.
            assert!(
                with(|f| {
                    f.category = Some(Category::MissingPerson);
                    f.harm = Some(Harm::Moderate)
                })
                .is_empty()
            );
        }
    }

    #[test]
    fn several_reasons_are_each_listed_in_order() {
        let f = NotificationFacts {
            service_kind: ServiceKind::SupportedLiving,
            harm: Some(Harm::Severe),
            category: Some(Category::Safeguarding),
            police_involved: true,
            deprivation_of_liberty: false,
            service_disruption: false,
        };
        assert_eq!(reasons(&f), [R::SeriousInjury, R::AbuseOrAllegation, R::PoliceInvolvement]);
    }

    #[test]
    fn childrens_homes_notify_ofsted() {
        let with = |change: fn(&mut NotificationFacts)| {
            let mut f = facts(CHILDRENS_HOME);
            change(&mut f);
            notifications_required(&f)
        };
        assert_eq!(with(|f| f.harm = Some(Harm::Death)), [(Regulator::Ofsted, R::Death)]);
        assert_eq!(with(|f| f.harm = Some(Harm::Severe)), [(Regulator::Ofsted, R::SeriousInjury)]);
        assert_eq!(with(|f| f.category = Some(Category::Safeguarding)), [(Regulator::Ofsted, R::AbuseOrAllegation)]);
        assert_eq!(with(|f| f.police_involved = true), [(Regulator::Ofsted, R::PoliceInvolvement)]);
        assert_eq!(with(|f| f.service_disruption = true), [(Regulator::Ofsted, R::ServiceDisruption)]);
        assert!(with(|f| f.deprivation_of_liberty = true).is_empty());
        // Missing from care: only when the child came to moderate or worse harm.
        let missing = |harm| {
            let mut f = facts(CHILDRENS_HOME);
            f.category = Some(Category::MissingPerson);
            f.harm = harm;
            notifications_required(&f)
        };
        assert!(missing(None).is_empty());
        assert!(missing(Some(Harm::Low)).is_empty());
        assert_eq!(missing(Some(Harm::Moderate)), [(Regulator::Ofsted, R::SeriousEventChildrensHome)]);
        assert_eq!(
            missing(Some(Harm::Death)),
            [(Regulator::Ofsted, R::Death), (Regulator::Ofsted, R::SeriousEventChildrensHome)]
        );
    }

    #[test]
    fn candour_follows_the_harm() {
        assert!(!candour_applies(None, None));
        assert!(!candour_applies(Some(Harm::None), Some(PsychologicalHarm::None)));
        assert!(!candour_applies(Some(Harm::Low), Some(PsychologicalHarm::Low)));
        for harm in [Harm::Moderate, Harm::Severe, Harm::Death] {
            assert!(candour_applies(Some(harm), None), "{harm}");
        }
        assert!(candour_applies(None, Some(PsychologicalHarm::Moderate)));
        assert!(candour_applies(Some(Harm::Low), Some(PsychologicalHarm::Severe)));
    }

    #[test]
    fn safeguarding_is_the_safeguarding_category_whatever_the_kind() {
        for kind in ReportKind::ALL {
            assert!(is_safeguarding(Some(Category::Safeguarding), *kind));
            assert!(!is_safeguarding(Some(Category::Falls), *kind));
            assert!(!is_safeguarding(None, *kind));
        }
    }

    #[test]
    fn wording_and_deadlines() {
        for reason in NotificationReason::ALL {
            assert!(reason.explanation().ends_with('.'));
        }
        for step in CandourStep::ALL {
            assert!(step.description().ends_with('.'));
        }
        assert_eq!(Regulator::Cqc.as_str(), "cqc");
        assert_eq!(Regulator::Ofsted.label(), "Ofsted");
        let from: Timestamp = "2026-11-20T14:30:00Z".parse().unwrap();
        assert_eq!(notification_due(from, DEFAULT_NOTIFICATION_HOURS).to_string(), "2026-11-21T14:30:00Z");
    }

    fn any_facts() -> impl Strategy<Value = NotificationFacts> {
        (
            prop_oneof![Just(CHILDRENS_HOME), Just("residential_care_home"), Just("home_care")],
            proptest::option::of(proptest::sample::select(Harm::ALL)),
            proptest::option::of(proptest::sample::select(Category::ALL)),
            any::<(bool, bool, bool)>(),
        )
            .prop_map(|(kind, harm, category, (police, dol, disruption))| NotificationFacts {
                service_kind: ServiceKind::parse(kind).unwrap(),
                harm,
                category,
                police_involved: police,
                deprivation_of_liberty: dol,
                service_disruption: disruption,
            })
    }

    proptest! {
        #[test]
        fn one_regulator_per_service_and_no_repeats(f in any_facts()) {
            let found = notifications_required(&f);
            let expected = if f.service_kind.as_str() == CHILDRENS_HOME { Regulator::Ofsted } else { Regulator::Cqc };
            prop_assert!(found.iter().all(|(regulator, _)| *regulator == expected));
            let mut reasons: Vec<_> = found.iter().map(|(_, r)| *r).collect();
            reasons.dedup();
            prop_assert_eq!(reasons.len(), found.len());
            // Ofsted's own reason never goes to the CQC.
            prop_assert!(expected == Regulator::Ofsted || !reasons.contains(&R::SeriousEventChildrensHome));
            // Police involvement is always notified, whatever else is true.
            prop_assert_eq!(f.police_involved, reasons.contains(&R::PoliceInvolvement));
        }
    }
}
