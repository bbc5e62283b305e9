//! Assembly: Draft + clause library + statement template -> Markdown -> [`Document`].
//!
//! Each body part is rendered from its clause (a handlebars template) with a typed context (the
//! meeting, the parties in copy order, previous and next meeting) plus the part's own values;
//! inline text is escaped, never evaluated. The statement template then places the paragraphs.
//! Before anything renders, every template is checked statically against its context (the gap
//! handlebars' strict mode leaves inside `#if`/`#each`), so a missing value is reported with the
//! input line that asked for the clause and the clause line that uses it. No I/O here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use handlebars::Handlebars;
use serde::Serialize;

use crate::clauses::{Clause, ClauseLibrary, ClauseStatus};
use crate::document::markdown::parse_blocks;
use crate::document::{
    BlockKind, DocStatus, Document, FontPrefs, Meta, PageSetup, Signatory, bracket_markup,
};
use crate::draft::{Alternative, Alternatives, BodyContent, Draft, Party, Series};
use crate::error::{Diagnostic, Position};
use crate::templates::{check_template, escape_markdown, registry};

/// The statement template and clause library a draft is assembled with.
#[derive(Debug, Clone)]
pub struct TemplateSet {
    /// Where the statement template came from (`<embedded>/templates/statement.hbs` by default).
    pub statement_file: PathBuf,
    pub statement: String,
    pub clauses: ClauseLibrary,
}

/// How to assemble.
#[derive(Debug, Clone, Default)]
pub struct AssembleOptions {
    /// The party whose copy this is (alternat): named first. `None`: the inputs' order.
    pub copy: Option<String>,
    /// A final copy (no DRAFT markings).
    pub final_copy: bool,
}

/// An assembled statement, with the warnings met on the way.
#[derive(Debug, Clone)]
pub struct Assembled {
    pub document: Document,
    /// The Markdown the templates produced (what `--format md` re-renders from the IR).
    pub markdown: String,
    pub warnings: Vec<Diagnostic>,
    /// Bracketed passages still open (no alternative chosen), in input order.
    pub open_brackets: Vec<OpenBracket>,
}

/// A bracketed passage still under negotiation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenBracket {
    /// Where the options are given in `meeting.toml`.
    pub position: Position,
    /// The clause whose value it is, if any.
    pub clause: Option<String>,
    /// The value's name, for clause values.
    pub value: Option<String>,
    pub alternatives: Vec<Alternative>,
}

impl OpenBracket {
    /// `[confirmed (JP) / reaffirmed (US)]`.
    pub fn display(&self) -> String {
        let alts: Vec<String> = self
            .alternatives
            .iter()
            .map(|a| {
                if a.party.is_empty() {
                    a.text.clone()
                } else {
                    format!("{} ({})", a.text, a.party.to_uppercase())
                }
            })
            .collect();
        format!("[{}]", alts.join(" / "))
    }

    /// Where it stands: "clause `x`, value `v`", "clause `x`" or "inline text".
    pub fn place(&self) -> String {
        match (&self.clause, &self.value) {
            (Some(c), Some(v)) => format!("clause `{c}`, value `{v}`"),
            (Some(c), None) => format!("clause `{c}`"),
            (None, _) => "inline text".to_owned(),
        }
    }
}

#[derive(Serialize)]
struct MeetingCtx<'a> {
    number: u32,
    dates: Option<Vec<String>>,
    city: &'a str,
    country: &'a str,
    host: &'a Party,
}

#[derive(Serialize)]
struct PreviousCtx<'a> {
    number: u32,
    dates: Vec<String>,
    city: &'a str,
    country: &'a str,
}

#[derive(Serialize)]
struct NextCtx<'a> {
    number: u32,
    host: Option<&'a Party>,
    city: &'a str,
    timing: &'a str,
}

#[derive(Serialize)]
struct SignaturesCtx<'a> {
    done_at: bool,
    languages: &'a [String],
}

/// What every template sees. Optional parts serialize as `null`, never absent, so the static
/// check can tell an unknown name from an optional value that is not given.
#[derive(Serialize)]
struct Context<'a> {
    series: &'a Series,
    meeting: MeetingCtx<'a>,
    parties: BTreeMap<&'a str, &'a Party>,
    /// The party named first in this copy.
    first: &'a Party,
    /// The party named second in this copy.
    second: &'a Party,
    /// "Japan-U.S.": the short names in copy order.
    pair: String,
    previous: Option<PreviousCtx<'a>>,
    next: Option<NextCtx<'a>>,
    signatures: Option<SignaturesCtx<'a>>,
    #[serde(rename = "final")]
    final_copy: bool,
}

