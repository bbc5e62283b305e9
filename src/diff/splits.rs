//! Paragraph splits and merges: an old paragraph that became two adjacent new ones, or two
//! adjacent old paragraphs that became one, shown as one paragraph break inserted or deleted
//! with only the words that changed around it (not as a paragraph edited plus a paragraph
//! added, or a sentence moved out).
//!
//! Two passes of the engine. The first redline proposes candidates: a paired paragraph next to
//! an added paragraph (or next to the paragraph a sentence of it moved into) on the new side,
//! or next to a removed one (or one moved into it) on the old side. A candidate holds when the
//! word diff of the paragraph against the two others joined changes clearly fewer words than
//! the first redline did; the joined diff also says where the break falls in the single
//! paragraph. That paragraph is then cut there (at white space) and the engine runs again on
//! the reshaped documents, where each part pairs with its counterpart. The second redline is
//! folded back: the two pairs become one [`Op::Split`] or [`Op::Merge`], indices name the input
//! documents' blocks again, and the break is a [`PARAGRAPH_MARK`] run, inserted at the end of
//! the first new paragraph (a split) or deleted inside the merged one (a merge), with the white
//! space that joined the two texts deleted or inserted beside it. Pure, like the engine.

use std::ops::Range;

use super::engine::{self, DiffOptions};
use super::result::{Edit, Op, PARAGRAPH_MARK, Redline};
use crate::document::{Block, BlockKind, Change, Document, Marks, Run};
use crate::similarity::count_words;

/// One split or merge found in the first redline.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Candidate {
    /// Split: one old paragraph, two new. Merge: two old paragraphs, one new.
    kind: Kind,
    /// The single paragraph's index (old for a split, new for a merge) in its input document.
    single: usize,
    /// The first of the two paragraphs on the other side (the second follows it).
    first: usize,
    /// The white space in the single paragraph's text where it is cut.
    gap: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Split,
    Merge,
}

/// Compare `old` with `new`, with paragraph splits and merges found as such.
pub(crate) fn diff(old: &Document, new: &Document, opts: &DiffOptions) -> Redline {
    let first = engine::diff(old, new, opts);
    let mut found = candidates(old, new, &first, opts);
    // One retry without candidates the second pass did not pair as expected.
    for _ in 0..2 {
        if found.is_empty() {
            return first;
        }
        let (old2, old_map) = reshape(old, &found, Kind::Split);
        let (new2, new_map) = reshape(new, &found, Kind::Merge);
        let second = engine::diff(&old2, &new2, opts);
        let held: Vec<Candidate> = found
            .iter()
            .filter(|c| expected_pairs(c, &old_map, &new_map, &second.ops).is_some())
            .cloned()
            .collect();
        if held.len() == found.len() {
            return fold(second, &found, old, new, &old_map, &new_map);
        }
        found = held;
    }
    first
}

/// The other half of a candidate as the first redline had it: a block added or removed
/// (`from` none), or holding a sentence moved out of (into) the paired block `from`; with the
/// words the first redline changed for it, and the words a split or merge must save on top.
#[derive(Debug, Clone, Copy)]
struct Loose {
    from: Option<usize>,
    cost: usize,
    margin: usize,
}

/// Words inserted and deleted by `edits`.
fn edit_words(edits: &[Edit]) -> usize {
    edits
        .iter()
        .map(|e| count_words(&e.delete) + count_words(&e.insert))
        .sum()
}

