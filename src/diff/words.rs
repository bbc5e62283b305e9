//! Word diff inside one aligned pair of paragraphs, and the runs that show it.
//!
//! `similar`'s Myers diff runs over interned token ids. Its default (heuristic) mode already
//! caps the search at a size-dependent cost, like Git's xdiff; on top of that a pair whose
//! changed middle (after trimming the common prefix and suffix) holds more tokens than
//! [`super::DiffOptions::max_paragraph_tokens`] is shown as one replacement of that middle. No
//! clock is involved, so a slow machine gives the same redline as a fast one.
//!
//! Pieces are then tidied for reading: white space and light punctuation between two edits are
//! folded into one edit (`[-May 9, 2014-]{+June 10, 2015+}` rather than
//! `[-May 9-]{+June 10+}, [-2014-]{+2015+}`), and an edit that only changes white space is no
//! edit.

use std::ops::Range;

use similar::{Algorithm, DiffTag, capture_diff_slices};

use super::tokens::{Interner, SPACE, Tok};
use crate::document::{Block, Change, Marks, Run};

/// A stretch of the pair: equal on both sides, or an edit (old tokens replaced by new ones).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece {
    pub old: Range<usize>,
    pub new: Range<usize>,
    pub edit: bool,
}

/// Diff two token lists into pieces (token index ranges), tidied for reading. `joiner` tells
/// [`Interner::is_joiner`] tells the tokens that may be folded between two edits.
pub(crate) fn pieces(
    old: &[Tok],
    new: &[Tok],
    max_tokens: usize,
    interner: &Interner<'_>,
) -> Vec<Piece> {
    let prefix = old
        .iter()
        .zip(new)
        .take_while(|(a, b)| a.id == b.id)
        .count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a.id == b.id)
        .count();
    let (oe, ne) = (old.len() - suffix, new.len() - suffix);
    let mut raw: Vec<Piece> = Vec::new();
    push(&mut raw, 0..prefix, 0..prefix, false);
    if oe - prefix + ne - prefix > max_tokens {
        push(&mut raw, prefix..oe, prefix..ne, true);
    } else if prefix < oe || prefix < ne {
        let a: Vec<u32> = old[prefix..oe].iter().map(|t| t.id).collect();
        let b: Vec<u32> = new[prefix..ne].iter().map(|t| t.id).collect();
        for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
            let (tag, o, n) = op.as_tag_tuple();
            let o = o.start + prefix..o.end + prefix;
            let n = n.start + prefix..n.end + prefix;
            push(&mut raw, o, n, tag != DiffTag::Equal);
        }
    }
    push(&mut raw, oe..old.len(), ne..new.len(), false);
    tidy(raw, old, new, |t: &Tok| interner.is_joiner(t.id))
}

/// Append a piece, merging it into the previous one when both are edits or both equal.
fn push(out: &mut Vec<Piece>, old: Range<usize>, new: Range<usize>, edit: bool) {
    if old.is_empty() && new.is_empty() {
        return;
    }
    if let Some(last) = out.last_mut()
        && last.edit == edit
        && last.old.end == old.start
        && last.new.end == new.start
    {
        last.old.end = old.end;
        last.new.end = new.end;
        return;
    }
    out.push(Piece { old, new, edit });
}

fn all_space(toks: &[Tok]) -> bool {
    toks.iter().all(|t| t.id == SPACE)
}

/// Fold white space and light punctuation between edits into the edits; turn edits that only
/// change white space into equal text.
fn tidy(raw: Vec<Piece>, old: &[Tok], new: &[Tok], joiner: impl Fn(&Tok) -> bool) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::with_capacity(raw.len());
    for (i, p) in raw.iter().enumerate() {
        let between_edits = !p.edit
            && i > 0
            && i + 1 < raw.len()
            && raw[i - 1].edit
            && raw[i + 1].edit
            && p.old.len() <= MAX_JOIN
            && old[p.old.clone()].iter().all(&joiner);
        let edit = if p.edit {
            !(all_space(&old[p.old.clone()]) && all_space(&new[p.new.clone()]))
        } else {
            between_edits
        };
        push(&mut out, p.old.clone(), p.new.clone(), edit);
    }
    out
}

