//! A computed chart in plain words, for the people who read it on a ward or
//! in a care home: what the signals mean, naming the periods, and how far to
//! trust the limits. With parts, it reads the latest part: that is the
//! process as it runs now.
//!
//! The headline tells the latest news: the latest run of signalling points
//! (its first point is where the change started), or few crossings of the
//! centre line, or that there is no signal. The details add the rest, one
//! sentence each.

use std::ops::Range;

use serde::Serialize;

use super::{Assurance, ChartKind, Improvement, Rule, SpcAnswer};

/// A headline and the sentences that follow it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub headline: String,
    pub details: Vec<String>,
}

impl Summary {
    /// The headline and details as one paragraph, e.g. for an SVG `<desc>`.
    pub fn text(&self) -> String {
        std::iter::once(self.headline.as_str()).chain(self.details.iter().map(String::as_str)).collect::<Vec<_>>().join(" ")
    }
}

/// Says what `answer` shows about `measure` (e.g. "Reports", "Falls per
/// 1,000 bed days"); `labels[i]` names point i's period (e.g. "Mar 2026"),
/// and points without a label are called "point 3" and so on.
/// `improvement` says which way is better, to call a change an improvement
/// or a change for the worse.
pub fn summarise(answer: &SpcAnswer, measure: &str, labels: &[String], improvement: Option<Improvement>) -> Summary {
    Reader::new(answer, measure, labels, improvement).summary()
}

/// How many periods to name before "and N more".
const NAMED_AT_MOST: usize = 4;

struct Reader<'a> {
    answer: &'a SpcAnswer,
    measure: String,
    labels: &'a [String],
    improvement: Option<Improvement>,
    /// The latest part's points.
    part: Range<usize>,
    /// The latest part's points that take part in the chart: not excluded, with a value.
    included: Vec<usize>,
}

/// What a run of signalling points shows, with its direction (+1 up, −1 down).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A shift or unusually long run on one side of the centre line.
    Sustained(i8),
    Trend(i8),
    /// Two of three points close to a limit.
    NearLimit(i8),
    /// Only points outside the limits.
    Outside,
}

