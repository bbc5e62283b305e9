//! The stored form of an [`Archive`](super::Archive): one compact file that answers provenance
//! queries where it lies, without reading, parsing or indexing the statements again.
//!
//! The CLI keeps it in the workspace's cache folder and reads it whole; this module only turns
//! statements into bytes ([`StoreBuilder`]) and answers from bytes ([`StoredArchive`]): no file,
//! clock or lock here. A stored archive holds, for every statement, the caller's file stamp
//! ([`Stamp`]: opaque here) and the SHA-256 of its bytes, so the caller can tell which files
//! changed and rebuild from the sentences of the rest ([`StoredArchive::statement_sentences`]):
//! an added, changed or removed statement costs reading that statement only.
//!
//! Nothing read is trusted before it is checked. The header names the format version, the
//! engine version and a fingerprint of the text rules (sentence splitting, normalising,
//! bigram features, the verbatim table's hash, run over a fixed sample); a SHA-256 over the
//! payload catches truncation and corruption; every offset is bounds-checked on use, so even a
//! payload that passed the checksum by chance gives an error, never a panic. Any of these is a
//! [`StoreError`], on which the caller rebuilds: a bad index never gives a verdict.
//!
//! The verdicts are the in-memory archive's by construction: entries are numbered by first
//! occurrence in statement order exactly as [`Archive::add`](super::Archive::add) numbers
//! them, posting lists hold the same items, and [`super::trace`] runs over both through
//! [`super::Precedents`]; the candidate ranking replays [`crate::similarity::Index::nearest`].
//!
//! Layout (little-endian): a 120-byte header (magic, format version, engine version,
//! fingerprint, payload length, and a SHA-256 over all of it and the payload), then the payload: seven counts, then fixed-size
//! records (statements, entries, places, verbatim hash table, features), postings, and one
//! string area the records point into.

use std::hash::BuildHasherDefault;

use rustc_hash::FxHasher;
use sha2::{Digest, Sha256};

use super::{ALL_FEATURES, Precedents, Provenance, ProvenanceOptions, SentenceAt, Source};
use crate::document::Document;
use crate::similarity::{self, Query};

type FxMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Bumped whenever the layout or the meaning of a stored field changes.
pub const FORMAT_VERSION: u32 = 1;
const MAGIC: &[u8; 8] = b"chncidx\n";
const ENGINE: &str = env!("CARGO_PKG_VERSION");
const HEADER: usize = 120;
const COUNTS: usize = 7 * 4;
const STATEMENT: usize = 80;
const ENTRY: usize = 20;
const PLACE: usize = 20;
const SLOT: usize = 12;
const FEATURE: usize = 16;
/// An empty hash slot, or a place whose text is its entry's.
const NONE: u32 = u32::MAX;

/// The caller's record of a file's state (size, times, inode…), compared for equality only:
/// equal stamps mean "unchanged as far as the file system says". [`Stamp::UNKNOWN`] never
/// matches, so its file's digest is checked on the next use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp(pub [u64; 4]);

impl Stamp {
    /// A stamp that matches no file: check the content next time.
    pub const UNKNOWN: Stamp = Stamp([0; 4]);
}

/// The SHA-256 of a statement file's bytes.
pub fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// Why stored bytes were not used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("not an archive index")]
    NotAnIndex,
    #[error("index format {found}, this chancery writes {expected}")]
    Format { found: u32, expected: u32 },
    #[error("index written by chancery {found}, this is {ENGINE}")]
    Engine { found: String },
    #[error("index written with other text rules (sentences, normalising or features)")]
    Fingerprint,
    #[error("index truncated or of the wrong length")]
    Length,
    #[error("index checksum does not match (corrupt)")]
    Checksum,
    #[error("index malformed: {0}")]
    Malformed(&'static str),
    #[error("archive too large for the index format (over 4 GiB of text or 2^32 items)")]
    TooLarge,
}

/// One statement as the builder is given it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementFile {
    /// How reports name it (its path, as listed).
    pub label: String,
    pub stamp: Stamp,
    /// [`digest`] of its bytes.
    pub digest: [u8; 32],
}

