//! Number conformance: the English number, range and percentage cases of Microsoft Recognizers-Text.
//!
//! The cases live in `../shared/conformance/recognizers-text/Number/English/`, four files: `NumberModel`,
//! `NumberRangeModel`, `PercentModel` and `PercentModelPercentMode` (`.json`, read tolerating a UTF-8
//! byte-order mark). When `../shared` is absent the tests fail, unless `CLAIMSCAN_ALLOW_SKIP=1` (see `common::shared_dir`).
//!
//! # Scope
//!
//! Cases outside claimscan's scope are listed with a reason in `tests/conformance/numbers-out-of-scope.tsv`
//! (`file<TAB>input<TAB>reason`, sorted by file, then by the input's first position in that file; an entry
//! covers every case of that file with that exact input). Out of scope: ordinals (`tenth`, `the
//! fifteenth`), fractions and ratios in words beyond halves and quarters (`two thirds`, `ninety - five
//! hundred fifths`, `one over three`, `two out of five hundred`), spoken digit strings (`three-nought-four`),
//! shorthand multipliers (`10k`, `10M`, `1.2b`, `bln`, `dozen`), non-English formats (`lakh`, `crore`,
//! `12,34,567`, decimal commas), math expressions (`>30`, `=>30`, `1e10`, `1.1^23`), equality phrasings
//! (`equal to 20`), phone numbers, and percentages whose expected value is `null` (nothing to check). Every
//! other case is in scope and is scored: plain numbers in digits or words, thousands separators, decimals,
//! negatives, digit fractions (`3/4`), halves and quarters (`a half`, `three quarters`), ranges and bounds.
//! Nothing is dropped silently, and a listed input that no longer exists in its spec file (a stale entry),
//! a duplicate, an empty reason or an entry out of order fails [`numbers_out_of_scope_list_is_current`].
//!
//! # Running a case
//!
//! * `NumberModel`: [`find_numbers`] on the input: every number expression, found by a regular expression of
//!   English number words and read by [`claimscan::extract::number_words::parse`] with the shipped lexicons.
//! * `NumberRangeModel`: [`find_ranges`] on the input: ranges and bounds (`between 15 and 20`, `from 200 to
//!   300`, `more than 5000`, `up to 700`, `five hundred or less`) over the same numbers.
//! * `PercentModel*`: the input is one sentence (`Extractor::analyze_sentence`) of a document without a
//!   publication date; only facts of type `percentage` count.
//!
//! Their offsets (`Start`) count UTF-16 code units; ours (bytes for the finders, code points for facts) are
//! converted to UTF-16 units of the input before comparing, so inputs with `U+202F` and the like line up.
//!
//! # Pass criteria
//!
//! A case passes when every one of its expected results is found; a case whose `Results` is empty (a trap)
//! passes when we find nothing at all (no number, no range, no percentage). Extra findings beside the
//! expected ones do not fail a case that expects something.
//!
//! An expected result is found when one of ours starts at its `Start` with the same text, ignoring case,
//! and its value agrees:
//!
//! * **number**: `Resolution.value` (a decimal string, possibly in E notation) equals our value within a
//!   relative tolerance of 1e-9;
//! * **range**: `Resolution.value` (`[170,170]`, `(,500]`, `(190,)`, `[200,3000000)`) has the same bounds
//!   (each open on both sides, or both present and equal within 1e-9 relative) and, for each present bound,
//!   the same inclusivity (`[`/`]` inclusive, `(`/`)` exclusive);
//! * **percentage**: `Resolution.value` (`100%`, `-5%`, `33.3333333333333%`) equals our `amount` within a
//!   relative tolerance of 1e-6, and our unit is `percent`. A percentage case whose expected value is
//!   `null` and is not listed out of scope fails.
//!
//! # Output
//!
//! Percentages have no floor: [`percent_cases_all_pass`] fails on any failing in-scope case. The number and
//! range files are scored separately (in-scope cases, passed, rate, out of scope) against the floors in
//! `tests/conformance/numbers-floor.toml` ([`number_models_meet_floors`]); each floor only rises, and the test
//! says when one can. Set `CLAIMSCAN_CONFORMANCE_FAILURES=1` to print every failing case (one tab-separated
//! `FAIL` line each: file, kind, input, expected, what we found); the kind is `missed` (nothing of ours
//! overlaps), `span` (ours overlaps but with other bounds), `value` (same text, other value) or `spurious`
//! (a trap where we found something).

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::common::extractor;
use crate::scope::{self, Scores, Suite, parse_out_of_scope, sentence_facts};
use claimscan::extract::number_words::parse;
use claimscan::record::{FactType, PercentValue, Value};
use claimscan::rules::NumberWords;
use regex_automata::meta::Regex;
use serde_json::Value as Json;

