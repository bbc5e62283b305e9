//! Inline text to the box/glue/penalty model: runs become shaped word pieces (boxes), spaces
//! (glue) and break opportunities (penalties), each item paired with what to draw for it.
//!
//! Breaking rules live here: spaces break; no-break spaces do not; East Asian text may break
//! between any two characters except where JLReq's line breaking rules (kinsoku shori) forbid
//! it: before closing brackets, punctuation, small kana, iteration marks and the prolonged
//! sound mark, after opening brackets, and inside a pair of leaders (…… ‥‥ ——). The last two
//! words of a paragraph are held together unless nothing else fits, so a paragraph does not
//! end on a lonely word. Fonts and shaping come from [`super::fonts`]; nothing here knows
//! about pages.
//!
//! Japanese justification (JLReq 3.8): Japanese has no spaces to stretch, so every boundary
//! between two characters, or between a character and a Latin word beside it, carries a glue
//! of no width that stretches (the line's slack is spread between the characters; the letters
//! of a Latin word stay together), and shrinks by the blank half of a full-width bracket or
//! punctuation mark (a line a character too long is set tight rather than loose). A Japanese
//! block ([`BlockStyle::japanese`]) is set in the Japanese face throughout, its digits and
//! Latin letters too, so a column reads in one typeface. A Japanese title breaks at its phrases
//! ([`phrase_cost`]: after a closing bracket, before 第, at a space; after a particle if it
//! must; inside a word only as a last resort).
//!
//! Words are never broken, not even after a hard hyphen: `pdftotext` (poppler) joins a line
//! ending in `-` to the next and drops the hyphen, so "confidence-⏎building" would come back
//! as "confidencebuilding". Exact text extraction is worth more than a slightly tighter line.
//! The one exception is a word wider than the measure (a long URL, a pasted token), which
//! would otherwise run off the page: it gets an emergency break opportunity between any two
//! of its characters, cheaper after `/ . _ ? & =` and before `-` (never after a hyphen, for
//! the reason above). See [`Builder::split_word`].

use std::rc::Rc;

use super::fonts::{FontBook, Shaped, ShapedGlyph, Style, Unset, is_cjk};
use super::linebreak::{self, INFINITE_PENALTY, Item};
use crate::document::{Bracket, Change, Run, VALUE_END, VALUE_START};
use crate::render::RenderError;

/// Cost of a paragraph whose last line holds a single word.
const RUNT_PENALTY: f32 = linebreak::STRONG_PENALTY;

/// Cost of breaking an over-wide word between two letters (rather than after a separator):
/// small next to a line's demerits, so it only chooses among breaks giving as many lines.
const EMERGENCY_PENALTY: f32 = 50.0;

/// An RGB colour, components 0–1.
pub(crate) type Rgb = [f32; 3];

pub(crate) const BLACK: Rgb = [0.0, 0.0, 0.0];
const INSERTED: Rgb = [0.0, 0.42, 0.2];
const DELETED: Rgb = [0.72, 0.08, 0.08];
const MOVED: Rgb = [0.42, 0.2, 0.62];
const BRACKET_HIGHLIGHT: Rgb = [1.0, 0.93, 0.55];

/// How a piece of text is painted: colour and the lines drawn with it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Paint {
    pub color: Rgb,
    pub underline: bool,
    pub strike: bool,
    /// Background colour (negotiation brackets).
    pub highlight: Option<Rgb>,
}

impl Paint {
    pub const PLAIN: Paint = Paint {
        color: BLACK,
        underline: false,
        strike: false,
        highlight: None,
    };

    /// The paint for a run's redline and bracket marks.
    pub fn for_marks(change: Option<Change>, bracket: Option<&Bracket>) -> Paint {
        let mut paint = match change {
            None => Paint::PLAIN,
            Some(Change::Inserted) => Paint {
                color: INSERTED,
                underline: true,
                ..Paint::PLAIN
            },
            Some(Change::Deleted) => Paint {
                color: DELETED,
                strike: true,
                ..Paint::PLAIN
            },
            Some(Change::MovedTo(_)) => Paint {
                color: MOVED,
                underline: true,
                ..Paint::PLAIN
            },
            Some(Change::MovedFrom(_)) => Paint {
                color: MOVED,
                strike: true,
                ..Paint::PLAIN
            },
        };
        if bracket.is_some() {
            paint.highlight = Some(BRACKET_HIGHLIGHT);
        }
        paint
    }
}

