//! Every example in the rule files, the failure report of a broken one, and what `rules check` refuses.

use std::path::Path;

use crate::common::{claimscan, manifest_dir};
use claimscan::tools::ruletest;
use claimscan::{Extractor, RuleSet};

#[test]
fn every_rule_example_passes() {
    let extractor =
        Extractor::embedded().unwrap_or_else(|e| panic!("embedded rules do not compile:\n{e}"));
    let report = ruletest::run(&extractor);
    assert!(report.run > 1000, "only {} examples ran", report.run);
    let failures: Vec<String> = report
        .failures
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
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
    let shown: Vec<String> = report
        .failures
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
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

/// A user's `fact` capture that takes in white space gives the fact without it: span and text start and end on
/// the words.
#[test]
fn fact_captures_are_trimmed_of_white_space() {
    let file = r#"
family = "percentages"
type = "percentage"

[[rule]]
id = "percentages/spaced"
pattern = '(?P<fact>\s+(?P<number>[0-9]+) percent\s*)'
normalizer = "percent"
examples = [{ text = "it rose 5 percent  today", match = "5 percent", value = { amount = 5 } }]
"#;
    let rules = RuleSet::from_sources(&[("rules/spaced.toml".into(), file.into())]).unwrap();
    let extractor = Extractor::new(rules);
    let report = ruletest::run(&extractor);
    let shown: Vec<String> = report
        .failures
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    assert_eq!(report.run, 1);
    assert!(shown.is_empty(), "{shown:?}");
    let text = "Title\n\nIt rose 5 percent  today.\n";
    let doc = claimscan::Document::from_str("spaced.txt", text, None);
    let record = serde_json::to_value(extractor.extract(&doc)).unwrap();
    let fact = &record["claims"][0]["facts"][0];
    assert_eq!(fact["text"], "5 percent");
    let start = text.find("5 percent").unwrap();
    assert_eq!(fact["span"]["start"], start);
    assert_eq!(fact["span"]["end"], start + "5 percent".len());
}

#[test]
fn rule_file_errors_are_collected_with_lines() {
    let file = "family = \"dates\"\ntype = \"date\"\n\n[[rule]]\nid = \"dates/a\"\npattern = '{nolexicon}'\nnormalizer = \"date\"\nexamples = [{text = \"x\"}]\n\n[[rule]]\nid = \"dates/b\"\npattern = 'x'\nnormalizer = \"sideways\"\n";
    let errors = RuleSet::from_sources(&[("r.toml".into(), file.into())])
        .unwrap_err()
        .0;
    let shown: Vec<String> = errors
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    assert_eq!(
        shown,
        [
            "r.toml:5: dates/a: unknown lexicon {nolexicon}",
            "r.toml:11: dates/b: unknown normalizer \"sideways\" (date, percent, money, quantity, policy, \
             organization)"
        ]
    );
}

/// A rule file with `n` trivial pattern rules.
fn rules_file(n: usize) -> String {
    let mut f = String::from("family = \"percentages\"\ntype = \"percentage\"\n");
    for i in 0..n {
        f.push_str(&format!(
            "\n[[rule]]\nid = \"percentages/r{i}\"\npattern = '\\b(?P<number>[0-9]+) pct{i}\\b'\nnormalizer = \"percent\"\nexamples = [{{ text = \"5 pct{i}\" }}]\n"
        ));
    }
    f
}

fn errors_of(result: Result<RuleSet, claimscan::RuleErrors>) -> String {
    match result {
        Ok(_) => panic!("the rules compiled"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn caps_on_rule_and_gazetteer_counts_are_clear_errors() {
    let limits = claimscan::Limits {
        rules: 3,
        entities: 2,
        names: 4,
        lexicon_entries: 2,
        ..claimscan::Limits::default()
    };
    let files = vec![
        ("a.toml".to_string(), rules_file(2)),
        ("b.toml".to_string(), rules_file(2).replace("/r", "/s")),
    ];
    let msg = errors_of(RuleSet::from_sources_limited(&files, &limits));
    assert!(msg.contains("b.toml"), "{msg}");
    assert!(msg.contains("more than 3 pattern rules"), "{msg}");

    let entities = r#"
family = "organizations"
type = "organization"

[[entity]]
id = "a"
name = "Alpha Board"
category = "agency"
aliases = ["Alpha", "The Alpha Board"]
acronyms = ["AB"]

[[entity]]
id = "b"
name = "Beta Board"
category = "agency"

[[entity]]
id = "c"
name = "Gamma Board"
category = "agency"

[[lexicon]]
id = "greek"
entries = { alpha = "a", beta = "b", gamma = "c" }
"#;
    let msg = errors_of(RuleSet::from_sources_limited(
        &[("orgs.toml".to_string(), entities.to_string())],
        &limits,
    ));
    assert!(msg.contains("orgs.toml"), "{msg}");
    assert!(msg.contains("more than 2 gazetteer entities"), "{msg}");
    assert!(
        msg.contains("more than 4 gazetteer names, aliases and acronyms"),
        "{msg}"
    );
    assert!(msg.contains("more than 2 lexicon entries"), "{msg}");
}

#[test]
fn a_pattern_too_big_to_compile_is_named_not_built() {
    // A million Unicode word characters: the size cap stops the compiler before the memory is spent.
    let file = rules_file(1).replace(r"(?P<number>[0-9]+)", r"(?P<number>(?:\w{1000}){1000})");
    let msg = errors_of(RuleSet::from_sources(&[("huge.toml".to_string(), file)]));
    assert!(msg.contains("huge.toml"), "{msg}");
    assert!(msg.contains("percentages/r0"), "{msg}");
    assert!(msg.contains("this rule's automaton does not fit"), "{msg}");
    assert!(msg.contains("the automaton budget"), "{msg}");
}

#[test]
fn fragments_that_double_at_every_level_stop_at_the_pattern_cap() {
    let mut file = String::from("family = \"percentages\"\ntype = \"percentage\"\n");
    file.push_str(&format!(
        "\n[[fragment]]\nid = \"f0\"\npattern = '{}'\n",
        "x".repeat(4096)
    ));
    for i in 1..=7 {
        file.push_str(&format!(
            "\n[[fragment]]\nid = \"f{i}\"\npattern = '{{f{}}}{{f{}}}'\n",
            i - 1,
            i - 1
        ));
    }
    file.push_str(
        "\n[[rule]]\nid = \"percentages/blowup\"\npattern = '{f7}{f7}{f7}'\nnormalizer = \"percent\"\nexamples = [{ text = \"x\" }]\n",
    );
    let started = std::time::Instant::now();
    let msg = errors_of(RuleSet::from_sources(&[("blowup.toml".to_string(), file)]));
    assert!(msg.contains("percentages/blowup"), "{msg}");
    assert!(msg.contains("the cap on patterns"), "{msg}");
    assert!(
        started.elapsed().as_secs() < 20,
        "took {:?}",
        started.elapsed()
    );
}

#[cfg(unix)]
#[test]
fn a_rules_folder_reads_nothing_outside_itself() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.toml"), rules_file(1)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.toml"), rules_file(1)).unwrap();
    // A folder link back to itself is not followed (no loop), and a file link out is refused.
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
    assert!(
        RuleSet::from_dir(dir.path()).is_ok(),
        "a link loop is skipped"
    );
    std::os::unix::fs::symlink(
        outside.path().join("secret.toml"),
        dir.path().join("link.toml"),
    )
    .unwrap();
    let msg = errors_of(RuleSet::from_dir(dir.path()));
    assert!(msg.contains("link.toml"), "{msg}");
    assert!(msg.contains("outside the rules folder"), "{msg}");
}

#[test]
fn rule_files_over_the_byte_cap_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.toml");
    // Sparse: the cap is checked on the size before anything is read.
    std::fs::File::create(&big)
        .unwrap()
        .set_len(64 << 20)
        .unwrap();
    let msg = errors_of(RuleSet::from_dir(dir.path()));
    assert!(msg.contains("big.toml"), "{msg}");
    assert!(msg.contains("cap on rule files"), "{msg}");
}

