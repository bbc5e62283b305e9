//! `chancery init`'s content: a new workspace for a new series, as files in memory — the first
//! meeting's `meeting.toml` with every key explained, a starter clause set written for any
//! number of parties, the JSON Schemas and editor mapping, a `.gitignore` and a README of the
//! workspace. The scaffold is assembled in memory, as `chancery build` would, before it is
//! handed back, so a workspace that `init` writes always builds. Writing the files is the
//! CLI's (this module opens nothing).

mod countries;

use std::fmt;
use std::path::{Path, PathBuf};

use toml_writer::{ToTomlValue, TomlStringBuilder};

use crate::assemble::{AssembleOptions, TemplateSet, assemble};
use crate::clauses::{ClauseLibrary, ClauseOrigin, ClauseSource, embedded_sources};
use crate::draft::{Draft, Sources, parse_iso_date};
use crate::schema::SchemaKind;
use crate::wording::ordinal_numeric;

/// One party as given on the command line: `jp=Japan`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartySpec {
    pub key: String,
    pub name: String,
}

impl PartySpec {
    /// Read `KEY=NAME` (`us=the United States`).
    pub fn parse(text: &str) -> Result<PartySpec, InitError> {
        let (key, name) = text
            .split_once('=')
            .ok_or_else(|| InitError::PartyForm(text.to_owned()))?;
        let (key, name) = (key.trim(), name.trim());
        if key.is_empty() || name.is_empty() {
            return Err(InitError::PartyForm(text.to_owned()));
        }
        Ok(PartySpec {
            key: key.to_owned(),
            name: name.to_owned(),
        })
    }
}

/// What a new workspace is made from.
#[derive(Debug, Clone, Default)]
pub struct InitRequest {
    /// The series' name: "Dialogue on Space Cooperation".
    pub series: String,
    /// Two or more parties, in the default copy order.
    pub parties: Vec<PartySpec>,
    /// The host's key (default: the first party).
    pub host: Option<String>,
    /// The first meeting's city (optional: a statement may name no place).
    pub city: Option<String>,
    /// The first meeting's date, `YYYY-MM-DD` (optional: `[date]` until it is set).
    pub date: Option<String>,
    /// The first meeting's number (default 1).
    pub number: Option<u32>,
}

/// Why a workspace cannot be made from the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InitError {
    NoSeries,
    PartyForm(String),
    TooFewParties(usize),
    BadKey(String),
    DuplicateKey(String),
    UnknownHost {
        host: String,
        keys: Vec<String>,
    },
    BadDate(String),
    BadNumber,
    /// The scaffold did not assemble: the first diagnostic (a value that the inputs cannot hold).
    DoesNotBuild(String),
}

impl fmt::Display for InitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InitError::NoSeries => write!(f, "the series needs a name"),
            InitError::PartyForm(t) => write!(f, "`{t}` is not a party of the form KEY=NAME"),
            InitError::TooFewParties(n) => {
                write!(f, "a statement needs two parties or more; {n} given")
            }
            InitError::BadKey(k) => {
                write!(f, "the party key `{k}` is not lowercase letters and digits")
            }
            InitError::DuplicateKey(k) => write!(f, "the party key `{k}` is given twice"),
            InitError::UnknownHost { host, keys } => {
                write!(
                    f,
                    "the host `{host}` is not a party; the keys are {}",
                    keys.join(", ")
                )
            }
            InitError::BadDate(d) => write!(f, "`{d}` is not a date"),
            InitError::BadNumber => write!(f, "the meeting number must be 1 or more"),
            InitError::DoesNotBuild(d) => write!(f, "the new workspace would not build: {d}"),
        }
    }
}

impl InitError {
    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            InitError::NoSeries => "give --series \"Dialogue on Space Cooperation\"",
            InitError::PartyForm(_) | InitError::TooFewParties(_) => {
                "give each party as --party KEY=NAME, e.g. --party jp=Japan --party us=\"the United States\""
            }
            InitError::BadKey(_) => "keys are short lowercase codes: jp, us, fr, au",
            InitError::DuplicateKey(_) => "give each party once",
            InitError::UnknownHost { .. } => "--host names one of the --party keys",
            InitError::BadDate(_) => "write dates as YYYY-MM-DD, e.g. --date 2026-03-20",
            InitError::BadNumber => "the first meeting of a series is number 1",
            InitError::DoesNotBuild(_) => {
                "check the names given for characters a statement cannot hold"
            }
        }
    }
}

