//! An organisation's services (a care home, a supported-living scheme, a
//! school) and the teams or units within them, with each service's
//! safeguarding lead.

use learnloop_domain::audit::AuditAction;
use jiff::Timestamp;
use learnloop_domain::ids::{OrganisationId, PersonId, ServiceId, TeamId};
use learnloop_domain::organisation::ServiceKind;
use serde_json::json;

use crate::audit::{NewAuditEntry, write_audit};
use crate::error::StoreError;
use crate::reports::required;
use crate::sql::sql;
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Service {
    #[sqlx(try_from = "i64")]
    pub id: ServiceId,
    #[sqlx(try_from = "i64")]
    pub organisation_id: OrganisationId,
    pub slug: String,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub kind: ServiceKind,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Team {
    #[sqlx(try_from = "i64")]
    pub id: TeamId,
    #[sqlx(try_from = "i64")]
    pub service_id: ServiceId,
    pub slug: String,
    pub name: String,
}

/// A service with what its organisation sets for the reports made there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceForReports {
    pub service: Service,
    /// The organisation's IANA time zone.
    pub time_zone: String,
    /// The organisation's deadline for telling a regulator.
    pub notify_regulator_within_hours: u32,
}

impl Store {
    pub async fn create_service(&self, organisation_id: OrganisationId, slug: &str, name: &str, kind: ServiceKind, actor_id: Option<PersonId>, at: Timestamp) -> Result<Service, StoreError> {
        let at = at.as_second();
        let mut tx = self.begin().await?;
        let id: i64 = sql("INSERT INTO services (organisation_id, slug, name, kind, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(organisation_id)
            .bind(slug)
            .bind(name)
            .bind(kind.as_str())
            .bind(at)
            .fetch_value(&mut tx)
            .await
            .map_err(|e| e.unique_violation_as("a service with this short name"))?;
        write_audit(&mut tx, NewAuditEntry {
            organisation_id,
            at,
            actor_id,
            action: AuditAction::ServiceCreated,
            subject: format!("service {slug}"),
            detail: json!({"name": name, "kind": kind.as_str()}),
        })
        .await?;
        tx.commit().await?;
        Ok(Service { id: ServiceId(id), organisation_id, slug: slug.to_string(), name: name.to_string(), kind })
    }

    pub async fn services(&self, organisation_id: OrganisationId) -> Result<Vec<Service>, StoreError> {
        sql("SELECT id, organisation_id, slug, name, kind FROM services WHERE organisation_id = $1 ORDER BY name").bind(organisation_id).fetch_all(self.reader()).await
    }

    /// Each service's safeguarding lead, if one is set: (service id, lead id).
    pub async fn safeguarding_leads(&self, organisation_id: OrganisationId) -> Result<Vec<(ServiceId, PersonId)>, StoreError> {
        let leads: Vec<(i64, i64)> = sql("SELECT id, safeguarding_lead_id FROM services WHERE organisation_id = $1 AND safeguarding_lead_id IS NOT NULL ORDER BY id")
            .bind(organisation_id)
            .fetch_all(self.reader())
            .await?;
        Ok(leads.into_iter().map(|(service, lead)| (ServiceId(service), PersonId(lead))).collect())
    }

    /// Sets or clears who a service's safeguarding concerns go to. The caller
    /// checks the person may handle the service's reports.
    pub async fn set_safeguarding_lead(&self, organisation_id: OrganisationId, service_id: ServiceId, lead_id: Option<PersonId>, actor_id: Option<PersonId>, at: Timestamp) -> Result<(), StoreError> {
        let at = at.as_second();
        let mut tx = self.begin().await?;
        let changed = sql("UPDATE services SET safeguarding_lead_id = $1 WHERE id = $2 AND organisation_id = $3")
            .bind(lead_id)
            .bind(service_id)
            .bind(organisation_id)
            .execute(&mut tx)
            .await?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        write_audit(&mut tx, NewAuditEntry {
            organisation_id,
            at,
            actor_id,
            action: AuditAction::ServiceSafeguardingLeadChanged,
            subject: format!("service {service_id}"),
            detail: json!({"lead_id": lead_id}),
        })
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A service of the organisation by its slug or its numeric id.
    pub async fn service_by_slug_or_id(&self, organisation_id: OrganisationId, slug_or_id: &str) -> Result<Option<Service>, StoreError> {
        let id: i64 = slug_or_id.parse().unwrap_or(-1);
        sql("SELECT id, organisation_id, slug, name, kind FROM services WHERE organisation_id = $1 AND (slug = $2 OR id = $3)")
            .bind(organisation_id)
            .bind(slug_or_id)
            .bind(id)
            .fetch_optional(self.reader())
            .await
    }

    /// A service with what its organisation sets for reports there, in one
    /// query (the report path needs both and runs often).
    pub async fn service_for_reports(&self, organisation_id: OrganisationId, slug_or_id: &str) -> Result<Option<ServiceForReports>, StoreError> {
        #[derive(sqlx::FromRow)]
        struct Row {
            id: i64,
            #[sqlx(try_from = "i64")]
            organisation_id: OrganisationId,
            slug: String,
            name: String,
            kind: String,
            time_zone: String,
            notify_regulator_within_hours: i64,
        }
        let id: i64 = slug_or_id.parse().unwrap_or(-1);
        let query = "SELECT s.id, s.organisation_id, s.slug, s.name, s.kind, o.time_zone, o.notify_regulator_within_hours
                   FROM services s JOIN organisations o ON o.id = s.organisation_id
                   WHERE s.organisation_id = $1 AND (s.slug = $2 OR s.id = $3)";
        let row = sql(query).bind(organisation_id).bind(slug_or_id).bind(id).fetch_optional::<Row>(self.reader()).await?;
        row.map(|r| {
            let kind = required(&r.kind, ServiceKind::parse, "services.kind")?;
            let hours = u32::try_from(r.notify_regulator_within_hours).map_err(|_| StoreError::Corrupt(format!("organisations.notify_regulator_within_hours holds {}", r.notify_regulator_within_hours)))?;
            Ok(ServiceForReports { service: Service { id: ServiceId(r.id), organisation_id: r.organisation_id, slug: r.slug, name: r.name, kind }, time_zone: r.time_zone, notify_regulator_within_hours: hours })
        })
        .transpose()
    }

    pub async fn create_team(&self, organisation_id: OrganisationId, service_id: ServiceId, slug: &str, name: &str, actor_id: Option<PersonId>, at: Timestamp) -> Result<Team, StoreError> {
        let at = at.as_second();
        let mut tx = self.begin().await?;
        let id: i64 = sql("INSERT INTO teams (service_id, slug, name, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(service_id)
            .bind(slug)
            .bind(name)
            .bind(at)
            .fetch_value(&mut tx)
            .await
            .map_err(|e| e.unique_violation_as("a team with this short name in the service"))?;
        write_audit(&mut tx, NewAuditEntry {
            organisation_id,
            at,
            actor_id,
            action: AuditAction::TeamCreated,
            subject: format!("team {slug}"),
            detail: json!({"name": name, "service_id": service_id}),
        })
        .await?;
        tx.commit().await?;
        Ok(Team { id: TeamId(id), service_id, slug: slug.to_string(), name: name.to_string() })
    }

    /// Every team of the organisation, grouped by service.
    pub async fn teams(&self, organisation_id: OrganisationId) -> Result<Vec<Team>, StoreError> {
        let query = "SELECT t.id, t.service_id, t.slug, t.name FROM teams t JOIN services s ON s.id = t.service_id
                   WHERE s.organisation_id = $1 ORDER BY s.name, t.name";
        sql(query).bind(organisation_id).fetch_all(self.reader()).await
    }

    /// One team of the organisation by its numeric id, or by its slug within
    /// `service_id` (team slugs are unique only within their service).
    pub async fn team_by_slug_or_id(&self, organisation_id: OrganisationId, service_id: Option<ServiceId>, slug_or_id: &str) -> Result<Option<Team>, StoreError> {
        let id: i64 = slug_or_id.parse().unwrap_or(-1);
        let query = "SELECT t.id, t.service_id, t.slug, t.name FROM teams t JOIN services s ON s.id = t.service_id
                   WHERE s.organisation_id = $1 AND (t.id = $2 OR (t.slug = $3 AND t.service_id = $4))";
        sql(query).bind(organisation_id).bind(id).bind(slug_or_id).bind(service_id.map_or(-1, ServiceId::get)).fetch_optional(self.reader()).await
    }
}
