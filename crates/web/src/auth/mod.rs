//! Who is asking: passwords, sessions and tokens, sign-in throttling, CSRF.

pub mod client;
pub mod csrf;
pub mod password;
pub mod session;
pub mod sign_in;

pub use session::{ApiUser, OptionalUser, PENDING_COOKIE, PageUser, SESSION_COOKIE, SecondFactorPending};
