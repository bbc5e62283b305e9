//! `chancery init`: a new workspace that checks and builds at once, in every format; a folder
//! that is not empty is refused without `--force`; the questions asked on a terminal.

mod common;

use std::path::Path;

use common::{chancery, tempdir};

const DRAFT: &str = "drafts/2026-03-20-canberra-1st";

/// `chancery init <dir>` for a trilateral series; returns stderr.
fn init(dir: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let out = chancery()
        .arg("init")
        .arg(dir)
        .args([
            "--series",
            "Dialogue on Space Cooperation",
            "--party",
            "au=Australia",
            "--party",
            "jp=Japan",
            "--party",
            "us=the United States",
            "--city",
            "Canberra",
            "--date",
            "2026-03-20",
        ])
        .args(extra)
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

// init, then check and build in every format, from inside the new workspace.
#[test]
fn a_new_workspace_checks_and_builds_in_every_format() {
    let tmp = tempdir();
    let ws = tmp.path().join("space-dialogue");
    let (code, err) = init(&ws, &[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains(&format!("chancery check {DRAFT}")), "{err}");
    for file in [
        "README.md",
        ".gitignore",
        ".taplo.toml",
        "schemas/meeting.schema.json",
        "schemas/clause.schema.json",
        "templates/clauses/opening.md",
        "templates/clauses/delegations.md",
    ] {
        assert!(ws.join(file).is_file(), "{file} missing");
    }
    let meeting = std::fs::read_to_string(ws.join(DRAFT).join("meeting.toml")).unwrap();
    assert!(meeting.starts_with("#:schema ../../schemas/meeting.schema.json\n"));
    assert!(
        std::fs::read_to_string(ws.join(".gitignore"))
            .unwrap()
            .contains("out/")
    );
    let check = chancery()
        .current_dir(&ws)
        .args(["check", DRAFT])
        .output()
        .unwrap();
    let check_err = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(0), "{check_err}");
    assert!(check_err.contains("0 warnings"), "{check_err}");
    let build = chancery()
        .current_dir(&ws)
        .args(["build", DRAFT, "--format", "txt,md,html,docx,pdf"])
        .output()
        .unwrap();
    assert_eq!(
        build.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    for ext in ["txt", "md", "html", "docx", "pdf"] {
        let f = ws.join(DRAFT).join("out").join(format!("statement.{ext}"));
        assert!(
            std::fs::metadata(&f).unwrap().len() > 100,
            "{}",
            f.display()
        );
    }
    let text = std::fs::read_to_string(ws.join(DRAFT).join("out/statement.txt")).unwrap();
    assert!(
        text.contains(
            "The Government of Australia, the Government of Japan and the Government of the United \
         States of America held the first meeting of the Australia-Japan-U.S. Dialogue on Space \
         Cooperation in Canberra, Australia, on March 20, 2026."
        ),
        "{text}"
    );
    assert!(text.contains("The Japanese delegation included"), "{text}");
    // The next meeting's draft keeps the editor's schema line.
    let next = chancery()
        .current_dir(&ws)
        .args([
            "next",
            DRAFT,
            "--out",
            "drafts/2027-tokyo-2nd",
            "--date",
            "2027-03-01",
            "--city",
            "Tokyo",
        ])
        .output()
        .unwrap();
    assert_eq!(
        next.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&next.stderr)
    );
    let second = std::fs::read_to_string(ws.join("drafts/2027-tokyo-2nd/meeting.toml")).unwrap();
    assert!(
        second.starts_with("#:schema ../../schemas/meeting.schema.json\n# The 2nd meeting"),
        "{second}"
    );
}

// A folder that is not empty is refused without --force and left as it was; with --force the
// workspace's files are written and the others kept.
#[test]
fn a_folder_that_is_not_empty_needs_force() {
    let tmp = tempdir();
    let ws = tmp.path().join("ws");
    std::fs::create_dir(&ws).unwrap();
    std::fs::write(ws.join("notes.txt"), "ours").unwrap();
    let (code, err) = init(&ws, &[]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("is not empty") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(std::fs::read_dir(&ws).unwrap().count(), 1);
    let (code, err) = init(&ws, &["--force"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        std::fs::read_to_string(ws.join("notes.txt")).unwrap(),
        "ours"
    );
    assert!(ws.join(DRAFT).join("meeting.toml").is_file());
    // An empty folder needs no --force.
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert_eq!(init(&empty, &[]).0, Some(0));
    assert!(empty.join("README.md").is_file());
}

// Bad flags: a usage error with a hint, and nothing written.
#[test]
fn bad_requests_write_nothing() {
    let tmp = tempdir();
    let ws = tmp.path().join("ws");
    let good = [
        "--series",
        "D",
        "--party",
        "au=Australia",
        "--party",
        "jp=Japan",
        "--date",
        "2026-03-20",
    ];
    for (from, to) in [
        ("2026-03-20", "2026-02-30"),
        ("jp=Japan", "Japan"),
        ("D", " "),
    ] {
        let args: Vec<&str> = good
            .iter()
            .map(|a| if *a == from { to } else { a })
            .collect();
        let out = chancery()
            .arg("init")
            .arg(&ws)
            .args(&args)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{to}: {err}");
        assert!(err.contains("hint:"), "{err}");
        assert!(!ws.exists(), "{to}: wrote the folder");
    }
    let (code, err) = init(&ws, &["--host", "uk"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("the host `uk` is not a party"), "{err}");
    assert!(!ws.exists());
    // No flags, off a terminal: says what is needed.
    let out = chancery().arg("init").arg(&ws).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--party KEY=NAME"));
    assert!(!ws.exists());
}

// On a terminal with no flags, init asks; the answers make the workspace. Run under
// script(1), which gives the command a terminal.
#[test]
fn on_a_terminal_init_asks() {
    if !common::require_tool("script") {
        return;
    }
    let tmp = tempdir();
    let ws = tmp.path().join("asked");
    let bin = assert_cmd::cargo::cargo_bin("chancery");
    let command = format!("{} init {}", bin.display(), ws.display());
    let answers = "Dialogue on Cyber Policy\nfr=France, de=Germany\nde\nBerlin\n2026-06-01\n";
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(answers.as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{shown}");
    assert!(shown.contains("Series name"), "{shown}");
    let meeting =
        std::fs::read_to_string(ws.join("drafts/2026-06-01-berlin-1st/meeting.toml")).unwrap();
    assert!(
        meeting.contains("name = \"Dialogue on Cyber Policy\""),
        "{meeting}"
    );
    assert!(meeting.contains("host = \"de\""), "{meeting}");
    assert!(meeting.contains("adjective = \"French\""), "{meeting}");
}

// With no DIR, init fills the current (empty) folder; a link to an empty folder works too.
#[test]
fn init_into_the_current_folder() {
    let tmp = tempdir();
    let out = chancery()
        .current_dir(tmp.path())
        .args([
            "init",
            "--series",
            "S",
            "--party",
            "au=Australia",
            "--party",
            "jp=Japan",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(tmp.path().join("drafts/1st/meeting.toml").is_file());
    let left: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".chancery-"))
        .collect();
    assert!(left.is_empty(), "temporaries left: {left:?}");
    #[cfg(unix)]
    {
        let real = tempdir();
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(real.path(), &link).unwrap();
        assert_eq!(init(&link, &[]).0, Some(0));
        assert!(real.path().join(DRAFT).join("meeting.toml").is_file());
    }
}
