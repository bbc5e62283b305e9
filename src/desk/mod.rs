//! The reviewers' desk: the pages `chancery serve` shows, as text. A page is the page `build`
//! (or `diff`, or `provenance`) writes, unchanged inside `<main id="statement">`, with the
//! desk's side panel before it: copies, views, the open brackets by party, what still stops a
//! final copy, downloads, and the inputs' problems when they do not build. The index lists the
//! workspace's drafts with their status.
//!
//! Pure: values in, HTML out; no file, socket or clock. The panel works without JavaScript
//! (plain links and a form); the one script (`DESK_JS`) only reloads the page when the server
//! says the inputs changed.

use crate::error::{Diagnostic, Severity};
use crate::render::html::escape;

/// What a draft page shows in its main column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Statement,
    Redline,
    Provenance,
}

impl View {
    /// The `view=` value of the URL.
    pub fn as_str(self) -> &'static str {
        match self {
            View::Statement => "statement",
            View::Redline => "redline",
            View::Provenance => "provenance",
        }
    }

    /// Read `view=`.
    pub fn parse(s: &str) -> Option<View> {
        [View::Statement, View::Redline, View::Provenance]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// One row of the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftSummary {
    /// The draft's folder name (its id in URLs).
    pub name: String,
    /// "Third meeting, June 10, 2015, Tokyo", or the first problem when it does not build.
    pub heading: String,
    pub open_brackets: usize,
    /// Reasons a final copy would be refused (unagreed clauses, placeholders, brackets).
    pub refusals: usize,
    pub errors: usize,
}

/// An item of a panel list, linked to its place in the inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedItem {
    pub text: String,
    /// `file:line:col` in the inputs.
    pub place: String,
    /// Whose (a party key), for brackets; empty otherwise.
    pub party: String,
    /// Text to find in the statement: the item links to it (a text fragment, `#:~:text=`,
    /// which scrolls to and highlights it without any mark in the statement's own HTML).
    pub find: Option<String>,
}

/// Everything the side panel of a draft page shows.
#[derive(Debug, Clone)]
pub struct Panel<'a> {
    /// The draft's folder name.
    pub draft: &'a str,
    pub view: View,
    /// The party copy shown (`None`: as written).
    pub copy: Option<&'a str>,
    /// The language shown: the `lang=` value (empty: the draft's own).
    pub lang: &'a str,
    /// A bilingual draft's language choices: (value of `lang=`, label); empty for one language.
    pub languages: &'a [(String, String)],
    /// The parties: (key, label).
    pub parties: &'a [(String, String)],
    /// Redline bases: (value of `against=`, label), and the one shown.
    pub bases: &'a [(String, String)],
    pub against: &'a str,
    pub brackets: &'a [PlacedItem],
    pub refusals: &'a [PlacedItem],
    /// The inputs' problems; with `stale`, the page shows the last good build under them.
    pub diagnostics: &'a [Diagnostic],
    pub stale: bool,
}

/// The desk's stylesheet: the page-like column in the PDF's typeface, the panel beside it,
/// and a print view without the panel.
pub const DESK_CSS: &str = "@font-face{font-family:'Libertinus Serif';src:url(/assets/serif-regular.otf)}\
@font-face{font-family:'Libertinus Serif';font-style:italic;src:url(/assets/serif-italic.otf)}\
@font-face{font-family:'Libertinus Serif';font-weight:bold;src:url(/assets/serif-bold.otf)}\
html{background:#e8e6e1}body,body.parallel{max-width:none;margin:0;padding:0;font-family:'Libertinus Serif',serif}\
#statement{background:#fff;width:170mm;min-height:257mm;margin:2em 22em 2em auto;padding:20mm;\
box-shadow:0 1px 4px rgba(0,0,0,.25);box-sizing:content-box}\
#statement .draft{position:static;text-align:right}\
#desk{position:fixed;top:0;right:0;width:19em;height:100vh;overflow:auto;box-sizing:border-box;\
padding:1em;background:#f7f6f3;border-left:1px solid #ccc;font:14px/1.4 system-ui,sans-serif}\
#desk h2{font-size:1em;margin:1.2em 0 .3em;text-align:left;font-weight:bold}\
#desk p,#desk li{text-align:left;hyphens:manual}#desk h1{font-weight:bold}\
#desk a{color:#1a4b8c}#desk .on{font-weight:bold;color:#111;text-decoration:none}\
#desk ul{padding-left:1.1em;margin:.2em 0}#desk code{font-size:.85em}\
#desk .party{font-weight:bold}.problems{background:#fdecea;border:1px solid #b00020;padding:.6em;\
margin-bottom:1em}.problems p{margin:.3em 0;text-align:left}.problems .hint{color:#555}\
.stale{color:#b00020;font-weight:bold}\
@media print{@page{margin:25mm 20mm}html{background:#fff}#desk{display:none}#statement{margin:0;padding:0;box-shadow:none;width:auto}}";

