//! The restrictive practice log's pages: the list with each children's
//! home entry's Ofsted timeline, the form, one entry with its review and
//! child-spoken-to forms, and the monthly counts.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use learnloop_domain::FieldErrors;
use learnloop_domain::restrictive_practice::{RestraintType, RestrictivePracticeInput, StepStatus, TimelineStatus};
use learnloop_store::people::User;
use learnloop_store::restrictive_practice::RestrictivePracticeRecord;
use serde::Deserialize;

use crate::auth::PageUser;
use crate::auth::session::require;
use crate::error::AppError;
use crate::page::{Layout, PageError, render, render_with_status};
use crate::html::display::{Choice, local_time};
use crate::operations::time_zone::organisation_zone;
use crate::operations::restrictive_practice::{self as log, CountLine, NotesInput};
use crate::state::AppState;

const HERE: &str = "/restrictive-practice";

/// One step of the Ofsted timeline, in words.
pub struct StepLine {
    pub label: &'static str,
    pub text: String,
    /// Overdue, or recorded late: marked in words, not colour alone.
    pub warning: bool,
}

fn step_lines(status: &TimelineStatus, entry: &RestrictivePracticeRecord, zone: &TimeZone) -> Vec<StepLine> {
    let when = |t: Timestamp| local_time(t.as_second(), zone);
    let done_at = |at: Option<i64>| at.map(|a| local_time(a, zone)).unwrap_or_default();
    let step = |label, status: StepStatus, due: Timestamp, done: Option<i64>| {
        let text = match status {
            StepStatus::Met => "recorded within 24 hours".to_string(),
            StepStatus::Late => format!("recorded late: it was due by {}", when(due)),
            StepStatus::Done => format!("done {}", done_at(done)),
            StepStatus::Due => format!("due by {}", when(due)),
            StepStatus::Overdue => format!("overdue: it was due by {}", when(due)),
        };
        StepLine { label, text, warning: matches!(status, StepStatus::Late | StepStatus::Overdue) }
    };
    vec![
        step("Record within 24 hours", status.record, status.due.record_due, Some(entry.recorded_at)),
        step("Registered person's review within 48 hours", status.review, status.due.review_due, entry.reviewed_at),
        step("Child spoken to within 5 days", status.child_spoken_to, status.due.child_spoken_to_due, entry.child_spoken_to_at),
    ]
}

pub struct EntryLine {
    pub id: i64,
    pub started: String,
    pub service: String,
    pub person: String,
    pub restraint: &'static str,
    pub duration_minutes: i64,
    pub recorded_by: String,
    pub injury: bool,
    pub timeline: Vec<StepLine>,
    pub overdue: bool,
}

fn line(entry: &RestrictivePracticeRecord, zone: &TimeZone, now: Timestamp) -> EntryLine {
    let status = log::timeline(entry, now);
    EntryLine {
        id: entry.id,
        started: local_time(entry.started_at, zone),
        service: entry.service_name.clone(),
        person: entry.person_reference.clone(),
        restraint: entry.restraint_type.label(),
        duration_minutes: entry.duration_minutes,
        recorded_by: entry.recorded_by_name.clone(),
        injury: entry.injury,
        timeline: status.map(|s| step_lines(&s, entry, zone)).unwrap_or_default(),
        overdue: status.is_some_and(|s| s.any_overdue()),
    }
}

#[derive(Template)]
#[template(path = "restrictive_practice_list.html")]
struct ListPage {
    layout: Layout,
    entries: Vec<EntryLine>,
    own_only: bool,
    may_record: bool,
    oversees: bool,
    overdue: usize,
}

pub async fn list(State(state): State<AppState>, PageUser(user): PageUser) -> Result<Response, PageError> {
    let entries = log::list(&state, &user).await?;
    let zone = organisation_zone(&state, user.organisation_id).await?;
    let now = Timestamp::now();
    let entries: Vec<EntryLine> = entries.iter().map(|e| line(e, &zone, now)).collect();
    Ok(render(&ListPage {
        layout: Layout::for_user(&state, &user, "Restrictive practice", HERE).await?,
        overdue: entries.iter().filter(|e| e.overdue).count(),
        entries,
        own_only: user.role.restrictive_practice_scope() == learnloop_domain::role::ReportScope::OwnReports,
        may_record: log::may_record(&user),
        oversees: user.role.oversees_restrictive_practice(),
    }))
}

