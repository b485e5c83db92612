//! Recorded change points: the day a known change began (a learning-culture
//! push, a new way of giving medicines), with a few words saying what it was.
//! A chart starts a new phase at the month of each change: its centre line
//! and limits are recalculated from that phase's own points, so the months
//! after a known change are judged against what is normal now instead of
//! being flagged one after another against what was normal before.

use jiff::civil::Date;

use crate::field_error::FieldErrors;

/// A description is a label on a chart, not a report.
pub const DESCRIPTION_MAX_CHARS: usize = 120;
/// The earliest day a change may be recorded for (as measures' values).
const FIRST_YEAR: i16 = 1990;
/// A phase needs this many points before its limits are recalculated: the
/// engine's least for limits from moving ranges. A change recorded last
/// month is noted on the chart but waits for a second month.
pub const MIN_PHASE_POINTS: usize = 2;

/// A change point that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedChangePoint {
    pub changed_on: Date,
    /// `year * 100 + month` of `changed_on`: the first month of the new phase.
    pub month: i32,
    pub description: String,
}

/// Checks a change as typed: a real day, not after `today`, and a short description.
pub fn check(
    changed_on: &str,
    description: &str,
    today: Date,
) -> Result<CheckedChangePoint, FieldErrors> {
    let mut errors = FieldErrors::default();
    let day = match changed_on.trim() {
        "" => {
            errors.push(
                "changed_on",
                "Give the day the change began, for example 2026-03-01.",
            );
            None
        }
        text => match text.parse::<Date>() {
            Err(_) => {
                errors.push(
                    "changed_on",
                    "Give the day as year, month and day, for example 2026-03-01.",
                );
                None
            }
            Ok(day) if day > today => {
                errors.push(
                    "changed_on",
                    "Record a change once it has begun: the day cannot be in the future.",
                );
                None
            }
            Ok(day) if day.year() < FIRST_YEAR => {
                errors.push(
                    "changed_on",
                    format!("Give a day from {FIRST_YEAR} onwards."),
                );
                None
            }
            Ok(day) => Some(day),
        },
    };
    let description = description.split_whitespace().collect::<Vec<_>>().join(" ");
    if description.is_empty() {
        errors.push(
            "description",
            "Say in a few words what changed, for example \"Learning-culture push began\".",
        );
    } else if description.chars().count() > DESCRIPTION_MAX_CHARS {
        errors.push(
            "description",
            format!(
                "Keep the description to {DESCRIPTION_MAX_CHARS} characters: it labels the charts."
            ),
        );
    }
    let day = day.filter(|_| errors.is_empty());
    match day {
        Some(day) => Ok(CheckedChangePoint {
            changed_on: day,
            month: month_of(day),
            description,
        }),
        None => Err(errors),
    }
}

/// `year * 100 + month`.
pub fn month_of(day: Date) -> i32 {
    i32::from(day.year()) * 100 + i32::from(day.month())
}

/// A phase of a chart: where it starts and the change that began it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phase {
    /// 0-based index of the phase's first point.
    pub first: usize,
    /// The change's description.
    pub change: String,
}

/// Where a chart of `months` (one point per month, ascending) starts a new
/// phase, given the changes as (first month, description), in any order.
/// Each phase keeps at least [`MIN_PHASE_POINTS`] points: a change too close
/// to another, or to either end of the chart, starts no phase. Several
/// changes in one month start one phase, named together.
pub fn phases(months: &[i32], changes: &[(i32, String)]) -> Vec<Phase> {
    let mut sorted: Vec<&(i32, String)> = changes.iter().collect();
    sorted.sort_by_key(|(month, _)| *month);
    let mut phases: Vec<Phase> = Vec::new();
    for (month, description) in sorted {
        // The first point on or after the change's month.
        let Some(first) = months.iter().position(|m| m >= month) else {
            continue;
        };
        if let Some(last) = phases.last_mut().filter(|phase| phase.first == first) {
            last.change = format!("{}; {description}", last.change);
            continue;
        }
        let previous_start = phases.last().map(|phase| phase.first).unwrap_or(0);
        if first < previous_start + MIN_PHASE_POINTS || months.len() - first < MIN_PHASE_POINTS {
            continue;
        }
        phases.push(Phase {
            first,
            change: description.clone(),
        });
    }
    phases
}

/// The engine's `parts`: the 1-based positions after which each phase starts.
pub fn part_positions(phases: &[Phase]) -> Vec<usize> {
    phases.iter().map(|phase| phase.first).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        jiff::civil::date(2026, 12, 7)
    }

    #[test]
    fn a_change_needs_a_past_day_and_a_short_description() {
        let ok = check(" 2025-12-01 ", "  Learning-culture   push ", today()).unwrap();
        assert_eq!(
            (ok.month, ok.description.as_str()),
            (202512, "Learning-culture push")
        );
        let field = |day: &str, words: &str| {
            check(day, words, today())
                .unwrap_err()
                .first()
                .unwrap()
                .field
                .clone()
        };
        assert_eq!(field("", "x"), "changed_on");
        assert_eq!(field("1 Dec 2025", "x"), "changed_on");
        assert_eq!(field("2026-12-08", "x"), "changed_on");
        assert_eq!(field("1980-01-01", "x"), "changed_on");
        assert_eq!(field("2026-01-01", "  "), "description");
        assert_eq!(
            field("2026-01-01", &"x".repeat(DESCRIPTION_MAX_CHARS + 1)),
            "description"
        );
        let both = check("", "", today()).unwrap_err();
        assert_eq!(both.0.len(), 2, "every problem is named at once");
    }

    #[test]
    fn phases_start_at_the_month_of_each_change_and_keep_two_points() {
        let months: Vec<i32> = (1..=12).map(|m| 202500 + m).collect();
        let changes = vec![
            (202507, "Push".to_string()),
            (202503, "New form".to_string()),
        ];
        let found = phases(&months, &changes);
        assert_eq!(
            found,
            vec![
                Phase {
                    first: 2,
                    change: "New form".into()
                },
                Phase {
                    first: 6,
                    change: "Push".into()
                }
            ]
        );
        assert_eq!(part_positions(&found), vec![2, 6]);
        // Before the chart starts: the whole chart is after it, one phase.
        assert!(phases(&months, &[(202401, "Old".into())]).is_empty());
        // In the last month, or the month after the chart's first: too few points.
        assert!(phases(&months, &[(202512, "Late".into())]).is_empty());
        assert!(phases(&months, &[(202502, "Early".into())]).is_empty());
        // Two changes a month apart: the second waits for a second point.
        assert_eq!(
            phases(&months, &[(202505, "A".into()), (202506, "B".into())]).len(),
            1
        );
        // Two in one month are one phase, named together.
        assert_eq!(
            phases(&months, &[(202505, "A".into()), (202505, "B".into())])[0].change,
            "A; B"
        );
        // Months with gaps (rates without a denominator): the first month on or after the change.
        assert_eq!(
            phases(&[202501, 202502, 202505, 202506], &[(202503, "C".into())])[0].first,
            2
        );
    }
}
