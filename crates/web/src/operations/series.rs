//! A series of monthly values as an operation hands it to the charts: the
//! dashboard's counts and rates, and a team's own measures, alike; or, for
//! rare events, the days between them.

use learnloop_domain::spc::{Improvement, SpcRequest};

/// A series before its chart is computed.
#[derive(Debug, Clone)]
pub struct SeriesInput {
    /// Stable key, e.g. `reports`, used by data walls and CSV downloads.
    pub key: String,
    pub title: String,
    pub unit: String,
    pub improvement: Option<Improvement>,
    /// The months plotted (`year * 100 + month`); months without a
    /// denominator are left out of proportions and rates.
    pub months: Vec<i32>,
    pub request: SpcRequest,
    /// Point labels where points are not months (a t chart's event days);
    /// None: the months' own labels ("Mar 2026").
    pub labels: Option<Vec<String>>,
    /// A rare-event (t) chart's events, singular and plural, e.g.
    /// ("restriction", "restrictions"); None for charts of months.
    pub events: Option<(String, String)>,
}

