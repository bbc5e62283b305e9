//! Word diff inside one aligned pair of paragraphs, and the runs that show it.
//!
//! `similar`'s Myers diff runs over interned token ids. Its default (heuristic) mode already
//! caps the search at a size-dependent cost, like Git's xdiff; on top of that a pair whose
//! changed middle (after trimming the common prefix and suffix) holds more tokens than
//! [`super::DiffOptions::max_paragraph_tokens`] is shown as one replacement of that middle. No
//! clock is involved, so a slow machine gives the same redline as a fast one.
//!
//! Tokens leave out white space, so two edits with only spaces between them are one edit
//! already (`[-confirmed the-]{+reaffirmed a+}`); light punctuation between two edits is folded
//! in too (`[-May 9, 2014-]{+June 10, 2015+}` rather than `[-May 9-]{+June 10+}, [-2014-]{+2015+}`).
//! The runs are then built from the original texts, gaps included, so that accepting all
//! changes gives the new text and rejecting all gives the old one.

use std::ops::Range;

use similar::{Algorithm, DiffTag, capture_diff_slices};

use super::sentences::{self, Text, Unit};
use super::tokens::{Interner, Tok};
use crate::document::{Change, Marks, Run};

/// A stretch of the pair: equal on both sides, or an edit (old tokens replaced by new ones).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece {
    pub old: Range<usize>,
    pub new: Range<usize>,
    pub edit: bool,
    /// The first piece of a sentence unit ([`super::sentences`]): an edit here is never merged
    /// into an edit of the unit before (a deleted sentence stays apart from its neighbour's
    /// word edits).
    sealed: bool,
}

/// Diff two sides' tokens into pieces (token index ranges), sentence by sentence where a side
/// has several ([`sentences::units`]), tidied for reading ([`Interner::is_joiner`] tells the
/// tokens that may be folded between two edits). `ids` are reused buffers.
pub(crate) fn pieces(
    old: Text<'_>,
    new: Text<'_>,
    max_tokens: usize,
    interner: &Interner<'_>,
    ids: &mut (Vec<u32>, Vec<u32>),
) -> Vec<Piece> {
    // The diff runs in one orientation whatever the order of the sides (the shorter text
    // first), so that old -> new and new -> old find the same pieces, swapped: Myers' and the
    // sentence pairing's choices between equally good diffs would otherwise depend on the
    // direction, and `--stat` would count different words each way.
    // Shorter text first (then by bytes): usually settled by the lengths alone.
    if (old.text.len(), old.text) > (new.text.len(), new.text) {
        let mut out = oriented(new, old, max_tokens, interner, ids);
        for p in &mut out {
            std::mem::swap(&mut p.old, &mut p.new);
        }
        return out;
    }
    oriented(old, new, max_tokens, interner, ids)
}

/// [`pieces`] in the orientation given.
fn oriented(
    old: Text<'_>,
    new: Text<'_>,
    max_tokens: usize,
    interner: &Interner<'_>,
    ids: &mut (Vec<u32>, Vec<u32>),
) -> Vec<Piece> {
    let mut raw: Vec<Piece> = Vec::new();
    let mut diff = WordDiff {
        old: old.toks,
        new: new.toks,
        max_tokens,
        ids,
        interner,
    };
    match sentences::units(old, new, interner) {
        None => diff.run(0..old.toks.len(), 0..new.toks.len(), &mut raw),
        Some(units) => {
            for unit in units {
                let first = raw.len();
                match unit {
                    Unit::Equal(o, n) => push(&mut raw, o, n, false),
                    Unit::Whole(o, n) => push(&mut raw, o, n, true),
                    Unit::Pair(o, n) => diff.run(o, n, &mut raw),
                }
                seal(&mut raw, first);
            }
            // Sentences keep edits apart, but never at the price of more changed tokens than
            // the plain word diff (two sides that split their sentences differently, as after
            // an edit next to "D.C."): then the plain word diff it is.
            let mut plain = Vec::new();
            diff.run(0..old.toks.len(), 0..new.toks.len(), &mut plain);
            if changed(&plain) < changed(&raw) {
                raw = plain;
            }
        }
    }
    let joined = tidy(raw, old.toks, |t: &Tok| interner.is_joiner(t.id()));
    clean_up(joined, old.toks, new.toks, interner)
}

