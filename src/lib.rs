//! chancery: a document-assembly engine for diplomatic joint statements.
//!
//! The pipeline, in numbered steps (each a module; only `cli` touches files):
//!
//! 1. [`draft`]: `meeting.toml` -> raw serde types -> validated [`draft::Draft`].
//! 2. [`clauses`]: `templates/clauses/*.md` -> [`clauses::ClauseLibrary`] (embedded defaults,
//!    overridden by a workspace's files).
//! 3. [`templates`]: the handlebars registry in strict mode, the genre's helpers, the Markdown
//!    escape that marks data values.
//! 4. [`assemble`]: Draft + clauses + templates -> Markdown -> [`document::Document`].
//! 5. [`render`]: Document -> bytes, one pure function per [`render::Format`].
//!
//! Beside the pipeline, earlier statements: [`import`] reads .txt, .md and .docx bytes into a
//! Document; [`archive`] indexes adopted statements by sentence, reports each draft sentence's
//! provenance (verbatim, edited, new), and proposes clauses from an adopted statement.
//!
//! Errors are data ([`error`]): every problem with file:line:col, all at once.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod archive;
pub mod assemble;
pub mod clauses;
pub mod cli;
pub mod diff;
pub mod document;
pub mod draft;
pub mod error;
pub mod import;
pub mod manifest;
pub mod render;
pub mod templates;
pub mod wording;
