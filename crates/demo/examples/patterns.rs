//! Prints the monthly patterns of a demo data set, and checks them over many
//! seeds: `cargo run --release -p learnloop-demo --example patterns [count] [seeds]`.

use learnloop_demo::{ServiceKind, demo_organisation, period, reports};
use learnloop_domain::identity::IdentityMode;
use learnloop_domain::reports::{Category, Harm, ReportKind};

fn main() {
    let count: u64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(2_400);
    let seeds: u64 = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(50);
    let end: jiff::Timestamp = "2026-07-01T00:00:00+01:00".parse().unwrap();
    let (mut worst_rise, mut worst_drop) = (f64::MAX, 0.0f64);
    for seed in 0..seeds {
        let plan = demo_organisation(seed);
        let months = period(&plan, 18, end);
        let mut total = [0.0; 18];
        let mut learning = [0.0; 18];
        let mut medication = [0.0; 18];
        let mut anonymous = [0.0; 18];
        let mut deaths = 0;
        for r in reports(&plan, seed, count, 18, end) {
            let m = months.month_of(r.occurred_at).unwrap() as usize - 1;
            total[m] += 1.0;
            if matches!(r.kind, ReportKind::NearMiss | ReportKind::GoodPractice) {
                learning[m] += 1.0;
            }
            if r.kind == ReportKind::Incident
                && r.category == Some(Category::Medication)
                && plan.service(&r.service).unwrap().kind == ServiceKind::ResidentialCareHome
            {
                medication[m] += 1.0;
            }
            if r.identity == IdentityMode::Anonymous {
                anonymous[m] += 1.0;
            }
            deaths += usize::from(r.harm == Some(Harm::Death));
        }
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
        let rise = mean(&total[7..18]) / mean(&total[0..6]);
        let drop = medication[12..18].iter().sum::<f64>() / medication[4..10].iter().sum::<f64>();
        worst_rise = worst_rise.min(rise);
        worst_drop = worst_drop.max(drop);
        if seed == 0 {
            println!("month  total  near-miss+good  care-home-med-incidents  anonymous%");
            for m in 0..18 {
                println!(
                    "{:>5}  {:>5}  {:>14}  {:>23}  {:>9.0}",
                    m + 1,
                    total[m],
                    learning[m],
                    medication[m],
                    100.0 * anonymous[m] / total[m]
                );
            }
            println!("deaths: {deaths}");
        }
    }
    println!(
        "over {seeds} seeds at {count} reports: smallest rise {worst_rise:.2}x, largest medication ratio {worst_drop:.2}"
    );
}
