//! Numbers: percentages, money and counted nouns.
//!
//! Numbers are read by [`crate::extract::number_words::parse`]: digits (`2,400.5`) or words (`thirty-five`, `two and a
//! half`), the words from the number lexicons. Captures read, each through the lexicon of the same name when
//! there is one:
//!
//! * `number`, or `number_low` and `number_high` for a range (then `amount` is absent and `low`/`high` are set);
//! * `sign` / `sign_word` (lexicon `sign`: `−`, `minus` → -1), `percent_mod` or `amount_mod` (→ `mod`);
//! * `direction` / `direction_after` (lexicon `direction`: `rose` → `up`, `fell` → `down`);
//! * percentages ([`PercentParams`]): `set.unit` (`percent`, `percentage_point`, `basis_point`; default
//!   `percent`), `set.kind = "ratio"` with `number` and `den` (`one in two` → 50), `set.kind = "fraction"` with
//!   `frac` (`1/4 of`, `one quarter of` → 25), and `set.context = "percent"`: only in a sentence that mentions
//!   a percentage (`fell 3 points`);
//! * money: `currency` / `currency_after` (lexicon `currency` → ISO 4217) and `scale` (lexicon `scale`:
//!   `billion`, `bn` → 1e9); `$52.7 billion` → `{amount: 52700000000.0, currency: "USD"}`, computed on the
//!   decimal string so the amount is exact;
//! * quantities: `unit` (lexicon `unit`) and `total` (`7 of 23 agencies`). A bare four-digit number between
//!   1000 and 2999 is refused as a likely year.
//!
//! `74 percent` → `{amount: 74.0, unit: "percent", fraction: 0.74}`; the fraction is computed on the decimal
//! string, so `53.4%` gives exactly `0.534`.

use crate::extract::context::{Context, Groups};
use crate::extract::number_words;
use crate::model::span::ByteSpan;
use crate::model::value::{AmountModifier, MoneyValue, PercentValue, QuantityValue, Value};
use crate::rules::{NumberWords, PercentKind, PercentParams, PercentUnit};

/// A captured number: its value and, for digits, the plain decimal string (for exact scaling).
fn number(
    g: &Groups,
    vocab: &NumberWords,
    name: &str,
) -> Result<Option<(f64, Option<String>)>, String> {
    let Some(raw) = g.get(name) else {
        return Ok(None);
    };
    let digits: String = raw
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '\u{202f}' | '\u{a0}'))
        .collect();
    if let Some(v) = number_words::parse_digits(raw) {
        return Ok(Some((v, Some(digits))));
    }
    number_words::parse(vocab, raw)
        .map(|v| Some((v, None)))
        .ok_or_else(|| format!("{raw:?} is not a number"))
}

/// Moves the decimal point of a plain decimal string: `("53.4", -2)` → 0.534, `("52.7", 9)` → 52700000000.
fn shift_decimal(digits: &str, places: i32) -> f64 {
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all = format!("{int}{frac}");
    let point = int.len() as i32 + places;
    let s = if point <= 0 {
        format!("0.{}{all}", "0".repeat((-point) as usize))
    } else if point as usize >= all.len() {
        format!("{all}{}", "0".repeat(point as usize - all.len()))
    } else {
        format!("{}.{}", &all[..point as usize], &all[point as usize..])
    };
    s.parse().unwrap_or(f64::NAN)
}

/// Times `10^places`, exactly when the decimal string is known; an amount too large for a float (300 digits
/// of "trillion") is refused, as JSON has no infinity.
fn scaled(value: f64, digits: Option<&str>, places: i32) -> Result<f64, String> {
    let v = match digits {
        Some(d) => shift_decimal(d, places),
        None if places < 0 => value / 10f64.powi(-places),
        None => value * 10f64.powi(places),
    };
    if v.is_finite() {
        Ok(v)
    } else {
        Err("the amount is too large to represent".into())
    }
}

fn sign(g: &Groups) -> Result<f64, String> {
    let Some(raw) = g.get("sign").or_else(|| g.get("sign_word")) else {
        return Ok(1.0);
    };
    if let Some(s) = g.span("sign")
        && g.text[..s.start()]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
    {
        return Err(format!("{raw:?} joins a word to the number; it is no sign"));
    }
    let lex = g.lexicon("sign").ok_or("no sign lexicon")?;
    let v = lex
        .get(raw.trim())
        .ok_or_else(|| format!("{raw:?} is not in lexicon sign"))?;
    v.parse()
        .map_err(|_| format!("sign value {v:?} is not a number"))
}

