//! Compilation: each family's patterns into automata, the start scanner over all of them, the gazetteer, the
//! datelines and the boilerplate, all within one automaton budget.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock, PoisonError};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex_automata::meta;

use super::budget::{self, Failed};
use super::show::{SHOWN_CHARS, cut, excerpt};
use super::starts::Starts;
use super::validate::{Builder, first_origin};
use super::{Family, Gazetteer, Origin, shared_key};
use crate::text::BoilerplateMatcher;

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

impl Builder {
    /// Reports that `what`, defined from `at` (by `rule`, when one rule's automaton is to blame), does not fit
    /// in the budget, and stops compiling.
    pub(super) fn over_budget(
        &mut self,
        at: &Origin,
        rule: Option<&str>,
        what: &str,
        need: Option<usize>,
    ) {
        let message = self.budget.exceeded(what, need);
        self.err(at.file, at.line, rule, message);
        self.over_budget = true;
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

    pub(super) fn compile_families(&mut self) -> Option<Vec<Family>> {
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
            for &ri in &idx {
                match self
                    .budget
                    .regex_from_hir(family_config(), &[&self.hirs[ri]], &part)
                {
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
            out.push(Family {
                name: fam,
                leftmost: OnceLock::new(),
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
    pub(super) fn compile_starts(&mut self, families: &[Family]) -> Option<Starts> {
        const PART: &str = "the start scanner (every family's patterns in one automaton)";
        let mut patterns = Vec::new();
        let mut owner = Vec::new();
        for (fi, f) in families.iter().enumerate() {
            for (pi, &ri) in f.rules.iter().enumerate() {
                patterns.push(&self.hirs[ri]);
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
    pub(super) fn compile_boilerplate(&mut self) {
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

    pub(super) fn compile_datelines(&mut self) -> Option<meta::Regex> {
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

    pub(super) fn compile_gazetteer(&mut self) -> Gazetteer {
        let mut names: Vec<String> = Vec::new();
        let mut name_entities = Vec::new();
        let mut acronyms: Vec<String> = Vec::new();
        let mut acronym_entities = Vec::new();
        let mut acronym_ambiguous = Vec::new();
        let mut ambiguous: HashMap<String, Vec<usize>> = HashMap::new();
        let mut owner: HashMap<String, usize> = HashMap::new();
        let mut problems = Vec::new();
        let mut shared: HashMap<String, Vec<usize>> = HashMap::new();
        let ids: HashMap<&str, usize> = self
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i))
            .collect();
        for (ei, e) in self.entities.iter().enumerate() {
            if let Some(p) = &e.parent
                && ids.get(p.as_str()).is_none_or(|&pi| pi == ei)
            {
                problems.push((ei, format!("parent {} is no other entity", excerpt(p))));
            }
            let forms = e
                .names
                .iter()
                .map(|n| (n, false))
                .chain(e.acronyms.iter().map(|a| (a, true)));
            for (form, acronym) in forms {
                let key = shared_key(form, acronym);
                if let Some(&other) = owner.get(&key) {
                    let first = [other];
                    let owners = shared.get(&key).map_or(&first[..], Vec::as_slice);
                    // A name two bodies bear is shared when the document can tell them apart.
                    if e.disambiguated() || owners.iter().any(|&o| self.entities[o].disambiguated())
                    {
                        let owners = shared.entry(key).or_insert_with(|| vec![other]);
                        if !owners.contains(&ei) {
                            owners.push(ei);
                        }
                        continue;
                    }
                    let what = if acronym { "acronym" } else { "alias" };
                    // Sharing needs `parent`, `context`, `years` or `default` on one of them.
                    let msg = format!(
                        "{what} {} is claimed by two entities ({} and {})",
                        excerpt(form),
                        cut(&self.entities[other].id, SHOWN_CHARS),
                        cut(&e.id, SHOWN_CHARS)
                    );
                    problems.push((ei, msg));
                    continue;
                }
                owner.insert(key, ei);
                if acronym {
                    acronyms.push(form.clone());
                    acronym_entities.push(ei);
                    acronym_ambiguous.push(false);
                } else {
                    names.push(form.clone());
                    name_entities.push(ei);
                }
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
        let mut keys: Vec<&String> = shared.keys().collect();
        keys.sort();
        for key in keys {
            let defaults: Vec<usize> = shared[key]
                .iter()
                .copied()
                .filter(|&o| self.entities[o].default)
                .collect();
            if let [_, second, ..] = defaults[..] {
                let msg = format!(
                    "{} is the `default` of {} and {}: one at most",
                    excerpt(key.split_once(':').map_or(key.as_str(), |(_, f)| f)),
                    cut(&self.entities[defaults[0]].id, SHOWN_CHARS),
                    cut(&self.entities[second].id, SHOWN_CHARS)
                );
                problems.push((second, msg));
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
            shared,
        }
    }
}

impl Family {
    /// The family's leftmost-first automaton (one pattern per rule), built on first use within what is left of
    /// the automaton budget (`None` when it does not fit or compile): only the search without the start
    /// scanner needs it, so loading does not pay for it. Each rule compiled alone at load, so the family
    /// compiles unless the budget is spent.
    pub fn regex(&self) -> Option<&meta::Regex> {
        self.leftmost
            .get_or_init(|| {
                let part = format!("family {}'s leftmost-first automaton", excerpt(&self.name));
                let mut budget = self.budget.lock().unwrap_or_else(PoisonError::into_inner);
                budget.regex(family_config(), &self.patterns, &part).ok()
            })
            .as_ref()
    }

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

#[cfg(test)]
mod tests {
    use crate::rules::load::AUTOMATA_BYTES;
    use crate::rules::{EMBEDDED_RULES, Limits, RuleSet};

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
}
