//! The just culture decision aid, answered for a report.

use jiff::Timestamp;
use learnloop_domain::just_culture::{Answers, Evaluation, evaluate};
use learnloop_domain::FieldErrors;
use learnloop_store::just_culture::NewJustCultureRecord;
use learnloop_store::people::User;
use serde::Deserialize;
use std::collections::BTreeMap;

use crate::auth::session::require;
use crate::error::AppError;
use crate::state::AppState;
use crate::operations::report_access::report_to_handle;

/// The decision aid's answers as sent: `{"deliberate_harm": false, ...}`.
pub fn evaluate_answers(answers: &BTreeMap<String, bool>) -> Result<Evaluation, AppError> {
    let answers = Answers::from_keys(answers).map_err(|message| AppError::invalid("answers", message))?;
    evaluate(&answers).map_err(|missing| {
        AppError::invalid(
            &format!("answers.{}", missing.as_str()),
            format!("Answer \"{}\" ({}) to reach an outcome.", missing.label(), missing.as_str()),
        )
    })
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct JustCultureRequest {
    /// The one action considered, described without naming the person.
    pub action_in_question: String,
    pub answers: BTreeMap<String, bool>,
    pub reasoning: String,
}

pub async fn record_just_culture(state: &AppState, user: &User, reference: &str, request: &JustCultureRequest) -> Result<(i64, Evaluation), AppError> {
    require(user.role.may_use_just_culture())?;
    let report = report_to_handle(state, user, reference).await?;
    let mut errors = FieldErrors::default();
    let action = request.action_in_question.trim();
    if action.is_empty() {
        errors.push("action_in_question", "Describe the one action being considered (not the person).");
    }
    let reasoning = request.reasoning.trim();
    if reasoning.is_empty() {
        errors.push("reasoning", "Record the reasoning behind the answers.");
    }
    let evaluation = match evaluate_answers(&request.answers) {
        Ok(evaluation) => Some(evaluation),
        Err(AppError::Invalid(found)) => {
            errors.0.extend(found.0);
            None
        }
        Err(other) => return Err(other),
    };
    let Some(evaluation) = evaluation.filter(|_| errors.is_empty()) else { return Err(AppError::Invalid(errors)) };
    // Only the questions on the path are kept: answers off it played no part.
    let answers: Vec<(&'static str, bool)> = evaluation
        .path
        .iter()
        .map(|q| (q.as_str(), request.answers.get(q.as_str()).copied().unwrap_or(false)))
        .collect();
    let id = state
        .store
        .record_just_culture(&NewJustCultureRecord {
            organisation_id: user.organisation_id,
            report_id: report.id,
            report_reference: &report.reference,
            action_in_question: action,
            answers,
            outcome: evaluation.outcome.as_str(),
            reasoning,
            recorded_by: user.id,
            at: Timestamp::now(),
        })
        .await?;
    Ok((id, evaluation))
}

