//! The people who work in the organisation: their accounts, roles,
//! passwords and the services they work in (services and teams themselves
//! are `services`).

use learnloop_domain::audit::AuditAction;
use const_format::concatcp;
use jiff::Timestamp;
use learnloop_domain::ids::{OrganisationId, PersonId, ServiceId, TeamId};
use learnloop_domain::role::Role;
use learnloop_domain::safety_officer::safety_officer_removed_notice;
use serde_json::json;

use crate::audit::{NewAuditEntry, write_audit};
use crate::error::StoreError;
use crate::store::Store;
use crate::guardians::tell_guardians;
use crate::inbox::NewInboxMessage;
use crate::second_factor::forget_second_factor;
use crate::sql::{Transaction, sql};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: PersonId,
    pub organisation_id: OrganisationId,
    pub email: String,
    pub name: String,
    pub job_title: String,
    pub role: Role,
    pub team_id: Option<TeamId>,
    pub active: bool,
    /// Services they work in or manage, by id.
    pub service_ids: Vec<ServiceId>,
    /// When they were given their current role (Unix seconds).
    pub role_since: i64,
}

/// What a sign-in needs: the user and their password hash.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub user: User,
    pub password_hash: String,
}

pub struct NewUser<'a> {
    pub organisation_id: OrganisationId,
    pub email: &'a str,
    pub name: &'a str,
    pub job_title: &'a str,
    pub role: Role,
    pub team_id: Option<TeamId>,
    pub password_hash: &'a str,
    pub service_ids: &'a [ServiceId],
}

/// A change an administrator makes to a person.
#[derive(Debug, Clone)]
pub struct UserChange {
    pub name: String,
    pub job_title: String,
    pub role: Role,
    pub team_id: Option<TeamId>,
    pub active: bool,
    pub service_ids: Vec<ServiceId>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    pub(crate) id: i64,
    #[sqlx(try_from = "i64")]
    organisation_id: OrganisationId,
    email: String,
    name: String,
    job_title: String,
    role: String,
    team_id: Option<i64>,
    active: bool,
    password_hash: String,
    role_since: i64,
}

impl UserRow {
    pub(crate) fn into_credentials(self, service_ids: Vec<ServiceId>) -> Credentials {
        // An unknown role (hand-edited database) gets the least access.
        let role = Role::parse(&self.role).unwrap_or(Role::Staff);
        Credentials {
            password_hash: self.password_hash,
            user: User {
                id: PersonId(self.id),
                organisation_id: self.organisation_id,
                email: self.email,
                name: self.name,
                job_title: self.job_title,
                role,
                team_id: self.team_id.map(TeamId),
                active: self.active,
                service_ids,
                role_since: self.role_since,
            },
        }
    }
}

pub(crate) const SELECT_USER: &str = "SELECT id, organisation_id, email, name, job_title, role, team_id, active, password_hash, role_since FROM users";

