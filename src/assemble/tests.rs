//! Unit tests of the assembler: values and defaults, inline text, where problems are reported,
//! paragraph tagging, copy order, negotiation options and the final-copy policy. Each builds a
//! small draft and clause library in memory.

use std::path::Path;

use super::*;
use crate::clauses::{ClauseOrigin, ClauseSource};
use crate::document::{Block, BlockKind, Origin};
use crate::draft::Sources;

struct NoFiles;
impl Sources for NoFiles {
    fn read_text(&self, _: &Path) -> std::io::Result<String> {
        Err(std::io::ErrorKind::NotFound.into())
    }
}

const HEAD: &str = r#"[series]
name = "Comprehensive Dialogue on Space"

[meeting]
number = 3
date = "2015-06-10"
city = "Tokyo"
host = "jp"

[[parties]]
key = "jp"
name = "Japan"
adjective = "Japanese"
government = "the Government of Japan"
country = "Japan"

[[parties]]
key = "us"
name = "the United States"
short_name = "U.S."
adjective = "U.S."
government = "the Government of the United States of America"
"#;

/// A clause file: front matter (with `extra` lines, e.g. `[defaults]`) and a body.
fn clause(id: &str, status: &str, extra: &str, body: &str) -> ClauseSource {
    ClauseSource {
        file: Path::new("templates/clauses").join(format!("{id}.md")),
        text: format!(
            "+++\nid = \"{id}\"\ntitle = \"T\"\ntopic = \"t\"\nstatus = \"{status}\"\n{extra}+++\n{body}\n"
        ),
        origin: ClauseOrigin::Workspace,
    }
}

fn library() -> Vec<ClauseSource> {
    vec![
        clause(
            "held",
            "agreed",
            "[defaults]\nwhat = \"a dialogue\"\nday = 2015-06-10\n",
            "{{capitalize first.government}} and {{second.government}} held {{what}} in {{meeting.city}}.",
        ),
        clause(
            "dated",
            "agreed",
            "[defaults]\nday = 2015-06-10\n",
            "Signed on {{date day}}.",
        ),
        clause("plain", "agreed", "", "Both sides welcomed progress."),
        clause(
            "orders",
            "agreed",
            "",
            "Copy: {{#each all_parties}}{{key}} {{/each}}host first: {{#each host_first}}{{key}} {{/each}}as listed: {{#each as_listed}}{{key}} {{/each}}end.",
        ),
        clause("topic", "proposed", "", "Both sides\ndiscussed {{topic}}."),
    ]
}

/// Assemble `body` (the [[body]] tables, after the common head) as `opts` asks.
fn run(body: &str, opts: &AssembleOptions) -> Result<Assembled, Vec<Diagnostic>> {
    let text = format!("{HEAD}\n{body}");
    let draft = Draft::parse(Path::new("d/meeting.toml"), &text, &NoFiles).expect("valid inputs");
    let set = TemplateSet {
        statement_file: "statement.hbs".into(),
        statement: crate::clauses::embedded_statement().to_owned(),
        clauses: ClauseLibrary::load(&library()).expect("valid clauses"),
    };
    assemble(&draft, &set, opts)
}

fn ok(body: &str) -> Assembled {
    run(body, &AssembleOptions::default()).expect("assembles")
}

fn paragraphs(a: &Assembled) -> Vec<&Block> {
    a.document
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Paragraph)
        .collect()
}

fn errors(body: &str, opts: &AssembleOptions) -> Vec<Diagnostic> {
    run(body, opts)
        .expect_err("refused")
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect()
}

// A part's values override the clause's defaults; the defaults fill in the rest.
#[test]
fn values_override_clause_defaults() {
    let a = ok(
        "[[body]]\nclause = \"held\"\nvalues = { what = \"their third meeting\" }\n\n[[body]]\nclause = \"held\"\n",
    );
    let p = paragraphs(&a);
    assert_eq!(
        p[0].plain_text(),
        "The Government of Japan and the Government of the United States of America held their third meeting in Tokyo."
    );
    assert!(p[1].plain_text().contains("held a dialogue in Tokyo."));
}

// An unquoted TOML date in a clause's defaults reaches the `date` helper as a date.
#[test]
fn unquoted_date_defaults_print_as_dates() {
    let a = ok(
        "[[body]]\nclause = \"dated\"\n\n[[body]]\nclause = \"dated\"\nvalues = { day = 2014-05-09 }\n",
    );
    let p = paragraphs(&a);
    assert_eq!(p[0].plain_text(), "Signed on June 10, 2015.");
    assert_eq!(p[1].plain_text(), "Signed on May 9, 2014.");
}

