//! Acronyms and short forms defined in the text, and acronyms several bodies share.
//!
//! A definition is a recognized organization or instrument (gazetteer or pattern) followed by its short form in
//! parentheses — `Bureau of Industry and Security (BIS)`, `Department of Commerce (Commerce)`, `(the
//! "Department")`, `(“Talent Committee”)` — or an acronym followed by the long form in parentheses — `BIS (Bureau
//! of Industry and Security)`. Two tests, one per kind of short form:
//!
//! * an *acronym* (mostly capitals, [`fits`]) must fit the long form by the Schwartz–Hearst test (its letters
//!   appear in order in the long form, the first at the start of a word); every use in the document, before
//!   or after the definition, singular or plural (`CRADA`, `CRADAs`), becomes a fact;
//! * a *word form* (`Commerce`, `Talent Committee`, `Department`; [`words_of`]) must be words of the long form,
//!   in order; only its uses from the definition on, written in the same case (`Commerce`, never `commerce`
//!   in "interstate commerce"), become facts, each for the latest definition before it, and not where the word
//!   opens a longer name (`Commerce of ...`). An instrument's generic word (`Controlled Applications Act
//!   (Act)`) defines nothing: `the Act` is no policy mention by the id scheme.
//!
//! Uses get rule `organizations/defined-acronym` (source `acronym`) or `policy/defined-acronym`. A definition
//! beats the gazetteer and the patterns: a use they matched at the same span takes the defined value (and
//! `Resolution::choices` says so, when the id changes).
//!
//! A gazetteer acronym that several bodies share (`ambiguous_acronyms`: DOE, DOL) stands only when the document
//! defines it or names one of its owners in full; it then means that owner.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::extract::{Candidate, Source, entity_value};
use crate::model::span::ByteSpan;
use crate::model::value::{FactType, OrganizationSource, Value};
use crate::resolve::disambiguate::{Choice, Reason};
use crate::resolve::{Dropped, Resolution};
use crate::rules::RuleSet;
use crate::text::{Segment, SegmentKind};

/// Whether `short` can abbreviate `long` (Schwartz & Hearst 2003): matching from the end, every letter or
/// digit of the short form appears in order in the long form, and the first one starts a word.
pub fn fits(short: &str, long: &str) -> bool {
    let s: Vec<char> = short
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let l: Vec<char> = long.chars().flat_map(char::to_lowercase).collect();
    if s.len() < 2 || !s[0].is_alphabetic() {
        return false;
    }
    let mut li = l.len();
    for (si, &c) in s.iter().enumerate().rev() {
        loop {
            if li == 0 {
                return false;
            }
            li -= 1;
            let at_word_start = li == 0 || !l[li - 1].is_alphanumeric();
            if l[li] == c && (si > 0 || at_word_start) {
                break;
            }
        }
    }
    true
}

/// A plausible short form: 2 to 10 characters, starting with a capital, mostly capitals.
fn short_form(s: &str) -> bool {
    let n = s.chars().count();
    let caps = s.chars().filter(|c| c.is_uppercase()).count();
    (2..=10).contains(&n)
        && s.chars().next().is_some_and(char::is_uppercase)
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '&' | '-' | '.'))
        && caps * 2 >= n
}

/// Whether `short` is words of `long` in order (`Commerce` of `Department of Commerce`, `Talent Committee` of
/// `National Security AI Executive Talent Committee`): one to four words of letters, at least one no function
/// word, not the whole long form.
pub fn words_of(short: &str, long: &str) -> bool {
    const FUNCTION: [&str; 7] = ["of", "the", "and", "for", "on", "in", "to"];
    let words: Vec<String> = short.split_whitespace().map(str::to_lowercase).collect();
    let long_words: Vec<String> = long
        .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '&')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty()
        || words.len() > 4
        || words.len() >= long_words.len()
        || !short.chars().next().is_some_and(char::is_alphabetic)
        || !words
            .iter()
            .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '&'))
        || words.iter().all(|w| FUNCTION.contains(&w.as_str()))
    {
        return false;
    }
    let mut rest = long_words.iter();
    words.iter().all(|w| rest.any(|l| l == w))
}

/// Whether a word form is a generic word for an instrument (`Act`, `Order`): `the Act` is no policy mention
/// even where the document defines it (the id scheme's rule).
fn generic_instrument(form: &str) -> bool {
    const GENERIC: [&str; 16] = [
        "act",
        "order",
        "rule",
        "rules",
        "regulation",
        "regulations",
        "memorandum",
        "proclamation",
        "notice",
        "directive",
        "law",
        "bill",
        "agreement",
        "treaty",
        "program",
        "statute",
    ];
    GENERIC.contains(&form.to_lowercase().as_str())
}

