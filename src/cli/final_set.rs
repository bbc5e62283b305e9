//! Writing a set of final documents all-or-nothing: the whole set (every copy and its
//! `manifest.json`) is written and flushed in a fresh temporary folder beside the final folder,
//! then put in place by one atomic rename, so that a reader (or `verify`) sees the complete old
//! set or the complete new one, whatever moment a kill, a crash or a full disk strikes. It must
//! not write into the visible final folder file by file, and must never leave its temporary
//! folder behind on an error.
//!
//! The swap is Linux's `renameat2(RENAME_EXCHANGE)`: the new folder and the old one trade names
//! in one step of the file system (there is no instant at which the final folder is missing or
//! mixed); the old set, now under the temporary name, is then removed. A first set is moved in
//! with `RENAME_NOREPLACE`. Where the exchange is not available (another system, or a file
//! system that refuses it) the old folder is first renamed aside and the new one renamed in:
//! still never a mix, but for a moment no folder at all.
//!
//! Test hook, not for users: `CHANCERY_FAIL_AT_STEP=k` makes write step `k` (1 = the first
//! file, and so on; then flushing the folder, the swap, flushing the parent) fail with an
//! injected I/O error, and `CHANCERY_KILL_AT_STEP=k` aborts the process there as a kill would.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use chancery::build::Output;
use chancery::error::Error;

use super::workspace::{
    FINAL_COPY_LIMIT, OutputLock, read_capped, remove_stale_temps, sync_dir, temp_builder,
};

/// What [`write_final_set`] is asked to do.
#[derive(Debug)]
pub(crate) struct FinalSet<'a> {
    /// The final folder.
    pub(crate) dir: &'a Path,
    /// The documents and the manifest, in writing order.
    pub(crate) files: &'a [Output],
    /// Replace an existing set.
    pub(crate) force: bool,
}

/// The injected failure of the test hook (see the module doc).
#[derive(Debug, Default)]
struct Steps {
    done: u32,
    fail_at: Option<u32>,
    kill_at: Option<u32>,
}

impl Steps {
    fn from_env() -> Steps {
        let read = |name: &str| std::env::var(name).ok().and_then(|v| v.parse().ok());
        Steps {
            done: 0,
            fail_at: read("CHANCERY_FAIL_AT_STEP"),
            kill_at: read("CHANCERY_KILL_AT_STEP"),
        }
    }

    /// Count one write step; fail or abort it when the hook says so.
    fn next(&mut self) -> std::io::Result<()> {
        self.done += 1;
        if self.kill_at == Some(self.done) {
            std::process::abort();
        }
        if self.fail_at == Some(self.done) {
            return Err(std::io::Error::other(format!(
                "injected failure at write step {}",
                self.done
            )));
        }
        Ok(())
    }
}

/// Write the set into `set.dir` all-or-nothing, holding the lock of the folder that contains it
/// for the whole time (the final folder itself is replaced, so it cannot carry the lock).
pub(crate) fn write_final_set(set: &FinalSet<'_>) -> Result<(), Error> {
    let parent = set
        .dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let _lock = OutputLock::acquire(parent)?;
    remove_stale_temps(parent)?;
    if set.dir.is_dir() {
        remove_stale_temps(set.dir)?;
    }
    if !set.force {
        refuse_existing(set)?;
    }
    let kept = kept_files(set)?;
    let mut steps = Steps::from_env();
    let err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    // Dropping `tmp` removes it with whatever it holds: the partial new set on an error before
    // the swap, the old set after it.
    let tmp = temp_builder(0o777)
        .tempdir_in(parent)
        .map_err(err(parent))?;
    for file in set.files {
        let path = tmp.path().join(&file.name);
        steps.next().map_err(err(&set.dir.join(&file.name)))?;
        write_new(&path, &file.bytes).map_err(err(&set.dir.join(&file.name)))?;
    }
    for kept in &kept {
        let name = kept.file_name().unwrap_or_default();
        steps.next().map_err(err(kept))?;
        let bytes = read_capped(kept, FINAL_COPY_LIMIT)?;
        write_new(&tmp.path().join(name), &bytes).map_err(err(kept))?;
    }
    steps.next().map_err(err(tmp.path()))?;
    sync_dir(tmp.path())?;
    steps.next().map_err(err(set.dir))?;
    swap_in(tmp.path(), set.dir).map_err(err(set.dir))?;
    steps.next().map_err(err(parent))?;
    sync_dir(parent)?;
    for file in set.files {
        super::report::info(&format!("wrote {}", set.dir.join(&file.name).display()));
    }
    Ok(())
}

/// Without `--force`, refuse when any document of the set exists already.
fn refuse_existing(set: &FinalSet<'_>) -> Result<(), Error> {
    let existing: Vec<String> = set
        .files
        .iter()
        .map(|o| set.dir.join(&o.name))
        .filter(|p| p.symlink_metadata().is_ok())
        .map(|p| p.display().to_string())
        .collect();
    if existing.is_empty() {
        return Ok(());
    }
    Err(Error::usage(
        format!("final documents exist already: {}", existing.join(", ")),
        "final copies are never replaced silently: pass --force to replace them, or --out another folder",
    ))
}

/// The files of an existing final folder that are not part of a set (notes someone put there):
/// they are carried into the new folder. The documents and manifest of the old set are not: the
/// new set replaces it whole. A folder holding subfolders or links is not a final folder, and
/// is refused rather than replaced.
fn kept_files(set: &FinalSet<'_>) -> Result<Vec<PathBuf>, Error> {
    let Ok(meta) = set.dir.symlink_metadata() else {
        return Ok(Vec::new());
    };
    let not_final = |why: String| {
        Error::usage(
            format!("`{}` {why}", set.dir.display()),
            "--final writes a folder of its own (the draft's final/, or --out a new folder)",
        )
    };
    if !meta.is_dir() {
        return Err(not_final("is not a folder".into()));
    }
    let entries = fs::read_dir(set.dir).map_err(|source| Error::Read {
        path: set.dir.to_path_buf(),
        source,
    })?;
    let mut kept = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = entry.file_type().ok();
        if !kind.is_some_and(|k| k.is_file()) {
            return Err(not_final(format!(
                "holds `{name}`, which is not a regular file"
            )));
        }
        let of_set = name.starts_with("statement.") || name == chancery::manifest::FILE_NAME;
        if !of_set {
            kept.push(entry.path());
        }
    }
    kept.sort();
    Ok(kept)
}

/// Create `path` (never existing before: the folder is new and private) and flush it.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = fs::File::create_new(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Put the folder `new` at `target` in one step: exchanged with the old folder when there is
/// one (which then sits at `new`'s name), moved in otherwise.
fn swap_in(new: &Path, target: &Path) -> std::io::Result<()> {
    if target.symlink_metadata().is_err() {
        return move_in(new, target);
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, new, CWD, target, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    // No exchange here: rename the old set aside (under a temporary name, so a kill now leaves
    // it to be found and removed), then the new one in, then the old one to `new`'s name.
    let parent = new.parent().unwrap_or(Path::new("."));
    let aside = temp_builder(0o777).tempdir_in(parent)?;
    let aside_path = aside.path().join("old");
    fs::rename(target, &aside_path)?;
    if let Err(e) = fs::rename(new, target) {
        let _ = fs::rename(&aside_path, target);
        return Err(e);
    }
    Ok(())
}

/// Move `new` to the free name `target`, never replacing what another program put there.
fn move_in(new: &Path, target: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, new, CWD, target, RenameFlags::NOREPLACE) {
            Ok(()) => return Ok(()),
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    fs::rename(new, target)
}
