//! Dates: calendar expressions into TIMEX3 values.
//!
//! The normalizer reads named captures (each through the lexicon of the same name when there is one):
//!
//! | capture | meaning | example |
//! |---|---|---|
//! | `year` | four-digit year | `2026` |
//! | `month` / `month_num` | month name (lexicon `month`) or digits | `Sept.` → 9 |
//! | `day` | day of month (an ordinal suffix is ignored) | `3rd` |
//! | `weekday` | lexicon `weekday` | `Monday` → 1 |
//! | `quarter`, `half`, `season` | lexicons of those names | `Q4` → 4, `H1` → 1, `spring` → `SP` |
//! | `decade`, `century` | `2020` of `2020s`; `21` of `21st century` | |
//! | `fy`, `fy_yy` | fiscal year, four or two digits | `FY27` |
//! | `rel` | lexicon `rel`: `last` → -1, `this` → 0, `next` → 1 | |
//! | `deictic` | lexicon `deictic`: day offset of `yesterday`, `today`, `tomorrow` | |
//! | `count`, `date_unit` | how many of which unit (lexicons `count`, `date_unit`) | `two years` |
//! | `date_mod` | lexicon `date_mod` → TIMEX3 `mod` | `the end of` → `END` |
//!
//! A range's second point uses the same names with `_end` (`year_end`, `month_end`, `day_end`), and `yy_end`
//! for a two-digit end year; a field missing on one side is taken from the other (`from March to June 2025`).
//! `set.kind` selects the expression kind, one of the 20 [`DateKind`]s (default `point`); `set.mod`, `set.count`,
//! `set.rel` and `set.timex` stand in for captures a pattern cannot make ([`DateParams`]).
//!
//! A point without a year is relative: it is resolved against the publication date, the sentence's tense
//! choosing between the last and the next occurrence (see [`super::tense`]); without a publication date it keeps
//! `X` placeholders (`XXXX-11`).

use crate::extract::context::{Context, Groups};
use crate::extract::tense::{Tense, tense_at};
use crate::model::date::{Date, days_in_month};
use crate::model::span::{ByteSpan, CharSpan};
use crate::model::value::{DateModifier, DatePart, DateType, DateValue, Granularity, Value};
use crate::rules::{DateKind, DateParams};

/// A resolved calendar period.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Period {
    pub(super) timex: String,
    pub(super) granularity: Granularity,
    pub(super) start: Option<Date>,
    end: Option<Date>,
    pub(super) relative: bool,
}

