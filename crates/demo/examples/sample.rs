//! Prints a few demo reports to read:
//! `cargo run -p learnloop-demo --example sample [count] [seed] [service-kind]`,
//! e.g. `sample 10 1 day_service` (other kinds come from a scaled organisation).

fn main() {
    let count: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(20);
    let seed: u64 = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(1);
    let end: jiff::Timestamp = "2026-07-01T00:00:00+01:00".parse().unwrap();
    let kind = std::env::args().nth(3).and_then(|k| learnloop_demo::ServiceKind::parse(&k));
    let plan = match kind {
        Some(_) => learnloop_demo::organisation_for(seed, 1_000_000),
        None => learnloop_demo::demo_organisation(seed),
    };
    let total = if kind.is_some() { 100_000 } else { 2_400 };
    let of_kind = |slug: &str| kind.is_none_or(|k| plan.service(slug).is_some_and(|s| s.kind == k));
    let step = total / count.max(1) / if kind.is_some() { 20 } else { 1 };
    for report in learnloop_demo::reports(&plan, seed, total as u64, 18, end)
        .filter(|r| of_kind(&r.service))
        .step_by(step.max(1))
        .take(count)
    {
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
            report
                .occurred_at
                .to_zoned_datetime(jiff::tz::TimeZone::get("Europe/London").unwrap())
                .strftime("%a %Y-%m-%d %H:%M"),
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
