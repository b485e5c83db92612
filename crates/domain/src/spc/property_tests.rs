//! Properties every chart must keep, whatever the data: the edge cases
//! (all points on the centre line, a single part, zero counts, one point)
//! and the invariants (limits around the centre, nothing lost, nothing NaN).

use proptest::prelude::*;

use super::*;

const ALL_KINDS: [ChartKind; 8] =
    [ChartKind::Run, ChartKind::I, ChartKind::Mr, ChartKind::P, ChartKind::U, ChartKind::C, ChartKind::Pp, ChartKind::Up];

/// A valid request of any kind over `counts` (numerators) and `sizes`.
fn request_for(kind: ChartKind, counts: &[u32], sizes: &[u32]) -> SpcRequest {
    if kind.takes_ratio() {
        let denominator: Vec<f64> = sizes.iter().map(|&s| f64::from(s)).collect();
        let numerator: Vec<f64> = counts.iter().zip(&denominator).map(|(&c, &d)| f64::from(c).min(d)).collect();
        SpcRequest::of_ratio(kind, numerator, denominator)
    } else {
        SpcRequest::of_values(kind, counts.iter().map(|&c| f64::from(c)).collect())
    }
}

fn series() -> impl Strategy<Value = (Vec<u32>, Vec<u32>)> {
    (2usize..60).prop_flat_map(|n| (prop::collection::vec(0u32..200, n), prop::collection::vec(1u32..400, n)))
}

fn kind() -> impl Strategy<Value = ChartKind> {
    prop::sample::select(ALL_KINDS.to_vec())
}

fn rules() -> impl Strategy<Value = RuleSet> {
    prop::sample::select(vec![RuleSet::Anhoej, RuleSet::Ihi, RuleSet::Nhs])
}

