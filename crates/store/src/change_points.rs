//! Recorded change points: the day a known change began in the whole
//! organisation or one service, with a short description. The charts start
//! a new phase at each (see `learnloop_domain::change_points`).

use learnloop_domain::audit::AuditAction;
use jiff::Timestamp;
use learnloop_domain::ids::{OrganisationId, PersonId, ServiceId};
use serde_json::json;

use crate::audit::{NewAuditEntry, write_audit};
use crate::error::StoreError;
use crate::sql::sql;
use crate::store::Store;

/// A saved change point.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangePoint {
    pub id: i64,
    pub organisation_id: OrganisationId,
    /// None: the whole organisation.
    pub service_id: Option<ServiceId>,
    /// `YYYY-MM-DD`.
    pub changed_on: String,
    /// `year * 100 + month` of `changed_on`.
    pub month: i32,
    pub description: String,
    pub recorded_by: PersonId,
    pub recorded_at: i64,
}

#[derive(sqlx::FromRow)]
struct ChangePointRow {
    id: i64,
    organisation_id: i64,
    service_id: Option<i64>,
    changed_on: String,
    month: i64,
    description: String,
    recorded_by: i64,
    recorded_at: i64,
}

impl From<ChangePointRow> for ChangePoint {
    fn from(row: ChangePointRow) -> Self {
        ChangePoint {
            id: row.id,
            organisation_id: OrganisationId(row.organisation_id),
            service_id: row.service_id.map(ServiceId),
            changed_on: row.changed_on,
            month: i32::try_from(row.month).unwrap_or_default(),
            description: row.description,
            recorded_by: PersonId(row.recorded_by),
            recorded_at: row.recorded_at,
        }
    }
}

/// What a new change point holds, checked by the domain.
pub struct NewChangePoint<'a> {
    pub organisation_id: OrganisationId,
    pub service_id: Option<ServiceId>,
    pub changed_on: &'a str,
    pub month: i32,
    pub description: &'a str,
}

const SELECT: &str = "SELECT id, organisation_id, service_id, changed_on, CAST(month AS BIGINT) AS month, description, recorded_by, recorded_at FROM change_points";

impl Store {
    /// Saves a change point with its audit entry, in one transaction.
    pub async fn record_change_point(
        &self,
        new: &NewChangePoint<'_>,
        by: PersonId,
        now: Timestamp,
    ) -> Result<ChangePoint, StoreError> {
        let now = now.as_second();
        let mut tx = self.begin().await?;
        let id: i64 = sql(
            "INSERT INTO change_points (organisation_id, service_id, changed_on, month, description, recorded_by, recorded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(new.organisation_id)
        .bind(new.service_id)
        .bind(new.changed_on)
        .bind(i64::from(new.month))
        .bind(new.description)
        .bind(by)
        .bind(now)
        .fetch_value(&mut tx)
        .await?;
        write_audit(&mut tx, NewAuditEntry {
            organisation_id: new.organisation_id,
            at: now,
            actor_id: Some(by),
            action: AuditAction::ChangePointRecorded,
            subject: format!("change point {id}"),
            detail: json!({"service_id": new.service_id, "changed_on": new.changed_on, "description": new.description}),
        })
        .await?;
        tx.commit().await?;
        Ok(ChangePoint {
            id,
            organisation_id: new.organisation_id,
            service_id: new.service_id,
            changed_on: new.changed_on.to_string(),
            month: new.month,
            description: new.description.to_string(),
            recorded_by: by,
            recorded_at: now,
        })
    }

    /// The organisation's change points, those of every service included, oldest first.
    pub async fn change_points(
        &self,
        organisation_id: OrganisationId,
    ) -> Result<Vec<ChangePoint>, StoreError> {
        let rows = sql(const_format::concatcp!(
            SELECT,
            " WHERE organisation_id = $1 ORDER BY changed_on, id"
        ))
        .bind(organisation_id)
        .fetch_all::<ChangePointRow>(self.reader())
        .await?;
        Ok(rows.into_iter().map(ChangePoint::from).collect())
    }

    /// Removes a recorded change point (one recorded by mistake), with its
    /// audit entry; false when there was none with that id.
    pub async fn remove_change_point(
        &self,
        organisation_id: OrganisationId,
        id: i64,
        by: PersonId,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let removed = sql("DELETE FROM change_points WHERE organisation_id = $1 AND id = $2")
            .bind(organisation_id)
            .bind(id)
            .execute(&mut tx)
            .await?;
        if removed > 0 {
            write_audit(
                &mut tx,
                NewAuditEntry {
                    organisation_id,
                    at: now.as_second(),
                    actor_id: Some(by),
                    action: AuditAction::ChangePointRemoved,
                    subject: format!("change point {id}"),
                    detail: json!({}),
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(removed > 0)
    }
}
