//! `chancery absorb <returned.docx> --into <draft> --party <key>`: a counterpart's returned
//! Word file becomes that party's proposals in the draft's `meeting.toml`.
//!
//! The file is read against the export it came from (`<draft>/exports/<digest>.json`, named by
//! the file's hidden properties; when those were lost, the export whose text it matches best).
//! The plan is always printed. Nothing is written with `--dry-run`, when any change cannot be
//! placed (unless `--skip-unplaced`), or when the draft's text changed since that export
//! (unless `--force`). The edited `meeting.toml` is checked to assemble before it replaces the
//! old one, atomically.

use std::io::Read;
use std::path::{Path, PathBuf};

use chancery::absorb::write::{Attribution, apply};
use chancery::absorb::{self, ExportRecord, MatchedBy, Plan, Target, record};
use chancery::assemble::AssembleOptions;
use chancery::draft::Draft;
use chancery::error::{Diagnostic, Error};
use chancery::import::ImportOptions;
use chancery::import::revisions::Returned;
use chancery::load::{LoadedDraft, check_size, returned_docx};
use clap::Args;

use super::workspace::{FsSources, load_draft, meeting_file, write_atomic};

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  chancery absorb returned-us.docx --into drafts/2015-tokyo-3rd --party us --dry-run\n  chancery absorb returned-us.docx --into drafts/2015-tokyo-3rd --party us"
)]
pub(crate) struct AbsorbArgs {
    /// The returned Word file (.docx), with the counterpart's tracked changes and comments.
    file: PathBuf,
    /// The draft folder it was exported from.
    #[arg(long, value_name = "DRAFT")]
    into: PathBuf,
    /// The party whose proposals the changes are.
    #[arg(long, value_name = "KEY")]
    party: String,
    /// The party the words as sent are attributed to [default: the meeting's host].
    #[arg(long, value_name = "KEY")]
    pen: Option<String>,
    /// Print the plan and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Absorb even though the draft's text changed since the export.
    #[arg(long)]
    force: bool,
    /// Write the changes that can be placed and leave out the others (listed).
    #[arg(long)]
    skip_unplaced: bool,
    /// The templates folder (default: found by walking up from the draft).
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
}

pub(crate) fn run(args: &AbsorbArgs) -> Result<u8, Error> {
    let loaded = load_draft(&args.into, args.templates.as_deref())?;
    let pen = parties(&loaded.draft, args)?;
    let returned = read_returned(&args.file)?;
    // The draft's own text, its proposals set aside: what a second delegation's file, exported
    // before the first was absorbed, is compared with.
    let mut base = loaded.clone();
    for item in &mut base.draft.body {
        item.proposals.clear();
    }
    let current = ExportRecord::of(&base.assemble(&AssembleOptions::default())?.document);
    let (sent, how) = sent_record(&loaded, &returned, &current, &args.file)?;
    let plan = absorb::plan(&returned, &sent, &current);
    print_plan(&plan, &how, args);
    if sent.digest != current.digest && !args.force {
        return Err(Error::usage(
            format!(
                "the draft's text changed since this file was exported (export {}); nothing written",
                &sent.digest[..12]
            ),
            "review the plan above; add --force to absorb anyway (changes whose words the draft no longer prints cannot be placed)",
        ));
    }
    let unplaced: Vec<Diagnostic> = plan
        .unplaced()
        .map(|c| {
            let Target::Unplaced(why) = &c.target else {
                unreachable!("filtered")
            };
            Diagnostic::error(
                &args.file,
                None,
                format!(
                    "paragraph {}: a change cannot be placed: {why}",
                    c.paragraph
                ),
            )
            .note(format!("the sent text: {}", c.context))
            .hint("edit the draft by hand for it, or add --skip-unplaced to absorb the others")
        })
        .collect();
    if !unplaced.is_empty() && !args.skip_unplaced {
        return Err(Error::Invalid(unplaced));
    }
    if args.dry_run {
        super::report::info("nothing written (--dry-run)");
        return Ok(0);
    }
    if plan
        .changes
        .iter()
        .all(|c| matches!(c.target, Target::Unplaced(_)))
        && plan.notes.is_empty()
    {
        super::report::info("nothing to absorb: the returned file has no changes or comments");
        return Ok(0);
    }
    write(&loaded, &plan, &current, args, &pen)
}

