//! Holidays: named days (`Thanksgiving`, `Good Friday`, `Memorial Day weekend`) into TIMEX3 dates.
//!
//! The `holiday` capture is read through the `holiday` lexicon (matched case-insensitively) or the
//! `holiday_cased` one (names matched only as written), whose values are rule strings saying which day the
//! name is in a given year (`rules/holidays.toml` documents them):
//!
//! | rule | day | example |
//! |---|---|---|
//! | `MM-DD` | a fixed day | `12-25`: Christmas |
//! | `N WDAY M` | the Nth weekday of month M | `4 thu 11`: Thanksgiving |
//! | `last WDAY M` | the last such weekday | `last mon 5`: Memorial Day |
//! | `easter` | Easter Sunday | |
//! | `@NAME` | the day of another name in those lexicons | `@Thanksgiving +1`: Black Friday |
//!
//! each with an optional day offset (`easter -2`: Good Friday; `1 mon 11 +1`: Election Day). A rule string
//! that does not parse refuses the match with a message naming it; a unit test parses every shipped one.
//!
//! The year comes from the `year` capture (`Christmas 2026`), `year_rel` (`Easter of next year`), `rel`
//! (`last Christmas`: the latest before the publication date; `next`: the first after it; `this`: the one of
//! its year), else the sentence's tense as for a bare month: past → the latest on or before the publication
//! date, future → the first on or after it, no tense → the nearest. Without a publication date the value
//! keeps placeholders: `XXXX-12-25`, `XXXX-11-XX` (a day of November), `XXXX-XX-XX`.
//!
//! The word `week` or `weekend` in the match (`Christmas week`, `the weekend of Thanksgiving`) makes the value
//! the ISO week of the day (`2025-W52`) or its weekend (`2023-W47-WE`, Saturday–Sunday; the weekend of a
//! Monday holiday is the one before it, through the Monday). A `date_unit` capture with `date_mod` (`after` or
//! `before`) and an optional `count` moves the day: `two days after Christmas`, `the week before Christmas`
//! (without a count, a week or a month is the whole period before or after the one holding the day).
//!
//! A word right before the name listed in the `holiday_not_after` lexicon (`Chinese New Year`, `Orthodox
//! Easter`) refuses the match: that day falls on another calendar's date.
//!
//! Easter is computed with the anonymous Gregorian algorithm (Meeus/Jones/Butcher).

use crate::extract::context::{Context, Groups};
use crate::extract::tense::{Tense, tense_at};
use crate::model::date::{Date, days_in_month};
use crate::model::span::ByteSpan;
use crate::model::value::{DateModifier, DateType, DateValue, Granularity, Value};
use crate::rules::{DateParams, Lexicon};

/// The lexicons of holiday names, in lookup order.
const LEXICONS: [&str; 2] = ["holiday", "holiday_cased"];

/// How deep `@NAME` references may nest before a rule is taken to refer to itself.
const MAX_DEPTH: usize = 4;

/// Which day of a year a holiday is, before its offset.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Base {
    Fixed { month: u32, day: u32 },
    Nth { n: u32, weekday: u32, month: u32 },
    Last { weekday: u32, month: u32 },
    Easter,
    Ref(String),
}

/// A parsed rule string.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Rule {
    base: Base,
    offset: i64,
}

fn weekday_number(s: &str) -> Option<u32> {
    let n = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        .iter()
        .position(|w| *w == s)?;
    u32::try_from(n + 1).ok()
}

fn month_number(s: &str) -> Option<u32> {
    s.parse().ok().filter(|m| (1..=12).contains(m))
}

