//! The archive of adopted statements, its sentence index, and provenance: for each sentence of
//! a draft, whether it is verbatim precedent, precedent with edits, or new.
//!
//! Agreed language needs no new clearance, so a reviewer wants to know, sentence by sentence,
//! where a draft's text comes from. [`Archive`] holds the sentences of earlier statements
//! ([`sentences::split`] knows the genre's abbreviations), indexed two ways, both through the
//! similarity layer (`crate::similarity`) that diff alignment uses too: by normalised text
//! (white space and typographic quotes folded) for verbatim look-ups in constant time, and by
//! word bigrams in its bounded index for the nearest precedent of an edited sentence.
//! Candidates are gathered from the rarest bigrams first within a fixed budget of postings,
//! ranked by Dice similarity, and the best few are compared with [`diff::word_diff`] (no
//! second diff here); the share of words they have in common is the similarity. The same
//! inputs give the same report on any machine: no clock, no randomness, ties broken by
//! archive order.
//!
//! Pure: statements come in as [`Document`]s with a label (the CLI reads the files, in the
//! order it chooses: sorted paths, so dated draft folders read oldest first), and a
//! [`Provenance`] report comes out; [`report`] renders it as text, HTML or JSON. Proposing
//! clause files from an adopted statement lives beside it, in [`extract`]. The archive's
//! persistent form, which answers the same queries from a file the CLI keeps, is [`store`]: the
//! verdict logic ([`trace`]) runs over either through [`Precedents`], so the two cannot differ.

pub mod extract;
pub mod report;
pub mod sentences;
pub mod store;

use std::hash::BuildHasherDefault;

use rustc_hash::FxHasher;
use serde::Serialize;

use crate::diff::{self, Edit};
use crate::document::{Block, BlockKind, Document};
use crate::similarity::{self, Index, Query};

type FxMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Options of [`Archive::provenance`].
#[derive(Debug, Clone, PartialEq)]
pub struct ProvenanceOptions {
    /// Least similarity (share of words in common, 0 to 1) for a sentence to count as edited
    /// precedent rather than new. Default 0.5: half the words kept.
    pub min_similarity: f64,
    /// Candidates compared word by word for each sentence that is not verbatim, the best by
    /// bigram similarity. Default 8.
    pub max_candidates: usize,
    /// Postings read per sentence when gathering candidates, rarest bigrams first; bounds the
    /// work on archives where every statement shares most phrases. Default 20 000.
    pub posting_budget: usize,
}

impl Default for ProvenanceOptions {
    fn default() -> Self {
        ProvenanceOptions {
            min_similarity: 0.5,
            max_candidates: 8,
            posting_budget: 20_000,
        }
    }
}

/// Where a sentence stands in an archived statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Place {
    statement: u32,
    /// 1-based, over the statement's text blocks (title, subtitle and date line count).
    paragraph: u32,
    /// 1-based, within the paragraph.
    sentence: u32,
}

/// One distinct sentence of the archive (after normalisation) and everywhere it occurs; its
/// number in the [`Index`] is its place in [`Archive::entries`].
#[derive(Debug)]
struct Entry {
    text: String,
    places: Vec<Place>,
}

/// Bigrams kept per sentence: all of them. Sentences are short, and a verdict rests on the
/// candidates found, so provenance does not sketch (diff alignment, comparing whole
/// paragraphs, does).
const ALL_FEATURES: usize = usize::MAX;

/// Earlier statements, split into sentences and indexed.
#[derive(Debug, Default)]
pub struct Archive {
    labels: Vec<String>,
    entries: Vec<Entry>,
    by_text: FxMap<String, u32>,
    index: Index,
    sentences: usize,
}

impl Archive {
    /// An empty archive.
    pub fn new() -> Self {
        Archive::default()
    }

