//! Narrowing and sorting a list of reports (triage, the reports list): what
//! a person can choose in the filter form, read from the address's query so
//! every view can be bookmarked and works without script.
//!
//! A choice that cannot be read is left out of the filter and named in a
//! message saying what to fix; the rest of the filter still applies.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::Deserialize;

use crate::choices::text_choices;
use crate::field_error::FieldErrors;
use crate::reports::{Category, Harm};

text_choices!(
    /// The order a list of reports is shown in.
    ReportOrder {
        Newest => "newest", "Newest first";
        Oldest => "oldest", "Oldest first";
        MostHarm => "harm", "Most harm first";
    }
);

/// Grades of harm as "most harm first" shows them: the worst first, reports
/// with no grade given last.
pub const MOST_HARM_FIRST: [Option<Harm>; 6] = [
    Some(Harm::Death),
    Some(Harm::Severe),
    Some(Harm::Moderate),
    Some(Harm::Low),
    Some(Harm::None),
    None,
];

/// Where a report's grade of harm falls in `MOST_HARM_FIRST` (0 is the worst).
pub fn harm_rank(harm: Option<Harm>) -> usize {
    MOST_HARM_FIRST
        .iter()
        .position(|h| *h == harm)
        .unwrap_or(MOST_HARM_FIRST.len())
}

/// The filter form as typed: every field text, absent or empty meaning "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct ReportFilterInput {
    pub harm: Option<String>,
    pub category: Option<String>,
    /// A service's short name (slug).
    pub service: Option<String>,
    /// First day reported, `YYYY-MM-DD` in the organisation's zone.
    pub from: Option<String>,
    /// Last day reported, included.
    pub to: Option<String>,
    pub sort: Option<String>,
}

/// A filter that could be read. `None` keeps every report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportFilter {
    pub harm: Option<Harm>,
    pub category: Option<Category>,
    pub service: Option<String>,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub order: Option<ReportOrder>,
}

