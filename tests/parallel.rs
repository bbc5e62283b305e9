//! The parallel layout (`build --parallel`): the 2014 statement's English and Japanese texts
//! side by side in PDF, DOCX and HTML, each column giving back exactly its language's text, the
//! pairs in order; the Japanese "Done at" formula and signatures; the era calendar as house
//! style.

mod common;

use std::path::Path;
use std::process::Command;

use common::{chancery, repo, tempdir};

const DRAFT: &str = "drafts/2014-05-09-washington-2nd";

/// Text without any white space (Japanese has no spaces; line breaks are the layout's).
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Run `chancery build <draft> <args> --out <out>`, which must succeed.
fn build(draft: &Path, args: &[&str], out: &Path) {
    let o = chancery()
        .arg("build")
        .arg(draft)
        .args(args)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// The paragraphs of a plain text build (blank-line separated blocks).
fn blocks(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(squeeze)
        .filter(|b| !b.is_empty())
        .collect()
}

/// The final copy of Japan in both languages' text and side by side in `formats`: (the
/// English text, the Japanese text, the folder of the parallel files).
fn final_texts(formats: &str) -> (String, String, tempfile::TempDir) {
    let out = tempdir();
    let txt = out.path().join("txt");
    let par = out.path().join("par");
    build(
        &repo(DRAFT),
        &[
            "--final", "--copy", "jp", "--lang", "all", "--format", "txt",
        ],
        &txt,
    );
    build(
        &repo(DRAFT),
        &["--final", "--copy", "jp", "--parallel", "--format", formats],
        &par,
    );
    let en = common::read(&txt.join("statement.jp.txt"));
    let ja = common::read(&txt.join("statement.jp.ja.txt"));
    (en, ja, out)
}

fn pdftotext(pdf: &Path, args: &[&str]) -> String {
    let o = Command::new("pdftotext")
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    // Page numbers are the page's, not the text's.
    text.lines()
        .filter(|l| l.trim().is_empty() || !l.trim().chars().all(|c| c.is_ascii_digit()))
        .collect::<Vec<_>>()
        .join("\n")
}

// Each column of the parallel PDF gives back exactly its language's text, and each pair of
// paragraphs starts on the same line (a final copy: no watermark over the columns).
#[test]
fn the_parallel_pdf_gives_back_both_texts_in_pairs() {
    if !common::require_tool("pdftotext") {
        return;
    }
    let (en, ja, out) = final_texts("pdf");
    let pdf = out.path().join("par/statement.jp.en-ja.pdf");
    // A4 is 595 pt wide: the left column ends before 297 pt, the right one starts after.
    let left = pdftotext(&pdf, &["-x", "0", "-y", "0", "-W", "296", "-H", "842"]);
    let right = pdftotext(&pdf, &["-x", "299", "-y", "0", "-W", "296", "-H", "842"]);
    assert_eq!(squeeze(&left), squeeze(&en));
    assert_eq!(squeeze(&right), squeeze(&ja));
    // Side by side: the first line of each pair's rows holds the start of both paragraphs.
    let layout = pdftotext(&pdf, &["-layout"]);
    let lines: Vec<String> = layout.lines().map(squeeze).collect();
    let (en_blocks, ja_blocks) = (blocks(&en), blocks(&ja));
    // English: title, subtitle, date, paragraphs; Japanese: title, date, paragraphs.
    assert_eq!(en_blocks.len(), ja_blocks.len() + 1);
    // Pairs in order: each English start is looked for after the previous one.
    let mut from = 0;
    for (e, j) in en_blocks[2..].iter().zip(&ja_blocks[1..]) {
        let (e, j): (String, String) = (e.chars().take(20).collect(), j.chars().take(6).collect());
        let at = lines[from..]
            .iter()
            .position(|l| l.contains(&e))
            .map(|i| i + from)
            .unwrap_or_else(|| panic!("no line starts {e}:\n{layout}"));
        assert!(
            lines[at].contains(&j),
            "{e} and {j} are not level: {}",
            lines[at]
        );
        from = at + 1;
    }
    let fonts = Command::new("pdffonts").arg(&pdf).output();
    if let Ok(f) = fonts {
        let f = String::from_utf8_lossy(&f.stdout).to_string();
        assert!(f.contains("IPAexMincho") && f.contains("Libertinus"), "{f}");
    }
}

// The parallel PDF's catalog says the first version's language; the Japanese column's text,
// and only it, is marked content in Japanese (/Span <</Lang (ja)>> BDC … EMC, inside the text
// object), so assistive tools read each column in its language; qpdf finds the file sound. The
// English PDF has no marked content.
#[test]
fn the_parallel_pdf_marks_the_japanese_column_with_its_language() {
    let out = tempdir();
    build(
        &repo(DRAFT),
        &["--parallel", "--format", "pdf"],
        &out.path().join("par"),
    );
    build(&repo(DRAFT), &["--format", "pdf"], &out.path().join("en"));
    let pdf = out.path().join("par/statement.en-ja.pdf");
    let doc = lopdf::Document::load(&pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"en");
    let (mut inside, mut outside) = (0, 0);
    for (_, page) in doc.get_pages() {
        let content = String::from_utf8_lossy(&doc.get_page_content(page)).to_string();
        let (mut in_text, mut marked) = (false, false);
        for line in content.lines() {
            match line {
                "BT" => in_text = true,
                "ET" => {
                    assert!(!marked, "a marked sequence crosses ET");
                    in_text = false;
                }
                "/Span <</Lang (ja)>> BDC" => {
                    assert!(in_text && !marked, "{content}");
                    marked = true;
                }
                "EMC" => {
                    assert!(marked, "{content}");
                    marked = false;
                }
                l if l.ends_with(" Tm") => {
                    // `1 0 0 1 x y Tm`: the right column starts after 299 pt.
                    let x: f32 = l.split(' ').nth(4).unwrap().parse().unwrap();
                    assert_eq!(marked, x > 299.0, "{l}");
                    if marked {
                        inside += 1;
                    } else {
                        outside += 1;
                    }
                }
                _ => {}
            }
        }
        assert!(!marked);
    }
    assert!(inside > 20 && outside > 20, "{inside} {outside}");
    let en = lopdf::Document::load(out.path().join("en/statement.pdf")).unwrap();
    for (_, page) in en.get_pages() {
        let content = en.get_page_content(page);
        assert!(!String::from_utf8_lossy(&content).contains("BDC"));
    }
    if common::require_tool("qpdf") {
        let o = Command::new("qpdf")
            .arg("--check")
            .arg(&pdf)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    }
}

/// The text of every `w:t` in an XML fragment, entities read.
fn texts_of(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<w:t") {
        rest = &rest[start + 4..];
        // `<w:tbl>`, `<w:tc>`, `<w:tr>`… are not text.
        if !(rest.starts_with('>') || rest.starts_with(' ')) {
            continue;
        }
        let Some(open_end) = rest.find('>') else {
            break;
        };
        if rest[..open_end].ends_with('/') {
            continue;
        }
        let body = &rest[open_end + 1..];
        let end = body.find("</w:t>").unwrap_or(body.len());
        out.push_str(&body[..end]);
        rest = &body[end..];
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// One part of a DOCX file, as text.
fn docx_part(docx: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
    s
}

// The parallel DOCX is one two-column table without borders, one row per pair, its left cells
// holding exactly the English text and its right cells exactly the Japanese; LibreOffice reads
// both texts back, pair after pair.
#[test]
fn the_parallel_docx_is_a_borderless_two_column_table() {
    let (en, ja, out) = final_texts("docx");
    let docx = out.path().join("par/statement.jp.en-ja.docx");
    let xml = docx_part(&docx, "word/document.xml");
    assert_eq!(xml.matches("<w:tbl>").count(), 1);
    assert_eq!(xml.matches("<w:gridCol ").count(), 2);
    let borders_start = xml.find("<w:tblBorders>").expect("table borders");
    let borders =
        &xml[borders_start..xml[borders_start..].find("</w:tblBorders>").unwrap() + borders_start];
    assert_eq!(borders.matches("w:val=\"nil\"").count(), 6, "{borders}");
    let rows: Vec<&str> = xml.split("<w:tr>").skip(1).collect();
    let ja_blocks = blocks(&ja);
    // One row for the title block, one for the date, one per paragraph.
    assert_eq!(rows.len(), ja_blocks.len());
    let (mut left, mut right) = (String::new(), String::new());
    for row in &rows {
        let cells: Vec<&str> = row.split("<w:tc>").skip(1).collect();
        assert_eq!(cells.len(), 2, "{row}");
        left.push_str(&texts_of(cells[0]));
        right.push_str(&texts_of(cells[1]));
    }
    assert_eq!(squeeze(&left), squeeze(&en));
    assert_eq!(squeeze(&right), squeeze(&ja));
    if !common::require_tool("soffice") {
        return;
    }
    let plain = out.path().join("parallel.docx");
    std::fs::copy(&docx, &plain).unwrap();
    let converted =
        common::soffice_convert(&plain, "txt:Text (encoded):UTF8", &out.path().join("lo"));
    let got = squeeze(common::read(&converted).trim_start_matches('\u{feff}'));
    let mut at = 0;
    for (e, j) in blocks(&en)[3..].iter().zip(&ja_blocks[2..]) {
        let e_at = got[at..]
            .find(e.as_str())
            .map(|i| i + at)
            .expect("English paragraph");
        let j_at = got[e_at..]
            .find(j.as_str())
            .map(|i| i + e_at)
            .expect("its Japanese pair");
        at = j_at;
    }
}

// Each column of the parallel DOCX is in its language: the English one in the document's
// default (en-US), every run of the Japanese one in ja-JP (its East Asian text too), so Word
// and LibreOffice spell-check and lay out each column as its language.
#[test]
fn the_parallel_docx_sets_each_column_in_its_language() {
    let out = tempdir();
    build(
        &repo(DRAFT),
        &["--parallel", "--format", "docx"],
        out.path(),
    );
    let docx = out.path().join("statement.en-ja.docx");
    let styles = docx_part(&docx, "word/styles.xml");
    assert!(
        styles.contains("<w:rPrDefault><w:rPr><w:lang w:val=\"en-US\" />"),
        "{styles}"
    );
    let xml = docx_part(&docx, "word/document.xml");
    assert!(!xml.contains("chancery-lang"), "a language mark left over");
    let ja = "<w:lang w:val=\"ja-JP\" w:eastAsia=\"ja-JP\" />";
    let (mut en_runs, mut ja_runs) = (0, 0);
    for row in xml.split("<w:tr>").skip(1) {
        let cells: Vec<&str> = row.split("<w:tc>").skip(1).collect();
        assert_eq!(cells.len(), 2, "{row}");
        // English: no run says a language of its own.
        assert!(!cells[0].contains("<w:lang"), "{}", cells[0]);
        en_runs += cells[0].matches("<w:r>").count();
        // Japanese: every run does, once, inside its properties.
        let runs = cells[1].matches("<w:r>").count();
        assert_eq!(cells[1].matches(ja).count(), runs, "{}", cells[1]);
        for run in cells[1].split("<w:r>").skip(1) {
            let props = &run[..run.find("</w:rPr>").expect("run properties")];
            assert!(props.contains(ja), "{run}");
        }
        ja_runs += runs;
    }
    assert!(en_runs > 10 && ja_runs > 10, "{en_runs} {ja_runs}");
}

// The parallel HTML page: a grid row per pair, each column with its `lang`, both texts.
#[test]
fn the_parallel_html_has_both_columns_with_their_languages() {
    let out = tempdir();
    build(
        &repo(DRAFT),
        &["--parallel", "--format", "html"],
        out.path(),
    );
    let html = common::read(&out.path().join("statement.en-ja.html"));
    let rows = html.matches("<div class=\"row").count();
    assert_eq!(
        html.matches("<div class=\"col\" lang=\"en\">").count(),
        rows
    );
    assert_eq!(
        html.matches("<div class=\"col\" lang=\"ja\">").count(),
        rows
    );
    assert!(html.contains("grid-template-columns:1fr 1fr"));
    assert!(html.contains("Pursuant to their shared goal"));
    assert!(html.contains("両国首脳が表明した"));
    // The Japanese title may break only at its phrases.
    let title = html
        .lines()
        .find(|l| l.starts_with("<div class=\"row title-block\">"))
        .expect("the title row");
    assert!(
        title.contains("<wbr>第2回") && !title.contains("日米<wbr>"),
        "{title}"
    );
}

// --parallel wants two languages and a format that has the layout.
#[test]
fn parallel_needs_two_languages_and_a_layout_format() {
    let out = tempdir();
    let o = chancery()
        .args(["build", DRAFT, "--parallel", "--format", "txt", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("the parallel layout has no txt form"), "{err}");
    let o = chancery()
        .args(["build", DRAFT, "--parallel", "--lang", "en", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("two languages side by side, not 1 (en)"),
        "{err}"
    );
}

/// The 2014 draft in a folder of its own, with `extra` appended to its meeting.toml and the
/// workspace's templates beside it.
fn with_extra(extra: &str) -> tempfile::TempDir {
    let tmp = tempdir();
    let draft = tmp.path().join("drafts/d");
    std::fs::create_dir_all(&draft).unwrap();
    let source = common::read(&repo(&format!("{DRAFT}/meeting.toml")));
    std::fs::write(draft.join("meeting.toml"), format!("{source}\n{extra}")).unwrap();
    common::copy_templates(tmp.path());
    tmp
}

const SIGNATURES: &str = r#"[signatures]
done_at = true
languages = ["English", "Japanese"]
signatories = [
  { party = "jp", name = "Taro Yamada", title = "Director-General", lang = { ja = { name = "山田太郎", title = "総合外交政策局長" } } },
  { party = "us", name = "Jane Smith", title = "Deputy Assistant", lang = { ja = { name = "ジェーン・スミス", title = "次官補代理" } } },
]
"#;

// The Japanese text closes with its own formula: the last day, the city, the languages
// (英語及び日本語), the originals counted (本書二通), and each party signs 〜のために; the English
// formula is unchanged. In the parallel layout the two formulas pair.
#[test]
fn the_japanese_done_at_formula() {
    let tmp = with_extra(SIGNATURES);
    let out = tmp.path().join("out");
    build(
        &tmp.path().join("drafts/d"),
        &["--lang", "all", "--format", "txt,html"],
        &out,
    );
    let ja = common::read(&out.join("statement.ja.txt"));
    assert!(
        ja.contains("2014年5月9日にワシントンD.C.で、ひとしく正文である英語及び日本語により本書二通を作成した。"),
        "{ja}"
    );
    assert!(ja.contains("日本国政府のために"), "{ja}");
    assert!(ja.contains("総合外交政策局長"), "{ja}");
    let en = common::read(&out.join("statement.txt"));
    assert!(
        en.contains("Done at Washington, D.C., on May 9, 2014, in duplicate, in the English and Japanese languages, both texts being equally authentic."),
        "{en}"
    );
    let par = tmp.path().join("par");
    build(
        &tmp.path().join("drafts/d"),
        &["--parallel", "--format", "html"],
        &par,
    );
    let html = common::read(&par.join("statement.en-ja.html"));
    let row = html
        .lines()
        .find(|l| l.starts_with("<div class=\"row done-at-row\">"))
        .expect("a row of the two formulas");
    assert!(
        row.contains("Done at ") && row.contains("により本書"),
        "{row}"
    );
    assert!(
        row.contains("lang=\"en\"") && row.contains("lang=\"ja\""),
        "{row}"
    );
    // A signatory without a Japanese title is an error at its place.
    let tmp = with_extra(&SIGNATURES.replace(", title = \"次官補代理\"", ""));
    let o = chancery()
        .args(["--message-format", "short", "build"])
        .arg(tmp.path().join("drafts/d"))
        .args(["--lang", "ja", "--format", "txt", "--out"])
        .arg(tmp.path().join("o"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(
        err.contains("error: the signatory of `us`'s `title` has no `ja` form"),
        "{err}"
    );
}

// `[style] calendar = "era"` dates the Japanese text in the era calendar without touching the
// templates; the English text keeps its date; a bad value is refused with the choices.
#[test]
fn era_dates_as_house_style() {
    let tmp = with_extra("[style]\ncalendar = \"era\"\n");
    let out = tmp.path().join("out");
    build(
        &tmp.path().join("drafts/d"),
        &["--lang", "all", "--format", "txt"],
        &out,
    );
    let ja = common::read(&out.join("statement.ja.txt"));
    assert!(ja.contains("\n\n平成26年5月9日\n\n"), "{ja}");
    assert!(ja.contains("平成25年3月11日"), "{ja}");
    let en = common::read(&out.join("statement.txt"));
    assert!(en.contains("May 9, 2014"), "{en}");
    let tmp = with_extra("[style]\ncalendar = \"lunar\"\n");
    let o = chancery()
        .args(["--message-format", "short", "check"])
        .arg(tmp.path().join("drafts/d"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(
        err.contains("[style] `calendar` cannot be `lunar`"),
        "{err}"
    );
    assert!(err.contains("gregorian, era"), "{err}");
}

// The same inputs give the same parallel bytes.
#[test]
fn parallel_outputs_are_deterministic() {
    let (a, b) = (tempdir(), tempdir());
    build(&repo(DRAFT), &["--parallel"], a.path());
    build(&repo(DRAFT), &["--parallel"], b.path());
    for ext in ["html", "docx", "pdf"] {
        let name = format!("statement.en-ja.{ext}");
        assert_eq!(
            std::fs::read(a.path().join(&name)).unwrap(),
            std::fs::read(b.path().join(&name)).unwrap(),
            "{name}"
        );
    }
}
