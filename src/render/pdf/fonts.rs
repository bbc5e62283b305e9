//! Fonts of the PDF renderer: which face sets which character, how wide it is, and how it is
//! shaped.
//!
//! The default face is Libertinus Serif, embedded in the binary by the `typst-assets` crate (no
//! font file lives in this repository). Other faces arrive as bytes in [`FontSource`]s: finding
//! them (on the system, by path) is the caller's job; this module never searches for a font.
//! Its errors speak of fonts (family, face, character); the caller knows where a font was
//! chosen and says so. Nothing here touches files, the clock or the environment.
//!
//! Widths are kept in thousandths of an em, rounded to integers, because that is the unit of the
//! PDF `/W` array: the layout measures with exactly the numbers the viewer will advance by, so a
//! justified line ends where the layout said it would.

use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::document::Document;
use crate::render::RenderError;

/// What a face is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FontRole {
    /// Upright body text (and the fallback for every other Latin role).
    Regular,
    /// Emphasis.
    Italic,
    /// Strong text, the title.
    Bold,
    /// Strong emphasis.
    BoldItalic,
    /// Japanese (or other CJK) text, used for any character the Latin face lacks.
    EastAsian,
}

impl FontRole {
    /// Every role, in the order faces are loaded.
    pub const ALL: [FontRole; 5] = [
        FontRole::Regular,
        FontRole::Italic,
        FontRole::Bold,
        FontRole::BoldItalic,
        FontRole::EastAsian,
    ];
}

/// A font face given to the renderer as bytes (read by the caller from the system or a path).
#[derive(Clone)]
pub struct FontSource {
    /// What the face is for.
    pub role: FontRole,
    /// Family name or path as the user wrote it (for error messages).
    pub name: String,
    /// The whole font file (`.ttf`, `.otf`, `.ttc`), shared, never copied (a Japanese font is
    /// some 8 MB).
    pub data: Arc<Vec<u8>>,
    /// Face index inside a collection (0 for a single-face file).
    pub index: u32,
}

impl FontSource {
    /// Check that `data` holds a usable face and wrap it.
    pub fn new(
        role: FontRole,
        name: impl Into<String>,
        data: impl Into<Vec<u8>>,
        index: u32,
    ) -> Result<Self, RenderError> {
        let source = FontSource {
            role,
            name: name.into(),
            data: Arc::new(data.into()),
            index,
        };
        ttf_parser::Face::parse(&source.data, index).map_err(|e| RenderError::Font {
            name: source.name.clone(),
            reason: format!("not a readable OpenType/TrueType face ({e})"),
        })?;
        Ok(source)
    }
}

impl fmt::Debug for FontSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FontSource")
            .field("role", &self.role)
            .field("name", &self.name)
            .field("bytes", &self.data.len())
            .field("index", &self.index)
            .finish()
    }
}

/// Whether the document has text that needs an East Asian font (kana, ideographs, CJK
/// punctuation or full-width forms).
pub fn needs_east_asian(doc: &Document) -> bool {
    // Every East Asian character (U+2E80 up) starts in UTF-8 with a byte of 0xE2 or more.
    doc.blocks
        .iter()
        .flat_map(|b| b.runs.iter())
        .filter(|r| r.text.bytes().any(|b| b >= 0xE2))
        .any(|r| r.text.chars().any(is_cjk))
}

/// Characters set as East Asian: each is its own line-breaking unit.
pub(crate) fn is_cjk(c: char) -> bool {
    if (c as u32) < 0x2E80 {
        return false;
    }
    matches!(c as u32,
        0x2E80..=0x2FDF      // radicals
        | 0x3000..=0x303F    // CJK symbols and punctuation
        | 0x3040..=0x30FF    // hiragana, katakana
        | 0x3100..=0x312F    // bopomofo
        | 0x31F0..=0x31FF    // katakana extensions
        | 0x3200..=0x33FF    // enclosed, compatibility
        | 0x3400..=0x4DBF    // extension A
        | 0x4E00..=0x9FFF    // unified ideographs
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFE30..=0xFE4F    // compatibility forms
        | 0xFF00..=0xFFEF    // full-width and half-width forms
        | 0x20000..=0x3FFFF) // supplementary ideographs
}

/// A Latin style; East Asian text uses its one face for every style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Style {
    pub bold: bool,
    pub italic: bool,
}

