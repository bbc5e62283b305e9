//! The inputs' JSON Schemas, for editors (taplo and the "Even Better TOML" extension validate and
//! complete a file whose first line is `#:schema <path>`) and for CI: `meeting.toml` and a clause
//! file's front matter, generated from the Rust types the parser reads (`schemars`), so they
//! cannot drift from what chancery accepts. Rules beyond the shape (a date being a real day, a
//! party key existing) stay the validator's: `chancery check` is the last word.

/// One schema chancery can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaKind {
    /// `meeting.toml`.
    Meeting,
    /// The TOML front matter of `templates/clauses/<id>.md`.
    Clause,
}

impl SchemaKind {
    /// Every schema, in the order `chancery schema --out DIR` writes them.
    pub const ALL: [SchemaKind; 2] = [SchemaKind::Meeting, SchemaKind::Clause];

    /// The file name it is written under.
    pub fn file_name(self) -> &'static str {
        match self {
            SchemaKind::Meeting => "meeting.schema.json",
            SchemaKind::Clause => "clause.schema.json",
        }
    }

    /// The schema as a JSON value, titled.
    pub fn schema(self) -> serde_json::Value {
        let (mut schema, title) = match self {
            SchemaKind::Meeting => (crate::draft::meeting_schema(), "chancery meeting.toml"),
            SchemaKind::Clause => (
                crate::clauses::front_matter_schema(),
                "chancery clause front matter",
            ),
        };
        if let Some(object) = schema.as_object_mut() {
            object.insert("title".to_owned(), title.into());
        }
        schema
    }

    /// The schema as the bytes written: pretty JSON with a final newline, the same every time.
    pub fn to_json(self) -> String {
        let mut text =
            serde_json::to_string_pretty(&self.schema()).unwrap_or_else(|_| "{}".to_owned());
        text.push('\n');
        text
    }
}

/// The schema of `T`: draft 2020-12, and an optional key is simply not required (TOML has no
/// null, so none is offered).
pub(crate) fn generate<T: schemars::JsonSchema>() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let mut schema = serde_json::Value::from(generator.into_root_schema_for::<T>());
    strip_null(&mut schema);
    schema
}

/// Remove `null` from every `type` list and every `anyOf`: an `Option` field is optional, but
/// TOML cannot write a null.
fn strip_null(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    map.insert("type".to_owned(), only);
                }
            }
            let keys = map.len();
            if let Some(Value::Array(any)) = map.get_mut("anyOf") {
                any.retain(|s| s.get("type").is_none_or(|t| t != "null"));
                if any.len() == 1 && keys <= 2 {
                    // `{anyOf: [X], description}` is X with the description.
                    let only = any.remove(0);
                    map.remove("anyOf");
                    if let Value::Object(inner) = only {
                        for (k, val) in inner {
                            map.entry(k).or_insert(val);
                        }
                    }
                }
            }
            map.values_mut().for_each(strip_null);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_null),
        _ => {}
    }
}
