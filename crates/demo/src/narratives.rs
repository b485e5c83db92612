//! Report narratives, built from templates with slots.
//!
//! Each [`Scenario`] is one kind of event a care worker reports: a missed
//! dose, an unwitnessed fall, a young person not back by curfew. A narrative
//! is composed from the scenario's parts: an event (what was noticed), a
//! follow-up (what was done), an outcome that matches the harm grade, and
//! sometimes a contributing factor. `immediate_actions` and `what_went_well`
//! come from their own lists. Slots such as `{p}` (the person's pseudonymous
//! reference), `{when}` (the time), `{place}` or `{staff}` (a role, never a
//! name) are filled per report, so the same scenario yields thousands of
//! distinct texts that still read as written by a care worker: factual,
//! non-blaming, in UK English.
//!
//! A template may start with `@` and service-kind letters (C care home,
//! S supported living, Y children's home, H home care, D day service), e.g.
//! `@CS `, to say where it fits; without that it fits every kind the scenario
//! occurs in.
//!
//! Slots: `{when}` "at about 07:40", `{time}`, `{before}` / `{after}` (a time
//! 30 to 90 minutes either side), `{p}` / `{q}` (first and second person),
//! `{room}`, `{place}`, `{staff}`, `{senior}`, `{mgr}`, `{gp}`, `{family}`,
//! `{others}`, `{person}`, `{plan}`, `{record}`, `{shift}`, `{round}`,
//! `{prev_round}`, `{med}`, `{cd}`, `{cd_diff}`, `{prn}`, `{prn_reason}`,
//! `{sed}`, `{aid}`, `{late}`, `{mins}`, `{n}`. A capital first letter
//! (`{When}`, `{P}`, `{Staff}`) capitalises the text put in.
//!
//! The scenarios are data, in `data/narratives.toml` (its header explains
//! the format): some two thousand lines of sentences that read and edit
//! better as text than as Rust literals. The file is compiled in and parsed
//! once into [`SCENARIOS`], so the program stays self-contained, and unit
//! tests check it, so a broken file fails the tests rather than a demo. Its
//! order is part of the output: the generator draws scenarios and texts by
//! position, so a seed gives the same reports only while the file keeps its
//! order. The words that fill the slots ([`VOCABS`] and the lists after it)
//! and [`GENERIC_WELL`] stay here as constants, which the generator picks
//! from directly.

use std::collections::HashMap;
use std::sync::LazyLock;

use learnloop_domain::reports::{Category, Harm, ReportKind};
use serde::Deserialize;

use crate::organisation::{ServiceKind, kind_index};

/// Scenario flags.
pub(crate) const MEDICATION_ERROR: u8 = 1;
pub(crate) const SEASONAL_FALLS: u8 = 2;
pub(crate) const SEASONAL_INFECTION: u8 = 4;
/// Only happens once the care home's medicines change is in place.
pub(crate) const AFTER_MEDICINES_CHANGE: u8 = 8;

/// When in the day a scenario tends to happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Hours {
    /// Medicines rounds: 08:00, 12:00, 17:00, 21:00.
    Medicines,
    /// Falls: through the night and early morning, peaking at getting up.
    Falls,
    /// Waking hours with a late-afternoon peak.
    Waking,
    /// Distress and behaviour: afternoon and evening.
    Behaviour,
    /// Evening into night: curfews, going missing, self-harm.
    Evening,
    /// Night checks.
    Night,
    /// Office hours.
    Daytime,
    /// Personal care: morning and bedtime.
    PersonalCare,
    /// Meals.
    Meals,
    /// Around shift changes.
    Handover,
}

impl Hours {
    pub(crate) const ALL: [Hours; 10] = [
        Hours::Medicines,
        Hours::Falls,
        Hours::Waking,
        Hours::Behaviour,
        Hours::Evening,
        Hours::Night,
        Hours::Daytime,
        Hours::PersonalCare,
        Hours::Meals,
        Hours::Handover,
    ];

