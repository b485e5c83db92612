//! Learnloop's database: one `Store` API over two backends.
//!
//! SQLite is the embedded default; PostgreSQL is the path when one machine is
//! not enough. Every query is written once in portable SQL (`$1` placeholders
//! work on both) and the `on_backend!`/`in_transaction!` macros expand each
//! body for both pool types, so there is no `if sqlite { .. }` in the methods.
//! Each user action is one transaction, and the audit row it writes commits
//! with it.

#[macro_use]
mod backend;
mod error;
mod sql;
#[macro_use]
pub mod inbox;
#[macro_use]
pub mod audit;
#[macro_use]
pub mod outbox;
pub mod actions;
pub mod bulk;
#[macro_use]
pub mod conversation;
pub mod dashboard;
pub mod display_links;
pub mod just_culture;
pub mod learning;
pub mod measures;
#[macro_use]
pub mod obligations;
pub mod organisations;
#[macro_use]
mod guardians;
#[macro_use]
pub mod second_factor;
#[macro_use]
pub mod people;
mod placeholders;
pub mod quarterly_reviews;
mod report_writer;
mod row_id;
pub mod reports;
pub mod restrictive_practice;
pub mod reviews;
pub mod safety_officer;
pub mod search;
pub mod sessions;
pub mod sign_in;
pub mod triage;
#[cfg(feature = "testing")]
pub mod testing;

pub use backend::Store;
pub use error::{DatabaseError, StoreError};
