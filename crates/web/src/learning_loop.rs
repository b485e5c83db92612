//! The learning loop's operations, shared by the pages and the API: check the
//! person may handle the report, check the input (domain), save (store).

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use learnloop_domain::action::{ActionInput, CheckInput, CompletionInput};
use learnloop_domain::identifying_details::find_identifying_details;
use learnloop_domain::just_culture::{Answers, Evaluation, evaluate};
use learnloop_domain::learning_response::{ReviewDetails, ReviewInput};
use learnloop_domain::report::Harm;
use learnloop_domain::{FieldError, FieldErrors};
use learnloop_store::actions::{ActionRecord, ActionRefusal, NewActionRecord};
use learnloop_store::just_culture::NewJustCultureRecord;
use learnloop_store::learning::{NewLearningRecord, PublishedLearning};
use learnloop_store::people::User;
use learnloop_store::reports::ReportRecord;
use learnloop_store::reviews::NewReviewRecord;
use learnloop_store::triage::CloseRefusal;
use serde::Deserialize;
use std::collections::BTreeMap;

use crate::auth::session::require;
use crate::error::AppError;
use crate::state::AppState;

/// Longest message to or from a reporter, and longest learning summary.
const MESSAGE_MAX_CHARS: usize = 5_000;
const SUMMARY_MAX_CHARS: usize = 5_000;
const TITLE_MAX_CHARS: usize = 200;

/// The organisation's time zone (UTC if its name is unknown).
pub async fn organisation_zone(state: &AppState, organisation_id: i64) -> Result<TimeZone, AppError> {
    let org = state.store.organisation(organisation_id).await?;
    Ok(crate::reporting::organisation_zone(&org))
}

pub fn today_in(zone: &TimeZone) -> Date {
    Timestamp::now().to_zoned_datetime(zone.clone()).date()
}

/// The report, if `user` may work it through the loop; 404 if they may not
/// even read it, 403 if they may read but not handle it.
pub async fn report_to_handle(state: &AppState, user: &User, reference: &str) -> Result<ReportRecord, AppError> {
    if let Some(report) = state.store.handleable_report(user, reference).await? {
        return Ok(report);
    }
    match state.store.readable_report(user, reference).await? {
        Some(_) => Err(AppError::Forbidden),
        None => Err(AppError::NotFound("That report")),
    }
}

/// Checks a message to or from a reporter: not blank, not too long.
pub fn checked_message(field: &str, text: &str) -> Result<String, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::invalid(field, "Write a message first."));
    }
    if text.chars().count() > MESSAGE_MAX_CHARS {
        return Err(AppError::invalid(field, format!("Keep the message under {MESSAGE_MAX_CHARS} characters.")));
    }
    Ok(text.to_string())
}

/// The prefilled personal thank-you, which the manager can edit.
pub fn suggested_thanks(report: &ReportRecord) -> String {
    use learnloop_domain::report::ReportKind;
    let what = match report.kind {
        ReportKind::GoodPractice => "sharing this good practice",
        ReportKind::NearMiss => "reporting this near-miss; near-misses are how we stop harm before it happens",
        ReportKind::Incident => "reporting this incident so quickly and clearly",
        ReportKind::Concern => "raising this concern; it takes courage to speak up",
    };
    format!(
        "Thank you for {what}. I have read it and we will look at what we can learn from it. \
         I will let you know what we find and what changes."
    )
}

pub async fn thank(state: &AppState, user: &User, reference: &str, message: &str) -> Result<(), AppError> {
    let report = report_to_handle(state, user, reference).await?;
    let message = checked_message("message", message)?;
    state.store.thank_reporter(&report, user, &message, Timestamp::now()).await?;
    Ok(())
}

pub async fn message_reporter(state: &AppState, user: &User, reference: &str, text: &str) -> Result<(), AppError> {
    let report = report_to_handle(state, user, reference).await?;
    let text = checked_message("text", text)?;
    state.store.message_reporter(&report, user, &text, Timestamp::now()).await?;
    Ok(())
}

