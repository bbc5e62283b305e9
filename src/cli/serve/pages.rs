//! The desk's routes: the index, a draft's page (statement, redline, provenance; a party's
//! copy), a DOCX uploaded to compare with, downloads, and the reload events. Each resolves the
//! request into a known draft (by name, among those the workspace has) and known values, or
//! answers 4xx; the work is the library's, through the same loaders as the commands.

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chancery::assemble::AssembleOptions;
use chancery::build::build;
use chancery::desk::{self, DraftSummary, Panel, PlacedItem, View};
use chancery::document::Document;
use chancery::error::{Diagnostic, Error};
use chancery::import::{ImportOptions, SourceKind};
use chancery::load::LoadedDraft;
use chancery::render::{Format, RenderOptions, render};
use serde::Deserialize;

use super::{Desk, DraftRef, UPLOAD_LIMIT, lang};
use crate::cli::workspace::load_draft;

/// A plain error page.
pub(super) fn status(code: StatusCode, message: &str) -> Response {
    let body = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{code}</title></head>\
<body><h1>{code}</h1><p>{}</p><p><a href=\"/\">All drafts</a></p></body></html>\n",
        chancery::render::html::escape(message)
    );
    (code, Html(body)).into_response()
}

pub(crate) async fn not_found() -> Response {
    status(StatusCode::NOT_FOUND, "There is no such page on this desk.")
}

/// `/d/{name}` → `/d/{name}/`, for a draft that exists.
pub(crate) async fn to_slash(State(desk): State<Arc<Desk>>, Path(name): Path<String>) -> Response {
    match desk.draft(&name) {
        Some(d) => {
            Redirect::permanent(&format!("/d/{}/", desk::url_escape(&d.name))).into_response()
        }
        None => not_found().await,
    }
}

