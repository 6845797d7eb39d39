//! Numbers written with digits or words: the parser behind percentages, money and quantities.
//!
//! [`parse`] reads one number expression: digits with thousands separators (`2,400`, `1 414 021 100` with
//! spaces or narrow no-break spaces), decimals, and English number words (`thirty-five`, `one hundred and six`,
//! `two and a half`, `a hundred`, `4 thousand 3 hundred and 21`, `point five`). [`find_numbers`] finds every
//! number expression in a text; [`find_ranges`] finds ranges and bounds (`between 15 and 20`, `from 200 to
//! 300`, `more than 5000`, `up to 700`, `five hundred or less`).

use std::sync::OnceLock;

use regex_automata::meta::Regex;

/// A number found in a text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NumberMatch {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Its value.
    pub value: f64,
}

/// A range or bound found in a text; a missing end is open.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RangeMatch {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Lower bound, if any.
    pub low: Option<f64>,
    /// Whether the lower bound is included.
    pub low_inclusive: bool,
    /// Upper bound, if any.
    pub high: Option<f64>,
    /// Whether the upper bound is included.
    pub high_inclusive: bool,
}

fn unit_word(w: &str) -> Option<f64> {
    Some(match w {
        "zero" | "naught" | "nought" | "nil" => 0.0,
        "one" | "a" | "an" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        _ => return None,
    })
}

fn scale_word(w: &str) -> Option<f64> {
    Some(match w {
        "hundred" => 1e2,
        "thousand" => 1e3,
        "million" => 1e6,
        "billion" => 1e9,
        "trillion" => 1e12,
        _ => return None,
    })
}

fn fraction_word(w: &str) -> Option<f64> {
    Some(match w {
        "half" | "halves" => 0.5,
        "quarter" | "quarters" | "fourth" | "fourths" => 0.25,
        "third" | "thirds" => 1.0 / 3.0,
        "fifth" | "fifths" => 0.2,
        "tenth" | "tenths" => 0.1,
        _ => return None,
    })
}

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

/// Parses one number expression in digits, words or a mix (`4 thousand 3 hundred and 21`).
pub fn parse(raw: &str) -> Option<f64> {
    let raw = raw.trim();
    if let Some(v) = parse_digits(raw) {
        return Some(v);
    }
    for prefix in ["minus ", "negative ", "-", "−"] {
        if raw.len() > prefix.len()
            && raw
                .get(..prefix.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
        {
            return parse(&raw[prefix.len()..]).map(|v| -v);
        }
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
        if w == "and" {
            // "two and a half": a fraction after "and" adds to what came before.
            if i + 2 < words.len() + 1
                && let Some(&next) = words.get(i + 1)
                && (next == "a" || next == "an")
                && let Some(f) = words.get(i + 2).and_then(|w| fraction_word(w))
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
        if w == "point" {
            let mut frac = String::from("0.");
            for d in &words[i + 1..] {
                let v = parse_digits(d).or_else(|| unit_word(d).filter(|v| *v < 10.0))?;
                if v >= 10.0 {
                    return None;
                }
                frac.push_str(&format!("{}", v as u8));
            }
            let f: f64 = frac.parse().ok()?;
            return Some(total + current.unwrap_or(0.0) + f);
        }
        if let Some(v) = parse_digits(w).or_else(|| unit_word(w)) {
            current = Some(current.unwrap_or(0.0) + v);
            seen = true;
        } else if let Some(s) = scale_word(w) {
            let c = current.unwrap_or(if seen { 0.0 } else { 1.0 });
            if s >= 1e3 {
                total += c * s;
                current = None;
                last_scale = s;
            } else {
                current = Some(c * s);
            }
            seen = true;
        } else if let Some(f) = fraction_word(w) {
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

const WORDS: &str = "half|quarters?|zero|naught|nought|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion";

/// Digits with optional thousands separators and decimals.
const DIGITS: &str =
    r"(?:[0-9]{1,3}(?:(?:,|[ \u{202f}\u{a0}])[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)";

/// The regular expression of one number expression (digits, words, or both).
pub fn number_pattern() -> String {
    let digits = DIGITS;
    let word = format!("(?:{WORDS})");
    let words = format!(
        r"(?:(?:a|an)\s+(?:hundred|thousand|million|billion|trillion)|{word})(?:(?:\s+|\s*-\s*)(?:and\s+)?(?:{word}|[0-9]+)|\s+and\s+an?\s+(?:half|quarter|third))*(?:\s+point(?:\s+{word})+)?"
    );
    let mixed = format!(
        r"[0-9]+(?:\s+(?:hundred|thousand|million|billion|trillion)(?:\s+(?:and\s+)?(?:[0-9]+|{word}))*)+"
    );
    format!(r"(?i:{mixed}|{digits}|{words})")
}

fn finder() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let p = format!(
            r"(?:(?i:minus|negative)\s+|-)?(?-u:\b)(?:{})(?-u:\b)",
            number_pattern()
        );
        Regex::new(&p).expect("the number pattern compiles")
    })
}

/// Every number expression in `text`, leftmost-longest, skipping matches that do not parse.
pub fn find_numbers(text: &str) -> Vec<NumberMatch> {
    let mut out = Vec::new();
    for m in finder().find_iter(text) {
        let raw = &text[m.start()..m.end()];
        // "a"/"an" alone are articles, not numbers.
        if raw.eq_ignore_ascii_case("a") || raw.eq_ignore_ascii_case("an") {
            continue;
        }
        // "the one you mentioned", "this one": a pronoun, not a number.
        if raw.eq_ignore_ascii_case("one") {
            let before = text[..m.start()].trim_end();
            let word = before
                .rsplit(|c: char| !c.is_alphabetic())
                .next()
                .unwrap_or("")
                .to_lowercase();
            if matches!(
                word.as_str(),
                "the" | "this" | "that" | "each" | "any" | "every" | "no" | "which" | "another"
            ) {
                continue;
            }
        }
        // A leading hyphen is a minus sign only where no word or number is glued to it.
        let glued = raw.starts_with('-')
            && text[..m.start()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
        let (start, raw) = if glued {
            (m.start() + 1, &raw[1..])
        } else {
            (m.start(), raw)
        };
        if let Some(value) = parse(raw) {
            out.push(NumberMatch {
                start,
                end: m.end(),
                value,
            });
        }
    }
    out
}

fn range_finder() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let n = number_pattern();
        let pats = [
            format!(r"(?i:between)\s+(?P<a>{n})\s+(?i:and)\s+(?P<b>{n})"),
            format!(r"(?i:from)\s+(?P<a>{n})\s+(?i:to|until|till|through)\s+(?P<b>{n})"),
            format!(r"(?P<a>{n})\s+(?i:to)\s+(?P<b>{n})"),
            format!(r"(?P<a>{DIGITS})\s*[-–—]\s*(?P<b>{DIGITS})"),
            format!(r"(?i:more\s+than|greater\s+than|larger\s+than|higher\s+than|above|over|exceeding)\s+(?P<gt>{n})"),
            format!(r"(?i:less\s+than|fewer\s+than|smaller\s+than|lower\s+than|below|under)\s+(?P<lt>{n})"),
            format!(r"(?i:at\s+least|no\s+less\s+than|not\s+less\s+than)\s+(?P<ge>{n})"),
            format!(r"(?i:at\s+most|up\s+to|no\s+more\s+than|not\s+more\s+than)\s+(?P<le>{n})"),
            format!(r"(?P<ge>{n})\s+(?i:or\s+more|or\s+greater|or\s+above|and\s+more|and\s+above|or\s+higher)"),
            format!(r"(?P<le>{n})\s+(?i:or\s+less|or\s+fewer|or\s+below|and\s+less|and\s+below|or\s+lower)"),
        ];
        let with_bounds: Vec<String> = pats.iter().map(|p| format!(r"(?-u:\b){p}(?-u:\b)")).collect();
        Regex::new_many(&with_bounds).expect("the range patterns compile")
    })
}