pub async fn give_feedback(state: &AppState, user: &User, reference: &str, text: &str) -> Result<(), AppError> {
    let report = report_to_handle(state, user, reference).await?;
    let text = checked_message("feedback", text)?;
    check_identifying_details("feedback", &text, &report)?;
    state.store.give_feedback(&report, user, &text, Timestamp::now().as_second()).await?;
    Ok(())
}

pub async fn close(state: &AppState, user: &User, reference: &str) -> Result<(), AppError> {
    let report = report_to_handle(state, user, reference).await?;
    match state.store.close_report(&report, user, Timestamp::now().as_second()).await? {
        Ok(()) => Ok(()),
        Err(CloseRefusal::NoFeedbackYet) => Err(AppError::Conflict(
            "This report cannot be closed yet: its reporter has not been told what was learned. Give feedback first.".into(),
        )),
        Err(CloseRefusal::AlreadyClosed) => Err(AppError::Conflict("This report is already closed.".into())),
    }
}

/// A review body: the type's fields, plus other reports it also covers.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ReviewRequest {
    #[serde(flatten)]
    pub review: ReviewInput,
    /// References of further reports the same review covers (a theme).
    pub also_reports: Vec<String>,
}

pub async fn create_review(state: &AppState, user: &User, reference: &str, request: &ReviewRequest) -> Result<i64, AppError> {
    let report = report_to_handle(state, user, reference).await?;
    let zone = organisation_zone(state, user.organisation_id).await?;
    let serious = matches!(report.harm, Some(Harm::Moderate | Harm::Severe | Harm::Death));
    let details = request.review.validate(Timestamp::now(), &zone, serious).map_err(AppError::Invalid)?;
    let mut report_ids = vec![report.id];
    for other in &request.also_reports {
        let other = other.trim();
        if other.is_empty() || other.eq_ignore_ascii_case(&report.reference) {
            continue;
        }
        match state.store.handleable_report(user, other).await? {
            Some(found) if !report_ids.contains(&found.id) => report_ids.push(found.id),
            Some(_) => {}
            None => return Err(AppError::invalid("also_reports", format!("There is no report {other} that you handle."))),
        }
    }
    let (factors, rule_needs_change) = match &details {
        ReviewDetails::LearningReview { factors, rule_needs_change, .. } => (factors.iter().map(|f| f.as_str()).collect(), *rule_needs_change),
        _ => (Vec::new(), false),
    };
    let id = state
        .store
        .create_review(&NewReviewRecord {
            organisation_id: user.organisation_id,
            review_type: details.review_type().as_str(),
            details: serde_json::to_value(&details).map_err(AppError::internal)?,
            factors,
            rule_needs_change,
            report_ids: &report_ids,
            created_by: user.id,
            at: Timestamp::now().as_second(),
        })
        .await?;
    Ok(id)
}

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
            at: Timestamp::now().as_second(),
        })
        .await?;
    Ok((id, evaluation))
}

/// Finds the owner by id or email among the active people of the organisation.
async fn action_owner(state: &AppState, organisation_id: i64, owner: &str) -> Result<User, AppError> {
    let unknown = || AppError::invalid("owner", format!("There is no active person \"{owner}\" here; give their id or email."));
    let found = match owner.parse::<i64>() {
        Ok(id) => match state.store.user(id).await {
            Ok(user) => Some(user),
            Err(learnloop_store::StoreError::NotFound) => None,
            Err(other) => return Err(other.into()),
        },
        Err(_) => state.store.credentials_by_email(&owner.to_lowercase()).await?.map(|c| c.user),
    };
    found.filter(|u| u.organisation_id == organisation_id && u.active).ok_or_else(unknown)
}

pub async fn create_action(state: &AppState, user: &User, reference: &str, input: &ActionInput, review_ids: &[i64]) -> Result<i64, AppError> {
    let report = report_to_handle(state, user, reference).await?;
    let zone = organisation_zone(state, user.organisation_id).await?;
    let action = input.validate(today_in(&zone)).map_err(AppError::Invalid)?;
    let owner = action_owner(state, user.organisation_id, &action.owner).await?;
    let id = state
        .store
        .create_action(&NewActionRecord {
            organisation_id: user.organisation_id,
            service_id: report.service_id,
            title: &action.title,
            owner_id: owner.id,
            due_on: action.due.to_string(),
            report_ids: &[report.id],
            review_ids,
            created_by: user.id,
            at: Timestamp::now().as_second(),
        })
        .await?;
    Ok(id)
}

