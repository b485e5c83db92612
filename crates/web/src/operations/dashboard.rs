//! The reporting-culture dashboard: every measure of how reporting and the
//! learning loop are going, month by month, each with the chart that suits
//! it (counts c, rates u, proportions p, durations I; rare events t, the
//! days between them) computed by the SPC engine, in phases that start at
//! each recorded change. Shared by the page, the API and the data wall.
//! Aggregates only: nothing here names a report or a reporter.

use learnloop_domain::ids::{OrganisationId, ServiceId, TeamId};
use std::collections::HashMap;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use learnloop_domain::change_points::{part_positions, phases};
use learnloop_domain::reports::Category;
use learnloop_domain::restrictive_practice::{month_range, month_text};
use learnloop_domain::role::{ReportScope, may_view_service_dashboard};
use learnloop_domain::spc::classification::counts_are_rare;
use learnloop_domain::spc::{self, ChartKind, Improvement, RuleSet, SpcAnswer, SpcRequest};
use learnloop_domain::FieldErrors;
use learnloop_store::dashboard::{ActionMonth, Denominator, ReportMonth};
use learnloop_store::people::User;
use learnloop_store::triage::QueueScope;
use serde::Deserialize;

use crate::operations::change_points::changes_for;
use crate::operations::series::SeriesInput;
use crate::error::AppError;
use crate::operations::time_zone::{organisation_zone, today_in};
use crate::state::AppState;

/// Months shown when none are asked for: the last 18 complete months.
pub const DEFAULT_MONTHS: usize = 18;
/// The longest range one dashboard shows.
pub const MAX_MONTHS: usize = 120;

/// Filters, as the page's form and the API's query string give them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DashboardQuery {
    /// A service's id or slug; none for the whole organisation.
    pub service: Option<String>,
    /// A team's id (or its slug, with `service`); none for the whole service.
    pub team: Option<String>,
    /// First and last month, `YYYY-MM`.
    pub from: Option<String>,
    pub to: Option<String>,
    /// A report category, e.g. `medication`.
    pub category: Option<String>,
}

/// Where the dashboard looks.
#[derive(Debug, Clone)]
pub struct DashboardScope {
    pub service_id: Option<ServiceId>,
    /// One team of the service: its reports only (reports carry the team
    /// where they happened, when the reporter chose one).
    pub team_id: Option<TeamId>,
    /// "Oak House", "Night team, Oak House", or the organisation's name.
    pub name: String,
    pub queue_scope: QueueScope,
}

/// One measure's monthly series and its chart.
#[derive(Debug, Clone)]
pub struct Series {
    pub input: SeriesInput,
    pub answer: SpcAnswer,
    /// One per point: "Mar 2026", or an event's day on a t chart.
    pub labels: Vec<String>,
    /// The phases begun by recorded changes: (0-based first point, the change).
    pub phases: Vec<(usize, String)>,
}

/// The dashboard's groups of measures, in the order the page shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    ReportingCulture,
    Harm,
    LearningLoop,
    OwnMeasures,
}

impl Group {
    pub const ALL: [Group; 4] = [Group::ReportingCulture, Group::Harm, Group::LearningLoop, Group::OwnMeasures];

    /// The group a series belongs to, by its key.
    pub fn of(key: &str) -> Group {
        match key {
            "moderate_harm_share" | "repeats" | "restrictive_practice" => Group::Harm,
            "time_to_thanks" | "time_to_feedback" | "feedback_reached_share" | "actions_overdue_share" | "actions_effective_share" => Group::LearningLoop,
            _ if key.starts_with("measure-") => Group::OwnMeasures,
            _ => Group::ReportingCulture,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Group::ReportingCulture => "Reporting culture",
            Group::Harm => "Harm and restrictive practice",
            Group::LearningLoop => "The learning loop: thanks, feedback, actions",
            Group::OwnMeasures => "The organisation's own measures",
        }
    }

