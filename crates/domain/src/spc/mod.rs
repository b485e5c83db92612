//! Statistical process control: tells a real change from the month-to-month
//! noise every count has. Given a series of points it computes the centre
//! line, the control limits and which points signal a change, by the rules
//! quality improvement teams already use:
//!
//! - run charts (median centre line) with the Anhøj rules, or the IHI rules;
//! - I (XmR) and MR charts for single values, with optional moving-range
//!   screening;
//! - p charts (proportions), u charts (rates) with varying denominators,
//!   c charts (counts), and Laney's p′ and u′ for very large denominators;
//! - t charts for rare events: the days between them, transformed as Nelson
//!   (1994) advises so an I chart's limits apply;
//! - NHS "Making Data Count" rules, its variation and assurance icons.
//!
//! Formulas follow Montgomery, *Introduction to Statistical Quality Control*,
//! and the R packages qicharts2 (Anhøj) and NHSRplotthedots; the tests check
//! published outputs and name their sources.
//!
//! Positions in requests (`freeze`, `parts`, `exclude`) count from 1, as
//! people count months on a chart; everything inside counts from 0.

pub mod classification;
mod icons;
mod limits;
mod rules;
mod runs;
pub mod summary;
mod validate;

#[cfg(test)]
mod property_tests;
#[cfg(test)]
mod reference_tests;

use serde::{Deserialize, Serialize};

use crate::field_error::FieldErrors;

pub use icons::{Assurance, Variation, rule_words};
pub use runs::{RunsAnalysis, binomial_quantile};
pub use summary::{Summary, summarise};

/// Fewer baseline points than this give limits to treat as provisional
/// (NHS Making Data Count: "trial limits").
pub const TRIAL_LIMITS_BELOW: usize = 12;

/// Which chart to draw; each suits one kind of measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChartKind {
    /// Run chart: any measure, median centre line, no limits.
    Run,
    /// Individuals (XmR): one value per period, e.g. a duration or a score.
    I,
    /// Moving ranges of the individuals: how much each period differs from the last.
    Mr,
    /// Proportion: numerator out of denominator, e.g. the share of near-misses.
    P,
    /// Rate: events per unit of exposure, e.g. falls per 1,000 bed days.
    U,
    /// Count of events in equal opportunity, e.g. reports per month.
    C,
    /// Laney p′: a p chart whose limits allow for between-period variation.
    Pp,
    /// Laney u′: the same for rates.
    Up,
    /// Time between rare events (t chart): each point is the days since the
    /// event before, e.g. between restraints. Limits come from an I chart of
    /// the days raised to 1/3.6 (Nelson 1994), drawn back in days.
    T,
}

impl ChartKind {
    pub fn code(self) -> &'static str {
        match self {
            ChartKind::Run => "run",
            ChartKind::I => "i",
            ChartKind::Mr => "mr",
            ChartKind::P => "p",
            ChartKind::U => "u",
            ChartKind::C => "c",
            ChartKind::Pp => "pp",
            ChartKind::Up => "up",
            ChartKind::T => "t",
        }
    }

    /// What people call the chart.
    pub fn label(self) -> &'static str {
        match self {
            ChartKind::Run => "run chart",
            ChartKind::I => "I chart",
            ChartKind::Mr => "MR chart",
            ChartKind::P => "p chart",
            ChartKind::U => "u chart",
            ChartKind::C => "c chart",
            ChartKind::Pp => "Laney p′ chart",
            ChartKind::Up => "Laney u′ chart",
            ChartKind::T => "t chart (days between events)",
        }
    }

    pub fn has_limits(self) -> bool {
        self != ChartKind::Run
    }

    /// Charts computed from a numerator over a denominator.
    pub fn takes_ratio(self) -> bool {
        matches!(self, ChartKind::P | ChartKind::U | ChartKind::Pp | ChartKind::Up)
    }

    /// Charts whose spread comes from moving ranges, so they need two points.
    fn needs_moving_range(self) -> bool {
        matches!(self, ChartKind::I | ChartKind::Mr | ChartKind::Pp | ChartKind::Up | ChartKind::T)
    }

    /// Proportions cannot exceed one.
    fn is_proportion(self) -> bool {
        matches!(self, ChartKind::P | ChartKind::Pp)
    }
}