    /// Add a statement; `label` names it in reports (e.g. its path). Statements added later
    /// count as more recent: a verbatim sentence is reported from the latest one holding it.
    pub fn add(&mut self, label: impl Into<String>, doc: &Document) {
        let statement = u32::try_from(self.labels.len()).unwrap_or(u32::MAX);
        self.labels.push(label.into());
        for s in document_sentences(doc) {
            self.sentences += 1;
            let place = Place {
                statement,
                paragraph: s.paragraph,
                sentence: s.sentence,
            };
            let norm = similarity::normalize(&s.text);
            if let Some(&id) = self.by_text.get(&*norm) {
                self.entries[id as usize].places.push(place);
                continue;
            }
            let id = self
                .index
                .insert(&similarity::text_features(&norm, ALL_FEATURES));
            let norm = norm.into_owned();
            self.entries.push(Entry {
                text: s.text,
                places: vec![place],
            });
            self.by_text.insert(norm, id);
        }
    }

    /// Statements in the archive.
    pub fn statements(&self) -> usize {
        self.labels.len()
    }

    /// Sentences in the archive, repeats included.
    pub fn sentences(&self) -> usize {
        self.sentences
    }

    /// Distinct sentences in the archive.
    pub fn distinct_sentences(&self) -> usize {
        self.entries.len()
    }

    /// The provenance of every sentence of `doc`.
    pub fn provenance(&self, doc: &Document, opts: &ProvenanceOptions) -> Provenance {
        match trace(self, doc, opts) {
            Ok(report) => report,
            Err(never) => match never {},
        }
    }
}

/// Where the precedents of a provenance query are looked up: the in-memory [`Archive`], or
/// its stored form ([`store::StoredArchive`]), read from bytes that may turn out corrupt
/// (`Err`). One verdict logic ([`trace`]) runs over both, so they cannot disagree.
pub(crate) trait Precedents {
    /// Why a look-up failed (never, in memory).
    type Error;
    /// The entry whose normalised text is `norm`, if any.
    fn verbatim(&self, norm: &str) -> Result<Option<u32>, Self::Error>;
    /// The best candidates for these features, as [`Index::nearest`] ranks them.
    fn candidates(&self, features: &[u64], query: &Query) -> Result<Vec<u32>, Self::Error>;
    /// The text of an entry (its first occurrence, as written).
    fn entry_text(&self, id: u32) -> Result<std::borrow::Cow<'_, str>, Self::Error>;
    /// The source of an entry: its latest place, and how many statements hold it.
    fn source(&self, id: u32) -> Result<Source, Self::Error>;
}

impl Precedents for Archive {
    type Error = std::convert::Infallible;

    fn verbatim(&self, norm: &str) -> Result<Option<u32>, Self::Error> {
        Ok(self.by_text.get(norm).copied())
    }

    fn candidates(&self, features: &[u64], query: &Query) -> Result<Vec<u32>, Self::Error> {
        Ok(self.index.nearest(features, query))
    }

    fn entry_text(&self, id: u32) -> Result<std::borrow::Cow<'_, str>, Self::Error> {
        Ok(std::borrow::Cow::Borrowed(&self.entries[id as usize].text))
    }

    fn source(&self, id: u32) -> Result<Source, Self::Error> {
        let e = &self.entries[id as usize];
        let latest = e.places.last().copied().unwrap_or(Place {
            statement: 0,
            paragraph: 0,
            sentence: 0,
        });
        let mut statements: Vec<u32> = e.places.iter().map(|p| p.statement).collect();
        statements.dedup();
        Ok(Source {
            statement: self
                .labels
                .get(latest.statement as usize)
                .cloned()
                .unwrap_or_default(),
            paragraph: latest.paragraph as usize,
            sentence: latest.sentence as usize,
            text: e.text.clone(),
            statements: statements.len(),
        })
    }
}