/// One stored statement, as read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredStatement<'a> {
    pub label: &'a str,
    pub stamp: Stamp,
    pub digest: [u8; 32],
    /// Sentences of the statement, repeats included.
    pub sentences: u32,
}

/// Statements in archive order, each with its sentences, turned into stored bytes.
#[derive(Debug, Default)]
pub struct StoreBuilder {
    statements: Vec<(StatementFile, Vec<SentenceAt>)>,
}

impl StoreBuilder {
    /// An empty archive.
    pub fn new() -> Self {
        StoreBuilder::default()
    }

    /// Add a statement read afresh; later statements count as more recent, as in
    /// [`Archive::add`](super::Archive::add).
    pub fn add(&mut self, file: StatementFile, doc: &Document) {
        self.statements.push((file, super::document_sentences(doc)));
    }

    /// Add a statement whose sentences come from an earlier index
    /// ([`StoredArchive::statement_sentences`]).
    pub fn reuse(&mut self, file: StatementFile, sentences: Vec<SentenceAt>) {
        self.statements.push((file, sentences));
    }

    /// The stored bytes.
    pub fn finish(self) -> Result<Vec<u8>, StoreError> {
        let tables = Tables::build(&self.statements)?;
        let mut payload = Vec::with_capacity(tables.size_hint());
        tables.encode(&self.statements, &mut payload)?;
        let mut out = header(&payload);
        out.extend_from_slice(&payload);
        Ok(out)
    }
}

fn header(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    let engine = &ENGINE.as_bytes()[..ENGINE.len().min(32)];
    out.extend_from_slice(&(engine.len() as u32).to_le_bytes());
    let mut padded = [0u8; 32];
    padded[..engine.len()].copy_from_slice(engine);
    out.extend_from_slice(&padded);
    out.extend_from_slice(&fingerprint());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    let sum = checksum(&out, payload);
    out.extend_from_slice(&sum);
    out
}

/// The SHA-256 of the header before it (`head`, 88 bytes) and the payload: every byte but
/// the checksum's own is covered.
fn checksum(head: &[u8], payload: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(&head[..88]);
    h.update(payload);
    h.finalize().into()
}

/// A digest of what the text rules make of a fixed sample: if splitting, normalising, word
/// keys, bigram features or the table hash change, stored indexes stop matching and are rebuilt.
fn fingerprint() -> [u8; 32] {
    const SAMPLE: &str = "Joint Statement\n\nThe U.S. and Japan met in Washington, D.C., on \
        May 9, 2014.  Both sides \u{201c}welcomed\u{201d} No. 3 of the plan; Dr. J. Smith \
        spoke. It\u{2019}s agreed!\n\n1,000.5 items: Japan-U.S. ties, world\u{2019}s best.";
    let mut h = Sha256::new();
    for s in super::document_sentences(&Document::from_plain_text(SAMPLE)) {
        let norm = similarity::normalize(&s.text);
        h.update(s.text.as_bytes());
        h.update([0, s.paragraph as u8, s.sentence as u8]);
        h.update(text_hash(&norm).to_le_bytes());
        for f in similarity::text_features(&norm, ALL_FEATURES) {
            h.update(f.to_le_bytes());
        }
    }
    h.finalize().into()
}

/// The verbatim table's hash of a normalised text: stable across builds and versions (unlike
/// a library hasher's), 8 bytes at a time through the similarity layer's mixer.
fn text_hash(text: &str) -> u64 {
    let b = text.as_bytes();
    let mut h = similarity::mix(b.len() as u64);
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = similarity::mix(h ^ u64::from_le_bytes(w));
    }
    let mut w = [0u8; 8];
    w[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    similarity::mix(h ^ u64::from_le_bytes(w) ^ 0x9e37_79b9_7f4a_7c15)
}

fn to_u32(n: usize) -> Result<u32, StoreError> {
    u32::try_from(n).map_err(|_| StoreError::TooLarge)
}

