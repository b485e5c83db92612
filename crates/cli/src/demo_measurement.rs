//! The demo's measurement: each service's denominators (occupied bed days,
//! staff) for every month of the period, and two measures of the
//! organisation's own with their monthly values, so the dashboard's rates
//! and measures have something real to chart; and a quarterly review
//! already published to staff.

use learnloop_domain::audit::AuditAction;
use learnloop_domain::ids::OrganisationId;
use anyhow::Context;
use jiff::{Span, Timestamp, tz::TimeZone};
use learnloop_domain::organisation::ServiceKind;
use learnloop_domain::measures::{MeasureInput, MeasureKind};
use learnloop_domain::quarter::Quarter;
use learnloop_domain::reports::month_bucket;
use learnloop_domain::role::Role;
use learnloop_store::Store;
use learnloop_store::measures::{CreateMeasureRefusal, ValueRow};

/// Beds (0 where people live in their own homes) and staff of a kind of service.
fn size_of(kind: ServiceKind) -> (f64, f64) {
    match kind {
        ServiceKind::ResidentialCareHome => (40.0, 62.0),
        ServiceKind::ChildrensHome => (6.0, 18.0),
        ServiceKind::SupportedLiving => (12.0, 26.0),
        _ => (0.0, 45.0),
    }
}

/// A small deterministic wobble in [-1, 1] for service `s`, month `m`.
fn wobble(s: i64, m: usize, salt: u64) -> f64 {
    let mut x = (s as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (m as u64).wrapping_mul(0xBF58_476D_1CE4_E5B9) ^ salt;
    x ^= x >> 31;
    x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 29;
    (x % 2001) as f64 / 1000.0 - 1.0
}

pub async fn add_measurement(store: &Store, organisation_id: OrganisationId, months: u32, now: Timestamp) -> anyhow::Result<()> {
    let org = store.organisation(organisation_id).await?;
    let zone = TimeZone::get(&org.time_zone).context("the organisation's time zone")?;
    let quality = store.users(organisation_id).await?.into_iter().find(|u| u.role == Role::Quality).context("a quality lead")?;
    let services = store.services(organisation_id).await?;
    // The months of the period and the current one, oldest first, with their lengths in days.
    let today = now.to_zoned_datetime(zone.clone());
    let month_days: Vec<(i32, f64)> = (0..=months)
        .rev()
        .filter_map(|back| {
            let day = today.checked_sub(Span::new().months(i64::from(back))).ok()?;
            Some((month_bucket(day.timestamp(), &zone), f64::from(day.date().days_in_month())))
        })
        .collect();

    for service in &services {
        let (beds, staff) = size_of(service.kind);
        for (m, &(month, days)) in month_days.iter().enumerate() {
            let occupancy = 0.9 + 0.05 * wobble(service.id.get(), m, 1);
            let bed_days = (beds > 0.0).then(|| (beds * days * occupancy).round());
            let headcount = (staff * (1.0 + 0.04 * wobble(service.id.get(), m, 2))).round();
            store.set_denominator(service.id, i64::from(month), bed_days, Some(headcount), quality.id, now).await?;
        }
    }

    let turnover = MeasureInput {
        name: "Staff turnover".into(),
        description: "Leavers in the month out of the staff in post. Falls as teams feel heard.".into(),
        kind: MeasureKind::Proportion.as_str().into(),
        unit: "% of staff leaving".into(),
        multiply: Some(100.0),
        improvement: Some("decrease".into()),
        target: Some(2.0),
    };
    let documentation = MeasureInput {
        name: "Documentation time per shift".into(),
        description: "Minutes a support worker spends on records in a shift (sampled weekly).".into(),
        kind: MeasureKind::Value.as_str().into(),
        unit: "minutes".into(),
        multiply: None,
        improvement: Some("decrease".into()),
        target: Some(35.0),
    };
    let push = ((months * 7 + 9) / 18).max(1) as usize; // the learning-culture push, as the reports
    for (input, value_of) in [
        (turnover, Box::new(|s: i64, m: usize, staff: f64| -> (f64, Option<f64>) {
            let rate = if m + 1 >= push { 0.025 } else { 0.045 } * (1.0 + 0.3 * wobble(s, m, 3));
            ((staff * rate).round(), Some(staff))
        }) as Box<dyn Fn(i64, usize, f64) -> (f64, Option<f64>)>),
        (documentation, Box::new(|s: i64, m: usize, _staff: f64| -> (f64, Option<f64>) {
            let minutes = if m + 1 >= push + 3 { 38.0 } else { 52.0 } + 4.0 * wobble(s, m, 4);
            ((minutes * 10.0).round() / 10.0, None)
        })),
    ] {
        let measure = match store.create_measure(organisation_id, &input.validate().map_err(anyhow::Error::msg)?, quality.id, now).await? {
            Ok(measure) => measure,
            Err(CreateMeasureRefusal::NameTaken) => continue,
        };
        let mut rows: Vec<ValueRow> = Vec::new();
        for service in &services {
            let (_, staff) = size_of(service.kind);
            for (m, &(month, _)) in month_days.iter().enumerate() {
                let (value, denominator) = value_of(service.id.get(), m, staff);
                rows.push((service.id, month, value, denominator));
            }
        }
        store.save_measure_values(&measure, &rows, quality.id, now, AuditAction::MeasureValuesImported).await?;
    }

    // The quarter before last, already reported back to staff; the last
    // one is left for the quality lead to write.
    let reviewed = Quarter::last_complete(today.date()).previous();
    if store.quarterly_review(organisation_id, reviewed.key()).await?.is_none() {
        let plan = "Every home keeps one medicines tray per resident, and the team leader checks the trolley at each round.\n\
                    Each service's team meeting opens with the month's near-misses and what changed because of them.\n\
                    We will know it worked when repeat medication errors stay down and near-misses keep being reported.";
        store.save_quarterly_review(organisation_id, reviewed.key(), plan, true, quality.id, now).await?;
    }
    Ok(())
}
