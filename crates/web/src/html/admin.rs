//! Administration's overview: services (and who leads their safeguarding),
//! teams, the organisation's clocks, the public reporting link. People are in
//! `admin_people`, the audit log in `admin_audit`. Administrators only.

use learnloop_domain::ids::{PersonId, ServiceId};
use askama::Template;
use axum_extra::extract::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use learnloop_domain::FieldErrors;
use learnloop_domain::organisation::{ServiceKind, check_place_name};
use learnloop_domain::role::Role;
use learnloop_store::StoreError;
use learnloop_store::services::{Service, Team};
use learnloop_store::people::User;
use serde::Deserialize;

use crate::auth::PageUser;
use crate::auth::session::require;
use crate::error::AppError;
use crate::page::{Layout, PageError, render_with_status};
use crate::html::display::Choice;
use crate::state::AppState;

pub(crate) fn admin_only(user: &User) -> Result<(), PageError> {
    require(user.role.may_administer()).map_err(PageError)
}

#[derive(Deserialize, Default)]
pub struct Notice {
    pub(crate) saved: Option<String>,
}

pub(crate) fn notice_text(notice: &Notice) -> Option<String> {
    notice.saved.as_deref().map(|what| match what {
        "service" => "Service added.".to_string(),
        "team" => "Team added.".to_string(),
        "link" => "New public link made. The old link no longer works: replace posters and QR codes.".to_string(),
        "person" => "Person added. Give them their password in person.".to_string(),
        "invited" => "Person added and emailed an invitation to set their own password (it works once, within 7 days). Without an SMTP server the email waits in the Outbox, where you can copy the link for them.".to_string(),
        "resent" => "A new invitation is on its way; the earlier link no longer works.".to_string(),
        "deactivated" => "Deactivated. They are signed out everywhere and cannot sign in; their reports and actions stay theirs.".to_string(),
        "reactivated" => "Reactivated. They can sign in again.".to_string(),
        "changes" => "Changes saved.".to_string(),
        "password" => "Password set. They have been signed out everywhere.".to_string(),
        "requested" => crate::operations::safety_officer::ASKED.to_string(),
        "clocks" => "Clocks saved. New deadlines follow them; the ones already set stay as they were.".to_string(),
        "lead" => "Safeguarding lead saved. New concerns in that service go to them at once.".to_string(),
        _ => "Saved.".to_string(),
    })
}

