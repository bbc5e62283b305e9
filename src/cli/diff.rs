//! `chancery diff OLD NEW`: compare two versions of a statement and show the redline.
//!
//! Each side is a draft folder or its `meeting.toml` (assembled as `build` would, so runs know
//! which text came from data), or a `.txt`, `.md` or `.docx` file (read by [`chancery::import`]).
//! The redline goes to standard output or `--out FILE` in the format asked (or the one the
//! file's extension names). Exit code 0 when the texts are equal, 1 when they differ, as
//! `diff` does; errors are 2 and above.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use chancery::diff::unified::{self, UnifiedOptions};
use chancery::diff::{DiffOptions, Ignore, Redline, diff};
use chancery::document::{Document, Origin, SimpleDate};
use chancery::error::Error;
use chancery::render::{self, Format, RenderOptions};
use clap::{Args, ValueEnum};

use super::side::{DraftSide, load_side};
use super::workspace::write_atomic;
use super::{ByExtension, ColorChoice};

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

impl ByExtension for DiffFormat {
    fn extensions(self) -> &'static [&'static str] {
        match self {
            DiffFormat::Text => &["txt"],
            DiffFormat::Unified => &["diff", "patch"],
            DiffFormat::Html => &["html", "htm"],
            DiffFormat::Docx => &["docx"],
            DiffFormat::Pdf => &["pdf"],
            DiffFormat::Json => &["json"],
        }
    }
}

impl DiffFormat {
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

/// What the text format's markers mean: in `--help`, and the `legend:` line of `--stat`.
const LEGEND: &str = "[-deleted-] {+inserted+} [<moved away from here<] {>moved here>} \
                      {¶} paragraph split here [¶] paragraphs merged here";

#[derive(Debug, Args)]
#[command(after_help = concat!(
    "Text format markers: [-deleted-] {+inserted+}; a moved paragraph is [<…<] at its old place \
     and {>…>} at its new one, with its own word edits marked inside; a paragraph split in two \
     ends its first part with {¶}, and two paragraphs merged into one show [¶] where they met, \
     each with only the words that changed marked.\n\
     Without colour these markers are the redline; with colour, red strike-through is deleted, \
     green underline inserted, magenta moved.\n\n\
     Examples:\n  \
     chancery diff drafts/2014-05-09-washington-2nd/adopted.txt drafts/2015-tokyo-3rd --stat\n  \
     chancery diff drafts/2014-05-09-washington-2nd drafts/2015-tokyo-3rd --substantive\n  \
     chancery diff old.docx new.docx --out redline.docx --author \"Protocol Office\""
))]
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
    /// Print the summary: paragraphs added, removed, changed, moved (split, merged); words;
    /// share changed.
    /// Without --out, only the summary is printed.
    #[arg(long)]
    stat: bool,
    /// Hide edits that only come from data (ordinal, date, place, names): both sides drafts.
    #[arg(long)]
    substantive: bool,
    /// Do not count these differences as edits (comma-separated): `typography` (quotes,
    /// apostrophes, dashes, non-breaking and repeated spaces), `case`. The redline shows the
    /// new text there; --stat says how many changes were ignored.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "WHAT")]
    ignore: Vec<IgnoreWhat>,
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
    /// Assemble draft sides in this language (one of the drafts' `[document] languages`).
    #[arg(long, value_name = "LANG")]
    lang: Option<String>,
}

/// What `--ignore` can leave out of the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum IgnoreWhat {
    /// Quotes, apostrophes, dashes, non-breaking and repeated spaces.
    Typography,
    /// Upper and lower case.
    Case,
}

fn parse_date(text: &str) -> Result<SimpleDate, String> {
    SimpleDate::parse_iso(text).ok_or_else(|| format!("`{text}` is not a date YYYY-MM-DD"))
}

/// A comparison, checked: the output format and options resolved from the arguments.
#[derive(Debug)]
struct DiffPlan<'a> {
    old: &'a Path,
    new: &'a Path,
    format: DiffFormat,
    /// Where the redline goes (`None`: standard output).
    out: Option<&'a Path>,
    /// Print the statistics.
    stat: bool,
    side: DraftSide<'a>,
    diff: DiffOptions,
    render: RenderOptions,
    unified: UnifiedOptions,
}

