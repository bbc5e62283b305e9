//! Pagination: laid-out text onto pages, for the one-language layout ([`super::layout`], where
//! what is placed is a block) and the parallel one ([`super::parallel`], where it is a row of
//! two cells set side by side). Either is a [`Placed`]: one list of lines per column, all
//! starting at the same height, and its rules.
//!
//! The rules: a page break starts a new page; a run of keep-with-next items (a heading, the
//! title block, the date) travels with the head of the item after it; an item that does not
//! fit on the rest of the page moves to the next, unless it may split (body text), when each
//! column keeps at least two lines on each side of the break (no orphan, no widow) and
//! continues at the top of the next page; when a column cannot leave two lines on the page,
//! the whole item moves. Only on an empty page, where nothing else would help, does a column
//! that cannot keep its rules set what fits. The next item starts below the tallest column.

use std::collections::VecDeque;

use super::layout::{Geometry, LineBox, Page};

/// How an item is spaced and may break.
#[derive(Debug, Clone, Copy)]
pub(super) struct Rules {
    pub(super) space_before: f32,
    pub(super) space_after: f32,
    /// Travels with the head of the next item.
    pub(super) keep_with_next: bool,
    /// May be split between lines; otherwise moves as a whole.
    pub(super) splittable: bool,
    /// Not placed: the next item starts a new page.
    pub(super) page_break: bool,
}

/// What the pager places: its lines, one list per column, and its [`Rules`].
pub(super) trait Placed {
    fn rules(&self) -> Rules;
    fn columns(&self) -> &[Vec<LineBox>];
    fn columns_mut(&mut self) -> &mut [Vec<LineBox>];
}

/// Lines in `N` columns side by side, with their rules: a row of the parallel layout.
#[derive(Debug)]
pub(super) struct Columns<const N: usize> {
    pub(super) cols: [Vec<LineBox>; N],
    pub(super) rules: Rules,
}

impl<const N: usize> Placed for Columns<N> {
    fn rules(&self) -> Rules {
        self.rules
    }

    fn columns(&self) -> &[Vec<LineBox>] {
        &self.cols
    }

    fn columns_mut(&mut self) -> &mut [Vec<LineBox>] {
        &mut self.cols
    }
}

/// The height of the tallest column.
fn height(cols: &[Vec<LineBox>]) -> f32 {
    cols.iter()
        .map(|c| c.iter().map(|l| l.height).sum::<f32>())
        .fold(0.0, f32::max)
}

/// The least of an item that may stand at the foot of a page: two lines of each column of a
/// splittable item (no orphan), else all of it.
fn head_height<P: Placed>(item: &P) -> f32 {
    let splittable = item.rules().splittable;
    item.columns()
        .iter()
        .map(|c| {
            let n = if splittable && c.len() >= 4 {
                2
            } else {
                c.len()
            };
            c[..n].iter().map(|l| l.height).sum::<f32>()
        })
        .fold(0.0, f32::max)
}

/// Fill pages with `items`, the text area being `geo`'s.
pub(super) fn paginate<P: Placed>(mut items: Vec<P>, geo: &Geometry) -> Vec<Page> {
    let mut pager = Pager {
        geo: *geo,
        pages: Vec::new(),
        current: Page::default(),
        y: 0.0,
        prev_after: 0.0,
    };
    let mut i = 0;
    while i < items.len() {
        if items[i].rules().page_break {
            pager.new_page();
            i += 1;
            continue;
        }
        // A run of keep-with-next items travels with the head of the item after it.
        let mut j = i;
        while items[j].rules().keep_with_next
            && j + 1 < items.len()
            && !items[j + 1].rules().page_break
        {
            j += 1;
        }
        let mut need = 0.0;
        let mut after = pager.prev_after;
        for (k, item) in items[i..=j].iter().enumerate() {
            let rules = item.rules();
            need += rules.space_before.max(after);
            need += if i + k == j {
                head_height(item)
            } else {
                height(item.columns())
            };
            after = rules.space_after;
        }
        if pager.y > 0.0 && pager.y + need > pager.geo.text_height() {
            pager.new_page();
        }
        for item in &mut items[i..=j] {
            pager.place(item);
        }
        i = j + 1;
    }
    pager.finish()
}

struct Pager {
    geo: Geometry,
    pages: Vec<Page>,
    current: Page,
    /// Height used on the current page, from the top of the text area.
    y: f32,
    prev_after: f32,
}

impl Pager {
    fn new_page(&mut self) {
        if self.y > 0.0 || !self.current.elems.is_empty() {
            self.pages.push(std::mem::take(&mut self.current));
        }
        self.y = 0.0;
        self.prev_after = 0.0;
    }

