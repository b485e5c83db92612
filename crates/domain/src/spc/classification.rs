//! One verdict per chart, for every place that shows it. A chart's
//! variation icon, its assurance icon, its one sentence and how each point
//! is drawn all come from [`classify`], so a badge cannot say "no signal"
//! while the sentence says "a real change", and a rare event cannot read as
//! an improvement and a concern at once.
//!
//! The verdict reads the latest phase (the points since the last recorded
//! change) and its latest point, as NHS Making Data Count does: the
//! variation icon is that point's signal, the sentence opens with the
//! icon's own word ("No signal", "Improvement", "Concern", "Signal", "Too
//! soon to tell") and says what the signal is, and the latest point is drawn
//! in the icon's colour. Earlier signals keep their own colours and are
//! named as earlier.

use serde::Serialize;

use super::summary::short_number;
use super::{Assurance, ChartKind, Improvement, Rule, SpcAnswer, Variation};

/// The variation icon (NHS Making Data Count), or too few points to judge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VariationIcon {
    CommonCause,
    ImprovementHigh,
    ImprovementLow,
    ConcernHigh,
    ConcernLow,
    /// A signal upwards where neither way is said to be better.
    NeitherHigh,
    NeitherLow,
    /// Fewer than two points in the latest phase.
    TooSoon,
}

/// What a signal means for the measure: the icon's and the points' colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Meaning {
    Common,
    Improvement,
    Concern,
    Neither,
    TooSoon,
}

impl Meaning {
    /// For CSS classes and tests: `common`, `improvement`, `concern`, `neither`, `too-soon`.
    pub fn code(self) -> &'static str {
        match self {
            Meaning::Common => "common",
            Meaning::Improvement => "improvement",
            Meaning::Concern => "concern",
            Meaning::Neither => "neither",
            Meaning::TooSoon => "too-soon",
        }
    }
}

impl VariationIcon {
    pub fn code(self) -> &'static str {
        match self {
            VariationIcon::CommonCause => "common_cause",
            VariationIcon::ImprovementHigh => "improvement_high",
            VariationIcon::ImprovementLow => "improvement_low",
            VariationIcon::ConcernHigh => "concern_high",
            VariationIcon::ConcernLow => "concern_low",
            VariationIcon::NeitherHigh => "neither_high",
            VariationIcon::NeitherLow => "neither_low",
            VariationIcon::TooSoon => "too_soon",
        }
    }

    pub fn meaning(self) -> Meaning {
        match self {
            VariationIcon::CommonCause => Meaning::Common,
            VariationIcon::ImprovementHigh | VariationIcon::ImprovementLow => Meaning::Improvement,
            VariationIcon::ConcernHigh | VariationIcon::ConcernLow => Meaning::Concern,
            VariationIcon::NeitherHigh | VariationIcon::NeitherLow => Meaning::Neither,
            VariationIcon::TooSoon => Meaning::TooSoon,
        }
    }

    /// +1 for a signal upwards, −1 downwards, 0 for none.
    pub fn direction(self) -> i8 {
        match self {
            VariationIcon::ImprovementHigh
            | VariationIcon::ConcernHigh
            | VariationIcon::NeitherHigh => 1,
            VariationIcon::ImprovementLow
            | VariationIcon::ConcernLow
            | VariationIcon::NeitherLow => -1,
            VariationIcon::CommonCause | VariationIcon::TooSoon => 0,
        }
    }

    /// The icon's text alternative and badge.
    pub fn words(self) -> &'static str {
        match self {
            VariationIcon::CommonCause => "Common cause: no signal",
            VariationIcon::ImprovementHigh => "Special cause: improvement, higher",
            VariationIcon::ImprovementLow => "Special cause: improvement, lower",
            VariationIcon::ConcernHigh => "Special cause: concern, higher",
            VariationIcon::ConcernLow => "Special cause: concern, lower",
            VariationIcon::NeitherHigh => "Special cause: higher, neither better nor worse",
            VariationIcon::NeitherLow => "Special cause: lower, neither better nor worse",
            VariationIcon::TooSoon => "Too soon to tell: too few points",
        }
    }

    /// The word the sentence opens with.
    pub fn lead(self) -> &'static str {
        match self.meaning() {
            Meaning::Common => "No signal",
            Meaning::Improvement => "Improvement",
            Meaning::Concern => "Concern",
            Meaning::Neither => "Signal",
            Meaning::TooSoon => "Too soon to tell",
        }
    }
}

