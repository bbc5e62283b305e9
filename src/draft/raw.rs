//! The raw inputs: serde types that mirror what a user writes in `meeting.toml`.
//!
//! Parse, then validate: these structs only read (`deny_unknown_fields`, spans kept where a
//! later check must point back at the file); they hold no rules. The validator
//! ([`super::validate`]) turns them into the typed model ([`super::model`]). Nothing outside
//! `draft` sees them.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMeetingFile {
    /// The dialogue: its name and shorter forms.
    pub(super) series: RawSeries,
    /// This meeting: number, date, place, host.
    pub(super) meeting: RawMeeting,
    /// Two or more parties; this order is the default copy order.
    #[schemars(with = "Vec<RawParty>")]
    pub(super) parties: Spanned<Vec<RawParty>>,
    /// The previous meeting: its values, or `draft = "../<folder>"` to read them from its meeting.toml.
    #[schemars(with = "Option<RawPrevious>")]
    pub(super) previous: Option<Spanned<RawPrevious>>,
    /// The next meeting, announced in the statement.
    pub(super) next: Option<RawNext>,
    /// The paragraphs, in order: a clause, one-off text, or parts.
    #[serde(default)]
    #[schemars(with = "Vec<RawBodyItem>")]
    pub(super) body: Vec<Spanned<RawBodyItem>>,
    /// Paper, margins, language and fonts (optional).
    #[serde(default)]
    pub(super) document: RawDocument,
    /// A signature page (optional).
    pub(super) signatures: Option<RawSignatures>,
    /// The house style: dates, lists, quotes (optional; saying nothing changes nothing).
    pub(super) style: Option<RawStyle>,
    /// Reviewers' comments, recorded by `chancery absorb` from a returned file: listed by
    /// `check` and shown in the HTML, never printed in the statement.
    #[serde(default)]
    #[schemars(with = "Vec<RawNote>")]
    pub(super) notes: Vec<Spanned<RawNote>>,
    /// A party's proposed change of a data value (a name, a date, a list item), recorded by
    /// `chancery absorb`: open until the value is edited and the entry removed.
    #[serde(default)]
    #[schemars(with = "Vec<RawValueChange>")]
    pub(super) value_changes: Vec<Spanned<RawValueChange>>,
}

/// `[[notes]]`: a reviewer's comment on the draft.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawNote {
    /// The body paragraph it is attached to (its id); none for the title lines.
    pub(super) item: Option<String>,
    /// The party whose reviewer wrote it.
    pub(super) party: String,
    /// The reviewer's name as the file gives it.
    #[serde(default)]
    pub(super) author: String,
    /// When it was written, as the file gives it.
    #[serde(default)]
    pub(super) date: String,
    /// The words it is anchored on.
    #[serde(default)]
    pub(super) on: String,
    /// The comment.
    pub(super) text: String,
    /// Answers to it, in order.
    #[serde(default)]
    pub(super) replies: Vec<RawReply>,
}

/// An answer to a note.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawReply {
    #[serde(default)]
    pub(super) author: String,
    #[serde(default)]
    pub(super) date: String,
    pub(super) text: String,
}

/// `[[value_changes]]`: a party's proposed change of a data value.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawValueChange {
    /// The body paragraph it was found in (its id); none for the title lines.
    pub(super) item: Option<String>,
    /// The proposing party.
    pub(super) party: String,
    /// The words as sent.
    pub(super) was: String,
    /// The words proposed.
    pub(super) proposed: String,
    /// Where it came from (the returned file, the reviser, tracked or not).
    #[serde(default)]
    pub(super) source: String,
}

/// A proposal on a body paragraph: `{ at = "words as sent", options = [...], chosen = … }`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawProposal {
    /// The words of the paragraph the alternatives are for, exactly as they print.
    pub(super) at: String,
    /// The alternatives, the paragraph's own words first: `[{ party = "jp", text = "…" }, …]`.
    #[schemars(with = "serde_json::Value")]
    pub(super) options: toml::Value,
    /// The agreed alternative: a party key or a number.
    #[schemars(with = "Option<serde_json::Value>")]
    pub(super) chosen: Option<toml::Value>,
}

