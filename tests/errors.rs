//! Bad input: each fixture under tests/fixtures/errors/ gives one clear error with
//! file:line:col, exit code 3, no panic and no output file. The messages are snapshots.

mod common;

use common::{chancery, tempdir};

fn check_error(name: &str) -> String {
    let out_dir = tempdir();
    let out = out_dir.path().join("out");
    let draft = format!("tests/fixtures/errors/{name}");
    let output = chancery()
        .args(["build", &draft, "--format", "txt,md,html", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(3), "{name}: {stderr}");
    assert!(!out.exists(), "{name}: an output folder was written");
    assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    assert!(
        stderr.starts_with("error: ") && stderr.contains(&format!("--> {draft}/meeting.toml:")),
        "{name}: no file:line:col: {stderr}"
    );
    // Piped, so plain: no escape codes.
    assert!(!stderr.contains('\u{1b}'), "{name}: {stderr}");
    stderr
}

// Malformed TOML points at the broken string.
#[test]
fn malformed_toml() {
    insta::assert_snapshot!(check_error("malformed_toml"));
}

// A key the format does not know is named, with the keys it expects.
#[test]
fn unknown_key() {
    insta::assert_snapshot!(check_error("unknown_key"));
}

// A misspelt clause id suggests the near match.
#[test]
fn unknown_clause() {
    let e = check_error("unknown_clause");
    assert!(e.contains("did you mean `strategic-importance`?"));
    insta::assert_snapshot!(e);
}

// A clause using a value the inputs lack names the value, the input line and the clause line.
#[test]
fn missing_value() {
    let e = check_error("missing_value");
    assert!(e.contains("clause `mda` uses `progress`"));
    insta::assert_snapshot!(e);
}

// A date that is not a date.
#[test]
fn bad_date() {
    insta::assert_snapshot!(check_error("bad_date"));
}

// A meeting number written as a word is said in the field's terms, not the parser's.
#[test]
fn wrong_type() {
    let e = check_error("wrong_type");
    assert!(
        e.contains("`number` must be a whole number of 1 or more; found the string \"three\""),
        "{e}"
    );
    assert!(!e.contains("i64"), "{e}");
    insta::assert_snapshot!(e);
}

// Colour: never when piped, forced by CLICOLOR_FORCE, and NO_COLOR wins over both.
#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    let run = |env: &[(&str, &str)]| {
        let mut c = chancery();
        c.args(["check", "tests/fixtures/errors/bad_date"]);
        c.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
        for (k, v) in env {
            c.env(k, v);
        }
        String::from_utf8(c.output().unwrap().stderr).unwrap()
    };
    assert!(
        !run(&[]).contains('\u{1b}'),
        "piped output has escape codes"
    );
    let forced = run(&[("CLICOLOR_FORCE", "1")]);
    assert!(
        forced.contains("\u{1b}["),
        "CLICOLOR_FORCE gave no colour: {forced}"
    );
    let both = run(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert!(!both.contains('\u{1b}'), "NO_COLOR still coloured: {both}");
}

