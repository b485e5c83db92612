//! The page an invitation's link opens (`/invitations/{token}`): the person
//! chooses their own password, then signs in with it. Opening the page
//! spends nothing (mail scanners open links); sending the form does, once.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use learnloop_domain::FieldErrors;
use learnloop_domain::people::MIN_PASSWORD_CHARS;
use serde::Deserialize;

use crate::error::AppError;
use crate::operations::invitations;
use crate::page::{Layout, PageError, render_with_status};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "invitation.html")]
struct InvitationPage {
    layout: Layout,
    token: String,
    name: String,
    email: String,
    organisation: String,
    min_chars: usize,
    errors: FieldErrors,
}

async fn invitation_page(
    state: &AppState,
    token: String,
    errors: FieldErrors,
) -> Result<Response, PageError> {
    let invitation = invitations::live_invitation(state, &token).await?;
    let organisation = state
        .store
        .organisation(invitation.user.organisation_id)
        .await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = InvitationPage {
        layout: Layout::public("Set your password"),
        token,
        name: invitation.user.name,
        email: invitation.user.email,
        organisation: organisation.name,
        min_chars: MIN_PASSWORD_CHARS,
        errors,
    };
    Ok(render_with_status(status, &page))
}

pub async fn form(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    invitation_page(&state, token, FieldErrors::default()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PasswordForm {
    password: String,
    password_again: String,
}

pub async fn accept(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Form(form): Form<PasswordForm>,
) -> Result<Response, PageError> {
    match invitations::accept(&state, &token, &form.password, &form.password_again).await {
        Ok(_) => Ok(Redirect::to("/sign-in?joined=1").into_response()),
        Err(AppError::Invalid(errors)) => invitation_page(&state, token, errors).await,
        Err(other) => Err(other.into()),
    }
}