    /// For HTML ids.
    pub fn code(self) -> &'static str {
        match self {
            Group::ReportingCulture => "reporting-culture",
            Group::Harm => "harm",
            Group::LearningLoop => "learning-loop",
            Group::OwnMeasures => "own-measures",
        }
    }
}

/// The whole dashboard.
#[derive(Debug, Clone)]
pub struct Dashboard {
    pub scope: DashboardScope,
    pub from: String,
    pub to: String,
    pub category: Option<Category>,
    pub series: Vec<Series>,
    /// Measures not shown, with why (e.g. no denominators entered yet).
    pub not_shown: Vec<(String, String)>,
}

/// "Mar 2026".
pub fn month_label(bucket: i32) -> String {
    const NAMES: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = (bucket % 100).clamp(1, 12) as usize;
    format!("{} {}", NAMES[month - 1], bucket / 100)
}

/// The months of the query, or the last complete ones before `today`.
pub fn months_of(query: &DashboardQuery, today: Date) -> Result<Vec<i32>, FieldErrors> {
    let (from, to) = match (query.from.as_deref().filter(|t| !t.is_empty()), query.to.as_deref().filter(|t| !t.is_empty())) {
        (Some(from), Some(to)) => (from.to_string(), to.to_string()),
        (from, to) => {
            let last = today.first_of_month().checked_sub(jiff::Span::new().months(1)).unwrap_or(today);
            let first = last.checked_sub(jiff::Span::new().months(DEFAULT_MONTHS as i64 - 1)).unwrap_or(last);
            let text = |d: Date| format!("{:04}-{:02}", d.year(), d.month());
            (from.map(str::to_string).unwrap_or_else(|| text(first)), to.map(str::to_string).unwrap_or_else(|| text(last)))
        }
    };
    let months = month_range(&from, &to)?;
    if months.len() > MAX_MONTHS {
        let mut errors = FieldErrors::default();
        errors.push("from", format!("Show at most {MAX_MONTHS} months at a time."));
        return Err(errors);
    }
    Ok(months)
}

/// Resolves the scope the person asked for and may see: the organisation,
/// a service, or one team of a service (a team alone implies its service).
pub async fn scope_for(state: &AppState, user: &User, service: Option<&str>, team: Option<&str>) -> Result<DashboardScope, AppError> {
    let service = match service.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(text) => {
            let found = state.store.service_by_slug_or_id(user.organisation_id, text).await?;
            let Some(service) = found.filter(|s| may_view_service_dashboard(user.role, s.id, &user.service_ids)) else {
                return Err(AppError::invalid("service", "No service you can see has that name; choose one from the list."));
            };
            Some(service)
        }
    };
    match (service, team.map(str::trim).filter(|t| !t.is_empty())) {
        (None, None) => organisation_scope(state, user.organisation_id).await,
        (Some(service), None) => Ok(service_scope(service.id, service.name)),
        (service, Some(text)) => {
            let found = state.store.team_by_slug_or_id(user.organisation_id, service.as_ref().map(|s| s.id), text).await?;
            let Some(team) = found.filter(|t| may_view_service_dashboard(user.role, t.service_id, &user.service_ids)) else {
                return Err(AppError::invalid("team", "No team you can see has that name; choose one from the list."));
            };
            if let Some(service) = service.as_ref().filter(|s| s.id != team.service_id) {
                return Err(AppError::invalid("team", format!("{} is not a team of {}; choose one of its teams, or no team.", team.name, service.name)));
            }
            let service_name = match service {
                Some(service) => service.name,
                None => state.store.service_by_slug_or_id(user.organisation_id, &team.service_id.to_string()).await?.map(|s| s.name).unwrap_or_default(),
            };
            Ok(team_scope(team.service_id, team.id, &team.name, &service_name))
        }
    }
}

/// One service's scope.
pub fn service_scope(service_id: ServiceId, name: String) -> DashboardScope {
    DashboardScope { service_id: Some(service_id), team_id: None, name, queue_scope: QueueScope::Services(vec![service_id]) }
}

