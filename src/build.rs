//! The build plan: a loaded draft and the copies × formats asked for -> named outputs (file
//! name and bytes), plus the [`Manifest`] of a final set. What `chancery build` writes, and
//! what a preview would show, without touching a file.
//!
//! Pure: the caller loads the draft ([`LoadedDraft`]), supplies the renderers' resources (fonts)
//! through a hook once the first copy is assembled (the fonts a PDF needs depend on its text),
//! and writes what [`build`] returns. Final-copy policy (no open brackets, placeholders or
//! clauses not agreed) is assembly's, asked for with [`AssembleOptions::final_copy`].

use std::collections::BTreeMap;
use std::path::Path;

use crate::absorb::ExportRecord;
use crate::assemble::{AssembleOptions, Assembled};
use crate::document::parallel::Parallel;
use crate::draft::{BodyContent, Draft};
use crate::error::Error;
use crate::load::{LoadedDraft, relative_path};
use crate::manifest::{self, Manifest, sha256_hex};
use crate::render::docx::ExportMarks;
use crate::render::{Format, RenderOptions, render, render_parallel};

/// Which copies to build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Copies {
    /// One copy, the parties in the inputs' order: `statement.<ext>`.
    AsWritten,
    /// One party's copy (alternat, that party named first): `statement.<party>.<ext>`.
    One(String),
    /// Every party's copy, in the inputs' order: `statement.<party>.<ext>` each.
    Every,
}

/// What to build: copies × formats, final or draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildRequest {
    /// Sorted, without repeats ([`BuildRequest::new`]).
    pub formats: Vec<Format>,
    pub copies: Copies,
    /// Final copies: no DRAFT markings, refused while anything is open, with a manifest.
    pub final_copy: bool,
    /// The languages to build (empty: the draft's own). A language other than the draft's
    /// own is written `statement[.<party>].<lang>.<ext>`.
    pub languages: Vec<String>,
    /// Two languages side by side (the parallel layout), `statement[.<party>].<a>-<b>.<ext>`,
    /// instead of one file per language.
    pub parallel: bool,
}

impl BuildRequest {
    /// The request for `formats` (none: [`Format::ALL`]), `copy` (one party's copy) and
    /// `final_copy` (without `copy`, a final build makes every party's copy).
    pub fn new(formats: &[Format], copy: Option<String>, final_copy: bool) -> BuildRequest {
        let mut formats = if formats.is_empty() {
            Format::ALL.to_vec()
        } else {
            formats.to_vec()
        };
        formats.sort();
        formats.dedup();
        let copies = match (copy, final_copy) {
            (Some(party), _) => Copies::One(party),
            (None, true) => Copies::Every,
            (None, false) => Copies::AsWritten,
        };
        BuildRequest {
            formats,
            copies,
            final_copy,
            languages: Vec::new(),
            parallel: false,
        }
    }

    /// The same request in the parallel layout (two languages side by side).
    pub fn side_by_side(mut self, parallel: bool) -> BuildRequest {
        self.parallel = parallel;
        self
    }

    /// The same request in these languages (`all` stands for every language of the draft).
    pub fn in_languages(mut self, languages: Vec<String>) -> BuildRequest {
        self.languages = languages;
        self
    }

    /// The copies of `draft` this request makes: (the party named first, the file stem).
    pub fn copies_of(&self, draft: &Draft) -> Vec<(Option<String>, String)> {
        let named = |key: &str| (Some(key.to_owned()), format!("statement.{key}"));
        match &self.copies {
            Copies::AsWritten => vec![(None, "statement".to_owned())],
            Copies::One(party) => vec![named(party)],
            Copies::Every => draft.parties.iter().map(|p| named(&p.key)).collect(),
        }
    }
}

/// One output file: its name in the output folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What a build produced.
#[derive(Debug, Clone)]
pub struct Outputs {
    /// The documents, copy by copy, each in the request's formats (sorted).
    pub documents: Vec<Output>,
    /// The manifest of a final set: digests of the documents and of every input.
    pub manifest: Option<Manifest>,
    /// What each draft DOCX was exported from, to keep in the draft's `exports/` folder so a
    /// returned file can be absorbed against it (none for final copies).
    pub exports: Vec<ExportRecord>,
}

impl Outputs {
    /// Every file to write, the manifest (`manifest.json`) last.
    pub fn into_files(self) -> Vec<Output> {
        let mut files = self.documents;
        if let Some(m) = self.manifest {
            files.push(Output {
                name: manifest::FILE_NAME.to_owned(),
                bytes: m.to_json().into_bytes(),
            });
        }
        files
    }
}

