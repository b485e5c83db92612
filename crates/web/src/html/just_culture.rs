//! The just-culture decision aid as a page (quality leads and the safety
//! officer only): each question in plain words, the outcome, the reasoning.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use axum_extra::extract::Form;
use learnloop_domain::just_culture::{Question, SYSTEM_FACTORS_NOTE};
use serde::Deserialize;

use crate::auth::PageUser;
use crate::auth::session::require;
use crate::error::AppError;
use crate::page::{Layout, PageError, render_with_status};
use crate::operations::just_culture::JustCultureRequest;
use crate::state::AppState;

pub struct QuestionView {
    pub key: &'static str,
    pub number: usize,
    pub label: &'static str,
    pub explanation: &'static str,
    pub answer: Option<bool>,
}

#[derive(Template)]
#[template(path = "just_culture.html")]
struct JustCulturePage {
    layout: Layout,
    reference: String,
    action_in_question: String,
    reasoning: String,
    questions: Vec<QuestionView>,
    system_note: &'static str,
    errors: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DecisionForm {
    action_in_question: String,
    reasoning: String,
    deliberate_harm: String,
    health: String,
    knowingly_departed: String,
    procedure_sound: String,
    substitution: String,
    training_gap: String,
    mitigating: String,
}

impl DecisionForm {
    fn answers(&self) -> BTreeMap<String, bool> {
        let given = [
            ("deliberate_harm", &self.deliberate_harm),
            ("health", &self.health),
            ("knowingly_departed", &self.knowingly_departed),
            ("procedure_sound", &self.procedure_sound),
            ("substitution", &self.substitution),
            ("training_gap", &self.training_gap),
            ("mitigating", &self.mitigating),
        ];
        given
            .into_iter()
            .filter_map(|(key, value)| match value.as_str() {
                "yes" => Some((key.to_string(), true)),
                "no" => Some((key.to_string(), false)),
                _ => None,
            })
            .collect()
    }
}

async fn page(state: &AppState, user: &learnloop_store::people::User, reference: &str, form: DecisionForm, errors: Vec<String>) -> Result<Response, PageError> {
    require(user.role.may_use_just_culture())?;
    let report = crate::operations::report_access::report_to_handle(state, user, reference).await?;
    let answers = form.answers();
    let questions = Question::ALL
        .iter()
        .enumerate()
        .map(|(i, q)| QuestionView { key: q.as_str(), number: i + 1, label: q.label(), explanation: q.explanation(), answer: answers.get(q.as_str()).copied() })
        .collect();
    let status = if errors.is_empty() { axum::http::StatusCode::OK } else { axum::http::StatusCode::UNPROCESSABLE_ENTITY };
    let page = JustCulturePage {
        layout: Layout::for_user(state, user, "Just-culture decision aid", "/triage").await?,
        reference: report.reference,
        action_in_question: form.action_in_question,
        reasoning: form.reasoning,
        questions,
        system_note: SYSTEM_FACTORS_NOTE,
        errors,
    };
    Ok(render_with_status(status, &page))
}

pub async fn form(State(state): State<AppState>, PageUser(user): PageUser, Path(reference): Path<String>) -> Result<Response, PageError> {
    page(&state, &user, &reference, DecisionForm::default(), Vec::new()).await
}

pub async fn submit(State(state): State<AppState>, PageUser(user): PageUser, Path(reference): Path<String>, Form(form): Form<DecisionForm>) -> Result<Response, PageError> {
    let request = JustCultureRequest { action_in_question: form.action_in_question.clone(), answers: form.answers(), reasoning: form.reasoning.clone() };
    match crate::operations::just_culture::record_just_culture(&state, &user, &reference, &request).await {
        Ok(_) => Ok(crate::html::report_forms::back_to(&reference, "just_culture", "reviews")),
        Err(AppError::Invalid(errors)) => page(&state, &user, &reference, form, errors.0.into_iter().map(|e| e.message).collect()).await,
        Err(other) => Err(other.into()),
    }
}
