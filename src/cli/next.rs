//! `chancery next`: the next meeting's `meeting.toml` from the previous draft.
//!
//! The previous file is edited, not regenerated (toml_edit keeps its comments, order and layout):
//! meeting number + 1; date from `--date` (or left out, printing `[date]` until set); the host
//! alternates (the previous `[next]` host and city, or `--city`); `[previous]` points at the
//! previous draft folder; `[next]` announces the meeting after, at the previous host's city, with
//! the timing's years moved on. Clauses and their values carry over for the team to edit.
//! An existing meeting.toml is never overwritten unless `--force`.

use std::path::{Path, PathBuf};

use clap::Args;
use toml_edit::{DocumentMut, Item, value};

use super::workspace::{meeting_file, read_text, relative_path, write_atomic};
use crate::draft::parse_iso_date;
use crate::error::{Diagnostic, Error};

#[derive(Debug, Args)]
pub(crate) struct NextArgs {
    /// The previous meeting's draft folder (or its meeting.toml).
    previous: PathBuf,
    /// The new draft folder to create, e.g. drafts/2015-tokyo-3rd.
    #[arg(long)]
    out: PathBuf,
    /// The new meeting's date (YYYY-MM-DD); later days can be added in meeting.toml.
    #[arg(long)]
    date: Option<String>,
    /// The host city [default: the city the previous statement announced].
    #[arg(long)]
    city: Option<String>,
    /// Replace an existing meeting.toml in the new folder.
    #[arg(long)]
    force: bool,
}

pub(crate) fn run(args: &NextArgs) -> Result<u8, Error> {
    let prev_file = meeting_file(&args.previous)?;
    let source = read_text(&prev_file)?;
    let prev = crate::draft::Draft::parse(&prev_file, &source, &super::workspace::FsSources)
        .map_err(Error::Invalid)?;
    if prev.dates.is_none() {
        return Err(Error::usage(
            format!(
                "the previous draft `{}` has no meeting date",
                args.previous.display()
            ),
            "set `date` under [meeting] in the previous draft first: the next statement names it",
        ));
    }
    let target = args.out.join("meeting.toml");
    if target.exists() && !args.force {
        return Err(Error::usage(
            format!("`{}` exists already", target.display()),
            "pass --force to replace it, or choose another --out folder",
        ));
    }
    let date = match &args.date {
        Some(d) => Some(parse_iso_date(d).ok_or_else(|| {
            Error::usage(
                format!("`{d}` is not a date"),
                "write --date as YYYY-MM-DD, e.g. --date 2015-06-10",
            )
        })?),
        None => None,
    };
    if let (Some(d), Some(pd)) = (date, prev.dates.as_ref())
        && d <= pd.last()
    {
        return Err(Error::usage(
            format!(
                "--date {d} is not after the previous meeting ({})",
                pd.last()
            ),
            "the next meeting comes after the previous one",
        ));
    }
    let other = |key: &str| {
        prev.parties
            .iter()
            .find(|p| p.key != key)
            .map(|p| p.key.clone())
            .unwrap_or_default()
    };
    let (host, announced_city) = match &prev.next {
        Some(n) => (n.host.clone(), Some(n.city.clone())),
        None => (other(&prev.host), None),
    };
    let Some(city) = args.city.clone().or(announced_city) else {
        return Err(Error::usage(
            "no host city for the new meeting",
            "pass --city (the previous draft has no [next] section)",
        ));
    };

    let mut doc: DocumentMut = source.parse().map_err(|e: toml_edit::TomlError| {
        Error::Invalid(vec![Diagnostic::error(
            &prev_file,
            None,
            format!("cannot edit: {}", e.message()),
        )])
    })?;
    let number = prev.number.next();
    let meeting = doc["meeting"].as_table_mut().ok_or_else(|| {
        Error::usage(
            "no [meeting] table",
            "the previous meeting.toml must have [meeting]",
        )
    })?;
    meeting["number"] = value(i64::from(number.get()));
    match date {
        Some(d) => meeting["date"] = value(d.to_string()),
        None => {
            meeting.remove("date");
        }
    }
    meeting["city"] = value(city.clone());
    meeting["host"] = value(host.clone());
    meeting.remove("country");

    let rel = relative_path(&args.out, prev_file.parent().unwrap_or(Path::new(".")));
    let mut previous = toml_edit::Table::new();
    previous["draft"] = value(rel.to_string_lossy().replace('\\', "/"));
    doc["previous"] = Item::Table(previous);

    let year_shift = match (date, prev.dates.as_ref()) {
        (Some(d), Some(pd)) => d.year - pd.first().year,
        _ => 1,
    };
    let mut next = toml_edit::Table::new();
    next["host"] = value(prev.host.clone());
    next["city"] = value(prev.city.clone());
    let timing = prev.next.as_ref().map_or_else(
        || "the coming year".to_owned(),
        |n| shift_years(&n.timing, year_shift.max(1)),
    );
    next["timing"] = value(timing);
    doc["next"] = Item::Table(next);

    let ordinal = crate::templates::ordinal_numeric(u64::from(number.get()));
    let header = format!(
        "# The {ordinal} meeting: drafted with `chancery next` from {}.\n# Review the carried-over paragraphs; edit values and add new paragraphs as negotiated.\n\n",
        prev_file
            .parent()
            .map_or_else(String::new, |p| p.display().to_string())
    );
    let body = doc.to_string();
    let body = body.trim_start_matches('\n');
    let stripped: String = strip_header_comments(body);
    write_atomic(&target, format!("{header}{stripped}").as_bytes(), true)?;
    #[allow(clippy::print_stderr)]
    {
        eprintln!(
            "wrote {} (meeting {}, {city}{})",
            target.display(),
            number.get(),
            date.map(|d| format!(", {d}"))
                .unwrap_or_else(|| ", date not set".to_owned())
        );
    }
    Ok(0)
}

/// Drop the leading comment block of the previous file (it described the previous meeting).
fn strip_header_comments(text: &str) -> String {
    let mut lines = text.lines().peekable();
    while let Some(l) = lines.peek() {
        if l.starts_with('#') || l.trim().is_empty() {
            lines.next();
        } else {
            break;
        }
    }
    let mut out: String = lines.collect::<Vec<_>>().join("\n");
    out.push('\n');
    out
}

/// Move every four-digit year in a timing phrase on by `shift` ("the first half of 2015" -> 2016).
fn shift_years(timing: &str, shift: i32) -> String {
    let mut out = String::with_capacity(timing.len());
    let chars: Vec<char> = timing.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let is_year = i + 4 <= chars.len()
            && chars[i..i + 4].iter().all(char::is_ascii_digit)
            && (i == 0 || !chars[i - 1].is_ascii_digit())
            && (i + 4 == chars.len() || !chars[i + 4].is_ascii_digit());
        if is_year {
            let year: String = chars[i..i + 4].iter().collect();
            let y: i32 = year.parse().unwrap_or(0);
            out.push_str(&(y + shift).to_string());
            i += 4;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // Timing phrases move on by whole years.
    #[test]
    fn timing_years_shift() {
        assert_eq!(
            shift_years("the first half of 2015", 1),
            "the first half of 2016"
        );
        assert_eq!(shift_years("2016 or 2017", 2), "2018 or 2019");
        assert_eq!(shift_years("early next year", 1), "early next year");
    }

    // Sibling draft folders refer to each other as ../name.
    #[test]
    fn sibling_relative_path() {
        assert_eq!(
            relative_path(Path::new("drafts/b"), Path::new("drafts/a")),
            PathBuf::from("../a")
        );
    }
}
