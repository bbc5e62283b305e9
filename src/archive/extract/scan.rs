//! Reading the variable parts of a statement's wording: ordinals, dates, places, party lists.
//!
//! Small pure scanners over one paragraph's text, each returning byte ranges, so that the
//! extractor can turn exactly those bytes into template expressions. They read the genre's
//! usual phrasing ("in Tokyo, Japan", "May 9, 2014", "A, B and C"); anything they do not
//! recognise simply stays wording.

use std::ops::Range;

pub(crate) use crate::wording::OrdinalForm;
use crate::wording::{self, ListStyle, MONTHS, SimpleDate, join_list};

/// Whether `i` starts a word in `text` (no letter or digit just before).
pub(crate) fn starts_word(text: &str, i: usize) -> bool {
    text[..i]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

/// Whether `j` ends a word in `text` (no letter or digit just after).
pub(crate) fn ends_word(text: &str, j: usize) -> bool {
    text[j..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric())
}

/// Every whole-word occurrence of `needle` in `text`, as byte ranges.
pub(crate) fn find_words(text: &str, needle: &str) -> Vec<Range<usize>> {
    if needle.is_empty() {
        return Vec::new();
    }
    text.match_indices(needle)
        .map(|(i, m)| i..i + m.len())
        .filter(|r| starts_word(text, r.start) && ends_word(text, r.end))
        .collect()
}

/// The number an ordinal word stands for ("Second" -> 2, "twenty-first" -> 21, "3rd" -> 3),
/// and how it is written: [`wording::parse_ordinal`], the inverse of the ordinal helpers.
pub(crate) fn ordinal_number(word: &str) -> Option<(u32, OrdinalForm)> {
    wording::parse_ordinal(word)
}

/// Ordinals of `text` followed by one of `heads` ("Second Meeting", "third meeting", "First
/// Comprehensive Dialogue"): range, number and form.
pub(crate) fn meeting_ordinals(
    text: &str,
    heads: &[&str],
) -> Vec<(Range<usize>, u32, OrdinalForm)> {
    let mut out = Vec::new();
    for (start, word) in word_spans(text) {
        let Some((n, form)) = ordinal_number(word) else {
            continue;
        };
        let after = text[start + word.len()..].trim_start_matches(' ');
        if heads
            .iter()
            .any(|h| !h.is_empty() && after.starts_with(h) && ends_word(after, h.len()))
        {
            out.push((start..start + word.len(), n, form));
        }
    }
    out
}

/// Words (letters, digits and inner hyphens) with their byte offsets.
fn word_spans(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start: Option<usize> = None;
    let mut spans = Vec::new();
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let inside = c.is_alphanumeric() || c == '-';
        match (start, inside) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                spans.push((s, &text[s..i]));
                start = None;
            }
            (None, false) | (Some(_), true) => {}
        }
    }
    spans.into_iter()
}

/// How a date is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DateText {
    /// One day or consecutive days: "May 9, 2014", "August 26 and 27, 2024", "9 May 2014".
    Days { days: Vec<SimpleDate>, dmy: bool },
    /// "May 2013".
    MonthYear,
}

/// The dates written in `text`, in order, as ranges.
pub(crate) fn dates(text: &str) -> Vec<(Range<usize>, DateText)> {
    let mut out: Vec<(Range<usize>, DateText)> = Vec::new();
    for (m, name) in MONTHS.iter().enumerate() {
        let month = u8::try_from(m + 1).unwrap_or(1);
        for r in find_words(text, name) {
            if let Some(found) = date_at(text, r, month) {
                out.push(found);
            }
        }
    }
    out.sort_by_key(|(r, _)| r.start);
    out
}

/// A date around the month name at `month_at`.
fn date_at(text: &str, month_at: Range<usize>, month: u8) -> Option<(Range<usize>, DateText)> {
    let after = &text[month_at.end..];
    // "9 May 2014": a day just before the month.
    let before = &text[..month_at.start];
    if let Some(b) = before.strip_suffix(' ') {
        let day_len = b.len() - b.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        if (1..=2).contains(&day_len) && starts_word(b, b.len() - day_len) {
            let day: u8 = b[b.len() - day_len..].parse().ok()?;
            if let Some((year, len)) = year_at(after.strip_prefix(' ')?) {
                let start = month_at.start - 1 - day_len;
                let end = month_at.end + 1 + len;
                let d = valid(year, month, day)?;
                return Some((
                    start..end,
                    DateText::Days {
                        days: vec![d],
                        dmy: true,
                    },
                ));
            }
        }
    }
    let rest = after.strip_prefix(' ')?;
    // "May 2013".
    if let Some((_, len)) = year_at(rest) {
        return Some((month_at.start..month_at.end + 1 + len, DateText::MonthYear));
    }
    // "May 9, 2014", "August 26 and 27, 2024", "August 26–28, 2024".
    let (first, n1) = day_at(rest)?;
    let mut tail = &rest[n1..];
    let mut last = first;
    let mut two = false;
    if let Some(t) = tail.strip_prefix(" and ") {
        let (d, n) = day_at(t)?;
        last = d;
        two = true;
        tail = &t[n..];
    } else if let Some(t) = tail.strip_prefix('\u{2013}') {
        let (d, n) = day_at(t)?;
        last = d;
        tail = &t[n..];
    }
    let (year, ylen) = year_at(tail.strip_prefix(", ")?)?;
    let end = text.len() - tail.len() + 2 + ylen;
    if last < first || (two && last != first + 1) {
        return None;
    }
    let days = (first..=last)
        .map(|d| valid(year, month, d))
        .collect::<Option<Vec<_>>>()?;
    Some((month_at.start..end, DateText::Days { days, dmy: false }))
}

