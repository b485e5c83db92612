//! Charts people can read: an SPC answer drawn as SVG by our own code, with
//! its verdict in words and icons, a data table and a CSV download.
//!
//! - [`model`]: [`model::Chart`], what to draw, with its one verdict
//!   (`learnloop_domain::spc::classification`): variation and assurance
//!   icons, one sentence, how each point is drawn.
//! - [`wording`]: each point's notes, and the sentence and notes as one
//!   paragraph for `<desc>`.
//! - [`icons`]: the Making Data Count icons as small SVGs of our own, with
//!   their words as text alternatives.
//! - [`layout`]: where things go before they are drawn: round ticks and their
//!   labels, rough text widths, items flowed into rows, text wrapped into lines.
//! - [`svg`]: the drawing. It scales from a phone to a wall screen
//!   (`viewBox`, `width="100%"`); a screen reader hears its title and the
//!   sentence (`role="img"`, `<title>`, `<desc>`). Signals differ in shape as
//!   well as colour; every text is escaped.
//! - [`csv`]: one row per point, numbers to 6 significant figures.
//! - [`view`]: [`view::ChartView`] and the template partial `chart.html`: a
//!   `<figure>` with the icons and sentence as its caption, the SVG and the
//!   data table in `<details>`. In a template whose context has `chart:
//!   ChartView` (e.g. inside `{% for chart in charts %}`), write
//!   `{% include "chart.html" %}`.
//!
//! - [`palette`]: the colours of what a signal means.
//!
//! They use each other one way only: `wording` and `csv` use `model`; `svg`
//! uses `model`, `wording`, `palette` and `layout`; `icons` uses `palette`
//! and `svg` (escaping); `view` uses all but `csv`. This file only declares them:
//! importers name the module they need, e.g. `crate::charts::view::ChartView`.

pub mod csv;
pub mod icons;
pub mod layout;
pub mod model;
pub mod palette;
pub mod svg;
pub mod view;
pub mod wording;

#[cfg(test)]
mod test_charts;
