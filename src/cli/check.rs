//! `chancery check`: validate a draft end to end (inputs, clauses, templates) without writing
//! anything; every problem is reported at once with file:line:col.

use std::path::PathBuf;

use clap::Args;

use super::workspace::assemble_draft;
use chancery::assemble::AssembleOptions;
use chancery::error::Error;

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  chancery check drafts/2015-tokyo-3rd\n  chancery check drafts/2015-tokyo-3rd/meeting.toml --templates templates"
)]
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
        &[chancery::render::Format::Pdf],
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
    print!("{out}");
    let paragraphs = assembled.document.blocks.len();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    super::report::info(&format!(
        "ok: {} ({paragraphs} blocks, {} warning{}, {} open bracket{})",
        draft.file.display(),
        assembled.warnings.len(),
        plural(assembled.warnings.len()),
        assembled.open_brackets.len(),
        plural(assembled.open_brackets.len())
    ));
    Ok(0)
}
