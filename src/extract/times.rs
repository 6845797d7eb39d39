//! Times of day: `8 PM`, `15:00 GMT Saturday`, `Friday afternoon`, `tonight` into TIMEX3 `TIME` values.
//!
//! A time is a day and a time of that day: `2013-03-22T20:00` (`8 p.m. Friday`), `2013-03-22TAF` (`Friday
//! afternoon`). The normalizer reads:
//!
//! | capture | meaning | example |
//! |---|---|---|
//! | `hour` | 0–24 in digits, or a number word of the `count` lexicon | `8`, `four` |
//! | `minute`, `second` | two digits | `8:15:30` |
//! | `ampm` | `a.m.`, `AM`, `pm`, … | |
//! | `part_of_day` | a phrase whose last word is in the `part_of_day` lexicon | `this morning`, `at night`, `noon` |
//! | `tz` | a zone of the `time_zone` lexicon | `EST`, `GMT`, `local time` |
//! | `date_mod` | lexicon `date_mod` → TIMEX3 `mod` | `around` → `APPROX`, `mid-` → `MID` |
//! | the day fields of [`super::dates`] | the day the time is on | `Friday`, `Nov. 9`, `tomorrow` |
//!
//! The `part_of_day` lexicon gives a part of the day (`MO`, `AF`, `EV`, `NI`, `DT`) or a clock time (`noon` →
//! `12:00`, `midnight` → `24:00`, the end of the day as TimeML writes it). With an hour, the part only says
//! which half of the day it is in: `4 in the morning` → `T04:00`, `8 in the evening` → `T20:00`; an `a.m.`/`p.m.`
//! wins over it. A written hour without minutes is `HH:00` with granularity `hour`, as the TimeML gold
//! writes `10 p.m.`; minutes (and seconds, kept when written) give granularity `minute`; a part of the day gives
//! `part_of_day` (`TMO`), noon and midnight `hour`.
//!
//! The day: a weekday, a month and day, a year, `today`/`tomorrow`/`yesterday` resolve the way dates do (the
//! sentence's tense picks the weekday, see [`super::dates`]). Without one the time is on the publication day
//! (`tonight`, `this morning`, a bare `8 p.m.`), except a part-of-day phrase opening with `last` (`last
//! night`), the day before, and `overnight`, the night before the publication day in a sentence that is not
//! in the future tense. Without a publication date the day keeps `X` placeholders: `XXXX-XX-XXTNI`,
//! `XXXX-WXX-5T20:00`.
//!
//! Time zones: the TimeML gold writes the clock time as stated and no offset (`5 p.m. EST Nov. 9` →
//! `1989-11-09T17:00`), and so do we: the zone stays in the fact's text, not in the timex, so that `10:30 a.m.
//! ET` and `10:30 a.m.` of the same day get the same value. The `time_zone` lexicon lists the zones the rules
//! accept, with their UTC offsets, for a record field that could carry them.

use crate::extract::context::{Context, Groups};
use crate::extract::tense::{Tense, tense_at};
use crate::model::date::Date;
use crate::model::span::ByteSpan;
use crate::model::value::{DateModifier, DateType, DateValue, Granularity, Value};
use crate::rules::DateParams;

/// The captures that give the day a time is on, read by [`super::dates::fields`].
const DAY_CAPTURES: &[&str] = &["year", "month", "month_num", "day", "weekday", "deictic"];

/// The time of day, before it is put on a day.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Clock {
    /// Hour, minute, second; `minute` absent when only the hour was written.
    At {
        hour: u32,
        minute: Option<u32>,
        second: Option<u32>,
    },
    /// A part of the day: `MO`, `AF`, `EV`, `NI`, `DT`.
    Part(String),
    /// A clock time the `part_of_day` lexicon gives (`noon` → `12:00`).
    Named(String),
}

impl Clock {
    fn timex(&self) -> String {
        match self {
            Clock::At {
                hour,
                minute,
                second,
            } => {
                let mut t = format!("T{hour:02}:{:02}", minute.unwrap_or(0));
                if let Some(s) = second {
                    t.push_str(&format!(":{s:02}"));
                }
                t
            }
            Clock::Part(code) => format!("T{code}"),
            Clock::Named(clock) => format!("T{clock}"),
        }
    }

