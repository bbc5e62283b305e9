//! PDF output: laid-out pages to content streams and a printpdf document.
//!
//! Each page's content stream (text objects, positions, colours, rectangles, the watermark's
//! path) is written directly as bytes by [`super::content`]; printpdf 0.12 builds the rest of
//! the document: the pages (their content left empty for ours), the page tree, the shared
//! resource dictionaries, the catalog and the Info dictionary. What it cannot do (our content
//! streams, our subset fonts, the catalog's `/Lang`, a deterministic `/ID`) is added in one
//! place, [`super::embed`], to the document printpdf hands over before serialisation.
//!
//! Text marked as in another language ([`Elem::Lang`], the parallel layout's second column)
//! is written as marked content with its `/Lang`, inside the page's text object.
//!
//! Resource names come from face order and dates from `Meta.date` only (printpdf's own ids come
//! from a process-wide counter, so none of them is used). Nothing here reads the clock or the
//! environment.

use std::collections::BTreeMap;

use printpdf::{
    Date, DateTime, DictItem, ExternalStream, ExternalXObject, Mm, PdfDocument, PdfDocumentInfo,
    PdfPage, PdfSaveOptions, XObject, XObjectId,
};

use super::content::Content;
use super::embed::{self, Embedded};
use super::fonts::{FontBook, Style};
use super::inline::{BLACK, Rgb};
use super::layout::{Elem, Geometry, Page};
use crate::document::{Document, Meta};
use crate::render::RenderError;

/// Grey of the DRAFT watermark: visible, but never darker than the text over it.
const WATERMARK_GREY: f32 = 0.87;
/// Resource name of the watermark's form XObject.
const WATERMARK: &str = "Draft";
/// From this many pages on, content streams are written in parallel.
const PARALLEL_PAGES: usize = 16;