/// Tokens changed by the pieces, both sides.
fn changed(pieces: &[Piece]) -> usize {
    pieces
        .iter()
        .filter(|p| p.edit)
        .map(|p| p.old.len() + p.new.len())
        .sum()
}

/// Mark the piece at `first` (if a unit pushed one of its own) as the start of a unit.
fn seal(raw: &mut [Piece], first: usize) {
    if let Some(p) = raw.get_mut(first) {
        p.sealed = true;
    }
}

/// The token word diff of one stretch of a pair.
struct WordDiff<'t, 'b> {
    old: &'t [Tok],
    new: &'t [Tok],
    max_tokens: usize,
    ids: &'b mut (Vec<u32>, Vec<u32>),
    /// Comparison ids ([`Interner::cmp_id`]).
    interner: &'t Interner<'t>,
}

impl WordDiff<'_, '_> {
    /// Diff old tokens `o` with new tokens `n`, appending the pieces (Myers between the common
    /// start and end; one replacement over the token cap).
    fn run(&mut self, o: Range<usize>, n: Range<usize>, raw: &mut Vec<Piece>) {
        let (old, new) = (&self.old[o.clone()], &self.new[n.clone()]);
        let (bo, bn) = (o.start, n.start);
        let interner = self.interner;
        let cmp = |t: &Tok| interner.cmp_id(t.id());
        let prefix = old
            .iter()
            .zip(new)
            .take_while(|(a, b)| cmp(a) == cmp(b))
            .count();
        let suffix = old[prefix..]
            .iter()
            .rev()
            .zip(new[prefix..].iter().rev())
            .take_while(|(a, b)| cmp(a) == cmp(b))
            .count();
        let (oe, ne) = (old.len() - suffix, new.len() - suffix);
        push(raw, bo..bo + prefix, bn..bn + prefix, false);
        if oe - prefix + ne - prefix > self.max_tokens {
            push(raw, bo + prefix..bo + oe, bn + prefix..bn + ne, true);
        } else if prefix < oe || prefix < ne {
            let (a, b) = &mut *self.ids;
            a.clear();
            a.extend(old[prefix..oe].iter().map(cmp));
            b.clear();
            b.extend(new[prefix..ne].iter().map(cmp));
            for op in capture_diff_slices(Algorithm::Myers, a, b) {
                let (tag, x, y) = op.as_tag_tuple();
                let x = x.start + bo + prefix..x.end + bo + prefix;
                let y = y.start + bn + prefix..y.end + bn + prefix;
                push(raw, x, y, tag != DiffTag::Equal);
            }
        }
        push(raw, bo + oe..o.end, bn + ne..n.end, false);
    }
}

/// Append a piece, merging it into the previous one when both are edits or both equal.
fn push(out: &mut Vec<Piece>, old: Range<usize>, new: Range<usize>, edit: bool) {
    push_piece(
        out,
        Piece {
            old,
            new,
            edit,
            sealed: false,
        },
    );
}

/// Append a piece, merging as [`push`] does unless it is a sealed edit.
fn push_piece(out: &mut Vec<Piece>, p: Piece) {
    if p.old.is_empty() && p.new.is_empty() {
        return;
    }
    if let Some(last) = out.last_mut()
        && last.edit == p.edit
        && !(p.edit && p.sealed)
        && last.old.end == p.old.start
        && last.new.end == p.new.start
    {
        last.old.end = p.old.end;
        last.new.end = p.new.end;
        return;
    }
    out.push(p);
}

/// Fold light punctuation between two edits into one edit.
fn tidy(raw: Vec<Piece>, old: &[Tok], joiner: impl Fn(&Tok) -> bool) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::with_capacity(raw.len());
    for (i, p) in raw.iter().enumerate() {
        let between_edits = !p.edit
            && i > 0
            && i + 1 < raw.len()
            && raw[i - 1].edit
            && raw[i + 1].edit
            && p.old.len() <= MAX_JOIN
            && old[p.old.clone()].iter().all(&joiner);
        push_piece(
            &mut out,
            Piece {
                edit: p.edit || between_edits,
                ..p.clone()
            },
        );
    }
    out
}

/// Longest stretch of joiners folded between two edits.
const MAX_JOIN: usize = 2;

