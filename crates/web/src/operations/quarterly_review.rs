//! The quarterly review: for one quarter, what we heard (reports and their
//! themes), what we are doing (actions and their effect), what we plan next
//! (written by those who lead quality) and the key measures with their
//! signals. Published, it is reported back to every member of staff.
//! Aggregates, action titles and learning titles only: no report, no name.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use learnloop_domain::actions::{ActionStatus, CheckResult};
use learnloop_domain::quarter::Quarter;
use learnloop_domain::reports::Category;
use learnloop_store::actions::ActionRecord;
use learnloop_store::dashboard::ReportMonth;
use learnloop_store::learning::LearningItem;
use learnloop_store::people::User;
use learnloop_store::quarterly_review::QuarterlyReviewRecord;
use learnloop_store::triage::QueueScope;

use crate::operations::dashboard::{self, Series};
use crate::error::AppError;
use crate::operations::time_zone::{organisation_zone, today_in};
use crate::state::AppState;

pub const PLAN_MAX_CHARS: usize = 6_000;
/// The dashboard measures every review shows, before the organisation's own.
pub const KEY_MEASURES: [&str; 6] = ["reports", "rate_per_bed_days", "near_miss_share", "repeats", "feedback_reached_share", "actions_effective_share"];
/// Months of history behind each key measure's chart, ending with the quarter.
const CHART_MONTHS: i64 = 18;
const ACTIONS_LISTED: i64 = 12;
const LEARNING_LISTED: i64 = 10;

/// Report counts of one quarter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Heard {
    pub reports: i64,
    pub previous_reports: i64,
    pub incidents: i64,
    pub near_misses: i64,
    pub good_practice: i64,
    pub concerns: i64,
    pub anonymous: i64,
    pub feedback: i64,
    /// (category label, reports), most first.
    pub themes: Vec<(String, i64)>,
}

impl Heard {
    pub fn change_words(&self) -> String {
        match self.reports.cmp(&self.previous_reports) {
            std::cmp::Ordering::Greater => format!("up from {} the quarter before", self.previous_reports),
            std::cmp::Ordering::Less => format!("down from {} the quarter before", self.previous_reports),
            std::cmp::Ordering::Equal => "the same as the quarter before".to_string(),
        }
    }

    /// Whole percent of reports, or 0 without reports.
    pub fn percent(&self, part: i64) -> i64 {
        if self.reports == 0 { 0 } else { (part * 100 + self.reports / 2) / self.reports }
    }

    pub fn near_miss_percent(&self) -> i64 {
        self.percent(self.near_misses)
    }

    pub fn anonymous_percent(&self) -> i64 {
        self.percent(self.anonymous)
    }

    pub fn feedback_percent(&self) -> i64 {
        self.percent(self.feedback)
    }
}

fn sum(rows: &[ReportMonth]) -> Heard {
    let mut heard = Heard::default();
    for row in rows {
        heard.reports += row.reports;
        heard.incidents += row.incidents;
        heard.near_misses += row.near_misses;
        heard.good_practice += row.good_practice;
        heard.concerns += row.concerns;
        heard.anonymous += row.anonymous;
        heard.feedback += row.feedback;
    }
    heard
}

/// Actions of the quarter and their effect.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Doing {
    pub raised: i64,
    pub completed: i64,
    pub effective: i64,
    pub partly: i64,
    pub not_effective: i64,
    /// Of those touched this quarter, still open after their due date now.
    pub overdue: i64,
    pub listed: Vec<ActionLine>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ActionLine {
    pub title: String,
    pub service: String,
    pub state: String,
}

