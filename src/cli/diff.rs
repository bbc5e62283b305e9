//! `chancery diff OLD NEW`: compare two versions of a statement and show the redline.
//!
//! Each side is a draft folder or its `meeting.toml` (assembled as `build` would, so runs know
//! which text came from data), or a `.txt`, `.md` or `.docx` file (read by [`crate::import`]).
//! The redline goes to standard output or `--out FILE` in the format asked (or the one the
//! file's extension names). Exit code 0 when the texts are equal, 1 when they differ, as
//! `diff` does; errors are 2 and above.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::workspace::{assemble_draft, write_atomic};
use crate::assemble::AssembleOptions;
use crate::diff::unified::{self, UnifiedOptions};
use crate::diff::{DiffOptions, Redline, diff};
use crate::document::{Document, SimpleDate};
use crate::error::{Diagnostic, Error};
use crate::import::{ImportOptions, SourceKind, import};
use crate::render::{self, Format, RenderOptions};

/// Output formats of a redline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DiffFormat {
    /// The document with `[-deleted-]{+inserted+}` markers, coloured on a terminal.
    #[value(alias = "terminal", alias = "txt")]
    Text,
    /// A unified diff, one paragraph per line.
    #[value(alias = "diff", alias = "patch")]
    Unified,
    /// One self-contained HTML page, inline or side by side.
    Html,
    /// Word with real tracked changes (accept or reject them in Word).
    Docx,
    /// PDF with coloured underline and strike-through.
    Pdf,
    /// The operations and statistics, for tools.
    Json,
}

impl DiffFormat {
    /// The format a file name's extension asks for.
    fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" => Some(DiffFormat::Text),
            "diff" | "patch" => Some(DiffFormat::Unified),
            "html" | "htm" => Some(DiffFormat::Html),
            "docx" => Some(DiffFormat::Docx),
            "pdf" => Some(DiffFormat::Pdf),
            "json" => Some(DiffFormat::Json),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            DiffFormat::Text => "text",
            DiffFormat::Unified => "unified",
            DiffFormat::Html => "html",
            DiffFormat::Docx => "docx",
            DiffFormat::Pdf => "pdf",
            DiffFormat::Json => "json",
        }
    }

    fn is_binary(self) -> bool {
        match self {
            DiffFormat::Docx | DiffFormat::Pdf => true,
            DiffFormat::Text | DiffFormat::Unified | DiffFormat::Html | DiffFormat::Json => false,
        }
    }
}

/// When to colour the text format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set.
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    /// The old version: a draft folder, a meeting.toml, or a .txt, .md or .docx file.
    old: PathBuf,
    /// The new version: same kinds as the old.
    new: PathBuf,
    /// Output format [default: text; with --out, the one the extension names]
    #[arg(long, short, value_enum)]
    format: Option<DiffFormat>,
    /// Write the redline to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Print the summary: paragraphs added, removed, changed, moved; words; share changed.
    /// Without --out, only the summary is printed.
    #[arg(long)]
    stat: bool,
    /// Hide edits that only come from data (ordinal, date, place, names): both sides drafts.
    #[arg(long)]
    substantive: bool,
    /// Colour the text format.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Unchanged paragraphs around each change (unified format).
    #[arg(long, default_value_t = 3, value_name = "N")]
    context: usize,
    /// Author of the tracked changes in a DOCX redline.
    #[arg(long, default_value = "chancery")]
    author: String,
    /// Date of the tracked changes in a DOCX redline, YYYY-MM-DD [default: the new draft's date]
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    date: Option<SimpleDate>,
    /// A templates folder for draft sides, instead of the workspace's.
    #[arg(long)]
    templates: Option<PathBuf>,
    /// Assemble draft sides as this party's copy (alternat).
    #[arg(long, value_name = "PARTY")]
    copy: Option<String>,
}

fn parse_date(text: &str) -> Result<SimpleDate, String> {
    crate::draft::parse_iso_date(text).ok_or_else(|| format!("`{text}` is not a date YYYY-MM-DD"))
}

