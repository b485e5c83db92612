//! What the dashboard reads: monthly report counts per service (kept by
//! triggers in `report_month_stats`, migration 0009, and summed over
//! categories in `report_month_totals`, migration 0010), the denominators each
//! service enters per month, and actions by the month they fall due.
//! Everything here is an aggregate: no report, reporter or narrative.

use learnloop_domain::ids::{OrganisationId, PersonId, ServiceId, TeamId};
use const_format::concatcp;

use jiff::Timestamp;

use crate::error::StoreError;
use crate::store::Store;
use crate::sql::sql;
use crate::triage::QueueScope;

/// One service's reports in one month (of one category, or all).
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct ReportMonth {
    #[sqlx(try_from = "i64")]
    pub service_id: ServiceId,
    /// `year * 100 + month`.
    pub month: i64,
    pub reports: i64,
    pub incidents: i64,
    pub near_misses: i64,
    pub good_practice: i64,
    pub concerns: i64,
    pub anonymous: i64,
    pub harm_none: i64,
    pub harm_low: i64,
    pub harm_moderate: i64,
    pub harm_severe: i64,
    pub harm_death: i64,
    pub thanked: i64,
    /// Sum over thanked reports of seconds from submission to thanks.
    pub thank_seconds: i64,
    pub feedback: i64,
    pub feedback_seconds: i64,
    pub repeats: i64,
}

/// What one service's reporting rate is measured against in one month.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Denominator {
    #[sqlx(try_from = "i64")]
    pub service_id: ServiceId,
    pub month: i64,
    pub occupied_bed_days: Option<f64>,
    pub staff: Option<f64>,
}

/// Actions falling due in one month of one service, and how they went.
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct ActionMonth {
    #[sqlx(try_from = "i64")]
    pub service_id: ServiceId,
    pub month: i64,
    pub due: i64,
    /// Still open after the due date.
    pub overdue: i64,
    /// Effectiveness checks recorded, and how many found the action effective.
    pub checked: i64,
    pub effective: i64,
}

/// Sums per service and month from `report_month_totals` (every category,
/// one row per service and month) or `report_month_stats` (one row per
/// category, filtered by `$4`): the table and scope column go between
/// `REPORT_MONTHS_SELECT` and `REPORT_MONTHS_RANGE`.
const REPORT_MONTHS_SELECT: &str = "SELECT service_id, month, CAST(SUM(reports) AS BIGINT) AS reports, CAST(SUM(incidents) AS BIGINT) AS incidents, CAST(SUM(near_misses) AS BIGINT) AS near_misses,
                    CAST(SUM(good_practice) AS BIGINT) AS good_practice, CAST(SUM(concerns) AS BIGINT) AS concerns, CAST(SUM(anonymous) AS BIGINT) AS anonymous,
                    CAST(SUM(harm_none) AS BIGINT) AS harm_none, CAST(SUM(harm_low) AS BIGINT) AS harm_low, CAST(SUM(harm_moderate) AS BIGINT) AS harm_moderate,
                    CAST(SUM(harm_severe) AS BIGINT) AS harm_severe, CAST(SUM(harm_death) AS BIGINT) AS harm_death, CAST(SUM(thanked) AS BIGINT) AS thanked,
                    CAST(SUM(thank_seconds) AS BIGINT) AS thank_seconds, CAST(SUM(feedback) AS BIGINT) AS feedback, CAST(SUM(feedback_seconds) AS BIGINT) AS feedback_seconds,
                    CAST(SUM(repeats) AS BIGINT) AS repeats
             FROM ";
const REPORT_MONTHS_RANGE: &str = " = $1 AND month >= $2 AND month <= $3";
const REPORT_MONTHS_GROUP: &str = " GROUP BY service_id, month";
const REPORT_MONTHS_OF_ORGANISATION: &str =
    concatcp!(REPORT_MONTHS_SELECT, "report_month_totals", " WHERE ", "organisation_id", REPORT_MONTHS_RANGE, REPORT_MONTHS_GROUP);
