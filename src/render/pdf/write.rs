//! PDF output: laid-out pages to bytes with printpdf, plus what printpdf leaves to us.
//!
//! printpdf 0.12 builds the pages, their content streams (text state, positions, colours,
//! rectangles, the watermark's paths) and the document structure, through lopdf. Two things are
//! done here instead, each for a measured reason:
//!
//! - Fonts. printpdf subsets with allsorts, which keeps a CFF font's whole string table (about
//!   13 KB per Libertinus face, however few glyphs are used) and cannot take a face subset
//!   beforehand. We subset with `subsetter` (the crate Typst uses; it also makes CFF fonts
//!   CID-keyed) and write the Type 0 font, its `/W` widths and its ToUnicode map ourselves.
//!   Through printpdf, the regular face alone made the 2014 statement 29 KB; this way regular
//!   and bold together come to 20 KB.
//! - The `TJ` operator. printpdf's `ShowText` writes each glyph as its own hex string object,
//!   the largest single cost on a 1 MB document; we pass one string per run of glyphs through
//!   printpdf's `Op::Unknown` (see [`show_glyphs`]).
//!
//! Determinism: resource names, subset tags and the trailer `/ID` are derived from the content
//! (printpdf's ids come from a process-wide counter, so none of them is used); dates come from
//! `Meta.date` only. Nothing here reads the clock or the environment.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, Stream, StringFormat};
use printpdf::{
    Color, CurTransMat, DictItem, FontId, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rect, TextMatrix, WindingOrder,
};
use sha2::{Digest, Sha256};

use super::fonts::{Face, FontBook, Style};
use super::inline::{BLACK, Rgb};
use super::layout::{Elem, Geometry, Page};
use crate::document::{Document, SimpleDate};
use crate::render::RenderError;

/// Grey of the DRAFT watermark: visible, but never darker than the text over it.
const WATERMARK_GREY: f32 = 0.87;
/// 16 zero bytes, patched with the document hash after saving.
const ID_PLACEHOLDER: [u8; 16] = [0; 16];

fn backend(reason: impl Into<String>) -> RenderError {
    RenderError::Backend {
        format: "pdf",
        reason: reason.into(),
    }
}

/// A face as embedded: its resource name and the old-to-new glyph ids of its subset.
struct Embedded {
    resource: String,
    remap: BTreeMap<u16, u16>,
}

/// Write the pages as a PDF.
pub(crate) fn write(
    doc: &Document,
    book: &mut FontBook<'_>,
    pages: &[Page],
    geo: &Geometry,
    watermark: bool,
) -> Result<Vec<u8>, RenderError> {
    // Resource names follow face order, so they are the same for the same inputs.
    let mut embedded: Vec<Option<Embedded>> = Vec::with_capacity(book.faces.len());
    for (i, used) in book.used.iter().enumerate() {
        if used.is_empty() {
            embedded.push(None);
            continue;
        }
        // .notdef keeps id 0 (every font program needs it); the rest are numbered in glyph
        // order, as `subsetter` numbers them when given the same order.
        let mut remap = BTreeMap::from([(0u16, 0u16)]);
        for (next, &gid) in (1u16..).zip(used.keys().filter(|&&g| g != 0)) {
            remap.insert(gid, next);
        }
        embedded.push(Some(Embedded {
            resource: format!("C{i}"),
            remap,
        }));
    }

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
    pdf.pages = pdf_pages;
    let save = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        // Our `TJ` operators travel as `Op::Unknown` (see `show_glyphs`); every op is ours.
        secure: false,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = pdf.to_lopdf_document(&save, &mut warnings);

    let mut font_dict = Dictionary::new();
    for (i, emb) in embedded.iter().enumerate() {
        if let Some(emb) = emb {
            let id = embed_font(&mut lo, &book.faces[i], &book.used[i], emb)?;
            font_dict.set(emb.resource.as_bytes(), Object::Reference(id));
        }
    }
    let font_dict_id = lo.add_object(font_dict);
    finish_structure(&mut lo, doc, font_dict_id)?;
    compress(&mut lo);
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| backend(format!("cannot serialise the document: {e}")))?;
    patch_id(&mut out);
    Ok(out)
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

