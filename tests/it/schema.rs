//! The record's JSON Schema (`schema/claimscan-1.schema.json`): every record of the shipped and shared corpora
//! validates against it, and records that break the contract do not.

use std::path::Path;

use claimscan::record::{FactType, SCHEMA};
use claimscan::{Document, Extractor, Record};
use serde_json::{Value, json};

use crate::common::{BRIEFING, articles, extract_file, manifest_dir, shared_corpus};

const SCHEMA_FILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/schema/claimscan-1.schema.json"
);
const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

fn schema() -> Value {
    let text = std::fs::read_to_string(SCHEMA_FILE)
        .unwrap_or_else(|e| panic!("cannot read {SCHEMA_FILE}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{SCHEMA_FILE} is not JSON: {e}"))
}

/// The schema compiled as draft 2020-12, after checking it against the draft's meta-schema.
fn validator() -> jsonschema::Validator {
    let schema = schema();
    if let Err(e) = jsonschema::draft202012::meta::validate(&schema) {
        panic!(
            "{SCHEMA_FILE} is not a valid draft 2020-12 schema: at {}: {e}",
            shown_path(e.instance_path().as_str())
        );
    }
    jsonschema::draft202012::new(&schema)
        .unwrap_or_else(|e| panic!("{SCHEMA_FILE} does not compile: {e}"))
}

fn shown_path(pointer: &str) -> &str {
    if pointer.is_empty() { "/" } else { pointer }
}

/// Every validation error of `instance`, one per line: `instance path: message (schema path)`.
fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| {
            format!(
                "{}: {e} (schema {})",
                shown_path(e.instance_path().as_str()),
                e.schema_path().as_str()
            )
        })
        .collect()
}

/// The instance paths of the validation errors of `instance`.
fn error_paths(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| e.instance_path().as_str().to_string())
        .collect()
}

fn record_json(record: &Record) -> Value {
    serde_json::to_value(record).expect("a record serializes")
}

/// Extracts every article of `dir` and validates its record; returns the failures, one block per article.
fn validate_folder(dir: &Path) -> (usize, Vec<String>) {
    let extractor = Extractor::embedded().unwrap();
    let validator = validator();
    let files = articles(dir);
    assert!(!files.is_empty(), "no .txt articles in {}", dir.display());
    let mut failures = Vec::new();
    for path in &files {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).unwrap();
        let doc =
            Document::from_bytes(&shown, bytes, None).unwrap_or_else(|e| panic!("{shown}: {e}"));
        let record = extractor.extract(&doc);
        let errs = errors(&validator, &record_json(&record));
        if !errs.is_empty() {
            failures.push(format!("{shown}:\n  {}", errs.join("\n  ")));
        }
    }
    (files.len(), failures)
}

/// A valid record to break: the briefing article, which has facts of several types.
fn briefing() -> Value {
    let (_, record) = extract_file(&manifest_dir().join(BRIEFING), BRIEFING);
    let v = record_json(&record);
    let errs = errors(&validator(), &v);
    assert!(
        errs.is_empty(),
        "the unbroken record is invalid:\n{}",
        errs.join("\n")
    );
    v
}

/// The JSON pointer of the first fact of `fact_type` in a record.
fn first_fact(record: &Value, fact_type: &str) -> String {
    for (ci, claim) in record["claims"].as_array().unwrap().iter().enumerate() {
        for (fi, fact) in claim["facts"].as_array().unwrap().iter().enumerate() {
            if fact["type"] == fact_type {
                return format!("/claims/{ci}/facts/{fi}");
            }
        }
    }
    panic!("the record has no {fact_type} fact")
}

/// Asserts that `record` fails validation with an error at `path` (a JSON pointer).
fn assert_rejected_at(validator: &jsonschema::Validator, record: &Value, path: &str, what: &str) {
    let paths = error_paths(validator, record);
    assert!(!paths.is_empty(), "{what}: the record validates");
    assert!(
        paths.iter().any(|p| p == path),
        "{what}: no error at {path}; errors:\n{}",
        errors(validator, record).join("\n")
    );
}

#[test]
fn schema_file_is_draft_2020_12_for_this_record_version() {
    let schema = schema();
    assert_eq!(schema["$schema"], DRAFT_2020_12);
    assert_eq!(
        schema["$id"],
        "https://claimscan.invalid/schema/claimscan-1.schema.json"
    );
    // The schema describes exactly the record version the library writes.
    assert_eq!(schema["properties"]["schema"]["const"], SCHEMA);
    let _ = validator();
}

/// Asserts that the record of every article of `dir` validates.
fn assert_folder_validates(dir: &Path) {
    let (n, failures) = validate_folder(dir);
    assert!(
        failures.is_empty(),
        "{} of {n} records of {} fail the schema:\n{}",
        failures.len(),
        dir.display(),
        failures.join("\n")
    );
}

#[test]
fn shipped_corpus_records_validate() {
    assert_folder_validates(&manifest_dir().join("corpus"));
}

#[test]
fn shared_corpus_records_validate() {
    let Some(dir) = shared_corpus() else { return };
    assert_folder_validates(&dir);
}

