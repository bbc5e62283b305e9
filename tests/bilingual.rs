//! The 2014 statement's Japanese text, assembled from the same meeting.toml as the English one
//! (its `lang.ja` tables and the clauses' `+++ ja` bodies): the text against a reference, the
//! PDF and DOCX giving back exactly that text, the English text unchanged, and every missing
//! Japanese form an error at its place.

mod common;

use std::path::Path;

use common::{chancery, repo, tempdir};

const DRAFT: &str = "drafts/2014-05-09-washington-2nd";

/// Build `draft` in `langs` and `formats` into a new folder.
fn build(draft: &Path, langs: &str, formats: &str) -> tempfile::TempDir {
    let out = tempdir();
    let o = chancery()
        .arg("build")
        .arg(draft)
        .args(["--lang", langs, "--format", formats, "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

/// Text without any white space: Japanese has no spaces, and the PDF's and LibreOffice's line
/// breaks are not the text's.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

// The Japanese page breaks its title only at its phrases, as the parallel page and the PDF do
// (「宇宙に関する包括的日米対話」|第2回会合|共同声明, never 日米|対話); its text is the same
// without the breaks. The English page is as it was: no breaks, no Japanese rule.
#[test]
fn the_japanese_html_title_breaks_at_its_phrases() {
    let out = build(&repo(DRAFT), "all", "html");
    let ja = std::fs::read_to_string(out.path().join("statement.ja.html")).unwrap();
    let title = ja
        .lines()
        .find(|l| l.starts_with("<h1>"))
        .expect("the title");
    assert!(title.contains("<wbr>第2回</span>会合"), "{title}");
    assert!(
        !title.contains("日米<wbr>") && !title.contains("対<wbr>話"),
        "{title}"
    );
    assert!(ja.contains("h1,h2{word-break:keep-all;text-wrap:balance}"));
    let text = title.replace("<wbr>", "");
    assert!(
        text.contains("「<span class=\"v\">宇宙に関する包括的日米対話</span>」"),
        "{text}"
    );
    let en = std::fs::read_to_string(out.path().join("statement.html")).unwrap();
    assert!(!en.contains("<wbr>") && !en.contains("keep-all"));
}

// The Japanese text is the reference; the English one is still the adopted text.
#[test]
fn the_2014_statement_in_japanese() {
    let out = build(&repo(DRAFT), "all", "txt");
    let ja = std::fs::read_to_string(out.path().join("statement.ja.txt")).unwrap();
    let reference =
        std::fs::read_to_string(repo("tests/fixtures/bilingual/2014-washington.ja.txt")).unwrap();
    assert_eq!(ja, reference);
    assert!(ja.starts_with("「宇宙に関する包括的日米対話」第2回会合 共同声明\n\n2014年5月9日\n"));
    assert!(ja.contains("日本側は国家安全保障局、文部科学省、経済産業省、環境省、防衛省及び宇宙航空研究開発機構(JAXA)"));
    // Sentences of a paragraph run on without a space in Japanese.
    assert!(
        ja.contains("情報を交換した。双方は、リモートセンシング"),
        "{ja}"
    );
    let en = std::fs::read_to_string(out.path().join("statement.txt")).unwrap();
    let adopted = std::fs::read_to_string(repo(&format!("{DRAFT}/adopted.txt"))).unwrap();
    assert_eq!(en.trim_end(), adopted.trim_end());
}

// pdftotext gives back exactly the Japanese text, with the Japanese font embedded.
#[test]
fn the_japanese_pdf_gives_back_its_text() {
    if !common::require_tool("pdftotext") || !common::require_tool("pdffonts") {
        return;
    }
    let out = build(&repo(DRAFT), "ja", "txt,pdf");
    let pdf = out.path().join("statement.ja.pdf");
    let txt = std::fs::read_to_string(out.path().join("statement.ja.txt")).unwrap();
    let o = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let got = String::from_utf8(o.stdout).unwrap();
    // The page number and the DRAFT mark are the page's, not the text's.
    let got: String = got
        .lines()
        .filter(|l| !l.trim().chars().all(|c| c.is_ascii_digit()) && l.trim() != "DRAFT")
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(squeeze(&got).replace("DRAFT", ""), squeeze(&txt));
    let fonts = std::process::Command::new("pdffonts")
        .arg(&pdf)
        .output()
        .unwrap();
    let fonts = String::from_utf8(fonts.stdout).unwrap();
    let ipa = fonts
        .lines()
        .find(|l| l.contains("IPAexMincho"))
        .expect("the Japanese font is used");
    assert!(
        ipa.contains(" yes yes yes "),
        "embedded, subset, with ToUnicode: {ipa}"
    );
}

// LibreOffice reads the Japanese DOCX back to exactly the Japanese text.
#[test]
fn libreoffice_reads_the_japanese_docx() {
    if !common::require_tool("soffice") {
        return;
    }
    let out = build(&repo(DRAFT), "ja", "txt,docx");
    let txt = std::fs::read_to_string(out.path().join("statement.ja.txt")).unwrap();
    // soffice names its output by the part of the name before the first dot.
    let plain = out.path().join("ja.docx");
    std::fs::copy(out.path().join("statement.ja.docx"), &plain).unwrap();
    let converted =
        common::soffice_convert(&plain, "txt:Text (encoded):UTF8", &out.path().join("lo"));
    let got = std::fs::read_to_string(converted).unwrap();
    let got = got
        .trim_start_matches('\u{feff}')
        .replace("DRAFT – 2014-05-09-washington-2nd", "");
    assert_eq!(squeeze(&got), squeeze(&txt));
    let xml = {
        let file = std::fs::File::open(out.path().join("statement.ja.docx")).unwrap();
        let mut zip = zip::ZipArchive::new(file).unwrap();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut s)
            .unwrap();
        s
    };
    // The Japanese runs are set in an East Asian font (Word's hint for the script), and the
    // document's language is Japanese.
    assert!(xml.contains("w:hint=\"eastAsia\""), "no East Asian runs");
    let styles = {
        let file = std::fs::File::open(out.path().join("statement.ja.docx")).unwrap();
        let mut zip = zip::ZipArchive::new(file).unwrap();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/styles.xml").unwrap(), &mut s)
            .unwrap();
        s
    };
    assert!(
        styles.contains("<w:lang w:val=\"ja-JP\" w:eastAsia=\"ja-JP\" />"),
        "no w:lang"
    );
}

/// The 2014 draft copied, with `edit` applied to its meeting.toml (and to a clause, if given).
fn edited(
    meeting_edit: (&str, &str),
    clause_edit: Option<(&str, &str, &str)>,
) -> tempfile::TempDir {
    let tmp = tempdir();
    let draft = tmp.path().join("drafts/d");
    std::fs::create_dir_all(&draft).unwrap();
    let source = std::fs::read_to_string(repo(&format!("{DRAFT}/meeting.toml"))).unwrap();
    assert!(source.contains(meeting_edit.0), "{}", meeting_edit.0);
    std::fs::write(
        draft.join("meeting.toml"),
        source.replacen(meeting_edit.0, meeting_edit.1, 1),
    )
    .unwrap();
    common::copy_templates(tmp.path());
    let clauses = tmp.path().join("templates/clauses");
    if let Some((clause, from, to)) = clause_edit {
        let p = clauses.join(format!("{clause}.md"));
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from));
        std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
    }
    tmp
}

