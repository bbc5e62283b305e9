//! Moves, splits and merges in redlines, through the CLI: Word move revisions in the DOCX
//! redline (read by LibreOffice and by chancery's own importer), the links between a move's two
//! places in HTML, the labels at both places in PDF; a paragraph split in two or two merged
//! into one shown as such, with only the words that changed, in every format.
//!
//! LibreOffice is driven through python3-uno (`/usr/bin/python3`, Debian's `python3-uno`):
//! the script below loads the redline hidden, saves it again as DOCX (what LibreOffice kept of
//! the moves), then accepts every change and saves the text, then reloads and rejects every
//! change and saves the text. Without soffice or python3-uno the LibreOffice test is skipped
//! with a reason, and fails under CI.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use chancery::diff::{Side, view};
use chancery::document::{Document, Meta, plain::parse_plain_text};
use chancery::import::{ImportOptions, SourceKind, TrackedChanges, import};
use common::{chancery, require_tool, tempdir};

const ADOPTED_2014: &str = "drafts/2014-05-09-washington-2nd/adopted.txt";
const MOVED: &str = "tests/fixtures/diff/moved-new.txt";

const MOVED_SENTENCE: &str = "They reviewed the cooperation on space situational awareness and \
                              agreed to deepen it in the coming years.";

/// Writes the two sides of a sentence that leaves its paragraph for a new one at the end.
fn sentence_move(dir: &Path) -> (PathBuf, PathBuf) {
    let old = dir.join("old.txt");
    let new = dir.join("new.txt");
    let old_text = format!(
        "Both sides met in Tokyo. {MOVED_SENTENCE} They agreed to meet again.\n\nClosing words.\n"
    );
    let new_text = format!(
        "Both sides met in Tokyo. They agreed to meet again.\n\nClosing words.\n\n{MOVED_SENTENCE}\n"
    );
    std::fs::write(&old, old_text).expect("write");
    std::fs::write(&new, new_text).expect("write");
    (old, new)
}

/// Runs `chancery diff old new ARGS…`; the sides differ, so the exit code is 1.
fn redline(old: &Path, new: &Path, args: &[&str]) -> String {
    let out = chancery()
        .arg("diff")
        .arg(old)
        .arg(new)
        .args(args)
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The DOCX redline of `old` → `new`, written into `dir`.
fn docx(dir: &Path, old: &Path, new: &Path) -> PathBuf {
    let out = dir.join("redline.docx");
    let path = out.to_str().expect("path");
    redline(
        old,
        new,
        &[
            "--out",
            path,
            "--author",
            "Reviewer",
            "--date",
            "2015-05-01",
        ],
    );
    out
}

/// A part of a zip package, as text.
fn part(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).expect("open");
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    let mut entry = zip.by_name(name).expect("the part");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut entry, &mut xml).expect("utf-8 xml");
    xml
}

/// Paragraph texts of a text file, as chancery reads them.
fn paragraphs(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("read");
    let doc = Document {
        meta: Meta::untitled(),
        blocks: parse_plain_text(&text),
    };
    view(&doc, Side::New)
}

/// The redline read back by chancery's importer with changes accepted or rejected.
fn imported(path: &Path, tracked: TrackedChanges) -> Vec<String> {
    let bytes = std::fs::read(path).expect("redline written");
    let opts = ImportOptions {
        tracked,
        ..ImportOptions::default()
    };
    let doc = import(&bytes, SourceKind::Docx, &opts).expect("the redline reads back");
    view(&doc, Side::New)
}

/// The move names of a document part's `…RangeStart` elements of one kind (`moveFrom` or
/// `moveTo`), in order.
fn range_names(xml: &str, kind: &str) -> Vec<String> {
    let open = format!("<w:{kind}RangeStart ");
    xml.match_indices(&open)
        .map(|(at, _)| {
            let tag = &xml[at..at + xml[at..].find('>').expect("a closed tag")];
            let name = tag.find("w:name=\"").expect("a named range") + "w:name=\"".len();
            tag[name..name + tag[name..].find('"').expect("quoted")].to_owned()
        })
        .collect()
}

