//! Bad inputs and odd command lines found in review: each gives a clear error (or the right
//! output), never a panic. Every case is the 2014 inputs with one change.

mod common;

use std::path::{Path, PathBuf};

use chancery::document::BlockKind;
use chancery::import::{ImportOptions, SourceKind, import};
use common::{chancery, read, repo, tempdir};

/// Write a draft folder `name` under `dir` from the 2014 inputs with `edit` applied.
fn draft_with(dir: &Path, name: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let d = dir.join(name);
    std::fs::create_dir_all(&d).unwrap();
    let base = read(&repo("drafts/2014-05-09-washington-2nd/meeting.toml"));
    let edited = edit(base.clone());
    assert_ne!(edited, base, "the edit must change the inputs");
    std::fs::write(d.join("meeting.toml"), edited).unwrap();
    d
}

fn stderr_of(args: &[&str], draft: &Path, code: i32) -> String {
    let out = chancery().args(args).arg(draft).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(code), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

// Two drafts whose [previous] point at each other: a clear error, no stack overflow.
#[test]
fn previous_drafts_in_a_loop() {
    let dir = tempdir();
    let loop_edit = |other: &'static str| {
        move |s: String| {
            s.replace(
                "[previous]\nnumber = 1\ndate = \"2013-03-11\"\ncity = \"Tokyo\"\ncountry = \"Japan\"",
                &format!("[previous]\ndraft = \"../{other}\""),
            )
        }
    };
    let a = draft_with(dir.path(), "a", loop_edit("b"));
    draft_with(dir.path(), "b", loop_edit("a"));
    let err = stderr_of(&["check"], &a, 3);
    assert!(
        err.contains("the previous meeting is number 2, but this is meeting number 2"),
        "{err}"
    );
}

// A clause value that is a table (not options) cannot print: an error, not "[object]".
#[test]
fn table_value_is_refused() {
    let dir = tempdir();
    let d = draft_with(dir.path(), "d", |s| {
        s.replace(
            "values = { progress = \"the two countries",
            "values = { progress = { x = 1 }, unused = \"the two countries",
        )
    });
    let err = stderr_of(&["build", "--format", "txt", "--stdout"], &d, 3);
    assert!(
        err.contains("value `progress` of clause `mda` cannot be printed"),
        "{err}"
    );
}

// Two signatories for one party are refused at the second one.
#[test]
fn two_signatories_for_one_party() {
    let dir = tempdir();
    let d = draft_with(dir.path(), "d", |mut s| {
        s.push_str("\n[signatures]\nsignatories = [\n  { party = \"jp\", name = \"A\" },\n  { party = \"jp\", name = \"B\" },\n]\n");
        s
    });
    let err = stderr_of(&["check"], &d, 3);
    assert!(err.contains("party `jp` has two signatories"), "{err}");
}

// A paragraph id must be a safe name (it is written into Markdown comments).
#[test]
fn unsafe_paragraph_id() {
    let dir = tempdir();
    let d = draft_with(dir.path(), "d", |s| {
        s.replace("id = \"mda-tcbms\"", "id = \"x --> <!-- pagebreak\"")
    });
    let err = stderr_of(&["check"], &d, 3);
    assert!(
        err.contains("paragraph id `x --> <!-- pagebreak` must be lowercase letters"),
        "{err}"
    );
}

// Margins that leave no room for text are refused with their place.
#[test]
fn margins_leaving_no_text_area() {
    let dir = tempdir();
    let d = draft_with(dir.path(), "d", |s| {
        // Into the draft's own [document] table when it has one.
        if s.contains("\n[document]\n") {
            s.replace(
                "\n[document]\n",
                "\n[document]\nmargins_mm = [300, 300, 300, 300]\n",
            )
        } else {
            s + "\n[document]\nmargins_mm = [300, 300, 300, 300]\n"
        }
    });
    let err = stderr_of(&["check"], &d, 3);
    assert!(err.contains("do not leave room for text"), "{err}");
    assert!(err.contains("meeting.toml:"), "{err}");
}

// An unquoted TOML date is a date too.
#[test]
fn native_toml_date_is_accepted() {
    let dir = tempdir();
    let d = draft_with(dir.path(), "d", |s| {
        s.replace("date = \"2014-05-09\"", "date = 2014-05-09")
    });
    let out = chancery()
        .args(["build", "--format", "txt", "--stdout"])
        .arg(&d)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("\n\nMay 9, 2014\n\n")
    );
}

// Command-line mistakes are usage errors (exit 2) with a hint.
#[test]
fn command_line_mistakes_are_usage_errors() {
    let draft = repo("drafts/2014-05-09-washington-2nd");
    let err = stderr_of(
        &["build", "--copy", "fr", "--format", "txt", "--stdout"],
        &draft,
        2,
    );
    assert!(
        err.contains("unknown party `fr` for --copy") && err.contains("hint:"),
        "{err}"
    );
    let err = stderr_of(&["build", "--format", "txt,md", "--stdout"], &draft, 2);
    assert!(err.contains("--stdout writes one format"), "{err}");
    let err = stderr_of(
        &["check", "--templates", "/nonexistent/templates"],
        &draft,
        2,
    );
    assert!(
        err.contains("no templates folder at `/nonexistent/templates`"),
        "{err}"
    );
}

// Text that looks like Markdown block syntax is escaped in the .md output (each marker behind
// a backslash, so no paragraph turns into a list, rule, heading or quote), and the file reads
// back to the same paragraphs, as text and through `diff`.
#[test]
fn markdown_output_escapes_line_start_markers() {
    let cases = [
        ("1. numbered", "1\\. numbered"),
        ("---", "\\-\\-\\-"),
        ("+ plus", "\\+ plus"),
        ("2014. A year", "2014\\. A year"),
        ("# not a heading", "\\# not a heading"),
        ("> not a quote", "\\> not a quote"),
    ];
    let dir = tempdir();
    let d = draft_with(dir.path(), "d", |mut s| {
        for (t, _) in cases {
            s.push_str(&format!("\n[[body]]\ntext = \"{t}\"\n"));
        }
        s
    });
    let out = dir.path().join("out");
    chancery()
        .args(["build", "--format", "txt,md", "--out"])
        .arg(&out)
        .arg(&d)
        .assert()
        .success();
    let md = read(&out.join("statement.md"));
    let md_paragraphs: Vec<&str> = md.split("\n\n").map(str::trim_end).collect();
    for (text, escaped) in cases {
        assert!(
            md_paragraphs.contains(&escaped),
            "`{text}` not escaped as `{escaped}`:\n{md}"
        );
    }
    // Read back, the last paragraphs are the texts as written, plain paragraphs all.
    let doc = import(
        md.as_bytes(),
        SourceKind::Markdown,
        &ImportOptions::default(),
    )
    .unwrap();
    let tail: Vec<(&BlockKind, String)> = doc.blocks[doc.blocks.len() - cases.len()..]
        .iter()
        .map(|b| (&b.kind, b.runs.iter().map(|r| r.text.as_str()).collect()))
        .collect();
    let expected: Vec<(&BlockKind, String)> = cases
        .iter()
        .map(|(t, _)| (&BlockKind::Paragraph, (*t).to_owned()))
        .collect();
    assert_eq!(tail, expected);
    chancery()
        .arg("diff")
        .arg(out.join("statement.txt"))
        .arg(out.join("statement.md"))
        .assert()
        .code(0);
}