#[derive(Serialize)]
struct BodyCtx {
    id: Option<String>,
    markdown: String,
}

/// Assemble `draft` into a document. Every problem found is returned at once.
pub fn assemble(
    draft: &Draft,
    templates: &TemplateSet,
    opts: &AssembleOptions,
) -> Result<Assembled, Vec<Diagnostic>> {
    let mut diags: Vec<Diagnostic> = Vec::new();
    let (first, second) = copy_order(draft, opts.copy.as_deref(), &mut diags);
    let context = Context {
        series: &draft.series,
        meeting: MeetingCtx {
            number: draft.number.get(),
            dates: draft.dates.as_ref().map(|d| d.iso()),
            city: &draft.city,
            country: &draft.country,
            host: draft.party(&draft.host).unwrap_or(first),
        },
        parties: draft.parties.iter().map(|p| (p.key.as_str(), p)).collect(),
        first,
        second,
        pair: format!("{}-{}", first.short_name, second.short_name),
        previous: draft.previous.as_ref().map(|p| PreviousCtx {
            number: p.number.get(),
            dates: p.dates.iso(),
            city: &p.city,
            country: &p.country,
        }),
        next: draft.next.as_ref().map(|n| NextCtx {
            number: n.number.get(),
            host: draft.party(&n.host),
            city: &n.city,
            timing: &n.timing,
        }),
        signatures: draft.signatures.as_ref().map(|s| SignaturesCtx {
            done_at: s.done_at,
            languages: &s.languages,
        }),
        final_copy: opts.final_copy,
    };
    let base = match serde_json::to_value(&context) {
        Ok(v @ serde_json::Value::Object(_)) => v,
        Ok(_) | Err(_) => serde_json::Value::Object(serde_json::Map::new()),
    };
    // One context for every template: clause values come and go, `body` is added at the end.
    let mut ctx = handlebars::Context::from(base);

    let mut hb = registry();
    let mut open_brackets: Vec<OpenBracket> = Vec::new();
    let mut body = Vec::with_capacity(draft.body.len());
    for item in &draft.body {
        let mut pieces = Vec::with_capacity(item.parts.len());
        for part in &item.parts {
            match &part.content {
                BodyContent::Text(text) => pieces.push(escape_markdown(text.trim())),
                BodyContent::Options(alts) => {
                    for a in alts
                        .options
                        .iter()
                        .filter(|a| !a.party.is_empty() && draft.party(&a.party).is_none())
                    {
                        diags.push(
                            Diagnostic::error(
                                &draft.file,
                                Some(part.position),
                                format!("unknown party `{}` in an alternative", a.party),
                            )
                            .hint(format!(
                                "the parties are `{}` and `{}`",
                                draft.parties[0].key, draft.parties[1].key
                            )),
                        );
                    }
                    if alts.chosen.is_none() {
                        open_brackets.push(OpenBracket {
                            position: part.position,
                            clause: None,
                            value: None,
                            alternatives: alts.options.clone(),
                        });
                    }
                    pieces.push(options_markdown(alts, escape_markdown));
                }
                BodyContent::Clause {
                    id,
                    id_position,
                    values,
                } => {
                    let Some(clause) = templates.clauses.get(id) else {
                        let mut d = Diagnostic::error(
                            &draft.file,
                            Some(*id_position),
                            format!("unknown clause `{id}`"),
                        );
                        d = match templates.clauses.suggest(id) {
                            Some(near) => d.hint(format!("did you mean `{near}`?")),
                            None => d,
                        };
                        diags.push(d.hint("`chancery clauses` lists the clauses of the library"));
                        continue;
                    };
                    if opts.final_copy && clause.status != ClauseStatus::Agreed {
                        diags.push(
                            Diagnostic::error(&draft.file, Some(*id_position), format!("clause `{id}` is {}, not agreed: a final copy needs agreed language", clause.status.as_str()))
                                .hint(format!("once both sides have cleared it, set `status = \"agreed\"` in {}", clause.file.display())),
                        );
                    }
                    let values = resolve_options(
                        values,
                        clause,
                        *id_position,
                        draft,
                        &mut open_brackets,
                        &mut diags,
                    );
                    if let Some(md) = render_clause(
                        &mut hb,
                        clause,
                        &mut ctx,
                        &values,
                        draft,
                        *id_position,
                        &mut diags,
                    ) {
                        pieces.push(md.trim().to_owned());
                    }
                }
            }
        }
        body.push(BodyCtx {
            id: item.id.clone(),
            markdown: pieces.join(" "),
        });
    }

    let statement_name = "statement";
    if let Err(e) = hb.register_template_string(statement_name, &templates.statement) {
        diags.push(template_error(&templates.statement_file, 1, &e));
        return Err(diags);
    }
    let body_json = serde_json::to_value(&body).unwrap_or(serde_json::Value::Null);
    if let Some(map) = ctx.data_mut().as_object_mut() {
        map.insert("body".to_owned(), body_json);
    }
    if let Some(tpl) = hb.get_template(statement_name) {
        let report = check_template(tpl, ctx.data());
        for m in report.missing {
            diags.push(
                Diagnostic::error(
                    &templates.statement_file,
                    Some(Position {
                        line: m.line,
                        col: m.col,
                    }),
                    format!(
                        "the statement template uses `{}`, which is not known",
                        m.path
                    ),
                )
                .hint(format!("known names: {}", known_names(ctx.data()))),
            );
        }
        for h in report.unknown_helpers {
            diags.push(unknown_helper(
                &templates.statement_file,
                h.line,
                h.col,
                &h.path,
            ));
        }
    }
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    let markdown = match hb.render_with_context(statement_name, &ctx) {
        Ok(md) => md,
        Err(e) => {
            diags.push(render_error(&templates.statement_file, 1, &e));
            return Err(diags);
        }
    };

    let mut blocks = parse_blocks(&markdown);
    for block in &mut blocks {
        merge_abbreviation_periods(&mut block.runs);
    }
    for block in &mut blocks {
        if let BlockKind::Signatures { signatories } = &mut block.kind {
            *signatories = signatories_for(draft, [first, second]);
        }
    }
    let heading = |kind: BlockKind| {
        blocks
            .iter()
            .find(|b| b.kind == kind)
            .map(crate::document::Block::plain_text)
    };
    let title = match (heading(BlockKind::Title), heading(BlockKind::Subtitle)) {
        (Some(t), Some(s)) => format!("{t}: {s}"),
        (Some(t), None) => t,
        (None, Some(s)) => s,
        (None, None) => draft.series.name.clone(),
    };
    let author =
        crate::templates::capitalize(&format!("{} and {}", first.government, second.government));
    let meta = Meta {
        title,
        subject: draft.series.name.clone(),
        author,
        identifier: draft.id.clone(),
        date: draft.dates.as_ref().map(crate::draft::MeetingDates::first),
        language: draft.document.language.clone(),
        status: if opts.final_copy {
            DocStatus::Final
        } else {
            DocStatus::Draft
        },
        page: PageSetup {
            size: draft.document.paper,
            margins_mm: draft.document.margins_mm,
        },
        fonts: FontPrefs {
            serif: draft.document.font.clone(),
            east_asian: draft.document.east_asian_font.clone(),
        },
    };
    let document = Document { meta, blocks };
    if opts.final_copy {
        final_gate(draft, &document, &open_brackets, &mut diags);
        if diags.iter().any(Diagnostic::is_error) {
            return Err(diags);
        }
    }
    let mut warnings = draft.warnings.clone();
    warnings.extend(diags);
    Ok(Assembled {
        document,
        markdown,
        warnings,
        open_brackets,
    })
}

