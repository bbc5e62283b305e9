//! Renderers: every output format is a pure function of a [`Document`].
//!
//! `render(&Document, Format, &RenderOptions) -> Vec<u8>`: no file, clock or environment access
//! here (fonts found on the system are resolved by the caller into [`RenderOptions`]). A redline
//! is just a document whose runs carry change marks, so each renderer shows redlines too.
//! A new format is one file plus one [`Format`] variant; the compiler finds every match to extend.

pub mod docx;
pub mod html;
pub mod markdown;
pub mod pdf;
pub mod text;

use crate::document::Document;
use crate::document::parallel::Parallel;

/// Output formats of `chancery build` (and of redlines).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// Plain text, one paragraph a line, blank lines between.
    Txt,
    /// Markdown in chancery's subset (re-readable by `diff` and `import`).
    Md,
    /// One self-contained HTML page.
    Html,
    /// Word document (tracked changes for redlines).
    Docx,
    /// PDF with embedded subset fonts.
    Pdf,
}

impl Format {
    /// The file extension, also the `--format` name.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Md => "md",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }

    /// Whether the format has a parallel layout ([`render_parallel`]): HTML, DOCX and PDF.
    pub fn has_parallel_layout(self) -> bool {
        matches!(self, Format::Html | Format::Docx | Format::Pdf)
    }

    /// Every format, in the order `build` writes them by default.
    pub const ALL: [Format; 5] = [
        Format::Txt,
        Format::Md,
        Format::Html,
        Format::Docx,
        Format::Pdf,
    ];
}

/// Options for all renderers; each format reads its own part.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    pub text: text::TextOptions,
    pub html: html::HtmlOptions,
    pub docx: docx::DocxOptions,
    pub pdf: pdf::PdfOptions,
}

/// Why a document could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A font given in the inputs could not be loaded or parsed.
    #[error("font `{name}` cannot be used: {reason}")]
    Font { name: String, reason: String },
    /// No font given to the PDF renderer has a glyph for a character of the text.
    #[error("{0}")]
    MissingGlyph(pdf::MissingGlyph),
    /// An input over one of the renderers' limits (a word too long to lay out).
    #[error("{what}: the limit is {limit}")]
    Limit { what: String, limit: String },
    /// The backend library failed.
    #[error("{format} export failed: {reason}")]
    Backend {
        format: &'static str,
        reason: String,
    },
}

/// Render `doc` in `format`.
pub fn render(
    doc: &Document,
    format: Format,
    opts: &RenderOptions,
) -> Result<Vec<u8>, RenderError> {
    match format {
        Format::Txt => Ok(text::render(doc, &opts.text).into_bytes()),
        Format::Md => Ok(markdown::render(doc).into_bytes()),
        Format::Html => Ok(html::render_with(doc, &opts.html).into_bytes()),
        Format::Docx => docx::render(doc, &opts.docx),
        Format::Pdf => pdf::render(doc, &opts.pdf),
    }
}

/// Render two language versions side by side in `format` (HTML, DOCX or PDF; see
/// [`Format::has_parallel_layout`]).
pub fn render_parallel(
    p: &Parallel,
    format: Format,
    opts: &RenderOptions,
) -> Result<Vec<u8>, RenderError> {
    match format {
        Format::Html => Ok(html::render_parallel(p).into_bytes()),
        Format::Docx => docx::render_parallel(p, &opts.docx),
        Format::Pdf => pdf::render_parallel(p, &opts.pdf),
        Format::Txt | Format::Md => Err(RenderError::Limit {
            what: format!("the parallel layout in {}", format.extension()),
            limit: "html, docx and pdf".to_owned(),
        }),
    }
}

/// Whether a language tag is Japanese (`ja`, `ja-JP`): such a text is set in its own faces,
/// line breaking and title phrases, and declares its language.
pub(crate) fn is_japanese(lang: &str) -> bool {
    lang == "ja" || lang.starts_with("ja-")
}
