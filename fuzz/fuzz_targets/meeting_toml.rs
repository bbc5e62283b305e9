//! Fuzz target: any text as a `meeting.toml`, validated, then (when it validates) assembled
//! with the embedded clause library and statement template. Must never panic or hang; it
//! reads no files (the previous draft, if named, is "not found").
#![no_main]

use std::path::{Path, PathBuf};

use chancery::assemble::{AssembleOptions, TemplateSet};
use chancery::clauses::{ClauseLibrary, embedded_sources, embedded_statement};
use chancery::draft::{Draft, Sources};
use chancery::load::LoadedDraft;
use libfuzzer_sys::fuzz_target;

struct NoFiles;

impl Sources for NoFiles {
    fn read_text(&self, _: &Path) -> std::io::Result<String> {
        Err(std::io::ErrorKind::NotFound.into())
    }
}

fuzz_target!(|text: &str| {
    let file = PathBuf::from("draft/meeting.toml");
    let (draft, diagnostics) = Draft::parse_lenient(&file, text, &NoFiles);
    let Some(draft) = draft else { return };
    let Ok(clauses) = ClauseLibrary::load(&embedded_sources()) else {
        return;
    };
    let loaded = LoadedDraft {
        draft,
        templates: TemplateSet {
            statement_file: PathBuf::from("<embedded>/templates/statement.hbs"),
            statement: embedded_statement().to_owned(),
            clauses,
        },
        diagnostics,
        inputs: vec![(file, text.to_owned())],
        cwd: PathBuf::new(),
    };
    let _ = loaded.assemble(&AssembleOptions::default());
});