/// The one script: reload when the server reports a change (server-sent events).
pub const DESK_JS: &str = "(function(){if(!window.EventSource)return;var t;\
var s=new EventSource('/events');s.onmessage=function(){clearTimeout(t);t=setTimeout(function(){\
if(document.getElementById('posted')){location.href=location.pathname+'?view=redline';}\
else{location.reload();}},150);};})();\n";

/// A URL query value.
pub fn url_escape(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Put the desk around a page that `build`, `diff` or `provenance` wrote: its body unchanged
/// inside `<main id="statement">`, the panel before it, the desk's stylesheet and script in its
/// head.
pub fn around(page: &str, panel: &Panel<'_>) -> String {
    let head_end = page.find("</head>").unwrap_or(0);
    let body_start = page[head_end..]
        .find("<body")
        .and_then(|i| page[head_end + i..].find('>').map(|j| head_end + i + j + 1))
        .unwrap_or(head_end);
    let body_end = page.rfind("</body>").unwrap_or(page.len());
    let mut out = String::with_capacity(page.len() + 4096);
    out.push_str(&page[..head_end]);
    out.push_str("<link rel=\"stylesheet\" href=\"/assets/desk.css\">\n<script src=\"/assets/desk.js\" defer></script>\n");
    out.push_str(&page[head_end..body_start]);
    out.push('\n');
    out.push_str(&panel_html(panel));
    out.push_str("<main id=\"statement\">");
    out.push_str(&page[body_start..body_end]);
    out.push_str("</main>\n");
    out.push_str(&page[body_end..]);
    out
}

/// A page for a draft that has never built: its problems only.
pub fn problems_page(panel: &Panel<'_>) -> String {
    around(
        &format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n</head>\n<body>\n<p>The inputs do not build yet; the problems are listed beside.</p>\n</body>\n</html>\n",
            escape(panel.draft)
        ),
        panel,
    )
}

fn link(out: &mut String, href: &str, label: &str, on: bool) {
    if on {
        out.push_str(&format!("<span class=\"on\">{}</span>", escape(label)));
    } else {
        out.push_str(&format!(
            "<a href=\"{}\">{}</a>",
            escape(href),
            escape(label)
        ));
    }
}

fn panel_html(p: &Panel<'_>) -> String {
    let base = format!("/d/{}/", url_escape(p.draft));
    let lang_q = lang_query(p);
    let copy_q = p
        .copy
        .map_or(String::new(), |c| format!("&copy={}", url_escape(c)))
        + &lang_q;
    let mut out = String::from("<aside id=\"desk\">\n<p><a href=\"/\">All drafts</a></p>\n");
    out.push_str(&format!(
        "<h1 style=\"font-size:1.1em;text-align:left\">{}</h1>\n",
        escape(p.draft)
    ));
    problems(&mut out, p);
    out.push_str("<h2>View</h2>\n<p>");
    for (i, v) in [View::Statement, View::Redline, View::Provenance]
        .into_iter()
        .enumerate()
    {
        if i > 0 {
            out.push_str(" · ");
        }
        let label = match v {
            View::Statement => "Statement",
            View::Redline => "Redline",
            View::Provenance => "Provenance",
        };
        link(
            &mut out,
            &format!("{base}?view={}{copy_q}", v.as_str()),
            label,
            v == p.view,
        );
    }
    out.push_str("</p>\n<h2>Copy</h2>\n<p>");
    let view_q = format!("view={}", p.view.as_str());
    link(
        &mut out,
        &format!("{base}?{view_q}{lang_q}"),
        "as written",
        p.copy.is_none(),
    );
    for (key, label) in p.parties {
        out.push_str(" · ");
        link(
            &mut out,
            &format!("{base}?{view_q}&copy={}{lang_q}", url_escape(key)),
            &format!("{label} copy"),
            p.copy == Some(key.as_str()),
        );
    }
    out.push_str("</p>\n");
    languages(&mut out, p, &base);
    if p.view == View::Redline {
        redline_controls(&mut out, p, &base);
    }
    if p.against == "upload" {
        // The answer to a form: a reload would post it again, so the script goes to the GET page.
        out.push_str("<span id=\"posted\" hidden></span>\n");
    }
    placed_list(
        &mut out,
        "Open brackets",
        p.brackets,
        "none: nothing is bracketed",
    );
    placed_list(
        &mut out,
        "Before a final copy",
        p.refusals,
        "nothing: it can be signed",
    );
    out.push_str("<h2>Download</h2>\n<p>");
    for (ext, label) in [("docx", "DOCX"), ("pdf", "PDF")] {
        let q = p
            .copy
            .map_or(String::new(), |c| format!("&copy={}", url_escape(c)))
            + &lang_q;
        let q = q.replacen('&', "?", 1);
        out.push_str(&format!(
            "<a id=\"download-{ext}\" href=\"{base}statement.{ext}{q}\">{label}</a> "
        ));
    }
    out.push_str("</p>\n</aside>\n");
    out
}

