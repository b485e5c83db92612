//! A chart drawn as SVG by our own code: axes, centre lines, limits, target,
//! phases, points shaped by their signal's rule and coloured by what it
//! means (the chart's verdict), note markers, legend and notes. The verdict's
//! icons and words are HTML beside the drawing, where text can wrap and grow.

use std::fmt::Write;

use learnloop_domain::spc::classification::{Meaning, PointStyle};
use learnloop_domain::spc::summary::short_number;
use learnloop_domain::spc::{ChartKind, Rule, rule_words};

use crate::charts::palette::colour;
use crate::charts::layout::{flow, nice_ticks, text_width, tick_label, wrap};
use crate::charts::model::Chart;

const WIDTH: f64 = 480.0;
const LEFT: f64 = 46.0;
const RIGHT: f64 = 44.0;
const PLOT_HEIGHT: f64 = 200.0;
const FONT: f64 = 12.0;
const INK: &str = "#1d2330";
const MUTED: &str = "#4f5666";
const GRID: &str = "#e4e7ec";
const POINT: &str = "#1f4e9c";
const SIGNAL_EDGE: &str = "#1d2330";
const TARGET: &str = "#6b21a8";
const WHITE: &str = "#ffffff";

/// Escapes text and attribute values for XML and HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// A coordinate, to a tenth of a pixel.
fn at(value: f64) -> String {
    let text = format!("{value:.1}");
    text.strip_suffix(".0").map(str::to_string).unwrap_or(text)
}

/// The signal's shape around (x, y): a triangle pointing away from the centre
/// line for a point outside the limits, a square for a shift or long run, a
/// diamond for a trend, a hexagon for two of three close to a limit.
fn signal_shape(rule: Rule, x: f64, y: f64, up: bool) -> String {
    let s = 7.0;
    let points: Vec<(f64, f64)> = match rule {
        Rule::OutsideLimits if up => vec![(x, y - s * 1.25), (x + s * 1.1, y + s * 0.75), (x - s * 1.1, y + s * 0.75)],
        Rule::OutsideLimits => vec![(x, y + s * 1.25), (x + s * 1.1, y - s * 0.75), (x - s * 1.1, y - s * 0.75)],
        Rule::LongRun | Rule::Shift => vec![(x - s * 0.85, y - s * 0.85), (x + s * 0.85, y - s * 0.85), (x + s * 0.85, y + s * 0.85), (x - s * 0.85, y + s * 0.85)],
        Rule::Trend => vec![(x, y - s * 1.2), (x + s * 1.2, y), (x, y + s * 1.2), (x - s * 1.2, y)],
        Rule::TwoOfThree => (0..6)
            .map(|k| {
                let angle = std::f64::consts::PI / 3.0 * k as f64;
                (x + s * angle.cos(), y + s * angle.sin())
            })
            .collect(),
    };
    let mut d = String::new();
    for (k, (px, py)) in points.iter().enumerate() {
        let _ = write!(d, "{}{} {}", if k == 0 { "M" } else { "L" }, at(*px), at(*py));
    }
    d.push('Z');
    d
}

/// A circle as a path, for legend samples: `<circle>` is kept for the data points.
fn circle_path(x: f64, y: f64, r: f64) -> String {
    format!("M{} {}a{r} {r} 0 1 0 {} 0a{r} {r} 0 1 0 {} 0Z", at(x - r), at(y), at(2.0 * r), at(-2.0 * r))
}

/// Draws and measures: the plot's scales and the SVG text built so far.
struct Canvas<'a> {
    chart: &'a Chart,
    out: String,
    plot_top: f64,
    lo: f64,
    hi: f64,
}