/// Parses a rule string of the `holiday` lexicons (see the module docs).
fn parse_rule(s: &str) -> Result<Rule, String> {
    let bad = |why: &str| format!("holiday rule {s:?}: {why}");
    let mut words: Vec<&str> = s.split_whitespace().collect();
    let mut offset = 0;
    if let Some(last) = words.last()
        && (last.starts_with('+') || last.starts_with('-'))
    {
        offset = last
            .parse::<i64>()
            .ok()
            .filter(|n| n.abs() <= 366)
            .ok_or_else(|| bad("the offset is not a number of days up to 366"))?;
        words.pop();
    }
    let base = match words.as_slice() {
        [] => return Err(bad("no day")),
        [first, ..] if first.starts_with('@') => {
            let name = words.join(" ");
            let name = name.trim_start_matches('@').trim();
            if name.is_empty() {
                return Err(bad("@ names no holiday"));
            }
            Base::Ref(name.to_string())
        }
        ["easter"] => Base::Easter,
        [md] => {
            let (m, d) = md
                .split_once('-')
                .ok_or_else(|| bad("a fixed day is MM-DD"))?;
            let month = month_number(m).ok_or_else(|| bad("the month is not 1-12"))?;
            let day: u32 = d.parse().map_err(|_| bad("the day is not a number"))?;
            // 29 February is allowed: it exists in leap years.
            if day == 0 || day > days_in_month(2024, month) {
                return Err(bad("no such day in that month"));
            }
            Base::Fixed { month, day }
        }
        [n, wd, m] => {
            let weekday = weekday_number(wd).ok_or_else(|| bad("the weekday is not mon…sun"))?;
            let month = month_number(m).ok_or_else(|| bad("the month is not 1-12"))?;
            if *n == "last" {
                Base::Last { weekday, month }
            } else {
                let n: u32 = n
                    .parse()
                    .ok()
                    .filter(|n| (1..=4).contains(n))
                    .ok_or_else(|| bad("the week is not 1-4 or last"))?;
                Base::Nth { n, weekday, month }
            }
        }
        _ => return Err(bad("not MM-DD, N WDAY M, last WDAY M, easter or @NAME")),
    };
    Ok(Rule { base, offset })
}

/// Easter Sunday of a Gregorian year: the anonymous algorithm (Meeus/Jones/Butcher), step by step.
fn easter(year: i32) -> Option<Date> {
    let a = year.rem_euclid(19);
    let (b, c) = (year.div_euclid(100), year.rem_euclid(100));
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let n = h + l - 7 * m + 114;
    Date::new(
        year,
        u32::try_from(n / 31).ok()?,
        u32::try_from(n % 31 + 1).ok()?,
    )
}

/// The rule string of a holiday name, from the first lexicon that lists it.
fn rule_of<'a>(g: &Groups<'a>, name: &str) -> Result<&'a str, String> {
    LEXICONS
        .iter()
        .filter_map(|l| g.lexicon(l))
        .find_map(|l: &Lexicon| l.get(name))
        .ok_or_else(|| format!("{name:?} is not in lexicon holiday or holiday_cased"))
}

/// The day a rule gives in `year`.
fn day_in(g: &Groups, rule: &Rule, year: i32, depth: usize) -> Result<Date, String> {
    let out = || format!("year {year} is out of range");
    let day = match &rule.base {
        Base::Fixed { month, day } => Date::new(year, *month, *day)
            .ok_or_else(|| format!("{year}-{month:02}-{day:02} does not exist"))?,
        Base::Nth { n, weekday, month } => {
            let first = Date::new(year, *month, 1).ok_or_else(out)?;
            let ahead = (i64::from(*weekday) - i64::from(first.weekday())).rem_euclid(7);
            first
                .add_days(ahead + 7 * i64::from(*n - 1))
                .ok_or_else(out)?
        }
        Base::Last { weekday, month } => {
            let last = Date::new(year, *month, 1).ok_or_else(out)?.month_end();
            let back = (i64::from(last.weekday()) - i64::from(*weekday)).rem_euclid(7);
            last.add_days(-back).ok_or_else(out)?
        }
        Base::Easter => easter(year).ok_or_else(out)?,
        Base::Ref(name) => {
            if depth >= MAX_DEPTH {
                return Err(format!(
                    "holiday rule @{name} nests more than {MAX_DEPTH} deep (a loop?)"
                ));
            }
            let inner = parse_rule(rule_of(g, name)?)?;
            day_in(g, &inner, year, depth + 1)?
        }
    };
    day.add_days(rule.offset).ok_or_else(out)
}

/// The placeholder of a rule's day without a year: `12-25`, `11-XX`, `XX-XX`.
fn month_day_placeholder(g: &Groups, rule: &Rule, depth: usize) -> String {
    match (&rule.base, rule.offset) {
        (Base::Fixed { month, day }, 0) => format!("{month:02}-{day:02}"),
        (Base::Nth { month, .. } | Base::Last { month, .. }, 0) => format!("{month:02}-XX"),
        (Base::Ref(name), 0) if depth < MAX_DEPTH => {
            rule_of(g, name).and_then(parse_rule).map_or_else(
                |_| "XX-XX".into(),
                |r| month_day_placeholder(g, &r, depth + 1),
            )
        }
        _ => "XX-XX".into(),
    }
}

