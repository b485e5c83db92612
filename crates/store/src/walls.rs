//! Display links: the revocable addresses a team's wall screen opens without
//! signing in. Only the token's hash is stored; a revoked link opens nothing.

use learnloop_domain::audit::AuditAction;
use learnloop_domain::ids::{OrganisationId, PersonId, ServiceId, TeamId};
use jiff::Timestamp;
use serde_json::json;

use const_format::concatcp;

use crate::audit::{NewAuditEntry, write_audit};
use crate::error::StoreError;
use crate::store::Store;
use crate::sql::sql;

/// A saved display link (never its token).
#[derive(Debug, Clone, PartialEq)]
pub struct DisplayLink {
    pub id: i64,
    pub organisation_id: OrganisationId,
    /// None: the whole organisation.
    pub service_id: Option<ServiceId>,
    /// One team of that service, or None for the whole service.
    pub team_id: Option<TeamId>,
    pub name: String,
    /// Dashboard series keys in display order, comma-separated.
    pub measures: String,
    pub created_by: PersonId,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

/// A display link as stored (optional ids as numbers).
#[derive(sqlx::FromRow)]
struct DisplayLinkRow {
    id: i64,
    #[sqlx(try_from = "i64")]
    organisation_id: OrganisationId,
    service_id: Option<i64>,
    team_id: Option<i64>,
    name: String,
    measures: String,
    #[sqlx(try_from = "i64")]
    created_by: PersonId,
    created_at: i64,
    revoked_at: Option<i64>,
}

impl From<DisplayLinkRow> for DisplayLink {
    fn from(row: DisplayLinkRow) -> Self {
        DisplayLink {
            id: row.id,
            organisation_id: row.organisation_id,
            service_id: row.service_id.map(ServiceId),
            team_id: row.team_id.map(TeamId),
            name: row.name,
            measures: row.measures,
            created_by: row.created_by,
            created_at: row.created_at,
            revoked_at: row.revoked_at,
        }
    }
}

impl DisplayLink {
    pub fn measure_keys(&self) -> Vec<String> {
        self.measures.split(',').map(str::trim).filter(|k| !k.is_empty()).map(str::to_string).collect()
    }
}

/// What a new display link holds.
pub struct NewDisplayLink<'a> {
    pub organisation_id: OrganisationId,
    pub service_id: Option<ServiceId>,
    /// Only with `service_id`: the team of that service.
    pub team_id: Option<TeamId>,
    pub name: &'a str,
    pub token_hash: &'a str,
    pub measure_keys: &'a [String],
}

const SELECT_LINK: &str = "SELECT id, organisation_id, service_id, team_id, name, measures, created_by, created_at, revoked_at FROM display_links";

impl Store {
    pub async fn create_display_link(&self, link: &NewDisplayLink<'_>, by: PersonId, now: Timestamp) -> Result<DisplayLink, StoreError> {
        let now = now.as_second();
        let measures = link.measure_keys.join(",");
        let mut tx = self.begin().await?;
        let id: i64 = sql(
            "INSERT INTO display_links (organisation_id, service_id, name, token_hash, measures, created_by, created_at, team_id)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(link.organisation_id)
        .bind(link.service_id)
        .bind(link.name)
        .bind(link.token_hash)
        .bind(&measures)
        .bind(by)
        .bind(now)
        .bind(link.team_id)
        .fetch_value(&mut tx)
        .await?;
        write_audit(&mut tx, NewAuditEntry {
            organisation_id: link.organisation_id,
            at: now,
            actor_id: Some(by),
            action: AuditAction::DisplayLinkCreated,
            subject: format!("display link {id}"),
            detail: json!({"name": link.name, "service_id": link.service_id, "team_id": link.team_id, "measures": link.measure_keys}),
        })
        .await?;
        tx.commit().await?;
        Ok(DisplayLink {
            id,
            organisation_id: link.organisation_id,
            service_id: link.service_id,
            team_id: link.team_id,
            name: link.name.to_string(),
            measures,
            created_by: by,
            created_at: now,
            revoked_at: None,
        })
    }

    /// The organisation's links, newest first, revoked ones included.
    pub async fn display_links(&self, organisation_id: OrganisationId) -> Result<Vec<DisplayLink>, StoreError> {
        sql(concatcp!(SELECT_LINK, " WHERE organisation_id = $1 ORDER BY created_at DESC, id DESC")).bind(organisation_id).fetch_all::<DisplayLinkRow>(self.reader()).await.map(|rows| rows.into_iter().map(DisplayLink::from).collect())
    }

    pub async fn display_link(&self, organisation_id: OrganisationId, id: i64) -> Result<Option<DisplayLink>, StoreError> {
        sql(concatcp!(SELECT_LINK, " WHERE organisation_id = $1 AND id = $2")).bind(organisation_id).bind(id).fetch_optional::<DisplayLinkRow>(self.reader()).await.map(|row| row.map(DisplayLink::from))
    }

    /// The live link with this token hash; None once revoked.
    pub async fn display_link_by_token(&self, token_hash: &str) -> Result<Option<DisplayLink>, StoreError> {
        sql(concatcp!(SELECT_LINK, " WHERE token_hash = $1 AND revoked_at IS NULL")).bind(token_hash).fetch_optional::<DisplayLinkRow>(self.reader()).await.map(|row| row.map(DisplayLink::from))
    }

    /// Revokes a link; false when it was already revoked.
    pub async fn revoke_display_link(&self, link: &DisplayLink, by: PersonId, now: Timestamp) -> Result<bool, StoreError> {
        let now = now.as_second();
        let mut tx = self.begin().await?;
        let changed = sql("UPDATE display_links SET revoked_at = $1, revoked_by = $2 WHERE id = $3 AND revoked_at IS NULL")
            .bind(now)
            .bind(by)
            .bind(link.id)
            .execute(&mut tx)
            .await?;
        if changed > 0 {
            write_audit(&mut tx, NewAuditEntry {
                organisation_id: link.organisation_id,
                at: now,
                actor_id: Some(by),
                action: AuditAction::DisplayLinkRevoked,
                subject: format!("display link {}", link.id),
                detail: json!({"name": link.name}),
            })
            .await?;
        }
        tx.commit().await?;
        Ok(changed > 0)
    }
}
