//! Integration tests: one binary, one module per concern.

mod bad_input;
mod cli;
mod conformance;
mod conformance_numbers;
mod corpus;
mod coverage;
mod entities;
mod fuzz_regressions;
mod jsonl_input;
mod properties;
mod review_diff;
mod rules;
mod schema;
mod scope;
mod spans;

use std::path::{Path, PathBuf};

/// `../shared/corpus` beside the checkout, or `None` (with the reason printed) when it is absent.
pub fn shared_corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipping: {} is absent (the shared test corpus lives beside the checkout)",
            dir.display()
        );
        None
    }
}

/// The `.txt` articles of a folder, sorted.
pub fn articles(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    v.sort();
    v
}
