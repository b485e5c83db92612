//! The report page's forms: thank, talk with the reporter, give feedback,
//! close, add an action, share learning, and the reporter's reply. A form
//! that worked redirects back to the report (so a refresh cannot send it
//! twice); a form with problems shows the report again with the messages and
//! what was typed.

use axum::Form as SimpleForm;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use learnloop_domain::actions::ActionInput;
use learnloop_store::people::User;
use serde::Deserialize;
use crate::auth::PageUser;
use crate::error::AppError;
use crate::html::report_drafts::Drafts;
use crate::html::reports::{PageOutcome, detail_page};
use crate::page::PageError;
use crate::operations::learning::{AudienceRef, LearningRequest};
use crate::state::AppState;

/// Back to the report after a form saved: the confirmation at the top is
/// brought into view (`#done`), with a link down to the section it changed.
pub(crate) fn back_to(reference: &str, done: &str, anchor: &str) -> Response {
    Redirect::to(&format!("/reports/{reference}?done={done}&section={anchor}#done")).into_response()
}

/// Shows the report again with the form's problems, or the error page for
/// anything that is not about the input.
pub(crate) async fn with_problems(state: &AppState, user: &User, reference: &str, err: AppError, drafts: Drafts) -> Result<Response, PageError> {
    match err {
        err if err.belongs_on_the_form() => {
            let outcome = PageOutcome { error: Some(err.message()), drafts, ..PageOutcome::default() };
            let mut response = detail_page(state, user, reference, false, outcome).await?;
            *response.status_mut() = err.status();
            Ok(response)
        }
        other => Err(other.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ThanksForm {
    message: String,
}

pub async fn thank(State(state): State<AppState>, PageUser(user): PageUser, Path(reference): Path<String>, SimpleForm(form): SimpleForm<ThanksForm>) -> Result<Response, PageError> {
    match crate::operations::conversation::thank(&state, &user, &reference, &form.message).await {
        Ok(()) => Ok(back_to(&reference, "thanks", "conversation")),
        Err(err) => with_problems(&state, &user, &reference, err, Drafts { thanks: Some(form.message), ..Drafts::default() }).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TextForm {
    text: String,
}

pub async fn message(State(state): State<AppState>, PageUser(user): PageUser, Path(reference): Path<String>, SimpleForm(form): SimpleForm<TextForm>) -> Result<Response, PageError> {
    match crate::operations::conversation::message_reporter(&state, &user, &reference, &form.text).await {
        Ok(()) => Ok(back_to(&reference, "message", "conversation")),
        Err(err) => with_problems(&state, &user, &reference, err, Drafts { message: form.text, ..Drafts::default() }).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FeedbackForm {
    feedback: String,
}

pub async fn feedback(State(state): State<AppState>, PageUser(user): PageUser, Path(reference): Path<String>, SimpleForm(form): SimpleForm<FeedbackForm>) -> Result<Response, PageError> {
    match crate::operations::conversation::give_feedback(&state, &user, &reference, &form.feedback).await {
        Ok(()) => Ok(back_to(&reference, "feedback", "conversation")),
        Err(err) => with_problems(&state, &user, &reference, err, Drafts { feedback: form.feedback, ..Drafts::default() }).await,
    }
}

pub async fn close(State(state): State<AppState>, PageUser(user): PageUser, Path(reference): Path<String>) -> Result<Response, PageError> {
    match crate::operations::triage::close(&state, &user, &reference).await {
        Ok(()) => Ok(back_to(&reference, "closed", "close")),
        Err(err) => with_problems(&state, &user, &reference, err, Drafts::default()).await,
    }
}

pub async fn add_action(State(state): State<AppState>, PageUser(user): PageUser, Path(reference): Path<String>, SimpleForm(form): SimpleForm<ActionInput>) -> Result<Response, PageError> {
    match crate::operations::actions::create_action(&state, &user, &reference, &form, &[]).await {
        Ok(_) => Ok(back_to(&reference, "action", "actions")),
        Err(err) => {
            let drafts = Drafts { action_title: form.title, action_owner: form.owner, action_due: form.due, ..Drafts::default() };
            with_problems(&state, &user, &reference, err, drafts).await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LearningForm {
    title: String,
    summary: String,
    audiences: Vec<String>,
}

pub async fn publish_learning(State(state): State<AppState>, PageUser(user): PageUser, Path(reference): Path<String>, Form(form): Form<LearningForm>) -> Result<Response, PageError> {
    let request = LearningRequest {
        title: form.title.clone(),
        summary: form.summary.clone(),
        audiences: form.audiences.iter().map(|a| AudienceRef::Text(a.clone())).collect(),
    };
    match crate::operations::learning::publish_learning(&state, &user, &reference, &request).await {
        Ok(_) => Ok(back_to(&reference, "learning", "learning")),
        Err(err) => {
            let drafts = Drafts { learning_title: form.title, learning_summary: form.summary, audiences: form.audiences, ..Drafts::default() };
            with_problems(&state, &user, &reference, err, drafts).await
        }
    }
}

/// The reporter of a named or confidential report writes to the team from
/// their own report page.
pub async fn reporter_reply(State(state): State<AppState>, PageUser(user): PageUser, Path(reference): Path<String>, SimpleForm(form): SimpleForm<TextForm>) -> Result<Response, PageError> {
    let report = state.store.readable_report(&user, &reference).await?.ok_or(AppError::NotFound("That report"))?;
    if !state.store.made_by(&report, user.id).await? {
        return Err(AppError::Forbidden.into());
    }
    match crate::operations::conversation::checked_message("text", &form.text) {
        Ok(text) => {
            state.store.reply_from_reporter(&report, &text, jiff::Timestamp::now()).await?;
            Ok(back_to(&reference, "reply", "conversation"))
        }
        Err(err) => with_problems(&state, &user, &reference, err, Drafts::default()).await,
    }
}
