//! The TOML parser's and serde's messages, said in the terms of the field a user wrote: "`number`
//! must be a whole number of 1 or more; found the string \"three\"" rather than "invalid type:
//! string \"three\", expected i64", and a syntax error told apart from valid TOML of the wrong
//! kind. Pure text work on the message, the source and the error's span; it decides no rule of
//! the inputs (the validator does).

use std::ops::Range;

/// What a TOML error becomes: message, label under the span, hints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Explained {
    pub(crate) message: String,
    pub(crate) label: Option<String>,
    pub(crate) hints: Vec<String>,
}

/// The kinds of value serde names, as a drafter would say them, with an example of each.
struct Kind {
    said: &'static str,
    example: &'static str,
}

const WHOLE: Kind = Kind {
    said: "a whole number",
    example: "3",
};
const TEXT: Kind = Kind {
    said: "text in quotes",
    example: "\"…\"",
};
const BOOL: Kind = Kind {
    said: "true or false",
    example: "true",
};
const LIST: Kind = Kind {
    said: "a list in brackets",
    example: "[\"…\", \"…\"]",
};
const TABLE: Kind = Kind {
    said: "a table",
    example: "{ … }",
};
const NUMBER: Kind = Kind {
    said: "a number",
    example: "25.4",
};

/// Serde's name for an expected type, as a [`Kind`].
fn kind_of(expected: &str) -> Option<&'static Kind> {
    let e = expected.trim();
    Some(match e {
        "i64" | "i32" | "u64" | "u32" | "u16" | "u8" | "usize" | "an integer" => &WHOLE,
        "a string" | "a borrowed string" | "a character" => &TEXT,
        "a boolean" => &BOOL,
        "f32" | "f64" | "a float" => &NUMBER,
        _ if e.starts_with("a sequence") || e.starts_with("an array") || e.contains("tuple") => {
            &LIST
        }
        _ if e.starts_with("a map") || e.starts_with("struct ") => &TABLE,
        _ => return None,
    })
}

/// A field whose range is narrower than its type says.
fn refined(key: &str, kind: &Kind) -> Option<&'static str> {
    match (key, kind.said) {
        ("number", "a whole number") => Some("a whole number of 1 or more"),
        _ => None,
    }
}

/// An untagged enum of the inputs, by what it accepts.
fn forms_of(name: &str) -> Option<(&'static str, &'static str)> {
    Some(match name {
        "RawDates" => (
            "a date \"YYYY-MM-DD\", or a list of dates",
            "\"2014-05-09\"",
        ),
        "RawAlternat" => (
            "\"as-listed\", \"alphabetical\", or a list of party keys",
            "\"as-listed\"",
        ),
        "RawText" => (
            "text in quotes, or a list of wording and { data = \"…\" } pieces",
            "\"Both sides …\"",
        ),
        "RawPiece" => ("text in quotes, or { data = \"party.field\" }", "\"…\""),
        _ => return None,
    })
}

/// Serde's words for the value found (`string "three"`, ``integer `3` ``), as a drafter says them.
fn found(said: &str) -> String {
    let said = said.trim();
    let strip = |s: &str| s.trim().trim_matches('`').to_owned();
    if let Some(rest) = said.strip_prefix("string ") {
        format!("the string {}", rest.trim())
    } else if let Some(rest) = said.strip_prefix("integer ") {
        format!("the whole number {}", strip(rest))
    } else if let Some(rest) = said.strip_prefix("floating point ") {
        format!("the number {}", strip(rest))
    } else if let Some(rest) = said.strip_prefix("boolean ") {
        strip(rest)
    } else if said == "sequence" {
        "a list".to_owned()
    } else if said == "map" {
        "a table".to_owned()
    } else {
        said.to_owned()
    }
}

/// The key written before the value at `offset` on its line (`number = "three"` → `number`).
pub(crate) fn key_before(source: &str, offset: usize) -> Option<&str> {
    let offset = source.floor_char_boundary(offset.min(source.len()));
    let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = source[line_start..offset].trim_end();
    let before = before.strip_suffix('=')?.trim_end();
    let start = before
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .map_or(0, |i| i + 1);
    Some(&before[start..]).filter(|k| !k.is_empty())
}

/// The table header (`[meeting]`, `[[parties]]`) on the line at `offset`, if there is one.
fn header_at(source: &str, offset: usize) -> Option<&str> {
    let offset = source.floor_char_boundary(offset.min(source.len()));
    let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = source[line_start..].lines().next()?.trim();
    line.starts_with('[').then(|| {
        let end = line.rfind(']').map_or(line.len(), |i| i + 1);
        &line[..end]
    })
}

