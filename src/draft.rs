//! Meeting inputs: `meeting.toml` -> raw serde types -> a validated [`Draft`].
//!
//! Parse, then validate: the `Raw*` structs mirror what a user writes (`deny_unknown_fields`,
//! spans kept where a later check must point back at the file); [`Draft::parse`] turns them into
//! typed values (dates, meeting numbers, party keys, clause references) and reports every problem
//! at once, each with file:line:col. No file is opened here: a previous meeting given as a draft
//! folder is read through [`Sources`], which the CLI implements over the file system.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::document::{PaperSize, SimpleDate};
use crate::error::{Diagnostic, Position};

/// Where inputs outside the draft's own file come from (the previous meeting's `meeting.toml`).
pub trait Sources {
    /// Read a UTF-8 text file.
    fn read_text(&self, path: &Path) -> std::io::Result<String>;
}

// ---------------------------------------------------------------------------------------------
// Raw inputs: what the user writes.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeetingFile {
    series: RawSeries,
    meeting: RawMeeting,
    parties: Spanned<Vec<RawParty>>,
    previous: Option<Spanned<RawPrevious>>,
    next: Option<RawNext>,
    #[serde(default)]
    body: Vec<Spanned<RawBodyItem>>,
    #[serde(default)]
    document: RawDocument,
    signatures: Option<RawSignatures>,
}

/// What is read of a previous draft's file: its meeting and where its host is. Other keys are
/// ignored (they are that draft's business).
#[derive(Debug, Deserialize)]
struct RawPreviousFile {
    meeting: RawMeeting,
    #[serde(default)]
    parties: Vec<RawPartyPlace>,
}

