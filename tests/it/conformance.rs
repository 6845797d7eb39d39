//! Date conformance: the English date cases of Microsoft Recognizers-Text, scored against a floor that only
//! rises (SPEC.md, "Quality bars").
//!
//! The cases live in `../shared/conformance/recognizers-text/DateTime/English/`, six files: `DateExtractor`,
//! `DateParser`, `DatePeriodExtractor`, `DatePeriodParser`, `DurationExtractor` and `DurationParser` (`.json`,
//! read tolerating a UTF-8 byte-order mark). When `../shared` is absent the tests fail, unless `CLAIMSCAN_ALLOW_SKIP=1` (see `common::shared_dir`).
//!
//! # Scope
//!
//! claimscan reads news and policy text, not chat. Cases outside that scope (times of day, bare day numbers,
//! numbers written as words, holidays, "my weekend", "the third week of 2027", "two days after today",
//! compact forms like `4-22`, sub-day and vague durations, …) are listed with a reason in
//! `tests/conformance/dates-out-of-scope.tsv` (`file<TAB>input<TAB>reason`, sorted by file, then by the
//! input's first position in that file). An entry covers every case of that file with that exact input. Every
//! other case is in scope and is scored; nothing is dropped silently, and a listed input that no longer exists
//! in its spec file (a stale entry) fails [`out_of_scope_list_is_current`].
//!
//! # Running a case
//!
//! The input is one sentence (`Extractor::analyze_sentence`, no heading logic) of a document whose publication
//! date is the date part of the case's `Context.ReferenceDateTime`, or 2016-11-07 (the reference date most of
//! the cases use) when the case has none, as the extractor files never do. Only facts of type `date` count.
//!
//! # Pass criteria
//!
//! A case passes when every one of its expected results passes; a case whose `Results` is empty (a trap) passes
//! when claimscan finds no date fact at all.
//!
//! * **Text** (every file). Some date fact must cover the expected `Text` at its `Start` (the inputs are ASCII,
//!   so their UTF-16 offsets are code points): same text, ignoring case. Two conventions are bridged. A bare
//!   leading preposition `on`, `in`, `at` or `for` stays outside our facts (SPEC.md), so it is stripped from
//!   theirs (`in 3 weeks` ≈ our `3 weeks`). A leading modifier word that changes the value (`by`, `until`,
//!   `before`, `after`, `since`, `around`, `during`) is inside ours, so it is stripped from ours (`by mid
//!   summer` ≈ their `mid summer`). A leading article `the` carries no value and is ignored on either side
//!   (`the month of May` ≈ `month of May`; our `the end of 2000` ≈ their `end of 2000`).
//! * **Value** (parser files), on a fact whose text matches. Their `Value.Timex` equals our `timex` (any of
//!   its `|`-separated alternatives); or our value agrees with their `FutureResolution` or `PastResolution`
//!   (relative and placeholder values resolve either way, depending on tense):
//!   - `date`: our `timex` is that day (`YYYY-MM-DD`);
//!   - `startDate`/`endDate` (Recognizers' end is exclusive): our `start` is startDate and our `end` is the day
//!     before endDate; or our `timex` is an interval `X/Y` that starts on startDate and whose `Y` either ends
//!     the day before endDate or starts on endDate (Recognizers puts the first day of a named end point there:
//!     `from 2014 to 2018` → `(2014-01-01,2018-01-01,P4Y)` ≈ our `2014/2018`);
//!   - `duration` (seconds) is not compared: durations agree through the timex (`P3M`, `P2W`).
//!
//!   Their concrete range timex `(2016-11-08,2016-11-10,P2D)` is checked as that start/end pair. A season
//!   without a year (`SU`, for "summer") agrees with ours for the same season in any year (`2017-SU`).
//!   Decades and centuries need no special case: `(XX70-01-01,XX80-01-01,P10Y)` resolves to 1970…1980 in the
//!   past resolution, which our `197` (1970-01-01…1979-12-31) matches.
//!
//! # Output
//!
//! The pass rate per file (in-scope cases, passed, rate, out of scope) and overall, compared with the floor in
//! `tests/conformance/dates-floor.toml`: the test fails when the overall in-scope rate is below it, and says
//! when the floor can be raised. Set `CLAIMSCAN_CONFORMANCE_FAILURES=1` to print every failing case (one
//! tab-separated `FAIL` line each: file, input, expected, what we found).

use std::fmt::Write as _;