/// A gazetteer of 100,000 entities (about 6 MB, inside the caps) whose last entity repeats the first one's
/// name: the error names the right line. Lines are indexed once per file; counting newlines from the top of
/// the file for every entity scanned about 3·10^11 bytes here (minutes in a release build, far longer in this
/// test build), so this test cannot pass in reasonable time with a quadratic line count.
#[test]
fn a_gazetteer_of_100_000_entities_loads_with_right_lines() {
    let n = 100_000;
    let mut file = String::from("family = \"organizations\"\ntype = \"organization\"\n");
    for i in 0..n {
        let name = if i == n - 1 { 0 } else { i };
        file.push_str(&format!(
            "\n[[entity]]\nid = \"e{i}\"\nname = \"Org {name} Board\"\ncategory = \"agency\"\n"
        ));
    }
    let last = file.find(&format!("id = \"e{}\"", n - 1)).unwrap();
    let line = file[..last].matches('\n').count() + 1;
    let errors = RuleSet::from_sources(&[("big.toml".into(), file)])
        .unwrap_err()
        .0;
    let shown: Vec<String> = errors
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    assert_eq!(
        shown,
        [format!(
            "big.toml:{line}: e{}: alias \"Org 0 Board\" is claimed by two entities (e0 and e{})",
            n - 1,
            n - 1
        )]
    );
}