/// Counts and lists the actions created, completed or checked in `[from, to)`.
pub fn doing(actions: &[ActionRecord], from: i64, to: i64, today: &str) -> Doing {
    let within = |at: Option<i64>| at.is_some_and(|at| at >= from && at < to);
    let mut found = Doing::default();
    for action in actions {
        if within(Some(action.created_at)) {
            found.raised += 1;
        }
        if within(action.completed_at) {
            found.completed += 1;
        }
        if within(action.checked_at) {
            match action.check_result {
                Some(CheckResult::Effective) => found.effective += 1,
                Some(CheckResult::Partly) => found.partly += 1,
                Some(CheckResult::NotEffective) => found.not_effective += 1,
                None => {}
            }
        }
        let open = action.status == ActionStatus::Open;
        if open && action.due_on.as_str() < today {
            found.overdue += 1;
        }
        if found.listed.len() < ACTIONS_LISTED as usize {
            let state = match (action.check_result, action.status) {
                (Some(result), _) => format!("Done; checked: {}", result.label().to_lowercase()),
                (None, ActionStatus::Open) if action.due_on.as_str() < today => format!("Open, overdue since {}", action.due_on),
                (None, ActionStatus::Open) => format!("Open, due {}", action.due_on),
                (None, _) => "Done; effect still to be checked".to_string(),
            };
            found.listed.push(ActionLine { title: action.title.clone(), service: action.service_name.clone(), state });
        }
    }
    found
}

pub struct QuarterlyReview {
    pub quarter: Quarter,
    pub organisation: String,
    pub heard: Heard,
    pub learning: Vec<LearningItem>,
    pub doing: Doing,
    pub record: Option<QuarterlyReviewRecord>,
    pub measures: Vec<Series>,
}

/// Those who lead quality write and publish reviews; everyone else reads
/// the published ones.
pub fn may_write(user: &User) -> bool {
    user.role.leads_measurement()
}

/// The quarter asked for (`2026-Q3`), or the last one that has ended.
pub fn quarter_of(text: Option<&str>, today: Date) -> Result<Quarter, AppError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(Quarter::last_complete(today)),
        Some(text) => Quarter::parse(text).ok_or_else(|| AppError::invalid("quarter", "Give the quarter as YYYY-Qn, for example 2026-Q3.")),
    }
}

