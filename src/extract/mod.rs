//! Matching: every rule family in one pass, the gazetteer in one pass, then normalization into values.
//!
//! A *candidate* is a match of one rule (or one gazetteer entry) with its normalized value, or the reason the
//! normalizer rejected it. Candidates may overlap; `resolve` decides which become facts.
//!
//! How rules are searched: the start scanner ([`crate::rules::Starts`]) walks one anchored automaton of every
//! rule from each position where a word or symbol starts, and reports every rule with a match there and the
//! end of its longest match; each such rule then runs its capturing search anchored at that start (so a
//! shorter or lower-priority rule's match there is still a candidate, for overlap resolution and `explain` to
//! see). Without the scanner, each family's leftmost-first regex finds the next start and its all-matches
//! automaton says which rules match there; both ways find the same starts (tested). Candidates whose edges
//! fall inside a word are dropped here: the automata use ASCII word boundaries for speed, and Unicode
//! boundaries (`é2026`, `2026ɑ`) are checked in code.

mod boundaries;
mod context;
pub(crate) mod dateline;
mod dates;
mod holidays;
pub mod number_words;
mod numbers;
mod policy;
pub mod tense;
mod times;

pub use boundaries::{glued_number, in_url, on_word_boundaries};
pub use context::Context;
pub use policy::slug;

use regex_automata::{Anchored, Input, PatternID, PatternSet, util::captures::Captures};

use crate::model::span::ByteSpan;
use crate::model::value::{FactType, OrganizationSource, OrganizationValue, PolicyValue, Value};
use crate::rules::{Family, MAX_MATCH_BYTES, Params, RuleSet, Start};
use boundaries::trimmed;
use context::{Groups, Normalized};

/// Which rule produced a candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// A pattern rule: index into [`RuleSet::rules`].
    Rule(usize),
    /// A join of two adjacent facts into a range: index into [`RuleSet::joins`].
    Join(usize),
    /// An acronym the document defines for an organization or instrument it names.
    Defined(FactType),
    /// A gazetteer entity: index into [`RuleSet::entities`]; `acronym` when matched by an acronym.
    Entity {
        /// Index into [`RuleSet::entities`].
        entity: usize,
        /// Matched by an acronym rather than a name.
        acronym: bool,
    },
}

/// One possible fact.
#[derive(Clone, Debug)]
pub struct Candidate {
    /// The rule behind it.
    pub source: Source,
    /// The fact's span (a rule's `fact` capture, else its whole match).
    pub span: ByteSpan,
    /// The fact type.
    pub fact_type: FactType,
    /// Overlap tie-break at equal length: higher first.
    pub priority: i32,
    /// Overlap tie-break after priority: rule file, then position in it; lower first.
    pub order: (usize, usize),
    /// The value, or why the normalizer refused.
    pub value: Result<Value, String>,
    /// Matched by an acronym several entities share: kept only if the document says which (see
    /// `resolve::acronyms`).
    pub ambiguous: bool,
}

/// The id of the rule behind a source, as written in records.
pub fn rule_id(rules: &RuleSet, source: Source) -> String {
    match source {
        Source::Rule(i) => rules.rules[i].id.clone(),
        Source::Join(i) => rules.joins[i].id.clone(),
        Source::Defined(FactType::Organization) => "organizations/defined-acronym".to_string(),
        Source::Defined(_) => "policy/defined-acronym".to_string(),
        Source::Entity { entity, acronym } => {
            let family = &rules.entities[entity].family;
            if acronym {
                format!("{family}/gazetteer-acronym")
            } else {
                format!("{family}/gazetteer")
            }
        }
    }
}

/// Finds every candidate in `text[range]`.
pub fn candidates(
    rules: &RuleSet,
    text: &str,
    range: ByteSpan,
    ctx: &Context<'_>,
) -> Vec<Candidate> {
    let mut out = Vec::new();
    let starts = rule_starts(rules, text, range, true);
    for group in starts.chunk_by(|a, b| a.family == b.family) {
        family_candidates(rules, group[0].family as usize, group, text, ctx, &mut out);
    }
    gazetteer_candidates(rules, text, range, ctx, &mut out);
    out
}

