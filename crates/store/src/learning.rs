//! Learning shared: summaries published to services or teams, each reader's
//! read receipt, and the feedback that tells a report's reporter what was
//! learned (the step that closes the loop).

use learnloop_domain::audit::AuditAction;
use learnloop_domain::ids::{OrganisationId, PersonId, ReportId, ServiceId, TeamId};
use jiff::Timestamp;
use learnloop_domain::notice::ToReporter;
use serde_json::json;

use crate::audit::{NewAuditEntry, write_audit};
use crate::error::StoreError;
use crate::store::Store;
use crate::conversation::{MessageKind, append_message, notify_reporter};
use crate::people::User;
use crate::reports::ReportRecord;
use crate::sql::{Transaction, sql};

pub struct NewLearningRecord<'a> {
    pub organisation_id: OrganisationId,
    /// The report it answers; its reporter is told.
    pub report: Option<&'a ReportRecord>,
    pub title: &'a str,
    pub summary: &'a str,
    pub service_ids: &'a [ServiceId],
    pub team_ids: &'a [TeamId],
    /// What the reporter is told (the learning and the actions).
    pub feedback_to_reporter: Option<&'a str>,
    pub at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedLearning {
    pub id: i64,
    /// How many people it was published to.
    pub audience: i64,
}

/// A learning item as a reader's feed shows it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LearningItem {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub published_by_name: String,
    pub published_at: i64,
    /// When this reader marked it read (feeds only).
    pub read_at: Option<i64>,
}

/// An entry of a service's "you said, we did" board.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct YouSaidWeDid {
    pub learning_id: i64,
    pub report_kind: String,
    pub report_category: Option<String>,
    pub title: String,
    pub summary: String,
    pub published_at: i64,
    pub actions_done: i64,
}

