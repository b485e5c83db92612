//! The organisation's own measures, shared by the pages and the API: define
//! one (those who lead measurement), enter a month's value or import a CSV
//! (they, or a manager for their services), and chart a measure's values.

use learnloop_domain::audit::AuditAction;
use learnloop_domain::ids::OrganisationId;
use jiff::Timestamp;
use learnloop_domain::measures::{CSV_PROBLEMS_LISTED, CsvProblem, MeasureInput, MeasureKind, ValueInput, check_value, parse_values_csv};
use learnloop_domain::role::may_enter_values_for;
use learnloop_domain::spc::{ChartKind, SpcRequest};
use learnloop_domain::FieldErrors;
use learnloop_store::measures::{CreateMeasureRefusal, Measure, MeasureValue, ValueRow};
use learnloop_store::services::Service;
use learnloop_store::people::User;
use learnloop_store::triage::QueueScope;

use crate::auth::session::require;
use crate::operations::series::SeriesInput;
use crate::error::AppError;
use crate::state::AppState;

/// A CSV import may be this large (100,000 values is about 3 MB).
pub const IMPORT_MAX_BYTES: usize = 32 * 1024 * 1024;

pub async fn create(state: &AppState, user: &User, input: &MeasureInput) -> Result<Measure, AppError> {
    require(user.role.leads_measurement())?;
    let measure = input.validate().map_err(AppError::Invalid)?;
    match state.store.create_measure(user.organisation_id, &measure, user.id, Timestamp::now()).await? {
        Ok(saved) => Ok(saved),
        Err(CreateMeasureRefusal::NameTaken) => Err(AppError::invalid("name", format!("There is already a measure called \"{}\"; choose another name.", measure.name))),
    }
}

pub async fn find(state: &AppState, user: &User, id: i64) -> Result<Measure, AppError> {
    state.store.measure(user.organisation_id, id).await?.ok_or(AppError::NotFound("That measure"))
}

/// A service named by id, slug or name (any case), among the organisation's.
fn service_named<'a>(services: &'a [Service], text: &str) -> Option<&'a Service> {
    let text = text.trim();
    services.iter().find(|s| s.id.to_string() == text || s.slug.eq_ignore_ascii_case(text) || s.name.eq_ignore_ascii_case(text))
}

