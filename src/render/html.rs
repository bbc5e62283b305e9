//! HTML renderer: one self-contained page (inline CSS, no scripts, no external requests).
//!
//! Title-block kinds become centred headings, body paragraphs are justified, redline marks are
//! `<ins>`/`<del>` (moves get their own class), bracketed negotiation text is highlighted and
//! value-origin runs carry `class="v"` so a reviewer's stylesheet can show what came from data.
//! Runs are rendered by `runs_html` alone, which other HTML pages (the provenance report) share.
//!
//! A redline (a document with change marks) gets two views on one page, switched with two
//! radio buttons and CSS alone: inline (deletions and insertions in one text) and side by side
//! (old text left, new text right, paragraph by paragraph). Each block is written twice for
//! that, once per column; a document without marks is written as before. Each place of a move
//! starts with a link to the other place ("moved to ¶ 7", "moved from ¶ 3"), in both views.
//! A split's paragraph break is an inserted `¶` at the end of the first new paragraph, a
//! merge's a deleted `¶` where the old paragraphs met.
//!
//! A Japanese page (or column) breaks its title lines only at their phrases (`<wbr>`, as the
//! PDF breaks them).

mod parallel;

pub use parallel::render as render_parallel;

use std::collections::BTreeMap;

use crate::diff::{MovePlaces, is_paragraph_mark, move_label, move_places};
use crate::document::{Block, BlockKind, Change, Document, Run};

const STYLE: &str = "body{font-family:'Times New Roman','Liberation Serif',serif;max-width:42em;\
margin:3em auto;padding:0 1em;line-height:1.45;color:#111}\
h1,h2,.date,.done-at{text-align:center;font-weight:normal}h1{font-size:1.6em}h2{font-size:1.2em}\
p{text-align:justify;hyphens:auto}.date{margin-bottom:2em}\
ins{color:#0a6b0a;text-decoration:underline}del{color:#b00020;text-decoration:line-through}\
.moved-from{color:#6a1b9a;text-decoration:line-through}.moved-to{color:#6a1b9a;text-decoration:underline double}\
.bracket{background:#fff3c4}.sigs{display:flex;justify-content:space-between;margin-top:3em}\
.sig{width:45%}.sig .line{border-bottom:1px solid #000;height:3em}\
.draft{position:fixed;top:.5em;right:1em;color:#b00020;font:bold .9em sans-serif;letter-spacing:.2em}";

/// Render the document as a complete HTML page.
pub fn render(doc: &Document) -> String {
    render_with(doc, &HtmlOptions::default())
}

/// Options of the HTML renderer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlOptions {
    /// Reviewers' notes, shown beside the paragraph they are on (never part of the text).
    pub notes: Vec<HtmlNote>,
}

/// A reviewer's note for the HTML: the paragraph (clause id) it is on, who wrote it, the words
/// it is anchored on and the comment, with any replies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlNote {
    pub item: Option<String>,
    pub author: String,
    pub on: String,
    pub text: String,
    pub replies: Vec<(String, String)>,
}

/// A Japanese page's title lines break only where [`block_html_in_language`] lets them (at
/// their phrases), each line about as long as the others.
const JA_TITLE_STYLE: &str = "h1,h2{word-break:keep-all;text-wrap:balance}";

const NOTE_STYLE: &str = "aside.note{font:.85em sans-serif;border-left:3px solid #c9a227;background:#fdf8e6;\
padding:.3em .6em;margin:-.4em 0 1em 0}aside.note .on{font-style:italic}aside.note .reply{margin-left:1.2em}";

/// One note as an aside; not part of the statement's text.
fn note_html(n: &HtmlNote) -> String {
    let mut out = format!(
        "<aside class=\"note\" role=\"note\"><b>{}</b>",
        escape(&n.author)
    );
    if !n.on.is_empty() {
        out.push_str(&format!(
            " on <span class=\"on\">“{}”</span>",
            escape(&n.on)
        ));
    }
    out.push_str(&format!(": {}", escape(&n.text)));
    for (author, text) in &n.replies {
        out.push_str(&format!(
            "<div class=\"reply\"><b>{}</b>: {}</div>",
            escape(author),
            escape(text)
        ));
    }
    out.push_str("</aside>\n");
    out
}

