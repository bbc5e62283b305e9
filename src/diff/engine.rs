//! The diff engine: aligns two documents' blocks, diffs the words of each aligned pair, and
//! builds the [`Redline`] with its statistics and operations; and the same word diff on two
//! bare texts ([`word_diff`]).
//!
//! It owns the working state of one diff (block texts, tokens, keys) and nothing that outlives
//! it: the result types are [`super::result`], similarity (normalised keys, features) is
//! [`crate::similarity`], alignment is [`super::align`], the word diff of one pair and its runs
//! are [`super::words`]. No I/O, no clock.

use std::borrow::Cow;
use std::hash::BuildHasherDefault;
use std::ops::Range;

use rustc_hash::FxHasher;

use super::align::{self, BlockInfo};
use super::result::{DiffStats, Edit, Op, Redline, WordDiff, share_changed};
use super::sentences::Text;
use super::tokens::{self, Ignore, Interner, Tok, span};
use super::words::{self, Piece, RunMarks, Source};
use crate::document::{Block, BlockKind, Change, Document, Origin};
use crate::similarity;

type FxMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A sentence moved between a paired paragraph and a paragraph of its own: the sentence's byte
/// range in the paired paragraph, the move id, and the other block.
type SentenceMove = (Range<usize>, u32, usize);

/// Options of [`super::diff`] and [`super::word_diff`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffOptions {
    /// Hide data-driven edits (both sides' changed words came from data values): the redline
    /// shows the new text there, unmarked, and statistics and operations leave them out.
    /// Default `false`.
    pub substantive_only: bool,
    /// Bound on the word diff of one pair of paragraphs: when the part that differs (after the
    /// common start and end) holds more tokens than this, both sides together, it is shown as
    /// one replacement. Default 100 000 tokens (about 300 KB of text), far above any real
    /// paragraph, so only pathological inputs meet it.
    pub max_paragraph_tokens: usize,
    /// Differences that are not edits (typography, case): tokens equal once folded show the
    /// new text, unmarked, and are counted in [`DiffStats::ignored`]. Default: nothing ignored.
    pub ignore: Ignore,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            substantive_only: false,
            max_paragraph_tokens: 100_000,
            ignore: Ignore::default(),
        }
    }
}

/// Compare `old` with `new`.
pub(crate) fn diff(old: &Document, new: &Document, opts: &DiffOptions) -> Redline {
    let a = SideText::new(old);
    let b = SideText::new(new);
    Differ::new(old, new, &a, &b, opts).run()
}

/// One side's blocks as text, with run boundaries and the byte ranges that came from values.
struct SideText<'d> {
    /// Block texts: borrowed when the block is one run (plain text, most paragraphs).
    texts: Vec<Cow<'d, str>>,
    run_ends: Vec<Vec<usize>>,
    values: Vec<Vec<Range<usize>>>,
}

impl<'d> SideText<'d> {
    fn new(doc: &'d Document) -> Self {
        let n = doc.blocks.len();
        let mut side = SideText {
            texts: Vec::with_capacity(n),
            run_ends: Vec::with_capacity(n),
            values: Vec::with_capacity(n),
        };
        for block in &doc.blocks {
            if let [run] = block.runs.as_slice() {
                side.texts.push(Cow::Borrowed(&run.text));
                side.run_ends.push(vec![run.text.len()]);
                side.values.push(match run.marks.origin {
                    Origin::Value if !run.text.is_empty() => vec![Range {
                        start: 0,
                        end: run.text.len(),
                    }],
                    Origin::Value | Origin::Text => Vec::new(),
                });
                continue;
            }
            let mut text = String::new();
            let mut ends = Vec::with_capacity(block.runs.len());
            let mut values: Vec<Range<usize>> = Vec::new();
            for run in &block.runs {
                let start = text.len();
                text.push_str(&run.text);
                ends.push(text.len());
                if run.marks.origin == Origin::Value && !run.text.is_empty() {
                    match values.last_mut() {
                        Some(last) if last.end == start => last.end = text.len(),
                        _ => values.push(start..text.len()),
                    }
                }
            }
            side.texts.push(Cow::Owned(text));
            side.run_ends.push(ends);
            side.values.push(values);
        }
        side
    }
}

/// The working state of one diff.
struct Differ<'d> {
    old: &'d Document,
    new: &'d Document,
    a: &'d SideText<'d>,
    b: &'d SideText<'d>,
    opts: &'d DiffOptions,
    interner: Interner<'d>,
    /// Tokens per block; empty until tokenized.
    a_toks: Vec<Vec<Tok>>,
    b_toks: Vec<Vec<Tok>>,
    stats: DiffStats,
    ops: Vec<Op>,
    blocks: Vec<Block>,
    /// Reused buffers of token ids for the word diff.
    ids: (Vec<u32>, Vec<u32>),
    /// Both documents carry value runs (both were assembled from drafts), so edits can be told
    /// data-driven; a plain text side knows nothing of data.
    both_drafts: bool,
    /// Sentences that left a paired paragraph to become a paragraph of their own: by old
    /// block, the sentence's byte range, its move id and the new block.
    sentences_out: FxMap<usize, Vec<SentenceMove>>,
    /// The new paragraphs those sentences became: by new block, the move id and old block.
    sentences_in: FxMap<usize, (u32, usize)>,
    /// The other way round: removed paragraphs that became a sentence of a paired paragraph,
    /// by new block (the sentence's byte range, move id, old block) and by old block (id, new
    /// block).
    merged_in: FxMap<usize, Vec<SentenceMove>>,
    merged_from: FxMap<usize, (u32, usize)>,
}

impl<'d> Differ<'d> {
    fn new(
        old: &'d Document,
        new: &'d Document,
        a: &'d SideText<'d>,
        b: &'d SideText<'d>,
        opts: &'d DiffOptions,
    ) -> Self {
        Differ {
            old,
            new,
            a,
            b,
            opts,
            interner: Interner::ignoring(opts.ignore),
            a_toks: vec![Vec::new(); old.blocks.len()],
            b_toks: vec![Vec::new(); new.blocks.len()],
            stats: DiffStats::default(),
            ops: Vec::new(),
            blocks: Vec::new(),
            ids: (Vec::new(), Vec::new()),
            both_drafts: has_values(a) && has_values(b),
            sentences_out: FxMap::default(),
            sentences_in: FxMap::default(),
            merged_in: FxMap::default(),
            merged_from: FxMap::default(),
        }
    }

