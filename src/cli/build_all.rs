//! `chancery build` of several drafts at once (`build drafts/*`, or `build --workspace [DIR]`
//! for every `DIR/drafts/*/meeting.toml`): each draft is built exactly as a single `build`
//! builds it (same plan, same atomic write path, same files), the drafts in parallel over the
//! cores (rayon; `RAYON_NUM_THREADS` caps the threads). A failing draft does not stop the
//! others: each draft's outputs are all-or-nothing (the single-draft rule), every failure is
//! reported at the end with its draft, and the exit code is non-zero if any draft failed.
//! A progress bar is drawn on stderr when it is a terminal and the run lasts over a second.
//!
//! This file only fans out and reports; building one draft stays in `build.rs`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use chancery::error::Error;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use super::build::{BuildArgs, run_draft};

/// The drafts one `build` call names: `None` for a single draft (the single-draft path, whose
/// behaviour and messages stay as they were), else every draft, in order.
pub(super) fn several(args: &BuildArgs) -> Result<Option<Vec<PathBuf>>, Error> {
    let drafts = match &args.workspace {
        Some(dir) => {
            let mut drafts = workspace_drafts(dir)?;
            drafts.extend(args.drafts.iter().cloned());
            drafts
        }
        None if args.drafts.len() > 1 => args.drafts.clone(),
        None => return Ok(None),
    };
    if args.stdout {
        return Err(Error::usage(
            "--stdout writes one format of one draft",
            "name one draft, or drop --stdout to write each draft's files",
        ));
    }
    Ok(Some(drafts))
}

/// Every draft folder of a workspace: `DIR/drafts/*` holding a `meeting.toml`, sorted.
fn workspace_drafts(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let folder = dir.join("drafts");
    let read_error = |source| Error::Read {
        path: folder.clone(),
        source,
    };
    let mut drafts: Vec<PathBuf> = std::fs::read_dir(&folder)
        .map_err(read_error)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.join("meeting.toml").is_file())
        .collect();
    drafts.sort();
    if drafts.is_empty() {
        return Err(Error::usage(
            format!("no drafts in `{}`", folder.display()),
            "a workspace keeps each draft as drafts/<name>/meeting.toml",
        ));
    }
    Ok(drafts)
}

/// Where one draft's files go: its own `out/` (or `final/`), or `--out DIR/<draft name>` so
/// that the drafts' `statement.*` files do not overwrite each other.
fn out_for(args: &BuildArgs, draft: &Path) -> Option<PathBuf> {
    let out = args.out.as_deref()?;
    let folder = if draft.extension().is_some_and(|e| e == "toml") {
        draft.parent().unwrap_or(draft)
    } else {
        draft
    };
    let name = folder.file_name().map_or_else(
        || PathBuf::from("draft"),
        |n| PathBuf::from(n.to_os_string()),
    );
    Some(out.join(name))
}

/// Build every draft in parallel; report the failures, each with its draft, at the end.
/// Exit code: 0 when all were built, else the highest exit code among the failures.
pub(super) fn run(args: &BuildArgs, drafts: &[PathBuf]) -> Result<u8, Error> {
    let bar = Progress::start(drafts.len());
    let results: Vec<(&PathBuf, Result<(), Error>)> = drafts
        .par_iter()
        .map(|draft| {
            let result = run_draft(args, draft, out_for(args, draft).as_deref());
            bar.tick();
            (draft, result)
        })
        .collect();
    bar.finish();
    let failed: Vec<(&PathBuf, Error)> = results
        .into_iter()
        .filter_map(|(d, r)| r.err().map(|e| (d, e)))
        .collect();
    for (draft, e) in &failed {
        super::report::info(&format!(
            "error: draft `{}` was not built:",
            draft.display()
        ));
        super::print_error(e);
    }
    super::report::info(&format!(
        "built {} of {} drafts",
        drafts.len() - failed.len(),
        drafts.len()
    ));
    Ok(failed.iter().map(|(_, e)| e.exit_code()).max().unwrap_or(0))
}

/// The bar of a run in progress, once it is drawn: messages printed while it is on screen go
/// through it so that they do not tear it (see [`say`]).
static BAR: OnceLock<ProgressBar> = OnceLock::new();

/// Print one line to stderr, above the progress bar when one is on screen.
pub(super) fn say(line: &str) {
    match BAR.get().filter(|b| !b.is_hidden()) {
        Some(bar) => bar.println(line),
        None => eprintln!("{line}"),
    }
}

/// A progress bar that stays hidden for the first second, and always off a terminal.
struct Progress {
    bar: ProgressBar,
    started: Instant,
    terminal: bool,
}

impl Progress {
    fn start(len: usize) -> Self {
        let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} drafts {elapsed}") {
            bar.set_style(style);
        }
        let _ = BAR.set(bar.clone());
        Progress {
            bar,
            started: Instant::now(),
            terminal: std::io::stderr().is_terminal(),
        }
    }

    /// One more draft done; the bar appears once the run has lasted a second.
    fn tick(&self) {
        self.bar.inc(1);
        if self.terminal && self.bar.is_hidden() && self.started.elapsed() > Duration::from_secs(1)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
