//! Package safety: what a DOCX may cost before the Word reader sees it. A DOCX is a zip of XML
//! parts written by whoever sent it, so this module bounds the package: its entry count, what
//! each entry declares it unpacks to (each, in total, and as a ratio to its packed size), what
//! each entry really unpacks to (streamed through a fixed buffer and stopped one buffer past its
//! declared size, since the zip reader does not hold entries to their headers), and how deep
//! the XML parts nest (the Word reader recurses per level). A crafted file is an error here,
//! never an allocation without limit or a stack overflow later.
//!
//! It knows zip entries and XML nesting, nothing of paragraphs or styles: reading Word content
//! is [`super::docx`]'s job, and well-formedness is the Word reader's to judge and name.

use std::io::{BufReader, Cursor, Read};

use quick_xml::events::Event;

use super::{ImportError, ImportOptions};

/// Most entries a package may hold: a statement has about fifteen.
const MAX_ENTRIES: usize = 10_000;

/// The buffer every entry is streamed through, whatever its size.
const BUFFER: usize = 16 * 1024;

/// Entries over this many bytes are held to [`ImportOptions::max_ratio`]; small parts may pack
/// very well (a run of spaces) without being a bomb.
const RATIO_FLOOR: u64 = 1 << 20;

/// Check the package in `bytes`: its directory (entry count, declared sizes, a
/// `word/document.xml`), then every entry's real size and, for XML parts, nesting depth.
pub(super) fn check_package(bytes: &[u8], opts: &ImportOptions) -> Result<(), ImportError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| docx_err(format!("not a zip archive ({e})")))?;
    check_directory(&mut zip, opts)?;
    for i in 0..zip.len() {
        let entry = zip
            .by_index(i)
            .map_err(|e| docx_err(format!("damaged zip entry ({e})")))?;
        let name = entry.name().to_owned();
        let declared = entry.size();
        check_entry(&name, declared, entry, opts)?;
    }
    Ok(())
}

/// The sender's word on the package, from its central directory: entry count, each entry's
/// declared size and ratio, their total, and that there is a document at all.
fn check_directory(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    opts: &ImportOptions,
) -> Result<(), ImportError> {
    if zip.len() > MAX_ENTRIES {
        return Err(docx_err(format!("{} entries in the package", zip.len())));
    }
    let mut total: u64 = 0;
    let mut has_document = false;
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|e| docx_err(format!("damaged zip entry ({e})")))?;
        has_document |= entry.name() == "word/document.xml";
        let (size, packed) = (entry.size(), entry.compressed_size());
        let bomb = |reason: String| ImportError::ZipBomb {
            entry: entry.name().to_owned(),
            reason,
        };
        if size > opts.max_entry {
            return Err(bomb(format!(
                "declares {size} bytes unpacked (the limit is {})",
                opts.max_entry
            )));
        }
        if size > RATIO_FLOOR && size / packed.max(1) > opts.max_ratio {
            return Err(bomb(format!(
                "unpacks {size} bytes from {packed} (over {}:1)",
                opts.max_ratio
            )));
        }
        total = total.saturating_add(size);
    }
    if total > opts.max_unpacked {
        return Err(ImportError::TooLarge {
            size: total,
            limit: opts.max_unpacked,
        });
    }
    if !has_document {
        return Err(docx_err("no `word/document.xml` in the package".to_owned()));
    }
    Ok(())
}

/// Read one entry's unpacked bytes to their end: stopped once they pass `declared`, and for an
/// XML part (`.xml`, `.rels`) once its nesting passes [`ImportOptions::max_depth`].
fn check_entry(
    name: &str,
    declared: u64,
    unpacked: impl Read,
    opts: &ImportOptions,
) -> Result<(), ImportError> {
    let mut held = HeldToSize {
        inner: unpacked,
        declared,
        read: 0,
        over: false,
    };
    let outcome = if name.ends_with(".xml") || name.ends_with(".rels") {
        bound_depth(&mut held, opts.max_depth)
    } else {
        std::io::copy(&mut held, &mut std::io::sink())
            .map(drop)
            .map_err(Stop::Io)
    };
    // Checked first: the read error that stopped the entry is then ours, not the zip reader's.
    if held.over {
        return Err(ImportError::ZipBomb {
            entry: name.to_owned(),
            reason: format!("unpacks to more than the {declared} bytes it declares"),
        });
    }
    match outcome {
        Ok(()) => Ok(()),
        Err(Stop::TooDeep) => Err(ImportError::TooDeep {
            entry: name.to_owned(),
            limit: opts.max_depth,
        }),
        Err(Stop::Io(e)) => Err(docx_err(format!(
            "damaged zip entry `{name}` ({})",
            e.to_string().to_lowercase()
        ))),
    }
}

