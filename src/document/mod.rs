//! The document model: the one typed IR between assembly and every output format.
//!
//! A [`Document`] is metadata plus a flat list of [`Block`]s (title, subtitle, date line,
//! paragraphs, headings, list items, signature blocks, page breaks). Each text block holds
//! inline [`Run`]s; a run is a piece of text with [`Marks`]: emphasis, where the text came from
//! (template wording or a data value), a redline change (inserted, deleted, moved), and
//! negotiation brackets. Renderers are pure functions of this value, so a redline (a document
//! whose runs carry change marks) renders in every format with no module of its own.
//!
//! This module imports nothing else of the crate but the date type of [`crate::wording`] (itself
//! a leaf): the two are ready to be split out together.
//! The Markdown reader in [`markdown`] is the only way templates reach the IR.

pub mod markdown;
pub mod parallel;
pub mod plain;

use serde::{Deserialize, Serialize};

/// A whole statement (or a redline of two statements).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub meta: Meta,
    pub blocks: Vec<Block>,
}

impl Document {
    /// A document read from plain text (paragraphs split on blank lines, heading block
    /// recognised), with no metadata: how adopted `.txt` statements enter the IR.
    pub fn from_plain_text(text: &str) -> Self {
        Document {
            meta: Meta::untitled(),
            blocks: plain::parse_plain_text(text),
        }
    }

    /// Several documents in one, each starting on a new page (a series' collected statements).
    pub fn compendium(meta: Meta, parts: &[Document]) -> Self {
        let mut blocks = Vec::with_capacity(parts.iter().map(|d| d.blocks.len() + 1).sum());
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                blocks.push(Block {
                    kind: BlockKind::PageBreak,
                    runs: Vec::new(),
                    clause: None,
                    lang: None,
                    change: None,
                });
            }
            blocks.extend(part.blocks.iter().cloned());
        }
        Document { meta, blocks }
    }
}

/// What renderers need to know that is not text: title, parties, dates for pinned timestamps,
/// page set-up, draft or final.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// Document title for core properties / PDF Info (e.g. "Joint Statement: The Second Meeting …").
    pub title: String,
    /// Subject line (the series name).
    pub subject: String,
    /// Author / creator (the two governments).
    pub author: String,
    /// Short identifier shown on drafts (the draft folder name, e.g. `2015-tokyo-3rd`).
    pub identifier: String,
    /// The date every export timestamp is pinned to (meeting date), if known.
    pub date: Option<SimpleDate>,
    /// BCP 47 language tag of the main text, e.g. `en`.
    pub language: String,
    /// Whether this is a draft (DRAFT markings) or a final copy (none).
    pub status: DocStatus,
    /// Paper size and margins.
    pub page: PageSetup,
    /// Font preferences (family names or paths), resolved by the renderers that need fonts.
    pub fonts: FontPrefs,
}

impl Meta {
    /// Metadata for a document with no context (an imported text file, a test).
    pub fn untitled() -> Self {
        Meta {
            title: String::new(),
            subject: String::new(),
            author: String::new(),
            identifier: String::new(),
            date: None,
            language: "en".to_owned(),
            status: DocStatus::Draft,
            page: PageSetup::default(),
            fonts: FontPrefs::default(),
        }
    }
}

/// Draft or final: decides watermark, header marking and the final-copy checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocStatus {
    Draft,
    Final,
}

/// The calendar date of the meeting. The one date type, with all its behaviour, is the genre
/// wording's ([`crate::wording::date`]); it is re-exported here because the model carries it.
pub use crate::wording::date::SimpleDate;

/// Paper and margins.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PageSetup {
    pub size: PaperSize,
    /// Margins in millimetres: top, right, bottom, left.
    pub margins_mm: [f32; 4],
}

impl Default for PageSetup {
    /// A4 with 25 mm margins all round, the usual for an official document.
    fn default() -> Self {
        PageSetup {
            size: PaperSize::A4,
            margins_mm: [25.0; 4],
        }
    }
}

/// Paper sizes the renderers know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaperSize {
    A4,
    Letter,
}

impl PaperSize {
    /// Width and height in millimetres.
    pub fn mm(self) -> (f32, f32) {
        match self {
            PaperSize::A4 => (210.0, 297.0),
            PaperSize::Letter => (215.9, 279.4),
        }
    }
}

/// Font choices from the inputs; renderers fall back to their embedded defaults.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FontPrefs {
    /// Latin body font: a family name found on the system, or a path to a font file.
    pub serif: Option<String>,
    /// East Asian font for Japanese (or other CJK) text: family name or path.
    pub east_asian: Option<String>,
}

/// One block of the document, in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Block {
    pub kind: BlockKind,
    /// Inline content; empty for [`BlockKind::PageBreak`] and [`BlockKind::Signatures`].
    pub runs: Vec<Run>,
    /// The clause this block was assembled from, when known (diff aligns on it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
    /// Language of the block when it differs from the document's (e.g. `ja`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Redline mark for the block as a whole (a paragraph added, removed or moved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Change>,
}

impl Block {
    /// A block of one kind holding one plain run.
    pub fn text(kind: BlockKind, text: impl Into<String>) -> Self {
        Block {
            kind,
            runs: vec![Run::plain(text)],
            clause: None,
            lang: None,
            change: None,
        }
    }

