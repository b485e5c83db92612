//! `/safety-officer`: requests to make someone safety officer (or to give a
//! safety officer's account a new password or second factor), for the quality
//! leads and safety officer who decide them and the administrators who ask.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use learnloop_domain::safety_officer::{Approver, may_decide};
use learnloop_store::people::User;
use serde::Deserialize;

use crate::auth::PageUser;
use crate::error::AppError;
use crate::page::{Layout, PageError, render_with_status};
use crate::html::display::local_time;
use crate::operations::time_zone::zone_of;
use crate::operations::safety_officer;
use crate::state::AppState;

pub struct RequestRow {
    pub id: i64,
    pub kind: &'static str,
    pub person_name: String,
    pub person_email: String,
    pub asked_by: String,
    pub asked_at: String,
    pub lapses: String,
    /// Why this reader may not decide it, if they may not.
    pub cannot_decide: Option<&'static str>,
    pub outcome: String,
}

#[derive(Template)]
#[template(path = "safety_officer.html")]
struct RequestsPage {
    layout: Layout,
    notice: Option<String>,
    error: Option<String>,
    open: Vec<RequestRow>,
    decided: Vec<RequestRow>,
}

#[derive(Deserialize, Default)]
pub struct Done {
    done: Option<String>,
}

async fn requests_page(state: &AppState, user: &User, notice: Option<String>, error: Option<AppError>) -> Result<Response, PageError> {
    let requests = safety_officer::requests(state, user).await?;
    let zone = zone_of(&state.store.organisation(user.organisation_id).await?);
    let now = Timestamp::now();
    let approver = Approver { id: user.id, role: user.role, active: user.active, role_since: user.role_since };
    let (mut open, mut decided) = (Vec::new(), Vec::new());
    for r in requests {
        let is_open = r.is_open(now);
        let row = RequestRow {
            id: r.id,
            kind: r.kind.label(),
            person_name: r.person_name.clone(),
            person_email: r.person_email.clone(),
            asked_by: r.requested_by_name.clone(),
            asked_at: local_time(r.requested_at, &zone),
            lapses: local_time(r.expires_at, &zone),
            cannot_decide: may_decide(&approver, r.requested_by, r.user_id, now.as_second()).err().map(|refusal| refusal.message()),
            outcome: match (&r.decision, &r.decided_by_name, r.decided_at) {
                (Some(d), Some(by), Some(at)) => format!("{} by {by}, {}", if d == "approved" { "Approved" } else { "Refused" }, local_time(at, &zone)),
                _ => "Lapsed after 7 days".into(),
            },
        };
        if is_open { open.push(row) } else { decided.push(row) }
    }
    let status = error.as_ref().map(AppError::status).unwrap_or(StatusCode::OK);
    let page = RequestsPage { layout: Layout::for_user(state, user, "Safety officer", "/safety-officer").await?, notice, error: error.map(|e| e.message()), open, decided };
    Ok(render_with_status(status, &page))
}

pub async fn page(State(state): State<AppState>, PageUser(user): PageUser, Query(done): Query<Done>) -> Result<Response, PageError> {
    let notice = match done.done.as_deref() {
        Some("approved") => Some("Approved. The change is made; the account signs in afresh, with a second factor.".to_string()),
        Some("refused") => Some("Refused. Nothing changed; everyone who decides these has been told.".to_string()),
        _ => None,
    };
    requests_page(&state, &user, notice, None).await
}

pub async fn approve(State(state): State<AppState>, PageUser(user): PageUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    decide(state, user, id, true).await
}

pub async fn refuse(State(state): State<AppState>, PageUser(user): PageUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    decide(state, user, id, false).await
}

async fn decide(state: AppState, user: User, id: i64, approve: bool) -> Result<Response, PageError> {
    match safety_officer::decide(&state, &user, id, approve).await {
        Ok(_) => Ok(Redirect::to(if approve { "/safety-officer?done=approved" } else { "/safety-officer?done=refused" }).into_response()),
        Err(err @ AppError::Refused(_)) => requests_page(&state, &user, None, Some(err)).await,
        Err(other) => Err(PageError(other)),
    }
}