/// Semantic clean-up (after diff-match-patch's): an equality of at most [`MAX_FOLD`] tokens
/// between two edits, each longer than it, is folded into one edit with them, so a lone common
/// word does not split a rewording into two (`[-was adopted by-]{+the Parties adopted+}`
/// rather than `[-was adopted by-]{+the Parties+} ... `). Never a full stop or other
/// punctuation that ends a clause (two sentences' edits stay two), never across a sentence
/// unit, and never next to a data edit ([`is_data`]) or an edit of a number: a data edit fused
/// with wording would no longer be data, and `--substantive` could not hide it; a date fused
/// with the place before it (`[-Washington on May 9-]{+Tokyo on June 10+}`) reads worse.
fn clean_up(raw: Vec<Piece>, old: &[Tok], new: &[Tok], interner: &Interner<'_>) -> Vec<Piece> {
    let size = |p: &Piece| p.old.len().max(p.new.len());
    // A number is read on its own (a date, an ordinal): an edit holding one is kept apart, on
    // plain text sides too, where no value marks say what is data.
    let data = |p: &Piece| {
        is_data(&old[p.old.clone()], &new[p.new.clone()], interner)
            || old[p.old.clone()]
                .iter()
                .chain(&new[p.new.clone()])
                .any(|t| interner.has_digit(t.id()))
    };
    let mut out: Vec<Piece> = Vec::with_capacity(raw.len());
    for (i, p) in raw.iter().enumerate() {
        let fold = !p.edit
            && !p.sealed
            && p.old.len() <= MAX_FOLD
            && old[p.old.clone()]
                .iter()
                .all(|t| interner.is_word(t.id()) || interner.is_joiner(t.id()))
            && match (out.last(), raw.get(i + 1)) {
                (Some(prev), Some(next)) => {
                    prev.edit
                        && next.edit
                        && !next.sealed
                        && size(p) < size(prev)
                        && size(p) < size(next)
                        && !data(prev)
                        && !data(next)
                }
                _ => false,
            };
        push_piece(
            &mut out,
            Piece {
                edit: p.edit || fold,
                ..p.clone()
            },
        );
    }
    out
}

/// Longest equality folded between two longer edits by [`clean_up`].
const MAX_FOLD: usize = 3;

/// An edit is data-driven when it touches at least one value token and everything else it
/// touches is white space or light punctuation: a value that lost its optional country also
/// loses the template's comma before it (`[-Tokyo, Japan-]{+Washington, D.C+}`), and that is
/// still a change of data. A word or a full stop of template wording makes it substantive.
/// The one data test of the diff: the engine classifies edits with it, and [`clean_up`] keeps
/// data edits apart with it.
pub(crate) fn is_data(old: &[Tok], new: &[Tok], interner: &Interner<'_>) -> bool {
    let mut any = false;
    for t in old.iter().chain(new) {
        if t.value() {
            any = true;
        } else if !interner.is_joiner(t.id()) {
            return false;
        }
    }
    any
}

/// The marks of one side's runs: a block's runs, or a plain text (one run without marks).
#[derive(Debug, Clone, Copy)]
pub(crate) enum RunMarks<'d> {
    Runs(&'d [Run]),
    Plain,
}

impl RunMarks<'_> {
    fn len(self) -> usize {
        match self {
            RunMarks::Runs(runs) => runs.len(),
            RunMarks::Plain => 1,
        }
    }

    /// The marks of run `i`, with `change` set.
    fn with_change(self, i: usize, change: Option<Change>) -> Marks {
        match self {
            RunMarks::Runs(runs) => Marks {
                change,
                ..runs[i].marks.clone()
            },
            RunMarks::Plain => Marks {
                change,
                ..Marks::default()
            },
        }
    }
}

/// Where a token's text and marks come from: one side's runs, its text and run boundaries.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Source<'d> {
    pub marks: RunMarks<'d>,
    pub text: &'d str,
    /// Byte offset where each run ends in `text`.
    pub run_ends: &'d [usize],
    pub toks: &'d [Tok],
    /// Token lengths by id ([`Interner::lens`]).
    pub lens: &'d [u32],
}

impl Source<'_> {
    /// Byte offset where token `i` starts (the text's end past the last token).
    fn start(&self, i: usize) -> usize {
        self.toks
            .get(i)
            .map_or(self.text.len(), |t| t.start as usize)
    }

    /// Byte offset where token `i` ends.
    fn end(&self, i: usize) -> usize {
        let t = self.toks[i];
        t.start as usize + self.lens[t.id() as usize] as usize
    }
}

