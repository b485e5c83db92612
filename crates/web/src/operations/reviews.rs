//! Learning reviews of a report (and of others it is reviewed with).

use jiff::Timestamp;
use learnloop_domain::reviews::{ReviewDetails, ReviewInput};
use learnloop_domain::reports::Harm;
use learnloop_store::people::User;
use learnloop_store::reviews::NewReviewRecord;
use serde::Deserialize;

use crate::error::AppError;
use crate::state::AppState;
use crate::operations::report_access::report_to_handle;
use crate::operations::time_zone::organisation_zone;

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
            at: Timestamp::now(),
        })
        .await?;
    Ok(id)
}

