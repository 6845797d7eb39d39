//! Integration tests: one binary, one module per concern.

mod api;
mod bad_input;
mod cli;
mod common;
mod conformance;
mod conformance_numbers;
mod conformance_times;
pub mod corpus;
mod coverage;
mod entities;
mod entities_gold;
mod folders;
mod fuzz_regressions;
mod hostile_input;
mod hostile_records;
mod jsonl_input;
mod layering;
mod properties;
mod raw_articles;
mod review_diff;
mod rule_files;
mod rules;
mod schema;
mod scope;
mod spans;
mod timeml;
mod trust;
