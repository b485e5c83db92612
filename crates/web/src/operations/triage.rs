//! The triage queue with its clocks, similar reports, and closing a report.

use learnloop_domain::ids::ReportId;
use jiff::Timestamp;
use learnloop_store::people::User;
use learnloop_domain::list_filter::ReportOrder;
use learnloop_store::list_filter::ReportListFilter;
use learnloop_store::triage::{CloseRefusal, QueueItem, QueueScope, sort_queue};

use crate::auth::session::require;
use crate::error::AppError;
use crate::refusal::Refusal;
use crate::state::AppState;
use crate::operations::report_access::report_to_handle;
use crate::operations::report_lists::ListChoice;

pub async fn close(state: &AppState, user: &User, reference: &str) -> Result<(), AppError> {
    let report = report_to_handle(state, user, reference).await?;
    match state.store.close_report(&report, user, Timestamp::now()).await? {
        Ok(()) => Ok(()),
        Err(CloseRefusal::NoFeedbackYet) => Err(Refusal::FeedbackNotYetGiven.into()),
        Err(CloseRefusal::AlreadyClosed) => Err(Refusal::ReportAlreadyClosed.into()),
    }
}


/// The tabs of the triage queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueTab {
    /// Not yet thanked.
    New,
    /// Thanked or being reviewed; the reporter has not heard what was learned.
    AwaitingFeedback,
    /// A clock has run out: thanks or feedback.
    Overdue,
    /// The reporter wrote and waits for an answer.
    Replies,
}

impl QueueTab {
    pub const ALL: [QueueTab; 4] = [QueueTab::Overdue, QueueTab::New, QueueTab::AwaitingFeedback, QueueTab::Replies];

    pub fn as_str(self) -> &'static str {
        match self {
            QueueTab::New => "new",
            QueueTab::AwaitingFeedback => "awaiting_feedback",
            QueueTab::Overdue => "overdue",
            QueueTab::Replies => "replies",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            QueueTab::New => "New",
            QueueTab::AwaitingFeedback => "Awaiting feedback",
            QueueTab::Overdue => "Overdue",
            QueueTab::Replies => "Replies",
        }
    }

    pub fn parse(text: &str) -> Option<QueueTab> {
        QueueTab::ALL.into_iter().find(|t| t.as_str() == text)
    }
}

/// One report in the queue with its clocks.
#[derive(Debug, Clone)]
pub struct QueueEntry {
    pub item: QueueItem,
    pub thanks_due: Timestamp,
    pub feedback_due: Timestamp,
    pub overdue: bool,
}

#[derive(Debug, Clone)]
pub struct QueueView {
    pub tab: QueueTab,
    pub counts: Vec<(QueueTab, i64)>,
    pub entries: Vec<QueueEntry>,
}

/// The latest submission time whose deadline (from `due`) is still ahead of
/// `now`: every report submitted before it is overdue. Deadlines grow with
/// the submission time, so a binary search finds it.
fn overdue_cutoff(now: Timestamp, due: impl Fn(Timestamp) -> Timestamp) -> i64 {
    let (mut low, mut high) = (now.as_second() - 400 * 86_400, now.as_second());
    let is_overdue = |second: i64| Timestamp::from_second(second).map(|t| due(t) < now).unwrap_or(false);
    if !is_overdue(low) {
        return low;
    }
    // Invariant: `low` is overdue, `high` is not.
    while high - low > 1 {
        let middle = low + (high - low) / 2;
        if is_overdue(middle) { low = middle } else { high = middle }
    }
    high
}

pub fn queue_scope(user: &User) -> Result<QueueScope, AppError> {
    use learnloop_domain::role::ReportScope;
    require(user.role.handles_reports())?;
    Ok(match user.role.report_scope() {
        ReportScope::WholeOrganisation => QueueScope::Organisation(user.organisation_id),
        _ => QueueScope::Services(user.service_ids.clone()),
    })
}

/// The triage queue for `user` (managers: their services; quality leads and
/// the safety officer: the organisation), oldest first.
pub async fn triage_queue(state: &AppState, user: &User, tab: QueueTab, limit: i64) -> Result<QueueView, AppError> {
    let choice = ListChoice { service: None, conditions: ReportListFilter::default(), order: None, narrows: false };
    triage_queue_filtered(state, user, tab, &choice, limit).await
}

