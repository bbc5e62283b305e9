//! Word move revisions: the redline's moved text as `w:moveFrom` / `w:moveTo` inside named
//! `w:moveFromRangeStart` … `w:moveFromRangeEnd` and `w:moveToRangeStart` … `w:moveToRangeEnd`,
//! the form Word writes and LibreOffice and Word show as a move (not a deletion plus an
//! insertion).
//!
//! docx-rs has move wrappers but no range markers and no move on a paragraph mark, so
//! [`super::body`] writes moved text as ordinary `w:del` / `w:ins` whose author carries a move
//! mark ([`author`]), and [`apply`] rewrites the packaged XML: marked tags become move tags
//! with the real author, and each move gets its range start (named `move<N>`, shared by both
//! places) before its first wrapper and its range end after its last. Runs after
//! the packager has renumbered revision ids, so range ids continue that numbering and the same
//! document gives the same bytes. Nothing here knows about blocks or runs.

use std::collections::BTreeMap;

/// Prefix of a move-marked author: `chancery-move:<from|to>:<N>:<author>`.
const MARK: &str = "chancery-move:";

/// Which place of a move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Place {
    From,
    To,
}

impl Place {
    fn word(self) -> &'static str {
        match self {
            Place::From => "from",
            Place::To => "to",
        }
    }

    /// The element name of the wrapper (`moveFrom` / `moveTo`).
    fn element(self) -> &'static str {
        match self {
            Place::From => "w:moveFrom",
            Place::To => "w:moveTo",
        }
    }
}

/// The author attribute value that marks a `w:del` (from) or `w:ins` (to) as move `id`.
pub(crate) fn author(place: Place, id: u32, author: &str) -> String {
    format!("{MARK}{}:{id}:{author}", place.word())
}

/// Where one move's range markers go, in output byte offsets.
#[derive(Debug)]
struct Range {
    /// Offset of the first wrapper's start tag.
    start: usize,
    /// Offset just after the last wrapper's end tag.
    end: usize,
    /// ` w:author="…"` and ` w:date="…"` attributes as the first tag had them.
    attrs: String,
}

/// Rewrites move-marked `w:del` / `w:ins` tags of `xml` (a packaged `word/document.xml`)
/// into move revisions with their named ranges; range ids continue from `next_id`. XML
/// without move marks comes back unchanged.
pub(crate) fn apply(xml: Vec<u8>, next_id: &mut u32) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(&xml) else {
        return xml;
    };
    if !text.contains(MARK) {
        return xml;
    }
    let mut out = String::with_capacity(text.len() + 1024);
    let mut ranges: BTreeMap<(u32, Place), Range> = BTreeMap::new();
    // Open wrappers, so their end tags can be renamed: the close of a `w:del` / `w:ins`
    // never nests another of its own name in what the body builder writes.
    let mut open: Option<(Place, u32)> = None;
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let end = after.find('>').map_or(after.len(), |e| e + 1);
        let tag = &after[..end];
        rest = &after[end..];
        if let Some((place, n)) = open {
            let close = match place {
                Place::From => "</w:del>",
                Place::To => "</w:ins>",
            };
            if tag == close {
                out.push_str(&format!("</{}>", place.element()));
                if let Some(r) = ranges.get_mut(&(n, place)) {
                    r.end = out.len();
                }
                open = None;
                continue;
            }
        }
        match marked(tag) {
            Some(m) => {
                let at = out.len();
                out.push_str(&m.rewritten);
                if !m.empty {
                    let range = ranges.entry((m.id, m.place)).or_insert(Range {
                        start: at,
                        end: out.len(),
                        attrs: m.attrs.clone(),
                    });
                    range.end = out.len();
                    open = Some((m.place, m.id));
                }
            }
            None => out.push_str(tag),
        }
    }
    out.push_str(rest);
    insert_ranges(&out, &ranges, next_id).into_bytes()
}

/// A move-marked tag, rewritten.
struct Marked {
    place: Place,
    id: u32,
    /// Self-closing (a paragraph mark's revision).
    empty: bool,
    rewritten: String,
    attrs: String,
}

/// The move tag for a marked `<w:del …>` / `<w:ins …>` start tag; `None` for any other tag.
fn marked(tag: &str) -> Option<Marked> {
    let place = if tag.starts_with("<w:del ") {
        Place::From
    } else if tag.starts_with("<w:ins ") {
        Place::To
    } else {
        return None;
    };
    let key = " w:author=\"";
    let a = tag.find(key)? + key.len();
    let value_end = a + tag[a..].find('"')?;
    let value = tag[a..value_end].strip_prefix(MARK)?;
    let mut parts = value.splitn(3, ':');
    let (word, id, real) = (parts.next()?, parts.next()?, parts.next()?);
    if word != place.word() {
        return None;
    }
    let id: u32 = id.parse().ok()?;
    let head_len = "<w:del".len();
    let rewritten = format!(
        "<{}{}{real}{}",
        place.element(),
        &tag[head_len..a],
        &tag[value_end..]
    );
    let date = attr(tag, " w:date=\"").unwrap_or_default();
    Some(Marked {
        place,
        id,
        empty: tag.ends_with("/>"),
        attrs: format!(" w:author=\"{real}\"{date}"),
        rewritten,
    })
}

