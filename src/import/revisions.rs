//! A returned Word file as its reviser left it: every body paragraph as a sequence of text
//! pieces, each plain, inserted, deleted or moved (with the revision's author and date), with
//! the bookmarks and comment anchors between them; the comments with their replies; and the
//! document's custom properties. This is what `absorb` reads a counterpart's redline from;
//! `import` (all changes accepted or all rejected) is for reading a document as text.
//!
//! The reader walks the XML itself (quick-xml) rather than through docx-rs's model, which drops
//! move revisions, comment ranges and bookmarks inside runs. It takes what Word, LibreOffice and
//! pandoc write: runs split anywhere, `w:rsid*` attributes, `w:proofErr`, `w:smartTag`,
//! `w:hyperlink` and `w:sdt` wrappers, bookmarks and comment ranges crossing runs, a deleted
//! paragraph mark (`w:pPr/w:rPr/w:del`, two paragraphs merged). Field codes, drawings, text
//! boxes and formatting-change records carry no statement text and are skipped. The package
//! has passed [`super::docx_parts`]'s checks (size, zip bombs, nesting) before this sees it.

use quick_xml::events::{BytesStart, Event};

use super::ImportError;

/// Who made a revision and when (as written: `2026-12-01T10:00:00Z`, or empty).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Revision {
    pub author: String,
    pub date: String,
}

/// What a piece of text is in the returned file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Plain,
    Inserted(Revision),
    Deleted(Revision),
    /// The new place of moved text.
    MovedTo(Revision),
    /// The old place of moved text.
    MovedFrom(Revision),
}

impl Kind {
    /// Text that reads in the document with every change accepted.
    pub fn in_accepted(&self) -> bool {
        matches!(self, Kind::Plain | Kind::Inserted(_) | Kind::MovedTo(_))
    }

    /// Text that reads in the document with every change rejected.
    pub fn in_rejected(&self) -> bool {
        matches!(self, Kind::Plain | Kind::Deleted(_) | Kind::MovedFrom(_))
    }

    /// The revision, for every kind but plain text.
    pub fn revision(&self) -> Option<&Revision> {
        match self {
            Kind::Plain => None,
            Kind::Inserted(r) | Kind::Deleted(r) | Kind::MovedTo(r) | Kind::MovedFrom(r) => Some(r),
        }
    }
}

/// One piece of a paragraph, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text {
        text: String,
        kind: Kind,
    },
    /// A bookmark starts here (its name).
    Bookmark(String),
    /// A comment's anchored range starts here (its id).
    CommentStart(String),
    /// A comment's anchored range ends here.
    CommentEnd(String),
}

/// A body paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Paragraph {
    pub pieces: Vec<Piece>,
    /// The paragraph mark was deleted (tracked): accepted, this paragraph runs on into the next.
    pub mark_deleted: Option<Revision>,
    /// Inside a table (the signature blocks).
    pub in_table: bool,
}

impl Paragraph {
    /// The text with every change accepted (`true`) or rejected (`false`).
    pub fn text(&self, accepted: bool) -> String {
        self.pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Text { text, kind }
                    if (accepted && kind.in_accepted()) || (!accepted && kind.in_rejected()) =>
                {
                    Some(text.as_str())
                }
                _ => None,
            })
            .collect()
    }

    /// The names of the bookmarks in the paragraph, in order.
    pub fn bookmarks(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Bookmark(name) => Some(name.as_str()),
            _ => None,
        })
    }
}

/// A comment, with the comment it answers when it is a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub id: String,
    pub author: String,
    pub date: String,
    pub text: String,
    /// The id of the comment this one replies to.
    pub reply_to: Option<String>,
}

/// What `absorb` reads from a returned file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Returned {
    pub paragraphs: Vec<Paragraph>,
    pub comments: Vec<Comment>,
    /// Custom document properties (name, text value), in file order.
    pub properties: Vec<(String, String)>,
}

