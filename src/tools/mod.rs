//! The consumers of records and rules: `explain`, `rules test`, `eval` (JSON Lines gold and TimeML), `diff`, `review` and the fuzzing
//! checks. Nothing in the pipeline imports them.

pub mod check;
pub mod decisions;
pub mod diff;
pub mod eval;
pub mod explain;
pub mod review;
pub mod ruletest;
pub mod timeml;