/// The short form inside a definition's parentheses, without a leading `the` and quotes: `the "Department"` →
/// `Department`.
fn defined_form(inner: &str) -> &str {
    const QUOTES: [char; 6] = ['"', '“', '”', '\'', '‘', '’'];
    let inner = inner.trim();
    let inner = inner
        .strip_prefix("the ")
        .or_else(|| inner.strip_prefix("The "))
        .unwrap_or(inner)
        .trim_start();
    inner.trim_matches(QUOTES).trim()
}

/// Links acronym definitions and resolves shared acronyms in one document's resolution.
pub fn link_acronyms(
    rules: &RuleSet,
    text: &str,
    segments: &[Segment],
    candidates: &mut Vec<Candidate>,
    res: &mut Resolution,
) {
    // Definitions, from the winners.
    let mut defs: HashMap<String, Value> = HashMap::new();
    // Word forms: each definition from where it is made, in text order.
    let mut word_defs: BTreeMap<String, Vec<(usize, Value)>> = BTreeMap::new();
    for &(ci, _) in &res.kept {
        let c = &candidates[ci];
        if !matches!(c.fact_type, FactType::Organization | FactType::Policy)
            || matches!(c.source, Source::Entity { acronym: true, .. })
        {
            continue;
        }
        let Ok(value) = &c.value else { continue };
        let long = c.span.slice(text);
        // Long form (SF)
        let after = &text[c.span.end()..];
        let rest = after.trim_start_matches([' ', '\u{a0}']);
        if let Some(inner) = rest
            .strip_prefix('(')
            .and_then(|r| r.split_once(')'))
            .map(|(i, _)| defined_form(i))
        {
            if short_form(inner) && fits(inner, long) {
                defs.entry(inner.to_string())
                    .or_insert_with(|| value.clone());
            } else if words_of(inner, long)
                && !(c.fact_type == FactType::Policy && generic_instrument(inner))
            {
                word_defs
                    .entry(inner.to_string())
                    .or_default()
                    .push((c.span.end(), value.clone()));
            }
        }
        // SF (Long form)
        let before = text[..c.span.start()].trim_end_matches([' ', '\u{a0}']);
        if let Some(b) = before.strip_suffix('(')
            && after.starts_with(')')
        {
            let b = b.trim_end();
            let sf = &b[b.rfind(|ch: char| ch.is_whitespace()).map_or(0, |i| i + 1)..];
            if short_form(sf) && fits(sf, long) {
                defs.entry(sf.to_string()).or_insert_with(|| value.clone());
            }
        }
    }
    // Shared acronyms: kept when defined or when an owner is named in full.
    let named: HashSet<String> = res
        .kept
        .iter()
        .filter_map(
            |&(ci, _)| match (&candidates[ci].source, &candidates[ci].value) {
                (Source::Entity { acronym: false, .. }, Ok(v)) => value_id(v),
                _ => None,
            },
        )
        .collect();
    let mut dropped = Vec::new();
    for &(ci, _) in &res.kept {
        let c = &mut candidates[ci];
        if !c.ambiguous {
            continue;
        }
        let sf = c.span.slice(text).to_string();
        if let Some(v) = defs.get(&sf) {
            c.value = Ok(v.clone());
            continue;
        }
        let owner = rules.gazetteer.ambiguous.get(&sf).and_then(|owners| {
            owners
                .iter()
                .copied()
                .find(|&ei| named.contains(&rules.entities[ei].id))
        });
        match owner {
            Some(ei) => {
                c.value = Ok(entity_value(
                    &rules.entities[ei],
                    OrganizationSource::Gazetteer,
                ));
            }
            None => dropped.push(ci),
        }
    }
    if !dropped.is_empty() {
        let gone: HashSet<usize> = dropped.iter().copied().collect();
        res.kept.retain(|(ci, _)| !gone.contains(ci));
        for ci in dropped {
            res.dropped.push((
                ci,
                Dropped::Rejected("a shared acronym the document does not define or name".into()),
            ));
        }
    }
    if defs.is_empty() && word_defs.is_empty() {
        return;
    }
    // Uses of each defined short form, singular or plural.
    // Start → end of every winner and every use added: they never overlap, so the one starting last before a
    // span's end is the only one that can overlap it.
    let mut taken: BTreeMap<usize, usize> = res
        .kept
        .iter()
        .map(|&(ci, _)| (candidates[ci].span.start(), candidates[ci].span.end()))
        .collect();
    // Organization and instrument winners of the gazetteer and the patterns by span: a definition's use at the
    // same span overrides them.
    let gazetteer_at: HashMap<(usize, usize), usize> = res
        .kept
        .iter()
        .filter(|&&(ci, _)| {
            let c = &candidates[ci];
            matches!(c.source, Source::Entity { .. } | Source::Rule(_))
                && matches!(c.fact_type, FactType::Organization | FactType::Policy)
        })
        .map(|&(ci, _)| ((candidates[ci].span.start(), candidates[ci].span.end()), ci))
        .collect();
    let mut added = Vec::new();
    let mut forms: Vec<(String, Meaning<'_>)> = Vec::new();
    for (sf, v) in &defs {
        forms.push((sf.clone(), Meaning::Everywhere(v)));
        match sf.strip_suffix('s') {
            Some(singular) if singular.len() >= 2 => {
                forms.push((singular.to_string(), Meaning::Everywhere(v)));
            }
            _ => forms.push((format!("{sf}s"), Meaning::Everywhere(v))),
        }
    }
    for (sf, list) in &word_defs {
        if !defs.contains_key(sf) {
            forms.push((sf.clone(), Meaning::From(list)));
        }
    }
    forms.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    for (sf, meaning) in forms {
        for (at, _) in text.match_indices(sf.as_str()) {
            let span = ByteSpan::new(at, at + sf.len());
            if !crate::extract::on_word_boundaries(text, span) {
                continue;
            }
            let value = match meaning {
                Meaning::Everywhere(v) => v,
                Meaning::From(list) => {
                    // `Commerce of ...` opens a longer name.
                    let opens_name = text[span.end()..]
                        .strip_prefix(' ')
                        .is_some_and(|r| r.starts_with("of "));
                    match list.iter().rev().find(|(from, _)| *from <= at) {
                        Some((_, v)) if !opens_name => v,
                        _ => continue,
                    }
                }
            };
            let value = match value.clone() {
                Value::Organization(mut o) => {
                    o.source = OrganizationSource::Acronym;
                    Value::Organization(o)
                }
                other => other,
            };
            let fact_type = if matches!(value, Value::Organization(_)) {
                FactType::Organization
            } else {
                FactType::Policy
            };
            if let Some(&ci) = gazetteer_at.get(&(span.start(), span.end())) {
                let c = &mut candidates[ci];
                let (before, after) = (c.value.as_ref().ok().and_then(value_id), value_id(&value));
                let renamed = before.is_none()
                    && after.is_none()
                    && c.value.as_ref().ok().and_then(value_name) != value_name(&value);
                if renamed {
                    c.source = Source::Defined(fact_type);
                    c.value = Ok(value);
                } else if before != after {
                    res.choices.push((
                        ci,
                        Choice {
                            owners: before.into_iter().chain(after.clone()).collect(),
                            winner: after.unwrap_or_default(),
                            reason: Reason::Definition,
                        },
                    ));
                    c.source = Source::Defined(fact_type);
                    c.value = Ok(value);
                }
                continue;
            }
            if taken
                .range(..span.end())
                .next_back()
                .is_some_and(|(_, &end)| end > span.start())
            {
                continue;
            }
            let idx = segments.partition_point(|s| s.span.start() <= span.start());
            let Some(si) = idx.checked_sub(1) else {
                continue;
            };
            if segments[si].kind != SegmentKind::Sentence || !segments[si].span.contains(span) {
                continue;
            }
            taken.insert(span.start(), span.end());
            added.push((
                Candidate {
                    source: Source::Defined(fact_type),
                    span,
                    fact_type,
                    priority: 0,
                    order: (usize::MAX, 0),
                    value: Ok(value),
                    ambiguous: false,
                },
                si,
            ));
        }
    }
    // The uses overlap no winner and no other use, so merging them in by start keeps `kept` in text order.
    let mut uses = Vec::with_capacity(added.len());
    for (c, si) in added {
        candidates.push(c);
        uses.push((candidates.len() - 1, si));
    }
    uses.sort_unstable_by_key(|&(i, _)| candidates[i].span.start());
    let winners = std::mem::take(&mut res.kept);
    res.kept = merge_in_text_order(candidates, winners, uses);
}

/// What a defined short form means where it is used.
#[derive(Clone, Copy)]
enum Meaning<'d> {
    /// An acronym: one value, wherever it is used.
    Everywhere(&'d Value),
    /// A word form: from each definition on, its value.
    From(&'d [(usize, Value)]),
}

/// Two lists of candidates in text order, merged (ties: `a` first).
fn merge_in_text_order(
    candidates: &[Candidate],
    a: Vec<(usize, usize)>,
    b: Vec<(usize, usize)>,
) -> Vec<(usize, usize)> {
    let key = |&(i, _): &(usize, usize)| (candidates[i].span.start(), candidates[i].span.end());
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let take_a = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => key(x) <= key(y),
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return out,
        };
        out.extend(if take_a { a.next() } else { b.next() });
    }
}