/// The spec files, in report and TSV order.
const FILES: [&str; 4] = [
    NUMBER_FILE,
    RANGE_FILE,
    "PercentModel.json",
    "PercentModelPercentMode.json",
];
const NUMBER_FILE: &str = "NumberModel.json";
const RANGE_FILE: &str = "NumberRangeModel.json";

/// Relative tolerance for numbers and range bounds.
const NUMBER_TOLERANCE: f64 = 1e-9;
/// Relative tolerance for percentages (their values are printed with 15 significant digits).
const PERCENT_TOLERANCE: f64 = 1e-6;

/// The spec files and the out-of-scope list.
const SUITE: Suite<Case> = Suite {
    folder: "Number/English",
    files: &FILES,
    out_of_scope: "numbers-out-of-scope.tsv",
    floors: "numbers-floor.toml",
    parse: parse_case,
    input: |c| &c.input,
};

// ---------------------------------------------------------------------------------------------------------
// Spec files

/// One spec case.
#[derive(Debug)]
struct Case {
    input: String,
    results: Vec<Expected>,
}

/// One expected result of a case.
#[derive(Debug)]
struct Expected {
    text: String,
    /// UTF-16 offset in the input.
    start: usize,
    /// `Resolution.value`, when not null.
    value: Option<String>,
}

fn parse_case(c: &Json) -> Case {
    let input = c["Input"].as_str().expect("Input").to_string();
    let results = c["Results"]
        .as_array()
        .map(|rs| rs.iter().map(parse_expected).collect())
        .unwrap_or_default();
    Case { input, results }
}

fn parse_expected(r: &Json) -> Expected {
    let value = r["Resolution"]["value"]
        .as_str()
        .filter(|v| !v.eq_ignore_ascii_case("null"))
        .map(str::to_string);
    Expected {
        text: r["Text"].as_str().expect("Text").to_string(),
        start: r["Start"].as_u64().expect("Start") as usize,
        value,
    }
}

// ---------------------------------------------------------------------------------------------------------
// The out-of-scope list and the floors

/// The checked-in floors, by spec file.
fn load_floors() -> HashMap<&'static str, f64> {
    let files = [NUMBER_FILE, RANGE_FILE];
    let floors = SUITE.load_floors(&files.map(floor_key));
    files.into_iter().zip(floors).collect()
}

/// The key of a file's floor: its name without `.json`.
fn floor_key(file: &str) -> &str {
    file.strip_suffix(".json").unwrap_or(file)
}

// ---------------------------------------------------------------------------------------------------------
// Offsets and values

/// The UTF-16 offset of byte offset `byte` of `text`.
fn utf16_of_byte(text: &str, byte: usize) -> usize {
    text[..byte].encode_utf16().count()
}

/// The UTF-16 offset of code-point offset `chars` of `text`.
fn utf16_of_char(text: &str, chars: usize) -> usize {
    text.chars().take(chars).map(char::len_utf16).sum()
}

/// Whether two values agree within a relative tolerance (exactly, when one is zero).
fn close(a: f64, b: f64, tolerance: f64) -> bool {
    a == b || (a - b).abs() <= tolerance * a.abs().max(b.abs())
}

/// A Recognizers number value: `192`, `0.23456`, `-1.2732E+15`.
fn parse_number_value(v: &str) -> Option<f64> {
    v.trim().parse().ok()
}

/// A Recognizers percentage value: `100%`, `-5%`, `33.3333333333333%`.
fn parse_percent_value(v: &str) -> Option<f64> {
    parse_number_value(v.trim().strip_suffix('%')?)
}

