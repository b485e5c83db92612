//! A closed-loop load generator: `concurrency` clients each send a request,
//! wait for the answer, and send the next, for a fixed time.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde_json::{Value, json};

use crate::server::Server;

pub struct Request {
    path: String,
    token: Option<String>,
    /// A page's session cookie (`name=value`); pages take no bearer token.
    cookie: Option<String>,
    body: Option<Value>,
}

impl Request {
    /// An API read with a bearer token.
    pub fn get(path: &str, token: Option<&str>) -> Request {
        Request { path: path.into(), token: token.map(str::to_string), cookie: None, body: None }
    }
    /// A page, signed in by its session cookie.
    pub fn page(path: &str, cookie: &str) -> Request {
        Request { path: path.into(), token: None, cookie: Some(cookie.to_string()), body: None }
    }
    pub fn post_json(path: &str, token: Option<&str>, body: Value) -> Request {
        Request { path: path.into(), token: token.map(str::to_string), cookie: None, body: Some(body) }
    }
}

pub struct Phase {
    latencies_us: Vec<u64>,
    errors: u64,
    elapsed: Duration,
    rss_mb_at_end: f64,
}

impl Phase {
    pub fn throughput(&self) -> f64 {
        self.latencies_us.len() as f64 / self.elapsed.as_secs_f64()
    }

    fn percentile_ms(&self, p: f64) -> f64 {
        if self.latencies_us.is_empty() {
            return f64::NAN;
        }
        let index = ((self.latencies_us.len() as f64 - 1.0) * p).round() as usize;
        self.latencies_us[index] as f64 / 1000.0
    }

    pub fn print(&self, name: &str) {
        println!(
            "{name}: {:.0} req/s, p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms, {} ok, {} errors, server RSS {:.1} MB",
            self.throughput(),
            self.percentile_ms(0.50),
            self.percentile_ms(0.95),
            self.percentile_ms(0.99),
            self.percentile_ms(1.0),
            self.latencies_us.len(),
            self.errors,
            self.rss_mb_at_end,
        );
    }
}

pub async fn login(base: &str, email: &str) -> anyhow::Result<String> {
    let answer = reqwest::Client::new()
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": email, "password": "learnloop-demo"}))
        .send()
        .await?;
    if !answer.status().is_success() {
        bail!("login for {email} failed: {}", answer.status());
    }
    let body: Value = answer.json().await?;
    Ok(body["token"].as_str().context("a token")?.to_string())
}

/// A browser session for `email`, through the sign-in page: the cookie to
/// send with page requests (`name=value`).
pub async fn sign_in_page(base: &str, email: &str) -> anyhow::Result<String> {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build()?;
    let answer = client.post(format!("{base}/sign-in")).form(&[("email", email), ("password", "learnloop-demo"), ("next", "/")]).send().await?;
    if answer.status() != reqwest::StatusCode::SEE_OTHER {
        bail!("signing in to the pages as {email} failed: {}", answer.status());
    }
    let cookie = answer.headers().get("set-cookie").and_then(|v| v.to_str().ok()).context("a session cookie")?;
    Ok(cookie.split(';').next().unwrap_or_default().to_string())
}

const NARRATIVES: &[&str] = &[
    "Resident A's 08:00 medicines were given at 09:40 after the medicines round was interrupted by a fall in the lounge.",
    "Found Room 12's sensor mat unplugged at the 02:00 check; plugged in, resident asleep and unharmed.",
    "A new starter noticed Tenant C was more confused than usual and rang 111; a urine infection was diagnosed early.",
    "The handover sheet for the first floor was missing; the night team gave a verbal handover instead.",
    "Young person D did not return by the agreed time of 22:00; police informed at 23:00 in line with the missing protocol.",
];

/// A varied, valid report body for request number `i`.
pub fn report_body(i: u64) -> Value {
    let identity = match i % 10 {
        0 => "anonymous",
        1 => "confidential",
        _ => "named",
    };
    let kind = ["incident", "near_miss", "good_practice", "concern"][(i % 4) as usize];
    json!({
        "kind": kind,
        "service": "oak-house",
        "occurred_at": "2026-11-20T14:30:00Z",
        "what_happened": NARRATIVES[(i % NARRATIVES.len() as u64) as usize],
        "identity": identity,
        "category": "medication",
        "harm": "none",
        "people_affected": ["Resident A"],
    })
}

/// Runs `make(i)` requests from `concurrency` clients for `duration`.
pub async fn run(base: &str, concurrency: usize, duration: Duration, server: &Server, make: impl Fn(u64) -> Request) -> anyhow::Result<Phase> {
    // Redirects are not followed: a page that sends the client to sign in is
    // an error here, never a fast "success".
    let client = reqwest::Client::builder().pool_max_idle_per_host(concurrency).redirect(reqwest::redirect::Policy::none()).build()?;
    let started = Instant::now();
    let deadline = started + duration;
    // Requests are built up front per client so building them is not timed.
    let mut clients = Vec::new();
    for c in 0..concurrency {
        let requests: Vec<Request> = (0..20_000u64).map(|k| make(k * concurrency as u64 + c as u64)).collect();
        let client = client.clone();
        let base = base.to_string();
        clients.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0u64;
            for request in requests.iter().cycle() {
                if Instant::now() >= deadline {
                    break;
                }
                let url = format!("{base}{}", request.path);
                let mut builder = match &request.body {
                    Some(body) => client.post(url).json(body),
                    None => client.get(url),
                };
                if let Some(token) = &request.token {
                    builder = builder.bearer_auth(token);
                }
                if let Some(cookie) = &request.cookie {
                    builder = builder.header("cookie", cookie);
                }
                let sent = Instant::now();
                let ok = match builder.send().await {
                    Ok(answer) => answer.status().is_success() && answer.bytes().await.is_ok(),
                    Err(_) => false,
                };
                if ok {
                    latencies.push(sent.elapsed().as_micros() as u64);
                } else {
                    errors += 1;
                }
            }
            (latencies, errors)
        }));
    }
    let mut latencies_us = Vec::new();
    let mut errors = 0;
    for c in clients {
        let (l, e) = c.await?;
        latencies_us.extend(l);
        errors += e;
    }
    let elapsed = started.elapsed();
    latencies_us.sort_unstable();
    Ok(Phase { latencies_us, errors, elapsed, rss_mb_at_end: server.current_rss_mb() })
}