use crate::scope::{self, OutOfScope, Scores, Suite, Tally, sentence_facts};
use claimscan::model::date::Date;
use claimscan::record::{FactType, Value};
use serde_json::Value as Json;

/// The spec files, in report and TSV order.
const FILES: [&str; 6] = [
    "DateExtractor.json",
    "DateParser.json",
    "DatePeriodExtractor.json",
    "DatePeriodParser.json",
    "DurationExtractor.json",
    "DurationParser.json",
];

/// The publication date for cases without `Context.ReferenceDateTime`.
const DEFAULT_REFERENCE: &str = "2016-11-07";

/// Prepositions and the article our facts leave outside; stripped from their text.
const BARE_PREPOSITIONS: [&str; 5] = ["on", "in", "at", "for", "the"];

/// Modifier words our facts include (they set `mod`), and the article of a modifier phrase ("the end of
/// 2026"); stripped from our text.
const MODIFIER_WORDS: [&str; 8] = [
    "by", "until", "before", "after", "since", "around", "during", "the",
];

/// The spec files and the out-of-scope list.
const SUITE: Suite<Case> = Suite {
    folder: "DateTime/English",
    files: &FILES,
    out_of_scope: "dates-out-of-scope.tsv",
    floors: "dates-floor.toml",
    parse: parse_case,
    input: |c| &c.input,
};

// ---------------------------------------------------------------------------------------------------------
// Spec files

/// One spec case.
#[derive(Debug)]
struct Case {
    input: String,
    /// `YYYY-MM-DD` from `Context.ReferenceDateTime`, when given.
    reference: Option<String>,
    results: Vec<Expected>,
}

/// One expected result of a case.
#[derive(Debug)]
struct Expected {
    text: String,
    /// Code-point offset (UTF-16 in the spec; the same for the ASCII inputs).
    start: usize,
    /// Present in parser files.
    value: Option<ExpectedValue>,
}

/// The expected value of a parser result.
#[derive(Debug, Clone, Default)]
struct ExpectedValue {
    timex: String,
    /// Future and past resolutions (either may agree).
    resolutions: Vec<Resolution>,
}

