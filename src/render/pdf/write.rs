//! PDF output: laid-out pages to printpdf pages and content operations.
//!
//! printpdf 0.12 builds the document: pages, their content streams (text state, positions,
//! colours, rectangles, the watermark's paths), the page tree, the catalog and the Info
//! dictionary. What it cannot do (our subset fonts, the catalog's `/Lang`, a deterministic
//! `/ID`) is added in one place, [`super::embed`], to the document printpdf hands over before
//! serialisation. One operator goes through printpdf's pass-through `Op::Unknown`: `TJ`, because
//! printpdf's `ShowText` writes each glyph as its own hex string object, the largest single cost
//! on a 1 MB document (see [`show_glyphs`]).
//!
//! Resource names come from face order and dates from `Meta.date` only (printpdf's own ids come
//! from a process-wide counter, so none of them is used). Nothing here reads the clock or the
//! environment.

use std::collections::BTreeMap;

use printpdf::{
    Color, CurTransMat, Date, DateTime, DictItem, FontId, LinePoint, Mm, Op, PaintMode,
    PdfDocument, PdfDocumentInfo, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon,
    PolygonRing, Pt, Rect, TextMatrix, WindingOrder,
};

use super::embed::{self, Embedded};
use super::fonts::{FontBook, Style};
use super::inline::{BLACK, Rgb};
use super::layout::{Elem, Geometry, Page};
use crate::document::{Document, Meta};
use crate::render::RenderError;

/// Grey of the DRAFT watermark: visible, but never darker than the text over it.
const WATERMARK_GREY: f32 = 0.87;

/// Write the pages as a PDF.
pub(crate) fn write(
    doc: &Document,
    book: &mut FontBook<'_>,
    pages: &[Page],
    geo: &Geometry,
    watermark: bool,
) -> Result<Vec<u8>, RenderError> {
    let embedded = embed::plan(book);
    let watermark_ops = if watermark {
        watermark_ops(book, geo)
    } else {
        Vec::new()
    };
    let mut pdf_pages = Vec::with_capacity(pages.len());
    for page in pages {
        let mut ops = watermark_ops.clone();
        page_ops(page, geo, &embedded, &mut ops);
        pdf_pages.push(PdfPage::new(
            Mm(geo.width * 25.4 / 72.0),
            Mm(geo.height * 25.4 / 72.0),
            ops,
        ));
    }
    let mut pdf = PdfDocument::new(&doc.meta.title);
    pdf.metadata.info = info(&doc.meta);
    pdf.pages = pdf_pages;
    let save = PdfSaveOptions {
        // Streams are compressed by `embed::complete`, at a faster level.
        optimize: false,
        // printpdf is given no font: ours are subset and added by `embed`.
        subset_fonts: false,
        // Our `TJ` operators travel as `Op::Unknown` (see `show_glyphs`); every op is ours.
        secure: false,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let lo = pdf.to_lopdf_document(&save, &mut warnings);
    embed::complete(lo, &doc.meta, book, &embedded)
}

fn rgb(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: c[0],
        g: c[1],
        b: c[2],
        icc_profile: None,
    })
}

/// Round to hundredths of a point: invisible, and it keeps the content stream short.
fn r2(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

fn page_ops(page: &Page, geo: &Geometry, embedded: &[Option<Embedded>], ops: &mut Vec<Op>) {
    let rect = |x: f32, y: f32, w: f32, h: f32| Rect {
        x: Pt(r2(x)),
        y: Pt(r2(geo.height - y - h)),
        width: Pt(r2(w)),
        height: Pt(r2(h)),
        mode: Some(PaintMode::Fill),
        winding_order: None,
    };
    let mut fill = BLACK;
    let set_fill = |ops: &mut Vec<Op>, c: Rgb, fill: &mut Rgb| {
        if *fill != c {
            ops.push(Op::SetFillColor { col: rgb(c) });
            *fill = c;
        }
    };
    for e in &page.elems {
        if let Elem::Rect {
            x,
            y,
            w,
            h,
            color,
            behind: true,
        } = *e
        {
            set_fill(ops, color, &mut fill);
            ops.push(Op::DrawRectangle {
                rectangle: rect(x, y, w, h),
            });
        }
    }
    let mut in_text = false;
    let mut font: Option<(usize, f32)> = None;
    for e in &page.elems {
        let Elem::Text {
            face,
            size,
            color,
            x,
            y,
            glyphs,
        } = e
        else {
            continue;
        };
        let Some(Some(emb)) = embedded.get(*face) else {
            continue;
        };
        if !in_text {
            ops.push(Op::StartTextSection);
            in_text = true;
        }
        if font != Some((*face, *size)) {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(FontId(emb.resource.clone())),
                size: Pt(*size),
            });
            font = Some((*face, *size));
        }
        set_fill(ops, *color, &mut fill);
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(r2(*x)), Pt(r2(geo.height - y))),
        });
        ops.push(show_glyphs(glyphs, &emb.remap));
    }
    if in_text {
        ops.push(Op::EndTextSection);
    }
    for e in &page.elems {
        if let Elem::Rect {
            x,
            y,
            w,
            h,
            color,
            behind: false,
        } = *e
        {
            set_fill(ops, color, &mut fill);
            ops.push(Op::DrawRectangle {
                rectangle: rect(x, y, w, h),
            });
        }
    }
}