/// The action, if `user` owns it or handles its service.
pub async fn action_for(state: &AppState, user: &User, action_id: i64) -> Result<ActionRecord, AppError> {
    let action = state.store.action(user.organisation_id, action_id).await?.ok_or(AppError::NotFound("That action"))?;
    if action.owner_id == user.id || handles_service_of(user, &action) { Ok(action) } else { Err(AppError::NotFound("That action")) }
}

fn handles_service_of(user: &User, action: &ActionRecord) -> bool {
    user.role.handles_reports()
        && (user.role.report_scope() == learnloop_domain::role::ReportScope::WholeOrganisation || user.service_ids.contains(&action.service_id))
}

/// Whether `user` may record whether the action worked: someone who handles
/// its service, and never its owner, who would be marking their own work.
pub fn may_check(user: &User, action: &ActionRecord) -> Result<(), AppError> {
    if action.owner_id == user.id {
        return Err(AppError::ForbiddenBecause(
            "Someone other than the action's owner checks whether it worked: ask the service's manager or a quality lead.",
        ));
    }
    if handles_service_of(user, action) { Ok(()) } else { Err(AppError::Forbidden) }
}

pub async fn complete_action(state: &AppState, user: &User, action_id: i64, input: &CompletionInput) -> Result<(), AppError> {
    let action = action_for(state, user, action_id).await?;
    let zone = organisation_zone(state, user.organisation_id).await?;
    let check_due = input.validate(today_in(&zone)).map_err(AppError::Invalid)?;
    match state.store.complete_action(&action, user.id, &check_due.to_string(), Timestamp::now().as_second()).await? {
        Ok(()) => Ok(()),
        Err(_) => Err(AppError::Conflict("Only an open action can be marked complete.".into())),
    }
}

pub async fn check_action(state: &AppState, user: &User, action_id: i64, input: &CheckInput) -> Result<(), AppError> {
    let action = action_for(state, user, action_id).await?;
    may_check(user, &action)?;
    let check = input.validate().map_err(AppError::Invalid)?;
    match state.store.record_action_check(&action, user.id, &check, Timestamp::now().as_second()).await? {
        Ok(()) => Ok(()),
        Err(ActionRefusal::NotAwaitingCheck | ActionRefusal::NotOpen) => Err(AppError::Conflict(
            "Mark the action complete and book its check before recording whether it worked.".into(),
        )),
    }
}

/// Refuses text that holds identifying details, listing each one to remove.
fn check_identifying_details(field: &str, text: &str, report: &ReportRecord) -> Result<(), AppError> {
    let found = find_identifying_details(text, &report.people_affected);
    if found.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = found.iter().map(|d| d.message()).collect();
    Err(AppError::Invalid(FieldErrors(vec![FieldError::new(
        field,
        format!("Remove identifying details before sharing: {}", list.join(" ")),
    )])))
}

/// A learning summary to publish: audiences are services or teams, each as
/// `service:<id or slug>`, `team:<id or slug>`, or a bare id or slug.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct LearningRequest {
    pub title: String,
    pub summary: String,
    pub audiences: Vec<AudienceRef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum AudienceRef {
    Id(i64),
    Text(String),
}

impl AudienceRef {
    fn text(&self) -> String {
        match self {
            AudienceRef::Id(id) => id.to_string(),
            AudienceRef::Text(text) => text.trim().to_string(),
        }
    }
}