/// ` name"value"` of the attribute starting with `key` (` w:date="`), whole.
fn attr(tag: &str, key: &str) -> Option<String> {
    let a = tag.find(key)?;
    let v = a + key.len();
    let e = v + tag[v..].find('"')?;
    Some(tag[a..=e].to_owned())
}

/// `out` with each move's range start before its first wrapper and range end after its last,
/// range ids numbered from `next_id + 1` in document order of the starts.
fn insert_ranges(out: &str, ranges: &BTreeMap<(u32, Place), Range>, next_id: &mut u32) -> String {
    let mut starts: Vec<(&(u32, Place), &Range)> = ranges.iter().collect();
    starts.sort_by_key(|(_, r)| r.start);
    // (offset, order at that offset, text): an end sorts before a start at the same offset.
    let mut inserts: Vec<(usize, u8, String)> = Vec::with_capacity(2 * starts.len());
    for ((n, place), range) in starts {
        *next_id += 1;
        let id = *next_id;
        let element = place.element();
        inserts.push((
            range.start,
            1,
            format!(
                "<{element}RangeStart w:id=\"{id}\"{} w:name=\"move{n}\" />",
                range.attrs
            ),
        ));
        inserts.push((range.end, 0, format!("<{element}RangeEnd w:id=\"{id}\" />")));
    }
    inserts.sort_by_key(|(at, order, _)| (*at, *order));
    let mut text =
        String::with_capacity(out.len() + inserts.iter().map(|i| i.2.len()).sum::<usize>());
    let mut from = 0;
    for (at, _, piece) in &inserts {
        text.push_str(&out[from..*at]);
        text.push_str(piece);
        from = *at;
    }
    text.push_str(&out[from..]);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    // A moved run becomes moveFrom / moveTo with the real author, inside ranges that share the
    // move's name; the paragraph mark's revision becomes a move too; other revisions stay.
    #[test]
    fn marked_revisions_become_named_moves() {
        let from = author(Place::From, 3, "Reviewer");
        let to = author(Place::To, 3, "Reviewer");
        let xml = format!(
            concat!(
                r#"<w:p><w:r><w:t>A </w:t></w:r><w:del w:id="1" w:author="{f}" w:date="2015-05-01T00:00:00Z"><w:r><w:delText>B.</w:delText></w:r></w:del>"#,
                r#"<w:ins w:id="2" w:author="Reviewer"><w:r><w:t>C</w:t></w:r></w:ins></w:p>"#,
                r#"<w:p><w:pPr><w:rPr><w:ins w:id="3" w:author="{t}" w:date="2015-05-01T00:00:00Z" /></w:rPr></w:pPr>"#,
                r#"<w:ins w:id="4" w:author="{t}" w:date="2015-05-01T00:00:00Z"><w:r><w:t>B.</w:t></w:r></w:ins></w:p>"#
            ),
            f = from,
            t = to
        );
        let mut id = 4;
        let out = String::from_utf8(apply(xml.into_bytes(), &mut id)).unwrap();
        let date = r#"w:date="2015-05-01T00:00:00Z""#;
        assert_eq!(
            out,
            format!(
                concat!(
                    r#"<w:p><w:r><w:t>A </w:t></w:r><w:moveFromRangeStart w:id="5" w:author="Reviewer" {d} w:name="move3" />"#,
                    r#"<w:moveFrom w:id="1" w:author="Reviewer" {d}><w:r><w:delText>B.</w:delText></w:r></w:moveFrom><w:moveFromRangeEnd w:id="5" />"#,
                    r#"<w:ins w:id="2" w:author="Reviewer"><w:r><w:t>C</w:t></w:r></w:ins></w:p>"#,
                    r#"<w:p><w:pPr><w:rPr><w:moveTo w:id="3" w:author="Reviewer" {d} /></w:rPr></w:pPr>"#,
                    r#"<w:moveToRangeStart w:id="6" w:author="Reviewer" {d} w:name="move3" />"#,
                    r#"<w:moveTo w:id="4" w:author="Reviewer" {d}><w:r><w:t>B.</w:t></w:r></w:moveTo><w:moveToRangeEnd w:id="6" /></w:p>"#
                ),
                d = date
            )
        );
        assert_eq!(id, 6);
    }

    // Without move marks the bytes are untouched and no id is used.
    #[test]
    fn unmarked_xml_is_unchanged() {
        let xml = br#"<w:p><w:del w:id="1" w:author="a"><w:r><w:delText>x</w:delText></w:r></w:del></w:p>"#;
        let mut id = 1;
        assert_eq!(apply(xml.to_vec(), &mut id), xml.to_vec());
        assert_eq!(id, 1);
    }
}
