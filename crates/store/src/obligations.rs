//! What must happen after certain reports, whoever is busy, seen together:
//! everything open or done for one report, and what is still open across a
//! scope. Each obligation keeps its own module: `safeguarding`,
//! `notifications`, `candour`; what a new report opens is `obligations_opened`.

use learnloop_domain::ids::ReportId;
use crate::candour::{Candour, SELECT_CANDOUR};
use crate::error::StoreError;
use crate::notifications::{Notification, NotificationRow, SELECT_NOTIFICATION};
use crate::safeguarding::{Escalation, SELECT_ESCALATION};
use crate::sql::assembled_sql;
use crate::store::Store;
use crate::triage::QueueScope;

/// Everything open or done for one report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportObligations {
    pub safeguarding: Option<Escalation>,
    pub notifications: Vec<Notification>,
    pub candour: Option<Candour>,
}

/// What is still open across a scope, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenObligations {
    pub safeguarding: Vec<Escalation>,
    pub notifications: Vec<Notification>,
    pub candour: Vec<Candour>,
}

impl Store {
    pub async fn report_obligations(
        &self,
        report_id: ReportId,
    ) -> Result<ReportObligations, StoreError> {
        let escalation = format!("{SELECT_ESCALATION} WHERE e.report_id = $1");
        let notifications = format!("{SELECT_NOTIFICATION} WHERE n.report_id = $1 ORDER BY n.id");
        let candour = format!("{SELECT_CANDOUR} WHERE c.report_id = $1");
        let safeguarding: Option<Escalation> = assembled_sql(escalation)
            .bind(report_id)
            .fetch_optional(self.reader())
            .await?;
        let rows: Vec<NotificationRow> = assembled_sql(notifications)
            .bind(report_id)
            .fetch_all(self.reader())
            .await?;
        let candour: Option<Candour> = assembled_sql(candour)
            .bind(report_id)
            .fetch_optional(self.reader())
            .await?;
        let notifications = rows
            .into_iter()
            .map(Notification::try_from)
            .collect::<Result<_, _>>()?;
        Ok(ReportObligations {
            safeguarding,
            notifications,
            candour,
        })
    }

    /// What is still open in a scope: escalations whose checklist is not
    /// complete, notifications not sent (soonest due first) and candour not
    /// finished, at most `limit` of each.
    pub async fn open_obligations(
        &self,
        scope: &QueueScope,
        limit: i64,
    ) -> Result<OpenObligations, StoreError> {
        let (column, ids): (&str, Vec<i64>) = match scope {
            QueueScope::Organisation(org) => ("organisation_id", vec![org.get()]),
            QueueScope::Services(services) => ("service_id", services.iter().map(|s| s.get()).collect()),
        };
        let escalations = format!(
            "{SELECT_ESCALATION} WHERE e.{column} = $1 AND e.completed_at IS NULL ORDER BY e.escalated_at, e.report_id LIMIT $2"
        );
        let notifications = format!(
            "{SELECT_NOTIFICATION} WHERE n.{column} = $1 AND n.sent_at IS NULL ORDER BY n.due_at, n.id LIMIT $2"
        );
        let candour = format!(
            "{SELECT_CANDOUR} WHERE c.{column} = $1 AND c.completed_at IS NULL ORDER BY c.created_at, c.report_id LIMIT $2"
        );
        let mut open = OpenObligations::default();
        for id in ids {
            let e: Vec<Escalation> = assembled_sql(escalations.clone())
                .bind(id)
                .bind(limit)
                .fetch_all(self.reader())
                .await?;
            let n: Vec<NotificationRow> = assembled_sql(notifications.clone())
                .bind(id)
                .bind(limit)
                .fetch_all(self.reader())
                .await?;
            let c: Vec<Candour> = assembled_sql(candour.clone())
                .bind(id)
                .bind(limit)
                .fetch_all(self.reader())
                .await?;
            open.safeguarding.extend(e);
            for row in n {
                open.notifications.push(Notification::try_from(row)?);
            }
            open.candour.extend(c);
        }
        let limit = limit.max(0) as usize;
        open.safeguarding
            .sort_by_key(|e| (e.escalated_at, e.report_id));
        open.safeguarding.truncate(limit);
        open.notifications.sort_by_key(|n| (n.due_at, n.id));
        open.notifications.truncate(limit);
        open.candour.sort_by_key(|c| (c.created_at, c.report_id));
        open.candour.truncate(limit);
        Ok(open)
    }
}
