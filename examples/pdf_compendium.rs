//! A large PDF for timing and memory measurements (`bench/pdf.sh`): N copies of the adopted 2014
//! statement (200 by default, about 1 MB of text) as one document, each copy on a new page,
//! rendered with the default PDF options.
//!
//! Usage: `cargo run --release --example pdf_compendium -- OUT.pdf [COPIES]`. It writes only
//! the file it is given; the text comes from the repository, built in.

use std::process::ExitCode;

use chancery::document::{DocStatus, Document, Meta};
use chancery::render::pdf::{self, PdfOptions};

const ADOPTED_2014: &str = include_str!("../drafts/2014-05-09-washington-2nd/adopted.txt");

/// The compendium of `copies` statements (the same document `benches/pdf.rs` times in-process).
fn compendium(copies: usize) -> Document {
    let one = Document::from_plain_text(ADOPTED_2014);
    let mut meta = Meta::untitled();
    meta.title = "Joint Statement".to_owned();
    meta.status = DocStatus::Draft;
    Document::compendium(meta, &vec![one; copies])
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(out), copies) = (args.next(), args.next()) else {
        eprintln!("usage: pdf_compendium OUT.pdf [COPIES]");
        return ExitCode::from(2);
    };
    let copies = match copies.as_deref().map(str::parse::<usize>) {
        None => 200,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            eprintln!("pdf_compendium: COPIES must be a whole number above 0");
            return ExitCode::from(2);
        }
    };
    let bytes = match pdf::render(&compendium(copies), &PdfOptions::default()) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("pdf_compendium: {e}");
            return ExitCode::from(5);
        }
    };
    if let Err(e) = std::fs::write(&out, &bytes) {
        eprintln!("pdf_compendium: cannot write `{out}`: {e}");
        return ExitCode::from(4);
    }
    ExitCode::SUCCESS
}