fn ja_error(tmp: &Path) -> String {
    let o = chancery()
        .args(["--message-format", "short", "build"])
        .arg(tmp.join("drafts/d"))
        .args(["--lang", "ja", "--format", "txt", "--out"])
        .arg(tmp.join("out"))
        .output()
        .unwrap();
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(!tmp.join("out").exists(), "an output was written");
    err
}

// A party field, a one-off text and a clause body without their Japanese form: errors at their
// places naming the language; the English build is unaffected.
#[test]
fn missing_japanese_forms_are_located_errors() {
    let tmp = edited(("government = \"日本国政府\"\n", ""), None);
    let err = ja_error(tmp.path());
    assert!(
        err.contains("meeting.toml:23:7: error: party `jp`'s `government` has no `ja` form"),
        "{err}"
    );
    assert!(err.contains("[parties.lang.ja]"), "{err}");
    let en = chancery()
        .arg("build")
        .arg(tmp.path().join("drafts/d"))
        .args(["--format", "txt", "--out"])
        .arg(tmp.path().join("en"))
        .output()
        .unwrap();
    assert!(en.status.success());

    let tmp = edited(
        (
            ", lang = { ja = { text = \"双方は、2016年又は2017年に日本が主催する国際宇宙探査フォーラムを楽しみにしている。\" } }",
            "",
        ),
        None,
    );
    let err = ja_error(tmp.path());
    assert!(err.contains("error: this text has no `ja` form"), "{err}");

    let tmp = edited(("x", "x"), Some(("tcbms", "+++ ja\n", "+++ fr\n")));
    let err = ja_error(tmp.path());
    assert!(
        err.contains("error: clause `tcbms` has no `ja` body"),
        "{err}"
    );
    assert!(err.contains("tcbms.md"), "{err}");
}