/// Explain a schema error (the file is valid TOML; a value has the wrong form). `message` is
/// serde's, `span` where the parser put it.
pub(crate) fn schema(source: &str, message: &str, span: Option<Range<usize>>) -> Explained {
    let at = span.as_ref().map(|s| s.start);
    let key = at.and_then(|o| key_before(source, o));
    let field = key.map_or_else(|| "this value".to_owned(), |k| format!("`{k}`"));
    if let Some(rest) = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))
        && let Some((was, expected)) = rest.rsplit_once(", expected ")
        && let Some(kind) = kind_of(expected)
    {
        let said = key.and_then(|k| refined(k, kind)).unwrap_or(kind.said);
        let example = format!("{} = {}", key.unwrap_or("key"), kind.example);
        return Explained {
            message: format!("{field} must be {said}; found {}", found(was)),
            label: Some(format!("expected {said}")),
            hints: vec![format!(
                "this is valid TOML, but {field} takes {said}: e.g. `{example}`"
            )],
        };
    }
    if let Some(name) = message.strip_prefix("data did not match any variant of untagged enum ")
        && let Some((said, example)) = forms_of(name.trim())
    {
        return Explained {
            message: format!("{field} must be {said}"),
            label: Some("not one of the accepted forms".to_owned()),
            hints: vec![format!(
                "e.g. `{} = {example}`; README.md (\"Inputs\") shows each form",
                key.unwrap_or("key")
            )],
        };
    }
    if let Some(name) = message.strip_prefix("missing field ") {
        let table = at.and_then(|o| header_at(source, o));
        return Explained {
            message: match table {
                Some(t) => format!("`{t}` needs {}", name.trim()),
                None => format!("missing field {}", name.trim()),
            },
            label: Some(format!("{} is missing here", name.trim())),
            hints: vec![
                "add the field; README.md (\"Inputs\") lists what each table needs".to_owned(),
            ],
        };
    }
    let unknown = message.starts_with("unknown field");
    Explained {
        message: first_lower(message),
        label: unknown.then(|| "not a field here".to_owned()),
        hints: vec![if unknown {
            "check the spelling against the input format in README.md (\"Inputs\")".to_owned()
        } else {
            "this is valid TOML, but not the form this field takes; see README.md (\"Inputs\")"
                .to_owned()
        }],
    }
}

/// Explain a syntax error (the file is not TOML): the parser's words, its "expected …" as the
/// label.
pub(crate) fn syntax(source: &str, message: &str, span: Option<Range<usize>>) -> Explained {
    let message = first_lower(message);
    if message == "duplicate key" {
        let key = span
            .as_ref()
            .and_then(|s| source.get(s.clone()))
            .map(str::trim);
        let what = key.map_or("a key".to_owned(), |k| format!("`{}`", k.trim_matches('"')));
        return Explained {
            message: format!("{what} is given twice"),
            label: Some("given again here".to_owned()),
            hints: vec![
                "a key appears once in its table; `[[name]]` (double brackets) adds another item \
                 to a list of tables, `[name]` opens one table"
                    .to_owned(),
            ],
        };
    }
    let label = message
        .rsplit_once(", expected ")
        .map(|(_, e)| format!("expected {e}"));
    Explained {
        message,
        label,
        hints: vec!["this is not valid TOML; see https://toml.io for the syntax".to_owned()],
    }
}

/// Messages are lowercase (house style); the TOML parser's start with a capital.
pub(crate) fn first_lower(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The example: a meeting number written as a word.
    #[test]
    fn a_string_for_a_whole_number() {
        let src = "[meeting]\nnumber = \"three\"\n";
        let e = schema(
            src,
            "invalid type: string \"three\", expected i64",
            Some(19..26),
        );
        assert_eq!(
            e.message,
            "`number` must be a whole number of 1 or more; found the string \"three\""
        );
        assert_eq!(
            e.label.as_deref(),
            Some("expected a whole number of 1 or more")
        );
        assert!(e.hints[0].contains("`number = 3`"), "{:?}", e.hints);
    }

    // Other kinds, and a value whose key is not on its line.
    #[test]
    fn kinds_and_keys() {
        let src = "city = 3\nlist = [\n  4,\n]\n";
        let e = schema(
            src,
            "invalid type: integer `3`, expected a string",
            Some(7..8),
        );
        assert_eq!(
            e.message,
            "`city` must be text in quotes; found the whole number 3"
        );
        let e = schema(
            src,
            "invalid type: integer `4`, expected a string",
            Some(20..21),
        );
        assert!(
            e.message.starts_with("this value must be text"),
            "{}",
            e.message
        );
        let e = schema(
            "d = 5",
            "data did not match any variant of untagged enum RawDates",
            Some(4..5),
        );
        assert!(e.message.starts_with("`d` must be a date"), "{}", e.message);
    }

    // A missing field names its table.
    #[test]
    fn missing_field_names_the_table() {
        let src = "[meeting]\nnumber = 2\n";
        let e = schema(src, "missing field `host`", Some(0..9));
        assert_eq!(e.message, "`[meeting]` needs `host`");
    }

    // Syntax errors keep the parser's words with its expectation as the label.
    #[test]
    fn syntax_errors() {
        let e = syntax("a = \"x", "invalid basic string, expected `\"`", Some(6..6));
        assert_eq!(e.label.as_deref(), Some("expected `\"`"));
        assert!(e.hints[0].contains("not valid TOML"));
        let e = syntax("a = 1\na = 2", "duplicate key", Some(6..7));
        assert_eq!(e.message, "`a` is given twice");
    }
}
