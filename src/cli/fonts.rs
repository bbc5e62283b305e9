//! Font discovery for PDF builds: the font names and paths of meeting.toml become font data
//! for the renderer, which never searches the system itself.
//!
//! A family name is looked up in the system's fonts with `fontdb` (the scan is the slow part of
//! a build, so it happens only when a name or Japanese text asks for it); a path is read
//! relative to the draft folder; Japanese text without a named East Asian font gets the first
//! installed family of [`EAST_ASIAN_FALLBACKS`]. [`plan_fonts`] decides which files to read
//! without reading any, so it can be tested against a font database built by hand.
//! [`in_draft`] puts the renderer's font errors in meeting.toml's terms.

use std::path::{Path, PathBuf};

use chancery::document::{Document, FontPrefs};
use chancery::error::Error;
use chancery::render::RenderError;
use chancery::render::pdf::{self, FontRole, FontSource};

/// Japanese serif families tried, in order, when a document has Japanese text and the inputs
/// name no East Asian font.
pub(crate) const EAST_ASIAN_FALLBACKS: [&str; 8] = [
    "IPAexMincho",
    "IPAMincho",
    "Noto Serif CJK JP",
    "Source Han Serif JP",
    "Noto Serif JP",
    "Hiragino Mincho ProN",
    "Yu Mincho",
    "MS Mincho",
];

/// Font folders looked in before the system's whole font configuration is read (the folders
/// fontdb itself falls back to without fontconfig); elsewhere the system's list is read at once.
#[cfg(all(unix, not(any(target_os = "macos", target_os = "android"))))]
const STANDARD_FONT_DIRS: &[&str] = &["/usr/share/fonts", "/usr/local/share/fonts"];
#[cfg(not(all(unix, not(any(target_os = "macos", target_os = "android")))))]
const STANDARD_FONT_DIRS: &[&str] = &[];

/// A face to read from disk and hand to the renderer as a [`FontSource`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FontRequest {
    /// The role the face will play.
    pub role: FontRole,
    /// The family name or path from the inputs.
    pub name: String,
    /// The file to read.
    pub path: PathBuf,
    /// Face index in the file.
    pub index: u32,
}

/// The faces a PDF of `doc` needs besides the embedded default: those `doc.meta.fonts` names
/// (family names found on the system, paths relative to `draft_dir`) and a Japanese face when
/// the text needs one, read from disk.
pub(crate) fn pdf_fonts(doc: &Document, draft_dir: &Path) -> Result<Vec<FontSource>, Error> {
    let east_asian = pdf::needs_east_asian(doc);
    let prefs = &doc.meta.fonts;
    let by_name = east_asian || prefs.serif.is_some() || prefs.east_asian.is_some();
    let mut db = fontdb::Database::new();
    let mut requests = None;
    if by_name && !STANDARD_FONT_DIRS.is_empty() {
        // Where packages and users put fonts, before all of fontconfig's configuration (whose
        // dozens of XML files cost more to read than the scan itself).
        for dir in STANDARD_FONT_DIRS {
            db.load_fonts_dir(dir);
        }
        if let Some(home) = std::env::var_os("HOME") {
            for dir in [".local/share/fonts", ".fonts"] {
                db.load_fonts_dir(Path::new(&home).join(dir));
            }
        }
        requests = plan_fonts(prefs, &db, draft_dir, east_asian)
            .ok()
            .filter(|found| complete_plan(prefs, found, east_asian));
    }
    let requests = match requests {
        Some(found) => found,
        None => {
            let mut db = fontdb::Database::new();
            if by_name {
                db.load_system_fonts();
            }
            plan_fonts(prefs, &db, draft_dir, east_asian)?
        }
    };
    let mut sources = Vec::new();
    for request in requests {
        let data = super::workspace::read_capped(&request.path, super::workspace::FONT_LIMIT)?;
        sources.push(FontSource::new(
            request.role,
            request.name,
            data,
            request.index,
        )?);
    }
    Ok(sources)
}

/// Whether a plan made from the standard folders alone is the one the whole system's fonts
/// would give: a named Latin family with all four styles, and the Japanese fallback (when it
/// is one) the first of [`EAST_ASIAN_FALLBACKS`]. Otherwise a style or a preferred family
/// may be in a folder only fontconfig names, and the whole list is read.
fn complete_plan(prefs: &FontPrefs, found: &[FontRequest], east_asian: bool) -> bool {
    let latin = prefs.serif.as_deref().is_none_or(|s| {
        looks_like_path(s)
            || found
                .iter()
                .filter(|r| r.role != FontRole::EastAsian)
                .count()
                == 4
    });
    let japanese = !east_asian
        || prefs.east_asian.is_some()
        || found
            .iter()
            .any(|r| r.role == FontRole::EastAsian && r.name == EAST_ASIAN_FALLBACKS[0]);
    latin && japanese
}