    fn granularity(&self) -> Granularity {
        match self {
            Clock::At { minute: None, .. } | Clock::Named(_) => Granularity::Hour,
            Clock::At { .. } => Granularity::Minute,
            Clock::Part(_) => Granularity::PartOfDay,
        }
    }
}

/// A phrase of the `part_of_day` capture, read.
struct PartPhrase {
    /// The lexicon value of its last word: `MO`, `NI`, `12:00`.
    value: String,
    /// `last night`: the day before.
    last: bool,
    /// `overnight`.
    overnight: bool,
}

fn part_phrase(g: &Groups) -> Result<Option<PartPhrase>, String> {
    let Some(raw) = g.get("part_of_day") else {
        return Ok(None);
    };
    let lexicon = g.lexicon("part_of_day").ok_or("no part_of_day lexicon")?;
    let words: Vec<&str> = raw
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let last_word = words.last().ok_or("an empty part of the day")?;
    let value = lexicon
        .get(last_word)
        .ok_or_else(|| format!("{last_word:?} is not in lexicon part_of_day"))?
        .to_string();
    Ok(Some(PartPhrase {
        value,
        last: words
            .first()
            .is_some_and(|w| w.eq_ignore_ascii_case("last")),
        overnight: last_word.eq_ignore_ascii_case("overnight"),
    }))
}

fn number(what: &str, raw: &str) -> Result<u32, String> {
    raw.parse()
        .map_err(|_| format!("{what} {raw:?} is not a number"))
}

/// The hour in digits, or a number word of the `count` lexicon (`four in the morning`).
fn hour(g: &Groups) -> Result<Option<u32>, String> {
    let Some(raw) = g.get("hour") else {
        return Ok(None);
    };
    if raw.bytes().all(|b| b.is_ascii_digit()) {
        return number("hour", raw).map(Some);
    }
    let word = g
        .lexicon("count")
        .and_then(|l| l.get(raw))
        .ok_or_else(|| format!("hour {raw:?} is not a number word"))?;
    number("hour", word).map(Some)
}

/// `a.m.` → false, `PM` → true.
fn is_pm(raw: &str) -> Result<bool, String> {
    match raw
        .bytes()
        .find(u8::is_ascii_alphabetic)
        .map(|b| b.to_ascii_lowercase())
    {
        Some(b'a') => Ok(false),
        Some(b'p') => Ok(true),
        _ => Err(format!("{raw:?} is neither a.m. nor p.m.")),
    }
}

fn clock(g: &Groups, part: Option<&PartPhrase>) -> Result<Clock, String> {
    let Some(mut h) = hour(g)? else {
        let part = part.ok_or("a time needs an hour or a part of the day")?;
        return Ok(if part.value.contains(':') {
            Clock::Named(part.value.clone())
        } else {
            Clock::Part(part.value.clone())
        });
    };
    let minute = g.get("minute").map(|m| number("minute", m)).transpose()?;
    let second = g.get("second").map(|s| number("second", s)).transpose()?;
    if minute.is_some_and(|m| m > 59) || second.is_some_and(|s| s > 59) {
        return Err("minutes and seconds run to 59".into());
    }
    let pm = g.get("ampm").map(is_pm).transpose()?;
    h = place_hour(h, pm, part.map(|pp| pp.value.as_str()))?;
    if h > 24 || (h == 24 && (minute.unwrap_or(0) != 0 || second.unwrap_or(0) != 0)) {
        return Err(format!("{h} is not an hour of the day"));
    }
    Ok(Clock::At {
        hour: h,
        minute,
        second,
    })
}

/// The hour on a 24-hour clock: `pm` says a.m. (false) or p.m. (true) when written, else the part of the day
/// (`MO`, `AF`, `EV`, `NI`) places an hour of 1–12; a 24-hour clock (`15:00`) stays as it is.
fn place_hour(h: u32, pm: Option<bool>, part: Option<&str>) -> Result<u32, String> {
    if let Some(pm) = pm {
        if !(1..=12).contains(&h) {
            return Err(format!("{h} is not an hour of a.m. or p.m."));
        }
        return Ok(match (pm, h) {
            (false, 12) => 0,
            (true, 12) | (false, _) => h,
            (true, _) => h + 12,
        });
    }
    Ok(match (part, h) {
        (Some("AF" | "EV"), 1..=11) | (Some("NI"), 5..=11) => h + 12,
        (Some("NI" | "MO"), 12) => 0,
        _ => h,
    })
}