/// A short name for URLs: lower-case letters, digits and dashes.
fn slug_of(text: &str) -> String {
    let mut slug = String::new();
    for c in text.trim().to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

pub struct ServiceView {
    pub service: Service,
    pub teams: Vec<Team>,
    /// Who may be the service's safeguarding lead (its managers, quality
    /// leads, the safety officer); the chosen one selected.
    pub lead_choices: Vec<Choice>,
    pub lead_name: Option<String>,
}

/// People who may handle a service's reports, and so may lead its safeguarding.
fn may_lead_safeguarding(person: &User, service_id: ServiceId) -> bool {
    person.active
        && match person.role {
            Role::Manager => person.service_ids.contains(&service_id),
            Role::Quality | Role::Safety => true,
            Role::Staff | Role::Admin => false,
        }
}

#[derive(Template)]
#[template(path = "admin_overview.html")]
struct OverviewPage {
    layout: Layout,
    notice: Option<String>,
    errors: FieldErrors,
    services: Vec<ServiceView>,
    public_link: String,
    people_count: usize,
    service_kinds: Vec<Choice>,
    thank_within_working_days: String,
    feedback_within_days: String,
    notify_regulator_within_hours: String,
}

/// What the clocks form showed: the saved values, or what was typed.
#[derive(Default)]
struct ClockFields {
    thank_within_working_days: String,
    feedback_within_days: String,
    notify_regulator_within_hours: String,
}

async fn overview_page(state: &AppState, user: &User, notice: Option<String>, errors: FieldErrors) -> Result<Response, PageError> {
    overview_page_with(state, user, notice, errors, None).await
}

async fn overview_page_with(state: &AppState, user: &User, notice: Option<String>, errors: FieldErrors, typed: Option<ClockFields>) -> Result<Response, PageError> {
    let org = state.store.organisation(user.organisation_id).await?;
    let teams = state.store.teams(org.id).await?;
    let people = state.store.users(org.id).await?;
    let leads = state.store.safeguarding_leads(org.id).await?;
    let services = state
        .store
        .services(org.id)
        .await?
        .into_iter()
        .map(|s| {
            let lead = leads.iter().find(|(service_id, _)| *service_id == s.id).map(|(_, lead)| *lead);
            let mut lead_choices = vec![Choice { value: String::new(), label: "No lead: tell the service's managers".into(), selected: lead.is_none() }];
            lead_choices.extend(people.iter().filter(|p| may_lead_safeguarding(p, s.id)).map(|p| Choice {
                value: p.id.to_string(),
                label: format!("{} ({})", p.name, p.role.label()),
                selected: Some(p.id) == lead,
            }));
            ServiceView {
                lead_name: lead.and_then(|id| people.iter().find(|p| p.id == id)).map(|p| p.name.clone()),
                lead_choices,
                teams: teams.iter().filter(|t| t.service_id == s.id).cloned().collect(),
                service: s,
            }
        })
        .collect();
    let clocks = typed.unwrap_or_else(|| ClockFields {
        thank_within_working_days: org.thank_within_working_days.to_string(),
        feedback_within_days: org.feedback_within_days.to_string(),
        notify_regulator_within_hours: org.notify_regulator_within_hours.to_string(),
    });
    let base = state.config.public_url.clone().unwrap_or_default();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = OverviewPage {
        layout: Layout::for_user(state, user, "Administration", "/admin").await?,
        notice,
        errors,
        services,
        public_link: format!("{}/r/{}", base.trim_end_matches('/'), org.public_report_key),
        people_count: people.len(),
        service_kinds: Choice::list(ServiceKind::ALL.map(|k| (k.as_str(), k.label())), ServiceKind::ResidentialCareHome.as_str()),
        thank_within_working_days: clocks.thank_within_working_days,
        feedback_within_days: clocks.feedback_within_days,
        notify_regulator_within_hours: clocks.notify_regulator_within_hours,
    };
    Ok(render_with_status(status, &page))
}

pub async fn overview(State(state): State<AppState>, PageUser(user): PageUser, Query(notice): Query<Notice>) -> Result<Response, PageError> {
    admin_only(&user)?;
    overview_page(&state, &user, notice_text(&notice), FieldErrors::default()).await
}

#[derive(Deserialize)]
pub struct ServiceForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
}

