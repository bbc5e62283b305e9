//! What a diff produces, apart from how it is found: the [`Redline`] (a document with change
//! marks), its [`DiffStats`], the serialisable [`Op`]s and [`Edit`]s for tools and their JSON
//! form, reading one side back ([`view`]), and the [`WordDiff`] of two texts.
//!
//! Plain data and pure functions of it: nothing here aligns or diffs (that is
//! [`super::engine`]), so a renderer or a tool can depend on these types alone.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::document::{Block, BlockKind, Change, Document, Marks, Run};

/// A redline: the new document with change marks, what changed in numbers, and the operations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Redline {
    /// The new document's blocks in order, with deleted and moved-from blocks of the old one
    /// where they stood; blocks and runs carry [`Change`] marks.
    pub doc: Document,
    pub stats: DiffStats,
    /// What changed, in redline order; block indices refer to the two input documents.
    pub ops: Vec<Op>,
}

/// Summary numbers of a redline (`chancery diff --stat`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct DiffStats {
    pub paragraphs_unchanged: usize,
    pub paragraphs_added: usize,
    pub paragraphs_removed: usize,
    /// Paragraphs found on both sides in the same place, with word edits.
    pub paragraphs_changed: usize,
    /// Paragraphs found on both sides in a different order (with or without word edits).
    pub paragraphs_moved: usize,
    /// Old paragraphs split into two new ones ([`Op::Split`]); left out of the JSON when zero.
    #[serde(skip_serializing_if = "is_zero")]
    pub paragraphs_split: usize,
    /// Pairs of old paragraphs merged into one new one ([`Op::Merge`]); left out when zero.
    #[serde(skip_serializing_if = "is_zero")]
    pub paragraphs_merged: usize,
    /// Words (tokens holding a letter or digit) inserted, in added paragraphs and in edits.
    pub words_inserted: usize,
    /// Words deleted, in removed paragraphs and in edits.
    pub words_deleted: usize,
    pub words_old: usize,
    pub words_new: usize,
    /// Share of the text changed: (inserted + deleted words) / (old + new words), 0 to 1.
    pub share_changed: f64,
    /// Data-driven edits found (shown, or hidden under [`super::DiffOptions::substantive_only`]).
    pub data_edits: usize,
    /// Paragraph pairs over the token cap, shown as one replacement.
    pub capped_pairs: usize,
    /// Token changes not shown as edits because the comparison ignores them
    /// ([`super::DiffOptions::ignore`]); left out of the JSON when zero.
    #[serde(skip_serializing_if = "is_zero")]
    pub ignored: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl DiffStats {
    /// Whether the two documents have the same text (after hiding data-driven edits if asked).
    pub fn is_equal(&self) -> bool {
        self.paragraphs_added
            + self.paragraphs_removed
            + self.paragraphs_changed
            + self.paragraphs_moved
            + self.paragraphs_split
            + self.paragraphs_merged
            == 0
    }
}

impl std::fmt::Display for DiffStats {
    /// Two lines: paragraphs, then words and the share changed (then data edits and capped
    /// pairs, when there are any).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "paragraphs: {} added, {} removed, {} changed, {} moved, ",
            self.paragraphs_added,
            self.paragraphs_removed,
            self.paragraphs_changed,
            self.paragraphs_moved,
        )?;
        if self.paragraphs_split + self.paragraphs_merged > 0 {
            write!(
                f,
                "{} split, {} merged, ",
                self.paragraphs_split, self.paragraphs_merged
            )?;
        }
        writeln!(f, "{} unchanged", self.paragraphs_unchanged)?;
        write!(
            f,
            "words: {} inserted, {} deleted ({:.1}% of the text changed)",
            self.words_inserted,
            self.words_deleted,
            self.share_changed * 100.0
        )?;
        if self.data_edits > 0 {
            write!(f, "\ndata-driven edits: {}", self.data_edits)?;
        }
        if self.ignored > 0 {
            write!(f, "\nignored {} changes", self.ignored)?;
        }
        if self.capped_pairs > 0 {
            write!(
                f,
                "\nnote: {} paragraph pair(s) too long for a word diff, shown as one replacement",
                self.capped_pairs
            )?;
        }
        Ok(())
    }
}

