//! The one-page report form, for signed-in staff (`/report`) and, through
//! `public_link`, for anyone with the organisation's public link.

use learnloop_domain::ids::OrganisationId;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use learnloop_domain::idempotency::IdempotencyKey;
use learnloop_domain::{FieldError, FieldErrors};
use learnloop_domain::identity::IdentityMode;
use learnloop_domain::reports::{Category, Harm, PsychologicalHarm, ReportInput, ReportKind};
use learnloop_store::organisations::Organisation;
use learnloop_store::services::{Service, Team};
use learnloop_store::people::User;
use serde::Deserialize;

use crate::auth::PageUser;
use crate::auth::session::require;
use crate::error::AppError;
use crate::page::{Layout, PageError, render, render_with_status};
use crate::html::display::{Choice, TeamGroup};
use crate::html::carried_secret::REPORT_THANKS;
use crate::operations::reports::{SubmittedReport, check_report, first_answer_for_key, submit_report};
use crate::operations::time_zone::zone_of;
use crate::state::AppState;

/// The form as posted: all text, people affected as one comma-separated line.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReportForm {
    pub kind: String,
    pub service: String,
    /// A team's id; empty for none.
    pub team: String,
    pub occurred_at: String,
    pub what_happened: String,
    pub identity: String,
    pub category: String,
    pub harm: String,
    pub psychological_harm: String,
    pub immediate_actions: String,
    pub what_went_well: String,
    pub people_affected: String,
    /// The time the signed-in form filled in when it was opened, so that an
    /// anonymous report left at it can be refused (it would date the report).
    pub occurred_at_prefilled: String,
    /// A random key the form was opened with: sending it twice (a double
    /// tap, a retry after a lost connection) saves one report.
    pub idempotency_key: String,
}