/// The direction captured before or after the figure; none for a level reached ("rose up to 9 percent", as
/// "rose to 9 percent"): a direction marks a change.
fn direction(g: &Groups) -> Result<Option<String>, String> {
    if reaches_level(g, "percent_mod") || reaches_level(g, "amount_mod") {
        return Ok(None);
    }
    for name in ["direction", "direction_after"] {
        if let Some(raw) = g.get(name) {
            let lex = g.lexicon("direction").ok_or("no direction lexicon")?;
            return Ok(Some(
                lex.get(raw)
                    .ok_or_else(|| format!("{raw:?} is not in lexicon direction"))?
                    .to_string(),
            ));
        }
    }
    Ok(None)
}

/// The modifier captured as `name`, or `AT_LEAST` for a `+` right after the number (`$395+ billion`,
/// `10+ percent`: "or more"). `up to` after a verb of change (lexicon `change_verb`: "edged up to 4.2%") names
/// the level reached, so it is no ceiling and gives no modifier.
fn modifier(g: &Groups, name: &str) -> Result<Option<AmountModifier>, String> {
    let m: Option<AmountModifier> = g
        .normalized(name)?
        .map(|m| m.parse().map_err(|e| format!("{name}: {e}")))
        .transpose()?;
    if m == Some(AmountModifier::AtMost) && reaches_level(g, name) {
        return Ok(None);
    }
    Ok(m.or_else(|| plus_after_number(g).then_some(AmountModifier::AtLeast)))
}

/// The word that ends right before byte `at` (white space skipped) and its start: letters, digits and
/// apostrophes.
fn word_before(text: &str, at: usize) -> Option<(&str, usize)> {
    let head = text[..at].trim_end();
    let start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &head[start..];
    (!word.is_empty()).then_some((word, start))
}

/// Whether the `up to` captured as `name` follows a verb of change, itself not after a modal: "edged up to
/// 4.2%" (reached), but "could rise up to 10%" and "tariffs of up to 25%" (ceilings).
fn reaches_level(g: &Groups, name: &str) -> bool {
    const MODALS: [&str; 8] = [
        "could", "may", "might", "will", "would", "can", "should", "must",
    ];
    let (Some(raw), Some(span), Some(verbs)) =
        (g.get(name), g.span(name), g.lexicon("change_verb"))
    else {
        return false;
    };
    let mut words = raw.split_whitespace();
    if !(words.next().is_some_and(|w| w.eq_ignore_ascii_case("up"))
        && words.next().is_some_and(|w| w.eq_ignore_ascii_case("to")))
    {
        return false;
    }
    let Some((verb, at)) = word_before(g.text, span.start()) else {
        return false;
    };
    verbs.get(verb).is_some()
        && !word_before(g.text, at)
            .is_some_and(|(w, _)| MODALS.iter().any(|m| m.eq_ignore_ascii_case(w)))
}

/// Whether a `+` follows the captured `number` ("$5+ million"), and no other number follows it ("5+3").
fn plus_after_number(g: &Groups) -> bool {
    let Some(s) = g.span("number") else {
        return false;
    };
    g.text[s.end()..].strip_prefix('+').is_some_and(|rest| {
        !rest
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit() || c == '$')
    })
}

/// Whether the sentence around `at` speaks of a percentage.
fn mentions_percent(ctx: &Context, at: ByteSpan) -> bool {
    let idx = ctx
        .segments
        .partition_point(|s| s.span.start() <= at.start());
    let Some(seg) = idx.checked_sub(1).map(|i| ctx.segments[i]) else {
        return false;
    };
    let sentence = seg.span.slice(ctx.text).to_lowercase();
    sentence.contains('%')
        || sentence.contains("percent")
        || sentence.contains("per cent")
        || sentence.contains(" rate")
}

