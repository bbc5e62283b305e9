//! `chancery init [DIR]`: a new workspace for a new series, from flags or, on a terminal with
//! none, from a few questions. The content comes from the library (`chancery::init`), checked
//! there by assembling its first draft; this file asks, refuses a non-empty folder without
//! `--force`, and writes. A new folder is written whole in a temporary folder beside it and
//! renamed into place, so an interrupted `init` leaves nothing half made.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use chancery::error::Error;
use chancery::init::{InitRequest, PartySpec, Scaffold, scaffold};
use clap::Args;

use super::workspace::{temp_builder, write_atomic};

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  chancery init space-dialogue --series \"Dialogue on Space Cooperation\" --party au=Australia --party jp=Japan --city Canberra --date 2026-03-20\n  chancery init            (on a terminal, with no flags: asks a few questions)\n  cd space-dialogue && chancery build drafts/2026-03-20-canberra-1st --format txt,docx,pdf"
)]
pub(crate) struct InitArgs {
    /// The workspace folder to create [default: the current folder].
    dir: Option<PathBuf>,
    /// The series' name ("Dialogue on Space Cooperation").
    #[arg(long)]
    series: Option<String>,
    /// A party, as KEY=NAME (`jp=Japan`, `us="the United States"`); two or more, in copy order.
    #[arg(long = "party", value_name = "KEY=NAME")]
    parties: Vec<String>,
    /// The first meeting's host [default: the first party].
    #[arg(long, value_name = "KEY")]
    host: Option<String>,
    /// The first meeting's city.
    #[arg(long)]
    city: Option<String>,
    /// The first meeting's date, YYYY-MM-DD [default: not set yet; the draft shows `[date]`].
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    /// The first meeting's number [default: 1].
    #[arg(long)]
    number: Option<u32>,
    /// Write into a folder that is not empty (files init writes are replaced; others are kept).
    #[arg(long)]
    force: bool,
}

pub(crate) fn run(args: &InitArgs) -> Result<u8, Error> {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let no_flags = args.series.is_none() && args.parties.is_empty();
    let req = if no_flags && std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        ask(args)?
    } else {
        from_flags(args)?
    };
    let scaffold = scaffold(&req).map_err(|e| Error::usage(e.to_string(), e.hint()))?;
    let empty = is_empty(&dir)?;
    if !empty && !args.force {
        return Err(Error::usage(
            format!("`{}` is not empty", dir.display()),
            "give a new folder, or --force to write the workspace's files into this one (other files are kept)",
        ));
    }
    if dir.exists() && !empty {
        let replaced: Vec<String> = scaffold
            .files
            .iter()
            .filter(|(rel, text)| {
                std::fs::read(dir.join(rel)).is_ok_and(|old| old != text.as_bytes())
            })
            .map(|(rel, _)| rel.display().to_string())
            .collect();
        write_into(&dir, &scaffold)?;
        for r in replaced {
            super::report::info(&format!("replaced {r} (it differed from what init writes)"));
        }
    } else {
        write_new(&dir, &scaffold)?;
    }
    say_done(&dir, &scaffold);
    Ok(0)
}

fn from_flags(args: &InitArgs) -> Result<InitRequest, Error> {
    let Some(series) = args.series.clone() else {
        return Err(Error::usage(
            "`init` needs the series' name and its parties",
            "give --series \"…\" and --party KEY=NAME twice or more (or run it on a terminal with no flags to be asked)",
        ));
    };
    let parties = args
        .parties
        .iter()
        .map(|p| PartySpec::parse(p))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Error::usage(e.to_string(), e.hint()))?;
    Ok(InitRequest {
        series,
        parties,
        host: args.host.clone(),
        city: args.city.clone(),
        date: args.date.clone(),
        number: args.number,
    })
}

