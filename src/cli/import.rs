//! `chancery import FILE --into DRAFT`: read an earlier statement kept as .txt, .md or .docx and
//! store its text as the draft folder's `adopted.txt`, where `diff`, `provenance` and
//! `clauses extract` find it.
//!
//! Also the file readers the archive commands share: a statement file through
//! [`crate::import`] (size checked before reading), or a draft assembled as `build` would.
//! An existing adopted file is never replaced without `--force`.

use std::path::{Path, PathBuf};

use clap::Args;

use super::workspace::{assemble_draft, write_atomic};
use crate::assemble::AssembleOptions;
use crate::document::{BlockKind, Document};
use crate::error::{Diagnostic, Error};
use crate::import::{ImportError, ImportOptions, SourceKind, TrackedChanges, import};
use crate::render::text::{TextOptions, render};

/// File names an adopted statement may have in a draft folder, in order of preference.
pub(crate) const ADOPTED: [&str; 3] = ["adopted.txt", "adopted.md", "adopted.docx"];

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// The statement: a .txt, .md or .docx file.
    file: PathBuf,
    /// The draft folder to store it in, as adopted.txt (created if missing).
    #[arg(long, value_name = "DRAFT")]
    into: PathBuf,
    /// Replace an adopted statement the folder already has.
    #[arg(long)]
    force: bool,
    /// Read a DOCX with its tracked changes rejected (default: accepted).
    #[arg(long)]
    reject_changes: bool,
}

pub(crate) fn run(args: &ImportArgs) -> Result<u8, Error> {
    let opts = ImportOptions {
        tracked: if args.reject_changes {
            TrackedChanges::Reject
        } else {
            TrackedChanges::Accept
        },
        ..ImportOptions::default()
    };
    let doc = import_file(&args.file, &opts)?;
    if args.into.exists() && !args.into.is_dir() {
        return Err(Error::usage(
            format!("`{}` is not a folder", args.into.display()),
            "give the draft folder the statement belongs to, e.g. drafts/2013-03-11-tokyo-1st",
        ));
    }
    let source = args.file.canonicalize().ok();
    let existing: Vec<PathBuf> = ADOPTED
        .iter()
        .map(|name| args.into.join(name))
        .filter(|p| p.is_file() && p.canonicalize().ok() != source)
        .collect();
    if let Some(first) = existing.first()
        && !args.force
    {
        return Err(Error::usage(
            format!("`{}` already exists; not replacing it", first.display()),
            "add --force to replace the adopted statement",
        ));
    }
    let out = args.into.join(ADOPTED[0]);
    let text = render(&doc, &TextOptions::default());
    write_atomic(&out, text.as_bytes(), true)?;
    let count = |kind: &BlockKind| doc.blocks.iter().filter(|b| &b.kind == kind).count();
    let heading: Vec<&str> = [
        (BlockKind::Title, "title"),
        (BlockKind::Subtitle, "subtitle"),
        (BlockKind::DateLine, "date line"),
    ]
    .iter()
    .filter(|(k, _)| count(k) > 0)
    .map(|(_, name)| *name)
    .collect();
    let body = doc.blocks.iter().filter(|b| b.is_textual()).count()
        - count(&BlockKind::Title)
        - count(&BlockKind::Subtitle)
        - count(&BlockKind::DateLine);
    let heading = if heading.is_empty() {
        "no heading block recognised".to_owned()
    } else {
        heading.join(", ")
    };
    #[allow(clippy::print_stderr)]
    {
        eprintln!("wrote {} ({heading}; {body} paragraphs)", out.display());
    }
    Ok(0)
}

/// Read a statement file (.txt, .md, .docx) into a document, checking its size before reading.
pub(crate) fn import_file(path: &Path, opts: &ImportOptions) -> Result<Document, Error> {
    let Some(kind) = path
        .extension()
        .and_then(|e| e.to_str())
        .and_then(SourceKind::from_extension)
    else {
        return Err(Error::usage(
            format!("cannot tell what kind of document `{}` is", path.display()),
            "give a .txt, .md or .docx file",
        ));
    };
    let meta = std::fs::metadata(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if !meta.is_file() {
        return Err(Error::usage(
            format!("`{}` is not a file", path.display()),
            "give a .txt, .md or .docx file",
        ));
    }
    if meta.len() > opts.max_bytes {
        return Err(invalid(
            path,
            &ImportError::TooLarge {
                size: meta.len(),
                limit: opts.max_bytes,
            },
        ));
    }
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    import(&bytes, kind, opts).map_err(|e| invalid(path, &e))
}

/// A draft (folder or meeting.toml) assembled, or a statement file imported.
pub(crate) fn load_document(
    path: &Path,
    templates: Option<&Path>,
    copy: Option<&str>,
) -> Result<Document, Error> {
    let is_toml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    if path.is_dir() || is_toml {
        let opts = AssembleOptions {
            copy: copy.map(str::to_owned),
            ..AssembleOptions::default()
        };
        let (_, assembled) = assemble_draft(path, templates, &opts)?;
        super::report(&assembled.warnings);
        return Ok(assembled.document);
    }
    if !path.exists() {
        return Err(Error::usage(
            format!("no draft or file at `{}`", path.display()),
            "give a draft folder, a meeting.toml, or a .txt, .md or .docx file",
        ));
    }
    import_file(path, &ImportOptions::default())
}

/// docx-rs panics on some malformed XML (an unparsable width, say). [`crate::import`] catches
/// that and reports a clear error, so the panic message itself is only noise on the terminal:
/// panics raised inside docx-rs print nothing; every other panic prints as before.
pub(crate) fn quiet_reader_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let in_reader = info
            .location()
            .is_some_and(|l| l.file().contains("docx-rs") || l.file().contains("docx_rs"));
        if !in_reader {
            default(info);
        }
    }));
}

fn invalid(path: &Path, e: &ImportError) -> Error {
    Error::Invalid(vec![
        Diagnostic::error(path, None, e.to_string()).hint(e.hint()),
    ])
}
