//! `chancery absorb`: a counterpart's returned DOCX recorded as its proposals.
//!
//! Three producers of returned files: LibreOffice driven through its Python UNO bridge
//! (`tests/fixtures/absorb/review.py`, recording changes as a reviewer would), Debian's pandoc
//! writing tracked changes and a comment from Markdown spans, and a file written here the way
//! Word writes tracked changes (runs split mid-word, rsids, proofErr, bookmarks and comment
//! ranges across runs, a deleted paragraph mark). Each is absorbed into a copy of the 2015
//! draft; choosing every proposal must give exactly the returned text with all changes
//! accepted, choosing none the text as sent.

mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{chancery, read, repo, require_tool, require_uno, tempdir, workspace};

fn draft(ws: &Path) -> PathBuf {
    ws.join("drafts/2015-tokyo-3rd")
}

/// Export the draft's DOCX (which keeps its export record) into `out/`.
fn export(ws: &Path) -> PathBuf {
    chancery()
        .args(["build", "--format", "docx,txt", "--out"])
        .arg(ws.join("out"))
        .arg(draft(ws))
        .assert()
        .success();
    ws.join("out/statement.docx")
}

/// The draft's text, built to txt, as paragraphs with white space collapsed.
fn text_paragraphs(ws: &Path) -> Vec<String> {
    let out = ws.join("check-build");
    chancery()
        .args(["build", "--format", "txt", "--out"])
        .arg(&out)
        .arg(draft(ws))
        .assert()
        .success();
    read(&out.join("statement.txt"))
        .split("\n\n")
        .map(collapse)
        .filter(|p| !p.is_empty())
        .collect()
}

fn collapse(s: &str) -> String {
    s.trim_start_matches('\u{feff}')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Set `chosen = <party>` on every proposal of the draft's `meeting.toml`.
fn choose_all(ws: &Path, party: &str) {
    let file = draft(ws).join("meeting.toml");
    let mut doc: toml_edit::DocumentMut = read(&file).parse().unwrap();
    let body = doc["body"].as_array_of_tables_mut().unwrap();
    for t in body.iter_mut() {
        if let Some(list) = t.get_mut("proposals").and_then(|p| p.as_array_mut()) {
            for p in list.iter_mut() {
                p.as_inline_table_mut()
                    .unwrap()
                    .insert("chosen", party.into());
            }
        }
    }
    std::fs::write(&file, doc.to_string()).unwrap();
}

/// Every line of `old` is in `new`, in order (a file only added to).
fn kept_in_order(old: &str, new: &str) -> bool {
    let mut lines = new.lines();
    old.lines().all(|l| lines.any(|m| m == l))
}

fn absorb(ws: &Path, file: &Path, party: &str) -> assert_cmd::assert::Assert {
    chancery()
        .arg("absorb")
        .arg(file)
        .arg("--into")
        .arg(draft(ws))
        .args(["--party", party])
        .assert()
}

fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stdout).into_owned()
}

fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}

// ---------------------------------------------------------------------------------------------
// LibreOffice

/// The reviewer's edits, as `review.py` takes them.
const EDITS: &str = r#"[
 {"op": "replace", "find": "decided to strengthen", "with": "intend to deepen"},
 {"op": "delete", "find": " Both sides are looking forward to the International Space Exploration Forum that will be hosted by Japan in 2016 or 2017."},
 {"op": "insert_after", "find": "information sharing between the two countries.", "text": " Both sides welcomed the progress of the SSA sharing agreement."},
 {"op": "move", "find": " Both sides affirmed their intention to make Japan-U.S. space cooperation action-oriented.", "after": "national and international security, and economic growth."},
 {"op": "replace", "find": "in February 2015", "with": "in March 2015"},
 {"op": "comment", "find": "remote sensing data policy", "text": "Can we name the new regulations here?"}
]"#;

