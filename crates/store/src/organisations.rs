//! Organisations and their public reporting link key.

use learnloop_domain::audit::AuditAction;
use learnloop_domain::ids::{OrganisationId, PersonId};
use const_format::concatcp;
use jiff::Timestamp;
use rand::Rng;
use serde_json::json;

use crate::audit::{NewAuditEntry, write_audit};
use crate::error::StoreError;
use crate::store::Store;
use crate::sql::sql;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Organisation {
    #[sqlx(try_from = "i64")]
    pub id: OrganisationId,
    pub slug: String,
    pub name: String,
    pub time_zone: String,
    /// The secret in the public reporting link (posters, QR codes).
    pub public_report_key: String,
    /// Triage clocks: thank within this many working days, give feedback
    /// within this many days (defaults 1 and 14).
    pub thank_within_working_days: i64,
    pub feedback_within_days: i64,
    /// Notify a regulator within this many hours of learning of an event (default 24).
    pub notify_regulator_within_hours: i64,
}

/// A fresh key for the public reporting link: 128 random bits, URL-safe.
pub fn new_public_report_key() -> String {
    let mut rng = rand::rng();
    (0..26).map(|_| b"abcdefghijkmnpqrstuvwxyz23456789"[rng.random_range(0..32)] as char).collect()
}

/// The column defaults of migration 0003.
const DEFAULT_THANK_WITHIN_WORKING_DAYS: i64 = 1;
const DEFAULT_FEEDBACK_WITHIN_DAYS: i64 = 14;

const SELECT_ORGANISATION: &str =
    "SELECT id, slug, name, time_zone, public_report_key, thank_within_working_days, feedback_within_days, notify_regulator_within_hours FROM organisations";

impl Store {
    pub async fn create_organisation(&self, slug: &str, name: &str, time_zone: &str, at: Timestamp) -> Result<Organisation, StoreError> {
        let at = at.as_second();
        let key = new_public_report_key();
        let mut tx = self.begin().await?;
        let id: i64 = sql("INSERT INTO organisations (slug, name, time_zone, public_report_key, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(slug)
            .bind(name)
            .bind(time_zone)
            .bind(&key)
            .bind(at)
            .fetch_value(&mut tx)
            .await
            .map_err(|e| e.unique_violation_as("an organisation with this slug"))?;
        write_audit(&mut tx, NewAuditEntry {
            organisation_id: OrganisationId(id),
            at,
            actor_id: None,
            action: AuditAction::OrganisationCreated,
            subject: format!("organisation {slug}"),
            detail: json!({"name": name, "time_zone": time_zone}),
        })
        .await?;
        tx.commit().await?;
        Ok(Organisation {
            id: OrganisationId(id),
            slug: slug.to_string(),
            name: name.to_string(),
            time_zone: time_zone.to_string(),
            public_report_key: key,
            thank_within_working_days: DEFAULT_THANK_WITHIN_WORKING_DAYS,
            feedback_within_days: DEFAULT_FEEDBACK_WITHIN_DAYS,
            notify_regulator_within_hours: i64::from(learnloop_domain::statutory::DEFAULT_NOTIFICATION_HOURS),
        })
    }

    pub async fn organisation(&self, id: OrganisationId) -> Result<Organisation, StoreError> {
        sql(concatcp!(SELECT_ORGANISATION, " WHERE id = $1")).bind(id).fetch_one(self.reader()).await
    }

    /// The only organisation, or the first created: single-organisation
    /// installations (the common case) need no slug anywhere.
    pub async fn first_organisation(&self) -> Result<Option<Organisation>, StoreError> {
        sql(concatcp!(SELECT_ORGANISATION, " ORDER BY id LIMIT 1")).fetch_optional(self.reader()).await
    }

    pub async fn organisation_by_public_key(&self, key: &str) -> Result<Option<Organisation>, StoreError> {
        sql(concatcp!(SELECT_ORGANISATION, " WHERE public_report_key = $1")).bind(key).fetch_optional(self.reader()).await
    }

    /// Replaces the public link's key; the old link stops working at once.
    pub async fn rotate_public_report_key(&self, organisation_id: OrganisationId, actor_id: Option<PersonId>, at: Timestamp) -> Result<String, StoreError> {
        let at = at.as_second();
        let key = new_public_report_key();
        let mut tx = self.begin().await?;
        let changed = sql("UPDATE organisations SET public_report_key = $1 WHERE id = $2").bind(&key).bind(organisation_id).execute(&mut tx).await?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        write_audit(&mut tx, NewAuditEntry {
            organisation_id,
            at,
            actor_id,
            action: AuditAction::OrganisationPublicLinkChanged,
            subject: "public reporting link".to_string(),
            detail: json!({}),
        })
        .await?;
        tx.commit().await?;
        Ok(key)
    }

    /// Changes the triage clocks (already checked by the caller's domain rules).
    pub async fn set_triage_clocks(&self, organisation_id: OrganisationId, thank_within_working_days: i64, feedback_within_days: i64, actor_id: Option<PersonId>, at: Timestamp) -> Result<(), StoreError> {
        let at = at.as_second();
        let mut tx = self.begin().await?;
        sql("UPDATE organisations SET thank_within_working_days = $1, feedback_within_days = $2 WHERE id = $3")
            .bind(thank_within_working_days)
            .bind(feedback_within_days)
            .bind(organisation_id)
            .execute(&mut tx)
            .await?;
        write_audit(&mut tx, NewAuditEntry {
            organisation_id,
            at,
            actor_id,
            action: AuditAction::OrganisationTriageClocksChanged,
            subject: "triage clocks".to_string(),
            detail: json!({"thank_within_working_days": thank_within_working_days, "feedback_within_days": feedback_within_days}),
        })
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Changes how many hours a regulator's notification is due after the event became known.
    pub async fn set_notification_hours(&self, organisation_id: OrganisationId, hours: i64, actor_id: Option<PersonId>, at: Timestamp) -> Result<(), StoreError> {
        let at = at.as_second();
        let mut tx = self.begin().await?;
        sql("UPDATE organisations SET notify_regulator_within_hours = $1 WHERE id = $2").bind(hours).bind(organisation_id).execute(&mut tx).await?;
        write_audit(&mut tx, NewAuditEntry {
            organisation_id,
            at,
            actor_id,
            action: AuditAction::OrganisationNotificationHoursChanged,
            subject: "regulator notifications".to_string(),
            detail: json!({"notify_regulator_within_hours": hours}),
        })
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
