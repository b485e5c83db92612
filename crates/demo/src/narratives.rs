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

use learnloop_domain::report::{Category, Harm, ReportKind};

use crate::organisation::ServiceKind;

/// Scenario flags.
pub(crate) const MEDICATION_ERROR: u8 = 1;
pub(crate) const SEASONAL_FALLS: u8 = 2;
pub(crate) const SEASONAL_INFECTION: u8 = 4;
/// Only happens once the care home's medicines change is in place.
pub(crate) const AFTER_MEDICINES_CHANGE: u8 = 8;

/// When in the day a scenario tends to happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// of [`ServiceKind::ALL`]: care home, supported living, children's home,
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

const BASE: Scenario = Scenario {
    key: "",
    kind: ReportKind::Incident,
    category: Category::Other,
    rates: [0.0; 5],
    hours: Hours::Waking,
    flags: 0,
    psych: Psych::Rare,
    events: &[],
    follow: &[],
    outcomes: &[],
    factors: &[],
    immediate: &[],
    well: &[],
};

const fn o(harm: Harm, weight: u16, texts: &'static [&'static str]) -> Outcome {
    Outcome { harm, weight, texts }
}

/// Outcome of any near-miss or good catch: nothing reached the person.
const NO_HARM_REACHED: &[Outcome] = &[o(
    Harm::None,
    1,
    &[
        "Nothing reached {p} and nobody was harmed.",
        "No harm came to {p}.",
        "It was caught in time and there was no harm.",
        "",
    ],
)];

const MED_FACTORS: &[&str] = &[
    "@CSY The round was interrupted several times by call bells and the phone.",
    "@C It was a busy round with two new admissions whose medicines had arrived that day.",
    "The MAR chart had been handwritten after a change by the GP and was hard to read.",
    "@C The round was being done by one nurse for the whole home because of sickness.",
    "@C The medicines trolley was being restocked at the same time, so the round was split.",
    "@CS Two people on the unit have very similar medicines in similar packaging.",
    "@C The round ran late because of a fall on the other floor.",
    "@H The call was running late and {p} was keen to get on with their day.",
    "@H The pharmacy had changed the layout of the blister packs that week.",
    "@SY There were two new staff on shift who had not worked with {p} before.",
    "@Y It was a busy morning with everyone leaving for school at the same time.",
];

const MED_IMMEDIATE: &[&str] = &[
    "Informed {senior} and sought advice from the pharmacist. Recorded on the MAR chart with the reason. Monitored {p} for the rest of the shift.",
    "Contacted {gp} for advice and followed it. Completed a medication incident form and told {family}.",
    "@CSY Checked the rest of the MAR charts on the round for gaps. Told {senior}.",
    "@H Rang the office, who contacted the pharmacist and {family}. Recorded the missed dose on the MAR sheet.",
    "Recorded what happened, told {p} what had happened and apologised, and informed {mgr}.",
    "@CSY Did a stock count with a second member of staff and recorded the result.",
];

const MED_WELL: &[&str] = &[
    "It was picked up at the next round, so advice could be sought straight away.",
    "{Staff} raised it as soon as they realised, which meant we could act quickly.",
    "The pharmacist was easy to reach and gave clear advice.",
    "{P} was told honestly what had happened and was reassured.",
];

const FALL_FACTORS: &[&str] = &[
    "{P} has been more unsteady this week and is being treated for a urine infection.",
    "The room was dark and the night light was not on.",
    "{P} was wearing loose slippers rather than their usual shoes.",
    "{P} started a new blood pressure tablet four days ago.",
    "This is {p}'s third fall this month.",
    "{P} had been drinking less than usual over the last two days.",
    "The floor had just been mopped and was still damp.",
];

const FALL_IMMEDIATE: &[&str] = &[
    "Checked {p} for injury before moving them. Started neurological observations. Informed {family} and completed a body map.",
    "@CSD Called {senior} and followed the post-falls protocol. Completed the falls log. Made sure the call bell and walking frame were in reach.",
    "@CS Increased checks on {p} to hourly for the next 24 hours and handed over to the next shift.",
    "@C#mat Switched the sensor mat back on and checked it sounded at the panel. Lowered the bed and placed a crash mat.",
    "@H Called the office and NHS 111, stayed with {p} until they were safe, and asked for a falls assessment from the community team.",
    "Asked the GP to review {p}'s medicines and requested a referral to the falls service.",
];

const FALL_WELL: &[&str] = &[
    "{Staff} stayed with {p}, kept them warm and reassured them until they could be helped up.",
    "The post-falls checks were followed step by step before {p} was moved.",
    "{P} was found quickly because the checks were being done on time.",
    "The lifting equipment was to hand and staff knew how to use it.",
    "",
];

const BEHAVIOUR_FACTORS: &[&str] = &[
    "There were new staff on shift whom {p} did not know well.",
    "It was noisy because of building work outside.",
    "{P} had been told about a change to their family contact earlier that day.",
    "{P} had not slept well the night before.",
    "{P} may have been in pain; they have had toothache this week.",
    "The planned activity had been cancelled at short notice.",
];

const SAFEGUARDING_IMMEDIATE: &[&str] = &[
    "Recorded what was seen and said, in {p}'s own words where possible. Informed {mgr}. Safeguarding referral made to the local authority.",
    "Made sure {p} was safe and reassured. Did not ask leading questions. Passed the information to {mgr} the same day.",
];

const SAFEGUARDING_WELL: &[&str] = &[
    "{Staff} listened calmly and wrote down exactly what was said.",
    "The concern was raised the same day and the manager acted on it straight away.",
    "{P} felt able to tell us, which shows the trust the team has built with them.",
    "",
];

const RESTRICTION_FOLLOW: &[&str] = &[
    "I raised it with {mgr}, who agreed to review whether the restriction is needed and whether there is a less restrictive option.",
    "It has been added to the agenda for the next restrictive practice review meeting.",
    "{Senior} removed the restriction straight away and it will be discussed at the team meeting.",
    "I recorded it in the restrictive practice log so the pattern can be looked at.",
];

pub(crate) const GENERIC_WELL: &[&str] = &[
    "The team worked well together and kept calm.",
    "Information was shared quickly with the right people.",
    "Staff on shift supported each other.",
];

