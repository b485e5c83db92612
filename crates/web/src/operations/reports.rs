//! Submitting a report, shared by the form, the API and the public link:
//! validate (domain) → resolve the service and team → save (store). With an
//! idempotency key, a retry gets the first answer back (a replay, saved with
//! the report) and never makes a second report.

use learnloop_domain::ids::OrganisationId;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use learnloop_domain::identity::IdentityMode;
use learnloop_domain::{FieldError, FieldErrors};
use learnloop_domain::reports::{NewReport, ReportInput, ReportKind};
use learnloop_store::services::{Service, Team};
use learnloop_store::people::User;
use learnloop_domain::submission::{ReportedService, SubmissionPlan};
use learnloop_domain::idempotency::{Asker, IdempotencyKey, Replay, oldest_replay_day, replay_day};
use learnloop_store::StoreError;
use learnloop_store::replays::IDEMPOTENCY_KEY_TAKEN;
use learnloop_store::reports::ReportSubmission;
use serde::{Deserialize, Serialize};
use learnloop_store::services::ServiceForReports;

use crate::auth::session::require;
use crate::error::AppError;
use crate::refusal::Refusal;
use crate::state::AppState;

/// What the reporter is told after submitting (and, sealed, what a retry
/// with the same idempotency key is told again).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmittedReport {
    pub reference: String,
    /// Shown once, to confidential and anonymous reporters.
    pub follow_up_code: Option<String>,
    pub identity: IdentityMode,
    pub kind: ReportKind,
    pub service_name: String,
}

/// A report that passed every check, with where it happened.
pub struct CheckedReport {
    pub report: NewReport,
    pub service: Service,
    pub team: Option<Team>,
    /// The organisation's deadline for telling a regulator.
    pub notify_regulator_within_hours: u32,
}

/// How often a submission is planned again when its random reference turns
/// out to be taken (about one in a trillion per report).
const ATTEMPTS: usize = 5;

/// Validates and saves a report in the organisation `organisation_id`.
/// `submitted_by` is the signed-in person, or `None` through the public link
/// (which always reports anonymously). With `key`, a retry of the same
/// request answers as the first did; the key sent with another request is
/// refused (nothing saved).
pub async fn submit_report(
    state: &AppState,
    organisation_id: OrganisationId,
    input: &ReportInput,
    submitted_by: Option<&User>,
    key: Option<&IdempotencyKey>,
) -> Result<SubmittedReport, AppError> {
    if let Some(user) = submitted_by {
        require(user.role.may_report())?;
    }
    let retry = key.map(|key| RetryCheck::new(key, organisation_id, input, submitted_by));
    if let Some(retry) = &retry
        && let Some(first) = retry.first_answer(state).await?
    {
        return Ok(first);
    }
    let CheckedReport { report, service, team, notify_regulator_within_hours } = check_report(state, organisation_id, input, None).await?;
    // The domain plans everything the report opens and words every message;
    // the store writes the plan in one transaction.
    let reported = ReportedService { name: &service.name, kind: service.kind, notify_regulator_within_hours };
    let now = Timestamp::now();
    let mut attempt = 1;
    loop {
        let plan = SubmissionPlan::new(&report, &reported, submitted_by.is_some(), now, &mut rand::rng());
        let answer = SubmittedReport {
            reference: plan.reference.to_string(),
            follow_up_code: plan.follow_up_code.as_ref().map(|c| c.as_str().to_string()),
            identity: report.identity,
            kind: report.kind,
            service_name: service.name.clone(),
        };
        let replay = retry.as_ref().map(|retry| retry.replay_of(&answer, now));
        let submission = ReportSubmission {
            organisation_id,
            service_id: service.id,
            team_id: team.as_ref().map(|t| t.id),
            report: &report,
            submitted_by: submitted_by.map(|u| u.id),
            plan: &plan,
            replay: replay.as_ref(),
        };
        match state.store.create_report(&submission).await {
            Ok(_) => return Ok(answer),
            // The same request, sent twice at once: the other was saved first.
            Err(StoreError::Conflict(what)) if what == IDEMPOTENCY_KEY_TAKEN => {
                let retry = retry.as_ref().expect("only a submission with a key has a replay");
                return retry.first_answer(state).await?.ok_or_else(|| AppError::internal("a replay that conflicted cannot be read back"));
            }
            Err(StoreError::Conflict(_)) if attempt < ATTEMPTS => attempt += 1,
            Err(other) => return Err(other.into()),
        }
    }
}

/// The answer a key was first given, read back with the key itself (the
/// thank-you page after its redirect); `None` once it has expired.
pub async fn first_answer_for_key(state: &AppState, organisation_id: OrganisationId, key: &IdempotencyKey) -> Result<Option<SubmittedReport>, AppError> {
    let found = state.store.replay(organisation_id, &key.replay_id(organisation_id), oldest_replay_day(Timestamp::now())).await?;
    Ok(found.and_then(|replay| key.open(&replay.sealed)).and_then(|answer| serde_json::from_slice(&answer).ok()))
}

