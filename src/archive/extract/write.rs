//! Writing a plan out: clause files (front matter, then the paragraph's wording around its
//! expressions, escaped only where Markdown or handlebars would read syntax), `meeting.toml`,
//! and a statement skeleton when the heading block needs its own. TOML is built with
//! toml_edit, as `next` edits it, never by formatting strings.

use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value, value};
use toml_writer::{ToTomlValue, TomlStringBuilder};

use super::plan::{Para, Party, Plan};
use super::{ExtractOptions, ExtractedClause, Extraction};
use crate::clauses::embedded_statement;
use crate::document::{BlockKind, SimpleDate};
use crate::wording::ListStyle;

impl Plan {
    /// The files this plan proposes.
    pub(super) fn render(&self, opts: &ExtractOptions) -> Extraction {
        let clauses = self
            .paras
            .iter()
            .map(|p| ExtractedClause {
                id: p.id.clone(),
                text: clause_file(p, opts),
            })
            .collect();
        let heading = self.heading_lines();
        let embedded = embedded_statement();
        let statement = if embedded.contains(&heading) && !heading.is_empty() {
            None
        } else {
            Some(skeleton(&heading, embedded, &opts.label))
        };
        Extraction {
            meeting_toml: self.meeting_toml(opts),
            clauses,
            statement,
            notes: Vec::new(),
        }
    }

    /// The heading block as skeleton lines (`# … {.title}` …).
    fn heading_lines(&self) -> String {
        let mut out = String::new();
        if let Some(t) = &self.title {
            out.push_str(&format!("# {} {{.title}}\n\n", literal(t)));
        }
        if let Some(s) = &self.subtitle {
            let line = if self.subtitle_fits && !self.heading_literal {
                "The {{Ordinal meeting.number}} Meeting of the {{pair}} {{series.name}}".to_owned()
            } else {
                literal(s)
            };
            out.push_str(&format!("## {line} {{.subtitle}}\n\n"));
        }
        if let Some(d) = &self.date_line {
            let line = match (&self.dates, self.heading_literal) {
                (Some((_, false)), false) => "{{date meeting.dates}}".to_owned(),
                (Some((_, true)), false) => "{{date meeting.dates style=\"dmy\"}}".to_owned(),
                (Some(_) | None, true) | (None, false) => literal(d),
            };
            out.push_str(&format!("### {line} {{.date}}\n\n"));
        }
        out
    }

    /// `meeting.toml`, built with toml_edit as `next` edits it: the series, the meeting, the
    /// parties with their lists, the previous and next meetings, and the body's clauses with
    /// their own values.
    fn meeting_toml(&self, opts: &ExtractOptions) -> String {
        let mut doc = DocumentMut::new();
        let mut series = table(&[("name", Some(&self.series))]);
        series.decor_mut().set_prefix(format!(
            "# Extracted from {} by `chancery clauses extract`.\n# Review the parties, lists and values; `chancery build` on this folder rebuilds the statement.\n\n",
            opts.label
        ));
        set_text(&mut series, "short_name", self.short_name.as_deref());
        set_text(&mut series, "brief_name", self.brief_name.as_deref());
        doc.insert("series", Item::Table(series));
        doc.insert("meeting", Item::Table(self.meeting_table()));
        let mut parties = ArrayOfTables::new();
        for p in &self.parties {
            parties.push(party_table(p));
        }
        doc.insert("parties", Item::ArrayOfTables(parties));
        if let Some(prev) = &self.previous {
            let mut t = Table::new();
            t.insert("number", value(i64::from(prev.number)));
            t.insert("date", Item::Value(dates_value(&prev.days)));
            set_text(&mut t, "city", Some(&prev.city));
            set_text(&mut t, "country", prev.country.as_deref());
            doc.insert("previous", Item::Table(t));
        }
        if let Some(next) = &self.next {
            let t = table(&[("city", Some(&next.city)), ("timing", Some(&next.timing))]);
            doc.insert("next", Item::Table(t));
        }
        let mut body = ArrayOfTables::new();
        for p in &self.paras {
            body.push(body_table(p));
        }
        doc.insert("body", Item::ArrayOfTables(body));
        doc.to_string()
    }

