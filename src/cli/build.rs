//! `chancery build`: assemble a draft and write `statement.<ext>` for each format asked.
//!
//! The arguments become a [`BuildPlan`] first; the library's build plan
//! ([`chancery::build`]) renders every copy and format in memory; files are written only when
//! all of them succeeded, each atomically. Drafts go to `<draft>/out/` and are replaced on each
//! build (they are build products). `--final` is different: it refuses open brackets,
//! placeholders and clauses not agreed; writes both alternat copies (`statement.<party>.<ext>`)
//! unless `--copy` names one; writes `manifest.json` with their digests; never replaces final
//! documents without `--force`; and writes the whole set all-or-nothing and durable before it
//! returns (see `final_set`).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use chancery::build::{BuildRequest, Output, build};
use chancery::document::Document;
use chancery::draft::Draft;
use chancery::error::Error;
use chancery::load::LoadedDraft;
use chancery::render::{Format, RenderOptions};
use clap::builder::PossibleValue;
use clap::{Args, ValueEnum};

use super::final_set::{FinalSet, write_final_set};
use super::workspace::{OutputLock, load_draft, remove_stale_temps, write_atomic};

/// A `--format` value: the library's [`Format`], named on the command line by its extension.
/// The values are [`Format::ALL`] (one list of formats); only their help lives here, and the
/// match in `to_possible_value` makes a new format impossible to leave out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FormatArg(Format);

const FORMAT_ARGS: [FormatArg; Format::ALL.len()] = {
    let mut args = [FormatArg(Format::Txt); Format::ALL.len()];
    let mut i = 0;
    while i < args.len() {
        args[i] = FormatArg(Format::ALL[i]);
        i += 1;
    }
    args
};

impl ValueEnum for FormatArg {
    fn value_variants<'a>() -> &'a [Self] {
        &FORMAT_ARGS
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let help = match self.0 {
            Format::Txt => "Plain text, one paragraph a line, blank lines between",
            Format::Md => "Markdown in chancery's subset (re-readable by `diff` and `import`)",
            Format::Html => "One self-contained HTML page",
            Format::Docx => "Word document (tracked changes for redlines)",
            Format::Pdf => "PDF with embedded subset fonts",
        };
        Some(PossibleValue::new(self.0.extension()).help(help))
    }
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  chancery build drafts/2015-tokyo-3rd --format docx,pdf\n  chancery build drafts/2015-tokyo-3rd --final --copy jp\n  chancery build drafts/2014-05-09-washington-2nd --lang all --format txt,pdf\n  chancery build drafts/2014-05-09-washington-2nd --parallel --format pdf\n  chancery build --workspace ."
)]
pub(crate) struct BuildArgs {
    /// The draft folder (holding meeting.toml), or a meeting.toml file; several drafts are
    /// built in parallel (with --out DIR, each into DIR/<draft name>/).
    #[arg(value_name = "DRAFT", required_unless_present = "workspace")]
    pub(super) drafts: Vec<PathBuf>,
    /// Build every draft of a workspace: each DIR/drafts/*/meeting.toml [default DIR: .]
    #[arg(long, value_name = "DIR", num_args = 0..=1, default_missing_value = ".")]
    pub(super) workspace: Option<PathBuf>,
    /// Formats to write, comma-separated [default: txt,md,html,docx,pdf]
    #[arg(long, short, value_delimiter = ',', value_enum)]
    format: Vec<FormatArg>,
    /// Output folder [default: <draft>/out, or <draft>/final with --final]
    #[arg(long, short)]
    pub(super) out: Option<PathBuf>,
    /// A templates folder to use instead of the workspace's (statement.hbs, clauses/).
    #[arg(long)]
    templates: Option<PathBuf>,
    /// Build this party's copy (alternat): that party is named first.
    #[arg(long, value_name = "PARTY")]
    copy: Option<String>,
    /// The languages to build, comma-separated, or `all` [default: the draft's own]; another
    /// language than the draft's own is written statement[.<party>].<lang>.<ext>.
    #[arg(long, value_delimiter = ',', value_name = "LANG")]
    lang: Vec<String>,
    /// Set two languages side by side, paragraph by paragraph (the draft's two, or the two
    /// --lang names, left then right): statement[.<party>].<a>-<b>.<ext>, in html, docx and pdf
    /// [default formats: html,docx,pdf].
    #[arg(long)]
    parallel: bool,
    /// Final copies for signature: no DRAFT markings, no brackets; both parties' copies and a
    /// manifest.json of digests.
    #[arg(long = "final")]
    final_copy: bool,
    /// With --final: replace existing final documents.
    #[arg(long)]
    force: bool,
    /// Write the first format to standard output instead of a file.
    #[arg(long, conflicts_with = "out")]
    pub(super) stdout: bool,
}

/// A build, checked: what to make, and where it goes.
#[derive(Debug)]
struct BuildPlan<'a> {
    draft: &'a Path,
    templates: Option<&'a Path>,
    request: BuildRequest,
    /// Where the files go: `None` for standard output.
    out: Option<Destination<'a>>,
}

/// The output folder of a build written to files.
#[derive(Debug)]
struct Destination<'a> {
    /// `--out`, or `None` for the draft's `out/` (or `final/`).
    dir: Option<&'a Path>,
    /// Replace final documents.
    force: bool,
}

