//! Full-text search over the reports a reader may see, newest first.
//!
//! One function, two indexes (see migrations/*/0004_search.sql):
//!
//! * SQLite: a contentless FTS5 index whose rowid is a search key ordered by
//!   submission time, with the organisation and service as tokens. A search
//!   by organisation or service is one FTS5 query that intersects the words
//!   with the scope token inside the index and walks the result newest first,
//!   stopping at the limit; then the handful of hits are joined to `reports`,
//!   which checks the scope again in SQL.
//! * PostgreSQL: a stored tsvector with a GIN index. A GIN scan returns every
//!   match unordered, which for a common word (100,000 reports) is far too
//!   many to sort for 50 rows. So the scope's own newest-first index is walked
//!   and each row tested, within a window of the newest `WALK_WINDOW` rows;
//!   only when that window holds fewer matches than asked for (a rare word,
//!   so few matches in all) does the GIN index find them all to sort.
//!
//! Either way "my reports" walks the reporter's own index and tests each row
//! (on SQLite in Rust, with a lighter stemming than the index's): a person
//! has few reports, and no person is ever put into a search index.
//! Permissions are part of every query, never filtered afterwards.

use jiff::Timestamp;
use learnloop_domain::search::SearchQuery;

use const_format::concatcp;

use crate::error::StoreError;
use crate::store::Store;
use crate::reports::{ReportListScope, ReportSummary, SummaryRow};
use crate::sql::sql;

/// PostgreSQL: rows of the scope walked newest first before a search falls
/// back to the GIN index. A word in at least 1 of `WALK_WINDOW / limit` rows
/// fills its page within the walk; rarer words have few matches to sort.
const WALK_WINDOW: i64 = 8_000;

/// Columns of a `ReportSummary`, from `r` (reports) joined as below.
const SUMMARY_COLUMNS: &str = "r.id, r.reference, r.kind, r.identity, r.status, s.name AS service_name, r.occurred_at, r.submitted_at,
         r.category, r.harm, substr(r.what_happened, 1, 160) AS excerpt";

/// The reporter's name for named reports only, as in the report lists.
const NAMED_REPORTER_JOINS: &str = " JOIN services s ON s.id = r.service_id
          LEFT JOIN report_reporters rr ON rr.report_id = r.id AND r.identity = 'named'
          LEFT JOIN users u ON u.id = rr.user_id";

// ---- SQLite -------------------------------------------------------------

/// The newest `$2` search keys matching `$1`, from the main index and from
/// today's anonymous reports (which wait in an index of their own, see
/// migrations/sqlite/0012): each walked newest first and cut at the limit.
const SQLITE_HITS: &str = "(SELECT search_key FROM (
              SELECT search_key FROM (SELECT rowid AS search_key FROM report_search WHERE report_search MATCH $1 ORDER BY rowid DESC LIMIT $2)
              UNION ALL
              SELECT search_key FROM (SELECT rowid AS search_key FROM report_search_today WHERE report_search_today MATCH $1 ORDER BY rowid DESC LIMIT $2))
          ORDER BY search_key DESC LIMIT $2) hit";

/// `$1` FTS5 expression (scope and words), `$2` limit, `$3` organisation id.
const SQLITE_BY_ORGANISATION: &str = concatcp!(
    "SELECT ", SUMMARY_COLUMNS, ", u.name AS reporter_name
     FROM ", SQLITE_HITS, "
     JOIN reports r ON r.organisation_id = $3 AND r.submitted_at = (hit.search_key >> 31)
                   AND (r.id & 2147483647) = (hit.search_key & 2147483647)",
    NAMED_REPORTER_JOINS,
    " ORDER BY hit.search_key DESC"
);
/// As above with `$3` a service id.
const SQLITE_BY_SERVICE: &str = concatcp!(
    "SELECT ", SUMMARY_COLUMNS, ", u.name AS reporter_name
     FROM ", SQLITE_HITS, "
     JOIN reports r ON r.service_id = $3 AND r.submitted_at = (hit.search_key >> 31)
                   AND (r.id & 2147483647) = (hit.search_key & 2147483647)",
    NAMED_REPORTER_JOINS,
    " ORDER BY hit.search_key DESC"
);
/// `$1` the reporter's user id: their own named and confidential reports,
/// newest first, with the narrative to match in Rust. Asking FTS5 about each
/// report by key costs a quarter of a millisecond on a bulk-loaded index, so
/// a prolific reporter's thousand reports are cheaper read than looked up.
const SQLITE_OWN_REPORTS: &str = concatcp!(
    "SELECT ", SUMMARY_COLUMNS, ", NULL AS reporter_name, r.what_happened, r.immediate_actions, r.what_went_well
     FROM report_reporters mine
     JOIN reports r ON r.id = mine.report_id
     JOIN services s ON s.id = r.service_id
     WHERE mine.user_id = $1 AND r.identity <> 'anonymous'
     ORDER BY mine.submitted_at DESC, mine.report_id DESC"
);

