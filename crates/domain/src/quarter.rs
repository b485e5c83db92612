//! Calendar quarters, as quarterly reviews are kept: `2026-Q3` is July to
//! September 2026, stored as `20263` (year * 10 + quarter).

use jiff::civil::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Quarter {
    pub year: i16,
    /// 1 to 4.
    pub number: i8,
}

const MONTH_NAMES: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

impl Quarter {
    /// `2026-Q3` (any case, surrounding spaces ignored); None otherwise.
    pub fn parse(text: &str) -> Option<Quarter> {
        let (year, number) = text.trim().split_once(['-', ' '])?;
        let number = number.trim().strip_prefix(['Q', 'q'])?;
        let year: i16 = year.trim().parse().ok().filter(|y| (1900..=9999).contains(y))?;
        let number: i8 = number.parse().ok().filter(|n| (1..=4).contains(n))?;
        Some(Quarter { year, number })
    }

    pub fn from_key(key: i64) -> Option<Quarter> {
        let (year, number) = (key / 10, key % 10);
        ((1900..=9999).contains(&year) && (1..=4).contains(&number)).then_some(Quarter { year: year as i16, number: number as i8 })
    }

    pub fn key(self) -> i64 {
        i64::from(self.year) * 10 + i64::from(self.number)
    }

    pub fn containing(day: Date) -> Quarter {
        Quarter { year: day.year(), number: (day.month() - 1) / 3 + 1 }
    }

    /// The last quarter that has ended on `today`.
    pub fn last_complete(today: Date) -> Quarter {
        Quarter::containing(today).previous()
    }

    pub fn previous(self) -> Quarter {
        if self.number == 1 { Quarter { year: self.year - 1, number: 4 } } else { Quarter { year: self.year, number: self.number - 1 } }
    }

    pub fn next(self) -> Quarter {
        if self.number == 4 { Quarter { year: self.year + 1, number: 1 } } else { Quarter { year: self.year, number: self.number + 1 } }
    }

    /// Its three months as `year * 100 + month`.
    pub fn months(self) -> [i32; 3] {
        let first = i32::from(self.year) * 100 + i32::from(self.number - 1) * 3 + 1;
        [first, first + 1, first + 2]
    }

    pub fn first_day(self) -> Date {
        jiff::civil::date(self.year, (self.number - 1) * 3 + 1, 1)
    }

    /// The first day of the next quarter (the end, exclusive).
    pub fn end_day(self) -> Date {
        self.next().first_day()
    }

    /// `2026-Q3`.
    pub fn code(self) -> String {
        format!("{}-Q{}", self.year, self.number)
    }

    /// "July to September 2026".
    pub fn label(self) -> String {
        let first = (self.number as usize - 1) * 3;
        format!("{} to {} {}", MONTH_NAMES[first], MONTH_NAMES[first + 2], self.year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn codes_parse_and_print_both_ways() {
        let q = Quarter::parse(" 2026-q3 ").unwrap();
        assert_eq!((q.year, q.number, q.key(), q.code()), (2026, 3, 20263, "2026-Q3".to_string()));
        assert_eq!(Quarter::from_key(20263), Some(q));
        assert_eq!(q.label(), "July to September 2026");
        assert_eq!(q.months(), [202607, 202608, 202609]);
        for bad in ["2026-Q5", "2026-Q0", "2026", "Q3-2026", "26-Q1", ""] {
            assert_eq!(Quarter::parse(bad), None, "{bad}");
        }
        assert_eq!(Quarter::from_key(20265), None);
    }

    #[test]
    fn quarters_follow_each_other_across_years() {
        let q4 = Quarter { year: 2025, number: 4 };
        assert_eq!(q4.next(), Quarter { year: 2026, number: 1 });
        assert_eq!(q4.next().previous(), q4);
        assert_eq!((q4.first_day(), q4.end_day()), (date(2025, 10, 1), date(2026, 1, 1)));
        assert_eq!(Quarter::containing(date(2026, 12, 2)), Quarter { year: 2026, number: 4 });
        assert_eq!(Quarter::last_complete(date(2026, 12, 2)), Quarter { year: 2026, number: 3 });
        assert_eq!(Quarter::last_complete(date(2026, 1, 1)), q4);
    }
}
