//! The `Assembler`: one assembly's state, and its steps from the draft's body to the Markdown
//! of the whole statement.
//!
//! The state is what every step shares: the registry (clause templates are compiled once per
//! assembly), the one template context (clause values come and go, `body` is added at the
//! end, so the large context is never copied), the problems found so far (all reported at once)
//! and the brackets still open. Steps push problems in input order; the caller sorts them.

use handlebars::Handlebars;

use super::context::{BodyCtx, template_context};
use super::diagnose::{bad_call, known_names, render_error, template_error, unknown_helper};
use super::{AssembleOptions, Assembled, OpenBracket, TemplateSet, final_copy};
use crate::clauses::Clause;
use crate::document::Document;
use crate::draft::{Alternatives, BodyContent, BodyItem, Draft, Party, Proposal, TextPiece};
use crate::error::{Diagnostic, Position};
use crate::templates::{check_template, escape_markdown, escape_value, registry_for};

/// The statement template's name in the registry.
const STATEMENT: &str = "statement";

/// One assembly in progress.
pub(super) struct Assembler<'a> {
    pub(super) draft: &'a Draft,
    pub(super) templates: &'a TemplateSet,
    pub(super) opts: &'a AssembleOptions,
    /// The parties in the order this copy names them.
    pub(super) order: Vec<&'a Party>,
    pub(super) hb: Handlebars<'static>,
    /// The context every template renders with.
    pub(super) ctx: handlebars::Context,
    pub(super) diags: Vec<Diagnostic>,
    /// Bracketed passages still open, in input order.
    pub(super) open_brackets: Vec<OpenBracket>,
}