/// The runs of an edited paragraph in place: the new text, with each visible edit's old tokens
/// deleted and new tokens inserted. `hidden[k]` makes edit `k` show as the new text;
/// `moved[k]` (when given) marks the pure deletion `k` as moved away (a sentence that became a
/// paragraph of its own elsewhere) rather than deleted, or the pure insertion `k` as moved
/// here (a paragraph that became a sentence of this one) rather than inserted.
///
/// White space lives in the gaps between tokens. Two cursors say how much of each text the runs
/// already hold, so that accepting every change gives exactly the new text and rejecting every
/// change exactly the old one: a gap present on both sides is plain (the new side's spacing),
/// a gap on one side only is deleted or inserted with it, and a pure insertion or deletion
/// takes along the gap after it when the gap before matches (`countries {+successfully +}held`,
/// `Defense{+;+} and`).
pub(crate) fn pair_runs(
    pieces: &[Piece],
    old: Source<'_>,
    new: Source<'_>,
    hidden: &[bool],
    moved: &[Option<u32>],
) -> Vec<Run> {
    let mut rb = RunBuilder::with_capacity(2 * pieces.len() + 1);
    let (mut at_old, mut at_new) = (0, 0);
    for (k, (p, &hide)) in pieces.iter().zip(hidden).enumerate() {
        let marked = moved.get(k).copied().flatten();
        let gone = marked.map_or(Change::Deleted, Change::MovedFrom);
        let came = marked.map_or(Change::Inserted, Change::MovedTo);
        let o_first = old.start(p.old.start);
        let n_first = new.start(p.new.start);
        if p.edit && hide {
            // Shown as the new text; the old side is not kept (the caller asked to hide it).
            if !p.new.is_empty() {
                let end = new.end(p.new.end - 1);
                rb.bytes(new, at_new..end, None);
                at_new = end;
            }
            if !p.old.is_empty() {
                at_old = old.end(p.old.end - 1);
            }
            continue;
        }
        match (p.old.is_empty(), p.new.is_empty()) {
            (false, false) => {
                let (o_gap, n_gap) = (at_old..o_first, at_new..n_first);
                let one_sided = !matches(&old.text[o_gap.clone()], &new.text[n_gap.clone()]);
                // A gap on one side only goes inside the replacement (`Secretariat[-,-]{+ of
                // the+}`), not out as an edit of its own before it.
                let (o_from, n_from) = if p.edit && one_sided {
                    (at_old, at_new)
                } else {
                    rb.gap(old, o_gap, new, n_gap);
                    (o_first, n_first)
                };
                at_old = old.end(p.old.end - 1);
                at_new = new.end(p.new.end - 1);
                if p.edit {
                    rb.bytes(old, o_from..at_old, Some(Change::Deleted));
                    rb.bytes(new, n_from..at_new, Some(Change::Inserted));
                } else {
                    rb.bytes(new, n_first..at_new, None);
                }
            }
            (true, false) => {
                let last = new.end(p.new.end - 1);
                if matches(&old.text[at_old..o_first], &new.text[at_new..n_first]) {
                    // The gap before stays; the insertion takes the gap after it.
                    let next = new.start(p.new.end);
                    rb.bytes(new, at_new..n_first, None);
                    rb.bytes(new, n_first..next, Some(came));
                    (at_old, at_new) = (o_first, next);
                } else {
                    rb.bytes(new, at_new..last, Some(came));
                    at_new = last;
                }
            }
            (false, true) => {
                let last = old.end(p.old.end - 1);
                if matches(&old.text[at_old..o_first], &new.text[at_new..n_first]) {
                    // The gap before stays; the deletion takes the gap after it.
                    let next = old.start(p.old.end);
                    rb.bytes(new, at_new..n_first, None);
                    rb.bytes(old, o_first..next, Some(gone));
                    (at_old, at_new) = (next, n_first);
                } else {
                    rb.bytes(old, at_old..last, Some(gone));
                    at_old = last;
                }
            }
            (true, true) => {}
        }
    }
    rb.gap(old, at_old..old.text.len(), new, at_new..new.text.len());
    rb.finish()
}

/// Two gaps match when both are empty or both hold white space (how much does not matter).
fn matches(old_gap: &str, new_gap: &str) -> bool {
    old_gap.is_empty() == new_gap.is_empty()
}