/// Write the pages as a PDF.
pub(crate) fn write(
    doc: &Document,
    book: &mut FontBook<'_>,
    pages: &[Page],
    geo: &Geometry,
    watermark: bool,
) -> Result<Vec<u8>, RenderError> {
    let embedded = embed::plan(book);
    let mark = if watermark {
        self::watermark(book, geo)
    } else {
        None
    };
    let content = |page: &Page| page_content(page, geo, &embedded, mark.is_some()).into_bytes();
    // Pages are independent: a long document's are written on every core.
    let contents: Vec<Vec<u8>> = if pages.len() >= PARALLEL_PAGES {
        use rayon::prelude::*;
        pages.par_iter().map(content).collect()
    } else {
        pages.iter().map(content).collect()
    };
    let mut pdf = PdfDocument::new(&doc.meta.title);
    pdf.metadata.info = info(&doc.meta);
    if let Some(mark) = mark {
        let id = XObjectId(WATERMARK.to_owned());
        pdf.resources.xobjects.map.insert(id, mark);
    }
    // The pages' content streams are ours (`contents`); printpdf writes them empty.
    pdf.pages = pages
        .iter()
        .map(|_| {
            PdfPage::new(
                Mm(geo.width * 25.4 / 72.0),
                Mm(geo.height * 25.4 / 72.0),
                Vec::new(),
            )
        })
        .collect();
    let save = PdfSaveOptions {
        // Streams are compressed by `embed::complete`, at a faster level.
        optimize: false,
        // printpdf is given no font: ours are subset and added by `embed`.
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let lo = pdf.to_lopdf_document(&save, &mut warnings);
    embed::complete(lo, contents, &doc.meta, book, &embedded)
}

/// Round to hundredths of a point: invisible, and it keeps the content stream short.
fn r2(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

/// A page's content stream: the watermark (if any), the rectangles painted behind the text,
/// the text in one text object, then the rectangles drawn over it.
fn page_content(
    page: &Page,
    geo: &Geometry,
    embedded: &[Option<Embedded>],
    watermark: bool,
) -> Content {
    let mut c = Content::with_capacity(page.elems.len() * 64);
    if watermark {
        c.draw_xobject(WATERMARK);
    }
    let mut fill = BLACK;
    let rects = |c: &mut Content, fill: &mut Rgb, on_top: bool| {
        for e in &page.elems {
            if let Elem::Rect {
                x,
                y,
                w,
                h,
                color,
                behind,
            } = *e
                && behind != on_top
            {
                if *fill != color {
                    c.fill_color(color);
                    *fill = color;
                }
                c.fill_rect(r2(x), r2(geo.height - y - h), r2(w), r2(h));
            }
        }
    };
    rects(&mut c, &mut fill, false);
    let mut in_text = false;
    let mut font: Option<(usize, f32)> = None;
    let mut langs = LangSpans::default();
    for e in &page.elems {
        let (face, size, color, x, y, glyphs) = match e {
            Elem::Text {
                face,
                size,
                color,
                x,
                y,
                glyphs,
            } => (face, size, color, x, y, glyphs),
            Elem::Lang(lang) => {
                if lang.is_some() && !in_text {
                    c.begin_text();
                    in_text = true;
                }
                langs.mark(&mut c, lang.as_deref());
                continue;
            }
            Elem::Rect { .. } => continue,
        };
        let Some(Some(emb)) = embedded.get(*face) else {
            continue;
        };
        if !in_text {
            c.begin_text();
            in_text = true;
        }
        langs.settle(&mut c);
        if font != Some((*face, *size)) {
            c.font(&emb.resource, *size);
            font = Some((*face, *size));
        }
        if fill != *color {
            c.fill_color(*color);
            fill = *color;
        }
        c.text_at(r2(*x), r2(geo.height - y));
        c.show_glyphs(glyphs, &emb.codes);
    }
    if in_text {
        langs.close(&mut c);
        c.end_text();
    }
    rects(&mut c, &mut fill, true);
    c
}

/// The marked-content sequences of a page's text in another language (between
/// [`Elem::Lang`] marks), inside its text object: one sequence for consecutive marked lines of
/// one language, closed before the next text that is not theirs.
#[derive(Debug, Default)]
struct LangSpans<'a> {
    /// The language of the open sequence.
    open: Option<&'a str>,
    /// The open sequence has ended, unless the next mark continues it.
    ended: bool,
}

impl<'a> LangSpans<'a> {
    fn mark(&mut self, c: &mut Content, lang: Option<&'a str>) {
        match lang {
            None => self.ended = self.open.is_some(),
            Some(l) if self.ended && self.open == Some(l) => self.ended = false,
            Some(l) => {
                self.close(c);
                c.begin_lang(l);
                self.open = Some(l);
            }
        }
    }

    /// Before text: close a sequence that has ended.
    fn settle(&mut self, c: &mut Content) {
        if self.ended {
            self.close(c);
        }
    }

    fn close(&mut self, c: &mut Content) {
        if self.open.take().is_some() {
            c.end_marked();
        }
        self.ended = false;
    }
}

/// "DRAFT" across the page diagonal, drawn as outlines: a reader sees it, text extraction and
/// copy-paste do not. One form XObject (the path in font units, its `/Matrix` placing it),
/// which every page draws with `Do`: written and compressed once, not once per page. `None`
/// when the face has no outlines for the word.
fn watermark(book: &mut FontBook<'_>, geo: &Geometry) -> Option<XObject> {
    let face_id = book.styled(Style {
        bold: true,
        italic: false,
    });
    let shaped = book.shape(face_id, "DRAFT");
    let face = &book.faces[face_id];
    let upm = face.upm;
    let mut outline = Outline {
        dx: 0.0,
        path: Content::default(),
        last: (0.0, 0.0),
        bbox: [
            f32::INFINITY,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::NEG_INFINITY,
        ],
    };
    for g in &shaped.glyphs {
        face.buzz
            .outline_glyph(ttf_parser::GlyphId(g.gid), &mut outline);
        outline.dx += g.advance as f32 * upm / 1000.0;
    }
    let (pen, path, bbox) = (outline.dx, outline.path, outline.bbox);
    if path.is_empty() {
        return None;
    }
    let cap = face.buzz.capital_height().map_or(upm * 0.66, f32::from);
    let diagonal = (geo.width * geo.width + geo.height * geo.height).sqrt();
    let k = diagonal * 0.6 / pen; // points per font unit
    let angle = geo.height.atan2(geo.width);
    let (sin, cos) = angle.sin_cos();
    // Centre the word on the page centre, rotated about it.
    let (ox, oy) = (-pen / 2.0 * k, -cap / 2.0 * k);
    let e = geo.width / 2.0 + ox * cos - oy * sin;
    let f = geo.height / 2.0 + ox * sin + oy * cos;
    let matrix = [k * cos, k * sin, -k * sin, k * cos, r2(e), r2(f)];
    let mut c = Content::default();
    c.fill_color([WATERMARK_GREY; 3]);
    c.append(&path);
    c.close_fill();
    let reals = |v: &[f32]| DictItem::Array(v.iter().map(|&x| DictItem::Real(x)).collect());
    let dict = BTreeMap::from([
        ("Type".to_owned(), DictItem::Name(b"XObject".to_vec())),
        ("Subtype".to_owned(), DictItem::Name(b"Form".to_vec())),
        // The outline's points are whole font units; curves stay inside their control points.
        ("BBox".to_owned(), reals(&bbox)),
        ("Matrix".to_owned(), reals(&matrix)),
    ]);
    Some(XObject::External(ExternalXObject {
        stream: ExternalStream {
            dict,
            content: c.into_bytes(),
            compress: true,
        },
        width: None,
        height: None,
        dpi: None,
    }))
}

/// Writes glyph outlines as one path, in font units rounded to integers (quadratic curves
/// raised to cubic), and their bounding box (with the curves' control points).
struct Outline {
    /// Where the current glyph starts.
    dx: f32,
    path: Content,
    last: (f32, f32),
    /// Lower left x, y, upper right x, y of the points written.
    bbox: [f32; 4],
}

impl Outline {
    /// A point of the outline, rounded, counted in the bounding box.
    fn point(&mut self, x: f32, y: f32) -> (f32, f32) {
        let (x, y) = ((x + self.dx).round(), y.round());
        self.bbox = [
            self.bbox[0].min(x),
            self.bbox[1].min(y),
            self.bbox[2].max(x),
            self.bbox[3].max(y),
        ];
        (x, y)
    }
}

impl ttf_parser::OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        let (px, py) = self.point(x, y);
        self.path.move_to(px, py);
        self.last = (x, y);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        let (px, py) = self.point(x, y);
        self.path.line_to(px, py);
        self.last = (x, y);
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (x0, y0) = self.last;
        self.curve_to(
            x0 + 2.0 / 3.0 * (x1 - x0),
            y0 + 2.0 / 3.0 * (y1 - y0),
            x + 2.0 / 3.0 * (x1 - x),
            y + 2.0 / 3.0 * (y1 - y),
            x,
            y,
        );
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (ax, ay) = self.point(x1, y1);
        let (bx, by) = self.point(x2, y2);
        let (cx, cy) = self.point(x, y);
        self.path.curve_to([ax, ay, bx, by, cx, cy]);
        self.last = (x, y);
    }

    fn close(&mut self) {}
}

/// The Info dictionary, as printpdf writes it: dates pinned to the meeting date (the Unix epoch
/// for a document without one), never the clock.
fn info(meta: &Meta) -> PdfDocumentInfo {
    let date = meta.date.as_ref().map_or(DateTime::epoch(), |d| {
        DateTime::new_in_offset(
            Date {
                year: d.year,
                month: d.month,
                day: d.day,
            },
            DateTime::epoch().time,
            DateTime::epoch().offset,
        )
    });
    let keywords = if meta.identifier.is_empty() {
        Vec::new()
    } else {
        vec![meta.identifier.clone()]
    };
    PdfDocumentInfo {
        creation_date: date,
        modification_date: date,
        metadata_date: date,
        document_title: meta.title.clone(),
        author: meta.author.clone(),
        subject: meta.subject.clone(),
        keywords,
        identifier: meta.identifier.clone(),
        creator: "chancery".to_owned(),
        producer: concat!("chancery ", env!("CARGO_PKG_VERSION"), " (printpdf)").to_owned(),
        ..PdfDocumentInfo::default()
    }
}
