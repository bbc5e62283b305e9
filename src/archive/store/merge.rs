//! Updating a stored archive: a new archive made of statements kept from an old index and
//! statements read afresh, without processing the kept statements' text again.
//!
//! A fresh build normalises every sentence, looks it up by text and computes the bigram
//! features of every distinct sentence; here the kept statements' sentences arrive with the
//! entry they belong to (from the old places), their features come from the old posting lists,
//! and only the new statements' sentences are normalised, looked up (in the old verbatim table,
//! then among the new) and featurised. Entries are numbered again by first occurrence in the
//! new statement order, so the result is byte for byte the fresh build of the same statements
//! (a test holds it so); what stays proportional to the archive is integer work and the writing.
//! No I/O: the old index is read through its [`Body`].

use std::borrow::Cow;

use super::{
    Body, BuildEntry, BuildPlace, NONE, PLACE, StatementFile, StoreError, StoredArchive, Tables,
    to_u32, u32_in,
};
use crate::archive::{Precedents, SentenceAt};
use crate::similarity;

/// One statement of an updated archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Statement `statement` of the old index, unchanged (its file record renewed).
    Old {
        statement: usize,
        file: StatementFile,
    },
    /// A statement read afresh, as [`crate::archive::document_sentences`] splits it.
    New {
        file: StatementFile,
        sentences: Vec<SentenceAt>,
    },
}

/// The old index's posting lists and where its entries went.
#[derive(Debug)]
pub(super) struct OldPostings<'o> {
    /// (feature, first posting, length) of each old list.
    lists: Vec<(u64, u32, u32)>,
    postings: &'o [u8],
    /// Old entry -> its number in the new archive, or [`NONE`] if it is gone.
    renumber: &'o [u32],
}

impl OldPostings<'_> {
    /// The old postings of kept entries, under their new numbers.
    pub(super) fn remap_into(&self, out: &mut Vec<(u64, u32)>) -> Result<(), StoreError> {
        for &(feature, start, len) in &self.lists {
            for p in start as usize..start as usize + len as usize {
                let old = u32_in(self.postings, p * 4)?;
                match self.renumber.get(old as usize) {
                    Some(&NONE) => {}
                    Some(&id) => out.push((feature, id)),
                    None => return Err(StoreError::Malformed("a posting names no entry")),
                }
            }
        }
        Ok(())
    }
}

/// The old index, read for an update: its places by statement, its strings and entries.
struct Old<'o, 'a, B> {
    store: &'o StoredArchive<'a, B>,
    places: Vec<u8>,
    strings: Vec<u8>,
    /// Place -> its old entry.
    place_entry: Vec<u32>,
    /// Old statement -> its places, in reading order.
    by_statement: Vec<Vec<u32>>,
}

impl<'o, 'a, B: Body> Old<'o, 'a, B> {
    fn read(store: &'o StoredArchive<'a, B>) -> Result<Self, StoreError> {
        let places = store.body_records(store.places, PLACE, 0..store.places.1 as usize)?;
        let strings = store.body_bytes(store.strings.0, store.strings.1 as usize)?;
        let mut place_entry = vec![NONE; store.places.1 as usize];
        let mut by_statement = vec![Vec::new(); store.statements()];
        for e in 0..store.entries.len() {
            let (first, n) = (store.entries.u32(e, 2)?, store.entries.u32(e, 3)?);
            for p in first..first.saturating_add(n) {
                *place_entry
                    .get_mut(p as usize)
                    .ok_or(StoreError::Malformed("an entry's places out of bounds"))? = to_u32(e)?;
                let statement = u32_in(&places, p as usize * PLACE)?;
                by_statement
                    .get_mut(statement as usize)
                    .ok_or(StoreError::Malformed("a place names no statement"))?
                    .push(p);
            }
        }
        // Reading order: by paragraph, then sentence (fields 1 and 2, in bounds by now).
        let at = |p: u32, f: usize| u32_in(&places, p as usize * PLACE + f * 4).unwrap_or(0);
        for list in &mut by_statement {
            list.sort_by_key(|&p| (at(p, 1), at(p, 2)));
        }
        Ok(Old {
            store,
            places,
            strings,
            place_entry,
            by_statement,
        })
    }

    fn field(&self, place: u32, f: usize) -> Result<u32, StoreError> {
        u32_in(&self.places, place as usize * PLACE + f * 4)
    }

    fn text(&self, at: u32, len: u32) -> Result<&str, StoreError> {
        self.strings
            .get(at as usize..at as usize + len as usize)
            .and_then(|b| std::str::from_utf8(b).ok())
            .ok_or(StoreError::Malformed("a string out of bounds"))
    }

