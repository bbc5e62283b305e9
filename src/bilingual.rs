//! Checking the language versions of one statement against each other: the same paragraphs in
//! the same order (by their clause or body id); in each pair of paragraphs the same numbers,
//! years and dates (2014 ↔ 2014年, May ↔ 5月, "Second" ↔ 第2回) and the same Latin acronyms
//! ((JAXA) ↔ (JAXA)); and the workspace glossary's terms rendered: an English term in a
//! paragraph requires its Japanese rendering in the paired one. Each finding is a [`Drift`]
//! naming both paragraphs; the caller turns them into diagnostics at the paragraph's place in
//! the inputs (warnings, or errors for a final copy). Pure: documents and text in, findings out.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Deserialize;

use crate::document::{Block, BlockKind, Document};
use crate::draft::Draft;
use crate::error::{Diagnostic, Position, Severity};

/// Term pairs: `[[terms]] en = "Space Situational Awareness"  ja = "宇宙状況監視"`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Glossary {
    pub terms: Vec<(String, String)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGlossary {
    #[serde(default)]
    terms: Vec<RawTerm>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    en: String,
    ja: String,
}

impl Glossary {
    /// Read `templates/glossary.toml` (its text, named `file` in diagnostics).
    pub fn parse(file: &Path, text: &str) -> Result<Glossary, Diagnostic> {
        let raw: RawGlossary =
            toml::from_str(text).map_err(|e| crate::draft::toml_error(file, text, &e))?;
        Ok(Glossary {
            terms: raw.terms.into_iter().map(|t| (t.en, t.ja)).collect(),
        })
    }
}

/// What differs between two language versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DriftKind {
    /// A paragraph one version has and the other lacks, or has elsewhere.
    Paragraph,
    Numbers,
    Acronyms,
    Glossary,
}

/// One difference, with the paragraphs it concerns (1-based paragraph numbers in each version,
/// and the paragraph's id in the inputs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    pub kind: DriftKind,
    pub message: String,
    pub id: Option<String>,
    pub first: Option<usize>,
    pub second: Option<usize>,
}

/// The body paragraphs (numbered from 1) and the date line, the parts that pair across
/// languages; title lines are laid out differently in each language and are left out.
/// Body paragraphs are numbered from 1; the date line is 0.
fn paragraphs(doc: &Document) -> Vec<(usize, &Block)> {
    let mut n = 0;
    doc.blocks
        .iter()
        .filter_map(|b| match b.kind {
            BlockKind::DateLine => Some((0, b)),
            BlockKind::Paragraph => {
                n += 1;
                Some((n, b))
            }
            _ => None,
        })
        .collect()
}

/// "paragraph 3", or "the date line".
fn label(n: usize) -> String {
    if n == 0 {
        "the date line".to_owned()
    } else {
        format!("paragraph {n}")
    }
}

fn text_of(b: &Block) -> String {
    b.runs.iter().map(|r| r.text.as_str()).collect()
}

/// Runs of digits (full-width ones read as ASCII), as numbers.
fn digits(text: &str) -> BTreeSet<u64> {
    let mut out = BTreeSet::new();
    let mut n: Option<u64> = None;
    for c in text.chars() {
        let d = c
            .to_digit(10)
            .or_else(|| ('０'..='９').contains(&c).then(|| c as u32 - '０' as u32));
        match d {
            Some(d) => {
                n = Some(
                    n.unwrap_or(0)
                        .saturating_mul(10)
                        .saturating_add(u64::from(d)),
                )
            }
            None => out.extend(n.take()),
        }
    }
    out.extend(n);
    out
}

/// The numbers an English text says in words: months (May → 5) and ordinals (Second → 2).
fn worded_numbers(text: &str) -> BTreeSet<u64> {
    let mut out = BTreeSet::new();
    for word in text.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
        if let Some(m) = crate::wording::MONTHS.iter().position(|m| *m == word) {
            out.insert(m as u64 + 1);
        }
        if let Some((n, _)) = crate::wording::parse_ordinal(word) {
            out.insert(u64::from(n));
        }
    }
    out
}

/// Latin acronyms: runs of two capitals or more (JAXA, SSA, TCBMs → TCBM).
fn acronyms(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut run = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_uppercase() {
            run.push(c);
        } else {
            if run.len() >= 2 {
                out.insert(std::mem::take(&mut run));
            }
            run.clear();
        }
    }
    out
}

