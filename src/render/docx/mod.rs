//! DOCX renderer: a [`Document`] as a Word file that looks like a protocol office's.
//!
//! The document body, styles, header and footer are built with docx-rs; [`package`] then
//! re-packs docx-rs's parts into a deflate-compressed zip with pinned timestamps and its own
//! `docProps/core.xml` (docx-rs cannot set title, subject or creator), so the same document
//! gives the same bytes. Redline marks become real tracked changes (`w:ins` / `w:del`, and Word
//! move revisions for moved text: [`moves`]), so
//! accepting every change in Word gives the new text and rejecting every change the old one.
//!
//! Pure like every renderer: no files, clock or environment. Fonts are named, not embedded:
//! Word and LibreOffice resolve "Times New Roman" themselves (LibreOffice falls back to the
//! metric-compatible Liberation Serif), and Japanese text names an East Asian font.

mod body;
mod moves;
mod package;
mod parallel;
mod styles;

use docx_rs::{Docx, Footer, Header, NumPages, PageMargin, PageNum, Run};

use super::RenderError;
use crate::document::parallel::Parallel;
use crate::document::{DocStatus, Document, Meta, SimpleDate};

/// How the footer shows the page number (always a real `PAGE` field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageNumbering {
    /// "Page 2 of 3" (`PAGE` and `NUMPAGES` fields).
    #[default]
    PageOfPages,
    /// "- 2 -", the usual form in diplomatic documents.
    Dashes,
}

/// Options of the DOCX renderer.
///
/// The document's own [`Meta`] (title, author, date, page set-up, fonts named in the inputs)
/// comes first; these options fill what the inputs do not say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocxOptions {
    /// Footer page number style. Default: [`PageNumbering::PageOfPages`].
    pub page_numbering: PageNumbering,
    /// Latin font family when `meta.fonts.serif` names none (a path cannot be named in a
    /// DOCX). Default: "Times New Roman" (LibreOffice shows it as Liberation Serif).
    pub serif_font: String,
    /// East Asian font family for Japanese (and other CJK) text when `meta.fonts.east_asian`
    /// names none. Default: "MS Mincho", the face of Japanese official documents.
    pub east_asian_font: String,
    /// Author recorded on tracked changes. Default: "chancery".
    pub revision_author: String,
    /// Date recorded on tracked changes. Default: `None`, meaning the document's date
    /// (`meta.date`); with neither, tracked changes carry no date.
    pub revision_date: Option<SimpleDate>,
    /// Identity marks for a draft sent out for review, so that `absorb` can read the returned
    /// file against exactly what was sent. Default: none.
    pub export: Option<ExportMarks>,
}

/// What a draft's DOCX carries, invisibly, to be recognised when it comes back: custom document
/// properties naming the draft (`chancery.draft`) and the digest of the exported text
/// (`chancery.export`), and a hidden bookmark `_cy<N>` at the start of the paragraph of each
/// textual block N. Word and LibreOffice keep both through a save (bookmarks whose names start
/// with `_` are hidden from Word's bookmark list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportMarks {
    pub draft: String,
    pub digest: String,
}

/// The bookmark naming block `index` of an exported draft.
pub fn block_mark(index: usize) -> String {
    format!("_cy{index}")
}

impl Default for DocxOptions {
    /// Page N of M footer, Times New Roman with MS Mincho for Japanese, changes by "chancery"
    /// dated with the meeting date.
    fn default() -> Self {
        DocxOptions {
            page_numbering: PageNumbering::PageOfPages,
            serif_font: "Times New Roman".to_owned(),
            east_asian_font: "MS Mincho".to_owned(),
            revision_author: "chancery".to_owned(),
            revision_date: None,
            export: None,
        }
    }
}

/// Render the document as DOCX bytes.
pub fn render(doc: &Document, opts: &DocxOptions) -> Result<Vec<u8>, RenderError> {
    // A Japanese text declares its language; others leave it to Word, as they always have.
    let language = Some(doc.meta.language.as_str()).filter(|l| super::is_japanese(l));
    render_body(&doc.meta, opts, language, |builder, _| {
        builder.blocks(&doc.blocks)
    })
}

/// Render two language versions side by side as DOCX bytes: a two-column table without
/// borders, one row per pair of blocks (see [`parallel`]). The left column's language is the
/// document's, the right column's runs carry their own.
pub fn render_parallel(p: &Parallel, opts: &DocxOptions) -> Result<Vec<u8>, RenderError> {
    render_body(
        &p.meta,
        opts,
        Some(&p.languages[0]),
        |builder, text_width| parallel::elements(builder, p, text_width),
    )
}

