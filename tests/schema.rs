//! The JSON Schemas for editors: the committed copies in `schemas/` are what `chancery schema`
//! writes (so they never drift from the parser's types), every example and fixture that the
//! parser reads validates against them, and inputs of the wrong shape do not.

mod common;

use std::path::{Path, PathBuf};

use common::{chancery, repo, tempdir};

/// Every file named `name` under `dir`, sorted.
fn files_named(dir: &Path, name: &str, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files_named(&path, name, out);
        } else if path.file_name().is_some_and(|n| n == name)
            || (name == "*.md" && path.extension().is_some_and(|e| e == "md"))
        {
            out.push(path);
        }
    }
}

fn validator(file: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(repo(&format!("schemas/{file}"))).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

/// A TOML text as the JSON an editor validates (dates as their text).
fn as_json(toml_text: &str) -> serde_json::Value {
    let table: toml::Table = toml::from_str(toml_text).unwrap();
    chancery::draft::toml_to_json(&toml::Value::Table(table))
}

/// The errors `validator` finds in `value`, as text.
fn errors(validator: &jsonschema::Validator, value: &serde_json::Value) -> Vec<String> {
    validator
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

// `chancery schema --out` writes exactly the committed schemas.
#[test]
fn committed_schemas_are_what_chancery_writes() {
    let dir = tempdir();
    let out = chancery()
        .args(["schema", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for name in ["meeting.schema.json", "clause.schema.json"] {
        let written = std::fs::read(dir.path().join(name)).unwrap();
        let committed = std::fs::read(repo(&format!("schemas/{name}"))).unwrap();
        assert!(
            written == committed,
            "schemas/{name} is stale: run `cargo run -- schema --out schemas`"
        );
    }
    let printed = chancery().args(["schema", "clause"]).output().unwrap();
    assert_eq!(
        printed.stdout,
        std::fs::read(repo("schemas/clause.schema.json")).unwrap()
    );
}

// Every meeting.toml the parser accepts validates; the fixtures of shape errors do not.
#[test]
fn every_meeting_toml_validates_and_bad_shapes_do_not() {
    let v = validator("meeting.schema.json");
    let mut files = Vec::new();
    files_named(&repo("drafts"), "meeting.toml", &mut files);
    files_named(&repo("tests/fixtures"), "meeting.toml", &mut files);
    // Shape errors, which the schema must catch; the other error fixtures are valid in shape
    // (a date that is not a day, a clause that does not exist: the validator's business).
    let bad_shape = [
        "unknown_key",
        "wrong_type",
        "meeting_zero",
        "malformed_toml",
        "empty_file",
    ];
    let mut checked = 0;
    for file in &files {
        let name = file
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_str()
            .unwrap();
        if bad_shape.contains(&name) {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        let errs = errors(&v, &as_json(&text));
        assert!(errs.is_empty(), "{}: {errs:?}", file.display());
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} files checked");
    for name in ["unknown_key", "wrong_type", "meeting_zero"] {
        let file = repo(&format!("tests/fixtures/errors/{name}/meeting.toml"));
        let value = as_json(&std::fs::read_to_string(file).unwrap());
        assert!(!errors(&v, &value).is_empty(), "{name} validated");
    }
    let good = std::fs::read_to_string(repo("drafts/2015-tokyo-3rd/meeting.toml")).unwrap();
    for (what, from, to) in [
        ("no host", "host = \"jp\"\n", ""),
        ("meeting number 0", "number = 3", "number = 0"),
        (
            "a list style as a number",
            "list_style = \"oxford\"",
            "list_style = 3",
        ),
        (
            "a party field misspelt",
            "adjective = \"U.S.\"",
            "adjectiv = \"U.S.\"",
        ),
        (
            "a body paragraph as a string",
            "[[body]]\nclause = \"opening\"",
            "[[body]]\nclause = [\"opening\"]",
        ),
    ] {
        assert!(good.contains(from), "{what}");
        let value = as_json(&good.replacen(from, to, 1));
        assert!(!errors(&v, &value).is_empty(), "{what} validated");
    }
}

/// A clause file's front matter (between the `+++` lines) as JSON.
fn front_matter(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap();
    let rest = text.strip_prefix("+++\n").expect("front matter");
    let end = rest.find("\n+++").expect("front matter end");
    as_json(&rest[..end])
}

// Every clause file's front matter validates; wrong ones do not.
#[test]
fn every_clause_front_matter_validates() {
    let v = validator("clause.schema.json");
    let mut files = Vec::new();
    files_named(&repo("templates"), "*.md", &mut files);
    files_named(&repo("tests/fixtures"), "*.md", &mut files);
    files.retain(|f| f.parent().is_some_and(|p| p.ends_with("clauses")));
    assert!(files.len() >= 20, "{files:?}");
    for file in &files {
        let errs = errors(&v, &front_matter(file));
        assert!(errs.is_empty(), "{}: {errs:?}", file.display());
    }
    let good = "id = \"a\"\ntitle = \"A\"\ntopic = \"t\"\nstatus = \"agreed\"\n";
    assert!(errors(&v, &as_json(good)).is_empty());
    for bad in [
        good.replace("agreed", "accepted"),
        good.replace("title = \"A\"\n", ""),
        format!("{good}colour = \"red\"\n"),
    ] {
        assert!(!errors(&v, &as_json(&bad)).is_empty(), "{bad}");
    }
}
