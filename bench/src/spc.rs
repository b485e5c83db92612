//! The SPC engine alone, in process: every chart kind over 10,000 points.
//! The issue asks for under 5 ms per chart.

use std::time::{Duration, Instant};

use learnloop_domain::spc::{ChartKind, RuleSet, SpcRequest, compute};

const POINTS: usize = 10_000;
const ROUNDS: usize = 200;

/// Deterministic, noisy counts with a step up two thirds of the way.
fn series() -> (Vec<f64>, Vec<f64>) {
    let mut state: u64 = 2026;
    let mut next = || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 33) as f64 / (1u64 << 31) as f64
    };
    let denominators: Vec<f64> = (0..POINTS).map(|_| 800.0 + (next() * 400.0).floor()).collect();
    let numerators = denominators
        .iter()
        .enumerate()
        .map(|(i, d)| ((if i > POINTS * 2 / 3 { 0.06 } else { 0.05 }) * d + (next() - 0.5) * 20.0).round().max(0.0))
        .collect();
    (numerators, denominators)
}

pub fn run() {
    let (numerators, denominators) = series();
    println!("# SPC engine, {POINTS} points, {ROUNDS} rounds per chart (in process)");
    for kind in [ChartKind::Run, ChartKind::I, ChartKind::Mr, ChartKind::C, ChartKind::P, ChartKind::U, ChartKind::Pp, ChartKind::Up] {
        for rules in [RuleSet::Anhoej, RuleSet::Nhs] {
            if rules == RuleSet::Nhs && !kind.has_limits() {
                continue;
            }
            let mut request = if kind.takes_ratio() {
                SpcRequest::of_ratio(kind, numerators.clone(), denominators.clone())
            } else {
                SpcRequest::of_values(kind, numerators.clone())
            };
            request.rules = Some(rules);
            request.exclude = vec![10, 500, 5000];
            let mut times: Vec<Duration> = (0..ROUNDS)
                .map(|_| {
                    let started = Instant::now();
                    let answer = compute(&request).expect("a valid request");
                    std::hint::black_box(&answer);
                    started.elapsed()
                })
                .collect();
            times.sort();
            let ms = |d: Duration| d.as_secs_f64() * 1000.0;
            println!(
                "spc {:>3} chart, {:<6} rules: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
                kind.code(),
                format!("{rules:?}").to_lowercase(),
                ms(times[ROUNDS / 2]),
                ms(times[ROUNDS * 99 / 100]),
                ms(times[ROUNDS - 1])
            );
        }
    }
}