#[derive(Debug, Deserialize)]
struct RawPartyPlace {
    key: String,
    country: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSeries {
    name: String,
    short_name: Option<String>,
    brief_name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeeting {
    number: Spanned<i64>,
    date: Option<Spanned<RawDates>>,
    city: String,
    country: Option<String>,
    host: Spanned<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum RawDates {
    One(String),
    Many(Vec<String>),
    /// `date = 2014-05-09` (a TOML date, unquoted).
    Native(toml::value::Datetime),
    NativeMany(Vec<toml::value::Datetime>),
}

impl RawDates {
    /// The dates as written, `YYYY-MM-DD` expected.
    fn texts(&self) -> Vec<String> {
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
struct RawParty {
    key: Spanned<String>,
    name: String,
    short_name: Option<String>,
    adjective: String,
    government: String,
    country: Option<String>,
    #[serde(default)]
    co_chairs: Vec<String>,
    #[serde(default)]
    participants: Vec<String>,
    list_style: Option<Spanned<String>>,
    #[serde(default)]
    names: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrevious {
    draft: Option<Spanned<String>>,
    number: Option<Spanned<i64>>,
    date: Option<Spanned<RawDates>>,
    city: Option<String>,
    country: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNext {
    host: Option<Spanned<String>>,
    city: String,
    timing: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBodyItem {
    clause: Option<Spanned<String>>,
    text: Option<String>,
    id: Option<Spanned<String>>,
    #[serde(default)]
    values: BTreeMap<String, toml::Value>,
    parts: Option<Vec<Spanned<RawPart>>>,
    options: Option<toml::Value>,
    chosen: Option<toml::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPart {
    clause: Option<Spanned<String>>,
    text: Option<String>,
    #[serde(default)]
    values: BTreeMap<String, toml::Value>,
    options: Option<toml::Value>,
    chosen: Option<toml::Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocument {
    paper: Option<Spanned<String>>,
    margins_mm: Option<Spanned<[f32; 4]>>,
    language: Option<String>,
    font: Option<String>,
    east_asian_font: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSignatures {
    #[serde(default)]
    done_at: bool,
    #[serde(default)]
    languages: Vec<String>,
    #[serde(default)]
    signatories: Vec<RawSignatory>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSignatory {
    party: Spanned<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    title: String,
}

// ---------------------------------------------------------------------------------------------
// Validated inputs.

/// A meeting number: 1 for the first meeting of a series. Never 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct MeetingNumber(u32);

impl MeetingNumber {
    /// A meeting number, if `n` is at least 1.
    pub fn new(n: i64) -> Option<Self> {
        u32::try_from(n).ok().filter(|n| *n >= 1).map(MeetingNumber)
    }

    /// The number itself.
    pub fn get(self) -> u32 {
        self.0
    }

    /// The meeting after this one.
    pub fn next(self) -> Self {
        MeetingNumber(self.0.saturating_add(1))
    }
}

/// The day or consecutive days a meeting was held on, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingDates(Vec<SimpleDate>);

impl MeetingDates {
    /// The first day.
    pub fn first(&self) -> SimpleDate {
        self.0[0]
    }

    /// The last day.
    pub fn last(&self) -> SimpleDate {
        self.0[self.0.len() - 1]
    }

    /// All days.
    pub fn days(&self) -> &[SimpleDate] {
        &self.0
    }

    /// ISO strings, the form templates receive.
    pub fn iso(&self) -> Vec<String> {
        self.0.iter().map(ToString::to_string).collect()
    }
}

impl fmt::Display for SimpleDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Parse `YYYY-MM-DD` into a real calendar date.
pub fn parse_iso_date(text: &str) -> Option<SimpleDate> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year: i32 = text[0..4].parse().ok()?;
    let month: u8 = text[5..7].parse().ok()?;
    let day: u8 = text[8..10].parse().ok()?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    Some(SimpleDate { year, month, day })
}

/// Days in a month of the proleptic Gregorian calendar.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// The day after `d`.
pub fn next_day(d: SimpleDate) -> SimpleDate {
    if d.day < days_in_month(d.year, d.month) {
        SimpleDate {
            day: d.day + 1,
            ..d
        }
    } else if d.month < 12 {
        SimpleDate {
            month: d.month + 1,
            day: 1,
            ..d
        }
    } else {
        SimpleDate {
            year: d.year + 1,
            month: 1,
            day: 1,
        }
    }
}

/// How a party's lists are joined: "A, B and C", "A, B, and C", "A; B; and C".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ListStyle {
    /// Commas, no comma before the conjunction.
    #[default]
    Comma,
    /// Commas, with the serial (Oxford) comma.
    Oxford,
    /// Semicolons (for items that contain commas), with one before the conjunction.
    Semicolon,
}

impl ListStyle {
    /// Parse the name used in inputs and templates.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "comma" => Some(ListStyle::Comma),
            "oxford" => Some(ListStyle::Oxford),
            "semicolon" => Some(ListStyle::Semicolon),
            _ => None,
        }
    }
}

/// One of the two parties of the dialogue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Party {
    /// Short key used in inputs (`jp`, `us`).
    pub key: String,
    /// Name as used in running text ("Japan", "the United States").
    pub name: String,
    /// Form used in compounds ("Japan", "U.S."): "Japan-U.S.".
    pub short_name: String,
    /// "Japanese", "U.S.".
    pub adjective: String,
    /// "the Government of Japan".
    pub government: String,
    /// Country as written after a city ("Tokyo, Japan"); empty where usage names the city alone
    /// ("Washington, D.C.").
    pub country: String,
    pub co_chairs: Vec<String>,
    pub participants: Vec<String>,
    pub list_style: ListStyle,
    /// The party's name in other languages, by language tag (e.g. `ja = "日本国"`).
    pub names: BTreeMap<String, String>,
}

/// The series the meeting belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Series {
    /// "Comprehensive Dialogue on Space".
    pub name: String,
    /// "Comprehensive Dialogue".
    pub short_name: String,
    /// "Dialogue".
    pub brief_name: String,
}

/// An earlier meeting of the series, as the opening paragraph refers to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviousMeeting {
    pub number: MeetingNumber,
    pub dates: MeetingDates,
    pub city: String,
    pub country: String,
    /// The draft folder it was read from, when given as `draft = "…"`.
    pub draft: Option<PathBuf>,
}

/// The next meeting, as the closing paragraph announces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextMeeting {
    pub number: MeetingNumber,
    pub host: String,
    pub city: String,
    /// "the first half of 2015".
    pub timing: String,
}

/// A paragraph of the body: one or more parts (clauses with values, or one-off text written
/// inline), joined by spaces.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyItem {
    pub parts: Vec<BodyPart>,
    /// Stable id for alignment in diffs (`id = "…"`, else the first clause's id).
    pub id: Option<String>,
    /// Where the item starts in `meeting.toml`.
    pub position: Position,
}

/// One sentence or run of sentences of a body paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyPart {
    pub content: BodyContent,
    /// Where the part starts in `meeting.toml`.
    pub position: Position,
}

/// What a body part is made of.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyContent {
    /// A clause of the library, with its values (JSON for the template context).
    Clause {
        id: String,
        id_position: Position,
        values: serde_json::Map<String, serde_json::Value>,
    },
    /// Text written inline; escaped, never evaluated as a template.
    Text(String),
    /// Bracketed negotiation text: alternatives proposed by the parties, open or agreed.
    Options(Alternatives),
}

/// One side's proposed wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternative {
    /// The proposing party's key (`jp`), or empty when not attributed.
    pub party: String,
    pub text: String,
}

/// Alternatives under negotiation: `[confirmed (JP) / reaffirmed (US)]` while open; the chosen
/// wording alone once agreed. Written in inputs as
/// `{ options = [{ party = "jp", text = "confirmed" }, { party = "us", text = "reaffirmed" }], chosen = "us" }`
/// (as a body part, or as a clause value); `chosen` is a party key or a 1-based number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternatives {
    pub options: Vec<Alternative>,
    /// Index of the agreed alternative; `None` while the bracket is open.
    pub chosen: Option<usize>,
}