/// Which font files to read for `prefs`, using a font database the caller loaded: a family
/// name becomes up to four faces (regular, italic, bold, bold italic), a path (anything with a
/// `/` or a font extension) is joined to `base`. With `needs_east_asian` and no `east_asian`
/// preference, the first installed family of [`EAST_ASIAN_FALLBACKS`] is used; none installed
/// is not an error here (the renderer reports the first character it cannot set).
pub(crate) fn plan_fonts(
    prefs: &FontPrefs,
    db: &fontdb::Database,
    base: &Path,
    needs_east_asian: bool,
) -> Result<Vec<FontRequest>, RenderError> {
    let mut out = Vec::new();
    if let Some(serif) = &prefs.serif {
        if looks_like_path(serif) {
            out.push(FontRequest {
                role: FontRole::Regular,
                name: serif.clone(),
                path: base.join(serif),
                index: 0,
            });
        } else {
            out.extend(latin_family(db, serif)?);
        }
    }
    match &prefs.east_asian {
        Some(name) if looks_like_path(name) => out.push(FontRequest {
            role: FontRole::EastAsian,
            name: name.clone(),
            path: base.join(name),
            index: 0,
        }),
        Some(name) => {
            let found = query_face(db, name, fontdb::Weight::NORMAL, fontdb::Style::Normal)
                .ok_or_else(|| RenderError::Font {
                    name: name.clone(),
                    reason: format!(
                        "no installed font family is called `{name}`\n  hint: install one (e.g. \
                         Debian's fonts-ipaexfont-mincho) or give a path to a .ttf/.otf file"
                    ),
                })?;
            out.push(found.request(FontRole::EastAsian, name));
        }
        None if needs_east_asian => {
            let fallback = EAST_ASIAN_FALLBACKS.iter().find_map(|n| {
                query_face(db, n, fontdb::Weight::NORMAL, fontdb::Style::Normal).map(|f| (n, f))
            });
            if let Some((name, found)) = fallback {
                out.push(found.request(FontRole::EastAsian, name));
            }
        }
        None => {}
    }
    Ok(out)
}

/// The faces of the Latin family `family`: its regular face (which must exist), and its italic,
/// bold and bold italic where the family really has them.
fn latin_family(db: &fontdb::Database, family: &str) -> Result<Vec<FontRequest>, RenderError> {
    let styles = [
        (
            FontRole::Regular,
            fontdb::Weight::NORMAL,
            fontdb::Style::Normal,
        ),
        (
            FontRole::Italic,
            fontdb::Weight::NORMAL,
            fontdb::Style::Italic,
        ),
        (FontRole::Bold, fontdb::Weight::BOLD, fontdb::Style::Normal),
        (
            FontRole::BoldItalic,
            fontdb::Weight::BOLD,
            fontdb::Style::Italic,
        ),
    ];
    let mut out = Vec::new();
    for (role, weight, style) in styles {
        let Some(found) = query_face(db, family, weight, style) else {
            if role == FontRole::Regular {
                return Err(RenderError::Font {
                    name: family.to_owned(),
                    reason: format!(
                        "no installed font family is called `{family}`\n  hint: give a path to \
                         a .ttf/.otf file, or check the name with `fc-list : family`"
                    ),
                });
            }
            continue;
        };
        // fontdb returns the nearest face; only a real match earns the role, so a family
        // without italics falls back to its regular face, not to a second copy of it.
        let wants_italic = style != fontdb::Style::Normal;
        let is_italic = found.style != fontdb::Style::Normal;
        let wants_bold = weight.0 >= 600;
        let is_bold = found.weight.0 >= 600;
        if role == FontRole::Regular || (wants_italic == is_italic && wants_bold == is_bold) {
            out.push(found.request(role, family));
        }
    }
    Ok(out)
}

fn looks_like_path(spec: &str) -> bool {
    let lower = spec.to_ascii_lowercase();
    spec.contains('/')
        || spec.contains('\\')
        || [".ttf", ".otf", ".ttc", ".otc"]
            .iter()
            .any(|ext| lower.ends_with(ext))
}

/// A face found in the font database.
struct Found {
    path: PathBuf,
    index: u32,
    weight: fontdb::Weight,
    style: fontdb::Style,
}

impl Found {
    fn request(self, role: FontRole, name: &str) -> FontRequest {
        FontRequest {
            role,
            name: name.to_owned(),
            path: self.path,
            index: self.index,
        }
    }
}