/// `GET /`: every draft with its status.
pub(crate) async fn index(State(desk): State<Arc<Desk>>) -> Response {
    let rows: Vec<DraftSummary> = desk.drafts().iter().map(summary).collect();
    let name = desk.real_root.file_name().map_or_else(
        || desk.root.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Html(desk::index_page(&name, &rows)).into_response()
}

fn summary(d: &DraftRef) -> DraftSummary {
    let mut row = DraftSummary {
        name: d.name.clone(),
        heading: String::new(),
        open_brackets: 0,
        refusals: 0,
        errors: 0,
    };
    let loaded = match load_draft(&d.dir, None) {
        Ok(l) => l,
        Err(e) => {
            row.errors = error_count(&e);
            row.heading = first_line(&e);
            return row;
        }
    };
    let draft = &loaded.draft;
    let date = draft
        .dates
        .as_ref()
        .map_or("[date]".to_owned(), |d| d.first().to_string());
    row.heading = format!(
        "{} meeting, {date}{}",
        chancery::wording::capitalize(&chancery::wording::ordinal_word(u64::from(
            draft.number.get()
        ))),
        if draft.city.is_empty() {
            String::new()
        } else {
            format!(", {}", draft.city)
        }
    );
    match loaded.assemble(&AssembleOptions::default()) {
        Ok(a) => row.open_brackets = a.open_brackets.len(),
        Err(e) => {
            row.errors = error_count(&e);
            return row;
        }
    }
    row.refusals = refusals(&loaded, None).len();
    row
}

fn error_count(e: &Error) -> usize {
    match e {
        Error::Invalid(d) => d.iter().filter(|d| d.is_error()).count(),
        Error::Read { .. } | Error::Write { .. } | Error::Usage { .. } | Error::Render(_) => 1,
    }
}

fn first_line(e: &Error) -> String {
    e.to_string().lines().next().unwrap_or_default().to_owned()
}

/// `GET /events`: a message each time an input changes.
pub(crate) async fn events(
    State(desk): State<Arc<Desk>>,
) -> Sse<impl futures_util::Stream<Item = Result<Event, Infallible>>> {
    let rx = desk.reload.subscribe();
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        use tokio::sync::broadcast::error::RecvError;
        match rx.recv().await {
            Ok(()) | Err(RecvError::Lagged(_)) => Some((Ok(Event::default().data("reload")), rx)),
            Err(RecvError::Closed) => None,
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// The query of a draft page.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct PageQuery {
    view: Option<String>,
    copy: Option<String>,
    against: Option<String>,
    /// A language of the draft, or two joined with `-` (side by side); none: its own.
    lang: Option<String>,
}

/// `GET /d/{name}/`.
pub(crate) async fn draft(
    State(desk): State<Arc<Desk>>,
    Path(name): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    let Some(d) = desk.draft(&name) else {
        // A draft whose meeting.toml went away (moved, or mid-save): say so over its last page.
        if desk.was_draft(&name) {
            let d = DraftRef {
                dir: desk.root.join("drafts").join(&name),
                name,
            };
            let e = Error::Invalid(vec![
                Diagnostic::error(
                    d.dir.join("meeting.toml"),
                    None,
                    "the draft's meeting.toml is missing",
                )
                .hint("put it back (or finish saving it); the page reloads when it is there"),
            ]);
            let bases = bases(&desk, &d);
            let view = q
                .view
                .as_deref()
                .and_then(View::parse)
                .unwrap_or(View::Statement);
            let against = q.against.clone().unwrap_or_else(|| "previous".to_owned());
            let panel = empty_panel(&d, view, &q, &bases, &against);
            return stale_page(&desk, &d, &q, panel, &e);
        }
        return not_found().await;
    };
    page(&desk, &d, &q, None)
}

/// `POST /d/{name}/redline`: the redline against an uploaded DOCX.
pub(crate) async fn upload(
    State(desk): State<Arc<Desk>>,
    Path(name): Path<String>,
    Query(q): Query<PageQuery>,
    mut form: Multipart,
) -> Response {
    let Some(d) = desk.draft(&name) else {
        return not_found().await;
    };
    let bytes = loop {
        match form.next_field().await {
            Ok(Some(field)) if field.name() == Some("docx") => match field.bytes().await {
                Ok(b) => break b,
                Err(_) => return too_large(),
            },
            Ok(Some(_)) => continue,
            Ok(None) => return status(StatusCode::BAD_REQUEST, "the form has no `docx` file"),
            Err(_) => return too_large(),
        }
    };
    if bytes.len() > UPLOAD_LIMIT {
        return too_large();
    }
    let opts = ImportOptions::default();
    let name = std::path::Path::new("uploaded.docx");
    match chancery::load::check_size(name, bytes.len() as u64, &opts)
        .and_then(|()| chancery::load::statement(name, &bytes, SourceKind::Docx, &opts))
    {
        Ok(doc) => {
            let q = PageQuery {
                view: Some("redline".to_owned()),
                against: Some("upload".to_owned()),
                ..q
            };
            page(&desk, &d, &q, Some(doc))
        }
        Err(e) => status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &format!(
                "the uploaded file cannot be compared: {}",
                match &e {
                    Error::Invalid(d) => d.first().map_or_else(String::new, |d| d.message.clone()),
                    other => first_line(other),
                }
            ),
        ),
    }
}

fn too_large() -> Response {
    status(
        StatusCode::PAYLOAD_TOO_LARGE,
        &format!(
            "uploads are limited to {} MiB",
            UPLOAD_LIMIT / (1024 * 1024)
        ),
    )
}

/// `GET /d/{name}/statement.docx` or `.pdf` (`?copy=`): what `chancery build` writes.
pub(crate) async fn download(
    State(desk): State<Arc<Desk>>,
    Path((name, file)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
) -> Response {
    let Some(d) = desk.draft(&name) else {
        return not_found().await;
    };
    let format = match file.as_str() {
        "statement.docx" => Format::Docx,
        "statement.pdf" => Format::Pdf,
        _ => return not_found().await,
    };
    let loaded = match load_draft(&d.dir, None) {
        Ok(l) => l,
        Err(e) => {
            return status(
                StatusCode::CONFLICT,
                &format!("the inputs do not build: {}", first_line(&e)),
            );
        }
    };
    if let Some(bad) = unknown_copy(&loaded, q.copy.as_deref()) {
        return bad;
    }
    let request = match lang::shown(&loaded, q.lang.as_deref()) {
        Ok(shown) => shown.request(format, q.copy.clone()),
        Err(bad) => return bad,
    };
    let built = build(&loaded, &request, |first| {
        crate::cli::build::render_options(&first.document, loaded.dir(), &request.formats)
    });
    match built.map(chancery::build::Outputs::into_files) {
        Ok(files) if !files.is_empty() => {
            let file = &files[0];
            let kind = match format {
                Format::Pdf => "application/pdf",
                Format::Docx => {
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                }
                Format::Txt | Format::Md | Format::Html => "text/plain; charset=utf-8",
            };
            (
                [
                    (header::CONTENT_TYPE, kind.to_owned()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{}\"", file.name),
                    ),
                ],
                file.bytes.clone(),
            )
                .into_response()
        }
        Ok(_) => status(StatusCode::INTERNAL_SERVER_ERROR, "nothing was built"),
        Err(e) => status(
            StatusCode::CONFLICT,
            &format!("the inputs do not build: {}", first_line(&e)),
        ),
    }
}

fn unknown_copy(loaded: &LoadedDraft, copy: Option<&str>) -> Option<Response> {
    let copy = copy?;
    loaded.draft.party(copy).is_none().then(|| {
        status(
            StatusCode::BAD_REQUEST,
            &format!("`{copy}` is not a party of this draft"),
        )
    })
}

/// Why a final copy would be refused, each at its place.
fn refusals(loaded: &LoadedDraft, copy: Option<&str>) -> Vec<PlacedItem> {
    let opts = AssembleOptions {
        copy: copy.map(str::to_owned),
        final_copy: true,
    };
    match loaded.assemble(&opts) {
        Ok(_) => Vec::new(),
        Err(Error::Invalid(diags)) => diags.iter().filter(|d| d.is_error()).map(placed).collect(),
        Err(e) => vec![PlacedItem {
            text: first_line(&e),
            place: String::new(),
            party: String::new(),
            find: None,
        }],
    }
}

fn placed(d: &Diagnostic) -> PlacedItem {
    let place = match (&d.file, d.position) {
        (Some(f), Some(p)) => format!("{}:{}:{}", f.display(), p.line, p.col),
        (Some(f), None) => f.display().to_string(),
        _ => String::new(),
    };
    PlacedItem {
        text: d.message.clone(),
        place,
        party: String::new(),
        find: None,
    }
}

/// A draft's page, whatever its view; `uploaded` is the document a redline compares with.
fn page(desk: &Desk, d: &DraftRef, q: &PageQuery, uploaded: Option<Document>) -> Response {
    let Some(view) = View::parse(q.view.as_deref().unwrap_or("statement")) else {
        return status(
            StatusCode::BAD_REQUEST,
            "`view` is one of statement, redline, provenance",
        );
    };
    let bases = bases(desk, d);
    let against = q.against.clone().unwrap_or_else(|| {
        if uploaded.is_some() {
            "upload".to_owned()
        } else {
            bases.first().map_or_else(String::new, |b| b.0.clone())
        }
    });
    let mut panel = empty_panel(d, view, q, &bases, &against);
    let loaded = match load_draft(&d.dir, None) {
        Ok(l) => l,
        Err(e) => return stale_page(desk, d, q, panel, &e),
    };
    if let Some(bad) = unknown_copy(&loaded, q.copy.as_deref()) {
        return bad;
    }
    let shown = match lang::shown(&loaded, q.lang.as_deref()) {
        Ok(s) => s,
        Err(bad) => return bad,
    };
    let lang_value = shown.query_value();
    let languages = lang::choices(&loaded);
    panel.lang = &lang_value;
    panel.languages = &languages;
    let localized = match shown.source(&loaded) {
        Ok(l) => l,
        Err(e) => return stale_page(desk, d, q, panel, &e),
    };
    let source = localized.as_ref().unwrap_or(&loaded);
    let parties = party_choices(&loaded);
    let opts = AssembleOptions {
        copy: q.copy.clone(),
        final_copy: false,
    };
    let assembled = match source.assemble(&opts) {
        Ok(a) => a,
        Err(e) => {
            return stale_page(
                desk,
                d,
                q,
                Panel {
                    parties: &parties,
                    ..panel
                },
                &e,
            );
        }
    };
    let statement = match shown.statement_html(&loaded, &assembled, &opts) {
        Ok(html) => html,
        Err(e) => return stale_page(desk, d, q, panel, &e),
    };
    let brackets = brackets(&loaded, &assembled.open_brackets);
    let refusals = refusals(&loaded, q.copy.as_deref());
    panel.parties = &parties;
    panel.brackets = &brackets;
    panel.refusals = &refusals;
    panel.diagnostics = &assembled.warnings;
    let main = match view {
        View::Statement => Ok(statement.clone()),
        View::Redline => redline(
            desk,
            d,
            &against,
            uploaded,
            &assembled.document,
            (q.copy.as_deref(), shown.language()),
        ),
        View::Provenance => provenance(desk, d, &assembled.document),
    };
    match main {
        Ok(html) => {
            if !posted(q)
                && let Ok(mut cache) = desk.last_good.lock()
            {
                cache.insert(cache_key(d, q, view, &against), html.clone());
            }
            Html(desk::around(&html, &panel)).into_response()
        }
        Err(e) => no_base(d, &e, &statement, panel),
    }
}

/// The panel of a page before the draft is read: the request's choices, nothing found yet.
fn empty_panel<'a>(
    d: &'a DraftRef,
    view: View,
    q: &'a PageQuery,
    bases: &'a [(String, String)],
    against: &'a str,
) -> Panel<'a> {
    Panel {
        draft: &d.name,
        view,
        copy: q.copy.as_deref(),
        lang: q.lang.as_deref().unwrap_or(""),
        languages: &[],
        parties: &[],
        bases,
        against,
        brackets: &[],
        refusals: &[],
        diagnostics: &[],
        stale: false,
    }
}

