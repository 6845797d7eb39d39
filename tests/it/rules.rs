//! Every example in the rule files, and the failure report of a broken one.

use claimscan::{Extractor, RuleSet, ruletest};

#[test]
fn every_rule_example_passes() {
    let extractor =
        Extractor::embedded().unwrap_or_else(|e| panic!("embedded rules do not compile:\n{e}"));
    let report = ruletest::run(&extractor);
    assert!(report.run > 1000, "only {} examples ran", report.run);
    let failures: Vec<String> = report.failures.iter().map(|f| f.to_string()).collect();
    assert!(
        failures.is_empty(),
        "{} rule examples failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn a_failing_example_names_its_rule_file_and_line() {
    let file = r#"
family = "percentages"
type = "percentage"

[[rule]]
id = "percentages/test-rule"
pattern = '\b(?P<number>[0-9]+) percent\b'
normalizer = "percent"
examples = [{ text = "5 percent", value = { amount = 6 } }]
counter_examples = ["7 percent"]
"#;
    let rules = RuleSet::from_sources(&[("rules/test.toml".into(), file.into())]).unwrap();
    let report = ruletest::run(&Extractor::new(rules));
    let shown: Vec<String> = report.failures.iter().map(|f| f.to_string()).collect();
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert!(
        shown[0].starts_with("rules/test.toml:6: percentages/test-rule: example \"5 percent\""),
        "{}",
        shown[0]
    );
    assert!(
        shown[1].contains("counter-example \"7 percent\""),
        "{}",
        shown[1]
    );
}

#[test]
fn rule_file_errors_are_collected_with_lines() {
    let file = "family = \"dates\"\ntype = \"date\"\n\n[[rule]]\nid = \"dates/a\"\npattern = '{nolexicon}'\nnormalizer = \"date\"\nexamples = [{text = \"x\"}]\n\n[[rule]]\nid = \"dates/b\"\npattern = 'x'\nnormalizer = \"sideways\"\n";
    let errors = RuleSet::from_sources(&[("r.toml".into(), file.into())])
        .unwrap_err()
        .0;
    let shown: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        shown,
        [
            "r.toml:5: dates/a: unknown lexicon {nolexicon}",
            "r.toml:11: dates/b: unknown normalizer \"sideways\" (date, percent, quantity, policy)"
        ]
    );
}