/// Where rules match in `text[range]`, by family, then position, then rule (each family's matches in text
/// order, as the vetoes need): from the start scanner when there is one and `scanner` is set, else family by
/// family.
fn rule_starts(rules: &RuleSet, text: &str, range: ByteSpan, scanner: bool) -> Vec<Start> {
    let mut starts = Vec::new();
    let scanned = scanner
        && rules.starts.as_ref().is_some_and(|s| {
            s.find(text, range.start(), range.end(), &mut starts)
                .is_ok()
        });
    if !scanned {
        starts.clear();
        for (fi, family) in rules.families.iter().enumerate() {
            family_starts(family, fi, text, range, &mut starts);
        }
    }
    starts.sort_unstable_by_key(|s| (s.family, s.at, s.pattern));
    starts
}

fn family_candidates(
    rules: &RuleSet,
    fi: usize,
    starts: &[Start],
    text: &str,
    ctx: &Context<'_>,
    out: &mut Vec<Candidate>,
) {
    let family = &rules.families[fi];
    // A match rejected by its context (`reject` capture) vetoes the same rule's matches inside its fact span
    // that start later: "million a year" keeps "a year" from being a duration.
    let mut vetoes: Vec<(usize, ByteSpan)> = Vec::new();
    // Facts found with a value, by rule, that later starts may find again.
    let mut found: Vec<(usize, ByteSpan)> = Vec::new();
    for s in starts {
        let (start, pid) = (s.at, s.pattern as usize);
        let ri = family.rules[pid];
        let re = &family.captures[pid];
        let mut caps: Captures = re.create_captures();
        let input = Input::new(text).range(start..s.end).anchored(Anchored::Yes);
        re.search_captures(&input, &mut caps);
        let Some(whole) = caps.get_match() else {
            continue;
        };
        if whole.is_empty() {
            continue;
        }
        let whole = ByteSpan::new(whole.start(), whole.end());
        let rule = &rules.rules[ri];
        let items: Vec<(&str, ByteSpan)> = re
            .group_info()
            .pattern_names(PatternID::ZERO)
            .enumerate()
            .filter_map(|(gi, name)| {
                let name = name?;
                let g = caps.get_group(gi)?;
                Some((name, ByteSpan::new(g.start, g.end)))
            })
            .collect();
        let groups = Groups {
            text,
            items,
            lexicons: &rules.lexicons,
        };
        // A user's `fact` capture that takes in a space ("(?P<fact>\d+ )percent") gives the fact without it.
        let fact = trimmed(text, groups.span("fact").unwrap_or(whole));
        if fact.is_empty()
            || in_url(text, fact)
            || !on_word_boundaries(text, whole)
            || !on_word_boundaries(text, fact)
            || glued_number(text, fact)
        {
            continue;
        }
        // Starts come in text order: a veto that ends before this match can never cover a later one.
        if vetoes.first().is_some_and(|&(_, w)| w.end() <= start) {
            vetoes.retain(|&(_, w)| w.end() > start);
        }
        let vetoed = vetoes
            .iter()
            .any(|&(r, w)| r == ri && w.contains(fact) && w.start() < whole.start());
        let normalized = if let Some(r) = groups.get("reject") {
            vetoes.push((ri, whole));
            Err(format!("context {r:?} marks this as no fact"))
        } else if vetoed {
            Err("an earlier match of this rule was rejected by its context".to_string())
        } else {
            match &rule.params {
                Params::Date(p) => dates::normalize(p, &groups, ctx, fact).map(Normalized::from),
                Params::Percent(p) => numbers::percent(p, &groups, &rules.number_words, ctx, fact)
                    .map(Normalized::from),
                Params::Money(_) => {
                    numbers::money(&groups, &rules.number_words).map(Normalized::from)
                }
                Params::Quantity(_) => {
                    numbers::quantity(&groups, &rules.number_words).map(Normalized::from)
                }
                Params::Policy(p) => policy::normalize(p, &groups, fact),
                Params::Organization(p) => policy::organization(p, &groups, fact),
            }
        };
        let (span, value) = match normalized {
            Ok(n) => (n.span.unwrap_or(fact), Ok(n.value)),
            Err(why) => (fact, Err(why)),
        };
        // The same rule finding the same fact from a later start ("rose 5 percent" and "5 percent") would only
        // lose to the first as a duplicate; a rejected first one still lets a later one stand.
        if found.first().is_some_and(|&(_, f)| f.end() <= start) {
            found.retain(|&(_, f)| f.end() > start);
        }
        if found.contains(&(ri, span)) {
            continue;
        }
        if value.is_ok() {
            found.push((ri, span));
        }
        out.push(Candidate {
            source: Source::Rule(ri),
            span,
            fact_type: rule.fact_type,
            priority: rule.priority,
            order: (rule.origin.file, ri),
            value,
            ambiguous: false,
        });
    }
}