/// Value shapes the corpora may not hold: ranges, durations, sets, relative dates with and without an anchor,
/// percentage points, basis points, shares, counts of a whole, defined acronyms.
#[test]
fn every_value_shape_validates() {
    let extractor = Extractor::embedded().unwrap();
    let validator = validator();
    let body = "\
The budget rose 5 percent to $52.7 billion in fiscal year 2027, between $3 billion and $4 billion more than in 2025.
Unemployment fell by 0.3 percentage points, and the bank raised rates by 25 basis points last week.
Between 15 and 20 percent of firms, about one in three, hired engineers on Monday.
Seven of 23 agencies met the deadline of March 3, 2025, and more than 40 companies will report by the end of 2026.
The Department of Energy (DOE) said the DOE will fund the program for five years, reviewed annually, from 2026 to 2030.
Executive Order 14110 and Section 5(c) of Public Law 117-167 apply to the next 3 days and the 2020s.
";
    let mut seen = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    for (name, text) in [
        ("undated.txt", body.to_string()),
        (
            "dated.txt",
            format!("---\ntitle: Shapes\ndate: 2025-11-28\n---\n{body}"),
        ),
    ] {
        let record = extractor.extract(&Document::from_str(name, &text, None));
        let v = record_json(&record);
        for claim in v["claims"].as_array().unwrap() {
            for fact in claim["facts"].as_array().unwrap() {
                let t = fact["type"].as_str().unwrap();
                seen.insert(t.to_string());
                for key in fact["value"].as_object().unwrap().keys() {
                    seen.insert(format!("{t}.{key}"));
                }
            }
        }
        let errs = errors(&validator, &v);
        if !errs.is_empty() {
            failures.push(format!("{name}:\n  {}", errs.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let types = FactType::ALL.map(FactType::as_str);
    for shape in types.into_iter().chain([
        "date.mod",
        "date.start",
        "percentage.low",
        "percentage.fraction",
        "percentage.direction",
        "money.low",
        "quantity.total",
        "organization.country",
        "policy.number",
        "policy.section",
    ]) {
        assert!(
            seen.contains(shape),
            "the sample text no longer yields {shape}; seen: {seen:?}"
        );
    }
}

#[test]
fn rejects_another_record_version() {
    let validator = validator();
    let mut v = briefing();
    v["schema"] = json!("claimscan/2");
    assert_rejected_at(&validator, &v, "/schema", "schema claimscan/2");
}

#[test]
fn rejects_an_unknown_fact_field() {
    let validator = validator();
    let mut v = briefing();
    let fact = first_fact(&v, "percentage");
    v.pointer_mut(&fact)
        .unwrap()
        .as_object_mut()
        .unwrap()
        .insert("confidence".into(), json!(0.9));
    assert_rejected_at(&validator, &v, &fact, "a fact with an extra field");
}

#[test]
fn rejects_a_date_value_without_timex() {
    let validator = validator();
    let mut v = briefing();
    let value = format!("{}/value", first_fact(&v, "date"));
    let removed = v
        .pointer_mut(&value)
        .unwrap()
        .as_object_mut()
        .unwrap()
        .remove("timex");
    assert!(removed.is_some(), "the date value had no timex to remove");
    assert_rejected_at(&validator, &v, &value, "a date value without timex");
}

/// More ways to break the contract, each caught where it happens.
#[test]
fn rejects_other_contract_violations() {
    let validator = validator();
    let base = briefing();
    let date = first_fact(&base, "date");
    let percentage = first_fact(&base, "percentage");
    let organization = first_fact(&base, "organization");
    let cases: Vec<(&str, String, Value)> = vec![
        // A skipped optional field is absent, never null.
        ("a null mod", format!("{date}/value/mod"), Value::Null),
        (
            "an unknown value field",
            format!("{percentage}/value/scale"),
            json!(2),
        ),
        (
            "an unknown fact type",
            format!("{date}/type"),
            json!("duration"),
        ),
        (
            "a date value on a percentage fact",
            format!("{percentage}/value"),
            base.pointer(&format!("{date}/value")).unwrap().clone(),
        ),
        (
            "an unknown percentage unit",
            format!("{percentage}/value/unit"),
            json!("per_mille"),
        ),
        (
            "a lower-case currency-like country",
            format!("{organization}/value/country"),
            json!("us"),
        ),
        (
            "an unknown organization source",
            format!("{organization}/value/source"),
            json!("guess"),
        ),
        ("a column 0", format!("{date}/column"), json!(0)),
        ("a short claim id", "/claims/0/id".into(), json!("c7f3a1b2")),
        (
            "a rule without a family",
            format!("{date}/rule"),
            json!("month-day-year"),
        ),
        ("a bad sha256", "/document/sha256".into(), json!("abc")),
        (
            "an unknown date source",
            "/document/date_source".into(),
            json!("guess"),
        ),
        (
            "an unknown document field",
            "/document/language".into(),
            json!("en"),
        ),
        (
            "a negative fact count",
            "/stats/facts/date".into(),
            json!(-1),
        ),
        (
            "an unknown stats field",
            "/stats/facts/event".into(),
            json!(0),
        ),
    ];
    for (what, pointer, new) in cases {
        let mut v = base.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        v.pointer_mut(parent)
            .unwrap_or_else(|| panic!("{what}: no {parent} in the record"))
            .as_object_mut()
            .unwrap()
            .insert(key.to_string(), new);
        let paths = error_paths(&validator, &v);
        assert!(
            paths
                .iter()
                .any(|p| !p.is_empty() && (*p == pointer || pointer.starts_with(&format!("{p}/")))),
            "{what}: no error at or above {pointer}; errors: {paths:?}"
        );
    }
}
