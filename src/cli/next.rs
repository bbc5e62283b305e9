//! `chancery next`: the next meeting's `meeting.toml` from the previous draft.
//!
//! The rules are the library's ([`chancery::next`]): this reads the previous file, works out
//! where the new folder is relative to it, words the library's refusals in terms of the
//! command's options, and writes the result. An existing meeting.toml is never overwritten
//! unless `--force`.

use std::path::{Path, PathBuf};

use chancery::document::SimpleDate;
use chancery::draft::Draft;
use chancery::error::{Diagnostic, Error};
use chancery::next::{NextError, NextRequest, propose};
use clap::Args;

use super::workspace::{
    FsSources, MEETING_LIMIT, meeting_file, read_text, relative_path, write_atomic,
};

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  chancery next drafts/2015-tokyo-3rd --out drafts/2016-washington-4th --date 2016-04-01\n  chancery next drafts/2015-tokyo-3rd --out drafts/2016-4th --date 2016-04-01,2016-04-02 --city \"New York\""
)]
pub(crate) struct NextArgs {
    /// The previous meeting's draft folder (or its meeting.toml).
    previous: PathBuf,
    /// The new draft folder to create, e.g. drafts/2015-tokyo-3rd.
    #[arg(long)]
    out: PathBuf,
    /// The new meeting's date (YYYY-MM-DD), or its consecutive days, comma-separated
    /// (2024-08-26,2024-08-27).
    #[arg(long)]
    date: Option<String>,
    /// The host city [default: the city the previous statement announced].
    #[arg(long)]
    city: Option<String>,
    /// Replace an existing meeting.toml in the new folder.
    #[arg(long)]
    force: bool,
}

/// `next`, checked: the date parsed, the file to write.
#[derive(Debug)]
struct NextPlan {
    date: Option<SimpleDate>,
    later_days: Vec<SimpleDate>,
    target: PathBuf,
}

impl NextPlan {
    fn from_args(args: &NextArgs) -> Result<Self, Error> {
        let mut days = Vec::new();
        for d in args.date.iter().flat_map(|d| d.split(',')).map(str::trim) {
            days.push(SimpleDate::parse_iso(d).ok_or_else(|| {
                Error::usage(
                    format!("`{d}` is not a date"),
                    "write --date as YYYY-MM-DD, e.g. --date 2015-06-10, or days as 2015-06-10,2015-06-11",
                )
            })?);
        }
        let date = (!days.is_empty()).then(|| days.remove(0));
        Ok(NextPlan {
            date,
            later_days: days,
            target: args.out.join("meeting.toml"),
        })
    }
}

pub(crate) fn run(args: &NextArgs) -> Result<u8, Error> {
    let plan = NextPlan::from_args(args)?;
    let prev_file = meeting_file(&args.previous)?;
    let source = read_text(&prev_file, MEETING_LIMIT)?;
    let prev = Draft::parse(&prev_file, &source, &FsSources).map_err(Error::Invalid)?;
    let prev_dir = prev_file.parent();
    let request = NextRequest {
        date: plan.date,
        later_days: plan.later_days.clone(),
        city: args.city.clone(),
        previous_draft: relative_path(&args.out, prev_dir.unwrap_or(Path::new(".")))
            .to_string_lossy()
            .replace('\\', "/"),
        previous_label: prev_dir.map_or_else(String::new, |p| p.display().to_string()),
    };
    let proposal =
        propose(&prev, &source, &request).map_err(|e| next_error(e, args, &prev_file))?;
    if plan.target.exists() && !args.force {
        return Err(Error::usage(
            format!("`{}` exists already", plan.target.display()),
            "pass --force to replace it, or choose another --out folder",
        ));
    }
    write_atomic(&plan.target, proposal.meeting_toml.as_bytes(), true)?;
    super::report::info(&format!(
        "wrote {} (meeting {}, {}{})",
        plan.target.display(),
        proposal.number,
        proposal.city,
        proposal
            .date
            .map(|d| format!(", {d}"))
            .unwrap_or_else(|| ", date not set".to_owned())
    ));
    Ok(0)
}

/// The library's refusal, worded for the command line.
fn next_error(e: NextError, args: &NextArgs, prev_file: &Path) -> Error {
    match e {
        NextError::NoPreviousDate => Error::usage(
            format!(
                "the previous draft `{}` has no meeting date",
                args.previous.display()
            ),
            "set `date` under [meeting] in the previous draft first: the next statement names it",
        ),
        NextError::NotAfter { date, previous } => Error::usage(
            format!("--date {date} is not after the previous meeting ({previous})"),
            "the next meeting comes after the previous one",
        ),
        NextError::NotConsecutive { day, before } => Error::usage(
            format!("--date: {day} is not the day after {before}"),
            "a meeting's days are consecutive: 2015-06-10,2015-06-11",
        ),
        NextError::NoCity => Error::usage(
            "no host city for the new meeting",
            "pass --city (the previous draft has no [next] section)",
        ),
        NextError::Unparsable(_) => {
            Error::Invalid(vec![Diagnostic::error(prev_file, None, e.to_string())])
        }
        NextError::NoMeetingTable => Error::usage(
            "no [meeting] table",
            "the previous meeting.toml must have [meeting]",
        ),
    }
}