pub(crate) fn percent(
    p: &PercentParams,
    g: &Groups,
    vocab: &NumberWords,
    ctx: &Context,
    fact: ByteSpan,
) -> Result<Value, String> {
    if p.needs_percent_context && !mentions_percent(ctx, fact) {
        return Err("\"points\" outside a sentence about a percentage".into());
    }
    let s = sign(g)?;
    let mut v = PercentValue {
        amount: None,
        unit: p.unit.as_str().to_string(),
        fraction: None,
        low: None,
        high: None,
        modifier: modifier(g, "percent_mod")?,
        direction: direction(g)?,
    };
    let is_percent = p.unit == PercentUnit::Percent;
    match p.kind {
        PercentKind::Ratio => {
            let (n, _) = number(g, vocab, "number")?.ok_or("no number captured")?;
            let (d, _) = number(g, vocab, "den")?.ok_or("no denominator captured")?;
            if !(d > 0.0 && n <= d && d <= 1000.0) {
                return Err(format!("{n} in {d} is no share"));
            }
            let amount = 100.0 * n / d;
            v.amount = Some(amount);
            v.fraction = Some(n / d);
        }
        PercentKind::Fraction => {
            let raw = g.get("frac").ok_or("no fraction captured")?;
            let f = match raw.split_once('/') {
                Some((a, b)) => {
                    let (a, b) = (
                        number_words::parse_digits(a).ok_or("bad numerator")?,
                        number_words::parse_digits(b).ok_or("bad denominator")?,
                    );
                    if b == 0.0 || a > b {
                        return Err(format!("{raw} is no share"));
                    }
                    a / b
                }
                None => number_words::parse(vocab, raw)
                    .ok_or_else(|| format!("{raw:?} is not a fraction"))?,
            };
            v.amount = Some(100.0 * f);
            v.fraction = Some(f);
        }
        PercentKind::Amount => {
            if let (Some((lo, lo_d)), Some((hi, hi_d))) = (
                number(g, vocab, "number_low")?,
                number(g, vocab, "number_high")?,
            ) {
                if hi < lo {
                    return Err(format!("range {lo}–{hi} runs backwards"));
                }
                let _ = (lo_d, hi_d);
                v.low = Some(s * lo);
                v.high = Some(s * hi);
            } else {
                let (n, digits) = number(g, vocab, "number")?.ok_or("no number captured")?;
                v.amount = Some(s * n);
                if is_percent {
                    let f = scaled(n, digits.as_deref(), -2)?;
                    v.fraction = Some(s * f);
                }
            }
        }
    }
    Ok(Value::Percentage(v))
}

pub(crate) fn money(g: &Groups, vocab: &NumberWords) -> Result<Value, String> {
    let currency = match g.get("currency").or_else(|| g.get("currency_after")) {
        Some(raw) => {
            let lex = g.lexicon("currency").ok_or("no currency lexicon")?;
            lex.get(raw.trim())
                .ok_or_else(|| format!("{raw:?} is not in lexicon currency"))?
                .to_string()
        }
        None => return Err("no currency captured".into()),
    };
    let places = |name: &str| -> Result<i32, String> {
        match g.get(name) {
            None => Ok(0),
            Some(raw) => {
                let lex = g.lexicon("scale").ok_or("no scale lexicon")?;
                let v = lex
                    .get(raw.trim())
                    .ok_or_else(|| format!("{raw:?} is not in lexicon scale"))?;
                v.parse()
                    .map_err(|_| format!("scale value {v:?} is not a power of ten"))
            }
        }
    };
    let p = places("scale")?;
    let p_low = if g.get("scale_low").is_some() {
        places("scale_low")?
    } else {
        p
    };
    let mut v = MoneyValue {
        amount: None,
        currency,
        low: None,
        high: None,
        modifier: modifier(g, "amount_mod")?,
        direction: direction(g)?,
    };
    if let (Some((lo, lo_d)), Some((hi, hi_d))) = (
        number(g, vocab, "number_low")?,
        number(g, vocab, "number_high")?,
    ) {
        let (lo, hi) = (
            scaled(lo, lo_d.as_deref(), p_low)?,
            scaled(hi, hi_d.as_deref(), p)?,
        );
        if hi < lo {
            return Err("range runs backwards".into());
        }
        v.low = Some(lo);
        v.high = Some(hi);
    } else {
        let (n, digits) = number(g, vocab, "number")?.ok_or("no number captured")?;
        v.amount = Some(sign(g)? * scaled(n, digits.as_deref(), p)?);
    }
    Ok(Value::Money(v))
}

/// Signs before a count that make its number part of something else: `$5 million`, `F-35`, `10:30`, `v.2`.
const NOT_BEFORE_COUNT: &[char] = &[
    '$', '£', '€', '¥', '₹', '-', '−', '‐', '‑', ':', '/', '.', ',', '#', '§', '+', '&',
];

