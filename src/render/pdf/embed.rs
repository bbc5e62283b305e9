//! What printpdf leaves to us, added in one place to the document printpdf built: the fonts,
//! two catalog entries, and a deterministic `/ID`.
//!
//! printpdf 0.12 builds the document (pages, page tree, catalog, Info from
//! [`printpdf::PdfDocumentInfo`]) and hands it over before serialisation as a `lopdf::Document`
//! (`PdfDocument::to_lopdf_document`, its documented hook for this). Nothing printpdf wrote is
//! removed or rewritten here; [`complete`] only adds:
//!
//! - The pages' content streams, written as bytes by [`super::content`], into the streams
//!   printpdf leaves empty (an `Op` value per operation, converted to lopdf objects and
//!   serialised, was most of the render of a long document).
//! - Fonts, into the font dictionary printpdf gives every page. printpdf would subset with
//!   allsorts, which keeps a CFF font's whole string table (about 13 KB per Libertinus face,
//!   however few glyphs are used), and it cannot take a face subset beforehand. We subset with
//!   `subsetter` (the crate Typst uses; it also makes CFF fonts CID-keyed) and write the Type 0
//!   font, its `/W` widths and its ToUnicode map ourselves. Through printpdf the regular face
//!   alone made the 2014 statement 29 KB; this way regular and bold together come to 20 KB.
//! - `/Lang` and `/ViewerPreferences` in the catalog, which printpdf has no field for.
//! - The trailer `/ID`: printpdf's comes from a process-wide counter, so two renders of one
//!   document would differ. Ours is a hash of the file ([`patch_id`]).
//!
//! Streams are then deflated ([`compress`]). Nothing here reads the clock
//! or the environment.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, Stream, StringFormat};
use sha2::{Digest, Sha256};

use super::fonts::{Face, FontBook};
use crate::document::Meta;
use crate::render::RenderError;

/// zlib's level for the streams. Measured on the 1 MB draft (zlib-rs, one compressor reset
/// between streams): level 4 costs 55 M instructions less than the default 6 (of 1.49 G for
/// the whole run) for a file 2.6 % larger (786 KB against 766 KB); level 2 saves another 51 M
/// but the file grows by 15 %.
const DEFLATE_LEVEL: u32 = 4;

/// 16 zero bytes, patched with the document hash after saving.
const ID_PLACEHOLDER: [u8; 16] = [0; 16];

pub(super) fn backend(reason: impl Into<String>) -> RenderError {
    RenderError::Backend {
        format: "pdf",
        reason: reason.into(),
    }
}

/// A face as embedded: its resource name and the old-to-new glyph ids of its subset.
pub(super) struct Embedded {
    pub resource: String,
    pub remap: BTreeMap<u16, u16>,
    /// `remap` as a table indexed by old glyph id (0 for a glyph not in the subset), for the
    /// content streams' one look-up per glyph.
    pub codes: Vec<u16>,
}

/// The faces to embed, in face order (`None` for a face no glyph was placed from): resource
/// names follow face order, so they are the same for the same inputs.
pub(super) fn plan(book: &FontBook<'_>) -> Vec<Option<Embedded>> {
    book.used
        .iter()
        .enumerate()
        .map(|(i, used)| {
            if used.is_empty() {
                return None;
            }
            // .notdef keeps id 0 (every font program needs it); the rest are numbered in glyph
            // order, as `subsetter` numbers them when given the same order.
            let mut remap = BTreeMap::from([(0u16, 0u16)]);
            for (next, &gid) in (1u16..).zip(used.keys().filter(|&&g| g != 0)) {
                remap.insert(gid, next);
            }
            let size = remap.keys().next_back().map_or(0, |&g| usize::from(g) + 1);
            let mut codes = vec![0u16; size];
            for (&gid, &code) in &remap {
                codes[usize::from(gid)] = code;
            }
            Some(Embedded {
                resource: format!("C{i}"),
                remap,
                codes,
            })
        })
        .collect()
}

