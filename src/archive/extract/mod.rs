//! `clauses extract`: propose clause files and a `meeting.toml` from an adopted statement, so
//! that a team with only earlier statements can start drafting from them.
//!
//! Each body paragraph becomes one clause. What varies between meetings becomes a value: the
//! meeting's ordinal, date and place; the previous and next meetings (ordinal, date, place,
//! timing); the parties (governments, "the Japanese side", the pair "Japan-U.S."); the co-chair
//! and participant lists with their list style; the series' names; other dates, as the
//! paragraph's own values. The heading block maps onto the default statement skeleton when it
//! has the usual shape, and onto a `statement.hbs` of its own otherwise.
//!
//! Reading wording is heuristic, so the result is checked the way it will be used: the
//! proposed `meeting.toml`, clauses and skeleton are assembled here, and the text must come out
//! exactly as adopted. A paragraph that does not is kept as written (a clause without values),
//! and the notes say so; if the inputs do not even validate, the previous and next meetings are
//! left out, and as a last resort every paragraph is kept as written. So whatever the statement,
//! `chancery build` on the result gives it back byte for byte.
//!
//! Pure: a [`Document`] in, texts out; the CLI writes the files.

mod plan;
mod scan;
mod write;

use std::path::{Path, PathBuf};

use crate::assemble::{AssembleOptions, TemplateSet, assemble};
use crate::clauses::{
    ClauseLibrary, ClauseOrigin, ClauseSource, embedded_sources, embedded_statement,
};
use crate::document::{Block, BlockKind, Document};
use crate::draft::{Draft, Sources};
use crate::render::text::{TextOptions, block_text};
use plan::Plan;

/// Options of [`extract`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtractOptions {
    /// How the statement is named in comments and clause descriptions (its path). Default
    /// "the adopted statement".
    pub label: String,
    /// Put before every clause id (e.g. `space-`), to keep extracted clauses apart from a
    /// library's own. Default none.
    pub prefix: String,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions {
            label: "the adopted statement".to_owned(),
            prefix: String::new(),
        }
    }
}

/// One proposed clause file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtractedClause {
    pub id: String,
    /// The whole file: front matter and body.
    pub text: String,
}

/// What [`extract`] proposes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extraction {
    /// The meeting's inputs.
    pub meeting_toml: String,
    /// One clause per body paragraph, in order (`templates/clauses/<id>.md`).
    pub clauses: Vec<ExtractedClause>,
    /// A statement skeleton (`templates/statement.hbs`), when the heading block does not fit
    /// the default one.
    pub statement: Option<String>,
    /// What could not be turned into values, for the user to review.
    pub notes: Vec<String>,
}

/// Why nothing could be proposed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// Only a heading block, or nothing at all.
    #[error("the statement has no body paragraph to make clauses of")]
    NoBody,
    /// Even clauses holding the text as written do not rebuild it (a block kind the templates
    /// cannot express, for instance).
    #[error("the proposed clauses do not rebuild the statement exactly: {detail}")]
    NoRoundTrip { detail: String },
}

