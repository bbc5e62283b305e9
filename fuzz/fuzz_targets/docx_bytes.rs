//! Fuzz target: any bytes as a DOCX to import, tracked changes accepted and rejected. Must
//! never panic, hang or allocate without bound (the importer caps sizes and nesting).
#![no_main]

use chancery::import::{ImportOptions, SourceKind, TrackedChanges, import};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    for tracked in [TrackedChanges::Accept, TrackedChanges::Reject] {
        let opts = ImportOptions {
            tracked,
            ..ImportOptions::default()
        };
        let _ = import(bytes, SourceKind::Docx, &opts);
    }
});
