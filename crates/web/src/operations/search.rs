//! Reading a search: the words to find and how many results.

use learnloop_domain::search::SearchQuery;

use crate::error::AppError;

/// Results when no `limit` is given, and the most a `limit` may ask for.
pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 200;

/// The words to search for, or the error naming `q`.
pub fn parse_query(q: Option<&str>) -> Result<SearchQuery, AppError> {
    SearchQuery::parse(q.unwrap_or("")).map_err(|e| AppError::invalid("q", e.message()))
}

pub fn parse_limit(limit: Option<&str>) -> Result<i64, AppError> {
    match limit.map(str::trim) {
        None | Some("") => Ok(DEFAULT_LIMIT),
        Some(text) => match text.parse::<i64>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
            _ => Err(AppError::invalid("limit", format!("limit: a whole number from 1 to {MAX_LIMIT}"))),
        },
    }
}

