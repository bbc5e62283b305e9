//! The similarity layer shared by diff alignment ([`crate::diff`]) and provenance
//! ([`crate::archive`]): what counts as the same text, what a word is, the features two texts are
//! compared by, and the bounded index that finds the nearest candidates.
//!
//! - [`normalize`]: white space runs folded to one space and trimmed, typographic quotes,
//!   apostrophes and primes folded to their ASCII forms. Two texts that normalise alike are the
//!   same wording (diff anchors them, provenance calls them verbatim).
//! - [`segments`]: Unicode word boundaries (UAX #29); a *word* is a segment holding a letter or
//!   digit ([`is_word`]): "world's", "U.S", "1,000.5" are one word each, "Japan-U.S." is two
//!   and a dash is none. The diff's tokens and statistics and provenance's features all use it.
//! - [`features`]: word bigrams of case-folded words (a unigram for a one-word text), mixed to
//!   unbiased 64-bit values, at most a given number kept (a bottom-k sketch); [`dice`] compares
//!   two such sets.
//! - [`Index`]: an inverted index from features to items, queried within fixed bounds (features
//!   sampled, common features skipped, postings read, candidates returned), so the work per
//!   query does not grow with the corpus.
//!
//! Pure and deterministic: no I/O, no clock, no randomness; ties are broken by item order.
//! Callers decide what to do with candidates (the diff scores and pairs them, provenance runs a
//! word diff on them): this module only measures and finds.

use std::borrow::Cow;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use rustc_hash::FxHasher;
use similar::DiffableStr;

type FxMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Fold what does not change the wording: runs of white space (non-breaking spaces, tabs and
/// line breaks included) become one space, the ends are trimmed, typographic quotes,
/// apostrophes and primes become `'` and `"`. Borrowed when the text is already so (nearly
/// always: the diff keys every block of both documents with it).
pub(crate) fn normalize(text: &str) -> Cow<'_, str> {
    // The common case in passes the compiler vectorises: ASCII without control characters
    // (so no typographic quote either), no double space, nothing at the edges.
    let b = text.as_bytes();
    let plain = b
        .iter()
        .fold(0u8, |acc, &c| acc | (c & 0x80) | u8::from(c < 0x20))
        == 0;
    if plain && b.first() != Some(&b' ') && b.last() != Some(&b' ') && !text.contains("  ") {
        return Cow::Borrowed(text);
    }
    let mut prev_space = true;
    let clean = text.chars().all(|c| {
        let space = c.is_whitespace();
        let ok = (!space || (c == ' ' && !prev_space)) && fold_quote(c).is_none();
        prev_space = space;
        ok
    }) && !prev_space;
    if clean || text.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().map(|c| fold_quote(c).unwrap_or(c)));
    }
    Cow::Owned(out)
}

/// The ASCII form of a typographic quote, apostrophe or prime.
fn fold_quote(c: char) -> Option<char> {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{2032}' => Some('\''),
        '\u{201c}' | '\u{201d}' | '\u{2033}' => Some('"'),
        _ => None,
    }
}

/// Whether two texts are equal but for white space (how much, and where it is in the gaps).
pub(crate) fn same_but_space(a: &str, b: &str) -> bool {
    a == b || a.split_whitespace().eq(b.split_whitespace())
}

/// What a segment of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seg {
    /// White space: the gap between tokens.
    Space,
    /// Holds a letter or digit.
    Word,
    /// Punctuation and symbols, one segment each.
    Other,
}

/// Whether a token (one segment) is a word: it holds a letter or digit.
pub(crate) fn is_word(token: &str) -> bool {
    token.chars().any(char::is_alphanumeric)
}

impl Seg {
    fn of(piece: &str) -> Seg {
        if piece.chars().all(char::is_whitespace) {
            Seg::Space
        } else if is_word(piece) {
            Seg::Word
        } else {
            Seg::Other
        }
    }
}