/// One side of a Recognizers resolution.
#[derive(Debug, Clone, PartialEq)]
enum Resolution {
    /// A single day.
    Date(String),
    /// `startDate` inclusive, `endDate` exclusive.
    Range { start: String, end: String },
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
        let mut resolutions = Vec::new();
        for side in ["FutureResolution", "PastResolution"] {
            let res = &v[side];
            if let Some(d) = res["date"].as_str() {
                resolutions.push(Resolution::Date(d.to_string()));
            } else if let (Some(s), Some(e)) = (res["startDate"].as_str(), res["endDate"].as_str())
            {
                resolutions.push(Resolution::Range {
                    start: s.to_string(),
                    end: e.to_string(),
                });
            }
        }
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
// The out-of-scope list and the floor

// ---------------------------------------------------------------------------------------------------------
// Running and scoring

/// A date fact as the comparison sees it.
#[derive(Debug, Clone, Default)]
struct Ours {
    text: String,
    /// Code-point offset of the fact in the input.
    start: usize,
    timex: String,
    /// First and last day covered (inclusive), when known.
    first: Option<String>,
    last: Option<String>,
}

fn run_case(input: &str, reference: &str) -> Vec<Ours> {
    let date = Date::parse(reference);
    assert!(date.is_some(), "bad reference date {reference:?}");
    let (_, facts) = sentence_facts(input, date, FactType::Date);
    facts
        .iter()
        .map(|f| {
            let mut ours = Ours {
                text: f.text.clone(),
                start: f.location.chars.start(),
                ..Ours::default()
            };
            if let Value::Date(v) = &f.value {
                ours.timex.clone_from(&v.timex);
                ours.first.clone_from(&v.start);
                ours.last.clone_from(&v.end);
            }
            ours
        })
        .collect()
}

/// `text` without a leading `word` and the spaces after it (case-insensitive), with the number of code
/// points removed.
fn strip_word<'a>(text: &'a str, word: &str) -> Option<(&'a str, usize)> {
    let head = text.get(..word.len())?;
    if !head.eq_ignore_ascii_case(word) {
        return None;
    }
    let rest = &text[word.len()..];
    let trimmed = rest.trim_start();
    (trimmed.len() < rest.len() && !trimmed.is_empty())
        .then(|| (trimmed, text.len() - trimmed.len()))
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

/// Whether our value agrees with theirs (see the module docs).
fn value_agrees(ours: &Ours, theirs: &ExpectedValue) -> bool {
    for t in theirs.timex.split('|') {
        if !t.is_empty() && ours.timex == t {
            return true;
        }
        if let Some((a, b)) = range_timex(t)
            && !a.contains('X')
            && !b.contains('X')
            && range_agrees(ours, a, b)
        {
            return true;
        }
        if is_season(t)
            && ours
                .timex
                .split_once('-')
                .is_some_and(|(y, s)| s == t && (y == "XXXX" || y.parse::<u32>().is_ok()))
        {
            return true;
        }
    }
    theirs.resolutions.iter().any(|r| match r {
        Resolution::Date(d) => ours.timex == *d,
        Resolution::Range { start, end } => range_agrees(ours, start, end),
    })
}

fn is_season(t: &str) -> bool {
    matches!(t, "SP" | "SU" | "FA" | "WI")
}

/// `(2016-11-08,2016-11-10,P2D)` → its two dates.
fn range_timex(t: &str) -> Option<(&str, &str)> {
    let inner = t.strip_prefix('(')?.strip_suffix(')')?;
    let mut parts = inner.split(',');
    let (a, b) = (parts.next()?, parts.next()?);
    Some((a, b))
}

/// Whether our value covers Recognizers' `[start, end)` range.
fn range_agrees(ours: &Ours, start: &str, end: &str) -> bool {
    let (Some(start), Some(end)) = (Day::parse(start), Day::parse(end)) else {
        return false;
    };
    let last = end.plus(-1);
    let day = |s: &Option<String>| s.as_deref().and_then(Day::parse);
    if day(&ours.first) == Some(start) && day(&ours.last) == Some(last) {
        return true;
    }
    if let Some((x, y)) = ours.timex.split_once('/')
        && timex_days(x).is_some_and(|(f, _)| f == start)
        && timex_days(y).is_some_and(|(f, l)| l == last || f == end)
    {
        return true;
    }
    false
}

/// A calendar day as a count of days since 0000-03-01 (proleptic Gregorian), for day arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Day(i64);

impl Day {
    fn from_ymd(y: i64, m: i64, d: i64) -> Option<Day> {
        let date = Date::new(y as i32, m as u32, d as u32)?;
        let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * m + 2) / 5 + i64::from(date.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Day(era * 146_097 + doe))
    }

    fn parse(s: &str) -> Option<Day> {
        let d = Date::parse(s)?;
        Day::from_ymd(i64::from(d.year), i64::from(d.month), i64::from(d.day))
    }

    fn plus(self, days: i64) -> Day {
        Day(self.0 + days)
    }

    /// ISO weekday, Monday = 1.
    fn weekday(self) -> i64 {
        // 0000-03-01 was a Wednesday.
        (self.0 + 2).rem_euclid(7) + 1
    }
}

/// First and last day of a calendar timex: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `YYYY-Qn`, `YYYY-Hn`,
/// `YYYY-Www`.
fn timex_days(t: &str) -> Option<(Day, Day)> {
    let num = |s: &str| -> Option<i64> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
    };
    let months = |y: i64, m1: i64, m2: i64| -> Option<(Day, Day)> {
        let first = Day::from_ymd(y, m1, 1)?;
        let next = if m2 == 12 {
            Day::from_ymd(y + 1, 1, 1)?
        } else {
            Day::from_ymd(y, m2 + 1, 1)?
        };
        Some((first, next.plus(-1)))
    };
    let parts: Vec<&str> = t.split('-').collect();
    match parts.as_slice() {
        [y] if y.len() == 4 => months(num(y)?, 1, 12),
        [y, rest] if y.len() == 4 => {
            let y = num(y)?;
            if let Some(q) = rest.strip_prefix('Q') {
                let q = num(q)?;
                (1..=4).contains(&q).then(|| months(y, 3 * q - 2, 3 * q))?
            } else if let Some(h) = rest.strip_prefix('H') {
                let h = num(h)?;
                (1..=2).contains(&h).then(|| months(y, 6 * h - 5, 6 * h))?
            } else if let Some(w) = rest.strip_prefix('W') {
                let w = num(w)?;
                let jan4 = Day::from_ymd(y, 1, 4)?;
                let week1 = jan4.plus(1 - jan4.weekday());
                let first = week1.plus(7 * (w - 1));
                let weeks_in_year = if Day::from_ymd(y, 12, 28)? >= week1.plus(7 * 52) {
                    53
                } else {
                    52
                };
                (1..=weeks_in_year)
                    .contains(&w)
                    .then(|| (first, first.plus(6)))
            } else if rest.len() == 2 {
                let m = num(rest)?;
                (1..=12).contains(&m).then(|| months(y, m, m))?
            } else {
                None
            }
        }
        [_, _, _] => {
            let d = Day::parse(t)?;
            Some((d, d))
        }
        _ => None,
    }
}

