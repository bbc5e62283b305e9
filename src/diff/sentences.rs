//! Sentences as a level between a pair of paragraphs and its words: the pair's sentences
//! (split by [`crate::archive::sentences::split`]) are diffed first, unequal ones paired by
//! their words' similarity, and only paired sentences go on to the word diff.
//!
//! Why: a word diff over a whole paragraph anchors on lone common words and full stops, so a
//! deleted sentence next to an edited one fuses with that sentence's edits
//! (`[-27, 2024. Both sides reviewed … plan-]{+4, 2025+}`), and a data edit fused with wording
//! is no longer data (`--substantive` cannot hide it). Sentence by sentence, the deleted
//! sentence is one whole deletion and the edited one keeps its own small edits.
//!
//! This module only says which token ranges go together ([`Unit`]s); the word diff of a pair
//! and the runs are [`super::words`]. Pure, no I/O; the work is bounded ([`MAX_GRID`]).

use std::hash::Hasher;
use std::ops::Range;

use rustc_hash::FxHasher;
use similar::{Algorithm, DiffTag, capture_diff_slices};

use super::tokens::{Interner, Tok};
use crate::similarity;

/// One side of a pair of paragraphs: its tokens and the text they index.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Text<'a> {
    pub toks: &'a [Tok],
    pub text: &'a str,
}

/// A stretch of the pair, as token ranges of both sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Unit {
    /// Sentences equal on both sides.
    Equal(Range<usize>, Range<usize>),
    /// Two similar sentences (or stretches): word-diff them.
    Pair(Range<usize>, Range<usize>),
    /// Sentences found on one side only: one edit.
    Whole(Range<usize>, Range<usize>),
}

/// Least word similarity (Dice over word keys, per mille) for two sentences of a block of
/// unequal sentences to be paired one to one; the unpaired ones between two pairs are
/// word-diffed together when both sides have some, one whole edit otherwise. A
/// sentence whose place and date changed keeps more than half of its words (about 600).
const MIN_PAIR: u32 = 400;

/// Largest block of unequal sentences (old times new) paired one by one; a larger block is
/// word-diffed as one stretch, as without sentences (bounded work on pathological inputs).
const MAX_GRID: usize = 4096;

/// The units of a pair, in order, covering every token of both sides; `None` when neither side
/// has two sentences (the word diff of the whole pair is then the same thing, cheaper).
pub(crate) fn units(old: Text<'_>, new: Text<'_>, interner: &Interner<'_>) -> Option<Vec<Unit>> {
    if one_sentence(old.text) && one_sentence(new.text) {
        return None;
    }
    let so = sentence_tokens(old);
    let sn = sentence_tokens(new);
    if so.len() < 2 && sn.len() < 2 {
        return None;
    }
    let ko: Vec<u64> = so
        .iter()
        .map(|r| key(&old.toks[r.clone()], interner))
        .collect();
    let kn: Vec<u64> = sn
        .iter()
        .map(|r| key(&new.toks[r.clone()], interner))
        .collect();
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, &ko, &kn) {
        let (tag, o, n) = op.as_tag_tuple();
        let (to, tn) = (
            cover(&so, &o, old.toks.len()),
            cover(&sn, &n, new.toks.len()),
        );
        match tag {
            DiffTag::Equal => out.push(Unit::Equal(to, tn)),
            DiffTag::Delete | DiffTag::Insert => out.push(Unit::Whole(to, tn)),
            DiffTag::Replace => {
                let block = Block {
                    old: (old, &so),
                    new: (new, &sn),
                    o,
                    n,
                };
                block.pair(interner, &mut out);
            }
        }
    }
    Some(out)
}

/// A block of unequal sentences: sentence ranges `o` of the old side, `n` of the new.
struct Block<'a, 's> {
    old: (Text<'a>, &'s [Range<usize>]),
    new: (Text<'a>, &'s [Range<usize>]),
    o: Range<usize>,
    n: Range<usize>,
}

impl Block<'_, '_> {
    /// Pair the block's sentences (the monotone pairing of greatest total similarity, pairs at
    /// least [`MIN_PAIR`] alike) and push the units: pairs, and whole edits between them.
    fn pair(&self, interner: &Interner<'_>, out: &mut Vec<Unit>) {
        let (o, n) = (self.o.clone(), self.n.clone());
        let (so, sn) = (self.old.1, self.new.1);
        let (lo, ln) = (self.old.0.toks.len(), self.new.0.toks.len());
        if (o.len() == 1 && n.len() == 1) || o.len() * n.len() > MAX_GRID {
            out.push(Unit::Pair(cover(so, &o, lo), cover(sn, &n, ln)));
            return;
        }
        let fo: Vec<Vec<u64>> = o
            .clone()
            .map(|i| words(self.old.0, &so[i], interner))
            .collect();
        let fn_: Vec<Vec<u64>> = n
            .clone()
            .map(|j| words(self.new.0, &sn[j], interner))
            .collect();
        let (h, w) = (fo.len(), fn_.len());
        // best[i][j]: greatest total similarity pairing old sentences i.. with new ones j..
        let mut best = vec![0u32; (h + 1) * (w + 1)];
        let at = |i: usize, j: usize| i * (w + 1) + j;
        let sim = |i: usize, j: usize| {
            let d = similarity::dice(&fo[i], &fn_[j]);
            if d >= MIN_PAIR { d } else { 0 }
        };
        for i in (0..h).rev() {
            for j in (0..w).rev() {
                let s = sim(i, j);
                let take = if s > 0 { s + best[at(i + 1, j + 1)] } else { 0 };
                best[at(i, j)] = take.max(best[at(i + 1, j)]).max(best[at(i, j + 1)]);
            }
        }
        let (mut i, mut j) = (0, 0);
        let (mut from_i, mut from_j) = (0, 0);
        while i < h && j < w {
            let s = sim(i, j);
            if s > 0 && best[at(i, j)] == s + best[at(i + 1, j + 1)] {
                self.whole(from_i..i, from_j..j, out);
                out.push(Unit::Pair(
                    cover(so, &(o.start + i..o.start + i + 1), lo),
                    cover(sn, &(n.start + j..n.start + j + 1), ln),
                ));
                (i, j) = (i + 1, j + 1);
                (from_i, from_j) = (i, j);
            } else if best[at(i, j)] == best[at(i + 1, j)] {
                i += 1;
            } else {
                j += 1;
            }
        }
        self.whole(from_i..h, from_j..w, out);
    }

