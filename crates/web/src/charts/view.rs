//! What templates read: [`ChartView`] for the partial `chart.html` (the
//! verdict's icons and sentence, the SVG, the data table and the CSV link)
//! and [`TableRow`], one row of its data table.

use learnloop_domain::spc::classification::assurance_words;
use learnloop_domain::spc::rule_words;
use learnloop_domain::spc::summary::short_number;

use crate::charts::icons::{Announce, assurance_icon, variation_icon};
use crate::charts::model::Chart;
use crate::charts::svg::{Detail, drawing};

/// What `chart.html` shows: the verdict, the SVG, the data table and the CSV link.
pub struct ChartView {
    pub id: String,
    pub title: String,
    pub unit: String,
    /// The chart's kind, e.g. `c`, `p`, `t`.
    pub kind: String,
    /// The verdict's one sentence.
    pub sentence: String,
    /// The variation icon's code (`concern_high`) and meaning (`concern`), for styles and tests.
    pub variation: String,
    pub meaning: String,
    /// The variation icon's words, and the icon hidden beside them.
    pub variation_words: String,
    pub variation_icon: String,
    /// The same icon announced by its words, where no words stand beside it.
    pub variation_icon_named: String,
    /// The assurance icon's words and icon (hidden beside them, and announced), with a target.
    pub assurance: Option<AssuranceView>,
    pub trial_limits: bool,
    /// The latest point's value in words and its period, e.g. "182 reports", "Nov 2026".
    pub latest_amount: String,
    pub latest_period: String,
    /// The drawing, inserted as it is (`|safe`): the SVG code escapes every text.
    pub svg: String,
    pub has_limits: bool,
    pub rows: Vec<TableRow>,
    pub csv_href: String,
}

/// The assurance icon of a chart with a target.
pub struct AssuranceView {
    pub code: String,
    pub words: String,
    pub icon: String,
    pub icon_named: String,
}

/// One row of the data table, numbers to 3 significant figures.
pub struct TableRow {
    pub period: String,
    pub value: String,
    pub centre: String,
    pub lower: String,
    pub upper: String,
    /// The rule in words, "left out of the calculation", or "none".
    pub signal: String,
    pub note: String,
}

impl ChartView {
    /// `csv_href` is where the CSV download link points, e.g. "/charts/example.csv?chart=reports".
    pub fn new(chart: &Chart, csv_href: impl Into<String>) -> ChartView {
        ChartView::at_detail(chart, csv_href, Detail::Full)
    }

    /// For a wall screen: the plot without legend and notes.
    pub fn compact(chart: &Chart) -> ChartView {
        ChartView::at_detail(chart, String::new(), Detail::Compact)
    }

    fn at_detail(chart: &Chart, csv_href: impl Into<String>, detail: Detail) -> ChartView {
        let number = |value: Option<f64>| value.filter(|v| v.is_finite()).map(short_number).unwrap_or_default();
        let rows = chart
            .answer
            .points
            .iter()
            .enumerate()
            .map(|(i, point)| TableRow {
                period: chart.labels[i].clone(),
                value: number(point.y),
                centre: number(Some(point.cl)),
                lower: number(point.lcl),
                upper: number(point.ucl),
                signal: match point.rule {
                    Some(rule) if point.signal => rule_words(rule).to_string(),
                    _ if point.excluded => "left out of the calculation".to_string(),
                    _ => "none".to_string(),
                },
                note: chart.notes_at(i),
            })
            .collect();
        let verdict = &chart.classification;
        let target = chart.target.map(|t| format!(" ({})", short_number(t))).unwrap_or_default();
        ChartView {
            id: chart.id.clone(),
            title: chart.title.clone(),
            unit: chart.unit.trim().to_string(),
            kind: chart.answer.chart.code().to_string(),
            sentence: verdict.sentence.clone(),
            variation: verdict.variation.code().to_string(),
            meaning: verdict.variation.meaning().code().to_string(),
            variation_words: verdict.variation.words().to_string(),
            variation_icon: variation_icon(verdict.variation, Announce::Hidden),
            variation_icon_named: variation_icon(verdict.variation, Announce::Named),
            assurance: verdict.assurance.map(|assurance| AssuranceView {
                code: assurance.code().to_string(),
                words: format!("{}{target}", assurance_words(assurance)),
                icon: assurance_icon(assurance, Announce::Hidden),
                icon_named: assurance_icon(assurance, Announce::Named),
            }),
            trial_limits: chart.answer.trial_limits,
            latest_amount: verdict.latest_amount.clone(),
            latest_period: verdict.latest_period.clone(),
            svg: drawing(chart, detail),
            has_limits: chart.has_limits(),
            rows,
            csv_href: csv_href.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::test_charts::spiky;

    #[test]
    fn the_table_view_names_signals_and_notes() {
        let view = ChartView::new(&spiky(), "/x.csv?chart=a&b");
        assert_eq!(view.rows.len(), 15);
        let last = &view.rows[14];
        assert_eq!((last.value.as_str(), last.centre.as_str(), last.signal.as_str()), ("30", "11.4", "outside the limits"));
        assert_eq!(last.note, "1. New form <launched> & \"speak up\" week");
        assert_eq!(view.rows[0].signal, "none");
        assert!(view.has_limits);
    }

    #[test]
    fn the_icons_badge_and_sentence_come_from_one_verdict() {
        let view = ChartView::new(&spiky(), "");
        assert_eq!((view.variation.as_str(), view.meaning.as_str()), ("neither_high", "neither"));
        assert!(view.sentence.starts_with("Signal: "), "{}", view.sentence);
        assert_eq!(view.variation_words, "Special cause: higher, neither better nor worse");
        assert!(view.variation_icon_named.contains(r#"aria-label="Special cause: higher, neither better nor worse""#));
        assert!(view.svg.contains("signal signal-neither"));
        assert_eq!((view.latest_amount.as_str(), view.latest_period.as_str()), ("30 reports & <near misses>", "Mar 2026"));
    }
}
