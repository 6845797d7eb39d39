//! Normalized values as a reviewer reads them: `Nov 2025`, `2026-01-01 → 2026-04-30 (early 2026)`,
//! `£4 bn (about)`, `+0.3 pp`, `United States Department of Defense · us-dod · US`.
//!
//! [`readable`] takes a value as the record holds it (JSON, not trusted: any field may be missing or of the
//! wrong type) and never fails: what it cannot read is shown as compact JSON.
//!
//! * dates: a day `3 Mar 2025`, a month `Nov 2025`, a year `2025`, a quarter `Q4 2020`, a half `H1 2025`, a
//!   decade `the 2030s`, a century `the 21st century`, a fiscal year `FY2027`, a time `9 Aug 2021 14:32`;
//!   a period narrowed by a modifier, a season or a week as its days and what it is
//!   (`2026-01-01 → 2026-04-30 (early 2026)`); an interval as its two ends (`Jan 2021 → Sep 2021`);
//!   open bounds and approximations in words after it (`2027 (on or before)`); durations `3 years`, sets
//!   `every 10 years`, references `now`, unanchored dates `November (year unknown)`;
//! * money with its symbol and scale, `$52.7 bn`, `€300 m`, `$1–2 bn`, `$10,000`;
//! * percentages with their unit, `74%`, `25 bp`, signed when the value is a change (`direction`):
//!   `+0.3 pp`, `−40% (about)`;
//! * quantities `24 organizations`, `3 of 10 states`, `5 million jobs`;
//! * organizations and instruments: name, id and country, joined with ` · `.

use std::fmt::Write as _;

use serde_json::Value;

use crate::model::value::FactType;

/// A value read for a person, per its fact type; compact JSON when it does not have the expected shape.
pub(crate) fn readable(ty: FactType, v: &Value) -> String {
    let read = match ty {
        FactType::Date => date(v),
        FactType::Percentage => percentage(v),
        FactType::Money => money(v),
        FactType::Quantity => quantity(v),
        FactType::Organization | FactType::Policy => entity(v),
    };
    read.unwrap_or_else(|| v.to_string())
}

fn str_field<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k).and_then(Value::as_str)
}

fn num_field(v: &Value, k: &str) -> Option<f64> {
    v.get(k).and_then(Value::as_f64).filter(|n| n.is_finite())
}

/// A modifier (of a date or an amount) in words.
fn modifier(m: &str) -> String {
    match m {
        "BEFORE" => "before".into(),
        "AFTER" => "after".into(),
        "ON_OR_BEFORE" => "on or before".into(),
        "ON_OR_AFTER" => "on or after".into(),
        "LESS_THAN" => "less than".into(),
        "MORE_THAN" => "more than".into(),
        "EQUAL_OR_LESS" | "AT_MOST" => "at most".into(),
        "EQUAL_OR_MORE" | "AT_LEAST" => "at least".into(),
        "START" => "start".into(),
        "MID" => "mid".into(),
        "END" => "end".into(),
        "APPROX" => "about".into(),
        other => other.to_lowercase().replace('_', " "),
    }
}

fn with_mod(base: String, v: &Value) -> String {
    match str_field(v, "mod") {
        Some(m) => format!("{base} ({})", modifier(m)),
        None => base,
    }
}

// ───────────────────────────── dates ─────────────────────────────

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

