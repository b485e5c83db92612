//! Administration of people: finding them in the list, adding and inviting
//! them by email, changing their roles, services and team, their passwords,
//! deactivating and reactivating them, and asking a second person to approve
//! a safety officer. Administrators only. (Importing many at once is
//! `people_import`.)

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
use crate::html::display::local_time;
use crate::operations::people_directory::{self, PAGE_SIZE};
use crate::operations::time_zone::zone_of;
use crate::site_address::SiteAddress;
use learnloop_domain::ids::{OrganisationId, PersonId, ServiceId, TeamId};
use learnloop_domain::invitations::INVITATION_LIFETIME_WORDS;
use learnloop_store::people_search::{AccountStatus, PeopleFilter};

pub struct PersonRow {
    pub id: PersonId,
    pub name: String,
    pub email: String,
    pub job_title: String,
    pub role: String,
    pub services: String,
    /// Active, invited (with when the link ends) or deactivated, in words.
    pub status: String,
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
    search: ListQuery,
    filter_roles: Vec<RoleOption>,
    filter_services: Vec<ServiceOption>,
    filter_statuses: Vec<RoleOption>,
    /// "People 51 to 100 of 230", and links to the pages either side.
    showing: String,
    previous_page: Option<String>,
    next_page: Option<String>,
    invitation_lifetime: &'static str,
}

/// The list's search, filters and page, as the address carries them.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ListQuery {
    saved: Option<String>,
    imported: Option<usize>,
    q: String,
    role: String,
    service: String,
    status: String,
    page: Option<i64>,
}

impl ListQuery {
    fn filter(&self) -> PeopleFilter {
        PeopleFilter {
            text: self.q.trim().to_string(),
            role: Role::parse(&self.role),
            service_id: self.service.parse().ok(),
            status: AccountStatus::parse(&self.status),
        }
    }

    /// This list's address on page `page`.
    fn page_link(&self, page: i64) -> String {
        let query: String = form_urlencoded::Serializer::new(String::new())
            .append_pair("q", &self.q)
            .append_pair("role", &self.role)
            .append_pair("service", &self.service)
            .append_pair("status", &self.status)
            .append_pair("page", &page.to_string())
            .finish();
        format!("/admin/people?{query}#people")
    }
}

/// "Invited 3 December; the link works until 10 December", and the like.
fn status_words(status: AccountStatus, pending: Option<&learnloop_store::invitations::PendingInvitation>, zone: &jiff::tz::TimeZone) -> String {
    match status {
        AccountStatus::Active => "Active".to_string(),
        AccountStatus::Deactivated => "Deactivated".to_string(),
        AccountStatus::Invited => match pending.and_then(|p| p.sent_at.zip(p.expires_at)) {
            Some((_, until)) if until > Timestamp::now().as_second() => format!("Invited; the link works until {}", local_time(until, zone)),
            Some((_, until)) => format!("Invitation expired {}: send it again", local_time(until, zone)),
            None => "Not joined; no invitation waiting".to_string(),
        },
    }
}

async fn people_page(state: &AppState, user: &User, notice: Option<String>, form: PersonForm, errors: FieldErrors, search: ListQuery) -> Result<Response, PageError> {
    let org_id = user.organisation_id;
    let zone = zone_of(&state.store.organisation(org_id).await?);
    let all_services = state.store.services(org_id).await?;
    let page_number = search.page.unwrap_or(1).clamp(1, people_directory::LAST_PAGE);
    let directory = people_directory::find(state, user, &search.filter(), page_number).await?;
    let total = directory.page.total;
    let people: Vec<PersonRow> = directory
        .page
        .people
        .into_iter()
        .map(|(u, status)| PersonRow {
            services: all_services.iter().filter(|s| u.service_ids.contains(&s.id)).map(|s| s.name.clone()).collect::<Vec<_>>().join(", "),
            status: status_words(status, directory.pending.iter().find(|p| p.user_id == u.id), &zone),
            id: u.id,
            name: u.name,
            email: u.email,
            job_title: u.job_title,
            role: u.role.label().to_string(),
        })
        .collect();
    let first = (page_number - 1) * PAGE_SIZE + 1;
    let showing = match total {
        0 => "Nobody matches.".to_string(),
        _ if people.is_empty() => format!("No one on this page; {total} match in all."),
        _ => format!("People {first} to {} of {total}.", first + people.len() as i64 - 1),
    };
    let previous_page = (page_number > 1).then(|| search.page_link(page_number - 1));
    let next_page = (page_number * PAGE_SIZE < total).then(|| search.page_link(page_number + 1));
    let (services, teams) = service_and_team_options(state, org_id, &form.services, form.team_id.parse().ok()).await?;
    let mut filter_roles = vec![RoleOption { value: "", label: "Any role", selected: search.role.is_empty() }];
    filter_roles.extend(role_options(&search.role));
    let filter_services = all_services.iter().map(|s| ServiceOption { id: s.id, name: s.name.clone(), checked: search.service == s.id.to_string() }).collect();
    let mut filter_statuses = vec![RoleOption { value: "", label: "Anyone", selected: search.status.is_empty() }];
    filter_statuses.extend(AccountStatus::ALL.map(|s| RoleOption { value: s.as_str(), label: s.label(), selected: search.status == s.as_str() }));
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
        search,
        filter_roles,
        filter_services,
        filter_statuses,
        showing,
        previous_page,
        next_page,
        invitation_lifetime: INVITATION_LIFETIME_WORDS,
    };
    Ok(render_with_status(status, &page))
}

