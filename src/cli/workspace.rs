//! Finding and reading a draft and its workspace: `meeting.toml`, the workspace's `templates/`
//! (found by walking up from the draft), embedded defaults, into a [`LoadedDraft`] for the
//! library; and atomic, optionally durable, writes of outputs.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use chancery::assemble::TemplateSet;
use chancery::clauses::{
    ClauseLibrary, ClauseOrigin, ClauseSource, embedded_sources, embedded_statement,
};
use chancery::draft::{Draft, Sources};
use chancery::error::{Diagnostic, Error};
use chancery::load::LoadedDraft;

/// The most chancery reads of one kind of input file: every file is read through
/// [`read_capped`], so that no input, however large, makes a build allocate without bound.
#[derive(Debug, Clone, Copy)]
pub(crate) struct InputLimit {
    /// What kind of file, for the error (`a meeting.toml`).
    pub(crate) what: &'static str,
    /// The largest size accepted, in bytes.
    pub(crate) bytes: u64,
}

const MIB: u64 = 1 << 20;
/// A draft's inputs: 16 MiB is some 30,000 paragraphs, far beyond any statement.
pub(crate) const MEETING_LIMIT: InputLimit = InputLimit {
    what: "a meeting.toml",
    bytes: 16 * MIB,
};
/// A clause file or the statement template (the template budget itself is 1 MiB).
pub(crate) const TEMPLATE_LIMIT: InputLimit = InputLimit {
    what: "a template or clause file",
    bytes: 2 * MIB,
};
/// A font file (the largest CJK collections are about 30 MiB).
pub(crate) const FONT_LIMIT: InputLimit = InputLimit {
    what: "a font file",
    bytes: 64 * MIB,
};
/// A `manifest.json`.
pub(crate) const MANIFEST_LIMIT: InputLimit = InputLimit {
    what: "a manifest",
    bytes: MIB,
};
/// A final document checked by `verify`.
pub(crate) const FINAL_COPY_LIMIT: InputLimit = InputLimit {
    what: "a final document",
    bytes: 256 * MIB,
};

/// Read at most `limit` bytes of `path`; a larger file is an I/O error of kind `FileTooLarge`
/// whose message names the limit. The read itself stops one byte past the limit, so a file
/// that grows while it is read is caught too, and nothing larger is ever held.
pub(crate) fn read_capped_io(path: &Path, limit: InputLimit) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = fs::File::open(path)?;
    // Sized once from the file's length (a vector grown by doubling copies itself over and
    // over), but never beyond the limit; the read stops one byte past it whatever the length
    // said.
    let size = file
        .metadata()
        .map_or(0, |m| m.len())
        .min(limit.bytes)
        .saturating_add(1);
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit.bytes + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit.bytes {
        return Err(too_large(limit));
    }
    Ok(bytes)
}

fn too_large(limit: InputLimit) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::FileTooLarge,
        format!(
            "larger than {} MiB, the limit for {}",
            limit.bytes.div_ceil(MIB),
            limit.what
        ),
    )
}

/// [`read_capped_io`] with chancery's error: a file over the limit is a located diagnostic
/// (exit 3) naming the limit; other failures are read errors.
pub(crate) fn read_capped(path: &Path, limit: InputLimit) -> Result<Vec<u8>, Error> {
    read_capped_io(path, limit).map_err(|source| read_error(path, source))
}

fn read_error(path: &Path, source: std::io::Error) -> Error {
    if source.kind() == std::io::ErrorKind::FileTooLarge {
        return Error::Invalid(vec![
            Diagnostic::error(path, None, format!("the file is {source}")).hint(
                "chancery's inputs are documents of a few pages; check that this is the right file",
            ),
        ]);
    }
    Error::Read {
        path: path.to_path_buf(),
        source,
    }
}

/// Reads files for the library (a previous draft's `meeting.toml`, within [`MEETING_LIMIT`]).
pub(crate) struct FsSources;

impl Sources for FsSources {
    fn read_text(&self, path: &Path) -> std::io::Result<String> {
        let bytes = read_capped_io(path, MEETING_LIMIT)?;
        String::from_utf8(bytes)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
    }
}

/// Read a file of at most `limit` bytes as UTF-8 text, with a clear error.
pub(crate) fn read_text(path: &Path, limit: InputLimit) -> Result<String, Error> {
    let bytes = read_capped(path, limit)?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        Error::Invalid(vec![
            Diagnostic::error(
                path,
                None,
                format!("the file is not UTF-8 text (invalid byte at offset {offset})"),
            )
            .hint("save it as UTF-8"),
        ])
    })
}

