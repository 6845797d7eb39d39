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

mod budget;
mod coref;
mod file;
mod number_lexicons;
mod params;
mod show;
mod starts;
mod template;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex_automata::meta;

use crate::model::value::FactType;
use crate::text::{BoilerplateMatcher, BoilerplateScope, OffsetMap, SegmentRules};
use budget::{Budget, Failed};
pub use coref::Coref;
pub use file::{RawDatelineExample, RawExample};
use file::{RawFile, RawRule};
pub use number_lexicons::NumberWords;
pub use params::{
    DateKind, DateParams, Link, MoneyParams, Normalizer, OrganizationParams, Params, PercentKind,
    PercentParams, PercentUnit, PolicyParams, QuantityParams,
};
pub(crate) use show::{SHOWN_CHARS, cut, excerpt};
pub use starts::{MAX_MATCH_BYTES, Start, Starts};
pub use template::{Template, slug};

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// One problem in the rule files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// The rule file, as named when loaded (`rules/dates.toml`).
    pub file: String,
    /// 1-based line in that file.
    pub line: usize,
    /// The rule or entity id, when the problem belongs to one.
    pub rule: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for RuleError {
    /// `file:line: rule: message`, with a rule id or message of unusual length cut (the messages cut the
    /// user's texts they quote; this bounds what they could not foresee).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = cut(&self.message, 20 * SHOWN_CHARS);
        match &self.rule {
            Some(id) => write!(
                f,
                "{}:{}: {}: {message}",
                self.file,
                self.line,
                cut(id, SHOWN_CHARS)
            ),
            None => write!(f, "{}:{}: {message}", self.file, self.line),
        }
    }
}

/// Every problem found while loading rule files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleErrors(pub Vec<RuleError>);

impl fmt::Display for RuleErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RuleErrors {}

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
    /// Where it was defined.
    pub origin: Origin,
    /// Texts in which this entity must not be found.
    pub counter_examples: Vec<String>,
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

/// The pattern rules of one family, compiled into one automaton.
#[derive(Debug)]
pub struct Family {
    /// Family name.
    pub name: String,
    /// One pattern per rule, leftmost-first: finds where the next candidates start (without the start
    /// scanner).
    pub regex: meta::Regex,
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

/// Caps that keep a rules folder from someone else from exhausting memory or time: each is checked before
/// the work it bounds, and breaking one is a rule-file error naming the file (and rule) and the cap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Rule files in a folder.
    pub files: usize,
    /// Bytes of all rule files together.
    pub file_bytes: u64,
    /// Pattern rules (and datelines and boilerplate lines) across files.
    pub rules: usize,
    /// Bytes of one pattern after its lexicons and fragments are expanded.
    pub pattern_bytes: usize,
    /// Gazetteer entities across files.
    pub entities: usize,
    /// Gazetteer names, aliases and acronyms across files.
    pub names: usize,
    /// Entries across lexicons.
    pub lexicon_entries: usize,
    /// The automaton budget: heap of every automaton of the rule set together (each family's regexes, the
    /// start scanner, the gazetteer's Aho-Corasick automata, the boilerplate and dateline regexes). Each
    /// regex build gets what is left as its size limit, so loading stops at the first part that does not fit.
    pub automata_bytes: usize,
}

impl Default for Limits {
    /// Ten times or more what the shipped rules use.
    fn default() -> Limits {
        Limits {
            files: 1_000,
            file_bytes: 16 << 20,
            rules: 10_000,
            pattern_bytes: 1 << 20,
            entities: 100_000,
            names: 500_000,
            lexicon_entries: 200_000,
            automata_bytes: AUTOMATA_BYTES,
        }
    }
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
    /// The rule files built into the binary.
    pub fn embedded() -> Result<RuleSet, RuleErrors> {
        let files: Vec<(String, String)> = EMBEDDED_RULES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        RuleSet::from_sources(&files)
    }

    /// Every `*.toml` file under `dir` (recursively, sorted by path).
    pub fn from_dir(dir: &Path) -> Result<RuleSet, RuleErrors> {
        RuleSet::from_dir_limited(dir, &Limits::default())
    }

    /// Like [`RuleSet::from_dir`], under the given caps. Only `.toml` files inside `dir` are read: a symbolic
    /// link that leads outside the folder is an error, symbolically linked folders are not entered (no loops).
    pub fn from_dir_limited(dir: &Path, limits: &Limits) -> Result<RuleSet, RuleErrors> {
        let error = |p: &Path, message: String| {
            RuleErrors(vec![RuleError {
                file: p.display().to_string(),
                line: 1,
                rule: None,
                message,
            }])
        };
        let io_err = |p: &Path, e: std::io::Error| error(p, e.to_string());
        let root = std::fs::canonicalize(dir).map_err(|e| io_err(dir, e))?;
        let mut paths = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).map_err(|e| io_err(&d, e))? {
                let entry = entry.map_err(|e| io_err(&d, e))?;
                let path = entry.path();
                let kind = entry.file_type().map_err(|e| io_err(&path, e))?;
                if kind.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.extension().is_none_or(|x| x != "toml") {
                    continue;
                }
                if kind.is_symlink() {
                    let target = std::fs::canonicalize(&path).map_err(|e| io_err(&path, e))?;
                    if !target.starts_with(&root) {
                        return Err(error(
                            &path,
                            format!(
                                "is a link to {}, outside the rules folder; rule files must lie inside it",
                                target.display()
                            ),
                        ));
                    }
                    if target.is_dir() {
                        continue;
                    }
                }
                paths.push(path);
                if paths.len() > limits.files {
                    return Err(error(
                        dir,
                        format!(
                            "more than {} rule files (the cap on rule files)",
                            limits.files
                        ),
                    ));
                }
            }
        }
        paths.sort();
        if paths.is_empty() {
            return Err(error(dir, "no .toml rule files in this folder".into()));
        }
        let mut files = Vec::new();
        let mut total = 0u64;
        for p in paths {
            total += std::fs::metadata(&p).map_err(|e| io_err(&p, e))?.len();
            if total > limits.file_bytes {
                return Err(error(
                    &p,
                    format!(
                        "the rule files reach more than {} bytes with this one (the cap on rule files)",
                        limits.file_bytes
                    ),
                ));
            }
            let text = std::fs::read_to_string(&p).map_err(|e| io_err(&p, e))?;
            files.push((p.display().to_string(), text));
        }
        RuleSet::from_sources_limited(&files, limits)
    }

    /// Compiles rule files given as (name, contents), in order.
    pub fn from_sources(files: &[(String, String)]) -> Result<RuleSet, RuleErrors> {
        RuleSet::from_sources_limited(files, &Limits::default())
    }

    /// Like [`RuleSet::from_sources`], under the given caps.
    pub fn from_sources_limited(
        files: &[(String, String)],
        limits: &Limits,
    ) -> Result<RuleSet, RuleErrors> {
        Builder {
            limits: limits.clone(),
            ..Builder::default()
        }
        .build(files)
    }

    /// Counts of rules, entities and examples per family, in family order.
    pub fn counts(&self) -> Vec<(String, FamilyCounts)> {
        fn slot<'a>(
            out: &'a mut Vec<(String, FamilyCounts)>,
            family: &str,
        ) -> &'a mut FamilyCounts {
            let i = match out.iter().position(|(f, _)| f == family) {
                Some(i) => i,
                None => {
                    out.push((family.to_string(), FamilyCounts::default()));
                    out.len() - 1
                }
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

#[derive(Default)]
struct Builder {
    limits: Limits,
    errors: Vec<RuleError>,
    files: Vec<String>,
    rules: Vec<Rule>,
    entities: Vec<Entity>,
    lexicons: HashMap<String, Lexicon>,
    /// Where each lexicon was defined.
    lexicon_origins: HashMap<String, Origin>,
    number_words: NumberWords,
    fragments: HashMap<String, String>,
    segment: SegmentRules,
    boilerplate_patterns: Vec<(String, BoilerplateScope)>,
    boilerplate: Vec<BoilerplateRule>,
    dateline_patterns: Vec<String>,
    dateline_rules: Vec<DatelineRule>,
    joins: Vec<Join>,
    coref: Option<Coref>,
    /// Where the first `[coref]` section is, valid or not.
    coref_at: Option<Origin>,
    budget: Budget,
    /// A part did not fit in the budget: nothing more is compiled.
    over_budget: bool,
}

/// Where a part of the rule set made of items with these origins begins: the first one's (the first file
/// when there are none).
fn first_origin<'o>(origins: impl IntoIterator<Item = &'o Origin>) -> Origin {
    origins
        .into_iter()
        .next()
        .cloned()
        .unwrap_or(Origin { file: 0, line: 1 })
}

