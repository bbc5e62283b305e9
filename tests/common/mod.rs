//! Helpers shared by integration tests.

/// Whether an external tool (`pdftotext`, `qpdf`, …) can be run. Locally a missing tool skips
/// the test with a printed reason; under CI (`CI=true`) it fails the test, so a CI image that
/// lost a package cannot turn checks green by skipping them.
#[allow(dead_code, clippy::print_stderr)] // a skip must say why, on stderr
pub fn require_tool(tool: &str) -> bool {
    let found = std::process::Command::new(tool)
        .arg("-v")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok();
    if found {
        return true;
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("`{tool}` is required under CI but was not found on PATH");
    }
    eprintln!(
        "skipping: `{tool}` not found on PATH (install poppler-utils / qpdf to run this test)"
    );
    false
}
