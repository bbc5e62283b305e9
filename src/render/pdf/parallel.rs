//! The parallel PDF: two language versions side by side, row by row ([`Parallel`]).
//!
//! The text area is cut into two columns of equal width with a gutter of two ems between
//! them. Each column's blocks are laid out by [`super::layout`] as in a one-language document,
//! in a frame of the column's width and in the column's language (a Japanese column is set in
//! the Japanese face throughout, with its line breaking and inter-character justification), so
//! each column is set in its own font. Both cells of a row start at the same height; the next
//! row starts below the taller one.
//!
//! Pagination: a row that does not fit on the rest of a page breaks across pages with both
//! columns continuing at the top of the next page, each column keeping at least two lines on
//! each side of the break (no orphan, no widow); when either column cannot leave two lines on
//! the page, the whole row moves to the next page, so a pair always starts level. The title
//! rows and the date travel with the first body row; the closing formula and the signature
//! blocks are never split. Pages are numbered as in a one-language PDF.

use std::collections::VecDeque;

use super::PdfOptions;
use super::fonts::FontBook;
use super::layout::{self, Geometry, Laid, LineBox, Page};
use crate::document::Block;
use crate::document::parallel::{Parallel, RowKind};
use crate::render::RenderError;

/// A row laid out: each column's lines (the space between a column's blocks as empty
/// lines), with the row's pagination rules.
#[derive(Debug)]
struct LaidRow {
    cols: [Vec<LineBox>; 2],
    space_before: f32,
    space_after: f32,
    keep_with_next: bool,
    /// Body text, which may break across pages; other rows move whole.
    splittable: bool,
    page_break: bool,
}

impl LaidRow {
    fn height(&self) -> f32 {
        self.cols
            .iter()
            .map(|c| c.iter().map(|l| l.height).sum::<f32>())
            .fold(0.0, f32::max)
    }

    /// The least of the row that may stand at the foot of a page (see [`layout::head_height`]).
    fn head_height(&self) -> f32 {
        self.cols
            .iter()
            .map(|c| {
                let n = if self.splittable && c.len() >= 4 {
                    2
                } else {
                    c.len()
                };
                c[..n].iter().map(|l| l.height).sum::<f32>()
            })
            .fold(0.0, f32::max)
    }
}

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
    let mut rows = Vec::with_capacity(p.rows.len());
    for row in &p.rows {
        let mut laid: [Vec<Laid>; 2] = [Vec::new(), Vec::new()];
        for (c, blocks) in [&row.left, &row.right].into_iter().enumerate() {
            laid[c] = lay_column(book, blocks, &p.languages[c], opts, &columns[c])?;
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
        space_before,
        space_after,
        keep_with_next,
        splittable,
        page_break: kind == RowKind::PageBreak,
    }
}

/// Fill pages with the rows.
fn paginate(mut rows: Vec<LaidRow>, geo: &Geometry) -> Vec<Page> {
    let mut pager = RowPager {
        geo: *geo,
        pages: Vec::new(),
        current: Page::default(),
        y: 0.0,
        prev_after: 0.0,
    };
    let mut i = 0;
    while i < rows.len() {
        if rows[i].page_break {
            pager.new_page();
            i += 1;
            continue;
        }
        // A run of keep-with-next rows (the title block, the date) travels with the head of
        // the row after it.
        let mut j = i;
        while rows[j].keep_with_next && j + 1 < rows.len() && !rows[j + 1].page_break {
            j += 1;
        }
        let mut need = 0.0;
        let mut after = pager.prev_after;
        for (k, r) in rows[i..=j].iter().enumerate() {
            need += r.space_before.max(after);
            need += if i + k == j {
                r.head_height()
            } else {
                r.height()
            };
            after = r.space_after;
        }
        if pager.y > 0.0 && pager.y + need > pager.geo.text_height() {
            pager.new_page();
        }
        for r in &mut rows[i..=j] {
            pager.place(r);
        }
        i = j + 1;
    }
    if !pager.current.elems.is_empty() {
        pager.pages.push(pager.current);
    }
    pager.pages
}

