//! The organisation's own measures (staff turnover, caseloads, documentation
//! time, client outcomes...): how a quality lead defines one, and the checks
//! on the monthly values entered by hand or imported from CSV.

use serde::{Deserialize, Serialize};

use crate::choices::text_choices;
use crate::field_error::FieldErrors;
use crate::restrictive_practice::{month_text, parse_month};
use crate::spc::{ChartKind, Improvement};

text_choices!(
    /// What one month's value is, which decides the chart.
    MeasureKind {
        Proportion => "proportion", "Proportion: a numerator out of a denominator (p chart)";
        Rate => "rate", "Rate: events per unit of exposure (u chart)";
        Count => "count", "Count of events (c chart)";
        Value => "value", "Single value, e.g. a duration or a score (I chart)";
    }
);

impl MeasureKind {
    pub fn chart(self) -> ChartKind {
        match self {
            MeasureKind::Proportion => ChartKind::P,
            MeasureKind::Rate => ChartKind::U,
            MeasureKind::Count => ChartKind::C,
            MeasureKind::Value => ChartKind::I,
        }
    }

    pub fn needs_denominator(self) -> bool {
        matches!(self, MeasureKind::Proportion | MeasureKind::Rate)
    }
}

pub const NAME_MAX_CHARS: usize = 120;
pub const DESCRIPTION_MAX_CHARS: usize = 2_000;
pub const UNIT_MAX_CHARS: usize = 60;
/// Values, denominators, targets and multipliers are at most this large (a
/// trillion): beyond it nothing a care organisation counts makes sense, and
/// a chart's scale would lose its precision.
pub const VALUE_MAX: f64 = 1e12;
/// The earliest month a value may be entered for.
pub const FIRST_MONTH: i32 = 199001;

/// A measure as a quality lead defines it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MeasureInput {
    pub name: String,
    pub description: String,
    /// `proportion`, `rate`, `count` or `value`.
    pub kind: String,
    /// What is plotted, e.g. "% of staff", "minutes", "per 1,000 bed days".
    pub unit: String,
    /// Scales the plotted value: 100 for a percentage, 1000 for "per 1,000".
    pub multiply: Option<f64>,
    /// `increase`, `decrease`, or empty when neither is better.
    pub improvement: Option<String>,
    /// In plotted units.
    pub target: Option<f64>,
}

/// A measure definition that passed every check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewMeasure {
    pub name: String,
    pub description: String,
    pub kind: MeasureKind,
    pub unit: String,
    pub multiply: f64,
    pub improvement: Option<Improvement>,
    pub target: Option<f64>,
}

/// Text that is not `increase`, `decrease` or empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownImprovement;

pub fn parse_improvement(text: &str) -> Result<Option<Improvement>, UnknownImprovement> {
    match text.trim() {
        "" | "neither" => Ok(None),
        "increase" => Ok(Some(Improvement::Increase)),
        "decrease" => Ok(Some(Improvement::Decrease)),
        _ => Err(UnknownImprovement),
    }
}

pub fn improvement_text(improvement: Option<Improvement>) -> &'static str {
    match improvement {
        Some(Improvement::Increase) => "increase",
        Some(Improvement::Decrease) => "decrease",
        None => "",
    }
}

