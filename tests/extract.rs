//! `chancery clauses extract`: clauses and inputs proposed from an adopted statement rebuild it
//! byte for byte, with what varies between meetings turned into values.

mod common;

use std::path::Path;

use common::{chancery, read, repo, tempdir};

const ADOPTED_2014: &str = "drafts/2014-05-09-washington-2nd/adopted.txt";

/// Extract `file` into `<dir>/draft`; the command's stderr.
fn extract(file: &Path, dir: &Path) -> String {
    let out = chancery()
        .args(["clauses", "extract"])
        .arg(file)
        .arg("--out")
        .arg(dir.join("draft"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    err
}

/// `chancery build` on the extracted draft (its own templates/ are found first), as text.
fn rebuild(dir: &Path) -> String {
    chancery()
        .arg("build")
        .arg(dir.join("draft"))
        .args(["--format", "txt", "--out"])
        .arg(dir.join("out"))
        .assert()
        .success();
    read(&dir.join("out/statement.txt"))
}

fn toml_of(path: &Path) -> toml::Value {
    toml::from_str(&read(path)).expect("valid TOML")
}

fn clause(dir: &Path, id: &str) -> String {
    read(&dir.join(format!("draft/templates/clauses/{id}.md")))
}

// The 2014 statement: the extracted clauses and inputs rebuild it byte for byte (a final
// newline aside), with nothing left for the user to fix.
#[test]
fn rebuilds_2014_byte_for_byte() {
    let dir = tempdir();
    let err = extract(&repo(ADOPTED_2014), dir.path());
    assert!(!err.contains("note:"), "{err}");
    let built = rebuild(dir.path());
    let adopted = read(&repo(ADOPTED_2014));
    assert_eq!(
        built.strip_suffix('\n').unwrap_or(&built),
        adopted.trim_end_matches('\n')
    );
    // The skeleton's heading fits: no statement.hbs of its own.
    assert!(!dir.path().join("draft/templates/statement.hbs").exists());
}

/// Remove every `lang` table (the other languages' forms) from a TOML value.
fn strip_lang(v: &mut toml::Value) {
    match v {
        toml::Value::Table(t) => {
            t.remove("lang");
            t.iter_mut().for_each(|(_, v)| strip_lang(v));
        }
        toml::Value::Array(a) => a.iter_mut().for_each(strip_lang),
        _ => {}
    }
}

// What varies between meetings became values: the inputs read as the hand-written 2014 ones
// (meeting, parties and their lists, previous and next meetings).
#[test]
fn values_match_the_hand_written_inputs() {
    let dir = tempdir();
    extract(&repo(ADOPTED_2014), dir.path());
    let got = toml_of(&dir.path().join("draft/meeting.toml"));
    let mut want = toml_of(&repo("drafts/2014-05-09-washington-2nd/meeting.toml"));
    // Extraction reads one language; the Japanese forms are the hand-written file's own.
    strip_lang(&mut want);
    assert_eq!(got["series"], want["series"]);
    for key in ["number", "date", "city", "host"] {
        assert_eq!(got["meeting"][key], want["meeting"][key], "meeting.{key}");
    }
    for (g, w) in got["parties"]
        .as_array()
        .unwrap()
        .iter()
        .zip(want["parties"].as_array().unwrap())
    {
        for key in [
            "key",
            "name",
            "short_name",
            "adjective",
            "government",
            "co_chairs",
            "participants",
            "list_style",
        ] {
            assert_eq!(g[key], w[key], "{}.{key}", w["key"]);
        }
    }
    assert_eq!(got["previous"], want["previous"]);
    for key in ["city", "timing"] {
        assert_eq!(got["next"][key], want["next"][key], "next.{key}");
    }
    let body = got["body"].as_array().unwrap();
    assert_eq!(body.len(), 9, "one clause per paragraph");
    assert_eq!(body[0]["clause"].as_str(), Some("opening"));
    assert_eq!(body[8]["clause"].as_str(), Some("next-meeting"));
    // Other dates are the paragraph's own values.
    assert_eq!(body[5]["values"]["date_1"].as_str(), Some("May 2013"));
}

// The clauses hold the agreed wording around expressions for what varies.
#[test]
fn clauses_turn_variable_parts_into_values() {
    let dir = tempdir();
    extract(&repo(ADOPTED_2014), dir.path());
    let opening = clause(dir.path(), "opening");
    assert!(opening.contains(
        "{{first.government}} and {{second.government}} held their {{Ordinal meeting.number}} \
         Meeting of the {{series.name}} in {{meeting.city}} on {{date meeting.dates}}. This \
         follows the {{Ordinal previous.number}} {{series.short_name}}, held on {{date \
         previous.dates}} in {{previous.city}}, {{previous.country}}."
    ));
    assert!(opening.contains("status = \"agreed\""));
    let chairs = clause(dir.path(), "co-chairs");
    assert!(chairs.contains("Principal participants were {{join first.participants style=first.list_style}} from the {{first.adjective}} side"));
    assert!(chairs.contains("for {{second.name}}."));
    let next = clause(dir.path(), "next-meeting");
    assert!(next.ends_with(
        "Both sides concurred on holding the {{ordinal next.number}} meeting of the \
         {{series.brief_name}} in {{next.city}} in {{next.timing}}.\n"
    ));
    let ssa = clause(dir.path(), "ssa");
    assert!(ssa.contains(
        "from the {{parties.us.adjective}} side to the {{parties.jp.adjective}} side in {{date_1}}"
    ));
    // Wording is kept readable: no needless escapes.
    assert!(
        ssa.contains("enhanced \"two-way\" SSA information sharing between the two countries.")
    );
}

// The edited 2015 text (a new ministry, semicolon lists, a new paragraph) extracts and rebuilds
// too; the semicolon style becomes the party's list style.
#[test]
fn rebuilds_the_2015_text() {
    let dir = tempdir();
    chancery()
        .args(["build", "drafts/2015-tokyo-3rd", "--format", "txt", "--out"])
        .arg(dir.path().join("src"))
        .assert()
        .success();
    let source = dir.path().join("src/statement.txt");
    extract(&source, dir.path());
    assert_eq!(rebuild(dir.path()), read(&source));
    let got = toml_of(&dir.path().join("draft/meeting.toml"));
    assert_eq!(got["parties"][0]["list_style"].as_str(), Some("semicolon"));
    assert_eq!(got["meeting"]["host"].as_str(), Some("jp"));
    assert_eq!(got["previous"]["city"].as_str(), Some("Washington, D.C."));
}

// Another series (U.S.-France, two meeting days, Paris, France): parties, host and place are
// read from its own wording.
#[test]
fn another_series() {
    let dir = tempdir();
    chancery()
        .args([
            "build",
            "tests/fixtures/us-france/drafts/2024-08-26-paris-1st",
        ])
        .args(["--format", "txt", "--out"])
        .arg(dir.path().join("src"))
        .assert()
        .success();
    // The text as imported (signature lines join into one paragraph line).
    let source = dir.path().join("src/statement.txt");
    chancery()
        .arg("import")
        .arg(&source)
        .arg("--into")
        .arg(dir.path().join("imported"))
        .assert()
        .success();
    let imported = read(&dir.path().join("imported/adopted.txt"));
    extract(&source, dir.path());
    assert_eq!(rebuild(dir.path()), imported);
    let got = toml_of(&dir.path().join("draft/meeting.toml"));
    assert_eq!(got["meeting"]["city"].as_str(), Some("Paris"));
    assert_eq!(got["meeting"]["host"].as_str(), Some("fr"));
    assert_eq!(got["parties"][1]["adjective"].as_str(), Some("French"));
    let opening = clause(dir.path(), "opening");
    assert!(opening.contains("{{capitalize first.government}} and {{second.government}} held the {{ordinal meeting.number}} meeting of the {{pair}}"));
}

// Whatever the wording, the result rebuilds: Markdown and handlebars characters, a numbered
// paragraph, no party pair, a paragraph whose values cannot rebuild it, a previous meeting
// that does not validate. The notes say what was kept as written.
#[test]
fn odd_statements_still_rebuild() {
    let dir = tempdir();
    let text = "Joint Statement\n\n\
        The Second Meeting of the Japan-U.S. Comprehensive Dialogue on Space\n\n\
        May 9, 2014\n\n\
        The Government of Japan and the Government of the United States of America held their Second Meeting of the Comprehensive Dialogue on Space in Washington, D.C. on May 9, 2014. This follows the First Comprehensive Dialogue, held on March 11, 2020 in Tokyo, Japan.\n\n\
        1. Both sides noted *stars*, [brackets], <tags>, {{braces}}, a_b, `code` & 50% of C:\\path.\n\n\
        # Not a heading, and - not a list.\n\n\
        They praised what is truly Japan-U.S..\n";
    let file = dir.path().join("odd.txt");
    std::fs::write(&file, text).unwrap();
    let err = extract(&file, dir.path());
    assert!(
        err.contains("note: the previous and next meetings could not be read as valid inputs"),
        "{err}"
    );
    assert!(err.contains("kept as written"), "{err}");
    chancery()
        .arg("import")
        .arg(&file)
        .arg("--into")
        .arg(dir.path().join("imported"))
        .assert()
        .success();
    assert_eq!(
        rebuild(dir.path()),
        read(&dir.path().join("imported/adopted.txt"))
    );

    // No subtitle pair at all: placeholder parties, and still the same text.
    let plain = dir.path().join("plain");
    std::fs::create_dir(&plain).unwrap();
    let file = plain.join("memo.txt");
    std::fs::write(&file, "Memo\n\nWe met. We talked.\n").unwrap();
    let err = extract(&file, &plain);
    assert!(err.contains("placeholders"), "{err}");
    assert_eq!(rebuild(&plain), "Memo\n\nWe met. We talked.\n");
}

// Existing files are not replaced without --force; a statement with no body is invalid input.
#[test]
fn refuses_overwrite_and_empty_bodies() {
    let dir = tempdir();
    extract(&repo(ADOPTED_2014), dir.path());
    let again = |extra: &[&str]| {
        chancery()
            .args(["clauses", "extract", ADOPTED_2014, "--out"])
            .arg(dir.path().join("draft"))
            .args(extra)
            .output()
            .unwrap()
    };
    let out = again(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert!(again(&["--force"]).status.success());

    let heading_only = dir.path().join("heading.txt");
    std::fs::write(&heading_only, "Joint Statement\n\nMay 9, 2014\n").unwrap();
    let out = chancery()
        .args(["clauses", "extract"])
        .arg(&heading_only)
        .arg("--out")
        .arg(dir.path().join("x"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no body paragraph"));
    assert!(!dir.path().join("x").exists());
}

// --prefix keeps extracted clauses apart from a library's own ids.
#[test]
fn prefix() {
    let dir = tempdir();
    chancery()
        .args([
            "clauses",
            "extract",
            ADOPTED_2014,
            "--prefix",
            "cds-",
            "--out",
        ])
        .arg(dir.path().join("draft"))
        .assert()
        .success();
    assert!(
        dir.path()
            .join("draft/templates/clauses/cds-opening.md")
            .exists()
    );
    assert_eq!(
        rebuild(dir.path()).trim_end(),
        read(&repo(ADOPTED_2014)).trim_end()
    );
}
