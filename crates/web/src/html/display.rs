//! How values are shown on pages: times and days in the organisation's zone,
//! choices, and teams grouped by service.

use jiff::tz::TimeZone;
use learnloop_store::services::{Service, Team};

/// A time shown in the organisation's zone, e.g. `Fri 20 Nov 2026, 14:30`.
pub fn local_time(seconds: i64, zone: &TimeZone) -> String {
    jiff::Timestamp::from_second(seconds)
        .map(|t| t.to_zoned_datetime(zone.clone()).strftime("%a %-d %b %Y, %H:%M").to_string())
        .unwrap_or_default()
}

/// A day shown in the organisation's zone, e.g. `20 Nov 2026`.
pub fn local_day(seconds: i64, zone: &TimeZone) -> String {
    jiff::Timestamp::from_second(seconds)
        .map(|t| t.to_zoned_datetime(zone.clone()).strftime("%-d %b %Y").to_string())
        .unwrap_or_default()
}

/// A calendar date kept as `YYYY-MM-DD` (an action's due day), shown as
/// every other day is, e.g. `1 Dec 2026`; text that is not a date is shown
/// as it is.
pub fn day_text(date: &str) -> String {
    date.parse::<jiff::civil::Date>().map(|d| d.strftime("%-d %b %Y").to_string()).unwrap_or_else(|_| date.to_string())
}

/// A `<select>` or radio option.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl Choice {
    pub fn list<'a>(items: impl IntoIterator<Item = (&'a str, &'a str)>, selected: &str) -> Vec<Choice> {
        items.into_iter().map(|(value, label)| Choice { value: value.to_string(), label: label.to_string(), selected: value == selected }).collect()
    }
}

/// One service's teams, shown as an option group of the team choice.
pub struct TeamGroup {
    /// The service's slug, so a script can show only the chosen service's teams.
    pub service: String,
    pub label: String,
    pub teams: Vec<Choice>,
}

impl TeamGroup {
    /// Teams grouped under their services, in the services' order; services
    /// without teams are left out.
    pub fn for_services(services: &[Service], teams: &[Team], selected: &str) -> Vec<TeamGroup> {
        services
            .iter()
            .filter_map(|service| {
                let options: Vec<(String, &str)> = teams.iter().filter(|t| t.service_id == service.id).map(|t| (t.id.to_string(), t.name.as_str())).collect();
                (!options.is_empty()).then(|| TeamGroup {
                    service: service.slug.clone(),
                    label: service.name.clone(),
                    teams: Choice::list(options.iter().map(|(id, name)| (id.as_str(), *name)), selected),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_read_alike_whether_stored_as_a_time_or_a_date() {
        let zone = TimeZone::UTC;
        assert_eq!(day_text("2026-12-01"), local_day(1_796_083_200, &zone));
        assert_eq!(day_text("2026-12-01"), "1 Dec 2026");
        assert_eq!(day_text("not a date"), "not a date");
    }
}