    /// Relative weight of each hour of the local day.
    pub(crate) fn weights(self) -> [u16; 24] {
        match self {
            Hours::Medicines => [2, 1, 0, 0, 0, 1, 3, 12, 16, 9, 3, 3, 9, 6, 2, 2, 4, 9, 6, 3, 6, 9, 5, 2],
            Hours::Falls => [6, 6, 6, 6, 6, 7, 9, 9, 7, 5, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 6, 6, 6, 6],
            Hours::Waking => [1, 1, 1, 1, 1, 1, 3, 6, 8, 8, 8, 8, 7, 7, 7, 8, 8, 8, 7, 6, 5, 3, 2, 1],
            Hours::Behaviour => [2, 1, 1, 1, 0, 0, 1, 3, 4, 4, 4, 4, 5, 5, 6, 8, 9, 10, 10, 9, 8, 6, 4, 3],
            Hours::Evening => [6, 4, 3, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 5, 7, 9, 11, 10, 8],
            Hours::Night => [7, 7, 7, 7, 7, 6, 4, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 4, 6, 7],
            Hours::Daytime => [0, 0, 0, 0, 0, 0, 1, 3, 7, 9, 9, 8, 6, 7, 8, 7, 5, 4, 2, 1, 1, 0, 0, 0],
            Hours::PersonalCare => [1, 1, 1, 1, 1, 2, 6, 10, 11, 8, 4, 2, 2, 2, 2, 2, 3, 3, 4, 6, 7, 5, 2, 1],
            Hours::Meals => [0, 0, 0, 0, 0, 0, 1, 4, 7, 3, 1, 4, 10, 9, 2, 1, 3, 8, 9, 3, 1, 1, 0, 0],
            Hours::Handover => [1, 1, 1, 1, 1, 1, 3, 9, 7, 3, 2, 2, 2, 4, 6, 3, 2, 2, 4, 7, 4, 2, 1, 1],
        }
    }

    /// Home care happens on calls between 07:00 and 22:00.
    pub(crate) const HOME_CALLS: [u16; 24] = [0, 0, 0, 0, 0, 0, 1, 10, 12, 8, 4, 5, 9, 7, 3, 3, 5, 8, 6, 4, 5, 4, 1, 0];
    /// Day services open 09:00 to 16:00 (transport from 08:30).
    pub(crate) const DAY_CENTRE: [u16; 24] = [0, 0, 0, 0, 0, 0, 0, 0, 2, 7, 9, 9, 10, 9, 8, 7, 3, 0, 0, 0, 0, 0, 0, 0];
}

/// How psychological harm is graded for a scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Psych {
    /// Rarely graded; `none` when it is.
    Rare,
    /// Some upset: mostly none or low.
    Mild,
    /// Distress is the point: low to moderate, sometimes severe.
    Distress,
}

/// An outcome sentence for a harm grade; `weight` sets how often the grade
/// occurs in the scenario.
pub(crate) struct Outcome {
    pub harm: Harm,
    pub weight: u16,
    pub texts: &'static [&'static str],
}

pub(crate) struct Scenario {
    /// A stable name, for tests and debugging.
    #[cfg_attr(not(test), allow(dead_code))]
    pub key: &'static str,
    pub kind: ReportKind,
    pub category: Category,
    /// Relative frequency within a service, per [`ServiceKind`] in the order
    /// of [`DEMO_KINDS`](crate::organisation::DEMO_KINDS): care home, supported living, children's home,
    /// home care, day service. Zero means it never happens there.
    pub rates: [f32; 5],
    pub hours: Hours,
    pub flags: u8,
    pub psych: Psych,
    pub events: &'static [&'static str],
    pub follow: &'static [&'static str],
    pub outcomes: &'static [Outcome],
    pub factors: &'static [&'static str],
    pub immediate: &'static [&'static str],
    pub well: &'static [&'static str],
}

const NARRATIVES_TOML: &str = include_str!("../data/narratives.toml");

/// Every scenario the demo reports, in file order.
pub(crate) static SCENARIOS: LazyLock<Vec<Scenario>> =
    LazyLock::new(|| parse_scenarios(NARRATIVES_TOML).unwrap_or_else(|e| panic!("narratives.toml: {e}")));

/// What went well in any report, for when the scenario's own list gives nothing.
pub(crate) const GENERIC_WELL: &[&str] = &[
    "The team worked well together and kept calm.",
    "Information was shared quickly with the right people.",
    "Staff on shift supported each other.",
];

/// The data file as written: shared lists by name, scenarios in order.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NarrativesFile {
    #[serde(default)]
    lists: HashMap<String, Vec<String>>,
    #[serde(default)]
    outcome_sets: HashMap<String, Vec<OutcomeEntry>>,
    #[serde(rename = "scenario")]
    scenarios: Vec<ScenarioEntry>,
}

/// A list of templates: the scenario's own, or the name of a shared one.
#[derive(Deserialize)]
#[serde(untagged, expecting = "a list of texts, or the name of a list in [lists]")]
enum Texts {
    Shared(String),
    Own(Vec<String>),
}

impl Default for Texts {
    fn default() -> Texts {
        Texts::Own(Vec::new())
    }
}

/// The outcomes: the scenario's own, or the name of a shared set.
#[derive(Deserialize)]
#[serde(untagged, expecting = "[[scenario.outcomes]] tables, or the name of a set in [outcome_sets]")]
enum Outcomes {
    Shared(String),
    Own(Vec<OutcomeEntry>),
}

impl Default for Outcomes {
    fn default() -> Outcomes {
        Outcomes::Own(Vec::new())
    }
}

/// An outcome as written: `[[scenario.outcomes]]` or in a shared set.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OutcomeEntry {
    harm: Harm,
    weight: u16,
    texts: Texts,
}

