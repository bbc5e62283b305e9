//! Printing what went wrong, and what was done, to standard error, in the form asked for with
//! `--message-format`: `human` (the default: the source line with the span underlined and
//! labelled, then notes and hints, as rustc does, through annotate-snippets), `short` (one
//! `file:line:col: error: message` line and its hints, for grep and older editors) or `json`
//! (one object per diagnostic and line, for editors and CI; status lines are left out).
//!
//! Colour only on a terminal, never with `NO_COLOR`; `CLICOLOR_FORCE` asks for it off a
//! terminal. The library's diagnostics carry file, position and width; the source lines are
//! read here, since only the binary reads files.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use chancery::error::{Diagnostic, Error, Severity};
use clap::ValueEnum;

/// How diagnostics are printed (`--message-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub(crate) enum MessageFormat {
    /// The source line, the span underlined and labelled, notes and hints.
    #[default]
    Human,
    /// One `file:line:col: error: message` line, then `hint:` lines.
    Short,
    /// One JSON object per diagnostic, one per line; no status lines.
    Json,
}

static FORMAT: OnceLock<MessageFormat> = OnceLock::new();

/// Set the format for the run (once, from the command line).
pub(crate) fn set_format(format: MessageFormat) {
    // A second call (never made) would keep the first choice.
    let _ = FORMAT.set(format);
}

fn format() -> MessageFormat {
    FORMAT.get().copied().unwrap_or_default()
}

/// Whether to colour standard error: a terminal, or `CLICOLOR_FORCE`; never with `NO_COLOR`.
fn colour() -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
    if set("NO_COLOR") {
        return false;
    }
    set("CLICOLOR_FORCE") || std::io::stderr().is_terminal()
}

/// A status line ("wrote …", "ok: …"): printed, except in the JSON form.
pub(crate) fn info(line: &str) {
    if format() != MessageFormat::Json {
        super::build_all::say(line);
    }
}

/// A line that a program reading the JSON form needs too (the desk's address): printed as it
/// is, or in the JSON form as `{"severity": "info", "message": …}`.
pub(crate) fn status(line: &str) {
    if format() == MessageFormat::Json {
        let v = serde_json::json!({ "severity": "info", "message": line });
        super::build_all::say(&v.to_string());
    } else {
        super::build_all::say(line);
    }
}

/// A warning about the run itself, not at a place in a file.
pub(crate) fn warn(message: &str) {
    let d = Diagnostic {
        severity: Severity::Warning,
        file: None,
        position: None,
        width: None,
        label: None,
        message: message.to_owned(),
        hints: Vec::new(),
        notes: Vec::new(),
    };
    match format() {
        MessageFormat::Json => super::build_all::say(&json(&d).to_string()),
        MessageFormat::Short | MessageFormat::Human => {
            super::build_all::say(&format!("warning: {message}"));
        }
    }
}

/// A command line clap refused, in the JSON form when the arguments ask for it (clap itself
/// prints only text); `None` when the caller should let clap print it.
pub(crate) fn clap_error_json(e: &clap::Error, args: &[String]) -> Option<String> {
    use clap::error::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        return None;
    }
    let json_asked = args
        .windows(2)
        .any(|w| w[0] == "--message-format" && w[1] == "json")
        || args.iter().any(|a| a == "--message-format=json");
    if !json_asked {
        return None;
    }
    let text = e.render().to_string();
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let message = lines
        .next()
        .map(|l| l.strip_prefix("error: ").unwrap_or(l).to_owned())
        .unwrap_or_default();
    let hints: Vec<String> = lines.map(|l| l.trim().to_owned()).collect();
    Some(
        serde_json::json!({
            "severity": "error", "file": null, "line": null, "column": null, "width": null,
            "message": message, "label": null, "notes": [], "hints": hints,
        })
        .to_string(),
    )
}

