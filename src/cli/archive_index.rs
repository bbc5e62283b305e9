//! The provenance archive's persistent index on disk: where it lives, how it is found fresh,
//! stale or corrupt, and how it is updated, locked and written. The format and the queries are
//! the library's ([`chancery::archive::store`]); this file only does the file system's part.
//!
//! The index of an archive lives in the workspace, `<workspace>/.chancery/cache/
//! provenance-<key>.idx`, one file per archive as named (the key hashes the working folder,
//! the archive's paths as given and the statement left out), so differently named archives
//! never share one. Each run stats every archive file: a file whose stamp (size, modification
//! and change times, inode) is the stored one is taken from the index unread; any other file
//! is read and its SHA-256 compared with the stored digest, and only a changed or new file is
//! parsed and indexed. A file modified within [`RACY`] of being stamped is stored with an
//! unknown stamp (a second write in the same clock tick would leave its stamp unchanged), so
//! its digest is checked until a later run can trust its stamp. An index that fails its checks
//! (truncated, corrupt, another format or engine version) is rebuilt, never used.
//!
//! Writers take an exclusive lock beside the index (`.lock`), re-read the index under it, and
//! replace it atomically (temporary file, rename), so a reader sees the old or the new index,
//! whole. A workspace that cannot be written is no error: the archive is then indexed in
//! memory for the run, with a warning. Nothing here decides a verdict.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use chancery::archive::store::{self, Stamp, StatementFile, StoreBuilder, StoredArchive};
use chancery::error::Error;
use chancery::import::ImportOptions;
use chancery::load::check_size;

use super::side::read_statement;
use super::workspace::write_atomic;

/// How close to "now" a file's modification may be for its stamp to be trusted: a coarse
/// file-system clock (up to 2 s on some file systems) could give a second write the same time.
const RACY: Duration = Duration::from_secs(2);

/// Index files kept in a cache folder; the least recently written beyond this are removed.
const KEEP: usize = 16;

/// What a run did with the index, for `--verbose`.
#[derive(Debug, Default)]
pub(crate) struct IndexStats {
    /// The index file (none: no workspace, the archive was indexed in memory).
    pub(crate) path: Option<PathBuf>,
    pub(crate) statements: usize,
    /// Taken from the index unread (stamp unchanged).
    pub(crate) reused: usize,
    /// Read, found unchanged by digest, taken from the index.
    pub(crate) checked: usize,
    /// Read, parsed and indexed (new or changed).
    pub(crate) read: usize,
    /// In the index but no longer in the archive.
    pub(crate) removed: usize,
    /// What happened to the index file.
    pub(crate) action: String,
}

impl IndexStats {
    /// The `--verbose` line.
    pub(crate) fn line(&self) -> String {
        let at = self
            .path
            .as_ref()
            .map_or_else(|| "(in memory)".to_owned(), |p| p.display().to_string());
        format!(
            "index {at}: {} statements ({} reused, {} checked by digest, {} read), {} removed; {}",
            self.statements, self.reused, self.checked, self.read, self.removed, self.action
        )
    }
}

/// The index file of an archive named by `spec` (its paths as given, and what is left out),
/// in the workspace `root`.
pub(crate) fn index_path(root: &Path, spec: &[String]) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut key = cwd.display().to_string();
    for part in spec {
        key.push('\0');
        key.push_str(part);
    }
    let hex: String = store::digest(key.as_bytes())[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    root.join(".chancery")
        .join("cache")
        .join(format!("provenance-{hex}.idx"))
}

/// One archive file as this run sees it.
#[derive(Debug)]
struct Current<'a> {
    path: &'a Path,
    label: String,
    /// The stamp to store: [`Stamp::UNKNOWN`] when the file is too recent to trust it.
    stamp: Stamp,
}

/// What to do with one archive file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// Unchanged by stamp: statement `k` of the old index, unread.
    Reused(usize),
    /// Unchanged by digest: statement `k`, with a new stamp.
    Checked(usize),
    /// New or changed: read and indexed.
    Read,
}

/// A plan against one old index: a source per current file.
#[derive(Debug)]
struct Plan {
    sources: Vec<Source>,
    /// Old statements no current file names.
    removed: usize,
}

impl Plan {
    /// Whether the old index holds exactly the current files, in order.
    fn unchanged(&self, old: &StoredArchive<'_>) -> bool {
        self.removed == 0
            && self.sources.len() == old.statements()
            && self
                .sources
                .iter()
                .enumerate()
                .all(|(i, s)| matches!(*s, Source::Reused(k) | Source::Checked(k) if k == i))
    }
}