/// Run LibreOffice as a reviewer on `docx`; returns (returned.docx, accepted paragraphs,
/// rejected paragraphs).
fn libreoffice_review(ws: &Path, docx: &Path, edits: &str) -> (PathBuf, Vec<String>, Vec<String>) {
    let out = ws.join("lo");
    std::fs::create_dir_all(&out).unwrap();
    let edits_file = ws.join("edits.json");
    std::fs::write(&edits_file, edits).unwrap();
    let profile = tempdir();
    let run = Command::new("/usr/bin/python3")
        .arg(repo("tests/fixtures/absorb/review.py"))
        .arg(docx)
        .arg(&out)
        .arg(profile.path())
        .arg(&edits_file)
        .arg("Jane Roe")
        .output()
        .expect("python3 runs");
    assert!(
        run.status.success(),
        "review.py failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let lines = |name: &str| -> Vec<String> {
        read(&out.join(name))
            .lines()
            .map(collapse)
            .filter(|l| !l.is_empty())
            .collect()
    };
    (
        out.join("returned.docx"),
        lines("accept.txt"),
        lines("reject.txt"),
    )
}

/// The body paragraphs of a text (the signature block and title lines are not proposals').
fn body(paragraphs: &[String]) -> Vec<String> {
    paragraphs
        .iter()
        .filter(|p| p.split(' ').count() > 12)
        .cloned()
        .collect()
}

// The round trip of the issue: LibreOffice replaces a phrase, deletes a sentence, inserts one,
// moves one, changes a date and adds a comment; absorb records each as a proposal of `us`;
// every proposal chosen gives the text LibreOffice shows with all changes accepted, none
// chosen the text as sent; the comment is a note `check` lists.
#[test]
fn libreoffice_round_trip() {
    if !require_tool("soffice") || !require_uno() {
        return;
    }
    let ws = workspace();
    let docx = export(ws.path());
    let sent = text_paragraphs(ws.path());
    let (returned, accepted, rejected) = libreoffice_review(ws.path(), &docx, EDITS);
    assert_eq!(
        body(&rejected),
        body(&sent),
        "LibreOffice's rejected text is what was sent"
    );
    let meeting = draft(ws.path()).join("meeting.toml");
    let before = read(&meeting);

    let dry = chancery()
        .arg("absorb")
        .arg(&returned)
        .arg("--into")
        .arg(draft(ws.path()))
        .args(["--party", "us", "--dry-run"])
        .assert()
        .success();
    assert_eq!(read(&meeting), before, "--dry-run writes nothing");
    assert!(
        stdout(&dry).contains("matched by the export's hidden marks"),
        "{}",
        stdout(&dry)
    );

    // The diff of the draft against the returned file names the reviser of each change.
    let diff = chancery()
        .arg("diff")
        .arg(draft(ws.path()))
        .arg(&returned)
        .assert()
        .code(1);
    let listed = stdout(&diff);
    assert!(
        listed.contains("tracked changes and comments in"),
        "{listed}"
    );
    assert!(
        listed.contains("inserted Jane Roe") && listed.contains("comment by Jane Roe"),
        "{listed}"
    );

    let run = absorb(ws.path(), &returned, "us").success();
    let plan = stdout(&run);
    for expected in [
        "\"decided to strengthen\" → \"intend to deepen\"",
        "\"February\" → \"March\"",
        "tracked by Jane Roe",
        "comment by Jane Roe",
        "6 changes: 6 proposals, 0 value changes, 0 cannot be placed; 1 note",
    ] {
        assert!(plan.contains(expected), "{expected:?} in\n{plan}");
    }
    let after = read(&meeting);
    assert!(
        kept_in_order(&before, &after),
        "every line of meeting.toml is kept:\n{after}"
    );

    let open = text_paragraphs(ws.path());
    assert!(
        open.iter()
            .any(|p| p.contains("[decided to strengthen (JP) / intend to deepen (US)]")),
        "{open:#?}"
    );
    assert!(
        open.iter()
            .any(|p| p.contains("[February (JP) / March (US)]"))
    );
    let check = chancery()
        .arg("check")
        .arg(draft(ws.path()))
        .assert()
        .success();
    let listed = stdout(&check);
    assert!(listed.contains("open brackets: 6"), "{listed}");
    assert!(listed.contains("Jane Roe (us) on `policy-exchange` \"remote sensing data policy\": Can we name the new regulations here?"), "{listed}");

    choose_all(ws.path(), "us");
    assert_eq!(body(&text_paragraphs(ws.path())), body(&accepted));
    choose_all(ws.path(), "jp");
    assert_eq!(body(&text_paragraphs(ws.path())), body(&sent));
    // The HTML shows the note beside its paragraph; the text does not print it.
    chancery()
        .args(["build", "--format", "html", "--out"])
        .arg(ws.path().join("html"))
        .arg(draft(ws.path()))
        .assert()
        .success();
    let html = read(&ws.path().join("html/statement.html"));
    assert!(html.contains("<aside class=\"note\""), "{html}");
    assert!(
        !text_paragraphs(ws.path())
            .iter()
            .any(|p| p.contains("regulations here"))
    );
}

