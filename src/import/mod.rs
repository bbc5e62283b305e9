//! Reading a document that chancery did not assemble: plain text, Markdown or DOCX bytes in,
//! a [`Document`] out. This is how adopted statements, a counterpart's returned Word file or any
//! earlier version enter `diff` (and, later, the archive).
//!
//! Pure functions over bytes: the CLI reads the file (after checking its size against
//! [`ImportOptions::max_bytes`]) and names it in errors. Inputs are bounded: text and DOCX files
//! by size, and a DOCX additionally by its zip entries: what they declare they unpack to (in
//! total, each, and as a ratio to their packed size), and what they really unpack to, counted
//! while streaming each entry through a fixed buffer before the Word reader sees the package. A
//! crafted file (a zip bomb, one that lies about its sizes) is an error, never an allocation
//! without limit. Text that is not UTF-8 or holds NUL bytes (a binary file named `.txt`) and a
//! file with no text at all are errors too. A DOCX that carries tracked changes is read with all
//! of them accepted or all rejected ([`TrackedChanges`]). Word and Markdown files without
//! title-block styles get their heading block recognised as plain text does.

use std::io::Cursor;

use crate::document::{Block, BlockKind, Document, Marks, Meta, Run, markdown, plain};

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
        SourceKind::Docx => docx_blocks(bytes, opts)?,
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

/// Check the zip's directory before handing it to docx-rs: entry count and declared sizes.
fn check_package(bytes: &[u8], opts: &ImportOptions) -> Result<(), ImportError> {
    let docx_err = |reason: String| ImportError::Docx { reason };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| docx_err(format!("not a zip archive ({e})")))?;
    if zip.len() > 10_000 {
        return Err(docx_err(format!("{} entries in the package", zip.len())));
    }
    let mut total: u64 = 0;
    let mut has_document = false;
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|e| docx_err(format!("damaged zip entry ({e})")))?;
        has_document |= entry.name() == "word/document.xml";
        let (size, packed) = (entry.size(), entry.compressed_size());
        let bomb = |reason: String| ImportError::ZipBomb {
            entry: entry.name().to_owned(),
            reason,
        };
        if size > opts.max_entry {
            return Err(bomb(format!(
                "declares {size} bytes unpacked (the limit is {})",
                opts.max_entry
            )));
        }
        if size > 1 << 20 && size / packed.max(1) > opts.max_ratio {
            return Err(bomb(format!(
                "unpacks {size} bytes from {packed} (over {}:1)",
                opts.max_ratio
            )));
        }
        total = total.saturating_add(size);
    }
    if total > opts.max_unpacked {
        return Err(ImportError::TooLarge {
            size: total,
            limit: opts.max_unpacked,
        });
    }
    if !has_document {
        return Err(docx_err("no `word/document.xml` in the package".to_owned()));
    }
    // The declared sizes are the sender's word; the zip reader does not hold entries to them.
    // Stream every entry through a fixed buffer and stop one byte past what it declared.
    let mut buf = [0u8; 16 * 1024];
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| docx_err(format!("damaged zip entry ({e})")))?;
        let declared = entry.size();
        let name = entry.name().to_owned();
        let mut real: u64 = 0;
        let mut depth = XmlDepth::default();
        let xml = name.ends_with(".xml") || name.ends_with(".rels");
        loop {
            let n = std::io::Read::read(&mut entry, &mut buf).map_err(|e| {
                docx_err(format!(
                    "damaged zip entry `{name}` ({})",
                    e.to_string().to_lowercase()
                ))
            })?;
            if n == 0 {
                break;
            }
            real += n as u64;
            if real > declared {
                return Err(ImportError::ZipBomb {
                    entry: name,
                    reason: format!("unpacks to more than the {declared} bytes it declares"),
                });
            }
            if xml && depth.feed(&buf[..n]) > opts.max_depth {
                return Err(ImportError::TooDeep {
                    entry: name,
                    limit: opts.max_depth,
                });
            }
        }
    }
    Ok(())
}

