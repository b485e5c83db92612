//! The demo's recorded changes: the learning-culture push across the
//! organisation and Oak House's medicines change (one tray per resident),
//! recorded by the quality lead through the same operation as the page, on
//! the days the demo's history changes; so the dashboard's charts start a
//! new phase at each instead of flagging nearly every month after them.

use anyhow::Context;
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};
use learnloop_domain::ids::OrganisationId;
use learnloop_domain::role::Role;
use learnloop_store::Store;
use learnloop_web::operations::change_points::{ChangePointInput, record};
use learnloop_web::state::{AppConfig, AppState};

/// The first day of the period's month `month` (1-based) of `months` ending `now`.
fn start_of(now: Timestamp, zone: &TimeZone, months: u32, month: u32) -> anyhow::Result<String> {
    let back = i64::from(months - month + 1);
    Ok(now
        .to_zoned_datetime(zone.clone())
        .checked_sub(Span::new().months(back))?
        .date()
        .to_string())
}

pub async fn add_change_points(
    store: &Store,
    organisation_id: OrganisationId,
    months: u32,
    now: Timestamp,
) -> anyhow::Result<()> {
    if !store.change_points(organisation_id).await?.is_empty() {
        return Ok(());
    }
    let org = store.organisation(organisation_id).await?;
    let zone = TimeZone::get(&org.time_zone).context("the organisation's time zone")?;
    let quality = store
        .users(organisation_id)
        .await?
        .into_iter()
        .find(|u| u.role == Role::Quality)
        .context("a quality lead")?;
    let state = AppState::new(store.clone(), AppConfig::default());
    let changes = [
        (
            start_of(
                now,
                &zone,
                months,
                learnloop_demo::learning_push_month(months),
            )?,
            "Learning-culture push",
            "",
        ),
        (
            start_of(
                now,
                &zone,
                months,
                learnloop_demo::medicines_change_month(months),
            )?,
            "Medicines change: one tray per resident",
            "oak-house",
        ),
    ];
    for (day, description, service) in changes {
        let input = ChangePointInput {
            changed_on: day,
            description: description.to_string(),
            service: service.to_string(),
        };
        record(&state, &quality, &input).await.map_err(|err| {
            anyhow::anyhow!(
                "recording the demo's change \"{description}\": {}",
                err.message()
            )
        })?;
    }
    Ok(())
}
