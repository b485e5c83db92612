//! Checks a chart request and turns it into a plan the calculations can
//! trust: lengths agree, denominators are positive, positions exist, and
//! every part keeps enough points to set its limits.

use std::ops::Range;

use super::{ChartKind, Improvement, RuleSet, SpcRequest};
use crate::field_error::FieldErrors;

/// Values beyond this lose the precision limits need (and their squares
/// overflow), so they are refused rather than charted as nonsense.
const MAX_MAGNITUDE: f64 = 1e15;

/// A request that passed every check, positions turned 0-based.
pub(super) struct Plan {
    pub kind: ChartKind,
    /// The raw value of each point: y, or numerator ÷ denominator.
    pub values: Vec<f64>,
    /// Numerators and denominators of ratio charts; empty otherwise.
    pub numerator: Vec<f64>,
    pub denominator: Vec<f64>,
    /// The parts, in order, covering every point.
    pub parts: Vec<Range<usize>>,
    pub parts_given: bool,
    /// Points before this index set the limits (the whole series when unfrozen).
    pub baseline_end: usize,
    pub excluded: Vec<bool>,
    pub multiply: f64,
    pub screen_mr: bool,
    pub rules: RuleSet,
    pub improvement: Option<Improvement>,
    pub target: Option<f64>,
}

impl Plan {
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether point `i` counts towards the centre line and limits.
    pub fn in_baseline(&self, i: usize) -> bool {
        i < self.baseline_end && !self.excluded[i]
    }
}

