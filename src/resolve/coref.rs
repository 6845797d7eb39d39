//! References between policy instruments: which instrument the document is itself, which order "the order"
//! is, and which instrument a section is of.
//!
//! The phrases, categories, templates and words are data: the `[coref]` section of `rules/policy.toml`
//! ([`Coref`]); without one nothing is linked. With the shipped section:
//!
//! * **The document's own instrument.** A title beginning (`Memorandum on `, `Notice on `, `Executive Order
//!   on `, `A Proclamation on `) or a phrase (`MEMORANDUM FOR`, `A PROCLAMATION` or `it is hereby ordered`
//!   in the opening of the body, `do hereby proclaim` or `This notice shall be published in the` anywhere)
//!   makes the document an instrument of that kind ([`Coref::own_kind`]; a memorandum is tried before an
//!   order). Its value is, in order: the numbered instrument of that category the body names before the
//!   phrase (`Executive Order 14418` above "By the authority vested in me"); the gazetteer entity of that
//!   category its title names; else `<kind>-<slug of the title without the prefix>` (`memo-…`, `proc-…`,
//!   `notice-…`, `eo-…`). A document needs a title to be one.
//! * **"this memorandum", "this proclamation", "this notice"** (rules with `set.link = "required"` and that
//!   category) are the document's own instrument when it is of that category; otherwise they are dropped: in a
//!   news article "this notice" is no instrument.
//! * **An executive order without a number** ("the executive order", "the order") means, in order of
//!   preference: the document's own order (when it is one); the order a program named in the same sentence
//!   was set up by (the program entity's `instrument`); the last identified order named before it. Matches of
//!   required-link rules ("the order") that resolve to none of these are dropped: "the order of magnitude" is
//!   no instrument.
//! * **A provision** (`Section 5(c)`, `subsection (b)(ii)`, `this section`) gets the id
//!   `<instrument id>/sec-<slug of its section>` and the instrument's number. Its instrument is, in order:
//!   1. the one named right after it: `section 202(d) of the National Emergencies Act`, `section 38 of the
//!      Arms Export Control Act`, `section 4 of this order`, `section 1245(d)(4)(B) and (C) of the National
//!      Defense Authorization Act` (a line break between them is only a space). When that is a provision
//!      itself, the chain is followed and a relative section is put under the outer one: `subsection (b) of
//!      section 3 of this order` is `<own>/sec-3-b`, `subsection (b)(ii) of this section` is `sec-<N>-b-ii`;
//!   2. none, when it is followed by `of` and an instrument no rule identifies (`section 2 of the Act`,
//!      `section 301 of title 3`): it names its instrument, and that is not the one before it;
//!   3. in a document that is an instrument itself, that instrument. Its section labels (`Sec. 2.` /
//!      `Section 3.` at the start of a line) are its own headings; "this section" and a bare relative
//!      provision (`subsection (a)`) are under the heading before them (`Sec. 3` → `3(a)`);
//!   4. in any other document, only an identified order (or "the order" tied to one) named earlier in the
//!      same sentence or in the sentence right before ("…within the executive order itself. Section 5(c)
//!      establishes…"), and for a relative provision the provision before it in the same sentence; never for
//!      a section label heading a block (`Sec. 2.` at the start of a line) and never an order further back:
//!      a National Security Memorandum's headings `Sec. 2.` are not sections of Executive Order 14110
//!      because that order was named above them. Statutes and
//!      regulations are cited with their sections or as sections (`22 U.S.C. 2778`), so they are no
//!      fallback either ("the CHIPS Act and Section 232 tariffs" is no section of the CHIPS Act).
//!
//!   5. in such a document, the instrument an earlier mention of the same section was named with: after
//!      "Section 338 of the Tariff Act of 1930", a later bare "Section 338" is that section.
//!
//!   A provision listed with the ones after it (`sections 301, 302, and 303 of the Defense Production Act`:
//!   only a comma, `and` or `or` between them) takes the instrument of the next, so the whole list is of the
//!   instrument named after its last item. A provision with none of these keeps no id; "this section" with
//!   none is dropped.
//!
//! Every link is recorded in [`Resolution::links`] with its reason, and the own instrument in
//! [`Resolution::own`], for `explain`.

use std::collections::{HashMap, HashSet};

