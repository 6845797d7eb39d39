//! Names and acronyms several bodies share: which one the document means.
//!
//! A gazetteer name or acronym may belong to several entities when they carry disambiguation data (`parent`,
//! `context`, `years`, `default`; see the header of `rules/organizations.toml`): `AI Safety Institute` is the
//! US institute within NIST and the UK's (now AI Security) institute. Each mention of a shared form is given one
//! owner; the evidence is weighed in this order, each step narrowing the owners left by the one before, and
//! the first step that leaves one owner decides:
//!
//! 1. the country written with the name: a prefix in the span (`UK AI Safety Institute`) or a possessive just
//!    before it (`the UK's AI Safety Institute`) — part of the name as written, so it beats everything the rest
//!    of the document says;
//! 2. a parent named in the same sentence (`AI Safety Institute (AISI) within the National Institute of
//!    Standards and Technology`), then in the document (the parent, then its parent);
//! 3. the document's country: the one most of its other gazetteer organizations have, when one leads;
//! 4. context words (`London`, `Bletchley`) in the sentence, then in the document;
//! 5. years: the owner that bore the name in the document's year (the publication date its relative dates were
//!    read against, else the year its dates name most);
//! 6. the owner declared `default`, else the first listed.
//!
//! A definition in the document (`U.S. AI Safety Institute (AISI)`, or a short form `(the "Institute")`) comes
//! before all of these: `acronyms` applies definitions after this pass, over what it chose.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use crate::extract::{COUNTRY_PREFIX_LEXICON, Candidate, Source, entity_value};
use crate::model::value::{FactType, OrganizationSource, Value};
use crate::resolve::Resolution;
use crate::rules::{RuleSet, shared_key};
use crate::text::Segment;

/// Why a shared name went to its owner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The document defines the form for that body.
    Definition,
    /// The country prefix or possessive written with the name.
    Prefix(String),
    /// Its parent is named in the same sentence.
    ParentInSentence(String),
    /// Its parent (or the parent's parent) is named in the document.
    ParentInDocument(String),
    /// The country of most of the document's organizations.
    Country(String),
    /// One of its context words is in the sentence (`true`) or the document.
    Context(String, bool),
    /// It bore the name in the document's year.
    Year(i32),
    /// Declared the default.
    Default,
    /// Listed first.
    First,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Definition => write!(f, "definition: the document defines it for this body"),
            Reason::Prefix(c) => write!(f, "country: written with {c}"),
            Reason::ParentInSentence(p) => write!(f, "parent: {p} is named in the sentence"),
            Reason::ParentInDocument(p) => write!(f, "parent: {p} is named in the document"),
            Reason::Country(c) => {
                write!(f, "country: most of the document's organizations are {c}")
            }
            Reason::Context(w, true) => write!(f, "context: {w:?} is in the sentence"),
            Reason::Context(w, false) => write!(f, "context: {w:?} is in the document"),
            Reason::Year(y) => write!(f, "year: it bore this name in {y}"),
            Reason::Default => write!(f, "default: declared the default"),
            Reason::First => write!(f, "default: listed first, nothing decided"),
        }
    }
}

/// The choice made for one mention of a shared form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// The ids it could be, in file order (for a definition: the gazetteer's, then the definition's).
    pub owners: Vec<String>,
    /// The id chosen.
    pub winner: String,
    /// Why.
    pub reason: Reason,
}

/// What the document says, gathered once for all its shared mentions.
struct Evidence<'t> {
    /// Entity id → the segments where it is named (not counting shared mentions).
    named: HashMap<String, Vec<usize>>,
    /// The leading country of the document's organizations.
    country: Option<String>,
    /// The document's year.
    year: Option<i32>,
    /// The text lowercased, for context words (built on first use).
    lower: Option<String>,
    text: &'t str,
}

/// The key of a gazetteer mention in [`crate::rules::Gazetteer::shared`], its country prefix left out.
fn mention_key(rules: &RuleSet, written: &str, acronym: bool) -> String {
    let key = shared_key(written, acronym);
    if rules.gazetteer.shared.contains_key(&key) {
        return key;
    }
    let forms = rules
        .lexicons
        .get(COUNTRY_PREFIX_LEXICON)
        .map_or(&[][..], |l| l.forms.as_slice());
    for f in forms {
        if let Some(rest) = written.strip_prefix(f.as_str())
            && rest.starts_with(char::is_whitespace)
        {
            return shared_key(rest.trim_start(), acronym);
        }
    }
    key
}

