//! `GET /charts/example`: three charts drawn from fixed, made-up numbers, so
//! anyone signed in can see how a chart reads; `GET /charts/example.csv?chart=<id>`
//! downloads one's data. Nothing here touches the database.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use learnloop_domain::spc::{ChartKind, Improvement, RuleSet, SpcRequest, compute};
use serde::Deserialize;

use crate::auth::PageUser;
use crate::charts::csv::csv_download;
use crate::charts::model::Chart;
use crate::charts::view::ChartView;
use crate::error::AppError;
use crate::page::{Layout, PageError, render};
use crate::state::AppState;

const HERE: &str = "/charts/example";

/// Month labels from January 2025 onwards.
fn months(n: usize) -> Vec<String> {
    const NAMES: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    (0..n).map(|i| format!("{} {}", NAMES[i % 12], 2025 + i / 12)).collect()
}

fn computed(request: &SpcRequest) -> learnloop_domain::spc::SpcAnswer {
    compute(request).expect("the example numbers are valid")
}

/// The three example charts.
pub fn examples() -> Vec<Chart> {
    // A c chart: reports rose after month 6, when a quicker form arrived. The
    // six months before set the limits, so they are trial limits.
    let y = vec![9.0, 11.0, 8.0, 10.0, 12.0, 9.0, 15.0, 17.0, 14.0, 18.0, 16.0, 19.0, 15.0, 17.0, 21.0, 16.0, 18.0, 17.0];
    let mut reports = SpcRequest::of_values(ChartKind::C, y);
    reports.freeze = Some(6);
    reports.improvement = Some(Improvement::Increase);
    let reports = Chart::new("reports-by-month", "Reports by month", "Reports", "reports", months(18), computed(&reports), Some(Improvement::Increase))
        .with_note(6, "New \"one-minute\" report form & QR codes on every ward")
        .with_note(14, "Speak-up week: managers thanked every reporter <in person>");

    // A u chart of falls per 1,000 bed days under the NHS rules, against a
    // target; the 15 months before a falls prevention programme set the limits.
    let falls = vec![19.0, 17.0, 21.0, 18.0, 16.0, 20.0, 22.0, 18.0, 17.0, 19.0, 21.0, 18.0, 20.0, 19.0, 21.0, 13.0, 12.0, 10.0, 12.0, 11.0, 9.0, 12.0, 10.0, 11.0];
    let bed_days = vec![
        3010.0, 2720.0, 3050.0, 2940.0, 3080.0, 2960.0, 3070.0, 3060.0, 2950.0, 3040.0, 2930.0, 3020.0, 3000.0, 2750.0, 3060.0, 2980.0, 3050.0, 2940.0,
        3070.0, 3050.0, 2960.0, 3040.0, 2950.0, 3060.0,
    ];
    let mut rate = SpcRequest::of_ratio(ChartKind::U, falls, bed_days);
    rate.multiply = Some(1000.0);
    rate.rules = Some(RuleSet::Nhs);
    rate.improvement = Some(Improvement::Decrease);
    rate.target = Some(5.0);
    rate.freeze = Some(15);
    let falls = Chart::new(
        "falls-per-1000-bed-days",
        "Falls per 1,000 bed days",
        "Falls per 1,000 bed days",
        "per 1,000 bed days",
        months(24),
        computed(&rate),
        Some(Improvement::Decrease),
    )
    .with_target(5.0)
    .with_note(15, "Falls prevention programme: night-time checks, sensor mats, hip protectors");

    // A run chart with a new part from the month a daily triage rota began;
    // December 2025 is left out (the office was closed over Christmas).
    let days = vec![12.0, 14.0, 11.0, 13.0, 15.0, 12.0, 14.0, 13.0, 11.0, 14.0, 12.0, 21.0, 7.0, 6.0, 8.0, 5.0, 6.0, 7.0, 5.0, 6.0];
    let mut feedback = SpcRequest::of_values(ChartKind::Run, days);
    feedback.parts = vec![12];
    feedback.exclude = vec![12];
    feedback.improvement = Some(Improvement::Decrease);
    let feedback = Chart::new(
        "days-to-feedback",
        "Days from report to feedback",
        "Days from report to feedback",
        "days",
        months(20),
        computed(&feedback),
        Some(Improvement::Decrease),
    )
    .with_note(11, "Office closed over Christmas: reports waited")
    .with_note(12, "Daily triage rota: every report read the day it arrives");

    vec![reports, falls, feedback]
}

fn csv_href(chart: &Chart) -> String {
    format!("/charts/example.csv?chart={}", chart.id)
}

#[derive(Template)]
#[template(path = "charts_example.html")]
struct ExamplePage {
    layout: Layout,
    charts: Vec<ChartView>,
}

pub async fn page(State(state): State<AppState>, PageUser(user): PageUser) -> Result<Response, PageError> {
    let charts = examples().iter().map(|chart| ChartView::new(chart, csv_href(chart))).collect();
    Ok(render(&ExamplePage { layout: Layout::for_user(&state, &user, "Example charts", HERE).await?, charts }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CsvQuery {
    chart: String,
}

pub async fn csv(PageUser(_user): PageUser, Query(query): Query<CsvQuery>) -> Result<Response, PageError> {
    let chart = examples().into_iter().find(|chart| chart.id == query.chart).ok_or(AppError::NotFound("There is no example chart of that name."))?;
    Ok(csv_download(&chart))
}