/// Inserts a person and their services inside the caller's transaction;
/// `Err(Conflict)` when the email is taken. Evaluates to the new id.
pub(crate) async fn insert_user(tx: &mut Transaction, new: &NewUser<'_>, at: i64) -> Result<i64, StoreError> {
    let id: i64 = sql(
        "INSERT INTO users (organisation_id, email, name, job_title, role, team_id, password_hash, created_at, role_since)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(new.organisation_id)
    .bind(new.email)
    .bind(new.name)
    .bind(new.job_title)
    .bind(new.role.as_str())
    .bind(new.team_id)
    .bind(new.password_hash)
    .bind(at)
    .fetch_value(&mut *tx)
    .await
    .map_err(|e| e.unique_violation_as("a person with this email"))?;
    for service_id in new.service_ids {
        sql("INSERT INTO user_services (user_id, service_id) VALUES ($1, $2)").bind(id).bind(*service_id).execute(&mut *tx).await?;
    }
    Ok(id)
}

impl Store {
    /// Adds a person. The safety officer's role is given this way only while
    /// nobody could approve it (no active quality lead or safety officer: a
    /// new organisation); otherwise it takes a request a second person
    /// approves (`safety_officer`), and this answers `NeedsApproval`.
    pub async fn create_user(&self, new: &NewUser<'_>, actor_id: Option<PersonId>, at: Timestamp) -> Result<User, StoreError> {
        let at = at.as_second();
        let mut tx = self.begin().await?;
        if new.role == Role::Safety {
            let approvers: i64 = sql("SELECT COUNT(*) FROM users WHERE organisation_id = $1 AND active = $2 AND role IN ('quality', 'safety')")
                .bind(new.organisation_id)
                .bind(true)
                .fetch_value(&mut tx)
                .await?;
            if approvers > 0 {
                return Err(StoreError::NeedsApproval);
            }
        }
        let id = insert_user(&mut tx, new, at).await?;
        write_audit(&mut tx, NewAuditEntry {
            organisation_id: new.organisation_id,
            at,
            actor_id,
            action: AuditAction::PersonCreated,
            subject: format!("person {}", new.email),
            detail: json!({"name": new.name, "role": new.role.as_str(), "job_title": new.job_title, "services": new.service_ids}),
        })
        .await?;
        tx.commit().await?;
        Ok(User {
            id: PersonId(id),
            organisation_id: new.organisation_id,
            email: new.email.to_string(),
            name: new.name.to_string(),
            job_title: new.job_title.to_string(),
            role: new.role,
            team_id: new.team_id,
            active: true,
            service_ids: new.service_ids.to_vec(),
            role_since: at,
        })
    }

    async fn service_ids_of(&self, user_id: i64) -> Result<Vec<ServiceId>, StoreError> {
        let ids: Vec<i64> = sql("SELECT service_id FROM user_services WHERE user_id = $1 ORDER BY service_id").bind(user_id).fetch_column(self.reader()).await?;
        Ok(ids.into_iter().map(ServiceId).collect())
    }

    /// Looks a person up by email for signing in (active or not: the caller
    /// decides what an inactive account may do).
    pub async fn credentials_by_email(&self, email: &str) -> Result<Option<Credentials>, StoreError> {
        let row = sql(concatcp!(SELECT_USER, " WHERE email = $1")).bind(email).fetch_optional::<UserRow>(self.reader()).await?;
        match row {
            None => Ok(None),
            Some(row) => {
                let services = self.service_ids_of(row.id).await?;
                Ok(Some(row.into_credentials(services)))
            }
        }
    }

    /// The person behind an unexpired session, if active, with their services
    /// in the same query: this runs on every request, so it is one round trip.
    pub(crate) async fn active_user_by_session(&self, token_hash: &str, kind: &str, now: i64) -> Result<Option<User>, StoreError> {
        #[derive(sqlx::FromRow)]
        struct SessionRow {
            #[sqlx(flatten)]
            user: UserRow,
            service_ids: Option<String>,
        }
        // The statement around the aggregate that lists a person's services,
        // which each dialect spells its own way.
        const SESSION_SQL_BEFORE_SERVICES: &str = "SELECT u.id, u.organisation_id, u.email, u.name, u.job_title, u.role, u.team_id, u.active, u.password_hash,
                            u.role_since, (SELECT ";
        const SESSION_SQL_AFTER_SERVICES: &str = " FROM user_services us WHERE us.user_id = u.id) AS service_ids
                     FROM sessions s JOIN users u ON u.id = s.user_id
                     WHERE s.token_hash = $1 AND (s.expires_at IS NULL OR s.expires_at > $2) AND u.active = $3 AND s.kind = $4";
        const SESSION_SQL_SQLITE: &str = concatcp!(SESSION_SQL_BEFORE_SERVICES, "group_concat(us.service_id, ',')", SESSION_SQL_AFTER_SERVICES);
        const SESSION_SQL_POSTGRES: &str = concatcp!(SESSION_SQL_BEFORE_SERVICES, "string_agg(us.service_id::text, ',')", SESSION_SQL_AFTER_SERVICES);
        let reader = self.reader();
        let query = if reader.is_sqlite() { SESSION_SQL_SQLITE } else { SESSION_SQL_POSTGRES };
        let row = sql(query).bind(token_hash).bind(now).bind(true).bind(kind).fetch_optional::<SessionRow>(reader).await?;
        Ok(row.map(|row| {
            let mut services: Vec<ServiceId> = row.service_ids.as_deref().unwrap_or("").split(',').filter_map(|id| id.parse().ok()).collect();
            services.sort_unstable();
            row.user.into_credentials(services).user
        }))
    }

    pub async fn user(&self, user_id: PersonId) -> Result<User, StoreError> {
        let row = sql(concatcp!(SELECT_USER, " WHERE id = $1")).bind(user_id).fetch_one::<UserRow>(self.reader()).await?;
        let services = self.service_ids_of(row.id).await?;
        Ok(row.into_credentials(services).user)
    }

    /// Everyone in the organisation, by name, with their services.
    pub async fn users(&self, organisation_id: OrganisationId) -> Result<Vec<User>, StoreError> {
        let rows = sql(concatcp!(SELECT_USER, " WHERE organisation_id = $1 ORDER BY name, id")).bind(organisation_id).fetch_all::<UserRow>(self.reader()).await?;
        let links_sql = "SELECT us.user_id, us.service_id FROM user_services us JOIN users u ON u.id = us.user_id
                         WHERE u.organisation_id = $1 ORDER BY us.service_id";
        let links: Vec<(i64, i64)> = sql(links_sql).bind(organisation_id).fetch_all(self.reader()).await?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let services = links.iter().filter(|(u, _)| *u == row.id).map(|(_, s)| ServiceId(*s)).collect();
                row.into_credentials(services).user
            })
            .collect())
    }

    /// Applies an administrator's change to a person, recording what changed.
    /// Giving someone the safety officer's role takes a second person's
    /// approval (`NeedsApproval` here; see `safety_officer`). A safety
    /// officer who stops being one, or is deactivated, is announced to the
    /// quality leads and safety officers, and their second factor is removed.
    pub async fn update_user(&self, organisation_id: OrganisationId, user_id: PersonId, change: &UserChange, actor_id: Option<PersonId>, at: Timestamp) -> Result<User, StoreError> {
        let at = at.as_second();
        let before = self.user(user_id).await?;
        if before.organisation_id != organisation_id {
            return Err(StoreError::NotFound);
        }
        if change.role == Role::Safety && before.role != Role::Safety {
            return Err(StoreError::NeedsApproval);
        }
        // Switching a deactivated safety officer back on would restore their
        // access to confidential reporters without anyone's approval.
        if change.role == Role::Safety && !before.active && change.active {
            return Err(StoreError::NeedsApproval);
        }
        let was_safety_officer = before.role == Role::Safety && before.active;
        let stops_being_one = was_safety_officer && (change.role != Role::Safety || !change.active);
        let mut tx = self.begin().await?;
        sql("UPDATE users SET name = $1, job_title = $2, role = $3, team_id = $4, active = $5,
                         role_since = CASE WHEN role = $3 THEN role_since ELSE $7 END WHERE id = $6")
        .bind(&change.name)
        .bind(&change.job_title)
        .bind(change.role.as_str())
        .bind(change.team_id)
        .bind(change.active)
        .bind(user_id)
        .bind(at)
        .execute(&mut tx)
        .await?;
        if stops_being_one {
            forget_second_factor(&mut tx, Some(user_id)).await?;
            let notice = safety_officer_removed_notice(&before.name, change.role == Role::Safety);
            tell_guardians(&mut tx, organisation_id, &NewInboxMessage { at, subject: &notice.subject, body: &notice.body, link: Some(&notice.link) }).await?;
        }
        sql("DELETE FROM user_services WHERE user_id = $1").bind(user_id).execute(&mut tx).await?;
        for service_id in &change.service_ids {
            sql("INSERT INTO user_services (user_id, service_id) VALUES ($1, $2)").bind(user_id).bind(*service_id).execute(&mut tx).await?;
        }
        if !change.active {
            // A deactivated person is signed out everywhere at once.
            sql("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut tx).await?;
        }
        write_audit(&mut tx, NewAuditEntry {
            organisation_id,
            at,
            actor_id,
            action: AuditAction::PersonChanged,
            subject: format!("person {}", before.email),
            detail: json!({
                "before": {"name": before.name, "job_title": before.job_title, "role": before.role.as_str(), "team_id": before.team_id, "active": before.active, "services": before.service_ids},
                "after": {"name": change.name, "job_title": change.job_title, "role": change.role.as_str(), "team_id": change.team_id, "active": change.active, "services": change.service_ids},
            }),
        })
        .await?;
        tx.commit().await?;
        self.user(user_id).await
    }

    /// Sets a new password hash and signs the person out everywhere else.
    /// A safety officer's password is changed only by an approved request
    /// (`NeedsApproval` here): whoever set it could sign in as them.
    pub async fn set_password(&self, organisation_id: OrganisationId, user_id: PersonId, password_hash: &str, actor_id: Option<PersonId>, at: Timestamp) -> Result<(), StoreError> {
        let at = at.as_second();
        if self.user(user_id).await?.role == Role::Safety {
            return Err(StoreError::NeedsApproval);
        }
        let mut tx = self.begin().await?;
        let email: Option<String> = sql("UPDATE users SET password_hash = $1 WHERE id = $2 AND organisation_id = $3 AND role <> 'safety' RETURNING email")
            .bind(password_hash)
            .bind(user_id)
            .bind(organisation_id)
            .fetch_optional_value(&mut tx)
            .await?;
        let Some(email) = email else { return Err(StoreError::NotFound) };
        sql("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut tx).await?;
        write_audit(&mut tx, NewAuditEntry {
            organisation_id,
            at,
            actor_id,
            action: AuditAction::PersonPasswordChanged,
            subject: format!("person {email}"),
            detail: json!({}),
        })
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
