//! The NHS Making Data Count icons: what the latest point says (variation)
//! and whether the process will meet its target (assurance), as computed by
//! NHSRplotthedots (`ptd_calculate_point_type`, `ptd_calculate_assurance_type`).

use serde::{Deserialize, Serialize};

use super::limits::Lines;
use super::rules::Flag;
use super::validate::Plan;
use super::{Improvement, Rule, SpcPoint};

/// The variation icon, read from the latest point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Variation {
    /// No signal at the latest point: the noise every process has.
    CommonCause,
    /// A signal in the better direction.
    SpecialCauseImprovement,
    /// A signal in the worse direction.
    SpecialCauseConcern,
    /// A signal upwards, with no direction said to be better.
    SpecialCauseHigh,
    /// A signal downwards, with no direction said to be better.
    SpecialCauseLow,
}

impl Variation {
    pub fn code(self) -> &'static str {
        match self {
            Variation::CommonCause => "common_cause",
            Variation::SpecialCauseImprovement => "special_cause_improvement",
            Variation::SpecialCauseConcern => "special_cause_concern",
            Variation::SpecialCauseHigh => "special_cause_high",
            Variation::SpecialCauseLow => "special_cause_low",
        }
    }
}

/// The assurance icon: where the target sits against the latest limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Assurance {
    /// The limits sit on the good side of the target: it will be met every period.
    Pass,
    /// The limits sit on the bad side: the target will be missed unless the process changes.
    Fail,
    /// The target lies between the limits: it will be met in some periods and missed in others.
    Inconsistent,
}

impl Assurance {
    pub fn code(self) -> &'static str {
        match self {
            Assurance::Pass => "pass",
            Assurance::Fail => "fail",
            Assurance::Inconsistent => "inconsistent",
        }
    }
}

/// The latest point that takes part in the chart decides the icon.
pub(super) fn variation(plan: &Plan, lines: &Lines, flags: &[Option<Flag>]) -> Variation {
    let latest = (0..plan.len()).rev().find(|&i| !plan.excluded[i] && lines.plotted[i].is_some());
    let Some(flag) = latest.and_then(|i| flags[i]) else {
        return Variation::CommonCause;
    };
    let upwards = flag.side > 0;
    match plan.improvement {
        None if upwards => Variation::SpecialCauseHigh,
        None => Variation::SpecialCauseLow,
        Some(Improvement::Increase) if upwards => Variation::SpecialCauseImprovement,
        Some(Improvement::Decrease) if !upwards => Variation::SpecialCauseImprovement,
        Some(_) => Variation::SpecialCauseConcern,
    }
}

/// Needs a target, a better direction and limits; compares against the last point's limits.
pub(super) fn assurance(plan: &Plan, points: &[SpcPoint]) -> Option<Assurance> {
    let target = plan.target?;
    let improvement = plan.improvement?;
    let last = points.last()?;
    let (lcl, ucl) = (last.lcl?, last.ucl?);
    let increasing = improvement == Improvement::Increase;
    Some(if target > ucl {
        if increasing { Assurance::Fail } else { Assurance::Pass }
    } else if target < lcl {
        if increasing { Assurance::Pass } else { Assurance::Fail }
    } else {
        Assurance::Inconsistent
    })
}

/// Plain words for a rule, for chart labels and summaries.
pub fn rule_words(rule: Rule) -> &'static str {
    match rule {
        Rule::OutsideLimits => "outside the limits",
        Rule::LongRun => "an unusually long run on one side",
        Rule::Shift => "a shift: a run of points on one side",
        Rule::Trend => "a trend: points going one way in a row",
        Rule::TwoOfThree => "two of three points close to a limit",
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ChartKind, Improvement, Rule, RuleSet, SpcRequest, compute};
    use super::*;

    /// Twelve steady months, then seven higher: an NHS shift at the end.
    fn shifted_up() -> Vec<f64> {
        let mut y = vec![10.0, 12.0, 11.0, 9.0, 10.0, 12.0, 11.0, 9.0, 10.0, 11.0, 9.0, 12.0];
        y.extend([13.0, 14.0, 13.0, 14.0, 13.0, 14.0, 13.0]);
        y
    }

    fn nhs(y: Vec<f64>, improvement: Option<Improvement>, target: Option<f64>) -> SpcRequest {
        let mut request = SpcRequest::of_values(ChartKind::I, y);
        request.rules = Some(RuleSet::Nhs);
        request.improvement = improvement;
        request.target = target;
        request
    }

    #[test]
    fn the_latest_point_gives_the_variation_icon() {
        let up = compute(&nhs(shifted_up(), Some(Improvement::Increase), None)).unwrap();
        assert_eq!(up.points.last().unwrap().rule, Some(Rule::Shift));
        assert_eq!(up.variation, Variation::SpecialCauseImprovement);
        let down_is_better = compute(&nhs(shifted_up(), Some(Improvement::Decrease), None)).unwrap();
        assert_eq!(down_is_better.variation, Variation::SpecialCauseConcern);
        let neutral = compute(&nhs(shifted_up(), None, None)).unwrap();
        assert_eq!(neutral.variation, Variation::SpecialCauseHigh);
        let steady = compute(&nhs(shifted_up()[..12].to_vec(), Some(Improvement::Increase), None)).unwrap();
        assert_eq!(steady.variation, Variation::CommonCause);
    }

    /// NHSRplotthedots `ptd_calculate_assurance_type`: a target above the
    /// upper limit always fails when higher is better, and so on.
    #[test]
    fn the_target_against_the_limits_gives_the_assurance_icon() {
        let y = shifted_up()[..12].to_vec(); // mean 10.5, limits about 6.6 to 14.4
        let icon = |improvement, target| compute(&nhs(y.clone(), Some(improvement), Some(target))).unwrap().assurance;
        assert_eq!(icon(Improvement::Increase, 5.0), Some(Assurance::Pass));
        assert_eq!(icon(Improvement::Increase, 20.0), Some(Assurance::Fail));
        assert_eq!(icon(Improvement::Increase, 11.0), Some(Assurance::Inconsistent));
        assert_eq!(icon(Improvement::Decrease, 20.0), Some(Assurance::Pass));
        assert_eq!(icon(Improvement::Decrease, 5.0), Some(Assurance::Fail));
        assert_eq!(compute(&nhs(y, Some(Improvement::Increase), None)).unwrap().assurance, None);
    }

    #[test]
    fn two_of_three_close_to_a_limit_signal_under_the_nhs_rules() {
        // Baseline mean 10, MR̄ 1 → limits 10 ± 2.66; close beyond 10 ± 1.77.
        let mut y = vec![10.0, 11.0, 10.0, 9.0, 10.0, 11.0, 10.0, 9.0, 10.0, 11.0, 10.0, 9.0];
        y.extend([12.2, 11.0, 12.2, 10.0]);
        let mut request = nhs(y, None, None);
        request.freeze = Some(12);
        let answer = compute(&request).unwrap();
        let rules: Vec<Option<Rule>> = answer.points.iter().map(|p| p.rule).collect();
        assert_eq!(rules[12], Some(Rule::TwoOfThree), "{rules:?}");
        assert_eq!(rules[14], Some(Rule::TwoOfThree));
        assert_eq!(rules[13], None, "the point between is not close itself");
    }
}
