//! The store's conformance suite: every test runs against SQLite and against
//! PostgreSQL (a fresh database per test, dropped afterwards), so the two
//! backends cannot drift apart.
//!
//! PostgreSQL is found at `LEARNLOOP_TEST_POSTGRES_URL`, by default
//! `postgres://postgres@127.0.0.1:5432/postgres`. It is required, not skipped.

mod support;

mod bulk_loop;
mod change_points;
mod dashboard;
mod identity_privacy;
mod learning_loop;
mod lists_and_audit;
mod obligations;
mod onboarding;
mod people_and_sessions;
mod reports;
mod restrictive_practice;
mod schema;
mod search;
