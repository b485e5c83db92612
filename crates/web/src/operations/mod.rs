//! What people do with Learnloop, one module per capability, named as the
//! store names it. An operation checks who may do it, asks the domain's
//! rules, calls the store, and returns what happened; the pages (`html/`)
//! and the API (`api/`) are thin adapters over these and never call each
//! other. See docs/architecture.md.

pub mod actions;
pub mod change_points;
pub mod attention;
pub mod audit;
pub mod conversation;
pub mod dashboard;
pub mod deactivation;
pub mod follow_up;
pub mod identifying_details;
pub mod invitations;
pub mod just_culture;
pub mod learning;
pub mod measures;
pub mod obligations;
pub mod people_directory;
pub mod people_import;
pub mod public_link;
pub mod quarterly_review;
pub mod report_access;
pub mod report_lists;
pub mod reports;
pub mod restrictive_practice;
pub mod reviews;
pub mod safety_officer;
pub mod search;
pub mod series;
pub mod time_zone;
pub mod triage;
pub mod walls;