/// Assemble and render every copy × format of `request`. `resources` is called once, with
/// the first copy, before anything renders: it reports that copy's warnings if it wishes and
/// returns the renderers' options (the copies hold the same text, so fonts are resolved once).
pub fn build(
    loaded: &LoadedDraft,
    request: &BuildRequest,
    resources: impl FnMut(&Assembled) -> Result<RenderOptions, Error>,
) -> Result<Outputs, Error> {
    let own = loaded
        .draft
        .languages()
        .first()
        .cloned()
        .unwrap_or_default();
    let languages: Vec<String> = match request.languages.as_slice() {
        [] if request.parallel => loaded.draft.languages().to_vec(),
        [] => vec![own.clone()],
        [all] if all == "all" => loaded.draft.languages().to_vec(),
        given => given.to_vec(),
    };
    let mut exports = Vec::new();
    let documents = if request.parallel {
        build_parallel(loaded, request, &languages, resources)?
    } else {
        build_each(loaded, request, &own, &languages, resources, &mut exports)?
    };
    let manifest = request
        .final_copy
        .then(|| final_manifest(loaded, &documents));
    exports.dedup();
    Ok(Outputs {
        documents,
        manifest,
        exports,
    })
}

/// One file per language, copy and format.
fn build_each(
    loaded: &LoadedDraft,
    request: &BuildRequest,
    own: &str,
    languages: &[String],
    mut resources: impl FnMut(&Assembled) -> Result<RenderOptions, Error>,
    exports: &mut Vec<ExportRecord>,
) -> Result<Vec<Output>, Error> {
    let mut documents = Vec::new();
    for lang in languages {
        let localized;
        let (source, suffix) = if *lang == own {
            (loaded, String::new())
        } else {
            localized = loaded.in_language(lang)?;
            (&localized, format!(".{lang}"))
        };
        // The fonts a language needs are found once, from its first copy.
        let mut render_opts = None;
        for (copy, stem) in request.copies_of(&source.draft) {
            let assembled = source.assemble(&AssembleOptions {
                copy,
                final_copy: request.final_copy,
            })?;
            if render_opts.is_none() {
                let mut o = resources(&assembled)?;
                if !request.final_copy {
                    o.html.notes = html_notes(&source.draft);
                }
                render_opts = Some(o);
            }
            let opts = render_opts.as_ref().expect("resolved above");
            for format in &request.formats {
                let bytes = if *format == Format::Docx && !request.final_copy {
                    // A draft sent out: marked, and its record kept, for `absorb`.
                    let record = ExportRecord::of(&assembled.document);
                    let mut marked = opts.clone();
                    marked.docx.export = Some(ExportMarks {
                        draft: record.draft.clone(),
                        digest: record.digest.clone(),
                    });
                    exports.push(record);
                    render(&assembled.document, *format, &marked)?
                } else {
                    render(&assembled.document, *format, opts)?
                };
                documents.push(Output {
                    name: format!("{stem}{suffix}.{}", format.extension()),
                    bytes,
                });
            }
        }
    }
    Ok(documents)
}

/// Two languages side by side: for each copy, both versions assembled and paired
/// ([`Parallel::pair`]), written `statement[.<party>].<a>-<b>.<ext>` in each format that has
/// the layout. The renderers' options are both versions' (fonts for each column's text).
fn build_parallel(
    loaded: &LoadedDraft,
    request: &BuildRequest,
    languages: &[String],
    mut resources: impl FnMut(&Assembled) -> Result<RenderOptions, Error>,
) -> Result<Vec<Output>, Error> {
    let [a, b] = languages else {
        return Err(Error::usage(
            format!(
                "the parallel layout sets two languages side by side, not {} ({})",
                languages.len(),
                languages.join(", ")
            ),
            format!(
                "name two with --lang (the draft's languages are {})",
                loaded.draft.languages().join(", ")
            ),
        ));
    };
    if let Some(f) = request.formats.iter().find(|f| !f.has_parallel_layout()) {
        return Err(Error::usage(
            format!("the parallel layout has no {} form", f.extension()),
            "ask for html, docx or pdf (--format html,docx,pdf)",
        ));
    }
    let sources = [loaded.in_language(a)?, loaded.in_language(b)?];
    let mut opts: Option<RenderOptions> = None;
    let mut documents = Vec::new();
    for (copy, stem) in request.copies_of(&loaded.draft) {
        let mut versions = Vec::with_capacity(2);
        for source in &sources {
            let assembled = source.assemble(&AssembleOptions {
                copy: copy.clone(),
                final_copy: request.final_copy,
            })?;
            if documents.is_empty() {
                let found = resources(&assembled)?;
                opts = Some(match opts.take() {
                    None => found,
                    Some(mut o) => {
                        o.pdf.fonts.extend(found.pdf.fonts);
                        o
                    }
                });
            }
            versions.push(assembled.document);
        }
        let pair = Parallel::pair(&versions[0], &versions[1]);
        let opts = opts.as_ref().expect("resolved with the first copy");
        for format in &request.formats {
            documents.push(Output {
                name: format!("{stem}.{a}-{b}.{}", format.extension()),
                bytes: render_parallel(&pair, *format, opts)?,
            });
        }
    }
    Ok(documents)
}

