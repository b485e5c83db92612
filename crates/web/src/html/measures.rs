//! The organisation's own measures in the browser: `/measures` lists them
//! and (for those who lead measurement) defines one; `/measures/{id}` shows
//! its chart, takes a month's value and imports a CSV. The import form
//! sends pasted text without script; with script, a chosen file is uploaded
//! to `/measures/{id}/upload` with a progress bar (`assets/app.js`): a page
//! route, signed in by the session cookie like every page, that answers JSON.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use learnloop_domain::FieldErrors;
use learnloop_domain::measures::{MeasureInput, MeasureKind, ValueInput};
use learnloop_domain::restrictive_practice::{month_text, parse_month};
use learnloop_domain::role::may_enter_values_for;
use learnloop_store::measures::Measure;
use learnloop_store::people::User;
use serde::Deserialize;

use crate::auth::PageUser;
use crate::charts::view::ChartView;
use crate::operations::dashboard::{self, DashboardQuery, compute_all};
use crate::error::AppError;
use crate::html::dashboard::chart_of;
use crate::page::{Layout, PageError, render_with_status};
use crate::html::display::Choice;
use crate::operations::time_zone::{organisation_zone, today_in};
use crate::operations::measures;
use crate::state::AppState;

const HERE: &str = "/dashboard";

/// A number typed into a form: empty is none; anything else must parse.
fn number(errors: &mut FieldErrors, field: &str, what: &str, text: &str) -> Option<f64> {
    let text = text.trim().replace(',', "");
    if text.is_empty() {
        return None;
    }
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() => Some(value),
        _ => {
            errors.push(field, format!("Give {what} as a number, for example 12 or 3.5."));
            None
        }
    }
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct MeasureForm {
    name: String,
    description: String,
    kind: String,
    unit: String,
    multiply: String,
    improvement: String,
    target: String,
}

#[derive(Template)]
#[template(path = "measures.html")]
struct MeasuresPage {
    layout: Layout,
    may_define: bool,
    notice: Option<String>,
    errors: FieldErrors,
    form: MeasureForm,
    kinds: Vec<Choice>,
    improvements: Vec<Choice>,
    measures: Vec<(i64, String, String, String)>,
}

async fn measures_page(state: &AppState, user: &User, status: StatusCode, notice: Option<String>, errors: FieldErrors, form: MeasureForm) -> Result<Response, PageError> {
    let measures = state
        .store
        .measures(user.organisation_id)
        .await?
        .into_iter()
        .map(|m| (m.id, m.name, m.kind.label().to_string(), m.unit))
        .collect();
    let kinds = MeasureKind::ALL.iter().map(|k| Choice { value: k.as_str().into(), label: k.label().into(), selected: form.kind == k.as_str() }).collect();
    let improvements = Choice::list([("", "Neither: just watch it"), ("increase", "Higher is better"), ("decrease", "Lower is better")], &form.improvement);
    let page = MeasuresPage {
        layout: Layout::for_user(state, user, "Measures", HERE).await?,
        may_define: user.role.leads_measurement(),
        notice,
        errors,
        form,
        kinds,
        improvements,
        measures,
    };
    Ok(render_with_status(status, &page))
}

pub async fn list(State(state): State<AppState>, PageUser(user): PageUser) -> Result<Response, PageError> {
    measures_page(&state, &user, StatusCode::OK, None, FieldErrors::default(), MeasureForm { multiply: "1".into(), ..MeasureForm::default() }).await
}

