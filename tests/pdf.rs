//! PDF renderer: what a printed statement must be (exact text, embedded subset fonts, valid
//! structure, identical bytes, small), checked with poppler-utils and qpdf where installed
//! (see `common::require_tool`), and with lopdf for what needs no tool.

// Skipped checks say why on stderr.
#![allow(clippy::print_stderr)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use chancery::document::plain::parse_plain_text;
use chancery::document::{
    Block, BlockKind, Bracket, Change, DocStatus, Document, Marks, Meta, PaperSize, Run, Signatory,
    SimpleDate,
};
use chancery::render::RenderError;
use chancery::render::pdf::{self, FontRole, FontSource, PdfOptions};
use chancery::render::text::{self, TextOptions};

use common::require_tool;

const ADOPTED_2014: &str = include_str!("../drafts/2014-05-09-washington-2nd/adopted.txt");
const IPAEX_MINCHO: &str = "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf";

fn meta_2014(status: DocStatus) -> Meta {
    let mut meta = Meta::untitled();
    meta.title = "Joint Statement: The Second Meeting of the Japan-U.S. Comprehensive Dialogue \
                  on Space"
        .to_owned();
    meta.subject = "Japan-U.S. Comprehensive Dialogue on Space".to_owned();
    meta.author = "Government of Japan; Government of the United States of America".to_owned();
    meta.identifier = "2014-05-09-washington-2nd".to_owned();
    meta.date = Some(SimpleDate {
        year: 2014,
        month: 5,
        day: 9,
    });
    meta.status = status;
    meta
}

fn statement_2014(status: DocStatus) -> Document {
    Document {
        meta: meta_2014(status),
        blocks: parse_plain_text(ADOPTED_2014),
    }
}

fn render(doc: &Document) -> Vec<u8> {
    pdf::render(doc, &PdfOptions::default()).expect("render")
}

/// Write `bytes` to a file under the target dir and return its path.
fn scratch(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pdf-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `pdftotext` output with each page's number line (the last line of a page, when it is just
/// that page's number) removed.
fn pdftotext_without_page_numbers(path: &Path) -> String {
    let text = run("pdftotext", &[path.to_str().unwrap(), "-"]);
    let mut out = String::new();
    for (i, page) in text.split('\x0c').enumerate() {
        let mut lines: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
        if lines
            .last()
            .is_some_and(|l| l.trim() == (i + 1).to_string())
        {
            lines.pop();
        }
        for l in lines {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

/// The decompressed content streams of every page, concatenated.
fn content_streams(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).expect("lopdf reads our output");
    let mut out = String::new();
    for (_, page) in doc.get_pages() {
        let content = doc.get_page_content(page);
        out.push_str(&String::from_utf8_lossy(&content));
    }
    out
}

/// The decompressed streams of the document's form XObjects.
fn form_xobjects(bytes: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(bytes).expect("lopdf reads our output");
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict
                .get(b"Subtype")
                .and_then(lopdf::Object::as_name)
                .is_ok_and(|n| n == b"Form")
        })
        .map(|s| {
            let content = s
                .decompressed_content()
                .unwrap_or_else(|_| s.content.clone());
            String::from_utf8_lossy(&content).into_owned()
        })
        .collect()
}

fn ipaex() -> Option<FontSource> {
    match std::fs::read(IPAEX_MINCHO) {
        Ok(data) => Some(FontSource::new(FontRole::EastAsian, "IPAexMincho", data, 0).unwrap()),
        Err(_) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("{IPAEX_MINCHO} is required under CI (Debian: fonts-ipaexfont-mincho)")
        }
        Err(_) => {
            eprintln!("skipping: {IPAEX_MINCHO} not installed (fonts-ipaexfont-mincho)");
            None
        }
    }
}

// pdftotext gives back exactly the words of the txt render, in order, watermark and page
// numbers aside: ligatures, kerning and justification do not disturb the text.
#[test]
fn pdftotext_gives_back_the_2014_words() {
    if !require_tool("pdftotext") {
        return;
    }
    let doc = statement_2014(DocStatus::Draft);
    let path = scratch("2014-draft.pdf", &render(&doc));
    let extracted = pdftotext_without_page_numbers(&path);
    let expected = text::render(&doc, &TextOptions::default());
    assert_eq!(words(&extracted), words(&expected));
}