fn list<T: std::fmt::Display>(set: impl IntoIterator<Item = T>) -> String {
    set.into_iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Compare `second` (in `lang`) with `first`, the draft's own language (English: its worded
/// numbers count).
pub fn compare(first: &Document, second: &Document, lang: &str, glossary: &Glossary) -> Vec<Drift> {
    let (a, b) = (paragraphs(first), paragraphs(second));
    let key = |(i, (_, blk)): (usize, &(usize, &Block))| {
        blk.clause.clone().unwrap_or_else(|| format!("#{i}"))
    };
    let keys_a: Vec<String> = a.iter().enumerate().map(key).collect();
    let keys_b: Vec<String> = b.iter().enumerate().map(key).collect();
    let mut out = unmatched(&a, &keys_a, &keys_b, lang, true);
    out.extend(unmatched(&b, &keys_b, &keys_a, lang, false));
    // The paragraphs both have, in the same order.
    let common_a: Vec<&String> = keys_a.iter().filter(|k| keys_b.contains(k)).collect();
    let common_b: Vec<&String> = keys_b.iter().filter(|k| keys_a.contains(k)).collect();
    if let Some(at) = common_a.iter().zip(&common_b).position(|(x, y)| x != y) {
        let i = keys_a.iter().position(|k| k == common_a[at]).unwrap_or(0);
        out.push(Drift {
            kind: DriftKind::Paragraph,
            message: format!(
                "from {} on, the `{lang}` text has its paragraphs in another order",
                label(a[i].0)
            ),
            id: a[i].1.clause.clone(),
            first: Some(a[i].0),
            second: None,
        });
    }
    for (i, k) in keys_a.iter().enumerate() {
        if let Some(j) = keys_b.iter().position(|x| x == k) {
            out.extend(pair_drifts(a[i], b[j], lang, glossary));
        }
    }
    out
}

/// The paragraphs of one version (`ps`, keyed `keys`) that the other (`others`) lacks.
fn unmatched(
    ps: &[(usize, &Block)],
    keys: &[String],
    others: &[String],
    lang: &str,
    first: bool,
) -> Vec<Drift> {
    keys.iter()
        .enumerate()
        .filter(|(_, k)| !others.contains(k))
        .map(|(i, _)| {
            let (n, blk) = ps[i];
            Drift {
                kind: DriftKind::Paragraph,
                message: if first {
                    format!("{} has no `{lang}` version", label(n))
                } else {
                    format!("the `{lang}` text's {} has no counterpart", label(n))
                },
                id: blk.clause.clone(),
                first: first.then_some(n),
                second: (!first).then_some(n),
            }
        })
        .collect()
}

/// What differs within one pair of paragraphs: numbers, acronyms, glossary terms.
fn pair_drifts(
    (na, pa): (usize, &Block),
    (nb, pb): (usize, &Block),
    lang: &str,
    glossary: &Glossary,
) -> Vec<Drift> {
    let mut out = Vec::new();
    let mut push = |kind, message| {
        out.push(Drift {
            kind,
            message,
            id: pa.clause.clone(),
            first: Some(na),
            second: Some(nb),
        });
    };
    let (ta, tb) = (text_of(pa), text_of(pb));
    // Digits in the first text must appear in the second; every number of the second must be
    // said in the first, in digits or in words.
    let (da, db) = (digits(&ta), digits(&tb));
    let said: BTreeSet<u64> = da.union(&worded_numbers(&ta)).copied().collect();
    let missing: Vec<u64> = da.difference(&db).copied().collect();
    let extra: Vec<u64> = db.difference(&said).copied().collect();
    if !missing.is_empty() || !extra.is_empty() {
        let mut parts = Vec::new();
        if !missing.is_empty() {
            parts.push(format!("{} missing in the `{lang}` text", list(&missing)));
        }
        if !extra.is_empty() {
            parts.push(format!("{} only in the `{lang}` text", list(&extra)));
        }
        push(
            DriftKind::Numbers,
            format!("{}: the numbers differ ({})", label(na), parts.join("; ")),
        );
    }
    let (xa, xb) = (acronyms(&ta), acronyms(&tb));
    if xa != xb {
        let none_or = |v: Vec<&String>| {
            if v.is_empty() {
                "none".to_owned()
            } else {
                list(&v)
            }
        };
        push(
            DriftKind::Acronyms,
            format!(
                "{}: the acronyms differ (only in the first: {}; only in the `{lang}` text: {})",
                label(na),
                none_or(xa.difference(&xb).collect()),
                none_or(xb.difference(&xa).collect()),
            ),
        );
    }
    let lower = ta.to_lowercase();
    for (en, ja) in &glossary.terms {
        if lower.contains(&en.to_lowercase()) && !tb.contains(ja.as_str()) {
            push(
                DriftKind::Glossary,
                format!(
                    "{} says “{en}”, and its `{lang}` version lacks “{ja}”",
                    label(na)
                ),
            );
        }
    }
    out
}

/// The findings as diagnostics at the paragraph's place in `meeting.toml` (its body item), with
/// both paragraphs named; `severity` is `Error` for a final copy.
pub fn diagnostics(draft: &Draft, drifts: &[Drift], severity: Severity) -> Vec<Diagnostic> {
    drifts
        .iter()
        .map(|d| {
            let at: Option<Position> = d.id.as_ref().and_then(|id| {
                draft
                    .body
                    .iter()
                    .find(|item| item.id.as_deref() == Some(id.as_str()))
                    .map(|item| item.position)
            });
            let mut diag = Diagnostic::warning(
                &draft.file,
                at,
                format!("language versions differ: {}", d.message),
            );
            diag.severity = severity;
            if let Some(id) = &d.id {
                diag = diag.note(format!("the paragraph is `{id}` in both versions"));
            }
            diag.hint(match d.kind {
                DriftKind::Paragraph => "each language needs the same paragraphs in the same order",
                DriftKind::Numbers => "check dates, years and figures in both versions",
                DriftKind::Acronyms => {
                    "acronyms stay in Latin letters in every version: (JAXA) ↔ (JAXA)"
                }
                DriftKind::Glossary => "use the glossary's rendering (templates/glossary.toml)",
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Numbers in words and digits, full-width digits, acronyms.
    #[test]
    fn what_is_compared() {
        assert_eq!(
            digits("2014年5月9日、第２回"),
            [2, 5, 9, 2014].into_iter().collect()
        );
        assert_eq!(
            worded_numbers("the Second Meeting on May 9"),
            [2, 5].into_iter().collect()
        );
        assert_eq!(
            acronyms("(JAXA), SSA and TCBMs, U.S."),
            ["JAXA", "SSA", "TCBM"]
                .into_iter()
                .map(String::from)
                .collect()
        );
    }
}