#[derive(sqlx::FromRow)]
struct OwnReportRow {
    #[sqlx(flatten)]
    summary: SummaryRow,
    what_happened: String,
    immediate_actions: Option<String>,
    what_went_well: Option<String>,
}

/// The words, restricted to the narrative columns (never the facets).
fn fts5_words(query: &SearchQuery) -> String {
    format!("{{what_happened immediate_actions what_went_well}} : ({})", query.fts5_expression())
}

// ---- PostgreSQL ---------------------------------------------------------

/// Walk: `$1` scope id, `$2` words, `$3` limit, `$4` window. The innermost
/// subquery walks the scope's (…, submitted_at DESC, id DESC) index; the
/// filter above it stops pulling once `$3` rows matched. The scope column
/// goes between `PG_WALK_HEAD` and `PG_WALK_TAIL`.
const PG_WALK_HEAD: &str = concatcp!(
    "SELECT ", SUMMARY_COLUMNS, ", u.name AS reporter_name
             FROM (SELECT w.* FROM (SELECT id, reference, kind, identity, status, service_id, occurred_at, submitted_at,
                                           category, harm, what_happened, search_vector
                                    FROM reports WHERE "
);
const PG_WALK_TAIL: &str = concatcp!(
    " = $1
                                    ORDER BY submitted_at DESC, id DESC LIMIT $4) w
                   WHERE w.search_vector @@ (SELECT plainto_tsquery('english', $2))
                   ORDER BY w.submitted_at DESC, w.id DESC LIMIT $3) r",
    NAMED_REPORTER_JOINS,
    " ORDER BY r.submitted_at DESC, r.id DESC"
);
/// Every match through the GIN index (materialised, so the planner cannot
/// trade it for a walk), sorted, then the page joined: for rare words. The
/// scope column goes between `PG_ALL_MATCHES_HEAD` and `PG_ALL_MATCHES_TAIL`.
const PG_ALL_MATCHES_HEAD: &str = "WITH matches AS MATERIALIZED (
                 SELECT id, submitted_at FROM reports
                 WHERE ";
const PG_ALL_MATCHES_TAIL: &str = concatcp!(
    " = $1 AND search_vector @@ (SELECT plainto_tsquery('english', $2))),
             page AS (SELECT id FROM matches ORDER BY submitted_at DESC, id DESC LIMIT $3)
             SELECT ", SUMMARY_COLUMNS, ", u.name AS reporter_name
             FROM page JOIN reports r ON r.id = page.id",
    NAMED_REPORTER_JOINS,
    " ORDER BY r.submitted_at DESC, r.id DESC"
);
const PG_WALK_ORGANISATION: &str = concatcp!(PG_WALK_HEAD, "organisation_id", PG_WALK_TAIL);
const PG_WALK_SERVICE: &str = concatcp!(PG_WALK_HEAD, "service_id", PG_WALK_TAIL);
const PG_ALL_ORGANISATION: &str = concatcp!(PG_ALL_MATCHES_HEAD, "organisation_id", PG_ALL_MATCHES_TAIL);
const PG_ALL_SERVICE: &str = concatcp!(PG_ALL_MATCHES_HEAD, "service_id", PG_ALL_MATCHES_TAIL);
/// `$1` user id, `$2` words, `$3` limit. OFFSET 0 keeps the reporter's own
/// rows as the driving side. `(SELECT plainto_tsquery(..))` is computed once.
const PG_BY_REPORTER: &str = concatcp!(
    "SELECT ", SUMMARY_COLUMNS, ", NULL AS reporter_name
     FROM (SELECT report_id, submitted_at FROM report_reporters WHERE user_id = $1 OFFSET 0) mine
     JOIN reports r ON r.id = mine.report_id
     JOIN services s ON s.id = r.service_id
     WHERE r.identity <> 'anonymous' AND r.search_vector @@ (SELECT plainto_tsquery('english', $2))
     ORDER BY mine.submitted_at DESC, mine.report_id DESC LIMIT $3"
);

