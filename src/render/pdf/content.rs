//! Page content streams, written as bytes.
//!
//! The handful of operators chancery draws with (text objects, font and text matrix, `TJ`,
//! fill colour, rectangles, the watermark's path, graphics state), appended to one byte buffer
//! per page. Going through printpdf's `Op` values cost an object per operation, its conversion
//! into lopdf objects and their serialisation; on a 1 MB document that was most of the render.
//!
//! The syntax is the one lopdf writes: each operand followed by a space, operations separated
//! by a newline, numbers in Rust's shortest round-trip form (so `0.87`, `11`, `13.200001`).

use std::io::Write as _;

use super::inline::Rgb;

/// One content stream being written.
#[derive(Debug, Default)]
pub(super) struct Content {
    buf: Vec<u8>,
}

impl Content {
    pub fn with_capacity(bytes: usize) -> Self {
        Content {
            buf: Vec::with_capacity(bytes),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    /// Operations written elsewhere (a path collected on its own).
    pub fn append(&mut self, other: &Content) {
        if !other.buf.is_empty() {
            self.start();
            self.buf.extend_from_slice(&other.buf);
        }
    }

    /// Separate the next operation from the previous one.
    fn start(&mut self) {
        if !self.buf.is_empty() {
            self.buf.push(b'\n');
        }
    }

    /// An operation whose operands are all numbers.
    fn op(&mut self, operands: &[f32], operator: &[u8]) {
        self.start();
        for &v in operands {
            number(&mut self.buf, v);
            self.buf.push(b' ');
        }
        self.buf.extend_from_slice(operator);
    }

    /// `Do`: draw the XObject of resource `name` (a form saves and restores the graphics
    /// state around itself).
    pub fn draw_xobject(&mut self, name: &str) {
        self.start();
        self.buf.push(b'/');
        self.buf.extend_from_slice(name.as_bytes());
        self.buf.extend_from_slice(b" Do");
    }

    /// `rg`: the fill colour, RGB.
    pub fn fill_color(&mut self, c: Rgb) {
        self.op(&c, b"rg");
    }

    /// A filled rectangle, lower-left corner at (`x`, `y`).
    pub fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.op(&[x, y, w, h], b"re");
        self.op(&[], b"f");
    }

    pub fn move_to(&mut self, x: f32, y: f32) {
        self.op(&[x, y], b"m");
    }

    pub fn line_to(&mut self, x: f32, y: f32) {
        self.op(&[x, y], b"l");
    }

    pub fn curve_to(&mut self, p: [f32; 6]) {
        self.op(&p, b"c");
    }

    /// Close the current subpath and fill the path (non-zero winding).
    pub fn close_fill(&mut self) {
        self.op(&[], b"h");
        self.op(&[], b"f");
    }

    pub fn begin_text(&mut self) {
        self.op(&[], b"BT");
    }

    pub fn end_text(&mut self) {
        self.op(&[], b"ET");
    }

    /// `BDC`: the start of text in language `lang` (BCP 47), a `/Span` marked-content sequence
    /// with its `/Lang` (PDF 1.7 §14.9.2), so assistive tools read it in its language. Only
    /// the tag's letters, digits and hyphens are written.
    pub fn begin_lang(&mut self, lang: &str) {
        self.start();
        self.buf.extend_from_slice(b"/Span <</Lang (");
        let tag = lang
            .bytes()
            .filter(|b| b.is_ascii_alphanumeric() || *b == b'-');
        self.buf.extend(tag);
        self.buf.extend_from_slice(b")>> BDC");
    }

    /// `EMC`: the end of a marked-content sequence.
    pub fn end_marked(&mut self) {
        self.op(&[], b"EMC");
    }

    /// `Tf`: font resource `name` at `size` points.
    pub fn font(&mut self, name: &str, size: f32) {
        self.start();
        self.buf.push(b'/');
        self.buf.extend_from_slice(name.as_bytes());
        self.buf.push(b' ');
        number(&mut self.buf, size);
        self.buf.extend_from_slice(b" Tf");
    }

    /// `Tm`: start the next text at (`x`, `y`), unscaled and unrotated.
    pub fn text_at(&mut self, x: f32, y: f32) {
        self.op(&[1.0, 0.0, 0.0, 1.0, x, y], b"Tm");
    }

    /// `TJ` for a run of glyphs: consecutive glyphs share one string (two bytes per glyph,
    /// Identity-H), split only where a kerning or spacing adjustment goes. `codes` maps a
    /// glyph id to its code in the embedded subset.
    pub fn show_glyphs(&mut self, glyphs: &[(u16, i32)], codes: &[u16]) {
        self.start();
        self.buf.push(b'[');
        let mut open = false;
        for &(gid, adjust) in glyphs {
            if !open {
                self.buf.push(b'(');
                open = true;
            }
            let code = codes.get(usize::from(gid)).copied().unwrap_or(0);
            for byte in code.to_be_bytes() {
                // A literal string: the three delimiters and a carriage return are escaped.
                match byte {
                    b'(' | b')' | b'\\' => self.buf.extend_from_slice(&[b'\\', byte]),
                    b'\r' => self.buf.extend_from_slice(b"\\r"),
                    _ => self.buf.push(byte),
                }
            }
            if adjust != 0 {
                self.buf.extend_from_slice(b") ");
                integer(&mut self.buf, i64::from(adjust));
                open = false;
            }
        }
        if open {
            self.buf.push(b')');
        }
        self.buf.extend_from_slice(b"] TJ");
    }
}

/// An integer in decimal.
fn integer(buf: &mut Vec<u8>, v: i64) {
    if v < 0 {
        buf.push(b'-');
    }
    let mut digits = [0u8; 20];
    let mut n = v.unsigned_abs();
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[at..]);
}