pub async fn add_service(State(state): State<AppState>, PageUser(user): PageUser, Form(form): Form<ServiceForm>) -> Result<Response, PageError> {
    admin_only(&user)?;
    let mut errors = FieldErrors::default();
    let name = form.name.trim();
    let slug = slug_of(name);
    check_place_name("service_name", name, "Enter the service's name, e.g. Oak House.", &mut errors);
    if errors.is_empty() && slug.is_empty() {
        errors.push("service_name", "Use some letters or digits in the name, e.g. Oak House.");
    }
    let kind = if form.kind.trim().is_empty() { Some(ServiceKind::Other) } else { ServiceKind::parse(&form.kind) };
    if kind.is_none() {
        errors.push("service_kind", "Choose the kind of service from the list.");
    }
    if let (true, Some(kind)) = (errors.is_empty(), kind) {
        match state.store.create_service(user.organisation_id, &slug, name, kind, Some(user.id), Timestamp::now()).await {
            Ok(_) => return Ok(Redirect::to("/admin?saved=service").into_response()),
            Err(StoreError::Conflict(_)) => errors.push("service_name", format!("There is already a service called {name}.")),
            Err(other) => return Err(other.into()),
        }
    }
    overview_page(&state, &user, None, errors).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LeadForm {
    lead_id: String,
}

/// Sets who a service's safeguarding concerns go to at once.
pub async fn set_safeguarding_lead(State(state): State<AppState>, PageUser(user): PageUser, Path(service_id): Path<i64>, Form(form): Form<LeadForm>) -> Result<Response, PageError> {
    admin_only(&user)?;
    let service = state.store.service_by_slug_or_id(user.organisation_id, &service_id.to_string()).await?.ok_or(AppError::NotFound("That service"))?;
    let lead = match form.lead_id.trim() {
        "" => None,
        text => {
            let person = match text.parse::<PersonId>() {
                Ok(id) => state.store.users(user.organisation_id).await?.into_iter().find(|p| p.id == id),
                Err(_) => None,
            };
            match person {
                Some(person) if may_lead_safeguarding(&person, service.id) => Some(person.id),
                _ => {
                    let mut errors = FieldErrors::default();
                    errors.push(&format!("lead-{}", service.id), format!("Choose a manager of {}, a quality lead or the safety officer: they must be able to open its reports.", service.name));
                    return overview_page(&state, &user, None, errors).await;
                }
            }
        }
    };
    state.store.set_safeguarding_lead(user.organisation_id, service.id, lead, Some(user.id), Timestamp::now()).await?;
    Ok(Redirect::to("/admin?saved=lead").into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ClocksForm {
    thank_within_working_days: String,
    feedback_within_days: String,
    notify_regulator_within_hours: String,
}

/// The organisation's clocks: thanks, feedback, regulator notifications.
pub async fn set_clocks(State(state): State<AppState>, PageUser(user): PageUser, Form(form): Form<ClocksForm>) -> Result<Response, PageError> {
    admin_only(&user)?;
    let number = |text: &str| text.trim().parse::<u32>().unwrap_or(0);
    let clocks = learnloop_domain::clocks::TriageClocks::new(number(&form.thank_within_working_days), number(&form.feedback_within_days));
    let hours = learnloop_domain::obligations::check_notification_hours(&form.notify_regulator_within_hours);
    match (clocks, hours) {
        (Ok(clocks), Ok(hours)) => {
            let at = Timestamp::now();
            state
                .store
                .set_triage_clocks(user.organisation_id, i64::from(clocks.thank_within_working_days), i64::from(clocks.feedback_within_days), Some(user.id), at)
                .await?;
            state.store.set_notification_hours(user.organisation_id, hours, Some(user.id), at).await?;
            Ok(Redirect::to("/admin?saved=clocks").into_response())
        }
        (clocks, hours) => {
            let mut errors = FieldErrors::default();
            errors.0.extend(clocks.err().map(|e| e.0).unwrap_or_default());
            errors.0.extend(hours.err().map(|e| e.0).unwrap_or_default());
            let typed = ClockFields {
                thank_within_working_days: form.thank_within_working_days,
                feedback_within_days: form.feedback_within_days,
                notify_regulator_within_hours: form.notify_regulator_within_hours,
            };
            overview_page_with(&state, &user, None, errors, Some(typed)).await
        }
    }
}

#[derive(Deserialize)]
pub struct TeamForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    service_id: String,
}

pub async fn add_team(State(state): State<AppState>, PageUser(user): PageUser, Form(form): Form<TeamForm>) -> Result<Response, PageError> {
    admin_only(&user)?;
    let mut errors = FieldErrors::default();
    let name = form.name.trim();
    let service = state.store.service_by_slug_or_id(user.organisation_id, form.service_id.trim()).await?;
    check_place_name("team_name", name, "Enter the team's name, e.g. Night team.", &mut errors);
    if errors.is_empty() && slug_of(name).is_empty() {
        errors.push("team_name", "Use some letters or digits in the name, e.g. Night team.");
    }
    if service.is_none() {
        errors.push("team_service", "Choose the service the team belongs to.");
    }
    if let (true, Some(service)) = (errors.is_empty(), service) {
        match state.store.create_team(user.organisation_id, service.id, &slug_of(name), name, Some(user.id), Timestamp::now()).await {
            Ok(_) => return Ok(Redirect::to("/admin?saved=team").into_response()),
            Err(StoreError::Conflict(_)) => errors.push("team_name", format!("{} already has a team called {name}.", service.name)),
            Err(other) => return Err(other.into()),
        }
    }
    overview_page(&state, &user, None, errors).await
}

pub async fn rotate_public_link(State(state): State<AppState>, PageUser(user): PageUser) -> Result<Response, PageError> {
    admin_only(&user)?;
    state.store.rotate_public_report_key(user.organisation_id, Some(user.id), Timestamp::now()).await?;
    Ok(Redirect::to("/admin?saved=link").into_response())
}

#[cfg(test)]
mod tests {
    use super::slug_of;

    #[test]
    fn slugs_are_url_friendly() {
        assert_eq!(slug_of("  Oak House "), "oak-house");
        assert_eq!(slug_of("Willow Lodge Children's Home"), "willow-lodge-children-s-home");
        assert_eq!(slug_of("!!!"), "");
    }
}
