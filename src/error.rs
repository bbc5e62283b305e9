//! Errors are data: a [`Diagnostic`] is one problem with its place (file:line:col), what was
//! expected and `hint:` lines; [`Error`] is what a command fails with. Messages are lowercase,
//! offending names in backticks. Validation collects every problem before failing, so a user
//! fixes all of them in one pass.

use std::fmt;
use std::path::PathBuf;

use crate::render::RenderError;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// A 1-based line and column in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub col: usize,
}

impl Position {
    /// The position of byte `offset` in `source` (columns count characters). Scans `source`
    /// once: for more than one position in the same source, build a [`LineIndex`].
    pub fn of_offset(source: &str, offset: usize) -> Position {
        LineIndex::new(source).position(offset)
    }
}

/// Where each line of a source starts, so that a position costs a binary search and a walk
/// along one line rather than a scan from the start of the file (which made validating a
/// draft quadratic in its number of body paragraphs).
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    source: &'a str,
    /// Byte offset of the first byte of each line; `starts[0] == 0`.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Index the lines of `source` (one pass).
    pub fn new(source: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { source, starts }
    }

    /// The position of byte `offset` (clamped to the source, and back to a character
    /// boundary); columns count characters.
    pub fn position(&self, offset: usize) -> Position {
        let offset = self
            .source
            .floor_char_boundary(offset.min(self.source.len()));
        // The last line starting at or before `offset`; `starts[0] == 0` so there is one.
        let line = self.starts.partition_point(|&s| s <= offset);
        let line_start = self.starts[line - 1];
        let col = self.source[line_start..offset].chars().count() + 1;
        Position { line, col }
    }

    /// How many characters of `span` to underline: the span's text up to the end of its first
    /// line, at least one.
    pub fn width(&self, span: std::ops::Range<usize>) -> usize {
        let start = self
            .source
            .floor_char_boundary(span.start.min(self.source.len()));
        let end = self
            .source
            .floor_char_boundary(span.end.min(self.source.len()));
        let text = self.source.get(start..end.max(start)).unwrap_or("");
        text.split('\n')
            .next()
            .map_or(0, |t| t.chars().count())
            .max(1)
    }
}

/// One problem found in the inputs, with where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, as the user named it (relative paths stay relative).
    pub file: Option<PathBuf>,
    pub position: Option<Position>,
    /// How many characters from `position` the problem covers (on its line); `None` lets the
    /// renderer underline the token that starts there.
    pub width: Option<usize>,
    /// A short label under the underlined text ("expected a whole number").
    pub label: Option<String>,
    pub message: String,
    /// `hint:` lines: what to do about it.
    pub hints: Vec<String>,
    /// `note:` lines: context (e.g. where a clause uses the value).
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// An error at a place in a file.
    pub fn error(
        file: impl Into<PathBuf>,
        position: Option<Position>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: Some(file.into()),
            position,
            width: None,
            label: None,
            message: message.into(),
            hints: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// A warning at a place in a file.
    pub fn warning(
        file: impl Into<PathBuf>,
        position: Option<Position>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, position, message)
        }
    }

    /// Say how many characters from the position the problem covers.
    pub fn width(mut self, width: usize) -> Self {
        self.width = Some(width.max(1));
        self
    }

    /// Set the label shown under the underlined text.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Add a `hint:` line.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Add a `note:` line.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Whether this is an error (as opposed to a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if let Some(p) = self.position {
                write!(f, ":{}:{}", p.line, p.col)?;
            }
            write!(f, ": ")?;
        }
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: {}", self.message)?;
        for note in &self.notes {
            write!(f, "\n  note: {note}")?;
        }
        for hint in &self.hints {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// What a command fails with. Each variant has its own exit code ([`Error::exit_code`]).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The inputs are wrong: one or more diagnostics (warnings may ride along).
    #[error("{}", render_diagnostics(.0))]
    Invalid(Vec<Diagnostic>),
    /// A file or folder could not be read.
    #[error("cannot read `{}`: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// An output could not be written (nothing half-written is left behind).
    #[error("cannot write `{}`: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The command line asks for something impossible.
    #[error("{message}")]
    Usage {
        message: String,
        hint: Option<String>,
    },
    /// An export backend failed.
    #[error(transparent)]
    Render(#[from] RenderError),
}

impl Error {
    /// Exit codes: 2 usage, 3 invalid input, 4 I/O, 5 export. (0 success, 1 "differences found"
    /// are not errors; see the CLI.)
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage { .. } => 2,
            Error::Invalid(_) => 3,
            Error::Read { .. } | Error::Write { .. } => 4,
            Error::Render(_) => 5,
        }
    }

    /// A usage error with a hint.
    pub fn usage(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::Usage {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }
}

fn render_diagnostics(diags: &[Diagnostic]) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let mut out: Vec<String> = diags.iter().map(ToString::to_string).collect();
    if errors > 1 {
        out.push(format!("{errors} errors"));
    }
    out.join("\n")
}

/// Shorthand for the crate's results.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    // Byte offsets map to 1-based line and character column.
    #[test]
    fn position_of_offset() {
        let src = "a = 1\nbé = x\n";
        assert_eq!(Position::of_offset(src, 0), Position { line: 1, col: 1 });
        assert_eq!(Position::of_offset(src, 6), Position { line: 2, col: 1 });
        assert_eq!(Position::of_offset(src, 11), Position { line: 2, col: 5 });
    }

    // The line index gives the same position as a scan from the start, at every offset
    // (including line ends, past the end and inside a multi-byte character).
    #[test]
    fn line_index_matches_a_scan() {
        let src = "a = 1\nbé = x\n\n[t]\nk = \"日本\"\nlast";
        let index = LineIndex::new(src);
        for offset in 0..src.len() + 3 {
            let o = src.floor_char_boundary(offset.min(src.len()));
            let before = &src[..o];
            let line = before.matches('\n').count() + 1;
            let start = before.rfind('\n').map_or(0, |i| i + 1);
            let col = before[start..].chars().count() + 1;
            assert_eq!(
                index.position(offset),
                Position { line, col },
                "offset {offset}"
            );
        }
    }
}
