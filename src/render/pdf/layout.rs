//! Layout: blocks to lines to pages.
//!
//! Each block is styled by its kind (centred, balanced title block; justified paragraphs with a
//! ragged last line; hanging list markers; signature blocks side by side), broken into lines by
//! [`super::linebreak`], and the lines are set glyph by glyph with the pen positions the viewer
//! will reproduce exactly (see [`Span`]). Pagination ([`super::pager`]) keeps headings and the
//! title block with what follows, never leaves a single line of a paragraph alone at the foot
//! or head of a page (orphans and widows); this module numbers the pages. Coordinates here run down from the top of the
//! page, in points; [`super::write`] flips them for PDF.

use super::PdfOptions;
use super::fonts::{FontBook, Style};
use super::inline::{self, BLACK, BlockStyle, Frag, Inline, Paint, Payload, Rgb};
use super::linebreak::{self, Break, Item};
use super::pager::{Placed, Rules, paginate};
use crate::document::{Block, BlockKind, Document, PageSetup, Run, Signatory};
use crate::render::{RenderError, is_japanese};

const PT_PER_MM: f32 = 72.0 / 25.4;
/// Baseline position inside the em box, from its top (an average serif ascent).
const ASCENT: f32 = 0.78;

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Elem {
    /// Glyphs of one face, size and colour starting at `x` on the baseline `y`. Each glyph
    /// carries a `TJ` adjustment (thousandths of an em, positive moves left) applied after it.
    Text {
        face: usize,
        size: f32,
        color: Rgb,
        x: f32,
        y: f32,
        glyphs: Vec<(u16, i32)>,
    },
    /// A filled rectangle (top-left corner): rules, underlines, highlights. `behind` ones are
    /// painted before the text.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
        behind: bool,
    },
    /// The start (`Some`, its BCP 47 tag) or the end (`None`) of text in a language other than
    /// the document's (the parallel layout's second column): written as marked content.
    Lang(Option<std::sync::Arc<str>>),
}

impl Elem {
    pub(super) fn shift_y(&mut self, dy: f32) {
        match self {
            Elem::Text { y, .. } | Elem::Rect { y, .. } => *y += dy,
            Elem::Lang(_) => {}
        }
    }
}

/// One line (or an unbreakable group such as a signature row), its elements placed relative to
/// the top of the box.
#[derive(Debug, Clone)]
pub(super) struct LineBox {
    pub(super) height: f32,
    pub(super) elems: Vec<Elem>,
}

/// A block after line breaking, with its pagination rules (see [`super::pager`]).
#[derive(Debug)]
pub(super) struct Laid {
    pub(super) lines: Vec<LineBox>,
    pub(super) space_before: f32,
    pub(super) space_after: f32,
    pub(super) keep_with_next: bool,
    /// May be split between lines (paragraphs); otherwise moves as a whole.
    pub(super) splittable: bool,
    pub(super) page_break: bool,
}

/// One finished page.
#[derive(Debug, Default)]
pub(crate) struct Page {
    pub elems: Vec<Elem>,
}

/// Page size and text area, in points.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Geometry {
    pub width: f32,
    pub height: f32,
    pub top: f32,
    pub bottom: f32,
    pub left: f32,
    pub text_width: f32,
}

impl Geometry {
    pub fn of(page: &PageSetup) -> Geometry {
        let (w, h) = page.size.mm();
        let [t, r, b, l] = page.margins_mm.map(|m| m.max(0.0) * PT_PER_MM);
        let width = w * PT_PER_MM;
        Geometry {
            width,
            height: h * PT_PER_MM,
            top: t,
            bottom: b,
            left: l,
            text_width: (width - l - r).max(72.0),
        }
    }

