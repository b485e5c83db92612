//! The Anhøj runs analysis (Anhøj & Olesen 2014, PLoS ONE 9(11): e113825):
//! in random data the longest run on one side of the centre line rarely
//! exceeds log2(n) + 3, and the centre line is rarely crossed fewer times
//! than the 5th percentile of Binomial(n − 1, ½). Points on the centre line
//! neither break nor extend a run and are not counted as useful.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// The runs analysis of one part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunsAnalysis {
    /// Points not on the centre line (and not excluded).
    pub n_useful: usize,
    pub longest_run: usize,
    /// A longer run signals a shift; `None` with no useful points.
    pub longest_run_max: Option<usize>,
    pub crossings: usize,
    /// Fewer crossings signal a shift; `None` with no useful points.
    pub crossings_min: Option<usize>,
    /// A run too long or too few crossings.
    pub signal: bool,
}

impl RunsAnalysis {
    pub fn long_run(&self) -> bool {
        self.longest_run_max.is_some_and(|max| self.longest_run > max)
    }
    pub fn few_crossings(&self) -> bool {
        self.crossings_min.is_some_and(|min| self.crossings < min)
    }
}

/// The longest run expected by chance among `n_useful` points: round(log2 n) + 3.
pub fn longest_run_max(n_useful: usize) -> usize {
    (n_useful as f64).log2().round() as usize + 3
}

/// The fewest crossings expected by chance among `n_useful` points: the 5th
/// percentile of Binomial(n − 1, ½), as R's `qbinom(0.05, n - 1, 0.5)`.
pub fn crossings_min(n_useful: usize) -> usize {
    binomial_quantile(0.05, n_useful.saturating_sub(1))
}

/// The smallest k with P(X ≤ k) ≥ p for X ~ Binomial(size, ½). Summed in
/// log space so sizes in the tens of thousands neither underflow nor overflow.
pub fn binomial_quantile(p: f64, size: usize) -> usize {
    // R's qbinom allows the same tiny tolerance, so exact boundaries agree.
    let p = p * (1.0 - 64.0 * f64::EPSILON);
    let log_half_power = size as f64 * 0.5f64.ln();
    let mut log_choose = 0.0; // ln C(size, k)
    let mut cumulative = 0.0;
    for k in 0..=size {
        if k > 0 {
            log_choose += ((size - k + 1) as f64).ln() - (k as f64).ln();
        }
        cumulative += (log_choose + log_half_power).exp();
        if cumulative >= p {
            return k;
        }
    }
    size
}

/// Analyses one part and marks the points of runs longer than chance allows
/// in `in_long_run`. `plotted` is `None` where there is no value (the first
/// moving range).
pub(super) fn analyse(
    part: Range<usize>,
    plotted: &[Option<f64>],
    cl: &[f64],
    excluded: &[bool],
    in_long_run: &mut [bool],
) -> RunsAnalysis {
    // (side, index) of each useful point
    let useful: Vec<(bool, usize)> = part
        .filter(|&i| !excluded[i])
        .filter_map(|i| {
            let y = plotted[i]?;
            if y > cl[i] {
                Some((true, i))
            } else if y < cl[i] {
                Some((false, i))
            } else {
                None
            }
        })
        .collect();
    let n_useful = useful.len();
    if n_useful == 0 {
        return RunsAnalysis { n_useful: 0, longest_run: 0, longest_run_max: None, crossings: 0, crossings_min: None, signal: false };
    }
    let runs: Vec<&[(bool, usize)]> = useful.chunk_by(|a, b| a.0 == b.0).collect();
    let longest_run = runs.iter().map(|run| run.len()).max().unwrap_or(0);
    let max = longest_run_max(n_useful);
    let min = crossings_min(n_useful);
    let crossings = runs.len() - 1;
    for run in runs.iter().filter(|run| run.len() > max) {
        for &(_, i) in *run {
            in_long_run[i] = true;
        }
    }
    RunsAnalysis {
        n_useful,
        longest_run,
        longest_run_max: Some(max),
        crossings,
        crossings_min: Some(min),
        signal: longest_run > max || crossings < min,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Anhøj & Olesen 2014, Table 1 ("Critical values for longest run and
    /// number of crossings"), rows for 10 to 30 useful observations.
    #[test]
    fn critical_values_match_the_published_table() {
        let table = [(10, 6, 2), (11, 6, 2), (12, 7, 3), (13, 7, 3), (14, 7, 4), (15, 7, 4), (16, 7, 4), (17, 7, 5), (18, 7, 5), (19, 7, 6), (20, 7, 6), (21, 7, 6), (22, 7, 7), (23, 8, 7), (24, 8, 8), (25, 8, 8), (26, 8, 8), (27, 8, 9), (28, 8, 9), (29, 8, 10), (30, 8, 10)];
        for (n, run, crossings) in table {
            assert_eq!(longest_run_max(n), run, "longest run for {n}");
            assert_eq!(crossings_min(n), crossings, "crossings for {n}");
        }
    }

    /// Values of scipy.stats.binom.ppf(0.05, size, 0.5) (SciPy 1.17, the same
    /// definition as R's qbinom): large sizes stay exact.
    #[test]
    fn binomial_quantile_matches_scipy_for_large_sizes() {
        assert_eq!(binomial_quantile(0.05, 0), 0);
        assert_eq!(binomial_quantile(0.05, 1), 0);
        assert_eq!(binomial_quantile(0.05, 99), 41);
        assert_eq!(binomial_quantile(0.05, 9), 2);
        assert_eq!(binomial_quantile(0.05, 999), 474);
        assert_eq!(binomial_quantile(0.05, 9999), 4917);
    }

    #[test]
    fn points_on_the_centre_line_neither_break_nor_extend_a_run() {
        let plotted: Vec<Option<f64>> = [2.0, 2.0, 1.0, 2.0, 0.0].iter().map(|&v| Some(v)).collect();
        let cl = vec![1.0; 5];
        let mut marks = vec![false; 5];
        let analysis = analyse(0..5, &plotted, &cl, &[false; 5], &mut marks);
        assert_eq!(analysis.n_useful, 4);
        assert_eq!(analysis.longest_run, 3);
        assert_eq!(analysis.crossings, 1);
    }
}