/// One operation of the redline, for tools (`--format json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    /// The block is unchanged.
    Equal { old: usize, new: usize },
    /// A paragraph was added.
    Insert {
        new: usize,
        text: String,
        /// All of its words came from data values.
        data: bool,
    },
    /// A paragraph was removed.
    Delete {
        old: usize,
        text: String,
        data: bool,
    },
    /// A paragraph was edited in place.
    Change {
        old: usize,
        new: usize,
        edits: Vec<Edit>,
    },
    /// A paragraph moved (`id` pairs the marks of its two places); `edits` when also edited.
    Move {
        id: u32,
        old: usize,
        new: usize,
        edits: Vec<Edit>,
    },
    /// An old paragraph split into the two new paragraphs `new`; `edits` holds one list per
    /// new paragraph, with offsets in the old paragraph's text and in that new paragraph's.
    Split {
        old: usize,
        new: Vec<usize>,
        edits: Vec<Vec<Edit>>,
    },
    /// The two old paragraphs `old` merged into one new paragraph; `edits` holds one list per
    /// old paragraph, with offsets in that old paragraph's text and in the new paragraph's.
    Merge {
        old: Vec<usize>,
        new: usize,
        edits: Vec<Vec<Edit>>,
    },
}

/// The text of a run that stands for a paragraph break, marked [`Change::Inserted`] where a
/// paragraph was split (at the end of the first new paragraph) or [`Change::Deleted`] where
/// two were merged (inside the new paragraph); renderers show it as a break mark, never as
/// text (see [`is_paragraph_mark`]).
pub const PARAGRAPH_MARK: &str = "\u{2029}";

/// Whether `run` is a split's or merge's paragraph break ([`PARAGRAPH_MARK`] with a change).
pub fn is_paragraph_mark(run: &Run) -> bool {
    run.text == PARAGRAPH_MARK && run.marks.change.is_some()
}

/// One word-level edit inside a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    /// Byte offset of the edit in the old paragraph's text.
    pub old_at: usize,
    /// Byte offset of the edit in the new paragraph's text.
    pub new_at: usize,
    /// Text removed (empty for a pure insertion).
    pub delete: String,
    /// Text put in (empty for a pure deletion).
    pub insert: String,
    /// Data-driven: every changed word came from a data value on both sides.
    pub data: bool,
}

/// Which side of a redline to read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Old,
    New,
}

/// The text of each textual block of a redline as one side reads it: [`Side::New`] drops what
/// was deleted or moved away (accept all), [`Side::Old`] drops what was inserted or moved in
/// (reject all). A split's or merge's paragraph break ends a paragraph on the side that has
/// it; a block ending in a break the side does not have runs on into the next block. Empty
/// paragraphs are dropped.
pub fn view(doc: &Document, side: Side) -> Vec<String> {
    let keep = |c: Option<Change>| match (c, side) {
        (None, Side::Old | Side::New) => true,
        (Some(Change::Inserted | Change::MovedTo(_)), Side::Old) => false,
        (Some(Change::Deleted | Change::MovedFrom(_)), Side::Old) => true,
        (Some(Change::Inserted | Change::MovedTo(_)), Side::New) => true,
        (Some(Change::Deleted | Change::MovedFrom(_)), Side::New) => false,
    };
    let mut out = Vec::new();
    let mut current = String::new();
    for block in doc
        .blocks
        .iter()
        .filter(|b| b.is_textual() && keep(b.change))
    {
        let mut runs_on = false;
        for run in block.runs.iter().filter(|r| keep(r.marks.change)) {
            if is_paragraph_mark(run) {
                out.push(std::mem::take(&mut current));
            } else {
                current.push_str(&run.text);
            }
        }
        if let Some(last) = block.runs.last() {
            runs_on = is_paragraph_mark(last) && !keep(last.marks.change);
        }
        if !runs_on {
            out.push(std::mem::take(&mut current));
        }
    }
    out.push(current);
    out.retain(|t| !t.is_empty());
    out
}

/// The two places of a move, as paragraph numbers: each side's paragraphs counted from 1 as a
/// reader counts them (the title lines above the text left out), `from` on the old side and
/// `to` on the new.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MovePlaces {
    pub from: usize,
    pub to: usize,
}