    /// The block's text as read (deleted runs included; use [`Block::text_where`] to filter).
    pub fn plain_text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }

    /// The block's text keeping only runs for which `keep` holds (e.g. the "new" side of a redline).
    pub fn text_where(&self, keep: impl Fn(&Run) -> bool) -> String {
        self.runs
            .iter()
            .filter(|r| keep(r))
            .map(|r| r.text.as_str())
            .collect()
    }

    /// Whether the block carries text (as opposed to a page break or signatures).
    pub fn is_textual(&self) -> bool {
        !matches!(
            self.kind,
            BlockKind::PageBreak | BlockKind::Signatures { .. }
        )
    }
}

/// What a block is; renderers style by it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum BlockKind {
    /// "Joint Statement".
    Title,
    /// "The Second Meeting of the Japan-U.S. Comprehensive Dialogue on Space".
    Subtitle,
    /// "May 9, 2014" under the title block.
    DateLine,
    /// Body text, justified in print.
    Paragraph,
    /// A section heading inside the body (level 1-6).
    Heading { level: u8 },
    /// One item of a list.
    ListItem { ordered: bool, number: u32 },
    /// "Done at Tokyo, on …, in duplicate, …": set apart before the signatures.
    DoneAt,
    /// Signature blocks, side by side, one per party in copy order.
    Signatures { signatories: Vec<Signatory> },
    /// Start a new page.
    PageBreak,
}

/// One party's signature block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signatory {
    /// "For the Government of Japan".
    pub party: String,
    /// Name of the signer, if known.
    pub name: String,
    /// Title of the signer.
    pub title: String,
}

/// A piece of inline text with its marks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    pub text: String,
    #[serde(default, skip_serializing_if = "Marks::is_plain")]
    pub marks: Marks,
}

impl Run {
    /// Text with no marks.
    pub fn plain(text: impl Into<String>) -> Self {
        Run {
            text: text.into(),
            marks: Marks::default(),
        }
    }
}

/// Everything a run can be marked with. All marks are independent of each other.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marks {
    #[serde(default, skip_serializing_if = "is_false")]
    pub emphasis: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub strong: bool,
    /// Where the text came from: template wording, or a value of the inputs.
    #[serde(default, skip_serializing_if = "Origin::is_text")]
    pub origin: Origin,
    /// Redline mark.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Change>,
    /// Negotiation text: part of a bracketed, not yet agreed passage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bracket: Option<Bracket>,
    /// Language of the run when it differs from its block's (e.g. `ja`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

impl Marks {
    /// No marks at all.
    pub fn is_plain(&self) -> bool {
        *self == Marks::default()
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Provenance of a run's text inside one assembled document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// Wording of a template or clause.
    #[default]
    Text,
    /// Text produced from a value of the inputs (a name, a date, an ordinal, a list).
    Value,
}

impl Origin {
    fn is_text(&self) -> bool {
        *self == Origin::Text
    }
}

/// A redline change on a run or block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "op", content = "move")]
pub enum Change {
    Inserted,
    Deleted,
    /// The old place of a moved paragraph; the number pairs it with its [`Change::MovedTo`].
    MovedFrom(u32),
    /// The new place of a moved paragraph.
    MovedTo(u32),
}

/// Part of a bracketed negotiation passage: `[confirmed (JP) / reaffirmed (US)]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bracket {
    /// Which bracket group of the document this belongs to (0-based, in reading order).
    pub group: u32,
    /// The party that proposed this alternative, when attributed (e.g. `JP`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
}

/// Private-use characters that the template layer puts around text coming from data values, so
/// that the Markdown reader can mark those runs with [`Origin::Value`]. They never reach output.
pub const VALUE_START: char = '\u{E000}';
/// Closes a [`VALUE_START`] span.
pub const VALUE_END: char = '\u{E001}';

/// English month names, for reading and writing dates (the wording's, re-exported).
pub use crate::wording::date::MONTHS;

/// Opens wording inside a value span: a clause's own values (negotiated text such as "the two
/// countries held a second table-top exercise") are wording, not meeting data, even though they
/// reach the template as values. The reader marks them [`Origin::Text`].
pub const WORDING_START: char = '\u{E007}';
/// Closes a [`WORDING_START`] span.
pub const WORDING_END: char = '\u{E008}';

/// Remove every private-use sentinel of this module from `text` (for helpers that parse a value).
pub fn strip_sentinels(text: &str) -> String {
    text.chars()
        .filter(|c| !('\u{E000}'..='\u{E008}').contains(c))
        .collect()
}

/// Opens a bracketed negotiation passage in template output (see [`bracket_markup`]).
pub const BRACKET_OPEN: char = '\u{E002}';
/// Closes a bracketed passage.
pub const BRACKET_CLOSE: char = '\u{E003}';
/// Starts the proposing party's key of the alternative that follows.
pub const PARTY_START: char = '\u{E004}';
/// Ends a party key.
pub const PARTY_END: char = '\u{E005}';
/// Separates two alternatives.
pub const ALT_SEP: char = '\u{E006}';

/// Encode alternatives `(party key, already-escaped Markdown text)` for the Markdown reader, which
/// turns them into `[text (JP) / text (US)]` runs carrying [`Bracket`] marks.
pub fn bracket_markup(alternatives: &[(&str, String)]) -> String {
    let mut out = String::new();
    out.push(BRACKET_OPEN);
    for (i, (party, text)) in alternatives.iter().enumerate() {
        if i > 0 {
            out.push(ALT_SEP);
        }
        out.push(PARTY_START);
        out.push_str(party);
        out.push(PARTY_END);
        out.push_str(text);
    }
    out.push(BRACKET_CLOSE);
    out
}