/// The day a time is on: its timex (`2013-03-22`, `XXXX-WXX-5`), whether it depends on the publication date.
fn day(
    p: &DateParams,
    g: &Groups,
    ctx: &Context,
    span: ByteSpan,
    part: Option<&PartPhrase>,
) -> Result<(String, bool), String> {
    let tense = || tense_at(ctx.text, ctx.segments, ctx.tenses, span, g.lexicons);
    if DAY_CAPTURES.iter().any(|c| g.get(c).is_some()) {
        let period = super::dates::resolve(&super::dates::fields(g, p, "")?, ctx.doc_date, &tense)?;
        if period.granularity != Granularity::Day {
            return Err(format!("a time on {}, which is not a day", period.timex));
        }
        return Ok((period.timex, period.relative));
    }
    let offset = match part {
        Some(pp) if pp.last => -1,
        Some(pp) if pp.overnight && tense() != Tense::Future => -1,
        _ => 0,
    };
    let Some(anchor) = ctx.doc_date else {
        return Ok(("XXXX-XX-XX".into(), true));
    };
    let date: Date = anchor.add_days(offset).ok_or("date out of range")?;
    Ok((date.to_string(), true))
}

/// The value of a `set.kind = "time"` match.
pub(crate) fn normalize(
    p: &DateParams,
    g: &Groups,
    ctx: &Context,
    span: ByteSpan,
    modifier: Option<DateModifier>,
) -> Result<Value, String> {
    let part = part_phrase(g)?;
    let clock = clock(g, part.as_ref())?;
    let (day, relative) = day(p, g, ctx, span, part.as_ref())?;
    Ok(Value::Date(DateValue {
        timex: format!("{day}{}", clock.timex()),
        kind: DateType::Time,
        granularity: clock.granularity(),
        modifier,
        relative,
        anchor: if relative {
            ctx.doc_date.map(|d| d.to_string())
        } else {
            None
        },
        start: Date::parse(&day).map(|d| d.to_string()),
        end: Date::parse(&day).map(|d| d.to_string()),
        parts: Vec::new(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_are_placed_by_am_pm_or_the_part_of_the_day() {
        // Hour, p.m., part of the day, the hour placed.
        type Case = (u32, Option<bool>, Option<&'static str>, Option<u32>);
        let cases: &[Case] = &[
            (8, Some(true), None, Some(20)),
            (8, Some(false), None, Some(8)),
            (12, Some(false), None, Some(0)),
            (12, Some(true), None, Some(12)),
            (13, Some(true), None, None),
            (0, Some(false), None, None),
            (4, None, Some("MO"), Some(4)),
            (8, None, Some("EV"), Some(20)),
            (7, None, Some("AF"), Some(19)),
            (11, None, Some("NI"), Some(23)),
            (2, None, Some("NI"), Some(2)),
            (12, None, Some("NI"), Some(0)),
            (15, None, Some("NI"), Some(15)),
            (8, Some(false), Some("EV"), Some(8)),
            (15, None, None, Some(15)),
        ];
        for &(h, pm, part, want) in cases {
            assert_eq!(place_hour(h, pm, part).ok(), want, "{h} {pm:?} {part:?}");
        }
    }

    #[test]
    fn am_pm_forms() {
        for (raw, pm) in [
            ("a.m.", false),
            ("AM", false),
            ("p. m.", true),
            ("pm", true),
        ] {
            assert_eq!(is_pm(raw), Ok(pm), "{raw}");
        }
        assert!(is_pm("..").is_err());
    }

    #[test]
    fn clock_timex_and_granularity() {
        let at = |hour, minute, second| Clock::At {
            hour,
            minute,
            second,
        };
        let cases = [
            (at(20, None, None), "T20:00", Granularity::Hour),
            (at(10, Some(35), None), "T10:35", Granularity::Minute),
            (at(7, Some(7), Some(0)), "T07:07:00", Granularity::Minute),
            (Clock::Part("AF".into()), "TAF", Granularity::PartOfDay),
            (Clock::Named("24:00".into()), "T24:00", Granularity::Hour),
        ];
        for (clock, timex, granularity) in cases {
            assert_eq!(clock.timex(), timex);
            assert_eq!(clock.granularity(), granularity, "{timex}");
        }
    }
}
