//! The API's reports: submitting one, the lists a role may read, one report,
//! and (for the safety officer, audited) who made a confidential report.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use jiff::Timestamp;
use learnloop_domain::identity::IdentityMode;
use learnloop_domain::reports::ReportInput;
use learnloop_domain::role::Role;
use learnloop_store::reports::{ListCursor, ReportRecord, Reporter};
use serde::{Deserialize, Serialize};

use crate::api::idempotency_key::idempotency_key;
use crate::api::json::ApiJson;
use crate::auth::ApiUser;
use crate::auth::session::require;
use crate::error::{ApiError, AppError};
use crate::operations::report_lists::{format_cursor, list_scope, parse_cursor};
use crate::operations::reports::submit_report;
use crate::operations::time_zone::rfc3339;
use crate::state::AppState;

/// A new report. Five fields are required; the rest are optional.
#[derive(Deserialize, utoipa::ToSchema)]
#[allow(dead_code)] // documents the body; handlers read it as `ReportInput`
pub struct NewReportBody {
    /// `incident`, `near_miss`, `good_practice` or `concern`.
    kind: String,
    /// The service's slug or id.
    service: String,
    /// Optional: the team or unit of that service where it happened (its id,
    /// or its slug within the service). Leave it out for the whole service.
    team: Option<String>,
    /// RFC 3339, or local time in the organisation's zone (`2026-11-20T14:30`).
    occurred_at: String,
    what_happened: String,
    /// `named`, `confidential` or `anonymous`.
    identity: String,
    category: Option<String>,
    /// `none`, `low`, `moderate`, `severe` or `death`.
    harm: Option<String>,
    /// `none`, `low`, `moderate` or `severe`.
    psychological_harm: Option<String>,
    immediate_actions: Option<String>,
    what_went_well: Option<String>,
    /// Pseudonymous references (initials, room numbers), never names.
    people_affected: Option<Vec<String>>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CreatedReport {
    pub reference: String,
    /// For confidential and anonymous reports: the private code to follow
    /// the report without signing in. Shown once; keep it.
    pub follow_up_code: Option<String>,
}

/// Report an incident, near-miss, good practice or concern. Send an
/// `Idempotency-Key` to retry safely: a retry with the same key and body
/// gets the first answer again (201, the same reference and code) and never
/// makes a second report; the same key with a different body is refused (422).
#[utoipa::path(post, path = "/api/v1/reports", tag = "reports", request_body = NewReportBody,
    params(("Idempotency-Key" = Option<String>, Header, description = "A random key (a UUID is best; 16 to 255 visible characters), new for each new report and the same for its retries. Retries are answered for at least 24 hours.")),
    responses((status = 201, body = CreatedReport), (status = 400, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn create(State(state): State<AppState>, ApiUser(user): ApiUser, headers: HeaderMap, ApiJson(input): ApiJson<ReportInput>) -> Result<(StatusCode, Json<CreatedReport>), ApiError> {
    let key = idempotency_key(&headers)?;
    let saved = submit_report(&state, user.organisation_id, &input, Some(&user), key.as_ref()).await?;
    Ok((StatusCode::CREATED, Json(CreatedReport { reference: saved.reference, follow_up_code: saved.follow_up_code })))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ReporterView {
    pub name: String,
    pub email: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ServiceRef {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TeamRef {
    pub id: i64,
    pub name: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ReportView {
    pub reference: String,
    pub kind: String,
    pub identity: String,
    pub status: String,
    pub service: ServiceRef,
    /// The team or unit where it happened, when the reporter chose one.
    pub team: Option<TeamRef>,
    pub occurred_at: String,
    /// For anonymous reports only the day is kept (midnight UTC).
    pub submitted_at: String,
    pub what_happened: String,
    pub category: Option<String>,
    pub harm: Option<String>,
    pub psychological_harm: Option<String>,
    pub immediate_actions: Option<String>,
    pub what_went_well: Option<String>,
    pub people_affected: Vec<String>,
    /// Who reported, when the caller may see it; otherwise null.
    pub reporter: Option<ReporterView>,
}


impl ReportView {
    pub fn new(r: ReportRecord, reporter: Option<Reporter>) -> ReportView {
        ReportView {
            reference: r.reference,
            kind: r.kind.as_str().into(),
            identity: r.identity.as_str().into(),
            status: r.status.as_str().into(),
            service: ServiceRef { id: r.service_id.get(), slug: r.service_slug, name: r.service_name },
            team: r.team_id.zip(r.team_name).map(|(id, name)| TeamRef { id: id.get(), name }),
            occurred_at: rfc3339(r.occurred_at),
            submitted_at: rfc3339(r.submitted_at),
            what_happened: r.what_happened,
            category: r.category.map(|c| c.as_str().into()),
            harm: r.harm.map(|h| h.as_str().into()),
            psychological_harm: r.psychological_harm.map(|h| h.as_str().into()),
            immediate_actions: r.immediate_actions,
            what_went_well: r.what_went_well,
            people_affected: r.people_affected,
            reporter: reporter.map(|p| ReporterView { name: p.name, email: p.email }),
        }
    }
}

/// One report, if the caller may read it, with its named reporter for those
/// who may see them. A confidential reporter is never in this answer: the
/// safety officer asks for them on purpose with `POST .../reporter`.
#[utoipa::path(get, path = "/api/v1/reports/{reference}", tag = "reports",
    params(("reference" = String, Path, description = "e.g. LL-7KQ4-M2XD")),
    responses((status = 200, body = ReportView), (status = 404, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn show(State(state): State<AppState>, ApiUser(user): ApiUser, Path(reference): Path<String>) -> Result<Json<ReportView>, ApiError> {
    let report = readable(&state, &user, &reference).await?;
    let reporter = if report.identity == IdentityMode::Confidential { None } else { state.store.reporter_for_reader(&report, &user, Timestamp::now()).await? };
    Ok(Json(ReportView::new(report, reporter)))
}

/// Who made a report, asked for on purpose. For a confidential report only
/// the safety officer is answered, and each answer is written to the audit
/// log; a named reporter is answered to those who may see them; an anonymous
/// report has nobody to show.
#[utoipa::path(post, path = "/api/v1/reports/{reference}/reporter", tag = "reports",
    params(("reference" = String, Path, description = "e.g. LL-7KQ4-M2XD")),
    responses((status = 200, body = ReporterView), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn reveal_reporter(State(state): State<AppState>, ApiUser(user): ApiUser, Path(reference): Path<String>) -> Result<Json<ReporterView>, ApiError> {
    let report = readable(&state, &user, &reference).await?;
    if report.identity == IdentityMode::Anonymous {
        return Err(AppError::NotFound("A reporter of an anonymous report").into());
    }
    match state.store.reporter_for_reader(&report, &user, Timestamp::now()).await? {
        Some(reporter) => Ok(Json(ReporterView { name: reporter.name, email: reporter.email })),
        None => Err(AppError::Forbidden.into()),
    }
}

async fn readable(state: &AppState, user: &learnloop_store::people::User, reference: &str) -> Result<ReportRecord, AppError> {
    let reference = learnloop_domain::reference::Reference::parse(reference).ok_or(AppError::NotFound("That report"))?;
    state.store.readable_report(user, reference.as_str()).await?.ok_or(AppError::NotFound("That report"))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// Continue after this cursor (from `next` of the previous page).
    pub after: Option<String>,
    /// At most this many (default 50, at most 200).
    pub limit: Option<i64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ReportListItem {
    pub reference: String,
    pub kind: String,
    pub identity: String,
    pub status: String,
    pub service: String,
    pub occurred_at: String,
    pub submitted_at: String,
    pub category: Option<String>,
    pub harm: Option<String>,
    pub excerpt: String,
    /// Named reports only.
    pub reporter_name: Option<String>,
}

impl From<learnloop_store::reports::ReportSummary> for ReportListItem {
    fn from(r: learnloop_store::reports::ReportSummary) -> Self {
        ReportListItem {
            reference: r.reference,
            kind: r.kind.as_str().into(),
            identity: r.identity.as_str().into(),
            status: r.status.as_str().into(),
            service: r.service_name,
            occurred_at: rfc3339(r.occurred_at),
            submitted_at: rfc3339(r.submitted_at),
            category: r.category.map(|c| c.as_str().into()),
            harm: r.harm.map(|h| h.as_str().into()),
            excerpt: r.excerpt,
            reporter_name: r.reporter_name,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ReportList {
    pub reports: Vec<ReportListItem>,
    /// Pass as `after` for the next page; null on the last page.
    pub next: Option<String>,
}

/// The reports the caller may see, newest first: staff their own, managers
/// their services', quality leads and the safety officer all.
#[utoipa::path(get, path = "/api/v1/reports", tag = "reports", params(ListQuery),
    responses((status = 200, body = ReportList), (status = 403, body = crate::error::ErrorBody)), security(("bearer" = [])))]
pub async fn list(State(state): State<AppState>, ApiUser(user): ApiUser, Query(query): Query<ListQuery>) -> Result<Json<ReportList>, ApiError> {
    require(user.role != Role::Admin)?;
    let limit = query.limit.unwrap_or(50).clamp(1, 200);
    let rows = state.store.list_reports(list_scope(&user)?, parse_cursor(query.after.as_deref()), limit).await?;
    let next = (rows.len() as i64 == limit).then(|| rows.last().map(|r| format_cursor(ListCursor { submitted_at: r.submitted_at, id: r.id }))).flatten();
    let reports = rows.into_iter().map(ReportListItem::from).collect();
    Ok(Json(ReportList { reports, next }))
}
