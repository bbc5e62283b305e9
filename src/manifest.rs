//! The manifest of final copies: SHA-256 of every output and input, and the engine version, so
//! anyone can check that the printed documents are exactly the ones built from the approved
//! inputs. Pure data: the CLI reads and writes `manifest.json`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The file name next to the final outputs.
pub const FILE_NAME: &str = "manifest.json";

/// What a set of final documents was built from, and their digests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// `chancery <version>`.
    pub engine: String,
    /// The draft's identifier (its folder name).
    pub draft: String,
    /// The meeting date, `YYYY-MM-DD`, when set.
    pub date: Option<String>,
    /// SHA-256 (hex) of each input, by path as given at build time.
    pub inputs: BTreeMap<String, String>,
    /// SHA-256 (hex) of each output, by file name in the output folder.
    pub outputs: BTreeMap<String, String>,
}

/// One finding of [`Manifest::verify`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// The file matches its digest.
    Ok(String),
    /// The file's bytes differ from those recorded.
    Changed(String),
    /// The file is listed but absent.
    Missing(String),
}

impl Manifest {
    /// The engine string of this build.
    pub fn engine() -> String {
        format!("chancery {}", env!("CARGO_PKG_VERSION"))
    }

    /// Deterministic JSON (keys ordered), ending with a newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Read a manifest.
    pub fn from_json(text: &str) -> Result<Manifest, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// Check each output against `read` (which returns a file's bytes, or `None` when absent).
    pub fn verify(&self, read: impl Fn(&str) -> Option<Vec<u8>>) -> Vec<Finding> {
        self.outputs
            .iter()
            .map(|(name, digest)| match read(name) {
                None => Finding::Missing(name.clone()),
                Some(bytes) if sha256_hex(&bytes) == *digest => Finding::Ok(name.clone()),
                Some(_) => Finding::Changed(name.clone()),
            })
            .collect()
    }
}

/// SHA-256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // The digest is SHA-256 in hex; a one-byte change is found, a missing file named.
    #[test]
    fn verify_finds_changes_and_missing_files() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let m = Manifest {
            engine: Manifest::engine(),
            draft: "d".into(),
            date: None,
            inputs: BTreeMap::new(),
            outputs: [
                ("a.pdf".to_owned(), sha256_hex(b"abc")),
                ("b.pdf".to_owned(), sha256_hex(b"x")),
            ]
            .into(),
        };
        let found = m.verify(|name| match name {
            "a.pdf" => Some(b"abd".to_vec()),
            _ => None,
        });
        assert_eq!(
            found,
            vec![
                Finding::Changed("a.pdf".into()),
                Finding::Missing("b.pdf".into())
            ]
        );
        assert_eq!(Manifest::from_json(&m.to_json()).unwrap(), m);
    }
}
