//! Two language versions of one statement side by side: the parallel layout.
//!
//! [`Parallel::pair`] walks two [`Document`]s (the same statement in two languages) and pairs
//! them row by row: the title block (title and subtitle lines, however many each language has)
//! with the title block, the date line with the date line, each body paragraph with the one of
//! the same clause or body id (the `n`-th of an id with the `n`-th; a paragraph without an id
//! with the one at its place among the body paragraphs), the "Done at" formula with its
//! counterpart, and the signature blocks with theirs. A paragraph one version lacks gets a row
//! of its own with an empty cell, where it stands in its own version. Every block is marked
//! with its version's language, so each renderer can set each column in its own language
//! (fonts, `lang` attributes, East Asian run properties). Pure: documents in, rows out.

use super::{Block, BlockKind, Document, Meta};

/// What a row holds: renderers space and style rows by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// The title and subtitle lines.
    TitleBlock,
    /// The date line.
    Date,
    /// A body paragraph, heading or list item.
    Body,
    /// The "Done at" formula.
    DoneAt,
    /// The signature blocks.
    Signatures,
    /// A page break both versions have at this place.
    PageBreak,
}

/// One row: the blocks of each version that stand side by side (empty: the version lacks it).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub kind: RowKind,
    pub left: Vec<Block>,
    pub right: Vec<Block>,
}

/// A statement in two languages, paired row by row.
#[derive(Debug, Clone, PartialEq)]
pub struct Parallel {
    /// The first version's metadata (title, date, page, status); `language` is the first's,
    /// and the fonts are both versions' (the right one's East Asian font if the left names
    /// none).
    pub meta: Meta,
    /// The two versions' languages, left then right (`["en", "ja"]`).
    pub languages: [String; 2],
    pub rows: Vec<Row>,
}

/// A group of blocks that pairs as one: its kind and its key among the version's units.
struct Unit {
    kind: RowKind,
    key: String,
    blocks: Vec<Block>,
}

impl Parallel {
    /// Pair `left` and `right` (the same statement in two languages) row by row.
    pub fn pair(left: &Document, right: &Document) -> Parallel {
        let (a, b) = (units(left), units(right));
        let mut rows = Vec::with_capacity(a.len().max(b.len()));
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            let row = match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) if x.key == y.key => {
                    i += 1;
                    j += 1;
                    Row {
                        kind: x.kind,
                        left: x.blocks.clone(),
                        right: y.blocks.clone(),
                    }
                }
                // The left unit comes later on the right: what the right has first stands alone.
                (Some(x), Some(y)) if b[j..].iter().any(|u| u.key == x.key) => {
                    j += 1;
                    alone(y, false)
                }
                (Some(x), _) => {
                    i += 1;
                    alone(x, true)
                }
                (None, Some(y)) => {
                    j += 1;
                    alone(y, false)
                }
                (None, None) => break,
            };
            rows.push(row);
        }
        let mut fonts = left.meta.fonts.clone();
        if fonts.east_asian.is_none() {
            fonts.east_asian = right.meta.fonts.east_asian.clone();
        }
        let mut meta = left.meta.clone();
        meta.fonts = fonts;
        Parallel {
            meta,
            languages: [left.meta.language.clone(), right.meta.language.clone()],
            rows,
        }
    }

    /// The blocks of one column in reading order (`right`: the second language's).
    pub fn column(&self, right: bool) -> impl Iterator<Item = &Block> {
        self.rows
            .iter()
            .flat_map(move |r| if right { &r.right } else { &r.left })
    }
}

fn alone(u: &Unit, left: bool) -> Row {
    let (l, r) = if left {
        (u.blocks.clone(), Vec::new())
    } else {
        (Vec::new(), u.blocks.clone())
    };
    Row {
        kind: u.kind,
        left: l,
        right: r,
    }
}

/// A version's units in reading order, each block marked with the version's language.
fn units(doc: &Document) -> Vec<Unit> {
    let lang = doc.meta.language.clone();
    let mut out: Vec<Unit> = Vec::new();
    // Occurrences of each body id so far, and body blocks so far (for blocks without an id).
    let mut seen: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    let (mut body, mut breaks) = (0usize, 0usize);
    for block in &doc.blocks {
        let mut block = block.clone();
        if block.lang.is_none() {
            block.lang = Some(lang.clone());
        }
        let (kind, key) = match &block.kind {
            BlockKind::Title | BlockKind::Subtitle => {
                if let Some(u) = out.last_mut().filter(|u| u.kind == RowKind::TitleBlock) {
                    u.blocks.push(block);
                    continue;
                }
                (RowKind::TitleBlock, "title".to_owned())
            }
            BlockKind::DateLine => (RowKind::Date, "date".to_owned()),
            BlockKind::DoneAt => (RowKind::DoneAt, "done-at".to_owned()),
            BlockKind::Signatures { .. } => (RowKind::Signatures, "signatures".to_owned()),
            BlockKind::PageBreak => {
                breaks += 1;
                (RowKind::PageBreak, format!("break {breaks}"))
            }
            BlockKind::Paragraph | BlockKind::Heading { .. } | BlockKind::ListItem { .. } => {
                body += 1;
                let key = match &block.clause {
                    Some(id) => {
                        let n = seen.entry(id.clone()).or_insert(0);
                        *n += 1;
                        format!("{id} {n}")
                    }
                    None => format!("#{body}"),
                };
                (RowKind::Body, key)
            }
        };
        out.push(Unit {
            kind,
            key,
            blocks: vec![block],
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(lang: &str, blocks: Vec<Block>) -> Document {
        let mut meta = Meta::untitled();
        meta.language = lang.to_owned();
        Document { meta, blocks }
    }

    fn para(id: Option<&str>, text: &str) -> Block {
        let mut b = Block::text(BlockKind::Paragraph, text);
        b.clause = id.map(str::to_owned);
        b
    }

    // The title lines pair as one row whatever their number; paragraphs pair by id; a
    // paragraph one version lacks stands alone at its place; every block carries its language.
    #[test]
    fn rows_pair_by_id() {
        let en = doc(
            "en",
            vec![
                Block::text(BlockKind::Title, "Joint Statement"),
                Block::text(BlockKind::Subtitle, "The Second Meeting"),
                Block::text(BlockKind::DateLine, "May 9, 2014"),
                para(Some("a"), "A."),
                para(Some("extra"), "Only in English."),
                para(Some("b"), "B."),
            ],
        );
        let ja = doc(
            "ja",
            vec![
                Block::text(BlockKind::Title, "第2回会合 共同声明"),
                Block::text(BlockKind::DateLine, "2014年5月9日"),
                para(Some("a"), "甲。"),
                para(Some("b"), "乙。"),
                para(Some("c"), "丙。"),
            ],
        );
        let p = Parallel::pair(&en, &ja);
        let shape: Vec<(RowKind, usize, usize)> = p
            .rows
            .iter()
            .map(|r| (r.kind, r.left.len(), r.right.len()))
            .collect();
        assert_eq!(
            shape,
            [
                (RowKind::TitleBlock, 2, 1),
                (RowKind::Date, 1, 1),
                (RowKind::Body, 1, 1),
                (RowKind::Body, 1, 0),
                (RowKind::Body, 1, 1),
                (RowKind::Body, 0, 1),
            ]
        );
        assert_eq!(p.rows[4].right[0].plain_text(), "乙。");
        assert!(p.column(true).all(|b| b.lang.as_deref() == Some("ja")));
        assert!(p.column(false).all(|b| b.lang.as_deref() == Some("en")));
        assert_eq!(p.languages, ["en".to_owned(), "ja".to_owned()]);
    }
}
