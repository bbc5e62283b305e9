//! The next-meeting proposal: the previous meeting's `meeting.toml` text, edited into the next
//! meeting's (what `chancery next` writes).
//!
//! The previous file is edited, not regenerated (toml_edit keeps its comments, order and
//! layout): meeting number + 1; the date given (or none, printing `[date]` until set); the host
//! alternates (the previous `[next]` host and city, or the city given); `[previous]` points at
//! the previous draft folder; `[next]` announces the meeting after, at the previous host's
//! city, with the timing's years moved on. Clauses and their values carry over for the team to
//! edit. Pure: the caller reads the previous file, parses it into a [`Draft`], works out the
//! relative path between the folders and writes the result.

use toml_edit::{DocumentMut, Item, value};

use crate::document::SimpleDate;
use crate::draft::Draft;
use crate::wording::{ordinal_numeric, shift_years};

/// What the next meeting's file needs beyond the previous one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NextRequest {
    /// The new meeting's (first) date; `None` leaves it unset.
    pub date: Option<SimpleDate>,
    /// The meeting's later days, each the day after the one before (a two-day meeting: one).
    pub later_days: Vec<SimpleDate>,
    /// The host city; `None`: the one the previous statement announced under `[next]`.
    pub city: Option<String>,
    /// `[previous] draft`: the previous draft folder, relative to the new one, `/`-separated.
    pub previous_draft: String,
    /// How the header comment names the previous draft folder.
    pub previous_label: String,
}

/// The next meeting's inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// The new `meeting.toml`.
    pub meeting_toml: String,
    /// The new meeting's number, city and date (for the caller's report).
    pub number: u32,
    pub city: String,
    pub date: Option<SimpleDate>,
}

/// Why the previous meeting's file cannot be carried on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NextError {
    /// The previous meeting has no date, and the next statement names it.
    #[error("the previous draft has no meeting date")]
    NoPreviousDate,
    /// The date given is not after the previous meeting's last day.
    #[error("{date} is not after the previous meeting ({previous})")]
    NotAfter {
        date: SimpleDate,
        previous: SimpleDate,
    },
    /// No city given, and the previous file announced none.
    #[error("no host city for the new meeting")]
    NoCity,
    /// A later day is not the day after the one before it.
    #[error("{day} is not the day after {before}")]
    NotConsecutive { day: SimpleDate, before: SimpleDate },
    /// toml_edit cannot read the text (that the validator could).
    #[error("cannot edit: {0}")]
    Unparsable(String),
    /// `[meeting]` is not a table toml_edit can edit in place.
    #[error("no [meeting] table")]
    NoMeetingTable,
}

/// The next meeting's `meeting.toml`, from the previous meeting (`previous`, parsed from
/// `source`) and `request`.
pub fn propose(
    previous: &Draft,
    source: &str,
    request: &NextRequest,
) -> Result<Proposal, NextError> {
    let prev_dates = previous.dates.as_ref().ok_or(NextError::NoPreviousDate)?;
    if let Some(d) = request.date
        && d <= prev_dates.last()
    {
        return Err(NextError::NotAfter {
            date: d,
            previous: prev_dates.last(),
        });
    }
    let (host, announced_city) = match &previous.next {
        Some(n) => (n.host.clone(), Some(n.city.clone())),
        None => (other_party(previous, &previous.host), None),
    };
    let city = request
        .city
        .clone()
        .or(announced_city)
        .ok_or(NextError::NoCity)?;
    let mut doc: DocumentMut = source
        .parse()
        .map_err(|e: toml_edit::TomlError| NextError::Unparsable(e.message().to_owned()))?;
    let number = previous.number.next().get();
    let meeting = doc["meeting"]
        .as_table_mut()
        .ok_or(NextError::NoMeetingTable)?;
    meeting["number"] = value(i64::from(number));
    match request.date {
        Some(d) if !request.later_days.is_empty() => {
            meeting["date"] = value(meeting_days(d, &request.later_days)?);
        }
        Some(d) => meeting["date"] = value(d.to_string()),
        None => {
            meeting.remove("date");
        }
    }
    meeting["city"] = value(city.clone());
    meeting["host"] = value(host.clone());
    meeting.remove("country");
    let mut prev_table = toml_edit::Table::new();
    prev_table["draft"] = value(request.previous_draft.clone());
    doc["previous"] = Item::Table(prev_table);
    // Years in the timing phrase move on as far as the meetings do (at least one).
    let year_shift = request.date.map_or(1, |d| d.year - prev_dates.first().year);
    doc["next"] = Item::Table(next_after(previous, &host, year_shift.max(1)));
    // An editor's schema directive (`#:schema …`, first line) stays first, its path made
    // relative to the new draft's folder (which may sit elsewhere than the previous one).
    let directive = source
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("#:schema "))
        .map_or(String::new(), |path| {
            format!(
                "#:schema {}\n",
                rebase(&request.previous_draft, path.trim())
            )
        });
    Ok(Proposal {
        meeting_toml: format!(
            "{directive}{}{}",
            header(number, &request.previous_label),
            strip_header_comments(doc.to_string().trim_start_matches('\n'))
        ),
        number,
        city,
        date: request.date,
    })
}