/// The fields of one point, before resolution.
#[derive(Default, Debug, Clone, Copy)]
pub(super) struct Fields {
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
    weekday: Option<u32>,
    quarter: Option<u32>,
    half: Option<u32>,
    season: Option<Season>,
    decade: Option<i32>,
    century: Option<i32>,
    fiscal: Option<i32>,
    rel: Option<i32>,
    /// `next week` in `Friday next week`.
    week_rel: Option<i32>,
    /// `this year` in `the third quarter this year`.
    year_rel: Option<i32>,
    /// A decade written with two digits (`70` of `the 70s`), century left to the publication date.
    decade2: Option<i32>,
    deictic: Option<i64>,
    unit: Option<Unit>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unit {
    Day,
    Week,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
    Fortnight,
    /// Units shorter than a day: durations only (`five hours` → `PT5H`).
    Hour,
    Minute,
    Second,
}

impl Unit {
    fn sub_day(self) -> bool {
        matches!(self, Unit::Hour | Unit::Minute | Unit::Second)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Season {
    Spring,
    Summer,
    Fall,
    Winter,
}

impl Season {
    fn code(self) -> &'static str {
        match self {
            Season::Spring => "SP",
            Season::Summer => "SU",
            Season::Fall => "FA",
            Season::Winter => "WI",
        }
    }

    /// Meteorological seasons of the northern hemisphere; winter runs from December into the next year.
    fn months(self) -> (u32, u32) {
        match self {
            Season::Spring => (3, 5),
            Season::Summer => (6, 8),
            Season::Fall => (9, 11),
            Season::Winter => (12, 2),
        }
    }
}

fn parse_num<T: std::str::FromStr>(what: &str, raw: &str) -> Result<T, String> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    digits
        .parse()
        .map_err(|_| format!("{what} {raw:?} is not a number"))
}

/// A capture read through a named lexicon, then parsed.
fn lex<T: std::str::FromStr>(
    g: &Groups,
    capture: &str,
    lexicon: &str,
) -> Result<Option<T>, String> {
    let Some(raw) = g.get(capture) else {
        return Ok(None);
    };
    let value = match g.lexicon(lexicon) {
        Some(l) => l
            .get(raw)
            .ok_or_else(|| format!("{raw:?} is not in lexicon {lexicon}"))?
            .to_string(),
        None => raw.to_string(),
    };
    value
        .parse()
        .map(Some)
        .map_err(|_| format!("{lexicon} value {value:?} of {raw:?} does not parse"))
}

pub(super) fn fields(g: &Groups, p: &DateParams, suffix: &str) -> Result<Fields, String> {
    let name = |base: &str| format!("{base}{suffix}");
    let mut f = Fields::default();
    if let Some(y) = g.get(&name("year")) {
        f.year = Some(parse_num("year", y)?);
    }
    if let Some(m) = lex::<u32>(g, &name("month"), "month")? {
        f.month = Some(m);
    } else if let Some(m) = g.get(&name("month_num")) {
        f.month = Some(parse_num("month", m)?);
    }
    if let Some(d) = g.get(&name("day")) {
        f.day = Some(parse_num("day", d)?);
    }
    f.weekday = lex(g, &name("weekday"), "weekday")?;
    f.quarter = lex(g, &name("quarter"), "quarter")?;
    f.half = lex(g, &name("half"), "half")?;
    f.season = match lex::<String>(g, &name("season"), "season")?.as_deref() {
        None => None,
        Some("SP") => Some(Season::Spring),
        Some("SU") => Some(Season::Summer),
        Some("FA") => Some(Season::Fall),
        Some("WI") => Some(Season::Winter),
        Some(other) => {
            return Err(format!(
                "season lexicon value {other:?} is not SP, SU, FA or WI"
            ));
        }
    };
    if let Some(d) = g.get(&name("decade")) {
        f.decade = Some(parse_num("decade", d)?);
    }
    if let Some(c) = g.get(&name("century")) {
        f.century = Some(parse_num("century", c)?);
    }
    if let Some(y) = g.get(&name("fy")) {
        f.fiscal = Some(parse_num("fiscal year", y)?);
    } else if let Some(y) = g.get(&name("fy_yy")) {
        f.fiscal = Some(2000 + parse_num::<i32>("fiscal year", y)?);
    }
    f.rel = match lex(g, &name("rel"), "rel")? {
        Some(r) => Some(r),
        None => p.rel,
    };
    f.week_rel = lex(g, &name("week_rel"), "rel")?;
    f.year_rel = lex(g, &name("year_rel"), "rel")?;
    if let Some(d) = g.get(&name("decade2")) {
        f.decade2 = Some(parse_num("decade", d)?);
    }
    f.deictic = lex(g, &name("deictic"), "deictic")?;
    f.unit = unit(g, &name("date_unit"))?;
    Ok(f)
}

fn unit(g: &Groups, capture: &str) -> Result<Option<Unit>, String> {
    Ok(match lex::<String>(g, capture, "date_unit")?.as_deref() {
        None => None,
        Some("D") => Some(Unit::Day),
        Some("W") => Some(Unit::Week),
        Some("M") => Some(Unit::Month),
        Some("Q") => Some(Unit::Quarter),
        Some("Y") => Some(Unit::Year),
        Some("DE") => Some(Unit::Decade),
        Some("CE") => Some(Unit::Century),
        Some("F") => Some(Unit::Fortnight),
        Some("H") => Some(Unit::Hour),
        Some("MIN") => Some(Unit::Minute),
        Some("S") => Some(Unit::Second),
        Some(other) => return Err(format!("date_unit lexicon value {other:?} is unknown")),
    })
}

pub(crate) fn normalize(
    p: &DateParams,
    g: &Groups,
    ctx: &Context,
    span: ByteSpan,
) -> Result<Value, String> {
    let modifier = match (
        lex::<DateModifier>(g, "date_mod", "date_mod")?,
        lex::<DateModifier>(g, "dur_mod", "dur_mod")?,
    ) {
        (Some(m), _) | (None, Some(m)) => Some(m),
        (None, None) => p.modifier,
    };
    let anchor = ctx.doc_date;
    let mut parts = Vec::new();
    let tense = || tense_at(ctx.text, ctx.segments, ctx.tenses, span, g.lexicons);
    let (period, value_type) = match p.kind {
        DateKind::Point => {
            let results = || about_results(ctx, span, g);
            let period = resolve_in(&fields(g, p, "")?, anchor, &tense, &results)?;
            (period, DateType::Date)
        }
        DateKind::Range => {
            let (period, a, b) = range(g, p, anchor, &tense)?;
            parts = endpoint_parts(g, span, &a, &b);
            (period, DateType::Date)
        }
        DateKind::Duration | DateKind::Set => {
            let set_word = lex::<String>(g, "set_word", "set_word")?;
            let timex = match (p.kind, &p.timex, set_word) {
                (DateKind::Set, _, Some(t)) => t,
                (DateKind::Set, Some(t), _) => t.clone(),
                // A vague duration (`years` → `PXY`) states its value.
                (DateKind::Duration, Some(t), _) if g.get("count").is_none() => t.clone(),
                _ => duration(g, p)?,
            };
            let granularity = Granularity::Duration;
            let period = Period {
                timex,
                granularity,
                start: None,
                end: None,
                relative: false,
            };
            let value_type = if p.kind == DateKind::Set {
                DateType::Set
            } else {
                DateType::Duration
            };
            (period, value_type)
        }
        DateKind::Ago => {
            let period = ago(g, p, anchor)?;
            // "Net rose in the third quarter from a year ago": in a sentence about a quarter, a year back from
            // the quarter last reported (the one before the publication date's).
            let quarterly = unit(g, "date_unit")? == Some(Unit::Year)
                && period.start.is_some()
                && sentence_of(ctx, span).is_some_and(|s| s.to_lowercase().contains("quarter"));
            match (quarterly, anchor) {
                (true, Some(a)) => {
                    let years = count(g, p)?;
                    if years.fract() != 0.0 || !(1.0..=100.0).contains(&years) {
                        return Err(format!("{years} years ago is not a whole number of years"));
                    }
                    let mut q = shift(a, Unit::Quarter, -4 * (years as i64) - 1)?;
                    q.relative = true;
                    (q, DateType::Date)
                }
                _ => (period, DateType::Date),
            }
        }
        DateKind::Earlier => (part_of_current(g, anchor, Part::Earlier)?, DateType::Date),
        DateKind::Later => (part_of_current(g, anchor, Part::Later)?, DateType::Date),
        DateKind::Rest => (part_of_current(g, anchor, Part::Rest)?, DateType::Date),
        // `the past two months`: a duration (TimeML's reading) anchored at the publication date, its days kept.
        DateKind::NextN => (anchored(g, p, anchor, Counted::Next)?, DateType::Duration),
        DateKind::PastN => (anchored(g, p, anchor, Counted::Past)?, DateType::Duration),
        DateKind::Within => (anchored(g, p, anchor, Counted::Within)?, DateType::Duration),
        DateKind::FromNow => (from_now(g, p, anchor)?, DateType::Date),
        DateKind::InN => {
            if tense() != Tense::Future {
                return Err(
                    "\"in N units\" is a future date only in a future-tense sentence".into(),
                );
            }
            (from_now(g, p, anchor)?, DateType::Date)
        }
        DateKind::Compound => compound(g, ctx, span, anchor, Compound::Duration)?,
        DateKind::CompoundAgo => compound(g, ctx, span, anchor, Compound::Ago)?,
        DateKind::CompoundWithin => compound(g, ctx, span, anchor, Compound::Within)?,
        DateKind::Time => return super::times::normalize(p, g, ctx, span, modifier),
        DateKind::Holiday => return super::holidays::normalize(p, g, ctx, span, modifier),
        DateKind::Reference => {
            let timex = p.timex.clone().ok_or(
                "set.kind = \"reference\" needs set.timex (PRESENT_REF, PAST_REF or FUTURE_REF)",
            )?;
            let period = Period {
                timex,
                granularity: Granularity::Reference,
                start: None,
                end: None,
                relative: false,
            };
            (period, DateType::Date)
        }
        DateKind::WeekOf => {
            let day = resolve(&fields(g, p, "")?, anchor, &tense)?;
            let mut week = week_period(day.start.ok_or("the week of an unresolved day")?);
            week.relative = day.relative;
            (week, DateType::Date)
        }
    };
    let period = narrow(period, modifier);
    Ok(Value::Date(DateValue {
        timex: period.timex,
        kind: value_type,
        granularity: period.granularity,
        modifier,
        relative: period.relative,
        anchor: if period.relative {
            anchor.map(|d| d.to_string())
        } else {
            None
        },
        start: period.start.map(|d| d.to_string()),
        end: period.end.map(|d| d.to_string()),
        parts,
    }))
}

/// The text of the sentence holding `span`.
fn sentence_of<'t>(ctx: &Context<'t>, span: ByteSpan) -> Option<&'t str> {
    let i = ctx
        .segments
        .partition_point(|s| s.span.start() <= span.start());
    let seg = ctx.segments[i.checked_sub(1)?];
    seg.span.contains(span).then(|| seg.span.slice(ctx.text))
}

