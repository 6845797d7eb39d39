//! Fuzz regressions: every input kept under `tests/fuzz-regressions/<target>/` (what the fuzz targets in
//! `fuzz/` found, plus a minimized sample of their corpora) re-run through the same checks as its target, so
//! `cargo test` catches a regression without a nightly toolchain.
//!
//! | folder    | check (in `claimscan::tools::check`)                      |
//! |-----------|----------------------------------------------------|
//! | `loader`  | `check_loader_input`: bytes through the loader      |
//! | `segment` | `check_segment_input`: tokens and sentences         |
//! | `rules`   | `check_rules_input`: the input as a rule file       |
//! | `extract` | `check_extract_input`: records, with determinism    |
//!
//! To keep a new finding, copy the minimized input (`cargo fuzz tmin`) into its target's folder under a short
//! name saying what it holds. An input that still fails because of a known, unfixed bug goes in
//! [`KNOWN_FAILURES`] with the reason; the test fails once it passes, so the entry is removed with the fix.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use claimscan::tools::check::{self, CheckResult};

use crate::properties::extractors;

/// Inputs that fail for a known library bug not fixed yet: (target, file name, reason).
const KNOWN_FAILURES: &[(&str, &str, &str)] = &[];

/// Runs every stored input of `target` through `check`, catching panics, and compares the failures with
/// [`KNOWN_FAILURES`].
fn run_target(target: &str, check: impl Fn(&[u8]) -> CheckResult) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-regressions")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} holds no inputs", dir.display());
    let mut problems = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(path).unwrap();
        let outcome = match catch_unwind(AssertUnwindSafe(|| check(&bytes))) {
            Ok(Ok(())) => None,
            Ok(Err(message)) => Some(message),
            Err(panic) => Some(format!(
                "panicked: {}",
                panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("(no message)")
            )),
        };
        let known = KNOWN_FAILURES
            .iter()
            .find(|(t, f, _)| *t == target && *f == name);
        match (outcome, known) {
            (None, None) | (Some(_), Some(_)) => {}
            (Some(message), None) => problems.push(format!("{target}/{name}: {message}")),
            (None, Some((_, _, reason))) => problems.push(format!(
                "{target}/{name} passes now: remove it from KNOWN_FAILURES ({reason})"
            )),
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {} inputs:\n{}",
        problems.len(),
        files.len(),
        problems.join("\n")
    );
}

#[test]
fn loader() {
    run_target("loader", check::check_loader_input);
}

#[test]
fn segment() {
    let rules = &extractors()[0].rules().segment;
    run_target("segment", |bytes| check::check_segment_input(bytes, rules));
}

#[test]
fn rules() {
    run_target("rules", check::check_rules_input);
}

#[test]
fn extract() {
    run_target("extract", |bytes| {
        check::check_extract_input(extractors(), bytes)
    });
}

#[test]
fn known_failures_name_stored_inputs() {
    for (target, file, _) in KNOWN_FAILURES {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fuzz-regressions")
            .join(target)
            .join(file);
        assert!(path.is_file(), "{} is listed but absent", path.display());
    }
}
