//! Resolution: which candidates become facts, and what the winners refer to.
//!
//! [`run`] applies five passes in order, each to the winners of the one before:
//!
//! 1. overlap (`overlap.rs`): drops candidates the normalizer refused, those outside one sentence of running
//!    text, duplicates, and the losers of overlaps (longer first, then priority, then rule-file order);
//! 2. joins (`joins.rs`): two adjacent dates linked by a connector (`from March to June 2025`) become one range;
//! 3. [`disambiguate`]: a name or acronym several disambiguated entities share goes to the one the document
//!    means (its country prefix, a parent named beside it, the document's country, context words, years);
//! 4. [`acronyms`]: acronyms and short forms the document defines become facts wherever they are used (a
//!    definition beats the gazetteer), and an acronym several bodies share stands only when the document says
//!    which one it means;
//! 5. [`coref`]: the document's own instrument is found; "the order", "this memorandum" and sections are tied
//!    to their instrument.
//!
//! The passes share one [`Resolution`]: the winners in text order and every loser with its reason.

pub mod acronyms;
pub mod coref;
pub mod disambiguate;
mod joins;
mod overlap;

use std::fmt;

use crate::extract::Candidate;
use crate::rules::RuleSet;
use crate::text::Segment;

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
    /// Mentions of a name several entities share (or that a definition re-assigned): the owners and why the
    /// winner won, by candidate index, in the order decided.
    pub choices: Vec<(usize, disambiguate::Choice)>,
    /// The document's own instrument, when it is one (an executive order, a memorandum…), and why.
    pub own: Option<(crate::model::value::PolicyValue, String)>,
    /// Why [`coref`] tied a winner to the instrument it has: (candidate index, reason), in text order.
    pub links: Vec<(usize, String)>,
}

