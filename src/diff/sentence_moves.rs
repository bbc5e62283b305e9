//! A sentence moved from one paragraph into another existing one, shown as a move: the last
//! pass over a redline. When a whole sentence of one paired paragraph's old text is gone from
//! its new text and stands, word for word, in another paired paragraph's new text that did not
//! have it, the two become the places of one move: a paragraph whose only edit that was keeps
//! its runs (and their marks) with the sentence re-marked; one with other edits is word-diffed
//! again without the sentence, and the sentence put back as moved. It works on each side's
//! text, so it holds for Japanese (sentences end at 。) as for English.

use std::ops::Range;

use super::Redline;
use crate::document::{Block, Change, Run};

/// The text one side of a redline block reads: the old side leaves out insertions, the new
/// side deletions.
fn side_text(block: &Block, old: bool) -> String {
    block
        .runs
        .iter()
        .filter(|r| keeps(r.marks.change, old))
        .map(|r| r.text.as_str())
        .collect()
}

fn keeps(change: Option<Change>, old: bool) -> bool {
    match change {
        None => true,
        Some(Change::Deleted | Change::MovedFrom(_)) => old,
        Some(Change::Inserted | Change::MovedTo(_)) => !old,
    }
}

/// White space folded, for comparing texts that differ only in spacing.
fn folded(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The sentence ranges of `text`, each widened to the white space that separates it from its
/// neighbour (so that cutting it out leaves the text well spaced).
fn sentences(text: &str) -> Vec<(Range<usize>, String)> {
    crate::archive::sentences::split(text)
        .into_iter()
        .map(|r| {
            let key = folded(&text[r.clone()]);
            let after = text[r.end..].len() - text[r.end..].trim_start().len();
            let wide = if r.end + after < text.len() {
                r.start..r.end + after
            } else {
                let before = text[..r.start].len() - text[..r.start].trim_end().len();
                r.start - before..r.end
            };
            (wide, key)
        })
        .collect()
}

/// `text` without `cut`.
fn without(text: &str, cut: &Range<usize>) -> String {
    format!("{}{}", &text[..cut.start], &text[cut.end..])
}

/// The one sentence of `from` whose removal gives `to` (spacing aside), if there is one.
fn lone_change(from: &str, to: &str) -> Option<(Range<usize>, String)> {
    let target = folded(to);
    sentences(from)
        .into_iter()
        .find(|(r, key)| long(key) && folded(&without(from, r)) == target)
}

/// A sentence of some length: a lone short phrase is no evidence of a move (three words, or
/// in a script without spaces, eight characters).
fn long(key: &str) -> bool {
    key.split_whitespace().nth(2).is_some()
        || key.chars().filter(|c| !c.is_ascii()).nth(7).is_some()
}

/// The sentences of `from` that `to` does not have.
fn gone(from: &str, to: &str) -> Vec<(Range<usize>, String)> {
    let kept: Vec<String> = sentences(to).into_iter().map(|(_, k)| k).collect();
    sentences(from)
        .into_iter()
        .filter(|(_, k)| long(k) && !kept.contains(k))
        .collect()
}

/// Words in runs marked inserted or deleted.
fn edited_words(runs: &[Run]) -> (usize, usize) {
    let count = |c: Change| {
        runs.iter()
            .filter(|r| r.marks.change == Some(c))
            .map(|r| crate::similarity::count_words(&r.text))
            .sum::<usize>()
    };
    (count(Change::Inserted), count(Change::Deleted))
}

/// A paragraph's runs word-diffed again between `old` and `new`, with the moved sentence
/// `moved` put back at `at` (an offset into the side it stands on) marked `change`.
fn rediffed(old: &str, new: &str, moved: &str, at: usize, change: Change) -> Vec<Run> {
    let old_side = matches!(change, Change::MovedFrom(_));
    let mut out = Vec::new();
    let mut offset = 0;
    let mut placed = false;
    for run in super::word_diff(old, new).runs {
        let on_side = keeps(run.marks.change, old_side);
        let len = run.text.len();
        if !placed && on_side && offset + len >= at && run.text.is_char_boundary(at - offset) {
            let (head, tail) = run.text.split_at(at - offset);
            if !head.is_empty() {
                out.push(Run {
                    text: head.to_owned(),
                    ..run.clone()
                });
            }
            let mut m = Run::plain(moved);
            m.marks.change = Some(change);
            out.push(m);
            placed = true;
            if !tail.is_empty() {
                out.push(Run {
                    text: tail.to_owned(),
                    ..run.clone()
                });
            }
        } else {
            out.push(run);
        }
        if on_side {
            offset += len;
        }
    }
    if !placed {
        let mut m = Run::plain(moved);
        m.marks.change = Some(change);
        out.push(m);
    }
    out
}

/// The runs of one side of `block`, with the bytes of `range` (in that side's text) marked
/// `change` and every other byte unmarked: the block's only edit becomes the move.
fn remarked(block: &Block, old: bool, range: &Range<usize>, change: Change) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    let mut at = 0;
    for run in block.runs.iter().filter(|r| keeps(r.marks.change, old)) {
        let (start, end) = (at, at + run.text.len());
        at = end;
        let mut cuts = vec![start, end];
        for b in [range.start, range.end] {
            if b > start && b < end && run.text.is_char_boundary(b - start) {
                cuts.push(b);
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        for w in cuts.windows(2) {
            let mut piece = run.clone();
            piece.text = run.text[w[0] - start..w[1] - start].to_owned();
            piece.marks.change = (w[0] >= range.start && w[1] <= range.end).then_some(change);
            match out.last_mut() {
                Some(last) if last.marks == piece.marks => last.text.push_str(&piece.text),
                _ => out.push(piece),
            }
        }
    }
    out
}

/// A paragraph of the pass: its index in the redline, its old text and its new text.
type Edited = (usize, String, String);

/// Mark one move: the sentence at `cut` of the source paragraph's old text, and at `put` of the
/// target's new text, as the two places of move `id`, with the words counted again.
fn apply_move(
    redline: &mut Redline,
    ((a, old_a, new_a), cut): (&Edited, Range<usize>),
    ((b, old_b, new_b), put): (&Edited, Range<usize>),
    id: u32,
) {
    let (from, to) = (Change::MovedFrom(id), Change::MovedTo(id));
    let runs_a = if lone_change(old_a, new_a).is_some_and(|(r, _)| r == cut) {
        remarked(&redline.doc.blocks[*a], true, &cut, from)
    } else {
        rediffed(
            &without(old_a, &cut),
            new_a,
            &old_a[cut.clone()],
            cut.start,
            from,
        )
    };
    let runs_b = if lone_change(new_b, old_b).is_some_and(|(r, _)| r == put) {
        remarked(&redline.doc.blocks[*b], false, &put, to)
    } else {
        rediffed(
            old_b,
            &without(new_b, &put),
            &new_b[put.clone()],
            put.start,
            to,
        )
    };
    for (i, runs) in [(*a, runs_a), (*b, runs_b)] {
        let (ins0, del0) = edited_words(&redline.doc.blocks[i].runs);
        let (ins1, del1) = edited_words(&runs);
        let s = &mut redline.stats;
        s.words_inserted = (s.words_inserted + ins1).saturating_sub(ins0);
        s.words_deleted = (s.words_deleted + del1).saturating_sub(del0);
        redline.doc.blocks[i].runs = runs;
    }
}

/// Re-mark sentences moved between existing paragraphs as moves, with the words inserted and
/// deleted counted again for the paragraphs concerned.
pub(super) fn mark(redline: &mut Redline) {
    let blocks = &redline.doc.blocks;
    // Paired paragraphs with word edits: (index, old text, new text).
    // Only paragraphs with a stretch of at least a short sentence deleted or inserted can be
    // a move's place; most edited paragraphs (a word replaced) are passed over at once.
    let stretch = |b: &Block| {
        b.runs.iter().any(|r| {
            matches!(r.marks.change, Some(Change::Inserted | Change::Deleted))
                && long(r.text.trim())
        })
    };
    let edited: Vec<Edited> = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.change.is_none() && stretch(b))
        .map(|(i, b)| (i, side_text(b, true), side_text(b, false)))
        .filter(|(_, o, n)| o != n)
        .collect();
    if edited.len() < 2 {
        return;
    }
    let mut next_id = blocks
        .iter()
        .flat_map(|b| {
            b.change
                .iter()
                .chain(b.runs.iter().filter_map(|r| r.marks.change.as_ref()))
        })
        .filter_map(|c| match c {
            Change::MovedFrom(n) | Change::MovedTo(n) => Some(*n + 1),
            Change::Inserted | Change::Deleted => None,
        })
        .max()
        .unwrap_or(1);
    // Sentences each paragraph gained, by text, found once (a map, so the pass stays linear).
    let mut gained: std::collections::HashMap<String, Vec<(usize, Range<usize>)>> =
        std::collections::HashMap::new();
    for (k, (_, old_b, new_b)) in edited.iter().enumerate() {
        for (r, key) in gone(new_b, old_b) {
            gained.entry(key).or_default().push((k, r));
        }
    }
    if gained.is_empty() {
        return;
    }
    let mut used: Vec<usize> = Vec::new();
    for (ka, (_, old_a, new_a)) in edited.iter().enumerate() {
        for (cut, key) in gone(old_a, new_a) {
            if used.contains(&ka) {
                break;
            }
            let Some((kb, put)) = gained
                .get(&key)
                .and_then(|places| {
                    places
                        .iter()
                        .find(|(kb, _)| *kb != ka && !used.contains(kb))
                })
                .cloned()
            else {
                continue;
            };
            used.extend([ka, kb]);
            apply_move(redline, (&edited[ka], cut), (&edited[kb], put), next_id);
            next_id += 1;
        }
    }
    let s = &mut redline.stats;
    let all = (s.words_old + s.words_new).max(1);
    s.share_changed = (s.words_inserted + s.words_deleted) as f64 / all as f64;
}

#[cfg(test)]
mod tests {
    use super::*;

    // The sentence whose removal leaves the other text, spacing aside; none when more changed.
    #[test]
    fn one_whole_sentence() {
        let from = "One sentence here. Two sentence here now. Three sentence here.";
        let (r, key) = lone_change(from, "One sentence here. Three sentence here.").unwrap();
        assert_eq!(key, "Two sentence here now.");
        assert_eq!(&from[r], "Two sentence here now. ");
        assert!(lone_change(from, "One sentence here. Three sentences here.").is_none());
        let ja = "双方は確認した。双方は歓迎した。";
        assert_eq!(
            lone_change(ja, "双方は確認した。").unwrap().1,
            "双方は歓迎した。"
        );
    }
}
