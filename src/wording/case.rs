//! Capitalisation as running text wants it: only the first letter of a phrase is raised
//! ("Twenty-first meeting", "The Government of Japan"), never every word.
//!
//! Text here may carry the document model's private-use marks (U+E000..U+E008, which wrap
//! values and wording for the Markdown reader); they are stepped over, never changed. The range
//! is written out rather than imported so that this module stays a leaf.

/// The private-use marks that may open a phrase before its first letter.
const MARKS: std::ops::RangeInclusive<char> = '\u{E000}'..='\u{E008}';

/// Raise the first letter of `text` (after any leading marks), leaving the rest as written.
pub fn capitalize(text: &str) -> String {
    match text.char_indices().find(|(_, c)| !MARKS.contains(c)) {
        Some((i, c)) => {
            let mut out = String::with_capacity(text.len());
            out.push_str(&text[..i]);
            out.extend(c.to_uppercase());
            out.push_str(&text[i + c.len_utf8()..]);
            out
        }
        None => text.to_owned(),
    }
}

/// A change of letter case a template asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LetterCase {
    /// Every letter raised.
    Upper,
    /// Every letter lowered.
    Lower,
    /// The first letter raised ([`capitalize`]).
    Capital,
}

/// `text` in `case`.
pub fn with_case(text: &str, case: LetterCase) -> String {
    match case {
        LetterCase::Upper => text.to_uppercase(),
        LetterCase::Lower => text.to_lowercase(),
        LetterCase::Capital => capitalize(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Only the first letter is raised, after any value marks; other letters keep their case.
    #[test]
    fn capitalize_raises_the_first_letter_only() {
        assert_eq!(
            capitalize("the Government of Japan"),
            "The Government of Japan"
        );
        assert_eq!(capitalize("twenty-first"), "Twenty-first");
        assert_eq!(
            capitalize("\u{E000}\u{E007}the side"),
            "\u{E000}\u{E007}The side"
        );
        assert_eq!(capitalize("\u{E000}"), "\u{E000}");
        assert_eq!(capitalize(""), "");
        assert_eq!(capitalize("état"), "État");
    }

    // The three cases a template can ask for.
    #[test]
    fn cases() {
        assert_eq!(with_case("U.S. side", LetterCase::Lower), "u.s. side");
        assert_eq!(
            with_case("the U.S. side", LetterCase::Upper),
            "THE U.S. SIDE"
        );
        assert_eq!(
            with_case("the U.S. side", LetterCase::Capital),
            "The U.S. side"
        );
    }
}
