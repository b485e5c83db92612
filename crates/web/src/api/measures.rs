//! The organisation's own measures through the API: define, list, enter a
//! month's value, import a CSV, and chart one.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use learnloop_domain::measures::{MeasureInput, ValueInput, improvement_text};
use learnloop_domain::restrictive_practice::month_text;
use learnloop_domain::spc::SpcAnswer;
use learnloop_store::measures::Measure;
use serde::Serialize;

use crate::api::json::ApiJson;
use crate::api::spc::SpcAnswerView;
use crate::auth::ApiUser;
use crate::operations::dashboard::{self, DashboardQuery, compute_all, month_label};
use crate::error::{ApiError, AppError};
use crate::operations::time_zone::{organisation_zone, today_in};
use crate::operations::measures;
use crate::state::AppState;


#[derive(Serialize, utoipa::ToSchema)]
pub struct MeasureView {
    pub id: i64,
    pub name: String,
    pub description: String,
    /// `proportion`, `rate`, `count` or `value`.
    pub kind: String,
    pub unit: String,
    pub multiply: f64,
    /// `increase`, `decrease`, or null.
    pub improvement: Option<String>,
    pub target: Option<f64>,
}

impl From<Measure> for MeasureView {
    fn from(m: Measure) -> MeasureView {
        let improvement = Some(improvement_text(m.improvement).to_string()).filter(|t| !t.is_empty());
        MeasureView { id: m.id, name: m.name, description: m.description, kind: m.kind.as_str().to_string(), unit: m.unit, multiply: m.multiply, improvement, target: m.target }
    }
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
#[allow(dead_code)] // documents the body; the handler reads the domain's `MeasureInput`
pub struct MeasureBody {
    /// E.g. "Staff turnover"; unique in the organisation.
    name: String,
    description: Option<String>,
    /// `proportion` (p chart), `rate` (u chart), `count` (c chart) or `value` (I chart).
    kind: String,
    /// What is plotted, e.g. "% of staff", "minutes".
    unit: String,
    /// 100 for a percentage, 1000 for "per 1,000"; default 1.
    multiply: Option<f64>,
    /// `increase`, `decrease` or empty.
    improvement: Option<String>,
    /// In plotted units; needs `improvement`.
    target: Option<f64>,
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ValueBody {
    /// The service's id, slug or name.
    service: String,
    /// `YYYY-MM`.
    month: String,
    value: f64,
    /// For proportions and rates; above zero.
    denominator: Option<f64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ValueSaved {
    pub service_id: i64,
    pub service_name: String,
    pub month: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Imported {
    pub imported: usize,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct MeasureChartView {
    pub measure: MeasureView,
    pub from: String,
    pub to: String,
    pub months: Vec<String>,
    pub labels: Vec<String>,
    /// Null when there are no values in the months yet.
    #[schema(value_type = Option<SpcAnswerView>)]
    pub answer: Option<SpcAnswer>,
}

/// Defines a measure (quality lead, safety officer or administrator).
#[utoipa::path(post, path = "/api/v1/measures", tag = "measurement", request_body = MeasureBody,
    responses((status = 201, body = MeasureView), (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn create(State(state): State<AppState>, ApiUser(user): ApiUser, ApiJson(input): ApiJson<MeasureInput>) -> Result<(StatusCode, Json<MeasureView>), ApiError> {
    let saved = measures::create(&state, &user, &input).await?;
    Ok((StatusCode::CREATED, Json(saved.into())))
}

/// The organisation's measures, by name.
#[utoipa::path(get, path = "/api/v1/measures", tag = "measurement", responses((status = 200, body = Vec<MeasureView>)), security(("bearer" = [])))]
pub async fn list(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Vec<MeasureView>>, ApiError> {
    Ok(Json(state.store.measures(user.organisation_id).await?.into_iter().map(MeasureView::from).collect()))
}

/// Saves one service's value for one month, replacing any earlier one
/// (the service's manager, or those who lead measurement).
#[utoipa::path(post, path = "/api/v1/measures/{id}/values", tag = "measurement", request_body = ValueBody,
    responses((status = 200, body = ValueSaved), (status = 404, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn enter_value(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, ApiJson(input): ApiJson<ValueInput>) -> Result<Json<ValueSaved>, ApiError> {
    let measure = measures::find(&state, &user, id).await?;
    let (service, month) = measures::enter_value(&state, &user, &measure, &input).await?;
    Ok(Json(ValueSaved { service_id: service.id.get(), service_name: service.name, month: month_text(month) }))
}

/// Imports values from CSV (`service,month,value[,denominator]`, header
/// first; service by id, slug or name). Every row is checked; if any is
/// wrong nothing is imported and the 422 lists each problem as
/// `rows[N].column` (the header is row 1).
#[utoipa::path(post, path = "/api/v1/measures/{id}/import", tag = "measurement", request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = Imported), (status = 404, body = crate::error::ErrorBody),
        (status = 422, description = "`fields` lists every problem by row and column; nothing was imported", body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn import(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, body: String) -> Result<Json<Imported>, ApiError> {
    let measure = measures::find(&state, &user, id).await?;
    let imported = measures::import_csv(&state, &user, &measure, &body).await?;
    Ok(Json(Imported { imported }))
}

/// A measure's chart over a service or the organisation (`service`, `from`, `to` as for the dashboard).
#[utoipa::path(get, path = "/api/v1/measures/{id}", tag = "measurement", params(crate::api::dashboard::DashboardParams),
    responses((status = 200, body = MeasureChartView), (status = 404, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn chart(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>, Query(query): Query<DashboardQuery>) -> Result<Json<MeasureChartView>, ApiError> {
    let measure = measures::find(&state, &user, id).await?;
    let zone = organisation_zone(&state, user.organisation_id).await?;
    let months = dashboard::months_of(&query, today_in(&zone)).map_err(AppError::Invalid)?;
    let scope = dashboard::scope_for(&state, &user, query.service.as_deref(), None).await?;
    let values = state.store.measure_values(measure.id, &scope.queue_scope, i64::from(months[0]), i64::from(months[months.len() - 1])).await?;
    let input = measures::series_input(&measure, &months, &values);
    let plotted = input.months.clone();
    let changes = crate::operations::change_points::changes_for(&state, user.organisation_id, scope.service_id).await?;
    let (mut series, _) = compute_all(vec![input], &changes);
    Ok(Json(MeasureChartView {
        measure: measure.into(),
        from: month_text(months[0]),
        to: month_text(months[months.len() - 1]),
        months: plotted.iter().map(|&m| month_text(m)).collect(),
        labels: plotted.iter().map(|&m| month_label(m)).collect(),
        answer: series.pop().map(|s| s.answer),
    }))
}
