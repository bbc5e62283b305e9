//! The desk's own assets, and nothing else: its stylesheet and script (from the library) and
//! the PDF's typeface (Libertinus Serif, embedded in the binary), so that no page loads
//! anything from outside the server.

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// `GET /assets/{file}`: one of a fixed list of names.
pub(crate) async fn asset(Path(file): Path<String>) -> Response {
    let faces = chancery::render::pdf::default_faces();
    let font = |i: usize| faces[i].map(|b| ("font/otf", b.to_vec()));
    let found: Option<(&str, Vec<u8>)> = match file.as_str() {
        "desk.css" => Some((
            "text/css; charset=utf-8",
            chancery::desk::DESK_CSS.as_bytes().to_vec(),
        )),
        "desk.js" => Some((
            "text/javascript; charset=utf-8",
            chancery::desk::DESK_JS.as_bytes().to_vec(),
        )),
        "serif-regular.otf" => font(0),
        "serif-italic.otf" => font(1),
        "serif-bold.otf" => font(2),
        _ => None,
    };
    match found {
        Some((kind, bytes)) => (
            [
                (header::CONTENT_TYPE, kind),
                (header::CACHE_CONTROL, "max-age=3600"),
            ],
            bytes,
        )
            .into_response(),
        None => super::pages::not_found().await,
    }
}
