//! The public reporting link (`/r/{key}`): anyone with the link can report,
//! always anonymously, without an account. Rate-limited per organisation.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use learnloop_domain::idempotency::IdempotencyKey;
use learnloop_domain::FieldErrors;
use learnloop_domain::identity::IdentityMode;

use crate::operations::public_link::organisation_for_public_link;
use crate::error::AppError;
use crate::html::report_form::{Places, ReportForm, ReportFormPage, ThanksPage};
use crate::page::{Layout, PageError, render, render_with_status};
use crate::html::carried_secret::REPORT_THANKS;
use crate::operations::reports::{as_anonymous, first_answer_for_key, submit_report};
use crate::state::AppState;

pub async fn form(State(state): State<AppState>, Path(key): Path<String>) -> Result<Response, PageError> {
    let org = state.store.organisation_by_public_key(&key).await?.ok_or(AppError::NotFound("That reporting link"))?;
    let places = Places::load(&state, org.id).await?;
    let form = ReportForm { identity: IdentityMode::Anonymous.as_str().into(), ..ReportForm::opened() };
    let layout = Layout::public(&format!("Report to {}", org.name));
    Ok(render(&ReportFormPage::new(layout, format!("/r/{key}"), true, form, FieldErrors::default(), &places, &org)))
}

pub async fn submit(State(state): State<AppState>, Path(key): Path<String>, jar: CookieJar, Form(form): Form<ReportForm>) -> Result<Response, PageError> {
    let org = organisation_for_public_link(&state, &key).await?;
    let input = as_anonymous(form.to_input());
    let idempotency_key = form.key();
    match submit_report(&state, org.id, &input, None, Some(&idempotency_key)).await {
        // Post/redirect/get, as the signed-in form (see `report_form::submit`).
        Ok(_) => {
            let thanks = format!("/r/{key}/thanks");
            let cookie = REPORT_THANKS.carry(&state, thanks.clone(), idempotency_key.as_str().to_string());
            Ok((jar.add(cookie), Redirect::to(&thanks)).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            let places = Places::load(&state, org.id).await?;
            let layout = Layout::public(&format!("Report to {}", org.name));
            let form = ReportForm { idempotency_key: idempotency_key.as_str().to_string(), ..form };
            let page = ReportFormPage::new(layout, format!("/r/{key}"), true, form, errors, &places, &org);
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(other) => Err(PageError(other)),
    }
}

/// The thank-you page after a report through the public link; without the
/// cookie (expired, another browser), back to the form.
pub async fn thanks(State(state): State<AppState>, Path(key): Path<String>, jar: CookieJar) -> Result<Response, PageError> {
    let org = state.store.organisation_by_public_key(&key).await?.ok_or(AppError::NotFound("That reporting link"))?;
    let answer = match REPORT_THANKS.read(&jar).and_then(|text| IdempotencyKey::parse(&text).ok()) {
        Some(idempotency_key) => first_answer_for_key(&state, org.id, &idempotency_key).await?,
        None => None,
    };
    match answer {
        Some(report) => Ok(render(&ThanksPage::new(Layout::public("Thank you"), report, false))),
        None => Ok(Redirect::to(&format!("/r/{key}")).into_response()),
    }
}
