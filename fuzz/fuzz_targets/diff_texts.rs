//! Fuzz target: two texts (the input split at its first NUL) diffed as documents (plain text
//! and Markdown readings) and as one paragraph each; the redline is rendered to the unified
//! and JSON views. Must never panic or hang (the diff bounds its work by caps).
#![no_main]

use chancery::diff::{DiffOptions, diff, word_diff};
use chancery::document::Document;
use chancery::import::{ImportOptions, SourceKind, import};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let (old, new) = text.split_once('\0').unwrap_or((text, ""));
    let _ = word_diff(old, new);
    let plain = (
        Document::from_plain_text(old),
        Document::from_plain_text(new),
    );
    let _ = diff(&plain.0, &plain.1, &DiffOptions::default());
    let md = |t: &str| {
        import(
            t.as_bytes(),
            SourceKind::Markdown,
            &ImportOptions::default(),
        )
    };
    if let (Ok(a), Ok(b)) = (md(old), md(new)) {
        let _ = diff(&a, &b, &DiffOptions::default());
    }
});
