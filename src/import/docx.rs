//! The DOCX reader: a Word package's body (paragraphs, tables, content controls, hyperlinks,
//! tracked changes read as accepted or rejected) as blocks with their emphasis, and paragraph
//! styles as block kinds (chancery's own DOCX styles and Word's built-ins).
//!
//! It runs only on a package that [`super::package`] has bounded, and leaves the heading block
//! to [`super::import`]: it reads Word content, and never judges the package's size or shape.

use super::{ImportError, TrackedChanges};
use crate::document::{Block, BlockKind, Marks, Run};

/// The blocks of a DOCX's body, with tracked changes read as `tracked` says. Only for bytes
/// that [`super::package::check_package`] has passed: the Word reader trusts sizes and recurses.
pub(super) fn read_blocks(
    bytes: &[u8],
    tracked: TrackedChanges,
) -> Result<Vec<Block>, ImportError> {
    let read_opts = docx_rs::ReadDocxOptions::default().with_image_previews(false);
    // docx-rs unwraps in places on malformed XML; a damaged file must be an error, not a crash.
    let read = std::panic::catch_unwind(|| docx_rs::read_docx_with_options(bytes, read_opts));
    let docx = match read {
        Ok(Ok(docx)) => docx,
        Ok(Err(e)) => {
            return Err(ImportError::Docx {
                reason: e.to_string().trim_end_matches('.').to_lowercase(),
            });
        }
        Err(_) => {
            return Err(ImportError::Docx {
                reason: "the reader failed on malformed XML".to_owned(),
            });
        }
    };
    let mut reader = DocxReader {
        tracked,
        blocks: Vec::new(),
        carry: Vec::new(),
    };
    for child in &docx.document.children {
        reader.document_child(child);
    }
    let rest = std::mem::take(&mut reader.carry);
    reader.push_paragraph(rest, "");
    Ok(reader.blocks)
}

struct DocxReader {
    tracked: TrackedChanges,
    blocks: Vec<Block>,
    /// Runs of a paragraph whose mark is resolved away (an inserted mark rejected, a deleted
    /// one accepted: a split or merge undone), which run on into the next paragraph.
    carry: Vec<Run>,
}

impl DocxReader {
    fn document_child(&mut self, child: &docx_rs::DocumentChild) {
        use docx_rs::DocumentChild as D;
        match child {
            D::Paragraph(p) => self.paragraph(p),
            D::Table(t) => self.table(t),
            D::StructuredDataTag(sdt) => self.sdt(sdt),
            D::BookmarkStart(_)
            | D::BookmarkEnd(_)
            | D::CommentStart(_)
            | D::CommentEnd(_)
            | D::TableOfContents(_)
            | D::Section(_) => {}
        }
    }

    fn table(&mut self, table: &docx_rs::Table) {
        for docx_rs::TableChild::TableRow(row) in &table.rows {
            for docx_rs::TableRowChild::TableCell(cell) in &row.cells {
                for content in &cell.children {
                    match content {
                        docx_rs::TableCellContent::Paragraph(p) => self.paragraph(p),
                        docx_rs::TableCellContent::Table(t) => self.table(t),
                        docx_rs::TableCellContent::StructuredDataTag(sdt) => self.sdt(sdt),
                        docx_rs::TableCellContent::TableOfContents(_) => {}
                    }
                }
            }
        }
    }

    fn sdt(&mut self, sdt: &docx_rs::StructuredDataTag) {
        use docx_rs::StructuredDataTagChild as S;
        for child in &sdt.children {
            match child {
                S::Paragraph(p) => self.paragraph(p),
                S::Table(t) => self.table(t),
                S::StructuredDataTag(inner) => self.sdt(inner),
                S::Run(_)
                | S::BookmarkStart(_)
                | S::BookmarkEnd(_)
                | S::CommentStart(_)
                | S::CommentEnd(_) => {}
            }
        }
    }

