//! The changes in one paragraph: the sent text against the returned text with every change
//! accepted, word by word, each change widened to whole words and to a phrase (changes a word
//! or two apart are one), never empty on either side (an insertion or deletion takes the word
//! before it along, so it has words to stand on), and attributed: to the authors of the
//! tracked revisions it covers, or found untracked (the returned text with its changes
//! rejected differs from what was sent there).

use std::ops::Range;

use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::collect::Returned1;
use crate::import::revisions::{Kind, Revision};
use crate::similarity::{self, Seg};

/// What a change does, as a reviser sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Replaced,
    Inserted,
    Deleted,
    Moved,
}

impl ChangeKind {
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::Replaced => "replaced",
            ChangeKind::Inserted => "inserted",
            ChangeKind::Deleted => "deleted",
            ChangeKind::Moved => "moved",
        }
    }
}

/// One change of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    /// The range of the sent text it replaces (whole words, never empty).
    pub sent: Range<usize>,
    /// The sent words actually changed, before widening (empty for an insertion: where it
    /// stands).
    pub core: Range<usize>,
    /// Its replacement, from the accepted returned text (may be empty only for a paragraph
    /// deleted whole).
    pub proposed: String,
    pub kind: ChangeKind,
    /// The tracked revisions it covers (distinct, in order).
    pub revisions: Vec<Revision>,
    /// Part of it was made without Track Changes.
    pub untracked: bool,
}

/// Word tokens (no white space) of `text`: byte ranges.
fn tokens(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    similarity::segments(text, &mut |r, seg| {
        if seg != Seg::Space {
            // Japanese and Chinese: one token a character, so a change is not a whole run.
            if text[r.clone()].chars().any(crate::render::pdf::is_cjk) {
                let mut at = r.start;
                for c in text[r.clone()].chars() {
                    out.push(at..at + c.len_utf8());
                    at += c.len_utf8();
                }
            } else {
                out.push(r);
            }
        }
    });
    out
}

/// Token-level differences of `a` and `b`: (range of tokens in a, range in b), in order.
fn differences(
    a: &str,
    ta: &[Range<usize>],
    b: &str,
    tb: &[Range<usize>],
) -> Vec<(Range<usize>, Range<usize>)> {
    let wa: Vec<&str> = ta.iter().map(|r| &a[r.clone()]).collect();
    let wb: Vec<&str> = tb.iter().map(|r| &b[r.clone()]).collect();
    let mut out: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, &wa, &wb) {
        let (x, y) = match op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => (old_index..old_index + old_len, new_index..new_index),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => (old_index..old_index, new_index..new_index + new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (
                old_index..old_index + old_len,
                new_index..new_index + new_len,
            ),
        };
        // Changes at most two words apart are one phrase.
        match out.last_mut() {
            Some((px, py)) if x.start <= px.end + 2 && y.start <= py.end + 2 => {
                px.end = x.end;
                py.end = y.end;
            }
            _ => out.push((x, y)),
        }
    }
    out
}

/// The byte range of tokens `r` in their text (`at` when empty: where they would stand).
fn bytes(toks: &[Range<usize>], r: &Range<usize>, at: usize) -> Range<usize> {
    if r.is_empty() {
        return at..at;
    }
    toks[r.start].start..toks[r.end - 1].end
}

