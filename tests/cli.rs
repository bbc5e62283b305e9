//! The command line as a user meets it: help, the clause library.

mod common;

use common::chancery;

/// Each command and `clauses` subcommand, its usage line, and an option or argument its help
/// must describe.
const HELP: [(&str, &str, &str); 11] = [
    (
        "build",
        "Usage: chancery build [OPTIONS] <DRAFT>",
        "--final",
    ),
    (
        "check",
        "Usage: chancery check [OPTIONS] <DRAFT>",
        "--templates",
    ),
    (
        "clauses",
        "Usage: chancery clauses [OPTIONS] [COMMAND]",
        "extract",
    ),
    (
        "diff",
        "Usage: chancery diff [OPTIONS] <OLD> <NEW>",
        "--substantive",
    ),
    (
        "import",
        "Usage: chancery import [OPTIONS] --into <DRAFT> <FILE>",
        "--reject-changes",
    ),
    (
        "next",
        "Usage: chancery next [OPTIONS] --out <OUT> <PREVIOUS>",
        "--date",
    ),
    (
        "provenance",
        "Usage: chancery provenance [OPTIONS] <SUBJECT>",
        "--min-similarity",
    ),
    ("verify", "Usage: chancery verify <DIR>", "manifest.json"),
    (
        "clauses list",
        "Usage: chancery clauses list [OPTIONS]",
        "--templates",
    ),
    (
        "clauses show",
        "Usage: chancery clauses show [OPTIONS] <ID>",
        "The clause id",
    ),
    (
        "clauses extract",
        "Usage: chancery clauses extract [OPTIONS] --out <DRAFT> <FILE>",
        "--prefix",
    ),
];

// Every command and `clauses` subcommand has --help, with its own usage line and options; the
// list above covers every command `chancery --help` names.
#[test]
fn help_on_every_subcommand() {
    let top = String::from_utf8(chancery().arg("--help").output().unwrap().stdout).unwrap();
    let listed: Vec<&str> = top
        .split("Commands:\n")
        .nth(1)
        .expect("a Commands: section")
        .lines()
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    let covered: Vec<&str> = HELP
        .iter()
        .map(|(c, _, _)| *c)
        .filter(|c| !c.contains(' '))
        .collect();
    assert_eq!(listed, covered, "{top}");
    for (command, usage, option) in HELP {
        let out = chancery()
            .args(command.split(' '))
            .arg("--help")
            .output()
            .unwrap();
        assert!(out.status.success(), "{command}");
        let help = String::from_utf8(out.stdout).unwrap();
        assert!(
            help.lines().any(|l| l == usage),
            "{command}: no `{usage}` in\n{help}"
        );
        assert!(help.contains(option), "{command}: no `{option}` in\n{help}");
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
