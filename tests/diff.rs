//! `chancery diff`: redlines between drafts, text, Markdown and DOCX files, through the CLI.
//!
//! Fixtures live in `tests/fixtures/diff/`; the drafts are the repository's own. To add a case:
//! put the two versions in the fixtures folder (or use a draft), run the command, and assert on
//! what a reviewer relies on (the edit list, the exit code, the markers), not on whole outputs.

mod common;

use std::path::Path;

use chancery::diff::{Side, view};
use chancery::document::{Document, Meta, plain::parse_plain_text};
use chancery::import::{ImportOptions, SourceKind, TrackedChanges, import};
use common::{chancery, require_tool, tempdir};
use serde_json::Value;

const ADOPTED_2014: &str = "drafts/2014-05-09-washington-2nd/adopted.txt";
const DRAFT_2014: &str = "drafts/2014-05-09-washington-2nd";
const DRAFT_2015: &str = "drafts/2015-tokyo-3rd";
const MOVED: &str = "tests/fixtures/diff/moved-new.txt";

/// Run `chancery diff ARGS`, returning exit code and standard output.
fn diff(args: &[&str]) -> (i32, String) {
    let out = chancery().arg("diff").args(args).output().expect("runs");
    let stdout = String::from_utf8(out.stdout).expect("utf-8 output");
    let code = out.status.code().unwrap_or(-1);
    assert!(
        code == 0 || code == 1,
        "exit {code}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (code, stdout)
}

/// The edit list of a JSON redline: (new paragraph, deleted, inserted, data-driven).
fn edits(json: &str) -> Vec<(u64, String, String, bool)> {
    let v: Value = serde_json::from_str(json).expect("valid JSON");
    let mut out = Vec::new();
    for op in v["ops"].as_array().expect("ops") {
        let s = |k: &str| op[k].as_str().unwrap_or_default().to_owned();
        match op["op"].as_str().expect("op tag") {
            "equal" => {}
            "change" | "move" => {
                for e in op["edits"].as_array().expect("edits") {
                    let s = |k: &str| e[k].as_str().unwrap_or_default().to_owned();
                    let data = e["data"].as_bool().expect("data flag");
                    out.push((
                        op["new"].as_u64().expect("new"),
                        s("delete"),
                        s("insert"),
                        data,
                    ));
                }
            }
            "insert" => out.push((
                op["new"].as_u64().expect("new"),
                String::new(),
                s("text"),
                op["data"].as_bool().expect("data"),
            )),
            "delete" => out.push((
                op["old"].as_u64().expect("old"),
                s("text"),
                String::new(),
                op["data"].as_bool().expect("data"),
            )),
            other => panic!("unknown op `{other}`"),
        }
    }
    out
}

// The 2014 adopted text and the 2014 draft assembled from its inputs are the same statement.
#[test]
fn adopted_2014_equals_its_draft() {
    let (code, stat) = diff(&[ADOPTED_2014, DRAFT_2014, "--stat"]);
    assert_eq!(code, 0, "{stat}");
    assert!(
        stat.starts_with("paragraphs: 0 added, 0 removed, 0 changed, 0 moved, 12 unchanged"),
        "{stat}"
    );
}

// From the 2014 draft to the 2015 draft the diff finds each edit that was made and invents none.
#[test]
fn draft_2014_to_2015_finds_every_edit() {
    let (code, json) = diff(&[DRAFT_2014, DRAFT_2015, "--format", "json"]);
    assert_eq!(code, 1);
    let sustainability = "Both sides shared the view that ensuring the long-term sustainability of outer space activities, including the mitigation of space debris, is a common challenge, and decided to strengthen bilateral cooperation in this field.";
    let e = |n: u64, d: &str, i: &str, data: bool| (n, d.to_owned(), i.to_owned(), data);
    let expected = vec![
        // Subtitle and date line.
        e(1, "Second", "Third", true),
        e(2, "May 9, 2014", "June 10, 2015", true),
        // Opening: this meeting, and the previous one (the country after the city went).
        e(3, "Second", "Third", true),
        e(3, "Washington, D.C.", "Tokyo", true),
        e(3, "May 9, 2014", "June 10, 2015", true),
        e(3, "First", "Second", true),
        e(3, "March 11, 2013", "May 9, 2014", true),
        e(3, "Tokyo, Japan", "Washington, D.C", true),
        // Participants: a ministry added, the list now separated by semicolons.
        e(
            4,
            ",",
            "; Ministry of Internal Affairs and Communications;",
            true,
        ),
        e(4, ",", ";", true),
        e(4, ",", ";", true),
        e(4, ",", ";", true),
        e(4, "", ";", true),
        // Purpose, new era, policy exchange: ordinals; the initiative's year.
        e(5, "Second", "Third", true),
        e(5, "last year", "in 2013", false),
        e(6, "Second", "Third", true),
        e(7, "second", "third", true),
        // The negotiated new paragraph.
        e(9, "", sustainability, false),
        // MDA progress.
        e(10, "successfully", "", false),
        e(10, "the first", "a second", false),
        e(10, "March 2014", "February 2015", false),
        // Next meeting.
        e(12, "third", "fourth", true),
        e(12, "Tokyo", "Washington, D.C.", true),
        e(12, "2015", "2016", true),
    ];
    assert_eq!(edits(&json), expected);
}

// --substantive hides what only comes from meeting data (ordinals, dates, places, names, party
// lists); left are the negotiated edits: the new paragraph and the wording a clause's values carry.
#[test]
fn substantive_hides_data_edits() {
    let (code, json) = diff(&[DRAFT_2014, DRAFT_2015, "--substantive", "--format", "json"]);
    assert_eq!(code, 1);
    let found = edits(&json);
    let words: Vec<(&str, &str)> = found.iter().map(|e| (e.1.as_str(), e.2.as_str())).collect();
    assert_eq!(found.len(), 5, "{found:?}");
    assert_eq!(words[0], ("last year", "in 2013"));
    assert!(words[1].1.starts_with("Both sides shared the view"));
    assert_eq!(
        &words[2..],
        &[
            ("successfully", ""),
            ("the first", "a second"),
            ("March 2014", "February 2015")
        ]
    );
    // Data-only differences are no difference at all under --substantive.
    let (code, _) = diff(&[DRAFT_2014, DRAFT_2014, "--substantive"]);
    assert_eq!(code, 0);
}

// A paragraph moved (and lightly edited) between two versions is reported as a move.
#[test]
fn moved_paragraph_is_reported_as_a_move() {
    let (code, stat) = diff(&[ADOPTED_2014, MOVED, "--stat"]);
    assert_eq!(code, 1);
    assert!(
        stat.starts_with("paragraphs: 0 added, 0 removed, 0 changed, 1 moved, 11 unchanged"),
        "{stat}"
    );
    let (_, json) = diff(&[ADOPTED_2014, MOVED, "--format", "json"]);
    let v: Value = serde_json::from_str(&json).expect("json");
    let moves: Vec<&Value> = v["ops"]
        .as_array()
        .expect("ops")
        .iter()
        .filter(|op| op["op"] == "move")
        .collect();
    assert_eq!(moves.len(), 1);
    assert_eq!(
        (moves[0]["old"].as_u64(), moves[0]["new"].as_u64()),
        (Some(8), Some(9))
    );
    assert_eq!(moves[0]["edits"][0]["insert"], "further");
    let (_, text) = diff(&[ADOPTED_2014, MOVED]);
    assert!(text.contains("[<Both sides discussed space security"));
    assert!(text.contains("{>Both sides discussed space security"));
    assert!(
        text.contains("Both sides >}{+further+}{> recognized"),
        "{text}"
    );
}

// Piped output uses plain markers; --color always uses ANSI colours instead.
#[test]
fn markers_and_colour() {
    let (_, plain) = diff(&[DRAFT_2014, DRAFT_2015]);
    assert!(plain.contains("The [-Second-]{+Third+} Meeting"));
    assert!(!plain.contains('\x1b'));
    let (_, coloured) = diff(&[DRAFT_2014, DRAFT_2015, "--color", "always"]);
    assert!(coloured.contains("\x1b[31;9mSecond\x1b[0m\x1b[32;4mThird\x1b[0m"));
}

// The unified format counts paragraphs and shows the old and new paragraph.
#[test]
fn unified_format() {
    let (_, out) = diff(&[
        ADOPTED_2014,
        DRAFT_2015,
        "--format",
        "unified",
        "--context",
        "0",
    ]);
    // Paragraphs 2-8 changed in a row: one hunk, old lines first.
    assert!(out.starts_with(&format!(
        "--- {ADOPTED_2014}\n+++ {DRAFT_2015}\n@@ -2,7 +2,7 @@\n\
         -The Second Meeting of the Japan-U.S. Comprehensive Dialogue on Space\n-May 9, 2014\n"
    )));
    assert!(out.contains("\n+June 10, 2015\n"));
    // The new paragraph comes before the edited MDA one; the SSA paragraph before is context.
    assert!(out.contains("@@ -10 +10,2 @@\n-Both sides also re-affirmed"));
    assert!(out.contains("\n+Both sides shared the view"));
}

// Markdown, DOCX and meeting.toml sides are read like the others: the 2014 statement built as
// .md or .docx reads back as the adopted text.
#[test]
fn markdown_docx_and_meeting_toml_sides() {
    let dir = tempdir();
    let out = dir.path().to_str().expect("utf-8 path");
    let built = chancery()
        .args(["build", DRAFT_2014, "--format", "md,docx", "--out", out])
        .output()
        .expect("build runs");
    assert!(built.status.success());
    let md = dir.path().join("statement.md");
    let docx = dir.path().join("statement.docx");
    let (md, docx) = (md.to_str().expect("path"), docx.to_str().expect("path"));
    let (code, _) = diff(&[md, "drafts/2014-05-09-washington-2nd/meeting.toml"]);
    assert_eq!(code, 0);
    let (code, _) = diff(&[md, ADOPTED_2014]);
    assert_eq!(code, 0);
    let (code, stat) = diff(&[docx, ADOPTED_2014, "--stat"]);
    assert_eq!(code, 0, "{stat}");
    let (code, _) = diff(&[docx, DRAFT_2015]);
    assert_eq!(code, 1);
}

// The HTML redline is one page with ins/del marks and both views.
#[test]
fn html_redline() {
    let dir = tempdir();
    let out = dir.path().join("redline.html");
    let (code, _) = diff(&[DRAFT_2014, DRAFT_2015, "--out", out.to_str().expect("path")]);
    assert_eq!(code, 1);
    let html = common::read(&out);
    assert!(html.contains(
        "<del><span class=\"v\">Second</span></del><ins><span class=\"v\">Third</span></ins>"
    ));
    assert!(html.contains("id=\"view-side\""));
    assert!(!html.contains("<script") && !html.contains("http"));
}

// Usage and input errors exit 2 or more with a message, never 0 or 1.
#[test]
fn errors_have_codes() {
    let out = chancery()
        .args(["diff", ADOPTED_2014, "Cargo.lock"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot tell what kind of document"));

    let dir = tempdir();
    let bad = dir.path().join("broken.docx");
    std::fs::write(&bad, b"PK\x03\x04 not really").expect("write");
    let out = chancery()
        .args(["diff", ADOPTED_2014, bad.to_str().expect("path")])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a readable DOCX"));

    let out = chancery()
        .args(["diff", ADOPTED_2014, "no/such/file.txt"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(4));
}

/// Paragraph texts of a side: a draft built as plain text, or a text file.
fn paragraphs(side: &str) -> Vec<String> {
    let text = if side.ends_with(".txt") {
        common::read(&common::repo(side))
    } else {
        let out = chancery()
            .args(["build", side, "--format", "txt", "--stdout"])
            .output()
            .expect("build runs");
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let doc = Document {
        meta: Meta::untitled(),
        blocks: parse_plain_text(&text),
    };
    view(&doc, Side::New)
}

fn read_docx(path: &Path, tracked: TrackedChanges) -> Vec<String> {
    let bytes = std::fs::read(path).expect("redline written");
    let opts = ImportOptions {
        tracked,
        ..ImportOptions::default()
    };
    let doc = import(&bytes, SourceKind::Docx, &opts).expect("the redline reads back");
    view(&doc, Side::New)
}

/// Write the DOCX redline from `old` to `new` into `dir`.
fn docx_redline(dir: &Path, old: &str, new: &str) -> std::path::PathBuf {
    let out = dir.join("redline.docx");
    let (code, _) = diff(&[
        old,
        new,
        "--out",
        out.to_str().expect("path"),
        "--author",
        "Reviewer",
        "--date",
        "2015-05-01",
    ]);
    assert_eq!(code, 1);
    out
}

// Accepting every tracked change of the DOCX redline gives the new text; rejecting, the old
// (word edits, an added paragraph, and a moved one).
#[test]
fn docx_redline_accepts_to_new_and_rejects_to_old() {
    for (old, new) in [(DRAFT_2014, DRAFT_2015), (ADOPTED_2014, MOVED)] {
        let dir = tempdir();
        let out = docx_redline(dir.path(), old, new);
        assert_eq!(
            read_docx(&out, TrackedChanges::Accept),
            paragraphs(new),
            "{new}"
        );
        assert_eq!(
            read_docx(&out, TrackedChanges::Reject),
            paragraphs(old),
            "{old}"
        );
    }
    let dir = tempdir();
    let out = docx_redline(dir.path(), DRAFT_2014, DRAFT_2015);
    // Author and date from the options are on the tracked changes.
    let xml = unzip_document_xml(&out);
    assert!(xml.contains("w:author=\"Reviewer\""));
    assert!(xml.contains("w:date=\"2015-05-01T00:00:00Z\""));
}

fn unzip_document_xml(path: &Path) -> String {
    let file = std::fs::File::open(path).expect("open");
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    let mut entry = zip.by_name("word/document.xml").expect("document part");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut entry, &mut xml).expect("utf-8 xml");
    xml
}

/// A text redline (`--format text`, no colour) as a reviewer reads it with changes shown: each
/// paragraph one line, deleted and inserted words both in place, no markers.
fn shown_changes(marked: &str) -> Vec<String> {
    marked
        .trim_end_matches('\n')
        .split("\n\n")
        .map(|p| {
            ["[-", "-]", "{+", "+}", "[<", "<]", "{>", ">}"]
                .iter()
                .fold(p.to_owned(), |t, m| t.replace(m, ""))
        })
        .collect()
}

// LibreOffice opens the DOCX redline and reads it as a reviewer sees it with changes shown:
// every paragraph holds its deleted and inserted words in place, exactly the text redline
// without its markers (word edits, an added paragraph, a moved one).
#[test]
fn libreoffice_opens_docx_redline() {
    if !require_tool("soffice") {
        return;
    }
    for (old, new) in [(DRAFT_2014, DRAFT_2015), (ADOPTED_2014, MOVED)] {
        let dir = tempdir();
        let out = docx_redline(dir.path(), old, new);
        let status = std::process::Command::new("soffice")
            .arg(format!(
                "-env:UserInstallation=file://{}/lo",
                dir.path().display()
            ))
            .args(["--headless", "--convert-to", "txt:Text", "--outdir"])
            .arg(dir.path())
            .arg(&out)
            .output()
            .expect("soffice runs");
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        let text = std::fs::read_to_string(dir.path().join("redline.txt"))
            .expect("LibreOffice wrote the text");
        let seen: Vec<String> = text
            .trim_start_matches('\u{feff}')
            .lines()
            .map(|l| l.trim_end_matches('\r').to_owned())
            .collect();
        let (_, marked) = diff(&[old, new, "--format", "text"]);
        let expected = shown_changes(&marked);
        assert_eq!(seen, expected, "{old} -> {new}");
        if new == DRAFT_2015 {
            // Old word, then new word, where the edit stands.
            assert_eq!(
                seen[1],
                "The SecondThird Meeting of the Japan-U.S. Comprehensive Dialogue on Space"
            );
        }
    }
}

// The PDF redline keeps the text: pdftotext gives back every word of the text redline, deleted
// and inserted alike, in order (its `[-…-]{+…+}` markers and the page numbers aside).
#[test]
fn pdf_redline_has_the_text() {
    if !require_tool("pdftotext") {
        return;
    }
    let dir = tempdir();
    let out = dir.path().join("redline.pdf");
    let (code, _) = diff(&[DRAFT_2014, DRAFT_2015, "--out", out.to_str().expect("path")]);
    assert_eq!(code, 1);
    let (_, marked) = diff(&[DRAFT_2014, DRAFT_2015, "--format", "text"]);
    assert!(marked.contains("[-Second-]{+Third+}"), "{marked}");
    let mut expected = marked.clone();
    for marker in ["[-", "-]", "{+", "+}"] {
        expected = expected.replace(marker, "");
    }
    let text = std::process::Command::new("pdftotext")
        .arg(&out)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&text.stdout);
    // Each page ends with its number (when there is more than one page): not text.
    let mut extracted = Vec::new();
    for (i, page) in text.split('\x0c').enumerate() {
        let mut words: Vec<&str> = page.split_whitespace().collect();
        if words.last().is_some_and(|w| *w == (i + 1).to_string()) {
            words.pop();
        }
        extracted.extend(words);
    }
    let expected: Vec<&str> = expected.split_whitespace().collect();
    assert_eq!(extracted, expected);
}

// Equal sides print nothing on the terminal, like diff(1); the exit code says they are equal.
#[test]
fn equal_sides_print_nothing() {
    let out = common::chancery()
        .args([
            "diff",
            "drafts/2014-05-09-washington-2nd/adopted.txt",
            "drafts/2014-05-09-washington-2nd",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

// ", " -> " of the " is ONE replacement in every format: the space that exists on the new side
// only goes inside the insertion, so nothing renders as "Secretariat ,of the".
#[test]
fn comma_to_of_the_is_one_replacement() {
    let dir = tempdir();
    let (old, new) = (dir.path().join("old.txt"), dir.path().join("new.txt"));
    std::fs::write(&old, "The Secretariat, Cabinet met.\n").expect("write");
    std::fs::write(&new, "The Secretariat of the Cabinet met.\n").expect("write");
    let (old, new) = (old.to_str().expect("path"), new.to_str().expect("path"));
    let (_, text) = diff(&[old, new, "--format", "text"]);
    assert_eq!(text, "The Secretariat[-,-]{+ of the+} Cabinet met.\n");
    let (_, html) = diff(&[old, new, "--format", "html"]);
    assert!(
        html.contains("<p>The Secretariat<del>,</del><ins> of the</ins> Cabinet met.</p>"),
        "{html}"
    );
    let out = dir.path().join("r.docx");
    let (code, _) = diff(&[old, new, "--out", out.to_str().expect("path")]);
    assert_eq!(code, 1);
    let xml = unzip_document_xml(&out);
    assert_eq!(xml.matches("<w:del ").count(), 1, "{xml}");
    assert_eq!(xml.matches("<w:ins ").count(), 1, "{xml}");
    assert!(xml.contains("<w:delText xml:space=\"preserve\">,</w:delText>"));
    assert!(xml.contains("<w:t xml:space=\"preserve\"> of the</w:t></w:r></w:ins>"));
}

// `--stat` is symmetric: new -> old counts the same words as old -> new, swapped; and it ends
// with the legend of the text format's markers.
#[test]
fn stat_is_symmetric_with_a_legend() {
    let words = |stat: &str| -> (String, String) {
        let line = stat
            .lines()
            .find(|l| l.starts_with("words: "))
            .expect("a words line");
        let mut parts = line.trim_start_matches("words: ").split(", ");
        let ins = parts.next().expect("inserted").replace(" inserted", "");
        let del = parts.next().expect("deleted");
        let del = del.split(' ').next().expect("count").to_owned();
        (ins, del)
    };
    for (a, b) in [(DRAFT_2014, DRAFT_2015), (ADOPTED_2014, MOVED)] {
        let (_, forth) = diff(&[a, b, "--stat"]);
        let (_, back) = diff(&[b, a, "--stat"]);
        let (fi, fd) = words(&forth);
        let (bi, bd) = words(&back);
        assert_eq!((fi, fd), (bd, bi), "{a} <-> {b}");
        assert!(
            forth.ends_with(
                "legend: [-deleted-] {+inserted+} [<moved away from here<] {>moved here>} \
                 {¶} paragraph split here [¶] paragraphs merged here\n"
            ),
            "{forth}"
        );
    }
}

// `--substantive` on a side that has no data marks (a .txt file) is a usage error naming that
// side, never a silent no-op.
#[test]
fn substantive_needs_data_marks() {
    let out = chancery()
        .args(["diff", ADOPTED_2014, DRAFT_2015, "--substantive"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(ADOPTED_2014), "{err}");
    assert!(err.contains("hint: compare two drafts"), "{err}");
    assert!(out.stdout.is_empty());
}

// `diff --help` documents the text format's markers, moves included.
#[test]
fn help_documents_the_markers() {
    let out = chancery().args(["diff", "--help"]).output().expect("runs");
    let help = String::from_utf8_lossy(&out.stdout);
    for marker in [
        "[-deleted-]",
        "{+inserted+}",
        "[<…<]",
        "{>…>}",
        "{¶}",
        "[¶]",
    ] {
        assert!(help.contains(marker), "{marker} in {help}");
    }
}

// A sentence moved out of a paragraph into a new paragraph of its own is one move, with no
// word changes, in the text redline and its statistics; the DOCX redline still accepts to the
// new text and rejects to the old.
#[test]
fn sentence_moved_into_a_new_paragraph() {
    let dir = tempdir();
    let moved = "They reviewed the cooperation on space situational awareness and agreed to \
                 deepen it in the coming years.";
    let (old, new) = (dir.path().join("old.txt"), dir.path().join("new.txt"));
    let old_text =
        format!("Both sides met in Tokyo. {moved} They agreed to meet again.\n\nClosing words.\n");
    let new_text = format!(
        "Both sides met in Tokyo. They agreed to meet again.\n\nClosing words.\n\n{moved}\n"
    );
    std::fs::write(&old, &old_text).expect("write");
    std::fs::write(&new, &new_text).expect("write");
    let (old, new) = (old.to_str().expect("path"), new.to_str().expect("path"));
    let (code, text) = diff(&[old, new, "--format", "text"]);
    assert_eq!(code, 1);
    assert_eq!(
        text,
        format!(
            "Both sides met in Tokyo. [<{moved} <]They agreed to meet again.\n\nClosing \
             words.\n\n{{>{moved}>}}\n"
        )
    );
    let (_, stat) = diff(&[old, new, "--stat"]);
    assert!(
        stat.starts_with(
            "paragraphs: 0 added, 0 removed, 0 changed, 1 moved, 2 unchanged\nwords: 0 \
             inserted, 0 deleted"
        ),
        "{stat}"
    );
    let out = docx_redline(dir.path(), old, new);
    let side = |t: &str| {
        let doc = Document {
            meta: Meta::untitled(),
            blocks: parse_plain_text(t),
        };
        view(&doc, Side::New)
    };
    assert_eq!(read_docx(&out, TrackedChanges::Accept), side(&new_text));
    assert_eq!(read_docx(&out, TrackedChanges::Reject), side(&old_text));
}

// `--ignore typography` and `--ignore case`: changes of quotes, apostrophes, dashes and case
// are no edits (the sides are equal, exit 0), the redline shows the new text, and `--stat`
// counts them as ignored; without the option they are edits and the JSON has no `ignored`.
#[test]
fn ignore_typography_and_case() {
    let dir = tempdir();
    let (old, new) = (dir.path().join("old.txt"), dir.path().join("new.txt"));
    std::fs::write(
        &old,
        "The world\u{2019}s first \u{201c}joint\u{201d} plan \u{2013} agreed.\n\nOther Words.\n",
    )
    .expect("write");
    std::fs::write(
        &new,
        "The world's first \"joint\" plan - agreed.\n\nOther words.\n",
    )
    .expect("write");
    let (old, new) = (old.to_str().expect("path"), new.to_str().expect("path"));
    let (code, text) = diff(&[old, new, "--format", "text"]);
    assert_eq!(code, 1);
    assert!(text.contains("[-world\u{2019}s-]{+world's+}"), "{text}");
    let (_, json) = diff(&[old, new, "--format", "json"]);
    assert!(!json.contains("ignored"), "{json}");

    let (code, text) = diff(&[old, new, "--ignore", "typography", "--format", "text"]);
    assert_eq!(code, 1, "the case change is still an edit");
    assert_eq!(
        text,
        "The world's first \"joint\" plan - agreed.\n\nOther [-Words-]{+words+}.\n"
    );
    let (_, stat) = diff(&[old, new, "--ignore", "typography", "--stat"]);
    assert!(stat.contains("\nignored 4 changes\n"), "{stat}");
    let (code, stat) = diff(&[old, new, "--ignore", "typography,case", "--stat"]);
    assert_eq!(code, 0, "{stat}");
    assert!(stat.contains("words: 0 inserted, 0 deleted"), "{stat}");
    assert!(stat.contains("\nignored 5 changes\n"), "{stat}");
}