/// The deepest element nesting of XML fed in chunks: a byte scanner that knows tags, quoted
/// attribute values, self-closing and end tags, and skips `<!…>` and `<?…>`. Not a parser: it
/// only has to bound the depth before the real parser runs.
#[derive(Debug, Default)]
struct XmlDepth {
    depth: u32,
    max: u32,
    state: TagState,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum TagState {
    #[default]
    Text,
    /// Just after `<`.
    Open,
    /// Inside a start tag (`closing` false) or an end tag; `quote` while in a value;
    /// `slash` when the last byte was `/`.
    Tag {
        closing: bool,
        quote: Option<u8>,
        slash: bool,
    },
    /// Inside `<!…>` or `<?…>`.
    Skip,
}

impl XmlDepth {
    /// Feed the next bytes; the deepest nesting so far.
    fn feed(&mut self, bytes: &[u8]) -> u32 {
        for &b in bytes {
            self.state = match (self.state, b) {
                (TagState::Text, b'<') => TagState::Open,
                (TagState::Text, _) => TagState::Text,
                (TagState::Open, b'/') => TagState::Tag {
                    closing: true,
                    quote: None,
                    slash: false,
                },
                (TagState::Open, b'!' | b'?') => TagState::Skip,
                (TagState::Open, _) => {
                    self.depth += 1;
                    self.max = self.max.max(self.depth);
                    TagState::Tag {
                        closing: false,
                        quote: None,
                        slash: false,
                    }
                }
                (
                    TagState::Tag {
                        closing,
                        quote: Some(q),
                        ..
                    },
                    b,
                ) => TagState::Tag {
                    closing,
                    quote: (b != q).then_some(q),
                    slash: false,
                },
                (
                    TagState::Tag {
                        closing,
                        quote: None,
                        slash,
                    },
                    b'>',
                ) => {
                    if closing || slash {
                        self.depth = self.depth.saturating_sub(1);
                    }
                    TagState::Text
                }
                (
                    TagState::Tag {
                        closing,
                        quote: None,
                        ..
                    },
                    b'"' | b'\'',
                ) => TagState::Tag {
                    closing,
                    quote: Some(b),
                    slash: false,
                },
                (
                    TagState::Tag {
                        closing,
                        quote: None,
                        ..
                    },
                    b,
                ) => TagState::Tag {
                    closing,
                    quote: None,
                    slash: b == b'/',
                },
                (TagState::Skip, b'>') => TagState::Text,
                (TagState::Skip, _) => TagState::Skip,
            };
        }
        self.max
    }
}

fn docx_blocks(bytes: &[u8], opts: &ImportOptions) -> Result<Vec<Block>, ImportError> {
    check_package(bytes, opts)?;
    let read_opts = docx_rs::ReadDocxOptions::default().with_image_previews(false);
    // docx-rs unwraps in places on malformed XML; a damaged file must be an error, not a crash.
    let read = std::panic::catch_unwind(|| docx_rs::read_docx_with_options(bytes, read_opts));
    let docx = match read {
        Ok(Ok(docx)) => docx,
        Ok(Err(e)) => {
            return Err(ImportError::Docx {
                reason: e.to_string().trim_end_matches('.').to_lowercase(),
            });
        }
        Err(_) => {
            return Err(ImportError::Docx {
                reason: "the reader failed on malformed XML".to_owned(),
            });
        }
    };
    let mut reader = DocxReader {
        tracked: opts.tracked,
        blocks: Vec::new(),
    };
    for child in &docx.document.children {
        reader.document_child(child);
    }
    Ok(reader.blocks)
}

struct DocxReader {
    tracked: TrackedChanges,
    blocks: Vec<Block>,
}

impl DocxReader {
    fn document_child(&mut self, child: &docx_rs::DocumentChild) {
        use docx_rs::DocumentChild as D;
        match child {
            D::Paragraph(p) => self.paragraph(p),
            D::Table(t) => self.table(t),
            D::StructuredDataTag(sdt) => self.sdt(sdt),
            D::BookmarkStart(_)
            | D::BookmarkEnd(_)
            | D::CommentStart(_)
            | D::CommentEnd(_)
            | D::TableOfContents(_)
            | D::Section(_) => {}
        }
    }

    fn table(&mut self, table: &docx_rs::Table) {
        for docx_rs::TableChild::TableRow(row) in &table.rows {
            for docx_rs::TableRowChild::TableCell(cell) in &row.cells {
                for content in &cell.children {
                    match content {
                        docx_rs::TableCellContent::Paragraph(p) => self.paragraph(p),
                        docx_rs::TableCellContent::Table(t) => self.table(t),
                        docx_rs::TableCellContent::StructuredDataTag(sdt) => self.sdt(sdt),
                        docx_rs::TableCellContent::TableOfContents(_) => {}
                    }
                }
            }
        }
    }