/// The runs of one side of a moved paragraph: the whole text marked `base` (moved from, moved
/// to), with the tokens of visible edits marked `edited` (deleted at the old place, inserted at
/// the new one).
pub(crate) fn side_runs(
    pieces: &[Piece],
    src: Source<'_>,
    old_side: bool,
    base: Change,
    edited: Change,
    hidden: &[bool],
) -> Vec<Run> {
    let mut rb = RunBuilder::with_capacity(2 * pieces.len() + 1);
    let mut at = 0;
    for (p, &hide) in pieces.iter().zip(hidden) {
        let toks = if old_side { &p.old } else { &p.new };
        if toks.is_empty() {
            continue;
        }
        let (first, end) = (src.start(toks.start), src.end(toks.end - 1));
        let mark = if p.edit && !hide { edited } else { base };
        rb.bytes(src, at..first, Some(base));
        rb.bytes(src, first..end, Some(mark));
        at = end;
    }
    rb.bytes(src, at..src.text.len(), Some(base));
    rb.finish()
}

/// Builds the runs of a redline block, merging neighbours with the same marks.
#[derive(Debug, Default)]
struct RunBuilder {
    runs: Vec<Run>,
}

impl RunBuilder {
    /// A builder for about `n` runs.
    fn with_capacity(n: usize) -> Self {
        RunBuilder {
            runs: Vec::with_capacity(n),
        }
    }

    /// Append bytes `range` of `src`'s text, split at its runs' boundaries, keeping each run's
    /// own marks and setting `change`.
    fn bytes(&mut self, src: Source<'_>, range: Range<usize>, change: Option<Change>) {
        let mut at = range.start;
        let mut run = src.run_ends.partition_point(|&e| e <= at);
        while at < range.end && run < src.marks.len() {
            let stop = src.run_ends[run].min(range.end);
            if stop > at {
                self.push(&src.text[at..stop], src.marks.with_change(run, change));
            }
            at = stop;
            run += 1;
        }
    }

    /// A gap between tokens: plain when both sides have one (or neither), else deleted or
    /// inserted, so that spacing that appears or disappears survives accept and reject.
    fn gap(&mut self, old: Source<'_>, o: Range<usize>, new: Source<'_>, n: Range<usize>) {
        if matches(&old.text[o.clone()], &new.text[n.clone()]) {
            self.bytes(new, n, None);
        } else {
            self.bytes(old, o, Some(Change::Deleted));
            self.bytes(new, n, Some(Change::Inserted));
        }
    }

    fn push(&mut self, text: &str, marks: Marks) {
        match self.runs.last_mut() {
            Some(last) if last.marks == marks => last.text.push_str(text),
            _ => self.runs.push(Run {
                text: text.to_owned(),
                marks,
            }),
        }
    }

    fn finish(mut self) -> Vec<Run> {
        // The capacity asked for is an upper bound, about twice what most blocks use: given
        // back (the allocator shrinks in place), the rest is reused by the next block's runs
        // instead of leaving the redline spread over pages it barely fills.
        self.runs.shrink_to_fit();
        // Texts that grew by merging keep up to twice their length; long spare tails go back
        // the same way.
        for run in &mut self.runs {
            if run.text.capacity() - run.text.len() > 32 {
                run.text.shrink_to_fit();
            }
        }
        self.runs
    }
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    /// The pair's runs in text markers, and the texts of accepting and rejecting all changes.
    fn redline(old: &str, new: &str) -> (String, String, String) {
        let mut interner = Interner::new();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        tokenize(old, &[], &mut interner, &mut a);
        tokenize(new, &[], &mut interner, &mut b);
        let (ta, tb) = (
            Text {
                toks: &a,
                text: old,
            },
            Text {
                toks: &b,
                text: new,
            },
        );
        let ps = pieces(ta, tb, 10_000, &interner, &mut Default::default());
        let (oe, ne) = ([old.len()], [new.len()]);
        let lens = interner.lens();
        let src = |text, run_ends, toks| Source {
            marks: RunMarks::Plain,
            text,
            run_ends,
            toks,
            lens,
        };
        let runs = pair_runs(
            &ps,
            src(old, &oe, &a),
            src(new, &ne, &b),
            &vec![false; ps.len()],
            &[],
        );
        let mut marked = String::new();
        let (mut accept, mut reject) = (String::new(), String::new());
        for r in &runs {
            match r.marks.change {
                Some(Change::Deleted) => {
                    marked.push_str(&format!("[-{}-]", r.text));
                    reject.push_str(&r.text);
                }
                Some(Change::Inserted) => {
                    marked.push_str(&format!("{{+{}+}}", r.text));
                    accept.push_str(&r.text);
                }
                _ => {
                    marked.push_str(&r.text);
                    accept.push_str(&r.text);
                    reject.push_str(&r.text);
                }
            }
        }
        (marked, accept, reject)
    }