/// The first redline's pairs (old → new, with the words their edits changed) and its loose
/// blocks on each side.
#[allow(clippy::type_complexity)] // three plain tables, named where they are taken apart
fn tables(
    first: &Redline,
    old_len: usize,
    new_len: usize,
) -> (
    Vec<Option<(usize, usize)>>,
    Vec<Option<Loose>>,
    Vec<Option<Loose>>,
) {
    let mut pairs = vec![None; old_len];
    let mut loose_new = vec![None; new_len];
    let mut loose_old = vec![None; old_len];
    for op in &first.ops {
        match op {
            Op::Equal { old: x, new: y } => pairs[*x] = Some((*y, 0)),
            Op::Change {
                old: x,
                new: y,
                edits,
            } => pairs[*x] = Some((*y, edit_words(edits))),
            Op::Insert { new: y, text, .. } => {
                let w = count_words(text);
                loose_new[*y] = Some(Loose {
                    from: None,
                    cost: w,
                    margin: w / 2,
                });
            }
            Op::Delete { old: x, text, .. } => {
                let w = count_words(text);
                loose_old[*x] = Some(Loose {
                    from: None,
                    cost: w,
                    margin: w / 2,
                });
            }
            Op::Move {
                old: x,
                new: y,
                edits,
                ..
            } => {
                let cost = edit_words(edits);
                loose_new[*y] = Some(Loose {
                    from: Some(*x),
                    cost,
                    margin: 0,
                });
                loose_old[*x] = Some(Loose {
                    from: Some(*y),
                    cost,
                    margin: 0,
                });
            }
            Op::Split { .. } | Op::Merge { .. } => {}
        }
    }
    (pairs, loose_new, loose_old)
}

/// The splits and merges the first redline suggests and a joined word diff confirms, at most
/// one per paragraph.
fn candidates(
    old: &Document,
    new: &Document,
    first: &Redline,
    opts: &DiffOptions,
) -> Vec<Candidate> {
    let (pairs, loose_new, loose_old) = tables(first, old.blocks.len(), new.blocks.len());
    let mut used_old = vec![false; old.blocks.len()];
    let mut used_new = vec![false; new.blocks.len()];
    let mut out = Vec::new();
    for (x, (y, pair_cost)) in pairs
        .iter()
        .enumerate()
        .filter_map(|(x, p)| Some((x, (*p)?)))
    {
        // The other half must be loose: added or removed, or a sentence moved from or into
        // this very pair. Its budget: the words the first redline changed for both blocks,
        // less what a split of an added block must save.
        let budget = |loose: Option<&Option<Loose>>, partner: usize| match loose {
            Some(Some(l)) if l.from.is_none_or(|f| f == partner) => {
                Some((pair_cost + l.cost).checked_sub(l.margin)?)
            }
            _ => None,
        };
        let mut tries: Vec<Candidate> = Vec::new();
        for (first_new, other) in [(y, y + 1), (y.wrapping_sub(1), y.wrapping_sub(1))] {
            if other < new.blocks.len()
                && !used_new[other]
                && let Some(budget) = budget(loose_new.get(other), x)
                && let Some(c) = confirm(Kind::Split, x, (first_new, new), old, budget, opts)
            {
                tries.push(c);
            }
        }
        for (first_old, other) in [(x, x + 1), (x.wrapping_sub(1), x.wrapping_sub(1))] {
            if other < old.blocks.len()
                && !used_old[other]
                && let Some(budget) = budget(loose_old.get(other), y)
                && let Some(c) = confirm(Kind::Merge, y, (first_old, old), new, budget, opts)
            {
                tries.push(c);
            }
        }
        if let Some(c) = tries.into_iter().next() {
            let (olds, news) = match c.kind {
                Kind::Split => (vec![c.single], vec![c.first, c.first + 1]),
                Kind::Merge => (vec![c.first, c.first + 1], vec![c.single]),
            };
            if olds.iter().any(|&i| used_old[i]) || news.iter().any(|&j| used_new[j]) {
                continue;
            }
            olds.iter().for_each(|&i| used_old[i] = true);
            news.iter().for_each(|&j| used_new[j] = true);
            out.push(c);
        }
    }
    out
}