/// The panel's copies: (party key, short name).
fn party_choices(loaded: &LoadedDraft) -> Vec<(String, String)> {
    loaded
        .draft
        .parties
        .iter()
        .map(|p| (p.key.clone(), p.short_name.clone()))
        .collect()
}

/// No base to compare with (no previous draft, an unknown one): the statement, with the reason
/// in the panel, so that another base can be picked.
fn no_base(d: &DraftRef, e: &Error, statement: &str, panel: Panel<'_>) -> Response {
    let problem = [Diagnostic {
        hints: if let Error::Usage { hint: Some(h), .. } = e {
            vec![h.clone()]
        } else {
            Vec::new()
        },
        ..Diagnostic::warning(d.dir.join("meeting.toml"), None, first_line(e))
    }];
    let panel = Panel {
        diagnostics: &problem,
        ..panel
    };
    let code = if matches!(e, Error::Usage { .. }) {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::CONFLICT
    };
    (code, Html(desk::around(statement, &panel))).into_response()
}

/// Whether the page answers an upload (its redline is not kept as the view's last good page).
fn posted(q: &PageQuery) -> bool {
    q.against.as_deref() == Some("upload")
}

fn cache_key(d: &DraftRef, q: &PageQuery, view: View, against: &str) -> super::CacheKey {
    (
        d.name.clone(),
        q.copy.clone(),
        format!("{}|{}", view.as_str(), q.lang.as_deref().unwrap_or("")),
        against.to_owned(),
    )
}

