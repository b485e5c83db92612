//! A series of monthly values as an operation hands it to the charts: the
//! dashboard's counts and rates, and a team's own measures, alike.

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
}

