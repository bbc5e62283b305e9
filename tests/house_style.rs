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
    let output = chancery()
        .args(["check", "--message-format", "short"])
        .arg(dir.path())
        .output()
        .unwrap();
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

struct Fs;
impl chancery::draft::Sources for Fs {
    fn read_text(&self, path: &std::path::Path) -> std::io::Result<String> {
        std::fs::read_to_string(path)
    }
}

// Inline text with data: the party's name is looked up, printed as a value (a run marked
// data), the wording around it stays wording; a path to nothing is an error naming it.
#[test]
fn data_in_a_one_off_paragraph() {
    use chancery::assemble::{AssembleOptions, TemplateSet, assemble};
    use chancery::clauses::{
        ClauseLibrary, ClauseOrigin, ClauseSource, embedded_sources, embedded_statement,
    };
    use chancery::document::Origin;
    let dir = repo("tests/fixtures/house-style/drafts/2024-07-01-no-place");
    let file = dir.join("meeting.toml");
    let source = read(&file);
    let draft = chancery::draft::Draft::parse(&file, &source, &Fs).expect("valid");
    let mut sources = embedded_sources();
    for id in ["met", "delegations"] {
        let f = repo(&format!(
            "tests/fixtures/house-style/templates/clauses/{id}.md"
        ));
        sources.push(ClauseSource {
            text: read(&f),
            file: f,
            origin: ClauseOrigin::Workspace,
        });
    }
    let set = TemplateSet {
        statement_file: "statement.hbs".into(),
        statement: embedded_statement().to_owned(),
        clauses: ClauseLibrary::load(&sources).expect("clauses"),
    };
    let doc = assemble(&draft, &set, &AssembleOptions::default())
        .expect("assembles")
        .document;
    let last = doc
        .blocks
        .iter()
        .rev()
        .find(|b| !b.runs.is_empty())
        .unwrap();
    let value: Vec<&str> = last
        .runs
        .iter()
        .filter(|r| r.marks.origin == Origin::Value)
        .map(|r| r.text.as_str())
        .collect();
    assert_eq!(value, ["Australia", "Space Dialogue"]);
    let bad = source.replace("{ data = \"first.name\" }", "{ data = \"first.nmae\" }");
    let draft = chancery::draft::Draft::parse(&file, &bad, &Fs).expect("valid");
    let e = assemble(&draft, &set, &AssembleOptions::default()).unwrap_err();
    let e: Vec<String> = e.iter().map(|d| d.message.clone()).collect();
    let e = e.join(
        "
",
    );
    assert!(
        e.contains("`data = \"first.nmae\"` names no printable value"),
        "{e}"
    );
}
