//! Shared test helpers: the binary under test, paths to the repo's drafts, and the rule for
//! tests that need an external tool (skip locally with a reason, fail under CI).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path below the repository root.
pub fn repo(rel: &str) -> PathBuf {
    root().join(rel)
}

/// The `chancery` binary, run from the repository root.
pub fn chancery() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("chancery").expect("the chancery binary builds");
    cmd.current_dir(root()).env("NO_COLOR", "1");
    cmd
}

/// Whether `tool` can be run. Locally a missing tool skips the test with a printed reason;
/// under CI (`CI=true`) it fails the test, since CI must install everything tests need.
#[allow(clippy::print_stderr)] // the skip reason is for whoever runs the tests
pub fn require_tool(tool: &str) -> bool {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if found {
        return true;
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("`{tool}` is required under CI but is not installed: .ci/run must install it");
    }
    eprintln!(
        "skipped: `{tool}` is not installed (CI installs it; this test fails there without it)"
    );
    false
}

/// A fresh temporary folder.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// Read a file as text.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// The text of the adopted 2014 statement, the reference of every format.
pub const ADOPTED_2014: &str = include_str!("../../drafts/2014-05-09-washington-2nd/adopted.txt");

/// The adopted 2014 statement as a document (no assembly involved), with the metadata its
/// draft carries: for renderer tests that must not depend on templates.
pub fn statement_2014() -> chancery::document::Document {
    use chancery::document::{DocStatus, Document, Meta, SimpleDate, plain::parse_plain_text};
    Document {
        meta: Meta {
            title: "Joint Statement: The Second Meeting of the Japan-U.S. Comprehensive \
                    Dialogue on Space"
                .to_owned(),
            subject: "Japan-U.S. Comprehensive Dialogue on Space".to_owned(),
            author: "Government of Japan; Government of the United States of America".to_owned(),
            identifier: "2014-05-09-washington-2nd".to_owned(),
            date: Some(SimpleDate {
                year: 2014,
                month: 5,
                day: 9,
            }),
            status: DocStatus::Draft,
            ..Meta::untitled()
        },
        blocks: parse_plain_text(ADOPTED_2014),
    }
}

/// Converts `input` with LibreOffice headless into `format` (e.g. `txt:Text (encoded):UTF8`,
/// `pdf`) inside `out_dir`, with a private user profile per call so parallel runs do not
/// clash over LibreOffice's lock. Returns the path of the converted file.
pub fn soffice_convert(input: &Path, format: &str, out_dir: &Path) -> PathBuf {
    let profile = tempdir();
    let output = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            format,
            "--outdir",
        ])
        .arg(out_dir)
        .arg(input)
        .output()
        .expect("soffice runs");
    assert!(
        output.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let ext = format.split(':').next().unwrap_or(format);
    let out = out_dir
        .join(input.file_stem().expect("a file name"))
        .with_extension(ext);
    assert!(out.is_file(), "soffice wrote no {}", out.display());
    out
}

/// Whether Debian's python3 can import LibreOffice's `uno` module. Locally a missing module
/// skips the test with a printed reason; under CI it fails, since CI installs python3-uno.
#[allow(clippy::print_stderr)] // the skip reason is for whoever runs the tests
pub fn require_uno() -> bool {
    let found = Command::new("/usr/bin/python3")
        .args(["-c", "import uno"])
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return true;
    }
    assert!(
        std::env::var("CI").map_or(true, |v| v != "true"),
        "python3-uno is required under CI but /usr/bin/python3 cannot import uno: \
         .ci/run must install python3-uno"
    );
    eprintln!("skipped: python3-uno is not installed (CI installs it; this test fails there)");
    false
}

/// A copy of the example workspace (both drafts, the templates), for tests that edit it.
pub fn workspace() -> tempfile::TempDir {
    let tmp = tempdir();
    for rel in [
        "drafts/2014-05-09-washington-2nd/meeting.toml",
        "drafts/2014-05-09-washington-2nd/adopted.txt",
        "drafts/2015-tokyo-3rd/meeting.toml",
        "templates/statement.hbs",
        "templates/glossary.toml",
    ] {
        let to = tmp.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(repo(rel), &to).unwrap();
    }
    let clauses = tmp.path().join("templates/clauses");
    std::fs::create_dir_all(&clauses).unwrap();
    for e in std::fs::read_dir(repo("templates/clauses")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, clauses.join(p.file_name().unwrap())).unwrap();
    }
    tmp
}

/// Copy the repository's templates (`statement.hbs`, `glossary.toml`, every clause) into the
/// workspace folder `workspace` (as `templates/`), for tests that edit or build beside them.
pub fn copy_templates(workspace: &Path) {
    let clauses = workspace.join("templates/clauses");
    std::fs::create_dir_all(&clauses).expect("a templates folder");
    for e in std::fs::read_dir(repo("templates/clauses")).expect("the clauses") {
        let p = e.expect("a clause").path();
        std::fs::copy(&p, clauses.join(p.file_name().expect("a file name"))).expect("copied");
    }
    for file in ["statement.hbs", "glossary.toml"] {
        std::fs::copy(
            repo(&format!("templates/{file}")),
            workspace.join("templates").join(file),
        )
        .expect("copied");
    }
}
