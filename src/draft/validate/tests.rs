//! Unit tests of the validator, one or two per step: each feeds a small meeting.toml and checks
//! the typed result or the exact problems reported (message and line).

use super::*;

/// A previous draft folder, served from memory.
struct Previous(&'static str);

impl Sources for Previous {
    fn read_text(&self, path: &Path) -> std::io::Result<String> {
        if path == Path::new("drafts/this/../prev/meeting.toml") {
            Ok(self.0.to_owned())
        } else {
            Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "not there",
            ))
        }
    }
}

const PARTIES: &str = r#"
[[parties]]
key = "jp"
name = "Japan"
adjective = "Japanese"
government = "the Government of Japan"
country = "Japan"
co_chairs = ["A", "B"]

[[parties]]
key = "us"
name = "the United States"
short_name = "U.S."
adjective = "U.S."
government = "the Government of the United States of America"
list_style = "oxford"
"#;

fn meeting(extra_meeting: &str, rest: &str) -> String {
    format!(
        "[series]\nname = \"Comprehensive Dialogue on Space\"\n\n[meeting]\nnumber = 3\ncity = \"Tokyo\"\nhost = \"jp\"\n{extra_meeting}\n{PARTIES}\n{rest}"
    )
}

fn parse_with(text: &str, sources: &dyn Sources) -> Result<Draft, Vec<Diagnostic>> {
    Draft::parse(Path::new("drafts/this/meeting.toml"), text, sources)
}

fn parse(text: &str) -> Result<Draft, Vec<Diagnostic>> {
    parse_with(text, &Previous(""))
}

/// The errors' messages with their lines.
fn errors(text: &str) -> Vec<(String, usize)> {
    parse(text)
        .expect_err("invalid")
        .into_iter()
        .filter(Diagnostic::is_error)
        .map(|d| (d.message, d.position.map_or(0, |p| p.line)))
        .collect()
}

/// The 1-based line of `text` where `needle` first occurs.
fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).expect("in the text")]
        .matches('\n')
        .count()
        + 1
}

const BODY: &str = "[[body]]\nclause = \"opening\"\n";

// A valid meeting becomes typed values: defaults filled in, the country from the host party.
#[test]
fn a_valid_meeting_is_typed() {
    let d = parse(&meeting("date = 2015-06-10", BODY)).expect("valid");
    assert_eq!(d.id, "this");
    assert_eq!(d.number.get(), 3);
    assert_eq!(
        d.dates.as_ref().map(MeetingDates::iso),
        Some(vec!["2015-06-10".to_owned()])
    );
    assert_eq!(d.country, "Japan");
    assert_eq!(d.series.short_name, "Comprehensive Dialogue on Space");
    assert_eq!(d.series.brief_name, "Dialogue");
    assert_eq!(d.parties[1].short_name, "U.S.");
    assert_eq!(d.parties[1].list_style, ListStyle::Oxford);
    assert_eq!(d.parties[0].list_style, ListStyle::Comma);
    assert_eq!(d.document.paper, PaperSize::A4);
    assert_eq!(d.document.margins_mm, [25.0; 4]);
    assert_eq!(d.body[0].id.as_deref(), Some("opening"));
    assert!(d.warnings.is_empty());
}