impl Canvas<'_> {
    fn n(&self) -> usize {
        self.chart.answer.points.len()
    }
    fn plot_right(&self) -> f64 {
        WIDTH - RIGHT
    }
    fn plot_bottom(&self) -> f64 {
        self.plot_top + PLOT_HEIGHT
    }
    fn step(&self) -> f64 {
        (self.plot_right() - LEFT) / self.n().max(1) as f64
    }
    fn x(&self, i: usize) -> f64 {
        LEFT + self.step() * (i as f64 + 0.5)
    }
    fn y(&self, value: f64) -> f64 {
        let y = self.plot_bottom() - (value - self.lo) / (self.hi - self.lo) * PLOT_HEIGHT;
        // Inputs are bounded where they are checked; never draw NaN if one slips by.
        if y.is_finite() { y } else { self.plot_bottom() }
    }

    /// The parts as 0-based ranges.
    fn parts(&self) -> Vec<std::ops::Range<usize>> {
        match &self.chart.answer.parts {
            Some(parts) if !parts.is_empty() => parts.iter().map(|p| p.first.saturating_sub(1)..p.last.min(self.n())).collect(),
            _ => std::iter::once(0..self.n()).collect(),
        }
    }

    /// A line across a part that steps where its value changes, half a step
    /// beyond the part's first and last points.
    fn step_line(&self, part: std::ops::Range<usize>, value: impl Fn(usize) -> Option<f64>) -> String {
        let half = self.step() / 2.0;
        let mut d = String::new();
        let mut open: Option<(f64, usize)> = None;
        for i in part {
            match (value(i).filter(|v| v.is_finite()), open) {
                (Some(v), None) => {
                    let _ = write!(d, "M{} {}", at(self.x(i) - half), at(self.y(v)));
                    open = Some((v, i));
                }
                (Some(v), Some((previous, _))) => {
                    if v != previous {
                        let _ = write!(d, "H{}V{}", at(self.x(i) - half), at(self.y(v)));
                    }
                    open = Some((v, i));
                }
                (None, Some((_, last))) => {
                    let _ = write!(d, "H{}", at(self.x(last) + half));
                    open = None;
                }
                (None, None) => {}
            }
        }
        if let Some((_, last)) = open {
            let _ = write!(d, "H{}", at(self.x(last) + half));
        }
        d
    }

    fn text(&mut self, x: f64, y: f64, anchor: &str, class: &str, extra: &str, text: &str) {
        let _ = write!(
            self.out,
            r#"<text x="{}" y="{}" text-anchor="{anchor}" class="{class}"{extra}>{}</text>"#,
            at(x),
            at(y),
            escape(text)
        );
    }
}

enum Sample {
    Value,
    Centre,
    Limits,
    Target,
    Signal(Rule, Meaning),
    Excluded,
    Part,
}

/// How much to draw: everything, or (for a wall screen read from across a
/// room) the plot alone, without legend and notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    Full,
    Compact,
}

/// The SVG of `chart`, drawn by our own code; every text is escaped.
pub fn svg(chart: &Chart) -> String {
    drawing(chart, Detail::Full)
}