/// Which rules decide that a point signals a change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleSet {
    /// Anhøj: an unusually long run on one side of the centre line, or
    /// unusually few crossings of it (plus points outside the limits).
    #[default]
    Anhoej,
    /// Institute for Healthcare Improvement: a shift of 6 or more points on
    /// one side of the centre line, a trend of 5 or more going one way.
    Ihi,
    /// NHS Making Data Count: outside the limits, a shift of 7, a trend of 7,
    /// two of three points close to a limit on the same side.
    Nhs,
}

/// Which way is better for the measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Improvement {
    Increase,
    Decrease,
}

/// A chart to compute: the series and the options that shape its limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpcRequest {
    pub chart: ChartKind,
    /// The values, for run, i, mr, c and t charts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y: Option<Vec<f64>>,
    /// For p, u, pp and up charts (and run charts of a ratio).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numerator: Option<Vec<f64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominator: Option<Vec<f64>>,
    /// The count of baseline points: limits come from the first `freeze` points only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub freeze: Option<usize>,
    /// 1-based positions after which a new part (a phase) starts, with its
    /// own centre line and limits: recalculated after a known change.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<usize>,
    /// 1-based positions shown but left out of every calculation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<usize>,
    /// Scales the plotted values, e.g. 1000 for "per 1,000 bed days", 100 for percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multiply: Option<f64>,
    /// Leave moving ranges above 3.267 × their average out of the limits (i and mr charts).
    #[serde(default)]
    pub screen_mr: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules: Option<RuleSet>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub improvement: Option<Improvement>,
    /// A target in plotted units (after `multiply`), for the assurance icon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
}

impl SpcRequest {
    /// A request for `chart` over `y` with every option at its default.
    pub fn of_values(chart: ChartKind, y: Vec<f64>) -> Self {
        SpcRequest {
            chart,
            y: Some(y),
            numerator: None,
            denominator: None,
            freeze: None,
            parts: Vec::new(),
            exclude: Vec::new(),
            multiply: None,
            screen_mr: false,
            rules: None,
            improvement: None,
            target: None,
        }
    }

    /// A request for a ratio chart with every option at its default.
    pub fn of_ratio(chart: ChartKind, numerator: Vec<f64>, denominator: Vec<f64>) -> Self {
        SpcRequest { y: None, numerator: Some(numerator), denominator: Some(denominator), ..SpcRequest::of_values(chart, Vec::new()) }
    }
}

/// Why a point signals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Above the upper or below the lower control limit.
    OutsideLimits,
    /// Part of a run on one side of the centre line longer than chance allows (Anhøj).
    LongRun,
    /// Part of a shift: 6 (IHI) or 7 (NHS) points in a row on one side.
    Shift,
    /// Part of a trend: 5 (IHI) or 7 (NHS) points in a row going one way.
    Trend,
    /// Two of three points in a row close to a limit on the same side (NHS).
    TwoOfThree,
}

impl Rule {
    pub fn code(self) -> &'static str {
        match self {
            Rule::OutsideLimits => "outside_limits",
            Rule::LongRun => "long_run",
            Rule::Shift => "shift",
            Rule::Trend => "trend",
            Rule::TwoOfThree => "two_of_three",
        }
    }
}

/// One plotted point with its lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpcPoint {
    /// The plotted value after `multiply`; `None` only for the first moving
    /// range of each part, which has no previous point.
    pub y: Option<f64>,
    pub cl: f64,
    /// `None` on run charts.
    pub lcl: Option<f64>,
    pub ucl: Option<f64>,
    pub signal: bool,
    pub rule: Option<Rule>,
    /// Shown but left out of the calculation.
    pub excluded: bool,
}

