//! Learnloop's domain: the rules and types of a learning culture, free of I/O.
//!
//! Everything here is pure and synchronous so it can be unit- and property-tested
//! in isolation; the store and web crates call down into it, never the reverse.

pub mod field_error;
pub mod identity;
pub mod language_coach;
pub mod people;
pub mod reference;
pub mod report;
pub mod role;
pub mod secret_token;
pub mod sign_in_throttle;

pub use field_error::{FieldError, FieldErrors};
