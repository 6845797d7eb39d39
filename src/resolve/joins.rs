//! Range joins, the second pass: two adjacent date winners linked by a connector become one range fact.

use crate::extract::{Candidate, Source};
use crate::model::span::Span;
use crate::model::value::{DateValue, Value};
use crate::resolve::{Dropped, Resolution};
use crate::rules::RuleSet;

/// Joins adjacent winners linked by a connector into one range fact (`from March to June 2025`,
/// `Oct. 2 to October 22`, `between January 1st and April 5th`, `today till tomorrow`), as the rule files'
/// `[[join]]` entries say. The two parts become losers that overlap the joined fact.
pub(super) fn join_ranges(
    rules: &RuleSet,
    text: &str,
    candidates: &mut Vec<Candidate>,
    res: &mut Resolution,
) {
    if rules.joins.is_empty() {
        return;
    }
    let mut kept = Vec::with_capacity(res.kept.len());
    let mut i = 0;
    while i < res.kept.len() {
        let (a, seg) = res.kept[i];
        let joined = res.kept.get(i + 1).and_then(|&(b, seg_b)| {
            (seg_b == seg)
                .then(|| join_pair(rules, text, &candidates[a], &candidates[b]))
                .flatten()
        });
        match joined {
            Some(c) => {
                let b = res.kept[i + 1].0;
                let idx = candidates.len();
                candidates.push(c);
                res.dropped.push((a, Dropped::Overlap(idx)));
                res.dropped.push((b, Dropped::Overlap(idx)));
                kept.push((idx, seg));
                i += 2;
            }
            None => {
                kept.push((a, seg));
                i += 1;
            }
        }
    }
    res.kept = kept;
}

fn join_pair(rules: &RuleSet, text: &str, a: &Candidate, b: &Candidate) -> Option<Candidate> {
    let (Ok(Value::Date(va)), Ok(Value::Date(vb))) = (&a.value, &b.value) else {
        return None;
    };
    if va.kind != "DATE" || vb.kind != "DATE" || va.timex.contains('/') || vb.timex.contains('/') {
        return None;
    }
    let between = text.get(a.span.end..b.span.start)?.trim().to_lowercase();
    let before = &text[..a.span.start];
    let trimmed = before.trim_end();
    let word_start = trimmed.rfind(|c: char| !c.is_alphabetic()).map_or(0, |i| {
        i + trimmed[i..].chars().next().map_or(1, char::len_utf8)
    });
    let opener_word = trimmed[word_start..].to_lowercase();
    for (ji, join) in rules.joins.iter().enumerate() {
        if join.fact_type != a.fact_type || join.fact_type != b.fact_type {
            continue;
        }
        let opener = (trimmed.len() < before.len() || trimmed.is_empty())
            && join.openers.contains(&opener_word);
        let linked = join.connectors.contains(&between)
            || (opener && join.opener_connectors.contains(&between));
        if !linked {
            continue;
        }
        if let (Some(s), Some(e)) = (&va.start, &vb.end)
            && e < s
        {
            return None;
        }
        let start = if opener { word_start } else { a.span.start };
        let value = DateValue {
            timex: format!("{}/{}", va.timex, vb.timex),
            kind: "DATE",
            granularity: va.granularity,
            modifier: None,
            relative: va.relative || vb.relative,
            anchor: va.anchor.clone().or_else(|| vb.anchor.clone()),
            start: va.start.clone(),
            end: vb.end.clone(),
        };
        return Some(Candidate {
            source: Source::Join(ji),
            span: Span::new(start, b.span.end),
            fact_type: a.fact_type,
            priority: 0,
            order: (join.origin.file, usize::MAX),
            value: Ok(Value::Date(value)),
            ambiguous: false,
        });
    }
    None
}
