//! `learnloop-bench`: generates an organisation with many reports, starts
//! `learnloop serve` on it, and drives it over HTTP on loopback with many
//! concurrent clients. Prints figures; asserts nothing (benchmarks are not tests).
//!
//!     cargo build --release -p learnloop-cli -p learnloop-bench
//!     target/release/learnloop-bench --reports 1000000
//!     target/release/learnloop-bench --spc-only
//!     target/release/learnloop-bench --database-url postgres://postgres@127.0.0.1/learnloop_bench --reports 1000000

mod load;
mod server;
mod spc;

use std::time::Duration;

use clap::Parser;
use load::Request;

#[derive(Parser)]
#[command(about = "Learnloop load benchmark: submissions, health ceiling, report lists, memory.")]
struct Args {
    /// The learnloop binary to benchmark.
    #[arg(long, default_value = "target/release/learnloop")]
    binary: String,
    /// Database to generate into and serve from. A SQLite file is recreated;
    /// a PostgreSQL database is dropped and recreated.
    #[arg(long, default_value = "sqlite:///tmp/learnloop-bench.db")]
    database_url: String,
    /// Reports to generate before measuring.
    #[arg(long, default_value_t = 1_000_000)]
    reports: u64,
    /// Reuse the database as it is (skip generation).
    #[arg(long)]
    reuse: bool,
    /// Concurrent clients.
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// Seconds per phase.
    #[arg(long, default_value_t = 15)]
    seconds: u64,
    /// Concurrent clients for the learning-loop phases (triage queue).
    #[arg(long, default_value_t = 8)]
    loop_concurrency: usize,
    /// Smallest audience to publish learning to: services are added until
    /// the audience reaches it.
    #[arg(long, default_value_t = 500)]
    audience: i64,
    #[arg(long, default_value = "127.0.0.1:8787")]
    addr: String,
    /// Run only the search phases (with --reuse: measure search alone).
    #[arg(long)]
    search_only: bool,
    /// Measure only the SPC engine (in process, no server).
    #[arg(long)]
    spc_only: bool,
    /// Run only the dashboard phases (with --reuse: measure the dashboard alone).
    #[arg(long)]
    dashboard_only: bool,
}

/// What people type into the search box: common words (100,000+ matches at
/// a million reports), rarer ones, two-word queries and a word in no report.
const SEARCHES: &[&str] = &[
    "medication",
    "fall",
    "resident",
    "curfew",
    "fridge",
    "hoist sling",
    "missed dose",
    "sensor mat",
    "agency staff",
    "ambulance",
    "safeguarding",
    "trampoline",
];

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    spc::run();
    if args.spc_only {
        return Ok(());
    }
    let backend = if args.database_url.starts_with("postgres") { "PostgreSQL" } else { "SQLite" };
    println!("# Learnloop benchmark on {backend}: {} concurrent clients, {} s per phase", args.concurrency, args.seconds);
    if !args.reuse {
        server::reset_database(&args.database_url).await?;
        let seconds = server::generate(&args.binary, &args.database_url, args.reports)?;
        println!("generate --reports {}: {:.1} s ({:.0} reports/s)", args.reports, seconds, args.reports as f64 / seconds);
    }
    let server = server::Server::start(&args.binary, &args.database_url, &args.addr).await?;
    let base = format!("http://{}", args.addr);
    let staff = load::login(&base, "staff@demo.learnloop.test").await?;
    let manager = load::login(&base, "manager@demo.learnloop.test").await?;
    let duration = Duration::from_secs(args.seconds);
    let quality = load::login(&base, "quality@demo.learnloop.test").await?;
    let staff_page = load::sign_in_page(&base, "staff@demo.learnloop.test").await?;
    let manager_page = load::sign_in_page(&base, "manager@demo.learnloop.test").await?;

    if args.search_only {
        search_phases(&base, &args, duration, &server, &staff, &manager, &quality).await?;
        server.stop();
        return Ok(());
    }
    if args.dashboard_only {
        dashboard_phases(&base, &args, duration, &server, &manager, &quality).await?;
        server.stop();
        return Ok(());
    }

    let health = load::run(&base, args.concurrency, duration, &server, |_| Request::get("/healthz", None)).await?;
    health.print("GET /healthz (ceiling)");

    let manager_list = load::run(&base, args.concurrency, duration, &server, |_| Request::page("/reports", &manager_page)).await?;
    manager_list.print("GET /reports (manager's list page)");
    let my_reports = load::run(&base, args.concurrency, duration, &server, |_| Request::page("/my-reports", &staff_page)).await?;
    my_reports.print("GET /my-reports (staff page)");

    // The learning loop: the triage queue for a manager and, across the
    // organisation, for the quality lead; then publishing learning.
    let clients = args.loop_concurrency;
    for (who, token) in [("manager", &manager), ("quality lead, whole organisation", &quality)] {
        let queue = load::run(&base, clients, duration, &server, |_| Request::get("/api/v1/triage?tab=overdue", Some(token))).await?;
        queue.print(&format!("GET /api/v1/triage ({who}, {clients} clients)"));
    }
    let reference = load::create_report(&base, &staff).await?;
    let similar = load::run(&base, clients, duration, &server, |_| Request::get(&format!("/api/v1/reports/{reference}/similar"), Some(&manager))).await?;
    similar.print(&format!("GET /api/v1/reports/{{ref}}/similar (manager, 90 days of their care home, {clients} clients)"));
    let services = load::every_service(&base, &quality).await?;
    // Add services until the audience is large enough (each probe publishes once).
    let mut audiences = Vec::new();
    for service in services {
        audiences.push(service);
        let probe = audiences.len() % 4 == 0 || audiences.len() == 1;
        if probe && load::publish_once(&base, &quality, &reference, &audiences).await? >= args.audience {
            break;
        }
    }
    let audience = load::publish_once(&base, &quality, &reference, &audiences).await?;
    let body = load::learning_body(&audiences);
    let publish = load::run(&base, 1, duration, &server, |_| Request::post_json(&format!("/api/v1/reports/{reference}/learning"), Some(&quality), body.clone())).await?;
    publish.print(&format!("POST /api/v1/reports/{{ref}}/learning to {audience} people ({} services, 1 client)", audiences.len()));

    search_phases(&base, &args, duration, &server, &staff, &manager, &quality).await?;
    dashboard_phases(&base, &args, duration, &server, &manager, &quality).await?;

    let submissions = load::run(&base, args.concurrency, duration, &server, |i| Request::post_json("/api/v1/reports", Some(&staff), load::report_body(i))).await?;
    submissions.print("POST /api/v1/reports");
    println!("submissions / healthz throughput: {:.2}", submissions.throughput() / health.throughput());

    let peak = server.peak_rss_mb();
    println!("server peak RSS over the run: {peak:.1} MB");
    server.stop();
    Ok(())
}