    fn sdt(&mut self, sdt: &docx_rs::StructuredDataTag) {
        use docx_rs::StructuredDataTagChild as S;
        for child in &sdt.children {
            match child {
                S::Paragraph(p) => self.paragraph(p),
                S::Table(t) => self.table(t),
                S::StructuredDataTag(inner) => self.sdt(inner),
                S::Run(_)
                | S::BookmarkStart(_)
                | S::BookmarkEnd(_)
                | S::CommentStart(_)
                | S::CommentEnd(_) => {}
            }
        }
    }

    fn paragraph(&mut self, p: &docx_rs::Paragraph) {
        let mut runs: Vec<Run> = Vec::new();
        self.paragraph_children(&p.children, &mut runs);
        // Spacing paragraphs, and paragraphs emptied by accepting or rejecting, are not text.
        if runs.iter().all(|r| r.text.trim().is_empty()) {
            return;
        }
        if let Some(first) = runs.first_mut() {
            first.text = first.text.trim_start().to_owned();
        }
        if let Some(last) = runs.last_mut() {
            last.text = last.text.trim_end().to_owned();
        }
        runs.retain(|r| !r.text.is_empty());
        let style = p.property.style.as_ref().map(|s| s.val.as_str());
        self.blocks.push(Block {
            kind: kind_of_style(style.unwrap_or("")),
            runs,
            clause: None,
            lang: None,
            change: None,
        });
    }