/// `[next]` of the new file (hosted by `host`): the meeting after it goes to the next party in
/// the rotation, which for two parties is the previous host, in its city. A host of three
/// parties or more that did not host the previous meeting gets the `[city]` placeholder.
fn next_after(previous: &Draft, host: &str, year_shift: i32) -> toml_edit::Table {
    let mut next = toml_edit::Table::new();
    let after = if previous.parties.len() == 2 {
        previous.host.clone()
    } else {
        other_party(previous, host)
    };
    let city = if after == previous.host {
        previous.city.clone()
    } else {
        "[city]".to_owned()
    };
    next["host"] = value(after);
    next["city"] = value(city);
    let timing = previous.next.as_ref().map_or_else(
        || "the coming year".to_owned(),
        |n| shift_years(&n.timing, year_shift),
    );
    next["timing"] = value(timing);
    next
}

/// `date = ["2024-08-26", "2024-08-27"]`: the first day and the later ones, consecutive.
fn meeting_days(first: SimpleDate, later: &[SimpleDate]) -> Result<toml_edit::Array, NextError> {
    let mut days = toml_edit::Array::new();
    days.push(first.to_string());
    let mut before = first;
    for &day in later {
        if day != before.next_day() {
            return Err(NextError::NotConsecutive { day, before });
        }
        days.push(day.to_string());
        before = day;
    }
    Ok(days)
}

/// `path`, written relative to the previous draft's folder, relative to the new one's instead
/// (`previous` is the previous folder as the new file names it); URLs and absolute paths stay.
fn rebase(previous: &str, path: &str) -> String {
    use std::path::{Component, Path};
    if path.contains("://") || Path::new(path).is_absolute() {
        return path.to_owned();
    }
    let joined = Path::new(previous).join(path);
    let mut parts: Vec<String> = Vec::new();
    for c in joined.components() {
        match c {
            Component::ParentDir if parts.last().is_some_and(|p| p != "..") => {
                parts.pop();
            }
            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
            other => parts.push(other.as_os_str().to_string_lossy().into_owned()),
        }
    }
    let root = if joined.has_root() { "/" } else { "" };
    format!("{root}{}", parts.join("/"))
}

/// The new file's opening comment (the previous one described the previous meeting).
fn header(number: u32, previous_label: &str) -> String {
    let ordinal = ordinal_numeric(u64::from(number));
    format!(
        "# The {ordinal} meeting: drafted with `chancery next` from {previous_label}.\n# Review the carried-over paragraphs; edit values and add new paragraphs as negotiated.\n\n"
    )
}

