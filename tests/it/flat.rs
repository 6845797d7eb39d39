//! Flat fact tables (`extract --format facts-jsonl|facts-csv|parquet`, `--types`): one row per fact of the
//! records of `corpus/`, round trip exact, the documented columns in order.

use std::fs;
use std::path::Path;

use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::Value;

use crate::common::{assert_exit, claimscan, jsonl_records, manifest_dir};

/// The columns, in order, as the schema lists them.
fn columns() -> Vec<String> {
    let schema: Value = serde_json::from_str(
        &fs::read_to_string(manifest_dir().join("schema/claimscan-facts-1.schema.json")).unwrap(),
    )
    .unwrap();
    schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect()
}

/// Standard output of `claimscan ARGS`, which must succeed.
fn run(args: &[&str]) -> Vec<u8> {
    let out = claimscan().args(args).output().unwrap();
    assert_exit(&out, 0);
    out.stdout
}

/// The fact rows the records imply, built from the records' JSON alone: what each row must equal.
fn expected_rows(records: &[Value]) -> Vec<Value> {
    // Column ← the value's field.
    const VALUE_FIELDS: [(&str, &str); 17] = [
        ("timex", "timex"),
        ("start", "start"),
        ("end", "end"),
        ("mod", "mod"),
        ("granularity", "granularity"),
        ("amount", "amount"),
        ("low", "low"),
        ("high", "high"),
        ("unit", "unit"),
        ("currency", "currency"),
        ("fraction", "fraction"),
        ("direction", "direction"),
        ("total", "total"),
        ("entity_id", "id"),
        ("name", "name"),
        ("category", "category"),
        ("country", "country"),
    ];
    let mut rows = Vec::new();
    for r in records {
        let doc = &r["document"];
        for c in r["claims"].as_array().unwrap() {
            for f in c["facts"].as_array().unwrap() {
                let mut row = serde_json::json!({
                    "path": doc["path"], "doc_date": doc["date"], "sha256": doc["sha256"],
                    "claim_id": c["id"], "claim_role": c["role"], "claim_text": c["text"],
                    "claim_start": c["span"]["start"], "claim_end": c["span"]["end"],
                    "type": f["type"], "text": f["text"],
                    "byte_start": f["span"]["start"], "byte_end": f["span"]["end"],
                    "char_start": f["chars"]["start"], "char_end": f["chars"]["end"],
                    "line": f["line"], "column": f["column"], "rule": f["rule"],
                });
                for (col, field) in VALUE_FIELDS {
                    row[col] = f["value"].get(field).cloned().unwrap_or(Value::Null);
                }
                row["value_json"] = f["value"].clone();
                rows.push(row);
            }
        }
    }
    rows
}

/// A facts-jsonl row with `value_json` parsed back, to compare with [`expected_rows`].
fn parsed(mut row: Value) -> Value {
    let json = row["value_json"]
        .as_str()
        .expect("value_json is text")
        .to_string();
    row["value_json"] = serde_json::from_str(&json).expect("value_json is JSON");
    row
}

fn corpus_records(extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["extract", "corpus/"];
    args.extend_from_slice(extra);
    jsonl_records(&run(&args))
}

#[test]
fn facts_jsonl_is_one_row_per_fact_equal_to_the_records() {
    let records = corpus_records(&[]);
    let expected = expected_rows(&records);
    let facts: usize = records
        .iter()
        .flat_map(|r| r["claims"].as_array().unwrap())
        .map(|c| c["facts"].as_array().unwrap().len())
        .sum();
    assert!(facts > 50, "the corpus has facts of every family: {facts}");
    let out = run(&["extract", "corpus/", "--format", "facts-jsonl"]);
    let text = std::str::from_utf8(&out).unwrap();
    let rows: Vec<Value> = jsonl_records(&out).into_iter().map(parsed).collect();
    assert_eq!(rows.len(), facts);
    for (i, (got, want)) in rows.iter().zip(&expected).enumerate() {
        assert_eq!(got, want, "row {i}");
    }
    // Every column in every row, in the documented order.
    let columns = columns();
    for line in text.lines() {
        let mut at = 0;
        for c in &columns {
            let key = format!("\"{c}\":");
            let found = line[at..]
                .find(&key)
                .unwrap_or_else(|| panic!("{c} missing or out of order in {line}"));
            at += found + key.len();
        }
        let row: Value = serde_json::from_str(line).unwrap();
        assert_eq!(row.as_object().unwrap().len(), columns.len(), "{line}");
    }
    // Every family is there, with its value fields filled.
    for t in [
        "date",
        "percentage",
        "money",
        "quantity",
        "organization",
        "policy",
    ] {
        assert!(rows.iter().any(|r| r["type"] == t), "no {t} row");
    }
    assert!(
        rows.iter()
            .any(|r| r["type"] == "money" && r["currency"].is_string() && r["amount"].is_number())
    );
}

