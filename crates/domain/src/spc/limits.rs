//! Centre lines and control limits, part by part. Each chart's spread is
//! estimated from the baseline points only (not excluded, not after the
//! freeze), then drawn across the whole part.

use std::ops::Range;

use super::ChartKind;
use super::validate::Plan;

/// d2 for moving ranges of two: the average moving range is 1.128 σ.
const D2: f64 = 1.128;
/// D4 for moving ranges of two: the MR chart's upper limit is 3.267 × MR̄.
const D4: f64 = 3.267;

/// Every line of the chart, in raw units (before `multiply`).
pub(super) struct Lines {
    /// The plotted value; `None` for the first moving range of a part.
    pub plotted: Vec<Option<f64>>,
    pub cl: Vec<f64>,
    /// The limits as drawn: clamped at zero for counts and rates, at one for proportions.
    pub lcl: Vec<Option<f64>>,
    pub ucl: Vec<Option<f64>>,
    /// The limits before clamping, for rules that measure closeness to a limit.
    pub raw_lcl: Vec<Option<f64>>,
    pub raw_ucl: Vec<Option<f64>>,
    /// How many points set each part's limits.
    pub baseline_counts: Vec<usize>,
}

pub(super) fn compute_lines(plan: &Plan, warnings: &mut Vec<String>) -> Lines {
    let n = plan.len();
    let mut lines = Lines {
        plotted: plan.values.iter().map(|&v| Some(v)).collect(),
        cl: vec![0.0; n],
        lcl: vec![None; n],
        ucl: vec![None; n],
        raw_lcl: vec![None; n],
        raw_ucl: vec![None; n],
        baseline_counts: Vec::with_capacity(plan.parts.len()),
    };
    let mut screened_out = 0;
    for part in &plan.parts {
        lines.baseline_counts.push(part.clone().filter(|&i| plan.in_baseline(i)).count());
        match plan.kind {
            ChartKind::Run => run_part(plan, part.clone(), &mut lines),
            ChartKind::I => screened_out += individuals_part(plan, part.clone(), &mut lines),
            ChartKind::Mr => screened_out += moving_range_part(plan, part.clone(), &mut lines),
            ChartKind::C => counts_part(plan, part.clone(), &mut lines),
            ChartKind::P | ChartKind::U | ChartKind::Pp | ChartKind::Up => ratio_part(plan, part.clone(), &mut lines),
            ChartKind::T => time_between_part(plan, part.clone(), &mut lines),
        }
    }
    if screened_out > 0 {
        warnings.push(format!(
            "{screened_out} moving range{} above 3.267 × the average {} left out of the limits (screening).",
            if screened_out == 1 { "" } else { "s" },
            if screened_out == 1 { "was" } else { "were" }
        ));
    }
    clamp(plan.kind, &mut lines);
    lines
}

/// Limits as drawn: a count, rate or range cannot go below zero, a proportion above one.
fn clamp(kind: ChartKind, lines: &mut Lines) {
    let floor = if kind == ChartKind::I { f64::NEG_INFINITY } else { 0.0 };
    let ceiling = if kind.is_proportion() { 1.0 } else { f64::INFINITY };
    for i in 0..lines.cl.len() {
        lines.lcl[i] = lines.raw_lcl[i].map(|v| v.max(floor));
        lines.ucl[i] = lines.raw_ucl[i].map(|v| v.min(ceiling));
    }
}

fn baseline_values(plan: &Plan, part: Range<usize>) -> Vec<f64> {
    part.filter(|&i| plan.in_baseline(i)).map(|i| plan.values[i]).collect()
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// The median, as R's `median`: the mean of the middle two for an even count.
pub(super) fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len() % 2 == 1 { values[middle] } else { (values[middle - 1] + values[middle]) / 2.0 }
}

fn set_limits(lines: &mut Lines, i: usize, cl: f64, sigma: f64) {
    lines.cl[i] = cl;
    lines.raw_lcl[i] = Some(cl - 3.0 * sigma);
    lines.raw_ucl[i] = Some(cl + 3.0 * sigma);
}

fn run_part(plan: &Plan, part: Range<usize>, lines: &mut Lines) {
    let cl = median(&mut baseline_values(plan, part.clone()));
    for i in part {
        lines.cl[i] = cl;
    }
}

/// Moving ranges between consecutive baseline points. An excluded point is
/// taken out first, so the range spans the gap: qcc and qicharts2 do the
/// same, and Montgomery's viscosity example (batch 4 removed) needs it.
fn baseline_moving_ranges(plan: &Plan, part: Range<usize>) -> Vec<f64> {
    baseline_values(plan, part).windows(2).map(|pair| (pair[1] - pair[0]).abs()).collect()
}

/// The average moving range, after screening if asked: ranges of 3.267 ×
/// the average or more are dropped once (Nelson; qicharts2 `method = "screen"`).
/// Returns the average and how many ranges were dropped.
fn average_moving_range(plan: &Plan, part: Range<usize>) -> (f64, usize) {
    let ranges = baseline_moving_ranges(plan, part);
    let average = mean(&ranges);
    if !plan.screen_mr || average == 0.0 {
        return (average, 0);
    }
    let kept: Vec<f64> = ranges.iter().copied().filter(|&range| range < D4 * average).collect();
    (mean(&kept), ranges.len() - kept.len())
}

fn individuals_part(plan: &Plan, part: Range<usize>, lines: &mut Lines) -> usize {
    let cl = mean(&baseline_values(plan, part.clone()));
    let (average_range, screened_out) = average_moving_range(plan, part.clone());
    let sigma = average_range / D2;
    for i in part {
        set_limits(lines, i, cl, sigma);
    }
    screened_out
}

