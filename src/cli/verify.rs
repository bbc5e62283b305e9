//! `chancery verify <dir>`: check a folder of final documents against its `manifest.json` and
//! name every file that changed or is missing; refuse names that leave the folder (`..`, paths,
//! links) and report temporary files an interrupted build left. Exit 0 when all match, 1
//! otherwise.

use std::path::PathBuf;

use chancery::error::{Diagnostic, Error, Position};
use chancery::manifest::{FILE_NAME, Finding, Manifest};
use clap::Args;

use super::workspace::{FINAL_COPY_LIMIT, MANIFEST_LIMIT, read_capped_io, read_text, stale_temps};

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  chancery verify drafts/2015-tokyo-3rd/final")]
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
    let text = read_text(&path, MANIFEST_LIMIT)?;
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
    let mut bad = 0;
    let mut out = String::new();
    let refused = refuse_outside(&args.dir, &manifest, &mut out);
    bad += refused.len();
    let findings: Vec<Finding> = manifest
        .verify(|name| {
            let refuse = refused.iter().any(|(r, _)| r == name);
            (!refuse)
                .then(|| read_capped(&args.dir.join(name)))
                .flatten()
        })
        .into_iter()
        .filter(|f| !refused.iter().any(|(r, _)| r == finding_name(f)))
        .collect();
    bad += report_stale(&args.dir, &mut out);
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
            findings.len() + refused.len()
        )
    });
    print!("{out}");
    Ok(u8::from(bad > 0))
}

/// Why the manifest name `name` is not a plain file of `dir`, or `None` when it is one.
fn outside_reason(dir: &std::path::Path, name: &str) -> Option<&'static str> {
    use std::path::Component;
    let mut parts = std::path::Path::new(name).components();
    let plain = matches!(parts.next(), Some(Component::Normal(_))) && parts.next().is_none();
    if !plain || name.contains(['/', '\\']) {
        return Some("not a file name of this folder");
    }
    match dir.join(name).symlink_metadata() {
        Ok(m) if m.file_type().is_symlink() => Some("a link, which may lead out of the folder"),
        Ok(m) if !m.is_file() => Some("not a regular file"),
        _ => None,
    }
}

/// The name a finding is about.
fn finding_name(f: &Finding) -> &str {
    match f {
        Finding::Ok(n) | Finding::Changed(n) | Finding::Missing(n) => n,
    }
}

/// A listed file's bytes, `None` when it cannot be read (or is over [`FINAL_COPY_LIMIT`]).
fn read_capped(path: &std::path::Path) -> Option<Vec<u8>> {
    read_capped_io(path, FINAL_COPY_LIMIT).ok()
}

/// Report the manifest's names that leave the folder (`..`, a path, a link): they are refused
/// before anything is read, since the manifest vouches only for files of this folder.
fn refuse_outside(
    dir: &std::path::Path,
    manifest: &Manifest,
    out: &mut String,
) -> Vec<(String, &'static str)> {
    let refused: Vec<(String, &str)> = manifest
        .outputs
        .keys()
        .filter_map(|name| outside_reason(dir, name).map(|why| (name.clone(), why)))
        .collect();
    for (name, why) in &refused {
        out.push_str(&format!("REFUSED  {name} ({why})\n"));
    }
    refused
}

/// Report what an interrupted build left, in the folder or beside it (not part of any set);
/// returns how many.
fn report_stale(dir: &std::path::Path, out: &mut String) -> usize {
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty());
    let beside = parent.map(stale_temps).unwrap_or_default();
    let stale: Vec<_> = stale_temps(dir).into_iter().chain(beside).collect();
    for path in &stale {
        out.push_str(&format!(
            "STALE    {} (a temporary file of an interrupted build; the next build removes it)\n",
            path.display()
        ));
    }
    stale.len()
}