/// Byte offsets of one rule file → 1-based lines (lines end at `\n`, `\r\n` or a lone `\r`, as everywhere
/// claimscan counts lines and as an editor shows them; TOML rejects a lone `\r`). Indexed once per file:
/// counting newlines from the top for every rule and entity made loading quadratic (a 10 MB gazetteer of
/// 100,000 entities took minutes).
struct Lines<'a> {
    text: &'a str,
    map: OffsetMap<'a>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        Lines {
            text,
            map: OffsetMap::new(text),
        }
    }

    /// The line of `offset`; an offset past the end or inside a character counts where that character is.
    fn line(&self, offset: usize) -> usize {
        let at = self.text.floor_char_boundary(offset.min(self.text.len()));
        self.map.position(at).line
    }
}

impl Builder {
    fn err(&mut self, file: usize, line: usize, rule: Option<&str>, message: impl Into<String>) {
        self.errors.push(RuleError {
            file: self.files[file].clone(),
            line,
            rule: rule.map(str::to_string),
            message: message.into(),
        });
    }

    /// Reports that `what`, defined from `at` (by `rule`, when one rule's automaton is to blame), does not fit
    /// in the budget, and stops compiling.
    fn over_budget(&mut self, at: &Origin, rule: Option<&str>, what: &str, need: Option<usize>) {
        let message = self.budget.exceeded(what, need);
        self.err(at.file, at.line, rule, message);
        self.over_budget = true;
    }

    /// Checks the counts of the parsed files against the caps, before anything is compiled; reports the file
    /// that crosses each cap.
    fn over_limits(&mut self, parsed: &[(usize, Lines, RawFile)]) -> bool {
        let before = self.errors.len();
        let (mut rules, mut entities, mut names, mut entries) = (0, 0, 0, 0);
        for (fi, _, raw) in parsed {
            let crossed = |n: usize, add: usize, cap: usize| n <= cap && n + add > cap;
            let add_rules = raw.rule.len() + raw.dateline.len() + raw.boilerplate.len();
            let add_entities = raw.entity.len();
            let add_names: usize = raw
                .entity
                .iter()
                .map(|e| 1 + e.aliases.len() + e.acronyms.len() + e.ambiguous_acronyms.len())
                .sum();
            let add_entries: usize = raw.lexicon.iter().map(|l| l.entries.len()).sum();
            let l = self.limits.clone();
            for (what, n, add, cap) in [
                ("pattern rules", rules, add_rules, l.rules),
                ("gazetteer entities", entities, add_entities, l.entities),
                (
                    "gazetteer names, aliases and acronyms",
                    names,
                    add_names,
                    l.names,
                ),
                ("lexicon entries", entries, add_entries, l.lexicon_entries),
            ] {
                if crossed(n, add, cap) {
                    self.err(
                        *fi,
                        1,
                        None,
                        format!("the rule files hold more than {cap} {what} (the cap); this file crosses it"),
                    );
                }
            }
            rules += add_rules;
            entities += add_entities;
            names += add_names;
            entries += add_entries;
        }
        self.errors.len() > before
    }