struct RowPager {
    geo: Geometry,
    pages: Vec<Page>,
    current: Page,
    /// Height used on the current page, from the top of the text area.
    y: f32,
    prev_after: f32,
}

impl RowPager {
    fn new_page(&mut self) {
        if self.y > 0.0 || !self.current.elems.is_empty() {
            self.pages.push(std::mem::take(&mut self.current));
        }
        self.y = 0.0;
        self.prev_after = 0.0;
    }

    /// Put `taken` lines of each column at the current height, side by side; the height
    /// moves down by the taller column.
    fn put(&mut self, cols: [Vec<LineBox>; 2]) {
        let mut tallest: f32 = 0.0;
        for lines in cols {
            let mut y = self.geo.top + self.y;
            for line in lines {
                for mut e in line.elems {
                    e.shift_y(y);
                    self.current.elems.push(e);
                }
                y += line.height;
            }
            tallest = tallest.max(y - self.geo.top - self.y);
        }
        self.y += tallest;
    }

    /// Place a row, breaking it across pages if it must.
    fn place(&mut self, r: &mut LaidRow) {
        let gap = if self.y > 0.0 {
            r.space_before.max(self.prev_after)
        } else {
            0.0
        };
        let room = self.geo.text_height() - self.y;
        let cols = std::mem::take(&mut r.cols);
        if gap + r_height(&cols) <= room + 0.01 {
            self.y += gap;
            self.put(cols);
        } else if !r.splittable {
            if self.y > 0.0 {
                self.new_page();
            }
            self.put(cols);
        } else {
            self.split(cols, gap);
        }
        self.prev_after = r.space_after;
    }

    /// A row of body text over a page break: each column keeps two lines or more on each
    /// side; the row moves whole when a column cannot start with two lines on this page.
    fn split(&mut self, cols: [Vec<LineBox>; 2], gap: f32) {
        let mut rest = cols.map(VecDeque::from);
        let mut first = true;
        loop {
            let gap_now = if first && self.y > 0.0 { gap } else { 0.0 };
            let room = self.geo.text_height() - self.y - gap_now;
            let take = rest.each_ref().map(|c| take_lines(c, room));
            let all_fit = take.iter().zip(&rest).all(|(t, c)| *t == c.len());
            let blocked = take
                .iter()
                .zip(&rest)
                .any(|(t, c)| *t == 0 && !c.is_empty());
            if all_fit {
                self.y += gap_now;
                self.put(rest.map(Vec::from));
                return;
            }
            if blocked && self.y > 0.0 {
                self.new_page();
                first = false;
                continue;
            }
            // On an empty page, a column that cannot keep its rules sets what fits.
            let take = if blocked {
                rest.each_ref()
                    .map(|c| fit_lines(c, room).max(1).min(c.len()))
            } else {
                take
            };
            self.y += gap_now;
            let [a, b] = &mut rest;
            let now = [a.drain(..take[0]).collect(), b.drain(..take[1]).collect()];
            self.put(now);
            self.new_page();
            first = false;
        }
    }
}

fn r_height(cols: &[Vec<LineBox>; 2]) -> f32 {
    cols.iter()
        .map(|c| c.iter().map(|l| l.height).sum::<f32>())
        .fold(0.0, f32::max)
}

/// How many of `lines` fit in `room` points.
fn fit_lines(lines: &VecDeque<LineBox>, room: f32) -> usize {
    let mut h = 0.0;
    let mut n = 0;
    for l in lines {
        if h + l.height > room + 0.01 {
            break;
        }
        h += l.height;
        n += 1;
    }
    n
}

