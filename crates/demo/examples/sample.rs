//! Prints a few demo reports to read:
//! `cargo run -p learnloop-demo --example sample [count] [seed]`.

fn main() {
    let count: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(20);
    let seed: u64 = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(1);
    let end: jiff::Timestamp = "2026-07-01T00:00:00+01:00".parse().unwrap();
    let plan = learnloop_demo::demo_organisation(seed);
    let total = 2_400;
    let step = total / count.max(1);
    for report in learnloop_demo::reports(&plan, seed, total as u64, 18, end).step_by(step.max(1)).take(count) {
        println!(
            "[{} | {} | {} | {:?} | harm {:?} / {:?} | {:?} | {} | {} → {}]",
            report.service,
            report.kind,
            report.category.map(|c| c.as_str()).unwrap_or("-"),
            report.identity,
            report.harm.map(|h| h.as_str()),
            report.psychological_harm.map(|h| h.as_str()),
            report.status,
            report.reporter_email.as_deref().unwrap_or("anonymous"),
            report.occurred_at.to_zoned_datetime(jiff::tz::TimeZone::get("Europe/London").unwrap()).strftime("%a %Y-%m-%d %H:%M"),
            report.submitted_at,
        );
        println!("  {}", report.what_happened);
        if let Some(text) = &report.immediate_actions {
            println!("  Immediate actions: {text}");
        }
        if let Some(text) = &report.what_went_well {
            println!("  What went well: {text}");
        }
        println!("  People: {:?}\n", report.people_affected);
    }
}