    /// Put each column's lines at the current height, side by side; the height moves down by
    /// the tallest column.
    fn put<C: IntoIterator<Item = LineBox>>(&mut self, cols: impl IntoIterator<Item = C>) {
        let mut bottom = self.y;
        for lines in cols {
            let mut y = self.y;
            for line in lines {
                let top = self.geo.top + y;
                for mut e in line.elems {
                    e.shift_y(top);
                    self.current.elems.push(e);
                }
                y += line.height;
            }
            bottom = bottom.max(y);
        }
        self.y = bottom;
    }

    /// Place an item, breaking it across pages if it must and may.
    fn place<P: Placed>(&mut self, item: &mut P) {
        let rules = item.rules();
        let gap = if self.y > 0.0 {
            rules.space_before.max(self.prev_after)
        } else {
            0.0
        };
        let room = self.geo.text_height() - self.y;
        let cols: Vec<Vec<LineBox>> = item.columns_mut().iter_mut().map(std::mem::take).collect();
        if gap + height(&cols) <= room + 0.01 {
            self.y += gap;
            self.put(cols);
        } else if !rules.splittable {
            if self.y > 0.0 {
                self.new_page();
            }
            self.put(cols);
        } else {
            self.split(cols, gap);
        }
        self.prev_after = rules.space_after;
    }

    /// An item over a page break: each column keeps two lines or more on each side; the item
    /// moves whole when a column cannot start with two lines on this page.
    fn split(&mut self, cols: Vec<Vec<LineBox>>, gap: f32) {
        if cols.iter().all(Vec::is_empty) {
            return;
        }
        let mut rest: Vec<VecDeque<LineBox>> = cols.into_iter().map(VecDeque::from).collect();
        let mut first = true;
        loop {
            let gap_now = if first && self.y > 0.0 { gap } else { 0.0 };
            let room = self.geo.text_height() - self.y - gap_now;
            let take: Vec<usize> = rest.iter().map(|c| take_lines(c, room)).collect();
            let all_fit = take.iter().zip(&rest).all(|(t, c)| *t == c.len());
            let blocked = take
                .iter()
                .zip(&rest)
                .any(|(t, c)| *t == 0 && !c.is_empty());
            if all_fit {
                self.y += gap_now;
                self.put(rest);
                return;
            }
            if blocked && self.y > 0.0 {
                self.new_page();
                first = false;
                continue;
            }
            // On an empty page, a column that cannot keep its rules sets what fits.
            let take: Vec<usize> = if blocked {
                rest.iter()
                    .map(|c| fit_lines(c, room).max(1).min(c.len()))
                    .collect()
            } else {
                take
            };
            self.y += gap_now;
            let now: Vec<Vec<LineBox>> = rest
                .iter_mut()
                .zip(take)
                .map(|(c, t)| c.drain(..t).collect())
                .collect();
            self.put(now);
            self.new_page();
            first = false;
        }
    }

    fn finish(mut self) -> Vec<Page> {
        if !self.current.elems.is_empty() {
            self.pages.push(self.current);
        }
        self.pages
    }
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

    /// A text area exactly 10 lines of 10 pt high.
    fn geo() -> Geometry {
        Geometry {
            width: 300.0,
            height: 140.0,
            top: 20.0,
            bottom: 20.0,
            left: 20.0,
            text_width: 260.0,
        }
    }

    /// `n` lines of 10 pt, each tagged by `tag` (x) and its index (w).
    fn lines(n: usize, tag: f32) -> Vec<LineBox> {
        (0..n)
            .map(|i| LineBox {
                height: 10.0,
                elems: vec![Elem::Rect {
                    x: tag,
                    y: 0.0,
                    w: i as f32,
                    h: 1.0,
                    color: [0.0; 3],
                    behind: false,
                }],
            })
            .collect()
    }

    const BODY: Rules = Rules {
        space_before: 0.0,
        space_after: 0.0,
        keep_with_next: false,
        splittable: true,
        page_break: false,
    };

    /// A paragraph of `n` lines tagged `tag`.
    fn para(n: usize, tag: f32) -> Columns<1> {
        Columns {
            cols: [lines(n, tag)],
            rules: BODY,
        }
    }

    /// A row of `n` lines on the left (tagged 1) and `m` on the right (tagged 2).
    fn row(n: usize, m: usize) -> Columns<2> {
        Columns {
            cols: [lines(n, 1.0), lines(m, 2.0)],
            rules: BODY,
        }
    }

    /// Per page: (tag, line index, top) of every line.
    fn placed(pages: &[Page]) -> Vec<Vec<(f32, f32, f32)>> {
        let at = |e: &Elem| match *e {
            Elem::Rect { x, w, y, .. } => (x, w, y),
            Elem::Text { .. } | Elem::Lang(_) => (0.0, 0.0, 0.0),
        };
        pages
            .iter()
            .map(|p| p.elems.iter().map(at).collect())
            .collect()
    }

