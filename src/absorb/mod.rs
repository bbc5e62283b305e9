//! The counterpart's redline comes home: a returned DOCX, read against exactly what was sent
//! ([`record`]), becomes that party's proposals in the draft's inputs.
//!
//! 1. [`collect`]: the returned body, sent paragraph by sent paragraph (by the export's hidden
//!    bookmarks, or by text when they were lost).
//! 2. [`changes`]: each paragraph's changes, word by word, widened to phrases and attributed to
//!    their revisers (or found untracked).
//! 3. [`plan`]: each change placed. In a data value (a name, a date, an ordinal, a list) it is
//!    a proposed value change, never glued into wording; in a body paragraph's wording it is a
//!    proposal on that paragraph (`at` the words as sent, unique in the paragraph); in the
//!    template's fixed lines, or where the draft no longer prints the words, it cannot be
//!    placed, and says where it is. Comments become notes on their paragraph.
//! 4. [`write`]: the plan applied to `meeting.toml` with `toml_edit`, every comment and blank
//!    line kept; a second party's proposal on the same words joins the same bracket.
//!
//! Pure: bytes and texts in, a plan and a new `meeting.toml` text out; the CLI reads and writes.

pub mod changes;
pub mod collect;
pub mod record;
pub mod write;

pub use changes::ChangeKind;
pub use collect::MatchedBy;
pub use record::ExportRecord;

use crate::import::revisions::{Kind, Returned, Revision};

/// Where a change goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A proposal on the paragraph's wording.
    Wording,
    /// A proposed change of a data value (`[[value_changes]]`).
    Value,
    /// It cannot be placed: why.
    Unplaced(String),
}

/// One change of the returned file, placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedChange {
    /// The paragraph's number in the sent text (1 for the first block).
    pub paragraph: usize,
    pub item: Option<String>,
    pub kind: ChangeKind,
    /// The words as sent, and as proposed.
    pub was: String,
    pub proposed: String,
    /// "tracked by Jane Roe, 2026-11-30" or "untracked".
    pub source: String,
    pub target: Target,
    /// The sent text around the change, for finding it.
    pub context: String,
}

/// A comment of the returned file, as a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedNote {
    pub paragraph: Option<usize>,
    pub item: Option<String>,
    pub author: String,
    pub date: String,
    pub on: String,
    pub text: String,
    pub replies: Vec<(String, String, String)>,
}

/// What an absorb will do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub matched_by: MatchedBy,
    pub changes: Vec<PlannedChange>,
    pub notes: Vec<PlannedNote>,
}

impl Plan {
    /// The changes that cannot be placed.
    pub fn unplaced(&self) -> impl Iterator<Item = &PlannedChange> {
        self.changes
            .iter()
            .filter(|c| matches!(c.target, Target::Unplaced(_)))
    }
}

/// Plan the absorb of `returned`, exported as `sent`, into a draft whose text is now `current`.
pub fn plan(returned: &Returned, sent: &ExportRecord, current: &ExportRecord) -> Plan {
    let mut collected = collect::collect(returned, sent);
    fold_merges(&mut collected.paragraphs);
    let mut changes = Vec::new();
    for (k, (p, r)) in sent
        .paragraphs
        .iter()
        .zip(&collected.paragraphs)
        .enumerate()
    {
        let Some(r) = r else { continue };
        for h in changes::hunks(&p.text, r) {
            changes.push(place(sent, current, k, &h));
        }
    }
    Plan {
        matched_by: collected.matched_by,
        changes,
        notes: notes(returned, sent, &collected.paragraphs),
    }
}

/// Two paragraphs merged (the first's mark deleted): the second's text joins the first as an
/// insertion by whoever deleted the mark, and the second is left empty (deleted).
fn fold_merges(paragraphs: &mut [Option<collect::Returned1>]) {
    for k in (1..paragraphs.len()).rev() {
        let Some(rev) = paragraphs[k]
            .as_ref()
            .and_then(|r| r.merged_into_previous.clone())
        else {
            continue;
        };
        let moved = paragraphs[k].as_mut().map(|r| {
            let text = std::mem::take(&mut r.accepted);
            let kinds = std::mem::take(&mut r.accepted_kinds);
            (text, kinds)
        });
        let (Some((text, kinds)), Some(prev)) = (moved, paragraphs[k - 1].as_mut()) else {
            continue;
        };
        let base = prev.accepted.len();
        prev.accepted.push_str(&text);
        for (range, kind) in kinds {
            let kind = match kind {
                Kind::Plain => Kind::Inserted(rev.clone()),
                other => other,
            };
            prev.accepted_kinds
                .push((range.start + base..range.end + base, kind));
        }
    }
}

/// Where one change goes.
fn place(
    sent: &ExportRecord,
    current: &ExportRecord,
    k: usize,
    h: &changes::Hunk,
) -> PlannedChange {
    let p = &sent.paragraphs[k];
    let mut was = p.text[h.sent.clone()].to_owned();
    let mut proposed = h.proposed.clone();
    let context = context(&p.text, h.sent.clone());
    // Inside one value: the words changed (not those taken along to stand on) lie within it.
    let core = &h.core;
    let in_value = p.values.iter().any(|(s, e)| {
        if core.is_empty() {
            *s < core.start && core.start < *e
        } else {
            *s <= core.start && core.end <= *e
        }
    });
    let target = if in_value {
        Target::Value
    } else if p.item.is_none() {
        Target::Unplaced(
            "it is in the statement's fixed lines (title, date or closing formula), which come from `templates/statement.hbs`, not from a paragraph of meeting.toml".to_owned(),
        )
    } else {
        match unique_anchor(sent, current, k, h) {
            Ok((w, pr)) => {
                was = w;
                proposed = pr;
                Target::Wording
            }
            Err(why) => Target::Unplaced(why),
        }
    };
    PlannedChange {
        paragraph: p.block + 1,
        item: p.item.clone(),
        kind: h.kind,
        was,
        proposed,
        source: source(&h.revisions, h.untracked),
        target,
        context,
    }
}

