//! PDF renderer (printpdf): line breaking and pagination are ours. Being built: see issue 4.

use super::RenderError;
use crate::document::Document;

/// Options of the PDF renderer.
#[derive(Debug, Clone, Default)]
pub struct PdfOptions {}

/// Render the document as PDF bytes.
pub fn render(_doc: &Document, _opts: &PdfOptions) -> Result<Vec<u8>, RenderError> {
    Err(RenderError::Backend {
        format: "pdf",
        reason: "not built yet".to_owned(),
    })
}