// The DOCX redline writes a moved sentence as a Word move: moveFrom at the old place and
// moveTo at the new one, each inside a range carrying the same move name, with the author and
// date of the options; no plain deletion or insertion is left. chancery's own importer reads it
// back: accepted gives the new side, rejected the old (also for a moved and edited paragraph).
#[test]
fn docx_redline_writes_word_move_revisions() {
    let dir = tempdir();
    let (old, new) = sentence_move(dir.path());
    let out = docx(dir.path(), &old, &new);
    let xml = part(&out, "word/document.xml");
    assert_eq!(range_names(&xml, "moveFrom"), ["move1"]);
    assert_eq!(range_names(&xml, "moveTo"), ["move1"]);
    assert!(xml.contains("<w:moveFrom w:id="), "{xml}");
    assert!(xml.contains("<w:moveTo w:id="), "{xml}");
    assert!(
        !xml.contains("<w:del ") && !xml.contains("<w:ins "),
        "{xml}"
    );
    assert!(xml.contains(
        r#"<w:moveFromRangeStart w:id="4" w:author="Reviewer" w:date="2015-05-01T00:00:00Z" w:name="move1" />"#
    ), "{xml}");
    assert!(!xml.contains("chancery-move"), "{xml}");
    assert_eq!(imported(&out, TrackedChanges::Accept), paragraphs(&new));
    assert_eq!(imported(&out, TrackedChanges::Reject), paragraphs(&old));

    // A moved paragraph with a word inserted: the insertion stays a plain w:ins inside the
    // moveTo range.
    let (old, new) = (common::repo(ADOPTED_2014), common::repo(MOVED));
    let out = docx(dir.path(), &old, &new);
    let xml = part(&out, "word/document.xml");
    assert_eq!(range_names(&xml, "moveFrom"), range_names(&xml, "moveTo"));
    assert_eq!(range_names(&xml, "moveFrom").len(), 1);
    let to = xml.find("<w:moveToRangeStart ").expect("a moveTo range");
    let end = xml.find("<w:moveToRangeEnd ").expect("its end");
    assert!(
        xml[to..end].contains("<w:ins "),
        "the inserted word is inside the move"
    );
    assert_eq!(imported(&out, TrackedChanges::Accept), paragraphs(&new));
    assert_eq!(imported(&out, TrackedChanges::Reject), paragraphs(&old));
}

// The same document gives the same bytes, moves included.
#[test]
fn docx_moves_are_deterministic() {
    let dir = tempdir();
    let (old, new) = sentence_move(dir.path());
    let a = std::fs::read(docx(dir.path(), &old, &new)).expect("read");
    let b = std::fs::read(docx(dir.path(), &old, &new)).expect("read");
    assert_eq!(a, b);
}

/// Loads the DOCX in LibreOffice and writes `keep.docx` (saved again as DOCX, before any
/// change is resolved), `accept.txt` and `reject.txt` into the folder given.
const LIBREOFFICE_SCRIPT: &str = r#"
import os, subprocess, sys, time
import uno
from com.sun.star.beans import PropertyValue

