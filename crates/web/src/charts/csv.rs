//! A chart's data as CSV: a header, then one row per point, numbers to 6
//! significant figures; and as a download named after the chart.

use std::fmt::Write;

use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use learnloop_domain::spc::Rule;

use crate::charts::model::Chart;

/// `value` to 6 significant figures, without trailing zeros.
pub fn six_figures(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    if value == 0.0 {
        return "0".to_string();
    }
    let exponent = value.abs().log10().floor() as i32;
    let scale = 10f64.powi(exponent - 5);
    let rounded = (value / scale).round() * scale;
    let decimals = (5 - rounded.abs().log10().floor() as i32).max(0) as usize;
    let text = format!("{rounded:.decimals$}");
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_string() } else { text };
    if text == "-0" { "0".to_string() } else { text }
}

/// A CSV field: quoted when it holds a comma, quote or line break, quotes
/// doubled. Text that a spreadsheet would run as a formula (=, +, -, @)
/// gets a leading apostrophe.
fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_string() };
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}

fn optional(value: Option<f64>) -> String {
    value.map(six_figures).unwrap_or_default()
}

/// The chart's data: a header, then one row per point. Lines end in CRLF (RFC 4180).
pub fn csv(chart: &Chart) -> String {
    let mut out = String::from("period,value,centre,lower_limit,upper_limit,signal,rule,excluded,note\r\n");
    let numbered = chart.numbered_notes();
    for (i, point) in chart.answer.points.iter().enumerate() {
        let notes: Vec<&str> = numbered.iter().filter(|(_, p, _)| *p == i).map(|(_, _, text)| *text).collect();
        let _ = write!(
            out,
            "{},{},{},{},{},{},{},{},{}\r\n",
            csv_field(&chart.labels[i]),
            optional(point.y),
            six_figures(point.cl),
            optional(point.lcl),
            optional(point.ucl),
            point.signal,
            point.rule.map(Rule::code).unwrap_or_default(),
            point.excluded,
            csv_field(&notes.join("; "))
        );
    }
    out
}

/// The CSV as a download named after the chart's id: `<id>.csv`.
pub fn csv_download(chart: &Chart) -> Response {
    let name: String = chart.id.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
    let name = if name.is_empty() { "chart".to_string() } else { name };
    (
        [(CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (CONTENT_DISPOSITION, format!("attachment; filename=\"{name}.csv\""))],
        csv(chart),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::test_charts::spiky;

    #[test]
    fn the_csv_has_a_row_per_point_six_figures_and_escapes() {
        let chart = spiky();
        let csv = csv(&chart);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], "period,value,centre,lower_limit,upper_limit,signal,rule,excluded,note");
        assert_eq!(lines.len(), 1 + 15 + 1, "a row per point and a final line break");
        assert_eq!(lines[16], "");
        // mean 171 / 15 = 11.4, limits 11.4 ± 3√11.4 = 1.270832… and 21.529168…
        assert_eq!(lines[1], "\"Jan, \"\"early\"\" <2025> & co\",10,11.4,1.27083,21.5292,false,,false,");
        assert_eq!(lines[15], "Mar 2026,30,11.4,1.27083,21.5292,true,outside_limits,false,\"New form <launched> & \"\"speak up\"\" week\"");
    }

    #[test]
    fn csv_fields_and_numbers() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(six_figures(1.0 / 3.0), "0.333333");
        assert_eq!(six_figures(19.846153846), "19.8462");
        assert_eq!(six_figures(1234567.0), "1234570");
        assert_eq!(six_figures(-0.000012345678), "-0.0000123457");
        assert_eq!(six_figures(25.0), "25");
        assert_eq!(six_figures(0.0), "0");
        assert_eq!(six_figures(999999.7), "1000000");
    }
}
