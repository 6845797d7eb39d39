//! The number parser's vocabulary, read from lexicons: no number word is written in Rust.
//!
//! | lexicon | holds | example |
//! |---|---|---|
//! | `number_word` | words that add their value (also the words of the `{num}` fragment) | `"twenty" = 20` |
//! | `number_word_extra` | more such words, which patterns do not look for on their own | `"nought" = 0` |
//! | `number_scale` | words that multiply the number before them | `"thousand" = 1000` |
//! | `number_fraction` | fractions, `n/d` or a decimal | `"quarter" = "1/4"` |
//! | `number_grammar` | `and` (joins parts), `point` (opens decimals), `article` (counts one) | `"a" = "article"` |
//! | `sign` | prefixes that sign a number (also read by the money and percent normalizers) | `"minus" = -1` |
//!
//! A word in both `number_word` and `number_scale` multiplies, and both must give it the same value (the
//! shipped `number_word` lists `hundred` to `trillion` for `{num}`). The parser reads single words, split at
//! white space and hyphens. [`NumberWords`] is built and checked once, when the rules load: a value that is not
//! a number (or a fraction, or a grammar role) is an error at its lexicon's line. A rule set without these
//! lexicons reads numbers in digits only.

use std::collections::HashMap;

use super::{Lexicon, lexicon_key, show::excerpt};

/// The lexicons the number parser reads, by id.
pub const NUMBER_WORD: &str = "number_word";
/// See [`NUMBER_WORD`].
pub const NUMBER_WORD_EXTRA: &str = "number_word_extra";
/// See [`NUMBER_WORD`].
pub const NUMBER_SCALE: &str = "number_scale";
/// See [`NUMBER_WORD`].
pub const NUMBER_FRACTION: &str = "number_fraction";
/// See [`NUMBER_WORD`].
pub const NUMBER_GRAMMAR: &str = "number_grammar";
/// See [`NUMBER_WORD`].
pub const SIGN: &str = "sign";

/// The role of a `number_grammar` word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Grammar {
    /// `and`: joins parts (`one hundred and six`), or adds a fraction (`two and a half`).
    And,
    /// `point`: the digits after it are decimals (`nought point five`).
    Point,
    /// `a`, `an`: counts one (`a hundred`, `a half`, `and a half`).
    Article,
}

/// The number parser's vocabulary (see the module docs), keyed by lowercase form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NumberWords {
    /// Words that add their value: the number words and articles, without the multipliers.
    units: HashMap<String, f64>,
    /// Words that multiply what comes before them.
    scales: HashMap<String, f64>,
    /// Fractions.
    fractions: HashMap<String, f64>,
    /// Grammar words.
    grammar: HashMap<String, Grammar>,
    /// Sign prefixes as written, longest first, with their factor.
    signs: Vec<(String, f64)>,
}

