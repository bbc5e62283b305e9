//! `chancery import FILE --into DRAFT`: read an earlier statement kept as .txt, .md or .docx and
//! store its text as the draft folder's `adopted.txt`, where `diff`, `provenance` and
//! `clauses extract` find it.
//!
//! The file is read by the one loader ([`super::side`]); an existing adopted file is never
//! replaced without `--force`.

use std::path::PathBuf;

use chancery::document::{BlockKind, Document};
use chancery::error::Error;
use chancery::import::{ImportOptions, TrackedChanges};
use chancery::render::text::{TextOptions, render};
use clap::Args;

use super::side::read_statement;
use super::workspace::write_atomic;

/// File names an adopted statement may have in a draft folder, in order of preference.
pub(crate) const ADOPTED: [&str; 3] = ["adopted.txt", "adopted.md", "adopted.docx"];

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  chancery import statement-2013.docx --into drafts/2013-03-11-tokyo-1st\n  chancery import returned.docx --into drafts/x --reject-changes --force"
)]
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
    let doc = read_statement(&args.file, &opts, &mut Vec::new())?;
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
    super::report::info(&format!("wrote {} ({})", out.display(), summary(&doc)));
    Ok(0)
}

/// What was recognised: "title, subtitle, date line; 12 paragraphs".
fn summary(doc: &Document) -> String {
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
    format!("{heading}; {body} paragraphs")
}

/// docx-rs panics on some malformed XML (an unparsable width, say). [`chancery::import`] catches
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
