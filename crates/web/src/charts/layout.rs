//! Where a chart's parts go before they are drawn: round tick values and their
//! labels, rough text widths, items flowed into rows, text wrapped into lines.

/// A rough width of `text` at `size`: enough to lay out badges, labels and the legend.
pub(super) fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.56
}

/// Ticks at 1, 2, 2.5 or 5 × a power of ten covering `lo..hi`, about `count` of them.
pub(super) fn nice_ticks(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    let (lo, hi) = if hi - lo > f64::EPSILON * hi.abs().max(1.0) {
        (lo, hi)
    } else if hi == 0.0 {
        (0.0, 1.0)
    } else {
        let pad = hi.abs() * 0.1;
        (lo - pad, hi + pad)
    };
    let raw = (hi - lo) / count.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * magnitude).find(|&s| s >= raw * (1.0 - 1e-9)).unwrap_or(10.0 * magnitude);
    let first = (lo / step + 1e-9).floor() as i64;
    let last = (hi / step - 1e-9).ceil() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// A tick label with as many decimals as the step needs.
pub(super) fn tick_label(value: f64, step: f64) -> String {
    let decimals = (-(step.log10().floor()) as i32).max(0) as usize + usize::from((step / 10f64.powf(step.log10().floor()) - 2.5).abs() < 1e-9);
    let text = format!("{value:.decimals$}");
    if text.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') { "0".to_string() } else { text }
}

/// Lays out (width, text) items left to right, wrapping; returns each item's
/// (x, row) and the count of rows.
pub(super) fn flow(widths: &[f64], start: f64, end: f64, gap: f64) -> (Vec<(f64, usize)>, usize) {
    let mut placed = Vec::new();
    let (mut x, mut row) = (start, 0);
    for &width in widths {
        if x > start && x + width > end {
            x = start;
            row += 1;
        }
        placed.push((x, row));
        x += width + gap;
    }
    (placed, if widths.is_empty() { 0 } else { row + 1 })
}

/// Splits `text` into lines of at most `width` characters, at spaces.
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_numbers_covering_the_data() {
        assert_eq!(nice_ticks(0.0, 21.6, 5), vec![0.0, 5.0, 10.0, 15.0, 20.0, 25.0]);
        assert_eq!(nice_ticks(33.2, 35.96, 5), vec![33.0, 34.0, 35.0, 36.0]);
        assert!(nice_ticks(5.0, 5.0, 5).len() > 1);
        assert_eq!(tick_label(2.5, 2.5), "2.5");
        assert_eq!(tick_label(0.5, 0.5), "0.5");
        assert_eq!(tick_label(20.0, 10.0), "20");
    }
}