/// Whether block `single` of `single_doc` reads as blocks `first` and `first + 1` of
/// `pair_doc` joined, changing at most `budget` words (what the first redline changed for
/// them, less a margin); with the gap to cut it at. A split passes (old single, new pair); a
/// merge (new single, old pair).
fn confirm(
    kind: Kind,
    single: usize,
    (first, pair_doc): (usize, &Document),
    single_doc: &Document,
    budget: usize,
    opts: &DiffOptions,
) -> Option<Candidate> {
    let blocks = [
        single_doc.blocks.get(single)?,
        pair_doc.blocks.get(first)?,
        pair_doc.blocks.get(first + 1)?,
    ];
    if blocks
        .iter()
        .any(|b| b.kind != BlockKind::Paragraph || b.change.is_some())
    {
        return None;
    }
    let [s, p1, p2] = blocks.map(Block::plain_text);
    let (s, p1, p2) = (s.trim(), p1.trim(), p2.trim());
    if s.is_empty() || p1.is_empty() || p2.is_empty() {
        return None;
    }
    let joined = format!("{p1} {p2}");
    // The old text first, so counts read as words deleted and inserted either way.
    let whole = match kind {
        Kind::Split => engine::word_diff(s, &joined, opts),
        Kind::Merge => engine::word_diff(&joined, s, opts),
    };
    if whole.words_inserted + whole.words_deleted > budget {
        return None;
    }
    let at = match kind {
        Kind::Split => map_offset(&whole.edits, p1.len(), false),
        Kind::Merge => map_offset(&whole.edits, p1.len(), true),
    };
    // Offsets are in the trimmed text: move them to the block's own text.
    let full = single_doc.blocks[single].plain_text();
    let lead = full.len() - full.trim_start().len();
    let gap = gap_near(&full, lead + at)?;
    Some(Candidate {
        kind,
        single,
        first,
        gap,
    })
}

/// Where offset `at` of the joined text (new side of `edits` when `joined_is_old` is false,
/// old side otherwise) falls in the other text.
fn map_offset(edits: &[Edit], at: usize, joined_is_old: bool) -> usize {
    let mut mapped = at;
    for e in edits {
        let (src_at, src_len, dst_at, dst_len) = if joined_is_old {
            (e.old_at, e.delete.len(), e.new_at, e.insert.len())
        } else {
            (e.new_at, e.insert.len(), e.old_at, e.delete.len())
        };
        if src_at >= at {
            break;
        }
        if src_at + src_len > at {
            return dst_at + (at - src_at).min(dst_len);
        }
        mapped = at - (src_at + src_len) + dst_at + dst_len;
    }
    mapped
}

/// The run of white space nearest to byte `at` of `text` with words on both sides.
fn gap_near(text: &str, at: usize) -> Option<Range<usize>> {
    let gaps = whitespace_runs(text);
    gaps.into_iter()
        .filter(|g| g.start > 0 && g.end < text.len())
        .min_by_key(|g| {
            if at < g.start {
                g.start - at
            } else {
                at.saturating_sub(g.end)
            }
        })
}

fn whitespace_runs(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (i, c) in text.char_indices() {
        if !c.is_whitespace() {
            continue;
        }
        let end = i + c.len_utf8();
        match out.last_mut() {
            Some(last) if last.end == i => last.end = end,
            _ => out.push(i..end),
        }
    }
    out
}

/// `doc` with the single paragraph of each candidate of `kind` cut in two at its gap, and for
/// each reshaped block the index of the input block it comes from.
fn reshape(doc: &Document, found: &[Candidate], kind: Kind) -> (Document, Vec<usize>) {
    let mut blocks = Vec::with_capacity(doc.blocks.len() + found.len());
    let mut map = Vec::with_capacity(doc.blocks.len() + found.len());
    for (i, block) in doc.blocks.iter().enumerate() {
        match found.iter().find(|c| c.kind == kind && c.single == i) {
            Some(c) => {
                let len = block.plain_text().len();
                blocks.push(slice_block(block, 0..c.gap.start));
                blocks.push(slice_block(block, c.gap.end..len));
                map.extend([i, i]);
            }
            None => {
                blocks.push(block.clone());
                map.push(i);
            }
        }
    }
    let reshaped = Document {
        meta: doc.meta.clone(),
        blocks,
    };
    (reshaped, map)
}

/// The block with only the runs' text in `range` (byte offsets of its whole text).
fn slice_block(block: &Block, range: Range<usize>) -> Block {
    let mut runs = Vec::new();
    let mut at = 0;
    for run in &block.runs {
        let (start, end) = (at, at + run.text.len());
        at = end;
        let (s, e) = (start.max(range.start), end.min(range.end));
        if s < e {
            runs.push(Run {
                text: run.text[s - start..e - start].to_owned(),
                marks: run.marks.clone(),
            });
        }
    }
    Block {
        runs,
        ..block.clone()
    }
}