// Through the CLI: `chancery build --format txt,pdf` of the 2014 draft, and pdftotext of the
// PDF gives back the words of the txt file (which is the adopted text, byte for byte).
#[test]
fn cli_build_pdf_matches_txt_words() {
    if !require_tool("pdftotext") {
        return;
    }
    let dir = common::tempdir();
    common::chancery()
        .args([
            "build",
            "drafts/2014-05-09-washington-2nd",
            "--format",
            "txt,pdf",
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .success();
    let txt = common::read(&dir.path().join("statement.txt"));
    let extracted = pdftotext_without_page_numbers(&dir.path().join("statement.pdf"));
    assert_eq!(words(&extracted), words(&txt));
    assert_eq!(words(&txt), words(ADOPTED_2014));
}

// Every font is embedded, subset and has a ToUnicode map (pdffonts: emb, sub, uni all "yes").
#[test]
fn fonts_are_embedded_and_subset() {
    if !require_tool("pdffonts") {
        return;
    }
    let path = scratch("2014-fonts.pdf", &render(&statement_2014(DocStatus::Draft)));
    let listing = run("pdffonts", &[path.to_str().unwrap()]);
    let rows: Vec<&str> = listing.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no fonts listed:\n{listing}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert!(n >= 7, "unexpected pdffonts row: {row}");
        assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{row}");
        assert!(cols[0].as_bytes()[6] == b'+', "subset tag expected: {row}");
    }
}

// qpdf finds no structural or stream errors, for a draft and for a redline with every mark.
#[test]
fn qpdf_check_passes() {
    if !require_tool("qpdf") {
        return;
    }
    for (name, doc) in [
        ("2014-qpdf.pdf", statement_2014(DocStatus::Draft)),
        ("redline-qpdf.pdf", redline_doc()),
    ] {
        let path = scratch(name, &render(&doc));
        let out = Command::new("qpdf")
            .args(["--check", path.to_str().unwrap()])
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{name}: {report}");
        assert!(
            report.contains("No syntax or stream encoding errors"),
            "{name}: {report}"
        );
    }
}

// The same document gives the same bytes twice in one process, even with another render in
// between (printpdf's id counter is process-wide, so its /ID must not be used).
#[test]
fn identical_bytes_in_one_process() {
    let doc = statement_2014(DocStatus::Draft);
    let first = render(&doc);
    let _other = render(&redline_doc());
    let second = render(&doc);
    assert!(first == second, "two renders in one process differ");
}

// Two processes with different histories give the same bytes: a final build of both copies
// renders the US copy after the Japanese one (printpdf's counters moved on), a build of the US
// copy alone renders it first; the two US PDFs are identical.
#[test]
fn identical_bytes_across_processes() {
    let both = common::tempdir();
    let alone = common::tempdir();
    let draft = "drafts/2014-05-09-washington-2nd";
    common::chancery()
        .args(["build", draft, "--final", "--format", "pdf", "--out"])
        .arg(both.path())
        .assert()
        .success();
    common::chancery()
        .args([
            "build", draft, "--final", "--copy", "us", "--format", "pdf", "--out",
        ])
        .arg(alone.path())
        .assert()
        .success();
    let first = std::fs::read(both.path().join("statement.us.pdf")).unwrap();
    let second = std::fs::read(alone.path().join("statement.us.pdf")).unwrap();
    assert!(first.starts_with(b"%PDF-"), "not a PDF");
    assert!(
        first == second,
        "the US copy differs between the two processes"
    );
    let jp = std::fs::read(both.path().join("statement.jp.pdf")).unwrap();
    assert!(
        jp != first,
        "the two copies must differ (their party order does)"
    );
}

// The 2014 statement is a small file: under 40 KB with its fonts.
#[test]
fn statement_2014_is_small() {
    let bytes = render(&statement_2014(DocStatus::Final));
    assert!(bytes.len() < 40 * 1024, "{} bytes", bytes.len());
}

// Drafts carry the watermark, final copies do not; neither leaks "DRAFT" into the text. The
// watermark is one form XObject, drawn by every page.
#[test]
fn watermark_on_drafts_only() {
    let grey = "0.87 0.87 0.87 rg";
    let draft_bytes = render(&statement_2014(DocStatus::Draft));
    let fin_bytes = render(&statement_2014(DocStatus::Final));
    let pages = lopdf::Document::load_mem(&draft_bytes)
        .unwrap()
        .get_pages()
        .len();
    let draft = content_streams(&draft_bytes);
    assert_eq!(draft.matches("/Draft Do").count(), pages, "{draft}");
    assert!(
        form_xobjects(&draft_bytes).iter().any(|f| f.contains(grey)),
        "draft has no watermark"
    );
    assert!(!content_streams(&fin_bytes).contains(" Do"));
    assert!(
        form_xobjects(&fin_bytes).is_empty(),
        "final copy has a watermark"
    );
    if require_tool("pdftotext") {
        let path = scratch("2014-watermark.pdf", &draft_bytes);
        assert!(!run("pdftotext", &[path.to_str().unwrap(), "-"]).contains("DRAFT"));
    }
}

// Title, author, subject and dates pinned to the meeting date are in the Info dictionary.
#[test]
fn metadata_is_set_and_pinned() {
    let bytes = render(&statement_2014(DocStatus::Final));
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let info_ref = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_dictionary(info_ref).unwrap();
    let get = |k: &[u8]| text_string(info.get(k).unwrap().as_str().unwrap());
    assert!(get(b"Title").starts_with("Joint Statement"));
    assert!(get(b"Author").contains("Government of Japan"));
    assert_eq!(get(b"Keywords"), "2014-05-09-washington-2nd");
    assert_eq!(get(b"CreationDate"), "D:20140509000000+00'00'");
    assert_eq!(get(b"ModDate"), "D:20140509000000+00'00'");
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let catalog = doc.get_dictionary(root).unwrap();
    assert_eq!(
        text_string(catalog.get(b"Lang").unwrap().as_str().unwrap()),
        "en"
    );
    let ids = doc.trailer.get(b"ID").unwrap().as_array().unwrap();
    assert_ne!(
        ids[0].as_str().unwrap(),
        &[0u8; 16],
        "the /ID placeholder was patched"
    );
}

/// A PDF text string's text: UTF-16BE after a byte-order mark, else PDFDocEncoding (ASCII
/// here).
fn text_string(bytes: &[u8]) -> String {
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => {
            let units: Vec<u16> = utf16
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).unwrap()
        }
        None => String::from_utf8_lossy(bytes).into_owned(),
    }
}

