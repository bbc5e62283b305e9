//! What a front end has loaded, as values: a draft with its templates ([`LoadedDraft`]), and
//! the one rule for turning a *side* of `diff`, `import`, `provenance` or `clauses extract`
//! (a draft, or the bytes of a statement file) into a [`Document`].
//!
//! No I/O here: the caller finds and reads the files (checking a statement's size with
//! [`check_size`] before reading it) and hands over paths, texts and bytes. Paths are only
//! names, for diagnostics and for the manifest's keys; [`relative_path`] is lexical.

use std::path::{Component, Path, PathBuf};

use crate::assemble::{AssembleOptions, Assembled, TemplateSet, assemble};
use crate::document::Document;
use crate::draft::Draft;
use crate::error::{Diagnostic, Error};
use crate::import::{ImportError, ImportOptions, SourceKind, import};

/// A draft with its templates, loaded once and assembled as often as needed (one per copy).
#[derive(Debug, Clone)]
pub struct LoadedDraft {
    pub draft: Draft,
    pub templates: TemplateSet,
    /// Problems found while reading the inputs (errors included: assembly still runs, so that
    /// clause and template problems are reported in the same run).
    pub diagnostics: Vec<Diagnostic>,
    /// The texts read, by path, for the manifest of final copies.
    pub inputs: Vec<(PathBuf, String)>,
    /// The folder relative paths above are relative to (for the CLI, the current folder), so
    /// that manifest keys can be made relative to the draft folder without asking the system.
    pub cwd: PathBuf,
}

impl LoadedDraft {
    /// Assemble one copy; every problem of inputs, clauses and templates at once.
    pub fn assemble(&self, opts: &AssembleOptions) -> Result<Assembled, Error> {
        let mut diags = self.diagnostics.clone();
        match assemble(&self.draft, &self.templates, opts) {
            Ok(assembled) if !diags.iter().any(Diagnostic::is_error) => Ok(assembled),
            Ok(_) => Err(Error::Invalid(diags)),
            Err(more) => {
                for m in more {
                    if !diags.contains(&m) {
                        diags.push(m);
                    }
                }
                diags.sort_by(|a, b| (&a.file, a.position).cmp(&(&b.file, b.position)));
                Err(Error::Invalid(diags))
            }
        }
    }

    /// The draft and its clauses in language `lang` (one of the draft's languages): every
    /// wording field and clause body in that language, or an error at each that has none.
    pub fn in_language(&self, lang: &str) -> Result<LoadedDraft, Error> {
        let own = self
            .draft
            .languages()
            .first()
            .cloned()
            .unwrap_or_else(|| self.draft.document.language.clone());
        let draft = self.draft.localized(lang).map_err(Error::Invalid)?;
        let mut templates = self.templates.clone();
        templates.clauses = templates.clauses.in_language(lang, &own);
        Ok(LoadedDraft {
            draft,
            templates,
            ..self.clone()
        })
    }

    /// The draft's folder (the one holding its `meeting.toml`).
    pub fn dir(&self) -> &Path {
        self.draft.file.parent().unwrap_or(Path::new("."))
    }
}

/// What a side is, by its name: a draft's `meeting.toml`, or a statement file of some kind.
/// (A folder is a draft too; only the caller can tell a folder, by asking the file system.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SideKind {
    /// A `meeting.toml` (or any `.toml`): assembled as `build` would.
    Draft,
    /// A statement file, read by [`crate::import`].
    Statement(SourceKind),
}

impl SideKind {
    /// The one format-by-extension rule for inputs (case-insensitive); `None`: not a kind
    /// chancery reads.
    pub fn of(name: &Path) -> Option<SideKind> {
        let ext = name.extension()?.to_str()?;
        if ext.eq_ignore_ascii_case("toml") {
            return Some(SideKind::Draft);
        }
        SourceKind::from_extension(ext).map(SideKind::Statement)
    }
}

/// Refuse a statement of `size` bytes over [`ImportOptions::max_bytes`] before it is read.
pub fn check_size(name: &Path, size: u64, opts: &ImportOptions) -> Result<(), Error> {
    if size > opts.max_bytes {
        let e = ImportError::TooLarge {
            size,
            limit: opts.max_bytes,
        };
        return Err(import_error(name, &e));
    }
    Ok(())
}

/// Read the bytes of the statement file `name` (of `kind`, see [`SideKind::of`]) into a
/// document; a problem is a diagnostic naming the file.
pub fn statement(
    name: &Path,
    bytes: &[u8],
    kind: SourceKind,
    opts: &ImportOptions,
) -> Result<Document, Error> {
    import(bytes, kind, opts).map_err(|e| import_error(name, &e))
}

