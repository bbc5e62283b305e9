//! House style as data: how a series (or one meeting) writes dates, lists and quotes.
//!
//! [`HouseStyle`] is the validated form of a `[style]` table; its parts are plain values the
//! wording functions take ([`DateForm`] for [`format_range`], [`crate::wording::ListForm`] for
//! lists, [`Quotes`] for [`apply_quotes`]). A style that says nothing changes nothing: every
//! existing statement prints as it always has. Nothing here reads files or knows templates.

use std::collections::BTreeMap;

use super::date::SimpleDate;
use super::ja::Calendar;
use super::list::ListForm;

/// A series' or a meeting's house style. `Default` is the style chancery always had.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HouseStyle {
    /// How dates are spelled out; `None`: the long style of templates, as always.
    pub dates: Option<DateForm>,
    /// Which day dates the statement (`{{date meeting.dates day="statement"}}`).
    pub dated: DatedBy,
    /// Quotes and apostrophes; `None`: as written.
    pub quotes: Option<Quotes>,
    /// List styles the house defines, by name (usable as `join style="name"`).
    pub lists: BTreeMap<String, ListForm>,
    /// The calendar of Japanese dates (`{{date}}` in a `+++ ja` body): 2014年 or 平成26年.
    /// English dates are always Gregorian.
    pub calendar: Calendar,
}

/// Day-month order of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DayOrder {
    /// "May 9, 2014".
    #[default]
    MonthDayYear,
    /// "9 May 2014".
    DayMonthYear,
}

/// What joins the ends of a range of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeMark {
    /// "August 26 and 27".
    And,
    /// "March 20-21".
    Hyphen,
    /// "20–21 March".
    EnDash,
}

impl RangeMark {
    /// Every mark by the name a `[style]` table gives.
    pub const NAMES: &'static [(&'static str, RangeMark)] = &[
        ("and", RangeMark::And),
        ("hyphen", RangeMark::Hyphen),
        ("en-dash", RangeMark::EnDash),
    ];

    fn text(self) -> &'static str {
        match self {
            RangeMark::And => " and ",
            RangeMark::Hyphen => "-",
            RangeMark::EnDash => "\u{2013}",
        }
    }
}

/// A house's date style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateForm {
    pub order: DayOrder,
    /// Between the two days of a two-day meeting.
    pub two_days: RangeMark,
    /// Between the ends of a range of three days or more.
    pub ranges: RangeMark,
}

impl Default for DateForm {
    fn default() -> Self {
        DateForm {
            order: DayOrder::MonthDayYear,
            two_days: RangeMark::And,
            ranges: RangeMark::EnDash,
        }
    }
}

/// Which of a meeting's days dates the statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DatedBy {
    /// All of them ("August 26 and 27, 2024").
    #[default]
    AllDays,
    FirstDay,
    LastDay,
}

impl DatedBy {
    /// Every choice by the name a `[style]` table gives.
    pub const NAMES: &'static [(&'static str, DatedBy)] = &[
        ("all", DatedBy::AllDays),
        ("first", DatedBy::FirstDay),
        ("last", DatedBy::LastDay),
    ];
}

/// Quotes and apostrophes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quotes {
    /// ' and ".
    Straight,
    /// ’ ‘ and “ ”.
    Curly,
}

/// Spell out consecutive `days` (first to last) in `form`; `None` for no days.
/// "May 31–June 1, 2024", "20–21 March 2024", "December 31, 2024–January 1, 2025".
pub fn format_range(days: &[SimpleDate], form: DateForm) -> Option<String> {
    let (first, last) = (*days.first()?, *days.last()?);
    let mark = if days.len() == 2 {
        form.two_days
    } else {
        form.ranges
    }
    .text();
    let (d1, m1, y1) = (first.day, first.month_name(), first.year);
    let (d2, m2, y2) = (last.day, last.month_name(), last.year);
    Some(match (form.order, days.len()) {
        (DayOrder::MonthDayYear, 1) => format!("{m1} {d1}, {y1}"),
        (DayOrder::DayMonthYear, 1) => format!("{d1} {m1} {y1}"),
        (DayOrder::MonthDayYear, _) if y1 != y2 => format!("{m1} {d1}, {y1}{mark}{m2} {d2}, {y2}"),
        (DayOrder::DayMonthYear, _) if y1 != y2 => format!("{d1} {m1} {y1}{mark}{d2} {m2} {y2}"),
        (DayOrder::MonthDayYear, _) if m1 != m2 => format!("{m1} {d1}{mark}{m2} {d2}, {y2}"),
        (DayOrder::DayMonthYear, _) if m1 != m2 => format!("{d1} {m1}{mark}{d2} {m2} {y2}"),
        (DayOrder::MonthDayYear, _) => format!("{m1} {d1}{mark}{d2}, {y1}"),
        (DayOrder::DayMonthYear, _) => format!("{d1}{mark}{d2} {m1} {y1}"),
    })
}

