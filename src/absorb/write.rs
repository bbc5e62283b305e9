//! A plan applied to `meeting.toml`, edited with `toml_edit` so that every comment, blank line
//! and key order stays as written. Proposals go on their `[[body]]` table as
//! `proposals = [{ at = "…", options = [{ party = "<pen>", text = "…" }, { party = "<party>",
//! text = "…", source = "…" }] }]`, the words as sent first (attributed to the party holding
//! the pen); a later party's proposal on the same words, or on words overlapping them, joins
//! the same bracket (the words widened to cover both). Value changes are appended as
//! `[[value_changes]]`, comments as `[[notes]]`.

use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

use super::{Plan, PlannedNote, Target};

/// Who the proposals are from and where they came from.
#[derive(Debug, Clone)]
pub struct Attribution<'a> {
    /// The returning party.
    pub party: &'a str,
    /// The party the words as sent are attributed to (the draft's holder).
    pub pen: &'a str,
    /// The returned file's name, for `source`.
    pub file: &'a str,
}

/// Why the inputs could not be edited.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WriteError {
    #[error("meeting.toml cannot be edited: {0}")]
    Unparsable(String),
    #[error("no [[body]] paragraph has the id `{0}`")]
    NoParagraph(String),
}

/// `meeting` with the plan's placed changes and notes recorded. `body_ids` are the draft's body
/// paragraphs' ids in order (the `[[body]]` tables'), `item_text` the words a paragraph prints
/// now (to widen overlapping proposals).
pub fn apply(
    meeting: &str,
    plan: &Plan,
    body_ids: &[Option<String>],
    item_text: &dyn Fn(&str) -> String,
    who: &Attribution<'_>,
) -> Result<String, WriteError> {
    let mut doc: DocumentMut = meeting
        .parse()
        .map_err(|e: toml_edit::TomlError| WriteError::Unparsable(e.message().to_owned()))?;
    for c in &plan.changes {
        let source = format!("{}: {}", who.file, c.source);
        match &c.target {
            Target::Wording => {
                let item = c.item.as_deref().unwrap_or_default();
                let k = body_ids
                    .iter()
                    .position(|id| id.as_deref() == Some(item))
                    .ok_or_else(|| WriteError::NoParagraph(item.to_owned()))?;
                let table = body_table(&mut doc, k)?;
                let text = item_text(item);
                add_proposal(table, &text, &c.was, &c.proposed, who, &source);
            }
            Target::Value => {
                let mut t = Table::new();
                if let Some(item) = &c.item {
                    t.insert("item", toml_edit::value(item.as_str()));
                }
                t.insert("party", toml_edit::value(who.party));
                t.insert("was", toml_edit::value(c.was.as_str()));
                t.insert("proposed", toml_edit::value(c.proposed.as_str()));
                t.insert("source", toml_edit::value(source.as_str()));
                tables(&mut doc, "value_changes")?.push(t);
            }
            Target::Unplaced(_) => {}
        }
    }
    for n in &plan.notes {
        let t = note_table(n, who);
        tables(&mut doc, "notes")?.push(t);
    }
    Ok(doc.to_string())
}

fn body_table(doc: &mut DocumentMut, k: usize) -> Result<&mut Table, WriteError> {
    doc.get_mut("body")
        .and_then(Item::as_array_of_tables_mut)
        .and_then(|a| a.get_mut(k))
        .ok_or_else(|| WriteError::Unparsable("`body` is not a list of [[body]] tables".to_owned()))
}

/// The top-level array of tables `key`, made when missing.
fn tables<'d>(doc: &'d mut DocumentMut, key: &str) -> Result<&'d mut ArrayOfTables, WriteError> {
    doc.entry(key)
        .or_insert(Item::ArrayOfTables(ArrayOfTables::new()))
        .as_array_of_tables_mut()
        .ok_or_else(|| WriteError::Unparsable(format!("`{key}` is not a list of [[{key}]] tables")))
}

fn option(party: &str, text: &str, source: Option<&str>) -> Value {
    let mut t = InlineTable::new();
    t.insert("party", party.into());
    t.insert("text", text.into());
    if let Some(s) = source {
        t.insert("source", s.into());
    }
    Value::InlineTable(t)
}