// Letter paper from Meta.page gives a Letter media box.
#[test]
fn letter_paper_is_honoured() {
    let mut doc = statement_2014(DocStatus::Final);
    doc.meta.page.size = PaperSize::Letter;
    let bytes = render(&doc);
    let lo = lopdf::Document::load_mem(&bytes).unwrap();
    let page = lo.get_pages()[&1];
    let mb = lo
        .get_dictionary(page)
        .unwrap()
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap();
    let w = mb[2].as_float().unwrap();
    let h = mb[3].as_float().unwrap();
    assert!(
        (w - 612.0).abs() < 0.5 && (h - 792.0).abs() < 0.5,
        "{w} x {h}"
    );
}

fn run_with(text: &str, marks: Marks) -> Run {
    Run {
        text: text.to_owned(),
        marks,
    }
}

/// A paragraph with every kind of mark, plus a deleted and a moved paragraph.
fn redline_doc() -> Document {
    let mark = |change: Option<Change>, bracket: Option<Bracket>| Marks {
        change,
        bracket,
        ..Marks::default()
    };
    let mut para = Block::text(BlockKind::Paragraph, "Both sides ");
    para.runs.extend([
        run_with("confirmed", mark(Some(Change::Deleted), None)),
        run_with(" ", Marks::default()),
        run_with("reaffirmed", mark(Some(Change::Inserted), None)),
        run_with(" their ", Marks::default()),
        run_with(
            "shared",
            Marks {
                emphasis: true,
                ..Marks::default()
            },
        ),
        run_with(" interest in ", Marks::default()),
        run_with(
            "[space situational awareness (JP) / SSA (US)]",
            mark(
                None,
                Some(Bracket {
                    group: 0,
                    party: None,
                }),
            ),
        ),
        run_with(
            " cooperation.",
            Marks {
                strong: true,
                ..Marks::default()
            },
        ),
    ]);
    let mut moved_from = Block::text(BlockKind::Paragraph, "A paragraph that moved away.");
    moved_from.change = Some(Change::MovedFrom(1));
    let mut moved_to = Block::text(BlockKind::Paragraph, "A paragraph that moved away.");
    moved_to.change = Some(Change::MovedTo(1));
    Document {
        meta: meta_2014(DocStatus::Draft),
        blocks: vec![
            Block::text(BlockKind::Title, "Joint Statement"),
            moved_from,
            para,
            moved_to,
        ],
    }
}