fn query_face(
    db: &fontdb::Database,
    family: &str,
    weight: fontdb::Weight,
    style: fontdb::Style,
) -> Option<Found> {
    let id = db.query(&fontdb::Query {
        families: &[fontdb::Family::Name(family)],
        weight,
        stretch: fontdb::Stretch::Normal,
        style,
    })?;
    let face = db.face(id)?;
    let path = match &face.source {
        fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => path.clone(),
        // A face loaded from memory has no file for the caller to read.
        fontdb::Source::Binary(_) => return None,
    };
    Some(Found {
        path,
        index: face.index,
        weight: face.weight,
        style: face.style,
    })
}

/// A render error of the draft `meeting` in the inputs' terms: a character no face has gets
/// the hint that names the meeting.toml setting choosing a font that has it.
pub(crate) fn in_draft(err: RenderError, meeting: &Path) -> RenderError {
    let RenderError::MissingGlyph(mut missing) = err else {
        return err;
    };
    let meeting = meeting.display();
    missing.hint = if missing.needs_east_asian_face() {
        format!(
            "Japanese text needs an East Asian font: set `east_asian_font` under `[document]` \
             in {meeting} (a font name or a path), or install one (Debian: \
             fonts-ipaexfont-mincho)"
        )
    } else {
        format!(
            "choose a font that has it under `[document]` in {meeting}: `font` for Latin text, \
             `east_asian_font` for Japanese text (a font name or a path)"
        )
    };
    RenderError::MissingGlyph(missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    const IPAEX_MINCHO: &str = "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf";

    // plan_fonts finds a family in the font database and names the file to read; a family
    // that is not there is an error naming it. Needs IPAex Mincho: skipped without it
    // locally, failed under CI (as tests/common's `require_tool`).
    #[test]
    fn plan_fonts_resolves_family_names() {
        if !Path::new(IPAEX_MINCHO).exists() {
            assert!(
                !std::env::var("CI").is_ok_and(|v| v == "true"),
                "{IPAEX_MINCHO} is required under CI (Debian: fonts-ipaexfont-mincho)"
            );
            #[allow(clippy::print_stderr)]
            {
                eprintln!("skipped: {IPAEX_MINCHO} is not installed (fonts-ipaexfont-mincho)");
            }
            return;
        }
        let mut db = fontdb::Database::new();
        db.load_font_file(IPAEX_MINCHO).unwrap();
        let prefs = FontPrefs {
            serif: None,
            east_asian: Some("IPAexMincho".to_owned()),
        };
        let plan = plan_fonts(&prefs, &db, Path::new("."), true).unwrap();
        assert_eq!(plan.len(), 1);
        assert_eq!(plan[0].role, FontRole::EastAsian);
        assert_eq!(plan[0].path, Path::new(IPAEX_MINCHO));
        let missing = FontPrefs {
            serif: Some("No Such Family".to_owned()),
            east_asian: None,
        };
        let err = plan_fonts(&missing, &db, Path::new("."), false).unwrap_err();
        assert!(err.to_string().contains("No Such Family"), "{err}");
    }

    // Paths are joined to the draft folder, not looked up; Japanese text with no East Asian
    // family installed plans no face and is no error here (the renderer names the character).
    #[test]
    fn paths_join_the_draft_folder() {
        let db = fontdb::Database::new();
        let prefs = FontPrefs::default();
        assert!(
            plan_fonts(&prefs, &db, Path::new("."), true)
                .unwrap()
                .is_empty()
        );
        let paths = FontPrefs {
            serif: Some("fonts/body.otf".to_owned()),
            east_asian: Some("fonts/ja.ttf".to_owned()),
        };
        let plan = plan_fonts(&paths, &db, Path::new("draft"), false).unwrap();
        let got: Vec<(FontRole, &Path)> = plan.iter().map(|r| (r.role, &*r.path)).collect();
        assert_eq!(
            got,
            [
                (FontRole::Regular, Path::new("draft/fonts/body.otf")),
                (FontRole::EastAsian, Path::new("draft/fonts/ja.ttf")),
            ]
        );
    }

    // A character no face has is explained in meeting.toml's terms, with the draft's file.
    #[test]
    fn missing_glyph_names_the_meeting_setting() {
        let doc = Document {
            meta: chancery::document::Meta::untitled(),
            blocks: vec![chancery::document::Block::text(
                chancery::document::BlockKind::Paragraph,
                "The dialogue on 宇宙 continues.",
            )],
        };
        let err = pdf::render(&doc, &pdf::PdfOptions::default()).unwrap_err();
        let err = in_draft(err, Path::new("drafts/x/meeting.toml")).to_string();
        assert!(err.contains("`宇` (U+5B87)"), "{err}");
        assert!(
            err.contains("set `east_asian_font` under `[document]` in drafts/x/meeting.toml"),
            "{err}"
        );
    }
}
