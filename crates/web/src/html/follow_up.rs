//! The follow-up page: a confidential or anonymous reporter enters their
//! private code (posted, so it never appears in an address or a log) and
//! reads the status and every reply, without signing in.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use learnloop_domain::reference::FollowUpCode;
use serde::Deserialize;

use crate::api::follow_up::{FollowUp, FollowUpMessage};
use crate::html::{Layout, PageError, render, render_with_status};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "follow_up.html")]
struct FollowUpPage {
    layout: Layout,
    code: String,
    error: Option<String>,
    report: Option<FollowUp>,
    messages: Vec<FollowUpMessage>,
}

pub async fn form() -> Response {
    render(&FollowUpPage { layout: Layout::public("Follow up"), code: String::new(), error: None, report: None, messages: Vec::new() })
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

pub async fn show(State(state): State<AppState>, Form(form): Form<CodeForm>) -> Result<Response, PageError> {
    let found = match FollowUpCode::parse(&form.code) {
        Some(code) => state.store.report_by_follow_up_code(&code).await?,
        None => None,
    };
    let Some(report) = found else {
        let page = FollowUpPage {
            layout: Layout::public("Follow up"),
            code: form.code,
            error: Some("No report has that code. Check it: 16 letters and digits, like 7KQ4-M2XD-9PRT-ZW3H.".into()),
            report: None,
            messages: Vec::new(),
        };
        return Ok(render_with_status(StatusCode::NOT_FOUND, &page));
    };
    let view = FollowUp::new(&report);
    let messages = view.messages.clone();
    Ok(render(&FollowUpPage { layout: Layout::public("Your report"), code: String::new(), error: None, report: Some(view), messages }))
}