/// One team's scope, named "Night team, Oak House".
pub fn team_scope(service_id: ServiceId, team_id: TeamId, team_name: &str, service_name: &str) -> DashboardScope {
    DashboardScope {
        service_id: Some(service_id),
        team_id: Some(team_id),
        name: format!("{team_name}, {service_name}"),
        queue_scope: QueueScope::Services(vec![service_id]),
    }
}

/// Restrictive practice counts follow the log's own scope: those who
/// oversee it, for the services they oversee (never administrators).
fn may_see_restriction_counts(user: &User, service_id: Option<ServiceId>) -> bool {
    if !user.role.oversees_restrictive_practice() {
        return false;
    }
    let whole_organisation = user.role.restrictive_practice_scope() == ReportScope::WholeOrganisation;
    match service_id {
        None => whole_organisation,
        Some(id) => whole_organisation || user.service_ids.contains(&id),
    }
}

/// Reads the rows and builds every chart the person may see.
pub async fn build(state: &AppState, user: &User, query: &DashboardQuery) -> Result<Dashboard, AppError> {
    let zone = organisation_zone(state, user.organisation_id).await?;
    let today = today_in(&zone);
    let months = months_of(query, today).map_err(AppError::Invalid)?;
    let category = match query.category.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        None => None,
        Some(code) => Some(Category::parse(code).ok_or_else(|| {
            AppError::invalid("category", format!("Choose a category: {}.", Category::choices_words()))
        })?),
    };
    let scope = scope_for(state, user, query.service.as_deref(), query.team.as_deref()).await?;
    let with_restrictions = may_see_restriction_counts(user, scope.service_id);
    build_for_scope(state, user.organisation_id, scope, &months, today, category, with_restrictions).await
}

/// Builds every chart of one scope over `months`: the page's, the data
/// wall's and the quarterly review's. Restrictive practice counts only
/// when asked for (those who oversee the log); actions are overdue after
/// `today`.
pub async fn build_for_scope(
    state: &AppState,
    organisation_id: OrganisationId,
    scope: DashboardScope,
    months: &[i32],
    today: Date,
    category: Option<Category>,
    with_restrictions: bool,
) -> Result<Dashboard, AppError> {
    let (first, last) = (i64::from(months[0]), i64::from(months[months.len() - 1]));
    let store = &state.store;
    let category_code = category.map(|c| c.as_str()).unwrap_or("");
    let from_day = format!("{}-01", month_text(months[0]));
    let to_day = format!("{}-31", month_text(months[months.len() - 1]));
    let today_text = today.to_string();
    let changes = changes_for(state, organisation_id, scope.service_id).await?;
    if let (Some(team_id), Some(service_id)) = (scope.team_id, scope.service_id) {
        let reports = store.team_report_months(team_id, category_code, first, last).await?;
        let actions = store.team_action_months(service_id, team_id, &from_day, &to_day, &today_text).await?;
        let mut inputs = series_inputs(months, &reports, &[], &actions, None);
        inputs.retain(|input| !kept_per_service(&input.key));
        let (series, mut not_shown) = compute_all(inputs, &changes);
        not_shown.extend(per_service_only(with_restrictions, !store.measures(organisation_id).await?.is_empty()));
        return Ok(Dashboard { scope, from: month_text(months[0]), to: month_text(months[months.len() - 1]), category, series, not_shown });
    }
    let reports = store.report_months(&scope.queue_scope, category_code, first, last).await?;
    let denominators = store.denominators(&scope.queue_scope, first, last).await?;
    let actions = store.action_months(&scope.queue_scope, &from_day, &to_day, &today_text).await?;
    let restrictions = if with_restrictions { Some(store.restrictive_practice_month_totals(&scope.queue_scope, months[0], months[months.len() - 1]).await?) } else { None };
    let mut inputs = series_inputs(months, &reports, &denominators, &actions, restrictions.as_deref());
    // Restrictions are rare: mostly empty months read as days between them.
    if let Some(input) = inputs.iter_mut().find(|input| input.key == "restrictive_practice")
        && counts_are_rare(input.request.y.as_deref().unwrap_or_default())
    {
        let zone = organisation_zone(state, organisation_id).await?;
        let first_day = Date::new((months[0] / 100) as i16, (months[0] % 100) as i8, 1).map_err(AppError::internal)?;
        let from = zone.to_timestamp(first_day.to_datetime(jiff::civil::Time::midnight())).map_err(AppError::internal)?;
        let times = store.restrictive_practice_start_times(&scope.queue_scope, from, Timestamp::now()).await?;
        // None at all: a flat line of zeros misleads nobody, and says so.
        if !times.is_empty() {
            *input = rare_event_input(input, ("restriction", "restrictions"), &times, &zone);
        }
    }
    inputs.extend(crate::operations::measures::series_inputs(state, organisation_id, &scope.queue_scope, months).await?);
    let (series, not_shown) = compute_all(inputs, &changes);
    Ok(Dashboard { scope, from: month_text(months[0]), to: month_text(months[months.len() - 1]), category, series, not_shown })
}