/// Subset `face` to the glyphs used and add its Type 0 font objects; returns the font's id.
fn embed_font(
    lo: &mut lopdf::Document,
    face: &Face<'_>,
    used: &BTreeMap<u16, Box<str>>,
    emb: &Embedded,
) -> Result<lopdf::ObjectId, RenderError> {
    let mut remapper = subsetter::GlyphRemapper::new();
    // Same order as `emb.remap`: .notdef, then ascending glyph ids.
    for &gid in emb.remap.keys() {
        remapper.remap(gid);
    }
    let subset = subsetter::subset(face.data, face.index, &remapper)
        .map_err(|e| backend(format!("cannot subset font `{}`: {e}", face.name)))?;

    let mut hasher = Sha256::new();
    hasher.update(face.name.as_bytes());
    for gid in emb.remap.keys() {
        hasher.update(gid.to_be_bytes());
    }
    let digest = hasher.finalize();
    let tag: String = digest[..6]
        .iter()
        .map(|b| char::from(b'A' + b % 26))
        .collect();
    let clean: String = face
        .name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let base_font = format!("{tag}+{clean}");

    let scale = 1000.0 / face.upm;
    let s = |v: f32| Object::Integer((v * scale).round() as i64);
    let bbox = face.buzz.global_bounding_box();
    let ascent = f32::from(face.buzz.ascender());
    let descent = f32::from(face.buzz.descender());
    let cap = face.buzz.capital_height().map_or(ascent, f32::from);
    let mut flags = 4; // symbolic: glyphs are addressed by id, not by a standard encoding
    if face.italic {
        flags |= 64;
    }
    let stem_v = 10.0 + 0.244 * (f32::from(face.weight) - 50.0);

    let (subtype, file_key, program) = if face.is_cff {
        let cff = sfnt_table(&subset, b"CFF ")
            .ok_or_else(|| backend(format!("subset of `{}` has no CFF table", face.name)))?;
        let mut dict = Dictionary::new();
        dict.set("Subtype", Object::Name(b"CIDFontType0C".to_vec()));
        ("CIDFontType0", "FontFile3", Stream::new(dict, cff.to_vec()))
    } else {
        let mut dict = Dictionary::new();
        dict.set("Length1", Object::Integer(subset.len() as i64));
        ("CIDFontType2", "FontFile2", Stream::new(dict, subset))
    };
    let program_id = lo.add_object(program);

    let mut descriptor = Dictionary::new();
    descriptor.set("Type", Object::Name(b"FontDescriptor".to_vec()));
    descriptor.set("FontName", Object::Name(base_font.clone().into_bytes()));
    descriptor.set("Flags", Object::Integer(flags));
    descriptor.set(
        "FontBBox",
        Object::Array(vec![
            s(f32::from(bbox.x_min)),
            s(f32::from(bbox.y_min)),
            s(f32::from(bbox.x_max)),
            s(f32::from(bbox.y_max)),
        ]),
    );
    descriptor.set(
        "ItalicAngle",
        Object::Real((face.buzz.italic_angle() * 10.0).round() / 10.0),
    );
    descriptor.set("Ascent", s(ascent));
    descriptor.set("Descent", s(descent));
    descriptor.set("CapHeight", s(cap));
    descriptor.set("StemV", Object::Integer(stem_v.round() as i64));
    descriptor.set(file_key, Object::Reference(program_id));
    let descriptor_id = lo.add_object(descriptor);

    // Widths in new-id order: exactly the advances the layout measured with.
    let widths: Vec<Object> = emb
        .remap
        .keys()
        .map(|&gid| Object::Integer(i64::from(face.advance(gid))))
        .collect();
    let mut cid_font = Dictionary::new();
    cid_font.set("Type", Object::Name(b"Font".to_vec()));
    cid_font.set("Subtype", Object::Name(subtype.as_bytes().to_vec()));
    cid_font.set("BaseFont", Object::Name(base_font.clone().into_bytes()));
    let mut info = Dictionary::new();
    info.set("Registry", Object::string_literal("Adobe"));
    info.set("Ordering", Object::string_literal("Identity"));
    info.set("Supplement", Object::Integer(0));
    cid_font.set("CIDSystemInfo", Object::Dictionary(info));
    cid_font.set("FontDescriptor", Object::Reference(descriptor_id));
    cid_font.set(
        "W",
        Object::Array(vec![Object::Integer(0), Object::Array(widths)]),
    );
    if subtype == "CIDFontType2" {
        cid_font.set("CIDToGIDMap", Object::Name(b"Identity".to_vec()));
    }
    let cid_font_id = lo.add_object(cid_font);

    let cmap = to_unicode_cmap(used, &emb.remap);
    let cmap_id = lo.add_object(Stream::new(Dictionary::new(), cmap.into_bytes()));

    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Subtype", Object::Name(b"Type0".to_vec()));
    font.set("BaseFont", Object::Name(base_font.into_bytes()));
    font.set("Encoding", Object::Name(b"Identity-H".to_vec()));
    font.set(
        "DescendantFonts",
        Object::Array(vec![Object::Reference(cid_font_id)]),
    );
    font.set("ToUnicode", Object::Reference(cmap_id));
    Ok(lo.add_object(font))
}