    /// Old sentences `i` and new sentences `j` of the block (relative), unpaired: one edit.
    fn whole(&self, i: Range<usize>, j: Range<usize>, out: &mut Vec<Unit>) {
        if i.is_empty() && j.is_empty() {
            return;
        }
        let (o, n) = (self.o.start, self.n.start);
        let to = cover(self.old.1, &(o + i.start..o + i.end), self.old.0.toks.len());
        let tn = cover(self.new.1, &(n + j.start..n + j.end), self.new.0.toks.len());
        // Unpaired on both sides (rewritten, or split differently): their words are still
        // worth a word diff; on one side only, they are one whole edit.
        if i.is_empty() || j.is_empty() {
            out.push(Unit::Whole(to, tn));
        } else {
            out.push(Unit::Pair(to, tn));
        }
    }
}

/// Whether a text surely holds one sentence: no terminator but at its very end (closing
/// quotes, brackets and spaces after it). The common paragraph of long generated texts, and a
/// single pass over bytes instead of the sentence splitter.
fn one_sentence(text: &str) -> bool {
    let b = text.trim_end_matches(['.', '?', '!', '"', '\'', ')', ']', ' ', '\n']);
    // A fold without early exit, which the compiler vectorises (most texts have no stop).
    let stops = b
        .bytes()
        .fold(false, |acc, c| acc | matches!(c, b'.' | b'?' | b'!'));
    !stops && !b.contains('\u{2026}')
}

/// The token ranges of a side's sentences, in order, covering all its tokens (tokens before
/// the first sentence's start belong to it).
fn sentence_tokens(t: Text<'_>) -> Vec<Range<usize>> {
    let sents = crate::archive::sentences::split(t.text);
    let mut out = Vec::with_capacity(sents.len());
    let mut at = 0;
    for s in sents.iter().skip(1) {
        let end = t.toks.partition_point(|tok| (tok.start as usize) < s.start);
        if end > at {
            out.push(at..end);
            at = end;
        }
    }
    if at < t.toks.len() {
        out.push(at..t.toks.len());
    }
    out
}

/// The token range of sentences `r`; an empty range where sentence `r.start` begins (the end
/// of the tokens past the last sentence).
fn cover(sents: &[Range<usize>], r: &Range<usize>, total: usize) -> Range<usize> {
    if r.is_empty() {
        let at = sents.get(r.start).map_or(total, |s| s.start);
        return at..at;
    }
    sents[r.start].start..sents[r.end - 1].end
}

/// A sentence's identity: a hash of its tokens' comparison ids (equal sentences, equal keys).
fn key(toks: &[Tok], interner: &Interner<'_>) -> u64 {
    let mut h = FxHasher::default();
    for t in toks {
        h.write_u32(interner.cmp_id(t.id()));
    }
    h.finish()
}

/// The sorted, deduplicated word keys of a sentence (for [`similarity::dice`]).
fn words(t: Text<'_>, r: &Range<usize>, interner: &Interner<'_>) -> Vec<u64> {
    let mut keys: Vec<u64> = t.toks[r.clone()]
        .iter()
        .map(|tok| tok.id())
        .filter(|&id| interner.is_word(id))
        .map(|id| interner.word_key(id))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    fn units_of(old: &str, new: &str) -> Option<Vec<Unit>> {
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
        units(ta, tb, &interner)
    }

    // A deleted sentence between an edited one and an equal one is a whole deletion; the edited
    // sentence is paired with its new self.
    #[test]
    fn deleted_sentence_is_whole() {
        let u = units_of(
            "Held in Paris on May 2. Both sides reviewed the groups and the plan. They agreed.",
            "Held in Lyon on May 3. They agreed.",
        )
        .expect("sentences");
        assert_eq!(
            u,
            vec![
                Unit::Pair(0..7, 0..7),
                Unit::Whole(7..16, 7..7),
                Unit::Equal(16..19, 7..10),
            ]
        );
    }

    // One sentence on each side: no sentence level.
    #[test]
    fn single_sentences_need_no_units() {
        assert_eq!(units_of("One two.", "One three."), None);
    }
}