fn moving_range_part(plan: &Plan, part: Range<usize>, lines: &mut Lines) -> usize {
    let (average_range, screened_out) = average_moving_range(plan, part.clone());
    for i in part.clone() {
        lines.plotted[i] = if i == part.start { None } else { Some((plan.values[i] - plan.values[i - 1]).abs()) };
        lines.cl[i] = average_range;
        lines.raw_lcl[i] = Some(0.0);
        lines.raw_ucl[i] = Some(D4 * average_range);
    }
    screened_out
}

/// Nelson's exponent: days between events raised to 1/3.6 are close enough
/// to normal for an I chart (Nelson 1994, "A control chart for parts-per-million
/// nonconforming items"; qicharts2 and NHS Making Data Count do the same).
const T_EXPONENT: f64 = 3.6;

/// t chart: an I chart of the transformed days, its lines drawn back in days.
/// Back in days the centre line and limits are no longer symmetric, but every
/// point stays on the same side of them, so the rules read the same.
fn time_between_part(plan: &Plan, part: Range<usize>, lines: &mut Lines) {
    let transformed: Vec<f64> = baseline_values(plan, part.clone()).iter().map(|days| days.powf(1.0 / T_EXPONENT)).collect();
    let cl = mean(&transformed);
    let ranges: Vec<f64> = transformed.windows(2).map(|pair| (pair[1] - pair[0]).abs()).collect();
    let sigma = mean(&ranges) / D2;
    let in_days = |value: f64| value.max(0.0).powf(T_EXPONENT);
    for i in part {
        lines.cl[i] = in_days(cl);
        lines.raw_lcl[i] = Some(in_days(cl - 3.0 * sigma));
        lines.raw_ucl[i] = Some(in_days(cl + 3.0 * sigma));
    }
}

fn counts_part(plan: &Plan, part: Range<usize>, lines: &mut Lines) {
    let cl = mean(&baseline_values(plan, part.clone()));
    let sigma = cl.sqrt();
    for i in part {
        set_limits(lines, i, cl, sigma);
    }
}

/// p, u, p′ and u′: the centre is the pooled ratio Σnumerator ÷ Σdenominator
/// and each point's limits widen as its denominator shrinks.
fn ratio_part(plan: &Plan, part: Range<usize>, lines: &mut Lines) {
    let (mut top, mut bottom) = (0.0, 0.0);
    for i in part.clone().filter(|&i| plan.in_baseline(i)) {
        top += plan.numerator[i];
        bottom += plan.denominator[i];
    }
    let cl = top / bottom;
    let proportion = plan.kind.is_proportion();
    let sigma_at = |i: usize| {
        let variance = if proportion { cl * (1.0 - cl) } else { cl };
        (variance.max(0.0) / plan.denominator[i]).sqrt()
    };
    let laney = if matches!(plan.kind, ChartKind::Pp | ChartKind::Up) { laney_sigma_z(plan, part.clone(), cl, sigma_at) } else { 1.0 };
    for i in part {
        set_limits(lines, i, cl, sigma_at(i) * laney);
    }
}

/// Laney (2002): the spread of the points' z-scores between periods, σz =
/// average moving range of z ÷ 1.128, which scales the p or u limits so
/// large denominators do not make every point a signal. The z-scores are
/// taken over baseline points in order, skipping excluded ones (qicharts2).
fn laney_sigma_z(plan: &Plan, part: Range<usize>, cl: f64, sigma_at: impl Fn(usize) -> f64) -> f64 {
    let z: Vec<f64> = part
        .filter(|&i| plan.in_baseline(i))
        .map(|i| {
            let sigma = sigma_at(i);
            if sigma > 0.0 { (plan.values[i] - cl) / sigma } else { 0.0 }
        })
        .collect();
    let ranges: Vec<f64> = z.windows(2).map(|pair| (pair[1] - pair[0]).abs()).collect();
    mean(&ranges) / D2
}

#[cfg(test)]
mod tests {
    use super::super::{ChartKind, Rule, RuleSet, SpcRequest, compute};

    /// The centre line is the mean of the days^(1/3.6), drawn back in days;
    /// a long gap above the upper limit signals, as fewer events would.
    #[test]
    fn t_chart_limits_come_from_transformed_days() {
        let days = vec![10.0, 14.0, 9.0, 12.0, 11.0, 13.0, 10.0, 12.0, 9.0, 11.0, 12.0, 10.0];
        let answer = compute(&SpcRequest::of_values(ChartKind::T, days.clone())).unwrap();
        let transformed: Vec<f64> = days.iter().map(|d: &f64| d.powf(1.0 / 3.6)).collect();
        let mean = transformed.iter().sum::<f64>() / 12.0;
        assert!((answer.points[0].cl - mean.powf(3.6)).abs() < 1e-9, "{:?}", answer.points[0]);
        let (lcl, ucl) = (answer.points[0].lcl.unwrap(), answer.points[0].ucl.unwrap());
        assert!((0.0..9.0).contains(&lcl) && ucl > 14.0, "{lcl} {ucl}");
        assert!(ucl - answer.points[0].cl > answer.points[0].cl - lcl, "skewed: longer above than below");

        let mut request = SpcRequest::of_values(ChartKind::T, [days, vec![90.0]].concat());
        request.freeze = Some(12);
        request.rules = Some(RuleSet::Nhs);
        let answer = compute(&request).unwrap();
        assert_eq!(answer.points[12].rule, Some(Rule::OutsideLimits));
        assert!(compute(&SpcRequest::of_values(ChartKind::T, vec![3.0, -1.0])).is_err(), "days cannot be negative");
    }
}
