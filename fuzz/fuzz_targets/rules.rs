//! Rule-file loader: arbitrary text as one TOML rule file.
//!
//! The input is compiled on its own when its length is odd, and after the embedded `lexicons.toml` and
//! `abbreviations.toml` when it is even (so `{month}` and friends resolve), without taking a byte from the
//! input: a seed file is used as is. Compiling returns `Ok` or `Err` without panicking and errors point inside
//! the file; a rule set that compiles extracts valid, deterministic records from a sample article and from the
//! file's own text, and runs its own examples (`claimscan::tools::check::check_rules_input`). Run with `-timeout` and
//! `-rss_limit_mb` so that a pathological pattern shows up as a finding rather than a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = claimscan::tools::check::check_rules_input(data) {
        panic!("rules invariant broken: {e}");
    }
});