/// Print diagnostics (warnings, or the errors of an invalid input).
pub(crate) fn diagnostics(diags: &[Diagnostic]) {
    let mut sources = Sources::default();
    for d in diags {
        match format() {
            MessageFormat::Short => super::build_all::say(&d.to_string()),
            MessageFormat::Json => super::build_all::say(&json(d).to_string()),
            // A blank line after each, as rustc leaves.
            MessageFormat::Human => super::build_all::say(&format!("{}\n", human(d, &mut sources))),
        }
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    if errors > 1 && format() != MessageFormat::Json {
        super::build_all::say(&format!("{errors} errors"));
    }
}

/// Print an error the way every command does.
pub(crate) fn error(e: &Error) {
    if let Error::Invalid(diags) = e {
        return diagnostics(diags);
    }
    let (file, hint) = match e {
        Error::Usage { hint, .. } => (None, hint.clone()),
        Error::Read { path, .. } | Error::Write { path, .. } => (Some(path.clone()), None),
        Error::Invalid(_) | Error::Render(_) => (None, None),
    };
    let d = Diagnostic {
        severity: Severity::Error,
        file,
        position: None,
        width: None,
        label: None,
        message: e.to_string(),
        hints: hint.into_iter().collect(),
        notes: Vec::new(),
    };
    match format() {
        MessageFormat::Json => super::build_all::say(&json(&d).to_string()),
        // The message already names the file; the place is not repeated before it.
        MessageFormat::Short | MessageFormat::Human => {
            let mut text = format!("error: {}", d.message);
            for h in &d.hints {
                text.push_str(&format!("\n  hint: {h}"));
            }
            super::build_all::say(&text);
        }
    }
}

/// A diagnostic as one JSON object.
fn json(d: &Diagnostic) -> serde_json::Value {
    serde_json::json!({
        "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
        "file": d.file.as_ref().map(|f| f.display().to_string()),
        "line": d.position.map(|p| p.line),
        "column": d.position.map(|p| p.col),
        "width": d.width,
        "message": d.message,
        "label": d.label,
        "notes": d.notes,
        "hints": d.hints,
    })
}

/// Source files read for their lines, once each per report.
#[derive(Default)]
struct Sources {
    files: HashMap<PathBuf, Option<String>>,
}

impl Sources {
    /// Line `n` (1-based) of `file`, if the file can be read (within the inputs' size limit).
    fn line(&mut self, file: &Path, n: usize) -> Option<&str> {
        let text = self.files.entry(file.to_path_buf()).or_insert_with(|| {
            super::workspace::read_capped_io(file, super::workspace::MEETING_LIMIT)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
        });
        let text = text.as_deref()?;
        let index = n.checked_sub(1)?;
        // A place just past the last line (an empty file's 1:1) shows an empty line.
        text.lines()
            .nth(index)
            .or_else(|| (index == text.lines().count()).then_some(""))
    }
}

/// The rustc-like form: title, the line with its span underlined and labelled, notes, hints.
fn human(d: &Diagnostic, sources: &mut Sources) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut title = level.clone().primary_title(d.message.as_str());
    let path = d.file.as_ref().map(|f| f.display().to_string());
    let located = d
        .file
        .as_deref()
        .zip(d.position)
        .and_then(|(f, p)| sources.line(f, p.line).map(|l| (l.to_owned(), p)));
    let mut groups = Vec::new();
    let element = match (&located, &path) {
        (Some((line, p)), Some(path)) => {
            let span = span_on_line(line, p.col, d.width);
            let mut a = AnnotationKind::Primary.span(span);
            if let Some(label) = &d.label {
                a = a.label(label.as_str());
            }
            Some(
                Snippet::source(line.as_str())
                    .line_start(p.line)
                    .path(path.as_str())
                    .annotation(a),
            )
        }
        _ => None,
    };
    if element.is_none() {
        // No source to show: name the place in the title, as the short form does.
        if let Some(path) = &path {
            let place = match d.position {
                Some(p) => format!("{path}:{}:{}: {}", p.line, p.col, d.message),
                None => format!("{path}: {}", d.message),
            };
            title = level.primary_title(place);
        }
    }
    let mut group = Group::with_title(title);
    if let Some(snippet) = element {
        group = group.element(snippet);
    }
    for note in &d.notes {
        group = group.element(Level::NOTE.message(note.as_str()));
    }
    for hint in &d.hints {
        group = group.element(Level::HELP.with_name("hint").message(hint.as_str()));
    }
    groups.push(group);
    let renderer = if colour() {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&groups)
}

/// The byte range on `line` to underline: `width` characters from column `col`, or else the
/// token that starts there (a quoted string, a `{{…}}` expression, or a run up to a space or
/// closing bracket).
fn span_on_line(line: &str, col: usize, width: Option<usize>) -> std::ops::Range<usize> {
    let start = line
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    let rest = &line[start..];
    let len = match width {
        Some(w) => rest.char_indices().nth(w).map_or(rest.len(), |(i, _)| i),
        None => token_len(rest),
    };
    start..start + len.max(rest.chars().next().map_or(0, char::len_utf8))
}

fn token_len(rest: &str) -> usize {
    if let Some(body) = rest.strip_prefix('"') {
        return body.find('"').map_or(rest.len(), |i| i + 2);
    }
    if rest.starts_with("{{") {
        return rest.find("}}").map_or(rest.len(), |i| i + 2);
    }
    rest.find(|c: char| c.is_whitespace() || matches!(c, ',' | ']' | '}'))
        .unwrap_or(rest.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Spans: a given width in characters, or the token at the column.
    #[test]
    fn spans_on_a_line() {
        let line = "date = \"May 9, 2014\" # x";
        assert_eq!(&line[span_on_line(line, 8, None)], "\"May 9, 2014\"");
        assert_eq!(&line[span_on_line(line, 1, None)], "date");
        assert_eq!(&line[span_on_line(line, 8, Some(4))], "\"May");
        let line = "name = \"日本国\"";
        assert_eq!(&line[span_on_line(line, 8, Some(5))], "\"日本国\"");
        assert_eq!(&line[span_on_line(line, 40, None)], "");
    }
}
