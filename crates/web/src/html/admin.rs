//! Administration: people, roles and passwords; services and teams; the
//! public reporting link; the audit log. Administrators only.

use askama::Template;
use axum_extra::extract::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use learnloop_domain::FieldErrors;
use learnloop_domain::organisation::{SERVICE_KINDS, check_place_name, is_service_kind};
use learnloop_domain::people::{Email, check_name, check_new_password};
use learnloop_domain::role::Role;
use learnloop_store::StoreError;
use learnloop_store::people::{NewUser, Service, Team, User, UserChange};
use learnloop_store::safety_officer::{Asked, NewPersonDetails};
use serde::Deserialize;

use crate::auth::PageUser;
use crate::auth::password::hash_password;
use crate::auth::session::require;
use crate::error::AppError;
use crate::page::{Layout, PageError, render, render_with_status};
use crate::html::display::{Choice, local_time};
use crate::operations::time_zone::zone_of;
use crate::state::{AppState, now_seconds};

fn admin_only(user: &User) -> Result<(), PageError> {
    require(user.role.may_administer()).map_err(PageError)
}

#[derive(Deserialize, Default)]
pub struct Notice {
    saved: Option<String>,
}

fn notice_text(notice: &Notice) -> Option<String> {
    notice.saved.as_deref().map(|what| match what {
        "service" => "Service added.".to_string(),
        "team" => "Team added.".to_string(),
        "link" => "New public link made. The old link no longer works: replace posters and QR codes.".to_string(),
        "person" => "Person added. Give them their password in person.".to_string(),
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
fn may_lead_safeguarding(person: &User, service_id: i64) -> bool {
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
        service_kinds: Choice::list(SERVICE_KINDS, "residential_care_home"),
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
    let kind = if form.kind.trim().is_empty() { "other" } else { form.kind.trim() };
    if !is_service_kind(kind) {
        errors.push("service_kind", "Choose the kind of service from the list.");
    }
    if errors.is_empty() {
        match state.store.create_service(user.organisation_id, &slug, name, kind, Some(user.id), now_seconds()).await {
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
            let person = match text.parse::<i64>() {
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
    state.store.set_safeguarding_lead(user.organisation_id, service.id, lead, Some(user.id), now_seconds()).await?;
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
            let at = now_seconds();
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
        match state.store.create_team(user.organisation_id, service.id, &slug_of(name), name, Some(user.id), now_seconds()).await {
            Ok(_) => return Ok(Redirect::to("/admin?saved=team").into_response()),
            Err(StoreError::Conflict(_)) => errors.push("team_name", format!("{} already has a team called {name}.", service.name)),
            Err(other) => return Err(other.into()),
        }
    }
    overview_page(&state, &user, None, errors).await
}

pub async fn rotate_public_link(State(state): State<AppState>, PageUser(user): PageUser) -> Result<Response, PageError> {
    admin_only(&user)?;
    state.store.rotate_public_report_key(user.organisation_id, Some(user.id), now_seconds()).await?;
    Ok(Redirect::to("/admin?saved=link").into_response())
}

pub struct PersonRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub job_title: String,
    pub role: String,
    pub services: String,
    pub active: bool,
}

pub struct ServiceOption {
    pub id: i64,
    pub name: String,
    pub checked: bool,
}

pub struct TeamOption {
    pub id: i64,
    pub label: String,
    pub selected: bool,
}

pub struct RoleOption {
    pub value: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

/// The person form's values, as posted (checkbox lists come repeated).
#[derive(Deserialize, Default, Clone)]
pub struct PersonForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    job_title: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    team_id: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    active: Option<String>,
    #[serde(default, rename = "service")]
    services: Vec<i64>,
}

impl PersonForm {
    /// The form filled in with a person's current details.
    fn from_person(person: &User) -> PersonForm {
        PersonForm {
            name: person.name.clone(),
            email: person.email.clone(),
            job_title: person.job_title.clone(),
            role: person.role.as_str().to_string(),
            team_id: person.team_id.map(|t| t.to_string()).unwrap_or_default(),
            password: String::new(),
            active: person.active.then(|| "on".to_string()),
            services: person.service_ids.clone(),
        }
    }
}

fn role_options(selected: &str) -> Vec<RoleOption> {
    Role::ALL.iter().map(|r| RoleOption { value: r.as_str(), label: r.label(), selected: r.as_str() == selected }).collect()
}

async fn service_and_team_options(state: &AppState, org_id: i64, services_checked: &[i64], team: Option<i64>) -> Result<(Vec<ServiceOption>, Vec<TeamOption>), AppError> {
    let services = state.store.services(org_id).await?;
    let teams = state.store.teams(org_id).await?;
    let service_options = services.iter().map(|s| ServiceOption { id: s.id, name: s.name.clone(), checked: services_checked.contains(&s.id) }).collect();
    let team_options = teams
        .iter()
        .map(|t| {
            let service = services.iter().find(|s| s.id == t.service_id).map(|s| s.name.as_str()).unwrap_or_default();
            TeamOption { id: t.id, label: format!("{service}: {}", t.name), selected: Some(t.id) == team }
        })
        .collect();
    Ok((service_options, team_options))
}

#[derive(Template)]
#[template(path = "admin_people.html")]
struct PeoplePage {
    layout: Layout,
    notice: Option<String>,
    people: Vec<PersonRow>,
    form: PersonForm,
    errors: FieldErrors,
    roles: Vec<RoleOption>,
    services: Vec<ServiceOption>,
    teams: Vec<TeamOption>,
}

async fn people_page(state: &AppState, user: &User, notice: Option<String>, form: PersonForm, errors: FieldErrors) -> Result<Response, PageError> {
    let org_id = user.organisation_id;
    let all_services = state.store.services(org_id).await?;
    let people = state
        .store
        .users(org_id)
        .await?
        .into_iter()
        .map(|u| PersonRow {
            services: all_services.iter().filter(|s| u.service_ids.contains(&s.id)).map(|s| s.name.clone()).collect::<Vec<_>>().join(", "),
            id: u.id,
            name: u.name,
            email: u.email,
            job_title: u.job_title,
            role: u.role.label().to_string(),
            active: u.active,
        })
        .collect();
    let (services, teams) = service_and_team_options(state, org_id, &form.services, form.team_id.parse().ok()).await?;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = PeoplePage {
        layout: Layout::for_user(state, user, "People", "/admin").await?,
        notice,
        people,
        roles: role_options(if form.role.is_empty() { "staff" } else { &form.role }),
        form,
        errors,
        services,
        teams,
    };
    Ok(render_with_status(status, &page))
}

pub async fn people(State(state): State<AppState>, PageUser(user): PageUser, Query(notice): Query<Notice>) -> Result<Response, PageError> {
    admin_only(&user)?;
    people_page(&state, &user, notice_text(&notice), PersonForm::default(), FieldErrors::default()).await
}

/// Checks the fields shared by adding and changing a person.
async fn check_person(state: &AppState, org_id: i64, form: &PersonForm, errors: &mut FieldErrors) -> Result<(Role, Option<i64>), AppError> {
    check_name(&form.name, errors);
    check_place_name("job_title", &form.job_title, "Enter their job title, e.g. Support worker.", errors);
    let role = Role::parse(&form.role);
    if role.is_none() {
        errors.push("role", "Choose a role.");
    }
    let services = state.store.services(org_id).await?;
    if form.services.iter().any(|id| !services.iter().any(|s| s.id == *id)) {
        errors.push("service", "Choose services from the list.");
    }
    if role == Some(Role::Manager) && form.services.is_empty() {
        errors.push("service", "A manager needs at least one service to manage.");
    }
    let team_id = if form.team_id.trim().is_empty() { None } else { form.team_id.trim().parse::<i64>().ok() };
    if !form.team_id.trim().is_empty() {
        let teams = state.store.teams(org_id).await?;
        if !team_id.is_some_and(|id| teams.iter().any(|t| t.id == id)) {
            errors.push("team_id", "Choose a team from the list.");
        }
    }
    Ok((role.unwrap_or(Role::Staff), team_id))
}

pub async fn add_person(State(state): State<AppState>, PageUser(user): PageUser, Form(form): Form<PersonForm>) -> Result<Response, PageError> {
    admin_only(&user)?;
    let mut errors = FieldErrors::default();
    let email = Email::parse(&form.email);
    if email.is_none() {
        errors.push("email", "Enter their email address, like name@example.org.");
    }
    let (role, team_id) = check_person(&state, user.organisation_id, &form, &mut errors).await?;
    check_new_password(&form.password, &mut errors);
    if let (true, Some(email), Role::Safety) = (errors.is_empty(), &email, role) {
        // The safety officer's role takes a second person's approval.
        let hash = hash_password(form.password.clone()).await?;
        let person = NewPersonDetails { email: email.as_str().to_string(), name: form.name.trim().to_string(), job_title: form.job_title.trim().to_string(), team_id, service_ids: form.services.clone() };
        match crate::operations::safety_officer::ask_for_new_account(&state, &user, &person, &hash).await {
            Ok(()) => return Ok(Redirect::to("/admin/people?saved=requested").into_response()),
            Err(AppError::Invalid(found)) => errors.0.extend(found.0),
            Err(AppError::Conflict(message)) => errors.push("role", message),
            Err(other) => return Err(other.into()),
        }
    }
    if let (true, Some(email)) = (errors.is_empty(), email) {
        let hash = hash_password(form.password.clone()).await?;
        let new = NewUser {
            organisation_id: user.organisation_id,
            email: email.as_str(),
            name: form.name.trim(),
            job_title: form.job_title.trim(),
            role,
            team_id,
            password_hash: &hash,
            service_ids: &form.services,
        };
        match state.store.create_user(&new, Some(user.id), now_seconds()).await {
            Ok(_) => return Ok(Redirect::to("/admin/people?saved=person").into_response()),
            Err(StoreError::Conflict(_)) => errors.push("email", format!("{email} already has an account.")),
            Err(other) => return Err(other.into()),
        }
    }
    let mut form = form;
    form.password.clear();
    people_page(&state, &user, None, form, errors).await
}

#[derive(Template)]
#[template(path = "admin_person.html")]
struct PersonPage {
    layout: Layout,
    notice: Option<String>,
    /// A safety officer: their password and second factor change only with approval.
    is_safety_officer: bool,
    person_id: i64,
    email: String,
    form: PersonForm,
    errors: FieldErrors,
    roles: Vec<RoleOption>,
    services: Vec<ServiceOption>,
    teams: Vec<TeamOption>,
}

async fn person_page(state: &AppState, user: &User, person: &User, notice: Option<String>, form: PersonForm, errors: FieldErrors) -> Result<Response, PageError> {
    let (services, teams) = service_and_team_options(state, user.organisation_id, &form.services, form.team_id.parse().ok()).await?;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = PersonPage {
        layout: Layout::for_user(state, user, &person.name, "/admin").await?,
        notice,
        is_safety_officer: person.role == Role::Safety,
        person_id: person.id,
        email: person.email.clone(),
        roles: role_options(&form.role),
        form,
        errors,
        services,
        teams,
    };
    Ok(render_with_status(status, &page))
}

async fn person_in_organisation(state: &AppState, admin: &User, id: i64) -> Result<User, PageError> {
    match state.store.user(id).await {
        Ok(person) if person.organisation_id == admin.organisation_id => Ok(person),
        Ok(_) | Err(StoreError::NotFound) => Err(PageError(AppError::NotFound("That person"))),
        Err(other) => Err(other.into()),
    }
}

pub async fn person(State(state): State<AppState>, PageUser(user): PageUser, Path(id): Path<i64>, Query(notice): Query<Notice>) -> Result<Response, PageError> {
    admin_only(&user)?;
    let person = person_in_organisation(&state, &user, id).await?;
    person_page(&state, &user, &person, notice_text(&notice), PersonForm::from_person(&person), FieldErrors::default()).await
}

pub async fn change_person(State(state): State<AppState>, PageUser(user): PageUser, Path(id): Path<i64>, Form(form): Form<PersonForm>) -> Result<Response, PageError> {
    admin_only(&user)?;
    let person = person_in_organisation(&state, &user, id).await?;
    let mut errors = FieldErrors::default();
    let (role, team_id) = check_person(&state, user.organisation_id, &form, &mut errors).await?;
    let active = form.active.is_some();
    if person.id == user.id && (role != Role::Admin || !active) {
        errors.push("role", "You cannot remove your own administrator role or deactivate yourself; ask another administrator.");
    }
    if !errors.is_empty() {
        return person_page(&state, &user, &person, None, form, errors).await;
    }
    // Becoming safety officer takes a second person's approval: the other
    // changes are saved now, the role once approved.
    let appointing = role == Role::Safety && person.role != Role::Safety;
    let change = UserChange {
        name: form.name.trim().to_string(),
        job_title: form.job_title.trim().to_string(),
        role: if appointing { person.role } else { role },
        team_id,
        active,
        service_ids: form.services.clone(),
    };
    let changed = state.store.update_user(user.organisation_id, person.id, &change, Some(user.id), now_seconds()).await?;
    if appointing {
        return ask_from_person_page(&state, &user, &changed, form, &Asked::Appoint { user: &changed }, "role").await;
    }
    Ok(Redirect::to(&format!("/admin/people/{}?saved=changes", person.id)).into_response())
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    password: String,
}

pub async fn set_password(State(state): State<AppState>, PageUser(user): PageUser, Path(id): Path<i64>, Form(form): Form<PasswordForm>) -> Result<Response, PageError> {
    admin_only(&user)?;
    let person = person_in_organisation(&state, &user, id).await?;
    let mut errors = FieldErrors::default();
    check_new_password(&form.password, &mut errors);
    if !errors.is_empty() {
        return person_page(&state, &user, &person, None, PersonForm::from_person(&person), errors).await;
    }
    let hash = hash_password(form.password).await?;
    if person.role == Role::Safety {
        // Whoever set it could sign in as the safety officer: a second person approves.
        let asked = Asked::ResetPassword { user: &person, password_hash: &hash };
        return ask_from_person_page(&state, &user, &person, PersonForm::from_person(&person), &asked, "password").await;
    }
    state.store.set_password(user.organisation_id, person.id, &hash, Some(user.id), now_seconds()).await?;
    Ok(Redirect::to(&format!("/admin/people/{}?saved=password", person.id)).into_response())
}

/// A safety officer who lost their phone and recovery codes: they enrol a
/// new second factor once a second person approves.
pub async fn ask_for_new_second_factor(State(state): State<AppState>, PageUser(user): PageUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    admin_only(&user)?;
    let person = person_in_organisation(&state, &user, id).await?;
    ask_from_person_page(&state, &user, &person, PersonForm::from_person(&person), &Asked::ResetSecondFactor { user: &person }, "second_factor").await
}

/// Files a safety officer request from a person's page: back to the page
/// saying it was asked, or the page again with the reason beside `field`.
async fn ask_from_person_page(state: &AppState, admin: &User, person: &User, form: PersonForm, asked: &Asked<'_>, field: &str) -> Result<Response, PageError> {
    match crate::operations::safety_officer::ask(state, admin, asked).await {
        Ok(()) => Ok(Redirect::to(&format!("/admin/people/{}?saved=requested", person.id)).into_response()),
        Err(AppError::Conflict(message)) => {
            let mut errors = FieldErrors::default();
            errors.push(field, message);
            person_page(state, admin, person, None, form, errors).await
        }
        Err(other) => Err(other.into()),
    }
}

pub struct AuditRow {
    pub when: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "admin_audit.html")]
struct AuditPage {
    layout: Layout,
    rows: Vec<AuditRow>,
    older_link: Option<String>,
}

#[derive(Deserialize)]
pub struct AuditQuery {
    before: Option<i64>,
}

pub async fn audit(State(state): State<AppState>, PageUser(user): PageUser, Query(q): Query<AuditQuery>) -> Result<Response, PageError> {
    admin_only(&user)?;
    let org = state.store.organisation(user.organisation_id).await?;
    let zone = zone_of(&org);
    let entries = state.store.audit_log(org.id, q.before, 100).await?;
    let older_link = (entries.len() == 100).then(|| entries.last().map(|e| format!("/admin/audit?before={}", e.id))).flatten();
    let rows = entries
        .into_iter()
        .map(|e| AuditRow {
            when: local_time(e.at, &zone),
            actor: e.actor_name.unwrap_or_else(|| "system".into()),
            action: e.action,
            subject: e.subject,
            detail: if e.detail == "{}" { String::new() } else { e.detail },
        })
        .collect();
    Ok(render(&AuditPage { layout: Layout::for_user(&state, &user, "Audit log", "/admin/audit").await?, rows, older_link }))
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