/// Resolves one document's `candidates` (as [`crate::extract::candidates`] found them in `text`, whose
/// sorted, non-overlapping `segments` they refer to): the five passes in order. Joins and acronym uses add
/// candidates, so `candidates` grows; `title` is the document's, for an executive order's own name.
pub fn run(
    rules: &RuleSet,
    title: Option<&str>,
    text: &str,
    segments: &[Segment],
    candidates: &mut Vec<Candidate>,
) -> Resolution {
    overlap::trim_counted_names(text, candidates);
    let mut res = overlap::resolve(candidates, segments);
    // The one sort of the winners. Every later pass keeps them in text order, and relies on it: joins pair
    // neighbours and put the range in their place, acronym uses are merged in, and the rest only remove.
    res.kept
        .sort_by_key(|&(i, _)| (candidates[i].span.start(), candidates[i].span.end()));
    joins::join_ranges(rules, text, segments, candidates, &mut res);
    disambiguate::choose(rules, text, segments, candidates, &mut res);
    acronyms::link_acronyms(rules, text, segments, candidates, &mut res);
    coref::link_instruments(rules, title, text, candidates, &mut res);
    debug_assert!(
        res.kept
            .is_sorted_by_key(|&(i, _)| (candidates[i].span.start(), candidates[i].span.end())),
        "the passes keep the winners in text order"
    );
    // Each loser is dropped once, by one pass: sorting at the end equals sorting after each.
    res.dropped.sort_by_key(|&(i, _)| i);
    res
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::document::Document;
    use crate::extract::{Context, tense::Markers};
    use crate::model::date::Date;
    use crate::model::span::ByteSpan;
    use crate::text::segment;

    /// `doc`'s rendered text, segments and candidates, as the pipeline hands them to [`run`].
    pub(in crate::resolve) fn prepared(
        rules: &RuleSet,
        doc: &Document,
    ) -> (String, Vec<Segment>, Vec<Candidate>) {
        let view = doc.view();
        let segments = segment(&view, &rules.segment);
        let tenses = Markers::new(segments.len());
        let text = view.text.as_str();
        let ctx = Context {
            doc_date: doc.date,
            text,
            segments: &segments,
            tenses: &tenses,
        };
        let found = crate::extract::candidates(rules, text, ByteSpan::new(0, text.len()), &ctx);
        (view.text.clone(), segments, found)
    }

    /// The passes as they ran before [`run`] owned them: each one's winners and losers sorted after it.
    fn run_sorting_after_each_pass(
        rules: &RuleSet,
        title: Option<&str>,
        text: &str,
        segments: &[Segment],
        candidates: &mut Vec<Candidate>,
    ) -> Resolution {
        let sort = |res: &mut Resolution, candidates: &[Candidate]| {
            res.kept
                .sort_by_key(|&(i, _)| (candidates[i].span.start(), candidates[i].span.end()));
            res.dropped.sort_by_key(|&(i, _)| i);
        };
        let mut res = overlap::resolve(candidates, segments);
        sort(&mut res, candidates);
        joins::join_ranges(rules, text, segments, candidates, &mut res);
        sort(&mut res, candidates);
        disambiguate::choose(rules, text, segments, candidates, &mut res);
        acronyms::link_acronyms(rules, text, segments, candidates, &mut res);
        sort(&mut res, candidates);
        coref::link_instruments(rules, title, text, candidates, &mut res);
        sort(&mut res, candidates);
        res
    }

    #[test]
    fn sorting_once_gives_what_sorting_after_every_pass_gives() {
        let rules = RuleSet::embedded().expect("embedded rules compile");
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut docs: Vec<Document> = std::fs::read_dir(&dir)
            .expect("corpus/ is in the repository")
            .map(|e| {
                let path = e.unwrap().path();
                let text = std::fs::read_to_string(&path).unwrap();
                Document::from_str(&path.to_string_lossy(), &text, None)
            })
            .collect();
        // Every pass at work: ranges; a defined acronym used before and after its definition and in the
        // plural; a shared acronym with and without its owner; "the order" with and without an order.
        let date = Date::new(2016, 11, 7);
        let synthetic = [
            "Executive Order on Chips\n\n\
             OWPs signed from Oct. 2 to October 22 rose 5 percent. It is hereby ordered that the Office of \
             Widget Policy (OWP) grows. The Department of Energy (DOE) and DOE agree between January 1st \
             and April 5th. Sec. 3 of the order and subsection (a) apply. An OWP costs $5 million.\n\n\
             It says that Section 4 of Executive Order 14110 holds.\n",
            "Notes\n\nThe DOE said so in March 2025, and the order stands.\n",
        ];
        for (i, text) in synthetic.iter().enumerate() {
            docs.push(Document::from_str(
                &format!("synthetic-{i}.txt"),
                text,
                date,
            ));
        }
        let mut seen = [false; 4];
        for doc in &docs {
            let (text, segments, found) = prepared(&rules, doc);
            let text = text.as_str();
            let title = doc.title.as_deref();
            let mut once = found.clone();
            let got = run(&rules, title, text, &segments, &mut once);
            let mut each = found;
            let want = run_sorting_after_each_pass(&rules, title, text, &segments, &mut each);
            assert!(!got.kept.is_empty(), "{}: no winners", doc.path);
            assert_eq!(got.kept, want.kept, "{}", doc.path);
            assert_eq!(got.dropped, want.dropped, "{}", doc.path);
            assert_eq!(format!("{once:?}"), format!("{each:?}"), "{}", doc.path);
            for &(ci, _) in &got.kept {
                seen[0] |= matches!(once[ci].source, crate::extract::Source::Join(_));
                seen[1] |= matches!(once[ci].source, crate::extract::Source::Defined(_));
            }
            for (_, d) in &got.dropped {
                let why = d.to_string();
                seen[2] |= why.contains("shared acronym");
                seen[3] |= why.contains("names no order");
            }
        }
        assert_eq!(
            seen, [true; 4],
            "join, acronym use, shared acronym, \"the order\""
        );
    }
}
