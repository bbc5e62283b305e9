//! Blocks and runs -> docx-rs paragraphs and tables.
//!
//! Owns the mapping from the IR to WordprocessingML: which style a block kind takes, how marks
//! show (emphasis, bracket highlight, East Asian fonts) and how redline changes become tracked
//! changes. A run marked inserted goes in `w:ins`, deleted in `w:del` with `w:delText`; moved
//! text goes in the same elements with a move-marked author, which [`super::moves`] turns into
//! Word move revisions. A block-level change also marks the paragraph mark, so accepting
//! or rejecting all changes leaves no stray empty paragraph. It knows nothing of zip files or
//! core properties ([`super::package`]).

use docx_rs::{
    BreakType, Delete, Insert, LineSpacing, Paragraph, Run as DocxRun, RunFonts, Table, TableCell,
    TableCellMargins, TableLayoutType, TableRow, WidthType,
};

use std::borrow::Cow;

use super::moves::{self, Place};
use super::{Fonts, styles};
use crate::diff::is_paragraph_mark;
use crate::document::{Block, BlockKind, Change, Run, Signatory, SimpleDate};

/// Placeholder for "no date" on a tracked change: docx-rs always writes `w:date`, so the
/// packager removes the attribute where it holds this value.
pub(crate) const NO_DATE: &str = "chancery-no-date";

/// Who made the tracked changes, and when.
#[derive(Debug, Clone)]
pub(crate) struct Revision {
    pub(crate) author: String,
    pub(crate) date: Option<SimpleDate>,
}

/// One body element.
pub(crate) enum Element {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

/// How a piece of text is tracked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Track {
    Plain,
    Inserted,
    Deleted,
    /// The old place of move `N`: deleted text that Word shows as moved away.
    MovedFrom(u32),
    /// The new place of move `N`.
    MovedTo(u32),
}

impl Track {
    fn of(change: Option<Change>) -> Self {
        match change {
            None => Track::Plain,
            Some(Change::Inserted) => Track::Inserted,
            Some(Change::Deleted) => Track::Deleted,
            Some(Change::MovedFrom(n)) => Track::MovedFrom(n),
            Some(Change::MovedTo(n)) => Track::MovedTo(n),
        }
    }

    /// Without the move: table rows can only be inserted or deleted in WordprocessingML.
    fn without_move(self) -> Self {
        match self {
            Track::MovedFrom(_) => Track::Deleted,
            Track::MovedTo(_) => Track::Inserted,
            Track::Plain | Track::Inserted | Track::Deleted => self,
        }
    }

    /// Whether the text is gone on the new side (written as `w:delText`).
    fn is_deletion(self) -> bool {
        matches!(self, Track::Deleted | Track::MovedFrom(_))
    }
}

/// Builds body elements, numbering paragraphs itself so ids do not depend on what else the
/// process has built (docx-rs's own counter is per thread and only reset at build time).
pub(crate) struct BodyBuilder<'a> {
    fonts: &'a Fonts,
    author: String,
    date: String,
    text_width: u32,
    next_para_id: u32,
    /// Bookmark each textual block's paragraph with [`super::block_mark`].
    pub(crate) marks: bool,
    /// The language (BCP 47) written on every run built, when it is not the document's
    /// default: the parallel layout's second column.
    pub(crate) run_language: Option<String>,
}

impl<'a> BodyBuilder<'a> {
    pub(crate) fn new(fonts: &'a Fonts, revision: Revision, text_width: u32) -> Self {
        BodyBuilder {
            fonts,
            author: revision.author,
            date: revision
                .date
                .map_or_else(|| NO_DATE.to_owned(), |d| d.iso_timestamp()),
            text_width,
            next_para_id: 0,
            marks: false,
            run_language: None,
        }
    }

    /// A new empty paragraph with the next deterministic `w14:paraId`.
    pub(crate) fn paragraph(&mut self) -> Paragraph {
        self.next_para_id += 1;
        // paraId values must stay below 0x80000000; documents never get near.
        Paragraph::new().id(format!("{:08X}", self.next_para_id & 0x7FFF_FFFF))
    }