/// Shaped text in one face, size and paint.
#[derive(Debug, Clone)]
pub(crate) struct Frag {
    pub face: usize,
    pub size: f32,
    pub shaped: Rc<Shaped>,
    pub paint: Paint,
}

/// What to draw for an item.
#[derive(Debug, Clone)]
pub(crate) enum Payload {
    /// A box: shaped text.
    Text(Frag),
    /// A glue that is a real space: drawn as the face's space glyph so that copy-paste and
    /// `pdftotext` see a space.
    Space {
        face: usize,
        size: f32,
        paint: Paint,
    },
    /// Glue or penalty with nothing to draw (inter-character glue of East Asian text).
    Nothing,
}

/// A paragraph ready for line breaking.
#[derive(Debug, Default)]
pub(crate) struct Inline {
    pub items: Vec<Item>,
    pub payloads: Vec<Payload>,
    /// Per item: how far it may hang into the right margin at the end of a line (points).
    pub protrusion: Vec<f32>,
}

/// The base look of a block's text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BlockStyle {
    pub size: f32,
    pub style: Style,
    /// The block is in Japanese: every character the Japanese face has is set in it.
    pub japanese: bool,
}

/// One word being collected: consecutive pieces with their own face and look. Its buffers
/// are kept from word to word (a document has hundreds of thousands of words).
#[derive(Default)]
struct Word {
    /// The word's text, all pieces in a row.
    text: String,
    /// Face, style and paint of each piece, and where its text ends in `text`.
    pieces: Vec<(usize, Style, Paint, usize)>,
    last: Option<char>,
    /// Characters so far (checked against [`MAX_WORD_CHARS`]).
    chars: usize,
}

impl Word {
    fn clear(&mut self) {
        self.text.clear();
        self.pieces.clear();
        self.last = None;
        self.chars = 0;
    }
}

/// The longest run of letters without a space (or other break) that the PDF lays out. An
/// over-wide word is broken by the emergency rule into one box per cluster, and line breaking
/// keeps state per box: about 530 bytes of memory per character (a 4 MB word took 2.1 GB).
/// 10,000 characters is some 120 lines of one word, far beyond any real word or URL, and
/// bounds that cost to a few megabytes.
pub(crate) const MAX_WORD_CHARS: usize = 10_000;

/// The error for a word over [`MAX_WORD_CHARS`] ending at byte `at` of the block's text.
fn word_too_long(runs: &[Run], at: usize) -> RenderError {
    let text: String = runs.iter().map(|r| r.text.as_str()).collect();
    let start = text[..at].rfind(char::is_whitespace).map_or(0, |p| p + 1);
    let excerpt: String = text[start..].chars().take(24).collect();
    RenderError::Limit {
        what: format!("a word without spaces (`{excerpt}…`) is longer than the PDF lays out"),
        limit: format!("{MAX_WORD_CHARS} characters"),
    }
}

struct Builder<'b, 'a> {
    book: &'b mut FontBook<'a>,
    size: f32,
    japanese: bool,
    /// Break opportunities between East Asian characters carry [`phrase_cost`] (titles).
    phrases: bool,
    /// The line width the items are for (see [`build`]).
    measure: f32,
    out: Inline,
    word: Word,
    /// Last character of the previous unit (word or CJK character), for kinsoku.
    prev_char: Option<char>,
    /// Where the current segment (paragraph or hard line) starts in `out.items`.
    segment_start: usize,
    /// Boxes pushed since `segment_start` (a segment without one is not ended).
    segment_boxes: usize,
}

