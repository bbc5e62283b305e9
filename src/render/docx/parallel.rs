//! The parallel DOCX: two language versions side by side in a two-column table without
//! borders, one row per pair of blocks ([`Parallel`]), each cell holding its version's
//! paragraphs in the statement's own styles (so Word's Title, Body Text and Done At styles
//! apply in both columns). The columns are of equal width with a gutter between them: each
//! cell pads its right side by [`GUTTER`], and the table is that much wider than the text area
//! so the right column's text ends at the margin. Rows of body text may break across pages
//! (both columns continue on the next); the title block, the date, the closing formula and the
//! signatures stay whole. The left version's language is the document's default; every run
//! of the right column carries the right version's (`w:lang`, `ja-JP` also for its East Asian
//! text), so Word and LibreOffice spell-check and lay out each column in its language.

use docx_rs::{Table, TableCell, TableCellMargins, TableLayoutType, TableRow, WidthType};

use super::body::{BodyBuilder, Element};
use super::styles;
use crate::document::parallel::{Parallel, RowKind};
use crate::document::{Block, BlockKind};

/// Space between the columns, in twips (7.5 mm).
pub(crate) const GUTTER: u32 = 425;

/// An em of the Title style (16 pt), in twips.
const TITLE_EM: u32 = 320;

/// The body of a parallel document: the table, and the paragraph Word wants after it.
pub(crate) fn elements(
    builder: &mut BodyBuilder<'_>,
    p: &Parallel,
    text_width: u32,
) -> Vec<Element> {
    let column = usize::try_from((text_width + GUTTER) / 2).unwrap_or(0);
    // The left column is in the document's language; the right one's runs say theirs.
    let [left_language, right_language] = &p.languages;
    let right_language = (right_language != left_language).then_some(right_language.as_str());
    let rows: Vec<TableRow> = p
        .rows
        .iter()
        .map(|row| {
            let cells = [(&row.left, None), (&row.right, right_language)].map(|(blocks, lang)| {
                let blocks: Vec<Block> = blocks
                    .iter()
                    .map(|b| with_title_breaks(b, (column as u32).saturating_sub(GUTTER)))
                    .collect();
                builder.run_language = lang.map(str::to_owned);
                let cell = cell(builder, &blocks, column);
                builder.run_language = None;
                cell
            });
            let r = TableRow::new(cells.to_vec());
            match row.kind {
                RowKind::Body | RowKind::PageBreak => r,
                RowKind::TitleBlock | RowKind::Date | RowKind::DoneAt | RowKind::Signatures => {
                    r.cant_split()
                }
            }
        })
        .collect();
    let table = Table::new(rows)
        .set_grid(vec![column; 2])
        .width(column * 2, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(
            TableCellMargins::new()
                .margin_left(0, WidthType::Dxa)
                .margin_right(GUTTER as usize, WidthType::Dxa),
        )
        .clear_all_border();
    let end = builder.paragraph().style(styles::BODY);
    vec![
        Element::Table(Box::new(table)),
        Element::Paragraph(Box::new(end)),
    ]
}

/// A Japanese title with line breaks at its phrases, balanced for a cell `width` twips wide
/// (Word and LibreOffice would break it between any two characters, 日米対|話); other blocks
/// as they are.
fn with_title_breaks(block: &Block, width: u32) -> Block {
    let japanese = block
        .lang
        .as_deref()
        .is_some_and(crate::render::is_japanese);
    if !(japanese && matches!(block.kind, BlockKind::Title)) {
        return block.clone();
    }
    let text = block.plain_text();
    let mut breaks = crate::render::pdf::title_breaks(&text, width as f32 / TITLE_EM as f32)
        .into_iter()
        .peekable();
    let mut out = block.clone();
    let mut offset = 0;
    for run in &mut out.runs {
        let len = run.text.len();
        let mut cut = String::with_capacity(len + 2);
        let mut from = 0;
        while let Some(&at) = breaks.peek() {
            if at < offset || at >= offset + len {
                break;
            }
            let local = at - offset;
            cut.push_str(run.text[from..local].trim_end());
            cut.push('\n');
            from = local;
            breaks.next();
        }
        cut.push_str(&run.text[from..]);
        run.text = cut;
        offset += len;
    }
    out
}

/// One cell: its blocks as paragraphs (signature blocks one under the other), or an empty
/// paragraph for a version that lacks the row.
fn cell(builder: &mut BodyBuilder<'_>, blocks: &[Block], width: usize) -> TableCell {
    let mut cell = TableCell::new().width(width, WidthType::Dxa);
    let mut any = false;
    for block in blocks {
        match &block.kind {
            BlockKind::Signatures { signatories } => {
                for p in builder.stacked_signatures(signatories) {
                    cell = cell.add_paragraph(p);
                    any = true;
                }
            }
            // A page break inside a table cell is not Word's: the row is enough.
            BlockKind::PageBreak => {}
            _ => {
                for element in builder.blocks(std::slice::from_ref(block)) {
                    if let Element::Paragraph(p) = element {
                        cell = cell.add_paragraph(*p);
                        any = true;
                    }
                }
            }
        }
    }
    if !any {
        cell = cell.add_paragraph(builder.paragraph().style(styles::BODY));
    }
    cell
}
