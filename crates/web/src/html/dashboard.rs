//! `GET /dashboard`: the reporting-culture dashboard as charts people can
//! read, filtered by service or team, months and category; `GET /dashboard.csv`
//! downloads one chart's numbers with the same filters.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use learnloop_domain::FieldErrors;
use learnloop_domain::reports::Category;
use learnloop_domain::role::may_view_service_dashboard;
use learnloop_store::services::Service;
use serde::Deserialize;

use crate::auth::PageUser;
use crate::charts::csv::csv_download;
use crate::charts::model::Chart;
use crate::charts::view::ChartView;
use crate::operations::dashboard::{self, Dashboard, DashboardQuery, Series, month_label};
use crate::error::AppError;
use crate::page::{Layout, PageError, render};
use crate::html::display::{Choice, TeamGroup};
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
    if let Some(team) = query.team.as_deref().filter(|t| !t.is_empty()) {
        pairs.push(("team", team.to_string()));
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
    team_groups: Vec<TeamGroup>,
    categories: Vec<Choice>,
    charts: Vec<ChartView>,
    not_shown: Vec<(String, String)>,
    errors: FieldErrors,
    may_manage_walls: bool,
}

pub async fn page(State(state): State<AppState>, PageUser(user): PageUser, Query(query): Query<DashboardQuery>) -> Result<Response, PageError> {
    let layout = Layout::for_user(&state, &user, "Dashboard", HERE).await?;
    let built = dashboard::build(&state, &user, &query).await;
    let (scope_name, from, to, charts, not_shown, errors, shown_service, shown_team) = match built {
        Ok(found) => {
            let filters = query_string(&query, &found);
            let charts = found.series.iter().map(|s| ChartView::new(&chart_of(s), format!("/dashboard.csv?chart={}&{filters}", s.input.key))).collect();
            (found.scope.name.clone(), found.from.clone(), found.to.clone(), charts, found.not_shown, FieldErrors::default(), found.scope.service_id, found.scope.team_id)
        }
        Err(AppError::Invalid(errors)) => (String::new(), query.from.clone().unwrap_or_default(), query.to.clone().unwrap_or_default(), Vec::new(), Vec::new(), errors, None, None),
        Err(other) => return Err(other.into()),
    };
    // The service shown is selected, also when a team alone chose it.
    let all_services = state.store.services(user.organisation_id).await?;
    let visible: Vec<Service> = all_services.into_iter().filter(|s| may_view_service_dashboard(user.role, s.id, &user.service_ids)).collect();
    let typed_service = query.service.clone().unwrap_or_default();
    let is_chosen = |s: &Service| match shown_service {
        Some(id) => s.id == id,
        None => typed_service == s.slug || typed_service == s.id.to_string(),
    };
    let services = std::iter::once(choice("", "Whole organisation", !visible.iter().any(is_chosen)))
        .chain(visible.iter().map(|s| choice(&s.slug, &s.name, is_chosen(s))))
        .collect();
    let chosen_team = shown_team.map(|id| id.to_string()).unwrap_or_else(|| query.team.clone().unwrap_or_default());
    let team_groups = TeamGroup::for_services(&visible, &state.store.teams(user.organisation_id).await?, &chosen_team);
    let chosen_category = query.category.clone().unwrap_or_default();
    let categories = std::iter::once(choice("", "All categories", chosen_category.is_empty()))
        .chain(Category::ALL.iter().map(|c| choice(c.as_str(), c.label(), chosen_category == c.as_str())))
        .collect();
    let may_manage_walls = user.role.keeps_measures();
    Ok(render(&DashboardPage { layout, scope_name, from, to, services, team_groups, categories, charts, not_shown, errors, may_manage_walls }))
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

