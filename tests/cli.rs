//! The command line as a user meets it: help, the clause library.

mod common;

use common::{chancery, read, tempdir};

/// Each command and `clauses` subcommand, its usage line, and an option or argument its help
/// must describe.
const HELP: [(&str, &str, &str); 17] = [
    (
        "init",
        "Usage: chancery init [OPTIONS] [DIR]",
        "--party <KEY=NAME>",
    ),
    (
        "build",
        "Usage: chancery build [OPTIONS] [DRAFT]...",
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
        "absorb",
        "Usage: chancery absorb [OPTIONS] --into <DRAFT> --party <KEY> <FILE>",
        "--skip-unplaced",
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
    (
        "verify",
        "Usage: chancery verify [OPTIONS] <DIR>",
        "manifest.json",
    ),
    (
        "serve",
        "Usage: chancery serve [OPTIONS] [WORKSPACE]",
        "--port",
    ),
    (
        "completions",
        "Usage: chancery completions [OPTIONS] <SHELL>",
        "bash",
    ),
    (
        "man",
        "Usage: chancery man [OPTIONS] [COMMAND]",
        "chancery.1",
    ),
    (
        "schema",
        "Usage: chancery schema [OPTIONS] [WHICH]",
        "#:schema",
    ),
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

// Every command that reads an earlier statement reads it with the same loader: a file that is
// missing cannot be read (exit 4), one of an unknown kind is a usage error (exit 2) naming the
// kinds chancery reads.
#[test]
fn one_loader_for_every_statement_side() {
    let dir = tempdir();
    let d14 = "drafts/2014-05-09-washington-2nd";
    let into = dir.path().join("d");
    let into = into.to_str().unwrap();
    let commands: [Vec<&str>; 4] = [
        vec!["diff", d14],
        vec!["provenance"],
        vec!["import", "--into", into],
        vec!["clauses", "extract", "--out", into],
    ];
    for command in &commands {
        let run = |file: &str| {
            let out = chancery().args(command).arg(file).output().unwrap();
            (out.status.code(), String::from_utf8(out.stderr).unwrap())
        };
        let (code, err) = run("no/such/statement.txt");
        assert_eq!(code, Some(4), "{command:?}: {err}");
        assert!(
            err.contains("cannot read `no/such/statement.txt`"),
            "{command:?}: {err}"
        );
        let (code, err) = run("Cargo.lock");
        assert_eq!(code, Some(2), "{command:?}: {err}");
        assert!(
            err.contains("cannot tell what kind of document `Cargo.lock` is")
                && err.contains(".txt, .md or .docx file"),
            "{command:?}: {err}"
        );
    }
    assert!(!dir.path().join("d").exists(), "nothing is written");
}

// `--out` names the format by its extension, in any case, for diff and provenance alike; an
// extension that names none is a usage error listing the ones that do.
#[test]
fn output_format_by_extension() {
    let dir = tempdir();
    let page = dir.path().join("redline.HTM");
    let out = chancery()
        .args([
            "diff",
            "drafts/2014-05-09-washington-2nd",
            "drafts/2015-tokyo-3rd",
            "--out",
        ])
        .arg(&page)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(read(&page).starts_with("<!DOCTYPE html>"));
    let out = chancery()
        .args(["provenance", "drafts/2015-tokyo-3rd", "--out", "report.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("hint: name the file .txt, .html or .json, or give --format")
    );
}

// The completion script generated for bash is valid bash (`bash -n`) and completes the
// commands; the man page renders with groff without a warning, for chancery and for a command.
#[test]
fn completions_and_man_pages() {
    let script = chancery().args(["completions", "bash"]).output().unwrap();
    assert_eq!(script.status.code(), Some(0));
    let text = String::from_utf8(script.stdout).unwrap();
    assert!(
        text.contains("_chancery()") && text.contains("provenance"),
        "{text}"
    );
    let dir = tempdir();
    let file = dir.path().join("chancery.bash");
    std::fs::write(&file, &text).unwrap();
    let check = std::process::Command::new("bash")
        .arg("-n")
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    if !common::require_tool("groff") {
        return;
    }
    for args in [&["man"][..], &["man", "build"][..]] {
        let page = chancery().args(args).output().unwrap();
        assert_eq!(page.status.code(), Some(0));
        let roff = dir.path().join("page.1");
        std::fs::write(&roff, &page.stdout).unwrap();
        let out = std::process::Command::new("groff")
            .args(["-man", "-Tutf8", "-ww", "-P-cbou"])
            .arg(&roff)
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let shown = String::from_utf8_lossy(&out.stdout);
        assert!(shown.contains("NAME"), "{shown}");
    }
    let page =
        String::from_utf8(chancery().args(["man", "build"]).output().unwrap().stdout).unwrap();
    assert!(
        page.contains("chancery\\-build") && page.contains("final"),
        "{page}"
    );
}

// Every command's help ends with examples that start with `chancery <command>`.
#[test]
fn every_command_help_ends_with_examples() {
    for command in [
        "build",
        "check",
        "clauses",
        "diff",
        "import",
        "next",
        "provenance",
        "verify",
        "completions",
        "man",
    ] {
        let help = chancery().args([command, "--help"]).output().unwrap();
        let text = String::from_utf8(help.stdout).unwrap();
        let examples = text
            .rsplit_once("Examples:\n")
            .unwrap_or_else(|| panic!("`{command} --help` has no examples:\n{text}"))
            .1;
        let lines: Vec<&str> = examples.lines().filter(|l| !l.trim().is_empty()).collect();
        assert!(!lines.is_empty(), "{command}");
        for line in lines {
            assert!(
                line.trim_start()
                    .starts_with(&format!("chancery {command}")),
                "{command}: {line}"
            );
        }
    }
}