impl Store {
    /// Moves anonymous reports of days before `now`'s UTC day from today's
    /// small index into the main one, all in one transaction, so the main
    /// index holds a whole day of them in one place and never one alone
    /// between the named reports around it. Today's index is then rebuilt so
    /// no trace of the moved reports stays in it. Run by the server now and
    /// then; PostgreSQL keeps one index and has nothing to move.
    pub async fn index_anonymous_reports_of_past_days(&self, now: Timestamp) -> Result<u64, StoreError> {
        let now = now.as_second();
        if !self.reader().is_sqlite() {
            return Ok(0);
        }
        let first_key_of_today = (now - now.rem_euclid(86_400)) << 31;
        let mut tx = self.begin().await?;
        let moved = sql("INSERT INTO report_search (rowid, facets, what_happened, immediate_actions, what_went_well)
             SELECT rowid, facets, what_happened, immediate_actions, what_went_well FROM report_search_today
             WHERE rowid < $1 ORDER BY rowid")
        .bind(first_key_of_today)
        .execute(&mut tx)
        .await?;
        if moved > 0 {
            sql("DELETE FROM report_search_today WHERE rowid < $1").bind(first_key_of_today).execute(&mut tx).await?;
            sql("INSERT INTO report_search_today (report_search_today) VALUES ('rebuild')").execute(&mut tx).await?;
        }
        tx.commit().await?;
        Ok(moved)
    }

    /// The newest `limit` reports in `scope` whose narrative holds every word
    /// of `query` (stemmed), newest submitted first.
    pub async fn search_reports(&self, scope: &ReportListScope, query: &SearchQuery, limit: i64) -> Result<Vec<ReportSummary>, StoreError> {
        let limit = limit.max(0);
        if limit == 0 {
            return Ok(Vec::new());
        }
        match scope {
            ReportListScope::Organisation(org) => self.search_scope(Scope::Organisation(org.get()), query, limit).await,
            ReportListScope::ReportedBy(user) => self.search_scope(Scope::Reporter(user.get()), query, limit).await,
            ReportListScope::Services(service_ids) => {
                // One ordered search per service, merged, as the lists do.
                let mut merged = Vec::new();
                for &service in service_ids {
                    merged.extend(self.search_scope(Scope::Service(service.get()), query, limit).await?);
                }
                // Ties within one second fall as each backend orders them.
                let sqlite = self.backend_name() == "sqlite";
                merged.sort_by_key(|r| std::cmp::Reverse((r.submitted_at, if sqlite { r.id.get() & 0x7FFF_FFFF } else { r.id.get() })));
                merged.truncate(limit as usize);
                Ok(merged)
            }
        }
    }

    async fn search_scope(&self, scope: Scope, query: &SearchQuery, limit: i64) -> Result<Vec<ReportSummary>, StoreError> {
        let rows = self.search_rows(scope, query, limit).await?;
        rows.into_iter().map(ReportSummary::try_from).collect()
    }

    async fn search_rows(&self, scope: Scope, query: &SearchQuery, limit: i64) -> Result<Vec<SummaryRow>, StoreError> {
        if self.reader().is_sqlite() {
            let (text, expression, id) = match scope {
                Scope::Organisation(org) => (SQLITE_BY_ORGANISATION, format!("facets : \"o{org}\" AND {}", fts5_words(query)), org),
                Scope::Service(service) => (SQLITE_BY_SERVICE, format!("facets : \"s{service}\" AND {}", fts5_words(query)), service),
                Scope::Reporter(user) => {
                    let own = sql(SQLITE_OWN_REPORTS).bind(user).fetch_all::<OwnReportRow>(self.reader()).await?;
                    return Ok(own
                        .into_iter()
                        .filter(|r| {
                            let texts = [r.what_happened.as_str(), r.immediate_actions.as_deref().unwrap_or(""), r.what_went_well.as_deref().unwrap_or("")];
                            query.matches_any_of(&texts)
                        })
                        .take(limit as usize)
                        .map(|r| r.summary)
                        .collect());
                }
            };
            sql(text).bind(expression).bind(limit).bind(id).fetch_all(self.reader()).await
        } else {
            let words = query.plain_text();
            let (walk, all, id) = match scope {
                Scope::Reporter(user) => {
                    return sql(PG_BY_REPORTER).bind(user).bind(words).bind(limit).fetch_all(self.reader()).await;
                }
                Scope::Organisation(org) => (PG_WALK_ORGANISATION, PG_ALL_ORGANISATION, org),
                Scope::Service(service) => (PG_WALK_SERVICE, PG_ALL_SERVICE, service),
            };
            let walked = sql(walk).bind(id).bind(&words).bind(limit).bind(WALK_WINDOW.max(limit)).fetch_all::<SummaryRow>(self.reader()).await?;
            if walked.len() as i64 == limit {
                return Ok(walked);
            }
            sql(all).bind(id).bind(&words).bind(limit).fetch_all(self.reader()).await
        }
    }
}

#[derive(Clone, Copy)]
enum Scope {
    Organisation(i64),
    Service(i64),
    Reporter(i64),
}