/// Creates one report as `token`'s person and returns its reference.
pub async fn create_report(base: &str, token: &str) -> anyhow::Result<String> {
    let answer = reqwest::Client::new().post(format!("{base}/api/v1/reports")).bearer_auth(token).json(&report_body(2)).send().await?;
    if !answer.status().is_success() {
        bail!("creating a report failed: {}", answer.status());
    }
    let body: Value = answer.json().await?;
    Ok(body["reference"].as_str().context("a reference")?.to_string())
}

/// Every service of the organisation as a learning audience (`service:<slug>`).
pub async fn every_service(base: &str, token: &str) -> anyhow::Result<Vec<String>> {
    let answer: Value = reqwest::Client::new().get(format!("{base}/api/v1/services")).bearer_auth(token).send().await?.json().await?;
    let services = answer.as_array().context("a list of services")?;
    Ok(services.iter().filter_map(|s| s["slug"].as_str()).map(|slug| format!("service:{slug}")).collect())
}

/// A learning summary for `reference` to `audiences`; returns how many people it reached.
pub async fn publish_once(base: &str, token: &str, reference: &str, audiences: &[String]) -> anyhow::Result<i64> {
    let answer = reqwest::Client::new()
        .post(format!("{base}/api/v1/reports/{reference}/learning"))
        .bearer_auth(token)
        .json(&learning_body(audiences))
        .send()
        .await?;
    if !answer.status().is_success() {
        bail!("publishing learning failed: {} {}", answer.status(), answer.text().await.unwrap_or_default());
    }
    let body: Value = answer.json().await?;
    body["audience"].as_i64().context("an audience size")
}

pub fn learning_body(audiences: &[String]) -> Value {
    json!({
        "title": "Separate trays at the morning medicines round",
        "summary": "Pots side by side on one tray can be picked up for the wrong person. Each resident now has their own tray.",
        "audiences": audiences,
    })
}

/// How many charts the organisation's dashboard draws (the issue asks for at least 12).
pub async fn dashboard_chart_count(base: &str, token: &str) -> anyhow::Result<usize> {
    let answer = reqwest::Client::new().get(format!("{base}/api/v1/dashboard")).bearer_auth(token).send().await?;
    if !answer.status().is_success() {
        bail!("the dashboard failed: {} {}", answer.status(), answer.text().await.unwrap_or_default());
    }
    let answer: Value = answer.json().await?;
    Ok(answer["series"].as_array().context("the dashboard's series")?.len())
}

/// Times a CSV import of up to `values` values through the API (a new
/// measure, every service × consecutive months from 1990-01, the earliest a
/// measure takes, to last month: as many as fit): the first import inserts,
/// the second replaces every value. Returns (values, bytes, seconds of each).
pub async fn time_csv_import(base: &str, token: &str, values: usize) -> anyhow::Result<(usize, usize, Vec<f64>)> {
    let client = reqwest::Client::new();
    let services: Value = client.get(format!("{base}/api/v1/services")).bearer_auth(token).send().await?.json().await?;
    let slugs: Vec<String> = services.as_array().context("a list of services")?.iter().filter_map(|s| s["slug"].as_str().map(str::to_string)).collect();
    if slugs.is_empty() {
        bail!("no services to import values for");
    }
    let name = format!("Bench import {}", std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_millis());
    let measure = client
        .post(format!("{base}/api/v1/measures"))
        .bearer_auth(token)
        .json(&json!({"name": name, "kind": "value", "unit": "minutes"}))
        .send()
        .await?;
    if !measure.status().is_success() {
        bail!("defining the measure failed: {} {}", measure.status(), measure.text().await.unwrap_or_default());
    }
    let id = measure.json::<Value>().await?["id"].as_i64().context("a measure id")?;
    let today = jiff::Timestamp::now().to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    let months_available = ((i32::from(today.year()) - 1990) * 12 + i32::from(today.month()) - 1) as usize;
    let values = values.min(months_available * slugs.len());
    let mut csv = String::from("service,month,value\n");
    for i in 0..values {
        let (service, month) = (&slugs[i % slugs.len()], i / slugs.len());
        csv.push_str(&format!("{service},{}-{:02},{}.{}\n", 1990 + month / 12, month % 12 + 1, 30 + i % 40, i % 10));
    }
    let mut seconds = Vec::new();
    for _ in 0..2 {
        let started = std::time::Instant::now();
        let answer = client.post(format!("{base}/api/v1/measures/{id}/import")).bearer_auth(token).header("content-type", "text/csv").body(csv.clone()).send().await?;
        let status = answer.status();
        let body: Value = answer.json().await?;
        if !status.is_success() || body["imported"].as_u64() != Some(values as u64) {
            bail!("the import failed: {status} {body}");
        }
        seconds.push(started.elapsed().as_secs_f64());
    }
    Ok((values, csv.len(), seconds))
}