// ---------------------------------------------------------------------------------------------
// Files written here

/// The exported DOCX's parts.
fn unzip(docx: &Path) -> Vec<(String, Vec<u8>)> {
    let bytes = std::fs::read(docx).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut e = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            e.read_to_end(&mut data).unwrap();
            (e.name().to_owned(), data)
        })
        .collect()
}

fn rezip(parts: &[(String, Vec<u8>)], to: &Path) {
    let file = std::fs::File::create(to).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default();
    for (name, data) in parts {
        zip.start_file(name.as_str(), opts).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap();
}

fn part_mut<'p>(parts: &'p mut [(String, Vec<u8>)], name: &str) -> &'p mut Vec<u8> {
    &mut parts.iter_mut().find(|(n, _)| n == name).unwrap().1
}

/// The exported DOCX with its document.xml text edited untracked (`from` → `to`).
fn edited_untracked(docx: &Path, from: &str, to: &str, out: &Path) {
    let mut parts = unzip(docx);
    let doc = part_mut(&mut parts, "word/document.xml");
    let xml = String::from_utf8(doc.clone()).unwrap();
    assert!(xml.contains(from), "{from:?} in the export's XML");
    *doc = xml.replacen(from, to, 1).into_bytes();
    rezip(&parts, out);
}

// An edit made without Track Changes is found (the text as sent against the returned text) and
// attributed as untracked; a change in the title lines cannot be placed: nothing is written,
// and the error names the paragraph and the words around it; --skip-unplaced writes the rest.
#[test]
fn untracked_edits_and_unplaced_changes() {
    let ws = workspace();
    let docx = export(ws.path());
    let meeting = draft(ws.path()).join("meeting.toml");
    let before = read(&meeting);

    let untracked = ws.path().join("untracked.docx");
    edited_untracked(&docx, "this field.", "this important field.", &untracked);
    let run = absorb(ws.path(), &untracked, "us").success();
    assert!(
        stdout(&run).contains("(untracked) → proposal in `space-sustainability`"),
        "{}",
        stdout(&run)
    );
    assert!(
        read(&meeting).contains("text = \"this important\""),
        "{}",
        read(&meeting)
    );

    std::fs::write(&meeting, &before).unwrap();
    let titled = ws.path().join("titled.docx");
    edited_untracked(&docx, ">Joint Statement<", ">Joint Declaration<", &titled);
    let mut parts = unzip(&titled);
    let doc = part_mut(&mut parts, "word/document.xml");
    *doc = String::from_utf8(doc.clone())
        .unwrap()
        .replacen("this field.", "this vital field.", 1)
        .into_bytes();
    rezip(&parts, &titled);
    let refused = absorb(ws.path(), &titled, "us").failure();
    let err = stderr(&refused);
    assert!(
        err.contains("paragraph 1: a change cannot be placed"),
        "{err}"
    );
    assert!(err.contains("‹Statement›"), "{err}");
    assert_eq!(read(&meeting), before, "nothing written");
    chancery()
        .arg("absorb")
        .arg(&titled)
        .arg("--into")
        .arg(draft(ws.path()))
        .args(["--party", "us", "--skip-unplaced"])
        .assert()
        .success();
    assert!(read(&meeting).contains("text = \"this vital\""));
}