    fn run(mut self) -> Redline {
        let (mut a_info, mut b_info) = block_keys(self.old, self.new, self.a, self.b);
        let a_keys: Vec<u32> = a_info.iter().map(|i| i.key).collect();
        let b_keys: Vec<u32> = b_info.iter().map(|i| i.key).collect();
        let anchors = align::anchors(&a_keys, &b_keys);

        // Blocks anchored to an identical block need no tokens; all others do.
        let mut a_same = vec![false; a_keys.len()];
        let mut b_same = vec![false; b_keys.len()];
        for &(x, y) in &anchors {
            // Equal keys fold quotes (and clause keys ignore the text): only blocks equal but
            // for white space need no word diff.
            if similarity::same_but_space(&self.a.texts[x], &self.b.texts[y]) {
                a_same[x] = true;
                b_same[y] = true;
            }
        }
        let mut scratch = Vec::new();
        let mut prepare = |doc: &Document,
                           side: &'d SideText<'d>,
                           same: &[bool],
                           toks: &mut [Vec<Tok>],
                           info: &mut [BlockInfo]| {
            let mut words = 0;
            for (i, block) in doc.blocks.iter().enumerate() {
                if same[i] || !block.is_textual() {
                    words += similarity::count_words(&side.texts[i]);
                } else {
                    tokenize_into(
                        &mut self.interner,
                        &side.texts[i],
                        &side.values[i],
                        &mut toks[i],
                    );
                    words += count(&self.interner, &toks[i]);
                    info[i].features = features(&self.interner, &toks[i], &mut scratch);
                }
            }
            words
        };
        self.stats.words_old += prepare(self.old, self.a, &a_same, &mut self.a_toks, &mut a_info);
        self.stats.words_new += prepare(self.new, self.b, &b_same, &mut self.b_toks, &mut b_info);

        let alignment = align::align(&a_info, &b_info, &anchors);
        drop((a_info, b_info));
        self.emit(&alignment, &a_same);

        self.stats.share_changed = share_changed(
            self.stats.words_inserted + self.stats.words_deleted,
            self.stats.words_old + self.stats.words_new,
        );
        Redline {
            doc: Document {
                meta: self.new.meta.clone(),
                blocks: self.blocks,
            },
            stats: self.stats,
            ops: self.ops,
        }
    }

    /// Walk the alignment in reading order and build the redline blocks, stats and ops.
    fn emit(&mut self, al: &align::Alignment, a_same: &[bool]) {
        // Move ids number moves in the order of their new place.
        let mut move_of_old: FxMap<usize, (u32, usize)> = FxMap::default();
        let mut move_of_new: FxMap<usize, (u32, usize)> = FxMap::default();
        let mut move_pieces: Vec<Vec<Piece>> = Vec::with_capacity(al.moves.len());
        for (k, &(x, y)) in al.moves.iter().enumerate() {
            let id = u32::try_from(k + 1).unwrap_or(u32::MAX);
            move_of_old.insert(x, (id, y));
            move_of_new.insert(y, (id, x));
            move_pieces.push(self.pieces(x, y));
        }
        self.find_sentence_moves(al, a_same);

        let (mut i, mut j) = (0, 0);
        let end = (self.old.blocks.len(), self.new.blocks.len());
        for &(x, y) in al.pairs.iter().chain(std::iter::once(&end)) {
            while i < x {
                match (move_of_old.get(&i), self.merged_from.get(&i)) {
                    (Some(&(id, y2)), _) => {
                        self.moved_from(i, y2, id, &move_pieces[id as usize - 1]);
                    }
                    (None, Some(&(id, _))) => {
                        self.blocks
                            .push(marked(&self.old.blocks[i], Change::MovedFrom(id)));
                    }
                    (None, None) => self.removed(i),
                }
                i += 1;
            }
            while j < y {
                match (move_of_new.get(&j), self.sentences_in.get(&j)) {
                    (Some(&(id, x2)), _) => {
                        self.moved_to(x2, j, id, &move_pieces[id as usize - 1]);
                    }
                    (None, Some(&(id, x2))) => self.sentence_moved_to(x2, j, id),
                    (None, None) => self.added(j),
                }
                j += 1;
            }
            if (x, y) != end {
                self.pair(x, y, a_same[x]);
                // Tokens of a pair are needed by nothing else: their memory is better reused
                // by the redline being built than left idle (on long documents, fewer fresh
                // pages for the allocator to fault in).
                self.a_toks[x] = Vec::new();
                self.b_toks[y] = Vec::new();
                (i, j) = (x + 1, y + 1);
            }
        }
    }

