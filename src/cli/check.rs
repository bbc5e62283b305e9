//! `chancery check`: validate a draft end to end (inputs, clauses, templates) without writing
//! anything; every problem is reported at once with file:line:col.

use std::path::PathBuf;

use clap::Args;

use super::workspace::assemble_draft;
use crate::assemble::AssembleOptions;
use crate::error::Error;

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The draft folder (holding meeting.toml), or a meeting.toml file.
    draft: PathBuf,
    /// A templates folder to use instead of the workspace's.
    #[arg(long)]
    templates: Option<PathBuf>,
}

pub(crate) fn run(args: &CheckArgs) -> Result<u8, Error> {
    let (draft, assembled) = assemble_draft(
        &args.draft,
        args.templates.as_deref(),
        &AssembleOptions::default(),
    )?;
    super::report(&assembled.warnings);
    let paragraphs = assembled.document.blocks.len();
    #[allow(clippy::print_stderr)]
    {
        eprintln!(
            "ok: {} ({paragraphs} blocks, {} warning{})",
            draft.file.display(),
            assembled.warnings.len(),
            if assembled.warnings.len() == 1 {
                ""
            } else {
                "s"
            }
        );
    }
    Ok(0)
}
