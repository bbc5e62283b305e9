//! Writing a plan out: clause files (front matter, then the paragraph's wording around its
//! expressions, escaped only where Markdown or handlebars would read syntax), `meeting.toml`,
//! and a statement skeleton when the heading block needs its own.

use super::plan::{Para, Plan, style_name};
use super::{ExtractOptions, ExtractedClause, Extraction};
use crate::clauses::embedded_statement;
use crate::document::{BlockKind, SimpleDate};

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

    fn meeting_toml(&self, opts: &ExtractOptions) -> String {
        let mut t = String::new();
        t.push_str(&format!(
            "# Extracted from {} by `chancery clauses extract`.\n# Review the parties, lists and values; `chancery build` on this folder rebuilds the statement.\n\n",
            opts.label
        ));
        t.push_str(&format!("[series]\nname = {}\n", q(&self.series)));
        if let Some(s) = &self.short_name {
            t.push_str(&format!("short_name = {}\n", q(s)));
        }
        if let Some(b) = &self.brief_name {
            t.push_str(&format!("brief_name = {}\n", q(b)));
        }
        t.push_str(&format!("\n[meeting]\nnumber = {}\n", self.number));
        if let Some((days, _)) = &self.dates {
            t.push_str(&format!("date = {}\n", dates_toml(days)));
        }
        t.push_str(&format!("city = {}\n", q(&self.city)));
        let host = &self.parties[self.host];
        if let Some(c) = &self.country
            && host.country.as_deref() != Some(c)
        {
            t.push_str(&format!("country = {}\n", q(c)));
        }
        t.push_str(&format!("host = {}\n", q(&host.key)));
        for p in &self.parties {
            t.push_str(&format!(
                "\n[[parties]]\nkey = {}\nname = {}\nshort_name = {}\nadjective = {}\ngovernment = {}\n",
                q(&p.key),
                q(&p.name),
                q(&p.short_name),
                q(&p.adjective),
                q(&p.government)
            ));
            if let Some(c) = &p.country {
                t.push_str(&format!("country = {}\n", q(c)));
            }
            for (field, items) in [
                ("co_chairs", &p.co_chairs),
                ("participants", &p.participants),
            ] {
                if !items.is_empty() {
                    t.push_str(&format!("{field} = [\n"));
                    for i in items {
                        t.push_str(&format!("  {},\n", q(i)));
                    }
                    t.push_str("]\n");
                }
            }
            if let Some(s) = p.list_style {
                t.push_str(&format!("list_style = {}\n", q(style_name(s))));
            }
        }
        if let Some(prev) = &self.previous {
            t.push_str(&format!(
                "\n[previous]\nnumber = {}\ndate = {}\ncity = {}\n",
                prev.number,
                dates_toml(&prev.days),
                q(&prev.city)
            ));
            if let Some(c) = &prev.country {
                t.push_str(&format!("country = {}\n", q(c)));
            }
        }
        if let Some(next) = &self.next {
            t.push_str(&format!(
                "\n[next]\ncity = {}\ntiming = {}\n",
                q(&next.city),
                q(&next.timing)
            ));
        }
        for p in &self.paras {
            t.push_str(&format!("\n[[body]]\nclause = {}\n", q(&p.id)));
            let values: Vec<String> = p
                .spans
                .iter()
                .filter(|_| !p.literal)
                .filter_map(|s| s.value.as_ref())
                .map(|(k, v)| format!("{k} = {}", q(v)))
                .collect();
            if !values.is_empty() {
                t.push_str(&format!("values = {{ {} }}\n", values.join(", ")));
            }
        }
        t
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
    let mut out = format!(
        "+++\nid = {}\ntitle = {}\ntopic = \"extracted\"\nstatus = \"agreed\"\ndescription = {}\n+++\n",
        q(&p.id),
        q(&format!("{}{ellipsis}", preview.join(" "))),
        q(&format!(
            "Paragraph {} of {}, as adopted.",
            p.number, opts.label
        )),
    );
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

/// A TOML basic string.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn dates_toml(days: &[SimpleDate]) -> String {
    match days {
        [one] => q(&one.to_string()),
        _ => format!(
            "[{}]",
            days.iter()
                .map(|d| q(&d.to_string()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
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
}
