//! Rule files: loading, validation with file:line errors, and compilation into automata.
//!
//! Every rule file is TOML. A file names its `family` (the prefix of its rule ids) and the fact `type` it
//! produces, and holds any of: `[[lexicon]]` word lists, `[[rule]]` patterns, `[[entity]]` gazetteer entries,
//! `[abbreviations]` and `[[boilerplate]]` lines. All files are compiled once, before the first document:
//!
//! * the pattern rules of a family become **one** multi-pattern [`meta::Regex`] (one pass per family);
//! * every entity name and alias becomes one case-insensitive Aho-Corasick DFA, every acronym a case-sensitive
//!   one.
//!
//! A rules folder may come from someone else: [`Limits`] caps the files, their bytes, the counts of rules,
//! entities, names and lexicon entries and the expanded length of a pattern, each checked before the work it
//! bounds, and gives every automaton of the rule set one heap budget together, checked as they are built;
//! links out of the folder are refused and linked folders not entered.
//!
//! Patterns use ASCII word boundaries: an author's `\b` is compiled as `(?-u:\b)`, because the Unicode `\b`
//! forces the slow engine on text with curly quotes or dashes; Unicode boundaries are checked in code
//! (see [`crate::extract`]).
//!
//! What a rule means is data too: each normalizer declares the `set` keys, kinds and captures it accepts
//! ([`Params`], `params.rs`), the number parser's words are lexicons ([`NumberWords`]), and reference resolution
//! reads the `[coref]` section ([`Coref`]); all are checked at load, with the file and line of what is wrong.
//!
//! The files: `file.rs` (the TOML shapes), `load.rs` (the embedded set, folders and [`Limits`]), `validate.rs`
//! (checking everything into the parts of a [`RuleSet`]), `params.rs`, `template.rs`, `number_lexicons.rs` and
//! `coref.rs` (the typed meanings), `expand.rs` (`{lexicon}` and `{fragment}` references), `compile.rs` (the
//! automata, within one budget: `budget.rs`), `starts.rs` (the start scanner), `error.rs` and `show.rs` (error
//! messages).

mod budget;
mod compile;
mod coref;
mod error;
mod expand;
mod file;
mod load;
mod number_lexicons;
mod params;
mod show;
mod starts;
mod template;
mod validate;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use aho_corasick::AhoCorasick;
use regex_automata::meta;

use crate::model::value::FactType;
use crate::text::SegmentRules;
use budget::Budget;
pub use coref::Coref;
pub use error::{RuleError, RuleErrors};
pub use file::{RawDatelineExample, RawExample};
pub use load::Limits;
pub use number_lexicons::NumberWords;
pub use params::{
    DateKind, DateParams, Link, MoneyParams, Normalizer, OrganizationParams, Params, PercentKind,
    PercentParams, PercentUnit, PolicyParams, QuantityParams,
};
pub(crate) use show::{SHOWN_CHARS, cut, excerpt};
pub use starts::{MAX_MATCH_BYTES, Start, Starts};
pub use template::{Template, slug};

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// Where a rule or entity was defined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// Index into [`RuleSet::files`].
    pub file: usize,
    /// 1-based line of its `id`.
    pub line: usize,
}

/// A compiled pattern rule.
#[derive(Debug)]
pub struct Rule {
    /// Stable id, `family/name`.
    pub id: String,
    /// What it produces.
    pub fact_type: FactType,
    /// Overlap tie-break: higher wins at equal length.
    pub priority: i32,
    /// Its normalizer and the fixed inputs its `set` table gives it.
    pub params: Params,
    /// The pattern after lexicon expansion and boundary rewriting.
    pub pattern: String,
    /// Where it was defined.
    pub origin: Origin,
    /// Examples for `rules test`.
    pub examples: Vec<RawExample>,
    /// Texts in which the rule's fact type must not be found.
    pub counter_examples: Vec<String>,
}

