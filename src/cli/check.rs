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
    // The fonts a PDF build would use must be found too (named families, paths, Japanese).
    let draft_dir = draft.file.parent().unwrap_or(std::path::Path::new("."));
    super::build::render_options(
        &assembled.document,
        draft_dir,
        &[crate::render::Format::Pdf],
    )?;
    let mut out = String::new();
    if !assembled.open_brackets.is_empty() {
        let mut by_party: std::collections::BTreeMap<String, usize> =
            std::collections::BTreeMap::new();
        out.push_str(&format!(
            "open brackets: {}\n",
            assembled.open_brackets.len()
        ));
        for b in &assembled.open_brackets {
            out.push_str(&format!(
                "  {}:{}:{}: {}: {}\n",
                draft.file.display(),
                b.position.line,
                b.position.col,
                b.place(),
                b.display()
            ));
            for a in &b.alternatives {
                let side = if a.party.is_empty() {
                    "unattributed".to_owned()
                } else {
                    a.party.clone()
                };
                *by_party.entry(side).or_default() += 1;
            }
        }
        let sides: Vec<String> = by_party
            .iter()
            .map(|(p, n)| format!("{p}: {n} alternative{}", if *n == 1 { "" } else { "s" }))
            .collect();
        out.push_str(&format!("  by side: {}\n", sides.join(", ")));
    }
    #[allow(clippy::print_stdout)]
    {
        print!("{out}");
    }
    let paragraphs = assembled.document.blocks.len();
    #[allow(clippy::print_stderr)]
    {
        eprintln!(
            "ok: {} ({paragraphs} blocks, {} warning{}, {} open bracket{})",
            draft.file.display(),
            assembled.warnings.len(),
            if assembled.warnings.len() == 1 {
                ""
            } else {
                "s"
            },
            assembled.open_brackets.len(),
            if assembled.open_brackets.len() == 1 {
                ""
            } else {
                "s"
            }
        );
    }
    Ok(0)
}
