//! The restrictive practice log: entries, the registered person's review and
//! the child spoken to (the Ofsted timeline of children's homes), and the
//! monthly counts per person and per service. Who may read or act on an entry
//! is decided by the callers (`learnloop_domain::role`); the audit entries
//! hold no narrative and no person reference.

use learnloop_domain::audit::AuditAction;
use learnloop_domain::ids::{OrganisationId, PersonId, ServiceId};
use jiff::Timestamp;
use learnloop_domain::organisation::ServiceKind;
use learnloop_domain::restrictive_practice::{NewRestrictivePractice, RestraintType};
use const_format::concatcp;
use serde_json::json;

use crate::audit::{NewAuditEntry, write_audit};
use crate::error::StoreError;
use crate::store::Store;
use crate::reports::required;
use crate::sql::sql;
use crate::triage::QueueScope;

pub struct NewRestrictivePracticeRecord<'a> {
    pub organisation_id: OrganisationId,
    pub service_id: ServiceId,
    pub recorded_by: PersonId,
    pub recorded_at: Timestamp,
    /// `year * 100 + month` of the start, in the organisation's time zone.
    pub started_month: i32,
    pub entry: &'a NewRestrictivePractice,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestrictivePracticeRecord {
    pub id: i64,
    pub organisation_id: OrganisationId,
    pub service_id: ServiceId,
    pub service_name: String,
    pub service_kind: ServiceKind,
    pub recorded_by: PersonId,
    pub recorded_by_name: String,
    pub recorded_at: i64,
    pub restraint_type: RestraintType,
    pub started_at: i64,
    pub started_month: i32,
    pub duration_minutes: i64,
    pub person_reference: String,
    pub behaviour_before: String,
    pub de_escalation: String,
    pub less_restrictive_options: String,
    pub staff_involved: String,
    pub injury: bool,
    pub injury_details: Option<String>,
    pub best_interests_reference: Option<String>,
    pub debrief_with_person: Option<String>,
    pub debrief_with_staff: Option<String>,
    pub reviewed_at: Option<i64>,
    pub reviewed_by_name: Option<String>,
    pub review_notes: Option<String>,
    pub child_spoken_to_at: Option<i64>,
    pub child_spoken_to_by_name: Option<String>,
    pub child_spoken_to_notes: Option<String>,
}

#[derive(sqlx::FromRow)]
struct RestrictivePracticeRow {
    id: i64,
    #[sqlx(try_from = "i64")]
    organisation_id: OrganisationId,
    #[sqlx(try_from = "i64")]
    service_id: ServiceId,
    service_name: String,
    service_kind: String,
    #[sqlx(try_from = "i64")]
    recorded_by: PersonId,
    recorded_by_name: String,
    recorded_at: i64,
    restraint_type: String,
    started_at: i64,
    started_month: i64,
    duration_minutes: i64,
    person_reference: String,
    behaviour_before: String,
    de_escalation: String,
    less_restrictive_options: String,
    staff_involved: String,
    injury: bool,
    injury_details: Option<String>,
    best_interests_reference: Option<String>,
    debrief_with_person: Option<String>,
    debrief_with_staff: Option<String>,
    reviewed_at: Option<i64>,
    reviewed_by_name: Option<String>,
    review_notes: Option<String>,
    child_spoken_to_at: Option<i64>,
    child_spoken_to_by_name: Option<String>,
    child_spoken_to_notes: Option<String>,
}