#[test]
fn facts_jsonl_rows_match_their_schema() {
    let schema: Value = serde_json::from_str(
        &fs::read_to_string(manifest_dir().join("schema/claimscan-facts-1.schema.json")).unwrap(),
    )
    .unwrap();
    jsonschema::draft202012::meta::validate(&schema).expect("a valid draft 2020-12 schema");
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let out = run(&["extract", "corpus/", "--format", "facts-jsonl"]);
    let rows = jsonl_records(&out);
    assert!(!rows.is_empty());
    for row in &rows {
        let errors: Vec<String> = validator.iter_errors(row).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}: {row}");
    }
    let mut extra = rows[0].clone();
    extra["more"] = Value::Null;
    assert!(!validator.is_valid(&extra), "the schema is closed");
}

#[test]
fn facts_csv_holds_the_same_rows() {
    let out = run(&["extract", "corpus/", "--format", "facts-csv"]);
    let json_rows = jsonl_records(&run(&["extract", "corpus/", "--format", "facts-jsonl"]));
    let mut reader = csv::Reader::from_reader(&out[..]);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header, columns());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), json_rows.len());
    for (i, (csv_row, json_row)) in rows.iter().zip(&json_rows).enumerate() {
        for (c, name) in header.iter().enumerate() {
            let cell = &csv_row[c];
            match &json_row[name] {
                Value::Null => assert_eq!(cell, "", "row {i} {name}"),
                Value::String(s) => assert_eq!(cell, s, "row {i} {name}"),
                Value::Number(n) => assert_eq!(
                    cell.parse::<f64>().unwrap(),
                    n.as_f64().unwrap(),
                    "row {i} {name}"
                ),
                other => panic!("row {i} {name}: {other}"),
            }
        }
    }
    // RFC 4180: a quote inside a cell is doubled, and the cell quoted.
    let text = String::from_utf8(out).unwrap();
    if let Some(r) = rows.iter().find(|r| r[5].contains('"')) {
        assert!(text.contains(&r[5].replace('"', "\"\"")));
    }
}

#[test]
fn types_filters_rows_and_records() {
    let all = jsonl_records(&run(&["extract", "corpus/", "--format", "facts-jsonl"]));
    let some = jsonl_records(&run(&[
        "extract",
        "corpus/",
        "--format",
        "facts-jsonl",
        "--types",
        "date,percentage",
    ]));
    let kept: Vec<&Value> = all
        .iter()
        .filter(|r| r["type"] == "date" || r["type"] == "percentage")
        .collect();
    assert!(!kept.is_empty() && kept.len() < all.len());
    assert_eq!(some.iter().collect::<Vec<_>>(), kept);

    let records = corpus_records(&["--types", "money"]);
    let mut money = 0;
    for r in &records {
        let claims = r["claims"].as_array().unwrap();
        assert_eq!(r["stats"]["claims"], claims.len());
        for c in claims {
            let facts = c["facts"].as_array().unwrap();
            assert!(!facts.is_empty(), "a claim without facts is dropped");
            assert!(facts.iter().all(|f| f["type"] == "money"), "{c}");
            assert_eq!(c["kinds"], serde_json::json!(["statistic"]));
            money += facts.len();
        }
        assert_eq!(r["stats"]["facts"]["date"], 0);
        assert!(r["entities"].as_array().unwrap().is_empty());
    }
    assert_eq!(money, all.iter().filter(|r| r["type"] == "money").count());
}