/// Writes 60 small rule files, each one family of one rule whose pattern is fine alone: a run of up to three
/// Unicode words of up to 50 characters, 2.6 MiB compiled, twice (alone and as its family). Together they
/// pass the automaton budget; under a cap per automaton they all compiled (60 such files of 9 rules each
/// took 3.4 GB and a minute).
fn rules_heavy_together(dir: &std::path::Path) {
    for f in 0..60 {
        let file = format!(
            r#"family = "f{f:02}"
type = "organization"

[[rule]]
id = "f{f:02}/words"
pattern = '(?P<name>\w{{1,50}}(?:\s+\w{{1,50}}){{0,2}}) Zq{f}\b'
normalizer = "organization"
set = {{ category = "company" }}
examples = [{{ text = "Acme Zq{f}" }}]
"#
        );
        std::fs::write(dir.join(format!("f{f:02}.toml")), file).unwrap();
    }
}

/// Run by [`rule_files_too_big_together_stop_at_the_automaton_budget`] in a process of its own: loads the
/// folder it is given and prints the error and the process's peak resident memory.
#[test]
#[ignore = "a child process of rule_files_too_big_together_stop_at_the_automaton_budget"]
fn load_rules_and_report_peak_memory() {
    let Some(dir) = std::env::var_os("CLAIMSCAN_LOAD_RULES") else {
        return;
    };
    let msg = errors_of(RuleSet::from_dir(std::path::Path::new(&dir)));
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let peak = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    println!("ERROR {msg}\n{peak}");
}

#[cfg(target_os = "linux")]
#[test]
fn rule_files_too_big_together_stop_at_the_automaton_budget() {
    let dir = tempfile::tempdir().unwrap();
    rules_heavy_together(dir.path());
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "rules::load_rules_and_report_peak_memory",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("CLAIMSCAN_LOAD_RULES", dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let msg = stdout
        .lines()
        .find_map(|l| l.split_once("ERROR ").map(|(_, m)| m))
        .unwrap_or_else(|| panic!("no error reported: {stdout}"));
    assert_eq!(msg.lines().count(), 1, "one error: {msg}");
    assert!(
        msg.contains(
            "the compiled rules would take more than the automaton budget of 128.0 MiB (134217728 bytes, \
             Limits::automata_bytes, for all automata together)"
        ),
        "{msg}"
    );
    // The biggest parts are families, named with their files and sizes (each rule's capturing automaton: the
    // family's leftmost-first one is built on first use, not at load).
    let parts = msg.split_once("; the biggest parts: ").map(|(_, p)| p);
    let parts = parts.unwrap_or_else(|| panic!("no parts named: {msg}"));
    let parts: Vec<&str> = parts.split(", ").collect();
    assert_eq!(parts.len(), 5, "{msg}");
    for p in parts {
        assert!(
            p.starts_with("family \"f") && p.ends_with(".toml) 2.5 MiB"),
            "{p}"
        );
    }
    let peak_kb: u64 = stdout
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("no peak memory reported: {stdout}"));
    // Loading stops at the budget (128 MiB) plus the engines' transient build memory, far from gigabytes.
    assert!(peak_kb < 512 * 1024, "peak resident memory {peak_kb} kB");
}

