//! `chancery import`: earlier statements kept as text, Markdown or Word enter a draft folder as
//! adopted.txt, heading block recognised; bad files (corrupt, zip bombs, binary, empty) are clear
//! errors with bounded memory, never a panic.

mod common;

use std::io::Write;
use std::path::Path;

use common::{chancery, read, repo, tempdir};

const ADOPTED_2014: &str = "drafts/2014-05-09-washington-2nd/adopted.txt";

fn adopted_2014() -> String {
    read(&repo(ADOPTED_2014))
}

/// A Word document of the 2014 statement; `styled` gives the heading block Word's styles.
fn docx_2014(styled: bool) -> Vec<u8> {
    use docx_rs::{Docx, Paragraph, Run};
    let text = adopted_2014();
    let mut docx = Docx::new();
    for (i, para) in text.split("\n\n").enumerate() {
        let mut p = Paragraph::new().add_run(Run::new().add_text(para));
        if styled {
            p = match i {
                0 => p.style("Title"),
                1 => p.style("Subtitle"),
                2 => p.style("Date"),
                _ => p,
            };
        }
        // Word keeps empty spacing paragraphs between blocks; they are not text.
        docx = docx.add_paragraph(p).add_paragraph(Paragraph::new());
    }
    let mut buf = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut buf)
        .expect("docx-rs packs in memory");
    buf.into_inner()
}

/// Import `file` into a fresh draft folder; the command's output and the folder.
fn import(file: &Path, extra: &[&str]) -> (std::process::Output, tempfile::TempDir) {
    let dir = tempdir();
    let out = chancery()
        .arg("import")
        .arg(file)
        .arg("--into")
        .arg(dir.path().join("drafts/2014-05-09-washington-2nd"))
        .args(extra)
        .output()
        .unwrap();
    (out, dir)
}

