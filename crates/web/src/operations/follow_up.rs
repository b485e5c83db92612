//! Following a report with its private code, without signing in: what the
//! reporter sees (the acknowledgement, then the conversation) and their
//! rating of the feedback.

use learnloop_domain::reference::FollowUpCode;
use learnloop_domain::reports::acknowledgement;
use learnloop_store::conversation::{MessageKind, ReportMessage};
use learnloop_store::reports::ReportRecord;
use serde::Serialize;

use crate::error::AppError;
use crate::refusal::Refusal;
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
                    at: crate::operations::time_zone::rfc3339(m.at),
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

/// Checks and saves a reporter's rating of the feedback.
pub async fn rate_report(state: &AppState, report: &ReportRecord, rating: i64) -> Result<(), AppError> {
    if !(1..=5).contains(&rating) {
        return Err(AppError::invalid("rating", "Choose a rating from 1 (not useful) to 5 (very useful)."));
    }
    if report.feedback_at.is_none() {
        return Err(Refusal::NoFeedbackToRate.into());
    }
    state.store.rate_feedback(report, rating).await?;
    Ok(())
}
