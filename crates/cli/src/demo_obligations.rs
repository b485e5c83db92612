//! The demo's safeguarding, notifications and candour: the demo manager leads
//! safeguarding for their care home, and three fresh reports there go through
//! the real submission path so each opens what it calls for: a safeguarding
//! concern (escalated, checklist open, CQC notification due), a fall with a
//! broken wrist two days ago (notification overdue, candour open) and a
//! medication error with candour half done.

use learnloop_domain::ids::OrganisationId;
use anyhow::Context;
use jiff::Timestamp;
use learnloop_domain::submission::{ReportedService, SubmissionPlan};
use learnloop_domain::obligations::CandourInput;
use learnloop_domain::reports::ReportInput;
use learnloop_store::Store;
use learnloop_store::reports::ReportSubmission;

struct DemoReport {
    identity: &'static str,
    category: &'static str,
    harm: &'static str,
    hours_ago: i64,
    what_happened: &'static str,
}

const REPORTS: [DemoReport; 3] = [
    DemoReport {
        identity: "anonymous",
        category: "safeguarding",
        harm: "low",
        hours_ago: 3,
        what_happened: "During the afternoon visit a resident's relative shouted at her and took money from her purse. \
                        She was tearful afterwards and asked staff not to let him in again.",
    },
    DemoReport {
        identity: "named",
        category: "falls",
        harm: "severe",
        hours_ago: 50,
        what_happened: "A resident slipped on the wet floor outside the bathroom after it was mopped; no sign was out. \
                        She was taken to hospital and has a broken wrist.",
    },
    DemoReport {
        identity: "confidential",
        category: "medication",
        harm: "moderate",
        hours_ago: 120,
        what_happened: "A resident was given a double dose of his evening blood thinner: the dose was signed for on paper \
                        but not on the tablet. He needed a hospital check and stayed in overnight.",
    },
];

/// Adds the demo's obligations; returns how many reports it made.
pub async fn add_obligations(store: &Store, organisation_id: OrganisationId, now: Timestamp) -> anyhow::Result<usize> {
    let people = store.users(organisation_id).await?;
    let manager = people.iter().find(|p| p.email == learnloop_demo::organisation::MANAGER_LOGIN).context("the demo manager")?;
    let staff = people.iter().find(|p| p.email == learnloop_demo::organisation::STAFF_LOGIN).context("the demo staff member")?;
    let service_id = *manager.service_ids.first().context("the manager's service")?;
    let service = store.service_by_slug_or_id(organisation_id, &service_id.to_string()).await?.context("the manager's service")?;
    let org = store.organisation(organisation_id).await?;
    let zone = jiff::tz::TimeZone::get(&org.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    store.set_safeguarding_lead(organisation_id, service.id, Some(manager.id), None, now).await?;
    let mut references = Vec::new();
    for demo in &REPORTS {
        let mut at = Timestamp::from_second(now.as_second() - demo.hours_ago * 3600)?;
        if demo.identity == "anonymous" {
            // An anonymous report keeps only its day, and its regulator's
            // deadline runs from that day's start: made just before midnight
            // it would be overdue as the demo opens. Today's, then, whatever
            // the hour the demo starts at.
            let today_starts = now.as_second().div_euclid(86_400) * 86_400;
            at = Timestamp::from_second(at.as_second().max(today_starts + 60).min(now.as_second()))?;
        }
        let report = ReportInput {
            kind: "incident".into(),
            service: service.slug.clone(),
            occurred_at: Timestamp::from_second(at.as_second() - 1800)?.to_string(),
            what_happened: demo.what_happened.into(),
            identity: demo.identity.into(),
            category: Some(demo.category.into()),
            harm: Some(demo.harm.into()),
            people_affected: vec!["Resident".into()],
            ..ReportInput::default()
        }
        .validate(at, &zone)
        .map_err(|errors| anyhow::anyhow!("demo report: {errors}"))?;
        // Planned by the same domain rules as a report from the form.
        let reported = ReportedService { name: &service.name, kind: service.kind, notify_regulator_within_hours: u32::try_from(org.notify_regulator_within_hours)? };
        let plan = SubmissionPlan::new(&report, &reported, true, at, &mut rand::rng());
        let saved = store
            .create_report(&ReportSubmission { replay: None, team_id: None, organisation_id, service_id: service.id, report: &report, submitted_by: Some(staff.id), plan: &plan })
            .await?;
        references.push(saved.reference.to_string());
    }
    // The medication error: told in person and apologised to, the letter not yet sent.
    let medication = store.report_by_reference(organisation_id, &references[2]).await?.context("the demo medication report")?;
    let day = |hours_ago: i64| Timestamp::from_second(now.as_second() - hours_ago * 3600).map(|t| t.to_zoned_datetime(zone.clone()).date().to_string());
    let steps = CandourInput { told_in_person_on: day(96)?, apology_on: day(96)?, notes: "Met his daughter at the home with the nurse.".into(), ..Default::default() }
        .validate(Timestamp::from_second(medication.occurred_at)?.to_zoned_datetime(zone.clone()).date(), now.to_zoned_datetime(zone.clone()).date())
        .map_err(|errors| anyhow::anyhow!("demo candour: {errors}"))?;
    store.record_candour(&medication, &steps, manager.id, Timestamp::from_second(now.as_second() - 90 * 3600)?).await?;
    Ok(references.len())
}