/// Markdown for alternatives: the chosen text once agreed, else the bracket markup.
fn options_markdown(alts: &Alternatives, escape: fn(&str) -> String) -> String {
    match alts.chosen.and_then(|i| alts.options.get(i)) {
        Some(chosen) => escape(chosen.text.trim()),
        None => {
            let parts: Vec<(&str, String)> = alts
                .options
                .iter()
                .map(|a| (a.party.as_str(), escape(a.text.trim())))
                .collect();
            bracket_markup(&parts)
        }
    }
}

/// Clause values given as options become their chosen text, or bracket markup while open
/// (escaped later with the value, like any value). Open ones are recorded for `check` and the
/// final gate.
fn resolve_options(
    values: &serde_json::Map<String, serde_json::Value>,
    clause: &Clause,
    at: Position,
    draft: &Draft,
    open: &mut Vec<OpenBracket>,
    diags: &mut Vec<Diagnostic>,
) -> serde_json::Map<String, serde_json::Value> {
    let mut out = serde_json::Map::with_capacity(values.len());
    for (k, v) in values {
        let resolved = match Alternatives::from_json(v) {
            Ok(None) if !is_printable_value(v) => {
                diags.push(
                    Diagnostic::error(&draft.file, Some(at), format!("value `{k}` of clause `{}` cannot be printed: {v}", clause.id))
                        .hint("a value is text, a number, a list of texts, or an options table `{ options = [...] }`"),
                );
                v.clone()
            }
            Ok(None) => v.clone(),
            Ok(Some(alts)) => {
                for a in &alts.options {
                    if !a.party.is_empty() && draft.party(&a.party).is_none() {
                        diags.push(
                            Diagnostic::error(
                                &draft.file,
                                Some(at),
                                format!(
                                    "value `{k}`: unknown party `{}` in an alternative",
                                    a.party
                                ),
                            )
                            .hint(format!(
                                "the parties are `{}` and `{}`",
                                draft.parties[0].key, draft.parties[1].key
                            )),
                        );
                    }
                }
                if alts.chosen.is_none() {
                    open.push(OpenBracket {
                        position: at,
                        clause: Some(clause.id.clone()),
                        value: Some(k.clone()),
                        alternatives: alts.options.clone(),
                    });
                }
                serde_json::Value::String(options_markdown(&alts, str::to_owned))
            }
            Err(message) => {
                diags.push(
                    Diagnostic::error(
                        &draft.file,
                        Some(at),
                        format!("value `{k}` of clause `{}`: {message}", clause.id),
                    )
                    .hint(Alternatives::HINT),
                );
                v.clone()
            }
        };
        out.insert(k.clone(), resolved);
    }
    out
}

