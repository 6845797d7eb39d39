//! Tokenizer and sentence splitter: arbitrary UTF-8 as a document, segmented with the embedded rules.
//!
//! Never panics; tokens and segments are in range, on character boundaries, ordered and disjoint, tokens lose
//! no text, segments are trimmed, and segmenting twice agrees (`claimscan::tools::check::check_segment_input`).
#![no_main]

use std::sync::OnceLock;

use claimscan::RuleSet;
use libfuzzer_sys::fuzz_target;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::embedded().expect("the embedded rules compile"))
}

fuzz_target!(|data: &[u8]| {
    if let Err(e) = claimscan::tools::check::check_segment_input(data, &rules().segment) {
        panic!("segment invariant broken: {e}");
    }
});