/// Record the party's words for `was` on a paragraph table, joining a proposal on the same or
/// overlapping words.
fn add_proposal(
    table: &mut Table,
    text: &str,
    was: &str,
    proposed: &str,
    who: &Attribution<'_>,
    source: &str,
) {
    let list = table
        .entry("proposals")
        .or_insert(Item::Value(Value::Array(Array::new())));
    let Some(list) = list.as_array_mut() else {
        return;
    };
    let at_of = |v: &Value| -> Option<String> {
        v.as_inline_table()?.get("at")?.as_str().map(str::to_owned)
    };
    let new_at = text.find(was).map(|i| i..i + was.len());
    let overlapping = (0..list.len()).find(|&i| {
        let (Some(at), Some(n)) = (list.get(i).and_then(at_of), new_at.clone()) else {
            return false;
        };
        text.find(&at)
            .is_some_and(|j| j < n.end && n.start < j + at.len())
    });
    let Some(i) = overlapping else {
        let mut options = Array::new();
        options.push_formatted(option(who.pen, was, None));
        options.push_formatted(option(who.party, proposed, Some(source)));
        let mut p = InlineTable::new();
        p.insert("at", was.into());
        p.insert("options", Value::Array(options));
        let mut v = Value::InlineTable(p);
        v.decor_mut().set_prefix("\n  ");
        list.push_formatted(v);
        list.set_trailing("\n");
        list.set_trailing_comma(true);
        return;
    };
    let Some(existing) = list.get_mut(i).and_then(Value::as_inline_table_mut) else {
        return;
    };
    widen(existing, text, was, proposed, who, source);
}

/// Join the party's words to an existing proposal whose words overlap `was`: both widened to
/// the union of the two spans, each alternative with the words it did not change around it.
fn widen(
    existing: &mut InlineTable,
    text: &str,
    was: &str,
    proposed: &str,
    who: &Attribution<'_>,
    source: &str,
) {
    let old_at = existing
        .get("at")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let (Some(e), Some(n)) = (text.find(&old_at), text.find(was)) else {
        return;
    };
    let start = e.min(n);
    let end = (e + old_at.len()).max(n + was.len());
    let around = |at: usize, len: usize, words: &str| {
        format!("{}{words}{}", &text[start..at], &text[at + len..end])
    };
    let mut options = Array::new();
    if let Some(old) = existing.get("options").and_then(Value::as_array) {
        for o in old.iter() {
            let Some(t) = o.as_inline_table() else {
                continue;
            };
            if t.get("party").and_then(Value::as_str) == Some(who.party) {
                continue;
            }
            let words = t.get("text").and_then(Value::as_str).unwrap_or_default();
            let mut t = t.clone();
            t.insert("text", around(e, old_at.len(), words).into());
            options.push_formatted(Value::InlineTable(t));
        }
    }
    options.push_formatted(option(
        who.party,
        &around(n, was.len(), proposed),
        Some(source),
    ));
    existing.insert("at", text[start..end].into());
    existing.insert("options", Value::Array(options));
}

fn note_table(n: &PlannedNote, who: &Attribution<'_>) -> Table {
    let mut t = Table::new();
    if let Some(item) = &n.item {
        t.insert("item", toml_edit::value(item.as_str()));
    }
    t.insert("party", toml_edit::value(who.party));
    t.insert("author", toml_edit::value(n.author.as_str()));
    t.insert("date", toml_edit::value(n.date.as_str()));
    if !n.on.is_empty() {
        t.insert("on", toml_edit::value(n.on.as_str()));
    }
    t.insert("text", toml_edit::value(n.text.as_str()));
    if !n.replies.is_empty() {
        let mut replies = Array::new();
        for (author, date, text) in &n.replies {
            let mut r = InlineTable::new();
            r.insert("author", author.as_str().into());
            r.insert("date", date.as_str().into());
            r.insert("text", text.as_str().into());
            replies.push_formatted(Value::InlineTable(r));
        }
        t.insert("replies", toml_edit::value(replies));
    }
    t
}
