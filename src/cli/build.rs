//! `chancery build`: assemble a draft and write `statement.<ext>` for each format asked.
//!
//! Everything is rendered in memory first; files are written only when every copy and format
//! succeeded, each atomically. Drafts go to `<draft>/out/` and are replaced on each build (they
//! are build products). `--final` is different: it refuses open brackets, placeholders and
//! clauses not agreed; writes both alternat copies (`statement.<party>.<ext>`) unless `--copy`
//! names one; writes `manifest.json` with their digests; and never replaces final documents
//! without `--force`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::Args;

use super::workspace::{Loaded, write_atomic};
use crate::assemble::AssembleOptions;
use crate::document::Document;
use crate::error::Error;
use crate::manifest::{self, Manifest, sha256_hex};
use crate::render::{Format, RenderOptions, render};

/// Formats written when `--format` is not given.
const DEFAULT_FORMATS: &[Format] = &[
    Format::Txt,
    Format::Md,
    Format::Html,
    Format::Docx,
    Format::Pdf,
];

#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    /// The draft folder (holding meeting.toml), or a meeting.toml file.
    draft: PathBuf,
    /// Formats to write, comma-separated [default: txt,md,html,docx,pdf]
    #[arg(long, short, value_delimiter = ',', value_enum)]
    format: Vec<Format>,
    /// Output folder [default: <draft>/out, or <draft>/final with --final]
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// A templates folder to use instead of the workspace's (statement.hbs, clauses/).
    #[arg(long)]
    templates: Option<PathBuf>,
    /// Build this party's copy (alternat): that party is named first.
    #[arg(long, value_name = "PARTY")]
    copy: Option<String>,
    /// Final copies for signature: no DRAFT markings, no brackets; both parties' copies and a
    /// manifest.json of digests.
    #[arg(long = "final")]
    final_copy: bool,
    /// With --final: replace existing final documents.
    #[arg(long)]
    force: bool,
    /// Write the first format to standard output instead of a file.
    #[arg(long, conflicts_with = "out")]
    stdout: bool,
}

pub(crate) fn run(args: &BuildArgs) -> Result<u8, Error> {
    let loaded = Loaded::load(&args.draft, args.templates.as_deref())?;
    if let Some(party) = &args.copy
        && loaded.draft.party(party).is_none()
    {
        let keys: Vec<String> = loaded
            .draft
            .parties
            .iter()
            .map(|p| format!("`{}`", p.key))
            .collect();
        return Err(Error::usage(
            format!("unknown party `{party}` for --copy"),
            format!("the parties are {}", keys.join(" and ")),
        ));
    }
    if args.stdout {
        let binary = |f: &Format| matches!(f, Format::Docx | Format::Pdf);
        if args.format.len() != 1 || args.final_copy {
            return Err(Error::usage(
                "--stdout writes one format of a draft",
                "name exactly one --format (e.g. --format txt), without --final",
            ));
        }
        if args.format.iter().any(binary) && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
            return Err(Error::usage(
                "refusing to write a binary document to the terminal",
                "redirect it (> file) or use --out",
            ));
        }
    }
    let mut formats: Vec<Format> = if args.format.is_empty() {
        DEFAULT_FORMATS.to_vec()
    } else {
        args.format.clone()
    };
    formats.sort();
    formats.dedup();
    // Which copies: one (the inputs' order, or --copy), or both parties' for a final build.
    let copies: Vec<Option<String>> = match (&args.copy, args.final_copy) {
        (Some(party), _) => vec![Some(party.clone())],
        (None, true) => loaded
            .draft
            .parties
            .iter()
            .map(|p| Some(p.key.clone()))
            .collect(),
        (None, false) => vec![None],
    };
    let draft_dir = loaded
        .draft
        .file
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let mut render_opts: Option<RenderOptions> = None;
    let mut outputs: Vec<(String, Vec<u8>)> = Vec::new();
    let mut reported = false;
    for copy in &copies {
        let opts = AssembleOptions {
            copy: copy.clone(),
            final_copy: args.final_copy,
        };
        let assembled = loaded.assemble(&opts)?;
        if !reported {
            super::report(&assembled.warnings);
            reported = true;
        }
        let stem = match copy {
            Some(party) if args.copy.is_some() || args.final_copy => format!("statement.{party}"),
            Some(_) | None => "statement".to_owned(),
        };
        // Both copies hold the same text, so fonts are resolved once.
        let render_opts = match &mut render_opts {
            Some(o) => &*o,
            None => {
                &*render_opts.insert(render_options(&assembled.document, &draft_dir, &formats)?)
            }
        };
        for format in &formats {
            let bytes = render(&assembled.document, *format, render_opts)
                .map_err(|e| super::fonts::in_draft(e, &loaded.draft.file))?;
            outputs.push((format!("{stem}.{}", format.extension()), bytes));
        }
    }
    if args.stdout {
        super::write_stdout(
            outputs
                .first()
                .map(|(_, b)| b.as_slice())
                .unwrap_or_default(),
        )?;
        return Ok(0);
    }
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| draft_dir.join(if args.final_copy { "final" } else { "out" }));
    if args.final_copy {
        outputs.push((
            manifest::FILE_NAME.to_owned(),
            final_manifest(&loaded, &outputs).into_bytes(),
        ));
        let existing: Vec<String> = outputs
            .iter()
            .map(|(name, _)| out_dir.join(name))
            .filter(|p| p.exists())
            .map(|p| p.display().to_string())
            .collect();
        if !existing.is_empty() && !args.force {
            return Err(Error::usage(
                format!("final documents exist already: {}", existing.join(", ")),
                "final copies are never replaced silently: pass --force to replace them, or --out another folder",
            ));
        }
    }
    for (name, bytes) in &outputs {
        let path = out_dir.join(name);
        write_atomic(&path, bytes, args.final_copy)?;
        #[allow(clippy::print_stderr)]
        {
            eprintln!("wrote {}", path.display());
        }
    }
    Ok(0)
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

/// The manifest of a final build: digests of the outputs and of every input read.
fn final_manifest(loaded: &Loaded, outputs: &[(String, Vec<u8>)]) -> String {
    // Keys are paths relative to the draft folder, so the manifest does not depend on where
    // the build was run from; embedded templates keep their `<embedded>/…` names.
    let draft_dir = loaded.draft.file.parent().unwrap_or(Path::new("."));
    let key = |p: &Path| -> String {
        if p.starts_with("<embedded>") {
            p.display().to_string()
        } else {
            super::workspace::relative_path(draft_dir, p)
                .display()
                .to_string()
                .replace('\\', "/")
        }
    };
    let mut inputs: BTreeMap<String, String> = loaded
        .inputs
        .iter()
        .map(|(path, text)| (key(path), sha256_hex(text.as_bytes())))
        .collect();
    inputs.insert(
        key(&loaded.templates.statement_file),
        sha256_hex(loaded.templates.statement.as_bytes()),
    );
    for item in &loaded.draft.body {
        for part in &item.parts {
            if let crate::draft::BodyContent::Clause { id, .. } = &part.content
                && let Some(c) = loaded.templates.clauses.get(id)
            {
                inputs.insert(key(&c.file), c.sha256.clone());
            }
        }
    }
    Manifest {
        engine: Manifest::engine(),
        draft: loaded.draft.id.clone(),
        date: loaded.draft.dates.as_ref().map(|d| d.first().to_string()),
        inputs,
        outputs: outputs
            .iter()
            .map(|(name, bytes)| (name.clone(), sha256_hex(bytes)))
            .collect(),
    }
    .to_json()
}
