//! Validation: rule files parsed and checked into the parts of a [`RuleSet`], every problem with its file and
//! line; the compiling is in `compile.rs`.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use regex_syntax::hir::Hir;

use super::budget::Budget;
use super::expand::expand;
use super::file::{RawFile, RawRule};
use super::params;
use super::show::{self, SHOWN_CHARS, cut, excerpt};
use super::{
    BoilerplateRule, Coref, DatelineRule, Entity, Join, Lexicon, Limits, Link, Normalizer,
    NumberWords, Origin, Params, Rule, RuleError, RuleErrors, RuleSet, lexicon_key,
};
use crate::model::value::FactType;
use crate::text::{BoilerplateScope, OffsetMap, SegmentRules};

#[derive(Default)]
pub(super) struct Builder {
    pub(super) limits: Limits,
    pub(super) errors: Vec<RuleError>,
    pub(super) files: Vec<String>,
    pub(super) rules: Vec<Rule>,
    /// Each rule's pattern as parsed when it was checked (`hirs[i]` is `rules[i]`'s): the per-rule, family and
    /// start-scanner automata are all built from it, so a pattern is parsed once, not three times.
    pub(super) hirs: Vec<Hir>,
    pub(super) entities: Vec<Entity>,
    pub(super) lexicons: HashMap<String, Lexicon>,
    /// Where each lexicon was defined.
    pub(super) lexicon_origins: HashMap<String, Origin>,
    pub(super) number_words: NumberWords,
    pub(super) fragments: HashMap<String, String>,
    pub(super) segment: SegmentRules,
    pub(super) boilerplate_patterns: Vec<(String, BoilerplateScope)>,
    pub(super) boilerplate: Vec<BoilerplateRule>,
    pub(super) dateline_patterns: Vec<String>,
    pub(super) dateline_rules: Vec<DatelineRule>,
    pub(super) joins: Vec<Join>,
    pub(super) coref: Option<Coref>,
    /// Where the first `[coref]` section is, valid or not.
    pub(super) coref_at: Option<Origin>,
    pub(super) budget: Budget,
    /// A part did not fit in the budget: nothing more is compiled.
    pub(super) over_budget: bool,
}

/// Where a part of the rule set made of items with these origins begins: the first one's (the first file
/// when there are none).
pub(super) fn first_origin<'o>(origins: impl IntoIterator<Item = &'o Origin>) -> Origin {
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
    pub(super) fn err(
        &mut self,
        file: usize,
        line: usize,
        rule: Option<&str>,
        message: impl Into<String>,
    ) {
        self.errors.push(RuleError {
            file: self.files[file].clone(),
            line,
            rule: rule.map(str::to_string),
            message: message.into(),
        });
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

    pub(super) fn build(mut self, sources: &[(String, String)]) -> Result<RuleSet, RuleErrors> {
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
                Some(c) if !c.links(&p.category) => format!(
                    "set.link = \"required\" links orders, provisions and the document's own instruments \
                     only: the category is {}, not the order category {}",
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
            Some(t) => {
                if let Some(ft) = FactType::parse(t.get_ref()) {
                    Some(ft)
                } else {
                    self.err(
                        fi,
                        lines.line(t.span().start),
                        None,
                        format!("unknown fact type {}", excerpt(t.get_ref())),
                    );
                    None
                }
            }
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
            let years = match ent.years.as_slice() {
                [] => None,
                &[from] => Some((from, i32::MAX)),
                &[from, to] if from <= to => Some((from, to)),
                _ => {
                    self.err(
                        fi,
                        line,
                        Some(&id),
                        "`years` is [from] or [from, to] with from <= to",
                    );
                    None
                }
            };
            if ent.context.iter().any(|w| w.trim().is_empty()) {
                self.err(fi, line, Some(&id), "a `context` word is empty");
            }
            let context = ent
                .context
                .iter()
                .map(|w| w.trim().to_lowercase())
                .collect();
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
                parent: ent.parent,
                context,
                years,
                default: ent.default,
                origin: Origin { file: fi, line },
                counter_examples: ent.counter_examples,
            });
        }
        if let Some(raw_coref) = raw.coref {
            let line = lines.line(raw_coref.span().start);
            let origin = Origin { file: fi, line };
            if let Some(first) = &self.coref_at {
                let first = format!("{}:{}", self.files[first.file], first.line);
                self.err(
                    fi,
                    line,
                    None,
                    format!("a second [coref] section (the first is at {first})"),
                );
            } else {
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
        let (hir, names) = match check_pattern(&pattern) {
            Ok(parsed) => parsed,
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
        self.hirs.push(hir);
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
}

/// Parses one pattern on its own, for its error message and capture names, in order, and returns the parse:
/// the automata are compiled from it (`meta::Builder::build_many_from_hir` parses nothing again, with the same
/// default syntax options as this parse). A family that does not compile is then searched for the rule to
/// blame.
fn check_pattern(pattern: &str) -> Result<(Hir, Vec<String>), String> {
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
    Ok((hir, out))
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
    fn errors_name_file_line_and_rule() {
        let bad = "family = \"dates\"\ntype = \"date\"\n\n[[rule]]\nid = \"dates/x\"\npattern = '(oops'\nnormalizer = \"date\"\nexamples = [{text = \"x\"}]\n\n[[rule]]\nid = \"dates/x\"\npattern = 'y'\nnormalizer = \"date\"\nexamples = [{text = \"y\"}]\n";
        let errs = load(&[("rules/d.toml", bad)]).unwrap_err().0;
        let shown: Vec<String> = errs.iter().map(std::string::ToString::to_string).collect();
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
            shown.extend(errs.iter().map(std::string::ToString::to_string));
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
    fn entities_with_disambiguation_data_may_share_a_name() {
        let head = "family = \"organizations\"\ntype = \"organization\"\n";
        let a = "[[entity]]\nid = \"a\"\nname = \"Alpha Corp\"\ncategory = \"company\"\nacronyms = [\"AC\"]\n";
        let b = "[[entity]]\nid = \"b\"\nname = \"Beta\"\ncategory = \"company\"\naliases = [\"alpha corp\"]\nacronyms = [\"AC\"]\n";
        let shared = format!(
            "{head}{a}default = true\n{b}context = [\"Paris\"]\nparent = \"a\"\nyears = [2020, 2024]\n"
        );
        let set = load(&[("g.toml", shared.as_str())]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(set.gazetteer.shared["name:alpha corp"], vec![0, 1]);
        assert_eq!(set.gazetteer.shared["acronym:AC"], vec![0, 1]);
        assert_eq!(set.entities[1].years, Some((2020, 2024)));
        assert_eq!(set.entities[1].context, vec!["paris".to_string()]);
        for (extra, want) in [
            ("default = true\n", "`default` of a and b"),
            ("parent = \"zz\"\n", "parent \"zz\" is no other entity"),
            ("years = [2024, 2020]\n", "`years` is [from] or [from, to]"),
        ] {
            let text = format!("{head}{a}default = true\n{b}{extra}");
            let errs = load(&[("g.toml", text.as_str())]).unwrap_err().0;
            assert!(
                errs.iter().any(|e| e.message.contains(want)),
                "{extra}: {errs:?}"
            );
        }
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
                .map(std::string::ToString::to_string)
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
}