    fn build(mut self, sources: &[(String, String)]) -> Result<RuleSet, RuleErrors> {
        self.budget = Budget::new(self.limits.automata_bytes);
        let mut parsed = Vec::new();
        for (name, text) in sources {
            self.files.push(name.clone());
            let fi = self.files.len() - 1;
            let lines = Lines::new(text);
            match toml::from_str::<RawFile>(text) {
                Ok(raw) => parsed.push((fi, lines, raw)),
                Err(e) => {
                    let line = e.span().map_or(1, |s| lines.line(s.start));
                    self.err(
                        fi,
                        line,
                        None,
                        format!("not a valid rule file: {}", cut(e.message(), SHOWN_CHARS)),
                    );
                }
            }
        }
        if self.over_limits(&parsed) {
            return Err(RuleErrors(self.errors));
        }
        // Lexicons first: patterns in any file may reference lexicons from any file.
        for (fi, lines, raw) in &parsed {
            for lex in &raw.lexicon {
                let line = lines.line(lex.id.span().start);
                let id = lex.id.get_ref().clone();
                if self.lexicons.contains_key(&id) {
                    self.err(*fi, line, Some(&id), "duplicate lexicon id");
                    continue;
                }
                let mut lexicon = Lexicon::default();
                for (form, value) in &lex.entries {
                    let value = match value {
                        toml::Value::String(s) => s.clone(),
                        toml::Value::Integer(i) => i.to_string(),
                        other => {
                            self.err(
                                *fi,
                                line,
                                Some(&id),
                                format!(
                                    "entry {}: value {} is not a string or integer",
                                    excerpt(form),
                                    cut(&other.to_string(), SHOWN_CHARS)
                                ),
                            );
                            continue;
                        }
                    };
                    lexicon.forms.push(form.clone());
                    lexicon.values.insert(lexicon_key(form).into_owned(), value);
                }
                lexicon
                    .forms
                    .sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
                self.lexicon_origins
                    .insert(id.clone(), Origin { file: *fi, line });
                self.lexicons.insert(id, lexicon);
            }
        }
        let (number_words, problems) = NumberWords::from_lexicons(&self.lexicons);
        for (id, message) in problems {
            let at = self.lexicon_origins[id].clone();
            self.err(at.file, at.line, Some(id), message);
        }
        self.number_words = number_words;
        for (fi, lines, raw) in &parsed {
            for frag in &raw.fragment {
                let line = lines.line(frag.id.span().start);
                let id = frag.id.get_ref().clone();
                if self.lexicons.contains_key(&id) || self.fragments.contains_key(&id) {
                    self.err(
                        *fi,
                        line,
                        Some(&id),
                        "a fragment id is already a lexicon or fragment id",
                    );
                    continue;
                }
                self.fragments.insert(id, frag.pattern.clone());
            }
        }
        let mut seen_ids: HashMap<String, (usize, usize)> = HashMap::new();
        for (fi, lines, raw) in parsed {
            self.file(fi, &lines, raw, &mut seen_ids);
        }
        self.check_links();
        let mut families = self.compile_families();
        let starts = families.as_ref().and_then(|f| self.compile_starts(f));
        let gazetteer = self.compile_gazetteer();
        self.compile_boilerplate();
        let datelines = self.compile_datelines();
        if !self.errors.is_empty() {
            return Err(RuleErrors(self.errors));
        }
        let budget = Arc::new(Mutex::new(std::mem::take(&mut self.budget)));
        for f in families.iter_mut().flatten() {
            f.budget = Arc::clone(&budget);
        }
        Ok(RuleSet {
            files: self.files,
            rules: self.rules,
            families: families.unwrap_or_default(),
            starts,
            entities: self.entities,
            gazetteer,
            lexicons: self.lexicons,
            number_words: self.number_words,
            segment: self.segment,
            boilerplate: self.boilerplate,
            datelines,
            dateline_rules: self.dateline_rules,
            joins: self.joins,
            coref: self.coref,
        })
    }

    /// A policy rule with `link = "required"` needs reference resolution to link it: a `[coref]` section, and
    /// the category of an order.
    fn check_links(&mut self) {
        let mut problems = Vec::new();
        for r in &self.rules {
            let Params::Policy(p) = &r.params else {
                continue;
            };
            if p.link != Link::Required {
                continue;
            }
            let problem = match &self.coref {
                // A section that did not check is reported already.
                None if self.coref_at.is_some() => continue,
                None => "set.link = \"required\" needs a [coref] section (see rules/policy.toml)"
                    .to_string(),
                Some(c) if c.order_category != p.category => format!(
                    "set.link = \"required\" links orders only: the category is {}, not the order category {}",
                    excerpt(&p.category),
                    excerpt(&c.order_category)
                ),
                Some(_) => continue,
            };
            problems.push((r.origin.clone(), r.id.clone(), problem));
        }
        for (at, id, message) in problems {
            self.err(at.file, at.line, Some(&id), message);
        }
    }

