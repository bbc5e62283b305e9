//! Reading a document that chancery did not assemble: plain text, Markdown or DOCX bytes in,
//! a [`Document`] out. This is how adopted statements, a counterpart's returned Word file or any
//! earlier version enter `diff` (and, later, the archive).
//!
//! Pure functions over bytes: the CLI reads the file (after checking its size against
//! [`ImportOptions::max_bytes`]) and names it in errors. Inputs are bounded: text and DOCX files
//! by size, and a DOCX additionally by its zip entries: what they declare they unpack to (in
//! total, each, and as a ratio to their packed size), what they really unpack to, counted while
//! streaming each entry through a fixed buffer, and how deep their XML nests, all before the
//! Word reader sees the package. A crafted file (a zip bomb, one that lies about its sizes, one
//! nested to overflow the reader's stack) is an error, never an allocation without limit. Text that is not UTF-8 or holds NUL bytes (a binary file named `.txt`) and a
//! file with no text at all are errors too. A DOCX that carries tracked changes is read with all
//! of them accepted or all rejected ([`TrackedChanges`]). Word and Markdown files without
//! title-block styles get their heading block recognised as plain text does.
//!
//! The readers are apart from the package checks: [`package`] bounds a DOCX (zip entries and
//! XML nesting) and knows nothing of Word content; [`docx`] reads the Word body of a package
//! that passed; text and Markdown are read here, by the document module's parsers.

mod docx;
mod package;
pub mod revisions;

use crate::document::{Document, Meta, markdown, plain};

/// What kind of file a side is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// Plain text: paragraphs separated by blank lines (`.txt`).
    Text,
    /// chancery's Markdown subset (`.md`).
    Markdown,
    /// A Word document (`.docx`).
    Docx,
}

impl SourceKind {
    /// The kind a file extension names (case-insensitive), if any.
    pub fn from_extension(ext: &str) -> Option<Self> {
        match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(SourceKind::Text),
            "md" | "markdown" => Some(SourceKind::Markdown),
            "docx" => Some(SourceKind::Docx),
            _ => None,
        }
    }
}

/// Which text of a DOCX with tracked changes to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TrackedChanges {
    /// As if every change were accepted: insertions kept, deletions dropped.
    #[default]
    Accept,
    /// As if every change were rejected: the text before the changes.
    Reject,
}

/// Options of [`import`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// How to read tracked changes in a DOCX. Default: accept them (the document as it reads).
    pub tracked: TrackedChanges,
    /// Largest input accepted, in bytes. Default 64 MiB: a statement is a few kilobytes, and
    /// the cap keeps a wrong path (a disk image, a video) from being read into memory.
    pub max_bytes: u64,
    /// Largest total a DOCX's zip entries may declare they unpack to. Default 256 MiB.
    pub max_unpacked: u64,
    /// Largest size one DOCX entry may unpack to (declared or real). Default 64 MiB.
    pub max_entry: u64,
    /// Largest unpacked-to-packed ratio of a DOCX entry over 1 MiB. Default 100: Word's XML
    /// packs about 10:1, a zip bomb 1000:1.
    pub max_ratio: u64,
    /// Deepest element nesting of a DOCX's XML parts. Default 64: a statement nests about 10
    /// deep (drawings and text boxes about 30), and the Word reader recurses per level (tables
    /// in tables), so a crafted file could otherwise overflow the stack, which no error handling
    /// can catch. At 64, even a debug build on a 2 MiB thread stack keeps a wide margin.
    pub max_depth: u32,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            tracked: TrackedChanges::Accept,
            max_bytes: 64 << 20,
            max_unpacked: 256 << 20,
            max_entry: 64 << 20,
            max_ratio: 100,
            max_depth: 64,
        }
    }
}

/// Why a file could not be read as a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The input is over [`ImportOptions::max_bytes`] (or unpacks to over `max_unpacked`).
    #[error("the file is too large ({size} bytes; the limit is {limit})")]
    TooLarge { size: u64, limit: u64 },
    /// Text that is not UTF-8.
    #[error("the file is not UTF-8 text (invalid byte at offset {offset})")]
    NotUtf8 { offset: usize },
    /// Not a zip archive, or not a Word document inside.
    #[error("the file is not a readable DOCX: {reason}")]
    Docx { reason: String },
    /// A DOCX entry that unpacks far beyond its packed size, or beyond what it declares.
    #[error("the file looks like a zip bomb: entry `{entry}` {reason}")]
    ZipBomb { entry: String, reason: String },
    /// XML nested deeper than [`ImportOptions::max_depth`].
    #[error("the file nests its XML too deeply: entry `{entry}` is over {limit} levels deep")]
    TooDeep { entry: String, limit: u32 },
    /// Text with NUL bytes: a binary file.
    #[error("the file is binary, not text (NUL byte at offset {offset})")]
    Binary { offset: usize },
    /// Nothing to read: no text at all.
    #[error("the file holds no text")]
    Empty,
}

