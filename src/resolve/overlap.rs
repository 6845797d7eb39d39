//! Overlap resolution, the first pass: which candidates become facts.
//!
//! In order, a candidate is dropped when its normalizer refused it; when it does not lie inside one sentence of
//! running text (headings, boilerplate and front matter hold no claims); when it repeats another candidate of
//! the same rule at the same span; and when it overlaps a candidate that wins. Winners are taken greedily: a
//! longer span beats a shorter one; at equal length the higher priority wins, then the earlier rule file, then
//! the earlier rule in the file. Every drop keeps its reason for `explain`.

use std::collections::{BTreeMap, HashMap};

use crate::extract::{Candidate, Source};
use crate::model::span::ByteSpan;
use crate::model::value::{FactType, OrganizationSource, Value};
use crate::resolve::{Dropped, Resolution};
use crate::text::{Segment, SegmentKind};

/// A count whose counted noun is a name (`12 Tech Hubs`, `17 National Laboratories`) ends before the name, so
/// the count and the organization or program are both facts: the count's span is cut back to the words before
/// the longest organization or policy candidate that ends where it ends, its value (unit `hubs`) unchanged.
pub(super) fn trim_counted_names(text: &str, candidates: &mut [Candidate]) {
    let named = |c: &Candidate| {
        matches!(c.fact_type, FactType::Organization | FactType::Policy) && c.value.is_ok()
    };
    // End → the earliest start of a name candidate ending there.
    let mut names: HashMap<usize, usize> = HashMap::new();
    for c in candidates.iter().filter(|c| named(c)) {
        let start = names.entry(c.span.end()).or_insert(c.span.start());
        *start = (*start).min(c.span.start());
    }
    if names.is_empty() {
        return;
    }
    for c in candidates
        .iter_mut()
        .filter(|c| c.fact_type == FactType::Quantity && c.value.is_ok())
    {
        let Some(&start) = names.get(&c.span.end()) else {
            continue;
        };
        if start <= c.span.start() {
            continue;
        }
        let kept = text[c.span.start()..start].trim_end();
        if !kept.is_empty() {
            c.span = ByteSpan::new(c.span.start(), c.span.start() + kept.len());
        }
    }
}

/// Resolves `candidates` against the document's `segments` (sorted, non-overlapping). The winners come in the
/// order they won, longest first; [`super::run`] puts them in text order.
pub(super) fn resolve(candidates: &[Candidate], segments: &[Segment]) -> Resolution {
    let mut res = Resolution::default();
    // Known organizations, for pattern matches that swallow one ("Department of Energy Office of Science") or
    // cut one short ("Chief Executive Officer of the United States Agency" of "… Agency for Global Media"). A
    // pattern that starts inside a known name and runs past it ("White House Office of Political Affairs" after
    // the alias "White House Office") is left to the overlap rules.
    let mut known: Vec<ByteSpan> = candidates
        .iter()
        .filter(|c| matches!(c.source, Source::Entity { .. }) && c.value.is_ok())
        .map(|c| c.span)
        .collect();
    known.sort();
    let longest = known.iter().map(|s| s.len()).max().unwrap_or(0);
    let mut eligible = Vec::with_capacity(candidates.len());
    for (i, c) in candidates.iter().enumerate() {
        if let Err(why) = &c.value {
            res.dropped.push((i, Dropped::Rejected(why.clone())));
            continue;
        }
        let by_pattern = matches!(&c.value, Ok(Value::Organization(o)) if o.source == OrganizationSource::Pattern);
        if by_pattern {
            // Known spans start in order; one that starts before this span (by at most the longest) can
            // still reach into it.
            let from = known.partition_point(|s| s.start() + longest < c.span.start());
            let hit = known[from..]
                .iter()
                .take_while(|s| s.start() < c.span.end())
                .find(|s| {
                    **s != c.span
                        && (c.span.contains(**s)
                            || (s.end() > c.span.end() && s.start() < c.span.end()))
                });
            if let Some(s) = hit {
                let why = if c.span.contains(*s) {
                    "contains a known organization"
                } else {
                    "overlaps a known organization"
                };
                res.dropped.push((i, Dropped::Rejected(why.into())));
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