    fn file(
        &mut self,
        fi: usize,
        lines: &Lines,
        raw: RawFile,
        seen_ids: &mut HashMap<String, (usize, usize)>,
    ) {
        let family = raw.family.as_ref().map(|f| f.get_ref().clone());
        let fact_type = match &raw.fact_type {
            Some(t) => match FactType::parse(t.get_ref()) {
                Some(ft) => Some(ft),
                None => {
                    self.err(
                        fi,
                        lines.line(t.span().start),
                        None,
                        format!("unknown fact type {}", excerpt(t.get_ref())),
                    );
                    None
                }
            },
            None => None,
        };
        if (!raw.rule.is_empty() || !raw.entity.is_empty())
            && (family.is_none() || fact_type.is_none())
        {
            self.err(
                fi,
                1,
                None,
                "a file with rules or entities needs `family` and `type`",
            );
            return;
        }
        let mut claim_id = |b: &mut Builder, id: &str, line: usize| -> bool {
            if let Some((f, l)) = seen_ids.get(id) {
                let msg = format!("duplicate id (first defined at {}:{})", b.files[*f], l);
                b.err(fi, line, Some(id), msg);
                return false;
            }
            seen_ids.insert(id.to_string(), (fi, line));
            true
        };
        for rule in raw.rule {
            let line = lines.line(rule.id.span().start);
            let id = rule.id.get_ref().clone();
            if claim_id(self, &id, line) {
                self.rule(
                    fi,
                    line,
                    family.as_deref().unwrap_or(""),
                    fact_type.unwrap_or(FactType::Date),
                    rule,
                );
            }
        }
        for ent in raw.entity {
            let line = lines.line(ent.id.span().start);
            let id = ent.id.get_ref().clone();
            let qualified = format!("{}/{}", family.as_deref().unwrap_or(""), id);
            if !claim_id(self, &qualified, line) {
                continue;
            }
            if !id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                || id.is_empty()
            {
                self.err(fi, line, Some(&id), "entity ids use a-z, 0-9 and '-' only");
            }
            if !matches!(
                fact_type,
                None | Some(FactType::Organization | FactType::Policy)
            ) {
                self.err(
                    fi,
                    line,
                    Some(&id),
                    "gazetteer entities belong in a file of type organization or policy",
                );
                continue;
            }
            if ent.name.trim().is_empty() {
                self.err(fi, line, Some(&id), "an entity needs a non-empty name");
                continue;
            }
            if ent
                .acronyms
                .iter()
                .chain(&ent.ambiguous_acronyms)
                .any(|a| a.trim().is_empty())
            {
                self.err(fi, line, Some(&id), "an acronym is empty");
                continue;
            }
            let mut names = vec![ent.name.clone()];
            names.extend(ent.aliases);
            names.retain(|n| !n.trim().is_empty());
            let mut seen = HashSet::new();
            names.retain(|n| seen.insert(n.to_lowercase()));
            let mut acronyms = ent.acronyms;
            acronyms.dedup();
            let ambiguous_acronyms = ent.ambiguous_acronyms;
            self.entities.push(Entity {
                id,
                name: ent.name,
                category: ent.category,
                country: ent.country,
                fact_type: fact_type.unwrap_or(FactType::Organization),
                family: family.clone().unwrap_or_default(),
                names,
                acronyms,
                ambiguous_acronyms,
                instrument: ent.instrument,
                origin: Origin { file: fi, line },
                counter_examples: ent.counter_examples,
            });
        }
        if let Some(raw_coref) = raw.coref {
            let line = lines.line(raw_coref.span().start);
            let origin = Origin { file: fi, line };
            match &self.coref_at {
                Some(first) => {
                    let first = format!("{}:{}", self.files[first.file], first.line);
                    self.err(
                        fi,
                        line,
                        None,
                        format!("a second [coref] section (the first is at {first})"),
                    );
                }
                None => {
                    self.coref_at = Some(origin.clone());
                    match Coref::parse(raw_coref.into_inner(), origin) {
                        Ok(c) => self.coref = Some(c),
                        Err(problems) => {
                            for message in problems {
                                self.err(fi, line, None, format!("[coref]: {message}"));
                            }
                        }
                    }
                }
            }
        }
        if let Some(abbr) = raw.abbreviations {
            self.segment.abbreviations.extend(abbr.never_final);
            self.segment.may_end.extend(abbr.may_end);
            self.segment.starters.extend(abbr.sentence_starters);
        }
        for bp in raw.boilerplate {
            let line = lines.line(bp.id.span().start);
            let id = bp.id.get_ref().clone();
            if !claim_id(self, &id, line) {
                continue;
            }
            let scope = match bp.scope.as_str() {
                "line" => BoilerplateScope::Line,
                "next" => BoilerplateScope::Next,
                "rest" => BoilerplateScope::Rest,
                other => {
                    self.err(
                        fi,
                        line,
                        Some(&id),
                        format!("scope {} is not line, next or rest", excerpt(other)),
                    );
                    continue;
                }
            };
            if let Err(e) = check_pattern(&bp.pattern) {
                self.err(fi, line, Some(&id), format!("bad regex: {e}"));
                continue;
            }
            self.boilerplate_patterns.push((bp.pattern, scope));
            self.boilerplate.push(BoilerplateRule {
                id,
                examples: bp.examples,
                origin: Origin { file: fi, line },
            });
        }
        for j in raw.join {
            let line = lines.line(j.id.span().start);
            let id = j.id.get_ref().clone();
            if !claim_id(self, &id, line) {
                continue;
            }
            let Some(fact_type) = fact_type else {
                self.err(
                    fi,
                    line,
                    Some(&id),
                    "a file with joins needs `family` and `type`",
                );
                continue;
            };
            let lower = |v: Vec<String>| v.into_iter().map(|w| w.to_lowercase()).collect();
            self.joins.push(Join {
                id,
                fact_type,
                openers: lower(j.openers),
                connectors: lower(j.connectors),
                opener_connectors: lower(j.opener_connectors),
                origin: Origin { file: fi, line },
                examples: j.examples,
                counter_examples: j.counter_examples,
            });
        }
        for dl in raw.dateline {
            let line = lines.line(dl.id.span().start);
            let id = dl.id.get_ref().clone();
            if !claim_id(self, &id, line) {
                continue;
            }
            let pattern = match expand(
                &dl.pattern,
                &self.lexicons,
                &self.fragments,
                self.limits.pattern_bytes,
            ) {
                Ok(p) => p,
                Err(msg) => {
                    self.err(fi, line, Some(&id), msg);
                    continue;
                }
            };
            if let Err(e) = check_pattern(&pattern) {
                self.err(fi, line, Some(&id), format!("bad regex: {e}"));
                continue;
            }
            self.dateline_patterns.push(pattern);
            self.dateline_rules.push(DatelineRule {
                id,
                examples: dl.examples,
                counter_examples: dl.counter_examples,
                origin: Origin { file: fi, line },
            });
        }
    }

    fn rule(&mut self, fi: usize, line: usize, family: &str, fact_type: FactType, raw: RawRule) {
        let id = raw.id.get_ref().clone();
        if !id.starts_with(&format!("{family}/")) {
            self.err(
                fi,
                line,
                Some(&id),
                format!(
                    "rule ids in family {} start with {}",
                    excerpt(family),
                    excerpt(&format!("{family}/"))
                ),
            );
        }
        let normalizer = match Normalizer::parse(&raw.normalizer) {
            Ok(n) => n,
            Err(msg) => {
                self.err(fi, line, Some(&id), msg);
                return;
            }
        };
        if normalizer.fact_type() != fact_type {
            self.err(
                fi,
                line,
                Some(&id),
                format!(
                    "normalizer {} does not produce {} facts",
                    excerpt(&raw.normalizer),
                    fact_type.as_str()
                ),
            );
            return;
        }
        let pattern = match expand(
            &raw.pattern,
            &self.lexicons,
            &self.fragments,
            self.limits.pattern_bytes,
        ) {
            Ok(p) => p,
            Err(msg) => {
                self.err(fi, line, Some(&id), msg);
                return;
            }
        };
        let names = match check_pattern(&pattern) {
            Ok(names) => names,
            Err(e) => {
                self.err(fi, line, Some(&id), format!("bad regex: {e}"));
                return;
            }
        };
        let params = params::check(normalizer, raw.set, &names);
        if let Err(problems) = &params {
            for msg in problems {
                self.err(fi, line, Some(&id), msg.as_str());
            }
        }
        if raw.examples.is_empty() {
            self.err(fi, line, Some(&id), "a rule needs at least one example");
        }
        let Ok(params) = params else {
            return;
        };
        self.rules.push(Rule {
            id,
            fact_type,
            priority: raw.priority,
            params,
            pattern,
            origin: Origin { file: fi, line },
            examples: raw.examples,
            counter_examples: raw.counter_examples,
        });
    }

    /// The part of the budget a family's automata are charged to: the family and its files (the first three).
    fn family_part(&self, family: &str, rules: &[usize]) -> String {
        // Rules are in file order, so a family's files come in runs.
        let mut files: Vec<usize> = rules.iter().map(|&i| self.rules[i].origin.file).collect();
        files.dedup();
        let mut names: Vec<&str> = files
            .iter()
            .take(3)
            .map(|&f| self.files[f].as_str())
            .collect();
        let more = format!("and {} more files", files.len().saturating_sub(3));
        if files.len() > 3 {
            names.push(&more);
        }
        format!("family {} ({})", excerpt(family), names.join(", "))
    }

