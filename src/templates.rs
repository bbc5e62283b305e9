//! The handlebars layer: registry in strict mode, the genre's helpers, the Markdown escape that
//! marks data values, and a static check of every variable a template uses.
//!
//! Data is never evaluated as a template: values reach templates only through the context, and
//! every value written by `{{…}}` or a helper goes through [`escape_value`], which escapes it for
//! Markdown and wraps it in the value sentinels of the document model (so diffs can tell values
//! from wording). Handlebars' strict mode does not look inside `#if`/`#each` bodies that are not
//! rendered; [`check_template`] closes that gap by walking the template's syntax tree against the
//! context before anything renders, reporting each unknown variable with its line and column.

use std::collections::BTreeSet;

use handlebars::template::{HelperTemplate, Parameter, Template, TemplateElement};
use handlebars::{
    Context, Handlebars, Helper, HelperResult, JsonValue, Output, Path as HbPath, RenderContext,
    RenderErrorReason,
};

use crate::document::{MONTHS, VALUE_END, VALUE_START};
use crate::draft::{ListStyle, parse_iso_date};

/// Helpers the templates may call; anything else with arguments is an unknown helper.
pub const HELPERS: &[&str] = &[
    "ordinal",
    "Ordinal",
    "nth",
    "date",
    "join",
    "upper",
    "lower",
    "capitalize",
    "if",
    "unless",
    "each",
    "with",
    "lookup",
    "eq",
    "ne",
    "gt",
    "lt",
    "and",
    "or",
    "not",
    "len",
];

/// A registry with chancery's settings: strict mode, value escape, the genre's helpers.
pub fn registry() -> Handlebars<'static> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(escape_value);
    hb.register_helper("ordinal", Box::new(ordinal_helper));
    hb.register_helper("Ordinal", Box::new(ordinal_helper));
    hb.register_helper("nth", Box::new(ordinal_helper));
    hb.register_helper("date", Box::new(date_helper));
    hb.register_helper("join", Box::new(join_helper));
    hb.register_helper("upper", Box::new(case_helper));
    hb.register_helper("lower", Box::new(case_helper));
    hb.register_helper("capitalize", Box::new(case_helper));
    hb
}

/// Escape a data value for Markdown and mark it as a value. Any escaped ASCII punctuation reads
/// back as itself in CommonMark, so we escape generously: everything that could open syntax
/// inline or at the start of a line. Line breaks become spaces: a value stays inside its paragraph.
pub fn escape_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    out.push(VALUE_START);
    out.push_str(&escape_markdown(value));
    out.push(VALUE_END);
    out
}

/// Backslash-escape Markdown syntax in text that must print as written (see
/// [`crate::document::markdown::escape`], the one implementation).
pub fn escape_markdown(text: &str) -> String {
    crate::document::markdown::escape(text)
}

// ---------------------------------------------------------------------------------------------
// Helpers.