/// `chancery check` of the edited copy (`--final` when asked): exit code and stderr.
fn check(tmp: &Path, final_copy: bool) -> (Option<i32>, String) {
    let mut c = chancery();
    c.args(["--message-format", "short", "check"])
        .arg(tmp.join("drafts/d"));
    if final_copy {
        c.arg("--final");
    }
    let o = c.output().unwrap();
    (o.status.code(), String::from_utf8(o.stderr).unwrap())
}

// Each kind of drift between the two versions is found, located at the paragraph's place in
// meeting.toml and naming both paragraphs; a warning, and with --final an error.
#[test]
fn cross_language_drift_is_found_and_located() {
    // A different year in one version's value.
    let tmp = edited(
        (
            "両国が2014年3月に宇宙を活用した",
            "両国が2015年3月に宇宙を活用した",
        ),
        None,
    );
    let (code, err) = check(tmp.path(), false);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("warning: language versions differ: paragraph 7: the numbers differ (2014 missing in the `ja` text; 2015 only in the `ja` text)"),
        "{err}"
    );
    assert!(
        err.contains("meeting.toml:") && err.contains("`mda-tcbms` in both versions"),
        "{err}"
    );
    let (code, err) = check(tmp.path(), true);
    assert_eq!(code, Some(3), "{err}");
    assert!(err.contains("error: language versions differ"), "{err}");

    // An acronym left out.
    let tmp = edited(
        ("宇宙航空研究開発機構(JAXA)\"]", "宇宙航空研究開発機構\"]"),
        None,
    );
    let (_, err) = check(tmp.path(), false);
    assert!(
        err.contains("the acronyms differ (only in the first: JAXA"),
        "{err}"
    );

    // A glossary term left untranslated.
    let tmp = edited(
        ("x", "x"),
        Some(("ssa-information-sharing", "宇宙状況監視(SSA)", "SSA")),
    );
    let (_, err) = check(tmp.path(), false);
    assert!(
        err.contains(
            "says “Space Situational Awareness”, and its `ja` version lacks “宇宙状況監視”"
        ),
        "{err}"
    );

    // A paragraph the Japanese text lacks (its clause renders nothing in Japanese).
    let tmp = edited(
        ("x", "x"),
        Some(("tcbms", "双方はまた、提案されている", "")),
    );
    let body =
        std::fs::read_to_string(tmp.path().join("templates/clauses/strategic-importance.md"))
            .unwrap();
    let ja_start = body.find("+++ ja\n").unwrap() + "+++ ja\n".len();
    std::fs::write(
        tmp.path().join("templates/clauses/strategic-importance.md"),
        &body[..ja_start],
    )
    .unwrap();
    let (_, err) = check(tmp.path(), false);
    assert!(err.contains("paragraph 8 has no `ja` version"), "{err}");
}

// `diff --lang ja` compares two drafts' Japanese texts.
#[test]
fn diff_between_drafts_in_japanese() {
    let tmp = edited(
        (
            "両国が2014年3月に宇宙を活用した",
            "両国が2015年3月に宇宙を活用した",
        ),
        None,
    );
    let o = chancery()
        .args(["diff", "--lang", "ja", "--color", "never"])
        .arg(repo(DRAFT))
        .arg(tmp.path().join("drafts/d"))
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("両国が[-2014-]{+2015+}年3月に"), "{text}");
    assert_eq!(text.matches("[-").count(), 1, "{text}");
}

// Final copies in every language: each party's copy in each, all in the manifest; the U.S.
// copy names its government first in Japanese too, and the compound stays 日米.
#[test]
fn final_copies_in_each_language() {
    let out = tempdir();
    let o = chancery()
        .args([
            "build", DRAFT, "--final", "--lang", "all", "--format", "txt", "--out",
        ])
        .arg(out.path().join("f"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let dir = out.path().join("f");
    let manifest = std::fs::read_to_string(dir.join("manifest.json")).unwrap();
    for name in [
        "statement.jp.txt",
        "statement.us.txt",
        "statement.jp.ja.txt",
        "statement.us.ja.txt",
    ] {
        assert!(manifest.contains(name), "{name} not in the manifest");
    }
    let us = std::fs::read_to_string(dir.join("statement.us.ja.txt")).unwrap();
    assert!(us.contains("アメリカ合衆国政府及び日本国政府は"), "{us}");
    assert!(us.starts_with("「宇宙に関する包括的日米対話」"), "{us}");
    let v = chancery().arg("verify").arg(&dir).output().unwrap();
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stdout));
}
