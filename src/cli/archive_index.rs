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
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use chancery::archive::store::{
    self, Body, CheckedHead, Part, Stamp, StatementFile, StoreBuilder, StoreError, StoredArchive,
};
use chancery::archive::{Provenance, ProvenanceOptions, document_sentences};
use chancery::document::Document;
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
    fn unchanged<B: Body>(&self, old: &StoredArchive<'_, B>) -> bool {
        self.removed == 0
            && self.sources.len() == old.statements()
            && self
                .sources
                .iter()
                .enumerate()
                .all(|(i, s)| matches!(*s, Source::Reused(k) | Source::Checked(k) if k == i))
    }
}

/// An index file opened: its header and head read whole, its body read from the file where a
/// query needs it (every block checked as it is read).
#[derive(Debug)]
pub(crate) struct OpenIndex {
    head: CheckedHead,
    file: fs::File,
}

/// The body of an index file: the bytes after its head.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FileBody<'f> {
    file: &'f fs::File,
    start: u64,
}

impl Body for FileBody<'_> {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> bool {
        let Some(at) = self.start.checked_add(offset) else {
            return false;
        };
        read_exact_at(self.file, at, buf).is_ok()
    }
}

#[cfg(unix)]
fn read_exact_at(file: &fs::File, at: u64, buf: &mut [u8]) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(not(unix))]
fn read_exact_at(mut file: &fs::File, at: u64, buf: &mut [u8]) -> std::io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    file.seek(SeekFrom::Start(at))?;
    file.read_exact(buf)
}

impl OpenIndex {
    /// Open the index at `path`, read its header and head and check them; `Ok(None)` if there
    /// is none.
    fn read(path: &Path) -> Result<Option<Self>, StoreError> {
        let file = match fs::File::open(path) {
            Ok(f) => f,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
            {
                return Ok(None);
            }
            Err(_) => return Err(StoreError::Read),
        };
        let len = file.metadata().map_err(|_| StoreError::Read)?.len();
        if len < store::HEADER as u64 {
            return Err(StoreError::NotAnIndex);
        }
        let mut head = vec![0u8; store::HEADER];
        read_exact_at(&file, 0, &mut head).map_err(|_| StoreError::Read)?;
        let (head_len, body_len) = store::part_lengths(&head)?;
        if (store::HEADER as u64)
            .checked_add(head_len as u64)
            .and_then(|n| n.checked_add(body_len))
            != Some(len)
        {
            return Err(StoreError::Length);
        }
        // Read on into spare capacity (no zeroing of a head of megabytes first).
        head.reserve_exact(head_len);
        let mut rest = (&file).take(head_len as u64);
        std::io::Seek::seek(&mut (&file), std::io::SeekFrom::Start(store::HEADER as u64))
            .map_err(|_| StoreError::Read)?;
        rest.read_to_end(&mut head).map_err(|_| StoreError::Read)?;
        if head.len() != store::HEADER + head_len {
            return Err(StoreError::Length);
        }
        let index = OpenIndex {
            head: CheckedHead::check(head)?,
            file,
        };
        index.view()?;
        Ok(Some(index))
    }

    fn view(&self) -> Result<StoredArchive<'_, FileBody<'_>>, StoreError> {
        let body = FileBody {
            file: &self.file,
            start: self.head.len() as u64,
        };
        StoredArchive::over(&self.head, body)
    }
}

/// The index a query runs on: the file, or the bytes just built.
#[derive(Debug)]
pub(crate) enum Loaded {
    File(OpenIndex),
    Built(Vec<u8>),
}

impl Loaded {
    /// The provenance of `subject`, with the archive's statement and sentence counts.
    pub(crate) fn query(
        &self,
        subject: &Document,
        options: &ProvenanceOptions,
    ) -> Result<(Provenance, usize, usize), StoreError> {
        fn run<B: Body>(
            s: &StoredArchive<'_, B>,
            subject: &Document,
            options: &ProvenanceOptions,
        ) -> Result<(Provenance, usize, usize), StoreError> {
            Ok((
                s.provenance(subject, options)?,
                s.statements(),
                s.sentences(),
            ))
        }
        match self {
            Loaded::File(index) => run(&index.view()?, subject, options),
            Loaded::Built(bytes) => run(&StoredArchive::open_bytes(bytes)?, subject, options),
        }
    }
}