/// A place while building: where, and its own text when it differs from its entry's (by white
/// space or quotes), so the statement's sentences can be given back exactly.
#[derive(Debug)]
struct BuildPlace<'s> {
    statement: u32,
    paragraph: u32,
    sentence: u32,
    own_text: Option<&'s str>,
}

/// Entries, places and postings of an archive, numbered as the in-memory archive numbers them.
#[derive(Debug)]
struct Tables<'s> {
    /// (text as first written, places, number of features).
    entries: Vec<(&'s str, Vec<BuildPlace<'s>>, u32)>,
    /// Verbatim table: (hash, entry) or (0, NONE), a power of two long.
    slots: Vec<(u64, u32)>,
    /// (feature, entry), sorted: posting lists grouped, items ascending within each.
    postings: Vec<(u64, u32)>,
    features: usize,
    places: usize,
}

impl<'s> Tables<'s> {
    fn build(statements: &'s [(StatementFile, Vec<SentenceAt>)]) -> Result<Self, StoreError> {
        let mut by_text: FxMap<std::borrow::Cow<'s, str>, u32> = FxMap::default();
        let mut entries: Vec<(&'s str, Vec<BuildPlace<'s>>, u32)> = Vec::new();
        let mut places = 0usize;
        for (k, (_, sentences)) in statements.iter().enumerate() {
            let statement = to_u32(k)?;
            for s in sentences {
                places += 1;
                let norm = similarity::normalize(&s.text);
                let id = match by_text.get(&*norm) {
                    Some(&id) => id,
                    None => {
                        let id = to_u32(entries.len())?;
                        entries.push((s.text.as_str(), Vec::with_capacity(1), 0));
                        by_text.insert(norm, id);
                        id
                    }
                };
                let entry = &mut entries[id as usize];
                entry.1.push(BuildPlace {
                    statement,
                    paragraph: s.paragraph,
                    sentence: s.sentence,
                    own_text: (entry.0 != s.text).then_some(s.text.as_str()),
                });
            }
        }
        let mut slots = vec![(0u64, NONE); (entries.len() * 2).next_power_of_two().max(2)];
        let mask = slots.len() - 1;
        let mut postings = Vec::new();
        // In entry order, so that the bytes depend on the statements alone.
        let mut norms: Vec<(u32, std::borrow::Cow<'s, str>)> =
            by_text.into_iter().map(|(norm, id)| (id, norm)).collect();
        norms.sort_unstable_by_key(|&(id, _)| id);
        for (id, norm) in &norms {
            let (id, hash) = (*id, text_hash(norm));
            let mut at = hash as usize & mask;
            while slots[at].1 != NONE {
                at = (at + 1) & mask;
            }
            slots[at] = (hash, id);
            let features = similarity::text_features(norm, ALL_FEATURES);
            entries[id as usize].2 = to_u32(features.len())?;
            postings.extend(features.into_iter().map(|f| (f, id)));
        }
        postings.sort_unstable();
        let features = postings.chunk_by(|a, b| a.0 == b.0).count();
        Ok(Tables {
            entries,
            slots,
            postings,
            features,
            places,
        })
    }

    fn size_hint(&self) -> usize {
        COUNTS
            + self.entries.len() * ENTRY
            + self.places * PLACE
            + self.slots.len() * SLOT
            + self.features * FEATURE
            + self.postings.len() * 4
    }

    fn encode(
        &self,
        statements: &[(StatementFile, Vec<SentenceAt>)],
        out: &mut Vec<u8>,
    ) -> Result<(), StoreError> {
        let mut strings: Vec<u8> = Vec::new();
        let mut string = |s: &str| -> Result<[u32; 2], StoreError> {
            let at = to_u32(strings.len())?;
            strings.extend_from_slice(s.as_bytes());
            Ok([at, to_u32(s.len())?])
        };
        let counts = [
            statements.len(),
            self.entries.len(),
            self.places,
            self.slots.len(),
            self.features,
            self.postings.len(),
        ];
        for n in counts {
            put32(out, to_u32(n)?);
        }
        let strings_len_at = out.len();
        put32(out, 0);
        for (file, sentences) in statements {
            let [at, len] = string(&file.label)?;
            for v in [at, len, to_u32(sentences.len())?, 0] {
                put32(out, v);
            }
            for v in file.stamp.0 {
                out.extend_from_slice(&v.to_le_bytes());
            }
            out.extend_from_slice(&file.digest);
        }
        let mut first_place = 0usize;
        for (text, places, features) in &self.entries {
            let [at, len] = string(text)?;
            for v in [
                at,
                len,
                to_u32(first_place)?,
                to_u32(places.len())?,
                *features,
            ] {
                put32(out, v);
            }
            first_place += places.len();
        }
        for (_, places, _) in &self.entries {
            for p in places {
                let [at, len] = match p.own_text {
                    Some(t) => string(t)?,
                    None => [NONE, 0],
                };
                for v in [p.statement, p.paragraph, p.sentence, at, len] {
                    put32(out, v);
                }
            }
        }
        for &(hash, id) in &self.slots {
            out.extend_from_slice(&hash.to_le_bytes());
            put32(out, id);
        }
        let mut start = 0usize;
        for run in self.postings.chunk_by(|a, b| a.0 == b.0) {
            out.extend_from_slice(&run[0].0.to_le_bytes());
            put32(out, to_u32(start)?);
            put32(out, to_u32(run.len())?);
            start += run.len();
        }
        for &(_, id) in &self.postings {
            put32(out, id);
        }
        let n = to_u32(strings.len())?;
        out[strings_len_at..strings_len_at + 4].copy_from_slice(&n.to_le_bytes());
        out.extend_from_slice(&strings);
        Ok(())
    }
}

/// Stored bytes with new stamps for some statements (`(statement, stamp)`), the checksum
/// renewed: for files found unchanged by digest, so later runs need not read them again.
pub fn restamp(bytes: &[u8], stamps: &[(usize, Stamp)]) -> Result<Vec<u8>, StoreError> {
    let statements = StoredArchive::open(bytes)?.statements();
    let mut out = bytes.to_vec();
    for &(k, stamp) in stamps {
        if k >= statements {
            return Err(StoreError::Malformed("no such statement"));
        }
        let at = HEADER + COUNTS + k * STATEMENT + 16;
        for (i, v) in stamp.0.iter().enumerate() {
            out[at + 8 * i..at + 8 * i + 8].copy_from_slice(&v.to_le_bytes());
        }
    }
    let sum = checksum(&out, &out[HEADER..]);
    out[88..HEADER].copy_from_slice(&sum);
    Ok(out)
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// A stored archive, checked, answering from its bytes.
#[derive(Debug, Clone, Copy)]
pub struct StoredArchive<'a> {
    statements: Records<'a>,
    entries: Records<'a>,
    places: Records<'a>,
    slots: Records<'a>,
    features: Records<'a>,
    postings: Records<'a>,
    strings: &'a [u8],
}

/// A section of fixed-size records.
#[derive(Debug, Clone, Copy)]
struct Records<'a> {
    bytes: &'a [u8],
    size: usize,
}