/// `text` with its quotes and apostrophes in `quotes`, `before` being the character that
/// precedes it (text is often cut in runs). An opening quote follows a space, an opening
/// bracket or dash, or the start; any other is closing (an apostrophe is a closing single quote).
pub fn apply_quotes(text: &str, quotes: Quotes, before: Option<char>) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut prev = before;
    for c in text.chars() {
        let opening = prev.is_none_or(|p| {
            p.is_whitespace()
                || matches!(
                    p,
                    '(' | '['
                        | '{'
                        | '\u{2013}'
                        | '\u{2014}'
                        | '\u{201C}'
                        | '\u{2018}'
                        | '"'
                        | '\''
                )
        });
        let mapped = match (quotes, c) {
            (Quotes::Curly, '\'') if opening => '\u{2018}',
            (Quotes::Curly, '\'') => '\u{2019}',
            (Quotes::Curly, '"') if opening => '\u{201C}',
            (Quotes::Curly, '"') => '\u{201D}',
            (Quotes::Straight, '\u{2018}' | '\u{2019}') => '\'',
            (Quotes::Straight, '\u{201C}' | '\u{201D}') => '"',
            (_, other) => other,
        };
        out.push(mapped);
        prev = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(from: &str, n: usize) -> Vec<SimpleDate> {
        let mut d = SimpleDate::parse_iso(from).unwrap();
        let mut out = vec![d];
        for _ in 1..n {
            d = d.next_day();
            out.push(d);
        }
        out
    }

    // Every order × mark, in a month, across months and across years.
    #[test]
    fn ranges_in_every_form() {
        let mdy = |two_days| DateForm {
            order: DayOrder::MonthDayYear,
            two_days,
            ranges: RangeMark::EnDash,
        };
        let dmy = |two_days| DateForm {
            order: DayOrder::DayMonthYear,
            two_days,
            ranges: RangeMark::EnDash,
        };
        let f = |d: &[SimpleDate], form| format_range(d, form).unwrap();
        assert_eq!(
            f(&days("2024-03-20", 2), mdy(RangeMark::Hyphen)),
            "March 20-21, 2024"
        );
        assert_eq!(
            f(&days("2024-03-20", 2), dmy(RangeMark::EnDash)),
            "20\u{2013}21 March 2024"
        );
        assert_eq!(
            f(&days("2024-08-26", 2), mdy(RangeMark::And)),
            "August 26 and 27, 2024"
        );
        assert_eq!(
            f(&days("2024-05-31", 2), mdy(RangeMark::EnDash)),
            "May 31\u{2013}June 1, 2024"
        );
        assert_eq!(
            f(&days("2024-05-31", 2), dmy(RangeMark::EnDash)),
            "31 May\u{2013}1 June 2024"
        );
        assert_eq!(
            f(&days("2024-12-31", 2), mdy(RangeMark::EnDash)),
            "December 31, 2024\u{2013}January 1, 2025"
        );
        assert_eq!(
            f(&days("2024-03-20", 3), mdy(RangeMark::And)),
            "March 20\u{2013}22, 2024"
        );
        assert_eq!(f(&days("2014-05-09", 1), dmy(RangeMark::And)), "9 May 2014");
    }

    // Curly quotes open after a space or the start and close elsewhere; straight undoes them.
    #[test]
    fn quotes_both_ways() {
        let curly = apply_quotes(
            "the \"Quad\" partners' 'shared' vision",
            Quotes::Curly,
            None,
        );
        assert_eq!(
            curly,
            "the \u{201C}Quad\u{201D} partners\u{2019} \u{2018}shared\u{2019} vision"
        );
        assert_eq!(
            apply_quotes(&curly, Quotes::Straight, None),
            "the \"Quad\" partners' 'shared' vision"
        );
        assert_eq!(apply_quotes("'s", Quotes::Curly, Some('U')), "\u{2019}s");
    }
}
