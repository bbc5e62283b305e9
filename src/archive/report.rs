//! A [`Provenance`] report as text (a terminal, with or without colour), as one self-contained
//! HTML page (the draft colour-coded, each sentence's precedent and word diff shown on hover or
//! focus, no script), or as JSON for tools.
//!
//! Pure functions of the report: the CLI decides colour from the terminal and writes the bytes.
//! The word diffs on the HTML page are rendered by the redline page's run renderer
//! ([`crate::render::html`]), so they carry the same marks and classes.

use serde::Serialize;

use super::{Provenance, SentenceReport, Status, Summary};
use crate::render::html::{escape, runs_html};
use crate::render::text::{TextOptions, block_text};

/// What the report is about, for its heading.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReportContext {
    /// The subject as the user named it (a draft folder or a file).
    pub subject: String,
    /// Statements in the archive.
    pub statements: usize,
    /// Sentences in the archive (repeats included).
    pub sentences: usize,
}

/// Options of [`text`].
#[derive(Debug, Clone, Copy, Default)]
pub struct TextReportOptions {
    /// ANSI colours (status words, and the word diff of edited sentences) instead of
    /// `[-…-]{+…+}` markers. Default off.
    pub color: bool,
    /// Only the summary, no sentence list. Default off.
    pub summary_only: bool,
}

const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const RED: &str = "\x1b[31m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// The report for a terminal: one entry per sentence (where it stands in the subject, the
/// verdict, the sentence or its word diff, the source), then the summary.
pub fn text(report: &Provenance, ctx: &ReportContext, opts: &TextReportOptions) -> String {
    let paint = |code: &str, s: &str| {
        if opts.color {
            format!("{code}{s}{RESET}")
        } else {
            s.to_owned()
        }
    };
    let mut out = String::new();
    if !opts.summary_only {
        for s in &report.sentences {
            let at = format!("¶{}.{}", s.paragraph, s.sentence);
            let (code, verdict) = match s.status {
                Status::Verbatim => (GREEN, "verbatim".to_owned()),
                Status::Edited => (YELLOW, format!("edited {}", percent(s.similarity))),
                Status::New => (RED, "new".to_owned()),
            };
            let body = match (&s.redline, s.status) {
                (Some(block), Status::Edited) => {
                    block_text(block, &TextOptions { color: opts.color })
                }
                (Some(_) | None, Status::Verbatim | Status::Edited | Status::New) => s.text.clone(),
            };
            out.push_str(&format!(
                "{at:<7} {} {body}\n",
                paint(code, &format!("{verdict:<11}"))
            ));
            if let Some(src) = &s.source {
                let more = match src.statements {
                    0 | 1 => String::new(),
                    n => format!(" (in {n} statements)"),
                };
                out.push_str(&paint(
                    DIM,
                    &format!(
                        "{:<7} {:<11} from {} ¶{}.{}{more}",
                        "", "", src.statement, src.paragraph, src.sentence
                    ),
                ));
                out.push('\n');
            }
        }
        out.push('\n');
    }
    out.push_str(&summary_line(&report.summary, ctx));
    out
}

fn percent(x: Option<f64>) -> String {
    match x {
        Some(x) => format!("{:.0}%", x * 100.0),
        None => String::new(),
    }
}

/// Three lines: the archive, sentence counts and shares, word shares.
pub fn summary_line(s: &Summary, ctx: &ReportContext) -> String {
    let part = |name: &str, n: usize, share: f64| format!("{n} {name} ({:.1}%)", share * 100.0);
    format!(
        "{} against {} ({} sentences)\n{} sentences: {}, {}, {}\n{} words: {}, {}, {}\n",
        ctx.subject,
        statements(ctx.statements),
        ctx.sentences,
        s.sentences,
        part("verbatim", s.verbatim.sentences, s.verbatim.share),
        part("edited", s.edited.sentences, s.edited.share),
        part("new", s.new.sentences, s.new.share),
        s.words,
        part("verbatim", s.verbatim.words, s.verbatim.word_share),
        part("edited", s.edited.words, s.edited.word_share),
        part("new", s.new.words, s.new.word_share),
    )
}

fn statements(n: usize) -> String {
    match n {
        1 => "1 adopted statement".to_owned(),
        n => format!("{n} adopted statements"),
    }
}

/// The report as JSON: `{"subject", "archive", "sentences": [{"text", "status", "source",
/// "similarity", …}], "summary": {…}}`.
pub fn json(report: &Provenance, ctx: &ReportContext) -> String {
    #[derive(Serialize)]
    struct Archive {
        statements: usize,
        sentences: usize,
    }
    #[derive(Serialize)]
    struct Out<'a> {
        subject: &'a str,
        archive: Archive,
        sentences: &'a [SentenceReport],
        summary: &'a Summary,
    }
    let out = Out {
        subject: &ctx.subject,
        archive: Archive {
            statements: ctx.statements,
            sentences: ctx.sentences,
        },
        sentences: &report.sentences,
        summary: &report.summary,
    };
    // Plain structs of strings and numbers always serialise; keep the output valid regardless.
    let mut text = serde_json::to_string_pretty(&out).unwrap_or_else(|_| "{}".to_owned());
    text.push('\n');
    text
}