    /// Find sentences of paired paragraphs that are gone from their pair and stand, alone and
    /// unchanged, as an added paragraph (a sentence moved out into a paragraph of its own), and
    /// removed paragraphs that stand, unchanged, as a new sentence of a pair (a paragraph moved
    /// into another): those are moves (ids after the paragraph moves'), not a deletion and an
    /// addition.
    fn find_sentence_moves(&mut self, al: &align::Alignment, a_same: &[bool]) {
        let mut id = u32::try_from(al.moves.len() + 1).unwrap_or(u32::MAX);
        let mut paired_new = vec![false; self.new.blocks.len()];
        let mut paired_old = vec![false; self.old.blocks.len()];
        for &(x, y) in al.pairs.iter().chain(&al.moves) {
            paired_old[x] = true;
            paired_new[y] = true;
        }
        let lone = |doc: &Document, side: &SideText<'_>, paired: &[bool]| {
            let mut out: FxMap<String, Vec<usize>> = FxMap::default();
            for (i, block) in doc.blocks.iter().enumerate().rev() {
                if !paired[i] && block.is_textual() {
                    let key = similarity::normalize(&side.texts[i]);
                    if !key.is_empty() {
                        out.entry(key.into_owned()).or_default().push(i);
                    }
                }
            }
            out
        };
        let mut added = lone(self.new, self.b, &paired_new);
        let mut removed = lone(self.old, self.a, &paired_old);
        if added.is_empty() && removed.is_empty() {
            return;
        }
        for &(x, y) in &al.pairs {
            if a_same[x] {
                continue;
            }
            for (r, to) in gone_sentences(&self.a.texts[x], &self.b.texts[y], &mut added) {
                self.sentences_out.entry(x).or_default().push((r, id, to));
                self.sentences_in.insert(to, (id, x));
                id = id.saturating_add(1);
            }
            for (r, from) in gone_sentences(&self.b.texts[y], &self.a.texts[x], &mut removed) {
                self.merged_in.entry(y).or_default().push((r, id, from));
                self.merged_from.insert(from, (id, y));
                id = id.saturating_add(1);
            }
        }
    }

    /// The new paragraph a sentence moved into: the whole block marked moved-to.
    fn sentence_moved_to(&mut self, x: usize, y: usize, id: u32) {
        self.stats.paragraphs_moved += 1;
        self.ops.push(Op::Move {
            id,
            old: x,
            new: y,
            edits: Vec::new(),
        });
        self.blocks
            .push(marked(&self.new.blocks[y], Change::MovedTo(id)));
    }

    /// For each piece of pair (`x`, `y`), the move id when it is a whole sentence moved out
    /// (a pure deletion) or a whole paragraph moved in (a pure insertion).
    fn moved_out(&self, x: usize, y: usize, pieces: &[Piece]) -> Vec<Option<u32>> {
        let (out, inn) = (self.sentences_out.get(&x), self.merged_in.get(&y));
        if out.is_none() && inn.is_none() {
            return Vec::new();
        }
        let find = |list: Option<&Vec<SentenceMove>>, at: Range<usize>| {
            list?
                .iter()
                .find(|(r, _, _)| *r == at)
                .map(|&(_, id, _)| id)
        };
        pieces
            .iter()
            .map(|p| match (p.edit, p.old.is_empty(), p.new.is_empty()) {
                (true, false, true) => {
                    let text = &self.a.texts[x];
                    find(
                        out,
                        span(&self.a_toks[x], p.old.clone(), text.len(), &self.interner),
                    )
                }
                (true, true, false) => {
                    let text = &self.b.texts[y];
                    find(
                        inn,
                        span(&self.b_toks[y], p.new.clone(), text.len(), &self.interner),
                    )
                }
                _ => None,
            })
            .collect()
    }

    /// Count the tokens of the equal pieces that differ in text: differences ignored.
    fn count_ignored(&mut self, x: usize, y: usize, pieces: &[Piece]) {
        if self.opts.ignore == Ignore::default() {
            return;
        }
        let (a, b) = (&self.a_toks[x], &self.b_toks[y]);
        for p in pieces.iter().filter(|p| !p.edit) {
            let differ = a[p.old.clone()]
                .iter()
                .zip(&b[p.new.clone()])
                .filter(|(s, t)| s.id() != t.id())
                .count();
            self.stats.ignored += differ;
        }
    }

    fn pieces(&mut self, x: usize, y: usize) -> Vec<Piece> {
        let old = Text {
            toks: &self.a_toks[x],
            text: &self.a.texts[x],
        };
        let new = Text {
            toks: &self.b_toks[y],
            text: &self.b.texts[y],
        };
        words::pieces(
            old,
            new,
            self.opts.max_paragraph_tokens,
            &self.interner,
            &mut self.ids,
        )
    }

    fn src_a(&self, x: usize) -> Source<'_> {
        Source {
            marks: RunMarks::Runs(&self.old.blocks[x].runs),
            text: &self.a.texts[x],
            run_ends: &self.a.run_ends[x],
            toks: &self.a_toks[x],
            lens: self.interner.lens(),
        }
    }

    fn src_b(&self, y: usize) -> Source<'_> {
        Source {
            marks: RunMarks::Runs(&self.new.blocks[y].runs),
            text: &self.b.texts[y],
            run_ends: &self.b.run_ends[y],
            toks: &self.b_toks[y],
            lens: self.interner.lens(),
        }
    }

    /// Whether an edit is data-driven, and whether it is to be hidden.
    fn classify(&self, x: usize, y: usize, p: &Piece) -> (bool, bool) {
        let data = self.both_drafts
            && words::is_data(
                &self.a_toks[x][p.old.clone()],
                &self.b_toks[y][p.new.clone()],
                &self.interner,
            );
        (data, data && self.opts.substantive_only)
    }

    fn edit(&mut self, x: usize, y: usize, p: &Piece, data: bool) -> Edit {
        let old = (self.a_toks[x].as_slice(), &*self.a.texts[x]);
        let new = (self.b_toks[y].as_slice(), &*self.b.texts[y]);
        let (edit, deleted, inserted) = edit_of(p, old, new, &self.interner, data);
        self.stats.words_deleted += deleted;
        self.stats.words_inserted += inserted;
        edit
    }

    fn pair(&mut self, x: usize, y: usize, same: bool) {
        let new_block = &self.new.blocks[y];
        if same || !new_block.is_textual() {
            self.stats.paragraphs_unchanged += 1;
            self.ops.push(Op::Equal { old: x, new: y });
            self.blocks.push(new_block.clone());
            return;
        }
        let pieces = self.pieces(x, y);
        let moved = self.moved_out(x, y, &pieces);
        self.count_ignored(x, y, &pieces);
        let mut edits = Vec::new();
        let mut hidden = Vec::with_capacity(pieces.len());
        for (k, p) in pieces.iter().enumerate() {
            let mut hide = false;
            if p.edit && moved.get(k).copied().flatten().is_none() {
                let (data, h) = self.classify(x, y, p);
                self.stats.data_edits += usize::from(data);
                hide = h;
                if !hide {
                    edits.push(self.edit(x, y, p, data));
                }
            }
            hidden.push(hide);
        }
        let runs = words::pair_runs(&pieces, self.src_a(x), self.src_b(y), &hidden, &moved);
        // A paragraph merged in as a sentence of this one: its move, at its new place.
        for &(_, id, from) in self.merged_in.get(&y).into_iter().flatten() {
            self.stats.paragraphs_moved += 1;
            self.ops.push(Op::Move {
                id,
                old: from,
                new: y,
                edits: Vec::new(),
            });
        }
        if self.capped(&pieces, x, y) {
            self.stats.capped_pairs += 1;
        }
        if edits.is_empty() {
            self.stats.paragraphs_unchanged += 1;
            self.ops.push(Op::Equal { old: x, new: y });
        } else {
            self.stats.paragraphs_changed += 1;
            self.ops.push(Op::Change {
                old: x,
                new: y,
                edits,
            });
        }
        self.blocks.push(Block {
            runs,
            change: None,
            ..self.new.blocks[y].clone_shell()
        });
    }

    /// Whether the word diff of this pair met the token cap (one edit spanning the capped middle).
    fn capped(&self, pieces: &[Piece], x: usize, y: usize) -> bool {
        pieces
            .iter()
            .any(|p| p.edit && p.old.len() + p.new.len() > self.opts.max_paragraph_tokens)
            && self.a_toks[x].len() + self.b_toks[y].len() > self.opts.max_paragraph_tokens
    }

    fn removed(&mut self, x: usize) {
        let block = &self.old.blocks[x];
        let data = self.both_drafts && block_is_data(&self.a_toks[x], &self.interner);
        self.stats.data_edits += usize::from(data);
        if data && self.opts.substantive_only {
            return;
        }
        self.stats.paragraphs_removed += 1;
        self.stats.words_deleted += similarity::count_words(&self.a.texts[x]);
        self.ops.push(Op::Delete {
            old: x,
            text: self.a.texts[x].to_string(),
            data,
        });
        self.blocks.push(marked(block, Change::Deleted));
    }

    fn added(&mut self, y: usize) {
        let block = &self.new.blocks[y];
        let data = self.both_drafts && block_is_data(&self.b_toks[y], &self.interner);
        self.stats.data_edits += usize::from(data);
        if data && self.opts.substantive_only {
            self.blocks.push(block.clone());
            return;
        }
        self.stats.paragraphs_added += 1;
        self.stats.words_inserted += similarity::count_words(&self.b.texts[y]);
        self.ops.push(Op::Insert {
            new: y,
            text: self.b.texts[y].to_string(),
            data,
        });
        self.blocks.push(marked(block, Change::Inserted));
    }

    /// The old place of a moved paragraph: its old text, words that do not survive as deletions.
    fn moved_from(&mut self, x: usize, y: usize, id: u32, pieces: &[Piece]) {
        let change = Change::MovedFrom(id);
        let hidden: Vec<bool> = pieces
            .iter()
            .map(|p| p.edit && self.classify(x, y, p).1)
            .collect();
        self.push_moved(x, true, change, pieces, &hidden);
    }

    /// The new place of a moved paragraph: its new text, words it gained as insertions.
    fn moved_to(&mut self, x: usize, y: usize, id: u32, pieces: &[Piece]) {
        let change = Change::MovedTo(id);
        self.count_ignored(x, y, pieces);
        let mut edits = Vec::new();
        let mut hidden = Vec::with_capacity(pieces.len());
        for p in pieces {
            let mut hide = false;
            if p.edit {
                let (data, h) = self.classify(x, y, p);
                self.stats.data_edits += usize::from(data);
                hide = h;
                if !hide {
                    edits.push(self.edit(x, y, p, data));
                }
            }
            hidden.push(hide);
        }
        self.stats.paragraphs_moved += 1;
        self.ops.push(Op::Move {
            id,
            old: x,
            new: y,
            edits,
        });
        self.push_moved(y, false, change, pieces, &hidden);
    }

    /// One place of a moved paragraph: block `i` of the old side (`old_side`) or the new, its
    /// text marked with `change`, words only that side has marked deleted (old) or inserted (new).
    fn push_moved(
        &mut self,
        i: usize,
        old_side: bool,
        change: Change,
        pieces: &[Piece],
        hidden: &[bool],
    ) {
        let (block, src, word_change) = if old_side {
            (&self.old.blocks[i], self.src_a(i), Change::Deleted)
        } else {
            (&self.new.blocks[i], self.src_b(i), Change::Inserted)
        };
        let runs = if block.is_textual() {
            words::side_runs(pieces, src, old_side, change, word_change, hidden)
        } else {
            Vec::new()
        };
        self.blocks.push(Block {
            runs,
            change: Some(change),
            ..block.clone_shell()
        });
    }
}

