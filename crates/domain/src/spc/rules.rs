//! Which points signal a change, and by which rule. A point carries one
//! rule, the strongest that applies: outside the limits, then a long run or
//! shift, then a trend, then two of three close to a limit. Excluded points
//! never signal and are skipped over by the sequences, as if not there.

use std::ops::Range;

use super::limits::Lines;
use super::validate::Plan;
use super::{Rule, RuleSet};

/// A signalling point: the rule, and the side it points to (+1 up, −1 down):
/// for a trend its direction, otherwise which side of the centre line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Flag {
    pub rule: Rule,
    pub side: i8,
}

/// IHI: 6 or more points in a row on one side of the median is a shift,
/// 5 or more going the same way is a trend (Provost & Murray, *The Health
/// Care Data Guide*, 2011).
const IHI_SHIFT: usize = 6;
const IHI_TREND: usize = 5;
/// NHS Making Data Count: 7 in a row on one side of the mean, 7 going one way.
const NHS_SHIFT: usize = 7;
const NHS_TREND: usize = 7;

pub(super) fn flag_points(plan: &Plan, lines: &Lines, in_long_run: &[bool]) -> Vec<Option<Flag>> {
    let mut flags = vec![None; plan.len()];
    for part in &plan.parts {
        let points: Vec<(usize, f64)> = included(plan, lines, part.clone());
        let side = |i: usize, y: f64| sign(y - lines.cl[i]);

        let set = |flags: &mut Vec<Option<Flag>>, i: usize, rule: Rule, side: i8| {
            if flags[i].is_none() {
                flags[i] = Some(Flag { rule, side });
            }
        };
        for &(i, y) in &points {
            if let (Some(lcl), Some(ucl)) = (lines.lcl[i], lines.ucl[i])
                && (y > ucl || y < lcl)
            {
                set(&mut flags, i, Rule::OutsideLimits, side(i, y));
            }
        }
        match plan.rules {
            RuleSet::Anhoej => {
                for &(i, y) in &points {
                    if in_long_run[i] {
                        set(&mut flags, i, Rule::LongRun, side(i, y));
                    }
                }
            }
            RuleSet::Ihi => {
                // Points on the centre line neither break nor extend a shift.
                let useful: Vec<(usize, i8)> =
                    points.iter().map(|&(i, y)| (i, side(i, y))).filter(|&(_, side)| side != 0).collect();
                for (i, side) in runs_at_least(&useful, IHI_SHIFT) {
                    set(&mut flags, i, Rule::Shift, side);
                }
                // Like values in a row count once.
                for (i, direction) in trends(&points, IHI_TREND, true) {
                    set(&mut flags, i, Rule::Trend, direction);
                }
            }
            RuleSet::Nhs => {
                // A point on the mean breaks a shift (NHSRplotthedots).
                let sides: Vec<(usize, i8)> = points.iter().map(|&(i, y)| (i, side(i, y))).collect();
                for (i, side) in runs_at_least(&sides, NHS_SHIFT).into_iter().filter(|&(_, side)| side != 0) {
                    set(&mut flags, i, Rule::Shift, side);
                }
                for (i, direction) in trends(&points, NHS_TREND, false) {
                    set(&mut flags, i, Rule::Trend, direction);
                }
                for (i, side) in two_of_three(&points, lines) {
                    set(&mut flags, i, Rule::TwoOfThree, side);
                }
            }
        }
    }
    flags
}

/// The part's points that take part in the rules, with their plotted values.
fn included(plan: &Plan, lines: &Lines, part: Range<usize>) -> Vec<(usize, f64)> {
    part.filter(|&i| !plan.excluded[i]).filter_map(|i| lines.plotted[i].map(|y| (i, y))).collect()
}

fn sign(value: f64) -> i8 {
    if value > 0.0 {
        1
    } else if value < 0.0 {
        -1
    } else {
        0
    }
}

/// The points of every run of `minimum` or more equal sides in a row.
fn runs_at_least(sides: &[(usize, i8)], minimum: usize) -> Vec<(usize, i8)> {
    sides.chunk_by(|a, b| a.1 == b.1).filter(|run| run.len() >= minimum).flatten().copied().collect()
}

/// The points of every trend of `minimum` or more points each higher (or
/// each lower) than the one before. With `ignore_ties`, a value equal to the
/// one before neither breaks nor extends the trend (IHI); without, it breaks it.
fn trends(points: &[(usize, f64)], minimum: usize, ignore_ties: bool) -> Vec<(usize, i8)> {
    // Groups of points that count as one step.
    let groups: Vec<&[(usize, f64)]> =
        if ignore_ties { points.chunk_by(|a, b| a.1 == b.1).collect() } else { points.chunks(1).collect() };
    let steps: Vec<i8> = groups.windows(2).map(|pair| sign(pair[1][0].1 - pair[0][0].1)).collect();
    let mut flagged = Vec::new();
    let mut start = 0;
    while start < steps.len() {
        let direction = steps[start];
        let mut end = start;
        while end < steps.len() && steps[end] == direction {
            end += 1;
        }
        // steps start..end join groups start..=end
        if direction != 0 && end - start + 1 >= minimum {
            for group in &groups[start..=end] {
                flagged.extend(group.iter().map(|&(i, _)| (i, direction)));
            }
        }
        start = end;
    }
    flagged
}