/// Every scenario the demo reports.
pub(crate) const SCENARIOS: &[Scenario] = &[
    // ------------------------------------------------------------ medication
    Scenario {
        key: "medication_missed_dose",
        category: Category::Medication,
        rates: [8.0, 5.0, 3.0, 6.0, 0.6],
        hours: Hours::Medicines,
        flags: MEDICATION_ERROR,
        events: &[
            "{When}, while preparing the {round} medicines, I noticed that {p}'s {prev_round} dose of {med} was still in the blister pack and the MAR chart had not been signed.",
            "During the {round} round I found that {p} had not been given their {med} at the previous round. The tablet was still in the monitored dosage pack and there was no entry on the MAR chart.",
            "@CS {When} a colleague and I counted the boxed stock of {med} for {p} and there was one tablet more than expected, which shows a dose was missed earlier in the day.",
            "@H When I arrived for the {round} call {when} I found {p}'s {prev_round} tablets still in the dosette box. The visit notes from the previous call said medicines had been prompted.",
            "@Y~06-09 {When} I noticed that {p}'s {med} had not been given before school. It was missed during a busy morning with two young people leaving at the same time.",
            "@CSY {P} missed their {round} dose of {med}. {Staff} was called away to help with an emergency part-way through the round and did not get back to {p}.",
            "@H {P} missed their {round} dose of {med}. The call before was an emergency and ran over, and the medicines part of {p}'s call was missed in the rush.",
            "@CS {P} was asleep when the {round} medicines were offered, and nobody went back to offer them again. The dose of {med} was missed.",
            "@S~11-15 {P} was out at their day centre at the time of their lunchtime {med}, and the dose had not been sent with them.",
        ],
        follow: &[
            "I contacted {gp} for advice. They said to give the dose now and leave a gap before the next one, which we did.",
            "I told {senior}, who checked with the pharmacist. We were advised to leave out the missed dose and carry on as prescribed.",
            "@CSY {Senior} checked the rest of the round and found no other missed doses.",
            "@H I rang the office and the care coordinator spoke to the pharmacist, who said the dose could be given now.",
            "The missed dose was recorded on the MAR chart with the reason and the advice given.",
        ],
        outcomes: &[
            o(
                Harm::None,
                70,
                &[
                    "@CSY No harm was identified and {p} was monitored for the rest of the shift.",
                    "{P} showed no ill effects.",
                    "{P} was well and was told what had happened.",
                ],
            ),
            o(
                Harm::Low,
                25,
                &[
                    "{P} was more unsettled that evening than usual, which may be linked; their observations were within the normal range.",
                    "{P} had some breakthrough pain later in the day, which settled with their usual pain relief.",
                ],
            ),
            o(
                Harm::Moderate,
                5,
                &[
                    "{P} became unwell later in the day and was seen by the GP, who linked it to the missed dose. They have since recovered.",
                ],
            ),
        ],
        factors: MED_FACTORS,
        immediate: MED_IMMEDIATE,
        well: MED_WELL,
        ..BASE
    },
    Scenario {
        key: "medication_wrong_time",
        category: Category::Medication,
        rates: [5.0, 3.0, 1.0, 5.0, 0.0],
        hours: Hours::Medicines,
        flags: MEDICATION_ERROR,
        events: &[
            "@CS {P}'s co-careldopa, which is time-critical for their Parkinson's, was given {late} late because the {round} round ran over.",
            "{When} I noticed that {p} had been given paracetamol at {before} and again at {time}, less than four hours apart.",
            "The {round} medicines for {p} were given {late} late. {Staff} was supporting another {person} who had become unwell and the round was paused.",
            "@H The {round} call to {p} was {late} late because of traffic and an earlier call running over, so their medicines were prompted later than prescribed.",
            "@~07-10 {P}'s {med}, which should be taken before food, was given after breakfast.",
            "@CSY {P}'s antibiotics were given at {time} instead of at the prescribed time earlier in the day, so the doses were too close together.",
        ],
        follow: &[
            "{Senior} checked the timing of the next dose with the pharmacist and it was moved back to keep a safe gap.",
            "I contacted {gp} for advice and was told that no action was needed other than monitoring.",
            "The actual times were recorded on the MAR chart with an explanation.",
            "@H The office was told so that the run can be looked at.",
        ],
        outcomes: &[
            o(Harm::None, 80, &["There was no harm to {p}.", "{P} was well throughout.", ""]),
            o(
                Harm::Low,
                18,
                &[
                    "{P} was uncomfortable for a while afterwards, which settled after the dose.",
                    "{P} was a little drowsy for a couple of hours and was checked regularly.",
                ],
            ),
            o(
                Harm::Moderate,
                2,
                &[
                    "{P} became very drowsy and was monitored closely; the GP visited and reviewed them, and they were back to their usual self by the evening.",
                ],
            ),
        ],
        factors: MED_FACTORS,
        immediate: MED_IMMEDIATE,
        well: MED_WELL,
        ..BASE
    },
    Scenario {
        key: "medication_mar_not_signed",
        category: Category::Medication,
        rates: [6.0, 4.0, 2.0, 3.0, 0.0],
        hours: Hours::Medicines,
        flags: MEDICATION_ERROR,
        events: &[
            "@#gap During the {round} round I found {n} gaps on {p}'s MAR chart from the last two days. The tablets had been taken out of the blister pack, so it looks as if they were given but not signed for.",
            "@#gap The MAR chart for {p} was not signed for the {prev_round} dose of {med}. I could not be sure whether the dose had been given, so I checked the stock count.",
            "@#gap At the weekly medicines audit I found that {p}'s {med} had not been signed for on {n} occasions this week.",
            "@H#gap The MAR sheet in {p}'s home had no signature for the {prev_round} call, although the visit notes said medicines had been given.",
            "@CSY#hand A handwritten entry for {p}'s new {med} had been added to the MAR chart without a second signature to check it.",
        ],
        follow: &[
            "@#gap I checked with the staff member from the previous shift, who confirmed the dose had been given, and they signed a dated late entry.",
            "@#gap {Senior} did a stock count, which matched what would be expected if the doses had been given.",
            "@#gap The stock count did not show whether the dose had been given, so we treated it as missed and took advice from the pharmacist.",
            "@#gap I told {senior} and the gap was followed up.",
            "@#hand {Senior} checked the entry against the prescription and the pharmacy label and countersigned it.",
            "@#hand The entry was checked against the GP's letter, which matched, and a second member of staff countersigned it.",
        ],
        outcomes: &[o(Harm::None, 1, &["There is no sign of harm to {p}.", ""])],
        factors: MED_FACTORS,
        immediate: MED_IMMEDIATE,
        well: MED_WELL,
        ..BASE
    },
    Scenario {
        key: "medication_controlled_drug_count",
        category: Category::Medication,
        rates: [3.0, 0.6, 0.0, 0.0, 0.0],
        hours: Hours::Handover,
        flags: MEDICATION_ERROR,
        events: &[
            "@#count At the {time} controlled drug check, the balance of {cd} for {p} was {cd_diff} than the register showed.",
            "@#sign During the handover count of controlled drugs, an entry for {p}'s {cd} had been witnessed but not signed by the second checker.",
            "@#count The running balance for {p}'s {cd} had been carried forward wrongly from one page of the register to the next, which made the count look short.",
            "@C#sign {P} was given a dose of {cd} at {before} and it was signed in the register by one nurse only; there was no second signature.",
        ],
        follow: &[
            "@#count {Senior} and I recounted together and checked the register back over the last week. We found a dose recorded on the MAR chart but not in the register, and corrected it with a dated, witnessed late entry.",
            "@#count We could not account for the difference. {Mgr} was told and the controlled drugs procedure was followed, including informing the controlled drugs accountable officer.",
            "@#count The difference turned out to be a measuring error with the oral syringe; the pharmacist agreed the balance could be corrected with a witnessed entry.",
            "@#sign The second nurse confirmed they had witnessed the dose, and the register was signed with a dated late entry giving the reason.",
            "The register was corrected with a witnessed, dated entry and the pharmacist was informed.",
        ],
        outcomes: &[o(Harm::None, 1, &["{P} received all their prescribed doses and was not harmed.", ""])],
        factors: &[
            "The count was done at the end of a long shift during handover.",
            "Two different registers were in use while the new one was being started.",
            "",
        ],
        immediate: &[
            "Recounted with a second nurse. Informed {mgr}. Secured the register and the stock.",
            "Checked the register against the MAR chart for the last seven days and recorded the findings.",
        ],
        well: &[
            "The discrepancy was found at the next count, so it could be traced quickly.",
            "Both nurses stayed late to recount carefully.",
        ],
        ..BASE
    },
    Scenario {
        key: "medication_prn_without_protocol",
        category: Category::Medication,
        rates: [2.0, 3.0, 1.5, 0.5, 0.5],
        hours: Hours::Behaviour,
        flags: MEDICATION_ERROR,
        events: &[
            "@#proto {When} {p} was given PRN {prn} for {prn_reason}. There is no PRN protocol for this medicine, so it was not clear when it should be offered or what to try first.",
            "@#proto {P} was given PRN {prn} by {staff}. When I checked the PRN protocol afterwards it had expired last month and had not been reviewed.",
            "I noticed that PRN {prn} had been given to {p} {n} times this week without the reason being written on the back of the MAR chart, as the protocol asks.",
            "@SD PRN {prn} was given to {p} for {prn_reason} while out on an activity, but the protocol and the recording sheet had not been taken with them.",
        ],
        follow: &[
            "@#proto I told {senior}, who has asked the GP to write or update the PRN protocol.",
            "I told {senior}, and the PRN records will be checked at every handover for the next month.",
            "The protocol has been flagged for review at the next medicines audit.",
            "I added a note to the handover so everyone knows the protocol is being reviewed.",
        ],
        outcomes: &[
            o(Harm::None, 90, &["{P} was comfortable afterwards.", ""]),
            o(Harm::Low, 10, &["{P} was drowsy for a short time afterwards and was checked regularly."]),
        ],
        factors: MED_FACTORS,
        immediate: MED_IMMEDIATE,
        well: MED_WELL,
        ..BASE
    },
    Scenario {
        key: "medication_good_catch",
        kind: ReportKind::NearMiss,
        category: Category::Medication,
        rates: [4.0, 2.5, 1.5, 2.0, 0.5],
        hours: Hours::Medicines,
        events: &[
            "@#pots {When}, during the {round} round, I noticed two medicine pots on the trolley that had not been labelled. I was about to take one to {p} when I realised it could have been for {q}.",
            "@#supply The pharmacy delivered {p}'s {med} in a new strength, but the MAR chart still showed the old strength. I noticed before giving the dose.",
            "@#supply A new box of {med} for {p} had another {person}'s label on the outer packaging. I noticed before anything was given.",
            "@CS#pots {Staff} brought me {p}'s medicines while I was with {q}. I checked the photo on the MAR chart before giving them and realised they were not for {q}.",
            "@H#supply The new blister pack delivered to {p}'s home had the lunchtime and teatime tablets the wrong way round compared with the MAR sheet. I noticed before prompting them.",
            "@Y#pack {P}'s {med} was packed for a weekend with family, but the bottle packed was for {q}. I noticed when checking the bag before they left.",
        ],
        follow: &[
            "@#pots I stopped, put the pots back on the trolley and re-checked each one against the MAR chart and photo.",
            "@#pots I told {senior}, and we agreed that pots are labelled as soon as they are filled.",
            "@#supply I set the medicine aside and rang the pharmacy, who confirmed the error and sent the correct supply the same day.",
            "@#supply I told {senior} and we checked the other new supplies in the delivery.",
            "@#pack The right medicine was packed and checked by a second member of staff.",
        ],
        outcomes: NO_HARM_REACHED,
        immediate: &[
            "@#pots Separated the medicines, re-checked them against the MAR charts and informed {senior}.",
            "@#supply Quarantined the incorrect supply and contacted the pharmacy.",
            "@#supply Returned the medicine to the pharmacy and recorded it in the returns book.",
            "@#pack Repacked the medicines with a second check and updated the leave medicines record.",
        ],
        well: &[
            "Checking carefully every time caught this before it reached anyone.",
            "@#pots Being interrupted is common on the round; stopping and starting the check again worked.",
            "@#supply The pharmacy responded quickly and the right supply arrived the same day.",
        ],
        ..BASE
    },
    Scenario {
        key: "medication_emar_alert",
        kind: ReportKind::NearMiss,
        category: Category::Medication,
        rates: [3.0, 0.0, 0.0, 0.0, 0.0],
        hours: Hours::Medicines,
        flags: AFTER_MEDICINES_CHANGE,
        events: &[
            "@#dup {When} the electronic MAR alerted me that {p}'s {med} had already been given by {staff} at the start of the round. I had a second dose ready to give.",
            "@#dup During the {round} round the eMAR would not let me record paracetamol for {p} because it was less than four hours since the last dose.",
            "@#scan The eMAR flagged that {p}'s {round} dose of {med} had not been scanned by the end of the round. I found the pot still on the trolley and gave it within the time window, so the dose was not missed.",
            "@#tabard While I was wearing the 'do not disturb' tabard on the {round} round, {staff} was about to interrupt me about {q}, saw the tabard and waited. I was checking {p}'s {med} against a new prescription at the time.",
        ],
        follow: &[
            "@#dup I did not give the dose and checked with {staff}, who confirmed the earlier dose.",
            "I told {senior} so it can be shared at the next huddle as an example of the new system working.",
            "I checked {p}'s eMAR history with {senior} and everything matched.",
        ],
        outcomes: NO_HARM_REACHED,
        immediate: &[
            "@#dup Did not give the dose. Checked the eMAR record with {senior}.",
            "@#scan Gave the dose within the window and recorded it.",
        ],
        well: &[
            "The new eMAR alerts and the protected medicines round are doing what we hoped.",
            "The alert was clear and I knew what to do.",
            "Everyone is respecting the tabard, so the round is calmer.",
        ],
        ..BASE
    },
    // ------------------------------------------------------------------ falls
    Scenario {
        key: "fall_unwitnessed",
        category: Category::Falls,
        rates: [11.0, 3.0, 0.0, 4.0, 0.8],
        hours: Hours::Falls,
        flags: SEASONAL_FALLS,
        events: &[
            "@C {When}, during a routine check, I found {p} on the floor of their bedroom beside the bed. They said they had been trying to get to the toilet.",
            "@CS {P} was found sitting on the floor in {place} {when}. Nobody saw them fall. They were calm and said they had slid down from the chair.",
            "@C {When} I heard a bang from {room} and found {p} lying on their side on the floor near the en-suite door. Their walking frame was out of reach by the wardrobe.",
            "@S {When} I went into {p}'s flat to support them and found them on the kitchen floor. They could not say how long they had been there.",
            "@H When I arrived for the {round} call {when} I found {p} on the floor in the hallway. They said they had fallen about an hour earlier and could not reach their pendant alarm.",
            "@C#mat {P} was found on the floor of their room during the {time} check. The sensor mat had not been switched on at the wall, so no alert had sounded.",
            "@D {P} was found on the floor of the toilet at the centre {when}. They had gone on their own, which is usual for them.",
            "@CS {When} {staff} found {p} kneeling on the floor of {place}, holding on to the chair.",
            "@H {P}'s daughter rang the office to say she had found {p} on the bathroom floor {when}. I was sent to help.",
            "@H {P} was sitting on the floor beside their bed when I arrived for the {round} call {when}. They said they had slipped while getting dressed.",
            "@H {P} pressed their pendant alarm {when} after falling in the kitchen, and the response centre asked us to attend.",
            "@D {P} was found sitting on the floor of {place} {when}. Nobody saw them fall; they said they had reached for a cup.",
        ],
        follow: &[
            "I did not move them until they had been checked for injury. {Senior} carried out a head-to-toe check and started neurological observations, then we used the {aid} to help them up.",
            "I called {senior}, who checked them over. There was no sign of a head injury and they were helped up safely.",
            "{P} takes a blood thinner, so we followed the head injury guidance and called {gp} for advice.",
            "@H I called the office and NHS 111. {P} was checked for injury and helped into their chair once it was safe.",
            "We used the ISTUMBLE checklist before deciding to help {p} up.",
        ],
        outcomes: &[
            o(
                Harm::None,
                55,
                &[
                    "No injury was found, and {p} was settled and comfortable afterwards.",
                    "{P} had no injuries and was their usual self by the morning.",
                    "There were no injuries.",
                ],
            ),
            o(
                Harm::Low,
                33,
                &[
                    "{P} has a small skin tear on their left forearm, which was cleaned and dressed.",
                    "{P} has a bruise on their right hip and some soreness; paracetamol was given as prescribed.",
                    "{P} has a red mark on their forehead; neurological observations stayed normal.",
                ],
            ),
            o(
                Harm::Moderate,
                10,
                &[
                    "{P} had a cut to the back of the head that needed glue at the minor injuries unit.",
                    "{P} was taken to hospital by ambulance and an X-ray showed a fractured wrist, which has been put in plaster.",
                ],
            ),
            o(
                Harm::Severe,
                2,
                &[
                    "{P} was taken to hospital by ambulance and was found to have a fractured hip. They are due to have surgery.",
                ],
            ),
            o(
                Harm::Death,
                2,
                &[
                    "{P} was taken to hospital with a fractured hip and a head injury, and the hospital has told us that they have died. Their family are being supported, the duty of candour is being followed and CQC has been notified.",
                ],
            ),
        ],
        factors: FALL_FACTORS,
        immediate: FALL_IMMEDIATE,
        well: FALL_WELL,
        ..BASE
    },
    Scenario {
        key: "fall_witnessed",
        category: Category::Falls,
        rates: [5.0, 2.5, 0.6, 2.0, 2.5],
        hours: Hours::Waking,
        flags: SEASONAL_FALLS,
        events: &[
            "{When} {p} lost their balance while standing up from the dining chair and sat down heavily on the floor. {Staff} was beside them and guided them down.",
            "@CSD While being supported to move from the wheelchair to an armchair in {place}, {p}'s legs gave way and two staff lowered them to the floor.",
            "{P} tripped on the edge of the rug in {place} {when} and fell forwards onto their knees.",
            "@D During the seated exercise session {when}, {p} stood up without their frame and fell sideways.",
            "@Y~10-20 {P} fell while playing football in the garden {when} and hurt their wrist.",
            "@H While I was supporting {p} to step out of the shower {when}, they slipped on the wet floor and I helped them down to sit on the bath mat.",
            "@CS {P} was walking to the garden with {staff} when they caught their foot on the door threshold and fell.",
        ],
        follow: &[
            "We checked them for injury before helping them up with the {aid}.",
            "{Senior} checked them over and they were helped up once it was safe.",
            "They were checked for injury and sat with a drink while we watched for any change.",
        ],
        outcomes: &[
            o(Harm::None, 50, &["There were no injuries.", "{P} was not hurt and carried on with their day."]),
            o(
                Harm::Low,
                40,
                &[
                    "{P} has grazed knees, which were cleaned and dressed.",
                    "{P} has a bruise on their elbow.",
                    "{P} had a sore wrist that eased with ice and rest.",
                ],
            ),
            o(
                Harm::Moderate,
                9,
                &["{P} was taken to the minor injuries unit, where a small fracture of the wrist was found."],
            ),
            o(Harm::Severe, 1, &["{P} was taken to hospital by ambulance with a fractured hip and needed surgery."]),
        ],
        factors: FALL_FACTORS,
        immediate: FALL_IMMEDIATE,
        well: FALL_WELL,
        ..BASE
    },
    Scenario {
        key: "fall_alarm_not_on",
        kind: ReportKind::NearMiss,
        category: Category::Falls,
        rates: [3.0, 0.6, 0.0, 0.6, 0.0],
        hours: Hours::Night,
        flags: SEASONAL_FALLS,
        events: &[
            "@C~21-06#mat During the {time} check I found that {p}'s sensor mat was not switched on at the wall. {P} was asleep in bed and had not got up.",
            "@C#mat {P}'s sensor mat cable had been unplugged, possibly when the room was cleaned. I noticed on the {time} check.",
            "@CS#bell {P}'s call bell had been left hanging behind the bedside cabinet, out of their reach.",
            "@C#bed The bed of {p}, who is at high risk of falls, had been left at working height instead of being lowered after personal care.",
            "@H#pendant {P}'s pendant alarm was on the kitchen table and not being worn when I arrived for the {round} call.",
            "@H#pendant The battery light on {p}'s pendant alarm was flashing, and the test call did not connect.",
            "@S#mat The door sensor in {p}'s flat was switched off, so the waking night staff would not have known if they got up.",
        ],
        follow: &[
            "@#mat I switched it back on, checked that the alarm sounded and told {senior}.",
            "@#bell I put it within reach and checked {p} knew how to use it.",
            "@#bed I lowered the bed and put the crash mat in place.",
            "@H#pendant I explained why the pendant matters, {p} agreed to wear it, and I let the office know.",
        ],
        outcomes: &[o(Harm::None, 1, &["{P} did not fall and was not harmed.", "No fall happened.", ""])],
        immediate: &[
            "@#mat Switched the equipment back on and tested it. Informed {senior} and noted it on the handover sheet.",
            "Told {senior} and noted it on the handover sheet.",
        ],
        well: &["Following the check sheet on every round picked this up.", "It was spotted before anything happened."],
        ..BASE
    },
    Scenario {
        key: "fall_hazard",
        kind: ReportKind::NearMiss,
        category: Category::Falls,
        rates: [2.0, 1.5, 0.3, 2.0, 1.5],
        hours: Hours::Daytime,
        flags: SEASONAL_FALLS,
        events: &[
            "@#spill {When} I saw {p} heading across {place} towards a patch of spilled tea. I asked them to wait and cleaned it up before they walked on.",
            "{P} got up to walk without their frame, which had been moved to the side of {place} while the floor was cleaned. I brought it to them before they set off.",
            "@H#bulb When I arrived at {p}'s home the hallway light bulb had gone and the hallway was dark. {P} said they had nearly tripped on the step the night before.",
            "@CD#brake The brake on {p}'s wheelchair did not hold when I checked it before a transfer.",
            "@S#shoes {P}'s new shoes were too big and were slipping off at the heel as they walked to the car.",
            "@CSD#cable A trailing cable from the television had been left across the floor of {place}.",
        ],
        follow: &[
            "I told {senior} and it was sorted the same day.",
            "@H#bulb I rang the office, who contacted {family} to replace the bulb that day.",
            "@#brake The wheelchair was taken out of use and labelled until it could be repaired.",
            "@#cable I reported it to maintenance and made the area safe in the meantime.",
            "@#shoes I told {family}, who are buying a better-fitting pair.",
        ],
        outcomes: &[o(Harm::None, 1, &["Nobody fell.", "No harm came to {p}.", ""])],
        immediate: &["Made the area safe and reported it.", "Removed the hazard and told {senior}."],
        well: &["Keeping an eye on the floor as well as the person paid off.", "It was sorted straight away."],
        ..BASE
    },
    // --------------------------------------------------- restrictive practice
    Scenario {
        key: "restrictive_physical_intervention",
        category: Category::RestrictivePractice,
        rates: [0.6, 2.0, 6.0, 0.0, 0.8],
        hours: Hours::Behaviour,
        psych: Psych::Distress,
        events: &[
            "@Y {When} {p} became very distressed after a phone call with family and began throwing things in the kitchen. Staff tried talking calmly and giving space for about ten minutes. When {p} picked up a knife from the drawer, two staff used an approved holding technique from their behaviour support plan for about {mins} minutes until they were calm.",
            "@Y {P} tried to hit {q} in the lounge {when}. {Staff} stepped between them and guided {p} away by the arm using an approved technique. The hold lasted less than a minute.",
            "@S {P} was hitting their head against the wall of {place}. Following their PBS plan, staff first offered their sensory box and the quiet room. When this did not help, two staff used a seated hold for {mins} minutes to keep them safe.",
            "@SY~09-21 {When} {p} ran towards the road while we were out. {Staff} held their arm to stop them stepping into traffic.",
            "@C {P} was hitting out during personal care and a second carer held their hands for a few seconds so that their pad could be changed. This is in their care plan under a best-interests decision.",
            "@D {P} tried to leave the minibus while it was moving slowly in traffic, and the escort held their arm until the driver could stop.",
            "@C {P} tried to hit another resident with their walking stick, and {staff} held their arm for a few seconds until the other resident had moved away.",
            "@D {P} grabbed another person's hair in {place}, and staff used the release technique set out in their support plan.",
            "@S {P} went to hit {staff} while upset, and two staff used a standing hold for {mins} minutes, as set out in their PBS plan.",
        ],
        follow: &[
            "The hold was recorded in the restrictive practice log and {p} was offered a debrief once they were calm.",
            "{P} was checked for injury afterwards and a body map completed. {Family} was informed.",
            "{Mgr} reviewed the incident the next day with the staff involved.",
            "The staff involved had a short debrief at the end of the shift.",
        ],
        outcomes: &[
            o(Harm::None, 60, &["{P} had no injuries from the hold.", "Nobody was hurt."]),
            o(
                Harm::Low,
                35,
                &[
                    "{P} had red marks on their wrist that faded within the hour. {Staff} had a scratch to the hand.",
                    "{P} had a small graze on their elbow.",
                ],
            ),
            o(
                Harm::Moderate,
                5,
                &[
                    "{P} bruised their forearm during the hold; it was photographed and recorded on a body map, and their social worker was informed.",
                ],
            ),
        ],
        factors: BEHAVIOUR_FACTORS,
        immediate: &[
            "Recorded in the restrictive practice log. Body map completed. Debrief offered to {p} and to staff.",
            "Informed the manager on call and {family}. Reviewed the triggers in the PBS plan.",
            "Checked {p} for injury and made sure they had a trusted adult with them for the rest of the evening.",
        ],
        well: &[
            "Staff followed the de-escalation steps in the plan before any hold was used.",
            "The hold was stopped as soon as {p} was calm, and they were supported to talk about it afterwards.",
            "The team stayed calm and kept talking to {p} throughout.",
        ],
        ..BASE
    },
    Scenario {
        key: "restrictive_prn_sedation",
        category: Category::RestrictivePractice,
        rates: [2.0, 2.0, 0.3, 0.0, 0.0],
        hours: Hours::Behaviour,
        psych: Psych::Mild,
        events: &[
            "{When} {p} was very distressed, shouting and trying to leave the building. A walk in the garden and a favourite drink were tried first. After about forty minutes PRN {sed} was given, as set out in their PRN protocol.",
            "{P} was given PRN {sed} {when} because they were unsettled. It was not recorded what other approaches had been tried first, as the protocol asks.",
            "@S {P} was given PRN {sed} for anxiety before a dental appointment, as agreed in their best-interests decision.",
            "PRN {sed} has been given to {p} on four of the last seven evenings. This is more than usual and may mean their plan needs reviewing.",
        ],
        follow: &[
            "It was recorded in the restrictive practice log and will be looked at in the next medicines review with the GP.",
            "{Senior} has asked the community mental health team to review {p}.",
            "I have asked {mgr} for {p}'s behaviour support plan to be reviewed.",
        ],
        outcomes: &[
            o(Harm::None, 85, &["{P} settled within the hour.", ""]),
            o(Harm::Low, 15, &["{P} was drowsy and unsteady for some hours afterwards, so checks were increased."]),
        ],
        factors: BEHAVIOUR_FACTORS,
        immediate: &[
            "Recorded in the restrictive practice log and the MAR chart, with what was tried first.",
            "Increased checks while {p} was drowsy.",
        ],
        well: &[
            "Other ways of calming {p} were tried first and recorded.",
            "The protocol was clear about when PRN could be offered.",
        ],
        ..BASE
    },
    Scenario {
        key: "restrictive_environment",
        kind: ReportKind::Concern,
        category: Category::RestrictivePractice,
        rates: [1.5, 2.0, 1.5, 0.0, 0.5],
        hours: Hours::Daytime,
        psych: Psych::Mild,
        events: &[
            "@S The door to the shared kitchen has been kept locked at night for several weeks. This stops {p}, who has capacity, from making a drink when they want one. It is not in their support plan.",
            "@C The keypad on the front door means {p} cannot go out to the garden on their own. There is no DoLS authorisation or best-interests decision on file for them.",
            "@Y Sharp knives are locked away for everyone because of a risk assessment for one young person. {P} has asked why they cannot use them to cook, and the restriction has not been reviewed.",
            "@CSY {P}'s bedroom door was locked while they were out, and they could not get back in without asking staff. This is not in their plan.",
            "@C {P}'s walking frame was moved out of reach while they sat in the lounge so that they would not get up. I am concerned this is a restriction.",
            "@D The door to the garden was locked for the whole day because one person was at risk of leaving, which meant nobody else could use it.",
            "@S The front door of the house is kept locked with a key, and {p}, who is able to go out alone, has to ask staff every time.",
            "@D The kitchen at the centre is locked all day, so {p} cannot make their own drink, which is one of their goals.",
            "@Y {P}'s phone was taken away overnight as a consequence, which is not part of the agreed approach in their placement plan.",
        ],
        follow: RESTRICTION_FOLLOW,
        immediate: &[
            "Raised it with the person in charge the same day and recorded it in the restrictive practice log.",
        ],
        well: &["The team were open when I asked about it.", ""],
        ..BASE
    },
    Scenario {
        key: "restrictive_mechanical",
        kind: ReportKind::Concern,
        category: Category::RestrictivePractice,
        rates: [1.5, 0.8, 0.0, 0.0, 1.2],
        hours: Hours::Daytime,
        psych: Psych::Mild,
        events: &[
            "@CSD {P} was sitting in their wheelchair in {place} with the lap belt fastened. Their plan says the belt is only for when the chair is moving.",
            "@C Bed rails were raised on {p}'s bed overnight. There is no bed rail risk assessment in their {plan}.",
            "@C {P} was sitting in a tilted-back recliner chair in the lounge, which stopped them getting up. This is not recorded as a restriction.",
            "@D The minibus harness was left fastened on {p} while they waited inside the vehicle for twenty minutes.",
            "@S A table had been pushed against {p}'s armchair so they could not get up while staff were busy.",
        ],
        follow: RESTRICTION_FOLLOW,
        immediate: &["Removed the restriction and checked {p} was comfortable. Told {senior}."],
        well: &["It was noticed and questioned rather than accepted as normal.", ""],
        ..BASE
    },
    // ----------------------------------------------------------- safeguarding
    Scenario {
        key: "safeguarding_unexplained_bruising",
        kind: ReportKind::Concern,
        category: Category::Safeguarding,
        rates: [3.0, 2.0, 1.5, 2.5, 1.5],
        hours: Hours::PersonalCare,
        psych: Psych::Mild,
        events: &[
            "@CSHD During personal care {when} I noticed a bruise about the size of a 50p coin on {p}'s upper arm. There is no record of a fall or knock, and {p} could not say how it happened.",
            "@CSHD {P} had bruises like finger marks on their inner upper arm when I helped them to wash {when}.",
            "@Y I noticed bruising on {p}'s upper arm {when} when they were in the kitchen in a T-shirt. They said they did not know how it happened.",
            "@Y~12-21 {P} came back from family time with bruising on their cheek. When I asked if they were OK, they said they had walked into a door.",
            "@H When I helped {p} to dress I noticed new bruising on both shins and a graze on their hand. They told me they did not know how it happened.",
            "@D~08-10 {P} arrived at the centre with a bruise on their forehead. The transport escort did not know about it.",
            "@CS I noticed a yellowing bruise on {p}'s thigh during personal care. It is not on their body map.",
            "@Y {P} had a bruise on their back that they said happened at football, but school said there was no football that week.",
        ],
        follow: &[
            "I recorded it on a body map with measurements and told {senior}. {Mgr} made a safeguarding referral to the local authority the same day.",
            "The bruise was photographed with consent and recorded. {Mgr} discussed it with the local authority safeguarding team, who advised on next steps.",
            "@Y The manager on call spoke to the social worker and a strategy discussion is being arranged.",
            "@D We rang {family}, who did not know how it happened, and the manager made a safeguarding referral.",
        ],
        outcomes: &[
            o(Harm::Low, 85, &[""]),
            o(Harm::Moderate, 15, &["{P} was seen by the GP, who asked for an X-ray to rule out a fracture."]),
        ],
        immediate: &[
            "Completed a body map with measurements and informed {senior} and {mgr}. Checked the {record} and handover notes for any explanation.",
            "Recorded what was seen and what {p} said, in their own words. Informed {mgr}, who made a safeguarding referral to the local authority.",
        ],
        well: SAFEGUARDING_WELL,
        ..BASE
    },
    Scenario {
        key: "safeguarding_financial",
        kind: ReportKind::Concern,
        category: Category::Safeguarding,
        rates: [1.0, 2.5, 0.3, 2.0, 0.3],
        hours: Hours::Daytime,
        psych: Psych::Mild,
        events: &[
            "@S#cash When I checked {p}'s money with them, the cash tin was £40 short of the balance on the record sheet. Two staff had signed the sheet the evening before.",
            "@SH#card {P} told me a relative has been taking their bank card and keeping it for several days at a time. {P} said they have had no money for food this week.",
            "@H#card {P} showed me a letter about a new credit card they said they had not applied for. They said a friend had helped them with their paperwork last month.",
            "@C A relative of {p} has asked three times this month for {p}'s cash to be handed over to them to look after. {P}'s finances are managed by the local authority appointee.",
            "@S {P} has bought several expensive items for a new acquaintance and now has no money left for the week.",
            "@D#cash The money sent in for {p}'s lunches did not match what was recorded as received, for the third week running.",
            "@Y#cash {P}'s pocket money record does not match what they say they received over the last month.",
            "@H {P} said a man came to the door offering to fix the roof and they paid him £300 in cash.",
            "@C#cash {P}'s personal allowance record shows a £20 withdrawal that nobody can account for.",
        ],
        follow: &[
            "I told {mgr} and we recorded what {p} said in their own words. A safeguarding referral was made to the local authority.",
            "@#cash The records were checked by two staff together, and {mgr} has made a referral.",
            "@#card {P} was supported to call the bank and stop the card.",
            "@H The office has told {family} and the local authority safeguarding team.",
        ],
        immediate: SAFEGUARDING_IMMEDIATE,
        well: SAFEGUARDING_WELL,
        ..BASE
    },
    Scenario {
        key: "safeguarding_allegation",
        kind: ReportKind::Concern,
        category: Category::Safeguarding,
        rates: [0.5, 0.8, 3.0, 0.5, 0.3],
        hours: Hours::Behaviour,
        psych: Psych::Distress,
        events: &[
            "@Y#staff {When} {p} told me that a member of staff had grabbed their arm hard the evening before. I listened, did not ask leading questions and wrote down what they said in their own words.",
            "@Y#staff {P} said that a member of night staff had sworn at them. I wrote down their words and told them what I would do next.",
            "@Y {P} said that {q} had taken money from their room and threatened them if they told anyone.",
            "@C#staff {P} told me that a carer on the night shift had been rough when helping them into bed and had told them to stop complaining.",
            "@SD#staff {P} said that a member of staff had shouted at them and called them lazy.",
            "@H#staff {P} told me that the carer on the morning call had been in a rush and had pulled their arm when helping them out of bed.",
            "@CS#staff {P}'s relative told me they saw a member of staff speak sharply to {p} and pull their chair away from the table.",
            "@H#staff {P}'s daughter told the office that a carer had been using {p}'s phone during the call.",
            "@D#staff {P}'s family said {p} came home upset and said a member of staff had pushed them.",
        ],
        follow: &[
            "@Y#staff I told {mgr} straight away. As the allegation is about a member of staff, the LADO was contacted the same day, in line with the allegations procedure.",
            "@#staff {Mgr} has informed the local authority safeguarding team, and the staff member has been moved to other duties while it is looked into.",
            "@Y I told {mgr}, who spoke to both young people's social workers the same evening.",
            "{P} was told what would happen next and who they could talk to.",
            "@Y Their social worker was informed the same day.",
        ],
        immediate: SAFEGUARDING_IMMEDIATE,
        well: SAFEGUARDING_WELL,
        ..BASE
    },
    Scenario {
        key: "safeguarding_disclosure",
        kind: ReportKind::Concern,
        category: Category::Safeguarding,
        rates: [0.0, 1.0, 2.0, 0.0, 1.0],
        hours: Hours::Evening,
        psych: Psych::Distress,
        events: &[
            "@Y {P} told me that someone they met online has been asking them for photos and to meet up. They showed me the messages on their phone. I did not delete anything and the phone was kept safe.",
            "@Y {P} came back from going missing with a new phone and new clothes and would not say where they had been. I am concerned about criminal exploitation.",
            "@SD {P} told me that someone at their college has been calling them names and pushing them on the bus. They asked me not to tell anyone, and I explained that I needed to share it to keep them safe.",
            "@S {P} told me their new partner has hit them. I listened and wrote down what they said in their own words.",
            "@Y {P} said an older young person at school has been asking them to carry a package for money.",
            "@SD {P} told me that a man at the bus stop has been asking them for money every week.",
        ],
        follow: &[
            "{Mgr} made a referral to the local authority the same day.",
            "@Y The manager on call contacted the police and the social worker, and a strategy meeting has been requested.",
            "A safety plan has been agreed with {p}.",
            "{P} was reassured that they had done the right thing by telling us.",
        ],
        immediate: SAFEGUARDING_IMMEDIATE,
        well: SAFEGUARDING_WELL,
        ..BASE
    },
    // ------------------------------------------ documentation and handover
    Scenario {
        key: "documentation_plan_out_of_date",
        kind: ReportKind::Concern,
        category: Category::Documentation,
        rates: [3.0, 2.0, 1.5, 2.0, 1.0],
        hours: Hours::Daytime,
        events: &[
            "{P}'s {plan} still says they need one member of staff to help them move, but since coming back from hospital they have needed two and the hoist. New or agency staff could follow the old plan.",
            "@CSD {P} was assessed by the speech and language therapist last week as needing IDDSI level 5 minced and moist food, but their {plan} and the kitchen list still say normal diet.",
            "The risk assessment for {p} was due for review three months ago and does not mention their recent falls.",
            "@Y {P}'s placement plan does not include the new contact arrangements agreed at their last review.",
            "@H The care plan in {p}'s home is an old version. The office copy was updated after the review, but the new one was not taken out.",
            "{P}'s {plan} does not mention that they now have a catheter, so there is no guidance on catheter care.",
        ],
        follow: &[
            "I told {senior} and the plan was updated the same day.",
            "I added a note to the handover so everyone knows until the plan is rewritten.",
            "A review has been booked and {mgr} has asked for a list of all plans due for review.",
        ],
        immediate: &[
            "Told the person in charge and added a note to the handover.",
            "Flagged the plan for urgent review.",
        ],
        well: &["The change was noticed before it caused a problem.", ""],
        ..BASE
    },
    Scenario {
        key: "documentation_records",
        category: Category::Documentation,
        rates: [2.0, 2.0, 1.0, 2.0, 0.6],
        hours: Hours::Daytime,
        events: &[
            "The {record} for {p} for yesterday's day shift were written in one entry at the end of the shift and do not say what support was given with meals.",
            "@CSH The fluid chart for {p} was not totalled at the end of the day for the last three days, so it was not clear whether they were reaching their target.",
            "@H The visit notes in {p}'s folder were blank for two calls yesterday, although the call monitoring system shows the visits happened.",
            "@Y The log of {p}'s time out of the home on Saturday does not say who they were with or when they came back.",
            "Entries in {p}'s {record} used abbreviations that agency staff did not understand.",
            "@C {P}'s repositioning chart had no entries between {before} and {time}.",
        ],
        follow: &[
            "I told {senior} and the gaps were followed up with the staff involved.",
            "This was raised at the team meeting as a reminder of why the records matter.",
            "The missing information was added as dated late entries by the staff who were there.",
        ],
        outcomes: &[o(Harm::None, 1, &["There is no sign that {p} came to any harm.", ""])],
        immediate: &["Told the person in charge and checked the rest of the records for the same shift."],
        ..BASE
    },
    Scenario {
        key: "handover_missed_information",
        category: Category::Communication,
        rates: [3.0, 2.0, 2.0, 1.5, 1.0],
        hours: Hours::Handover,
        events: &[
            "At the {time} handover I was not told that {p} had started a course of antibiotics. I found out when I saw the new box on the trolley.",
            "@CSH {P}'s GP had asked for their fluids to be encouraged and recorded, but this was not passed on at handover, so no fluid chart was started for the day shift.",
            "@Y Handover did not mention that {p} had been upset after family time and should not be left alone with {q}. An argument between them started at teatime.",
            "@H The office did not pass on that {p}'s family had cancelled the lunch call, so I arrived and the house was empty.",
            "@C The night team were not told that {p} had had a fall in the afternoon, so head injury observations were not continued overnight.",
            "@D {P}'s carers at home told the driver that {p} had had a seizure that morning, but this did not reach the centre staff.",
            "@S The waking night staff were not told that {p} had a hospital appointment early the next morning, so they were not woken in time.",
        ],
        follow: &[
            "I told {senior} and the information was passed on to everyone on shift.",
            "We have added it to the written handover sheet.",
            "{Mgr} is looking at using the handover checklist at every shift change.",
        ],
        outcomes: &[
            o(Harm::None, 85, &["There was no harm to {p}.", ""]),
            o(Harm::Low, 13, &["{P} was upset by the mix-up but was otherwise well."]),
            o(Harm::Moderate, 2, &["{P} became unwell overnight and was taken to hospital to be checked."]),
        ],
        immediate: &["Passed the information on to everyone on shift and updated the handover sheet."],
        well: &["Once the gap was noticed, everyone was updated within minutes.", ""],
        ..BASE
    },
    // ------------------------------------------------------ missing from care
    Scenario {
        key: "missing_not_returned",
        category: Category::MissingPerson,
        rates: [0.0, 0.0, 8.0, 0.0, 0.0],
        hours: Hours::Evening,
        psych: Psych::Distress,
        events: &[
            "{P} had agreed to be back by {before} but had not returned by {time}. Calls to their phone went to voicemail. We followed the missing from care procedure and reported {p} missing to the police at {after}.",
            "{P} left the home {when}, saying they were going to the shop. They did not come back and were not answering their phone. After searching the local area, the shift leader reported them missing to the police at {after}.",
            "@~16-20 {P} did not come back from school at the usual time. School confirmed they had left at the end of the day. They were reported missing to the police {when}.",
            "{P} climbed out of their bedroom window {when} and was seen getting into a car at the end of the road. The registration was noted and passed to the police straight away.",
            "{P} did not return from an agreed visit to a friend's house by the curfew of {before}. The friend's parent said they had left hours earlier.",
        ],
        follow: &[
            "{P} came back later that night, brought home by the police. They were offered food and a chance to talk, and the local authority was asked to arrange a return home interview.",
            "The police found {p} in the town centre and brought them home in the early hours.",
            "{P} came back on their own the next morning. They said they had stayed at a friend's flat.",
            "{P} rang the home just after {after} and staff collected them from the train station.",
        ],
        outcomes: &[
            o(Harm::None, 70, &["{P} was not hurt.", ""]),
            o(
                Harm::Low,
                22,
                &["{P} had a small cut on their hand and smelled of alcohol.", "{P} was cold and tired but not hurt."],
            ),
            o(
                Harm::Moderate,
                8,
                &[
                    "{P} was taken to A&E by the police because they were very drunk; they were discharged the next morning.",
                ],
            ),
        ],
        factors: &[
            "This is {p}'s fourth missing episode this month, and most have been on a Friday evening.",
            "{P} had a difficult phone call with family earlier in the day.",
            "{P} has been spending time with older young people who are not known to the home.",
            "",
        ],
        immediate: &[
            "Followed the missing from care procedure: searched the home and the local area, rang {p}'s phone and friends, reported to the police, and informed the social worker and the manager on call.",
            "Completed the missing person form with a recent photo and description for the police.",
        ],
        well: &[
            "The grab sheet was up to date, so the police had a photo and description straight away.",
            "Staff sent {p} calm, welcoming messages, which may have helped them come back.",
            "{P} was welcomed back warmly, without blame, and was happy to talk the next day.",
        ],
        ..BASE
    },
    Scenario {
        key: "missing_absent",
        category: Category::MissingPerson,
        rates: [0.0, 0.0, 3.0, 0.0, 0.0],
        hours: Hours::Evening,
        psych: Psych::Mild,
        events: &[
            "@~17-22 {P} was {late} late back from the park. We knew where they were because they had shared their location with staff, so they were recorded as absent rather than missing.",
            "@~16-21 {P} went to a friend's house after school without asking. The friend's parent rang us to say {p} was there, and staff collected them at {after}.",
            "{P} did not come home at {before} as agreed, but answered their phone and said they were on the bus. They arrived at {time}.",
        ],
        follow: &[
            "We talked with {p} the next day about keeping safe and agreed a plan for letting staff know where they are.",
            "Their social worker was informed the next morning.",
        ],
        outcomes: &[o(Harm::None, 1, &["{P} was safe and well.", ""])],
        immediate: &["Kept in contact by phone, recorded the times and informed the manager on call."],
        well: &[
            "{P} stayed in touch with staff, which is real progress for them.",
            "Staff kept calm and welcoming on {p}'s return.",
        ],
        ..BASE
    },
    // ----------------------------------------------------------- self-harm
    Scenario {
        key: "self_harm",
        category: Category::SelfHarm,
        rates: [0.3, 2.0, 4.0, 0.0, 0.3],
        hours: Hours::Evening,
        psych: Psych::Distress,
        events: &[
            "@YS#cut During the {time} check, {p} was found in their room with cuts to their forearm. They said they had used a blade from a pencil sharpener.",
            "@Y#cut {P} told me they had cut their thigh after an upsetting phone call. They showed me the wounds.",
            "@S#bang {P} was banging their head on the wall after an argument with a neighbour, which is a known form of self-injury for them.",
            "@YS#scratch {P} scratched their arms with their nails {when} after a difficult conversation about moving on.",
            "@CD#pick {P} has been picking at the skin on their hands until it bleeds, and it has got worse this week.",
            "@C#scratch {P} has been scratching at their arms during the night and has broken the skin.",
            "@D#scratch {P} bit their own hand hard when the music session ended, leaving marks.",
        ],
        follow: &[
            "First aid was given and {p} was supported to talk about how they were feeling. Their safety plan was reviewed with them.",
            "@#cut I stayed with {p} and told the manager on call. The mental health crisis team were contacted for advice.",
            "@#pick I talked with {p} about what might be worrying them and told {senior}.",
            "{P} was offered support and checks were increased overnight as set out in their safety plan.",
        ],
        outcomes: &[
            o(
                Harm::Low,
                70,
                &[
                    "@#cut The cuts were superficial and were cleaned and dressed with the first aid kit.",
                    "@#bang {P} had a red mark on their forehead; head injury observations stayed normal.",
                    "@#scratch There were red marks but no broken skin.",
                    "@#pick The areas were cleaned and covered, and the GP has been asked to review them.",
                ],
            ),
            o(
                Harm::Moderate,
                27,
                &[
                    "@#cut Two of the cuts were deep, and {p} was taken to A&E, where they were closed with glue and steri-strips.",
                    "@#bang {P} was taken to A&E to be checked for a head injury and was discharged the same night.",
                    "@#scratch Some of the scratches were deep and needed dressing by the practice nurse.",
                    "@#pick One area has become infected and the GP has prescribed antibiotics.",
                ],
            ),
            o(
                Harm::Severe,
                3,
                &[
                    "@#cut {P} was taken to hospital by ambulance and needed stitches and an overnight stay.",
                    "@#bang {P} had a head injury that needed an overnight stay in hospital for observation.",
                ],
            ),
        ],
        factors: &[
            "{P} had heard that day that a planned family visit was cancelled.",
            "It is the anniversary of a difficult event for {p}.",
            "",
        ],
        immediate: &[
            "@#cut Gave first aid, stayed with {p}, removed the blade and informed the manager on call and {family}.",
            "Gave first aid, stayed with {p} and informed {mgr} and {family}.",
            "Reviewed the safety plan with {p} and agreed increased checks.",
        ],
        well: &[
            "{P} came to staff for help, which they have not always felt able to do.",
            "Staff stayed calm and caring and did not show shock.",
        ],
        ..BASE
    },
    Scenario {
        key: "self_harm_overdose",
        category: Category::SelfHarm,
        rates: [0.0, 0.4, 0.8, 0.0, 0.0],
        hours: Hours::Evening,
        psych: Psych::Distress,
        events: &[
            "{P} told staff {when} that they had taken about {n} paracetamol tablets together after an argument.",
            "{P} was found with an empty packet of tablets in their room {when} and said they had taken them all.",
        ],
        follow: &[
            "An ambulance was called straight away and a member of staff went with {p} to hospital.",
            "We called 999 and stayed with {p} until the paramedics arrived.",
        ],
        outcomes: &[
            o(Harm::Moderate, 85, &["{P} was kept in hospital overnight for blood tests and treatment."]),
            o(
                Harm::Severe,
                15,
                &["{P} needed treatment over several days in hospital and has been seen by the mental health team."],
            ),
        ],
        immediate: &[
            "Called 999, kept the packet for the paramedics, went with {p} to hospital, informed the manager on call and {family}.",
        ],
        well: &[
            "{P} told staff what they had done, so help came quickly.",
            "The home's medicines were all locked away as they should be.",
        ],
        ..BASE
    },
    // ---------------------------------------------------------- behaviour
    Scenario {
        key: "behaviour_distress",
        category: Category::Behaviour,
        rates: [4.0, 3.0, 5.0, 0.5, 2.0],
        hours: Hours::Behaviour,
        psych: Psych::Distress,
        events: &[
            "@C~15-19 {When} {p} became distressed in {place}, calling out and trying to leave. They hit out at {staff} when approached from the side. This has happened late in the afternoon several times this week.",
            "@C#care During personal care {p} became upset and scratched {staff}'s arm. They seemed frightened and did not seem to recognise the carer.",
            "@SD~08-17 {P} became distressed {when} when the planned trip was cancelled. They shouted, threw a cup across {place} and pushed over a chair.",
            "@Y~15-23 {P} became angry {when} after being asked to come off the games console. They kicked the lounge door and swore at staff.",
            "@Y~15-18 {P} came back from school upset and went to their room. When staff knocked to check on them they threw a mug, which hit the door frame.",
            "@S~09-20 {P} was shouting in the street outside the shop and hit out at a member of the public who came close. Staff supported them back to the car.",
            "@H#care {P} was agitated when I arrived for the {round} call and would not let me help them wash. They pushed my arm away when I tried to help.",
            "@C~10-20 {P} was shouting at {others} in the lounge and threw their cup of tea, which splashed {q}.",
            "@S {P} became upset when their favourite member of staff went off shift and kicked the office door.",
            "@Y~16-23 {P} refused to hand over their phone at the agreed time and threw it at the wall, then went to their room and slammed the door repeatedly.",
            "@H#care {P} shouted at me to leave when I arrived for the {round} call and would not let me help for some minutes.",
            "@D~09-16 {P} became anxious in the busy café area and began hitting their head with their hand.",
        ],
        follow: &[
            "Staff gave {p} space and reduced demands, as set out in their behaviour support plan, and they settled after about {mins} minutes.",
            "{Staff} used distraction with music {p} enjoys, which helped.",
            "An ABC chart was completed so the team can look for patterns.",
            "@#care We tried again later with a different member of staff and {p} was happy to accept support.",
        ],
        outcomes: &[
            o(Harm::None, 60, &["Nobody was hurt.", ""]),
            o(
                Harm::Low,
                35,
                &[
                    "{Staff} had a scratch to the forearm, which was cleaned; no further treatment was needed.",
                    "{P} bumped their hand on the door and had a small bruise.",
                ],
            ),
            o(
                Harm::Moderate,
                5,
                &["{Staff} was bitten on the hand and went to the minor injuries unit for a tetanus check."],
            ),
        ],
        factors: BEHAVIOUR_FACTORS,
        immediate: &[
            "Gave {p} space, removed other people from the area and followed the behaviour support plan. Completed an ABC chart.",
            "Checked everyone for injuries and informed {senior}.",
        ],
        well: &[
            "Staff knew {p}'s early warning signs and stepped back in time.",
            "No restrictive practice was needed; giving space worked.",
            "{Staff} stayed calm and kept their voice low.",
        ],
        ..BASE
    },
    Scenario {
        key: "behaviour_between_people",
        category: Category::Behaviour,
        rates: [2.0, 1.2, 3.0, 0.0, 1.5],
        hours: Hours::Behaviour,
        psych: Psych::Mild,
        events: &[
            "{When}, in {place}, {p} pushed {q}, who was sitting next to them. Staff separated them and stayed with both.",
            "@C {P} walked into {q}'s room uninvited and {q} became upset and slapped their hand.",
            "@Y {P} and {q} argued about the television and {p} punched {q} on the arm.",
            "@SD~11-14 {P} took {q}'s drink at lunch and {q} hit out at them.",
            "@CS~07-19 {P} shouted at {q} in the dining room for sitting in their usual chair, and {q} was tearful afterwards.",
            "@Y {P} spat at {q} during an argument at the dinner table.",
            "@D {P} pushed {q} out of the queue for the minibus.",
        ],
        follow: &[
            "As this was between two people we support, it was discussed with the local authority safeguarding team.",
            "Both were checked for injury and offered time with a member of staff.",
            "Seating at mealtimes has been changed so they are not next to each other.",
        ],
        outcomes: &[
            o(Harm::None, 65, &["Neither was hurt.", ""]),
            o(
                Harm::Low,
                33,
                &["{Q} had a red mark on their arm that faded within the hour.", "{Q} had a small bruise."],
            ),
            o(
                Harm::Moderate,
                2,
                &["{Q} fell against the table and needed the cut on their eyebrow glued at the minor injuries unit."],
            ),
        ],
        factors: BEHAVIOUR_FACTORS,
        immediate: &["Separated them, checked both for injury, and informed both families and {mgr}."],
        well: &["Staff stepped in quickly and calmly.", "Both were supported afterwards."],
        ..BASE
    },
    Scenario {
        key: "behaviour_property_damage",
        category: Category::Behaviour,
        rates: [0.0, 1.2, 3.0, 0.0, 0.3],
        hours: Hours::Behaviour,
        psych: Psych::Mild,
        events: &[
            "@Y {P} damaged their bedroom door and broke the bathroom window {when} after an argument on the phone.",
            "@S {P} pulled the kitchen cupboard doors off their hinges {when} while upset about a change of staff.",
            "@Y {P} threw a chair at the lounge window, which cracked it.",
            "@SD~14-17 {P} ripped the display off the wall in {place} when they were told it was time to go home.",
            "@Y {P} kicked holes in the plasterboard in the hallway after being told they could not go out.",
            "@D {P} threw a chair across {place} when the session ended.",
        ],
        follow: &[
            "The area was made safe and the damage reported for repair.",
            "{P} was given time to calm down and later helped tidy up.",
        ],
        outcomes: &[
            o(Harm::None, 80, &["Nobody was hurt.", ""]),
            o(Harm::Low, 20, &["{P} had a small cut on their hand, which was cleaned and dressed."]),
        ],
        factors: BEHAVIOUR_FACTORS,
        immediate: &["Made the area safe, checked {p} for injury and reported the damage."],
        well: &["Staff kept other people away from the area until it was safe."],
        ..BASE
    },
    // ------------------------------------------------------- pressure care
    Scenario {
        key: "pressure_ulcer",
        category: Category::PressureCare,
        rates: [6.0, 0.8, 0.0, 3.0, 0.0],
        hours: Hours::PersonalCare,
        events: &[
            "During personal care {when} I noticed a new area of broken skin on {p}'s sacrum, about 2 cm across.",
            "@CH {P}'s heels were red and did not blanch when pressed, and there was a small blister on the left heel.",
            "{P} has a new open area on their right buttock. They have been sitting in their chair for long periods because they have been more tired.",
            "@C {P} came back from hospital with a pressure ulcer on their heel that was not mentioned in the discharge letter.",
            "@H When I helped {p} to wash I found an open area on their hip where the skin had broken down.",
            "@SH The skin on {p}'s bottom was red and broken when I supported them with personal care {when}.",
        ],
        follow: &[
            "The area was photographed and measured, and the district nurse was asked to visit. A pressure-relieving cushion was put in place.",
            "{Senior} checked {p}'s mattress setting and found it was set for a much heavier person; it was corrected.",
            "The repositioning plan was changed to every two hours and the body map updated.",
            "@H The office arranged a district nurse visit and asked for a pressure-relieving mattress.",
        ],
        outcomes: &[
            o(Harm::Low, 45, &["The district nurse graded it as a category 2 pressure ulcer."]),
            o(
                Harm::Moderate,
                48,
                &[
                    "The district nurse graded it as a category 3 pressure ulcer, and it has been reported to the local authority as the protocol requires.",
                ],
            ),
            o(
                Harm::Severe,
                7,
                &[
                    "The district nurse graded it as category 4. A safeguarding referral has been made and the tissue viability nurse is involved.",
                ],
            ),
        ],
        factors: &[
            "{P} has been eating less this month.",
            "The hoist sling was too small and was rubbing.",
            "{P} has been declining repositioning at night, which is recorded.",
            "",
        ],
        immediate: &[
            "Relieved the pressure, completed a body map with a photograph and measurement, and contacted the district nurse.",
        ],
        well: &[
            "It was noticed during personal care and acted on the same day.",
            "The district nurse came the same afternoon.",
        ],
        ..BASE
    },
    Scenario {
        key: "pressure_repositioning_missed",
        category: Category::PressureCare,
        rates: [3.0, 0.0, 0.0, 0.6, 0.0],
        hours: Hours::Night,
        events: &[
            "@C {P}'s repositioning chart showed a gap of six hours overnight. They are meant to be repositioned every three hours.",
            "@C#mattress {P}'s air mattress pump alarm had been silenced and the mattress was flat when I checked at {time}.",
            "@H~15-19 {P} had been left sitting in their chair from the morning call to the teatime call because the lunch call was missed.",
            "@C {P} was left sitting on the commode for about forty minutes because the call bell was not answered.",
            "@H {P}'s pressure-relieving cushion was not on their chair when I arrived; it had been taken away to be washed.",
        ],
        follow: &[
            "Their skin was checked straight away and {senior} was told.",
            "@#mattress The mattress was reinflated and the pump checked by maintenance.",
        ],
        outcomes: &[
            o(Harm::None, 80, &["Their skin was intact.", ""]),
            o(Harm::Low, 20, &["There was redness on their sacrum that faded within half an hour."]),
        ],
        immediate: &["Repositioned {p}, checked their skin and recorded it. Told {senior}."],
        well: &["It was spotted on the next check.", ""],
        ..BASE
    },
    // ------------------------------------------------- infection prevention
    Scenario {
        key: "infection_outbreak",
        category: Category::InfectionControl,
        rates: [2.0, 1.0, 0.6, 0.8, 0.8],
        hours: Hours::Daytime,
        flags: SEASONAL_INFECTION,
        events: &[
            "@C Since yesterday {n} residents on the first floor have had diarrhoea and vomiting, including {p}.",
            "@CS {P} has tested positive for COVID-19 after developing a cough and a temperature.",
            "{P} and two others have had flu symptoms since the weekend.",
            "@D Several people at the centre were sick after yesterday's trip, including {p}.",
            "@Y {P} and {q} both have diarrhoea and vomiting.",
            "@H {P} and their partner both have diarrhoea and vomiting.",
        ],
        follow: &[
            "Those affected were supported to stay in their rooms, staff were allocated to one area, and the health protection team were informed.",
            "Visiting was restricted on the advice of the UKHSA health protection team and enhanced cleaning started.",
            "@H Calls continued with full PPE, and the same carers were kept on the calls where possible.",
        ],
        outcomes: &[
            o(Harm::Low, 75, &["{P} is being supported to rest and drink plenty.", ""]),
            o(Harm::Moderate, 23, &["{P} became dehydrated and was admitted to hospital for fluids."]),
            o(Harm::Severe, 2, &["{P} developed pneumonia and was admitted to hospital."]),
        ],
        immediate: &[
            "Isolated those with symptoms, started enhanced cleaning and informed the health protection team.",
            "Started symptom monitoring for everyone and told families.",
        ],
        well: &[
            "The outbreak plan was followed from the first case.",
            "Staff worked extra shifts so the same people could look after the affected area.",
        ],
        ..BASE
    },
    Scenario {
        key: "infection_sharps_and_waste",
        kind: ReportKind::NearMiss,
        category: Category::InfectionControl,
        rates: [2.0, 0.5, 0.3, 1.0, 0.3],
        hours: Hours::Daytime,
        events: &[
            "@CH#needle I found a used insulin needle on {p}'s bedside table after the district nurse's visit.",
            "@C#bin The sharps bin in the treatment room was over the fill line and the lid would not close.",
            "@CSD#bin The clinical waste bin was overflowing and bags had been left on the floor of the sluice.",
            "@HS#ppe There were no gloves or aprons left in the PPE box at {p}'s home.",
            "@Y#needle A used needle was found in the garden near the back fence.",
        ],
        follow: &[
            "@#needle It was put in a sharps bin straight away and {senior} was told.",
            "@#bin A new bin was brought from stock and the collection booked.",
            "@H#ppe The office dropped off new PPE the same afternoon.",
            "@S#ppe The team leader ordered more the same day and brought some from the office.",
        ],
        outcomes: &[o(Harm::None, 1, &["Nobody was injured.", ""])],
        immediate: &["@#needle Made it safe and disposed of it correctly.", "Told {senior} and recorded it."],
        well: &["It was reported rather than just sorted out, so the cause can be fixed."],
        ..BASE
    },
    Scenario {
        key: "infection_needlestick",
        category: Category::InfectionControl,
        rates: [0.8, 0.1, 0.0, 0.3, 0.0],
        hours: Hours::Medicines,
        events: &[
            "@C {Staff} had a needlestick injury from a used lancet left on the medicines trolley after {p}'s blood sugar check.",
            "@CSH I pricked my finger on a used needle that had not been put in the sharps bin after {p}'s injection.",
        ],
        follow: &[
            "The wound was encouraged to bleed and washed, and occupational health advice was followed.",
            "The staff member went to A&E for a risk assessment, as the procedure says.",
        ],
        outcomes: &[o(Harm::Low, 1, &["The staff member is having follow-up blood tests."])],
        immediate: &["First aid given; occupational health and {mgr} informed."],
        well: &["The needlestick procedure was on the wall and easy to follow."],
        ..BASE
    },
    // -------------------------------------------- nutrition and hydration
    Scenario {
        key: "nutrition_wrong_texture",
        category: Category::NutritionHydration,
        rates: [3.0, 1.5, 0.0, 0.6, 1.0],
        hours: Hours::Meals,
        events: &[
            "@~11-14 {When} {p}, who needs IDDSI level 5 minced and moist food, was given a sandwich at lunch. They coughed while eating it.",
            "{P}'s drink was given without thickener. They need their drinks thickened to level 2 following a swallowing assessment.",
            "@C The kitchen sent up a regular plate for {p} instead of pureed. {Staff} noticed after {p} had eaten two mouthfuls.",
            "@D~10-12 {P} was given a biscuit by a visitor during the coffee morning. They need a level 6 soft and bite-sized diet.",
            "@S~07-10 {P} was given toast at breakfast by {staff}, who did not know about their new swallowing guidelines.",
        ],
        follow: &[
            "The food was taken away, {p} was supported to sit upright and was watched closely.",
            "I told {senior} and the speech and language therapy guidance was put on the kitchen noticeboard.",
            "The dietary list in the kitchen was checked against every plan the same day.",
        ],
        outcomes: &[
            o(
                Harm::None,
                60,
                &["{P} cleared their throat and had no further problems; their chest was clear when checked later."],
            ),
            o(
                Harm::Low,
                30,
                &[
                    "{P} coughed and their eyes watered; they recovered after a few minutes and their chest was monitored.",
                ],
            ),
            o(
                Harm::Moderate,
                7,
                &[
                    "{P} choked and back blows cleared the food. They were checked by paramedics and did not need to go to hospital.",
                ],
            ),
            o(
                Harm::Severe,
                2,
                &[
                    "{P} choked, and staff gave back blows and abdominal thrusts. They were taken to hospital with suspected aspiration pneumonia.",
                ],
            ),
            o(
                Harm::Death,
                1,
                &[
                    "{P} choked. Staff gave first aid and called 999, and the paramedics continued resuscitation, but {p} died. The police and the coroner have been informed and the family are being supported.",
                ],
            ),
        ],
        factors: &[
            "The kitchen had an agency cook that day.",
            "The new guidance had arrived two days earlier and had not yet reached everyone.",
            "",
        ],
        immediate: &[
            "Stopped the meal, supported {p} to sit upright, checked their breathing and informed {senior} and {gp}.",
        ],
        well: &[
            "{Staff} knew the choking first aid and acted at once.",
            "The speech and language therapist gave advice the same day.",
        ],
        ..BASE
    },
    Scenario {
        key: "nutrition_intake",
        kind: ReportKind::Concern,
        category: Category::NutritionHydration,
        rates: [2.0, 1.0, 1.0, 1.5, 0.3],
        hours: Hours::Meals,
        events: &[
            "@CSH~15-22 {P}'s fluid intake has been below their target of 1,500 ml for the last three days. Today they drank about 700 ml and their urine is dark.",
            "@CS {P} has lost 3 kg over the last month according to the monthly weights.",
            "@H {P}'s fridge had only out-of-date food in it, and the lunch left by {family} had not been eaten.",
            "@Y {P} has been skipping breakfast and evening meals for over a week and says they are not hungry.",
            "@D {P} has not been eating their packed lunch for a fortnight and has said they are tired.",
            "@Y {P} has been eating mainly crisps and energy drinks and refusing meals with the group.",
        ],
        follow: &[
            "I told {senior} and {gp} was contacted. A food and fluid chart was started.",
            "{P} was referred to the dietitian and is being offered snacks and drinks they enjoy more often.",
            "@Y We talked with {p} about how they are feeling and their social worker was told.",
        ],
        outcomes: &[
            o(Harm::None, 50, &[""]),
            o(Harm::Low, 45, &["{P} was seen by the GP, who said there were early signs of dehydration."]),
            o(Harm::Moderate, 5, &["{P} was admitted to hospital with dehydration and a urine infection."]),
        ],
        immediate: &[
            "Started a food and fluid chart and informed the GP.",
            "Offered drinks every hour and recorded them.",
        ],
        well: &["The change was spotted through the charts before it became serious.", ""],
        ..BASE
    },
    Scenario {
        key: "nutrition_allergen",
        kind: ReportKind::NearMiss,
        category: Category::NutritionHydration,
        rates: [1.0, 0.6, 1.5, 0.3, 1.0],
        hours: Hours::Meals,
        events: &[
            "@Y~17-21#order The takeaway order for {p}, who has a nut allergy, came with a satay sauce. {Staff} checked the label before it was served.",
            "The cook noticed that a new brand of biscuits contained milk, which {p} is allergic to, before they went out on the tea trolley.",
            "@CD A dessert made with gelatine was about to be served to {p}, who does not eat pork for religious reasons. {Staff} noticed and offered something else.",
            "@SH#order {P}'s shopping delivery included a wheat bread, although they have coeliac disease. I noticed when putting the shopping away.",
        ],
        follow: &[
            "The item was removed and the allergy list in the kitchen checked.",
            "@#order The supplier was contacted and the order corrected.",
        ],
        outcomes: NO_HARM_REACHED,
        immediate: &["Removed the food and told the kitchen and {senior}."],
        well: &[
            "Checking labels every time, even for familiar foods, caught this.",
            "The allergy list was up to date and easy to find.",
        ],
        ..BASE
    },
    // --------------------------------------------- environment and equipment
    Scenario {
        key: "environment_equipment",
        kind: ReportKind::NearMiss,
        category: Category::Environment,
        rates: [2.5, 1.5, 1.0, 1.0, 1.5],
        hours: Hours::Daytime,
        events: &[
            "@C#kit During the pre-use check of the hoist sling for {p}, I found the stitching on one loop was fraying.",
            "@C#fix The call bell in {room} was not working when tested.",
            "@#fix The hot water from a bathroom tap measured 52°C, well above the safe limit of 44°C.",
            "@D#kit The tail lift on the minibus stopped halfway while {p} was on it in their wheelchair.",
            "@Y#fix A window restrictor in {p}'s bedroom was broken and the window opened fully.",
            "@H#kit The hoist at {p}'s home was overdue its six-monthly inspection.",
            "@S#fix The smoke alarm in {p}'s flat was not working when tested.",
            "@S#fix The fridge in {p}'s flat was at 12°C when checked.",
            "@Y#fix The lock on the medicines cabinet was not closing properly.",
            "@H#kit The bed rails on {p}'s profiling bed were loose.",
            "@D#kit The hoist battery at the centre would not charge.",
        ],
        follow: &[
            "@#kit It was taken out of use, labelled and reported, and a spare was used.",
            "@#fix Maintenance fixed it the same day.",
            "@#fix The area was made safe until it could be repaired.",
            "@H The office contacted the equipment service, who visited the next morning.",
        ],
        outcomes: &[o(Harm::None, 1, &["Nobody was hurt.", ""])],
        immediate: &["@#kit Took the equipment out of use and reported it.", "Made the area safe and told {senior}."],
        well: &["The pre-use checks did their job.", "Maintenance responded quickly."],
        ..BASE
    },
    Scenario {
        key: "environment_fire_safety",
        kind: ReportKind::Concern,
        category: Category::Environment,
        rates: [1.0, 1.0, 1.0, 0.3, 0.5],
        hours: Hours::Daytime,
        events: &[
            "The fire door on the first-floor corridor was wedged open with a chair.",
            "The weekly fire alarm test was not done last week and is not recorded.",
            "@CS {P}'s personal emergency evacuation plan does not say that they now need the hoist.",
            "@S {P} has been smoking in their flat, and there were cigarette burns on the armchair.",
            "@H {P} has been using a portable heater close to the curtains.",
            "@Y The fire exit by the kitchen was blocked by a delivery of boxes.",
        ],
        follow: &[
            "It was sorted straight away and {mgr} was told.",
            "The fire risk assessment is being reviewed.",
            "@H The office has asked the fire service for a home safety visit.",
        ],
        immediate: &["Made it safe and told the person in charge."],
        well: &["It was spotted and sorted the same day.", ""],
        ..BASE
    },
    // ------------------------------------------------------------ staffing
    Scenario {
        key: "staffing_short",
        kind: ReportKind::Concern,
        category: Category::Staffing,
        rates: [2.0, 2.0, 1.5, 2.0, 1.0],
        hours: Hours::Handover,
        psych: Psych::Mild,
        events: &[
            "@CSY The {shift} shift ran with two staff instead of three after a late sickness call and the agency worker not arriving. {P}'s one-to-one hours could not be covered.",
            "@C~20-07 There was one nurse and three care assistants for thirty residents on the night shift. Checks were done late and the {time} round was delayed.",
            "@H {N} calls on the {round} run were more than 45 minutes late because two carers were off sick and could not be covered.",
            "@Y Only one driver was on shift, so {p} missed their family time.",
            "@D~08-10 The centre opened with four staff instead of six, and the planned swimming trip was cancelled.",
            "@S {P}'s planned trip to the football had to be cancelled because there was nobody to go with them.",
            "@H A new carer was sent on the {round} run without having shadowed the calls, and did not know {p}'s routine.",
            "@D There was nobody on shift trained to give {p}'s rescue medicine, so they could not go on the trip.",
        ],
        follow: &[
            "{Mgr} came in to help and the on-call rota was used.",
            "This has been raised with {mgr} to review how late sickness is covered.",
            "Staff prioritised medicines, personal care and checks, and handed over what was not done.",
        ],
        immediate: &[
            "Informed {mgr} and prioritised essential care.",
            "Recorded what could not be done and handed it over.",
        ],
        well: &[
            "Staff worked well together and kept everyone safe.",
            "Staff from another service came to help at short notice.",
        ],
        ..BASE
    },
    Scenario {
        key: "home_care_missed_visit",
        category: Category::Staffing,
        rates: [0.0, 0.0, 0.0, 5.0, 0.0],
        hours: Hours::Meals,
        psych: Psych::Mild,
        events: &[
            "@H {P}'s {round} call was missed. The call was on the rota but had not been given to a carer after a change to the run.",
            "@H~07-10 The teatime call to {p} yesterday was missed, and they were not seen between lunchtime and this morning.",
            "@H I arrived at {p}'s home {late} late. They had been waiting to use the toilet and were upset.",
            "@H The {round} call to {p} was cut short to ten minutes because the run was behind.",
        ],
        follow: &[
            "The office apologised to {p} and {family}, and the rota system is being checked for other unallocated calls.",
            "The care coordinator visited {p} the same day to make sure they were all right.",
        ],
        outcomes: &[
            o(Harm::None, 60, &["{P} was well when seen.", ""]),
            o(
                Harm::Low,
                35,
                &[
                    "{P} had not had their lunchtime medicines or a meal, and was tired and hungry but otherwise well.",
                    "{P} had been incontinent and was upset, but their skin was intact.",
                ],
            ),
            o(
                Harm::Moderate,
                5,
                &["{P} had fallen while trying to manage alone and was taken to hospital for checks."],
            ),
        ],
        factors: &["Two carers called in sick that morning.", "The run had been changed the day before.", ""],
        immediate: &["Visited {p} as soon as possible, checked they were well and informed the office and {family}."],
        well: &["{Family} rang the office straight away, so the gap was short.", ""],
        ..BASE
    },
    // --------------------------------------------------------- good practice
    Scenario {
        key: "good_practice_early_escalation",
        kind: ReportKind::GoodPractice,
        category: Category::Other,
        rates: [4.0, 2.0, 0.6, 2.5, 1.0],
        hours: Hours::Waking,
        events: &[
            "@~07-11 {Staff} noticed that {p} was sleepier than usual at breakfast and not finishing their drinks. They used the RESTORE2 tool, found a raised temperature and fast breathing, and escalated to {gp} straight away.",
            "@H On the {round} call {staff} noticed that {p} seemed confused, which is not usual for them. They rang the office, and the GP diagnosed a urine infection the same day.",
            "@C~21-06 The night care assistant noticed that {p}'s breathing sounded different during the {time} check and told the nurse, who found low oxygen levels and called NHS 111.",
            "@Y~15-22 {Staff} noticed {p} had been quiet and withdrawn after school for several days and made time to talk with them. {P} shared worries about bullying, and school has been contacted.",
            "@SD {Staff} noticed {p} was holding their side and wincing, although they could not tell us they were in pain. They were seen by the GP the same afternoon.",
            "@CS {Staff} noticed that {p} had not opened their bowels for four days and was off their food, and raised it before it became serious.",
        ],
        follow: &[
            "{P} was started on antibiotics early and did not need to go to hospital.",
            "The GP said that escalating early made a real difference.",
            "{Family} thanked the team for spotting it so quickly.",
        ],
        well: &[
            "Knowing {p}'s usual self meant small changes were noticed.",
            "Using the soft signs tool gave {staff} the words to escalate with confidence.",
            "This is a good example of the team acting on a feeling that something was not right.",
        ],
        ..BASE
    },
    Scenario {
        key: "good_practice_medicines_catch",
        kind: ReportKind::GoodPractice,
        category: Category::Medication,
        rates: [2.0, 1.5, 1.0, 1.5, 0.5],
        hours: Hours::Medicines,
        events: &[
            "A new starter in their second week noticed that {p}'s {med} box showed a different strength from the MAR chart and asked before giving it. The pharmacy had made a labelling error.",
            "{Staff} noticed that {p}'s new prescription of {med} clashed with a medicine they already take, and rang the pharmacist, who contacted the GP to change it.",
            "@CS {Staff} spotted that {p}'s medicines had been started in the wrong week of the blister pack and sorted it out with the pharmacy before any dose was missed.",
            "@H {Staff} noticed that {p}'s hospital discharge letter listed a new medicine that had not been delivered, and chased it with the GP the same day.",
        ],
        follow: &[
            "The error was corrected before any wrong dose was given.",
            "This was shared at the team huddle as a good catch.",
        ],
        well: &[
            "Asking when something does not look right is exactly what we want everyone to do.",
            "A new member of the team felt confident enough to question it.",
            "The checks at each step worked.",
        ],
        ..BASE
    },
    Scenario {
        key: "good_practice_new_starter",
        kind: ReportKind::GoodPractice,
        category: Category::Environment,
        rates: [1.5, 1.0, 1.0, 1.0, 1.0],
        hours: Hours::Daytime,
        events: &[
            "In their first week, a new support worker noticed the fire door on the corridor was propped open, closed it and told {senior}.",
            "During their induction shadow shift, a new colleague asked why the window restrictor in {place} was loose. It was repaired the same day.",
            "A new starter noticed that the hoist sling in use for {p} was the wrong size for their plan and asked before using it.",
            "A colleague on their second shift spotted that the fridge temperature record had not been filled in for two days and checked the fridge, which was too warm.",
        ],
        follow: &["{Mgr} thanked them at the next team meeting.", "It was shared at the huddle as a good catch."],
        well: &[
            "New eyes see what we have stopped noticing.",
            "Our induction encourages new starters to ask questions, and it is working.",
        ],
        ..BASE
    },
    Scenario {
        key: "good_practice_de_escalation",
        kind: ReportKind::GoodPractice,
        category: Category::Behaviour,
        rates: [1.0, 2.0, 3.0, 0.0, 1.0],
        hours: Hours::Behaviour,
        events: &[
            "@Y~15-22 {P} was becoming angry after a phone call {when}. {Staff} noticed the early signs from their plan, offered a drive and some music, and {p} calmed down without any restriction.",
            "@SD~08-17 {P} became anxious when the bus was late. {Staff} used the visual timetable and talked them through the change, and {p} stayed calm.",
            "@C {P} was distressed and looking for their husband {when}. {Staff} sat with them, looked at their photo album together and {p} settled.",
            "@S {Staff} worked with {p} to plan their week in advance, and there have been no incidents of distress for a month.",
            "@C {Staff} noticed {p} becoming restless before tea and took them for a short walk in the garden, which settled them.",
            "@Y {P} came back from family time upset. {Staff} sat with them in the kitchen making hot chocolate, and {p} talked about how they felt instead of going out.",
            "@D {Staff} noticed {p} covering their ears in the busy hall and moved the group to the quiet room before they became distressed.",
        ],
        follow: &[
            "The approach has been added to {p}'s behaviour support plan.",
            "This was shared at the team huddle.",
        ],
        well: &["Knowing {p} well made the difference.", "No restrictive practice was needed."],
        ..BASE
    },
    Scenario {
        key: "good_practice_handover",
        kind: ReportKind::GoodPractice,
        category: Category::Communication,
        rates: [1.0, 1.0, 1.0, 1.0, 0.5],
        hours: Hours::Handover,
        events: &[
            "@~07-09 The night team gave a really clear handover about {p}'s change in breathing, so the day staff knew to call the GP first thing.",
            "{Staff} used the new handover sheet and flagged that {p} was due a blood test, which would otherwise have been missed.",
            "@H {Staff} left a detailed note for the next carer about {p}'s low mood, and the office followed it up with {family}.",
        ],
        follow: &["The handover sheet will be used across the service.", ""],
        well: &["Clear, written handover meant nothing was lost between shifts."],
        ..BASE
    },
    Scenario {
        key: "good_practice_skin_care",
        kind: ReportKind::GoodPractice,
        category: Category::PressureCare,
        rates: [1.5, 0.0, 0.0, 1.0, 0.0],
        hours: Hours::PersonalCare,
        events: &[
            "{P}'s category 2 pressure ulcer has healed after six weeks of two-hourly repositioning and good nutrition. The team kept the charts up to date every time.",
            "{Staff} spotted early redness on {p}'s heels and put heel protectors in place. The skin recovered within two days.",
        ],
        follow: &["The district nurse praised the team's records."],
        well: &["Consistent care from every shift made this work."],
        ..BASE
    },
    Scenario {
        key: "good_practice_falls",
        kind: ReportKind::GoodPractice,
        category: Category::Falls,
        rates: [1.5, 0.5, 0.0, 0.8, 0.5],
        hours: Hours::Daytime,
        events: &[
            "{P} has had no falls for two months since the team worked with the physiotherapist on their exercise plan and changed the lighting in their room.",
            "At the falls huddle, {staff} suggested moving {p}'s chair nearer the toilet. It worked and their night-time falls have stopped.",
            "{Staff} noticed that {p} was more unsteady after a change in their medicines and asked the GP for a review before they fell.",
        ],
        follow: &["This was shared at the quality meeting."],
        well: &["Looking at the pattern of falls, not just each fall, made the difference."],
        ..BASE
    },
    Scenario {
        key: "good_practice_safeguarding",
        kind: ReportKind::GoodPractice,
        category: Category::Safeguarding,
        rates: [0.8, 1.0, 1.5, 1.0, 0.8],
        hours: Hours::Daytime,
        events: &[
            "{Staff} noticed that {p} seemed frightened when a particular visitor arrived and raised it. It has led to a safeguarding plan that {p} is happy with.",
            "@H {Staff} noticed unopened post piling up at {p}'s home and some worrying letters, and raised it with the office. It turned out {p} was being targeted by scam callers.",
            "@Y {Staff} built a trusting relationship with {p}, who told them about something that had been worrying them for months. It was passed on the same day.",
            "@C {Staff} noticed that a visitor had been asking {p} to sign papers and raised it; a best-interests meeting is now planned.",
            "@S {Staff} noticed {p} was giving their shopping away to a neighbour and helped them talk about it. {P} agreed a plan to keep their money safe.",
            "@D {Staff} noticed {p} flinching when touched on one arm and raised it straight away.",
        ],
        follow: &["{Mgr} thanked them personally.", ""],
        well: &["Trusting their instinct and speaking up protected {p}."],
        ..BASE
    },
    Scenario {
        key: "good_practice_missing_plan",
        kind: ReportKind::GoodPractice,
        category: Category::MissingPerson,
        rates: [0.0, 0.0, 1.5, 0.0, 0.0],
        hours: Hours::Evening,
        events: &[
            "The team worked with {p} on a plan for evenings, with a weekly football session and a lift home. There have been no missing episodes for six weeks.",
            "{P} texted staff to say they would be late and where they were, which is the first time they have done this. Staff praised them when they got back.",
        ],
        follow: &["This was celebrated at the team meeting.", ""],
        well: &["Building the relationship rather than focusing on rules is paying off."],
        ..BASE
    },
];

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
    /// Which service kinds it fits: bit `1 << kind.index()`.
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
                'C' => 1 << ServiceKind::ResidentialCareHome.index(),
                'S' => 1 << ServiceKind::SupportedLiving.index(),
                'Y' => 1 << ServiceKind::ChildrensHome.index(),
                'H' => 1 << ServiceKind::HomeCare.index(),
                'D' => 1 << ServiceKind::DayService.index(),
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
        self.kinds & (1 << kind.index()) != 0
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
    /// Panics on an unknown or unclosed slot: templates are constants, and a
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
        assert_eq!(Template::parse("@H x").kinds, 1 << ServiceKind::HomeCare.index());
        let night = Template::parse("@~21-06 x");
        assert_eq!((night.kinds, night.hours), (0b1_1111, Some((21, 6))));
        assert!(night.allows_hour(23) && night.allows_hour(3) && !night.allows_hour(12));
        let breakfast = Template::parse("@Y~07-09 x");
        assert!(breakfast.allows_hour(7) && breakfast.allows_hour(9) && !breakfast.allows_hour(10));
    }

    #[test]
    fn every_template_parses() {
        for scenario in SCENARIOS {
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
        for scenario in SCENARIOS {
            for kind in ServiceKind::ALL {
                if scenario.rates[kind.index()] > 0.0 {
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
        for scenario in SCENARIOS {
            let rates = scenario.rates;
            if scenario.category == Category::MissingPerson {
                assert_eq!(rates[..2], [0.0, 0.0]);
                assert_eq!(rates[3..], [0.0, 0.0]);
            }
            if scenario.category == Category::PressureCare {
                let care_home = rates[ServiceKind::ResidentialCareHome.index()];
                assert!(rates.iter().all(|r| *r <= care_home), "{}", scenario.key);
            }
        }
    }
}
