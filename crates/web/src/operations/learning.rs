//! Learning summaries published to services and teams, and the feedback
//! they give a report's reporter.

use learnloop_domain::ids::{OrganisationId, ServiceId, TeamId};
use jiff::Timestamp;
use learnloop_domain::FieldErrors;
use learnloop_store::learning::{NewLearningRecord, PublishedLearning};
use learnloop_store::people::User;
use learnloop_store::reports::ReportRecord;
use serde::Deserialize;

use crate::error::AppError;
use crate::state::AppState;
use crate::operations::identifying_details::check_identifying_details;
use crate::operations::report_access::report_to_handle;

const SUMMARY_MAX_CHARS: usize = 5_000;
const TITLE_MAX_CHARS: usize = 200;

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
async fn resolve_audiences(state: &AppState, organisation_id: OrganisationId, audiences: &[AudienceRef]) -> Result<(Vec<ServiceId>, Vec<TeamId>), AppError> {
    let services = state.store.services(organisation_id).await?;
    let teams = state.store.teams(organisation_id).await?;
    let (mut service_ids, mut team_ids) = (Vec::new(), Vec::new());
    for audience in audiences {
        let text = audience.text();
        let (kind, key) = match text.split_once(':') {
            Some((kind, key)) => (Some(kind.trim()), key.trim().to_string()),
            None => (None, text.clone()),
        };
        let service = services.iter().find(|s| s.slug == key || s.id.to_string() == key).map(|s| s.id.get());
        let team = teams.iter().find(|t| t.slug == key || t.id.to_string() == key).map(|t| t.id.get());
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
    Ok((service_ids.into_iter().map(ServiceId).collect(), team_ids.into_iter().map(TeamId).collect()))
}

/// What the reporter is told: the learning, then the actions taken.
async fn feedback_text(state: &AppState, report: &ReportRecord, summary: &str) -> Result<String, AppError> {
    let actions = state.store.actions_of_report(report.id).await?;
    let mut text = format!("What we learned: {summary}");
    if !actions.is_empty() {
        text.push_str("\n\nWhat we are doing:");
        for action in &actions {
            // Days read as on every page: "1 Dec 2026".
            let due = action.due_on.parse::<jiff::civil::Date>().map(|d| d.strftime("%-d %b %Y").to_string()).unwrap_or_else(|_| action.due_on.clone());
            text.push_str(&format!("\n- {} (due {due}, {})", action.title, action.status.label().to_lowercase()));
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
                at: Timestamp::now(),
            },
            user,
        )
        .await?;
    Ok(published)
}
