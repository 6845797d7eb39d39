//! `extract --input-format jsonl`: one document per line, `{"id", "text", "date"?, "title"?}`, streamed in
//! order; bad lines named `FILE:LINE`; record files named after ids and kept inside `--out`.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command as StdCommand, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

#[cfg(target_os = "linux")]
use crate::bad_input::run_measured;
use crate::bad_input::{check_locations, schema, utf16};
use crate::common::{BIN, assert_exit, claimscan, files_under, jsonl_records};

fn line(id: &str, text: &str) -> String {
    json!({"id": id, "text": text}).to_string()
}

fn ids(records: &[Value]) -> Vec<&str> {
    records
        .iter()
        .map(|r| r["document"]["path"].as_str().unwrap())
        .collect()
}

#[test]
fn lines_become_records_in_input_order() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Headline\r\n\r\nThe order came in November and covered 12.5 percent of it.\r\n";
    let lines = [
        format!("\u{feff}{}", line("z-first", text)),
        String::new(),
        json!({"id": "a-second", "text": text, "date": "2025-11-24", "url": "https://x.invalid", "n": [1]})
            .to_string(),
        "   ".to_string(),
        json!({"id": "m-third", "text": "Body one.\n\nIt rose 5 percent in 2027.", "title": "Given", "date": null})
            .to_string(),
    ];
    let path = dir.path().join("docs.jsonl");
    std::fs::write(&path, lines.join("\r\n") + "\r\n").unwrap();
    let out = claimscan()
        .args([
            "extract",
            "--input-format",
            "jsonl",
            "--doc-date",
            "2020-01-01",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let rs = jsonl_records(&out.stdout);
    assert_eq!(ids(&rs), ["z-first", "a-second", "m-third"]);
    let validator = schema();
    for r in &rs {
        assert!(validator.is_valid(r), "{r}");
    }
    check_locations(text, &rs[0]);
    assert_eq!(rs[0]["document"]["title"], "Headline");
    assert_eq!(
        (
            &rs[0]["document"]["date"],
            &rs[0]["document"]["date_source"]
        ),
        (&json!("2020-01-01"), &json!("option")),
        "--doc-date applies when the line has no date"
    );
    assert_eq!(
        (
            &rs[1]["document"]["date"],
            &rs[1]["document"]["date_source"]
        ),
        (&json!("2025-11-24"), &json!("option")),
        "the line's date wins"
    );
    assert_eq!(rs[1]["claims"][0]["facts"][0]["value"]["timex"], "2025-11");
    assert_eq!(rs[2]["document"]["title"], "Given");
    assert_eq!(
        rs[2]["document"]["date"], "2020-01-01",
        "a null date is no date"
    );
    assert_eq!(
        rs[2]["stats"]["claims"], 1,
        "with a given title the first line is text"
    );
}

#[test]
fn a_line_gives_the_record_its_file_would() {
    let dir = tempfile::tempdir().unwrap();
    let texts = [
        (
            "a.txt",
            "---\ntitle: T\ndate: 2025-06-01\n---\nT\n\nIt rose 5 percent last year.\n",
        ),
        (
            "b.txt",
            "Headline\n\nWASHINGTON, March 3, 2025 — The agency said on Monday it will finish next year.\n",
        ),
        ("c.txt", "A single paragraph: costs rose 3 percent in 2027."),
    ];
    let mut jsonl = String::new();
    for (name, text) in texts {
        std::fs::write(dir.path().join(name), text).unwrap();
        jsonl += &line(name, text);
        jsonl.push('\n');
    }
    let files = claimscan()
        .current_dir(dir.path())
        .args(["extract", "a.txt", "b.txt", "c.txt"])
        .output()
        .unwrap();
    let lines = claimscan()
        .args(["extract", "--input-format", "jsonl", "-"])
        .write_stdin(jsonl)
        .output()
        .unwrap();
    assert_eq!(files.status.code(), Some(0));
    assert_eq!(lines.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(lines.stdout).unwrap(),
        String::from_utf8(files.stdout).unwrap()
    );
}

#[test]
fn bad_lines_fail_alone_named_by_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let good = line("good", "Title\n\nIt rose 5 percent.");
    let body = [
        good.clone(),
        "not json".into(),
        r#"{"text": "no id"}"#.into(),
        r#"{"id": "no-text"}"#.into(),
        r#"{"id": "bad-date", "text": "x", "date": "2025-02-30"}"#.into(),
        r#"{"id": "nul", "text": "a\u0000b"}"#.into(),
        r#"{"id": 5, "text": "x"}"#.into(),
        "[1, 2]".into(),
        line("good-2", "Title\n\nIt fell 3 percent."),
    ]
    .join("\n");
    let path = dir.path().join("in.jsonl");
    let mut bytes = body.into_bytes();
    bytes.extend_from_slice(b"\n{\"id\": \"latin1\", \"text\": \"caf\xe9\"}\n");
    std::fs::write(&path, bytes).unwrap();
    let out_dir = dir.path().join("out");
    for with_out in [false, true] {
        let mut cmd = claimscan();
        cmd.args(["extract", "--input-format", "jsonl", "--jobs", "3"])
            .arg(&path);
        if with_out {
            cmd.arg("--out").arg(&out_dir);
        }
        let out = cmd.output().unwrap();
        let stderr = assert_exit(&out, 1);
        let p = path.display();
        let wants = [
            format!("claimscan: {p}:2: not JSON: expected ident at column 2"),
            format!("claimscan: {p}:3: missing \"id\""),
            format!("claimscan: {p}:4: missing \"text\""),
            format!(
                "claimscan: {p}:5: \"date\" \"2025-02-30\" is not a calendar date in YYYY-MM-DD form"
            ),
            format!(
                "claimscan: {p}:6: \"text\" holds a NUL character at byte offset 1 of the text"
            ),
            format!("claimscan: {p}:7: \"id\" must be a string"),
            format!("claimscan: {p}:8: not a JSON object"),
            format!(
                "claimscan: {p}:10: not UTF-8: invalid byte sequence at byte offset 29 of the line"
            ),
        ];
        let mut at = 0;
        for want in &wants {
            let found = stderr[at..]
                .find(want.as_str())
                .unwrap_or_else(|| panic!("want, in order: {want}\n{stderr}"));
            at += found + want.len();
        }
        if with_out {
            assert!(out.stdout.is_empty());
            assert!(out_dir.join("good.json").is_file() && out_dir.join("good-2.json").is_file());
            let summary: Value = serde_json::from_str(
                &std::fs::read_to_string(out_dir.join("summary.json")).unwrap(),
            )
            .unwrap();
            assert_eq!(summary["documents"], 2);
            assert_eq!(summary["failed"].as_array().unwrap().len(), wants.len());
            assert_eq!(summary["failed"][0]["path"], format!("{p}:2"));
        } else {
            assert_eq!(ids(&jsonl_records(&out.stdout)), ["good", "good-2"]);
        }
    }
}

