//! Input that real exports and hostile files bring: classic Mac (lone CR) line endings, JSON Lines from
//! JavaScript with a cut emoji (a lone surrogate escape), lines cut short, `null` texts and timestamps as
//! dates, and files that must not be read whole (through [`claimscan::document::read`]).

use std::path::Path;

use claimscan::Document;
use claimscan::document::read::{self, ReadError};
use serde_json::Value;

use crate::bad_input::check_locations;
use crate::common::{articles, assert_exit, claimscan, extractor, shared_corpus};

/// The record of `text` as the file `name`, as JSON, without the hashes of its bytes.
fn record(name: &str, text: &str) -> Value {
    let doc = Document::from_bytes(name, text.as_bytes().to_vec(), None).unwrap();
    let mut v = serde_json::to_value(extractor().extract(&doc)).unwrap();
    v["document"]
        .as_object_mut()
        .unwrap()
        .retain(|k, _| !k.contains("sha256"));
    v
}

/// `v` with every `\r` in its strings replaced by `\n`.
fn cr_to_lf(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(s.replace('\r', "\n")),
        Value::Array(a) => Value::Array(a.iter().map(cr_to_lf).collect()),
        Value::Object(o) => {
            Value::Object(o.iter().map(|(k, v)| (k.clone(), cr_to_lf(v))).collect())
        }
        v => v.clone(),
    }
}

/// Where two JSON values first differ: a path with both values.
fn first_difference(a: &Value, b: &Value, at: String) -> Option<String> {
    match (a, b) {
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (x, y))| first_difference(x, y, format!("{at}[{i}]"))),
        (Value::Object(x), Value::Object(y)) if x.len() == y.len() => {
            x.iter().find_map(|(k, v)| match y.get(k) {
                Some(w) => first_difference(v, w, format!("{at}.{k}")),
                None => Some(format!("{at}.{k}: absent on one side")),
            })
        }
        _ if a == b => None,
        _ => Some(format!("{at}: {a} vs {b}")),
    }
}

/// Every claim's and fact's line, in order.
fn lines(record: &Value) -> Vec<u64> {
    let mut out = Vec::new();
    for c in record["claims"].as_array().unwrap() {
        out.push(c["line"].as_u64().unwrap());
        for f in c["facts"].as_array().unwrap() {
            out.push(f["line"].as_u64().unwrap());
        }
    }
    out
}

/// `text` after its front matter (`---` lines), if any: front matter is read at LF and CRLF line ends
/// only ([`claimscan::document::frontmatter`]).
fn without_front_matter(text: &str) -> String {
    text.strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map_or(text, |(_, body)| body)
        .to_string()
}

/// Every shared article (its body), with each LF made a lone CR: the same record but for the line breaks in
/// its texts; with each made CRLF: the same lines.
#[test]
fn lone_cr_articles_read_like_lf_ones() {
    let Some(dir) = shared_corpus() else { return };
    for path in articles(&dir) {
        let name = path.file_name().unwrap().to_str().unwrap();
        let lf = without_front_matter(&std::fs::read_to_string(&path).unwrap());
        assert!(!lf.contains('\r'), "{name} is LF text");
        let want = record(name, &lf);
        // A lone CR is one byte as LF is: the records are the same but for the line breaks in the texts,
        // boilerplate, headings, claims, spans and line:column included.
        let cr = lf.replace('\n', "\r");
        let got = record(name, &cr);
        if let Some(at) = first_difference(&cr_to_lf(&got), &want, String::new()) {
            panic!("{name}: the lone-CR record differs from the LF one at {at}");
        }
        check_locations(&cr, &got);
        let lines_lf = lines(&want);
        assert!(lines_lf.iter().any(|&l| l > 1), "{name}: all on line 1");
        assert_eq!(lines(&got), lines_lf, "{name}");
        // CRLF: one line break, the same lines.
        let crlf = lf.replace('\n', "\r\n");
        let got = record(name, &crlf);
        assert_eq!(lines(&got), lines_lf, "{name}");
        assert_eq!(
            got["claims"].as_array().unwrap().len(),
            want["claims"].as_array().unwrap().len()
        );
        check_locations(&crlf, &got);
    }
}