    pub(super) fn text_height(&self) -> f32 {
        (self.height - self.top - self.bottom).max(72.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Align {
    Justify,
    Center,
    Left,
}

/// Lay out the whole document into pages.
pub(crate) fn layout(
    book: &mut FontBook<'_>,
    doc: &Document,
    opts: &PdfOptions,
    geo: &Geometry,
) -> Result<Vec<Page>, RenderError> {
    let laid = lay_blocks(book, doc, opts, geo)?;
    let mut pages = paginate(laid, geo);
    if pages.is_empty() {
        pages.push(Page::default());
    }
    number_pages(book, &mut pages, opts, geo);
    Ok(pages)
}

/// A document with less text than this is laid out on one thread: a second thread and its
/// font book cost more than they would save.
const PARALLEL_TEXT: usize = 128 * 1024;

/// Lay out every block. A long document is cut into consecutive runs of blocks of about the
/// same amount of text, one per core, each laid out with its own font book; the glyphs each
/// run placed are then recorded in `book` in document order, so the pages and the file are
/// the same bytes as from one thread. Not inside a workspace build, whose drafts already
/// keep the cores busy.
fn lay_blocks(
    book: &mut FontBook<'_>,
    doc: &Document,
    opts: &PdfOptions,
    geo: &Geometry,
) -> Result<Vec<Laid>, RenderError> {
    let threads = if rayon::current_thread_index().is_some() {
        1
    } else {
        rayon::current_num_threads().clamp(1, 8)
    };
    lay_runs(book, doc, opts, geo, &block_runs(&doc.blocks, threads))
}

/// Lay out `doc.blocks`, the consecutive `runs` of them each on a thread of its own (the first
/// on this one, with `book`).
fn lay_runs(
    book: &mut FontBook<'_>,
    doc: &Document,
    opts: &PdfOptions,
    geo: &Geometry,
    runs: &[std::ops::Range<usize>],
) -> Result<Vec<Laid>, RenderError> {
    let Some((first, rest)) = runs.split_first().filter(|(_, rest)| !rest.is_empty()) else {
        return lay_range(book, doc, 0..doc.blocks.len(), opts, geo);
    };
    std::thread::scope(|s| {
        let others: Vec<_> = rest
            .iter()
            .map(|range| {
                let range = range.clone();
                s.spawn(move || {
                    let mut own = FontBook::new(&opts.fonts)?;
                    let laid = lay_range(&mut own, doc, range, opts, geo)?;
                    Ok::<_, RenderError>((laid, own.into_used()))
                })
            })
            .collect();
        let mut laid = lay_range(book, doc, first.clone(), opts, geo);
        for other in others {
            let part = other
                .join()
                .unwrap_or_else(|_| Err(super::embed::backend("a layout thread failed")));
            if let Ok(all) = &mut laid {
                let (more, used) = part?;
                all.extend(more);
                book.record_used(used);
            }
        }
        laid
    })
}

/// Consecutive ranges of `blocks` to lay out on up to `threads` threads: one range for a short
/// document (or one thread: inside a rayon worker, or with `RAYON_NUM_THREADS=1`), else one per
/// thread, cut where the text so far passes each thread's share.
fn block_runs(blocks: &[Block], threads: usize) -> Vec<std::ops::Range<usize>> {
    let weight = |b: &Block| 32 + b.runs.iter().map(|r| r.text.len()).sum::<usize>();
    let total: usize = blocks.iter().map(weight).sum();
    if total < PARALLEL_TEXT || threads < 2 {
        return std::iter::once(0..blocks.len()).collect();
    }
    let share = total.div_ceil(threads);
    let mut runs = Vec::with_capacity(threads);
    let (mut start, mut sum) = (0, 0);
    for (i, b) in blocks.iter().enumerate() {
        sum += weight(b);
        if sum >= share * (runs.len() + 1) && runs.len() + 1 < threads {
            runs.push(start..i + 1);
            start = i + 1;
        }
    }
    runs.push(start..blocks.len());
    runs.retain(|r| !r.is_empty());
    runs
}

/// Lay out `doc.blocks[range]` (the block before the range, if any, counts as the previous
/// one, as it does on one thread).
fn lay_range(
    book: &mut FontBook<'_>,
    doc: &Document,
    range: std::ops::Range<usize>,
    opts: &PdfOptions,
    geo: &Geometry,
) -> Result<Vec<Laid>, RenderError> {
    let mut prev_kind = range
        .start
        .checked_sub(1)
        .and_then(|i| doc.blocks.get(i))
        .map(|b| &b.kind);
    let mut laid = Vec::with_capacity(range.len());
    for block in &doc.blocks[range] {
        if let Some(l) = lay_block(book, block, prev_kind, opts, geo, &doc.meta.language)? {
            laid.push(l);
        }
        prev_kind = Some(&block.kind);
    }
    Ok(laid)
}

/// Page numbers, centred half way down the bottom margin, when `opts` asks for them.
pub(super) fn number_pages(
    book: &mut FontBook<'_>,
    pages: &mut [Page],
    opts: &PdfOptions,
    geo: &Geometry,
) {
    let numbered = match opts.page_numbers {
        super::PageNumbers::Auto => pages.len() > 1,
        super::PageNumbers::Always => true,
        super::PageNumbers::Never => false,
    };
    if numbered {
        let size = opts.font_size * 0.85;
        let face = book.styled(Style {
            bold: false,
            italic: false,
        });
        for (n, page) in pages.iter_mut().enumerate() {
            let label = (n + 1).to_string();
            let shaped = book.shape(face, &label);
            let w = shaped.width as f32 * size / 1000.0;
            let mut span = Span::new(face, size, BLACK, geo.left + (geo.text_width - w) / 2.0);
            for g in &shaped.glyphs {
                book.mark_used(face, g.gid, &g.text);
                span.glyph(g.gid, g.advance, g.nominal);
            }
            // Half way down the bottom margin.
            let baseline = geo.height - geo.bottom / 2.0;
            page.elems.push(span.finish(baseline));
        }
    }
}

const REGULAR: Style = Style {
    bold: false,
    italic: false,
};
const BOLD: Style = Style {
    bold: true,
    italic: false,
};

/// Lay out one block in the text area of `geo` (a column's, in the parallel layout); `lang`
/// is the document's language, which the block's own overrides.
pub(super) fn lay_block(
    book: &mut FontBook<'_>,
    block: &Block,
    prev_kind: Option<&BlockKind>,
    opts: &PdfOptions,
    geo: &Geometry,
    lang: &str,
) -> Result<Option<Laid>, RenderError> {
    let japanese = is_japanese(block.lang.as_deref().unwrap_or(lang));
    let body = opts.font_size;
    let lead = opts.leading;
    let line = body * lead;
    let (regular, bold) = (REGULAR, BOLD);
    let laid = |lines, before: f32, after: f32, keep: bool, split: bool| Laid {
        lines,
        space_before: before,
        space_after: after,
        keep_with_next: keep,
        splittable: split,
        page_break: false,
    };
    let text = |book: &mut FontBook<'_>, style, size, align, x, width| {
        let frame = Frame {
            align,
            x,
            width,
            line_height: size * lead,
        };
        let style = BlockStyle {
            size,
            style,
            japanese,
        };
        set_block_text(book, &block.runs, block, style, frame)
    };
    let w = geo.text_width;
    let x = geo.left;
    Ok(Some(match &block.kind {
        BlockKind::Title => {
            let size = body * 1.5;
            let lines = text(book, bold, size, Align::Center, x + w * 0.1, w * 0.8)?;
            laid(lines, 0.0, line * 0.3, true, false)
        }
        BlockKind::Subtitle => {
            let size = body * 1.2;
            let lines = text(book, regular, size, Align::Center, x + w * 0.08, w * 0.84)?;
            laid(lines, line * 0.3, line * 0.3, true, false)
        }
        BlockKind::DateLine => {
            let lines = text(book, regular, body, Align::Center, x, w)?;
            laid(lines, line * 0.4, line * 1.6, true, false)
        }
        BlockKind::Paragraph => {
            let lines = text(book, regular, body, Align::Justify, x, w)?;
            laid(lines, line * 0.5, line * 0.5, false, true)
        }
        BlockKind::Heading { level } => {
            let size = match level {
                0 | 1 => body * 1.2,
                2 => body * 1.1,
                _ => body,
            };
            let lines = text(book, bold, size, Align::Left, x, w)?;
            laid(lines, line * 1.0, line * 0.35, true, false)
        }
        BlockKind::ListItem { ordered, number } => {
            let marker = if *ordered {
                format!("{number}.")
            } else {
                "\u{2022}".to_owned()
            };
            let lines = list_item(book, block, &marker, opts, geo, japanese)?;
            // Items of one list sit close; a new list (ordered after bulleted) stands apart.
            let before = if matches!(prev_kind, Some(BlockKind::ListItem { ordered: o, .. }) if o == ordered)
            {
                line * 0.2
            } else {
                line * 0.5
            };
            laid(lines, before, line * 0.2, false, true)
        }
        BlockKind::DoneAt => {
            let lines = text(book, regular, body, Align::Justify, x, w)?;
            laid(lines, line * 1.5, line * 0.5, true, true)
        }
        BlockKind::Signatures { signatories } => {
            let lines = signature_rows(book, block, signatories, (body, lead), geo, japanese)?;
            laid(lines, line * 2.0, line * 0.5, false, false)
        }
        BlockKind::PageBreak => Laid {
            page_break: true,
            ..laid(Vec::new(), 0.0, 0.0, false, false)
        },
    }))
}

/// `text` in the block's regular face at `size`, set in `frame` (list markers, signature
/// lines).
fn text_lines(
    book: &mut FontBook<'_>,
    block: &Block,
    text: &str,
    (size, japanese): (f32, bool),
    frame: Frame,
) -> Result<Vec<LineBox>, RenderError> {
    let style = BlockStyle {
        size,
        style: Style {
            bold: false,
            italic: false,
        },
        japanese,
    };
    set_block_text(book, &[Run::plain(text)], block, style, frame)
}

/// Where and how the lines of a block are set: alignment, left edge and measure (points),
/// and the height of each line.
#[derive(Debug, Clone, Copy)]
struct Frame {
    align: Align,
    x: f32,
    width: f32,
    line_height: f32,
}

/// A list item: its text justified at an indent, `marker` hanging in the indent.
fn list_item(
    book: &mut FontBook<'_>,
    block: &Block,
    marker: &str,
    opts: &PdfOptions,
    geo: &Geometry,
    japanese: bool,
) -> Result<Vec<LineBox>, RenderError> {
    let body = opts.font_size;
    let indent = body * 1.8;
    let style = BlockStyle {
        size: body,
        style: Style {
            bold: false,
            italic: false,
        },
        japanese,
    };
    let text = Frame {
        align: Align::Justify,
        x: geo.left + indent,
        width: geo.text_width - indent,
        line_height: body * opts.leading,
    };
    let mut lines = set_block_text(book, &block.runs, block, style, text)?;
    let hanging = Frame {
        align: Align::Left,
        x: geo.left,
        width: indent,
        ..text
    };
    let marker_lines = text_lines(book, block, marker, (body, japanese), hanging)?;
    if let (Some(first), Some(m)) = (lines.first_mut(), marker_lines.into_iter().next()) {
        // The marker goes first so that text extraction reads "1. Text".
        let mut elems = m.elems;
        elems.append(&mut first.elems);
        first.elems = elems;
    }
    Ok(lines)
}

/// Break and set the runs of a block into line boxes of `frame`.
fn set_block_text(
    book: &mut FontBook<'_>,
    runs: &[Run],
    block: &Block,
    style: BlockStyle,
    frame: Frame,
) -> Result<Vec<LineBox>, RenderError> {
    let phrases = style.japanese && frame.align != Align::Justify;
    let inline = inline::build(book, runs, block.change, style, (frame.width, phrases))?;
    if inline.items.is_empty() {
        return Ok(Vec::new());
    }
    let breaks = match frame.align {
        Align::Justify => linebreak::justify(&inline.items, &inline.protrusion, frame.width),
        // Japanese has no spaces: a title breaks at its phrases, whose costs the items carry.
        Align::Center | Align::Left if style.japanese => {
            linebreak::balance_costed(&inline.items, frame.width)
        }
        Align::Center | Align::Left => linebreak::balance(&inline.items, frame.width),
    };
    let mut lines = Vec::with_capacity(breaks.len());
    let mut prev = None;
    for brk in &breaks {
        let range = linebreak::line_items(&inline.items, prev, brk.at);
        lines.push(set_line(book, &inline, range, *brk, &frame, style.size));
        prev = Some(brk.at);
    }
    Ok(lines)
}

/// A run of glyphs being set in one face, size and colour, tracking the pen the viewer will
/// compute (nominal `/W` advances plus our `TJ` adjustments) against the ideal one, so kerning
/// and justification land within a thousandth of an em without drifting along the line.
struct Span {
    face: usize,
    size: f32,
    color: Rgb,
    x: f32,
    glyphs: Vec<(u16, i32)>,
    /// Where the next glyph should start, thousandths of an em from `x`.
    ideal: f64,
    /// Where the viewer's pen stands after the glyphs so far.
    actual: i64,
}

impl Span {
    fn new(face: usize, size: f32, color: Rgb, x: f32) -> Span {
        Span {
            face,
            size,
            color,
            x,
            glyphs: Vec::new(),
            ideal: 0.0,
            actual: 0,
        }
    }

    fn glyph(&mut self, gid: u16, advance: i32, nominal: i32) {
        let target = self.ideal.round() as i64;
        if let Some(last) = self.glyphs.last_mut() {
            // A TJ number moves the pen left by n/1000 em.
            last.1 -= (target - self.actual) as i32;
        }
        self.glyphs.push((gid, 0));
        self.actual = target + i64::from(nominal);
        self.ideal += f64::from(advance);
    }

    fn skip(&mut self, points: f32) {
        self.ideal += f64::from(points) * 1000.0 / f64::from(self.size);
    }

    fn matches(&self, face: usize, size: f32, color: Rgb) -> bool {
        self.face == face && self.size == size && self.color == color
    }

    fn finish(self, baseline: f32) -> Elem {
        Elem::Text {
            face: self.face,
            size: self.size,
            color: self.color,
            x: self.x,
            y: baseline,
            glyphs: self.glyphs,
        }
    }
}

/// A stretch of a line that is underlined, struck or highlighted.
#[derive(Debug, Clone, Copy)]
struct Deco {
    x0: f32,
    x1: f32,
    size: f32,
    paint: Paint,
}

/// Set the items `range` of `inline` as one line of `frame`, its glue at the break's ratio.
fn set_line(
    book: &mut FontBook<'_>,
    inline: &Inline,
    range: std::ops::Range<usize>,
    brk: Break,
    frame: &Frame,
    size: f32,
) -> LineBox {
    let ratio = match frame.align {
        Align::Justify => brk.ratio,
        Align::Center | Align::Left => 0.0,
    };
    let total: f32 = inline.items[range.clone()]
        .iter()
        .filter(|i| !is_fill(i))
        .map(|i| glue_width(i, ratio))
        .sum();
    let x = frame.x
        + match frame.align {
            Align::Justify | Align::Left => 0.0,
            Align::Center => ((frame.width - total) / 2.0).max(0.0),
        };
    let height = frame.line_height;
    let mut line = LineSetter {
        x,
        baseline: (height - size) / 2.0 + size * ASCENT,
        elems: Vec::new(),
        decos: Vec::new(),
        span: None,
    };
    for i in range {
        let item = &inline.items[i];
        if is_fill(item) {
            continue;
        }
        let w = glue_width(item, ratio);
        match &inline.payloads[i] {
            Payload::Text(frag) => line.text(book, frag, w),
            Payload::Space { face, size, paint } => line.space(book, *face, *size, *paint, w),
            Payload::Nothing => {
                if let Some(s) = line.span.as_mut() {
                    s.skip(w);
                }
            }
        }
        line.x += w;
    }
    LineBox {
        height,
        elems: line.finish(),
    }
}

/// The paragraph-filling glue of the last line, which is not drawn.
fn is_fill(item: &Item) -> bool {
    matches!(item, Item::Glue { stretch, .. } if *stretch >= linebreak::FILL)
}

/// The width of an item on a line whose glue is set at `ratio`.
fn glue_width(item: &Item, ratio: f32) -> f32 {
    match *item {
        Item::Glue {
            width,
            stretch,
            shrink,
        } => {
            if ratio >= 0.0 {
                width + ratio * stretch
            } else {
                width + ratio * shrink
            }
        }
        Item::Box { width } => width,
        Item::Penalty { .. } => 0.0,
    }
}

/// One line being set, left to right: the pen, the open span, the decorations so far.
struct LineSetter {
    /// Where the next item starts, points.
    x: f32,
    baseline: f32,
    elems: Vec<Elem>,
    decos: Vec<Deco>,
    span: Option<Span>,
}

impl LineSetter {
    /// The span to add glyphs of `face`, `size` and `color` to: the open one if it matches,
    /// else a new one starting at the pen.
    fn span_for(&mut self, face: usize, size: f32, color: Rgb) -> &mut Span {
        if !self
            .span
            .as_ref()
            .is_some_and(|s| s.matches(face, size, color))
            && let Some(s) = self.span.take()
        {
            self.elems.push(s.finish(self.baseline));
        }
        let x = self.x;
        self.span
            .get_or_insert_with(|| Span::new(face, size, color, x))
    }

    fn text(&mut self, book: &mut FontBook<'_>, frag: &Frag, w: f32) {
        let span = self.span_for(frag.face, frag.size, frag.paint.color);
        for g in &frag.shaped.glyphs {
            book.mark_used(frag.face, g.gid, &g.text);
            span.glyph(g.gid, g.advance, g.nominal);
        }
        self.add_deco(w, frag.size, frag.paint);
    }

    fn space(&mut self, book: &mut FontBook<'_>, face: usize, size: f32, paint: Paint, w: f32) {
        let (gid, nominal) = (book.faces[face].space_gid, book.faces[face].space_width);
        let span = self.span_for(face, size, paint.color);
        book.mark_used(face, gid, " ");
        let advance = (w * 1000.0 / size).round() as i32;
        span.glyph(gid, advance, nominal);
        // Rounding the space to whole units must not drift: put the remainder back.
        span.ideal += f64::from(w * 1000.0 / size) - f64::from(advance);
        self.add_deco(w, size, paint);
    }

    /// Extend the last decoration over the next `w` points, or start one.
    fn add_deco(&mut self, w: f32, size: f32, paint: Paint) {
        if !(paint.underline || paint.strike || paint.highlight.is_some()) {
            return;
        }
        let (x0, x1) = (self.x, self.x + w);
        match self.decos.last_mut() {
            Some(d) if d.paint == paint && (d.x1 - x0).abs() < 0.01 => d.x1 = x1,
            _ => self.decos.push(Deco {
                x0,
                x1,
                size,
                paint,
            }),
        }
    }

    /// The line's elements: its spans, highlights behind them, underlines and strikes.
    fn finish(mut self) -> Vec<Elem> {
        let baseline = self.baseline;
        if let Some(s) = self.span.take() {
            self.elems.push(s.finish(baseline));
        }
        let mut elems = self.elems;
        for d in self.decos {
            if let Some(bg) = d.paint.highlight {
                elems.insert(
                    0,
                    Elem::Rect {
                        x: d.x0,
                        y: baseline - d.size * 0.8,
                        w: d.x1 - d.x0,
                        h: d.size * 1.05,
                        color: bg,
                        behind: true,
                    },
                );
            }
            let thickness = (d.size * 0.055).max(0.4);
            if d.paint.underline {
                elems.push(Elem::Rect {
                    x: d.x0,
                    y: baseline + d.size * 0.12,
                    w: d.x1 - d.x0,
                    h: thickness,
                    color: d.paint.color,
                    behind: false,
                });
            }
            if d.paint.strike {
                elems.push(Elem::Rect {
                    x: d.x0,
                    y: baseline - d.size * 0.27,
                    w: d.x1 - d.x0,
                    h: thickness,
                    color: d.paint.color,
                    behind: false,
                });
            }
        }
        elems
    }
}

/// Signature blocks side by side, two to a row: party, room to sign, a rule, name, title. The
/// rules of a row share one height however many lines each party takes. In a narrow text
/// area (a column of the parallel layout) the blocks stand one under the other.
fn signature_rows(
    book: &mut FontBook<'_>,
    block: &Block,
    signatories: &[Signatory],
    (body, lead): (f32, f32),
    geo: &Geometry,
    japanese: bool,
) -> Result<Vec<LineBox>, RenderError> {
    let line = body * lead;
    let gap = body * 3.0;
    let per_row = if geo.text_width >= 300.0 { 2 } else { 1 };
    let col_w = if per_row == 2 {
        (geo.text_width - gap) / 2.0
    } else {
        geo.text_width
    };
    let set = |book: &mut FontBook<'_>, text: &str, x: f32| {
        let frame = Frame {
            align: Align::Left,
            x,
            width: col_w,
            line_height: line,
        };
        text_lines(book, block, text, (body, japanese), frame)
    };
    let stack = |lines: Vec<LineBox>, y: &mut f32, elems: &mut Vec<Elem>| {
        for mut l in lines {
            for e in &mut l.elems {
                e.shift_y(*y);
            }
            *y += l.height;
            elems.append(&mut l.elems);
        }
    };
    let mut rows = Vec::new();
    for (r, row) in signatories.chunks(per_row).enumerate() {
        let top = if r > 0 { line } else { 0.0 };
        let mut elems = Vec::new();
        let mut parties = Vec::new();
        for (c, s) in row.iter().enumerate() {
            let x = geo.left + c as f32 * (col_w + gap);
            parties.push((x, set(book, &s.party, x)?));
        }
        let party_h = parties
            .iter()
            .map(|(_, lines)| lines.iter().map(|l| l.height).sum::<f32>())
            .fold(0.0, f32::max);
        let rule_y = top + party_h + line * 2.5;
        let mut height: f32 = 0.0;
        for ((x, party), s) in parties.into_iter().zip(row) {
            let mut y = top;
            stack(party, &mut y, &mut elems);
            elems.push(Elem::Rect {
                x,
                y: rule_y,
                w: col_w * 0.9,
                h: 0.5,
                color: BLACK,
                behind: false,
            });
            let mut y = rule_y + line * 0.3;
            for text in [&s.name, &s.title] {
                if !text.is_empty() {
                    let lines = set(book, text, x)?;
                    stack(lines, &mut y, &mut elems);
                }
            }
            height = height.max(y);
        }
        rows.push(LineBox { height, elems });
    }
    Ok(rows)
}

impl Placed for Laid {
    fn rules(&self) -> Rules {
        Rules {
            space_before: self.space_before,
            space_after: self.space_after,
            keep_with_next: self.keep_with_next,
            splittable: self.splittable,
            page_break: self.page_break,
        }
    }

