//! The parallel page: two language versions side by side, one grid row per pair of blocks
//! ([`Parallel`]), each column carrying its language (`lang="en"`, `lang="ja"`) so browsers
//! choose fonts, line breaking and justification per language (the Japanese column is set in
//! a Mincho face, with strict line breaking and inter-character justification).

use super::{STYLE, block_html_in_language, escape};
use crate::document::parallel::{Parallel, RowKind};
use crate::document::{Block, DocStatus};

const PARALLEL_STYLE: &str = "body.parallel{max-width:64em}\
.row{display:grid;grid-template-columns:1fr 1fr;column-gap:2.5em;align-items:start}\
.col>:first-child{margin-top:0}.row.title-block h1{font-size:1.4em}\
.col[lang|=ja] h1,.col[lang|=ja] h2{word-break:keep-all;text-wrap:balance}\
.col[lang|=ja]{font-family:'IPAexMincho','IPAMincho','Noto Serif CJK JP','Yu Mincho','MS Mincho',serif;\
line-break:strict;text-justify:inter-character}.col[lang|=ja] p{hyphens:manual}\
.col .sigs{display:block}.col .sig{width:auto;margin-bottom:2em}\
@media print{body.parallel{max-width:none}}";

/// The two versions as one HTML page, side by side.
pub fn render(p: &Parallel) -> String {
    let mut out = String::with_capacity(16 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"");
    out.push_str(&escape(&p.languages[0]));
    out.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
    out.push_str(&escape(&p.meta.title));
    out.push_str("</title>\n<style>");
    out.push_str(STYLE);
    out.push_str(PARALLEL_STYLE);
    out.push_str("</style>\n</head>\n<body class=\"parallel\">\n");
    if p.meta.status == DocStatus::Draft && !p.meta.identifier.is_empty() {
        out.push_str(&format!(
            "<div class=\"draft\">DRAFT {}</div>\n",
            escape(&p.meta.identifier)
        ));
    }
    for row in &p.rows {
        let class = match row.kind {
            RowKind::TitleBlock => "row title-block",
            RowKind::Date => "row date-row",
            RowKind::Body => "row",
            RowKind::DoneAt => "row done-at-row",
            RowKind::Signatures => "row signatures",
            RowKind::PageBreak => "row page-break",
        };
        out.push_str(&format!("<div class=\"{class}\">"));
        column(&mut out, &p.languages[0], &row.left);
        column(&mut out, &p.languages[1], &row.right);
        out.push_str("</div>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// One cell of a row: its blocks in a `div` marked with its language (the blocks' own `lang`
/// attributes, the same, are left to the column). A Japanese title gets `<wbr>` at its phrases
/// and breaks nowhere else (`word-break:keep-all`), so a browser breaks it as the PDF does.
fn column(out: &mut String, lang: &str, blocks: &[Block]) {
    out.push_str(&format!("<div class=\"col\" lang=\"{}\">", escape(lang)));
    for b in blocks {
        let mut b = b.clone();
        if b.lang.as_deref() == Some(lang) {
            b.lang = None;
        }
        out.push_str(&block_html_in_language(&b, lang));
    }
    out.push_str("</div>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{BlockKind, Document, Meta};

    // Each row is a two-column grid row; each column says its language; the texts are there.
    #[test]
    fn columns_carry_their_languages() {
        let mut en = Document {
            meta: Meta::untitled(),
            blocks: vec![Block::text(BlockKind::Paragraph, "Both sides met.")],
        };
        en.blocks[0].clause = Some("a".to_owned());
        let mut ja = en.clone();
        ja.meta.language = "ja".to_owned();
        ja.blocks[0] = Block {
            clause: Some("a".to_owned()),
            ..Block::text(BlockKind::Paragraph, "双方は会合した。")
        };
        let html = render(&Parallel::pair(&en, &ja));
        assert!(html.contains("grid-template-columns:1fr 1fr"));
        assert!(html.contains(
            "<div class=\"row\"><div class=\"col\" lang=\"en\"><p data-clause=\"a\">Both sides met.</p></div>\
             <div class=\"col\" lang=\"ja\"><p data-clause=\"a\">双方は会合した。</p></div></div>"
        ), "{html}");
    }
}