/// The provenance of every sentence of `doc` against `archive`.
pub(crate) fn trace<P: Precedents>(
    archive: &P,
    doc: &Document,
    opts: &ProvenanceOptions,
) -> Result<Provenance, P::Error> {
    let mut out = Vec::new();
    for s in document_sentences(doc) {
        let norm = similarity::normalize(&s.text);
        let words = similarity::count_reading_words(&norm);
        let report = match archive.verbatim(&norm)? {
            Some(id) => SentenceReport {
                text: s.text,
                paragraph: s.paragraph as usize,
                sentence: s.sentence as usize,
                words,
                status: Status::Verbatim,
                source: Some(archive.source(id)?),
                similarity: Some(1.0),
                diff: None,
                edits: Vec::new(),
                redline: None,
            },
            None => nearest(archive, &s, &norm, words, opts)?,
        };
        out.push(report);
    }
    let summary = Summary::of(&out);
    Ok(Provenance {
        sentences: out,
        summary,
    })
}

/// The nearest precedent of a sentence that is not verbatim, or the verdict "new".
fn nearest<P: Precedents>(
    archive: &P,
    at: &SentenceAt,
    norm: &str,
    words: usize,
    opts: &ProvenanceOptions,
) -> Result<SentenceReport, P::Error> {
    let text = at.text.as_str();
    let mut best: Option<(f64, u32, diff::WordDiff)> = None;
    let query = Query {
        sample: usize::MAX,
        posting_cap: usize::MAX,
        budget: opts.posting_budget,
        top: opts.max_candidates,
    };
    let features = similarity::text_features(norm, ALL_FEATURES);
    for id in archive.candidates(&features, &query)? {
        let found = diff::word_diff(&archive.entry_text(id)?, text);
        let similarity = 1.0 - found.share_changed();
        // Candidates arrive best first by bigrams: a later one must do strictly better.
        if best.as_ref().is_none_or(|(s, _, _)| similarity > *s) {
            best = Some((similarity, id, found));
        }
    }
    let new = SentenceReport {
        text: text.to_owned(),
        paragraph: at.paragraph as usize,
        sentence: at.sentence as usize,
        words,
        status: Status::New,
        source: None,
        similarity: None,
        diff: None,
        edits: Vec::new(),
        redline: None,
    };
    let Some((similarity, id, found)) = best else {
        return Ok(new);
    };
    if similarity < opts.min_similarity {
        return Ok(new);
    }
    let block = Block {
        runs: found.runs,
        ..Block::text(BlockKind::Paragraph, "")
    };
    Ok(SentenceReport {
        text: text.to_owned(),
        paragraph: at.paragraph as usize,
        sentence: at.sentence as usize,
        words,
        status: Status::Edited,
        source: Some(archive.source(id)?),
        similarity: Some(round3(similarity)),
        diff: Some(crate::render::text::block_text(
            &block,
            &crate::render::text::TextOptions::default(),
        )),
        edits: found.edits,
        redline: Some(block),
    })
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// A sentence of a document and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentenceAt {
    /// 1-based over the document's text blocks (title, subtitle and date line count).
    pub paragraph: u32,
    /// 1-based within the paragraph.
    pub sentence: u32,
    pub text: String,
}

/// The sentences of every text block of `doc`, in reading order.
pub fn document_sentences(doc: &Document) -> Vec<SentenceAt> {
    let mut out = Vec::new();
    let mut paragraph = 0u32;
    for block in doc.blocks.iter().filter(|b| b.is_textual()) {
        let text = block.plain_text();
        if text.trim().is_empty() {
            continue;
        }
        paragraph += 1;
        // Title-block lines and headings are one unit each, whatever their full stops.
        let ranges: Vec<std::ops::Range<usize>> = match block.kind {
            BlockKind::Title
            | BlockKind::Subtitle
            | BlockKind::DateLine
            | BlockKind::Heading { .. } => {
                let start = text.len() - text.trim_start().len();
                std::iter::once(start..text.trim_end().len()).collect()
            }
            BlockKind::Paragraph
            | BlockKind::ListItem { .. }
            | BlockKind::DoneAt
            | BlockKind::Signatures { .. }
            | BlockKind::PageBreak => sentences::split(&text),
        };
        for (k, range) in ranges.into_iter().enumerate() {
            out.push(SentenceAt {
                paragraph,
                sentence: u32::try_from(k + 1).unwrap_or(u32::MAX),
                text: text[range].to_owned(),
            });
        }
    }
    out
}