/// Whether a measure is kept per service only, so a team has none of its
/// own: rates (their denominators are entered per service) and the
/// organisation's own measures (`measure-{id}`, values entered per service).
pub fn kept_per_service(key: &str) -> bool {
    key.starts_with("rate_") || key.starts_with("measure-")
}

/// What a team's dashboard leaves to its service's, and why: these are
/// recorded per service, so a team's share of them is not known.
fn per_service_only(with_restrictions: bool, has_own_measures: bool) -> Vec<(String, String)> {
    let mut reasons = vec![("Reporting rate".to_string(), "bed days and staff numbers are entered per service, not per team; see the service's dashboard".to_string())];
    if with_restrictions {
        reasons.push(("Restrictive practice".to_string(), "recorded per service and person, not per team; see the service's dashboard".to_string()));
    }
    if has_own_measures {
        reasons.push(("The organisation's own measures".to_string(), "values are entered per service, not per team; see the service's dashboard".to_string()));
    }
    reasons
}

/// The organisation-wide scope.
pub async fn organisation_scope(state: &AppState, organisation_id: OrganisationId) -> Result<DashboardScope, AppError> {
    let org = state.store.organisation(organisation_id).await?;
    Ok(DashboardScope { service_id: None, team_id: None, name: org.name, queue_scope: QueueScope::Organisation(organisation_id) })
}

/// Computes every series' chart, in phases that start at the `changes`
/// (first month, description). Charts with limits use the NHS Making Data
/// Count rules (a shift or trend of 7, two of three near a limit), the
/// standard UK care and health services read; the better direction gives
/// the variation icon its meaning.
pub fn compute_all(inputs: Vec<SeriesInput>, changes: &[(i32, String)]) -> (Vec<Series>, Vec<(String, String)>) {
    let mut series = Vec::new();
    let mut not_shown = Vec::new();
    for mut input in inputs {
        if input.request.rules.is_none() && input.request.chart.has_limits() {
            input.request.rules = Some(RuleSet::Nhs);
        }
        input.request.improvement = input.improvement;
        if let Some((_, many)) = input.events.as_ref().filter(|_| input.months.is_empty()) {
            not_shown.push((input.title, format!("fewer than two {many} since the first month shown, so no days between them to chart yet")));
            continue;
        }
        if input.months.is_empty() {
            not_shown.push((input.title, "no months with data yet".to_string()));
            continue;
        }
        let phases = if input.request.freeze.is_none() && input.request.parts.is_empty() { phases(&input.months, changes) } else { Vec::new() };
        input.request.parts = part_positions(&phases);
        let labels = input.labels.clone().unwrap_or_else(|| input.months.iter().map(|&m| month_label(m)).collect());
        match spc::compute(&input.request) {
            Ok(answer) => series.push(Series { input, answer, labels, phases: phases.into_iter().map(|phase| (phase.first, phase.change)).collect() }),
            Err(errors) => not_shown.push((input.title, errors.to_string())),
        }
    }
    (series, not_shown)
}