    /// The text of a place as its statement wrote it.
    fn place_text(&self, place: u32) -> Result<&str, StoreError> {
        match self.field(place, 3)? {
            NONE => {
                let e = self.place_entry[place as usize] as usize;
                self.text(self.store.entries.u32(e, 0)?, self.store.entries.u32(e, 1)?)
            }
            at => self.text(at, self.field(place, 4)?),
        }
    }
}

/// Entries numbered by first occurrence, as they are met.
struct Assign<'s> {
    entries: Vec<BuildEntry<'s>>,
    /// Per new entry: the old entry it continues, if any.
    origin: Vec<Option<u32>>,
    renumber: Vec<u32>,
    new_by_text: rustc_hash::FxHashMap<Cow<'s, str>, u32>,
    places: usize,
}

impl<'s> Assign<'s> {
    /// The new number of an entry, numbering it now if it is met for the first time.
    fn id(
        &mut self,
        old: Option<u32>,
        norm: Option<Cow<'s, str>>,
        text: &'s str,
        features: u32,
    ) -> Result<u32, StoreError> {
        if let Some(e) = old
            && let Some(&id) = self.renumber.get(e as usize).filter(|&&id| id != NONE)
        {
            return Ok(id);
        }
        if let Some(norm) = &norm
            && let Some(&id) = self.new_by_text.get(&**norm)
        {
            return Ok(id);
        }
        let id = to_u32(self.entries.len())?;
        self.entries.push((text, Vec::with_capacity(1), features));
        self.origin.push(old);
        match (old, norm) {
            (Some(e), _) => self.renumber[e as usize] = id,
            (None, Some(norm)) => {
                self.new_by_text.insert(norm, id);
            }
            (None, None) => {}
        }
        Ok(id)
    }

    fn place(&mut self, id: u32, statement: u32, paragraph: u32, sentence: u32, text: &'s str) {
        self.places += 1;
        let entry = &mut self.entries[id as usize];
        entry.1.push(BuildPlace {
            statement,
            paragraph,
            sentence,
            own_text: (entry.0 != text).then_some(text),
        });
    }
}

impl<B: Body> StoredArchive<'_, B> {
    /// The stored bytes of a new archive of `parts`, in order: the fresh build's bytes for the
    /// same statements, made without reprocessing the text of the kept ones.
    pub fn update(&self, parts: &[Part]) -> Result<Vec<u8>, StoreError> {
        let old = Old::read(self)?;
        let mut assign = Assign {
            entries: Vec::new(),
            origin: Vec::new(),
            renumber: vec![NONE; self.entries.len()],
            new_by_text: rustc_hash::FxHashMap::default(),
            places: 0,
        };
        let mut files: Vec<(&StatementFile, usize)> = Vec::with_capacity(parts.len());
        for (k, part) in parts.iter().enumerate() {
            let statement = to_u32(k)?;
            match part {
                Part::Old {
                    statement: from,
                    file,
                } => {
                    let list = old
                        .by_statement
                        .get(*from)
                        .ok_or(StoreError::Malformed("no such statement"))?;
                    files.push((file, list.len()));
                    for &p in list {
                        let e = old.place_entry[p as usize];
                        let text = old.place_text(p)?;
                        let id =
                            assign.id(Some(e), None, text, self.entries.u32(e as usize, 4)?)?;
                        assign.place(id, statement, old.field(p, 1)?, old.field(p, 2)?, text);
                    }
                }
                Part::New { file, sentences } => {
                    files.push((file, sentences.len()));
                    for s in sentences {
                        let norm = similarity::normalize(&s.text);
                        let known = self.verbatim(&norm)?;
                        let features = match known {
                            Some(e) => self.entries.u32(e as usize, 4)?,
                            None => 0,
                        };
                        let id = assign.id(known, Some(norm), &s.text, features)?;
                        assign.place(id, statement, s.paragraph, s.sentence, &s.text);
                    }
                }
            }
        }
        let postings = self.body_records(self.postings, 4, 0..self.postings.1 as usize)?;
        let lists = (0..self.features.len())
            .map(|i| {
                Ok((
                    self.features.u64(i, 0)?,
                    self.features.u32(i, 2)?,
                    self.features.u32(i, 3)?,
                ))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let remap = OldPostings {
            lists,
            postings: &postings,
            renumber: &assign.renumber,
        };
        let tables = Tables::finish(assign.entries, &assign.origin, Some(remap), assign.places)?;
        tables.file(&files)
    }
}
