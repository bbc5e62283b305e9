//! Meeting inputs: `meeting.toml` -> raw serde types -> a validated [`Draft`].
//!
//! Parse, then validate, in three files: [`raw`] mirrors what a user writes
//! (`deny_unknown_fields`, spans kept where a later check must point back at the file);
//! [`validate`] turns it into the typed model of [`model`] (dates, meeting numbers, party keys,
//! clause references) and reports every problem at once, each with file:line:col; [`convert`]
//! holds the TOML error mapping and the one TOML -> JSON conversion (shared with the clause
//! library); [`explain`] says the parser's messages in the field's terms. No file is opened here: a previous meeting given as a draft folder is read through
//! [`Sources`], which the CLI implements over the file system.

mod convert;
mod explain;
mod lang;
mod model;
mod raw;
mod validate;

use std::path::Path;

pub use convert::{toml_error, toml_to_json};
pub use lang::Translations;
pub use model::{
    Alternat, Alternative, Alternatives, BodyContent, BodyItem, BodyPart, DocumentSettings, Draft,
    MeetingDates, MeetingNumber, NextMeeting, Note, Party, PreviousMeeting, Proposal, Series,
    Signatures, TextPiece, ValueChange,
};
// The date and list behaviour the model uses is the genre wording's; these paths stay for the
// callers that name them here.
pub use crate::wording::{ListStyle, days_in_month, parse_iso_date};

/// The JSON Schema of `meeting.toml`, generated from the raw types the parser reads, so that it
/// cannot drift from what `build` accepts (the validator's further rules, such as dates being
/// real days, are not in it).
pub fn meeting_schema() -> serde_json::Value {
    crate::schema::generate::<raw::RawMeetingFile>()
}

/// Where inputs outside the draft's own file come from (the previous meeting's `meeting.toml`).
pub trait Sources {
    /// Read a UTF-8 text file.
    fn read_text(&self, path: &Path) -> std::io::Result<String>;
}