/// Resolves audiences to (service ids, team ids) within the organisation.
async fn resolve_audiences(state: &AppState, organisation_id: i64, audiences: &[AudienceRef]) -> Result<(Vec<i64>, Vec<i64>), AppError> {
    let services = state.store.services(organisation_id).await?;
    let teams = state.store.teams(organisation_id).await?;
    let (mut service_ids, mut team_ids) = (Vec::new(), Vec::new());
    for audience in audiences {
        let text = audience.text();
        let (kind, key) = match text.split_once(':') {
            Some((kind, key)) => (Some(kind.trim()), key.trim().to_string()),
            None => (None, text.clone()),
        };
        let service = services.iter().find(|s| s.slug == key || s.id.to_string() == key).map(|s| s.id);
        let team = teams.iter().find(|t| t.slug == key || t.id.to_string() == key).map(|t| t.id);
        let chosen = match (kind, service, team) {
            (Some("service"), Some(id), _) | (None, Some(id), None) => Some((true, id)),
            (Some("team"), _, Some(id)) | (None, None, Some(id)) => Some((false, id)),
            (None, Some(_), Some(_)) => {
                return Err(AppError::invalid("audiences", format!("\"{text}\" is both a service and a team; write service:{key} or team:{key}.")));
            }
            _ => None,
        };
        match chosen {
            Some((true, id)) if !service_ids.contains(&id) => service_ids.push(id),
            Some((false, id)) if !team_ids.contains(&id) => team_ids.push(id),
            Some(_) => {}
            None => return Err(AppError::invalid("audiences", format!("There is no service or team \"{text}\" here."))),
        }
    }
    if service_ids.is_empty() && team_ids.is_empty() {
        return Err(AppError::invalid("audiences", "Choose at least one service or team to share the learning with."));
    }
    Ok((service_ids, team_ids))
}

/// What the reporter is told: the learning, then the actions taken.
async fn feedback_text(state: &AppState, report: &ReportRecord, summary: &str) -> Result<String, AppError> {
    let actions = state.store.actions_of_report(report.id).await?;
    let mut text = format!("What we learned: {summary}");
    if !actions.is_empty() {
        text.push_str("\n\nWhat we are doing:");
        for action in &actions {
            text.push_str(&format!("\n- {} (due {}, {})", action.title, action.due_on, action.status.label().to_lowercase()));
        }
    }
    Ok(text)
}

pub async fn publish_learning(state: &AppState, user: &User, reference: &str, request: &LearningRequest) -> Result<PublishedLearning, AppError> {
    let report = report_to_handle(state, user, reference).await?;
    let summary = request.summary.trim();
    let mut errors = FieldErrors::default();
    if summary.is_empty() {
        errors.push("summary", "Write what was learned, in a few plain sentences.");
    } else if summary.chars().count() > SUMMARY_MAX_CHARS {
        errors.push("summary", format!("Keep the summary under {SUMMARY_MAX_CHARS} characters."));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    check_identifying_details("summary", summary, &report)?;
    let title = match request.title.trim() {
        "" => format!("Learning from a {} report", report.kind.label().to_lowercase()),
        title if title.chars().count() > TITLE_MAX_CHARS => {
            return Err(AppError::invalid("title", format!("Keep the title under {TITLE_MAX_CHARS} characters.")));
        }
        title => {
            check_identifying_details("title", title, &report)?;
            title.to_string()
        }
    };
    let (service_ids, team_ids) = resolve_audiences(state, user.organisation_id, &request.audiences).await?;
    let feedback = feedback_text(state, &report, summary).await?;
    let published = state
        .store
        .publish_learning(
            &NewLearningRecord {
                organisation_id: user.organisation_id,
                report: Some(&report),
                title: &title,
                summary,
                service_ids: &service_ids,
                team_ids: &team_ids,
                feedback_to_reporter: Some(&feedback),
                at: Timestamp::now().as_second(),
            },
            user,
        )
        .await?;
    Ok(published)
}

/// The tabs of the triage queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueTab {
    /// Not yet thanked.
    New,
    /// Thanked or being reviewed; the reporter has not heard what was learned.
    AwaitingFeedback,
    /// A clock has run out: thanks or feedback.
    Overdue,
    /// The reporter wrote and waits for an answer.
    Replies,
}

impl QueueTab {
    pub const ALL: [QueueTab; 4] = [QueueTab::Overdue, QueueTab::New, QueueTab::AwaitingFeedback, QueueTab::Replies];