    /// Every block in reading order; a trailing table gets a paragraph after it, as Word
    /// expects the body to end with one.
    pub(crate) fn blocks(&mut self, blocks: &[Block]) -> Vec<Element> {
        let mut out: Vec<Element> = Vec::with_capacity(blocks.len());
        for (index, block) in blocks.iter().enumerate() {
            // A merge's paragraph break inside a block: Word has one paragraph before it
            // (whose mark is the deleted break) and one after.
            for (i, part) in at_breaks(block).iter().enumerate() {
                match self.block(part) {
                    Some(Element::Paragraph(p)) if self.marks && i == 0 && block.is_textual() => {
                        let mut p = *p;
                        // At the paragraph's start, so that text after it is this block's.
                        let mark = docx_rs::BookmarkStart::new(index, super::block_mark(index));
                        p.children
                            .insert(0, docx_rs::ParagraphChild::BookmarkStart(mark));
                        let end = docx_rs::BookmarkEnd::new(index);
                        p.children
                            .insert(1, docx_rs::ParagraphChild::BookmarkEnd(end));
                        out.push(Element::Paragraph(Box::new(p)));
                    }
                    element => out.extend(element),
                }
            }
        }
        if matches!(out.last(), Some(Element::Table(_))) {
            let p = self.paragraph().style(styles::BODY);
            out.push(Element::Paragraph(Box::new(p)));
        }
        out
    }

    fn block(&mut self, block: &Block) -> Option<Element> {
        let style = match &block.kind {
            BlockKind::Title => styles::TITLE,
            BlockKind::Subtitle => styles::SUBTITLE,
            BlockKind::DateLine => styles::DATE,
            BlockKind::Paragraph => styles::BODY,
            BlockKind::Heading { level } => styles::heading(*level),
            BlockKind::ListItem { .. } => styles::LIST,
            BlockKind::DoneAt => styles::DONE_AT,
            BlockKind::Signatures { signatories } => {
                return self
                    .signatures(signatories, block)
                    .map(|t| Element::Table(Box::new(t)));
            }
            BlockKind::PageBreak => {
                let p = self
                    .paragraph()
                    .add_run(DocxRun::new().add_break(BreakType::Page));
                return Some(Element::Paragraph(Box::new(p)));
            }
        };
        let mut p = self.paragraph().style(style);
        // A split's or merge's break ending the block is its paragraph mark, tracked.
        let mark = match block.runs.last() {
            Some(last) if block.change.is_none() && is_paragraph_mark(last) => last.marks.change,
            _ => block.change,
        };
        p = self.mark_paragraph(p, Track::of(mark));
        if let BlockKind::ListItem { ordered, number } = &block.kind {
            // The number is text from the IR (not a Word numbering definition), so the
            // printed number is exactly the assembled one; a tab puts it in the hanging indent.
            let marker = if *ordered {
                format!("{number}.\t")
            } else {
                "\u{2022}\t".to_owned()
            };
            p = self.add_text(p, &marker, Track::of(block.change), &RunLook::default());
        }
        for run in block.runs.iter().filter(|r| !is_paragraph_mark(r)) {
            let look = RunLook::of(run, block.lang.as_deref());
            p = self.add_text(
                p,
                &run.text,
                Track::of(run.marks.change.or(block.change)),
                &look,
            );
        }
        Some(Element::Paragraph(Box::new(p)))
    }

    /// Marks the paragraph mark itself as inserted, deleted or moved.
    fn mark_paragraph(&self, p: Paragraph, track: Track) -> Paragraph {
        match track {
            Track::Plain => p,
            Track::Inserted | Track::MovedTo(_) => p.insert(self.author(track), &self.date),
            Track::Deleted | Track::MovedFrom(_) => p.delete(self.author(track), &self.date),
        }
    }

    /// The author written on a revision: move-marked for moved text (see [`moves`]).
    fn author(&self, track: Track) -> String {
        match track {
            Track::MovedFrom(n) => moves::author(Place::From, n, &self.author),
            Track::MovedTo(n) => moves::author(Place::To, n, &self.author),
            Track::Plain | Track::Inserted | Track::Deleted => self.author.clone(),
        }
    }

    /// Appends `text` as one run (split at line breaks and tabs), tracked as asked.
    fn add_text(&self, p: Paragraph, text: &str, track: Track, look: &RunLook) -> Paragraph {
        let text = clean(text);
        if text.is_empty() {
            return p;
        }
        let run = self.run(&text, track.is_deletion(), look);
        match track {
            Track::Plain => p.add_run(run),
            Track::Inserted | Track::MovedTo(_) => p.add_insert(
                Insert::new(run)
                    .author(self.author(track))
                    .date(self.date.as_str()),
            ),
            Track::Deleted | Track::MovedFrom(_) => p.add_delete(
                Delete::new()
                    .author(self.author(track))
                    .date(self.date.as_str())
                    .add_run(run),
            ),
        }
    }