/// A gazetteer entity.
#[derive(Debug)]
pub struct Entity {
    /// Stable canonical id.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Category (`agency`, `company`, `regulation`, …).
    pub category: String,
    /// ISO 3166-1 alpha-2 country, when known.
    pub country: Option<String>,
    /// What it produces.
    pub fact_type: FactType,
    /// The family it belongs to.
    pub family: String,
    /// Names matched case-insensitively: the canonical name and the aliases.
    pub names: Vec<String>,
    /// Acronyms matched case-sensitively.
    pub acronyms: Vec<String>,
    /// Acronyms shared with other bodies: resolved by context only.
    pub ambiguous_acronyms: Vec<String>,
    /// The id of the instrument that set this program up.
    pub instrument: Option<String>,
    /// Disambiguation: the id of the body it belongs to.
    pub parent: Option<String>,
    /// Disambiguation: words pointing to it, lowercase.
    pub context: Vec<String>,
    /// Disambiguation: the years it bore its name, inclusive (`i32::MAX`: still does).
    pub years: Option<(i32, i32)>,
    /// Disambiguation: what a shared name means when nothing in the document decides.
    pub default: bool,
    /// Where it was defined.
    pub origin: Origin,
    /// Texts in which this entity must not be found.
    pub counter_examples: Vec<String>,
}

impl Entity {
    /// Whether it carries disambiguation data (`parent`, `context`, `years` or `default`), which lets it share a
    /// name or acronym with other entities.
    pub fn disambiguated(&self) -> bool {
        self.parent.is_some() || !self.context.is_empty() || self.years.is_some() || self.default
    }
}

/// A lexicon: forms and their normalized values.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// Forms as written, longest first.
    pub forms: Vec<String>,
    /// Normalized form (lowercase, single spaces) → value.
    values: HashMap<String, String>,
}

impl Lexicon {
    /// The value of a form, matched case-insensitively with runs of whitespace collapsed.
    pub fn get(&self, form: &str) -> Option<&str> {
        self.values
            .get(lexicon_key(form).as_ref())
            .map(String::as_str)
    }
}

/// `form` lowercased with whitespace runs collapsed to one space; borrowed when it already is (the common
/// case: a lowercase word).
fn lexicon_key(form: &str) -> std::borrow::Cow<'_, str> {
    let plain = form
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'.' | b'\''));
    if plain {
        return std::borrow::Cow::Borrowed(form);
    }
    let mut key = String::with_capacity(form.len());
    for word in form.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&word.to_lowercase());
    }
    std::borrow::Cow::Owned(key)
}

/// The key of a name (`acronym` false: lowercased) or acronym (as written) in [`Gazetteer::shared`].
pub fn shared_key(form: &str, acronym: bool) -> String {
    if acronym {
        format!("acronym:{form}")
    } else {
        let mut key = String::from("name:");
        for (i, word) in form.split_whitespace().enumerate() {
            if i > 0 {
                key.push(' ');
            }
            key.push_str(&word.to_lowercase());
        }
        key
    }
}

/// The pattern rules of one family, compiled into one automaton.
#[derive(Debug)]
pub struct Family {
    /// Family name.
    pub name: String,
    /// One pattern per rule, leftmost-first: finds where the next candidates start, only when the start
    /// scanner is unavailable; built on first use (see [`Family::regex`]).
    leftmost: OnceLock<Option<meta::Regex>>,
    /// Each rule's pattern alone, for its capturing search: a small automaton, so the bounded backtracker's
    /// visited set (states × span) stays small.
    pub captures: Vec<meta::Regex>,
    /// The same patterns with all-matches semantics, which rules match at a given start: built on first use,
    /// only when the start scanner is unavailable, within what loading left of the automaton budget.
    which: OnceLock<Option<meta::Regex>>,
    /// The family's patterns, as compiled.
    patterns: Vec<String>,
    /// The automaton budget, shared by the families' automata built on first use.
    budget: Arc<Mutex<Budget>>,
    /// Pattern id → index into [`RuleSet::rules`].
    pub rules: Vec<usize>,
}

/// Gazetteer automata: names (case-insensitive) and acronyms (case-sensitive).
#[derive(Debug)]
pub struct Gazetteer {
    /// Every name and alias.
    pub names: Option<AhoCorasick>,
    /// Pattern id → entity index.
    pub name_entities: Vec<usize>,
    /// Every acronym.
    pub acronyms: Option<AhoCorasick>,
    /// Pattern id → entity index (the first owner, for an ambiguous acronym).
    pub acronym_entities: Vec<usize>,
    /// Pattern id → whether the acronym is ambiguous.
    pub acronym_ambiguous: Vec<bool>,
    /// Ambiguous acronym → every entity that may own it, in file order.
    pub ambiguous: HashMap<String, Vec<usize>>,
    /// Names and acronyms several disambiguated entities share (key: [`shared_key`]) → every owner, in file
    /// order; `resolve::disambiguate` chooses between them.
    pub shared: HashMap<String, Vec<usize>>,
}

