//! Switching a person's account off and on again. A deactivated person
//! cannot sign in (their sessions, API tokens, sign-in links and unused
//! invitations end at once) but keeps their history: reports, actions and
//! audit entries stay attributed to them. The organisation always keeps an
//! active administrator, and a safety officer is switched back on only
//! through an approved request (`safety_officer`).

use learnloop_domain::audit::AuditAction;
use jiff::Timestamp;
use learnloop_domain::ids::{OrganisationId, PersonId};
use learnloop_domain::role::Role;
use learnloop_domain::safety_officer::safety_officer_removed_notice;
use serde_json::json;

use crate::audit::{NewAuditEntry, write_audit};
use crate::error::StoreError;
use crate::guardians::tell_guardians;
use crate::inbox::NewInboxMessage;
use crate::people::User;
use crate::second_factor::forget_second_factor;
use crate::sql::sql;
use crate::store::Store;

/// Why an account was not switched off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeactivationRefusal {
    /// The only active administrator: nobody could manage accounts after.
    LastAdministrator,
}

impl Store {
    /// Switches a person's account off (nothing changes if it is off already).
    pub async fn deactivate_person(
        &self,
        organisation_id: OrganisationId,
        person_id: PersonId,
        actor_id: Option<PersonId>,
        at: Timestamp,
    ) -> Result<Result<User, DeactivationRefusal>, StoreError> {
        let at = at.as_second();
        let mut tx = self.begin().await?;
        let found: Option<(String, bool, String, String)> = sql(
            "SELECT role, active, name, email FROM users WHERE id = $1 AND organisation_id = $2",
        )
        .bind(person_id)
        .bind(organisation_id)
        .fetch_optional(&mut tx)
        .await?;
        let Some((role, active, name, email)) = found else {
            return Err(StoreError::NotFound);
        };
        if active {
            let role = Role::parse(&role);
            if role == Some(Role::Admin) {
                // Counted inside the transaction, so two administrators
                // switching each other off at once cannot both succeed.
                let others: i64 = sql("SELECT COUNT(*) FROM users WHERE organisation_id = $1 AND role = 'admin' AND active = $2 AND id <> $3")
                    .bind(organisation_id)
                    .bind(true)
                    .bind(person_id)
                    .fetch_value(&mut tx)
                    .await?;
                if others == 0 {
                    return Ok(Err(DeactivationRefusal::LastAdministrator));
                }
            }
            sql("UPDATE users SET active = $1 WHERE id = $2")
                .bind(false)
                .bind(person_id)
                .execute(&mut tx)
                .await?;
            // Signed out everywhere, pages and API alike; no link lets them back in.
            sql("DELETE FROM sessions WHERE user_id = $1")
                .bind(person_id)
                .execute(&mut tx)
                .await?;
            sql("DELETE FROM sign_in_links WHERE user_id = $1")
                .bind(person_id)
                .execute(&mut tx)
                .await?;
            sql("DELETE FROM invitations WHERE user_id = $1 AND accepted_at IS NULL")
                .bind(person_id)
                .execute(&mut tx)
                .await?;
            if role == Some(Role::Safety) {
                forget_second_factor(&mut tx, Some(person_id)).await?;
                let notice = safety_officer_removed_notice(&name, true);
                tell_guardians(
                    &mut tx,
                    organisation_id,
                    &NewInboxMessage {
                        at,
                        subject: &notice.subject,
                        body: &notice.body,
                        link: Some(&notice.link),
                    },
                )
                .await?;
            }
            write_audit(&mut tx, NewAuditEntry {
                organisation_id,
                at,
                actor_id,
                action: AuditAction::PersonDeactivated,
                subject: format!("person {email}"),
                detail: json!({"what": format!("{name} was deactivated: they can no longer sign in; their reports and actions stay theirs")}),
            })
            .await?;
        }
        tx.commit().await?;
        Ok(Ok(self.user(person_id).await?))
    }

    /// Switches a person's account on again (nothing changes if it is on).
    /// A safety officer's answers `NeedsApproval`: ask for the role again.
    pub async fn reactivate_person(
        &self,
        organisation_id: OrganisationId,
        person_id: PersonId,
        actor_id: Option<PersonId>,
        at: Timestamp,
    ) -> Result<User, StoreError> {
        let at = at.as_second();
        let mut tx = self.begin().await?;
        let found: Option<(String, bool, String, String)> = sql(
            "SELECT role, active, name, email FROM users WHERE id = $1 AND organisation_id = $2",
        )
        .bind(person_id)
        .bind(organisation_id)
        .fetch_optional(&mut tx)
        .await?;
        let Some((role, active, name, email)) = found else {
            return Err(StoreError::NotFound);
        };
        if !active {
            if Role::parse(&role) == Some(Role::Safety) {
                return Err(StoreError::NeedsApproval);
            }
            sql("UPDATE users SET active = $1 WHERE id = $2")
                .bind(true)
                .bind(person_id)
                .execute(&mut tx)
                .await?;
            write_audit(&mut tx, NewAuditEntry {
                organisation_id,
                at,
                actor_id,
                action: AuditAction::PersonReactivated,
                subject: format!("person {email}"),
                detail: json!({"what": format!("{name} was reactivated: they can sign in again")}),
            })
            .await?;
        }
        tx.commit().await?;
        self.user(person_id).await
    }
}