/// The runs analysis of one part, with where the part starts and ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartAnswer {
    /// 1-based positions of the part's first and last points.
    pub first: usize,
    pub last: usize,
    #[serde(flatten)]
    pub runs: RunsAnalysis,
}

/// A computed chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpcAnswer {
    pub chart: ChartKind,
    pub points: Vec<SpcPoint>,
    /// The runs analysis when the chart is one part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runs: Option<RunsAnalysis>,
    /// One runs analysis per part when `parts` were given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parts: Option<Vec<PartAnswer>>,
    /// Fewer than 12 points set some part's limits.
    pub trial_limits: bool,
    /// What the latest point says (NHS variation icon).
    pub variation: Variation,
    /// Whether the process will meet the target (NHS assurance icon); needs
    /// `target` and `improvement`.
    pub assurance: Option<Assurance>,
    /// Plain sentences about how far to trust the chart.
    pub warnings: Vec<String>,
}

impl SpcAnswer {
    /// The runs analyses of every part, whether or not parts were given.
    pub fn part_runs(&self) -> Vec<&RunsAnalysis> {
        match (&self.runs, &self.parts) {
            (Some(runs), _) => vec![runs],
            (None, Some(parts)) => parts.iter().map(|part| &part.runs).collect(),
            (None, None) => Vec::new(),
        }
    }
}

/// Computes a chart, or says which fields of the request to fix.
pub fn compute(request: &SpcRequest) -> Result<SpcAnswer, FieldErrors> {
    let plan = validate::plan(request).map_err(|mut errors| {
        // Messages start with the field, as the JSON parser's own do: "denominator: value at position 3 …".
        for error in &mut errors.0 {
            error.message = format!("{}: {}", error.field, error.message);
        }
        errors
    })?;
    let mut warnings = Vec::new();
    let lines = limits::compute_lines(&plan, &mut warnings);
    let mut part_answers = Vec::with_capacity(plan.parts.len());
    let mut in_long_run = vec![false; plan.len()];
    for part in &plan.parts {
        let analysis = runs::analyse(part.clone(), &lines.plotted, &lines.cl, &plan.excluded, &mut in_long_run);
        part_answers.push(PartAnswer { first: part.start + 1, last: part.end, runs: analysis });
    }
    let flags = rules::flag_points(&plan, &lines, &in_long_run);

    let m = plan.multiply;
    let points: Vec<SpcPoint> = (0..plan.len())
        .map(|i| SpcPoint {
            y: lines.plotted[i].map(|y| y * m),
            cl: lines.cl[i] * m,
            lcl: lines.lcl[i].map(|v| v * m),
            ucl: lines.ucl[i].map(|v| v * m),
            signal: flags[i].is_some(),
            rule: flags[i].map(|flag| flag.rule),
            excluded: plan.excluded[i],
        })
        .collect();

    let trial_limits = plan.kind.has_limits() && lines.baseline_counts.iter().any(|&count| count < TRIAL_LIMITS_BELOW);
    if trial_limits {
        let fewest = lines.baseline_counts.iter().copied().min().unwrap_or(0);
        warnings.insert(0, format!(
            "Trial limits: {fewest} point{} set the limits; treat them as provisional until there are {TRIAL_LIMITS_BELOW}.",
            if fewest == 1 { "" } else { "s" }
        ));
    }
    let variation = icons::variation(&plan, &lines, &flags);
    let assurance = icons::assurance(&plan, &points);

    let (runs, parts) = if plan.parts_given {
        (None, Some(part_answers))
    } else {
        (part_answers.pop().map(|part| part.runs), None)
    };
    Ok(SpcAnswer { chart: plan.kind, points, runs, parts, trial_limits, variation, assurance, warnings })
}
