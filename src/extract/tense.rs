//! The tense of the words around a relative date, which decides between the last and the next occurrence.
//!
//! Markers are words of the `tense_future` lexicon (`will`, `’ll`, `scheduled`) or the `tense_past` lexicon
//! (`was`, `met`, `ago`), and words ending in `-ed` (`launched`) that the `not_past` lexicon does not list (a
//! weak past: such a word may be an adjective, "preferred shares"). A
//! past form within three words after a future marker is a participle of it ("will be held"). The nearest
//! marker before the date decides, else the nearest after it. No marker at all: unknown, and callers pick
//! their own default.

use std::cell::OnceCell;
use std::collections::HashMap;

use crate::model::span::ByteSpan;
use crate::rules::Lexicon;
use crate::text::{Segment, TokenKind, tokenize};

/// The tense around a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tense {
    /// Past: a word of the `tense_past` lexicon (`was`, `met`, `said`).
    Past,
    /// Probably past: only a word ending in `-ed`, which may be an adjective ("preferred shares", "the
    /// reduced dividend is payable Jan. 2"), so callers let it lean rather than rule.
    WeakPast,
    /// Future.
    Future,
    /// No marker found.
    Unknown,
}

/// How many words after a future marker a past form still belongs to it.
const PARTICIPLE_REACH: usize = 3;

/// The tense markers of a document's sentences, each sentence read once, when a date in it first asks.
#[derive(Debug, Default)]
pub struct Markers {
    by_segment: Vec<OnceCell<Vec<(ByteSpan, Tense)>>>,
}

impl Markers {
    /// Room for the markers of `segments` sentences.
    pub fn new(segments: usize) -> Markers {
        Markers {
            by_segment: (0..segments).map(|_| OnceCell::new()).collect(),
        }
    }
}

/// The tense of the sentence in `segments` that holds `at`, judged from the marker nearest to `at`.
pub fn tense_at(
    text: &str,
    segments: &[Segment],
    markers: &Markers,
    at: ByteSpan,
    lexicons: &HashMap<String, Lexicon>,
) -> Tense {
    let idx = segments.partition_point(|s| s.span.start() <= at.start());
    let Some(i) = idx.checked_sub(1) else {
        return Tense::Unknown;
    };
    let seg = segments[i];
    if !seg.span.contains(at) {
        return Tense::Unknown;
    }
    let found;
    let found = if let Some(cell) = markers.by_segment.get(i) {
        cell.get_or_init(|| sentence_markers(text, seg.span, lexicons))
    } else {
        found = sentence_markers(text, seg.span, lexicons);
        &found
    };
    // Before the date, after it: the governing verb usually precedes a date adjunct. Markers are words in
    // order, so the nearest before is the last that ends by the date's start.
    let before = found.partition_point(|(s, _)| s.end() <= at.start());
    if let Some(&(_, t)) = before.checked_sub(1).map(|j| &found[j]) {
        return t;
    }
    found[before..]
        .iter()
        .find(|(s, _)| s.start() >= at.end())
        .map_or(Tense::Unknown, |&(_, t)| t)
}

/// Every word of `sentence` that marks a tense, in order.
fn sentence_markers(
    text: &str,
    sentence: ByteSpan,
    lexicons: &HashMap<String, Lexicon>,
) -> Vec<(ByteSpan, Tense)> {
    let (past, future, not_past) = (
        lexicons.get("tense_past"),
        lexicons.get("tense_future"),
        lexicons.get("not_past"),
    );
    let mut out = Vec::new();
    // A past form right after a future auxiliary is a participle: "will be held", "is expected to be signed".
    let mut since_future = usize::MAX;
    let mut after_be = false;
    let mut after_past = false;
    for tok in tokenize(text, sentence) {
        if tok.kind != TokenKind::Word {
            continue;
        }
        since_future = since_future.saturating_add(1);
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
        // "to be published", "must be returned": a participle after "be" says nothing of the past.
        let weak = since_future > PARTICIPLE_REACH
            && !after_be
            && lower.len() > 4
            && lower.ends_with("ed")
            && not_past.is_none_or(|l| l.get(&lower).is_none());
        match (strong, weak) {
            (Some(t), _) => out.push((tok.span, t)),
            // "was announced", "had signed": a past auxiliary makes the participle a past for sure.
            (None, true) if after_past => out.push((tok.span, Tense::Past)),
            (None, true) => out.push((tok.span, Tense::WeakPast)),
            (None, false) => {}
        }
        after_be = lower == "be" || lower == "been";
        after_past = matches!(&*lower, "was" | "were" | "had") && since_future > PARTICIPLE_REACH;
    }
    out
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
            span: ByteSpan::new(0, text.len()),
            why: crate::text::Why::Sentence,
        }];
        let at = text.find(date).unwrap();
        tense_at(
            text,
            &seg,
            &Markers::default(),
            ByteSpan::new(at, at + date.len()),
            &rules.lexicons,
        )
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
            Tense::WeakPast
        );
        assert_eq!(
            tense(
                "It will redeem 9.5 million Series H preferred shares on Oct. 31",
                "Oct. 31"
            ),
            Tense::WeakPast
        );
        assert_eq!(
            tense("the deal must be completed by Jan. 14", "Jan. 14"),
            Tense::Future
        );
        assert_eq!(
            tense("The report is due to be published in May", "May"),
            Tense::Unknown
        );
        // A noun is no auxiliary: "plan" does not make "was" a participle.
        assert_eq!(
            tense("The plan was announced in March", "March"),
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

    #[test]
    fn each_date_in_a_long_sentence_has_its_nearest_marker() {
        let rules = RuleSet::embedded().unwrap();
        let text = "In May it rose, and it will fall in June; it was flat in July, as is expected for August";
        let seg = [Segment {
            kind: SegmentKind::Sentence,
            span: ByteSpan::new(0, text.len()),
            why: crate::text::Why::Sentence,
        }];
        // One set of markers for the sentence, asked four times.
        let markers = Markers::new(1);
        let at = |m: &str| {
            let i = text.find(m).unwrap();
            tense_at(
                text,
                &seg,
                &markers,
                ByteSpan::new(i, i + m.len()),
                &rules.lexicons,
            )
        };
        // Nothing before May: the nearest marker after it decides.
        assert_eq!(at("May"), Tense::Past);
        assert_eq!(at("June"), Tense::Future);
        assert_eq!(at("July"), Tense::Past);
        assert_eq!(at("August"), Tense::Future);
    }
}