/// Marks feedback delivered (the first time) and moves an open report to
/// "feedback given", inside the caller's transaction.
pub(crate) async fn mark_feedback_delivered(tx: &mut Transaction, report_id: ReportId, at: i64) -> Result<(), StoreError> {
    sql("UPDATE reports SET feedback_at = COALESCE(feedback_at, $1), reply_waiting = $2,
                status = CASE WHEN status IN ('received', 'thanked', 'in_review') THEN 'feedback_given' ELSE status END
         WHERE id = $3")
    .bind(at)
    .bind(false)
    .bind(report_id)
    .execute(tx)
    .await?;
    Ok(())
}

impl Store {
    /// Publishes a learning summary to the people of the chosen services and
    /// teams (as they are now), and, for a report, tells its reporter. One
    /// transaction; the recipients are copied by one INSERT … SELECT.
    pub async fn publish_learning(&self, learning: &NewLearningRecord<'_>, author: &User) -> Result<PublishedLearning, StoreError> {
        let at = learning.at.as_second();
        let mut tx = self.begin().await?;
        let id: i64 = sql(
            "INSERT INTO learning_items (organisation_id, report_id, title, summary, published_by, published_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(learning.organisation_id)
        .bind(learning.report.map(|r| r.id))
        .bind(learning.title)
        .bind(learning.summary)
        .bind(author.id)
        .bind(at)
        .fetch_value(&mut tx)
        .await?;
        for service_id in learning.service_ids {
            sql("INSERT INTO learning_audiences (learning_id, service_id) VALUES ($1, $2)").bind(id).bind(*service_id).execute(&mut tx).await?;
        }
        for team_id in learning.team_ids {
            sql("INSERT INTO learning_audiences (learning_id, team_id) VALUES ($1, $2)").bind(id).bind(*team_id).execute(&mut tx).await?;
        }
        let audience = sql(
            "INSERT INTO learning_recipients (learning_id, user_id)
             SELECT $1, u.id FROM users u
             WHERE u.organisation_id = $2 AND u.active = $3 AND (
                 EXISTS (SELECT 1 FROM learning_audiences la WHERE la.learning_id = $1 AND la.team_id = u.team_id)
                 OR EXISTS (SELECT 1 FROM learning_audiences la JOIN user_services us ON us.service_id = la.service_id
                            WHERE la.learning_id = $1 AND us.user_id = u.id))",
        )
        .bind(id)
        .bind(learning.organisation_id)
        .bind(true)
        .execute(&mut tx)
        .await? as i64;
        if let (Some(report), Some(feedback)) = (learning.report, learning.feedback_to_reporter) {
            append_message(&mut tx, report.id, MessageKind::Learning, at, Some(author.id), feedback).await?;
            mark_feedback_delivered(&mut tx, report.id, at).await?;
            notify_reporter(&mut tx, report, at, &ToReporter::Learning.subject(&report.reference), feedback).await?;
        }
        write_audit(&mut tx, NewAuditEntry {
            organisation_id: learning.organisation_id,
            at,
            actor_id: Some(author.id),
            action: AuditAction::LearningPublished,
            subject: format!("learning {id}"),
            detail: json!({"title": learning.title, "services": learning.service_ids, "teams": learning.team_ids, "audience": audience}),
        })
        .await?;
        tx.commit().await?;
        Ok(PublishedLearning { id, audience })
    }

    /// Feedback to a report's reporter without publishing to staff (for
    /// example when the learning response was "record only").
    pub async fn give_feedback(&self, report: &ReportRecord, author: &User, feedback: &str, at: Timestamp) -> Result<(), StoreError> {
        let at = at.as_second();
        let mut tx = self.begin().await?;
        append_message(&mut tx, report.id, MessageKind::Learning, at, Some(author.id), feedback).await?;
        mark_feedback_delivered(&mut tx, report.id, at).await?;
        notify_reporter(&mut tx, report, at, &ToReporter::Feedback.subject(&report.reference), feedback).await?;
        write_audit(&mut tx, NewAuditEntry {
            organisation_id: report.organisation_id,
            at,
            actor_id: Some(author.id),
            action: AuditAction::ReportFeedbackGiven,
            subject: learnloop_domain::audit::report_subject(&report.reference),
            detail: json!({}),
        })
        .await?;
        tx.commit().await
    }

    /// A reader's learning feed, newest first.
    pub async fn learning_feed(&self, user_id: PersonId, limit: i64) -> Result<Vec<LearningItem>, StoreError> {
        let query = "SELECT l.id, l.title, l.summary, u.name AS published_by_name, l.published_at, lr.read_at
                     FROM learning_recipients lr
                     JOIN learning_items l ON l.id = lr.learning_id
                     JOIN users u ON u.id = l.published_by
                     WHERE lr.user_id = $1 ORDER BY l.published_at DESC, l.id DESC LIMIT $2";
        sql(query).bind(user_id).bind(limit).fetch_all(self.reader()).await
    }

    /// Unread items in a reader's feed, capped like the inbox badge.
    pub async fn unread_learning_count(&self, user_id: PersonId) -> Result<i64, StoreError> {
        let query = "SELECT COUNT(*) FROM (SELECT 1 FROM learning_recipients WHERE user_id = $1 AND read_at IS NULL LIMIT 100) AS unread";
        sql(query).bind(user_id).fetch_value(self.reader()).await
    }

    /// Marks an item read for this reader; false if it was not published to them.
    pub async fn mark_learning_read(&self, user_id: PersonId, learning_id: i64, at: Timestamp) -> Result<bool, StoreError> {
        let at = at.as_second();
        let mut tx = self.begin().await?;
        let found: Option<Option<i64>> = sql("SELECT read_at FROM learning_recipients WHERE learning_id = $1 AND user_id = $2")
            .bind(learning_id)
            .bind(user_id)
            .fetch_optional_value(&mut tx)
            .await?;
        if found.is_some() {
            sql("UPDATE learning_recipients SET read_at = $1 WHERE learning_id = $2 AND user_id = $3 AND read_at IS NULL")
                .bind(at)
                .bind(learning_id)
                .bind(user_id)
                .execute(&mut tx)
                .await?;
        }
        tx.commit().await?;
        Ok(found.is_some())
    }

    /// The item as its author and the organisation's handlers see it.
    pub async fn learning_item(&self, organisation_id: OrganisationId, learning_id: i64) -> Result<Option<LearningItem>, StoreError> {
        let query = "SELECT l.id, l.title, l.summary, u.name AS published_by_name, l.published_at, NULL AS read_at
                     FROM learning_items l JOIN users u ON u.id = l.published_by
                     WHERE l.id = $1 AND l.organisation_id = $2";
        sql(query).bind(learning_id).bind(organisation_id).fetch_optional(self.reader()).await
    }

    /// The reference of the report an item was learned from, if any.
    pub async fn learning_report_reference(&self, organisation_id: OrganisationId, learning_id: i64) -> Result<Option<String>, StoreError> {
        let query = "SELECT r.reference FROM learning_items l JOIN reports r ON r.id = l.report_id WHERE l.id = $1 AND l.organisation_id = $2";
        sql(query).bind(learning_id).bind(organisation_id).fetch_optional_value(self.reader()).await
    }

    /// (how many have read it, how many it was published to).
    pub async fn learning_read_counts(&self, learning_id: i64) -> Result<(i64, i64), StoreError> {
        let query = "SELECT COUNT(read_at), COUNT(*) FROM learning_recipients WHERE learning_id = $1";
        sql(query).bind(learning_id).fetch_one(self.reader()).await
    }

    /// Learning published from a report, oldest first.
    pub async fn learning_of_report(&self, report_id: ReportId) -> Result<Vec<LearningItem>, StoreError> {
        let query = "SELECT l.id, l.title, l.summary, u.name AS published_by_name, l.published_at, NULL AS read_at
                     FROM learning_items l JOIN users u ON u.id = l.published_by
                     WHERE l.report_id = $1 ORDER BY l.published_at, l.id";
        sql(query).bind(report_id).fetch_all(self.reader()).await
    }

    /// The service's "you said, we did" board: what reporters raised (kind
    /// and category only, never their words, which could identify them) and
    /// what was learned and done, newest first.
    pub async fn you_said_we_did(&self, service_id: ServiceId, limit: i64) -> Result<Vec<YouSaidWeDid>, StoreError> {
        let query = "SELECT l.id AS learning_id, r.kind AS report_kind, r.category AS report_category, l.title, l.summary, l.published_at,
                            (SELECT COUNT(*) FROM action_reports ar JOIN actions a ON a.id = ar.action_id
                             WHERE ar.report_id = r.id AND a.status = 'done') AS actions_done
                     FROM learning_items l JOIN reports r ON r.id = l.report_id
                     WHERE r.service_id = $1 ORDER BY l.published_at DESC, l.id DESC LIMIT $2";
        sql(query).bind(service_id).bind(limit).fetch_all(self.reader()).await
    }
}

impl Store {
    /// Learning the organisation published between two instants
    /// (`from..to`), newest first.
    pub async fn learning_published_between(&self, organisation_id: OrganisationId, from: Timestamp, to: Timestamp, limit: i64) -> Result<Vec<LearningItem>, StoreError> {
        let from = from.as_second();
        let to = to.as_second();
        let query = "SELECT l.id, l.title, l.summary, u.name AS published_by_name, l.published_at, NULL AS read_at
                     FROM learning_items l JOIN users u ON u.id = l.published_by
                     WHERE l.organisation_id = $1 AND l.published_at >= $2 AND l.published_at < $3
                     ORDER BY l.published_at DESC, l.id DESC LIMIT $4";
        sql(query).bind(organisation_id).bind(from).bind(to).bind(limit).fetch_all(self.reader()).await
    }
}
