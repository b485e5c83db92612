//! Invitations to set one's own password: people added (one at a time or
//! from a CSV file) with no password yet, each with a one-time link kept
//! only as a hash, and the email that carries it queued in the same
//! transaction. Sending again voids the unused link; accepting one sets the
//! password and voids the rest. An invitation never makes or re-enables a
//! safety officer (`domain::invitations::may_be_invited`), checked again
//! here inside each transaction.

use learnloop_domain::audit::AuditAction;
use jiff::Timestamp;
use learnloop_domain::ids::{OrganisationId, PersonId};
use learnloop_domain::invitations::{
    invitation_accepted_words, invitation_sent_words, may_be_invited,
};
use learnloop_domain::role::Role;
use serde_json::json;

use crate::audit::{NewAuditEntry, write_audit};
use crate::error::StoreError;
use crate::people::{NewUser, User, insert_user};
use crate::row_id::random_row_id;
use crate::sql::{Transaction, sql};
use crate::store::Store;

/// The password hash of an account whose person has not set a password yet.
/// No password matches it: an empty string is no argon2 hash.
pub const NO_PASSWORD_YET: &str = "";

/// One person to add and invite: their details (the password hash is
/// ignored), the link's secret as a hash, and the email that carries it.
pub struct Invitee<'a> {
    pub person: NewUser<'a>,
    pub token_hash: String,
    pub email_subject: String,
    pub email_body: String,
}

/// A live invitation, as its page shows it.
#[derive(Debug, Clone)]
pub struct LiveInvitation {
    pub user: User,
    pub expires_at: i64,
}

/// Why an invitation was not sent again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResendRefusal {
    /// The safety officer's account is never opened by an emailed link.
    SafetyOfficer,
    /// A deactivated person is reactivated first.
    Deactivated,
    /// They have set a password already.
    AlreadyJoined,
}

/// Why an invitation was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptRefusal {
    /// Expired, already used, voided by a newer one, or never sent.
    NotLive,
    /// The account became a safety officer's meanwhile: only an approved
    /// request sets its password.
    SafetyOfficer,
}

/// How far the people who have no password yet are with their invitation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingInvitation {
    pub user_id: PersonId,
    /// When the latest unused invitation was sent, and until when it works
    /// (`None`: none is waiting, e.g. it was voided by a deactivation).
    pub sent_at: Option<i64>,
    pub expires_at: Option<i64>,
}