// Inline text is escaped, never evaluated: braces and Markdown print as written.
#[test]
fn inline_text_is_escaped_not_evaluated() {
    let a = ok("[[body]]\ntext = \"In {{meeting.city}}, *both* sides # met.\"\n");
    let p = paragraphs(&a);
    assert_eq!(p.len(), 1);
    assert_eq!(
        p[0].plain_text(),
        "In {{meeting.city}}, *both* sides # met."
    );
    assert!(p[0].runs.iter().all(|r| r.marks.origin == Origin::Text));
    assert_eq!(p[0].clause, None);
}

// A value the clause uses but nobody gives is reported at the input line that asks for the
// clause, with the clause file's line and column as a note.
#[test]
fn a_missing_value_is_reported_at_the_input_and_the_clause_line() {
    let found = errors(
        "[[body]]\nclause = \"plain\"\n\n[[body]]\nclause = \"topic\"\n",
        &AssembleOptions::default(),
    );
    assert_eq!(found.len(), 1);
    let d = &found[0];
    assert_eq!(
        d.message,
        "clause `topic` uses `topic`, which the inputs lack"
    );
    assert_eq!(d.file.as_deref(), Some(Path::new("d/meeting.toml")));
    let line = d.position.expect("position").line;
    assert_eq!(format!("{HEAD}\n").lines().count() + 5, line);
    // Body line 2 of the clause; the body starts on line 7 of its file.
    assert_eq!(
        d.notes,
        vec!["used at templates/clauses/topic.md:8:11".to_owned()]
    );
    assert!(d.hints[0].contains("values = { topic = \"…\" }"));
}

// Paragraphs from clauses carry their clause id (or the paragraph's own id); inline text
// carries none unless given one.
#[test]
fn paragraphs_are_tagged_with_their_clause() {
    let a = ok(
        "[[body]]\nclause = \"plain\"\n\n[[body]]\nid = \"mine\"\ntext = \"One-off.\"\n\n[[body]]\ntext = \"Untagged.\"\n\n[[body]]\nid = \"joined\"\nparts = [{ clause = \"plain\" }, { text = \"And more.\" }]\n",
    );
    let tags: Vec<(Option<&str>, String)> = paragraphs(&a)
        .iter()
        .map(|b| (b.clause.as_deref(), b.plain_text()))
        .collect();
    assert_eq!(
        tags,
        vec![
            (Some("plain"), "Both sides welcomed progress.".to_owned()),
            (Some("mine"), "One-off.".to_owned()),
            (None, "Untagged.".to_owned()),
            (
                Some("joined"),
                "Both sides welcomed progress. And more.".to_owned()
            ),
        ]
    );
}

// Values are marked as values in the document, a clause's own values as wording.
#[test]
fn meeting_data_is_marked_as_values() {
    let a = ok("[[body]]\nclause = \"held\"\n");
    let p = paragraphs(&a);
    let value_text: String = p[0]
        .runs
        .iter()
        .filter(|r| r.marks.origin == Origin::Value)
        .map(|r| r.text.as_str())
        .collect();
    assert!(value_text.contains("Tokyo"), "{value_text}");
    assert!(!value_text.contains("a dialogue"), "{value_text}");
}

// The copy names its party first everywhere; an unknown copy party is an error.
#[test]
fn copy_order_puts_the_party_first() {
    let opts = AssembleOptions {
        copy: Some("us".to_owned()),
        final_copy: false,
    };
    let a = run("[[body]]\nclause = \"held\"\n", &opts).expect("assembles");
    assert!(
        paragraphs(&a)[0].plain_text().starts_with(
            "The Government of the United States of America and the Government of Japan"
        )
    );
    assert_eq!(
        a.document.meta.author,
        "The Government of the United States of America and the Government of Japan"
    );
    assert_eq!(
        a.document.meta.title,
        "Joint Statement: The Third Meeting of the U.S.-Japan Comprehensive Dialogue on Space"
    );
    let opts = AssembleOptions {
        copy: Some("fr".to_owned()),
        final_copy: false,
    };
    assert_eq!(
        errors("[[body]]\nclause = \"plain\"\n", &opts)[0].message,
        "unknown party `fr` for the copy"
    );
}