/// The archive's index, fresh: the file at `path` when it is up to date, else updated (only
/// the new and changed files read) or rebuilt, and written back. With `distrust`, the file is
/// not used (a query found it damaged) and the index is rebuilt. A workspace that cannot be
/// written is no error: the index built is used for this run, with a warning.
pub(crate) fn load(
    path: &Path,
    files: &[PathBuf],
    opts: &ImportOptions,
    distrust: Option<StoreError>,
) -> Result<(Loaded, IndexStats), Error> {
    let current = stamp_all(files)?;
    let mut stats = IndexStats {
        path: Some(path.to_path_buf()),
        statements: files.len(),
        ..IndexStats::default()
    };
    if distrust.is_none()
        && let Ok(Some(index)) = OpenIndex::read(path)
        && let Some(plan) = fresh_plan(&index, &current, opts)
    {
        restamp_if_due(path, &plan, &current, &mut stats);
        return Ok((Loaded::File(index), stats));
    }
    // Changes to write: under the lock, against the index as it is now (another run may just
    // have written it, or be writing it: then this one waits and finds it up to date).
    let _lock = lock(path);
    let (old, reason) = match distrust {
        Some(e) => (None, Some(e)),
        None => match OpenIndex::read(path) {
            Ok(index) => (index, None),
            Err(e) => (None, Some(e)),
        },
    };
    let old = match old {
        Some(index) => match fresh_plan(&index, &current, opts) {
            Some(plan) => {
                restamp_if_due(path, &plan, &current, &mut stats);
                return Ok((Loaded::File(index), stats));
            }
            None => Some(index),
        },
        None => None,
    };
    let view = old.as_ref().and_then(|o| o.view().ok());
    // A body found damaged while planning (its labels unreadable) is a reason to rebuild too.
    let (plan, reason) = match (&view, reason) {
        (Some(v), None) => match self::plan(v, &current, opts) {
            Ok(plan) => (Some(plan), None),
            Err(e) => (None, Some(e)),
        },
        (_, reason) => (None, reason),
    };
    let view = view.filter(|_| plan.is_some());
    let bytes = build(view.as_ref(), plan.as_ref(), &current, opts, &mut stats)?;
    stats.action = match (&plan, reason) {
        (_, Some(e)) => format!("rebuilt ({e})"),
        (Some(_), None) => "updated".to_owned(),
        (None, None) => "built".to_owned(),
    };
    write_or_warn(path, &bytes, &mut stats);
    Ok((Loaded::Built(bytes), stats))
}

/// The plan against an open index when it holds exactly the current files (nothing to write).
fn fresh_plan(index: &OpenIndex, current: &[Current<'_>], opts: &ImportOptions) -> Option<Plan> {
    let view = index.view().ok()?;
    let plan = plan(&view, current, opts).ok()?;
    plan.unchanged(&view).then_some(plan)
}

fn stamp_all(files: &[PathBuf]) -> Result<Vec<Current<'_>>, Error> {
    use rayon::prelude::*;
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i128);
    // Stat'ing is most of a query's time at 10,000 files, and the kernel's part of it runs in
    // parallel: a chunk of files per core, each with its own open folder.
    let chunk = files.len().div_ceil(rayon::current_num_threads()).max(256);
    let chunks: Vec<Result<Vec<Current<'_>>, Error>> = files
        .par_chunks(chunk)
        .map(|part| {
            let mut stat = Stat::default();
            part.iter()
                .map(|path| {
                    let (stamp, mtime) = stat.of(path).map_err(|source| Error::Read {
                        path: path.clone(),
                        source,
                    })?;
                    let recent = now - mtime < RACY.as_nanos() as i128;
                    Ok(Current {
                        path,
                        // As `display` writes it, without its lossy pass over UTF-8 names.
                        label: path
                            .to_str()
                            .map_or_else(|| path.display().to_string(), str::to_owned),
                        stamp: if recent { Stamp::UNKNOWN } else { stamp },
                    })
                })
                .collect()
        })
        .collect();
    let mut out = Vec::with_capacity(files.len());
    for part in chunks {
        out.extend(part?);
    }
    Ok(out)
}