    /// `[meeting]`: number, dates, city, the country when it is not the host's, the host.
    fn meeting_table(&self) -> Table {
        let mut t = Table::new();
        t.insert("number", value(i64::from(self.number)));
        if let Some((days, _)) = &self.dates {
            t.insert("date", Item::Value(dates_value(days)));
        }
        set_text(&mut t, "city", Some(&self.city));
        let host = &self.parties[self.host];
        let country = self
            .country
            .as_deref()
            .filter(|c| host.country.as_deref() != Some(*c));
        set_text(&mut t, "country", country);
        set_text(&mut t, "host", Some(&host.key));
        t
    }
}

/// One `[[parties]]` table: names, country, lists (one item a line), list style.
fn party_table(p: &Party) -> Table {
    let mut t = table(&[
        ("key", Some(&p.key)),
        ("name", Some(&p.name)),
        ("short_name", Some(&p.short_name)),
        ("adjective", Some(&p.adjective)),
        ("government", Some(&p.government)),
    ]);
    set_text(&mut t, "country", p.country.as_deref());
    for (field, items) in [
        ("co_chairs", &p.co_chairs),
        ("participants", &p.participants),
    ] {
        if !items.is_empty() {
            let mut list: Array = items.iter().map(|i| text(i)).collect();
            for item in list.iter_mut() {
                item.decor_mut().set_prefix("\n  ");
            }
            list.set_trailing_comma(true);
            list.set_trailing("\n");
            t.insert(field, Item::Value(list.into()));
        }
    }
    set_text(&mut t, "list_style", p.list_style.map(ListStyle::name));
    t
}

/// One `[[body]]` table: the clause, and its own values unless it is kept as written.
fn body_table(p: &Para) -> Table {
    let mut t = table(&[("clause", Some(&p.id))]);
    let values: InlineTable = p
        .spans
        .iter()
        .filter(|_| !p.literal)
        .filter_map(|s| s.value.as_ref())
        .map(|(k, v)| (k.as_str(), text(v)))
        .collect();
    if !values.is_empty() {
        t.insert("values", Item::Value(values.into()));
    }
    t
}

/// A table of the given strings, in order, leaving out those that are `None`.
fn table(fields: &[(&str, Option<&str>)]) -> Table {
    let mut t = Table::new();
    for (key, v) in fields {
        set_text(&mut t, key, *v);
    }
    t
}

/// Sets `key` to the string `v`, when there is one.
fn set_text(t: &mut Table, key: &str, v: Option<&str>) {
    if let Some(v) = v {
        t.insert(key, Item::Value(text(v)));
    }
}

/// A clause file: front matter and the paragraph as a template.
fn clause_file(p: &Para, opts: &ExtractOptions) -> String {
    let preview: Vec<&str> = p.text.split_whitespace().take(8).collect();
    let ellipsis = if p.text.split_whitespace().count() > 8 {
        "\u{2026}"
    } else {
        ""
    };
    let mut front = DocumentMut::new();
    front.insert("id", Item::Value(text(&p.id)));
    front.insert(
        "title",
        Item::Value(text(&format!("{}{ellipsis}", preview.join(" ")))),
    );
    front.insert("topic", Item::Value(text("extracted")));
    front.insert("status", Item::Value(text("agreed")));
    front.insert(
        "description",
        Item::Value(text(&format!(
            "Paragraph {} of {}, as adopted.",
            p.number, opts.label
        ))),
    );
    let mut out = format!("+++\n{front}+++\n");
    out.push_str(&block_prefix(&p.kind));
    let mut at = 0;
    if !p.literal {
        for s in &p.spans {
            out.push_str(&escape_wording(&p.text[at..s.range.start], at == 0));
            out.push_str(&s.expr);
            at = s.range.end;
        }
    }
    out.push_str(&escape_wording(&p.text[at..], at == 0));
    out.push_str(block_suffix(&p.kind));
    out.push('\n');
    out
}

fn block_prefix(kind: &BlockKind) -> String {
    match kind {
        BlockKind::Heading { level } => format!("{} ", "#".repeat(usize::from(*level))),
        BlockKind::ListItem {
            ordered: true,
            number,
        } => format!("{number}. "),
        BlockKind::ListItem { ordered: false, .. } => "- ".to_owned(),
        BlockKind::DoneAt => "### ".to_owned(),
        BlockKind::Title
        | BlockKind::Subtitle
        | BlockKind::DateLine
        | BlockKind::Paragraph
        | BlockKind::Signatures { .. }
        | BlockKind::PageBreak => String::new(),
    }
}