fn day_at(text: &str) -> Option<(u8, usize)> {
    let len = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if !(1..=2).contains(&len) || !ends_word(text, len) {
        return None;
    }
    Some((text[..len].parse().ok()?, len))
}

fn year_at(text: &str) -> Option<(i32, usize)> {
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits != 4 || !ends_word(text, 4) {
        return None;
    }
    Some((text[..4].parse().ok()?, 4))
}

fn valid(year: i32, month: u8, day: u8) -> Option<SimpleDate> {
    SimpleDate::new(year, month, day)
}

/// A place name starting at `at` ("Tokyo", "Washington, D.C.", "Tokyo, Japan", "New York"):
/// capitalised words, joined by spaces or ", ". A final full stop is left out unless it closes
/// an abbreviation ("D.C.").
pub(crate) fn place_at(text: &str, at: usize) -> Option<Range<usize>> {
    let mut end = at;
    let mut i = at;
    loop {
        let rest = &text[i..];
        let len = rest
            .find(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | ')' | '('))
            .unwrap_or(rest.len());
        let token = &rest[..len];
        if !token.chars().next().is_some_and(char::is_uppercase) {
            break;
        }
        end = i + len;
        let rest = &text[end..];
        match rest
            .strip_prefix(", ")
            .or_else(|| rest.strip_prefix(' '))
            .filter(|r| r.chars().next().is_some_and(char::is_uppercase))
        {
            Some(r) => i = text.len() - r.len(),
            None => break,
        }
    }
    if end == at {
        return None;
    }
    let last = text[at..end].rsplit(' ').next().unwrap_or("");
    if last.ends_with('.') && !is_abbreviation(last) {
        end -= 1;
    }
    Some(at..end)
}

/// "D.C.", "U.S.": letters each followed by a full stop.
pub(crate) fn is_abbreviation(word: &str) -> bool {
    let Some(body) = word.strip_suffix('.') else {
        return false;
    };
    body.split('.')
        .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
}

/// The items of a written list and its style, such that joining them again in that style
/// gives `text` back exactly; `None` when no split does (the list is then one item).
pub(crate) fn split_list(text: &str) -> (Vec<String>, ListStyle) {
    let attempt = |style: ListStyle| -> Option<Vec<String>> {
        let (sep, before_last) = style.separators();
        let last_sep = &format!("{before_last}and ");
        let cut = text.rfind(last_sep)?;
        let (head, last) = (&text[..cut], &text[cut + last_sep.len()..]);
        let mut items: Vec<String> = head.split(sep).map(str::to_owned).collect();
        if style != ListStyle::Semicolon {
            items = merge_fragments(items);
        }
        items.push(last.to_owned());
        (items.len() > 2 && items.iter().all(|i| !i.trim().is_empty())).then_some(items)
    };
    for style in [ListStyle::Semicolon, ListStyle::Oxford, ListStyle::Comma] {
        if let Some(items) = attempt(style)
            && join_list(&items, style, "and") == text
        {
            return (items, style);
        }
    }
    // Two items read the same in every style: cut at the " and " after which a body is
    // named ("… Council and Office of Science and Technology Policy"), else at the last one.
    let cuts: Vec<usize> = text.match_indices(" and ").map(|(i, _)| i).collect();
    let names_body = |rest: &str| {
        rest.starts_with("the ")
            || rest
                .split_whitespace()
                .next()
                .is_some_and(|w| BODIES.contains(&w))
    };
    let cut = cuts
        .iter()
        .copied()
        .find(|&i| names_body(&text[i + 5..]))
        .or(cuts.last().copied());
    if let Some(i) = cut {
        let (a, b) = (&text[..i], &text[i + 5..]);
        // A comma before the cut must be inside the first item ("Bureau, Ministry of …").
        let one = merge_fragments(a.split(", ").map(str::to_owned).collect()).len() == 1;
        if one && !a.contains("; ") && !b.is_empty() && !a.is_empty() {
            return (vec![a.to_owned(), b.to_owned()], ListStyle::Comma);
        }
    }
    (vec![text.to_owned()], ListStyle::Comma)
}

/// Words that name an office or body: a fragment holding one starts a new list item.
const BODIES: &[&str] = &[
    "Ministry",
    "Ministries",
    "Department",
    "Departments",
    "Office",
    "Agency",
    "Secretariat",
    "Bureau",
    "Council",
    "Administration",
    "Command",
    "Survey",
    "Service",
    "Commission",
    "Institute",
    "Cabinet",
    "Centre",
    "Center",
    "Force",
    "Forces",
    "Representative",
    "Intelligence",
    "Authority",
    "Organization",
    "Organisation",
    "Headquarters",
    "Board",
    "Committee",
    "Corporation",
    "Laboratory",
    "Foundation",
    "University",
    "Embassy",
    "Mission",
    "Staff",
    "Secretary",
    "President",
    "Government",
];