fn instant(day: Date, zone: &TimeZone) -> Timestamp {
    zone.to_timestamp(day.to_datetime(jiff::civil::Time::midnight())).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// Builds the review of `quarter`; not found for a reader when it has not
/// been published.
pub async fn build(state: &AppState, user: &User, quarter: Quarter) -> Result<QuarterlyReview, AppError> {
    let record = state.store.quarterly_review(user.organisation_id, quarter.key()).await?;
    if !may_write(user) && record.as_ref().and_then(|r| r.published_at).is_none() {
        return Err(AppError::NotFound("That quarterly review"));
    }
    let org = user.organisation_id;
    let zone = organisation_zone(state, org).await?;
    let today = today_in(&zone);
    let scope = QueueScope::Organisation(org);
    let [first, _, last] = quarter.months().map(i64::from);
    let [previous_first, _, previous_last] = quarter.previous().months().map(i64::from);
    let mut heard = sum(&state.store.report_months(&scope, "", first, last).await?);
    heard.previous_reports = sum(&state.store.report_months(&scope, "", previous_first, previous_last).await?).reports;
    heard.themes = state
        .store
        .category_counts(org, first, last)
        .await?
        .into_iter()
        .map(|(code, count)| (Category::parse(&code).map(|c| c.label().to_string()).unwrap_or_else(|| "Not yet categorised".to_string()), count))
        .collect();
    let (from, to) = (instant(quarter.first_day(), &zone), instant(quarter.end_day(), &zone));
    let learning = state.store.learning_published_between(org, from, to, LEARNING_LISTED).await?;
    let actions = state.store.actions_touched_between(org, from, to, 10_000).await?;
    let doing = doing(&actions, from.as_second(), to.as_second(), &today.to_string());

    let chart_end = quarter.end_day().checked_sub(jiff::Span::new().months(1)).unwrap_or(today);
    let chart_start = chart_end.checked_sub(jiff::Span::new().months(CHART_MONTHS - 1)).unwrap_or(chart_end);
    let months = learnloop_domain::restrictive_practice::month_range(
        &format!("{:04}-{:02}", chart_start.year(), chart_start.month()),
        &format!("{:04}-{:02}", chart_end.year(), chart_end.month()),
    )
    .map_err(AppError::Invalid)?;
    let scope = dashboard::organisation_scope(state, org).await?;
    let organisation = scope.name.clone();
    let built = dashboard::build_for_scope(state, org, scope, &months, today, None, false).await?;
    let mut measures: Vec<Series> = built.series.into_iter().filter(|s| KEY_MEASURES.contains(&s.input.key.as_str()) || s.input.key.starts_with("measure-")).collect();
    measures.sort_by_key(|s| KEY_MEASURES.iter().position(|k| *k == s.input.key).unwrap_or(KEY_MEASURES.len()));
    Ok(QuarterlyReview { quarter, organisation, heard, learning, doing, record, measures })
}

/// Saves the plan for next quarter, and with `publish` reports the review
/// back to staff. Publishing needs a plan.
pub async fn save(state: &AppState, user: &User, quarter: Quarter, plan_next: &str, publish: bool) -> Result<(), AppError> {
    if !may_write(user) {
        return Err(AppError::Forbidden);
    }
    let plan = plan_next.trim();
    if plan.chars().count() > PLAN_MAX_CHARS {
        return Err(AppError::invalid("plan_next", format!("Keep the plan to {PLAN_MAX_CHARS} characters; it has {}.", plan.chars().count())));
    }
    if publish && plan.is_empty() {
        return Err(AppError::invalid("plan_next", "Write what we plan next before publishing the review to staff."));
    }
    state.store.save_quarterly_review(user.organisation_id, quarter.key(), plan, publish, user.id, Timestamp::now()).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use learnloop_domain::ids::{PersonId, ServiceId};

    fn action(id: i64, created_at: i64, completed_at: Option<i64>, checked: Option<(i64, CheckResult)>, due_on: &str) -> ActionRecord {
        ActionRecord {
            id,
            organisation_id: learnloop_domain::ids::OrganisationId(1),
            service_id: ServiceId(1),
            service_name: "Oak House".into(),
            title: format!("Action {id}"),
            owner_id: PersonId(1),
            owner_name: "Owner".into(),
            due_on: due_on.into(),
            status: if completed_at.is_some() { ActionStatus::Done } else { ActionStatus::Open },
            created_at,
            completed_at,
            check_due_on: None,
            check_result: checked.map(|(_, r)| r),
            check_evidence: None,
            checked_by_name: None,
            checked_at: checked.map(|(at, _)| at),
        }
    }

    #[test]
    fn actions_are_counted_by_what_happened_within_the_quarter() {
        let actions = [
            action(1, 150, Some(160), Some((170, CheckResult::Effective)), "2026-08-01"),
            action(2, 50, Some(120), Some((130, CheckResult::NotEffective)), "2026-07-01"),
            action(3, 110, None, None, "2026-09-01"),
            action(4, 120, None, None, "2026-12-31"),
            action(5, 20, Some(30), Some((140, CheckResult::Partly)), "2026-05-01"),
        ];
        let found = doing(&actions, 100, 200, "2026-10-01");
        assert_eq!((found.raised, found.completed, found.effective, found.partly, found.not_effective, found.overdue), (3, 2, 1, 1, 1, 1));
        assert_eq!(found.listed[2].state, "Open, overdue since 2026-09-01");
        assert_eq!(found.listed[3].state, "Open, due 2026-12-31");
        assert_eq!(found.listed[0].state, "Done; checked: effective");
    }

    #[test]
    fn the_change_in_reports_is_said_in_words() {
        let heard = Heard { reports: 12, previous_reports: 9, near_misses: 3, ..Heard::default() };
        assert_eq!(heard.change_words(), "up from 9 the quarter before");
        assert_eq!(heard.percent(heard.near_misses), 25);
        assert_eq!(Heard::default().percent(0), 0);
    }
}