impl Returned {
    /// A custom property's value.
    pub fn property(&self, name: &str) -> Option<&str> {
        self.properties
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the file carries any tracked change at all.
    pub fn has_revisions(&self) -> bool {
        self.paragraphs.iter().any(|p| {
            p.mark_deleted.is_some()
                || p.pieces
                    .iter()
                    .any(|x| matches!(x, Piece::Text { kind, .. } if *kind != Kind::Plain))
        })
    }
}

/// Read the parts of a returned DOCX (see [`super::docx_parts`]).
pub fn read(parts: &super::DocxParts) -> Result<Returned, ImportError> {
    let paragraphs = Body::default().read(&parts.document)?;
    let mut comments = match &parts.comments {
        Some(xml) => read_comments(xml)?,
        None => Vec::new(),
    };
    if let Some(xml) = &parts.comments_extended {
        link_replies(xml, &mut comments)?;
    }
    let properties = match &parts.custom {
        Some(xml) => read_properties(xml)?,
        None => Vec::new(),
    };
    Ok(Returned {
        paragraphs,
        comments: comments.into_iter().map(|(c, _)| c).collect(),
        properties,
    })
}

fn xml_err(part: &str, e: impl std::fmt::Display) -> ImportError {
    ImportError::Docx {
        reason: format!("`{part}` is not well-formed XML ({e})"),
    }
}

/// The value of attribute `name` (qualified, e.g. `w:id`), unescaped.
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name.as_bytes())
        .map(|a| {
            let raw = String::from_utf8_lossy(&a.value);
            quick_xml::escape::unescape(&raw).map_or_else(|_| raw.to_string(), |v| v.into_owned())
        })
}

fn revision_of(e: &BytesStart<'_>) -> Revision {
    // LibreOffice writes a comment without a date as year 0: no date.
    let date = attr(e, "w:date")
        .filter(|d| !d.starts_with("0-") && !d.starts_with("0000-"))
        .unwrap_or_default();
    Revision {
        author: attr(e, "w:author").unwrap_or_default(),
        date,
    }
}

/// Elements whose content is never statement text.
const SKIPPED: [&[u8]; 9] = [
    b"w:instrText",
    b"w:delInstrText",
    b"w:drawing",
    b"w:pict",
    b"w:txbxContent",
    b"w:rPrChange",
    b"w:pPrChange",
    b"mc:Fallback",
    b"w:footnoteReference",
];

/// The state of the walk over `word/document.xml`.
#[derive(Default)]
struct Body {
    out: Vec<Paragraph>,
    current: Option<Paragraph>,
    /// Open revision containers (`w:ins`, `w:del`, `w:moveFrom`, `w:moveTo`), innermost last.
    revisions: Vec<Kind>,
    /// Depth inside `w:pPr` (a `w:del` there deletes the paragraph mark).
    in_ppr: u32,
    /// Depth inside a skipped element.
    skipping: u32,
    /// Inside `w:t` or `w:delText`.
    in_text: bool,
    tables: u32,
}