// A file exported from another draft, one whose draft changed since the export, and a damaged
// or hostile file are refused with a clear message, exit non-zero, nothing written.
#[test]
fn refusals() {
    let ws = workspace();
    let docx = export(ws.path());
    let meeting = draft(ws.path()).join("meeting.toml");
    let before = read(&meeting);
    let changed = ws.path().join("changed.docx");
    edited_untracked(&docx, "this field.", "this important field.", &changed);

    // Into another draft.
    let other = chancery()
        .arg("absorb")
        .arg(&changed)
        .arg("--into")
        .arg(ws.path().join("drafts/2014-05-09-washington-2nd"))
        .args(["--party", "jp"])
        .assert()
        .code(2);
    assert!(
        stderr(&other).contains("was exported from draft `2015-tokyo-3rd`"),
        "{}",
        stderr(&other)
    );

    // The draft changed since the export: refused, the plan still printed; --force absorbs.
    let edited = before.replace("is a common challenge", "is a shared challenge");
    std::fs::write(&meeting, &edited).unwrap();
    let stale = absorb(ws.path(), &changed, "us").code(2);
    assert!(
        stderr(&stale).contains("changed since this file was exported"),
        "{}",
        stderr(&stale)
    );
    assert!(
        stdout(&stale).contains("\"this\" → \"this important\""),
        "{}",
        stdout(&stale)
    );
    assert_eq!(read(&meeting), edited);
    chancery()
        .arg("absorb")
        .arg(&changed)
        .arg("--into")
        .arg(draft(ws.path()))
        .args(["--party", "us", "--force"])
        .assert()
        .success();
    assert!(read(&meeting).contains("text = \"this important\""));

    // Not a zip, and a zip bomb.
    std::fs::write(&meeting, &before).unwrap();
    let junk = ws.path().join("junk.docx");
    std::fs::write(&junk, b"PK\x03\x04 not really").unwrap();
    let bad = absorb(ws.path(), &junk, "us").code(3);
    assert!(
        stderr(&bad).contains("not a readable DOCX"),
        "{}",
        stderr(&bad)
    );
    let bomb = ws.path().join("bomb.docx");
    let mut parts = unzip(&docx);
    part_mut(&mut parts, "word/document.xml").extend(std::iter::repeat_n(b' ', 20 << 20));
    rezip(&parts, &bomb);
    let big = absorb(ws.path(), &bomb, "us").code(3);
    assert!(
        stderr(&big).contains("zip bomb") || stderr(&big).contains("too large"),
        "{}",
        stderr(&big)
    );
    // A party that is not one, and the pen holder as the returning party.
    absorb(ws.path(), &changed, "kr").code(2);
    absorb(ws.path(), &changed, "jp").code(2);
    assert_eq!(read(&meeting), before);
}

/// A body paragraph as Word writes it: runs split every few characters (mid-word), rsids,
/// proofErr marks, the bookmark, and `inner` XML spliced in where `at` stands.
fn word_paragraph(
    style: &str,
    mark: &str,
    text: &str,
    splice: Option<(&str, &str)>,
    mark_deleted: bool,
) -> String {
    let mut out = format!(
        "<w:p w:rsidR=\"00A7{mark:0>4}\" w:rsidRDefault=\"00A70001\" w:rsidP=\"00B81\"><w:pPr><w:pStyle w:val=\"{style}\"/>"
    );
    if mark_deleted {
        out.push_str("<w:rPr><w:del w:id=\"901\" w:author=\"Kim Lee\" w:date=\"2026-11-30T09:00:00Z\"/></w:rPr>");
    }
    out.push_str("</w:pPr>");
    let run = |t: &str| {
        format!(
            "<w:r w:rsidRPr=\"00C4{}\"><w:rPr><w:lang w:val=\"en-US\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
            t.len(),
            t.replace('&', "&amp;").replace('<', "&lt;")
        )
    };
    let (head, tail) = match splice {
        Some((at, _)) => {
            let i = text.find(at).expect("splice point in the paragraph");
            (&text[..i], &text[i + at.len()..])
        }
        None => (text, ""),
    };
    let mut first = true;
    for chunk in head.as_bytes().chunks(7) {
        let piece = std::str::from_utf8(chunk).unwrap();
        out.push_str(&run(piece));
        if first {
            // The bookmark after the first run: it crosses run boundaries as Word leaves it.
            out.push_str(&format!("<w:bookmarkStart w:id=\"{mark}\" w:name=\"{mark_name}\"/><w:proofErr w:type=\"spellStart\"/>", mark_name = format_args!("_cy{mark}")));
            first = false;
        }
    }
    if first {
        out.push_str(&format!(
            "<w:bookmarkStart w:id=\"{mark}\" w:name=\"_cy{mark}\"/>"
        ));
    }
    if let Some((_, inner)) = splice {
        out.push_str(inner);
    }
    for chunk in tail.as_bytes().chunks(5) {
        out.push_str(&run(std::str::from_utf8(chunk).unwrap()));
    }
    out.push_str(&format!(
        "<w:bookmarkEnd w:id=\"{mark}\"/><w:proofErr w:type=\"spellEnd\"/></w:p>"
    ));
    out
}

