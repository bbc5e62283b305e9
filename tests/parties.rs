//! N parties: a trilateral and a four-party statement (tests/fixtures/parties/) build byte for
//! byte to their reference texts; each copy of a final set names its party first and differs
//! from the others only by the permitted swaps; bad party inputs are refused.

mod common;

use std::collections::BTreeSet;

use chancery::assemble::{AssembleOptions, TemplateSet, assemble};
use chancery::clauses::{
    ClauseLibrary, ClauseOrigin, ClauseSource, embedded_sources, embedded_statement,
};
use chancery::document::{BlockKind, Document, Origin};
use chancery::draft::{Draft, Sources};
use common::{chancery, read, repo, tempdir};

const TRILATERAL: &str = "tests/fixtures/parties/drafts/2024-03-20-canberra-1st";
const FOUR: &str = "tests/fixtures/parties/drafts/2024-09-21-wilmington-1st";

struct Fs;
impl Sources for Fs {
    fn read_text(&self, path: &std::path::Path) -> std::io::Result<String> {
        std::fs::read_to_string(path)
    }
}

/// Build `draft` as txt with `args`; the files written, by name.
fn build(draft: &str, args: &[&str]) -> Vec<(String, String)> {
    let out = tempdir();
    let output = chancery()
        .args(["build", draft, "--format", "txt"])
        .args(args)
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut files: Vec<(String, String)> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                read(&p),
            )
        })
        .collect();
    files.sort();
    files
}

// The trilateral statement as written: three governments, three co-chairs, the compound
// "Japan-Australia-U.S.", `third` in a clause, three signature blocks.
#[test]
fn trilateral_statement_builds_to_its_reference() {
    let files = build(TRILATERAL, &[]);
    assert_eq!(files[0].0, "statement.txt");
    assert_eq!(files[0].1, read(&repo(TRILATERAL).join("reference.txt")));
}

// The four-party statement, the host's copy: the host first, the others alphabetical.
#[test]
fn four_party_copy_builds_to_its_reference() {
    let files = build(FOUR, &["--copy", "us"]);
    assert_eq!(files[0].0, "statement.us.txt");
    assert_eq!(files[0].1, read(&repo(FOUR).join("reference.us.txt")));
}

// `--final` writes one copy per party (and the manifest), each naming its own party first.
#[test]
fn final_writes_one_copy_per_party() {
    let files = build(TRILATERAL, &["--final"]);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "manifest.json",
            "statement.au.txt",
            "statement.jp.txt",
            "statement.us.txt"
        ]
    );
    for (name, compound) in [
        ("statement.jp.txt", "Japan-Australia-U.S."),
        ("statement.au.txt", "Australia-Japan-U.S."),
        ("statement.us.txt", "U.S.-Japan-Australia"),
    ] {
        let text = &files.iter().find(|(n, _)| n == name).unwrap().1;
        assert!(
            text.contains(&format!("of the {compound} Space Dialogue")),
            "{name}: {text}"
        );
    }
}

fn copy_of(draft: &str, party: &str) -> (Draft, Document) {
    let file = repo(draft).join("meeting.toml");
    let d = Draft::parse(&file, &read(&file), &Fs).expect("valid draft");
    let mut sources = embedded_sources();
    let dir = repo("tests/fixtures/parties/templates/clauses");
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
    let set = TemplateSet {
        statement_file: "statement.hbs".into(),
        statement: embedded_statement().to_owned(),
        clauses: ClauseLibrary::load(&sources).expect("clauses load"),
    };
    let opts = AssembleOptions {
        copy: Some(party.to_owned()),
        final_copy: true,
    };
    let doc = assemble(&d, &set, &opts).expect("assembles").document;
    (d, doc)
}

/// The runs of `origin`, in order.
fn runs(d: &Document, origin: Origin) -> Vec<String> {
    d.blocks
        .iter()
        .flat_map(|bl| bl.runs.iter())
        .filter(|r| r.marks.origin == origin)
        .map(|r| r.text.clone())
        .collect()
}

