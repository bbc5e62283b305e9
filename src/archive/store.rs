//! The stored form of an [`Archive`](super::Archive): one compact file that answers provenance
//! queries where it lies, without reading, parsing or indexing the statements again.
//!
//! This module only turns statements into bytes ([`StoreBuilder`]) and answers from bytes
//! ([`StoredArchive`]); the CLI keeps the file in the workspace's cache folder and reads it,
//! the part every query needs whole and the rest through [`Body`]: no file, clock or lock here.
//! A stored archive holds, for every statement, the caller's file stamp ([`Stamp`]: opaque
//! here) and the SHA-256 of its bytes, so the caller can tell which files changed and rebuild
//! from the sentences of the rest ([`StoredArchive::statement_sentences`]): an added, changed
//! or removed statement costs reading that statement only.
//!
//! Nothing read is trusted before it is checked. The header names the format version, the
//! engine version and a fingerprint of the text rules (sentence splitting, normalising,
//! bigram features, the verbatim table's hash, run over a fixed sample) and the lengths of the
//! two parts; a CRC-32 covers the header and the head, and one CRC-32 per 4 KiB block (listed
//! in the head) covers the body, checked on every read; every offset is bounds-checked on use,
//! so even bytes that passed a checksum by chance give an error, never a panic. Any of these is
//! a [`StoreError`], on which the caller rebuilds: a bad index never gives a verdict.
//!
//! The verdicts are the in-memory archive's by construction: entries are numbered by first
//! occurrence in statement order exactly as [`Archive::add`](super::Archive::add) numbers
//! them, posting lists hold the same items, and [`super::trace`] runs over both through
//! [`super::Precedents`]; the candidate ranking replays [`crate::similarity::Index::nearest`].
//!
//! Layout (little-endian): a 120-byte header (magic, format version, engine version,
//! fingerprint, head and body lengths, the head's CRC-32, zeros); the head (eight counts, then
//! fixed-size records: statements, entries, verbatim hash table, features, then the body's
//! block CRCs), read whole by every query; the body (places, postings, and the string area the
//! records point into), read by block where a query needs it, so a query reads a few MB of an
//! index of tens.

use std::hash::BuildHasherDefault;

use rustc_hash::FxHasher;
use sha2::{Digest, Sha256};

use super::{ALL_FEATURES, Precedents, Provenance, ProvenanceOptions, SentenceAt, Source};
use crate::document::Document;
use crate::similarity::{self, Query};

mod merge;

use merge::OldPostings;
pub use merge::Part;

type FxMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Bumped whenever the layout or the meaning of a stored field changes.
pub const FORMAT_VERSION: u32 = 2;
const MAGIC: &[u8; 8] = b"chncidx\n";
const ENGINE: &str = env!("CARGO_PKG_VERSION");
/// Header bytes.
pub const HEADER: usize = 120;
const COUNTS: usize = 8 * 4;
/// Body bytes under one CRC.
const BLOCK: usize = 4096;
const STATEMENT: usize = 80;
const ENTRY: usize = 24;
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
    #[error("index could not be read")]
    Read,
    #[error("index checksum does not match (corrupt)")]
    Checksum,
    #[error("index malformed: {0}")]
    Malformed(&'static str),
    #[error("archive too large for the index format (over 4 GiB of text or 2^32 items)")]
    TooLarge,
}

/// The labels of a stored archive's statements, in order, read at once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labels {
    text: String,
    /// (start, length) in `text`, on character boundaries.
    spans: Vec<(u32, u32)>,
}

impl Labels {
    /// Statements labelled.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The label of statement `k`.
    pub fn get(&self, k: usize) -> Option<&str> {
        let &(at, len) = self.spans.get(k)?;
        self.text.get(at as usize..at as usize + len as usize)
    }
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

/// One stored statement, as read back (its label: [`StoredArchive::labels`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredStatement {
    pub stamp: Stamp,
    pub digest: [u8; 32],
    /// Sentences of the statement, repeats included.
    pub sentences: u32,
}

/// Where the body of a stored archive is read from: the CLI reads the file, tests and a fresh
/// build read bytes in memory ([`InMemory`]).
pub trait Body {
    /// Fill `buf` with the body's bytes from `offset` (counted from the body's start); false
    /// if they cannot be read.
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> bool;
}