/// Where the rules of one family match, without the start scanner: the family's leftmost-first search finds
/// the next start, its all-matches automaton says which rules match there, and the search resumes one
/// character later.
fn family_starts(family: &Family, fi: usize, text: &str, range: ByteSpan, out: &mut Vec<Start>) {
    let (Some(regex), Some(which)) = (family.regex(), family.which()) else {
        return;
    };
    let mut matching = PatternSet::new(which.pattern_len());
    let mut pos = range.start();
    while pos < range.end() {
        // As in the start scanner, no match is looked for beyond MAX_MATCH_BYTES from its start: the search
        // looks at a window twice that long, so that a run of text keeping a pattern alive costs at most the
        // window per step. Look-around still sees the text past the window.
        let window = range.end().min(pos + 2 * MAX_MATCH_BYTES);
        let Some(m) = regex.search(&Input::new(text).range(pos..window)) else {
            if window == range.end() {
                break;
            }
            pos = text.floor_char_boundary(window - MAX_MATCH_BYTES);
            continue;
        };
        let start = m.start();
        let end = range.end().min(start + MAX_MATCH_BYTES);
        matching.clear();
        which.which_overlapping_matches(
            &Input::new(text).range(start..end).anchored(Anchored::Yes),
            &mut matching,
        );
        for pid in matching.iter() {
            out.push(Start {
                at: start,
                family: fi as u32,
                pattern: pid.as_u32(),
                end,
            });
        }
        pos = start + text[start..].chars().next().map_or(1, char::len_utf8);
    }
}

/// Overlap priority of a gazetteer name with its country prefix (`U.S. International Traffic in Arms
/// Regulations`): above every rule's, so that a pattern rule matching the same span (made as long only by the
/// prefix) never beats the known entity.
pub const PREFIXED_PRIORITY: i32 = 100;

/// The lexicon of country prefixes (`U.S.`, `UK`, `Australian`) a gazetteer name may carry.
pub const COUNTRY_PREFIX_LEXICON: &str = "country_prefix";

/// The country prefix written right before `at` (separated by white space, inside the same sentence): its
/// start and its country.
pub fn country_prefix<'r>(
    rules: &'r RuleSet,
    text: &str,
    at: usize,
    segments: &[crate::text::Segment],
) -> Option<(usize, &'r str)> {
    let lexicon = rules.lexicons.get(COUNTRY_PREFIX_LEXICON)?;
    let before = &text[..at];
    let word_end = before.trim_end_matches(char::is_whitespace);
    if word_end.len() == before.len() {
        return None;
    }
    let form = lexicon.forms.iter().find(|f| {
        word_end.ends_with(f.as_str())
            && !word_end[..word_end.len() - f.len()]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '\'' | '’'))
    })?;
    let start = word_end.len() - form.len();
    let si = segments.partition_point(|s| s.span.start() <= start);
    let same_segment = si
        .checked_sub(1)
        .is_some_and(|si| segments[si].span.contains(ByteSpan::new(start, at)));
    if !same_segment {
        return None;
    }
    Some((start, lexicon.get(form)?))
}