    fn paragraph_children(&self, children: &[docx_rs::ParagraphChild], runs: &mut Vec<Run>) {
        use docx_rs::ParagraphChild as P;
        let keep_inserted = self.tracked == TrackedChanges::Accept;
        for child in children {
            match child {
                P::Run(r) => push_run(runs, r),
                P::Insert(ins) if keep_inserted => {
                    for c in &ins.children {
                        match c {
                            docx_rs::InsertChild::Run(r) => push_run(runs, r),
                            // A deletion inside an insertion is gone either way.
                            docx_rs::InsertChild::Delete(_)
                            | docx_rs::InsertChild::CommentStart(_)
                            | docx_rs::InsertChild::CommentEnd(_) => {}
                        }
                    }
                }
                P::MoveTo(mv) if keep_inserted => {
                    for c in &mv.children {
                        match c {
                            docx_rs::MoveToChild::Run(r) => push_run(runs, r),
                            docx_rs::MoveToChild::Delete(_)
                            | docx_rs::MoveToChild::CommentStart(_)
                            | docx_rs::MoveToChild::CommentEnd(_) => {}
                        }
                    }
                }
                P::Delete(del) if !keep_inserted => {
                    for c in &del.children {
                        match c {
                            docx_rs::DeleteChild::Run(r) => push_run(runs, r),
                            docx_rs::DeleteChild::CommentStart(_)
                            | docx_rs::DeleteChild::CommentEnd(_) => {}
                        }
                    }
                }
                P::MoveFrom(mv) if !keep_inserted => {
                    for c in &mv.children {
                        match c {
                            docx_rs::MoveFromChild::Run(r) => push_run(runs, r),
                            docx_rs::MoveFromChild::CommentStart(_)
                            | docx_rs::MoveFromChild::CommentEnd(_) => {}
                        }
                    }
                }
                P::Insert(_) | P::MoveTo(_) | P::Delete(_) | P::MoveFrom(_) => {}
                P::Hyperlink(link) => self.paragraph_children(&link.children, runs),
                P::StructuredDataTag(sdt) => {
                    for c in &sdt.children {
                        if let docx_rs::StructuredDataTagChild::Run(r) = c {
                            push_run(runs, r);
                        }
                    }
                }
                P::BookmarkStart(_)
                | P::BookmarkEnd(_)
                | P::CommentStart(_)
                | P::CommentEnd(_)
                | P::PageNum(_)
                | P::NumPages(_) => {}
            }
        }
    }
}

/// The text of a run (text, deleted text, tabs and breaks), appended with its emphasis.
fn push_run(runs: &mut Vec<Run>, run: &docx_rs::Run) {
    use docx_rs::RunChild as R;
    let mut text = String::new();
    for child in &run.children {
        match child {
            R::Text(t) => text.push_str(&t.text),
            // `DeleteText` keeps its text private; its serde form is the documented way out.
            R::DeleteText(t) => {
                if let Ok(v) = serde_json::to_value(t)
                    && let Some(s) = v.get("text").and_then(|s| s.as_str())
                {
                    text.push_str(s);
                }
            }
            R::Tab(_) | R::PTab(_) => text.push('\t'),
            R::Break(_) | R::CarriageReturn(_) => text.push('\n'),
            R::Sym(_)
            | R::Drawing(_)
            | R::Shape(_)
            | R::CommentStart(_)
            | R::CommentEnd(_)
            | R::FieldChar(_)
            | R::InstrText(_)
            | R::DeleteInstrText(_)
            | R::InstrTextString(_)
            | R::FootnoteReference(_)
            | R::Shading(_) => {}
        }
    }
    if text.is_empty() {
        return;
    }
    let on = |v: Option<serde_json::Value>| v.and_then(|v| v.as_bool()).unwrap_or(false);
    let prop = &run.run_property;
    let marks = Marks {
        strong: on(prop
            .bold
            .as_ref()
            .and_then(|b| serde_json::to_value(b).ok())),
        emphasis: on(prop
            .italic
            .as_ref()
            .and_then(|i| serde_json::to_value(i).ok())),
        ..Marks::default()
    };
    match runs.last_mut() {
        Some(last) if last.marks == marks => last.text.push_str(&text),
        _ => runs.push(Run { text, marks }),
    }
}

/// Block kind from a paragraph style id: chancery's own DOCX styles and Word's built-ins.
fn kind_of_style(style: &str) -> BlockKind {
    let id: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    match id.as_str() {
        "title" => BlockKind::Title,
        "subtitle" => BlockKind::Subtitle,
        "date" => BlockKind::DateLine,
        "doneat" => BlockKind::DoneAt,
        _ => match id
            .strip_prefix("heading")
            .and_then(|n| n.parse::<u8>().ok())
        {
            Some(level @ 1..=6) => BlockKind::Heading { level },
            _ => BlockKind::Paragraph,
        },
    }
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

    // Nesting depth counts start tags, not self-closing or end tags, values or comments.
    #[test]
    fn xml_depth() {
        let mut d = XmlDepth::default();
        d.feed(b"<?xml version=\"1.0\"?><!-- <x> --><a k=\"</b>/\"><b/><c><d>t</d>");
        assert_eq!(d.feed(b"</c></a><e><f/></e>"), 3);
        let mut deep = XmlDepth::default();
        assert_eq!(deep.feed("<t>".repeat(500).as_bytes()), 500);
    }

    // Invalid UTF-8 reports the offset of the first bad byte.
    #[test]
    fn not_utf8() {
        let err = import(b"ab\xffcd", SourceKind::Text, &ImportOptions::default());
        assert_eq!(err, Err(ImportError::NotUtf8 { offset: 2 }));
    }

    fn docx_bytes(docx: docx_rs::Docx) -> Vec<u8> {
        let mut buf = Cursor::new(Vec::new());
        docx.build()
            .pack(&mut buf)
            .expect("docx-rs packs in memory");
        buf.into_inner()
    }

    // Tracked changes read as accepted or rejected; styles give block kinds.
    #[test]
    fn docx_tracked_changes() {
        use docx_rs::{Delete, Docx, Insert, Paragraph, Run as DRun};
        let docx = Docx::new()
            .add_paragraph(
                Paragraph::new()
                    .style("Title")
                    .add_run(DRun::new().add_text("Joint Statement")),
            )
            .add_paragraph(
                Paragraph::new()
                    .add_run(DRun::new().add_text("Both sides "))
                    .add_delete(Delete::new().add_run(DRun::new().add_delete_text("confirmed")))
                    .add_insert(Insert::new(DRun::new().add_text("reaffirmed")))
                    .add_run(DRun::new().add_text(" it & more.")),
            );
        let bytes = docx_bytes(docx);
        let read = |tracked| {
            let opts = ImportOptions {
                tracked,
                ..ImportOptions::default()
            };
            import(&bytes, SourceKind::Docx, &opts).expect("reads")
        };
        let accepted = read(TrackedChanges::Accept);
        assert_eq!(accepted.blocks[0].kind, BlockKind::Title);
        assert_eq!(
            accepted.blocks[1].plain_text(),
            "Both sides reaffirmed it & more."
        );
        let rejected = read(TrackedChanges::Reject);
        assert_eq!(
            rejected.blocks[1].plain_text(),
            "Both sides confirmed it & more."
        );
    }
}
