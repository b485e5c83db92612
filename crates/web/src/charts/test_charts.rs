//! Charts for the unit tests of the chart modules.

use learnloop_domain::spc::{ChartKind, SpcRequest, compute};

use crate::charts::model::Chart;

/// Month labels from January 2025 onwards.
pub(super) fn months(n: usize) -> Vec<String> {
    const NAMES: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    (0..n).map(|i| format!("{} {}", NAMES[i % 12], 2025 + i / 12)).collect()
}

/// A c chart with a spike in its latest month and a title, unit, label and note needing escapes.
pub(super) fn spiky() -> Chart {
    let mut y = vec![10.0, 12.0, 9.0, 11.0, 8.0, 10.0, 11.0, 9.0, 12.0, 10.0, 9.0, 11.0, 10.0, 9.0];
    y.push(30.0);
    let answer = compute(&SpcRequest::of_values(ChartKind::C, y)).unwrap();
    let mut labels = months(15);
    labels[0] = "Jan, \"early\" <2025> & co".to_string();
    Chart::new("reports <&\"", "Reports <by> \"month\" & more", "Reports", "reports & <near misses>", labels, answer, None)
        .with_note(14, "New form <launched> & \"speak up\" week")
        .with_note(99, "beyond the chart: not drawn")
}