    fn compile_families(&mut self) -> Option<Vec<Family>> {
        let mut order: Vec<String> = Vec::new();
        let mut members: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, r) in self.rules.iter().enumerate() {
            let fam = r.id.split('/').next().unwrap_or("").to_string();
            if !members.contains_key(&fam) {
                order.push(fam.clone());
            }
            members.entry(fam).or_default().push(i);
        }
        let mut out = Vec::new();
        for fam in order {
            let idx = members.remove(&fam).unwrap_or_default();
            let patterns: Vec<String> =
                idx.iter().map(|&i| self.rules[i].pattern.clone()).collect();
            let part = self.family_part(&fam, &idx);
            // Each rule alone first: a rule too big for what is left is then the one named.
            let mut captures = Vec::with_capacity(idx.len());
            for (&ri, pattern) in idx.iter().zip(&patterns) {
                match self.budget.regex(family_config(), &[pattern], &part) {
                    Ok(re) => captures.push(re),
                    Err(Failed::OverBudget(need)) => {
                        let (at, id) = (self.rules[ri].origin.clone(), self.rules[ri].id.clone());
                        self.over_budget(&at, Some(&id), "this rule's automaton", need);
                        return None;
                    }
                    Err(Failed::Other(e)) => {
                        self.family_does_not_compile(&fam, &idx, &e);
                        return None;
                    }
                }
            }
            let regex = match self.budget.regex(family_config(), &patterns, &part) {
                Ok(regex) => regex,
                Err(Failed::OverBudget(need)) => {
                    let at = self.rules[idx[0]].origin.clone();
                    self.over_budget(&at, None, &format!("the automaton of {part}"), need);
                    return None;
                }
                Err(Failed::Other(e)) => {
                    self.family_does_not_compile(&fam, &idx, &e);
                    return None;
                }
            };
            out.push(Family {
                name: fam,
                regex,
                captures,
                which: OnceLock::new(),
                patterns,
                rules: idx,
                budget: Arc::default(),
            });
        }
        Some(out)
    }

    /// Reports a family that does not compile for a reason other than the budget: blames the first rule that
    /// does not compile alone, else the family's first.
    fn family_does_not_compile(&mut self, fam: &str, idx: &[usize], e: &meta::BuildError) {
        let culprit = idx
            .iter()
            .copied()
            .find(|&i| {
                meta::Regex::builder()
                    .configure(self.budget.limit(family_config()))
                    .build(&self.rules[i].pattern)
                    .is_err()
            })
            .unwrap_or(idx[0]);
        let r = &self.rules[culprit];
        let (file, line, id) = (r.origin.file, r.origin.line, r.id.clone());
        let why = match std::error::Error::source(e) {
            Some(cause) => format!("{e}: {cause}"),
            None => e.to_string(),
        };
        self.err(
            file,
            line,
            Some(&id),
            format!(
                "family {} does not compile: {}",
                excerpt(fam),
                cut(&why, SHOWN_CHARS)
            ),
        );
    }

    /// The start scanner over every family; `None` if the patterns do not build as one lazy DFA for a reason
    /// other than the budget (each family then searches on its own).
    fn compile_starts(&mut self, families: &[Family]) -> Option<Starts> {
        const PART: &str = "the start scanner (every family's patterns in one automaton)";
        let mut patterns = Vec::new();
        let mut owner = Vec::new();
        for (fi, f) in families.iter().enumerate() {
            for (pi, &ri) in f.rules.iter().enumerate() {
                patterns.push(self.rules[ri].pattern.as_str());
                owner.push((fi as u32, pi as u32));
            }
        }
        let at = first_origin(self.rules.iter().map(|r| &r.origin));
        match Starts::new(&patterns, owner, self.budget.left()) {
            Ok(starts) => {
                let bytes = starts.memory_usage();
                if self.budget.charge(PART, bytes).is_err() {
                    self.over_budget(&at, None, PART, Some(bytes));
                    return None;
                }
                Some(starts)
            }
            Err(e) if budget::is_size_limit(&*e) => {
                self.over_budget(&at, None, PART, None);
                None
            }
            Err(_) => None,
        }
    }

    /// The boilerplate matcher, once its patterns are known to fit: the matcher builds them with the regex
    /// engines' defaults, so the same build is first made here within the budget and charged.
    fn compile_boilerplate(&mut self) {
        const PART: &str = "the boilerplate patterns";
        if self.boilerplate_patterns.is_empty() || !self.errors.is_empty() {
            return;
        }
        let at = first_origin(self.boilerplate.iter().map(|b| &b.origin));
        let anchored = BoilerplateMatcher::anchored(&self.boilerplate_patterns);
        let built = match self.budget.regex(meta::Config::new(), &anchored, PART) {
            Ok(regex) => Ok(BoilerplateMatcher::from_regex(
                regex,
                &self.boilerplate_patterns,
            )),
            Err(Failed::OverBudget(need)) => {
                self.over_budget(&at, None, PART, need);
                return;
            }
            Err(Failed::Other(e)) => Err(e.to_string()),
        };
        match built {
            Ok(m) => self.segment.boilerplate = Some(m),
            Err(e) => self.err(
                at.file,
                at.line,
                None,
                format!(
                    "boilerplate patterns do not compile together: {}",
                    cut(&e, SHOWN_CHARS)
                ),
            ),
        }
    }

    fn compile_datelines(&mut self) -> Option<meta::Regex> {
        const PART: &str = "the dateline patterns";
        if self.dateline_patterns.is_empty() || self.over_budget {
            return None;
        }
        let at = first_origin(self.dateline_rules.iter().map(|d| &d.origin));
        let patterns = std::mem::take(&mut self.dateline_patterns);
        match self.budget.regex(meta::Config::new(), &patterns, PART) {
            Ok(re) => Some(re),
            Err(Failed::OverBudget(need)) => {
                self.over_budget(&at, None, PART, need);
                None
            }
            Err(Failed::Other(e)) => {
                self.err(
                    at.file,
                    at.line,
                    None,
                    format!(
                        "dateline patterns do not compile together: {}",
                        cut(&e.to_string(), SHOWN_CHARS)
                    ),
                );
                None
            }
        }
    }

    fn compile_gazetteer(&mut self) -> Gazetteer {
        let mut names: Vec<String> = Vec::new();
        let mut name_entities = Vec::new();
        let mut acronyms: Vec<String> = Vec::new();
        let mut acronym_entities = Vec::new();
        let mut acronym_ambiguous = Vec::new();
        let mut ambiguous: HashMap<String, Vec<usize>> = HashMap::new();
        let mut owner: HashMap<String, usize> = HashMap::new();
        let mut problems = Vec::new();
        for (ei, e) in self.entities.iter().enumerate() {
            for n in &e.names {
                let key = format!("name:{}", n.to_lowercase());
                if let Some(&other) = owner.get(&key) {
                    let msg = format!(
                        "alias {} is claimed by two entities ({} and {})",
                        excerpt(n),
                        cut(&self.entities[other].id, SHOWN_CHARS),
                        cut(&e.id, SHOWN_CHARS)
                    );
                    problems.push((ei, msg));
                    continue;
                }
                owner.insert(key, ei);
                names.push(n.clone());
                name_entities.push(ei);
            }
            for a in &e.acronyms {
                let key = format!("acronym:{a}");
                if let Some(&other) = owner.get(&key) {
                    problems.push((
                        ei,
                        format!(
                            "acronym {} is claimed by two entities ({} and {})",
                            excerpt(a),
                            cut(&self.entities[other].id, SHOWN_CHARS),
                            cut(&e.id, SHOWN_CHARS)
                        ),
                    ));
                    continue;
                }
                owner.insert(key, ei);
                acronyms.push(a.clone());
                acronym_entities.push(ei);
                acronym_ambiguous.push(false);
            }
            for a in &e.ambiguous_acronyms {
                if owner.contains_key(&format!("acronym:{a}")) {
                    problems.push((
                        ei,
                        format!("acronym {} is both unambiguous and ambiguous", excerpt(a)),
                    ));
                    continue;
                }
                let owners = ambiguous.entry(a.clone()).or_default();
                if owners.is_empty() {
                    acronyms.push(a.clone());
                    acronym_entities.push(ei);
                    acronym_ambiguous.push(true);
                }
                owners.push(ei);
            }
        }
        for (ei, msg) in problems {
            let (file, line, id) = (
                self.entities[ei].origin.file,
                self.entities[ei].origin.line,
                self.entities[ei].id.clone(),
            );
            self.err(file, line, Some(&id), msg);
        }
        // Aho-Corasick takes no size limit: each automaton is charged once built.
        let build = |b: &mut Builder, pats: &[String], ci: bool, part: &str| {
            if pats.is_empty() || b.over_budget {
                return None;
            }
            let ac = AhoCorasick::builder()
                .ascii_case_insensitive(ci)
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(pats)
                .or_else(|_| {
                    AhoCorasick::builder()
                        .ascii_case_insensitive(ci)
                        .build(pats)
                })
                .ok()?;
            let bytes = ac.memory_usage();
            if b.budget.charge(part, bytes).is_err() {
                let at = first_origin(b.entities.iter().map(|e| &e.origin));
                b.over_budget(&at, None, part, Some(bytes));
                return None;
            }
            Some(ac)
        };
        let names = build(self, &names, true, "the gazetteer's names and aliases");
        let acronyms = build(self, &acronyms, false, "the gazetteer's acronyms");
        Gazetteer {
            names,
            name_entities,
            acronyms,
            acronym_entities,
            acronym_ambiguous,
            ambiguous,
        }
    }
}