const ONES: [&str; 20] = [
    "",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
];
const TENS_ORD: [&str; 10] = [
    "",
    "",
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "sixtieth",
    "seventieth",
    "eightieth",
    "ninetieth",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// "second", "twenty-first"; numbers from 100 on are written "100th".
pub fn ordinal_word(n: u64) -> String {
    match n {
        0 => "zeroth".to_owned(),
        1..=19 => ONES[n as usize].to_owned(),
        20..=99 if n.is_multiple_of(10) => TENS_ORD[(n / 10) as usize].to_owned(),
        20..=99 => format!("{}-{}", TENS[(n / 10) as usize], ONES[(n % 10) as usize]),
        _ => ordinal_numeric(n),
    }
}

/// "1st", "2nd", "3rd", "11th", "22nd".
pub fn ordinal_numeric(n: u64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Upper-case the first letter of each word ("twenty-first" -> "Twenty-First" is wrong in
/// running text, so only the first letter of the whole phrase is raised).
pub fn capitalize(text: &str) -> String {
    // Skip leading sentinels (a clause value is wrapped as wording) to reach the first letter.
    let start = text
        .char_indices()
        .find(|(_, c)| !('\u{E000}'..='\u{E008}').contains(c));
    match start {
        Some((i, c)) => {
            let mut out = String::with_capacity(text.len());
            out.push_str(&text[..i]);
            out.extend(c.to_uppercase());
            out.push_str(&text[i + c.len_utf8()..]);
            out
        }
        None => text.to_owned(),
    }
}

fn param_u64(h: &Helper<'_>, name: &str) -> Result<u64, RenderErrorReason> {
    let v = h
        .param(0)
        .ok_or_else(|| RenderErrorReason::ParamNotFoundForIndex("ordinal", 0))?;
    match v.value() {
        JsonValue::Number(n) => n.as_u64(),
        JsonValue::String(s) => crate::document::strip_sentinels(s).trim().parse().ok(),
        _ => None,
    }
    .ok_or_else(|| {
        RenderErrorReason::Other(format!("`{name}` needs a whole number, got {}", v.value()))
    })
}

fn hash_str<'a>(h: &'a Helper<'_>, key: &str) -> Option<&'a str> {
    h.hash_get(key).and_then(|v| v.value().as_str())
}

/// `{{ordinal n}}` -> "second"; `{{Ordinal n}}` -> "Second"; `{{nth n}}` -> "2nd".
/// Options: `case="lower"|"title"|"upper"`, `style="word"|"numeric"`.
fn ordinal_helper(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let name = h.name();
    let n = param_u64(h, name)?;
    let numeric = name == "nth" || hash_str(h, "style") == Some("numeric");
    let word = if numeric {
        ordinal_numeric(n)
    } else {
        ordinal_word(n)
    };
    let text = match (name, hash_str(h, "case")) {
        (_, Some("upper")) => word.to_uppercase(),
        (_, Some("title")) | ("Ordinal", None) => capitalize(&word),
        _ => word,
    };
    out.write(&escape_value(&text))?;
    Ok(())
}

/// Spell out one date or consecutive days in a style: `long` ("May 9, 2014"; "August 26 and
/// 27, 2024"), `dmy` ("9 May 2014"), `month-year` ("May 2014"), `year`, `iso`.
pub fn format_dates(days: &[crate::document::SimpleDate], style: &str) -> Option<String> {
    let first = *days.first()?;
    let last = *days.last()?;
    let month = |d: crate::document::SimpleDate| MONTHS[usize::from(d.month) - 1];
    Some(match style {
        "iso" => first.to_string(),
        "year" => first.year.to_string(),
        "month-year" => format!("{} {}", month(first), first.year),
        "dmy" => {
            if days.len() == 1 {
                format!("{} {} {}", first.day, month(first), first.year)
            } else if first.month == last.month && first.year == last.year {
                let sep = if days.len() == 2 { " and " } else { "\u{2013}" };
                format!(
                    "{}{sep}{} {} {}",
                    first.day,
                    last.day,
                    month(first),
                    first.year
                )
            } else {
                format!(
                    "{} {} {} \u{2013} {} {} {}",
                    first.day,
                    month(first),
                    first.year,
                    last.day,
                    month(last),
                    last.year
                )
            }
        }
        _ => {
            if days.len() == 1 {
                format!("{} {}, {}", month(first), first.day, first.year)
            } else if first.year != last.year {
                let sep = if days.len() == 2 {
                    " and "
                } else {
                    " \u{2013} "
                };
                format!(
                    "{} {}, {}{sep}{} {}, {}",
                    month(first),
                    first.day,
                    first.year,
                    month(last),
                    last.day,
                    last.year
                )
            } else if first.month != last.month {
                let sep = if days.len() == 2 {
                    " and "
                } else {
                    " \u{2013} "
                };
                format!(
                    "{} {}{sep}{} {}, {}",
                    month(first),
                    first.day,
                    month(last),
                    last.day,
                    last.year
                )
            } else if days.len() == 2 {
                format!(
                    "{} {} and {}, {}",
                    month(first),
                    first.day,
                    last.day,
                    first.year
                )
            } else {
                format!(
                    "{} {}\u{2013}{}, {}",
                    month(first),
                    first.day,
                    last.day,
                    first.year
                )
            }
        }
    })
}

/// `{{date meeting.dates}}`: a date (`"2014-05-09"`) or a list of consecutive days; a null date
/// prints `[date]`, the drafter's placeholder. Options: `style="long"|"dmy"|"month-year"|"year"|"iso"`,
/// `day="first"|"last"` for one day of a meeting over several.
fn date_helper(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let v = h
        .param(0)
        .ok_or_else(|| RenderErrorReason::ParamNotFoundForIndex("date", 0))?;
    let texts: Vec<&str> = match v.value() {
        JsonValue::Null => {
            out.write("[date]")?;
            return Ok(());
        }
        JsonValue::String(s) => vec![s.as_str()],
        JsonValue::Array(a) => a.iter().filter_map(JsonValue::as_str).collect(),
        other => {
            return Err(RenderErrorReason::Other(format!(
                "`date` needs a YYYY-MM-DD string, got {other}"
            ))
            .into());
        }
    };
    let days: Option<Vec<_>> = texts
        .iter()
        .map(|t| parse_iso_date(&crate::document::strip_sentinels(t)))
        .collect();
    let mut days = days.filter(|d| !d.is_empty()).ok_or_else(|| {
        RenderErrorReason::Other(format!("`date` needs YYYY-MM-DD dates, got {}", v.value()))
    })?;
    // `day="last"`: only the last day of a meeting (the day a text is signed), `day="first"`.
    match hash_str(h, "day") {
        Some("last") => days = days.split_off(days.len() - 1),
        Some("first") => days.truncate(1),
        _ => {}
    }
    let style = hash_str(h, "style").unwrap_or("long");
    let text = format_dates(&days, style)
        .ok_or_else(|| RenderErrorReason::Other("`date` got no days".to_owned()))?;
    out.write(&escape_value(&text))?;
    Ok(())
}

/// Join list items: comma ("A, B and C"), oxford ("A, B, and C"), semicolon ("A; B; and C").
pub fn join_list(items: &[String], style: ListStyle, conjunction: &str) -> String {
    let sep = match style {
        ListStyle::Semicolon => "; ",
        ListStyle::Comma | ListStyle::Oxford => ", ",
    };
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} {conjunction} {b}"),
        [init @ .., last] => {
            let head = init.join(sep);
            let before_last = match style {
                ListStyle::Comma => " ",
                ListStyle::Oxford => ", ",
                ListStyle::Semicolon => "; ",
            };
            format!("{head}{before_last}{conjunction} {last}")
        }
    }
}

/// `{{join list style="oxford" conj="or"}}`; `style` may also be a party's `list_style` value.
fn join_helper(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let v = h
        .param(0)
        .ok_or_else(|| RenderErrorReason::ParamNotFoundForIndex("join", 0))?;
    let items: Vec<String> = match v.value() {
        JsonValue::Array(a) => a
            .iter()
            .map(|x| match x {
                JsonValue::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect(),
        JsonValue::String(s) => vec![s.clone()],
        other => {
            return Err(
                RenderErrorReason::Other(format!("`join` needs a list, got {other}")).into(),
            );
        }
    };
    let style_name = hash_str(h, "style").unwrap_or("comma");
    let style = ListStyle::parse(style_name).ok_or_else(|| {
        RenderErrorReason::Other(format!(
            "unknown list style `{style_name}`: use comma, oxford or semicolon"
        ))
    })?;
    let conj = hash_str(h, "conj").unwrap_or("and");
    out.write(&escape_value(&join_list(&items, style, conj)))?;
    Ok(())
}

/// `{{upper x}}`, `{{lower x}}`, `{{capitalize x}}`.
fn case_helper(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let v = h
        .param(0)
        .ok_or_else(|| RenderErrorReason::ParamNotFoundForIndex("case", 0))?;
    let text = match v.value() {
        JsonValue::String(s) => s.clone(),
        other => other.to_string(),
    };
    let text = match h.name() {
        "upper" => text.to_uppercase(),
        "lower" => text.to_lowercase(),
        _ => capitalize(&text),
    };
    out.write(&escape_value(&text))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Static check.

/// A variable a template uses that the context does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingVar {
    /// The path as written (`meeting.cty`).
    pub path: String,
    /// 1-based line and column inside the template source.
    pub line: usize,
    pub col: usize,
}

/// What [`check_template`] found.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    pub missing: Vec<MissingVar>,
    /// Helpers called that are not registered.
    pub unknown_helpers: Vec<MissingVar>,
    /// Top-level names the template reads from the root context.
    pub used_roots: BTreeSet<String>,
}

/// Walk `tpl` against `context`: every path anywhere in it, `#if`/`#each` bodies and `else`
/// branches included, must resolve. A path reaching a `null` counts as known (an optional value
/// that is absent), since contexts are serialized with every key present.
pub fn check_template(tpl: &Template, context: &JsonValue) -> CheckReport {
    let mut report = CheckReport::default();
    let mut scopes = vec![context];
    walk(tpl, &mut scopes, &mut report);
    report
}

fn walk(tpl: &Template, scopes: &mut Vec<&JsonValue>, report: &mut CheckReport) {
    for (i, el) in tpl.elements.iter().enumerate() {
        let (line, col) = tpl.mapping.get(i).map_or((0, 0), |m| (m.0, m.1));
        match el {
            TemplateElement::Expression(ht) | TemplateElement::HtmlExpression(ht) => {
                expression(ht, scopes, report, line, col);
            }
            TemplateElement::HelperBlock(ht) => block(ht, scopes, report, line, col),
            // Raw text, comments, partials and decorators read no context (handlebars' enums
            // are non-exhaustive, hence the wildcard).
            _ => {}
        }
    }
}

fn expression(
    ht: &HelperTemplate,
    scopes: &[&JsonValue],
    report: &mut CheckReport,
    line: usize,
    col: usize,
) {
    let is_call = !ht.params.is_empty() || !ht.hash.is_empty();
    match &ht.name {
        Parameter::Name(name) if is_call && !HELPERS.contains(&name.as_str()) => {
            report.unknown_helpers.push(MissingVar {
                path: name.clone(),
                line,
                col,
            });
        }
        Parameter::Name(name) if !HELPERS.contains(&name.as_str()) => {
            check_path(name, scopes, report, line, col);
        }
        Parameter::Path(p) => check_param_path(p, scopes, report, line, col),
        _ => {}
    }
    for p in ht.params.iter().chain(ht.hash.values()) {
        param(p, scopes, report, line, col);
    }
}

fn param(p: &Parameter, scopes: &[&JsonValue], report: &mut CheckReport, line: usize, col: usize) {
    match p {
        Parameter::Path(path) => check_param_path(path, scopes, report, line, col),
        Parameter::Name(name) => check_path(name, scopes, report, line, col),
        Parameter::Subexpression(sub) => {
            if let TemplateElement::Expression(ht) = sub.as_element() {
                expression(ht, scopes, report, line, col);
            }
        }
        _ => {}
    }
}

fn check_param_path(
    p: &HbPath,
    scopes: &[&JsonValue],
    report: &mut CheckReport,
    line: usize,
    col: usize,
) {
    match p {
        HbPath::Relative((_, raw)) => check_path(raw, scopes, report, line, col),
        HbPath::Local(_) => {}
    }
}

fn block(
    ht: &HelperTemplate,
    scopes: &mut Vec<&JsonValue>,
    report: &mut CheckReport,
    line: usize,
    col: usize,
) {
    let name = match &ht.name {
        Parameter::Name(n) => n.as_str(),
        _ => "",
    };
    if !HELPERS.contains(&name) {
        report.unknown_helpers.push(MissingVar {
            path: name.to_owned(),
            line,
            col,
        });
    }
    for p in ht.params.iter().chain(ht.hash.values()) {
        param(p, scopes, report, line, col);
    }
    // Block parameters (`as |x|`) introduce names we do not track: check only the outer scope.
    let tracks_scope = ht.block_param.is_none();
    let inner_scope = match (name, ht.params.first()) {
        ("each", Some(p)) => resolve_param(p, scopes).map(|v| match v {
            JsonValue::Array(a) => a.first(),
            JsonValue::Object(o) => o.values().next(),
            _ => None,
        }),
        ("with", Some(p)) => resolve_param(p, scopes).map(Some),
        _ => Some(scopes.last().copied()),
    };
    if let Some(body) = &ht.template {
        match inner_scope {
            // An empty list renders nothing; its body cannot be checked against an item.
            Some(None) => {}
            Some(Some(scope)) if tracks_scope => {
                let pushed = name == "each" || name == "with";
                if pushed {
                    scopes.push(scope);
                }
                walk(body, scopes, report);
                if pushed {
                    scopes.pop();
                }
            }
            Some(Some(_)) | None => {}
        }
    }
    if let Some(inverse) = &ht.inverse {
        walk(inverse, scopes, report);
    }
}

fn resolve_param<'a>(p: &Parameter, scopes: &[&'a JsonValue]) -> Option<&'a JsonValue> {
    let raw = match p {
        Parameter::Path(HbPath::Relative((_, raw))) => raw.as_str(),
        Parameter::Name(n) => n.as_str(),
        _ => return None,
    };
    match resolve(raw, scopes) {
        Resolved::Found(v) => Some(v),
        Resolved::Null | Resolved::Missing => None,
    }
}