/// A rare-event chart of `counts` (same key, title and group): the days
/// between consecutive events at `times` (seconds, oldest first), each
/// labelled with the later event's day. Longer gaps are better when fewer
/// events are. Two gaps or more make a t chart; a single gap is shown
/// without limits, too soon to judge.
pub fn rare_event_input(counts: &SeriesInput, events: (&str, &str), times: &[i64], zone: &TimeZone) -> SeriesInput {
    let (mut gaps, mut labels, mut months) = (Vec::new(), Vec::new(), Vec::new());
    for pair in times.windows(2) {
        gaps.push((pair[1] - pair[0]).max(0) as f64 / 86_400.0);
        let day = Timestamp::from_second(pair[1]).map(|at| at.to_zoned_datetime(zone.clone()).date()).unwrap_or_default();
        labels.push(day.strftime("%-d %b %Y").to_string());
        months.push(i32::from(day.year()) * 100 + i32::from(day.month()));
    }
    let chart = if gaps.len() >= 2 { ChartKind::T } else { ChartKind::Run };
    let better = counts.improvement.map(|improvement| match improvement {
        Improvement::Decrease => Improvement::Increase,
        Improvement::Increase => Improvement::Decrease,
    });
    SeriesInput {
        key: counts.key.clone(),
        title: counts.title.clone(),
        unit: format!("days between {}", events.1),
        improvement: better,
        months,
        request: SpcRequest::of_values(chart, gaps),
        labels: Some(labels),
        events: Some((events.0.to_string(), events.1.to_string())),
    }
}

/// Sums of one month over the scope's services.
#[derive(Default, Clone)]
struct MonthTotals {
    r: ReportMonth,
    bed_days: f64,
    reports_with_bed_days: i64,
    staff: f64,
    reports_with_staff: i64,
    actions: ActionMonth,
    restrictions: i64,
}

fn add(total: &mut ReportMonth, row: &ReportMonth) {
    total.reports += row.reports;
    total.incidents += row.incidents;
    total.near_misses += row.near_misses;
    total.good_practice += row.good_practice;
    total.concerns += row.concerns;
    total.anonymous += row.anonymous;
    total.harm_none += row.harm_none;
    total.harm_low += row.harm_low;
    total.harm_moderate += row.harm_moderate;
    total.harm_severe += row.harm_severe;
    total.harm_death += row.harm_death;
    total.thanked += row.thanked;
    total.thank_seconds += row.thank_seconds;
    total.feedback += row.feedback;
    total.feedback_seconds += row.feedback_seconds;
    total.repeats += row.repeats;
}