/// Whether the sentence holding `span` has a word of the `results_words` lexicon (`earnings`, `report`).
fn about_results(ctx: &Context, span: ByteSpan, g: &Groups) -> bool {
    let Some(words) = g.lexicon("results_words") else {
        return false;
    };
    sentence_of(ctx, span).is_some_and(|s| {
        s.split(|c: char| !c.is_alphanumeric())
            .any(|w| !w.is_empty() && words.get(&w.to_lowercase()).is_some())
    })
}

/// The endpoints of a range match: the first runs over the captures before the first one of the second point
/// (named `_end`, or `yy_end`), the second from there over every later capture (a year stated once, at the
/// end, belongs to the second: `from March to June 2025` → `March`, `June 2025`).
fn endpoint_parts(g: &Groups, span: ByteSpan, a: &Period, b: &Period) -> Vec<DatePart> {
    const NOT_A_POINT: [&str; 3] = ["date_mod", "dur_mod", "set_word"];
    let mut points: Vec<(&str, ByteSpan)> = g
        .items
        .iter()
        .filter(|(name, _)| !NOT_A_POINT.contains(name))
        .copied()
        .collect();
    points.sort_by_key(|(_, s)| s.start());
    let Some(split) = points.iter().position(|(name, _)| name.ends_with("_end")) else {
        return Vec::new();
    };
    if split == 0 {
        return Vec::new();
    }
    let cover = |items: &[(&str, ByteSpan)]| {
        let start = items.iter().map(|(_, s)| s.start()).min().unwrap_or(0);
        let stop = items.iter().map(|(_, s)| s.end()).max().unwrap_or(0);
        ByteSpan::new(start.max(span.start()), stop.min(span.end()).max(start))
    };
    let (sa, sb) = (cover(&points[..split]), cover(&points[split..]));
    if sa.end() > sb.start() || sa.is_empty() || sb.is_empty() {
        return Vec::new();
    }
    vec![part(g.text, sa, a), part(g.text, sb, b)]
}

/// A range endpoint at `span` of the analysed text.
fn part(text: &str, span: ByteSpan, p: &Period) -> DatePart {
    DatePart {
        text: span.slice(text).to_string(),
        span,
        chars: CharSpan::new(0, 0),
        timex: p.timex.clone(),
        granularity: p.granularity,
        start: p.start.map(|d| d.to_string()),
        end: p.end.map(|d| d.to_string()),
    }
}

fn month_period(year: i32, month: u32) -> Result<Period, String> {
    let start =
        Date::new(year, month, 1).ok_or_else(|| format!("month {month} is out of range"))?;
    Ok(Period {
        timex: format!("{year:04}-{month:02}"),
        granularity: Granularity::Month,
        start: Some(start),
        end: Some(start.month_end()),
        relative: false,
    })
}

fn span_months(
    year: i32,
    first: u32,
    last: u32,
    timex: String,
    granularity: Granularity,
) -> Period {
    let start = Date::new(year, first, 1);
    let end_year = if last < first { year + 1 } else { year };
    let end = Date::new(end_year, last, days_in_month(end_year, last));
    Period {
        timex,
        granularity,
        start,
        end,
        relative: false,
    }
}

fn year_period(year: i32) -> Period {
    Period {
        timex: format!("{year:04}"),
        granularity: Granularity::Year,
        start: Date::new(year, 1, 1),
        end: Date::new(year, 12, 31),
        relative: false,
    }
}

fn week_period(date: Date) -> Period {
    let (y, w) = date.iso_week();
    let start = Date::iso_week_start(y, w);
    Period {
        timex: format!("{y:04}-W{w:02}"),
        granularity: Granularity::Week,
        start,
        end: start.and_then(|s| s.add_days(6)),
        relative: false,
    }
}

fn day_period(date: Date) -> Period {
    Period {
        timex: date.to_string(),
        granularity: Granularity::Day,
        start: Some(date),
        end: Some(date),
        relative: false,
    }
}

