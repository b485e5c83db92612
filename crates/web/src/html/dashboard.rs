//! `GET /dashboard`: the reporting-culture dashboard as charts people can
//! read, filtered by service, months and category; `GET /dashboard.csv`
//! downloads one chart's numbers with the same filters.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use learnloop_domain::FieldErrors;
use learnloop_domain::report::Category;
use learnloop_domain::role::may_view_service_dashboard;
use serde::Deserialize;

use crate::auth::PageUser;
use crate::charts::{Chart, ChartView, csv_download};
use crate::dashboard::{self, Dashboard, DashboardQuery, Series, month_label};
use crate::error::AppError;
use crate::html::{Choice, Layout, PageError, render};
use crate::state::AppState;

const HERE: &str = "/dashboard";

fn choice(value: &str, label: &str, selected: bool) -> Choice {
    Choice { value: value.to_string(), label: label.to_string(), selected }
}

/// A chart of one dashboard series, with its summary in words.
pub fn chart_of(series: &Series) -> Chart {
    let input = &series.input;
    let labels = input.months.iter().map(|&m| month_label(m)).collect();
    let mut chart = Chart::new(input.key.clone(), input.title.clone(), input.title.clone(), input.unit.clone(), labels, series.answer.clone(), input.improvement);
    if let Some(target) = input.request.target {
        chart = chart.with_target(target);
    }
    chart
}

/// The same filters as a query string, for links.
fn query_string(query: &DashboardQuery, dashboard: &Dashboard) -> String {
    let mut pairs = vec![("from", dashboard.from.clone()), ("to", dashboard.to.clone())];
    if let Some(service) = query.service.as_deref().filter(|s| !s.is_empty()) {
        pairs.push(("service", service.to_string()));
    }
    if let Some(category) = dashboard.category {
        pairs.push(("category", category.as_str().to_string()));
    }
    serde_html_form::to_string(&pairs).unwrap_or_default()
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    layout: Layout,
    scope_name: String,
    from: String,
    to: String,
    services: Vec<Choice>,
    categories: Vec<Choice>,
    charts: Vec<ChartView>,
    not_shown: Vec<(String, String)>,
    errors: FieldErrors,
    may_manage_walls: bool,
}

pub async fn page(State(state): State<AppState>, PageUser(user): PageUser, Query(query): Query<DashboardQuery>) -> Result<Response, PageError> {
    let layout = Layout::for_user(&state, &user, "Dashboard", HERE).await?;
    let all_services = state.store.services(user.organisation_id).await?;
    let chosen_service = query.service.clone().unwrap_or_default();
    let services = std::iter::once(choice("", "Whole organisation", chosen_service.is_empty()))
        .chain(
            all_services
                .iter()
                .filter(|s| may_view_service_dashboard(user.role, s.id, &user.service_ids))
                .map(|s| choice(&s.slug, &s.name, chosen_service == s.slug || chosen_service == s.id.to_string())),
        )
        .collect();
    let chosen_category = query.category.clone().unwrap_or_default();
    let categories = std::iter::once(choice("", "All categories", chosen_category.is_empty()))
        .chain(Category::ALL.iter().map(|c| choice(c.as_str(), c.label(), chosen_category == c.as_str())))
        .collect();
    let (scope_name, from, to, charts, not_shown, errors) = match dashboard::build(&state, &user, &query).await {
        Ok(found) => {
            let filters = query_string(&query, &found);
            let charts = found.series.iter().map(|s| ChartView::new(&chart_of(s), format!("/dashboard.csv?chart={}&{filters}", s.input.key))).collect();
            (found.scope.name.clone(), found.from.clone(), found.to.clone(), charts, found.not_shown, FieldErrors::default())
        }
        Err(AppError::Invalid(errors)) => (String::new(), query.from.clone().unwrap_or_default(), query.to.clone().unwrap_or_default(), Vec::new(), Vec::new(), errors),
        Err(other) => return Err(other.into()),
    };
    let may_manage_walls = user.role.keeps_measures();
    Ok(render(&DashboardPage { layout, scope_name, from, to, services, categories, charts, not_shown, errors, may_manage_walls }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CsvQuery {
    chart: String,
    #[serde(flatten)]
    filters: DashboardQuery,
}

pub async fn csv(State(state): State<AppState>, PageUser(user): PageUser, Query(query): Query<CsvQuery>) -> Result<Response, PageError> {
    let found = dashboard::build(&state, &user, &query.filters).await?;
    let series = found.series.iter().find(|s| s.input.key == query.chart).ok_or(AppError::NotFound("That chart"))?;
    Ok(csv_download(&chart_of(series)))
}