impl TryFrom<RestrictivePracticeRow> for RestrictivePracticeRecord {
    type Error = StoreError;
    fn try_from(row: RestrictivePracticeRow) -> Result<Self, StoreError> {
        Ok(RestrictivePracticeRecord {
            restraint_type: required(&row.restraint_type, RestraintType::parse, "restrictive_practices.restraint_type")?,
            started_month: i32::try_from(row.started_month).map_err(|_| StoreError::Corrupt(format!("restrictive_practices.started_month holds {}", row.started_month)))?,
            id: row.id,
            organisation_id: row.organisation_id,
            service_id: row.service_id,
            service_name: row.service_name,
            service_kind: required(&row.service_kind, ServiceKind::parse, "services.kind")?,
            recorded_by: row.recorded_by,
            recorded_by_name: row.recorded_by_name,
            recorded_at: row.recorded_at,
            started_at: row.started_at,
            duration_minutes: row.duration_minutes,
            person_reference: row.person_reference,
            behaviour_before: row.behaviour_before,
            de_escalation: row.de_escalation,
            less_restrictive_options: row.less_restrictive_options,
            staff_involved: row.staff_involved,
            injury: row.injury,
            injury_details: row.injury_details,
            best_interests_reference: row.best_interests_reference,
            debrief_with_person: row.debrief_with_person,
            debrief_with_staff: row.debrief_with_staff,
            reviewed_at: row.reviewed_at,
            reviewed_by_name: row.reviewed_by_name,
            review_notes: row.review_notes,
            child_spoken_to_at: row.child_spoken_to_at,
            child_spoken_to_by_name: row.child_spoken_to_by_name,
            child_spoken_to_notes: row.child_spoken_to_notes,
        })
    }
}

const SELECT_RESTRICTIVE_PRACTICE: &str = "SELECT e.id, e.organisation_id, e.service_id, s.name AS service_name, s.kind AS service_kind, e.recorded_by,
                r.name AS recorded_by_name, e.recorded_at, e.restraint_type, e.started_at, e.started_month, e.duration_minutes,
                e.person_reference, e.behaviour_before, e.de_escalation, e.less_restrictive_options, e.staff_involved, e.injury,
                e.injury_details, e.best_interests_reference, e.debrief_with_person, e.debrief_with_staff,
                e.reviewed_at, v.name AS reviewed_by_name, e.review_notes,
                e.child_spoken_to_at, c.name AS child_spoken_to_by_name, e.child_spoken_to_notes
         FROM restrictive_practices e JOIN services s ON s.id = e.service_id JOIN users r ON r.id = e.recorded_by
         LEFT JOIN users v ON v.id = e.reviewed_by LEFT JOIN users c ON c.id = e.child_spoken_to_by";

/// Newest first, as the indexes are ordered.
const NEWEST_FIRST: &str = " ORDER BY e.started_at DESC, e.id DESC LIMIT $2";

const RESTRICTIVE_PRACTICE_BY_ID: &str = concatcp!(SELECT_RESTRICTIVE_PRACTICE, " WHERE e.id = $1 AND e.organisation_id = $2");
const RESTRICTIVE_PRACTICES_RECORDED_BY: &str = concatcp!(SELECT_RESTRICTIVE_PRACTICE, " WHERE e.recorded_by = $1", NEWEST_FIRST);
const RESTRICTIVE_PRACTICES_OF_ORGANISATION: &str = concatcp!(SELECT_RESTRICTIVE_PRACTICE, " WHERE e.organisation_id = $1", NEWEST_FIRST);
const RESTRICTIVE_PRACTICES_OF_SERVICE: &str = concatcp!(SELECT_RESTRICTIVE_PRACTICE, " WHERE e.service_id = $1", NEWEST_FIRST);

/// Why a step of the timeline cannot be recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimelineRefusal {
    /// The step was already recorded; it is not overwritten.
    AlreadyRecorded,
}

/// How many restrictions one service had in one month, of one type.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ServiceMonthCount {
    #[sqlx(try_from = "i64")]
    pub service_id: ServiceId,
    pub service_name: String,
    pub month: i64,
    pub restraint_type: String,
    pub count: i64,
}

/// How many restrictions of one type one person (a pseudonymous reference,
/// within one service) had in one month.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PersonMonthCount {
    #[sqlx(try_from = "i64")]
    pub service_id: ServiceId,
    pub service_name: String,
    pub person_reference: String,
    pub month: i64,
    pub restraint_type: String,
    pub count: i64,
}

/// The monthly counts of a scope over a range of months.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RestrictivePracticeCounts {
    /// Ordered by service name, month, type.
    pub per_service: Vec<ServiceMonthCount>,
    /// Ordered by service name, person, month, type.
    pub per_person: Vec<PersonMonthCount>,
}