impl<'a> DiffPlan<'a> {
    fn from_args(args: &'a DiffArgs) -> Result<Self, Error> {
        let format = DiffFormat::resolve(args.format, args.out.as_deref(), DiffFormat::Text)?;
        let to_stdout = args.out.is_none() && !args.stat;
        if to_stdout && format.is_binary() && std::io::stdout().is_terminal() {
            return Err(Error::usage(
                format!(
                    "a `{}` redline is binary; not writing it to the terminal",
                    format.name()
                ),
                "add --out FILE, or redirect standard output to a file",
            ));
        }
        let mut render = RenderOptions::default();
        render.text.color = args.color.resolve(args.out.is_none());
        render.docx.revision_author = args.author.clone();
        render.docx.revision_date = args.date;
        Ok(DiffPlan {
            old: &args.old,
            new: &args.new,
            format,
            out: args.out.as_deref(),
            stat: args.stat,
            side: DraftSide {
                templates: args.templates.as_deref(),
                copy: args.copy.as_deref(),
                lang: args.lang.as_deref(),
            },
            diff: DiffOptions {
                substantive_only: args.substantive,
                ignore: Ignore {
                    typography: args.ignore.contains(&IgnoreWhat::Typography),
                    case: args.ignore.contains(&IgnoreWhat::Case),
                },
                ..DiffOptions::default()
            },
            render,
            unified: UnifiedOptions {
                old_label: args.old.display().to_string(),
                new_label: args.new.display().to_string(),
                context: args.context,
            },
        })
    }
}

pub(crate) fn run(args: &DiffArgs) -> Result<u8, Error> {
    let plan = DiffPlan::from_args(args)?;
    // One read buffer for both sides: the second file reuses the first one's memory.
    let mut buf = Vec::new();
    let old = load_side(plan.old, plan.side, &mut buf)?;
    let new = load_side(plan.new, plan.side, &mut buf)?;
    drop(buf);
    if plan.diff.substantive_only {
        check_data_marks(&[(plan.old, &old), (plan.new, &new)])?;
    }
    let redline = diff(&old, &new, &plan.diff);
    let code = u8::from(!redline.stats.is_equal());

    // Like diff(1): equal sides print nothing to the terminal (the exit code says it); a file
    // asked for with --out, and machine formats, are still written.
    let silent = redline.stats.is_equal()
        && plan.out.is_none()
        && matches!(plan.format, DiffFormat::Text | DiffFormat::Unified);
    if plan.out.is_none() && !plan.stat && !silent && plan.format == DiffFormat::Text {
        // The text redline of a long document is megabytes: written a block at a time, it is
        // never built whole.
        write_text_stdout(&redline, &plan)?;
    } else if (plan.out.is_some() || !plan.stat) && !silent {
        let bytes = output(&redline, &plan)?;
        match plan.out {
            // A redline is rebuilt at will: atomic, but no need to force it to disk.
            Some(path) => write_atomic(path, &bytes, false)?,
            None => super::write_stdout(&bytes)?,
        }
    }
    if plan.stat {
        super::write_stdout(format!("{}\nlegend: {LEGEND}\n", redline.stats).as_bytes())?;
    }
    if plan.out.is_none() && matches!(plan.format, DiffFormat::Text) {
        for side in [plan.old, plan.new] {
            if let Some(summary) = tracked_summary(side) {
                super::write_stdout(summary.as_bytes())?;
            }
        }
    }
    // The process exits next: handing the documents back to the allocator piece by piece
    // (tens of thousands of runs for a long text) would only delay the exit. Nothing else is
    // owned by them, so forgetting them leaks nothing the operating system does not reclaim.
    std::mem::forget((old, new, redline));
    Ok(code)
}