impl Alternatives {
    /// The hint shown with malformed options.
    pub const HINT: &'static str = "write options as `{ options = [{ party = \"jp\", text = \"…\" }, { party = \"us\", text = \"…\" }], chosen = \"us\" }` (`chosen` only once agreed)";

    /// Read alternatives from a JSON value: `Ok(None)` when it is not an options table.
    pub fn from_json(value: &serde_json::Value) -> Result<Option<Alternatives>, String> {
        let Some(table) = value.as_object() else {
            return Ok(None);
        };
        let Some(options) = table.get("options") else {
            return Ok(None);
        };
        if let Some(extra) = table.keys().find(|k| *k != "options" && *k != "chosen") {
            return Err(format!("unknown key `{extra}` in an options table"));
        }
        let list = options
            .as_array()
            .ok_or("`options` must be a list of alternatives")?;
        if list.len() < 2 {
            return Err(format!(
                "`options` needs at least two alternatives, found {}",
                list.len()
            ));
        }
        let mut out = Vec::with_capacity(list.len());
        for alt in list {
            let (party, text) = match alt {
                serde_json::Value::String(text) => (String::new(), text.clone()),
                serde_json::Value::Object(o) => {
                    if let Some(extra) = o.keys().find(|k| *k != "party" && *k != "text") {
                        return Err(format!("unknown key `{extra}` in an alternative"));
                    }
                    let text = o
                        .get("text")
                        .and_then(|t| t.as_str())
                        .ok_or("an alternative needs `text`")?;
                    let party = o.get("party").and_then(|p| p.as_str()).unwrap_or_default();
                    (party.to_owned(), text.to_owned())
                }
                _ => return Err("an alternative is `{ party = \"jp\", text = \"…\" }`".to_owned()),
            };
            out.push(Alternative { party, text });
        }
        let chosen = match table.get("chosen") {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::Number(n)) => {
                let i = n
                    .as_u64()
                    .filter(|i| *i >= 1 && (*i as usize) <= out.len())
                    .ok_or_else(|| {
                        format!(
                            "`chosen = {n}` is not one of the {} alternatives (numbered from 1)",
                            out.len()
                        )
                    })?;
                Some(i as usize - 1)
            }
            Some(serde_json::Value::String(key)) => {
                let found: Vec<usize> = out
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| a.party == *key)
                    .map(|(i, _)| i)
                    .collect();
                match found.as_slice() {
                    [one] => Some(*one),
                    [] => {
                        return Err(format!(
                            "`chosen = \"{key}\"`: no alternative is proposed by `{key}`"
                        ));
                    }
                    _ => {
                        return Err(format!(
                            "`chosen = \"{key}\"` is ambiguous: `{key}` proposed several alternatives; choose by number"
                        ));
                    }
                }
            }
            Some(other) => {
                return Err(format!(
                    "`chosen` must be a party key or a number, not {other}"
                ));
            }
        };
        Ok(Some(Alternatives {
            options: out,
            chosen,
        }))
    }
}

/// Signature page settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signatures {
    /// Whether to print the "Done at …, in duplicate, …" formula.
    pub done_at: bool,
    /// "English", "Japanese".
    pub languages: Vec<String>,
    /// Signatories by party key.
    pub signatories: Vec<(String, String, String)>,
}

/// Document settings from `[document]`.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentSettings {
    pub paper: PaperSize,
    pub margins_mm: [f32; 4],
    pub language: String,
    pub font: Option<String>,
    pub east_asian_font: Option<String>,
}

/// A validated meeting: everything assembly needs, typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// The draft's identifier (its folder name).
    pub id: String,
    /// The `meeting.toml` path as the user named it (for diagnostics).
    pub file: PathBuf,
    pub series: Series,
    pub number: MeetingNumber,
    pub dates: Option<MeetingDates>,
    pub city: String,
    pub country: String,
    /// Key of the host party.
    pub host: String,
    /// The two parties, in the order of the inputs (the first is named first by default).
    pub parties: [Party; 2],
    pub previous: Option<PreviousMeeting>,
    pub next: Option<NextMeeting>,
    pub body: Vec<BodyItem>,
    pub document: DocumentSettings,
    pub signatures: Option<Signatures>,
    /// Warnings found while validating (errors abort instead).
    pub warnings: Vec<Diagnostic>,
}

impl Draft {
    /// The party with `key`.
    pub fn party(&self, key: &str) -> Option<&Party> {
        self.parties.iter().find(|p| p.key == key)
    }