impl<'a> Assembler<'a> {
    /// Ready to assemble `draft` as `opts` asks: copy order chosen, context built.
    pub(super) fn new(
        draft: &'a Draft,
        templates: &'a TemplateSet,
        opts: &'a AssembleOptions,
    ) -> Assembler<'a> {
        let mut diags = Vec::new();
        let order = copy_order(draft, opts.copy.as_deref(), &mut diags);
        let base = template_context(draft, &order, opts.final_copy);
        Assembler {
            draft,
            templates,
            opts,
            order,
            hb: registry_for(&draft.style, &draft.document.language),
            ctx: handlebars::Context::from(base),
            diags,
            open_brackets: Vec::new(),
        }
    }

    /// Assemble: the body, then the statement template, then the Document (and, for a final
    /// copy, what it refuses). Every problem found is returned at once.
    pub(super) fn run(mut self) -> Result<Assembled, Vec<Diagnostic>> {
        let body: Vec<BodyCtx> = self.draft.body.iter().map(|i| self.body_item(i)).collect();
        let Some(markdown) = self.statement(&body) else {
            return Err(self.diags);
        };
        let document = self.document(&markdown);
        if self.opts.final_copy {
            let refused = final_copy::refusals(self.draft, &document, &self.open_brackets);
            self.diags.extend(refused);
            if self.diags.iter().any(Diagnostic::is_error) {
                return Err(self.diags);
            }
        }
        Ok(self.finish(document, markdown))
    }

    fn finish(self, document: Document, markdown: String) -> Assembled {
        let mut warnings = self.draft.warnings.clone();
        warnings.extend(self.diags);
        Assembled {
            document,
            markdown,
            warnings,
            open_brackets: self.open_brackets,
        }
    }

    /// One body paragraph: its parts rendered and joined by spaces.
    fn body_item(&mut self, item: &BodyItem) -> BodyCtx {
        let mut pieces = Vec::with_capacity(item.parts.len());
        for part in &item.parts {
            let piece = match &part.content {
                BodyContent::Text(text) => Some(escape_markdown(text.trim())),
                BodyContent::TextWithData(pieces) => self.text_with_data(pieces, part.position),
                BodyContent::Options(alts) => Some(self.options_part(alts, part.position)),
                BodyContent::Clause {
                    id,
                    id_position,
                    values,
                } => self.clause_part(id, *id_position, values),
            };
            pieces.extend(piece);
        }
        // Sentences of one paragraph: a space between them, none in Japanese.
        let mut markdown = pieces.join(if self.draft.document.language == "ja" {
            ""
        } else {
            " "
        });
        if !item.proposals.is_empty() {
            markdown = self.proposals(markdown, &item.proposals, item.id.as_deref().unwrap_or("?"));
        }
        BodyCtx {
            id: item.id.clone(),
            markdown,
        }
    }

    /// The paragraph's proposals: each one's words, found in the paragraph as assembled (not
    /// as an earlier proposal left it), give way to its bracket or chosen alternative. Words the
    /// paragraph no longer prints, or two proposals on overlapping words, are errors.
    fn proposals(&mut self, markdown: String, proposals: &[Proposal], item: &str) -> String {
        let mut placed: Vec<(std::ops::Range<usize>, &Proposal)> = Vec::new();
        for p in proposals {
            match super::proposals::locate(&markdown, &p.at) {
                Some(range) => placed.push((range, p)),
                None => self.diags.push(
                    Diagnostic::error(
                        &self.draft.file,
                        Some(p.position),
                        format!("paragraph `{item}` no longer prints the words of this proposal: \"{}\"", p.at),
                    )
                    .label("proposal")
                    .hint("its wording changed since the proposal was recorded: set `at` to the words as they print now, or remove the proposal"),
                ),
            }
        }
        placed.sort_by_key(|(r, _)| r.start);
        for pair in placed.windows(2) {
            if pair[1].0.start < pair[0].0.end {
                self.diags.push(
                    Diagnostic::error(
                        &self.draft.file,
                        Some(pair[1].1.position),
                        format!("two proposals in paragraph `{item}` are on overlapping words: \"{}\" and \"{}\"", pair[0].1.at, pair[1].1.at),
                    )
                    .hint("join them into one proposal whose `at` covers both, each party's alternative for the whole"),
                );
                return markdown;
            }
        }
        let mut replacements = Vec::with_capacity(placed.len());
        for (range, p) in placed {
            let alts = &p.alternatives;
            self.check_alternative_parties(alts, p.position, None);
            if alts.chosen.is_none() {
                self.open_brackets.push(OpenBracket {
                    position: p.position,
                    clause: None,
                    value: None,
                    alternatives: alts.options.clone(),
                    proposal: Some(item.to_owned()),
                });
            }
            replacements.push((
                range,
                super::values::options_markdown(alts, escape_markdown),
            ));
        }
        let mut out = markdown;
        for (range, replacement) in replacements.into_iter().rev() {
            out = super::proposals::replace(&out, range, &replacement);
        }
        out
    }

    /// Inline wording with data values: wording escaped, each value looked up in the context
    /// and written as a value. `None` (and an error naming the path) for a value not there.
    fn text_with_data(&mut self, pieces: &[TextPiece], at: Position) -> Option<String> {
        let mut out = String::new();
        for piece in pieces {
            match piece {
                TextPiece::Words(w) => out.push_str(&escape_markdown(w)),
                TextPiece::Data(path) => match data_at(self.ctx.data(), path) {
                    Some(text) => out.push_str(&escape_value(&text)),
                    None => {
                        self.diags.push(
                            Diagnostic::error(
                                &self.draft.file,
                                Some(at),
                                format!("`data = \"{path}\"` names no printable value"),
                            )
                            .hint(format!(
                                "a dotted path to a text or number, e.g. `first.name`, `parties.{}.government`; known names: {}",
                                self.draft.parties[0].key,
                                known_names(self.ctx.data())
                            )),
                        );
                        return None;
                    }
                },
            }
        }
        Some(out.trim().to_owned())
    }

    /// Options written as a body part: the agreed text, or the bracket while open.
    fn options_part(&mut self, alts: &Alternatives, at: Position) -> String {
        self.check_alternative_parties(alts, at, None);
        if alts.chosen.is_none() {
            self.open_brackets.push(OpenBracket {
                position: at,
                clause: None,
                value: None,
                alternatives: alts.options.clone(),
                proposal: None,
            });
        }
        super::values::options_markdown(alts, escape_markdown)
    }

    /// A clause of the library with its values, rendered; `None` (and a problem) when the
    /// clause is unknown or cannot render.
    fn clause_part(
        &mut self,
        id: &str,
        at: Position,
        values: &serde_json::Map<String, serde_json::Value>,
    ) -> Option<String> {
        let templates = self.templates;
        let Some(clause) = templates.clauses.get(id) else {
            self.unknown_clause(id, at);
            return None;
        };
        if self.opts.final_copy
            && let Some(d) = final_copy::unagreed_clause(self.draft, clause, at)
        {
            self.diags.push(d);
        }
        let values = self.resolve_values(values, clause, at);
        self.render_clause(clause, &values, at)
            .map(|md| md.trim().to_owned())
    }

    fn unknown_clause(&mut self, id: &str, at: Position) {
        let mut d = Diagnostic::error(&self.draft.file, Some(at), format!("unknown clause `{id}`"))
            .label("no clause of this id");
        d = match self.templates.clauses.suggest(id) {
            Some(near) => d.hint(format!("did you mean `{near}`?")),
            None => d,
        };
        self.diags
            .push(d.hint("`chancery clauses` lists the clauses of the library"));
    }

    /// The statement template, checked against the context with the body added, then
    /// rendered; `None` when anything so far is an error.
    fn statement(&mut self, body: &[BodyCtx]) -> Option<String> {
        let file = &self.templates.statement_file;
        let lang = self.draft.document.language.as_str();
        let first = self.draft.languages().first().map_or(lang, String::as_str);
        let Some((statement, base)) =
            crate::clauses::section(&self.templates.statement, lang, first)
        else {
            self.diags.push(
                Diagnostic::error(
                    file,
                    None,
                    format!("the statement template has no `{lang}` form"),
                )
                .hint(format!(
                    "add a line `+++ {lang}` after its template, then the template in that language"
                )),
            );
            return None;
        };
        if let Err(e) = crate::templates::check_budget(statement) {
            self.diags.push(e.diagnostic(file, base));
            return None;
        }
        if let Err(e) = self.hb.register_template_string(STATEMENT, statement) {
            self.diags.push(template_error(file, base, &e));
            return None;
        }
        let body_json = serde_json::to_value(body).unwrap_or(serde_json::Value::Null);
        if let Some(map) = self.ctx.data_mut().as_object_mut() {
            map.insert("body".to_owned(), body_json);
        }
        if let Some(tpl) = self.hb.get_template(STATEMENT) {
            let report = check_template(tpl, self.ctx.data());
            for m in report.missing {
                self.diags.push(
                    Diagnostic::error(
                        file,
                        Some(Position {
                            line: m.line + base - 1,
                            col: m.col,
                        }),
                        format!(
                            "the statement template uses `{}`, which is not known",
                            m.path
                        ),
                    )
                    .hint(format!("known names: {}", known_names(self.ctx.data()))),
                );
            }
            for h in report.unknown_helpers {
                self.diags
                    .push(unknown_helper(file, h.line + base - 1, h.col, &h.path));
            }
            for b in &report.bad_calls {
                self.diags.push(bad_call(file, b.line + base - 1, b));
            }
        }
        if self.diags.iter().any(Diagnostic::is_error) {
            return None;
        }
        match self.hb.render_with_context(STATEMENT, &self.ctx) {
            Ok(md) => Some(md),
            Err(e) => {
                self.diags.push(render_error(file, base, &e));
                None
            }
        }
    }
}

