//! Learnloop's domain: the rules and types of a learning culture, free of I/O.
//!
//! Everything here is pure and synchronous so it can be unit- and property-tested
//! in isolation; the store and web crates call down into it, never the reverse.

pub mod actions;
pub mod attention;
pub mod audit;
pub mod choices;
pub mod change_points;
pub mod clocks;
pub mod contributory_factors;
pub mod field_error;
mod form_input;
pub mod idempotency;
pub mod identifying_details;
pub mod identity;
pub mod invitations;
pub mod ids;
pub mod just_culture;
pub mod language_coach;
pub mod list_filter;
pub mod measures;
pub mod next_step;
pub mod notice;
pub mod obligations;
pub mod organisation;
pub mod people;
pub mod people_import;
pub mod public_link;
pub mod quarter;
pub mod reference;
pub mod report_loop;
pub mod reports;
pub mod restrictive_practice;
pub mod reviews;
pub mod role;
pub mod safety_officer;
pub mod search;
pub mod spc;
pub mod second_factor;
pub mod secret_token;
pub mod similarity;
pub mod sign_in_throttle;
pub mod statutory;
pub mod submission;

pub use field_error::{FieldError, FieldErrors};
