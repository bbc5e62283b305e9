//! The genre's wording: ordinals ("third", "Third", "3rd"), dates (one day or a meeting's
//! consecutive days, in the styles statements use, and the `[date]` placeholder), list joining
//! (comma, serial comma, semicolons; any conjunction) and capitalisation; and their Japanese
//! forms in [`ja`] (第2回, 2014年5月9日 or 平成26年5月9日, 、 and 及び, 日米).
//!
//! Plain functions over plain values, so that every part of chancery that writes or reads these
//! phrases shares one definition: the handlebars helpers (`templates`) are thin wrappers over
//! them, and `next` and `clauses extract` call them directly. This module is a leaf: it imports
//! nothing else of ours, does no I/O, and knows nothing of templates or the document model
//! (the document model takes its date type from here).

pub mod case;
pub mod date;
pub mod ja;
pub mod list;
pub mod ordinal;
pub mod style;

pub use case::{LetterCase, capitalize, with_case};
pub use date::{
    DATE_PLACEHOLDER, DateStyle, MONTHS, SimpleDate, days_in_month, first_gap, format_dates,
    format_days, parse_iso_date, shift_years,
};
pub use list::{ListForm, ListStyle, join_list};
pub use ordinal::{OrdinalForm, ordinal, ordinal_numeric, ordinal_word, parse_ordinal};
pub use style::{
    DateForm, DatedBy, DayOrder, HouseStyle, Quotes, RangeMark, apply_quotes, format_range,
};
