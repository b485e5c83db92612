//! Charts people can read: an SPC answer drawn as SVG by our own code, with
//! its summary in words, a data table and a CSV download.
//!
//! - [`model`]: [`model::Chart`], what to draw, with its summary in words
//!   (`learnloop_domain::spc::summarise`), its notes and target.
//! - [`wording`]: the words beside the summary: the badges' words, each
//!   point's notes, and the summary and notes as one paragraph for `<desc>`.
//! - [`layout`]: where things go before they are drawn: round ticks and their
//!   labels, rough text widths, items flowed into rows, text wrapped into lines.
//! - [`svg`]: the drawing. It scales from a phone to a wall screen
//!   (`viewBox`, `width="100%"`); a screen reader hears its title and the
//!   summary (`role="img"`, `<title>`, `<desc>`). Signals differ in shape as
//!   well as colour; every text is escaped.
//! - [`csv`]: one row per point, numbers to 6 significant figures.
//! - [`view`]: [`view::ChartView`] and the template partial `chart.html`: a
//!   `<figure>` with the SVG, the summary as its caption and the data table in
//!   `<details>`. In a template whose context has `chart: ChartView` (e.g.
//!   inside `{% for chart in charts %}`), write `{% include "chart.html" %}`.
//!
//! They use each other one way only: `wording` and `csv` use `model`; `svg`
//! uses `model`, `wording` and `layout`; `view` uses `model`, `wording` and
//! `svg`. This file only declares them: importers name the module they need,
//! e.g. `crate::charts::view::ChartView`.

pub mod csv;
pub mod layout;
pub mod model;
pub mod svg;
pub mod view;
pub mod wording;

#[cfg(test)]
mod test_charts;
