//! The nesting and size budget of a template, checked on its source before handlebars parses
//! it: handlebars' parser, its renderer and [`super::check_template`] all recurse once per
//! nested block, so a clause of thousands of nested `{{#if}}` would overflow the thread's stack
//! (an abort, not an error). One linear pass without recursion finds the first block opened
//! beyond [`MAX_NESTING`], or a source over [`MAX_TEMPLATE_BYTES`], and names its position.
//! It must not parse templates otherwise: what it lets through, handlebars still checks.

/// The deepest nesting of blocks (`{{#if}}`, `{{#each}}`, `{{^x}}` …) a template may have.
/// Real clauses nest three or four deep. Measured with the debug binary before this budget
/// (one clause of n nested `{{#if}}`): 1,000 levels 1.7 s, 2,000 6.0 s, 4,000 27 s (time
/// quadratic in the depth), and 5,000 overflowed the main thread's 8 MiB stack; 64 stays far
/// below both, on any thread.
pub const MAX_NESTING: usize = 64;

/// The largest template source, in bytes (a clause is a paragraph or two; the statement
/// template a page).
pub const MAX_TEMPLATE_BYTES: usize = 1 << 20;

/// Where and why a template is over budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverBudget {
    /// 1-based line and column in the template source.
    pub line: usize,
    pub col: usize,
    /// What was exceeded, with the limit.
    pub message: String,
}

impl OverBudget {
    /// The error for a template that starts at line `first_line` of `file`.
    pub fn diagnostic(
        &self,
        file: &std::path::Path,
        first_line: usize,
    ) -> crate::error::Diagnostic {
        let at = crate::error::Position {
            line: self.line + first_line - 1,
            col: self.col,
        };
        crate::error::Diagnostic::error(
            file,
            Some(at),
            format!("template too large: {}", self.message),
        )
        .hint("split the wording into several clauses, or nest fewer blocks")
    }
}

/// Check `source` against the budget: `Err` names the first block opened too deep, or the size.
pub fn check_budget(source: &str) -> Result<(), OverBudget> {
    let bytes = source.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(found) = find(bytes, i, b"{{") {
        let start = found;
        let mut j = found + 2;
        // `{{{`, `{{{{raw}}}}` and `{{~` all open a tag; skip to what follows.
        while j < bytes.len() && matches!(bytes[j], b'{' | b'~') {
            j += 1;
        }
        let rest = &bytes[j..];
        if rest.starts_with(b"!--") {
            i = find(bytes, j, b"--}}").map_or(bytes.len(), |e| e + 4);
            continue;
        }
        if rest.starts_with(b"!") {
            i = find(bytes, j, b"}}").map_or(bytes.len(), |e| e + 2);
            continue;
        }
        let opens = match rest.first() {
            Some(b'#') => true,
            // `{{^}}` alone is an `else`; `{{^name}}` opens an inverse block.
            Some(b'^') => !matches!(rest.get(1), Some(b'}' | b'~' | b' ') | None),
            _ => false,
        };
        if opens {
            depth += 1;
            if depth > MAX_NESTING {
                let (line, col) = line_col(source, start);
                return Err(OverBudget {
                    line,
                    col,
                    message: format!(
                        "blocks nested more than {MAX_NESTING} deep (the limit of a template)"
                    ),
                });
            }
        } else if rest.first() == Some(&b'/') {
            depth = depth.saturating_sub(1);
        }
        i = j;
    }
    // The size after the nesting, so that a deep template is told about its depth.
    if source.len() > MAX_TEMPLATE_BYTES {
        return Err(OverBudget {
            line: 1,
            col: 1,
            message: format!(
                "the template is {} bytes, over the limit of {MAX_TEMPLATE_BYTES} bytes",
                source.len()
            ),
        });
    }
    Ok(())
}

/// The first `needle` at or after `from`.
fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// 1-based line and column (in characters) of byte `offset`.
fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    // The first block beyond the limit is named by its line and column; closing blocks and
    // comments do not count, so long sequences of shallow blocks pass.
    #[test]
    fn nesting_is_counted_without_recursion() {
        let deep = format!("x\n  {}", "{{#if a}}".repeat(MAX_NESTING + 1));
        let e = check_budget(&deep).unwrap_err();
        assert_eq!((e.line, e.col), (2, 3 + 9 * MAX_NESTING));
        assert!(e.message.contains("64"), "{}", e.message);
        let flat = "{{#if a}}x{{else}}y{{/if}}".repeat(10_000);
        assert_eq!(check_budget(&flat), Ok(()));
        let commented = format!("{{{{!-- {} --}}}}", "{{#if a}}".repeat(100));
        assert_eq!(check_budget(&commented), Ok(()));
        let inverse = "{{^a}}".repeat(MAX_NESTING + 1);
        assert!(check_budget(&inverse).is_err());
        assert!(check_budget(&"{{^}}".repeat(100)).is_ok());
        let huge = "a".repeat(MAX_TEMPLATE_BYTES + 1);
        assert!(check_budget(&huge).unwrap_err().message.contains("bytes"));
    }
}
