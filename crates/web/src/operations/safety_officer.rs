//! Making someone the safety officer, or giving a safety officer's account a
//! new password or second factor: an administrator asks, a quality lead or
//! the current safety officer decides (`domain::safety_officer`). Shared by
//! the administration pages and the approvers' page.

use jiff::Timestamp;
use learnloop_domain::role::Role;
use learnloop_domain::safety_officer::RequestKind;
use learnloop_store::StoreError;
use learnloop_store::people::User;
use learnloop_store::safety_officer::{Asked, DecisionRefusal, NewPersonDetails, RequestRefusal, SafetyOfficerRequest};

use crate::error::AppError;
use crate::refusal::Refusal;
use crate::state::AppState;

/// What the person asking is told once the request is filed.
pub const ASKED: &str = "Asked. Nothing changes until a quality lead or the safety officer approves it; they have been told.";

/// Files a request (administrators only).
pub async fn ask(state: &AppState, admin: &User, asked: &Asked<'_>) -> Result<(), AppError> {
    if !admin.role.may_administer() {
        return Err(AppError::Forbidden);
    }
    match state.store.request_safety_officer(admin.organisation_id, asked, admin.id, Timestamp::now()).await? {
        Ok(_) => Ok(()),
        Err(RequestRefusal::AlreadyAsked) => Err(Refusal::RequestAlreadyWaiting.into()),
        Err(RequestRefusal::WrongRole) => Err(Refusal::RequestDoesNotFitRole.into()),
    }
}

/// Asks for a new account with the safety officer's role.
pub async fn ask_for_new_account(state: &AppState, admin: &User, person: &NewPersonDetails, password_hash: &str) -> Result<(), AppError> {
    if state.store.credentials_by_email(&person.email).await?.is_some() {
        return Err(AppError::invalid("email", format!("{} already has an account.", person.email)));
    }
    ask(state, admin, &Asked::Create { person, password_hash }).await
}

/// Who may see the requests: those who decide them, and administrators who
/// ask (names and kinds only; no secret is ever shown).
pub fn may_see(user: &User) -> bool {
    matches!(user.role, Role::Quality | Role::Safety | Role::Admin)
}

pub async fn requests(state: &AppState, user: &User) -> Result<Vec<SafetyOfficerRequest>, AppError> {
    if !may_see(user) {
        return Err(AppError::Forbidden);
    }
    Ok(state.store.safety_officer_requests(user.organisation_id, Timestamp::now()).await?)
}

/// Approves or refuses a request; the store checks the rule again inside
/// the change.
pub async fn decide(state: &AppState, user: &User, request_id: i64, approve: bool) -> Result<RequestKind, AppError> {
    if !matches!(user.role, Role::Quality | Role::Safety) {
        return Err(AppError::Forbidden);
    }
    let now = Timestamp::now();
    let request = state.store.safety_officer_requests(user.organisation_id, now).await?.into_iter().find(|r| r.id == request_id).ok_or(AppError::NotFound("That request"))?;
    match state.store.decide_safety_officer_request(user.organisation_id, request_id, user, approve, now).await {
        Ok(Ok(())) => Ok(request.kind),
        Ok(Err(DecisionRefusal::NotOpen)) => Err(Refusal::RequestAlreadyDecided.into()),
        Ok(Err(DecisionRefusal::Rule(refusal))) => Err(Refusal::from(refusal).into()),
        Ok(Err(DecisionRefusal::EmailTaken)) => Err(Refusal::EmailTakenMeanwhile.into()),
        Err(StoreError::NotFound) => Err(AppError::NotFound("That request")),
        Err(other) => Err(other.into()),
    }
}