fn problems(out: &mut String, p: &Panel<'_>) {
    if p.diagnostics.is_empty() {
        return;
    }
    out.push_str("<section class=\"problems\" id=\"problems\" role=\"alert\">\n");
    if p.stale {
        out.push_str(
            "<p class=\"stale\">The inputs do not build: showing the last good build.</p>\n",
        );
    }
    for d in p.diagnostics {
        let place = match (&d.file, d.position) {
            (Some(f), Some(pos)) => format!("{}:{}:{}", f.display(), pos.line, pos.col),
            (Some(f), None) => f.display().to_string(),
            _ => String::new(),
        };
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!(
            "<p><code class=\"place\">{}</code> {level}: {}</p>\n",
            escape(&place),
            escape(&d.message)
        ));
        for h in &d.hints {
            out.push_str(&format!("<p class=\"hint\">hint: {}</p>\n", escape(h)));
        }
    }
    out.push_str("</section>\n");
}

/// `&lang=…` of the language shown (nothing for the draft's own).
fn lang_query(p: &Panel<'_>) -> String {
    if p.lang.is_empty() {
        String::new()
    } else {
        format!("&lang={}", url_escape(p.lang))
    }
}

/// A bilingual draft's languages: each one, and side by side (a statement view).
fn languages(out: &mut String, p: &Panel<'_>, base: &str) {
    if p.languages.is_empty() {
        return;
    }
    out.push_str("<h2>Language</h2>\n<p>");
    let copy_q = p
        .copy
        .map_or(String::new(), |c| format!("&copy={}", url_escape(c)));
    for (i, (value, label)) in p.languages.iter().enumerate() {
        if i > 0 {
            out.push_str(" · ");
        }
        // A pair's redline and provenance are its left language's.
        let view = p.view;
        let lang_q = if value.is_empty() {
            String::new()
        } else {
            format!("&lang={}", url_escape(value))
        };
        link(
            out,
            &format!("{base}?view={}{copy_q}{lang_q}", view.as_str()),
            label,
            value == p.lang,
        );
    }
    out.push_str("</p>\n");
}

fn redline_controls(out: &mut String, p: &Panel<'_>, base: &str) {
    out.push_str("<h2>Against</h2>\n<p>");
    let copy_q = p
        .copy
        .map_or(String::new(), |c| format!("&copy={}", url_escape(c)))
        + &lang_query(p);
    for (i, (value, label)) in p.bases.iter().enumerate() {
        if i > 0 {
            out.push_str(" · ");
        }
        link(
            out,
            &format!("{base}?view=redline&against={}{copy_q}", url_escape(value)),
            label,
            value == p.against,
        );
    }
    out.push_str("</p>\n");
    // The upload compares in the copy and language shown.
    let action_q = copy_q.replacen('&', "?", 1);
    out.push_str(&format!(
        "<form method=\"post\" action=\"{base}redline{}\" enctype=\"multipart/form-data\">\
<label>or a DOCX: <input type=\"file\" name=\"docx\" accept=\".docx\"></label> \
<button type=\"submit\">Compare</button></form>\n",
        escape(&action_q)
    ));
}