    fn run(&self, text: &str, deleted: bool, look: &RunLook) -> DocxRun {
        let mut run = DocxRun::new();
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                run = run.add_break(BreakType::TextWrapping);
            }
            for (j, piece) in line.split('\t').enumerate() {
                if j > 0 {
                    run = run.add_tab();
                }
                if piece.is_empty() {
                    continue;
                }
                run = if deleted {
                    run.add_delete_text(piece)
                } else {
                    run.add_text(piece)
                };
            }
        }
        if look.italic {
            run = run.italic();
        }
        if look.bold {
            run = run.bold();
        }
        if look.bracketed {
            // Unagreed negotiation text must stand out on screen and on paper.
            run = run.highlight("yellow");
        }
        if look.east_asian {
            // The hint makes characters shared between scripts (quotes, punctuation) take
            // the East Asian font too, as in a Japanese-authored document.
            run = run.fonts(
                RunFonts::new()
                    .east_asia(&self.fonts.east_asian)
                    .hint("eastAsia"),
            );
        }
        if let Some(lang) = &self.run_language {
            // docx-rs has no `w:lang`: the packager writes it in the mark's place.
            run = run.style(&super::package::language_mark(lang));
        }
        run
    }

    /// Signature blocks side by side: a borderless table with one column per party and one
    /// row each for the parties, the signature lines and the signers, so the lines stay level
    /// even when one party's name wraps and the other's does not.
    fn signatures(&mut self, signatories: &[Signatory], block: &Block) -> Option<Table> {
        if signatories.is_empty() {
            return None;
        }
        // Two blocks to a row, as the PDF sets them: with three parties or more, a row of
        // narrow columns would leave no room to sign.
        let per_row = signatories.len().min(2);
        let columns = u32::try_from(per_row).unwrap_or(2);
        let column = usize::try_from(self.text_width / columns).unwrap_or(0);
        let track = Track::of(block.change).without_move();
        let mut rows = Vec::with_capacity(3 * signatories.len().div_ceil(2));
        for (r, pair) in signatories.chunks(per_row).enumerate() {
            // An odd last row keeps the grid: its second cell is empty.
            let cell = |f: &dyn Fn(&Signatory) -> Vec<&str>| -> Vec<Vec<&str>> {
                (0..per_row)
                    .map(|i| pair.get(i).map(f).unwrap_or_default())
                    .collect()
            };
            let party_row = cell(&|s| vec![s.party.as_str()]);
            let line_row = cell(&|_| vec!["______________________________"]);
            let signer_row = cell(&|s| {
                [s.name.as_str(), s.title.as_str()]
                    .into_iter()
                    .filter(|t| !t.trim().is_empty())
                    .collect()
            });
            // Room between two rows of blocks; none above the first.
            let before_party = if r > 0 { 720 } else { 0 };
            rows.push(self.signature_row(&party_row, column, before_party, track));
            // Room to sign above the line.
            rows.push(self.signature_row(&line_row, column, 720, track));
            rows.push(self.signature_row(&signer_row, column, 0, track));
        }
        Some(
            Table::new(rows)
                .set_grid(vec![column; per_row])
                .width(column * per_row, WidthType::Dxa)
                .layout(TableLayoutType::Fixed)
                // No left padding: the signature text lines up with the body text above.
                .margins(
                    TableCellMargins::new()
                        .margin_left(0, WidthType::Dxa)
                        .margin_right(284, WidthType::Dxa),
                )
                .clear_all_border(),
        )
    }

    /// Signature blocks one under the other, as paragraphs (a column of the parallel
    /// layout): party, room to sign and a line, name, title.
    pub(crate) fn stacked_signatures(&mut self, signatories: &[Signatory]) -> Vec<Paragraph> {
        let mut out = Vec::new();
        for (i, s) in signatories.iter().enumerate() {
            let lines = [
                (s.party.as_str(), if i > 0 { 720 } else { 0 }),
                ("______________________________", 720),
                (s.name.as_str(), 0),
                (s.title.as_str(), 0),
            ];
            for (text, before) in lines {
                if text.trim().is_empty() {
                    continue;
                }
                let mut p = self.paragraph().style(styles::SIGNATURE);
                if before > 0 {
                    p = p.line_spacing(LineSpacing::new().before(before));
                }
                let look = RunLook {
                    east_asian: text.chars().any(is_cjk),
                    ..RunLook::default()
                };
                out.push(self.add_text(p, text, Track::Plain, &look));
            }
        }
        out
    }

    /// One row of the signature table: each cell holds its lines as paragraphs.
    fn signature_row(
        &mut self,
        cells: &[Vec<&str>],
        column: usize,
        space_before: u32,
        track: Track,
    ) -> TableRow {
        let plain = RunLook::default();
        let mut row_cells = Vec::with_capacity(cells.len());
        for lines in cells {
            let mut cell = TableCell::new().width(column, WidthType::Dxa);
            if lines.is_empty() {
                // A cell must hold at least one paragraph.
                cell = cell.add_paragraph(self.paragraph().style(styles::SIGNATURE));
            }
            for line in lines {
                let mut p = self.paragraph().style(styles::SIGNATURE);
                if space_before > 0 {
                    p = p.line_spacing(LineSpacing::new().before(space_before));
                }
                let p = self.mark_paragraph(p, track);
                cell = cell.add_paragraph(self.add_text(p, line, track, &plain));
            }
            row_cells.push(cell);
        }
        let row = TableRow::new(row_cells).cant_split();
        match track.without_move() {
            Track::Plain => row,
            Track::Inserted | Track::MovedTo(_) => row.insert(
                Insert::new_with_empty()
                    .author(&self.author)
                    .date(self.date.as_str()),
            ),
            Track::Deleted | Track::MovedFrom(_) => {
                row.delete(Delete::new().author(&self.author).date(self.date.as_str()))
            }
        }
    }
}