/// A returned DOCX read for `absorb` (its revisions, comments and custom properties), with the
/// importer's protections (size, zip bombs, nesting); a problem is a diagnostic naming the file.
pub fn returned_docx(
    name: &Path,
    bytes: &[u8],
    opts: &ImportOptions,
) -> Result<crate::import::revisions::Returned, Error> {
    let parts = crate::import::docx_parts(bytes, opts).map_err(|e| import_error(name, &e))?;
    crate::import::revisions::read(&parts).map_err(|e| import_error(name, &e))
}

fn import_error(name: &Path, e: &ImportError) -> Error {
    Error::Invalid(vec![
        Diagnostic::error(name, None, e.to_string()).hint(e.hint()),
    ])
}

/// The path to `to` from the folder `from_dir`, each absolute or relative to `cwd`; worked out
/// on the names alone (`..` drops the component before it; links are not followed).
pub fn relative_path(from_dir: &Path, to: &Path, cwd: &Path) -> PathBuf {
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            cwd.join(p)
        };
        let mut out = PathBuf::new();
        for c in p.components() {
            match c {
                Component::ParentDir => {
                    out.pop();
                }
                Component::CurDir => {}
                other => out.push(other),
            }
        }
        out
    };
    let (from, to) = (abs(from_dir), abs(to));
    let common = from
        .components()
        .zip(to.components())
        .take_while(|(a, b)| a == b)
        .count();
    let mut rel = PathBuf::new();
    for _ in from.components().skip(common) {
        rel.push("..");
    }
    for c in to.components().skip(common) {
        rel.push(c);
    }
    rel
}

/// The 2014 inputs as library values, for unit tests across the crate.
#[cfg(test)]
pub(crate) mod testing {
    use std::path::{Path, PathBuf};

    use super::LoadedDraft;
    use crate::assemble::TemplateSet;
    use crate::clauses::{ClauseLibrary, embedded_sources, embedded_statement};
    use crate::draft::{Draft, Sources};

    /// The 2014 `meeting.toml`, embedded at compile time (tests read no file either).
    pub(crate) const MEETING_2014: &str =
        include_str!("../drafts/2014-05-09-washington-2nd/meeting.toml");

    /// The 2014 inputs name their previous meeting by values, so no other file is asked for.
    struct NoFiles;

    impl Sources for NoFiles {
        fn read_text(&self, path: &Path) -> std::io::Result<String> {
            Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                path.display().to_string(),
            ))
        }
    }

    fn file_2014() -> PathBuf {
        PathBuf::from("drafts/2014-05-09-washington-2nd/meeting.toml")
    }

    /// The 2014 draft, validated.
    pub(crate) fn draft_2014() -> Draft {
        Draft::parse(&file_2014(), MEETING_2014, &NoFiles).expect("the 2014 inputs are valid")
    }

    /// The 2014 draft with the embedded templates, as if loaded from `/work`.
    pub(crate) fn loaded_2014() -> LoadedDraft {
        LoadedDraft {
            draft: draft_2014(),
            templates: TemplateSet {
                statement_file: PathBuf::from("<embedded>/templates/statement.hbs"),
                statement: embedded_statement().to_owned(),
                clauses: ClauseLibrary::load(&embedded_sources()).expect("embedded clauses"),
            },
            diagnostics: Vec::new(),
            inputs: vec![(file_2014(), MEETING_2014.to_owned())],
            cwd: PathBuf::from("/work"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Sibling draft folders refer to each other as ../name, whatever the current folder.
    #[test]
    fn sibling_relative_path() {
        assert_eq!(
            relative_path(
                Path::new("drafts/b"),
                Path::new("drafts/a"),
                Path::new("/w")
            ),
            PathBuf::from("../a")
        );
        assert_eq!(
            relative_path(
                Path::new("/w/drafts/b"),
                Path::new("a/x.md"),
                Path::new("/w")
            ),
            PathBuf::from("../../a/x.md")
        );
    }

    // One extension rule for every side: drafts by .toml, statements by their kind, any case.
    #[test]
    fn side_kinds_by_extension() {
        assert_eq!(
            SideKind::of(Path::new("d/meeting.TOML")),
            Some(SideKind::Draft)
        );
        assert_eq!(
            SideKind::of(Path::new("adopted.Docx")),
            Some(SideKind::Statement(SourceKind::Docx))
        );
        assert_eq!(SideKind::of(Path::new("statement.pdf")), None);
        assert_eq!(SideKind::of(Path::new("README")), None);
    }

    // The size limit is checked before reading, and the error names the file.
    #[test]
    fn oversized_statement_is_refused() {
        let opts = ImportOptions {
            max_bytes: 10,
            ..ImportOptions::default()
        };
        assert!(check_size(Path::new("a.txt"), 10, &opts).is_ok());
        let err = check_size(Path::new("a.txt"), 11, &opts).unwrap_err();
        assert!(
            err.to_string()
                .contains("a.txt: error: the file is too large"),
            "{err}"
        );
    }
}
