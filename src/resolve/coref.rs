//! References between policy instruments: which order "the order" is, and which instrument a section is of.
//!
//! The phrases, categories, templates and words are data: the `[coref]` section of `rules/policy.toml`
//! ([`Coref`]); without one nothing is linked. With the shipped section:
//!
//! * A document that says "it is hereby ordered" is an executive order: the gazetteer entity its title names,
//!   else an instrument with id `eo-<slug of the title>`. Its "this order" and its bare sections are its own.
//! * An executive order without a number ("the executive order", "the order") means, in order of preference:
//!   the document's own order; the order a program named in the same sentence was set up by (the program
//!   entity's `instrument`); the last identified order named before it in the document. Matches of rules
//!   with `set.link = "required"` ("the order") that resolve to none of these are dropped: "the order of
//!   magnitude" is no instrument.
//! * A provision (`Section 5(c)`) is of the instrument named right after it ("section 4 of Executive Order
//!   14110"), else of the document's own order, else of the last identified order named before it; its id
//!   becomes `<instrument id>/sec-<section>` and its `number` the instrument's number. A relative provision
//!   (`subsection (a)`) extends the provision before it (`Sec. 3` → `3(a)`).

use std::collections::{HashMap, HashSet};

use crate::extract::{Candidate, Source};
use crate::model::value::{PolicyValue, Value};
use crate::resolve::{Dropped, Resolution};
use crate::rules::{Coref, Link, Params, RuleSet, Template};

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

/// The document's own executive order: a text that says "it is hereby ordered" is one. Its gazetteer entity
/// when the title names one, else an instrument with id `eo-<slug of the title>`.
fn own_order(
    rules: &RuleSet,
    coref: &Coref,
    title: Option<&str>,
    text: &str,
) -> Option<PolicyValue> {
    let title = title?.trim();
    if !coref.refers_to_itself(text) || title.is_empty() {
        return None;
    }
    let lower = title.to_lowercase();
    let known = rules.entities.iter().find(|e| {
        e.category == coref.order_category
            && e.names.iter().any(|n| lower.contains(&n.to_lowercase()))
    });
    Some(match known {
        Some(e) => PolicyValue {
            id: Some(e.id.clone()),
            name: e.name.clone(),
            category: e.category.clone(),
            number: None,
            section: None,
        },
        None => PolicyValue {
            id: Some(fill(&coref.own_order_id, &[("title", title)])),
            name: fill(&coref.own_order_name, &[("title", title)]),
            category: coref.order_category.clone(),
            number: None,
            section: None,
        },
    })
}

/// The order that set up a program named in sentence `si`: the first such program among the winners.
fn program_order(
    rules: &RuleSet,
    candidates: &[Candidate],
    kept: &[(usize, usize)],
    si: usize,
) -> Option<PolicyValue> {
    // Winners are in text order, so one sentence's are a run.
    let from = kept.partition_point(|&(_, sj)| sj < si);
    kept[from..]
        .iter()
        .take_while(|&&(_, sj)| sj == si)
        .find_map(|&(cj, _)| {
            let Source::Entity { entity, .. } = candidates[cj].source else {
                return None;
            };
            let target = rules.entities[entity].instrument.as_ref()?;
            rules
                .entities
                .iter()
                .find(|e| &e.id == target)
                .map(|e| PolicyValue {
                    id: Some(e.id.clone()),
                    name: e.name.clone(),
                    category: e.category.clone(),
                    number: None,
                    section: None,
                })
        })
}

