//! `GET /api/v1/dashboard`: the reporting-culture dashboard's series and
//! their SPC answers, for a team, a service or the organisation.

use learnloop_domain::ids::{ServiceId, TeamId};
use axum::Json;
use axum::extract::{Query, State};
use learnloop_domain::restrictive_practice::month_text;
use learnloop_domain::spc::SpcAnswer;
use serde::{Deserialize, Serialize};

use crate::api::spc::SpcAnswerView;
use crate::auth::ApiUser;
use crate::operations::dashboard::{self, DashboardQuery, Series};
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the query; the handler reads `DashboardQuery`
pub struct DashboardParams {
    /// A service's id or slug; omit for the whole organisation.
    service: Option<String>,
    /// A team's id (or its slug, with `service`); omit for the whole service.
    /// A team's dashboard counts the reports made about that team; rates
    /// and restrictive practice are kept per service and are left out.
    team: Option<String>,
    /// First month, `YYYY-MM` (default: 18 complete months back).
    from: Option<String>,
    /// Last month, `YYYY-MM` (default: last month).
    to: Option<String>,
    /// A report category, e.g. `medication`.
    category: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct DashboardView {
    /// The service's id, or null for the organisation.
    pub service_id: Option<i64>,
    /// The team's id, or null for a whole service or the organisation.
    pub team_id: Option<i64>,
    pub scope_name: String,
    pub from: String,
    pub to: String,
    pub category: Option<String>,
    pub series: Vec<SeriesView>,
    /// Measures left out, with why.
    pub not_shown: Vec<NotShownView>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SeriesView {
    /// Stable key, e.g. `reports`, `near_miss_share`, `time_to_thanks`, `measure-12`.
    pub key: String,
    pub title: String,
    pub unit: String,
    /// `increase` or `decrease`: which way is better; null when neither.
    pub improvement: Option<String>,
    /// `run`, `i`, `mr`, `p`, `u`, `c`, `pp`, `up`, or `t` for rare events
    /// (restrictive practice in mostly empty months: each point the days
    /// since the restriction before; `run` while there is a single gap).
    pub chart: String,
    /// `YYYY-MM` of each point (on a `t` chart, the month of each event).
    pub months: Vec<String>,
    /// "Mar 2026" of each point (on a `t` chart, the event's day, "3 Nov 2026").
    pub labels: Vec<String>,
    /// The numbers charted, for rates and proportions.
    pub numerator: Option<Vec<f64>>,
    pub denominator: Option<Vec<f64>>,
    #[schema(value_type = SpcAnswerView)]
    pub answer: SpcAnswer,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct NotShownView {
    pub title: String,
    pub reason: String,
}

/// Every measure of reporting and the learning loop by month, each with its
/// SPC chart: counts (c), rates per 1,000 bed days or per 10 staff (u),
/// shares (p), times to thanks and feedback (I), actions, restrictive practice
/// (for those who oversee it; days between restrictions, a t chart, when most
/// months have none). Each chart starts a new phase (`answer.parts`) at the
/// month of each recorded change of the organisation or the service, with
/// limits from that phase's own months. Aggregates only.
#[utoipa::path(get, path = "/api/v1/dashboard", tag = "measurement", params(DashboardParams),
    responses((status = 200, body = DashboardView), (status = 401, body = crate::error::ErrorBody),
        (status = 422, description = "A month, service, team or category to fix; `field` names it", body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn show(State(state): State<AppState>, ApiUser(user): ApiUser, Query(query): Query<DashboardQuery>) -> Result<Json<DashboardView>, ApiError> {
    let found = dashboard::build(&state, &user, &query).await?;
    Ok(Json(DashboardView {
        service_id: found.scope.service_id.map(ServiceId::get),
        team_id: found.scope.team_id.map(TeamId::get),
        scope_name: found.scope.name,
        from: found.from,
        to: found.to,
        category: found.category.map(|c| c.as_str().to_string()),
        series: found
            .series
            .into_iter()
            .map(|Series { input, answer, labels, .. }| SeriesView {
                improvement: input.improvement.map(|i| format!("{i:?}").to_lowercase()),
                chart: answer.chart.code().to_string(),
                months: input.months.iter().map(|&m| month_text(m)).collect(),
                labels,
                key: input.key,
                title: input.title,
                unit: input.unit,
                numerator: input.request.numerator,
                denominator: input.request.denominator,
                answer,
            })
            .collect(),
        not_shown: found.not_shown.into_iter().map(|(title, reason)| NotShownView { title, reason }).collect(),
    }))
}