/// One loaded face with the metrics the writer needs.
pub(crate) struct Face<'a> {
    pub name: String,
    pub data: &'a [u8],
    pub index: u32,
    pub buzz: rustybuzz::Face<'a>,
    pub upm: f32,
    pub is_cff: bool,
    pub italic: bool,
    pub weight: u16,
    pub space_gid: u16,
    /// Advance of the space glyph in thousandths of an em.
    pub space_width: i32,
    /// Coverage of U+0000..U+0250 (Latin), looked up once: the cmap is consulted for every
    /// character of the document otherwise.
    latin: Vec<bool>,
}

impl<'a> Face<'a> {
    fn load(name: &str, data: &'a [u8], index: u32) -> Result<Self, RenderError> {
        let bad = |reason: String| RenderError::Font {
            name: name.to_owned(),
            reason,
        };
        let buzz = rustybuzz::Face::from_slice(data, index)
            .ok_or_else(|| bad("not a readable OpenType/TrueType face".to_owned()))?;
        let upm = buzz.units_per_em().max(1) as f32;
        let tables = buzz.tables();
        let is_cff = tables.cff.is_some();
        if tables.cff2.is_some() && tables.glyf.is_none() {
            return Err(bad(
                "CFF2 (variable PostScript) fonts cannot be embedded\n  hint: use a static \
                 .otf or .ttf instance of the family"
                    .to_owned(),
            ));
        }
        let ps_name = buzz
            .names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .find_map(|n| n.to_string())
            .unwrap_or_else(|| name.chars().filter(|c| c.is_ascii_alphanumeric()).collect());
        let space_gid = buzz.glyph_index(' ').map_or(0, |g| g.0);
        let mut face = Face {
            name: ps_name,
            data,
            index,
            upm,
            is_cff,
            italic: buzz.is_italic() || buzz.italic_angle() != 0.0,
            weight: buzz.weight().to_number(),
            space_gid,
            space_width: 0,
            latin: Vec::new(),
            buzz,
        };
        face.latin = (0u32..0x250)
            .map(|c| char::from_u32(c).is_some_and(|c| face.buzz.glyph_index(c).is_some()))
            .collect();
        face.space_width = if space_gid == 0 {
            250
        } else {
            face.advance(space_gid)
        };
        Ok(face)
    }

    /// Nominal advance of a glyph in thousandths of an em (the `/W` value).
    pub fn advance(&self, gid: u16) -> i32 {
        let units = self
            .buzz
            .glyph_hor_advance(ttf_parser::GlyphId(gid))
            .unwrap_or(0);
        self.units_to_milli(i32::from(units))
    }

    pub fn units_to_milli(&self, units: i32) -> i32 {
        (units as f32 * 1000.0 / self.upm).round() as i32
    }

    pub fn has_glyph(&self, c: char) -> bool {
        let i = c as usize;
        if let Some(known) = self.latin.get(i) {
            return *known;
        }
        self.buzz.glyph_index(c).is_some()
    }
}

/// One glyph of a shaped piece of text.
#[derive(Debug, Clone)]
pub(crate) struct ShapedGlyph {
    pub gid: u16,
    /// Where the pen moves after this glyph, in thousandths of an em (kerning included).
    pub advance: i32,
    /// The glyph's own advance (its `/W` entry), thousandths of an em.
    pub nominal: i32,
    /// The text this glyph stands for (several characters for a ligature, empty for the second
    /// glyph of a decomposed character).
    pub text: Box<str>,
}

/// A piece of text shaped in one face.
#[derive(Debug)]
pub(crate) struct Shaped {
    pub glyphs: Vec<ShapedGlyph>,
    /// Sum of the advances, thousandths of an em.
    pub width: i32,
}

/// A character that no available face can set, as [`FontBook::face_for`] reports it;
/// [`Unset::in_text`] turns it into the error, with where it is.
#[derive(Debug, Clone)]
pub(crate) struct Unset {
    pub c: char,
    /// The face the character was asked of (named in the error).
    pub face: String,
    /// No East Asian face was given at all (the usual cause for Japanese text).
    pub no_east_asian_face: bool,
}

/// A character of the text that no face given to the renderer can set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingGlyph {
    /// The character.
    pub character: char,
    /// The face it was asked of (its PostScript name).
    pub face: String,
    /// Up to about 40 characters of text around it, on one line, so the paragraph can be
    /// found.
    pub excerpt: String,
    /// No East Asian face was given at all.
    pub no_east_asian_face: bool,
    /// What to do about it. The renderer's own hint speaks of font roles; a front end that
    /// knows where fonts are chosen replaces it with the setting to change.
    pub hint: String,
}

impl MissingGlyph {
    /// Whether an East Asian face would set the character and none was given (the usual
    /// cause for Japanese text).
    pub fn needs_east_asian_face(&self) -> bool {
        is_cjk(self.character) && self.no_east_asian_face
    }
}

