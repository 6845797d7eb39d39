//! claimscan turns news and policy articles into normalized, reviewable claim records.
//!
//! # Pipeline
//!
//! ```text
//! load ─► segment ─► match + normalize ─► resolve ─► record ─► write
//! document  text     extract              resolve    pipeline  output, batch
//!
//! resolve: overlap ─► joins ─► acronyms ─► coref
//! ```
//!
//! * [`document`] decodes a file (UTF-8 only, BOM removed, front matter read) into a [`Document`].
//! * [`text`] splits it into headings, boilerplate and sentences with byte spans, and maps bytes to code
//!   points, lines and columns.
//! * [`rules`] compiles every rule file once: one multi-pattern regex per family, one Aho-Corasick automaton
//!   for gazetteer names and one for acronyms.
//! * [`extract`] runs those automata over the body and normalizes each match as it is found: a candidate
//!   carries its typed value, or the reason the normalizer refused it. Normalization comes before
//!   resolution, which drops the refused ones.
//! * [`resolve`] is one stage of four passes in a fixed order ([`resolve::run`]): overlap resolution drops
//!   candidates outside running text and resolves overlaps (longer first, then priority, then rule file
//!   order); joins make adjacent dates one range; [`resolve::acronyms`] links acronyms the text defines and
//!   settles shared ones; [`resolve::coref`] ties "the order" and bare sections to their instrument. The last
//!   two rewrite the values of winners.
//! * [`Extractor`] runs the stages for one document (segment, [`extract::candidates`], [`resolve::run`]) and
//!   assembles the [`Record`]: claims, facts, the entity index and stats; [`output`] and [`batch`] write
//!   records for folders of files; [`tools::review`] and [`tools::diff`] read them back.
//!
//! # Example
//!
//! ```
//! use claimscan::{Document, Extractor};
//!
//! let extractor = Extractor::embedded().expect("the embedded rules compile");
//! let doc = Document::from_str("note.txt", "Title\n\nThe US controls 74 percent of AI compute.\n", None);
//! let record = extractor.extract(&doc);
//! let fact = &record.claims[0].facts[0];
//! assert_eq!(fact.text, "74 percent");
//! assert_eq!(fact.rule, "percentages/number-percent");
//! assert_eq!(fact.location.span.slice(&doc.text), "74 percent");
//! ```
//!
//! # Resource usage
//!
//! Build one [`Extractor`] per run and share it: compiling the rules is the expensive step, and an extractor
//! is `Send + Sync`. Per document, memory is proportional to the document and its candidates.

#![warn(missing_docs)]

pub mod batch;
pub mod document;
pub mod extract;
pub mod model;
pub mod output;
mod pipeline;
pub mod record;
pub mod resolve;
pub mod rules;
pub mod text;
pub mod tools;

pub use document::{DateSource, Document, LoadError};
pub use model::span::{ByteSpan, CharSpan};
pub use pipeline::{Analysis, Extractor};
pub use record::Record;
pub use rules::{Limits, RuleErrors, RuleSet};
