//! Word tokens for the diff: Unicode word boundaries (UAX #29), punctuation as its own token.
//! White space is not a token: it is the gap between tokens, so a change of spacing is never an
//! edit, and the word diff works on half as many tokens.
//!
//! Tokens are byte ranges into a block's text plus an interned id, so the word diff compares
//! integers and the redline can slice the original text (gaps included) back out. ASCII text (nearly all of a
//! statement) takes a hand-written path that applies the same UAX #29 rules as
//! `unicode-segmentation` (a test holds the two to the same output); anything else goes through
//! `similar`'s Unicode tokenizer. Pure functions, no I/O.

use std::hash::BuildHasherDefault;
use std::ops::Range;

use rustc_hash::FxHasher;
use similar::DiffableStr;

/// One token of a block's text: its byte range, its id, and whether it came from a data value.
/// Twelve bytes: a 1 MB document has some 180 000 tokens, all held at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tok {
    pub start: u32,
    pub end: u32,
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
pub(crate) fn span(toks: &[Tok], range: Range<usize>, text_len: usize) -> Range<usize> {
    match (toks.get(range.start), range.is_empty()) {
        (Some(first), false) => first.start as usize..toks[range.end - 1].end as usize,
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
    pub fn new() -> Self {
        Interner {
            small: Default::default(),
            map: Default::default(),
            // Id 0 is never given out: a word id is never 0 (see the similarity features).
            class: vec![Class::Other],
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
        id
    }

    /// Whether the token with this id counts as a word (for statistics and similarity).
    pub fn is_word(&self, id: u32) -> bool {
        self.class.get(id as usize) == Some(&Class::Word)
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
            end: to_u32(range.end),
            key: interner.intern(text, range),
        });
    };
    if text.is_ascii() {
        split_ascii(text.as_bytes(), &mut push);
    } else {
        let mut at = 0;
        for piece in text.tokenize_unicode_words() {
            push(at..at + piece.len(), Seg::of(piece));
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
    let mut count = |_: Range<usize>, seg: Seg| {
        n += usize::from(seg == Seg::Word);
    };
    if text.is_ascii() {
        split_ascii(text.as_bytes(), &mut count);
    } else {
        let mut at = 0;
        for piece in text.tokenize_unicode_words() {
            count(at..at + piece.len(), Seg::of(piece));
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
        if r < value_ranges.len() && value_ranges[r].start <= s && e <= value_ranges[r].end {
            tok.key |= VALUE_BIT;
        }
    }
}

/// What a segment of text is, as far as the tokenizer cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seg {
    Space,
    Word,
    Other,
}

impl Seg {
    fn of(piece: &str) -> Seg {
        if piece.chars().all(char::is_whitespace) {
            Seg::Space
        } else if piece.chars().any(char::is_alphanumeric) {
            Seg::Word
        } else {
            Seg::Other
        }
    }
}

const LETTER: u8 = 1;
const DIGIT: u8 = 2;
const UNDERSCORE: u8 = 4;
const WORD: u8 = LETTER | DIGIT | UNDERSCORE;
/// Joins two letters: `:` (MidLetter), `.` (MidNumLet), `'` (Single_Quote).
const MID_LETTER: u8 = 8;
/// Joins two digits: `,` `;` (MidNum), `.`, `'`.
const MID_NUM: u8 = 16;
/// White space other than the space (tab, LF, VT, FF, CR): each stands alone (CR LF together).
const OTHER_SPACE: u8 = 32;

/// UAX #29 classes of ASCII bytes (0 for everything else, which is Other and stands alone).
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        t[c] = if b.is_ascii_alphabetic() {
            LETTER
        } else if b.is_ascii_digit() {
            DIGIT
        } else if b == b'_' {
            UNDERSCORE
        } else if b == b':' {
            MID_LETTER
        } else if b == b'.' || b == b'\'' {
            MID_LETTER | MID_NUM
        } else if b == b',' || b == b';' {
            MID_NUM
        } else if matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r') {
            OTHER_SPACE
        } else {
            0
        };
        c += 1;
    }
    t
};

/// UAX #29 word boundaries restricted to ASCII, calling `emit` with each segment's byte range
/// and what it is.
///
/// ASCII classes: letters (ALetter), digits (Numeric), `_` (ExtendNumLet), `:` (MidLetter),
/// `.` (MidNumLet), `'` (Single_Quote), `,` `;` (MidNum), space (WSegSpace), CR, LF, VT/FF
/// (Newline); everything else is Other and stands alone. Rules WB3–WB13b then reduce to: spaces
/// group, CR LF groups, letters/digits/underscores group, and a mid character joins two letters
/// (`:` `.` `'`) or two digits (`,` `;` `.` `'`).
fn split_ascii(b: &[u8], emit: &mut impl FnMut(Range<usize>, Seg)) {
    let class = |i: usize| CLASS[usize::from(b[i])];
    let n = b.len();
    let mut i = 0;
    while i < n {
        let start = i;
        let k = class(i);
        let seg = if k & WORD != 0 {
            i += 1;
            loop {
                while i < n && class(i) & WORD != 0 {
                    i += 1;
                }
                if i + 1 < n {
                    let (prev, mid, after) = (class(i - 1), class(i), class(i + 1));
                    if (prev & LETTER != 0 && mid & MID_LETTER != 0 && after & LETTER != 0)
                        || (prev & DIGIT != 0 && mid & MID_NUM != 0 && after & DIGIT != 0)
                    {
                        i += 2;
                        continue;
                    }
                }
                break;
            }
            // `_` alone (or `__`) holds no letter or digit: not a word.
            if k == UNDERSCORE && !b[start..i].iter().any(u8::is_ascii_alphanumeric) {
                Seg::Other
            } else {
                Seg::Word
            }
        } else if b[i] == b' ' {
            while i < n && b[i] == b' ' {
                i += 1;
            }
            Seg::Space
        } else if k & OTHER_SPACE != 0 {
            i += if b[i] == b'\r' && i + 1 < n && b[i + 1] == b'\n' {
                2
            } else {
                1
            };
            Seg::Space
        } else {
            i += 1;
            Seg::Other
        };
        emit(start..i, seg);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        split_ascii(text.as_bytes(), &mut |r, _| out.push(&text[r]));
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

    // White space of any kind is no token; value ranges mark whole tokens.
    #[test]
    fn spaces_are_gaps_and_values_mark() {
        let text = "held in\t Tokyo\u{a0} now, D.C.";
        let mut interner = Interner::new();
        let mut toks = Vec::new();
        let values = [Range { start: 9, end: 14 }];
        tokenize(text, &values, &mut interner, &mut toks);
        let texts: Vec<&str> = (0..toks.len())
            .map(|i| &text[span(&toks, i..i + 1, text.len())])
            .collect();
        assert_eq!(texts, vec!["held", "in", "Tokyo", "now", ",", "D.C", "."]);
        let values: Vec<bool> = toks.iter().map(|t| t.value()).collect();
        assert_eq!(values, vec![false, false, true, false, false, false, false]);
        assert_eq!(&text[span(&toks, 1..3, text.len())], "in\t Tokyo");
        assert_eq!(span(&toks, 7..7, text.len()), text.len()..text.len());
        assert!(interner.is_joiner(toks[4].id()) && interner.is_word(toks[5].id()));
        assert_eq!(count_words(text), 5);
    }
}