/// A scenario flag by its name in the file.
#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Flag {
    MedicationError,
    SeasonalFalls,
    SeasonalInfection,
    AfterMedicinesChange,
}

impl Flag {
    fn bit(self) -> u8 {
        match self {
            Flag::MedicationError => MEDICATION_ERROR,
            Flag::SeasonalFalls => SEASONAL_FALLS,
            Flag::SeasonalInfection => SEASONAL_INFECTION,
            Flag::AfterMedicinesChange => AFTER_MEDICINES_CHANGE,
        }
    }
}

/// A `[[scenario]]`; what it leaves out is as in the file's header.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioEntry {
    key: String,
    #[serde(default = "incident")]
    kind: ReportKind,
    category: Category,
    rates: [f32; 5],
    #[serde(default = "waking")]
    hours: Hours,
    #[serde(default)]
    flags: Vec<Flag>,
    #[serde(default = "rare")]
    psych: Psych,
    #[serde(default)]
    events: Texts,
    #[serde(default)]
    follow: Texts,
    #[serde(default)]
    outcomes: Outcomes,
    #[serde(default)]
    factors: Texts,
    #[serde(default)]
    immediate: Texts,
    #[serde(default)]
    well: Texts,
}

fn incident() -> ReportKind {
    ReportKind::Incident
}

fn waking() -> Hours {
    Hours::Waking
}

fn rare() -> Psych {
    Psych::Rare
}

/// The file is parsed once for the life of the program, so its texts are
/// leaked to give the `'static` slices the generator borrows.
fn leak(texts: Vec<String>) -> &'static [&'static str] {
    texts.into_iter().map(|t| &*t.leak()).collect::<Vec<&'static str>>().leak()
}

/// Parses the data file into scenarios, in file order, with shared lists resolved.
fn parse_scenarios(toml_text: &str) -> Result<Vec<Scenario>, String> {
    let file: NarrativesFile = toml::from_str(toml_text).map_err(|e| e.to_string())?;
    let lists: HashMap<String, &'static [&'static str]> =
        file.lists.into_iter().map(|(name, texts)| (name, leak(texts))).collect();
    // `owner` names where a list was asked for, for the error message.
    let texts = |texts: Texts, owner: &str| match texts {
        Texts::Own(texts) => Ok(leak(texts)),
        Texts::Shared(name) => lists.get(&name).copied().ok_or_else(|| format!("{owner}: no list {name:?} in [lists]")),
    };
    let outcomes = |entries: Vec<OutcomeEntry>, owner: &str| -> Result<&'static [Outcome], String> {
        let outcomes: Result<Vec<Outcome>, String> = entries
            .into_iter()
            .map(|o| Ok(Outcome { harm: o.harm, weight: o.weight, texts: texts(o.texts, owner)? }))
            .collect();
        Ok(outcomes?.leak())
    };
    let mut sets = HashMap::new();
    for (name, entries) in file.outcome_sets {
        let set = outcomes(entries, &format!("outcome set {name}"))?;
        sets.insert(name, set);
    }
    file.scenarios
        .into_iter()
        .map(|s| {
            let owner = format!("scenario {}", s.key);
            Ok(Scenario {
                key: s.key.leak(),
                kind: s.kind,
                category: s.category,
                rates: s.rates,
                hours: s.hours,
                flags: s.flags.iter().fold(0, |flags, flag| flags | flag.bit()),
                psych: s.psych,
                events: texts(s.events, &owner)?,
                follow: texts(s.follow, &owner)?,
                outcomes: match s.outcomes {
                    Outcomes::Own(entries) => outcomes(entries, &owner)?,
                    Outcomes::Shared(name) => {
                        sets.get(&name).copied().ok_or_else(|| format!("{owner}: no set {name:?} in [outcome_sets]"))?
                    }
                },
                factors: texts(s.factors, &owner)?,
                immediate: texts(s.immediate, &owner)?,
                well: texts(s.well, &owner)?,
            })
        })
        .collect()
}

/// Vocabulary for one kind of service.
pub(crate) struct Vocab {
    pub person: &'static str,
    /// How a person supported is referred to: "Resident", "Tenant", ...
    pub reference: &'static str,
    pub places: &'static [&'static str],
    pub staff_day: &'static [&'static str],
    pub staff_night: &'static [&'static str],
    pub senior: &'static [&'static str],
    pub family: &'static [&'static str],
    pub others: &'static str,
    pub plan: &'static str,
    pub record: &'static str,
    pub meds: &'static [&'static str],
    pub sedatives: &'static [&'static str],
    pub day_shift: &'static str,
    pub night_shift: &'static str,
    pub manager_in_hours: &'static [&'static str],
}