/// The sentences of `text` that `other` does not have and that stand alone, unchanged, in
/// `lone` (paragraphs by normalised text, unpaired on the other side): each with the block it
/// is found as, taken out of `lone`.
fn gone_sentences(
    text: &str,
    other: &str,
    lone: &mut FxMap<String, Vec<usize>>,
) -> Vec<(Range<usize>, usize)> {
    let sentences = crate::archive::sentences::split(text);
    if lone.is_empty() || sentences.len() < 2 {
        return Vec::new();
    }
    // The other side's sentences only when a sentence stands alone somewhere (rarely).
    let mut kept: Option<Vec<Cow<'_, str>>> = None;
    let mut out = Vec::new();
    for r in sentences {
        let key = similarity::normalize(&text[r.clone()]);
        if lone.get(key.as_ref()).is_none_or(|l| l.is_empty()) {
            continue;
        }
        let kept = kept.get_or_insert_with(|| {
            crate::archive::sentences::split(other)
                .into_iter()
                .map(|r| similarity::normalize(&other[r]))
                .collect()
        });
        if kept.contains(&key) {
            continue;
        }
        if let Some(i) = lone.get_mut(key.as_ref()).and_then(Vec::pop) {
            out.push((r, i));
        }
    }
    out
}

trait CloneShell {
    /// The block's kind, clause and language, without runs or change.
    fn clone_shell(&self) -> Block;
}

impl CloneShell for Block {
    fn clone_shell(&self) -> Block {
        Block {
            kind: self.kind.clone(),
            runs: Vec::new(),
            clause: self.clause.clone(),
            lang: self.lang.clone(),
            change: None,
        }
    }
}

/// A whole block marked as inserted or deleted, on the block and on each run.
fn marked(block: &Block, change: Change) -> Block {
    let mut out = block.clone();
    out.change = Some(change);
    for run in &mut out.runs {
        run.marks.change = Some(change);
    }
    out
}

fn tokenize_into<'a>(
    interner: &mut Interner<'a>,
    text: &'a str,
    values: &[Range<usize>],
    out: &mut Vec<Tok>,
) {
    tokens::tokenize(text, values, interner, out);
    // Kept until the block is paired, and the tokenizer's estimate is high for most prose:
    // the spare tail goes back (shrunk in place) for the next block's tokens and the
    // redline's runs to use.
    out.shrink_to_fit();
}

fn count(interner: &Interner<'_>, toks: &[Tok]) -> usize {
    toks.iter().filter(|t| interner.is_word(t.id())).count()
}

/// Size of a block's similarity sketch ([`similarity::features`]): paragraphs of up to 32
/// bigrams are compared exactly, longer ones by a sketch at a fixed cost.
const SKETCH: usize = 32;

/// Similarity features of a block's tokens: those of its words' keys.
fn features(interner: &Interner<'_>, toks: &[Tok], scratch: &mut Vec<u64>) -> Vec<u64> {
    let keys = toks
        .iter()
        .map(|t| t.id())
        .filter(|&id| interner.is_word(id))
        .map(|id| interner.word_key(id));
    similarity::features(keys, SKETCH, scratch)
}

/// The edit of piece `p` between the tokens and text of the old side and of the new one, with
/// the words it deletes and inserts.
fn edit_of(
    p: &Piece,
    (a, old): (&[Tok], &str),
    (b, new): (&[Tok], &str),
    interner: &Interner<'_>,
    data: bool,
) -> (Edit, usize, usize) {
    let o = span(a, p.old.clone(), old.len(), interner);
    let n = span(b, p.new.clone(), new.len(), interner);
    let edit = Edit {
        old_at: o.start,
        new_at: n.start,
        delete: old[o].to_owned(),
        insert: new[n].to_owned(),
        data,
    };
    let (deleted, inserted) = changed_words(&a[p.old.clone()], &b[p.new.clone()], interner);
    (edit, deleted, inserted)
}

