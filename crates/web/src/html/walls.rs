//! Data walls: `/dashboard/walls` sets up and revokes display links;
//! `/wall/{token}` is the full-screen wall itself, opened without signing
//! in, refreshing itself every few minutes. The wall is a grid sized to the
//! screen (never scrolling, whatever the count of measures): each measure's
//! latest value, icons, sentence and a compact chart.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::Form;
use learnloop_domain::FieldErrors;
use learnloop_store::walls::DisplayLink;
use learnloop_store::services::Service;
use learnloop_store::people::User;

use crate::auth::PageUser;
use crate::auth::session::require;
use crate::charts::view::ChartView;
use crate::error::AppError;
use crate::html::carried_secret::WALL_LINK;
use crate::html::dashboard::chart_of;
use crate::page::{Layout, PageError, render, render_with_status};
use crate::html::display::{Choice, TeamGroup, local_day, local_time};
use crate::operations::time_zone::organisation_zone;
use crate::state::AppState;
use crate::operations::walls::{self, WallInput, WallMeasure, may_manage};

const HERE: &str = "/dashboard";
/// How often a wall reloads itself, in seconds.
pub const REFRESH_SECONDS: u32 = 300;

/// A link as the list shows it.
struct LinkView {
    id: i64,
    name: String,
    scope: String,
    measures: String,
    created: String,
    revoked: Option<String>,
}

#[derive(Template)]
#[template(path = "walls.html")]
struct WallsPage {
    layout: Layout,
    notice: Option<String>,
    /// The address of a wall just created: shown this once.
    new_link: Option<String>,
    errors: FieldErrors,
    name: String,
    services: Vec<Choice>,
    team_groups: Vec<TeamGroup>,
    measures: Vec<(WallMeasure, bool)>,
    links: Vec<LinkView>,
}

async fn walls_page(state: &AppState, user: &User, status: StatusCode, notice: Option<String>, new_link: Option<String>, errors: FieldErrors, typed: WallInput) -> Result<Response, PageError> {
    let zone = organisation_zone(state, user.organisation_id).await?;
    let all_services = state.store.services(user.organisation_id).await?;
    let mut services = Vec::new();
    if user.role.leads_measurement() {
        services.push(Choice { value: String::new(), label: "Whole organisation".into(), selected: typed.service.is_empty() });
    }
    for s in all_services.iter().filter(|s| may_manage(user, Some(s.id))) {
        services.push(Choice { value: s.slug.clone(), label: s.name.clone(), selected: typed.service == s.slug });
    }
    let manageable: Vec<Service> = all_services.iter().filter(|s| may_manage(user, Some(s.id))).cloned().collect();
    let teams = state.store.teams(user.organisation_id).await?;
    let team_groups = TeamGroup::for_services(&manageable, &teams, &typed.team);
    let choices = walls::measure_choices(state, user.organisation_id).await?;
    let label_of = |key: &str| choices.iter().find(|c| c.key == key).map(|c| c.label.clone()).unwrap_or_else(|| "(a measure since removed)".into());
    let links = walls::links_for(state, user)
        .await?
        .into_iter()
        .map(|link: DisplayLink| LinkView {
            id: link.id,
            scope: {
                let service = link.service_id.and_then(|id| all_services.iter().find(|s| s.id == id)).map(|s| s.name.clone());
                let team = link.team_id.and_then(|id| teams.iter().find(|t| t.id == id)).map(|t| t.name.clone());
                match (service, team) {
                    (None, _) => "Whole organisation".to_string(),
                    (Some(service), None) => service,
                    (Some(service), Some(team)) => format!("{team}, {service}"),
                }
            },
            measures: link.measure_keys().iter().map(|k| label_of(k)).collect::<Vec<_>>().join(", "),
            created: local_day(link.created_at, &zone),
            revoked: link.revoked_at.map(|at| local_time(at, &zone)),
            name: link.name,
        })
        .collect();
    let chosen = |key: &str| typed.measures.iter().any(|k| k == key);
    let measures = choices.iter().map(|c| (c.clone(), chosen(&c.key))).collect();
    let page = WallsPage {
        layout: Layout::for_user(state, user, "Data walls", HERE).await?,
        notice,
        new_link,
        errors,
        name: typed.name,
        services,
        team_groups,
        measures,
        links,
    };
    Ok(render_with_status(status, &page))
}

/// What a form on the page just did (post/redirect/get): `created`,
/// `revoked` or `already_revoked`, and which link.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct DoneQuery {
    done: String,
    link: Option<i64>,
}

const PAGE: &str = "/dashboard/walls";