    fn columns(&self) -> &[Vec<LineBox>] {
        std::slice::from_ref(&self.lines)
    }

    fn columns_mut(&mut self) -> &mut [Vec<LineBox>] {
        std::slice::from_mut(&mut self.lines)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A long document: paragraphs of different lengths and marks, a heading, a list.
    fn long_document() -> Document {
        use crate::document::{Marks, Meta};
        let mut blocks = vec![Block::text(BlockKind::Title, "Joint Statement")];
        for i in 0..800 {
            let mut block = Block::text(
                BlockKind::Paragraph,
                format!(
                    "Paragraph {i}: the two sides reaffirmed the cooperation on item {i}, \
                     including {} and the peaceful exploration of space.",
                    "space situational awareness, ".repeat(i % 9)
                ),
            );
            block.runs.push(Run {
                text: format!(" Emphasised sentence {i}."),
                marks: Marks {
                    emphasis: true,
                    ..Marks::default()
                },
            });
            blocks.push(block);
        }
        Document {
            meta: Meta::untitled(),
            blocks,
        }
    }

    // The runs cover the blocks in order, one per thread, with about the same text each; a
    // short document or one thread keeps one run.
    #[test]
    fn block_runs_cut_a_long_document_into_consecutive_shares() {
        let doc = long_document();
        let n = doc.blocks.len();
        let one_run = |end: usize| std::iter::once(0..end).collect::<Vec<_>>();
        assert_eq!(block_runs(&doc.blocks[..3], 4), one_run(3));
        assert_eq!(block_runs(&doc.blocks, 1), one_run(n));
        for threads in [2, 3, 8] {
            let runs = block_runs(&doc.blocks, threads);
            assert_eq!(runs.len(), threads, "{runs:?}");
            assert_eq!(runs[0].start, 0);
            assert_eq!(runs[threads - 1].end, n);
            for pair in runs.windows(2) {
                assert_eq!(pair[0].end, pair[1].start, "{runs:?}");
            }
            let text = |r: &std::ops::Range<usize>| -> usize {
                doc.blocks[r.clone()]
                    .iter()
                    .map(|b| b.plain_text().len())
                    .sum()
            };
            let (least, most) = runs
                .iter()
                .map(text)
                .fold((usize::MAX, 0), |(a, b), t| (a.min(t), b.max(t)));
            assert!(most < least * 3 / 2, "{runs:?}: {least}..{most}");
        }
    }

    // Laid out in three runs on three threads, a document gives the same lines and the same
    // record of placed glyphs (hence the same PDF) as on one thread.
    #[test]
    fn parallel_layout_is_the_same_as_one_thread() {
        let doc = long_document();
        let opts = PdfOptions::default();
        let geo = Geometry::of(&doc.meta.page);
        let n = doc.blocks.len();
        let mut one = FontBook::new(&opts.fonts).unwrap();
        let whole: Vec<_> = std::iter::once(0..n).collect();
        let serial = lay_runs(&mut one, &doc, &opts, &geo, &whole).unwrap();
        let mut three = FontBook::new(&opts.fonts).unwrap();
        let runs = [0..n / 3, n / 3..n / 2, n / 2..n];
        let parallel = lay_runs(&mut three, &doc, &opts, &geo, &runs).unwrap();
        assert_eq!(format!("{serial:?}"), format!("{parallel:?}"));
        assert_eq!(one.used, three.used);
        assert!(one.used.iter().map(|u| u.len()).sum::<usize>() > 40);
    }

    /// Left and right edges (points) of every glyph run on a line, as the viewer will place
    /// them: nominal advances less the `TJ` adjustments.
    fn text_extents(book: &FontBook<'_>, line: &LineBox) -> Vec<(f32, f32)> {
        line.elems
            .iter()
            .filter_map(|e| match e {
                Elem::Text {
                    face,
                    size,
                    x,
                    glyphs,
                    ..
                } => {
                    let f = &book.faces[*face];
                    let mut pen = 0i64;
                    let mut right = 0i64;
                    for (gid, adj) in glyphs {
                        right = pen + i64::from(f.advance(*gid));
                        pen = right - i64::from(*adj);
                    }
                    Some((*x, x + right as f32 * size / 1000.0))
                }
                Elem::Rect { .. } | Elem::Lang(_) => None,
            })
            .collect()
    }

    // A 3000-character word (a URL, then letters with no separator) is broken into lines that
    // all stay inside the measure, justified or centred, and no character is lost.
    #[test]
    fn over_wide_word_stays_in_the_text_area() {
        let mut word = String::from("https://example.org/");
        while word.len() < 2000 {
            word.push_str("treaty-archive_v2.section?id=42&lang=en/");
        }
        word.extend(('a'..='z').cycle().take(3000 - word.len()));
        assert_eq!(word.chars().count(), 3000);
        let block = Block::text(BlockKind::Paragraph, format!("See {word} for the text."));
        let style = BlockStyle {
            size: 11.0,
            style: Style {
                bold: false,
                italic: false,
            },
            japanese: false,
        };
        let (x, width) = (72.0, 451.0);
        for align in [Align::Justify, Align::Center] {
            let mut book = FontBook::new(&[]).unwrap();
            let lines = set_block_text(
                &mut book,
                &block.runs,
                &block,
                style,
                Frame {
                    align,
                    x,
                    width,
                    line_height: 15.0,
                },
            )
            .unwrap();
            assert!(lines.len() > 20, "{align:?}: {} lines", lines.len());
            for (n, line) in lines.iter().enumerate() {
                for (left, right) in text_extents(&book, line) {
                    assert!(
                        left >= x - 0.01 && right <= x + width + 0.01,
                        "{align:?} line {n}: {left}..{right} outside {x}..{}",
                        x + width
                    );
                }
            }
        }
    }

    /// The Japanese face installed with Debian's fonts-ipaexfont-mincho, or `None` (with the
    /// reason printed; under CI a missing font fails the test). The library never reads files
    /// or the environment; this test reads the system's font as the CLI would hand it over.
    #[allow(clippy::print_stderr, clippy::disallowed_methods)]
    fn ipaex() -> Option<Vec<super::super::FontSource>> {
        let path = "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf";
        match std::fs::read(path) {
            Ok(data) => Some(vec![
                super::super::FontSource::new(
                    super::super::FontRole::EastAsian,
                    "IPAexMincho",
                    data,
                    0,
                )
                .unwrap(),
            ]),
            Err(_) if std::env::var("CI").is_ok_and(|v| v == "true") => {
                panic!("{path} is required under CI (fonts-ipaexfont-mincho)")
            }
            Err(_) => {
                eprintln!("skipped: {path} is not installed (fonts-ipaexfont-mincho)");
                None
            }
        }
    }

    /// Each line's text, read back from the glyphs placed (through the record of what each
    /// glyph stands for).
    fn line_texts(book: &FontBook<'_>, lines: &[LineBox]) -> Vec<String> {
        lines
            .iter()
            .map(|l| {
                l.elems
                    .iter()
                    .filter_map(|e| match e {
                        Elem::Text { face, glyphs, .. } => Some(
                            glyphs
                                .iter()
                                .map(|(g, _)| book.used[*face].get(g).map_or("", |t| &**t))
                                .collect::<String>(),
                        ),
                        Elem::Rect { .. } | Elem::Lang(_) => None,
                    })
                    .collect()
            })
            .collect()
    }

    fn japanese(size: f32) -> BlockStyle {
        BlockStyle {
            size,
            style: Style {
                bold: false,
                italic: false,
            },
            japanese: true,
        }
    }

    const JA: &str = "双方は、「宇宙状況監視(SSA)」に関する情報共有について議論し、両国間の協力の\
        更なる実施及び抗たん性強化の機会の追求への関心を確認した。双方はまた、2013年5月の米国側から\
        日本側へのSSAのサービス及び情報共有に関する交換公文並びに2014年5月のJAXAから米国戦略軍への\
        SSA情報の提供に関する取決めを歓迎した。「双方向」の情報共有が強化されることを認識した。";

    // Kinsoku (JLReq): at every measure, no line starts with closing punctuation, a small
    // kana or the prolonged sound mark, and none ends with an opening bracket; justified
    // Japanese lines fill the measure exactly, the slack spread between the characters, and
    // a Latin word inside stays one word.
    #[test]
    fn japanese_lines_keep_kinsoku_and_are_justified() {
        let Some(fonts) = ipaex() else { return };
        let starts = "、。，．」』）〕］｝〉》・ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々";
        let ends = "「『（〔［｛〈《";
        let block = Block::text(BlockKind::Paragraph, JA);
        for width in (120..=330).step_by(7) {
            let mut book = FontBook::new(&fonts).unwrap();
            let frame = Frame {
                align: Align::Justify,
                x: 50.0,
                width: width as f32,
                line_height: 15.0,
            };
            let lines =
                set_block_text(&mut book, &block.runs, &block, japanese(10.5), frame).unwrap();
            let texts = line_texts(&book, &lines);
            assert_eq!(texts.concat(), JA, "width {width}");
            for (n, t) in texts.iter().enumerate() {
                let (first, last) = (t.chars().next().unwrap(), t.chars().last().unwrap());
                assert!(
                    !starts.contains(first),
                    "width {width}, line {n} starts with {first}: {texts:?}"
                );
                assert!(
                    !ends.contains(last),
                    "width {width}, line {n} ends with {last}: {texts:?}"
                );
            }
            for (n, line) in lines[..lines.len() - 1].iter().enumerate() {
                let right = text_extents(&book, line).last().unwrap().1;
                assert!(
                    (right - (50.0 + width as f32)).abs() < 0.3,
                    "width {width}, line {n} ends at {right}: {}",
                    texts[n]
                );
            }
            // The Latin words are whole on one line each.
            for word in ["JAXA", "SSA"] {
                assert!(
                    texts.iter().any(|t| t.contains(word)),
                    "{word} split: {texts:?}"
                );
            }
        }
    }

    // The Japanese title breaks after 」 (before 第), not inside 日米対話; in a narrow column
    // it breaks at its phrases.
    #[test]
    fn japanese_title_breaks_at_its_phrases() {
        let Some(fonts) = ipaex() else { return };
        let title = "「宇宙に関する包括的日米対話」第2回会合 共同声明";
        let block = Block::text(BlockKind::Title, title);
        let set = |width: f32| {
            let mut book = FontBook::new(&fonts).unwrap();
            let frame = Frame {
                align: Align::Center,
                x: 0.0,
                width,
                line_height: 22.0,
            };
            let lines =
                set_block_text(&mut book, &block.runs, &block, japanese(16.5), frame).unwrap();
            line_texts(&book, &lines)
        };
        assert_eq!(
            set(361.0),
            ["「宇宙に関する包括的日米対話」", "第2回会合 共同声明"]
        );
        assert_eq!(
            set(172.0),
            ["「宇宙に関する", "包括的日米対話」", "第2回会合 共同声明"]
        );
        // Without metrics (the DOCX's estimate), the same places.
        let breaks = crate::render::pdf::title_breaks(title, 21.0);
        assert_eq!(breaks, [title.find('第').unwrap()]);
    }
}