/// The scope column goes between `COUNT_PER_SERVICE_HEAD` and `COUNT_PER_SERVICE_TAIL`.
const COUNT_PER_SERVICE_HEAD: &str = "SELECT e.service_id, s.name AS service_name, e.started_month AS month, e.restraint_type, COUNT(*) AS count
             FROM restrictive_practices e JOIN services s ON s.id = e.service_id
             WHERE e.";
const COUNT_PER_SERVICE_TAIL: &str = " = $1 AND e.started_month >= $2 AND e.started_month <= $3
             GROUP BY e.service_id, s.name, e.started_month, e.restraint_type";
const COUNT_PER_SERVICE_OF_ORGANISATION: &str = concatcp!(COUNT_PER_SERVICE_HEAD, "organisation_id", COUNT_PER_SERVICE_TAIL);
const COUNT_PER_SERVICE_OF_SERVICE: &str = concatcp!(COUNT_PER_SERVICE_HEAD, "service_id", COUNT_PER_SERVICE_TAIL);

/// The scope column goes between `COUNT_PER_PERSON_HEAD` and `COUNT_PER_PERSON_TAIL`.
const COUNT_PER_PERSON_HEAD: &str = "SELECT e.service_id, s.name AS service_name, e.person_reference, e.started_month AS month, e.restraint_type, COUNT(*) AS count
             FROM restrictive_practices e JOIN services s ON s.id = e.service_id
             WHERE e.";
const COUNT_PER_PERSON_TAIL: &str = " = $1 AND e.started_month >= $2 AND e.started_month <= $3
             GROUP BY e.service_id, s.name, e.person_reference, e.started_month, e.restraint_type";
const COUNT_PER_PERSON_OF_ORGANISATION: &str = concatcp!(COUNT_PER_PERSON_HEAD, "organisation_id", COUNT_PER_PERSON_TAIL);
const COUNT_PER_PERSON_OF_SERVICE: &str = concatcp!(COUNT_PER_PERSON_HEAD, "service_id", COUNT_PER_PERSON_TAIL);

/// The Ofsted timeline's steps that are recorded after the entry.
#[derive(Debug, Clone, Copy)]
enum TimelineStep {
    Review,
    ChildSpokenTo,
}

