//! The web layer through real HTTP: the server runs on port 0 over a fresh
//! database, SQLite and PostgreSQL alike, and each test acts as a person in
//! a role would.

mod support;

mod api_contract;
mod authorisation_matrix;
mod charts;
mod dashboard_summary;
mod email;
mod errors;
mod idempotency;
mod input_gaps;
mod learning_loop;
mod measurement;
mod obligations;
mod onboarding;
mod pages_and_roles;
mod privacy;
mod privacy_sweep;
mod restrictive_practice;
mod search;
mod sign_in;
mod teams;
mod triage_and_audit;
mod walls_and_reviews;