impl<'a> Reader<'a> {
    fn new(answer: &'a SpcAnswer, measure: &str, labels: &'a [String], improvement: Option<Improvement>) -> Reader<'a> {
        let n = answer.points.len();
        let part = match answer.parts.as_ref().and_then(|parts| parts.last()) {
            Some(last) => (last.first.saturating_sub(1)).min(n)..last.last.min(n),
            None => 0..n,
        };
        let included = part.clone().filter(|&i| !answer.points[i].excluded && answer.points[i].y.is_some()).collect();
        let measure = measure.trim();
        let measure = if measure.is_empty() { "The values".to_string() } else { capitalised(measure) };
        Reader { answer, measure, labels, improvement, part, included }
    }

    fn summary(&self) -> Summary {
        let mut details = Vec::new();
        details.extend(self.parts_sentence());
        let headline = match self.included.as_slice() {
            [] => "Nothing to summarise yet: there are no values in the latest period.".to_string(),
            [only] => format!("Only one period so far ({}): too soon to tell a real change from everyday variation.", self.label(*only)),
            _ if self.included.iter().all(|&i| self.y(i) == self.answer.points[i].cl) => {
                "No signal: every period sits exactly on the centre line, so nothing has changed.".to_string()
            }
            _ => self.signals(&mut details),
        };
        details.extend(self.excluded_sentence());
        if self.answer.trial_limits {
            details.push(format!("Limits are provisional: fewer than {} periods set them.", super::TRIAL_LIMITS_BELOW));
        }
        details.extend(self.answer.assurance.map(assurance_sentence));
        // The engine's other warnings are plain sentences already; its trial-limits one is said above.
        details.extend(self.answer.warnings.iter().filter(|w| !w.starts_with("Trial limits")).cloned());
        Summary { headline, details }
    }

    /// The headline about signals, pushing the other signals' sentences to `details`.
    fn signals(&self, details: &mut Vec<String>) -> String {
        let episodes = self.episodes();
        let few_crossings = self.few_crossings_sentence();
        let Some((latest, earlier)) = episodes.split_last() else {
            return few_crossings
                .unwrap_or_else(|| "No signal: the ups and downs are the everyday variation of this process (common cause).".to_string());
        };
        let (headline, told_outside) = match self.kind(latest) {
            Kind::Outside => (self.outside_sentences(latest).join(" "), latest.clone()),
            kind => (self.episode_sentence(latest, kind), Vec::new()),
        };
        let last = latest[latest.len() - 1];
        if Some(last) != self.latest() {
            details.push(format!("No signal after {}: the periods since show everyday variation.", self.label(last)));
        }
        for episode in earlier {
            let kind = self.kind(episode);
            if kind != Kind::Outside {
                details.push(self.episode_sentence(episode, kind));
            }
        }
        let outside: Vec<usize> = self
            .included
            .iter()
            .copied()
            .filter(|i| self.rule(*i) == Some(Rule::OutsideLimits) && !told_outside.contains(i))
            .collect();
        details.extend(self.outside_sentences(&outside));
        details.extend(few_crossings);
        headline
    }

    fn y(&self, i: usize) -> f64 {
        self.answer.points[i].y.unwrap_or(f64::NAN)
    }

    fn rule(&self, i: usize) -> Option<Rule> {
        self.answer.points[i].rule
    }

    /// Which side of the centre line point i lies: +1 above, −1 below, 0 on it.
    fn side(&self, i: usize) -> i8 {
        sign(self.y(i) - self.answer.points[i].cl)
    }

    fn label(&self, i: usize) -> String {
        match self.labels.get(i).map(|label| label.trim()) {
            Some(label) if !label.is_empty() => label.to_string(),
            _ => format!("point {}", i + 1),
        }
    }

    fn latest(&self) -> Option<usize> {
        self.included.last().copied()
    }

    /// The runs of signalling points in a row (excluded points skipped, as
    /// the rules skip them). A run splits where it changes sides of the
    /// centre line, unless the points are a trend, which may cross it; one
    /// point between two points close to a limit does not split a run (two of three).
    fn episodes(&self) -> Vec<Vec<usize>> {
        let signal = |i: usize| self.answer.points[i].signal;
        let near = |i: usize| self.rule(i) == Some(Rule::TwoOfThree);
        let mut episodes: Vec<Vec<usize>> = Vec::new();
        let mut current: Vec<usize> = Vec::new();
        for (k, &i) in self.included.iter().enumerate() {
            if !signal(i) {
                let next = self.included.get(k + 1).copied();
                let bridged = current.last().is_some_and(|&j| near(j) && next.is_some_and(|n| near(n) && self.side(n) == self.side(j)));
                if !bridged && !current.is_empty() {
                    episodes.push(std::mem::take(&mut current));
                }
                continue;
            }
            if let Some(&j) = current.last() {
                let trend = self.rule(i) == Some(Rule::Trend) || self.rule(j) == Some(Rule::Trend);
                if !trend && self.side(i) * self.side(j) < 0 {
                    episodes.push(std::mem::take(&mut current));
                }
            }
            current.push(i);
        }
        if !current.is_empty() {
            episodes.push(current);
        }
        episodes
    }

    fn kind(&self, episode: &[usize]) -> Kind {
        let with = |rules: &[Rule]| -> Vec<usize> {
            episode.iter().copied().filter(|&i| self.rule(i).is_some_and(|rule| rules.contains(&rule))).collect()
        };
        let sustained = with(&[Rule::Shift, Rule::LongRun]);
        if !sustained.is_empty() {
            let sides: i32 = sustained.iter().map(|&i| i32::from(self.side(i))).sum();
            return Kind::Sustained(if sides >= 0 { 1 } else { -1 });
        }
        let trend = with(&[Rule::Trend]);
        if let (Some(&first), Some(&last)) = (trend.first(), trend.last()) {
            let (first, last) = if first == last { (episode[0], episode[episode.len() - 1]) } else { (first, last) };
            return Kind::Trend(if self.y(last) >= self.y(first) { 1 } else { -1 });
        }
        let near = with(&[Rule::TwoOfThree]);
        if let Some(&first) = near.first() {
            return Kind::NearLimit(self.side(first));
        }
        Kind::Outside
    }

    /// "a real improvement", "a real change for the worse" or "a real change".
    fn verdict(&self, direction: i8) -> &'static str {
        match self.better(direction) {
            Some(true) => "a real improvement",
            Some(false) => "a real change for the worse",
            None => "a real change",
        }
    }

    /// Whether a move in `direction` is better, when a better way is known.
    fn better(&self, direction: i8) -> Option<bool> {
        self.improvement.map(|improvement| match improvement {
            Improvement::Increase => direction > 0,
            Improvement::Decrease => direction < 0,
        })
    }

    fn episode_sentence(&self, episode: &[usize], kind: Kind) -> String {
        let (first, last) = (episode[0], episode[episode.len() - 1]);
        let (start, end) = (self.label(first), self.label(last));
        let ongoing = Some(last) == self.latest();
        let from_the_start = Some(&first) == self.included.first();
        let m = &self.measure;
        match kind {
            Kind::Sustained(direction) => {
                let (moved, stayed) = if direction > 0 { ("rose", "higher") } else { ("fell", "lower") };
                let verdict = self.verdict(direction);
                match (ongoing, from_the_start) {
                    (true, false) => format!("{m} {moved} and stayed {stayed} since {start}: {verdict}, not chance."),
                    (true, true) => format!("{m} stayed {stayed} than the centre line throughout, from {start} to {end}: {verdict}, not chance."),
                    (false, false) => format!("{m} {moved} and stayed {stayed} from {start} to {end}: {verdict} at the time, not chance."),
                    (false, true) => format!("{m} stayed {stayed} than the centre line from {start} to {end}: {verdict} at the time, not chance."),
                }
            }
            Kind::Trend(direction) => {
                let went = if direction > 0 { "went up" } else { "went down" };
                let trend = match self.better(direction) {
                    Some(true) => "a trend towards improvement",
                    Some(false) => "a trend for the worse",
                    None => "a trend",
                };
                format!("{m} {went} period after period from {start} to {end}: {trend}, not chance.")
            }
            Kind::NearLimit(side) => {
                let close: Vec<String> = episode.iter().filter(|&&i| self.rule(i) == Some(Rule::TwoOfThree)).map(|&i| self.label(i)).collect();
                let limit = if side > 0 { "upper" } else { "lower" };
                let warning = match self.better(side) {
                    Some(true) => "an early sign of improvement, not yet a sure one".to_string(),
                    Some(false) => "an early warning of a change for the worse, not yet a sure one".to_string(),
                    None => format!("an early warning of a {}, not yet a sure one", if side > 0 { "rise" } else { "fall" }),
                };
                format!("{} {} close to the {limit} limit (two of three periods in a row): {warning}.", capitalised(&names(&close)), were(close.len()))
            }
            Kind::Outside => self.outside_sentences(episode).join(" "),
        }
    }

    /// "July 2026 was unusually high (outside the limits)." and the same for low points.
    fn outside_sentences(&self, points: &[usize]) -> Vec<String> {
        let mut sentences = Vec::new();
        for (side, word) in [(1, "high"), (-1, "low")] {
            let named: Vec<String> = points
                .iter()
                .copied()
                .filter(|&i| self.rule(i) == Some(Rule::OutsideLimits) && self.side(i) == side)
                .map(|i| self.label(i))
                .collect();
            if !named.is_empty() {
                sentences.push(format!("{} {} unusually {word} (outside the limits).", capitalised(&names(&named)), were(named.len())));
            }
        }
        sentences
    }

    fn few_crossings_sentence(&self) -> Option<String> {
        let runs = *self.answer.part_runs().last()?;
        if !runs.few_crossings() {
            return None;
        }
        let minimum = runs.crossings_min?;
        let times = if runs.crossings == 1 { "once".to_string() } else { format!("{} times", runs.crossings) };
        Some(format!(
            "{} crossed the centre line only {times} in {} periods, where chance alone would give at least {minimum}: \
             they stay on one side for longer than chance allows, a sign of a real change.",
            self.measure, runs.n_useful
        ))
    }

    fn parts_sentence(&self) -> Option<String> {
        let parts = self.answer.parts.as_ref()?;
        if parts.len() < 2 || self.part.start == 0 || self.part.is_empty() {
            return None;
        }
        let (before, now) = (self.answer.points[self.part.start - 1].cl, self.answer.points[self.part.start].cl);
        let line = if self.answer.chart == ChartKind::Run { "centre line (median)" } else { "centre line and limits" };
        let direction = match self.better(sign(now - before)) {
            _ if now == before => "",
            Some(true) => ", in the better direction",
            Some(false) => ", in the worse direction",
            None => "",
        };
        Some(format!(
            "From {} the chart starts a new part with its own {line}: the centre line moved from {} to {}{direction}. \
             This summary reads that latest part.",
            self.label(self.part.start),
            short_number(before),
            short_number(now)
        ))
    }

    fn excluded_sentence(&self) -> Option<String> {
        let excluded: Vec<String> = self.part.clone().filter(|&i| self.answer.points[i].excluded).map(|i| self.label(i)).collect();
        if excluded.is_empty() {
            return None;
        }
        let are = if excluded.len() == 1 { "is" } else { "are" };
        Some(format!("{} {are} shown but left out of the calculations.", capitalised(&names(&excluded))))
    }
}