/// Whether the words between a count's number and its noun are modifiers of that noun ("115,000 direct
/// construction and manufacturing jobs"), not a phrase the number belongs to ("5 percent of companies", "3
/// winners received grants", "$5 million small businesses").
fn count_context(g: &Groups, vocab: &NumberWords) -> Result<(), String> {
    let (Some(num), Some(unit)) = (g.span("number"), g.span("unit")) else {
        return Ok(());
    };
    let before = &g.text[..num.start()];
    if let Some(c) = before.chars().next_back()
        && (c.is_alphanumeric() || NOT_BEFORE_COUNT.contains(&c))
    {
        return Err(format!("{c:?} right before the number: no count"));
    }
    if let Some(c) = before.trim_end().chars().next_back()
        && (c.is_ascii_digit() || "$£€¥₹".contains(c))
    {
        return Err(format!(
            "{c:?} before the number: it belongs to another figure"
        ));
    }
    // The second number of a ratio: "1 in 5 workers", "one out of three Americans".
    if let Some((w, at)) = word_before(g.text, num.start())
        && (w.eq_ignore_ascii_case("in") || w.eq_ignore_ascii_case("of"))
        && let Some((prev, at)) = word_before(g.text, at)
        && let Some((prev, _)) = if prev.eq_ignore_ascii_case("out") {
            word_before(g.text, at)
        } else {
            Some((prev, at))
        }
        && number_words::parse(vocab, prev).is_some()
    {
        return Err(format!(
            "\"{prev} {w}\" before the number: a ratio, no count"
        ));
    }
    // An abbreviation that numbers things: "H.R. 3325", "S. 400", "Vol. 3", "No. 12".
    let token = before
        .trim_end()
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("");
    if token.len() <= 5
        && token.ends_with('.')
        && token.chars().all(|c| c.is_ascii_alphabetic() || c == '.')
        && token.chars().any(|c| c.is_ascii_alphabetic())
    {
        return Err(format!("{token:?} numbers what follows: no count"));
    }
    let from = g.span("total").unwrap_or(num).end();
    let gap: Vec<&str> = g.text[from..unit.start()]
        .trim_start_matches('+')
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    // A comma runs a list of modifiers only when an "and" or "or" closes it ("small, rural and minority-owned
    // businesses"); else it ends a clause ("One Big, Beautiful Bill, everyday Americans").
    let gap_text = &g.text[from..unit.start()];
    if let Some(comma) = gap_text.rfind(',')
        && !gap_text[comma..]
            .split_whitespace()
            .any(|w| w.eq_ignore_ascii_case("and") || w.eq_ignore_ascii_case("or"))
    {
        return Err("a comma between the number and the noun closes no list".into());
    }
    let stop = g.lexicon("count_gap_stop");
    let month = g.lexicon("month");
    for (i, w) in gap.iter().enumerate() {
        let and = w.eq_ignore_ascii_case("and");
        if and && (i == 0 || i + 1 == gap.len()) {
            return Err(format!("{w:?} cannot open or close a noun's modifiers"));
        }
        if stop.is_some_and(|l| l.get(w).is_some()) || month.is_some_and(|l| l.get(w).is_some()) {
            return Err(format!(
                "{w:?} between the number and the noun: no count of it"
            ));
        }
        if reads_plural(w) {
            return Err(format!("{w:?} reads as the counted noun itself"));
        }
    }
    Ok(())
}

/// A plural-looking word ("winners", "states"), which would be the counted noun, not a modifier of a later
/// one; `-ss`, `-us`, `-is`, `-ics` and possessives are not plurals ("business", "various", "analytics").
fn reads_plural(w: &str) -> bool {
    let lower = w.to_lowercase();
    lower.len() > 3
        && lower.ends_with('s')
        && !["ss", "us", "is", "ics", "'s", "’s"]
            .iter()
            .any(|e| lower.ends_with(e))
}

