//! Helper options: which option names each helper takes and which values each may have, the
//! one table both the static check and the helpers themselves consult.
//!
//! A bad option (`date style="bogus"`, `day="bogus"`, `ordinal case="bogus"`, a misspelt
//! `stlye=`) used to be ignored without a word; now [`check_call`] reports it at the template's
//! line and column, with the allowed values, before anything renders, and [`validate`] refuses
//! it at render time for a value only known then (`style=first.list_style`). A `lookup` whose key
//! the context does not have is reported here too. Nothing here renders or knows clauses.

use handlebars::JsonValue;
use handlebars::template::{HelperTemplate, Parameter};

use super::logic::look_up;
use crate::document::strip_sentinels;
use crate::wording::DateStyle;

/// A helper call the static check refuses: what is wrong and what would be right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadCall {
    /// What is wrong, naming the helper, the option or variable and the value.
    pub message: String,
    /// The allowed names or values.
    pub hint: String,
    /// 1-based line and column inside the template source.
    pub line: usize,
    pub col: usize,
}

/// The values an option may take: one of a list, or any text.
#[derive(Debug, Clone, Copy)]
enum Allowed {
    OneOf(&'static [&'static str]),
    AnyText,
}

const ORDINAL_OPTIONS: &[(&str, Allowed)] = &[
    ("case", Allowed::OneOf(&["lower", "title", "upper"])),
    ("style", Allowed::OneOf(&["word", "numeric"])),
];
const DATE_OPTIONS: &[(&str, Allowed)] = &[
    ("style", Allowed::OneOf(DateStyle::NAMES)),
    ("day", Allowed::OneOf(&["first", "last", "statement"])),
    // Japanese dates only: `calendar="era"` gives 令和6年 (English dates ignore it).
    ("calendar", Allowed::OneOf(&["gregorian", "era"])),
];
// A list style may also be one the house style defines: `join` checks the name when it renders.
const JOIN_OPTIONS: &[(&str, Allowed)] = &[("style", Allowed::AnyText), ("conj", Allowed::AnyText)];

/// The options `helper` takes (none for the logic and case helpers).
fn options_of(helper: &str) -> &'static [(&'static str, Allowed)] {
    match helper {
        "ordinal" | "Ordinal" | "nth" => ORDINAL_OPTIONS,
        "date" => DATE_OPTIONS,
        "join" => JOIN_OPTIONS,
        _ => &[],
    }
}

/// Check option `key = value` of `helper`: `Err((message, hint))` for an unknown name or a value
/// outside the allowed ones.
pub(crate) fn validate(helper: &str, key: &str, value: &JsonValue) -> Result<(), (String, String)> {
    let options = options_of(helper);
    let Some((_, allowed)) = options.iter().find(|(name, _)| *name == key) else {
        let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
        let hint = match names.iter().find(|n| strsim::levenshtein(n, key) <= 2) {
            Some(near) => format!(
                "did you mean `{near}`? `{helper}` takes: {}",
                names.join(", ")
            ),
            None if names.is_empty() => format!("`{helper}` takes no options"),
            None => format!("`{helper}` takes: {}", names.join(", ")),
        };
        return Err((format!("`{helper}` has no option `{key}`"), hint));
    };
    match (allowed, value) {
        (Allowed::AnyText, JsonValue::String(_)) => Ok(()),
        (Allowed::OneOf(values), JsonValue::String(s))
            if values.contains(&strip_sentinels(s).as_str()) =>
        {
            Ok(())
        }
        (Allowed::OneOf(values), _) => Err((
            format!("`{helper}` option `{key}` cannot be {}", shown(value)),
            format!("allowed: {}", values.join(", ")),
        )),
        (Allowed::AnyText, _) => Err((
            format!(
                "`{helper}` option `{key}` needs a text, got {}",
                shown(value)
            ),
            format!("write `{key}=\"…\"`"),
        )),
    }
}

fn shown(value: &JsonValue) -> String {
    match value {
        JsonValue::String(s) => format!("\"{}\"", strip_sentinels(s)),
        other => other.to_string(),
    }
}

/// The static check of one call of `helper`: its options (literal, or a variable the context
/// has), and for `lookup` a key the collection must have. Problems are added to `bad`.
pub(super) fn check_call<'a>(
    helper: &str,
    ht: &HelperTemplate,
    resolve: &dyn Fn(&Parameter) -> Option<&'a JsonValue>,
    (line, col): (usize, usize),
    bad: &mut Vec<BadCall>,
) {
    let value_of = |p: &Parameter| match p {
        Parameter::Literal(v) => Some(v.clone()),
        other => resolve(other).cloned(),
    };
    let mut keys: Vec<&String> = ht.hash.keys().collect();
    keys.sort();
    for key in keys {
        let Some(value) = value_of(&ht.hash[key]) else {
            // Unknown at check time (a block parameter, a subexpression): the helper checks it.
            if let Err((message, hint)) = validate(helper, key, &JsonValue::String(String::new()))
                && message.contains("has no option")
            {
                bad.push(BadCall {
                    message,
                    hint,
                    line,
                    col,
                });
            }
            continue;
        };
        if let Err((message, hint)) = validate(helper, key, &value) {
            bad.push(BadCall {
                message,
                hint,
                line,
                col,
            });
        }
    }
    if helper == "lookup"
        && let [collection, index] = ht.params.as_slice()
        && let (Some(c), Some(i)) = (value_of(collection), value_of(index))
        && let Err(message) = look_up(&c, &i, (&param_name(collection), &param_name(index)))
    {
        bad.push(BadCall {
            message,
            hint: "check the key, or guard the lookup with `{{#if}}`".to_owned(),
            line,
            col,
        });
    }
}

/// A parameter as written, for a message.
fn param_name(p: &Parameter) -> String {
    match p {
        Parameter::Name(n) => n.clone(),
        Parameter::Path(
            handlebars::Path::Relative((_, raw)) | handlebars::Path::Local((_, _, raw)),
        ) => raw.clone(),
        Parameter::Literal(v) => super::logic::key_text(v),
        _ => "(…)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Unknown names get the near name and the list; bad values get the allowed ones.
    #[test]
    fn options_are_validated() {
        let s = |t: &str| JsonValue::String(t.to_owned());
        assert!(validate("date", "style", &s("dmy")).is_ok());
        assert!(validate("join", "conj", &s("or")).is_ok());
        let (m, h) = validate("date", "stlye", &s("dmy")).unwrap_err();
        assert_eq!(m, "`date` has no option `stlye`");
        assert!(h.starts_with("did you mean `style`?"), "{h}");
        let (m, h) = validate("date", "day", &s("bogus")).unwrap_err();
        assert_eq!(m, "`date` option `day` cannot be \"bogus\"");
        assert_eq!(h, "allowed: first, last, statement");
        let (_, h) = validate("ordinal", "case", &s("bogus")).unwrap_err();
        assert_eq!(h, "allowed: lower, title, upper");
        let (_, h) = validate("upper", "x", &s("y")).unwrap_err();
        assert_eq!(h, "`upper` takes no options");
    }
}