fn assurance_sentence(assurance: Assurance) -> String {
    match assurance {
        Assurance::Pass => "The target will be met every period if nothing changes: the limits sit on the right side of it.",
        Assurance::Fail => "The target will be missed every period unless something changes: the limits sit on the wrong side of it.",
        Assurance::Inconsistent => {
            "The target will be met in some periods and missed in others: it lies between the limits, within the everyday ups and downs."
        }
    }
    .to_string()
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

fn were(count: usize) -> &'static str {
    if count == 1 { "was" } else { "were" }
}

/// "A", "A and B", "A, B and C", "A, B, C, D and 2 more periods".
fn names(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        _ if items.len() > NAMED_AT_MOST => {
            {
            let more = items.len() - NAMED_AT_MOST;
            format!("{} and {more} more period{}", items[..NAMED_AT_MOST].join(", "), if more == 1 { "" } else { "s" })
        }
        }
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A number for a sentence: three significant figures, no trailing zeros.
pub fn short_number(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    if value == 0.0 {
        return "0".to_string();
    }
    let decimals = (2 - value.abs().log10().floor() as i32).max(0) as usize;
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_string() } else { text };
    if text == "-0" { "0".to_string() } else { text }
}

#[cfg(test)]
mod tests {
    use super::super::{ChartKind, Improvement, RuleSet, SpcRequest, compute};
    use super::*;

    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// Month labels from January 2025 onwards.
    fn months(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("{} {}", MONTHS[i % 12], 2025 + i / 12)).collect()
    }

    fn answer(request: SpcRequest) -> SpcAnswer {
        compute(&request).unwrap()
    }

    fn summary(request: SpcRequest, measure: &str) -> Summary {
        let improvement = request.improvement;
        let answer = answer(request);
        summarise(&answer, measure, &months(answer.points.len()), improvement)
    }

    /// Fourteen steady months, then eight higher from March 2026.
    fn reports() -> Vec<f64> {
        let mut y = vec![10.0, 12.0, 9.0, 11.0, 8.0, 10.0, 11.0, 9.0, 12.0, 10.0, 9.0, 11.0, 10.0, 9.0];
        y.extend([15.0, 17.0, 16.0, 18.0, 15.0, 17.0, 16.0, 17.0]);
        y
    }

    #[test]
    fn a_run_upwards_to_the_latest_point_is_a_real_change_since_its_first_month() {
        let mut request = SpcRequest::of_values(ChartKind::C, reports());
        request.freeze = Some(14);
        let answer = answer(request.clone());
        assert_eq!(answer.points[14].rule, Some(Rule::LongRun), "{:?}", answer.points);
        assert_eq!(months(22)[14], "Mar 2026");
        let summary = summary(request, "Reports");
        assert_eq!(summary.headline, "Reports rose and stayed higher since Mar 2026: a real change, not chance.");
        assert!(!summary.details.iter().any(|d| d.contains("provisional")), "14 baseline points are enough: {summary:?}");
    }

    #[test]
    fn a_fall_is_an_improvement_when_a_decrease_is_better() {
        let mut y = vec![9.0, 11.0, 10.0, 12.0, 10.0, 8.0, 11.0, 9.0, 10.0, 12.0, 9.0, 11.0, 10.0, 9.0, 10.0, 11.0, 12.0];
        y.extend([5.0, 4.0, 6.0, 5.0, 4.0, 5.0, 6.0, 5.0]);
        let mut request = SpcRequest::of_values(ChartKind::I, y);
        request.freeze = Some(17);
        request.rules = Some(RuleSet::Nhs);
        request.improvement = Some(Improvement::Decrease);
        let answer = answer(request.clone());
        assert_eq!(answer.variation, super::super::Variation::SpecialCauseImprovement);
        let summary = summary(request, "repeat medication errors");
        assert_eq!(months(25)[17], "Jun 2026");
        assert_eq!(summary.headline, "Repeat medication errors fell and stayed lower since Jun 2026: a real improvement, not chance.");
        // Points of the shift below the lower limit are named as well.
        let low: Vec<String> = (17..25).filter(|&i| answer.points[i].rule == Some(Rule::OutsideLimits)).map(|i| months(25)[i].clone()).collect();
        assert!(!low.is_empty());
        assert!(summary.details.iter().any(|d| d.ends_with("unusually low (outside the limits).") && d.starts_with(&low[0])), "{summary:?}");
    }

    #[test]
    fn a_rise_is_a_change_for_the_worse_when_a_decrease_is_better() {
        let mut request = SpcRequest::of_values(ChartKind::C, reports());
        request.freeze = Some(14);
        request.improvement = Some(Improvement::Decrease);
        assert_eq!(summary(request, "Falls").headline, "Falls rose and stayed higher since Mar 2026: a real change for the worse, not chance.");
    }

    #[test]
    fn a_point_outside_the_limits_is_named_as_unusually_high() {
        let mut y = vec![10.0, 12.0, 9.0, 11.0, 8.0, 10.0, 11.0, 9.0, 12.0, 10.0, 9.0, 11.0, 10.0, 9.0, 11.0, 10.0, 12.0, 9.0];
        y.push(25.0); // July 2026
        let request = SpcRequest::of_values(ChartKind::C, y);
        let answer = answer(request.clone());
        assert_eq!(answer.points[18].rule, Some(Rule::OutsideLimits));
        let summary = summary(request, "Reports");
        assert_eq!(summary.headline, "Jul 2026 was unusually high (outside the limits).");
        assert!(!summary.details.iter().any(|d| d.contains("outside the limits")), "said once: {summary:?}");
    }

    #[test]
    fn earlier_signals_follow_the_headline_one_sentence_each() {
        // A high point in April 2025, then steady, then a low one in the latest month.
        let mut y = vec![10.0, 12.0, 9.0, 26.0, 8.0, 10.0, 11.0, 9.0, 12.0, 10.0, 9.0, 11.0, 10.0, 9.0, 11.0, 10.0, 12.0, 9.0];
        y.push(0.0);
        let answer = answer(SpcRequest::of_values(ChartKind::C, y));
        let labels = months(19);
        let summary = summarise(&answer, "Reports", &labels, None);
        assert_eq!(summary.headline, "Jul 2026 was unusually low (outside the limits).");
        assert_eq!(summary.details, vec!["Apr 2025 was unusually high (outside the limits).".to_string()]);
    }

    #[test]
    fn a_trend_is_one_sentence_naming_its_first_and_last_periods() {
        let mut y = vec![10.0, 11.0, 9.0, 10.0, 12.0, 10.0, 9.0, 11.0, 10.0, 9.0, 11.0, 10.0];
        y.extend([8.5, 9.0, 9.5, 10.0, 10.5, 11.0, 11.5]);
        let mut request = SpcRequest::of_values(ChartKind::I, y);
        request.rules = Some(RuleSet::Nhs);
        request.freeze = Some(12);
        request.improvement = Some(Improvement::Increase);
        let answer = answer(request.clone());
        assert!(answer.points[12..].iter().all(|p| p.rule == Some(Rule::Trend)), "{:?}", answer.points);
        let summary = summary(request, "Staff completing training");
        assert_eq!(summary.headline, "Staff completing training went up period after period from Jan 2026 to Jul 2026: a trend towards improvement, not chance.");
    }

    #[test]
    fn two_of_three_close_to_a_limit_is_an_early_warning() {
        // The NHS two-of-three case of icons.rs: close points at positions 13 and 15.
        let mut y = vec![10.0, 11.0, 10.0, 9.0, 10.0, 11.0, 10.0, 9.0, 10.0, 11.0, 10.0, 9.0];
        y.extend([12.2, 11.0, 12.2, 10.0]);
        let mut request = SpcRequest::of_values(ChartKind::I, y);
        request.rules = Some(RuleSet::Nhs);
        request.freeze = Some(12);
        let summary = summary(request, "Waiting days");
        assert_eq!(
            summary.headline,
            "Jan 2026 and Mar 2026 were close to the upper limit (two of three periods in a row): an early warning of a rise, not yet a sure one."
        );
        assert_eq!(summary.details, vec!["No signal after Mar 2026: the periods since show everyday variation.".to_string()]);
    }

    #[test]
    fn few_crossings_of_the_centre_line_are_a_signal_in_words() {
        // Five below, five above, twice over: 3 crossings where 20 points expect at least 6.
        let low = [3.0, 4.0, 2.0, 3.0, 4.0];
        let high = [7.0, 8.0, 6.0, 7.0, 8.0];
        let y: Vec<f64> = [low, high, low, high].concat();
        let request = SpcRequest::of_values(ChartKind::Run, y);
        let answer = answer(request.clone());
        let runs = answer.runs.clone().unwrap();
        assert!(runs.few_crossings() && !runs.long_run(), "{runs:?}");
        assert!(answer.points.iter().all(|p| !p.signal));
        let summary = summary(request, "Reports");
        assert_eq!(
            summary.headline,
            "Reports crossed the centre line only 3 times in 20 periods, where chance alone would give at least 6: \
             they stay on one side for longer than chance allows, a sign of a real change."
        );
    }

    #[test]
    fn no_signal_is_everyday_variation() {
        let y = vec![10.0, 12.0, 9.0, 11.0, 8.0, 10.0, 11.0, 9.0, 12.0, 10.0, 9.0, 11.0, 10.0, 9.0, 11.0];
        let summary = summary(SpcRequest::of_values(ChartKind::C, y), "Reports");
        assert_eq!(summary.headline, "No signal: the ups and downs are the everyday variation of this process (common cause).");
        assert!(summary.details.is_empty(), "{summary:?}");
    }

    #[test]
    fn trial_limits_are_called_provisional() {
        let y = vec![10.0, 12.0, 9.0, 11.0, 8.0, 10.0];
        let summary = summary(SpcRequest::of_values(ChartKind::C, y), "Reports");
        assert_eq!(summary.details, vec!["Limits are provisional: fewer than 12 periods set them.".to_string()]);
        // A run chart has no limits to call provisional.
        let run = summary_of_run(vec![10.0, 12.0, 9.0]);
        assert!(!run.details.iter().any(|d| d.contains("provisional")));
    }

    fn summary_of_run(y: Vec<f64>) -> Summary {
        summary(SpcRequest::of_values(ChartKind::Run, y), "Reports")
    }

    #[test]
    fn assurance_against_the_target_is_said_in_words() {
        let y = vec![10.0, 12.0, 11.0, 9.0, 10.0, 12.0, 11.0, 9.0, 10.0, 11.0, 9.0, 12.0];
        let with = |improvement, target| {
            let mut request = SpcRequest::of_values(ChartKind::I, y.clone());
            request.rules = Some(RuleSet::Nhs);
            request.improvement = Some(improvement);
            request.target = Some(target);
            summary(request, "Audit score")
        };
        let said = |summary: Summary, words: &str| assert!(summary.details.iter().any(|d| d.starts_with(words)), "{words}: {summary:?}");
        said(with(Improvement::Increase, 5.0), "The target will be met every period if nothing changes");
        said(with(Improvement::Increase, 20.0), "The target will be missed every period unless something changes");
        said(with(Improvement::Increase, 11.0), "The target will be met in some periods and missed in others");
    }

    #[test]
    fn with_parts_the_summary_reads_the_latest_part() {
        // The first part has a long run; the latest part is steady at a lower level.
        let mut y = vec![12.0, 13.0, 14.0, 12.0, 13.0, 15.0, 14.0, 13.0, 12.0, 14.0];
        y.extend([6.0, 7.0, 5.0, 6.0, 8.0, 5.0, 7.0, 6.0, 5.0, 7.0]);
        let mut request = SpcRequest::of_values(ChartKind::Run, y);
        request.parts = vec![10];
        let answer = answer(request.clone());
        assert_eq!(answer.parts.as_ref().unwrap().len(), 2);
        let summary = summary(request.clone(), "Days to feedback");
        assert_eq!(summary.headline, "No signal: the ups and downs are the everyday variation of this process (common cause).");
        assert_eq!(
            summary.details[0],
            "From Nov 2025 the chart starts a new part with its own centre line (median): the centre line moved from 13 to 6. \
             This summary reads that latest part."
        );
        request.improvement = Some(Improvement::Decrease);
        assert!(self::summary(request, "Days to feedback").details[0].contains("moved from 13 to 6, in the better direction."));
    }

    #[test]
    fn one_point_is_too_soon_to_tell() {
        let summary = summary(SpcRequest::of_values(ChartKind::C, vec![4.0]), "Reports");
        assert_eq!(summary.headline, "Only one period so far (Jan 2025): too soon to tell a real change from everyday variation.");
        assert_eq!(summary.details, vec!["Limits are provisional: fewer than 12 periods set them.".to_string()]);
    }

    #[test]
    fn all_on_the_centre_line_is_no_change() {
        let summary = summary(SpcRequest::of_values(ChartKind::C, vec![5.0; 14]), "Reports");
        assert_eq!(summary.headline, "No signal: every period sits exactly on the centre line, so nothing has changed.");
    }

    #[test]
    fn excluded_points_are_named_and_left_out_of_the_story() {
        let mut y = vec![10.0, 12.0, 9.0, 11.0, 8.0, 10.0, 11.0, 9.0, 12.0, 10.0, 9.0, 11.0, 10.0, 9.0];
        y.push(40.0); // Mar 2026, a data error, excluded
        let mut request = SpcRequest::of_values(ChartKind::C, y);
        request.exclude = vec![15];
        let answer = answer(request.clone());
        assert!(answer.points[14].excluded && !answer.points[14].signal);
        let summary = summary(request, "Reports");
        assert_eq!(summary.headline, "No signal: the ups and downs are the everyday variation of this process (common cause).");
        assert_eq!(summary.details, vec!["Mar 2026 is shown but left out of the calculations.".to_string()]);
    }

    #[test]
    fn a_spike_after_a_run_on_the_other_side_is_its_own_signal() {
        // Twelve months at ten pull the mean above them once a spike of 30 arrives.
        let mut y = vec![10.0; 12];
        y[3] = 9.0;
        y.push(30.0);
        let answer = answer(SpcRequest::of_values(ChartKind::C, y));
        assert!(answer.points.iter().all(|p| p.signal), "a long run below, then a point above the limits");
        let summary = summarise(&answer, "Reports", &months(13), None);
        assert_eq!(summary.headline, "Jan 2026 was unusually high (outside the limits).");
        assert_eq!(
            summary.details,
            vec![
                "Reports stayed lower than the centre line from Jan 2025 to Dec 2025: a real change at the time, not chance.".to_string(),
                "Reports crossed the centre line only once in 13 periods, where chance alone would give at least 3: \
                 they stay on one side for longer than chance allows, a sign of a real change."
                    .to_string(),
            ]
        );
    }

    #[test]
    fn missing_labels_fall_back_to_point_numbers() {
        let mut y = vec![10.0, 12.0, 9.0, 11.0, 8.0, 10.0, 11.0, 9.0, 12.0, 10.0, 9.0, 11.0];
        y.push(30.0);
        let answer = answer(SpcRequest::of_values(ChartKind::C, y));
        let summary = summarise(&answer, "", &[], None);
        assert_eq!(summary.headline, "Point 13 was unusually high (outside the limits).");
    }

    #[test]
    fn many_periods_are_named_four_then_counted() {
        let items: Vec<String> = (1..=6).map(|i| format!("P{i}")).collect();
        assert_eq!(names(&items[..1]), "P1");
        assert_eq!(names(&items[..2]), "P1 and P2");
        assert_eq!(names(&items[..3]), "P1, P2 and P3");
        assert_eq!(names(&items), "P1, P2, P3, P4 and 2 more periods");
    }

    #[test]
    fn short_numbers_keep_three_significant_figures() {
        assert_eq!(short_number(13.0), "13");
        assert_eq!(short_number(12.345), "12.3");
        assert_eq!(short_number(0.012345), "0.0123");
        assert_eq!(short_number(1234.6), "1235");
        assert_eq!(short_number(0.0), "0");
    }
}
