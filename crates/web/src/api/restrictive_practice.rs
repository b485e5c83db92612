//! The restrictive practice log through the API: entries, the Ofsted
//! timeline of children's homes, and the monthly counts.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use jiff::Timestamp;
use learnloop_domain::restrictive_practice::{RestraintType, StepStatus, TimelineStatus};
use learnloop_store::restrictive_practice::RestrictivePracticeRecord;
use serde::{Deserialize, Serialize};

use crate::api::json::ApiJson;
use crate::operations::time_zone::rfc3339;
use crate::api::triage::Done;
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::operations::time_zone::organisation_zone;
use crate::operations::restrictive_practice::{self as log, CountLine, NotesInput, RestrictivePracticeRequest};
use crate::state::AppState;

#[derive(Deserialize, utoipa::ToSchema)]
#[allow(dead_code)] // documents the body; the handler reads `RestrictivePracticeRequest`
pub struct NewRestrictivePracticeBody {
    /// The service's id or slug; one you work in or manage.
    service: String,
    /// `physical`, `chemical` (as-needed / PRN medication), `mechanical` or `environmental` (including seclusion).
    restraint_type: String,
    /// RFC 3339, or local time in the organisation's zone (`2026-11-20T14:30`).
    started_at: String,
    /// 1 to 1440.
    duration_minutes: i64,
    /// A pseudonymous reference (initials, room number), never a name.
    person_reference: String,
    behaviour_before: String,
    de_escalation: String,
    less_restrictive_options: String,
    staff_involved: String,
    injury: bool,
    /// Required when `injury` is true.
    injury_details: Option<String>,
    best_interests_reference: Option<String>,
    debrief_with_person: Option<String>,
    debrief_with_staff: Option<String>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[allow(dead_code)] // documents the body; the handlers read `NotesInput`
pub struct NotesBody {
    notes: String,
}

/// One step of the Ofsted timeline.
#[derive(Serialize, utoipa::ToSchema)]
pub struct StepView {
    /// `met` or `late` for the record; `done`, `due` or `overdue` for the review and the child spoken to.
    pub status: String,
    /// RFC 3339.
    pub due: String,
    pub done_at: Option<String>,
}

/// The Ofsted timeline of a children's home entry.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TimelineView {
    /// Recorded within 24 hours of the start.
    pub record: StepView,
    /// The registered person's review within 48 hours.
    pub review: StepView,
    /// The child spoken to within 5 days.
    pub child_spoken_to: StepView,
    /// Whether a step not yet done is past its deadline.
    pub overdue: bool,
}

fn step(status: StepStatus, due: Timestamp, done_at: Option<i64>) -> StepView {
    StepView { status: status.as_str().into(), due: due.to_string(), done_at: done_at.map(rfc3339) }
}