/// Full-text search, cycling over [`SEARCHES`], for each role's scope.
async fn search_phases(base: &str, args: &Args, duration: Duration, server: &server::Server, staff: &str, manager: &str, quality: &str) -> anyhow::Result<()> {
    let clients = args.loop_concurrency;
    let paths: Vec<String> = SEARCHES.iter().map(|q| format!("/api/v1/search?q={}", q.replace(' ', "+"))).collect();
    for (who, token) in [("staff, own reports", staff), ("manager", manager), ("quality lead, whole organisation", quality)] {
        let phase = load::run(base, clients, duration, server, |i| Request::get(&paths[i as usize % paths.len()], Some(token))).await?;
        phase.print(&format!("GET /api/v1/search ({who}, {} queries, {clients} clients)", paths.len()));
    }
    Ok(())
}

/// The reporting-culture dashboard: the organisation's (quality lead), a
/// manager's and one care-home team's, 18 months, every chart computed per request.
async fn dashboard_phases(base: &str, args: &Args, duration: Duration, server: &server::Server, manager: &str, quality: &str) -> anyhow::Result<()> {
    let clients = args.loop_concurrency;
    let charts = load::dashboard_chart_count(base, quality).await?;
    for (who, token) in [("quality lead, whole organisation", quality), ("manager, their services", manager)] {
        let phase = load::run(base, clients, duration, server, |_| Request::get("/api/v1/dashboard", Some(token))).await?;
        phase.print(&format!("GET /api/v1/dashboard ({who}, {charts} charts for the organisation, {clients} clients)"));
    }
    // One team's dashboard reads the team's reports themselves (no running totals).
    let team = "/api/v1/dashboard?service=oak-house&team=night-team";
    let phase = load::run(base, clients, duration, server, |_| Request::get(team, Some(manager))).await?;
    phase.print(&format!("GET /api/v1/dashboard?team= (manager, Oak House night team, {clients} clients)"));
    let (values, bytes, seconds) = load::time_csv_import(base, quality, 100_000).await?;
    println!(
        "POST /api/v1/measures/{{id}}/import: {values} values ({:.1} MB of CSV): {:.2} s new, {:.2} s replacing every value",
        bytes as f64 / 1e6,
        seconds[0],
        seconds[1]
    );
    Ok(())
}
