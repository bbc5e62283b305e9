//! What was sent: the record of one DOCX export of a draft, kept in the draft's `exports/`
//! folder under its digest, so that a returned file is read against exactly the text that went
//! out, whatever the draft became since. One entry per textual block: its bookmark number, the
//! body item it came from (none for the title lines and the closing formula), which paragraph of
//! that item it is, its text as the DOCX shows it, and where data values lie in that text.

use serde::{Deserialize, Serialize};

use crate::document::{BlockKind, Document, Origin};
use crate::manifest::sha256_hex;

/// The record's format version.
pub const FORMAT: u32 = 1;

/// The folder of a draft that holds its export records.
pub const FOLDER: &str = "exports";

/// One export of a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportRecord {
    pub format: u32,
    /// The draft's identity: its folder name (`Meta::identifier`).
    pub draft: String,
    /// SHA-256 of the exported text ([`text_digest`]).
    pub digest: String,
    /// The language of the text.
    pub language: String,
    pub paragraphs: Vec<SentParagraph>,
}

/// One textual block as exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentParagraph {
    /// The block's index in the document: its bookmark is `_cy<block>`.
    pub block: usize,
    /// The body item's id, for body paragraphs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// Which paragraph of the item this is (0 for the first).
    #[serde(default)]
    pub part: usize,
    /// The text as the DOCX shows it (a list item with its number and tab).
    pub text: String,
    /// Byte ranges of `text` printed from data values (names, dates, ordinals, lists).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<(usize, usize)>,
}

impl ExportRecord {
    /// The record of `doc` as its DOCX shows it.
    pub fn of(doc: &Document) -> ExportRecord {
        let mut paragraphs: Vec<SentParagraph> = Vec::new();
        for (block, b) in doc.blocks.iter().enumerate() {
            if !b.is_textual() {
                continue;
            }
            let mut text = match &b.kind {
                BlockKind::ListItem {
                    ordered: true,
                    number,
                } => format!("{number}.\t"),
                BlockKind::ListItem { ordered: false, .. } => "\u{2022}\t".to_owned(),
                _ => String::new(),
            };
            let mut values = Vec::new();
            for run in &b.runs {
                let start = text.len();
                text.push_str(&run.text);
                if run.marks.origin == Origin::Value {
                    match values.last_mut() {
                        Some((_, end)) if *end == start => *end = text.len(),
                        _ => values.push((start, text.len())),
                    }
                }
            }
            let part = match paragraphs.last() {
                Some(prev) if prev.item.is_some() && prev.item == b.clause => prev.part + 1,
                _ => 0,
            };
            paragraphs.push(SentParagraph {
                block,
                item: b.clause.clone(),
                part,
                text,
                values,
            });
        }
        ExportRecord {
            format: FORMAT,
            draft: doc.meta.identifier.clone(),
            digest: text_digest(&paragraphs),
            language: doc.meta.language.clone(),
            paragraphs,
        }
    }

    /// The record as JSON (pretty, one key a line: it is kept beside the inputs).
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("a record serialises");
        s.push('\n');
        s
    }

    /// Read a record; `Err` says why it is not one.
    pub fn from_json(text: &str) -> Result<ExportRecord, String> {
        let r: ExportRecord = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if r.format != FORMAT {
            return Err(format!(
                "format {} (this chancery reads {FORMAT})",
                r.format
            ));
        }
        Ok(r)
    }

    /// The file name of the record in [`FOLDER`]: the digest's first 16 hex digits.
    pub fn file_name(&self) -> String {
        format!("{}.json", &self.digest[..16.min(self.digest.len())])
    }

    /// The text of body item `item` as this export shows it: its paragraphs, one a line.
    pub fn item_text(&self, item: Option<&str>) -> String {
        let parts: Vec<&str> = self
            .paragraphs
            .iter()
            .filter(|q| q.item.as_deref() == item)
            .map(|q| q.text.as_str())
            .collect();
        parts.join("\n")
    }

    /// The paragraph of block `block`.
    pub fn paragraph(&self, block: usize) -> Option<&SentParagraph> {
        self.paragraphs.iter().find(|p| p.block == block)
    }
}

/// SHA-256 of the paragraphs' texts, each with its item, one a line.
pub fn text_digest(paragraphs: &[SentParagraph]) -> String {
    let mut all = String::new();
    for p in paragraphs {
        all.push_str(p.item.as_deref().unwrap_or(""));
        all.push('\u{1f}');
        all.push_str(&p.text);
        all.push('\n');
    }
    sha256_hex(all.as_bytes())
}
