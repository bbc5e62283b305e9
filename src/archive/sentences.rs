//! Sentence splitting for the archive: a paragraph's text in, the byte ranges of its sentences
//! out. Provenance is reported per sentence, so a wrong split shows as a wrong verdict.
//!
//! A sentence ends at `.`, `?` or `!` (with any closing quotes or brackets after it) followed by
//! white space and a word that does not start in lower case, or at the end of the text. The
//! genre is full of full stops that end nothing, and these are kept inside the sentence:
//!
//! - titles and common abbreviations: "Dr. Smith", "Mr.", "e.g.", "approx.";
//! - abbreviations before a number: "No. 3", "Art. 5", "pp. 12", "Jan. 5";
//! - initials: "John F. Kennedy", "H. E.";
//! - dotted acronyms: "U.S. Trade Representative", "Washington, D.C. on May 9", unless the next
//!   word is one that usually starts a sentence ("… in Washington, D.C. The meeting …");
//! - a list number or letter that opens a paragraph: "1. Both sides …";
//! - decimals and dotted numbers ("3.5", "1.2.3"), which have no space after the point.
//!
//! Pure and allocation-light: the splitter walks the text once. No I/O.

use std::ops::Range;

/// Abbreviations after which a full stop never ends a sentence (a name or phrase follows).
const ALWAYS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Messrs", "Mme", "Mlle", "Dr", "Prof", "Rev", "Hon", "Amb", "Gen", "Lt",
    "Col", "Capt", "Cmdr", "Adm", "Sgt", "Gov", "Sen", "Rep", "Pres", "Mt", "Ft", "St", "vs", "cf",
    "approx", "viz", "ca", "Dept", "e.g", "i.e", "E.g", "I.e",
];

/// Abbreviations after which a full stop does not end a sentence when a number follows.
const BEFORE_NUMBER: &[&str] = &[
    "No", "Nos", "no", "nos", "Nr", "nr", "Art", "Arts", "art", "para", "paras", "Para", "p", "pp",
    "Vol", "vol", "Fig", "fig", "Ch", "ch", "Sec", "sec", "Sect", "Rev", "Res", "Doc", "Jan",
    "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "op",
];

/// Words that usually open a sentence: after a dotted acronym ("D.C."), one of these means the
/// acronym's full stop also ended the sentence.
const STARTERS: &[&str] = &[
    "The",
    "This",
    "These",
    "That",
    "Those",
    "It",
    "Its",
    "We",
    "They",
    "He",
    "She",
    "Both",
    "In",
    "At",
    "On",
    "As",
    "With",
    "For",
    "A",
    "An",
    "Our",
    "Their",
    "There",
    "Such",
    "Following",
    "All",
    "Each",
    "Further",
    "Furthermore",
    "Moreover",
    "However",
    "Finally",
    "Today",
    "During",
    "Since",
    "After",
    "Before",
    "While",
    "To",
    "Through",
    "Under",
];

/// The sentences of `text`, as trimmed byte ranges in order. Empty text gives none.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = skip_space(text, 0);
    let mut i = start;
    while i < bytes.len() {
        // Japanese: 。！？ end a sentence where they stand (no space follows), with the closing
        // brackets after them.
        if let Some(stop) = ["。", "！", "？"]
            .iter()
            .find(|t| bytes[i..].starts_with(t.as_bytes()))
        {
            let mut end = i + stop.len();
            while let Some(ch) = text[end..]
                .chars()
                .next()
                .filter(|c| matches!(c, '」' | '』' | '）' | '】' | '〕'))
            {
                end += ch.len_utf8();
            }
            out.push(start..trim_end(text, end));
            start = skip_space(text, end);
            i = start;
            continue;
        }
        let c = bytes[i];
        if !matches!(c, b'.' | b'?' | b'!') && !bytes[i..].starts_with("\u{2026}".as_bytes()) {
            i += 1;
            continue;
        }
        // The terminator run: more stops, then closing quotes and brackets.
        let mut end = i;
        while end < bytes.len() {
            let ch = text[end..].chars().next().unwrap_or(' ');
            if matches!(
                ch,
                '.' | '?' | '!' | '\u{2026}' | '"' | '\'' | ')' | ']' | '\u{201d}' | '\u{2019}'
            ) {
                end += ch.len_utf8();
            } else {
                break;
            }
        }
        let next = skip_space(text, end);
        let at_end = next >= bytes.len();
        if at_end || (next > end && ends_sentence(text, start, i, next)) {
            out.push(start..trim_end(text, end));
            start = next;
        }
        i = end.max(i + 1);
    }
    if start < bytes.len() {
        let e = trim_end(text, bytes.len());
        if e > start {
            out.push(start..e);
        }
    }
    out
}

