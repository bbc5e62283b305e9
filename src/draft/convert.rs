//! Reading TOML inputs: syntax and schema errors as diagnostics, and the one conversion of TOML
//! values to the JSON values templates receive.
//!
//! Used for `meeting.toml` (values of body parts) and for a clause's front matter (its
//! `[defaults]`), so that the same TOML gives the same template value wherever it is written:
//! an unquoted TOML date (`date = 2014-05-09`) becomes the string `"2014-05-09"` in both.

use std::path::Path;

use crate::error::{Diagnostic, Position};

/// Turn a TOML syntax or schema error into a diagnostic with position and hint.
pub fn toml_error(file: &Path, source: &str, e: &toml::de::Error) -> Diagnostic {
    let position = e.span().map(|s| Position::of_offset(source, s.start));
    let message = e.message().trim().to_owned();
    let mut d = Diagnostic::error(file, position, first_lower(&message));
    if message.contains("unknown field") {
        d = d.hint("check the spelling against the input format in README.md (\"Inputs\")");
    } else if message.contains("missing field") {
        d = d.hint("add the field; README.md (\"Inputs\") lists what each table needs");
    } else {
        d = d.hint("this is not valid TOML here; see https://toml.io for the syntax");
    }
    d
}

/// Messages are lowercase (house style); the TOML parser's start with a capital.
fn first_lower(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
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
