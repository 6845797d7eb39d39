//! `rules test`: every example and counter-example embedded in the rule files, run through the real pipeline.
//!
//! * A pattern rule's example is extracted as one sentence (with its `doc_date`, if any); some fact must come
//!   from that rule, cover the example's `match` (default: the whole text) and carry every field of its
//!   `value` ([`value_matches`], as `eval` compares gold values). A counter-example must yield no fact of the rule's type at all.
//! * Every name, alias and acronym of a gazetteer entity must resolve to that entity on its own (a form several
//!   entities share: beside the entity's parent's name or first context word); its counter-examples must not
//!   mention it.
//! * Every boilerplate example must be recognized as boilerplate.
//!
//! Failures name the rule file, the line and the rule id. They stay short whatever the rule file holds: texts
//! past a few hundred characters are cut (with their size), and at most [`SHOWN_FACTS`] facts are listed.

use crate::document::Document;
use crate::extract;
use crate::model::date::Date;
use crate::model::value::value_matches;
use crate::pipeline::{Analysis, Extractor};
use crate::record::{FactType, Value};
use crate::rules::{Origin, RuleError, SHOWN_CHARS, cut, excerpt};

/// Facts listed in a failure; the rest are counted.
pub const SHOWN_FACTS: usize = 5;

/// What a test run found.
#[derive(Debug, Default)]
pub struct Report {
    /// Examples and counter-examples run.
    pub run: usize,
    /// Those that failed, each naming its rule.
    pub failures: Vec<RuleError>,
}

/// A fact as an example sees it.
struct Found {
    rule: String,
    text: String,
    fact_type: FactType,
    value: Value,
}

fn facts(ex: &Extractor, text: &str, doc_date: Option<Date>) -> Vec<Found> {
    let doc = Document::from_str("example", text, doc_date);
    let a: Analysis = ex.analyze_sentence(&doc);
    a.resolution
        .kept
        .iter()
        .filter_map(|&(ci, _)| {
            let c = &a.candidates[ci];
            Some(Found {
                rule: extract::rule_id(ex.rules(), c.source),
                text: a.view.to_file(c.span).slice(&doc.text).to_string(),
                fact_type: c.fact_type,
                value: c.value.clone().ok()?,
            })
        })
        .collect()
}

fn describe(found: &[Found]) -> String {
    if found.is_empty() {
        return "no facts".into();
    }
    let mut shown: Vec<String> = found
        .iter()
        .take(SHOWN_FACTS)
        .map(|f| {
            let value = serde_json::to_string(&f.value).unwrap_or_default();
            format!(
                "{} by {} = {}",
                excerpt(&f.text),
                cut(&f.rule, SHOWN_CHARS),
                cut(&value, SHOWN_CHARS)
            )
        })
        .collect();
    if found.len() > SHOWN_FACTS {
        shown.push(format!("and {} more", found.len() - SHOWN_FACTS));
    }
    shown.join("; ")
}

/// Runs every example of the extractor's rules.
pub fn run(ex: &Extractor) -> Report {
    let rules = ex.rules();
    let mut report = Report::default();
    let fail = |report: &mut Report, origin: &Origin, id: &str, message: String| {
        report.failures.push(RuleError {
            file: rules.file_name(origin).to_string(),
            line: origin.line,
            rule: Some(id.to_string()),
            message,
        });
    };
    for rule in &rules.rules {
        check_examples(
            ex,
            &mut report,
            &rule.origin,
            &rule.id,
            rule.fact_type,
            &rule.examples,
            &rule.counter_examples,
        );
    }
    for join in &rules.joins {
        check_examples(
            ex,
            &mut report,
            &join.origin,
            &join.id,
            join.fact_type,
            &join.examples,
            &join.counter_examples,
        );
    }
    for e in &rules.entities {
        let id = format!("{}/{}", e.family, e.id);
        let hint = e
            .parent
            .as_deref()
            .and_then(|p| rules.entities.iter().find(|o| o.id == p))
            .map(|p| p.name.clone())
            .or_else(|| e.context.first().cloned());
        let acronyms = e.acronyms.iter().map(|a| (a, true));
        for (n, acronym) in e.names.iter().map(|n| (n, false)).chain(acronyms) {
            report.run += 1;
            // A form several entities share resolves here given this entity's evidence (its parent's name or
            // first context word) beside it.
            let shared = rules
                .gazetteer
                .shared
                .contains_key(&crate::rules::shared_key(n, acronym));
            let text = match &hint {
                Some(h) if shared => format!("{h} and the {n} agreed."),
                _ => n.clone(),
            };
            let found = facts(ex, &text, None);
            let hit = found
                .iter()
                .any(|f| f.text == n.as_str() && entity_id(&f.value) == Some(e.id.as_str()));
            if !hit {
                fail(
                    &mut report,
                    &e.origin,
                    &id,
                    format!(
                        "{} does not resolve to this entity: got {}",
                        excerpt(n),
                        describe(&found)
                    ),
                );
            }
        }
        for a in &e.ambiguous_acronyms {
            report.run += 1;
            let text = format!("The {} spoke. Later {a} agreed.", e.name);
            let found = facts(ex, &text, None);
            if !found
                .iter()
                .any(|f| f.text == a.as_str() && entity_id(&f.value) == Some(e.id.as_str()))
            {
                fail(
                    &mut report,
                    &e.origin,
                    &id,
                    format!(
                        "shared acronym {} after the full name does not resolve here: got {}",
                        excerpt(a),
                        describe(&found)
                    ),
                );
            }
            report.run += 1;
            let alone = facts(ex, &format!("Later {a} agreed."), None);
            if alone.iter().any(|f| f.text == a.as_str()) {
                fail(
                    &mut report,
                    &e.origin,
                    &id,
                    format!(
                        "shared acronym {} resolves without context: {}",
                        excerpt(a),
                        describe(&alone)
                    ),
                );
            }
        }
        for text in &e.counter_examples {
            report.run += 1;
            let found = facts(ex, text, None);
            if found
                .iter()
                .any(|f| entity_id(&f.value) == Some(e.id.as_str()))
            {
                fail(
                    &mut report,
                    &e.origin,
                    &id,
                    format!(
                        "counter-example {}: found this entity: {}",
                        excerpt(text),
                        describe(&found)
                    ),
                );
            }
        }
    }
    for d in &rules.dateline_rules {
        let Some(re) = rules.datelines.as_ref() else {
            break;
        };
        for e in &d.examples {
            report.run += 1;
            let got =
                crate::extract::dateline::dateline_date(rules, re, &e.text).map(|d| d.to_string());
            if got.as_deref() != Some(e.date.as_str()) {
                fail(
                    &mut report,
                    &d.origin,
                    &d.id,
                    format!(
                        "example {}: expected {}, got {}",
                        excerpt(&e.text),
                        excerpt(&e.date),
                        got.as_deref().map_or("no date".into(), excerpt)
                    ),
                );
            }
        }
        for text in &d.counter_examples {
            report.run += 1;
            if let Some(got) = crate::extract::dateline::dateline_date(rules, re, text) {
                fail(
                    &mut report,
                    &d.origin,
                    &d.id,
                    format!(
                        "counter-example {}: expected no date, got {got}",
                        excerpt(text)
                    ),
                );
            }
        }
    }
    for b in &rules.boilerplate {
        for line in &b.examples {
            report.run += 1;
            let scope = rules
                .segment
                .boilerplate
                .as_ref()
                .and_then(|m| m.scope(line));
            if scope.is_none() {
                fail(
                    &mut report,
                    &b.origin,
                    &b.id,
                    format!("example {} is not recognized as boilerplate", excerpt(line)),
                );
            }
        }
    }
    report
}

