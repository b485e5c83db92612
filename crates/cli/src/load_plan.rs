//! Writes a generated organisation plan (from `learnloop-demo`) into the store.

use learnloop_domain::ids::{PersonId, ServiceId, TeamId};
use std::collections::HashMap;

use anyhow::{Context, bail};
use learnloop_demo::{ReportPlan, demo_organisation, organisation_for, reports};
use learnloop_domain::reports::{month_bucket, recorded_submission_time};
use learnloop_store::Store;
use learnloop_store::bulk::GeneratedReport;
use learnloop_domain::role::Role;
use learnloop_store::people::NewUser;
use learnloop_web::auth::password::hash_password_blocking;
use rand::SeedableRng;
use rand::rngs::StdRng;

pub const DEMO_PASSWORD: &str = "learnloop-demo";
pub const DEMO_REPORTS: u64 = 2_400;
/// Reports per transaction while loading.
const BATCH: usize = 10_000;

pub struct Summary {
    pub organisation_name: String,
    pub services: usize,
    pub people: usize,
    pub reports: u64,
}

/// Generates and stores an organisation: the demo one (`demo = true`) or one
/// sized for `report_count`. With `demo`, an existing demo organisation is
/// reused rather than generated again.
pub async fn generate(store: &Store, seed: u64, report_count: u64, months: u32, demo: bool) -> anyhow::Result<Summary> {
    let plan = if demo { demo_organisation(seed) } else { organisation_for(seed, report_count) };
    if let Some(existing) = store.first_organisation().await? {
        if demo && existing.slug == plan.slug {
            let count = store.count_reports(existing.id).await? as u64;
            return Ok(Summary { organisation_name: existing.name, services: store.services(existing.id).await?.len(), people: store.users(existing.id).await?.len(), reports: count });
        }
        bail!("This database already holds an organisation ({}). Generate into a fresh database.", existing.name);
    }
    let now = jiff::Timestamp::now();
    let org = store.create_organisation(&plan.slug, &plan.name, &plan.time_zone, now).await?;
    let zone = jiff::tz::TimeZone::get(&plan.time_zone).context("the plan's time zone")?;

    let mut service_ids = HashMap::new();
    let mut team_ids = HashMap::new();
    for service in &plan.services {
        let saved = store.create_service(org.id, &service.slug, &service.name, service.kind, None, now).await?;
        for team in &service.teams {
            let t = store.create_team(org.id, saved.id, &team.slug, &team.name, None, now).await?;
            team_ids.insert((service.slug.clone(), team.slug.clone()), t.id);
        }
        service_ids.insert(service.slug.clone(), saved.id);
    }

    // Everyone shares one hash: hashing hundreds of passwords would take minutes.
    let hash = hash_password_blocking(DEMO_PASSWORD).map_err(anyhow::Error::msg)?;
    let mut people_ids = HashMap::new();
    // People joined when the organisation's history begins. A safety officer
    // is made as the product requires: an administrator asks, a quality lead
    // of a week's standing approves.
    let joined = now.as_second() - i64::from(months) * 31 * 86_400;
    for person in plan.people.iter().filter(|p| p.role != Role::Safety) {
        let services: Vec<ServiceId> = person.services.iter().filter_map(|s| service_ids.get(s).copied()).collect();
        let team_id = person.team.as_ref().and_then(|t| person.services.first().and_then(|s| team_ids.get(&(s.clone(), t.clone())).copied()));
        let user = store
            .create_user(
                &NewUser { organisation_id: org.id, email: &person.email, name: &person.name, job_title: &person.job_title, role: person.role, team_id, password_hash: &hash, service_ids: &services },
                None,
                jiff::Timestamp::from_second(joined)?,
            )
            .await?;
        people_ids.insert(person.email.clone(), user.id);
    }
    for person in plan.people.iter().filter(|p| p.role == Role::Safety) {
        let id = crate::demo_safety_officer::appoint(store, org.id, person, &hash, joined).await?;
        people_ids.insert(person.email.clone(), id);
    }

    let mut rng = StdRng::seed_from_u64(seed ^ 0x5eed);
    let mut batch = Vec::with_capacity(BATCH);
    let mut written = 0u64;
    for plan_report in reports(&plan, seed, report_count, months, now) {
        batch.push(to_generated(&plan_report, &service_ids, &team_ids, &people_ids, &zone, now)?);
        if batch.len() == BATCH {
            written += store.insert_generated_reports(org.id, &batch, &mut rng).await? as u64;
            batch.clear();
        }
    }
    if !batch.is_empty() {
        written += store.insert_generated_reports(org.id, &batch, &mut rng).await? as u64;
    }
    store.finish_bulk_load().await?;
    if demo {
        crate::demo_loop::add_learning_loop(store, org.id, now).await?;
        crate::demo_restrictive_practice::add_restrictive_practice(store, org.id, now).await?;
        crate::demo_obligations::add_obligations(store, org.id, now).await?;
        crate::demo_measurement::add_measurement(store, org.id, months, now).await?;
        crate::demo_change_points::add_change_points(store, org.id, months, now).await?;
    }
    Ok(Summary { organisation_name: plan.name.clone(), services: plan.services.len(), people: plan.people.len(), reports: written })
}

fn to_generated(
    r: &ReportPlan,
    services: &HashMap<String, ServiceId>,
    teams: &HashMap<(String, String), TeamId>,
    people: &HashMap<String, PersonId>,
    zone: &jiff::tz::TimeZone,
    now: jiff::Timestamp,
) -> anyhow::Result<GeneratedReport> {
    // From the recorded submission time (the day, for anonymous reports), so
    // the loop's times say no more about when a report came than the report does.
    let recorded = jiff::Timestamp::from_second(recorded_submission_time(r.identity, r.submitted_at)).unwrap_or(r.submitted_at);
    let (thanked_at, feedback_at, closed_at) = learnloop_demo::reports::loop_times(r.status, recorded, now);
    Ok(GeneratedReport {
        thanked_at,
        feedback_at,
        closed_at,
        service_id: *services.get(&r.service).with_context(|| format!("unknown service {}", r.service))?,
        team_id: match &r.team {
            None => None,
            Some(team) => Some(*teams.get(&(r.service.clone(), team.clone())).with_context(|| format!("unknown team {team} of {}", r.service))?),
        },
        kind: r.kind,
        identity: r.identity,
        status: r.status,
        occurred_at: r.occurred_at,
        occurred_month: month_bucket(r.occurred_at, zone),
        submitted_at: r.submitted_at,
        what_happened: r.what_happened.clone(),
        category: r.category,
        harm: r.harm,
        psychological_harm: r.psychological_harm,
        immediate_actions: r.immediate_actions.clone(),
        what_went_well: r.what_went_well.clone(),
        people_affected: r.people_affected.clone(),
        reporter_id: r.reporter_email.as_ref().and_then(|e| people.get(e).copied()),
    })
}

