//! The spine: assembling statements from inputs and clauses, through the CLI as a user runs it.

mod common;

use chancery::assemble::{AssembleOptions, TemplateSet, assemble};
use chancery::clauses::{ClauseLibrary, embedded_sources, embedded_statement};
use chancery::document::{BlockKind, Origin};
use chancery::draft::{BodyContent, Draft, Sources};
use common::{chancery, read, repo, tempdir};

struct Fs;
impl Sources for Fs {
    fn read_text(&self, path: &std::path::Path) -> std::io::Result<String> {
        std::fs::read_to_string(path)
    }
}

fn build_txt(draft: &str) -> String {
    let out = chancery()
        .args(["build", draft, "--format", "txt", "--stdout"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

// The 2014 statement is rebuilt from inputs and clauses byte for byte (a final newline aside).
#[test]
fn rebuilds_2014_adopted_text_byte_for_byte() {
    let built = build_txt("drafts/2014-05-09-washington-2nd");
    let adopted = read(&repo("drafts/2014-05-09-washington-2nd/adopted.txt"));
    assert_eq!(
        built.strip_suffix('\n').unwrap_or(&built),
        adopted.strip_suffix('\n').unwrap_or(&adopted)
    );
}

// Most of the 2014 statement comes from clauses: every body paragraph is tagged with its
// paragraph's id, and taking the draft's inline text away changes one paragraph only, by its
// one one-off sentence.
#[test]
fn the_2014_statement_has_one_one_off_sentence() {
    let file = repo("drafts/2014-05-09-washington-2nd/meeting.toml");
    let draft = Draft::parse(&file, &read(&file), &Fs).expect("valid draft");
    let set = TemplateSet {
        statement_file: "statement.hbs".into(),
        statement: embedded_statement().to_owned(),
        clauses: ClauseLibrary::load(&embedded_sources()).expect("valid clauses"),
    };
    let body = |draft: &Draft| -> Vec<(Option<String>, String)> {
        assemble(draft, &set, &AssembleOptions::default())
            .expect("assembles")
            .document
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Paragraph)
            .map(|b| (b.clause.clone(), b.plain_text()))
            .collect()
    };
    let full = body(&draft);
    assert_eq!(full.len(), draft.body.len(), "one paragraph per body item");
    let clause_parts = draft
        .body
        .iter()
        .flat_map(|i| &i.parts)
        .filter(|p| matches!(p.content, BodyContent::Clause { .. }))
        .count();
    assert!(clause_parts >= 12, "{clause_parts} clauses");
    for ((tag, text), item) in full.iter().zip(&draft.body) {
        assert!(tag.is_some(), "untagged paragraph: {text}");
        assert_eq!(tag, &item.id, "{text}");
    }
    let mut clauses_only = draft.clone();
    for item in &mut clauses_only.body {
        item.parts
            .retain(|p| !matches!(p.content, BodyContent::Text(_)));
    }
    let without = body(&clauses_only);
    assert_eq!(full.len(), without.len());
    let changed: Vec<(&String, &String)> = full
        .iter()
        .zip(&without)
        .filter(|(a, b)| a != b)
        .map(|((_, a), (_, b))| (a, b))
        .collect();
    assert_eq!(changed.len(), 1, "{changed:#?}");
    let (with_text, from_clauses) = changed[0];
    let one_off = with_text
        .strip_prefix(from_clauses.as_str())
        .expect("the one-off sentence ends its paragraph");
    assert_eq!(
        one_off,
        " Both sides are looking forward to the International Space Exploration Forum that will be hosted by Japan in 2016 or 2017."
    );
}

// The 2015 draft names the third meeting in Tokyo, the second as previous, and the fourth next.
#[test]
fn draft_2015_is_the_third_meeting_in_tokyo() {
    let text = build_txt("drafts/2015-tokyo-3rd");
    assert!(text.starts_with("Joint Statement\n\nThe Third Meeting of the Japan-U.S. Comprehensive Dialogue on Space\n\nJune 10, 2015\n"));
    assert!(text.contains(
        "held their Third Meeting of the Comprehensive Dialogue on Space in Tokyo on June 10, 2015."
    ));
    assert!(text.contains("This follows the Second Comprehensive Dialogue, held on May 9, 2014 in Washington, D.C.\n\nThis meeting"));
    assert!(text.contains("Both sides concurred on holding the fourth meeting of the Dialogue in Washington, D.C. in the first half of 2016."));
    // The drafting team's edits: a semicolon list with a new ministry, and a new paragraph.
    assert!(text.contains("National Security Secretariat; Ministry of Internal Affairs and Communications; Ministry of Education, Culture, Sports, Science and Technology;"));
    assert!(text.contains("long-term sustainability of outer space activities"));
}

// `chancery next` writes a buildable next draft and never overwrites one silently.
#[test]
fn next_writes_the_following_meeting_and_refuses_to_overwrite() {
    let dir = tempdir();
    let out = dir.path().join("2015-tokyo-3rd");
    let prev = repo("drafts/2014-05-09-washington-2nd");
    chancery()
        .args(["next"])
        .arg(&prev)
        .arg("--out")
        .arg(&out)
        .args(["--date", "2015-06-10"])
        .assert()
        .success();
    let toml = read(&out.join("meeting.toml"));
    assert!(toml.contains("number = 3"));
    assert!(toml.contains("host = \"jp\""));
    assert!(toml.contains("timing = \"the first half of 2016\""));
    let built = chancery()
        .arg("build")
        .arg(&out)
        .args(["--format", "txt", "--stdout"])
        .output()
        .unwrap();
    let text = String::from_utf8(built.stdout).unwrap();
    assert!(
        text.contains("The Third Meeting of the Japan-U.S."),
        "{text}"
    );
    assert!(text.contains(
        "This follows the Second Comprehensive Dialogue, held on May 9, 2014 in Washington, D.C."
    ));
    assert!(
        text.contains(
            "fourth meeting of the Dialogue in Washington, D.C. in the first half of 2016"
        )
    );
    // A second run refuses; the file stays as it was.
    chancery()
        .args(["next"])
        .arg(&prev)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2);
    assert_eq!(read(&out.join("meeting.toml")), toml);
}

// Without --date the next draft still builds, with the drafter's `[date]` placeholder.
#[test]
fn next_without_date_prints_a_placeholder() {
    let dir = tempdir();
    let out = dir.path().join("next");
    chancery()
        .arg("next")
        .arg(repo("drafts/2014-05-09-washington-2nd"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let built = chancery()
        .arg("build")
        .arg(&out)
        .args(["--format", "txt", "--stdout"])
        .output()
        .unwrap();
    assert!(built.status.success());
    assert!(
        String::from_utf8(built.stdout)
            .unwrap()
            .contains("\n\n[date]\n\n")
    );
}

// A different series (U.S.-France, first meeting over two days, signatures) needs no Rust change.
#[test]
fn another_series_is_expressible_by_inputs_and_clauses_alone() {
    let text = build_txt("tests/fixtures/us-france/drafts/2024-08-26-paris-1st");
    assert!(text.contains("The First Meeting of the U.S.-France Dialogue on Space Cooperation\n\nAugust 26 and 27, 2024"));
    assert!(text.contains("The U.S. delegation included NASA, NOAA, and the Department of Commerce; the French delegation included CNES and the Ministry of the Armed Forces."));
    assert!(text.contains(
        "Done at Paris, on August 27, 2024, in duplicate, in the English and French languages"
    ));
    assert!(text.contains("For the Government of the French Republic"));
    // Inline text is data: its Markdown is printed as written, never interpreted.
    assert!(text.contains("welcomed the *first* results"));
}

// Inline text is never evaluated as a template.
#[test]
fn inline_text_is_not_a_template() {
    let dir = tempdir();
    let draft = dir.path().join("d");
    std::fs::create_dir_all(&draft).unwrap();
    let mut toml = read(&repo("drafts/2014-05-09-washington-2nd/meeting.toml"));
    toml.push_str("\n[[body]]\ntext = \"Held in {{meeting.city}} [sic] <b>.\"\n");
    std::fs::write(draft.join("meeting.toml"), toml).unwrap();
    let out = chancery()
        .arg("build")
        .arg(&draft)
        .args(["--format", "txt", "--stdout"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("Held in {{meeting.city}} [sic] <b>.")
    );
}

// Same inputs, same bytes, for every text format.
#[test]
fn builds_are_deterministic() {
    let (a, b) = (tempdir(), tempdir());
    for dir in [&a, &b] {
        chancery()
            .args([
                "build",
                "drafts/2015-tokyo-3rd",
                "--format",
                "txt,md,html",
                "--out",
            ])
            .arg(dir.path())
            .assert()
            .success();
    }
    for ext in ["txt", "md", "html"] {
        let name = format!("statement.{ext}");
        assert_eq!(
            std::fs::read(a.path().join(&name)).unwrap(),
            std::fs::read(b.path().join(&name)).unwrap(),
            "{name}"
        );
    }
}

// Runs that come from values are marked as such in the document model; wording is not.
#[test]
fn value_runs_are_marked_in_the_document() {
    let file = repo("drafts/2014-05-09-washington-2nd/meeting.toml");
    let draft = Draft::parse(&file, &read(&file), &Fs).expect("valid draft");
    let set = TemplateSet {
        statement_file: "statement.hbs".into(),
        statement: embedded_statement().to_owned(),
        clauses: ClauseLibrary::load(&embedded_sources()).expect("valid clauses"),
    };
    let doc = assemble(&draft, &set, &AssembleOptions::default())
        .expect("assembles")
        .document;
    let opening = doc
        .blocks
        .iter()
        .find(|b| b.clause.as_deref() == Some("opening"))
        .expect("opening");
    let value_texts: Vec<&str> = opening
        .runs
        .iter()
        .filter(|r| r.marks.origin == Origin::Value)
        .map(|r| r.text.as_str())
        .collect();
    assert!(value_texts.contains(&"Washington, D.C."));
    assert!(value_texts.contains(&"Second"));
    assert!(
        opening
            .runs
            .iter()
            .any(|r| r.marks.origin == Origin::Text && r.text.starts_with("Pursuant to"))
    );
    assert_eq!(
        doc.meta.title,
        "Joint Statement: The Second Meeting of the Japan-U.S. Comprehensive Dialogue on Space"
    );
}

// The Markdown output reads back to the same blocks (text and clause ids).
#[test]
fn markdown_output_round_trips() {
    let md = chancery()
        .args([
            "build",
            "drafts/2014-05-09-washington-2nd",
            "--format",
            "md",
            "--stdout",
        ])
        .output()
        .unwrap()
        .stdout;
    let blocks = chancery::document::markdown::parse_blocks(&String::from_utf8(md).unwrap());
    let text: Vec<String> = blocks.iter().map(|b| b.plain_text()).collect();
    let adopted = read(&repo("drafts/2014-05-09-washington-2nd/adopted.txt"));
    let expected: Vec<&str> = adopted.split("\n\n").collect();
    assert_eq!(text, expected);
    assert_eq!(blocks[3].clause.as_deref(), Some("opening"));
}

// `next --date` with two days scaffolds a two-day meeting (`date` a list of both days) that
// builds to its reference text: "April 1 and 2, 2016" in the date line and the opening.
#[test]
fn next_scaffolds_a_two_day_meeting() {
    let dir = common::tempdir();
    let draft = dir.path().join("2016-washington-4th");
    let out = common::chancery()
        .args([
            "next",
            "drafts/2015-tokyo-3rd",
            "--date",
            "2016-04-01,2016-04-02",
            "--out",
        ])
        .arg(&draft)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let toml = common::read(&draft.join("meeting.toml"));
    assert!(
        toml.contains("date = [\"2016-04-01\", \"2016-04-02\"]"),
        "{toml}"
    );
    let built = dir.path().join("out");
    let out = common::chancery()
        .arg("build")
        .arg(&draft)
        .args(["--format", "txt", "--out"])
        .arg(&built)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        common::read(&built.join("statement.txt")),
        common::read(&common::repo("tests/fixtures/next-two-days/reference.txt"))
    );
    let bad = common::chancery()
        .args([
            "next",
            "drafts/2015-tokyo-3rd",
            "--date",
            "2016-04-01,2016-04-03",
            "--out",
        ])
        .arg(dir.path().join("bad"))
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("2016-04-03 is not the day after 2016-04-01")
    );
}
