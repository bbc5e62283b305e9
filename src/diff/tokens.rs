//! Word tokens for the diff: the segments of [`crate::similarity::segments`] (Unicode word
//! boundaries, punctuation as its own token). White space is not a token: it is the gap
//! between tokens, so a change of spacing is never an edit, and the word diff works on half as
//! many tokens.
//!
//! Tokens are byte ranges into a block's text plus an interned id, so the word diff compares
//! integers and the redline can slice the original text (gaps included) back out. What a word
//! is, and its key for similarity, come from [`crate::similarity`]. Pure functions, no I/O.

use std::hash::BuildHasherDefault;
use std::ops::Range;

use rustc_hash::FxHasher;

use crate::similarity::{self, Seg};

/// One token of a block's text: where it starts, its id (its length is the id's, see
/// [`Interner::end`]), and whether it came from a data value. Eight bytes: a 1 MB document has
/// some 180 000 tokens, all held at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tok {
    pub start: u32,
    /// The interned id, with [`VALUE_BIT`] set when every byte of the token comes from a run
    /// of [`crate::document::Origin::Value`].
    key: u32,
}

/// Flag bit of [`Tok::key`]; ids stay below it (inputs are capped far below 2^31 tokens).
const VALUE_BIT: u32 = 1 << 31;

impl Tok {
    /// The interned id (equal ids, equal text).
    pub fn id(self) -> u32 {
        self.key & !VALUE_BIT
    }

    /// Whether the token came from a data value.
    pub fn value(self) -> bool {
        self.key & VALUE_BIT != 0
    }
}

/// The byte range in the block's text from the first to the last of tokens `range` (gaps
/// between them included); `text_len..text_len` past the last token.
pub(crate) fn span(
    toks: &[Tok],
    range: Range<usize>,
    text_len: usize,
    interner: &Interner<'_>,
) -> Range<usize> {
    match (toks.get(range.start), range.is_empty()) {
        (Some(first), false) => first.start as usize..interner.end(toks[range.end - 1]),
        (Some(first), true) => first.start as usize..first.start as usize,
        (None, _) => text_len..text_len,
    }
}

/// Interns token texts to dense ids and remembers which ids are words.
#[derive(Debug)]
pub(crate) struct Interner<'a> {
    /// Tokens of up to seven bytes, packed with their length into a `u64`: most words, and no
    /// string hashing or comparison for them.
    small: std::collections::HashMap<u64, u32, BuildHasherDefault<FxHasher>>,
    /// Longer tokens.
    map: std::collections::HashMap<&'a str, u32, BuildHasherDefault<FxHasher>>,
    /// Indexed by id: what the token is.
    class: Vec<Class>,
    /// Indexed by id: the token's length in bytes.
    lens: Vec<u32>,
    /// Indexed by id: the word's [`similarity::word_key`] (0 for tokens that are no word).
    keys: Vec<u64>,
    /// Indexed by id: the token holds a digit (a date, an ordinal, a count).
    digits: Vec<bool>,
    /// What the comparison ignores ([`Ignore`]); with nothing ignored, the comparison id of a
    /// token is its id.
    ignore: Ignore,
    /// Indexed by id, when something is ignored: the id of the first token with the same
    /// folded text (tokens that differ only in what is ignored compare equal).
    cmp: Vec<u32>,
    /// Folded text to comparison id, when something is ignored.
    folded: std::collections::HashMap<String, u32, BuildHasherDefault<FxHasher>>,
}

/// Differences the word diff does not count as edits (`chancery diff --ignore`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ignore {
    /// Quotes and apostrophes (typographic or straight), dashes and hyphens, non-breaking and
    /// repeated spaces (spaces are never edits anyway: they are gaps between tokens).
    pub typography: bool,
    /// Upper and lower case.
    pub case: bool,
}

impl Ignore {
    fn any(self) -> bool {
        self.typography || self.case
    }

