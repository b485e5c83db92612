//! The form for one learning response, its fields chosen by type (a page per
//! type keeps each form short and works without JavaScript).

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use learnloop_domain::contributory_factors::ContributoryFactor;
use learnloop_domain::reviews::{ReviewInput, ReviewType, double_loop_question, manager_should_attend_debrief};
use serde::Deserialize;

use crate::auth::PageUser;
use crate::error::AppError;
use crate::page::{Layout, PageError, render_with_status};
use crate::operations::reviews::ReviewRequest;
use crate::state::AppState;

pub struct FactorChoice {
    pub value: &'static str,
    pub label: &'static str,
    pub description: &'static str,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "review_form.html")]
struct ReviewFormPage {
    layout: Layout,
    reference: String,
    review_type: &'static str,
    type_label: &'static str,
    type_description: &'static str,
    input: ReviewInput,
    also_reports: String,
    factors: Vec<FactorChoice>,
    double_loop: &'static str,
    ask_manager_attended: bool,
    errors: Vec<(String, String)>,
}

impl ReviewFormPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|(f, _)| f == field).map(|(_, m)| m.as_str())
    }
}

#[derive(Deserialize)]
pub struct TypeQuery {
    r#type: Option<String>,
}

async fn page(state: &AppState, user: &learnloop_store::people::User, reference: &str, review_type: ReviewType, input: ReviewInput, also_reports: String, errors: Vec<(String, String)>) -> Result<Response, PageError> {
    let report = crate::operations::report_access::report_to_handle(state, user, reference).await?;
    let factors = ContributoryFactor::ALL
        .iter()
        .map(|f| FactorChoice { value: f.as_str(), label: f.label(), description: f.description(), checked: input.factors.iter().any(|x| x == f.as_str()) })
        .collect();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = ReviewFormPage {
        layout: Layout::for_user(state, user, review_type.label(), "/triage").await?,
        reference: report.reference.clone(),
        review_type: review_type.as_str(),
        type_label: review_type.label(),
        type_description: review_type.description(),
        input,
        also_reports,
        factors,
        double_loop: double_loop_question(),
        ask_manager_attended: manager_should_attend_debrief(report.harm),
        errors,
    };
    Ok(render_with_status(status, &page))
}

pub async fn form(State(state): State<AppState>, PageUser(user): PageUser, Path(reference): Path<String>, Query(query): Query<TypeQuery>) -> Result<Response, PageError> {
    let review_type = query.r#type.as_deref().and_then(ReviewType::parse).ok_or(AppError::NotFound("That kind of learning response"))?;
    let input = ReviewInput { review_type: review_type.as_str().into(), ..ReviewInput::default() };
    page(&state, &user, &reference, review_type, input, String::new(), Vec::new()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AlsoReports {
    also_reports: String,
}

pub async fn submit(State(state): State<AppState>, PageUser(user): PageUser, Path(reference): Path<String>, body: Bytes) -> Result<Response, PageError> {
    let input: ReviewInput = serde_html_form::from_bytes(&body).map_err(|e| AppError::invalid("form", format!("The form could not be read: {e}")))?;
    let also: AlsoReports = serde_html_form::from_bytes(&body).unwrap_or_default();
    let review_type = ReviewType::parse(input.review_type.trim()).ok_or(AppError::NotFound("That kind of learning response"))?;
    let request = ReviewRequest {
        review: input.clone(),
        also_reports: also.also_reports.split([',', ' ', '\n']).map(str::trim).filter(|r| !r.is_empty()).map(str::to_string).collect(),
    };
    match crate::operations::reviews::create_review(&state, &user, &reference, &request).await {
        Ok(_) => Ok(crate::html::report_forms::back_to(&reference, "review", "reviews")),
        Err(AppError::Invalid(errors)) => {
            let errors = errors.0.into_iter().map(|e| (e.field, e.message)).collect();
            page(&state, &user, &reference, review_type, input, also.also_reports, errors).await
        }
        Err(other) => Err(other.into()),
    }
}