/// Runs one rule's examples and counter-examples.
fn check_examples(
    ex: &Extractor,
    report: &mut Report,
    origin: &Origin,
    id: &str,
    fact_type: FactType,
    examples: &[crate::rules::RawExample],
    counter_examples: &[String],
) {
    let rules = ex.rules();
    let fail = |report: &mut Report, message: String| {
        report.failures.push(RuleError {
            file: rules.file_name(origin).to_string(),
            line: origin.line,
            rule: Some(id.to_string()),
            message,
        });
    };
    for e in examples {
        report.run += 1;
        let doc_date = match e.doc_date.as_deref().map(|d| (d, Date::parse(d))) {
            Some((_, Some(d))) => Some(d),
            Some((raw, None)) => {
                fail(
                    report,
                    format!(
                        "example {}: doc_date {} is not YYYY-MM-DD",
                        excerpt(&e.text),
                        excerpt(raw)
                    ),
                );
                continue;
            }
            None => None,
        };
        let found = facts(ex, &e.text, doc_date);
        let want_text = e.matched.as_deref().unwrap_or(e.text.trim());
        let want_value = match &e.value {
            Some(t) => match serde_json::to_value(t) {
                Ok(v) => Some(v),
                Err(err) => {
                    fail(
                        report,
                        format!(
                            "example {}: value is not JSON-like: {}",
                            excerpt(&e.text),
                            cut(&err.to_string(), SHOWN_CHARS)
                        ),
                    );
                    continue;
                }
            },
            None => None,
        };
        let ok = found.iter().any(|f| {
            f.rule == id
                && f.text == want_text
                && want_value.as_ref().is_none_or(|w| {
                    serde_json::to_value(&f.value).is_ok_and(|g| value_matches(w, &g))
                })
        });
        if !ok {
            let want = match &want_value {
                Some(v) => format!(
                    "{} = {}",
                    excerpt(want_text),
                    cut(&v.to_string(), SHOWN_CHARS)
                ),
                None => excerpt(want_text),
            };
            fail(
                report,
                format!(
                    "example {}: expected {want}, got {}",
                    excerpt(&e.text),
                    describe(&found)
                ),
            );
        }
    }
    for text in counter_examples {
        report.run += 1;
        let wrong: Vec<Found> = facts(ex, text, None)
            .into_iter()
            .filter(|f| f.fact_type == fact_type)
            .collect();
        if !wrong.is_empty() {
            fail(
                report,
                format!(
                    "counter-example {}: expected no {} fact, got {}",
                    excerpt(text),
                    fact_type.as_str(),
                    describe(&wrong)
                ),
            );
        }
    }
}

fn entity_id(v: &Value) -> Option<&str> {
    match v {
        Value::Organization(o) => o.id.as_deref(),
        Value::Policy(p) => p.id.as_deref(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The matching itself is `value_matches`, tested where it lives; here, that an example's value is
    /// held to it, through the pipeline.
    #[test]
    fn an_example_value_must_hold_in_the_fact() {
        let ex = Extractor::embedded().expect("the embedded rules compile");
        let found = facts(&ex, "The US controls 74 percent of AI compute.", None);
        let percent = found.iter().find(|f| f.fact_type == FactType::Percentage);
        let got = serde_json::to_value(&percent.expect("a percentage").value).unwrap();
        assert!(value_matches(
            &json!({"amount": 74, "unit": "percent"}),
            &got
        ));
        assert!(!value_matches(
            &json!({"amount": 74, "mod": "APPROX"}),
            &got
        ));
    }
}
