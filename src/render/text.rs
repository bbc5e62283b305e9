//! Plain-text renderer: one paragraph a line, blank lines between blocks.
//!
//! This is the form adopted statements are archived in, so for a document without marks it
//! must give the adopted text back exactly (the 2014 test holds it to the byte). Redline marks
//! show as `[-deleted-]{+inserted+}`, or as ANSI colours when [`TextOptions::color`] is set
//! (the CLI decides that from the terminal and `NO_COLOR`; this module never looks).

use crate::document::{Block, BlockKind, Change, Document, Run};

/// Options of the text renderer.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextOptions {
    /// Colour redline marks with ANSI escapes instead of `[-…-]{+…+}` markers.
    pub color: bool,
}

/// Render the document as plain text, ending with a newline.
pub fn render(doc: &Document, opts: &TextOptions) -> String {
    let mut out = String::new();
    for block in &doc.blocks {
        let text = block_text(block, opts);
        if text.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&text);
    }
    out.push('\n');
    out
}

/// The text of one block as this renderer shows it (list markers and signatures included).
pub fn block_text(block: &Block, opts: &TextOptions) -> String {
    let mut line = String::new();
    match &block.kind {
        BlockKind::ListItem {
            ordered: true,
            number,
        } => line.push_str(&format!("{number}. ")),
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
            return parts.join("\n\n");
        }
        BlockKind::PageBreak => return String::new(),
        BlockKind::Title
        | BlockKind::Subtitle
        | BlockKind::DateLine
        | BlockKind::Paragraph
        | BlockKind::Heading { .. }
        | BlockKind::DoneAt => {}
    }
    let body: String = block
        .runs
        .iter()
        .map(|r| run_text(r, block.change, opts))
        .collect();
    line.push_str(&body);
    line
}

fn run_text(run: &Run, block_change: Option<Change>, opts: &TextOptions) -> String {
    let change = run.marks.change.or(block_change);
    let Some(change) = change else {
        return run.text.clone();
    };
    let (open, close) = match (change, opts.color) {
        (Change::Inserted, false) => ("{+", "+}"),
        (Change::Deleted, false) => ("[-", "-]"),
        (Change::MovedFrom(_), false) => ("[<", "<]"),
        (Change::MovedTo(_), false) => ("{>", ">}"),
        (Change::Inserted, true) => ("\x1b[32;4m", "\x1b[0m"),
        (Change::Deleted, true) => ("\x1b[31;9m", "\x1b[0m"),
        (Change::MovedFrom(_), true) => ("\x1b[35;9m", "\x1b[0m"),
        (Change::MovedTo(_), true) => ("\x1b[35;4m", "\x1b[0m"),
    };
    format!("{open}{}{close}", run.text)
}
