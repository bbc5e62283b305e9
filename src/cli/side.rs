//! The one document loader of the commands that read earlier statements (`diff`, `import`,
//! `provenance`, `clauses extract`): a draft (folder or meeting.toml) assembled as `build`
//! would, or a statement file (.txt, .md, .docx) read into a document.
//!
//! The rules are the library's ([`chancery::load`]): which kind a name is, how large a file may
//! be, how bytes become a document. Here are only the file system's questions (is it a folder,
//! a file, how big), asked in one order for every command: kind, then size, then the bytes.

use std::io::Read;
use std::path::Path;

use chancery::assemble::AssembleOptions;
use chancery::document::Document;
use chancery::error::Error;
use chancery::import::{ImportOptions, SourceKind};
use chancery::load::{SideKind, check_size, statement};

/// How a draft side is assembled.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct DraftSide<'a> {
    /// A templates folder instead of the workspace's.
    pub(crate) templates: Option<&'a Path>,
    /// The party whose copy to assemble (alternat).
    pub(crate) copy: Option<&'a str>,
    /// The language to assemble (one of the draft's; `None`: its own).
    pub(crate) lang: Option<&'a str>,
}

/// A draft (folder or meeting.toml) assembled, or a statement file read; `buf` is reused
/// between calls, so that a second side needs no new memory.
pub(crate) fn load_side(
    path: &Path,
    draft: DraftSide<'_>,
    buf: &mut Vec<u8>,
) -> Result<Document, Error> {
    let kind = if path.is_dir() {
        Some(SideKind::Draft)
    } else {
        SideKind::of(path)
    };
    match kind {
        Some(SideKind::Draft) => {
            let opts = AssembleOptions {
                copy: draft.copy.map(str::to_owned),
                final_copy: false,
            };
            let loaded = super::workspace::load_draft(path, draft.templates)?;
            let assembled = match draft.lang {
                Some(lang) => loaded.in_language(lang)?.assemble(&opts)?,
                None => loaded.assemble(&opts)?,
            };
            super::report(&assembled.warnings);
            Ok(assembled.document)
        }
        Some(SideKind::Statement(kind)) => read_kind(path, kind, &ImportOptions::default(), buf),
        None => Err(unknown_kind(
            path,
            "give a draft folder, a meeting.toml, or a .txt, .md or .docx file",
        )),
    }
}

/// A statement file (.txt, .md, .docx) read into a document, its size checked before reading.
pub(crate) fn read_statement(
    path: &Path,
    opts: &ImportOptions,
    buf: &mut Vec<u8>,
) -> Result<Document, Error> {
    match SideKind::of(path) {
        Some(SideKind::Statement(kind)) => read_kind(path, kind, opts, buf),
        Some(SideKind::Draft) | None => Err(unknown_kind(path, "give a .txt, .md or .docx file")),
    }
}

fn read_kind(
    path: &Path,
    kind: SourceKind,
    opts: &ImportOptions,
    buf: &mut Vec<u8>,
) -> Result<Document, Error> {
    let read_error = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read_error)?;
    if !meta.is_file() {
        return Err(Error::usage(
            format!("`{}` is not a file", path.display()),
            "give a .txt, .md or .docx file",
        ));
    }
    check_size(path, meta.len(), opts)?;
    buf.clear();
    std::fs::File::open(path)
        .and_then(|mut f| f.read_to_end(buf))
        .map_err(read_error)?;
    statement(path, buf, kind, opts)
}

fn unknown_kind(path: &Path, hint: &str) -> Error {
    Error::usage(
        format!("cannot tell what kind of document `{}` is", path.display()),
        hint,
    )
}