/// A DOCX of `meta`'s page, styles, header and footer around the body `body` builds (given
/// the builder and the width between the margins, in twips), its runs in `language` unless
/// they say otherwise (none: Word's default).
fn render_body(
    meta: &Meta,
    opts: &DocxOptions,
    language: Option<&str>,
    body: impl FnOnce(&mut body::BodyBuilder<'_>, u32) -> Vec<body::Element>,
) -> Result<Vec<u8>, RenderError> {
    let fonts = Fonts {
        serif: font_family(meta.fonts.serif.as_deref(), &opts.serif_font),
        east_asian: font_family(meta.fonts.east_asian.as_deref(), &opts.east_asian_font),
    };
    let page = PageGeometry::of(meta);
    let revision = body::Revision {
        author: opts.revision_author.clone(),
        date: opts.revision_date.or(meta.date),
    };
    let mut builder = body::BodyBuilder::new(&fonts, revision, page.text_width);
    builder.marks = opts.export.is_some();

    let mut docx = styles::apply(Docx::new(), &fonts)
        .page_size(page.width, page.height)
        .page_margin(page.margin);
    for element in body(&mut builder, page.text_width) {
        docx = match element {
            body::Element::Paragraph(p) => docx.add_paragraph(*p),
            body::Element::Table(t) => docx.add_table(*t),
        };
    }
    docx = docx.footer(footer(&mut builder, opts.page_numbering));
    match meta.status {
        DocStatus::Draft => docx = docx.header(draft_header(&mut builder, meta)),
        DocStatus::Final => {}
    }
    package::pack(docx.build(), meta, opts.export.as_ref(), language)
}

/// The font families the document names.
#[derive(Debug)]
pub(crate) struct Fonts {
    serif: String,
    east_asian: String,
}

/// A family name from the inputs, unless it is empty or a path to a font file (which a DOCX
/// cannot name), else the renderer's default.
fn font_family(pref: Option<&str>, fallback: &str) -> String {
    match pref.map(str::trim) {
        Some(name) if !name.is_empty() && !looks_like_path(name) => name.to_owned(),
        _ => fallback.to_owned(),
    }
}

fn looks_like_path(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.contains(['/', '\\'])
        || [".ttf", ".otf", ".ttc", ".otc"]
            .iter()
            .any(|ext| lower.ends_with(ext))
}

/// Page size and margins in twips (1/20 pt), the unit of `w:pgSz` and `w:pgMar`.
#[derive(Debug)]
struct PageGeometry {
    width: u32,
    height: u32,
    margin: PageMargin,
    /// Width between the side margins, for side-by-side signature blocks.
    text_width: u32,
}

impl PageGeometry {
    fn of(meta: &Meta) -> Self {
        let (w_mm, h_mm) = meta.page.size.mm();
        let width = mm_to_twips(w_mm);
        let height = mm_to_twips(h_mm);
        // Margins come from user input: keep each within a third of the page so a typo
        // cannot leave no room for text.
        let [top, right, bottom, left] = meta.page.margins_mm;
        let top = mm_to_twips(top).min(height / 3);
        let bottom = mm_to_twips(bottom).min(height / 3);
        let right = mm_to_twips(right).min(width / 3);
        let left = mm_to_twips(left).min(width / 3);
        // Header and footer sit halfway into their margins.
        let margin = PageMargin::new()
            .top(twips_i32(top))
            .bottom(twips_i32(bottom))
            .left(twips_i32(left))
            .right(twips_i32(right))
            .header(twips_i32(top / 2))
            .footer(twips_i32(bottom / 2))
            .gutter(0);
        PageGeometry {
            width,
            height,
            margin,
            text_width: width - left - right,
        }
    }
}

/// Millimetres to twips, rounded; negative or non-finite input gives 0.
fn mm_to_twips(mm: f32) -> u32 {
    let twips = f64::from(mm) * 1440.0 / 25.4;
    if twips.is_finite() && twips > 0.0 {
        // Paper is far below u32::MAX twips; the clamp only guards absurd input.
        twips.round().min(f64::from(u32::MAX / 4)) as u32
    } else {
        0
    }
}

fn twips_i32(twips: u32) -> i32 {
    i32::try_from(twips).unwrap_or(i32::MAX)
}

/// The footer: the page number as a real field, centred.
fn footer(builder: &mut body::BodyBuilder<'_>, style: PageNumbering) -> Footer {
    let p = builder.paragraph().style(styles::FOOTER);
    let p = match style {
        PageNumbering::PageOfPages => p
            .add_run(Run::new().add_text("Page "))
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text(" of "))
            .add_num_pages(NumPages::new()),
        PageNumbering::Dashes => p
            .add_run(Run::new().add_text("- "))
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text(" -")),
    };
    Footer::new().add_paragraph(p)
}

/// The header of drafts: "DRAFT" and the draft's identifier, right-aligned.
fn draft_header(builder: &mut body::BodyBuilder<'_>, meta: &Meta) -> Header {
    let mut p = builder
        .paragraph()
        .style(styles::HEADER)
        .add_run(Run::new().add_text("DRAFT").bold().color(styles::DRAFT_RED));
    if !meta.identifier.trim().is_empty() {
        p = p.add_run(Run::new().add_text(format!(" \u{2013} {}", meta.identifier.trim())));
    }
    Header::new().add_paragraph(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Paper sizes land on the twips Word itself writes for A4 and Letter.
    #[test]
    fn paper_sizes_in_twips() {
        assert_eq!(mm_to_twips(210.0), 11906);
        assert_eq!(mm_to_twips(297.0), 16838);
        assert_eq!(mm_to_twips(215.9), 12240);
        assert_eq!(mm_to_twips(279.4), 15840);
        assert_eq!(mm_to_twips(-5.0), 0);
        assert_eq!(mm_to_twips(f32::NAN), 0);
    }

    // A font file path cannot be named in a DOCX, so the default family is used instead.
    #[test]
    fn font_paths_fall_back_to_defaults() {
        assert_eq!(font_family(Some("Garamond"), "Times"), "Garamond");
        assert_eq!(font_family(Some("/usr/share/x.ttf"), "Times"), "Times");
        assert_eq!(font_family(Some("IPAexMincho.TTF"), "Times"), "Times");
        assert_eq!(font_family(Some("  "), "Times"), "Times");
        assert_eq!(font_family(None, "Times"), "Times");
    }
}