fn imported(dir: &tempfile::TempDir) -> String {
    read(
        &dir.path()
            .join("drafts/2014-05-09-washington-2nd/adopted.txt"),
    )
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

// A text statement is stored as adopted.txt in a new draft folder, the same text, heading found.
#[test]
fn text_statement() {
    let (out, dir) = import(&repo(ADOPTED_2014), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(imported(&dir).trim_end(), adopted_2014().trim_end());
    assert!(
        stderr(&out).contains("(title, subtitle, date line; 9 paragraphs)"),
        "{}",
        stderr(&out)
    );
}

// A Word file without styles gets its heading block recognised; the text comes out the same.
#[test]
fn word_statement_without_styles() {
    let dir = tempdir();
    let file = dir.path().join("statement.docx");
    std::fs::write(&file, docx_2014(false)).unwrap();
    let (out, into) = import(&file, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(imported(&into).trim_end(), adopted_2014().trim_end());
    assert!(stderr(&out).contains("title, subtitle, date line"));
}

// A Word file with Title, Subtitle and Date styles reads the same.
#[test]
fn word_statement_with_styles() {
    let dir = tempdir();
    let file = dir.path().join("statement.docx");
    std::fs::write(&file, docx_2014(true)).unwrap();
    let (out, into) = import(&file, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(imported(&into).trim_end(), adopted_2014().trim_end());
}

// The DOCX that `chancery build` writes (styles, header, footer) imports back to the adopted text.
#[test]
fn word_statement_built_by_chancery() {
    let dir = tempdir();
    chancery()
        .args([
            "build",
            "drafts/2014-05-09-washington-2nd",
            "--format",
            "docx",
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .success();
    let (out, into) = import(&dir.path().join("statement.docx"), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(imported(&into).trim_end(), adopted_2014().trim_end());
}

// Plain Markdown (# and ## headings, no chancery attributes) reads as the same statement.
#[test]
fn markdown_statement() {
    let (out, dir) = import(&repo("tests/fixtures/import/statement-2014.md"), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(imported(&dir).trim_end(), adopted_2014().trim_end());
    assert!(stderr(&out).contains("title, subtitle, date line"));
}

// An existing adopted statement is not replaced without --force (exit 2, file untouched).
#[test]
fn refuses_to_overwrite() {
    let (first, dir) = import(&repo(ADOPTED_2014), &[]);
    assert!(first.status.success());
    let target = dir
        .path()
        .join("drafts/2014-05-09-washington-2nd/adopted.txt");
    std::fs::write(&target, "Joint Statement\n\nEdited by hand.\n").unwrap();
    let again = |extra: &[&str]| {
        chancery()
            .arg("import")
            .arg(repo(ADOPTED_2014))
            .arg("--into")
            .arg(target.parent().unwrap())
            .args(extra)
            .output()
            .unwrap()
    };
    let refused = again(&[]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("already exists"));
    assert!(stderr(&refused).contains("--force"));
    assert_eq!(read(&target), "Joint Statement\n\nEdited by hand.\n");
    assert!(again(&["--force"]).status.success());
    assert_eq!(read(&target).trim_end(), adopted_2014().trim_end());
}

// ---------------------------------------------------------------------------------------------
// Bad input.

/// Import bytes named `name`: exit code 3, the message asked for, no panic, nothing written.
fn rejects(name: &str, bytes: &[u8], message: &str) {
    let dir = tempdir();
    let file = dir.path().join(name);
    std::fs::write(&file, bytes).unwrap();
    let (out, into) = import(&file, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{name}: {err}");
    assert!(err.contains(message), "{name}: {err}");
    assert!(err.contains("hint:"), "{name}: {err}");
    assert!(!err.contains("panicked"), "{name}: {err}");
    assert!(!into.path().join("drafts").exists(), "{name}: wrote output");
}

/// One zip entry: name, method (0 stored, 8 deflated), the bytes as stored, and the sizes and
/// CRC its headers declare (which a crafted file may get wrong on purpose).
struct Entry<'a> {
    name: &'a str,
    method: u16,
    data: &'a [u8],
    declared_size: u32,
    crc: u32,
}

/// A zip archive written by hand, so that headers can lie.
fn zip(entries: &[Entry<'_>]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let le16 = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
    let le32 = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    for e in entries {
        let offset = out.len() as u32;
        let csize = e.data.len() as u32;
        le32(&mut out, 0x0403_4b50);
        for x in [20, 0, e.method, 0, 0x21] {
            le16(&mut out, x);
        }
        le32(&mut out, e.crc);
        le32(&mut out, csize);
        le32(&mut out, e.declared_size);
        le16(&mut out, e.name.len() as u16);
        le16(&mut out, 0);
        out.extend_from_slice(e.name.as_bytes());
        out.extend_from_slice(e.data);

        le32(&mut central, 0x0201_4b50);
        for x in [20, 20, 0, e.method, 0, 0x21] {
            le16(&mut central, x);
        }
        le32(&mut central, e.crc);
        le32(&mut central, csize);
        le32(&mut central, e.declared_size);
        le16(&mut central, e.name.len() as u16);
        for x in [0, 0, 0, 0] {
            le16(&mut central, x);
        }
        le32(&mut central, 0);
        le32(&mut central, offset);
        central.extend_from_slice(e.name.as_bytes());
    }
    let cd_offset = out.len() as u32;
    let cd_size = central.len() as u32;
    out.extend_from_slice(&central);
    le32(&mut out, 0x0605_4b50);
    for x in [0, 0, entries.len() as u16, entries.len() as u16] {
        le16(&mut out, x);
    }
    le32(&mut out, cd_size);
    le32(&mut out, cd_offset);
    le16(&mut out, 0);
    out
}

/// Raw deflate data that unpacks to `mib` MiB of zeros, made cheaply: one MiB compressed once
/// and flushed to a byte boundary, repeated, then an empty final block.
fn zeros_deflated(mib: usize) -> Vec<u8> {
    let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(&vec![0u8; 1 << 20]).unwrap();
    enc.flush().unwrap();
    let segment = enc.get_ref().clone();
    let mut out = Vec::with_capacity(segment.len() * mib + 2);
    for _ in 0..mib {
        out.extend_from_slice(&segment);
    }
    out.extend_from_slice(&[0x03, 0x00]);
    out
}

fn content_types() -> Entry<'static> {
    const XML: &[u8] = b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";
    Entry {
        name: "[Content_Types].xml",
        method: 0,
        data: XML,
        declared_size: XML.len() as u32,
        crc: crc32(XML),
    }
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

// A truncated Word file, a zip without a document, and bytes that are no zip at all.
#[test]
fn corrupt_docx() {
    let good = docx_2014(false);
    rejects(
        "truncated.docx",
        &good[..good.len() / 2],
        "not a readable DOCX",
    );
    rejects(
        "no-document.docx",
        &zip(&[content_types()]),
        "no `word/document.xml` in the package",
    );
    rejects(
        "png.docx",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
        "not a readable DOCX",
    );
}

// Malformed XML inside an otherwise sound package is an error, not a crash.
#[test]
fn malformed_document_xml() {
    let xml = b"<?xml version=\"1.0\"?><w:document xmlns:w=\"x\"><w:body><w:p><w:r><w:t>unclosed";
    let doc = Entry {
        name: "word/document.xml",
        method: 0,
        data: xml,
        declared_size: xml.len() as u32,
        crc: crc32(xml),
    };
    rejects(
        "malformed.docx",
        &zip(&[content_types(), doc]),
        "not a readable DOCX",
    );
}

// XML that makes the Word reader itself panic (an unparsable table width) is a clear error, and
// the panic prints nothing.
#[test]
fn reader_panic_is_an_error() {
    use std::io::Read;
    let good = docx_2014(false);
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(good)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..src.len() {
        let mut entry = src.by_index(i).unwrap();
        let name = entry.name().to_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == "word/document.xml" {
            let xml = String::from_utf8(data).unwrap().replacen(
                "<w:body>",
                "<w:body><w:tbl><w:tblGrid><w:gridCol w:w=\"wide\"/></w:tblGrid></w:tbl>",
                1,
            );
            data = xml.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    let bytes = out.finish().unwrap().into_inner();
    rejects(
        "bad-width.docx",
        &bytes,
        "the reader failed on malformed XML",
    );
}

// Tables nested thousands deep (a stack-overflow attack on the Word reader) are refused before
// the reader runs.
#[test]
fn deeply_nested_xml() {
    let open = "<w:tbl><w:tr><w:tc>".repeat(20_000);
    let close = "</w:tc></w:tr></w:tbl>".repeat(20_000);
    let xml = format!(
        "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{open}<w:p/>{close}</w:body></w:document>"
    );
    let doc = Entry {
        name: "word/document.xml",
        method: 0,
        data: xml.as_bytes(),
        declared_size: xml.len() as u32,
        crc: crc32(xml.as_bytes()),
    };
    rejects(
        "nested.docx",
        &zip(&[content_types(), doc]),
        "nests its XML too deeply: entry `word/document.xml` is over 64 levels deep",
    );
}

// Zip bombs: an entry declaring 1 GiB, one packing 20 MiB at 1000:1, and one that declares 1 KB
// but unpacks to 1 GiB.
#[test]
fn zip_bombs() {
    let small = zeros_deflated(1);
    rejects(
        "declares-1gib.docx",
        &zip(&[
            content_types(),
            Entry {
                name: "word/document.xml",
                method: 8,
                data: &small,
                declared_size: 1 << 30,
                crc: 0,
            },
        ]),
        "looks like a zip bomb: entry `word/document.xml` declares 1073741824 bytes",
    );
    let twenty = zeros_deflated(20);
    rejects(
        "ratio.docx",
        &zip(&[
            content_types(),
            Entry {
                name: "word/document.xml",
                method: 8,
                data: &twenty,
                declared_size: 20 << 20,
                crc: 0,
            },
        ]),
        "looks like a zip bomb: entry `word/document.xml` unpacks 20971520 bytes from",
    );
    rejects(
        "lies.docx",
        &lying_bomb(),
        "unpacks to more than the 1000 bytes it declares",
    );
}

/// A package whose document.xml declares 1000 bytes but unpacks to 1 GiB.
fn lying_bomb() -> Vec<u8> {
    let gib = zeros_deflated(1024);
    zip(&[
        content_types(),
        Entry {
            name: "word/document.xml",
            method: 8,
            data: &gib,
            declared_size: 1000,
            crc: 0,
        },
    ])
}

// Memory stays bounded: under a 256 MiB address-space limit the 1 GiB bomb is still a clear
// error (a reader that trusted the headers would die allocating), and a sound file still reads.
#[test]
fn bounded_memory_under_ulimit() {
    if !cfg!(target_os = "linux") {
        eprintln!("skipped: address-space limits are checked on Linux only");
        return;
    }
    let dir = tempdir();
    let bomb = dir.path().join("bomb.docx");
    std::fs::write(&bomb, lying_bomb()).unwrap();
    let good = dir.path().join("good.docx");
    std::fs::write(&good, docx_2014(false)).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("chancery");
    let run = |file: &Path, into: &str| {
        std::process::Command::new("sh")
            .arg("-c")
            .arg("ulimit -v 262144 && exec \"$0\" import \"$1\" --into \"$2\"")
            .arg(&bin)
            .arg(file)
            .arg(dir.path().join(into))
            .output()
            .unwrap()
    };
    let out = run(&bomb, "a");
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("zip bomb"));
    let out = run(&good, "b");
    assert!(out.status.success(), "{}", stderr(&out));
}

// A binary file named .txt or .md is named binary; invalid UTF-8 is named as such.
#[test]
fn binary_files() {
    rejects(
        "image.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
        "the file is binary",
    );
    rejects(
        "data.md",
        b"abc\0def",
        "the file is binary, not text (NUL byte at offset 3)",
    );
    rejects("latin1.txt", b"Caf\xe9 statement", "not UTF-8 text");
}

// Empty files, and files with nothing but white space or empty paragraphs, hold no text.
#[test]
fn empty_files() {
    rejects("empty.txt", b"", "the file holds no text");
    rejects("blank.md", b"\n  \n\t\n", "the file holds no text");
    rejects("empty.docx", b"", "not a readable DOCX");
    let mut buf = std::io::Cursor::new(Vec::new());
    docx_rs::Docx::new()
        .add_paragraph(docx_rs::Paragraph::new())
        .build()
        .pack(&mut buf)
        .unwrap();
    rejects("no-text.docx", &buf.into_inner(), "the file holds no text");
}

// A file kind chancery cannot read is a usage error (exit 2) that names the kinds it can.
#[test]
fn unknown_kind() {
    let dir = tempdir();
    let file = dir.path().join("statement.pdf");
    std::fs::write(&file, b"%PDF-1.7").unwrap();
    let (out, _) = import(&file, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains(".txt, .md or .docx"));
}