impl<'a> Records<'a> {
    fn len(&self) -> usize {
        self.bytes.len() / self.size
    }

    /// Field `field` (a u32, counted in u32s) of record `i`.
    fn u32(&self, i: usize, field: usize) -> Result<u32, StoreError> {
        let at = i * self.size + field * 4;
        self.bytes
            .get(at..at + 4)
            .filter(|_| field * 4 + 4 <= self.size)
            .and_then(|b| b.try_into().ok())
            .map(u32::from_le_bytes)
            .ok_or(StoreError::Malformed("a record out of bounds"))
    }

    /// The u64 at byte `offset` of record `i`.
    fn u64(&self, i: usize, offset: usize) -> Result<u64, StoreError> {
        let at = i * self.size + offset;
        self.bytes
            .get(at..at + 8)
            .filter(|_| offset + 8 <= self.size)
            .and_then(|b| b.try_into().ok())
            .map(u64::from_le_bytes)
            .ok_or(StoreError::Malformed("a record out of bounds"))
    }
}

/// Split `bytes` at `n` records of `size` bytes.
fn take<'a>(bytes: &mut &'a [u8], n: u32, size: usize) -> Result<Records<'a>, StoreError> {
    let len = (n as usize)
        .checked_mul(size)
        .filter(|&len| len <= bytes.len())
        .ok_or(StoreError::Length)?;
    let (head, rest) = bytes.split_at(len);
    *bytes = rest;
    Ok(Records { bytes: head, size })
}