impl MeasureInput {
    pub fn validate(&self) -> Result<NewMeasure, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = self.name.trim();
        if name.is_empty() {
            errors.push("name", "Give the measure a name, e.g. \"Staff turnover\".");
        } else if name.chars().count() > NAME_MAX_CHARS {
            errors.push("name", format!("Keep the name under {NAME_MAX_CHARS} characters."));
        }
        if self.description.chars().count() > DESCRIPTION_MAX_CHARS {
            errors.push("description", format!("Keep the description under {DESCRIPTION_MAX_CHARS} characters."));
        }
        let kind = MeasureKind::parse(self.kind.trim());
        if kind.is_none() {
            errors.push("kind", format!("Choose what a month's value is: {}.", MeasureKind::choices_words()));
        }
        let unit = self.unit.trim();
        if unit.is_empty() {
            errors.push("unit", "Say what the numbers are, e.g. \"% of staff\" or \"minutes\".");
        } else if unit.chars().count() > UNIT_MAX_CHARS {
            errors.push("unit", format!("Keep the unit under {UNIT_MAX_CHARS} characters."));
        }
        let multiply = self.multiply.unwrap_or(1.0);
        if !(multiply.is_finite() && multiply > 0.0 && multiply <= VALUE_MAX) {
            errors.push("multiply", "Give a number above zero: 100 for a percentage, 1000 for a rate per 1,000, or 1.");
        }
        let improvement = parse_improvement(self.improvement.as_deref().unwrap_or("")).unwrap_or_else(|UnknownImprovement| {
            errors.push("improvement", "Say which way is better: increase, decrease, or leave it empty.");
            None
        });
        if let Some(target) = self.target {
            if !target.is_finite() {
                errors.push("target", "Give the target as a number.");
            } else if target.abs() > VALUE_MAX {
                errors.push("target", "Give a target between minus and plus a trillion.");
            } else if improvement.is_none() {
                errors.push("improvement", "A target needs a better direction: increase or decrease.");
            }
        }
        let Some(kind) = kind else { return Err(errors) };
        errors.into_result(NewMeasure {
            name: name.to_string(),
            description: self.description.trim().to_string(),
            kind,
            unit: unit.to_string(),
            multiply,
            improvement,
            target: self.target,
        })
    }
}

/// One month's value of one service, as entered.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ValueInput {
    /// The service's id or slug (or, in a CSV, its name).
    pub service: String,
    /// `YYYY-MM`.
    pub month: String,
    pub value: Option<f64>,
    pub denominator: Option<f64>,
}

/// A checked value, its month as `year * 100 + month`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CheckedValue {
    pub month: i32,
    pub value: f64,
    pub denominator: Option<f64>,
}

/// Checks a month's value for a measure of `kind`; errors name the field.
/// `latest_month` (`year * 100 + month`) is the current month in the
/// organisation's zone: a month that has not begun has no value yet.
pub fn check_value(kind: MeasureKind, month: &str, value: Option<f64>, denominator: Option<f64>, latest_month: i32) -> Result<CheckedValue, FieldErrors> {
    let mut errors = FieldErrors::default();
    let month = match parse_month(month.trim()) {
        None => {
            errors.push("month", "Give the month as YYYY-MM, for example 2026-06.");
            None
        }
        Some(m) if m > latest_month => {
            errors.push("month", format!("{} has not begun: give a month up to {}.", month_text(m), month_text(latest_month)));
            None
        }
        Some(m) if m < FIRST_MONTH => {
            errors.push("month", format!("Give a month from {} on.", month_text(FIRST_MONTH)));
            None
        }
        Some(m) => Some(m),
    };
    match value {
        None => errors.push("value", "Give the month's value as a number."),
        Some(v) if !v.is_finite() => errors.push("value", "Give the month's value as a number."),
        Some(v) if v.abs() > VALUE_MAX => errors.push("value", "Give a value between minus and plus a trillion."),
        Some(v) if kind != MeasureKind::Value && v < 0.0 => errors.push("value", "A count cannot be negative."),
        Some(v) if kind == MeasureKind::Count && v.fract() != 0.0 => errors.push("value", "A count is a whole number."),
        Some(_) => {}
    }
    if kind.needs_denominator() {
        match denominator {
            None => errors.push("denominator", "Give the denominator: what the value is out of (or per)."),
            Some(d) if !(d.is_finite() && d > 0.0) => errors.push("denominator", "The denominator must be above zero."),
            Some(d) if d > VALUE_MAX => errors.push("denominator", "Give a denominator up to a trillion."),
            Some(d) => {
                if kind == MeasureKind::Proportion && value.is_some_and(|v| v > d) {
                    errors.push("value", "A proportion's numerator cannot be more than its denominator.");
                }
            }
        }
    } else if denominator.is_some() {
        errors.push("denominator", "This measure has no denominator: leave it empty.");
    }
    let (Some(month), Some(value)) = (month, value) else { return Err(errors) };
    errors.into_result(CheckedValue { month, value, denominator })
}

/// One CSV row that passed the checks, with its row number in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvValue {
    /// As a spreadsheet counts: the header is row 1.
    pub row: usize,
    pub service: String,
    pub value: CheckedValue,
}