fn value_name(v: &Value) -> Option<&str> {
    match v {
        Value::Organization(o) => Some(&o.name),
        Value::Policy(p) => Some(&p.name),
        _ => None,
    }
}

fn value_id(v: &Value) -> Option<String> {
    match v {
        Value::Organization(o) => o.id.clone(),
        Value::Policy(p) => p.id.clone(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{defined_form, fits, words_of};
    use crate::document::Document;
    use crate::model::value::Value;
    use crate::rules::RuleSet;

    #[test]
    fn word_forms_are_words_of_the_long_form_in_order() {
        assert!(words_of("Commerce", "Department of Commerce"));
        assert!(words_of(
            "Talent Committee",
            "National Security AI Executive Talent Committee"
        ));
        assert!(words_of("Department", "Department of Energy"));
        assert!(!words_of(
            "Committee Talent",
            "National Security AI Executive Talent Committee"
        ));
        assert!(!words_of("Energy", "Department of Commerce"));
        assert!(!words_of("of", "Department of Commerce"));
        assert!(!words_of(
            "Department of Commerce",
            "Department of Commerce"
        ));
        assert_eq!(defined_form("the \"Department\""), "Department");
        assert_eq!(defined_form("“Department”"), "Department");
        assert_eq!(defined_form("Commerce"), "Commerce");
    }

    /// `(text, id)` of every organization kept in `text`.
    fn organizations(text: &str) -> Vec<(String, Option<String>)> {
        let rules = RuleSet::embedded().expect("embedded rules compile");
        let doc = Document::from_str("t.txt", text, None);
        let (t, segments, mut found) = crate::resolve::tests::prepared(&rules, &doc);
        let res = crate::resolve::run(&rules, None, &t, &segments, &mut found);
        res.kept
            .iter()
            .filter_map(|&(ci, _)| match &found[ci].value {
                // Without an id, the name.
                Ok(Value::Organization(o)) => Some((
                    found[ci].span.slice(&t).to_string(),
                    o.id.clone().or_else(|| Some(o.name.clone())),
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn defined_short_forms_link_their_later_uses_in_the_same_case() {
        let got = organizations(
            "Commerce grew. The Department of Commerce (Commerce) leads. Commerce will report, and \
             interstate commerce grows. Commerce's bureau acts.",
        );
        let commerce: Vec<_> = got.iter().filter(|(t, _)| t == "Commerce").collect();
        assert_eq!(commerce.len(), 3, "{got:?}");
        assert!(
            commerce
                .iter()
                .all(|(_, id)| id.as_deref() == Some("us-doc")),
            "{got:?}"
        );
        let got = organizations(
            "The National Security AI Executive Talent Committee (Talent Committee) met. The Talent \
             Committee will report.",
        );
        let talent: Vec<_> = got
            .iter()
            .filter(|(t, id)| {
                t.starts_with("Talent")
                    && id.as_deref() == Some("National Security AI Executive Talent Committee")
            })
            .collect();
        assert_eq!(talent.len(), 2, "{got:?}");
        let got = organizations(
            "The Department of Energy (the \"Department\") acts. The Department will report.",
        );
        assert_eq!(
            got.iter()
                .filter(|(t, id)| t == "Department" && id.as_deref() == Some("us-doe"))
                .count(),
            2,
            "{got:?}"
        );
    }

    #[test]
    fn a_definition_beats_the_gazetteer() {
        let got = organizations(
            "The Center for Strategic and International Studies (CSIS) met Canada's envoy in Ottawa. \
             CSIS said so.",
        );
        assert!(
            got.iter()
                .filter(|(t, _)| t == "CSIS")
                .all(|(_, id)| id.as_deref() == Some("csis-think-tank")),
            "{got:?}"
        );
    }

    #[test]
    fn schwartz_hearst() {
        assert!(fits("BIS", "Bureau of Industry and Security"));
        assert!(fits(
            "CRADAs",
            "Cooperative Research and Development Agreements"
        ));
        assert!(fits("ITAR", "International Traffic in Arms Regulations"));
        assert!(fits("DoD", "Department of Defense"));
        assert!(!fits("NSA", "Bureau of Industry and Security"));
        assert!(!fits("X", "Xylophone"));
    }
}