// Redline marks are drawn (inserted in green, deleted in red, moves in purple, brackets
// highlighted) while the text, deleted words and move labels included, still extracts word
// for word.
#[test]
fn redline_marks_are_drawn_and_text_survives() {
    let doc = redline_doc();
    let bytes = render(&doc);
    let content = content_streams(&bytes);
    for colour in [
        "0 0.42 0.2 rg",
        "0.72 0.08 0.08 rg",
        "0.42 0.2 0.62 rg",
        "1 0.93 0.55 rg",
    ] {
        assert!(content.contains(colour), "missing {colour}");
    }
    if require_tool("pdftotext") {
        let path = scratch("redline.pdf", &bytes);
        let extracted = pdftotext_without_page_numbers(&path);
        // The text, with the labels a move gets at both places ("[moved to ¶ 2]").
        let labelled = chancery::diff::with_move_labels(&doc);
        let plain: Vec<String> = labelled.blocks.iter().map(Block::plain_text).collect();
        assert_eq!(words(&extracted), words(&plain.join("\n")));
    }
}

// Emphasis and strong use the italic and bold faces of the family.
#[test]
fn emphasis_and_strong_use_their_faces() {
    if !require_tool("pdffonts") {
        return;
    }
    let path = scratch("faces.pdf", &render(&redline_doc()));
    let listing = run("pdffonts", &[path.to_str().unwrap()]);
    for face in [
        "LibertinusSerif-Regular",
        "LibertinusSerif-Italic",
        "LibertinusSerif-Bold",
    ] {
        assert!(listing.contains(face), "{face} missing:\n{listing}");
    }
}

// A final copy with its "Done at" formula and signature blocks side by side.
fn signed_doc() -> Document {
    let mut doc = statement_2014(DocStatus::Final);
    doc.blocks.push(Block::text(
        BlockKind::DoneAt,
        "Done at Washington, D.C., on May 9, 2014, in duplicate, in the English and Japanese \
         languages, both texts being equally authentic.",
    ));
    doc.blocks.push(Block {
        kind: BlockKind::Signatures {
            signatories: vec![
                Signatory {
                    party: "For the Government of Japan".to_owned(),
                    name: "Taro Yamada".to_owned(),
                    title: "Director-General".to_owned(),
                },
                Signatory {
                    party: "For the Government of the United States of America".to_owned(),
                    name: "Jane Doe".to_owned(),
                    title: "Senior Director".to_owned(),
                },
            ],
        },
        runs: Vec::new(),
        clause: None,
        lang: None,
        change: None,
    });
    doc
}

// Signature blocks: both parties, names and titles are set, side by side on one baseline, and
// the "Done at" formula stays on the page of the signatures.
#[test]
fn signatures_side_by_side() {
    if !require_tool("pdftotext") {
        return;
    }
    let path = scratch("signed.pdf", &render(&signed_doc()));
    let text = run("pdftotext", &["-layout", path.to_str().unwrap(), "-"]);
    let party_line = text
        .lines()
        .find(|l| l.contains("For the Government of Japan"))
        .expect("party line");
    assert!(
        party_line.contains("For the Government of the"),
        "{party_line}"
    );
    let last_page = text.split('\x0c').rfind(|p| !p.trim().is_empty()).unwrap();
    assert!(last_page.contains("Done at Washington"));
    assert!(last_page.contains("Taro Yamada") && last_page.contains("Senior Director"));
}

