//! The demo's restrictive practice log: entries for the children's home (one
//! fully followed up, one recorded late whose registered person's review is
//! overdue, one recent) and for the care home the demo manager runs, so the log, its
//! Ofsted timeline and the monthly counts have something real to show.

use learnloop_domain::ids::{OrganisationId, ServiceId};
use anyhow::Context;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use learnloop_domain::reports::month_bucket;
use learnloop_domain::restrictive_practice::{NewRestrictivePractice, RestraintType};
use learnloop_domain::role::Role;
use learnloop_domain::organisation::ServiceKind;
use learnloop_store::Store;
use learnloop_store::people::User;
use learnloop_store::restrictive_practice::NewRestrictivePracticeRecord;

/// One demo entry; times are hours before now.
struct Entry {
    restraint_type: RestraintType,
    started_hours_ago: i64,
    /// Hours after the start that it was recorded.
    recorded_after_hours: i64,
    duration_minutes: i64,
    person: &'static str,
    behaviour_before: &'static str,
    de_escalation: &'static str,
    less_restrictive_options: &'static str,
    staff_involved: &'static str,
    injury_details: Option<&'static str>,
    best_interests_reference: Option<&'static str>,
    debrief_with_person: Option<&'static str>,
    debrief_with_staff: Option<&'static str>,
    /// Hours after the start of the review and of the child spoken to, if done.
    reviewed_after_hours: Option<(i64, &'static str)>,
    child_spoken_to_after_hours: Option<(i64, &'static str)>,
}

const CHILDRENS_HOME_ENTRIES: &[Entry] = &[
    Entry {
        restraint_type: RestraintType::Physical,
        started_hours_ago: 12 * 24,
        recorded_after_hours: 3,
        duration_minutes: 4,
        person: "YP-B",
        behaviour_before: "B became distressed after a phone call with family was cut short, and ran towards the main road.",
        de_escalation: "Staff used B's name, offered a walk to the park and gave space; B kept running.",
        less_restrictive_options: "Following at a distance and calling the police were considered; the road was too close.",
        staff_involved: "Two residential childcare workers",
        injury_details: None,
        best_interests_reference: None,
        debrief_with_person: Some("B said being held made them feel small; they would rather staff walk with them."),
        debrief_with_staff: Some("Debrief at handover: the phone-call plan will include time afterwards with a trusted adult."),
        reviewed_after_hours: Some((30, "Hold was necessary to prevent harm and lasted 4 minutes. B's plan now includes a quiet time after family calls.")),
        child_spoken_to_after_hours: Some((50, "B said they understood why staff acted and asked to be told what staff will do next time.")),
    },
    Entry {
        restraint_type: RestraintType::Environmental,
        started_hours_ago: 4 * 24,
        // Written up late, and the registered person has not yet reviewed it.
        recorded_after_hours: 30,
        duration_minutes: 25,
        person: "YP-D",
        behaviour_before: "D was throwing objects in the kitchen and the other young people were frightened.",
        de_escalation: "Staff offered D the garden and music, and moved the others to the lounge.",
        less_restrictive_options: "The kitchen was closed rather than D being held; staff stayed with D in the hallway.",
        staff_involved: "Senior residential childcare worker and one residential childcare worker",
        injury_details: None,
        best_interests_reference: None,
        debrief_with_person: None,
        debrief_with_staff: Some("Staff agreed to check in with D earlier in the evening."),
        reviewed_after_hours: None,
        child_spoken_to_after_hours: None,
    },
    Entry {
        restraint_type: RestraintType::Physical,
        started_hours_ago: 6,
        recorded_after_hours: 1,
        duration_minutes: 2,
        person: "YP-B",
        behaviour_before: "B was trying to climb out of the first-floor window after an argument at school.",
        de_escalation: "Staff talked calmly, offered B's headphones and a drink, and asked what would help.",
        less_restrictive_options: "Closing the window lock was tried first; B forced it.",
        staff_involved: "Two residential childcare workers",
        injury_details: Some("Small bruise on B's forearm; first aid given and recorded on the body map."),
        best_interests_reference: None,
        debrief_with_person: None,
        debrief_with_staff: None,
        reviewed_after_hours: None,
        child_spoken_to_after_hours: None,
    },
];

const CARE_HOME_ENTRIES: &[Entry] = &[
    Entry {
        restraint_type: RestraintType::Chemical,
        started_hours_ago: 9 * 24,
        recorded_after_hours: 2,
        duration_minutes: 240,
        person: "Room 14",
        behaviour_before: "The resident in Room 14 was very distressed at sunset, calling out and trying to leave through the fire door.",
        de_escalation: "Staff offered a walk in the garden, her family photographs and a cup of tea.",
        less_restrictive_options: "A member of staff sat with her for an hour first; the PRN was given as her plan allows.",
        staff_involved: "Senior carer and nurse",
        injury_details: None,
        best_interests_reference: Some("BI-2026-014 (PRN lorazepam)"),
        debrief_with_person: Some("She did not remember the evening; she said she likes the garden."),
        debrief_with_staff: Some("Sunset walks to be offered earlier, before distress builds."),
        reviewed_after_hours: Some((26, "PRN given within the plan after other steps. GP review of the PRN booked.")),
        child_spoken_to_after_hours: None,
    },
    Entry {
        restraint_type: RestraintType::Mechanical,
        started_hours_ago: 2 * 24,
        recorded_after_hours: 1,
        duration_minutes: 480,
        person: "Room 3",
        behaviour_before: "The resident in Room 3 was trying to get out of bed unaided during the night after two falls this month.",
        de_escalation: "Night staff checked for pain, offered the toilet and a drink, and sat with him.",
        less_restrictive_options: "A low bed and a sensor mat were considered; the low bed is on order, so bed rails were used.",
        staff_involved: "Two night care assistants",
        injury_details: None,
        best_interests_reference: Some("BI-2026-021 (bed rails)"),
        debrief_with_person: None,
        debrief_with_staff: None,
        reviewed_after_hours: None,
        child_spoken_to_after_hours: None,
    },
];

fn seconds_ago(now: Timestamp, hours: i64) -> i64 {
    now.as_second() - hours * 3600
}

/// Where an entry goes and who records and reviews it.
struct Target<'a> {
    organisation_id: OrganisationId,
    service_id: ServiceId,
    recorder: &'a User,
    reviewer: &'a User,
}

async fn add(store: &Store, target: &Target<'_>, entry: &Entry, now: Timestamp, zone: &TimeZone) -> anyhow::Result<()> {
    let Target { organisation_id, service_id, recorder, reviewer } = *target;
    let started = seconds_ago(now, entry.started_hours_ago);
    let new = NewRestrictivePractice {
        restraint_type: entry.restraint_type,
        started_at: Timestamp::from_second(started)?,
        duration_minutes: entry.duration_minutes,
        person_reference: entry.person.into(),
        behaviour_before: entry.behaviour_before.into(),
        de_escalation: entry.de_escalation.into(),
        less_restrictive_options: entry.less_restrictive_options.into(),
        staff_involved: entry.staff_involved.into(),
        injury: entry.injury_details.is_some(),
        injury_details: entry.injury_details.map(str::to_string),
        best_interests_reference: entry.best_interests_reference.map(str::to_string),
        debrief_with_person: entry.debrief_with_person.map(str::to_string),
        debrief_with_staff: entry.debrief_with_staff.map(str::to_string),
    };
    let id = store
        .record_restrictive_practice(&NewRestrictivePracticeRecord {
            organisation_id,
            service_id,
            recorded_by: recorder.id,
            recorded_at: Timestamp::from_second((started + entry.recorded_after_hours * 3600).min(now.as_second()))?,
            started_month: month_bucket(new.started_at, zone),
            entry: &new,
        })
        .await?;
    let saved = store.restrictive_practice(organisation_id, id).await?.context("the entry just saved")?;
    if let Some((after, notes)) = entry.reviewed_after_hours {
        store.record_restrictive_practice_review(&saved, reviewer.id, notes, Timestamp::from_second(started + after * 3600)?).await?.ok();
    }
    if let Some((after, notes)) = entry.child_spoken_to_after_hours {
        store.record_child_spoken_to(&saved, recorder.id, notes, Timestamp::from_second(started + after * 3600)?).await?.ok();
    }
    Ok(())
}

/// Adds the demo's log entries; returns how many.
pub async fn add_restrictive_practice(store: &Store, organisation_id: OrganisationId, now: Timestamp) -> anyhow::Result<usize> {
    let org = store.organisation(organisation_id).await?;
    let zone = TimeZone::get(&org.time_zone).unwrap_or(TimeZone::UTC);
    let people = store.users(organisation_id).await?;
    let services = store.services(organisation_id).await?;
    let works_in = |service_id: ServiceId, role: Role| people.iter().filter(move |p| p.role == role && p.service_ids.contains(&service_id));
    let mut added = 0;

    let childrens_home = services.iter().find(|s| s.kind == ServiceKind::ChildrensHome).context("the demo children's home")?;
    let recorder = works_in(childrens_home.id, Role::Staff).next().context("a children's home worker")?;
    let registered_manager = works_in(childrens_home.id, Role::Manager).next().context("the children's home manager")?;
    for entry in CHILDRENS_HOME_ENTRIES {
        let target = Target { organisation_id, service_id: childrens_home.id, recorder, reviewer: registered_manager };
        add(store, &target, entry, now, &zone).await?;
        added += 1;
    }

    let staff = people.iter().find(|p| p.email == learnloop_demo::organisation::STAFF_LOGIN).context("the demo staff member")?;
    let manager = people.iter().find(|p| p.email == learnloop_demo::organisation::MANAGER_LOGIN).context("the demo manager")?;
    let care_home = *manager.service_ids.first().context("the manager's care home")?;
    let night_worker = works_in(care_home, Role::Staff).find(|p| p.id != staff.id).unwrap_or(staff);
    for (index, entry) in CARE_HOME_ENTRIES.iter().enumerate() {
        let recorder = if index == 0 { staff } else { night_worker };
        add(store, &Target { organisation_id, service_id: care_home, recorder, reviewer: manager }, entry, now, &zone).await?;
        added += 1;
    }
    Ok(added)
}