fn gazetteer_candidates(
    rules: &RuleSet,
    text: &str,
    range: ByteSpan,
    ctx: &Context<'_>,
    out: &mut Vec<Candidate>,
) {
    let g = &rules.gazetteer;
    let hay = &text[range.start()..range.end()];
    let passes = [
        (g.names.as_ref(), &g.name_entities, false),
        (g.acronyms.as_ref(), &g.acronym_entities, true),
    ];
    for (ac, targets, acronym) in passes {
        let Some(ac) = ac else { continue };
        for m in ac.find_iter(hay) {
            let mut span = ByteSpan::new(range.start() + m.start(), range.start() + m.end());
            if !on_word_boundaries(text, span)
                || policy::class_designator_tail(text, span, &rules.lexicons)
            {
                continue;
            }
            let ei = targets[m.pattern().as_usize()];
            let e = &rules.entities[ei];
            let ambiguous = acronym && g.acronym_ambiguous[m.pattern().as_usize()];
            let mut value = Ok(entity_value(e, OrganizationSource::Gazetteer));
            let mut priority = 0;
            if let Some((start, country)) = country_prefix(rules, text, span.start(), ctx.segments)
                && start >= range.start()
            {
                let key = crate::rules::shared_key(span.slice(text), acronym);
                let alone = [ei];
                let owners = g.shared.get(&key).map_or(&alone[..], Vec::as_slice);
                let countries = || {
                    owners
                        .iter()
                        .filter_map(|&o| rules.entities[o].country.as_deref())
                };
                if countries().any(|c| c == country) {
                    span = ByteSpan::new(start, span.end());
                    priority = PREFIXED_PRIORITY;
                } else if let Some(theirs) = countries().next() {
                    // `Japanese Ministry of Defense` names another body than the US one.
                    value = Err(format!(
                        "its prefix {:?} names a body of {country}, not of {theirs}",
                        text[start..span.start()].trim_end()
                    ));
                    span = ByteSpan::new(start, span.end());
                }
            }
            out.push(Candidate {
                source: Source::Entity {
                    entity: ei,
                    acronym,
                },
                span,
                fact_type: e.fact_type,
                priority,
                order: (e.origin.file, ei),
                value,
                ambiguous,
            });
        }
    }
}

/// The value of a gazetteer entity; `source` says how it was found (`gazetteer`, `acronym`).
pub fn entity_value(e: &crate::rules::Entity, source: OrganizationSource) -> Value {
    match e.fact_type {
        FactType::Organization => Value::Organization(OrganizationValue {
            id: Some(e.id.clone()),
            name: e.name.clone(),
            category: e.category.clone(),
            country: e.country.clone(),
            source,
        }),
        _ => Value::Policy(PolicyValue {
            id: Some(e.id.clone()),
            name: e.name.clone(),
            category: e.category.clone(),
            number: None,
            section: None,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_start_scanner_finds_what_each_family_finds() {
        let rules = RuleSet::embedded().expect("embedded rules compile");
        assert!(
            rules.starts.is_some(),
            "the embedded rules build one scanner"
        );
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut texts: Vec<String> = std::fs::read_dir(&dir)
            .expect("corpus/ is in the repository")
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        texts.push(
            "“2026” é2026 x$5 (5%) -3% FY27 mid-2026 at 9:30 a.m.\r\nMay Chen\rMarch 3".into(),
        );
        // Facts on both sides of the fallback's search windows' edges, and runs of capitalized words that keep
        // the organization patterns alive for longer than MAX_MATCH_BYTES and end in a named Act.
        texts.push("rose 5% in March 2026 to $3 billion at the Department of Energy; ".repeat(60));
        texts.push(format!(
            "{}Act said 5 percent in May. {}",
            "Xyz Abc ".repeat(300),
            "May June July ".repeat(200)
        ));
        for text in &texts {
            let range = ByteSpan::new(0, text.len());
            let key = |v: Vec<Start>| -> Vec<(u32, usize, u32)> {
                v.into_iter().map(|s| (s.family, s.at, s.pattern)).collect()
            };
            let fast = key(rule_starts(&rules, text, range, true));
            let slow = key(rule_starts(&rules, text, range, false));
            // The scanner skips starts inside words, which the boundary check would drop anyway.
            let slow: Vec<_> = slow
                .into_iter()
                .filter(|&(_, at, _)| {
                    let before = text[..at].chars().next_back();
                    let first = text[at..].chars().next();
                    !(before.is_some_and(char::is_alphanumeric)
                        && first.is_some_and(char::is_alphanumeric))
                })
                .collect();
            assert!(!fast.is_empty());
            assert_eq!(fast, slow);
        }
    }
}