/// The words an edit deletes and inserts: its words on each side, less those it has on both.
/// Light punctuation folded between two edits can join a word that the word diff matched on
/// one side of it but not the other (`security[-, sides-]{+ sides, Both+}`, where the other
/// direction matches `sides` and not the comma); counting only words that are not on both
/// sides of the edit makes both directions count the same words (`--stat` symmetric).
fn changed_words(old: &[Tok], new: &[Tok], interner: &Interner<'_>) -> (usize, usize) {
    let is_word = |t: &&Tok| interner.is_word(t.id());
    if old.is_empty() || new.is_empty() || old.len() * new.len() <= 64 && new.len() <= 64 {
        // Small edits (nearly all): pair equal words directly, no allocation.
        let (mut taken, mut common) = (0u64, 0);
        for t in old.iter().filter(is_word) {
            let hit = new
                .iter()
                .enumerate()
                .find(|(k, u)| taken & (1 << k) == 0 && u.id() == t.id() && is_word(u));
            if let Some((k, _)) = hit {
                taken |= 1 << k;
                common += 1;
            }
        }
        let o = old.iter().filter(is_word).count();
        let n = new.iter().filter(is_word).count();
        return (o - common, n - common);
    }
    let words = |toks: &[Tok]| -> Vec<u32> {
        let mut ids: Vec<u32> = toks
            .iter()
            .map(|t| t.id())
            .filter(|&id| interner.is_word(id))
            .collect();
        ids.sort_unstable();
        ids
    };
    let (o, n) = (words(old), words(new));
    if o.is_empty() || n.is_empty() {
        return (o.len(), n.len());
    }
    let common = crate::similarity::common_sorted(&o, &n);
    (o.len() - common, n.len() - common)
}

/// The word diff of two texts: [`Differ::pair`] for two plain paragraphs, without documents.
pub(crate) fn word_diff(old: &str, new: &str, opts: &DiffOptions) -> WordDiff {
    let mut interner = Interner::ignoring(opts.ignore);
    let (mut a, mut b) = (Vec::new(), Vec::new());
    tokens::tokenize(old, &[], &mut interner, &mut a);
    tokens::tokenize(new, &[], &mut interner, &mut b);
    let pieces = words::pieces(
        Text {
            toks: &a,
            text: old,
        },
        Text {
            toks: &b,
            text: new,
        },
        opts.max_paragraph_tokens,
        &interner,
        &mut (Vec::new(), Vec::new()),
    );
    let mut out = WordDiff {
        runs: Vec::new(),
        edits: Vec::new(),
        words_old: count(&interner, &a),
        words_new: count(&interner, &b),
        words_inserted: 0,
        words_deleted: 0,
    };
    for p in pieces.iter().filter(|p| p.edit) {
        let (edit, deleted, inserted) = edit_of(p, (&a, old), (&b, new), &interner, false);
        out.edits.push(edit);
        out.words_deleted += deleted;
        out.words_inserted += inserted;
    }
    let (old_end, new_end) = ([old.len()], [new.len()]);
    let src = |text, run_ends, toks| Source {
        marks: RunMarks::Plain,
        text,
        run_ends,
        toks,
        lens: interner.lens(),
    };
    out.runs = words::pair_runs(
        &pieces,
        src(old, &old_end, &a),
        src(new, &new_end, &b),
        &vec![false; pieces.len()],
        &[],
    );
    out
}

/// Whether any run of the side came from a data value.
fn has_values(side: &SideText<'_>) -> bool {
    side.values.iter().any(|v| !v.is_empty())
}

/// A whole block is data when all its non-space tokens came from values.
fn block_is_data(toks: &[Tok], interner: &Interner<'_>) -> bool {
    words::is_data(toks, &[], interner)
}

/// Title-block kinds pair by kind in alignment; body kinds by words only.
fn kind_class(kind: &BlockKind) -> u8 {
    match kind {
        BlockKind::Title => 1,
        BlockKind::Subtitle => 2,
        BlockKind::DateLine => 3,
        BlockKind::DoneAt => 4,
        BlockKind::Paragraph
        | BlockKind::Heading { .. }
        | BlockKind::ListItem { .. }
        | BlockKind::Signatures { .. }
        | BlockKind::PageBreak => 0,
    }
}

/// Alignment keys of both sides: a unique-on-both-sides clause id, else the normalised text
/// ([`similarity::normalize`]: white space and typographic quotes folded)
/// (non-text blocks by their kind).
fn block_keys<'d>(
    old: &'d Document,
    new: &'d Document,
    a: &'d SideText<'d>,
    b: &'d SideText<'d>,
) -> (Vec<BlockInfo>, Vec<BlockInfo>) {
    let mut clause_count: FxMap<&str, (u32, u32)> = FxMap::default();
    for block in &old.blocks {
        if let Some(c) = &block.clause {
            clause_count.entry(c).or_default().0 += 1;
        }
    }
    for block in &new.blocks {
        if let Some(c) = &block.clause {
            clause_count.entry(c).or_default().1 += 1;
        }
    }
    let mut interned = KeyTables::default();
    let a_info = side_keys(old, a, &clause_count, &mut interned);
    let b_info = side_keys(new, b, &clause_count, &mut interned);
    (a_info, b_info)
}

/// Interned clause ids and block keys, shared by both sides so equal keys get equal ids.
#[derive(Default)]
struct KeyTables<'d> {
    clauses: FxMap<&'d str, u32>,
    keys: FxMap<Cow<'d, str>, u32>,
}