/// A whole index file in memory, read as a [`Body`].
#[derive(Debug, Clone, Copy)]
pub struct InMemory<'a> {
    body: &'a [u8],
}

impl Body for InMemory<'_> {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> bool {
        let Ok(at) = usize::try_from(offset) else {
            return false;
        };
        match self.body.get(at..at.saturating_add(buf.len())) {
            Some(b) => {
                buf.copy_from_slice(b);
                true
            }
            None => false,
        }
    }
}

/// The lengths a header gives: (head, body), to read the head and bound the body.
pub fn part_lengths(header: &[u8]) -> Result<(usize, u64), StoreError> {
    if header.len() < HEADER || &header[..8] != MAGIC {
        return Err(StoreError::NotAnIndex);
    }
    let u64_at = |at: usize| {
        let mut b = [0u8; 8];
        b.copy_from_slice(&header[at..at + 8]);
        u64::from_le_bytes(b)
    };
    let head = usize::try_from(u64_at(80)).map_err(|_| StoreError::Length)?;
    Ok((head, u64_at(88)))
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

    /// The stored bytes: header, head, body.
    pub fn finish(self) -> Result<Vec<u8>, StoreError> {
        let tables = Tables::build(&self.statements)?;
        let files: Vec<(&StatementFile, usize)> =
            self.statements.iter().map(|(f, s)| (f, s.len())).collect();
        tables.file(&files)
    }
}

fn header(head: &[u8], body: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + head.len() + body);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    let engine = &ENGINE.as_bytes()[..ENGINE.len().min(32)];
    out.extend_from_slice(&(engine.len() as u32).to_le_bytes());
    let mut padded = [0u8; 32];
    padded[..engine.len()].copy_from_slice(engine);
    out.extend_from_slice(&padded);
    out.extend_from_slice(&fingerprint());
    out.extend_from_slice(&(head.len() as u64).to_le_bytes());
    out.extend_from_slice(&(body as u64).to_le_bytes());
    let sum = crc(&[&out, head]);
    out.extend_from_slice(&sum);
    out.resize(HEADER, 0);
    out
}

/// The CRC-32 of some bytes. A CRC rather than SHA-256 because every query checks the whole
/// head and every body block it reads: CRC-32 runs at memory speed (SHA-256 over the whole file
/// took a quarter of a query at 10,000 statements) and catches every burst of up to 32 bits and
/// any other damage but for one chance in 2^32; deliberate forgery defeats any unkeyed checksum
/// alike, and whoever can write the index can write the archive too.
fn crc(parts: &[&[u8]]) -> [u8; 4] {
    let mut h = crc32fast::Hasher::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().to_le_bytes()
}

