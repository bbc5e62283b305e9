//! Embeds the default templates and clauses: generates a list of `include_str!`s over
//! `templates/`, so adding a clause file needs no Rust change.

use std::path::Path;
use std::{env, fs};

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let clauses_dir = Path::new(&root).join("templates/clauses");
    println!("cargo:rerun-if-changed=templates");
    let mut names: Vec<String> = fs::read_dir(&clauses_dir)
        .expect("templates/clauses exists")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    let mut out = String::from(
        "/// Default clause files: (file name, text).\npub(crate) const EMBEDDED_CLAUSES: &[(&str, &str)] = &[\n",
    );
    for name in &names {
        let path = clauses_dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    out.push_str("];\n");
    let statement = Path::new(&root).join("templates/statement.hbs");
    out.push_str(&format!(
        "/// Default statement template.\npub(crate) const EMBEDDED_STATEMENT: &str = include_str!({:?});\n",
        statement.display().to_string()
    ));
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}
