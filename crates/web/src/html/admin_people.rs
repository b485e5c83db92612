//! Administration of people: adding and changing them, their roles,
//! services and team, their passwords, and asking a second person to approve
//! a safety officer. Administrators only.

use askama::Template;
use axum_extra::extract::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use learnloop_domain::FieldErrors;
use learnloop_domain::organisation::check_place_name;
use learnloop_domain::people::{Email, check_name, check_new_password};
use learnloop_domain::role::Role;
use learnloop_store::StoreError;
use learnloop_store::people::{NewUser, User, UserChange};
use learnloop_store::safety_officer::{Asked, NewPersonDetails};
use serde::Deserialize;
use crate::auth::PageUser;
use crate::auth::password::hash_password;
use crate::error::AppError;
use crate::page::{Layout, PageError, render_with_status};
use crate::state::AppState;
use crate::html::admin::{Notice, admin_only, notice_text};
use learnloop_domain::ids::{OrganisationId, PersonId, ServiceId, TeamId};

pub struct PersonRow {
    pub id: PersonId,
    pub name: String,
    pub email: String,
    pub job_title: String,
    pub role: String,
    pub services: String,
    pub active: bool,
}

pub struct ServiceOption {
    pub id: ServiceId,
    pub name: String,
    pub checked: bool,
}

pub struct TeamOption {
    pub id: TeamId,
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
    services: Vec<ServiceId>,
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

async fn service_and_team_options(state: &AppState, org_id: OrganisationId, services_checked: &[ServiceId], team: Option<TeamId>) -> Result<(Vec<ServiceOption>, Vec<TeamOption>), AppError> {
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
async fn check_person(state: &AppState, org_id: OrganisationId, form: &PersonForm, errors: &mut FieldErrors) -> Result<(Role, Option<TeamId>), AppError> {
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
    let team_id = if form.team_id.trim().is_empty() { None } else { form.team_id.trim().parse::<TeamId>().ok() };
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
            Err(AppError::Refused(refusal)) => errors.push("role", refusal.message()),
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
        match state.store.create_user(&new, Some(user.id), Timestamp::now()).await {
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
    person_id: PersonId,
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
    match state.store.user(PersonId(id)).await {
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
    let changed = state.store.update_user(user.organisation_id, person.id, &change, Some(user.id), Timestamp::now()).await?;
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
    state.store.set_password(user.organisation_id, person.id, &hash, Some(user.id), Timestamp::now()).await?;
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
        Err(AppError::Refused(refusal)) => {
            let mut errors = FieldErrors::default();
            errors.push(field, refusal.message());
            person_page(state, admin, person, None, form, errors).await
        }
        Err(other) => Err(other.into()),
    }
}