/// The default automaton budget. The shipped rules take 7.2 MiB of it (under an eighth, as the test
/// `embedded_rules_fit_well_inside_the_budget` checks), the names of a 100,000-entity gazetteer 25 MiB; 60
/// files of large Unicode repetitions, which took 3.4 GB under a cap per automaton, stop at it.
const AUTOMATA_BYTES: usize = 128 << 20;

/// Lazy-DFA cache per family automaton and thread.
const FAMILY_DFA_CACHE: usize = 2 << 20;

/// Configuration of a family's regex. Its searches run anchored on the span the start scanner found, so
/// literal prefilters would never run (extracting them was a third of start-up) and the capture engines need
/// no DFA to find the end first.
fn family_config() -> meta::Config {
    meta::Config::new()
        .auto_prefilter(false)
        .hybrid(false)
        .dfa(false)
}

/// Parses one pattern on its own, for its error message and capture names, in order. Compiling is left to the
/// family (parsing is a fraction of the cost); a family that does not compile is then searched for the rule
/// to blame.
fn check_pattern(pattern: &str) -> Result<Vec<String>, String> {
    fn names(hir: &regex_syntax::hir::Hir, out: &mut Vec<String>) {
        use regex_syntax::hir::HirKind;
        match hir.kind() {
            HirKind::Capture(c) => {
                if let Some(n) = &c.name {
                    out.push(n.to_string());
                }
                names(&c.sub, out);
            }
            HirKind::Repetition(r) => names(&r.sub, out),
            HirKind::Concat(hs) | HirKind::Alternation(hs) => hs.iter().for_each(|h| names(h, out)),
            HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => {}
        }
    }
    let hir = regex_automata::util::syntax::parse(pattern).map_err(|e| regex_error(pattern, &e))?;
    let mut out = Vec::new();
    names(&hir, &mut out);
    Ok(out)
}

impl Family {
    /// The all-matches automaton of the family, built on first use within what is left of the automaton
    /// budget (`None` when it does not fit or compile).
    pub fn which(&self) -> Option<&meta::Regex> {
        self.which
            .get_or_init(|| {
                // With the lazy DFA: the PikeVM's overlapping search reports rules that match only after
                // an anchored start.
                let config = meta::Config::new()
                    .match_kind(regex_automata::MatchKind::All)
                    .hybrid_cache_capacity(FAMILY_DFA_CACHE);
                let part = format!("family {}'s all-matches automaton", excerpt(&self.name));
                // Held through the build, so that two families built at once do not both spend what is left.
                let mut budget = self.budget.lock().unwrap_or_else(PoisonError::into_inner);
                budget.regex(config, &self.patterns, &part).ok()
            })
            .as_ref()
    }
}

