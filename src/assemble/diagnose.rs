//! Diagnostics of the template layer, with positions mapped from a clause's body to its file.
//!
//! Handlebars reports positions inside the template text it was given; a clause's body starts
//! after its front matter, so every line is moved by the body's first line in the file.

use std::collections::BTreeSet;
use std::path::Path;

use crate::error::{Diagnostic, Position};

/// The hint for a value the clause does not use: the values it does take, if any.
pub(super) fn clause_values_hint(
    used: &BTreeSet<String>,
    is_builtin: &dyn Fn(&str) -> bool,
) -> String {
    let own: Vec<String> = used
        .iter()
        .filter(|r| !is_builtin(r))
        .map(|r| format!("`{r}`"))
        .collect();
    if own.is_empty() {
        "the clause takes no values of its own: remove it, or check the clause id".to_owned()
    } else {
        format!("the clause takes: {}", own.join(", "))
    }
}

/// The context's top-level names, for a hint.
pub(super) fn known_names(ctx: &serde_json::Value) -> String {
    match ctx {
        serde_json::Value::Object(o) => o
            .keys()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", "),
        _ => String::new(),
    }
}

pub(super) fn unknown_helper(file: &Path, line: usize, col: usize, name: &str) -> Diagnostic {
    Diagnostic::error(
        file,
        Some(Position { line, col }),
        format!("unknown helper `{name}`"),
    )
    .hint(format!("helpers: {}", crate::templates::HELPERS.join(", ")))
}

/// A helper call the static check refused (a bad option, a missing `lookup` key), at `line` of
/// `file` (already moved to the file's lines).
pub(super) fn bad_call(file: &Path, line: usize, b: &crate::templates::BadCall) -> Diagnostic {
    Diagnostic::error(file, Some(Position { line, col: b.col }), b.message.clone())
        .hint(b.hint.clone())
}

pub(super) fn template_error(
    file: &Path,
    body_line: usize,
    e: &handlebars::TemplateError,
) -> Diagnostic {
    let position = e.pos().map(|(line, col)| Position {
        line: line + body_line - 1,
        col,
    });
    Diagnostic::error(file, position, format!("template syntax: {}", e.reason()))
        .hint("handlebars syntax: `{{name}}`, `{{#if x}}…{{/if}}`, `{{#each xs}}…{{/each}}`")
}

pub(super) fn render_error(
    file: &Path,
    body_line: usize,
    e: &handlebars::RenderError,
) -> Diagnostic {
    let position = match (e.line_no, e.column_no) {
        (Some(l), Some(c)) => Some(Position {
            line: l + body_line - 1,
            col: c,
        }),
        _ => None,
    };
    Diagnostic::error(file, position, format!("template failed: {}", e.reason()))
}
