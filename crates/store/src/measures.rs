//! The organisation's own measures and their monthly values per service.
//! An import writes all its rows in one transaction or none.

use learnloop_domain::audit::AuditAction;
use learnloop_domain::ids::{OrganisationId, PersonId, ServiceId};
use const_format::concatcp;
use jiff::Timestamp;
use learnloop_domain::measures::{MeasureKind, NewMeasure, improvement_text, parse_improvement};
use learnloop_domain::spc::Improvement;
use serde_json::json;

use crate::audit::{NewAuditEntry, write_audit};
use crate::error::StoreError;
use crate::store::Store;
use crate::sql::{assembled_sql, sql};
use crate::triage::QueueScope;

/// A saved measure.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    pub id: i64,
    pub organisation_id: OrganisationId,
    pub name: String,
    pub description: String,
    pub kind: MeasureKind,
    pub unit: String,
    pub multiply: f64,
    pub improvement: Option<Improvement>,
    pub target: Option<f64>,
}

#[derive(sqlx::FromRow)]
struct MeasureRow {
    id: i64,
    #[sqlx(try_from = "i64")]
    organisation_id: OrganisationId,
    name: String,
    description: String,
    kind: String,
    unit: String,
    multiply: f64,
    improvement: Option<String>,
    target: Option<f64>,
}

impl TryFrom<MeasureRow> for Measure {
    type Error = StoreError;
    fn try_from(row: MeasureRow) -> Result<Measure, StoreError> {
        let kind = MeasureKind::parse(&row.kind).ok_or_else(|| StoreError::Corrupt(format!("measures.kind holds {}", row.kind)))?;
        let improvement = parse_improvement(row.improvement.as_deref().unwrap_or(""))
            .map_err(|_| StoreError::Corrupt(format!("measures.improvement holds {:?}", row.improvement)))?;
        Ok(Measure {
            id: row.id,
            organisation_id: row.organisation_id,
            name: row.name,
            description: row.description,
            kind,
            unit: row.unit,
            multiply: row.multiply,
            improvement,
            target: row.target,
        })
    }
}

/// One stored value.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct MeasureValue {
    #[sqlx(try_from = "i64")]
    pub service_id: ServiceId,
    pub month: i64,
    pub value: f64,
    pub denominator: Option<f64>,
}

/// A value to write: service, month (`year * 100 + month`), value, denominator.
pub type ValueRow = (ServiceId, i32, f64, Option<f64>);

/// Rows per INSERT statement: 4 parameters each, well under SQLite's limit.
const ROWS_PER_STATEMENT: usize = 1_000;

const SELECT_MEASURE: &str = "SELECT id, organisation_id, name, description, kind, unit, multiply, improvement, target FROM measures";

pub enum CreateMeasureRefusal {
    NameTaken,
}

