//! One test per embedded rule file, `rules_<file>`, so a broken rule fails `cargo test` under its file's name
//! and the other files still report.
//!
//! `rules test` runs every example through the real pipeline with all the rules loaded (an example must also
//! win against the other families' rules), so the examples run once, together, and each test takes the
//! failures its file's name begins. [`every_rule_file_has_a_test`] keeps the list below equal to `rules/`.

use std::sync::OnceLock;

use claimscan::tools::ruletest;

/// Every failing example of the embedded rules, shown as `rules test` shows it (`rules/FILE:LINE: id: …`),
/// computed once for all the tests of this module.
fn failures() -> &'static [String] {
    static FAILURES: OnceLock<Vec<String>> = OnceLock::new();
    FAILURES.get_or_init(|| {
        let report = ruletest::run(crate::common::extractor());
        assert!(report.run > 1000, "only {} examples ran", report.run);
        report
            .failures
            .iter()
            .map(std::string::ToString::to_string)
            .collect()
    })
}

/// Fails with every failing example of `rules/<file>`.
fn check(file: &str) {
    let prefix = format!("rules/{file}:");
    let mine: Vec<&str> = failures()
        .iter()
        .filter(|f| f.starts_with(&prefix))
        .map(String::as_str)
        .collect();
    assert!(
        mine.is_empty(),
        "{} example(s) of rules/{file} failed:\n{}",
        mine.len(),
        mine.join("\n")
    );
}

macro_rules! rule_files {
    ($($test:ident => $file:literal,)*) => {
        $(
            #[test]
            fn $test() {
                check($file);
            }
        )*

        /// The files the tests above cover.
        const FILES: &[&str] = &[$($file),*];
    };
}

rule_files! {
    rules_abbreviations => "abbreviations.toml",
    rules_boilerplate => "boilerplate.toml",
    rules_dates => "dates.toml",
    rules_holidays => "holidays.toml",
    rules_instruments => "instruments.toml",
    rules_lexicons => "lexicons.toml",
    rules_money => "money.toml",
    rules_organizations => "organizations.toml",
    rules_organizations_companies => "organizations-companies.toml",
    rules_organizations_international => "organizations-international.toml",
    rules_organizations_patterns => "organizations-patterns.toml",
    rules_organizations_universities => "organizations-universities.toml",
    rules_organizations_us_federal => "organizations-us-federal.toml",
    rules_percentages => "percentages.toml",
    rules_policy => "policy.toml",
    rules_policy_references => "policy-references.toml",
    rules_quantities => "quantities.toml",
    rules_times => "times.toml",
    rules_vague => "vague.toml",
}

#[test]
fn every_rule_file_has_a_test() {
    let mut on_disk: Vec<String> = std::fs::read_dir(crate::common::manifest_dir().join("rules"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<&str> = FILES.to_vec();
    listed.sort_unstable();
    assert_eq!(
        listed, on_disk,
        "rule_files! in tests/it/rule_files.rs lists one `rules_<file> => \"<file>.toml\"` per file of rules/"
    );
}

/// A failure no file test would show (a file name outside `rules/`) still fails somewhere.
#[test]
fn every_failure_names_a_rule_file() {
    let orphans: Vec<&String> = failures()
        .iter()
        .filter(|f| {
            !FILES
                .iter()
                .any(|file| f.starts_with(&format!("rules/{file}:")))
        })
        .collect();
    assert!(
        orphans.is_empty(),
        "failures outside the rule files: {orphans:#?}"
    );
}