/// A returned Word file's tracked changes and comments, each with its author and date and the
/// paragraph it is in (counting the file's body paragraphs from 1); `None` for any other side,
/// or a file without any.
fn tracked_summary(path: &Path) -> Option<String> {
    use chancery::import::revisions::{Kind, Piece};
    if !path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
    {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let returned =
        chancery::load::returned_docx(path, &bytes, &chancery::import::ImportOptions::default())
            .ok()?;
    let mut lines = Vec::new();
    let body = returned.paragraphs.iter().filter(|p| !p.in_table);
    for (n, p) in body.enumerate() {
        for piece in &p.pieces {
            let Piece::Text { text, kind } = piece else {
                continue;
            };
            let Some(r) = kind.revision() else { continue };
            let what = match kind {
                Kind::Inserted(_) => "inserted",
                Kind::Deleted(_) => "deleted",
                Kind::MovedTo(_) => "moved here",
                Kind::MovedFrom(_) => "moved away",
                Kind::Plain => continue,
            };
            let day = r.date.get(..10).unwrap_or(&r.date);
            lines.push(format!(
                "  ¶{} {} {}{}: \"{}\"",
                n + 1,
                what,
                r.author,
                if day.is_empty() {
                    String::new()
                } else {
                    format!(", {day}")
                },
                text.trim()
            ));
        }
        if let Some(r) = &p.mark_deleted {
            lines.push(format!(
                "  ¶{} paragraph mark deleted (joined to the next) {}",
                n + 1,
                r.author
            ));
        }
    }
    for c in &returned.comments {
        let reply = if c.reply_to.is_some() {
            "reply"
        } else {
            "comment"
        };
        lines.push(format!("  {reply} by {}: \"{}\"", c.author, c.text));
    }
    if lines.is_empty() {
        return None;
    }
    Some(format!(
        "tracked changes and comments in {} ({}):\n{}\n",
        path.display(),
        lines.len(),
        lines.join("\n")
    ))
}

/// `--substantive` needs to know which text came from data: a side without any data value (a
/// `.txt`, `.md` or `.docx` file) would make it silently do nothing, so that is a usage error.
fn check_data_marks(sides: &[(&Path, &Document)]) -> Result<(), Error> {
    let plain: Vec<String> = sides
        .iter()
        .filter(|(_, doc)| {
            !doc.blocks
                .iter()
                .flat_map(|b| &b.runs)
                .any(|r| r.marks.origin == Origin::Value)
        })
        .map(|(path, _)| format!("`{}`", path.display()))
        .collect();
    if plain.is_empty() {
        return Ok(());
    }
    Err(Error::usage(
        format!(
            "--substantive needs data marks on both sides, and {} has none (only a draft \
             folder or its meeting.toml knows which words came from data)",
            plain.join(" and ")
        ),
        "compare two drafts, or leave out --substantive",
    ))
}

/// The redline in the plan's format, as bytes.
/// The text redline to standard output through a buffer, a block at a time; a closed pipe is
/// not an error (as [`super::write_stdout`]).
fn write_text_stdout(redline: &Redline, plan: &DiffPlan<'_>) -> Result<(), Error> {
    use std::io::Write;
    let stdout = std::io::stdout().lock();
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, stdout);
    let written = chancery::render::text::write_to(&redline.doc, &plan.render.text, &mut out)
        .and_then(|()| out.flush());
    match written {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(source) => Err(Error::Write {
            path: std::path::PathBuf::from("<stdout>"),
            source,
        }),
    }
}

fn output(redline: &Redline, plan: &DiffPlan<'_>) -> Result<Vec<u8>, Error> {
    let doc = &redline.doc;
    let bytes = match plan.format {
        DiffFormat::Text => render::render(doc, Format::Txt, &plan.render)?,
        DiffFormat::Unified => unified::render(doc, &plan.unified).into_bytes(),
        DiffFormat::Html => render::render(doc, Format::Html, &plan.render)?,
        DiffFormat::Docx => render::render(doc, Format::Docx, &plan.render)?,
        DiffFormat::Pdf => render::render(doc, Format::Pdf, &plan.render)?,
        DiffFormat::Json => {
            chancery::diff::json(redline, &plan.unified.old_label, &plan.unified.new_label)
                .into_bytes()
        }
    };
    Ok(bytes)
}
