//! `chancery provenance SUBJECT`: for each sentence of a draft (or any file `diff` accepts),
//! whether it is verbatim precedent, precedent with edits, or new, against an archive of
//! adopted statements.
//!
//! The archive is the workspace's adopted statements (`drafts/*/adopted.{txt,md,docx}`, one per
//! draft folder, found by walking up from the subject; the subject's own adopted file is left
//! out) or the files and folders given with `--archive`. Paths are read in sorted order, so
//! date-named draft folders go oldest first and "latest precedent" means the most recent.

use std::path::{Path, PathBuf};

use chancery::archive::report::{self, ReportContext, TextReportOptions};
use chancery::archive::{Archive, Provenance, ProvenanceOptions};
use chancery::document::Document;
use chancery::error::Error;
use chancery::import::ImportOptions;
use chancery::load::SideKind;
use clap::{Args, ValueEnum};

use super::archive_index;
use super::import::ADOPTED;
use super::side::{DraftSide, load_side, read_statement};
use super::workspace::write_atomic;
use super::{ByExtension, ColorChoice};

/// Output formats of a provenance report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ProvenanceFormat {
    /// One entry per sentence and a summary, coloured on a terminal.
    #[value(alias = "terminal", alias = "txt")]
    Text,
    /// One self-contained HTML page: the text colour-coded, precedent on hover.
    Html,
    /// For tools: {"sentences": [{"text", "status", "source", "similarity"}], "summary"}.
    Json,
}

impl ByExtension for ProvenanceFormat {
    fn extensions(self) -> &'static [&'static str] {
        match self {
            ProvenanceFormat::Text => &["txt"],
            ProvenanceFormat::Html => &["html", "htm"],
            ProvenanceFormat::Json => &["json"],
        }
    }
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  chancery provenance drafts/2015-tokyo-3rd --summary\n  chancery provenance drafts/2015-tokyo-3rd --format html --out provenance.html\n  chancery provenance draft.docx --archive archive/"
)]
pub(crate) struct ProvenanceArgs {
    /// The draft folder, meeting.toml, or .txt/.md/.docx file to trace.
    subject: PathBuf,
    /// Adopted statements to compare with: files, or folders (a workspace, a drafts/ folder,
    /// or a folder of statement files) [default: the workspace's drafts/*/adopted.*]
    #[arg(long, num_args = 1.., value_name = "PATH")]
    archive: Vec<PathBuf>,
    /// Output format [default: text; with --out, the one the extension names]
    #[arg(long, short, value_enum)]
    format: Option<ProvenanceFormat>,
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Print only the summary (text format).
    #[arg(long)]
    summary: bool,
    /// Least share of words kept for a sentence to count as edited rather than new (0 to 1).
    #[arg(long, default_value_t = 0.5, value_parser = parse_share, value_name = "SHARE")]
    min_similarity: f64,
    /// Colour the text format.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// A templates folder for a draft subject, instead of the workspace's.
    #[arg(long)]
    templates: Option<PathBuf>,
    /// Assemble a draft subject as this party's copy (alternat).
    #[arg(long, value_name = "PARTY")]
    copy: Option<String>,
    /// Read every statement afresh and keep no index (the verdicts are the same; slower on a
    /// large archive).
    #[arg(long)]
    no_index: bool,
    /// Say on standard error how the archive index was used (statements reused, read, removed).
    #[arg(long, short)]
    verbose: bool,
}

fn parse_share(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        Ok(_) | Err(_) => Err(format!("`{text}` is not a number from 0 to 1")),
    }
}

/// A provenance report, checked: its format and options resolved from the arguments.
#[derive(Debug)]
struct ProvenancePlan<'a> {
    subject: &'a Path,
    side: DraftSide<'a>,
    /// `--archive`; empty: the workspace's adopted statements.
    archive: &'a [PathBuf],
    format: ProvenanceFormat,
    /// Where the report goes (`None`: standard output).
    out: Option<&'a Path>,
    options: ProvenanceOptions,
    text: TextReportOptions,
    /// Keep and use the archive index in the workspace's cache folder.
    index: bool,
    verbose: bool,
}

impl<'a> ProvenancePlan<'a> {
    fn from_args(args: &'a ProvenanceArgs) -> Result<Self, Error> {
        Ok(ProvenancePlan {
            subject: &args.subject,
            side: DraftSide {
                templates: args.templates.as_deref(),
                copy: args.copy.as_deref(),
                lang: None,
            },
            archive: &args.archive,
            format: ProvenanceFormat::resolve(
                args.format,
                args.out.as_deref(),
                ProvenanceFormat::Text,
            )?,
            out: args.out.as_deref(),
            options: ProvenanceOptions {
                min_similarity: args.min_similarity,
                ..ProvenanceOptions::default()
            },
            text: TextReportOptions {
                color: args.color.resolve(args.out.is_none()),
                summary_only: args.summary,
            },
            index: !args.no_index,
            verbose: args.verbose,
        })
    }
}