proptest! {
    #[test]
    fn every_point_comes_back_with_limits_around_its_centre_line(kind in kind(), (counts, sizes) in series(), rules in rules()) {
        let mut request = request_for(kind, &counts, &sizes);
        request.rules = Some(if kind == ChartKind::Run && rules == RuleSet::Nhs { RuleSet::Ihi } else { rules });
        let answer = compute(&request).unwrap();
        prop_assert_eq!(answer.points.len(), counts.len());
        for point in &answer.points {
            prop_assert!(point.cl.is_finite());
            prop_assert!(point.y.is_none_or(f64::is_finite));
            match (point.lcl, point.ucl) {
                (Some(lcl), Some(ucl)) => prop_assert!(lcl <= point.cl + 1e-12 && point.cl <= ucl + 1e-12, "{:?}", point),
                (None, None) => prop_assert_eq!(kind, ChartKind::Run),
                _ => prop_assert!(false, "one limit without the other: {:?}", point),
            }
            prop_assert_eq!(point.signal, point.rule.is_some());
        }
        let runs = answer.runs.as_ref().unwrap();
        prop_assert_eq!(runs.signal, runs.long_run() || runs.few_crossings());
    }

    #[test]
    fn multiply_scales_every_line_and_changes_no_signal(kind in kind(), (counts, sizes) in series(), factor in 1u32..5000) {
        let plain = compute(&request_for(kind, &counts, &sizes)).unwrap();
        let mut scaled_request = request_for(kind, &counts, &sizes);
        scaled_request.multiply = Some(f64::from(factor));
        let scaled = compute(&scaled_request).unwrap();
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(1.0);
        for (a, b) in plain.points.iter().zip(&scaled.points) {
            prop_assert!(close(a.cl * f64::from(factor), b.cl));
            prop_assert_eq!(a.y.is_some(), b.y.is_some());
            if let (Some(ay), Some(by)) = (a.y, b.y) { prop_assert!(close(ay * f64::from(factor), by)); }
            if let (Some(al), Some(bl)) = (a.ucl, b.ucl) { prop_assert!(close(al * f64::from(factor), bl)); }
            prop_assert_eq!(a.rule, b.rule);
        }
    }

    /// A part's lines depend on its own points only: the same as charting the part alone.
    #[test]
    fn each_part_matches_its_points_charted_alone(kind in kind(), (counts, sizes) in series(), cut in any::<prop::sample::Index>()) {
        let n = counts.len();
        let needed = if matches!(kind, ChartKind::I | ChartKind::Mr | ChartKind::Pp | ChartKind::Up) { 2 } else { 1 };
        prop_assume!(n >= 2 * needed);
        let position = needed + cut.index(n - 2 * needed + 1); // each side keeps `needed`
        let mut request = request_for(kind, &counts, &sizes);
        request.parts = vec![position];
        let whole = compute(&request).unwrap();
        let parts = whole.parts.as_ref().unwrap();
        prop_assert_eq!(parts.len(), 2);
        prop_assert_eq!((parts[0].first, parts[0].last, parts[1].first, parts[1].last), (1, position, position + 1, n));
        let first = compute(&request_for(kind, &counts[..position], &sizes[..position])).unwrap();
        let second = compute(&request_for(kind, &counts[position..], &sizes[position..])).unwrap();
        for (a, b) in whole.points.iter().zip(first.points.iter().chain(&second.points)) {
            prop_assert_eq!((a.y, a.cl, a.lcl, a.ucl), (b.y, b.cl, b.lcl, b.ucl));
        }
        prop_assert_eq!(&parts[0].runs, first.runs.as_ref().unwrap());
        prop_assert_eq!(&parts[1].runs, second.runs.as_ref().unwrap());
    }

    #[test]
    fn excluded_points_are_shown_but_never_signal(kind in kind(), (counts, sizes) in series(), pick in any::<prop::sample::Index>()) {
        let n = counts.len();
        prop_assume!(n >= 4);
        let position = pick.index(n) + 1;
        let mut request = request_for(kind, &counts, &sizes);
        request.exclude = vec![position];
        let answer = compute(&request).unwrap();
        let point = &answer.points[position - 1];
        prop_assert!(point.excluded && !point.signal);
        prop_assert_eq!(answer.points.iter().filter(|p| p.excluded).count(), 1);
    }

    #[test]
    fn freezing_at_the_last_point_changes_nothing(kind in kind(), (counts, sizes) in series()) {
        let plain = compute(&request_for(kind, &counts, &sizes)).unwrap();
        let mut frozen = request_for(kind, &counts, &sizes);
        frozen.freeze = Some(counts.len());
        prop_assert_eq!(plain, compute(&frozen).unwrap());
    }

    /// All points on the centre line: nothing useful for the runs analysis,
    /// no signal, and limits that are finite.
    #[test]
    fn a_flat_series_never_signals(kind in kind(), value in 0u32..50, n in 1usize..40, rules in rules()) {
        prop_assume!(n >= 2 || !matches!(kind, ChartKind::I | ChartKind::Mr | ChartKind::Pp | ChartKind::Up));
        let mut request = request_for(kind, &vec![value; n], &vec![100; n]);
        request.rules = Some(if kind == ChartKind::Run && rules == RuleSet::Nhs { RuleSet::Anhoej } else { rules });
        let answer = compute(&request).unwrap();
        prop_assert!(answer.points.iter().all(|p| !p.signal), "{:?}", answer.points);
        let runs = answer.runs.as_ref().unwrap();
        prop_assert_eq!((runs.n_useful, runs.longest_run, runs.crossings, runs.signal), (0, 0, 0, false));
        prop_assert_eq!(runs.longest_run_max, None);
        prop_assert_eq!(answer.variation, Variation::CommonCause);
    }
}

#[test]
fn zero_counts_give_zero_lines_not_nan() {
    for kind in [ChartKind::C, ChartKind::P, ChartKind::U, ChartKind::Pp, ChartKind::Up, ChartKind::I, ChartKind::Run] {
        let answer = compute(&request_for(kind, &[0; 6], &[10; 6])).unwrap();
        for point in &answer.points {
            assert_eq!((point.y, point.cl), (Some(0.0), 0.0), "{kind:?}");
            if kind.has_limits() {
                assert_eq!((point.lcl, point.ucl), (Some(0.0), Some(0.0)), "{kind:?}");
            }
            assert!(!point.signal);
        }
    }
}