/// Stats files, holding the last folder open: files of one folder are stat'ed relative to it,
/// which saves the path walk of each (a third of a query's system time at 10,000 files).
#[derive(Debug, Default)]
struct Stat {
    dir: Option<(PathBuf, fs::File)>,
}

impl Stat {
    /// A file's stamp (size, modification and change times, inode and device) and its
    /// modification time in nanoseconds since 1970.
    #[cfg(unix)]
    #[allow(clippy::unnecessary_cast)] // the stat fields' integer types differ by target
    fn of(&mut self, path: &Path) -> std::io::Result<(Stamp, i128)> {
        let parent = path.parent().unwrap_or(Path::new(""));
        let (Some(name), true) = (path.file_name(), self.open(parent)) else {
            use std::os::unix::fs::MetadataExt;
            let m = fs::metadata(path)?;
            let (mtime, ctime) = (ns(m.mtime(), m.mtime_nsec()), ns(m.ctime(), m.ctime_nsec()));
            return Ok((stamp_of(m.size(), mtime, ctime, m.ino(), m.dev()), mtime));
        };
        let dir = self
            .dir
            .as_ref()
            .map(|(_, d)| d)
            .ok_or(std::io::ErrorKind::NotFound)?;
        let st = rustix::fs::statat(dir, name, rustix::fs::AtFlags::empty())?;
        let mtime = ns(st.st_mtime as i64, st.st_mtime_nsec as i64);
        let ctime = ns(st.st_ctime as i64, st.st_ctime_nsec as i64);
        let stamp = stamp_of(
            st.st_size as u64,
            mtime,
            ctime,
            st.st_ino as u64,
            st.st_dev as u64,
        );
        Ok((stamp, mtime))
    }

    /// Whether `dir` is the folder held open (opening it if not).
    #[cfg(unix)]
    fn open(&mut self, dir: &Path) -> bool {
        // Byte equality: comparing paths component by component costs more than the stat.
        if self
            .dir
            .as_ref()
            .is_some_and(|(p, _)| p.as_os_str() == dir.as_os_str())
        {
            return true;
        }
        let at = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        self.dir = fs::File::open(at).ok().map(|f| (dir.to_path_buf(), f));
        self.dir.is_some()
    }

    #[cfg(not(unix))]
    fn of(&mut self, path: &Path) -> std::io::Result<(Stamp, i128)> {
        let m = fs::metadata(path)?;
        let mtime = m
            .modified()?
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as i128);
        Ok((stamp_of(m.len(), mtime, 1, 1, 1), mtime))
    }
}

/// Nanoseconds since 1970 from seconds and nanoseconds.
fn ns(secs: i64, nanos: i64) -> i128 {
    i128::from(secs) * 1_000_000_000 + i128::from(nanos)
}

fn stamp_of(size: u64, mtime: i128, ctime: i128, ino: u64, dev: u64) -> Stamp {
    Stamp([size, mtime as u64, ctime as u64, ino ^ dev.rotate_left(32)])
}