fn date(v: &Value) -> Option<String> {
    let timex = str_field(v, "timex")?;
    let kind = str_field(v, "type").unwrap_or("DATE");
    let granularity = str_field(v, "granularity").unwrap_or("");
    let (start, end) = (str_field(v, "start"), str_field(v, "end"));
    let days = match (start, end) {
        (Some(s), Some(e)) if s == e => Some(s.to_string()),
        (Some(s), Some(e)) => Some(format!("{s} → {e}")),
        _ => None,
    };
    let m = str_field(v, "mod");
    match kind {
        "DURATION" => {
            let base = duration(timex).unwrap_or_else(|| timex.to_string());
            let base = with_mod(base, v);
            return Some(match (start, end) {
                (Some(s), Some(e)) => format!("{base}: {s} → {e}"),
                _ => base,
            });
        }
        "SET" => return Some(with_mod(set(timex), v)),
        _ => {}
    }
    match timex {
        "PRESENT_REF" => return Some("now".into()),
        "PAST_REF" => return Some("the past".into()),
        "FUTURE_REF" => return Some("the future".into()),
        _ => {}
    }
    if let Some((a, b)) = timex.split_once('/') {
        let ends = |t: &str| point(t, "").map_or_else(|| t.to_string(), |(_, label)| label);
        return Some(with_mod(format!("{} → {}", ends(a), ends(b)), v));
    }
    let Some((standalone, label)) = point(timex, granularity) else {
        return Some(with_mod(timex.to_string(), v));
    };
    // A part of a period, a season or a week reads best as its days, with what it is beside them.
    let part = m.and_then(|m| match m {
        "START" => Some("early"),
        "MID" => Some("mid"),
        "END" => Some("late"),
        _ => None,
    });
    if let Some(part) = part {
        let named = format!("{part} {label}");
        return Some(match days {
            Some(d) => format!("{d} ({named})"),
            None => named,
        });
    }
    let spelled =
        matches!(granularity, "season" | "week" | "fiscal_year") || label.contains("week");
    let base = match days {
        Some(d) if spelled && !timex.starts_with('X') => format!("{d} ({standalone})"),
        _ => standalone,
    };
    Some(with_mod(base, v))
}

/// A point or period timex (`2025-03-03`, `2025-11`, `2026`, `2020-Q4`, `2025-H1`, `2020-SP`, `2021-W31`,
/// `202`, `20`, `2021-08-09T14:32`, `2023-02-01TAF`, `XXXX-11`) read as words: the reading alone (a decade as
/// `the 2030s`) and as it follows `early`/`late` (`2030s`). `None` when it is not one.
fn point(timex: &str, granularity: &str) -> Option<(String, String)> {
    let (day_part, time) = match timex.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (timex, None),
    };
    let fields: Vec<&str> = day_part.split('-').collect();
    let year = *fields.first()?;
    let unknown_year = year.chars().all(|c| c == 'X');
    let year_ok = unknown_year || (year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()));
    let one = |s: String| Some((s.clone(), s));
    if fields.len() == 1 && time.is_none() {
        if year.bytes().all(|b| b.is_ascii_digit()) {
            return match year.len() {
                3 => Some((format!("the {year}0s"), format!("{year}0s"))),
                2 => {
                    let c: u32 = year.parse().ok()?;
                    let label = format!("{} century", ordinal(c + 1));
                    Some((format!("the {label}"), label))
                }
                4 if granularity == "fiscal_year" => one(format!("FY{year}")),
                4 => one(year.to_string()),
                _ => None,
            };
        }
        if unknown_year {
            return one("a year (unknown)".into());
        }
        return None;
    }
    if !year_ok {
        return None;
    }
    let unknown = |s: String| {
        if unknown_year {
            format!("{s} (year unknown)")
        } else {
            s
        }
    };
    let yr = if unknown_year { "" } else { year };
    let label = match fields[1..] {
        [m] if m.starts_with('Q') && m.len() == 2 => {
            unknown(format!("{m} {yr}").trim().to_string())
        }
        [m] if m.starts_with('H') && m.len() == 2 => {
            unknown(format!("{m} {yr}").trim().to_string())
        }
        [s] if matches!(s, "SP" | "SU" | "FA" | "WI") => {
            let season = match s {
                "SP" => "spring",
                "SU" => "summer",
                "FA" => "fall",
                _ => "winter",
            };
            unknown(format!("{season} {yr}").trim().to_string())
        }
        [w] if w.starts_with('W') => {
            let n = &w[1..];
            if n.chars().all(|c| c == 'X') {
                "every week".into()
            } else {
                unknown(
                    format!("week {n} of {yr}")
                        .trim_end_matches(" of ")
                        .to_string(),
                )
            }
        }
        [w, d] if w.starts_with('W') => {
            let which = match d {
                "WE" => "weekend".to_string(),
                d => d
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| WEEKDAYS.get(i.checked_sub(1)?))
                    .map_or_else(|| d.to_string(), |s| (*s).to_string()),
            };
            if w == "WXX" {
                which
            } else {
                unknown(
                    format!("{which} of week {} {yr}", &w[1..])
                        .trim()
                        .to_string(),
                )
            }
        }
        [m] => {
            let i = month_index(m)?;
            if unknown_year {
                format!("{} (year unknown)", MONTH_NAMES[i])
            } else {
                format!("{} {year}", MONTHS[i])
            }
        }
        [m, d] => {
            if m == "XX" && d == "XX" {
                if unknown_year {
                    "a day (date unknown)".to_string()
                } else {
                    format!("a day in {year}")
                }
            } else {
                let i = month_index(m)?;
                let day: u32 = d.parse().ok().filter(|d| (1..=31).contains(d))?;
                if unknown_year {
                    format!("{day} {} (year unknown)", MONTH_NAMES[i])
                } else {
                    format!("{day} {} {year}", MONTHS[i])
                }
            }
        }
        _ => return None,
    };
    let label = match time {
        None => label,
        Some(t) => {
            let clock = match t {
                "MO" => "morning".to_string(),
                "AF" => "afternoon".to_string(),
                "EV" => "evening".to_string(),
                "NI" => "night".to_string(),
                "DT" => "daytime".to_string(),
                t if t.len() >= 2 && t.bytes().all(|b| b.is_ascii_digit() || b == b':') => {
                    t.to_string()
                }
                _ => return None,
            };
            if label == "a day (date unknown)" {
                format!("every {clock}")
            } else {
                format!("{label} {clock}")
            }
        }
    };
    one(label)
}

