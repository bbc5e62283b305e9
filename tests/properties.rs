//! Property tests (proptest) of the invariants chancery promises, on generated documents of
//! a few paragraphs of words, digits and punctuation: diff(a, a) is empty; a DOCX redline
//! accepted gives the new text and rejected gives the old; render → import → render gives the
//! same text for txt, md and docx; two renders give the same bytes in every format.
//!
//! Case counts are kept modest so that CI stays quick: [`CASES`] each, [`PDF_CASES`] for the
//! determinism of PDF (the slowest renderer). A failure prints its minimal input; keep it as a
//! plain regression test.

use chancery::diff::{DiffOptions, Side, diff, view};
use chancery::document::Document;
use chancery::import::{ImportOptions, SourceKind, TrackedChanges, import};
use chancery::render::{Format, RenderOptions, render};
use proptest::prelude::*;

/// Cases of each property in `cargo test`.
const CASES: u32 = 64;
/// Cases of the PDF determinism property.
const PDF_CASES: u32 = 16;

/// A word: letters and digits, sometimes followed by punctuation.
fn word() -> impl Strategy<Value = String> {
    (
        "[A-Za-z][a-z0-9]{0,9}",
        prop::sample::select(vec!["", "", "", ",", ";", "."]),
    )
        .prop_map(|(w, p)| format!("{w}{p}"))
}

/// A paragraph of 1 to 14 words, ending with a full stop.
fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..14).prop_map(|ws| {
        let mut p = ws.join(" ");
        p = p.trim_end_matches([',', ';', '.']).to_owned();
        p.push('.');
        p
    })
}

/// A document of 1 to 6 paragraphs.
fn document() -> impl Strategy<Value = Document> {
    prop::collection::vec(paragraph(), 1..6)
        .prop_map(|ps| Document::from_plain_text(&ps.join("\n\n")))
}

fn bytes_of(doc: &Document, format: Format) -> Vec<u8> {
    render(doc, format, &RenderOptions::default()).expect("a generated document renders")
}

fn read(bytes: &[u8], kind: SourceKind, tracked: TrackedChanges) -> Document {
    let opts = ImportOptions {
        tracked,
        ..ImportOptions::default()
    };
    import(bytes, kind, &opts).expect("chancery's own output imports")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    // A document compared with itself has no edits.
    #[test]
    fn diff_of_a_document_with_itself_is_empty(a in document()) {
        let r = diff(&a, &a, &DiffOptions::default());
        prop_assert_eq!(r.stats.words_inserted, 0);
        prop_assert_eq!(r.stats.words_deleted, 0);
        prop_assert_eq!(r.stats.paragraphs_added + r.stats.paragraphs_removed, 0);
        prop_assert_eq!(r.stats.paragraphs_changed + r.stats.paragraphs_moved, 0);
        prop_assert_eq!(view(&r.doc, Side::New), view(&a, Side::New));
    }

    // The DOCX of a redline, every tracked change accepted, reads as the new document; every
    // change rejected, as the old one.
    #[test]
    fn docx_redline_accepts_to_new_and_rejects_to_old(old in document(), new in document()) {
        let r = diff(&old, &new, &DiffOptions::default());
        let docx = bytes_of(&r.doc, Format::Docx);
        let accepted = read(&docx, SourceKind::Docx, TrackedChanges::Accept);
        let rejected = read(&docx, SourceKind::Docx, TrackedChanges::Reject);
        prop_assert_eq!(view(&accepted, Side::New), view(&new, Side::New));
        prop_assert_eq!(view(&rejected, Side::New), view(&old, Side::New));
    }

    // Rendering, importing what was rendered and rendering again gives the same text, for
    // each format chancery reads back.
    #[test]
    fn render_import_render_keeps_the_text(doc in document()) {
        let text = bytes_of(&doc, Format::Txt);
        for (format, kind) in [
            (Format::Txt, SourceKind::Text),
            (Format::Md, SourceKind::Markdown),
            (Format::Docx, SourceKind::Docx),
        ] {
            let back = read(&bytes_of(&doc, format), kind, TrackedChanges::Accept);
            let again = bytes_of(&back, Format::Txt);
            prop_assert_eq!(
                String::from_utf8_lossy(&again),
                String::from_utf8_lossy(&text),
                "{:?}", format
            );
        }
    }

    // Two renders of one document give the same bytes (txt, md, html, docx).
    #[test]
    fn two_renders_give_the_same_bytes(doc in document()) {
        for format in [Format::Txt, Format::Md, Format::Html, Format::Docx] {
            prop_assert_eq!(bytes_of(&doc, format), bytes_of(&doc, format), "{:?}", format);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(PDF_CASES))]

    // Two PDF renders of one document give the same bytes.
    #[test]
    fn two_pdf_renders_give_the_same_bytes(doc in document()) {
        prop_assert_eq!(bytes_of(&doc, Format::Pdf), bytes_of(&doc, Format::Pdf));
    }
}
