//! The returned file's text, paragraph by paragraph of what was sent: each piece of the
//! returned body goes to the sent paragraph it stands in. By the export's bookmarks when they
//! survived (`_cy<N>` opens block N's text, so two paragraphs merged by a deleted paragraph
//! mark still say where the second began); else by text, each returned paragraph (its changes
//! rejected) matched in order to the most similar sent paragraph.

use std::ops::Range;

use super::record::ExportRecord;
use crate::import::revisions::{Kind, Paragraph, Piece, Returned, Revision};

/// One sent paragraph's text in the returned file.
#[derive(Debug, Clone, Default)]
pub struct Returned1 {
    /// With every change accepted, and what each byte range of it is.
    pub accepted: String,
    pub accepted_kinds: Vec<(Range<usize>, Kind)>,
    /// With every change rejected, and what each byte range of it is.
    pub rejected: String,
    pub rejected_kinds: Vec<(Range<usize>, Kind)>,
    /// Comments anchored here: (id, start in `accepted`).
    pub comments: Vec<(String, usize)>,
    /// Where anchored ranges end: (id, end in `accepted`).
    pub comment_ends: Vec<(String, usize)>,
    /// The text was moved into the previous paragraph (its mark deleted) by this revision.
    pub merged_into_previous: Option<Revision>,
}

impl Returned1 {
    fn push(&mut self, text: &str, kind: &Kind) {
        if kind.in_accepted() {
            let start = self.accepted.len();
            self.accepted.push_str(text);
            self.accepted_kinds
                .push((start..self.accepted.len(), kind.clone()));
        }
        if kind.in_rejected() {
            let start = self.rejected.len();
            self.rejected.push_str(text);
            self.rejected_kinds
                .push((start..self.rejected.len(), kind.clone()));
        }
    }

    /// A paragraph break inside one sent paragraph's returned text (a paragraph added after it).
    fn push_break(&mut self) {
        if !self.accepted.is_empty() {
            self.accepted.push(' ');
        }
    }
}

/// How the returned paragraphs were matched to the sent ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchedBy {
    /// By the export's hidden bookmarks.
    Marks,
    /// By text: the marks were lost (the file re-typed, or written by another tool).
    Text,
}

/// Each sent paragraph's returned text (`None`: not found in the returned file), how they were
/// matched, and returned text that stands before any sent paragraph.
#[derive(Debug)]
pub struct Collected {
    pub paragraphs: Vec<Option<Returned1>>,
    pub matched_by: MatchedBy,
}

/// The returned file's body, sent paragraph by sent paragraph.
pub fn collect(returned: &Returned, sent: &ExportRecord) -> Collected {
    let body: Vec<&Paragraph> = returned.paragraphs.iter().filter(|p| !p.in_table).collect();
    let by_mark = |name: &str| -> Option<usize> {
        let block: usize = name.strip_prefix("_cy")?.parse().ok()?;
        sent.paragraphs.iter().position(|p| p.block == block)
    };
    let marked = body
        .iter()
        .any(|p| p.bookmarks().any(|b| by_mark(b).is_some()));
    let assigned: Vec<Option<usize>> = if marked {
        Vec::new()
    } else {
        match_by_text(&body, sent)
    };
    let mut out: Vec<Option<Returned1>> = vec![None; sent.paragraphs.len()];
    let mut current: Option<usize> = None;
    let mut merging: Option<Revision> = None;
    for (i, p) in body.iter().enumerate() {
        if !marked {
            match assigned[i] {
                Some(idx) => current = Some(idx),
                None => {
                    if let Some(c) = current.and_then(|c| out[c].as_mut()) {
                        c.push_break();
                    }
                }
            }
        } else if let Some(first) = p.bookmarks().find_map(by_mark) {
            // The paragraph is its first mark's, wherever in it the mark stands.
            current = Some(first);
            let r = out[first].get_or_insert_with(Returned1::default);
            if let Some(rev) = merging.take() {
                r.merged_into_previous = Some(rev);
            }
        } else if merging.is_none()
            && let Some(c) = current.and_then(|c| out[c].as_mut())
        {
            c.push_break();
        }
        for piece in &p.pieces {
            match piece {
                Piece::Bookmark(name) if marked => {
                    if let Some(idx) = by_mark(name) {
                        current = Some(idx);
                        out[idx].get_or_insert_with(Returned1::default);
                    }
                }
                Piece::Text { text, kind } => {
                    if let Some(idx) = current {
                        out[idx]
                            .get_or_insert_with(Returned1::default)
                            .push(text, kind);
                    }
                }
                Piece::CommentStart(id) => {
                    if let Some(idx) = current {
                        let r = out[idx].get_or_insert_with(Returned1::default);
                        r.comments.push((id.clone(), r.accepted.len()));
                    }
                }
                Piece::CommentEnd(id) => {
                    if let Some(r) = current.and_then(|c| out[c].as_mut()) {
                        r.comment_ends.push((id.clone(), r.accepted.len()));
                    }
                }
                Piece::Bookmark(_) => {}
            }
        }
        merging = p.mark_deleted.clone();
    }
    Collected {
        paragraphs: out,
        matched_by: if marked {
            MatchedBy::Marks
        } else {
            MatchedBy::Text
        },
    }
}

/// Each returned paragraph's sent paragraph, by text: in order, the most similar of the next
/// few sent paragraphs, if it is similar enough (a paragraph added in the returned file has
/// none and runs on from the one before).
fn match_by_text(body: &[&Paragraph], sent: &ExportRecord) -> Vec<Option<usize>> {
    const WINDOW: usize = 6;
    const LEAST: f64 = 0.5;
    let mut next = 0;
    body.iter()
        .map(|p| {
            let text = p.text(false);
            if text.trim().is_empty() {
                return None;
            }
            let best = (next..(next + WINDOW).min(sent.paragraphs.len()))
                .map(|i| {
                    let s = &sent.paragraphs[i].text;
                    (i, strsim::normalized_levenshtein(s.trim(), text.trim()))
                })
                .max_by(|a, b| a.1.total_cmp(&b.1))?;
            (best.1 >= LEAST).then(|| {
                next = best.0 + 1;
                best.0
            })
        })
        .collect()
}
