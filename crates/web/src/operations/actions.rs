//! Improvement actions: agreed from a review, owned, completed, checked.

use learnloop_domain::ids::{OrganisationId, PersonId};
use jiff::Timestamp;
use learnloop_domain::actions::{ActionInput, CheckInput, CompletionInput};
use learnloop_store::actions::{ActionRecord, ActionRefusal, NewActionRecord};
use learnloop_store::people::User;

use crate::error::AppError;
use crate::refusal::Refusal;
use crate::state::AppState;
use crate::operations::report_access::report_to_handle;
use crate::operations::time_zone::{organisation_zone, today_in};

/// Finds the owner by id or email among the active people of the organisation.
async fn action_owner(state: &AppState, organisation_id: OrganisationId, owner: &str) -> Result<User, AppError> {
    let unknown = || AppError::invalid("owner", format!("There is no active person \"{owner}\" here; give their id or email."));
    let found = match owner.parse::<PersonId>() {
        Ok(id) => match state.store.user(id).await {
            Ok(user) => Some(user),
            Err(learnloop_store::StoreError::NotFound) => None,
            Err(other) => return Err(other.into()),
        },
        Err(_) => state.store.credentials_by_email(&owner.to_lowercase()).await?.map(|c| c.user),
    };
    found.filter(|u| u.organisation_id == organisation_id && u.active).ok_or_else(unknown)
}

pub async fn create_action(state: &AppState, user: &User, reference: &str, input: &ActionInput, review_ids: &[i64]) -> Result<i64, AppError> {
    let report = report_to_handle(state, user, reference).await?;
    let zone = organisation_zone(state, user.organisation_id).await?;
    let action = input.validate(today_in(&zone)).map_err(AppError::Invalid)?;
    let owner = action_owner(state, user.organisation_id, &action.owner).await?;
    let id = state
        .store
        .create_action(&NewActionRecord {
            organisation_id: user.organisation_id,
            service_id: report.service_id,
            title: &action.title,
            owner_id: owner.id,
            due_on: action.due.to_string(),
            report_ids: &[report.id],
            review_ids,
            created_by: user.id,
            at: Timestamp::now(),
        })
        .await?;
    Ok(id)
}

/// The action, if `user` owns it or handles its service.
pub async fn action_for(state: &AppState, user: &User, action_id: i64) -> Result<ActionRecord, AppError> {
    let action = state.store.action(user.organisation_id, action_id).await?.ok_or(AppError::NotFound("That action"))?;
    if action.owner_id == user.id || handles_service_of(user, &action) { Ok(action) } else { Err(AppError::NotFound("That action")) }
}

fn handles_service_of(user: &User, action: &ActionRecord) -> bool {
    user.role.handles_reports()
        && (user.role.report_scope() == learnloop_domain::role::ReportScope::WholeOrganisation || user.service_ids.contains(&action.service_id))
}

/// Whether `user` may record whether the action worked: someone who handles
/// its service, and never its owner, who would be marking their own work.
pub fn may_check(user: &User, action: &ActionRecord) -> Result<(), AppError> {
    if action.owner_id == user.id {
        return Err(Refusal::OwnActionCheck.into());
    }
    if handles_service_of(user, action) { Ok(()) } else { Err(AppError::Forbidden) }
}

pub async fn complete_action(state: &AppState, user: &User, action_id: i64, input: &CompletionInput) -> Result<(), AppError> {
    let action = action_for(state, user, action_id).await?;
    let zone = organisation_zone(state, user.organisation_id).await?;
    let check_due = input.validate(today_in(&zone)).map_err(AppError::Invalid)?;
    match state.store.complete_action(&action, user.id, &check_due.to_string(), Timestamp::now()).await? {
        Ok(()) => Ok(()),
        Err(_) => Err(Refusal::ActionNotOpen.into()),
    }
}

pub async fn check_action(state: &AppState, user: &User, action_id: i64, input: &CheckInput) -> Result<(), AppError> {
    let action = action_for(state, user, action_id).await?;
    may_check(user, &action)?;
    let check = input.validate().map_err(AppError::Invalid)?;
    match state.store.record_action_check(&action, user.id, &check, Timestamp::now()).await? {
        Ok(()) => Ok(()),
        Err(ActionRefusal::NotAwaitingCheck | ActionRefusal::NotOpen) => Err(Refusal::ActionNotAwaitingCheck.into()),
    }
}