/// The form as posted: every field text, so what was entered comes back as it was.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EntryForm {
    pub service: String,
    pub restraint_type: String,
    pub started_at: String,
    pub duration_minutes: String,
    pub person_reference: String,
    pub behaviour_before: String,
    pub de_escalation: String,
    pub less_restrictive_options: String,
    pub staff_involved: String,
    pub injury: String,
    pub injury_details: String,
    pub best_interests_reference: String,
    pub debrief_with_person: String,
    pub debrief_with_staff: String,
}

impl EntryForm {
    fn to_input(&self) -> RestrictivePracticeInput {
        let optional = |text: &str| Some(text.to_string());
        RestrictivePracticeInput {
            restraint_type: self.restraint_type.clone(),
            started_at: self.started_at.clone(),
            duration_minutes: self.duration_minutes.trim().parse().ok(),
            person_reference: self.person_reference.clone(),
            behaviour_before: self.behaviour_before.clone(),
            de_escalation: self.de_escalation.clone(),
            less_restrictive_options: self.less_restrictive_options.clone(),
            staff_involved: self.staff_involved.clone(),
            injury: match self.injury.trim() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            },
            injury_details: optional(&self.injury_details),
            best_interests_reference: optional(&self.best_interests_reference),
            debrief_with_person: optional(&self.debrief_with_person),
            debrief_with_staff: optional(&self.debrief_with_staff),
        }
    }
}

#[derive(Template)]
#[template(path = "restrictive_practice_form.html")]
struct FormPage {
    layout: Layout,
    form: EntryForm,
    errors: FieldErrors,
    services: Vec<Choice>,
    types: Vec<Choice>,
    now_local: String,
}

async fn form_page(state: &AppState, user: &User, form: EntryForm, errors: FieldErrors) -> Result<Response, PageError> {
    let services: Vec<_> = state.store.services(user.organisation_id).await?.into_iter().filter(|s| user.service_ids.contains(&s.id)).collect();
    let zone = organisation_zone(state, user.organisation_id).await?;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = FormPage {
        layout: Layout::for_user(state, user, "Record a restrictive practice", HERE).await?,
        services: Choice::list(services.iter().map(|s| (s.slug.as_str(), s.name.as_str())), &form.service),
        types: Choice::list(RestraintType::ALL.iter().map(|t| (t.as_str(), t.label())), &form.restraint_type),
        now_local: Timestamp::now().to_zoned_datetime(zone).strftime("%Y-%m-%dT%H:%M").to_string(),
        form,
        errors,
    };
    Ok(render_with_status(status, &page))
}

pub async fn form(State(state): State<AppState>, PageUser(user): PageUser) -> Result<Response, PageError> {
    require(log::may_record(&user))?;
    let services = state.store.services(user.organisation_id).await?;
    let home = services.iter().find(|s| user.service_ids.contains(&s.id)).map(|s| s.slug.clone()).unwrap_or_default();
    form_page(&state, &user, EntryForm { service: home, ..EntryForm::default() }, FieldErrors::default()).await
}

pub async fn submit(State(state): State<AppState>, PageUser(user): PageUser, Form(form): Form<EntryForm>) -> Result<Response, PageError> {
    require(log::may_record(&user))?;
    match log::record(&state, &user, &form.service, &form.to_input()).await {
        Ok(recorded) => Ok(Redirect::to(&format!("{HERE}/{}?done=recorded", recorded.id)).into_response()),
        Err(AppError::Invalid(errors)) => form_page(&state, &user, form, errors).await,
        Err(other) => Err(other.into()),
    }
}

/// A step already recorded: when, by whom, and the notes.
pub struct RecordedStep {
    pub when: String,
    pub by: String,
    pub notes: String,
}

#[derive(Template)]
#[template(path = "restrictive_practice_detail.html")]
struct DetailPage {
    layout: Layout,
    entry: RestrictivePracticeRecord,
    line: EntryLine,
    recorded_at: String,
    childrens_home: bool,
    review: Option<RecordedStep>,
    child_spoken_to: Option<RecordedStep>,
    may_review: bool,
    may_speak_to_child: bool,
    notice: Option<String>,
    /// The form the error belongs to (`review` or `child`), and the message.
    error_in: String,
    error: Option<String>,
    draft_notes: String,
}

#[derive(Default)]
struct DetailState {
    notice: Option<String>,
    error_in: String,
    error: Option<String>,
    draft_notes: String,
}

