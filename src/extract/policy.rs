//! Policy instruments: executive orders, provisions, statutes, named programs.
//!
//! A policy rule's `set` table ([`PolicyParams`]) gives the `category` (`executive_order`, `provision`,
//! `statute`, …) and optional `id` and `name` templates over the captures: `id = "eo-{number}"`, `name =
//! "Executive Order {number}"`. A template variable may take the `slug` filter: `{name|slug}` turns `CHIPS and
//! Science Act` into `chips-and-science-act`. Captures `number` and `section` are copied into the value. A `name` capture loses
//! leading words listed in the `leading_stopword` lexicon (`The CHIPS Act` → `CHIPS Act`), and the fact span
//! shrinks with it. `Executive Order 14110` → `{id: "eo-14110", name: "Executive Order 14110", category:
//! "executive_order", number: "14110"}`.

use crate::extract::{Groups, Normalized};
use crate::model::span::ByteSpan;
use crate::model::value::{OrganizationSource, OrganizationValue, PolicyValue, Value};
pub use crate::rules::slug;
use crate::rules::{OrganizationParams, PolicyParams, Template};

pub(crate) fn normalize(
    p: &PolicyParams,
    g: &Groups,
    fact: ByteSpan,
) -> Result<Normalized, String> {
    let (name_override, span) = clean_name(g, fact, 2)?;
    let render = |template: &Template| render(template, g, name_override.as_deref());
    let id = p.id.as_ref().map(render).transpose()?;
    let name = match &p.name {
        Some(t) => render(t)?,
        None => match &name_override {
            Some(n) => n.clone(),
            None => collapse(span.unwrap_or(fact).slice(g.text)),
        },
    };
    let value = Value::Policy(PolicyValue {
        id,
        name,
        category: p.category.clone(),
        number: g.get("number").map(collapse),
        section: g.get("section").map(collapse),
    });
    Ok(Normalized { value, span })
}

/// An organization found by pattern (`Department of Quantum Affairs`, `Harbourview Robotics Inc.`): no id,
/// the name with its leading stop words and a trailing possessive removed.
pub(crate) fn organization(
    p: &OrganizationParams,
    g: &Groups,
    fact: ByteSpan,
) -> Result<Normalized, String> {
    let (name, span) = clean_name(g, fact, 2)?;
    let name = name.ok_or("no name captured")?;
    let name = name
        .trim_end_matches("’s")
        .trim_end_matches("'s")
        .to_string();
    let value = Value::Organization(OrganizationValue {
        id: None,
        name,
        category: p.category.clone(),
        country: None,
        source: OrganizationSource::Pattern,
    });
    Ok(Normalized { value, span })
}

/// The `name` capture without leading words from the `leading_stopword` lexicon, and the fact span shrunk to
/// match; `None` when there is no `name` capture. A name of fewer than `min_words` words is refused.
fn clean_name(
    g: &Groups,
    fact: ByteSpan,
    min_words: usize,
) -> Result<(Option<String>, Option<ByteSpan>), String> {
    let (Some(name_span), Some(raw)) = (g.span("name"), g.get("name")) else {
        return Ok((None, None));
    };
    let mut cut = 0;
    let stop = g.lexicon("leading_stopword");
    for word in raw.split_whitespace() {
        if stop.is_some_and(|l| l.get(word).is_some()) {
            cut = raw[cut..].find(word).map_or(cut, |i| cut + i + word.len());
            cut += raw[cut..].len() - raw[cut..].trim_start().len();
        } else {
            break;
        }
    }
    let name = collapse(&raw[cut..]);
    if name.split_whitespace().count() < min_words {
        return Err(format!("{raw:?} has no name before its last word"));
    }
    let span = (cut > 0 && fact.start() == name_span.start())
        .then(|| ByteSpan::new(name_span.start() + cut, fact.end()));
    Ok((Some(name), span))
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Renders a template over the captures; `{name}` is the cleaned name when there is one.
fn render(template: &Template, g: &Groups, name: Option<&str>) -> Result<String, String> {
    template.render(|var| match (var, name) {
        ("name", Some(n)) => Ok(n.to_string()),
        _ => g
            .get(var)
            .map(collapse)
            .ok_or_else(|| format!("template variable {var:?} was not captured")),
    })
}