/// The organisation's triage clocks (its limits kept within the ranges the
/// settings allow) and time zone.
pub fn organisation_clocks(org: &learnloop_store::organisations::Organisation) -> (learnloop_domain::clocks::TriageClocks, jiff::tz::TimeZone) {
    use learnloop_domain::clocks::TriageClocks;
    let zone = crate::operations::time_zone::zone_of(org);
    let clocks = TriageClocks::new(org.thank_within_working_days.clamp(1, 10) as u32, org.feedback_within_days.clamp(1, 90) as u32).unwrap_or_default();
    (clocks, zone)
}

/// The triage queue narrowed by `choice` (see `report_lists::resolve_choice`)
/// and in its order (oldest first unless chosen). Counts on the tabs count
/// what the filter keeps. With nothing chosen it reads through the same
/// fixed statements as ever (the benchmark's path).
pub async fn triage_queue_filtered(state: &AppState, user: &User, tab: QueueTab, choice: &ListChoice, limit: i64) -> Result<QueueView, AppError> {
    use learnloop_domain::reports::ReportStatus::{InReview, Received, Thanked};
    let mut scope = queue_scope(user)?;
    if let Some(service) = choice.service {
        scope = QueueScope::Services(vec![service]);
    }
    let org = state.store.organisation(user.organisation_id).await?;
    let (clocks, zone) = organisation_clocks(&org);
    let now = Timestamp::now();
    let thanks_cutoff = Timestamp::from_second(overdue_cutoff(now, |t| clocks.thanks_due(t, &zone))).map_err(AppError::internal)?;
    let feedback_cutoff = Timestamp::from_second(overdue_cutoff(now, |t| clocks.feedback_due(t, &zone))).map_err(AppError::internal)?;
    let everything = Timestamp::MAX;
    let store = &state.store;
    let order = choice.order.unwrap_or(ReportOrder::Oldest);
    let plain = !choice.narrows && order == ReportOrder::Oldest;
    let filter = &choice.conditions;
    let scope_ref = &scope;

    let count = |status, cutoff| async move {
        if plain { store.count_open_reports(scope_ref, status, cutoff).await } else { store.count_open_reports_filtered(scope_ref, status, cutoff, filter).await }
    };
    let received = count(Received, thanks_cutoff).await?;
    let thanked = count(Thanked, feedback_cutoff).await?;
    let in_review = count(InReview, feedback_cutoff).await?;
    let new_count = received.all;
    let awaiting_count = thanked.all + in_review.all;
    let overdue_count = received.overdue + thanked.overdue + in_review.overdue;
    let replies = if plain {
        store.reports_with_reply_waiting(&scope, limit).await?
    } else {
        // Waiting replies are few (a partial index holds them): filter them here.
        let mut replies = store.reports_with_reply_waiting(&scope, REPLIES_TO_FILTER).await?;
        replies.retain(|item| keeps(filter, item));
        sort_queue(&mut replies, order);
        replies.truncate(limit.max(0) as usize);
        replies
    };

    let open = |status, before| async move {
        if plain { store.open_reports(scope_ref, status, before, limit).await } else { store.open_reports_filtered(scope_ref, status, before, filter, order, limit).await }
    };
    let mut items = match tab {
        QueueTab::New => open(Received, everything).await?,
        QueueTab::AwaitingFeedback => {
            let mut items = open(Thanked, everything).await?;
            items.extend(open(InReview, everything).await?);
            items
        }
        QueueTab::Overdue => {
            let mut items = open(Received, thanks_cutoff).await?;
            items.extend(open(Thanked, feedback_cutoff).await?);
            items.extend(open(InReview, feedback_cutoff).await?);
            items
        }
        QueueTab::Replies => replies.clone(),
    };
    sort_queue(&mut items, order);
    items.truncate(limit.max(0) as usize);
    let entries = items
        .into_iter()
        .map(|item| {
            let received = Timestamp::from_second(item.submitted_at).unwrap_or(now);
            let thanks_due = clocks.thanks_due(received, &zone);
            let feedback_due = clocks.feedback_due(received, &zone);
            let overdue = (item.thanked_at.is_none() && thanks_due < now) || feedback_due < now;
            QueueEntry { item, thanks_due, feedback_due, overdue }
        })
        .collect();
    Ok(QueueView {
        tab,
        counts: vec![
            (QueueTab::Overdue, overdue_count),
            (QueueTab::New, new_count),
            (QueueTab::AwaitingFeedback, awaiting_count),
            (QueueTab::Replies, replies.len() as i64),
        ],
        entries,
    })
}