/// Every measure of the dashboard as a series, from the months' rows.
/// Pure, so the choice of chart and the arithmetic are unit-tested.
pub fn series_inputs(
    months: &[i32],
    reports: &[ReportMonth],
    denominators: &[Denominator],
    actions: &[ActionMonth],
    restrictions: Option<&[(i64, i64)]>,
) -> Vec<SeriesInput> {
    let index = |month: i64| months.iter().position(|&m| i64::from(m) == month);
    let mut totals = vec![MonthTotals::default(); months.len()];
    for row in reports {
        if let Some(i) = index(row.month) {
            add(&mut totals[i].r, row);
        }
    }
    let mut reports_of_service_month: HashMap<(ServiceId, i64), i64> = HashMap::new();
    for row in reports {
        *reports_of_service_month.entry((row.service_id, row.month)).or_default() += row.reports;
    }
    for d in denominators {
        let Some(i) = index(d.month) else { continue };
        let service_reports = reports_of_service_month.get(&(d.service_id, d.month)).copied().unwrap_or(0);
        if let Some(bed_days) = d.occupied_bed_days.filter(|v| *v > 0.0) {
            totals[i].bed_days += bed_days;
            totals[i].reports_with_bed_days += service_reports;
        }
        if let Some(staff) = d.staff.filter(|v| *v > 0.0) {
            totals[i].staff += staff;
            totals[i].reports_with_staff += service_reports;
        }
    }
    for a in actions {
        if let Some(i) = index(a.month) {
            let t = &mut totals[i].actions;
            t.due += a.due;
            t.overdue += a.overdue;
            t.checked += a.checked;
            t.effective += a.effective;
        }
    }
    if let Some(restrictions) = restrictions {
        for &(month, count) in restrictions {
            if let Some(i) = index(month) {
                totals[i].restrictions += count;
            }
        }
    }

    let mut inputs = Vec::new();
    // Counts of events per month: c charts over every month.
    let count = |key: &str, title: &str, improvement, value: &dyn Fn(&MonthTotals) -> i64| SeriesInput {
        key: key.to_string(),
        title: title.to_string(),
        unit: "reports".to_string(),
        improvement,
        months: months.to_vec(),
        request: SpcRequest::of_values(ChartKind::C, totals.iter().map(|t| value(t) as f64).collect()),
        labels: None,
        events: None,
    };
    inputs.push(count("reports", "Reports", Some(Improvement::Increase), &|t| t.r.reports));
    inputs.push(count("incidents", "Incidents", None, &|t| t.r.incidents));
    inputs.push(count("near_misses", "Near-misses", Some(Improvement::Increase), &|t| t.r.near_misses));
    inputs.push(count("good_practice", "Good practice", Some(Improvement::Increase), &|t| t.r.good_practice));
    inputs.push(count("repeats", "Repeat reports (same people, same category, within 28 days)", Some(Improvement::Decrease), &|t| t.r.repeats));

    // Proportions and rates: only the months with a denominator.
    let ratio = |key: &str, title: &str, unit: &str, kind, multiply: f64, improvement, parts: &dyn Fn(&MonthTotals) -> (f64, f64)| {
        let mut chosen = Vec::new();
        let (mut numerator, mut denominator) = (Vec::new(), Vec::new());
        for (i, t) in totals.iter().enumerate() {
            let (top, bottom) = parts(t);
            if bottom > 0.0 {
                chosen.push(months[i]);
                numerator.push(top);
                denominator.push(bottom);
            }
        }
        let mut request = SpcRequest::of_ratio(kind, numerator, denominator);
        request.multiply = Some(multiply);
        SeriesInput { key: key.to_string(), title: title.to_string(), unit: unit.to_string(), improvement, months: chosen, request, labels: None, events: None }
    };
    inputs.push(ratio("rate_per_bed_days", "Reporting rate", "reports per 1,000 occupied bed days", ChartKind::U, 1000.0, Some(Improvement::Increase), &|t| {
        (t.reports_with_bed_days as f64, t.bed_days)
    }));
    inputs.push(ratio("rate_per_staff", "Reporting rate", "reports per 10 staff", ChartKind::U, 10.0, Some(Improvement::Increase), &|t| {
        (t.reports_with_staff as f64, t.staff)
    }));
    let share = |key: &str, title: &str, improvement, top: &dyn Fn(&MonthTotals) -> i64| {
        ratio(key, title, "% of reports", ChartKind::P, 100.0, improvement, &|t| (top(t) as f64, t.r.reports as f64))
    };
    inputs.push(share("near_miss_share", "Share of near-misses", Some(Improvement::Increase), &|t| t.r.near_misses));
    inputs.push(share("good_practice_share", "Share of good practice", Some(Improvement::Increase), &|t| t.r.good_practice));
    inputs.push(share("moderate_harm_share", "Share with moderate harm or worse", Some(Improvement::Decrease), &|t| {
        t.r.harm_moderate + t.r.harm_severe + t.r.harm_death
    }));
    inputs.push(share("anonymous_share", "Share made anonymously (falling anonymity is a sign of trust)", Some(Improvement::Decrease), &|t| t.r.anonymous));
    inputs.push(share("feedback_reached_share", "Share whose feedback reached the reporter", Some(Improvement::Increase), &|t| t.r.feedback));

    // Durations: the month's average, an I chart over months that have one.
    let duration = |key: &str, title: &str, parts: &dyn Fn(&MonthTotals) -> (i64, i64)| {
        let mut chosen = Vec::new();
        let mut values = Vec::new();
        for (i, t) in totals.iter().enumerate() {
            let (seconds, count) = parts(t);
            if count > 0 {
                chosen.push(months[i]);
                values.push(seconds as f64 / count as f64 / 86_400.0);
            }
        }
        SeriesInput {
            key: key.to_string(),
            title: title.to_string(),
            unit: "days (average)".to_string(),
            improvement: Some(Improvement::Decrease),
            months: chosen,
            request: SpcRequest::of_values(ChartKind::I, values),
            labels: None,
            events: None,
        }
    };
    inputs.push(duration("time_to_thanks", "Time to thanks", &|t| (t.r.thank_seconds, t.r.thanked)));
    inputs.push(duration("time_to_feedback", "Time to feedback", &|t| (t.r.feedback_seconds, t.r.feedback)));

    inputs.push(ratio("actions_overdue_share", "Actions overdue", "% of actions due", ChartKind::P, 100.0, Some(Improvement::Decrease), &|t| {
        (t.actions.overdue as f64, t.actions.due as f64)
    }));
    inputs.push(ratio("actions_effective_share", "Actions found effective", "% of actions checked", ChartKind::P, 100.0, Some(Improvement::Increase), &|t| {
        (t.actions.effective as f64, t.actions.checked as f64)
    }));
    if restrictions.is_some() {
        let mut input = count("restrictive_practice", "Restrictive practice", Some(Improvement::Decrease), &|t| t.restrictions);
        input.unit = "restrictions".to_string();
        inputs.push(input);
    }
    inputs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(service_id: i64, month: i64, reports: i64, near_misses: i64, anonymous: i64) -> ReportMonth {
        ReportMonth { service_id: ServiceId(service_id), month, reports, near_misses, anonymous, thanked: reports, thank_seconds: reports * 86_400, ..ReportMonth::default() }
    }

    #[test]
    fn months_default_to_the_last_eighteen_complete_ones() {
        let months = months_of(&DashboardQuery::default(), jiff::civil::date(2026, 12, 2)).unwrap();
        assert_eq!((months.len(), months[0], months[17]), (18, 202506, 202611));
        let query = DashboardQuery { from: Some("2026-13".into()), to: Some("2026-11".into()), ..Default::default() };
        assert_eq!(months_of(&query, jiff::civil::date(2026, 12, 2)).unwrap_err().first().unwrap().field, "from");
    }

    #[test]
    fn rows_of_services_add_up_per_month_and_rates_use_only_services_with_a_denominator() {
        let months = [202610, 202611];
        let reports = [row(1, 202610, 10, 4, 2), row(2, 202610, 6, 0, 0), row(1, 202611, 8, 2, 0)];
        let denominators = [Denominator { service_id: ServiceId(1), month: 202610, occupied_bed_days: Some(500.0), staff: None }];
        let inputs = series_inputs(&months, &reports, &denominators, &[], None);
        let find = |key| inputs.iter().find(|i| i.key == key).unwrap();
        assert_eq!(find("reports").request.y, Some(vec![16.0, 8.0]));
        let rate = find("rate_per_bed_days");
        assert_eq!((rate.months.clone(), rate.request.numerator.clone(), rate.request.denominator.clone()), (vec![202610], Some(vec![10.0]), Some(vec![500.0])));
        let share = find("near_miss_share");
        assert_eq!((share.request.numerator.clone(), share.request.denominator.clone()), (Some(vec![4.0, 2.0]), Some(vec![16.0, 8.0])));
        assert_eq!(find("time_to_thanks").request.y, Some(vec![1.0, 1.0]));
        assert!(inputs.iter().all(|i| i.key != "restrictive_practice"), "only for those who oversee it");
        assert!(inputs.len() >= 12);
    }

    #[test]
    fn measures_without_data_are_listed_as_not_shown() {
        let inputs = series_inputs(&[202611], &[], &[], &[], Some(&[]));
        let (series, not_shown) = compute_all(inputs, &[]);
        assert!(series.iter().any(|s| s.input.key == "reports"));
        assert!(not_shown.iter().any(|(title, _)| title == "Time to thanks"));
    }
}

