//! Loader: arbitrary bytes through `Document::from_bytes`.
//!
//! Never panics; NUL bytes and invalid UTF-8 are rejected with the right byte offset; a loaded document has its
//! body, front matter, title and date in order and agrees with `Document::from_str` on the same text
//! (`claimscan::tools::check::check_loader_input`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = claimscan::tools::check::check_loader_input(data) {
        panic!("loader invariant broken: {e}");
    }
});
