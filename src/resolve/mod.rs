//! Overlap resolution: which candidates become facts.
//!
//! In order, a candidate is dropped when its normalizer refused it; when it does not lie inside one sentence of
//! running text (headings, boilerplate and front matter hold no claims); when it repeats another candidate of
//! the same rule at the same span; and when it overlaps a candidate that wins. Winners are taken greedily: a
//! longer span beats a shorter one; at equal length the higher priority wins, then the earlier rule file, then
//! the earlier rule in the file. Every drop keeps its reason for `explain`.

pub mod acronyms;
pub mod coref;

use std::collections::BTreeMap;
use std::fmt;

use crate::extract::{Candidate, Source};
use crate::model::span::ByteSpan;
use crate::model::value::{DateType, DateValue, OrganizationSource, Value};
use crate::rules::RuleSet;
use crate::text::{Segment, SegmentKind};

/// Why a candidate did not become a fact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dropped {
    /// The normalizer refused it.
    Rejected(String),
    /// It lies in a heading, boilerplate or the front matter.
    NotRunningText(&'static str),
    /// It crosses a sentence boundary.
    CrossesSentence,
    /// Same rule, same span as an earlier candidate.
    Duplicate,
    /// It overlaps a winning candidate (index into the candidate list).
    Overlap(usize),
}

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Dropped::Rejected(why) => write!(f, "normalizer refused: {why}"),
            Dropped::NotRunningText(what) => write!(f, "inside {what}, which holds no claims"),
            Dropped::CrossesSentence => write!(f, "crosses a sentence boundary"),
            Dropped::Duplicate => write!(f, "duplicate of the same rule at the same span"),
            Dropped::Overlap(i) => write!(f, "overlaps winning candidate #{i}"),
        }
    }
}

/// The outcome of resolution.
#[derive(Debug, Default)]
pub struct Resolution {
    /// Winning candidates with the index of their sentence segment, sorted by span.
    pub kept: Vec<(usize, usize)>,
    /// Losing candidates and why, in candidate order.
    pub dropped: Vec<(usize, Dropped)>,
}

/// Resolves `candidates` against the document's `segments` (sorted, non-overlapping).
pub fn resolve(candidates: &[Candidate], segments: &[Segment]) -> Resolution {
    let mut res = Resolution::default();
    // Known organizations, for pattern matches that swallow one ("Department of Energy Office of Science").
    let mut known: Vec<ByteSpan> = candidates
        .iter()
        .filter(|c| matches!(c.source, Source::Entity { .. }) && c.value.is_ok())
        .map(|c| c.span)
        .collect();
    known.sort();
    let mut eligible = Vec::with_capacity(candidates.len());
    for (i, c) in candidates.iter().enumerate() {
        if let Err(why) = &c.value {
            res.dropped.push((i, Dropped::Rejected(why.clone())));
            continue;
        }
        let by_pattern = matches!(&c.value, Ok(Value::Organization(o)) if o.source == OrganizationSource::Pattern);
        if by_pattern {
            let from = known.partition_point(|s| s.start() < c.span.start());
            if known[from..]
                .iter()
                .take_while(|s| s.start() < c.span.end())
                .any(|s| c.span.contains(*s) && *s != c.span)
            {
                res.dropped
                    .push((i, Dropped::Rejected("contains a known organization".into())));
                continue;
            }
        }
        match segment_of(segments, c.span) {
            Ok(si) => eligible.push((i, si)),
            Err(d) => res.dropped.push((i, d)),
        }
    }
    eligible.sort_by(|&(a, _), &(b, _)| {
        let (ca, cb) = (&candidates[a], &candidates[b]);
        cb.span
            .len()
            .cmp(&ca.span.len())
            .then(cb.priority.cmp(&ca.priority))
            .then(ca.order.cmp(&cb.order))
            .then(ca.span.start().cmp(&cb.span.start()))
            .then(a.cmp(&b))
    });
    // Winners by start: start → (end, candidate index).
    let mut taken: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    let mut last: Option<usize> = None;
    for (i, si) in eligible {
        let c = &candidates[i];
        if let Some(p) = last {
            let q = &candidates[p];
            if q.span == c.span && q.source == c.source {
                res.dropped.push((i, Dropped::Duplicate));
                continue;
            }
        }
        last = Some(i);
        if let Some(winner) = overlapping(&taken, c.span) {
            res.dropped.push((i, Dropped::Overlap(winner)));
            continue;
        }
        taken.insert(c.span.start(), (c.span.end(), i));
        res.kept.push((i, si));
    }
    res.kept
        .sort_by_key(|&(i, _)| (candidates[i].span.start(), candidates[i].span.end()));
    res.dropped.sort_by_key(|(i, _)| *i);
    res
}

fn overlapping(taken: &BTreeMap<usize, (usize, usize)>, span: ByteSpan) -> Option<usize> {
    if let Some((_, &(end, i))) = taken.range(..=span.start()).next_back()
        && end > span.start()
    {
        return Some(i);
    }
    taken
        .range(span.start()..span.end())
        .next()
        .map(|(_, &(_, i))| i)
}

fn segment_of(segments: &[Segment], span: ByteSpan) -> Result<usize, Dropped> {
    let idx = segments.partition_point(|s| s.span.start() <= span.start());
    let Some(si) = idx.checked_sub(1) else {
        return Err(Dropped::NotRunningText("the front matter or a blank"));
    };
    let seg = segments[si];
    if seg.span.end() <= span.start() {
        return Err(Dropped::NotRunningText("the front matter or a blank"));
    }
    if !seg.span.contains(span) {
        return Err(Dropped::CrossesSentence);
    }
    match seg.kind {
        SegmentKind::Sentence | SegmentKind::Title | SegmentKind::Heading => Ok(si),
        SegmentKind::Boilerplate => Err(Dropped::NotRunningText("boilerplate")),
    }
}

/// Joins adjacent winners linked by a connector into one range fact (`from March to June 2025`,
/// `Oct. 2 to October 22`, `between January 1st and April 5th`, `today till tomorrow`), as the rule files'
/// `[[join]]` entries say. The two parts become losers that overlap the joined fact.
pub fn join_ranges(
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
    res.dropped.sort_by_key(|(i, _)| *i);
}

fn join_pair(rules: &RuleSet, text: &str, a: &Candidate, b: &Candidate) -> Option<Candidate> {
    let (Ok(Value::Date(va)), Ok(Value::Date(vb))) = (&a.value, &b.value) else {
        return None;
    };
    if va.kind != DateType::Date
        || vb.kind != DateType::Date
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