/// A filter field's text, or `None` when left empty ("any").
pub(crate) fn chosen(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// Reads a day typed or picked as `YYYY-MM-DD`.
pub(crate) fn day(field: &str, text: &Option<String>, errors: &mut FieldErrors) -> Option<Date> {
    let text = chosen(text)?;
    match text.parse::<Date>() {
        Ok(date) => Some(date),
        Err(_) => {
            errors.push(field, format!("“{text}” is not a date. Pick a day, or type it as year-month-day, for example 2026-11-30."));
            None
        }
    }
}

impl ReportFilterInput {
    /// The filter, and a message for each choice that could not be read.
    pub fn read(&self) -> (ReportFilter, FieldErrors) {
        let mut errors = FieldErrors::default();
        let harm = chosen(&self.harm).and_then(|text| {
            let harm = Harm::parse(text);
            if harm.is_none() {
                errors.push("harm", "Choose a grade of harm from the list.");
            }
            harm
        });
        let category = chosen(&self.category).and_then(|text| {
            let category = Category::parse(text);
            if category.is_none() {
                errors.push("category", "Choose a category from the list.");
            }
            category
        });
        let order = chosen(&self.sort).and_then(|text| {
            let order = ReportOrder::parse(text);
            if order.is_none() {
                errors.push("sort", "Choose an order from the list.");
            }
            order
        });
        let mut from = day("from", &self.from, &mut errors);
        let mut to = day("to", &self.to, &mut errors);
        if let (Some(first), Some(last)) = (from, to)
            && first > last
        {
            errors.push(
                "to",
                "The last day is before the first day. Choose a last day on or after the first.",
            );
            from = None;
            to = None;
        }
        let filter = ReportFilter {
            harm,
            category,
            service: chosen(&self.service).map(str::to_string),
            from,
            to,
            order,
        };
        (filter, errors)
    }
}

/// The message when the chosen service is not one of the person's.
pub const UNKNOWN_SERVICE: &str = "Choose one of your services from the list.";

/// A range of days as moments: from the start of the first day (included)
/// to the start of the day after the last (excluded), in `zone`.
pub fn day_range(
    from: Option<Date>,
    to: Option<Date>,
    zone: &TimeZone,
) -> (Option<Timestamp>, Option<Timestamp>) {
    let start = |date: Date| {
        date.to_datetime(jiff::civil::Time::midnight())
            .to_zoned_datetime(zone.clone())
            .ok()
            .map(|z| z.timestamp())
    };
    let after = |date: Date| date.checked_add(1.day()).ok().and_then(start);
    (from.and_then(start), to.and_then(after))
}

impl ReportFilter {
    /// Whether anything narrows the list (the order alone does not).
    pub fn narrows(&self) -> bool {
        self.harm.is_some()
            || self.category.is_some()
            || self.service.is_some()
            || self.from.is_some()
            || self.to.is_some()
    }

    /// The filter as an address's query (`harm=severe&from=2026-11-01`), for
    /// links that keep it (tabs, the next page); empty when nothing is chosen.
    pub fn query(&self) -> String {
        let mut parts: Vec<(&str, String)> = Vec::new();
        if let Some(harm) = self.harm {
            parts.push(("harm", harm.as_str().to_string()));
        }
        if let Some(category) = self.category {
            parts.push(("category", category.as_str().to_string()));
        }
        if let Some(service) = &self.service {
            parts.push(("service", service.clone()));
        }
        if let Some(from) = self.from {
            parts.push(("from", from.to_string()));
        }
        if let Some(to) = self.to {
            parts.push(("to", to.to_string()));
        }
        if let Some(order) = self.order {
            parts.push(("sort", order.as_str().to_string()));
        }
        parts
            .into_iter()
            .map(|(key, value)| {
                format!(
                    "{key}={}",
                    value
                        .chars()
                        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                        .collect::<String>()
                )
            })
            .collect::<Vec<_>>()
            .join("&")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(pairs: &[(&str, &str)]) -> ReportFilterInput {
        let get = |key: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.to_string())
        };
        ReportFilterInput {
            harm: get("harm"),
            category: get("category"),
            service: get("service"),
            from: get("from"),
            to: get("to"),
            sort: get("sort"),
        }
    }

    #[test]
    fn empty_choices_keep_everything() {
        let (filter, errors) = input(&[("harm", ""), ("category", " "), ("from", "")]).read();
        assert_eq!(filter, ReportFilter::default());
        assert!(errors.is_empty());
        assert!(!filter.narrows());
        assert_eq!(filter.query(), "");
    }

    #[test]
    fn choices_are_read_and_written_back_as_a_query() {
        let (filter, errors) = input(&[
            ("harm", "severe"),
            ("category", "falls"),
            ("service", "oak-house"),
            ("from", "2026-11-01"),
            ("to", "2026-11-30"),
            ("sort", "harm"),
        ])
        .read();
        assert!(errors.is_empty(), "{errors}");
        assert_eq!(filter.harm, Some(Harm::Severe));
        assert_eq!(filter.order, Some(ReportOrder::MostHarm));
        assert!(filter.narrows());
        assert_eq!(
            filter.query(),
            "harm=severe&category=falls&service=oak-house&from=2026-11-01&to=2026-11-30&sort=harm"
        );
    }

    #[test]
    fn what_cannot_be_read_is_named_in_words_and_left_out() {
        let (filter, errors) = input(&[
            ("harm", "awful"),
            ("from", "yesterday"),
            ("category", "medication"),
        ])
        .read();
        assert_eq!(filter.harm, None);
        assert_eq!(filter.from, None);
        assert_eq!(
            filter.category,
            Some(Category::Medication),
            "the rest still applies"
        );
        assert_eq!(
            errors.for_field("harm"),
            Some("Choose a grade of harm from the list.")
        );
        assert!(
            errors
                .for_field("from")
                .unwrap()
                .contains("“yesterday” is not a date")
        );
    }

    #[test]
    fn a_last_day_before_the_first_is_refused() {
        let (filter, errors) = input(&[("from", "2026-11-30"), ("to", "2026-11-01")]).read();
        assert_eq!((filter.from, filter.to), (None, None));
        assert!(errors.for_field("to").is_some());
    }

    #[test]
    fn a_day_range_covers_whole_local_days() {
        let london = TimeZone::get("Europe/London").unwrap();
        let (from, until) = day_range(
            Some("2026-07-01".parse().unwrap()),
            Some("2026-07-01".parse().unwrap()),
            &london,
        );
        assert_eq!(from.unwrap().to_string(), "2026-06-30T23:00:00Z");
        assert_eq!(until.unwrap().to_string(), "2026-07-01T23:00:00Z");
    }

    #[test]
    fn most_harm_first_puts_death_first_and_no_grade_last() {
        assert_eq!(harm_rank(Some(Harm::Death)), 0);
        assert_eq!(harm_rank(None), 5);
        assert!(harm_rank(Some(Harm::Severe)) < harm_rank(Some(Harm::Low)));
        assert_eq!(
            MOST_HARM_FIRST.len(),
            Harm::ALL.len() + 1,
            "every grade has its place"
        );
    }
}
