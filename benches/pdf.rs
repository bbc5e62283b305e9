//! PDF renderer benchmarks: the 2014 statement, and a compendium of 200 statements (about 1 MB
//! of text) built in code. Run with `cargo bench --bench pdf`.

use chancery::document::{DocStatus, Document, Meta};
use chancery::render::pdf::{self, PdfOptions};
use criterion::{Criterion, criterion_group, criterion_main};

const ADOPTED_2014: &str = include_str!("../drafts/2014-05-09-washington-2nd/adopted.txt");

fn statements(copies: usize) -> Document {
    let one = Document::from_plain_text(ADOPTED_2014);
    let mut meta = Meta::untitled();
    meta.title = "Joint Statement".to_owned();
    meta.status = DocStatus::Draft;
    Document::compendium(meta, &vec![one; copies])
}

fn bench(c: &mut Criterion) {
    let opts = PdfOptions::default();
    let one = statements(1);
    c.bench_function("pdf 2014 statement", |b| {
        b.iter(|| pdf::render(&one, &opts).expect("render"))
    });
    let big = statements(200);
    let mut group = c.benchmark_group("pdf compendium");
    group.sample_size(10);
    group.bench_function("200 statements (1 MB of text)", |b| {
        b.iter(|| pdf::render(&big, &opts).expect("render"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