/// The page of a draft whose inputs do not build: the problems, over the last good build.
fn stale_page(desk: &Desk, d: &DraftRef, q: &PageQuery, panel: Panel<'_>, e: &Error) -> Response {
    let diags: Vec<Diagnostic> = match e {
        Error::Invalid(d) => d.clone(),
        other => vec![Diagnostic {
            hints: Vec::new(),
            ..Diagnostic::error(d.dir.join("meeting.toml"), None, first_line(other))
        }],
    };
    let key = cache_key(d, q, panel.view, panel.against);
    let last = desk
        .last_good
        .lock()
        .ok()
        .and_then(|c| c.get(&key).cloned());
    let panel = Panel {
        diagnostics: &diags,
        stale: last.is_some(),
        ..panel
    };
    let html = match last {
        Some(page) => desk::around(&page, &panel),
        None => desk::problems_page(&panel),
    };
    Html(html).into_response()
}

fn brackets(loaded: &LoadedDraft, open: &[chancery::assemble::OpenBracket]) -> Vec<PlacedItem> {
    let file = loaded.draft.file.display().to_string();
    let file = file.as_str();
    let mut items: Vec<PlacedItem> = open
        .iter()
        .flat_map(|b| {
            b.alternatives.iter().map(move |a| PlacedItem {
                text: format!("“{}” in {}", a.text, b.place()),
                place: format!("{file}:{}:{}", b.position.line, b.position.col),
                party: if a.party.is_empty() {
                    "unattributed".to_owned()
                } else {
                    a.party.to_uppercase()
                },
                find: Some(a.text.clone()),
            })
        })
        .collect();
    // By party, then in input order.
    items.sort_by(|a, b| a.party.cmp(&b.party));
    items
}