    fn paragraph(&mut self, p: &docx_rs::Paragraph) {
        let mut runs: Vec<Run> = std::mem::take(&mut self.carry);
        self.paragraph_children(&p.children, &mut runs);
        let mark = &p.property.run_property;
        let mark_gone = match self.tracked {
            TrackedChanges::Accept => mark.del.is_some(),
            TrackedChanges::Reject => mark.ins.is_some(),
        };
        if mark_gone {
            self.carry = runs;
            return;
        }
        let style = p.property.style.as_ref().map(|s| s.val.as_str());
        self.push_paragraph(runs, style.unwrap_or(""));
    }

    /// A paragraph's runs as a block of the kind its style names, trimmed; none when empty.
    fn push_paragraph(&mut self, mut runs: Vec<Run>, style: &str) {
        // Spacing paragraphs, and paragraphs emptied by accepting or rejecting, are not text.
        if runs.iter().all(|r| r.text.trim().is_empty()) {
            return;
        }
        if let Some(first) = runs.first_mut() {
            first.text = first.text.trim_start().to_owned();
        }
        if let Some(last) = runs.last_mut() {
            last.text = last.text.trim_end().to_owned();
        }
        runs.retain(|r| !r.text.is_empty());
        self.blocks.push(Block {
            kind: kind_of_style(style),
            runs,
            clause: None,
            lang: None,
            change: None,
        });
    }

    fn paragraph_children(&self, children: &[docx_rs::ParagraphChild], runs: &mut Vec<Run>) {
        use docx_rs::ParagraphChild as P;
        let keep_inserted = self.tracked == TrackedChanges::Accept;
        for child in children {
            match child {
                P::Run(r) => push_run(runs, r),
                P::Insert(ins) if keep_inserted => {
                    for c in &ins.children {
                        match c {
                            docx_rs::InsertChild::Run(r) => push_run(runs, r),
                            // A deletion inside an insertion is gone either way.
                            docx_rs::InsertChild::Delete(_)
                            | docx_rs::InsertChild::CommentStart(_)
                            | docx_rs::InsertChild::CommentEnd(_) => {}
                        }
                    }
                }
                P::MoveTo(mv) if keep_inserted => {
                    for c in &mv.children {
                        match c {
                            docx_rs::MoveToChild::Run(r) => push_run(runs, r),
                            docx_rs::MoveToChild::Delete(_)
                            | docx_rs::MoveToChild::CommentStart(_)
                            | docx_rs::MoveToChild::CommentEnd(_) => {}
                        }
                    }
                }
                P::Delete(del) if !keep_inserted => {
                    for c in &del.children {
                        match c {
                            docx_rs::DeleteChild::Run(r) => push_run(runs, r),
                            docx_rs::DeleteChild::CommentStart(_)
                            | docx_rs::DeleteChild::CommentEnd(_) => {}
                        }
                    }
                }
                P::MoveFrom(mv) if !keep_inserted => {
                    for c in &mv.children {
                        match c {
                            docx_rs::MoveFromChild::Run(r) => push_run(runs, r),
                            docx_rs::MoveFromChild::CommentStart(_)
                            | docx_rs::MoveFromChild::CommentEnd(_) => {}
                        }
                    }
                }
                P::Insert(_) | P::MoveTo(_) | P::Delete(_) | P::MoveFrom(_) => {}
                P::Hyperlink(link) => self.paragraph_children(&link.children, runs),
                P::StructuredDataTag(sdt) => {
                    for c in &sdt.children {
                        if let docx_rs::StructuredDataTagChild::Run(r) = c {
                            push_run(runs, r);
                        }
                    }
                }
                P::BookmarkStart(_)
                | P::BookmarkEnd(_)
                | P::CommentStart(_)
                | P::CommentEnd(_)
                | P::PageNum(_)
                | P::NumPages(_) => {}
            }
        }
    }
}