    /// Parse and validate `source` (the text of `file`). All problems are reported at once.
    pub fn parse(
        file: &Path,
        source: &str,
        sources: &dyn Sources,
    ) -> Result<Draft, Vec<Diagnostic>> {
        match Draft::parse_lenient(file, source, sources) {
            (Some(d), diags) if !diags.iter().any(Diagnostic::is_error) => Ok(d),
            (_, diags) => Err(diags),
        }
    }

    /// Like [`Draft::parse`], but returns the draft whenever its skeleton is readable, with the
    /// problems found (errors and warnings, in file order), so that later stages (clause look-up,
    /// template checks) can report their problems in the same run.
    pub fn parse_lenient(
        file: &Path,
        source: &str,
        sources: &dyn Sources,
    ) -> (Option<Draft>, Vec<Diagnostic>) {
        if source.trim().is_empty() {
            return (None, vec![
                Diagnostic::error(file, Some(Position { line: 1, col: 1 }), "the inputs file is empty")
                    .hint("a meeting needs at least [series], [meeting], two [[parties]] and [[body]] paragraphs; see README.md, \"Inputs\"")
                    .hint("`chancery next <previous-draft> --out <dir>` writes one from the previous meeting"),
            ]);
        }
        let raw: RawMeetingFile = match toml::from_str(source) {
            Ok(raw) => raw,
            Err(e) => return (None, vec![toml_error(file, source, &e)]),
        };
        let mut v = Validator {
            file,
            source,
            diags: Vec::new(),
        };
        let draft = v.validate(raw, sources);
        let mut diags = v.diags;
        diags.sort_by_key(|d| d.position);
        let draft = draft.map(|mut d| {
            d.warnings = diags.iter().filter(|d| !d.is_error()).cloned().collect();
            d
        });
        (draft, diags)
    }
}

/// Turn a TOML syntax or schema error into a diagnostic with position and hint.
pub fn toml_error(file: &Path, source: &str, e: &toml::de::Error) -> Diagnostic {
    let position = e.span().map(|s| Position::of_offset(source, s.start));
    let message = e.message().trim().to_owned();
    let mut d = Diagnostic::error(file, position, first_lower(&message));
    if message.contains("unknown field") {
        d = d.hint("check the spelling against the input format in README.md (\"Inputs\")");
    } else if message.contains("missing field") {
        d = d.hint("add the field; README.md (\"Inputs\") lists what each table needs");
    } else {
        d = d.hint("this is not valid TOML here; see https://toml.io for the syntax");
    }
    d
}

fn first_lower(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

struct Validator<'a> {
    file: &'a Path,
    source: &'a str,
    diags: Vec<Diagnostic>,
}