/// Whether the terminator at `stop` (in the sentence that began at `start`) ends it, given that
/// white space follows and the next sentence would begin at `next`.
fn ends_sentence(text: &str, start: usize, stop: usize, next: usize) -> bool {
    let following = &text[next..];
    let Some(first) = following
        .chars()
        .find(|c| !matches!(c, '"' | '\'' | '(' | '[' | '\u{201c}' | '\u{2018}'))
    else {
        return true;
    };
    if first.is_lowercase() {
        return false;
    }
    if text.as_bytes()[stop] != b'.' {
        return true;
    }
    // The word the full stop closes, without opening punctuation.
    let word_start = text[..stop]
        .rfind(|c: char| c.is_whitespace())
        .map_or(0, |p| p + 1)
        .max(start);
    let word = text[word_start..stop].trim_start_matches(['(', '"', '\'', '[', '\u{201c}']);
    // In a compound, the last part decides: "Japan-U.S." closes like "U.S.".
    let word = word
        .rsplit(['-', '/', '\u{2013}', '\u{2014}'])
        .next()
        .unwrap_or(word);
    if word.is_empty() {
        return true;
    }
    if ALWAYS.contains(&word) {
        return false;
    }
    if first.is_ascii_digit() && BEFORE_NUMBER.contains(&word) {
        return false;
    }
    // A list marker opening the paragraph: "1.", "iv.", "b.".
    if word_start == start && is_list_marker(word) {
        return false;
    }
    // An initial: one capital letter ("John F. Kennedy").
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_uppercase()
    {
        return false;
    }
    if is_dotted_acronym(word) {
        let next_word: String = following
            .trim_start_matches(['"', '\'', '(', '[', '\u{201c}', '\u{2018}'])
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect();
        return STARTERS.contains(&next_word.as_str());
    }
    true
}

/// "U.S" (the word before its last full stop), "D.C", "a.m", "U.N".
fn is_dotted_acronym(word: &str) -> bool {
    let parts: Vec<&str> = word.split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
}

/// "1", "12", "iv", "IV", "a", "B": what numbers a list item.
fn is_list_marker(word: &str) -> bool {
    !word.is_empty()
        && (word.chars().all(|c| c.is_ascii_digit())
            || word.chars().all(|c| "ivxlcIVXLC".contains(c))
            || (word.chars().count() == 1 && word.chars().all(char::is_alphabetic)))
}

fn skip_space(text: &str, mut at: usize) -> usize {
    while let Some(c) = text[at..].chars().next() {
        if !c.is_whitespace() {
            break;
        }
        at += c.len_utf8();
    }
    at
}

fn trim_end(text: &str, end: usize) -> usize {
    text[..end].trim_end().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    // Plain sentences split at their full stops, question and exclamation marks.
    #[test]
    fn plain_sentences() {
        assert_eq!(
            sentences("Both sides met.  They talked? Yes! Done"),
            vec!["Both sides met.", "They talked?", "Yes!", "Done"]
        );
    }

    // "U.S." and "D.C." inside a sentence do not end it; before a sentence opener they do.
    #[test]
    fn dotted_acronyms() {
        assert_eq!(
            sentences(
                "They met in Washington, D.C. on May 9, 2014. The Office of the U.S. Trade Representative took part."
            ),
            vec![
                "They met in Washington, D.C. on May 9, 2014.",
                "The Office of the U.S. Trade Representative took part."
            ]
        );
        assert_eq!(
            sentences("They met in Washington, D.C. The talks went well."),
            vec!["They met in Washington, D.C.", "The talks went well."]
        );
        assert_eq!(
            sentences("The Second Meeting of the Japan-U.S. Comprehensive Dialogue. Next."),
            vec![
                "The Second Meeting of the Japan-U.S. Comprehensive Dialogue.",
                "Next."
            ]
        );
        assert_eq!(
            sentences("A. B. held talks with the U.S. Both agreed."),
            vec!["A. B. held talks with the U.S.", "Both agreed."]
        );
    }

    // Titles, "No. 3", initials and numbers keep their sentence whole.
    #[test]
    fn titles_numbers_initials() {
        assert_eq!(
            sentences(
                "Dr. Smith and Mr. Jones signed Resolution No. 3 at 3.5 p.m. today. It passed."
            ),
            vec![
                "Dr. Smith and Mr. Jones signed Resolution No. 3 at 3.5 p.m. today.",
                "It passed."
            ]
        );
        assert_eq!(
            sentences("President John F. Kennedy spoke. J. R. R. Tolkien wrote."),
            vec![
                "President John F. Kennedy spoke.",
                "J. R. R. Tolkien wrote."
            ]
        );
        assert_eq!(
            sentences("1. Both sides agreed. 2. They met in 2014. 2015 was next."),
            vec![
                "1. Both sides agreed.",
                "2. They met in 2014.",
                "2015 was next."
            ]
        );
    }

    // Closing quotes and brackets stay with their sentence; a quoted start begins one.
    #[test]
    fn quotes_and_brackets() {
        assert_eq!(
            sentences("They said \"agreed.\" \"Good,\" we replied. (It was.) Next."),
            vec![
                "They said \"agreed.\"",
                "\"Good,\" we replied.",
                "(It was.)",
                "Next."
            ]
        );
    }

    // Lower case after a full stop continues the sentence (e.g., etc. before a clause).
    #[test]
    fn lower_case_continues() {
        assert_eq!(
            sentences("Items, e.g. satellites, etc. are listed. Fine."),
            vec!["Items, e.g. satellites, etc. are listed.", "Fine."]
        );
    }

    // Empty and blank text give no sentences.
    // Japanese sentences end at 。！？ (closing brackets kept), with no space after them.
    #[test]
    fn japanese_full_stops() {
        assert_eq!(
            sentences("双方は確認した。「日米」対話を歓迎した」。本当か？はい"),
            vec![
                "双方は確認した。",
                "「日米」対話を歓迎した」。",
                "本当か？",
                "はい"
            ]
        );
        assert_eq!(sentences("A.B。"), vec!["A.B。"]);
    }

    #[test]
    fn empty() {
        assert!(split("").is_empty());
        assert!(split("  \n ").is_empty());
    }
}