/// The block cut after each paragraph break that is not its last run (a merge's), so every
/// break ends a part; a block without one comes back whole, not copied.
fn at_breaks(block: &Block) -> Cow<'_, [Block]> {
    let n = block.runs.len();
    let inner = |i: usize, r: &Run| i + 1 < n && is_paragraph_mark(r);
    if !block.runs.iter().enumerate().any(|(i, r)| inner(i, r)) {
        return Cow::Borrowed(std::slice::from_ref(block));
    }
    let shell = Block {
        runs: Vec::new(),
        kind: block.kind.clone(),
        clause: block.clause.clone(),
        lang: block.lang.clone(),
        change: block.change,
    };
    let mut parts = Vec::new();
    let mut current = shell.clone();
    for (i, run) in block.runs.iter().enumerate() {
        current.runs.push(run.clone());
        if inner(i, run) {
            parts.push(std::mem::replace(&mut current, shell.clone()));
        }
    }
    parts.push(current);
    Cow::Owned(parts)
}

/// The visible marks of a run.
#[derive(Debug, Default)]
struct RunLook {
    italic: bool,
    bold: bool,
    bracketed: bool,
    east_asian: bool,
}

impl RunLook {
    fn of(run: &Run, block_lang: Option<&str>) -> Self {
        let lang = run.marks.lang.as_deref().or(block_lang);
        RunLook {
            italic: run.marks.emphasis,
            bold: run.marks.strong,
            bracketed: run.marks.bracket.is_some(),
            east_asian: lang.is_some_and(is_east_asian_lang) || run.text.chars().any(is_cjk),
        }
    }
}

/// `ja`, `ja-JP`, `zh-Hant`, `ko`: languages written with an East Asian font.
pub(crate) fn is_east_asian_lang(tag: &str) -> bool {
    let primary = tag.split(['-', '_']).next().unwrap_or("");
    ["ja", "zh", "ko"]
        .iter()
        .any(|l| primary.eq_ignore_ascii_case(l))
}

/// Kana, CJK ideographs, Hangul, and CJK punctuation and full-width forms.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}'   // CJK symbols and punctuation
        | '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{AC00}'..='\u{D7AF}' // Hangul syllables
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{FF00}'..='\u{FFEF}' // Half-width and full-width forms
        | '\u{20000}'..='\u{2FFFF}')
}

/// Text as XML 1.0 can hold it: control characters other than tab and line feed dropped
/// (they would make Word refuse the file), CR LF folded to LF.
fn clean(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            c == '\t' || c == '\n' || !(c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}')
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Japanese text is recognised by its characters even without a language tag.
    #[test]
    fn detects_cjk_text_and_languages() {
        assert!("宇宙".chars().any(is_cjk));
        assert!("にほん".chars().any(is_cjk));
        assert!(!"Joint Statement, May 9".chars().any(is_cjk));
        assert!(is_east_asian_lang("ja"));
        assert!(is_east_asian_lang("ja-JP"));
        assert!(is_east_asian_lang("ZH-Hant"));
        assert!(!is_east_asian_lang("en"));
        assert!(!is_east_asian_lang("jam"));
    }

    // Characters XML 1.0 cannot hold never reach the document.
    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(clean("a\u{0}b\u{7}c\td\r\ne"), "abc\td\ne");
    }
}