enum Resolved<'a> {
    Found(&'a JsonValue),
    Null,
    Missing,
}

fn resolve<'a>(raw: &str, scopes: &[&'a JsonValue]) -> Resolved<'a> {
    let mut depth = scopes.len().saturating_sub(1);
    let mut rest = raw;
    if let Some(r) = rest.strip_prefix("@root") {
        depth = 0;
        rest = r.trim_start_matches(['.', '/']);
    }
    while let Some(r) = rest.strip_prefix("../") {
        depth = depth.saturating_sub(1);
        rest = r;
    }
    let rest = rest
        .strip_prefix("this")
        .map_or(rest, |r| r.trim_start_matches(['.', '/']));
    let rest = rest.strip_prefix("./").unwrap_or(rest);
    let mut current: &'a JsonValue = scopes[depth];
    for seg in rest.split(['.', '/']).filter(|s| !s.is_empty()) {
        let seg = seg.trim_start_matches('[').trim_end_matches(']');
        current = match current {
            JsonValue::Object(o) => match o.get(seg) {
                Some(v) => v,
                None => return Resolved::Missing,
            },
            JsonValue::Array(a) => match seg.parse::<usize>().ok().and_then(|i| a.get(i)) {
                Some(v) => v,
                None => return Resolved::Missing,
            },
            JsonValue::Null => return Resolved::Null,
            JsonValue::Bool(_) | JsonValue::Number(_) | JsonValue::String(_) => {
                return Resolved::Missing;
            }
        };
    }
    if current.is_null() {
        Resolved::Null
    } else {
        Resolved::Found(current)
    }
}