/// NHS: two of three points in a row beyond two thirds of the way to a
/// limit (outside the limits does not count), all three on the same side of
/// the mean; the close points are flagged (NHSRplotthedots `ptd_two_in_three`).
fn two_of_three(points: &[(usize, f64)], lines: &Lines) -> Vec<(usize, i8)> {
    let close: Vec<bool> = points
        .iter()
        .map(|&(i, y)| {
            let cl = lines.cl[i];
            let (Some(lcl), Some(ucl), Some(raw_lcl), Some(raw_ucl)) = (lines.lcl[i], lines.ucl[i], lines.raw_lcl[i], lines.raw_ucl[i]) else {
                return false;
            };
            let outside = y > ucl || y < lcl;
            let near_upper = y > cl + (raw_ucl - cl) * 2.0 / 3.0;
            let near_lower = y < cl - (cl - raw_lcl) * 2.0 / 3.0;
            !outside && (near_upper || near_lower)
        })
        .collect();
    let sides: Vec<i8> = points.iter().map(|&(i, y)| sign(y - lines.cl[i])).collect();
    let mut flagged = vec![false; points.len()];
    for start in 0..points.len().saturating_sub(2) {
        let window = start..start + 3;
        let close_count = window.clone().filter(|&j| close[j]).count();
        let side_sum: i8 = window.clone().map(|j| sides[j]).sum();
        if close_count >= 2 && side_sum.abs() == 3 {
            for j in window.filter(|&j| close[j]) {
                flagged[j] = true;
            }
        }
    }
    (0..points.len()).filter(|&j| flagged[j]).map(|j| (points[j].0, sides[j])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indexed(values: &[f64]) -> Vec<(usize, f64)> {
        values.iter().copied().enumerate().collect()
    }
    fn marked(flagged: &[(usize, i8)], n: usize) -> Vec<i8> {
        let mut marks = vec![0; n];
        for &(i, side) in flagged {
            marks[i] = side;
        }
        marks
    }

    /// The cases of NHSRplotthedots' tests/testthat/test-ptd_calculate_point_type.R,
    /// `ptd_seven_point_trend works as expected` (their function marks the
    /// seventh point; the flagged points are the whole trend).
    #[test]
    fn nhs_trend_needs_seven_points_and_a_tie_breaks_it() {
        assert_eq!(marked(&trends(&indexed(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]), 7, false), 6), vec![0; 6]);
        assert_eq!(marked(&trends(&indexed(&[1.0, 2.0, 3.0, 3.0, 4.0, 5.0, 6.0]), 7, false), 7), vec![0; 7]);
        assert_eq!(marked(&trends(&indexed(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]), 7, false), 7), vec![1; 7]);
        assert_eq!(
            marked(&trends(&indexed(&[2.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 3.0]), 7, false), 9),
            vec![0, 1, 1, 1, 1, 1, 1, 1, 0]
        );
        assert_eq!(marked(&trends(&indexed(&[7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0]), 7, false), 7), vec![-1; 7]);
    }

    #[test]
    fn ihi_trend_counts_like_values_once() {
        // 1 2 2 3 4 5: five distinct rising values, so a trend of 5.
        assert_eq!(marked(&trends(&indexed(&[1.0, 2.0, 2.0, 3.0, 4.0, 5.0]), 5, true), 6), vec![1; 6]);
        assert_eq!(marked(&trends(&indexed(&[1.0, 2.0, 2.0, 3.0, 4.0]), 5, true), 5), vec![0; 5]);
    }

    /// NHSRplotthedots `ptd_seven_point_one_side_mean works as expected`.
    #[test]
    fn nhs_shift_needs_seven_on_one_side() {
        let sides = |values: &[i8]| values.iter().copied().enumerate().collect::<Vec<_>>();
        assert!(runs_at_least(&sides(&[1, 1, 1, 1, 1, 1, -1]), 7).is_empty());
        assert_eq!(marked(&runs_at_least(&sides(&[1, 1, 1, 1, 1, 1, 1, 1, -1]), 7), 9), vec![1, 1, 1, 1, 1, 1, 1, 1, 0]);
        assert_eq!(
            marked(&runs_at_least(&sides(&[-1, -1, -1, -1, -1, -1, -1, -1, 1]), 7), 9),
            vec![-1, -1, -1, -1, -1, -1, -1, -1, 0]
        );
    }
}
