//! `chancery clauses extract FILE --out DRAFT`: propose clause files and a `meeting.toml` from
//! an adopted statement. Writes `DRAFT/meeting.toml`, `DRAFT/templates/clauses/<id>.md` and,
//! when the heading block needs one, `DRAFT/templates/statement.hbs`; `chancery build DRAFT`
//! then rebuilds the statement (the draft's own `templates/` is found first).
//!
//! Nothing is written unless everything can be, and no existing file is replaced without
//! `--force`.

use std::path::PathBuf;

use chancery::archive::extract::{ExtractOptions, extract};
use chancery::error::{Diagnostic, Error};
use chancery::import::ImportOptions;
use clap::Args;

use super::side::read_statement;
use super::workspace::write_atomic;

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  chancery clauses extract drafts/2014-05-09-washington-2nd/adopted.txt --out /tmp/extracted\n  chancery build /tmp/extracted --format txt"
)]
pub(crate) struct ExtractArgs {
    /// The adopted statement: a .txt, .md or .docx file.
    file: PathBuf,
    /// The draft folder to write (meeting.toml and templates/).
    #[arg(long, value_name = "DRAFT")]
    out: PathBuf,
    /// Put this before every clause id (e.g. `space-`).
    #[arg(long, default_value = "", value_name = "TEXT")]
    prefix: String,
    /// Replace files that exist.
    #[arg(long)]
    force: bool,
}

pub(crate) fn run(args: &ExtractArgs) -> Result<u8, Error> {
    if !args
        .prefix
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(Error::usage(
            format!("the prefix `{}` cannot start a clause id", args.prefix),
            "use lowercase letters, digits and `-`",
        ));
    }
    let doc = read_statement(&args.file, &ImportOptions::default(), &mut Vec::new())?;
    let opts = ExtractOptions {
        label: args.file.display().to_string(),
        prefix: args.prefix.clone(),
    };
    let ex = extract(&doc, &opts).map_err(|e| {
        Error::Invalid(vec![
            Diagnostic::error(&args.file, None, e.to_string())
                .hint("the statement can still be used as it is, for diff and provenance"),
        ])
    })?;
    let templates = args.out.join("templates");
    let mut files: Vec<(PathBuf, &str)> = vec![(args.out.join("meeting.toml"), &ex.meeting_toml)];
    if let Some(s) = &ex.statement {
        files.push((templates.join("statement.hbs"), s));
    }
    for c in &ex.clauses {
        files.push((
            templates.join("clauses").join(format!("{}.md", c.id)),
            &c.text,
        ));
    }
    if !args.force
        && let Some((existing, _)) = files.iter().find(|(p, _)| p.exists())
    {
        return Err(Error::usage(
            format!("`{}` already exists; not replacing it", existing.display()),
            "choose another --out folder, or add --force",
        ));
    }
    for (path, text) in &files {
        write_atomic(path, text.as_bytes(), true)?;
    }
    super::report::info(&format!(
        "wrote {} and {} clauses in {}",
        args.out.join("meeting.toml").display(),
        ex.clauses.len(),
        templates.join("clauses").display()
    ));
    for note in &ex.notes {
        super::report::info(&format!("note: {note}"));
    }
    Ok(0)
}
