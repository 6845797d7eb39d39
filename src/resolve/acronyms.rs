//! Acronyms defined in the text, and acronyms several bodies share.
//!
//! A definition is a recognized organization or instrument followed by its short form in parentheses —
//! `Bureau of Industry and Security (BIS)` — or a short form followed by the long form in parentheses —
//! `BIS (Bureau of Industry and Security)`. The short form must fit the long form by the Schwartz–Hearst test
//! (its letters appear in order in the long form, the first at the start of a word). Every use of the short
//! form in the document (singular or plural: `CRADA`, `CRADAs`) then becomes a fact for the same entity, with
//! rule `organizations/defined-acronym` (source `acronym`) or `policy/defined-acronym`.
//!
//! A gazetteer acronym that several bodies share (`ambiguous_acronyms`: DOE, DOL) stands only when the document
//! defines it or names one of its owners in full; it then means that owner.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::extract::{Candidate, Source, entity_value};
use crate::model::span::ByteSpan;
use crate::model::value::{FactType, OrganizationSource, Value};
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
            .map(|(i, _)| i)
            && short_form(inner)
            && fits(inner, long)
        {
            defs.entry(inner.to_string())
                .or_insert_with(|| value.clone());
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
    if defs.is_empty() {
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
    let mut added = Vec::new();
    let mut forms: Vec<(String, Value)> = Vec::new();
    for (sf, v) in &defs {
        forms.push((sf.clone(), v.clone()));
        match sf.strip_suffix('s') {
            Some(singular) if singular.len() >= 2 => forms.push((singular.to_string(), v.clone())),
            _ => forms.push((format!("{sf}s"), v.clone())),
        }
    }
    forms.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    for (sf, value) in forms {
        for (at, _) in text.match_indices(sf.as_str()) {
            let span = ByteSpan::new(at, at + sf.len());
            if !crate::extract::on_word_boundaries(text, span)
                || taken
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
            let fact_type = if matches!(value, Value::Organization(_)) {
                FactType::Organization
            } else {
                FactType::Policy
            };
            let value = match value.clone() {
                Value::Organization(mut o) => {
                    o.source = OrganizationSource::Acronym;
                    Value::Organization(o)
                }
                other => other,
            };
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

fn value_id(v: &Value) -> Option<String> {
    match v {
        Value::Organization(o) => o.id.clone(),
        Value::Policy(p) => p.id.clone(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::fits;

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
