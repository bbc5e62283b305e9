//! Markdown renderer: the IR written back in chancery's Markdown subset.
//!
//! The output parses back (with [`crate::document::markdown::parse_blocks`]) to the same blocks,
//! marks of origin and redline aside, so `.md` files can be diffed and imported again.

use crate::document::{BlockKind, Document, Run};

/// Render the document as Markdown.
pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    for (i, block) in doc.blocks.iter().enumerate() {
        let mut piece = String::new();
        let prev_clause = i.checked_sub(1).and_then(|p| doc.blocks[p].clause.as_ref());
        let next_clause = doc.blocks.get(i + 1).and_then(|b| b.clause.as_ref());
        if let Some(id) = block.clause.as_ref().filter(|c| Some(*c) != prev_clause) {
            piece.push_str(&format!("<!-- clause: {id} -->\n"));
        }
        if let Some(lang) = &block.lang {
            piece.push_str(&format!("<!-- lang: {lang} -->\n"));
        }
        let text: String = block.runs.iter().map(inline).collect();
        match &block.kind {
            BlockKind::Title => piece.push_str(&format!("# {text} {{.title}}")),
            BlockKind::Subtitle => piece.push_str(&format!("## {text} {{.subtitle}}")),
            BlockKind::DateLine => piece.push_str(&format!("### {text} {{.date}}")),
            BlockKind::DoneAt => piece.push_str(&format!("### {text} {{.done-at}}")),
            BlockKind::Heading { level } => piece.push_str(&format!(
                "{} {text}",
                "#".repeat(usize::from((*level).clamp(1, 6)))
            )),
            BlockKind::Paragraph => piece.push_str(&text),
            BlockKind::ListItem {
                ordered: true,
                number,
            } => piece.push_str(&format!("{number}. {text}")),
            BlockKind::ListItem { ordered: false, .. } => piece.push_str(&format!("- {text}")),
            BlockKind::Signatures { .. } => piece.push_str("<!-- signatures -->"),
            BlockKind::PageBreak => piece.push_str("<!-- pagebreak -->"),
        }
        if block.clause.is_some() && block.clause.as_ref() != next_clause {
            piece.push_str("\n<!-- /clause -->");
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&piece);
    }
    out.push('\n');
    out
}

fn inline(run: &Run) -> String {
    let mut text = crate::document::markdown::escape(&run.text);
    if run.marks.strong {
        text = format!("**{text}**");
    }
    if run.marks.emphasis {
        text = format!("*{text}*");
    }
    text
}