pub(crate) fn run(args: &DiffArgs) -> Result<u8, Error> {
    let format = match (args.format, &args.out) {
        (Some(f), _) => f,
        (None, Some(out)) => DiffFormat::from_path(out).ok_or_else(|| {
            Error::usage(
                format!("cannot tell the format of `{}`", out.display()),
                "name the file .txt, .diff, .html, .docx, .pdf or .json, or give --format",
            )
        })?,
        (None, None) => DiffFormat::Text,
    };
    let to_stdout = args.out.is_none() && !args.stat;
    if to_stdout && format.is_binary() && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return Err(Error::usage(
            format!(
                "a `{}` redline is binary; not writing it to the terminal",
                format.name()
            ),
            "add --out FILE, or redirect standard output to a file",
        ));
    }

    // One read buffer for both sides: the second file reuses the first one's memory.
    let mut buf = Vec::new();
    let old = load_side(&args.old, args, &mut buf)?;
    let new = load_side(&args.new, args, &mut buf)?;
    drop(buf);
    let opts = DiffOptions {
        substantive_only: args.substantive,
        ..DiffOptions::default()
    };
    let redline = diff(&old, &new, &opts);
    let code = u8::from(!redline.stats.is_equal());

    // Like diff(1): equal sides print nothing to the terminal (the exit code says it); a file
    // asked for with --out, and machine formats, are still written.
    let silent = redline.stats.is_equal()
        && args.out.is_none()
        && matches!(format, DiffFormat::Text | DiffFormat::Unified);
    if (args.out.is_some() || !args.stat) && !silent {
        let color = match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => args.out.is_none() && super::stdout_color(),
        };
        let bytes = output(&redline, format, color, args)?;
        match &args.out {
            // A redline is rebuilt at will: atomic, but no need to force it to disk.
            Some(path) => write_atomic(path, &bytes, false)?,
            None => super::write_stdout(&bytes)?,
        }
    }
    if args.stat {
        super::write_stdout(format!("{}\n", redline.stats).as_bytes())?;
    }
    // The process exits next: handing the documents back to the allocator piece by piece
    // (tens of thousands of runs for a long text) would only delay the exit. Nothing else is
    // owned by them, so forgetting them leaks nothing the operating system does not reclaim.
    std::mem::forget((old, new, redline));
    Ok(code)
}

/// The redline in `format`, as bytes.
fn output(
    redline: &Redline,
    format: DiffFormat,
    color: bool,
    args: &DiffArgs,
) -> Result<Vec<u8>, Error> {
    let label = |p: &Path| p.display().to_string();
    let mut render_opts = RenderOptions::default();
    render_opts.text.color = color;
    render_opts.docx.revision_author = args.author.clone();
    render_opts.docx.revision_date = args.date;
    let bytes = match format {
        DiffFormat::Text => render::render(&redline.doc, Format::Txt, &render_opts)?,
        DiffFormat::Unified => unified::render(
            &redline.doc,
            &UnifiedOptions {
                old_label: label(&args.old),
                new_label: label(&args.new),
                context: args.context,
            },
        )
        .into_bytes(),
        DiffFormat::Html => render::render(&redline.doc, Format::Html, &render_opts)?,
        DiffFormat::Docx => render::render(&redline.doc, Format::Docx, &render_opts)?,
        DiffFormat::Pdf => render::render(&redline.doc, Format::Pdf, &render_opts)?,
        DiffFormat::Json => {
            crate::diff::json(redline, &label(&args.old), &label(&args.new)).into_bytes()
        }
    };
    Ok(bytes)
}

/// Load one side: a draft (folder or .toml) is assembled; a file is imported by its extension.
fn load_side(path: &Path, args: &DiffArgs, buf: &mut Vec<u8>) -> Result<Document, Error> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if path.is_dir() || ext.as_deref() == Some("toml") {
        let opts = AssembleOptions {
            copy: args.copy.clone(),
            final_copy: false,
        };
        let (_, assembled) = assemble_draft(path, args.templates.as_deref(), &opts)?;
        super::report(&assembled.warnings);
        return Ok(assembled.document);
    }
    let Some(kind) = ext.as_deref().and_then(SourceKind::from_extension) else {
        return Err(Error::usage(
            format!("cannot tell what kind of document `{}` is", path.display()),
            "give a draft folder, a meeting.toml, or a .txt, .md or .docx file",
        ));
    };
    let opts = ImportOptions::default();
    let meta = std::fs::metadata(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if meta.len() > opts.max_bytes {
        let e = crate::import::ImportError::TooLarge {
            size: meta.len(),
            limit: opts.max_bytes,
        };
        return Err(invalid(path, &e));
    }
    buf.clear();
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_to_end(&mut f, buf))
        .map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
    import(buf, kind, &opts).map_err(|e| invalid(path, &e))
}

fn invalid(path: &Path, e: &crate::import::ImportError) -> Error {
    Error::Invalid(vec![
        Diagnostic::error(path, None, e.to_string()).hint(e.hint()),
    ])
}