/// The archive's index, fresh: read from `path` when it is up to date, else updated (only the
/// new and changed files read) or rebuilt, and written back. `Ok(None)` from the caller's view
/// never happens: a workspace that cannot be written gives the bytes with a warning.
pub(crate) fn load(
    path: &Path,
    files: &[PathBuf],
    opts: &ImportOptions,
) -> Result<(Vec<u8>, IndexStats), Error> {
    let current = stamp_all(files)?;
    let mut stats = IndexStats {
        path: Some(path.to_path_buf()),
        statements: files.len(),
        ..IndexStats::default()
    };
    let old = fs::read(path).ok();
    let reason = match old.as_deref().map(StoredArchive::open) {
        Some(Ok(view)) => {
            let plan = plan(&view, &current, opts);
            if plan.unchanged(&view) {
                let bytes = old.unwrap_or_default();
                return Ok(restamp_if_due(path, bytes, &plan, &current, stats));
            }
            None
        }
        Some(Err(e)) => Some(e),
        None => None,
    };
    // Changes to write: under the lock, against the index as it is now (another run may just
    // have written it).
    let _lock = lock(path);
    let old = fs::read(path).ok();
    let view = old.as_deref().map(StoredArchive::open).and_then(Result::ok);
    let plan = view.as_ref().map(|v| self::plan(v, &current, opts));
    let bytes = build(view.as_ref(), plan.as_ref(), &current, opts, &mut stats)?;
    stats.action = match (&view, reason) {
        (Some(_), _) => "updated".to_owned(),
        (None, Some(e)) => format!("rebuilt ({e})"),
        (None, None) => "built".to_owned(),
    };
    write_or_warn(path, &bytes, &mut stats);
    Ok((bytes, stats))
}

/// The archive indexed from scratch, in memory only (`--no-index` keeps the old path; this is
/// for a run whose index turned out unusable mid-query).
pub(crate) fn build_fresh(files: &[PathBuf], opts: &ImportOptions) -> Result<Vec<u8>, Error> {
    let current = stamp_all(files)?;
    build(None, None, &current, opts, &mut IndexStats::default())
}

fn stamp_all(files: &[PathBuf]) -> Result<Vec<Current<'_>>, Error> {
    let now = SystemTime::now();
    files
        .iter()
        .map(|path| {
            let meta = fs::metadata(path).map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })?;
            let recent = meta
                .modified()
                .ok()
                .and_then(|m| now.duration_since(m).ok())
                .is_none_or(|age| age < RACY);
            Ok(Current {
                path,
                label: path.display().to_string(),
                stamp: if recent { Stamp::UNKNOWN } else { stamp(&meta) },
            })
        })
        .collect()
}

#[cfg(unix)]
fn stamp(meta: &fs::Metadata) -> Stamp {
    use std::os::unix::fs::MetadataExt;
    let ns = |s: i64, n: i64| {
        (s as u64)
            .wrapping_mul(1_000_000_000)
            .wrapping_add(n as u64)
    };
    Stamp([
        meta.size(),
        ns(meta.mtime(), meta.mtime_nsec()),
        ns(meta.ctime(), meta.ctime_nsec()),
        meta.ino() ^ meta.dev().rotate_left(32),
    ])
}

#[cfg(not(unix))]
fn stamp(meta: &fs::Metadata) -> Stamp {
    let mtime = meta
        .modified()
        .ok()
        .and_then(|m| m.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64);
    Stamp([meta.len(), mtime, 1, 1])
}

/// Compare the current files with an index: by label and stamp, then by digest.
fn plan(old: &StoredArchive<'_>, current: &[Current<'_>], opts: &ImportOptions) -> Plan {
    let mut by_label = std::collections::HashMap::with_capacity(old.statements());
    for k in 0..old.statements() {
        let Ok(s) = old.statement(k) else {
            break;
        };
        by_label.insert(s.label, (k, s));
    }
    let mut matched = 0usize;
    let sources = current
        .iter()
        .map(|file| {
            let Some(&(k, s)) = by_label.get(file.label.as_str()) else {
                return Source::Read;
            };
            matched += 1;
            if s.stamp == file.stamp && file.stamp != Stamp::UNKNOWN {
                Source::Reused(k)
            } else if file_digest(file.path, opts) == Some(s.digest) {
                Source::Checked(k)
            } else {
                Source::Read
            }
        })
        .collect();
    Plan {
        sources,
        removed: old.statements().saturating_sub(matched),
    }
}

/// The SHA-256 of a file within the import size limit; `None` if it cannot be read (the
/// reading that follows reports why).
fn file_digest(path: &Path, opts: &ImportOptions) -> Option<[u8; 32]> {
    let meta = fs::metadata(path).ok()?;
    check_size(path, meta.len(), opts).ok()?;
    fs::read(path).ok().map(|b| store::digest(&b))
}