/// Longest stretch of joiners folded between two edits (", " is two tokens).
const MAX_JOIN: usize = 3;

/// Where a token's text and marks come from: one side's block, its text and run boundaries.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Source<'d> {
    pub block: &'d Block,
    pub text: &'d str,
    /// Byte offset where each run of `block` ends in `text`.
    pub run_ends: &'d [usize],
    pub toks: &'d [Tok],
}

/// Builds the runs of a redline block, merging neighbours with the same marks.
#[derive(Debug, Default)]
pub(crate) struct RunBuilder {
    runs: Vec<Run>,
}

impl RunBuilder {
    /// Append the text of tokens `range` of `src` with `change`, keeping each run's own marks.
    pub fn tokens(&mut self, src: Source<'_>, range: Range<usize>, change: Option<Change>) {
        if range.is_empty() {
            return;
        }
        let start = src.toks[range.start].start as usize;
        let end = src.toks[range.end - 1].end as usize;
        self.bytes(src, start..end, change);
    }

    /// Append bytes `range` of `src`'s text, split at its runs' boundaries.
    pub fn bytes(&mut self, src: Source<'_>, range: Range<usize>, change: Option<Change>) {
        let mut at = range.start;
        let mut run = src.run_ends.partition_point(|&e| e <= at);
        while at < range.end && run < src.block.runs.len() {
            let stop = src.run_ends[run].min(range.end);
            if stop > at {
                let marks = Marks {
                    change,
                    ..src.block.runs[run].marks.clone()
                };
                self.push(&src.text[at..stop], marks);
            }
            at = stop;
            run += 1;
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

    pub fn finish(self) -> Vec<Run> {
        self.runs
    }
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    fn render(old: &str, new: &str) -> String {
        let mut interner = Interner::new();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        tokenize(old, &[], &mut interner, &mut a);
        tokenize(new, &[], &mut interner, &mut b);
        let mut out = String::new();
        for p in pieces(&a, &b, 10_000, &interner) {
            let text = |toks: &[Tok], s: &str, r: Range<usize>| {
                toks[r].iter().map(|t| &s[t.range()]).collect::<String>()
            };
            if p.edit {
                let d = text(&a, old, p.old.clone());
                let i = text(&b, new, p.new.clone());
                if !d.is_empty() {
                    out.push_str(&format!("[-{d}-]"));
                }
                if !i.is_empty() {
                    out.push_str(&format!("{{+{i}+}}"));
                }
            } else {
                out.push_str(&text(&b, new, p.new.clone()));
            }
        }
        out
    }

    // A one-word change is one edit; white space between two edits joins them.
    #[test]
    fn edits_are_merged_for_reading() {
        assert_eq!(
            render("held their Second Meeting", "held their Third Meeting"),
            "held their [-Second-]{+Third+} Meeting"
        );
        assert_eq!(
            render(
                "both sides confirmed the advent of",
                "both sides reaffirmed a advent of"
            ),
            "both sides [-confirmed the-]{+reaffirmed a+} advent of"
        );
        // A comma joins the parts of a date; a full stop keeps two sentences' edits apart.
        assert_eq!(
            render("on May 9, 2014 in Tokyo.", "on June 10, 2015 in Tokyo."),
            "on [-May 9, 2014-]{+June 10, 2015+} in Tokyo."
        );
        assert_eq!(
            render("It is red. Now blue.", "It is green. Now pink."),
            "It is [-red-]{+green+}. Now [-blue-]{+pink+}."
        );
    }

    // Changing only white space is not an edit.
    #[test]
    fn white_space_is_not_an_edit() {
        assert_eq!(render("a  b\tc", "a b c"), "a b c");
    }

    // Over the token cap, the changed middle becomes one replacement (prefix and suffix kept).
    #[test]
    fn token_cap_replaces_the_middle() {
        let mut interner = Interner::new();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        tokenize("keep x y z keep", &[], &mut interner, &mut a);
        tokenize("keep p q r keep", &[], &mut interner, &mut b);
        let ps = pieces(&a, &b, 4, &interner);
        assert_eq!(ps.len(), 3);
        assert_eq!(ps[1].old, 2..7);
        assert!(ps[1].edit);
    }
}
