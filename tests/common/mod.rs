//! Helpers shared by the integration tests: external tools and the reference fixtures.
//!
//! Tests that need a tool outside Rust (soffice, pdftotext, pdftoppm, qpdf, ...) call
//! [`require_tool`] first: locally a missing tool skips the test with a printed reason; under CI
//! (`CI=true`) it fails the test, so CI can never pass by skipping.
#![allow(dead_code)] // each test binary uses its own subset

use std::path::{Path, PathBuf};
use std::process::Command;

use chancery::document::{DocStatus, Document, Meta, SimpleDate, plain::parse_plain_text};

/// Whether `tool` is on `PATH`. Missing: panics under `CI=true`, else prints why the test is
/// skipped and returns `false`.
#[allow(clippy::print_stderr)] // the skip reason is for the person running the tests
pub fn require_tool(tool: &str) -> bool {
    if on_path(tool) {
        return true;
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("`{tool}` is required under CI (CI=true) but is not on PATH");
    }
    eprintln!("skipping: `{tool}` is not on PATH (install it to run this test)");
    false
}

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(tool).is_file()))
}

/// The text of the adopted 2014 statement, the reference of every format.
pub const ADOPTED_2014: &str = include_str!("../../drafts/2014-05-09-washington-2nd/adopted.txt");

/// The 2014 statement as a document, with the metadata its draft would carry.
pub fn statement_2014() -> Document {
    Document {
        meta: Meta {
            title: "Joint Statement: The Second Meeting of the Japan-U.S. Comprehensive Dialogue on Space".to_owned(),
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

/// Converts `input` with LibreOffice headless into `format` (e.g. `txt:Text`, `pdf`) inside
/// `out_dir`, with a private user profile so parallel runs do not clash. Returns the output path.
pub fn soffice_convert(input: &Path, format: &str, out_dir: &Path) -> PathBuf {
    let profile = tempfile::tempdir().expect("temp profile dir");
    let status = Command::new("soffice")
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
        status.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let ext = format.split(':').next().unwrap_or(format);
    let out = out_dir
        .join(input.file_stem().expect("file name"))
        .with_extension(ext);
    assert!(out.is_file(), "soffice wrote no {}", out.display());
    out
}
