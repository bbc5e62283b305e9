//! The clause library: reusable paragraphs, one file each, TOML front matter + handlebars body.
//!
//! A clause file (`templates/clauses/<id>.md`):
//!
//! ```text
//! +++
//! id = "next-meeting"
//! title = "Next meeting"
//! topic = "procedure"
//! status = "agreed"        # agreed | proposed | bracketed
//! [defaults]               # optional default values
//! +++
//! Both sides concurred on holding the {{ordinal next.number}} meeting …
//! ```
//!
//! The binary embeds the default library; a workspace's files override defaults by id and add
//! new clauses. This module parses and indexes; it reads no files (the CLI hands it texts).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Position};

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// Whether a clause's wording is agreed language, a proposal, or still bracketed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ClauseStatus {
    Agreed,
    Proposed,
    Bracketed,
}

impl ClauseStatus {
    /// The name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            ClauseStatus::Agreed => "agreed",
            ClauseStatus::Proposed => "proposed",
            ClauseStatus::Bracketed => "bracketed",
        }
    }
}

/// A clause file's front matter (between the `+++` lines).
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    /// The clause's id: the file's name without `.md`, lowercase words joined by hyphens.
    id: String,
    /// A short title, for `chancery clauses`.
    title: String,
    /// The subject it belongs to ("procedure", "cooperation", …).
    topic: String,
    /// agreed (language of record), proposed, or bracketed; `--final` needs agreed.
    status: ClauseStatus,
    /// What the clause says, for the library's list.
    #[serde(default)]
    description: Option<String>,
    /// Default values of the clause's variables; a paragraph's `values` override them.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, serde_json::Value>")]
    defaults: BTreeMap<String, toml::Value>,
    /// `[lang.ja.defaults]`: default values for the body in another language.
    #[serde(default)]
    lang: BTreeMap<String, FrontMatterLang>,
}

/// `[lang.<tag>]` of a clause's front matter.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct FrontMatterLang {
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, serde_json::Value>")]
    defaults: BTreeMap<String, toml::Value>,
}

/// A line `+++ <tag>` (`+++ ja`) that starts a clause's body in another language.
fn language_marker(line: &str) -> Option<&str> {
    let tag = line.trim_end_matches('\r').strip_prefix("+++ ")?.trim();
    (!tag.is_empty() && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')).then_some(tag)
}

/// The section of a template for `lang`: the whole text (up to any `+++ <tag>` line) for the
/// first language, else the lines after `+++ <lang>` up to the next marker; with the line the
/// section starts on (1-based). `None` when there is no section for `lang`.
pub fn section<'t>(text: &'t str, lang: &str, first: &str) -> Option<(&'t str, usize)> {
    let mut start = (lang == first).then_some((0, 1));
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if let Some(tag) = language_marker(line.trim_end_matches('\n')) {
            if let Some((s, l)) = start {
                // Ends as a file does, with one newline (see `split_languages`).
                let body = &text[s..offset];
                let trimmed = body.trim_end_matches('\n');
                let end = (trimmed.len() + 1).min(body.len());
                return Some((&body[..end], l));
            }
            if tag == lang {
                start = Some((offset + line.len(), i + 2));
            }
        }
        offset += line.len();
    }
    start.map(|(s, l)| (&text[s..], l))
}

/// The first body and the `+++ <tag>` sections after it, each with its first line.
fn split_languages(body: &str, first_line: usize) -> (String, Vec<(String, String, usize)>) {
    let mut first = String::new();
    let mut others: Vec<(String, String, usize)> = Vec::new();
    for (i, line) in body.split_inclusive('\n').enumerate() {
        if let Some(tag) = language_marker(line.trim_end_matches('\n')) {
            others.push((tag.to_owned(), String::new(), first_line + i + 1));
            continue;
        }
        match others.last_mut() {
            Some((_, text, _)) => text.push_str(line),
            None => first.push_str(line),
        }
    }
    // A body before a marker ends as a file does, with one newline (blank lines before the
    // marker are layout); so adding a language leaves the first body's bytes as they were.
    if !others.is_empty() {
        while first.ends_with("\n\n") {
            first.pop();
        }
    }
    (first, others)
}

/// The JSON Schema of a clause file's front matter, generated from the type the parser reads.
pub fn front_matter_schema() -> serde_json::Value {
    crate::schema::generate::<FrontMatter>()
}

/// Where a clause file came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClauseOrigin {
    /// Built into the binary.
    Embedded,
    /// The workspace's `templates/clauses/`.
    Workspace,
}

/// One clause of the library.
#[derive(Debug, Clone)]
pub struct Clause {
    pub id: String,
    pub title: String,
    pub topic: String,
    pub status: ClauseStatus,
    pub description: Option<String>,
    /// Default values, overridden by a body item's values.
    pub defaults: serde_json::Map<String, serde_json::Value>,
    /// The handlebars body (in the language of the build, see [`ClauseLibrary::in_language`]).
    pub body: String,
    /// The bodies in other languages (`+++ ja` sections after the first body): tag → (body,
    /// its first line in the file), and their own defaults.
    pub languages: BTreeMap<String, LanguageBody>,
    /// Set when the library is taken in a language this clause has no body in: assembling it
    /// is then an error at the paragraph that uses it.
    pub missing_language: Option<String>,
    /// The file it came from (`<embedded>/…` for defaults).
    pub file: PathBuf,
    /// Line of the file where the body starts (1-based), to map template positions.
    pub body_line: usize,
    /// SHA-256 of the whole clause file (front matter included), for manifests.
    pub sha256: String,
    pub origin: ClauseOrigin,
}