/// The changes from `sent` to the returned paragraph.
pub fn hunks(sent: &str, returned: &Returned1) -> Vec<Hunk> {
    let acc = &returned.accepted;
    let ts = tokens(sent);
    let ta = tokens(acc);
    if ts.is_empty() && ta.is_empty() {
        return Vec::new();
    }
    let tr = tokens(&returned.rejected);
    let untracked_sent: Vec<Range<usize>> = differences(sent, &ts, &returned.rejected, &tr)
        .into_iter()
        .map(|(x, _)| x)
        .collect();
    let mut out = Vec::new();
    for (mut x, mut y) in differences(sent, &ts, acc, &ta) {
        let core = bytes(&ts, &x, ts.get(x.start).map_or(sent.len(), |t| t.start));
        // Never empty on either side: take the word before along (or after, at the start).
        if (x.is_empty() || y.is_empty()) && !(ts.is_empty() || ta.is_empty()) {
            let is_word = |r: &Range<usize>| similarity::is_word(&sent[r.clone()]);
            if x.start > 0 && y.start > 0 {
                // Back to a word: "three." rather than ".".
                loop {
                    x.start -= 1;
                    y.start -= 1;
                    if is_word(&ts[x.start]) || x.start == 0 || y.start == 0 {
                        break;
                    }
                }
            } else if x.end < ts.len() && y.end < ta.len() {
                loop {
                    x.end += 1;
                    y.end += 1;
                    if is_word(&ts[x.end - 1]) || x.end == ts.len() || y.end == ta.len() {
                        break;
                    }
                }
            }
        }
        let s = bytes(&ts, &x, ts.get(x.start).map_or(sent.len(), |t| t.start));
        let a = bytes(&ta, &y, ta.get(y.start).map_or(acc.len(), |t| t.start));
        let mut revisions: Vec<Revision> = Vec::new();
        let mut moved = false;
        let mut note = |kind: &Kind| {
            if let Some(r) = kind.revision() {
                moved |= matches!(kind, Kind::MovedTo(_) | Kind::MovedFrom(_));
                if !revisions.contains(r) {
                    revisions.push(r.clone());
                }
            }
        };
        for (r, kind) in &returned.accepted_kinds {
            if r.start < a.end && a.start < r.end {
                note(kind);
            }
        }
        // Deleted text: the rejected text's revisions where the sent words stand (the same
        // place when nothing was changed untracked before it).
        let tracked_plain = untracked_sent
            .iter()
            .all(|u| u.end <= x.start || u.start >= x.end);
        if tracked_plain {
            let offset = rejected_offset(sent, &returned.rejected, s.start);
            let len = s.len();
            for (r, kind) in &returned.rejected_kinds {
                if r.start < offset + len && offset < r.end && !matches!(kind, Kind::Plain) {
                    note(kind);
                }
            }
        }
        if let Some(rev) = &returned.merged_into_previous {
            note(&Kind::Deleted(rev.clone()));
        }
        let untracked = !tracked_plain || revisions.is_empty();
        let kind = if moved {
            ChangeKind::Moved
        } else if s.is_empty() || ts[x.clone()].is_empty() {
            ChangeKind::Inserted
        } else if a.is_empty() {
            ChangeKind::Deleted
        } else if sent[s.clone()].len() < acc[a.clone()].len()
            && acc[a.clone()].starts_with(&sent[s.clone()])
        {
            ChangeKind::Inserted
        } else if acc[a.clone()].len() < sent[s.clone()].len()
            && sent[s.clone()].starts_with(&acc[a.clone()])
        {
            ChangeKind::Deleted
        } else {
            ChangeKind::Replaced
        };
        out.push(Hunk {
            sent: s,
            core,
            proposed: acc[a].to_owned(),
            kind,
            revisions,
            untracked,
        });
    }
    out
}

/// Where byte `at` of `sent` stands in `rejected`: the same place when the two texts agree up
/// to it (changes made untracked elsewhere move it by their difference in length).
fn rejected_offset(sent: &str, rejected: &str, at: usize) -> usize {
    if sent.len() == rejected.len() {
        return at;
    }
    let tail = &sent[at..];
    match rejected.rfind(tail) {
        Some(i) if !tail.is_empty() => i,
        _ => at.min(rejected.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn returned(parts: &[(&str, Kind)]) -> Returned1 {
        let mut r = Returned1::default();
        for (text, kind) in parts {
            if kind.in_accepted() {
                let s = r.accepted.len();
                r.accepted.push_str(text);
                r.accepted_kinds.push((s..r.accepted.len(), kind.clone()));
            }
            if kind.in_rejected() {
                let s = r.rejected.len();
                r.rejected.push_str(text);
                r.rejected_kinds.push((s..r.rejected.len(), kind.clone()));
            }
        }
        r
    }

    fn rev(a: &str) -> Revision {
        Revision {
            author: a.to_owned(),
            date: String::new(),
        }
    }

    // A tracked replacement is one phrase with its author.
    #[test]
    fn tracked_replacement() {
        let sent = "to be held in the first half of 2016 in Washington.";
        let r = returned(&[
            ("to be held in ", Kind::Plain),
            ("the first half of", Kind::Deleted(rev("US"))),
            ("early", Kind::Inserted(rev("US"))),
            (" 2016 in Washington.", Kind::Plain),
        ]);
        let h = hunks(sent, &r);
        assert_eq!(h.len(), 1);
        assert_eq!(&sent[h[0].sent.clone()], "the first half of");
        assert_eq!(h[0].proposed, "early");
        assert_eq!(h[0].kind, ChangeKind::Replaced);
        assert_eq!(h[0].revisions, [rev("US")]);
        assert!(!h[0].untracked);
    }

    // An inserted sentence takes the word before it along; an untracked edit is found.
    #[test]
    fn insertion_and_untracked_edit() {
        let sent = "One two three. Four five six seven.";
        let r = returned(&[
            ("One two three.", Kind::Plain),
            (" New words.", Kind::Inserted(rev("KR"))),
            (" Four five six eight.", Kind::Plain),
        ]);
        let h = hunks(sent, &r);
        assert_eq!(h.len(), 2, "{h:?}");
        assert_eq!(&sent[h[0].sent.clone()], "three.");
        assert_eq!(h[0].proposed, "three. New words.");
        assert_eq!(h[0].kind, ChangeKind::Inserted);
        assert_eq!(&sent[h[1].sent.clone()], "seven");
        assert_eq!(h[1].proposed, "eight");
        assert!(h[1].untracked);
    }
}