/// Add to printpdf's document what it leaves to us (see the module doc), then serialise it.
pub(super) fn complete(
    mut lo: lopdf::Document,
    contents: Vec<Vec<u8>>,
    meta: &Meta,
    book: &FontBook<'_>,
    embedded: &[Option<Embedded>],
) -> Result<Vec<u8>, RenderError> {
    fill_pages(&mut lo, contents)?;
    let font_dict_id = page_font_dictionary(&lo)?;
    let mut fonts = Vec::new();
    for (i, emb) in embedded.iter().enumerate() {
        if let Some(emb) = emb {
            let id = embed_font(&mut lo, &book.faces[i], &book.used[i], emb)?;
            fonts.push((emb.resource.clone(), id));
        }
    }
    let font_dict = lo
        .get_dictionary_mut(font_dict_id)
        .map_err(|e| backend(format!("page font resources: {e}")))?;
    for (resource, id) in fonts {
        font_dict.set(resource.into_bytes(), Object::Reference(id));
    }

    let root = lo
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| backend(format!("document without catalog: {e}")))?;
    let catalog = lo
        .get_dictionary_mut(root)
        .map_err(|e| backend(format!("document catalog: {e}")))?;
    if !meta.language.is_empty() {
        catalog.set("Lang", text_string(&meta.language));
    }
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", Object::Boolean(true));
    catalog.set("ViewerPreferences", Object::Dictionary(prefs));

    let placeholder = Object::String(ID_PLACEHOLDER.to_vec(), StringFormat::Hexadecimal);
    lo.trailer
        .set("ID", Object::Array(vec![placeholder.clone(), placeholder]));
    // /Lang, /DisplayDocTitle: PDF 1.4; printpdf declares 1.3.
    lo.version = "1.7".to_owned();
    compress(&mut lo);
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| backend(format!("cannot serialise the document: {e}")))?;
    patch_id(&mut out);
    Ok(out)
}

/// Our content streams into the pages' (printpdf writes them empty), in page order.
fn fill_pages(lo: &mut lopdf::Document, contents: Vec<Vec<u8>>) -> Result<(), RenderError> {
    let pages = lo.get_pages();
    if pages.len() != contents.len() {
        return Err(backend("page count differs from the laid-out pages"));
    }
    for (page, content) in pages.into_values().zip(contents) {
        let stream = lo
            .get_dictionary(page)
            .and_then(|p| p.get(b"Contents"))
            .and_then(Object::as_reference)
            .map_err(|e| backend(format!("page without contents: {e}")))?;
        lo.get_object_mut(stream)
            .and_then(Object::as_stream_mut)
            .map_err(|e| backend(format!("page contents: {e}")))?
            .set_content(content);
    }
    Ok(())
}

/// The font dictionary printpdf made for the pages (one object, shared by all of them; it is
/// empty, since printpdf was given no font of its own).
fn page_font_dictionary(lo: &lopdf::Document) -> Result<lopdf::ObjectId, RenderError> {
    let first = lo
        .get_pages()
        .into_values()
        .next()
        .ok_or_else(|| backend("document without pages"))?;
    let resources = lo
        .get_dictionary(first)
        .and_then(|p| p.get(b"Resources"))
        .and_then(Object::as_reference)
        .and_then(|r| lo.get_dictionary(r))
        .map_err(|e| backend(format!("page without resources: {e}")))?;
    resources
        .get(b"Font")
        .and_then(Object::as_reference)
        .map_err(|e| backend(format!("page resources without fonts: {e}")))
}

/// A face's subset font program, and its name with the subset tag (`ABCDEF+Name`), derived
/// from the face and the glyphs kept, so the same inputs give the same tag.
fn subset(face: &Face<'_>, emb: &Embedded) -> Result<(Vec<u8>, String), RenderError> {
    let mut remapper = subsetter::GlyphRemapper::new();
    // Same order as `emb.remap`: .notdef, then ascending glyph ids.
    for &gid in emb.remap.keys() {
        remapper.remap(gid);
    }
    let program = subsetter::subset(face.data, face.index, &remapper)
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
    Ok((program, format!("{tag}+{clean}")))
}