/// The `TJ` operator for a run of glyphs: consecutive glyphs share one string (two bytes per
/// glyph, Identity-H), split only where a kerning or spacing adjustment goes.
///
/// printpdf's own `ShowText` writes every glyph as a separate hex string object; on a 1 MB
/// document that per-glyph formatting was the largest single cost of the whole render, so the
/// operator goes through printpdf's pass-through `Op::Unknown` instead (hence `secure: false`).
fn show_glyphs(glyphs: &[(u16, i32)], remap: &BTreeMap<u16, u16>) -> Op {
    let mut items = Vec::new();
    let mut bytes = Vec::with_capacity(glyphs.len() * 2);
    for &(gid, adjust) in glyphs {
        let code = remap.get(&gid).copied().unwrap_or(0);
        bytes.extend_from_slice(&code.to_be_bytes());
        if adjust != 0 {
            items.push(DictItem::String {
                data: std::mem::take(&mut bytes),
                literal: true,
            });
            items.push(DictItem::Int(i64::from(adjust)));
        }
    }
    if !bytes.is_empty() {
        items.push(DictItem::String {
            data: bytes,
            literal: true,
        });
    }
    Op::Unknown {
        key: "TJ".to_owned(),
        value: vec![DictItem::Array(items)],
    }
}

/// "DRAFT" across the page diagonal, drawn as outlines: a reader sees it, text extraction and
/// copy-paste do not.
fn watermark_ops(book: &mut FontBook<'_>, geo: &Geometry) -> Vec<Op> {
    let face_id = book.styled(Style {
        bold: true,
        italic: false,
    });
    let shaped = book.shape(face_id, "DRAFT");
    let face = &book.faces[face_id];
    let upm = face.upm;
    let mut rings: Vec<PolygonRing> = Vec::new();
    let mut pen = 0.0f32;
    for g in &shaped.glyphs {
        let mut outline = Outline {
            dx: pen,
            rings: Vec::new(),
            current: Vec::new(),
            last: (0.0, 0.0),
        };
        face.buzz
            .outline_glyph(ttf_parser::GlyphId(g.gid), &mut outline);
        outline.end_ring();
        rings.extend(outline.rings);
        pen += g.advance as f32 * upm / 1000.0;
    }
    if rings.is_empty() {
        return Vec::new();
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
    vec![
        Op::SaveGraphicsState,
        Op::SetFillColor {
            col: rgb([WATERMARK_GREY; 3]),
        },
        Op::SetTransformationMatrix {
            matrix: CurTransMat::Raw([k * cos, k * sin, -k * sin, k * cos, r2(e), r2(f)]),
        },
        Op::DrawPolygon {
            polygon: Polygon {
                rings,
                mode: PaintMode::Fill,
                winding_order: WindingOrder::NonZero,
            },
        },
        Op::RestoreGraphicsState,
    ]
}

/// Collects glyph outlines as polygon rings (quadratic curves raised to cubic).
struct Outline {
    dx: f32,
    rings: Vec<PolygonRing>,
    current: Vec<LinePoint>,
    last: (f32, f32),
}

impl Outline {
    fn point(&mut self, x: f32, y: f32, bezier: bool) {
        self.current.push(LinePoint {
            p: Point {
                x: Pt((x + self.dx).round()),
                y: Pt(y.round()),
            },
            bezier,
        });
    }

    fn end_ring(&mut self) {
        if !self.current.is_empty() {
            self.rings.push(PolygonRing {
                points: std::mem::take(&mut self.current),
            });
        }
    }
}

impl ttf_parser::OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        self.end_ring();
        self.point(x, y, false);
        self.last = (x, y);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        self.point(x, y, false);
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
        self.point(x1, y1, true);
        self.point(x2, y2, true);
        self.point(x, y, false);
        self.last = (x, y);
    }

    fn close(&mut self) {
        self.end_ring();
    }
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