/// A range: each bound is a value and whether it is included; `None` is open.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Bounds {
    low: Option<(f64, bool)>,
    high: Option<(f64, bool)>,
}

/// A Recognizers range value: `[170,170]`, `(,500]`, `(190,)`, `[200,3000000)`.
fn parse_range_value(v: &str) -> Option<Bounds> {
    let v = v.trim();
    let low_inclusive = match v.chars().next()? {
        '[' => true,
        '(' => false,
        _ => return None,
    };
    let high_inclusive = match v.chars().last()? {
        ']' => true,
        ')' => false,
        _ => return None,
    };
    let inner = v.get(1..v.len() - 1)?;
    let (low, high) = inner.split_once(',')?;
    let bound = |s: &str, inclusive: bool| -> Option<Option<(f64, bool)>> {
        let s = s.trim();
        if s.is_empty() {
            Some(None)
        } else {
            Some(Some((parse_number_value(s)?, inclusive)))
        }
    };
    Some(Bounds {
        low: bound(low, low_inclusive)?,
        high: bound(high, high_inclusive)?,
    })
}

/// Whether two ranges have the same bounds and, for present bounds, the same inclusivity.
fn bounds_agree(ours: &Bounds, theirs: &Bounds) -> bool {
    let side = |a: Option<(f64, bool)>, b: Option<(f64, bool)>| match (a, b) {
        (None, None) => true,
        (Some((x, xi)), Some((y, yi))) => xi == yi && close(x, y, NUMBER_TOLERANCE),
        _ => false,
    };
    side(ours.low, theirs.low) && side(ours.high, theirs.high)
}

/// Prints a range the way Recognizers does.
fn show_bounds(b: &Bounds) -> String {
    let (open, low) = match b.low {
        Some((v, inc)) => (if inc { '[' } else { '(' }, v.to_string()),
        None => ('(', String::new()),
    };
    let (close, high) = match b.high {
        Some((v, inc)) => (if inc { ']' } else { ')' }, v.to_string()),
        None => (')', String::new()),
    };
    format!("{open}{low},{high}{close}")
}

// ---------------------------------------------------------------------------------------------------------
// Running and scoring

/// One finding of ours, as the comparison sees it.
#[derive(Debug, Clone, PartialEq)]
struct Ours {
    text: String,
    /// UTF-16 offsets in the input.
    start: usize,
    end: usize,
    value: Found,
}

/// The value of one of our findings.
#[derive(Debug, Clone, PartialEq)]
enum Found {
    Number(f64),
    Range(Bounds),
    /// A percentage: its amount (absent for a range) and its unit.
    Percent(Option<f64>, String),
}

impl std::fmt::Display for Ours {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}@{} = ", self.text, self.start)?;
        match &self.value {
            Found::Number(v) => write!(f, "{v}"),
            Found::Range(b) => write!(f, "{}", show_bounds(b)),
            Found::Percent(Some(v), unit) => write!(f, "{v} {unit}"),
            Found::Percent(None, unit) => write!(f, "(range) {unit}"),
        }
    }
}

/// The amount of a percentage fact.
fn percent_amount(v: &PercentValue) -> Option<f64> {
    v.amount
}

fn run_case(file: &str, input: &str) -> Vec<Ours> {
    let by_bytes = |start: usize, end: usize, value: Found| Ours {
        text: input[start..end].to_string(),
        start: utf16_of_byte(input, start),
        end: utf16_of_byte(input, end),
        value,
    };
    match file {
        NUMBER_FILE => find_numbers(input)
            .into_iter()
            .map(|m| by_bytes(m.start, m.end, Found::Number(m.value)))
            .collect(),
        RANGE_FILE => find_ranges(input)
            .into_iter()
            .map(|r| {
                let bounds = Bounds {
                    low: r.low.map(|v| (v, r.low_inclusive)),
                    high: r.high.map(|v| (v, r.high_inclusive)),
                };
                by_bytes(r.start, r.end, Found::Range(bounds))
            })
            .collect(),
        _ => {
            let (doc, facts) = sentence_facts(input, None, FactType::Percentage);
            facts
                .iter()
                .map(|f| {
                    let value = match &f.value {
                        Value::Percentage(p) => Found::Percent(percent_amount(p), p.unit.clone()),
                        _ => Found::Percent(None, String::new()),
                    };
                    Ours {
                        text: f.text.clone(),
                        start: utf16_of_char(&doc.text, f.location.chars.start()),
                        end: utf16_of_char(&doc.text, f.location.chars.end()),
                        value,
                    }
                })
                .collect()
        }
    }
}