/// Indices into `ops` of the two pairs the second pass must have made for `c`.
fn expected_pairs(
    c: &Candidate,
    old_map: &[usize],
    new_map: &[usize],
    ops: &[Op],
) -> Option<(usize, usize)> {
    let (a, b) = reshaped_pairs(c, old_map, new_map)?;
    let find = |want: (usize, usize)| {
        ops.iter().position(|op| match *op {
            Op::Equal { old, new } | Op::Change { old, new, .. } => (old, new) == want,
            Op::Insert { .. }
            | Op::Delete { .. }
            | Op::Move { .. }
            | Op::Split { .. }
            | Op::Merge { .. } => false,
        })
    };
    Some((find(a)?, find(b)?))
}

/// The two (old, new) pairs of the reshaped documents that make up candidate `c`.
fn reshaped_pairs(
    c: &Candidate,
    old_map: &[usize],
    new_map: &[usize],
) -> Option<((usize, usize), (usize, usize))> {
    let first_of = |map: &[usize], i: usize| map.iter().position(|&m| m == i);
    match c.kind {
        Kind::Split => {
            let x = first_of(old_map, c.single)?;
            let y = first_of(new_map, c.first)?;
            Some(((x, y), (x + 1, y + 1)))
        }
        Kind::Merge => {
            let x = first_of(old_map, c.first)?;
            let y = first_of(new_map, c.single)?;
            Some(((x, y), (x + 1, y + 1)))
        }
    }
}

/// The second redline with each candidate's two pairs folded into one split or merge, and
/// every index naming the input documents' blocks.
fn fold(
    mut r: Redline,
    found: &[Candidate],
    old: &Document,
    new: &Document,
    old_map: &[usize],
    new_map: &[usize],
) -> Redline {
    // (op index of the first pair, of the second, candidate), in redline order.
    let mut folds: Vec<(usize, usize, &Candidate)> = found
        .iter()
        .filter_map(|c| {
            let (a, b) = expected_pairs(c, old_map, new_map, &r.ops)?;
            Some((a, b, c))
        })
        .collect();
    folds.sort_by_key(|f| f.0);
    let mut seconds = vec![false; r.ops.len()];
    for &(_, b, _) in &folds {
        seconds[b] = true;
    }
    let ops = std::mem::take(&mut r.ops);
    let mut out = Vec::with_capacity(ops.len());
    for (k, op) in ops.iter().enumerate() {
        if seconds[k] {
            continue;
        }
        match folds.iter().find(|f| f.0 == k) {
            Some(&(a, b, c)) => {
                for pair in [&ops[a], &ops[b]] {
                    let count = match pair {
                        Op::Equal { .. } => &mut r.stats.paragraphs_unchanged,
                        _ => &mut r.stats.paragraphs_changed,
                    };
                    *count = count.saturating_sub(1);
                }
                out.push(folded_op(c, &ops[a], &ops[b]));
                match c.kind {
                    Kind::Split => r.stats.paragraphs_split += 1,
                    Kind::Merge => r.stats.paragraphs_merged += 1,
                }
            }
            None => out.push(remapped(op, old_map, new_map)),
        }
    }
    r.ops = out;
    r.doc.blocks = fold_blocks(std::mem::take(&mut r.doc.blocks), found, old, new, new_map);
    r
}

fn edits_of(op: &Op) -> Vec<Edit> {
    match op {
        Op::Change { edits, .. } => edits.clone(),
        _ => Vec::new(),
    }
}

/// The split or merge op of candidate `c` from its two pairs' ops; offsets of the second
/// part's edits move to the single paragraph's text.
fn folded_op(c: &Candidate, a: &Op, b: &Op) -> Op {
    let first = edits_of(a);
    let mut second = edits_of(b);
    match c.kind {
        Kind::Split => {
            second.iter_mut().for_each(|e| e.old_at += c.gap.end);
            Op::Split {
                old: c.single,
                new: vec![c.first, c.first + 1],
                edits: vec![first, second],
            }
        }
        Kind::Merge => {
            second.iter_mut().for_each(|e| e.new_at += c.gap.end);
            Op::Merge {
                old: vec![c.first, c.first + 1],
                new: c.single,
                edits: vec![first, second],
            }
        }
    }
}

