//! Policy instruments: executive orders, provisions, statutes, named programs.
//!
//! A policy rule's `set` table ([`PolicyParams`]) gives the `category` (`executive_order`, `provision`,
//! `statute`, …) and optional `id` and `name` templates over the captures: `id = "eo-{number}"`, `name =
//! "Executive Order {number}"`. A template variable may take the `slug` filter: `{name|slug}` turns `CHIPS and
//! Science Act` into `chips-and-science-act`. Captures `number` and `section` are copied into the value. A `name` capture loses
//! leading words listed in the `leading_stopword` lexicon (`The CHIPS Act` → `CHIPS Act`), and the fact span
//! shrinks with it. `Executive Order 14110` → `{id: "eo-14110", name: "Executive Order 14110", category:
//! "executive_order", number: "14110"}`.

use std::collections::HashMap;

use crate::extract::{Groups, Normalized};
use crate::model::span::ByteSpan;
use crate::model::value::{OrganizationSource, OrganizationValue, PolicyValue, Value};
pub use crate::rules::slug;
use crate::rules::{Lexicon, OrganizationParams, PolicyParams, Template};

pub(crate) fn normalize(
    p: &PolicyParams,
    g: &Groups,
    fact: ByteSpan,
) -> Result<Normalized, String> {
    if abbreviation_tail(g.text, fact) {
        return Err(
            "the tail of an abbreviation or a compound (`U.S. 400` holds no `S. 400`)".to_string(),
        );
    }
    let (name_override, span) = clean_name(g, fact, 2)?;
    if let Some(n) = &name_override
        && n.split_whitespace()
            .skip(1)
            .any(|w| ["The", "A", "An"].contains(&w))
    {
        return Err(format!(
            "{n:?} joins two names (a capitalized article inside)"
        ));
    }
    let (name_override, span) = match name_override
        .as_deref()
        .and_then(|n| without_country_prefix(g.text, n, span.unwrap_or(fact)))
    {
        Some((n, s)) => (Some(n), Some(s)),
        None => (name_override, span),
    };
    let render = |template: &Template| render(template, g, name_override.as_deref());
    let id = p.id.as_ref().map(render).transpose()?;
    let name = match &p.name {
        Some(t) => render(t)?,
        None => match &name_override {
            Some(n) => n.clone(),
            None => collapse(span.unwrap_or(fact).slice(g.text)),
        },
    };
    let value = Value::Policy(PolicyValue {
        id,
        name,
        category: p.category.clone(),
        number: g.get("number").map(collapse),
        section: g.get("section").map(collapse),
    });
    Ok(Normalized { value, span })
}

/// Whether `fact` starts inside a longer written unit: right after a letter and a period glued to it (`U.S.
/// 400` is no bill `S. 400`; `U.S. International Traffic in Arms Regulations` has no name starting at `S.`), or
/// right after a hyphen (`U.S.-Canada Partnership` is no `Canada Partnership`).
fn abbreviation_tail(text: &str, fact: ByteSpan) -> bool {
    let mut before = text[..fact.start()].chars().rev();
    match before.next() {
        Some('-') => true,
        Some('.') => before.next().is_some_and(char::is_alphabetic),
        _ => false,
    }
}

/// Country prefixes a pattern-found instrument name loses: `U.S. International Traffic in Arms Regulations` is
/// the gazetteer's `International Traffic in Arms Regulations` (the shrunk span equals the gazetteer match, which
/// wins over the pattern's at equal length), never an id of its own.
const COUNTRY_PREFIXES: [&str; 4] = ["U.S. ", "US ", "United States ", "U. S. "];

/// `name` without a leading country prefix and the fact span shrunk to match, when `name` opens with one and
/// keeps at least two words without it (`U.S. Regulations` is no name).
fn without_country_prefix(text: &str, name: &str, span: ByteSpan) -> Option<(String, ByteSpan)> {
    let rest = COUNTRY_PREFIXES.iter().find_map(|p| name.strip_prefix(p))?;
    let first = rest.split_whitespace().next()?;
    if rest.split_whitespace().count() < 2 {
        return None;
    }
    let at = span.slice(text).find(first)?;
    Some((
        rest.to_string(),
        ByteSpan::new(span.start() + at, span.end()),
    ))
}

/// Whether a gazetteer match at `span` is the tail of a class designator: `SSN-AUKUS` is a submarine class,
/// not the AUKUS partnership. The designators (`SSN`, `DDG`, …) are the `class_designator` lexicon in
/// `rules/instruments.toml`; the hyphen must join them to the match.
pub(crate) fn class_designator_tail(
    text: &str,
    span: ByteSpan,
    lexicons: &HashMap<String, Lexicon>,
) -> bool {
    let Some(head) = text[..span.start()].strip_suffix('-') else {
        return false;
    };
    let word = &head[head
        .trim_end_matches(|c: char| c.is_ascii_alphanumeric())
        .len()..];
    !word.is_empty()
        && lexicons
            .get("class_designator")
            .is_some_and(|l| l.get(word).is_some())
}