/// Whether our value agrees with their `Resolution.value` (see the module docs).
fn value_agrees(ours: &Found, theirs: &str) -> bool {
    match ours {
        Found::Number(v) => {
            parse_number_value(theirs).is_some_and(|t| close(*v, t, NUMBER_TOLERANCE))
        }
        Found::Range(b) => parse_range_value(theirs).is_some_and(|t| bounds_agree(b, &t)),
        Found::Percent(v, unit) => {
            unit == "percent"
                && v.zip(parse_percent_value(theirs))
                    .is_some_and(|(v, t)| close(v, t, PERCENT_TOLERANCE))
        }
    }
}

/// How an expected result failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Kind {
    /// Their value is `null`: nothing to check (list the case out of scope).
    NoValue,
    /// Nothing of ours overlaps their text.
    Missed,
    /// Something of ours overlaps their text with other bounds.
    Span,
    /// Same text, another value.
    Value,
    /// They expect nothing; we found something.
    Spurious,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::NoValue => "no-value",
            Kind::Missed => "missed",
            Kind::Span => "span",
            Kind::Value => "value",
            Kind::Spurious => "spurious",
        }
    }
}

/// How one expected result fares against our findings: `None` when found.
fn check_expected(ours: &[Ours], exp: &Expected) -> Option<Kind> {
    let Some(value) = &exp.value else {
        return Some(Kind::NoValue);
    };
    let same_text =
        |o: &&Ours| o.start == exp.start && o.text.to_lowercase() == exp.text.to_lowercase();
    let matching: Vec<&Ours> = ours.iter().filter(same_text).collect();
    if matching.iter().any(|o| value_agrees(&o.value, value)) {
        return None;
    }
    if !matching.is_empty() {
        return Some(Kind::Value);
    }
    let end = exp.start + exp.text.encode_utf16().count();
    if ours.iter().any(|o| o.start < end && exp.start < o.end) {
        Some(Kind::Span)
    } else {
        Some(Kind::Missed)
    }
}

/// The outcome of one in-scope case.
struct Outcome {
    /// `None` when it passed; else the kind of its first failing result.
    failure: Option<Kind>,
    /// For a failure: what was expected and what we found.
    detail: String,
}