/// The export record's paragraphs (block, item, text).
fn sent_record(ws: &Path) -> Vec<(usize, Option<String>, String)> {
    let dir = draft(ws).join("exports");
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let v: serde_json::Value = serde_json::from_str(&read(&file)).unwrap();
    v["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["block"].as_u64().unwrap() as usize,
                p["item"].as_str().map(str::to_owned),
                p["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

// A returned file written the way Word writes tracked changes: runs split mid-word, rsid
// attributes, proofErr, bookmarks and a comment range crossing runs, a replacement inside a
// split word, and a deleted paragraph mark merging two paragraphs. Absorbed correctly:
// choosing every proposal gives the accepted text (the two paragraphs run together).
#[test]
fn word_style_returned_file() {
    let ws = workspace();
    let docx = export(ws.path());
    let record = sent_record(ws.path());
    let rev = "w:author=\"Kim Lee\" w:date=\"2026-11-30T09:00:00Z\"";
    let mut xml_body = String::new();
    let mut expected: Vec<String> = Vec::new();
    for (block, item, text) in &record {
        let style = if *block == 0 { "Title" } else { "BodyText" };
        let (splice, accepted, merged) = match item.as_deref() {
            Some("space-sustainability") => (
                Some((
                    "decided to strengthen ".to_owned(),
                    format!(
                        "<w:r><w:t xml:space=\"preserve\">deci</w:t></w:r><w:del w:id=\"11\" {rev}><w:r><w:delText>ded to strength</w:delText></w:r></w:del>\
                     <w:ins w:id=\"12\" {rev}><w:r><w:t>ded to deep</w:t></w:r></w:ins><w:commentRangeStart w:id=\"0\"/><w:r><w:t>en</w:t></w:r>\
                     <w:r><w:t xml:space=\"preserve\"> </w:t></w:r><w:commentRangeEnd w:id=\"0\"/><w:r><w:commentReference w:id=\"0\"/></w:r>"
                    ),
                )),
                text.replace("decided to strengthen ", "decided to deepen "),
                false,
            ),
            Some("strategic-importance") => (None, text.clone(), true),
            _ => (None, text.clone(), false),
        };
        xml_body.push_str(&word_paragraph(
            style,
            &block.to_string(),
            text,
            splice.as_ref().map(|(a, b)| (a.as_str(), b.as_str())),
            merged,
        ));
        match expected.last_mut() {
            Some(prev) if prev.ends_with('\u{1}') => {
                prev.pop();
                prev.push_str(&accepted);
            }
            _ => expected.push(if merged {
                format!("{accepted}\u{1}")
            } else {
                accepted
            }),
        }
    }
    let mut parts = unzip(&docx);
    let doc = part_mut(&mut parts, "word/document.xml");
    let xml = String::from_utf8(doc.clone()).unwrap();
    let start = xml.find("<w:body>").unwrap() + "<w:body>".len();
    let end = xml.find("<w:sectPr").unwrap();
    *doc = format!("{}{}{}", &xml[..start], xml_body, &xml[end..]).into_bytes();
    parts.retain(|(n, _)| n != "word/comments.xml");
    parts.push((
        "word/comments.xml".to_owned(),
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:comments xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:comment w:id=\"0\" {rev} w:initials=\"KL\"><w:p><w:r><w:t>Stronger than strengthen?</w:t></w:r></w:p></w:comment></w:comments>").into_bytes(),
    ));
    let returned = ws.path().join("word.docx");
    rezip(&parts, &returned);

    let run = absorb(ws.path(), &returned, "us").success();
    let plan = stdout(&run);
    assert!(
        plan.contains("\"strengthen\" → \"deepen\" (tracked by Kim Lee, 2026-11-30)"),
        "{plan}"
    );
    assert!(
        plan.contains("comment by Kim Lee: \"Stronger than strengthen?\""),
        "{plan}"
    );
    assert!(plan.contains("0 cannot be placed"), "{plan}");
    choose_all(ws.path(), "us");
    let chosen = text_paragraphs(ws.path());
    let want: Vec<String> = expected.iter().map(|p| collapse(p)).collect();
    assert_eq!(body(&chosen), body(&want));
    choose_all(ws.path(), "jp");
    let original: Vec<String> = record.iter().map(|(_, _, t)| collapse(t)).collect();
    assert_eq!(body(&text_paragraphs(ws.path())), body(&original));
}

// Debian's pandoc as a second producer: Markdown with {.insertion}/{.deletion} spans and a
// comment over the exported text. The file carries no export marks: it is matched by text,
// and the plan says so.
#[test]
fn pandoc_returned_file() {
    if !require_tool("pandoc") {
        return;
    }
    let ws = workspace();
    export(ws.path());
    let record = sent_record(ws.path());
    let span = |class: &str, text: &str| {
        format!("[{text}]{{.{class} author=\"Ana Ruiz\" date=\"2026-11-29T12:00:00Z\"}}")
    };
    let mut md = String::new();
    for (_, item, text) in &record {
        let text = text.replace('*', "\\*");
        let para = match item.as_deref() {
            Some("next-meeting") => text.replace(
                "in the first half of 2016",
                &format!("in {}{} 2016", span("deletion", "the first half of"), span("insertion", "early")),
            ),
            Some("strategic-importance") => text.replace(
                "strengthen cooperative relations",
                &format!(
                    "[Is this the agreed wording?]{{.comment-start id=\"0\" author=\"Ana Ruiz\" date=\"2026-11-29T12:00:00Z\"}}strengthen[]{{.comment-end id=\"0\"}} {} cooperative relations",
                    span("insertion", "and deepen")
                ),
            ),
            _ => text,
        };
        md.push_str(&para);
        md.push_str("\n\n");
    }
    let src = ws.path().join("returned.md");
    std::fs::write(&src, md).unwrap();
    let returned = ws.path().join("pandoc.docx");
    let ok = Command::new("pandoc")
        .args(["-f", "markdown-smart", "-t", "docx", "-o"])
        .arg(&returned)
        .arg(&src)
        .status()
        .unwrap();
    assert!(ok.success());
    let run = absorb(ws.path(), &returned, "us").success();
    let plan = stdout(&run);
    assert!(plan.contains("paragraphs matched by text"), "{plan}");
    // The timing is a data value ([next] timing): a proposed value change, not wording.
    assert!(plan.contains("\"the first half of\" → \"early\" (tracked by Ana Ruiz, 2026-11-29) → proposed value change"), "{plan}");
    assert!(
        plan.contains("→ proposal in `strategic-importance`"),
        "{plan}"
    );
    assert!(
        plan.contains("comment by Ana Ruiz: \"Is this the agreed wording?\""),
        "{plan}"
    );
    let meeting = read(&draft(ws.path()).join("meeting.toml"));
    assert!(
        meeting.contains("[[value_changes]]") && meeting.contains("proposed = \"early\""),
        "{meeting}"
    );
    // An open value change blocks a final copy.
    let refused = chancery()
        .args(["check", "--final"])
        .arg(draft(ws.path()))
        .assert()
        .failure();
    assert!(
        stderr(&refused).contains("open value change proposed by `us`"),
        "{}",
        stderr(&refused)
    );
}

// Two delegations' returned files, absorbed one after the other, give one bracket with every
// party's alternative (the second's words overlapping the first's widen it); the diff of the
// draft against a returned file names its reviser.
#[test]
fn several_parties_share_one_bracket() {
    let ws = workspace();
    let meeting = draft(ws.path()).join("meeting.toml");
    let three = read(&meeting).replace(
        "[previous]",
        "[[parties]]\nkey = \"kr\"\nname = \"the Republic of Korea\"\nshort_name = \"ROK\"\nadjective = \"Korean\"\ngovernment = \"the Government of the Republic of Korea\"\n\n[previous]",
    );
    std::fs::write(&meeting, three).unwrap();
    let docx = export(ws.path());
    let us = ws.path().join("us.docx");
    edited_untracked(&docx, "decided to strengthen", "intend to deepen", &us);
    let kr = ws.path().join("kr.docx");
    edited_untracked(
        &docx,
        "and decided to strengthen",
        "and resolved to strengthen",
        &kr,
    );
    absorb(ws.path(), &us, "us").success();
    absorb(ws.path(), &kr, "kr").success();
    let text = text_paragraphs(ws.path()).join("\n");
    assert!(
        text.contains(
            "[decided to strengthen (JP) / intend to deepen (US) / resolved to strengthen (KR)]"
        ),
        "{text}"
    );
    let diff = chancery()
        .arg("diff")
        .arg(draft(ws.path()))
        .arg(&us)
        .assert();
    let out = stdout(&diff);
    assert!(
        !out.contains("tracked changes and comments"),
        "an untracked file has none: {out}"
    );
}