impl fmt::Display for MissingGlyph {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.character;
        write!(
            f,
            "font `{}` cannot be used: no available font has a glyph for `{}` (U+{:04X}), in \"{}\"",
            self.face,
            c.escape_debug(),
            c as u32,
            self.excerpt,
        )?;
        if !self.hint.is_empty() {
            write!(f, "\n  hint: {}", self.hint)?;
        }
        Ok(())
    }
}

/// Characters of context shown on each side of a missing glyph.
const EXCERPT_SIDE: usize = 20;

impl Unset {
    /// The error for this character found at byte `at` of `text` (the block's text): it names
    /// the character, its code point and up to about 40 characters around it, and the font
    /// role that would set it.
    pub fn in_text(&self, text: &str, at: usize) -> RenderError {
        let mut missing = MissingGlyph {
            character: self.c,
            face: self.face.clone(),
            excerpt: excerpt(text, at),
            no_east_asian_face: self.no_east_asian_face,
            hint: String::new(),
        };
        missing.hint = if missing.needs_east_asian_face() {
            "Japanese text needs an East Asian font: give one (`FontRole::EastAsian`), or \
             install one (Debian: fonts-ipaexfont-mincho)"
                .to_owned()
        } else {
            "give a font that has it: `FontRole::Regular` (and its styles) for Latin text, \
             `FontRole::EastAsian` for Japanese text"
                .to_owned()
        };
        RenderError::MissingGlyph(missing)
    }
}

/// Up to [`EXCERPT_SIDE`] characters either side of byte `at` of `text`, on one line, with
/// `…` where the text goes on.
fn excerpt(text: &str, at: usize) -> String {
    let at = (0..=at.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let (before, after) = text.split_at(at);
    let head: Vec<char> = before.chars().rev().take(EXCERPT_SIDE + 1).collect();
    let tail: Vec<char> = after.chars().take(EXCERPT_SIDE + 2).collect();
    let mut out = String::new();
    if head.len() > EXCERPT_SIDE {
        out.push('…');
    }
    let clean = |c: char| {
        if c.is_control() || c.is_whitespace() {
            ' '
        } else {
            c
        }
    };
    out.extend(head.iter().take(EXCERPT_SIDE).rev().map(|&c| clean(c)));
    // The missing character itself plus EXCERPT_SIDE after it.
    out.extend(tail.iter().take(EXCERPT_SIDE + 1).map(|&c| clean(c)));
    if tail.len() > EXCERPT_SIDE + 1 {
        out.push('…');
    }
    out
}

/// The faces of one render, the character-to-face choice, a shaping cache, and the record of
/// glyphs actually placed (for subsetting and ToUnicode).
pub(crate) struct FontBook<'a> {
    pub faces: Vec<Face<'a>>,
    styles: [usize; 4],
    east_asian: Option<usize>,
    /// Faces tried for a character no styled face has (the regular face, then the default).
    fallbacks: Vec<usize>,
    /// Per face: shaped words (statements repeat their words a lot).
    cache: Vec<FxHashMap<Box<str>, Rc<Shaped>>>,
    /// Compiled shaping plans per face, script and direction (compiling one costs more than
    /// shaping a word).
    plans: FxHashMap<(usize, rustybuzz::Script, rustybuzz::Direction), rustybuzz::ShapePlan>,
    /// Per face: glyph id -> the text it stands for, for every glyph placed on a page.
    pub used: Vec<BTreeMap<u16, Box<str>>>,
    /// Per face and glyph: 0 not placed yet, 1 placed without text, 2 placed with its text
    /// (a fast path in front of `used`, which is consulted once per glyph id).
    seen: Vec<Vec<u8>>,
}

impl fmt::Debug for FontBook<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FontBook")
            .field(
                "faces",
                &self.faces.iter().map(|x| &x.name).collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// The embedded default family: Libertinus Serif regular, italic, bold, bold italic (the
/// browser desk serves them too, so its pages are set in the PDF's typeface).
pub fn default_faces() -> [Option<&'static [u8]>; 4] {
    let mut found = [None; 4];
    for data in typst_assets::fonts() {
        let Ok(face) = ttf_parser::Face::parse(data, 0) else {
            continue;
        };
        let family = face
            .names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser::name_id::FAMILY)
            .find_map(|n| n.to_string());
        if family.as_deref() != Some("Libertinus Serif") {
            continue;
        }
        let slot = match (face.weight().to_number(), face.is_italic()) {
            (400, false) => 0,
            (400, true) => 1,
            (700, false) => 2,
            (700, true) => 3,
            _ => continue,
        };
        found[slot] = Some(data);
        if found.iter().all(Option::is_some) {
            break;
        }
    }
    found
}