#[test]
fn an_unknown_type_is_a_usage_error_listing_the_types() {
    let out = claimscan()
        .args(["extract", "corpus/", "--types", "date,percent"])
        .output()
        .unwrap();
    let stderr = assert_exit(&out, 2);
    assert!(stderr.contains("\"percent\""), "{stderr}");
    assert!(
        stderr.contains("date, percentage, money, quantity, organization, policy"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn parquet_needs_out() {
    let out = claimscan()
        .args(["extract", "corpus/", "--format", "parquet"])
        .output()
        .unwrap();
    let stderr = assert_exit(&out, 2);
    assert!(stderr.contains("--out"), "{stderr}");
}

/// The rows of a Parquet file as arrow batches.
fn parquet_batches(path: &Path) -> Vec<arrow_array::RecordBatch> {
    let file = fs::File::open(path).unwrap();
    ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn strings(batches: &[arrow_array::RecordBatch], column: &str) -> Vec<Option<String>> {
    use arrow_array::Array;
    let mut out = Vec::new();
    for b in batches {
        let a = b
            .column_by_name(column)
            .unwrap()
            .as_any()
            .downcast_ref::<arrow_array::StringArray>()
            .unwrap();
        out.extend((0..a.len()).map(|i| (!a.is_null(i)).then(|| a.value(i).to_string())));
    }
    out
}

fn numbers<T: arrow_array::ArrowPrimitiveType>(
    batches: &[arrow_array::RecordBatch],
    column: &str,
) -> Vec<Option<T::Native>> {
    use arrow_array::Array;
    let mut out = Vec::new();
    for b in batches {
        let a = b
            .column_by_name(column)
            .unwrap()
            .as_any()
            .downcast_ref::<arrow_array::PrimitiveArray<T>>()
            .unwrap();
        out.extend((0..a.len()).map(|i| (!a.is_null(i)).then(|| a.value(i))));
    }
    out
}

/// The names in a folder, sorted, without the hidden ones (the output folder's `.claimscan.lock`).
fn visible_entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    names
}

#[test]
fn parquet_tables_read_back_with_the_records_values() {
    use arrow_array::types::{Float64Type, Int64Type};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tables");
    let out_s = out.to_str().unwrap();
    run(&["extract", "corpus/", "--format", "parquet", "--out", out_s]);
    let json_rows = jsonl_records(&run(&["extract", "corpus/", "--format", "facts-jsonl"]));
    let records = corpus_records(&[]);
    assert!(out.join("summary.json").is_file());
    let names = visible_entries(&out);
    assert_eq!(names, ["claims.parquet", "facts.parquet", "summary.json"]);

    let facts = parquet_batches(&out.join("facts.parquet"));
    let columns = columns();
    let schema = facts[0].schema();
    let got: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    assert_eq!(got, columns);
    let text_of = |v: &Value| v.as_str().map(str::to_string);
    for name in [
        "path",
        "claim_id",
        "type",
        "text",
        "timex",
        "currency",
        "entity_id",
        "value_json",
    ] {
        let want: Vec<Option<String>> = json_rows.iter().map(|r| text_of(&r[name])).collect();
        assert_eq!(strings(&facts, name), want, "{name}");
    }
    for name in ["byte_start", "char_end", "line", "column"] {
        let want: Vec<Option<i64>> = json_rows.iter().map(|r| r[name].as_i64()).collect();
        assert_eq!(numbers::<Int64Type>(&facts, name), want, "{name}");
    }
    for name in ["amount", "low", "fraction", "total"] {
        let want: Vec<Option<f64>> = json_rows.iter().map(|r| r[name].as_f64()).collect();
        assert_eq!(numbers::<Float64Type>(&facts, name), want, "{name}");
    }

    let claims = parquet_batches(&out.join("claims.parquet"));
    let claim_ids: Vec<Option<String>> = records
        .iter()
        .flat_map(|r| r["claims"].as_array().unwrap())
        .map(|c| text_of(&c["id"]))
        .collect();
    assert_eq!(strings(&claims, "claim_id"), claim_ids);
    let counts: Vec<Option<i64>> = records
        .iter()
        .flat_map(|r| r["claims"].as_array().unwrap())
        .map(|c| Some(c["facts"].as_array().unwrap().len() as i64))
        .collect();
    assert_eq!(numbers::<Int64Type>(&claims, "fact_count"), counts);
}

#[test]
fn table_formats_with_out_write_one_file_and_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    for (format, file) in [("facts-csv", "facts.csv"), ("facts-jsonl", "facts.jsonl")] {
        let out = dir.path().join(format);
        let stdout = run(&["extract", "corpus/", "--format", format]);
        let written = run(&[
            "extract",
            "corpus/",
            "--format",
            format,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(written.is_empty(), "nothing on stdout with --out");
        assert_eq!(fs::read(out.join(file)).unwrap(), stdout, "{format}");
        let summary: Value =
            serde_json::from_slice(&fs::read(out.join("summary.json")).unwrap()).unwrap();
        assert_eq!(summary["documents"], 5, "{summary}");
        assert_eq!(
            visible_entries(&out),
            [file, "summary.json"],
            "{format}: only the table and summary.json"
        );
    }
}
