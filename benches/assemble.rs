//! Benchmark: assembling the 2014 statement (inputs parsed and validated, clauses loaded,
//! templates checked and rendered, Markdown parsed to the IR) and rendering it as text.
//! Then the scale group: inputs to txt for drafts of 300 / 600 / 1,200 / 2,400 body paragraphs
//! (the draft `bench/gen_draft.sh` writes), reported per paragraph, which stays flat when
//! assembly is linear. Run: `cargo bench --bench assemble`.

use std::hint::black_box;
use std::path::Path;

use chancery::assemble::{AssembleOptions, TemplateSet, assemble};
use chancery::clauses::{ClauseLibrary, embedded_sources, embedded_statement};
use chancery::draft::{Draft, Sources};
use chancery::render::{Format, RenderOptions, render};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

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

/// The 2014 draft's header and `n` body paragraphs, alternately a library clause (with its own
/// id) and an inline paragraph, as `bench/gen_draft.sh` writes them.
fn long_draft(n: usize) -> String {
    const CLAUSES: [&str; 7] = [
        "new-era",
        "ssa-information-sharing",
        "strategic-importance",
        "remote-sensing",
        "pnt-earth-observation",
        "iss-exploration",
        "tcbms",
    ];
    let head = MEETING.split("[[body]]").next().expect("a header");
    let mut s =
        format!("{head}[[body]]\nclause = \"opening\"\n\n[[body]]\nclause = \"co-chairs\"\n\n");
    for i in 1..=n.saturating_sub(2) {
        if i % 2 == 1 {
            let clause = CLAUSES[i % 7];
            s += &format!("[[body]]\nid = \"p-{i}\"\nclause = \"{clause}\"\n\n");
        } else {
            s += &format!(
                "[[body]]\nid = \"p-{i}\"\ntext = \"Paragraph {i}: both sides discussed the \
                 cooperation on item {i} of the work plan, and confirmed their intention to \
                 continue the exchange of information on policies, programs and activities \
                 between the relevant agencies of the two governments.\"\n\n"
            );
        }
    }
    s
}

fn scale(c: &mut Criterion) {
    let file = Path::new("drafts/long/meeting.toml");
    let mut group = c.benchmark_group("inputs to txt per paragraph");
    group.sample_size(10);
    for n in [300, 600, 1200, 2400] {
        let source = long_draft(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &source, |b, source| {
            b.iter(|| {
                let d = Draft::parse(file, black_box(source), &NoFiles).expect("valid");
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
    group.finish();
}

criterion_group!(benches, bench, scale);
criterion_main!(benches);