/// Where each move of a redline stands (by move number): what the HTML links and PDF labels
/// of a move name ("moved to ¶ 7", "moved from ¶ 3").
pub fn move_places(doc: &Document) -> BTreeMap<u32, MovePlaces> {
    let mut places: BTreeMap<u32, MovePlaces> = BTreeMap::new();
    let (mut old_n, mut new_n) = (0, 0);
    for block in doc.blocks.iter().filter(|b| b.is_textual()) {
        let counted = !matches!(
            block.kind,
            BlockKind::Title | BlockKind::Subtitle | BlockKind::DateLine
        );
        let on_old = !matches!(block.change, Some(Change::Inserted | Change::MovedTo(_)));
        let on_new = !matches!(block.change, Some(Change::Deleted | Change::MovedFrom(_)));
        old_n += usize::from(on_old && counted);
        new_n += usize::from(on_new && counted);
        let marks = std::iter::once(block.change).chain(block.runs.iter().map(|r| r.marks.change));
        for change in marks {
            match change {
                Some(Change::MovedFrom(m)) => places.entry(m).or_default().from = old_n.max(1),
                Some(Change::MovedTo(m)) => places.entry(m).or_default().to = new_n.max(1),
                Some(Change::Inserted | Change::Deleted) | None => {}
            }
        }
    }
    places
}

/// The label of a move's place: "moved to ¶ 7" where it left, "moved from ¶ 3" where it
/// arrived; `None` for other marks.
pub fn move_label(change: Change, places: &BTreeMap<u32, MovePlaces>) -> Option<String> {
    match change {
        Change::MovedFrom(m) => Some(format!(
            "moved to \u{b6}\u{a0}{}",
            places.get(&m).map_or(0, |p| p.to)
        )),
        Change::MovedTo(m) => Some(format!(
            "moved from \u{b6}\u{a0}{}",
            places.get(&m).map_or(0, |p| p.from)
        )),
        Change::Inserted | Change::Deleted => None,
    }
}

/// The redline with a label run ("[moved to ¶ 7] ", italic, unmarked) before the start of
/// each moved stretch, and each split's or merge's paragraph break as a visible, marked `¶`,
/// for formats that can only show these where they stand (PDF). A block moved whole passes
/// its mark down to its runs, so the label itself is neither struck nor underlined. A document
/// without moves or breaks comes back as it is.
pub fn with_move_labels(doc: &Document) -> Cow<'_, Document> {
    let places = move_places(doc);
    let breaks = doc
        .blocks
        .iter()
        .any(|b| b.runs.iter().any(is_paragraph_mark));
    if places.is_empty() && !breaks {
        return Cow::Borrowed(doc);
    }
    let mut out = doc.clone();
    for block in &mut out.blocks {
        for run in block.runs.iter_mut().filter(|r| is_paragraph_mark(r)) {
            run.text = "\u{b6}".to_owned();
        }
        if !places.is_empty() {
            label_block(block, &places);
        }
    }
    Cow::Owned(out)
}

fn label_block(block: &mut Block, places: &BTreeMap<u32, MovePlaces>) {
    if let Some(change @ (Change::MovedFrom(_) | Change::MovedTo(_))) = block.change {
        for run in &mut block.runs {
            run.marks.change = run.marks.change.or(Some(change));
        }
        block.change = None;
    }
    let mut runs = Vec::with_capacity(block.runs.len() + 2);
    // One label per move and block, even where an edit inside the move splits its runs.
    let mut labelled: Vec<Change> = Vec::new();
    for run in block.runs.drain(..) {
        if let Some((change, label)) = run
            .marks
            .change
            .filter(|c| !labelled.contains(c))
            .and_then(|c| Some((c, move_label(c, places)?)))
        {
            labelled.push(change);
            runs.push(Run {
                text: format!("[{label}] "),
                marks: Marks {
                    emphasis: !run.marks.emphasis,
                    ..Marks::default()
                },
            });
        }
        runs.push(run);
    }
    block.runs = runs;
}

