//! A chart's model: the SPC answer to draw, what it is about (title, measure,
//! unit, a label per point), its notes, target and phases, and its one
//! verdict (`learnloop_domain::spc::classification`): the icons, the
//! sentence and how each point is drawn, so none of them can disagree.

use learnloop_domain::spc::classification::{Classification, Subject, classify};
use learnloop_domain::spc::{Improvement, SpcAnswer};

/// A chart to draw: the computed answer and what it is about.
#[derive(Debug, Clone)]
pub struct Chart {
    /// The HTML id of the figure, a slug such as "reports-by-month" (no
    /// spaces: the SVG's own ids start with it and ARIA lists them by id).
    pub id: String,
    /// E.g. "Reports by month".
    pub title: String,
    /// What the sentence calls the measure, e.g. "Reports".
    pub measure: String,
    /// E.g. "reports", "per 1,000 bed days", "%".
    pub unit: String,
    /// One per point, e.g. "Mar 2026".
    pub labels: Vec<String>,
    pub answer: SpcAnswer,
    /// Annotations: (0-based point, text), numbered on the chart in point order.
    pub notes: Vec<(usize, String)>,
    /// Which way is better, for the verdict's words.
    pub improvement: Option<Improvement>,
    /// A target in plotted units, drawn as a line.
    pub target: Option<f64>,
    /// The phases' first points (0-based) and the change that began each.
    pub phases: Vec<(usize, String)>,
    /// A t chart's events, singular and plural ("restriction", "restrictions").
    pub events: Option<(String, String)>,
    /// The verdict: icons, sentence, point styles.
    pub classification: Classification,
}

impl Chart {
    /// A chart with its verdict. `labels` is made as long as the points:
    /// missing labels become "Point 7", extra ones are dropped.
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
        let unit = unit.into();
        let classification = classify(&answer, &Subject { measure: &measure, unit: &unit, labels: &labels, improvement, phases: &[], events: None });
        Chart {
            id: id.into(),
            title: title.into(),
            measure,
            unit,
            labels,
            answer,
            notes: Vec::new(),
            improvement,
            target: None,
            phases: Vec::new(),
            events: None,
            classification,
        }
    }

    fn reclassify(&mut self) {
        let subject = Subject {
            measure: &self.measure,
            unit: &self.unit,
            labels: &self.labels,
            improvement: self.improvement,
            phases: &self.phases,
            events: self.events.as_ref().map(|(one, many)| (one.as_str(), many.as_str())),
        };
        self.classification = classify(&self.answer, &subject);
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

    /// Names the change that began each phase; the sentence says so, and a
    /// note marks where the limits were recalculated.
    pub fn with_phases(mut self, phases: Vec<(usize, String)>) -> Chart {
        for (first, change) in &phases {
            self.notes.push((*first, format!("{change}: limits recalculated from here")));
        }
        self.phases = phases;
        self.reclassify();
        self
    }

    /// Makes this a rare-event chart of the days between `events` (singular, plural).
    pub fn with_events(mut self, one: &str, many: &str) -> Chart {
        self.events = Some((one.to_string(), many.to_string()));
        self.reclassify();
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