/// A clause's own values are wording (negotiated text), not meeting data: their text is wrapped
/// so the document marks it [`crate::document::Origin::Text`], and diffs count edits to it as
/// substantive. Numbers and booleans stay as they are.
fn as_wording(v: &serde_json::Value) -> serde_json::Value {
    use crate::document::{WORDING_END, WORDING_START};
    match v {
        serde_json::Value::String(s) => {
            serde_json::Value::String(format!("{WORDING_START}{s}{WORDING_END}"))
        }
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.iter().map(as_wording).collect())
        }
        other => other.clone(),
    }
}

/// Text, numbers, booleans and lists of those print; tables (other than options) do not.
fn is_printable_value(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Null | serde_json::Value::Object(_) => false,
        serde_json::Value::Array(items) => items.iter().all(|i| {
            matches!(
                i,
                serde_json::Value::String(_)
                    | serde_json::Value::Number(_)
                    | serde_json::Value::Bool(_)
            )
        }),
        serde_json::Value::String(_)
        | serde_json::Value::Number(_)
        | serde_json::Value::Bool(_) => true,
    }
}

/// A final copy keeps no bracket, no placeholder and no language that is not agreed. Every
/// problem is reported with its place in the inputs.
fn final_gate(draft: &Draft, doc: &Document, open: &[OpenBracket], diags: &mut Vec<Diagnostic>) {
    for b in open {
        diags.push(
            Diagnostic::error(&draft.file, Some(b.position), format!("open bracket in {}: {}", b.place(), b.display()))
                .hint("a final copy keeps no bracket: record the agreed wording with `chosen = \"<party>\"` (or its number)"),
        );
    }
    if draft.dates.is_none() {
        diags.push(
            Diagnostic::error(
                &draft.file,
                None,
                "unresolved placeholder `[date]`: the meeting date is not set",
            )
            .hint("add `date = \"YYYY-MM-DD\"` under [meeting]"),
        );
    }
    let item_position = |clause: Option<&str>| {
        clause
            .and_then(|c| draft.body.iter().find(|i| i.id.as_deref() == Some(c)))
            .map(|i| i.position)
    };
    for block in &doc.blocks {
        if block.kind == BlockKind::DateLine && draft.dates.is_none() {
            continue;
        }
        let mut text = block.text_where(|r| r.marks.bracket.is_none());
        if draft.dates.is_none() {
            // Reported once above, as the unset date.
            text = text.replace("[date]", "");
        }
        if let Some(i) = text.find(['[', ']']) {
            let start = text[..i].char_indices().rev().nth(30).map_or(0, |(j, _)| j);
            let excerpt: String = text[start..].chars().take(60).collect();
            diags.push(
                Diagnostic::error(&draft.file, item_position(block.clause.as_deref()), format!("the text keeps a square bracket: `…{excerpt}…`"))
                    .hint("a final copy keeps no bracket or placeholder: resolve it in the inputs or the clause"),
            );
        }
    }
}