/// Build the items of one block's runs. `block_change` applies to runs without their own mark;
/// `measure` is the line width (points) the items will be broken to: a word wider than it gets
/// emergency break opportunities. `phrases`: the block is a ragged title whose East Asian
/// breaks are weighed by [`phrase_cost`].
pub(crate) fn build(
    book: &mut FontBook<'_>,
    runs: &[Run],
    block_change: Option<Change>,
    base: BlockStyle,
    (measure, phrases): (f32, bool),
) -> Result<Inline, RenderError> {
    let mut b = Builder {
        book,
        size: base.size,
        japanese: base.japanese,
        phrases,
        measure,
        out: Inline::default(),
        word: Word::default(),
        prev_char: None,
        segment_start: 0,
        segment_boxes: 0,
    };
    // Byte offset of the current run in the block's text, for the excerpt of an error.
    let mut run_start = 0;
    for run in runs {
        let style = Style {
            bold: base.style.bold || run.marks.strong,
            italic: base.style.italic != run.marks.emphasis,
        };
        let paint = Paint::for_marks(
            run.marks.change.or(block_change),
            run.marks.bracket.as_ref(),
        );
        for (i, c) in run.text.char_indices() {
            let missing = |m: Unset| {
                let text: String = runs.iter().map(|r| r.text.as_str()).collect();
                m.in_text(&text, run_start + i)
            };
            match c {
                '\n' | '\u{2028}' | '\u{2029}' => {
                    b.flush();
                    if b.has_content() {
                        b.end_segment();
                    }
                }
                '\u{00A0}' | '\u{202F}' | '\u{2007}' => {
                    b.flush();
                    b.push(
                        Item::Penalty {
                            width: 0.0,
                            cost: INFINITE_PENALTY,
                            flagged: false,
                        },
                        Payload::Nothing,
                    );
                    b.space(style, paint).map_err(missing)?;
                }
                c if c.is_whitespace() => {
                    b.flush();
                    let last_is_glue = matches!(b.out.items.last(), Some(Item::Glue { .. }));
                    if b.has_content() && !last_is_glue {
                        b.space(style, paint).map_err(missing)?;
                    }
                }
                '\u{200B}' => {
                    b.flush();
                    b.push(
                        Item::Penalty {
                            width: 0.0,
                            cost: 0.0,
                            flagged: false,
                        },
                        Payload::Nothing,
                    );
                }
                // Soft hyphens, value markers and control characters never print.
                '\u{00AD}' | VALUE_START | VALUE_END => {}
                c if c.is_control() => {}
                c if is_cjk(c) => {
                    b.flush();
                    b.cjk(c, style, paint).map_err(missing)?;
                }
                c => {
                    b.letter(c, style, paint).map_err(missing)?;
                    if b.word.chars > MAX_WORD_CHARS {
                        return Err(word_too_long(runs, run_start + i));
                    }
                }
            }
        }
        run_start += run.text.len();
    }
    b.flush();
    if b.has_content() {
        b.end_segment();
    }
    Ok(b.out)
}

impl Builder<'_, '_> {
    fn push(&mut self, item: Item, payload: Payload) {
        let hang = match (&item, &payload) {
            (Item::Box { .. }, Payload::Text(frag)) => frag
                .shaped
                .glyphs
                .last()
                .and_then(|g| g.text.chars().last().map(|c| (c, g.advance)))
                .map_or(0.0, |(c, advance)| {
                    overhang(c) * advance as f32 * frag.size / 1000.0
                }),
            _ => 0.0,
        };
        if matches!(item, Item::Box { .. }) {
            self.segment_boxes += 1;
        }
        self.out.items.push(item);
        self.out.payloads.push(payload);
        self.out.protrusion.push(hang);
    }

    /// Whether the current segment has something to print (boxes are never removed, so a
    /// count stands for a scan of the segment's items).
    fn has_content(&self) -> bool {
        self.segment_boxes > 0
    }

    /// The face for `c`: the Japanese one for a Japanese block when it has the character.
    fn face(&self, c: char, style: Style) -> Result<usize, Unset> {
        match self
            .japanese
            .then(|| self.book.east_asian_face(c))
            .flatten()
        {
            Some(face) => Ok(face),
            None => self.book.face_for(c, style),
        }
    }

    fn space(&mut self, style: Style, paint: Paint) -> Result<(), Unset> {
        let face = self.face(' ', style)?;
        let width = self.book.faces[face].space_width as f32 * self.size / 1000.0;
        self.push(
            Item::Glue {
                width,
                stretch: width / 2.0,
                shrink: width / 3.0,
            },
            Payload::Space {
                face,
                size: self.size,
                paint,
            },
        );
        self.prev_char = Some(' ');
        Ok(())
    }

