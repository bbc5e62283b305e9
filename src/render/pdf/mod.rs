//! PDF renderer: the copy that gets printed, signed, published and archived.
//!
//! `render(&Document, &PdfOptions) -> bytes`, pure: no file, clock or environment access. Fonts
//! come in as data ([`FontSource`], found by the caller; the command line's discovery is in
//! `cli/fonts.rs`), or from the embedded default, Libertinus Serif. Font errors name the font
//! and the character ([`MissingGlyph`]), never an input file's settings. The pipeline, one
//! module a step:
//!
//! 1. [`fonts`]: faces, character-to-face choice, shaping (rustybuzz: kerning, ligatures).
//! 2. [`inline`]: runs to boxes, glue and penalties; where lines may break (spaces, hard
//!    hyphens, between East Asian characters with kinsoku rules, and as an emergency inside a
//!    word wider than the line).
//! 3. [`linebreak`]: Knuth–Plass total fit for justified text, balanced lines for titles.
//! 4. [`layout`]: block styles, glyph positions, page numbers; [`pager`]: pagination with
//!    widow and orphan control (of blocks, and of the parallel layout's rows).
//! 5. [`write`]: each page's content stream written as bytes ([`content`]: text objects,
//!    `TJ` glyph runs, colours, rectangles, the watermark); printpdf builds the document around
//!    them (pages, page tree, resources, Info pinned to the meeting date).
//! 6. [`embed`]: what printpdf leaves to us, added to its document in one place: the content
//!    streams, subset fonts with ToUnicode, `/Lang`, a content-derived `/ID`. The same inputs
//!    give the same bytes, in one process or two.
//!
//! [`render_parallel`] sets two language versions side by side ([`parallel`]), through the
//! same steps.
//!
//! Redline and bracket marks are drawn (colour with underline or strike-through, a highlight)
//! but never change the text, so `pdftotext` of an unmarked document gives its words back.

mod content;
mod embed;
mod fonts;
mod inline;
mod layout;
mod linebreak;
mod pager;
mod parallel;
mod write;

pub(crate) use fonts::is_cjk;
pub use fonts::{FontRole, FontSource, MissingGlyph, default_faces, needs_east_asian};
pub(crate) use inline::{phrase_breaks, title_breaks};

use super::RenderError;
use crate::document::parallel::Parallel;
use crate::document::{DocStatus, Document};

/// When pages carry numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageNumbers {
    /// Number the pages of documents longer than one page (a one-page statement stays clean).
    #[default]
    Auto,
    /// Always number pages.
    Always,
    /// Never number pages.
    Never,
}

/// Whether a diagonal DRAFT watermark is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Watermark {
    /// On drafts (`Meta.status == Draft`), not on final copies.
    #[default]
    FollowStatus,
    /// On every document.
    Always,
    /// On none.
    Never,
}

impl Watermark {
    /// Whether a document of `status` gets the watermark.
    fn drawn(self, status: DocStatus) -> bool {
        match self {
            Watermark::FollowStatus => status == DocStatus::Draft,
            Watermark::Always => true,
            Watermark::Never => false,
        }
    }
}

/// Options of the PDF renderer.
///
/// `Default`: the embedded Libertinus Serif, 11 pt body text on 1.35 line spacing, page
/// numbers when there is more than one page, a watermark on drafts only. Paper and margins come
/// from `Meta.page`, not from here.
#[derive(Debug, Clone)]
pub struct PdfOptions {
    /// Faces to use instead of (or besides) the default, one per [`FontRole`]; a later source
    /// for a role already given is ignored. Without a `Regular` face the embedded Libertinus
    /// Serif family is used for the Latin roles.
    pub fonts: Vec<FontSource>,
    /// Body text size in points.
    pub font_size: f32,
    /// Line spacing as a multiple of the font size.
    pub leading: f32,
    /// Page numbering.
    pub page_numbers: PageNumbers,
    /// DRAFT watermark.
    pub watermark: Watermark,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            fonts: Vec::new(),
            font_size: 11.0,
            leading: 1.35,
            page_numbers: PageNumbers::Auto,
            watermark: Watermark::FollowStatus,
        }
    }
}

/// Render the document as PDF bytes.
pub fn render(doc: &Document, opts: &PdfOptions) -> Result<Vec<u8>, RenderError> {
    let opts = sanitized(opts);
    // A redline's moves get a label at both places ("[moved to ¶ 7]"); other documents pass
    // through untouched.
    let labelled = crate::diff::with_move_labels(doc);
    let doc = labelled.as_ref();
    let mut book = fonts::FontBook::new(&opts.fonts)?;
    let geo = layout::Geometry::of(&doc.meta.page);
    let pages = layout::layout(&mut book, doc, &opts, &geo)?;
    let watermark = opts.watermark.drawn(doc.meta.status);
    write::write(doc, &mut book, &pages, &geo, watermark)
}

/// Render two language versions side by side ([`Parallel`]) as PDF bytes: each column in its
/// language's face, rows aligned at the top, rows of body text continuing across pages in
/// both columns (see [`parallel`]).
pub fn render_parallel(p: &Parallel, opts: &PdfOptions) -> Result<Vec<u8>, RenderError> {
    let opts = sanitized(opts);
    let mut book = fonts::FontBook::new(&opts.fonts)?;
    let geo = layout::Geometry::of(&p.meta.page);
    let pages = parallel::layout(&mut book, p, &opts, &geo)?;
    let watermark = opts.watermark.drawn(p.meta.status);
    // The writer reads the document's metadata only; the pages hold the text.
    let doc = Document {
        meta: p.meta.clone(),
        blocks: Vec::new(),
    };
    write::write(&doc, &mut book, &pages, &geo, watermark)
}

/// Options with sizes clamped to what can be set (a zero or absurd size is a caller's slip,
/// not a reason to divide by zero).
fn sanitized(opts: &PdfOptions) -> PdfOptions {
    let mut o = opts.clone();
    if !(4.0..=72.0).contains(&o.font_size) {
        o.font_size = PdfOptions::default().font_size;
    }
    if !(0.8..=4.0).contains(&o.leading) {
        o.leading = PdfOptions::default().leading;
    }
    o
}