/// A number as Rust's `Display` writes an `f32` (the shortest decimal that reads back as the
/// same value). Most numbers here are hundredths of a point (see `write::r2`), which this
/// writes from their integer count of hundredths; anything else goes through `Display`.
pub(super) fn number(buf: &mut Vec<u8>, v: f32) {
    let hundredths = (v * 100.0).round();
    // Below 80,000 the step between two `f32`s is under a hundredth, so the nearest `f32` to
    // k/100 prints as k/100 itself: no shorter decimal lies within half a step of it.
    if hundredths.abs() < 8_000_000.0 && hundredths / 100.0 == v {
        let k = hundredths as i64;
        if v.is_sign_negative() {
            buf.push(b'-');
        }
        let (whole, frac) = (k.abs() / 100, k.abs() % 100);
        integer(buf, whole);
        if frac != 0 {
            buf.push(b'.');
            buf.push(b'0' + (frac / 10) as u8);
            if frac % 10 != 0 {
                buf.push(b'0' + (frac % 10) as u8);
            }
        }
    } else {
        let _ = write!(buf, "{v}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(v: f32) -> String {
        let mut buf = Vec::new();
        number(&mut buf, v);
        String::from_utf8(buf).unwrap()
    }

    // A language's marked content is a /Span with its tag, which cannot break out of its
    // string.
    #[test]
    fn language_spans() {
        let mut c = Content::default();
        c.begin_text();
        c.begin_lang("ja-JP");
        c.end_marked();
        c.begin_lang("x) Tj (y\\");
        c.end_marked();
        c.end_text();
        assert_eq!(
            String::from_utf8(c.into_bytes()).unwrap(),
            "BT\n/Span <</Lang (ja-JP)>> BDC\nEMC\n/Span <</Lang (xTjy)>> BDC\nEMC\nET"
        );
    }

    #[test]
    fn numbers_read_as_display_writes_them() {
        for k in -100_000i32..=100_000 {
            let v = (k as f32 * 0.37 / 100.0 * 100.0).round() / 100.0;
            assert_eq!(shown(v), v.to_string(), "{k}");
            let v = k as f32 / 100.0;
            assert_eq!(shown(v), v.to_string(), "{k}");
        }
        for v in [
            0.0,
            -0.0,
            13.200001,
            0.87,
            1e-7,
            123_456.79,
            -79_999.99,
            841.89,
            f32::MAX,
        ] {
            assert_eq!(shown(v), v.to_string(), "{v}");
        }
        for v in [
            0.105_451_84,
            -0.149_139_02,
            1.0 / 3.0,
            (72.0f32 * 25.4).sqrt(),
        ] {
            assert_eq!(shown(v), v.to_string(), "{v}");
        }
    }

    #[test]
    fn glyphs_share_strings_between_adjustments() {
        let mut c = Content::default();
        let mut codes = vec![0u16; 300];
        codes[10] = 1;
        codes[11] = 0x28; // '(' in the low byte
        codes[12] = 0x5C0D; // '\' then CR
        c.show_glyphs(&[(10, 0), (11, -12), (12, 0), (10, 7)], &codes);
        assert_eq!(
            c.into_bytes(),
            b"[(\x00\x01\x00\\() -12(\\\\\\r\x00\x01) 7] TJ".to_vec()
        );
    }

    #[test]
    fn operations_are_separated_by_newlines() {
        let mut c = Content::default();
        c.begin_text();
        c.font("C0", 11.0);
        c.text_at(70.87, 653.6);
        c.end_text();
        c.fill_color([0.87; 3]);
        c.fill_rect(1.5, -2.0, 3.25, 0.5);
        assert_eq!(
            String::from_utf8(c.into_bytes()).unwrap(),
            "BT\n/C0 11 Tf\n1 0 0 1 70.87 653.6 Tm\nET\n0.87 0.87 0.87 rg\n1.5 -2 3.25 0.5 re\nf"
        );
    }
}