impl<'a> FontBook<'a> {
    /// Load the caller's faces, falling back to the embedded Libertinus Serif.
    pub fn new(sources: &'a [FontSource]) -> Result<Self, RenderError> {
        let mut faces: Vec<Face<'a>> = Vec::new();
        let mut by_role: BTreeMap<FontRole, usize> = BTreeMap::new();
        for src in sources {
            if by_role.contains_key(&src.role) {
                continue;
            }
            by_role.insert(src.role, faces.len());
            faces.push(Face::load(&src.name, &src.data, src.index)?);
        }
        // The embedded family fills the Latin roles only when the caller gave no regular face:
        // mixing a chosen family with Libertinus italics would look like a mistake.
        let defaults = default_faces();
        let mut default_regular = None;
        if !by_role.contains_key(&FontRole::Regular) {
            let roles = [
                FontRole::Regular,
                FontRole::Italic,
                FontRole::Bold,
                FontRole::BoldItalic,
            ];
            for (role, data) in roles.into_iter().zip(defaults) {
                if let (false, Some(data)) = (by_role.contains_key(&role), data) {
                    by_role.insert(role, faces.len());
                    faces.push(Face::load("Libertinus Serif", data, 0)?);
                }
            }
            default_regular = by_role.get(&FontRole::Regular).copied();
        }
        let regular = *by_role
            .get(&FontRole::Regular)
            .ok_or_else(|| RenderError::Font {
                name: "Libertinus Serif".to_owned(),
                reason: "the embedded default font is missing from this build".to_owned(),
            })?;
        let pick = |role| by_role.get(&role).copied();
        let italic = pick(FontRole::Italic).unwrap_or(regular);
        let bold = pick(FontRole::Bold).unwrap_or(regular);
        let bold_italic = pick(FontRole::BoldItalic)
            .or(pick(FontRole::Bold))
            .unwrap_or(italic);
        let east_asian = pick(FontRole::EastAsian);
        let mut fallbacks = vec![regular];
        if default_regular.is_none() {
            // A chosen family that lacks a character (a dash, a quote) borrows it from the
            // default face rather than failing.
            if let Some(data) = defaults[0] {
                fallbacks.push(faces.len());
                faces.push(Face::load("Libertinus Serif", data, 0)?);
            }
        }
        let used = vec![BTreeMap::new(); faces.len()];
        let seen = faces
            .iter()
            .map(|f| vec![0u8; usize::from(f.buzz.number_of_glyphs())])
            .collect();
        Ok(FontBook {
            styles: [regular, italic, bold, bold_italic],
            east_asian,
            fallbacks,
            cache: vec![FxHashMap::default(); faces.len()],
            plans: FxHashMap::default(),
            used,
            seen,
            faces,
        })
    }

    /// The face for Latin text in `style`.
    pub fn styled(&self, style: Style) -> usize {
        self.styles[usize::from(style.bold) * 2 + usize::from(style.italic)]
    }

    /// The face that sets `c` in `style`, or what is missing (the caller adds where).
    pub fn face_for(&self, c: char, style: Style) -> Result<usize, Unset> {
        let styled = self.styled(style);
        if is_cjk(c)
            && let Some(ea) = self.east_asian.filter(|&i| self.faces[i].has_glyph(c))
        {
            return Ok(ea);
        }
        if self.faces[styled].has_glyph(c) {
            return Ok(styled);
        }
        let candidates = self.east_asian.iter().chain(self.fallbacks.iter());
        for &i in candidates {
            if self.faces[i].has_glyph(c) {
                return Ok(i);
            }
        }
        Err(Unset {
            c,
            face: self.faces[styled].name.clone(),
            no_east_asian_face: self.east_asian.is_none(),
        })
    }

    /// The East Asian face, when there is one and it has `c` (a Japanese block sets its
    /// digits and Latin letters in it too).
    pub fn east_asian_face(&self, c: char) -> Option<usize> {
        self.east_asian.filter(|&i| self.faces[i].has_glyph(c))
    }