/// An organization found by pattern (`Department of Quantum Affairs`, `Harbourview Robotics Inc.`): no id,
/// the name with its leading stop words and a trailing possessive removed.
pub(crate) fn organization(
    p: &OrganizationParams,
    g: &Groups,
    fact: ByteSpan,
) -> Result<Normalized, String> {
    let (name, span) = clean_name(g, fact, 2)?;
    let name = name.ok_or("no name captured")?;
    let name = name
        .trim_end_matches("’s")
        .trim_end_matches("'s")
        .to_string();
    if let Some(person) = administration_of_a_person(&name, g) {
        return Err(format!("{person:?} names a president's term, not a body"));
    }
    let value = Value::Organization(OrganizationValue {
        id: None,
        name,
        category: p.category.clone(),
        country: None,
        source: OrganizationSource::Pattern,
    });
    Ok(Normalized { value, span })
}

/// "Biden-Harris Administration", "the Trump Administration": a name that is `Administration` after words
/// all from the `administration_names` lexicon (people) is a president's term in office, not an agency. Returns
/// the words before `Administration`.
fn administration_of_a_person<'n>(name: &'n str, g: &Groups) -> Option<&'n str> {
    let people = g.lexicon("administration_names")?;
    let (before, last) = name.trim_end().rsplit_once(char::is_whitespace)?;
    if !last.eq_ignore_ascii_case("administration") {
        return None;
    }
    let before = before.trim_end();
    let mut words = before
        .split(|c: char| c.is_whitespace() || c == '-' || c == '–')
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches("’s").trim_end_matches("'s"))
        .peekable();
    words.peek()?;
    words.all(|w| people.get(w).is_some()).then_some(before)
}

/// The `name` capture without leading words from the `leading_stopword` lexicon, and the fact span shrunk to
/// match; `None` when there is no `name` capture. A name of fewer than `min_words` words is refused.
fn clean_name(
    g: &Groups,
    fact: ByteSpan,
    min_words: usize,
) -> Result<(Option<String>, Option<ByteSpan>), String> {
    let (Some(name_span), Some(raw)) = (g.span("name"), g.get("name")) else {
        return Ok((None, None));
    };
    let mut cut = 0;
    let stop = g.lexicon("leading_stopword");
    for word in raw.split_whitespace() {
        if stop.is_some_and(|l| l.get(word).is_some()) {
            cut = raw[cut..].find(word).map_or(cut, |i| cut + i + word.len());
            cut += raw[cut..].len() - raw[cut..].trim_start().len();
        } else {
            break;
        }
    }
    let name = collapse(&raw[cut..]);
    if name.split_whitespace().count() < min_words {
        return Err(format!("{raw:?} has no name before its last word"));
    }
    let span = (cut > 0 && fact.start() == name_span.start())
        .then(|| ByteSpan::new(name_span.start() + cut, fact.end()));
    Ok((Some(name), span))
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Renders a template over the captures; `{name}` is the cleaned name when there is one.
fn render(template: &Template, g: &Groups, name: Option<&str>) -> Result<String, String> {
    template.render(|var| match (var, name) {
        ("name", Some(n)) => Ok(n.to_string()),
        _ => g
            .get(var)
            .map(collapse)
            .ok_or_else(|| format!("template variable {var:?} was not captured")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviation_and_compound_tails() {
        let cases = [
            ("U.S. 400", 2, true),
            ("see S. 400", 4, false),
            ("S. 400", 0, false),
            ("U.S.-Canada Partnership", 5, true),
            ("the Canada Partnership", 4, false),
            ("Jan. 400", 5, false),
        ];
        for (text, at, want) in cases {
            let fact = ByteSpan::new(at, text.len());
            assert_eq!(abbreviation_tail(text, fact), want, "{text:?} at {at}");
        }
    }

    #[test]
    fn country_prefixes_leave_the_name() {
        let text = "the U.S. International Traffic in Arms Regulations";
        let span = ByteSpan::new(4, text.len());
        let (name, shrunk) =
            without_country_prefix(text, "U.S. International Traffic in Arms Regulations", span)
                .expect("a prefix");
        assert_eq!(name, "International Traffic in Arms Regulations");
        assert_eq!(shrunk.slice(text), name);
        assert!(
            without_country_prefix("U.S. Regulations", "U.S. Regulations", ByteSpan::new(0, 16))
                .is_none()
        );
        assert!(
            without_country_prefix("USMCA Rules", "USMCA Rules", ByteSpan::new(0, 11)).is_none()
        );
    }

    #[test]
    fn class_designators_are_looked_up() {
        let rules = crate::rules::RuleSet::embedded().expect("embedded rules compile");
        let lexicons = &rules.lexicons;
        let text = "the SSN-AUKUS boats and pre-AUKUS talks under “-AUKUS";
        let at = |needle: &str, nth: usize| {
            let start = text.match_indices(needle).nth(nth).unwrap().0;
            ByteSpan::new(start, start + needle.len())
        };
        assert!(class_designator_tail(text, at("AUKUS", 0), lexicons));
        assert!(!class_designator_tail(text, at("AUKUS", 1), lexicons));
        assert!(!class_designator_tail(text, at("AUKUS", 2), lexicons));
    }
}