/// A failing example of megabytes, or one that yields thousands of facts, gives a short message that says
/// how big the text was.
#[test]
fn a_huge_failing_example_is_shown_short_with_its_size() {
    let huge = "Zzz ".repeat(7 << 18);
    let many = "5 percent, ".repeat(10_000);
    let file = format!(
        r#"
family = "percentages"
type = "percentage"

[[rule]]
id = "percentages/huge"
pattern = '\b(?P<number>[0-9]+) percent\b'
normalizer = "percent"
examples = [{{ text = '{huge}' }}, {{ text = '{many}', match = "5 percent", value = {{ amount = 6 }} }}]
counter_examples = ['{many}']
"#
    );
    let rules = RuleSet::from_sources(&[("rules/huge.toml".into(), file)]).unwrap();
    let report = ruletest::run(&Extractor::new(rules));
    let shown: Vec<String> = report
        .failures
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    assert_eq!(
        shown.len(),
        3,
        "{:?}",
        shown
            .iter()
            .map(std::string::String::len)
            .collect::<Vec<_>>()
    );
    for s in &shown {
        assert!(s.len() < 2000, "{} bytes: {}", s.len(), &s[..2000]);
    }
    assert!(
        shown[0].starts_with(&format!(
            "rules/huge.toml:6: percentages/huge: example \"{}…\" (7.0 MiB, truncated): expected \"",
            "Zzz ".repeat(50)
        )),
        "{}",
        shown[0]
    );
    assert!(shown[0].ends_with("got no facts"), "{}", shown[0]);
    assert!(shown[1].contains("(107.4 KiB, truncated)"), "{}", shown[1]);
    assert!(shown[1].contains("and 9995 more"), "{}", shown[1]);
    assert!(
        shown[2].contains("counter-example \"5 percent, "),
        "{}",
        shown[2]
    );
    assert!(shown[2].contains("and 9995 more"), "{}", shown[2]);
}

/// A copy of the shipped `rules/` folder in a temporary folder, for tests that change a rule file.
fn copy_of_the_rules() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(manifest_dir().join("rules")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "toml") {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    dir
}

/// Replaces the one occurrence of `old` in `dir/file`.
fn edit(dir: &Path, file: &str, old: &str, new: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches(old).count(), 1, "{old:?} in {file}");
    std::fs::write(&path, text.replacen(old, new, 1)).unwrap();
}