impl<'a> StoredArchive<'a> {
    /// Check `bytes` (header, versions, fingerprint, length, checksum, section sizes) and open
    /// them for queries.
    pub fn open(bytes: &'a [u8]) -> Result<Self, StoreError> {
        if bytes.len() < HEADER || &bytes[..8] != MAGIC {
            return Err(StoreError::NotAnIndex);
        }
        let word = |at: usize| {
            u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        let format = word(8);
        if format != FORMAT_VERSION {
            return Err(StoreError::Format {
                found: format,
                expected: FORMAT_VERSION,
            });
        }
        let engine_len = (word(12) as usize).min(32);
        let engine = &bytes[16..16 + engine_len];
        if engine != ENGINE.as_bytes() {
            return Err(StoreError::Engine {
                found: String::from_utf8_lossy(engine).into_owned(),
            });
        }
        if bytes[48..80] != fingerprint() {
            return Err(StoreError::Fingerprint);
        }
        let mut len = [0u8; 8];
        len.copy_from_slice(&bytes[80..88]);
        let payload = &bytes[HEADER..];
        if u64::from_le_bytes(len) != payload.len() as u64 {
            return Err(StoreError::Length);
        }
        if bytes[88..120] != checksum(bytes, payload) {
            return Err(StoreError::Checksum);
        }
        Self::sections(payload)
    }

    fn sections(payload: &'a [u8]) -> Result<Self, StoreError> {
        let mut rest = payload;
        let counts = take(&mut rest, 7, 4)?;
        let n = |i| counts.u32(i, 0);
        let store = StoredArchive {
            statements: take(&mut rest, n(0)?, STATEMENT)?,
            entries: take(&mut rest, n(1)?, ENTRY)?,
            places: take(&mut rest, n(2)?, PLACE)?,
            slots: take(&mut rest, n(3)?, SLOT)?,
            features: take(&mut rest, n(4)?, FEATURE)?,
            postings: take(&mut rest, n(5)?, 4)?,
            strings: take(&mut rest, n(6)?, 1)?.bytes,
        };
        if !rest.is_empty() || !store.slots.len().is_power_of_two() {
            return Err(StoreError::Length);
        }
        Ok(store)
    }

    /// Statements in the archive.
    pub fn statements(&self) -> usize {
        self.statements.len()
    }

    /// Sentences in the archive, repeats included.
    pub fn sentences(&self) -> usize {
        self.places.len()
    }

    /// Distinct sentences in the archive.
    pub fn distinct_sentences(&self) -> usize {
        self.entries.len()
    }

    fn string(&self, at: u32, len: u32) -> Result<&'a str, StoreError> {
        let (at, len) = (at as usize, len as usize);
        let bytes = self
            .strings
            .get(at..at.saturating_add(len))
            .ok_or(StoreError::Malformed("a string out of bounds"))?;
        std::str::from_utf8(bytes).map_err(|_| StoreError::Malformed("a string is not UTF-8"))
    }