const REPORT_MONTHS_OF_SERVICE: &str = concatcp!(REPORT_MONTHS_SELECT, "report_month_totals", " WHERE ", "service_id", REPORT_MONTHS_RANGE, REPORT_MONTHS_GROUP);
const REPORT_MONTHS_OF_ORGANISATION_CATEGORY: &str =
    concatcp!(REPORT_MONTHS_SELECT, "report_month_stats", " WHERE ", "organisation_id", REPORT_MONTHS_RANGE, " AND category = $4", REPORT_MONTHS_GROUP);
const REPORT_MONTHS_OF_SERVICE_CATEGORY: &str =
    concatcp!(REPORT_MONTHS_SELECT, "report_month_stats", " WHERE ", "service_id", REPORT_MONTHS_RANGE, " AND category = $4", REPORT_MONTHS_GROUP);

/// The scope condition goes between `DENOMINATORS_SELECT` and `DENOMINATORS_RANGE`.
const DENOMINATORS_SELECT: &str = "SELECT d.service_id, d.month, d.occupied_bed_days, d.staff FROM service_denominators d JOIN services s ON s.id = d.service_id
             WHERE ";
const DENOMINATORS_RANGE: &str = " = $1 AND d.month >= $2 AND d.month <= $3";
const DENOMINATORS_OF_ORGANISATION: &str = concatcp!(DENOMINATORS_SELECT, "s.organisation_id", DENOMINATORS_RANGE);
const DENOMINATORS_OF_SERVICE: &str = concatcp!(DENOMINATORS_SELECT, "d.service_id", DENOMINATORS_RANGE);