#[test]
fn standard_input_streams() {
    let mut child = StdCommand::new(BIN)
        .args(["extract", "--input-format", "jsonl", "--jobs", "2", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        for l in BufReader::new(stdout).lines() {
            if tx.send(l.unwrap()).is_err() {
                return;
            }
        }
    });
    // Each record must come out while standard input is still open: nothing waits for the end of input.
    for i in 0..3 {
        let id = format!("doc-{i}");
        writeln!(stdin, "{}", line(&id, "Title\n\nIt rose 5 percent.")).unwrap();
        stdin.flush().unwrap();
        let got = rx
            .recv_timeout(Duration::from_mins(1))
            .unwrap_or_else(|_| panic!("no record for {id} while stdin is open"));
        let record: Value = serde_json::from_str(&got).unwrap();
        assert_eq!(record["document"]["path"], id.as_str());
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
    reader.join().unwrap();
}

#[test]
fn jobs_never_change_the_output() {
    let mut jsonl = String::new();
    for i in 0..300 {
        let text = format!(
            "Title {i}\n\n{}The agency said costs rose {} percent in March 2027.\n",
            "Filler sentence here. ".repeat(i % 37 * 20),
            i % 90
        );
        jsonl += &line(&format!("doc/{i:04}"), &text);
        jsonl.push('\n');
    }
    let run = |jobs: &str| {
        let out = claimscan()
            .args(["extract", "--input-format", "jsonl", "--jobs", jobs, "-"])
            .write_stdin(jsonl.clone())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        out.stdout
    };
    let one = run("1");
    assert_eq!(jsonl_records(&one).len(), 300);
    assert!(one == run("4"), "--jobs 1 and --jobs 4 differ");
    let array = claimscan()
        .args([
            "extract",
            "--input-format",
            "jsonl",
            "--format",
            "json",
            "-",
        ])
        .write_stdin(jsonl.clone())
        .output()
        .unwrap();
    let array: Vec<Value> = serde_json::from_slice(&array.stdout).unwrap();
    assert_eq!(array, jsonl_records(&one));
}

#[test]
fn record_files_are_named_after_ids_and_stay_inside_out() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("nest/out");
    let body = [
        line("plain", "A."),
        line("news/2025/story.txt", "B."),
        line("../../escape", "C."),
        line("/etc/passwd", "D."),
        line(".hidden", "E."),
        line("50%/x", "F."),
        line("dup", "G."),
        line("dup", "Longer."),
        line("a//b", "I."),
        line("a/b", "J."),
        line("summary", "K."),
    ]
    .join("\n");
    let path = dir.path().join("in.jsonl");
    std::fs::write(&path, body).unwrap();
    let out = claimscan()
        .args(["extract", "--input-format", "jsonl"])
        .arg(&path)
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    let stderr = assert_exit(&out, 1);
    let p = path.display();
    for want in [
        format!(
            "{p}:8: document.path \"dup\" is already the path of {p}:7; records, diff and review need each once"
        ),
        format!("{p}:10: its record file a/b.json is already taken by {p}:9; not overwritten"),
        format!(
            "{p}:11: its record file would be summary.json, but summary.json holds the run summary"
        ),
    ] {
        assert!(stderr.contains(&want), "want {want}\n{stderr}");
    }
    let found = files_under(dir.path());
    let want: Vec<&Path> = [
        "in.jsonl",
        "nest/out/%2E%2E/%2E%2E/escape.json",
        "nest/out/%2Ehidden.json",
        "nest/out/50%25/x.json",
        "nest/out/a/b.json",
        "nest/out/dup.json",
        "nest/out/etc/passwd.json",
        "nest/out/news/2025/story.txt.json",
        "nest/out/plain.json",
        "nest/out/summary.json",
    ]
    .iter()
    .map(Path::new)
    .collect();
    assert_eq!(found, want);
    let dup: Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("dup.json")).unwrap()).unwrap();
    assert_eq!(dup["document"]["path"], "dup");
    assert_eq!(
        dup["document"]["bytes"], 2,
        "the first line with the id keeps the file"
    );
    let escape: Value = serde_json::from_str(
        &std::fs::read_to_string(out_dir.join("%2E%2E/%2E%2E/escape.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(escape["document"]["path"], "../../escape");
}

#[test]
fn shards_are_files_and_fail_fast_stops_at_a_bad_line() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.jsonl");
    let b = dir.path().join("b.ndjson");
    std::fs::write(
        &a,
        [line("a1", "X."), "oops".into(), line("a3", "Y.")].join("\n"),
    )
    .unwrap();
    std::fs::write(&b, [line("b1", "X."), line("b2", "Y.")].join("\n")).unwrap();
    std::fs::write(dir.path().join("ignored.txt"), "not JSON Lines").unwrap();
    let run = |args: &[&str]| {
        let out = claimscan()
            .args(["extract", "--input-format", "jsonl"])
            .arg(dir.path())
            .args(args)
            .output()
            .unwrap();
        (out.status.code(), jsonl_records(&out.stdout))
    };
    let (code, all) = run(&[]);
    assert_eq!(code, Some(1));
    assert_eq!(ids(&all), ["a1", "a3", "b1", "b2"]);
    let (_, first) = run(&["--shard", "1/2"]);
    assert_eq!(ids(&first), ["a1", "a3"]);
    let (code, second) = run(&["--shard", "2/2"]);
    assert_eq!((code, ids(&second)), (Some(0), vec!["b1", "b2"]));
    let (code, fast) = run(&["--fail-fast", "--jobs", "2"]);
    assert_eq!((code, ids(&fast)), (Some(1), vec!["a1"]));
}

#[test]
fn a_utf16_jsonl_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let text = line("a", "It rose 5 percent.") + "\n";
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, utf16(&text, false, true)).unwrap();
    let good = dir.path().join("good.jsonl");
    std::fs::write(&good, &text).unwrap();
    let out = claimscan()
        .args(["extract", "--input-format", "jsonl"])
        .arg(&bad)
        .arg(&good)
        .output()
        .unwrap();
    let stderr = assert_exit(&out, 1);
    assert!(
        stderr.contains(&format!(
            "{}: not UTF-8: looks like UTF-16LE",
            bad.display()
        )),
        "{stderr}"
    );
    assert_eq!(ids(&jsonl_records(&out.stdout)), ["a"]);
}

