//! Data walls: a team's wall screen shows the measures the team chose,
//! opened by a display link without signing in. The link's token is shown
//! once and stored as a hash; revoking it closes the wall at once. A wall
//! shows aggregates only, never restrictive practice counts, and nothing
//! that names a report or a person.

use learnloop_domain::ids::{OrganisationId, ServiceId};
use jiff::Timestamp;
use learnloop_domain::FieldErrors;
use learnloop_domain::role::may_enter_values_for;
use learnloop_domain::secret_token::{SecretToken, hash_presented_token};
use learnloop_store::walls::{DisplayLink, NewDisplayLink};
use learnloop_store::people::User;
use serde::Deserialize;

use crate::operations::dashboard::{self, Dashboard, DashboardQuery, series_inputs};
use crate::error::AppError;
use crate::operations::time_zone::{organisation_zone, today_in};
use crate::state::AppState;

pub const NAME_MAX_CHARS: usize = 80;
/// More charts than this cannot be read from across a room.
pub const MAX_MEASURES: usize = 9;

/// A new wall as the form gives it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct WallInput {
    pub name: String,
    /// A service's slug or id; empty for the whole organisation.
    pub service: String,
    /// A team's id (or its slug, with `service`); empty for the whole service.
    pub team: String,
    pub measures: Vec<String>,
}

/// A measure a wall may show: its dashboard key and its name.
#[derive(Debug, Clone, PartialEq)]
pub struct WallMeasure {
    pub key: String,
    pub label: String,
}

/// Who may set up and revoke walls: a service's manager for it, and those
/// who lead measurement for any service or the whole organisation.
pub fn may_manage(user: &User, service_id: Option<ServiceId>) -> bool {
    match service_id {
        None => user.role.leads_measurement(),
        Some(id) => may_enter_values_for(user.role, id, &user.service_ids),
    }
}

/// Everything a wall can show: the dashboard's own measures (never
/// restrictive practice) and the organisation's measures.
pub async fn measure_choices(state: &AppState, organisation_id: OrganisationId) -> Result<Vec<WallMeasure>, AppError> {
    let mut choices: Vec<WallMeasure> = series_inputs(&[202601], &[], &[], &[], None)
        .into_iter()
        .map(|input| WallMeasure { label: if input.title == "Reporting rate" { format!("{} ({})", input.title, input.unit) } else { input.title }, key: input.key })
        .collect();
    for measure in state.store.measures(organisation_id).await? {
        choices.push(WallMeasure { key: format!("measure-{}", measure.id), label: measure.name });
    }
    Ok(choices)
}