/// A boilerplate rule, kept for `rules test`.
#[derive(Debug)]
pub struct BoilerplateRule {
    /// Stable id.
    pub id: String,
    /// Lines it must match.
    pub examples: Vec<String>,
    /// Where it was defined.
    pub origin: Origin,
}

/// A dateline rule, kept for `rules test`.
#[derive(Debug)]
pub struct DatelineRule {
    /// Stable id.
    pub id: String,
    /// Lines and the dates they give.
    pub examples: Vec<RawDatelineExample>,
    /// Lines that give no date.
    pub counter_examples: Vec<String>,
    /// Where it was defined.
    pub origin: Origin,
}

/// A join: two adjacent facts linked by a connector become one range fact.
#[derive(Debug)]
pub struct Join {
    /// Stable id, `family/name`.
    pub id: String,
    /// The fact type it joins.
    pub fact_type: FactType,
    /// Lower-case opening words that belong to the range.
    pub openers: Vec<String>,
    /// Lower-case connectors.
    pub connectors: Vec<String>,
    /// Lower-case connectors valid only after an opener.
    pub opener_connectors: Vec<String>,
    /// Where it was defined.
    pub origin: Origin,
    /// Examples for `rules test`.
    pub examples: Vec<RawExample>,
    /// Texts in which it must not join.
    pub counter_examples: Vec<String>,
}

/// Every rule file, compiled.
#[derive(Debug)]
pub struct RuleSet {
    /// Rule file names, in load order.
    pub files: Vec<String>,
    /// Pattern rules, in file order then position.
    pub rules: Vec<Rule>,
    /// Compiled families, in order of first appearance.
    pub families: Vec<Family>,
    /// Every family's patterns in one anchored automaton: where rules match (`None`: it did not build, and
    /// each family searches on its own).
    pub starts: Option<Starts>,
    /// Gazetteer entities, in file order then position.
    pub entities: Vec<Entity>,
    /// Gazetteer automata.
    pub gazetteer: Gazetteer,
    /// Lexicons by id.
    pub lexicons: HashMap<String, Lexicon>,
    /// The number parser's vocabulary, from the number lexicons.
    pub number_words: NumberWords,
    /// Abbreviations and boilerplate for the segmenter.
    pub segment: SegmentRules,
    /// Boilerplate rules with their examples.
    pub boilerplate: Vec<BoilerplateRule>,
    /// Dateline patterns, one automaton, anchored at a line start.
    pub datelines: Option<meta::Regex>,
    /// Dateline rules with their examples.
    pub dateline_rules: Vec<DatelineRule>,
    /// Range joins, in file order.
    pub joins: Vec<Join>,
    /// Reference resolution between instruments (`None`: no file has a `[coref]` section).
    pub coref: Option<Coref>,
}

/// Counts per family, for `rules check`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FamilyCounts {
    /// Pattern rules.
    pub rules: usize,
    /// Gazetteer entities.
    pub entities: usize,
    /// Examples and counter-examples.
    pub examples: usize,
}

impl RuleSet {
    /// Counts of rules, entities and examples per family, in family order.
    pub fn counts(&self) -> Vec<(String, FamilyCounts)> {
        fn slot<'a>(
            out: &'a mut Vec<(String, FamilyCounts)>,
            family: &str,
        ) -> &'a mut FamilyCounts {
            let i = if let Some(i) = out.iter().position(|(f, _)| f == family) {
                i
            } else {
                out.push((family.to_string(), FamilyCounts::default()));
                out.len() - 1
            };
            &mut out[i].1
        }
        let mut out: Vec<(String, FamilyCounts)> = Vec::new();
        for r in &self.rules {
            let c = slot(&mut out, r.id.split('/').next().unwrap_or(""));
            c.rules += 1;
            c.examples += r.examples.len() + r.counter_examples.len();
        }
        for e in &self.entities {
            let c = slot(&mut out, &e.family);
            c.entities += 1;
            c.examples += e.names.len() + e.acronyms.len() + e.counter_examples.len();
        }
        out
    }

    /// The rule file name of an origin.
    pub fn file_name(&self, origin: &Origin) -> &str {
        &self.files[origin.file]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_rules_compile() {
        let set = RuleSet::embedded().unwrap_or_else(|e| panic!("{e}"));
        assert!(set.families.iter().any(|f| f.name == "dates"));
        assert!(set.entities.len() >= 150, "{} entities", set.entities.len());
    }
}