fn month_index(m: &str) -> Option<usize> {
    let n: usize = m.parse().ok()?;
    (1..=12).contains(&n).then(|| n - 1)
}

fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// An ISO 8601 duration (`P3Y`, `P1Y1M21D`, `PT24H`, `P0.5Y`, `P2Q`, vague `PXY`) in words.
fn duration(timex: &str) -> Option<String> {
    let rest = timex.strip_prefix('P')?;
    if rest.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    let mut in_time = false;
    let mut num = String::new();
    for c in rest.chars() {
        match c {
            'T' if num.is_empty() => in_time = true,
            '0'..='9' | '.' | 'X' => num.push(c),
            unit => {
                if num.is_empty() {
                    return None;
                }
                let (one, many) = match (unit, in_time) {
                    ('Y', _) => ("year", "years"),
                    ('Q', false) => ("quarter", "quarters"),
                    ('M', false) => ("month", "months"),
                    ('W', false) => ("week", "weeks"),
                    ('D', false) => ("day", "days"),
                    ('H', true) => ("hour", "hours"),
                    ('M', true) => ("minute", "minutes"),
                    ('S', true) => ("second", "seconds"),
                    ('X', _) => ("while", "a while"),
                    _ => return None,
                };
                parts.push(if num == "X" {
                    if unit == 'X' {
                        "a while".to_string()
                    } else {
                        format!("{many} (unspecified)")
                    }
                } else if num == "1" {
                    format!("1 {one}")
                } else {
                    format!("{num} {many}")
                });
                num.clear();
            }
        }
    }
    if !num.is_empty() {
        // `PXX`: the unit is unknown too.
        if num == "XX" {
            return Some("a while".into());
        }
        return None;
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// A recurrence (`P1Y`, `P10Y`, `XXXX-WXX-1`, `XXXX-XX-XXTMO`) in words.
fn set(timex: &str) -> String {
    if let Some(rest) = timex.strip_prefix('P') {
        let unit = |c: char| match c {
            'Y' => Some(("year", "years")),
            'Q' => Some(("quarter", "quarters")),
            'M' => Some(("month", "months")),
            'W' => Some(("week", "weeks")),
            'D' => Some(("day", "days")),
            _ => None,
        };
        let mut chars = rest.chars();
        if let Some(last) = chars.next_back()
            && let Some((one, many)) = unit(last)
        {
            return match chars.as_str() {
                "1" => format!("every {one}"),
                "X" => format!("every few {many}"),
                n => format!("every {n} {many}"),
            };
        }
        return duration(timex).map_or_else(|| timex.to_string(), |d| format!("every {d}"));
    }
    match point(timex, "") {
        Some((label, _)) if label.starts_with("every ") => label,
        Some((label, _)) => format!("every {}", label.trim_end_matches(" (year unknown)")),
        None => timex.to_string(),
    }
}

// ───────────────────────────── amounts ─────────────────────────────

/// A number as written for a person: shortest form, float noise rounded off, thousands separated
/// (`10,000`, `52.7`, `0.3`).
fn number(n: f64) -> String {
    // Rounding to a millionth removes float noise (`0.1 + 0.2`) and is exact for any amount written.
    let rounded = if n.abs() < 1e15 {
        (n * 1e6).round() / 1e6
    } else {
        n
    };
    let s = format!("{rounded}");
    let (sign, digits) = match s.strip_prefix('-') {
        Some(d) => ("−", d),
        None => ("", s.as_str()),
    };
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    if int.contains('e') {
        return s;
    }
    let mut out = String::from(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// The scale a person writes an amount in, and its short and long names.
fn scale(n: f64) -> (f64, &'static str, &'static str) {
    let a = n.abs();
    if a >= 1e12 {
        (1e12, "tn", "trillion")
    } else if a >= 1e9 {
        (1e9, "bn", "billion")
    } else if a >= 1e6 {
        (1e6, "m", "million")
    } else {
        (1.0, "", "")
    }
}

/// An amount or a range of amounts, scaled (`1.2 bn`, `1–2 bn`, `800 m–1.2 bn`); `long` writes `million`.
fn scaled(v: &Value, long: bool) -> Option<String> {
    let name = |s: (f64, &'static str, &'static str)| if long { s.2 } else { s.1 };
    let one = |n: f64| {
        let s = scale(n);
        let unit = name(s);
        if unit.is_empty() {
            number(n)
        } else {
            format!("{} {unit}", number(n / s.0))
        }
    };
    match (
        num_field(v, "amount"),
        num_field(v, "low"),
        num_field(v, "high"),
    ) {
        (Some(a), _, _) => Some(one(a)),
        (None, Some(lo), Some(hi)) => {
            let (sl, sh) = (scale(lo), scale(hi));
            Some(if sl.0 == sh.0 {
                let unit = name(sh);
                let range = format!("{}–{}", number(lo / sl.0), number(hi / sh.0));
                if unit.is_empty() {
                    range
                } else {
                    format!("{range} {unit}")
                }
            } else {
                format!("{}–{}", one(lo), one(hi))
            })
        }
        (None, Some(lo), None) => Some(one(lo)),
        (None, None, Some(hi)) => Some(one(hi)),
        _ => None,
    }
}

/// `+` or `−` when the value is a change upwards or downwards.
fn sign(v: &Value) -> &'static str {
    match str_field(v, "direction") {
        Some("up") => "+",
        Some("down") => "−",
        _ => "",
    }
}

fn money(v: &Value) -> Option<String> {
    let currency = str_field(v, "currency").unwrap_or("");
    let amount = scaled(v, false)?;
    let symbol = match currency {
        "USD" => Some("$"),
        "GBP" => Some("£"),
        "EUR" => Some("€"),
        "JPY" => Some("¥"),
        "AUD" => Some("A$"),
        "CAD" => Some("C$"),
        "NZD" => Some("NZ$"),
        "HKD" => Some("HK$"),
        "CNY" => Some("CN¥"),
        "INR" => Some("₹"),
        "KRW" => Some("₩"),
        _ => None,
    };
    let base = match symbol {
        Some(s) => format!("{}{s}{amount}", sign(v)),
        None if currency.is_empty() => format!("{}{amount}", sign(v)),
        None => format!("{}{currency} {amount}", sign(v)),
    };
    Some(with_mod(base, v))
}

fn percentage(v: &Value) -> Option<String> {
    let amount = scaled(v, true)?;
    let unit = match str_field(v, "unit") {
        Some("percent") | None => "%".to_string(),
        Some("percentage_point") => " pp".to_string(),
        Some("basis_point") => " bp".to_string(),
        Some(u) => format!(" {u}"),
    };
    Some(with_mod(format!("{}{amount}{unit}", sign(v)), v))
}

fn quantity(v: &Value) -> Option<String> {
    let amount = scaled(v, true)?;
    let total = num_field(v, "total")
        .map(|t| format!(" of {}", number(t)))
        .unwrap_or_default();
    let mut base = format!("{amount}{total}");
    if let Some(unit) = str_field(v, "unit").filter(|u| !u.is_empty()) {
        let _ = write!(base, " {unit}");
    }
    Some(with_mod(base, v))
}

// ───────────────────────────── entities ─────────────────────────────

fn entity(v: &Value) -> Option<String> {
    let name = str_field(v, "name")?;
    let mut out = name.to_string();
    for k in ["id", "country"] {
        if let Some(s) = str_field(v, k).filter(|s| !s.is_empty()) {
            let _ = write!(out, " · {s}");
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(ty: FactType, cases: &[(Value, &str)]) {
        for (v, want) in cases {
            assert_eq!(readable(ty, v), *want, "{v}");
        }
    }

    #[test]
    fn dates_read_as_days_months_years_and_periods() {
        check(
            FactType::Date,
            &[
                (
                    json!({"timex": "1994", "type": "DATE", "granularity": "year", "relative": false, "anchor": null, "start": "1994-01-01", "end": "1994-12-31"}),
                    "1994",
                ),
                (
                    json!({"timex": "2025-11", "type": "DATE", "granularity": "month", "relative": true, "anchor": "2025-11-28", "start": "2025-11-01", "end": "2025-11-30"}),
                    "Nov 2025",
                ),
                (
                    json!({"timex": "2025-03-03", "type": "DATE", "granularity": "day", "relative": false, "anchor": null, "start": "2025-03-03", "end": "2025-03-03"}),
                    "3 Mar 2025",
                ),
                (
                    json!({"timex": "2026", "type": "DATE", "granularity": "year", "mod": "START", "relative": false, "anchor": null, "start": "2026-01-01", "end": "2026-04-30"}),
                    "2026-01-01 → 2026-04-30 (early 2026)",
                ),
                (
                    json!({"timex": "2026", "type": "DATE", "granularity": "year", "mod": "END", "relative": false, "anchor": null, "start": "2026-09-01", "end": "2026-12-31"}),
                    "2026-09-01 → 2026-12-31 (late 2026)",
                ),
                (
                    json!({"timex": "2021-09", "type": "DATE", "granularity": "month", "mod": "END", "relative": true, "anchor": "2021-11-03", "start": "2021-09-16", "end": "2021-09-30"}),
                    "2021-09-16 → 2021-09-30 (late Sep 2021)",
                ),
                (
                    json!({"timex": "2020-SP", "type": "DATE", "granularity": "season", "relative": false, "anchor": null, "start": "2020-03-01", "end": "2020-05-31"}),
                    "2020-03-01 → 2020-05-31 (spring 2020)",
                ),
                (
                    json!({"timex": "2021-W31", "type": "DATE", "granularity": "week", "relative": true, "anchor": "2021-08-09", "start": "2021-08-02", "end": "2021-08-08"}),
                    "2021-08-02 → 2021-08-08 (week 31 of 2021)",
                ),
                (
                    json!({"timex": "2027", "type": "DATE", "granularity": "year", "mod": "ON_OR_BEFORE", "relative": false, "anchor": null, "start": "2027-01-01", "end": "2027-12-31"}),
                    "2027 (on or before)",
                ),
                (
                    json!({"timex": "1969", "type": "DATE", "granularity": "year", "mod": "ON_OR_AFTER", "relative": false, "anchor": null, "start": "1969-01-01", "end": "1969-12-31"}),
                    "1969 (on or after)",
                ),
                (
                    json!({"timex": "2024-10-21", "type": "DATE", "granularity": "day", "mod": "AFTER", "relative": false, "anchor": null, "start": "2024-10-21", "end": "2024-10-21"}),
                    "21 Oct 2024 (after)",
                ),
                (
                    json!({"timex": "2030", "type": "DATE", "granularity": "year", "mod": "APPROX", "start": "2030-01-01", "end": "2030-12-31"}),
                    "2030 (about)",
                ),
                (
                    json!({"timex": "203", "type": "DATE", "granularity": "decade", "relative": false, "anchor": null, "start": "2030-01-01", "end": "2039-12-31"}),
                    "the 2030s",
                ),
                (
                    json!({"timex": "203", "type": "DATE", "granularity": "decade", "mod": "START", "start": "2030-01-01", "end": "2033-12-31"}),
                    "2030-01-01 → 2033-12-31 (early 2030s)",
                ),
                (
                    json!({"timex": "20", "type": "DATE", "granularity": "century", "relative": false, "anchor": null, "start": "2000-01-01", "end": "2099-12-31"}),
                    "the 21st century",
                ),
                (
                    json!({"timex": "2020-Q4", "type": "DATE", "granularity": "quarter", "start": "2020-10-01", "end": "2020-12-31"}),
                    "Q4 2020",
                ),
                (
                    json!({"timex": "2025-H1", "type": "DATE", "granularity": "half", "start": "2025-01-01", "end": "2025-06-30"}),
                    "H1 2025",
                ),
                (
                    json!({"timex": "2027", "type": "DATE", "granularity": "fiscal_year", "start": "2026-10-01", "end": "2027-09-30"}),
                    "2026-10-01 → 2027-09-30 (FY2027)",
                ),
                (
                    json!({"timex": "XXXX-11", "type": "DATE", "granularity": "month", "relative": true, "anchor": null}),
                    "November (year unknown)",
                ),
                (
                    json!({"timex": "XXXX-07-29", "type": "DATE", "granularity": "day", "relative": true, "anchor": null}),
                    "29 July (year unknown)",
                ),
                (
                    json!({"timex": "PAST_REF", "type": "DATE", "granularity": "reference", "relative": false, "anchor": null}),
                    "the past",
                ),
                (
                    json!({"timex": "PRESENT_REF", "type": "DATE", "granularity": "reference"}),
                    "now",
                ),
                (
                    json!({"timex": "FUTURE_REF", "type": "DATE", "granularity": "reference"}),
                    "the future",
                ),
                (
                    json!({"timex": "2021-08-09T14:32", "type": "TIME", "granularity": "minute", "relative": true, "anchor": "2021-08-09", "start": "2021-08-09", "end": "2021-08-09"}),
                    "9 Aug 2021 14:32",
                ),
                (
                    json!({"timex": "2023-02-01TAF", "type": "TIME", "granularity": "part_of_day", "relative": true, "anchor": "2023-02-01", "start": "2023-02-01", "end": "2023-02-01"}),
                    "1 Feb 2023 afternoon",
                ),
                (
                    json!({"timex": "2025-W21-WE", "type": "DATE", "granularity": "day", "start": "2025-05-24", "end": "2025-05-25"}),
                    "2025-05-24 → 2025-05-25 (weekend of week 21 2025)",
                ),
            ],
        );
    }

    #[test]
    fn intervals_durations_and_sets() {
        check(
            FactType::Date,
            &[
                (
                    json!({"timex": "2021-01/2021-09", "type": "DATE", "granularity": "month", "relative": true, "anchor": "2021-11-03", "start": "2021-01-01", "end": "2021-09-30", "parts": [{"text": "January", "span": {"start": 8205, "end": 8212}, "chars": {"start": 8179, "end": 8186}, "timex": "2021-01", "granularity": "month", "start": "2021-01-01", "end": "2021-01-31"}]}),
                    "Jan 2021 → Sep 2021",
                ),
                (
                    json!({"timex": "2025-03-23/2025-03-25", "type": "DATE", "granularity": "day", "relative": false, "anchor": null, "start": "2025-03-23", "end": "2025-03-25"}),
                    "23 Mar 2025 → 25 Mar 2025",
                ),
                (
                    json!({"timex": "2026/2028", "type": "DATE", "granularity": "year", "start": "2026-01-01", "end": "2028-12-31"}),
                    "2026 → 2028",
                ),
                (
                    json!({"timex": "P4Y", "type": "DURATION", "granularity": "duration", "relative": false, "anchor": null}),
                    "4 years",
                ),
                (
                    json!({"timex": "P1Y", "type": "DURATION", "granularity": "duration"}),
                    "1 year",
                ),
                (
                    json!({"timex": "P4Y", "type": "DURATION", "granularity": "duration", "relative": true, "anchor": "2021-08-09", "start": "2017-08-09", "end": "2021-08-08"}),
                    "4 years: 2017-08-09 → 2021-08-08",
                ),
                (
                    json!({"timex": "P4Y", "type": "DURATION", "granularity": "duration", "mod": "MORE_THAN", "relative": false, "anchor": null}),
                    "4 years (more than)",
                ),
                (
                    json!({"timex": "P40Y", "type": "DURATION", "granularity": "duration", "mod": "APPROX"}),
                    "40 years (about)",
                ),
                (
                    json!({"timex": "P1Y1M21D", "type": "DURATION", "granularity": "duration"}),
                    "1 year 1 month 21 days",
                ),
                (
                    json!({"timex": "PT24H", "type": "DURATION", "granularity": "duration"}),
                    "24 hours",
                ),
                (
                    json!({"timex": "P6M", "type": "DURATION", "granularity": "duration"}),
                    "6 months",
                ),
                (
                    json!({"timex": "P0.5Y", "type": "DURATION", "granularity": "duration"}),
                    "0.5 years",
                ),
                (
                    json!({"timex": "PXY", "type": "DURATION", "granularity": "duration"}),
                    "years (unspecified)",
                ),
                (
                    json!({"timex": "PTXM", "type": "DURATION", "granularity": "duration"}),
                    "minutes (unspecified)",
                ),
                (
                    json!({"timex": "PXX", "type": "DURATION", "granularity": "duration"}),
                    "a while",
                ),
                (
                    json!({"timex": "P10Y", "type": "SET", "granularity": "duration", "relative": false, "anchor": null}),
                    "every 10 years",
                ),
                (
                    json!({"timex": "P1Y", "type": "SET", "granularity": "duration"}),
                    "every year",
                ),
                (
                    json!({"timex": "XXXX-WXX-1", "type": "SET", "granularity": "day"}),
                    "every Monday",
                ),
                (
                    json!({"timex": "XXXX-XX-XXTMO", "type": "SET", "granularity": "part_of_day"}),
                    "every morning",
                ),
            ],
        );
    }

    #[test]
    fn money_has_its_symbol_and_scale() {
        check(
            FactType::Money,
            &[
                (
                    json!({"amount": 5_000_000_000.0, "currency": "USD"}),
                    "$5 bn",
                ),
                (
                    json!({"amount": 52_700_000_000.0, "currency": "USD"}),
                    "$52.7 bn",
                ),
                (
                    json!({"amount": 4_000_000_000.0, "currency": "GBP", "mod": "APPROX"}),
                    "£4 bn (about)",
                ),
                (json!({"amount": 1_200_000.0, "currency": "USD"}), "$1.2 m"),
                (json!({"amount": 300.0, "currency": "EUR"}), "€300"),
                (
                    json!({"amount": 300_000_000.0, "currency": "EUR"}),
                    "€300 m",
                ),
                (
                    json!({"amount": 100.0, "currency": "USD", "mod": "APPROX"}),
                    "$100 (about)",
                ),
                (
                    json!({"amount": 10000.0, "currency": "USD", "mod": "AT_MOST"}),
                    "$10,000 (at most)",
                ),
                (
                    json!({"currency": "USD", "low": 30000.0, "high": 80000.0}),
                    "$30,000–80,000",
                ),
                (
                    json!({"currency": "USD", "low": 1_000_000_000.0, "high": 2_000_000_000.0}),
                    "$1–2 bn",
                ),
                (
                    json!({"currency": "USD", "low": 800_000_000.0, "high": 1_200_000_000.0}),
                    "$800 m–1.2 bn",
                ),
                (
                    json!({"amount": 800_000_000.0, "currency": "USD", "mod": "MORE_THAN"}),
                    "$800 m (more than)",
                ),
                (
                    json!({"amount": 3_200_000_000.0, "currency": "AUD"}),
                    "A$3.2 bn",
                ),
                (
                    json!({"amount": 1_500_000_000.0, "currency": "GBP"}),
                    "£1.5 bn",
                ),
                (json!({"amount": 2e12, "currency": "CHF"}), "CHF 2 tn"),
                (
                    json!({"amount": 5e9, "currency": "USD", "direction": "up"}),
                    "+$5 bn",
                ),
            ],
        );
    }

    #[test]
    fn percentages_have_their_unit_and_sign() {
        check(
            FactType::Percentage,
            &[
                (
                    json!({"amount": 74.0, "unit": "percent", "fraction": 0.74}),
                    "74%",
                ),
                (
                    json!({"amount": 5.0, "unit": "percent", "fraction": 0.05, "mod": "LESS_THAN"}),
                    "5% (less than)",
                ),
                (
                    json!({"amount": 40.0, "unit": "percent", "fraction": 0.4, "mod": "APPROX", "direction": "down"}),
                    "−40% (about)",
                ),
                (
                    json!({"amount": 18.0, "unit": "percent", "fraction": 0.18, "direction": "up"}),
                    "+18%",
                ),
                (
                    json!({"amount": 0.3, "unit": "percentage_point", "direction": "up"}),
                    "+0.3 pp",
                ),
                (json!({"amount": 25.0, "unit": "basis_point"}), "25 bp"),
                (
                    json!({"unit": "percent", "low": 15.0, "high": 20.0, "mod": "APPROX"}),
                    "15–20% (about)",
                ),
                (json!({"amount": 0.1 + 0.2, "unit": "percent"}), "0.3%"),
            ],
        );
    }

    #[test]
    fn quantities_and_entities() {
        check(
            FactType::Quantity,
            &[
                (
                    json!({"amount": 24.0, "unit": "organizations"}),
                    "24 organizations",
                ),
                (
                    json!({"amount": 3.0, "unit": "states", "total": 10.0}),
                    "3 of 10 states",
                ),
                (
                    json!({"amount": 5_000_000.0, "unit": "jobs", "mod": "APPROX"}),
                    "5 million jobs (about)",
                ),
                (json!({"amount": 1200.0, "unit": "jobs"}), "1,200 jobs"),
            ],
        );
        check(
            FactType::Organization,
            &[
                (
                    json!({"id": "us-dod", "name": "United States Department of Defense", "category": "department", "country": "US", "source": "gazetteer"}),
                    "United States Department of Defense · us-dod · US",
                ),
                (
                    json!({"id": "oecd", "name": "Organisation for Economic Co-operation and Development", "category": "international", "source": "gazetteer"}),
                    "Organisation for Economic Co-operation and Development · oecd",
                ),
                (
                    json!({"id": null, "name": "Department of Widgets", "category": "agency", "source": "pattern"}),
                    "Department of Widgets",
                ),
            ],
        );
        check(
            FactType::Policy,
            &[
                (
                    json!({"id": "eo-14117", "name": "Executive Order 14117", "category": "executive_order", "number": "14117"}),
                    "Executive Order 14117 · eo-14117",
                ),
                (
                    json!({"id": "eo-14418/sec-1", "name": "Section 1 of Executive Order 14418", "category": "provision", "number": "14418", "section": "1"}),
                    "Section 1 of Executive Order 14418 · eo-14418/sec-1",
                ),
            ],
        );
    }

    #[test]
    fn odd_values_fall_back_to_json_and_never_panic() {
        let odd = [
            json!(null),
            json!(5),
            json!("x"),
            json!([1, 2]),
            json!({}),
            json!({"timex": 5}),
            json!({"amount": "5"}),
            json!({"name": ["a"]}),
        ];
        for v in &odd {
            for ty in FactType::ALL {
                assert_eq!(readable(ty, v), v.to_string(), "{ty:?} {v}");
            }
        }
        // Strange strings in the right fields still read as something, never panic.
        for t in [
            "",
            "P",
            "PT",
            "X",
            "XXXX-13",
            "2025-00-00",
            "2025-02-99",
            "9999-W",
            "20XX",
            "2025-Q",
            "T",
            "2025-03-03T",
            "a/b",
            "/",
            "P1Z",
            "PXYZ",
            "XXXX-WXX-9",
            "2025-W5-WE",
            "é-ü",
            "2025-11-03T\u{202e}",
        ] {
            for ty in ["DATE", "DURATION", "SET", "TIME"] {
                let s = readable(
                    FactType::Date,
                    &json!({"timex": t, "type": ty, "mod": "ODD_ONE"}),
                );
                assert!(!s.is_empty() || t.is_empty(), "{t} {ty}");
            }
        }
        let huge = readable(
            FactType::Money,
            &json!({"amount": 1e300, "currency": "USD"}),
        );
        assert!(
            huge.starts_with("$1,000,000") && huge.ends_with(" tn"),
            "{huge}"
        );
        assert_eq!(
            readable(
                FactType::Percentage,
                &json!({"amount": 5, "unit": "per_mille"})
            ),
            "5 per_mille"
        );
    }
}