/// The questions asked on a terminal; an empty answer takes the default shown.
fn ask(args: &InitArgs) -> Result<InitRequest, Error> {
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut question = |prompt: &str, default: &str| -> Result<String, Error> {
        let shown = if default.is_empty() {
            String::new()
        } else {
            format!(" [{default}]")
        };
        eprint!("{prompt}{shown}: ");
        let _ = std::io::stderr().flush();
        let answer = match lines.next() {
            Some(Ok(line)) => line.trim().to_owned(),
            Some(Err(source)) => {
                return Err(Error::Read {
                    path: "<stdin>".into(),
                    source,
                });
            }
            None => String::new(),
        };
        Ok(if answer.is_empty() {
            default.to_owned()
        } else {
            answer
        })
    };
    let series = question("Series name", "Dialogue on Space Cooperation")?;
    let parties = question(
        "Parties, as KEY=NAME separated by commas",
        "jp=Japan, us=the United States",
    )?;
    let parties = parties
        .split(',')
        .filter(|p| !p.trim().is_empty())
        .map(PartySpec::parse)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Error::usage(e.to_string(), e.hint()))?;
    let first = parties.first().map(|p| p.key.clone()).unwrap_or_default();
    let host = question("Host of the first meeting (a key)", &first)?;
    let city = question("City of the first meeting (empty: none yet)", "")?;
    let date = question(
        "Date of the first meeting, YYYY-MM-DD (empty: not set yet)",
        "",
    )?;
    let opt = |s: String| (!s.is_empty()).then_some(s);
    Ok(InitRequest {
        series,
        parties,
        host: opt(host),
        city: opt(city),
        date: opt(date),
        number: args.number,
    })
}

/// Whether `dir` is missing or an empty folder; a file there is a usage error.
fn is_empty(dir: &Path) -> Result<bool, Error> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => Ok(entries.next().is_none()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(true),
        Err(_) if dir.is_file() => Err(Error::usage(
            format!("`{}` is a file", dir.display()),
            "give a folder for the workspace",
        )),
        Err(source) => Err(Error::Read {
            path: dir.to_path_buf(),
            source,
        }),
    }
}

/// A new (or empty) folder: everything written in a temporary folder first, then moved in, so
/// an interrupted `init` leaves nothing half made. A missing folder is the temporary renamed;
/// an existing empty one (the current folder, a link to a folder) gets the temporary's entries.
fn write_new(dir: &Path, scaffold: &Scaffold) -> Result<(), Error> {
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    if dir.is_dir() {
        let tmp = temp_builder(0o777)
            .tempdir_in(dir)
            .map_err(write_err(dir))?;
        write_into(tmp.path(), scaffold)?;
        let entries = std::fs::read_dir(tmp.path()).map_err(write_err(tmp.path()))?;
        for entry in entries {
            let entry = entry.map_err(write_err(tmp.path()))?;
            let to = dir.join(entry.file_name());
            std::fs::rename(entry.path(), &to).map_err(write_err(&to))?;
        }
        // The emptied temporary folder is removed when dropped.
        return Ok(());
    }
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(write_err(parent))?;
    let tmp = temp_builder(0o777)
        .tempdir_in(parent)
        .map_err(write_err(parent))?;
    write_into(tmp.path(), scaffold)?;
    // On failure the temporary folder is dropped, and removed with everything in it.
    std::fs::rename(tmp.path(), dir).map_err(write_err(dir))?;
    // Renamed: the temporary's name is gone, so it is not removed again.
    let _ = tmp.keep();
    Ok(())
}

/// Write every file of the scaffold under `dir`, each atomically.
fn write_into(dir: &Path, scaffold: &Scaffold) -> Result<(), Error> {
    for (rel, text) in &scaffold.files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::Write {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        write_atomic(&path, text.as_bytes(), false)?;
    }
    Ok(())
}

fn say_done(dir: &Path, scaffold: &Scaffold) {
    let mut text = format!("created a chancery workspace in {}:", dir.display());
    for (rel, _) in &scaffold.files {
        text.push_str(&format!("\n  {}", rel.display()));
    }
    for r in &scaffold.review {
        text.push_str(&format!("\nreview: {r}"));
    }
    let cd = if dir == Path::new(".") {
        String::new()
    } else {
        format!("cd {} && ", dir.display())
    };
    text.push_str(&format!(
        "\nnext: {cd}chancery check {d} && chancery build {d} --format txt,docx,pdf",
        d = scaffold.draft.display()
    ));
    super::report::info(&text);
}
