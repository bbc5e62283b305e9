//! Word tokens for the diff: Unicode word boundaries (UAX #29), punctuation as its own token,
//! white space runs as one token that compares equal to any other white space.
//!
//! Tokens are byte ranges into a block's text plus an interned id, so the word diff compares
//! integers and the redline can slice the original text back out. ASCII text (nearly all of a
//! statement) takes a hand-written path that applies the same UAX #29 rules as
//! `unicode-segmentation` (a test holds the two to the same output); anything else goes through
//! `similar`'s Unicode tokenizer. Pure functions, no I/O.

use std::hash::BuildHasherDefault;
use std::ops::Range;

use rustc_hash::FxHasher;
use similar::DiffableStr;

/// Id shared by every white space token: a change in spacing is not an edit.
pub(crate) const SPACE: u32 = 0;

/// One token of a block's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tok {
    pub start: u32,
    pub end: u32,
    pub id: u32,
    /// Every byte of the token comes from a run of [`crate::document::Origin::Value`].
    pub value: bool,
}

#[cfg(test)]
impl Tok {
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// Interns token texts to dense ids and remembers which ids are words.
#[derive(Debug)]
pub(crate) struct Interner<'a> {
    map: std::collections::HashMap<&'a str, u32, BuildHasherDefault<FxHasher>>,
    /// Indexed by id: what the token is.
    class: Vec<Class>,
}

/// What a token is, for statistics, similarity and tidying.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Holds a letter or digit.
    Word,
    /// White space or light punctuation that may join two edits into one (`,` `;` `:` dashes
    /// `/` `&`); not a full stop, so edits in two sentences stay two edits.
    Joiner,
    Other,
}

impl<'a> Interner<'a> {
    pub fn new() -> Self {
        Interner {
            map: Default::default(),
            class: vec![Class::Joiner],
        }
    }

    /// The id of `text`, which is not white space.
    pub fn intern(&mut self, text: &'a str) -> u32 {
        if let Some(&id) = self.map.get(text) {
            return id;
        }
        let id = u32::try_from(self.class.len()).unwrap_or(u32::MAX);
        let class = if text.chars().any(char::is_alphanumeric) {
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
        self.map.insert(text, id);
        id
    }

    /// Whether the token with this id counts as a word (for statistics and similarity).
    pub fn is_word(&self, id: u32) -> bool {
        self.class.get(id as usize) == Some(&Class::Word)
    }

    /// Whether the token may be folded between two edits (white space, light punctuation).
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
    let mut push = |range: Range<usize>| {
        let piece = &text[range.clone()];
        let space = piece.chars().all(char::is_whitespace);
        // Merge white space with white space just before it (tabs, NBSP next to spaces).
        if space
            && let Some(last) = out.last_mut()
            && last.id == SPACE
            && last.end as usize == range.start
        {
            last.end = to_u32(range.end);
            return;
        }
        let id = if space { SPACE } else { interner.intern(piece) };
        out.push(Tok {
            start: to_u32(range.start),
            end: to_u32(range.end),
            id,
            value: false,
        });
    };
    if text.is_ascii() {
        split_ascii(text.as_bytes(), &mut push);
    } else {
        let mut at = 0;
        for piece in text.tokenize_unicode_words() {
            push(at..at + piece.len());
            at += piece.len();
        }
    }
    if !value_ranges.is_empty() {
        mark_values(out, value_ranges);
    }
}

/// Count the words of `text` without interning (for blocks that need no diff).
pub(crate) fn count_words(text: &str) -> usize {
    let mut n = 0;
    let mut count = |range: Range<usize>| {
        if text[range].chars().any(char::is_alphanumeric) {
            n += 1;
        }
    };
    if text.is_ascii() {
        split_ascii(text.as_bytes(), &mut count);
    } else {
        let mut at = 0;
        for piece in text.tokenize_unicode_words() {
            count(at..at + piece.len());
            at += piece.len();
        }
    }
    n
}

fn to_u32(n: usize) -> u32 {
    // Inputs are capped far below 4 GiB by the importers; saturate rather than wrap regardless.
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn mark_values(toks: &mut [Tok], value_ranges: &[Range<usize>]) {
    let mut r = 0;
    for tok in toks {
        let (s, e) = (tok.start as usize, tok.end as usize);
        while r < value_ranges.len() && value_ranges[r].end <= s {
            r += 1;
        }
        // Value ranges are maximal (adjacent value runs merged by the caller), so a token is
        // entirely from a value exactly when one range covers it.
        tok.value =
            r < value_ranges.len() && value_ranges[r].start <= s && e <= value_ranges[r].end;
    }
}

/// UAX #29 word boundaries restricted to ASCII, calling `emit` with each segment's byte range.
///
/// ASCII classes: letters (ALetter), digits (Numeric), `_` (ExtendNumLet), `:` (MidLetter),
/// `.` (MidNumLet), `'` (Single_Quote), `,` `;` (MidNum), space (WSegSpace), CR, LF, VT/FF
/// (Newline); everything else is Other and stands alone. Rules WB3–WB13b then reduce to: spaces
/// group, CR LF groups, letters/digits/underscores group, and a mid character joins two letters
/// (`:` `.` `'`) or two digits (`,` `;` `.` `'`).
fn split_ascii(b: &[u8], emit: &mut impl FnMut(Range<usize>)) {
    let n = b.len();
    let mut i = 0;
    while i < n {
        let start = i;
        let c = b[i];
        if c == b' ' {
            while i < n && b[i] == b' ' {
                i += 1;
            }
        } else if c == b'\r' {
            i += if i + 1 < n && b[i + 1] == b'\n' { 2 } else { 1 };
        } else if is_word_byte(c) {
            i += 1;
            while i < n {
                let next = b[i];
                if is_word_byte(next) {
                    i += 1;
                    continue;
                }
                let prev = b[i - 1];
                let joins = i + 1 < n && {
                    let after = b[i + 1];
                    (prev.is_ascii_alphabetic()
                        && matches!(next, b':' | b'.' | b'\'')
                        && after.is_ascii_alphabetic())
                        || (prev.is_ascii_digit()
                            && matches!(next, b',' | b';' | b'.' | b'\'')
                            && after.is_ascii_digit())
                };
                if joins {
                    i += 2;
                } else {
                    break;
                }
            }
        } else {
            i += 1;
        }
        emit(start..i);
    }
}

fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        split_ascii(text.as_bytes(), &mut |r| out.push(&text[r]));
        out
    }

