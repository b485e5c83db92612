//! Requests to make someone the safety officer, or to give a safety officer's
//! account a new password or second factor, and their decisions. Nothing
//! changes until a second person approves (the rule is
//! `domain::safety_officer::may_decide`, checked again here inside the
//! transaction that applies the change). Every request and decision goes to
//! the inbox of every quality lead and safety officer, and to the audit log.

use learnloop_domain::audit::AuditAction;
use learnloop_domain::ids::{OrganisationId, PersonId, ServiceId, TeamId};
use const_format::concatcp;
use jiff::Timestamp;
use learnloop_domain::role::Role;
use learnloop_domain::safety_officer::{Approver, ApprovalRefusal, REQUEST_LIFETIME_SECONDS, RequestKind, decision_notice, may_decide, request_notice};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::audit::{NewAuditEntry, write_audit};
use crate::error::StoreError;
use crate::store::Store;
use crate::guardians::tell_guardians;
use crate::inbox::{NewInboxMessage, insert_inbox_message};
use crate::people::{NewUser, User, insert_user};
use crate::row_id::random_row_id;
use crate::second_factor::forget_second_factor;
use crate::sql::sql;

/// The details of an account to be made, kept with the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPersonDetails {
    pub email: String,
    pub name: String,
    pub job_title: String,
    pub team_id: Option<TeamId>,
    pub service_ids: Vec<ServiceId>,
}

/// A request as the approvers' page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafetyOfficerRequest {
    pub id: i64,
    pub kind: RequestKind,
    /// The account concerned (made on approval, for a new account).
    pub user_id: Option<PersonId>,
    pub person_name: String,
    pub person_email: String,
    pub requested_by: PersonId,
    pub requested_by_name: String,
    pub requested_at: i64,
    pub expires_at: i64,
    /// `approved` or `refused`; `None` while open (or lapsed, see `expires_at`).
    pub decision: Option<String>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<i64>,
}

impl SafetyOfficerRequest {
    pub fn is_open(&self, now: Timestamp) -> bool {
        self.decision.is_none() && self.expires_at > now.as_second()
    }
}

#[derive(sqlx::FromRow)]
struct RequestRow {
    id: i64,
    kind: String,
    user_id: Option<i64>,
    new_person: Option<String>,
    person_name: Option<String>,
    person_email: Option<String>,
    #[sqlx(try_from = "i64")]
    requested_by: PersonId,
    requested_by_name: String,
    requested_at: i64,
    expires_at: i64,
    decision: Option<String>,
    decided_by_name: Option<String>,
    decided_at: Option<i64>,
}

const SELECT_REQUEST: &str = "SELECT q.id, q.kind, q.user_id, q.new_person, p.name AS person_name, p.email AS person_email,
        q.requested_by, r.name AS requested_by_name, q.requested_at, q.expires_at, q.decision, d.name AS decided_by_name, q.decided_at
    FROM safety_officer_requests q JOIN users r ON r.id = q.requested_by
    LEFT JOIN users p ON p.id = q.user_id LEFT JOIN users d ON d.id = q.decided_by";

impl TryFrom<RequestRow> for SafetyOfficerRequest {
    type Error = StoreError;
    fn try_from(row: RequestRow) -> Result<Self, StoreError> {
        let kind = RequestKind::parse(&row.kind).ok_or_else(|| StoreError::Corrupt(format!("safety_officer_requests.kind {:?}", row.kind)))?;
        let new_person: Option<NewPersonDetails> = row.new_person.as_deref().and_then(|json| serde_json::from_str(json).ok());
        let (person_name, person_email) = match (row.person_name, row.person_email, new_person) {
            (Some(name), Some(email), _) => (name, email),
            (_, _, Some(details)) => (details.name, details.email),
            _ => return Err(StoreError::Corrupt(format!("safety officer request {} names nobody", row.id))),
        };
        Ok(SafetyOfficerRequest {
            id: row.id,
            kind,
            user_id: row.user_id.map(PersonId),
            person_name,
            person_email,
            requested_by: row.requested_by,
            requested_by_name: row.requested_by_name,
            requested_at: row.requested_at,
            expires_at: row.expires_at,
            decision: row.decision,
            decided_by_name: row.decided_by_name,
            decided_at: row.decided_at,
        })
    }
}

/// What is asked, with what it needs.
pub enum Asked<'a> {
    Create { person: &'a NewPersonDetails, password_hash: &'a str },
    Appoint { user: &'a User },
    ResetPassword { user: &'a User, password_hash: &'a str },
    ResetSecondFactor { user: &'a User },
}

impl Asked<'_> {
    fn kind(&self) -> RequestKind {
        match self {
            Asked::Create { .. } => RequestKind::Create,
            Asked::Appoint { .. } => RequestKind::Appoint,
            Asked::ResetPassword { .. } => RequestKind::ResetPassword,
            Asked::ResetSecondFactor { .. } => RequestKind::ResetSecondFactor,
        }
    }
}

