//! House style as data: each fixture series under tests/fixtures/house-style/ builds byte for
//! byte to the reference text written for it, and a bad `[style]` value is refused with the
//! allowed ones.

mod common;

use common::{chancery, read, repo, tempdir};

/// Build `draft` (under the house-style workspace) as `format`; the text written.
fn build(draft: &str, format: &str) -> String {
    let out = tempdir();
    let dir = format!("tests/fixtures/house-style/drafts/{draft}");
    let output = chancery()
        .args(["build", &dir, "--format", format, "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    read(&out.path().join(format!("statement.{format}")))
}

fn reference(draft: &str) -> String {
    read(&repo(&format!(
        "tests/fixtures/house-style/drafts/{draft}/reference.txt"
    )))
}

// Day-month dates with an en-dash range, the statement dated on the last day, curly quotes on
// wording and data alike, "A, and B", "A; B; C and D", and a list style the series defines.
#[test]
fn day_month_series_with_curly_quotes() {
    let draft = "2024-03-20-canberra-1st";
    assert_eq!(build(draft, "txt"), reference(draft));
    let html = build(draft, "html");
    assert!(html.contains("Japan’s ‘QZSS’"), "{html}");
}

// A meeting overrides its series: month-day-year across two months, straight quotes.
#[test]
fn a_meeting_overrides_its_series() {
    let draft = "2024-05-31-sydney-2nd";
    assert_eq!(build(draft, "txt"), reference(draft));
}

// A style value outside the allowed ones is an error at its line, with the allowed values.
#[test]
fn a_bad_style_value_is_refused() {
    let dir = tempdir();
    let source = read(&repo(
        "tests/fixtures/house-style/drafts/2024-05-31-sydney-2nd/meeting.toml",
    ))
    .replace("quotes = \"straight\"", "quotes = \"smart\"")
    .replace("series = \"../../series-style.toml\"\n", "");
    std::fs::write(dir.path().join("meeting.toml"), source).unwrap();
    let output = chancery().arg("check").arg(dir.path()).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("meeting.toml:14:10: error: [style] `quotes` cannot be `smart`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: use one of: straight, curly"),
        "{stderr}"
    );
}

// A statement that names no place: `city` left out, and the clause's `{{#if meeting.city}}`
// drops the phrase.
#[test]
fn a_statement_with_no_place() {
    let draft = "2024-07-01-no-place";
    let text = build(draft, "txt");
    assert_eq!(text, reference(draft));
    assert!(text.contains("Space Dialogue on 1 July 2024."), "{text}");
}
