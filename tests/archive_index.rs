//! The persistent archive index of `chancery provenance`: kept in the workspace's cache
//! folder, updated by reading only the statements that were added or changed, rebuilt when it
//! is truncated or corrupt, and always giving the verdicts of a run without it (`--no-index`).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use common::{ADOPTED_2014, chancery, tempdir};

/// A workspace with a subject and an archive folder of `n` statements of a series.
struct Workspace {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Workspace {
    fn new(n: usize) -> Self {
        let dir = tempdir();
        let root = dir.path().to_path_buf();
        fs::create_dir_all(root.join("drafts")).unwrap();
        fs::create_dir_all(root.join("archive")).unwrap();
        let subject = ADOPTED_2014
            .replace("Second", "Third")
            .replace("May 9, 2014", "June 10, 2015");
        fs::write(root.join("subject.txt"), subject).unwrap();
        let ws = Workspace { _dir: dir, root };
        for i in 1..=n {
            ws.write_statement(i, "");
        }
        ws
    }

    fn statement(&self, i: usize) -> PathBuf {
        self.root
            .join("archive")
            .join(format!("{i:04}-statement.txt"))
    }

    /// Statement `i` of the series, with `extra` added to its last paragraph, dated an hour
    /// ago (a stamp old enough to trust).
    fn write_statement(&self, i: usize, extra: &str) {
        let text = ADOPTED_2014
            .replace("Second", &format!("Meeting {i}"))
            .replace("May 9, 2014", &format!("May {}, {}", i % 28 + 1, 1900 + i));
        let text = format!("{}{extra}\n", text.trim_end());
        let path = self.statement(i);
        fs::write(&path, text).unwrap();
        self.age(&path);
    }

    fn age(&self, path: &Path) {
        let file = fs::File::options().write(true).open(path).unwrap();
        file.set_modified(SystemTime::now() - Duration::from_secs(3600))
            .unwrap();
    }

    /// The one index file of the workspace.
    fn index(&self) -> PathBuf {
        let dir = self.root.join(".chancery/cache");
        let found: Vec<PathBuf> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "idx"))
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        found[0].clone()
    }

    fn run(&self, extra: &[&str]) -> std::process::Output {
        let out = chancery()
            .arg("provenance")
            .arg(self.root.join("subject.txt"))
            .arg("--archive")
            .arg(self.root.join("archive"))
            .args(["--format", "json"])
            .args(extra)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// A run with the index: its `--verbose` line; its report must be the one without.
    fn query(&self) -> String {
        let with = self.run(&["--verbose"]);
        let without = self.run(&["--no-index"]);
        assert_eq!(
            String::from_utf8_lossy(&with.stdout),
            String::from_utf8_lossy(&without.stdout),
            "the index changes no verdict"
        );
        let stderr = String::from_utf8(with.stderr).unwrap();
        // The last: a run that found damage while querying says so on a second line.
        stderr
            .lines()
            .rfind(|l| l.starts_with("index "))
            .unwrap_or_else(|| panic!("no index line in {stderr:?}"))
            .to_owned()
    }
}

fn counts(line: &str) -> &str {
    line.split_once(": ").map_or(line, |(_, rest)| rest)
}

// Built once; then every run reuses it unread; an added statement is the only one read.
#[test]
fn an_added_statement_is_read_alone() {
    let ws = Workspace::new(30);
    assert_eq!(
        counts(&ws.query()),
        "30 statements (0 reused, 0 checked by digest, 30 read), 0 removed; built"
    );
    assert!(ws.index().starts_with(ws.root.join(".chancery/cache")));
    let ignore = fs::read_to_string(ws.root.join(".chancery/.gitignore")).unwrap();
    assert!(
        ignore.lines().any(|l| l == "*"),
        "git ignores the cache: {ignore}"
    );
    assert_eq!(
        counts(&ws.query()),
        "30 statements (30 reused, 0 checked by digest, 0 read), 0 removed; up to date"
    );
    ws.write_statement(31, " Both sides agreed to meet again in Kyoto.");
    assert_eq!(
        counts(&ws.query()),
        "31 statements (30 reused, 0 checked by digest, 1 read), 0 removed; updated"
    );
    assert_eq!(
        counts(&ws.query()),
        "31 statements (31 reused, 0 checked by digest, 0 read), 0 removed; up to date"
    );
}

// A changed statement is read again, a removed one dropped, and a file whose stamp changed
// but not its bytes is checked by digest, not indexed again.
#[test]
fn changed_removed_and_touched_statements() {
    let ws = Workspace::new(12);
    ws.query();
    ws.write_statement(5, " The co-chairs thanked the hosts.");
    assert_eq!(
        counts(&ws.query()),
        "12 statements (11 reused, 0 checked by digest, 1 read), 0 removed; updated"
    );
    fs::remove_file(ws.statement(7)).unwrap();
    assert_eq!(
        counts(&ws.query()),
        "11 statements (11 reused, 0 checked by digest, 0 read), 1 removed; updated"
    );
    let touched = ws.statement(3);
    let file = fs::File::options().write(true).open(&touched).unwrap();
    file.set_modified(SystemTime::now() - Duration::from_secs(7200))
        .unwrap();
    assert_eq!(
        counts(&ws.query()),
        "11 statements (10 reused, 1 checked by digest, 0 read), 0 removed; up to date; 1 stamps renewed"
    );
    assert_eq!(
        counts(&ws.query()),
        "11 statements (11 reused, 0 checked by digest, 0 read), 0 removed; up to date"
    );
}