/// A workspace in memory: files by path relative to the workspace folder.
#[derive(Debug, Clone)]
pub struct Scaffold {
    pub files: Vec<(PathBuf, String)>,
    /// The first meeting's draft folder (relative).
    pub draft: PathBuf,
    /// Fields filled with a guess that the team should read (parties not in the built-in list).
    pub review: Vec<String>,
}

const STARTER: [(&str, &str); 4] = [
    ("opening.md", include_str!("starter/opening.md")),
    ("delegations.md", include_str!("starter/delegations.md")),
    ("cooperation.md", include_str!("starter/cooperation.md")),
    ("next-meeting.md", include_str!("starter/next-meeting.md")),
];

/// The workspace for `req`, checked by assembling its first draft.
pub fn scaffold(req: &InitRequest) -> Result<Scaffold, InitError> {
    let series = req.series.trim();
    if series.is_empty() {
        return Err(InitError::NoSeries);
    }
    check_parties(&req.parties)?;
    let keys: Vec<String> = req.parties.iter().map(|p| p.key.clone()).collect();
    let host = req.host.clone().unwrap_or_else(|| keys[0].clone());
    if !keys.contains(&host) {
        return Err(InitError::UnknownHost { host, keys });
    }
    if let Some(d) = &req.date
        && parse_iso_date(d).is_none()
    {
        return Err(InitError::BadDate(d.clone()));
    }
    let number = req.number.unwrap_or(1);
    if number == 0 {
        return Err(InitError::BadNumber);
    }
    let mut review = Vec::new();
    let meeting = meeting_toml(req, series, &host, number, &mut review);
    let draft = PathBuf::from("drafts").join(folder_name(req, number));
    let mut files = vec![
        (draft.join("meeting.toml"), meeting),
        (PathBuf::from("README.md"), readme(series, &draft)),
        (PathBuf::from(".gitignore"), GITIGNORE.to_owned()),
        (PathBuf::from(".taplo.toml"), TAPLO.to_owned()),
    ];
    for kind in SchemaKind::ALL {
        files.push((Path::new("schemas").join(kind.file_name()), kind.to_json()));
    }
    for (name, text) in STARTER {
        files.push((Path::new("templates/clauses").join(name), text.to_owned()));
    }
    check_builds(&files, &draft)?;
    Ok(Scaffold {
        files,
        draft,
        review,
    })
}

fn check_parties(parties: &[PartySpec]) -> Result<(), InitError> {
    if parties.len() < 2 {
        return Err(InitError::TooFewParties(parties.len()));
    }
    for (i, p) in parties.iter().enumerate() {
        let ok = p.key.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && p.key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !ok {
            return Err(InitError::BadKey(p.key.clone()));
        }
        if parties[..i].iter().any(|q| q.key == p.key) {
            return Err(InitError::DuplicateKey(p.key.clone()));
        }
    }
    Ok(())
}

/// `2026-03-20-canberra-1st`, or `1st` parts only for what is known.
fn folder_name(req: &InitRequest, number: u32) -> String {
    let mut parts = Vec::new();
    if let Some(d) = &req.date {
        parts.push(d.clone());
    }
    if let Some(city) = &req.city {
        let slug: String = city
            .to_lowercase()
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect();
        let slug = slug
            .split('-')
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        if !slug.is_empty() {
            parts.push(slug);
        }
    }
    parts.push(ordinal_numeric(u64::from(number)));
    parts.join("-")
}

/// A TOML basic string.
fn q(s: &str) -> String {
    TomlStringBuilder::new(s).as_basic().to_toml_value()
}

/// One line of TOML with its comment in the column the file keeps.
fn line(out: &mut String, setting: &str, comment: &str) {
    if comment.is_empty() {
        out.push_str(&format!("{setting}\n"));
    } else {
        out.push_str(&format!("{setting:<46} # {comment}\n"));
    }
}