    /// The text a token is compared by.
    fn fold(self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            let c = if self.typography {
                match c {
                    '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '`' => '\'',
                    '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{ab}'
                    | '\u{bb}' => '"',
                    '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
                    | '\u{2212}' => '-',
                    other => other,
                }
            } else {
                c
            };
            if self.case {
                out.extend(c.to_lowercase());
            } else {
                out.push(c);
            }
        }
        out
    }
}

/// What a token is, for statistics, similarity and tidying.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Holds a letter or digit.
    Word,
    /// Light punctuation that may join two edits into one (`,` `;` `:` dashes `/` `&`); not a
    /// full stop, so edits in two sentences stay two edits.
    Joiner,
    Other,
}

impl<'a> Interner<'a> {
    #[cfg(test)]
    pub fn new() -> Self {
        Self::ignoring(Ignore::default())
    }

    /// An interner whose comparison ids ([`Interner::cmp_id`]) ignore `ignore`.
    pub fn ignoring(ignore: Ignore) -> Self {
        Interner {
            ignore,
            cmp: vec![0],
            folded: Default::default(),
            small: Default::default(),
            map: Default::default(),
            // Id 0 is never given out: a word id is never 0 (see the similarity features).
            class: vec![Class::Other],
            lens: vec![0],
            keys: vec![0],
            digits: vec![false],
        }
    }

    /// The id of the token `whole[range]`, which is not white space.
    pub fn intern(&mut self, whole: &'a str, range: Range<usize>) -> u32 {
        let text = &whole[range.clone()];
        let len = range.len();
        if len < 8 {
            let bytes = whole.as_bytes();
            // One unaligned 8-byte load where the text allows it (no byte-by-byte packing).
            let mut word = [0u8; 8];
            if range.start + 8 <= bytes.len() {
                word.copy_from_slice(&bytes[range.start..range.start + 8]);
            } else {
                word[..len].copy_from_slice(text.as_bytes());
            }
            let mask = (1u64 << (8 * len)) - 1;
            let key = (u64::from_le_bytes(word) & mask) | ((len as u64) << 56);
            if let Some(&id) = self.small.get(&key) {
                return id;
            }
            let id = self.new_id(text);
            self.small.insert(key, id);
            return id;
        }
        if let Some(&id) = self.map.get(text) {
            return id;
        }
        let id = self.new_id(text);
        self.map.insert(text, id);
        id
    }

    fn new_id(&mut self, text: &str) -> u32 {
        let id = u32::try_from(self.class.len())
            .unwrap_or(VALUE_BIT - 1)
            .min(VALUE_BIT - 1);
        let word = similarity::is_word(text);
        self.keys
            .push(if word { similarity::word_key(text) } else { 0 });
        let class = if word {
            Class::Word
        } else if matches!(
            text,
            "," | ";" | ":" | "-" | "\u{2013}" | "\u{2014}" | "/" | "&"
        ) {
            Class::Joiner
        } else {
            Class::Other
        };
        self.class.push(class);
        self.digits.push(text.bytes().any(|b| b.is_ascii_digit()));
        if self.ignore.any() {
            let cmp = *self.folded.entry(self.ignore.fold(text)).or_insert(id);
            self.cmp.push(cmp);
        }
        self.lens.push(to_u32(text.len()));
        id
    }

    /// Token lengths by id (for [`Interner::end`] where the interner itself is borrowed).
    pub fn lens(&self) -> &[u32] {
        &self.lens
    }

    /// Where a token ends.
    pub fn end(&self, tok: Tok) -> usize {
        tok.start as usize + self.lens.get(tok.id() as usize).map_or(0, |&l| l as usize)
    }

    /// Whether the token with this id counts as a word (for statistics and similarity).
    pub fn is_word(&self, id: u32) -> bool {
        self.class.get(id as usize) == Some(&Class::Word)
    }

    /// The similarity key of the word with this id (see [`similarity::word_key`]).
    pub fn word_key(&self, id: u32) -> u64 {
        self.keys.get(id as usize).copied().unwrap_or(0)
    }

    /// The id a token is compared by: its id, or with [`Ignore`] options the id of the first
    /// token equal to it once folded.
    pub fn cmp_id(&self, id: u32) -> u32 {
        if self.ignore.any() {
            self.cmp.get(id as usize).copied().unwrap_or(id)
        } else {
            id
        }
    }

    /// Whether the token holds a digit.
    pub fn has_digit(&self, id: u32) -> bool {
        self.digits.get(id as usize).copied().unwrap_or(false)
    }

    /// Whether the token may be folded between two edits (light punctuation).
    pub fn is_joiner(&self, id: u32) -> bool {
        self.class.get(id as usize) == Some(&Class::Joiner)
    }
}

/// Tokenize `text`; `value_ranges` are the byte ranges that came from data values (sorted).
pub(crate) fn tokenize<'a>(
    text: &'a str,
    value_ranges: &[Range<usize>],
    interner: &mut Interner<'a>,
    out: &mut Vec<Tok>,
) {
    out.clear();
    // About one token per six bytes in English; one allocation instead of a dozen regrowths.
    out.reserve(text.len() / 5 + 4);
    let mut push = |range: Range<usize>, seg: Seg| {
        if seg == Seg::Space {
            return;
        }
        out.push(Tok {
            start: to_u32(range.start),
            key: interner.intern(text, range),
        });
    };
    similarity::segments(text, &mut push);
    if !value_ranges.is_empty() {
        mark_values(out, value_ranges, interner);
    }
}

fn to_u32(n: usize) -> u32 {
    // Inputs are capped far below 4 GiB by the importers; saturate rather than wrap regardless.
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn mark_values(toks: &mut [Tok], value_ranges: &[Range<usize>], interner: &Interner<'_>) {
    let mut r = 0;
    for tok in toks {
        let (s, e) = (tok.start as usize, interner.end(*tok));
        while r < value_ranges.len() && value_ranges[r].end <= s {
            r += 1;
        }
        // Value ranges are maximal (adjacent value runs merged by the caller), so a token is
        // entirely from a value exactly when one range covers it.
        if r < value_ranges.len() && value_ranges[r].start <= s && e <= value_ranges[r].end {
            tok.key |= VALUE_BIT;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // White space of any kind is no token; value ranges mark whole tokens.
    #[test]
    fn spaces_are_gaps_and_values_mark() {
        let text = "held in\t Tokyo\u{a0} now, D.C.";
        let mut interner = Interner::new();
        let mut toks = Vec::new();
        let values = [Range { start: 9, end: 14 }];
        tokenize(text, &values, &mut interner, &mut toks);
        let texts: Vec<&str> = (0..toks.len())
            .map(|i| &text[span(&toks, i..i + 1, text.len(), &interner)])
            .collect();
        assert_eq!(texts, vec!["held", "in", "Tokyo", "now", ",", "D.C", "."]);
        let values: Vec<bool> = toks.iter().map(|t| t.value()).collect();
        assert_eq!(values, vec![false, false, true, false, false, false, false]);
        assert_eq!(
            &text[span(&toks, 1..3, text.len(), &interner)],
            "in\t Tokyo"
        );
        assert_eq!(
            span(&toks, 7..7, text.len(), &interner),
            text.len()..text.len()
        );
        assert!(interner.is_joiner(toks[4].id()) && interner.is_word(toks[5].id()));
        assert_eq!(similarity::count_words(text), 5);
    }
}
