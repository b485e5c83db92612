//! Deactivating and reactivating a person (administrators only). A
//! deactivated person cannot sign in and is offered nowhere as an owner,
//! but keeps their history. Nobody deactivates themselves, the last
//! administrator stays, and a safety officer comes back only with approval.

use jiff::Timestamp;
use learnloop_domain::ids::PersonId;
use learnloop_store::StoreError;
use learnloop_store::deactivation::DeactivationRefusal;
use learnloop_store::people::User;

use crate::error::AppError;
use crate::state::AppState;

pub const NOT_YOURSELF: &str = "You cannot deactivate yourself; ask another administrator.";
pub const LAST_ADMINISTRATOR: &str = "They are the last active administrator: make someone else an administrator first, or nobody could manage accounts.";
pub const SAFETY_OFFICER_NEEDS_APPROVAL: &str = "A safety officer is switched back on only with a second person's approval: change their role, reactivate them, then ask for the safety officer's role below.";

pub async fn deactivate(
    state: &AppState,
    admin: &User,
    person_id: PersonId,
) -> Result<User, AppError> {
    if !admin.role.may_administer() {
        return Err(AppError::Forbidden);
    }
    if person_id == admin.id {
        return Err(AppError::invalid("active", NOT_YOURSELF));
    }
    match state
        .store
        .deactivate_person(
            admin.organisation_id,
            person_id,
            Some(admin.id),
            Timestamp::now(),
        )
        .await
    {
        Ok(Ok(person)) => Ok(person),
        Ok(Err(DeactivationRefusal::LastAdministrator)) => {
            Err(AppError::invalid("active", LAST_ADMINISTRATOR))
        }
        Err(StoreError::NotFound) => Err(AppError::NotFound("That person")),
        Err(other) => Err(other.into()),
    }
}

pub async fn reactivate(
    state: &AppState,
    admin: &User,
    person_id: PersonId,
) -> Result<User, AppError> {
    if !admin.role.may_administer() {
        return Err(AppError::Forbidden);
    }
    match state
        .store
        .reactivate_person(
            admin.organisation_id,
            person_id,
            Some(admin.id),
            Timestamp::now(),
        )
        .await
    {
        Ok(person) => Ok(person),
        Err(StoreError::NeedsApproval) => {
            Err(AppError::invalid("active", SAFETY_OFFICER_NEEDS_APPROVAL))
        }
        Err(StoreError::NotFound) => Err(AppError::NotFound("That person")),
        Err(other) => Err(other.into()),
    }
}
