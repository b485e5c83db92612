//! A chart's model: the SPC answer to draw, what it is about (title, measure,
//! unit, a label per point), its notes and target, and its summary in words.

use learnloop_domain::spc::{Improvement, SpcAnswer, Summary, summarise};

/// A chart to draw: the computed answer and what it is about.
#[derive(Debug, Clone)]
pub struct Chart {
    /// The HTML id of the figure, a slug such as "reports-by-month" (no
    /// spaces: the SVG's own ids start with it and ARIA lists them by id).
    pub id: String,
    /// E.g. "Reports by month".
    pub title: String,
    /// What the summary calls the measure, e.g. "Reports".
    pub measure: String,
    /// E.g. "reports", "per 1,000 bed days", "%".
    pub unit: String,
    /// One per point, e.g. "Mar 2026".
    pub labels: Vec<String>,
    pub answer: SpcAnswer,
    /// Annotations: (0-based point, text), numbered on the chart in point order.
    pub notes: Vec<(usize, String)>,
    /// Which way is better, for the summary's words.
    pub improvement: Option<Improvement>,
    /// A target in plotted units, drawn as a line.
    pub target: Option<f64>,
    pub summary: Summary,
}

impl Chart {
    /// A chart with its summary computed. `labels` is made as long as the
    /// points: missing labels become "Point 7", extra ones are dropped.
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        measure: impl Into<String>,
        unit: impl Into<String>,
        mut labels: Vec<String>,
        answer: SpcAnswer,
        improvement: Option<Improvement>,
    ) -> Chart {
        let n = answer.points.len();
        labels.truncate(n);
        while labels.len() < n {
            labels.push(format!("Point {}", labels.len() + 1));
        }
        let measure = measure.into();
        let summary = summarise(&answer, &measure, &labels, improvement);
        Chart { id: id.into(), title: title.into(), measure, unit: unit.into(), labels, answer, notes: Vec::new(), improvement, target: None, summary }
    }

    /// Adds a note at 0-based `point`; notes beyond the last point are not drawn.
    pub fn with_note(mut self, point: usize, text: impl Into<String>) -> Chart {
        self.notes.push((point, text.into()));
        self
    }

    /// Draws a target line at `target` (in plotted units).
    pub fn with_target(mut self, target: f64) -> Chart {
        self.target = Some(target).filter(|t| t.is_finite());
        self
    }

    /// The notes on the chart in point order, numbered from 1: (number, point, text).
    pub fn numbered_notes(&self) -> Vec<(usize, usize, &str)> {
        let mut notes: Vec<(usize, &str)> =
            self.notes.iter().filter(|(point, _)| *point < self.answer.points.len()).map(|(point, text)| (*point, text.as_str())).collect();
        notes.sort_by_key(|(point, _)| *point);
        notes.into_iter().enumerate().map(|(k, (point, text))| (k + 1, point, text)).collect()
    }

    /// Whether the chart's kind has control limits (a run chart has none).
    pub(super) fn has_limits(&self) -> bool {
        self.answer.chart.has_limits()
    }
}
