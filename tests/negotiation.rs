//! Negotiation to signature: bracketed options, the final gate, alternat copies, the manifest.

mod common;

use chancery::assemble::{AssembleOptions, TemplateSet, assemble};
use chancery::clauses::{
    ClauseLibrary, ClauseOrigin, ClauseSource, embedded_sources, embedded_statement,
};
use chancery::document::{BlockKind, Document, Origin};
use chancery::draft::{Draft, Sources};
use common::{chancery, read, repo, tempdir};

struct Fs;
impl Sources for Fs {
    fn read_text(&self, path: &std::path::Path) -> std::io::Result<String> {
        std::fs::read_to_string(path)
    }
}

fn copy_of(draft: &str, party: &str) -> Document {
    let file = repo(draft).join("meeting.toml");
    let d = Draft::parse(&file, &read(&file), &Fs).expect("valid draft");
    // The workspace clauses nearest the draft, on top of the embedded ones (as the CLI does).
    let mut sources = embedded_sources();
    if let Some(dir) = repo(draft)
        .ancestors()
        .map(|a| a.join("templates/clauses"))
        .find(|d| d.is_dir())
    {
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for f in files {
            sources.push(ClauseSource {
                text: read(&f),
                file: f,
                origin: ClauseOrigin::Workspace,
            });
        }
    }
    let set = TemplateSet {
        statement_file: "statement.hbs".into(),
        statement: embedded_statement().to_owned(),
        clauses: ClauseLibrary::load(&sources).expect("clauses"),
    };
    let opts = AssembleOptions {
        copy: Some(party.to_owned()),
        final_copy: false,
    };
    assemble(&d, &set, &opts).expect("assembles").document
}

fn final_build(draft: &str, out: &std::path::Path) -> (Option<i32>, String) {
    let o = chancery()
        .args([
            "--message-format",
            "short",
            "build",
            draft,
            "--final",
            "--format",
            "txt,html,pdf",
            "--out",
        ])
        .arg(out)
        .output()
        .unwrap();
    (o.status.code(), String::from_utf8(o.stderr).unwrap())
}

