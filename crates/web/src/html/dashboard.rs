//! `GET /dashboard`: the reporting-culture dashboard people can read: a
//! summary table first (one row per measure: latest value, variation and
//! assurance icons, one line of words, a link to its chart), then the charts
//! in groups, each collapsed with its verdict showing; filtered by service or
//! team, months and category. `GET /dashboard.csv` downloads one chart's
//! numbers with the same filters.

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
use crate::operations::change_points::may_record;
use crate::operations::dashboard::{self, Dashboard, DashboardQuery, Group, Series};
use crate::error::AppError;
use crate::page::{Layout, PageError, render};
use crate::html::display::{Choice, TeamGroup};
use crate::state::AppState;

const HERE: &str = "/dashboard";

fn choice(value: &str, label: &str, selected: bool) -> Choice {
    Choice { value: value.to_string(), label: label.to_string(), selected }
}

/// A chart of one dashboard series, with its verdict, phases and target.
pub fn chart_of(series: &Series) -> Chart {
    let input = &series.input;
    let mut chart = Chart::new(input.key.clone(), input.title.clone(), input.title.clone(), input.unit.clone(), series.labels.clone(), series.answer.clone(), input.improvement);
    if let Some(target) = input.request.target {
        chart = chart.with_target(target);
    }
    if let Some((one, many)) = &input.events {
        chart = chart.with_events(one, many);
    }
    if !series.phases.is_empty() {
        chart = chart.with_phases(series.phases.clone());
    }
    chart
}

/// One group of measures: its rows in the summary and its charts below.
struct GroupView {
    code: &'static str,
    title: &'static str,
    charts: Vec<ChartView>,
}

/// The charts in their groups, in the groups' order; empty groups left out.
fn grouped(charts: Vec<(Group, ChartView)>) -> Vec<GroupView> {
    let mut groups: Vec<GroupView> = Group::ALL.iter().map(|g| GroupView { code: g.code(), title: g.title(), charts: Vec::new() }).collect();
    for (group, chart) in charts {
        if let Some(view) = groups.iter_mut().find(|view| view.code == group.code()) {
            view.charts.push(chart);
        }
    }
    groups.retain(|group| !group.charts.is_empty());
    groups
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
    groups: Vec<GroupView>,
    not_shown: Vec<(String, String)>,
    errors: FieldErrors,
    may_manage_walls: bool,
    may_record_changes: bool,
}

pub async fn page(State(state): State<AppState>, PageUser(user): PageUser, Query(query): Query<DashboardQuery>) -> Result<Response, PageError> {
    let layout = Layout::for_user(&state, &user, "Dashboard", HERE).await?;
    let built = dashboard::build(&state, &user, &query).await;
    let (scope_name, from, to, groups, not_shown, errors, shown_service, shown_team) = match built {
        Ok(found) => {
            let filters = query_string(&query, &found);
            let charts = found
                .series
                .iter()
                .map(|s| (Group::of(&s.input.key), ChartView::new(&chart_of(s), format!("/dashboard.csv?chart={}&{filters}", s.input.key))))
                .collect();
            (found.scope.name.clone(), found.from.clone(), found.to.clone(), grouped(charts), found.not_shown, FieldErrors::default(), found.scope.service_id, found.scope.team_id)
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
    let may_record_changes = may_record(&user);
    Ok(render(&DashboardPage { layout, scope_name, from, to, services, team_groups, categories, groups, not_shown, errors, may_manage_walls, may_record_changes }))
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