/// Put back together the items a naive split at ", " broke apart: "Ministry of Education",
/// "Culture", "Sports" are one ministry; so are "Departments of State", "Defense", "and
/// Transportation". A fragment joins the item before it when it starts in lower case, or when
/// that item is a "Ministry of …" or "Department(s) of …" and the fragment names no body.
fn merge_fragments(parts: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(parts.len());
    for part in parts {
        let joins = match out.last() {
            None => false,
            Some(prev) => {
                let lower = part.chars().next().is_some_and(char::is_lowercase);
                let of_list = [
                    "Ministry of ",
                    "Ministries of ",
                    "Department of ",
                    "Departments of ",
                ]
                .iter()
                .any(|p| prev.trim_start_matches("the ").starts_with(p));
                let names_body = part.split_whitespace().any(|w| BODIES.contains(&w));
                // "the Foreign Policy Bureau, Ministry of Foreign Affairs": a unit, then the
                // ministry it belongs to.
                let parent = ["Bureau", "Division", "Section", "Directorate"]
                    .iter()
                    .any(|u| prev.ends_with(u))
                    && ["Ministry of ", "Department of "]
                        .iter()
                        .any(|m| part.starts_with(m));
                lower || parent || (of_list && !names_body)
            }
        };
        match out.last_mut() {
            Some(prev) if joins => {
                prev.push_str(", ");
                prev.push_str(&part);
            }
            Some(_) | None => out.push(part),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // Lists split into the items a drafter would write, in the style that rejoins them exactly.
    #[test]
    fn lists() {
        let (items, style) = split_list(
            "National Security Secretariat, Ministry of Education, Culture, Sports, Science and Technology, Ministry of Defense and Japan Aerospace Exploration Agency (JAXA)",
        );
        assert_eq!(style, ListStyle::Comma);
        assert_eq!(
            items,
            vec![
                "National Security Secretariat",
                "Ministry of Education, Culture, Sports, Science and Technology",
                "Ministry of Defense",
                "Japan Aerospace Exploration Agency (JAXA)"
            ]
        );
        let (items, style) = split_list(
            "Executive Office of the President, Departments of State, Defense, Commerce, and Transportation, Office of the U.S. Trade Representative, and the United States Geological Survey",
        );
        assert_eq!(style, ListStyle::Oxford);
        assert_eq!(
            items[1],
            "Departments of State, Defense, Commerce, and Transportation"
        );
        assert_eq!(items.len(), 4);
        let (items, style) = split_list("A, B; C; and D");
        assert_eq!((items.len(), style), (3, ListStyle::Semicolon));
        assert_eq!(split_list("A and B").0, vec!["A", "B"]);
        assert_eq!(
            split_list("the Foreign Policy Bureau, Ministry of Foreign Affairs and the Office of National Space Policy - Cabinet Office").0,
            vec!["the Foreign Policy Bureau, Ministry of Foreign Affairs", "the Office of National Space Policy - Cabinet Office"]
        );
        assert_eq!(
            split_list("the Executive Office of the President's National Security Council and Office of Science and Technology Policy").0,
            vec!["the Executive Office of the President's National Security Council", "Office of Science and Technology Policy"]
        );
        assert_eq!(split_list("just one").0, vec!["just one"]);
    }

    // Dates in the genre's forms, with their ranges.
    #[test]
    fn finds_dates() {
        let text = "on May 9, 2014 and 26 August 2024, in May 2013, on August 26 and 27, 2024.";
        let found: Vec<&str> = dates(text).iter().map(|(r, _)| &text[r.clone()]).collect();
        assert_eq!(
            found,
            vec![
                "May 9, 2014",
                "26 August 2024",
                "May 2013",
                "August 26 and 27, 2024"
            ]
        );
    }

    // Places run over capitalised words and keep an abbreviation's full stop.
    #[test]
    fn places() {
        let text = "in Washington, D.C. on May 9. in Tokyo, Japan. in New York in June";
        let at = |s: &str| {
            let i = text.find(s).unwrap();
            place_at(text, i).map(|r| &text[r])
        };
        assert_eq!(at("Washington"), Some("Washington, D.C."));
        assert_eq!(at("Tokyo"), Some("Tokyo, Japan"));
        assert_eq!(at("New York"), Some("New York"));
    }

    // Ordinals count only before a meeting word.
    #[test]
    fn ordinals() {
        let text = "held their Second Meeting; the first table-top exercise; the third meeting";
        let found: Vec<(u32, OrdinalForm)> = meeting_ordinals(text, &["Meeting", "meeting"])
            .into_iter()
            .map(|(_, n, f)| (n, f))
            .collect();
        assert_eq!(
            found,
            vec![(2, OrdinalForm::Capital), (3, OrdinalForm::Lower)]
        );
    }
}
