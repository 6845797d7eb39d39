//! Range joins, the second pass: two adjacent date winners linked by a connector become one range fact.

use crate::extract::{Candidate, Source};
use crate::model::span::{ByteSpan, CharSpan};
use crate::model::value::{DatePart, DateType, DateValue, Granularity, Value};
use crate::resolve::{Dropped, Resolution};
use crate::rules::RuleSet;
use crate::text::Segment;

/// Joins adjacent winners linked by a connector into one range fact (`from March to June 2025`,
/// `Oct. 2 to October 22`, `between January 1st and April 5th`, `today till tomorrow`), as the rule files'
/// `[[join]]` entries say. The two parts become losers that overlap the joined fact. An opener (`from`) is
/// part of the range only when it lies in the same sentence and after the previous winner: a heading that
/// ends in "from" or a winner that is the word itself keeps it.
pub(super) fn join_ranges(
    rules: &RuleSet,
    text: &str,
    segments: &[Segment],
    candidates: &mut Vec<Candidate>,
    res: &mut Resolution,
) {
    if rules.joins.is_empty() {
        return;
    }
    let mut kept: Vec<(usize, usize)> = Vec::with_capacity(res.kept.len());
    let mut i = 0;
    while i < res.kept.len() {
        let (a, seg) = res.kept[i];
        let joined = res.kept.get(i + 1).and_then(|&(b, seg_b)| {
            if seg_b != seg {
                return None;
            }
            let floor = kept
                .last()
                .map_or(0, |&(p, _)| candidates[p].span.end())
                .max(segments[seg].span.start());
            join_pair(rules, text, floor, &candidates[a], &candidates[b])
        });
        if let Some(c) = joined {
            let b = res.kept[i + 1].0;
            let idx = candidates.len();
            candidates.push(c);
            res.dropped.push((a, Dropped::Overlap(idx)));
            res.dropped.push((b, Dropped::Overlap(idx)));
            kept.push((idx, seg));
            i += 2;
        } else {
            kept.push((a, seg));
            i += 1;
        }
    }
    res.kept = kept;
}

/// The range `a` to `b`, if a join links them; an opener before `a` counts only from `floor` on.
fn join_pair(
    rules: &RuleSet,
    text: &str,
    floor: usize,
    a: &Candidate,
    b: &Candidate,
) -> Option<Candidate> {
    let (Ok(Value::Date(va)), Ok(Value::Date(vb))) = (&a.value, &b.value) else {
        return None;
    };
    if va.kind != DateType::Date
        || vb.kind != DateType::Date
        || va.granularity == Granularity::Reference
        || vb.granularity == Granularity::Reference
        || va.timex.contains('/')
        || vb.timex.contains('/')
    {
        return None;
    }
    let between = text
        .get(a.span.end()..b.span.start())?
        .trim()
        .to_lowercase();
    let before = &text[..a.span.start()];
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
            && word_start >= floor
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
        let start = if opener { word_start } else { a.span.start() };
        let value = DateValue {
            timex: format!("{}/{}", va.timex, vb.timex),
            kind: DateType::Date,
            granularity: va.granularity,
            modifier: None,
            relative: va.relative || vb.relative,
            anchor: va.anchor.clone().or_else(|| vb.anchor.clone()),
            start: va.start.clone(),
            end: vb.end.clone(),
            parts: vec![endpoint(text, a.span, va), endpoint(text, b.span, vb)],
        };
        return Some(Candidate {
            source: Source::Join(ji),
            span: ByteSpan::new(start, b.span.end()),
            fact_type: a.fact_type,
            priority: 0,
            order: (join.origin.file, usize::MAX),
            value: Ok(Value::Date(value)),
            ambiguous: false,
        });
    }
    None
}

/// One joined date as a range endpoint.
fn endpoint(text: &str, span: ByteSpan, v: &DateValue) -> DatePart {
    DatePart {
        text: span.slice(text).to_string(),
        span,
        chars: CharSpan::new(0, 0),
        timex: v.timex.clone(),
        granularity: v.granularity,
        start: v.start.clone(),
        end: v.end.clone(),
    }
}

#[cfg(test)]
mod tests {
    use crate::document::Document;
    use crate::extract::Source;
    use crate::model::date::Date;
    use crate::resolve::{run, tests::prepared};
    use crate::rules::{EMBEDDED_RULES, RuleSet};

    /// The winners of `text` (a file named `path`) as (text, whether a join made it).
    fn winners(rules: &RuleSet, path: &str, text: &str) -> Vec<(String, bool)> {
        let doc = Document::from_str(path, text, Date::new(2016, 11, 7));
        let (text, segments, mut candidates) = prepared(rules, &doc);
        let res = run(rules, None, &text, &segments, &mut candidates);
        res.kept
            .iter()
            .map(|&(ci, _)| {
                let c = &candidates[ci];
                (
                    c.span.slice(&text).to_string(),
                    matches!(c.source, Source::Join(_)),
                )
            })
            .collect()
    }

    #[test]
    fn an_opener_counts_only_in_the_sentence_and_after_the_previous_winner() {
        let rules = RuleSet::embedded().expect("embedded rules compile");
        let joined = |t: &str| (t.to_string(), true);
        assert_eq!(
            winners(
                &rules,
                "a.txt",
                "Title\n\nThe talks ran from Oct. 2 to October 22.\n"
            ),
            [joined("from Oct. 2 to October 22")]
        );
        // The heading's last word is no opener of the paragraph's range.
        let md = "# Report\n\n## The talks ran from\n\nOct. 2 to October 22 the talks ran.\n";
        assert_eq!(
            winners(&rules, "a.md", md),
            [joined("Oct. 2 to October 22")]
        );
        // Nor is a word that is itself a winner.
        let mut files: Vec<(String, String)> = EMBEDDED_RULES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let (_, organizations) = files
            .iter_mut()
            .find(|(name, _)| name.ends_with("/organizations.toml"))
            .expect("an organizations rule file");
        organizations.push_str(
            "\n[[entity]]\nid = \"from-corp\"\nname = \"FROM Corporation\"\ncategory = \"company\"\n\
             acronyms = [\"FROM\"]\n",
        );
        let rules = RuleSet::from_sources(&files).expect("the rules with FROM compile");
        assert_eq!(
            winners(
                &rules,
                "a.txt",
                "Title\n\nThe talks ran FROM Oct. 2 to October 22.\n"
            ),
            [("FROM".to_string(), false), joined("Oct. 2 to October 22")]
        );
    }
}
