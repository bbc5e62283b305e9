//! The validated model of a meeting: what assembly, `next`, `check` and `diff` work from.
//!
//! Every value here is typed and already checked (meeting numbers from 1, real and consecutive
//! dates, known party keys, list styles, paper sizes); the raw serde types ([`super::raw`])
//! never get past the validator ([`super::validate`]). No parsing and no I/O here, apart from
//! reading an options table from the JSON values of the template context
//! ([`Alternatives::from_json`]), where options given as clause values meet the model.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::document::{PaperSize, SimpleDate};
use crate::error::{Diagnostic, Position};
use crate::wording::ListStyle;

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
pub struct MeetingDates(pub(super) Vec<SimpleDate>);

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
    /// Parties' proposals for spans of the paragraph (recorded by `absorb`).
    pub proposals: Vec<Proposal>,
    /// Stable id for alignment in diffs (`id = "…"`, else the first clause's id).
    pub id: Option<String>,
    /// Where the item starts in `meeting.toml`.
    pub position: Position,
}

/// A proposal for a span of a body paragraph: the words `at` (as they print) give way to a
/// bracket of the alternatives while open, to the chosen one once agreed. The clause library's
/// wording is never edited: the proposal stands beside it, in the meeting's inputs.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub at: String,
    pub alternatives: Alternatives,
    pub position: Position,
}

/// A reviewer's comment recorded by `absorb` (`[[notes]]`): listed and shown, never printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub item: Option<String>,
    pub party: String,
    pub author: String,
    pub date: String,
    pub on: String,
    pub text: String,
    /// (author, date, text) of each answer.
    pub replies: Vec<(String, String, String)>,
    pub position: Position,
}

/// A party's proposed change of a data value (`[[value_changes]]`), open until removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueChange {
    pub item: Option<String>,
    pub party: String,
    pub was: String,
    pub proposed: String,
    pub source: String,
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
    /// Inline text with data values in it (`{ data = "first.name" }`): the wording escaped, each
    /// value looked up in the template context and printed as a value; still never a template.
    TextWithData(Vec<TextPiece>),
    /// Bracketed negotiation text: alternatives proposed by the parties, open or agreed.
    Options(Alternatives),
}

/// A piece of [`BodyContent::TextWithData`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextPiece {
    /// Wording, printed as written.
    Words(String),
    /// A dotted path into the data templates see (`first.name`, `parties.jp.government`).
    Data(String),
}

/// One side's proposed wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternative {
    /// The proposing party's key (`jp`), or empty when not attributed.
    pub party: String,
    pub text: String,
    /// Where the alternative came from, when `absorb` recorded it (the returned file, the
    /// reviser and date, tracked or not); shown by `check`, never printed.
    pub source: Option<String>,
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
        let out = list
            .iter()
            .map(Alternative::from_json)
            .collect::<Result<Vec<_>, _>>()?;
        let chosen = chosen_index(table.get("chosen"), &out)?;
        Ok(Some(Alternatives {
            options: out,
            chosen,
        }))
    }
}

impl Alternative {
    /// One alternative: `{ party = "jp", text = "…" }`, or a bare text (not attributed).
    fn from_json(alt: &serde_json::Value) -> Result<Alternative, String> {
        match alt {
            serde_json::Value::String(text) => Ok(Alternative {
                party: String::new(),
                text: text.clone(),
                source: None,
            }),
            serde_json::Value::Object(o) => {
                if let Some(extra) = o
                    .keys()
                    .find(|k| !matches!(k.as_str(), "party" | "text" | "source"))
                {
                    return Err(format!("unknown key `{extra}` in an alternative"));
                }
                let text = o
                    .get("text")
                    .and_then(|t| t.as_str())
                    .ok_or("an alternative needs `text`")?;
                let party = o.get("party").and_then(|p| p.as_str()).unwrap_or_default();
                Ok(Alternative {
                    party: party.to_owned(),
                    text: text.to_owned(),
                    source: o.get("source").and_then(|s| s.as_str()).map(str::to_owned),
                })
            }
            _ => Err("an alternative is `{ party = \"jp\", text = \"…\" }`".to_owned()),
        }
    }
}

