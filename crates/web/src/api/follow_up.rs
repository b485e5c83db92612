use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use learnloop_domain::reference::FollowUpCode;
use learnloop_domain::report::acknowledgement;
use learnloop_store::conversation::{MessageKind, ReportMessage};
use learnloop_store::reports::ReportRecord;
use serde::{Deserialize, Serialize};

use crate::api::ApiJson;
use crate::api::triage::Done;
use crate::error::{ApiError, AppError};
use crate::learning_loop::checked_message;
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema, Clone)]
pub struct FollowUpMessage {
    /// RFC 3339 (for the acknowledgement, the day the report was made).
    pub at: String,
    /// Who wrote it: `learnloop` for automatic messages, `manager` for the
    /// team, or `you`.
    pub from: String,
    /// `acknowledgement`, `thanks`, `learning`, `from_team` or `from_reporter`.
    pub kind: String,
    pub text: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct FollowUp {
    pub reference: String,
    /// `received`, `thanked`, `in_review`, `feedback_given` or `closed`.
    pub status: String,
    /// The status in words, e.g. `Received`.
    pub status_label: String,
    /// What the status means, in plain words.
    pub status_meaning: String,
    pub kind: String,
    pub service: String,
    /// The day the report was made (`YYYY-MM-DD`, UTC).
    pub submitted_on: String,
    /// The reporter's answer to "was this feedback useful?" (1 to 5), if given.
    pub feedback_rating: Option<i64>,
    /// Whether feedback has reached the reporter (so it can be rated).
    pub feedback_given: bool,
    pub messages: Vec<FollowUpMessage>,
}

impl FollowUp {
    /// The follow-up view: the derived acknowledgement, then the conversation.
    pub fn new(report: &ReportRecord, conversation: Vec<ReportMessage>) -> FollowUp {
        let day = jiff::Timestamp::from_second(report.submitted_at - report.submitted_at.rem_euclid(86_400)).unwrap_or_default();
        let (_, body) = acknowledgement(report.kind, &report.reference, &report.service_name, report.identity);
        FollowUp {
            reference: report.reference.clone(),
            status: report.status.as_str().into(),
            status_label: report.status.label().into(),
            status_meaning: report.status.meaning().into(),
            kind: report.kind.as_str().into(),
            service: report.service_name.clone(),
            submitted_on: day.strftime("%Y-%m-%d").to_string(),
            // The acknowledgement is derived, not stored: a stored row's
            // position would hint at when an anonymous report arrived.
            feedback_rating: report.feedback_rating,
            feedback_given: report.feedback_at.is_some(),
            messages: std::iter::once(FollowUpMessage { at: day.to_string(), from: "learnloop".into(), kind: "acknowledgement".into(), text: body })
                .chain(conversation.into_iter().map(|m| FollowUpMessage {
                    at: crate::api::reports::rfc3339(m.at),
                    from: if m.kind == MessageKind::FromReporter { "you" } else { "manager" }.into(),
                    kind: m.kind.as_str().into(),
                    text: m.body,
                }))
                .collect(),
        }
    }
}

/// The report a follow-up code opens, or 404.
pub async fn report_for_code(state: &AppState, code: &str) -> Result<ReportRecord, AppError> {
    let not_found = || AppError::NotFound("A report with that follow-up code");
    let code = FollowUpCode::parse(code).ok_or_else(not_found)?;
    state.store.report_by_follow_up_code(&code).await?.ok_or_else(not_found)
}

/// The follow-up view of a report, with its conversation.
pub async fn follow_up_view(state: &AppState, report: &ReportRecord) -> Result<FollowUp, AppError> {
    let conversation = state.store.report_messages(report.id).await?;
    Ok(FollowUp::new(report, conversation))
}

/// A confidential or anonymous reporter follows their report with the
/// private code they were given. No sign-in.
#[utoipa::path(get, path = "/api/v1/follow-up/{code}", tag = "reports",
    params(("code" = String, Path, description = "The follow-up code, e.g. 7KQ4-M2XD-9PRT-ZW3H")),
    responses((status = 200, body = FollowUp), (status = 404, body = crate::error::ErrorBody)))]
pub async fn show(State(state): State<AppState>, Path(code): Path<String>) -> Result<Json<FollowUp>, ApiError> {
    let report = report_for_code(&state, &code).await?;
    Ok(Json(follow_up_view(&state, &report).await?))
}

#[derive(Deserialize, utoipa::ToSchema, Default)]
#[serde(default)]
pub struct ReplyBody {
    pub text: String,
}

/// The reporter writes to the team through the follow-up code, without
/// signing in and without revealing who they are.
#[utoipa::path(post, path = "/api/v1/follow-up/{code}/messages", tag = "reports", request_body = ReplyBody,
    params(("code" = String, Path)),
    responses((status = 201, body = Done), (status = 404, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn reply(State(state): State<AppState>, Path(code): Path<String>, ApiJson(body): ApiJson<ReplyBody>) -> Result<(StatusCode, Json<Done>), ApiError> {
    let report = report_for_code(&state, &code).await?;
    let text = checked_message("text", &body.text)?;
    state.store.reply_from_reporter(&report, &text, jiff::Timestamp::now()).await?;
    Ok((StatusCode::CREATED, Json(Done { saved: "Your message is with the team. Nothing in it was linked to you.".into() })))
}

#[derive(Deserialize, utoipa::ToSchema, Default)]
#[serde(default)]
pub struct RatingBody {
    /// 1 (not useful) to 5 (very useful).
    pub rating: i64,
}

/// The reporter says whether the feedback was useful (1 to 5).
#[utoipa::path(post, path = "/api/v1/follow-up/{code}/rating", tag = "reports", request_body = RatingBody,
    params(("code" = String, Path)),
    responses((status = 200, body = Done), (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn rate(State(state): State<AppState>, Path(code): Path<String>, ApiJson(body): ApiJson<RatingBody>) -> Result<Json<Done>, ApiError> {
    let report = report_for_code(&state, &code).await?;
    rate_report(&state, &report, body.rating).await?;
    Ok(Json(Done { saved: "Thank you: your rating helps us give better feedback.".into() }))
}

/// Checks and saves a reporter's rating of the feedback.
pub async fn rate_report(state: &AppState, report: &ReportRecord, rating: i64) -> Result<(), AppError> {
    if !(1..=5).contains(&rating) {
        return Err(AppError::invalid("rating", "Choose a rating from 1 (not useful) to 5 (very useful)."));
    }
    if report.feedback_at.is_none() {
        return Err(AppError::Conflict("There is no feedback to rate yet; you will be able to once the team has replied.".into()));
    }
    state.store.rate_feedback(report, rating).await?;
    Ok(())
}
