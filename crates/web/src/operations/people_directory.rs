//! The administrators' list of people: search, filters and pages, with each
//! account's standing (active, invited, deactivated) and invitation.

use learnloop_store::invitations::PendingInvitation;
use learnloop_store::people::User;
use learnloop_store::people_search::{PeopleFilter, PeoplePage};

use crate::error::AppError;
use crate::state::AppState;

/// People per page of the list.
pub const PAGE_SIZE: i64 = 50;
/// Beyond any real list; a page number past it is read as this one.
pub const LAST_PAGE: i64 = 1_000_000;

pub struct Directory {
    pub page: PeoplePage,
    /// Everyone who has not set a password yet, with their invitation.
    pub pending: Vec<PendingInvitation>,
}

/// Page `page` (from 1) of the people matching `filter`.
pub async fn find(
    state: &AppState,
    admin: &User,
    filter: &PeopleFilter,
    page: i64,
) -> Result<Directory, AppError> {
    if !admin.role.may_administer() {
        return Err(AppError::Forbidden);
    }
    let offset = (page.clamp(1, LAST_PAGE) - 1) * PAGE_SIZE;
    let found = state
        .store
        .find_people(admin.organisation_id, filter, offset, PAGE_SIZE)
        .await?;
    let pending = state
        .store
        .pending_invitations(admin.organisation_id)
        .await?;
    Ok(Directory {
        page: found,
        pending,
    })
}