// The three copies of the trilateral final differ only by permitted swaps: the wording is the
// same run for run, the values are the same multiset of party attributes (reordered, none
// invented) but for the compound, which is each copy's own order of the short names, and the
// signature blocks are the same blocks in copy order.
#[test]
fn trilateral_copies_differ_only_by_swaps() {
    let copies: Vec<(Draft, Document)> = ["jp", "au", "us"]
        .iter()
        .map(|p| copy_of(TRILATERAL, p))
        .collect();
    let d = &copies[0].0;
    let compound = |order: &[&str]| -> String {
        let names: Vec<&str> = order
            .iter()
            .map(|k| d.party(k).unwrap().short_name.as_str())
            .collect();
        names.join("-")
    };
    let orders = [["jp", "au", "us"], ["au", "jp", "us"], ["us", "jp", "au"]];
    let mut values = Vec::new();
    for ((_, doc), order) in copies.iter().zip(orders) {
        assert_eq!(
            runs(doc, Origin::Text),
            runs(&copies[0].1, Origin::Text),
            "wording differs"
        );
        let mut vs = runs(doc, Origin::Value);
        let own = compound(&order);
        assert!(vs.contains(&own), "{own} missing");
        vs.retain(|v| *v != own);
        vs.sort();
        values.push(vs);
        let sigs: Vec<String> = doc
            .blocks
            .iter()
            .find_map(|bl| match &bl.kind {
                BlockKind::Signatures { signatories } => {
                    Some(signatories.iter().map(|s| s.name.clone()).collect())
                }
                _ => None,
            })
            .expect("signature blocks");
        let expected: Vec<String> = order
            .iter()
            .map(|k| {
                d.signatures
                    .as_ref()
                    .unwrap()
                    .signatories
                    .iter()
                    .find(|s| s.0 == *k)
                    .unwrap()
                    .1
                    .clone()
            })
            .collect();
        assert_eq!(sigs, expected, "signature blocks follow the copy order");
    }
    // Values in one copy only are party attributes (the sentence-initial government, `third`):
    // swapped, never invented.
    let mut allowed: BTreeSet<String> = d
        .parties
        .iter()
        .flat_map(|p| {
            [
                p.name.clone(),
                p.short_name.clone(),
                p.adjective.clone(),
                p.government.clone(),
            ]
        })
        .collect();
    let capitalized: Vec<String> = allowed
        .iter()
        .map(|v| chancery::templates::capitalize(v))
        .collect();
    allowed.extend(capitalized);
    let first: BTreeSet<&String> = values[0].iter().collect();
    for vs in &values[1..] {
        let other: BTreeSet<&String> = vs.iter().collect();
        assert_eq!(vs.len(), values[0].len(), "as many values in every copy");
        for v in first.symmetric_difference(&other) {
            assert!(
                allowed.contains(*v),
                "`{v}` differs between copies and is not a party attribute"
            );
        }
    }
}

// One party is refused; an `alternat` that leaves a party out is refused, naming the parties.
#[test]
fn bad_party_inputs_are_refused() {
    let source = read(&repo(FOUR).join("meeting.toml"));
    let check = |text: &str| -> String {
        let dir = tempdir();
        std::fs::write(dir.path().join("meeting.toml"), text).unwrap();
        let out = chancery().arg("check").arg(dir.path()).output().unwrap();
        assert_eq!(out.status.code(), Some(3));
        String::from_utf8(out.stderr).unwrap()
    };
    let e = check(&source.replace(
        "alternat = \"alphabetical\"",
        "alternat = [\"jp\", \"au\", \"us\"]",
    ));
    assert!(
        e.contains("error: `alternat` must name every party once"),
        "{e}"
    );
    assert!(
        e.contains("hint: the parties are `au`, `in`, `jp`, `us`"),
        "{e}"
    );
    let cut = source.find("[[parties]]").unwrap();
    let end = source.find("[[body]]").unwrap();
    let one = format!(
        "{}{}\n{}",
        &source[..cut],
        "[[parties]]\nkey = \"us\"\nname = \"the United States\"\nadjective = \"U.S.\"\ngovernment = \"the Government\"\nco_chairs = []\nparticipants = []\n",
        &source[end..]
    );
    let e = check(&one);
    assert!(
        e.contains("a joint statement has two parties or more, found 1"),
        "{e}"
    );
}

/// Copy a folder tree (fixtures are small).
fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