pub(crate) fn run(args: &ProvenanceArgs) -> Result<u8, Error> {
    let plan = ProvenancePlan::from_args(args)?;
    let subject = load_side(plan.subject, plan.side, &mut Vec::new())?;
    let archive = if plan.archive.is_empty() {
        workspace_archive(plan.subject)?
    } else {
        given_archive(plan.archive, plan.subject)?
    };
    if archive.files.is_empty() {
        return Err(Error::usage(
            "the archive holds no adopted statement",
            "give statements with --archive PATH…, or import one with `chancery import FILE --into DRAFT`",
        ));
    }
    let opts = ImportOptions::default();
    let (report, statements, sentences) = match archive.root.as_deref().filter(|_| plan.index) {
        Some(root) => {
            let path = archive_index::index_path(root, &archive.spec);
            indexed(&path, &subject, &archive.files, &plan, &opts)?
        }
        None => {
            if plan.verbose {
                let why = if plan.index {
                    "no workspace"
                } else {
                    "--no-index"
                };
                super::build_all::say(&format!(
                    "index: none ({why}): {} statements read",
                    archive.files.len()
                ));
            }
            let mut memory = Archive::new();
            let mut buf = Vec::new();
            for file in &archive.files {
                let doc = read_statement(file, &opts, &mut buf)?;
                memory.add(file.display().to_string(), &doc);
            }
            let report = memory.provenance(&subject, &plan.options);
            (report, memory.statements(), memory.sentences())
        }
    };
    let ctx = ReportContext {
        subject: plan.subject.display().to_string(),
        statements,
        sentences,
    };
    let text = match plan.format {
        ProvenanceFormat::Text => report::text(&report, &ctx, &plan.text),
        ProvenanceFormat::Html => report::html(&report, &ctx),
        ProvenanceFormat::Json => report::json(&report, &ctx),
    };
    match plan.out {
        Some(path) => write_atomic(path, text.as_bytes(), false)?,
        None => super::write_stdout(text.as_bytes())?,
    }
    Ok(0)
}

/// The report from the archive index at `path`: (report, statements, sentences). An index
/// that passed its checks at open yet fails a query (a body block damaged) is rebuilt and
/// written again, and the query rerun.
fn indexed(
    path: &Path,
    subject: &Document,
    files: &[PathBuf],
    plan: &ProvenancePlan<'_>,
    opts: &ImportOptions,
) -> Result<(Provenance, usize, usize), Error> {
    let mut distrust = None;
    loop {
        let rebuilt = distrust.is_some();
        let (index, stats) = archive_index::load(path, files, opts, distrust)?;
        if plan.verbose {
            super::build_all::say(&stats.line());
        }
        match index.query(subject, &plan.options) {
            Ok(found) => return Ok(found),
            Err(e) if !rebuilt => distrust = Some(e),
            Err(e) => {
                return Err(Error::usage(
                    format!("the archive index cannot be read back: {e}"),
                    "run again with --no-index",
                ));
            }
        }
    }
}

/// The archive of a run: its files in order, the workspace that keeps its index (none: the
/// index is not kept), and what names it (the key of its index file).
#[derive(Debug)]
struct ArchiveFiles {
    files: Vec<PathBuf>,
    root: Option<PathBuf>,
    spec: Vec<String>,
}

/// The workspace folder holding `drafts`.
fn workspace_of(drafts: &Path) -> PathBuf {
    match drafts.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        Some(_) | None => PathBuf::from("."),
    }
}

/// The adopted statement of a draft folder, if it has one (adopted.txt before .md before .docx).
fn adopted_in(dir: &Path) -> Option<PathBuf> {
    ADOPTED.iter().map(|n| dir.join(n)).find(|p| p.is_file())
}

