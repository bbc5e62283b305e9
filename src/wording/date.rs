//! The one date type, [`SimpleDate`], with all its behaviour: reading `YYYY-MM-DD`, calendar
//! arithmetic (days in a month, the next day, consecutive days), timestamps for the exporters,
//! and spelling one day or a meeting's consecutive days in the genre's styles ("May 9, 2014",
//! "August 26 and 27, 2024", "9 May 2014").
//!
//! A plain proleptic Gregorian date without time zone: no clock is read anywhere (outputs must
//! not depend on when they are built), and no date crate is needed for what statements print.
//! Reading dates out of running prose ("held on May 9, 2014 in …") is the extractor's job; it
//! builds days with [`SimpleDate::new`].

use std::fmt;

use serde::{Deserialize, Serialize};

/// English month names, for reading and writing dates.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// What a date not yet set prints as: the drafter's placeholder, refused in final copies.
pub const DATE_PLACEHOLDER: &str = "[date]";

/// A calendar date without time zone (timestamps are pinned to midnight UTC of it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SimpleDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl SimpleDate {
    /// The date, if `day` exists in that month of that year.
    pub fn new(year: i32, month: u8, day: u8) -> Option<SimpleDate> {
        (1..=days_in_month(year, month))
            .contains(&day)
            .then_some(SimpleDate { year, month, day })
    }

    /// Parse `YYYY-MM-DD` into a real calendar date.
    pub fn parse_iso(text: &str) -> Option<SimpleDate> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let year: i32 = text[0..4].parse().ok()?;
        let month: u8 = text[5..7].parse().ok()?;
        let day: u8 = text[8..10].parse().ok()?;
        SimpleDate::new(year, month, day)
    }

    /// The day after this one.
    pub fn next_day(self) -> SimpleDate {
        if self.day < days_in_month(self.year, self.month) {
            SimpleDate {
                day: self.day + 1,
                ..self
            }
        } else if self.month < 12 {
            SimpleDate {
                month: self.month + 1,
                day: 1,
                ..self
            }
        } else {
            SimpleDate {
                year: self.year + 1,
                month: 1,
                day: 1,
            }
        }
    }

    /// The month's English name ("May").
    pub fn month_name(self) -> &'static str {
        MONTHS[usize::from(self.month.clamp(1, 12)) - 1]
    }

    /// `YYYY-MM-DDT00:00:00Z`, the form DOCX core properties want.
    pub fn iso_timestamp(&self) -> String {
        format!("{self}T00:00:00Z")
    }

    /// `D:YYYYMMDD000000Z`, the form of a PDF date string (midnight UTC of this date).
    pub fn pdf_timestamp(&self) -> String {
        format!("D:{:04}{:02}{:02}000000Z", self.year, self.month, self.day)
    }

    /// Seconds since the Unix epoch at midnight UTC of this date (for zip/PDF timestamps).
    pub fn unix_seconds(&self) -> i64 {
        // Days from civil, after Howard Hinnant's algorithm.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let d = i64::from(self.day);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        (era * 146_097 + doe - 719_468) * 86_400
    }
}

/// `YYYY-MM-DD`.
impl fmt::Display for SimpleDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Parse `YYYY-MM-DD` into a real calendar date (see [`SimpleDate::parse_iso`]).
pub fn parse_iso_date(text: &str) -> Option<SimpleDate> {
    SimpleDate::parse_iso(text)
}

/// Days in a month of the proleptic Gregorian calendar (0 for a month that does not exist).
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// The first pair of neighbours in `days` that are not consecutive days, if any.
pub fn first_gap(days: &[SimpleDate]) -> Option<(SimpleDate, SimpleDate)> {
    days.windows(2)
        .find(|pair| pair[0].next_day() != pair[1])
        .map(|pair| (pair[0], pair[1]))
}

/// How a date is spelled out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateStyle {
    /// "May 9, 2014"; "August 26 and 27, 2024"; "August 26–28, 2024".
    #[default]
    Long,
    /// "9 May 2014"; "26 and 27 August 2024".
    Dmy,
    /// "May 2014".
    MonthYear,
    /// "2014".
    Year,
    /// "2014-05-09" (the first day).
    Iso,
}