/// Subset `face` to the glyphs used and add its Type 0 font objects; returns the font's id.
fn embed_font(
    lo: &mut lopdf::Document,
    face: &Face<'_>,
    used: &BTreeMap<u16, Box<str>>,
    emb: &Embedded,
) -> Result<lopdf::ObjectId, RenderError> {
    let (program, base_font) = subset(face, emb)?;
    let (subtype, file_key, program) = if face.is_cff {
        let cff = sfnt_table(&program, b"CFF ")
            .ok_or_else(|| backend(format!("subset of `{}` has no CFF table", face.name)))?;
        let mut dict = Dictionary::new();
        dict.set("Subtype", Object::Name(b"CIDFontType0C".to_vec()));
        ("CIDFontType0", "FontFile3", Stream::new(dict, cff.to_vec()))
    } else {
        let mut dict = Dictionary::new();
        dict.set("Length1", Object::Integer(program.len() as i64));
        ("CIDFontType2", "FontFile2", Stream::new(dict, program))
    };
    let program_id = lo.add_object(program);
    let mut descriptor = font_descriptor(face, &base_font);
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

/// The font descriptor of `face` (without its font file, which the caller adds), metrics in
/// thousandths of an em.
fn font_descriptor(face: &Face<'_>, base_font: &str) -> Dictionary {
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
    let mut descriptor = Dictionary::new();
    descriptor.set("Type", Object::Name(b"FontDescriptor".to_vec()));
    descriptor.set("FontName", Object::Name(base_font.as_bytes().to_vec()));
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
    descriptor
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

/// Deflate every stream, at [`DEFLATE_LEVEL`], with one compressor per thread reset between
/// streams (setting one up clears its window and tables: on a document of hundreds of pages
/// that cost a quarter of the deflating). A reset compressor gives the bytes a new one would,
/// so the file is the same on any number of threads. lopdf's own `compress` (and printpdf's
/// `optimize`, which calls it) uses the best level and a new compressor per stream.
fn compress(lo: &mut lopdf::Document) {
    let mut streams: Vec<&mut lopdf::Stream> = lo
        .objects
        .values_mut()
        .filter_map(|object| match object {
            Object::Stream(s) if !s.dict.has(b"Filter") && s.content.len() >= 64 => Some(s),
            _ => None,
        })
        .collect();
    let pack = |z: &mut flate2::Compress, stream: &mut &mut lopdf::Stream| {
        let packed = if is_large_font_program(stream) {
            let mut fast = flate2::Compress::new(flate2::Compression::new(FONT_LEVEL), true);
            deflate(&mut fast, &stream.content)
        } else {
            deflate(z, &stream.content)
        };
        if let Some(packed) = packed {
            stream
                .dict
                .set("Filter", Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(packed);
        }
    };
    let new = || flate2::Compress::new(flate2::Compression::new(DEFLATE_LEVEL), true);
    let bytes: usize = streams.iter().map(|s| s.content.len()).sum();
    if bytes >= PARALLEL_BYTES {
        use rayon::prelude::*;
        streams.par_iter_mut().for_each_init(new, pack);
    } else {
        let mut z = new();
        for stream in &mut streams {
            pack(&mut z, stream);
        }
    }
}

/// A font program of this many bytes or more is deflated at [`FONT_LEVEL`].
const LARGE_FONT_PROGRAM: usize = 64 * 1024;
/// Glyph outlines are close to random bytes: for a Japanese face's subset (some 160 KB) a
/// higher level saves 3 % of the size at several times the time, most of a Japanese build's
/// deflating. Small programs (a Latin subset) keep [`DEFLATE_LEVEL`].
const FONT_LEVEL: u32 = 1;

/// A TrueType (`/Length1`) or OpenType/CFF (`/Subtype`) font program of at least
/// [`LARGE_FONT_PROGRAM`] bytes.
fn is_large_font_program(stream: &lopdf::Stream) -> bool {
    stream.content.len() >= LARGE_FONT_PROGRAM
        && (stream.dict.has(b"Length1")
            || matches!(
                stream.dict.get(b"Subtype").and_then(Object::as_name),
                Ok(b"CIDFontType0C" | b"OpenType")
            ))
}

/// From this many bytes of streams on, they are deflated in parallel.
const PARALLEL_BYTES: usize = 1 << 20;

/// `data` as one zlib stream.
fn deflate(z: &mut flate2::Compress, data: &[u8]) -> Option<Vec<u8>> {
    z.reset();
    let mut out = Vec::with_capacity(data.len() / 3 + 64);
    loop {
        let rest = data.get(usize::try_from(z.total_in()).ok()?..)?;
        match z
            .compress_vec(rest, &mut out, flate2::FlushCompress::Finish)
            .ok()?
        {
            flate2::Status::StreamEnd => return Some(out),
            flate2::Status::Ok | flate2::Status::BufError => out.reserve(out.capacity()),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(entries: &[(&str, Object)], len: usize) -> lopdf::Stream {
        let mut dict = Dictionary::new();
        for (k, v) in entries {
            dict.set(*k, v.clone());
        }
        lopdf::Stream::new(dict, vec![7u8; len])
    }

    // Only font programs of 64 KB and more get the fast level: a Japanese TrueType or
    // OpenType subset, not a Latin subset, not a large form XObject or content stream.
    #[test]
    fn large_font_programs_are_told_apart() {
        let big = LARGE_FONT_PROGRAM;
        let name = |n: &[u8]| Object::Name(n.to_vec());
        assert!(is_large_font_program(&stream(
            &[("Length1", Object::Integer(big as i64))],
            big
        )));
        assert!(is_large_font_program(&stream(
            &[("Subtype", name(b"OpenType"))],
            big
        )));
        assert!(!is_large_font_program(&stream(
            &[("Subtype", name(b"CIDFontType0C"))],
            big - 1
        )));
        assert!(!is_large_font_program(&stream(
            &[("Subtype", name(b"Form"))],
            big * 2
        )));
        assert!(!is_large_font_program(&stream(&[], big * 2)));
    }
}