/// The key of the party after `key` in the inputs' order, the first after the last: hosts
/// rotate (two parties alternate).
fn other_party(draft: &Draft, key: &str) -> String {
    let ps = &draft.parties;
    ps.iter()
        .position(|p| p.key == key)
        .and_then(|i| ps.get((i + 1) % ps.len()))
        .or_else(|| ps.iter().find(|p| p.key != key))
        .map(|p| p.key.clone())
        .unwrap_or_default()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::testing::{MEETING_2014, draft_2014};

    fn request(date: Option<SimpleDate>) -> NextRequest {
        NextRequest {
            date,
            later_days: Vec::new(),
            city: None,
            previous_draft: "../2014-05-09-washington-2nd".to_owned(),
            previous_label: "drafts/2014-05-09-washington-2nd".to_owned(),
        }
    }

    fn date(year: i32, month: u8, day: u8) -> SimpleDate {
        SimpleDate { year, month, day }
    }

    struct NoFiles;
    impl crate::draft::Sources for NoFiles {
        fn read_text(&self, path: &std::path::Path) -> std::io::Result<String> {
            Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                path.display().to_string(),
            ))
        }
    }

    // A two-day meeting: `date` is the list of its days; days that are not consecutive are
    // refused.
    // A schema directive follows the new draft wherever it goes.
    #[test]
    fn schema_directives_are_rebased() {
        let at = "../../schemas/meeting.schema.json";
        assert_eq!(rebase("../2026-03-20-canberra-1st", at), at);
        assert_eq!(
            rebase("../../../2026-03-20-canberra-1st", at),
            "../../../../schemas/meeting.schema.json"
        );
        assert_eq!(rebase("/w/drafts/a", at), "/w/schemas/meeting.schema.json");
        assert_eq!(
            rebase("../a", "https://x.example/s.json"),
            "https://x.example/s.json"
        );
    }

    #[test]
    fn a_two_day_meeting() {
        let mut req = request(Some(date(2015, 6, 10)));
        req.later_days = vec![date(2015, 6, 11)];
        let p = propose(&draft_2014(), MEETING_2014, &req).unwrap();
        let doc: toml::Table = toml::from_str(&p.meeting_toml).unwrap();
        let days: Vec<&str> = doc["meeting"]["date"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d.as_str())
            .collect();
        assert_eq!(days, ["2015-06-10", "2015-06-11"]);
        req.later_days = vec![date(2015, 6, 12)];
        assert_eq!(
            propose(&draft_2014(), MEETING_2014, &req).unwrap_err(),
            NextError::NotConsecutive {
                day: date(2015, 6, 12),
                before: date(2015, 6, 10)
            }
        );
    }

    // Three parties: with no `[next]`, the host rotates to the party listed after it, and the
    // meeting after goes on to the next one (its city a placeholder until known).
    #[test]
    fn hosts_rotate_among_three_parties() {
        let source =
            include_str!("../tests/fixtures/parties/drafts/2024-03-20-canberra-1st/meeting.toml");
        let file = std::path::Path::new(
            "tests/fixtures/parties/drafts/2024-03-20-canberra-1st/meeting.toml",
        );
        let previous = Draft::parse(file, source, &NoFiles).expect("valid");
        let mut req = request(None);
        req.city = Some("Washington, D.C.".to_owned());
        let p = propose(&previous, source, &req).unwrap();
        let doc: toml::Table = toml::from_str(&p.meeting_toml).unwrap();
        assert_eq!(doc["meeting"]["host"].as_str(), Some("us"));
        assert_eq!(doc["next"]["host"].as_str(), Some("jp"));
        assert_eq!(doc["next"]["city"].as_str(), Some("[city]"));
    }

    // The 2014 meeting in Washington proposes the third, in Tokyo, hosted by Japan; the one
    // after goes back to Washington, a year on; the old header comment gives way to a new one.
    #[test]
    fn third_meeting_from_the_second() {
        let p = propose(
            &draft_2014(),
            MEETING_2014,
            &request(Some(date(2015, 6, 10))),
        )
        .unwrap();
        assert_eq!((p.number, p.city.as_str()), (3, "Tokyo"));
        let text = &p.meeting_toml;
        assert!(
            text.starts_with(
                "# The 3rd meeting: drafted with `chancery next` from drafts/2014-05-09-washington-2nd.\n"
            ),
            "{text}"
        );
        let doc: toml::Table = toml::from_str(text).unwrap();
        assert_eq!(doc["meeting"]["number"].as_integer(), Some(3));
        assert_eq!(doc["meeting"]["date"].as_str(), Some("2015-06-10"));
        assert_eq!(doc["meeting"]["city"].as_str(), Some("Tokyo"));
        assert_eq!(doc["meeting"]["host"].as_str(), Some("jp"));
        assert!(doc["meeting"].get("country").is_none());
        assert_eq!(
            doc["previous"]["draft"].as_str(),
            Some("../2014-05-09-washington-2nd")
        );
        assert_eq!(doc["next"]["host"].as_str(), Some("us"));
        assert_eq!(doc["next"]["city"].as_str(), Some("Washington, D.C."));
        assert_eq!(
            doc["next"]["timing"].as_str(),
            Some("the first half of 2016")
        );
        // The body carries over.
        assert_eq!(
            doc["body"].as_array().map(Vec::len),
            toml::from_str::<toml::Table>(MEETING_2014).unwrap()["body"]
                .as_array()
                .map(Vec::len)
        );
    }

    // Without a date the new file has none; a date not after the previous meeting is refused.
    #[test]
    fn date_is_optional_but_must_come_after() {
        let p = propose(&draft_2014(), MEETING_2014, &request(None)).unwrap();
        let doc: toml::Table = toml::from_str(&p.meeting_toml).unwrap();
        assert!(doc["meeting"].get("date").is_none());
        assert_eq!(
            propose(
                &draft_2014(),
                MEETING_2014,
                &request(Some(date(2014, 5, 9)))
            ),
            Err(NextError::NotAfter {
                date: date(2014, 5, 9),
                previous: date(2014, 5, 9)
            })
        );
    }
}
