//! DOCX export: what Word and LibreOffice will find in the file chancery writes.
//!
//! Part-level checks read the zip directly; round trips go through docx-rs's reader and, where
//! installed, LibreOffice headless (required under CI, see `common::require_tool`).

mod common;

use std::io::Read;

use chancery::document::{
    Block, BlockKind, Bracket, Change, DocStatus, Document, Marks, PaperSize, Run, Signatory,
    SimpleDate,
};
use chancery::render::docx::{DocxOptions, PageNumbering, render};
use docx_rs::{DeleteChild, DocumentChild, InsertChild, ParagraphChild, RunChild, TableChild};

fn docx(doc: &Document) -> Vec<u8> {
    render(doc, &DocxOptions::default()).expect("docx renders")
}

/// The text of one part of the package, if present.
fn part(bytes: &[u8], name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut file = zip.by_name(name).ok()?;
    let mut text = String::new();
    file.read_to_string(&mut text).expect("utf-8 part");
    Some(text)
}

fn run(text: &str, marks: Marks) -> Run {
    Run {
        text: text.to_owned(),
        marks,
    }
}

fn changed(change: Change) -> Marks {
    Marks {
        change: Some(change),
        ..Marks::default()
    }
}

fn para(runs: Vec<Run>) -> Block {
    Block {
        kind: BlockKind::Paragraph,
        runs,
        clause: None,
        lang: None,
        change: None,
    }
}