/// A problem in a CSV file, by row and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CsvProblem {
    pub row: usize,
    pub column: String,
    pub message: String,
}

/// More problems than this are not listed one by one.
pub const CSV_PROBLEMS_LISTED: usize = 100;

/// Reads `service,month,value[,denominator]` rows (header first, columns in
/// any order). Every row is checked; any problem rejects the whole file.
pub fn parse_values_csv(kind: MeasureKind, text: &str, latest_month: i32) -> Result<Vec<CsvValue>, Vec<CsvProblem>> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).flexible(true).from_reader(text.as_bytes());
    let problem = |row: usize, column: &str, message: String| CsvProblem { row, column: column.to_string(), message };
    let headers: Vec<String> = match reader.headers() {
        Ok(headers) => headers.iter().map(|h| h.trim_start_matches('\u{feff}').to_ascii_lowercase()).collect(),
        Err(err) => return Err(vec![problem(1, "", format!("The file could not be read as CSV: {err}."))]),
    };
    let column = |name: &str| headers.iter().position(|h| h == name);
    let mut problems = Vec::new();
    let needed: &[&str] = if kind.needs_denominator() { &["service", "month", "value", "denominator"] } else { &["service", "month", "value"] };
    for name in needed {
        if column(name).is_none() {
            problems.push(problem(1, name, format!("The header row has no \"{name}\" column; it needs {}.", needed.join(", "))));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let (service_at, month_at, value_at, denominator_at) = (column("service").unwrap(), column("month").unwrap(), column("value").unwrap(), column("denominator"));
    let mut values = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for (index, record) in reader.records().enumerate() {
        let row = index + 2;
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                problems.push(problem(row, "", format!("This row could not be read: {err}.")));
                continue;
            }
        };
        let field = |at: usize| record.get(at).unwrap_or("").to_string();
        let number = |column_name: &str, text: String, problems: &mut Vec<CsvProblem>| -> Option<f64> {
            if text.is_empty() {
                return None;
            }
            match text.replace(',', "").parse::<f64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    problems.push(problem(row, column_name, format!("\"{text}\" is not a number.")));
                    Some(f64::NAN)
                }
            }
        };
        let service = field(service_at);
        if service.is_empty() {
            problems.push(problem(row, "service", "Name the service.".to_string()));
        }
        let before = problems.len();
        let value = number("value", field(value_at), &mut problems);
        let denominator = denominator_at.and_then(|at| number("denominator", field(at), &mut problems));
        if problems.len() > before {
            continue;
        }
        match check_value(kind, &field(month_at), value, denominator, latest_month) {
            Ok(checked) => {
                if let Some(first) = seen.insert((service.to_lowercase(), checked.month), row) {
                    problems.push(problem(row, "month", format!("Row {first} already gives this service's value for this month.")));
                }
                values.push(CsvValue { row, service, value: checked });
            }
            Err(errors) => {
                for error in errors.0 {
                    problems.push(problem(row, &error.field, error.message));
                }
            }
        }
    }
    if values.is_empty() && problems.is_empty() {
        problems.push(problem(2, "", "The file has a header but no rows.".to_string()));
    }
    if problems.is_empty() { Ok(values) } else { Err(problems) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The current month in these tests.
    const LATEST: i32 = 202611;

    #[test]
    fn a_measure_needs_a_name_a_kind_a_unit_and_a_direction_for_its_target() {
        let input = MeasureInput { name: "Staff turnover".into(), kind: "proportion".into(), unit: "% of staff".into(), multiply: Some(100.0), improvement: Some("decrease".into()), target: Some(10.0), ..Default::default() };
        let measure = input.validate().unwrap();
        assert_eq!((measure.kind, measure.improvement, measure.multiply), (MeasureKind::Proportion, Some(Improvement::Decrease), 100.0));
        let errors = MeasureInput { kind: "ratio".into(), target: Some(3.0), ..Default::default() }.validate().unwrap_err();
        for field in ["name", "kind", "unit", "improvement"] {
            assert!(errors.for_field(field).is_some(), "{field}: {errors}");
        }
        let huge = MeasureInput { target: Some(1e308), multiply: Some(1e300), ..input }.validate().unwrap_err();
        assert!(huge.for_field("target").is_some() && huge.for_field("multiply").is_some(), "{huge}");
    }

    #[test]
    fn values_are_checked_for_their_kind() {
        assert_eq!(check_value(MeasureKind::Proportion, "2026-06", Some(3.0), Some(40.0), LATEST).unwrap().month, 202606);
        let field = |r: Result<CheckedValue, FieldErrors>| r.unwrap_err().first().unwrap().field.clone();
        assert_eq!(field(check_value(MeasureKind::Proportion, "2026-06", Some(41.0), Some(40.0), LATEST)), "value");
        assert_eq!(field(check_value(MeasureKind::Rate, "2026-06", Some(3.0), None, LATEST)), "denominator");
        assert_eq!(field(check_value(MeasureKind::Rate, "2026-06", Some(3.0), Some(0.0), LATEST)), "denominator");
        assert_eq!(field(check_value(MeasureKind::Count, "2026-06", Some(2.5), None, LATEST)), "value");
        assert_eq!(field(check_value(MeasureKind::Value, "June", Some(2.5), None, LATEST)), "month");
        assert_eq!(field(check_value(MeasureKind::Value, "2026-06", Some(2.5), Some(1.0), LATEST)), "denominator");
        assert!(check_value(MeasureKind::Value, "2026-06", Some(-2.5), None, LATEST).is_ok(), "a score may be negative");
        // A month that has not begun, or long before anyone kept measures, and
        // numbers too large to chart are refused.
        assert_eq!(field(check_value(MeasureKind::Value, "9999-12", Some(2.5), None, LATEST)), "month");
        assert!(check_value(MeasureKind::Value, "2026-12", Some(2.5), None, LATEST).unwrap_err().for_field("month").unwrap().contains("has not begun"));
        assert!(check_value(MeasureKind::Value, "2026-11", Some(2.5), None, LATEST).is_ok(), "the current month may be entered");
        assert_eq!(field(check_value(MeasureKind::Value, "1971-01", Some(2.5), None, LATEST)), "month");
        assert_eq!(field(check_value(MeasureKind::Value, "2026-06", Some(1e308), None, LATEST)), "value");
        assert_eq!(field(check_value(MeasureKind::Value, "2026-06", Some(-1e308), None, LATEST)), "value");
        assert_eq!(field(check_value(MeasureKind::Rate, "2026-06", Some(3.0), Some(1e300), LATEST)), "denominator");
    }

    #[test]
    fn a_csv_with_one_bad_row_is_rejected_naming_the_row_and_column() {
        let text = "service,month,value,denominator\nOak House,2026-05,3,40\nOak House,2026-06,three,40\nOak House,2026-07,2,0\n";
        let problems = parse_values_csv(MeasureKind::Proportion, text, LATEST).unwrap_err();
        assert_eq!(problems.iter().map(|p| (p.row, p.column.as_str())).collect::<Vec<_>>(), vec![(3, "value"), (4, "denominator")]);
        assert!(problems[0].message.contains("\"three\" is not a number"));
        let good = "Month,Service,Value,Denominator\n2026-05,Oak House,3,40\n2026-06,oak-house,\"1,200\",\"2,000\"\n";
        let values = parse_values_csv(MeasureKind::Proportion, good, LATEST).unwrap();
        assert_eq!(values.len(), 2);
        assert_eq!((values[1].row, values[1].value.value, values[1].value.denominator), (3, 1200.0, Some(2000.0)));
    }

    #[test]
    fn a_csv_without_the_needed_columns_or_with_a_month_twice_is_rejected() {
        let problems = parse_values_csv(MeasureKind::Rate, "service,month,value\nOak,2026-05,3\n", LATEST).unwrap_err();
        assert_eq!((problems[0].row, problems[0].column.as_str()), (1, "denominator"));
        let problems = parse_values_csv(MeasureKind::Count, "service,month,value\nOak,2026-05,3\nOak,2026-05,4\n", LATEST).unwrap_err();
        assert_eq!((problems[0].row, problems[0].column.as_str()), (3, "month"));
        assert_eq!(parse_values_csv(MeasureKind::Count, "service,month,value\n", LATEST).unwrap_err()[0].row, 2);
    }
}
