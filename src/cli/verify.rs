//! `chancery verify <dir>`: check a folder of final documents against its `manifest.json` and
//! name every file that changed or is missing. Exit 0 when all match, 1 otherwise.

use std::path::PathBuf;

use chancery::error::{Diagnostic, Error, Position};
use chancery::manifest::{FILE_NAME, Finding, Manifest};
use clap::Args;

use super::workspace::read_text;

#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    /// The folder holding the final documents and their manifest.json.
    dir: PathBuf,
}

pub(crate) fn run(args: &VerifyArgs) -> Result<u8, Error> {
    let path = args.dir.join(FILE_NAME);
    if !path.is_file() {
        return Err(Error::usage(
            format!("no {FILE_NAME} in `{}`", args.dir.display()),
            "`chancery build <draft> --final` writes the final copies with their manifest",
        ));
    }
    let text = read_text(&path)?;
    let manifest = Manifest::from_json(&text).map_err(|e| {
        Error::Invalid(vec![
            Diagnostic::error(
                &path,
                Some(Position {
                    line: e.line(),
                    col: e.column(),
                }),
                format!("not a chancery manifest: {e}"),
            )
            .hint("rebuild the final copies to write a new manifest"),
        ])
    })?;
    let findings = manifest.verify(|name| std::fs::read(args.dir.join(name)).ok());
    let mut bad = 0;
    let mut out = String::new();
    if manifest.outputs.is_empty() {
        bad += 1;
        out.push_str("the manifest lists no documents\n");
    }
    // Documents beside the manifest that it does not list cannot be vouched for.
    let mut unlisted: Vec<String> = std::fs::read_dir(&args.dir)
        .map_err(|source| Error::Read {
            path: args.dir.clone(),
            source,
        })?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.starts_with("statement.") && !manifest.outputs.contains_key(n))
        .collect();
    unlisted.sort();
    for name in &unlisted {
        bad += 1;
        out.push_str(&format!("UNLISTED {name}\n"));
    }
    for f in &findings {
        match f {
            Finding::Ok(name) => out.push_str(&format!("ok       {name}\n")),
            Finding::Changed(name) => {
                bad += 1;
                out.push_str(&format!("CHANGED  {name}\n"));
            }
            Finding::Missing(name) => {
                bad += 1;
                out.push_str(&format!("MISSING  {name}\n"));
            }
        }
    }
    out.push_str(&if bad == 0 {
        format!(
            "verified: {} files match {} ({})\n",
            findings.len(),
            FILE_NAME,
            manifest.engine
        )
    } else {
        format!(
            "{bad} of {} files do not match {FILE_NAME}\n",
            findings.len()
        )
    });
    print!("{out}");
    Ok(u8::from(bad > 0))
}