// A file written moments ago is not trusted by its stamp: its digest is checked each run.
#[test]
fn a_file_just_written_is_checked_by_digest() {
    let ws = Workspace::new(3);
    ws.query();
    fs::write(ws.statement(2), fs::read(ws.statement(2)).unwrap()).unwrap();
    let line = ws.query();
    assert!(
        counts(&line).starts_with("3 statements (2 reused, 1 checked by digest, 0 read)"),
        "{line}"
    );
}

// A truncated, corrupted or foreign index file is detected and rebuilt, never used; the
// verdicts stay those of a run without the index. Damage in the part every query reads (the
// head) is found on opening; damage in the body, in the blocks a query reads.
#[test]
fn a_corrupt_index_is_rebuilt() {
    let ws = Workspace::new(10);
    ws.query();
    let index = ws.index();
    let good = fs::read(&index).unwrap();
    let head_len = u64::from_le_bytes(good[80..88].try_into().unwrap()) as usize;
    let body = 120 + head_len;
    let half = &good[..good.len() / 2];
    let mut head_flip = good.clone();
    head_flip[120 + 40] ^= 1;
    let mut body_zeroed = good.clone();
    body_zeroed[body..].fill(0);
    let mut body_flip = good.clone();
    body_flip[good.len() - 1] ^= 1;
    let cases: [(&[u8], &str); 6] = [
        (half, "rebuilt (index truncated or of the wrong length)"),
        (
            &head_flip,
            "rebuilt (index checksum does not match (corrupt))",
        ),
        (
            &body_zeroed,
            "rebuilt (index checksum does not match (corrupt))",
        ),
        (b"not an index at all", "rebuilt (not an archive index)"),
        (b"", "rebuilt (not an archive index)"),
        (
            &good[..good.len() - 1],
            "rebuilt (index truncated or of the wrong length)",
        ),
    ];
    for (bytes, action) in cases {
        fs::write(&index, bytes).unwrap();
        let line = ws.query();
        assert_eq!(
            counts(&line),
            format!("10 statements (0 reused, 0 checked by digest, 10 read), 0 removed; {action}")
        );
        assert_eq!(fs::read(&index).unwrap(), good, "rebuilt to the same bytes");
    }
    // A damaged block no query reads changes no verdict (the report is the --no-index one,
    // checked by `query`).
    fs::write(&index, &body_flip).unwrap();
    ws.query();
}

// An index left by another archive state (every statement's text changed under it) gives the
// new verdicts, not the stored ones.
#[test]
fn a_stale_index_gives_fresh_verdicts() {
    let ws = Workspace::new(4);
    let verbatim = |out: std::process::Output| {
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["summary"]["verbatim"]["sentences"].as_u64().unwrap()
    };
    assert!(verbatim(ws.run(&[])) > 10);
    for i in 1..=4 {
        fs::write(ws.statement(i), "Nothing in common with the subject.\n").unwrap();
        ws.age(&ws.statement(i));
    }
    assert_eq!(
        counts(&ws.query()),
        "4 statements (0 reused, 0 checked by digest, 4 read), 0 removed; updated"
    );
    assert_eq!(verbatim(ws.run(&[])), 0);
}

// Without a workspace (no drafts/ folder around the subject or the archive) nothing is kept.
#[test]
fn no_workspace_no_index() {
    let dir = tempdir();
    let a = dir.path().join("a.txt");
    fs::write(&a, ADOPTED_2014).unwrap();
    let out = chancery()
        .arg("provenance")
        .arg(&a)
        .arg("--archive")
        .arg(&a)
        .arg("--verbose")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("index: none (no workspace)"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!dir.path().join(".chancery").exists());
}

// Runs started together on a workspace without an index all give the verdicts of a run without
// it, and leave one sound index that the next run uses as it is.
#[test]
fn concurrent_first_runs_agree() {
    let ws = Workspace::new(20);
    let children: Vec<std::process::Child> = (0..4)
        .map(|_| {
            let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("chancery"));
            cmd.current_dir(common::root())
                .arg("provenance")
                .arg(ws.root.join("subject.txt"))
                .arg("--archive")
                .arg(ws.root.join("archive"))
                .args(["--format", "json"])
                .stdout(std::process::Stdio::piped());
            cmd.spawn().unwrap()
        })
        .collect();
    let want = ws.run(&["--no-index"]).stdout;
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&want)
        );
    }
    assert_eq!(
        counts(&ws.query()),
        "20 statements (20 reused, 0 checked by digest, 0 read), 0 removed; up to date"
    );
}

// A workspace where the cache cannot be written still answers, from an index built in memory,
// with a warning that it is not kept.
#[test]
fn an_unwritable_cache_is_a_warning() {
    let ws = Workspace::new(5);
    fs::write(
        ws.root.join(".chancery"),
        "a file where the cache folder would be",
    )
    .unwrap();
    let out = ws.run(&["--verbose"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: the archive index is not kept"),
        "{stderr}"
    );
    assert!(stderr.contains("built, not written"), "{stderr}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&ws.run(&["--no-index"]).stdout)
    );
}