/// Creates a display link; returns it with its token (shown once).
pub async fn create(state: &AppState, user: &User, input: &WallInput) -> Result<(DisplayLink, SecretToken), AppError> {
    let mut errors = FieldErrors::default();
    let name = input.name.trim();
    if name.is_empty() {
        errors.push("name", "Give the wall a name, for example \"Oak House staff room\".");
    } else if name.chars().count() > NAME_MAX_CHARS {
        errors.push("name", format!("Keep the name to {NAME_MAX_CHARS} characters."));
    }
    let mut service_id = match input.service.trim() {
        "" => None,
        text => match state.store.service_by_slug_or_id(user.organisation_id, text).await? {
            Some(service) => Some(service.id),
            None => {
                errors.push("service", "Choose one of the organisation's services.");
                None
            }
        },
    };
    let mut team_id = None;
    if let Some(text) = Some(input.team.trim()).filter(|t| !t.is_empty()) {
        match state.store.team_by_slug_or_id(user.organisation_id, service_id, text).await? {
            None => errors.push("team", "Choose one of the service's teams, or no team."),
            Some(team) if service_id.is_some_and(|id| id != team.service_id) => {
                errors.push("team", format!("{} is not a team of the chosen service; choose one of its teams, or no team.", team.name));
            }
            Some(team) => {
                service_id = Some(team.service_id);
                team_id = Some(team.id);
            }
        }
    }
    let choices = measure_choices(state, user.organisation_id).await?;
    let mut keys: Vec<String> = Vec::new();
    for key in input.measures.iter().map(|k| k.trim()).filter(|k| !k.is_empty()) {
        if !choices.iter().any(|c| c.key == key) {
            errors.push("measures", format!("\"{key}\" is not a measure a wall can show; choose from the list."));
        } else if !keys.iter().any(|k| k == key) {
            keys.push(key.to_string());
        }
    }
    if team_id.is_some() {
        for key in keys.iter().filter(|k| dashboard::kept_per_service(k)) {
            let label = choices.iter().find(|c| &c.key == key).map(|c| c.label.as_str()).unwrap_or(key);
            errors.push("measures", format!("\"{label}\" is recorded per service, not per team: choose it for a whole-service wall."));
        }
    }
    if keys.is_empty() && errors.for_field("measures").is_none() {
        errors.push("measures", "Choose at least one measure to show.");
    } else if keys.len() > MAX_MEASURES {
        errors.push("measures", format!("Choose at most {MAX_MEASURES} measures: more cannot be read from across a room."));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    if !may_manage(user, service_id) {
        return Err(AppError::Forbidden);
    }
    let token = SecretToken::generate(&mut rand::rng());
    let link = NewDisplayLink { organisation_id: user.organisation_id, service_id, team_id, name, token_hash: &token.hash(), measure_keys: &keys };
    let saved = state.store.create_display_link(&link, user.id, Timestamp::now()).await?;
    Ok((saved, token))
}

/// The links this person may manage, newest first.
pub async fn links_for(state: &AppState, user: &User) -> Result<Vec<DisplayLink>, AppError> {
    let links = state.store.display_links(user.organisation_id).await?;
    Ok(links.into_iter().filter(|link| may_manage(user, link.service_id)).collect())
}

/// Revokes a link; false when it had been revoked already.
pub async fn revoke(state: &AppState, user: &User, id: i64) -> Result<(DisplayLink, bool), AppError> {
    let link = state.store.display_link(user.organisation_id, id).await?.ok_or(AppError::NotFound("That display link"))?;
    if !may_manage(user, link.service_id) {
        return Err(AppError::Forbidden);
    }
    let revoked = state.store.revoke_display_link(&link, user.id, Timestamp::now()).await?;
    Ok((link, revoked))
}

/// What a wall shows: the chosen measures' charts, in the chosen order.
pub struct Wall {
    pub link: DisplayLink,
    pub dashboard: Dashboard,
}

/// The wall behind a presented token; not found when unknown or revoked.
pub async fn open(state: &AppState, token: &str) -> Result<Wall, AppError> {
    let link = state.store.display_link_by_token(&hash_presented_token(token)).await?.ok_or(AppError::NotFound("That display link"))?;
    let gone = || AppError::NotFound("That display link");
    let scope = match (link.service_id, link.team_id) {
        (None, _) => dashboard::organisation_scope(state, link.organisation_id).await?,
        (Some(id), team_id) => {
            let service = state.store.service_by_slug_or_id(link.organisation_id, &id.to_string()).await?.ok_or_else(gone)?;
            match team_id {
                None => dashboard::service_scope(id, service.name),
                Some(team_id) => {
                    let team = state.store.team_by_slug_or_id(link.organisation_id, Some(id), &team_id.to_string()).await?.ok_or_else(gone)?;
                    dashboard::team_scope(id, team.id, &team.name, &service.name)
                }
            }
        }
    };
    let today = today_in(&organisation_zone(state, link.organisation_id).await?);
    let months = dashboard::months_of(&DashboardQuery::default(), today).map_err(AppError::Invalid)?;
    let mut built = dashboard::build_for_scope(state, link.organisation_id, scope, &months, today, None, false).await?;
    let keys = link.measure_keys();
    built.series.retain(|s| keys.contains(&s.input.key));
    built.series.sort_by_key(|s| keys.iter().position(|k| *k == s.input.key));
    built.not_shown.clear();
    Ok(Wall { link, dashboard: built })
}