/// Gives every kept mention of a shared name or acronym its owner, and records why in `res.choices`.
pub fn choose(
    rules: &RuleSet,
    text: &str,
    segments: &[Segment],
    candidates: &mut [Candidate],
    res: &mut Resolution,
) {
    if rules.gazetteer.shared.is_empty() {
        return;
    }
    let shared: Vec<(usize, usize, Vec<usize>)> = res
        .kept
        .iter()
        .filter_map(|&(ci, si)| {
            let Source::Entity { acronym, .. } = candidates[ci].source else {
                return None;
            };
            let key = mention_key(rules, candidates[ci].span.slice(text), acronym);
            let owners = rules.gazetteer.shared.get(&key)?;
            Some((ci, si, owners.clone()))
        })
        .collect();
    if shared.is_empty() {
        return;
    }
    let mut ev = gather(rules, text, candidates, res, &shared);
    for (ci, si, owners) in shared {
        let c = &candidates[ci];
        let (winner, reason) = decide(rules, text, segments, c, si, &owners, &mut ev);
        let Source::Entity { acronym, .. } = c.source else {
            continue;
        };
        let e = &rules.entities[winner];
        let c = &mut candidates[ci];
        c.source = Source::Entity {
            entity: winner,
            acronym,
        };
        c.value = Ok(entity_value(e, OrganizationSource::Gazetteer));
        res.choices.push((
            ci,
            Choice {
                owners: owners
                    .iter()
                    .map(|&o| rules.entities[o].id.clone())
                    .collect(),
                winner: e.id.clone(),
                reason,
            },
        ));
    }
}

fn gather<'t>(
    rules: &RuleSet,
    text: &'t str,
    candidates: &[Candidate],
    res: &Resolution,
    shared: &[(usize, usize, Vec<usize>)],
) -> Evidence<'t> {
    let mut named: HashMap<String, Vec<usize>> = HashMap::new();
    let mut countries: BTreeMap<&str, usize> = BTreeMap::new();
    let mut anchor = None;
    let mut years: BTreeMap<i32, usize> = BTreeMap::new();
    for &(ci, si) in &res.kept {
        let c = &candidates[ci];
        if shared.iter().any(|&(s, _, _)| s == ci) {
            continue;
        }
        match (&c.value, c.source) {
            (Ok(Value::Organization(o)), _) => {
                if let Some(id) = &o.id {
                    named.entry(id.clone()).or_default().push(si);
                }
                if matches!(c.source, Source::Entity { .. })
                    && let Some(country) = &o.country
                {
                    *countries.entry(country.as_str()).or_default() += 1;
                }
            }
            (Ok(Value::Policy(p)), _) => {
                if let Some(id) = &p.id {
                    named.entry(id.clone()).or_default().push(si);
                }
            }
            (Ok(Value::Date(d)), _) if c.fact_type == FactType::Date => {
                if anchor.is_none() {
                    anchor = d.anchor.as_deref().and_then(year_of);
                }
                if let Some(y) = year_of(&d.timex) {
                    *years.entry(y).or_default() += 1;
                }
            }
            _ => {}
        }
    }
    let mut ranked: Vec<(&str, usize)> = countries.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let country = match ranked.as_slice() {
        [(c, n), rest @ ..] if *n >= 2 && rest.first().is_none_or(|r| r.1 < *n) => {
            Some((*c).to_string())
        }
        _ => None,
    };
    let year = anchor.or_else(|| {
        years
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(&y, _)| y)
    });
    let _ = rules;
    Evidence {
        named,
        country,
        year,
        lower: None,
        text,
    }
}

/// The year a TIMEX value or ISO date opens with.
fn year_of(v: &str) -> Option<i32> {
    let y = v.get(..4)?;
    if y.bytes().all(|b| b.is_ascii_digit()) && v.as_bytes().get(4).is_none_or(|&b| b == b'-') {
        y.parse().ok()
    } else {
        None
    }
}

