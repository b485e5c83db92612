//! What a chart says in words besides its verdict: each point's notes, and
//! the verdict's sentence and the notes as one paragraph for the SVG's `<desc>`.

use std::fmt::Write;

use crate::charts::model::Chart;

impl Chart {
    /// Point i's notes as "1. text; 2. text".
    pub(super) fn notes_at(&self, i: usize) -> String {
        self.numbered_notes().iter().filter(|(_, point, _)| *point == i).map(|(k, _, text)| format!("{k}. {text}")).collect::<Vec<_>>().join("; ")
    }

    /// The sentence and notes as one paragraph, for the SVG's `<desc>`.
    pub(super) fn description(&self) -> String {
        let mut text = self.classification.sentence.clone();
        for (k, point, note) in self.numbered_notes() {
            let _ = write!(text, " Note {k}, {}: {}", self.labels[point], note.trim_end_matches('.'));
            text.push('.');
        }
        text
    }
}