/// Why a request was not made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestRefusal {
    /// The same thing is already waiting for a decision.
    AlreadyAsked,
    /// The account is not (or is already) a safety officer, as the kind needs.
    WrongRole,
}

/// Why a decision was not recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionRefusal {
    /// Already decided, or lapsed.
    NotOpen,
    Rule(ApprovalRefusal),
    /// Approving would make an account whose email is taken meanwhile.
    EmailTaken,
}

impl Store {
    /// Records a request; nothing about the account changes yet. Tells every
    /// quality lead and safety officer.
    pub async fn request_safety_officer(&self, organisation_id: OrganisationId, asked: &Asked<'_>, requested_by: PersonId, at: Timestamp) -> Result<Result<i64, RequestRefusal>, StoreError> {
        let kind = asked.kind();
        let (user_id, new_person, password_hash, name, email) = match asked {
            Asked::Create { person, password_hash } => (None, Some(serde_json::to_string(person).expect("details serialise")), Some(*password_hash), person.name.clone(), person.email.clone()),
            Asked::Appoint { user } | Asked::ResetSecondFactor { user } => (Some(user.id), None, None, user.name.clone(), user.email.clone()),
            Asked::ResetPassword { user, password_hash } => (Some(user.id), None, Some(*password_hash), user.name.clone(), user.email.clone()),
        };
        let role_fits = match asked {
            Asked::Create { .. } => true,
            Asked::Appoint { user } => user.role != Role::Safety,
            Asked::ResetPassword { user, .. } | Asked::ResetSecondFactor { user } => user.role == Role::Safety,
        };
        if !role_fits {
            return Ok(Err(RequestRefusal::WrongRole));
        }
        let open = self.safety_officer_requests(organisation_id, at).await?;
        if open.iter().any(|r| r.is_open(at) && r.kind == kind && r.person_email == email) {
            return Ok(Err(RequestRefusal::AlreadyAsked));
        }
        let at = at.as_second();
        let id = random_row_id();
        let mut tx = self.begin().await?;
        sql("INSERT INTO safety_officer_requests (id, organisation_id, kind, user_id, new_person, password_hash, requested_by, requested_at, expires_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
        .bind(id)
        .bind(organisation_id)
        .bind(kind.as_str())
        .bind(user_id)
        .bind(new_person.as_deref())
        .bind(password_hash)
        .bind(requested_by)
        .bind(at)
        .bind(at + REQUEST_LIFETIME_SECONDS)
        .execute(&mut tx)
        .await?;
        write_audit(&mut tx, NewAuditEntry {
            organisation_id,
            at,
            actor_id: Some(requested_by),
            action: AuditAction::SafetyOfficerRequested,
            subject: format!("person {email}"),
            detail: json!({"request": id, "kind": kind.as_str()}),
        })
        .await?;
        let notice = request_notice(kind, &name, &email);
        tell_guardians(&mut tx, organisation_id, &NewInboxMessage { at, subject: &notice.subject, body: &notice.body, link: Some(&notice.link) }).await?;
        tx.commit().await?;
        Ok(Ok(id))
    }

    /// Open requests first (oldest first), then the 20 most recently decided
    /// or lapsed.
    pub async fn safety_officer_requests(&self, organisation_id: OrganisationId, now: Timestamp) -> Result<Vec<SafetyOfficerRequest>, StoreError> {
        let rows = sql(concatcp!(SELECT_REQUEST, " WHERE q.organisation_id = $1 ORDER BY q.requested_at DESC LIMIT 200"))
            .bind(organisation_id)
            .fetch_all::<RequestRow>(self.reader())
            .await?;
        let all: Vec<SafetyOfficerRequest> = rows.into_iter().map(SafetyOfficerRequest::try_from).collect::<Result<_, _>>()?;
        let (mut open, closed): (Vec<_>, Vec<_>) = all.into_iter().partition(|r| r.is_open(now));
        open.reverse();
        open.extend(closed.into_iter().take(20));
        Ok(open)
    }

    /// Approves or refuses a request, checking the rule inside the
    /// transaction; an approval makes the change it asked for. Every quality
    /// lead and safety officer hears of the decision.
    pub async fn decide_safety_officer_request(&self, organisation_id: OrganisationId, request_id: i64, approver: &User, approve: bool, now: Timestamp) -> Result<Result<(), DecisionRefusal>, StoreError> {
        let now = now.as_second();
        #[derive(sqlx::FromRow)]
        struct Open {
            kind: String,
            user_id: Option<i64>,
            new_person: Option<String>,
            password_hash: Option<String>,
            #[sqlx(try_from = "i64")]
            requested_by: PersonId,
        }
        // A refusal below returns without committing: the transaction rolls back.
        let mut tx = self.begin().await?;
        let open: Option<Open> = sql("SELECT kind, user_id, new_person, password_hash, requested_by FROM safety_officer_requests
                 WHERE id = $1 AND organisation_id = $2 AND decision IS NULL AND expires_at > $3")
        .bind(request_id)
        .bind(organisation_id)
        .bind(now)
        .fetch_optional(&mut tx)
        .await?;
        let Some(open) = open else { return Ok(Err(DecisionRefusal::NotOpen)) };
        // The approver as the database has them now, not as the session saw them.
        let standing: Option<(String, bool, i64)> = sql("SELECT role, active, role_since FROM users WHERE id = $1 AND organisation_id = $2")
            .bind(approver.id)
            .bind(organisation_id)
            .fetch_optional(&mut tx)
            .await?;
        let Some((role, active, role_since)) = standing else { return Ok(Err(DecisionRefusal::Rule(ApprovalRefusal::NotQualityOrSafety))) };
        let who = Approver { id: approver.id, role: Role::parse(&role).unwrap_or(Role::Staff), active, role_since };
        if let Err(refusal) = may_decide(&who, open.requested_by, open.user_id.map(PersonId), now) {
            return Ok(Err(DecisionRefusal::Rule(refusal)));
        }
        let kind = RequestKind::parse(&open.kind).ok_or_else(|| StoreError::Corrupt(format!("safety_officer_requests.kind {:?}", open.kind)))?;
        let mut concerned = open.user_id;
        if approve {
            match kind {
                RequestKind::Create => {
                    let details: NewPersonDetails = open
                        .new_person
                        .as_deref()
                        .and_then(|json| serde_json::from_str(json).ok())
                        .ok_or_else(|| StoreError::Corrupt(format!("safety officer request {request_id} has no new person")))?;
                    let hash = open.password_hash.clone().unwrap_or_default();
                    let new = NewUser {
                        organisation_id,
                        email: &details.email,
                        name: &details.name,
                        job_title: &details.job_title,
                        role: Role::Safety,
                        team_id: details.team_id,
                        password_hash: &hash,
                        service_ids: &details.service_ids,
                    };
                    match insert_user(&mut tx, &new, now).await {
                        Ok(id) => concerned = Some(id),
                        Err(StoreError::Conflict(_)) => return Ok(Err(DecisionRefusal::EmailTaken)),
                        Err(other) => return Err(other),
                    }
                }
                RequestKind::Appoint => {
                    sql("UPDATE users SET role = 'safety', role_since = $1 WHERE id = $2").bind(now).bind(open.user_id).execute(&mut tx).await?;
                    forget_second_factor(&mut tx, open.user_id.map(PersonId)).await?;
                }
                RequestKind::ResetPassword => {
                    sql("UPDATE users SET password_hash = $1 WHERE id = $2").bind(open.password_hash.as_deref()).bind(open.user_id).execute(&mut tx).await?;
                }
                RequestKind::ResetSecondFactor => forget_second_factor(&mut tx, open.user_id.map(PersonId)).await?,
            }
            // Whatever changed, the account signs in afresh (and, as safety officer, with a second factor).
            sql("DELETE FROM sessions WHERE user_id = $1").bind(concerned).execute(&mut tx).await?;
        }
        let decision = if approve { "approved" } else { "refused" };
        sql("UPDATE safety_officer_requests SET decision = $1, decided_by = $2, decided_at = $3, user_id = $4, password_hash = NULL WHERE id = $5")
            .bind(decision)
            .bind(approver.id)
            .bind(now)
            .bind(concerned)
            .bind(request_id)
            .execute(&mut tx)
            .await?;
        let person: Option<(String, String)> = match concerned {
            Some(id) => sql("SELECT name, email FROM users WHERE id = $1").bind(id).fetch_optional(&mut tx).await?,
            None => open.new_person.as_deref().and_then(|json| serde_json::from_str::<NewPersonDetails>(json).ok()).map(|d| (d.name, d.email)),
        };
        let (name, email) = person.unwrap_or_default();
        write_audit(&mut tx, NewAuditEntry {
            organisation_id,
            at: now,
            actor_id: Some(approver.id),
            action: if approve { AuditAction::SafetyOfficerApproved } else { AuditAction::SafetyOfficerRefused },
            subject: format!("person {email}"),
            detail: json!({"request": request_id, "kind": kind.as_str()}),
        })
        .await?;
        let notice = decision_notice(kind, &name, approve, &approver.name);
        tell_guardians(&mut tx, organisation_id, &NewInboxMessage { at: now, subject: &notice.subject, body: &notice.body, link: Some(&notice.link) }).await?;
        // The person who asked hears too (an administrator is no guardian).
        insert_inbox_message(&mut tx, open.requested_by, &NewInboxMessage { at: now, subject: &notice.subject, body: &notice.body, link: Some("/admin/people") }).await?;
        tx.commit().await?;
        Ok(Ok(()))
    }
}