fn side_keys<'d>(
    doc: &'d Document,
    side: &'d SideText<'d>,
    clause_count: &FxMap<&str, (u32, u32)>,
    t: &mut KeyTables<'d>,
) -> Vec<BlockInfo> {
    doc.blocks
        .iter()
        .enumerate()
        .map(|(i, block)| {
            let clause_any = block.clause.as_deref().map(|c| {
                let next = u32::try_from(t.clauses.len()).unwrap_or(u32::MAX);
                *t.clauses.entry(c).or_insert(next)
            });
            let unique = block
                .clause
                .as_deref()
                .filter(|c| clause_count.get(c) == Some(&(1, 1)));
            let key_text = match (unique, block.is_textual()) {
                (Some(c), _) => Cow::Owned(format!("\u{1}{c}")),
                (None, true) => similarity::normalize(&side.texts[i]),
                (None, false) => Cow::Owned(format!("\u{2}{:?}", block.kind)),
            };
            let next = u32::try_from(t.keys.len()).unwrap_or(u32::MAX);
            let key = *t.keys.entry(key_text).or_insert(next);
            // A clause id found on one side only (a clause renamed between two drafts) keeps
            // no paragraph from pairing: the text decides, as for paragraphs without ids.
            let on_both = block
                .clause
                .as_deref()
                .is_some_and(|c| matches!(clause_count.get(c), Some(&(o, n)) if o > 0 && n > 0));
            BlockInfo {
                key,
                clause: unique.and(clause_any),
                kind_class: kind_class(&block.kind),
                has_clause: clause_any.filter(|_| on_both),
                features: Vec::new(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{Side, view};
    use crate::document::{Marks, Meta, Run};

    fn doc(text: &str) -> Document {
        Document::from_plain_text(text)
    }

    fn text(redline: &Redline) -> String {
        crate::render::text::render(&redline.doc, &crate::render::text::TextOptions::default())
    }

    // Identical documents give an equal redline with no marks.
    #[test]
    fn equal_documents() {
        let d = doc("Joint Statement\n\nBoth sides met.\n\nBoth sides agreed.");
        let r = diff(&d, &d, &DiffOptions::default());
        assert!(r.stats.is_equal());
        assert_eq!(r.stats.paragraphs_unchanged, 3);
        assert_eq!(r.doc.blocks, d.blocks);
    }

    // A word edit shows inline; accepting gives the new text and rejecting the old.
    #[test]
    fn word_edit_round_trips() {
        let old = doc("Both sides confirmed the plan.\n\nThey met in Tokyo.");
        let new = doc("Both sides reaffirmed the plan.\n\nThey met in Tokyo.");
        let r = diff(&old, &new, &DiffOptions::default());
        assert_eq!(
            text(&r),
            "Both sides [-confirmed-]{+reaffirmed+} the plan.\n\nThey met in Tokyo.\n"
        );
        assert_eq!(view(&r.doc, Side::New), view(&new, Side::New));
        assert_eq!(view(&r.doc, Side::Old), view(&old, Side::Old));
        assert_eq!(r.stats.paragraphs_changed, 1);
        assert_eq!((r.stats.words_inserted, r.stats.words_deleted), (1, 1));
    }

    // A paragraph moved (and lightly edited) is one move, not a deletion and an insertion.
    #[test]
    fn moved_paragraph_is_a_move() {
        let old = doc(
            "Alpha paragraph about space situational awareness.\n\nBeta paragraph on remote sensing data policy.\n\nGamma paragraph on the International Space Station.",
        );
        let new = doc(
            "Beta paragraph on remote sensing data policy.\n\nGamma paragraph on the International Space Station.\n\nAlpha paragraph about enhanced space situational awareness.",
        );
        let r = diff(&old, &new, &DiffOptions::default());
        assert_eq!(r.stats.paragraphs_moved, 1);
        assert_eq!(r.stats.paragraphs_added + r.stats.paragraphs_removed, 0);
        assert_eq!(
            text(&r),
            "[<Alpha paragraph about space situational awareness.<]\n\n\
             Beta paragraph on remote sensing data policy.\n\n\
             Gamma paragraph on the International Space Station.\n\n\
             {>Alpha paragraph about >}{+enhanced+}{> space situational awareness.>}\n"
        );
        assert_eq!(view(&r.doc, Side::New), view(&new, Side::New));
        assert_eq!(view(&r.doc, Side::Old), view(&old, Side::Old));
    }

    // The word diff of two texts marks the changed words, counts words on both sides, and
    // round-trips: accepting its changes gives the new text, rejecting them the old.
    #[test]
    fn word_diff_of_two_texts() {
        let (old, new) = (
            "It is agreed today, in Tokyo.",
            "It is settled today in Tokyo.",
        );
        let wd = word_diff(old, new, &DiffOptions::default());
        let edits: Vec<(usize, usize, &str, &str)> = wd
            .edits
            .iter()
            .map(|e| (e.old_at, e.new_at, e.delete.as_str(), e.insert.as_str()))
            .collect();
        assert_eq!(edits, vec![(6, 6, "agreed", "settled"), (18, 20, ",", "")]);
        assert_eq!(
            (
                wd.words_old,
                wd.words_new,
                wd.words_deleted,
                wd.words_inserted
            ),
            (6, 6, 1, 1)
        );
        assert!((wd.share_changed() - 2.0 / 12.0).abs() < 1e-12);
        let side = |drop: Change| -> String {
            wd.runs
                .iter()
                .filter(|r| r.marks.change != Some(drop))
                .map(|r| r.text.as_str())
                .collect()
        };
        assert_eq!(side(Change::Deleted), new);
        assert_eq!(side(Change::Inserted), old);

        let same = word_diff(
            "Both  sides met.",
            "Both sides met.",
            &DiffOptions::default(),
        );
        assert!(same.edits.is_empty() && same.share_changed() == 0.0);
        assert!(same.runs.iter().all(|r| r.marks.change.is_none()));
    }

    // The word diff of two texts is the word diff `diff` makes of them as paired paragraphs.
    #[test]
    fn word_diff_matches_the_document_diff() {
        let old = "Both sides welcomed the Second Meeting, held in Tokyo.";
        let new = "Both sides warmly welcomed the Third Meeting held in Washington.";
        let one = |text: &str| Document {
            meta: Meta::untitled(),
            blocks: vec![Block {
                clause: Some("c".to_owned()),
                ..Block::text(BlockKind::Paragraph, text)
            }],
        };
        let r = diff(&one(old), &one(new), &DiffOptions::default());
        let wd = word_diff(old, new, &DiffOptions::default());
        assert_eq!(r.doc.blocks[0].runs, wd.runs);
        let Op::Change { edits, .. } = &r.ops[0] else {
            panic!("expected a change, got {:?}", r.ops);
        };
        assert_eq!(edits, &wd.edits);
        assert_eq!(r.stats.share_changed, wd.share_changed());
    }

    // Quotes fold for alignment only: a paragraph whose quotes changed pairs with its old self
    // and shows the quote change as an edit.
    #[test]
    fn quote_changes_pair_and_show() {
        let old = doc("First one.\n\nThey said \"agreed\".\n\nLast one.");
        let new = doc("First one.\n\nThey said \u{201c}agreed\u{201d}.\n\nLast one.");
        let r = diff(&old, &new, &DiffOptions::default());
        assert_eq!(r.stats.paragraphs_changed, 1);
        assert_eq!(r.stats.paragraphs_added + r.stats.paragraphs_removed, 0);
        assert_eq!(view(&r.doc, Side::New), view(&new, Side::New));
        assert_eq!(view(&r.doc, Side::Old), view(&old, Side::Old));
    }

    // Added and removed paragraphs are whole-block changes.
    #[test]
    fn added_and_removed() {
        let old = doc("One two three.\n\nFour five six.");
        let new = doc("One two three.\n\nSeven eight nine ten.");
        let r = diff(&old, &new, &DiffOptions::default());
        assert_eq!(
            (r.stats.paragraphs_added, r.stats.paragraphs_removed),
            (1, 1)
        );
        assert_eq!(r.doc.blocks[1].change, Some(Change::Deleted));
        assert_eq!(r.doc.blocks[2].change, Some(Change::Inserted));
        assert_eq!(view(&r.doc, Side::Old), view(&old, Side::Old));
    }

    fn value_doc(parts: &[(&str, bool)]) -> Document {
        let runs = parts
            .iter()
            .map(|&(t, v)| Run {
                text: t.to_owned(),
                marks: Marks {
                    origin: if v { Origin::Value } else { Origin::Text },
                    ..Marks::default()
                },
            })
            .collect();
        Document {
            meta: Meta::untitled(),
            blocks: vec![Block {
                kind: BlockKind::Paragraph,
                runs,
                clause: Some("opening".to_owned()),
                lang: None,
                change: None,
            }],
        }
    }

    // Edits of data values are told apart and hidden on request; wording edits never are.
    #[test]
    fn data_edits_are_classified() {
        let old = value_doc(&[
            ("held their ", false),
            ("Second", true),
            (" Meeting and confirmed it.", false),
        ]);
        let new = value_doc(&[
            ("held their ", false),
            ("Third", true),
            (" Meeting and reaffirmed it.", false),
        ]);
        let all = diff(&old, &new, &DiffOptions::default());
        let Op::Change { edits, .. } = &all.ops[0] else {
            panic!("expected a change, got {:?}", all.ops);
        };
        let flags: Vec<(&str, bool)> = edits.iter().map(|e| (e.insert.as_str(), e.data)).collect();
        assert_eq!(flags, vec![("Third", true), ("reaffirmed", false)]);

        let opts = DiffOptions {
            substantive_only: true,
            ..DiffOptions::default()
        };
        let subst = diff(&old, &new, &opts);
        assert_eq!(
            text(&subst),
            "held their Third Meeting and [-confirmed-]{+reaffirmed+} it.\n"
        );
        assert_eq!(subst.stats.data_edits, 1);
        assert_eq!(subst.stats.words_inserted, 1);

        let only_data = value_doc(&[
            ("held their ", false),
            ("Third", true),
            (" Meeting and confirmed it.", false),
        ]);
        assert!(diff(&old, &only_data, &opts).stats.is_equal());
        assert!(
            !diff(&old, &only_data, &DiffOptions::default())
                .stats
                .is_equal()
        );
    }

    // The "26 and 27" case: the place and a two-day date change in a paragraph from which a
    // sentence is deleted. Sentence by sentence, the "and" of "26 and 27" is never matched into
    // the deleted sentence: the data edits stay apart from the deletion, and `--substantive`
    // hides exactly the data edits, leaving the deleted sentence.
    #[test]
    fn data_edits_stay_apart_from_a_deleted_sentence() {
        let old = value_doc(&[
            ("The Third Meeting was held in ", false),
            ("Paris", true),
            (" on ", false),
            ("August 26 and 27, 2024", true),
            (
                ". Both sides reviewed the work of the groups and the progress of the plan. \
                 They agreed to meet again.",
                false,
            ),
        ]);
        let new = value_doc(&[
            ("The Third Meeting was held in ", false),
            ("Lyon", true),
            (" on ", false),
            ("September 3 and 4, 2025", true),
            (". They agreed to meet again.", false),
        ]);
        let all = diff(&old, &new, &DiffOptions::default());
        assert_eq!(
            text(&all),
            "The Third Meeting was held in [-Paris-]{+Lyon+} on [-August 26-]{+September 3+} \
             and [-27, 2024-]{+4, 2025+}. [-Both sides reviewed the work of the groups and the \
             progress of the plan. -]They agreed to meet again.\n"
        );
        let Op::Change { edits, .. } = &all.ops[0] else {
            panic!("expected a change, got {:?}", all.ops);
        };
        let data: Vec<bool> = edits.iter().map(|e| e.data).collect();
        assert_eq!(data, vec![true, true, true, false]);
        assert_eq!(view(&all.doc, Side::New), view(&new, Side::New));
        assert_eq!(view(&all.doc, Side::Old), view(&old, Side::Old));

        let opts = DiffOptions {
            substantive_only: true,
            ..DiffOptions::default()
        };
        let subst = diff(&old, &new, &opts);
        assert_eq!(
            text(&subst),
            "The Third Meeting was held in Lyon on September 3 and 4, 2025. [-Both sides \
             reviewed the work of the groups and the progress of the plan. -]They agreed to \
             meet again.\n"
        );
        assert_eq!(subst.stats.data_edits, 3);
        assert_eq!(
            (subst.stats.words_deleted, subst.stats.words_inserted),
            (14, 0)
        );
    }

    // Two drafts that give a paragraph different ids (a renamed clause) still pair it by its
    // text: one changed paragraph, not a removal and an addition.
    #[test]
    fn renamed_clause_pairs_by_text() {
        let para = |clause: &str, text: &str| Block {
            clause: Some(clause.to_owned()),
            ..Block::text(BlockKind::Paragraph, text)
        };
        let doc_of = |blocks: Vec<Block>| Document {
            meta: Meta::untitled(),
            blocks,
        };
        let old = doc_of(vec![
            para("opening", "Both sides met in Tokyo today."),
            para(
                "space-security",
                "Both sides affirmed the importance of space security.",
            ),
            para("closing", "They agreed to meet again."),
        ]);
        let new = doc_of(vec![
            para("opening", "Both sides met in Tokyo today."),
            para(
                "security",
                "Both sides reaffirmed the importance of space security.",
            ),
            para("closing", "They agreed to meet again."),
        ]);
        let r = diff(&old, &new, &DiffOptions::default());
        assert_eq!(r.stats.paragraphs_changed, 1);
        assert_eq!(r.stats.paragraphs_added + r.stats.paragraphs_removed, 0);
        assert_eq!((r.stats.words_inserted, r.stats.words_deleted), (1, 1));
        // Clauses present on both sides still pair by id, whatever their text.
        let other = doc_of(vec![
            para("opening", "Both sides met in Tokyo today."),
            para(
                "closing",
                "Both sides reaffirmed the importance of space security.",
            ),
            para("space-security", "They agreed to meet again."),
        ]);
        let r = diff(&old, &other, &DiffOptions::default());
        assert!(
            r.ops
                .iter()
                .any(|op| matches!(op, Op::Change { old: 1, new: 2, .. })),
            "{:?}",
            r.ops
        );
    }

    // A sentence moved from one paragraph into a new paragraph of its own is ONE move with no
    // word changes, both ways round (out into its own paragraph, and back in as a sentence);
    // accepting and rejecting give the two sides.
    #[test]
    fn sentence_moved_into_its_own_paragraph_is_one_move() {
        let moved = "They reviewed the cooperation on space situational awareness and agreed \
                     to deepen it in the coming years.";
        let old = doc(&format!(
            "Opening words here.\n\nBoth sides met in Tokyo. {moved} They agreed to meet \
             again.\n\nClosing words."
        ));
        let new = doc(&format!(
            "Opening words here.\n\nBoth sides met in Tokyo. They agreed to meet again.\n\n\
             Closing words.\n\n{moved}"
        ));
        for (a, b) in [(&old, &new), (&new, &old)] {
            let r = diff(a, b, &DiffOptions::default());
            assert_eq!(r.stats.paragraphs_moved, 1, "{:?}", r.ops);
            assert_eq!(r.stats.paragraphs_added + r.stats.paragraphs_removed, 0);
            assert_eq!((r.stats.words_inserted, r.stats.words_deleted), (0, 0));
            let moves: Vec<&Op> = r
                .ops
                .iter()
                .filter(|op| matches!(op, Op::Move { .. }))
                .collect();
            assert!(
                matches!(moves.as_slice(), [Op::Move { edits, .. }] if edits.is_empty()),
                "{moves:?}"
            );
            assert_eq!(view(&r.doc, Side::New), view(b, Side::New));
            assert_eq!(view(&r.doc, Side::Old), view(a, Side::Old));
        }
        let r = diff(&old, &new, &DiffOptions::default());
        assert_eq!(
            text(&r),
            format!(
                "Opening words here.\n\nBoth sides met in Tokyo. [<{moved} <]They agreed to \
                 meet again.\n\nClosing words.\n\n{{>{moved}>}}\n"
            )
        );
    }

    // Clause ids pair paragraphs whose words changed beyond recognition.
    #[test]
    fn clause_ids_pair_paragraphs() {
        let mut old = value_doc(&[("Completely different words here.", false)]);
        let mut new = value_doc(&[("Nothing alike at all now.", false)]);
        old.blocks[0].clause = Some("closing".to_owned());
        new.blocks[0].clause = Some("closing".to_owned());
        let r = diff(&old, &new, &DiffOptions::default());
        assert_eq!(r.stats.paragraphs_changed, 1);
        assert!(matches!(r.ops[0], Op::Change { .. }));
    }

    // Runs keep their own marks (value origin, emphasis) through the redline.
    #[test]
    fn runs_keep_marks() {
        let old = value_doc(&[("in ", false), ("Tokyo", true), (" today.", false)]);
        let new = value_doc(&[("in ", false), ("Tokyo", true), (" now.", false)]);
        let r = diff(&old, &new, &DiffOptions::default());
        let tokyo = r.doc.blocks[0]
            .runs
            .iter()
            .find(|run| run.text == "Tokyo")
            .map(|run| run.marks.origin);
        assert_eq!(tokyo, Some(Origin::Value));
    }

    /// A tiny deterministic generator (xorshift) for the round-trip property below.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            usize::try_from(self.0 % n as u64).unwrap_or(0)
        }
    }

    fn paragraph(rng: &mut Rng, words: &[&str]) -> Vec<String> {
        let n = 1 + rng.next(25);
        (0..n)
            .map(|_| words[rng.next(words.len())].to_owned())
            .collect()
    }

    fn join(words: &[String]) -> String {
        let mut out = String::new();
        for w in words {
            let punct = matches!(w.as_str(), "," | "." | ";");
            if !out.is_empty() && !punct {
                out.push(' ');
            }
            out.push_str(w);
        }
        out
    }

    // For random edits, moves, insertions and deletions, accepting every change of the redline
    // gives the new text and rejecting every change the old, exactly.
    #[test]
    fn accept_and_reject_round_trip() {
        let words = [
            "Both",
            "sides",
            "the",
            "space",
            "cooperation",
            "of",
            "and",
            "confirmed",
            "Japan",
            "U.S.",
            ",",
            ".",
            ";",
            "2014",
            "May",
            "9",
            "security",
            "data",
        ];
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        for round in 0..300 {
            let paras: Vec<Vec<String>> = (0..1 + rng.next(8))
                .map(|_| paragraph(&mut rng, &words))
                .collect();
            let mut new_paras: Vec<Vec<String>> = paras
                .iter()
                .map(|p| {
                    let mut out = Vec::new();
                    for w in p {
                        match rng.next(14) {
                            0 => {}
                            1 => out.push(words[rng.next(words.len())].to_owned()),
                            2 => {
                                out.push(w.clone());
                                out.push(words[rng.next(words.len())].to_owned());
                            }
                            _ => out.push(w.clone()),
                        }
                    }
                    if out.is_empty() {
                        out.push("Fine".to_owned());
                    }
                    out
                })
                .collect();
            match rng.next(4) {
                0 if new_paras.len() > 2 => {
                    let p = new_paras.remove(0);
                    new_paras.push(p);
                }
                1 if new_paras.len() > 1 => {
                    new_paras.remove(rng.next(new_paras.len()));
                }
                2 => new_paras.insert(rng.next(new_paras.len() + 1), paragraph(&mut rng, &words)),
                _ => {}
            }
            let old_text: Vec<String> = paras.iter().map(|p| join(p)).collect();
            let new_text: Vec<String> = new_paras.iter().map(|p| join(p)).collect();
            let old = doc(&old_text.join("\n\n"));
            let new = doc(&new_text.join("\n\n"));
            let r = diff(&old, &new, &DiffOptions::default());
            assert_eq!(
                view(&r.doc, Side::New),
                view(&new, Side::New),
                "round {round}: accept"
            );
            assert_eq!(
                view(&r.doc, Side::Old),
                view(&old, Side::Old),
                "round {round}: reject"
            );
            assert_eq!(
                r.stats.is_equal(),
                old_text == new_text,
                "round {round}: equality"
            );
            // `--stat` is symmetric: the other way round, the same words, swapped.
            let back = diff(&new, &old, &DiffOptions::default()).stats;
            assert_eq!(
                (back.words_inserted, back.words_deleted),
                (r.stats.words_deleted, r.stats.words_inserted),
                "round {round}: symmetry"
            );
        }
    }
}
