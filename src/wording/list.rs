//! Joining lists as each side writes them: "A, B and C" (comma), "A, B, and C" (the serial or
//! Oxford comma), "A; B; and C" (semicolons, for items that hold commas themselves), "A, and B"
//! (a serial comma even with two items), "A; B; C and D" (semicolons, no serial separator).
//!
//! A list style is a structure ([`ListForm`]: separator, separator before the conjunction,
//! whether that applies to two items, conjunction); the named styles ([`ListStyle`]) are presets
//! of it, and a house style may define more.
//!
//! A party's co-chairs and participants are joined in its own style, which is part of the
//! inputs ([`ListStyle`] is the validated form of `list_style = "…"`).

use serde::Serialize;

/// How a party's lists are joined: "A, B and C", "A, B, and C", "A; B; and C".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ListStyle {
    /// Commas, no comma before the conjunction.
    #[default]
    Comma,
    /// Commas, with the serial (Oxford) comma.
    Oxford,
    /// Semicolons (for items that contain commas), with one before the conjunction.
    Semicolon,
    /// Commas with the serial comma, two items included: "A, and B".
    #[serde(rename = "oxford-pair")]
    OxfordPair,
    /// Semicolons, none before the conjunction: "A; B; C and D".
    #[serde(rename = "semicolon-plain")]
    SemicolonPlain,
}

/// A list style as data: what stands between items, what stands before the conjunction, whether
/// that also applies to two items, and the conjunction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListForm {
    /// Between items: `", "`.
    pub separator: String,
    /// Before the conjunction of a list of three or more: `" "` ("A, B and C"), `", "`.
    pub last: String,
    /// Two items take `last` too ("A, and B"), not a plain space ("A and B").
    pub serial_two: bool,
    /// `"and"`, `"or"`.
    pub conjunction: String,
}

impl ListForm {
    /// Join `items` in this form.
    pub fn join(&self, items: &[String]) -> String {
        let conjunction = &self.conjunction;
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [a, b] if self.serial_two => format!("{a}{}{conjunction} {b}", self.last),
            [a, b] => format!("{a} {conjunction} {b}"),
            [init @ .., last] => {
                let head = init.join(&self.separator);
                format!("{head}{}{conjunction} {last}", self.last)
            }
        }
    }
}

impl ListStyle {
    /// Every style, in the order inputs document them.
    pub const ALL: [ListStyle; 3] = [ListStyle::Comma, ListStyle::Oxford, ListStyle::Semicolon];
    /// Every named preset, [`ListStyle::ALL`] first (those `clauses extract` recognises).
    pub const PRESETS: [ListStyle; 5] = [
        ListStyle::Comma,
        ListStyle::Oxford,
        ListStyle::Semicolon,
        ListStyle::OxfordPair,
        ListStyle::SemicolonPlain,
    ];
    /// The names of [`ListStyle::PRESETS`], as inputs and templates write them.
    pub const NAMES: &'static [&'static str] = &[
        "comma",
        "oxford",
        "semicolon",
        "oxford-pair",
        "semicolon-plain",
    ];

    /// Parse the name used in inputs and templates.
    pub fn parse(name: &str) -> Option<Self> {
        ListStyle::PRESETS.into_iter().find(|s| s.name() == name)
    }

    /// This preset as a structure, with `conjunction`.
    pub fn form(self, conjunction: &str) -> ListForm {
        let (separator, last) = self.separators();
        ListForm {
            separator: separator.to_owned(),
            last: last.to_owned(),
            serial_two: self == ListStyle::OxfordPair,
            conjunction: conjunction.to_owned(),
        }
    }

    /// The name used in inputs and templates (`comma`, `oxford`, `semicolon`).
    pub fn name(self) -> &'static str {
        match self {
            ListStyle::Comma => "comma",
            ListStyle::Oxford => "oxford",
            ListStyle::Semicolon => "semicolon",
            ListStyle::OxfordPair => "oxford-pair",
            ListStyle::SemicolonPlain => "semicolon-plain",
        }
    }

    /// What stands between items, and what stands before the conjunction of a list of three or
    /// more: `(", ", " ")` for comma, `(", ", ", ")` for oxford, `("; ", "; ")` for semicolon.
    pub fn separators(self) -> (&'static str, &'static str) {
        match self {
            ListStyle::Comma => (", ", " "),
            ListStyle::Oxford => (", ", ", "),
            ListStyle::Semicolon => ("; ", "; "),
            ListStyle::OxfordPair => (", ", ", "),
            ListStyle::SemicolonPlain => ("; ", " "),
        }
    }
}

/// Join list items: comma ("A, B and C"), oxford ("A, B, and C"), semicolon ("A; B; and C"),
/// oxford-pair ("A, and B"), semicolon-plain ("A; B; C and D"). Two items are joined by the
/// conjunction alone in every style but oxford-pair ("A and B").
pub fn join_list(items: &[String], style: ListStyle, conjunction: &str) -> String {
    style.form(conjunction).join(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(n: usize) -> Vec<String> {
        ["A", "B", "C", "D"][..n]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    // Each style with none, one, two, three and four items, and another conjunction.
    #[test]
    fn every_style_with_one_two_and_three_items() {
        for style in ListStyle::ALL {
            assert_eq!(join_list(&items(0), style, "and"), "");
            assert_eq!(join_list(&items(1), style, "and"), "A");
            assert_eq!(join_list(&items(2), style, "and"), "A and B");
            assert_eq!(join_list(&items(2), style, "or"), "A or B");
        }
        assert_eq!(join_list(&items(3), ListStyle::Comma, "and"), "A, B and C");
        assert_eq!(
            join_list(&items(3), ListStyle::Oxford, "and"),
            "A, B, and C"
        );
        assert_eq!(
            join_list(&items(3), ListStyle::Semicolon, "and"),
            "A; B; and C"
        );
        assert_eq!(join_list(&items(4), ListStyle::Comma, "or"), "A, B, C or D");
        assert_eq!(
            join_list(&items(4), ListStyle::Semicolon, "or"),
            "A; B; C; or D"
        );
    }

    // The two newer presets: a serial comma even with two items; semicolons without one.
    #[test]
    fn serial_pair_and_plain_semicolons() {
        let pair = ListStyle::OxfordPair;
        assert_eq!(join_list(&items(2), pair, "and"), "A, and B");
        assert_eq!(join_list(&items(3), pair, "and"), "A, B, and C");
        let plain = ListStyle::SemicolonPlain;
        assert_eq!(join_list(&items(2), plain, "and"), "A and B");
        assert_eq!(join_list(&items(4), plain, "and"), "A; B; C and D");
    }

    // Names read back to their styles; anything else is refused.
    #[test]
    fn style_names_round_trip() {
        for style in ListStyle::PRESETS {
            assert_eq!(ListStyle::parse(style.name()), Some(style));
        }
        assert_eq!(ListStyle::parse("Oxford"), None);
        assert_eq!(ListStyle::parse(""), None);
    }
}