/// A sentence ending right after a value that ends in an abbreviation ("Washington, D.C.")
/// takes no second period: "in Washington, D.C." not "in Washington, D.C..". An ellipsis in the
/// wording is left alone.
fn merge_abbreviation_periods(runs: &mut Vec<crate::document::Run>) {
    for i in 1..runs.len() {
        let (before, after) = runs.split_at_mut(i);
        let prev = &before[i - 1];
        let next = &mut after[0];
        if prev.marks.origin == crate::document::Origin::Value
            && prev.text.ends_with('.')
            && !prev.text.ends_with("..")
            && next.text.starts_with('.')
            && !next.text.starts_with("..")
        {
            next.text.remove(0);
        }
    }
    runs.retain(|r| !r.text.is_empty());
}

/// The two parties in the order this copy names them.
fn copy_order<'a>(
    draft: &'a Draft,
    copy: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) -> (&'a Party, &'a Party) {
    let [a, b] = &draft.parties;
    match copy {
        None => (a, b),
        Some(k) if k == a.key => (a, b),
        Some(k) if k == b.key => (b, a),
        Some(k) => {
            diags.push(
                Diagnostic::error(
                    &draft.file,
                    None,
                    format!("unknown party `{k}` for the copy"),
                )
                .hint(format!("the parties are `{}` and `{}`", a.key, b.key)),
            );
            (a, b)
        }
    }
}