const STYLE: &str = r#"
body { font-family: "Liberation Serif", "Times New Roman", serif; max-width: 46em; margin: 2em auto; padding: 0 1em; line-height: 1.5; color: #111; }
h1 { font-size: 1.3em; } .meta { color: #555; }
table.summary { border-collapse: collapse; margin: 1em 0; }
table.summary td, table.summary th { border: 1px solid #ccc; padding: .2em .6em; text-align: right; }
table.summary th:first-child, table.summary td:first-child { text-align: left; }
.s { position: relative; border-radius: 2px; }
.s.verbatim { background: #dff3df; } .s.edited { background: #fff1c6; } .s.new { background: #fbdcdc; }
.key .s { padding: 0 .3em; }
.tip { display: none; position: absolute; left: 0; top: 1.6em; z-index: 1; width: 34em; padding: .5em .7em;
       background: #fff; border: 1px solid #999; box-shadow: 0 2px 6px rgba(0,0,0,.2); font-size: .9em; color: #111; }
.s:hover > .tip, .s:focus > .tip { display: block; }
.tip .src { color: #555; display: block; margin-bottom: .3em; }
del { color: #a00; text-decoration: line-through; } ins { color: #060; text-decoration: underline; }
@media print { .tip { display: none !important; } }
"#;

/// One self-contained HTML page: the subject's text, each sentence coloured by its verdict;
/// hovering over (or tabbing to) a sentence shows its source and, when edited, the word diff.
pub fn html(report: &Provenance, ctx: &ReportContext) -> String {
    let s = &report.summary;
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(&format!(
        "<title>Provenance: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&ctx.subject)
    ));
    out.push_str(&format!(
        "<h1>Provenance of {}</h1>\n<p class=\"meta\">Against {} ({} sentences). Hover over a sentence for its precedent.</p>\n",
        escape(&ctx.subject),
        statements(ctx.statements),
        ctx.sentences
    ));
    out.push_str("<table class=\"summary\">\n<tr><th></th><th>sentences</th><th>share</th><th>words</th><th>share of words</th></tr>\n");
    for status in [Status::Verbatim, Status::Edited, Status::New] {
        let t = s.tally(status);
        out.push_str(&format!(
            "<tr><td><span class=\"s {0}\">{0}</span></td><td>{1}</td><td>{2:.1}%</td><td>{3}</td><td>{4:.1}%</td></tr>\n",
            status.as_str(),
            t.sentences,
            t.share * 100.0,
            t.words,
            t.word_share * 100.0
        ));
    }
    out.push_str(&format!(
        "<tr><td>total</td><td>{}</td><td></td><td>{}</td><td></td></tr>\n</table>\n<main>\n",
        s.sentences, s.words
    ));
    let mut paragraph = None;
    for r in &report.sentences {
        if paragraph != Some(r.paragraph) {
            if paragraph.is_some() {
                out.push_str("</p>\n");
            }
            out.push_str(&format!("<p id=\"p{}\">", r.paragraph));
            paragraph = Some(r.paragraph);
        } else {
            out.push(' ');
        }
        out.push_str(&sentence_html(r));
    }
    if paragraph.is_some() {
        out.push_str("</p>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn sentence_html(r: &SentenceReport) -> String {
    let status = r.status.as_str();
    let tip = match (&r.source, r.status) {
        (Some(src), Status::Verbatim) => format!(
            "<span class=\"src\">verbatim: {} ¶{}.{}{}</span>",
            escape(&src.statement),
            src.paragraph,
            src.sentence,
            match src.statements {
                0 | 1 => String::new(),
                n => format!(" (in {n} statements)"),
            }
        ),
        (Some(src), Status::Edited) => format!(
            "<span class=\"src\">edited, {} of the words kept: {} ¶{}.{}</span>{}",
            percent(r.similarity),
            escape(&src.statement),
            src.paragraph,
            src.sentence,
            r.redline
                .as_ref()
                .map_or_else(|| escape(&src.text), |b| runs_html(&b.runs))
        ),
        (None, Status::Verbatim | Status::Edited) | (Some(_) | None, Status::New) => {
            "<span class=\"src\">new: no precedent in the archive</span>".to_owned()
        }
    };
    format!(
        "<span class=\"s {status}\" tabindex=\"0\">{}<span class=\"tip\">{tip}</span></span>",
        escape(&r.text)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::Source;
    use crate::document::{Block, BlockKind, Bracket, Change, Marks, Run};

    fn run(text: &str, marks: Marks) -> Run {
        Run {
            text: text.to_owned(),
            marks,
        }
    }

    // The precedent's word diff on the HTML page goes through the redline page's run renderer:
    // emphasis, brackets, language and moves show as they do there, not only insertions and
    // deletions.
    #[test]
    fn html_word_diff_keeps_every_mark() {
        let runs = vec![
            run("Both ", Marks::default()),
            run(
                "sides",
                Marks {
                    emphasis: true,
                    bracket: Some(Bracket {
                        group: 0,
                        party: Some("JP".to_owned()),
                    }),
                    ..Marks::default()
                },
            ),
            run(
                " met",
                Marks {
                    change: Some(Change::MovedTo(1)),
                    lang: Some("ja".to_owned()),
                    ..Marks::default()
                },
            ),
            run(
                " again",
                Marks {
                    change: Some(Change::Inserted),
                    ..Marks::default()
                },
            ),
        ];
        let report = SentenceReport {
            text: "Both sides met again.".to_owned(),
            status: Status::Edited,
            source: Some(Source {
                statement: "2014".to_owned(),
                paragraph: 1,
                sentence: 1,
                text: "Both sides met.".to_owned(),
                statements: 1,
            }),
            similarity: Some(0.8),
            paragraph: 1,
            sentence: 1,
            words: 4,
            diff: None,
            edits: Vec::new(),
            redline: Some(Block {
                runs,
                ..Block::text(BlockKind::Paragraph, "")
            }),
        };
        let html = sentence_html(&report);
        assert!(
            html.contains(
                "Both <span class=\"bracket\" data-party=\"JP\"><em>sides</em></span><ins class=\"moved-to\" data-move=\"1\"><span lang=\"ja\"> met</span></ins><ins> again</ins>"
            ),
            "{html}"
        );
    }
}
