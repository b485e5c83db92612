//! The restrictive practice log's operations, shared by the pages and the
//! API: check who may do it (`learnloop_domain::role`), check the input
//! (domain), save (store).

use learnloop_domain::ids::ServiceId;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use learnloop_domain::reports::{LONG_TEXT_MAX_CHARS, month_bucket};
use learnloop_domain::restrictive_practice::{RestraintType, RestrictivePracticeInput, TimelineStatus, month_range, month_text, timeline_status};
use learnloop_domain::role::{
    ReportScope, RestrictivePracticeAccessFacts, may_read_restrictive_practice, may_record_child_spoken_to, may_record_restrictive_practice_in,
    may_review_restrictive_practice,
};
use learnloop_domain::organisation::ServiceKind;
use learnloop_domain::{FieldError, FieldErrors};
use learnloop_store::people::User;
use learnloop_store::restrictive_practice::{NewRestrictivePracticeRecord, RestrictivePracticeRecord, TimelineRefusal};
use learnloop_store::triage::QueueScope;
use serde::Deserialize;

use crate::auth::session::require;
use crate::error::AppError;
use crate::refusal::Refusal;
use crate::operations::time_zone::organisation_zone;
use crate::state::AppState;

/// The most entries a list shows.
pub const LIST_LIMIT: i64 = 200;

/// The service of a new entry: its id or its slug.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ServiceRef {
    Id(i64),
    Text(String),
}

impl Default for ServiceRef {
    fn default() -> Self {
        ServiceRef::Text(String::new())
    }
}

impl ServiceRef {
    pub fn text(&self) -> String {
        match self {
            ServiceRef::Id(id) => id.to_string(),
            ServiceRef::Text(text) => text.trim().to_string(),
        }
    }
}

/// A new entry as the API takes it: the service, then the entry's fields.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RestrictivePracticeRequest {
    pub service: ServiceRef,
    #[serde(flatten)]
    pub entry: RestrictivePracticeInput,
}

/// Notes for a step of the timeline.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NotesInput {
    pub notes: String,
}

/// A saved entry: its id and, for a children's home, its Ofsted timeline.
pub struct Recorded {
    pub id: i64,
    pub timeline: Option<TimelineStatus>,
}

fn facts<'a>(user: &'a User, entry: &RestrictivePracticeRecord) -> RestrictivePracticeAccessFacts<'a> {
    RestrictivePracticeAccessFacts {
        entry_organisation_id: entry.organisation_id,
        entry_service_id: entry.service_id,
        recorded_by: entry.recorded_by,
        reader_id: user.id,
        reader_organisation_id: user.organisation_id,
        reader_role: user.role,
        reader_service_ids: &user.service_ids,
    }
}

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_second(seconds).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// The Ofsted timeline of an entry of a children's home; `None` elsewhere.
pub fn timeline(entry: &RestrictivePracticeRecord, now: Timestamp) -> Option<TimelineStatus> {
    (entry.service_kind == ServiceKind::ChildrensHome)
        .then(|| timeline_status(at(entry.started_at), at(entry.recorded_at), entry.reviewed_at.map(at), entry.child_spoken_to_at.map(at), now))
}

/// Whether `user` may do the registered person's review of `entry`.
pub fn may_review(user: &User, entry: &RestrictivePracticeRecord) -> bool {
    may_review_restrictive_practice(facts(user, entry))
}

/// Whether `user` may record that the child of `entry` was spoken to.
pub fn may_speak_to_child(user: &User, entry: &RestrictivePracticeRecord) -> bool {
    entry.service_kind == ServiceKind::ChildrensHome && may_record_child_spoken_to(facts(user, entry))
}

/// Whether the person may record anything at all: staff and managers with a service.
pub fn may_record(user: &User) -> bool {
    user.role.may_record_restrictive_practice() && !user.service_ids.is_empty()
}