/// Why reading an entry stopped early.
#[derive(Debug)]
enum Stop {
    /// The bytes could not be read (a damaged entry, or one past its declared size).
    Io(std::io::Error),
    /// XML nested deeper than the limit.
    TooDeep,
}

/// Read XML to its end, stopping as soon as elements nest more than `limit` deep (an empty
/// element counts as one level inside its parent).
///
/// Only nesting matters here: end tags are not matched to start tags, and markup quick-xml
/// cannot read does not end the count. quick-xml stops at a syntax error (`<!x`, or markup cut
/// off by the end of the part) after consuming the markup it failed on, so reading resumes with
/// a fresh reader on the rest: every element after a malformed stretch is still counted, and
/// the Word reader, not this check, names what is malformed.
fn bound_depth(xml: impl Read, limit: u32) -> Result<(), Stop> {
    let mut rest = BufReader::with_capacity(BUFFER, xml);
    let mut depth: u32 = 0;
    loop {
        match bound_depth_until_error(rest, &mut depth, limit)? {
            Some(unread) => rest = unread,
            None => return Ok(()),
        }
    }
}

/// [`bound_depth`] until the end (`None`) or a syntax error (`Some`: what is left to read).
fn bound_depth_until_error<R: std::io::BufRead>(
    xml: R,
    depth: &mut u32,
    limit: u32,
) -> Result<Option<R>, Stop> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    let mut event = Vec::new();
    loop {
        event.clear();
        let reached = match reader.read_event_into(&mut event) {
            Ok(Event::Start(_)) => {
                *depth += 1;
                *depth
            }
            Ok(Event::Empty(_)) => *depth + 1,
            Ok(Event::End(_)) => {
                *depth = depth.saturating_sub(1);
                *depth
            }
            Ok(Event::Eof) => return Ok(None),
            Ok(
                Event::Text(_)
                | Event::CData(_)
                | Event::Comment(_)
                | Event::Decl(_)
                | Event::PI(_)
                | Event::DocType(_)
                | Event::GeneralRef(_),
            ) => *depth,
            Err(quick_xml::Error::Io(e)) => {
                return Err(Stop::Io(std::io::Error::new(e.kind(), e.to_string())));
            }
            Err(quick_xml::Error::Syntax(_)) => return Ok(Some(reader.into_inner())),
            // Ill-formed but readable (a declaration without a version, say): reading goes on.
            Err(_) => *depth,
        };
        if reached > limit {
            return Err(Stop::TooDeep);
        }
    }
}

/// An entry's unpacked bytes, failing once more arrive than the entry declared.
struct HeldToSize<R> {
    inner: R,
    declared: u64,
    read: u64,
    /// The entry went past `declared`.
    over: bool,
}

impl<R: Read> Read for HeldToSize<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.read > self.declared {
            self.over = true;
            return Err(std::io::Error::other("more bytes than declared"));
        }
        Ok(n)
    }
}