/// The period of a point whose year is known.
fn absolute(f: &Fields, year: i32) -> Result<Period, String> {
    if !(1000..=2999).contains(&year) {
        return Err(format!("year {year} is out of range"));
    }
    if let Some(q) = f.quarter {
        if !(1..=4).contains(&q) {
            return Err(format!("quarter {q} is out of range"));
        }
        return Ok(span_months(
            year,
            3 * q - 2,
            3 * q,
            format!("{year:04}-Q{q}"),
            Granularity::Quarter,
        ));
    }
    if let Some(h) = f.half {
        if !(1..=2).contains(&h) {
            return Err(format!("half {h} is out of range"));
        }
        return Ok(span_months(
            year,
            6 * h - 5,
            6 * h,
            format!("{year:04}-H{h}"),
            Granularity::Half,
        ));
    }
    if let Some(s) = f.season {
        let (a, b) = s.months();
        return Ok(span_months(
            year,
            a,
            b,
            format!("{year:04}-{}", s.code()),
            Granularity::Season,
        ));
    }
    match (f.month, f.day) {
        (Some(m), Some(d)) => {
            let date = Date::new(year, m, d)
                .ok_or_else(|| format!("{year:04}-{m:02}-{d:02} is not a calendar date"))?;
            Ok(day_period(date))
        }
        (Some(m), None) => month_period(year, m),
        (None, _) => Ok(year_period(year)),
    }
}

/// How to pick one occurrence of a yearly recurring period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pick {
    /// The latest that ends before the anchor.
    Before,
    /// The latest that starts on or before the anchor.
    OnOrBefore,
    /// The earliest that starts after the anchor.
    After,
    /// The earliest that ends on or after the anchor.
    OnOrAfter,
    /// The one in the anchor's year.
    This,
    /// The one closest to the anchor, one after it counting [`AGAINST_TENSE`] times its distance.
    LeanBefore,
    /// The one closest to the anchor.
    Nearest,
}

fn pick_for(rel: Option<i32>, tense: Tense) -> Pick {
    match (rel, tense) {
        (Some(r), _) if r < 0 => Pick::Before,
        (Some(r), _) if r > 0 => Pick::After,
        (Some(_), _) => Pick::This,
        (None, Tense::Past) => Pick::OnOrBefore,
        (None, Tense::WeakPast) => Pick::LeanBefore,
        (None, Tense::Future) => Pick::OnOrAfter,
        (None, Tense::Unknown) => Pick::Nearest,
    }
}

/// How many times closer an occurrence after the anchor must be to win over one before it in a weak past.
const AGAINST_TENSE: i64 = 3;

/// The distance in days from the anchor `a` to the period `s..=e`, weighted by `before` for a period that
/// ends before the anchor and by `after` for one that starts after it (0 when it holds the anchor).
fn lean(a: i64, s: i64, e: i64, before: i64, after: i64) -> i64 {
    if a < s {
        (s - a) * after
    } else if a > e {
        (a - e) * before
    } else {
        0
    }
}

/// Resolves a yearly recurring period (a month, a day, a quarter, a season) against the anchor.
fn occurrence(f: &Fields, anchor: Date, pick: Pick) -> Result<Period, String> {
    let mut options = Vec::new();
    for y in anchor.year - 1..=anchor.year + 1 {
        // An invalid day in one year (29 February) just removes that year.
        if let Ok(p) = absolute(f, y) {
            options.push(p);
        }
    }
    let a = anchor.to_days();
    let bounds =
        |p: &Period| -> Option<(i64, i64)> { Some((p.start?.to_days(), p.end?.to_days())) };
    let chosen = match pick {
        Pick::This => options
            .into_iter()
            .find(|p| p.start.is_some_and(|s| s.year == anchor.year)),
        Pick::Before => options
            .into_iter()
            .rfind(|p| bounds(p).is_some_and(|(_, e)| e < a)),
        Pick::After => options
            .into_iter()
            .find(|p| bounds(p).is_some_and(|(s, _)| s > a)),
        Pick::OnOrBefore => options
            .into_iter()
            .rfind(|p| bounds(p).is_some_and(|(s, _)| s <= a)),
        Pick::OnOrAfter => options
            .into_iter()
            .find(|p| bounds(p).is_some_and(|(_, e)| e >= a)),
        // A weak past leans, it does not rule: "the reduced dividend is payable Jan. 2".
        Pick::LeanBefore => options
            .into_iter()
            .min_by_key(|p| bounds(p).map_or(i64::MAX, |(s, e)| lean(a, s, e, 1, AGAINST_TENSE))),
        Pick::Nearest => options
            .into_iter()
            .min_by_key(|p| bounds(p).map_or(i64::MAX, |(s, e)| lean(a, s, e, 1, 1))),
    };
    chosen.ok_or_else(|| "no occurrence near the publication date".into())
}

/// The placeholder value of a relative point without a publication date.
fn unresolved(f: &Fields) -> Period {
    let (timex, granularity) = if let Some(q) = f.quarter {
        (format!("XXXX-Q{q}"), Granularity::Quarter)
    } else if let Some(h) = f.half {
        (format!("XXXX-H{h}"), Granularity::Half)
    } else if let Some(s) = f.season {
        (format!("XXXX-{}", s.code()), Granularity::Season)
    } else if let (Some(m), Some(d)) = (f.month, f.day) {
        (format!("XXXX-{m:02}-{d:02}"), Granularity::Day)
    } else if let Some(m) = f.month {
        (format!("XXXX-{m:02}"), Granularity::Month)
    } else if let Some(w) = f.weekday {
        (format!("XXXX-WXX-{w}"), Granularity::Day)
    } else if f.deictic.is_some() {
        ("XXXX-XX-XX".to_string(), Granularity::Day)
    } else {
        match f.unit {
            Some(Unit::Day) => ("XXXX-XX-XX".to_string(), Granularity::Day),
            Some(Unit::Week) => ("XXXX-WXX".to_string(), Granularity::Week),
            Some(Unit::Month) => ("XXXX-XX".to_string(), Granularity::Month),
            Some(Unit::Quarter) => ("XXXX-QX".to_string(), Granularity::Quarter),
            _ => ("XXXX".to_string(), Granularity::Year),
        }
    };
    Period {
        timex,
        granularity,
        start: None,
        end: None,
        relative: true,
    }
}