fn meeting_toml(
    req: &InitRequest,
    series: &str,
    host: &str,
    number: u32,
    review: &mut Vec<String>,
) -> String {
    let mut out = format!(
        "#:schema ../../schemas/meeting.schema.json\n\
         # The {nth} meeting of the {series}, as `chancery init` wrote it.\n\
         # Every key is explained beside it. `chancery check <this folder>` reports every problem\n\
         # at once; editors that use taplo (VS Code's \"Even Better TOML\") check and complete\n\
         # this file as you type.\n\
         \n[series]\n",
        nth = crate::wording::ordinal_word(u64::from(number)),
    );
    let o = &mut out;
    line(
        o,
        &format!("name = {}", q(series)),
        "\"… the Japan-U.S. <name>\" in the title",
    );
    line(
        o,
        "# short_name = \"…\"",
        "a shorter name for running text (default: name)",
    );
    line(
        o,
        "# brief_name = \"Dialogue\"",
        "\"the second meeting of the Dialogue\"",
    );
    o.push_str("\n[meeting]\n");
    line(
        o,
        &format!("number = {number}"),
        "1 or more; the clauses spell it out (\"first\")",
    );
    match &req.date {
        Some(d) => line(
            o,
            &format!("date = {}", q(d)),
            "YYYY-MM-DD, or [\"…\", \"…\"] for consecutive days",
        ),
        None => line(
            o,
            "# date = \"2026-03-20\"",
            "not set yet: the text shows [date], and --final refuses",
        ),
    }
    match &req.city {
        Some(c) => line(
            o,
            &format!("city = {}", q(c)),
            "optional: a statement may name no place",
        ),
        None => line(
            o,
            "# city = \"…\"",
            "optional: a statement may name no place",
        ),
    }
    line(
        o,
        &format!("host = {}", q(host)),
        "the key of the hosting party",
    );
    line(
        o,
        "# country = \"…\"",
        "after the city (default: the host party's country)",
    );
    line(
        o,
        "# alternat = \"as-listed\"",
        "in each party's copy it comes first; then \"as-listed\" | \"alphabetical\" | [keys]",
    );
    for (i, p) in req.parties.iter().enumerate() {
        party_toml(o, p, i == 0, review);
    }
    out.push_str(BODY_AND_OPTIONS);
    out
}

/// A `[[parties]]` table; the first one explains its keys.
fn party_toml(out: &mut String, p: &PartySpec, explain: bool, review: &mut Vec<String>) {
    let c = |text: &'static str| if explain { text } else { "" };
    let (name, short, adjective, government, country) = match countries::find(&p.key, &p.name) {
        Some(k) => (
            k.name.to_owned(),
            k.short.to_owned(),
            k.adjective.to_owned(),
            k.government.to_owned(),
            k.country.to_owned(),
        ),
        None => {
            review.push(format!(
                "party `{}`: `short_name`, `adjective`, `government` and `country` are guesses",
                p.key
            ));
            let bare = p.name.strip_prefix("the ").unwrap_or(&p.name).to_owned();
            (
                p.name.clone(),
                bare.clone(),
                bare.clone(),
                format!("the Government of {}", p.name),
                bare,
            )
        }
    };
    out.push_str("\n[[parties]]\n");
    line(
        out,
        &format!("key = {}", q(&p.key)),
        c("a short lowercase code, used elsewhere in these inputs"),
    );
    line(
        out,
        &format!("name = {}", q(&name)),
        c("in running text: \"for the United States\""),
    );
    line(
        out,
        &format!("short_name = {}", q(&short)),
        c("in the compound: \"Japan-U.S.\" (default: name)"),
    );
    line(
        out,
        &format!("adjective = {}", q(&adjective)),
        c("\"the U.S. delegation\""),
    );
    line(
        out,
        &format!("government = {}", q(&government)),
        c("\"… held the first meeting\""),
    );
    if country.is_empty() {
        line(
            out,
            "# country = \"…\"",
            c("after a city: \"Tokyo, Japan\" (none: the city alone)"),
        );
    } else {
        line(
            out,
            &format!("country = {}", q(&country)),
            c("after a city: \"Tokyo, Japan\" (remove: the city alone)"),
        );
    }
    line(
        out,
        "co_chairs = [\"the Ministry of Foreign Affairs\"]",
        c("who co-chairs for this party"),
    );
    line(
        out,
        "participants = [\"the Ministry of Foreign Affairs\", \"the space agency\"]",
        c("who takes part"),
    );
    line(
        out,
        "list_style = \"oxford\"",
        c("comma \"A, B and C\" | oxford \"A, B, and C\" | semicolon \"A; B; and C\""),
    );
    line(
        out,
        "# names = { ja = \"…\" }",
        c("the name in other languages"),
    );
}

