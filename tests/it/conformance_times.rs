//! Time, holiday and set conformance: the English date-time, holiday and set cases of Microsoft
//! Recognizers-Text, scored against floors that only rise (SPEC.md, "Quality bars").
//!
//! The cases live in `../shared/conformance/recognizers-text/DateTime/English/`, six files:
//! `DateTimeExtractor`, `DateTimeParser`, `HolidayExtractor`, `HolidayParser`, `SetExtractor` and `SetParser`
//! (`.json`, read tolerating a UTF-8 byte-order mark). When `../shared` is absent the tests fail, unless `CLAIMSCAN_ALLOW_SKIP=1` (see `common::shared_dir`).
//!
//! # Scope
//!
//! claimscan reads news and policy text. Whole categories of these cases are outside that scope, each listed
//! with its reason in `tests/conformance/times-out-of-scope.tsv` (`file<TAB>input<TAB>reason`, sorted by file,
//! then by the input's first position in it): a day number without a month (`on 15 at 8:00`), time arithmetic
//! against the reference clock (`in 5 hours`, `1 day 2 hours later`), chat shorthand (`eod`, `3pm every day`
//! schedules), holidays of calendars other than the Gregorian (`Ramadan`, `Yuandan`), and cases the spec itself
//! marks `NotSupported` in some of its own languages. Every other case is in scope and is scored; a listed input
//! that no longer exists in its spec file fails [`out_of_scope_list_is_current`].
//!
//! # Running a case
//!
//! As in `conformance.rs`: the input is one sentence of a document published on the date part of the case's
//! `Context.ReferenceDateTime` (2016-11-07 when it has none, as the extractor files never do); only date facts
//! count, whatever their TIMEX3 type (`DATE`, `TIME`, `DURATION`, `SET`).
//!
//! # Pass criteria
//!
//! A case passes when every one of its expected results passes; a case without results (a trap) passes when
//! there is no date fact at all.
//!
//! * **Text** (every file): some date fact covers the expected `Text` at its `Start` (code points), ignoring
//!   case. A bare leading `on`, `in`, `at`, `for` or `the` stays outside our facts and is stripped from theirs
//!   (`on Mondays` ≈ our `Mondays`); a leading modifier (`by`, `until`, `around`, …) is inside ours and is
//!   stripped from ours.
//! * **Value** (parser files), on a fact whose text matches — [`value_agrees`]:
//!   - their `Timex` (any `|` alternative) equals ours, times compared at full precision (`T20` = `T20:00` =
//!     `T20:00:00`);
//!   - their placeholder timex resolves through the reference date to a day or a moment (`XXXX-12-25` →
//!     `2016-12-25`, `XXXX-10-14T08:00` → `2017-10-14 08:00:00`), either resolution (future or past) agreeing
//!     with our resolved value;
//!   - a set of a time of day written without a day (`TMO`, `T15`) agrees with ours written on any day
//!     (`XXXX-XX-XXTMO`).
//!
//! # Output
//!
//! The pass rate per file and overall, compared with the floors in `tests/conformance/times-floor.toml` (one per
//! file and `overall`): the test fails when a rate is below its floor, and says when a floor can rise. Set
//! `CLAIMSCAN_CONFORMANCE_FAILURES=1` to print every failing case (one tab-separated `FAIL` line each).

use std::fmt::Write as _;

use crate::scope::{self, Scores, Suite, Tally, sentence_facts};
use claimscan::model::date::Date;
use claimscan::record::{FactType, Value};
use serde_json::Value as Json;

/// The spec files, in report and TSV order.
const FILES: [&str; 6] = [
    "DateTimeExtractor.json",
    "DateTimeParser.json",
    "HolidayExtractor.json",
    "HolidayParser.json",
    "SetExtractor.json",
    "SetParser.json",
];

/// The floor keys of the files (in [`FILES`] order), then the overall one.
const FLOOR_KEYS: [&str; 7] = [
    "DateTimeExtractor",
    "DateTimeParser",
    "HolidayExtractor",
    "HolidayParser",
    "SetExtractor",
    "SetParser",
    "overall",
];

/// The publication date for cases without `Context.ReferenceDateTime`.
const DEFAULT_REFERENCE: &str = "2016-11-07";

/// Prepositions and the article our facts leave outside; stripped from their text.
const BARE_PREPOSITIONS: [&str; 5] = ["on", "in", "at", "for", "the"];