impl Store {
    /// Saves an entry with its audit row (which names no one and holds no
    /// narrative), in one transaction.
    pub async fn record_restrictive_practice(&self, record: &NewRestrictivePracticeRecord<'_>) -> Result<i64, StoreError> {
        let entry = record.entry;
        let recorded_at = record.recorded_at.as_second();
        let mut tx = self.begin().await?;
        let id: i64 = sql("INSERT INTO restrictive_practices (organisation_id, service_id, recorded_by, recorded_at, restraint_type, started_at,
                     started_month, duration_minutes, person_reference, behaviour_before, de_escalation, less_restrictive_options,
                     staff_involved, injury, injury_details, best_interests_reference, debrief_with_person, debrief_with_staff)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id")
        .bind(record.organisation_id)
        .bind(record.service_id)
        .bind(record.recorded_by)
        .bind(recorded_at)
        .bind(entry.restraint_type.as_str())
        .bind(entry.started_at.as_second())
        .bind(i64::from(record.started_month))
        .bind(entry.duration_minutes)
        .bind(&entry.person_reference)
        .bind(&entry.behaviour_before)
        .bind(&entry.de_escalation)
        .bind(&entry.less_restrictive_options)
        .bind(&entry.staff_involved)
        .bind(entry.injury)
        .bind(entry.injury_details.as_deref())
        .bind(entry.best_interests_reference.as_deref())
        .bind(entry.debrief_with_person.as_deref())
        .bind(entry.debrief_with_staff.as_deref())
        .fetch_value(&mut tx)
        .await?;
        write_audit(&mut tx, NewAuditEntry {
            organisation_id: record.organisation_id,
            at: recorded_at,
            actor_id: Some(record.recorded_by),
            action: AuditAction::RestrictivePracticeRecorded,
            subject: format!("restrictive practice {id}"),
            detail: json!({"service_id": record.service_id, "restraint_type": entry.restraint_type.as_str()}),
        })
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// One entry of the organisation, whoever may read it (callers check).
    pub async fn restrictive_practice(&self, organisation_id: OrganisationId, id: i64) -> Result<Option<RestrictivePracticeRecord>, StoreError> {
        let row = sql(RESTRICTIVE_PRACTICE_BY_ID).bind(id).bind(organisation_id).fetch_optional::<RestrictivePracticeRow>(self.reader()).await?;
        row.map(RestrictivePracticeRecord::try_from).transpose()
    }

    /// The entries one person recorded, newest first (what staff see).
    pub async fn restrictive_practices_recorded_by(&self, user_id: PersonId, limit: i64) -> Result<Vec<RestrictivePracticeRecord>, StoreError> {
        let rows = sql(RESTRICTIVE_PRACTICES_RECORDED_BY).bind(user_id).bind(limit).fetch_all::<RestrictivePracticeRow>(self.reader()).await?;
        rows.into_iter().map(RestrictivePracticeRecord::try_from).collect()
    }

    /// The entries of the services a manager manages, or of the organisation,
    /// newest first. Each service is read through its own index range and the
    /// pages merged, as the other lists do.
    pub async fn restrictive_practices_in_scope(&self, scope: &QueueScope, limit: i64) -> Result<Vec<RestrictivePracticeRecord>, StoreError> {
        let (text, ids): (&'static str, Vec<i64>) = match scope {
            QueueScope::Organisation(org) => (RESTRICTIVE_PRACTICES_OF_ORGANISATION, vec![org.get()]),
            QueueScope::Services(services) => (RESTRICTIVE_PRACTICES_OF_SERVICE, services.iter().map(|s| s.get()).collect()),
        };
        let mut entries = Vec::new();
        for scope_id in ids {
            let rows = sql(text).bind(scope_id).bind(limit).fetch_all::<RestrictivePracticeRow>(self.reader()).await?;
            for row in rows {
                entries.push(RestrictivePracticeRecord::try_from(row)?);
            }
        }
        entries.sort_by_key(|e| std::cmp::Reverse((e.started_at, e.id)));
        entries.truncate(limit.max(0) as usize);
        Ok(entries)
    }

    /// The registered person's review. Recorded once; a second is refused.
    pub async fn record_restrictive_practice_review(&self, entry: &RestrictivePracticeRecord, actor_id: PersonId, notes: &str, at: Timestamp) -> Result<Result<(), TimelineRefusal>, StoreError> {
        self.record_timeline_step(entry, TimelineStep::Review, actor_id, notes, at).await
    }

    /// The child has been spoken to about the restraint. Recorded once.
    pub async fn record_child_spoken_to(&self, entry: &RestrictivePracticeRecord, actor_id: PersonId, notes: &str, at: Timestamp) -> Result<Result<(), TimelineRefusal>, StoreError> {
        self.record_timeline_step(entry, TimelineStep::ChildSpokenTo, actor_id, notes, at).await
    }

    async fn record_timeline_step(&self, entry: &RestrictivePracticeRecord, step: TimelineStep, actor_id: PersonId, notes: &str, at: Timestamp) -> Result<Result<(), TimelineRefusal>, StoreError> {
        let at = at.as_second();
        let (text, action) = match step {
            TimelineStep::Review => (
                "UPDATE restrictive_practices SET reviewed_at = $1, reviewed_by = $2, review_notes = $3 WHERE id = $4 AND reviewed_at IS NULL",
                AuditAction::RestrictivePracticeReviewed,
            ),
            TimelineStep::ChildSpokenTo => (
                "UPDATE restrictive_practices SET child_spoken_to_at = $1, child_spoken_to_by = $2, child_spoken_to_notes = $3
                 WHERE id = $4 AND child_spoken_to_at IS NULL",
                AuditAction::RestrictivePracticeChildSpokenTo,
            ),
        };
        let mut tx = self.begin().await?;
        let changed = sql(text).bind(at).bind(actor_id).bind(notes).bind(entry.id).execute(&mut tx).await?;
        // A refusal changed nothing; the transaction commits either way.
        let outcome = if changed == 0 {
            Err(TimelineRefusal::AlreadyRecorded)
        } else {
            write_audit(&mut tx, NewAuditEntry {
                organisation_id: entry.organisation_id,
                at,
                actor_id: Some(actor_id),
                action,
                subject: format!("restrictive practice {}", entry.id),
                detail: json!({}),
            })
            .await?;
            Ok(())
        };
        tx.commit().await?;
        Ok(outcome)
    }

    /// Restrictions per month in a scope (all types), for the dashboard:
    /// `(month, count)`, one row per month with any.
    pub async fn restrictive_practice_month_totals(&self, scope: &QueueScope, from_month: i32, to_month: i32) -> Result<Vec<(i64, i64)>, StoreError> {
        let (text, ids) = match scope {
            QueueScope::Organisation(org) => (
                "SELECT CAST(started_month AS BIGINT), COUNT(*) FROM restrictive_practices WHERE organisation_id = $1 AND started_month >= $2 AND started_month <= $3 GROUP BY started_month",
                vec![org.get()],
            ),
            QueueScope::Services(services) => (
                "SELECT CAST(started_month AS BIGINT), COUNT(*) FROM restrictive_practices WHERE service_id = $1 AND started_month >= $2 AND started_month <= $3 GROUP BY started_month",
                services.iter().map(|s| s.get()).collect(),
            ),
        };
        let mut totals = Vec::new();
        for id in ids {
            totals.extend(sql(text).bind(id).bind(i64::from(from_month)).bind(i64::from(to_month)).fetch_all::<(i64, i64)>(self.reader()).await?);
        }
        Ok(totals)
    }

    /// When each restriction in a scope began (seconds), oldest first, from
    /// `from` to `to` inclusive: the rare-event chart's days between them.
    pub async fn restrictive_practice_start_times(&self, scope: &QueueScope, from: Timestamp, to: Timestamp) -> Result<Vec<i64>, StoreError> {
        let (text, ids) = match scope {
            QueueScope::Organisation(org) => (
                "SELECT started_at FROM restrictive_practices WHERE organisation_id = $1 AND started_at >= $2 AND started_at <= $3",
                vec![org.get()],
            ),
            QueueScope::Services(services) => (
                "SELECT started_at FROM restrictive_practices WHERE service_id = $1 AND started_at >= $2 AND started_at <= $3",
                services.iter().map(|s| s.get()).collect(),
            ),
        };
        let mut times = Vec::new();
        for id in ids {
            times.extend(sql(text).bind(id).bind(from.as_second()).bind(to.as_second()).fetch_all::<(i64,)>(self.reader()).await?.into_iter().map(|(at,)| at));
        }
        times.sort_unstable();
        Ok(times)
    }

    /// Counts per service and per person, by month and type, for the months
    /// `from_month..=to_month` (`year * 100 + month`), grouped in SQL.
    pub async fn restrictive_practice_counts(&self, scope: &QueueScope, from_month: i32, to_month: i32) -> Result<RestrictivePracticeCounts, StoreError> {
        let (per_service_sql, per_person_sql, ids): (&'static str, &'static str, Vec<i64>) = match scope {
            QueueScope::Organisation(org) => (COUNT_PER_SERVICE_OF_ORGANISATION, COUNT_PER_PERSON_OF_ORGANISATION, vec![org.get()]),
            QueueScope::Services(services) => (COUNT_PER_SERVICE_OF_SERVICE, COUNT_PER_PERSON_OF_SERVICE, services.iter().map(|s| s.get()).collect()),
        };
        let (from, to) = (i64::from(from_month), i64::from(to_month));
        let mut counts = RestrictivePracticeCounts::default();
        for scope_id in ids {
            counts.per_service.extend(sql(per_service_sql).bind(scope_id).bind(from).bind(to).fetch_all::<ServiceMonthCount>(self.reader()).await?);
            counts.per_person.extend(sql(per_person_sql).bind(scope_id).bind(from).bind(to).fetch_all::<PersonMonthCount>(self.reader()).await?);
        }
        counts.per_service.sort_by(|a, b| (&a.service_name, a.service_id, a.month, &a.restraint_type).cmp(&(&b.service_name, b.service_id, b.month, &b.restraint_type)));
        counts.per_person.sort_by(|a, b| {
            (&a.service_name, a.service_id, &a.person_reference, a.month, &a.restraint_type).cmp(&(&b.service_name, b.service_id, &b.person_reference, b.month, &b.restraint_type))
        });
        Ok(counts)
    }
}
