//! claimscan turns news and policy articles into normalized, reviewable claim records.
//!
//! # The API
//!
//! - [`Extractor`]: the compiled rules ([`RuleSet`], from the embedded files or a folder, within [`Limits`])
//!   and [`Extractor::extract`], which turns one [`Document`] into one [`Record`]. Build one per run and share
//!   it between threads: compiling the rules is the expensive step, and an extractor is `Send + Sync`.
//! - [`Document`]: a loaded article, from bytes (UTF-8, Markdown, HTML, front matter; [`LoadError`] says why
//!   not), a string, or a [`JsonLine`]; its [`Date`] anchors relative dates ([`DateSource`] says where it came
//!   from).
//! - [`Record`] and the [`record`] module: claims, facts with their [`ByteSpan`] and [`CharSpan`], the
//!   normalized [`value`]s, the entity index; serialized as the `claimscan/1` JSON record and read back with
//!   `serde`.
//! - [`batch`]: many documents in parallel, records in input order; [`output`]: JSON Lines, pretty JSON,
//!   atomic record files and output folders; [`names`]: how `document.path` encodes file names.
//!
//! The stages (`document`, `text`, `rules`, `extract`, `resolve`) and the tools (`tools`: explain, rule tests,
//! eval, diff, review, fuzz checks) are public for the binary, the tests and the fuzz targets only; they are
//! hidden from these docs and may change in any release. ARCHITECTURE.md at the repository root describes
//! them.
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
//! Normalization happens inside matching: a candidate carries its typed value, or the reason the normalizer
//! refused it, and resolution drops the refused ones. Resolution is one stage of four passes in a fixed
//! order: overlap resolution (longer first, then priority, then rule file order), joins (adjacent dates become
//! one range), acronyms (defined in the text, shared ones settled) and coref ("the order", bare sections tied
//! to their instrument).
//!
//! # Example
//!
//! ```
//! use claimscan::value::Value;
//! use claimscan::{Document, Extractor};
//!
//! let extractor = Extractor::embedded().expect("the embedded rules compile");
//! let doc = Document::from_str("note.txt", "Title\n\nThe US controls 74 percent of AI compute.\n", None);
//! let record = extractor.extract(&doc);
//! let fact = &record.claims[0].facts[0];
//! assert_eq!(fact.text, "74 percent");
//! assert_eq!(fact.rule, "percentages/number-percent");
//! assert_eq!(fact.location.span.slice(&doc.text), "74 percent");
//! let Value::Percentage(p) = &fact.value else { panic!("a percentage") };
//! assert_eq!(p.amount, Some(74.0));
//! ```
//!
//! Rules from a folder, with their errors as `file:line: rule: message`:
//!
//! ```
//! use claimscan::{Extractor, RuleSet};
//!
//! let dir = std::env::temp_dir().join(format!("claimscan-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! std::fs::write(dir.join("bad.toml"), "family = \"dates\"\ntype = \"date\"\n[[rule]]\nid = \"dates/x\"\n\
//!     pattern = 'x'\nnormalizer = \"date\"\nset = { knid = \"range\" }\nexamples = [{ text = \"x\" }]\n").unwrap();
//! let errors = RuleSet::from_dir(&dir).unwrap_err();
//! assert!(errors.to_string().contains("bad.toml:4: dates/x: unknown set key \"knid\""), "{errors}");
//! assert!(RuleSet::embedded().map(Extractor::new).is_ok());
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```

#![deny(missing_docs)]

// The library: what a user builds on, documented with examples.
pub mod batch;
pub mod output;
pub mod record;

pub use document::{DateSource, Document, JsonLine, JsonLineError, LoadError};
pub use model::date::Date;
pub use model::names;
pub use model::span::{ByteSpan, CharSpan};
pub use model::value;
pub use pipeline::{Analysis, Extractor};
pub use record::Record;
pub use rules::{Limits, RuleError, RuleErrors, RuleSet};

// The stages: public for the binary, the integration tests and the fuzz targets, not part of the API (their
// items may change in any release).
#[doc(hidden)]
pub mod document;
#[doc(hidden)]
pub mod extract;
#[doc(hidden)]
pub mod model;
mod pipeline;
pub(crate) mod resolve;
#[doc(hidden)]
pub mod rules;
#[doc(hidden)]
pub mod text;
#[doc(hidden)]
pub mod tools;
