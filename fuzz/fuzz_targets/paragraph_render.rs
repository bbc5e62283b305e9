//! Fuzz target: any Unicode text as one paragraph (and as a document read from plain text),
//! rendered to PDF and DOCX with the embedded fonts. A missing glyph or a limit is an error,
//! never a panic, a hang or unbounded memory.
#![no_main]

use chancery::document::{Block, BlockKind, Document, Meta};
use chancery::render::{Format, RenderOptions, render};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let one = Document {
        meta: Meta::untitled(),
        blocks: vec![Block::text(BlockKind::Paragraph, text)],
    };
    let read = Document::from_plain_text(text);
    for doc in [&one, &read] {
        for format in [Format::Pdf, Format::Docx] {
            let _ = render(doc, format, &RenderOptions::default());
        }
    }
});