const ADULT_MEDS: &[&str] = &[
    "amlodipine",
    "metformin",
    "levetiracetam",
    "sertraline",
    "laxative",
    "antibiotics",
    "bisoprolol",
    "lansoprazole",
    "apixaban",
    "co-careldopa",
    "donepezil",
    "furosemide",
    "memantine",
    "levothyroxine",
];
const LEARNING_DISABILITY_MEDS: &[&str] = &[
    "sodium valproate",
    "sertraline",
    "olanzapine",
    "metformin",
    "levothyroxine",
    "lamotrigine",
    "antibiotics",
    "risperidone",
    "laxative",
    "carbamazepine",
];

pub(crate) const VOCABS: [Vocab; 5] = [
    Vocab {
        person: "resident",
        reference: "Resident",
        places: &[
            "the lounge",
            "the dining room",
            "their bedroom",
            "their en-suite",
            "the first-floor corridor",
            "the conservatory",
            "the quiet lounge",
            "the hairdressing room",
            "the lift lobby",
        ],
        staff_day: &["a care assistant", "a senior carer", "a colleague", "an agency carer", "the nurse on duty"],
        staff_night: &["the night care assistant", "the night nurse", "a colleague on nights"],
        senior: &["the nurse in charge", "the senior carer", "the nurse on duty"],
        family: &["their daughter", "their son", "their next of kin", "their niece", "their husband", "their wife"],
        others: "other residents",
        plan: "care plan",
        record: "daily notes",
        meds: ADULT_MEDS,
        sedatives: &["lorazepam", "promazine", "haloperidol"],
        day_shift: "day",
        night_shift: "night",
        manager_in_hours: &["the registered manager", "the deputy manager"],
    },
    Vocab {
        person: "tenant",
        reference: "Tenant",
        places: &[
            "their flat",
            "their kitchen",
            "the communal lounge",
            "the shared kitchen",
            "the hallway",
            "their bathroom",
            "their bedroom",
        ],
        staff_day: &["a support worker", "the senior support worker", "a colleague", "an agency support worker"],
        staff_night: &["the waking night support worker", "a colleague on the waking night"],
        senior: &["the senior support worker", "the team leader"],
        family: &["their mum", "their dad", "their sister", "their advocate", "their social worker"],
        others: "other tenants",
        plan: "support plan",
        record: "daily notes",
        meds: LEARNING_DISABILITY_MEDS,
        sedatives: &["lorazepam", "diazepam", "promethazine"],
        day_shift: "day",
        night_shift: "waking night",
        manager_in_hours: &["the registered manager", "the team leader"],
    },
    Vocab {
        person: "young person",
        reference: "Young person",
        places: &["their bedroom", "the kitchen", "the lounge", "the dining room", "the hallway", "the games room"],
        staff_day: &["a residential childcare worker", "a colleague", "the shift leader"],
        staff_night: &["the staff member on sleep-in", "a colleague on the sleep-in"],
        senior: &["the shift leader", "the team leader"],
        family: &["their social worker", "their mum", "their social worker and their mum"],
        others: "the other young people",
        plan: "placement plan",
        record: "daily log",
        meds: &["methylphenidate", "melatonin", "sertraline", "fluoxetine", "antibiotics", "montelukast"],
        sedatives: &["promethazine"],
        day_shift: "day",
        night_shift: "sleep-in",
        manager_in_hours: &["the registered manager", "the deputy manager"],
    },
    Vocab {
        person: "client",
        reference: "Client",
        places: &["their kitchen", "their bathroom", "their bedroom", "their living room", "the hallway"],
        staff_day: &["a colleague", "the second carer on the call", "the carer on the previous call"],
        staff_night: &["a colleague", "the carer on the bedtime call"],
        senior: &["the care coordinator", "the on-call senior"],
        family: &["their daughter", "their son", "their wife", "their husband", "their family"],
        others: "other clients",
        plan: "care plan",
        record: "visit notes",
        meds: ADULT_MEDS,
        sedatives: &["lorazepam"],
        day_shift: "morning",
        night_shift: "evening",
        manager_in_hours: &["the registered manager", "the care coordinator"],
    },
    Vocab {
        person: "person we support",
        reference: "Member",
        places: &[
            "the main hall",
            "the art room",
            "the sensory room",
            "the café area",
            "the kitchen",
            "the quiet room",
        ],
        staff_day: &["a support worker", "a colleague", "the driver", "the senior support worker"],
        staff_night: &["a colleague"],
        senior: &["the senior support worker"],
        family: &["their family", "their carer at home", "their supported living team"],
        others: "other people at the centre",
        plan: "support plan",
        record: "daily record",
        meds: LEARNING_DISABILITY_MEDS,
        sedatives: &["lorazepam"],
        day_shift: "day",
        night_shift: "day",
        manager_in_hours: &["the service manager"],
    },
];

