//! Assembly: Draft + clause library + statement template -> Markdown -> [`Document`].
//!
//! Each body part is rendered from its clause (a handlebars template) with a typed context (the
//! meeting, the parties in copy order, previous and next meeting) plus the part's own values;
//! inline text is escaped, never evaluated. The statement template then places the paragraphs.
//! Before anything renders, every template is checked statically against its context (the gap
//! handlebars' strict mode leaves inside `#if`/`#each`), so a missing value is reported with the
//! input line that asked for the clause and the clause line that uses it. No I/O here.
//!
//! The work is done by an `Assembler` (`assembler.rs`) that holds one assembly's state (the
//! registry, the shared template context, the problems found, the open brackets); its steps
//! live in `context.rs` (what templates see), `clause.rs` (rendering one clause with its
//! values), `values.rs` (clause values and negotiation options), `finish.rs` (Markdown -> the
//! Document and its metadata) and [`final_copy`] (what a final copy refuses).

use std::path::PathBuf;

use crate::clauses::ClauseLibrary;
use crate::document::Document;
use crate::draft::{Alternative, Draft};
use crate::error::{Diagnostic, Position};

mod assembler;
mod clause;
mod context;
mod diagnose;
pub mod final_copy;
mod finish;
mod proposals;
mod values;

#[cfg(test)]
mod tests;

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
    /// The paragraph, for a proposal recorded on it (`proposals = [...]`).
    pub proposal: Option<String>,
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
        if let Some(item) = &self.proposal {
            return format!("proposal in paragraph `{item}`");
        }
        match (&self.clause, &self.value) {
            (Some(c), Some(v)) => format!("clause `{c}`, value `{v}`"),
            (Some(c), None) => format!("clause `{c}`"),
            (None, _) => "inline text".to_owned(),
        }
    }
}

/// Assemble `draft` into a document. Every problem found is returned at once.
pub fn assemble(
    draft: &Draft,
    templates: &TemplateSet,
    opts: &AssembleOptions,
) -> Result<Assembled, Vec<Diagnostic>> {
    assembler::Assembler::new(draft, templates, opts).run()
}