/// What the value covers: the day, its ISO week, or that week's weekend.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Day,
    Week,
    Weekend,
}

/// The shape the match's words outside the name give (`Christmas week`, `the weekend of Thanksgiving`).
fn shape_of(text: &str, span: ByteSpan, name: ByteSpan) -> Shape {
    let outside = [
        &text[span.start()..name.start().max(span.start())],
        &text[name.end().min(span.end())..span.end()],
    ];
    let mut shape = Shape::Day;
    for w in outside.iter().flat_map(|s| s.split_whitespace()) {
        if w.eq_ignore_ascii_case("weekend") {
            return Shape::Weekend;
        }
        if w.eq_ignore_ascii_case("week") {
            shape = Shape::Week;
        }
    }
    shape
}

/// A move from the holiday: `two days after`, `the week before`.
#[derive(Clone, Copy, Debug)]
struct Offset {
    /// Signed count of units.
    n: i64,
    /// `D`, `W` or `M`.
    unit: char,
    /// Whether a count was given: `the week before` is a week, `two weeks before` a day.
    counted: bool,
}

fn offset(g: &Groups, p: &DateParams) -> Result<Option<Offset>, String> {
    let Some(unit) = g.get("date_unit") else {
        return Ok(None);
    };
    let unit = match g
        .lexicon("date_unit")
        .and_then(|l| l.get(unit))
        .unwrap_or(unit)
    {
        "D" => 'D',
        "W" => 'W',
        "M" => 'M',
        other => {
            return Err(format!(
                "a holiday offset in {other:?} units is not resolved"
            ));
        }
    };
    let direction = match g
        .get("date_mod")
        .and_then(|m| g.lexicon("date_mod").and_then(|l| l.get(m)))
    {
        Some("AFTER") => 1,
        Some("BEFORE") => -1,
        _ => return Err("a holiday offset needs date_mod `after` or `before`".into()),
    };
    let counted = g.get("count").is_some();
    let n = super::dates::count(g, p)?;
    if n.fract() != 0.0 {
        return Err(format!("{n} is not a whole number of units"));
    }
    Ok(Some(Offset {
        n: direction * n as i64,
        unit,
        counted,
    }))
}

/// The holiday's day moved by an offset.
fn shifted(day: Date, o: Offset) -> Result<Date, String> {
    let out = || "date out of range".to_string();
    match o.unit {
        'D' => day.add_days(o.n),
        'W' => day.add_days(7 * o.n),
        _ => {
            let m = day
                .add_months(i32::try_from(o.n).map_err(|_| out())?)
                .ok_or_else(out)?;
            Date::new(m.year, m.month, day.day.min(days_in_month(m.year, m.month)))
        }
    }
    .ok_or_else(out)
}

/// Which occurrence of a yearly day the context asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pick {
    Before,
    OnOrBefore,
    After,
    OnOrAfter,
    This,
    Nearest,
}

/// A resolved holiday: its timex and the days it covers.
#[derive(Clone, Debug)]
struct Period {
    timex: String,
    granularity: Granularity,
    start: Date,
    end: Date,
}

/// The occurrence `pick` chooses around `anchor`, among those of the anchor's year and the years beside it,
/// compared by the days each covers (as for a bare month: `Easter week` said in the week of Easter is this one).
fn pick_period(
    period: &dyn Fn(i32) -> Result<Period, String>,
    anchor: Date,
    pick: Pick,
) -> Result<Period, String> {
    let mut options = Vec::with_capacity(3);
    for y in anchor.year - 1..=anchor.year + 1 {
        // A day that some year lacks (29 February) only removes that year.
        if let Ok(p) = period(y) {
            options.push((y, p));
        }
    }
    let a = anchor.to_days();
    let bounds = |p: &Period| (p.start.to_days(), p.end.to_days());
    let found = match pick {
        Pick::This => options.into_iter().find(|(y, _)| *y == anchor.year),
        Pick::Before => options.into_iter().rfind(|(_, p)| bounds(p).1 < a),
        Pick::OnOrBefore => options.into_iter().rfind(|(_, p)| bounds(p).0 <= a),
        Pick::After => options.into_iter().find(|(_, p)| bounds(p).0 > a),
        Pick::OnOrAfter => options.into_iter().find(|(_, p)| bounds(p).1 >= a),
        Pick::Nearest => options.into_iter().min_by_key(|(_, p)| {
            let (s, e) = bounds(p);
            (s - a).max(a - e).max(0)
        }),
    };
    found
        .map(|(_, p)| p)
        .ok_or_else(|| "no occurrence near the publication date".into())
}

