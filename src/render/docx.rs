//! DOCX renderer (docx-rs). Being built: see issue 3.

use super::RenderError;
use crate::document::Document;

/// Options of the DOCX renderer.
#[derive(Debug, Clone, Default)]
pub struct DocxOptions {}

/// Render the document as DOCX bytes.
pub fn render(_doc: &Document, _opts: &DocxOptions) -> Result<Vec<u8>, RenderError> {
    Err(RenderError::Backend {
        format: "docx",
        reason: "not built yet".to_owned(),
    })
}