#[cfg(test)]
mod phase_and_rare_event_tests {
    use super::*;

    /// The demo's story: reports jump at a recorded push. Without phases
    /// nearly every month after it is flagged; with the push recorded, the
    /// months after it are judged against their own limits.
    #[test]
    fn a_recorded_change_starts_a_phase_and_the_months_after_it_are_not_all_flagged() {
        let months: Vec<i32> = (1..=12).map(|m| 202500 + m).chain((1..=6).map(|m| 202600 + m)).collect();
        let reports: Vec<ReportMonth> = months
            .iter()
            .enumerate()
            .map(|(i, &m)| ReportMonth { service_id: ServiceId(1), month: i64::from(m), reports: if i < 6 { 20 + (i as i64 % 3) } else { 45 + (i as i64 % 4) }, ..ReportMonth::default() })
            .collect();
        let reports_only = |changes: &[(i32, String)]| {
            let inputs = series_inputs(&months, &reports, &[], &[], None).into_iter().filter(|i| i.key == "reports").collect();
            compute_all(inputs, changes).0.remove(0)
        };
        let flat = reports_only(&[]);
        assert!(flat.answer.points[6..].iter().filter(|p| p.signal).count() >= 10, "{:?}", flat.answer.points);
        let phased = reports_only(&[(202507, "Learning-culture push".to_string())]);
        assert_eq!(phased.phases, vec![(6, "Learning-culture push".to_string())]);
        assert_eq!(phased.answer.parts.as_ref().map(Vec::len), Some(2));
        assert!(phased.answer.points[6..].iter().all(|p| !p.signal), "{:?}", phased.answer.points);
    }