fn score_case(file: &str, case: &Case) -> Outcome {
    let ours = run_case(file, &case.input);
    let found = || {
        if ours.is_empty() {
            "nothing".to_string()
        } else {
            ours.iter()
                .map(Ours::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        }
    };
    if case.results.is_empty() {
        return Outcome {
            failure: (!ours.is_empty()).then_some(Kind::Spurious),
            detail: format!("expected nothing\tfound {}", found()),
        };
    }
    let mut failure = None;
    let mut missing = Vec::new();
    for exp in &case.results {
        if let Some(kind) = check_expected(&ours, exp) {
            failure.get_or_insert(kind);
            missing.push(format!(
                "{:?}@{} = {}",
                exp.text,
                exp.start,
                exp.value.as_deref().unwrap_or("null")
            ));
        }
    }
    Outcome {
        failure,
        detail: format!("expected {}\tfound {}", missing.join("; "), found()),
    }
}

/// Scores the in-scope cases of the given files, or `None` when the specs are absent.
fn score_files(files: &[&str]) -> Option<Scores> {
    let specs = SUITE.load()?;
    let in_files = specs.iter().filter(|(f, _)| files.contains(f));
    Some(SUITE.score(in_files, |file, case| {
        let outcome = score_case(file, case);
        outcome.failure.map(|kind| {
            format!(
                "FAIL\t{file}\t{}\t{}\t{}",
                kind.name(),
                case.input.replace(['\t', '\n'], " "),
                outcome.detail
            )
        })
    }))
}

// ---------------------------------------------------------------------------------------------------------
// The tests

#[test]
fn numbers_out_of_scope_list_is_current() {
    SUITE.assert_out_of_scope_list_is_current();
}

#[test]
fn percent_cases_all_pass() {
    let Some(Scores { tallies, failures }) =
        score_files(&["PercentModel.json", "PercentModelPercentMode.json"])
    else {
        return;
    };
    scope::print_table(
        "percentage conformance (Recognizers-Text English)",
        30,
        &tallies,
    );
    scope::show_failures(&failures);
    assert!(
        failures.is_empty(),
        "{} in-scope percentage case(s) fail (no floor: all must pass):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn number_models_meet_floors() {
    let Some(Scores { tallies, failures }) = score_files(&[NUMBER_FILE, RANGE_FILE]) else {
        return;
    };
    scope::print_table(
        "number conformance (Recognizers-Text English)",
        30,
        &tallies,
    );
    scope::show_failures(&failures);
    let floors = load_floors();
    let mut below = Vec::new();
    for (file, t) in &tallies {
        let floor = floors[file];
        let rate = t.rate();
        eprintln!("{file}: floor {floor:.2}, in-scope rate {rate:.4}");
        if !SUITE.meets_floor(rate, floor, floor_key(file)) {
            below.push(format!(
                "{file}: {rate:.4} < {floor:.2} ({} of {} in-scope cases pass)",
                t.passed, t.in_scope
            ));
        }
    }
    assert!(
        below.is_empty(),
        "number conformance fell below the floor:\n{}",
        below.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------------------
// The comparison itself

#[test]
fn utf16_offsets() {
    let s = "40\u{202f}000 is 40 000";
    assert_eq!(utf16_of_byte(s, 0), 0);
    // U+202F is three bytes, one UTF-16 unit.
    assert_eq!(utf16_of_byte(s, "40\u{202f}".len()), 3);
    assert_eq!(utf16_of_byte(s, s.len()), 16);
    assert_eq!(utf16_of_char(s, 3), 3);
    // An astral character is two UTF-16 units.
    assert_eq!(utf16_of_char("\u{1d7d9} one", 2), 3);
    assert_eq!(utf16_of_byte("\u{1d7d9} one", 5), 3);
}

#[test]
fn number_values_compare_relatively() {
    assert_eq!(parse_number_value("192"), Some(192.0));
    assert_eq!(parse_number_value("0.23456"), Some(0.23456));
    assert_eq!(parse_number_value("-1.2732E+15"), Some(-1.2732e15));
    assert_eq!(parse_number_value("1E-07"), Some(1e-7));
    assert_eq!(parse_number_value("null"), None);
    let v = parse_number_value("103.666666666667").unwrap();
    assert!(close(100.0 + 11.0 / 3.0, v, NUMBER_TOLERANCE));
    assert!(close(0.0, 0.0, NUMBER_TOLERANCE));
    assert!(!close(0.0, 1e-12, NUMBER_TOLERANCE));
    assert!(!close(1234567.0, 1234568.0, NUMBER_TOLERANCE));
    assert!(close(1414021100.0, 1414021100.000_000_1, NUMBER_TOLERANCE));
    assert!(value_agrees(&Found::Number(-1.0), "-1"));
    assert!(!value_agrees(&Found::Number(1.0), "-1"));
    assert!(!value_agrees(&Found::Number(1.0), "one"));
}

#[test]
fn percent_values_compare_relatively() {
    assert_eq!(parse_percent_value("100%"), Some(100.0));
    assert_eq!(parse_percent_value("-5%"), Some(-5.0));
    assert_eq!(parse_percent_value("100"), None);
    assert_eq!(parse_percent_value("null"), None);
    let pct = |v: f64| Found::Percent(Some(v), "percent".to_string());
    assert!(value_agrees(&pct(100.0 / 3.0), "33.3333333333333%"));
    assert!(value_agrees(&pct(-5.0), "-5%"));
    assert!(!value_agrees(&pct(5.0), "-5%"));
    assert!(!value_agrees(&pct(33.4), "33.3333333333333%"));
    assert!(!value_agrees(
        &Found::Percent(Some(5.0), "percentage_point".to_string()),
        "5%"
    ));
    assert!(!value_agrees(
        &Found::Percent(None, "percent".to_string()),
        "5%"
    ));
}

#[test]
fn range_values_compare_bounds_and_inclusivity() {
    let b = |low: Option<(f64, bool)>, high: Option<(f64, bool)>| Bounds { low, high };
    assert_eq!(
        parse_range_value("[170,170]"),
        Some(b(Some((170.0, true)), Some((170.0, true))))
    );
    assert_eq!(
        parse_range_value("(,500]"),
        Some(b(None, Some((500.0, true))))
    );
    assert_eq!(
        parse_range_value("(190,)"),
        Some(b(Some((190.0, false)), None))
    );
    assert_eq!(
        parse_range_value("[200,3000000)"),
        Some(b(Some((200.0, true)), Some((3e6, false))))
    );
    assert_eq!(
        parse_range_value("(0.25,0.5)"),
        Some(b(Some((0.25, false)), Some((0.5, false))))
    );
    assert_eq!(
        parse_range_value("[-10,15)").unwrap().low,
        Some((-10.0, true))
    );
    for bad in ["", "170", "[170,170", "{1,2}", "[a,2]", "[1;2]"] {
        assert_eq!(parse_range_value(bad), None, "{bad}");
    }
    let theirs = parse_range_value("[20,30)").unwrap();
    assert!(bounds_agree(
        &b(Some((20.0, true)), Some((30.0, false))),
        &theirs
    ));
    assert!(!bounds_agree(
        &b(Some((20.0, true)), Some((30.0, true))),
        &theirs
    ));
    assert!(!bounds_agree(
        &b(Some((20.0, false)), Some((30.0, false))),
        &theirs
    ));
    assert!(!bounds_agree(&b(Some((20.0, true)), None), &theirs));
    assert!(!bounds_agree(
        &b(Some((21.0, true)), Some((30.0, false))),
        &theirs
    ));
    // An open side ignores our inclusivity flag.
    let theirs = parse_range_value("(,700]").unwrap();
    assert!(bounds_agree(&b(None, Some((700.0, true))), &theirs));
    assert!(value_agrees(
        &Found::Range(b(None, Some((700.0, true)))),
        "(,700]"
    ));
    assert_eq!(show_bounds(&theirs), "(,700]");
    assert_eq!(
        show_bounds(&b(Some((200.0, true)), Some((3e6, false)))),
        "[200,3000000)"
    );
}

#[test]
fn expected_results_are_classified() {
    let ours = |text: &str, start: usize, value: f64| Ours {
        text: text.to_string(),
        start,
        end: start + text.len(),
        value: Found::Number(value),
    };
    let exp = |text: &str, start: usize, value: Option<&str>| Expected {
        text: text.to_string(),
        start,
        value: value.map(str::to_string),
    };
    let found = [ours("Three hundred", 4, 300.0), ours("5", 20, 5.0)];
    assert_eq!(
        check_expected(&found, &exp("three hundred", 4, Some("300"))),
        None
    );
    assert_eq!(
        check_expected(&found, &exp("three hundred", 4, Some("301"))),
        Some(Kind::Value)
    );
    assert_eq!(
        check_expected(&found, &exp("three hundred and one", 4, Some("301"))),
        Some(Kind::Span)
    );
    assert_eq!(
        check_expected(&found, &exp("hundred", 10, Some("100"))),
        Some(Kind::Span)
    );
    assert_eq!(
        check_expected(&found, &exp("two", 30, Some("2"))),
        Some(Kind::Missed)
    );
    assert_eq!(
        check_expected(&found, &exp("three hundred", 4, None)),
        Some(Kind::NoValue)
    );
}

#[test]
fn out_of_scope_list_checks() {
    let case = |input: &str| Case {
        input: input.to_string(),
        results: Vec::new(),
    };
    let specs = vec![
        ("A.json", vec![case("one"), case("two")]),
        ("B.json", vec![case("three")]),
    ];
    let good = parse_out_of_scope("A.json\tone\tr\nA.json\ttwo\tr\n\nB.json\tthree\tr\n").unwrap();
    assert!(SUITE.problems(&specs, &good).is_empty());
    let bad = parse_out_of_scope(
        "A.json\ttwo\tr\nA.json\tone\tr\nA.json\tgone\tr\nC.json\tx\tr\nB.json\tthree\t \nB.json\tthree\tr\n",
    )
    .unwrap();
    let problems = SUITE.problems(&specs, &bad);
    assert_eq!(problems.len(), 5, "{problems:#?}");
    assert!(problems[0].contains("out of order"));
    assert!(problems[1].contains("stale"));
    assert!(problems[2].contains("unknown spec file"));
    assert!(problems[3].contains("no reason"));
    assert!(problems[4].contains("duplicate"));
    assert_eq!(parse_out_of_scope("A.json\tone\n").unwrap_err(), 1);
    assert_eq!(
        parse_out_of_scope("A.json\tone\tr\nA.json\ttwo\tr\textra\n").unwrap_err(),
        2
    );
}

// The finders: what the number models of Recognizers-Text find, in claimscan's terms. They live here, not in
// the library, because nothing but this suite looks for bare numbers.

/// The shipped number vocabulary.
fn vocab() -> &'static NumberWords {
    &extractor().rules().number_words
}

/// A number found in a text.
#[derive(Clone, Copy, Debug, PartialEq)]
struct NumberMatch {
    /// Byte offset of the first byte.
    start: usize,
    /// Byte offset one past the last byte.
    end: usize,
    /// Its value.
    value: f64,
}

/// A range or bound found in a text; a missing end is open.
#[derive(Clone, Copy, Debug, PartialEq)]
struct RangeMatch {
    /// Byte offset of the first byte.
    start: usize,
    /// Byte offset one past the last byte.
    end: usize,
    /// Lower bound, if any.
    low: Option<f64>,
    /// Whether the lower bound is included.
    low_inclusive: bool,
    /// Upper bound, if any.
    high: Option<f64>,
    /// Whether the upper bound is included.
    high_inclusive: bool,
}

const WORDS: &str = "half|quarters?|zero|naught|nought|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion";

/// Digits with optional thousands separators and decimals.
const DIGITS: &str =
    r"(?:[0-9]{1,3}(?:(?:,|[ \u{202f}\u{a0}])[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)";

/// The regular expression of one number expression (digits, words, or both).
fn number_pattern() -> String {
    let digits = DIGITS;
    let word = format!("(?:{WORDS})");
    let words = format!(
        r"(?:(?:a|an)\s+(?:hundred|thousand|million|billion|trillion)|{word})(?:(?:\s+|\s*-\s*)(?:and\s+)?(?:{word}|[0-9]+)|\s+and\s+an?\s+(?:half|quarter|third))*(?:\s+point(?:\s+{word})+)?"
    );
    let mixed = format!(
        r"[0-9]+(?:\s+(?:hundred|thousand|million|billion|trillion)(?:\s+(?:and\s+)?(?:[0-9]+|{word}))*)+"
    );
    format!(r"(?i:{mixed}|{digits}|{words})")
}

fn finder() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let p = format!(
            r"(?:(?i:minus|negative)\s+|-)?(?-u:\b)(?:{})(?-u:\b)",
            number_pattern()
        );
        Regex::new(&p).expect("the number pattern compiles")
    })
}