impl DateStyle {
    /// The names templates give (`style="dmy"`), in the order the hint lists them.
    pub const NAMES: &'static [&'static str] = &["long", "dmy", "month-year", "year", "iso"];

    /// The style named `name`, or `None` for a name templates do not know.
    pub fn parse(name: &str) -> Option<DateStyle> {
        DateStyle::NAMES
            .contains(&name)
            .then(|| DateStyle::from_name(name))
    }

    /// The style a template names (`style="dmy"`); any other name is the long style, as it
    /// always has been for templates.
    pub fn from_name(name: &str) -> DateStyle {
        match name {
            "iso" => DateStyle::Iso,
            "year" => DateStyle::Year,
            "month-year" => DateStyle::MonthYear,
            "dmy" => DateStyle::Dmy,
            _ => DateStyle::Long,
        }
    }
}

/// Spell out one date or consecutive days in a style named as templates name it (`long`,
/// `dmy`, `month-year`, `year`, `iso`); `None` for no days.
pub fn format_dates(days: &[SimpleDate], style: &str) -> Option<String> {
    format_days(days, DateStyle::from_name(style))
}

/// Spell out one date or consecutive days in `style`; `None` for no days.
pub fn format_days(days: &[SimpleDate], style: DateStyle) -> Option<String> {
    let first = *days.first()?;
    let last = *days.last()?;
    Some(match style {
        DateStyle::Iso => first.to_string(),
        DateStyle::Year => first.year.to_string(),
        DateStyle::MonthYear => format!("{} {}", first.month_name(), first.year),
        DateStyle::Dmy => dmy(first, last, days.len()),
        DateStyle::Long => long(first, last, days.len()),
    })
}

/// "9 May 2014", "26 and 27 August 2024", "26–28 August 2024", "31 August 2024 – 2 September 2024".
fn dmy(first: SimpleDate, last: SimpleDate, count: usize) -> String {
    let (m1, m2) = (first.month_name(), last.month_name());
    if count == 1 {
        format!("{} {m1} {}", first.day, first.year)
    } else if first.month == last.month && first.year == last.year {
        let sep = if count == 2 { " and " } else { "\u{2013}" };
        format!("{}{sep}{} {m1} {}", first.day, last.day, first.year)
    } else {
        format!(
            "{} {m1} {} \u{2013} {} {m2} {}",
            first.day, first.year, last.day, last.year
        )
    }
}

/// "May 9, 2014", "August 26 and 27, 2024", "August 26–28, 2024", "August 31 and September 1,
/// 2024", "December 31, 2024 and January 1, 2025".
fn long(first: SimpleDate, last: SimpleDate, count: usize) -> String {
    let (m1, m2) = (first.month_name(), last.month_name());
    // Across months or years the two ends are written in full, with spaces round a dash.
    let wide_sep = if count == 2 { " and " } else { " \u{2013} " };
    if count == 1 {
        format!("{m1} {}, {}", first.day, first.year)
    } else if first.year != last.year {
        format!(
            "{m1} {}, {}{wide_sep}{m2} {}, {}",
            first.day, first.year, last.day, last.year
        )
    } else if first.month != last.month {
        format!(
            "{m1} {}{wide_sep}{m2} {}, {}",
            first.day, last.day, last.year
        )
    } else if count == 2 {
        format!("{m1} {} and {}, {}", first.day, last.day, first.year)
    } else {
        format!("{m1} {}\u{2013}{}, {}", first.day, last.day, first.year)
    }
}