    pub fn as_str(self) -> &'static str {
        match self {
            QueueTab::New => "new",
            QueueTab::AwaitingFeedback => "awaiting_feedback",
            QueueTab::Overdue => "overdue",
            QueueTab::Replies => "replies",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            QueueTab::New => "New",
            QueueTab::AwaitingFeedback => "Awaiting feedback",
            QueueTab::Overdue => "Overdue",
            QueueTab::Replies => "Replies",
        }
    }

    pub fn parse(text: &str) -> Option<QueueTab> {
        QueueTab::ALL.into_iter().find(|t| t.as_str() == text)
    }
}

/// One report in the queue with its clocks.
#[derive(Debug, Clone)]
pub struct QueueEntry {
    pub item: learnloop_store::triage::QueueItem,
    pub thanks_due: Timestamp,
    pub feedback_due: Timestamp,
    pub overdue: bool,
}

#[derive(Debug, Clone)]
pub struct QueueView {
    pub tab: QueueTab,
    pub counts: Vec<(QueueTab, i64)>,
    pub entries: Vec<QueueEntry>,
}

/// The latest submission time whose deadline (from `due`) is still ahead of
/// `now`: every report submitted before it is overdue. Deadlines grow with
/// the submission time, so a binary search finds it.
fn overdue_cutoff(now: Timestamp, due: impl Fn(Timestamp) -> Timestamp) -> i64 {
    let (mut low, mut high) = (now.as_second() - 400 * 86_400, now.as_second());
    let is_overdue = |second: i64| Timestamp::from_second(second).map(|t| due(t) < now).unwrap_or(false);
    if !is_overdue(low) {
        return low;
    }
    // Invariant: `low` is overdue, `high` is not.
    while high - low > 1 {
        let middle = low + (high - low) / 2;
        if is_overdue(middle) { low = middle } else { high = middle }
    }
    high
}

pub fn queue_scope(user: &User) -> Result<learnloop_store::triage::QueueScope, AppError> {
    use learnloop_domain::role::ReportScope;
    use learnloop_store::triage::QueueScope;
    require(user.role.handles_reports())?;
    Ok(match user.role.report_scope() {
        ReportScope::WholeOrganisation => QueueScope::Organisation(user.organisation_id),
        _ => QueueScope::Services(user.service_ids.clone()),
    })
}