/// The parties in the order this copy names them (see [`Draft::copy_order`]).
fn copy_order<'a>(
    draft: &'a Draft,
    copy: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<&'a Party> {
    draft.copy_order(copy).unwrap_or_else(|| {
        diags.push(
            Diagnostic::error(
                &draft.file,
                None,
                format!("unknown party `{}` for the copy", copy.unwrap_or_default()),
            )
            .hint(format!("the parties are {}", party_keys(draft))),
        );
        draft.parties.iter().collect()
    })
}

/// "`jp` and `us`", "`jp`, `au` and `us`": the party keys, for a hint.
pub(super) fn party_keys(draft: &Draft) -> String {
    let keys: Vec<String> = draft
        .parties
        .iter()
        .map(|p| format!("`{}`", p.key))
        .collect();
    crate::wording::join_list(&keys, crate::wording::ListStyle::Comma, "and")
}

/// The text or number at dotted `path` in `data` (`first.name`, `parties.jp.name`).
fn data_at(data: &serde_json::Value, path: &str) -> Option<String> {
    let mut v = data;
    for seg in path.split('.') {
        v = match v {
            serde_json::Value::Object(m) => m.get(seg)?,
            serde_json::Value::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    match v {
        serde_json::Value::String(s) => Some(crate::document::strip_sentinels(s)),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Whether `clause` is one the assembler would compile (it has template syntax).
pub(super) fn is_template(clause: &Clause) -> bool {
    clause.body.contains("{{")
}