/// A regex syntax error: the parser's own message (the pattern with a caret under the problem) for a short
/// pattern; for a long one, what is wrong, where, and the pattern from a little before there.
fn regex_error(pattern: &str, e: &regex_syntax::Error) -> String {
    if pattern.chars().nth(SHOWN_CHARS).is_none() {
        return e.to_string();
    }
    let (kind, at) = match e {
        regex_syntax::Error::Parse(e) => (e.kind().to_string(), e.span().start.offset),
        regex_syntax::Error::Translate(e) => (e.kind().to_string(), e.span().start.offset),
        _ => return cut(&e.to_string(), SHOWN_CHARS).into_owned(),
    };
    let from = pattern.floor_char_boundary(at.saturating_sub(20));
    format!(
        "{kind} at byte {at} of a pattern of {}; from byte {from}: {}",
        show::size(pattern.len()),
        excerpt(&pattern[from..])
    )
}

/// Expands `{lexicon}` references into alternations and rewrites `\b`/`\B` as ASCII boundaries.
/// A pattern longer than `max` bytes once expanded is an error (fragments used twice at each of 8 levels
/// would otherwise grow it 256-fold).
fn expand(
    pattern: &str,
    lexicons: &HashMap<String, Lexicon>,
    fragments: &HashMap<String, String>,
    max: usize,
) -> Result<String, String> {
    expand_depth(pattern, lexicons, fragments, 0, max)
}

fn expand_depth(
    pattern: &str,
    lexicons: &HashMap<String, Lexicon>,
    fragments: &HashMap<String, String>,
    depth: usize,
    max: usize,
) -> Result<String, String> {
    let too_long = || format!("the pattern expands to more than {max} bytes (the cap on patterns)");
    if pattern.len() > max {
        return Err(too_long());
    }
    if depth > 8 {
        return Err("fragments nest more than 8 deep (a fragment refers to itself?)".into());
    }
    let mut out = String::with_capacity(pattern.len() * 2);
    let mut chars = pattern.char_indices().peekable();
    let mut in_class = 0usize;
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                let Some((_, n)) = chars.next() else {
                    return Err("pattern ends with a backslash".into());
                };
                if in_class == 0 && (n == 'b' || n == 'B') {
                    out.push_str(if n == 'b' { "(?-u:\\b)" } else { "(?-u:\\B)" });
                } else {
                    out.push('\\');
                    out.push(n);
                }
            }
            '[' => {
                in_class += 1;
                out.push(c);
            }
            ']' if in_class > 0 => {
                in_class -= 1;
                out.push(c);
            }
            '{' if in_class == 0 => {
                let rest = &pattern[i + 1..];
                let name_len = rest.find('}').unwrap_or(0);
                let name = &rest[..name_len];
                let is_name = !name.is_empty()
                    && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !is_name {
                    out.push(c);
                    continue;
                }
                if let Some(frag) = fragments.get(name) {
                    let inner = expand_depth(frag, lexicons, fragments, depth + 1, max)?;
                    out.push_str("(?:");
                    out.push_str(&inner);
                    out.push(')');
                    if out.len() > max {
                        return Err(too_long());
                    }
                    for _ in 0..=name_len {
                        chars.next();
                    }
                    continue;
                }
                let lex = lexicons
                    .get(name)
                    .ok_or_else(|| format!("unknown lexicon {{{}}}", cut(name, SHOWN_CHARS)))?;
                let alts: Vec<String> = lex.forms.iter().map(|f| escape_form(f)).collect();
                out.push_str("(?:");
                out.push_str(&alts.join("|"));
                out.push(')');
                if out.len() > max {
                    return Err(too_long());
                }
                for _ in 0..=name_len {
                    chars.next();
                }
            }
            _ => out.push(c),
        }
    }
    // Case-insensitive groups fold ASCII only: Unicode simple case folding (k ↔ K, s ↔ ſ) multiplies the lazy
    // DFA's states for no gain on English patterns. Inside such a group `\s`, `\d` and `\w` are ASCII too.
    Ok(out.replace("(?i:", "(?i-u:"))
}

/// A lexicon form as a regex: literal, with any run of spaces matching any run of whitespace.
fn escape_form(form: &str) -> String {
    form.split_whitespace()
        .map(regex_syntax_escape)
        .collect::<Vec<_>>()
        .join(r"\s+")
}