/// The word right before `at`, if it is in lexicon `holiday_not_after`.
fn other_calendar<'a>(g: &Groups<'a>, text: &'a str, at: usize) -> Option<&'a str> {
    let before = text[..at].trim_end();
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .next()?;
    let lex = g.lexicon("holiday_not_after")?;
    let key = word.replace('’', "'");
    lex.get(&key).map(|_| word)
}

/// The value of a `set.kind = "holiday"` match.
pub(crate) fn normalize(
    p: &DateParams,
    g: &Groups,
    ctx: &Context,
    span: ByteSpan,
    modifier: Option<DateModifier>,
) -> Result<Value, String> {
    let name_span = g
        .span("holiday")
        .ok_or("a holiday rule needs a `holiday` capture")?;
    let name = name_span.slice(ctx.text);
    if let Some(word) = other_calendar(g, ctx.text, span.start().min(name_span.start())) {
        return Err(format!(
            "{word:?} {name:?} is another calendar's or country's day"
        ));
    }
    let rule = parse_rule(rule_of(g, name)?)?;
    let offset = offset(g, p)?;
    // With an offset, `date_mod` is its direction, not a modifier.
    let modifier = if offset.is_some() {
        p.modifier
    } else {
        modifier
    };
    let shape = match offset {
        Some(o) if !o.counted && o.unit == 'W' => Shape::Week,
        Some(_) => Shape::Day,
        None => shape_of(ctx.text, span, name_span),
    };
    let explicit_year = match g.get("year") {
        Some(y) => Some(
            y.parse::<i32>()
                .map_err(|_| format!("year {y:?} is not a number"))?,
        ),
        None => None,
    };
    let anchor = ctx.doc_date;
    let year_rel: Option<i32> = lex_int(g, "year_rel")?;
    let rel: Option<i32> = lex_int(g, "rel")?;
    let period = |y: i32| -> Result<Period, String> {
        if !(1583..=2999).contains(&y) {
            return Err(format!(
                "year {y} is out of the Gregorian range claimscan resolves"
            ));
        }
        let mut day = day_in(g, &rule, y, 0)?;
        if let Some(o) = offset {
            day = shifted(day, o)?;
        }
        shaped(day, shape)
    };
    let (period, relative) = match (explicit_year, year_rel, anchor) {
        (Some(y), _, _) => (period(y)?, false),
        (None, Some(r), Some(a)) => (period(a.year + r)?, true),
        (None, None, Some(a)) => {
            let pick = match rel {
                Some(r) if r < 0 => Pick::Before,
                Some(r) if r > 0 => Pick::After,
                Some(_) => Pick::This,
                None => match tense_at(ctx.text, ctx.segments, ctx.tenses, span, g.lexicons) {
                    Tense::Past | Tense::WeakPast => Pick::OnOrBefore,
                    Tense::Future => Pick::OnOrAfter,
                    Tense::Unknown => Pick::Nearest,
                },
            };
            (pick_period(&period, a, pick)?, true)
        }
        (None, _, None) => {
            let timex = match (shape, offset) {
                (Shape::Week, _) => "XXXX-WXX".to_string(),
                (Shape::Weekend, _) => "XXXX-WXX-WE".to_string(),
                (Shape::Day, Some(_)) => "XXXX-XX-XX".to_string(),
                (Shape::Day, None) => format!("XXXX-{}", month_day_placeholder(g, &rule, 0)),
            };
            let granularity = if shape == Shape::Day {
                Granularity::Day
            } else {
                Granularity::Week
            };
            return Ok(date_value(
                timex,
                granularity,
                modifier,
                None,
                None,
                None,
                true,
            ));
        }
    };
    let anchor = if relative { anchor } else { None };
    Ok(date_value(
        period.timex,
        period.granularity,
        modifier,
        anchor,
        Some(period.start),
        Some(period.end),
        relative,
    ))
}