    /// Statement `k` (0-based, archive order).
    pub fn statement(&self, k: usize) -> Result<StoredStatement<'a>, StoreError> {
        let r = &self.statements;
        let mut stamp = [0u64; 4];
        for (i, v) in stamp.iter_mut().enumerate() {
            *v = r.u64(k, 16 + 8 * i)?;
        }
        let mut digest = [0u8; 32];
        let at = k * STATEMENT + 48;
        digest.copy_from_slice(
            r.bytes
                .get(at..at + 32)
                .ok_or(StoreError::Malformed("a statement out of bounds"))?,
        );
        Ok(StoredStatement {
            label: self.string(r.u32(k, 0)?, r.u32(k, 1)?)?,
            stamp: Stamp(stamp),
            digest,
            sentences: r.u32(k, 2)?,
        })
    }

    /// The sentences of every statement, in statement order and reading order within each, as
    /// [`super::document_sentences`] gave them when the statement was added.
    pub fn statement_sentences(&self) -> Result<Vec<Vec<SentenceAt>>, StoreError> {
        let mut out: Vec<Vec<SentenceAt>> = (0..self.statements())
            .map(|k| Ok(Vec::with_capacity(self.statement(k)?.sentences as usize)))
            .collect::<Result<_, StoreError>>()?;
        for id in 0..self.entries.len() {
            let text = self.string(self.entries.u32(id, 0)?, self.entries.u32(id, 1)?)?;
            let (first, n) = (self.entries.u32(id, 2)?, self.entries.u32(id, 3)?);
            for p in first as usize..first as usize + n as usize {
                let own = self.places.u32(p, 3)?;
                let text = match own {
                    NONE => text,
                    at => self.string(at, self.places.u32(p, 4)?)?,
                };
                out.get_mut(self.places.u32(p, 0)? as usize)
                    .ok_or(StoreError::Malformed("a place names no statement"))?
                    .push(SentenceAt {
                        paragraph: self.places.u32(p, 1)?,
                        sentence: self.places.u32(p, 2)?,
                        text: text.to_owned(),
                    });
            }
        }
        for sentences in &mut out {
            sentences.sort_by_key(|s| (s.paragraph, s.sentence));
        }
        Ok(out)
    }

    /// The provenance of every sentence of `doc`: the in-memory archive's verdicts.
    pub fn provenance(
        &self,
        doc: &Document,
        opts: &ProvenanceOptions,
    ) -> Result<Provenance, StoreError> {
        super::trace(self, doc, opts)
    }

    /// The posting list of a feature: (first posting, length), by binary search.
    fn posting_list(&self, feature: u64) -> Result<Option<(u32, u32)>, StoreError> {
        let (mut lo, mut hi) = (0usize, self.features.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.features.u64(mid, 0)?.cmp(&feature) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    return Ok(Some((
                        self.features.u32(mid, 2)?,
                        self.features.u32(mid, 3)?,
                    )));
                }
            }
        }
        Ok(None)
    }
}

