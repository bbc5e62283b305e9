//! The command line: the only part of chancery that touches files, the terminal or the
//! environment; a module of the binary, over the library's values-in, values-out API. One file
//! per subcommand; each resolves its arguments into a checked plan first, then does the work,
//! and returns an exit code or an [`Error`], which `main` prints and maps to the exit code.
//! What several commands share lives here: the colour choice, the output format named by a
//! file's extension, printing diagnostics and errors, writing to standard output.

mod absorb;
mod archive_index;
mod build;
mod build_all;
mod check;
mod clauses;
mod diff;
mod extract;
mod final_set;
mod fonts;
mod generate;
mod import;
mod init;
mod next;
mod provenance;
mod report;
mod serve;
mod side;
mod verify;
mod workspace;

use std::io::IsTerminal;
use std::path::Path;

use chancery::error::{Diagnostic, Error};
use clap::{Parser, Subcommand, ValueEnum};

/// chancery: assemble, diff and export diplomatic joint statements.
#[derive(Debug, Parser)]
#[command(name = "chancery", version, about, long_about = None, propagate_version = true)]
pub(crate) struct Cli {
    /// How to print problems: human (source line and caret), short (one line each) or json
    /// (one object per line, for editors and CI).
    #[arg(long, global = true, value_enum, default_value_t = report::MessageFormat::Human)]
    message_format: report::MessageFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start a workspace for a new series: templates, the first meeting's draft, schemas.
    Init(init::InitArgs),
    /// Assemble a draft and write it in one or more formats.
    Build(build::BuildArgs),
    /// Check a draft's inputs, clauses and templates; report every problem at once.
    Check(check::CheckArgs),
    /// List the clause library, or show one clause.
    Clauses(clauses::ClausesArgs),
    /// Compare two versions (drafts, .txt, .md, .docx) and show the redline; exit 1 if they differ.
    Diff(diff::DiffArgs),
    /// Store an earlier statement (.txt, .md, .docx) as a draft folder's adopted.txt.
    Import(import::ImportArgs),
    /// Record a counterpart's returned DOCX (tracked changes, comments) as its proposals.
    Absorb(absorb::AbsorbArgs),
    /// Write the next meeting's draft (meeting.toml) from the previous one.
    Next(next::NextArgs),
    /// For each sentence: verbatim precedent, precedent with edits, or new.
    Provenance(provenance::ProvenanceArgs),
    /// Check final documents against their manifest.json; name any file that changed.
    Verify(verify::VerifyArgs),
    /// The reviewers' desk: a local web page of the workspace's drafts, live as they change.
    Serve(serve::ServeArgs),
    /// Print shell completions (bash, zsh, fish, elvish, powershell).
    Completions(generate::CompletionsArgs),
    /// Print the man page (roff), of chancery or of one command.
    Man(generate::ManArgs),
    /// Print the JSON Schema of meeting.toml or of a clause's front matter, for editors.
    Schema(generate::SchemaArgs),
}

/// Run the parsed command line; `Ok` carries the exit code (0, or 1 for "differences found").
pub(crate) fn run(cli: Cli) -> Result<u8, Error> {
    import::quiet_reader_panics();
    report::set_format(cli.message_format);
    match cli.command {
        Command::Init(args) => init::run(&args),
        Command::Build(args) => build::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Clauses(args) => clauses::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Absorb(args) => absorb::run(&args),
        Command::Next(args) => next::run(&args),
        Command::Provenance(args) => provenance::run(&args),
        Command::Verify(args) => verify::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Completions(args) => generate::completions(&args),
        Command::Man(args) => generate::man(&args),
        Command::Schema(args) => generate::schema(&args),
    }
}

/// Print warnings (and errors) to stderr, in the `--message-format` asked for.
pub(crate) fn report(diags: &[Diagnostic]) {
    report::diagnostics(diags);
}

/// When to colour the text formats (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set.
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour output going to standard output (`to_stdout`) or to a file: `auto`
    /// colours a terminal only, and only while `NO_COLOR` is unset or empty.
    pub(crate) fn resolve(self, to_stdout: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                to_stdout
                    && std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// Output formats that `--out FILE` can name by its extension (`--out redline.html`).
pub(crate) trait ByExtension: ValueEnum + Copy {
    /// The extensions (lowercase) that name this format, the usual one first.
    fn extensions(self) -> &'static [&'static str];

    /// The format given, or the one `out`'s extension names (case-insensitive), or `default`
    /// when the output is standard output.
    fn resolve(given: Option<Self>, out: Option<&Path>, default: Self) -> Result<Self, Error> {
        let Some(out) = out.filter(|_| given.is_none()) else {
            return Ok(given.unwrap_or(default));
        };
        let ext = out
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let named = Self::value_variants()
            .iter()
            .copied()
            .find(|f| ext.as_deref().is_some_and(|e| f.extensions().contains(&e)));
        named.ok_or_else(|| {
            let usual: Vec<String> = Self::value_variants()
                .iter()
                .filter_map(|f| f.extensions().first())
                .map(|e| format!(".{e}"))
                .collect();
            let (last, rest) = usual.split_last().map_or(("", &[][..]), |(l, r)| (l, r));
            Error::usage(
                format!("cannot tell the format of `{}`", out.display()),
                format!(
                    "name the file {} or {last}, or give --format",
                    rest.join(", ")
                ),
            )
        })
    }
}

/// Write to standard output; a reader that stops early (`| head`) is not an error.
pub(crate) fn write_stdout(bytes: &[u8]) -> Result<(), Error> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(source) => Err(Error::Write {
            path: std::path::PathBuf::from("<stdout>"),
            source,
        }),
    }
}

/// A command line clap refused: in the JSON form when `--message-format json` was asked for,
/// else as clap prints it; exit 2 (0 for --help and --version).
pub(crate) fn clap_error(e: &clap::Error) -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().collect();
    match report::clap_error_json(e, &args) {
        Some(line) => {
            eprintln!("{line}");
            std::process::ExitCode::from(2)
        }
        None => {
            let _ = e.print();
            std::process::ExitCode::from(if e.use_stderr() { 2 } else { 0 })
        }
    }
}

/// Print an error the way every command does.
pub(crate) fn print_error(e: &Error) {
    report::error(e);
}
