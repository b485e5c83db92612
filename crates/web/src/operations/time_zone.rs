//! The organisation's time zone, and today's date in it: every day a person
//! sees or types is a day in their organisation's zone.

use learnloop_domain::ids::OrganisationId;
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use learnloop_store::organisations::Organisation;

use crate::error::AppError;
use crate::state::AppState;

/// The organisation's time zone; UTC if its name is unknown.
pub fn zone_of(org: &Organisation) -> TimeZone {
    TimeZone::get(&org.time_zone).unwrap_or(TimeZone::UTC)
}

/// The time zone of the organisation `organisation_id` (UTC if its name is unknown).
pub async fn organisation_zone(state: &AppState, organisation_id: OrganisationId) -> Result<TimeZone, AppError> {
    let org = state.store.organisation(organisation_id).await?;
    Ok(zone_of(&org))
}

pub fn today_in(zone: &TimeZone) -> Date {
    Timestamp::now().to_zoned_datetime(zone.clone()).date()
}

/// A moment as RFC 3339 text in UTC, as the API gives every time.
pub fn rfc3339(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds).map(|t| t.to_string()).unwrap_or_default()
}