fn block_suffix(kind: &BlockKind) -> &'static str {
    match kind {
        BlockKind::DoneAt => " {.done-at}",
        BlockKind::Title
        | BlockKind::Subtitle
        | BlockKind::DateLine
        | BlockKind::Paragraph
        | BlockKind::Heading { .. }
        | BlockKind::ListItem { .. }
        | BlockKind::Signatures { .. }
        | BlockKind::PageBreak => "",
    }
}

/// Wording as a clause body holds it: Markdown and handlebars syntax escaped, and no more, so
/// the clause reads as the text it is. At the start of a paragraph, what would open a block
/// (a heading, a list, a quote) is escaped too.
fn escape_wording(text: &str, at_start: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.char_indices() {
        let opens_block = at_start
            && i == 0
            && (matches!(c, '#' | '>' | '-' | '+' | '=' | '|' | '~')
                || (c.is_ascii_digit() && list_number(text)));
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '&' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            _ if opens_block && !c.is_ascii_digit() => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        if opens_block && c.is_ascii_digit() {
            // "1. Both sides": escape the full stop after the number instead.
            let digits = text.len() - text.trim_start_matches(|d: char| d.is_ascii_digit()).len();
            out.push_str(&text[1..digits]);
            out.push('\\');
            return out + &escape_wording(&text[digits..], false);
        }
    }
    out
}

/// "12. " or "3) " at the start: Markdown would read an ordered list.
fn list_number(text: &str) -> bool {
    let rest = text.trim_start_matches(|d: char| d.is_ascii_digit());
    rest.len() < text.len() && (rest.starts_with(". ") || rest.starts_with(") "))
}

/// Text as written in a heading line: everything that could be syntax escaped.
fn literal(text: &str) -> String {
    crate::templates::escape_markdown(text)
}

/// A statement skeleton with this heading block and the default body and signatures.
fn skeleton(heading: &str, embedded: &str, label: &str) -> String {
    let body = embedded
        .find("{.date}\n")
        .map_or(embedded, |i| &embedded[i + "{.date}\n".len()..]);
    format!(
        "{{{{!-- Statement skeleton extracted from {label}: its heading block, then the default body. --}}}}\n{heading}{}",
        body.trim_start_matches('\n')
    )
}

/// A TOML basic string (`"…"`), as chancery's hand-written inputs quote every string.
/// toml_edit would choose a literal string (`'…'`) for text holding a quote or a backslash;
/// toml_writer (toml_edit's own encoder) writes the basic form, and toml_edit keeps the
/// representation of a value it parsed.
fn text(s: &str) -> Value {
    let basic = TomlStringBuilder::new(s).as_basic().to_toml_value();
    let mut v = basic.parse().unwrap_or_else(|_| Value::from(s));
    // A parsed value carries its own (empty) surroundings; the table lays it out instead.
    v.decor_mut().clear();
    v
}

/// A meeting's days: one date as a string, several as an array.
fn dates_value(days: &[SimpleDate]) -> Value {
    match days {
        [one] => text(&one.to_string()),
        _ => Value::Array(days.iter().map(|d| text(&d.to_string())).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Wording keeps its punctuation readable; only syntax is escaped.
    #[test]
    fn escapes_only_syntax() {
        assert_eq!(
            escape_wording("Both sides (SSA) re-affirmed \"two-way\" *x* {{y}}.", true),
            "Both sides (SSA) re-affirmed \"two-way\" \\*x\\* \\{\\{y\\}\\}."
        );
        assert_eq!(escape_wording("# not a heading", true), "\\# not a heading");
        assert_eq!(escape_wording("12. Item", true), "12\\. Item");
        assert_eq!(escape_wording("- x", false), "- x");
    }

    // Strings are TOML basic strings whatever they hold (toml_edit alone would write a quote
    // or a backslash as a literal string), and read back as the same text.
    #[test]
    fn strings_are_basic_strings() {
        let tricky = "the \"Joint\" Statement \\ 2014\ttab";
        let v = text(tricky);
        assert_eq!(v.to_string(), r#""the \"Joint\" Statement \\ 2014\ttab""#);
        assert_eq!(v.as_str(), Some(tricky));
        let mut t = table(&[("a", Some("x")), ("b", None), ("c", Some(tricky))]);
        t.insert("d", Item::Value(dates_value(&[])));
        let mut doc = DocumentMut::new();
        doc.insert("t", Item::Table(t));
        assert_eq!(
            doc.to_string(),
            "[t]\na = \"x\"\nc = \"the \\\"Joint\\\" Statement \\\\ 2014\\ttab\"\nd = []\n"
        );
    }
}