/// The head's checksum: the header's first 96 bytes, then the head.
fn head_crc(file_start: &[u8], head: &[u8]) -> [u8; 4] {
    crc(&[&file_start[..96], head])
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

/// An entry while building: its text as first written, its places, its number of features.
type BuildEntry<'s> = (&'s str, Vec<BuildPlace<'s>>, u32);

/// Entries, places and postings of an archive, numbered as the in-memory archive numbers them.
#[derive(Debug)]
struct Tables<'s> {
    entries: Vec<BuildEntry<'s>>,
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
        let mut entries: Vec<BuildEntry<'s>> = Vec::new();
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
        let origin = vec![None; entries.len()];
        Tables::finish(entries, &origin, None, places)
    }

    /// The tables from entries and their places: the verbatim table in entry order, features
    /// computed for entries of no `origin`, taken from the old index's posting lists
    /// (`old`: its features and postings, and each old entry's new number) for the others.
    fn finish(
        mut entries: Vec<BuildEntry<'s>>,
        origin: &[Option<u32>],
        old: Option<OldPostings<'_>>,
        places: usize,
    ) -> Result<Self, StoreError> {
        let mut slots = vec![(0u64, NONE); (entries.len() * 2).next_power_of_two().max(2)];
        let mask = slots.len() - 1;
        let mut postings = Vec::new();
        for (id, entry) in entries.iter_mut().enumerate() {
            let id = to_u32(id)?;
            let norm = similarity::normalize(entry.0);
            let hash = text_hash(&norm);
            let mut at = hash as usize & mask;
            while slots[at].1 != NONE {
                at = (at + 1) & mask;
            }
            slots[at] = (hash, id);
            if origin.get(id as usize).copied().flatten().is_none() {
                let features = similarity::text_features(&norm, ALL_FEATURES);
                entry.2 = to_u32(features.len())?;
                postings.extend(features.into_iter().map(|f| (f, id)));
            }
        }
        if let Some(old) = old {
            old.remap_into(&mut postings)?;
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

    /// The whole file: header, head (with the body's block CRCs), body.
    fn file(&self, statements: &[(&StatementFile, usize)]) -> Result<Vec<u8>, StoreError> {
        let (mut head, body) = self.encode(statements)?;
        for block in body.chunks(BLOCK) {
            head.extend_from_slice(&crc(&[block]));
        }
        let mut out = header(&head, body.len());
        out.extend_from_slice(&head);
        out.extend_from_slice(&body);
        Ok(out)
    }

    /// (head without its block CRCs, body).
    fn encode(
        &self,
        statements: &[(&StatementFile, usize)],
    ) -> Result<(Vec<u8>, Vec<u8>), StoreError> {
        let mut head = Vec::with_capacity(
            COUNTS
                + statements.len() * STATEMENT
                + self.entries.len() * ENTRY
                + self.slots.len() * SLOT
                + self.features * FEATURE,
        );
        let mut places = Vec::with_capacity(self.places * PLACE);
        let mut strings: Vec<u8> = Vec::new();
        let mut string = |s: &str| -> Result<[u32; 2], StoreError> {
            let at = to_u32(strings.len())?;
            strings.extend_from_slice(s.as_bytes());
            Ok([at, to_u32(s.len())?])
        };
        let counts = [
            statements.len(),
            self.entries.len(),
            self.slots.len(),
            self.features,
            self.places,
            self.postings.len(),
        ];
        for n in counts {
            put32(&mut head, to_u32(n)?);
        }
        let strings_len_at = head.len();
        put32(&mut head, 0);
        put32(&mut head, 0);
        for &(file, sentences) in statements {
            let [at, len] = string(&file.label)?;
            for v in [at, len, to_u32(sentences)?, 0] {
                put32(&mut head, v);
            }
            for v in file.stamp.0 {
                head.extend_from_slice(&v.to_le_bytes());
            }
            head.extend_from_slice(&file.digest);
        }
        let mut first_place = 0usize;
        for (text, entry_places, features) in &self.entries {
            let [at, len] = string(text)?;
            // The statements holding it: places come in statement order, so count the changes.
            let holders = entry_places
                .chunk_by(|a, b| a.statement == b.statement)
                .count();
            let fields = [
                at,
                len,
                to_u32(first_place)?,
                to_u32(entry_places.len())?,
                *features,
                to_u32(holders)?,
            ];
            for v in fields {
                put32(&mut head, v);
            }
            first_place += entry_places.len();
            for p in entry_places {
                let [at, len] = match p.own_text {
                    Some(t) => string(t)?,
                    None => [NONE, 0],
                };
                for v in [p.statement, p.paragraph, p.sentence, at, len] {
                    put32(&mut places, v);
                }
            }
        }
        for &(hash, id) in &self.slots {
            head.extend_from_slice(&hash.to_le_bytes());
            put32(&mut head, id);
        }
        let mut start = 0usize;
        for run in self.postings.chunk_by(|a, b| a.0 == b.0) {
            head.extend_from_slice(&run[0].0.to_le_bytes());
            put32(&mut head, to_u32(start)?);
            put32(&mut head, to_u32(run.len())?);
            start += run.len();
        }
        let mut body = places;
        for &(_, id) in &self.postings {
            put32(&mut body, id);
        }
        let n = to_u32(strings.len())?;
        head[strings_len_at..strings_len_at + 4].copy_from_slice(&n.to_le_bytes());
        let blocks = to_u32((body.len() + strings.len()).div_ceil(BLOCK))?;
        head[strings_len_at + 4..strings_len_at + 8].copy_from_slice(&blocks.to_le_bytes());
        body.extend_from_slice(&strings);
        Ok((head, body))
    }
}

/// An index file's bytes with new stamps for some statements (`(statement, stamp)`), the
/// head's checksum renewed: for files found unchanged by digest, so later runs need not read
/// them again.
pub fn restamp(file: &[u8], stamps: &[(usize, Stamp)]) -> Result<Vec<u8>, StoreError> {
    let (head_len, _) = part_lengths(file)?;
    let head_end = HEADER
        .checked_add(head_len)
        .filter(|&e| e <= file.len())
        .ok_or(StoreError::Length)?;
    let statements = StoredArchive::open(&file[..head_end], InMemory { body: &[] })?.statements();
    let mut out = file.to_vec();
    for &(k, stamp) in stamps {
        if k >= statements {
            return Err(StoreError::Malformed("no such statement"));
        }
        let at = HEADER + COUNTS + k * STATEMENT + 16;
        for (i, v) in stamp.0.iter().enumerate() {
            out[at + 8 * i..at + 8 * i + 8].copy_from_slice(&v.to_le_bytes());
        }
    }
    let sum = head_crc(&out, &out[HEADER..head_end]);
    out[96..100].copy_from_slice(&sum);
    Ok(out)
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// A stored archive, checked, answering from its head and, block by checked block, its body
/// (read from `B`).
pub struct StoredArchive<'a, B> {
    statements: Records<'a>,
    entries: Records<'a>,
    slots: Records<'a>,
    features: Records<'a>,
    blocks: Records<'a>,
    /// Body sections: places and postings (records), strings (bytes), as (offset, length).
    places: (u64, u32),
    postings: (u64, u32),
    strings: (u64, u32),
    body: B,
}

impl<B> std::fmt::Debug for StoredArchive<'_, B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredArchive")
            .field("statements", &self.statements.len())
            .field("entries", &self.entries.len())
            .finish_non_exhaustive()
    }
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
        if field * 4 + 4 > self.size {
            return Err(StoreError::Malformed("a field out of its record"));
        }
        u32_in(self.bytes, i * self.size + field * 4)
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