/// Inline text: one string, or pieces of wording and data values
/// (`["Both sides welcomed ", { data = "first.name" }, "’s proposal."]`).
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub(super) enum RawText {
    Plain(String),
    Pieces(Vec<RawPiece>),
}

/// One piece of inline text: wording, or `{ data = "path" }`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub(super) enum RawPiece {
    Words(String),
    Data { data: String },
}

/// `[style]`: the house style (see `validate/style.rs`); also the whole of a series style file.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStyle {
    /// A series style file, relative to the meeting.toml's folder (meeting keys override it).
    #[schemars(with = "Option<String>")]
    pub(super) series: Option<Spanned<String>>,
    /// "month-day-year" (May 9, 2014) or "day-month-year" (9 May 2014).
    #[schemars(with = "Option<String>", extend("enum" = ["month-day-year", "day-month-year"]))]
    pub(super) dates: Option<Spanned<String>>,
    /// "and" | "hyphen" | "en-dash".
    #[schemars(with = "Option<String>", extend("enum" = ["and", "hyphen", "en-dash"]))]
    pub(super) two_days: Option<Spanned<String>>,
    /// "hyphen" | "en-dash", for three days or more and across months.
    #[schemars(with = "Option<String>", extend("enum" = ["hyphen", "en-dash"]))]
    pub(super) ranges: Option<Spanned<String>>,
    /// The day `date day="statement"` prints: "all" | "first" | "last".
    #[schemars(with = "Option<String>", extend("enum" = ["all", "first", "last"]))]
    pub(super) dated: Option<Spanned<String>>,
    /// "curly" or "straight", on wording and data alike.
    #[schemars(with = "Option<String>", extend("enum" = ["curly", "straight"]))]
    pub(super) quotes: Option<Spanned<String>>,
    /// The calendar of Japanese dates: "gregorian" (2014年5月9日) or "era" (平成26年5月9日).
    #[schemars(with = "Option<String>", extend("enum" = ["gregorian", "era"]))]
    pub(super) calendar: Option<Spanned<String>>,
    /// More list styles: `topics = { separator = "; ", conjunction = "and" }`.
    #[serde(default)]
    pub(super) lists: BTreeMap<String, RawListForm>,
}