const BODY_AND_OPTIONS: &str = r#"
# The paragraphs, in order. Each is a clause of templates/clauses/ (`chancery clauses` lists
# them, `chancery clauses show <id>` prints one), one-off `text`, or `parts` of both.
[[body]]
clause = "opening"

[[body]]
clause = "delegations"

[[body]]
clause = "cooperation"
values = { areas = ["policy coordination", "information sharing", "capacity building"] }

# [[body]]                                     # one-off wording (escaped; never a template)
# id = "welcome"                               # an id keeps the paragraph aligned in diffs
# text = "The participants welcomed …"

# [[body]]                                     # the closing paragraph, once [next] is known
# clause = "next-meeting"

# [next]                                       # the next meeting, announced in the statement
# host = "…"                                   # default: the next party in turn
# city = "…"
# timing = "the first half of next year"

# [previous]                                   # from the second meeting on; `chancery next` writes it
# draft = "../<previous meeting's folder>"

# [document]                                   # paper and fonts
# paper = "A4"                                 # or "Letter"
# margins_mm = [25, 25, 25, 25]                # top, right, bottom, left
# font = "Liberation Serif"                    # a family name or a font file

# [style]                                      # the house style; saying nothing changes nothing
# dates = "day-month-year"                     # or "month-day-year"
# quotes = "curly"                             # or "straight"

# [signatures]                                 # a signature page for final copies
# done_at = true
# languages = ["English"]
# signatories = [ { party = "…", name = "…", title = "…" } ]
"#;

const GITIGNORE: &str = "# Built outputs and chancery's caches: rebuilt from the inputs at any time.\nout/\n.chancery/\n.chancery-*.tmp\n";

const TAPLO: &str = "# Editors built on taplo (VS Code's \"Even Better TOML\", Zed, Helix) validate and complete\n# every meeting.toml against the schema chancery writes (`chancery schema --out schemas`).\n[[rule]]\ninclude = [\"**/meeting.toml\"]\n\n[rule.schema]\npath = \"./schemas/meeting.schema.json\"\n";

fn readme(series: &str, draft: &Path) -> String {
    let draft = draft.display();
    format!(
        "# {series}: joint statements\n\n\
         A chancery workspace: one folder per meeting under `drafts/`, the series' own clauses under\n\
         `templates/clauses/`.\n\n\
         ```text\n\
         drafts/<date>-<city>-<nth>/meeting.toml   one meeting's inputs (every key explained inside)\n\
         templates/clauses/<id>.md                 a reusable clause: TOML front matter + handlebars wording\n\
         schemas/                                  JSON Schemas for editors (`chancery schema --out schemas`)\n\
         ```\n\n\
         ## Every day\n\n\
         ```sh\n\
         chancery check {draft}                       # every problem at once, with file:line:col\n\
         chancery build {draft} --format txt,docx,pdf # writes {draft}/out/\n\
         chancery next {draft} --out drafts/<next> --date YYYY-MM-DD --city <city>\n\
         chancery diff <old draft> <new draft>        # the redline between two versions\n\
         chancery build {draft} --final               # one signed copy per party, once everything is agreed\n\
         ```\n\n\
         The clauses here override chancery's built-in ones of the same id; a new file adds a clause.\n\
         `chancery clauses` lists them all, and `status = \"agreed\"` in a clause's front matter marks its\n\
         wording as agreed language (`--final` refuses anything else).\n"
    )
}

/// Nothing outside the scaffold is read while it is checked.
struct InMemory;