#[test]
fn one_point_is_a_chart_for_run_c_p_and_u_and_too_few_for_moving_ranges() {
    for kind in [ChartKind::Run, ChartKind::C, ChartKind::P, ChartKind::U] {
        let answer = compute(&request_for(kind, &[4], &[20])).unwrap();
        assert_eq!(answer.points.len(), 1, "{kind:?}");
        assert_eq!(answer.runs.as_ref().unwrap().n_useful, 0);
        assert_eq!(answer.trial_limits, kind.has_limits());
    }
    for (kind, field) in [(ChartKind::I, "y"), (ChartKind::Mr, "y"), (ChartKind::Pp, "numerator"), (ChartKind::Up, "numerator")] {
        let errors = compute(&request_for(kind, &[4], &[20])).unwrap_err();
        let message = errors.for_field(field).unwrap_or_else(|| panic!("{kind:?}: {errors}"));
        assert!(message.starts_with(&format!("{field}: too few points")), "{message}");
    }
}

#[test]
fn trial_limits_are_flagged_under_twelve_points_only() {
    let eleven = compute(&SpcRequest::of_values(ChartKind::I, (0..11).map(f64::from).collect())).unwrap();
    assert!(eleven.trial_limits && eleven.warnings[0].starts_with("Trial limits: 11 points"));
    let twelve = compute(&SpcRequest::of_values(ChartKind::I, (0..12).map(f64::from).collect())).unwrap();
    assert!(!twelve.trial_limits && twelve.warnings.is_empty());
}

/// Ten months around 5, then ten around 8.5: a sustained rise. Both the
/// Anhøj rules (run of 10 > 7, 1 crossing < 6) and the IHI shift see it.
#[test]
fn a_sustained_rise_signals_on_a_run_chart() {
    let y: Vec<f64> = [4.0, 6.0].repeat(5).into_iter().chain([8.0, 9.0].repeat(5)).collect();
    let answer = compute(&SpcRequest::of_values(ChartKind::Run, y.clone())).unwrap();
    assert!(answer.points.iter().all(|p| p.cl == 7.0 && p.lcl.is_none()));
    let runs = answer.runs.as_ref().unwrap();
    assert_eq!((runs.n_useful, runs.longest_run, runs.longest_run_max, runs.crossings, runs.crossings_min), (20, 10, Some(7), 1, Some(6)));
    assert!(runs.signal && runs.long_run() && runs.few_crossings());
    assert!(answer.points.iter().all(|p| p.rule == Some(Rule::LongRun)));
    assert_eq!(answer.variation, Variation::SpecialCauseHigh);

    let mut ihi = SpcRequest::of_values(ChartKind::Run, y);
    ihi.rules = Some(RuleSet::Ihi);
    let answer = compute(&ihi).unwrap();
    assert!(answer.points.iter().all(|p| p.rule == Some(Rule::Shift)));
}

/// Parts: after a change, the new part gets its own centre line, and the
/// runs analysis is per part.
#[test]
fn parts_recalculate_after_a_change() {
    let y: Vec<f64> = [4.0, 6.0].repeat(5).into_iter().chain([8.0, 9.0].repeat(5)).collect();
    let mut request = SpcRequest::of_values(ChartKind::Run, y);
    request.parts = vec![10];
    let answer = compute(&request).unwrap();
    assert_eq!((answer.points[0].cl, answer.points[19].cl), (5.0, 8.5));
    let parts = answer.parts.as_ref().unwrap();
    assert_eq!(parts.iter().map(|p| (p.first, p.last, p.runs.signal)).collect::<Vec<_>>(), vec![(1, 10, false), (11, 20, false)]);
    assert!(answer.runs.is_none() && answer.points.iter().all(|p| !p.signal));
}