pub async fn create(State(state): State<AppState>, PageUser(user): PageUser, Form(form): Form<MeasureForm>) -> Result<Response, PageError> {
    let mut errors = FieldErrors::default();
    let input = MeasureInput {
        name: form.name.clone(),
        description: form.description.clone(),
        kind: form.kind.clone(),
        unit: form.unit.clone(),
        multiply: number(&mut errors, "multiply", "the multiplier", &form.multiply),
        improvement: Some(form.improvement.clone()),
        target: number(&mut errors, "target", "the target", &form.target),
    };
    let outcome = if errors.is_empty() { measures::create(&state, &user, &input).await } else { Err(AppError::Invalid(errors)) };
    match outcome {
        Ok(saved) => Ok(Redirect::to(&format!("/measures/{}?done=created", saved.id)).into_response()),
        Err(AppError::Invalid(errors)) => measures_page(&state, &user, StatusCode::UNPROCESSABLE_ENTITY, None, errors, form).await,
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ValueForm {
    service: String,
    month: String,
    value: String,
    denominator: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ImportForm {
    csv: String,
}

#[derive(Template)]
#[template(path = "measure.html")]
struct MeasurePage {
    layout: Layout,
    id: i64,
    name: String,
    description: String,
    kind_label: String,
    needs_denominator: bool,
    csv_header: &'static str,
    notice: Option<String>,
    errors: FieldErrors,
    form: ValueForm,
    services: Vec<Choice>,
    may_enter: bool,
    chart: Option<ChartView>,
    scope_name: String,
}

#[allow(clippy::too_many_arguments)]
async fn measure_page(state: &AppState, user: &User, measure: &Measure, status: StatusCode, query: &DashboardQuery, notice: Option<String>, errors: FieldErrors, form: ValueForm) -> Result<Response, PageError> {
    let zone = organisation_zone(state, user.organisation_id).await?;
    let months = dashboard::months_of(query, today_in(&zone)).map_err(AppError::Invalid)?;
    let scope = dashboard::scope_for(state, user, query.service.as_deref(), None).await?;
    let values = state.store.measure_values(measure.id, &scope.queue_scope, i64::from(months[0]), i64::from(months[months.len() - 1])).await?;
    let changes = crate::operations::change_points::changes_for(state, user.organisation_id, scope.service_id).await?;
    let (series, _) = compute_all(vec![measures::series_input(measure, &months, &values)], &changes);
    let chart = series.first().map(|s| ChartView::new(&chart_of(s), String::new()));
    let services: Vec<Choice> = state
        .store
        .services(user.organisation_id)
        .await?
        .into_iter()
        .filter(|s| may_enter_values_for(user.role, s.id, &user.service_ids))
        .map(|s| Choice { selected: form.service == s.slug, value: s.slug, label: s.name })
        .collect();
    let page = MeasurePage {
        layout: Layout::for_user(state, user, &measure.name, HERE).await?,
        id: measure.id,
        name: measure.name.clone(),
        description: measure.description.clone(),
        kind_label: measure.kind.label().to_string(),
        needs_denominator: measure.kind.needs_denominator(),
        csv_header: if measure.kind.needs_denominator() { "service,month,value,denominator" } else { "service,month,value" },
        notice,
        errors,
        may_enter: !services.is_empty(),
        services,
        form,
        chart,
        scope_name: scope.name,
    };
    Ok(render_with_status(status, &page))
}

/// What a form on the measure's page just saved (post/redirect/get).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SavedQuery {
    done: String,
    /// The service and month a value was saved for (slug, `YYYY-MM`).
    saved_for: String,
    saved_month: String,
    count: usize,
}

impl SavedQuery {
    fn notice(&self, measure: &Measure, service_name: Option<&str>) -> Option<String> {
        match self.done.as_str() {
            "created" => Some(format!("Measure \"{}\" saved. Enter its monthly values or import them from CSV below.", measure.name)),
            "value" => Some(match (service_name, parse_month(&self.saved_month)) {
                (Some(service), Some(month)) => format!("Saved the value for {service} in {}.", month_text(month)),
                _ => "Value saved.".to_string(),
            }),
            "imported" => Some(format!("Imported {} value{}.", self.count, if self.count == 1 { "" } else { "s" })),
            _ => None,
        }
    }
}

pub async fn detail(State(state): State<AppState>, PageUser(user): PageUser, Path(id): Path<i64>, Query(query): Query<DashboardQuery>, Query(saved): Query<SavedQuery>) -> Result<Response, PageError> {
    let measure = measures::find(&state, &user, id).await?;
    let service = if saved.saved_for.is_empty() { None } else { state.store.service_by_slug_or_id(user.organisation_id, &saved.saved_for).await? };
    let notice = saved.notice(&measure, service.as_ref().map(|s| s.name.as_str()));
    // After a value is saved, the form stays on its service for the next one.
    let form = ValueForm { service: service.map(|s| s.slug).unwrap_or_default(), ..ValueForm::default() };
    measure_page(&state, &user, &measure, StatusCode::OK, &query, notice, FieldErrors::default(), form).await
}

pub async fn enter_value(State(state): State<AppState>, PageUser(user): PageUser, Path(id): Path<i64>, Form(form): Form<ValueForm>) -> Result<Response, PageError> {
    let measure = measures::find(&state, &user, id).await?;
    let mut errors = FieldErrors::default();
    let input = ValueInput {
        service: form.service.clone(),
        month: form.month.clone(),
        value: number(&mut errors, "value", "the value", &form.value),
        denominator: number(&mut errors, "denominator", "the denominator", &form.denominator),
    };
    let outcome = if errors.is_empty() { measures::enter_value(&state, &user, &measure, &input).await } else { Err(AppError::Invalid(errors)) };
    let query = DashboardQuery::default();
    match outcome {
        Ok((service, month)) => {
            Ok(Redirect::to(&format!("/measures/{}?done=value&saved_for={}&saved_month={}", measure.id, service.slug, month_text(month))).into_response())
        }
        Err(AppError::Invalid(errors)) => measure_page(&state, &user, &measure, StatusCode::UNPROCESSABLE_ENTITY, &query, None, errors, form).await,
        Err(other) => Err(other.into()),
    }
}

/// The no-script import: the CSV pasted into the form.
pub async fn import(State(state): State<AppState>, PageUser(user): PageUser, Path(id): Path<i64>, Form(form): Form<ImportForm>) -> Result<Response, PageError> {
    let measure = measures::find(&state, &user, id).await?;
    let query = DashboardQuery::default();
    match measures::import_csv(&state, &user, &measure, &form.csv).await {
        Ok(count) => Ok(Redirect::to(&format!("/measures/{}?done=imported&count={count}", measure.id)).into_response()),
        Err(AppError::Invalid(errors)) => measure_page(&state, &user, &measure, StatusCode::UNPROCESSABLE_ENTITY, &query, None, errors, ValueForm::default()).await,
        Err(other) => Err(other.into()),
    }
}

/// The import page's script uploads the CSV here (`text/csv`, up to
/// `IMPORT_MAX_BYTES`) and shows the answer: `{"imported": n}`, or the API's
/// error shape with every problem by row and column. Nothing is imported
/// unless every row is valid.
pub async fn upload(State(state): State<AppState>, PageUser(user): PageUser, Path(id): Path<i64>, body: String) -> Result<axum::Json<serde_json::Value>, crate::error::ApiError> {
    let measure = measures::find(&state, &user, id).await?;
    let imported = measures::import_csv(&state, &user, &measure, &body).await?;
    Ok(axum::Json(serde_json::json!({ "imported": imported })))
}
