//! Proposals on a body paragraph (recorded by `absorb`): the words `at`, found in the
//! paragraph's assembled Markdown as they print, give way to the bracket of the alternatives
//! (or to the chosen one). Finding them reads the Markdown as its reader will: backslash
//! escapes stand for their character, emphasis marks and the data-value sentinels print
//! nothing, a line break prints a space. A value span that the words cut through keeps its
//! sentinels balanced: what opens inside the words is reopened after the bracket, what closes
//! inside them is closed before it.

use std::ops::Range;

use crate::document::{VALUE_END, VALUE_START, WORDING_END, WORDING_START};

/// The byte range of `markdown` that prints `words`, the first such place; `None` when the
/// paragraph does not print them.
pub(super) fn locate(markdown: &str, words: &str) -> Option<Range<usize>> {
    // What the Markdown prints, and for each printed byte the Markdown byte it comes from.
    let mut printed = String::with_capacity(markdown.len());
    let mut from: Vec<usize> = Vec::with_capacity(markdown.len());
    let mut ends: Vec<usize> = Vec::with_capacity(markdown.len());
    let mut chars = markdown.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let (shown, end) = match c {
            '\\' => match chars.next() {
                Some((j, e)) => (e, j + e.len_utf8()),
                None => ('\\', i + 1),
            },
            '*' | '_' => continue,
            '\u{E000}'..='\u{E008}' => continue,
            '\n' => (' ', i + 1),
            _ => (c, i + c.len_utf8()),
        };
        for _ in 0..shown.len_utf8() {
            from.push(i);
            ends.push(end);
        }
        printed.push(shown);
    }
    let start = printed.find(words)?;
    let last = start + words.len() - 1;
    Some(from[start]..ends[last])
}

/// `markdown` with `range` replaced by `replacement`, the value sentinels inside the range moved
/// out of it: a span wholly inside goes with the words; one that closes inside is closed before
/// the replacement, one that opens inside is opened after it.
pub(super) fn replace(markdown: &str, range: Range<usize>, replacement: &str) -> String {
    let mut closing = String::new();
    let mut opening: Vec<char> = Vec::new();
    for c in markdown[range.clone()].chars() {
        match c {
            VALUE_START | WORDING_START => opening.push(c),
            VALUE_END | WORDING_END => {
                let opener = if c == VALUE_END {
                    VALUE_START
                } else {
                    WORDING_START
                };
                if opening.last() == Some(&opener) {
                    opening.pop();
                } else {
                    closing.push(c);
                }
            }
            _ => {}
        }
    }
    let mut out = String::with_capacity(markdown.len() + replacement.len());
    out.push_str(&markdown[..range.start]);
    out.push_str(&closing);
    out.push_str(replacement);
    out.extend(opening);
    out.push_str(&markdown[range.end..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // Escapes and sentinels print as their text; the range covers the Markdown behind it.
    #[test]
    fn words_are_found_through_escapes_and_sentinels() {
        let md = "in the first half of \u{E000}2016\u{E001}\\. Both";
        let r = locate(md, "half of 2016.").unwrap();
        assert_eq!(&md[r.clone()], "half of \u{E000}2016\u{E001}\\.");
        assert_eq!(replace(md, r, "[X]"), "in the first [X] Both");
    }

    // A span cut by the words keeps its sentinels balanced.
    #[test]
    fn sentinels_stay_balanced() {
        let md = "held \u{E007}a second exercise\u{E008} in 2015";
        let r = locate(md, "second exercise in").unwrap();
        let out = replace(md, r, "B");
        assert_eq!(out, "held \u{E007}a \u{E008}B 2015");
        assert_eq!(locate(md, "not there"), None);
    }
}