pub async fn list(State(state): State<AppState>, PageUser(user): PageUser, jar: CookieJar, Query(query): Query<DoneQuery>) -> Result<Response, PageError> {
    require(user.role.keeps_measures())?;
    let link = match query.link {
        Some(id) => walls::links_for(&state, &user).await?.into_iter().find(|l| l.id == id),
        None => None,
    };
    let name = link.as_ref().map(|l| l.name.as_str()).unwrap_or("");
    // A new link's token came in a cookie from `create`: shown while it lasts.
    let new_link = match (query.done.as_str(), WALL_LINK.read(&jar)) {
        ("created", Some(token)) => {
            let base = state.config.public_url.clone().unwrap_or_default();
            Some(format!("{}/wall/{token}", base.trim_end_matches('/')))
        }
        _ => None,
    };
    let notice = match (query.done.as_str(), &new_link) {
        ("created", Some(_)) => Some(format!("Display link \"{name}\" created. Open it on the wall screen; copy it now, as it is shown only for a few minutes.")),
        ("created", None) => Some(format!("Display link \"{name}\" was created; its address is no longer shown. Revoke it and create another if it was not copied.")),
        ("revoked", _) => Some(format!("Display link \"{name}\" revoked: the wall screen using it now shows nothing.")),
        ("already_revoked", _) => Some(format!("Display link \"{name}\" had already been revoked.")),
        _ => None,
    };
    walls_page(&state, &user, StatusCode::OK, notice, new_link, FieldErrors::default(), WallInput::default()).await
}

pub async fn create(State(state): State<AppState>, PageUser(user): PageUser, jar: CookieJar, Form(input): Form<WallInput>) -> Result<Response, PageError> {
    require(user.role.keeps_measures())?;
    match walls::create(&state, &user, &input).await {
        Ok((link, token)) => {
            let cookie = WALL_LINK.carry(&state, PAGE.into(), token.as_str().to_string());
            Ok((jar.add(cookie), Redirect::to(&format!("{PAGE}?done=created&link={}", link.id))).into_response())
        }
        Err(AppError::Invalid(errors)) => walls_page(&state, &user, StatusCode::UNPROCESSABLE_ENTITY, None, None, errors, input).await,
        Err(other) => Err(other.into()),
    }
}

pub async fn revoke(State(state): State<AppState>, PageUser(user): PageUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    let (link, revoked) = walls::revoke(&state, &user, id).await?;
    let done = if revoked { "revoked" } else { "already_revoked" };
    Ok(Redirect::to(&format!("{PAGE}?done={done}&link={}", link.id)).into_response())
}

#[derive(Template)]
#[template(path = "wall.html")]
struct WallPage {
    title: String,
    scope_name: String,
    updated: String,
    refresh_seconds: u32,
    charts: Vec<ChartView>,
    /// The grid that fits this many charts on a landscape screen.
    columns: usize,
    rows: usize,
}

/// Columns and rows for `count` charts on a landscape screen, fullest
/// first: 1, 2 or 3 across, then a second and third row.
fn wall_grid(count: usize) -> (usize, usize) {
    match count {
        0 | 1 => (1, 1),
        2 => (2, 1),
        3 => (3, 1),
        4 => (2, 2),
        5 | 6 => (3, 2),
        n => (3, n.div_ceil(3)),
    }
}

/// The wall itself. The token is the only key, so the page is never cached
/// and never sends its address on as a referrer.
pub async fn show(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, PageError> {
    let found = walls::open(&state, &token).await?;
    let zone = organisation_zone(&state, found.link.organisation_id).await?;
    let charts: Vec<ChartView> = found.dashboard.series.iter().map(|s| ChartView::compact(&chart_of(s))).collect();
    let (columns, rows) = wall_grid(charts.len());
    let page = WallPage {
        title: found.link.name.clone(),
        scope_name: found.dashboard.scope.name.clone(),
        updated: local_time(jiff::Timestamp::now().as_second(), &zone),
        refresh_seconds: REFRESH_SECONDS,
        charts,
        columns,
        rows,
    };
    let mut response = render(&page);
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert("x-robots-tag", HeaderValue::from_static("noindex"));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::wall_grid;

    #[test]
    fn the_grid_holds_every_count_of_measures_a_wall_allows() {
        for count in 1..=crate::operations::walls::MAX_MEASURES {
            let (columns, rows) = wall_grid(count);
            assert!(columns * rows >= count && columns <= 3 && rows <= 3, "{count}: {columns}×{rows}");
            assert!(columns * rows - count < columns, "{count}: no empty row");
        }
    }
}