pub fn timeline_view(status: TimelineStatus, entry_recorded_at: i64, reviewed_at: Option<i64>, child_spoken_to_at: Option<i64>) -> TimelineView {
    TimelineView {
        record: step(status.record, status.due.record_due, Some(entry_recorded_at)),
        review: step(status.review, status.due.review_due, reviewed_at),
        child_spoken_to: step(status.child_spoken_to, status.due.child_spoken_to_due, child_spoken_to_at),
        overdue: status.any_overdue(),
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CreatedEntry {
    pub id: i64,
    /// For a children's home; `null` for other services.
    pub ofsted_timeline: Option<TimelineView>,
}

/// A step recorded by someone.
#[derive(Serialize, utoipa::ToSchema)]
pub struct StepRecordView {
    pub at: String,
    pub by: String,
    pub notes: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct EntryView {
    pub id: i64,
    pub service_id: i64,
    pub service: String,
    /// `services.kind`, e.g. `childrens_home`.
    pub service_kind: String,
    pub recorded_by: String,
    pub recorded_at: String,
    pub restraint_type: String,
    pub started_at: String,
    pub duration_minutes: i64,
    pub person_reference: String,
    pub behaviour_before: String,
    pub de_escalation: String,
    pub less_restrictive_options: String,
    pub staff_involved: String,
    pub injury: bool,
    pub injury_details: Option<String>,
    pub best_interests_reference: Option<String>,
    pub debrief_with_person: Option<String>,
    pub debrief_with_staff: Option<String>,
    pub review: Option<StepRecordView>,
    pub child_spoken_to: Option<StepRecordView>,
    /// For a children's home; `null` for other services.
    pub ofsted_timeline: Option<TimelineView>,
}

fn entry_view(entry: RestrictivePracticeRecord, now: Timestamp) -> EntryView {
    let timeline = log::timeline(&entry, now).map(|t| timeline_view(t, entry.recorded_at, entry.reviewed_at, entry.child_spoken_to_at));
    let done = |at: Option<i64>, by: Option<String>, notes: Option<String>| {
        at.map(|at| StepRecordView { at: rfc3339(at), by: by.unwrap_or_default(), notes: notes.unwrap_or_default() })
    };
    EntryView {
        review: done(entry.reviewed_at, entry.reviewed_by_name, entry.review_notes),
        child_spoken_to: done(entry.child_spoken_to_at, entry.child_spoken_to_by_name, entry.child_spoken_to_notes),
        ofsted_timeline: timeline,
        id: entry.id,
        service_id: entry.service_id.get(),
        service: entry.service_name,
        service_kind: entry.service_kind.as_str().to_string(),
        recorded_by: entry.recorded_by_name,
        recorded_at: rfc3339(entry.recorded_at),
        restraint_type: entry.restraint_type.as_str().into(),
        started_at: rfc3339(entry.started_at),
        duration_minutes: entry.duration_minutes,
        person_reference: entry.person_reference,
        behaviour_before: entry.behaviour_before,
        de_escalation: entry.de_escalation,
        less_restrictive_options: entry.less_restrictive_options,
        staff_involved: entry.staff_involved,
        injury: entry.injury,
        injury_details: entry.injury_details,
        best_interests_reference: entry.best_interests_reference,
        debrief_with_person: entry.debrief_with_person,
        debrief_with_staff: entry.debrief_with_staff,
    }
}

/// Record a restriction of someone's freedom.
#[utoipa::path(post, path = "/api/v1/restrictive-practice", tag = "restrictive practice", request_body = NewRestrictivePracticeBody,
    responses((status = 201, body = CreatedEntry), (status = 422, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn create(State(state): State<AppState>, ApiUser(user): ApiUser, ApiJson(body): ApiJson<RestrictivePracticeRequest>) -> Result<(StatusCode, Json<CreatedEntry>), ApiError> {
    let recorded = log::record(&state, &user, &body.service.text(), &body.entry).await?;
    let now = Timestamp::now().as_second();
    let ofsted_timeline = recorded.timeline.map(|t| timeline_view(t, now, None, None));
    Ok((StatusCode::CREATED, Json(CreatedEntry { id: recorded.id, ofsted_timeline })))
}

/// The entries the caller may read, newest first: staff their own, managers
/// their services', quality leads and the safety officer the organisation's.
#[utoipa::path(get, path = "/api/v1/restrictive-practice", tag = "restrictive practice",
    responses((status = 200, body = Vec<EntryView>), (status = 403, body = crate::error::ErrorBody)), security(("bearer" = [])))]
pub async fn list(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Vec<EntryView>>, ApiError> {
    let now = Timestamp::now();
    Ok(Json(log::list(&state, &user).await?.into_iter().map(|e| entry_view(e, now)).collect()))
}

/// One entry, with its Ofsted timeline for a children's home.
#[utoipa::path(get, path = "/api/v1/restrictive-practice/{id}", tag = "restrictive practice", params(("id" = i64, Path)),
    responses((status = 200, body = EntryView), (status = 404, body = crate::error::ErrorBody)), security(("bearer" = [])))]
pub async fn show(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>) -> Result<Json<EntryView>, ApiError> {
    Ok(Json(entry_view(log::entry_for(&state, &user, id).await?, Timestamp::now())))
}

/// The registered person's review (a manager of the service), within 48 hours for a children's home.
#[utoipa::path(post, path = "/api/v1/restrictive-practice/{id}/review", tag = "restrictive practice", params(("id" = i64, Path)), request_body = NotesBody,
    responses((status = 200, body = Done), (status = 403, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn review(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(body): ApiJson<NotesInput>) -> Result<Json<Done>, ApiError> {
    log::review(&state, &user, id, &body).await?;
    Ok(Json(Done { saved: "The review is recorded.".into() }))
}

/// The child has been spoken to about it (children's homes only; within 5 days).
#[utoipa::path(post, path = "/api/v1/restrictive-practice/{id}/child-spoken-to", tag = "restrictive practice", params(("id" = i64, Path)), request_body = NotesBody,
    responses((status = 200, body = Done), (status = 403, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn child_spoken_to(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(body): ApiJson<NotesInput>) -> Result<Json<Done>, ApiError> {
    log::child_spoken_to(&state, &user, id, &body).await?;
    Ok(Json(Done { saved: "The conversation with the child is recorded.".into() }))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct CountsQuery {
    /// The first month, `YYYY-MM`; by default five months before this one.
    from: Option<String>,
    /// The last month, `YYYY-MM`; by default this month.
    to: Option<String>,
}

/// A service (or one person in it) in one month.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CountView {
    pub service_id: i64,
    pub service: String,
    /// Only in `per_person`: the pseudonymous reference, within its service.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person_reference: Option<String>,
    /// `YYYY-MM`.
    pub month: String,
    pub total: i64,
    /// Every type, zero included: `physical`, `chemical`, `mechanical`, `environmental`.
    pub by_type: BTreeMap<String, i64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CountsView {
    pub from: String,
    pub to: String,
    /// Every month of the range, oldest first.
    pub months: Vec<String>,
    /// Months without any entry are left out.
    pub per_service: Vec<CountView>,
    pub per_person: Vec<CountView>,
}

fn count_view(line: CountLine) -> CountView {
    CountView {
        by_type: RestraintType::ALL.iter().zip(&line.by_type).map(|(t, n)| (t.as_str().to_string(), *n)).collect(),
        service_id: line.service_id.get(),
        service: line.service,
        person_reference: line.person_reference,
        month: line.month,
        total: line.total,
    }
}

/// Monthly counts per service and per person, by type (managers: their services; quality and safety: the organisation).
#[utoipa::path(get, path = "/api/v1/restrictive-practice/counts", tag = "restrictive practice", params(CountsQuery),
    responses((status = 200, body = CountsView), (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn counts(State(state): State<AppState>, ApiUser(user): ApiUser, Query(query): Query<CountsQuery>) -> Result<Json<CountsView>, ApiError> {
    let zone = organisation_zone(&state, user.organisation_id).await?;
    let (default_from, default_to) = log::default_months(&zone);
    let counts = log::counts(&state, &user, query.from.as_deref().unwrap_or(&default_from), query.to.as_deref().unwrap_or(&default_to)).await?;
    Ok(Json(CountsView {
        from: counts.from,
        to: counts.to,
        months: counts.months,
        per_service: counts.per_service.into_iter().map(count_view).collect(),
        per_person: counts.per_person.into_iter().map(count_view).collect(),
    }))
}
