//! Plain-text renderer: one paragraph a line, blank lines between blocks.
//!
//! This is the form adopted statements are archived in, so for a document without marks it
//! must give the adopted text back exactly (the 2014 test holds it to the byte). Redline marks
//! show as `[-deleted-]{+inserted+}`, or as ANSI colours when [`TextOptions::color`] is set
//! (the CLI decides that from the terminal and `NO_COLOR`; this module never looks). A split's
//! paragraph break shows as `{¶}` at the end of the first new paragraph, a merge's as `[¶]`
//! where the old paragraphs met; the white space the break replaced is not marked.

use crate::diff::is_paragraph_mark;
use crate::document::{Block, BlockKind, Change, Document, Run};

/// Options of the text renderer.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextOptions {
    /// Colour redline marks with ANSI escapes instead of `[-…-]{+…+}` markers.
    pub color: bool,
}

/// Render the document as plain text, ending with a newline.
pub fn render(doc: &Document, opts: &TextOptions) -> String {
    // Blocks are written straight into the output (a redline of a long document has tens of
    // thousands of runs; one string per run would cost more than the text itself).
    let size: usize = doc
        .blocks
        .iter()
        .flat_map(|b| &b.runs)
        .map(|r| r.text.len() + 4)
        .sum();
    let mut out = String::with_capacity(size + 2 * doc.blocks.len() + 1);
    for block in &doc.blocks {
        let before = out.len();
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        let start = out.len();
        write_block(block, opts, &mut out);
        if out.len() == start {
            // An empty block (a page break) takes no separator either.
            out.truncate(before);
        }
    }
    out.push('\n');
    out
}

/// Writes what [`render`] returns to `out`, a block at a time: a long redline is never held
/// whole in memory (the caller buffers `out` as it likes).
pub fn write_to(
    doc: &Document,
    opts: &TextOptions,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let mut line = String::new();
    let mut first = true;
    for block in &doc.blocks {
        line.clear();
        write_block(block, opts, &mut line);
        // An empty block (a page break) takes no separator either.
        if line.is_empty() {
            continue;
        }
        if !first {
            out.write_all(b"\n\n")?;
        }
        first = false;
        out.write_all(line.as_bytes())?;
    }
    out.write_all(b"\n")
}

/// The text of one block as this renderer shows it (list markers and signatures included).
pub fn block_text(block: &Block, opts: &TextOptions) -> String {
    let mut line = String::new();
    write_block(block, opts, &mut line);
    line
}

fn write_block(block: &Block, opts: &TextOptions, line: &mut String) {
    match &block.kind {
        BlockKind::ListItem {
            ordered: true,
            number,
        } => {
            line.push_str(&number.to_string());
            line.push_str(". ");
        }
        BlockKind::ListItem { ordered: false, .. } => line.push_str("- "),
        BlockKind::Signatures { signatories } => {
            let parts: Vec<String> = signatories
                .iter()
                .map(|s| {
                    let mut lines = vec![
                        s.party.clone(),
                        String::new(),
                        "______________________________".to_owned(),
                    ];
                    lines.extend(
                        [s.name.clone(), s.title.clone()]
                            .into_iter()
                            .filter(|l| !l.is_empty()),
                    );
                    lines.join("\n")
                })
                .collect();
            line.push_str(&parts.join("\n\n"));
            return;
        }
        BlockKind::PageBreak => return,
        BlockKind::Title
        | BlockKind::Subtitle
        | BlockKind::DateLine
        | BlockKind::Paragraph
        | BlockKind::Heading { .. }
        | BlockKind::DoneAt => {}
    }
    // Neighbouring runs with the same change share one pair of markers: a deletion that spans a
    // value and the text around it reads `[-Tokyo, Japan-]`, not `[-Tokyo-][-, -][-Japan-]`.
    let runs = &block.runs;
    let mut i = 0;
    while i < runs.len() {
        if is_paragraph_mark(&runs[i]) {
            line.push_str(break_marker(runs[i].marks.change, opts));
            i += 1;
            continue;
        }
        if beside_break(runs, i) {
            // The space a merge put between the old paragraphs reads as plain text; the one a
            // split took away is not shown.
            if runs[i].marks.change == Some(Change::Inserted) {
                line.push_str(&runs[i].text);
            }
            i += 1;
            continue;
        }
        let change = runs[i].marks.change.or(block.change);
        let (open, close) = markers(change, opts);
        line.push_str(open);
        while i < runs.len()
            && runs[i].marks.change.or(block.change) == change
            && !is_paragraph_mark(&runs[i])
            && !beside_break(runs, i)
        {
            line.push_str(&runs[i].text);
            i += 1;
        }
        line.push_str(close);
    }
}

