//! Markdown subset -> document blocks, with pulldown-cmark doing the parsing.
//!
//! Templates emit Markdown; this reader turns it into [`Block`]s. The subset and its mapping:
//!
//! | Markdown                              | block                    |
//! |---------------------------------------|--------------------------|
//! | `# Joint Statement {.title}`          | [`BlockKind::Title`]     |
//! | `## The Second Meeting … {.subtitle}` | [`BlockKind::Subtitle`]  |
//! | `### May 9, 2014 {.date}`             | [`BlockKind::DateLine`]  |
//! | `### Done at Tokyo … {.done-at}`      | [`BlockKind::DoneAt`]    |
//! | other headings                        | [`BlockKind::Heading`]   |
//! | paragraphs                            | [`BlockKind::Paragraph`] |
//! | list items (nested ones flattened)    | [`BlockKind::ListItem`]  |
//! | `*em*`, `**strong**`                  | run marks                |
//! | `<!-- clause: ID -->` … `<!-- /clause -->` | clause id of the blocks between |
//! | `<!-- lang: ja -->`                   | language of the next block |
//! | `<!-- signatures -->`                 | a [`BlockKind::Signatures`] slot, filled by the caller |
//! | `<!-- pagebreak -->`                  | [`BlockKind::PageBreak`] |
//!
//! Text between [`VALUE_START`] and [`VALUE_END`] becomes runs of [`Origin::Value`]; the
//! sentinels themselves never reach the IR. Soft line breaks become spaces, so a paragraph is one
//! logical line whatever the template's wrapping.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::{
    ALT_SEP, BRACKET_CLOSE, BRACKET_OPEN, Block, BlockKind, Bracket, Marks, Origin, PARTY_END,
    PARTY_START, Run, VALUE_END, VALUE_START, WORDING_END, WORDING_START,
};

/// Parse Markdown into blocks. Never fails: anything outside the subset degrades to text.
pub fn parse_blocks(markdown: &str) -> Vec<Block> {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    let mut reader = Reader::default();
    for event in Parser::new_ext(markdown, options) {
        reader.event(event);
    }
    reader.blocks
}

#[derive(Default)]
struct Reader {
    blocks: Vec<Block>,
    current: Option<Block>,
    clause_scope: Option<String>,
    pending_lang: Option<String>,
    emphasis: u32,
    strong: u32,
    in_value: bool,
    /// Depth of wording spans inside values (clause values are wording, not data).
    wording: u32,
    /// The bracket group being read, and the party of the alternative being read.
    bracket: Option<Bracket>,
    /// Number of bracket groups opened so far.
    bracket_groups: u32,
    /// A party key being read between [`PARTY_START`] and [`PARTY_END`].
    reading_party: Option<String>,
    /// Stack of open lists: (ordered, next number).
    lists: Vec<(bool, u32)>,
}