/// `op` with block indices of the reshaped documents mapped to the input documents'.
fn remapped(op: &Op, old_map: &[usize], new_map: &[usize]) -> Op {
    let o = |i: usize| old_map.get(i).copied().unwrap_or(i);
    let n = |j: usize| new_map.get(j).copied().unwrap_or(j);
    match op.clone() {
        Op::Equal { old, new } => Op::Equal {
            old: o(old),
            new: n(new),
        },
        Op::Insert { new, text, data } => Op::Insert {
            new: n(new),
            text,
            data,
        },
        Op::Delete { old, text, data } => Op::Delete {
            old: o(old),
            text,
            data,
        },
        Op::Change { old, new, edits } => Op::Change {
            old: o(old),
            new: n(new),
            edits,
        },
        Op::Move {
            id,
            old,
            new,
            edits,
        } => Op::Move {
            id,
            old: o(old),
            new: n(new),
            edits,
        },
        other @ (Op::Split { .. } | Op::Merge { .. }) => other,
    }
}

/// A run holding only a change mark and `text`.
fn marked_run(text: &str, change: Change) -> Run {
    Run {
        text: text.to_owned(),
        marks: Marks {
            change: Some(change),
            ..Marks::default()
        },
    }
}

/// The redline blocks with each split's break after its first new paragraph and each merge's
/// two parts joined around the old break.
fn fold_blocks(
    blocks: Vec<Block>,
    found: &[Candidate],
    old: &Document,
    new: &Document,
    new_map: &[usize],
) -> Vec<Block> {
    // The redline holds one block per reshaped new block, in order, among blocks of the old
    // side only (deleted or moved away).
    let on_new = |b: &Block| !matches!(b.change, Some(Change::Deleted | Change::MovedFrom(_)));
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut new_index = 0;
    let mut join_next: Option<Run> = None;
    for mut block in blocks {
        if !on_new(&block) {
            out.push(block);
            continue;
        }
        let y = new_map.get(new_index).copied().unwrap_or(new_index);
        let second_part = new_index > 0 && new_map.get(new_index - 1) == Some(&y);
        new_index += 1;
        if second_part
            && let Some(space) = join_next.take()
            && let Some(merged) = out.last_mut()
        {
            merged
                .runs
                .push(marked_run(PARAGRAPH_MARK, Change::Deleted));
            merged.runs.push(space);
            merged.runs.append(&mut block.runs);
            continue;
        }
        for c in found {
            match c.kind {
                Kind::Split if c.first == y => {
                    let text = old.blocks[c.single].plain_text();
                    block
                        .runs
                        .push(marked_run(&text[c.gap.clone()], Change::Deleted));
                    block
                        .runs
                        .push(marked_run(PARAGRAPH_MARK, Change::Inserted));
                }
                Kind::Merge if c.single == y && !second_part => {
                    let text = new.blocks[c.single].plain_text();
                    join_next = Some(marked_run(&text[c.gap.clone()], Change::Inserted));
                }
                Kind::Split | Kind::Merge => {}
            }
        }
        out.push(block);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // Offsets map across the edits before them, and into an edit that spans them.
    #[test]
    fn offsets_map_across_edits() {
        let edit = |old_at, new_at, delete: &str, insert: &str| Edit {
            old_at,
            new_at,
            delete: delete.to_owned(),
            insert: insert.to_owned(),
            data: false,
        };
        // old "A b c. D e." -> new "A bb c. D e."
        let edits = [edit(2, 2, "b", "bb")];
        assert_eq!(map_offset(&edits, 8, false), 7);
        assert_eq!(map_offset(&edits, 1, false), 1);
        assert_eq!(map_offset(&edits, 3, false), 3);
        assert_eq!(map_offset(&edits, 7, true), 8);
    }

    // The cut falls on the white space nearest the offset, never at an end.
    #[test]
    fn gaps_are_white_space_inside_the_text() {
        assert_eq!(gap_near("One two.  Three.", 9), Some(8..10));
        assert_eq!(gap_near("One two.", 0), Some(3..4));
        assert_eq!(gap_near("Word", 2), None);
    }
}