impl NumberWords {
    /// The vocabulary of the lexicons, and the problems found, each with the id of the lexicon to blame.
    pub(super) fn from_lexicons(
        lexicons: &HashMap<String, Lexicon>,
    ) -> (NumberWords, Vec<(&'static str, String)>) {
        let mut problems = Vec::new();
        let mut read = |id, parse| entries(lexicons, id, parse, &mut problems);
        let words = read(NUMBER_WORD, number);
        let extra = read(NUMBER_WORD_EXTRA, number);
        let scales = read(NUMBER_SCALE, number);
        let fractions = read(NUMBER_FRACTION, fraction);
        let signs = read(SIGN, number);
        let grammar = entries(lexicons, NUMBER_GRAMMAR, grammar, &mut problems);
        let key = |form: &str| lexicon_key(form).into_owned();
        let mut out = NumberWords {
            scales: scales.into_iter().map(|(f, v)| (key(&f), v)).collect(),
            fractions: fractions.into_iter().map(|(f, v)| (key(&f), v)).collect(),
            signs,
            ..NumberWords::default()
        };
        for (form, v) in words.iter().chain(&extra) {
            match out.scales.get(&key(form)) {
                Some(s) if s != v => problems.push((
                    NUMBER_SCALE,
                    format!(
                        "entry {}: value {s} is not {v}, its value in lexicon {NUMBER_WORD} or \
                         {NUMBER_WORD_EXTRA}",
                        excerpt(form)
                    ),
                )),
                Some(_) => {}
                None => {
                    out.units.insert(key(form), *v);
                }
            }
        }
        for (form, role) in grammar {
            if role == Grammar::Article {
                out.units.insert(key(&form), 1.0);
            }
            out.grammar.insert(key(&form), role);
        }
        (out, problems)
    }

    /// The value a word adds (`twenty` → 20, `a` → 1).
    pub fn unit(&self, word: &str) -> Option<f64> {
        self.units.get(word).copied()
    }

    /// The factor a word multiplies by (`thousand` → 1000).
    pub fn scale(&self, word: &str) -> Option<f64> {
        self.scales.get(word).copied()
    }

    /// The value of a fraction word (`quarter` → 0.25).
    pub fn fraction(&self, word: &str) -> Option<f64> {
        self.fractions.get(word).copied()
    }

    /// Whether a word joins parts (`and`).
    pub fn is_and(&self, word: &str) -> bool {
        self.grammar.get(word) == Some(&Grammar::And)
    }

    /// Whether a word opens decimals (`point`).
    pub fn is_point(&self, word: &str) -> bool {
        self.grammar.get(word) == Some(&Grammar::Point)
    }

    /// Whether a word is an article that counts one (`a`, `an`).
    pub fn is_article(&self, word: &str) -> bool {
        self.grammar.get(word) == Some(&Grammar::Article)
    }

    /// Sign prefixes as written, longest first, with their factor (`minus` → -1).
    pub fn signs(&self) -> impl Iterator<Item = (&str, f64)> {
        self.signs.iter().map(|(f, v)| (f.as_str(), *v))
    }
}

/// The entries of lexicon `id` (none when there is no such lexicon), each value read by `parse`; a value it
/// refuses is a problem of that lexicon.
fn entries<T>(
    lexicons: &HashMap<String, Lexicon>,
    id: &'static str,
    parse: fn(&str) -> Result<T, String>,
    problems: &mut Vec<(&'static str, String)>,
) -> Vec<(String, T)> {
    let mut out = Vec::new();
    let Some(lexicon) = lexicons.get(id) else {
        return out;
    };
    for form in &lexicon.forms {
        let value = lexicon.get(form).unwrap_or_default();
        match parse(value) {
            Ok(v) => out.push((form.clone(), v)),
            Err(why) => problems.push((
                id,
                format!("entry {}: value {} {why}", excerpt(form), excerpt(value)),
            )),
        }
    }
    out
}

/// A grammar role.
fn grammar(value: &str) -> Result<Grammar, String> {
    match value {
        "and" => Ok(Grammar::And),
        "point" => Ok(Grammar::Point),
        "article" => Ok(Grammar::Article),
        _ => Err("is not a grammar role (and, point, article)".to_string()),
    }
}

/// A lexicon value as a finite number.
fn number(value: &str) -> Result<f64, String> {
    value
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| "is not a number".to_string())
}

/// A fraction: `n/d` (`1/3`, exact to the float) or a finite number.
fn fraction(value: &str) -> Result<f64, String> {
    let parsed = match value.split_once('/') {
        Some((n, d)) => match (n.trim().parse::<f64>(), d.trim().parse::<f64>()) {
            (Ok(n), Ok(d)) if d != 0.0 => Some(n / d),
            _ => None,
        },
        None => value.parse::<f64>().ok(),
    };
    parsed
        .filter(|v| v.is_finite())
        .ok_or_else(|| "is not a fraction (n/d or a number)".to_string())
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleSet;

    #[test]
    fn the_shipped_lexicons_give_the_parser_its_words() {
        let words = RuleSet::embedded().unwrap().number_words;
        assert_eq!(words.unit("twenty"), Some(20.0));
        assert_eq!(words.unit("nought"), Some(0.0));
        assert_eq!(words.unit("an"), Some(1.0));
        assert_eq!(words.unit("hundred"), None, "a multiplier");
        assert_eq!(words.scale("hundred"), Some(100.0));
        assert_eq!(words.scale("trillion"), Some(1e12));
        assert_eq!(words.fraction("third"), Some(1.0 / 3.0));
        assert!(words.is_and("and") && words.is_point("point") && words.is_article("a"));
        let signs: Vec<(&str, f64)> = words.signs().collect();
        assert!(signs.contains(&("minus", -1.0)) && signs.contains(&("−", -1.0)));
    }

    #[test]
    fn values_that_are_no_numbers_are_errors_at_their_lexicon() {
        let file = "\n[[lexicon]]\nid = \"number_word\"\nentries = { one = 1, hundred = 100, many = \"lots\" }\n\n\
                    [[lexicon]]\nid = \"number_scale\"\nentries = { hundred = 10 }\n\n\
                    [[lexicon]]\nid = \"number_fraction\"\nentries = { half = \"1/0\" }\n\n\
                    [[lexicon]]\nid = \"number_grammar\"\nentries = { und = \"und\" }\n";
        let errors = RuleSet::from_sources(&[("n.toml".into(), file.into())])
            .unwrap_err()
            .0;
        let shown: Vec<String> = errors
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        assert_eq!(
            shown,
            [
                "n.toml:3: number_word: entry \"many\": value \"lots\" is not a number",
                "n.toml:11: number_fraction: entry \"half\": value \"1/0\" is not a fraction (n/d or a number)",
                "n.toml:15: number_grammar: entry \"und\": value \"und\" is not a grammar role (and, point, article)",
                "n.toml:7: number_scale: entry \"hundred\": value 10 is not 100, its value in lexicon number_word or \
                 number_word_extra",
            ]
        );
    }
}