fn non_empty(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

impl ReportForm {
    /// A blank form's fields, with a fresh idempotency key.
    pub fn opened() -> ReportForm {
        ReportForm { idempotency_key: IdempotencyKey::generate(&mut rand::rng()).as_str().to_string(), ..ReportForm::default() }
    }

    /// The key the form carried; a fresh one if it carried none (a client
    /// without our form), so the thank-you page can still be found.
    pub fn key(&self) -> IdempotencyKey {
        IdempotencyKey::parse(&self.idempotency_key).unwrap_or_else(|_| IdempotencyKey::generate(&mut rand::rng()))
    }

    /// An anonymous report whose time is still the one the form was opened
    /// at: saved, it would tell managers to the minute when it was made.
    pub fn anonymous_time_left_as_opened(&self) -> Option<FieldError> {
        let prefilled = self.occurred_at_prefilled.trim();
        (self.identity == IdentityMode::Anonymous.as_str() && !prefilled.is_empty() && self.occurred_at.trim() == prefilled).then(|| {
            FieldError::new(
                "occurred_at",
                "Change this to when it happened (roughly is fine). For an anonymous report it cannot stay at the time you opened the form: that would show when you reported.",
            )
        })
    }

    pub fn to_input(&self) -> ReportInput {
        ReportInput {
            kind: self.kind.clone(),
            service: self.service.clone(),
            team: non_empty(&self.team),
            occurred_at: self.occurred_at.clone(),
            what_happened: self.what_happened.clone(),
            identity: self.identity.clone(),
            category: non_empty(&self.category),
            harm: non_empty(&self.harm),
            psychological_harm: non_empty(&self.psychological_harm),
            immediate_actions: non_empty(&self.immediate_actions),
            what_went_well: non_empty(&self.what_went_well),
            people_affected: self.people_affected.split([',', '\n', ';']).map(str::to_string).collect(),
        }
    }
}

/// The services and teams a report can name, as the form offers them.
pub struct Places {
    pub services: Vec<Service>,
    pub teams: Vec<Team>,
}

impl Places {
    pub async fn load(state: &AppState, organisation_id: OrganisationId) -> Result<Places, AppError> {
        Ok(Places { services: state.store.services(organisation_id).await?, teams: state.store.teams(organisation_id).await? })
    }
}

pub struct IdentityChoice {
    pub value: &'static str,
    pub label: &'static str,
    pub explanation: &'static str,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "report_form.html")]
pub struct ReportFormPage {
    pub layout: Layout,
    /// Where the form posts: `/report` or the public link.
    pub action: String,
    /// The public link always reports anonymously; no identity choice.
    pub public: bool,
    pub form: ReportForm,
    pub errors: FieldErrors,
    pub kinds: Vec<Choice>,
    pub services: Vec<Choice>,
    pub team_groups: Vec<TeamGroup>,
    pub identities: Vec<IdentityChoice>,
    pub categories: Vec<Choice>,
    pub harms: Vec<Choice>,
    pub psychological_harms: Vec<Choice>,
    pub now_local: String,
    /// The time filled in for the reporter: now, on the signed-in form; never
    /// on the public link, whose reports are always anonymous.
    pub prefilled: String,
}

impl ReportFormPage {
    pub fn new(layout: Layout, action: String, public: bool, form: ReportForm, errors: FieldErrors, places: &Places, org: &Organisation) -> ReportFormPage {
        let with_blank = |items: Vec<(&'static str, &'static str)>, selected: &str| {
            let mut all = vec![("", "Not sure / not applicable")];
            all.extend(items);
            Choice::list(all, selected)
        };
        let now_local = jiff::Timestamp::now().to_zoned_datetime(zone_of(org)).strftime("%Y-%m-%dT%H:%M").to_string();
        let prefilled = match (public, form.occurred_at.is_empty()) {
            (true, _) => String::new(),
            (false, true) => now_local.clone(),
            (false, false) => form.occurred_at_prefilled.clone(),
        };
        ReportFormPage {
            prefilled,
            kinds: Choice::list(ReportKind::ALL.iter().map(|k| (k.as_str(), k.label())), &form.kind),
            services: Choice::list(places.services.iter().map(|s| (s.slug.as_str(), s.name.as_str())), &form.service),
            team_groups: TeamGroup::for_services(&places.services, &places.teams, &form.team),
            identities: IdentityMode::ALL
                .iter()
                .map(|m| IdentityChoice { value: m.as_str(), label: m.label(), explanation: m.explanation(), selected: m.as_str() == form.identity })
                .collect(),
            categories: with_blank(Category::ALL.iter().map(|c| (c.as_str(), c.label())).collect(), &form.category),
            harms: with_blank(Harm::ALL.iter().map(|c| (c.as_str(), c.label())).collect(), &form.harm),
            psychological_harms: with_blank(PsychologicalHarm::ALL.iter().map(|c| (c.as_str(), c.label())).collect(), &form.psychological_harm),
            layout,
            action,
            public,
            form,
            errors,
            now_local,
        }
    }

    /// The message for one field, or "" (templates show it beside the input).
    pub fn error_for(&self, field: &str) -> &str {
        self.errors.for_field(field).unwrap_or("")
    }
}

#[derive(Template)]
#[template(path = "report_thanks.html")]
pub struct ThanksPage {
    pub layout: Layout,
    pub report: SubmittedReport,
    pub anonymous: bool,
    pub confidential: bool,
    pub signed_in: bool,
}

impl ThanksPage {
    pub fn new(layout: Layout, report: SubmittedReport, signed_in: bool) -> ThanksPage {
        ThanksPage {
            anonymous: report.identity == IdentityMode::Anonymous,
            confidential: report.identity == IdentityMode::Confidential,
            signed_in,
            layout,
            report,
        }
    }
}

fn blank_form(user: &User, services: &[Service]) -> ReportForm {
    let home_service = services.iter().find(|s| user.service_ids.contains(&s.id)).or(services.first());
    ReportForm {
        identity: IdentityMode::Named.as_str().into(),
        service: home_service.map(|s| s.slug.clone()).unwrap_or_default(),
        ..ReportForm::opened()
    }
}

pub async fn form(State(state): State<AppState>, PageUser(user): PageUser) -> Result<Response, PageError> {
    require(user.role.may_report())?;
    let org = state.store.organisation(user.organisation_id).await?;
    let places = Places::load(&state, org.id).await?;
    let layout = Layout::for_user(&state, &user, "Report", "/report").await?;
    let form = blank_form(&user, &places.services);
    Ok(render(&ReportFormPage::new(layout, "/report".into(), false, form, FieldErrors::default(), &places, &org)))
}

pub async fn submit(State(state): State<AppState>, PageUser(user): PageUser, jar: CookieJar, Form(form): Form<ReportForm>) -> Result<Response, PageError> {
    require(user.role.may_report())?;
    let key = form.key();
    let outcome = match form.anonymous_time_left_as_opened() {
        // Refused with every other problem at once; nothing is saved.
        Some(problem) => Err(check_report(&state, user.organisation_id, &form.to_input(), Some(problem.clone()))
            .await
            .err()
            .unwrap_or(AppError::Invalid(FieldErrors(vec![problem])))),
        None => submit_report(&state, user.organisation_id, &form.to_input(), Some(&user), Some(&key)).await,
    };
    match outcome {
        // Post/redirect/get: reloading the thank-you page cannot send the
        // report again; the key travels to it in a short-lived cookie.
        Ok(_) => {
            let cookie = REPORT_THANKS.carry(&state, THANKS_PATH.into(), key.as_str().to_string());
            Ok((jar.add(cookie), Redirect::to(THANKS_PATH)).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            let org = state.store.organisation(user.organisation_id).await?;
            let places = Places::load(&state, org.id).await?;
            let layout = Layout::for_user(&state, &user, "Report", "/report").await?;
            let form = ReportForm { idempotency_key: key.as_str().to_string(), ..form };
            let page = ReportFormPage::new(layout, "/report".into(), false, form, errors, &places, &org);
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(other) => Err(PageError(other)),
    }
}

/// Where a signed-in reporter is thanked.
pub const THANKS_PATH: &str = "/report/thanks";

/// The thank-you page for the report just sent, found by the key its form
/// carried; after the cookie's 15 minutes, the reporter's own reports.
pub async fn thanks(State(state): State<AppState>, PageUser(user): PageUser, jar: CookieJar) -> Result<Response, PageError> {
    require(user.role.may_report())?;
    let answer = match REPORT_THANKS.read(&jar).and_then(|text| IdempotencyKey::parse(&text).ok()) {
        Some(key) => first_answer_for_key(&state, user.organisation_id, &key).await?,
        None => None,
    };
    let Some(report) = answer else {
        return Ok(Redirect::to("/my-reports").into_response());
    };
    let layout = Layout::for_user(&state, &user, "Thank you", "/report").await?;
    Ok(render(&ThanksPage::new(layout, report, true)))
}