/// Modifier words our facts include (they set `mod`); stripped from our text.
const MODIFIER_WORDS: [&str; 8] = [
    "by", "until", "before", "after", "since", "around", "during", "the",
];

const SUITE: Suite<Case> = Suite {
    folder: "DateTime/English",
    files: &FILES,
    out_of_scope: "times-out-of-scope.tsv",
    floors: "times-floor.toml",
    parse: parse_case,
    input: |c| &c.input,
};

// ---------------------------------------------------------------------------------------------------------
// Spec files

#[derive(Debug)]
struct Case {
    input: String,
    /// `YYYY-MM-DD` from `Context.ReferenceDateTime`, when given.
    reference: Option<String>,
    results: Vec<Expected>,
}

#[derive(Debug)]
struct Expected {
    text: String,
    /// Code-point offset (UTF-16 in the spec; the same for the ASCII inputs).
    start: usize,
    /// Present in parser files.
    value: Option<ExpectedValue>,
}

/// The expected value of a parser result.
#[derive(Debug, Clone, Default, PartialEq)]
struct ExpectedValue {
    timex: String,
    /// The future and past resolutions, each a day (`2016-12-25`) or a moment (`2016-11-07 20:00:00`).
    resolutions: Vec<String>,
}

fn parse_case(c: &Json) -> Case {
    let input = c["Input"].as_str().expect("Input").to_string();
    let reference = c["Context"]["ReferenceDateTime"]
        .as_str()
        .map(|s| s.get(..10).unwrap_or(s).to_string());
    let results = c["Results"]
        .as_array()
        .map(|rs| rs.iter().map(parse_expected).collect())
        .unwrap_or_default();
    Case {
        input,
        reference,
        results,
    }
}

fn parse_expected(r: &Json) -> Expected {
    let value = r.get("Value").map(|v| {
        let resolutions = ["FutureResolution", "PastResolution"]
            .iter()
            .filter_map(|side| {
                let res = &v[*side];
                res["date"].as_str().or(res["dateTime"].as_str())
            })
            .map(str::to_string)
            .collect();
        ExpectedValue {
            timex: v["Timex"].as_str().unwrap_or_default().to_string(),
            resolutions,
        }
    });
    Expected {
        text: r["Text"].as_str().expect("Text").to_string(),
        start: r["Start"].as_u64().expect("Start") as usize,
        value,
    }
}

// ---------------------------------------------------------------------------------------------------------
// Running and comparing

/// A date fact as the comparison sees it.
#[derive(Debug, Clone, Default)]
struct Ours {
    text: String,
    /// Code-point offset of the fact in the input.
    start: usize,
    timex: String,
}

fn run_case(input: &str, reference: &str) -> Vec<Ours> {
    let date = Date::parse(reference);
    assert!(date.is_some(), "bad reference date {reference:?}");
    let (_, facts) = sentence_facts(input, date, FactType::Date);
    facts
        .iter()
        .map(|f| Ours {
            text: f.text.clone(),
            start: f.location.chars.start(),
            timex: match &f.value {
                Value::Date(v) => v.timex.clone(),
                _ => String::new(),
            },
        })
        .collect()
}

/// `text` without a leading `word` and the spaces after it (case-insensitive), with the number of code points
/// removed.
fn strip_word<'a>(text: &'a str, word: &str) -> Option<(&'a str, usize)> {
    let head = text.get(..word.len())?;
    if !head.eq_ignore_ascii_case(word) {
        return None;
    }
    let rest = &text[word.len()..];
    let trimmed = rest.trim_start();
    (trimmed.len() < rest.len() && !trimmed.is_empty()).then(|| {
        let cut = text[..text.len() - trimmed.len()].chars().count();
        (trimmed, cut)
    })
}

/// Whether our fact covers their expected text at their offset (see the module docs).
fn text_matches(ours: &Ours, text: &str, start: usize) -> bool {
    let same = |a: &str, b: &str| a.to_lowercase() == b.to_lowercase();
    let mut theirs = vec![(text, start)];
    for p in BARE_PREPOSITIONS {
        if let Some((rest, cut)) = strip_word(text, p) {
            theirs.push((rest, start + cut));
        }
    }
    let mut mine = vec![(ours.text.as_str(), ours.start)];
    for m in MODIFIER_WORDS {
        if let Some((rest, cut)) = strip_word(&ours.text, m) {
            mine.push((rest, ours.start + cut));
        }
    }
    theirs
        .iter()
        .any(|(t, s)| mine.iter().any(|(o, os)| os == s && same(o, t)))
}