/// Provenance of a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Found word for word (after folding white space and quotes) in an adopted statement.
    Verbatim,
    /// Close to an adopted sentence: see the similarity and the word diff.
    Edited,
    /// No precedent close enough.
    New,
}

impl Status {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Verbatim => "verbatim",
            Status::Edited => "edited",
            Status::New => "new",
        }
    }
}

/// The precedent of a sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    /// The statement's label (its path).
    pub statement: String,
    /// 1-based over the statement's text blocks (title, subtitle and date line count).
    pub paragraph: usize,
    /// 1-based within the paragraph.
    pub sentence: usize,
    /// The precedent's text.
    pub text: String,
    /// How many statements of the archive hold this exact sentence.
    pub statements: usize,
}

/// The verdict on one sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentenceReport {
    pub text: String,
    pub status: Status,
    /// Verbatim: the latest statement holding it. Edited: the nearest precedent. New: none.
    pub source: Option<Source>,
    /// Share of words in common with the source, 0 to 1 (three decimals); none when new.
    pub similarity: Option<f64>,
    /// 1-based paragraph of the subject (title, subtitle and date line count).
    pub paragraph: usize,
    /// 1-based sentence within the paragraph.
    pub sentence: usize,
    /// Words of the sentence.
    pub words: usize,
    /// Edited: the sentence with `[-deleted-]{+inserted+}` markers against its source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<String>,
    /// Edited: the word-level edits (offsets into the source and the sentence).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub edits: Vec<Edit>,
    /// Edited: the word diff against the source as a paragraph block with change marks, for
    /// renderers.
    #[serde(skip)]
    pub redline: Option<Block>,
}

/// Counts and shares of one status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Tally {
    pub sentences: usize,
    /// Share of the subject's sentences, 0 to 1.
    pub share: f64,
    pub words: usize,
    /// Share of the subject's words, 0 to 1.
    pub word_share: f64,
}

/// What a provenance report adds up to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Summary {
    pub sentences: usize,
    pub words: usize,
    pub verbatim: Tally,
    pub edited: Tally,
    pub new: Tally,
}

impl Summary {
    fn of(reports: &[SentenceReport]) -> Self {
        let mut s = Summary {
            sentences: reports.len(),
            words: reports.iter().map(|r| r.words).sum(),
            ..Summary::default()
        };
        for r in reports {
            let t = s.tally_mut(r.status);
            t.sentences += 1;
            t.words += r.words;
        }
        let (n, w) = (s.sentences, s.words);
        for status in [Status::Verbatim, Status::Edited, Status::New] {
            let t = s.tally_mut(status);
            t.share = ratio(t.sentences, n);
            t.word_share = ratio(t.words, w);
        }
        s
    }

    /// The tally of one status.
    pub fn tally(&self, status: Status) -> &Tally {
        match status {
            Status::Verbatim => &self.verbatim,
            Status::Edited => &self.edited,
            Status::New => &self.new,
        }
    }

    fn tally_mut(&mut self, status: Status) -> &mut Tally {
        match status {
            Status::Verbatim => &mut self.verbatim,
            Status::Edited => &mut self.edited,
            Status::New => &mut self.new,
        }
    }
}

#[allow(clippy::cast_precision_loss)] // counts of sentences and words are far below 2^52
fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        round3(part as f64 / whole as f64)
    }
}

