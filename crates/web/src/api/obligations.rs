//! Safeguarding, regulator notifications and candour through the API.

use axum::Json;
use axum::extract::{Path, Query, State};
use jiff::Timestamp;
use learnloop_domain::obligations::{CandourInput, NotificationFactsInput, NotificationSentInput, SafeguardingChecklistInput};
use learnloop_store::candour::Candour;
use learnloop_store::safeguarding::Escalation;
use learnloop_store::notifications::Notification;
use learnloop_store::obligations::ReportObligations;
use serde::{Deserialize, Serialize};

use crate::api::json::ApiJson;
use crate::operations::time_zone::rfc3339;
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::operations::obligations;
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct EscalationView {
    pub report: String,
    pub service: String,
    pub escalated_at: String,
    /// The safeguarding lead told; `null` when the service's managers were.
    pub lead: Option<String>,
    pub person_safe: Option<bool>,
    pub person_safe_note: Option<String>,
    pub referral_made: Option<bool>,
    pub referral_by: Option<String>,
    pub referral_at: Option<String>,
    pub no_referral_reason: Option<String>,
    pub complete: bool,
    pub updated_by: Option<String>,
}

impl From<Escalation> for EscalationView {
    fn from(e: Escalation) -> Self {
        EscalationView {
            report: e.reference,
            service: e.service_name,
            escalated_at: rfc3339(e.escalated_at),
            lead: e.lead_name,
            person_safe: e.person_safe,
            person_safe_note: e.person_safe_note,
            referral_made: e.referral_made,
            referral_by: e.referral_by,
            referral_at: e.referral_at.map(rfc3339),
            no_referral_reason: e.no_referral_reason,
            complete: e.completed_at.is_some(),
            updated_by: e.updated_by_name,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct NotificationView {
    pub id: i64,
    pub report: String,
    pub service: String,
    /// `cqc` or `ofsted`.
    pub regulator: String,
    /// Reason keys, e.g. `serious_injury`, `abuse_or_allegation`.
    pub reasons: Vec<String>,
    pub due_at: String,
    pub overdue: bool,
    pub sent_at: Option<String>,
    pub sent_by: Option<String>,
    pub regulator_reference: Option<String>,
}

impl NotificationView {
    fn new(n: Notification, now: Timestamp) -> Self {
        NotificationView {
            overdue: n.is_overdue(now),
            id: n.id,
            report: n.reference,
            service: n.service_name,
            regulator: n.regulator.as_str().into(),
            reasons: n.reasons.iter().map(|r| r.as_str().to_string()).collect(),
            due_at: rfc3339(n.due_at),
            sent_at: n.sent_at.map(rfc3339),
            sent_by: n.sent_by_name,
            regulator_reference: n.regulator_reference,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CandourView {
    pub report: String,
    pub service: String,
    pub told_in_person_on: Option<String>,
    pub apology_on: Option<String>,
    pub written_follow_up_on: Option<String>,
    pub notes: Option<String>,
    pub complete: bool,
    pub updated_by: Option<String>,
}

impl From<Candour> for CandourView {
    fn from(c: Candour) -> Self {
        CandourView {
            report: c.reference,
            service: c.service_name,
            told_in_person_on: c.told_in_person_on,
            apology_on: c.apology_on,
            written_follow_up_on: c.written_follow_up_on,
            notes: c.notes,
            complete: c.completed_at.is_some(),
            updated_by: c.updated_by_name,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ObligationsView {
    pub safeguarding: Option<EscalationView>,
    pub notifications: Vec<NotificationView>,
    pub candour: Option<CandourView>,
}

fn view(o: ReportObligations) -> ObligationsView {
    let now = Timestamp::now();
    ObligationsView {
        safeguarding: o.safeguarding.map(Into::into),
        notifications: o.notifications.into_iter().map(|n| NotificationView::new(n, now)).collect(),
        candour: o.candour.map(Into::into),
    }
}

/// A report's safeguarding escalation, notifications and candour steps.
#[utoipa::path(get, path = "/api/v1/reports/{reference}/obligations", tag = "safeguarding", params(("reference" = String, Path)),
    responses((status = 200, body = ObligationsView), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn of_report(State(state): State<AppState>, ApiUser(user): ApiUser, Path(reference): Path<String>) -> Result<Json<ObligationsView>, ApiError> {
    let (_, obligations) = obligations::of_report(&state, &user, &reference).await?;
    Ok(Json(view(obligations)))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[allow(dead_code)] // documents the body; the handler reads `SafeguardingChecklistInput`
pub struct ChecklistBody {
    person_safe: Option<bool>,
    /// Required when `person_safe` is false: what is being done.
    person_safe_note: Option<String>,
    referral_made: Option<bool>,
    /// Required when `referral_made`: who made it.
    referral_by: Option<String>,
    /// Required when `referral_made`: `2026-11-20T14:30` (organisation's time) or RFC 3339.
    referral_at: Option<String>,
    /// Required when `referral_made` is false.
    no_referral_reason: Option<String>,
}

/// Record the safeguarding checklist (answers may come one at a time). A
/// report not yet escalated is escalated now: its service's safeguarding lead
/// (or managers) are told.
#[utoipa::path(post, path = "/api/v1/reports/{reference}/safeguarding", tag = "safeguarding", request_body = ChecklistBody, params(("reference" = String, Path)),
    responses((status = 200, body = ObligationsView), (status = 422, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn safeguarding(State(state): State<AppState>, ApiUser(user): ApiUser, Path(reference): Path<String>, ApiJson(body): ApiJson<SafeguardingChecklistInput>) -> Result<Json<ObligationsView>, ApiError> {
    obligations::record_safeguarding(&state, &user, &reference, &body).await?;
    let (_, obligations) = obligations::of_report(&state, &user, &reference).await?;
    Ok(Json(view(obligations)))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[allow(dead_code)] // documents the body; the handler reads `NotificationFactsInput`
pub struct NotificationFactsBody {
    police_involved: Option<bool>,
    deprivation_of_liberty: Option<bool>,
    service_disruption: Option<bool>,
    /// Further reasons to notify by key, where the manager judges it needed.
    reasons: Option<Vec<String>>,
}

/// Add facts found after the report (police, deprivation of liberty, the
/// service could not run safely) or reasons to notify. New reasons join the
/// unsent notification to the service's regulator, or start a new one due in
/// the organisation's hours.
#[utoipa::path(post, path = "/api/v1/reports/{reference}/notifications", tag = "safeguarding", request_body = NotificationFactsBody, params(("reference" = String, Path)),
    responses((status = 200, body = ObligationsView), (status = 422, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn add_notification(State(state): State<AppState>, ApiUser(user): ApiUser, Path(reference): Path<String>, ApiJson(body): ApiJson<NotificationFactsInput>) -> Result<Json<ObligationsView>, ApiError> {
    obligations::add_notification_facts(&state, &user, &reference, &body).await?;
    let (_, obligations) = obligations::of_report(&state, &user, &reference).await?;
    Ok(Json(view(obligations)))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[allow(dead_code)] // documents the body; the handler reads `NotificationSentInput`
pub struct SentBody {
    /// When it was sent; omitted or blank means now.
    sent_at: Option<String>,
    regulator_reference: Option<String>,
}

/// Record that a notification was sent: by the caller, at `sent_at`. 409 if
/// it was already recorded.
#[utoipa::path(post, path = "/api/v1/notifications/{id}/sent", tag = "safeguarding", request_body = SentBody, params(("id" = i64, Path)),
    responses((status = 200, body = NotificationView), (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn mark_sent(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(body): ApiJson<NotificationSentInput>) -> Result<Json<NotificationView>, ApiError> {
    obligations::mark_sent(&state, &user, id, &body).await?;
    let saved = obligations::notification_for(&state, &user, id).await?;
    Ok(Json(NotificationView::new(saved, Timestamp::now())))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[allow(dead_code)] // documents the body; the handler reads `CandourInput`
pub struct CandourBody {
    /// `YYYY-MM-DD`; a step left out keeps its earlier date.
    told_in_person_on: Option<String>,
    apology_on: Option<String>,
    written_follow_up_on: Option<String>,
    notes: Option<String>,
}

/// Record the duty of candour's steps with their dates (also where the rules
/// did not call for it, by the manager's judgement).
#[utoipa::path(post, path = "/api/v1/reports/{reference}/candour", tag = "safeguarding", request_body = CandourBody, params(("reference" = String, Path)),
    responses((status = 200, body = ObligationsView), (status = 422, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn candour(State(state): State<AppState>, ApiUser(user): ApiUser, Path(reference): Path<String>, ApiJson(body): ApiJson<CandourInput>) -> Result<Json<ObligationsView>, ApiError> {
    obligations::record_candour(&state, &user, &reference, &body).await?;
    let (_, obligations) = obligations::of_report(&state, &user, &reference).await?;
    Ok(Json(view(obligations)))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct OpenQuery {
    /// At most this many of each kind (default 50, at most 200).
    pub limit: Option<i64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct OpenView {
    pub overdue_notifications: i64,
    pub safeguarding: Vec<EscalationView>,
    pub notifications: Vec<NotificationView>,
    pub candour: Vec<CandourView>,
}

/// What is still open where the caller works: safeguarding checklists not
/// complete, notifications not sent (soonest due first, overdue flagged),
/// candour not finished.
#[utoipa::path(get, path = "/api/v1/obligations", tag = "safeguarding", params(OpenQuery),
    responses((status = 200, body = OpenView), (status = 403, body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn open(State(state): State<AppState>, ApiUser(user): ApiUser, Query(query): Query<OpenQuery>) -> Result<Json<OpenView>, ApiError> {
    let open = obligations::open(&state, &user, query.limit.unwrap_or(50).clamp(1, 200)).await?;
    let now = Timestamp::now();
    Ok(Json(OpenView {
        overdue_notifications: open.notifications.iter().filter(|n| n.is_overdue(now)).count() as i64,
        safeguarding: open.safeguarding.into_iter().map(Into::into).collect(),
        notifications: open.notifications.into_iter().map(|n| NotificationView::new(n, now)).collect(),
        candour: open.candour.into_iter().map(Into::into).collect(),
    }))
}