/// How many waiting replies are read before filtering them.
const REPLIES_TO_FILTER: i64 = 1_000;

/// Whether a queue item passes the filter's conditions (for the few
/// waiting replies, filtered after reading).
fn keeps(filter: &ReportListFilter, item: &QueueItem) -> bool {
    filter.harm.is_none_or(|h| item.harm == Some(h))
        && filter.category.is_none_or(|c| item.category == Some(c))
        && filter.submitted_from.is_none_or(|from| item.submitted_at >= from)
        && filter.submitted_until.is_none_or(|until| item.submitted_at < until)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_overdue_cutoff_separates_late_from_on_time() {
        let now: Timestamp = "2026-11-23T12:00:00Z".parse().unwrap();
        let week = 7 * 86_400;
        let cutoff = overdue_cutoff(now, |t| Timestamp::from_second(t.as_second() + week).unwrap());
        assert_eq!(cutoff, now.as_second() - week);
        // Nothing is overdue when every deadline is far ahead.
        let far = overdue_cutoff(now, |t| Timestamp::from_second(t.as_second() + 1000 * 86_400).unwrap());
        assert_eq!(far, now.as_second() - 400 * 86_400);
    }
}

/// A report like the one being triaged.
#[derive(Debug, Clone)]
pub struct SimilarReport {
    pub reference: String,
    pub kind: learnloop_domain::reports::ReportKind,
    pub category: Option<learnloop_domain::reports::Category>,
    pub submitted_at: i64,
    pub excerpt: String,
    /// 0 to 1.
    pub score: f64,
    pub possible_repeat: bool,
}

/// The reports of the same service in the 90 days before this one (and any
/// since) that read most like it, best first.
pub async fn similar_reports(state: &AppState, user: &User, reference: &str, limit: usize) -> Result<Vec<SimilarReport>, AppError> {
    use learnloop_domain::reports::{Category, ReportKind};
    use learnloop_domain::similarity::{Document, POSSIBLE_REPEAT_SCORE, SIMILAR_WITHIN_DAYS, SimilarityCheck};
    let report = report_to_handle(state, user, reference).await?;
    let since = Timestamp::from_second(report.submitted_at - SIMILAR_WITHIN_DAYS * 86_400).map_err(AppError::internal)?;
    let mut check = SimilarityCheck::new(&Document { text: &report.what_happened, category: report.category });
    // Candidates come as their stored terms (a few bytes each), in order.
    let mut ids: Vec<ReportId> = Vec::new();
    state
        .store
        .for_each_similar_candidate(&report, since, |c| {
            check.add_stored(&c.terms, c.category.as_deref().and_then(Category::parse));
            ids.push(c.report_id);
        })
        .await?;
    let best = check.best(limit);
    let chosen: Vec<ReportId> = best.iter().map(|s| ids[s.index]).collect();
    let details = state.store.similar_candidates(&chosen).await?;
    Ok(best
        .into_iter()
        .zip(chosen)
        .filter_map(|(s, id)| {
            let c = details.iter().find(|d| d.id == id)?;
            Some(SimilarReport {
                reference: c.reference.clone(),
                kind: ReportKind::parse(&c.kind).unwrap_or(ReportKind::Incident),
                category: c.category.as_deref().and_then(Category::parse),
                submitted_at: c.submitted_at,
                excerpt: c.excerpt.clone(),
                score: (s.score * 100.0).round() / 100.0,
                possible_repeat: s.score >= POSSIBLE_REPEAT_SCORE,
            })
        })
        .collect())
}
