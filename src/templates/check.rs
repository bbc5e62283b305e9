//! The static template check: every variable a template uses must be in its context.
//!
//! Handlebars' strict mode does not look inside `#if`/`#each` bodies that are not rendered;
//! [`check_template`] closes that gap by walking the template's syntax tree against the context
//! before anything renders, reporting each unknown variable and each unknown helper with its
//! line and column. It renders nothing and knows nothing of drafts or clauses: assembly maps
//! what it finds to diagnostics.

use std::collections::BTreeSet;

use handlebars::JsonValue;
use handlebars::Path as HbPath;
use handlebars::template::{HelperTemplate, Parameter, Template, TemplateElement};

use super::HELPERS;

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
    /// Helper calls with a bad option or a `lookup` of a missing key ([`super::options`]).
    pub bad_calls: Vec<super::BadCall>,
}

/// Walk `tpl` against `context`: every path anywhere in it, `#if`/`#each` bodies and `else`
/// branches included, must resolve. A path reaching a `null` counts as known (an optional value
/// that is absent), since contexts are serialized with every key present. The walk recurses
/// once per nested block: callers pass only templates within [`super::check_budget`]'s nesting
/// limit (handlebars' parser recurses the same way, so the budget is checked before parsing).
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
    if let Parameter::Name(name) = &ht.name
        && is_call
    {
        let resolve = |p: &Parameter| resolve_param(p, scopes);
        super::options::check_call(name, ht, &resolve, (line, col), &mut report.bad_calls);
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
    let resolve = |p: &Parameter| resolve_param(p, scopes);
    super::options::check_call(name, ht, &resolve, (line, col), &mut report.bad_calls);
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
}
