//! `chancery check`: validate a draft end to end (inputs, clauses, templates) without writing
//! anything; every problem is reported at once with file:line:col.

use std::path::PathBuf;

use clap::Args;

use super::workspace::{TEMPLATE_LIMIT, find_templates_dir, load_draft, read_text};
use chancery::assemble::{AssembleOptions, Assembled};
use chancery::bilingual::{Glossary, compare, diagnostics};
use chancery::draft::Draft;
use chancery::error::{Error, Severity};
use chancery::load::LoadedDraft;

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
    /// Check as for a final copy: what `build --final` refuses, and differences between the
    /// language versions, are errors.
    #[arg(long = "final")]
    final_copy: bool,
}

pub(crate) fn run(args: &CheckArgs) -> Result<u8, Error> {
    let loaded = load_draft(&args.draft, args.templates.as_deref())?;
    let assembled = loaded.assemble(&AssembleOptions {
        copy: None,
        final_copy: args.final_copy,
    })?;
    let draft = loaded.draft.clone();
    super::report(&assembled.warnings);
    languages(&loaded, &assembled, args)?;
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
    absorbed(&draft, &mut out);
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

/// What `absorb` recorded besides brackets: proposed value changes and reviewers' notes, each
/// with its place in meeting.toml.
fn absorbed(draft: &Draft, out: &mut String) {
    let at =
        |p: chancery::error::Position| format!("{}:{}:{}", draft.file.display(), p.line, p.col);
    if !draft.value_changes.is_empty() {
        out.push_str(&format!(
            "value changes proposed: {}\n",
            draft.value_changes.len()
        ));
        for v in &draft.value_changes {
            out.push_str(&format!(
                "  {}: {}{}: \"{}\" → \"{}\"\n",
                at(v.position),
                v.party,
                v.item
                    .as_deref()
                    .map_or(String::new(), |i| format!(" in `{i}`")),
                v.was,
                v.proposed
            ));
        }
    }
    if !draft.notes.is_empty() {
        out.push_str(&format!("notes: {}\n", draft.notes.len()));
        for n in &draft.notes {
            out.push_str(&format!(
                "  {}: {} ({}){}{}: {}\n",
                at(n.position),
                n.author,
                n.party,
                n.item
                    .as_deref()
                    .map_or(String::new(), |i| format!(" on `{i}`")),
                if n.on.is_empty() {
                    String::new()
                } else {
                    format!(" \"{}\"", n.on)
                },
                n.text
            ));
            for (author, _, text) in &n.replies {
                out.push_str(&format!("      reply by {author}: {text}\n"));
            }
        }
    }
}

/// Every other language of the statement against the first: assembled (every missing form is
/// an error) and compared paragraph by paragraph, with the workspace's glossary.
fn languages(loaded: &LoadedDraft, first: &Assembled, args: &CheckArgs) -> Result<(), Error> {
    let draft: &Draft = &loaded.draft;
    let Some((_, others)) = draft.languages().split_first() else {
        return Ok(());
    };
    if others.is_empty() {
        return Ok(());
    }
    let glossary = match find_templates_dir(&draft.file).map(|d| d.join("glossary.toml")) {
        Some(file) if file.is_file() => {
            let text = read_text(&file, TEMPLATE_LIMIT)?;
            Glossary::parse(&file, &text).map_err(|d| Error::Invalid(vec![d]))?
        }
        _ => Glossary::default(),
    };
    let severity = if args.final_copy {
        Severity::Error
    } else {
        Severity::Warning
    };
    let mut found = Vec::new();
    for lang in others {
        let localized = loaded.in_language(lang)?;
        let assembled = localized.assemble(&AssembleOptions {
            copy: None,
            final_copy: args.final_copy,
        })?;
        super::report(&assembled.warnings);
        let drifts = compare(&first.document, &assembled.document, lang, &glossary);
        found.extend(diagnostics(draft, &drifts, severity));
    }
    if found.iter().any(chancery::error::Diagnostic::is_error) {
        return Err(Error::Invalid(found));
    }
    super::report(&found);
    Ok(())
}