pub(super) fn resolve(
    f: &Fields,
    anchor: Option<Date>,
    tense: &dyn Fn() -> Tense,
) -> Result<Period, String> {
    resolve_in(f, anchor, tense, &|| false)
}

/// [`resolve`], told whether the sentence speaks of results (see [`about_results`]).
fn resolve_in(
    f: &Fields,
    anchor: Option<Date>,
    tense: &dyn Fn() -> Tense,
    about_results: &dyn Fn() -> bool,
) -> Result<Period, String> {
    if let Some(fy) = f.fiscal {
        if !(1000..=2999).contains(&fy) {
            return Err(format!("fiscal year {fy} is out of range"));
        }
        return Ok(Period {
            // TIMEX3 has no fiscal year: the value is the year the fiscal year is named for, as TimeML has it;
            // the granularity and the days say which year is meant.
            timex: format!("{fy:04}"),
            granularity: Granularity::FiscalYear,
            start: Date::new(fy - 1, 10, 1),
            end: Date::new(fy, 9, 30),
            relative: false,
        });
    }
    if let Some(c) = f.century {
        if !(1..=30).contains(&c) {
            return Err(format!("century {c} is out of range"));
        }
        let first = (c - 1) * 100;
        return Ok(Period {
            timex: format!("{:02}", c - 1),
            granularity: Granularity::Century,
            start: Date::new(first.max(1), 1, 1),
            end: Date::new(first + 99, 12, 31),
            relative: false,
        });
    }
    if let Some(d) = f.decade {
        if d % 10 != 0 || !(1000..=2990).contains(&d) {
            return Err(format!("{d}s is not a decade"));
        }
        return Ok(Period {
            timex: format!("{:03}", d / 10),
            granularity: Granularity::Decade,
            start: Date::new(d, 1, 1),
            end: Date::new(d + 9, 12, 31),
            relative: false,
        });
    }
    if let Some(d) = f.decade2 {
        // The most recent such decade: "the 70s" said in 2016 are the 1970s.
        let now = anchor.map_or(2000, |a| a.year);
        let mut year = now - now.rem_euclid(100) + d;
        if year > now {
            year -= 100;
        }
        return resolve(
            &Fields {
                decade: Some(year),
                decade2: None,
                ..*f
            },
            anchor,
            tense,
        );
    }
    if let Some(y) = f.year {
        return absolute(f, y);
    }
    if let Some(r) = f.year_rel {
        let Some(a) = anchor else {
            return Ok(unresolved(f));
        };
        let mut p = absolute(f, a.year + r)?;
        p.relative = true;
        return Ok(p);
    }
    if let Some(d) = f.day
        && let Some(m) = f.month
        && (d == 0 || d > days_in_month(2024, m))
    {
        return Err(format!("day {d} does not exist in month {m}"));
    }
    if let Some(m) = f.month
        && !(1..=12).contains(&m)
    {
        return Err(format!("month {m} is out of range"));
    }
    let Some(anchor) = anchor else {
        return Ok(unresolved(f));
    };
    let mut p = if let Some(offset) = f.deictic {
        day_period(anchor.add_days(offset).ok_or("date out of range")?)
    } else if let (Some(w), Some(r)) = (f.weekday, f.week_rel) {
        let (y, week) = anchor
            .add_days(7 * i64::from(r))
            .ok_or("date out of range")?
            .iso_week();
        let monday = Date::iso_week_start(y, week).ok_or("date out of range")?;
        day_period(
            monday
                .add_days(i64::from(w) - 1)
                .ok_or("date out of range")?,
        )
    } else if let Some(w) = f.weekday.filter(|_| f.month.is_none()) {
        day_period(weekday(anchor, w, f.rel, tense))
    } else if f.month.is_some() || f.quarter.is_some() || f.half.is_some() || f.season.is_some() {
        let tense = if f.rel.is_some() {
            Tense::Unknown
        } else {
            match tense() {
                // Results are reported after the period ends: "will report third-quarter earnings" in
                // October is about the quarter just ended, so in a sentence about results (lexicon
                // `results_words`) a future quarter or half is the nearest.
                Tense::Future if (f.quarter.is_some() || f.half.is_some()) && about_results() => {
                    Tense::Unknown
                }
                t => t,
            }
        };
        // A weak past leans only for a day ("payable Jan. 2"); a month, quarter or season in it is past ("In
        // January, the President signed").
        let tense = match tense {
            Tense::WeakPast if f.day.is_none() => Tense::Past,
            t => t,
        };
        occurrence(f, anchor, pick_for(f.rel, tense))?
    } else if let (Some(rel), Some(unit)) = (f.rel, f.unit) {
        shift(anchor, unit, i64::from(rel))?
    } else {
        return Err("nothing to resolve: no year, month, weekday or unit".into());
    };
    p.relative = true;
    Ok(p)
}

/// The weekday `w` (1 = Monday) nearest the anchor in the direction `rel` or the tense gives.
fn weekday(anchor: Date, w: u32, rel: Option<i32>, tense: &dyn Fn() -> Tense) -> Date {
    let today = i64::from(anchor.weekday());
    let w = i64::from(w);
    let back = |strict: bool| {
        let mut d = (today - w).rem_euclid(7);
        if strict && d == 0 {
            d = 7;
        }
        anchor.add_days(-d)
    };
    let ahead = |strict: bool| {
        let mut d = (w - today).rem_euclid(7);
        if strict && d == 0 {
            d = 7;
        }
        anchor.add_days(d)
    };
    let day = match rel {
        Some(r) if r < 0 => back(true),
        Some(r) if r > 0 => ahead(true),
        Some(_) => anchor.add_days(w - today),
        None => match tense() {
            Tense::Future => ahead(false),
            Tense::Past | Tense::WeakPast | Tense::Unknown => back(false),
        },
    };
    day.unwrap_or(anchor)
}