    fn check(old: &str, new: &str, expected: &str) {
        let (marked, accept, reject) = redline(old, new);
        assert_eq!(marked, expected);
        assert_eq!(accept, new, "accepting all changes");
        assert_eq!(reject, old, "rejecting all changes");
    }

    // A one-word change is one edit; words with only spaces between join one edit.
    #[test]
    fn edits_are_merged_for_reading() {
        check(
            "held their Second Meeting",
            "held their Third Meeting",
            "held their [-Second-]{+Third+} Meeting",
        );
        check(
            "both sides confirmed the advent of",
            "both sides reaffirmed a advent of",
            "both sides [-confirmed the-]{+reaffirmed a+} advent of",
        );
        // A comma joins the parts of a date; a full stop keeps two sentences' edits apart.
        check(
            "on May 9, 2014 in Tokyo.",
            "on June 10, 2015 in Tokyo.",
            "on [-May 9, 2014-]{+June 10, 2015+} in Tokyo.",
        );
        check(
            "It is red. Now blue.",
            "It is green. Now pink.",
            "It is [-red-]{+green+}. Now [-blue-]{+pink+}.",
        );
    }

    // A lone common word between two longer edits is folded into one edit; an equality as
    // long as an edit beside it is not.
    #[test]
    fn short_equalities_between_longer_edits_fold() {
        check(
            "A quick brown fox jumps over it",
            "A slow red fox leaps across it",
            "A [-quick brown fox jumps over-]{+slow red fox leaps across+} it",
        );
        check(
            "A quick fox jumps over it",
            "A slow fox leaps across it",
            "A [-quick-]{+slow+} fox [-jumps over-]{+leaps across+} it",
        );
    }

    // Insertions and deletions anywhere keep single spaces on both sides.
    #[test]
    fn insertions_and_deletions_keep_spacing() {
        check(
            "countries successfully held it",
            "countries held it",
            "countries [-successfully -]held it",
        );
        check(
            "countries held it",
            "countries successfully held it",
            "countries {+successfully +}held it",
        );
        check(
            "Both sides met",
            "Both sides met today",
            "Both sides met{+ today+}",
        );
        check(
            "Both sides met today",
            "Both sides met",
            "Both sides met[- today-]",
        );
        check(
            "Indeed Both sides met",
            "Both sides met",
            "[-Indeed -]Both sides met",
        );
        check(
            "Both sides met",
            "Indeed, both sides met",
            "[-Both-]{+Indeed, both+} sides met",
        );
    }

    // A replacement whose gap before exists on one side only takes that gap inside it: one
    // replacement, never a stray space before it (`Secretariat ,of the` in HTML and DOCX).
    #[test]
    fn one_sided_gap_goes_inside_the_replacement() {
        check(
            "The Secretariat, Cabinet met.",
            "The Secretariat of the Cabinet met.",
            "The Secretariat[-,-]{+ of the+} Cabinet met.",
        );
        check(
            "The Secretariat of the Cabinet met.",
            "The Secretariat, Cabinet met.",
            "The Secretariat[- of the-]{+,+} Cabinet met.",
        );
    }

    // Changing only white space is not an edit.
    #[test]
    fn white_space_is_not_an_edit() {
        let (marked, _, _) = redline("a  b\tc", "a b c");
        assert_eq!(marked, "a b c");
    }

    // Over the token cap, the changed middle becomes one replacement (prefix and suffix kept).
    #[test]
    fn token_cap_replaces_the_middle() {
        let mut interner = Interner::new();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        tokenize("keep x y z keep", &[], &mut interner, &mut a);
        tokenize("keep p q r keep", &[], &mut interner, &mut b);
        let (ta, tb) = (
            Text {
                toks: &a,
                text: "keep x y z keep",
            },
            Text {
                toks: &b,
                text: "keep p q r keep",
            },
        );
        let ps = pieces(ta, tb, 4, &interner, &mut Default::default());
        assert_eq!(ps.len(), 3);
        assert_eq!(ps[1].old, 1..4);
        assert!(ps[1].edit);
    }
}
