//! Measures how fast reports are generated:
//! `cargo run --release -p learnloop-demo --example speed [count]`.

use std::time::Instant;

fn main() {
    let count: u64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let end: jiff::Timestamp = "2026-07-01T00:00:00+01:00".parse().unwrap();

    let started = Instant::now();
    let plan = learnloop_demo::organisation_for(42, count);
    let organised = started.elapsed();

    let started = Instant::now();
    let mut bytes = 0usize;
    let mut n = 0u64;
    for report in learnloop_demo::reports(&plan, 42, count, 18, end) {
        bytes += report.what_happened.len();
        n += 1;
    }
    let elapsed = started.elapsed();
    println!(
        "organisation: {} services, {} people in {:.1} ms",
        plan.services.len(),
        plan.people.len(),
        organised.as_secs_f64() * 1e3
    );
    println!(
        "{n} reports in {:.2} s: {:.0} reports/s, {:.0} bytes of narrative per report",
        elapsed.as_secs_f64(),
        n as f64 / elapsed.as_secs_f64(),
        bytes as f64 / n as f64
    );
}