    // Abbreviations, possessives and numbers stay one token; punctuation stands alone.
    #[test]
    fn ascii_words_and_punctuation() {
        assert_eq!(
            pieces("Washington, D.C. on the world's 1,000.5 (GPS)."),
            vec![
                "Washington",
                ",",
                " ",
                "D.C",
                ".",
                " ",
                "on",
                " ",
                "the",
                " ",
                "world's",
                " ",
                "1,000.5",
                " ",
                "(",
                "GPS",
                ")",
                "."
            ]
        );
    }

    // The ASCII path splits exactly like unicode-segmentation (through similar) on tricky input.
    #[test]
    fn ascii_path_matches_unicode_segmentation() {
        // A deterministic pseudo-random walk over an alphabet full of boundary cases.
        let alphabet = b"aZ9_:.',;\" -\t\r\n\x0b\x0c()x1";
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..3000 {
            let len = (state % 24) as usize;
            let mut s = String::new();
            for _ in 0..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                s.push(char::from(
                    alphabet[(state % alphabet.len() as u64) as usize],
                ));
            }
            let expected: Vec<&str> = s.as_str().tokenize_unicode_words();
            assert_eq!(pieces(&s), expected, "input {s:?}");
        }
    }

    // White space runs of any kind intern to one id and merge; value ranges mark whole tokens.
    #[test]
    fn spaces_merge_and_values_mark() {
        let text = "held in\t Tokyo\u{a0} now";
        let mut interner = Interner::new();
        let mut toks = Vec::new();
        let values = [Range { start: 8, end: 14 }];
        tokenize(text, &values, &mut interner, &mut toks);
        let texts: Vec<&str> = toks.iter().map(|t| &text[t.range()]).collect();
        assert_eq!(
            texts,
            vec!["held", " ", "in", "\t ", "Tokyo", "\u{a0} ", "now"]
        );
        assert_eq!(toks[3].id, SPACE);
        assert_eq!(toks[5].id, SPACE);
        let values: Vec<bool> = toks.iter().map(|t| t.value).collect();
        assert_eq!(values, vec![false, false, false, false, true, false, false]);
        assert_eq!(count_words(text), 4);
    }
}