fn check_path(raw: &str, scopes: &[&JsonValue], report: &mut CheckReport, line: usize, col: usize) {
    if raw.starts_with('@') && !raw.starts_with("@root") {
        return;
    }
    if scopes.len() == 1 && !raw.starts_with("../") {
        let root = raw
            .trim_start_matches("this.")
            .split(['.', '/'])
            .next()
            .unwrap_or(raw);
        report.used_roots.insert(
            root.trim_start_matches('[')
                .trim_end_matches(']')
                .to_owned(),
        );
    }
    if let Resolved::Missing = resolve(raw, scopes) {
        report.missing.push(MissingVar {
            path: raw.to_owned(),
            line,
            col,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::SimpleDate;

    // Ordinals are spelled out in words and in figures.
    #[test]
    fn ordinals() {
        assert_eq!(ordinal_word(2), "second");
        assert_eq!(ordinal_word(21), "twenty-first");
        assert_eq!(ordinal_word(40), "fortieth");
        assert_eq!(capitalize(&ordinal_word(3)), "Third");
        assert_eq!(ordinal_numeric(2), "2nd");
        assert_eq!(ordinal_numeric(11), "11th");
        assert_eq!(ordinal_numeric(23), "23rd");
    }

    // Dates and multi-day meetings read as a drafter writes them.
    #[test]
    fn dates() {
        let d = |m, day| SimpleDate {
            year: 2024,
            month: m,
            day,
        };
        assert_eq!(
            format_dates(
                &[SimpleDate {
                    year: 2014,
                    month: 5,
                    day: 9
                }],
                "long"
            )
            .unwrap(),
            "May 9, 2014"
        );
        assert_eq!(
            format_dates(&[d(8, 26), d(8, 27)], "long").unwrap(),
            "August 26 and 27, 2024"
        );
        assert_eq!(
            format_dates(&[d(8, 31), d(9, 1)], "long").unwrap(),
            "August 31 and September 1, 2024"
        );
        assert_eq!(
            format_dates(&[d(8, 26), d(8, 27), d(8, 28)], "long").unwrap(),
            "August 26\u{2013}28, 2024"
        );
        assert_eq!(format_dates(&[d(3, 11)], "dmy").unwrap(), "11 March 2024");
        assert_eq!(
            format_dates(&[d(3, 11)], "month-year").unwrap(),
            "March 2024"
        );
    }

    // Lists join with or without the serial comma, or with semicolons.
    #[test]
    fn lists() {
        let items: Vec<String> = ["A", "B", "C"].iter().map(|s| s.to_string()).collect();
        assert_eq!(join_list(&items, ListStyle::Comma, "and"), "A, B and C");
        assert_eq!(join_list(&items, ListStyle::Oxford, "and"), "A, B, and C");
        assert_eq!(
            join_list(&items, ListStyle::Semicolon, "and"),
            "A; B; and C"
        );
        assert_eq!(join_list(&items[..2], ListStyle::Oxford, "or"), "A or B");
    }

    // The static check finds unknown variables inside #if and #each, with positions.
    #[test]
    fn static_check_reaches_inside_blocks() {
        let tpl = Template::compile(
            "{{#if a}}{{b}}{{/if}}\n{{#each xs}}{{this.name}} {{this.nope}}{{/each}}{{a}}",
        )
        .unwrap();
        let ctx = serde_json::json!({"a": true, "xs": [{"name": "n"}]});
        let report = check_template(&tpl, &ctx);
        let missing: Vec<_> = report
            .missing
            .iter()
            .map(|m| (m.path.as_str(), m.line))
            .collect();
        assert_eq!(missing, vec![("b", 1), ("this.nope", 2)]);
        assert!(report.used_roots.contains("a"));
    }

    // Values are escaped for Markdown and wrapped in sentinels.
    #[test]
    fn values_are_escaped_and_marked() {
        let md = escape_value("*D.C.*");
        assert!(md.starts_with(VALUE_START) && md.ends_with(VALUE_END));
        let blocks = crate::document::markdown::parse_blocks(&md);
        assert_eq!(blocks[0].plain_text(), "*D.C.*");
    }
}