/// One submission's idempotency key, where its replay is filed, and what the
/// request asked (so a different request with the same key is refused).
struct RetryCheck<'a> {
    key: &'a IdempotencyKey,
    organisation_id: OrganisationId,
    replay_id: String,
    fingerprint: String,
}

impl<'a> RetryCheck<'a> {
    fn new(key: &'a IdempotencyKey, organisation_id: OrganisationId, input: &ReportInput, submitted_by: Option<&User>) -> RetryCheck<'a> {
        // An anonymous report's replay keeps nothing of who sent it.
        let anonymous = input.identity.trim() == IdentityMode::Anonymous.as_str();
        let asker = match submitted_by {
            Some(user) if !anonymous => Asker::Person(user.id),
            _ => Asker::Anonymous,
        };
        let request = serde_json::to_vec(input).expect("a report's input serialises");
        RetryCheck { key, organisation_id, replay_id: key.replay_id(organisation_id), fingerprint: key.fingerprint(asker, &request) }
    }

    /// The first answer, if this key was used before: `Err` when it was
    /// used for a different request.
    async fn first_answer(&self, state: &AppState) -> Result<Option<SubmittedReport>, AppError> {
        let Some(replay) = state.store.replay(self.organisation_id, &self.replay_id, oldest_replay_day(Timestamp::now())).await? else {
            return Ok(None);
        };
        if replay.fingerprint != self.fingerprint {
            return Err(AppError::Refused(Refusal::IdempotencyKeyReused));
        }
        let answer = self.key.open(&replay.sealed).ok_or_else(|| AppError::internal("a replay does not open with its own key"))?;
        serde_json::from_slice(&answer).map(Some).map_err(AppError::internal)
    }

    fn replay_of(&self, answer: &SubmittedReport, now: Timestamp) -> Replay {
        let answer = serde_json::to_vec(answer).expect("an answer serialises");
        Replay {
            replay_id: self.replay_id.clone(),
            fingerprint: self.fingerprint.clone(),
            sealed: self.key.seal(&answer, &mut rand::rng()),
            made_on: replay_day(now),
        }
    }
}

/// Every check a report must pass before it is saved, all problems at once;
/// `extra` is one more found by the caller (the form), placed in form order.
pub async fn check_report(state: &AppState, organisation_id: OrganisationId, input: &ReportInput, extra: Option<FieldError>) -> Result<CheckedReport, AppError> {
    let now = Timestamp::now();
    let target = state.store.service_for_reports(organisation_id, input.service.trim()).await?;
    // Without a known service there is no zone yet; UTC serves to check the
    // other fields so every problem is reported at once.
    let zone = target.as_ref().and_then(|t| TimeZone::get(&t.time_zone).ok()).unwrap_or(TimeZone::UTC);
    let mut report = input.validate(now, &zone);
    if target.is_none() && !input.service.trim().is_empty() {
        let message = format!("There is no service {:?} here; choose one from the list.", input.service.trim());
        report = with_error(report, FieldError::new("service", message), &["kind"]);
    }
    // The team must be one of the chosen service's; checked with the rest so
    // every problem is reported at once.
    let team_text = input.team.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let team = match (&target, team_text) {
        (Some(ServiceForReports { service, .. }), Some(text)) => {
            let found = state.store.team_by_slug_or_id(organisation_id, Some(service.id), text).await?.filter(|t| t.service_id == service.id);
            if found.is_none() {
                let message = format!("{} has no team {text:?}; choose one of its teams, or leave it blank.", service.name);
                report = with_error(report, FieldError::new("team", message), &["kind", "service"]);
            }
            found
        }
        _ => None,
    };
    if let Some(error) = extra {
        let before = FORM_ORDER.iter().position(|f| *f == error.field).map(|i| &FORM_ORDER[..i]).unwrap_or(&FORM_ORDER[..]);
        report = with_error(report, error, before);
    }
    let report = report.map_err(AppError::Invalid)?;
    let ServiceForReports { service, notify_regulator_within_hours, .. } = target.expect("a report that validated has a service");
    Ok(CheckedReport { report, service, team, notify_regulator_within_hours })
}

/// The report's fields in the order the form shows them.
const FORM_ORDER: [&str; 6] = ["kind", "service", "team", "occurred_at", "what_happened", "identity"];

/// Adds a problem found outside validation, in the form's order: after the
/// errors of the fields named in `after`.
fn with_error(report: Result<NewReport, FieldErrors>, error: FieldError, after: &[&str]) -> Result<NewReport, FieldErrors> {
    match report {
        Ok(_) => Err(FieldErrors(vec![error])),
        Err(mut errors) => {
            let at = errors.0.iter().position(|e| !after.contains(&e.field.as_str())).unwrap_or(errors.0.len());
            errors.0.insert(at, error);
            Err(errors)
        }
    }
}

/// A public-link submission: always anonymous, whatever the form said.
pub fn as_anonymous(mut input: ReportInput) -> ReportInput {
    input.identity = IdentityMode::Anonymous.as_str().to_string();
    input
}
