//! `chancery build` of several drafts in one call (`build A B`, `build --workspace DIR`): each
//! draft's files are those a single build writes, and a failing draft is reported by name
//! while the others are still written.

mod common;

use std::fs;
use std::path::Path;

use common::{ADOPTED_2014, chancery, read, tempdir};

const D14: &str = "drafts/2014-05-09-washington-2nd";
const D15: &str = "drafts/2015-tokyo-3rd";

// Two drafts named in one call are both built, each into `--out DIR/<draft name>/`, with the
// bytes a single-draft build of each writes.
#[test]
fn two_drafts_in_one_call() {
    let dir = tempdir();
    let out = dir.path().join("all");
    chancery()
        .args(["build", D14, D15, "--format", "txt,md", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(
        read(&out.join("2014-05-09-washington-2nd/statement.txt")).trim_end(),
        ADOPTED_2014.trim_end()
    );
    for draft in [D14, D15] {
        let single = dir.path().join("single");
        chancery()
            .args(["build", draft, "--format", "txt,md", "--out"])
            .arg(&single)
            .assert()
            .success();
        let name = Path::new(draft).file_name().unwrap();
        for file in ["statement.txt", "statement.md"] {
            assert_eq!(
                read(&out.join(name).join(file)),
                read(&single.join(file)),
                "{draft} {file}"
            );
        }
    }
}

// In a workspace with one broken draft, the good draft's files are written, the broken one is
// named in the report at the end, and the exit code is that of its error (3: invalid inputs).
#[test]
fn failing_draft_is_reported_and_the_others_written() {
    let dir = tempdir();
    let good = dir.path().join("drafts/a-good");
    let bad = dir.path().join("drafts/b-broken");
    fs::create_dir_all(&good).unwrap();
    fs::create_dir_all(&bad).unwrap();
    fs::copy(
        Path::new(D14).join("meeting.toml"),
        good.join("meeting.toml"),
    )
    .unwrap();
    let broken = read(&Path::new(D14).join("meeting.toml"))
        .replace("clause = \"purpose\"", "clause = \"no-such-clause\"");
    fs::write(bad.join("meeting.toml"), broken).unwrap();
    let result = chancery()
        .args(["build", "--format", "txt", "--workspace"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8(result.stderr).unwrap();
    assert_eq!(result.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("error: draft `") && stderr.contains("b-broken` was not built"),
        "{stderr}"
    );
    assert!(stderr.contains("built 1 of 2 drafts"), "{stderr}");
    assert_eq!(
        read(&good.join("out/statement.txt")).trim_end(),
        ADOPTED_2014.trim_end()
    );
    assert!(
        !bad.join("out").exists(),
        "nothing written for the broken draft"
    );
}

// `--stdout` takes one draft: with two it is a usage error, and nothing is built.
#[test]
fn stdout_with_several_drafts_is_refused() {
    chancery()
        .args(["build", D14, D15, "--format", "txt", "--stdout"])
        .assert()
        .code(2);
}