// Japanese text renders with an East Asian font, extracts exactly, and no line starts with
// closing punctuation (kinsoku).
#[test]
fn japanese_text_breaks_between_characters() {
    let Some(font) = ipaex() else {
        return;
    };
    let ja = "宇宙に関する包括的日米対話の第二回会合は、二〇一四年五月九日にワシントンＤＣで開催された。\
              双方は、宇宙状況監視（ＳＳＡ）に関する情報共有の一層の協力を実施することへの関心を確認した。\
              双方は、海洋状況把握（ＭＤＡ）のための宇宙利用の運用上及び経済上の便益の評価に関する協力への継続的な関心を再確認した。";
    let mut block = Block::text(BlockKind::Paragraph, ja);
    block.lang = Some("ja".to_owned());
    let doc = Document {
        meta: meta_2014(DocStatus::Final),
        blocks: vec![Block::text(BlockKind::Title, "共同声明"), block],
    };
    let opts = PdfOptions {
        fonts: vec![font],
        ..PdfOptions::default()
    };
    let bytes = pdf::render(&doc, &opts).unwrap();
    assert!(
        bytes.len() < 60 * 1024,
        "subset CJK font: {} bytes",
        bytes.len()
    );
    if !require_tool("pdftotext") {
        return;
    }
    let path = scratch("japanese.pdf", &bytes);
    let text = run("pdftotext", &[path.to_str().unwrap(), "-"]);
    let joined: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert_eq!(joined, format!("共同声明{ja}"));
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(
        lines.len() >= 4,
        "expected the paragraph to wrap: {lines:?}"
    );
    for l in &lines {
        let first = l.trim().chars().next().unwrap();
        assert!(
            !"、。）」』".contains(first),
            "line starts with `{first}`: {l}"
        );
    }
}

// Without an East Asian font, Japanese text is an error that names the character, quotes the
// text around it and names the font role that sets it (the command line turns that into the
// meeting.toml setting; see `cli/fonts.rs`).
#[test]
fn japanese_without_font_is_a_clear_error() {
    let doc = Document {
        meta: meta_2014(DocStatus::Final),
        blocks: vec![
            Block::text(BlockKind::Paragraph, "Both sides met."),
            Block::text(BlockKind::Paragraph, "The dialogue on 宇宙 continues."),
        ],
    };
    let err = pdf::render(&doc, &PdfOptions::default()).unwrap_err();
    let RenderError::MissingGlyph(missing) = &err else {
        panic!("expected a missing glyph: {err}");
    };
    assert_eq!(missing.character, '宇');
    assert_eq!(missing.excerpt, "The dialogue on 宇宙 continues.");
    assert!(missing.needs_east_asian_face());
    let err = err.to_string();
    assert!(err.contains("`宇` (U+5B87)"), "{err}");
    assert!(err.contains("\"The dialogue on 宇宙 continues.\""), "{err}");
    assert!(err.contains("East Asian font"), "{err}");
    assert!(!err.contains("meeting.toml"), "{err}");
}

// A 3000-character word (a URL, then letters with no break point) no longer runs off the
// page: pdftotext gives back every character in order (line breaks inside the word aside).
#[test]
fn over_wide_word_is_broken_and_extracted_whole() {
    if !require_tool("pdftotext") {
        return;
    }
    let mut word = String::from("https://example.org/");
    while word.len() < 2000 {
        word.push_str("treaty-archive_v2.section?id=42&lang=en/");
    }
    word.extend(('a'..='z').cycle().take(3000 - word.len()));
    assert_eq!(word.chars().count(), 3000);
    let doc = Document {
        meta: meta_2014(DocStatus::Final),
        blocks: vec![
            Block::text(BlockKind::Paragraph, format!("See {word} for the text.")),
            Block::text(
                BlockKind::ListItem {
                    ordered: true,
                    number: 1,
                },
                word.clone(),
            ),
        ],
    };
    let path = scratch("over-wide-word.pdf", &render(&doc));
    let extracted = pdftotext_without_page_numbers(&path);
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    assert_eq!(
        squeeze(&extracted),
        squeeze(&format!("See {word} for the text. 1. {word}"))
    );
}

// A font given as bytes replaces the default family (here IPAex Mincho for Latin too).
#[test]
fn caller_font_replaces_default() {
    let Some(mut font) = ipaex() else {
        return;
    };
    font.role = FontRole::Regular;
    let opts = PdfOptions {
        fonts: vec![font],
        ..PdfOptions::default()
    };
    let bytes = pdf::render(&statement_2014(DocStatus::Final), &opts).unwrap();
    if require_tool("pdffonts") {
        let path = scratch("ipaex-latin.pdf", &bytes);
        let listing = run("pdffonts", &[path.to_str().unwrap()]);
        assert!(listing.contains("IPAexMincho"), "{listing}");
        assert!(!listing.contains("Libertinus"), "{listing}");
    }
}

// Bad font bytes are refused with the font's name, not a panic.
#[test]
fn unreadable_font_is_an_error() {
    let err = FontSource::new(FontRole::Regular, "broken.ttf", b"nope".to_vec(), 0)
        .unwrap_err()
        .to_string();
    assert!(err.contains("broken.ttf"), "{err}");
}
