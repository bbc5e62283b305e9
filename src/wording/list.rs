//! Joining lists as each side writes them: "A, B and C" (comma), "A, B, and C" (the serial or
//! Oxford comma), "A; B; and C" (semicolons, for items that hold commas themselves).
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
}

impl ListStyle {
    /// Every style, in the order inputs document them.
    pub const ALL: [ListStyle; 3] = [ListStyle::Comma, ListStyle::Oxford, ListStyle::Semicolon];
    /// The names of [`ListStyle::ALL`], as inputs and templates write them.
    pub const NAMES: &'static [&'static str] = &["comma", "oxford", "semicolon"];

    /// Parse the name used in inputs and templates.
    pub fn parse(name: &str) -> Option<Self> {
        ListStyle::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The name used in inputs and templates (`comma`, `oxford`, `semicolon`).
    pub fn name(self) -> &'static str {
        match self {
            ListStyle::Comma => "comma",
            ListStyle::Oxford => "oxford",
            ListStyle::Semicolon => "semicolon",
        }
    }

    /// What stands between items, and what stands before the conjunction of a list of three or
    /// more: `(", ", " ")` for comma, `(", ", ", ")` for oxford, `("; ", "; ")` for semicolon.
    pub fn separators(self) -> (&'static str, &'static str) {
        match self {
            ListStyle::Comma => (", ", " "),
            ListStyle::Oxford => (", ", ", "),
            ListStyle::Semicolon => ("; ", "; "),
        }
    }
}

/// Join list items: comma ("A, B and C"), oxford ("A, B, and C"), semicolon ("A; B; and C").
/// Two items are joined by the conjunction alone in every style ("A and B").
pub fn join_list(items: &[String], style: ListStyle, conjunction: &str) -> String {
    let (sep, before_last) = style.separators();
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} {conjunction} {b}"),
        [init @ .., last] => {
            let head = init.join(sep);
            format!("{head}{before_last}{conjunction} {last}")
        }
    }
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

    // Names read back to their styles; anything else is refused.
    #[test]
    fn style_names_round_trip() {
        for style in ListStyle::ALL {
            assert_eq!(ListStyle::parse(style.name()), Some(style));
        }
        assert_eq!(ListStyle::parse("Oxford"), None);
        assert_eq!(ListStyle::parse(""), None);
    }
}