/// A clause's body in another language.
#[derive(Debug, Clone, PartialEq)]
pub struct LanguageBody {
    pub body: String,
    pub body_line: usize,
    /// `[lang.<tag>.defaults]`: values in that language (the first body's wording defaults do
    /// not carry over).
    pub defaults: serde_json::Map<String, serde_json::Value>,
}

/// A clause file's text and name, as handed over by the caller.
#[derive(Debug, Clone)]
pub struct ClauseSource {
    pub file: PathBuf,
    pub text: String,
    pub origin: ClauseOrigin,
}

/// The clause sources built into the binary.
pub fn embedded_sources() -> Vec<ClauseSource> {
    EMBEDDED_CLAUSES
        .iter()
        .map(|(name, text)| ClauseSource {
            file: Path::new("<embedded>/templates/clauses").join(name),
            text: (*text).to_owned(),
            origin: ClauseOrigin::Embedded,
        })
        .collect()
}

/// The default statement template built into the binary.
pub fn embedded_statement() -> &'static str {
    EMBEDDED_STATEMENT
}

/// All clauses by id.
#[derive(Debug, Clone, Default)]
pub struct ClauseLibrary {
    clauses: BTreeMap<String, Clause>,
}

impl ClauseLibrary {
    /// Parse clause files; workspace files override embedded ones with the same id. Duplicate ids
    /// within one origin, bad front matter and ids that are not file names are all reported.
    pub fn load(sources: &[ClauseSource]) -> Result<ClauseLibrary, Vec<Diagnostic>> {
        let mut diags = Vec::new();
        let mut clauses: BTreeMap<String, Clause> = BTreeMap::new();
        for source in sources {
            let clause = match parse_clause(source) {
                Ok(c) => c,
                Err(d) => {
                    diags.push(d);
                    continue;
                }
            };
            match clauses.get(&clause.id) {
                Some(existing) if existing.origin == clause.origin => {
                    diags.push(
                        Diagnostic::error(
                            &clause.file,
                            Some(Position { line: 2, col: 1 }),
                            format!("duplicate clause id `{}`", clause.id),
                        )
                        .note(format!("also defined in {}", existing.file.display()))
                        .hint("each clause id must be unique; rename one of them"),
                    );
                    continue;
                }
                Some(existing) if existing.origin == ClauseOrigin::Workspace => continue,
                _ => {}
            }
            clauses.insert(clause.id.clone(), clause);
        }
        if diags.iter().any(Diagnostic::is_error) {
            Err(diags)
        } else {
            Ok(ClauseLibrary { clauses })
        }
    }

    /// The clause with `id`.
    /// The library in language `lang`: each clause's body (and defaults) in that language; a
    /// clause without one is marked, so that using it is an error. `lang == first` (the
    /// language the first bodies are written in) gives the library as it is.
    pub fn in_language(&self, lang: &str, first: &str) -> ClauseLibrary {
        if lang == first {
            return self.clone();
        }
        let clauses = self
            .clauses
            .iter()
            .map(|(id, c)| {
                let mut c = c.clone();
                match c.languages.get(lang).cloned() {
                    Some(l) => {
                        c.body = l.body;
                        c.body_line = l.body_line;
                        c.defaults
                            .retain(|_, v| !(v.is_string() || v.is_array() || v.is_object()));
                        c.defaults.extend(l.defaults);
                    }
                    None => c.missing_language = Some(lang.to_owned()),
                }
                (id.clone(), c)
            })
            .collect();
        ClauseLibrary { clauses }
    }

    pub fn get(&self, id: &str) -> Option<&Clause> {
        self.clauses.get(id)
    }

    /// All clauses, ordered by id.
    pub fn iter(&self) -> impl Iterator<Item = &Clause> {
        self.clauses.values()
    }

    /// The closest known id to `id`, for "did you mean".
    pub fn suggest(&self, id: &str) -> Option<&str> {
        self.clauses
            .keys()
            .map(|k| (strsim::jaro_winkler(id, k), k))
            .filter(|(score, _)| *score > 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, k)| k.as_str())
    }
}