/// Propose clauses and inputs that rebuild `doc` exactly.
pub fn extract(doc: &Document, opts: &ExtractOptions) -> Result<Extraction, ExtractError> {
    let blocks: Vec<&Block> = doc
        .blocks
        .iter()
        .filter(|b| b.is_textual() && !b.plain_text().trim().is_empty())
        .collect();
    let heading_len = blocks
        .iter()
        .take_while(|b| {
            matches!(
                b.kind,
                BlockKind::Title | BlockKind::Subtitle | BlockKind::DateLine
            )
        })
        .count();
    let (heading, body) = blocks.split_at(heading_len);
    if body.is_empty() {
        return Err(ExtractError::NoBody);
    }
    let expected: Vec<String> = blocks
        .iter()
        .map(|b| block_text(b, &TextOptions::default()))
        .collect();
    let mut last_detail = String::new();
    for level in [Level::Full, Level::NoLinks, Level::Literal] {
        let mut plan = Plan::new(heading, body, level, opts);
        for _ in 0..3 {
            let ex = plan.render(opts);
            match check(&ex, &expected, heading_len) {
                Check::Exact => {
                    let mut ex = ex;
                    ex.notes = plan.notes(level);
                    return Ok(ex);
                }
                Check::Differs {
                    heading,
                    paragraphs,
                } => {
                    last_detail = format!(
                        "paragraph(s) {} differ",
                        paragraphs
                            .iter()
                            .map(|p| (p + heading_len + 1).to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                    let already =
                        plan.heading_literal && paragraphs.iter().all(|&p| plan.paras[p].literal);
                    if already {
                        break;
                    }
                    plan.heading_literal |= heading;
                    for p in paragraphs {
                        plan.paras[p].literal = true;
                    }
                }
                Check::Invalid(detail) => {
                    last_detail = detail;
                    break;
                }
            }
        }
    }
    Err(ExtractError::NoRoundTrip {
        detail: last_detail,
    })
}
/// How much the extractor dares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    /// Everything it recognises.
    Full,
    /// Without the previous and next meetings (when they do not validate).
    NoLinks,
    /// Every paragraph as written.
    Literal,
}
/// The outcome of rebuilding an extraction.
enum Check {
    Exact,
    /// Which text blocks came out differently: the heading block, and body paragraphs
    /// (0-based over the body).
    Differs {
        heading: bool,
        paragraphs: Vec<usize>,
    },
    /// The inputs or templates do not validate.
    Invalid(String),
}

/// No previous draft is ever read: extracted inputs give the previous meeting by its values.
struct NoFiles;

impl Sources for NoFiles {
    fn read_text(&self, path: &Path) -> std::io::Result<String> {
        Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("`{}` is not read during extraction", path.display()),
        ))
    }
}

/// Assemble the extraction as `chancery build` would and compare its text with `expected`.
fn check(ex: &Extraction, expected: &[String], heading_len: usize) -> Check {
    let file = Path::new("extracted/meeting.toml");
    let draft = match Draft::parse(file, &ex.meeting_toml, &NoFiles) {
        Ok(d) => d,
        Err(diags) => return Check::Invalid(first_error(&diags)),
    };
    let mut sources = embedded_sources();
    sources.extend(ex.clauses.iter().map(|c| ClauseSource {
        file: PathBuf::from(format!("templates/clauses/{}.md", c.id)),
        text: c.text.clone(),
        origin: ClauseOrigin::Workspace,
    }));
    let clauses = match ClauseLibrary::load(&sources) {
        Ok(c) => c,
        Err(diags) => return Check::Invalid(first_error(&diags)),
    };
    let set = TemplateSet {
        statement_file: PathBuf::from("templates/statement.hbs"),
        statement: ex
            .statement
            .clone()
            .unwrap_or_else(|| embedded_statement().to_owned()),
        clauses,
    };
    let assembled = match assemble(&draft, &set, &AssembleOptions::default()) {
        Ok(a) => a,
        Err(diags) => return Check::Invalid(first_error(&diags)),
    };
    let got: Vec<String> = assembled
        .document
        .blocks
        .iter()
        .filter(|b| b.is_textual())
        .map(|b| block_text(b, &TextOptions::default()))
        .filter(|t| !t.trim().is_empty())
        .collect();
    if got == expected {
        return Check::Exact;
    }
    let body_len = expected.len() - heading_len;
    let got_heading_len = assembled
        .document
        .blocks
        .iter()
        .filter(|b| {
            matches!(
                b.kind,
                BlockKind::Title | BlockKind::Subtitle | BlockKind::DateLine
            )
        })
        .count();
    let heading = got_heading_len != heading_len
        || got[..got_heading_len.min(got.len())] != expected[..heading_len];
    let paragraphs: Vec<usize> = if got.len() == expected.len() && got_heading_len == heading_len {
        (0..body_len)
            .filter(|&i| got[heading_len + i] != expected[heading_len + i])
            .collect()
    } else {
        (0..body_len).collect()
    };
    Check::Differs {
        heading,
        paragraphs,
    }
}

fn first_error(diags: &[crate::error::Diagnostic]) -> String {
    diags
        .iter()
        .find(|d| d.is_error())
        .map_or_else(|| "invalid inputs".to_owned(), |d| d.message.clone())
}