/// Checks and saves a new entry for `service` (an id or slug). Every
/// problem is named at once; a service the person does not work in is 403.
pub async fn record(state: &AppState, user: &User, service: &str, input: &RestrictivePracticeInput) -> Result<Recorded, AppError> {
    require(user.role.may_record_restrictive_practice())?;
    let now = Timestamp::now();
    let zone = organisation_zone(state, user.organisation_id).await?;
    let service = service.trim();
    let target = if service.is_empty() { None } else { state.store.service_by_slug_or_id(user.organisation_id, service).await? };
    if let Some(found) = &target {
        require(may_record_restrictive_practice_in(user.role, found.id, &user.service_ids))?;
    }
    let checked = input.validate(now, &zone);
    let missing_service = match (&target, service.is_empty()) {
        (Some(_), _) => None,
        (None, true) => Some("Choose the service where it happened.".to_string()),
        (None, false) => Some(format!("There is no service {service:?} here; choose one from the list.")),
    };
    let entry = match (checked, missing_service) {
        (Ok(entry), None) => entry,
        (Ok(_), Some(message)) => return Err(AppError::Invalid(FieldErrors(vec![FieldError::new("service", message)]))),
        (Err(mut errors), Some(message)) => {
            errors.0.insert(0, FieldError::new("service", message));
            return Err(AppError::Invalid(errors));
        }
        (Err(errors), None) => return Err(AppError::Invalid(errors)),
    };
    let service = target.expect("an entry that validated has a service");
    let id = state
        .store
        .record_restrictive_practice(&NewRestrictivePracticeRecord {
            organisation_id: user.organisation_id,
            service_id: service.id,
            recorded_by: user.id,
            recorded_at: now,
            started_month: month_bucket(entry.started_at, &zone),
            entry: &entry,
        })
        .await?;
    let timeline = (service.kind == ServiceKind::ChildrensHome).then(|| timeline_status(entry.started_at, now, None, None, now));
    Ok(Recorded { id, timeline })
}

/// The entry, if `user` may read it; 404 otherwise (another organisation's,
/// a colleague's, another service's), as for reports and actions.
pub async fn entry_for(state: &AppState, user: &User, id: i64) -> Result<RestrictivePracticeRecord, AppError> {
    require(user.role.restrictive_practice_scope() != ReportScope::None)?;
    let entry = state.store.restrictive_practice(user.organisation_id, id).await?.ok_or(AppError::NotFound("That restrictive practice entry"))?;
    if may_read_restrictive_practice(facts(user, &entry)) { Ok(entry) } else { Err(AppError::NotFound("That restrictive practice entry")) }
}

/// The entries `user` may read, newest first: their own (staff), their
/// services' (managers) or the organisation's (quality, safety).
pub async fn list(state: &AppState, user: &User) -> Result<Vec<RestrictivePracticeRecord>, AppError> {
    Ok(match user.role.restrictive_practice_scope() {
        ReportScope::OwnReports => state.store.restrictive_practices_recorded_by(user.id, LIST_LIMIT).await?,
        ReportScope::AssignedServices => state.store.restrictive_practices_in_scope(&QueueScope::Services(user.service_ids.clone()), LIST_LIMIT).await?,
        ReportScope::WholeOrganisation => state.store.restrictive_practices_in_scope(&QueueScope::Organisation(user.organisation_id), LIST_LIMIT).await?,
        ReportScope::None => return Err(AppError::Forbidden),
    })
}

fn checked_notes(text: &str, missing: &str) -> Result<String, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::invalid("notes", missing));
    }
    let length = text.chars().count();
    if length > LONG_TEXT_MAX_CHARS {
        return Err(AppError::invalid("notes", format!("Keep this under {LONG_TEXT_MAX_CHARS} characters (it has {length}).")));
    }
    Ok(text.to_string())
}

/// The registered person's review: a manager of the entry's service.
pub async fn review(state: &AppState, user: &User, id: i64, input: &NotesInput) -> Result<(), AppError> {
    let entry = entry_for(state, user, id).await?;
    require(may_review_restrictive_practice(facts(user, &entry)))?;
    let notes = checked_notes(&input.notes, "Write what the review found: was the restriction necessary and proportionate, and what will change?")?;
    match state.store.record_restrictive_practice_review(&entry, user.id, &notes, Timestamp::now()).await? {
        Ok(()) => Ok(()),
        Err(TimelineRefusal::AlreadyRecorded) => Err(Refusal::RestrictivePracticeAlreadyReviewed.into()),
    }
}

/// The child has been spoken to about the restraint (children's homes only).
pub async fn child_spoken_to(state: &AppState, user: &User, id: i64, input: &NotesInput) -> Result<(), AppError> {
    let entry = entry_for(state, user, id).await?;
    require(may_record_child_spoken_to(facts(user, &entry)))?;
    if entry.service_kind != ServiceKind::ChildrensHome {
        return Err(AppError::invalid(
            "service",
            format!("{} is not a children's home: speaking to the child is a step of the children's home timeline.", entry.service_name),
        ));
    }
    let notes = checked_notes(&input.notes, "Write what the child said about it, in their words where you can.")?;
    match state.store.record_child_spoken_to(&entry, user.id, &notes, Timestamp::now()).await? {
        Ok(()) => Ok(()),
        Err(TimelineRefusal::AlreadyRecorded) => Err(Refusal::ChildAlreadySpokenTo.into()),
    }
}