/// Saves one month's value of one service.
pub async fn enter_value(state: &AppState, user: &User, measure: &Measure, input: &ValueInput) -> Result<(Service, i32), AppError> {
    if !user.role.keeps_measures() {
        return Err(AppError::Forbidden);
    }
    let services = state.store.services(user.organisation_id).await?;
    let mut errors = FieldErrors::default();
    let service = service_named(&services, &input.service);
    match service {
        None => errors.push("service", "Choose one of the organisation's services."),
        Some(s) if !may_enter_values_for(user.role, s.id, &user.service_ids) => errors.push("service", format!("You cannot enter values for {}.", s.name)),
        Some(_) => {}
    }
    let checked = check_value(measure.kind, &input.month, input.value, input.denominator, current_month(state, user).await?);
    if let Err(found) = &checked {
        errors.0.extend(found.0.iter().cloned());
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let (service, checked) = (service.cloned().expect("checked above"), checked.expect("checked above"));
    let row: ValueRow = (service.id, checked.month, checked.value, checked.denominator);
    state.store.save_measure_values(measure, &[row], user.id, Timestamp::now(), AuditAction::MeasureValueEntered).await?;
    Ok((service, checked.month))
}

/// The month now in the organisation's zone, `year * 100 + month`: the
/// latest a value may be entered for.
async fn current_month(state: &AppState, user: &User) -> Result<i32, AppError> {
    let zone = crate::operations::time_zone::organisation_zone(state, user.organisation_id).await?;
    Ok(learnloop_domain::reports::month_bucket(Timestamp::now(), &zone))
}

/// Imports a CSV: every row checked, every problem listed by row and column,
/// nothing saved unless all of it is valid. Returns how many values were saved.
pub async fn import_csv(state: &AppState, user: &User, measure: &Measure, text: &str) -> Result<usize, AppError> {
    if !user.role.keeps_measures() {
        return Err(AppError::Forbidden);
    }
    let services = state.store.services(user.organisation_id).await?;
    let mut problems = Vec::new();
    let mut rows: Vec<ValueRow> = Vec::new();
    match parse_values_csv(measure.kind, text, current_month(state, user).await?) {
        Err(found) => problems = found,
        Ok(values) => {
            for value in values {
                match service_named(&services, &value.service) {
                    None => problems.push(CsvProblem { row: value.row, column: "service".into(), message: format!("No service is called \"{}\".", value.service) }),
                    Some(s) if !may_enter_values_for(user.role, s.id, &user.service_ids) => {
                        problems.push(CsvProblem { row: value.row, column: "service".into(), message: format!("You cannot enter values for {}.", s.name) })
                    }
                    Some(s) => rows.push((s.id, value.value.month, value.value.value, value.value.denominator)),
                }
            }
        }
    }
    if !problems.is_empty() {
        let mut errors = FieldErrors::default();
        errors.push("csv", format!(
            "Nothing was imported: {} problem{} to fix, listed by row and column (the header is row 1).",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" }
        ));
        for CsvProblem { row, column, message } in problems.iter().take(CSV_PROBLEMS_LISTED) {
            let field = if column.is_empty() { format!("rows[{row}]") } else { format!("rows[{row}].{column}") };
            let place = if column.is_empty() { format!("Row {row}") } else { format!("Row {row}, {column}") };
            errors.push(&field, format!("{place}: {message}"));
        }
        return Err(AppError::Invalid(errors));
    }
    Ok(state.store.save_measure_values(measure, &rows, user.id, Timestamp::now(), AuditAction::MeasureValuesImported).await?)
}

/// A measure's series over `months`: services' values added up per month
/// (proportions, rates and counts) or averaged (single values).
pub fn series_input(measure: &Measure, months: &[i32], values: &[MeasureValue]) -> SeriesInput {
    let mut chosen = Vec::new();
    let (mut tops, mut bottoms) = (Vec::new(), Vec::new());
    for &month in months {
        let of_month: Vec<&MeasureValue> = values.iter().filter(|v| v.month == i64::from(month)).collect();
        if of_month.is_empty() {
            continue;
        }
        let top: f64 = of_month.iter().map(|v| v.value).sum();
        let bottom: f64 = of_month.iter().map(|v| v.denominator.unwrap_or(0.0)).sum();
        if measure.kind.needs_denominator() && bottom <= 0.0 {
            continue;
        }
        chosen.push(month);
        match measure.kind {
            MeasureKind::Value => tops.push(top / of_month.len() as f64),
            _ => tops.push(top),
        }
        bottoms.push(bottom);
    }
    let chart = measure.kind.chart();
    let mut request = if measure.kind.needs_denominator() {
        SpcRequest::of_ratio(chart, tops, bottoms)
    } else {
        SpcRequest::of_values(chart, tops)
    };
    if chart == ChartKind::I || chart == ChartKind::C {
        request.multiply = (measure.multiply != 1.0).then_some(measure.multiply);
    } else {
        request.multiply = Some(measure.multiply);
    }
    request.improvement = measure.improvement;
    request.target = measure.target;
    SeriesInput {
        key: format!("measure-{}", measure.id),
        title: measure.name.clone(),
        unit: measure.unit.clone(),
        improvement: measure.improvement,
        months: chosen,
        request,
        labels: None,
        events: None,
    }
}

/// Every measure of the organisation as a series over the scope and months.
pub async fn series_inputs(state: &AppState, organisation_id: OrganisationId, scope: &QueueScope, months: &[i32]) -> Result<Vec<SeriesInput>, AppError> {
    let (first, last) = (i64::from(months[0]), i64::from(months[months.len() - 1]));
    let mut inputs = Vec::new();
    for measure in state.store.measures(organisation_id).await? {
        let values = state.store.measure_values(measure.id, scope, first, last).await?;
        inputs.push(series_input(&measure, months, &values));
    }
    Ok(inputs)
}