pub async fn people(State(state): State<AppState>, PageUser(user): PageUser, Query(query): Query<ListQuery>) -> Result<Response, PageError> {
    admin_only(&user)?;
    let notice = match query.imported {
        Some(count) => Some(format!(
            "{count} {} imported. Each was emailed an invitation to set their own password (it works once, within {INVITATION_LIFETIME_WORDS}); without an SMTP server the emails wait in the Outbox.",
            if count == 1 { "person" } else { "people" }
        )),
        None => notice_text(&Notice { saved: query.saved.clone() }),
    };
    people_page(&state, &user, notice, PersonForm::default(), FieldErrors::default(), query).await
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

pub async fn add_person(State(state): State<AppState>, PageUser(user): PageUser, SiteAddress(site): SiteAddress, Form(form): Form<PersonForm>) -> Result<Response, PageError> {
    admin_only(&user)?;
    let mut errors = FieldErrors::default();
    let email = Email::parse(&form.email);
    if email.is_none() {
        errors.push("email", "Enter their email address, like name@example.org.");
    }
    let (role, team_id) = check_person(&state, user.organisation_id, &form, &mut errors).await?;
    // No password: they are invited by email to set their own. A safety
    // officer never is (their first password waits for approval).
    let invited = form.password.is_empty() && role != Role::Safety;
    if !invited {
        check_new_password(&form.password, &mut errors);
    }
    if let (true, Some(email), true) = (errors.is_empty(), &email, invited) {
        let new = NewUser {
            organisation_id: user.organisation_id,
            email: email.as_str(),
            name: form.name.trim(),
            job_title: form.job_title.trim(),
            role,
            team_id,
            password_hash: "",
            service_ids: &form.services,
        };
        match crate::operations::invitations::invite(&state, &user, &[new], &site, false).await {
            Ok(_) => return Ok(Redirect::to("/admin/people?saved=invited").into_response()),
            Err(AppError::Invalid(found)) => errors.0.extend(found.0),
            Err(other) => return Err(other.into()),
        }
    }
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
    people_page(&state, &user, None, form, errors, ListQuery::default()).await
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
    /// Whether their account is on, and where they are with an invitation.
    active: bool,
    status: String,
    /// They have not set a password yet and may be sent a new invitation.
    may_resend_invitation: bool,
    form: PersonForm,
    errors: FieldErrors,
    roles: Vec<RoleOption>,
    services: Vec<ServiceOption>,
    teams: Vec<TeamOption>,
}

async fn person_page(state: &AppState, user: &User, person: &User, notice: Option<String>, form: PersonForm, errors: FieldErrors) -> Result<Response, PageError> {
    let (services, teams) = service_and_team_options(state, user.organisation_id, &form.services, form.team_id.parse().ok()).await?;
    let zone = zone_of(&state.store.organisation(user.organisation_id).await?);
    let pending = state.store.pending_invitations(user.organisation_id).await?.into_iter().find(|p| p.user_id == person.id);
    let standing = match (person.active, &pending) {
        (false, _) => AccountStatus::Deactivated,
        (true, Some(_)) => AccountStatus::Invited,
        (true, None) => AccountStatus::Active,
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = PersonPage {
        layout: Layout::for_user(state, user, &person.name, "/admin").await?,
        notice,
        is_safety_officer: person.role == Role::Safety,
        person_id: person.id,
        email: person.email.clone(),
        active: person.active,
        status: status_words(standing, pending.as_ref(), &zone),
        may_resend_invitation: standing == AccountStatus::Invited && person.role != Role::Safety,
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
    // Switching the account off and on has buttons of its own (`deactivate`).
    let active = person.active;
    if person.id == user.id && role != Role::Admin {
        errors.push("role", "You cannot remove your own administrator role; ask another administrator.");
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

/// Sends a person who has not joined yet a new invitation; the old link
/// stops working.
pub async fn resend_invitation(State(state): State<AppState>, PageUser(user): PageUser, SiteAddress(site): SiteAddress, Path(id): Path<i64>) -> Result<Response, PageError> {
    admin_only(&user)?;
    let person = person_in_organisation(&state, &user, id).await?;
    match crate::operations::invitations::resend(&state, &user, &person, &site).await {
        Ok(()) => Ok(Redirect::to(&format!("/admin/people/{}?saved=resent", person.id)).into_response()),
        Err(AppError::Invalid(errors)) => person_page(&state, &user, &person, None, PersonForm::from_person(&person), errors).await,
        Err(other) => Err(other.into()),
    }
}

/// Switches a person's account off: signed out everywhere, no sign-in.
pub async fn deactivate(State(state): State<AppState>, PageUser(user): PageUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    admin_only(&user)?;
    let person = person_in_organisation(&state, &user, id).await?;
    match crate::operations::deactivation::deactivate(&state, &user, person.id).await {
        Ok(_) => Ok(Redirect::to(&format!("/admin/people/{}?saved=deactivated", person.id)).into_response()),
        Err(AppError::Invalid(errors)) => person_page(&state, &user, &person, None, PersonForm::from_person(&person), errors).await,
        Err(other) => Err(other.into()),
    }
}

/// Switches a person's account on again.
pub async fn reactivate(State(state): State<AppState>, PageUser(user): PageUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    admin_only(&user)?;
    let person = person_in_organisation(&state, &user, id).await?;
    match crate::operations::deactivation::reactivate(&state, &user, person.id).await {
        Ok(_) => Ok(Redirect::to(&format!("/admin/people/{}?saved=reactivated", person.id)).into_response()),
        Err(AppError::Invalid(errors)) => person_page(&state, &user, &person, None, PersonForm::from_person(&person), errors).await,
        Err(other) => Err(other.into()),
    }
}
