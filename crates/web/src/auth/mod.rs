//! Who is asking: passwords, sessions and tokens, sign-in throttling, CSRF.

pub mod csrf;
pub mod password;
pub mod session;
pub mod sign_in;

pub use session::{ApiUser, OptionalUser, PageUser, SESSION_COOKIE};