/// The reviewers' notes of a draft (`[[notes]]`), for its HTML.
fn html_notes(draft: &Draft) -> Vec<crate::render::html::HtmlNote> {
    draft
        .notes
        .iter()
        .map(|n| crate::render::html::HtmlNote {
            item: n.item.clone(),
            author: format!("{} ({})", n.author, n.party.to_uppercase()),
            on: n.on.clone(),
            text: n.text.clone(),
            replies: n
                .replies
                .iter()
                .map(|(a, _, t)| (a.clone(), t.clone()))
                .collect(),
        })
        .collect()
}

/// The manifest of a final build: digests of the outputs and of every input read.
pub fn final_manifest(loaded: &LoadedDraft, outputs: &[Output]) -> Manifest {
    // Keys are paths relative to the draft folder, so the manifest does not depend on where
    // the build was run from; embedded templates keep their `<embedded>/…` names.
    let draft_dir = loaded.dir();
    let key = |p: &Path| -> String {
        if p.starts_with("<embedded>") {
            p.display().to_string()
        } else {
            relative_path(draft_dir, p, &loaded.cwd)
                .display()
                .to_string()
                .replace('\\', "/")
        }
    };
    let mut inputs: BTreeMap<String, String> = loaded
        .inputs
        .iter()
        .map(|(path, text)| (key(path), sha256_hex(text.as_bytes())))
        .collect();
    let templates = &loaded.templates;
    inputs.insert(
        key(&templates.statement_file),
        sha256_hex(templates.statement.as_bytes()),
    );
    for item in &loaded.draft.body {
        for part in &item.parts {
            if let BodyContent::Clause { id, .. } = &part.content
                && let Some(c) = templates.clauses.get(id)
            {
                inputs.insert(key(&c.file), c.sha256.clone());
            }
        }
    }
    Manifest {
        engine: Manifest::engine(),
        draft: loaded.draft.id.clone(),
        date: loaded.draft.dates.as_ref().map(|d| d.first().to_string()),
        inputs,
        outputs: outputs
            .iter()
            .map(|o| (o.name.clone(), sha256_hex(&o.bytes)))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::testing::loaded_2014;

    fn names(outputs: &[Output]) -> Vec<&str> {
        outputs.iter().map(|o| o.name.as_str()).collect()
    }

    // A draft build is one copy, named `statement.<ext>`, formats in their fixed order.
    #[test]
    fn draft_build_names_one_copy_per_format() {
        let request = BuildRequest::new(&[Format::Md, Format::Txt, Format::Md], None, false);
        let out = build(&loaded_2014(), &request, |_| Ok(RenderOptions::default())).unwrap();
        assert_eq!(names(&out.documents), ["statement.txt", "statement.md"]);
        assert!(out.manifest.is_none());
        let text = String::from_utf8(out.documents[0].bytes.clone()).unwrap();
        assert!(text.contains("May 9, 2014"), "{text}");
    }

    // A final build makes both parties' copies, each named after its party, each with that
    // party first, and a manifest of their digests written last.
    #[test]
    fn final_build_names_every_copy_and_the_manifest() {
        let request = BuildRequest::new(&[Format::Txt, Format::Html], None, true);
        let mut calls = 0;
        let out = build(&loaded_2014(), &request, |_| {
            calls += 1;
            Ok(RenderOptions::default())
        })
        .unwrap();
        assert_eq!(calls, 1, "resources are resolved once for both copies");
        let manifest = out.manifest.clone().expect("a final set has a manifest");
        assert_eq!(
            manifest
                .outputs
                .keys()
                .map(String::as_str)
                .collect::<Vec<_>>(),
            [
                "statement.jp.html",
                "statement.jp.txt",
                "statement.us.html",
                "statement.us.txt"
            ]
        );
        assert!(manifest.inputs.contains_key("meeting.toml"), "{manifest:?}");
        let files = out.into_files();
        assert_eq!(
            names(&files),
            [
                "statement.jp.txt",
                "statement.jp.html",
                "statement.us.txt",
                "statement.us.html",
                "manifest.json"
            ]
        );
        let jp = String::from_utf8(files[0].bytes.clone()).unwrap();
        let us = String::from_utf8(files[2].bytes.clone()).unwrap();
        assert_ne!(jp, us, "each copy names its own party first");
    }

    // `--copy` alone makes that party's copy only, still named after it.
    #[test]
    fn one_copy_is_named_after_its_party() {
        let request = BuildRequest::new(&[Format::Txt], Some("us".to_owned()), false);
        let out = build(&loaded_2014(), &request, |_| Ok(RenderOptions::default())).unwrap();
        assert_eq!(names(&out.documents), ["statement.us.txt"]);
    }
}