use crate::document::frontmatter;
use crate::extract::{Candidate, Source};
use crate::model::span::ByteSpan;
use crate::model::value::{PolicyValue, Value};
use crate::resolve::{Dropped, Resolution};
use crate::rules::{Coref, Entity, Link, Params, RuleSet, Template};

fn policy(c: &Candidate) -> Option<&PolicyValue> {
    match &c.value {
        Ok(Value::Policy(p)) => Some(p),
        _ => None,
    }
}

/// A coref template with its variables filled in.
fn fill(template: &Template, vars: &[(&str, &str)]) -> String {
    template
        .render(|var| {
            vars.iter()
                .find(|(name, _)| *name == var)
                .map(|(_, v)| v.to_string())
                .ok_or_else(|| format!("no variable {var:?}"))
        })
        .expect("a coref template's variables are checked at load")
}

/// A gazetteer instrument as a value.
fn entity_value(e: &Entity) -> PolicyValue {
    PolicyValue {
        id: Some(e.id.clone()),
        name: e.name.clone(),
        category: e.category.clone(),
        number: None,
        section: None,
    }
}

/// The document's own instrument and why it is one (see the module docs).
fn own_instrument(
    rules: &RuleSet,
    coref: &Coref,
    title: Option<&str>,
    text: &str,
    candidates: &[Candidate],
    kept: &[(usize, usize)],
) -> Option<(PolicyValue, String)> {
    let body = frontmatter::parse(text).map_or(0, |f| f.end);
    let m = coref.own_kind(title, text, body)?;
    let category = &m.kind.category;
    let numbered = m.at.and_then(|at| {
        kept.iter().find_map(|&(ci, _)| {
            let c = &candidates[ci];
            if c.span.start() < body || c.span.end() > at {
                return None;
            }
            policy(c)
                .filter(|p| &p.category == category && p.id.is_some() && p.number.is_some())
                .cloned()
        })
    });
    if let Some(v) = numbered {
        let why = format!("{}, and it names itself {} above that", m.evidence, v.name);
        return Some((v, why));
    }
    let lower = m.title.to_lowercase();
    let known = rules.entities.iter().find(|e| {
        &e.category == category && e.names.iter().any(|n| lower.contains(&n.to_lowercase()))
    });
    if let Some(e) = known {
        let why = format!("{}, and its title names {}", m.evidence, e.id);
        return Some((entity_value(e), why));
    }
    let title = m.title.as_str();
    let value = PolicyValue {
        id: Some(fill(&m.kind.id, &[("title", title)])),
        name: fill(&m.kind.name, &[("title", title)]),
        category: category.clone(),
        number: None,
        section: None,
    };
    Some((value, m.evidence))
}

/// The order that set up a program named in sentence `si`: the first such program among the winners.
fn program_order(
    rules: &RuleSet,
    candidates: &[Candidate],
    kept: &[(usize, usize)],
    si: usize,
) -> Option<(PolicyValue, String)> {
    // Winners are in text order, so one sentence's are a run.
    let from = kept.partition_point(|&(_, sj)| sj < si);
    kept[from..]
        .iter()
        .take_while(|&&(_, sj)| sj == si)
        .find_map(|&(cj, _)| {
            let Source::Entity { entity, .. } = candidates[cj].source else {
                return None;
            };
            let program = &rules.entities[entity];
            let target = program.instrument.as_ref()?;
            rules
                .entities
                .iter()
                .find(|e| &e.id == target)
                .map(|e| (entity_value(e), program.name.clone()))
        })
}

/// Whether a section label stands at the start of a line and is followed by a period, markup aside: a
/// heading of the document's own (`Sec. 2.`, `<u>Section</u> <u>1</u>.`), not a reference wrapped onto a
/// new line ("…as set out in\nsection 3 of this order").
fn is_heading(text: &str, span: ByteSpan) -> bool {
    let label = span.slice(text);
    if !label.starts_with('S') {
        return false;
    }
    // Markup before a label is a tag or two: look no further back (or on) than this, so a long line costs
    // no more than a short one.
    const NEAR: usize = 240;
    let mut from = span.start().saturating_sub(NEAR);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let head = &text[from..span.start()];
    let line = match head.rfind('\n') {
        Some(i) => from + i + 1,
        None if from == 0 => 0,
        None => return false,
    };
    let mut to = (span.end() + NEAR).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let before = without_markup(&text[line..span.start()]);
    let after = without_markup(text[span.end()..to].lines().next().unwrap_or(""));
    before
        .chars()
        .all(|c| c.is_whitespace() || matches!(c, '*' | '#' | '_' | '>'))
        && after.trim_start_matches(['*', '_']).starts_with('.')
}

