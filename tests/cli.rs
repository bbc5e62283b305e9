//! The command line as a user meets it: help, the clause library.

mod common;

use common::chancery;

// Every subcommand has --help.
#[test]
fn help_on_every_subcommand() {
    for sub in ["build", "check", "clauses", "next"] {
        let out = chancery().args([sub, "--help"]).output().unwrap();
        assert!(out.status.success(), "{sub}");
        assert!(
            String::from_utf8(out.stdout)
                .unwrap()
                .contains("Usage: chancery"),
            "{sub}"
        );
    }
}

// `clauses` lists the library; `clauses show` prints one clause with its body.
#[test]
fn clauses_list_and_show() {
    let list = String::from_utf8(chancery().arg("clauses").output().unwrap().stdout).unwrap();
    assert!(
        list.lines()
            .any(|l| l.starts_with("next-meeting") && l.contains("agreed"))
    );
    let show = String::from_utf8(
        chancery()
            .args(["clauses", "show", "next-meeting"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(show.contains("Both sides concurred on holding the {{ordinal next.number}} meeting"));
}

// An unknown clause in `clauses show` suggests the near match, exit code 2.
#[test]
fn clauses_show_unknown_suggests() {
    let out = chancery()
        .args(["clauses", "show", "next-meting"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("did you mean `next-meeting`?")
    );
}
