//! Resolution: which candidates become facts, and what the winners refer to.
//!
//! [`run`] applies four passes in order, each to the winners of the one before:
//!
//! 1. overlap (`overlap.rs`): drops candidates the normalizer refused, those outside one sentence of running
//!    text, duplicates, and the losers of overlaps (longer first, then priority, then rule-file order);
//! 2. joins (`joins.rs`): two adjacent dates linked by a connector (`from March to June 2025`) become one range;
//! 3. [`acronyms`]: acronyms the document defines become facts wherever they are used, and an acronym several
//!    bodies share stands only when the document says which one it means;
//! 4. [`coref`]: "the order" and bare sections are tied to their instrument.
//!
//! The passes share one [`Resolution`]: the winners in text order and every loser with its reason.

pub mod acronyms;
pub mod coref;
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
}

/// Resolves one document's `candidates` (as [`crate::extract::candidates`] found them in `text`, whose
/// sorted, non-overlapping `segments` they refer to): the four passes in order. Joins and acronym uses add
/// candidates, so `candidates` grows; `title` is the document's, for an executive order's own name.
pub fn run(
    rules: &RuleSet,
    title: Option<&str>,
    text: &str,
    segments: &[Segment],
    candidates: &mut Vec<Candidate>,
) -> Resolution {
    let mut res = overlap::resolve(candidates, segments);
    joins::join_ranges(rules, text, candidates, &mut res);
    acronyms::link_acronyms(rules, text, segments, candidates, &mut res);
    coref::link_instruments(rules, title, text, candidates, &mut res);
    res
}