fn docx_err(reason: String) -> ImportError {
    ImportError::Docx { reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_xml(xml: &str) -> Result<(), ImportError> {
        let declared = xml.len() as u64;
        check_entry(
            "word/document.xml",
            declared,
            xml.as_bytes(),
            &ImportOptions::default(),
        )
    }

    fn nested(levels: usize) -> String {
        format!(
            "<?xml version=\"1.0\"?>{}{}",
            "<w:tbl>".repeat(levels),
            "</w:tbl>".repeat(levels)
        )
    }

    fn too_deep() -> Result<(), ImportError> {
        Err(ImportError::TooDeep {
            entry: "word/document.xml".to_owned(),
            limit: 64,
        })
    }

    // The default limit is 64 levels: 64 pass, 65 are refused, whether the 65th is a start tag
    // or an empty element.
    #[test]
    fn depth_limit_is_64_levels() {
        assert_eq!(check_xml(&nested(64)), Ok(()));
        assert_eq!(check_xml(&nested(65)), too_deep());
        let empty_inside = format!("{}<w:p/>{}", "<w:tbl>".repeat(64), "</w:tbl>".repeat(64));
        assert_eq!(check_xml(&empty_inside), too_deep());
    }

    // End tags, self-closing tags, attribute values, comments, CDATA and declarations do not
    // nest; siblings do not add up.
    #[test]
    fn depth_counts_open_elements_only() {
        let siblings = format!(
            "<?xml version=\"1.0\"?><!-- <x><x><x> --><a k=\"</b>/\" j='<c>'>{}<![CDATA[<d><d>]]></a>",
            "<b><c/></b>".repeat(1000)
        );
        let opts = ImportOptions {
            max_depth: 3,
            ..ImportOptions::default()
        };
        let check = |xml: &str, opts: &ImportOptions| {
            check_entry("word/document.xml", xml.len() as u64, xml.as_bytes(), opts)
        };
        assert_eq!(check(&siblings, &opts), Ok(()));
        let opts = ImportOptions {
            max_depth: 2,
            ..opts
        };
        assert!(matches!(
            check(&siblings, &opts),
            Err(ImportError::TooDeep { limit: 2, .. })
        ));
    }

    // Markup quick-xml cannot read does not end the count: deep nesting after it is refused,
    // and a part cut off inside markup ends the count without an error.
    #[test]
    fn depth_is_counted_past_malformed_markup() {
        let xml = format!("<a><!x></b></a>{}", nested(65));
        assert_eq!(check_xml(&xml), too_deep());
        let xml = format!("<!x<!y<!<{}", nested(65));
        assert_eq!(check_xml(&xml), too_deep());
        assert_eq!(check_xml(&format!("{}<!x", nested(64))), Ok(()));
        for cut in [
            "<a><b",
            "<a><!-- c",
            "<a k=\"v",
            "<a><![CDATA[x",
            "<?xml v",
            "<a><",
        ] {
            assert_eq!(check_xml(cut), Ok(()), "{cut}");
        }
    }

    // Only XML parts are parsed: deep-looking bytes in a media file are just bytes.
    #[test]
    fn other_entries_are_not_parsed() {
        let bytes = "<t>".repeat(100);
        assert_eq!(
            check_entry(
                "word/media/image1.png",
                bytes.len() as u64,
                bytes.as_bytes(),
                &ImportOptions::default()
            ),
            Ok(())
        );
    }

    // An entry that unpacks past what it declares is stopped, XML or not, and named.
    #[test]
    fn real_size_past_the_declared_size_is_stopped() {
        let xml = "<a>twenty-one bytes</a>";
        let opts = ImportOptions::default();
        for name in ["word/document.xml", "word/media/image1.bin"] {
            assert_eq!(
                check_entry(name, 20, xml.as_bytes(), &opts),
                Err(ImportError::ZipBomb {
                    entry: name.to_owned(),
                    reason: "unpacks to more than the 20 bytes it declares".to_owned(),
                })
            );
            assert_eq!(
                check_entry(name, xml.len() as u64, xml.as_bytes(), &opts),
                Ok(())
            );
        }
    }

    // A stream of zeros far past its declared size is stopped within one buffer, not read out.
    #[test]
    fn a_lying_entry_is_not_read_to_its_end() {
        let mut read = 0u64;
        let mut counted = CountReads {
            inner: std::io::repeat(0),
            read: &mut read,
        };
        let err = check_entry(
            "word/document.xml",
            1000,
            &mut counted,
            &ImportOptions::default(),
        );
        assert!(matches!(err, Err(ImportError::ZipBomb { .. })), "{err:?}");
        assert!(read <= 1000 + BUFFER as u64, "read {read} bytes");
    }

    struct CountReads<'a, R> {
        inner: R,
        read: &'a mut u64,
    }

    impl<R: Read> Read for CountReads<'_, R> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.inner.read(buf)?;
            *self.read += n as u64;
            Ok(n)
        }
    }
}
