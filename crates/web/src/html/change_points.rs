//! `/dashboard/changes`: those who lead measurement record the day a known
//! change began (the whole organisation's, or one service's), and see the
//! changes recorded; the dashboard's charts start a new phase at each. A
//! saved change redirects back here (post/redirect/get) with what was saved.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use learnloop_domain::FieldErrors;
use learnloop_store::change_points::ChangePoint;
use learnloop_store::people::User;
use serde::Deserialize;

use crate::auth::PageUser;
use crate::auth::session::require;
use crate::error::AppError;
use crate::html::display::{Choice, local_day};
use crate::operations::change_points::{self, ChangePointInput, may_record};
use crate::operations::dashboard::month_label;
use crate::operations::time_zone::organisation_zone;
use crate::page::{Layout, PageError, render_with_status};
use crate::state::AppState;

const HERE: &str = "/dashboard";

/// A change as the list shows it.
struct ChangeView {
    id: i64,
    changed_on: String,
    phase_from: String,
    scope: String,
    description: String,
    recorded: String,
}

#[derive(Template)]
#[template(path = "change_points.html")]
struct ChangePointsPage {
    layout: Layout,
    notice: Option<String>,
    errors: FieldErrors,
    typed: ChangePointInput,
    services: Vec<Choice>,
    changes: Vec<ChangeView>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Shown {
    /// The id of a change just recorded, to confirm what was saved.
    recorded: Option<i64>,
    /// The day and words of a change just removed.
    removed: Option<String>,
}

async fn changes_page(
    state: &AppState,
    user: &User,
    status: StatusCode,
    shown: Shown,
    errors: FieldErrors,
    typed: ChangePointInput,
) -> Result<Response, PageError> {
    let recorded = shown.recorded;
    let zone = organisation_zone(state, user.organisation_id).await?;
    let services = state.store.services(user.organisation_id).await?;
    let scope_of = |change: &ChangePoint| match change
        .service_id
        .and_then(|id| services.iter().find(|s| s.id == id))
    {
        Some(service) => service.name.clone(),
        None => "Whole organisation".to_string(),
    };
    let day_text = |day: &str| {
        day.parse::<jiff::civil::Date>()
            .map(|d| d.strftime("%-d %b %Y").to_string())
            .unwrap_or_else(|_| day.to_string())
    };
    let all = change_points::list(state, user).await?;
    let notice = recorded.and_then(|id| all.iter().find(|c| c.id == id)).map(|change| {
        format!(
            "Recorded: {}, \"{}\" ({}). Its charts now start a new phase from {}, with limits from that phase's own months.",
            day_text(&change.changed_on),
            change.description,
            scope_of(change),
            month_label(change.month)
        )
    });
    let notice = notice.or(shown
        .removed
        .map(|what| format!("Removed: {what}. Its charts are one phase there again.")));
    let changes = all
        .iter()
        .rev()
        .map(|change| ChangeView {
            id: change.id,
            changed_on: day_text(&change.changed_on),
            phase_from: month_label(change.month),
            scope: scope_of(change),
            description: change.description.clone(),
            recorded: local_day(change.recorded_at, &zone),
        })
        .collect();
    let choices = std::iter::once(Choice {
        value: String::new(),
        label: "Whole organisation".into(),
        selected: typed.service.is_empty(),
    })
    .chain(services.iter().map(|s| Choice {
        value: s.slug.clone(),
        label: s.name.clone(),
        selected: typed.service == s.slug,
    }))
    .collect();
    let page = ChangePointsPage {
        layout: Layout::for_user(state, user, "Known changes", HERE).await?,
        notice,
        errors,
        typed,
        services: choices,
        changes,
    };
    Ok(render_with_status(status, &page))
}

pub async fn page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Query(shown): Query<Shown>,
) -> Result<Response, PageError> {
    require(may_record(&user))?;
    changes_page(
        &state,
        &user,
        StatusCode::OK,
        shown,
        FieldErrors::default(),
        ChangePointInput::default(),
    )
    .await
}

pub async fn record(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Form(input): Form<ChangePointInput>,
) -> Result<Response, PageError> {
    match change_points::record(&state, &user, &input).await {
        Ok(saved) => {
            Ok(Redirect::to(&format!("/dashboard/changes?recorded={}", saved.id)).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            changes_page(
                &state,
                &user,
                StatusCode::UNPROCESSABLE_ENTITY,
                Shown::default(),
                errors,
                input,
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn remove(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let removed = change_points::remove(&state, &user, id).await?;
    let what = format!("{}, \"{}\"", removed.changed_on, removed.description);
    let query = serde_html_form::to_string([("removed", what)]).unwrap_or_default();
    Ok(Redirect::to(&format!("/dashboard/changes?{query}")).into_response())
}