impl Body {
    fn read(mut self, xml: &str) -> Result<Vec<Paragraph>, ImportError> {
        let mut reader = quick_xml::Reader::from_str(xml);
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) => self.start(&e, false),
                Ok(Event::Empty(e)) => self.start(&e, true),
                Ok(Event::End(e)) => self.end(e.name().as_ref()),
                Ok(Event::Text(t)) if self.in_text && self.skipping == 0 => {
                    let text = t.decode().map_err(|e| xml_err("word/document.xml", e))?;
                    self.push_text(&text);
                }
                Ok(Event::GeneralRef(r)) if self.in_text && self.skipping == 0 => {
                    let text = entity(&r).map_err(|e| xml_err("word/document.xml", e))?;
                    self.push_text(&text);
                }
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(e) => return Err(xml_err("word/document.xml", e)),
            }
        }
        Ok(self.out)
    }

    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        let name = e.name();
        let name = name.as_ref();
        if self.skipping > 0 || SKIPPED.contains(&name) {
            if !empty {
                self.skipping += 1;
            }
            return;
        }
        match name {
            b"w:p" => {
                self.current = Some(Paragraph {
                    in_table: self.tables > 0,
                    ..Paragraph::default()
                });
                if empty {
                    self.end(b"w:p");
                }
            }
            b"w:tbl" if !empty => self.tables += 1,
            b"w:pPr" if !empty => self.in_ppr += 1,
            b"w:del" | b"w:ins" | b"w:moveFrom" | b"w:moveTo" if self.in_ppr > 0 => {
                if name == b"w:del"
                    && let Some(p) = self.current.as_mut()
                {
                    p.mark_deleted = Some(revision_of(e));
                }
            }
            b"w:ins" | b"w:del" | b"w:moveFrom" | b"w:moveTo" if !empty => {
                let r = revision_of(e);
                self.revisions.push(match name {
                    b"w:ins" => Kind::Inserted(r),
                    b"w:del" => Kind::Deleted(r),
                    b"w:moveFrom" => Kind::MovedFrom(r),
                    _ => Kind::MovedTo(r),
                });
            }
            b"w:t" | b"w:delText" if !empty => self.in_text = true,
            b"w:tab" if self.in_ppr == 0 => self.push_text("\t"),
            b"w:br" | b"w:cr" if attr(e, "w:type").is_none_or(|t| t == "textWrapping") => {
                self.push_text("\n");
            }
            b"w:noBreakHyphen" => self.push_text("\u{2011}"),
            b"w:bookmarkStart" => {
                if let Some(name) = attr(e, "w:name") {
                    self.push(Piece::Bookmark(name));
                }
            }
            b"w:commentRangeStart" => {
                if let Some(id) = attr(e, "w:id") {
                    self.push(Piece::CommentStart(id));
                }
            }
            b"w:commentRangeEnd" => {
                if let Some(id) = attr(e, "w:id") {
                    self.push(Piece::CommentEnd(id));
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) {
        if self.skipping > 0 {
            self.skipping -= 1;
            return;
        }
        match name {
            b"w:p" => {
                if let Some(p) = self.current.take() {
                    self.out.push(p);
                }
            }
            b"w:tbl" => self.tables = self.tables.saturating_sub(1),
            b"w:pPr" => self.in_ppr = self.in_ppr.saturating_sub(1),
            b"w:ins" | b"w:del" | b"w:moveFrom" | b"w:moveTo" if self.in_ppr == 0 => {
                self.revisions.pop();
            }
            b"w:t" | b"w:delText" => self.in_text = false,
            _ => {}
        }
    }

    fn push_text(&mut self, text: &str) {
        let kind = self.revisions.last().cloned().unwrap_or(Kind::Plain);
        let Some(p) = self.current.as_mut() else {
            return;
        };
        match p.pieces.last_mut() {
            Some(Piece::Text { text: t, kind: k }) if *k == kind => t.push_str(text),
            _ => p.pieces.push(Piece::Text {
                text: text.to_owned(),
                kind,
            }),
        }
    }

    fn push(&mut self, piece: Piece) {
        if let Some(p) = self.current.as_mut() {
            p.pieces.push(piece);
        }
    }
}

/// The text of an entity or character reference inside `w:t`.
fn entity(r: &quick_xml::events::BytesRef<'_>) -> Result<String, String> {
    if let Some(c) = r.resolve_char_ref().map_err(|e| e.to_string())? {
        return Ok(c.to_string());
    }
    let name = r.decode().map_err(|e| e.to_string())?;
    quick_xml::escape::resolve_predefined_entity(&name)
        .map(str::to_owned)
        .ok_or_else(|| format!("unknown entity `&{name};`"))
}

/// Every `w:comment` of `word/comments.xml`, with the `w14:paraId` of its last paragraph (how
/// `commentsExtended.xml` names it).
fn read_comments(xml: &str) -> Result<Vec<(Comment, String)>, ImportError> {
    let part = "word/comments.xml";
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current: Option<(Comment, String)> = None;
    let mut in_text = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.name().as_ref() {
                b"w:comment" => {
                    let r = revision_of(&e);
                    let comment = Comment {
                        id: attr(&e, "w:id").unwrap_or_default(),
                        author: r.author,
                        date: r.date,
                        text: String::new(),
                        reply_to: None,
                    };
                    current = Some((comment, String::new()));
                }
                b"w:p" => {
                    if let Some((c, para)) = current.as_mut() {
                        if !c.text.is_empty() {
                            c.text.push('\n');
                        }
                        *para = attr(&e, "w14:paraId").unwrap_or_default();
                    }
                }
                b"w:t" => in_text = true,
                _ => {}
            },
            Ok(Event::End(e)) => match e.name().as_ref() {
                b"w:comment" => out.extend(current.take()),
                b"w:t" => in_text = false,
                _ => {}
            },
            Ok(Event::Text(t)) if in_text => {
                if let Some((c, _)) = current.as_mut() {
                    c.text.push_str(&t.decode().map_err(|e| xml_err(part, e))?);
                }
            }
            Ok(Event::GeneralRef(r)) if in_text => {
                if let Some((c, _)) = current.as_mut() {
                    c.text.push_str(&entity(&r).map_err(|e| xml_err(part, e))?);
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(xml_err(part, e)),
        }
    }
    Ok(out)
}

/// Replies, from `word/commentsExtended.xml` (`w15:paraIdParent`).
fn link_replies(xml: &str, comments: &mut [(Comment, String)]) -> Result<(), ImportError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.name().as_ref() == b"w15:commentEx" => {
                let (Some(para), Some(parent)) =
                    (attr(&e, "w15:paraId"), attr(&e, "w15:paraIdParent"))
                else {
                    continue;
                };
                let parent_id = comments
                    .iter()
                    .find(|(_, p)| *p == parent)
                    .map(|(c, _)| c.id.clone());
                if let Some((c, _)) = comments.iter_mut().find(|(_, p)| *p == para) {
                    c.reply_to = parent_id;
                }
            }
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(xml_err("word/commentsExtended.xml", e)),
        }
    }
}