impl<'a> BuildPlan<'a> {
    /// Check the arguments that need no file: `--stdout` takes one format of a draft, and
    /// a binary one only away from a terminal.
    fn from_args(
        args: &'a BuildArgs,
        draft: &'a Path,
        out: Option<&'a Path>,
    ) -> Result<Self, Error> {
        let mut formats: Vec<Format> = args.format.iter().map(|f| f.0).collect();
        if args.parallel && formats.is_empty() {
            formats = vec![Format::Html, Format::Docx, Format::Pdf];
        }
        if args.stdout {
            if formats.len() != 1 || args.final_copy {
                return Err(Error::usage(
                    "--stdout writes one format of a draft",
                    "name exactly one --format (e.g. --format txt), without --final",
                ));
            }
            let binary = |f: &Format| matches!(f, Format::Docx | Format::Pdf);
            if formats.iter().any(binary) && std::io::stdout().is_terminal() {
                return Err(Error::usage(
                    "refusing to write a binary document to the terminal",
                    "redirect it (> file) or use --out",
                ));
            }
        }
        Ok(BuildPlan {
            draft,
            templates: args.templates.as_deref(),
            request: BuildRequest::new(&formats, args.copy.clone(), args.final_copy)
                .in_languages(args.lang.clone())
                .side_by_side(args.parallel),
            out: (!args.stdout).then_some(Destination {
                dir: out,
                force: args.force,
            }),
        })
    }

    /// Check the plan against the loaded draft: `--copy` names one of its parties.
    fn check_copy(&self, draft: &Draft) -> Result<(), Error> {
        if let chancery::build::Copies::One(party) = &self.request.copies
            && draft.party(party).is_none()
        {
            let keys: Vec<String> = draft
                .parties
                .iter()
                .map(|p| format!("`{}`", p.key))
                .collect();
            return Err(Error::usage(
                format!("unknown party `{party}` for --copy"),
                format!("the parties are {}", keys.join(" and ")),
            ));
        }
        Ok(())
    }
}

pub(crate) fn run(args: &BuildArgs) -> Result<u8, Error> {
    if let Some(drafts) = super::build_all::several(args)? {
        return super::build_all::run(args, &drafts);
    }
    run_draft(args, &args.drafts[0], args.out.as_deref())?;
    Ok(0)
}

/// Build one draft, its files going to `out` (`None`: the draft's own folder).
pub(super) fn run_draft(args: &BuildArgs, draft: &Path, out: Option<&Path>) -> Result<(), Error> {
    let plan = BuildPlan::from_args(args, draft, out)?;
    let loaded = load_draft(plan.draft, plan.templates)?;
    plan.check_copy(&loaded.draft)?;
    // The copies share their inputs: the first one's warnings are reported, and the fonts
    // its text needs found, before anything renders.
    let outputs = build(&loaded, &plan.request, |first| {
        super::report(&first.warnings);
        render_options(&first.document, loaded.dir(), &plan.request.formats)
    })
    .map_err(|e| match e {
        Error::Render(e) => Error::Render(super::fonts::in_draft(e, &loaded.draft.file)),
        other => other,
    })?;
    keep_exports(&loaded, &outputs.exports)?;
    let files = outputs.into_files();
    match &plan.out {
        None => super::write_stdout(
            files
                .first()
                .map(|o| o.bytes.as_slice())
                .unwrap_or_default(),
        ),
        Some(dest) => write_files(&loaded, &plan.request, dest, &files),
    }
}

/// Keep the record of each draft DOCX written, `<draft>/exports/<digest>.json`, for `absorb`:
/// written once (the name is the text's digest, so an existing record holds the same text).
fn keep_exports(
    loaded: &LoadedDraft,
    exports: &[chancery::absorb::ExportRecord],
) -> Result<(), Error> {
    if exports.is_empty() {
        return Ok(());
    }
    let dir = loaded.dir().join(chancery::absorb::record::FOLDER);
    for record in exports {
        let path = dir.join(record.file_name());
        if path.exists() {
            continue;
        }
        write_atomic(&path, record.to_json().as_bytes(), false)?;
        super::report::info(&format!("wrote {}", path.display()));
    }
    Ok(())
}

/// Write every file into the output folder, holding its lock: a draft's files each atomically;
/// a final set all-or-nothing (never replacing one without `--force`, and durable).
fn write_files(
    loaded: &LoadedDraft,
    request: &BuildRequest,
    dest: &Destination<'_>,
    files: &[Output],
) -> Result<(), Error> {
    let out_dir = dest.dir.map_or_else(
        || {
            loaded
                .dir()
                .join(if request.final_copy { "final" } else { "out" })
        },
        Path::to_path_buf,
    );
    if request.final_copy {
        return write_final_set(&FinalSet {
            dir: &out_dir,
            files,
            force: dest.force,
        });
    }
    let _lock = OutputLock::acquire(&out_dir)?;
    remove_stale_temps(&out_dir)?;
    for file in files {
        let path = out_dir.join(&file.name);
        write_atomic(&path, &file.bytes, false)?;
        super::report::info(&format!("wrote {}", path.display()));
    }
    Ok(())
}

/// Renderer options for this document: for PDF, the fonts the inputs name (family names found
/// on the system, or paths relative to the draft folder) and a Japanese font when the text needs
/// one. The system's fonts are scanned only then: it is the slow part of a build.
pub(crate) fn render_options(
    doc: &Document,
    draft_dir: &Path,
    formats: &[Format],
) -> Result<RenderOptions, Error> {
    let mut opts = RenderOptions::default();
    if !formats.contains(&Format::Pdf) {
        return Ok(opts);
    }
    opts.pdf.fonts = super::fonts::pdf_fonts(doc, draft_dir)?;
    Ok(opts)
}
