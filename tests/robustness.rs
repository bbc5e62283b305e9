//! Robustness of what chancery writes and reads (issue 12): temporary files never follow a
//! planted link and never outlive a build; a final set is replaced all-or-nothing whatever write
//! step fails or is killed; two builds never interleave; `verify` vouches only for files of its
//! folder. Each test names the defect of the issue it covers.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Stdio;

use common::{chancery, tempdir};

const AGREED: &str = "tests/fixtures/negotiation/agreed";

/// The names in `dir`, sorted.
fn names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The temporary entries chancery could have left in `dir` (any hidden `.tmp` name).
fn temps(dir: &Path) -> Vec<String> {
    names(dir)
        .into_iter()
        .filter(|n| n.starts_with('.') && n.ends_with(".tmp"))
        .collect()
}

/// `chancery build AGREED --final [--force] --format <formats> --out <out>` with `env` set.
fn final_build(out: &Path, formats: &str, force: bool, env: &[(&str, String)]) -> (i32, String) {
    let mut cmd = chancery();
    cmd.args(["build", AGREED, "--final", "--format", formats, "--out"])
        .arg(out);
    if force {
        cmd.arg("--force");
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = cmd.output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn verify(dir: &Path) -> (i32, String) {
    let o = chancery().arg("verify").arg(dir).output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

// Defect 2: links planted at the old predictable temporary names (`.{name}.{pid}.tmp`, for the
// next pids the kernel will hand out) and at the output name itself never lead the build to
// write elsewhere: the outside file is untouched and the output is a regular file.
#[cfg(target_os = "linux")]
#[test]
fn planted_links_are_never_followed() {
    let dir = tempdir();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let outside = dir.path().join("outside.txt");
    std::fs::write(&outside, "precious").unwrap();
    let last: u32 = std::fs::read_to_string("/proc/sys/kernel/ns_last_pid")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(1000);
    for pid in last + 1..last + 400 {
        let link = out.join(format!(".statement.txt.{pid}.tmp"));
        std::os::unix::fs::symlink(&outside, link).unwrap();
    }
    std::os::unix::fs::symlink(&outside, out.join("statement.txt")).unwrap();
    chancery()
        .args(["build", AGREED, "--format", "txt", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "precious");
    let meta = std::fs::symlink_metadata(out.join("statement.txt")).unwrap();
    assert!(meta.file_type().is_file(), "the output is still a link");
    // The planted names match the old temporary pattern: the build removed them as stale.
    assert_eq!(temps(&out), Vec::<String>::new());
}

// Defect 5: temporary files of a killed run are recognised and removed by the next build.
#[test]
fn stale_temporary_files_are_removed_by_the_next_build() {
    let dir = tempdir();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join(".chancery-AbC123.tmp"), "half").unwrap();
    std::fs::write(out.join(".statement.pdf.4242.tmp"), "half").unwrap();
    std::fs::write(out.join(".keep.tmp"), "not ours").unwrap();
    let o = chancery()
        .args(["build", AGREED, "--format", "txt", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(temps(&out), vec![".keep.tmp".to_owned()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("left by an interrupted build"), "{err}");
}

// Defect 8: `verify` refuses manifest names that leave the folder: `..`, an absolute path, a
// link out; it reads none of them and fails.
#[cfg(unix)]
#[test]
fn verify_refuses_names_that_leave_the_folder() {
    let dir = tempdir();
    let out = dir.path().join("final");
    assert_eq!(final_build(&out, "txt", false, &[]).0, 0);
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "outside").unwrap();
    let digest = chancery::manifest::sha256_hex(b"outside");
    std::os::unix::fs::symlink(&secret, out.join("statement.link.txt")).unwrap();
    let path = out.join("manifest.json");
    let mut m: serde_json::Value = serde_json::from_str(&common::read(&path)).unwrap();
    let outputs = m["outputs"].as_object_mut().unwrap();
    for name in [
        "../secret.txt".to_owned(),
        secret.display().to_string(),
        "statement.link.txt".to_owned(),
    ] {
        outputs.insert(name, digest.clone().into());
    }
    std::fs::write(&path, serde_json::to_string_pretty(&m).unwrap()).unwrap();
    let (code, stdout) = verify(&out);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("REFUSED  ../secret.txt"), "{stdout}");
    assert!(
        stdout.contains(&format!("REFUSED  {}", secret.display())),
        "{stdout}"
    );
    assert!(stdout.contains("REFUSED  statement.link.txt"), "{stdout}");
    assert!(!stdout.contains("ok       ../"), "{stdout}");
}

/// The set of names a `--final --format <formats>` build writes.
fn set_of(formats: &str) -> BTreeSet<String> {
    let mut set: BTreeSet<String> = formats
        .split(',')
        .flat_map(|f| ["jp", "us"].map(|p| format!("statement.{p}.{f}")))
        .collect();
    set.insert("manifest.json".into());
    set
}

// Defect 3: a `--final --force` build failing at any write step k = 1 … n (an injected I/O
// error) leaves either the complete old set or the complete new one; `verify` passes on it, and
// no temporary file remains beside or inside the folder.
#[test]
fn a_failure_at_any_write_step_leaves_one_complete_set() {
    let (old, new) = (set_of("txt,html"), set_of("txt,md"));
    // 5 files and a manifest, then flushing the folder, the swap, flushing the parent.
    let steps = new.len() + 3;
    let mut seen_new = false;
    for k in 1..=steps + 1 {
        let dir = tempdir();
        let out = dir.path().join("final");
        assert_eq!(final_build(&out, "txt,html", false, &[]).0, 0);
        let env = [("CHANCERY_FAIL_AT_STEP", k.to_string())];
        let (code, err) = final_build(&out, "txt,md", true, &env);
        let found = names(&out);
        assert!(
            found == old || found == new,
            "step {k}: a mixed set {found:?}"
        );
        assert_eq!(verify(&out).0, 0, "step {k}: verify fails");
        assert_eq!(temps(dir.path()), Vec::<String>::new(), "step {k}");
        assert_eq!(temps(&out), Vec::<String>::new(), "step {k}");
        if k <= steps {
            assert_eq!(code, 4, "step {k}: {err}");
            assert!(err.contains(&format!("injected failure at write step {k}")));
        } else {
            assert_eq!(code, 0, "{err}");
        }
        // Before the swap the old set stays; after it the new set is in place.
        assert_eq!(found == new, k >= steps, "step {k}");
        seen_new |= found == new;
    }
    assert!(seen_new);
}

// Defects 3 and 5: a build killed at any write step (abort, as a kill) leaves the old set
// complete; `verify` reports the temporary folder the kill left, and the next build removes
// it. A killed first `--final` leaves no copies and does not block a plain rerun.
#[test]
fn a_killed_build_leaves_the_old_set_and_its_temporary_is_cleaned() {
    let old = set_of("txt");
    for k in 1..=5 {
        let dir = tempdir();
        let out = dir.path().join("final");
        assert_eq!(final_build(&out, "txt", false, &[]).0, 0);
        let env = [("CHANCERY_KILL_AT_STEP", k.to_string())];
        let (code, _) = final_build(&out, "txt,md", true, &env);
        assert_ne!(code, 0, "step {k}: the kill did not happen");
        let found = names(&out);
        assert!(
            found == old || found == set_of("txt,md"),
            "step {k}: {found:?}"
        );
        let left = temps(dir.path());
        if !left.is_empty() {
            let (code, stdout) = verify(&out);
            assert_eq!(code, 1, "step {k}: {stdout}");
            assert!(stdout.contains("STALE"), "step {k}: {stdout}");
        }
        assert_eq!(final_build(&out, "txt", true, &[]).0, 0, "step {k}");
        assert_eq!(temps(dir.path()), Vec::<String>::new(), "step {k}");
        assert_eq!(verify(&out).0, 0, "step {k}");
    }
    let dir = tempdir();
    let out = dir.path().join("final");
    let env = [("CHANCERY_KILL_AT_STEP", "2".to_owned())];
    assert_ne!(final_build(&out, "txt", false, &env).0, 0);
    assert!(!out.exists(), "a killed first build left copies");
    assert_eq!(final_build(&out, "txt", false, &[]).0, 0);
    assert_eq!(verify(&out).0, 0);
}

// Defect 4: two `--final` builds started together into one new folder never both succeed;
// the loser waits for the lock and then refuses, and the folder verifies. Several rounds.
#[test]
fn two_concurrent_final_builds_never_both_succeed() {
    let bin = assert_cmd::cargo::cargo_bin("chancery");
    for round in 0..8 {
        let dir = tempdir();
        let out = dir.path().join("final");
        let spawn = || {
            std::process::Command::new(&bin)
                .current_dir(common::root())
                .args(["build", AGREED, "--final", "--format", "txt,md", "--out"])
                .arg(&out)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        let codes: Vec<i32> = [a, b]
            .into_iter()
            .map(|c| c.wait_with_output().unwrap().status.code().unwrap_or(-1))
            .collect();
        let won = codes.iter().filter(|&&c| c == 0).count();
        assert_eq!(won, 1, "round {round}: exit codes {codes:?}");
        assert!(codes.contains(&2), "round {round}: {codes:?}");
        assert_eq!(verify(&out).0, 0, "round {round}");
        assert_eq!(temps(dir.path()), Vec::<String>::new(), "round {round}");
    }
}

/// A workspace holding the agreed draft (at `<ws>/draft`) whose `opening` clause is `body`.
fn workspace_with_opening(body: &str) -> tempfile::TempDir {
    let ws = tempdir();
    let draft = ws.path().join("draft");
    std::fs::create_dir_all(&draft).unwrap();
    let previous = common::repo("drafts/2014-05-09-washington-2nd");
    let toml = common::read(&common::repo(&format!("{AGREED}/meeting.toml"))).replace(
        "../../../../drafts/2014-05-09-washington-2nd",
        &previous.display().to_string(),
    );
    std::fs::write(draft.join("meeting.toml"), toml).unwrap();
    let clauses = ws.path().join("templates/clauses");
    std::fs::create_dir_all(&clauses).unwrap();
    let front = "+++\nid = \"opening\"\ntitle = \"Opening\"\ntopic = \"procedure\"\nstatus = \"agreed\"\ndescription = \"d\"\n+++\n";
    std::fs::write(clauses.join("opening.md"), format!("{front}{body}\n")).unwrap();
    ws
}

// Defect 1: 5,000 and 100,000 nested `{{#if}}` in a clause give a located error (the clause
// file, the line and column of the first block over the budget) with exit 3, not a stack
// overflow; a clause nested to the limit still builds.
#[test]
fn deeply_nested_blocks_are_a_located_error() {
    for depth in [5_000, 100_000] {
        // Short blocks, so that 100,000 levels (1.6 MB) stay within the clause file's size
        // limit and meet the nesting budget.
        let body = format!(
            "Opening.\n{}x{}",
            "{{#if x}}".repeat(depth),
            "{{/if}}".repeat(depth)
        );
        let ws = workspace_with_opening(&body);
        let o = chancery()
            .args(["build", "--format", "txt"])
            .arg(ws.path().join("draft"))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(3), "depth {depth}: {err}");
        let col = 1 + 9 * chancery::templates::MAX_NESTING;
        assert!(err.contains(&format!("opening.md:9:{col}")), "{err}");
        assert!(err.contains("nested more than 64 deep"), "{err}");
    }
    let n = chancery::templates::MAX_NESTING;
    let body = format!(
        "Opening.{}x{}",
        "{{#if meeting.city}}".repeat(n),
        "{{/if}}".repeat(n)
    );
    let ws = workspace_with_opening(&body);
    let out = ws.path().join("out");
    chancery()
        .args(["build", "--format", "txt", "--out"])
        .arg(&out)
        .arg(ws.path().join("draft"))
        .assert()
        .success();
    assert!(common::read(&out.join("statement.txt")).contains("Opening.x"));
}

// Defect 7 (inputs): every file chancery reads has a size limit, and a file over it is a
// clear error naming the limit (exit 3), read no further than the limit: a meeting.toml, a
// clause file, a font.
#[test]
fn inputs_over_their_size_limit_are_refused_with_the_limit_named() {
    let ws = workspace_with_opening("Opening.");
    let draft = ws.path().join("draft");
    let meeting = draft.join("meeting.toml");
    let mut toml = common::read(&meeting);
    toml.push_str(&format!("\n# {}\n", "x".repeat(17 << 20)));
    std::fs::write(&meeting, &toml).unwrap();
    let o = chancery()
        .args(["build", "--format", "txt"])
        .arg(&draft)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(
        err.contains("larger than 16 MiB, the limit for a meeting.toml"),
        "{err}"
    );

    let ws = workspace_with_opening(&format!("Opening {}.", "x".repeat(3 << 20)));
    let o = chancery()
        .args(["build", "--format", "txt"])
        .arg(ws.path().join("draft"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(err.contains("opening.md"), "{err}");
    assert!(
        err.contains("larger than 2 MiB, the limit for a template or clause file"),
        "{err}"
    );

    // A font named by path, 65 MiB (sparse: nothing is written but its length).
    let ws = workspace_with_opening("Opening.");
    let draft = ws.path().join("draft");
    let font = draft.join("huge.ttf");
    std::fs::File::create(&font)
        .unwrap()
        .set_len(65 << 20)
        .unwrap();
    let mut toml = common::read(&draft.join("meeting.toml"));
    toml = toml.replacen(
        "[meeting]",
        "[document]\nfont = \"huge.ttf\"\n\n[meeting]",
        1,
    );
    std::fs::write(draft.join("meeting.toml"), toml).unwrap();
    let o = chancery()
        .args(["build", "--format", "pdf", "--out"])
        .arg(ws.path().join("out"))
        .arg(&draft)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(
        err.contains("larger than 64 MiB, the limit for a font file"),
        "{err}"
    );
}
