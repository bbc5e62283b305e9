//! Clause values and negotiation options: what a value becomes before a template sees it.
//!
//! A value given as an options table becomes its chosen text, or the bracket markup while open
//! (recorded as an open bracket for `check` and the final copy); other values must be
//! printable. A clause's own values are wording, not meeting data, and are marked so.

use super::OpenBracket;
use super::assembler::Assembler;
use crate::clauses::Clause;
use crate::document::{WORDING_END, WORDING_START, bracket_markup};
use crate::draft::Alternatives;
use crate::error::{Diagnostic, Position};

type Values = serde_json::Map<String, serde_json::Value>;

impl Assembler<'_> {
    /// Clause values given as options become their chosen text, or bracket markup while open
    /// (escaped later with the value, like any value). Open ones are recorded for `check` and
    /// the final gate.
    pub(super) fn resolve_values(
        &mut self,
        values: &Values,
        clause: &Clause,
        at: Position,
    ) -> Values {
        let mut out = Values::with_capacity(values.len());
        for (k, v) in values {
            let resolved = match Alternatives::from_json(v) {
                Ok(None) if !is_printable_value(v) => {
                    self.diags.push(
                        Diagnostic::error(&self.draft.file, Some(at), format!("value `{k}` of clause `{}` cannot be printed: {v}", clause.id))
                            .hint("a value is text, a number, a list of texts, or an options table `{ options = [...] }`"),
                    );
                    v.clone()
                }
                Ok(None) => v.clone(),
                Ok(Some(alts)) => self.resolve_options(&alts, clause, k, at),
                Err(message) => {
                    self.diags.push(
                        Diagnostic::error(
                            &self.draft.file,
                            Some(at),
                            format!("value `{k}` of clause `{}`: {message}", clause.id),
                        )
                        .hint(Alternatives::HINT),
                    );
                    v.clone()
                }
            };
            out.insert(k.clone(), resolved);
        }
        out
    }

    /// Value `k` given as options: checked, recorded while open, printed as Markdown.
    fn resolve_options(
        &mut self,
        alts: &Alternatives,
        clause: &Clause,
        k: &str,
        at: Position,
    ) -> serde_json::Value {
        self.check_alternative_parties(alts, at, Some(k));
        if alts.chosen.is_none() {
            self.open_brackets.push(OpenBracket {
                position: at,
                clause: Some(clause.id.clone()),
                value: Some(k.to_owned()),
                alternatives: alts.options.clone(),
                proposal: None,
            });
        }
        serde_json::Value::String(options_markdown(alts, str::to_owned))
    }

    /// Every attributed alternative names one of the parties (`value`: the clause value it is).
    pub(super) fn check_alternative_parties(
        &mut self,
        alts: &Alternatives,
        at: Position,
        value: Option<&str>,
    ) {
        let draft = self.draft;
        for a in alts
            .options
            .iter()
            .filter(|a| !a.party.is_empty() && draft.party(&a.party).is_none())
        {
            let message = match value {
                Some(k) => format!("value `{k}`: unknown party `{}` in an alternative", a.party),
                None => format!("unknown party `{}` in an alternative", a.party),
            };
            self.diags.push(
                Diagnostic::error(&draft.file, Some(at), message).hint(format!(
                    "the parties are {}",
                    super::assembler::party_keys(draft)
                )),
            );
        }
    }
}

/// Markdown for alternatives: the chosen text once agreed, else the bracket markup.
pub(super) fn options_markdown(alts: &Alternatives, escape: fn(&str) -> String) -> String {
    match alts.chosen.and_then(|i| alts.options.get(i)) {
        Some(chosen) => escape(chosen.text.trim()),
        None => {
            let parts: Vec<(&str, String)> = alts
                .options
                .iter()
                .map(|a| (a.party.as_str(), escape(a.text.trim())))
                .collect();
            bracket_markup(&parts)
        }
    }
}

/// A clause's own values are wording (negotiated text), not meeting data: their text is wrapped
/// so the document marks it [`crate::document::Origin::Text`], and diffs count edits to it as
/// substantive. Numbers and booleans stay as they are.
pub(super) fn as_wording(v: &serde_json::Value) -> serde_json::Value {
    match v {
        // An empty text stays empty, so `{{#if x}}` on it stays false (a marker pair is text).
        serde_json::Value::String(s) if s.is_empty() => v.clone(),
        serde_json::Value::String(s) => {
            serde_json::Value::String(format!("{WORDING_START}{s}{WORDING_END}"))
        }
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.iter().map(as_wording).collect())
        }
        other => other.clone(),
    }
}

/// Text, numbers, booleans and lists of those print; tables (other than options) do not.
fn is_printable_value(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Null | serde_json::Value::Object(_) => false,
        serde_json::Value::Array(items) => items.iter().all(|i| {
            matches!(
                i,
                serde_json::Value::String(_)
                    | serde_json::Value::Number(_)
                    | serde_json::Value::Bool(_)
            )
        }),
        serde_json::Value::String(_)
        | serde_json::Value::Number(_)
        | serde_json::Value::Bool(_) => true,
    }
}
