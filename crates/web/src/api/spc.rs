//! `POST /api/v1/spc`: a chart computed on the spot from posted numbers,
//! nothing stored. The same answer as `learnloop spc`.

use axum::Json;
use learnloop_domain::spc::{self, SpcAnswer, SpcRequest};
use serde::{Deserialize, Serialize};

use crate::api::json::ApiJson;
use crate::auth::ApiUser;
use crate::error::{ApiError, AppError};

/// A series to chart. Positions count from 1.
#[derive(Deserialize, utoipa::ToSchema)]
#[allow(dead_code)] // documents the body; the handler reads the domain's `SpcRequest`
pub struct SpcBody {
    /// `run`, `i`, `mr`, `p`, `u`, `c`, `pp` (Laney p′), `up` (Laney u′) or
    /// `t` (rare events: each value the days since the event before; limits
    /// from the days raised to 1/3.6, drawn back in days).
    chart: String,
    /// The values, for run, i, mr, c and t charts.
    y: Option<Vec<f64>>,
    /// For p, u, pp and up charts (and run charts of a ratio): one per point.
    numerator: Option<Vec<f64>>,
    /// Above zero; as many as the numerators.
    denominator: Option<Vec<f64>>,
    /// The count of baseline points: limits from the first `freeze` points only.
    freeze: Option<usize>,
    /// Phases: positions after which a new part starts, each with its own
    /// centre line and limits, e.g. after a known change (a new way of
    /// working); the variation icon reads the latest part.
    parts: Option<Vec<usize>>,
    /// Positions shown but left out of the calculation.
    exclude: Option<Vec<usize>>,
    /// Scales plotted values, e.g. 1000 for "per 1,000 bed days".
    multiply: Option<f64>,
    /// i and mr charts: leave moving ranges above 3.267 × the average out of the limits.
    screen_mr: Option<bool>,
    /// `anhoej` (default), `ihi`, or `nhs` (Making Data Count; charts with limits).
    rules: Option<String>,
    /// `increase` or `decrease`: which way is better.
    improvement: Option<String>,
    /// In plotted units; with `improvement`, gives the assurance icon.
    target: Option<f64>,
}

#[derive(Serialize, utoipa::ToSchema)]
#[allow(dead_code)]
pub struct SpcPointView {
    /// The plotted value (after `multiply`); null for each part's first moving range.
    y: Option<f64>,
    cl: f64,
    /// Null on run charts.
    lcl: Option<f64>,
    ucl: Option<f64>,
    signal: bool,
    /// `outside_limits`, `long_run`, `shift`, `trend` or `two_of_three`.
    rule: Option<String>,
    excluded: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
#[allow(dead_code)]
pub struct RunsView {
    n_useful: usize,
    longest_run: usize,
    /// Null when no point is off the centre line.
    longest_run_max: Option<usize>,
    crossings: usize,
    crossings_min: Option<usize>,
    signal: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
#[allow(dead_code)]
pub struct PartView {
    /// Positions of the part's first and last points.
    first: usize,
    last: usize,
    n_useful: usize,
    longest_run: usize,
    longest_run_max: Option<usize>,
    crossings: usize,
    crossings_min: Option<usize>,
    signal: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
#[allow(dead_code)]
pub struct SpcAnswerView {
    chart: String,
    points: Vec<SpcPointView>,
    /// When no parts were given.
    runs: Option<RunsView>,
    /// One runs analysis per part, when parts were given.
    parts: Option<Vec<PartView>>,
    /// Fewer than 12 points set some part's limits.
    trial_limits: bool,
    /// `common_cause`, `special_cause_improvement`, `special_cause_concern`, `special_cause_high` or `special_cause_low`.
    variation: String,
    /// `pass`, `fail` or `inconsistent`; null without a target.
    assurance: Option<String>,
    warnings: Vec<String>,
}

/// Computes a statistical process control chart from the posted series:
/// centre line, limits, signals by rule, runs analysis per part, and the
/// NHS variation and assurance icons. Stores nothing.
#[utoipa::path(post, path = "/api/v1/spc", tag = "measurement", request_body = SpcBody,
    responses((status = 200, body = SpcAnswerView), (status = 401, body = crate::error::ErrorBody),
        (status = 422, description = "Lengths differ, a denominator is not above zero, too few points, or an option out of range; `field` names it", body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn compute(_user: ApiUser, ApiJson(request): ApiJson<SpcRequest>) -> Result<Json<SpcAnswer>, ApiError> {
    spc::compute(&request).map(Json).map_err(|errors| ApiError(AppError::Invalid(errors)))
}