pub(super) fn plan(request: &SpcRequest) -> Result<Plan, FieldErrors> {
    let mut errors = FieldErrors::default();
    let kind = request.chart;
    let values = series(request, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let (values, numerator, denominator) = values;
    let n = values.len();

    let multiply = request.multiply.unwrap_or(1.0);
    if !(multiply.is_finite() && multiply > 0.0) {
        errors.push("multiply", "must be a number above zero, e.g. 1000 for a rate per 1,000 or 100 for a percentage");
    }

    let mut excluded = vec![false; n];
    for &position in &request.exclude {
        if position == 0 || position > n {
            errors.push("exclude", format!("position {position} is not on the chart: positions run from 1 to {n}"));
        } else {
            excluded[position - 1] = true;
        }
    }

    let parts_given = !request.parts.is_empty();
    let mut parts = Vec::new();
    let mut start = 0;
    for (index, &position) in request.parts.iter().enumerate() {
        if position == 0 || position >= n {
            errors.push("parts", format!(
                "position {position} cannot end a part: a new part starts after a position from 1 to {}", n.saturating_sub(1)
            ));
            break;
        }
        if index > 0 && position <= request.parts[index - 1] {
            errors.push("parts", "positions must be in increasing order, each once");
            break;
        }
        parts.push(start..position);
        start = position;
    }
    parts.push(start..n);

    let mut baseline_end = n;
    if let Some(freeze) = request.freeze {
        if parts_given {
            errors.push("freeze", "cannot be combined with parts: each part sets its own limits from all its points");
        } else if freeze == 0 || freeze > n {
            errors.push("freeze", format!("must count between 1 and {n} baseline points"));
        } else {
            baseline_end = freeze;
        }
    }

    if request.screen_mr && !matches!(kind, ChartKind::I | ChartKind::Mr) {
        errors.push("screen_mr", format!("moving-range screening applies to i and mr charts, not to a {}", kind.label()));
    }
    let rules = request.rules.unwrap_or_default();
    if rules == RuleSet::Nhs && !kind.has_limits() {
        errors.push("rules", "the NHS rules need control limits: choose an i, c, p or u chart, or the anhoej or ihi rules");
    }
    if request.target.is_some() && request.improvement.is_none() {
        errors.push("improvement", "say whether an increase or a decrease is better, so the target can be judged");
    }
    if let Some(target) = request.target
        && !(target.is_finite() && target.abs() <= MAX_MAGNITUDE)
    {
        errors.push("target", "must be a number between -1e15 and 1e15");
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let plan = Plan {
        kind,
        values,
        numerator,
        denominator,
        parts,
        parts_given,
        baseline_end,
        excluded,
        multiply,
        screen_mr: request.screen_mr,
        rules,
        improvement: request.improvement,
        target: request.target,
    };
    check_enough_points(&plan)?;
    Ok(plan)
}

type Series = (Vec<f64>, Vec<f64>, Vec<f64>);

/// The values the chart is made of, from `y` or from numerator and denominator.
fn series(request: &SpcRequest, errors: &mut FieldErrors) -> Series {
    let kind = request.chart;
    let ratio_given = request.numerator.is_some() || request.denominator.is_some();
    let use_ratio = kind.takes_ratio() || (kind == ChartKind::Run && ratio_given && request.y.is_none());
    if !use_ratio {
        if ratio_given {
            errors.push("numerator", format!("a {} takes y, not numerator and denominator", kind.label()));
        }
        let Some(y) = &request.y else {
            errors.push("y", format!("a {} needs the values in y", kind.label()));
            return Default::default();
        };
        if y.is_empty() {
            errors.push("y", "needs at least one value");
        }
        for (i, &value) in y.iter().enumerate() {
            if !value.is_finite() {
                errors.push("y", format!("value at position {} is not a number", i + 1));
                break;
            }
            if value.abs() > MAX_MAGNITUDE {
                errors.push("y", format!("value at position {} is {value}: use values between -1e15 and 1e15", i + 1));
                break;
            }
            if kind == ChartKind::C && value < 0.0 {
                errors.push("y", format!("value at position {} is {value}: counts cannot be negative", i + 1));
                break;
            }
            if kind == ChartKind::T && value < 0.0 {
                errors.push("y", format!("value at position {} is {value}: days between events cannot be negative", i + 1));
                break;
            }
        }
        return (y.clone(), Vec::new(), Vec::new());
    }

    if request.y.is_some() {
        errors.push("y", format!("a {} takes numerator and denominator, not y", kind.label()));
    }
    let (Some(numerator), Some(denominator)) = (&request.numerator, &request.denominator) else {
        let missing = if request.numerator.is_none() { "numerator" } else { "denominator" };
        errors.push(missing, format!("a {} needs both numerator and denominator", kind.label()));
        return Default::default();
    };
    if numerator.is_empty() {
        errors.push("numerator", "needs at least one value");
    }
    if numerator.len() != denominator.len() {
        errors.push("denominator", format!(
            "has {} values but numerator has {}: give one of each per point", denominator.len(), numerator.len()
        ));
        return Default::default();
    }
    for (i, (&top, &bottom)) in numerator.iter().zip(denominator).enumerate() {
        let position = i + 1;
        if !(bottom.is_finite() && bottom > 0.0) {
            errors.push("denominator", format!("value at position {position} is {bottom}: denominators must be above zero"));
            break;
        }
        if !(top.is_finite() && top >= 0.0) {
            errors.push("numerator", format!("value at position {position} is {top}: numerators cannot be negative"));
            break;
        }
        if top > MAX_MAGNITUDE || bottom > MAX_MAGNITUDE {
            let (field, value) = if top > MAX_MAGNITUDE { ("numerator", top) } else { ("denominator", bottom) };
            errors.push(field, format!("value at position {position} is {value}: use values up to 1e15"));
            break;
        }
        if kind.is_proportion() && top > bottom {
            errors.push("numerator", format!(
                "value at position {position} is {top}, more than its denominator {bottom}: a proportion cannot exceed the whole"
            ));
            break;
        }
    }
    if !errors.is_empty() {
        return Default::default();
    }
    let values = numerator.iter().zip(denominator).map(|(top, bottom)| top / bottom).collect();
    (values, numerator.clone(), denominator.clone())
}

/// Every part needs one baseline point, two for charts built on moving ranges.
fn check_enough_points(plan: &Plan) -> Result<(), FieldErrors> {
    let needed = if plan.kind.needs_moving_range() { 2 } else { 1 };
    let series_field = if plan.kind.takes_ratio() { "numerator" } else { "y" };
    let mut errors = FieldErrors::default();
    for (index, part) in plan.parts.iter().enumerate() {
        let baseline = part.clone().filter(|&i| plan.in_baseline(i)).count();
        if baseline >= needed {
            continue;
        }
        // Name the option that took the points away.
        let field = if part.len() < needed {
            if plan.parts_given { "parts" } else { series_field }
        } else if part.clone().filter(|&i| !plan.excluded[i]).count() < needed {
            "exclude"
        } else {
            "freeze"
        };
        let where_ = if plan.parts_given { format!("part {} (positions {}–{})", index + 1, part.start + 1, part.end) } else { "the chart".to_string() };
        errors.push(field, format!(
            "too few points: {where_} has {baseline} point{} to set its limits; a {} needs at least {needed}",
            if baseline == 1 { "" } else { "s" },
            plan.kind.label()
        ));
        break;
    }
    errors.into_result(())
}

#[cfg(test)]
mod tests {
    use super::super::{ChartKind, RuleSet, SpcRequest, compute};

    fn problem(request: &SpcRequest) -> (String, String) {
        let errors = compute(request).unwrap_err();
        let first = errors.first().unwrap();
        (first.field.clone(), first.message.clone())
    }

    #[test]
    fn lengths_that_differ_name_the_denominator() {
        let (field, message) = problem(&SpcRequest::of_ratio(ChartKind::P, vec![1.0, 2.0, 3.0], vec![10.0, 10.0]));
        assert_eq!(field, "denominator");
        assert!(message.contains("has 2 values but numerator has 3"), "{message}");
    }

    #[test]
    fn a_zero_or_negative_denominator_is_named_with_its_position() {
        for bad in [0.0, -5.0] {
            let (field, message) = problem(&SpcRequest::of_ratio(ChartKind::U, vec![1.0, 2.0, 3.0], vec![10.0, bad, 10.0]));
            assert_eq!(field, "denominator");
            assert!(message.starts_with("denominator: value at position 2"), "{message}");
        }
    }

    #[test]
    fn a_proportion_cannot_exceed_its_denominator_nor_a_count_be_negative() {
        assert_eq!(problem(&SpcRequest::of_ratio(ChartKind::P, vec![11.0], vec![10.0])).0, "numerator");
        assert_eq!(problem(&SpcRequest::of_values(ChartKind::C, vec![1.0, -1.0])).0, "y");
        // A rate may exceed one.
        assert!(compute(&SpcRequest::of_ratio(ChartKind::U, vec![11.0], vec![10.0])).is_ok());
    }

    #[test]
    fn the_wrong_inputs_for_the_chart_are_named() {
        assert_eq!(problem(&SpcRequest::of_values(ChartKind::P, vec![1.0])).0, "y");
        assert_eq!(problem(&SpcRequest::of_ratio(ChartKind::I, vec![1.0], vec![2.0])).0, "numerator");
        assert_eq!(problem(&SpcRequest::of_values(ChartKind::I, vec![])).0, "y");
        let mut missing = SpcRequest::of_ratio(ChartKind::P, vec![1.0], vec![2.0]);
        missing.denominator = None;
        assert_eq!(problem(&missing).0, "denominator");
    }

    #[test]
    fn too_few_points_name_the_option_that_took_them_away() {
        let y = vec![1.0, 2.0, 3.0, 4.0];
        let mut request = SpcRequest::of_values(ChartKind::I, y.clone());
        request.freeze = Some(1);
        assert_eq!(problem(&request).0, "freeze");
        let mut request = SpcRequest::of_values(ChartKind::I, y.clone());
        request.exclude = vec![1, 2, 3];
        assert_eq!(problem(&request).0, "exclude");
        let mut request = SpcRequest::of_values(ChartKind::I, y.clone());
        request.parts = vec![3];
        let (field, message) = problem(&request);
        assert_eq!(field, "parts");
        assert!(message.contains("part 2 (positions 4–4)"), "{message}");
    }

    #[test]
    fn positions_must_exist_and_parts_must_increase() {
        let y = vec![1.0, 2.0, 3.0, 4.0];
        let mut request = SpcRequest::of_values(ChartKind::C, y.clone());
        request.exclude = vec![5];
        assert_eq!(problem(&request).0, "exclude");
        for parts in [vec![0], vec![4], vec![2, 2], vec![3, 1]] {
            let mut request = SpcRequest::of_values(ChartKind::C, y.clone());
            request.parts = parts.clone();
            assert_eq!(problem(&request).0, "parts", "{parts:?}");
        }
        let mut request = SpcRequest::of_values(ChartKind::C, y.clone());
        request.freeze = Some(5);
        assert_eq!(problem(&request).0, "freeze");
        let mut request = SpcRequest::of_values(ChartKind::C, y);
        request.freeze = Some(2);
        request.parts = vec![2];
        assert_eq!(problem(&request).0, "freeze");
    }

    #[test]
    fn options_that_do_not_fit_the_chart_are_refused() {
        let mut request = SpcRequest::of_values(ChartKind::C, vec![1.0, 2.0]);
        request.screen_mr = true;
        assert_eq!(problem(&request).0, "screen_mr");
        let mut request = SpcRequest::of_values(ChartKind::Run, vec![1.0, 2.0]);
        request.rules = Some(RuleSet::Nhs);
        assert_eq!(problem(&request).0, "rules");
        let mut request = SpcRequest::of_values(ChartKind::I, vec![1.0, 2.0]);
        request.target = Some(1.0);
        assert_eq!(problem(&request).0, "improvement");
        let mut request = SpcRequest::of_values(ChartKind::I, vec![1.0, 2.0]);
        request.multiply = Some(0.0);
        assert_eq!(problem(&request).0, "multiply");
    }
}