fn u32_in(bytes: &[u8], at: usize) -> Result<u32, StoreError> {
    bytes
        .get(at..at + 4)
        .and_then(|b| b.try_into().ok())
        .map(u32::from_le_bytes)
        .ok_or(StoreError::Malformed("a record out of bounds"))
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

/// Check a header and its head: magic, versions, fingerprint, length and CRC.
fn check_head(head_part: &[u8]) -> Result<(), StoreError> {
    let (head_len, _) = part_lengths(head_part)?;
    let word = |at: usize| {
        u32::from_le_bytes([
            head_part[at],
            head_part[at + 1],
            head_part[at + 2],
            head_part[at + 3],
        ])
    };
    let format = word(8);
    if format != FORMAT_VERSION {
        return Err(StoreError::Format {
            found: format,
            expected: FORMAT_VERSION,
        });
    }
    let engine_len = (word(12) as usize).min(32);
    let engine = &head_part[16..16 + engine_len];
    if engine != ENGINE.as_bytes() {
        return Err(StoreError::Engine {
            found: String::from_utf8_lossy(engine).into_owned(),
        });
    }
    if head_part[48..80] != fingerprint() {
        return Err(StoreError::Fingerprint);
    }
    let head = &head_part[HEADER..];
    if head.len() != head_len {
        return Err(StoreError::Length);
    }
    if head_part[96..100] != head_crc(head_part, head)
        || head_part[100..HEADER].iter().any(|&b| b != 0)
    {
        return Err(StoreError::Checksum);
    }
    Ok(())
}

/// A file's header and head, checked once (magic, versions, fingerprint, length, CRC), so that
/// the queries of one run open it again without checking the megabytes again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedHead {
    bytes: Vec<u8>,
}

impl CheckedHead {
    /// Check `bytes` (the file's first [`HEADER`] bytes and its head).
    pub fn check(bytes: Vec<u8>) -> Result<Self, StoreError> {
        check_head(&bytes)?;
        Ok(CheckedHead { bytes })
    }

    /// Header and head bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether there are none (never, once checked).
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

impl<'a> StoredArchive<'a, InMemory<'a>> {
    /// Open a whole index file held in memory.
    pub fn open_bytes(file: &'a [u8]) -> Result<Self, StoreError> {
        let (head_len, body_len) = part_lengths(file)?;
        let head_end = HEADER.checked_add(head_len).ok_or(StoreError::Length)?;
        if file.len() < head_end || file.len() as u64 != head_end as u64 + body_len {
            return Err(StoreError::Length);
        }
        let body = InMemory {
            body: &file[head_end..],
        };
        Self::open(&file[..head_end], body)
    }
}