impl Reader {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) | Event::Code(text) => self.text(&text),
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.text("\n"),
            Event::Html(html) | Event::InlineHtml(html) => self.html(&html),
            Event::FootnoteReference(_)
            | Event::Rule
            | Event::TaskListMarker(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Heading { level, classes, .. } => {
                let kind = if classes.iter().any(|c| &**c == "title") {
                    BlockKind::Title
                } else if classes.iter().any(|c| &**c == "subtitle") {
                    BlockKind::Subtitle
                } else if classes.iter().any(|c| &**c == "date") {
                    BlockKind::DateLine
                } else if classes.iter().any(|c| &**c == "done-at") {
                    BlockKind::DoneAt
                } else {
                    BlockKind::Heading {
                        level: heading_level(level),
                    }
                };
                self.open(kind);
            }
            Tag::Paragraph => {
                // A paragraph inside a list item belongs to the item already open.
                if self.current.is_none() {
                    self.open(BlockKind::Paragraph);
                }
            }
            Tag::List(start) => {
                let ordered = start.is_some();
                let first = start.map_or(1, |n| u32::try_from(n).unwrap_or(u32::MAX));
                self.flush();
                self.lists.push((ordered, first));
            }
            Tag::Item => {
                self.flush();
                let (ordered, number) = self.lists.last().copied().unwrap_or((false, 1));
                if let Some(last) = self.lists.last_mut() {
                    last.1 = last.1.saturating_add(1);
                }
                self.open(BlockKind::ListItem { ordered, number });
            }
            Tag::Emphasis => self.emphasis += 1,
            Tag::Strong => self.strong += 1,
            Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::MetadataBlock(_) => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::Item => self.flush(),
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
            }
            TagEnd::Emphasis => self.emphasis = self.emphasis.saturating_sub(1),
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            TagEnd::CodeBlock => self.flush(),
            TagEnd::BlockQuote(_)
            | TagEnd::HtmlBlock
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::TableCell
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::MetadataBlock(_) => {}
        }
    }

    fn html(&mut self, html: &str) {
        let Some(inner) = html
            .trim()
            .strip_prefix("<!--")
            .and_then(|s| s.strip_suffix("-->"))
        else {
            // Raw HTML is not part of the subset: keep it visible as text rather than lose it.
            self.text(html);
            return;
        };
        let inner = inner.trim();
        if let Some(id) = inner.strip_prefix("clause:") {
            self.flush();
            self.clause_scope = Some(id.trim().to_owned());
        } else if inner == "/clause" {
            self.flush();
            self.clause_scope = None;
        } else if let Some(lang) = inner.strip_prefix("lang:") {
            self.pending_lang = Some(lang.trim().to_owned());
        } else if inner == "signatures" {
            self.flush();
            self.push_standalone(BlockKind::Signatures {
                signatories: Vec::new(),
            });
        } else if inner == "pagebreak" {
            self.flush();
            self.push_standalone(BlockKind::PageBreak);
        }
        // Any other comment is a template comment: dropped.
    }

    fn push_standalone(&mut self, kind: BlockKind) {
        let clause = self.clause_scope.clone();
        self.blocks.push(Block {
            kind,
            runs: Vec::new(),
            clause,
            lang: None,
            change: None,
        });
    }

    fn open(&mut self, kind: BlockKind) {
        self.flush();
        self.current = Some(Block {
            kind,
            runs: Vec::new(),
            clause: self.clause_scope.clone(),
            lang: self.pending_lang.take(),
            change: None,
        });
    }

    fn flush(&mut self) {
        if let Some(mut block) = self.current.take() {
            trim_block(&mut block);
            if !block.runs.is_empty() {
                self.blocks.push(block);
            }
        }
    }

    fn text(&mut self, text: &str) {
        if self.current.is_none() {
            self.open(BlockKind::Paragraph);
        }
        let mut piece = String::with_capacity(text.len());
        let mut rest = text;
        while !rest.is_empty() {
            if let Some(party) = self.reading_party.as_mut() {
                let Some(end) = rest.find(PARTY_END) else {
                    party.push_str(rest);
                    break;
                };
                party.push_str(&rest[..end]);
                rest = &rest[end + PARTY_END.len_utf8()..];
                let party = self.reading_party.take().filter(|p| !p.is_empty());
                if let Some(b) = self.bracket.as_mut() {
                    b.party = party;
                }
                continue;
            }
            // Text between sentinels is copied whole.
            let Some((at, ch)) = next_sentinel(rest) else {
                piece.push_str(rest);
                break;
            };
            piece.push_str(&rest[..at]);
            rest = &rest[at + ch.len_utf8()..];
            self.sentinel(ch, &mut piece);
        }
        self.push_run(piece);
    }

    /// What a sentinel character of assembly's output does to the runs being read.
    fn sentinel(&mut self, ch: char, piece: &mut String) {
        match ch {
            VALUE_START | VALUE_END => {
                self.push_run(std::mem::take(piece));
                self.in_value = ch == VALUE_START;
            }
            WORDING_START | WORDING_END => {
                self.push_run(std::mem::take(piece));
                self.wording = if ch == WORDING_START {
                    self.wording + 1
                } else {
                    self.wording.saturating_sub(1)
                };
            }
            BRACKET_OPEN => {
                self.push_run(std::mem::take(piece));
                self.bracket = Some(Bracket {
                    group: self.bracket_groups,
                    party: None,
                });
                self.bracket_groups += 1;
                self.push_run("[".to_owned());
            }
            PARTY_START => {
                self.push_run(std::mem::take(piece));
                self.reading_party = Some(String::new());
            }
            ALT_SEP | BRACKET_CLOSE => {
                self.push_run(std::mem::take(piece));
                self.close_alternative();
                if ch == ALT_SEP {
                    self.push_run(" / ".to_owned());
                } else {
                    self.push_run("]".to_owned());
                    self.bracket = None;
                }
            }
            _ => piece.push(ch),
        }
    }

    /// End an alternative: its party's label, `(JP)`, closes it.
    fn close_alternative(&mut self) {
        let label = self.bracket.as_ref().and_then(|b| b.party.clone());
        if let Some(party) = label {
            self.push_run(format!(" ({})", party.to_uppercase()));
        }
        if let Some(b) = self.bracket.as_mut() {
            b.party = None;
        }
    }

    fn push_run(&mut self, text: String) {
        if text.is_empty() {
            return;
        }
        let marks = Marks {
            emphasis: self.emphasis > 0,
            strong: self.strong > 0,
            origin: if self.in_value && self.wording == 0 {
                Origin::Value
            } else {
                Origin::Text
            },
            bracket: self.bracket.clone(),
            ..Marks::default()
        };
        let Some(block) = self.current.as_mut() else {
            return;
        };
        match block.runs.last_mut() {
            Some(last) if last.marks == marks => last.text.push_str(&text),
            _ => block.runs.push(Run { text, marks }),
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Trim white space at the block's edges and collapse runs of spaces the template's layout
/// left between words (a clause ending in a newline, an empty optional value).
fn trim_block(block: &mut Block) {
    for run in &mut block.runs {
        if run.text.contains("  ") && !run.text.contains('\n') {
            let mut collapsed = String::with_capacity(run.text.len());
            let mut prev_space = false;
            for ch in run.text.chars() {
                if ch == ' ' && prev_space {
                    continue;
                }
                prev_space = ch == ' ';
                collapsed.push(ch);
            }
            run.text = collapsed;
        }
    }
    if let Some(first) = block.runs.first_mut() {
        first.text = first.text.trim_start().to_owned();
    }
    if let Some(last) = block.runs.last_mut() {
        last.text = last.text.trim_end().to_owned();
    }
    block.runs.retain(|r| !r.text.is_empty());
}

/// Backslash-escape Markdown syntax in text that must print as written. Any escaped ASCII
/// punctuation reads back as itself in CommonMark, so escaping generously is safe: everything
/// that could open syntax inline or at the start of a line (`1.`, `-`, `+`, `#`, `>`).
/// Line breaks become spaces; value sentinels are dropped, bracket sentinels kept.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8 + 8);
    let mut rest = text;
    // Runs of ordinary text are copied whole; only the characters below are looked at.
    while let Some(at) = rest.bytes().position(|b| ESCAPED[usize::from(b)]) {
        out.push_str(&rest[..at]);
        let Some(ch) = rest[at..].chars().next() else {
            break;
        };
        rest = &rest[at + ch.len_utf8()..];
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '{' | '}' | '|' | '~' | '!'
            | '&' | '.' | '-' | '+' | '(' | ')' | '=' | ':' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            VALUE_START | VALUE_END => {}
            // Bracket sentinels pass through: assembly puts them around alternatives.
            _ => out.push(ch),
        }
    }
    out.push_str(rest);
    out
}