/// Split `text` at its Unicode word boundaries, calling `emit` with each segment's byte range
/// and what it is. ASCII text (nearly all of a statement) takes a hand-written path applying
/// the same UAX #29 rules as `unicode-segmentation` (a test holds the two to the same output);
/// anything else goes through `similar`'s Unicode tokenizer.
pub(crate) fn segments(text: &str, emit: &mut impl FnMut(Range<usize>, Seg)) {
    if text.is_ascii() {
        split_ascii(text.as_bytes(), emit);
    } else {
        let mut at = 0;
        for piece in text.tokenize_unicode_words() {
            emit(at..at + piece.len(), Seg::of(piece));
            at += piece.len();
        }
    }
}

/// The words of `text`, in order.
pub(crate) fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    segments(text, &mut |range, seg| {
        if seg == Seg::Word {
            out.push(&text[range]);
        }
    });
    out
}

/// How many words `text` holds.
pub(crate) fn count_words(text: &str) -> usize {
    let mut n = 0;
    segments(text, &mut |_, seg| n += usize::from(seg == Seg::Word));
    n
}

/// Words as a reader counts them in a report: white-space separated units holding at least one
/// word ("Japan-U.S." is one, a dash is none). Provenance reports this count, as it always has.
pub(crate) fn count_reading_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| is_word(w))
        .map(|w| {
            // Japanese has no spaces: its characters are what a reader counts (文字数), and
            // the Latin words among them one each.
            let cjk = w
                .chars()
                .filter(|c| crate::render::pdf::is_cjk(*c) && c.is_alphanumeric())
                .count();
            if cjk == 0 {
                1
            } else {
                cjk + w
                    .split(|c: char| crate::render::pdf::is_cjk(c))
                    .filter(|piece| is_word(piece))
                    .count()
            }
        })
        .sum()
}

/// The key of a word for similarity: its lower-case form, hashed. Equal words (whatever their
/// case) get equal keys in every user of this layer.
pub(crate) fn word_key(word: &str) -> u64 {
    let mut h = FxHasher::default();
    for c in word.chars() {
        for l in c.to_lowercase() {
            h.write_u32(l as u32);
        }
    }
    h.finish()
}

/// A fixed bijective bit mixer (splitmix64's finaliser): sketches taken by it are deterministic
/// and unbiased with respect to word keys, and it maps distinct features to distinct values.
pub(crate) fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Similarity features of a text given as its [`word_key`]s in order: its word bigrams (a
/// unigram for a one-word text), mixed, sorted and deduplicated; when there are more than
/// `sketch`, only the `sketch` smallest (a bottom-k sketch). Two similar texts share most of
/// their sketch, so Dice over sketches tracks Dice over all bigrams (exactly, for texts of up
/// to `sketch` bigrams) at a fixed cost per text. `scratch` is a reused buffer.
pub(crate) fn features(
    keys: impl IntoIterator<Item = u64>,
    sketch: usize,
    scratch: &mut Vec<u64>,
) -> Vec<u64> {
    scratch.clear();
    let mut prev: Option<u64> = None;
    let mut words = 0usize;
    for key in keys {
        if let Some(p) = prev {
            // Mixing the first word before combining keeps bigrams ordered ("a b" is not "b a").
            scratch.push(mix(mix(p) ^ key));
        }
        prev = Some(key);
        words += 1;
    }
    if words == 1
        && let Some(p) = prev
    {
        scratch.push(mix(p));
    }
    if scratch.len() > sketch && sketch > 0 {
        scratch.select_nth_unstable(sketch - 1);
        scratch.truncate(sketch);
    }
    scratch.sort_unstable();
    scratch.dedup();
    scratch.clone()
}

/// The features of a text: [`features`] of its [`words`].
pub(crate) fn text_features(text: &str, sketch: usize) -> Vec<u64> {
    features(
        words(text).into_iter().map(word_key),
        sketch,
        &mut Vec::new(),
    )
}

/// Dice coefficient of two sorted, deduplicated feature sets, per mille.
pub(crate) fn dice(a: &[u64], b: &[u64]) -> u32 {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    let common = common_sorted(a, b);
    u32::try_from(2000 * common / (a.len() + b.len())).unwrap_or(1000)
}

/// How many items two sorted slices have in common, each item of one side matched at most
/// once (a multiset intersection, by one merge walk).
pub(crate) fn common_sorted<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common
}