/// A timex with its time of day at full precision: `2016-11-07T20` → `2016-11-07T20:00:00`. Other timexes are
/// returned as they are.
fn full_time(t: &str) -> String {
    let Some((day, time)) = t.rsplit_once('T') else {
        return t.to_string();
    };
    let parts: Vec<&str> = time.split(':').collect();
    let digits = |p: &&str| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit());
    if parts.is_empty() || parts.len() > 3 || !parts.iter().all(digits) {
        return t.to_string();
    }
    let mut full = format!("{day}T{}", parts[0]);
    for i in 1..3 {
        full.push(':');
        full.push_str(parts.get(i).copied().unwrap_or("00"));
    }
    full
}

/// A resolution (`2016-12-25` or `2016-11-07 20:00:00`) written as a timex at full precision.
fn resolution_timex(r: &str) -> String {
    match r.split_once(' ') {
        Some((day, time)) => full_time(&format!("{day}T{time}")),
        None => r.to_string(),
    }
}

/// Whether our timex agrees with their expected value (see the module docs).
fn value_agrees(ours: &str, theirs: &ExpectedValue) -> bool {
    let ours_full = full_time(ours);
    for t in theirs.timex.split('|').filter(|t| !t.is_empty()) {
        if ours_full == full_time(t) {
            return true;
        }
        // A set of a time of day on no particular day: their `TMO`, `T15`; our `XXXX-XX-XXTMO`.
        if t.starts_with('T')
            && ours
                .strip_prefix("XXXX-XX-XX")
                .is_some_and(|rest| full_time(&format!("D{rest}")) == full_time(&format!("D{t}")))
        {
            return true;
        }
    }
    // A placeholder or relative value resolved through the reference date.
    theirs
        .resolutions
        .iter()
        .any(|r| resolution_timex(r) == ours_full)
}

/// The outcome of one in-scope case: `None` when it passes, else what was expected and what we found.
fn score_case(case: &Case) -> Option<String> {
    let reference = case.reference.as_deref().unwrap_or(DEFAULT_REFERENCE);
    let ours = run_case(&case.input, reference);
    let found = || {
        if ours.is_empty() {
            "nothing".to_string()
        } else {
            ours.iter()
                .map(|o| format!("{:?}@{} = {}", o.text, o.start, o.timex))
                .collect::<Vec<_>>()
                .join("; ")
        }
    };
    if case.results.is_empty() {
        return (!ours.is_empty()).then(|| format!("expected no date\tfound {}", found()));
    }
    let mut missing = Vec::new();
    for exp in &case.results {
        let ok = ours.iter().any(|o| {
            text_matches(o, &exp.text, exp.start)
                && exp.value.as_ref().is_none_or(|v| value_agrees(&o.timex, v))
        });
        if !ok {
            let mut m = format!("{:?}@{}", exp.text, exp.start);
            if let Some(v) = &exp.value {
                let _ = write!(m, " = {}", v.timex);
                for r in &v.resolutions {
                    let _ = write!(m, " | {r}");
                }
            }
            missing.push(m);
        }
    }
    (!missing.is_empty()).then(|| format!("expected {}\tfound {}", missing.join("; "), found()))
}

#[test]
fn out_of_scope_list_is_current() {
    SUITE.assert_out_of_scope_list_is_current();
}

#[test]
fn times_pass_rates_meet_floors() {
    let Some(specs) = SUITE.load() else { return };
    let Scores { tallies, failures } = SUITE.score(&specs, |file, case| {
        score_case(case)
            .map(|detail| format!("FAIL\t{file}\t{}\t{detail}", case.input.replace('\t', " ")))
    });
    scope::show_failures(&failures);

    let mut total = Tally::default();
    scope::print_table(
        "time, holiday and set conformance (Recognizers-Text English)",
        24,
        &tallies,
    );
    for (_, t) in &tallies {
        total.in_scope += t.in_scope;
        total.passed += t.passed;
        total.out_of_scope += t.out_of_scope;
    }
    scope::print_row(24, "overall", &total);

    let floors = SUITE.load_floors(&FLOOR_KEYS);
    let rates: Vec<f64> = tallies
        .iter()
        .map(|(_, t)| t.rate())
        .chain([total.rate()])
        .collect();
    let mut below = Vec::new();
    for ((key, floor), rate) in FLOOR_KEYS.iter().zip(&floors).zip(&rates) {
        if !SUITE.meets_floor(*rate, *floor, key) {
            below.push(format!("{key}: {rate:.4} < {floor:.2}"));
        }
    }
    assert!(
        below.is_empty(),
        "time conformance fell below its floors: {} ({} of {} in-scope cases pass overall)",
        below.join(", "),
        total.passed,
        total.in_scope
    );
}

