//! Numbers: percentages and counted nouns.
//!
//! Percentages read `number` (digits, thousands separators, a decimal point) and `percent_mod` (through the
//! `percent_mod` lexicon: `about` → `APPROX`); `set.unit` gives the unit (default `percent`). `74 percent` →
//! `{amount: 74.0, unit: "percent", fraction: 0.74}`; the fraction is computed on the decimal string, so
//! `53.4%` gives exactly `0.534`.
//!
//! Quantities read `number` and `unit` (through a `unit` lexicon when there is one, else lowercased):
//! `24 American organizations` → `{amount: 24.0, unit: "organizations"}`. A bare four-digit number between
//! 1000 and 2999 is refused as a likely year.

use crate::extract::Groups;
use crate::record::{PercentValue, QuantityValue, Value};

/// Parses `2,400.5` into a float, refusing anything else.
fn parse_number(raw: &str) -> Result<(String, f64), String> {
    let digits: String = raw.chars().filter(|&c| c != ',').collect();
    let ok = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().filter(|&b| b == b'.').count() <= 1
        && raw.as_bytes()[0].is_ascii_digit();
    if !ok {
        return Err(format!("{raw:?} is not a number"));
    }
    let value: f64 = digits
        .parse()
        .map_err(|_| format!("{raw:?} is not a number"))?;
    Ok((digits, value))
}

/// Divides a plain decimal string by 100 exactly, by moving its decimal point.
fn hundredth(digits: &str) -> f64 {
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let int = format!("{int:0>3}");
    let (head, tail) = int.split_at(int.len() - 2);
    format!("{head}.{tail}{frac}").parse().unwrap_or(f64::NAN)
}

pub(crate) fn percent(g: &Groups) -> Result<Value, String> {
    let raw = g.get("number").ok_or("no number captured")?;
    let (digits, amount) = parse_number(raw)?;
    let unit = g.set("unit").unwrap_or("percent").to_string();
    let fraction = (unit == "percent").then(|| hundredth(&digits));
    Ok(Value::Percentage(PercentValue {
        amount,
        unit,
        fraction,
        modifier: g.normalized("percent_mod")?,
    }))
}

pub(crate) fn quantity(g: &Groups) -> Result<Value, String> {
    let raw = g.get("number").ok_or("no number captured")?;
    let (_, amount) = parse_number(raw)?;
    if raw.len() == 4 && (1000.0..3000.0).contains(&amount) {
        return Err(format!("{raw} looks like a year, not a count"));
    }
    let unit = g
        .normalized("unit")?
        .ok_or("no unit captured")?
        .to_lowercase();
    Ok(Value::Quantity(QuantityValue { amount, unit }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_fractions() {
        for (s, f) in [
            ("74", 0.74),
            ("53.4", 0.534),
            ("12.5", 0.125),
            ("0.3", 0.003),
            ("100", 1.0),
            ("5", 0.05),
        ] {
            assert_eq!(hundredth(s), f, "{s}");
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("2,400").unwrap().1, 2400.0);
        assert!(parse_number("1.2.3").is_err());
        assert!(parse_number(",5").is_err());
    }
}