/// Move every four-digit year in a timing phrase on by `shift` ("the first half of 2015" -> 2016).
pub fn shift_years(timing: &str, shift: i32) -> String {
    let mut out = String::with_capacity(timing.len());
    let chars: Vec<char> = timing.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let is_year = i + 4 <= chars.len()
            && chars[i..i + 4].iter().all(char::is_ascii_digit)
            && (i == 0 || !chars[i - 1].is_ascii_digit())
            && (i + 4 == chars.len() || !chars[i + 4].is_ascii_digit());
        if is_year {
            let year: String = chars[i..i + 4].iter().collect();
            let y: i32 = year.parse().unwrap_or(0);
            out.push_str(&(y + shift).to_string());
            i += 4;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: i32, month: u8, day: u8) -> SimpleDate {
        SimpleDate { year, month, day }
    }

    // Calendar validation rejects impossible days and accepts leap days.
    #[test]
    fn iso_dates_are_real_days() {
        assert_eq!(parse_iso_date("2014-05-09"), Some(d(2014, 5, 9)));
        assert_eq!(parse_iso_date("2024-02-29").map(|d| d.day), Some(29));
        assert_eq!(parse_iso_date("2023-02-29"), None);
        assert_eq!(parse_iso_date("1900-02-29"), None);
        assert_eq!(parse_iso_date("2000-02-29").map(|d| d.day), Some(29));
        assert_eq!(parse_iso_date("May 9, 2014"), None);
        assert_eq!(parse_iso_date("2014-13-01"), None);
        assert_eq!(parse_iso_date("2014-04-31"), None);
        assert_eq!(parse_iso_date("2014-5-09"), None);
        assert_eq!(d(2014, 5, 9).to_string(), "2014-05-09");
    }

    // The next day rolls over months and years; gaps between meeting days are found.
    #[test]
    fn calendar_arithmetic() {
        assert_eq!(d(2024, 2, 28).next_day(), d(2024, 2, 29));
        assert_eq!(d(2023, 2, 28).next_day(), d(2023, 3, 1));
        assert_eq!(d(2024, 12, 31).next_day(), d(2025, 1, 1));
        assert_eq!(first_gap(&[d(2024, 8, 31), d(2024, 9, 1)]), None);
        assert_eq!(
            first_gap(&[d(2024, 8, 26), d(2024, 8, 27), d(2024, 8, 29)]),
            Some((d(2024, 8, 27), d(2024, 8, 29)))
        );
        assert_eq!(SimpleDate::new(2014, 0, 1), None);
        assert_eq!(d(1970, 1, 2).unix_seconds(), 86_400);
        assert_eq!(d(2014, 5, 9).iso_timestamp(), "2014-05-09T00:00:00Z");
        assert_eq!(d(2014, 5, 9).pdf_timestamp(), "D:20140509000000Z");
        assert_eq!(d(2014, 5, 9).unix_seconds(), 1_399_593_600);
    }

    // One day in every style.
    #[test]
    fn one_day_in_every_style() {
        let day = [d(2014, 5, 9)];
        let f = |style| format_dates(&day, style).unwrap();
        assert_eq!(f("long"), "May 9, 2014");
        assert_eq!(f("dmy"), "9 May 2014");
        assert_eq!(f("month-year"), "May 2014");
        assert_eq!(f("year"), "2014");
        assert_eq!(f("iso"), "2014-05-09");
        assert_eq!(f("unknown"), "May 9, 2014");
        assert_eq!(format_dates(&[], "long"), None);
    }

    // Meetings over several days read as a drafter writes them, in both orders of day and month.
    #[test]
    fn ranges_of_days() {
        let two = [d(2024, 8, 26), d(2024, 8, 27)];
        let three = [d(2024, 8, 26), d(2024, 8, 27), d(2024, 8, 28)];
        let months = [d(2024, 8, 31), d(2024, 9, 1)];
        let months3 = [d(2024, 8, 31), d(2024, 9, 1), d(2024, 9, 2)];
        let years = [d(2024, 12, 31), d(2025, 1, 1)];
        let years3 = [d(2024, 12, 31), d(2025, 1, 1), d(2025, 1, 2)];
        let long = |days: &[SimpleDate]| format_days(days, DateStyle::Long).unwrap();
        let dmy = |days: &[SimpleDate]| format_days(days, DateStyle::Dmy).unwrap();
        assert_eq!(long(&two), "August 26 and 27, 2024");
        assert_eq!(long(&three), "August 26\u{2013}28, 2024");
        assert_eq!(long(&months), "August 31 and September 1, 2024");
        assert_eq!(long(&months3), "August 31 \u{2013} September 2, 2024");
        assert_eq!(long(&years), "December 31, 2024 and January 1, 2025");
        assert_eq!(long(&years3), "December 31, 2024 \u{2013} January 2, 2025");
        assert_eq!(dmy(&two), "26 and 27 August 2024");
        assert_eq!(dmy(&three), "26\u{2013}28 August 2024");
        assert_eq!(dmy(&months), "31 August 2024 \u{2013} 1 September 2024");
        assert_eq!(format_days(&three, DateStyle::Iso).unwrap(), "2024-08-26");
        assert_eq!(format_days(&years, DateStyle::Year).unwrap(), "2024");
    }

    // Timing phrases move on by whole years.
    #[test]
    fn timing_years_shift() {
        assert_eq!(
            shift_years("the first half of 2015", 1),
            "the first half of 2016"
        );
        assert_eq!(shift_years("2016 or 2017", 2), "2018 or 2019");
        assert_eq!(shift_years("early next year", 1), "early next year");
    }
}