/// The JSON form of a redline (`--format json`): labels, equality, statistics, operations.
pub fn json(redline: &Redline, old_label: &str, new_label: &str) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        old: &'a str,
        new: &'a str,
        equal: bool,
        stats: &'a DiffStats,
        ops: &'a [Op],
    }
    let out = Out {
        old: old_label,
        new: new_label,
        equal: redline.stats.is_equal(),
        stats: &redline.stats,
        ops: &redline.ops,
    };
    // Serialising plain structs of strings and numbers cannot fail; keep a valid document anyway.
    let mut text = serde_json::to_string_pretty(&out).unwrap_or_else(|_| "{}".to_owned());
    text.push('\n');
    text
}

/// The word diff of two texts ([`super::word_diff`]): the new text as runs with the old text's
/// deleted words in place, the edits, and the words counted on both sides.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WordDiff {
    /// The runs of the redline: unmarked where both texts agree, [`Change::Deleted`] and
    /// [`Change::Inserted`] where they differ. Accepting every change gives the new text,
    /// rejecting every change the old one.
    pub runs: Vec<Run>,
    /// The word-level edits, with byte offsets into both texts.
    pub edits: Vec<Edit>,
    pub words_old: usize,
    pub words_new: usize,
    pub words_inserted: usize,
    pub words_deleted: usize,
}

impl WordDiff {
    /// Share of the words changed, as [`DiffStats::share_changed`]: (inserted + deleted words)
    /// / (old + new words), 0 to 1.
    pub fn share_changed(&self) -> f64 {
        share_changed(
            self.words_inserted + self.words_deleted,
            self.words_old + self.words_new,
        )
    }
}

/// `changed / total` words, capped at 1; 0 for texts without words.
pub(crate) fn share_changed(changed: usize, total: usize) -> f64 {
    if total == 0 {
        return 0.0;
    }
    #[allow(clippy::cast_precision_loss)] // word counts are far below 2^52
    let share = changed as f64 / total as f64;
    share.min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Meta;

    fn moved(text: &str, change: Change) -> Run {
        Run {
            text: text.to_owned(),
            marks: Marks {
                change: Some(change),
                ..Marks::default()
            },
        }
    }

    // A sentence moved out of paragraph 1 into a new paragraph 2 (the title line not counted):
    // each place is labelled once with the other's number, a block moved whole passes its mark
    // to its runs so the label stays unmarked, and a document without moves is not copied.
    #[test]
    fn moves_are_labelled_at_both_places() {
        let mut to = Block::text(BlockKind::Paragraph, "");
        to.runs = vec![
            moved("B ", Change::MovedTo(1)),
            moved("new ", Change::Inserted),
            moved("B.", Change::MovedTo(1)),
        ];
        to.change = Some(Change::MovedTo(1));
        let mut from = Block::text(BlockKind::Paragraph, "A. ");
        from.runs.push(moved("B.", Change::MovedFrom(1)));
        let doc = Document {
            meta: Meta::untitled(),
            blocks: vec![Block::text(BlockKind::Title, "Title"), from, to],
        };
        let places = move_places(&doc);
        assert_eq!(places[&1], MovePlaces { from: 1, to: 2 });
        let labelled = with_move_labels(&doc);
        let texts: Vec<Vec<(&str, Option<Change>)>> = labelled
            .blocks
            .iter()
            .map(|b| {
                b.runs
                    .iter()
                    .map(|r| (r.text.as_str(), r.marks.change))
                    .collect()
            })
            .collect();
        let (f, t) = (Some(Change::MovedFrom(1)), Some(Change::MovedTo(1)));
        assert_eq!(
            texts[1],
            [("A. ", None), ("[moved to ¶\u{a0}2] ", None), ("B.", f)]
        );
        assert_eq!(
            texts[2],
            [
                ("[moved from ¶\u{a0}1] ", None),
                ("B ", t),
                ("new ", Some(Change::Inserted)),
                ("B.", t)
            ]
        );
        assert_eq!(labelled.blocks[2].change, None);
        let plain = Document {
            meta: Meta::untitled(),
            blocks: vec![Block::text(BlockKind::Paragraph, "A.")],
        };
        assert!(matches!(with_move_labels(&plain), Cow::Borrowed(_)));
    }
}
