//! Fuzz target: any text as a workspace clause file (front matter and handlebars body), loaded
//! into the library beside the embedded clauses, then rendered by assembling a fixed valid
//! draft that uses it as its opening clause. Must never panic, hang or overflow the stack.
#![no_main]

use std::path::{Path, PathBuf};

use chancery::assemble::{AssembleOptions, TemplateSet};
use chancery::clauses::{
    ClauseLibrary, ClauseOrigin, ClauseSource, embedded_sources, embedded_statement,
};
use chancery::draft::{Draft, Sources};
use chancery::load::LoadedDraft;
use libfuzzer_sys::fuzz_target;

struct NoFiles;

impl Sources for NoFiles {
    fn read_text(&self, _: &Path) -> std::io::Result<String> {
        Err(std::io::ErrorKind::NotFound.into())
    }
}

const DRAFT: &str = include_str!("../../tests/fixtures/negotiation/agreed/meeting.toml");

fuzz_target!(|text: &str| {
    let mut sources = embedded_sources();
    sources.retain(|s| !s.file.ends_with("opening.md"));
    sources.push(ClauseSource {
        file: PathBuf::from("templates/clauses/opening.md"),
        text: text.to_owned(),
        origin: ClauseOrigin::Workspace,
    });
    let Ok(clauses) = ClauseLibrary::load(&sources) else {
        return;
    };
    let file = PathBuf::from("draft/meeting.toml");
    let (draft, diagnostics) = Draft::parse_lenient(&file, DRAFT, &NoFiles);
    let Some(draft) = draft else { return };
    let loaded = LoadedDraft {
        draft,
        templates: TemplateSet {
            statement_file: PathBuf::from("<embedded>/templates/statement.hbs"),
            statement: embedded_statement().to_owned(),
            clauses,
        },
        diagnostics,
        inputs: Vec::new(),
        cwd: PathBuf::new(),
    };
    let _ = loaded.assemble(&AssembleOptions::default());
});