impl ImportError {
    /// What the user can do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            ImportError::TooLarge { .. } => "compare the statements themselves, not archives",
            ImportError::NotUtf8 { .. } => "save the file as UTF-8",
            ImportError::Docx { .. } => {
                "open it in Word or LibreOffice and save it again as .docx (Word 2007-365)"
            }
            ImportError::ZipBomb { .. } | ImportError::TooDeep { .. } => {
                "this is not a statement; check where the file came from"
            }
            ImportError::Binary { .. } => {
                "give a .txt, .md or .docx statement; a Word file must be named .docx"
            }
            ImportError::Empty => "check that this is the right file",
        }
    }
}

/// Read `bytes` of `kind` into a document with untitled metadata.
pub fn import(
    bytes: &[u8],
    kind: SourceKind,
    opts: &ImportOptions,
) -> Result<Document, ImportError> {
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if size > opts.max_bytes {
        return Err(ImportError::TooLarge {
            size,
            limit: opts.max_bytes,
        });
    }
    let mut blocks = match kind {
        SourceKind::Text => plain::parse_plain_text(text(bytes)?),
        SourceKind::Markdown => markdown::parse_blocks(text(bytes)?),
        SourceKind::Docx => {
            package::check_package(bytes, opts)?;
            docx::read_blocks(bytes, opts.tracked)?
        }
    };
    if !blocks.iter().any(|b| !b.plain_text().trim().is_empty()) {
        return Err(ImportError::Empty);
    }
    match kind {
        // Plain text recognises its heading block as it parses.
        SourceKind::Text => {}
        SourceKind::Markdown | SourceKind::Docx => plain::recognise_heading_block(&mut blocks),
    }
    Ok(Document {
        meta: Meta::untitled(),
        blocks,
    })
}

/// The XML parts of a DOCX that a returned file's changes are read from, after the package
/// checks of [`import`] (size, zip bombs, nesting): `word/document.xml` and, when present,
/// `word/comments.xml`, `word/commentsExtended.xml` and `docProps/custom.xml`.
pub fn docx_parts(bytes: &[u8], opts: &ImportOptions) -> Result<DocxParts, ImportError> {
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if size > opts.max_bytes {
        return Err(ImportError::TooLarge {
            size,
            limit: opts.max_bytes,
        });
    }
    package::check_package(bytes, opts)?;
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| ImportError::Docx {
            reason: format!("not a zip archive ({e})"),
        })?;
    let mut part = |name: &str| -> Result<Option<String>, ImportError> {
        let Ok(mut entry) = zip.by_name(name) else {
            return Ok(None);
        };
        let mut text = String::new();
        std::io::Read::read_to_string(&mut entry, &mut text).map_err(|e| ImportError::Docx {
            reason: format!("`{name}` is not readable UTF-8 XML ({e})"),
        })?;
        Ok(Some(text))
    };
    let document = part("word/document.xml")?.ok_or_else(|| ImportError::Docx {
        reason: "no word/document.xml".to_owned(),
    })?;
    Ok(DocxParts {
        document,
        comments: part("word/comments.xml")?,
        comments_extended: part("word/commentsExtended.xml")?,
        custom: part("docProps/custom.xml")?,
    })
}

/// The parts [`docx_parts`] returns.
#[derive(Debug, Clone, Default)]
pub struct DocxParts {
    pub document: String,
    pub comments: Option<String>,
    pub comments_extended: Option<String>,
    pub custom: Option<String>,
}

/// The bytes as text: UTF-8 without NUL bytes (which no text file holds, and every binary
/// format does, so a binary file is named as such rather than as a bad encoding).
fn text(bytes: &[u8]) -> Result<&str, ImportError> {
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(ImportError::Binary { offset });
    }
    std::str::from_utf8(bytes).map_err(|e| ImportError::NotUtf8 {
        offset: e.valid_up_to(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Extensions choose the reader; unknown ones do not guess.
    #[test]
    fn kinds_from_extensions() {
        assert_eq!(SourceKind::from_extension("TXT"), Some(SourceKind::Text));
        assert_eq!(SourceKind::from_extension("md"), Some(SourceKind::Markdown));
        assert_eq!(SourceKind::from_extension("docx"), Some(SourceKind::Docx));
        assert_eq!(SourceKind::from_extension("doc"), None);
    }

    // Bytes that are not a zip are a clear DOCX error, not a panic.
    #[test]
    fn corrupt_docx_is_an_error() {
        let err = import(b"not a zip", SourceKind::Docx, &ImportOptions::default());
        assert!(matches!(err, Err(ImportError::Docx { .. })), "{err:?}");
    }

    // Over the size cap, nothing is parsed.
    #[test]
    fn size_cap() {
        let opts = ImportOptions {
            max_bytes: 4,
            ..ImportOptions::default()
        };
        assert_eq!(
            import(b"hello world", SourceKind::Text, &opts),
            Err(ImportError::TooLarge { size: 11, limit: 4 })
        );
    }

    // Invalid UTF-8 reports the offset of the first bad byte.
    #[test]
    fn not_utf8() {
        let err = import(b"ab\xffcd", SourceKind::Text, &ImportOptions::default());
        assert_eq!(err, Err(ImportError::NotUtf8 { offset: 2 }));
    }
}
