//! The `[style]` table: a meeting's house style, over its series' (`series = "…"`, a file of the
//! same keys in the workspace, read through [`Sources`]), validated into a [`HouseStyle`].
//!
//! The meeting's keys override the series file's. Every value is checked against its allowed
//! names; a problem in the series file is reported at the `series` key, naming the file. A draft
//! without `[style]` gets the default style, which changes nothing.

use std::path::Path;

use toml::Spanned;

use super::super::Sources;
use super::super::raw::{RawListForm, RawStyle};
use super::Validator;
use crate::wording::ja::Calendar;
use crate::wording::{DatedBy, DayOrder, HouseStyle, ListForm, Quotes, RangeMark};

const ORDERS: &[(&str, DayOrder)] = &[
    ("month-day-year", DayOrder::MonthDayYear),
    ("day-month-year", DayOrder::DayMonthYear),
];
const QUOTES: &[(&str, Quotes)] = &[("straight", Quotes::Straight), ("curly", Quotes::Curly)];

impl Validator<'_> {
    /// The house style of `raw` over its series file's.
    pub(super) fn house_style(
        &mut self,
        raw: Option<&RawStyle>,
        sources: &dyn Sources,
    ) -> HouseStyle {
        let mut style = HouseStyle::default();
        let Some(raw) = raw else {
            return style;
        };
        if let Some(series) = &raw.series {
            let base = self.file.parent().unwrap_or(Path::new("."));
            let path = base.join(series.get_ref());
            match sources
                .read_text(&path)
                .map_err(|e| e.to_string())
                .and_then(|text| {
                    toml::from_str::<RawStyle>(&text).map_err(|e| e.message().to_owned())
                }) {
                Ok(file) => self.apply_style(&mut style, &file, Some(series)),
                Err(e) => {
                    self.error(series, format!("cannot read the series style `{}`: {e}", path.display()))
                        .hints
                        .push("`series` is a file relative to this meeting.toml's folder, holding the keys of [style]".to_owned());
                }
            }
        }
        self.apply_style(&mut style, raw, None);
        style
    }

    /// Put the keys `raw` gives into `style`. `series`: the key that named the file `raw` was
    /// read from (problems are reported there), or `None` for the meeting's own table.
    fn apply_style(
        &mut self,
        style: &mut HouseStyle,
        raw: &RawStyle,
        series: Option<&Spanned<String>>,
    ) {
        let mut dates = style.dates.unwrap_or_default();
        let mut dates_given = style.dates.is_some();
        if let Some(v) = self.choose(raw.dates.as_ref(), ORDERS, "dates", series) {
            dates.order = v;
            dates_given = true;
        }
        if let Some(v) = self.choose(raw.two_days.as_ref(), RangeMark::NAMES, "two_days", series) {
            dates.two_days = v;
            dates_given = true;
        }
        let dashes = &RangeMark::NAMES[1..];
        if let Some(v) = self.choose(raw.ranges.as_ref(), dashes, "ranges", series) {
            dates.ranges = v;
            dates_given = true;
        }
        style.dates = dates_given.then_some(dates);
        if let Some(v) = self.choose(raw.dated.as_ref(), DatedBy::NAMES, "dated", series) {
            style.dated = v;
        }
        if let Some(v) = self.choose(raw.quotes.as_ref(), QUOTES, "quotes", series) {
            style.quotes = Some(v);
        }
        if let Some(v) = self.choose(raw.calendar.as_ref(), Calendar::NAMES, "calendar", series) {
            style.calendar = v;
        }
        for (name, form) in &raw.lists {
            style.lists.insert(name.clone(), list_form(form));
        }
    }

    /// The choice `v` names among `names`; an error (at `series` when given) otherwise.
    fn choose<T: Copy>(
        &mut self,
        v: Option<&Spanned<String>>,
        names: &[(&str, T)],
        key: &str,
        series: Option<&Spanned<String>>,
    ) -> Option<T> {
        let v = v?;
        if let Some((_, t)) = names.iter().find(|(n, _)| *n == v.get_ref()) {
            return Some(*t);
        }
        let allowed: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
        let (at, whose) = match series {
            Some(s) => (s, format!(" in the series style `{}`", s.get_ref())),
            None => (v, String::new()),
        };
        self.error(
            at,
            format!("[style] `{key}` cannot be `{}`{whose}", v.get_ref()),
        )
        .hints
        .push(format!("use one of: {}", allowed.join(", ")));
        None
    }
}

/// A house list style: `last` defaults to the separator, the conjunction to "and".
fn list_form(raw: &RawListForm) -> ListForm {
    ListForm {
        separator: raw.separator.clone(),
        last: raw.last.clone().unwrap_or_else(|| raw.separator.clone()),
        serial_two: raw.serial_two,
        conjunction: raw.conjunction.clone().unwrap_or_else(|| "and".to_owned()),
    }
}