/// The period of `unit` containing the anchor moved by `n` units.
fn shift(anchor: Date, unit: Unit, n: i64) -> Result<Period, String> {
    let err = || "date out of range".to_string();
    let n32 = i32::try_from(n).map_err(|_| err())?;
    Ok(match unit {
        Unit::Day => day_period(anchor.add_days(n).ok_or_else(err)?),
        Unit::Week => week_period(anchor.add_days(7 * n).ok_or_else(err)?),
        Unit::Month => {
            let m = anchor.add_months(n32).ok_or_else(err)?;
            month_period(m.year, m.month)?
        }
        Unit::Quarter => {
            let m = anchor.add_months(3 * n32).ok_or_else(err)?;
            let q = (m.month - 1) / 3 + 1;
            span_months(
                m.year,
                3 * q - 2,
                3 * q,
                format!("{:04}-Q{q}", m.year),
                Granularity::Quarter,
            )
        }
        Unit::Year => year_period(anchor.year + n32),
        Unit::Decade => {
            let d = (anchor.year + 10 * n32).div_euclid(10) * 10;
            Period {
                timex: format!("{:03}", d / 10),
                granularity: Granularity::Decade,
                start: Date::new(d, 1, 1),
                end: Date::new(d + 9, 12, 31),
                relative: false,
            }
        }
        Unit::Century | Unit::Fortnight | Unit::Hour | Unit::Minute | Unit::Second => {
            return Err(format!("a relative {unit:?} is not resolved"));
        }
    })
}

/// The `count` capture: digits, `a`/`an`, or a number word from the `count` lexicon; else `set.count`; else 1.
pub(super) fn count(g: &Groups, p: &DateParams) -> Result<f64, String> {
    let n = match g.get("count") {
        None => match p.count {
            Some(c) => c,
            None => return Ok(1.0),
        },
        Some(raw) if raw.eq_ignore_ascii_case("another") => 1.0,
        Some(raw) if raw.eq_ignore_ascii_case("a") || raw.eq_ignore_ascii_case("an") => 1.0,
        Some(raw) => match raw.parse::<f64>() {
            Ok(n) => n,
            Err(_) => lex::<f64>(g, "count", "count")?.ok_or("no count")?,
        },
    };
    if !(n > 0.0 && n < 1000.0) {
        return Err(format!(
            "count {n} is not a plausible number of calendar units"
        ));
    }
    Ok(n)
}

fn ago(g: &Groups, p: &DateParams, anchor: Option<Date>) -> Result<Period, String> {
    let n = count(g, p)?;
    let unit = unit(g, "date_unit")?.ok_or("no unit captured")?;
    if n.fract() != 0.0 {
        return Err(format!("{n} {unit:?}s ago is not a whole number of units"));
    }
    let Some(anchor) = anchor else {
        return Ok(unresolved(&Fields {
            unit: Some(unit),
            ..Fields::default()
        }));
    };
    let mut p = match unit {
        Unit::Decade => shift(anchor, Unit::Decade, -(n as i64))?,
        Unit::Century => year_period(anchor.year - 100 * n as i32),
        _ => shift(anchor, unit, -(n as i64))?,
    };
    p.relative = true;
    Ok(p)
}

/// Which part of the current period: [`DateKind::Earlier`], [`DateKind::Later`] or [`DateKind::Rest`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Earlier,
    Later,
    Rest,
}

/// `earlier this year`, `later this month`, `the rest of the week`: the current period, cut at the anchor.
fn part_of_current(g: &Groups, anchor: Option<Date>, part: Part) -> Result<Period, String> {
    let unit = unit(g, "date_unit")?.ok_or("no unit captured")?;
    let Some(anchor) = anchor else {
        return Ok(unresolved(&Fields {
            unit: Some(unit),
            ..Fields::default()
        }));
    };
    let mut p = shift(anchor, unit, 0)?;
    match part {
        Part::Earlier => p.end = Some(anchor.add_days(-1).unwrap_or(anchor)),
        Part::Later => p.start = Some(anchor.add_days(1).unwrap_or(anchor)),
        Part::Rest => p.start = Some(anchor),
    }
    if let (Some(s), Some(e)) = (p.start, p.end)
        && e < s
    {
        return Err("nothing of the period is left on that side of the publication date".into());
    }
    p.relative = true;
    Ok(p)
}

/// Which way a counted span runs: [`DateKind::NextN`], [`DateKind::PastN`] or [`DateKind::Within`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Counted {
    Next,
    Past,
    Within,
}

/// `the next 3 days`, `the past 2 decades`, `within 5 years`: a span of whole units before or after the anchor
/// (decades are calendar decades).
/// A counted span as a duration: the length as its value, the days it covers from the publication date as
/// `start` and `end`.
fn anchored(
    g: &Groups,
    p: &DateParams,
    anchor: Option<Date>,
    kind: Counted,
) -> Result<Period, String> {
    if unit(g, "date_unit")?.is_some_and(Unit::sub_day) {
        // `the past 24 hours`: a length shorter than a day covers no whole days.
        return Ok(Period {
            timex: duration(g, p)?,
            granularity: Granularity::Duration,
            start: None,
            end: None,
            relative: false,
        });
    }
    let span = counted_span(g, p, anchor, kind)?;
    Ok(Period {
        timex: duration(g, p)?,
        granularity: Granularity::Duration,
        ..span
    })
}

