//! "My actions", the actions of the services someone handles, and one
//! action's page with its completion and effectiveness check.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use learnloop_domain::actions::{ActionStatus, CheckInput, CheckResult, CompletionInput, is_overdue};
use learnloop_store::actions::ActionRecord;
use serde::Deserialize;

use crate::auth::PageUser;
use crate::page::{Layout, PageError, render, render_with_status};
use crate::html::display::{Choice, local_time};
use crate::operations::time_zone::{organisation_zone, today_in};
use crate::state::AppState;

pub struct ActionLine {
    pub id: i64,
    pub title: String,
    pub owner: String,
    pub service: String,
    pub due: String,
    pub status: String,
    pub overdue: bool,
    pub result: String,
}

fn lines(actions: Vec<ActionRecord>, today: jiff::civil::Date) -> Vec<ActionLine> {
    actions
        .into_iter()
        .map(|a| {
            let due = a.due_on.parse().unwrap_or(today);
            let check_due = a.check_due_on.as_deref().and_then(|d| d.parse().ok());
            ActionLine {
                overdue: is_overdue(a.status, due, check_due, today),
                id: a.id,
                title: a.title,
                owner: a.owner_name,
                service: a.service_name,
                due: crate::html::display::day_text(&a.due_on),
                status: a.status.label().into(),
                result: a.check_result.map(|r| r.label().to_string()).unwrap_or_default(),
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "actions.html")]
struct ActionsPage {
    layout: Layout,
    mine: Vec<ActionLine>,
    /// For managers, quality leads and the safety officer: the actions they oversee.
    overseen: Option<Vec<ActionLine>>,
}

pub async fn list(State(state): State<AppState>, PageUser(user): PageUser) -> Result<Response, PageError> {
    let today = today_in(&organisation_zone(&state, user.organisation_id).await?);
    let mine = lines(state.store.actions_owned_by(user.id, 200).await?, today);
    let overseen = match crate::operations::triage::queue_scope(&user) {
        Ok(scope) => Some(lines(state.store.actions_in_scope(&scope, 200).await?, today)),
        Err(_) => None,
    };
    Ok(render(&ActionsPage { layout: Layout::for_user(&state, &user, "Actions", "/actions").await?, mine, overseen }))
}

#[derive(Template)]
#[template(path = "action_detail.html")]
struct ActionPage {
    layout: Layout,
    action: ActionLine,
    reports: Vec<String>,
    awaiting_check: bool,
    /// Not the owner, and handles the action's service.
    may_check: bool,
    open: bool,
    check_due: String,
    evidence: String,
    checked: String,
    results: Vec<Choice>,
    notice: Option<String>,
    error: Option<String>,
    draft_check_due: String,
    draft_evidence: String,
}

#[derive(Default)]
struct ActionPageState {
    notice: Option<String>,
    error: Option<String>,
    draft_check_due: String,
    draft_result: String,
    draft_evidence: String,
}

async fn action_page(state: &AppState, user: &learnloop_store::people::User, id: i64, page_state: ActionPageState) -> Result<Response, PageError> {
    let action = crate::operations::actions::action_for(state, user, id).await?;
    let zone = organisation_zone(state, user.organisation_id).await?;
    let today = today_in(&zone);
    let reports = state.store.action_report_references(action.id).await?;
    let checked = match (&action.checked_by_name, action.checked_at) {
        (Some(name), Some(at)) => format!("{} · {name}", local_time(at, &zone)),
        _ => String::new(),
    };
    let status = action.status;
    let may_check = crate::operations::actions::may_check(user, &action).is_ok();
    let check_due = action.check_due_on.as_deref().map(crate::html::display::day_text).unwrap_or_default();
    let evidence = action.check_evidence.clone().unwrap_or_default();
    let error_status = if page_state.error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = ActionPage {
        layout: Layout::for_user(state, user, "Action", "/actions").await?,
        action: lines(vec![action], today).remove(0),
        reports,
        awaiting_check: status == ActionStatus::AwaitingCheck,
        may_check,
        open: status == ActionStatus::Open,
        check_due,
        evidence,
        checked,
        results: Choice::list(CheckResult::ALL.iter().map(|r| (r.as_str(), r.label())), &page_state.draft_result),
        notice: page_state.notice,
        error: page_state.error,
        draft_check_due: page_state.draft_check_due,
        draft_evidence: page_state.draft_evidence,
    };
    Ok(render_with_status(error_status, &page))
}

#[derive(Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

pub async fn detail(State(state): State<AppState>, PageUser(user): PageUser, Path(id): Path<i64>, axum::extract::Query(q): axum::extract::Query<DoneQuery>) -> Result<Response, PageError> {
    let notice = match q.done.as_deref() {
        Some("complete") => Some("Marked complete. The effectiveness check is booked.".to_string()),
        Some("check") => Some("The check is recorded; the action is done.".to_string()),
        _ => None,
    };
    action_page(&state, &user, id, ActionPageState { notice, ..ActionPageState::default() }).await
}

pub async fn complete(State(state): State<AppState>, PageUser(user): PageUser, Path(id): Path<i64>, Form(form): Form<CompletionInput>) -> Result<Response, PageError> {
    match crate::operations::actions::complete_action(&state, &user, id, &form).await {
        Ok(()) => Ok(Redirect::to(&format!("/actions/{id}?done=complete")).into_response()),
        Err(err) if err.belongs_on_the_form() => {
            action_page(&state, &user, id, ActionPageState { error: Some(err.message()), draft_check_due: form.check_due, ..ActionPageState::default() }).await
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn check(State(state): State<AppState>, PageUser(user): PageUser, Path(id): Path<i64>, Form(form): Form<CheckInput>) -> Result<Response, PageError> {
    match crate::operations::actions::check_action(&state, &user, id, &form).await {
        Ok(()) => Ok(Redirect::to(&format!("/actions/{id}?done=check")).into_response()),
        Err(err) if err.belongs_on_the_form() => {
            let page_state = ActionPageState { error: Some(err.message()), draft_result: form.result, draft_evidence: form.evidence, ..ActionPageState::default() };
            action_page(&state, &user, id, page_state).await
        }
        Err(other) => Err(other.into()),
    }
}