// `--message-format json`: one object per line, each with its place, severity and hints.
#[test]
fn json_diagnostics() {
    let out = chancery()
        .args([
            "--message-format",
            "json",
            "check",
            "tests/fixtures/errors/several_problems",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let objects: Vec<serde_json::Value> = stderr
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(objects.len(), 3, "{stderr}");
    let first = &objects[0];
    assert_eq!(first["severity"], "error");
    assert_eq!(
        first["file"],
        "tests/fixtures/errors/several_problems/meeting.toml"
    );
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(9), Some(8))
    );
    assert_eq!(first["message"], "`May 9, 2014` is not a date");
    assert!(first["hints"][0].as_str().unwrap().contains("YYYY-MM-DD"));
    // A usage error is an object too.
    let out = chancery()
        .args(["--message-format", "json", "build", "drafts/nowhere"])
        .output()
        .unwrap();
    let line = String::from_utf8(out.stderr).unwrap();
    let v: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
    assert_eq!(v["severity"], "error");
    assert!(!v["hints"].as_array().unwrap().is_empty(), "{v}");
    // So is a command line the parser refuses (a missing argument, a bad value).
    for args in [&["check"][..], &["build", "x", "--format", "xyz"][..]] {
        let out = chancery()
            .args(["--message-format", "json"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let text = String::from_utf8(out.stderr).unwrap();
        let v: serde_json::Value =
            serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("{e}: {text}"));
        assert_eq!(v["severity"], "error", "{v}");
    }
}

// Meeting number 0.
#[test]
fn meeting_zero() {
    insta::assert_snapshot!(check_error("meeting_zero"));
}

// A previous meeting dated after this one.
#[test]
fn previous_after() {
    insta::assert_snapshot!(check_error("previous_after"));
}

// An empty file.
#[test]
fn empty_file() {
    insta::assert_snapshot!(check_error("empty_file"));
}

// `check` reports every problem at once, in file order.
#[test]
fn several_problems_at_once() {
    let out = chancery()
        .args(["check", "tests/fixtures/errors/several_problems"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("error: `May 9, 2014` is not a date\n --> tests/fixtures/errors/several_problems/meeting.toml:9:8"), "{stderr}");
    assert!(stderr.contains("unknown list style `harvard`"));
    assert!(stderr.contains("unknown clause `strategic-importanse`"));
    assert!(stderr.trim_end().ends_with("3 errors"));
    insta::assert_snapshot!(stderr);
}

// A value the clause does not use is a warning: the build still succeeds.
#[test]
fn unused_value_is_a_warning() {
    let out = chancery()
        .args(["check", "tests/fixtures/errors/unused_value"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("warning: value `venue` is not used by clause `next-meeting`"),
        "{stderr}"
    );
    insta::assert_snapshot!(stderr);
}

// A missing draft folder is a usage error (exit 2) with a hint.
#[test]
fn missing_draft_folder() {
    let out = chancery()
        .args(["build", "drafts/nowhere"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("hint:"));
}

/// Build a draft of the template-errors workspace; its error must be at the clause file's
/// line and column, exit 3, with no output written. Returns stderr.
fn check_template_error(draft: &str, clause_at: &str) -> String {
    let out_dir = tempdir();
    let out = out_dir.path().join("out");
    let draft = format!("tests/fixtures/template-errors/drafts/{draft}");
    let output = chancery()
        .args(["build", &draft, "--format", "txt,md,html", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(3), "{draft}: {stderr}");
    assert!(!out.exists(), "{draft}: an output folder was written");
    assert!(!stderr.contains("None"), "{draft}: {stderr}");
    let at = format!("--> tests/fixtures/template-errors/templates/clauses/{clause_at}\n");
    assert!(
        stderr.starts_with("error: ") && stderr.contains(&at),
        "{draft}: not at {at}: {stderr}"
    );
    stderr
}

// `eq` on a clause value sees the plain value: `side = "second"` takes the `second` branch.
#[test]
fn eq_on_a_clause_value_sees_the_plain_value() {
    let out_dir = tempdir();
    let output = chancery()
        .args(["build", "tests/fixtures/template-errors/drafts/eq-value"])
        .args(["--format", "txt", "--out"])
        .arg(out_dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = std::fs::read_to_string(out_dir.path().join("statement.txt")).unwrap();
    assert!(text.contains("spoke second."), "{text}");
}

// A date style that does not exist is refused before rendering, with the allowed styles.
#[test]
fn bad_option_value() {
    let e = check_template_error("bad-option", "dated-bogus.md:8:4");
    assert!(
        e.contains("`date` option `style` cannot be \"bogus\""),
        "{e}"
    );
    assert!(
        e.contains("hint: allowed: long, dmy, month-year, year, iso"),
        "{e}"
    );
    insta::assert_snapshot!(e);
}

// A misspelt option name is refused, with the near name.
#[test]
fn misspelt_option_name() {
    let e = check_template_error("misspelt-option", "dated-misspelt.md:7:18");
    assert!(e.contains("`date` has no option `stlye`"), "{e}");
    assert!(e.contains("did you mean `style`?"), "{e}");
    insta::assert_snapshot!(e);
}

// A party key the inputs lack names the variable, the key and the keys there are.
#[test]
fn missing_party_key() {
    let e = check_template_error("missing-party", "party-says.md:7:1");
    assert!(
        e.contains("`parties` has no `uk` (the value of `key`); it has `fr`, `us`"),
        "{e}"
    );
    insta::assert_snapshot!(e);
}