impl Sources for InMemory {
    fn read_text(&self, path: &Path) -> std::io::Result<String> {
        Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!(
                "`{}` is not read while a workspace is scaffolded",
                path.display()
            ),
        ))
    }
}

/// Assemble the scaffold's draft with its clauses, as `chancery build` would.
fn check_builds(files: &[(PathBuf, String)], draft: &Path) -> Result<(), InitError> {
    let first = |diags: Vec<crate::error::Diagnostic>| {
        InitError::DoesNotBuild(diags.first().map_or_else(String::new, ToString::to_string))
    };
    let meeting = draft.join("meeting.toml");
    let source = files
        .iter()
        .find(|(p, _)| *p == meeting)
        .map_or("", |(_, t)| t.as_str());
    let parsed = Draft::parse(&meeting, source, &InMemory).map_err(first)?;
    let mut sources = embedded_sources();
    sources.extend(
        files
            .iter()
            .filter(|(p, _)| p.starts_with("templates/clauses"))
            .map(|(p, t)| ClauseSource {
                file: p.clone(),
                text: t.clone(),
                origin: ClauseOrigin::Workspace,
            }),
    );
    let clauses = ClauseLibrary::load(&sources).map_err(first)?;
    let set = TemplateSet {
        statement_file: PathBuf::from("templates/statement.hbs"),
        statement: crate::clauses::embedded_statement().to_owned(),
        clauses,
    };
    assemble(&parsed, &set, &AssembleOptions::default()).map_err(first)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> InitRequest {
        InitRequest {
            series: "Dialogue on Space Cooperation".to_owned(),
            parties: vec![
                PartySpec::parse("au=Australia").unwrap(),
                PartySpec::parse("jp=Japan").unwrap(),
                PartySpec::parse("xx=the Republic of Example").unwrap(),
            ],
            host: Some("au".to_owned()),
            city: Some("Canberra".to_owned()),
            date: Some("2026-03-20".to_owned()),
            number: None,
        }
    }

    // A trilateral scaffold builds, names its draft by date, city and number, and asks for a
    // review of the party it had to guess.
    #[test]
    fn a_scaffold_builds_and_names_what_to_review() {
        let s = scaffold(&request()).unwrap();
        assert_eq!(s.draft, PathBuf::from("drafts/2026-03-20-canberra-1st"));
        assert_eq!(s.review.len(), 1, "{:?}", s.review);
        assert!(s.review[0].contains("`xx`"));
        let meeting = &s.files[0].1;
        assert!(meeting.starts_with("#:schema ../../schemas/meeting.schema.json\n"));
        assert!(meeting.contains("adjective = \"Japanese\""), "{meeting}");
    }

    // Bad requests are refused with the reason.
    #[test]
    fn bad_requests_are_refused() {
        let mut r = request();
        r.parties.truncate(1);
        assert_eq!(scaffold(&r).unwrap_err(), InitError::TooFewParties(1));
        let mut r = request();
        r.parties[1].key = "au".to_owned();
        assert_eq!(
            scaffold(&r).unwrap_err(),
            InitError::DuplicateKey("au".to_owned())
        );
        let mut r = request();
        r.host = Some("us".to_owned());
        assert!(matches!(scaffold(&r), Err(InitError::UnknownHost { .. })));
        let mut r = request();
        r.date = Some("2026-02-30".to_owned());
        assert_eq!(
            scaffold(&r).unwrap_err(),
            InitError::BadDate("2026-02-30".to_owned())
        );
        assert!(PartySpec::parse("Japan").is_err());
        let mut r = request();
        r.parties[0].key = "AU".to_owned();
        assert_eq!(
            scaffold(&r).unwrap_err(),
            InitError::BadKey("AU".to_owned())
        );
    }

    // A name with a quote in it is quoted, not broken.
    #[test]
    fn names_are_quoted() {
        let mut r = request();
        r.series = "\"Quoted\" Dialogue \\ on Space".to_owned();
        let s = scaffold(&r).unwrap();
        assert!(
            s.files[0]
                .1
                .contains(r#"name = "\"Quoted\" Dialogue \\ on Space""#)
        );
    }
}