/// The outcome of one in-scope case.
struct Outcome {
    passed: bool,
    /// For a failure: what was expected and what we found.
    detail: String,
}

fn score_case(case: &Case) -> Outcome {
    let reference = case.reference.as_deref().unwrap_or(DEFAULT_REFERENCE);
    let ours = run_case(&case.input, reference);
    let found = || {
        if ours.is_empty() {
            "nothing".to_string()
        } else {
            ours.iter()
                .map(|o| {
                    format!(
                        "{:?}@{} = {} [{}..{}]",
                        o.text,
                        o.start,
                        o.timex,
                        o.first.as_deref().unwrap_or("?"),
                        o.last.as_deref().unwrap_or("?")
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        }
    };
    if case.results.is_empty() {
        return Outcome {
            passed: ours.is_empty(),
            detail: format!("expected no date\tfound {}", found()),
        };
    }
    let mut missing = Vec::new();
    for exp in &case.results {
        let ok = ours.iter().any(|o| {
            text_matches(o, &exp.text, exp.start)
                && exp.value.as_ref().is_none_or(|v| value_agrees(o, v))
        });
        if !ok {
            let mut m = format!("{:?}@{}", exp.text, exp.start);
            if let Some(v) = &exp.value {
                let _ = write!(m, " = {}", v.timex);
                for r in &v.resolutions {
                    match r {
                        Resolution::Date(d) => {
                            let _ = write!(m, " | {d}");
                        }
                        Resolution::Range { start, end } => {
                            let _ = write!(m, " | [{start}..{end})");
                        }
                    }
                }
            }
            missing.push(m);
        }
    }
    Outcome {
        passed: missing.is_empty(),
        detail: format!("expected {}\tfound {}", missing.join("; "), found()),
    }
}

#[test]
fn out_of_scope_list_is_current() {
    SUITE.assert_out_of_scope_list_is_current();
}

#[test]
fn dates_pass_rate_meets_floor() {
    let Some(specs) = SUITE.load() else { return };
    let Scores { tallies, failures } = SUITE.score(&specs, |file, case| {
        let outcome = score_case(case);
        (!outcome.passed).then(|| {
            format!(
                "FAIL\t{file}\t{}\t{}",
                case.input.replace('\t', " "),
                outcome.detail
            )
        })
    });
    scope::show_failures(&failures);

    let mut total = Tally::default();
    scope::print_table("date conformance (Recognizers-Text English)", 26, &tallies);
    for (_, t) in &tallies {
        total.in_scope += t.in_scope;
        total.passed += t.passed;
        total.out_of_scope += t.out_of_scope;
    }
    scope::print_row(26, "overall", &total);

    // The checked-in floor of the overall in-scope pass rate.
    let floor = SUITE.load_floors(&["floor"])[0];
    let rate = total.rate();
    eprintln!("floor {floor:.2}, overall in-scope rate {rate:.4}");
    assert!(
        SUITE.meets_floor(rate, floor, "floor"),
        "date conformance fell below the floor: {rate:.4} < {floor:.2} ({} of {} in-scope cases pass)",
        total.passed,
        total.in_scope
    );
}

// ---------------------------------------------------------------------------------------------------------
// The comparison itself

fn ours(text: &str, start: usize, timex: &str, first: Option<&str>, last: Option<&str>) -> Ours {
    Ours {
        text: text.to_string(),
        start,
        timex: timex.to_string(),
        first: first.map(str::to_string),
        last: last.map(str::to_string),
    }
}

fn expected(timex: &str, resolutions: &[Resolution]) -> ExpectedValue {
    ExpectedValue {
        timex: timex.to_string(),
        resolutions: resolutions.to_vec(),
    }
}

fn range(start: &str, end: &str) -> Resolution {
    Resolution::Range {
        start: start.to_string(),
        end: end.to_string(),
    }
}

#[test]
fn text_matching_bridges_prepositions_and_modifiers() {
    let o = ours("April 22", 13, "2016-04-22", None, None);
    assert!(text_matches(&o, "april 22", 13), "case-insensitive");
    assert!(!text_matches(&o, "april 22", 12), "at their offset only");
    assert!(!text_matches(&o, "april 2", 13));
    // `on Friday next week` (theirs) vs `Friday next week` (ours).
    let o = ours("Friday next week", 16, "2016-11-18", None, None);
    assert!(text_matches(&o, "on Friday next week", 13));
    assert!(!text_matches(&o, "this Friday next week", 11));
    // `in 3 weeks` (theirs) vs `3 weeks` (ours).
    let o = ours("3 weeks", 16, "P3W", None, None);
    assert!(text_matches(&o, "in 3 weeks", 13));
    // Ours keeps a modifier word: `by mid summer` vs their `mid summer`.
    let o = ours("by mid summer", 11, "2017-SU", None, None);
    assert!(text_matches(&o, "mid summer", 14));
    assert!(!text_matches(&o, "mid summer", 11));
    // Prepositions are whole words: `inside` is not `in side`.
    assert_eq!(strip_word("inside 3 weeks", "in"), None);
    assert_eq!(strip_word("In  2014", "in"), Some(("2014", 4)));
}

#[test]
fn values_agree_by_timex_or_resolution() {
    // Same timex.
    let e = expected("2016-W45", &[range("2016-11-07", "2016-11-14")]);
    assert!(value_agrees(&ours("", 0, "2016-W45", None, None), &e));
    // Placeholder timex: either resolution will do.
    let e = expected(
        "XXXX-10-02",
        &[
            Resolution::Date("2017-10-02".into()),
            Resolution::Date("2016-10-02".into()),
        ],
    );
    assert!(value_agrees(&ours("", 0, "2016-10-02", None, None), &e));
    assert!(value_agrees(&ours("", 0, "2017-10-02", None, None), &e));
    assert!(!value_agrees(&ours("", 0, "2016-10-03", None, None), &e));
    // Exclusive end: a quarter.
    let e = expected(
        "(2016-07-01,2016-10-01,P3M)",
        &[range("2016-07-01", "2016-10-01")],
    );
    let q3 = ours("", 0, "2016-Q3", Some("2016-07-01"), Some("2016-09-30"));
    assert!(value_agrees(&q3, &e));
    let q3_wrong_end = ours("", 0, "2016-Q3", Some("2016-07-01"), Some("2016-10-01"));
    assert!(!value_agrees(&q3_wrong_end, &e));
    // Durations agree through the timex only.
    let e = expected("P3M", &[]);
    assert!(value_agrees(&ours("", 0, "P3M", None, None), &e));
    assert!(!value_agrees(&ours("", 0, "P90D", None, None), &e));
    // Alternatives separated by `|`.
    let e = expected(
        "(2016-01-01,2016-04-05,P94D)|(2016-01-01,2016-04-06,P95D)",
        &[],
    );
    assert!(value_agrees(
        &ours("", 0, "2016-01-01/2016-04-05", None, None),
        &e
    ));
    assert!(!value_agrees(
        &ours("", 0, "2016-01-02/2016-04-05", None, None),
        &e
    ));
}

#[test]
fn range_timex_is_a_start_and_an_exclusive_end() {
    // `next 2 days` from 2016-11-07.
    let e = expected("(2016-11-08,2016-11-10,P2D)", &[]);
    assert!(value_agrees(
        &ours("", 0, "P2D", Some("2016-11-08"), Some("2016-11-09")),
        &e
    ));
    assert!(value_agrees(
        &ours("", 0, "2016-11-08/2016-11-09", None, None),
        &e
    ));
    assert!(!value_agrees(
        &ours("", 0, "P2D", Some("2016-11-08"), Some("2016-11-10")),
        &e
    ));
    // `from 2014 to 2018`: Recognizers ends at the first day of the named end point.
    let e = expected("(2014-01-01,2018-01-01,P4Y)", &[]);
    assert!(value_agrees(&ours("", 0, "2014/2018", None, None), &e));
    assert!(value_agrees(&ours("", 0, "2014/2017", None, None), &e));
    assert!(!value_agrees(&ours("", 0, "2014/2019", None, None), &e));
    assert!(!value_agrees(&ours("", 0, "2015/2018", None, None), &e));
    // `from 4 to 22 this month`.
    let e = expected("(2016-11-04,2016-11-22,P18D)", &[]);
    assert!(value_agrees(
        &ours("", 0, "2016-11-04/2016-11-22", None, None),
        &e
    ));
    // Months as end points.
    let e = expected("(2015-05-01,2018-06-01,P37M)", &[]);
    assert!(value_agrees(
        &ours("", 0, "2015-05/2018-05", None, None),
        &e
    ));
    assert!(value_agrees(
        &ours("", 0, "2015-05/2018-06", None, None),
        &e
    ));
}

#[test]
fn decades_centuries_and_seasons() {
    // `the 70s`: the past resolution is the 1970s.
    let e = expected(
        "(XX70-01-01,XX80-01-01,P10Y)",
        &[
            range("2070-01-01", "2080-01-01"),
            range("1970-01-01", "1980-01-01"),
        ],
    );
    let seventies = ours("", 0, "197", Some("1970-01-01"), Some("1979-12-31"));
    assert!(value_agrees(&seventies, &e));
    let unknown_century = ours("", 0, "XX7", None, None);
    assert!(!value_agrees(&unknown_century, &e));
    // `21st century`.
    let e = expected(
        "(2000-01-01,2100-01-01,P100Y)",
        &[range("2000-01-01", "2100-01-01")],
    );
    assert!(value_agrees(
        &ours("", 0, "20", Some("2000-01-01"), Some("2099-12-31")),
        &e
    ));
    // A season without a year.
    let e = expected("SU", &[]);
    assert!(value_agrees(&ours("", 0, "2017-SU", None, None), &e));
    assert!(value_agrees(&ours("", 0, "XXXX-SU", None, None), &e));
    assert!(!value_agrees(&ours("", 0, "2017-SP", None, None), &e));
    assert!(!value_agrees(&ours("", 0, "2017-06", None, None), &e));
}

#[test]
fn calendar_timex_days() {
    let d = |s: &str| Day::parse(s).unwrap();
    assert_eq!(timex_days("2016"), Some((d("2016-01-01"), d("2016-12-31"))));
    assert_eq!(
        timex_days("2016-02"),
        Some((d("2016-02-01"), d("2016-02-29")))
    );
    assert_eq!(
        timex_days("2016-12"),
        Some((d("2016-12-01"), d("2016-12-31")))
    );
    assert_eq!(
        timex_days("2016-Q4"),
        Some((d("2016-10-01"), d("2016-12-31")))
    );
    assert_eq!(
        timex_days("2016-H1"),
        Some((d("2016-01-01"), d("2016-06-30")))
    );
    assert_eq!(
        timex_days("2016-W45"),
        Some((d("2016-11-07"), d("2016-11-13")))
    );
    assert_eq!(
        timex_days("2015-W53"),
        Some((d("2015-12-28"), d("2016-01-03")))
    );
    assert_eq!(timex_days("2016-W53"), None);
    assert_eq!(
        timex_days("2026-W01"),
        Some((d("2025-12-29"), d("2026-01-04")))
    );
    assert_eq!(
        timex_days("2016-11-07"),
        Some((d("2016-11-07"), d("2016-11-07")))
    );
    assert_eq!(timex_days("XXXX-11"), None);
    assert_eq!(timex_days("P3M"), None);
    assert_eq!(d("2016-03-01").plus(-1), d("2016-02-29"));
    assert_eq!(d("2016-11-07").weekday(), 1);
}

#[test]
fn out_of_scope_list_checks() {
    let case = |input: &str| Case {
        input: input.to_string(),
        reference: None,
        results: Vec::new(),
    };
    let specs = vec![
        ("A.json", vec![case("one"), case("two")]),
        ("B.json", vec![case("three")]),
    ];
    let entry = |line, file: &str, input: &str, reason: &str| OutOfScope {
        line,
        file: file.into(),
        input: input.into(),
        reason: reason.into(),
    };
    let good = [
        entry(1, "A.json", "one", "r"),
        entry(2, "A.json", "two", "r"),
        entry(3, "B.json", "three", "r"),
    ];
    assert!(SUITE.problems(&specs, &good).is_empty());
    let bad = [
        entry(1, "A.json", "two", "r"),
        entry(2, "A.json", "one", "r"),
        entry(3, "A.json", "gone", "r"),
        entry(4, "C.json", "x", "r"),
        entry(5, "B.json", "three", " "),
    ];
    let problems = SUITE.problems(&specs, &bad);
    assert_eq!(problems.len(), 4, "{problems:#?}");
    assert!(problems[0].contains("out of order"));
    assert!(problems[1].contains("stale"));
    assert!(problems[2].contains("unknown spec file"));
    assert!(problems[3].contains("no reason"));
}