/// The bytes of one table of an sfnt font.
fn sfnt_table<'d>(font: &'d [u8], tag: &[u8; 4]) -> Option<&'d [u8]> {
    let num = usize::from(u16::from_be_bytes([*font.get(4)?, *font.get(5)?]));
    (0..num).find_map(|i| {
        let rec = font.get(12 + 16 * i..28 + 16 * i)?;
        if &rec[..4] != tag {
            return None;
        }
        let off = u32::from_be_bytes(rec[8..12].try_into().ok()?) as usize;
        let len = u32::from_be_bytes(rec[12..16].try_into().ok()?) as usize;
        font.get(off..off.checked_add(len)?)
    })
}

/// The ToUnicode CMap: each glyph code to the text it stands for (several characters for a
/// ligature), so that copy-paste and `pdftotext` give the text back.
fn to_unicode_cmap(used: &BTreeMap<u16, Box<str>>, remap: &BTreeMap<u16, u16>) -> String {
    let entries: Vec<(u16, &str)> = used
        .iter()
        .filter(|(_, text)| !text.is_empty())
        .filter_map(|(gid, text)| remap.get(gid).map(|&code| (code, &**text)))
        .collect();
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for chunk in entries.chunks(100) {
        out.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for (code, text) in chunk {
            out.push_str(&format!("<{code:04X}> <"));
            for unit in text.encode_utf16() {
                out.push_str(&format!("{unit:04X}"));
            }
            out.push_str(">\n");
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out
}

/// A PDF text string: literal for ASCII, UTF-16BE with a byte-order mark otherwise.
fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in s.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

fn pdf_date(d: &SimpleDate) -> Object {
    Object::String(
        format!("D:{:04}{:02}{:02}000000Z", d.year, d.month, d.day).into_bytes(),
        StringFormat::Literal,
    )
}

/// Point the pages at our fonts, replace printpdf's Info with ours, set the language, and drop
/// what printpdf added that we do not use.
fn finish_structure(
    lo: &mut lopdf::Document,
    doc: &Document,
    font_dict_id: lopdf::ObjectId,
) -> Result<(), RenderError> {
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
    for page_id in page_ids {
        let resources = lo
            .get_dictionary(page_id)
            .and_then(|p| p.get(b"Resources"))
            .and_then(Object::as_reference)
            .map_err(|e| backend(format!("page without resources: {e}")))?;
        let res = lo
            .get_dictionary_mut(resources)
            .map_err(|e| backend(format!("page resources: {e}")))?;
        res.set("Font", Object::Reference(font_dict_id));
        for unused in [&b"XObject"[..], b"ExtGState", b"Shading"] {
            res.remove(unused);
        }
        if let Ok(page) = lo.get_dictionary_mut(page_id) {
            for unused in [&b"TrimBox"[..], b"CropBox", b"Annots"] {
                page.remove(unused);
            }
        }
    }
    let meta = &doc.meta;
    let mut info = Dictionary::new();
    if !meta.title.is_empty() {
        info.set("Title", text_string(&meta.title));
    }
    if !meta.author.is_empty() {
        info.set("Author", text_string(&meta.author));
    }
    if !meta.subject.is_empty() {
        info.set("Subject", text_string(&meta.subject));
    }
    if !meta.identifier.is_empty() {
        info.set("Keywords", text_string(&meta.identifier));
    }
    info.set("Creator", text_string("chancery"));
    info.set(
        "Producer",
        text_string(concat!(
            "chancery ",
            env!("CARGO_PKG_VERSION"),
            " (printpdf)"
        )),
    );
    if let Some(date) = &meta.date {
        info.set("CreationDate", pdf_date(date));
        info.set("ModDate", pdf_date(date));
    }
    let info_id = lo.add_object(info);
    lo.trailer.set("Info", Object::Reference(info_id));
    let root = lo
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| backend(format!("document without catalog: {e}")))?;
    if let Ok(catalog) = lo.get_dictionary_mut(root) {
        if !meta.language.is_empty() {
            catalog.set("Lang", text_string(&meta.language));
        }
        let mut prefs = Dictionary::new();
        prefs.set("DisplayDocTitle", Object::Boolean(true));
        catalog.set("ViewerPreferences", Object::Dictionary(prefs));
    }
    lo.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(ID_PLACEHOLDER.to_vec(), StringFormat::Hexadecimal),
            Object::String(ID_PLACEHOLDER.to_vec(), StringFormat::Hexadecimal),
        ]),
    );
    lo.version = "1.7".to_owned();
    lo.prune_objects();
    lo.renumber_objects();
    Ok(())
}