/// A provenance report: every sentence of the subject in order, and the summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Provenance {
    pub sentences: Vec<SentenceReport>,
    pub summary: Summary,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document::from_plain_text(text)
    }

    fn statuses(p: &Provenance) -> Vec<Status> {
        p.sentences.iter().map(|s| s.status).collect()
    }

    // White space and typographic quotes do not make a sentence new; a changed word does.
    #[test]
    fn verbatim_after_normalising() {
        let mut archive = Archive::new();
        archive.add(
            "a",
            &doc("Both sides welcomed \"two-way\" sharing. It is agreed."),
        );
        let p = archive.provenance(
            &doc("Both  sides welcomed \u{201c}two-way\u{201d}\nsharing. It is settled."),
            &ProvenanceOptions::default(),
        );
        assert_eq!(statuses(&p), vec![Status::Verbatim, Status::Edited]);
        assert_eq!(
            p.sentences[1].diff.as_deref(),
            Some("It is [-agreed-]{+settled+}.")
        );
        assert_eq!(p.sentences[1].similarity, Some(0.667));
    }

    // Below the similarity threshold a sentence is new; the threshold is an option.
    #[test]
    fn threshold() {
        let mut archive = Archive::new();
        archive.add(
            "a",
            &doc("Both sides discussed remote sensing data policy at length."),
        );
        let subject = doc("Both sides discussed launch services.");
        let p = archive.provenance(&subject, &ProvenanceOptions::default());
        assert_eq!(statuses(&p), vec![Status::New]);
        assert!(p.sentences[0].source.is_none());
        let lenient = ProvenanceOptions {
            min_similarity: 0.3,
            ..ProvenanceOptions::default()
        };
        assert_eq!(
            statuses(&archive.provenance(&subject, &lenient)),
            vec![Status::Edited]
        );
    }

    // A sentence found in several statements is sourced from the latest; the count is kept.
    #[test]
    fn latest_source_and_count() {
        let mut archive = Archive::new();
        archive.add("2013", &doc("Title\n\nBoth sides met. They agreed."));
        archive.add("2014", &doc("Title\n\nThey talked. Both sides met."));
        let p = archive.provenance(&doc("Both sides met."), &ProvenanceOptions::default());
        let src = p.sentences[0].source.as_ref().unwrap();
        assert_eq!(
            (
                src.statement.as_str(),
                src.paragraph,
                src.sentence,
                src.statements
            ),
            ("2014", 2, 2, 2)
        );
        assert_eq!(archive.sentences(), 6);
        assert_eq!(archive.distinct_sentences(), 4);
    }

    // With a tiny posting budget, common bigrams are skipped but the rarest still find the
    // precedent; the result does not depend on anything but the inputs.
    #[test]
    fn posting_budget_reads_rarest_first() {
        let mut archive = Archive::new();
        for i in 0..50 {
            archive.add(
                format!("s{i}"),
                &doc(&format!("Both sides met on day {i} of talks.")),
            );
        }
        archive.add(
            "rare",
            &doc("Both sides met on the quasi-zenith satellite system."),
        );
        let opts = ProvenanceOptions {
            posting_budget: 3,
            ..ProvenanceOptions::default()
        };
        let subject = doc("Both sides met on the quasi-zenith satellite systems.");
        let a = archive.provenance(&subject, &opts);
        assert_eq!(a.sentences[0].status, Status::Edited);
        assert_eq!(a.sentences[0].source.as_ref().unwrap().statement, "rare");
        assert_eq!(a, archive.provenance(&subject, &opts));
    }

    // Title-block lines are one unit each; the summary adds up.
    #[test]
    fn heading_lines_and_summary() {
        let mut archive = Archive::new();
        archive.add(
            "a",
            &doc("Joint Statement\n\nThe Meeting of the Japan-U.S. Dialogue\n\nBoth met."),
        );
        let p = archive.provenance(
            &doc("Joint Statement\n\nThe Meeting of the Japan-U.S. Dialogue\n\nBoth met. New text here."),
            &ProvenanceOptions::default(),
        );
        assert_eq!(p.sentences.len(), 4);
        assert_eq!(p.summary.verbatim.sentences, 3);
        assert_eq!(p.summary.new.sentences, 1);
        assert_eq!(p.summary.verbatim.share, 0.75);
        assert_eq!(p.summary.words, 2 + 6 + 2 + 3);
    }
}