/// The returning party and the pen holder, both parties of the draft and not the same.
fn parties(draft: &Draft, args: &AbsorbArgs) -> Result<String, Error> {
    let keys: Vec<&str> = draft.parties.iter().map(|p| p.key.as_str()).collect();
    let known = |k: &str| -> Result<(), Error> {
        if keys.contains(&k) {
            return Ok(());
        }
        Err(Error::usage(
            format!("`{k}` is not a party of {}", draft.file.display()),
            format!("the parties are {}", keys.join(", ")),
        ))
    };
    known(&args.party)?;
    let pen = args.pen.clone().unwrap_or_else(|| draft.host.clone());
    known(&pen)?;
    if pen == args.party {
        return Err(Error::usage(
            format!(
                "`{}` holds the pen: its own text cannot be its proposal",
                pen
            ),
            "give the returning party with --party, or the draft's holder with --pen",
        ));
    }
    Ok(pen)
}

fn read_returned(path: &Path) -> Result<Returned, Error> {
    let opts = ImportOptions::default();
    let err = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(err)?;
    check_size(path, meta.len(), &opts)?;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(err)?;
    returned_docx(path, &bytes, &opts)
}

/// What the file was exported from, and how that was found.
fn sent_record(
    loaded: &LoadedDraft,
    returned: &Returned,
    current: &ExportRecord,
    file: &Path,
) -> Result<(ExportRecord, String), Error> {
    let dir = loaded.dir().join(record::FOLDER);
    if let Some(draft) = returned.property("chancery.draft")
        && draft != current.draft
    {
        return Err(Error::usage(
            format!(
                "`{}` was exported from draft `{draft}`, not from `{}`",
                file.display(),
                current.draft
            ),
            format!("absorb it into the draft it came from: --into …/{draft}"),
        ));
    }
    if let Some(digest) = returned.property("chancery.export") {
        let path = dir.join(format!("{}.json", &digest[..16.min(digest.len())]));
        let text = std::fs::read_to_string(&path).map_err(|_| {
            Error::usage(
                format!(
                    "the record of the export `{}` came from is missing: {}",
                    file.display(),
                    path.display()
                ),
                "export records are written beside the draft by `chancery build --format docx`; restore it from version control",
            )
        })?;
        let sent = ExportRecord::from_json(&text).map_err(|e| {
            Error::Invalid(vec![Diagnostic::error(
                &path,
                None,
                format!("not an export record: {e}"),
            )])
        })?;
        return Ok((
            sent,
            format!(
                "the export it came from ({})",
                &digest[..12.min(digest.len())]
            ),
        ));
    }
    best_by_text(&dir, returned, current, file)
}