/// The agreed alternative's index from `chosen`: a 1-based number, or the key of the one party
/// that proposed it; `None` while the bracket is open.
fn chosen_index(
    chosen: Option<&serde_json::Value>,
    options: &[Alternative],
) -> Result<Option<usize>, String> {
    match chosen {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::Number(n)) => {
            let i = n
                .as_u64()
                .filter(|i| *i >= 1 && (*i as usize) <= options.len())
                .ok_or_else(|| {
                    format!(
                        "`chosen = {n}` is not one of the {} alternatives (numbered from 1)",
                        options.len()
                    )
                })?;
            Ok(Some(i as usize - 1))
        }
        Some(serde_json::Value::String(key)) => {
            let found: Vec<usize> = options
                .iter()
                .enumerate()
                .filter(|(_, a)| a.party == *key)
                .map(|(i, _)| i)
                .collect();
            match found.as_slice() {
                [one] => Ok(Some(*one)),
                [] => Err(format!(
                    "`chosen = \"{key}\"`: no alternative is proposed by `{key}`"
                )),
                _ => Err(format!(
                    "`chosen = \"{key}\"` is ambiguous: `{key}` proposed several alternatives; choose by number"
                )),
            }
        }
        Some(other) => Err(format!(
            "`chosen` must be a party key or a number, not {other}"
        )),
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
    /// The place; empty when the statement names none (templates then see `null`).
    pub city: String,
    pub country: String,
    /// Key of the host party.
    pub host: String,
    /// The parties (two or more), in the order of the inputs (the first is named first by
    /// default).
    pub parties: Vec<Party>,
    /// The order of the other parties in each party's copy.
    pub alternat: Alternat,
    pub previous: Option<PreviousMeeting>,
    pub next: Option<NextMeeting>,
    pub body: Vec<BodyItem>,
    /// Reviewers' comments (`[[notes]]`).
    pub notes: Vec<Note>,
    /// Proposed changes of data values (`[[value_changes]]`).
    pub value_changes: Vec<ValueChange>,
    pub document: DocumentSettings,
    pub signatures: Option<Signatures>,
    /// The house style (`[style]` over its series file); the default changes nothing.
    pub style: crate::wording::HouseStyle,
    /// Warnings found while validating (errors abort instead).
    pub warnings: Vec<Diagnostic>,
    /// The wording in the statement's other languages ([`Draft::localized`]).
    pub translations: super::lang::Translations,
}

/// In a party's copy that party comes first; the others follow in this order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Alternat {
    /// As the inputs list them.
    #[default]
    AsListed,
    /// Alphabetical by name (in English, the language of the copy).
    Alphabetical,
    /// The keys in the order given.
    Given(Vec<String>),
}

impl Draft {
    /// The parties in the order of the copy that names `first` first (the inputs' order for
    /// `None`); `None` when `first` is not a party.
    pub fn copy_order(&self, first: Option<&str>) -> Option<Vec<&Party>> {
        let Some(first) = first else {
            return Some(self.parties.iter().collect());
        };
        let lead = self.party(first)?;
        let mut rest: Vec<&Party> = self.parties.iter().filter(|p| p.key != first).collect();
        match &self.alternat {
            Alternat::AsListed => {}
            Alternat::Alphabetical => rest.sort_by(|a, b| {
                let name = |p: &Party| p.name.trim_start_matches("the ").to_lowercase();
                name(a).cmp(&name(b))
            }),
            Alternat::Given(keys) => {
                rest.sort_by_key(|p| keys.iter().position(|k| *k == p.key).unwrap_or(usize::MAX));
            }
        }
        rest.insert(0, lead);
        Some(rest)
    }

    /// The party with `key`.
    pub fn party(&self, key: &str) -> Option<&Party> {
        self.parties.iter().find(|p| p.key == key)
    }
}