/// The bounds of one [`Index::nearest`] query; every field caps work, none changes what a
/// candidate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Query {
    /// Features of the query looked up (the first of its sorted sketch).
    pub sample: usize,
    /// A feature held by more items than this proposes none (it says little).
    pub posting_cap: usize,
    /// Postings read per query, rarest features first; the rarest list is always read.
    pub budget: usize,
    /// Candidates returned at most.
    pub top: usize,
}

/// An inverted index of feature sets: items are numbered in insertion order from 0.
///
/// Postings are chains through one array (each posting points to the previous one of its
/// feature), so inserting an item costs one map look-up per feature and no allocation per
/// posting list, and the index can grow between queries (the archive adds statement after
/// statement).
#[derive(Debug, Default)]
pub(crate) struct Index {
    /// Feature -> its last posting in `chain` and how many postings it has.
    heads: FxMap<u64, (u32, u32)>,
    /// Postings: (item, the previous posting of the same feature or [`NO_POSTING`]).
    chain: Vec<(u32, u32)>,
    /// Features per item, for Dice.
    sizes: Vec<usize>,
}

/// The end of a posting chain.
const NO_POSTING: u32 = u32::MAX;

impl Index {
    /// An empty index.
    pub fn new() -> Self {
        Index::default()
    }

    /// Add an item with these (sorted, deduplicated) features; returns its number.
    pub fn insert(&mut self, features: &[u64]) -> u32 {
        let id = u32::try_from(self.sizes.len()).unwrap_or(u32::MAX);
        for &f in features {
            let at = u32::try_from(self.chain.len()).unwrap_or(NO_POSTING);
            let head = self.heads.entry(f).or_insert((NO_POSTING, 0));
            self.chain.push((id, head.0));
            *head = (at, head.1 + 1);
        }
        self.sizes.push(features.len());
        id
    }