src, out, profile = sys.argv[1:4]
pipe = "chancery-test-%d" % os.getpid()
office = subprocess.Popen(["soffice", "-env:UserInstallation=file://" + profile, "--headless",
                           "--norestore", "--invisible", "--accept=pipe,name=%s;urp;" % pipe],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext(
    "com.sun.star.bridge.UnoUrlResolver", local)
ctx = None
for _ in range(1200):
    try:
        ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
        break
    except Exception:
        time.sleep(0.05)
if ctx is None:
    office.kill()
    sys.exit("LibreOffice did not answer")

def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p

smgr = ctx.ServiceManager
desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
url = uno.systemPathToFileUrl(os.path.abspath(src))
text = (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8"))
try:
    for step in ("keep", "accept", "reject"):
        doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
        if step == "keep":
            target, args = "keep.docx", (prop("FilterName", "MS Word 2007 XML"),)
        else:
            command = ".uno:AcceptAllTrackedChanges" if step == "accept" else ".uno:RejectAllTrackedChanges"
            dispatcher.executeDispatch(doc.getCurrentController().getFrame(), command, "", 0, ())
            target, args = step + ".txt", text
        doc.storeToURL(uno.systemPathToFileUrl(os.path.join(out, target)), args)
        doc.close(True)
finally:
    try:
        desktop.terminate()
    except Exception:
        pass
    office.wait(timeout=60)
"#;

/// Runs [`LIBREOFFICE_SCRIPT`] on the DOCX, writing its outputs into `dir`.
fn libreoffice(docx: &Path, dir: &Path) {
    let script = dir.join("lo.py");
    std::fs::write(&script, LIBREOFFICE_SCRIPT).expect("write");
    let run = Command::new("/usr/bin/python3")
        .arg(&script)
        .arg(docx)
        .arg(dir)
        .arg(dir.join("profile"))
        .output()
        .expect("python3 runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Non-empty lines of a text LibreOffice saved, without its byte order mark.
fn lines(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("LibreOffice wrote the text");
    text.trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.trim_end_matches('\r').trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect()
}

// LibreOffice reads the DOCX redline's moves as moves: saved again as DOCX it keeps each
// move's two named ranges (it writes ranges only for what it holds as a move); accepting all
// changes gives the new side, rejecting all the old side (a sentence moved into a new
// paragraph, and a moved and edited paragraph).
#[test]
fn libreoffice_shows_the_move_and_resolves_it() {
    if !require_tool("soffice") || !common::require_uno() {
        return;
    }
    let dir = tempdir();
    let (old, new) = sentence_move(dir.path());
    let cases = [
        (old, new),
        (common::repo(ADOPTED_2014), common::repo(MOVED)),
    ];
    for (i, (old, new)) in cases.iter().enumerate() {
        let case = dir.path().join(format!("case{i}"));
        std::fs::create_dir_all(&case).expect("mkdir");
        let out = docx(&case, old, new);
        libreoffice(&out, &case);
        let kept = part(&case.join("keep.docx"), "word/document.xml");
        assert_eq!(range_names(&kept, "moveFrom"), ["move1"], "{kept}");
        assert_eq!(range_names(&kept, "moveTo"), ["move1"], "{kept}");
        assert_eq!(lines(&case.join("accept.txt")), paragraphs(new), "{new:?}");
        assert_eq!(lines(&case.join("reject.txt")), paragraphs(old), "{old:?}");
    }
}

/// The values of `attr="…"` in `html`, in order.
fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let key = format!("{attr}=\"");
    html.match_indices(&key)
        .map(|(at, _)| {
            let v = at + key.len();
            html[v..v + html[v..].find('"').expect("quoted")].to_owned()
        })
        .collect()
}

// The HTML redline links the two places of a move both ways, in each view: the old place says
// where the text went ("moved to ¶ 3") and links there, the new place says where it came from
// and links back; every link's target is on the page, and no id is used twice.
#[test]
fn html_redline_links_both_places_of_a_move() {
    let dir = tempdir();
    let (old, new) = sentence_move(dir.path());
    let html = redline(&old, &new, &["--format", "html"]);
    assert!(
        html.contains(
            "<a class=\"move-link in\" id=\"move-1-from\" href=\"#move-1-to\">moved to ¶\u{a0}3</a>"
        ),
        "{html}"
    );
    assert!(
        html.contains(
            "<a class=\"move-link\" id=\"move-1-to\" href=\"#move-1-from\">moved from ¶\u{a0}1</a>"
        ),
        "{html}"
    );
    // Side by side, the new place is in the right column.
    assert!(html.contains("href=\"#move-1-to-side\""), "{html}");
    assert!(
        html.contains("id=\"move-1-to-side\" href=\"#move-1-from\""),
        "{html}"
    );
    let ids = attr_values(&html, "id");
    for href in attr_values(&html, "href") {
        let target = href.strip_prefix('#').expect("an in-page link");
        assert!(ids.iter().any(|i| i == target), "no element {target}");
    }
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    // A redline without moves has no move link.
    let plain = dir.path().join("plain.txt");
    std::fs::write(&plain, "Both sides met in Tokyo.\n\nClosing words.\n").expect("write");
    let html = redline(&old, &plain, &["--format", "html"]);
    assert!(!html.contains("move-link\""), "{html}");
}

// The PDF redline labels both places of a move, in the text a reader or pdftotext sees.
#[test]
fn pdf_redline_labels_both_places_of_a_move() {
    if !require_tool("pdftotext") {
        return;
    }
    let dir = tempdir();
    let (old, new) = sentence_move(dir.path());
    let out = dir.path().join("redline.pdf");
    redline(&old, &new, &["--out", out.to_str().expect("path")]);
    let text = Command::new("pdftotext")
        .arg(&out)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&text.stdout).replace('\u{a0}', " ");
    let words: Vec<&str> = text.split_whitespace().collect();
    let joined = words.join(" ");
    assert!(
        joined.contains("Both sides met in Tokyo. [moved to ¶ 3] They reviewed"),
        "{joined}"
    );
    assert!(
        joined.contains("Closing words. [moved from ¶ 1] They reviewed"),
        "{joined}"
    );
}

const HEAD: &str = "Both sides met in Tokyo on May 9. They reviewed the cooperation on space \
                    situational awareness and agreed to deepen it.";
const TAIL_OLD: &str = "They agreed to meet again next year in Washington.";
const TAIL_NEW: &str = "They agreed to meet again next year in Washington, D.C.";

/// One paragraph (old) split into two (new), the second with a word edit; a closing paragraph
/// after them. Returned as (one paragraph, two paragraphs).
fn split_sides(dir: &Path) -> (PathBuf, PathBuf) {
    let one = dir.join("one.txt");
    let two = dir.join("two.txt");
    std::fs::write(&one, format!("{HEAD} {TAIL_OLD}\n\nClosing words.\n")).expect("write");
    std::fs::write(&two, format!("{HEAD}\n\n{TAIL_NEW}\n\nClosing words.\n")).expect("write");
    (one, two)
}

/// The `"op"` values of a JSON redline's operations.
fn op_kinds(json: &serde_json::Value) -> Vec<String> {
    json["ops"]
        .as_array()
        .expect("ops")
        .iter()
        .map(|op| op["op"].as_str().expect("op").to_owned())
        .collect()
}

// A paragraph split in two is one split: the text redline ends the first part with {¶} and
// marks only the words that changed (no deleted sentence, no added paragraph); --stat and the
// JSON say split, with the word edit at its place in the old paragraph; HTML marks the break.
#[test]
fn paragraph_split_is_a_split_with_its_word_edits() {
    let dir = tempdir();
    let (one, two) = split_sides(dir.path());
    let text = redline(&one, &two, &["--format", "text"]);
    assert_eq!(
        text,
        format!(
            "{HEAD}{{¶}}\n\nThey agreed to meet again next year in Washington{{+, D.C+}}.\n\n\
             Closing words.\n"
        )
    );
    let stat = redline(&one, &two, &["--stat"]);
    assert!(
        stat.starts_with(
            "paragraphs: 0 added, 0 removed, 0 changed, 0 moved, 1 split, 0 merged, 1 unchanged\n\
             words: 1 inserted, 0 deleted"
        ),
        "{stat}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&redline(&one, &two, &["--format", "json"])).expect("json");
    assert_eq!(op_kinds(&json), ["split", "equal"]);
    let split = &json["ops"][0];
    assert_eq!(split["old"], 0);
    assert_eq!(split["new"], serde_json::json!([0, 1]));
    assert_eq!(split["edits"][0], serde_json::json!([]));
    let edit = &split["edits"][1][0];
    assert_eq!(edit["insert"], ", D.C");
    let old_text = std::fs::read_to_string(&one).expect("read");
    let at = usize::try_from(edit["old_at"].as_u64().expect("offset")).expect("fits");
    assert_eq!(
        &old_text[at..at + 1],
        ".",
        "the edit stands before the old paragraph's period"
    );
    assert_eq!(json["stats"]["paragraphs_split"], 1);
    let html = redline(&one, &two, &["--format", "html"]);
    assert!(html.contains("<ins class=\"split\" title=\"paragraph split here\">¶</ins>"));
    let unified = redline(&one, &two, &["--format", "unified"]);
    assert!(
        unified.contains(&format!("-{HEAD} {TAIL_OLD}\n+{HEAD}\n+{TAIL_NEW}\n")),
        "{unified}"
    );
}

// Two paragraphs merged into one are one merge: [¶] where they met, only the changed words
// marked; the JSON says merge.
#[test]
fn paragraphs_merged_are_a_merge_with_their_word_edits() {
    let dir = tempdir();
    let (one, two) = split_sides(dir.path());
    let text = redline(&two, &one, &["--format", "text"]);
    assert_eq!(
        text,
        format!(
            "{HEAD}[¶] They agreed to meet again next year in Washington[-, D.C-].\n\nClosing \
             words.\n"
        )
    );
    let json: serde_json::Value =
        serde_json::from_str(&redline(&two, &one, &["--format", "json"])).expect("json");
    assert_eq!(op_kinds(&json), ["merge", "equal"]);
    assert_eq!(json["ops"][0]["old"], serde_json::json!([0, 1]));
    assert_eq!(json["stats"]["paragraphs_merged"], 1);
    let stat = redline(&two, &one, &["--stat"]);
    assert!(stat.contains("0 split, 1 merged"), "{stat}");
    assert!(stat.contains("words: 0 inserted, 1 deleted"), "{stat}");
}

// A sentence that leaves the end of a paragraph for the paragraph right after is a split (the
// paragraph broke there), not a move; a new paragraph that shares nothing with its neighbour is
// an added paragraph, not a split.
#[test]
fn splits_are_told_from_moves_and_additions() {
    let dir = tempdir();
    let one = dir.path().join("one.txt");
    let two = dir.path().join("two.txt");
    std::fs::write(&one, format!("{HEAD} {TAIL_OLD}\n\nClosing words.\n")).expect("write");
    std::fs::write(&two, format!("{HEAD}\n\n{TAIL_OLD}\n\nClosing words.\n")).expect("write");
    let json: serde_json::Value =
        serde_json::from_str(&redline(&one, &two, &["--format", "json"])).expect("json");
    assert_eq!(op_kinds(&json), ["split", "equal"]);
    assert_eq!(json["stats"]["words_inserted"], 0);
    assert_eq!(json["stats"]["words_deleted"], 0);
    let other = dir.path().join("other.txt");
    std::fs::write(
        &other,
        format!(
            "{HEAD} {TAIL_OLD}\n\nA wholly different paragraph about fisheries.\n\nClosing words.\n"
        ),
    )
    .expect("write");
    let json: serde_json::Value =
        serde_json::from_str(&redline(&one, &other, &["--format", "json"])).expect("json");
    assert_eq!(op_kinds(&json), ["equal", "insert", "equal"]);
}

// The DOCX redline of a split and of a merge tracks the paragraph mark: chancery's importer
// and LibreOffice (where installed; required under CI) both accept to the new side and reject
// to the old.
#[test]
fn docx_split_and_merge_resolve_to_each_side() {
    let dir = tempdir();
    let (one, two) = split_sides(dir.path());
    let lo = require_tool("soffice") && common::require_uno();
    for (i, (old, new)) in [(&one, &two), (&two, &one)].into_iter().enumerate() {
        let case = dir.path().join(format!("case{i}"));
        std::fs::create_dir_all(&case).expect("mkdir");
        let out = docx(&case, old, new);
        assert_eq!(
            imported(&out, TrackedChanges::Accept),
            paragraphs(new),
            "{i}"
        );
        assert_eq!(
            imported(&out, TrackedChanges::Reject),
            paragraphs(old),
            "{i}"
        );
        if lo {
            libreoffice(&out, &case);
            assert_eq!(lines(&case.join("accept.txt")), paragraphs(new), "{i}");
            assert_eq!(lines(&case.join("reject.txt")), paragraphs(old), "{i}");
        }
    }
}

// A split and a merge in one comparison, with another edit between them: each is found, the
// JSON names the input documents' paragraphs, and the DOCX redline still resolves to each side.
#[test]
fn split_and_merge_in_one_document() {
    let dir = tempdir();
    let old = dir.path().join("old.txt");
    let new = dir.path().join("new.txt");
    let closing = "They agreed to hold the next meeting of the Dialogue in Tokyo.";
    let closing_edited = "They agreed to hold the next meeting of the Dialogue in Washington.";
    let review = "Both sides reviewed the progress made in their cooperation on satellite \
                  navigation since the last meeting.";
    std::fs::write(
        &old,
        format!("{HEAD} {TAIL_OLD}\n\nA short middle paragraph stays.\n\n{review}\n\n{closing}\n"),
    )
    .expect("write");
    std::fs::write(
        &new,
        format!(
            "{HEAD}\n\n{TAIL_OLD}\n\nA short middle paragraph stays here.\n\n{review} \
             {closing_edited}\n"
        ),
    )
    .expect("write");
    let json: serde_json::Value =
        serde_json::from_str(&redline(&old, &new, &["--format", "json"])).expect("json");
    assert_eq!(op_kinds(&json), ["split", "change", "merge"]);
    assert_eq!(json["ops"][1]["old"], 1);
    assert_eq!(json["ops"][1]["new"], 2);
    assert_eq!(json["ops"][2]["old"], serde_json::json!([2, 3]));
    assert_eq!(json["ops"][2]["new"], 3);
    let out = docx(dir.path(), &old, &new);
    assert_eq!(imported(&out, TrackedChanges::Accept), paragraphs(&new));
    assert_eq!(imported(&out, TrackedChanges::Reject), paragraphs(&old));
}

/// Two sides where one sentence moves from the first paragraph into the second, existing one.
fn sentence_into_another_paragraph(dir: &Path, ja: bool) -> (PathBuf, PathBuf) {
    let (a, s, b) = if ja {
        (
            "双方は東京で会合した。",
            "双方は宇宙状況監視に関する協力を深めることで一致した。",
            "双方は次回会合について協議した。",
        )
    } else {
        (
            "Both sides met in Tokyo.",
            MOVED_SENTENCE,
            "Both sides discussed the next meeting.",
        )
    };
    let sp = if ja { "" } else { " " };
    let old = dir.join("old.txt");
    let new = dir.join("new.txt");
    std::fs::write(&old, format!("{a}{sp}{s}\n\n{b}\n")).expect("write");
    std::fs::write(&new, format!("{a}\n\n{s}{sp}{b}\n")).expect("write");
    (old, new)
}

// A sentence moved into another existing paragraph is one move and no word changes, in English
// and in Japanese; its DOCX redline accepts to the new side and rejects to the old.
#[test]
fn a_sentence_moved_into_another_paragraph_is_a_move() {
    for ja in [false, true] {
        let dir = tempdir();
        let (old, new) = sentence_into_another_paragraph(dir.path(), ja);
        let stat = redline(&old, &new, &["--stat"]);
        assert!(
            stat.contains("words: 0 inserted, 0 deleted"),
            "{ja}: {stat}"
        );
        let text = redline(&old, &new, &["--color", "never"]);
        assert!(text.contains("[<") && text.contains("{>"), "{ja}: {text}");
        assert!(!text.contains("[-") && !text.contains("{+"), "{ja}: {text}");
        let docx = docx(dir.path(), &old, &new);
        assert_eq!(
            imported(&docx, TrackedChanges::Accept),
            paragraphs(&new),
            "{ja}"
        );
        assert_eq!(
            imported(&docx, TrackedChanges::Reject),
            paragraphs(&old),
            "{ja}"
        );
    }
}

// A Japanese redline of two drafts' texts shows exactly the edits: a changed date, an inserted
// phrase, and a moved sentence.
#[test]
fn a_japanese_redline_shows_exactly_the_edits() {
    let dir = tempdir();
    let old = common::repo("tests/fixtures/bilingual/2014-washington.ja.txt");
    let text = std::fs::read_to_string(&old).unwrap();
    let moved = "双方は、日米宇宙協力を行動志向のものとする意図を確認した。";
    let edited = text
        .replacen("2014年5月9日、ワシントン", "2014年5月10日、ワシントン", 1)
        .replacen("抗たん性の強化に資する", "抗たん性の一層の強化に資する", 1)
        .replacen(moved, "", 1)
        .replacen(
            "双方は、二国間の宇宙協力政策全体を",
            &format!("{moved}双方は、二国間の宇宙協力政策全体を"),
            1,
        );
    let new = dir.path().join("ja2.txt");
    std::fs::write(&new, edited).unwrap();
    let text = redline(&old, &new, &["--color", "never"]);
    let marks: Vec<&str> = text
        .match_indices(['[', '{'])
        .map(|(i, _)| &text[i..text[i..].find([']', '}']).map_or(text.len(), |j| i + j + 1)])
        .collect();
    assert_eq!(
        marks,
        [
            "[-9-]",
            "{+10+}",
            "{+一層の+}",
            format!("[<{moved}<]").as_str(),
            format!("{{>{moved}>}}").as_str()
        ],
        "{text}"
    );
}