/// The export record (or the draft as it is now) whose text the returned file matches best.
fn best_by_text(
    dir: &Path,
    returned: &Returned,
    current: &ExportRecord,
    file: &Path,
) -> Result<(ExportRecord, String), Error> {
    let mut candidates = vec![current.clone()];
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
        {
            if let Some(r) = std::fs::read_to_string(p)
                .ok()
                .and_then(|t| ExportRecord::from_json(&t).ok())
            {
                candidates.push(r);
            }
        }
    }
    let texts: Vec<String> = returned
        .paragraphs
        .iter()
        .filter(|p| !p.in_table)
        .map(|p| p.text(false).trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect();
    let score = |r: &ExportRecord| -> f64 {
        let found = texts
            .iter()
            .filter(|t| r.paragraphs.iter().any(|p| p.text.trim() == t.as_str()))
            .count();
        found as f64 / texts.len().max(1) as f64
    };
    let (best, s) = candidates
        .into_iter()
        .map(|r| {
            let s = score(&r);
            (r, s)
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .expect("the current text is a candidate");
    if s < 0.3 {
        return Err(Error::usage(
            format!(
                "`{}` does not look like an export of `{}`: {:.0} % of its paragraphs are the draft's",
                file.display(),
                best.draft,
                s * 100.0
            ),
            "absorb a file exported from this draft (its paragraphs as sent, with the counterpart's changes)",
        ));
    }
    Ok((
        best,
        "its text (the file carries no export marks)".to_owned(),
    ))
}

fn print_plan(plan: &Plan, how: &str, args: &AbsorbArgs) {
    let mut out = String::new();
    out.push_str(&format!(
        "absorb {} into {} as proposals of `{}`\n  read against {how}; paragraphs matched by {}\n",
        args.file.display(),
        args.into.display(),
        args.party,
        match plan.matched_by {
            MatchedBy::Marks => "the export's hidden marks",
            MatchedBy::Text => "text (the file's export marks were lost)",
        }
    ));
    for c in &plan.changes {
        let place = match &c.target {
            Target::Wording => format!("proposal in `{}`", c.item.as_deref().unwrap_or("?")),
            Target::Value => "proposed value change ([[value_changes]])".to_owned(),
            Target::Unplaced(_) => "CANNOT BE PLACED".to_owned(),
        };
        out.push_str(&format!(
            "  ¶{} {}: \"{}\" → \"{}\" ({}) → {place}\n",
            c.paragraph,
            c.kind.name(),
            c.was,
            c.proposed,
            c.source
        ));
    }
    for n in &plan.notes {
        out.push_str(&format!(
            "  ¶{} comment by {}: \"{}\"{} → note{}\n",
            n.paragraph.map_or("?".to_owned(), |p| p.to_string()),
            n.author,
            n.text,
            if n.replies.is_empty() {
                String::new()
            } else {
                format!(
                    " ({} repl{})",
                    n.replies.len(),
                    if n.replies.len() == 1 { "y" } else { "ies" }
                )
            },
            n.item
                .as_deref()
                .map_or(String::new(), |i| format!(" on `{i}`"))
        ));
    }
    let count = |t: fn(&Target) -> bool| plan.changes.iter().filter(|c| t(&c.target)).count();
    out.push_str(&format!(
        "{} change{}: {} proposal{}, {} value change{}, {} cannot be placed; {} note{}\n",
        plan.changes.len(),
        plural(plan.changes.len()),
        count(|t| *t == Target::Wording),
        plural(count(|t| *t == Target::Wording)),
        count(|t| *t == Target::Value),
        plural(count(|t| *t == Target::Value)),
        count(|t| matches!(t, Target::Unplaced(_))),
        plan.notes.len(),
        plural(plan.notes.len())
    ));
    print!("{out}");
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Record the plan in `meeting.toml`, after checking that the edited inputs still assemble.
fn write(
    loaded: &LoadedDraft,
    plan: &Plan,
    current: &ExportRecord,
    args: &AbsorbArgs,
    pen: &str,
) -> Result<u8, Error> {
    let file = meeting_file(&args.into)?;
    let text = &loaded
        .inputs
        .first()
        .expect("the meeting file is the first input")
        .1;
    let ids: Vec<Option<String>> = loaded.draft.body.iter().map(|b| b.id.clone()).collect();
    let item_text = |item: &str| current.item_text(Some(item));
    let name = args.file.file_name().map_or_else(
        || args.file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let who = Attribution {
        party: &args.party,
        pen,
        file: &name,
    };
    let edited = apply(text, plan, &ids, &item_text, &who)
        .map_err(|e| Error::Invalid(vec![Diagnostic::error(&file, None, e.to_string())]))?;
    // The edited inputs must still make a draft that assembles: else nothing is written.
    let (parsed, diags) = Draft::parse_lenient(&file, &edited, &FsSources);
    let check = match parsed {
        Some(draft) => LoadedDraft {
            draft,
            ..loaded.clone()
        }
        .assemble(&AssembleOptions::default())
        .map(|_| ()),
        None => Err(Error::Invalid(diags)),
    };
    if let Err(e) = check {
        super::report::warn("the recorded proposals would not assemble; nothing written");
        return Err(e);
    }
    write_atomic(&file, edited.as_bytes(), true)?;
    super::report::info(&format!("wrote {}", file.display()));
    Ok(0)
}