// Lists a series keeps in one order whatever the copy: `host_first` names the host first and
// `as_listed` follows the inputs, in every copy; `all_parties` follows the copy.
#[test]
fn party_orders_that_do_not_follow_the_copy() {
    let text = |copy: &str| {
        let opts = AssembleOptions {
            copy: Some(copy.to_owned()),
            final_copy: false,
        };
        let a = run("[[body]]\nclause = \"orders\"\n", &opts).expect("assembles");
        paragraphs(&a)[0].plain_text()
    };
    assert_eq!(
        text("us"),
        "Copy: us jp host first: jp us as listed: jp us end."
    );
    assert_eq!(
        text("jp"),
        "Copy: jp us host first: jp us as listed: jp us end."
    );
}

// "Done at …, in duplicate" counts the originals: one per party.
#[test]
fn originals_follow_the_number_of_parties() {
    assert_eq!(super::context::originals(2), None);
    assert_eq!(super::context::originals(3).as_deref(), Some("triplicate"));
    assert_eq!(
        super::context::originals(4).as_deref(),
        Some("quadruplicate")
    );
    assert_eq!(
        super::context::originals(7).as_deref(),
        Some("seven originals")
    );
    assert_eq!(
        super::context::originals(20).as_deref(),
        Some("20 originals")
    );
}

// Unknown clauses get a suggestion; values shadowing meeting data are refused; unused values
// are warnings.
#[test]
fn clause_problems() {
    let found = errors("[[body]]\nclause = \"helt\"\n", &AssembleOptions::default());
    assert_eq!(found[0].message, "unknown clause `helt`");
    assert_eq!(found[0].hints[0], "did you mean `held`?");
    let found = errors(
        "[[body]]\nclause = \"held\"\nvalues = { meeting = \"x\" }\n",
        &AssembleOptions::default(),
    );
    assert_eq!(
        found[0].message,
        "value `meeting` of clause `held` has the name of a built-in"
    );
    let a = ok(
        "[[body]]\nclause = \"plain\"\nvalues = { x = \"y\" }\n\n[[body]]\nclause = \"held\"\nvalues = { z = \"y\" }\n",
    );
    let warnings: Vec<(&str, &str)> = a
        .warnings
        .iter()
        .map(|w| (w.message.as_str(), w.hints[0].as_str()))
        .collect();
    assert_eq!(
        warnings,
        vec![
            (
                "value `x` is not used by clause `plain`",
                "the clause takes no values of its own: remove it, or check the clause id"
            ),
            (
                "value `z` is not used by clause `held`",
                "the clause takes: `what`"
            ),
        ]
    );
}

// Open options print as brackets and are recorded; agreed ones print the chosen text alone.
#[test]
fn options_open_and_agreed() {
    let a = ok(r#"[[body]]
parts = [
  { text = "Both sides" },
  { options = [{ party = "jp", text = "decided" }, { party = "us", text = "intend" }] },
  { text = "to act." },
]

[[body]]
clause = "held"
values = { what = { options = [{ party = "jp", text = "talks" }, { party = "us", text = "a meeting" }], chosen = "us" } }
"#);
    let p = paragraphs(&a);
    assert_eq!(
        p[0].plain_text(),
        "Both sides [decided (JP) / intend (US)] to act."
    );
    assert!(p[1].plain_text().contains("held a meeting in Tokyo."));
    assert_eq!(a.open_brackets.len(), 1);
    assert_eq!(a.open_brackets[0].place(), "inline text");
    assert_eq!(a.open_brackets[0].display(), "[decided (JP) / intend (US)]");
}

// A final copy refuses unagreed clauses, at the input line that asks for them.
#[test]
fn final_copy_refuses_unagreed_clauses() {
    let opts = AssembleOptions {
        copy: None,
        final_copy: true,
    };
    let body = "[[body]]\nclause = \"plain\"\n\n[[body]]\nclause = \"topic\"\nvalues = { topic = \"debris\" }\n";
    let found = errors(body, &opts);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].message,
        "clause `topic` is proposed, not agreed: a final copy needs agreed language"
    );
    assert_eq!(
        found[0].hints,
        vec!["once both sides have cleared it, set `status = \"agreed\"` in templates/clauses/topic.md".to_owned()]
    );
    assert!(
        run(body, &AssembleOptions::default()).is_ok(),
        "a draft may hold proposals"
    );
}