/// How many of a column's remaining `lines` to set in `room`: all if they fit, else what
/// fits leaving two for the next page, and none unless that is two or more.
fn take_lines(lines: &VecDeque<LineBox>, room: f32) -> usize {
    let n = lines.len();
    let fit = fit_lines(lines, room);
    if fit >= n {
        return n;
    }
    let t = fit.min(n.saturating_sub(2));
    if t >= 2 { t } else { 0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::layout::Elem;

    fn geo() -> Geometry {
        // A text area exactly 10 lines of 10 pt high.
        Geometry {
            width: 300.0,
            height: 140.0,
            top: 20.0,
            bottom: 20.0,
            left: 20.0,
            text_width: 260.0,
        }
    }

    /// A row of `n` lines on the left and `m` on the right, each line tagged by its column
    /// (x) and index (w).
    fn row(n: usize, m: usize) -> LaidRow {
        let col = |count: usize, x: f32| -> Vec<LineBox> {
            (0..count)
                .map(|i| LineBox {
                    height: 10.0,
                    elems: vec![Elem::Rect {
                        x,
                        y: 0.0,
                        w: i as f32,
                        h: 1.0,
                        color: [0.0; 3],
                        behind: false,
                    }],
                })
                .collect()
        };
        LaidRow {
            cols: [col(n, 1.0), col(m, 2.0)],
            space_before: 0.0,
            space_after: 0.0,
            keep_with_next: false,
            splittable: true,
            page_break: false,
        }
    }

    /// Per page: (column tag, line index, top) of every line.
    fn placed(pages: &[Page]) -> Vec<Vec<(f32, f32, f32)>> {
        pages
            .iter()
            .map(|p| {
                p.elems
                    .iter()
                    .filter_map(|e| match e {
                        Elem::Rect { x, w, y, .. } => Some((*x, *w, *y)),
                        Elem::Text { .. } => None,
                    })
                    .collect()
            })
            .collect()
    }

    // Both cells of a row start level; the next row starts below the taller cell.
    #[test]
    fn rows_start_level() {
        let pages = paginate(vec![row(2, 4), row(1, 1)], &geo());
        let p = &placed(&pages)[0];
        let top = |x: f32, w: f32| p.iter().find(|l| l.0 == x && l.1 == w).unwrap().2;
        assert_eq!(top(1.0, 0.0), top(2.0, 0.0));
        assert_eq!(p.iter().filter(|l| l.1 == 0.0).count(), 4);
        // The second row's first lines sit under the right cell's fourth line.
        let second: Vec<f32> = p.iter().skip(6).map(|l| l.2).collect();
        assert_eq!(second, [60.0, 60.0]);
    }

    // A row too long for the rest of the page continues on the next in both columns, each
    // keeping two lines on each side; a row whose column cannot keep two moves whole.
    #[test]
    fn rows_break_across_pages_in_both_columns() {
        let pages = paginate(vec![row(6, 1), row(6, 8)], &geo());
        let pp = placed(&pages);
        // Row 1 takes 6 lines; 4 are left: the left column's 6 and the right's 8 split.
        let on = |page: usize, x: f32| pp[page].iter().filter(|l| l.0 == x).count();
        assert!(on(0, 1.0) - 6 >= 2 && on(1, 1.0) >= 2, "{pp:?}");
        assert_eq!(on(0, 2.0) + on(1, 2.0), 9);
        assert_eq!(on(0, 1.0) + on(1, 1.0), 12);
        // The continuation starts level at the top of page 2.
        let tops: Vec<f32> = pp[1].iter().filter(|l| l.2 == 20.0).map(|l| l.0).collect();
        assert_eq!(tops, [1.0, 2.0]);
        // 9 lines used: a 5-line left cell could leave two, a 3-line right cell cannot.
        let pages = paginate(vec![row(9, 1), row(5, 3)], &geo());
        let pp = placed(&pages);
        assert_eq!(pp[0].len(), 10, "{pp:?}");
        assert_eq!(pp[1].len(), 8);
    }
}
