//! Benchmark of the DOCX renderer alone (no assembly, no files): the 2014 statement, as a
//! draft (header, footer) and as a redline (tracked changes in every paragraph).
//! Run with `cargo bench --bench docx`; `bench/docx.sh` times the whole CLI against pandoc.

use chancery::document::{
    Change, DocStatus, Document, Marks, Meta, Run, SimpleDate, plain::parse_plain_text,
};
use chancery::render::docx::{DocxOptions, render};
use criterion::{Criterion, criterion_group, criterion_main};

fn statement_2014() -> Document {
    Document {
        meta: Meta {
            title: "Joint Statement".to_owned(),
            identifier: "2014-05-09-washington-2nd".to_owned(),
            date: Some(SimpleDate {
                year: 2014,
                month: 5,
                day: 9,
            }),
            status: DocStatus::Draft,
            ..Meta::untitled()
        },
        blocks: parse_plain_text(include_str!(
            "../drafts/2014-05-09-washington-2nd/adopted.txt"
        )),
    }
}

/// Every paragraph gets a deleted and an inserted word at its start.
fn redline() -> Document {
    let mut doc = statement_2014();
    for block in &mut doc.blocks {
        let mark = |change| Marks {
            change: Some(change),
            ..Marks::default()
        };
        block.runs.insert(
            0,
            Run {
                text: "Old ".to_owned(),
                marks: mark(Change::Deleted),
            },
        );
        block.runs.insert(
            1,
            Run {
                text: "New ".to_owned(),
                marks: mark(Change::Inserted),
            },
        );
    }
    doc
}

fn bench(c: &mut Criterion) {
    let opts = DocxOptions::default();
    let doc = statement_2014();
    c.bench_function("docx 2014 statement", |b| b.iter(|| render(&doc, &opts)));
    let red = redline();
    c.bench_function("docx 2014 redline", |b| b.iter(|| render(&red, &opts)));
}

criterion_group!(benches, bench);
criterion_main!(benches);
