//! `chancery provenance`: sentence by sentence, what in a draft is verbatim precedent,
//! precedent with edits, or new, against an archive of adopted statements.

mod common;

use common::{chancery, repo, tempdir};
use serde_json::Value;

const ADOPTED_2014: &str = "drafts/2014-05-09-washington-2nd/adopted.txt";

/// The JSON report, from the archive index (kept in the workspace's cache folder); a run
/// without the index (`--no-index`) must give the same bytes, so every case here checks both.
fn json_report(args: &[&str]) -> Value {
    let run = |extra: &[&str]| {
        let out = chancery()
            .arg("provenance")
            .args(args)
            .args(["--format", "json"])
            .args(extra)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let indexed = run(&[]);
    assert_eq!(
        String::from_utf8_lossy(&indexed),
        String::from_utf8_lossy(&run(&["--no-index"])),
        "the index gives the in-memory verdicts"
    );
    serde_json::from_slice(&indexed).expect("the report is JSON")
}

fn sentence<'a>(report: &'a Value, starts: &str) -> &'a Value {
    report["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["text"].as_str().unwrap().starts_with(starts))
        .unwrap_or_else(|| panic!("no sentence starting {starts:?}"))
}

// The 2015 draft against the 2014 statement: carried-over sentences are verbatim, the edited
// ones edited with the right word diff, the new ones new; every sentence's verdict as reviewed.
#[test]
fn draft_2015_against_2014() {
    let r = json_report(&["drafts/2015-tokyo-3rd", "--archive", ADOPTED_2014]);
    let statuses: Vec<&str> = r["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["status"].as_str().unwrap())
        .collect();
    #[rustfmt::skip]
    let expected = [
        "verbatim", "edited", "new",                          // title, subtitle, date line
        "edited", "edited",                                   // opening: meeting, previous meeting
        "verbatim", "edited",                                 // co-chairs; participants (new ministry, semicolons)
        "edited", "verbatim",                                 // purpose: "Third", "in 2013"
        "edited", "verbatim",                                 // new era
        "edited", "verbatim", "verbatim", "verbatim", "verbatim", // policy exchange
        "verbatim", "verbatim", "verbatim",                   // SSA
        "new",                                                // space sustainability (new paragraph)
        "edited", "verbatim",                                 // MDA (second exercise), TCBMs
        "verbatim",                                           // strategic importance
        "edited",                                             // next meeting
    ];
    assert_eq!(statuses, expected);

    let carried = sentence(&r, "Both sides affirmed their intention");
    assert_eq!(carried["similarity"], 1.0);
    assert_eq!(carried["source"]["statement"], ADOPTED_2014);
    assert_eq!(carried["source"]["paragraph"], 7);
    assert_eq!(carried["source"]["sentence"], 2);

    let opening = sentence(&r, "Pursuant to their shared goal");
    assert_eq!(
        opening["diff"],
        "Pursuant to their shared goal of continuing to advance bilateral space cooperation as \
         declared by their leaders, the Government of Japan and the Government of the United \
         States of America held their [-Second-]{+Third+} Meeting of the Comprehensive Dialogue \
         on Space in [-Washington, D.C.-]{+Tokyo+} on [-May 9, 2014-]{+June 10, 2015+}."
    );
    assert_eq!(opening["source"]["paragraph"], 4);
    let mda = sentence(&r, "Both sides also re-affirmed");
    assert!(
        mda["diff"].as_str().unwrap().ends_with(
            "noting that the two countries [-successfully -]held [-the first-]{+a second+} \
             table-top exercise for space-based MDA in [-March 2014-]{+February 2015+}."
        ),
        "{}",
        mda["diff"]
    );
    let edits = mda["edits"].as_array().unwrap();
    assert_eq!(edits.len(), 3);
    assert_eq!(edits[2]["delete"], "March 2014");
    assert_eq!(edits[2]["insert"], "February 2015");
    let sim = mda["similarity"].as_f64().unwrap();
    assert!(sim > 0.8 && sim < 1.0, "{sim}");
    let participants = sentence(&r, "Principal participants were");
    assert!(
        participants["diff"]
            .as_str()
            .unwrap()
            .contains("National Security Secretariat[-,-]{+; Ministry of Internal Affairs and Communications;+} Ministry of Education")
    );

    let new = sentence(&r, "Both sides shared the view");
    assert_eq!(new["source"], Value::Null);
    assert_eq!(new["similarity"], Value::Null);

    let s = &r["summary"];
    assert_eq!(s["sentences"], 24);
    assert_eq!(s["verbatim"]["sentences"], 13);
    assert_eq!(s["edited"]["sentences"], 9);
    assert_eq!(s["new"]["sentences"], 2);
    let shares: f64 = ["verbatim", "edited", "new"]
        .iter()
        .map(|k| s[k]["share"].as_f64().unwrap())
        .sum();
    assert!((shares - 1.0).abs() < 0.002, "{shares}");
}

// The 2014 statement against an archive holding only itself is 100% verbatim, each sentence
// sourced at its own place.
#[test]
fn statement_against_itself_is_all_verbatim() {
    let r = json_report(&[ADOPTED_2014, "--archive", ADOPTED_2014]);
    let s = &r["summary"];
    assert_eq!(s["verbatim"]["share"], 1.0);
    assert_eq!(s["verbatim"]["word_share"], 1.0);
    assert_eq!(s["sentences"], 23);
    for sent in r["sentences"].as_array().unwrap() {
        assert_eq!(sent["status"], "verbatim");
        assert_eq!(sent["source"]["paragraph"], sent["paragraph"]);
        assert_eq!(sent["source"]["sentence"], sent["sentence"]);
    }
}

// Without --archive, the workspace's adopted statements are the archive, minus the subject's own.
#[test]
fn workspace_archive_leaves_out_the_subject() {
    let r = json_report(&["drafts/2015-tokyo-3rd"]);
    assert_eq!(r["archive"]["statements"], 1);
    assert_eq!(r["summary"]["verbatim"]["sentences"], 13);
    let out = chancery()
        .args(["provenance", "drafts/2014-05-09-washington-2nd"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("the archive holds no adopted statement")
    );
}

// With a sentence in several statements, the latest one is the source, and the count is given.
#[test]
fn latest_statement_is_the_source() {
    let dir = tempdir();
    let text = std::fs::read_to_string(repo(ADOPTED_2014)).unwrap();
    std::fs::write(dir.path().join("2014-a.txt"), &text).unwrap();
    std::fs::write(dir.path().join("2014-b.md"), &text).unwrap();
    let r = json_report(&[ADOPTED_2014, "--archive", dir.path().to_str().unwrap()]);
    let first = &r["sentences"][3];
    assert!(
        first["source"]["statement"]
            .as_str()
            .unwrap()
            .ends_with("2014-b.md")
    );
    assert_eq!(first["source"]["statements"], 2);
}

// The HTML report colours each sentence and shows the precedent's word diff on hover.
#[test]
fn html_report() {
    let out = chancery()
        .args([
            "provenance",
            "drafts/2015-tokyo-3rd",
            "--archive",
            ADOPTED_2014,
        ])
        .args(["--format", "html"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(html.matches("class=\"s verbatim\" tabindex").count(), 13);
    assert_eq!(html.matches("class=\"s edited\" tabindex").count(), 9);
    assert_eq!(html.matches("class=\"s new\" tabindex").count(), 2);
    assert!(html.contains("held their <del>Second</del><ins>Third</ins> Meeting"));
    assert!(html.contains("enhanced &quot;two-way&quot; SSA"));
    assert!(html.contains(".s:hover > .tip"));
}

// The text report lists each sentence with its verdict and ends with the summary; --summary
// prints only the summary; --out writes the format its extension names.
#[test]
fn text_report_and_out_file() {
    let out = chancery()
        .args([
            "provenance",
            "drafts/2015-tokyo-3rd",
            "--archive",
            ADOPTED_2014,
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("¶10.1   new         Both sides shared the view"));
    assert!(text.contains("24 sentences: 13 verbatim (54.2%), 9 edited (37.5%), 2 new (8.3%)"));
    let summary = chancery()
        .args(["provenance", "drafts/2015-tokyo-3rd", "--summary"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(summary.stdout).unwrap().lines().count(),
        3
    );
    let dir = tempdir();
    let file = dir.path().join("report.json");
    chancery()
        .args(["provenance", "drafts/2015-tokyo-3rd", "--out"])
        .arg(&file)
        .assert()
        .success();
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(v["summary"]["new"]["sentences"], 2);
}

// A missing archive path is a usage error (exit 2); an unreadable statement is invalid input (3).
#[test]
fn bad_archive_paths() {
    chancery()
        .args([
            "provenance",
            "drafts/2015-tokyo-3rd",
            "--archive",
            "no/such/dir",
        ])
        .assert()
        .code(2);
    let dir = tempdir();
    std::fs::write(dir.path().join("bad.txt"), b"\x00\x01binary").unwrap();
    let out = chancery()
        .args(["provenance", "drafts/2015-tokyo-3rd", "--archive"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("binary"));
}

// The archive commands have --help, like every command.
#[test]
fn help_on_archive_commands() {
    for args in [
        &["import", "--help"][..],
        &["provenance", "--help"],
        &["clauses", "extract", "--help"],
    ] {
        let out = chancery().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        assert!(
            String::from_utf8(out.stdout)
                .unwrap()
                .contains("Usage: chancery")
        );
    }
}
