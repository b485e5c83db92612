//! What templates read: [`ChartView`] for the partial `chart.html` (the SVG,
//! the summary, the data table and the CSV link) and [`TableRow`], one row of
//! its data table.

use learnloop_domain::spc::rule_words;
use learnloop_domain::spc::summary::short_number;

use crate::charts::model::Chart;
use crate::charts::svg::svg;

/// What `chart.html` shows: the SVG, the summary, the data table and the CSV link.
pub struct ChartView {
    pub id: String,
    pub title: String,
    pub unit: String,
    pub headline: String,
    pub details: Vec<String>,
    /// The drawing, inserted as it is (`|safe`): [`svg()`] escapes every text.
    pub svg: String,
    pub has_limits: bool,
    pub rows: Vec<TableRow>,
    pub csv_href: String,
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
        ChartView {
            id: chart.id.clone(),
            title: chart.title.clone(),
            unit: chart.unit.trim().to_string(),
            headline: chart.summary.headline.clone(),
            details: chart.summary.details.clone(),
            svg: svg(chart),
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
}
