//! References between policy instruments: which order "the order" is, and which instrument a section is of.
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
use crate::rules::{Link, Params, RuleSet};

fn policy(c: &Candidate) -> Option<&PolicyValue> {
    match &c.value {
        Ok(Value::Policy(p)) => Some(p),
        _ => None,
    }
}

/// The document's own executive order: a text that says "it is hereby ordered" is one. Its gazetteer entity
/// when the title names one, else an instrument with id `eo-<slug of the title>`.
fn own_order(rules: &RuleSet, title: Option<&str>, text: &str) -> Option<PolicyValue> {
    let title = title?.trim();
    if !text.contains("it is hereby ordered") || title.is_empty() {
        return None;
    }
    let lower = title.to_lowercase();
    let known = rules.entities.iter().find(|e| {
        e.category == "executive_order" && e.names.iter().any(|n| lower.contains(&n.to_lowercase()))
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
            id: Some(format!("eo-{}", crate::extract::slug(title))),
            name: format!("Executive Order: {title}"),
            category: "executive_order".into(),
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
    let own = own_order(rules, title, text);
    let mut last_order: Option<PolicyValue> = own.clone();
    let mut last_instrument: Option<PolicyValue> = own.clone();
    let mut last_provision: Option<PolicyValue> = None;
    let mut drop = Vec::new();
    let kept: Vec<(usize, usize)> = res.kept.clone();
    let mut by_sentence: HashMap<usize, Option<PolicyValue>> = HashMap::new();
    for (k, &(ci, si)) in kept.iter().enumerate() {
        let Some(p) = policy(&candidates[ci]).cloned() else {
            continue;
        };
        let link_required = matches!(candidates[ci].source, Source::Rule(r)
            if matches!(&rules.rules[r].params, Params::Policy(p) if p.link == Link::Required));
        let plural = candidates[ci].span.slice(text).ends_with('s');
        if p.category == "executive_order" && p.id.is_none() && !plural {
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
        if p.category == "provision" {
            // "section 4 of Executive Order 14110": the instrument named right after.
            let next = kept.get(k + 1).map(|&(cj, _)| cj).filter(|&cj| {
                let gap = text
                    .get(candidates[ci].span.end..candidates[cj].span.start)
                    .unwrap_or("")
                    .trim()
                    .to_lowercase();
                (gap == "of" || gap == "of the")
                    && policy(&candidates[cj])
                        .is_some_and(|q| q.id.is_some() && q.category != "provision")
            });
            let parent = match next {
                Some(cj) => policy(&candidates[cj]).cloned(),
                None => last_instrument.clone(),
            };
            // "subsection (a)" right after "Sec. 3" is 3(a).
            if p.section.as_deref().is_some_and(|s| s.starts_with('('))
                && let Some(outer) = last_provision.clone()
                && next.is_none()
            {
                let section = format!(
                    "{}{}",
                    outer.section.clone().unwrap_or_default(),
                    p.section.clone().unwrap_or_default()
                );
                let id = outer
                    .id
                    .as_deref()
                    .and_then(|id| id.rsplit_once("/sec-"))
                    .map(|(base, _)| format!("{base}/sec-{section}"));
                candidates[ci].value = Ok(Value::Policy(PolicyValue {
                    id,
                    section: Some(section),
                    ..p.clone()
                }));
                continue;
            }
            if let (Some(parent), Some(section)) = (parent, p.section.clone())
                && let Some(pid) = parent.id.clone()
            {
                let linked = PolicyValue {
                    id: Some(format!("{pid}/sec-{section}")),
                    name: format!("{} of {}", p.name, parent.name),
                    category: p.category.clone(),
                    number: parent.number.clone(),
                    section: Some(section),
                };
                last_provision = Some(linked.clone());
                candidates[ci].value = Ok(Value::Policy(linked));
            }
            continue;
        }
        // Only a named order is the fallback parent of a bare section: statutes and regulations are cited with
        // their sections ("section 38 of the Arms Export Control Act") or as sections themselves (22 U.S.C. 2778).
        if p.id.is_some() && p.category == "executive_order" && own.is_none() {
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