/// Text of a read-back paragraph with tracked changes accepted (`accept`) or rejected.
fn resolved_text(children: &[ParagraphChild], accept: bool) -> String {
    let mut out = String::new();
    let push_run = |out: &mut String, run: &docx_rs::Run| {
        for child in &run.children {
            match child {
                RunChild::Text(t) => out.push_str(&t.text),
                // docx-rs keeps the deleted text private; its serde form exposes it.
                RunChild::DeleteText(t) => {
                    let value = serde_json::to_value(t).expect("serialisable");
                    out.push_str(value["text"].as_str().unwrap_or_default());
                }
                _ => {}
            }
        }
    };
    for child in children {
        match child {
            ParagraphChild::Run(r) => push_run(&mut out, r),
            ParagraphChild::Insert(ins) if accept => {
                for c in &ins.children {
                    if let InsertChild::Run(r) = c {
                        push_run(&mut out, r);
                    }
                }
            }
            ParagraphChild::Delete(del) if !accept => {
                for c in &del.children {
                    if let DeleteChild::Run(r) = c {
                        push_run(&mut out, r);
                    }
                }
            }
            // Moved text: Word move revisions, resolved like an insertion and a deletion.
            ParagraphChild::MoveTo(mv) if accept => {
                for c in &mv.children {
                    if let docx_rs::MoveToChild::Run(r) = c {
                        push_run(&mut out, r);
                    }
                }
            }
            ParagraphChild::MoveFrom(mv) if !accept => {
                for c in &mv.children {
                    if let docx_rs::MoveFromChild::Run(r) = c {
                        push_run(&mut out, r);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// `chancery build` of the 2014 draft into a fresh folder, in the given formats.
fn build_2014(formats: &str) -> tempfile::TempDir {
    let dir = common::tempdir();
    common::chancery()
        .args([
            "build",
            "drafts/2014-05-09-washington-2nd",
            "--format",
            formats,
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .success();
    dir
}

fn words(s: &str) -> Vec<&str> {
    s.trim_start_matches('\u{feff}')
        .split_whitespace()
        .collect()
}

// LibreOffice reads back from the built 2014 DOCX exactly the words of the built txt.
#[test]
fn libreoffice_text_has_the_words_of_the_txt_render() {
    if !common::require_tool("soffice") {
        return;
    }
    let dir = build_2014("txt,docx");
    let input = dir.path().join("statement.docx");
    let out = common::soffice_convert(&input, "txt:Text (encoded):UTF8", &dir.path().join("lo"));
    let got = common::read(&out);
    let want = common::read(&dir.path().join("statement.txt"));
    assert_eq!(words(&got), words(&want));
    assert_eq!(words(&want), words(common::ADOPTED_2014));
}

// Through the CLI too, two builds give the same bytes, and docx-rs reads the file back with
// the paragraphs of the txt build.
#[test]
fn cli_builds_are_identical_and_read_back() {
    let first = std::fs::read(build_2014("docx").path().join("statement.docx")).unwrap();
    let second = std::fs::read(build_2014("docx").path().join("statement.docx")).unwrap();
    assert_eq!(first, second);
    let read = docx_rs::read_docx(&first).expect("a readable docx");
    let paragraphs: Vec<String> = read
        .document
        .children
        .iter()
        .filter_map(|c| match c {
            DocumentChild::Paragraph(p) => Some(p.raw_text()),
            _ => None,
        })
        .collect();
    let txt = common::read(&build_2014("txt").path().join("statement.txt"));
    let expected: Vec<&str> = txt.trim_end().split("\n\n").collect();
    assert_eq!(paragraphs, expected);
}

// docx-rs's reader finds the same paragraphs, in order, with the styles of their block kinds.
#[test]
fn read_back_gives_the_same_paragraphs() {
    let doc = common::statement_2014();
    let read = docx_rs::read_docx(&docx(&doc)).expect("docx-rs reads its own output back");
    let paragraphs: Vec<(String, Option<String>)> = read
        .document
        .children
        .iter()
        .filter_map(|c| match c {
            DocumentChild::Paragraph(p) => Some((
                p.raw_text(),
                p.property.style.as_ref().map(|s| s.val.clone()),
            )),
            _ => None,
        })
        .collect();
    let expected: Vec<(String, Option<String>)> = doc
        .blocks
        .iter()
        .map(|b| {
            let style = match b.kind {
                BlockKind::Title => "Title",
                BlockKind::Subtitle => "Subtitle",
                BlockKind::DateLine => "Date",
                _ => "BodyText",
            };
            (b.plain_text(), Some(style.to_owned()))
        })
        .collect();
    assert_eq!(paragraphs, expected);
}

// The same document renders to the same bytes, even after other documents were rendered in
// between (docx-rs keeps process-wide id counters) and on another thread.
#[test]
fn same_inputs_give_the_same_bytes() {
    let doc = common::statement_2014();
    let first = docx(&doc);
    let _other = docx(&redline());
    let second = docx(&doc);
    let third = std::thread::spawn(move || docx(&doc)).join().unwrap();
    assert_eq!(first, second);
    assert_eq!(first, third);
    let red = redline();
    assert_eq!(docx(&red), docx(&red));
}

// Entries are deflated, dated the meeting day, in a fixed order starting with the content types.
#[test]
fn zip_is_compressed_with_pinned_dates() {
    let bytes = docx(&common::statement_2014());
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    assert_eq!(zip.name_for_index(0), Some("[Content_Types].xml"));
    for i in 0..zip.len() {
        let file = zip.by_index(i).unwrap();
        assert_eq!(
            file.compression(),
            zip::CompressionMethod::Deflated,
            "{}",
            file.name()
        );
        let t = file.last_modified().unwrap();
        assert_eq!((t.year(), t.month(), t.day(), t.hour()), (2014, 5, 9, 0));
        assert!(!file.is_dir());
    }
    // The body text compresses well; a stored zip would be several times larger.
    assert!(bytes.len() < 16_000, "{} bytes", bytes.len());
}

// Title, subject, creator, status and dates come from the metadata, dates pinned to the meeting.
#[test]
fn core_properties_come_from_meta() {
    let doc = common::statement_2014();
    let core = part(&docx(&doc), "docProps/core.xml").unwrap();
    assert!(core.contains(&format!("<dc:title>{}</dc:title>", doc.meta.title)));
    assert!(core.contains(&format!("<dc:subject>{}</dc:subject>", doc.meta.subject)));
    assert!(core.contains(&format!("<dc:creator>{}</dc:creator>", doc.meta.author)));
    assert!(core.contains("<cp:contentStatus>Draft</cp:contentStatus>"));
    assert!(core.contains(
        r#"<dcterms:created xsi:type="dcterms:W3CDTF">2014-05-09T00:00:00Z</dcterms:created>"#
    ));
    assert!(core.contains(
        r#"<dcterms:modified xsi:type="dcterms:W3CDTF">2014-05-09T00:00:00Z</dcterms:modified>"#
    ));
    assert!(!core.contains("1970"));
}

// Drafts carry a DRAFT header with the identifier; a final copy has no header at all.
#[test]
fn draft_header_only_on_drafts() {
    let mut doc = common::statement_2014();
    let draft = docx(&doc);
    let header = part(&draft, "word/header1.xml").expect("drafts have a header");
    assert!(header.contains(">DRAFT<"));
    assert!(header.contains("2014-05-09-washington-2nd"));
    assert!(
        part(&draft, "word/document.xml")
            .unwrap()
            .contains("w:headerReference")
    );

    doc.meta.status = DocStatus::Final;
    let fin = docx(&doc);
    assert!(part(&fin, "word/header1.xml").is_none());
    let body = part(&fin, "word/document.xml").unwrap();
    assert!(!body.contains("w:headerReference"));
    assert!(!body.contains("DRAFT"));
    assert!(
        part(&fin, "word/footer1.xml").is_some(),
        "finals keep page numbers"
    );
}

// The footer holds real PAGE (and NUMPAGES) fields in either style.
#[test]
fn footer_page_numbers_are_fields() {
    let doc = common::statement_2014();
    let footer = part(&docx(&doc), "word/footer1.xml").unwrap();
    assert!(footer.contains("<w:instrText>PAGE</w:instrText>"));
    assert!(footer.contains("<w:instrText>NUMPAGES</w:instrText>"));
    assert!(footer.contains(">Page <"));

    let opts = DocxOptions {
        page_numbering: PageNumbering::Dashes,
        ..DocxOptions::default()
    };
    let footer = part(&render(&doc, &opts).unwrap(), "word/footer1.xml").unwrap();
    assert!(footer.contains("<w:instrText>PAGE</w:instrText>"));
    assert!(!footer.contains("NUMPAGES"));
    assert!(footer.contains(">- <") && footer.contains("> -<"));
}

// A4 by default, Letter when asked, margins from the inputs (25 mm = 1417 twips).
#[test]
fn page_size_and_margins_follow_meta() {
    let mut doc = common::statement_2014();
    let body = part(&docx(&doc), "word/document.xml").unwrap();
    assert!(body.contains(r#"<w:pgSz w:w="11906" w:h="16838" />"#), "A4");
    assert!(body.contains(r#"w:top="1417" w:right="1417" w:bottom="1417" w:left="1417""#));

    doc.meta.page.size = PaperSize::Letter;
    doc.meta.page.margins_mm = [20.0, 25.4, 20.0, 25.4];
    let body = part(&docx(&doc), "word/document.xml").unwrap();
    assert!(
        body.contains(r#"<w:pgSz w:w="12240" w:h="15840" />"#),
        "Letter"
    );
    assert!(body.contains(r#"w:top="1134" w:right="1440" w:bottom="1134" w:left="1440""#));
}

// Styles: Times New Roman with an East Asian font by default, justified Body Text, the heading
// block styles; a serif named in the inputs replaces the default.
#[test]
fn styles_and_fonts() {
    let mut doc = common::statement_2014();
    let styles = part(&docx(&doc), "word/styles.xml").unwrap();
    assert!(styles.contains(r#"w:ascii="Times New Roman""#));
    assert!(styles.contains(r#"w:eastAsia="MS Mincho""#));
    for id in [
        "Title",
        "Subtitle",
        "Date",
        "BodyText",
        "Heading1",
        "DoneAt",
        "Signature",
    ] {
        assert!(
            styles.contains(&format!(r#"w:styleId="{id}""#)),
            "style {id}"
        );
    }
    let body_style = styles.split(r#"w:styleId="BodyText""#).nth(1).unwrap();
    let body_style = &body_style[..body_style.find("</w:style>").unwrap()];
    assert!(
        body_style.contains(r#"<w:jc w:val="both" />"#),
        "justified body"
    );

    doc.meta.fonts.serif = Some("Garamond".to_owned());
    doc.meta.fonts.east_asian = Some("/fonts/ipaexm.ttf".to_owned());
    let styles = part(&docx(&doc), "word/styles.xml").unwrap();
    assert!(styles.contains(r#"w:ascii="Garamond""#));
    assert!(
        styles.contains(r#"w:eastAsia="MS Mincho""#),
        "a path falls back to the default"
    );
}

// Japanese text (a Japanese block, or a run tagged `ja` inside English) gets the East Asian font.
#[test]
fn japanese_runs_get_the_east_asian_font() {
    let mut doc = common::statement_2014();
    let mut ja_block = para(vec![Run::plain("日米包括的宇宙対話 第2回会合 共同声明")]);
    ja_block.lang = Some("ja".to_owned());
    let bilingual = para(vec![
        Run::plain("For the Government of Japan / "),
        run(
            "日本国政府のために",
            Marks {
                lang: Some("ja".to_owned()),
                ..Marks::default()
            },
        ),
    ]);
    doc.blocks.push(ja_block);
    doc.blocks.push(bilingual);
    let body = part(&docx(&doc), "word/document.xml").unwrap();
    let ea = r#"<w:rFonts w:eastAsia="MS Mincho" w:hint="eastAsia" />"#;
    assert_eq!(body.matches(ea).count(), 2, "one per Japanese run");
    let ja_run = body.split("日本国政府のために").next().unwrap();
    assert!(ja_run.rsplit("<w:r>").next().unwrap().contains(ea));
    let en_run = body.split("For the Government of Japan").next().unwrap();
    assert!(!en_run.rsplit("<w:r>").next().unwrap().contains("eastAsia"));
}

/// A redline: word changes inside a paragraph, a paragraph added, one removed, a moved one.
fn redline() -> Document {
    let mut doc = common::statement_2014();
    doc.blocks.truncate(4);
    doc.blocks.push(para(vec![
        Run::plain("Both sides "),
        run("confirmed", changed(Change::Deleted)),
        run("reaffirmed", changed(Change::Inserted)),
        Run::plain(" the strategic importance of the Dialogue."),
    ]));
    let mut added = para(vec![Run::plain("A new paragraph.")]);
    added.change = Some(Change::Inserted);
    let mut removed = para(vec![Run::plain("An old paragraph.")]);
    removed.change = Some(Change::Deleted);
    let mut moved_from = para(vec![Run::plain("A moved paragraph.")]);
    moved_from.change = Some(Change::MovedFrom(1));
    let mut moved_to = moved_from.clone();
    moved_to.change = Some(Change::MovedTo(1));
    doc.blocks.extend([moved_from, added, removed, moved_to]);
    doc
}

// Tracked changes: accepting all gives the new text, rejecting all the old; author and date set.
#[test]
fn redlines_become_tracked_changes() {
    let doc = redline();
    let opts = DocxOptions {
        revision_author: "Japan & U.S. drafters".to_owned(),
        revision_date: Some(SimpleDate {
            year: 2015,
            month: 3,
            day: 2,
        }),
        ..DocxOptions::default()
    };
    let bytes = render(&doc, &opts).unwrap();
    let read = docx_rs::read_docx(&bytes).unwrap();
    let paragraphs: Vec<&docx_rs::Paragraph> = read
        .document
        .children
        .iter()
        .filter_map(|c| match c {
            DocumentChild::Paragraph(p) => Some(p.as_ref()),
            _ => None,
        })
        .collect();
    let is_new = |r: &Run| !matches!(r.marks.change, Some(Change::Deleted | Change::MovedFrom(_)));
    let is_old = |r: &Run| !matches!(r.marks.change, Some(Change::Inserted | Change::MovedTo(_)));
    let side = |keep_block: &dyn Fn(Option<Change>) -> bool, keep_run: &dyn Fn(&Run) -> bool| {
        doc.blocks
            .iter()
            .filter(|b| keep_block(b.change))
            .map(|b| b.text_where(keep_run))
            .collect::<Vec<_>>()
    };
    let new_text = side(
        &|c| !matches!(c, Some(Change::Deleted | Change::MovedFrom(_))),
        &is_new,
    );
    let old_text = side(
        &|c| !matches!(c, Some(Change::Inserted | Change::MovedTo(_))),
        &is_old,
    );
    // A paragraph whose mark is tracked disappears when its change is resolved away.
    let resolved = |accept: bool| {
        paragraphs
            .iter()
            .filter(|p| {
                let mark = &p.property.run_property;
                // docx-rs does not read a move on a paragraph mark: a paragraph moved whole is
                // one that holds only the move's text.
                let moved_away = |c: &ParagraphChild| {
                    if accept {
                        matches!(c, ParagraphChild::MoveFrom(_))
                    } else {
                        matches!(c, ParagraphChild::MoveTo(_))
                    }
                };
                let only_moved = !p.children.is_empty() && p.children.iter().all(moved_away);
                !only_moved
                    && if accept {
                        mark.del.is_none()
                    } else {
                        mark.ins.is_none()
                    }
            })
            .map(|p| resolved_text(&p.children, accept))
            .collect::<Vec<_>>()
    };
    assert_eq!(resolved(true), new_text);
    assert_eq!(resolved(false), old_text);
    assert!(
        new_text.contains(
            &"Both sides reaffirmed the strategic importance of the Dialogue.".to_owned()
        )
    );
    assert!(old_text.contains(&"An old paragraph.".to_owned()));

    let body = part(&bytes, "word/document.xml").unwrap();
    assert!(body.contains(r#"<w:delText xml:space="preserve">confirmed</w:delText>"#));
    assert!(body.contains(r#"w:author="Japan &amp; U.S. drafters" w:date="2015-03-02T00:00:00Z""#));
    // Ids are unique and start at 1 in document order (revisions, moves and move ranges).
    let ids: Vec<&str> = body
        .split(r#"<w:ins w:id=""#)
        .chain(body.split(r#"<w:del w:id=""#))
        .chain(body.split(r#"<w:moveFrom w:id=""#))
        .chain(body.split(r#"<w:moveTo w:id=""#))
        .chain(body.split(r#"RangeStart w:id=""#))
        .filter(|s| !s.starts_with('<'))
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    let mut sorted: Vec<u32> = ids.iter().map(|s| s.parse().unwrap()).collect();
    sorted.sort_unstable();
    assert_eq!(sorted, (1..=sorted.len() as u32).collect::<Vec<_>>());
}

// Without any date, tracked changes carry no date rather than an invented one.
#[test]
fn tracked_changes_without_a_date_have_none() {
    let mut doc = redline();
    doc.meta.date = None;
    let bytes = docx(&doc);
    let body = part(&bytes, "word/document.xml").unwrap();
    assert!(body.contains(r#"<w:ins w:id="#));
    assert!(!body.contains("w:date="));
    assert!(docx_rs::read_docx(&bytes).is_ok());
}

// Bracketed negotiation text is highlighted; agreed text is not.
#[test]
fn brackets_are_highlighted() {
    let mut doc = common::statement_2014();
    let bracket = |party: &str| Marks {
        bracket: Some(Bracket {
            group: 0,
            party: Some(party.to_owned()),
        }),
        ..Marks::default()
    };
    doc.blocks.push(para(vec![
        Run::plain("Both sides "),
        run("[confirmed (JP) / ", bracket("JP")),
        run("reaffirmed (US)]", bracket("US")),
        Run::plain(" their intention."),
    ]));
    let body = part(&docx(&doc), "word/document.xml").unwrap();
    assert_eq!(body.matches(r#"<w:highlight w:val="yellow" />"#).count(), 2);
}

// Signature blocks sit side by side in a borderless table after the "Done at" formula.
#[test]
fn signature_blocks_side_by_side() {
    let mut doc = common::statement_2014();
    doc.meta.status = DocStatus::Final;
    doc.blocks.push(Block::text(
        BlockKind::DoneAt,
        "Done at Tokyo, on May 9, 2015, in duplicate, in the English and Japanese languages, \
         both texts being equally authentic.",
    ));
    let sig = |party: &str, name: &str, title: &str| Signatory {
        party: party.to_owned(),
        name: name.to_owned(),
        title: title.to_owned(),
    };
    doc.blocks.push(Block {
        kind: BlockKind::Signatures {
            signatories: vec![
                sig(
                    "For the Government of Japan",
                    "Taro Yamada",
                    "Director-General",
                ),
                sig(
                    "For the Government of the United States of America",
                    "Jane Doe",
                    "",
                ),
            ],
        },
        runs: Vec::new(),
        clause: None,
        lang: None,
        change: None,
    });
    let bytes = docx(&doc);
    let read = docx_rs::read_docx(&bytes).unwrap();
    let tables: Vec<&docx_rs::Table> = read
        .document
        .children
        .iter()
        .filter_map(|c| match c {
            DocumentChild::Table(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    assert_eq!(tables.len(), 1);
    assert_eq!(tables[0].rows.len(), 3, "parties, signature lines, signers");
    let TableChild::TableRow(row) = &tables[0].rows[0];
    assert_eq!(row.cells.len(), 2, "one cell per party");
    let body = part(&bytes, "word/document.xml").unwrap();
    assert!(body.contains(r#"<w:pStyle w:val="DoneAt" />"#));
    assert!(body.contains(r#"<w:top w:val="nil""#), "no borders");
    assert!(body.contains("Taro Yamada") && body.contains("Director-General"));
    assert!(body.matches("______________________________").count() == 2);
    // The body ends with a paragraph after the table, as Word expects.
    assert!(matches!(
        read.document.children.last(),
        Some(DocumentChild::Paragraph(_))
    ));
}

// LibreOffice lays out the fields: the PDF shows "Page 1 of 2" and the DRAFT marking.
#[test]
fn libreoffice_pdf_shows_page_numbers_and_draft_mark() {
    if !common::require_tool("soffice") || !common::require_tool("pdftotext") {
        return;
    }
    let dir = build_2014("docx");
    let pdf = common::soffice_convert(
        &dir.path().join("statement.docx"),
        "pdf",
        &dir.path().join("lo"),
    );
    let out = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Page 1 of 2"), "{text}");
    assert!(text.contains("Page 2 of 2"));
    assert!(text.contains("DRAFT \u{2013} 2014-05-09-washington-2nd"));
}

// `chancery build --final` writes DOCX copies without the DRAFT header; a plain build has it.
#[test]
fn cli_final_copy_has_no_draft_header() {
    let draft = std::fs::read(build_2014("docx").path().join("statement.docx")).unwrap();
    assert!(part(&draft, "word/header1.xml").is_some_and(|h| h.contains(">DRAFT<")));
    let dir = common::tempdir();
    common::chancery()
        .args([
            "build",
            "drafts/2014-05-09-washington-2nd",
            "--final",
            "--format",
            "docx",
        ])
        .arg("--out")
        .arg(dir.path())
        .assert()
        .success();
    // A final build writes each party's copy (alternat).
    for copy in ["statement.jp.docx", "statement.us.docx"] {
        let fin = std::fs::read(dir.path().join(copy)).unwrap();
        assert!(part(&fin, "word/header1.xml").is_none(), "{copy}");
        assert!(!part(&fin, "word/document.xml").unwrap().contains("DRAFT"));
        assert!(part(&fin, "docProps/core.xml").unwrap().contains(">Final<"));
    }
}

// Text that came from a data value renders exactly like template wording.
#[test]
fn value_runs_render_like_text() {
    let plain = common::statement_2014();
    let mut valued = plain.clone();
    for block in &mut valued.blocks {
        for run in &mut block.runs {
            run.marks.origin = chancery::document::Origin::Value;
        }
    }
    assert_ne!(plain, valued);
    assert_eq!(docx(&plain), docx(&valued));
}