// Dates: real days, consecutive, not an empty list; an unset date is only a warning.
#[test]
fn meeting_dates_step() {
    let d = parse(&meeting(r#"date = ["2024-08-31", "2024-09-01"]"#, BODY)).expect("valid");
    assert_eq!(d.dates.map(|d| d.last().day), Some(1));
    let at = line_of(&meeting("", BODY), "host") + 1;
    assert_eq!(
        errors(&meeting(r#"date = ["2024-08-26", "2024-08-28"]"#, BODY)),
        vec![(
            "the days of a meeting must be consecutive: `2024-08-26` then `2024-08-28`".to_owned(),
            at
        )]
    );
    assert_eq!(
        errors(&meeting(r#"date = "2023-02-29""#, BODY)),
        vec![("`2023-02-29` is not a date".to_owned(), at)]
    );
    assert_eq!(
        errors(&meeting("date = []", BODY)),
        vec![("a meeting date list cannot be empty".to_owned(), at)]
    );
    let undated = parse(&meeting("", BODY)).expect("valid");
    assert_eq!(undated.dates, None);
    assert_eq!(
        undated.warnings[0].message,
        "the meeting date is not set yet; it prints as `[date]`"
    );
}

// Numbers start at 1; huge numbers are named as too large.
#[test]
fn meeting_number_step() {
    let text = meeting("", BODY).replace("number = 3", "number = 0");
    assert_eq!(
        errors(&text),
        vec![(
            "the meeting number must be 1 or more, found 0".to_owned(),
            5
        )]
    );
    let text = meeting("", BODY).replace("number = 3", "number = 99999999999");
    assert_eq!(
        errors(&text)[0].0,
        "the meeting number 99999999999 is too large"
    );
}

// Parties: two, keys well formed and distinct, list styles known; references checked.
#[test]
fn parties_step() {
    let base = meeting("", BODY);
    let second_key = line_of(&base, "key = \"us\"");
    let text = base.replace("key = \"us\"", "key = \"jp\"");
    assert_eq!(
        errors(&text),
        vec![("both parties have the key `jp`".to_owned(), second_key)]
    );
    let text = base.replace("\"oxford\"", "\"harvard\"");
    assert_eq!(
        errors(&text),
        vec![(
            "unknown list style `harvard`".to_owned(),
            line_of(&base, "oxford")
        )]
    );
    let text = base.replace("key = \"us\"", "key = \"US\"");
    assert_eq!(
        errors(&text),
        vec![(
            "party key `US` must be lowercase letters, digits or `-`".to_owned(),
            second_key
        )]
    );
    let text = base.replace("host = \"jp\"", "host = \"fr\"");
    assert_eq!(
        errors(&text),
        vec![("unknown party `fr`".to_owned(), line_of(&base, "host"))]
    );
    let one = meeting("", BODY);
    let cut = one.rfind("[[parties]]").unwrap();
    let text = format!("{}{BODY}", &one[..cut]);
    assert_eq!(
        errors(&text)[0].0,
        "a joint statement has two parties or more, found 1"
    );
}

// The previous meeting by its values: all needed, and before this one in number and date.
#[test]
fn previous_by_values_step() {
    let prev = "[previous]\nnumber = 2\ndate = \"2014-05-09\"\ncity = \"Washington, D.C.\"\n";
    let d = parse(&meeting("date = 2015-06-10", &format!("{prev}{BODY}"))).expect("valid");
    let p = d.previous.expect("previous");
    assert_eq!(
        (p.number.get(), p.city.as_str(), p.draft),
        (2, "Washington, D.C.", None)
    );
    let text = meeting(
        "date = 2015-06-10",
        &format!("[previous]\nnumber = 2\n{BODY}"),
    );
    let at = line_of(&text, "[previous]");
    assert_eq!(
        errors(&text),
        vec![("the previous meeting lacks date, city".to_owned(), at)]
    );
    let late = prev
        .replace("number = 2", "number = 3")
        .replace("2014-05-09", "2015-06-10");
    let text = meeting("date = 2015-06-10", &format!("{late}{BODY}"));
    assert_eq!(
        errors(&text),
        vec![
            (
                "the previous meeting is number 3, but this is meeting number 3".to_owned(),
                at
            ),
            (
                "the previous meeting (2015-06-10) is dated on or after this one (2015-06-10)"
                    .to_owned(),
                at + 2
            ),
        ]
    );
}

// The previous meeting from its draft folder: its own facts are read, the host's country too.
#[test]
fn previous_from_a_draft_step() {
    let prev_file = "[meeting]\nnumber = 2\ndate = 2014-05-09\ncity = \"Washington, D.C.\"\nhost = \"us\"\n[[parties]]\nkey = \"us\"\ncountry = \"\"\n[previous]\ndraft = \"../this\"\n";
    let text = meeting(
        "date = 2015-06-10",
        &format!("[previous]\ndraft = \"../prev\"\n{BODY}"),
    );
    let d = parse_with(&text, &Previous(prev_file)).expect("valid");
    let p = d.previous.expect("previous");
    assert_eq!(p.number.get(), 2);
    assert_eq!(p.dates.first().to_string(), "2014-05-09");
    assert_eq!(p.draft, Some(PathBuf::from("drafts/this/../prev")));
    let missing = meeting(
        "date = 2015-06-10",
        &format!("[previous]\ndraft = \"../gone\"\n{BODY}"),
    );
    let found = errors(&missing);
    assert!(
        found[0]
            .0
            .starts_with("cannot read the previous draft `drafts/this/../gone/meeting.toml`")
    );
    let both = meeting(
        "date = 2015-06-10",
        &format!("[previous]\ndraft = \"../prev\"\nnumber = 2\n{BODY}"),
    );
    assert_eq!(
        parse_with(&both, &Previous(prev_file)).expect_err("both")[0].message,
        "give the previous meeting either as `draft = \"…\"` or by its values, not both"
    );
    let undated = parse_with(
        &text,
        &Previous("[meeting]\nnumber = 2\ncity = \"X\"\nhost = \"us\"\n"),
    );
    assert_eq!(
        undated.expect_err("no date")[0].message,
        "the previous draft `drafts/this/../prev` has no valid meeting number and date"
    );
}

// The next meeting's host alternates unless given; its number follows this one.
#[test]
fn next_step() {
    let next = "[next]\ncity = \"Washington, D.C.\"\ntiming = \"in 2016\"\n";
    let d = parse(&meeting("", &format!("{next}{BODY}"))).expect("valid");
    let n = d.next.expect("next");
    assert_eq!((n.number.get(), n.host.as_str()), (4, "us"));
    let hosted = next.replace("[next]\n", "[next]\nhost = \"jp\"\n");
    assert_eq!(
        parse(&meeting("", &format!("{hosted}{BODY}")))
            .unwrap()
            .next
            .unwrap()
            .host,
        "jp"
    );
    let unknown = next.replace("[next]\n", "[next]\nhost = \"xx\"\n");
    assert_eq!(
        errors(&meeting("", &format!("{unknown}{BODY}")))[0].0,
        "unknown party `xx`"
    );
}

// Body paragraphs: parts, inline text, options; ids well formed and unique.
#[test]
fn body_step() {
    let body = r#"
[[body]]
id = "intro"
parts = [
  { clause = "opening", values = { day = 2014-05-09 } },
  { text = "Inline." },
  { options = [{ party = "jp", text = "a" }, { party = "us", text = "b" }], chosen = "us" },
]

[[body]]
clause = "closing"
"#;
    let d = parse(&meeting("", body)).expect("valid");
    assert_eq!(d.body.len(), 2);
    assert_eq!(d.body[0].id.as_deref(), Some("intro"));
    assert_eq!(d.body[1].id.as_deref(), Some("closing"));
    match &d.body[0].parts[0].content {
        BodyContent::Clause { id, values, .. } => {
            assert_eq!(id, "opening");
            assert_eq!(values["day"], serde_json::json!("2014-05-09"));
        }
        other => panic!("not a clause: {other:?}"),
    }
    assert_eq!(
        d.body[0].parts[1].content,
        BodyContent::Text("Inline.".to_owned())
    );
    match &d.body[0].parts[2].content {
        BodyContent::Options(alts) => assert_eq!(alts.chosen, Some(1)),
        other => panic!("not options: {other:?}"),
    }
}

// Each malformed body part is reported at its own line, and the others still validate.
#[test]
fn body_problems_are_all_reported() {
    let body = r#"
[[body]]
clause = "a"
text = "b"

[[body]]
clause = "c"

[[body]]
id = "Bad Id"
clause = "z"

[[body]]
parts = []

[[body]]
clause = "d"
parts = [{ text = "x" }]

[[body]]
chosen = "jp"
text = "x"

[[body]]
id = "c"
clause = "e"
"#;
    let found = errors(&meeting("", body));
    let messages: Vec<&str> = found.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(
        messages,
        vec![
            "a body paragraph has both `clause` and `text`",
            "paragraph id `Bad Id` must be lowercase letters, digits or `-`",
            "`parts` is empty",
            "a body paragraph with `parts` cannot also have `clause`, `text` or `values`",
            "`chosen` without `options`",
            "paragraph id `c` is used twice",
        ]
    );
    let lines: Vec<usize> = found.iter().map(|(_, l)| *l).collect();
    let mut sorted = lines.clone();
    sorted.sort_unstable();
    assert_eq!(lines, sorted, "in file order");
    let warned = parse(&meeting("", "[[body]]\ntext = \"x\"\nvalues = { a = 1 }\n")).unwrap();
    assert_eq!(
        warned.warnings.last().unwrap().message,
        "`values` are ignored on inline `text`"
    );
    let empty = parse(&meeting("", "")).unwrap();
    assert_eq!(empty.warnings.len(), 2);
}

// Options tables: at least two alternatives, `chosen` a proposing party or a number.
#[test]
fn options_step() {
    let part = |opts: &str| meeting("", &format!("[[body]]\noptions = {opts}\n"));
    assert_eq!(
        errors(&part(r#"[{ party = "jp", text = "a" }]"#))[0].0,
        "`options` needs at least two alternatives, found 1"
    );
    let two = r#"[{ party = "jp", text = "a" }, { party = "us", text = "b" }]"#;
    assert_eq!(
        errors(&format!("{}chosen = 3\n", part(two)))[0].0,
        "`chosen = 3` is not one of the 2 alternatives (numbered from 1)"
    );
    assert_eq!(
        errors(&format!("{}chosen = \"fr\"\n", part(two)))[0].0,
        "`chosen = \"fr\"`: no alternative is proposed by `fr`"
    );
    let d = parse(&format!("{}chosen = 1\n", part(two))).unwrap();
    assert!(matches!(&d.body[0].parts[0].content, BodyContent::Options(a) if a.chosen == Some(0)));
}

// Document settings: paper names, margins that leave room for text.
#[test]
fn document_step() {
    let d = parse(&meeting(
        "",
        &format!("{BODY}[document]\npaper = \"Letter\"\nmargins_mm = [20, 20, 20, 20]\n"),
    ))
    .unwrap();
    assert_eq!(d.document.paper, PaperSize::Letter);
    assert_eq!(d.document.margins_mm, [20.0; 4]);
    assert_eq!(
        errors(&meeting("", &format!("{BODY}[document]\npaper = \"A3\"\n")))[0].0,
        "unknown paper size `a3`"
    );
    assert_eq!(
        errors(&meeting(
            "",
            &format!("{BODY}[document]\nmargins_mm = [20, 100, 20, 100]\n")
        ))[0]
            .0,
        "margins [20.0, 100.0, 20.0, 100.0] mm do not leave room for text on this paper"
    );
}

// Signatures: one per party, known parties only (the unknown one is dropped and reported).
#[test]
fn signatures_step() {
    let sigs = "[signatures]\nsignatories = [{ party = \"jp\", name = \"A\" }, { party = \"jp\" }, { party = \"fr\" }]\n";
    let found = errors(&meeting("", &format!("{BODY}{sigs}")));
    assert_eq!(
        found.iter().map(|(m, _)| m.as_str()).collect::<Vec<_>>(),
        vec!["party `jp` has two signatories", "unknown party `fr`"]
    );
    let ok = "[signatures]\ndone_at = true\nsignatories = [{ party = \"us\", name = \"B\", title = \"T\" }]\n";
    let d = parse(&meeting("", &format!("{BODY}{ok}"))).unwrap();
    let s = d.signatures.unwrap();
    assert!(s.done_at);
    assert_eq!(
        s.signatories,
        vec![("us".to_owned(), "B".to_owned(), "T".to_owned())]
    );
}

// Meeting number zero is refused; one is the first meeting.
#[test]
fn meeting_numbers_start_at_one() {
    assert!(MeetingNumber::new(0).is_none());
    assert!(MeetingNumber::new(-3).is_none());
    assert_eq!(MeetingNumber::new(1).map(MeetingNumber::get), Some(1));
}
