//! Dates: calendar expressions into TIMEX3 values.
//!
//! Captures read: `year` (four digits), `month` (through the `month` lexicon: `Jan.` → 1) or `month_num`
//! (digits), `day`, and
//! `date_mod` (through the `date_mod` lexicon: `the end of` → `END`); `set.mod` gives a fixed modifier.
//! The value's granularity is the finest field present: `March 3, 2025` → `2025-03-03` (day), `June 2025` →
//! `2025-06` (month), `in 2027` → `2027` (year). A month or day without a year takes the publication year and
//! is `relative`; without a publication date it stays unresolved: `a November executive order` → `XXXX-11`.

use crate::date::{Date, days_in_month};
use crate::extract::{Context, Groups};
use crate::record::{DateValue, Value};

pub(crate) fn normalize(g: &Groups, ctx: &Context) -> Result<Value, String> {
    let year: Option<i32> = match g.get("year") {
        Some(y) => Some(
            y.parse()
                .map_err(|_| format!("year {y:?} is not a number"))?,
        ),
        None => None,
    };
    let month: Option<u32> = match g
        .normalized("month")?
        .or_else(|| g.get("month_num").map(str::to_string))
    {
        Some(m) => Some(
            m.parse()
                .map_err(|_| format!("month value {m:?} is not a number"))?,
        ),
        None => None,
    };
    let day: Option<u32> = match g.get("day") {
        Some(d) => Some(
            d.parse()
                .map_err(|_| format!("day {d:?} is not a number"))?,
        ),
        None => None,
    };
    let modifier = match g.normalized("date_mod")? {
        Some(m) => Some(m),
        None => g.set("mod").map(str::to_string),
    };
    if let Some(y) = year
        && !(1000..=2999).contains(&y)
    {
        return Err(format!("year {y} is out of range"));
    }
    if let Some(m) = month
        && !(1..=12).contains(&m)
    {
        return Err(format!("month {m} is out of range"));
    }
    let relative = year.is_none();
    let year = year.or_else(|| {
        if relative {
            ctx.doc_date.map(|d| d.year)
        } else {
            None
        }
    });
    let anchor = if relative {
        ctx.doc_date.map(|d| d.to_string())
    } else {
        None
    };
    let (timex, granularity, start, end) = match (year, month, day) {
        (Some(y), Some(m), Some(d)) => {
            let date = Date::new(y, m, d)
                .ok_or_else(|| format!("{y:04}-{m:02}-{d:02} is not a calendar date"))?;
            (date.to_string(), "day", Some(date), Some(date))
        }
        (None, Some(m), Some(d)) => {
            if d == 0 || d > days_in_month(2024, m) {
                return Err(format!("day {d} does not exist in month {m}"));
            }
            (format!("XXXX-{m:02}-{d:02}"), "day", None, None)
        }
        (Some(y), Some(m), None) => {
            let first = Date::new(y, m, 1);
            let last = Date::new(y, m, days_in_month(y, m));
            (format!("{y:04}-{m:02}"), "month", first, last)
        }
        (None, Some(m), None) => (format!("XXXX-{m:02}"), "month", None, None),
        (Some(y), None, None) => (
            format!("{y:04}"),
            "year",
            Date::new(y, 1, 1),
            Date::new(y, 12, 31),
        ),
        _ => return Err("no year or month captured".into()),
    };
    Ok(Value::Date(DateValue {
        timex,
        kind: "DATE",
        granularity,
        modifier,
        relative,
        anchor,
        start: start.map(|d| d.to_string()),
        end: end.map(|d| d.to_string()),
    }))
}