/// The bytes [`escape`] looks at: the ASCII characters it escapes or replaces, and the lead
/// byte of the sentinels (U+E000 and the private-use characters after it).
const ESCAPED: [bool; 256] = {
    let mut table = [false; 256];
    let special = b"\\`*_[]<>#{}|~!&.-+()=:\n\r\t";
    let mut i = 0;
    while i < special.len() {
        table[special[i] as usize] = true;
        i += 1;
    }
    table[0xEE] = true;
    table
};

/// The first sentinel character of assembly's output in `s` (all of them are U+E000 to
/// U+E008, three bytes starting 0xEE 0x80), with its byte offset.
fn next_sentinel(s: &str) -> Option<(usize, char)> {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr::memchr(0xEE, &bytes[from..]) {
        let at = from + i;
        if let Some(ch) = s[at..].chars().next()
            && is_sentinel(ch)
        {
            return Some((at, ch));
        }
        from = at + 1;
    }
    None
}

fn is_sentinel(ch: char) -> bool {
    matches!(
        ch,
        VALUE_START
            | VALUE_END
            | WORDING_START
            | WORDING_END
            | BRACKET_OPEN
            | BRACKET_CLOSE
            | PARTY_START
            | PARTY_END
            | ALT_SEP
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    // The run-copying escape gives what escaping character by character gives, on text with
    // every special character, sentinels, other private-use characters, Japanese and accents.
    #[test]
    fn escape_matches_the_character_rule() {
        fn reference(text: &str) -> String {
            let mut out = String::new();
            for ch in text.chars() {
                match ch {
                    c if c.is_ascii() && "\\`*_[]<>#{}|~!&.-+()=:".contains(c) => {
                        out.push('\\');
                        out.push(c);
                    }
                    '\n' | '\r' | '\t' => out.push(' '),
                    VALUE_START | VALUE_END => {}
                    c => out.push(c),
                }
            }
            out
        }
        let text = format!(
            "Tokyo, Japan. (JAXA) a*b_c [x] <y> #1 {{z}} a|b ~ ! & 1.5-2+3=4: \\ `code`\n\ttab\r\
             {VALUE_START}May 9, 2014{VALUE_END} {BRACKET_OPEN}alt{ALT_SEP}other{BRACKET_CLOSE} \
             \u{E010} \u{F000} 「宇宙に関する包括的日米対話」第2回会合 Café — déjà vu{VALUE_START}"
        );
        assert_eq!(escape(&text), reference(&text));
        assert_eq!(escape(""), "");
        assert_eq!(escape("plain words"), "plain words");
    }

    // Text split at sentinels gives the same runs wherever the sentinels fall: first, last,
    // side by side, inside a party label.
    #[test]
    fn sentinels_at_the_edges_of_a_text_event() {
        let text = format!(
            "{VALUE_START}2014{VALUE_END}{VALUE_START}May{VALUE_END} and {BRACKET_OPEN}{PARTY_START}jp{PARTY_END}A{ALT_SEP}{PARTY_START}us{PARTY_END}B{BRACKET_CLOSE}"
        );
        let blocks = parse_blocks(&text);
        let runs: Vec<(&str, Origin)> = blocks[0]
            .runs
            .iter()
            .map(|r| (r.text.as_str(), r.marks.origin))
            .collect();
        assert_eq!(
            runs.iter().map(|r| r.0).collect::<String>(),
            "2014May and [A (JP) / B (US)]"
        );
        assert_eq!(runs[0], ("2014May", Origin::Value));
    }

    // The heading classes of the subset map to the title-block kinds.
    #[test]
    fn heading_classes_map_to_title_block() {
        let blocks = parse_blocks(
            "# Joint Statement {.title}\n\n## The Meeting {.subtitle}\n\n### May 9, 2014 {.date}\n\nBody.\n",
        );
        let kinds: Vec<_> = blocks.iter().map(|b| b.kind.clone()).collect();
        assert_eq!(
            kinds,
            vec![
                BlockKind::Title,
                BlockKind::Subtitle,
                BlockKind::DateLine,
                BlockKind::Paragraph
            ]
        );
        assert_eq!(blocks[1].plain_text(), "The Meeting");
    }

    // Value sentinels become value runs and vanish from the text.
    #[test]
    fn value_sentinels_mark_runs() {
        let md = format!("held in {VALUE_START}Washington, D\\.C\\.{VALUE_END} on time.");
        let blocks = parse_blocks(&md);
        assert_eq!(blocks[0].plain_text(), "held in Washington, D.C. on time.");
        assert_eq!(blocks[0].runs.len(), 3);
        assert_eq!(blocks[0].runs[1].marks.origin, Origin::Value);
        assert_eq!(blocks[0].runs[1].text, "Washington, D.C.");
    }

    // Encoded alternatives read as `[a (JP) / b (US)]` with bracket marks and parties.
    #[test]
    fn brackets_become_marked_runs() {
        let md = format!(
            "Both sides {} it.",
            crate::document::bracket_markup(&[
                ("jp", "confirmed".into()),
                ("us", "reaffirmed".into())
            ])
        );
        let blocks = parse_blocks(&md);
        assert_eq!(
            blocks[0].plain_text(),
            "Both sides [confirmed (JP) / reaffirmed (US)] it."
        );
        let jp: String = blocks[0]
            .runs
            .iter()
            .filter(|r| r.marks.bracket.as_ref().and_then(|b| b.party.as_deref()) == Some("jp"))
            .map(|r| r.text.as_str())
            .collect();
        assert_eq!(jp, "confirmed (JP)");
        assert!(
            blocks[0]
                .runs
                .iter()
                .filter(|r| r.marks.bracket.is_some())
                .all(|r| r.marks.bracket.as_ref().unwrap().group == 0)
        );
    }

    // Clause comments tag the blocks between them and soft breaks become spaces.
    #[test]
    fn clause_comment_and_soft_breaks() {
        let blocks = parse_blocks(
            "<!-- clause: ssa -->\nBoth sides\ndiscussed.\n<!-- /clause -->\n\nNext.\n",
        );
        assert_eq!(blocks[0].clause.as_deref(), Some("ssa"));
        assert_eq!(blocks[0].plain_text(), "Both sides discussed.");
        assert_eq!(blocks[1].clause, None);
    }
}
