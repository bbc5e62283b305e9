//! The raw inputs: serde types that mirror what a user writes in `meeting.toml`.
//!
//! Parse, then validate: these structs only read (`deny_unknown_fields`, spans kept where a
//! later check must point back at the file); they hold no rules. The validator
//! ([`super::validate`]) turns them into the typed model ([`super::model`]). Nothing outside
//! `draft` sees them.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMeetingFile {
    pub(super) series: RawSeries,
    pub(super) meeting: RawMeeting,
    pub(super) parties: Spanned<Vec<RawParty>>,
    pub(super) previous: Option<Spanned<RawPrevious>>,
    pub(super) next: Option<RawNext>,
    #[serde(default)]
    pub(super) body: Vec<Spanned<RawBodyItem>>,
    #[serde(default)]
    pub(super) document: RawDocument,
    pub(super) signatures: Option<RawSignatures>,
    pub(super) style: Option<RawStyle>,
}

/// Inline text: one string, or pieces of wording and data values
/// (`["Both sides welcomed ", { data = "first.name" }, "’s proposal."]`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum RawText {
    Plain(String),
    Pieces(Vec<RawPiece>),
}

/// One piece of inline text: wording, or `{ data = "path" }`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum RawPiece {
    Words(String),
    Data { data: String },
}

/// `[style]`: the house style (see `validate/style.rs`); also the whole of a series style file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStyle {
    /// A series style file, relative to the meeting.toml's folder (meeting keys override it).
    pub(super) series: Option<Spanned<String>>,
    pub(super) dates: Option<Spanned<String>>,
    pub(super) two_days: Option<Spanned<String>>,
    pub(super) ranges: Option<Spanned<String>>,
    pub(super) dated: Option<Spanned<String>>,
    pub(super) quotes: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) lists: BTreeMap<String, RawListForm>,
}

/// `[style.lists.<name>]`: a list style as a structure.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawListForm {
    pub(super) separator: String,
    pub(super) last: Option<String>,
    #[serde(default)]
    pub(super) serial_two: bool,
    pub(super) conjunction: Option<String>,
}

/// What is read of a previous draft's file: its meeting and where its host is. Other keys are
/// ignored (they are that draft's business).
#[derive(Debug, Deserialize)]
pub(super) struct RawPreviousFile {
    pub(super) meeting: RawMeeting,
    #[serde(default)]
    pub(super) parties: Vec<RawPartyPlace>,
}

#[derive(Debug, Deserialize)]
pub(super) struct RawPartyPlace {
    pub(super) key: String,
    pub(super) country: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSeries {
    pub(super) name: String,
    pub(super) short_name: Option<String>,
    pub(super) brief_name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMeeting {
    pub(super) number: Spanned<i64>,
    pub(super) date: Option<Spanned<RawDates>>,
    /// Optional: a statement may name no place.
    pub(super) city: Option<String>,
    pub(super) country: Option<String>,
    pub(super) host: Spanned<String>,
    /// The order of the other parties in each copy.
    pub(super) alternat: Option<Spanned<RawAlternat>>,
}

/// `alternat = "as-listed" | "alphabetical" | ["jp", "au", "us"]`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum RawAlternat {
    Named(String),
    Given(Vec<String>),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(super) enum RawDates {
    One(String),
    Many(Vec<String>),
    /// `date = 2014-05-09` (a TOML date, unquoted).
    Native(toml::value::Datetime),
    NativeMany(Vec<toml::value::Datetime>),
}

impl RawDates {
    /// The dates as written, `YYYY-MM-DD` expected.
    pub(super) fn texts(&self) -> Vec<String> {
        match self {
            RawDates::One(s) => vec![s.clone()],
            RawDates::Many(v) => v.clone(),
            RawDates::Native(d) => vec![d.to_string()],
            RawDates::NativeMany(v) => v.iter().map(ToString::to_string).collect(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawParty {
    pub(super) key: Spanned<String>,
    pub(super) name: String,
    pub(super) short_name: Option<String>,
    pub(super) adjective: String,
    pub(super) government: String,
    pub(super) country: Option<String>,
    #[serde(default)]
    pub(super) co_chairs: Vec<String>,
    #[serde(default)]
    pub(super) participants: Vec<String>,
    pub(super) list_style: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) names: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPrevious {
    pub(super) draft: Option<Spanned<String>>,
    pub(super) number: Option<Spanned<i64>>,
    pub(super) date: Option<Spanned<RawDates>>,
    pub(super) city: Option<String>,
    pub(super) country: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawNext {
    pub(super) host: Option<Spanned<String>>,
    pub(super) city: String,
    pub(super) timing: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBodyItem {
    pub(super) clause: Option<Spanned<String>>,
    pub(super) text: Option<RawText>,
    pub(super) id: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) values: BTreeMap<String, toml::Value>,
    pub(super) parts: Option<Vec<Spanned<RawPart>>>,
    pub(super) options: Option<toml::Value>,
    pub(super) chosen: Option<toml::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPart {
    pub(super) clause: Option<Spanned<String>>,
    pub(super) text: Option<RawText>,
    #[serde(default)]
    pub(super) values: BTreeMap<String, toml::Value>,
    pub(super) options: Option<toml::Value>,
    pub(super) chosen: Option<toml::Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDocument {
    pub(super) paper: Option<Spanned<String>>,
    pub(super) margins_mm: Option<Spanned<[f32; 4]>>,
    pub(super) language: Option<String>,
    pub(super) font: Option<String>,
    pub(super) east_asian_font: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSignatures {
    #[serde(default)]
    pub(super) done_at: bool,
    #[serde(default)]
    pub(super) languages: Vec<String>,
    #[serde(default)]
    pub(super) signatories: Vec<RawSignatory>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSignatory {
    pub(super) party: Spanned<String>,
    #[serde(default)]
    pub(super) name: String,
    #[serde(default)]
    pub(super) title: String,
}

/// The fields a body part is made of, the same whether written as a `[[body]]` paragraph or as
/// an entry of its `parts`.
#[derive(Debug, Clone, Copy)]
pub(super) struct PartFields<'r> {
    pub(super) clause: Option<&'r Spanned<String>>,
    pub(super) text: Option<&'r RawText>,
    pub(super) values: &'r BTreeMap<String, toml::Value>,
    pub(super) options: Option<&'r toml::Value>,
    pub(super) chosen: Option<&'r toml::Value>,
}

impl RawBodyItem {
    /// The paragraph as its own one part.
    pub(super) fn fields(&self) -> PartFields<'_> {
        PartFields {
            clause: self.clause.as_ref(),
            text: self.text.as_ref(),
            values: &self.values,
            options: self.options.as_ref(),
            chosen: self.chosen.as_ref(),
        }
    }
}

impl RawPart {
    /// The part's fields.
    pub(super) fn fields(&self) -> PartFields<'_> {
        PartFields {
            clause: self.clause.as_ref(),
            text: self.text.as_ref(),
            values: &self.values,
            options: self.options.as_ref(),
            chosen: self.chosen.as_ref(),
        }
    }
}