/// Due dates are `YYYY-MM-DD` text, so the month is read from the text. The
/// scope column goes between `ACTION_MONTHS_SELECT` and `ACTION_MONTHS_RANGE`.
const ACTION_MONTHS_SELECT: &str = "SELECT service_id, CAST(CAST(SUBSTR(due_on, 1, 4) AS INTEGER) * 100 + CAST(SUBSTR(due_on, 6, 2) AS INTEGER) AS BIGINT) AS month,
                    COUNT(*) AS due,
                    CAST(SUM(CASE WHEN completed_at IS NULL AND due_on < $4 THEN 1 ELSE 0 END) AS BIGINT) AS overdue,
                    CAST(SUM(CASE WHEN check_result IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS checked,
                    CAST(SUM(CASE WHEN check_result = 'effective' THEN 1 ELSE 0 END) AS BIGINT) AS effective
             FROM actions
             WHERE ";
const ACTION_MONTHS_RANGE: &str = " = $1 AND due_on >= $2 AND due_on <= $3
             GROUP BY service_id, month";
const ACTION_MONTHS_OF_ORGANISATION: &str = concatcp!(ACTION_MONTHS_SELECT, "organisation_id", ACTION_MONTHS_RANGE);
const ACTION_MONTHS_OF_SERVICE: &str = concatcp!(ACTION_MONTHS_SELECT, "service_id", ACTION_MONTHS_RANGE);

/// One team's months straight from its reports (a team is small enough not
/// to need the triggers' running totals). Every count is defined as in
/// `report_month_stats`; whether a report was a repeat is kept on the report
/// when it is written (migration 0011), as the stats judge it. The category
/// condition, if any, goes between `TEAM_REPORT_MONTHS_SELECT` and
/// `TEAM_REPORT_MONTHS_GROUP`.
const TEAM_REPORT_MONTHS_SELECT: &str = "SELECT r.service_id, CAST(r.occurred_month AS BIGINT) AS month, COUNT(*) AS reports,
                    CAST(SUM(CASE WHEN r.kind = 'incident' THEN 1 ELSE 0 END) AS BIGINT) AS incidents,
                    CAST(SUM(CASE WHEN r.kind = 'near_miss' THEN 1 ELSE 0 END) AS BIGINT) AS near_misses,
                    CAST(SUM(CASE WHEN r.kind = 'good_practice' THEN 1 ELSE 0 END) AS BIGINT) AS good_practice,
                    CAST(SUM(CASE WHEN r.kind = 'concern' THEN 1 ELSE 0 END) AS BIGINT) AS concerns,
                    CAST(SUM(CASE WHEN r.identity = 'anonymous' THEN 1 ELSE 0 END) AS BIGINT) AS anonymous,
                    CAST(SUM(CASE WHEN r.harm = 'none' THEN 1 ELSE 0 END) AS BIGINT) AS harm_none,
                    CAST(SUM(CASE WHEN r.harm = 'low' THEN 1 ELSE 0 END) AS BIGINT) AS harm_low,
                    CAST(SUM(CASE WHEN r.harm = 'moderate' THEN 1 ELSE 0 END) AS BIGINT) AS harm_moderate,
                    CAST(SUM(CASE WHEN r.harm = 'severe' THEN 1 ELSE 0 END) AS BIGINT) AS harm_severe,
                    CAST(SUM(CASE WHEN r.harm = 'death' THEN 1 ELSE 0 END) AS BIGINT) AS harm_death,
                    CAST(SUM(CASE WHEN r.thanked_at IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS thanked,
                    CAST(COALESCE(SUM(r.thanked_at - r.submitted_at), 0) AS BIGINT) AS thank_seconds,
                    CAST(SUM(CASE WHEN r.feedback_at IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS feedback,
                    CAST(COALESCE(SUM(r.feedback_at - r.submitted_at), 0) AS BIGINT) AS feedback_seconds,
                    CAST(SUM(r.is_repeat) AS BIGINT) AS repeats
             FROM reports r
             WHERE r.team_id = $1 AND r.occurred_month >= $2 AND r.occurred_month <= $3";
const TEAM_REPORT_MONTHS_GROUP: &str = " GROUP BY r.service_id, r.occurred_month";
const TEAM_REPORT_MONTHS: &str = concatcp!(TEAM_REPORT_MONTHS_SELECT, TEAM_REPORT_MONTHS_GROUP);
const TEAM_REPORT_MONTHS_OF_CATEGORY: &str = concatcp!(TEAM_REPORT_MONTHS_SELECT, " AND r.category = $4", TEAM_REPORT_MONTHS_GROUP);

fn scope_ids(scope: &QueueScope) -> (bool, Vec<i64>) {
    match scope {
        QueueScope::Organisation(org) => (true, vec![org.get()]),
        QueueScope::Services(services) => (false, services.iter().map(|s| s.get()).collect()),
    }
}

impl Store {
    /// Report counts per service and month for `from_month..=to_month`
    /// (`year * 100 + month`), of one category or (with `""`) all.
    pub async fn report_months(&self, scope: &QueueScope, category: &str, from_month: i64, to_month: i64) -> Result<Vec<ReportMonth>, StoreError> {
        let (organisation, ids) = scope_ids(scope);
        let text = match (organisation, category.is_empty()) {
            (true, true) => REPORT_MONTHS_OF_ORGANISATION,
            (false, true) => REPORT_MONTHS_OF_SERVICE,
            (true, false) => REPORT_MONTHS_OF_ORGANISATION_CATEGORY,
            (false, false) => REPORT_MONTHS_OF_SERVICE_CATEGORY,
        };
        let mut rows = Vec::new();
        for id in ids {
            let query = sql(text).bind(id).bind(from_month).bind(to_month);
            let query = if category.is_empty() { query } else { query.bind(category) };
            rows.extend(query.fetch_all::<ReportMonth>(self.reader()).await?);
        }
        rows.sort_by_key(|row| (row.month, row.service_id));
        Ok(rows)
    }

    /// The denominators entered for the scope's services in the months.
    pub async fn denominators(&self, scope: &QueueScope, from_month: i64, to_month: i64) -> Result<Vec<Denominator>, StoreError> {
        let (organisation, ids) = scope_ids(scope);
        let text = if organisation { DENOMINATORS_OF_ORGANISATION } else { DENOMINATORS_OF_SERVICE };
        let mut rows = Vec::new();
        for id in ids {
            rows.extend(sql(text).bind(id).bind(from_month).bind(to_month).fetch_all::<Denominator>(self.reader()).await?);
        }
        rows.sort_by_key(|row| (row.month, row.service_id));
        Ok(rows)
    }

    /// Saves one service's denominators for one month, replacing what was there.
    pub async fn set_denominator(&self, service_id: ServiceId, month: i64, occupied_bed_days: Option<f64>, staff: Option<f64>, by: PersonId, now: Timestamp) -> Result<(), StoreError> {
        let now = now.as_second();
        let mut tx = self.begin().await?;
        sql("INSERT INTO service_denominators (service_id, month, occupied_bed_days, staff, updated_by, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (service_id, month) DO UPDATE SET occupied_bed_days = excluded.occupied_bed_days, staff = excluded.staff,
                     updated_by = excluded.updated_by, updated_at = excluded.updated_at")
        .bind(service_id)
        .bind(month)
        .bind(occupied_bed_days)
        .bind(staff)
        .bind(by)
        .bind(now)
        .execute(&mut tx)
        .await?;
        tx.commit().await
    }

    /// Actions by the month they fall due, `from_day..=to_day` (`YYYY-MM-DD`);
    /// one is overdue when still open after its due date (`today`).
    pub async fn action_months(&self, scope: &QueueScope, from_day: &str, to_day: &str, today: &str) -> Result<Vec<ActionMonth>, StoreError> {
        let (organisation, ids) = scope_ids(scope);
        let text = if organisation { ACTION_MONTHS_OF_ORGANISATION } else { ACTION_MONTHS_OF_SERVICE };
        let mut rows = Vec::new();
        for id in ids {
            rows.extend(sql(text).bind(id).bind(from_day).bind(to_day).bind(today).fetch_all::<ActionMonth>(self.reader()).await?);
        }
        rows.sort_by_key(|row| (row.month, row.service_id));
        Ok(rows)
    }
}

impl Store {
    /// One team's report counts per month for `from_month..=to_month`, of one
    /// category or (with `""`) all; `service_id` on each row is the team's service.
    pub async fn team_report_months(&self, team_id: TeamId, category: &str, from_month: i64, to_month: i64) -> Result<Vec<ReportMonth>, StoreError> {
        let text = if category.is_empty() { TEAM_REPORT_MONTHS } else { TEAM_REPORT_MONTHS_OF_CATEGORY };
        let query = sql(text).bind(team_id).bind(from_month).bind(to_month);
        let query = if category.is_empty() { query } else { query.bind(category) };
        let mut rows = query.fetch_all::<ReportMonth>(self.reader()).await?;
        rows.sort_by_key(|row| row.month);
        Ok(rows)
    }

    /// Actions falling due `from_day..=to_day` that were agreed on at least
    /// one report of the team (`service_id` is the team's service, whose
    /// index bounds the search); overdue as in [`Store::action_months`].
    pub async fn team_action_months(&self, service_id: ServiceId, team_id: TeamId, from_day: &str, to_day: &str, today: &str) -> Result<Vec<ActionMonth>, StoreError> {
        let text = "SELECT service_id, CAST(CAST(SUBSTR(due_on, 1, 4) AS INTEGER) * 100 + CAST(SUBSTR(due_on, 6, 2) AS INTEGER) AS BIGINT) AS month,
                          COUNT(*) AS due,
                          CAST(SUM(CASE WHEN completed_at IS NULL AND due_on < $5 THEN 1 ELSE 0 END) AS BIGINT) AS overdue,
                          CAST(SUM(CASE WHEN check_result IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS checked,
                          CAST(SUM(CASE WHEN check_result = 'effective' THEN 1 ELSE 0 END) AS BIGINT) AS effective
                   FROM actions a
                   WHERE a.service_id = $1 AND a.due_on >= $3 AND a.due_on <= $4
                     AND EXISTS (SELECT 1 FROM action_reports ar JOIN reports r ON r.id = ar.report_id WHERE ar.action_id = a.id AND r.team_id = $2)
                   GROUP BY service_id, month";
        let mut rows =
            sql(text).bind(service_id).bind(team_id).bind(from_day).bind(to_day).bind(today).fetch_all::<ActionMonth>(self.reader()).await?;
        rows.sort_by_key(|row| row.month);
        Ok(rows)
    }

    /// Reports per category over `from_month..=to_month` in the whole
    /// organisation, most first (`""` for those not yet categorised).
    pub async fn category_counts(&self, organisation_id: OrganisationId, from_month: i64, to_month: i64) -> Result<Vec<(String, i64)>, StoreError> {
        let text = "SELECT category, CAST(SUM(reports) AS BIGINT) AS reports FROM report_month_stats
                   WHERE organisation_id = $1 AND month >= $2 AND month <= $3
                   GROUP BY category HAVING SUM(reports) > 0 ORDER BY reports DESC, category";
        sql(text).bind(organisation_id).bind(from_month).bind(to_month).fetch_all(self.reader()).await
    }
}
