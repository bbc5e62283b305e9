//! The final-copy policy: what `chancery build --final` refuses, and where each problem is.
//!
//! A final copy for signature keeps no open bracket, no clause whose language is not agreed,
//! no unresolved placeholder (`[date]`) and no square bracket anywhere in its text. Assembly
//! applies the policy when asked for a final copy (`AssembleOptions::final_copy`): it calls
//! [`unagreed_clause`] for each clause as it renders it, and [`refusals`] on the finished
//! document, so that a final build reports every problem at once, each at its place in the
//! inputs. Nothing here renders or reads files.

use crate::clauses::{Clause, ClauseStatus};
use crate::document::{BlockKind, Document};
use crate::draft::Draft;
use crate::error::{Diagnostic, Position};
use crate::wording::DATE_PLACEHOLDER;

use super::OpenBracket;

/// The refusal of a clause whose status is not `agreed`, reported at `at` (where the inputs
/// ask for it); `None` for agreed language.
pub fn unagreed_clause(draft: &Draft, clause: &Clause, at: Position) -> Option<Diagnostic> {
    (clause.status != ClauseStatus::Agreed).then(|| {
        Diagnostic::error(
            &draft.file,
            Some(at),
            format!(
                "clause `{}` is {}, not agreed: a final copy needs agreed language",
                clause.id,
                clause.status.as_str()
            ),
        )
        .hint(format!(
            "once both sides have cleared it, set `status = \"agreed\"` in {}",
            clause.file.display()
        ))
    })
}

/// What a final copy of `doc` refuses besides unagreed clauses: the brackets still `open`, an
/// unset meeting date, and every block that keeps a square bracket. Empty when it can be signed.
pub fn refusals(draft: &Draft, doc: &Document, open: &[OpenBracket]) -> Vec<Diagnostic> {
    let mut diags: Vec<Diagnostic> = open.iter().map(|b| open_bracket(draft, b)).collect();
    if draft.dates.is_none() {
        diags.push(
            Diagnostic::error(
                &draft.file,
                None,
                format!("unresolved placeholder `{DATE_PLACEHOLDER}`: the meeting date is not set"),
            )
            .hint("add `date = \"YYYY-MM-DD\"` under [meeting]"),
        );
    }
    diags.extend(square_brackets(draft, doc));
    for v in &draft.value_changes {
        diags.push(
            Diagnostic::error(
                &draft.file,
                Some(v.position),
                format!(
                    "open value change proposed by `{}`: \"{}\" → \"{}\"",
                    v.party, v.was, v.proposed
                ),
            )
            .hint("once agreed, edit the value in meeting.toml (or keep it) and remove this [[value_changes]] entry"),
        );
    }
    diags
}

fn open_bracket(draft: &Draft, b: &OpenBracket) -> Diagnostic {
    Diagnostic::error(&draft.file, Some(b.position), format!("open bracket in {}: {}", b.place(), b.display()))
        .hint("a final copy keeps no bracket: record the agreed wording with `chosen = \"<party>\"` (or its number)")
}

/// A square bracket left in a block's text (outside negotiation brackets, reported already),
/// with an excerpt around it, at the paragraph of the inputs it comes from.
fn square_brackets(draft: &Draft, doc: &Document) -> Vec<Diagnostic> {
    let item_position = |clause: Option<&str>| {
        clause
            .and_then(|c| draft.body.iter().find(|i| i.id.as_deref() == Some(c)))
            .map(|i| i.position)
    };
    let mut diags = Vec::new();
    for block in &doc.blocks {
        if block.kind == BlockKind::DateLine && draft.dates.is_none() {
            continue;
        }
        let mut text = block.text_where(|r| r.marks.bracket.is_none());
        if draft.dates.is_none() {
            // Reported once, as the unset date.
            text = text.replace(DATE_PLACEHOLDER, "");
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
    diags
}