fn counted_span(
    g: &Groups,
    p: &DateParams,
    anchor: Option<Date>,
    kind: Counted,
) -> Result<Period, String> {
    let ahead = kind != Counted::Past;
    let n = count(g, p)?;
    let unit = unit(g, "date_unit")?.ok_or("no unit captured")?;
    if n.fract() != 0.0 {
        return Err(format!("{n} is not a whole number of units"));
    }
    let n = n as i64;
    let Some(a) = anchor else {
        return Ok(unresolved(&Fields {
            unit: Some(unit),
            ..Fields::default()
        }));
    };
    let err = || "date out of range".to_string();
    let (start, end) = match unit {
        Unit::Decade | Unit::Century => {
            let size = if unit == Unit::Decade { 10 } else { 100 };
            let current = a.year - a.year.rem_euclid(size);
            let (first, last) = if ahead {
                (current + size, current + size * (1 + n as i32))
            } else {
                (current - size * n as i32, current)
            };
            (
                Date::new(first, 1, 1).ok_or_else(err)?,
                Date::new(last - 1, 12, 31).ok_or_else(err)?,
            )
        }
        _ => {
            let step = |d: Date, k: i64| -> Option<Date> {
                match unit {
                    Unit::Day => d.add_days(k),
                    Unit::Week => d.add_days(7 * k),
                    Unit::Month | Unit::Quarter | Unit::Year => {
                        let months = k * if unit == Unit::Month {
                            1
                        } else if unit == Unit::Quarter {
                            3
                        } else {
                            12
                        };
                        let first = d.add_months(i32::try_from(months).ok()?)?;
                        Some(Date::new(
                            first.year,
                            first.month,
                            d.day.min(days_in_month(first.year, first.month)),
                        )?)
                    }
                    _ => None,
                }
            };
            if kind == Counted::Within {
                // "within 5 days": from the anchor through the day before the fifth day after it.
                (a, step(a, n).and_then(|d| d.add_days(-1)).ok_or_else(err)?)
            } else if ahead {
                (a.add_days(1).ok_or_else(err)?, step(a, n).ok_or_else(err)?)
            } else {
                (
                    step(a, -n).ok_or_else(err)?,
                    a.add_days(-1).ok_or_else(err)?,
                )
            }
        }
    };
    Ok(Period {
        timex: format!("{start}/{end}"),
        granularity: Granularity::Day,
        start: Some(start),
        end: Some(end),
        relative: true,
    })
}

/// `two weeks from now`, `in 3 weeks` (future tense): the day that many units after the anchor.
fn from_now(g: &Groups, p: &DateParams, anchor: Option<Date>) -> Result<Period, String> {
    let n = count(g, p)?;
    let unit = unit(g, "date_unit")?.ok_or("no unit captured")?;
    if n.fract() != 0.0 {
        return Err(format!("{n} is not a whole number of units"));
    }
    let Some(a) = anchor else {
        return Ok(unresolved(&Fields {
            unit: Some(Unit::Day),
            ..Fields::default()
        }));
    };
    let n = n as i64;
    let err = || "date out of range".to_string();
    let day = match unit {
        Unit::Day => a.add_days(n),
        Unit::Week => a.add_days(7 * n),
        Unit::Fortnight => a.add_days(14 * n),
        Unit::Hour | Unit::Minute | Unit::Second => {
            return Err(format!("{n} {unit:?}s from now is a time, not a day"));
        }
        Unit::Month | Unit::Quarter | Unit::Year | Unit::Decade | Unit::Century => {
            let months = n * match unit {
                Unit::Month => 1,
                Unit::Quarter => 3,
                Unit::Year => 12,
                Unit::Decade => 120,
                _ => 1200,
            };
            let m = a
                .add_months(i32::try_from(months).map_err(|_| err())?)
                .ok_or_else(err)?;
            Date::new(m.year, m.month, a.day.min(days_in_month(m.year, m.month)))
        }
    }
    .ok_or_else(err)?;
    let mut p = day_period(day);
    p.relative = true;
    Ok(p)
}

/// What a compound duration is: [`DateKind::Compound`], [`DateKind::CompoundAgo`] or
/// [`DateKind::CompoundWithin`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Compound {
    Duration,
    Ago,
    Within,
}

/// `1 year 1 month 21 days` (a duration), `… ago` (a day), `within …` (a span from tomorrow): the fact's text
/// read as count-unit pairs.
fn compound(
    g: &Groups,
    ctx: &Context,
    span: ByteSpan,
    anchor: Option<Date>,
    kind: Compound,
) -> Result<(Period, DateType), String> {
    let text = span.slice(ctx.text);
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let units = g.lexicon("date_unit").ok_or("no date_unit lexicon")?;
    let counts = g.lexicon("count");
    let mut parts: Vec<(u32, char)> = Vec::new();
    let mut pending: Option<u32> = None;
    for w in &words {
        let n = w
            .parse::<u32>()
            .ok()
            .or_else(|| (w == "a" || w == "an").then_some(1))
            .or_else(|| counts.and_then(|l| l.get(w)).and_then(|v| v.parse().ok()));
        if let Some(n) = n {
            pending = Some(n);
            continue;
        }
        if let (Some(n), Some(u)) = (pending, units.get(w)) {
            let letter = match u {
                "Y" => 'Y',
                "M" => 'M',
                "W" => 'W',
                "D" => 'D',
                other => return Err(format!("unit {other} in a compound duration")),
            };
            parts.push((n, letter));
            pending = None;
        }
    }
    if parts.len() < 2 {
        return Err("a compound duration needs two or more parts".into());
    }
    let order = |c: char| "YMWD".find(c).unwrap_or(4);
    parts.sort_by_key(|&(_, c)| order(c));
    let mut timex = String::from("P");
    for (n, c) in &parts {
        timex.push_str(&format!("{n}{c}"));
    }
    if kind == Compound::Duration {
        let p = Period {
            timex,
            granularity: Granularity::Duration,
            start: None,
            end: None,
            relative: false,
        };
        return Ok((p, DateType::Duration));
    }
    let Some(a) = anchor else {
        let p = Period {
            timex: "XXXX-XX-XX".into(),
            granularity: Granularity::Day,
            start: None,
            end: None,
            relative: true,
        };
        return Ok((p, DateType::Date));
    };
    let sign: i64 = if kind == Compound::Ago { -1 } else { 1 };
    let mut d = a;
    for &(n, c) in &parts {
        let n = sign * i64::from(n);
        d = match c {
            'Y' => {
                let m = d.add_months(12 * n as i32).ok_or("date out of range")?;
                Date::new(m.year, m.month, d.day.min(days_in_month(m.year, m.month)))
                    .ok_or("date out of range")?
            }
            'M' => {
                let m = d.add_months(n as i32).ok_or("date out of range")?;
                Date::new(m.year, m.month, d.day.min(days_in_month(m.year, m.month)))
                    .ok_or("date out of range")?
            }
            'W' => d.add_days(7 * n).ok_or("date out of range")?,
            _ => d.add_days(n).ok_or("date out of range")?,
        };
    }
    let mut p = if kind == Compound::Ago {
        day_period(d)
    } else {
        let end = d.add_days(-1).ok_or("date out of range")?;
        Period {
            timex: format!("{a}/{end}"),
            granularity: Granularity::Day,
            start: Some(a),
            end: Some(end),
            relative: true,
        }
    };
    p.relative = true;
    Ok((p, DateType::Date))
}