/// Custom properties (`docProps/custom.xml`): each property's name and text value.
fn read_properties(xml: &str) -> Result<Vec<(String, String)>, ImportError> {
    let part = "docProps/custom.xml";
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut name: Option<String> = None;
    let mut value = String::new();
    let mut depth_in_value = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                if e.local_name().as_ref() == b"property" {
                    name = attr(&e, "name");
                    value.clear();
                } else if name.is_some() {
                    depth_in_value = true;
                }
            }
            Ok(Event::Text(t)) if depth_in_value => {
                value.push_str(&t.decode().map_err(|e| xml_err(part, e))?);
            }
            Ok(Event::GeneralRef(r)) if depth_in_value => {
                value.push_str(&entity(&r).map_err(|e| xml_err(part, e))?);
            }
            Ok(Event::End(e)) => {
                if e.local_name().as_ref() == b"property" {
                    out.extend(name.take().map(|n| (n, value.clone())));
                }
                depth_in_value = false;
            }
            Ok(Event::Eof) => return Ok(out),
            Ok(_) => {}
            Err(e) => return Err(xml_err(part, e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(xml: &str) -> Vec<Paragraph> {
        let doc = format!("<w:document xmlns:w=\"w\"><w:body>{xml}</w:body></w:document>");
        Body::default().read(&doc).unwrap()
    }

    // Runs split mid-word, rsids, proofErr and a bookmark inside a word read as one text.
    #[test]
    fn word_style_runs_read_as_text() {
        let p = &body(
            "<w:p w:rsidR=\"00A1\"><w:r w:rsidRPr=\"1\"><w:t>Both si</w:t></w:r><w:proofErr w:type=\"spellStart\"/>\
             <w:bookmarkStart w:id=\"0\" w:name=\"_cy3\"/><w:r><w:t xml:space=\"preserve\">des &amp; </w:t></w:r>\
             <w:bookmarkEnd w:id=\"0\"/><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>",
        )[0];
        assert_eq!(p.text(true), "Both sides & ");
        assert_eq!(p.bookmarks().collect::<Vec<_>>(), ["_cy3"]);
    }

    // Insertions, deletions and moves keep their authors; accepted and rejected texts differ.
    #[test]
    fn revisions_and_their_authors() {
        let p = &body(
            "<w:p><w:r><w:t>in </w:t></w:r><w:del w:id=\"1\" w:author=\"US\" w:date=\"2026-01-02T00:00:00Z\">\
             <w:r><w:delText>the first half of</w:delText></w:r></w:del><w:ins w:id=\"2\" w:author=\"US\">\
             <w:r><w:t>early</w:t></w:r></w:ins><w:r><w:t> 2016</w:t></w:r>\
             <w:moveFrom w:id=\"3\" w:author=\"KR\"><w:r><w:t> Moved.</w:t></w:r></w:moveFrom></w:p>",
        )[0];
        assert_eq!(p.text(true), "in early 2016");
        assert_eq!(p.text(false), "in the first half of 2016 Moved.");
        let authors: Vec<&str> = p
            .pieces
            .iter()
            .filter_map(|x| match x {
                Piece::Text { kind, .. } => kind.revision().map(|r| r.author.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(authors, ["US", "US", "KR"]);
    }

    // A deleted paragraph mark is recorded; paragraphs in tables are marked so.
    #[test]
    fn deleted_marks_and_tables() {
        let ps = body(
            "<w:p><w:pPr><w:rPr><w:del w:id=\"9\" w:author=\"JP\" w:date=\"\"/></w:rPr></w:pPr><w:r><w:t>One.</w:t></w:r></w:p>\
             <w:tbl><w:tr><w:tc><w:p><w:r><w:t>For Japan</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
        );
        assert_eq!(
            ps[0].mark_deleted.as_ref().map(|r| r.author.as_str()),
            Some("JP")
        );
        assert!(ps[1].in_table);
    }

    // Comments with replies (commentsExtended) and custom properties.
    #[test]
    fn comments_replies_and_properties() {
        let comments = "<w:comments><w:comment w:id=\"0\" w:author=\"A\" w:date=\"d\"><w:p w14:paraId=\"11\"><w:r><w:t>Why?</w:t></w:r></w:p></w:comment>\
            <w:comment w:id=\"1\" w:author=\"B\"><w:p w14:paraId=\"22\"><w:r><w:t>Because.</w:t></w:r></w:p></w:comment></w:comments>";
        let ext = "<w15:commentsEx><w15:commentEx w15:paraId=\"11\" w15:done=\"0\"/><w15:commentEx w15:paraId=\"22\" w15:paraIdParent=\"11\"/></w15:commentsEx>";
        let custom = "<Properties><property fmtid=\"x\" pid=\"2\" name=\"chancery.draft\"><vt:lpwstr>2015-tokyo-3rd</vt:lpwstr></property></Properties>";
        let r = read(&super::super::DocxParts {
            document: "<w:document><w:body/></w:document>".to_owned(),
            comments: Some(comments.to_owned()),
            comments_extended: Some(ext.to_owned()),
            custom: Some(custom.to_owned()),
        })
        .unwrap();
        assert_eq!(r.comments[0].text, "Why?");
        assert_eq!(r.comments[1].reply_to.as_deref(), Some("0"));
        assert_eq!(r.property("chancery.draft"), Some("2015-tokyo-3rd"));
    }
}
