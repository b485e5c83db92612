//! The conditions a filtered list of reports adds to its query (grade of
//! harm, category, when reported), shared by the reports list and the triage
//! queue. Which services a list covers stays with its scope; the order is the
//! domain's `ReportOrder`, "most harm first" being one walk per grade of harm
//! (`MOST_HARM_FIRST`) through the (scope, harm, submitted_at, id) indexes.

use learnloop_domain::ids::ReportId;
use learnloop_domain::list_filter::{ReportOrder, harm_rank};
use learnloop_domain::reports::{Category, Harm};

use crate::conditions::Conditions;
use crate::error::StoreError;
use crate::reports::{ListCursor, ReportListScope, ReportSummary, SELECT_SUMMARY, SummaryRow};
use crate::store::Store;

/// What narrows a list of reports; `None` keeps every report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReportListFilter {
    pub harm: Option<Harm>,
    pub category: Option<Category>,
    /// Reports submitted at or after this second.
    pub submitted_from: Option<i64>,
    /// Reports submitted before this second.
    pub submitted_until: Option<i64>,
}

/// One grade of harm to walk, or "no grade given".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct HarmLevel(pub(crate) Option<Harm>);

impl ReportListFilter {
    /// Adds the filter's conditions on the reports aliased `r`.
    pub(crate) fn apply(&self, conditions: &mut Conditions) {
        if let Some(harm) = self.harm {
            conditions.compare("r.harm", "=", harm.as_str());
        }
        if let Some(category) = self.category {
            conditions.compare("r.category", "=", category.as_str());
        }
        if let Some(from) = self.submitted_from {
            conditions.compare("r.submitted_at", ">=", from);
        }
        if let Some(until) = self.submitted_until {
            conditions.compare("r.submitted_at", "<", until);
        }
    }
}

impl HarmLevel {
    /// Adds "this grade" (or "no grade") on the reports aliased `r`.
    pub(crate) fn apply(self, conditions: &mut Conditions) {
        match self.0 {
            Some(harm) => conditions.compare("r.harm", "=", harm.as_str()),
            None => conditions.fixed("r.harm IS NULL"),
        };
    }

    /// The grades "most harm first" walks, worst first: only the filter's
    /// grade when it names one.
    pub(crate) fn walk(filter: &ReportListFilter) -> Vec<HarmLevel> {
        match filter.harm {
            Some(harm) => vec![HarmLevel(Some(harm))],
            None => learnloop_domain::list_filter::MOST_HARM_FIRST
                .iter()
                .map(|h| HarmLevel(*h))
                .collect(),
        }
    }
}

/// Where a page of a filtered list starts: the last row of the previous
/// page, with its grade of harm for "most harm first".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FilteredCursor {
    pub harm: Option<Harm>,
    pub submitted_at: i64,
    pub id: ReportId,
}

/// Puts a page of a list in `order`: within a grade of harm, newest first.
fn sort_list(rows: &mut [ReportSummary], order: ReportOrder) {
    match order {
        ReportOrder::Newest => rows.sort_by_key(|r| std::cmp::Reverse((r.submitted_at, r.id))),
        ReportOrder::Oldest => rows.sort_by_key(|r| (r.submitted_at, r.id)),
        ReportOrder::MostHarm => {
            rows.sort_by_key(|r| (harm_rank(r.harm), std::cmp::Reverse((r.submitted_at, r.id))))
        }
    }
}

impl Store {
    /// A page of the reports list narrowed by `filter`, in `order`, after
    /// `after`. Each service (or the organisation) is walked through its own
    /// index from the cursor and the pages merged, as `list_reports` does;
    /// "most harm first" walks one grade after another, newest first within
    /// each. A person's own list ("my reports") is not filtered.
    pub async fn list_reports_filtered(
        &self,
        scope: ReportListScope,
        filter: &ReportListFilter,
        order: ReportOrder,
        after: Option<FilteredCursor>,
        limit: i64,
    ) -> Result<Vec<ReportSummary>, StoreError> {
        let (column, ids): (&str, Vec<i64>) = match scope {
            ReportListScope::Organisation(org) => ("r.organisation_id", vec![org.get()]),
            ReportListScope::Services(services) => {
                ("r.service_id", services.iter().map(|s| s.get()).collect())
            }
            ReportListScope::ReportedBy(_) => {
                let cursor = after.map(|c| ListCursor {
                    submitted_at: c.submitted_at,
                    id: c.id,
                });
                return self.list_reports(scope, cursor, limit).await;
            }
        };
        let levels: Vec<Option<HarmLevel>> = if order == ReportOrder::MostHarm {
            HarmLevel::walk(filter).into_iter().map(Some).collect()
        } else {
            vec![None]
        };
        let (direction, before) = if order == ReportOrder::Oldest {
            ("ASC", ">")
        } else {
            ("DESC", "<")
        };
        let mut rows = Vec::new();
        for scope_id in ids {
            let mut taken = 0;
            for level in &levels {
                // "Most harm first" resumes at the cursor's grade; worse grades were shown.
                if let (Some(level), Some(cursor)) = (level, after)
                    && harm_rank(level.0) < harm_rank(cursor.harm)
                {
                    continue;
                }
                if taken >= limit {
                    break;
                }
                let mut conditions = Conditions::default();
                conditions.compare(column, "=", scope_id);
                filter.apply(&mut conditions);
                if let Some(level) = level {
                    level.apply(&mut conditions);
                }
                let resumes_here = match (level, after) {
                    (Some(level), Some(cursor)) => level.0 == cursor.harm,
                    (None, Some(_)) => true,
                    (_, None) => false,
                };
                if let (true, Some(cursor)) = (resumes_here, after) {
                    conditions.pair_before(
                        ("r.submitted_at", "r.id"),
                        before,
                        (cursor.submitted_at, cursor.id),
                    );
                }
                let tail = format!(
                    "ORDER BY r.submitted_at {direction}, r.id {direction} LIMIT ${}",
                    conditions.next_placeholder()
                );
                let page: Vec<SummaryRow> = conditions
                    .statement(SELECT_SUMMARY, &tail)
                    .bind(limit - taken)
                    .fetch_all(self.reader())
                    .await?;
                taken += page.len() as i64;
                for row in page {
                    rows.push(ReportSummary::try_from(row)?);
                }
            }
        }
        sort_list(&mut rows, order);
        rows.truncate(limit.max(0) as usize);
        Ok(rows)
    }
}