impl Store {
    /// Saves a new measure; refused when the organisation already has one by that name.
    pub async fn create_measure(&self, organisation_id: OrganisationId, measure: &NewMeasure, by: PersonId, now: Timestamp) -> Result<Result<Measure, CreateMeasureRefusal>, StoreError> {
        let now = now.as_second();
        let mut tx = self.begin().await?;
        let taken: Option<i64> = sql("SELECT id FROM measures WHERE organisation_id = $1 AND LOWER(name) = LOWER($2)")
            .bind(organisation_id)
            .bind(&measure.name)
            .fetch_optional_value(&mut tx)
            .await?;
        let outcome = if taken.is_some() {
            Err(CreateMeasureRefusal::NameTaken)
        } else {
            let id: i64 = sql(
                "INSERT INTO measures (organisation_id, name, description, kind, unit, multiply, improvement, target, created_by, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            )
            .bind(organisation_id)
            .bind(&measure.name)
            .bind(&measure.description)
            .bind(measure.kind.as_str())
            .bind(&measure.unit)
            .bind(measure.multiply)
            .bind(Some(improvement_text(measure.improvement)).filter(|t| !t.is_empty()))
            .bind(measure.target)
            .bind(by)
            .bind(now)
            .fetch_value(&mut tx)
            .await?;
            write_audit(&mut tx, NewAuditEntry {
                organisation_id,
                at: now,
                actor_id: Some(by),
                action: AuditAction::MeasureCreated,
                subject: format!("measure {id}"),
                detail: json!({"name": measure.name, "kind": measure.kind.as_str()}),
            })
            .await?;
            Ok(Measure {
                id,
                organisation_id,
                name: measure.name.clone(),
                description: measure.description.clone(),
                kind: measure.kind,
                unit: measure.unit.clone(),
                multiply: measure.multiply,
                improvement: measure.improvement,
                target: measure.target,
            })
        };
        tx.commit().await?;
        Ok(outcome)
    }

    pub async fn measures(&self, organisation_id: OrganisationId) -> Result<Vec<Measure>, StoreError> {
        const QUERY: &str = concatcp!(SELECT_MEASURE, " WHERE organisation_id = $1 ORDER BY name");
        let rows: Vec<MeasureRow> = sql(QUERY).bind(organisation_id).fetch_all(self.reader()).await?;
        rows.into_iter().map(Measure::try_from).collect()
    }

    pub async fn measure(&self, organisation_id: OrganisationId, id: i64) -> Result<Option<Measure>, StoreError> {
        const QUERY: &str = concatcp!(SELECT_MEASURE, " WHERE organisation_id = $1 AND id = $2");
        let row: Option<MeasureRow> = sql(QUERY).bind(organisation_id).bind(id).fetch_optional(self.reader()).await?;
        row.map(Measure::try_from).transpose()
    }

    /// Writes values (replacing any for the same service and month) in one
    /// transaction, with one audit entry; returns how many were written.
    pub async fn save_measure_values(&self, measure: &Measure, rows: &[ValueRow], by: PersonId, now: Timestamp, action: AuditAction) -> Result<usize, StoreError> {
        let now = now.as_second();
        let mut tx = self.begin().await?;
        for chunk in rows.chunks(ROWS_PER_STATEMENT) {
            let mut text = String::from("INSERT INTO measure_values (measure_id, service_id, month, value, denominator, entered_by, entered_at) VALUES ");
            for (i, _) in chunk.iter().enumerate() {
                let p = i * 4;
                if i > 0 {
                    text.push(',');
                }
                text.push_str(&format!("($1, ${}, ${}, ${}, ${}, $2, $3)", p + 4, p + 5, p + 6, p + 7));
            }
            text.push_str(
                " ON CONFLICT (measure_id, service_id, month) DO UPDATE SET value = excluded.value, denominator = excluded.denominator,
                  entered_by = excluded.entered_by, entered_at = excluded.entered_at",
            );
            let mut query = assembled_sql(text).bind(measure.id).bind(by).bind(now);
            for &(service_id, month, value, denominator) in chunk {
                query = query.bind(service_id).bind(i64::from(month)).bind(value).bind(denominator);
            }
            query.execute(&mut tx).await?;
        }
        write_audit(&mut tx, NewAuditEntry {
            organisation_id: measure.organisation_id,
            at: now,
            actor_id: Some(by),
            action,
            subject: format!("measure {}", measure.id),
            detail: json!({"values": rows.len()}),
        })
        .await?;
        tx.commit().await?;
        Ok(rows.len())
    }

    /// The values of a measure in a scope, `from_month..=to_month`.
    pub async fn measure_values(&self, measure_id: i64, scope: &QueueScope, from_month: i64, to_month: i64) -> Result<Vec<MeasureValue>, StoreError> {
        let mut values = Vec::new();
        match scope {
            QueueScope::Organisation(_) => {
                let query = "SELECT service_id, month, value, denominator FROM measure_values WHERE measure_id = $1 AND month >= $2 AND month <= $3";
                values.extend(sql(query).bind(measure_id).bind(from_month).bind(to_month).fetch_all::<MeasureValue>(self.reader()).await?);
            }
            QueueScope::Services(services) => {
                let query = "SELECT service_id, month, value, denominator FROM measure_values WHERE measure_id = $1 AND month >= $2 AND month <= $3 AND service_id = $4";
                for &service_id in services {
                    values.extend(sql(query).bind(measure_id).bind(from_month).bind(to_month).bind(service_id).fetch_all::<MeasureValue>(self.reader()).await?);
                }
            }
        }
        values.sort_by_key(|v| (v.month, v.service_id));
        Ok(values)
    }
}