/// Whether `word` (lowercase) occurs in `hay` (lowercase) as whole words.
fn has_word(hay: &str, word: &str) -> bool {
    hay.match_indices(word).any(|(at, _)| {
        let before = hay[..at].chars().next_back();
        let after = hay[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Keeps the owners `pick` selects, when it selects some: whether it did.
fn narrow(owners: &mut Vec<usize>, pick: impl Fn(usize) -> bool) -> bool {
    let picked: Vec<usize> = owners.iter().copied().filter(|&o| pick(o)).collect();
    if picked.is_empty() || picked.len() == owners.len() {
        return false;
    }
    *owners = picked;
    true
}

fn decide(
    rules: &RuleSet,
    text: &str,
    segments: &[Segment],
    c: &Candidate,
    si: usize,
    all: &[usize],
    ev: &mut Evidence<'_>,
) -> (usize, Reason) {
    let entity = |o: usize| &rules.entities[o];
    let country_is = |o: usize, c: &str| entity(o).country.as_deref() == Some(c);
    let mut owners = all.to_vec();
    let mut reason = None;
    let settle = |owners: &[usize], why: Reason, reason: &mut Option<Reason>| {
        if owners.len() == 1 && reason.is_none() {
            *reason = Some(why);
        }
    };
    // 1. The country written with the name.
    let written = written_country(rules, text, c);
    if let Some((form, country)) = &written
        && narrow(&mut owners, |o| country_is(o, country))
    {
        settle(&owners, Reason::Prefix(form.clone()), &mut reason);
    }
    // 2. A parent named in the sentence, then in the document (the parent, then the grandparent).
    if reason.is_none() {
        let parent = |o: usize, depth: usize| {
            let mut at = entity(o).parent.as_deref();
            for _ in 0..depth {
                at = at
                    .and_then(|p| rules.entities.iter().find(|e| e.id == p))
                    .and_then(|e| e.parent.as_deref());
            }
            at
        };
        let in_sentence = |o: usize| {
            parent(o, 0).is_some_and(|p| ev.named.get(p).is_some_and(|s| s.contains(&si)))
        };
        if narrow(&mut owners, in_sentence) {
            let p = parent(owners[0], 0).unwrap_or_default().to_string();
            settle(&owners, Reason::ParentInSentence(p), &mut reason);
        }
        for depth in 0..2 {
            if reason.is_some() {
                break;
            }
            let in_doc = |o: usize| parent(o, depth).is_some_and(|p| ev.named.contains_key(p));
            if narrow(&mut owners, in_doc) {
                let p = parent(owners[0], depth).unwrap_or_default().to_string();
                settle(&owners, Reason::ParentInDocument(p), &mut reason);
            }
        }
    }
    // 3. The document's country.
    if reason.is_none()
        && let Some(country) = ev.country.clone()
        && narrow(&mut owners, |o| country_is(o, &country))
    {
        settle(&owners, Reason::Country(country), &mut reason);
    }
    // 4. Context words, in the sentence, then in the document.
    if reason.is_none() {
        let sentence = segments[si].span.slice(text).to_lowercase();
        let word_in =
            |o: usize, hay: &str| entity(o).context.iter().find(|w| has_word(hay, w)).cloned();
        if narrow(&mut owners, |o| word_in(o, &sentence).is_some()) {
            let w = word_in(owners[0], &sentence).unwrap_or_default();
            settle(&owners, Reason::Context(w, true), &mut reason);
        }
        if reason.is_none() {
            let doc = ev
                .lower
                .get_or_insert_with(|| ev.text.to_lowercase())
                .as_str();
            if narrow(&mut owners, |o| word_in(o, doc).is_some()) {
                let w = word_in(owners[0], doc).unwrap_or_default();
                settle(&owners, Reason::Context(w, false), &mut reason);
            }
        }
    }
    // 5. Years.
    if reason.is_none()
        && let Some(y) = ev.year
        && narrow(&mut owners, |o| {
            entity(o)
                .years
                .is_some_and(|(from, to)| from <= y && y <= to)
        })
    {
        settle(&owners, Reason::Year(y), &mut reason);
    }
    // 6. The default, else the first.
    if let Some(why) = reason {
        return (owners[0], why);
    }
    match owners.iter().copied().find(|&o| entity(o).default) {
        Some(o) => (o, Reason::Default),
        None => (owners[0], Reason::First),
    }
}

/// The country written with a mention: its prefix (`UK AI Safety Institute`) or a possessive right before it
/// (`the UK's AI Safety Institute`), with the form as written.
fn written_country(rules: &RuleSet, text: &str, c: &Candidate) -> Option<(String, String)> {
    let lexicon = rules.lexicons.get(COUNTRY_PREFIX_LEXICON)?;
    let written = c.span.slice(text);
    for f in &lexicon.forms {
        if let Some(rest) = written.strip_prefix(f.as_str())
            && rest.starts_with(char::is_whitespace)
        {
            return Some((f.clone(), lexicon.get(f)?.to_string()));
        }
    }
    let before = text[..c.span.start()].trim_end_matches(char::is_whitespace);
    let owner = before
        .strip_suffix("'s")
        .or_else(|| before.strip_suffix("’s"))?;
    let (start, country) = possessive_prefix(rules, owner)?;
    Some((format!("{}'s", &owner[start..]), country.to_string()))
}

/// A prefix form ending `owner` (`the UK` → `UK`), by the lexicon: its start and country.
fn possessive_prefix<'r>(rules: &'r RuleSet, owner: &str) -> Option<(usize, &'r str)> {
    let lexicon = rules.lexicons.get(COUNTRY_PREFIX_LEXICON)?;
    lexicon.forms.iter().find_map(|f| {
        let start = owner.len().checked_sub(f.len())?;
        let whole = owner.ends_with(f.as_str())
            && !owner[..start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
        if whole {
            Some((start, lexicon.get(f)?))
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use crate::document::Document;
    use crate::model::value::Value;
    use crate::rules::RuleSet;

    /// The ids of the organizations found in `text` whose text is `form`.
    fn ids(rules: &RuleSet, text: &str, form: &str) -> Vec<String> {
        let doc = Document::from_str("t.txt", text, None);
        let (view_text, segments, mut found) = crate::resolve::tests::prepared(rules, &doc);
        let res = crate::resolve::run(rules, None, &view_text, &segments, &mut found);
        res.kept
            .iter()
            .filter(|&&(ci, _)| found[ci].span.slice(&view_text) == form)
            .filter_map(|&(ci, _)| match &found[ci].value {
                Ok(Value::Organization(o)) => o.id.clone(),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_ai_safety_institute_is_the_one_the_document_means() {
        let rules = RuleSet::embedded().expect("embedded rules compile");
        let cases = [
            (
                "Commerce will expand the AI Safety Institute (AISI) within the National Institute of \
                 Standards and Technology. The AI Safety Institute will test models.",
                "AI Safety Institute",
                "us-caisi",
            ),
            (
                "Officials met at the UK's AI Safety Institute in London on Tuesday.",
                "AI Safety Institute",
                "gb-aisi",
            ),
            (
                "The Department for Science, Innovation and Technology and Ofcom briefed \
                 ministers. The AI Safety Institute will test models.",
                "AI Safety Institute",
                "gb-aisi",
            ),
            (
                "The National Institute of Standards and Technology met. Later the AI Safety \
                 Institute published guidance.",
                "AI Safety Institute",
                "us-caisi",
            ),
        ];
        for (text, form, want) in cases {
            let got = ids(&rules, text, form);
            assert!(!got.is_empty(), "{text}: {form} not found");
            assert!(
                got.iter().all(|g| g == want),
                "{text}: {got:?}, want {want}"
            );
        }
    }

    #[test]
    fn a_country_prefix_keeps_the_known_entity() {
        let rules = RuleSet::embedded().expect("embedded rules compile");
        for (text, form, want) in [
            (
                "Exports fall under the U.S. International Traffic in Arms Regulations today.",
                "U.S. International Traffic in Arms Regulations",
                "itar",
            ),
            (
                "The US Department of Energy said so.",
                "US Department of Energy",
                "us-doe",
            ),
        ] {
            let doc = Document::from_str("t.txt", text, None);
            let (t, segments, mut found) = crate::resolve::tests::prepared(&rules, &doc);
            let res = crate::resolve::run(&rules, None, &t, &segments, &mut found);
            let got: Vec<_> = res
                .kept
                .iter()
                .map(|&(ci, _)| (found[ci].span.slice(&t).to_string(), &found[ci].value))
                .collect();
            assert!(
                got.iter().any(|(s, v)| s == form
                    && match v {
                        Ok(Value::Organization(o)) => o.id.as_deref() == Some(want),
                        Ok(Value::Policy(p)) => p.id.as_deref() == Some(want),
                        _ => false,
                    }),
                "{text}: {got:?}"
            );
        }
    }

    #[test]
    fn years_open_a_timex() {
        assert_eq!(super::year_of("2024-10-24"), Some(2024));
        assert_eq!(super::year_of("2024"), Some(2024));
        assert_eq!(super::year_of("XXXX-11"), None);
        assert_eq!(super::year_of("20245"), None);
    }
}
