//! The public reporting link (`/r/{key}` and its API): which organisation a
//! key belongs to, once the flood guard (`public_link_limiter`) lets it in.

use learnloop_store::organisations::Organisation;

use crate::error::AppError;
use crate::state::AppState;

/// The organisation behind a public link key, after taking a slot.
pub async fn organisation_for_public_link(state: &AppState, key: &str) -> Result<Organisation, AppError> {
    let org = state.store.organisation_by_public_key(key).await?.ok_or(AppError::NotFound("That reporting link"))?;
    if let Err(wait) = state.public_link_limiter.take(org.id, jiff::Timestamp::now().as_second()) {
        return Err(AppError::RateLimited {
            message: "Many reports are arriving through this link just now. Please try again in a minute.".into(),
            retry_after_seconds: Some(wait),
        });
    }
    Ok(org)
}

/// The organisation's public link in full, for its QR code and poster
/// (administrators only): `site` is the address it starts with.
pub async fn public_link_to_print(state: &AppState, admin: &learnloop_store::people::User, site: &str) -> Result<(Organisation, String), AppError> {
    if !admin.role.may_administer() {
        return Err(AppError::Forbidden);
    }
    let org = state.store.organisation(admin.organisation_id).await?;
    let link = learnloop_domain::public_link::public_link_url(site, &org.public_report_key);
    Ok((org, link))
}
