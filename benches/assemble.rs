//! Benchmark: assembling the 2014 statement (inputs parsed and validated, clauses loaded,
//! templates checked and rendered, Markdown parsed to the IR) and rendering it as text.
//! Run: `cargo bench --bench assemble`.

use std::hint::black_box;
use std::path::Path;

use chancery::assemble::{AssembleOptions, TemplateSet, assemble};
use chancery::clauses::{ClauseLibrary, embedded_sources, embedded_statement};
use chancery::draft::{Draft, Sources};
use chancery::render::{Format, RenderOptions, render};
use criterion::{Criterion, criterion_group, criterion_main};

struct NoFiles;
impl Sources for NoFiles {
    fn read_text(&self, path: &Path) -> std::io::Result<String> {
        Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            path.display().to_string(),
        ))
    }
}

const MEETING: &str = include_str!("../drafts/2014-05-09-washington-2nd/meeting.toml");

fn bench(c: &mut Criterion) {
    let file = Path::new("drafts/2014-05-09-washington-2nd/meeting.toml");
    c.bench_function("parse+validate meeting.toml", |b| {
        b.iter(|| Draft::parse(file, black_box(MEETING), &NoFiles).expect("valid"))
    });
    c.bench_function("load clause library", |b| {
        b.iter(|| ClauseLibrary::load(black_box(&embedded_sources())).expect("valid"))
    });
    let draft = Draft::parse(file, MEETING, &NoFiles).expect("valid");
    let set = TemplateSet {
        statement_file: "statement.hbs".into(),
        statement: embedded_statement().to_owned(),
        clauses: ClauseLibrary::load(&embedded_sources()).expect("valid"),
    };
    c.bench_function("assemble 2014 statement", |b| {
        b.iter(|| {
            assemble(black_box(&draft), &set, &AssembleOptions::default()).expect("assembles")
        })
    });
    c.bench_function("inputs to txt (whole pipeline, in process)", |b| {
        b.iter(|| {
            let d = Draft::parse(file, MEETING, &NoFiles).expect("valid");
            let set = TemplateSet {
                statement_file: "statement.hbs".into(),
                statement: embedded_statement().to_owned(),
                clauses: ClauseLibrary::load(&embedded_sources()).expect("valid"),
            };
            let doc = assemble(&d, &set, &AssembleOptions::default())
                .expect("assembles")
                .document;
            render(&doc, Format::Txt, &RenderOptions::default()).expect("renders")
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