/// Compare the current files with an index: by label and stamp, then by digest. Files are
/// matched to statements walking both lists in order (they are nearly always the same sorted
/// list), by label look-up where the walk loses step.
fn plan<B: Body>(
    old: &StoredArchive<'_, B>,
    current: &[Current<'_>],
    opts: &ImportOptions,
) -> Result<Plan, StoreError> {
    let labels = old.labels()?;
    let mut by_label: Option<std::collections::HashMap<&str, usize>> = None;
    let mut next = 0usize;
    let mut matched = 0usize;
    let mut sources = Vec::with_capacity(current.len());
    for file in current {
        let label = file.label.as_str();
        let k = if labels.get(next) == Some(label) {
            Some(next)
        } else {
            by_label
                .get_or_insert_with(|| {
                    (0..labels.len())
                        .filter_map(|k| Some((labels.get(k)?, k)))
                        .collect()
                })
                .get(label)
                .copied()
        };
        let Some(k) = k else {
            sources.push(Source::Read);
            continue;
        };
        next = k + 1;
        matched += 1;
        let s = old.statement(k)?;
        sources.push(if s.stamp == file.stamp && file.stamp != Stamp::UNKNOWN {
            Source::Reused(k)
        } else if file_digest(file.path, opts) == Some(s.digest) {
            Source::Checked(k)
        } else {
            Source::Read
        });
    }
    Ok(Plan {
        sources,
        removed: old.statements().saturating_sub(matched),
    })
}

/// The SHA-256 of a file within the import size limit; `None` if it cannot be read (the
/// reading that follows reports why).
fn file_digest(path: &Path, opts: &ImportOptions) -> Option<[u8; 32]> {
    let meta = fs::metadata(path).ok()?;
    check_size(path, meta.len(), opts).ok()?;
    fs::read(path).ok().map(|b| store::digest(&b))
}

/// The index bytes for `current`: statements from the old index where the plan says so (their
/// text not processed again), the others read and parsed. An old index whose body turns out
/// damaged is not used: every file is read.
fn build<B: Body>(
    old: Option<&StoredArchive<'_, B>>,
    plan: Option<&Plan>,
    current: &[Current<'_>],
    opts: &ImportOptions,
    stats: &mut IndexStats,
) -> Result<Vec<u8>, Error> {
    let too_large = |e: StoreError| {
        Error::usage(
            format!("the archive cannot be indexed: {e}"),
            "give a smaller archive with --archive, or use --no-index",
        )
    };
    let mut buf = Vec::new();
    if let (Some(old), Some(plan)) = (old, plan) {
        let mut parts = Vec::with_capacity(current.len());
        let mut counts = IndexStats::default();
        for (file, source) in current.iter().zip(&plan.sources) {
            let part = match *source {
                Source::Reused(k) | Source::Checked(k) => {
                    match source {
                        Source::Reused(_) => counts.reused += 1,
                        Source::Checked(_) | Source::Read => counts.checked += 1,
                    }
                    let digest = old.statement(k).map_or([0; 32], |s| s.digest);
                    Part::Old {
                        statement: k,
                        file: statement_file(file, digest),
                    }
                }
                Source::Read => {
                    counts.read += 1;
                    let doc = read_statement(file.path, opts, &mut buf)?;
                    Part::New {
                        file: statement_file(file, store::digest(&buf)),
                        sentences: document_sentences(&doc),
                    }
                }
            };
            parts.push(part);
        }
        match old.update(&parts) {
            Ok(bytes) => {
                stats.reused = counts.reused;
                stats.checked = counts.checked;
                stats.read = counts.read;
                stats.removed = plan.removed;
                return Ok(bytes);
            }
            Err(StoreError::TooLarge) => return Err(too_large(StoreError::TooLarge)),
            Err(_) => {}
        }
    }
    let mut builder = StoreBuilder::new();
    for file in current {
        stats.read += 1;
        let doc = read_statement(file.path, opts, &mut buf)?;
        builder.add(statement_file(file, store::digest(&buf)), &doc);
    }
    builder.finish().map_err(too_large)
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
fn restamp_if_due(path: &Path, plan: &Plan, current: &[Current<'_>], stats: &mut IndexStats) {
    stats.reused = plan
        .sources
        .iter()
        .filter(|s| matches!(s, Source::Reused(_)))
        .count();
    stats.checked = current.len() - stats.reused;
    stats.action = "up to date".to_owned();
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
        return;
    }
    let _lock = lock(path);
    if let Some(new) = fs::read(path)
        .ok()
        .and_then(|bytes| store::restamp(&bytes, &due).ok())
    {
        stats.action = format!("up to date; {} stamps renewed", due.len());
        write_or_warn(path, &new, stats);
    }
}

/// Write the index atomically and prune the cache folder; a failure is a warning only.
fn write_or_warn(path: &Path, bytes: &[u8], stats: &mut IndexStats) {
    match write_atomic(path, bytes, false) {
        Ok(()) => {
            ignore_cache(path);
            prune(path);
        }
        Err(e) => {
            super::build_all::say(&format!(
                "warning: the archive index is not kept ({e}); this run indexed the archive"
            ));
            stats.action.push_str(", not written");
        }
    }
}

/// Git ignores the cache folder through its own `.gitignore` (as pytest and ruff do theirs), so
/// no workspace needs an entry for it. Best effort: a cache that git shows is no error.
fn ignore_cache(path: &Path) {
    let Some(cache) = path.parent().and_then(Path::parent) else {
        return;
    };
    let file = cache.join(".gitignore");
    if !file.exists() {
        let _ = fs::write(
            file,
            "# chancery's cache (the provenance archive index), rebuilt when missing\n*\n",
        );
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
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
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