/// The `meeting.toml` of a draft given as a folder or as the file itself.
pub(crate) fn meeting_file(draft: &Path) -> Result<PathBuf, Error> {
    if draft.is_dir() {
        let file = draft.join("meeting.toml");
        if file.is_file() {
            return Ok(file);
        }
        return Err(Error::usage(
            format!("`{}` has no meeting.toml", draft.display()),
            "a draft folder holds the meeting's inputs in meeting.toml; `chancery next` writes one",
        ));
    }
    if draft.is_file() {
        return Ok(draft.to_path_buf());
    }
    Err(Error::usage(
        format!("no draft at `{}`", draft.display()),
        "give a draft folder such as drafts/2014-05-09-washington-2nd, or its meeting.toml",
    ))
}

/// The nearest `templates/` folder at or above the draft's folder, if any.
pub(crate) fn find_templates_dir(draft_file: &Path) -> Option<PathBuf> {
    let start = draft_file.parent()?.canonicalize().ok()?;
    start
        .ancestors()
        .map(|a| a.join("templates"))
        .find(|t| t.is_dir())
}

/// Embedded defaults, overridden by the workspace's `templates/` (or `explicit`).
pub(crate) fn load_templates(
    draft_file: Option<&Path>,
    explicit: Option<&Path>,
) -> Result<TemplateSet, Error> {
    let dir = match explicit {
        Some(d) if !d.is_dir() => {
            return Err(Error::usage(
                format!("no templates folder at `{}`", d.display()),
                "--templates names a folder holding statement.hbs and/or clauses/",
            ));
        }
        Some(d) => Some(d.to_path_buf()),
        None => draft_file.and_then(find_templates_dir),
    };
    let mut sources = embedded_sources();
    let mut statement_file = PathBuf::from("<embedded>/templates/statement.hbs");
    let mut statement = embedded_statement().to_owned();
    if let Some(dir) = &dir {
        let stmt = dir.join("statement.hbs");
        if stmt.is_file() {
            statement = read_text(&stmt, TEMPLATE_LIMIT)?;
            statement_file = relative(&stmt);
        }
        let clauses_dir = dir.join("clauses");
        if clauses_dir.is_dir() {
            let mut files: Vec<PathBuf> = fs::read_dir(&clauses_dir)
                .map_err(|source| Error::Read {
                    path: clauses_dir.clone(),
                    source,
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "md"))
                .collect();
            files.sort();
            for f in files {
                sources.push(ClauseSource {
                    text: read_text(&f, TEMPLATE_LIMIT)?,
                    file: relative(&f),
                    origin: ClauseOrigin::Workspace,
                });
            }
        }
    }
    let clauses = ClauseLibrary::load(&sources).map_err(Error::Invalid)?;
    Ok(TemplateSet {
        statement_file,
        statement,
        clauses,
    })
}

/// A path relative to the current directory when it is below it (for readable diagnostics).
fn relative(path: &Path) -> PathBuf {
    let Ok(cwd) = std::env::current_dir() else {
        return path.to_path_buf();
    };
    let abs = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    abs.strip_prefix(&cwd).map(Path::to_path_buf).unwrap_or(abs)
}

/// Read and validate a draft and its workspace templates.
pub(crate) fn load_draft(draft: &Path, templates: Option<&Path>) -> Result<LoadedDraft, Error> {
    let file = meeting_file(draft)?;
    let text = read_text(&file, MEETING_LIMIT)?;
    let (parsed, diags) = Draft::parse_lenient(&file, &text, &FsSources);
    let Some(d) = parsed else {
        return Err(Error::Invalid(diags));
    };
    let set = load_templates(Some(&d.file), templates)?;
    let mut inputs = vec![(file, text)];
    if let Some(prev) = d.previous.as_ref().and_then(|p| p.draft.as_ref()) {
        let f = prev.join("meeting.toml");
        if let Ok(t) = FsSources.read_text(&f) {
            inputs.push((f, t));
        }
    }
    Ok(LoadedDraft {
        draft: d,
        templates: set,
        diagnostics: diags,
        inputs,
        cwd: std::env::current_dir().unwrap_or_default(),
    })
}

/// The fixed prefix and suffix of every temporary file or folder chancery creates in an output
/// folder (the middle is random): a name of this shape that is still there when the next build
/// holds the folder's lock was left by a killed run, and is removed (and reported by `verify`).
pub(crate) const TEMP_PREFIX: &str = ".chancery-";
/// See [`TEMP_PREFIX`].
pub(crate) const TEMP_SUFFIX: &str = ".tmp";