/// Render the document as HTML with `opts`.
pub fn render_with(doc: &Document, opts: &HtmlOptions) -> String {
    let mut out = String::with_capacity(8 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"");
    out.push_str(&escape(&doc.meta.language));
    out.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
    out.push_str(&escape(&doc.meta.title));
    out.push_str("</title>\n<style>");
    out.push_str(STYLE);
    if super::is_japanese(&doc.meta.language) {
        out.push_str(JA_TITLE_STYLE);
    }
    let redline = is_redline(doc);
    let places = if redline {
        move_places(doc)
    } else {
        BTreeMap::new()
    };
    if redline {
        out.push_str(REDLINE_STYLE);
        if !places.is_empty() {
            out.push_str(MOVE_STYLE);
        }
        out.push_str("</style>\n</head>\n<body class=\"redline\">\n");
    } else {
        if !opts.notes.is_empty() {
            out.push_str(NOTE_STYLE);
        }
        out.push_str("</style>\n</head>\n<body>\n");
    }
    if doc.meta.status == crate::document::DocStatus::Draft && !doc.meta.identifier.is_empty() {
        out.push_str(&format!(
            "<div class=\"draft\">DRAFT {}</div>\n",
            escape(&doc.meta.identifier)
        ));
    }
    if redline {
        redline_body(doc, &places, &mut out);
    } else {
        for (i, block) in doc.blocks.iter().enumerate() {
            out.push_str(&block_html_in_language(block, &doc.meta.language));
            out.push('\n');
            // Notes after the item's last paragraph; notes on no paragraph after the title lines.
            let last_of_item = block.clause.is_some()
                && doc
                    .blocks
                    .get(i + 1)
                    .is_none_or(|b| b.clause != block.clause);
            let after_heading = block.clause.is_none()
                && doc.blocks.get(i + 1).is_some_and(|b| b.clause.is_some())
                && doc.blocks[..i].iter().all(|b| b.clause.is_none());
            for n in opts.notes.iter().filter(|n| {
                (last_of_item && n.item == block.clause) || (after_heading && n.item.is_none())
            }) {
                out.push_str(&note_html(n));
            }
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Styles of the two redline views. Inline: the `.old` column shows everything, `.new` is
/// hidden. Side by side: a two-column grid; the old column hides insertions, the new one
/// deletions (block-level marks wrap the whole paragraph, so whole paragraphs hide too).
const REDLINE_STYLE: &str = "body.redline{max-width:84em}label.view{font:.9em sans-serif;margin-right:1.5em}\
main{max-width:42em;margin:2em auto 0}.row>.new{display:none}\
#view-side:checked~main{max-width:none}\
#view-side:checked~main .row{display:grid;grid-template-columns:1fr 1fr;column-gap:3em}\
#view-side:checked~main .row>.new{display:block}\
#view-side:checked~main .old ins,#view-side:checked~main .new del{display:none}\
@media print{label.view,input{display:none}}";

/// Styles of move links, on redline pages that have moves: a small italic link in the move
/// colour, an inline block so the mark around the moved text does not strike it through; the
/// old place's two links show one per view.
const MOVE_STYLE: &str = ".move-link{display:inline-block;margin-right:.4em;font:italic .8em sans-serif;color:#6a1b9a}\
.move-link.sbs{display:none}#view-side:checked~main .move-link.in{display:none}\
#view-side:checked~main .move-link.sbs{display:inline-block}";

/// Whether any block or run carries a change mark.
fn is_redline(doc: &Document) -> bool {
    doc.blocks
        .iter()
        .any(|b| b.change.is_some() || b.runs.iter().any(|r| r.marks.change.is_some()))
}

fn redline_body(doc: &Document, places: &BTreeMap<u32, MovePlaces>, out: &mut String) {
    out.push_str(
        "<input type=\"radio\" name=\"view\" id=\"view-inline\" checked>\
         <label class=\"view\" for=\"view-inline\">Inline</label>\n\
         <input type=\"radio\" name=\"view\" id=\"view-side\">\
         <label class=\"view\" for=\"view-side\">Side by side</label>\n<main>\n",
    );
    for block in &doc.blocks {
        out.push_str("<div class=\"row\"><div class=\"old\">");
        out.push_str(&block_html_in(block, Column::Old, places));
        out.push_str("</div><div class=\"new\">");
        out.push_str(&block_html_in(block, Column::New, places));
        out.push_str("</div></div>\n");
    }
    out.push_str("</main>\n");
}

/// Which copy of a redline block is written: the old column (the whole inline view, and the
/// left of side by side) or the new column (the right of side by side).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Old,
    New,
}

/// The link at one place of a move to its other place, for the copy in `column`. Link ids
/// differ per column (`-side` in the new one), so each view links to what it shows: in the
/// inline view both places are in the old column; side by side, the old place is in the old
/// column and the new place in the new one.
fn move_link(change: Change, column: Column, places: &BTreeMap<u32, MovePlaces>) -> String {
    let Some(label) = move_label(change, places) else {
        return String::new();
    };
    match (change, column) {
        (Change::MovedFrom(n), Column::Old) => format!(
            "<a class=\"move-link in\" id=\"move-{n}-from\" href=\"#move-{n}-to\">{label}</a>\
             <a class=\"move-link sbs\" href=\"#move-{n}-to-side\">{label}</a>"
        ),
        (Change::MovedTo(n), Column::Old) => {
            format!("<a class=\"move-link\" id=\"move-{n}-to\" href=\"#move-{n}-from\">{label}</a>")
        }
        (Change::MovedTo(n), Column::New) => format!(
            "<a class=\"move-link\" id=\"move-{n}-to-side\" href=\"#move-{n}-from\">{label}</a>"
        ),
        // The old place is hidden in the new column.
        (Change::MovedFrom(_) | Change::Inserted | Change::Deleted, Column::New)
        | (Change::Inserted | Change::Deleted, Column::Old) => String::new(),
    }
}

/// A redline block in one column: as [`block_html`], with a link at the start of each place of
/// a move.
fn block_html_in(block: &Block, column: Column, places: &BTreeMap<u32, MovePlaces>) -> String {
    if places.is_empty() {
        return block_html(block);
    }
    let mut inner = String::new();
    // One link per move and block, even where an edit inside the move splits its runs (or
    // the runs of a block moved whole carry the block's mark again).
    let mut linked: Vec<Change> = Vec::new();
    if let Some(change) = block.change {
        inner.push_str(&move_link(change, column, places));
        linked.push(change);
    }
    for run in &block.runs {
        match run.marks.change {
            Some(change @ (Change::MovedFrom(_) | Change::MovedTo(_)))
                if !linked.contains(&change) =>
            {
                linked.push(change);
                let link = move_link(change, column, places);
                inner.push_str(&run_html_with(run, &link));
            }
            Some(_) | None => inner.push_str(&run_html(run)),
        }
    }
    block_html_of(block, inner)
}

fn block_html(block: &Block) -> String {
    block_html_of(block, runs_html(&block.runs))
}

/// Stands for a `<wbr>` in a run's text until the block is written (a private-use character
/// the document model does not use).
const WBR: char = '\u{E0FF}';

/// A block of a text in `lang` (the page's or the column's), as [`block_html`]; a Japanese
/// title or subtitle gets `<wbr>` at its phrases (the PDF's [`phrase_breaks`]), so that a
/// browser, which breaks it nowhere else ([`JA_TITLE_STYLE`]), breaks it as the PDF does.
///
/// [`phrase_breaks`]: crate::render::pdf::phrase_breaks
fn block_html_in_language(block: &Block, lang: &str) -> String {
    let lang = block.lang.as_deref().unwrap_or(lang);
    if !(super::is_japanese(lang) && matches!(block.kind, BlockKind::Title | BlockKind::Subtitle)) {
        return block_html(block);
    }
    // The phrases of the whole title (a value's edge is often one: 」|第2回).
    let breaks = crate::render::pdf::phrase_breaks(&block.plain_text());
    let mut b = block.clone();
    let mut start = 0;
    for run in &mut b.runs {
        let end = start + run.text.len();
        for at in breaks.iter().rev().filter(|&&at| at >= start && at < end) {
            run.text.insert(at - start, WBR);
        }
        start = end;
    }
    block_html(&b).replace(WBR, "<wbr>")
}

/// A block's element around its already rendered runs `inner`.
fn block_html_of(block: &Block, inner: String) -> String {
    let lang = block
        .lang
        .as_ref()
        .map(|l| format!(" lang=\"{}\"", escape(l)))
        .unwrap_or_default();
    let clause = block
        .clause
        .as_ref()
        .map(|c| format!(" data-clause=\"{}\"", escape(c)))
        .unwrap_or_default();
    let attrs = format!("{lang}{clause}");
    let html = match &block.kind {
        BlockKind::Title => format!("<h1{attrs}>{inner}</h1>"),
        BlockKind::Subtitle => format!("<h2{attrs}>{inner}</h2>"),
        BlockKind::DateLine => format!("<p class=\"date\"{attrs}>{inner}</p>"),
        BlockKind::DoneAt => format!("<p class=\"done-at\"{attrs}>{inner}</p>"),
        BlockKind::Heading { level } => {
            let l = (*level).clamp(1, 6);
            format!("<h{l}{attrs}>{inner}</h{l}>")
        }
        BlockKind::Paragraph => format!("<p{attrs}>{inner}</p>"),
        BlockKind::ListItem { ordered, number } => {
            let marker = if *ordered {
                format!("{number}. ")
            } else {
                "• ".to_owned()
            };
            format!("<p class=\"item\"{attrs}>{marker}{inner}</p>")
        }
        BlockKind::Signatures { signatories } => {
            let sigs: String = signatories
                .iter()
                .map(|s| {
                    format!(
                        "<div class=\"sig\"><p>{}</p><div class=\"line\"></div><p>{}<br>{}</p></div>",
                        escape(&s.party),
                        escape(&s.name),
                        escape(&s.title)
                    )
                })
                .collect();
            format!("<div class=\"sigs\">{sigs}</div>")
        }
        BlockKind::PageBreak => "<hr style=\"page-break-after:always;border:0\">".to_owned(),
    };
    match block.change {
        Some(change) => wrap_change(change, &html),
        None => html,
    }
}

/// Runs as HTML with all their marks: strong and emphasis, data values (`class="v"`),
/// negotiation brackets, language, and changes (`<ins>`, `<del>`, moves with their own class
/// and `data-move`). The one run renderer of HTML pages: the redline page and the provenance
/// report both use it.
pub(crate) fn runs_html(runs: &[Run]) -> String {
    runs.iter().map(run_html).collect()
}

fn run_html(run: &Run) -> String {
    run_html_with(run, "")
}

/// A run with `lead` (ready HTML, e.g. a move link) inside its change mark, before its text.
fn run_html_with(run: &Run, lead: &str) -> String {
    if is_paragraph_mark(run) {
        return match run.marks.change {
            Some(Change::Deleted | Change::MovedFrom(_)) => {
                "<del class=\"merge\" title=\"paragraphs merged here\">\u{b6}</del>".to_owned()
            }
            Some(Change::Inserted | Change::MovedTo(_)) | None => {
                "<ins class=\"split\" title=\"paragraph split here\">\u{b6}</ins>".to_owned()
            }
        };
    }
    let mut html = escape(&run.text);
    if run.marks.strong {
        html = format!("<strong>{html}</strong>");
    }
    if run.marks.emphasis {
        html = format!("<em>{html}</em>");
    }
    if run.marks.origin == crate::document::Origin::Value {
        html = format!("<span class=\"v\">{html}</span>");
    }
    if let Some(b) = &run.marks.bracket {
        let party = b
            .party
            .as_ref()
            .map(|p| format!(" data-party=\"{}\"", escape(p)))
            .unwrap_or_default();
        html = format!("<span class=\"bracket\"{party}>{html}</span>");
    }
    if let Some(lang) = &run.marks.lang {
        html = format!("<span lang=\"{}\">{html}</span>", escape(lang));
    }
    if !lead.is_empty() {
        html = format!("{lead}{html}");
    }
    match run.marks.change {
        Some(change) => wrap_change(change, &html),
        None => html,
    }
}

fn wrap_change(change: Change, html: &str) -> String {
    match change {
        Change::Inserted => format!("<ins>{html}</ins>"),
        Change::Deleted => format!("<del>{html}</del>"),
        Change::MovedFrom(n) => format!("<del class=\"moved-from\" data-move=\"{n}\">{html}</del>"),
        Change::MovedTo(n) => format!("<ins class=\"moved-to\" data-move=\"{n}\">{html}</ins>"),
    }
}

/// Escape text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Marks, Meta};

    // A document without marks has no view switch; a redline has both views of each block.
    #[test]
    fn redline_gets_two_views() {
        let plain = Document {
            meta: Meta::untitled(),
            blocks: vec![Block::text(BlockKind::Paragraph, "Both sides met.")],
        };
        assert!(!render(&plain).contains("view-side"));
        let mut redline = plain.clone();
        redline.blocks[0].runs.push(Run {
            text: " Again.".to_owned(),
            marks: Marks {
                change: Some(Change::Inserted),
                ..Marks::default()
            },
        });
        let html = render(&redline);
        assert!(html.contains("<body class=\"redline\">"));
        assert_eq!(html.matches("<ins> Again.</ins>").count(), 2);
        assert!(html.contains("#view-side:checked~main .old ins"));
    }
}