/// The SVG of `chart` at the given detail.
pub fn drawing(chart: &Chart, detail: Detail) -> String {
    let answer = &chart.answer;
    let id = escape(&chart.id);
    let mut canvas = Canvas { chart, out: String::new(), plot_top: 0.0, lo: 0.0, hi: 1.0 };

    let mut top = 6.0;
    if !chart.unit.trim().is_empty() {
        canvas.text(8.0, top + 12.0, "start", "unit", &format!(r#" fill="{MUTED}""#), chart.unit.trim());
        top += 18.0;
    }
    canvas.plot_top = top + 14.0;

    // Scales.
    let mut values: Vec<f64> = Vec::new();
    for p in &answer.points {
        values.extend(p.y);
        values.push(p.cl);
        values.extend(p.lcl);
        values.extend(p.ucl);
    }
    values.extend(chart.target);
    values.retain(|v| v.is_finite());
    let mut lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() {
        lo = 0.0;
    }
    let hi = if hi.is_finite() { hi } else { 1.0 };
    let never_negative = matches!(answer.chart, ChartKind::C | ChartKind::U | ChartKind::P | ChartKind::Pp | ChartKind::Up | ChartKind::Mr | ChartKind::T);
    if never_negative && lo >= 0.0 {
        lo = 0.0;
    }
    let ticks = nice_ticks(lo, hi, 5);
    let tick_step = if ticks.len() > 1 { ticks[1] - ticks[0] } else { 1.0 };
    canvas.lo = ticks.first().copied().unwrap_or(0.0);
    canvas.hi = ticks.last().copied().filter(|&t| t > canvas.lo).unwrap_or(canvas.lo + 1.0);

    // Grid, y ticks and axes.
    canvas.out.push_str(r#"<g class="grid">"#);
    for &tick in &ticks {
        let y = canvas.y(tick);
        let _ = write!(canvas.out, r#"<path d="M{} {}H{}" stroke="{GRID}" stroke-width="1"/>"#, at(LEFT), at(y), at(canvas.plot_right()));
        canvas.text(LEFT - 6.0, y + 4.0, "end", "tick", &format!(r#" fill="{MUTED}""#), &tick_label(tick, tick_step));
    }
    canvas.out.push_str("</g>");
    let _ = write!(
        canvas.out,
        r#"<path class="axis" d="M{} {}V{}H{}" fill="none" stroke="{MUTED}" stroke-width="1"/>"#,
        at(LEFT),
        at(canvas.plot_top),
        at(canvas.plot_bottom()),
        at(canvas.plot_right())
    );

    // X labels, thinned to fit, always keeping the latest.
    let n = canvas.n();
    let widest = chart.labels.iter().map(|l| text_width(l, FONT)).fold(0.0, f64::max) + 10.0;
    let fit = (((canvas.plot_right() - LEFT) / widest).floor() as usize).max(1);
    let every = n.div_ceil(fit).max(1);
    canvas.out.push_str(r#"<g class="x-labels">"#);
    for i in (0..n).filter(|i| (n - 1 - i).is_multiple_of(every)) {
        let x = canvas.x(i);
        let _ = write!(canvas.out, r#"<path d="M{} {}v4" stroke="{MUTED}"/>"#, at(x), at(canvas.plot_bottom()));
        let label = chart.labels[i].clone();
        canvas.text(x, canvas.plot_bottom() + 17.0, "middle", "tick", &format!(r#" fill="{MUTED}""#), &label);
    }
    canvas.out.push_str("</g>");

    // Part boundaries.
    let parts = canvas.parts();
    for part in parts.iter().skip(1) {
        let x = canvas.x(part.start) - canvas.step() / 2.0;
        let _ = write!(
            canvas.out,
            r#"<path class="part-rule" d="M{} {}V{}" stroke="{INK}" stroke-width="1.5" stroke-dasharray="1 3" stroke-linecap="round"/>"#,
            at(x),
            at(canvas.plot_top - 6.0),
            at(canvas.plot_bottom())
        );
        canvas.text(x + 4.0, canvas.plot_top - 2.0, "start", "part-label", &format!(r#" fill="{MUTED}" font-size="11""#), "New phase");
    }

    // Centre lines, limits and the target.
    for (k, part) in parts.iter().enumerate() {
        let centre = canvas.step_line(part.clone(), |i| Some(answer.points[i].cl));
        let _ = write!(canvas.out, r#"<path class="centre" d="{centre}" fill="none" stroke="{INK}" stroke-width="1.5"/>"#);
        for limit in [canvas.step_line(part.clone(), |i| answer.points[i].ucl), canvas.step_line(part.clone(), |i| answer.points[i].lcl)] {
            if !limit.is_empty() {
                let _ = write!(canvas.out, r#"<path class="limit" d="{limit}" fill="none" stroke="{MUTED}" stroke-width="1.5" stroke-dasharray="6 4"/>"#);
            }
        }
        // Earlier parts' centre lines carry their value; the latest part's is in the margin.
        if k + 1 < parts.len() && !part.is_empty() {
            let cl = answer.points[part.start].cl;
            let (x, y) = (canvas.x(part.start) - canvas.step() / 2.0 + 3.0, canvas.y(cl) - 5.0);
            canvas.text(x, y, "start", "line-value", &format!(r#" fill="{INK}" font-size="11""#), &short_number(cl));
        }
    }
    if let Some(target) = chart.target {
        let y = canvas.y(target);
        let _ = write!(
            canvas.out,
            r#"<path class="target" d="M{} {}H{}" stroke="{TARGET}" stroke-width="2" stroke-dasharray="2 4" stroke-linecap="round"/>"#,
            at(LEFT),
            at(y),
            at(canvas.plot_right())
        );
    }
    // The latest lines' values and the target in the right margin, pushed apart so they never overlap.
    if let Some(last) = answer.points.last() {
        let mut labels: Vec<(f64, f64, &str)> = [Some(last.cl), last.ucl, last.lcl]
            .into_iter()
            .flatten()
            .filter(|v| v.is_finite())
            .map(|v| (canvas.y(v), v, INK))
            .collect();
        labels.sort_by(|a, b| a.0.total_cmp(&b.0));
        labels.dedup_by(|a, b| short_number(a.1) == short_number(b.1));
        if let Some(target) = chart.target {
            labels.push((canvas.y(target), target, TARGET));
            labels.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
        for k in 1..labels.len() {
            if labels[k].0 - labels[k - 1].0 < 12.0 {
                labels[k].0 = labels[k - 1].0 + 12.0;
            }
        }
        for (y, value, colour) in labels {
            let class = if colour == TARGET { "line-value target-label" } else { "line-value" };
            canvas.text(canvas.plot_right() + 4.0, y + 4.0, "start", class, &format!(r#" fill="{colour}" font-size="11""#), &short_number(value));
        }
    }

    // The data line, broken between parts and where a point has no value.
    for part in &parts {
        let mut d = String::new();
        let mut pen_down = false;
        for i in part.clone() {
            match answer.points[i].y.filter(|v| v.is_finite()) {
                Some(v) => {
                    let _ = write!(d, "{}{} {}", if pen_down { "L" } else { "M" }, at(canvas.x(i)), at(canvas.y(v)));
                    pen_down = true;
                }
                None => pen_down = false,
            }
        }
        if !d.is_empty() {
            let _ = write!(canvas.out, r#"<path class="data-line" d="{d}" fill="none" stroke="{POINT}" stroke-width="1.5" stroke-opacity="0.7"/>"#);
        }
    }

    // Points: a circle each; signals inside their rule's shape; excluded ones hollow.
    let unit = chart.unit.trim();
    for (i, point) in answer.points.iter().enumerate() {
        let Some(value) = point.y.filter(|v| v.is_finite()) else { continue };
        let (x, y) = (canvas.x(i), canvas.y(value));
        let mut tip = format!("{}: {}{}", chart.labels[i], short_number(value), if unit.is_empty() { String::new() } else { format!(" {unit}") });
        let notes = chart.notes_at(i);
        match chart.classification.points.get(i).copied().unwrap_or(PointStyle::Common) {
            PointStyle::Signal { meaning, rule } => {
                let _ = write!(tip, "; signal: {}", rule_words(rule));
                if !notes.is_empty() {
                    let _ = write!(tip, "; note {notes}");
                }
                let _ = write!(
                    canvas.out,
                    r#"<g class="point signal signal-{} rule-{}"><title>{}</title><path class="signal-shape" d="{}" fill="{}" stroke="{SIGNAL_EDGE}" stroke-width="1"/><circle class="pt" cx="{}" cy="{}" r="2.2" fill="{WHITE}"/></g>"#,
                    meaning.code(),
                    rule.code(),
                    escape(&tip),
                    signal_shape(rule, x, y, value >= point.cl),
                    colour(meaning),
                    at(x),
                    at(y)
                );
            }
            PointStyle::Excluded => {
                tip.push_str("; left out of the calculation");
                if !notes.is_empty() {
                    let _ = write!(tip, "; note {notes}");
                }
                let _ = write!(
                    canvas.out,
                    r#"<g class="point excluded"><title>{}</title><circle class="pt" cx="{}" cy="{}" r="4" fill="{WHITE}" stroke="{POINT}" stroke-width="1.5"/></g>"#,
                    escape(&tip),
                    at(x),
                    at(y)
                );
            }
            PointStyle::Common | PointStyle::NoValue => {
                if !notes.is_empty() {
                    let _ = write!(tip, "; note {notes}");
                }
                let _ = write!(
                    canvas.out,
                    r#"<g class="point"><title>{}</title><circle class="pt" cx="{}" cy="{}" r="4" fill="{POINT}"/></g>"#,
                    escape(&tip),
                    at(x),
                    at(y)
                );
            }
        }
    }

    // Note markers: a numbered box above the point (below it near the top), stacked when several.
    let notes = if detail == Detail::Full { chart.numbered_notes() } else { Vec::new() };
    let mut stacked_at: Vec<usize> = vec![0; n];
    for (number, point, text) in &notes {
        let p = &answer.points[*point];
        let anchor = p.y.filter(|v| v.is_finite()).unwrap_or(p.cl);
        let (x, y) = (canvas.x(*point), canvas.y(anchor));
        let level = stacked_at[*point] as f64;
        stacked_at[*point] += 1;
        let mut box_top = y - 30.0 - level * 20.0;
        if box_top < canvas.plot_top - 4.0 {
            box_top = y + 14.0 + level * 20.0;
        }
        let leader_end = if box_top < y { box_top + 16.0 } else { box_top };
        let _ = write!(
            canvas.out,
            r##"<g class="note-marker"><title>Note {number}: {}</title><path d="M{} {}V{}" stroke="{INK}" stroke-width="1"/><rect x="{}" y="{}" width="16" height="16" rx="3" fill="{WHITE}" stroke="{INK}" stroke-width="1.5"/><text x="{}" y="{}" text-anchor="middle" font-size="11" font-weight="700" fill="{INK}">{number}</text></g>"##,
            escape(text),
            at(x),
            at(if box_top < y { y - 6.0 } else { y + 6.0 }),
            at(leader_end),
            at(x - 8.0),
            at(box_top),
            at(x),
            at(box_top + 12.0)
        );
    }

    // Legend and notes, unless compact.
    let mut bottom = canvas.plot_bottom() + 24.0;
    if detail == Detail::Full {
    let mut samples: Vec<(Sample, String)> = vec![(Sample::Value, "Value".to_string())];
    let centre_words = match answer.chart {
        ChartKind::Run => "Centre line (median)",
        _ => "Centre line (average)",
    };
    samples.push((Sample::Centre, centre_words.to_string()));
    if chart.has_limits() {
        samples.push((Sample::Limits, "Limits (everyday variation)".to_string()));
    }
    if let Some(target) = chart.target {
        samples.push((Sample::Target, format!("Target ({})", short_number(target))));
    }
    for rule in [Rule::OutsideLimits, Rule::LongRun, Rule::Shift, Rule::Trend, Rule::TwoOfThree] {
        for meaning in [Meaning::Improvement, Meaning::Concern, Meaning::Neither] {
            if chart.classification.points.contains(&PointStyle::Signal { meaning, rule }) {
                let what = match meaning {
                    Meaning::Improvement => "Improvement",
                    Meaning::Concern => "Concern",
                    _ => "Signal",
                };
                samples.push((Sample::Signal(rule, meaning), format!("{what} ({})", rule_words(rule))));
            }
        }
    }
    if answer.points.iter().any(|p| p.excluded) {
        samples.push((Sample::Excluded, "Left out of the calculation".to_string()));
    }
    if parts.len() > 1 {
        samples.push((Sample::Part, "New phase: limits recalculated".to_string()));
    }
    let widths: Vec<f64> = samples.iter().map(|(_, text)| 26.0 + text_width(text, FONT)).collect();
    let legend_top = canvas.plot_bottom() + 34.0;
    let (placed, rows) = flow(&widths, 8.0, WIDTH - 8.0, 14.0);
    canvas.out.push_str(r#"<g class="legend">"#);
    for ((sample, text), (x, row)) in samples.iter().zip(placed) {
        let y = legend_top + row as f64 * 20.0;
        let (cx, cy) = (x + 10.0, y - 4.0);
        let drawing = match sample {
            Sample::Value => format!(r#"<path class="key-value" d="{}" fill="{POINT}"/>"#, circle_path(cx, cy, 4.0)),
            Sample::Centre => format!(r#"<path d="M{} {}h20" stroke="{INK}" stroke-width="1.5"/>"#, at(x), at(cy)),
            Sample::Limits => format!(r#"<path d="M{} {}h20" stroke="{MUTED}" stroke-width="1.5" stroke-dasharray="6 4"/>"#, at(x), at(cy)),
            Sample::Target => format!(r#"<path d="M{} {}h20" stroke="{TARGET}" stroke-width="2" stroke-dasharray="2 4" stroke-linecap="round"/>"#, at(x), at(cy)),
            Sample::Signal(rule, meaning) => format!(
                r#"<path class="signal-shape" d="{}" fill="{}" stroke="{SIGNAL_EDGE}" stroke-width="1"/>"#,
                signal_shape(*rule, cx, cy, true),
                colour(*meaning)
            ),
            Sample::Excluded => format!(r#"<path class="key-excluded" d="{}" fill="{WHITE}" stroke="{POINT}" stroke-width="1.5"/>"#, circle_path(cx, cy, 4.0)),
            Sample::Part => format!(
                r#"<path d="M{} {}v14" stroke="{INK}" stroke-width="1.5" stroke-dasharray="1 3" stroke-linecap="round"/>"#,
                at(cx),
                at(cy - 7.0)
            ),
        };
        canvas.out.push_str(&drawing);
        canvas.text(x + 26.0, y, "start", "legend-text", &format!(r#" fill="{INK}""#), text);
    }
    canvas.out.push_str("</g>");
    bottom = legend_top + rows.saturating_sub(1) as f64 * 20.0 + 8.0;

    // Notes, listed below the legend.
    if !notes.is_empty() {
        canvas.out.push_str(r#"<g class="notes">"#);
        bottom += 10.0;
        let chars = ((WIDTH - 40.0) / (FONT * 0.56)).floor() as usize;
        for (number, point, text) in &notes {
            let _ = write!(
                canvas.out,
                r##"<rect x="8" y="{}" width="16" height="16" rx="3" fill="{WHITE}" stroke="{INK}" stroke-width="1.5"/><text x="16" y="{}" text-anchor="middle" font-size="11" font-weight="700" fill="{INK}">{number}</text>"##,
                at(bottom),
                at(bottom + 12.0)
            );
            for (k, line) in wrap(&format!("{}: {}", chart.labels[*point], text), chars).iter().enumerate() {
                canvas.text(30.0, bottom + 12.5 + k as f64 * 16.0, "start", "note-text", &format!(r#" fill="{INK}""#), line);
                if k > 0 {
                    bottom += 16.0;
                }
            }
            bottom += 22.0;
        }
        canvas.out.push_str("</g>");
    }
    }
    let height = bottom.ceil() + 4.0;

    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 {} {}" width="100%" role="img" aria-labelledby="{id}-title" aria-describedby="{id}-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="{FONT}"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>{}</svg>"#,
        at(WIDTH),
        at(height),
        escape(&chart.title),
        escape(&chart.description()),
        canvas.out
    )
}

#[cfg(test)]
mod tests {
    use learnloop_domain::spc::{Improvement, RuleSet, SpcRequest, compute};

    use super::*;
    use crate::charts::test_charts::{months, spiky};

    /// Checks that every element opened is closed in order, that no raw
    /// `<`, `>` or `&` stands in text or attributes, and returns the tags opened.
    fn well_formed(xml: &str) -> Vec<String> {
        let mut stack: Vec<String> = Vec::new();
        let mut opened = Vec::new();
        let mut rest = xml;
        while let Some(start) = rest.find('<') {
            check_text(&rest[..start]);
            let end = start + rest[start..].find('>').expect("a tag closes");
            let tag = &rest[start + 1..end];
            assert!(!tag.contains('<'), "a raw < inside the tag {tag}");
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop().as_deref(), Some(name), "closing {name}");
            } else {
                let name: String = tag.chars().take_while(|c| !c.is_whitespace() && *c != '/').collect();
                check_attributes(tag);
                opened.push(name.clone());
                if !tag.ends_with('/') {
                    stack.push(name);
                }
            }
            rest = &rest[end + 1..];
        }
        check_text(rest);
        assert!(stack.is_empty(), "left open: {stack:?}");
        opened
    }

    fn check_text(text: &str) {
        assert!(!text.contains('>'), "a raw > in text: {text}");
        check_ampersands(text);
    }

    fn check_attributes(tag: &str) {
        // Attribute values are double-quoted: an even count of quotes, no raw & inside.
        assert_eq!(tag.matches('"').count() % 2, 0, "unbalanced quotes in {tag}");
        check_ampersands(tag);
    }

    fn check_ampersands(text: &str) {
        for (i, _) in text.match_indices('&') {
            let entity: String = text[i..].chars().take_while(|c| *c != ';').collect();
            assert!(["&amp", "&lt", "&gt", "&quot", "&#39"].contains(&entity.as_str()), "a raw & at {}", &text[i..]);
        }
    }

    #[test]
    fn the_svg_is_well_formed_and_every_text_escaped() {
        let chart = spiky();
        let svg = svg(&chart);
        let tags = well_formed(&svg);
        assert_eq!(tags[0], "svg");
        assert!(svg.contains(r#"viewBox="0 0 480 "#) && svg.contains(r#"width="100%""#) && svg.contains(r#"role="img""#), "{svg}");
        assert!(svg.contains(r#"aria-labelledby="reports &lt;&amp;&quot;-title""#));
        assert!(svg.contains("<title id=\"reports &lt;&amp;&quot;-title\">Reports &lt;by&gt; &quot;month&quot; &amp; more</title>"), "{svg}");
        assert!(svg.contains("Jan, &quot;early&quot; &lt;2025&gt; &amp; co"));
        assert!(svg.contains("New form &lt;launched&gt; &amp; &quot;speak up&quot; week"));
        assert!(!svg.contains("beyond the chart"), "a note past the last point is not drawn");
        assert!(svg.contains("reports &amp; &lt;near misses&gt;"));
    }

    #[test]
    fn the_desc_is_the_sentence_and_the_notes() {
        let chart = spiky();
        let svg = svg(&chart);
        assert!(chart.classification.sentence.starts_with("Signal: 30 reports & <near misses> in Mar 2026 is unusually high"), "{}", chart.classification.sentence);
        let desc = format!(
            "<desc id=\"reports &lt;&amp;&quot;-desc\">{} Note 1, Mar 2026: New form &lt;launched&gt; &amp; &quot;speak up&quot; week.</desc>",
            escape(&chart.classification.sentence)
        );
        assert!(svg.contains(&desc), "{svg}");
    }

    #[test]
    fn one_circle_per_point_with_a_value_and_signals_shaped_and_named() {
        let chart = spiky();
        let svg = svg(&chart);
        assert_eq!(svg.matches("<circle").count(), 15);
        assert_eq!(svg.matches(r#"<g class="point signal signal-neither rule-outside_limits">"#).count(), 1, "no better way: neither");
        assert!(svg.contains("Signal (outside the limits)"), "the legend names the rule");
        assert!(svg.contains("<title>Mar 2026: 30 reports &amp; &lt;near misses&gt;; signal: outside the limits; note 1. New form"), "{svg}");
        assert!(svg.contains(r#"class="limit""#) && svg.contains(r#"stroke-dasharray="6 4""#));

        // A moving-range chart has no value at its first point: no circle there.
        let mr = compute(&SpcRequest::of_values(ChartKind::Mr, vec![3.0, 5.0, 4.0, 6.0])).unwrap();
        let chart = Chart::new("mr", "Moving ranges", "Ranges", "", months(4), mr, None);
        assert_eq!(svg_of(&chart).matches("<circle").count(), 3);
    }

    fn svg_of(chart: &Chart) -> String {
        let svg = svg(chart);
        well_formed(&svg);
        svg
    }

    #[test]
    fn run_charts_have_no_limits_and_parts_draw_a_rule() {
        let mut y = vec![12.0, 13.0, 14.0, 12.0, 13.0, 15.0, 14.0, 13.0, 12.0, 14.0];
        y.extend([6.0, 7.0, 5.0, 6.0, 8.0, 5.0, 7.0, 6.0, 5.0, 7.0]);
        let mut request = SpcRequest::of_values(ChartKind::Run, y);
        request.parts = vec![10];
        request.exclude = vec![3];
        let chart = Chart::new("days", "Days to feedback", "Days to feedback", "days", months(20), compute(&request).unwrap(), Some(Improvement::Decrease));
        let svg = svg_of(&chart);
        assert!(!svg.contains(r#"class="limit""#), "no limits on a run chart");
        assert_eq!(svg.matches(r#"class="part-rule""#).count(), 1);
        assert_eq!(svg.matches(r#"class="centre""#).count(), 2, "a centre line per part");
        assert!(svg.contains("Centre line (median)") && svg.contains("New phase"));
        assert_eq!(svg.matches(r#"<g class="point excluded">"#).count(), 1);
        assert!(svg.contains("Left out of the calculation"));
        assert!(!svg.contains("Trial limits"));
    }

    #[test]
    fn varying_limits_step_and_the_latest_signal_is_drawn_as_the_verdict_says() {
        let numerator = vec![18.0, 20.0, 16.0, 19.0, 17.0, 21.0, 12.0, 11.0, 10.0, 12.0, 11.0, 10.0, 11.0];
        let denominator = vec![3000.0, 2900.0, 3100.0, 2950.0, 3050.0, 3000.0, 2980.0, 3020.0, 2990.0, 3010.0, 2970.0, 3030.0, 3000.0];
        let mut request = SpcRequest::of_ratio(ChartKind::U, numerator, denominator);
        request.multiply = Some(1000.0);
        request.rules = Some(RuleSet::Nhs);
        request.improvement = Some(Improvement::Decrease);
        request.target = Some(5.0);
        request.freeze = Some(6);
        let answer = compute(&request).unwrap();
        assert!(answer.trial_limits);
        let chart = Chart::new("falls", "Falls per 1,000 bed days", "Falls", "per 1,000 bed days", months(13), answer, Some(Improvement::Decrease)).with_target(5.0);
        let svg = svg_of(&chart);
        let limit = svg.split(r#"<path class="limit" d=""#).nth(1).unwrap().split('"').next().unwrap();
        assert!(limit.matches('V').count() > 3, "limits step with the denominator: {limit}");
        assert_eq!(chart.classification.variation.meaning(), Meaning::Improvement);
        assert!(svg.contains("signal signal-improvement"), "the latest point in the icon's colour: {svg}");
        assert!(chart.classification.assurance.is_some());
        assert!(svg.contains(r#"class="target""#) && svg.contains("Target (5)"));
    }
}

#[cfg(test)]
mod compact_tests {
    use super::*;
    use crate::charts::test_charts::spiky;

    #[test]
    fn a_compact_drawing_leaves_out_the_legend_and_notes() {
        let chart = spiky();
        let (full, compact) = (svg(&chart), drawing(&chart, Detail::Compact));
        assert!(full.contains(r#"class="legend""#) && full.contains(r#"class="notes""#));
        assert!(!compact.contains(r#"class="legend""#) && !compact.contains(r#"class="notes""#) && !compact.contains("note-marker"));
        assert_eq!(compact.matches("<circle").count(), full.matches("<circle").count(), "every point is still drawn");
    }
}