fn parse_clause(source: &ClauseSource) -> Result<Clause, Diagnostic> {
    let text = source.text.strip_prefix('\u{feff}').unwrap_or(&source.text);
    let file = &source.file;
    let (front, body) = split_front_matter(file, text)?;
    let fm: FrontMatter = toml::from_str(front).map_err(|e| {
        // Front matter starts on line 2 of the file.
        let mut d = crate::draft::toml_error(file, front, &e);
        if let Some(p) = &mut d.position {
            p.line += 1;
        }
        d
    })?;
    check_id(file, &fm.id)?;
    let body_line = text[..text.len() - body.len()].matches('\n').count() + 1;
    let defaults = fm
        .defaults
        .iter()
        .map(|(k, v)| (k.clone(), crate::draft::toml_to_json(v)))
        .collect();
    let (body, others) = split_languages(body, body_line);
    let mut languages = BTreeMap::new();
    for (tag, text, line) in others {
        let lang_defaults = fm
            .lang
            .get(&tag)
            .map(|l| {
                l.defaults
                    .iter()
                    .map(|(k, v)| (k.clone(), crate::draft::toml_to_json(v)))
                    .collect()
            })
            .unwrap_or_default();
        languages.insert(
            tag,
            LanguageBody {
                body: text,
                body_line: line,
                defaults: lang_defaults,
            },
        );
    }
    Ok(Clause {
        id: fm.id,
        title: fm.title,
        topic: fm.topic,
        status: fm.status,
        description: fm.description,
        defaults,
        body,
        languages,
        missing_language: None,
        file: file.clone(),
        body_line,
        sha256: crate::manifest::sha256_hex(source.text.as_bytes()),
        origin: source.origin,
    })
}

/// The front matter between the `+++` lines, and the body after them.
fn split_front_matter<'t>(file: &Path, text: &'t str) -> Result<(&'t str, &'t str), Diagnostic> {
    let Some(rest) = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
    else {
        return Err(Diagnostic::error(
            file,
            Some(Position { line: 1, col: 1 }),
            "a clause file must start with `+++` front matter",
        )
        .hint(
            "begin with `+++`, then id, title, topic and status in TOML, then `+++` and the body",
        ));
    };
    let Some(end) = rest.find("\n+++") else {
        return Err(Diagnostic::error(
            file,
            Some(Position { line: 1, col: 1 }),
            "the front matter is not closed",
        )
        .hint("close it with a line holding only `+++`"));
    };
    let front = &rest[..=end];
    let after = &rest[end + 4..];
    let body = after
        .strip_prefix("\r\n")
        .or_else(|| after.strip_prefix('\n'))
        .unwrap_or(after);
    Ok((front, body))
}

/// A clause id is a file name: lowercase letters, digits or `-`, and the file's own stem.
fn check_id(file: &Path, id: &str) -> Result<(), Diagnostic> {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        || id.is_empty()
    {
        return Err(Diagnostic::error(
            file,
            Some(Position { line: 2, col: 1 }),
            format!("clause id `{id}` must be lowercase letters, digits or `-`"),
        )
        .hint("ids are also file names: `next-meeting` lives in `next-meeting.md`"));
    }
    if id != stem {
        return Err(Diagnostic::error(
            file,
            Some(Position { line: 2, col: 1 }),
            format!("clause id `{id}` does not match its file name `{stem}.md`"),
        )
        .hint(format!(
            "rename the file to `{id}.md` or change the id to `{stem}`"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(name: &str, text: &str) -> ClauseSource {
        ClauseSource {
            file: Path::new("templates/clauses").join(name),
            text: text.to_owned(),
            origin: ClauseOrigin::Workspace,
        }
    }

    // An unquoted TOML date in `[defaults]` is the date's text, as the same value is in
    // meeting.toml: the `date` helper reads both alike.
    #[test]
    fn unquoted_date_defaults_become_strings() {
        let text = "+++\nid = \"signed\"\ntitle = \"Signed\"\ntopic = \"procedure\"\nstatus = \"agreed\"\n[defaults]\nsigned = 2014-05-09\nquoted = \"2014-05-09\"\n+++\nSigned on {{date signed}}.\n";
        let lib = ClauseLibrary::load(&[source("signed.md", text)]).expect("valid");
        let clause = lib.get("signed").expect("loaded");
        assert_eq!(clause.defaults["signed"], serde_json::json!("2014-05-09"));
        assert_eq!(clause.defaults["signed"], clause.defaults["quoted"]);
        assert_eq!(clause.body_line, 10);
        assert_eq!(clause.body, "Signed on {{date signed}}.\n");
    }

    // A workspace clause overrides the embedded one of the same id; duplicates in one origin
    // are refused.
    #[test]
    fn workspace_overrides_and_duplicates() {
        let text = |title: &str| {
            format!(
                "+++\nid = \"x\"\ntitle = \"{title}\"\ntopic = \"t\"\nstatus = \"agreed\"\n+++\nX.\n"
            )
        };
        let mut embedded = source("x.md", &text("embedded"));
        embedded.origin = ClauseOrigin::Embedded;
        let lib = ClauseLibrary::load(&[embedded, source("x.md", &text("mine"))]).expect("valid");
        assert_eq!(lib.get("x").map(|c| c.title.as_str()), Some("mine"));
        let dup = ClauseLibrary::load(&[source("x.md", &text("a")), source("x.md", &text("b"))]);
        let diags = dup.expect_err("duplicate");
        assert!(diags[0].message.contains("duplicate clause id `x`"));
    }
}