/// Keeps an invitation's hash, queues its email (marked to be blanked once
/// sent) and writes the audit entry, inside the caller's transaction.
#[allow(clippy::too_many_arguments)]
async fn send_invitation(
    tx: &mut Transaction,
    organisation_id: OrganisationId,
    user_id: PersonId,
    (name, email): (&str, &str),
    token_hash: &str,
    (subject, body): (&str, &str),
    invited_by: PersonId,
    (at, expires_at): (i64, i64),
) -> Result<(), StoreError> {
    sql("DELETE FROM invitations WHERE user_id = $1 AND accepted_at IS NULL")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sql("INSERT INTO invitations (token_hash, organisation_id, user_id, invited_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(token_hash)
        .bind(organisation_id)
        .bind(user_id)
        .bind(invited_by)
        .bind(at)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
    sql("INSERT INTO outbox_emails (id, organisation_id, to_address, subject, body, about_report, created_at, next_attempt_at, link_until_sent)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)")
    .bind(random_row_id())
    .bind(organisation_id)
    .bind(email)
    .bind(subject)
    .bind(body)
    .bind(false)
    .bind(at)
    .bind(true)
    .execute(&mut *tx)
    .await?;
    write_audit(
        tx,
        NewAuditEntry {
            organisation_id,
            at,
            actor_id: Some(invited_by),
            action: AuditAction::PersonInvited,
            subject: format!("person {email}"),
            detail: json!({"what": invitation_sent_words(name, email), "expires_at": expires_at}),
        },
    )
    .await
}

impl Store {
    /// Adds people with no password yet and invites each, all in one
    /// transaction: if any cannot be added (an email taken meanwhile: `Conflict`;
    /// the safety officer's role: `NeedsApproval`), nobody is. `from_file`
    /// adds an audit entry for the import as a whole.
    pub async fn invite_people(
        &self,
        organisation_id: OrganisationId,
        invitees: &[Invitee<'_>],
        invited_by: PersonId,
        from_file: bool,
        at: Timestamp,
        expires_at: Timestamp,
    ) -> Result<Vec<User>, StoreError> {
        let (at, expires_at) = (at.as_second(), expires_at.as_second());
        let mut tx = self.begin().await?;
        let mut added = Vec::with_capacity(invitees.len());
        for invitee in invitees {
            let person = &invitee.person;
            if !may_be_invited(person.role) || person.organisation_id != organisation_id {
                return Err(StoreError::NeedsApproval);
            }
            let new = NewUser {
                password_hash: NO_PASSWORD_YET,
                ..*person
            };
            let id = PersonId(
                insert_user(&mut tx, &new, at)
                    .await
                    .map_err(|err| match err {
                        StoreError::Conflict(_) => StoreError::Conflict(person.email.to_string()),
                        other => other,
                    })?,
            );
            write_audit(&mut tx, NewAuditEntry {
                organisation_id,
                at,
                actor_id: Some(invited_by),
                action: AuditAction::PersonCreated,
                subject: format!("person {}", person.email),
                detail: json!({"name": person.name, "role": person.role.as_str(), "job_title": person.job_title, "services": person.service_ids}),
            })
            .await?;
            send_invitation(
                &mut tx,
                organisation_id,
                id,
                (person.name, person.email),
                &invitee.token_hash,
                (&invitee.email_subject, &invitee.email_body),
                invited_by,
                (at, expires_at),
            )
            .await?;
            added.push(User {
                id,
                organisation_id,
                email: person.email.to_string(),
                name: person.name.to_string(),
                job_title: person.job_title.to_string(),
                role: person.role,
                team_id: person.team_id,
                active: true,
                service_ids: person.service_ids.to_vec(),
                role_since: at,
            });
        }
        if from_file {
            let count = added.len();
            write_audit(&mut tx, NewAuditEntry {
                organisation_id,
                at,
                actor_id: Some(invited_by),
                action: AuditAction::PeopleImported,
                subject: format!("{count} people"),
                detail: json!({"what": format!("{count} people imported from a CSV file and invited by email")}),
            })
            .await?;
        }
        tx.commit().await?;
        Ok(added)
    }

    /// Sends a person who has not set a password yet a new invitation,
    /// voiding the unused one.
    #[allow(clippy::too_many_arguments)]
    pub async fn resend_invitation(
        &self,
        organisation_id: OrganisationId,
        user_id: PersonId,
        token_hash: &str,
        subject: &str,
        body: &str,
        invited_by: PersonId,
        at: Timestamp,
        expires_at: Timestamp,
    ) -> Result<Result<(), ResendRefusal>, StoreError> {
        let (at, expires_at) = (at.as_second(), expires_at.as_second());
        let mut tx = self.begin().await?;
        let person: Option<(String, bool, String, String, String)> =
            sql("SELECT role, active, password_hash, name, email FROM users WHERE id = $1 AND organisation_id = $2").bind(user_id).bind(organisation_id).fetch_optional(&mut tx).await?;
        let Some((role, active, password_hash, name, email)) = person else {
            return Err(StoreError::NotFound);
        };
        if !Role::parse(&role).is_some_and(may_be_invited) {
            return Ok(Err(ResendRefusal::SafetyOfficer));
        }
        if !active {
            return Ok(Err(ResendRefusal::Deactivated));
        }
        if password_hash != NO_PASSWORD_YET {
            return Ok(Err(ResendRefusal::AlreadyJoined));
        }
        send_invitation(
            &mut tx,
            organisation_id,
            user_id,
            (&name, &email),
            token_hash,
            (subject, body),
            invited_by,
            (at, expires_at),
        )
        .await?;
        tx.commit().await?;
        Ok(Ok(()))
    }

    /// The invitation behind a link, if it is live: unused, unexpired, not
    /// voided, for an active person who may be invited.
    pub async fn live_invitation(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<LiveInvitation>, StoreError> {
        let found: Option<(i64, i64)> = sql("SELECT user_id, expires_at FROM invitations WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > $2")
            .bind(token_hash)
            .bind(now.as_second())
            .fetch_optional(self.reader())
            .await?;
        let Some((user_id, expires_at)) = found else {
            return Ok(None);
        };
        let user = self.user(PersonId(user_id)).await?;
        Ok((user.active && may_be_invited(user.role))
            .then_some(LiveInvitation { user, expires_at }))
    }

    /// Uses an invitation: sets the person's password, voids their other
    /// links and ends any session, all at once. Works once.
    pub async fn accept_invitation(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: Timestamp,
    ) -> Result<Result<User, AcceptRefusal>, StoreError> {
        let now = now.as_second();
        let mut tx = self.begin().await?;
        let found: Option<(i64, String, bool)> = sql(
            "SELECT u.id, u.role, u.active FROM invitations i JOIN users u ON u.id = i.user_id
             WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&mut tx)
        .await?;
        let Some((user_id, role, active)) = found else {
            return Ok(Err(AcceptRefusal::NotLive));
        };
        if !active {
            return Ok(Err(AcceptRefusal::NotLive));
        }
        if !Role::parse(&role).is_some_and(may_be_invited) {
            return Ok(Err(AcceptRefusal::SafetyOfficer));
        }
        // The conditions again, so two tabs sending the form at once use it once.
        let used = sql(
            "UPDATE invitations SET accepted_at = $1 WHERE token_hash = $2 AND accepted_at IS NULL",
        )
        .bind(now)
        .bind(token_hash)
        .execute(&mut tx)
        .await?;
        let set = sql("UPDATE users SET password_hash = $1 WHERE id = $2 AND active = $3 AND role <> 'safety'")
            .bind(password_hash)
            .bind(user_id)
            .bind(true)
            .execute(&mut tx)
            .await?;
        if used != 1 || set != 1 {
            return Ok(Err(AcceptRefusal::NotLive));
        }
        sql("DELETE FROM invitations WHERE user_id = $1 AND accepted_at IS NULL")
            .bind(user_id)
            .execute(&mut tx)
            .await?;
        sql("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut tx)
            .await?;
        let (organisation_id, name, email): (i64, String, String) =
            sql("SELECT organisation_id, name, email FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_one(&mut tx)
                .await?;
        write_audit(
            &mut tx,
            NewAuditEntry {
                organisation_id: OrganisationId::from(organisation_id),
                at: now,
                actor_id: Some(PersonId(user_id)),
                action: AuditAction::PersonInvitationAccepted,
                subject: format!("person {email}"),
                detail: json!({"what": invitation_accepted_words(&name)}),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(Ok(self.user(PersonId(user_id)).await?))
    }

    /// Everyone of the organisation who has not set a password yet, with
    /// their latest unused invitation.
    pub async fn pending_invitations(
        &self,
        organisation_id: OrganisationId,
    ) -> Result<Vec<PendingInvitation>, StoreError> {
        let rows: Vec<(i64, Option<i64>, Option<i64>)> = sql(
            "SELECT u.id, MAX(i.created_at), MAX(i.expires_at) FROM users u
             LEFT JOIN invitations i ON i.user_id = u.id AND i.accepted_at IS NULL
             WHERE u.organisation_id = $1 AND u.password_hash = $2 GROUP BY u.id ORDER BY u.id",
        )
        .bind(organisation_id)
        .bind(NO_PASSWORD_YET)
        .fetch_all(self.reader())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, sent_at, expires_at)| PendingInvitation {
                user_id: PersonId(id),
                sent_at,
                expires_at,
            })
            .collect())
    }
}