/// Every range or bound in `text`, leftmost-first.
pub fn find_ranges(text: &str) -> Vec<RangeMatch> {
    let re = range_finder();
    let mut caps = re.create_captures();
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len() {
        re.search_captures(&regex_automata::Input::new(text).range(at..), &mut caps);
        let Some(m) = caps.get_match() else { break };
        let get = |name: &str| {
            caps.get_group_by_name(name)
                .and_then(|s| parse(&text[s.start..s.end]))
        };
        let mut r = RangeMatch {
            start: m.start(),
            end: m.end(),
            low: None,
            low_inclusive: true,
            high: None,
            high_inclusive: true,
        };
        if let (Some(a), Some(b)) = (get("a"), get("b")) {
            (r.low, r.high) = (Some(a.min(b)), Some(a.max(b)));
            // "between"/"from" ranges include their end; "200 to 300" and "5-20" follow Recognizers and do not.
            r.high_inclusive = m.pattern().as_usize() <= 1;
        } else if let Some(v) = get("gt") {
            (r.low, r.low_inclusive) = (Some(v), false);
        } else if let Some(v) = get("lt") {
            (r.high, r.high_inclusive) = (Some(v), false);
        } else if let Some(v) = get("ge") {
            r.low = Some(v);
        } else if let Some(v) = get("le") {
            r.high = Some(v);
        }
        if r.low.is_some() || r.high.is_some() {
            out.push(r);
        }
        at = m.end().max(m.start() + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_digits() {
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
            ("two thousand and twenty", 2020.0),
            ("one million and a half", 1_500_000.0),
            ("half million", 500_000.0),
            ("three quarters", 0.75),
            ("a half", 0.5),
            ("minus 5", -5.0),
        ];
        for (raw, want) in cases {
            assert_eq!(parse(raw), Some(*want), "{raw}");
        }
        for bad in ["", "percent", "and", "1.2.3", "five apples"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn finds_numbers_and_ranges() {
        let t =
            "Twenty-six people and 3 hundred and 2 others; between 15 and 20 came, up to 700 left";
        let found: Vec<f64> = find_numbers(t).iter().map(|m| m.value).collect();
        assert_eq!(found, [26.0, 302.0, 15.0, 20.0, 700.0]);
        let ranges = find_ranges(t);
        assert_eq!((ranges[0].low, ranges[0].high), (Some(15.0), Some(20.0)));
        assert_eq!((ranges[1].low, ranges[1].high), (None, Some(700.0)));
    }
}