    // A paragraph split across pages leaves at least two lines on each side (no orphan/widow).
    #[test]
    fn splits_keep_two_lines_each_side() {
        // 9 lines fill page 1 but one; the next paragraph of 5 may not leave 1 line behind.
        let pp = placed(&paginate(vec![para(9, 1.0), para(5, 2.0)], &geo()));
        assert_eq!(pp[0].iter().filter(|l| l.0 == 2.0).count(), 0, "{pp:?}");
        // 7 lines, then 5: 3 fit, but only 2 may stay so that 3 go over... 3 stay and 2 go.
        let pp = placed(&paginate(vec![para(7, 1.0), para(5, 2.0)], &geo()));
        let first = pp[0].iter().filter(|l| l.0 == 2.0).count();
        let second = pp[1].iter().filter(|l| l.0 == 2.0).count();
        assert!(first >= 2 && second >= 2, "{pp:?}");
        assert_eq!(first + second, 5);
    }

    // A three-line paragraph cannot be split without a widow or orphan, so it moves whole.
    #[test]
    fn short_paragraph_moves_whole() {
        let pp = placed(&paginate(vec![para(8, 1.0), para(3, 2.0)], &geo()));
        assert_eq!(pp[1].iter().filter(|l| l.0 == 2.0).count(), 3, "{pp:?}");
    }

    // A heading never ends a page: it goes over with the paragraph it introduces.
    #[test]
    fn heading_keeps_with_next() {
        let mut heading = para(1, 3.0);
        heading.rules.keep_with_next = true;
        heading.rules.splittable = false;
        let pp = placed(&paginate(vec![para(9, 1.0), heading, para(3, 2.0)], &geo()));
        assert!(pp[0].iter().all(|l| l.0 == 1.0), "{pp:?}");
        assert_eq!(pp[1][0].0, 3.0);
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
        let pp = placed(&paginate(vec![row(6, 1), row(6, 8)], &geo()));
        // Row 1 takes 6 lines; 4 are left: the left column's 6 and the right's 8 split.
        let on = |page: usize, x: f32| pp[page].iter().filter(|l| l.0 == x).count();
        assert!(on(0, 1.0) - 6 >= 2 && on(1, 1.0) >= 2, "{pp:?}");
        assert_eq!(on(0, 2.0) + on(1, 2.0), 9);
        assert_eq!(on(0, 1.0) + on(1, 1.0), 12);
        // The continuation starts level at the top of page 2.
        let tops: Vec<f32> = pp[1].iter().filter(|l| l.2 == 20.0).map(|l| l.0).collect();
        assert_eq!(tops, [1.0, 2.0]);
        // 9 lines used: a 5-line left cell could leave two, a 3-line right cell cannot.
        let pp = placed(&paginate(vec![row(9, 1), row(5, 3)], &geo()));
        assert_eq!(pp[0].len(), 10, "{pp:?}");
        assert_eq!(pp[1].len(), 8);
    }

    // A paragraph is paged as a row whose other column is empty: the same breaks and places,
    // whatever the number of columns; a heading stands with what follows.
    #[test]
    fn one_column_or_two_the_same_breaks() {
        fn heading<const N: usize>(cols: [Vec<LineBox>; N]) -> Columns<N> {
            let rules = Rules {
                space_before: 5.0,
                space_after: 5.0,
                keep_with_next: true,
                splittable: false,
                page_break: false,
            };
            Columns { cols, rules }
        }
        for n in [1, 3, 4, 5, 7, 9, 12, 23] {
            let one = placed(&paginate(
                vec![para(5, 1.0), heading([lines(1, 3.0)]), para(n, 2.0)],
                &geo(),
            ));
            let two = placed(&paginate(
                vec![
                    Columns {
                        cols: [lines(5, 1.0), Vec::new()],
                        rules: BODY,
                    },
                    heading([lines(1, 3.0), Vec::new()]),
                    Columns {
                        cols: [Vec::new(), lines(n, 2.0)],
                        rules: BODY,
                    },
                ],
                &geo(),
            ));
            assert_eq!(one, two, "{n}");
            // Every line is set once; the heading stands with at least two lines of what
            // follows (or all of it), and no page starts with a single line of it.
            assert_eq!(one.iter().map(Vec::len).sum::<usize>(), 6 + n);
            assert!(one[0].len() >= 6 + n.min(2), "{n}: {one:?}");
            assert!(one.iter().skip(1).all(|p| p.len() >= 2), "{n}: {one:?}");
        }
    }
}