fn signatories_for(draft: &Draft, order: [&Party; 2]) -> Vec<Signatory> {
    let Some(sigs) = &draft.signatures else {
        return Vec::new();
    };
    order
        .iter()
        .map(|party| {
            let (name, title) = sigs
                .signatories
                .iter()
                .find(|(k, _, _)| *k == party.key)
                .map(|(_, n, t)| (n.clone(), t.clone()))
                .unwrap_or_default();
            Signatory {
                party: format!("For {}", party.government),
                name,
                title,
            }
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn render_clause(
    hb: &mut Handlebars<'static>,
    clause: &Clause,
    ctx: &mut handlebars::Context,
    values: &serde_json::Map<String, serde_json::Value>,
    draft: &Draft,
    at: Position,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    // The meeting's data stays in `ctx` for every clause; this clause's values are added for its
    // render and taken out again, so the (large) context is never copied.
    let mut added: Vec<String> = Vec::new();
    let result = render_clause_in(hb, clause, ctx, values, draft, at, diags, &mut added);
    if let Some(map) = ctx.data_mut().as_object_mut() {
        for k in added {
            map.remove(&k);
        }
    }
    result
}

#[allow(clippy::too_many_arguments)]
fn render_clause_in(
    hb: &mut Handlebars<'static>,
    clause: &Clause,
    ctx: &mut handlebars::Context,
    values: &serde_json::Map<String, serde_json::Value>,
    draft: &Draft,
    at: Position,
    diags: &mut Vec<Diagnostic>,
    added: &mut Vec<String>,
) -> Option<String> {
    // Wording without any `{{`: nothing to compile or check (compiling is most of the cost).
    if !clause.body.contains("{{") {
        for k in values.keys() {
            diags.push(
                Diagnostic::warning(
                    &draft.file,
                    Some(at),
                    format!("value `{k}` is not used by clause `{}`", clause.id),
                )
                .hint("the clause takes no values of its own: remove it, or check the clause id"),
            );
        }
        return Some(clause.body.clone());
    }
    let name = format!("clause:{}", clause.id);
    if hb.get_template(&name).is_none()
        && let Err(e) = hb.register_template_string(&name, &clause.body)
    {
        diags.push(template_error(&clause.file, clause.body_line, &e));
        return None;
    }
    let mut ok = true;
    let map = ctx.data_mut().as_object_mut()?;
    for (k, v) in clause.defaults.iter().chain(values.iter()) {
        if map.contains_key(k) && !added.contains(k) {
            diags.push(
                Diagnostic::error(
                    &draft.file,
                    Some(at),
                    format!(
                        "value `{k}` of clause `{}` has the name of a built-in",
                        clause.id
                    ),
                )
                .hint(format!(
                    "rename it: {} are taken by the meeting's own data",
                    map.keys()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
            ok = false;
            continue;
        }
        if !added.contains(k) {
            added.push(k.clone());
        }
        map.insert(k.clone(), as_wording(v));
    }
    let tpl = hb.get_template(&name)?;
    let report = check_template(tpl, ctx.data());
    let is_builtin = |k: &str| !added.iter().any(|a| a == k) && ctx.data().get(k).is_some();
    for m in &report.missing {
        let root = m
            .path
            .trim_start_matches("this.")
            .split(['.', '/'])
            .next()
            .unwrap_or(&m.path);
        let mut d = Diagnostic::error(
            &draft.file,
            Some(at),
            format!(
                "clause `{}` uses `{}`, which the inputs lack",
                clause.id, m.path
            ),
        )
        .note(format!(
            "used at {}:{}:{}",
            clause.file.display(),
            m.line + clause.body_line - 1,
            m.col
        ));
        d = if is_builtin(root) {
            d.hint(format!(
                "`{root}` is meeting data: check the spelling in the clause"
            ))
        } else {
            d.hint(format!("give it in this paragraph's values: `values = {{ {root} = \"…\" }}`, or a default in the clause's front matter"))
        };
        diags.push(d);
        ok = false;
    }
    for h in &report.unknown_helpers {
        diags.push(unknown_helper(
            &clause.file,
            h.line + clause.body_line - 1,
            h.col,
            &h.path,
        ));
        ok = false;
    }
    for k in values.keys() {
        if !report.used_roots.contains(k) {
            diags.push(
                Diagnostic::warning(
                    &draft.file,
                    Some(at),
                    format!("value `{k}` is not used by clause `{}`", clause.id),
                )
                .hint(clause_values_hint(&report.used_roots, &is_builtin)),
            );
        }
    }
    if !ok {
        return None;
    }
    match hb.render_with_context(&name, ctx) {
        Ok(md) => Some(md),
        Err(e) => {
            diags.push(
                render_error(&clause.file, clause.body_line, &e).note(format!(
                    "rendering clause `{}` for {}:{}:{}",
                    clause.id,
                    draft.file.display(),
                    at.line,
                    at.col
                )),
            );
            None
        }
    }
}

fn clause_values_hint(
    used: &std::collections::BTreeSet<String>,
    is_builtin: &dyn Fn(&str) -> bool,
) -> String {
    let own: Vec<String> = used
        .iter()
        .filter(|r| !is_builtin(r))
        .map(|r| format!("`{r}`"))
        .collect();
    if own.is_empty() {
        "the clause takes no values of its own: remove it, or check the clause id".to_owned()
    } else {
        format!("the clause takes: {}", own.join(", "))
    }
}

fn known_names(ctx: &serde_json::Value) -> String {
    match ctx {
        serde_json::Value::Object(o) => o
            .keys()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", "),
        _ => String::new(),
    }
}

fn unknown_helper(file: &Path, line: usize, col: usize, name: &str) -> Diagnostic {
    Diagnostic::error(
        file,
        Some(Position { line, col }),
        format!("unknown helper `{name}`"),
    )
    .hint(format!("helpers: {}", crate::templates::HELPERS.join(", ")))
}

fn template_error(file: &Path, body_line: usize, e: &handlebars::TemplateError) -> Diagnostic {
    let position = e.pos().map(|(line, col)| Position {
        line: line + body_line - 1,
        col,
    });
    Diagnostic::error(file, position, format!("template syntax: {}", e.reason()))
        .hint("handlebars syntax: `{{name}}`, `{{#if x}}…{{/if}}`, `{{#each xs}}…{{/each}}`")
}

fn render_error(file: &Path, body_line: usize, e: &handlebars::RenderError) -> Diagnostic {
    let position = match (e.line_no, e.column_no) {
        (Some(l), Some(c)) => Some(Position {
            line: l + body_line - 1,
            col: c,
        }),
        _ => None,
    };
    Diagnostic::error(file, position, format!("template failed: {}", e.reason()))
}
