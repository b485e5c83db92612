//! Writes a generated organisation plan (from `learnloop-demo`) into the
//! store: its services, teams and people, and each report with the learning
//! loop the demo crate planned for it (`learning_loop`), loaded in bulk.

use learnloop_domain::ids::{PersonId, ServiceId, TeamId};
use std::collections::HashMap;

use anyhow::{Context, bail};
use learnloop_demo::learning_loop::{LoopPlan, LoopPlanner};
use learnloop_demo::{ReportPlan, demo_organisation, organisation_for, reports};
use learnloop_domain::reviews::ReviewDetails;
use learnloop_domain::reports::month_bucket;
use learnloop_store::Store;
use learnloop_store::bulk::GeneratedReport;
use learnloop_store::bulk_loop::{GeneratedAction, GeneratedCheck, GeneratedLoop, GeneratedMessage, GeneratedReview};
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
    let mut people_ids: HashMap<String, PersonId> = HashMap::new();
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

    let people = People {
        ids: people_ids,
        names: plan.people.iter().map(|p| (p.email.clone(), p.name.clone())).collect(),
    };
    let loops = LoopPlanner::new(&plan, now);
    let mut rng = StdRng::seed_from_u64(seed ^ 0x5eed);
    let mut batch = Vec::with_capacity(BATCH);
    let mut written = 0u64;
    for plan_report in reports(&plan, seed, report_count, months, now) {
        let learning_loop = loops.plan(&plan_report);
        batch.push(to_generated(&plan_report, &learning_loop, &service_ids, &team_ids, &people, &zone)?);
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

/// The people of the plan as stored: ids and names by email.
struct People {
    ids: HashMap<String, PersonId>,
    names: HashMap<String, String>,
}

impl People {
    fn id(&self, email: &str) -> anyhow::Result<PersonId> {
        self.ids.get(email).copied().with_context(|| format!("unknown person {email}"))
    }

    fn message(&self, message: &learnloop_demo::learning_loop::TeamMessage) -> anyhow::Result<GeneratedMessage> {
        Ok(GeneratedMessage {
            at: message.at,
            author_id: self.id(&message.by)?,
            author_name: self.names.get(&message.by).cloned().unwrap_or_default(),
            body: message.words.clone(),
        })
    }
}

/// The planned loop with people as stored and the review as the store keeps it.
fn stored_loop(planned: &LoopPlan, people: &People) -> anyhow::Result<GeneratedLoop> {
    let review = match &planned.review {
        None => None,
        Some(review) => {
            let (factors, rule_needs_change) = match &review.details {
                ReviewDetails::LearningReview { factors, rule_needs_change, .. } => (factors.iter().map(|f| f.as_str()).collect(), *rule_needs_change),
                _ => (Vec::new(), false),
            };
            Some(GeneratedReview {
                at: review.at,
                created_by: people.id(&review.by)?,
                review_type: review.details.review_type().as_str(),
                details: serde_json::to_string(&review.details)?,
                factors,
                rule_needs_change,
            })
        }
    };
    let review_by = review.as_ref().map(|r| r.created_by);
    let mut actions = Vec::with_capacity(planned.actions.len());
    for action in &planned.actions {
        let check = match &action.check {
            None => None,
            Some((at, by, check)) => Some(GeneratedCheck { at: *at, checked_by: people.id(by)?, result: check.result, evidence: check.evidence.clone() }),
        };
        actions.push(GeneratedAction {
            title: action.title.clone(),
            owner_id: people.id(&action.owner)?,
            due_on: action.due.to_string(),
            created_by: review_by.context("an action comes from a review")?,
            created_at: action.created_at,
            completed: action.completed.map(|(at, check_due)| (at, check_due.to_string())),
            check,
        });
    }
    Ok(GeneratedLoop {
        thanks: planned.thanks.as_ref().map(|m| people.message(m)).transpose()?,
        review,
        actions,
        feedback: planned.feedback.as_ref().map(|m| people.message(m)).transpose()?,
        closed_at: planned.closed.as_ref().map(|(at, _)| *at),
    })
}

fn to_generated(
    r: &ReportPlan,
    learning_loop: &LoopPlan,
    services: &HashMap<String, ServiceId>,
    teams: &HashMap<(String, String), TeamId>,
    people: &People,
    zone: &jiff::tz::TimeZone,
) -> anyhow::Result<GeneratedReport> {
    Ok(GeneratedReport {
        learning_loop: stored_loop(learning_loop, people)?,
        service_id: *services.get(&r.service).with_context(|| format!("unknown service {}", r.service))?,
        team_id: match &r.team {
            None => None,
            Some(team) => Some(*teams.get(&(r.service.clone(), team.clone())).with_context(|| format!("unknown team {team} of {}", r.service))?),
        },
        kind: r.kind,
        identity: r.identity,
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
        reporter_id: r.reporter_email.as_ref().and_then(|e| people.ids.get(e).copied()),
    })
}