/// `rules check --rules DIR` on a copy of the rules with one file of typos: a misspelt `set` key, an unknown
/// kind, a capture the normalizer does not read and an unknown normalizer, each refused at its rule's line.
#[test]
fn rules_check_refuses_unknown_set_keys_kinds_captures_and_normalizers() {
    let dir = copy_of_the_rules();
    let typos = r#"family = "dates"
type = "date"

[[rule]]
id = "dates/typo-key"
pattern = '\bfrom (?P<month>{month}) to (?P<month_end>{month})\b'
normalizer = "date"
set = { knid = "range" }
examples = [{ text = "from March to May" }]

[[rule]]
id = "dates/typo-kind"
pattern = '\bfrom (?P<month>{month}) until (?P<month_end>{month})\b'
normalizer = "date"
set = { kind = "rnage" }
examples = [{ text = "from March until May" }]

[[rule]]
id = "dates/typo-capture"
pattern = '\bin (?P<yaer>[12][0-9]{3})\b'
normalizer = "date"
examples = [{ text = "in 2026" }]

[[rule]]
id = "dates/typo-normalizer"
pattern = '\bon (?P<day>[0-9]{1,2}) (?P<month>{month})\b'
normalizer = "dates"
examples = [{ text = "on 3 March" }]
"#;
    std::fs::write(dir.path().join("typos.toml"), typos).unwrap();
    let out = claimscan()
        .args(["rules", "check", "--rules"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let file = dir.path().join("typos.toml").display().to_string();
    let lines: Vec<&str> = stderr.lines().collect();
    let expected = [
        format!(
            "{file}:5: dates/typo-key: unknown set key \"knid\" (did you mean \"kind\"?): the date normalizer \
             reads kind, mod, timex, count, rel"
        ),
        format!(
            "{file}:12: dates/typo-kind: set.kind \"rnage\" is not a date kind (did you mean \"range\"?) (point, \
             range, week_of, duration, set, ago, earlier, later, rest, next_n, past_n, within, from_now, in_n, \
             compound, compound_ago, compound_within, time, holiday, reference)"
        ),
        format!(
            "{file}:19: dates/typo-capture: unknown capture \"yaer\" (did you mean \"year\"?): the date normalizer \
             reads year, month, month_num, day, weekday, quarter, half, season, decade, decade2, century, fy, \
             fy_yy, rel, week_rel, year_rel, deictic, date_unit (each also with _end), hour, minute, second, ampm, \
             tz, part_of_day, holiday, count, date_mod, dur_mod, set_word, yy_end, besides fact and reject"
        ),
        format!(
            "{file}:25: dates/typo-normalizer: unknown normalizer \"dates\" (did you mean \"date\"?) (date, \
             percent, money, quantity, policy, organization)"
        ),
        "claimscan: 4 rule-file error(s)".to_string(),
    ];
    assert_eq!(lines, expected);
    // The shipped rules themselves pass.
    std::fs::remove_file(dir.path().join("typos.toml")).unwrap();
    let out = claimscan()
        .args(["rules", "check", "--rules"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The `set` keys of the shipped rules are read by their normalizers: misspelling one in a copy of a shipped
/// file is a load error at that rule (it used to be silently ignored: `knid` made every range a point).
#[test]
fn a_misspelt_key_in_a_shipped_file_is_an_error_at_its_rule() {
    let dir = copy_of_the_rules();
    edit(
        dir.path(),
        "percentages.toml",
        r#"set = { unit = "basis_point" }"#,
        r#"set = { uint = "basis_point" }"#,
    );
    let text = std::fs::read_to_string(dir.path().join("percentages.toml")).unwrap();
    let at = text.find(r"set = { uint").unwrap();
    let id_line = text[..at]
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("id = "))
        .last()
        .map(|(i, _)| i + 1)
        .unwrap();
    let errors = RuleSet::from_dir(dir.path()).unwrap_err().0;
    let shown: Vec<String> = errors
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    assert_eq!(shown.len(), 1, "{shown:?}");
    let file = dir.path().join("percentages.toml").display().to_string();
    assert!(
        shown[0].starts_with(&format!(
            "{file}:{id_line}: percentages/basis-points: unknown set key \"uint\" (did you mean \"unit\"?)"
        )),
        "{}",
        shown[0]
    );
}

/// Number words are data: `"dozen" = 12` added to the `number_word` lexicon of a copy of the rules makes
/// "dozen agencies" a quantity of 12, through the `{num}` fragment and the number parser alike; the shipped
/// rules know no dozen.
#[test]
fn a_number_word_added_to_the_lexicon_is_read_end_to_end() {
    let quantities = |extractor: &Extractor, text: &str| -> Vec<(String, f64, String)> {
        let doc = claimscan::Document::from_str("dozen.txt", &format!("News\n\n{text}\n"), None);
        let record = serde_json::to_value(extractor.extract(&doc)).unwrap();
        record["claims"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["facts"].as_array().unwrap())
            .filter(|f| f["type"] == "quantity")
            .map(|f| {
                (
                    f["text"].as_str().unwrap().to_string(),
                    f["value"]["amount"].as_f64().unwrap(),
                    f["value"]["unit"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let shipped = crate::common::extractor();
    assert_eq!(quantities(shipped, "A dozen agencies met."), []);
    let dir = copy_of_the_rules();
    edit(
        dir.path(),
        "lexicons.toml",
        "id = \"number_word\"\n[lexicon.entries]\n",
        "id = \"number_word\"\n[lexicon.entries]\n\"dozen\" = 12\n",
    );
    let extractor = Extractor::new(RuleSet::from_dir(dir.path()).unwrap_or_else(|e| panic!("{e}")));
    for (text, fact) in [
        ("A dozen agencies met.", "dozen agencies"),
        ("Dozen agencies met.", "Dozen agencies"),
    ] {
        assert_eq!(
            quantities(&extractor, text),
            [(fact.to_string(), 12.0, "agencies".to_string())],
            "{text}"
        );
    }
    // Digits and the other words are read as before.
    assert_eq!(
        quantities(
            &extractor,
            "Twenty-four agencies and 7 of 23 companies met."
        ),
        [
            (
                "Twenty-four agencies".to_string(),
                24.0,
                "agencies".to_string()
            ),
            (
                "7 of 23 companies".to_string(),
                7.0,
                "companies".to_string()
            )
        ]
    );
}

/// The policy facts of a document, as (text, id).
fn policy_facts(extractor: &Extractor, text: &str) -> Vec<(String, Option<String>)> {
    let doc = claimscan::Document::from_str("eo.txt", text, None);
    let record = serde_json::to_value(extractor.extract(&doc)).unwrap();
    record["claims"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["facts"].as_array().unwrap())
        .filter(|f| f["type"] == "policy")
        .map(|f| {
            (
                f["text"].as_str().unwrap().to_string(),
                f["value"]["id"].as_str().map(str::to_string),
            )
        })
        .collect()
}

/// Reference resolution reads its phrases and templates from the `[coref]` section of `rules/policy.toml`: a
/// copy of the rules with another self-reference phrase no longer takes "it is hereby ordered" for an order of
/// its own (its "order" names nothing and is dropped, its section belongs to nothing), and takes the new phrase
/// instead; another provision template gives other ids.
#[test]
fn coref_phrases_and_templates_come_from_the_rule_files() {
    let text = |phrase: &str| {
        format!(
            "Advancing Widget Safety\n\nBy the authority vested in me, {phrase} as follows:\n\n\
             Sec. 2. Policy. The order directs agencies to act.\n"
        )
    };
    let own = |section: &str| {
        vec![
            (
                "Sec. 2".to_string(),
                Some(format!("eo-advancing-widget-safety{section}")),
            ),
            (
                "order".to_string(),
                Some("eo-advancing-widget-safety".to_string()),
            ),
        ]
    };
    let shipped = crate::common::extractor();
    assert_eq!(
        policy_facts(shipped, &text("it is hereby ordered")),
        own("/sec-2")
    );
    assert_eq!(
        policy_facts(shipped, &text("it is further ordered")),
        [("Sec. 2".to_string(), None)]
    );

    let dir = copy_of_the_rules();
    edit(
        dir.path(),
        "policy.toml",
        r#"opening = ["it is hereby ordered", "By the authority vested in me as President"]"#,
        r#"opening = ["it is further ordered"]"#,
    );
    edit(
        dir.path(),
        "policy.toml",
        r#"id = "{instrument}/sec-{section|slug}""#,
        r#"id = "{instrument}#section-{section|slug}""#,
    );
    let changed = Extractor::new(RuleSet::from_dir(dir.path()).unwrap_or_else(|e| panic!("{e}")));
    assert_eq!(
        policy_facts(&changed, &text("it is hereby ordered")),
        [("Sec. 2".to_string(), None)]
    );
    assert_eq!(
        policy_facts(&changed, &text("it is further ordered")),
        own("#section-2")
    );
}

/// `rules check` refuses a `[coref]` section with an unknown template variable, and a rule that needs a link
/// when there is no `[coref]` section to link it.
#[test]
fn coref_sections_and_links_are_checked_at_load() {
    let dir = copy_of_the_rules();
    edit(
        dir.path(),
        "policy.toml",
        r#"name = "{name} of {instrument_name}""#,
        r#"name = "{name} of {instrument_nmae}""#,
    );
    let policy = dir.path().join("policy.toml");
    let line = std::fs::read_to_string(&policy)
        .unwrap()
        .lines()
        .position(|l| l == "[coref]")
        .unwrap()
        + 1;
    let shown = RuleSet::from_dir(dir.path()).unwrap_err().to_string();
    assert_eq!(
        shown,
        format!(
            "{}:{line}: [coref]: provision.name: template variable \"instrument_nmae\" is not one of instrument, \
             instrument_name, section, name",
            policy.display()
        )
    );
    let file = r#"family = "policy"
type = "policy"

[[rule]]
id = "policy/the-order"
pattern = '\bthe (?P<fact>order)\b'
normalizer = "policy"
set = { category = "executive_order", link = "required" }
examples = [{ text = "the order", match = "order" }]
"#;
    let shown = RuleSet::from_sources(&[("p.toml".into(), file.into())])
        .unwrap_err()
        .to_string();
    assert_eq!(
        shown,
        "p.toml:5: policy/the-order: set.link = \"required\" needs a [coref] section (see rules/policy.toml)"
    );
}