/// Deflate every stream at the default level: lopdf's own `compress` uses the best level,
/// which costs several times the time for a few per cent of size.
fn compress(lo: &mut lopdf::Document) {
    use std::io::Write;
    for object in lo.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if stream.dict.has(b"Filter") || stream.content.len() < 64 {
            continue;
        }
        let mut enc = flate2::write::ZlibEncoder::new(
            Vec::with_capacity(stream.content.len() / 2),
            flate2::Compression::default(),
        );
        if enc.write_all(&stream.content).is_err() {
            continue;
        }
        if let Ok(packed) = enc.finish() {
            stream
                .dict
                .set("Filter", Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(packed);
        }
    }
}

/// Replace the placeholder `/ID` with a hash of the file: the same bytes give the same id, and
/// different documents get different ids.
fn patch_id(out: &mut [u8]) {
    let placeholder = format!("<{}>", "00".repeat(ID_PLACEHOLDER.len()));
    let digest = Sha256::digest(&*out);
    let id = format!(
        "<{}>",
        digest[..ID_PLACEHOLDER.len()]
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect::<String>()
    );
    // The trailer is at the end of the file: search only there.
    let needle = placeholder.as_bytes();
    let mut pos = out.len().saturating_sub(4096);
    while let Some(off) = out[pos..].windows(needle.len()).position(|w| w == needle) {
        let start = pos + off;
        out[start..start + needle.len()].copy_from_slice(id.as_bytes());
        pos = start + needle.len();
    }
}
