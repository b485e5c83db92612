//! What a chart says in words besides its summary: what the variation and
//! assurance icons say as badges, each point's notes, and the summary and
//! notes as one paragraph for the SVG's `<desc>`.

use std::fmt::Write;

use learnloop_domain::spc::{Assurance, Variation};

use crate::charts::model::Chart;

/// What the variation icon says, as a badge.
pub fn variation_words(variation: Variation) -> &'static str {
    match variation {
        Variation::CommonCause => "Common cause: no signal",
        Variation::SpecialCauseImprovement => "Special cause: improvement",
        Variation::SpecialCauseConcern => "Special cause: concern",
        Variation::SpecialCauseHigh => "Special cause: higher",
        Variation::SpecialCauseLow => "Special cause: lower",
    }
}

/// What the assurance icon says, as a badge.
pub fn assurance_words(assurance: Assurance) -> &'static str {
    match assurance {
        Assurance::Pass => "Target: will be met consistently",
        Assurance::Fail => "Target: will be missed unless things change",
        Assurance::Inconsistent => "Target: will not be met consistently",
    }
}

impl Chart {
    /// Point i's notes as "1. text; 2. text".
    pub(super) fn notes_at(&self, i: usize) -> String {
        self.numbered_notes().iter().filter(|(_, point, _)| *point == i).map(|(k, _, text)| format!("{k}. {text}")).collect::<Vec<_>>().join("; ")
    }

    /// The summary and notes as one paragraph, for the SVG's `<desc>`.
    pub(super) fn description(&self) -> String {
        let mut text = self.summary.text();
        for (k, point, note) in self.numbered_notes() {
            let _ = write!(text, " Note {k}, {}: {}", self.labels[point], note.trim_end_matches('.'));
            text.push('.');
        }
        text
    }
}