/// The assurance icon's text alternative and badge, in Making Data Count's words.
pub fn assurance_words(assurance: Assurance) -> &'static str {
    match assurance {
        Assurance::Pass => "Target: consistently hit",
        Assurance::Fail => "Target: consistently missed",
        Assurance::Inconsistent => "Target: hit and miss",
    }
}

/// How to draw one point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PointStyle {
    /// No value (the first moving range).
    NoValue,
    /// Shown but left out of the calculation.
    Excluded,
    /// Everyday variation.
    Common,
    /// A signal, coloured by what it means, shaped by its rule.
    Signal { meaning: Meaning, rule: Rule },
}

/// What a chart is about, for the sentence.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    /// E.g. "Reports", "Share of near-misses".
    pub measure: &'a str,
    /// E.g. "reports", "% of reports", "days (average)".
    pub unit: &'a str,
    /// One per point, e.g. "Mar 2026".
    pub labels: &'a [String],
    pub improvement: Option<Improvement>,
    /// The phases' first points (0-based) with the change that began each.
    pub phases: &'a [(usize, String)],
    /// For a t chart: what the events are, singular and plural ("restriction", "restrictions").
    pub events: Option<(&'a str, &'a str)>,
}

/// The one verdict on a chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Classification {
    pub variation: VariationIcon,
    pub assurance: Option<Assurance>,
    /// One sentence, opening with the variation icon's word.
    pub sentence: String,
    /// One per point.
    pub points: Vec<PointStyle>,
    /// The latest point that takes part in the chart.
    pub latest: Option<usize>,
    /// The latest point's value in words, e.g. "182 reports", "12.3% of
    /// reports", "4 days between restrictions"; empty without one.
    pub latest_amount: String,
    /// The latest point's period, e.g. "Nov 2026"; empty without one.
    pub latest_period: String,
}

/// Counts so often zero that a count chart would misread them: more than
/// half the periods have none. A t chart of the days between events reads
/// them instead (Making Data Count: "rare events").
pub fn counts_are_rare(counts: &[f64]) -> bool {
    !counts.is_empty() && counts.iter().filter(|&&count| count == 0.0).count() * 2 > counts.len()
}

/// Classifies a computed chart.
pub fn classify(answer: &SpcAnswer, subject: &Subject<'_>) -> Classification {
    Verdict::new(answer, subject).classification()
}

struct Verdict<'a> {
    answer: &'a SpcAnswer,
    subject: &'a Subject<'a>,
    /// The latest phase's points that take part: a value, not excluded.
    included: Vec<usize>,
    phase_start: usize,
}