// Four signature blocks are set two to a row in DOCX, as in PDF: a two-column table of two
// rows of blocks (party, line, signer: three table rows each), every signer named once; the
// "Done at" formula announces four originals.
#[test]
fn four_signature_blocks_two_to_a_row_in_docx() {
    use std::io::Read;
    let dir = tempdir();
    copy_tree(&repo("tests/fixtures/parties"), dir.path());
    let draft = dir.path().join("drafts/2024-09-21-wilmington-1st");
    let meeting = draft.join("meeting.toml");
    let mut text = read(&meeting);
    text.push_str(
        "\n[signatures]\ndone_at = true\nlanguages = [\"English\", \"French\"]\nsignatories = [\n  { party = \"au\", name = \"A. Signer\", title = \"Minister\" },\n  { party = \"in\", name = \"B. Signer\", title = \"Minister\" },\n  { party = \"jp\", name = \"C. Signer\", title = \"Minister\" },\n  { party = \"us\", name = \"D. Signer\", title = \"Secretary\" },\n]\n",
    );
    std::fs::write(&meeting, text).unwrap();
    let out = dir.path().join("out");
    let status = chancery()
        .args(["build"])
        .arg(&draft)
        .args(["--format", "docx,txt", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        status.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let file = std::fs::File::open(out.join("statement.docx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let table = &xml[xml.rfind("<w:tbl>").expect("a signature table")..];
    let table = &table[..table.find("</w:tbl>").unwrap()];
    assert_eq!(table.matches("<w:gridCol ").count(), 2, "two columns");
    assert_eq!(
        table.matches("<w:tr>").count() + table.matches("<w:tr ").count(),
        6
    );
    for name in ["A. Signer", "B. Signer", "C. Signer", "D. Signer"] {
        assert_eq!(table.matches(name).count(), 1, "{name} signs once");
    }
    // Four parties sign four originals.
    let txt = read(&out.join("statement.txt"));
    assert!(
        txt.contains(", in quadruplicate, in the English and French languages,"),
        "{txt}"
    );
}

// A trilateral final set: one copy per party in every format, all in the manifest; `verify`
// passes on it and names a copy changed afterwards.
#[test]
fn trilateral_final_set_verifies() {
    let out = tempdir();
    let built = chancery()
        .args([
            "build", TRILATERAL, "--final", "--format", "txt,pdf", "--out",
        ])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(
        built.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let manifest = read(&out.path().join("manifest.json"));
    for party in ["au", "jp", "us"] {
        for ext in ["txt", "pdf"] {
            assert!(
                manifest.contains(&format!("\"statement.{party}.{ext}\"")),
                "{party}.{ext}"
            );
        }
    }
    let verified = chancery().arg("verify").arg(out.path()).output().unwrap();
    assert_eq!(verified.status.code(), Some(0));
    std::fs::write(out.path().join("statement.au.txt"), "altered\n").unwrap();
    let verified = chancery().arg("verify").arg(out.path()).output().unwrap();
    assert_eq!(verified.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&verified.stdout).contains("statement.au.txt"));
}

// Between two trilateral drafts that differ only in the meeting's date, `diff` shows the edit
// and `diff --substantive` hides it (the date is meeting data); a wording edit stays visible.
#[test]
fn trilateral_substantive_diff_hides_data_edits() {
    let dir = tempdir();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    copy_tree(&repo("tests/fixtures/parties"), &a);
    copy_tree(&repo("tests/fixtures/parties"), &b);
    let rel = "drafts/2024-03-20-canberra-1st";
    let meeting = b.join(rel).join("meeting.toml");
    let text = read(&meeting).replace("date = \"2024-03-20\"", "date = \"2024-03-21\"");
    std::fs::write(&meeting, text).unwrap();
    let diff = |extra: &[&str]| {
        chancery()
            .arg("diff")
            .arg(a.join(rel))
            .arg(b.join(rel))
            .args(["--copy", "jp"])
            .args(extra)
            .output()
            .unwrap()
    };
    let plain = diff(&[]);
    assert_eq!(plain.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&plain.stdout).contains("March [-20-]{+21+}, 2024"));
    assert_eq!(diff(&["--substantive"]).status.code(), Some(0));
    let clause = b.join("templates/clauses/third-party.md");
    let wording = read(&clause).replace("will host", "is to host");
    std::fs::write(&clause, wording).unwrap();
    let substantive = diff(&["--substantive"]);
    assert_eq!(substantive.status.code(), Some(1));
    let shown = String::from_utf8_lossy(&substantive.stdout).into_owned();
    assert!(shown.contains("[-will-]{+is to+} host"), "{shown}");
    assert!(!shown.contains("[-20-]"), "{shown}");
}
