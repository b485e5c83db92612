//! The follow-up page: a confidential or anonymous reporter enters their
//! private code (posted, so it never appears in an address or a log) and
//! reads the status and every reply, writes back and rates the feedback,
//! without signing in. The code travels in each form's hidden field.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use crate::operations::follow_up::{FollowUp, FollowUpMessage, follow_up_view, rate_report, report_for_code};
use crate::error::AppError;
use crate::page::{Layout, PageError, render, render_with_status};
use crate::operations::conversation::checked_message;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "follow_up.html")]
struct FollowUpPage {
    layout: Layout,
    code: String,
    error: Option<String>,
    /// What was just saved, e.g. "Your message is with the team."
    notice: Option<String>,
    /// The reply box's text, kept when it could not be sent.
    draft: String,
    report: Option<FollowUp>,
    messages: Vec<FollowUpMessage>,
}

impl FollowUpPage {
    fn empty(code: String, error: Option<String>) -> FollowUpPage {
        FollowUpPage { layout: Layout::public("Follow up"), code, error, notice: None, draft: String::new(), report: None, messages: Vec::new() }
    }
}

pub async fn form() -> Response {
    render(&FollowUpPage::empty(String::new(), None))
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

fn unknown_code(code: String) -> Response {
    let message = "No report has that code. Check it: 16 letters and digits, like 7KQ4-M2XD-9PRT-ZW3H.";
    render_with_status(StatusCode::NOT_FOUND, &FollowUpPage::empty(code, Some(message.into())))
}

/// Renders the report's follow-up view, with what was just saved or went wrong.
async fn report_page(state: &AppState, code: String, notice: Option<String>, error: Option<String>, draft: String) -> Result<Response, PageError> {
    let report = match report_for_code(state, &code).await {
        Ok(report) => report,
        Err(AppError::NotFound(_)) => return Ok(unknown_code(code)),
        Err(other) => return Err(other.into()),
    };
    let view = follow_up_view(state, &report).await?;
    let messages = view.messages.clone();
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = FollowUpPage { layout: Layout::public("Your report"), code, error, notice, draft, report: Some(view), messages };
    Ok(render_with_status(status, &page))
}

pub async fn show(State(state): State<AppState>, Form(form): Form<CodeForm>) -> Result<Response, PageError> {
    report_page(&state, form.code.trim().to_string(), None, None, String::new()).await
}

#[derive(Deserialize)]
pub struct ReplyForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    text: String,
}

pub async fn reply(State(state): State<AppState>, Form(form): Form<ReplyForm>) -> Result<Response, PageError> {
    let code = form.code.trim().to_string();
    let report = match report_for_code(&state, &code).await {
        Ok(report) => report,
        Err(AppError::NotFound(_)) => return Ok(unknown_code(code)),
        Err(other) => return Err(other.into()),
    };
    match checked_message("text", &form.text) {
        Ok(text) => {
            state.store.reply_from_reporter(&report, &text, jiff::Timestamp::now()).await?;
            report_page(&state, code, Some("Your message is with the team. Nothing in it was linked to you.".into()), None, String::new()).await
        }
        Err(err) => report_page(&state, code, None, Some(err.message()), form.text).await,
    }
}

#[derive(Deserialize)]
pub struct RatingForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    rating: String,
}

pub async fn rate(State(state): State<AppState>, Form(form): Form<RatingForm>) -> Result<Response, PageError> {
    let code = form.code.trim().to_string();
    let report = match report_for_code(&state, &code).await {
        Ok(report) => report,
        Err(AppError::NotFound(_)) => return Ok(unknown_code(code)),
        Err(other) => return Err(other.into()),
    };
    match rate_report(&state, &report, form.rating.trim().parse().unwrap_or(0)).await {
        Ok(()) => report_page(&state, code, Some("Thank you: your rating helps us give better feedback.".into()), None, String::new()).await,
        Err(err) if err.belongs_on_the_form() => report_page(&state, code, None, Some(err.message()), String::new()).await,
        Err(other) => Err(other.into()),
    }
}
