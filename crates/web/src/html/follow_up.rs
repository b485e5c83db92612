//! The follow-up page: a confidential or anonymous reporter enters their
//! private code (posted, so it never appears in an address or a log) and
//! reads the status and every reply, writes back and rates the feedback,
//! without signing in. Each form answers with a redirect to
//! `/follow-up/report` (post/redirect/get: a reload sends nothing twice); the
//! code travels there in a short-lived cookie (`carried_secret`), and in each
//! form's hidden field for a browser that refuses cookies.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use crate::operations::follow_up::{FollowUp, FollowUpMessage, follow_up_view, rate_report, report_for_code};
use crate::error::AppError;
use crate::html::carried_secret::FOLLOW_UP_CODE;
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

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LeftQuery {
    left: String,
}

pub async fn form(Query(query): Query<LeftQuery>) -> Response {
    let mut page = FollowUpPage::empty(String::new(), None);
    if !query.left.is_empty() {
        page.notice = Some("Your code is no longer kept on this device.".into());
    }
    render(&page)
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

/// Where the report's follow-up view is shown after each form.
const REPORT_PATH: &str = "/follow-up/report";
/// The cookie reaches every follow-up address, and nothing else.
const COOKIE_PATH: &str = "/follow-up";

fn to_report(state: &AppState, jar: CookieJar, code: &str, done: Option<&str>) -> Response {
    let cookie = FOLLOW_UP_CODE.carry(state, COOKIE_PATH.into(), code.to_string());
    let to = match done {
        Some(done) => format!("{REPORT_PATH}?done={done}"),
        None => REPORT_PATH.to_string(),
    };
    (jar.add(cookie), Redirect::to(&to)).into_response()
}

/// The code a form posted, or the one the cookie carries.
fn code_of(posted: &str, jar: &CookieJar) -> String {
    let posted = posted.trim();
    if posted.is_empty() { FOLLOW_UP_CODE.read(jar).unwrap_or_default() } else { posted.to_string() }
}

pub async fn show(State(state): State<AppState>, jar: CookieJar, Form(form): Form<CodeForm>) -> Result<Response, PageError> {
    let code = form.code.trim().to_string();
    match report_for_code(&state, &code).await {
        Ok(_) => Ok(to_report(&state, jar, &code, None)),
        Err(AppError::NotFound(_)) => Ok(unknown_code(code)),
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DoneQuery {
    done: String,
}

/// The report's view, after entering the code or after a form saved.
pub async fn report(State(state): State<AppState>, jar: CookieJar, Query(query): Query<DoneQuery>) -> Result<Response, PageError> {
    let Some(code) = FOLLOW_UP_CODE.read(&jar) else {
        return Ok(Redirect::to("/follow-up").into_response());
    };
    let notice = match query.done.as_str() {
        "reply" => Some("Your message is with the team. Nothing in it was linked to you.".to_string()),
        "rating" => Some("Thank you: your rating helps us give better feedback.".to_string()),
        _ => None,
    };
    report_page(&state, code, notice, None, String::new()).await
}

/// Forgets the code on this device (a shared computer), back to the code form.
pub async fn leave(State(state): State<AppState>, jar: CookieJar) -> Response {
    (jar.add(FOLLOW_UP_CODE.forget(&state, COOKIE_PATH.into())), Redirect::to("/follow-up?left=1")).into_response()
}

#[derive(Deserialize)]
pub struct ReplyForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    text: String,
}

pub async fn reply(State(state): State<AppState>, jar: CookieJar, Form(form): Form<ReplyForm>) -> Result<Response, PageError> {
    let code = code_of(&form.code, &jar);
    let report = match report_for_code(&state, &code).await {
        Ok(report) => report,
        Err(AppError::NotFound(_)) => return Ok(unknown_code(code)),
        Err(other) => return Err(other.into()),
    };
    match checked_message("text", &form.text) {
        Ok(text) => {
            state.store.reply_from_reporter(&report, &text, jiff::Timestamp::now()).await?;
            Ok(to_report(&state, jar, &code, Some("reply")))
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

pub async fn rate(State(state): State<AppState>, jar: CookieJar, Form(form): Form<RatingForm>) -> Result<Response, PageError> {
    let code = code_of(&form.code, &jar);
    let report = match report_for_code(&state, &code).await {
        Ok(report) => report,
        Err(AppError::NotFound(_)) => return Ok(unknown_code(code)),
        Err(other) => return Err(other.into()),
    };
    match rate_report(&state, &report, form.rating.trim().parse().unwrap_or(0)).await {
        Ok(()) => Ok(to_report(&state, jar, &code, Some("rating"))),
        Err(err) if err.belongs_on_the_form() => report_page(&state, code, None, Some(err.message()), String::new()).await,
        Err(other) => Err(other.into()),
    }
}
