//! The public reporting link (`/r/{key}`): anyone with the link can report,
//! always anonymously, without an account. Rate-limited per organisation.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use learnloop_domain::FieldErrors;
use learnloop_domain::identity::IdentityMode;

use crate::operations::public_link::organisation_for_public_link;
use crate::error::AppError;
use crate::html::report_form::{Places, ReportForm, ReportFormPage, ThanksPage};
use crate::page::{Layout, PageError, render, render_with_status};
use crate::operations::reports::{as_anonymous, submit_report};
use crate::state::AppState;

pub async fn form(State(state): State<AppState>, Path(key): Path<String>) -> Result<Response, PageError> {
    let org = state.store.organisation_by_public_key(&key).await?.ok_or(AppError::NotFound("That reporting link"))?;
    let places = Places::load(&state, org.id).await?;
    let form = ReportForm { identity: IdentityMode::Anonymous.as_str().into(), ..ReportForm::default() };
    let layout = Layout::public(&format!("Report to {}", org.name));
    Ok(render(&ReportFormPage::new(layout, format!("/r/{key}"), true, form, FieldErrors::default(), &places, &org)))
}

pub async fn submit(State(state): State<AppState>, Path(key): Path<String>, Form(form): Form<ReportForm>) -> Result<Response, PageError> {
    let org = organisation_for_public_link(&state, &key).await?;
    let input = as_anonymous(form.to_input());
    match submit_report(&state, org.id, &input, None).await {
        Ok(report) => {
            let page = ThanksPage { layout: Layout::public("Thank you"), report, anonymous: true, confidential: false, signed_in: false };
            Ok(render_with_status(StatusCode::CREATED, &page))
        }
        Err(AppError::Invalid(errors)) => {
            let places = Places::load(&state, org.id).await?;
            let layout = Layout::public(&format!("Report to {}", org.name));
            let page = ReportFormPage::new(layout, format!("/r/{key}"), true, form, errors, &places, &org);
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(other) => Err(PageError(other)),
    }
}
