//! The parallel PDF: two language versions side by side, row by row ([`Parallel`]).
//!
//! The text area is cut into two columns of equal width with a gutter of two ems between
//! them. Each column's blocks are laid out by [`super::layout`] as in a one-language document,
//! in a frame of the column's width and in the column's language (a Japanese column is set in
//! the Japanese face throughout, with its line breaking and inter-character justification), so
//! each column is set in its own font. Both cells of a row start at the same height; the next
//! row starts below the taller one.
//!
//! Pagination is the one-language PDF's ([`super::pager`]), a row being placed as a block
//! with two columns: a row that does not fit on the rest of a page breaks across pages with
//! both columns continuing at the top of the next page, each column keeping at least two lines
//! on each side of the break (no orphan, no widow); when either column cannot leave two lines
//! on the page, the whole row moves to the next page, so a pair always starts level. The title
//! rows and the date travel with the first body row; the closing formula and the signature
//! blocks are never split. Pages are numbered as in a one-language PDF.
//!
//! The catalog's `/Lang` is the first version's; the second column's text, where its language
//! differs, is marked content with its own (`/Span <</Lang (ja)>> BDC … EMC`), so assistive
//! tools read each column in its language.

use std::sync::Arc;

use super::PdfOptions;
use super::fonts::FontBook;
use super::layout::{self, Elem, Geometry, Laid, LineBox, Page};
use super::pager::{Columns, Rules, paginate};
use crate::document::Block;
use crate::document::parallel::{Parallel, RowKind};
use crate::render::RenderError;

/// A row laid out: each column's lines (the space between a column's blocks as empty
/// lines), with the row's pagination rules (only body text may break across pages; other rows
/// move whole).
type LaidRow = Columns<2>;

/// Lay out the rows of `p` into pages: `geo` is the whole text area.
pub(crate) fn layout(
    book: &mut FontBook<'_>,
    p: &Parallel,
    opts: &PdfOptions,
    geo: &Geometry,
) -> Result<Vec<Page>, RenderError> {
    let gutter = opts.font_size * 2.0;
    let width = ((geo.text_width - gutter) / 2.0).max(36.0);
    let columns = [
        Geometry {
            text_width: width,
            ..*geo
        },
        Geometry {
            left: geo.left + width + gutter,
            text_width: width,
            ..*geo
        },
    ];
    // The second column's text is marked with its language where it is not the document's.
    let [first, second] = &p.languages;
    let other = (second != first).then(|| Arc::<str>::from(second.as_str()));
    let mut rows = Vec::with_capacity(p.rows.len());
    for row in &p.rows {
        let mut laid: [Vec<Laid>; 2] = [Vec::new(), Vec::new()];
        for (c, blocks) in [&row.left, &row.right].into_iter().enumerate() {
            laid[c] = lay_column(book, blocks, &p.languages[c], opts, &columns[c])?;
        }
        if let Some(lang) = &other {
            laid[1]
                .iter_mut()
                .for_each(|b| mark_language(&mut b.lines, lang));
        }
        rows.push(stack(row.kind, laid));
    }
    let mut pages = paginate(rows, geo);
    if pages.is_empty() {
        pages.push(Page::default());
    }
    layout::number_pages(book, &mut pages, opts, geo);
    Ok(pages)
}

/// One cell's blocks, laid out in the column's frame and language.
fn lay_column(
    book: &mut FontBook<'_>,
    blocks: &[Block],
    lang: &str,
    opts: &PdfOptions,
    geo: &Geometry,
) -> Result<Vec<Laid>, RenderError> {
    let mut out = Vec::with_capacity(blocks.len());
    let mut prev = None;
    for b in blocks {
        if let Some(l) = layout::lay_block(book, b, prev, opts, geo, lang)? {
            out.push(l);
        }
        prev = Some(&b.kind);
    }
    Ok(out)
}

/// Each line of text in `lines` marked as in `lang` ([`Elem::Lang`]), so the writer sets it
/// apart as marked content with its language (a line never crosses a page, so each page's
/// marks pair up).
fn mark_language(lines: &mut [LineBox], lang: &Arc<str>) {
    for line in lines {
        if line.elems.iter().any(|e| matches!(e, Elem::Text { .. })) {
            line.elems.insert(0, Elem::Lang(Some(Arc::clone(lang))));
            line.elems.push(Elem::Lang(None));
        }
    }
}

/// A row from its columns' blocks: each column's lines one under the other, the space
/// between two blocks kept as an empty line.
fn stack(kind: RowKind, cols: [Vec<Laid>; 2]) -> LaidRow {
    let first = |f: fn(&Laid) -> f32| {
        cols.iter()
            .filter_map(|c| c.first().map(f))
            .fold(0.0, f32::max)
    };
    let space_before = first(|l| l.space_before);
    let space_after = cols
        .iter()
        .filter_map(|c| c.last().map(|l| l.space_after))
        .fold(0.0, f32::max);
    let keep_with_next = cols
        .iter()
        .any(|c| c.last().is_some_and(|l| l.keep_with_next));
    let splittable = kind == RowKind::Body
        && cols
            .iter()
            .all(|c| c.len() <= 1 && c.iter().all(|l| l.splittable));
    let lines = cols.map(|blocks| {
        let mut lines = Vec::new();
        let mut after: Option<f32> = None;
        for mut b in blocks {
            if let Some(a) = after {
                lines.push(LineBox {
                    height: a.max(b.space_before),
                    elems: Vec::new(),
                });
            }
            after = Some(b.space_after);
            lines.append(&mut b.lines);
        }
        lines
    });
    LaidRow {
        cols: lines,
        rules: Rules {
            space_before,
            space_after,
            keep_with_next,
            splittable,
            page_break: kind == RowKind::PageBreak,
        },
    }
}