/// The months of the counts when none are asked for: this month and the five before.
pub fn default_months(zone: &TimeZone) -> (String, String) {
    let this_month = month_bucket(Timestamp::now(), zone);
    let (year, month) = (this_month / 100, this_month % 100);
    let first = if month > 5 { year * 100 + month - 5 } else { (year - 1) * 100 + month + 7 };
    (month_text(first), month_text(this_month))
}

/// One line of the counts: a service (or one person in it) in one month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountLine {
    pub service_id: ServiceId,
    pub service: String,
    pub person_reference: Option<String>,
    pub month: String,
    /// In the order of `RestraintType::ALL`.
    pub by_type: Vec<i64>,
    pub total: i64,
}

#[derive(Debug, Clone)]
pub struct Counts {
    pub from: String,
    pub to: String,
    pub months: Vec<String>,
    pub per_service: Vec<CountLine>,
    pub per_person: Vec<CountLine>,
}

/// Folds per-type rows (already ordered by service, person, month) into one
/// line per service (or person) and month.
fn fold(rows: impl Iterator<Item = (ServiceId, String, Option<String>, i64, String, i64)>) -> Vec<CountLine> {
    let mut lines: Vec<CountLine> = Vec::new();
    for (service_id, service, person_reference, month, restraint_type, count) in rows {
        let month = month_text(month as i32);
        let same = lines.last().is_some_and(|l| l.service_id == service_id && l.person_reference == person_reference && l.month == month);
        if !same {
            lines.push(CountLine { service_id, service, person_reference, month, by_type: vec![0; RestraintType::ALL.len()], total: 0 });
        }
        let line = lines.last_mut().expect("a line was just pushed");
        if let Some(index) = RestraintType::ALL.iter().position(|t| t.as_str() == restraint_type) {
            line.by_type[index] += count;
        }
        line.total += count;
    }
    lines
}

/// Monthly counts per service and per person, for managers (their
/// services), quality leads and the safety officer (the organisation).
pub async fn counts(state: &AppState, user: &User, from: &str, to: &str) -> Result<Counts, AppError> {
    require(user.role.oversees_restrictive_practice())?;
    let months = month_range(from, to).map_err(AppError::Invalid)?;
    let scope = match user.role.restrictive_practice_scope() {
        ReportScope::WholeOrganisation => QueueScope::Organisation(user.organisation_id),
        _ => QueueScope::Services(user.service_ids.clone()),
    };
    let (first, last) = (months[0], months[months.len() - 1]);
    let found = state.store.restrictive_practice_counts(&scope, first, last).await?;
    Ok(Counts {
        from: month_text(first),
        to: month_text(last),
        months: months.into_iter().map(month_text).collect(),
        per_service: fold(found.per_service.into_iter().map(|c| (c.service_id, c.service_name, None, c.month, c.restraint_type, c.count))),
        per_person: fold(found.per_person.into_iter().map(|c| (c.service_id, c.service_name, Some(c.person_reference), c.month, c.restraint_type, c.count))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_type_rows_fold_into_one_line_per_month() {
        let rows = vec![
            (1, "Oak".to_string(), Some("A".to_string()), 202611, "chemical".to_string(), 1),
            (1, "Oak".to_string(), Some("A".to_string()), 202611, "physical".to_string(), 2),
            (1, "Oak".to_string(), Some("B".to_string()), 202611, "physical".to_string(), 1),
        ];
        let lines = fold(rows.into_iter().map(|(s, name, person, month, kind, count)| (ServiceId(s), name, person, month, kind, count)));
        assert_eq!(lines.len(), 2);
        assert_eq!((lines[0].month.as_str(), lines[0].by_type.clone(), lines[0].total), ("2026-11", vec![2, 1, 0, 0], 3));
        assert_eq!(lines[1].person_reference.as_deref(), Some("B"));
    }

    #[test]
    fn the_default_months_are_the_last_six() {
        let (from, to) = default_months(&TimeZone::UTC);
        assert_eq!(month_range(&from, &to).unwrap().len(), 6);
    }
}