    /// Add a letter to the current word (a new piece when the face or look changes).
    fn letter(&mut self, c: char, style: Style, paint: Paint) -> Result<(), Unset> {
        if self.word.pieces.is_empty() {
            self.unit_boundary(c);
        }
        let face = self.face(c, style)?;
        let word = &mut self.word;
        word.text.push(c);
        match word.pieces.last_mut() {
            Some((f, s, p, end)) if *f == face && *s == style && *p == paint => {
                *end = word.text.len();
            }
            _ => word.pieces.push((face, style, paint, word.text.len())),
        }
        word.chars += 1;
        self.word.last = Some(c);
        Ok(())
    }

    /// Between two units with no space: East Asian text may break here (kinsoku aside).
    fn unit_boundary(&mut self, next: char) {
        let Some(prev) = self.prev_char else {
            return;
        };
        if prev == ' ' || !matches!(self.out.items.last(), Some(Item::Box { .. })) {
            return;
        }
        if !(is_cjk(prev) || is_cjk(next)) {
            return;
        }
        let allowed = may_break_between(prev, next);
        // A break is at the penalty (the glue after a penalty is none): forbidden, or weighed
        // as a title's phrase; otherwise at the glue itself.
        let cost = match (allowed, self.phrases) {
            (false, _) => Some(INFINITE_PENALTY),
            (true, true) => Some(phrase_cost(prev, next)),
            (true, false) => None,
        };
        if let Some(cost) = cost {
            self.push(
                Item::Penalty {
                    width: 0.0,
                    cost,
                    flagged: false,
                },
                Payload::Nothing,
            );
        }
        // Japanese justification spreads the slack between characters, and takes up a
        // bracket's or a punctuation mark's blank half before it spreads.
        self.push(
            Item::Glue {
                width: 0.0,
                stretch: self.size * CJK_STRETCH,
                shrink: self.size * blank_half(prev, next),
            },
            Payload::Nothing,
        );
    }

    fn cjk(&mut self, c: char, style: Style, paint: Paint) -> Result<(), Unset> {
        self.unit_boundary(c);
        let face = self.face(c, style)?;
        let mut buf = [0u8; 4];
        let shaped = self.book.shape(face, c.encode_utf8(&mut buf));
        self.push(
            Item::Box {
                width: shaped.width as f32 * self.size / 1000.0,
            },
            Payload::Text(Frag {
                face,
                size: self.size,
                shaped,
                paint,
            }),
        );
        self.prev_char = Some(c);
        Ok(())
    }

    /// Shape the collected word into boxes (split when it is wider than the measure).
    fn flush(&mut self) {
        if self.word.pieces.is_empty() {
            return;
        }
        let mut start = 0;
        let mut shaped = Vec::with_capacity(self.word.pieces.len());
        for &(face, _style, paint, end) in &self.word.pieces {
            let text = &self.word.text[start..end];
            shaped.push((face, paint, self.book.shape(face, text)));
            start = end;
        }
        let width: i32 = shaped.iter().map(|(_, _, s)| s.width).sum();
        if width as f32 * self.size / 1000.0 > self.measure {
            self.split_word(&shaped);
        } else {
            for (face, paint, shaped) in shaped {
                self.push(
                    Item::Box {
                        width: shaped.width as f32 * self.size / 1000.0,
                    },
                    Payload::Text(Frag {
                        face,
                        size: self.size,
                        shaped,
                        paint,
                    }),
                );
            }
        }
        if let Some(last) = self.word.last {
            self.prev_char = Some(last);
        }
        self.word.clear();
    }