/// The adopted statements of the workspace around `subject`, without the subject's own.
fn workspace_archive(subject: &Path) -> Result<ArchiveFiles, Error> {
    let Some(drafts) = find_drafts_dir(subject) else {
        return Err(Error::usage(
            format!("no drafts/ folder at or above `{}`", subject.display()),
            "give the archive with --archive PATH…",
        ));
    };
    let mut files = drafts_adopted(&drafts)?;
    let own: Option<PathBuf> = if subject.is_dir() {
        adopted_in(subject)
    } else if is_draft_file(subject) {
        subject.parent().and_then(adopted_in)
    } else {
        Some(subject.to_path_buf())
    };
    let own = own.and_then(|p| p.canonicalize().ok());
    if let Some(own) = &own {
        files.retain(|f| f.canonicalize().ok().as_ref() != Some(own));
    }
    let spec = vec![
        format!("workspace {}", drafts.display()),
        format!(
            "without {}",
            own.as_deref()
                .map(Path::display)
                .map(|d| d.to_string())
                .unwrap_or_default()
        ),
    ];
    Ok(ArchiveFiles {
        files,
        root: Some(workspace_of(&drafts)),
        spec,
    })
}

fn is_draft_file(path: &Path) -> bool {
    SideKind::of(path) == Some(SideKind::Draft)
}

/// The nearest `drafts/` folder at or above `subject` (paths kept relative where given so).
fn find_drafts_dir(subject: &Path) -> Option<PathBuf> {
    let start = if subject.is_dir() {
        subject
    } else {
        subject.parent().unwrap_or(Path::new(""))
    };
    for dir in start.ancestors() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if dir.file_name().is_some_and(|n| n == "drafts") && dir.is_dir() {
            return Some(dir.to_path_buf());
        }
        let d = dir.join("drafts");
        if d.is_dir() {
            return Some(d);
        }
    }
    // A relative path runs out of ancestors at the current folder; go on from its real place.
    let abs = start.canonicalize().ok()?;
    abs.ancestors()
        .map(|a| a.join("drafts"))
        .find(|d| d.is_dir())
}

/// `drafts/*/adopted.*`, one per folder, in sorted order.
fn drafts_adopted(drafts: &Path) -> Result<Vec<PathBuf>, Error> {
    Ok(list_dir_typed(drafts)?
        .into_iter()
        .filter(|&(_, is_dir, _)| is_dir)
        .filter_map(|(d, _, _)| adopted_in(&d))
        .collect())
}

/// A folder's entries in sorted order, each with whether it is a folder. The type comes with
/// the listing (a symbolic link is followed), so a folder of 10,000 statements costs no stat per
/// file here; names are compared as bytes, which for entries of one folder is the order of
/// their paths.
fn list_dir_typed(dir: &Path) -> Result<Vec<(PathBuf, bool, std::ffi::OsString)>, Error> {
    let mut out: Vec<(std::ffi::OsString, PathBuf, bool)> = std::fs::read_dir(dir)
        .map_err(|source| Error::Read {
            path: dir.to_path_buf(),
            source,
        })?
        .filter_map(Result::ok)
        .map(|e| {
            let path = e.path();
            let is_dir = match e.file_type() {
                Ok(t) if t.is_symlink() => path.is_dir(),
                Ok(t) => t.is_dir(),
                Err(_) => path.is_dir(),
            };
            (e.file_name(), path, is_dir)
        })
        .collect();
    out.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(out.into_iter().map(|(n, p, d)| (p, d, n)).collect())
}

/// The statement files named by `--archive`: files as given; a workspace folder (with drafts/)
/// or a drafts/ folder gives its adopted statements; another folder gives its statement files
/// and the adopted statements of its subfolders.
fn given_archive(paths: &[PathBuf], subject: &Path) -> Result<ArchiveFiles, Error> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_file() {
            files.push(path.clone());
        } else if path.is_dir() {
            if path.join("drafts").is_dir() {
                files.extend(drafts_adopted(&path.join("drafts"))?);
                continue;
            }
            for (entry, is_dir, name) in list_dir_typed(path)? {
                if is_dir {
                    files.extend(adopted_in(&entry));
                } else if let Some(SideKind::Statement(_)) = SideKind::of(Path::new(&name)) {
                    files.push(entry);
                }
            }
        } else {
            return Err(Error::usage(
                format!("no file or folder at `{}`", path.display()),
                "--archive takes statement files (.txt, .md, .docx) and folders of them",
            ));
        }
    }
    // One path's files come sorted and once each (a folder's entries are compared by name, which
    // for one folder is the order of their paths); comparing paths is not free at 10,000 files.
    if paths.len() > 1 {
        files.sort();
        files.dedup();
    }
    // The index is kept in the subject's workspace, else the first archive path's.
    let root = find_drafts_dir(subject)
        .or_else(|| paths.first().and_then(|p| find_drafts_dir(p)))
        .map(|d| workspace_of(&d));
    let spec = std::iter::once("archive".to_owned())
        .chain(paths.iter().map(|p| p.display().to_string()))
        .collect();
    Ok(ArchiveFiles { files, root, spec })
}
