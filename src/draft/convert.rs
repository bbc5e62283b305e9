//! Reading TOML inputs: syntax and schema errors as diagnostics, and the one conversion of TOML
//! values to the JSON values templates receive.
//!
//! Used for `meeting.toml` (values of body parts) and for a clause's front matter (its
//! `[defaults]`), so that the same TOML gives the same template value wherever it is written:
//! an unquoted TOML date (`date = 2014-05-09`) becomes the string `"2014-05-09"` in both.

use std::path::Path;

use super::explain;
use crate::error::{Diagnostic, LineIndex};

/// Turn a TOML syntax or schema error into a diagnostic with position, span, label and hint,
/// in the field's terms (see [`super::explain`]).
pub fn toml_error(file: &Path, source: &str, e: &toml::de::Error) -> Diagnostic {
    let lines = LineIndex::new(source);
    let span = e.span();
    let position = span.clone().map(|s| lines.position(s.start));
    let message = e.message().trim();
    // serde's schema errors come from a file that parses as TOML; the parser's own do not.
    let explained = if toml::from_str::<toml::Table>(source).is_ok() {
        explain::schema(source, message, span.clone())
    } else {
        explain::syntax(source, message, span.clone())
    };
    let mut d = Diagnostic::error(file, position, explained.message);
    if let Some(s) = span {
        d = d.width(lines.width(s));
    }
    if let Some(label) = explained.label {
        d = d.label(label);
    }
    for h in explained.hints {
        d = d.hint(h);
    }
    d
}

/// A TOML value as the JSON value templates receive. Dates and times (unquoted in TOML) become
/// their text as written (`2014-05-09`), the form the `date` helper reads; a float that JSON
/// cannot hold (NaN, infinity) becomes null.
pub fn toml_to_json(v: &toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s.clone()),
        toml::Value::Integer(i) => J::from(*i),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
        toml::Value::Boolean(b) => J::Bool(*b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => J::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Every kind of TOML value; unquoted dates and times become their text.
    #[test]
    fn toml_values_become_template_values() {
        let t: toml::Table = toml::from_str(
            "s = \"x\"\ni = 3\nf = 1.5\nb = true\nd = 2014-05-09\nt = 2014-05-09T10:00:00Z\n\
             a = [1, \"y\"]\n[o]\nk = 2015-06-10\n",
        )
        .unwrap();
        let json = toml_to_json(&toml::Value::Table(t));
        assert_eq!(
            json,
            serde_json::json!({
                "s": "x", "i": 3, "f": 1.5, "b": true, "d": "2014-05-09",
                "t": "2014-05-09T10:00:00Z", "a": [1, "y"], "o": {"k": "2015-06-10"}
            })
        );
        assert_eq!(
            toml_to_json(&toml::Value::Float(f64::NAN)),
            serde_json::Value::Null
        );
    }

    // Parser messages start lowercase, and schema errors get a hint.
    #[test]
    fn toml_errors_are_lowercase_with_a_hint() {
        let source = "[series]\nnmae = 1\n";
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct S {
            series: Inner,
        }
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Inner {
            name: String,
        }
        let e = toml::from_str::<S>(source).unwrap_err();
        let d = toml_error(Path::new("m.toml"), source, &e);
        assert!(
            d.message.starts_with("unknown field `nmae`"),
            "{}",
            d.message
        );
        assert_eq!(d.position.map(|p| p.line), Some(2));
        assert!(d.hints[0].contains("spelling"));
    }
}
