//! Recorded change points: those who lead measurement (a quality lead, an
//! administrator) record the day a known change began, for the whole
//! organisation or one service; the dashboard's charts start a new phase at
//! each, with centre line and limits from that phase's own points.

use jiff::Timestamp;
use learnloop_domain::FieldErrors;
use learnloop_domain::change_points::check;
use learnloop_domain::ids::{OrganisationId, ServiceId};
use learnloop_store::change_points::{ChangePoint, NewChangePoint};
use learnloop_store::people::User;
use serde::Deserialize;

use crate::auth::session::require;
use crate::error::AppError;
use crate::operations::time_zone::{organisation_zone, today_in};
use crate::state::AppState;

/// A change as the form gives it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ChangePointInput {
    /// `YYYY-MM-DD`.
    pub changed_on: String,
    pub description: String,
    /// A service's slug or id; empty for the whole organisation.
    pub service: String,
}

/// Who may record and list change points: those who lead measurement.
pub fn may_record(user: &User) -> bool {
    user.role.leads_measurement()
}

/// Checks and saves a change point; every problem is named at once and nothing is saved with one.
pub async fn record(
    state: &AppState,
    user: &User,
    input: &ChangePointInput,
) -> Result<ChangePoint, AppError> {
    require(may_record(user))?;
    let today = today_in(&organisation_zone(state, user.organisation_id).await?);
    let mut errors = FieldErrors::default();
    let service_id = match input.service.trim() {
        "" => None,
        text => match state
            .store
            .service_by_slug_or_id(user.organisation_id, text)
            .await?
        {
            Some(service) => Some(service.id),
            None => {
                errors.push(
                    "service",
                    "Choose one of the organisation's services, or the whole organisation.",
                );
                None
            }
        },
    };
    let checked = check(&input.changed_on, &input.description, today);
    match checked {
        Ok(checked) if errors.is_empty() => {
            let changed_on = checked.changed_on.to_string();
            let new = NewChangePoint {
                organisation_id: user.organisation_id,
                service_id,
                changed_on: &changed_on,
                month: checked.month,
                description: &checked.description,
            };
            Ok(state
                .store
                .record_change_point(&new, user.id, Timestamp::now())
                .await?)
        }
        Ok(_) => Err(AppError::Invalid(errors)),
        Err(found) => {
            errors.0.extend(found.0);
            Err(AppError::Invalid(errors))
        }
    }
}

/// Every change point of the person's organisation, oldest first.
pub async fn list(state: &AppState, user: &User) -> Result<Vec<ChangePoint>, AppError> {
    require(may_record(user))?;
    Ok(state.store.change_points(user.organisation_id).await?)
}

/// Removes a change recorded by mistake; its charts are one phase there again.
/// Returns what was removed; not found when the organisation has no such change.
pub async fn remove(state: &AppState, user: &User, id: i64) -> Result<ChangePoint, AppError> {
    require(may_record(user))?;
    let all = state.store.change_points(user.organisation_id).await?;
    let found = all
        .into_iter()
        .find(|change| change.id == id)
        .ok_or(AppError::NotFound("That change"))?;
    if !state
        .store
        .remove_change_point(user.organisation_id, id, user.id, Timestamp::now())
        .await?
    {
        return Err(AppError::NotFound("That change"));
    }
    Ok(found)
}

/// The changes that start phases on one scope's charts, as (first month,
/// description): the organisation's own, and the service's when the scope
/// is a service or one of its teams.
pub async fn changes_for(
    state: &AppState,
    organisation_id: OrganisationId,
    service_id: Option<ServiceId>,
) -> Result<Vec<(i32, String)>, AppError> {
    let all = state.store.change_points(organisation_id).await?;
    Ok(all
        .into_iter()
        .filter(|change| change.service_id.is_none() || change.service_id == service_id)
        .map(|change| (change.month, change.description))
        .collect())
}
