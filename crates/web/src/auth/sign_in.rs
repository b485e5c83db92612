//! Signing in, shared by the sign-in pages and `POST /api/v1/auth/login`:
//! a password (or a one-time link by email), then, for the safety officer,
//! a second factor. Failures are counted per email address typed and per
//! client (`domain::sign_in_throttle`): they slow guessing down with waits
//! that grow, never lock an account, and answer unknown and known addresses
//! alike.

use jiff::{SignedDuration, Timestamp};
use learnloop_domain::people::Email;
use learnloop_domain::second_factor::{CodeRefusal, check_code, normalise_recovery_code};
use learnloop_domain::secret_token::SecretToken;
use learnloop_domain::sign_in_throttle::{Failures, ThrottleKey, account_key, client_key};
use learnloop_store::people::User;
use learnloop_store::sessions::SessionKind;

use crate::auth::password::{DECOY_HASH, verify_password};
use crate::error::AppError;
use crate::state::AppState;

pub const WRONG_CREDENTIALS: &str = "That email and password do not match an active account.";
pub const WRONG_CODE: &str = "That code did not match. Type the six digits your authenticator app shows now, or one of your recovery codes.";
/// A password checked, the second factor not yet: this long to give it.
pub const SECOND_FACTOR_PENDING_SECONDS: i64 = 10 * 60;

/// Who is asking, as the throttle counts them: the client's network address
/// (never stored: only a hash of it keys its failures).
#[derive(Debug, Clone, Default)]
pub struct ClientAddress(pub Option<String>);

/// The waiting message, the same for every address typed.
fn too_many(wait: i64) -> AppError {
    AppError::RateLimited {
        message: format!(
            "Too many failed sign-ins for this email address or from this device. Try again in {}, or ask for a sign-in link by email.",
            if wait < 60 { format!("{wait} seconds") } else { format!("{} minutes", (wait + 59) / 60) }
        ),
        retry_after_seconds: Some(wait),
    }
}

/// The keys a sign-in attempt is counted under, with their rules.
fn keys(email_as_typed: &str, client: &ClientAddress) -> Vec<(String, ThrottleKey)> {
    let mut keys = vec![(account_key(email_as_typed), ThrottleKey::Account)];
    if let Some(address) = &client.0 {
        keys.push((client_key(address), ThrottleKey::Client));
    }
    keys
}

/// Refuses at once, without checking anything, while a wait runs for any key.
async fn refuse_while_waiting(state: &AppState, keys: &[(String, ThrottleKey)], now: Timestamp) -> Result<(), AppError> {
    let names: Vec<&str> = keys.iter().map(|(k, _)| k.as_str()).collect();
    let counts = state.store.sign_in_failures(&names).await?;
    let wait = counts.iter().zip(keys).filter_map(|(f, (_, rule))| f.wait_seconds(*rule, now.as_second())).max();
    match wait {
        Some(wait) => Err(too_many(wait)),
        None => Ok(()),
    }
}

/// Counts a failure under every key; the answer is `refusal`, or the waiting
/// message if this failure started a wait.
async fn count_failure(state: &AppState, keys: &[(String, ThrottleKey)], now: Timestamp, refusal: AppError) -> AppError {
    let names: Vec<&str> = keys.iter().map(|(k, _)| k.as_str()).collect();
    match state.store.record_sign_in_failure(&names, now).await {
        Ok(counts) => {
            let wait = counts.iter().zip(keys).filter_map(|(f, (_, rule)): (&Failures, _)| f.wait_seconds(*rule, now.as_second())).max();
            wait.map(too_many).unwrap_or(refusal)
        }
        Err(err) => err.into(),
    }
}

/// Checks an email address and password; the active person they belong to.
pub async fn check_password(state: &AppState, email: &str, password: &str, client: &ClientAddress) -> Result<User, AppError> {
    let now = Timestamp::now();
    let Some(parsed) = Email::parse(email) else {
        return Err(AppError::invalid("email", "Enter your email address, like name@example.org."));
    };
    if password.is_empty() {
        return Err(AppError::invalid("password", "Enter your password."));
    }
    let keys = keys(parsed.as_str(), client);
    refuse_while_waiting(state, &keys, now).await?;
    let credentials = state.store.credentials_by_email(parsed.as_str()).await?;
    // Unknown addresses cost the same work as known ones and are counted the
    // same way, so neither the time nor the answers tell which exist.
    let hash = credentials.as_ref().map(|c| c.password_hash.clone()).unwrap_or_else(|| DECOY_HASH.clone());
    let matches = verify_password(password.to_string(), hash).await?;
    match credentials {
        Some(c) if matches && c.user.active => {
            state.store.clear_sign_in_failures(&keys[0].0).await?;
            Ok(c.user)
        }
        _ => Err(count_failure(state, &keys, now, AppError::Unauthorised(WRONG_CREDENTIALS)).await),
    }
}

/// Opens a session of `kind` for `user`; the secret to hand over (shown once).
pub async fn open_session(state: &AppState, user: &User, kind: SessionKind, lifetime_seconds: Option<i64>) -> Result<SecretToken, AppError> {
    let now = Timestamp::now();
    let token = SecretToken::generate(&mut rand::rng());
    state.store.create_session(&token.hash(), user.id, kind, now, lifetime_seconds.map(|s| now + SignedDuration::from_secs(s))).await?;
    Ok(token)
}

/// Checks a second-factor code (six digits now, or an unused recovery code)
/// for `user`, counted like a password. A code signs in once.
pub async fn check_second_factor(state: &AppState, user: &User, typed: &str, client: &ClientAddress) -> Result<(), AppError> {
    let now = Timestamp::now();
    let keys = keys(&user.email, client);
    refuse_while_waiting(state, &keys, now).await?;
    let factor = state.store.second_factor(user.id).await?;
    let Some(secret) = factor.secret else {
        return Err(AppError::Unauthorised("This account has no second factor yet: sign in on the web page to set one up."));
    };
    let accepted = match check_code(&secret, typed, now.as_second() as u64, factor.last_used_step.map(|s| s as u64)) {
        Ok(step) => state.store.use_second_factor_step(user.id, step as i64).await?,
        Err(CodeRefusal::AlreadyUsed) => false,
        Err(CodeRefusal::Wrong) => match normalise_recovery_code(typed) {
            Some(code) => state.store.use_recovery_code(user.organisation_id, user.id, &code, now).await?,
            None => false,
        },
    };
    if accepted {
        state.store.clear_sign_in_failures(&keys[0].0).await?;
        Ok(())
    } else {
        Err(count_failure(state, &keys, now, AppError::Unauthorised(WRONG_CODE)).await)
    }
}