impl<'a, B: Body> StoredArchive<'a, B> {
    /// Check the header and the head (`head_part`: the file's first [`HEADER`] bytes and the
    /// head, read whole) and open them for queries, the body read from `body` as needed. The
    /// caller checks that the file is as long as [`part_lengths`] says.
    pub fn open(head_part: &'a [u8], body: B) -> Result<Self, StoreError> {
        check_head(head_part)?;
        let (_, body_len) = part_lengths(head_part)?;
        Self::sections(&head_part[HEADER..], body_len, body)
    }

    /// Open a head checked before ([`CheckedHead`]): only its sections are parsed again.
    pub fn over(head: &'a CheckedHead, body: B) -> Result<Self, StoreError> {
        let (_, body_len) = part_lengths(&head.bytes)?;
        Self::sections(&head.bytes[HEADER..], body_len, body)
    }

    fn sections(head: &'a [u8], body_len: u64, body: B) -> Result<Self, StoreError> {
        let mut rest = head;
        let counts = take(&mut rest, 8, 4)?;
        let n = |i| counts.u32(i, 0);
        let statements = take(&mut rest, n(0)?, STATEMENT)?;
        let entries = take(&mut rest, n(1)?, ENTRY)?;
        let slots = take(&mut rest, n(2)?, SLOT)?;
        let features = take(&mut rest, n(3)?, FEATURE)?;
        let blocks = take(&mut rest, n(7)?, 4)?;
        let places_len = u64::from(n(4)?) * PLACE as u64;
        let postings_len = u64::from(n(5)?) * 4;
        let strings_len = u64::from(n(6)?);
        let total = places_len + postings_len + strings_len;
        if !rest.is_empty()
            || !slots.len().is_power_of_two()
            || total != body_len
            || total.div_ceil(BLOCK as u64) != blocks.len() as u64
        {
            return Err(StoreError::Length);
        }
        Ok(StoredArchive {
            statements,
            entries,
            slots,
            features,
            blocks,
            places: (0, n(4)?),
            postings: (places_len, n(5)?),
            strings: (places_len + postings_len, n(6)?),
            body,
        })
    }

    /// Body bytes `offset..offset + len`, every block they touch read and checked.
    fn body_bytes(&self, offset: u64, len: usize) -> Result<Vec<u8>, StoreError> {
        if len == 0 {
            return Ok(Vec::new());
        }
        let block = BLOCK as u64;
        let (first, last) = (offset / block, (offset + len as u64 - 1) / block);
        if last >= self.blocks.len() as u64 {
            return Err(StoreError::Malformed("a read past the body"));
        }
        let start = first * block;
        let end = ((last + 1) * block).min(self.strings.0 + u64::from(self.strings.1));
        let mut buf = vec![0u8; usize::try_from(end - start).map_err(|_| StoreError::Length)?];
        if !self.body.read_at(start, &mut buf) {
            return Err(StoreError::Read);
        }
        for (i, chunk) in buf.chunks(BLOCK).enumerate() {
            let want = self.blocks.u32(first as usize + i, 0)?;
            if crc(&[chunk]) != want.to_le_bytes() {
                return Err(StoreError::Checksum);
            }
        }
        let from = usize::try_from(offset - start).map_err(|_| StoreError::Length)?;
        buf.truncate(from + len);
        buf.drain(..from);
        Ok(buf)
    }

    /// Records `range` of a body section of `size`-byte records.
    fn body_records(
        &self,
        section: (u64, u32),
        size: usize,
        range: std::ops::Range<usize>,
    ) -> Result<Vec<u8>, StoreError> {
        if range.end > section.1 as usize || range.start > range.end {
            return Err(StoreError::Malformed("records out of their section"));
        }
        self.body_bytes(section.0 + (range.start * size) as u64, range.len() * size)
    }

