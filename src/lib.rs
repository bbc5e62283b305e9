//! chancery: a document-assembly engine for diplomatic joint statements.
//!
//! The pipeline, in numbered steps (each a module; none touches a file):
//!
//! 1. [`draft`]: `meeting.toml` -> raw serde types -> validated [`draft::Draft`].
//! 2. [`clauses`]: `templates/clauses/*.md` -> [`clauses::ClauseLibrary`] (embedded defaults,
//!    overridden by a workspace's files).
//! 3. [`templates`]: the handlebars registry in strict mode, the genre's helpers, the Markdown
//!    escape that marks data values.
//! 4. [`assemble`]: Draft + clauses + templates -> Markdown -> [`document::Document`].
//! 5. [`render`]: Document -> bytes, one pure function per [`render::Format`].
//! 6. [`build`]: the build plan, copies × formats -> named outputs and, for final copies, the
//!    [`manifest`].
//!
//! Two leaves every step may use: [`wording`], the genre's wording (ordinals, the one date
//! type and its spellings, list joining, capitalisation), which helpers, extraction and
//! [`next`] share; and `similarity`, the one normaliser, word definition, sketch and bounded
//! candidate index behind diff alignment and provenance.
//!
//! Beside the pipeline, earlier statements: [`load`] is the one rule for a side of a
//! comparison (a loaded draft, or statement bytes read by [`import`] from .txt, .md and
//! .docx); [`diff`] compares two documents; [`archive`] indexes adopted statements by
//! sentence, reports each draft sentence's provenance (verbatim, edited, new), and proposes
//! clauses from an adopted statement. [`next`] edits a meeting's inputs into the next one's.
//!
//! The library is the core of a front end, not a program: the `chancery` binary (`src/main.rs`
//! and `src/cli/`) reads and writes the files, talks to the terminal and reads the environment.
//! The lints below make that checked, not hoped for: printing is denied, and so is every
//! `std::fs`, `std::env`, standard stream and clock function `clippy.toml` lists (the package's
//! `[lints]` allow those for the binary, tests and benches; this crate-level `deny` wins here).
//! That holds for its unit tests too: they embed their fixtures with `include_str!`.
//!
//! Errors are data ([`error`]): every problem with file:line:col, all at once.
#![deny(clippy::print_stdout, clippy::print_stderr)]
#![deny(clippy::disallowed_methods, clippy::disallowed_types)]

pub mod absorb;
pub mod archive;
pub mod assemble;
pub mod bilingual;
pub mod build;
pub mod clauses;
pub mod desk;
pub mod diff;
pub mod document;
pub mod draft;
pub mod error;
pub mod import;
pub mod init;
pub mod load;
pub mod manifest;
pub mod next;
pub mod render;
pub mod schema;
mod similarity;
pub mod templates;
pub mod wording;