pub(crate) const CONTROLLED_DRUGS: &[(&str, &str)] = &[
    ("morphine sulfate oral solution", "5 ml less"),
    ("oxycodone liquid", "2.5 ml less"),
    ("buprenorphine patches", "one patch fewer"),
    ("fentanyl patches", "one patch fewer"),
    ("lorazepam tablets", "one tablet fewer"),
    ("Zomorph capsules", "one capsule fewer"),
];
pub(crate) const PRN_MEDICINES: &[(&str, &str)] = &[
    ("paracetamol", "pain"),
    ("senna", "constipation"),
    ("ibuprofen gel", "joint pain"),
    ("Oramorph", "pain"),
    ("loperamide", "loose stools"),
    ("salbutamol", "wheeziness"),
];
pub(crate) const LIFTING_AIDS: &[&str] = &["Raizer lifting chair", "inflatable lifting cushion", "hoist"];
pub(crate) const LATENESS: &[&str] =
    &["20 minutes", "35 minutes", "45 minutes", "an hour", "an hour and a half", "two hours"];
pub(crate) const SMALL_COUNTS: &[&str] = &["two", "three", "four", "five"];
pub(crate) const MINUTES: &[&str] = &["two", "three", "four", "five", "six", "eight", "ten"];
pub(crate) const TIME_PHRASES: &[&str] =
    &["at about ", "at around ", "shortly after ", "at ", "at approximately ", "just after "];

/// A template with its prefix parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Template {
    /// Which service kinds it fits: bit `1 << kind_index(kind)`.
    pub kinds: u8,
    /// The local hours it can happen in, first and last inclusive; may wrap
    /// midnight (`(21, 6)`).
    pub hours: Option<(u8, u8)>,
    /// Links an event to the follow-ups, outcomes and actions that fit it:
    /// an untagged template fits any event, a tagged one only events with
    /// the same tag.
    pub tag: Option<&'static str>,
    pub text: &'static str,
}

impl Template {
    /// Parses `@CS~07-10#tag text`: service letters, an optional hour window
    /// and an optional tag, each part optional.
    pub(crate) fn parse(template: &'static str) -> Template {
        let Some(rest) = template.strip_prefix('@') else {
            return Template { kinds: 0b1_1111, hours: None, tag: None, text: template };
        };
        let (prefix, text) = rest.split_once(' ').unwrap_or((rest, ""));
        let (prefix, tag) = prefix.split_once('#').map_or((prefix, None), |(p, t)| (p, Some(t)));
        let (letters, window) = prefix.split_once('~').map_or((prefix, None), |(l, w)| (l, Some(w)));
        let mut kinds = if letters.is_empty() { 0b1_1111 } else { 0 };
        for letter in letters.chars() {
            kinds |= match letter {
                'C' => 1 << kind_index(ServiceKind::ResidentialCareHome),
                'S' => 1 << kind_index(ServiceKind::SupportedLiving),
                'Y' => 1 << kind_index(ServiceKind::ChildrensHome),
                'H' => 1 << kind_index(ServiceKind::HomeCare),
                'D' => 1 << kind_index(ServiceKind::DayService),
                other => panic!("unknown service letter {other:?} in template {template:?}"),
            };
        }
        let hours = window.map(|w| {
            let (a, b) = w.split_once('-').unwrap_or_else(|| panic!("bad hour window in {template:?}"));
            let hour = |h: &str| {
                h.parse::<u8>().ok().filter(|h| *h < 24).unwrap_or_else(|| panic!("bad hour in {template:?}"))
            };
            (hour(a), hour(b))
        });
        Template { kinds, hours, tag, text }
    }

    /// Whether this follow-up, outcome or action fits an event with `tag`.
    pub(crate) fn goes_with(&self, tag: Option<&str>) -> bool {
        self.tag.is_none() || self.tag == tag
    }

    pub(crate) fn fits(&self, kind: ServiceKind) -> bool {
        self.kinds & (1 << kind_index(kind)) != 0
    }

    pub(crate) fn allows_hour(&self, hour: u32) -> bool {
        match self.hours {
            None => true,
            Some((a, b)) if a <= b => (u32::from(a)..=u32::from(b)).contains(&hour),
            Some((a, b)) => hour >= u32::from(a) || hour <= u32::from(b),
        }
    }
}

/// The templates of `list` that fit `kind`, parsed.
pub(crate) fn templates_for(list: &'static [&'static str], kind: ServiceKind) -> Vec<Template> {
    list.iter().map(|t| Template::parse(t)).filter(|t| t.fits(kind)).collect()
}

/// The templates of `list` that fit `kind`, parsed and split into parts.
pub(crate) fn compiled_for(list: &'static [&'static str], kind: ServiceKind) -> Vec<Compiled> {
    templates_for(list, kind).into_iter().map(Compiled::new).collect()
}