/// The triage queue for `user` (managers: their services; quality leads and
/// the safety officer: the organisation), oldest first.
pub async fn triage_queue(state: &AppState, user: &User, tab: QueueTab, limit: i64) -> Result<QueueView, AppError> {
    use learnloop_domain::clocks::TriageClocks;
    use learnloop_domain::report::ReportStatus::{InReview, Received, Thanked};
    let scope = queue_scope(user)?;
    let org = state.store.organisation(user.organisation_id).await?;
    let zone = crate::reporting::organisation_zone(&org);
    let clocks = TriageClocks::new(org.thank_within_working_days.clamp(1, 10) as u32, org.feedback_within_days.clamp(1, 90) as u32)
        .unwrap_or_default();
    let now = Timestamp::now();
    let thanks_cutoff = overdue_cutoff(now, |t| clocks.thanks_due(t, &zone));
    let feedback_cutoff = overdue_cutoff(now, |t| clocks.feedback_due(t, &zone));
    let everything = i64::MAX;
    let store = &state.store;

    let received = store.count_open_reports(&scope, Received, thanks_cutoff).await?;
    let thanked = store.count_open_reports(&scope, Thanked, feedback_cutoff).await?;
    let in_review = store.count_open_reports(&scope, InReview, feedback_cutoff).await?;
    let new_count = received.all;
    let awaiting_count = thanked.all + in_review.all;
    let overdue_count = received.overdue + thanked.overdue + in_review.overdue;
    let replies = store.reports_with_reply_waiting(&scope, limit).await?;

    let mut items = match tab {
        QueueTab::New => store.open_reports(&scope, Received, everything, limit).await?,
        QueueTab::AwaitingFeedback => {
            let mut items = store.open_reports(&scope, Thanked, everything, limit).await?;
            items.extend(store.open_reports(&scope, InReview, everything, limit).await?);
            items
        }
        QueueTab::Overdue => {
            let mut items = store.open_reports(&scope, Received, thanks_cutoff, limit).await?;
            items.extend(store.open_reports(&scope, Thanked, feedback_cutoff, limit).await?);
            items.extend(store.open_reports(&scope, InReview, feedback_cutoff, limit).await?);
            items
        }
        QueueTab::Replies => replies.clone(),
    };
    items.sort_by_key(|item| (item.submitted_at, item.id));
    items.truncate(limit.max(0) as usize);
    let entries = items
        .into_iter()
        .map(|item| {
            let received = Timestamp::from_second(item.submitted_at).unwrap_or(now);
            let thanks_due = clocks.thanks_due(received, &zone);
            let feedback_due = clocks.feedback_due(received, &zone);
            let overdue = (item.thanked_at.is_none() && thanks_due < now) || feedback_due < now;
            QueueEntry { item, thanks_due, feedback_due, overdue }
        })
        .collect();
    Ok(QueueView {
        tab,
        counts: vec![
            (QueueTab::Overdue, overdue_count),
            (QueueTab::New, new_count),
            (QueueTab::AwaitingFeedback, awaiting_count),
            (QueueTab::Replies, replies.len() as i64),
        ],
        entries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_overdue_cutoff_separates_late_from_on_time() {
        let now: Timestamp = "2026-11-23T12:00:00Z".parse().unwrap();
        let week = 7 * 86_400;
        let cutoff = overdue_cutoff(now, |t| Timestamp::from_second(t.as_second() + week).unwrap());
        assert_eq!(cutoff, now.as_second() - week);
        // Nothing is overdue when every deadline is far ahead.
        let far = overdue_cutoff(now, |t| Timestamp::from_second(t.as_second() + 1000 * 86_400).unwrap());
        assert_eq!(far, now.as_second() - 400 * 86_400);
    }
}

/// A report like the one being triaged.
#[derive(Debug, Clone)]
pub struct SimilarReport {
    pub reference: String,
    pub kind: learnloop_domain::report::ReportKind,
    pub category: Option<learnloop_domain::report::Category>,
    pub submitted_at: i64,
    pub excerpt: String,
    /// 0 to 1.
    pub score: f64,
    pub possible_repeat: bool,
}

/// The reports of the same service in the 90 days before this one (and any
/// since) that read most like it, best first.
pub async fn similar_reports(state: &AppState, user: &User, reference: &str, limit: usize) -> Result<Vec<SimilarReport>, AppError> {
    use learnloop_domain::report::{Category, ReportKind};
    use learnloop_domain::similarity::{Document, POSSIBLE_REPEAT_SCORE, SIMILAR_WITHIN_DAYS, SimilarityCheck};
    let report = report_to_handle(state, user, reference).await?;
    let since = report.submitted_at - SIMILAR_WITHIN_DAYS * 86_400;
    let mut check = SimilarityCheck::new(&Document { text: &report.what_happened, category: report.category });
    // Candidates come as their stored terms (a few bytes each), in order.
    let mut ids: Vec<i64> = Vec::new();
    state
        .store
        .for_each_similar_candidate(&report, since, |c| {
            check.add_stored(&c.terms, c.category.as_deref().and_then(Category::parse));
            ids.push(c.report_id);
        })
        .await?;
    let best = check.best(limit);
    let chosen: Vec<i64> = best.iter().map(|s| ids[s.index]).collect();
    let details = state.store.similar_candidates(&chosen).await?;
    Ok(best
        .into_iter()
        .zip(chosen)
        .filter_map(|(s, id)| {
            let c = details.iter().find(|d| d.id == id)?;
            Some(SimilarReport {
                reference: c.reference.clone(),
                kind: ReportKind::parse(&c.kind).unwrap_or(ReportKind::Incident),
                category: c.category.as_deref().and_then(Category::parse),
                submitted_at: c.submitted_at,
                excerpt: c.excerpt.clone(),
                score: (s.score * 100.0).round() / 100.0,
                possible_repeat: s.score >= POSSIBLE_REPEAT_SCORE,
            })
        })
        .collect())
}