fn placed_list(out: &mut String, title: &str, items: &[PlacedItem], none: &str) {
    out.push_str(&format!("<h2>{} ({})</h2>\n", escape(title), items.len()));
    if items.is_empty() {
        out.push_str(&format!("<p>{}</p>\n", escape(none)));
        return;
    }
    out.push_str("<ul>\n");
    for item in items {
        let party = if item.party.is_empty() {
            String::new()
        } else {
            format!("<span class=\"party\">{}</span> ", escape(&item.party))
        };
        let text = match &item.find {
            Some(f) => format!(
                "<a href=\"#:~:text={}\">{}</a>",
                url_escape(f).replace('-', "%2D"),
                escape(&item.text)
            ),
            None => escape(&item.text),
        };
        out.push_str(&format!(
            "<li>{party}{text} <code>{}</code></li>\n",
            escape(&item.place)
        ));
    }
    out.push_str("</ul>\n");
}

/// The index of the workspace's drafts.
pub fn index_page(workspace: &str, drafts: &[DraftSummary]) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{ws} — chancery</title>\n\
<link rel=\"stylesheet\" href=\"/assets/desk.css\">\n<script src=\"/assets/desk.js\" defer></script>\n\
<style>main{{max-width:48em;margin:2em auto;background:#fff;padding:2em 3em}}table{{border-collapse:collapse;width:100%}}\
td,th{{text-align:left;padding:.4em .6em;border-bottom:1px solid #ddd}}.bad{{color:#b00020}}</style>\n</head>\n<body>\n<main>\n\
<h1>{ws}</h1>\n<table id=\"drafts\">\n<tr><th>Draft</th><th>Meeting</th><th>Open brackets</th><th>Before a final copy</th><th>Problems</th></tr>\n",
        ws = escape(workspace)
    );
    for d in drafts {
        let bad = if d.errors > 0 { " class=\"bad\"" } else { "" };
        out.push_str(&format!(
            "<tr><td><a href=\"/d/{}/\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td{bad}>{}</td></tr>\n",
            url_escape(&d.name),
            escape(&d.name),
            escape(&d.heading),
            d.open_brackets,
            d.refusals,
            d.errors
        ));
    }
    out.push_str("</table>\n</main>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn panel<'a>(items: &'a [PlacedItem], diags: &'a [Diagnostic]) -> Panel<'a> {
        Panel {
            draft: "2015-tokyo-3rd",
            view: View::Statement,
            copy: None,
            lang: "",
            languages: &[],
            parties: &[],
            bases: &[],
            against: "previous",
            brackets: items,
            refusals: &[],
            diagnostics: diags,
            stale: true,
        }
    }

    // The page's body is kept byte for byte inside <main>; the panel comes before it.
    #[test]
    fn the_page_body_is_kept_unchanged() {
        let page = "<!DOCTYPE html>\n<html>\n<head>\n<style>p{}</style>\n</head>\n<body class=\"x\">\n<p>Both sides &amp; more.</p>\n</body>\n</html>\n";
        let out = around(page, &panel(&[], &[]));
        assert!(
            out.contains("<main id=\"statement\">\n<p>Both sides &amp; more.</p>\n</main>"),
            "{out}"
        );
        assert!(out.find("<aside").unwrap() < out.find("<main").unwrap());
        assert!(out.contains("href=\"/assets/desk.css\"") && out.ends_with("</body>\n</html>\n"));
    }

    // Text from the inputs is escaped in the panel; problems show their place and hint.
    #[test]
    fn panel_text_is_escaped() {
        let items = [PlacedItem {
            text: "<script>alert(1)</script>".to_owned(),
            place: "m.toml:1:1".to_owned(),
            party: "jp".to_owned(),
            find: Some("a b".to_owned()),
        }];
        let diags = [Diagnostic::error(
            "m.toml",
            Some(crate::error::Position { line: 9, col: 8 }),
            "`x` <is> bad",
        )
        .hint("fix it")];
        let out = around(
            "<html><head></head><body></body></html>",
            &panel(&items, &diags),
        );
        assert!(!out.contains("<script>alert"));
        assert!(out.contains("href=\"#:~:text=a%20b\""), "{out}");
        assert!(
            out.contains("m.toml:9:8</code> error: `x` &lt;is&gt; bad"),
            "{out}"
        );
        assert!(out.contains("hint: fix it") && out.contains("last good build"));
        assert_eq!(url_escape("a/../b c"), "a%2F..%2Fb%20c");
    }
}