    /// Shape `text` in face `face` (cached: statements repeat their words a lot).
    pub fn shape(&mut self, face: usize, text: &str) -> Rc<Shaped> {
        if let Some(hit) = self.cache[face].get(text) {
            return Rc::clone(hit);
        }
        let f = &self.faces[face];
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let (script, direction) = (buffer.script(), buffer.direction());
        let plan = self
            .plans
            .entry((face, script, direction))
            .or_insert_with(|| {
                rustybuzz::ShapePlan::new(&f.buzz, direction, Some(script), None, &[])
            });
        let out = rustybuzz::shape_with_plan(&f.buzz, plan, buffer);
        let infos = out.glyph_infos();
        let positions = out.glyph_positions();
        let mut glyphs = Vec::with_capacity(infos.len());
        let mut width = 0;
        for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
            let start = info.cluster as usize;
            let first_of_cluster = i == 0 || infos[i - 1].cluster != info.cluster;
            let glyph_text = if first_of_cluster {
                let end = infos[i + 1..]
                    .iter()
                    .map(|g| g.cluster as usize)
                    .find(|&c| c > start)
                    .unwrap_or(text.len());
                text.get(start..end).unwrap_or("")
            } else {
                ""
            };
            let advance = f.units_to_milli(pos.x_advance);
            let gid = u16::try_from(info.glyph_id).unwrap_or(0);
            width += advance;
            glyphs.push(ShapedGlyph {
                gid,
                advance,
                nominal: f.advance(gid),
                text: Box::from(glyph_text),
            });
        }
        let shaped = Rc::new(Shaped { glyphs, width });
        self.cache[face].insert(Box::from(text), Rc::clone(&shaped));
        shaped
    }

    /// What this book placed (see [`FontBook::record_used`]).
    pub fn into_used(self) -> Vec<BTreeMap<u16, Box<str>>> {
        self.used
    }

    /// Record the glyphs another book of the same faces placed after this one's, as if this
    /// book had placed them: a glyph's first text still wins.
    pub fn record_used(&mut self, used: Vec<BTreeMap<u16, Box<str>>>) {
        for (face, glyphs) in used.into_iter().enumerate() {
            for (gid, text) in glyphs {
                self.mark_used(face, gid, &text);
            }
        }
    }

    /// Record that a glyph is placed on a page, standing for `text`.
    pub fn mark_used(&mut self, face: usize, gid: u16, text: &str) {
        let state = self.seen[face].get_mut(usize::from(gid));
        match state {
            Some(2) => return,
            Some(1) if text.is_empty() => return,
            Some(s) => *s = if text.is_empty() { 1 } else { 2 },
            None => {}
        }
        let slot = self.used[face].entry(gid).or_insert_with(|| Box::from(""));
        // The first non-empty text wins: a glyph has one ToUnicode entry.
        if slot.is_empty() && !text.is_empty() {
            *slot = Box::from(text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The embedded default family is complete (all four styles found in typst-assets).
    #[test]
    fn default_family_has_four_styles() {
        assert!(default_faces().iter().all(Option::is_some));
    }

    // Shaping applies the font's ligatures and keeps the ligature's text for ToUnicode.
    #[test]
    fn ligature_keeps_its_text() {
        let mut book = FontBook::new(&[]).unwrap();
        let face = book.styled(Style {
            bold: false,
            italic: false,
        });
        let shaped = book.shape(face, "office");
        let text: String = shaped.glyphs.iter().map(|g| &*g.text).collect();
        assert_eq!(text, "office");
        assert!(shaped.glyphs.len() < 6, "expected an ffi ligature");
    }

    // Japanese without an East Asian font is an error that names the character, shows where
    // it is and names the font role that sets it (no meeting.toml key: that is the caller's).
    #[test]
    fn missing_cjk_font_is_explained() {
        let book = FontBook::new(&[]).unwrap();
        let missing = book
            .face_for(
                '宇',
                Style {
                    bold: false,
                    italic: false,
                },
            )
            .unwrap_err();
        let text = "The two sides discussed cooperation in 宇宙 and agreed to meet again soon.";
        let err = missing.in_text(text, text.find('宇').unwrap());
        let RenderError::MissingGlyph(m) = &err else {
            panic!("{err}");
        };
        assert_eq!(m.character, '宇');
        assert!(m.needs_east_asian_face());
        let err = err.to_string();
        assert!(err.contains("`宇` (U+5B87)"), "{err}");
        assert!(err.contains("`FontRole::EastAsian`"), "{err}");
        assert!(!err.contains("meeting.toml"), "{err}");
        assert!(
            err.contains("\"…ssed cooperation in 宇宙 and agreed to meet…\""),
            "{err}"
        );
    }

    // The excerpt keeps short text whole, on one line, and never splits a character.
    #[test]
    fn excerpt_of_short_text_is_whole() {
        assert_eq!(excerpt("a\nb\u{E000}c", 3), "a b\u{E000}c");
        assert_eq!(excerpt("", 0), "");
        assert_eq!(excerpt("éé", 1), "éé");
    }
}
