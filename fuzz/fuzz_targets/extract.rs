//! Extraction: arbitrary UTF-8 as a document, through the embedded rules.
//!
//! Never panics; every claim and fact span is in bounds, on character boundaries and inside the body; `text`
//! equals the document at the span, with exact code-point spans and line:column; facts are sorted and inside
//! their claims; the entity index and stats agree with the facts; extracting twice, from bytes rather than a
//! string, or with a second extractor built from the same rules gives the same JSON
//! (`claimscan::tools::check::check_extract_input`).
#![no_main]

use std::sync::OnceLock;

use claimscan::Extractor;
use libfuzzer_sys::fuzz_target;

/// Two extractors built separately from the same rules: their records must be byte-identical.
fn extractors() -> [&'static Extractor; 2] {
    static A: OnceLock<Extractor> = OnceLock::new();
    static B: OnceLock<Extractor> = OnceLock::new();
    let build = || Extractor::embedded().expect("the embedded rules compile");
    [A.get_or_init(build), B.get_or_init(build)]
}

fuzz_target!(|data: &[u8]| {
    if let Err(e) = claimscan::tools::check::check_extract_input(extractors(), data) {
        panic!("extract invariant broken: {e}");
    }
});
