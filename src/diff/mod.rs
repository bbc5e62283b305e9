//! Diff: two [`Document`]s in, one redline out; or two texts in, one word diff out. The only
//! user of `similar`'s diff algorithms in the crate.
//!
//! [`diff`] aligns paragraphs first (`align`: by clause id where both sides carry one, else by
//! text, with moved paragraphs found and reported as moves), then diffs words inside each
//! aligned pair (`words`, the word tokens of the similarity layer with punctuation as its own
//! token), merged into runs. The result, a [`Redline`], is a [`Document`] whose blocks and runs
//! carry [`Change`](crate::document::Change) marks, so every renderer shows it; plus statistics
//! and a serialisable list of operations for tools. [`word_diff`] is the same word diff on two
//! texts, for callers that compare sentences (provenance). The result types live in
//! `result`, the engine in `engine`; formats that only make sense for a diff (unified, JSON)
//! in [`unified`] and [`json`].
//!
//! Pure and deterministic: no I/O, no clock. Pathological inputs are bounded by work caps, not
//! by a deadline (see [`DiffOptions::max_paragraph_tokens`] and `align`), so the same inputs
//! give the same redline on any machine.
//!
//! Edits are compared on text only: block kinds, emphasis and white space are not edits. When
//! both sides were assembled from drafts, runs know whether their text came from a data value
//! ([`Origin::Value`](crate::document::Origin::Value)); an edit whose changed words all came
//! from values on both sides is *data-driven* (an ordinal, a date, a place), and
//! [`DiffOptions::substantive_only`] hides it.

mod align;
mod engine;
mod result;
mod sentence_moves;
mod sentences;
mod splits;
mod tokens;
pub mod unified;
mod words;

use crate::document::Document;

pub use engine::DiffOptions;
pub use result::{
    DiffStats, Edit, MovePlaces, Op, PARAGRAPH_MARK, Redline, Side, WordDiff, is_paragraph_mark,
    json, move_label, move_places, view, with_move_labels,
};
pub use tokens::Ignore;

/// Compare `old` with `new`.
pub fn diff(old: &Document, new: &Document, opts: &DiffOptions) -> Redline {
    let mut redline = splits::diff(old, new, opts);
    sentence_moves::mark(&mut redline);
    redline
}

/// The word diff of two texts, each taken as one paragraph: what [`diff`] shows inside a pair
/// of aligned paragraphs, without documents around them (no alignment, no data values).
pub fn word_diff(old: &str, new: &str) -> WordDiff {
    engine::word_diff(old, new, &DiffOptions::default())
}
