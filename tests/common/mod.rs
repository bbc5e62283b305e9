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