// A final copy refuses open brackets and square brackets left in the text, each at its place.
#[test]
fn final_copy_refuses_brackets() {
    let opts = AssembleOptions {
        copy: None,
        final_copy: true,
    };
    let body = r#"[[body]]
options = [{ party = "jp", text = "a" }, { party = "us", text = "b" }]

[[body]]
id = "stray"
text = "A [stray] bracket."
"#;
    let found = errors(body, &opts);
    let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        vec![
            "open bracket in inline text: [a (JP) / b (US)]",
            "the text keeps a square bracket: `…A [stray] bracket.…`",
        ]
    );
    let head_lines = format!("{HEAD}\n").lines().count();
    let lines: Vec<usize> = found
        .iter()
        .map(|d| d.position.map_or(0, |p| p.line))
        .collect();
    assert_eq!(lines, vec![head_lines + 1, head_lines + 4]);
    assert!(
        run(body, &AssembleOptions::default()).is_ok(),
        "a draft may hold brackets"
    );
    let signed = run("[[body]]\nclause = \"plain\"\n", &opts).expect("nothing to refuse");
    assert_eq!(
        signed.document.meta.status,
        crate::document::DocStatus::Final
    );
}

// Without a date, a final copy names the placeholder once, not as a square bracket.
#[test]
fn final_copy_refuses_the_date_placeholder_once() {
    let text = format!(
        "{}\n[[body]]\nclause = \"plain\"\n",
        HEAD.replace("date = \"2015-06-10\"\n", "")
    );
    let draft = Draft::parse(Path::new("d/meeting.toml"), &text, &NoFiles).expect("valid");
    let set = TemplateSet {
        statement_file: "statement.hbs".into(),
        statement: crate::clauses::embedded_statement().to_owned(),
        clauses: ClauseLibrary::load(&library()).expect("valid"),
    };
    let draft_copy =
        assemble(&draft, &set, &AssembleOptions::default()).expect("a draft may be undated");
    assert!(
        draft_copy
            .document
            .blocks
            .iter()
            .any(|b| b.plain_text() == "[date]")
    );
    let opts = AssembleOptions {
        copy: None,
        final_copy: true,
    };
    let found: Vec<String> = assemble(&draft, &set, &opts)
        .expect_err("refused")
        .into_iter()
        .filter(Diagnostic::is_error)
        .map(|d| d.message)
        .collect();
    assert_eq!(
        found,
        vec!["unresolved placeholder `[date]`: the meeting date is not set".to_owned()]
    );
}

// An abbreviation's period is not doubled at the end of a sentence.
#[test]
fn abbreviation_periods_merge() {
    let text = format!(
        "{}\n[[body]]\nclause = \"held\"\n",
        HEAD.replace("\"Tokyo\"", "\"Washington, D.C.\"")
    );
    let draft = Draft::parse(Path::new("d/meeting.toml"), &text, &NoFiles).expect("valid");
    let set = TemplateSet {
        statement_file: "statement.hbs".into(),
        statement: crate::clauses::embedded_statement().to_owned(),
        clauses: ClauseLibrary::load(&library()).expect("valid"),
    };
    let a = assemble(&draft, &set, &AssembleOptions::default()).expect("assembles");
    assert!(
        paragraphs(&a)[0]
            .plain_text()
            .ends_with("in Washington, D.C.")
    );
}

// A statement template that uses an unknown name or helper is reported at its line.
#[test]
fn statement_template_problems() {
    let text = format!("{HEAD}\n[[body]]\nclause = \"plain\"\n");
    let draft = Draft::parse(Path::new("d/meeting.toml"), &text, &NoFiles).expect("valid");
    let set = TemplateSet {
        statement_file: "statement.hbs".into(),
        statement: "# T {.title}\n\n{{meeting.cty}}\n{{shout meeting.city}}\n".to_owned(),
        clauses: ClauseLibrary::load(&library()).expect("valid"),
    };
    let found = assemble(&draft, &set, &AssembleOptions::default()).expect_err("refused");
    let got: Vec<(String, usize)> = found
        .iter()
        .map(|d| (d.message.clone(), d.position.map_or(0, |p| p.line)))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "the statement template uses `meeting.cty`, which is not known".to_owned(),
                3
            ),
            ("unknown helper `shout`".to_owned(), 4),
        ]
    );
}