    /// Emergency breaking of a word wider than the measure: one box per cluster (kerning and
    /// ligatures kept from shaping the whole word), with a break opportunity between clusters.
    /// Breaks after `/ . _ ? & =` or before `-` cost nothing, others a little, so a URL breaks
    /// at its separators where the line count allows; never after a hyphen (poppler would drop
    /// it). The boxes do not hang into the margin: the point is to stay inside the text area.
    fn split_word(&mut self, pieces: &[(usize, Paint, Rc<Shaped>)]) {
        // The last character of the clusters set so far.
        let mut last: Option<char> = None;
        for (face, paint, shaped) in pieces {
            let mut cluster: Vec<ShapedGlyph> = Vec::new();
            for g in &shaped.glyphs {
                // A glyph without text continues its cluster (a decomposed character).
                if let Some(next) = g.text.chars().next() {
                    if !cluster.is_empty() {
                        self.cluster_box(*face, *paint, std::mem::take(&mut cluster));
                    }
                    if let Some(prev) = last {
                        self.emergency_break(prev, next);
                    }
                    last = g.text.chars().last();
                }
                cluster.push(g.clone());
            }
            if !cluster.is_empty() {
                self.cluster_box(*face, *paint, cluster);
            }
        }
    }

    fn cluster_box(&mut self, face: usize, paint: Paint, glyphs: Vec<ShapedGlyph>) {
        let width = glyphs.iter().map(|g| g.advance).sum();
        self.push(
            Item::Box {
                width: width as f32 * self.size / 1000.0,
            },
            Payload::Text(Frag {
                face,
                size: self.size,
                shaped: Rc::new(Shaped { glyphs, width }),
                paint,
            }),
        );
        if let Some(hang) = self.out.protrusion.last_mut() {
            *hang = 0.0;
        }
    }

    /// The break opportunity between two clusters of an over-wide word, after `prev` and
    /// before `next`.
    fn emergency_break(&mut self, prev: char, next: char) {
        if is_hyphen(prev) {
            return;
        }
        let cost = if matches!(prev, '/' | '.' | '_' | '?' | '&' | '=') || is_hyphen(next) {
            0.0
        } else {
            EMERGENCY_PENALTY
        };
        self.push(
            Item::Penalty {
                width: 0.0,
                cost,
                flagged: false,
            },
            Payload::Nothing,
        );
    }

    /// Close a paragraph (or a hard line break): drop trailing space, hold the last two words
    /// together, fill the last line, force the break; the next segment starts after it.
    fn end_segment(&mut self) {
        let start = self.segment_start;
        while matches!(self.out.items.last(), Some(Item::Glue { .. })) {
            self.out.items.pop();
            self.out.payloads.pop();
            self.out.protrusion.pop();
        }
        self.tie_last_words(start);
        for item in linebreak::PARAGRAPH_END {
            self.push(item, Payload::Nothing);
        }
        self.prev_char = None;
        self.segment_start = self.out.items.len();
        self.segment_boxes = 0;
    }

    /// Make the last break opportunity of the segment expensive, so a paragraph ends with at
    /// least two words (or two characters) on its last line whenever the rest allows.
    fn tie_last_words(&mut self, start: usize) {
        let items = &mut self.out.items;
        let last = (start..items.len()).rev().find(|&i| match items[i] {
            Item::Glue { .. } => i > start && matches!(items[i - 1], Item::Box { .. }),
            Item::Penalty { cost, .. } => cost < INFINITE_PENALTY,
            Item::Box { .. } => false,
        });
        let Some(i) = last else {
            return;
        };
        match &mut items[i] {
            Item::Penalty { cost, .. } => *cost = cost.max(RUNT_PENALTY),
            Item::Glue { .. } => {
                // A glue after a penalty is no break point: the break moves to the penalty,
                // which carries the cost.
                items.insert(
                    i,
                    Item::Penalty {
                        width: 0.0,
                        cost: RUNT_PENALTY,
                        flagged: false,
                    },
                );
                self.out.payloads.insert(i, Payload::Nothing);
                self.out.protrusion.insert(i, 0.0);
            }
            Item::Box { .. } => {}
        }
    }
}

/// A hyphen that poppler's `pdftotext` removes when it ends a line.
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// How much of a line-final character may hang into the margin, as a share of its width
/// (Typst's values): light marks hang most, so the edge looks straight to the eye.
fn overhang(c: char) -> f32 {
    match c {
        '.' | ',' => 0.8,
        '-' | '\u{2010}' => 0.55,
        ':' | ';' => 0.3,
        '\u{2013}' | '\u{2014}' => 0.2,
        _ => 0.0,
    }
}

/// How far the glue between two East Asian units may stretch, in ems.
const CJK_STRETCH: f32 = 0.12;

