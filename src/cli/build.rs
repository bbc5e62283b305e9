//! `chancery build`: assemble a draft and write `statement.<ext>` for each format asked.
//!
//! Everything is rendered in memory first; files are written only when every format succeeded,
//! each atomically. Outputs in the output folder are build products and are replaced.

use std::path::PathBuf;

use clap::Args;

use super::workspace::{assemble_draft, write_atomic};
use crate::assemble::AssembleOptions;
use crate::error::Error;
use crate::render::{Format, RenderOptions, render};

/// Formats written when `--format` is not given.
const DEFAULT_FORMATS: &[Format] = &[Format::Txt, Format::Md, Format::Html];

#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    /// The draft folder (holding meeting.toml), or a meeting.toml file.
    draft: PathBuf,
    /// Formats to write, comma-separated [default: txt,md,html]
    #[arg(long, short, value_delimiter = ',', value_enum)]
    format: Vec<Format>,
    /// Output folder [default: <draft>/out]
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// A templates folder to use instead of the workspace's (statement.hbs, clauses/).
    #[arg(long)]
    templates: Option<PathBuf>,
    /// Build this party's copy (alternat): that party is named first.
    #[arg(long, value_name = "PARTY")]
    copy: Option<String>,
    /// A final copy: no DRAFT markings.
    #[arg(long = "final")]
    final_copy: bool,
    /// Write the first format to standard output instead of a file.
    #[arg(long)]
    stdout: bool,
}

pub(crate) fn run(args: &BuildArgs) -> Result<u8, Error> {
    let opts = AssembleOptions {
        copy: args.copy.clone(),
        final_copy: args.final_copy,
    };
    let (draft, assembled) = assemble_draft(&args.draft, args.templates.as_deref(), &opts)?;
    super::report(&assembled.warnings);
    let mut formats: Vec<Format> = if args.format.is_empty() {
        DEFAULT_FORMATS.to_vec()
    } else {
        args.format.clone()
    };
    formats.dedup();
    let render_opts = RenderOptions::default();
    let mut outputs = Vec::with_capacity(formats.len());
    for format in &formats {
        outputs.push((*format, render(&assembled.document, *format, &render_opts)?));
    }
    if args.stdout {
        use std::io::Write;
        let bytes = outputs
            .first()
            .map(|(_, b)| b.as_slice())
            .unwrap_or_default();
        std::io::stdout()
            .write_all(bytes)
            .map_err(|source| Error::Write {
                path: PathBuf::from("<stdout>"),
                source,
            })?;
        return Ok(0);
    }
    let out_dir = args.out.clone().unwrap_or_else(|| {
        draft
            .file
            .parent()
            .unwrap_or(std::path::Path::new("."))
            .join("out")
    });
    let stem = match &args.copy {
        Some(party) => format!("statement.{party}"),
        None => "statement".to_owned(),
    };
    for (format, bytes) in &outputs {
        let path = out_dir.join(format!("{stem}.{}", format.extension()));
        write_atomic(&path, bytes)?;
        #[allow(clippy::print_stderr)]
        {
            eprintln!("wrote {}", path.display());
        }
    }
    Ok(0)
}