    /// Read and check every block of the body (a query reads only the blocks it needs).
    pub fn check_body(&self) -> Result<(), StoreError> {
        let end = self.strings.0 + u64::from(self.strings.1);
        let mut at = 0u64;
        while at < end {
            let len = (BLOCK as u64 * 256).min(end - at);
            self.body_bytes(at, len as usize)?;
            at += len;
        }
        Ok(())
    }

    /// Statements in the archive.
    pub fn statements(&self) -> usize {
        self.statements.len()
    }

    /// Sentences in the archive, repeats included.
    pub fn sentences(&self) -> usize {
        self.places.1 as usize
    }

    /// Distinct sentences in the archive.
    pub fn distinct_sentences(&self) -> usize {
        self.entries.len()
    }

    fn string(&self, at: u32, len: u32) -> Result<String, StoreError> {
        if u64::from(at) + u64::from(len) > u64::from(self.strings.1) {
            return Err(StoreError::Malformed("a string out of bounds"));
        }
        let bytes = self.body_bytes(self.strings.0 + u64::from(at), len as usize)?;
        String::from_utf8(bytes).map_err(|_| StoreError::Malformed("a string is not UTF-8"))
    }

    /// Statement `k` (0-based, archive order); its label is read with [`Self::label`].
    pub fn statement(&self, k: usize) -> Result<StoredStatement, StoreError> {
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
            stamp: Stamp(stamp),
            digest,
            sentences: r.u32(k, 2)?,
        })
    }

    /// The labels of all statements, in order (one read of the string area they open).
    pub fn labels(&self) -> Result<Labels, StoreError> {
        let n = self.statements();
        if n == 0 {
            return Ok(Labels::default());
        }
        let first = self.statements.u32(0, 0)?;
        let last = n - 1;
        let end = self.statements.u32(last, 0)? as usize + self.statements.u32(last, 1)? as usize;
        if first != 0 || end > self.strings.1 as usize {
            return Err(StoreError::Malformed("labels out of bounds"));
        }
        let text = String::from_utf8(self.body_bytes(self.strings.0, end)?)
            .map_err(|_| StoreError::Malformed("a label is not UTF-8"))?;
        let spans = (0..n)
            .map(|k| {
                let (at, len) = (self.statements.u32(k, 0)?, self.statements.u32(k, 1)?);
                let (from, to) = (at as usize, at as usize + len as usize);
                if to > text.len() || !text.is_char_boundary(from) || !text.is_char_boundary(to) {
                    return Err(StoreError::Malformed("a label out of bounds"));
                }
                Ok((at, len))
            })
            .collect::<Result<_, StoreError>>()?;
        Ok(Labels { text, spans })
    }

    /// The sentences of every statement, in statement order and reading order within each, as
    /// [`super::document_sentences`] gave them when the statement was added.
    pub fn statement_sentences(&self) -> Result<Vec<Vec<SentenceAt>>, StoreError> {
        let mut out: Vec<Vec<SentenceAt>> = (0..self.statements())
            .map(|k| Ok(Vec::with_capacity(self.statement(k)?.sentences as usize)))
            .collect::<Result<_, StoreError>>()?;
        let places = self.body_records(self.places, PLACE, 0..self.places.1 as usize)?;
        let strings = self.body_bytes(self.strings.0, self.strings.1 as usize)?;
        let text_at = |at: u32, len: u32| {
            strings
                .get(at as usize..at as usize + len as usize)
                .and_then(|b| std::str::from_utf8(b).ok())
                .ok_or(StoreError::Malformed("a string out of bounds"))
        };
        for id in 0..self.entries.len() {
            let text = text_at(self.entries.u32(id, 0)?, self.entries.u32(id, 1)?)?;
            let (first, n) = (self.entries.u32(id, 2)?, self.entries.u32(id, 3)?);
            for p in first as usize..first as usize + n as usize {
                let field = |f: usize| u32_in(&places, p * PLACE + f * 4);
                let text = match field(3)? {
                    NONE => text,
                    at => text_at(at, field(4)?)?,
                };
                out.get_mut(field(0)? as usize)
                    .ok_or(StoreError::Malformed("a place names no statement"))?
                    .push(SentenceAt {
                        paragraph: field(1)?,
                        sentence: field(2)?,
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

impl<B: Body> Precedents for StoredArchive<'_, B> {
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
            if self.slots.u64(at, 0)? == hash
                && similarity::normalize(&self.entry_text(id)?) == norm
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
        // Hits counted per entry rather than collected and sorted (the ranking is the same:
        // it depends on the counts only), and only the best `top` put in order.
        let mut counts = vec![0u32; self.entries.len()];
        let mut touched: Vec<u32> = Vec::new();
        let mut read = 0usize;
        for (len, start) in lists {
            if read > 0 && read + len as usize > q.budget {
                break;
            }
            let (start, len) = (start as usize, len as usize);
            let ids = self.body_records(self.postings, 4, start..start + len)?;
            for b in ids.chunks_exact(4) {
                let id = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                let count = counts
                    .get_mut(id as usize)
                    .ok_or(StoreError::Malformed("a posting names no entry"))?;
                if *count == 0 {
                    touched.push(id);
                }
                *count += 1;
            }
            read += len;
        }
        let mut scored = touched
            .iter()
            .map(|&id| {
                let total = features.len() + self.entries.u32(id as usize, 4)? as usize;
                let score = 2_000_000 * u64::from(counts[id as usize]) / total.max(1) as u64;
                Ok((score, id))
            })
            .collect::<Result<Vec<(u64, u32)>, StoreError>>()?;
        let top = q.top.min(scored.len());
        if top == 0 {
            return Ok(Vec::new());
        }
        if top < scored.len() {
            scored.select_nth_unstable_by(top - 1, |a, b| b.cmp(a));
            scored.truncate(top);
        }
        scored.sort_unstable_by(|a, b| b.cmp(a));
        Ok(scored.into_iter().map(|(_, id)| id).collect())
    }

    fn entry_text(&self, id: u32) -> Result<std::borrow::Cow<'_, str>, StoreError> {
        let id = id as usize;
        self.string(self.entries.u32(id, 0)?, self.entries.u32(id, 1)?)
            .map(std::borrow::Cow::Owned)
    }

    fn source(&self, id: u32) -> Result<Source, StoreError> {
        let entry = id as usize;
        let (first, n) = (
            self.entries.u32(entry, 2)? as usize,
            self.entries.u32(entry, 3)? as usize,
        );
        let statements = self.entries.u32(entry, 5)? as usize;
        let (statement, paragraph, sentence) = match n.checked_sub(1) {
            Some(last) => {
                let place = self.body_records(self.places, PLACE, first + last..first + n)?;
                let field = |f: usize| u32_in(&place, f * 4);
                let k = field(0)? as usize;
                let label = self.string(self.statements.u32(k, 0)?, self.statements.u32(k, 1)?)?;
                (label, field(1)? as usize, field(2)? as usize)
            }
            None => (String::new(), 0, 0),
        };
        Ok(Source {
            statement,
            paragraph,
            sentence,
            text: self.entry_text(id)?.into_owned(),
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
        let stored = StoredArchive::open_bytes(&bytes).unwrap();
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
        let stored = StoredArchive::open_bytes(&bytes).unwrap();
        let mut builder = StoreBuilder::new();
        let labels = stored.labels().unwrap();
        for (k, sentences) in stored
            .statement_sentences()
            .unwrap()
            .into_iter()
            .enumerate()
        {
            let s = stored.statement(k).unwrap();
            builder.reuse(
                StatementFile {
                    label: labels.get(k).unwrap().to_owned(),
                    stamp: s.stamp,
                    digest: s.digest,
                },
                sentences,
            );
        }
        assert_eq!(builder.finish().unwrap(), bytes);
    }

    fn fresh(statements: &[(String, String)]) -> Vec<u8> {
        let mut builder = StoreBuilder::new();
        for (label, text) in statements {
            builder.add(file(label), &doc(text));
        }
        builder.finish().unwrap()
    }

    // An update from an old index gives the very bytes of a fresh build of the new statements:
    // statements removed (one holding first occurrences, written with other quotes), changed,
    // inserted in the middle, appended, and one reviving the sentences of a removed one.
    #[test]
    fn an_update_is_the_fresh_build() {
        let mut old: Vec<(String, String)> = series().into_iter().take(30).collect();
        old[0].1 = old[0].1.replace(['\u{201c}', '\u{201d}'], "\"");
        let mut new = old.clone();
        let removed = new.remove(0);
        new.remove(7);
        new[3]
            .1
            .push_str(" Both sides met on the quasi-zenith satellite system.");
        new.insert(
            10,
            (
                "s10b".to_owned(),
                "Joint Statement\n\nA wholly new text.".to_owned(),
            ),
        );
        new.extend(series().into_iter().skip(30));
        new.push(("revived".to_owned(), removed.1.clone()));
        let old_bytes = fresh(&old);
        let stored = StoredArchive::open_bytes(&old_bytes).unwrap();
        let parts: Vec<Part> = new
            .iter()
            .map(
                |(label, text)| match old.iter().position(|o| o.0 == *label && o.1 == *text) {
                    Some(k) => Part::Old {
                        statement: k,
                        file: file(label),
                    },
                    None => Part::New {
                        file: file(label),
                        sentences: crate::archive::document_sentences(&doc(text)),
                    },
                },
            )
            .collect();
        assert!(
            parts
                .iter()
                .filter(|p| matches!(p, Part::Old { .. }))
                .count()
                > 20
        );
        assert_eq!(stored.update(&parts).unwrap(), fresh(&new));
        // Nothing changed: the same bytes again.
        let same: Vec<Part> = (0..old.len())
            .map(|k| Part::Old {
                statement: k,
                file: file(&old[k].0),
            })
            .collect();
        assert_eq!(stored.update(&same).unwrap(), old_bytes);
    }

    // Any truncation and any changed byte is refused: the header and head at open, a body
    // block when it is read; a query on a damaged index gives an error or, when the damage is
    // in blocks it does not read, the very report of the sound index.
    #[test]
    fn truncated_or_changed_bytes_are_refused() {
        let (_, bytes) = both(&[("a", "Both sides met. They agreed."), ("b", "It is so.")]);
        let subject = doc("Both sides met. They agreed to it. New words here.");
        let opts = ProvenanceOptions::default();
        let sound = StoredArchive::open_bytes(&bytes)
            .unwrap()
            .provenance(&subject, &opts)
            .unwrap();
        for len in 0..bytes.len() {
            assert!(
                StoredArchive::open_bytes(&bytes[..len]).is_err(),
                "truncated at {len}"
            );
        }
        for at in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[at] ^= 0x20;
            let opened = StoredArchive::open_bytes(&bad);
            assert!(
                opened.as_ref().map_or(true, |s| s.check_body().is_err()),
                "byte {at} changed"
            );
            if let Ok(stored) = opened
                && let Ok(report) = stored.provenance(&subject, &opts)
            {
                assert_eq!(report, sound, "byte {at} changed a verdict");
            }
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(
            StoredArchive::open_bytes(&longer).unwrap_err(),
            StoreError::Length
        );
    }

    // A payload whose checksum was recomputed after damage is still checked: wrong counts or
    // offsets give an error, not a panic or a verdict.
    #[test]
    fn a_damaged_payload_with_a_valid_checksum_is_an_error() {
        let (_, bytes) = both(&[("a", "Both sides met. They agreed.")]);
        let reseal = |mut b: Vec<u8>| {
            let (head, _) = part_lengths(&b).unwrap();
            let sum = head_crc(&b, &b[HEADER..HEADER + head]);
            b[96..100].copy_from_slice(&sum);
            b
        };
        let mut counts = bytes.clone();
        counts[HEADER + 4..HEADER + 8].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(
            StoredArchive::open_bytes(&reseal(counts)).unwrap_err(),
            StoreError::Length
        );
        // The first entry's text offset pointed past the strings.
        let entry = HEADER + COUNTS + STATEMENT;
        let mut offset = bytes.clone();
        offset[entry..entry + 4].copy_from_slice(&1_000_000u32.to_le_bytes());
        let offset = reseal(offset);
        let stored = StoredArchive::open_bytes(&offset).unwrap();
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
        let stored = StoredArchive::open_bytes(&new).unwrap();
        assert_eq!(stored.statement(1).unwrap().stamp, Stamp([9, 9, 9, 9]));
        assert_eq!(stored.statement(0).unwrap().stamp, file("a").stamp);
        assert_eq!(new.len(), bytes.len());
        assert!(restamp(&bytes, &[(2, Stamp::UNKNOWN)]).is_err());
    }
}
