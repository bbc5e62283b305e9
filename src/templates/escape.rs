//! The Markdown value escape: how a data value enters template output.
//!
//! Data is never evaluated as a template: values reach templates only through the context, and
//! every value written by `{{…}}` or a helper goes through [`escape_value`], which escapes it for
//! Markdown and wraps it in the value sentinels of the document model (so diffs can tell values
//! from wording).

use crate::document::{VALUE_END, VALUE_START};

/// Escape a data value for Markdown and mark it as a value. Any escaped ASCII punctuation reads
/// back as itself in CommonMark, so we escape generously: everything that could open syntax
/// inline or at the start of a line. Line breaks become spaces: a value stays inside its paragraph.
pub fn escape_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    out.push(VALUE_START);
    out.push_str(&escape_markdown(value));
    out.push(VALUE_END);
    out
}

/// Backslash-escape Markdown syntax in text that must print as written (see
/// [`crate::document::markdown::escape`], the one implementation).
pub fn escape_markdown(text: &str) -> String {
    crate::document::markdown::escape(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Values are escaped for Markdown and wrapped in sentinels.
    #[test]
    fn values_are_escaped_and_marked() {
        let md = escape_value("*D.C.*");
        assert!(md.starts_with(VALUE_START) && md.ends_with(VALUE_END));
        let blocks = crate::document::markdown::parse_blocks(&md);
        assert_eq!(blocks[0].plain_text(), "*D.C.*");
    }

    // Line-start markers and line breaks in a value cannot make a heading or a list.
    #[test]
    fn values_stay_inside_their_paragraph() {
        let md = format!("Held in {}.", escape_value("# Tokyo\n- Japan"));
        let blocks = crate::document::markdown::parse_blocks(&md);
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].plain_text(), "Held in # Tokyo - Japan.");
    }
}