    /// Items sharing features with `features`, best first by the Dice coefficient of the
    /// features they share (ties: the later item first), at most `q.top`. Only the first
    /// `q.sample` features are looked up, features of more than `q.posting_cap` items are
    /// skipped, and postings are read rarest first until `q.budget` would be exceeded.
    pub fn nearest(&self, features: &[u64], q: &Query) -> Vec<u32> {
        let mut lists: Vec<(u32, u32)> = features
            .iter()
            .take(q.sample)
            .filter_map(|f| self.heads.get(f))
            .filter(|&&(_, len)| len as usize <= q.posting_cap)
            .map(|&(head, len)| (len, head))
            .collect();
        // Stable: lists of one length stay in feature order, so the result is the inputs'.
        lists.sort_by_key(|&(len, _)| len);
        let mut hits: Vec<u32> = Vec::new();
        for (len, head) in lists {
            let len = len as usize;
            if !hits.is_empty() && hits.len() + len > q.budget {
                break;
            }
            let mut at = head;
            while at != NO_POSTING {
                let (id, prev) = self.chain[at as usize];
                hits.push(id);
                at = prev;
            }
        }
        hits.sort_unstable();
        let mut scored: Vec<(u64, u32)> = hits
            .chunk_by(|x, y| x == y)
            .map(|run| {
                let id = run[0];
                let total = features.len() + self.sizes[id as usize];
                (2_000_000 * run.len() as u64 / total.max(1) as u64, id)
            })
            .collect();
        scored.sort_unstable_by(|a, b| b.cmp(a));
        scored.into_iter().take(q.top).map(|(_, id)| id).collect()
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

/// UAX #29 word boundaries restricted to ASCII.
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

    // White space of every kind folds to one space, typographic quotes to ASCII; plain text is
    // borrowed, not copied.
    #[test]
    fn normalize_folds_space_and_quotes() {
        assert_eq!(
            normalize(
                " Both\u{a0} sides\t\n\u{201c}agreed\u{201d}, the world\u{2019}s 5\u{2032}  "
            ),
            "Both sides \"agreed\", the world's 5'"
        );
        assert_eq!(normalize("\u{2018}x\u{2019} \u{2033}"), "'x' \"");
        assert!(matches!(normalize("Both sides met."), Cow::Borrowed(_)));
        assert!(matches!(
            normalize("Caf\u{e9} d\u{e9}j\u{e0}"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(normalize("it\u{2019}s"), Cow::Owned(_)));
        assert_eq!(normalize("   "), "");
        assert!(same_but_space("a  b\tc", " a b c"));
        assert!(!same_but_space("it's", "it\u{2019}s"));
    }

    // A word holds a letter or digit; abbreviations, possessives and numbers are one word,
    // compounds with a hyphen are two, punctuation is none.
    #[test]
    fn what_a_word_is() {
        assert_eq!(
            words("Washington, D.C. on the world's 1,000.5 (GPS) Japan-U.S. \u{2014} _ caf\u{e9}."),
            vec![
                "Washington",
                "D.C",
                "on",
                "the",
                "world's",
                "1,000.5",
                "GPS",
                "Japan",
                "U.S",
                "caf\u{e9}"
            ]
        );
        assert_eq!(count_words("Japan-U.S. talks \u{2014} agreed."), 4);
        assert_eq!(count_reading_words("Japan-U.S. talks \u{2014} agreed."), 3);
        assert_eq!(word_key("Second"), word_key("second"));
        assert_ne!(word_key("second"), word_key("third"));
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

    // Features are ordered bigrams of case-folded words, a unigram for one word, and a sketch
    // keeps the smallest; Dice over them is 1000 for the same words and falls with edits.
    #[test]
    fn features_and_dice() {
        let f = |t: &str| text_features(t, usize::MAX);
        assert_eq!(f("Both sides met"), f("both  Sides MET"));
        assert_ne!(f("a b"), f("b a"));
        assert_eq!(f("alone").len(), 1);
        assert!(f("").is_empty() && f("\u{2014}").is_empty());
        assert_eq!(
            dice(&f("Both sides met today"), &f("both sides met today")),
            1000
        );
        assert_eq!(
            dice(&f("Both sides met today"), &f("Both sides met now")),
            666
        );
        assert_eq!(dice(&f("one two"), &f("three four")), 0);
        let long: String = (0..100).map(|i| format!("w{i} ")).collect();
        let all = f(&long);
        let sketch = text_features(&long, 32);
        assert_eq!((all.len(), sketch.len()), (99, 32));
        assert_eq!(sketch, all[..32]);
    }

    // The index finds the nearest item first, and stays within its bounds: common features are
    // skipped, the posting budget stops reading, and no more than `top` come back.
    #[test]
    fn index_finds_nearest_within_bounds() {
        let mut index = Index::new();
        let texts = [
            "Both sides met in Tokyo.",
            "Both sides discussed remote sensing data policy.",
            "Both sides discussed remote sensing data.",
            "The weather was fine.",
        ];
        for t in texts {
            index.insert(&text_features(t, usize::MAX));
        }
        let open = Query {
            sample: usize::MAX,
            posting_cap: usize::MAX,
            budget: usize::MAX,
            top: 8,
        };
        let q = text_features(
            "Both sides discussed remote sensing data policy at length.",
            32,
        );
        assert_eq!(index.nearest(&q, &open), vec![1, 2, 0]);
        assert_eq!(index.nearest(&q, &Query { top: 1, ..open }), vec![1]);
        assert!(
            index
                .nearest(&text_features("Nothing alike.", 32), &open)
                .is_empty()
        );

        // A thousand items share one common bigram; one also shares a rare one.
        let mut big = Index::new();
        for i in 0..1000 {
            big.insert(&text_features(&format!("both sides w{i}"), usize::MAX));
        }
        let rare = big.insert(&text_features("both sides quasi zenith", usize::MAX));
        let q = text_features("both sides quasi zenith satellites", usize::MAX);
        let capped = Query {
            posting_cap: 64,
            ..open
        };
        assert_eq!(big.nearest(&q, &capped), vec![rare]);
        let budget = Query { budget: 3, ..open };
        assert_eq!(big.nearest(&q, &budget), vec![rare]);
        let all = big.nearest(&q, &open);
        assert_eq!((all.len(), all[0]), (8, rare));
    }
}