/// Memory is bounded by the reorder window, not by the stream: ten times the documents, the same peak.
#[cfg(target_os = "linux")]
#[test]
fn memory_stays_flat_as_the_stream_grows() {
    let dir = tempfile::tempdir().unwrap();
    let peak = |n: usize| {
        let input = dir.path().join(format!("{n}.jsonl"));
        let mut jsonl = String::new();
        for i in 0..n {
            let text = format!(
                "Title\n\n{}Costs rose {} percent in 2027.",
                "Filler words here and there. ".repeat(150),
                i % 90
            );
            jsonl += &line(&format!("d{i}"), &text);
            jsonl.push('\n');
        }
        std::fs::write(&input, jsonl).unwrap();
        let out = dir.path().join("out.jsonl");
        let args = ["extract", "--input-format", "jsonl", "--jobs", "2", "-"];
        let args: Vec<&std::ffi::OsStr> = args.iter().map(std::convert::AsRef::as_ref).collect();
        let (code, peak, _) = run_measured(&args, Some(&input), &out);
        assert_eq!(code, 0);
        assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), n);
        peak
    };
    let (small, large) = (peak(300), peak(3000));
    eprintln!(
        "peak RSS: {} MB for 300 documents, {} MB for 3000",
        small >> 20,
        large >> 20
    );
    // The larger stream is 13 MB: holding it whole would show.
    assert!(
        large < small + (8 << 20),
        "{} MB vs {} MB",
        large >> 20,
        small >> 20
    );
}