/// A slot of a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    P,
    Q,
    When,
    Time,
    Before,
    After,
    Room,
    Place,
    Staff,
    Senior,
    Manager,
    Gp,
    Family,
    Others,
    Person,
    Plan,
    Record,
    Shift,
    Round,
    PreviousRound,
    Med,
    Controlled,
    ControlledDifference,
    Prn,
    PrnReason,
    Sedative,
    Aid,
    Late,
    Minutes,
    Count,
}

impl Key {
    fn parse(name: &str) -> Option<Key> {
        Some(match name {
            "p" => Key::P,
            "q" => Key::Q,
            "when" => Key::When,
            "time" => Key::Time,
            "before" => Key::Before,
            "after" => Key::After,
            "room" => Key::Room,
            "place" => Key::Place,
            "staff" => Key::Staff,
            "senior" => Key::Senior,
            "mgr" => Key::Manager,
            "gp" => Key::Gp,
            "family" => Key::Family,
            "others" => Key::Others,
            "person" => Key::Person,
            "plan" => Key::Plan,
            "record" => Key::Record,
            "shift" => Key::Shift,
            "round" => Key::Round,
            "prev_round" => Key::PreviousRound,
            "med" => Key::Med,
            "cd" => Key::Controlled,
            "cd_diff" => Key::ControlledDifference,
            "prn" => Key::Prn,
            "prn_reason" => Key::PrnReason,
            "sed" => Key::Sedative,
            "aid" => Key::Aid,
            "late" => Key::Late,
            "mins" => Key::Minutes,
            "n" => Key::Count,
            _ => return None,
        })
    }
}

/// A piece of a compiled template: literal text, or a slot and whether to
/// capitalise what goes in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    Text(&'static str),
    Slot(Key, bool),
}

/// A template split into parts once, so that filling it never scans text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Compiled {
    pub meta: Template,
    pub parts: Vec<Part>,
}

impl Compiled {
    /// Panics on an unknown or unclosed slot: templates are built in, and a
    /// test compiles every one.
    pub(crate) fn new(meta: Template) -> Compiled {
        let mut parts = Vec::new();
        let mut rest = meta.text;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(Part::Text(&rest[..open]));
            }
            let after = &rest[open + 1..];
            let close = after.find('}').unwrap_or_else(|| panic!("unclosed slot in {:?}", meta.text));
            let name = &after[..close];
            let capital = name.starts_with(|c: char| c.is_ascii_uppercase());
            let key = Key::parse(&name.to_ascii_lowercase())
                .unwrap_or_else(|| panic!("unknown slot {{{name}}} in {:?}", meta.text));
            parts.push(Part::Slot(key, capital));
            rest = &after[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest));
        }
        Compiled { meta, parts }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// A rough upper bound of the filled length, for allocation.
    pub(crate) fn capacity(&self) -> usize {
        self.meta.text.len() + 24 * self.parts.len()
    }
}

/// Everything a template's slots can refer to, chosen once per report so the
/// same slot reads the same in every field.
pub(crate) struct Slots<'a> {
    pub vocab: &'a Vocab,
    pub p_mid: &'a str,
    pub p_start: &'a str,
    pub q_mid: &'a str,
    pub q_start: &'a str,
    pub room: &'a str,
    pub time: [u8; 5],
    pub before: [u8; 5],
    pub after: [u8; 5],
    pub time_phrase: &'static str,
    pub place: &'static str,
    pub staff: &'static str,
    pub senior: &'static str,
    pub manager: &'static str,
    pub gp: &'static str,
    pub family: &'static str,
    pub med: &'static str,
    pub controlled: (&'static str, &'static str),
    pub prn: (&'static str, &'static str),
    pub sedative: &'static str,
    pub aid: &'static str,
    pub late: &'static str,
    pub minutes: &'static str,
    pub count: &'static str,
    pub round: &'static str,
    pub previous_round: &'static str,
    pub night: bool,
}

/// Which people a filled text referred to, for `people_affected`.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Mentions {
    pub first: bool,
    pub second: bool,
}

fn as_text(bytes: &[u8; 5]) -> &str {
    // Built only from ASCII digits and ':'.
    std::str::from_utf8(bytes).unwrap_or("00:00")
}

fn push_capitalised(out: &mut String, text: &str, capitalise: bool) {
    if capitalise && text.as_bytes().first().is_some_and(u8::is_ascii_lowercase) {
        out.push(char::from(text.as_bytes()[0].to_ascii_uppercase()));
        out.push_str(&text[1..]);
    } else if capitalise {
        let mut chars = text.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    } else {
        out.push_str(text);
    }
}

