//! `--format unified`: a redline as a unified diff with one paragraph per line.
//!
//! Paragraphs stand in for lines, so the hunks read like `diff -u` on the documents' plain text
//! (`@@ -5,3 +5,4 @@` counts paragraphs). A changed paragraph is its old line and its new line;
//! a moved paragraph is a `-` line at its old place and a `+` line at its new one, which is all a
//! unified diff can say; a split paragraph is its old line and its two new lines, a merge the
//! two old lines and the new one. Pure: labels come from the caller.

use super::result::is_paragraph_mark;
use crate::document::{Block, Change};

/// Options of the unified format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnifiedOptions {
    /// Label of the old side (`--- LABEL`).
    pub old_label: String,
    /// Label of the new side (`+++ LABEL`).
    pub new_label: String,
    /// Unchanged paragraphs shown around each change. Default 3, as `diff -u`.
    pub context: usize,
}

impl Default for UnifiedOptions {
    fn default() -> Self {
        UnifiedOptions {
            old_label: "old".to_owned(),
            new_label: "new".to_owned(),
            context: 3,
        }
    }
}

/// One paragraph of the redline: unchanged text, or its old and new lines (none, one, or two
/// around a split's or merge's paragraph break).
#[derive(Debug)]
enum Line {
    Same(String),
    Changed { old: Vec<String>, new: Vec<String> },
}

/// Which side of the redline a line is read from.
#[derive(Debug, Clone, Copy)]
enum Of {
    Old,
    New,
}

impl Of {
    fn has(self, c: Option<Change>) -> bool {
        match self {
            Of::Old => !matches!(c, Some(Change::Inserted | Change::MovedTo(_))),
            Of::New => !matches!(c, Some(Change::Deleted | Change::MovedFrom(_))),
        }
    }
}

/// The lines of `block` on one side, `carry` (text run on from the block before) first; a
/// break this side has ends a line, a break at the end that it lacks runs on into `carry`.
fn side_lines(block: &Block, of: Of, carry: &mut Option<String>) -> Vec<String> {
    let mut lines = Vec::new();
    if !of.has(block.change) {
        lines.extend(carry.take());
        return lines;
    }
    let mut current = carry.take().unwrap_or_default();
    for run in block.runs.iter().filter(|r| of.has(r.marks.change)) {
        if is_paragraph_mark(run) {
            lines.push(std::mem::take(&mut current));
        } else {
            current.push_str(&run.text);
        }
    }
    match block.runs.last() {
        Some(last) if is_paragraph_mark(last) && !of.has(last.marks.change) => {
            *carry = Some(current);
        }
        _ => lines.push(current),
    }
    lines.retain(|l| !l.is_empty());
    lines
}

/// The redline's textual blocks as lines.
fn lines_of(doc: &crate::document::Document) -> Vec<Line> {
    let (mut carry_old, mut carry_new) = (None, None);
    let mut lines = Vec::new();
    for block in doc.blocks.iter().filter(|b| b.is_textual()) {
        let changed = carry_old.is_some()
            || carry_new.is_some()
            || block.change.is_some()
            || block.runs.iter().any(|r| r.marks.change.is_some());
        if !changed {
            lines.push(Line::Same(block.plain_text()));
            continue;
        }
        lines.push(Line::Changed {
            old: side_lines(block, Of::Old, &mut carry_old),
            new: side_lines(block, Of::New, &mut carry_new),
        });
    }
    lines
}

/// Render the redline document as a unified diff; empty when nothing changed.
pub fn render(doc: &crate::document::Document, opts: &UnifiedOptions) -> String {
    let lines = lines_of(doc);
    let changed: Vec<usize> = (0..lines.len())
        .filter(|&i| matches!(lines[i], Line::Changed { .. }))
        .collect();
    if changed.is_empty() {
        return String::new();
    }
    // Paragraph numbers of each line on both sides (1-based, before the line).
    let mut old_no = Vec::with_capacity(lines.len() + 1);
    let mut new_no = Vec::with_capacity(lines.len() + 1);
    let (mut o, mut n) = (1usize, 1usize);
    for line in &lines {
        old_no.push(o);
        new_no.push(n);
        match line {
            Line::Same(_) => {
                o += 1;
                n += 1;
            }
            Line::Changed { old, new } => {
                o += old.len();
                n += new.len();
            }
        }
    }
    old_no.push(o);
    new_no.push(n);

    let mut out = format!("--- {}\n+++ {}\n", opts.old_label, opts.new_label);
    let ctx = opts.context;
    let mut k = 0;
    while k < changed.len() {
        // Grow the hunk while the next change is within two contexts of the last one.
        let first = changed[k];
        let mut last = first;
        while k + 1 < changed.len() && changed[k + 1] - last <= 2 * ctx + 1 {
            k += 1;
            last = changed[k];
        }
        k += 1;
        let start = first.saturating_sub(ctx);
        let end = (last + ctx + 1).min(lines.len());
        let old_len = old_no[end] - old_no[start];
        let new_len = new_no[end] - new_no[start];
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            range(old_no[start], old_len),
            range(new_no[start], new_len)
        ));
        let mut pending_old: Vec<&str> = Vec::new();
        let mut pending_new: Vec<&str> = Vec::new();
        let flush = |out: &mut String, po: &mut Vec<&str>, pn: &mut Vec<&str>| {
            for l in po.drain(..) {
                out.push('-');
                out.push_str(l);
                out.push('\n');
            }
            for l in pn.drain(..) {
                out.push('+');
                out.push_str(l);
                out.push('\n');
            }
        };
        for line in &lines[start..end] {
            match line {
                Line::Same(text) => {
                    flush(&mut out, &mut pending_old, &mut pending_new);
                    out.push(' ');
                    out.push_str(text);
                    out.push('\n');
                }
                Line::Changed { old, new } => {
                    pending_old.extend(old.iter().map(String::as_str));
                    pending_new.extend(new.iter().map(String::as_str));
                }
            }
        }
        flush(&mut out, &mut pending_old, &mut pending_new);
    }
    out
}

/// `start,len` as unified diffs write it (`start` is the line before when `len` is 0).
fn range(start: usize, len: usize) -> String {
    match len {
        0 => format!("{},0", start - 1),
        1 => format!("{start}"),
        _ => format!("{start},{len}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{DiffOptions, diff};
    use crate::document::Document;

    fn doc(text: &str) -> Document {
        Document::from_plain_text(text)
    }

    // Hunks count paragraphs, carry context and list old lines before new ones.
    #[test]
    fn hunks_with_context() {
        let old = doc("A one.\n\nB two.\n\nC three.\n\nD four.\n\nE five.\n\nF six.");
        let new = doc("A one.\n\nB two.\n\nC three.\n\nD four!\n\nE five.\n\nF six.\n\nG seven.");
        let r = diff(&old, &new, &DiffOptions::default());
        let opts = UnifiedOptions {
            context: 1,
            ..UnifiedOptions::default()
        };
        assert_eq!(
            render(&r.doc, &opts),
            "--- old\n+++ new\n@@ -3,4 +3,5 @@\n C three.\n-D four.\n+D four!\n E five.\n F six.\n+G seven.\n"
        );
    }

    // Equal documents give no output at all, as `diff -u` does.
    #[test]
    fn equal_is_empty() {
        let d = doc("Same.\n\nText.");
        let r = diff(&d, &d, &DiffOptions::default());
        assert_eq!(render(&r.doc, &UnifiedOptions::default()), "");
    }
}