/// `s` without its HTML tags.
fn without_markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whether the text after a provision begins with `of`: it names an instrument (identified or not).
fn names_its_instrument(text: &str, end: usize) -> bool {
    let rest = text[end..].trim_start();
    rest.get(..3)
        .is_some_and(|w| w.eq_ignore_ascii_case("of ") || w.eq_ignore_ascii_case("of\n"))
}

/// What a provision is attached to: its instrument, its full section and why.
struct Attached {
    parent: PolicyValue,
    section: String,
    why: String,
    /// Whether the text names the instrument right after the provision (directly, through the provision it
    /// is part of, or after the list it is in): a later bare mention of the section may then take it.
    named: bool,
}

/// The state of the provision pass as it walks the winners in text order.
struct Walk<'a> {
    coref: &'a Coref,
    text: &'a str,
    candidates: &'a [Candidate],
    kept: &'a [(usize, usize)],
    own: Option<&'a PolicyValue>,
    /// The label of the document's own section heading the walk is under.
    heading: Option<String>,
    /// The last identified order and its sentence.
    last_order: Option<(PolicyValue, usize)>,
    /// The last provision attached with a section of its own, its instrument and sentence.
    last_provision: Option<(Attached, usize)>,
    /// Sections named with their instrument so far ("Section 338 of the Tariff Act of 1930"): a later bare
    /// "Section 338" in a document that is no instrument itself is the same section.
    named: HashMap<String, PolicyValue>,
}

impl Walk<'_> {
    /// The winner right after winner `k` when the text between them ties a provision to it.
    fn tied_next(&self, k: usize) -> Option<usize> {
        let (ci, _) = self.kept[k];
        let (cj, _) = *self.kept.get(k + 1)?;
        let gap = self
            .text
            .get(self.candidates[ci].span.end()..self.candidates[cj].span.start())?
            .trim()
            .to_lowercase();
        let gap = gap.split_whitespace().collect::<Vec<_>>().join(" ");
        (self.coref.ties_provision(&gap) && policy(&self.candidates[cj]).is_some()).then_some(k + 1)
    }

    /// The winner right after winner `k` when both are provisions of one list ("sections 301, 302, and 303"):
    /// only a comma, `and` or `or` between them.
    fn listed_next(&self, k: usize) -> Option<usize> {
        let (ci, _) = self.kept[k];
        let (cj, _) = *self.kept.get(k + 1)?;
        let gap = self
            .text
            .get(self.candidates[ci].span.end()..self.candidates[cj].span.start())?;
        let words: Vec<&str> = gap
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .collect();
        let separator = gap.contains(',') || !words.is_empty();
        let listed =
            separator && words.len() <= 1 && words.iter().all(|w| matches!(*w, "and" | "or"));
        let q = policy(&self.candidates[cj])?;
        (listed && q.category == self.coref.provision_category && q.section.is_some())
            .then_some(k + 1)
    }

    /// The instrument and section of the provision at winner `k` (see the module docs).
    fn attach(&self, k: usize) -> Option<Attached> {
        let (ci, si) = self.kept[k];
        let c = &self.candidates[ci];
        let p = policy(c)?;
        if let Some(next) = self.listed_next(k)
            && let Some(section) = p.section.clone()
            && !section.starts_with('(')
        {
            let sibling = self.attach(next)?;
            return Some(Attached {
                parent: sibling.parent,
                section,
                why: format!("listed with the provision after it: {}", sibling.why),
                named: sibling.named,
            });
        }
        let Some(section) = p.section.clone() else {
            // "this section": the heading it is under.
            let (own, heading) = (self.own?, self.heading.clone()?);
            return Some(Attached {
                named: false,
                parent: own.clone(),
                why: format!("the document's own section {heading}, the heading it is under"),
                section: heading,
            });
        };
        let relative = section.starts_with('(');
        if let Some(next) = self.tied_next(k) {
            let q = policy(&self.candidates[self.kept[next].0])?;
            if q.category == self.coref.provision_category {
                let outer = self.attach(next)?;
                let full = if relative {
                    format!("{}{section}", outer.section)
                } else {
                    section
                };
                return Some(Attached {
                    why: format!("part of the provision named right after it: {}", outer.why),
                    section: full,
                    parent: outer.parent,
                    named: true,
                });
            }
            if q.id.is_some() {
                return Some(Attached {
                    parent: q.clone(),
                    section,
                    why: "the instrument named right after it".into(),
                    named: true,
                });
            }
        }
        if names_its_instrument(self.text, c.span.end()) {
            return None;
        }
        if let Some(own) = self.own {
            if relative {
                let heading = self.heading.as_ref()?;
                return Some(Attached {
                    named: false,
                    parent: own.clone(),
                    section: format!("{heading}{section}"),
                    why: format!(
                        "under the document's own section {heading}, the heading before it"
                    ),
                });
            }
            return Some(Attached {
                named: false,
                parent: own.clone(),
                section,
                why: "the document's own instrument".into(),
            });
        }
        if relative {
            let (outer, sj) = self.last_provision.as_ref()?;
            return (*sj == si).then(|| Attached {
                named: false,
                parent: outer.parent.clone(),
                section: format!("{}{section}", outer.section),
                why: "under the provision before it in the same sentence".into(),
            });
        }
        if is_heading(self.text, c.span) {
            return None;
        }
        let (order, sj) = self.last_order.as_ref()?;
        (*sj == si || *sj + 1 == si).then(|| Attached {
            named: false,
            parent: order.clone(),
            section,
            why: if *sj == si {
                "the order named before it in the same sentence".into()
            } else {
                "the order named in the sentence before it".into()
            },
        })
    }
}