/// Every number expression in `text`, leftmost-longest, skipping matches that do not parse.
fn find_numbers(text: &str) -> Vec<NumberMatch> {
    let mut out = Vec::new();
    for m in finder().find_iter(text) {
        let raw = &text[m.start()..m.end()];
        // "a"/"an" alone are articles, not numbers.
        if raw.eq_ignore_ascii_case("a") || raw.eq_ignore_ascii_case("an") {
            continue;
        }
        // "the one you mentioned", "this one": a pronoun, not a number.
        if raw.eq_ignore_ascii_case("one") {
            let before = text[..m.start()].trim_end();
            let word = before
                .rsplit(|c: char| !c.is_alphabetic())
                .next()
                .unwrap_or("")
                .to_lowercase();
            if matches!(
                word.as_str(),
                "the" | "this" | "that" | "each" | "any" | "every" | "no" | "which" | "another"
            ) {
                continue;
            }
        }
        // A leading hyphen is a minus sign only where no word or number is glued to it.
        let glued = raw.starts_with('-')
            && text[..m.start()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
        let (start, raw) = if glued {
            (m.start() + 1, &raw[1..])
        } else {
            (m.start(), raw)
        };
        if let Some(value) = parse(vocab(), raw) {
            out.push(NumberMatch {
                start,
                end: m.end(),
                value,
            });
        }
    }
    out
}

fn range_finder() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let n = number_pattern();
        let pats = [
            format!(r"(?i:between)\s+(?P<a>{n})\s+(?i:and)\s+(?P<b>{n})"),
            format!(r"(?i:from)\s+(?P<a>{n})\s+(?i:to|until|till|through)\s+(?P<b>{n})"),
            format!(r"(?P<a>{n})\s+(?i:to)\s+(?P<b>{n})"),
            format!(r"(?P<a>{DIGITS})\s*[-–—]\s*(?P<b>{DIGITS})"),
            format!(r"(?i:more\s+than|greater\s+than|larger\s+than|higher\s+than|above|over|exceeding)\s+(?P<gt>{n})"),
            format!(r"(?i:less\s+than|fewer\s+than|smaller\s+than|lower\s+than|below|under)\s+(?P<lt>{n})"),
            format!(r"(?i:at\s+least|no\s+less\s+than|not\s+less\s+than)\s+(?P<ge>{n})"),
            format!(r"(?i:at\s+most|up\s+to|no\s+more\s+than|not\s+more\s+than)\s+(?P<le>{n})"),
            format!(r"(?P<ge>{n})\s+(?i:or\s+more|or\s+greater|or\s+above|and\s+more|and\s+above|or\s+higher)"),
            format!(r"(?P<le>{n})\s+(?i:or\s+less|or\s+fewer|or\s+below|and\s+less|and\s+below|or\s+lower)"),
        ];
        let with_bounds: Vec<String> = pats.iter().map(|p| format!(r"(?-u:\b){p}(?-u:\b)")).collect();
        Regex::new_many(&with_bounds).expect("the range patterns compile")
    })
}

