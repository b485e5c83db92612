//! Signing in with email and password, shared by the sign-in page and
//! `POST /api/v1/auth/login`. Failures are counted per account in the
//! database; after five in a row the account waits fifteen minutes.

use learnloop_domain::people::Email;
use learnloop_domain::secret_token::SecretToken;
use learnloop_store::people::User;
use learnloop_store::sessions::SessionKind;

use crate::auth::password::{DECOY_HASH, verify_password};
use crate::error::AppError;
use crate::state::{AppState, now_seconds};

pub const WRONG_CREDENTIALS: &str = "That email and password do not match an active account.";

/// Checks the credentials and opens a session of `kind`; returns the person
/// and the secret to hand to the client (shown once).
pub async fn sign_in(state: &AppState, email: &str, password: &str, kind: SessionKind, lifetime_seconds: Option<i64>) -> Result<(User, SecretToken), AppError> {
    let now = now_seconds();
    let Some(email) = Email::parse(email) else {
        return Err(AppError::invalid("email", "Enter your email address, like name@example.org."));
    };
    if password.is_empty() {
        return Err(AppError::invalid("password", "Enter your password."));
    }
    let Some(credentials) = state.store.credentials_by_email(email.as_str()).await? else {
        // Same work as a real check, so timing does not reveal which emails exist.
        verify_password(password.to_string(), DECOY_HASH.clone()).await?;
        return Err(AppError::Unauthorised(WRONG_CREDENTIALS));
    };
    if let Some(wait) = credentials.failures.wait_seconds(now) {
        return Err(AppError::RateLimited {
            message: format!("Too many failed sign-ins. Try again in {} minutes, or ask an administrator to reset your password.", (wait + 59) / 60),
            retry_after_seconds: Some(wait),
        });
    }
    let matches = verify_password(password.to_string(), credentials.password_hash.clone()).await?;
    if !matches || !credentials.user.active {
        if !matches {
            let state_after = state.store.record_sign_in_failure(credentials.user.id, now).await?;
            if let Some(wait) = state_after.wait_seconds(now) {
                return Err(AppError::RateLimited {
                    message: format!("Too many failed sign-ins. Try again in {} minutes.", (wait + 59) / 60),
                    retry_after_seconds: Some(wait),
                });
            }
        }
        return Err(AppError::Unauthorised(WRONG_CREDENTIALS));
    }
    if credentials.failures.consecutive > 0 {
        state.store.clear_sign_in_failures(credentials.user.id).await?;
    }
    let token = SecretToken::generate(&mut rand::rng());
    state.store.create_session(&token.hash(), credentials.user.id, kind, now, lifetime_seconds.map(|s| now + s)).await?;
    Ok((credentials.user, token))
}