impl Precedents for StoredArchive<'_> {
    type Error = StoreError;

    fn verbatim(&self, norm: &str) -> Result<Option<u32>, StoreError> {
        let hash = text_hash(norm);
        let mask = self.slots.len() - 1;
        let mut at = hash as usize & mask;
        for _ in 0..self.slots.len() {
            let id = self.slots.u32(at, 2)?;
            if id == NONE {
                return Ok(None);
            }
            if self.slots.u64(at, 0)? == hash && similarity::normalize(self.entry_text(id)?) == norm
            {
                return Ok(Some(id));
            }
            at = (at + 1) & mask;
        }
        Ok(None)
    }

    /// [`crate::similarity::Index::nearest`] over the stored posting lists: the same lists,
    /// read in the same order within the same budget, scored and ranked alike.
    fn candidates(&self, features: &[u64], q: &Query) -> Result<Vec<u32>, StoreError> {
        let mut lists: Vec<(u32, u32)> = Vec::new();
        for &f in features.iter().take(q.sample) {
            if let Some((start, len)) = self.posting_list(f)?
                && len as usize <= q.posting_cap
            {
                lists.push((len, start));
            }
        }
        lists.sort_by_key(|&(len, _)| len);
        let mut hits: Vec<u32> = Vec::new();
        for (len, start) in lists {
            if !hits.is_empty() && hits.len() + len as usize > q.budget {
                break;
            }
            for p in start as usize..start as usize + len as usize {
                hits.push(self.postings.u32(p, 0)?);
            }
        }
        hits.sort_unstable();
        let mut scored: Vec<(u64, u32)> = Vec::new();
        for run in hits.chunk_by(|x, y| x == y) {
            let id = run[0];
            let total = features.len() + self.entries.u32(id as usize, 4)? as usize;
            scored.push((2_000_000 * run.len() as u64 / total.max(1) as u64, id));
        }
        scored.sort_unstable_by(|a, b| b.cmp(a));
        Ok(scored.into_iter().take(q.top).map(|(_, id)| id).collect())
    }

    fn entry_text(&self, id: u32) -> Result<&str, StoreError> {
        let id = id as usize;
        self.string(self.entries.u32(id, 0)?, self.entries.u32(id, 1)?)
    }

    fn source(&self, id: u32) -> Result<Source, StoreError> {
        let (first, n) = (
            self.entries.u32(id as usize, 2)? as usize,
            self.entries.u32(id as usize, 3)? as usize,
        );
        let mut statements = 0usize;
        let mut last: Option<u32> = None;
        for p in first..first + n {
            let s = self.places.u32(p, 0)?;
            if last != Some(s) {
                statements += 1;
                last = Some(s);
            }
        }
        let latest = first + n.saturating_sub(1);
        let label = match last {
            Some(s) => self.statement(s as usize)?.label.to_owned(),
            None => String::new(),
        };
        let found = n > 0;
        Ok(Source {
            statement: label,
            paragraph: if found {
                self.places.u32(latest, 1)? as usize
            } else {
                0
            },
            sentence: if found {
                self.places.u32(latest, 2)? as usize
            } else {
                0
            },
            text: self.entry_text(id)?.to_owned(),
            statements,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::{Archive, Status};

    fn doc(text: &str) -> Document {
        Document::from_plain_text(text)
    }

    fn file(label: &str) -> StatementFile {
        StatementFile {
            label: label.to_owned(),
            stamp: Stamp([label.len() as u64, 1, 2, 3]),
            digest: digest(label.as_bytes()),
        }
    }

    /// The same statements in memory and stored.
    fn both(statements: &[(&str, &str)]) -> (Archive, Vec<u8>) {
        let mut memory = Archive::new();
        let mut builder = StoreBuilder::new();
        for (label, text) in statements {
            memory.add(*label, &doc(text));
            builder.add(file(label), &doc(text));
        }
        (memory, builder.finish().unwrap())
    }

    fn series() -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = (0..60)
            .map(|i| {
                (
                    format!("s{i:02}"),
                    format!(
                        "Joint Statement\n\nBoth sides met on day {i} of talks. They \
                         \u{201c}welcomed\u{201d} item {} of the plan.  It is agreed.\n\n\
                         Both sides met on day {i} of talks.",
                        i % 7
                    ),
                )
            })
            .collect();
        out.push((
            "rare".to_owned(),
            "Both sides met on the quasi-zenith satellite system. It is \"agreed\".".to_owned(),
        ));
        out
    }

    // Stored and in-memory archives give the same report, sentence for sentence, under the
    // default options, a tight posting budget and a low threshold.
    #[test]
    fn same_verdicts_as_the_in_memory_archive() {
        let owned = series();
        let statements: Vec<(&str, &str)> = owned
            .iter()
            .map(|(l, t)| (l.as_str(), t.as_str()))
            .collect();
        let (memory, bytes) = both(&statements);
        let stored = StoredArchive::open(&bytes).unwrap();
        assert_eq!(stored.statements(), memory.statements());
        assert_eq!(stored.sentences(), memory.sentences());
        assert_eq!(stored.distinct_sentences(), memory.distinct_sentences());
        let subjects = [
            "Both sides met on day 7 of talks. They welcomed item 3 of the plan.",
            "Both sides met on the quasi-zenith satellite systems. It is 'agreed'.",
            "Joint Statement\n\nSomething else entirely was said here today.",
            "Both  sides met on day 59 of talks.",
        ];
        let options = [
            ProvenanceOptions::default(),
            ProvenanceOptions {
                posting_budget: 3,
                ..ProvenanceOptions::default()
            },
            ProvenanceOptions {
                min_similarity: 0.2,
                max_candidates: 2,
                ..ProvenanceOptions::default()
            },
        ];
        let mut statuses = Vec::new();
        for subject in subjects {
            for opts in &options {
                let want = memory.provenance(&doc(subject), opts);
                assert_eq!(stored.provenance(&doc(subject), opts).unwrap(), want);
                statuses.extend(want.sentences.iter().map(|s| s.status));
            }
        }
        for status in [Status::Verbatim, Status::Edited, Status::New] {
            assert!(statuses.contains(&status), "{status:?} is exercised");
        }
    }

    // Rebuilding from the stored sentences gives the same bytes: a reused statement is
    // indexed exactly as when it was read, quotes and spacing of every occurrence included.
    #[test]
    fn reused_statements_rebuild_the_same_bytes() {
        let owned = series();
        let statements: Vec<(&str, &str)> = owned
            .iter()
            .map(|(l, t)| (l.as_str(), t.as_str()))
            .collect();
        let (_, bytes) = both(&statements);
        let stored = StoredArchive::open(&bytes).unwrap();
        let mut builder = StoreBuilder::new();
        for (k, sentences) in stored
            .statement_sentences()
            .unwrap()
            .into_iter()
            .enumerate()
        {
            let s = stored.statement(k).unwrap();
            builder.reuse(
                StatementFile {
                    label: s.label.to_owned(),
                    stamp: s.stamp,
                    digest: s.digest,
                },
                sentences,
            );
        }
        assert_eq!(builder.finish().unwrap(), bytes);
    }

    // Any truncation and any changed byte is refused at open, never read as an archive.
    #[test]
    fn truncated_or_changed_bytes_are_refused() {
        let (_, bytes) = both(&[("a", "Both sides met. They agreed."), ("b", "It is so.")]);
        for len in 0..bytes.len() {
            assert!(
                StoredArchive::open(&bytes[..len]).is_err(),
                "truncated at {len}"
            );
        }
        for at in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[at] ^= 0x20;
            assert!(StoredArchive::open(&bad).is_err(), "byte {at} changed");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(
            StoredArchive::open(&longer).unwrap_err(),
            StoreError::Length
        );
    }

    // A payload whose checksum was recomputed after damage is still checked: wrong counts or
    // offsets give an error, not a panic or a verdict.
    #[test]
    fn a_damaged_payload_with_a_valid_checksum_is_an_error() {
        let (_, bytes) = both(&[("a", "Both sides met. They agreed.")]);
        let reseal = |mut b: Vec<u8>| {
            let sum = checksum(&b, &b[HEADER..]);
            b[88..HEADER].copy_from_slice(&sum);
            b
        };
        let mut counts = bytes.clone();
        counts[HEADER + 4..HEADER + 8].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(
            StoredArchive::open(&reseal(counts)).unwrap_err(),
            StoreError::Length
        );
        // The first entry's text offset pointed past the strings.
        let entry = HEADER + COUNTS + STATEMENT;
        let mut offset = bytes.clone();
        offset[entry..entry + 4].copy_from_slice(&1_000_000u32.to_le_bytes());
        let offset = reseal(offset);
        let stored = StoredArchive::open(&offset).unwrap();
        assert!(
            stored
                .provenance(&doc("Both sides met."), &ProvenanceOptions::default())
                .is_err()
        );
    }

    // Restamping changes the stamps named and nothing else, and keeps the bytes valid.
    #[test]
    fn restamp_renews_stamps_only() {
        let (_, bytes) = both(&[("a", "Both sides met."), ("b", "They agreed.")]);
        let new = restamp(&bytes, &[(1, Stamp([9, 9, 9, 9]))]).unwrap();
        let stored = StoredArchive::open(&new).unwrap();
        assert_eq!(stored.statement(1).unwrap().stamp, Stamp([9, 9, 9, 9]));
        assert_eq!(stored.statement(0).unwrap().stamp, file("a").stamp);
        assert_eq!(new.len(), bytes.len());
        assert!(restamp(&bytes, &[(2, Stamp::UNKNOWN)]).is_err());
    }
}