/// Resolves order and provision references among the winners of one document.
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
    let own = own_order(rules, coref, title, text);
    let mut last_order: Option<PolicyValue> = own.clone();
    let mut last_instrument: Option<PolicyValue> = own.clone();
    // The last provision linked to an instrument, and that instrument's id and name.
    let mut last_provision: Option<(PolicyValue, String, String)> = None;
    let mut drop = Vec::new();
    let kept: Vec<(usize, usize)> = res.kept.clone();
    let mut by_sentence: HashMap<usize, Option<PolicyValue>> = HashMap::new();
    for (k, &(ci, si)) in kept.iter().enumerate() {
        let Some(p) = policy(&candidates[ci]).cloned() else {
            continue;
        };
        let link_required = matches!(candidates[ci].source, Source::Rule(r)
            if matches!(&rules.rules[r].params, Params::Policy(p) if p.link == Link::Required));
        let plural = coref.is_plural(candidates[ci].span.slice(text));
        if p.category == coref.order_category && p.id.is_none() && !plural {
            // A program in the same sentence that an order set up (once per sentence: a sentence may hold
            // thousands of "the order").
            let by_program = by_sentence
                .entry(si)
                .or_insert_with(|| program_order(rules, candidates, &kept, si))
                .clone();
            match own.clone().or(by_program).or_else(|| last_order.clone()) {
                Some(v) => {
                    candidates[ci].value = Ok(Value::Policy(v.clone()));
                    last_order = Some(v.clone());
                    last_instrument = Some(v);
                }
                None if link_required => drop.push(ci),
                None => {}
            }
            continue;
        }
        if p.category == coref.provision_category {
            // "section 4 of Executive Order 14110": the instrument named right after.
            let next = kept.get(k + 1).map(|&(cj, _)| cj).filter(|&cj| {
                let gap = text
                    .get(candidates[ci].span.end()..candidates[cj].span.start())
                    .unwrap_or("")
                    .trim()
                    .to_lowercase();
                coref.ties_provision(&gap)
                    && policy(&candidates[cj])
                        .is_some_and(|q| q.id.is_some() && q.category != coref.provision_category)
            });
            let parent = match next {
                Some(cj) => policy(&candidates[cj]).cloned(),
                None => last_instrument.clone(),
            };
            // "subsection (a)" right after "Sec. 3" is 3(a).
            if p.section.as_deref().is_some_and(|s| s.starts_with('('))
                && let Some((outer, pid, parent_name)) = last_provision.clone()
                && next.is_none()
            {
                let section = format!(
                    "{}{}",
                    outer.section.clone().unwrap_or_default(),
                    p.section.clone().unwrap_or_default()
                );
                let vars = [
                    ("instrument", pid.as_str()),
                    ("instrument_name", parent_name.as_str()),
                    ("section", section.as_str()),
                    ("name", p.name.as_str()),
                ];
                candidates[ci].value = Ok(Value::Policy(PolicyValue {
                    id: Some(fill(&coref.provision_id, &vars)),
                    section: Some(section),
                    ..p.clone()
                }));
                continue;
            }
            if let (Some(parent), Some(section)) = (parent, p.section.clone())
                && let Some(pid) = parent.id.clone()
            {
                let vars = [
                    ("instrument", pid.as_str()),
                    ("instrument_name", parent.name.as_str()),
                    ("section", section.as_str()),
                    ("name", p.name.as_str()),
                ];
                let linked = PolicyValue {
                    id: Some(fill(&coref.provision_id, &vars)),
                    name: fill(&coref.provision_name, &vars),
                    category: p.category.clone(),
                    number: parent.number.clone(),
                    section: Some(section),
                };
                last_provision = Some((linked.clone(), pid, parent.name.clone()));
                candidates[ci].value = Ok(Value::Policy(linked));
            }
            continue;
        }
        // Only a named order is the fallback parent of a bare section: statutes and regulations are cited with
        // their sections ("section 38 of the Arms Export Control Act") or as sections themselves (22 U.S.C. 2778).
        if p.id.is_some() && p.category == coref.order_category && own.is_none() {
            last_order = Some(p.clone());
            last_instrument = Some(p);
        }
    }
    if !drop.is_empty() {
        let gone: HashSet<usize> = drop.iter().copied().collect();
        res.kept.retain(|(ci, _)| !gone.contains(ci));
        for ci in drop {
            res.dropped.push((
                ci,
                Dropped::Rejected("\"the order\" names no order this document identifies".into()),
            ));
        }
        res.dropped.sort_by_key(|(i, _)| *i);
    }
}