    #[test]
    fn rare_restrictions_become_days_between_them() {
        let counts = SeriesInput {
            key: "restrictive_practice".into(),
            title: "Restrictive practice".into(),
            unit: "restrictions".into(),
            improvement: Some(Improvement::Decrease),
            months: vec![202611],
            request: SpcRequest::of_values(ChartKind::C, vec![1.0]),
            labels: None,
            events: None,
        };
        let zone = TimeZone::get("Europe/London").unwrap();
        let day = 86_400;
        let start = 1_795_000_000; // 18 Nov 2026
        let rare = rare_event_input(&counts, ("restriction", "restrictions"), &[start, start + 3 * day, start + 5 * day, start + 12 * day], &zone);
        assert_eq!((rare.request.chart, rare.request.y.clone()), (ChartKind::T, Some(vec![3.0, 2.0, 7.0])));
        assert_eq!(rare.improvement, Some(Improvement::Increase), "longer gaps are better");
        assert_eq!(rare.labels.as_ref().unwrap()[0], "21 Nov 2026");
        let (series, _) = compute_all(vec![rare], &[]);
        assert_eq!(series[0].answer.chart, ChartKind::T);
        let one_gap = rare_event_input(&counts, ("restriction", "restrictions"), &[start, start + day], &zone);
        assert_eq!(one_gap.request.chart, ChartKind::Run, "one gap: shown, too soon to judge");
        let none = rare_event_input(&counts, ("restriction", "restrictions"), &[start], &zone);
        let (series, not_shown) = compute_all(vec![none], &[]);
        assert!(series.is_empty());
        assert!(not_shown[0].1.starts_with("fewer than two restrictions"), "{not_shown:?}");
    }
}