/// Whether a line may break between `prev` and `next` (JLReq 3.1: kinsoku shori, and no
/// break inside a pair of leaders or dashes).
fn may_break_between(prev: char, next: char) -> bool {
    let inseparable = prev == next && matches!(prev, '…' | '‥' | '—' | '―' | '〳' | '〵');
    let split_mark = prev == '〳' && next == '〵';
    !(no_break_before(next) || no_break_after(prev) || inseparable || split_mark)
}

/// The blank half of a full-width mark that justification may take up, in ems: after a
/// closing bracket or a comma or full stop, before an opening bracket (at most half an em
/// between two such marks, as JLReq leaves between 」and 「).
fn blank_half(prev: char, next: char) -> f32 {
    let closing = matches!(
        prev,
        '、' | '。'
            | '，'
            | '．'
            | '」'
            | '』'
            | '）'
            | '〕'
            | '］'
            | '｝'
            | '〉'
            | '》'
            | '】'
            | '〙'
            | '〗'
    );
    let opening = matches!(
        next,
        '「' | '『' | '（' | '〔' | '［' | '｛' | '〈' | '《' | '【' | '〘' | '〖'
    );
    if closing || opening { 0.5 } else { 0.0 }
}

/// What a break between two East Asian units of a title costs: nothing after a closing
/// bracket or punctuation, before an opening bracket or 第 (a meeting's ordinal); a little
/// after a particle (hiragana before a kanji or katakana: 宇宙に|関する); a word cut in two
/// (日米|対話) only when nothing else gives as few lines.
pub(crate) fn phrase_cost(prev: char, next: char) -> f32 {
    let hiragana = |c: char| ('\u{3041}'..='\u{309F}').contains(&c);
    if matches!(prev, '」' | '』' | '）' | '】' | '〕' | '、' | '。' | '・')
        || matches!(next, '「' | '『' | '（' | '【' | '〔' | '第')
    {
        0.0
    } else if hiragana(prev) && !hiragana(next) && is_cjk(next) {
        2_000.0
    } else {
        50_000.0
    }
}

/// The byte offsets of `text` between two characters where a Japanese title may break at a
/// phrase (no word cut, no kinsoku broken): for renderers that leave the breaking to the
/// reader's software (HTML's `<wbr>`).
pub(crate) fn phrase_breaks(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        if let Some(p) = prev
            && is_cjk(p)
            && (is_cjk(c) || c.is_ascii_digit())
            && may_break_between(p, c)
            && phrase_cost(p, c) < 50_000.0
        {
            out.push(i);
        }
        prev = Some(c);
    }
    out
}

/// Where a Japanese title of `text` breaks into balanced lines of `measure` ems, for renderers
/// without font metrics (DOCX): the byte offsets at which lines after the first start. East
/// Asian characters are counted one em wide and others 0.55 em, and the title is broken as
/// the PDF breaks it ([`phrase_cost`], [`linebreak::balance_costed`]).
pub(crate) fn title_breaks(text: &str, measure: f32) -> Vec<usize> {
    let mut items = Vec::new();
    let mut starts = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            items.push(Item::Glue {
                width: 0.3,
                stretch: 0.0,
                shrink: 0.0,
            });
            starts.push(i + c.len_utf8());
            prev = None;
            continue;
        }
        if let Some(p) = prev
            && (is_cjk(p) || is_cjk(c))
        {
            let cost = if may_break_between(p, c) {
                phrase_cost(p, c)
            } else {
                INFINITE_PENALTY
            };
            items.push(Item::Penalty {
                width: 0.0,
                cost,
                flagged: false,
            });
            starts.push(i);
        } else if prev.is_some() {
            items.push(Item::Penalty {
                width: 0.0,
                cost: INFINITE_PENALTY,
                flagged: false,
            });
            starts.push(i);
        }
        let width = if is_cjk(c) { 1.0 } else { 0.55 };
        items.push(Item::Box { width });
        starts.push(i);
        prev = Some(c);
    }
    for item in linebreak::PARAGRAPH_END {
        items.push(item);
        starts.push(text.len());
    }
    let breaks = linebreak::balance_costed(&items, measure);
    breaks
        .iter()
        .map(|b| starts[b.at])
        .filter(|&at| at < text.len())
        .collect()
}