/// Appends a compiled template to `out` with its slots filled.
pub(crate) fn fill(out: &mut String, template: &Compiled, slots: &Slots<'_>, mentions: &mut Mentions) {
    for part in &template.parts {
        let (key, capital) = match *part {
            Part::Text(text) => {
                out.push_str(text);
                continue;
            }
            Part::Slot(key, capital) => (key, capital),
        };
        let vocab = slots.vocab;
        let text = match key {
            Key::P => {
                mentions.first = true;
                out.push_str(if capital { slots.p_start } else { slots.p_mid });
                continue;
            }
            Key::Q => {
                mentions.second = true;
                out.push_str(if capital { slots.q_start } else { slots.q_mid });
                continue;
            }
            Key::When => {
                push_capitalised(out, slots.time_phrase, capital);
                out.push_str(as_text(&slots.time));
                continue;
            }
            Key::Time => as_text(&slots.time),
            Key::Before => as_text(&slots.before),
            Key::After => as_text(&slots.after),
            Key::Room => slots.room,
            Key::Place => slots.place,
            Key::Staff => slots.staff,
            Key::Senior => slots.senior,
            Key::Manager => slots.manager,
            Key::Gp => slots.gp,
            Key::Family => slots.family,
            Key::Others => vocab.others,
            Key::Person => vocab.person,
            Key::Plan => vocab.plan,
            Key::Record => vocab.record,
            Key::Shift => {
                if slots.night {
                    vocab.night_shift
                } else {
                    vocab.day_shift
                }
            }
            Key::Round => slots.round,
            Key::PreviousRound => slots.previous_round,
            Key::Med => slots.med,
            Key::Controlled => slots.controlled.0,
            Key::ControlledDifference => slots.controlled.1,
            Key::Prn => slots.prn.0,
            Key::PrnReason => slots.prn.1,
            Key::Sedative => slots.sedative,
            Key::Aid => slots.aid,
            Key::Late => slots.late,
            Key::Minutes => slots.minutes,
            Key::Count => slots.count,
        };
        push_capitalised(out, text, capital);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::organisation::DEMO_KINDS;

    #[test]
    fn templates_compile_into_text_and_slots() {
        let compiled = Compiled::new(Template::parse("{When} {p} fell in {place}."));
        assert_eq!(
            compiled.parts,
            [
                Part::Slot(Key::When, true),
                Part::Text(" "),
                Part::Slot(Key::P, false),
                Part::Text(" fell in "),
                Part::Slot(Key::Place, false),
                Part::Text("."),
            ]
        );
    }

    #[test]
    #[should_panic(expected = "unknown slot")]
    fn unknown_slots_are_refused() {
        Compiled::new(Template::parse("{nobody} fell."));
    }

    #[test]
    fn template_prefixes_name_service_kinds_and_hours() {
        assert_eq!(
            Template::parse("@CS Text {p}."),
            Template { kinds: 0b11, hours: None, tag: None, text: "Text {p}." }
        );
        assert_eq!(Template::parse("Text."), Template { kinds: 0b1_1111, hours: None, tag: None, text: "Text." });
        let tagged = Template::parse("@H~07-09#pack x");
        assert_eq!((tagged.hours, tagged.tag, tagged.text), (Some((7, 9)), Some("pack"), "x"));
        assert!(tagged.goes_with(Some("pack")) && !tagged.goes_with(Some("pots")) && !tagged.goes_with(None));
        assert!(Template::parse("x").goes_with(Some("pots")));
        assert_eq!(Template::parse("@H x").kinds, 1 << kind_index(ServiceKind::HomeCare));
        let night = Template::parse("@~21-06 x");
        assert_eq!((night.kinds, night.hours), (0b1_1111, Some((21, 6))));
        assert!(night.allows_hour(23) && night.allows_hour(3) && !night.allows_hour(12));
        let breakfast = Template::parse("@Y~07-09 x");
        assert!(breakfast.allows_hour(7) && breakfast.allows_hour(9) && !breakfast.allows_hour(10));
    }

    #[test]
    fn every_template_parses() {
        for scenario in SCENARIOS.iter() {
            let lists = [scenario.events, scenario.follow, scenario.factors, scenario.immediate, scenario.well];
            for list in lists.into_iter().chain(scenario.outcomes.iter().map(|o| o.texts)) {
                for template in list {
                    let compiled = Compiled::new(Template::parse(template));
                    assert!(
                        compiled.parts.iter().all(|p| !matches!(p, Part::Text(t) if t.contains(['{', '}']))),
                        "{template:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn scenario_keys_are_unique_and_every_occurring_scenario_has_an_event() {
        let mut keys: Vec<&str> = SCENARIOS.iter().map(|s| s.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), SCENARIOS.len());
        let mut missing = Vec::new();
        for scenario in SCENARIOS.iter() {
            for kind in DEMO_KINDS {
                if scenario.rates[kind_index(kind)] > 0.0 {
                    missing.extend(
                        templates_for(scenario.events, kind).is_empty().then(|| format!("{} in {kind}", scenario.key)),
                    );
                }
            }
            if scenario.kind == ReportKind::Incident {
                assert!(!scenario.outcomes.is_empty(), "incident {} has no outcomes", scenario.key);
            }
        }
        assert!(missing.is_empty(), "no event for: {missing:?}");
    }

    #[test]
    fn categories_fit_the_service() {
        for scenario in SCENARIOS.iter() {
            let rates = scenario.rates;
            if scenario.category == Category::MissingPerson {
                assert_eq!(rates[..2], [0.0, 0.0]);
                assert_eq!(rates[3..], [0.0, 0.0]);
            }
            if scenario.category == Category::PressureCare {
                let care_home = rates[kind_index(ServiceKind::ResidentialCareHome)];
                assert!(rates.iter().all(|r| *r <= care_home), "{}", scenario.key);
            }
        }
    }

    #[test]
    fn the_data_file_holds_what_the_generator_needs() {
        // Every kind of report happens in every kind of service, so the
        // learning-culture push shows everywhere.
        for kind in DEMO_KINDS {
            for report_kind in ReportKind::ALL {
                assert!(
                    SCENARIOS.iter().any(|s| s.kind == *report_kind
                        && s.rates[kind_index(kind)] > 0.0
                        && !templates_for(s.events, kind).is_empty()),
                    "no {report_kind} scenario in {kind}"
                );
            }
        }
        for category in Category::ALL {
            assert!(SCENARIOS.iter().any(|s| s.category == *category), "no scenario in {category}");
        }
        // The patterns: care-home medication errors before and good catches
        // after the medicines change, falls and infections by season.
        let care_home = kind_index(ServiceKind::ResidentialCareHome);
        for flag in [MEDICATION_ERROR, AFTER_MEDICINES_CHANGE] {
            assert!(
                SCENARIOS.iter().any(|s| s.flags & flag != 0 && s.rates[care_home] > 0.0),
                "no care-home scenario flagged {flag}"
            );
        }
        for flag in [SEASONAL_FALLS, SEASONAL_INFECTION] {
            assert!(SCENARIOS.iter().any(|s| s.flags & flag != 0), "no scenario flagged {flag}");
        }
        for scenario in SCENARIOS.iter() {
            for outcome in scenario.outcomes {
                assert!(
                    outcome.weight > 0 && !outcome.texts.is_empty(),
                    "{}: empty {} outcome",
                    scenario.key,
                    outcome.harm
                );
            }
        }
    }

    #[test]
    fn every_shared_list_is_used() {
        let file: NarrativesFile = toml::from_str(NARRATIVES_TOML).unwrap_or_else(|e| panic!("narratives.toml: {e}"));
        let mut texts: Vec<&Texts> = Vec::new();
        let mut used: Vec<&str> = Vec::new();
        for scenario in &file.scenarios {
            texts.extend([&scenario.events, &scenario.follow, &scenario.factors, &scenario.immediate, &scenario.well]);
            match &scenario.outcomes {
                Outcomes::Shared(name) => used.push(name),
                Outcomes::Own(outcomes) => texts.extend(outcomes.iter().map(|o| &o.texts)),
            }
        }
        texts.extend(file.outcome_sets.values().flatten().map(|o| &o.texts));
        used.extend(texts.into_iter().filter_map(|t| match t {
            Texts::Shared(name) => Some(name.as_str()),
            Texts::Own(_) => None,
        }));
        for name in file.lists.keys().chain(file.outcome_sets.keys()) {
            assert!(used.contains(&name.as_str()), "{name} is never used");
        }
    }

    #[test]
    fn mistakes_in_the_data_are_named() {
        let scenario = "[[scenario]]\nkey = \"x\"\ncategory = \"falls\"\nrates = [1.0, 0.0, 0.0, 0.0, 0.0]\nevents = [\"{P} fell.\"]\n";
        assert_eq!(
            parse_scenarios(scenario).map(|s| (s.len(), s[0].kind, s[0].hours)),
            Ok((1, ReportKind::Incident, Hours::Waking))
        );
        let unknown_list = parse_scenarios(&format!("{scenario}factors = \"nope\"\n")).err().unwrap_or_default();
        assert!(unknown_list.contains("scenario x") && unknown_list.contains("\"nope\""), "{unknown_list}");
        let unknown_set = parse_scenarios(&format!("{scenario}outcomes = \"nope\"\n")).err().unwrap_or_default();
        assert!(unknown_set.contains("scenario x") && unknown_set.contains("[outcome_sets]"), "{unknown_set}");
        let unknown_field = parse_scenarios(&format!("{scenario}event = []\n")).err().unwrap_or_default();
        assert!(unknown_field.contains("unknown field `event`"), "{unknown_field}");
        assert!(parse_scenarios(&format!("{scenario}flags = [\"windy\"]\n")).is_err());
        let not_a_list = parse_scenarios(&format!("{scenario}well = 3\n")).err().unwrap_or_default();
        assert!(not_a_list.contains("a list of texts"), "{not_a_list}");
    }
}