pub(crate) fn quantity(g: &Groups, vocab: &NumberWords) -> Result<Value, String> {
    count_context(g, vocab)?;
    let raw = g.get("number").ok_or("no number captured")?;
    let (amount, _) = number(g, vocab, "number")?.ok_or("no number captured")?;
    if raw.len() == 4
        && raw.bytes().all(|b| b.is_ascii_digit())
        && (1000.0..3000.0).contains(&amount)
    {
        return Err(format!("{raw} looks like a year, not a count"));
    }
    let unit = g
        .normalized("unit")?
        .ok_or("no unit captured")?
        .to_lowercase();
    let total = number(g, vocab, "total")?.map(|(t, _)| t);
    if total.is_some_and(|t| t < amount) {
        return Err("a part larger than its whole".into());
    }
    Ok(Value::Quantity(QuantityValue {
        amount,
        unit,
        total,
        modifier: modifier(g, "amount_mod")?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{candidates, rule_id, tense::Markers};
    use crate::rules::RuleSet;

    /// The values the embedded rules of `family` give `text`, by fact text (refusals left out).
    fn values(text: &str, family: &str) -> Vec<(String, serde_json::Value)> {
        let rules = RuleSet::embedded().expect("embedded rules compile");
        let markers = Markers::default();
        let ctx = Context {
            doc_date: None,
            text,
            segments: &[],
            tenses: &markers,
        };
        candidates(&rules, text, ByteSpan::new(0, text.len()), &ctx)
            .into_iter()
            .filter(|c| rule_id(&rules, c.source).starts_with(family))
            .filter_map(|c| {
                let v = serde_json::to_value(c.value.ok()?).ok()?;
                Some((c.span.slice(text).to_string(), v))
            })
            .collect()
    }

    /// The value of the longest `family` fact in `text`.
    fn longest(text: &str, family: &str) -> (String, serde_json::Value) {
        values(text, family)
            .into_iter()
            .max_by_key(|(t, _)| t.len())
            .unwrap_or_else(|| panic!("no {family} fact in {text:?}"))
    }

    #[test]
    fn up_to_after_a_verb_of_change_is_the_level_reached() {
        for (text, family, fact) in [
            (
                "unemployment edged up to 4.2%",
                "percentages/",
                "up to 4.2%",
            ),
            (
                "the rate ticked up to 3.9 percent",
                "percentages/",
                "up to 3.9 percent",
            ),
            (
                "inflation rose up to 9 percent",
                "percentages/",
                "up to 9 percent",
            ),
            (
                "the deficit climbed up to $2 trillion",
                "money/",
                "up to $2 trillion",
            ),
            (
                "the count went up to 40 agencies",
                "quantities/",
                "up to 40 agencies",
            ),
        ] {
            let (t, v) = longest(text, family);
            assert_eq!(t, fact, "{text}");
            assert!(v.get("mod").is_none(), "{text}: {v}");
            assert!(v.get("direction").is_none(), "{text}: {v}");
        }
        for (text, family) in [
            ("tariffs of up to 25%", "percentages/"),
            ("tariffs could rise up to 25%", "percentages/"),
            ("prices fell up to 10 percent", "percentages/"),
            ("grants of up to $50,000", "money/"),
            ("funding for up to 40 agencies", "quantities/"),
        ] {
            let (_, v) = longest(text, family);
            assert_eq!(v["mod"], "AT_MOST", "{text}: {v}");
        }
    }

    #[test]
    fn a_plus_after_the_number_is_at_least() {
        for (text, family) in [
            ("$395+ billion", "money/"),
            ("10+ percent", "percentages/"),
            ("500+ companies", "quantities/"),
        ] {
            let (_, v) = longest(text, family);
            assert_eq!(v["mod"], "AT_LEAST", "{text}: {v}");
        }
        let (_, v) = longest("$5+3", "money/");
        assert!(v.get("mod").is_none(), "{v}");
    }

    #[test]
    fn a_company_called_bp_is_no_basis_point() {
        assert!(values("In 2003 BP invested around $8bn", "percentages/").is_empty());
        let (t, v) = longest("In 2003 BP invested around $8bn", "money/");
        assert_eq!(t, "around $8bn");
        assert_eq!(v["mod"], "APPROX");
        assert!(
            values("In 2003 BP invested", "dates/")
                .iter()
                .any(|(t, _)| t == "2003")
        );
    }

    #[test]
    fn exact_decimal_shifts() {
        for (s, p, f) in [
            ("74", -2, 0.74),
            ("53.4", -2, 0.534),
            ("12.5", -2, 0.125),
            ("0.3", -2, 0.003),
            ("100", -2, 1.0),
        ] {
            assert_eq!(shift_decimal(s, p), f, "{s}");
        }
        assert_eq!(shift_decimal("52.7", 9), 52_700_000_000.0);
        assert_eq!(shift_decimal("1.5", 9), 1_500_000_000.0);
        assert_eq!(shift_decimal("5", 6), 5_000_000.0);
    }
}