/// Narrows `start`/`end` to the part of the period a modifier names: for a year, the first, middle or last
/// four months; for a month, days 1–15, 11–20 or 16–end; for a week, Monday–Wednesday, Tuesday–Thursday or
/// Thursday–Sunday. The timex is unchanged; `mod` says which part.
fn narrow(mut p: Period, modifier: Option<DateModifier>) -> Period {
    let (Some(m), Some(s), Some(e)) = (modifier, p.start, p.end) else {
        return p;
    };
    let part = match m {
        DateModifier::Start => 0,
        DateModifier::Mid => 1,
        DateModifier::End => 2,
        _ => return p,
    };
    let (first, last) = match p.granularity {
        Granularity::Year => {
            let (a, b) = [(1, 4), (5, 8), (9, 12)][part];
            (
                Date::new(s.year, a, 1),
                Date::new(s.year, b, days_in_month(s.year, b)),
            )
        }
        Granularity::Month => {
            let (a, b) = [(1, 15), (11, 20), (16, days_in_month(s.year, s.month))][part];
            (Date::new(s.year, s.month, a), Date::new(s.year, s.month, b))
        }
        Granularity::Week => {
            let (a, b) = [(0, 2), (1, 3), (3, 6)][part];
            (s.add_days(a), s.add_days(b))
        }
        _ => return p,
    };
    if let (Some(a), Some(b)) = (first, last)
        && s <= a
        && b <= e
    {
        p.start = Some(a);
        p.end = Some(b);
    }
    p
}

fn duration(g: &Groups, p: &DateParams) -> Result<String, String> {
    let n = count(g, p)?;
    let unit = unit(g, "date_unit")?.ok_or("no unit captured")?;
    let (n, letter) = match unit {
        Unit::Day => (n, 'D'),
        Unit::Week => (n, 'W'),
        Unit::Month => (n, 'M'),
        Unit::Quarter => (n, 'Q'),
        Unit::Year => (n, 'Y'),
        Unit::Decade => (10.0 * n, 'Y'),
        Unit::Century => (100.0 * n, 'Y'),
        Unit::Fortnight => (2.0 * n, 'W'),
        Unit::Hour => return Ok(format!("PT{n}H")),
        Unit::Minute => return Ok(format!("PT{n}M")),
        Unit::Second => return Ok(format!("PT{n}S")),
    };
    Ok(format!("P{n}{letter}"))
}

fn range(
    g: &Groups,
    p: &DateParams,
    anchor: Option<Date>,
    tense: &dyn Fn() -> Tense,
) -> Result<(Period, Period, Period), String> {
    let mut a = fields(g, p, "")?;
    let mut b = fields(g, p, "_end")?;
    if b.year.is_none()
        && let Some(yy) = g.get("yy_end")
    {
        let yy: i32 = parse_num("year", yy)?;
        let start = a.year.ok_or("a two-digit end year needs a start year")?;
        b.year = Some(start - start % 100 + yy);
    }
    // A field stated once applies to both ends: "from March to June 2025", "March 3-5, 2025".
    macro_rules! share {
        ($($f:ident),*) => {$(
            if a.$f.is_none() { a.$f = b.$f; }
            if b.$f.is_none() { b.$f = a.$f; }
        )*};
    }
    share!(year, rel);
    if a.month.is_none() && a.day.is_some() {
        a.month = b.month; // "from 4 to January 22"
    }
    if b.month.is_none() && b.day.is_some() {
        b.month = a.month;
    }
    let start = resolve(&a, anchor, tense)?;
    // A relative end follows its start: the first such period on or after it.
    if b.year.is_none()
        && let Some(s) = start.start
    {
        b.year = Some(s.year);
        if absolute(&b, s.year).is_ok_and(|p| p.end.is_some_and(|e| e < s)) {
            b.year = Some(s.year + 1);
        }
    }
    let mut end = resolve(&b, anchor, tense)?;
    end.relative |= start.relative;
    if let (Some(s), Some(e)) = (start.start, end.end)
        && e < s
    {
        return Err(format!(
            "range ends ({}) before it starts ({})",
            end.timex, start.timex
        ));
    }
    let whole = Period {
        timex: format!("{}/{}", start.timex, end.timex),
        granularity: start.granularity,
        start: start.start,
        end: end.end,
        relative: start.relative || end.relative,
    };
    Ok((whole, start, end))
}
