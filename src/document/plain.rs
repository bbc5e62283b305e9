//! Plain text -> document blocks: how adopted statements kept as `.txt` enter the IR.
//!
//! Paragraphs are separated by blank lines; lines inside a paragraph are joined with spaces.
//! The heading block of a statement is recognised: the short unpunctuated lines before the first
//! body paragraph become title, subtitle and (when it reads as a date) the date line.

use super::{Block, BlockKind, MONTHS};

/// Parse plain text into blocks, recognising the heading block.
pub fn parse_plain_text(text: &str) -> Vec<Block> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current.join(" "));
    }

    let mut blocks: Vec<Block> = paragraphs
        .into_iter()
        .map(|para| Block::text(BlockKind::Paragraph, para))
        .collect();
    recognise_heading_block(&mut blocks);
    blocks
}

/// Give the heading block of a statement its kinds: the short unpunctuated paragraphs (or
/// headings) before the first body paragraph become title, subtitle and, when one reads as a
/// date, the date line. Does nothing when the blocks already have a title-block kind (a file
/// whose styles said so). Used for plain text, and for Word or Markdown files without styles.
pub fn recognise_heading_block(blocks: &mut [Block]) {
    let styled = blocks.iter().any(|b| {
        matches!(
            b.kind,
            BlockKind::Title | BlockKind::Subtitle | BlockKind::DateLine
        )
    });
    if styled {
        return;
    }
    let mut headings_seen = 0;
    for block in blocks {
        if !matches!(block.kind, BlockKind::Paragraph | BlockKind::Heading { .. }) {
            break;
        }
        let text = block.plain_text();
        if !is_heading_line(&text) {
            break;
        }
        headings_seen += 1;
        block.kind = if looks_like_date(&text) {
            BlockKind::DateLine
        } else if headings_seen == 1 {
            BlockKind::Title
        } else {
            BlockKind::Subtitle
        };
    }
}

/// A heading line is short and does not end a sentence (in Japanese, which has no spaces to
/// count words by: at most 60 characters, and no 。 at its end).
fn is_heading_line(line: &str) -> bool {
    let words = line.split_whitespace().count();
    words <= 20 && line.chars().count() <= 160 && !line.ends_with(['.', ':', '。', '：'])
}

/// "May 9, 2014", "9 May 2014", "August 26 and 27, 2024", "2014-05-09".
pub fn looks_like_date(line: &str) -> bool {
    let has_month = MONTHS
        .iter()
        .any(|m| line.split(|c: char| !c.is_alphabetic()).any(|w| w == *m));
    let has_year = line
        .split(|c: char| !c.is_ascii_digit())
        .any(|w| w.len() == 4 && w.starts_with(['1', '2']));
    let iso = line.len() == 10
        && line.as_bytes()[4] == b'-'
        && line.as_bytes()[7] == b'-'
        && line.chars().filter(char::is_ascii_digit).count() == 8;
    // 2014年5月9日, 令和6年8月26日及び27日.
    let japanese = line.contains('年')
        && line.contains('月')
        && line.contains('日')
        && line.chars().count() <= 30;
    iso || japanese || (has_month && has_year && line.split_whitespace().count() <= 8)
}

#[cfg(test)]
mod tests {
    use super::*;

    // A Japanese statement's heading block: the title and the date line, then paragraphs ending
    // in 。 (no spaces to count words by).
    #[test]
    fn recognises_a_japanese_heading_block() {
        let blocks = parse_plain_text(
            "「日米対話」第2回会合 共同声明\n\n2014年5月9日\n\n双方は確認した。本会合は続く。\n\n短い段落。",
        );
        let kinds: Vec<&BlockKind> = blocks.iter().map(|b| &b.kind).collect();
        assert_eq!(
            kinds,
            [
                &BlockKind::Title,
                &BlockKind::DateLine,
                &BlockKind::Paragraph,
                &BlockKind::Paragraph
            ]
        );
    }

    // The heading block of an adopted statement is recognised as title, subtitle and date line.
    #[test]
    fn recognises_heading_block() {
        let blocks = parse_plain_text(
            "Joint Statement\n\nThe Second Meeting of the Dialogue\n\nMay 9, 2014\n\nPursuant to their goal.\n\nBoth sides\nconcurred.",
        );
        let kinds: Vec<_> = blocks.iter().map(|b| b.kind.clone()).collect();
        assert_eq!(
            kinds,
            vec![
                BlockKind::Title,
                BlockKind::Subtitle,
                BlockKind::DateLine,
                BlockKind::Paragraph,
                BlockKind::Paragraph
            ]
        );
        assert_eq!(blocks[4].plain_text(), "Both sides concurred.");
    }
}
