//! Row ids that reveal nothing about when a row was written.
//!
//! A table-wide sequence numbers rows in the order they were written, so a
//! row made with an anonymous report would sit between the rows of the named
//! reports made just before and just after it. Rows that may be written in
//! the same transaction as an anonymous report (the report itself, its
//! escalation mail, inbox messages, regulator notifications) take a random id
//! instead: below 2^53, so JavaScript reads it exactly.

use rand::Rng;

/// One past the largest id handed out.
const MAX_ROW_ID: i64 = 1 << 53;

/// A fresh random id. Collisions in a 2^53 space are rare enough that a
/// write which meets one simply fails and is retried like any other error.
pub(crate) fn random_row_id() -> i64 {
    rand::rng().random_range(1..MAX_ROW_ID)
}