/// Drops the winners listed, each with its reason.
fn drop_winners(res: &mut Resolution, drop: Vec<(usize, String)>) {
    if drop.is_empty() {
        return;
    }
    let gone: HashSet<usize> = drop.iter().map(|(ci, _)| *ci).collect();
    res.kept.retain(|(ci, _)| !gone.contains(ci));
    for (ci, why) in drop {
        res.dropped.push((ci, Dropped::Rejected(why)));
    }
    res.dropped.sort_by_key(|(i, _)| *i);
}

/// Resolves the document's own instrument and the order, self and provision references among the winners of
/// one document.
pub fn link_instruments(
    rules: &RuleSet,
    title: Option<&str>,
    text: &str,
    candidates: &mut [Candidate],
    res: &mut Resolution,
) {
    let Some(coref) = &rules.coref else {
        return;
    };
    let own = own_instrument(rules, coref, title, text, candidates, &res.kept);
    let own_value = own.as_ref().map(|(v, _)| v);
    let own_why = own.as_ref().map_or(String::new(), |(_, why)| why.clone());
    let own_is_order = own_value.is_some_and(|v| v.category == coref.order_category);
    let link_required = |c: &Candidate| {
        matches!(c.source, Source::Rule(r)
            if matches!(&rules.rules[r].params, Params::Policy(p) if p.link == Link::Required))
    };

    // Orders and the document's references to itself.
    let mut last_order: Option<PolicyValue> = None;
    let mut drop = Vec::new();
    let kept: Vec<(usize, usize)> = res.kept.clone();
    let mut by_sentence: HashMap<usize, Option<(PolicyValue, String)>> = HashMap::new();
    for &(ci, si) in &kept {
        let Some(p) = policy(&candidates[ci]).cloned() else {
            continue;
        };
        let required = link_required(&candidates[ci]);
        if p.category == coref.provision_category {
            continue;
        }
        if required && p.category != coref.order_category {
            // "this memorandum": the document's own, when it is one.
            match own_value.filter(|v| v.category == p.category) {
                Some(v) => {
                    candidates[ci].value = Ok(Value::Policy(v.clone()));
                    res.links
                        .push((ci, format!("the document's own {}: {own_why}", p.category)));
                }
                None => drop.push((
                    ci,
                    format!(
                        "{:?} in a document that is no {} of its own",
                        candidates[ci].span.slice(text),
                        p.category
                    ),
                )),
            }
            continue;
        }
        let plural = coref.is_plural(candidates[ci].span.slice(text));
        if p.category == coref.order_category && p.id.is_none() && !plural {
            let found = if own_is_order {
                own_value.map(|v| (v.clone(), format!("the document's own order: {own_why}")))
            } else {
                // A program in the same sentence that an order set up (once per sentence: a sentence may
                // hold thousands of "the order").
                let by_program = by_sentence
                    .entry(si)
                    .or_insert_with(|| program_order(rules, candidates, &kept, si))
                    .clone()
                    .map(|(v, program)| {
                        (
                            v,
                            format!("the order that set up {program}, named in the same sentence"),
                        )
                    });
                by_program.or_else(|| {
                    last_order
                        .clone()
                        .map(|v| (v, "the last order named before it".to_string()))
                })
            };
            match found {
                Some((v, why)) => {
                    candidates[ci].value = Ok(Value::Policy(v.clone()));
                    res.links.push((ci, why));
                    last_order = Some(v);
                }
                None if required => drop.push((
                    ci,
                    "\"the order\" names no order this document identifies".into(),
                )),
                None => {}
            }
            continue;
        }
        if p.id.is_some() && p.category == coref.order_category {
            last_order = Some(p);
        }
    }
    drop_winners(res, drop);

    // Provisions, in text order: each is attached by the rules of the module docs.
    let kept: Vec<(usize, usize)> = res.kept.clone();
    let mut drop = Vec::new();
    let mut linked: Vec<(usize, PolicyValue, String)> = Vec::new();
    let mut walk = Walk {
        coref,
        text,
        candidates,
        kept: &kept,
        own: own_value,
        heading: None,
        last_order: None,
        last_provision: None,
        named: HashMap::new(),
    };
    for (k, &(ci, si)) in kept.iter().enumerate() {
        let c = &walk.candidates[ci];
        let Some(p) = policy(c) else {
            continue;
        };
        if p.category != coref.provision_category {
            if p.id.is_some() && p.category == coref.order_category {
                walk.last_order = Some((p.clone(), si));
            }
            continue;
        }
        if walk.own.is_some() && p.section.is_some() && is_heading(text, c.span) {
            walk.heading.clone_from(&p.section);
        }
        let earlier = || {
            let section = p.section.as_ref().filter(|s| !s.starts_with('('))?;
            let parent = walk.named.get(section)?;
            (walk.own.is_none() && !link_required(c)).then(|| Attached {
                named: false,
                parent: parent.clone(),
                section: section.clone(),
                why: "the same section was named with its instrument earlier in the document"
                    .into(),
            })
        };
        let Some(a) = walk.attach(k).or_else(earlier) else {
            if link_required(c) {
                drop.push((
                    ci,
                    format!(
                        "{:?} in a document that is no instrument with sections of its own",
                        c.span.slice(text)
                    ),
                ));
            }
            continue;
        };
        let Some(pid) = a.parent.id.clone() else {
            continue;
        };
        let vars = [
            ("instrument", pid.as_str()),
            ("instrument_name", a.parent.name.as_str()),
            ("section", a.section.as_str()),
            ("name", p.name.as_str()),
        ];
        let value = PolicyValue {
            id: Some(fill(&coref.provision_id, &vars)),
            name: fill(&coref.provision_name, &vars),
            category: p.category.clone(),
            number: a.parent.number.clone(),
            section: Some(a.section.clone()),
        };
        let why = format!("a section of {pid}: {}", a.why);
        if a.named && Some(&pid) != walk.own.and_then(|o| o.id.as_ref()) {
            walk.named.insert(a.section.clone(), a.parent.clone());
        }
        if p.section.as_deref().is_some_and(|s| !s.starts_with('(')) {
            walk.last_provision = Some((a, si));
        }
        linked.push((ci, value, why));
    }
    for (ci, value, why) in linked {
        candidates[ci].value = Ok(Value::Policy(value));
        res.links.push((ci, why));
    }
    res.links
        .sort_by_key(|(ci, _)| (candidates[*ci].span.start(), *ci));
    drop_winners(res, drop);
    res.own = own;
}
#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use crate::document::Document;
    use crate::model::value::Value;
    use crate::resolve::{run, tests::prepared};
    use crate::rules::RuleSet;

    fn rules() -> &'static RuleSet {
        static RULES: OnceLock<RuleSet> = OnceLock::new();
        RULES.get_or_init(|| RuleSet::embedded().unwrap())
    }

    /// The document's own instrument id, and each policy winner as (its text, its id or "-").
    fn policy(title: &str, body: &str) -> (Option<String>, Vec<(String, String)>) {
        let text = format!("---\ntitle: {title}\n---\n{body}\n");
        let doc = Document::from_str("t.md", &text, None);
        let (view, segments, mut candidates) = prepared(rules(), &doc);
        let res = run(
            rules(),
            doc.title.as_deref(),
            &view,
            &segments,
            &mut candidates,
        );
        let facts = res
            .kept
            .iter()
            .filter_map(|&(ci, _)| match &candidates[ci].value {
                Ok(Value::Policy(p)) => Some((
                    candidates[ci].span.slice(&view).replace('\n', " "),
                    p.id.clone().unwrap_or_else(|| "-".into()),
                )),
                _ => None,
            })
            .collect();
        (res.own.and_then(|(v, _)| v.id), facts)
    }

    /// The id of the winner whose text is `mention` (the `nth` such, from 0).
    fn id_of(facts: &[(String, String)], mention: &str, nth: usize) -> String {
        facts
            .iter()
            .filter(|(t, _)| t == mention)
            .nth(nth)
            .map_or_else(
                || format!("no {mention:?} in {facts:?}"),
                |(_, id)| id.clone(),
            )
    }

    #[test]
    fn an_executive_order_of_its_own() {
        let (own, facts) = policy(
            "Immediate Measures to Increase Mineral Production",
            "By the authority vested in me as President by the Constitution and the laws of the United \
             States of America, it is hereby ordered:\n\n\
             Section 1.  Purpose.  This order sets policy.\n\n\
             Sec. 2.  Policy.  (a) The reports under this section are due.  The duties in subsection (b) of \
             this section and in subsection (c) of section 3 of this order stand.  Section 38 of the Arms \
             Export Control Act applies, as does subsection (a).\n\n\
             Sec. 3.  Duties.  Nothing in section 2 of the Act changes section 2(a).",
        );
        let eo = "eo-immediate-measures-to-increase-mineral-production";
        assert_eq!(own.as_deref(), Some(eo));
        assert_eq!(id_of(&facts, "Section 1", 0), format!("{eo}/sec-1"));
        assert_eq!(id_of(&facts, "order", 0), eo);
        assert_eq!(id_of(&facts, "Sec. 2", 0), format!("{eo}/sec-2"));
        assert_eq!(id_of(&facts, "this section", 0), format!("{eo}/sec-2"));
        assert_eq!(id_of(&facts, "subsection (b)", 0), format!("{eo}/sec-2-b"));
        assert_eq!(id_of(&facts, "subsection (c)", 0), format!("{eo}/sec-3-c"));
        assert_eq!(id_of(&facts, "section 3", 0), format!("{eo}/sec-3"));
        assert_eq!(
            id_of(&facts, "Section 38", 0),
            "arms-export-control-act/sec-38"
        );
        assert_eq!(id_of(&facts, "subsection (a)", 0), format!("{eo}/sec-2-a"));
        // "section 2 of the Act" names an instrument no rule identifies: not this order's.
        assert_eq!(id_of(&facts, "section 2", 0), "-");
        assert_eq!(id_of(&facts, "section 2(a)", 0), format!("{eo}/sec-2-a"));
    }

    #[test]
    fn a_numbered_order_names_itself_above_its_opening() {
        let (own, facts) = policy(
            "Continuing to Protect Citizenship",
            "Executive Order 14418\n\nBy the authority vested in me as President, it is hereby ordered:\n\n\
             Section 1.  Purpose.  Executive Order 13224 stays in force, and this order adds to it.",
        );
        assert_eq!(own.as_deref(), Some("eo-14418"));
        assert_eq!(id_of(&facts, "Section 1", 0), "eo-14418/sec-1");
        assert_eq!(id_of(&facts, "order", 0), "eo-14418");
    }

    #[test]
    fn a_memorandum_of_its_own() {
        let (own, facts) = policy(
            "Memorandum on Advancing Leadership in Artificial Intelligence",
            "MEMORANDUM FOR THE SECRETARY OF STATE\n\nSUBJECT: Advancing Leadership\n\n\
             Section 1.  Policy.  Executive Order 14110 of October 30, 2023, directed this memorandum.\n\n\
             Sec. 2.  Definitions.  The terms in subsection (b)(ii) of this section apply.",
        );
        let memo = "memo-advancing-leadership-in-artificial-intelligence";
        assert_eq!(own.as_deref(), Some(memo));
        assert_eq!(id_of(&facts, "Executive Order 14110", 0), "eo-14110");
        assert_eq!(id_of(&facts, "this memorandum", 0), memo);
        // Its headings are its own, not sections of the order it named before them.
        assert_eq!(id_of(&facts, "Sec. 2", 0), format!("{memo}/sec-2"));
        assert_eq!(
            id_of(&facts, "subsection (b)(ii)", 0),
            format!("{memo}/sec-2-b-ii")
        );
    }

    #[test]
    fn a_determination_published_as_a_memorandum_is_a_memorandum() {
        let (own, facts) = policy(
            "Memorandum on Presidential Determination Pursuant to Section 1245",
            "MEMORANDUM FOR THE SECRETARY OF STATE\n\n\
             By the authority vested in me as President by the Constitution and the laws of the United States, \
             I determine, pursuant to section 1245(d)(4)(B) and (C) of the National\n\
             Defense Authorization Act for Fiscal Year 2012, that supply suffices.",
        );
        assert_eq!(
            own.as_deref(),
            Some("memo-presidential-determination-pursuant-to-section-1245")
        );
        assert_eq!(
            id_of(&facts, "section 1245(d)(4)(B)", 0),
            "national-defense-authorization-act/sec-1245-d-4-b"
        );
    }

    #[test]
    fn a_proclamation_of_its_own() {
        let (own, facts) = policy(
            "A Proclamation on National Park Week, 2025",
            "Our parks are treasures.\n\nNOW, THEREFORE, I do hereby proclaim April 19 through April 27, 2025, \
             as National Park Week.  Section 2 of this proclamation sets the dates.",
        );
        let proc = "proc-national-park-week-2025";
        assert_eq!(own.as_deref(), Some(proc));
        assert_eq!(id_of(&facts, "this proclamation", 0), proc);
        assert_eq!(id_of(&facts, "Section 2", 0), format!("{proc}/sec-2"));
    }

    #[test]
    fn a_notice_of_its_own() {
        let (own, facts) = policy(
            "Notice on the Continuation of the National Emergency With Respect to Colombia",
            "Therefore, in accordance with section 202(d) of the National Emergencies Act (50 U.S.C. \
             1622(d)), the emergency continues.\n\nThis notice shall be published in the Federal Register.",
        );
        let notice = "notice-the-continuation-of-the-national-emergency-with-respect-to-colombia";
        assert_eq!(own.as_deref(), Some(notice));
        assert_eq!(id_of(&facts, "This notice", 0), notice);
        assert_eq!(
            id_of(&facts, "section 202(d)", 0),
            "national-emergencies-act/sec-202-d"
        );
        assert_eq!(id_of(&facts, "50 U.S.C. 1622(d)", 0), "usc-50-1622-d");
    }

    #[test]
    fn a_news_article_attaches_no_bare_section_to_an_earlier_order() {
        let (own, facts) = policy(
            "Fact Sheet: The President Acts on Artificial Intelligence",
            "Executive Order 14110 set new rules.\n\n\
             Sec. 2.  Definitions.  Section 4 applies to all.  This notice was sent to landlords.\n\n\
             Executive Order 14110 requires, in Section 5(c), a report; section 4 of the order does too.",
        );
        assert_eq!(own, None);
        assert_eq!(id_of(&facts, "Sec. 2", 0), "-");
        assert_eq!(id_of(&facts, "Section 4", 0), "-");
        assert!(
            !facts.iter().any(|(t, _)| t == "This notice"),
            "no notice of its own: {facts:?}"
        );
        // The same sentence names the order: that is the one.
        assert_eq!(id_of(&facts, "Section 5(c)", 0), "eo-14110/sec-5-c");
        assert_eq!(id_of(&facts, "section 4", 0), "eo-14110/sec-4");
    }

    #[test]
    fn a_news_article_is_no_instrument_for_quoting_one() {
        let (own, _) = policy(
            "Statement on the New Order",
            "The President said the memo was clear.  Critics of this memorandum disagree.",
        );
        assert_eq!(own, None);
    }
}
