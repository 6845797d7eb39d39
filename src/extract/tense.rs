//! The tense of the words around a relative date, which decides between the last and the next occurrence.
//!
//! Markers are words of the `tense_future` lexicon (`will`, `’ll`, `scheduled`) or the `tense_past` lexicon
//! (`was`, `met`, `ago`), and words ending in `-ed` (`launched`) that the `not_past` lexicon does not list. A
//! past form within three words after a future marker is a participle of it ("will be held"). The nearest
//! marker before the date decides, else the nearest after it. No marker at all: unknown, and callers pick
//! their own default.

use std::collections::HashMap;

use crate::rules::Lexicon;
use crate::span::Span;
use crate::text::{Segment, TokenKind, tokenize};

/// The tense around a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tense {
    /// Past.
    Past,
    /// Future.
    Future,
    /// No marker found.
    Unknown,
}

/// How many words after a future marker a past form still belongs to it.
const PARTICIPLE_REACH: usize = 3;

/// The tense of the sentence in `segments` that holds `at`, judged from the marker nearest to `at`.
pub fn tense_at(
    text: &str,
    segments: &[Segment],
    at: Span,
    lexicons: &HashMap<String, Lexicon>,
) -> Tense {
    let idx = segments.partition_point(|s| s.span.start <= at.start);
    let Some(seg) = idx.checked_sub(1).map(|i| segments[i]) else {
        return Tense::Unknown;
    };
    if !seg.span.contains(at) {
        return Tense::Unknown;
    }
    let (past, future, not_past) = (
        lexicons.get("tense_past"),
        lexicons.get("tense_future"),
        lexicons.get("not_past"),
    );
    // Before the date, after it: the governing verb usually precedes a date adjunct.
    let mut found: [Option<(usize, Tense)>; 2] = [None; 2];
    // A past form right after a future auxiliary is a participle: "will be held", "is expected to be signed".
    let mut since_future = usize::MAX;
    for tok in tokenize(text, seg.span) {
        if tok.kind != TokenKind::Word {
            continue;
        }
        since_future = since_future.saturating_add(1);
        if tok.span.overlaps(at) {
            continue;
        }
        let distance = if tok.span.end <= at.start {
            at.start - tok.span.end
        } else {
            tok.span.start - at.end
        };
        let raw = tok.span.slice(text);
        let lower: std::borrow::Cow<'_, str> =
            if raw.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
                raw.into()
            } else {
                raw.to_lowercase().replace('’', "'").into()
            };
        let contracted_future = lower.ends_with("'ll") || lower == "won't";
        let strong = if contracted_future || future.is_some_and(|l| l.get(&lower).is_some()) {
            since_future = 0;
            Some(Tense::Future)
        } else if past.is_some_and(|l| l.get(&lower).is_some()) && since_future > PARTICIPLE_REACH {
            Some(Tense::Past)
        } else {
            None
        };
        let side = usize::from(tok.span.start >= at.end);
        let weak = since_future > PARTICIPLE_REACH
            && lower.len() > 4
            && lower.ends_with("ed")
            && not_past.is_none_or(|l| l.get(&lower).is_none());
        let t = match (strong, weak) {
            (Some(t), _) => t,
            (None, true) => Tense::Past,
            (None, false) => continue,
        };
        let cell = &mut found[side];
        if cell.is_none_or(|(d, _)| distance < d) {
            *cell = Some((distance, t));
        }
    }
    found
        .iter()
        .flatten()
        .next()
        .map_or(Tense::Unknown, |&(_, t)| t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;
    use crate::text::SegmentKind;

    fn tense(text: &str, date: &str) -> Tense {
        let rules = RuleSet::embedded().unwrap();
        let seg = [Segment {
            kind: SegmentKind::Sentence,
            span: Span::new(0, text.len()),
        }];
        let at = text.find(date).unwrap();
        tense_at(text, &seg, Span::new(at, at + date.len()), &rules.lexicons)
    }

    #[test]
    fn nearest_marker_decides() {
        assert_eq!(
            tense("the vote will be held on January 12", "January 12"),
            Tense::Future
        );
        assert_eq!(
            tense("officials met on January 12", "January 12"),
            Tense::Past
        );
        assert_eq!(
            tense("We’ll see by January 12", "January 12"),
            Tense::Future
        );
        assert_eq!(
            tense(
                "The agency launched it in October and will expand it",
                "October"
            ),
            Tense::Past
        );
        assert_eq!(
            tense("a meeting on January 12", "January 12"),
            Tense::Unknown
        );
        assert_eq!(
            tense("the rule is expected to be finalized in March", "March"),
            Tense::Future
        );
    }
}