/// The words as sent and as proposed, widened to the left until the words as sent stand once
/// in the paragraph as the draft prints it now (the proposal finds its first occurrence).
fn unique_anchor(
    sent: &ExportRecord,
    current: &ExportRecord,
    k: usize,
    h: &changes::Hunk,
) -> Result<(String, String), String> {
    let p = &sent.paragraphs[k];
    let now = current.item_text(p.item.as_deref());
    // Where this paragraph starts in the item's text as sent.
    let before: usize = sent.paragraphs[..k]
        .iter()
        .filter(|q| q.item == p.item)
        .map(|q| q.text.len() + 1)
        .sum();
    let then = sent.item_text(p.item.as_deref());
    let mut start = h.sent.start;
    loop {
        let was = &p.text[start..h.sent.end];
        let proposed = format!("{}{}", &p.text[start..h.sent.start], h.proposed);
        let found = now.find(was);
        match found {
            None => {
                return Err(format!(
                    "the draft no longer prints \"{was}\" in paragraph `{}`: its wording changed since the export",
                    p.item.as_deref().unwrap_or("?")
                ));
            }
            Some(i) if now == then && i == before + start => return Ok((was.to_owned(), proposed)),
            Some(_) if now != then && now.matches(was).count() == 1 => {
                return Ok((was.to_owned(), proposed));
            }
            Some(_) if start == 0 => {
                return Err(format!(
                    "\"{was}\" stands more than once in paragraph `{}` and cannot be told apart",
                    p.item.as_deref().unwrap_or("?")
                ));
            }
            Some(_) => {
                // One more word to the left.
                let head = &p.text[..start];
                start = head
                    .trim_end()
                    .rfind(char::is_whitespace)
                    .map_or(0, |i| i + 1);
            }
        }
    }
}

/// "tracked by Jane Roe, 2026-11-30", "untracked", or both.
fn source(revisions: &[Revision], untracked: bool) -> String {
    let mut parts: Vec<String> = revisions
        .iter()
        .map(|r| {
            let day = r.date.get(..10).unwrap_or(&r.date);
            match (r.author.is_empty(), day.is_empty()) {
                (false, false) => format!("tracked by {}, {day}", r.author),
                (false, true) => format!("tracked by {}", r.author),
                _ => "tracked".to_owned(),
            }
        })
        .collect();
    parts.dedup();
    if untracked {
        parts.push("untracked".to_owned());
    }
    parts.join("; ")
}

/// Up to five words of the sent text either side of `range`, with the change in ‹…›.
fn context(text: &str, range: std::ops::Range<usize>) -> String {
    let head = &text[..range.start];
    let tail = &text[range.end..];
    let cut_head = head
        .char_indices()
        .filter(|(_, c)| c.is_whitespace())
        .map(|(i, _)| i)
        .rev()
        .nth(5)
        .map_or(0, |i| i + 1);
    let cut_tail = tail
        .char_indices()
        .filter(|(_, c)| c.is_whitespace())
        .map(|(i, _)| i)
        .nth(5)
        .unwrap_or(tail.len());
    format!(
        "{}{}‹{}›{}{}",
        if cut_head > 0 { "…" } else { "" },
        &head[cut_head..],
        &text[range],
        &tail[..cut_tail],
        if cut_tail < tail.len() { "…" } else { "" }
    )
}

/// The returned file's comments, each on the paragraph it is anchored in, with its replies.
fn notes(
    returned: &Returned,
    sent: &ExportRecord,
    paragraphs: &[Option<collect::Returned1>],
) -> Vec<PlannedNote> {
    let mut out = Vec::new();
    for c in returned.comments.iter().filter(|c| c.reply_to.is_none()) {
        let anchored = paragraphs.iter().enumerate().find_map(|(k, r)| {
            let r = r.as_ref()?;
            let start = r.comments.iter().find(|(id, _)| *id == c.id)?.1;
            let end = r
                .comment_ends
                .iter()
                .find(|(id, _)| *id == c.id)
                .map_or(r.accepted.len(), |e| e.1)
                .max(start);
            let on = r.accepted.get(start..end).unwrap_or("").trim().to_owned();
            Some((k, on))
        });
        let (paragraph, item, on) = match anchored {
            Some((k, on)) => (
                Some(sent.paragraphs[k].block + 1),
                sent.paragraphs[k].item.clone(),
                on,
            ),
            None => (None, None, String::new()),
        };
        let replies = returned
            .comments
            .iter()
            .filter(|r| r.reply_to.as_deref() == Some(c.id.as_str()))
            .map(|r| (r.author.clone(), r.date.clone(), r.text.clone()))
            .collect();
        out.push(PlannedNote {
            paragraph,
            item,
            author: c.author.clone(),
            date: c.date.clone(),
            on,
            text: c.text.clone(),
            replies,
        });
    }
    out
}