/// The text of a run (text, deleted text, tabs and breaks), appended with its emphasis.
fn push_run(runs: &mut Vec<Run>, run: &docx_rs::Run) {
    use docx_rs::RunChild as R;
    let mut text = String::new();
    for child in &run.children {
        match child {
            R::Text(t) => text.push_str(&t.text),
            // `DeleteText` keeps its text private; its serde form is the documented way out.
            R::DeleteText(t) => {
                if let Ok(v) = serde_json::to_value(t)
                    && let Some(s) = v.get("text").and_then(|s| s.as_str())
                {
                    text.push_str(s);
                }
            }
            R::Tab(_) | R::PTab(_) => text.push('\t'),
            R::Break(_) | R::CarriageReturn(_) => text.push('\n'),
            R::Sym(_)
            | R::Drawing(_)
            | R::Shape(_)
            | R::CommentStart(_)
            | R::CommentEnd(_)
            | R::FieldChar(_)
            | R::InstrText(_)
            | R::DeleteInstrText(_)
            | R::InstrTextString(_)
            | R::FootnoteReference(_)
            | R::Shading(_) => {}
        }
    }
    if text.is_empty() {
        return;
    }
    let on = |v: Option<serde_json::Value>| v.and_then(|v| v.as_bool()).unwrap_or(false);
    let prop = &run.run_property;
    let marks = Marks {
        strong: on(prop
            .bold
            .as_ref()
            .and_then(|b| serde_json::to_value(b).ok())),
        emphasis: on(prop
            .italic
            .as_ref()
            .and_then(|i| serde_json::to_value(i).ok())),
        ..Marks::default()
    };
    match runs.last_mut() {
        Some(last) if last.marks == marks => last.text.push_str(&text),
        _ => runs.push(Run { text, marks }),
    }
}

/// Block kind from a paragraph style id: chancery's own DOCX styles and Word's built-ins.
fn kind_of_style(style: &str) -> BlockKind {
    let id: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    match id.as_str() {
        "title" => BlockKind::Title,
        "subtitle" => BlockKind::Subtitle,
        "date" => BlockKind::DateLine,
        "doneat" => BlockKind::DoneAt,
        _ => match id
            .strip_prefix("heading")
            .and_then(|n| n.parse::<u8>().ok())
        {
            Some(level @ 1..=6) => BlockKind::Heading { level },
            _ => BlockKind::Paragraph,
        },
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::super::{ImportOptions, SourceKind, import};
    use super::*;

    fn docx_bytes(docx: docx_rs::Docx) -> Vec<u8> {
        let mut buf = Cursor::new(Vec::new());
        docx.build()
            .pack(&mut buf)
            .expect("docx-rs packs in memory");
        buf.into_inner()
    }

    // Tracked changes read as accepted or rejected; styles give block kinds.
    #[test]
    fn docx_tracked_changes() {
        use docx_rs::{Delete, Docx, Insert, Paragraph, Run as DRun};
        let docx = Docx::new()
            .add_paragraph(
                Paragraph::new()
                    .style("Title")
                    .add_run(DRun::new().add_text("Joint Statement")),
            )
            .add_paragraph(
                Paragraph::new()
                    .add_run(DRun::new().add_text("Both sides "))
                    .add_delete(Delete::new().add_run(DRun::new().add_delete_text("confirmed")))
                    .add_insert(Insert::new(DRun::new().add_text("reaffirmed")))
                    .add_run(DRun::new().add_text(" it & more.")),
            );
        let bytes = docx_bytes(docx);
        let read = |tracked| {
            let opts = ImportOptions {
                tracked,
                ..ImportOptions::default()
            };
            import(&bytes, SourceKind::Docx, &opts).expect("reads")
        };
        let accepted = read(TrackedChanges::Accept);
        assert_eq!(accepted.blocks[0].kind, BlockKind::Title);
        assert_eq!(
            accepted.blocks[1].plain_text(),
            "Both sides reaffirmed it & more."
        );
        let rejected = read(TrackedChanges::Reject);
        assert_eq!(
            rejected.blocks[1].plain_text(),
            "Both sides confirmed it & more."
        );
    }
}