#[test]
fn lone_cr_boilerplate_is_found() {
    // The briefing's byline, share line and related links are boilerplate in LF; so in lone CR.
    let Some(dir) = shared_corpus() else { return };
    let lf = std::fs::read_to_string(dir.join("aukus-genesis-access.txt")).unwrap();
    let cr = lf.replace('\n', "\r");
    let texts = |r: &Value| -> Vec<String> {
        r["claims"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["text"].as_str().unwrap().replace('\r', "\n"))
            .collect()
    };
    let (want, got) = (record("a.txt", &lf), record("a.txt", &cr));
    assert_eq!(texts(&got), texts(&want));
    assert!(!texts(&got).iter().any(|t| t.contains("Related Articles")));
    assert_eq!(got["stats"], want["stats"]);
}

/// Runs `extract --input-format jsonl` on `lines` and returns standard output's records and standard error.
fn extract_jsonl(lines: &[&str], code: i32) -> (Vec<Value>, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let out = claimscan()
        .args(["extract", "--input-format", "jsonl"])
        .arg(&path)
        .output()
        .unwrap();
    let stderr = assert_exit(&out, code).replace(&path.display().to_string(), "IN");
    (crate::common::jsonl_records(&out.stdout), stderr)
}

#[test]
fn a_cut_emoji_in_json_lines_is_a_replacement_character_and_a_warning() {
    let (records, stderr) = extract_jsonl(
        &[
            r#"{"id": "cut", "text": "Title\n\nPrices rose 5 percent \ud83d in 2027, \\ud83d stays."}"#,
        ],
        0,
    );
    assert_eq!(records.len(), 1, "{stderr}");
    let claim = &records[0]["claims"][0];
    assert!(
        claim["text"]
            .as_str()
            .unwrap()
            .contains("percent \u{fffd} in 2027, \\ud83d stays."),
        "{claim}"
    );
    assert!(
        stderr.contains(
            "lone UTF-16 surrogate escape \\ud83d at column 55 of the line (in bytes) replaced with U+FFFD"
        ),
        "{stderr}"
    );
}

#[test]
fn json_lines_errors_say_where_and_what() {
    let (records, stderr) = extract_jsonl(
        &[
            r#"{"id": "cut", "text": "Title\n\nIt rose 5 percent"#,
            r#"{"id": "null", "text": null}"#,
            r#"{"id": "stamped", "text": "Title\n\nIt rose 5 percent last year.", "date": "2025-11-28T10:00:00Z"}"#,
        ],
        1,
    );
    for want in [
        "IN:1: not JSON: EOF while parsing a string at column 49 (the string that opens at column 23 is not \
         closed)",
        "IN:2: \"text\" is null; it must be a string",
    ] {
        assert!(stderr.contains(want), "want {want}\n{stderr}");
    }
    assert_eq!(records.len(), 1, "{stderr}");
    assert_eq!(records[0]["document"]["path"], "stamped");
    assert_eq!(records[0]["document"]["date"], "2025-11-28");
}

#[test]
fn documents_are_read_within_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, "Title\n\nPrices rose 5 percent in 2027.\n").unwrap();
    let bytes = read::read_document(&path, read::DEFAULT_MAX_DOC_BYTES).unwrap();
    let doc = Document::from_bytes("a.txt", bytes, None).unwrap();
    assert_eq!(extractor().extract(&doc).claims.len(), 1);
    let e = read::read_document(&path, 10).unwrap_err();
    assert!(
        matches!(
            e,
            ReadError::TooLarge {
                size: Some(38),
                cap: 10
            }
        ),
        "{e}"
    );
    assert!(e.to_string().contains("(--max-doc-bytes 10)"), "{e}");
    let e = read::read_document(Path::new("/nonexistent/x.txt"), 10).unwrap_err();
    assert!(matches!(e, ReadError::Io(_)), "{e}");
}
