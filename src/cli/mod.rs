//! The command line: the only part of chancery that touches files, the terminal or the
//! environment. One file per subcommand; each returns an exit code or an [`Error`], which
//! `main` prints and maps to the process exit code.

mod build;
mod check;
mod clauses;
mod diff;
mod extract;
mod fonts;
mod import;
mod next;
mod provenance;
mod verify;
pub(crate) mod workspace;

use std::io::IsTerminal;

use clap::{Parser, Subcommand};

use crate::error::Error;

/// chancery: assemble, diff and export diplomatic joint statements.
#[derive(Debug, Parser)]
#[command(name = "chancery", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
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
    /// Write the next meeting's draft (meeting.toml) from the previous one.
    Next(next::NextArgs),
    /// For each sentence: verbatim precedent, precedent with edits, or new.
    Provenance(provenance::ProvenanceArgs),
    /// Check final documents against their manifest.json; name any file that changed.
    Verify(verify::VerifyArgs),
}

/// Run the parsed command line; `Ok` carries the exit code (0, or 1 for "differences found").
pub fn run(cli: Cli) -> Result<u8, Error> {
    import::quiet_reader_panics();
    match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Clauses(args) => clauses::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Next(args) => next::run(&args),
        Command::Provenance(args) => provenance::run(&args),
        Command::Verify(args) => verify::run(&args),
    }
}

/// Print warnings (and errors) to stderr, one per paragraph.
pub(crate) fn report(diags: &[crate::error::Diagnostic]) {
    for d in diags {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("{d}");
        }
    }
}

/// Whether stdout should get ANSI colours: a terminal, and `NO_COLOR` unset.
pub(crate) fn stdout_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
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

/// Print an error the way every command does.
pub fn print_error(e: &Error) {
    #[allow(clippy::print_stderr)]
    {
        match e {
            Error::Invalid(_) => eprintln!("{e}"),
            Error::Usage { hint: Some(h), .. } => eprintln!("error: {e}\n  hint: {h}"),
            Error::Usage { hint: None, .. }
            | Error::Read { .. }
            | Error::Write { .. }
            | Error::Render(_) => {
                eprintln!("error: {e}");
            }
        }
    }
}