/// The index bytes for `current`: statements from the old index where the plan says so, the
/// others read and parsed.
fn build(
    old: Option<&StoredArchive<'_>>,
    plan: Option<&Plan>,
    current: &[Current<'_>],
    opts: &ImportOptions,
    stats: &mut IndexStats,
) -> Result<Vec<u8>, Error> {
    let old_sentences = match (old, plan) {
        (Some(v), Some(p)) if p.sources.iter().any(|s| *s != Source::Read) => {
            v.statement_sentences().ok()
        }
        _ => None,
    };
    let mut old_sentences = old_sentences.unwrap_or_default();
    let mut builder = StoreBuilder::new();
    let mut buf = Vec::new();
    for (i, file) in current.iter().enumerate() {
        let source = plan.map_or(Source::Read, |p| p.sources[i]);
        let reused = match source {
            Source::Reused(k) | Source::Checked(k) => old
                .and_then(|v| v.statement(k).ok())
                .zip(old_sentences.get_mut(k).map(std::mem::take))
                .map(|(s, sentences)| (s.digest, sentences, source)),
            Source::Read => None,
        };
        match reused {
            Some((digest, sentences, source)) => {
                match source {
                    Source::Reused(_) => stats.reused += 1,
                    Source::Checked(_) | Source::Read => stats.checked += 1,
                }
                let entry = statement_file(file, digest);
                builder.reuse(entry, sentences);
            }
            None => {
                stats.read += 1;
                let doc = read_statement(file.path, opts, &mut buf)?;
                builder.add(statement_file(file, store::digest(&buf)), &doc);
            }
        }
    }
    stats.removed = plan.map_or(0, |p| p.removed);
    builder.finish().map_err(|e| {
        Error::usage(
            format!("the archive cannot be indexed: {e}"),
            "give a smaller archive with --archive, or use --no-index",
        )
    })
}

fn statement_file(file: &Current<'_>, digest: [u8; 32]) -> StatementFile {
    StatementFile {
        label: file.label.clone(),
        stamp: file.stamp,
        digest,
    }
}

/// An up-to-date index whose files were checked by digest is rewritten with their stamps once
/// those can be trusted, so later runs need not read them.
fn restamp_if_due(
    path: &Path,
    bytes: Vec<u8>,
    plan: &Plan,
    current: &[Current<'_>],
    mut stats: IndexStats,
) -> (Vec<u8>, IndexStats) {
    stats.reused = plan
        .sources
        .iter()
        .filter(|s| matches!(s, Source::Reused(_)))
        .count();
    stats.checked = current.len() - stats.reused;
    let due: Vec<(usize, Stamp)> = plan
        .sources
        .iter()
        .zip(current)
        .filter_map(|(s, f)| match *s {
            Source::Checked(k) if f.stamp != Stamp::UNKNOWN => Some((k, f.stamp)),
            Source::Checked(_) | Source::Reused(_) | Source::Read => None,
        })
        .collect();
    if due.is_empty() {
        stats.action = "up to date".to_owned();
        return (bytes, stats);
    }
    match store::restamp(&bytes, &due) {
        Ok(new) => {
            stats.action = format!("up to date; {} stamps renewed", due.len());
            write_or_warn(path, &new, &mut stats);
            (new, stats)
        }
        Err(_) => {
            stats.action = "up to date".to_owned();
            (bytes, stats)
        }
    }
}

/// Write the index atomically and prune the cache folder; a failure is a warning only.
fn write_or_warn(path: &Path, bytes: &[u8], stats: &mut IndexStats) {
    match write_atomic(path, bytes, false) {
        Ok(()) => prune(path),
        Err(e) => {
            super::build_all::say(&format!(
                "warning: the archive index is not kept ({e}); this run indexed the archive"
            ));
            stats.action.push_str(", not written");
        }
    }
}

/// Remove the least recently written index files of the cache folder beyond [`KEEP`].
fn prune(path: &Path) {
    let Some(dir) = path.parent() else { return };
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut found: Vec<(SystemTime, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "idx"))
        .filter_map(|p| Some((fs::metadata(&p).ok()?.modified().ok()?, p)))
        .collect();
    if found.len() <= KEEP {
        return;
    }
    found.sort_by(|a, b| b.0.cmp(&a.0));
    for (_, p) in found.into_iter().skip(KEEP) {
        let _ = fs::remove_file(&p);
        let _ = fs::remove_file(p.with_extension("lock"));
    }
}

/// An exclusive lock beside the index, held while it is updated; none if the folder cannot
/// be written (the write that follows then warns).
fn lock(path: &Path) -> Option<fs::File> {
    let dir = path.parent()?;
    fs::create_dir_all(dir).ok()?;
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path.with_extension("lock"))
        .ok()?;
    file.lock().ok()?;
    Some(file)
}