impl<'a> Verdict<'a> {
    fn new(answer: &'a SpcAnswer, subject: &'a Subject<'a>) -> Verdict<'a> {
        let n = answer.points.len();
        let phase = match answer.parts.as_ref().and_then(|parts| parts.last()) {
            Some(last) => last.first.saturating_sub(1).min(n)..last.last.min(n),
            None => 0..n,
        };
        let included = phase
            .clone()
            .filter(|&i| {
                !answer.points[i].excluded && answer.points[i].y.is_some_and(f64::is_finite)
            })
            .collect();
        Verdict {
            answer,
            subject,
            included,
            phase_start: phase.start,
        }
    }

    fn classification(&self) -> Classification {
        let variation = self.variation();
        let points = self.point_styles(variation);
        Classification {
            variation,
            assurance: self.answer.assurance,
            sentence: self.sentence(variation),
            points,
            latest: self.included.last().copied(),
            latest_amount: self
                .included
                .last()
                .map(|&i| self.amount(self.y(i)))
                .unwrap_or_default(),
            latest_period: self
                .included
                .last()
                .map(|&i| self.label(i))
                .unwrap_or_default(),
        }
    }

    /// The engine's icon for the latest point, turned into high or low.
    fn variation(&self) -> VariationIcon {
        if self.included.len() < 2 {
            return VariationIcon::TooSoon;
        }
        match (self.answer.variation, self.subject.improvement) {
            (Variation::CommonCause, _) => VariationIcon::CommonCause,
            (Variation::SpecialCauseImprovement, Some(Improvement::Decrease)) => {
                VariationIcon::ImprovementLow
            }
            (Variation::SpecialCauseImprovement, _) => VariationIcon::ImprovementHigh,
            (Variation::SpecialCauseConcern, Some(Improvement::Decrease)) => {
                VariationIcon::ConcernHigh
            }
            (Variation::SpecialCauseConcern, _) => VariationIcon::ConcernLow,
            (Variation::SpecialCauseHigh, _) => VariationIcon::NeitherHigh,
            (Variation::SpecialCauseLow, _) => VariationIcon::NeitherLow,
        }
    }

    fn y(&self, i: usize) -> f64 {
        self.answer.points[i].y.unwrap_or(f64::NAN)
    }

    fn side(&self, i: usize) -> i8 {
        sign(self.y(i) - self.answer.points[i].cl)
    }

    fn meaning_of(&self, direction: i8) -> Meaning {
        match (self.subject.improvement, direction) {
            (_, 0) | (None, _) => Meaning::Neither,
            (Some(Improvement::Increase), d) if d > 0 => Meaning::Improvement,
            (Some(Improvement::Decrease), d) if d < 0 => Meaning::Improvement,
            _ => Meaning::Concern,
        }
    }

    /// Each signal in its direction's colour; the latest point in the icon's.
    fn point_styles(&self, variation: VariationIcon) -> Vec<PointStyle> {
        let points = &self.answer.points;
        let mut styles: Vec<PointStyle> = (0..points.len())
            .map(|i| match (points[i].y, points[i].rule) {
                (None, _) => PointStyle::NoValue,
                _ if points[i].excluded => PointStyle::Excluded,
                (Some(_), Some(rule)) if points[i].signal => PointStyle::Signal {
                    meaning: self.meaning_of(self.direction_at(i)),
                    rule,
                },
                _ => PointStyle::Common,
            })
            .collect();
        if let (Some(latest), PointStyle::Signal { rule, .. }) = (
            self.included.last(),
            self.included
                .last()
                .map(|&i| styles[i])
                .unwrap_or(PointStyle::Common),
        ) {
            styles[*latest] = match variation.meaning() {
                Meaning::Common | Meaning::TooSoon => PointStyle::Common,
                meaning => PointStyle::Signal { meaning, rule },
            };
        }
        styles
    }

    /// A point's direction: a trend's way for trends, else its side of the centre line.
    fn direction_at(&self, i: usize) -> i8 {
        if self.answer.points[i].rule != Some(Rule::Trend) {
            return self.side(i);
        }
        let trend = |j: &usize| {
            self.answer.points[*j].rule == Some(Rule::Trend) && self.answer.points[*j].y.is_some()
        };
        let all: Vec<usize> = (0..self.answer.points.len())
            .filter(|j| !self.answer.points[*j].excluded)
            .collect();
        let at = all.iter().position(|&j| j == i).unwrap_or(0);
        let first = all[..=at]
            .iter()
            .rev()
            .take_while(|j| trend(j))
            .last()
            .copied()
            .unwrap_or(i);
        let last = all[at..]
            .iter()
            .take_while(|j| trend(j))
            .last()
            .copied()
            .unwrap_or(i);
        sign(self.y(last) - self.y(first))
    }

    fn label(&self, i: usize) -> String {
        match self.subject.labels.get(i).map(|label| label.trim()) {
            Some(label) if !label.is_empty() => label.to_string(),
            _ => format!("point {}", i + 1),
        }
    }

    /// "182 reports", "12.3% of reports", "4 days between restrictions".
    fn amount(&self, value: f64) -> String {
        if let Some((_, plural)) = self.subject.events {
            let days = short_number(value);
            return format!(
                "{days} day{} between {plural}",
                if days == "1" { "" } else { "s" }
            );
        }
        let unit = self.subject.unit.trim();
        // "1 report", "1 day (average)": one of a counted thing is singular.
        let singular;
        let unit = match unit.split_once(' ').map_or((unit, ""), |(first, rest)| (first, rest)) {
            (first, rest) if value == 1.0 && first.len() > 1 && first.ends_with('s') && !first.starts_with('%') => {
                singular = format!("{}{}{rest}", &first[..first.len() - 1], if rest.is_empty() { "" } else { " " });
                singular.as_str()
            }
            _ => unit,
        };
        match unit {
            "" => short_number(value),
            _ if unit.starts_with('%') => format!("{}{unit}", short_number(value)),
            _ => format!("{} {unit}", short_number(value)),
        }
    }

    fn measure(&self) -> String {
        if let Some((_, plural)) = self.subject.events {
            return format!("the days between {plural}");
        }
        lowered(self.subject.measure.trim())
    }

    /// "(10 to 25)" for a point's limits, "" on a run chart.
    fn limits_at(&self, i: usize) -> String {
        let point = &self.answer.points[i];
        match (point.lcl, point.ucl) {
            (Some(lcl), Some(ucl)) => format!(" ({} to {})", short_number(lcl), short_number(ucl)),
            _ => String::new(),
        }
    }

    fn sentence(&self, variation: VariationIcon) -> String {
        let body = match variation.meaning() {
            Meaning::TooSoon => self.too_soon(),
            Meaning::Common => self.common_cause(),
            _ => self.signal(variation.direction()),
        };
        let phase = if variation == VariationIcon::TooSoon {
            String::new()
        } else {
            self.phase_clause()
        };
        format!("{}: {body}{phase}.", variation.lead())
    }

    fn too_soon(&self) -> String {
        let phase = if self.phase_start > 0 {
            " in this phase"
        } else {
            ""
        };
        match (self.subject.events, self.included.as_slice()) {
            (Some((_, plural)), points) => format!(
                "{} gap{} between {plural} so far{phase}, too few to tell a real change from everyday variation",
                points.len(),
                if points.len() == 1 { "" } else { "s" }
            ),
            (None, []) => format!("no values yet{phase}"),
            (None, [only]) => format!(
                "only {} so far{phase}, too few to tell a real change from everyday variation",
                self.label(*only)
            ),
            (None, _) => "too few points to tell a real change from everyday variation".to_string(),
        }
    }

    fn common_cause(&self) -> String {
        let latest = *self.included.last().expect("two points or more");
        let when = if self.subject.events.is_some() {
            format!("up to {}", self.label(latest))
        } else {
            format!("in {}", self.label(latest))
        };
        let mut body = format!(
            "{} {when} is within the everyday variation{}",
            self.amount(self.y(latest)),
            self.limits_at(latest)
        );
        let earlier: Vec<usize> = self
            .included
            .iter()
            .copied()
            .filter(|&i| self.answer.points[i].signal)
            .collect();
        if let (Some(&first), Some(&last)) = (earlier.first(), earlier.last()) {
            let span = if first == last {
                self.label(first)
            } else {
                format!("{} to {}", self.label(first), self.label(last))
            };
            body.push_str(&format!(
                ", after an earlier signal ({span}) that has passed"
            ));
        }
        body
    }

    /// The latest run of signalling points, as one clause.
    fn signal(&self, direction: i8) -> String {
        let latest = *self.included.last().expect("two points or more");
        let episode = self.latest_episode();
        let rule_of = |i: &usize| self.answer.points[*i].rule;
        let has = |rules: &[Rule]| {
            episode
                .iter()
                .any(|i| rule_of(i).is_some_and(|rule| rules.contains(&rule)))
        };
        let start = self.label(episode[0]);
        let measure = self.measure();
        let up = direction > 0;
        let rare = self.subject.events.is_some();
        let (high, low) = if rare {
            ("long", "short")
        } else {
            ("high", "low")
        };
        if has(&[Rule::Shift, Rule::LongRun]) {
            let (moved, stayed) = match (rare, up) {
                (false, true) => ("rose", "higher"),
                (false, false) => ("fell", "lower"),
                (true, true) => ("grew", "longer"),
                (true, false) => ("shrank", "shorter"),
            };
            if episode[0] == self.included[0] {
                format!(
                    "{measure} {} stayed {stayed} than the average throughout, since {start}, not chance",
                    if rare { "have" } else { "has" }
                )
            } else {
                format!("{measure} {moved} and stayed {stayed} since {start}, not chance")
            }
        } else if has(&[Rule::Trend]) {
            let went = if up { "went up" } else { "went down" };
            let step = if rare {
                "gap after gap"
            } else {
                "period after period"
            };
            format!(
                "{measure} {went} {step} from {start} to {}, not chance",
                self.label(latest)
            )
        } else if has(&[Rule::TwoOfThree]) {
            let close: Vec<String> = episode
                .iter()
                .filter(|i| rule_of(i) == Some(Rule::TwoOfThree))
                .map(|&i| self.label(i))
                .collect();
            let limit = if up { "upper" } else { "lower" };
            format!(
                "{} close to the {limit} limit (two of three in a row), an early warning rather than a sure change",
                join(&close)
            )
        } else {
            let when = if rare {
                format!("up to {}", self.label(latest))
            } else {
                format!("in {}", self.label(latest))
            };
            format!(
                "{} {when} is unusually {}, outside the limits{}",
                self.amount(self.y(latest)),
                if up { high } else { low },
                self.limits_at(latest)
            )
        }
    }

    /// The signalling points in a row that end at the latest point, on one
    /// side of the centre line unless they are a trend.
    fn latest_episode(&self) -> Vec<usize> {
        let mut episode: Vec<usize> = Vec::new();
        for &i in self.included.iter().rev() {
            let point = &self.answer.points[i];
            if !point.signal {
                break;
            }
            if let Some(&after) = episode.last() {
                let trend = point.rule == Some(Rule::Trend)
                    || self.answer.points[after].rule == Some(Rule::Trend);
                if !trend && self.side(i) * self.side(after) < 0 {
                    break;
                }
            }
            episode.push(i);
        }
        episode.reverse();
        if episode.is_empty() {
            episode.extend(self.included.last());
        }
        episode
    }

    /// "; limits recalculated from Dec 2025 (Learning-culture push), when the average moved from 120 to 180".
    fn phase_clause(&self) -> String {
        if self.phase_start == 0 {
            return String::new();
        }
        let change = self
            .subject
            .phases
            .iter()
            .find(|(first, _)| *first == self.phase_start)
            .map(|(_, change)| format!(" ({change})"))
            .unwrap_or_default();
        let (before, now) = (
            self.answer.points[self.phase_start - 1].cl,
            self.answer.points[self.phase_start].cl,
        );
        let (lines, average) = match self.answer.chart {
            ChartKind::Run => ("centre line", "median"),
            ChartKind::T => ("limits", "typical gap"),
            _ if self.subject.events.is_some() => ("limits", "typical gap"),
            _ => ("limits", "average"),
        };
        format!(
            "; {lines} recalculated from {}{change}, when the {average} moved from {} to {}",
            self.label(self.phase_start),
            short_number(before),
            short_number(now)
        )
    }
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

/// "Reports" → "reports", but "NEWS2 compliance" stays as it is.
fn lowered(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(text.chars().skip(1)).collect()
        }
        _ => text.to_string(),
    }
}