fn regex_syntax_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(files: &[(&str, &str)]) -> Result<RuleSet, RuleErrors> {
        let v: Vec<(String, String)> = files
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        RuleSet::from_sources(&v)
    }

    #[test]
    fn expansion_and_boundaries() {
        let mut lex = HashMap::new();
        let l = Lexicon {
            forms: vec!["Sept.".into(), "per cent".into()],
            ..Default::default()
        };
        lex.insert("m".to_string(), l);
        let mut frags = HashMap::new();
        frags.insert("f".to_string(), "a{m}".to_string());
        assert_eq!(
            expand("{f}", &lex, &frags, usize::MAX).unwrap(),
            r"(?:a(?:Sept\.|per\s+cent))"
        );
        assert_eq!(
            expand(r"\b{m}[\b]x{2}", &lex, &frags, usize::MAX).unwrap(),
            r"(?-u:\b)(?:Sept\.|per\s+cent)[\b]x{2}"
        );
        assert!(
            expand("{nope}", &lex, &frags, usize::MAX)
                .unwrap_err()
                .contains("unknown lexicon {nope}")
        );
    }

    #[test]
    fn errors_name_file_line_and_rule() {
        let bad = "family = \"dates\"\ntype = \"date\"\n\n[[rule]]\nid = \"dates/x\"\npattern = '(oops'\nnormalizer = \"date\"\nexamples = [{text = \"x\"}]\n\n[[rule]]\nid = \"dates/x\"\npattern = 'y'\nnormalizer = \"date\"\nexamples = [{text = \"y\"}]\n";
        let errs = load(&[("rules/d.toml", bad)]).unwrap_err().0;
        let shown: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        assert!(
            shown[0].starts_with("rules/d.toml:5: dates/x: bad regex"),
            "{shown:?}"
        );
        assert!(
            shown[1].starts_with(
                "rules/d.toml:11: dates/x: duplicate id (first defined at rules/d.toml:5)"
            ),
            "{shown:?}"
        );
    }

    #[test]
    fn long_user_text_in_errors_is_cut() {
        let long = "x".repeat(300_000);
        let rules = format!(
            "family = \"{long}\"\ntype = \"date\"\n[[rule]]\nid = \"dates/a\"\npattern = 'a'\nnormalizer = \"{long}\"\n\
             [[rule]]\nid = \"{long}/b\"\npattern = '{long}('\nnormalizer = \"date\"\nexamples = [{{text = \"x\"}}]\n"
        );
        let entities = format!(
            "family = \"organizations\"\ntype = \"organization\"\n[[entity]]\nid = \"a\"\nname = \"{long}\"\n\
             category = \"company\"\n[[entity]]\nid = \"b\"\nname = \"{long}\"\ncategory = \"company\"\n"
        );
        let bad_toml = format!("family = [\"{long}\"]\n");
        let mut shown = Vec::new();
        for text in [&rules, &entities, &bad_toml] {
            let errs = load(&[("long.toml", text)]).unwrap_err().0;
            shown.extend(errs.iter().map(|e| e.to_string()));
        }
        for s in &shown {
            assert!(s.len() < 1000, "{} bytes: {}", s.len(), &s[..1000]);
        }
        let x200 = "x".repeat(200);
        let cut = format!("\"{x200}…\" (293.0 KiB, truncated)");
        let expected = [
            format!("long.toml:4: dates/a: rule ids in family {cut} start with"),
            format!("long.toml:4: dates/a: unknown normalizer {cut} (date"),
            format!(
                "long.toml:8: {x200}… (293.0 KiB, truncated): bad regex: unclosed group at byte 300000 of a pattern of 293.0 KiB; from byte 299980: \"xxxxxxxxxxxxxxxxxxxx(\""
            ),
            format!("long.toml:8: b: alias {cut} is claimed by two entities (a and b)"),
            "long.toml:1: not a valid rule file: invalid type: sequence".to_string(),
        ];
        assert_eq!(shown.len(), expected.len(), "{shown:?}");
        for (s, e) in shown.iter().zip(&expected) {
            assert!(s.starts_with(e.as_str()), "{s}\nexpected {e}");
        }
    }

    #[test]
    fn alias_claimed_twice_is_an_error() {
        let g = "family = \"organizations\"\ntype = \"organization\"\n[[entity]]\nid = \"a\"\nname = \"Alpha Corp\"\ncategory = \"company\"\naliases = [\"Alpha\"]\n[[entity]]\nid = \"b\"\nname = \"Beta\"\ncategory = \"company\"\naliases = [\"alpha\"]\n";
        let errs = load(&[("g.toml", g)]).unwrap_err().0;
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, 9);
        assert!(
            errs[0].message.contains("claimed by two entities"),
            "{}",
            errs[0]
        );
    }

    #[test]
    fn lines_end_at_lf_crlf_and_lone_cr() {
        let lines = Lines::new("a\r\nbé\nc\rd\n");
        let cases = [
            (0, 1),  // first byte
            (1, 1),  // the \r of a CRLF
            (2, 1),  // its \n ends line 1
            (3, 2),  // after a CRLF
            (5, 2),  // inside `é`: the line of the character
            (7, 3),  // after a plain \n
            (8, 3),  // a lone \r ends line 3, as everywhere claimscan counts lines
            (9, 4),  // after it
            (11, 5), // the end of a text that ends with \n: the empty last line
            (99, 5), // past the end
        ];
        for (offset, line) in cases {
            assert_eq!(lines.line(offset), line, "offset {offset}");
        }
        assert_eq!(Lines::new("").line(0), 1);
    }

    #[test]
    fn error_lines_are_right_in_crlf_and_cr_files() {
        let rule = |id: &str| {
            format!(
                "[[rule]]\nid = \"dates/{id}\"\npattern = 'x'\nnormalizer = \"date\"\nexamples = [{{text = \"x\"}}]\n"
            )
        };
        // The first line, and the last rule of a CRLF file (its id on the file's next-to-last line).
        let lf = format!(
            "family = \"nope\"\ntype = \"date\"\n{}{}",
            rule("a"),
            rule("a")
        );
        let crlf = lf.replace('\n', "\r\n");
        for text in [&lf, &crlf] {
            let shown: Vec<String> = load(&[("d.toml", text)])
                .unwrap_err()
                .0
                .iter()
                .map(|e| e.to_string())
                .collect();
            assert_eq!(
                shown,
                [
                    "d.toml:4: dates/a: rule ids in family \"nope\" start with \"nope/\"",
                    "d.toml:9: dates/a: duplicate id (first defined at d.toml:4)"
                ],
                "{text:?}"
            );
        }
        let errs = load(&[("e.toml", "family = \"x\"\n\n[[rule]")])
            .unwrap_err()
            .0;
        assert_eq!(errs[0].line, 3, "{}", errs[0]);
        // TOML has no lone-CR line breaks, but an editor shows one: the error is on the line after it.
        let errs = load(&[("cr.toml", "family = \"x\"\ntype = \"date\"\rx = 1\n")])
            .unwrap_err()
            .0;
        assert_eq!(errs[0].line, 3, "{}", errs[0]);
    }

    #[test]
    fn toml_syntax_error_has_a_line() {
        let errs = load(&[("x.toml", "family = \"a\"\n\n[[rule]\n")])
            .unwrap_err()
            .0;
        assert_eq!((errs[0].file.as_str(), errs[0].line), ("x.toml", 3));
    }

    #[test]
    fn embedded_rules_fit_well_inside_the_budget() {
        let files: Vec<(String, String)> = EMBEDDED_RULES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let limits = Limits {
            automata_bytes: AUTOMATA_BYTES / 8,
            ..Limits::default()
        };
        if let Err(e) = RuleSet::from_sources_limited(&files, &limits) {
            panic!("{e}");
        }
    }

    #[test]
    fn automata_built_on_first_use_draw_on_what_loading_left() {
        let file = "family = \"organizations\"\ntype = \"organization\"\n[[rule]]\nid = \"organizations/w\"\npattern = '(?P<name>\\w{1,50}) Zq'\nnormalizer = \"organization\"\nset = { category = \"company\" }\nexamples = [{ text = \"Acme Zq\" }]\n";
        let files = [("w.toml".to_string(), file.to_string())];
        let load = |bytes| {
            let limits = Limits {
                automata_bytes: bytes,
                ..Limits::default()
            };
            RuleSet::from_sources_limited(&files, &limits).unwrap_or_else(|e| panic!("{e}"))
        };
        // One Unicode `\w{1,50}` is about 0.9 MiB: alone, in its family and in the start scanner.
        let tight = load(3 << 20);
        assert!(tight.families[0].which().is_none(), "no room left");
        let roomy = load(8 << 20);
        assert!(roomy.families[0].which().is_some());
    }

    #[test]
    fn embedded_rules_compile() {
        let set = RuleSet::embedded().unwrap_or_else(|e| panic!("{e}"));
        assert!(set.families.iter().any(|f| f.name == "dates"));
        assert!(set.entities.len() >= 150, "{} entities", set.entities.len());
    }
}
