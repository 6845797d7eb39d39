//! Numbers written with digits or words: the parser behind percentages, money and quantities.
//!
//! [`parse`] reads one number expression: digits with thousands separators (`2,400`, `1 414 021 100` with
//! spaces or narrow no-break spaces), decimals, and number words (`thirty-five`, `one hundred and six`, `two and
//! a half`, `a hundred`, `4 thousand 3 hundred and 21`, `point five`). The words are data: the rule set's
//! number lexicons ([`NumberWords`]: `number_word`, `number_scale`, `number_fraction`, `number_grammar`,
//! `sign`), so adding `"dozen" = 12` to `number_word` makes `dozen agencies` a quantity of 12.

use crate::rules::NumberWords;

/// Parses digits (`2,400.5`, `1 234 567.89`) into a value.
pub fn parse_digits(raw: &str) -> Option<f64> {
    let cleaned: String = raw
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '\u{202f}' | '\u{a0}' | '\u{2009}'))
        .collect();
    let ok = !cleaned.is_empty()
        && cleaned.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && cleaned.bytes().filter(|&b| b == b'.').count() <= 1
        && cleaned.as_bytes()[0].is_ascii_digit();
    // A number too long for a float (10,000 digits) is no number: infinity has no JSON form.
    if ok {
        cleaned.parse().ok().filter(|v: &f64| v.is_finite())
    } else {
        None
    }
}

/// Parses one number expression in digits, words or a mix (`4 thousand 3 hundred and 21`), with the words of
/// `vocab`.
pub fn parse(vocab: &NumberWords, raw: &str) -> Option<f64> {
    let raw = raw.trim();
    if let Some(v) = parse_digits(raw) {
        return Some(v);
    }
    // A sign word ("minus") needs white space after it; a sign mark ("-", "−") none.
    for (sign, factor) in vocab.signs() {
        let Some(rest) = raw
            .get(..sign.len())
            .filter(|head| head.eq_ignore_ascii_case(sign))
            .map(|_| &raw[sign.len()..])
        else {
            continue;
        };
        let word = sign.ends_with(char::is_alphanumeric);
        if rest.is_empty() || (word && !rest.starts_with(char::is_whitespace)) {
            continue;
        }
        return parse(vocab, rest).map(|v| factor * v);
    }
    let lower = raw.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '-' || c == '\u{2010}' || c == '\u{2011}')
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return None;
    }
    let mut total = 0.0;
    let mut current: Option<f64> = None;
    let mut seen = false;
    // The last scale of a thousand or more: "one million and a half" is 1.5 million.
    let mut last_scale = 1.0;
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if vocab.is_and(w) {
            // "two and a half": a fraction after "and" adds to what came before.
            if i + 2 < words.len() + 1
                && let Some(&next) = words.get(i + 1)
                && vocab.is_article(next)
                && let Some(f) = words.get(i + 2).and_then(|w| vocab.fraction(w))
            {
                if i + 3 != words.len() {
                    return None;
                }
                let base = total + current.unwrap_or(0.0);
                let unit = if current.is_none() { last_scale } else { 1.0 };
                return Some(base + f * unit);
            }
            i += 1;
            continue;
        }
        if vocab.is_point(w) {
            let mut frac = String::from("0.");
            for d in &words[i + 1..] {
                let v = parse_digits(d).or_else(|| vocab.unit(d).filter(|v| *v < 10.0))?;
                if v >= 10.0 {
                    return None;
                }
                frac.push_str(&format!("{}", v as u8));
            }
            let f: f64 = frac.parse().ok()?;
            return Some(total + current.unwrap_or(0.0) + f);
        }
        if let Some(v) = parse_digits(w).or_else(|| vocab.unit(w)) {
            current = Some(current.unwrap_or(0.0) + v);
            seen = true;
        } else if let Some(s) = vocab.scale(w) {
            let c = current.unwrap_or(if seen { 0.0 } else { 1.0 });
            if s >= 1e3 {
                total += c * s;
                current = None;
                last_scale = s;
            } else {
                current = Some(c * s);
            }
            seen = true;
        } else if let Some(f) = vocab.fraction(w) {
            // "one fourth", "three quarters", "half million": a count of a fraction, which a scale may follow.
            let c = current.take().unwrap_or(1.0);
            current = Some(c * f);
            seen = true;
        } else {
            return None;
        }
        i += 1;
    }
    seen.then(|| total + current.unwrap_or(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    /// The vocabulary of the shipped lexicons.
    fn vocab() -> NumberWords {
        let lexicons = crate::rules::EMBEDDED_RULES
            .iter()
            .find(|(name, _)| name.ends_with("/lexicons.toml"))
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .expect("rules/lexicons.toml is embedded");
        RuleSet::from_sources(&[lexicons])
            .unwrap_or_else(|e| panic!("{e}"))
            .number_words
    }

    #[test]
    fn words_and_digits() {
        let vocab = vocab();
        let cases: &[(&str, f64)] = &[
            ("74", 74.0),
            ("2,400", 2400.0),
            ("1 414 021 100", 1414021100.0),
            ("12.5", 12.5),
            ("thirty-five", 35.0),
            ("Thirty five", 35.0),
            ("one hundred", 100.0),
            ("a hundred", 100.0),
            ("one hundred and six", 106.0),
            ("two and a half", 2.5),
            ("4 thousand 3 hundred and 21", 4321.0),
            ("twenty-two", 22.0),
            ("five hundred", 500.0),
            ("three million", 3e6),
            ("naught point five", 0.5),
            ("one fourth", 0.25),
            ("a third", 1.0 / 3.0),
            ("two thousand and twenty", 2020.0),
            ("one million and a half", 1_500_000.0),
            ("half million", 500_000.0),
            ("three quarters", 0.75),
            ("a half", 0.5),
            ("minus 5", -5.0),
            ("Negative five", -5.0),
            ("-5", -5.0),
            ("−2.5", -2.5),
        ];
        for (raw, want) in cases {
            assert_eq!(parse(&vocab, raw), Some(*want), "{raw}");
        }
        for bad in [
            "",
            "percent",
            "and",
            "1.2.3",
            "five apples",
            "minusfive",
            "dozen",
        ] {
            assert_eq!(parse(&vocab, bad), None, "{bad}");
        }
    }

    #[test]
    fn without_number_lexicons_only_digits_are_numbers() {
        let vocab = NumberWords::default();
        assert_eq!(parse(&vocab, "2,400"), Some(2400.0));
        assert_eq!(parse(&vocab, "five"), None);
        assert_eq!(parse(&vocab, "minus 5"), None);
    }
}