/// What a redline can compare with: the previous meeting, then the other drafts.
fn bases(desk: &Desk, d: &DraftRef) -> Vec<(String, String)> {
    let mut out = vec![("previous".to_owned(), "previous meeting".to_owned())];
    for other in desk.drafts() {
        if other.name != d.name {
            out.push((format!("draft:{}", other.name), other.name.clone()));
        }
    }
    out
}

/// The redline of `new` against the base named `against`.
fn redline(
    desk: &Desk,
    d: &DraftRef,
    against: &str,
    uploaded: Option<Document>,
    new: &Document,
    (copy, lang): (Option<&str>, Option<&str>),
) -> Result<String, Error> {
    let old = match (uploaded, against) {
        (Some(doc), _) => doc,
        (None, "previous") => previous(desk, d, lang)?,
        (None, other) => {
            let name = other.strip_prefix("draft:").unwrap_or(other);
            let Some(base) = desk.draft(name) else {
                return Err(Error::usage(
                    format!("no draft `{name}` to compare with"),
                    "pick one from the list",
                ));
            };
            let side = crate::cli::side::DraftSide {
                templates: None,
                copy,
                lang,
            };
            crate::cli::side::load_side(&base.dir, side, &mut Vec::new())?
        }
    };
    let redline = chancery::diff::diff(&old, new, &chancery::diff::DiffOptions::default());
    let bytes = render(&redline.doc, Format::Html, &RenderOptions::default())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The previous meeting's text: its adopted statement when there is one (in the draft's own
/// language), else its draft (in `lang`, when another language is shown).
fn previous(desk: &Desk, d: &DraftRef, lang: Option<&str>) -> Result<Document, Error> {
    let loaded = load_draft(&d.dir, None)?;
    let Some(dir) = loaded.draft.previous.as_ref().and_then(|p| p.draft.clone()) else {
        return Err(Error::usage(
            "this draft names no previous draft",
            "add `[previous] draft = \"../<folder>\"`, or compare with another draft",
        ));
    };
    // Only what the workspace holds: a previous draft (or its adopted text) reached through a
    // path or link out of it is not read.
    if !desk.contains(&dir.join("meeting.toml")) {
        return Err(Error::usage(
            "the previous draft is outside the workspace",
            "the desk shows what the workspace holds; compare with another draft",
        ));
    }
    if let Some(adopted) = crate::cli::import::ADOPTED
        .iter()
        .map(|n| dir.join(n))
        .find(|p| lang.is_none() && p.is_file() && desk.contains(p))
    {
        return crate::cli::side::read_statement(
            &adopted,
            &ImportOptions::default(),
            &mut Vec::new(),
        );
    }
    crate::cli::side::load_side(
        &dir,
        crate::cli::side::DraftSide {
            lang,
            ..crate::cli::side::DraftSide::default()
        },
        &mut Vec::new(),
    )
}

/// Provenance of the draft's sentences against the workspace's adopted statements (its own
/// left out).
fn provenance(desk: &Desk, d: &DraftRef, subject: &Document) -> Result<String, Error> {
    use chancery::archive::{Archive, ProvenanceOptions};
    let mut archive = Archive::new();
    for other in desk.drafts().iter().filter(|o| o.name != d.name) {
        let found = crate::cli::import::ADOPTED
            .iter()
            .map(|n| other.dir.join(n))
            .find(|p| p.is_file() && desk.contains(p));
        if let Some(file) = found {
            let doc = crate::cli::side::read_statement(
                &file,
                &ImportOptions::default(),
                &mut Vec::new(),
            )?;
            archive.add(file.display().to_string(), &doc);
        }
    }
    let report = archive.provenance(subject, &ProvenanceOptions::default());
    let ctx = chancery::archive::report::ReportContext {
        subject: d.name.clone(),
        statements: archive.statements(),
        sentences: archive.sentences(),
    };
    Ok(chancery::archive::report::html(&report, &ctx))
}