/// Closing punctuation, small kana and marks that must not start a line (kinsoku shori,
/// JLReq 3.1.7 and its classes cl-02, cl-04, cl-05, cl-06, cl-07, cl-10 and cl-11), with
/// their half-width forms and the Latin closing marks.
const NO_BREAK_BEFORE: &str = "、。，．・：；？！ー々〻ゝゞヽヾ）］｝〉》」』】〕〗〙〛〜～‐゠–ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ)]},.:;!?’”»%｡､｣･ｰｧｨｩｪｫｬｭｮｯ〟〞゛゜ヿ〃‼⁇⁈⁉％〵｠";

/// Opening brackets and quotes that must not end a line.
const NO_BREAK_AFTER: &str = "（［｛〈《「『【〔〖〘〚([{‘“«〝｢｟";

/// Whether `c` must not start a line.
fn no_break_before(c: char) -> bool {
    ('\u{31F0}'..='\u{31FF}').contains(&c) // small katakana extensions (ㇰ … ㇿ)
        || NO_BREAK_BEFORE.contains(c)
}

/// Whether `c` must not end a line.
fn no_break_after(c: char) -> bool {
    NO_BREAK_AFTER.contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items_of(text: &str) -> Inline {
        let mut book = FontBook::new(&[]).unwrap();
        build(
            &mut book,
            &[Run::plain(text)],
            None,
            BlockStyle {
                size: 11.0,
                style: Style {
                    bold: false,
                    italic: false,
                },
                japanese: false,
            },
            (400.0, false),
        )
        .unwrap()
    }

    fn boxes(inline: &Inline) -> usize {
        inline
            .items
            .iter()
            .filter(|i| matches!(i, Item::Box { .. }))
            .count()
    }

    // Spaces collapse and vanish at the ends; words become boxes.
    #[test]
    fn words_and_spaces() {
        let inline = items_of("  Both   sides  concurred. ");
        assert_eq!(boxes(&inline), 3);
        assert!(matches!(inline.items[0], Item::Box { .. }));
        assert_eq!(inline.items.len(), inline.payloads.len());
        assert_eq!(inline.items.len(), inline.protrusion.len());
    }

    // A hyphenated compound is one unbreakable box (poppler would drop a line-end hyphen).
    #[test]
    fn hyphenated_compound_does_not_break() {
        let inline = items_of("whole-of-government");
        assert_eq!(boxes(&inline), 1);
        assert!(!inline.items.iter().any(|i| matches!(i, Item::Penalty { cost, .. } if *cost < INFINITE_PENALTY && *cost > -INFINITE_PENALTY)));
    }

    // A word ending in a comma may hang into the margin; one ending in a letter may not.
    #[test]
    fn commas_protrude() {
        let inline = items_of("space, cooperation");
        assert!(inline.protrusion[0] > 1.0, "{:?}", inline.protrusion);
        let last_box = inline
            .items
            .iter()
            .rposition(|i| matches!(i, Item::Box { .. }))
            .unwrap();
        assert_eq!(inline.protrusion[last_box], 0.0);
    }

    // The last two words are tied: the glue before the last word is not a break point.
    #[test]
    fn last_words_are_tied() {
        let inline = items_of("one two three");
        let n = inline.items.len();
        // ... box(two) penalty(runt) glue box(three) penalty(inf) fill penalty(-inf)
        assert!(matches!(
            inline.items[n - 6],
            Item::Penalty { cost, .. } if cost == RUNT_PENALTY
        ));
    }

    // A word wider than the measure gets break opportunities: free after a URL separator and
    // before a hyphen, never after a hyphen, dearer between letters; its text stays whole.
    #[test]
    fn over_wide_word_gets_emergency_breaks() {
        let word = "https://example.org/a-b".repeat(30);
        let inline = items_of(&word);
        let mut text = String::new();
        let mut after = String::new();
        for (item, payload) in inline.items.iter().zip(&inline.payloads) {
            match (item, payload) {
                (Item::Box { .. }, Payload::Text(frag)) => {
                    frag.shaped
                        .glyphs
                        .iter()
                        .for_each(|g| text.push_str(&g.text));
                }
                (Item::Penalty { cost, .. }, _) if *cost < INFINITE_PENALTY && *cost >= 0.0 => {
                    let prev = text.chars().last().unwrap();
                    assert!(prev != '-', "break after a hyphen");
                    if prev == '/' || prev == '.' {
                        assert_eq!(*cost, 0.0);
                    }
                    after.push(prev);
                }
                _ => {}
            }
        }
        assert_eq!(text, word);
        assert!(after.contains('/') && after.contains('h') && after.contains('a'));
        assert!(inline.protrusion.iter().all(|&p| p == 0.0));
        // A word that fits stays one box.
        assert_eq!(boxes(&items_of("https://example.org/a-b")), 1);
    }

    // Issue 12, defect 7: the work for one unbreakable word is bounded. A word at the limit is
    // laid out with items linear in its length (a box and at most one penalty per character);
    // one character more, or a 4 MB word, is refused with the limit named, without building
    // its items (the refusal is found while the word is collected, before shaping).
    #[test]
    fn an_unbreakable_word_is_bounded() {
        let at_limit = items_of(&"a".repeat(MAX_WORD_CHARS));
        assert_eq!(boxes(&at_limit), MAX_WORD_CHARS);
        assert!(at_limit.items.len() <= 2 * MAX_WORD_CHARS + 4);
        for len in [MAX_WORD_CHARS + 1, 4 << 20] {
            let mut book = FontBook::new(&[]).unwrap();
            let text = format!("Intro {}", "a".repeat(len));
            let style = BlockStyle {
                size: 11.0,
                style: Style {
                    bold: false,
                    italic: false,
                },
                japanese: false,
            };
            let err =
                build(&mut book, &[Run::plain(&text)], None, style, (400.0, false)).unwrap_err();
            let msg = err.to_string();
            assert!(msg.contains("10000 characters"), "{msg}");
            assert!(msg.contains("(`aaaa"), "{msg}");
        }
    }

    // Kinsoku: no break opportunity before a Japanese full stop.
    #[test]
    fn no_break_before_closing_punctuation() {
        assert!(no_break_before('。'));
        assert!(no_break_before('」'));
        assert!(!no_break_before('日'));
        assert!(no_break_after('「'));
    }

    // JLReq's classes: closing brackets, hyphens, dividing punctuation, middle dots, full
    // stops and commas, iteration marks, the prolonged sound mark and small kana never start
    // a line; opening brackets never end one; leaders are not split.
    #[test]
    fn kinsoku_covers_jlreq() {
        let never_first = "、。，．」』）〕］｝〉》】〙〗〟・：；？！‼⁇⁈⁉ー々〻ゝゞヽヾ\
            ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ\
            ｡､｣･ｰｧｨｩｪｫｬｭｮｯ〜゠‐";
        for c in never_first.chars() {
            assert!(no_break_before(c), "{c} may start a line");
            assert!(!may_break_between('日', c), "{c}");
        }
        for c in "「『（〔［｛〈《【〘〖〝｢｟".chars() {
            assert!(no_break_after(c), "{c} may end a line");
            assert!(!may_break_between(c, '日'), "{c}");
        }
        assert!(!may_break_between('…', '…'));
        assert!(!may_break_between('—', '—'));
        assert!(may_break_between('日', '本'));
        assert!(may_break_between('。', '日'));
    }

    // Justification takes up a bracket's or a comma's blank half; a title's phrases are
    // cheap to break, a word is not.
    #[test]
    fn blank_halves_and_phrases() {
        assert_eq!(blank_half('、', '日'), 0.5);
        assert_eq!(blank_half('日', '「'), 0.5);
        assert_eq!(blank_half('」', '「'), 0.5);
        assert_eq!(blank_half('日', '本'), 0.0);
        assert_eq!(phrase_cost('」', '第'), 0.0);
        assert!(phrase_cost('に', '関') < phrase_cost('米', '対'));
        let title = "「宇宙に関する包括的日米対話」第2回会合 共同声明";
        let at = phrase_breaks(title);
        let cut = |i: usize| (&title[..i], &title[i..]);
        assert!(at.iter().all(|&i| !cut(i).0.ends_with('米')), "{at:?}");
        assert!(at.contains(&title.find('第').unwrap()));
    }
}