impl Validator<'_> {
    fn pos<T>(&self, s: &Spanned<T>) -> Position {
        Position::of_offset(self.source, s.span().start)
    }

    fn error<T>(&mut self, at: &Spanned<T>, message: impl Into<String>) -> &mut Diagnostic {
        let d = Diagnostic::error(self.file, Some(self.pos(at)), message);
        self.diags.push(d);
        self.diags.last_mut().expect("just pushed")
    }

    fn warning<T>(&mut self, at: &Spanned<T>, message: impl Into<String>) -> &mut Diagnostic {
        let d = Diagnostic::warning(self.file, Some(self.pos(at)), message);
        self.diags.push(d);
        self.diags.last_mut().expect("just pushed")
    }

    fn number(&mut self, n: &Spanned<i64>, what: &str) -> Option<MeetingNumber> {
        let parsed = MeetingNumber::new(*n.get_ref());
        if parsed.is_none() {
            let message = if *n.get_ref() > i64::from(u32::MAX) {
                format!("{what} {} is too large", n.get_ref())
            } else {
                format!("{what} must be 1 or more, found {}", n.get_ref())
            };
            let d = self.error(n, message);
            d.hints
                .push("meetings are numbered from 1 (the first meeting of the series)".to_owned());
        }
        parsed
    }

    fn dates(&mut self, d: &Spanned<RawDates>) -> Option<MeetingDates> {
        let owned = d.get_ref().texts();
        let texts: Vec<&str> = owned.iter().map(String::as_str).collect();
        if texts.is_empty() {
            self.error(d, "a meeting date list cannot be empty")
                .hints
                .push("write `date = \"2014-05-09\"`, or `date = [\"2024-08-26\", \"2024-08-27\"]` for a meeting over several days".to_owned());
            return None;
        }
        let mut out = Vec::with_capacity(texts.len());
        for text in texts {
            match parse_iso_date(text) {
                Some(date) => out.push(date),
                None => {
                    self.error(d, format!("`{text}` is not a date"))
                        .hints
                        .push("write dates as YYYY-MM-DD, e.g. `date = \"2014-05-09\"` (a real calendar day)".to_owned());
                    return None;
                }
            }
        }
        for pair in out.windows(2) {
            if next_day(pair[0]) != pair[1] {
                self.error(
                    d,
                    format!(
                        "the days of a meeting must be consecutive: `{}` then `{}`",
                        pair[0], pair[1]
                    ),
                )
                .hints
                .push(
                    "list each day of the meeting in order, e.g. [\"2024-08-26\", \"2024-08-27\"]"
                        .to_owned(),
                );
                return None;
            }
        }
        Some(MeetingDates(out))
    }

    fn validate(&mut self, raw: RawMeetingFile, sources: &dyn Sources) -> Option<Draft> {
        let id = self
            .file
            .parent()
            .and_then(Path::file_name)
            .map_or_else(|| "draft".to_owned(), |n| n.to_string_lossy().into_owned());
        let series = Series {
            short_name: raw
                .series
                .short_name
                .clone()
                .unwrap_or_else(|| raw.series.name.clone()),
            brief_name: raw
                .series
                .brief_name
                .clone()
                .unwrap_or_else(|| "Dialogue".to_owned()),
            name: raw.series.name,
        };
        let number = self.number(&raw.meeting.number, "the meeting number");
        let dates = raw.meeting.date.as_ref().and_then(|d| self.dates(d));
        if raw.meeting.date.is_none() {
            self.diags.push(
                Diagnostic::warning(
                    self.file,
                    None,
                    "the meeting date is not set yet; it prints as `[date]`",
                )
                .hint("add `date = \"YYYY-MM-DD\"` under [meeting] once it is fixed"),
            );
        }

        let parties = self.parties(&raw.parties);
        let keys: Vec<String> = parties
            .as_ref()
            .map(|p| p.iter().map(|p| p.key.clone()).collect())
            .unwrap_or_default();
        let known_key = |v: &mut Self, key: &Spanned<String>| -> bool {
            if keys.is_empty() || keys.iter().any(|k| k == key.get_ref()) {
                return true;
            }
            v.error(key, format!("unknown party `{}`", key.get_ref()))
                .hints
                .push(format!(
                    "the parties are {}",
                    keys.iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ));
            false
        };
        known_key(self, &raw.meeting.host);
        let host = raw.meeting.host.get_ref().clone();
        let country = raw.meeting.country.clone().or_else(|| {
            parties
                .as_ref()
                .and_then(|ps| ps.iter().find(|p| p.key == host))
                .map(|p| p.country.clone())
        });

        let previous = raw
            .previous
            .as_ref()
            .and_then(|p| self.previous(p, sources, &keys));
        if let (Some(prev), Some(number)) = (&previous, number) {
            if prev.number >= number {
                let at = raw.previous.as_ref().expect("previous exists");
                self.error(
                    at,
                    format!(
                        "the previous meeting is number {}, but this is meeting number {}",
                        prev.number.get(),
                        number.get()
                    ),
                )
                .hints
                .push("the previous meeting must have a lower number than this one".to_owned());
            }
            if let Some(d) = &dates
                && prev.dates.last() >= d.first()
            {
                let at = raw.previous.as_ref().expect("previous exists");
                let pos = match &at.get_ref().date {
                    Some(date) => self.pos(date),
                    None => self.pos(at),
                };
                self.diags.push(
                    Diagnostic::error(
                        self.file,
                        Some(pos),
                        format!(
                            "the previous meeting ({}) is dated on or after this one ({})",
                            prev.dates.last(),
                            d.first()
                        ),
                    )
                    .hint("check both dates: the previous meeting must come before this one"),
                );
            }
        }

        let next = raw.next.as_ref().and_then(|n| {
            let host_key = match &n.host {
                Some(h) => {
                    known_key(self, h);
                    h.get_ref().clone()
                }
                None => keys
                    .iter()
                    .find(|k| **k != host)
                    .cloned()
                    .unwrap_or_default(),
            };
            number.map(|num| NextMeeting {
                number: num.next(),
                host: host_key,
                city: n.city.clone(),
                timing: n.timing.clone(),
            })
        });

        let body = self.body(&raw.body);
        let document = self.document(&raw.document);
        if let Some(s) = &raw.signatures {
            let mut seen: Vec<&str> = Vec::new();
            for sig in &s.signatories {
                let key = sig.party.get_ref().as_str();
                if seen.contains(&key) {
                    self.error(&sig.party, format!("party `{key}` has two signatories"))
                        .hints
                        .push("each party signs once: keep one `{ party = …, name = …, title = … }` per party".to_owned());
                }
                seen.push(key);
            }
        }
        let signatures = raw.signatures.as_ref().map(|s| Signatures {
            done_at: s.done_at,
            languages: s.languages.clone(),
            signatories: s
                .signatories
                .iter()
                .filter(|sig| known_key(self, &sig.party))
                .map(|sig| {
                    (
                        sig.party.get_ref().clone(),
                        sig.name.clone(),
                        sig.title.clone(),
                    )
                })
                .collect(),
        });

        Some(Draft {
            id,
            file: self.file.to_path_buf(),
            series,
            number: number?,
            dates,
            city: raw.meeting.city,
            country: country.unwrap_or_default(),
            host,
            parties: parties?,
            previous,
            next,
            body,
            document,
            signatures,
            warnings: Vec::new(),
        })
    }

    fn parties(&mut self, raw: &Spanned<Vec<RawParty>>) -> Option<[Party; 2]> {
        if raw.get_ref().len() != 2 {
            self.error(
                raw,
                format!(
                    "a joint statement has two parties, found {}",
                    raw.get_ref().len()
                ),
            )
            .hints
            .push("write one [[parties]] table for each of the two sides".to_owned());
            return None;
        }
        let mut out = Vec::with_capacity(2);
        for p in raw.get_ref() {
            let key = p.key.get_ref();
            if key.is_empty()
                || !key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                self.error(
                    &p.key,
                    format!("party key `{key}` must be lowercase letters, digits or `-`"),
                )
                .hints
                .push("use a short code such as `jp` or `us`".to_owned());
            }
            let list_style = match &p.list_style {
                None => ListStyle::Comma,
                Some(s) => ListStyle::parse(s.get_ref()).unwrap_or_else(|| {
                    self.error(s, format!("unknown list style `{}`", s.get_ref()))
                        .hints
                        .push("use `comma`, `oxford` or `semicolon`".to_owned());
                    ListStyle::Comma
                }),
            };
            out.push(Party {
                key: key.clone(),
                short_name: p.short_name.clone().unwrap_or_else(|| p.name.clone()),
                name: p.name.clone(),
                adjective: p.adjective.clone(),
                government: p.government.clone(),
                country: p.country.clone().unwrap_or_default(),
                co_chairs: p.co_chairs.clone(),
                participants: p.participants.clone(),
                list_style,
                names: p.names.clone(),
            });
        }
        if out[0].key == out[1].key {
            let dup = &raw.get_ref()[1].key;
            self.error(
                dup,
                format!("both parties have the key `{}`", dup.get_ref()),
            );
        }
        let second = out.pop()?;
        let first = out.pop()?;
        Some([first, second])
    }

    fn previous(
        &mut self,
        raw: &Spanned<RawPrevious>,
        sources: &dyn Sources,
        keys: &[String],
    ) -> Option<PreviousMeeting> {
        let p = raw.get_ref();
        if let Some(draft) = &p.draft {
            if p.number.is_some() || p.date.is_some() || p.city.is_some() || p.country.is_some() {
                self.error(raw, "give the previous meeting either as `draft = \"…\"` or by its values, not both")
                    .hints
                    .push("with `draft`, number, date, city and country come from that draft's meeting.toml".to_owned());
                return None;
            }
            let base = self.file.parent().unwrap_or(Path::new("."));
            let dir = base.join(draft.get_ref());
            let path = dir.join("meeting.toml");
            let text = match sources.read_text(&path) {
                Ok(t) => t,
                Err(e) => {
                    self.error(draft, format!("cannot read the previous draft `{}`: {e}", path.display()))
                        .hints
                        .push("`draft` is a folder relative to this meeting.toml's folder, holding a meeting.toml".to_owned());
                    return None;
                }
            };
            // Only the previous meeting's own facts are read (not its [previous], which would
            // walk the whole series, and loop forever on drafts that point at each other).
            let facts = match toml::from_str::<RawPreviousFile>(&text) {
                Ok(f) => f,
                Err(e) => {
                    let inner = toml_error(&path, &text, &e);
                    self.error(
                        draft,
                        format!("the previous draft `{}` is not valid", dir.display()),
                    )
                    .notes
                    .push(inner.to_string());
                    return None;
                }
            };
            let number = MeetingNumber::new(*facts.meeting.number.get_ref());
            let dates = facts.meeting.date.as_ref().and_then(|d| {
                let owned = d.get_ref().texts();
                let texts: Vec<&str> = owned.iter().map(String::as_str).collect();
                let days: Option<Vec<SimpleDate>> =
                    texts.iter().map(|t| parse_iso_date(t)).collect();
                days.filter(|d| !d.is_empty()).map(MeetingDates)
            });
            let (Some(number), Some(dates)) = (number, dates) else {
                self.error(
                    draft,
                    format!(
                        "the previous draft `{}` has no valid meeting number and date",
                        dir.display()
                    ),
                )
                .hints
                .push(format!(
                    "check `number` and `date` under [meeting] in {}",
                    path.display()
                ));
                return None;
            };
            let host = facts.meeting.host.get_ref();
            let country = facts.meeting.country.clone().or_else(|| {
                facts
                    .parties
                    .iter()
                    .find(|p| p.key == *host)
                    .and_then(|p| p.country.clone())
            });
            return Some(PreviousMeeting {
                number,
                dates,
                city: facts.meeting.city,
                country: country.unwrap_or_default(),
                draft: Some(dir),
            });
        }
        let _ = keys;
        let mut missing = Vec::new();
        if p.number.is_none() {
            missing.push("number");
        }
        if p.date.is_none() {
            missing.push("date");
        }
        if p.city.is_none() {
            missing.push("city");
        }
        if !missing.is_empty() {
            self.error(raw, format!("the previous meeting lacks {}", missing.join(", ")))
                .hints
                .push("give `number`, `date`, `city` (and `country`), or `draft = \"../<previous-draft-folder>\"`".to_owned());
            return None;
        }
        let number = self.number(p.number.as_ref()?, "the previous meeting's number");
        let dates = self.dates(p.date.as_ref()?);
        Some(PreviousMeeting {
            number: number?,
            dates: dates?,
            city: p.city.clone()?,
            country: p.country.clone().unwrap_or_default(),
            draft: None,
        })
    }

    fn body(&mut self, raw: &[Spanned<RawBodyItem>]) -> Vec<BodyItem> {
        let mut out = Vec::with_capacity(raw.len());
        let mut seen_ids: BTreeMap<String, Position> = BTreeMap::new();
        for item in raw {
            let position = self.pos(item);
            let b = item.get_ref();
            let parts: Vec<BodyPart> = match &b.parts {
                Some(parts) => {
                    if b.clause.is_some()
                        || b.text.is_some()
                        || !b.values.is_empty()
                        || b.options.is_some()
                    {
                        self.error(item, "a body paragraph with `parts` cannot also have `clause`, `text` or `values`")
                            .hints
                            .push("move them into an entry of `parts`".to_owned());
                        continue;
                    }
                    if parts.is_empty() {
                        self.error(item, "`parts` is empty").hints.push(
                            "list at least one `{ clause = \"…\" }` or `{ text = \"…\" }`"
                                .to_owned(),
                        );
                        continue;
                    }
                    parts
                        .iter()
                        .filter_map(|p| {
                            let r = p.get_ref();
                            self.part(
                                p,
                                r.clause.as_ref(),
                                r.text.as_ref(),
                                &r.values,
                                r.options.as_ref(),
                                r.chosen.as_ref(),
                            )
                        })
                        .collect()
                }
                None => match self.part(
                    item,
                    b.clause.as_ref(),
                    b.text.as_ref(),
                    &b.values,
                    b.options.as_ref(),
                    b.chosen.as_ref(),
                ) {
                    Some(part) => vec![part],
                    None => continue,
                },
            };
            if let Some(id) = &b.id
                && (id.get_ref().is_empty()
                    || !id
                        .get_ref()
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
            {
                self.error(
                    id,
                    format!(
                        "paragraph id `{}` must be lowercase letters, digits or `-`",
                        id.get_ref()
                    ),
                )
                .hints
                .push("e.g. `id = \"space-sustainability\"`".to_owned());
            }
            let id = match &b.id {
                Some(id) => Some(id.get_ref().clone()),
                None => parts.iter().find_map(|p| match &p.content {
                    BodyContent::Clause { id, .. } => Some(id.clone()),
                    BodyContent::Text(_) | BodyContent::Options(_) => None,
                }),
            };
            if let (Some(explicit), Some(idv)) = (&b.id, &id)
                && let Some(prev) = seen_ids.get(idv)
            {
                let line = prev.line;
                self.error(explicit, format!("paragraph id `{idv}` is used twice"))
                    .notes
                    .push(format!("first used at line {line}"));
            }
            if let Some(idv) = &id {
                seen_ids.entry(idv.clone()).or_insert(position);
            }
            out.push(BodyItem {
                parts,
                id,
                position,
            });
        }
        if raw.is_empty() {
            self.diags.push(
                Diagnostic::warning(self.file, None, "the statement has no body paragraphs")
                    .hint("add [[body]] tables with `clause = \"…\"` or `text = \"…\"`"),
            );
        }
        out
    }

    fn part<T>(
        &mut self,
        at: &Spanned<T>,
        clause: Option<&Spanned<String>>,
        text: Option<&String>,
        values: &BTreeMap<String, toml::Value>,
        options: Option<&toml::Value>,
        chosen: Option<&toml::Value>,
    ) -> Option<BodyPart> {
        let position = self.pos(at);
        if let Some(options) = options {
            if clause.is_some() || text.is_some() {
                self.error(
                    at,
                    "a body part has `options` together with `clause` or `text`",
                )
                .hints
                .push(
                    "a part is one of: `clause = …`, `text = …`, or `options = [ … ]`".to_owned(),
                );
                return None;
            }
            let mut table = serde_json::Map::new();
            table.insert("options".to_owned(), toml_to_json(options));
            if let Some(c) = chosen {
                table.insert("chosen".to_owned(), toml_to_json(c));
            }
            return match Alternatives::from_json(&serde_json::Value::Object(table)) {
                Ok(Some(alts)) => Some(BodyPart {
                    content: BodyContent::Options(alts),
                    position,
                }),
                Ok(None) => None,
                Err(message) => {
                    self.error(at, message)
                        .hints
                        .push(Alternatives::HINT.to_owned());
                    None
                }
            };
        }
        if chosen.is_some() {
            self.error(at, "`chosen` without `options`")
                .hints
                .push(Alternatives::HINT.to_owned());
            return None;
        }
        let content = match (clause, text) {
            (Some(_), Some(_)) => {
                self.error(at, "a body paragraph has both `clause` and `text`")
                    .hints
                    .push("use `clause = \"id\"` for a library clause, or `text = \"…\"` for one-off wording".to_owned());
                return None;
            }
            (None, None) => {
                self.error(at, "a body paragraph needs `clause`, `text` or `parts`")
                    .hints
                    .push(
                        "e.g. `clause = \"next-meeting\"` or `text = \"Both sides …\"`".to_owned(),
                    );
                return None;
            }
            (Some(id), None) => {
                let mut json = serde_json::Map::new();
                for (k, v) in values {
                    json.insert(k.clone(), toml_to_json(v));
                }
                BodyContent::Clause {
                    id: id.get_ref().clone(),
                    id_position: self.pos(id),
                    values: json,
                }
            }
            (None, Some(text)) => {
                if !values.is_empty() {
                    self.warning(at, "`values` are ignored on inline `text`")
                        .hints
                        .push("inline text is never a template; move it into a clause file to use values".to_owned());
                }
                BodyContent::Text(text.clone())
            }
        };
        Some(BodyPart { content, position })
    }

    /// Margins must be between 0 and what leaves at least 60 mm of text width and height.
    fn margins(&mut self, raw: &RawDocument, paper: PaperSize) -> [f32; 4] {
        let Some(m) = &raw.margins_mm else {
            return [25.0; 4];
        };
        let [top, right, bottom, left] = *m.get_ref();
        let (w, h) = paper.mm();
        let bad = m.get_ref().iter().any(|v| !v.is_finite() || *v < 0.0)
            || w - left - right < 60.0
            || h - top - bottom < 60.0;
        if bad {
            self.error(m, format!("margins {:?} mm do not leave room for text on this paper", m.get_ref()))
                .hints
                .push(format!("give top, right, bottom, left in mm, each 0 or more, leaving at least 60 mm of text area ({w} x {h} mm paper)"));
            return [25.0; 4];
        }
        *m.get_ref()
    }

    fn document(&mut self, raw: &RawDocument) -> DocumentSettings {
        let paper = match &raw.paper {
            None => PaperSize::A4,
            Some(p) => match p.get_ref().to_ascii_lowercase().as_str() {
                "a4" => PaperSize::A4,
                "letter" => PaperSize::Letter,
                other => {
                    self.error(p, format!("unknown paper size `{other}`"))
                        .hints
                        .push("use `A4` or `Letter`".to_owned());
                    PaperSize::A4
                }
            },
        };
        DocumentSettings {
            paper,
            margins_mm: self.margins(raw, paper),
            language: raw.language.clone().unwrap_or_else(|| "en".to_owned()),
            font: raw.font.clone(),
            east_asian_font: raw.east_asian_font.clone(),
        }
    }
}

/// TOML values of clause inputs become JSON for the template context.
fn toml_to_json(v: &toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s.clone()),
        toml::Value::Integer(i) => J::from(*i),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
        toml::Value::Boolean(b) => J::Bool(*b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => J::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Calendar validation rejects impossible days and accepts leap days.
    #[test]
    fn iso_dates_are_real_days() {
        assert_eq!(
            parse_iso_date("2014-05-09"),
            Some(SimpleDate {
                year: 2014,
                month: 5,
                day: 9
            })
        );
        assert_eq!(parse_iso_date("2024-02-29").map(|d| d.day), Some(29));
        assert_eq!(parse_iso_date("2023-02-29"), None);
        assert_eq!(parse_iso_date("May 9, 2014"), None);
        assert_eq!(parse_iso_date("2014-13-01"), None);
    }

    // Meeting number zero is refused; one is the first meeting.
    #[test]
    fn meeting_numbers_start_at_one() {
        assert!(MeetingNumber::new(0).is_none());
        assert!(MeetingNumber::new(-3).is_none());
        assert_eq!(MeetingNumber::new(1).map(MeetingNumber::get), Some(1));
    }
}