// `check` lists open brackets by clause and side, each with file:line:col.
#[test]
fn check_lists_open_brackets() {
    let o = chancery()
        .args(["check", "tests/fixtures/negotiation/open"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("open brackets: 2"), "{out}");
    assert!(
        out.contains(
            "meeting.toml:97:3: inline text: [decided to strengthen (JP) / intend to explore (US)]"
        ),
        "{out}"
    );
    assert!(
        out.contains("meeting.toml:104:14: clause `mda`, value `progress`: ["),
        "{out}"
    );
    assert!(
        out.contains("by side: jp: 2 alternatives, us: 2 alternatives"),
        "{out}"
    );
}

// Drafts show open brackets in the usual convention, marked in the document model.
#[test]
fn drafts_show_brackets() {
    let o = chancery()
        .args([
            "build",
            "tests/fixtures/negotiation/open",
            "--format",
            "txt",
            "--stdout",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("is a common challenge, and [decided to strengthen (JP) / intend to explore (US)] bilateral cooperation"));
}

// --final refuses an open bracket, naming each one with its place; nothing is written.
#[test]
fn final_refuses_open_brackets() {
    let dir = tempdir();
    let out = dir.path().join("final");
    let (code, err) = final_build("tests/fixtures/negotiation/open", &out);
    assert_eq!(code, Some(3), "{err}");
    assert!(
        err.contains("meeting.toml:97:3: error: open bracket in inline text"),
        "{err}"
    );
    assert!(
        err.contains("meeting.toml:104:14: error: open bracket in clause `mda`, value `progress`"),
        "{err}"
    );
    assert!(!out.exists());
}

// --final refuses a clause whose status is not agreed, naming the clause and where it is used.
#[test]
fn final_refuses_unagreed_clause() {
    let dir = tempdir();
    let (code, err) = final_build(
        "tests/fixtures/us-france/drafts/2024-08-26-paris-1st",
        &dir.path().join("f"),
    );
    assert_eq!(code, Some(3), "{err}");
    assert!(
        err.contains(
            "meeting.toml:44:10: error: clause `climate-observation` is proposed, not agreed"
        ),
        "{err}"
    );
}

// --final refuses an unresolved placeholder (the date not yet set).
#[test]
fn final_refuses_placeholder() {
    let dir = tempdir();
    let (code, err) = final_build("tests/fixtures/negotiation/no_date", &dir.path().join("f"));
    assert_eq!(code, Some(3), "{err}");
    assert!(
        err.contains("error: unresolved placeholder `[date]`"),
        "{err}"
    );
}

// Agreed options give clean final copies of both parties, with a manifest; no DRAFT marking.
#[test]
fn final_writes_both_clean_copies_with_manifest() {
    let dir = tempdir();
    let out = dir.path().join("final");
    let (code, err) = final_build("tests/fixtures/negotiation/agreed", &out);
    assert_eq!(code, Some(0), "{err}");
    for party in ["jp", "us"] {
        let text = read(&out.join(format!("statement.{party}.txt")));
        assert!(!text.contains('[') && !text.contains(']'));
        assert!(
            text.contains("is a common challenge, and decided to strengthen bilateral cooperation")
        );
        assert!(text.contains("noting that the two countries continued their table-top exercises"));
        assert!(!read(&out.join(format!("statement.{party}.html"))).contains("DRAFT"));
    }
    let manifest = read(&out.join("manifest.json"));
    assert!(
        manifest.contains("\"statement.jp.txt\"") && manifest.contains("\"statement.us.html\"")
    );
}

// The U.S. copy of a Washington meeting reads "U.S.-Japan" where the Japanese copy reads "Japan-U.S.".
#[test]
fn alternat_names_each_party_first_in_its_own_copy() {
    let jp = copy_of("drafts/2014-05-09-washington-2nd", "jp");
    let us = copy_of("drafts/2014-05-09-washington-2nd", "us");
    let subtitle = |d: &Document| {
        d.blocks
            .iter()
            .find(|b| b.kind == BlockKind::Subtitle)
            .unwrap()
            .plain_text()
    };
    assert_eq!(
        subtitle(&jp),
        "The Second Meeting of the Japan-U.S. Comprehensive Dialogue on Space"
    );
    assert_eq!(
        subtitle(&us),
        "The Second Meeting of the U.S.-Japan Comprehensive Dialogue on Space"
    );
    let opening = |d: &Document| {
        d.blocks
            .iter()
            .find(|b| b.clause.as_deref() == Some("opening"))
            .unwrap()
            .plain_text()
    };
    assert!(opening(&us).contains(
        "the Government of the United States of America and the Government of Japan held"
    ));
}

// The two copies differ only by the permitted swaps: the wording is identical run for run, and
// every value of one copy is a value of the other (names, lists, dates reordered, none invented).
#[test]
fn alternat_copies_differ_only_by_swaps() {
    for (draft, a, b) in [
        ("drafts/2015-tokyo-3rd", "jp", "us"),
        (
            "tests/fixtures/us-france/drafts/2024-08-26-paris-1st",
            "us",
            "fr",
        ),
    ] {
        let (x, y) = (copy_of(draft, a), copy_of(draft, b));
        let wording = |d: &Document| -> Vec<String> {
            d.blocks
                .iter()
                .flat_map(|bl| bl.runs.iter())
                .filter(|r| r.marks.origin == Origin::Text)
                .map(|r| r.text.clone())
                .collect()
        };
        assert_eq!(
            wording(&x),
            wording(&y),
            "{draft}: the wording differs between copies"
        );
        let values = |d: &Document| -> std::collections::BTreeSet<String> {
            d.blocks
                .iter()
                .flat_map(|bl| bl.runs.iter())
                .filter(|r| r.marks.origin == Origin::Value)
                .map(|r| r.text.clone())
                .collect()
        };
        let (vx, vy) = (values(&x), values(&y));
        // Values present in one copy only must be party attributes (names, the pair): swapped,
        // never invented.
        let file = repo(draft).join("meeting.toml");
        let d = Draft::parse(&file, &read(&file), &Fs).expect("valid");
        let mut allowed: std::collections::BTreeSet<String> = d
            .parties
            .iter()
            .flat_map(|p| {
                [
                    p.name.clone(),
                    p.short_name.clone(),
                    p.adjective.clone(),
                    p.government.clone(),
                    p.country.clone(),
                ]
            })
            .collect();
        // Sentence-initial forms ("The Government of …") count as the same attribute.
        let capitalized: Vec<String> = allowed
            .iter()
            .map(|v| chancery::templates::capitalize(v))
            .collect();
        allowed.extend(capitalized);
        let [p0, p1] = &d.parties[..] else {
            panic!("{draft}: a bilateral fixture")
        };
        allowed.insert(format!("{}-{}", p0.short_name, p1.short_name));
        allowed.insert(format!("{}-{}", p1.short_name, p0.short_name));
        for v in vx.symmetric_difference(&vy) {
            assert!(
                allowed.contains(v),
                "{draft}: `{v}` differs between copies and is not a party attribute"
            );
        }
        let pair_a = format!(
            "{}-{}",
            d.party(a).unwrap().short_name,
            d.party(b).unwrap().short_name
        );
        let pair_b = format!(
            "{}-{}",
            d.party(b).unwrap().short_name,
            d.party(a).unwrap().short_name
        );
        assert!(vx.contains(&pair_a) && !vx.contains(&pair_b), "{draft}");
        assert!(vy.contains(&pair_b) && !vy.contains(&pair_a), "{draft}");
        // Signature blocks (where present) swap sides.
        let sigs = |d: &Document| {
            d.blocks.iter().find_map(|bl| match &bl.kind {
                BlockKind::Signatures { signatories } => Some(
                    signatories
                        .iter()
                        .map(|s| s.party.clone())
                        .collect::<Vec<_>>(),
                ),
                _ => None,
            })
        };
        if let (Some(mut sx), Some(sy)) = (sigs(&x), sigs(&y)) {
            sx.reverse();
            assert_eq!(sx, sy);
        }
    }
}

// `verify` finds a one-byte change in a final PDF; a second --final build refuses to
// overwrite without --force (files untouched), and replaces them with it.
#[test]
fn verify_and_no_silent_overwrite() {
    let dir = tempdir();
    let out = dir.path().join("final");
    assert_eq!(
        final_build("tests/fixtures/negotiation/agreed", &out).0,
        Some(0)
    );
    chancery().arg("verify").arg(&out).assert().code(0);
    let target = out.join("statement.us.pdf");
    let mut bytes = std::fs::read(&target).unwrap();
    let i = bytes.len() / 2;
    bytes[i] ^= 0x01;
    std::fs::write(&target, &bytes).unwrap();
    let o = chancery().arg("verify").arg(&out).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8(o.stdout)
            .unwrap()
            .contains("CHANGED  statement.us.pdf")
    );
    let (code, err) = final_build("tests/fixtures/negotiation/agreed", &out);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("final documents exist already"));
    assert_eq!(
        std::fs::read(&target).unwrap(),
        bytes,
        "a refused build must not touch the files"
    );
    chancery()
        .args([
            "build",
            "tests/fixtures/negotiation/agreed",
            "--final",
            "--force",
            "--format",
            "txt,html",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    // The new set replaces the old one whole (issue 12: never a mix): the PDFs of the first
    // build are gone, and the folder holds exactly the new set.
    assert!(!target.exists(), "an old copy outlived its set");
    chancery().arg("verify").arg(&out).assert().code(0);
    chancery()
        .args([
            "build",
            "tests/fixtures/negotiation/agreed",
            "--final",
            "--force",
            "--format",
            "txt,html,pdf",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    chancery().arg("verify").arg(&out).assert().code(0);
}