async fn detail_page(state: &AppState, user: &User, id: i64, page_state: DetailState) -> Result<Response, PageError> {
    let entry = log::entry_for(state, user, id).await?;
    let zone = organisation_zone(state, user.organisation_id).await?;
    let step = |at: Option<i64>, by: &Option<String>, notes: &Option<String>| {
        at.map(|at| RecordedStep { when: local_time(at, &zone), by: by.clone().unwrap_or_default(), notes: notes.clone().unwrap_or_default() })
    };
    let status = if page_state.error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = DetailPage {
        layout: Layout::for_user(state, user, "Restrictive practice", HERE).await?,
        line: line(&entry, &zone, Timestamp::now()),
        recorded_at: local_time(entry.recorded_at, &zone),
        childrens_home: entry.service_kind == learnloop_domain::organisation::ServiceKind::ChildrensHome,
        review: step(entry.reviewed_at, &entry.reviewed_by_name, &entry.review_notes),
        child_spoken_to: step(entry.child_spoken_to_at, &entry.child_spoken_to_by_name, &entry.child_spoken_to_notes),
        may_review: log::may_review(user, &entry),
        may_speak_to_child: log::may_speak_to_child(user, &entry),
        entry,
        notice: page_state.notice,
        error_in: page_state.error_in,
        error: page_state.error,
        draft_notes: page_state.draft_notes,
    };
    Ok(render_with_status(status, &page))
}

#[derive(Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

pub async fn detail(State(state): State<AppState>, PageUser(user): PageUser, Path(id): Path<i64>, Query(q): Query<DoneQuery>) -> Result<Response, PageError> {
    let notice = match q.done.as_deref() {
        Some("recorded") => Some("The entry is recorded.".to_string()),
        Some("review") => Some("The review is recorded.".to_string()),
        Some("child") => Some("The conversation with the child is recorded.".to_string()),
        _ => None,
    };
    detail_page(&state, &user, id, DetailState { notice, ..DetailState::default() }).await
}

pub async fn review(State(state): State<AppState>, PageUser(user): PageUser, Path(id): Path<i64>, Form(form): Form<NotesInput>) -> Result<Response, PageError> {
    match log::review(&state, &user, id, &form).await {
        Ok(()) => Ok(Redirect::to(&format!("{HERE}/{id}?done=review")).into_response()),
        Err(err) if err.belongs_on_the_form() => {
            detail_page(&state, &user, id, DetailState { error_in: "review".into(), error: Some(err.message()), draft_notes: form.notes, ..DetailState::default() }).await
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn child_spoken_to(State(state): State<AppState>, PageUser(user): PageUser, Path(id): Path<i64>, Form(form): Form<NotesInput>) -> Result<Response, PageError> {
    match log::child_spoken_to(&state, &user, id, &form).await {
        Ok(()) => Ok(Redirect::to(&format!("{HERE}/{id}?done=child")).into_response()),
        Err(err) if err.belongs_on_the_form() => {
            detail_page(&state, &user, id, DetailState { error_in: "child".into(), error: Some(err.message()), draft_notes: form.notes, ..DetailState::default() }).await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "restrictive_practice_counts.html")]
struct CountsPage {
    layout: Layout,
    from: String,
    to: String,
    types: Vec<&'static str>,
    per_service: Vec<CountLine>,
    per_person: Vec<CountLine>,
    errors: FieldErrors,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CountsQuery {
    from: String,
    to: String,
}

pub async fn counts(State(state): State<AppState>, PageUser(user): PageUser, Query(query): Query<CountsQuery>) -> Result<Response, PageError> {
    require(user.role.oversees_restrictive_practice())?;
    let zone = organisation_zone(&state, user.organisation_id).await?;
    let (default_from, default_to) = log::default_months(&zone);
    let from = if query.from.trim().is_empty() { default_from } else { query.from.trim().to_string() };
    let to = if query.to.trim().is_empty() { default_to } else { query.to.trim().to_string() };
    let layout = Layout::for_user(&state, &user, "Restrictive practice: monthly counts", HERE).await?;
    let types = RestraintType::ALL.iter().map(|t| t.label()).collect();
    match log::counts(&state, &user, &from, &to).await {
        Ok(counts) => Ok(render(&CountsPage {
            layout,
            from: counts.from,
            to: counts.to,
            types,
            per_service: counts.per_service,
            per_person: counts.per_person,
            errors: FieldErrors::default(),
        })),
        Err(AppError::Invalid(errors)) => Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &CountsPage { layout, from, to, types, per_service: Vec::new(), per_person: Vec::new(), errors },
        )),
        Err(other) => Err(other.into()),
    }
}