/// "A", "A and B", "A, B and C".
fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ChartKind, RuleSet, SpcRequest, compute};
    use super::*;

    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];

    fn months(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("{} {}", MONTHS[i % 12], 2025 + i / 12))
            .collect()
    }

    fn nhs(chart: ChartKind, y: Vec<f64>, improvement: Option<Improvement>) -> SpcRequest {
        let mut request = SpcRequest::of_values(chart, y);
        request.rules = Some(RuleSet::Nhs);
        request.improvement = improvement;
        request
    }

    fn verdict(
        request: &SpcRequest,
        measure: &str,
        unit: &str,
        phases: &[(usize, String)],
    ) -> Classification {
        let answer = compute(request).unwrap();
        let labels = months(answer.points.len());
        classify(
            &answer,
            &Subject {
                measure,
                unit,
                labels: &labels,
                improvement: request.improvement,
                phases,
                events: None,
            },
        )
    }

    /// Whatever the icon, the sentence opens with its word, says nothing of
    /// the other meanings, and the latest point is drawn in its colour.
    fn agrees(verdict: &Classification) {
        let lead = verdict.variation.lead();
        assert!(
            verdict.sentence.starts_with(&format!("{lead}: ")),
            "{verdict:?}"
        );
        let rest = verdict.sentence[lead.len()..].to_lowercase();
        for word in ["improvement", "concern", "no signal", "for the worse"] {
            assert!(!rest.contains(word), "{word} in {verdict:?}");
        }
        let latest = verdict.latest.map(|i| verdict.points[i]);
        match verdict.variation.meaning() {
            Meaning::Common | Meaning::TooSoon => assert!(
                !matches!(latest, Some(PointStyle::Signal { .. })),
                "{verdict:?}"
            ),
            meaning => assert!(
                matches!(latest, Some(PointStyle::Signal { meaning: m, .. }) if m == meaning),
                "{verdict:?}"
            ),
        }
    }

    /// Seen on the dashboard: the badge said "Common cause: no signal" while
    /// the headline said "rose and stayed higher … a real change" and the
    /// points of the old shift were drawn as signals. Now the latest point
    /// decides the word, and the old shift is named as passed.
    #[test]
    fn an_old_shift_with_a_quiet_latest_month_is_no_signal_and_says_so() {
        let mut y = vec![
            10.0, 12.0, 9.0, 11.0, 8.0, 10.0, 11.0, 9.0, 12.0, 10.0, 9.0, 11.0,
        ];
        y.extend([15.0, 16.0, 15.0, 17.0, 16.0, 15.0, 16.0, 9.0]);
        let mut request = nhs(ChartKind::I, y, Some(Improvement::Increase));
        request.freeze = Some(12);
        let verdict = verdict(&request, "Reports", "reports", &[]);
        assert_eq!(verdict.variation, VariationIcon::CommonCause);
        agrees(&verdict);
        assert!(
            verdict
                .sentence
                .starts_with("No signal: 9 reports in Aug 2026 is within the everyday variation ("),
            "{}",
            verdict.sentence
        );
        assert!(
            verdict
                .sentence
                .contains("after an earlier signal (Dec 2025 to Jul 2026) that has passed"),
            "{}",
            verdict.sentence
        );
        // Dec 2025 (11) is above the average too, so the run of eight starts there.
        assert!(
            matches!(
                verdict.points[12],
                PointStyle::Signal {
                    meaning: Meaning::Improvement,
                    ..
                }
            ),
            "the old shift keeps its colour"
        );
    }

    /// Seen on the dashboard: a rare event (17 empty months, then one) read
    /// "a real improvement" (the run of zeros) and "special cause: concern"
    /// (the one) at once. Such counts are rare; a c chart of them still gets
    /// one verdict.
    #[test]
    fn a_rare_event_is_never_improvement_and_concern_at_once() {
        let mut counts = vec![0.0; 17];
        counts.push(1.0);
        assert!(counts_are_rare(&counts));
        assert!(!counts_are_rare(&[0.0, 2.0, 1.0, 0.0, 3.0]));
        let verdict = verdict(
            &nhs(ChartKind::C, counts, Some(Improvement::Decrease)),
            "Restrictive practice",
            "restrictions",
            &[],
        );
        agrees(&verdict);
        assert_eq!(verdict.variation, VariationIcon::ConcernHigh);

        // As a t chart the same story is days between restrictions: a long gap is good.
        let gaps = vec![20.0, 35.0, 12.0, 41.0, 28.0, 18.0, 30.0, 2.0];
        let answer = compute(&nhs(ChartKind::T, gaps, Some(Improvement::Increase))).unwrap();
        let labels: Vec<String> = (1..=8).map(|d| format!("{d} Nov 2026")).collect();
        let subject = Subject {
            measure: "Restrictive practice",
            unit: "days",
            labels: &labels,
            improvement: Some(Improvement::Increase),
            phases: &[],
            events: Some(("restriction", "restrictions")),
        };
        let verdict = classify(&answer, &subject);
        agrees(&verdict);
        assert!(
            verdict.sentence.contains("days between restrictions"),
            "{}",
            verdict.sentence
        );
    }

    #[test]
    fn a_shift_to_the_latest_month_is_an_improvement_or_a_concern_by_the_better_way() {
        let mut y = vec![
            10.0, 12.0, 9.0, 11.0, 8.0, 10.0, 11.0, 9.0, 12.0, 10.0, 9.0, 11.0,
        ];
        y.extend([15.0, 16.0, 15.0, 17.0, 16.0, 15.0, 16.0]);
        let better = verdict(
            &nhs(ChartKind::I, y.clone(), Some(Improvement::Increase)),
            "Near-misses",
            "reports",
            &[],
        );
        agrees(&better);
        assert_eq!(better.variation, VariationIcon::ImprovementHigh);
        assert_eq!(
            better.sentence,
            "Improvement: near-misses rose and stayed higher since Jan 2026, not chance."
        );
        let worse = verdict(
            &nhs(ChartKind::I, y.clone(), Some(Improvement::Decrease)),
            "Falls",
            "falls",
            &[],
        );
        agrees(&worse);
        assert_eq!(worse.variation, VariationIcon::ConcernHigh);
        let neither = verdict(&nhs(ChartKind::I, y, None), "Incidents", "reports", &[]);
        agrees(&neither);
        assert_eq!(neither.variation, VariationIcon::NeitherHigh);
    }

    /// A known change recorded as a phase: the months after it are judged
    /// against their own limits, and the sentence names the change.
    #[test]
    fn a_recorded_change_starts_a_phase_and_the_sentence_names_it() {
        let mut y = vec![10.0, 12.0, 9.0, 11.0, 8.0, 10.0, 11.0, 9.0];
        y.extend([20.0, 22.0, 19.0, 21.0, 23.0, 20.0, 22.0, 21.0, 20.0, 22.0]);
        let flat = verdict(
            &nhs(ChartKind::C, y.clone(), Some(Improvement::Increase)),
            "Reports",
            "reports",
            &[],
        );
        assert!(
            flat.points[8..]
                .iter()
                .all(|p| matches!(p, PointStyle::Signal { .. })),
            "without the phase every month after the change is flagged"
        );
        let mut request = nhs(ChartKind::C, y, Some(Improvement::Increase));
        request.parts = vec![8];
        let phased = verdict(
            &request,
            "Reports",
            "reports",
            &[(8, "Learning-culture push".to_string())],
        );
        agrees(&phased);
        assert_eq!(phased.variation, VariationIcon::CommonCause);
        assert!(
            phased.points[8..].iter().all(|p| *p == PointStyle::Common),
            "{:?}",
            phased.points
        );
        assert!(
            phased.sentence.ends_with("; limits recalculated from Sep 2025 (Learning-culture push), when the average moved from 10 to 21."),
            "{}",
            phased.sentence
        );
    }

    #[test]
    fn one_point_is_too_soon_and_a_point_outside_is_named_with_its_limits() {
        let one = verdict(
            &nhs(ChartKind::C, vec![4.0], None),
            "Reports",
            "reports",
            &[],
        );
        agrees(&one);
        assert_eq!(
            one.sentence,
            "Too soon to tell: only Jan 2025 so far, too few to tell a real change from everyday variation."
        );
        let mut y = vec![
            10.0, 12.0, 9.0, 11.0, 8.0, 10.0, 11.0, 9.0, 12.0, 10.0, 9.0, 11.0,
        ];
        y.push(30.0);
        let high = verdict(
            &nhs(ChartKind::C, y, Some(Improvement::Decrease)),
            "Share with moderate harm or worse",
            "% of reports",
            &[],
        );
        agrees(&high);
        assert!(
            high.sentence.starts_with(
                "Concern: 30% of reports in Jan 2026 is unusually high, outside the limits ("
            ),
            "{}",
            high.sentence
        );
    }

    #[test]
    fn measure_names_are_lowered_unless_they_start_with_an_acronym() {
        assert_eq!(lowered("Reports"), "reports");
        assert_eq!(lowered("NEWS2 compliance"), "NEWS2 compliance");
        assert_eq!(join(&["A".into(), "B".into(), "C".into()]), "A, B and C");
        let one = verdict(&nhs(ChartKind::C, vec![3.0, 1.0], None), "Reports", "reports per 10 staff", &[]);
        assert_eq!(one.latest_amount, "1 report per 10 staff");
        let more = verdict(&nhs(ChartKind::C, vec![3.0, 2.0], None), "Reports", "reports", &[]);
        assert_eq!(more.latest_amount, "2 reports");
    }
}