// ---------------------------------------------------------------------------------------------------------
// The comparison itself

fn expected(timex: &str, resolutions: &[&str]) -> ExpectedValue {
    ExpectedValue {
        timex: timex.to_string(),
        resolutions: resolutions.iter().map(|r| (*r).to_string()).collect(),
    }
}

#[test]
fn times_compare_at_full_precision() {
    assert_eq!(full_time("2016-11-07T20"), "2016-11-07T20:00:00");
    assert_eq!(full_time("XXXX-WXX-1T16:30"), "XXXX-WXX-1T16:30:00");
    assert_eq!(full_time("2016-11-07TMO"), "2016-11-07TMO");
    assert_eq!(full_time("P1D"), "P1D");
    let e = expected("2016-11-07T20", &["2016-11-07 20:00:00"]);
    assert!(value_agrees("2016-11-07T20:00", &e));
    assert!(value_agrees("2016-11-07T20", &e));
    assert!(!value_agrees("2016-11-07T21:00", &e));
    assert!(!value_agrees("2016-11-07", &e));
}

#[test]
fn placeholders_agree_through_either_resolution() {
    // `christmas`, published 2016-11-07.
    let e = expected("XXXX-12-25", &["2016-12-25", "2015-12-25"]);
    assert!(value_agrees("2016-12-25", &e));
    assert!(value_agrees("2015-12-25", &e));
    assert!(value_agrees("XXXX-12-25", &e));
    assert!(!value_agrees("2017-12-25", &e));
    // `thanksgiving`: the weekday-in-month timex only through its resolution.
    let e = expected("XXXX-11-WXX-4-4", &["2016-11-24", "2015-11-26"]);
    assert!(value_agrees("2016-11-24", &e));
    assert!(!value_agrees("2016-11-25", &e));
    // `October 14 8:00am`.
    let e = expected(
        "XXXX-10-14T08:00",
        &["2017-10-14 08:00:00", "2016-10-14 08:00:00"],
    );
    assert!(value_agrees("2016-10-14T08:00", &e));
    assert!(!value_agrees("2016-10-14T09:00", &e));
    // `now`.
    let e = expected("PRESENT_REF", &["2016-11-07 00:00:00"]);
    assert!(value_agrees("PRESENT_REF", &e));
    assert!(!value_agrees("PAST_REF", &e));
}

#[test]
fn sets_of_a_time_of_day_agree_on_any_day() {
    let e = expected("TMO", &["Set: TMO"]);
    assert!(value_agrees("XXXX-XX-XXTMO", &e));
    assert!(!value_agrees("XXXX-XX-XXTEV", &e));
    assert!(!value_agrees("2016-11-07TMO", &e));
    let e = expected("T15", &[]);
    assert!(value_agrees("XXXX-XX-XXT15:00", &e));
    let e = expected("XXXX-WXX-1", &[]);
    assert!(value_agrees("XXXX-WXX-1", &e));
    assert!(!value_agrees("XXXX-WXX-2", &e));
    let e = expected("P1W", &[]);
    assert!(value_agrees("P1W", &e));
    assert!(!value_agrees("P7D", &e));
}

#[test]
fn text_matching_bridges_prepositions_and_modifiers() {
    let o = Ours {
        text: "Mondays".into(),
        start: 14,
        timex: "XXXX-WXX-1".into(),
    };
    assert!(text_matches(&o, "on Mondays", 11));
    assert!(text_matches(&o, "mondays", 14));
    assert!(!text_matches(&o, "Mondays", 13));
    let o = Ours {
        text: "around 7".into(),
        start: 10,
        timex: String::new(),
    };
    assert!(text_matches(&o, "7", 17));
    assert_eq!(strip_word("inside", "in"), None);
}
