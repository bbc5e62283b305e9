//! Rendering one clause for one body part: its defaults and the part's values put into the
//! shared context, the clause checked statically against it, rendered, and the values taken
//! out again.
//!
//! A missing value is reported at the input line that asked for the clause, with a note giving
//! the clause file's line that uses it; values the clause does not use are warnings. A value
//! may not shadow the meeting's own data (`meeting`, `first`, …).

use std::collections::BTreeSet;

use super::assembler::{Assembler, is_template};
use super::diagnose::{bad_call, clause_values_hint, render_error, template_error, unknown_helper};
use super::values::as_wording;
use crate::clauses::Clause;
use crate::error::{Diagnostic, Position};
use crate::templates::{CheckReport, check_template};

/// The values of a clause, as given for one body part (options already resolved).
type Values = serde_json::Map<String, serde_json::Value>;

impl Assembler<'_> {
    /// The clause's Markdown, or `None` after reporting why it cannot render.
    pub(super) fn render_clause(
        &mut self,
        clause: &Clause,
        values: &Values,
        at: Position,
    ) -> Option<String> {
        if let Some(lang) = &clause.missing_language {
            self.diags.push(
                Diagnostic::error(
                    &self.draft.file,
                    Some(at),
                    format!("clause `{}` has no `{lang}` body", clause.id),
                )
                .label(format!("used in the `{lang}` text"))
                .note(format!("the clause is {}", clause.file.display()))
                .hint(format!(
                    "add a line `+++ {lang}` after its body, then its wording in that language"
                )),
            );
            return None;
        }
        // Wording without any `{{`: nothing to compile or check (compiling is most of the cost).
        if !is_template(clause) {
            for k in values.keys() {
                self.diags.push(unused_value(self, k, clause, at).hint(
                    "the clause takes no values of its own: remove it, or check the clause id",
                ));
            }
            return Some(clause.body.clone());
        }
        let name = format!("clause:{}", clause.id);
        // The budget first: handlebars' parser and renderer recurse once per nested block.
        if let Err(e) = crate::templates::check_budget(&clause.body) {
            self.diags
                .push(e.diagnostic(&clause.file, clause.body_line));
            return None;
        }
        if self.hb.get_template(&name).is_none()
            && let Err(e) = self.hb.register_template_string(&name, &clause.body)
        {
            self.diags
                .push(template_error(&clause.file, clause.body_line, &e));
            return None;
        }
        // The meeting's data stays in the context for every clause; this clause's values are
        // added for its render and taken out again, so the (large) context is never copied.
        let mut added: Vec<String> = Vec::new();
        let result = self.render_with_values(&name, clause, values, at, &mut added);
        if let Some(map) = self.ctx.data_mut().as_object_mut() {
            for k in added {
                map.remove(&k);
            }
        }
        result
    }

    /// With the clause registered as `name`: add the values (recorded in `added`), check, render.
    fn render_with_values(
        &mut self,
        name: &str,
        clause: &Clause,
        values: &Values,
        at: Position,
        added: &mut Vec<String>,
    ) -> Option<String> {
        let mut ok = self.add_values(clause, values, at, added)?;
        let report = check_template(self.hb.get_template(name)?, self.ctx.data());
        ok &= self.report_check(&report, clause, values, at, added);
        if !ok {
            return None;
        }
        match self.hb.render_with_context(name, &self.ctx) {
            Ok(md) => Some(md),
            Err(e) => {
                let d = render_error(&clause.file, clause.body_line, &e).note(format!(
                    "rendering clause `{}` for {}:{}:{}",
                    clause.id,
                    self.draft.file.display(),
                    at.line,
                    at.col
                ));
                self.diags.push(d);
                None
            }
        }
    }

    /// Put the clause's defaults, then the part's values, into the context as wording. A name
    /// the meeting's data already uses is refused. `Some(false)` when one was refused.
    fn add_values(
        &mut self,
        clause: &Clause,
        values: &Values,
        at: Position,
        added: &mut Vec<String>,
    ) -> Option<bool> {
        let mut ok = true;
        let map = self.ctx.data_mut().as_object_mut()?;
        for (k, v) in clause.defaults.iter().chain(values.iter()) {
            if map.contains_key(k) && !added.contains(k) {
                let taken = map
                    .keys()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                self.diags.push(
                    Diagnostic::error(
                        &self.draft.file,
                        Some(at),
                        format!(
                            "value `{k}` of clause `{}` has the name of a built-in",
                            clause.id
                        ),
                    )
                    .hint(format!(
                        "rename it: {taken} are taken by the meeting's own data"
                    )),
                );
                ok = false;
                continue;
            }
            if !added.contains(k) {
                added.push(k.clone());
            }
            map.insert(k.clone(), as_wording(v));
        }
        Some(ok)
    }

    /// Report what the static check found: missing values (at the input line, with the clause
    /// line as a note), unknown helpers, and values the clause does not use. `false` when any
    /// of it is an error.
    fn report_check(
        &mut self,
        report: &CheckReport,
        clause: &Clause,
        values: &Values,
        at: Position,
        added: &[String],
    ) -> bool {
        let data = self.ctx.data();
        let is_builtin = |k: &str| !added.iter().any(|a| a == k) && data.get(k).is_some();
        let mut found = Vec::new();
        for m in &report.missing {
            let root = m
                .path
                .trim_start_matches("this.")
                .split(['.', '/'])
                .next()
                .unwrap_or(&m.path);
            let d = Diagnostic::error(
                &self.draft.file,
                Some(at),
                format!(
                    "clause `{}` uses `{}`, which the inputs lack",
                    clause.id, m.path
                ),
            )
            .label(format!("needs `{}`", m.path))
            .note(format!(
                "used at {}:{}:{}",
                clause.file.display(),
                m.line + clause.body_line - 1,
                m.col
            ));
            found.push(if is_builtin(root) {
                d.hint(format!(
                    "`{root}` is meeting data: check the spelling in the clause"
                ))
            } else {
                d.hint(format!("give it in this paragraph's values: `values = {{ {root} = \"…\" }}`, or a default in the clause's front matter"))
            });
        }
        for h in &report.unknown_helpers {
            let line = h.line + clause.body_line - 1;
            found.push(unknown_helper(&clause.file, line, h.col, &h.path));
        }
        for b in &report.bad_calls {
            let line = b.line + clause.body_line - 1;
            found.push(bad_call(&clause.file, line, b).note(format!(
                "rendering clause `{}` for {}:{}:{}",
                clause.id,
                self.draft.file.display(),
                at.line,
                at.col
            )));
        }
        let ok = found.is_empty();
        let unused = unused_values(&report.used_roots, values);
        for k in unused {
            let hint = clause_values_hint(&report.used_roots, &is_builtin);
            found.push(unused_value(self, k, clause, at).hint(hint));
        }
        self.diags.extend(found);
        ok
    }
}

/// The part's values the clause never reads.
fn unused_values<'v>(used: &BTreeSet<String>, values: &'v Values) -> Vec<&'v String> {
    values.keys().filter(|k| !used.contains(*k)).collect()
}

/// The warning for a value the clause does not use (its hint is added by the caller).
fn unused_value(a: &Assembler<'_>, k: &str, clause: &Clause, at: Position) -> Diagnostic {
    Diagnostic::warning(
        &a.draft.file,
        Some(at),
        format!("value `{k}` is not used by clause `{}`", clause.id),
    )
}