/// Every range or bound in `text`, leftmost-first.
fn find_ranges(text: &str) -> Vec<RangeMatch> {
    let re = range_finder();
    let mut caps = re.create_captures();
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len() {
        re.search_captures(&regex_automata::Input::new(text).range(at..), &mut caps);
        let Some(m) = caps.get_match() else { break };
        let get = |name: &str| {
            caps.get_group_by_name(name)
                .and_then(|s| parse(vocab(), &text[s.start..s.end]))
        };
        let mut r = RangeMatch {
            start: m.start(),
            end: m.end(),
            low: None,
            low_inclusive: true,
            high: None,
            high_inclusive: true,
        };
        if let (Some(a), Some(b)) = (get("a"), get("b")) {
            (r.low, r.high) = (Some(a.min(b)), Some(a.max(b)));
            // "between"/"from" ranges include their end; "200 to 300" and "5-20" follow Recognizers and do not.
            r.high_inclusive = m.pattern().as_usize() <= 1;
        } else if let Some(v) = get("gt") {
            (r.low, r.low_inclusive) = (Some(v), false);
        } else if let Some(v) = get("lt") {
            (r.high, r.high_inclusive) = (Some(v), false);
        } else if let Some(v) = get("ge") {
            r.low = Some(v);
        } else if let Some(v) = get("le") {
            r.high = Some(v);
        }
        if r.low.is_some() || r.high.is_some() {
            out.push(r);
        }
        at = m.end().max(m.start() + 1);
    }
    out
}

#[test]
fn finds_numbers_and_ranges() {
    let t = "Twenty-six people and 3 hundred and 2 others; between 15 and 20 came, up to 700 left";
    let found: Vec<f64> = find_numbers(t).iter().map(|m| m.value).collect();
    assert_eq!(found, [26.0, 302.0, 15.0, 20.0, 700.0]);
    let ranges = find_ranges(t);
    assert_eq!((ranges[0].low, ranges[0].high), (Some(15.0), Some(20.0)));
    assert_eq!((ranges[1].low, ranges[1].high), (None, Some(700.0)));
}