/// A builder for chancery's temporary names: random, created exclusively (`O_EXCL`), so a link
/// planted at a guessed name is never followed. `mode` is what a plain create asks for
/// (`0o666` for a file, `0o777` for a folder, less the umask), since the temporary becomes the
/// output and should be as readable as `File::create` made it, not tempfile's private `0o600`.
pub(crate) fn temp_builder(mode: u32) -> tempfile::Builder<'static, 'static> {
    let mut b = tempfile::Builder::new();
    b.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = mode;
    b
}

/// Whether `name` is a temporary file of chancery's: the current pattern, or the predictable
/// `.{name}.{pid}.tmp` of earlier versions for the files a build writes.
pub(crate) fn is_temp_name(name: &str) -> bool {
    if name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX) {
        return true;
    }
    let legacy = name.starts_with(".statement.") || name.starts_with(".manifest.json.");
    legacy && name.ends_with(TEMP_SUFFIX)
}

/// The temporary entries (files, folders or links) chancery left in `dir`, sorted by name.
pub(crate) fn stale_temps(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| is_temp_name(&e.file_name().to_string_lossy()))
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

/// Remove what a killed run left in `dir` (call it only while holding the folder's
/// [`OutputLock`], so that a running build's temporary files are never taken). A link is
/// removed itself, never followed.
pub(crate) fn remove_stale_temps(dir: &Path) -> Result<(), Error> {
    for path in stale_temps(dir) {
        let is_dir = fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
        let removed = if is_dir {
            fs::remove_dir_all(&path)
        } else {
            fs::remove_file(&path)
        };
        removed.map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
        super::report::info(&format!(
            "removed {} (left by an interrupted build)",
            path.display()
        ));
    }
    Ok(())
}

/// An exclusive lock on a folder, held for the length of a build so that two builds never
/// write into one output at once; released when dropped (or when the process dies, as the
/// kernel drops `flock` locks with their file).
#[derive(Debug)]
pub(crate) struct OutputLock {
    _file: fs::File,
}

impl OutputLock {
    /// Lock `dir` (created when missing). Another build holding it is waited for, with a note.
    pub(crate) fn acquire(dir: &Path) -> Result<OutputLock, Error> {
        let err = |source| Error::Write {
            path: dir.to_path_buf(),
            source,
        };
        fs::create_dir_all(dir).map_err(err)?;
        let file = fs::File::open(dir).map_err(err)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                super::report::info(&format!(
                    "waiting for another chancery build writing into `{}`",
                    dir.display()
                ));
                file.lock().map_err(err)?;
            }
            Err(fs::TryLockError::Error(source)) => return Err(err(source)),
        }
        Ok(OutputLock { _file: file })
    }
}

/// Write `bytes` to `path` atomically: a temporary file with a random name, created exclusively
/// in the same folder (a link planted there is never followed), then a rename over `path`
/// (which replaces a link at `path` itself, never its target); a reader never sees half a
/// document, and on any error the temporary file is removed and the old file stays as it was.
/// `durable` also flushes the file to disk before the rename, and the folder after it, so that
/// the new name survives a crash too (new inputs); draft outputs, rebuilt on every run, skip
/// that cost.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8], durable: bool) -> Result<(), Error> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    // Dropping the temporary file on an early return removes it.
    let mut tmp = temp_builder(0o666).tempfile_in(dir).map_err(err)?;
    tmp.write_all(bytes).map_err(err)?;
    if durable {
        tmp.as_file().sync_all().map_err(err)?;
    }
    tmp.persist(path).map_err(|e| err(e.error))?;
    if durable {
        sync_dir(dir)?;
    }
    Ok(())
}

/// Flush a folder's entries to disk (a rename is only durable once its folder is). Unix lets a
/// folder be opened and synced; elsewhere the rename is left to the file system.
pub(crate) fn sync_dir(dir: &Path) -> Result<(), Error> {
    #[cfg(unix)]
    fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|source| Error::Write {
            path: dir.to_path_buf(),
            source,
        })?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// The path to `to` from the folder `from_dir`, both relative to the current folder or absolute.
pub(crate) fn relative_path(from_dir: &Path, to: &Path) -> PathBuf {
    chancery::load::relative_path(from_dir, to, &std::env::current_dir().unwrap_or_default())
}