/// `[style.lists.<name>]`: a list style as a structure.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub(super) struct RawPreviousFile {
    pub(super) meeting: RawMeeting,
    #[serde(default)]
    pub(super) parties: Vec<RawPartyPlace>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub(super) struct RawPartyPlace {
    pub(super) key: String,
    pub(super) country: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSeries {
    /// The series' name: "… of the Japan-U.S. Comprehensive Dialogue on Space".
    pub(super) name: String,
    /// "the First Comprehensive Dialogue" (default: name).
    pub(super) short_name: Option<String>,
    /// "the third meeting of the Dialogue" (default: Dialogue).
    pub(super) brief_name: Option<String>,
    /// The same in other languages, by language tag: `[series.lang.ja]`.
    #[serde(default)]
    pub(super) lang: BTreeMap<String, RawSeriesText>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMeeting {
    /// The meeting's number, 1 or more; spelled out by the templates.
    #[schemars(with = "i64")]
    #[schemars(range(min = 1))]
    pub(super) number: Spanned<i64>,
    /// "YYYY-MM-DD", or a list of consecutive days.
    #[schemars(with = "Option<RawDates>")]
    pub(super) date: Option<Spanned<RawDates>>,
    /// Optional: a statement may name no place.
    pub(super) city: Option<String>,
    /// Default: the host party's `country`.
    pub(super) country: Option<String>,
    /// The key of the hosting party.
    #[schemars(with = "String")]
    pub(super) host: Spanned<String>,
    /// The order of the other parties in each copy.
    #[schemars(with = "Option<RawAlternat>")]
    pub(super) alternat: Option<Spanned<RawAlternat>>,
    /// The same in other languages, by language tag: `[meeting.lang.ja]`.
    #[serde(default)]
    pub(super) lang: BTreeMap<String, RawPlaceText>,
}

/// `alternat = "as-listed" | "alphabetical" | ["jp", "au", "us"]`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub(super) enum RawAlternat {
    Named(String),
    Given(Vec<String>),
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub(super) enum RawDates {
    One(String),
    Many(Vec<String>),
    /// `date = 2014-05-09` (a TOML date, unquoted).
    #[schemars(skip)]
    Native(toml::value::Datetime),
    #[schemars(skip)]
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

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawParty {
    /// A lowercase code for the party, used elsewhere in the inputs ("jp").
    #[schemars(with = "String")]
    pub(super) key: Spanned<String>,
    /// In running text: "for the United States".
    pub(super) name: String,
    /// In compounds: "Japan-U.S." (default: name).
    pub(super) short_name: Option<String>,
    /// "from the Japanese side".
    pub(super) adjective: String,
    /// "the Government of Japan".
    pub(super) government: String,
    /// After a city: "Tokyo, Japan" (omit for the city alone).
    pub(super) country: Option<String>,
    /// The offices co-chairing for this party.
    #[serde(default)]
    pub(super) co_chairs: Vec<String>,
    /// The agencies taking part.
    #[serde(default)]
    pub(super) participants: Vec<String>,
    /// How this party's lists are joined: comma, oxford, semicolon, oxford-pair, semicolon-plain, or a style of [style.lists].
    #[schemars(with = "Option<String>")]
    pub(super) list_style: Option<Spanned<String>>,
    /// The name in other languages: `{ ja = "日本国" }`.
    #[serde(default)]
    pub(super) names: BTreeMap<String, String>,
    /// The same in other languages, by language tag: `[parties.lang.ja]`.
    #[serde(default)]
    pub(super) lang: BTreeMap<String, RawPartyText>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPrevious {
    /// The previous meeting's draft folder, relative to this file's folder.
    #[schemars(with = "Option<String>")]
    pub(super) draft: Option<Spanned<String>>,
    /// The previous meeting's number.
    #[schemars(with = "Option<i64>")]
    pub(super) number: Option<Spanned<i64>>,
    /// The previous meeting's date, "YYYY-MM-DD".
    #[schemars(with = "Option<RawDates>")]
    pub(super) date: Option<Spanned<RawDates>>,
    pub(super) city: Option<String>,
    pub(super) country: Option<String>,
    /// The same in other languages, by language tag: `[previous.lang.ja]`.
    #[serde(default)]
    pub(super) lang: BTreeMap<String, RawPlaceText>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawNext {
    /// The next host's key (default: the next party in turn).
    #[schemars(with = "Option<String>")]
    pub(super) host: Option<Spanned<String>>,
    /// Where the next meeting is to be held.
    pub(super) city: String,
    /// When: "the first half of 2016".
    pub(super) timing: String,
    /// The same in other languages, by language tag: `[next.lang.ja]`.
    #[serde(default)]
    pub(super) lang: BTreeMap<String, RawNextText>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBodyItem {
    /// The id of a clause of the library (`chancery clauses` lists them).
    #[schemars(with = "Option<String>")]
    pub(super) clause: Option<Spanned<String>>,
    /// One-off text (escaped; never a template), or pieces of wording and `{ data = "…" }`.
    pub(super) text: Option<RawText>,
    /// An id for the paragraph, for aligning diffs.
    #[schemars(with = "Option<String>")]
    pub(super) id: Option<Spanned<String>>,
    /// Values for the clause (override its defaults).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, serde_json::Value>")]
    pub(super) values: BTreeMap<String, toml::Value>,
    /// Several sentences in one paragraph: clauses and text.
    #[schemars(with = "Option<Vec<RawPart>>")]
    pub(super) parts: Option<Vec<Spanned<RawPart>>>,
    /// Bracketed alternatives by party, while negotiated.
    #[schemars(with = "Option<serde_json::Value>")]
    pub(super) options: Option<toml::Value>,
    /// The agreed alternative: a party key or a number.
    #[schemars(with = "Option<serde_json::Value>")]
    pub(super) chosen: Option<toml::Value>,
    /// The same in other languages, by language tag: `[body.lang.ja]`.
    #[serde(default)]
    pub(super) lang: BTreeMap<String, RawPartText>,
    /// Parties' proposals for spans of the paragraph, recorded by `chancery absorb`.
    #[serde(default)]
    #[schemars(with = "Vec<RawProposal>")]
    pub(super) proposals: Vec<Spanned<RawProposal>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPart {
    #[schemars(with = "Option<String>")]
    pub(super) clause: Option<Spanned<String>>,
    pub(super) text: Option<RawText>,
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, serde_json::Value>")]
    pub(super) values: BTreeMap<String, toml::Value>,
    #[schemars(with = "Option<serde_json::Value>")]
    pub(super) options: Option<toml::Value>,
    #[schemars(with = "Option<serde_json::Value>")]
    pub(super) chosen: Option<toml::Value>,
    /// The same part in other languages: `lang = { ja = { text = "…" } }`.
    #[serde(default)]
    pub(super) lang: BTreeMap<String, RawPartText>,
}

#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDocument {
    /// "A4" or "Letter".
    #[schemars(with = "Option<String>", extend("enum" = ["A4", "Letter", "a4", "letter"]))]
    pub(super) paper: Option<Spanned<String>>,
    /// Top, right, bottom, left, in millimetres.
    #[schemars(with = "Option<[f32; 4]>")]
    pub(super) margins_mm: Option<Spanned<[f32; 4]>>,
    pub(super) language: Option<String>,
    /// A font family name or path (PDF and DOCX).
    pub(super) font: Option<String>,
    /// The font for Japanese text.
    pub(super) east_asian_font: Option<String>,
    /// The statement's languages, the first being the one `language` names (default: just
    /// that one): `["en", "ja"]`.
    #[schemars(with = "Option<Vec<String>>")]
    pub(super) languages: Option<Spanned<Vec<String>>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSignatures {
    /// Print "Done at <city>, on <day>, in duplicate, …".
    #[serde(default)]
    pub(super) done_at: bool,
    /// The languages of the originals: ["English", "Japanese"].
    #[serde(default)]
    pub(super) languages: Vec<String>,
    /// One signature block per party.
    #[serde(default)]
    pub(super) signatories: Vec<RawSignatory>,
    /// The same in other languages, by language tag: `[signatures.lang.ja]`.
    #[serde(default)]
    pub(super) lang: BTreeMap<String, RawSignaturesText>,
}

/// `[signatures.lang.<tag>]`: the languages of the originals named in another language
/// (Japanese knows the usual ones itself: English → 英語).
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSignaturesText {
    pub(super) languages: Option<Vec<String>>,
}

/// `lang.<tag>` of a signatory: name and title in another language.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSignatoryText {
    pub(super) name: Option<String>,
    pub(super) title: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSignatory {
    #[schemars(with = "String")]
    pub(super) party: Spanned<String>,
    #[serde(default)]
    pub(super) name: String,
    #[serde(default)]
    pub(super) title: String,
    /// The same in other languages: `lang = { ja = { name = "…", title = "…" } }`.
    #[serde(default)]
    pub(super) lang: BTreeMap<String, RawSignatoryText>,
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

/// `[series.lang.<tag>]`: the series' names in another language.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSeriesText {
    pub(super) name: Option<String>,
    pub(super) short_name: Option<String>,
    pub(super) brief_name: Option<String>,
}

/// `[meeting.lang.<tag>]`, `[previous.lang.<tag>]`: the place in another language.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPlaceText {
    pub(super) city: Option<String>,
    pub(super) country: Option<String>,
}

/// `[next.lang.<tag>]`: the next meeting's place and timing in another language.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawNextText {
    pub(super) city: Option<String>,
    pub(super) timing: Option<String>,
}

/// `[parties.lang.<tag>]`: a party's fields in another language (日本国, 日, 日本, 日本国政府).
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPartyText {
    pub(super) name: Option<String>,
    /// In the compound (日 + 米 → 日米).
    pub(super) short_name: Option<String>,
    pub(super) adjective: Option<String>,
    pub(super) government: Option<String>,
    pub(super) country: Option<String>,
    pub(super) co_chairs: Option<Vec<String>>,
    pub(super) participants: Option<Vec<String>>,
}

/// `lang.<tag>` of a body paragraph or part: its text, or its clause's values, in another
/// language.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPartText {
    pub(super) text: Option<RawText>,
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, serde_json::Value>")]
    pub(super) values: BTreeMap<String, toml::Value>,
}