/// The period of a shape around a day: the day, its ISO week, or that week's weekend.
fn shaped(day: Date, shape: Shape) -> Result<Period, String> {
    let out = || "date out of range".to_string();
    if shape == Shape::Day {
        return Ok(Period {
            timex: day.to_string(),
            granularity: Granularity::Day,
            start: day,
            end: day,
        });
    }
    // A Monday holiday's weekend is the one before it: Saturday, Sunday and the Monday itself.
    let monday_holiday = shape == Shape::Weekend && day.weekday() == 1;
    let in_week = if monday_holiday {
        day.add_days(-1).ok_or_else(out)?
    } else {
        day
    };
    let (y, w) = in_week.iso_week();
    let monday = Date::iso_week_start(y, w).ok_or_else(out)?;
    let sunday = monday.add_days(6).ok_or_else(out)?;
    Ok(if shape == Shape::Week {
        Period {
            timex: format!("{y:04}-W{w:02}"),
            granularity: Granularity::Week,
            start: monday,
            end: sunday,
        }
    } else {
        Period {
            timex: format!("{y:04}-W{w:02}-WE"),
            granularity: Granularity::Week,
            start: monday.add_days(5).ok_or_else(out)?,
            end: if monday_holiday { day } else { sunday },
        }
    })
}

/// An integer capture read through its lexicon (`rel`, `year_rel` through `rel`).
fn lex_int(g: &Groups, capture: &str) -> Result<Option<i32>, String> {
    let Some(raw) = g.get(capture) else {
        return Ok(None);
    };
    let value = g
        .lexicon("rel")
        .and_then(|l| l.get(raw))
        .ok_or_else(|| format!("{raw:?} is not in lexicon rel"))?;
    value
        .parse()
        .map(Some)
        .map_err(|_| format!("rel value {value:?} of {raw:?} does not parse"))
}

fn date_value(
    timex: String,
    granularity: Granularity,
    modifier: Option<DateModifier>,
    anchor: Option<Date>,
    start: Option<Date>,
    end: Option<Date>,
    relative: bool,
) -> Value {
    Value::Date(DateValue {
        timex,
        kind: DateType::Date,
        granularity,
        modifier,
        relative,
        anchor: anchor.map(|d| d.to_string()),
        start: start.map(|d| d.to_string()),
        end: end.map(|d| d.to_string()),
        parts: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    #[test]
    fn easter_sundays() {
        for (year, month, day) in [
            (1961, 4, 2),
            (1999, 4, 4),
            (2000, 4, 23),
            (2008, 3, 23),
            (2011, 4, 24),
            (2018, 4, 1),
            (2019, 4, 21),
            (2024, 3, 31),
            (2025, 4, 20),
            (2038, 4, 25),
        ] {
            assert_eq!(easter(year), Date::new(year, month, day), "{year}");
        }
    }

    #[test]
    fn rule_strings() {
        let fixed = |month, day| Base::Fixed { month, day };
        for (s, base, offset) in [
            ("12-25", fixed(12, 25), 0),
            ("02-29", fixed(2, 29), 0),
            (
                "4 thu 11",
                Base::Nth {
                    n: 4,
                    weekday: 4,
                    month: 11,
                },
                0,
            ),
            (
                "last mon 5",
                Base::Last {
                    weekday: 1,
                    month: 5,
                },
                0,
            ),
            ("easter -46", Base::Easter, -46),
            ("@Thanksgiving +1", Base::Ref("Thanksgiving".into()), 1),
        ] {
            assert_eq!(parse_rule(s), Ok(Rule { base, offset }), "{s}");
        }
        for bad in [
            "",
            "13-01",
            "02-30",
            "5 mon 1",
            "first mon 1",
            "4 thx 11",
            "easter +x",
            "@",
            "1 2",
        ] {
            assert!(parse_rule(bad).is_err(), "{bad:?} should not parse");
        }
    }

    /// Every rule string the shipped lexicons hold parses, and every `@NAME` names a holiday.
    #[test]
    fn shipped_rules_parse() {
        let rules = RuleSet::embedded().expect("embedded rules compile");
        let groups = Groups {
            text: "",
            items: Vec::new(),
            lexicons: &rules.lexicons,
        };
        let mut n = 0;
        for id in LEXICONS {
            let lex = rules.lexicons.get(id).expect("the holiday lexicons ship");
            for form in &lex.forms {
                let rule = lex.get(form).expect("a form has a value");
                let parsed = parse_rule(rule).unwrap_or_else(|e| panic!("{id}: {form:?}: {e}"));
                day_in(&groups, &parsed, 2025, 0).unwrap_or_else(|e| panic!("{id}: {form:?}: {e}"));
                n += 1;
            }
        }
        assert!(n > 50, "only {n} holiday names");
    }
}
