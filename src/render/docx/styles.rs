//! The DOCX style sheet: the paragraph styles of an official statement.
//!
//! Every paragraph the renderer writes names one of these styles, so a drafter who opens the
//! file in Word finds real "Title", "Body Text" or "heading 1" styles to restyle, not direct
//! formatting. Style names are Word's built-in names where one exists (Word then treats them as
//! its own); sizes are in half-points and spacing in twips, as in WordprocessingML.
//! This module only describes styles; [`super::body`] decides which block gets which.

use docx_rs::{AlignmentType, Docx, LineSpacing, LineSpacingType, RunFonts, Style, StyleType};

use super::Fonts;

pub(crate) const TITLE: &str = "Title";
pub(crate) const SUBTITLE: &str = "Subtitle";
pub(crate) const DATE: &str = "Date";
pub(crate) const BODY: &str = "BodyText";
pub(crate) const LIST: &str = "ListParagraph";
pub(crate) const DONE_AT: &str = "DoneAt";
pub(crate) const SIGNATURE: &str = "Signature";
pub(crate) const HEADER: &str = "Header";
pub(crate) const FOOTER: &str = "Footer";
/// Colour of the DRAFT marking in the header.
pub(crate) const DRAFT_RED: &str = "C00000";
/// Hanging indent of list items (the number sits in it), in twips.
pub(crate) const LIST_INDENT: i32 = 425;

/// The style id of a heading level (clamped to 1-6).
pub(crate) fn heading(level: u8) -> &'static str {
    match level {
        0 | 1 => "Heading1",
        2 => "Heading2",
        3 => "Heading3",
        4 => "Heading4",
        5 => "Heading5",
        _ => "Heading6",
    }
}

/// Body size: 12 pt, in half-points.
const BODY_SIZE: usize = 24;

/// Document defaults (fonts, size, single spacing) and every style the body uses.
pub(crate) fn apply(docx: Docx, fonts: &Fonts) -> Docx {
    let run_fonts = RunFonts::new()
        .ascii(&fonts.serif)
        .hi_ansi(&fonts.serif)
        .cs(&fonts.serif)
        .east_asia(&fonts.east_asian);
    let mut docx = docx
        .default_fonts(run_fonts)
        .default_size(BODY_SIZE)
        .default_line_spacing(spacing(0, 0));
    for style in styles() {
        docx = docx.add_style(style);
    }
    docx
}

/// Single line spacing with space before and after, in twips.
fn spacing(before: u32, after: u32) -> LineSpacing {
    LineSpacing::new()
        .before(before)
        .after(after)
        .line(240)
        .line_rule(LineSpacingType::Auto)
}

fn paragraph_style(id: &str, name: &str) -> Style {
    let mut style = Style::new(id, StyleType::Paragraph)
        .name(name)
        .based_on("Normal")
        .next(BODY);
    // Word's default for a style without `w:widowControl` is off; official text keeps it on.
    style.paragraph_property = style.paragraph_property.widow_control(true);
    style
}

fn keep_with_next(mut style: Style) -> Style {
    style.paragraph_property = style.paragraph_property.keep_next(true).keep_lines(true);
    style
}

fn styles() -> Vec<Style> {
    let mut styles = vec![
        // The heading block is centred and kept together with the first body paragraph.
        keep_with_next(
            paragraph_style(TITLE, "Title")
                .size(32)
                .bold()
                .align(AlignmentType::Center)
                .line_spacing(spacing(0, 120)),
        ),
        keep_with_next(
            paragraph_style(SUBTITLE, "Subtitle")
                .size(26)
                .bold()
                .align(AlignmentType::Center)
                .line_spacing(spacing(0, 120)),
        ),
        keep_with_next(
            paragraph_style(DATE, "Date")
                .size(BODY_SIZE)
                .align(AlignmentType::Center)
                .line_spacing(spacing(120, 480)),
        ),
        paragraph_style(BODY, "Body Text")
            .size(BODY_SIZE)
            .align(AlignmentType::Both)
            .line_spacing(spacing(0, 240)),
        paragraph_style(LIST, "List Paragraph")
            .size(BODY_SIZE)
            .align(AlignmentType::Both)
            .indent(
                Some(LIST_INDENT),
                Some(docx_rs::SpecialIndentType::Hanging(LIST_INDENT)),
                None,
                None,
            )
            .line_spacing(spacing(0, 120)),
        // The "Done at" formula stays on the page of the signatures that follow it.
        keep_with_next(
            paragraph_style(DONE_AT, "Done At")
                .size(BODY_SIZE)
                .align(AlignmentType::Both)
                .line_spacing(spacing(240, 480)),
        ),
        keep_with_next(
            paragraph_style(SIGNATURE, "Signature")
                .size(BODY_SIZE)
                .align(AlignmentType::Left)
                .line_spacing(spacing(0, 0)),
        ),
        paragraph_style(HEADER, "header")
            .size(20)
            .align(AlignmentType::Right),
        paragraph_style(FOOTER, "footer")
            .size(20)
            .align(AlignmentType::Center),
    ];
    for level in 1..=6u8 {
        let (size, before) = match level {
            1 => (28, 360),
            2 => (26, 240),
            _ => (BODY_SIZE, 240),
        };
        let mut style = paragraph_style(heading(level), &format!("heading {level}"))
            .size(size)
            .bold()
            .align(AlignmentType::Left)
            .line_spacing(spacing(before, 120))
            .outline_lvl(usize::from(level - 1));
        if level >= 3 {
            style = style.italic();
        }
        styles.push(keep_with_next(style));
    }
    styles
}