/// Whether run `i` is the white space beside a split's or merge's paragraph break.
fn beside_break(runs: &[Run], i: usize) -> bool {
    let run = &runs[i];
    run.marks.change.is_some()
        && run.text.trim().is_empty()
        && ((i > 0 && is_paragraph_mark(&runs[i - 1]))
            || runs.get(i + 1).is_some_and(is_paragraph_mark))
}

/// The marker of a paragraph break: inserted (a split) or deleted (a merge).
fn break_marker(change: Option<Change>, opts: &TextOptions) -> &'static str {
    match (change, opts.color) {
        (Some(Change::Deleted | Change::MovedFrom(_)), false) => "[¶]",
        (Some(Change::Inserted | Change::MovedTo(_)) | None, false) => "{¶}",
        (Some(Change::Deleted | Change::MovedFrom(_)), true) => "\x1b[31m¶\x1b[0m",
        (Some(Change::Inserted | Change::MovedTo(_)) | None, true) => "\x1b[32m¶\x1b[0m",
    }
}

fn markers(change: Option<Change>, opts: &TextOptions) -> (&'static str, &'static str) {
    let Some(change) = change else {
        return ("", "");
    };
    match (change, opts.color) {
        (Change::Inserted, false) => ("{+", "+}"),
        (Change::Deleted, false) => ("[-", "-]"),
        (Change::MovedFrom(_), false) => ("[<", "<]"),
        (Change::MovedTo(_), false) => ("{>", ">}"),
        (Change::Inserted, true) => ("\x1b[32;4m", "\x1b[0m"),
        (Change::Deleted, true) => ("\x1b[31;9m", "\x1b[0m"),
        (Change::MovedFrom(_), true) => ("\x1b[35;9m", "\x1b[0m"),
        (Change::MovedTo(_), true) => ("\x1b[35;4m", "\x1b[0m"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Marks, Meta, Origin, Run};

    fn run(text: &str, change: Option<Change>, origin: Origin) -> Run {
        Run {
            text: text.to_owned(),
            marks: Marks {
                change,
                origin,
                ..Marks::default()
            },
        }
    }

    // Writing block by block gives the same bytes as rendering the whole document.
    #[test]
    fn writing_equals_rendering() {
        let doc = Document {
            meta: Meta::untitled(),
            blocks: vec![
                Block::text(BlockKind::Title, "Joint Statement"),
                Block::text(BlockKind::PageBreak, ""),
                Block::text(BlockKind::Paragraph, "Both sides met."),
            ],
        };
        let opts = TextOptions::default();
        let mut out = Vec::new();
        write_to(&doc, &opts, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), render(&doc, &opts));
    }

    // Neighbouring runs with one change share one pair of markers, whatever their other marks.
    #[test]
    fn markers_span_runs() {
        let del = Some(Change::Deleted);
        let block = Block {
            runs: vec![
                run("in ", None, Origin::Text),
                run("Tokyo", del, Origin::Value),
                run(", ", del, Origin::Text),
                run("Japan", del, Origin::Value),
                run("Washington", Some(Change::Inserted), Origin::Value),
                run(".", None, Origin::Text),
            ],
            ..Block::text(BlockKind::Paragraph, "")
        };
        let doc = Document {
            meta: Meta::untitled(),
            blocks: vec![block, Block::text(BlockKind::PageBreak, "")],
        };
        let opts = TextOptions::default();
        assert_eq!(render(&doc, &opts), "in [-Tokyo, Japan-]{+Washington+}.\n");
        let color = render(&doc, &TextOptions { color: true });
        assert!(color.contains("\x1b[31;9mTokyo, Japan\x1b[0m\x1b[32;4mWashington\x1b[0m"));
    }
}
