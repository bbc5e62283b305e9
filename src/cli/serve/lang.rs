//! The desk's languages: a bilingual draft's page shows its own language, another of its
//! languages (`?lang=ja`), or two side by side (`?lang=en-ja`, the parallel layout of
//! `build --parallel`); the downloads follow. A language the draft does not have is a 400
//! naming the ones it has.

use axum::http::StatusCode;
use axum::response::Response;
use chancery::assemble::{AssembleOptions, Assembled};
use chancery::build::BuildRequest;
use chancery::document::parallel::Parallel;
use chancery::error::Error;
use chancery::load::LoadedDraft;
use chancery::render::{Format, RenderOptions, render, render_parallel};

/// What a page shows of a draft's languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Shown {
    /// The draft's own language (the first of `languages`, or its only one).
    Own,
    /// Another of the draft's languages.
    One(String),
    /// Two of them side by side, left then right.
    Pair(String, String),
}

/// The languages `lang=` asks for, among the draft's.
pub(crate) fn shown(loaded: &LoadedDraft, lang: Option<&str>) -> Result<Shown, Response> {
    let langs = loaded.draft.languages();
    let own = langs.first().map(String::as_str);
    let has = |l: &str| langs.iter().any(|x| x == l);
    match lang.filter(|l| !l.is_empty()) {
        None => Ok(Shown::Own),
        Some(l) if Some(l) == own => Ok(Shown::Own),
        Some(l) if has(l) => Ok(Shown::One(l.to_owned())),
        // Two tags joined with `-`, where a tag may hold `-` itself (`en-US-ja`).
        Some(l) => match l
            .match_indices('-')
            .map(|(i, _)| (&l[..i], &l[i + 1..]))
            .find(|(a, b)| a != b && has(a) && has(b))
        {
            Some((a, b)) => Ok(Shown::Pair(a.to_owned(), b.to_owned())),
            None => Err(super::pages::status(
                StatusCode::BAD_REQUEST,
                &if langs.len() < 2 {
                    "this draft is in one language: `lang` names none of another".to_owned()
                } else {
                    format!(
                        "`lang` is one of the draft's languages ({}) or two of them joined \
                         with `-` ({}-{})",
                        langs.join(", "),
                        langs[0],
                        langs[1]
                    )
                },
            )),
        },
    }
}

impl Shown {
    /// The `lang=` value (empty for the draft's own).
    pub(crate) fn query_value(&self) -> String {
        match self {
            Shown::Own => String::new(),
            Shown::One(l) => l.clone(),
            Shown::Pair(a, b) => format!("{a}-{b}"),
        }
    }

    /// The draft in the one language shown (the draft itself for its own; the left version
    /// of a pair).
    pub(crate) fn source(&self, loaded: &LoadedDraft) -> Result<Option<LoadedDraft>, Error> {
        match self {
            Shown::Own => Ok(None),
            Shown::One(l) | Shown::Pair(l, _) => loaded.in_language(l).map(Some),
        }
    }

    /// The one language's code, for a redline's base in the same language.
    pub(crate) fn language(&self) -> Option<&str> {
        match self {
            Shown::Own => None,
            Shown::One(l) | Shown::Pair(l, _) => Some(l),
        }
    }

    /// The build request of a download of `format` for `copy` in these languages.
    pub(crate) fn request(&self, format: Format, copy: Option<String>) -> BuildRequest {
        let request = BuildRequest::new(&[format], copy, false);
        match self {
            Shown::Own => request,
            Shown::One(l) => request.in_languages(vec![l.clone()]),
            Shown::Pair(a, b) => request
                .in_languages(vec![a.clone(), b.clone()])
                .side_by_side(true),
        }
    }
}

impl Shown {
    /// The statement page of `assembled` (the one language shown; for a pair, its left
    /// version, set beside the right one assembled from `loaded` with the same `opts`).
    pub(crate) fn statement_html(
        &self,
        loaded: &LoadedDraft,
        assembled: &Assembled,
        opts: &AssembleOptions,
    ) -> Result<String, Error> {
        let bytes = match self {
            Shown::Pair(_, right) => {
                let right = loaded.in_language(right)?.assemble(opts)?;
                let pair = Parallel::pair(&assembled.document, &right.document);
                render_parallel(&pair, Format::Html, &RenderOptions::default())?
            }
            Shown::Own | Shown::One(_) => {
                render(&assembled.document, Format::Html, &RenderOptions::default())?
            }
        };
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// The panel's language choices of a draft in two or more languages: each language, then the
/// own language side by side with each other one ((`lang=` value, label)); none for a draft in
/// one language.
pub(crate) fn choices(loaded: &LoadedDraft) -> Vec<(String, String)> {
    let langs = loaded.draft.languages();
    if langs.len() < 2 {
        return Vec::new();
    }
    let mut out: Vec<(String, String)> = langs
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let value = if i == 0 { String::new() } else { l.clone() };
            (value, name(l))
        })
        .collect();
    for other in &langs[1..] {
        out.push((
            format!("{}-{other}", langs[0]),
            format!("{} | {} side by side", name(&langs[0]), name(other)),
        ));
    }
    out
}

/// A language's name in itself, for the panel (the code for one chancery has no name for).
fn name(code: &str) -> String {
    match code {
        "en" => "English",
        "ja" => "日本語",
        "fr" => "Français",
        "de" => "Deutsch",
        "es" => "Español",
        "zh" => "中文",
        "ko" => "한국어",
        other => other,
    }
    .to_owned()
}
