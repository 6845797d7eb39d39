//! The binary: exit codes, bad input, output modes and determinism.

use std::path::Path;

use assert_cmd::Command;

use crate::shared_corpus;

fn claimscan() -> Command {
    Command::cargo_bin("claimscan").unwrap()
}

fn stdout_of(args: &[&str]) -> Vec<u8> {
    let out = claimscan().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn extract_shipped_corpus_is_jsonl_in_sorted_order() {
    let out = stdout_of(&["extract", "corpus/"]);
    let lines: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let paths: Vec<&str> = lines
        .iter()
        .map(|r| r["document"]["path"].as_str().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert!(paths.contains(&"corpus/aukus-genesis-access.txt"));
    assert!(lines.iter().all(|r| r["schema"] == "claimscan/1"));
}

#[test]
fn jobs_never_change_the_output() {
    let dir = shared_corpus()
        .map(|d| d.display().to_string())
        .unwrap_or_else(|| "corpus".into());
    let one = stdout_of(&["extract", &dir, "corpus", "--jobs", "1"]);
    let two = stdout_of(&["extract", &dir, "corpus", "--jobs", "2"]);
    let again = stdout_of(&["extract", &dir, "corpus", "--jobs", "2"]);
    assert!(!one.is_empty());
    assert!(one == two, "--jobs 1 and --jobs 2 differ");
    assert!(two == again, "two runs differ");
}

#[test]
fn bad_files_fail_alone_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a-good.txt"),
        "Title\n\nThe US controls 74 percent of it.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b-latin1.txt"),
        b"Caf\xe9 prices rose 5 percent.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("c-empty.txt"), b"").unwrap();
    std::fs::write(dir.path().join("d-binary.md"), b"PK\x03\x04\x00\x00").unwrap();
    std::fs::write(
        dir.path().join("e-good.md"),
        "\u{feff}Title\r\n\r\nIt fell 3 percent in 2027.\r\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("ignored.pdf"), b"%PDF").unwrap();
    let out = claimscan().arg("extract").arg(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("b-latin1.txt: not UTF-8: invalid byte sequence at byte offset 3"),
        "{stderr}"
    );
    assert!(
        stderr.contains("d-binary.md: binary file: NUL byte at byte offset 4"),
        "{stderr}"
    );
    assert!(
        stderr.contains("c-empty.txt: warning: empty file"),
        "{stderr}"
    );
    let records: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let names: Vec<String> = records
        .iter()
        .map(|r| {
            Path::new(r["document"]["path"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(names, ["a-good.txt", "c-empty.txt", "e-good.md"]);
    assert_eq!(records[0]["stats"]["facts"]["percentage"], 1);
    assert_eq!(records[1]["claims"].as_array().unwrap().len(), 0);
    let crlf = &records[2]["claims"][0];
    assert_eq!(crlf["text"], "It fell 3 percent in 2027.");
    assert_eq!(
        crlf["span"]["start"], 9,
        "offsets count from after the BOM, CRLF kept"
    );
}

#[test]
fn missing_path_is_named_and_others_still_run() {
    let out = claimscan()
        .args([
            "extract",
            "no/such/file.txt",
            "corpus/aukus-genesis-access.txt",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no/such/file.txt: no such file or folder"),
        "{stderr}"
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 1);
}

#[test]
fn empty_folder_is_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let out = claimscan().arg("extract").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("folder holds no .txt or .md files"));
}

#[test]
fn usage_and_rule_errors_exit_2_and_write_nothing() {
    let out = claimscan()
        .args(["extract", "--doc-date", "2025-02-30", "corpus"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let rules = tempfile::tempdir().unwrap();
    std::fs::write(rules.path().join("bad.toml"), "family = \"dates\"\ntype = \"date\"\n[[rule]]\nid = \"dates/x\"\npattern = '('\nnormalizer = \"date\"\nexamples = [{text = \"x\"}]\n").unwrap();
    let out = claimscan()
        .args(["extract", "corpus", "--rules"])
        .arg(rules.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.toml:4: dates/x: bad regex"),
        "{stderr}"
    );
}

#[test]
fn stdin_and_doc_date() {
    let out = claimscan()
        .args(["extract", "-", "--doc-date", "2025-11-24"])
        .write_stdin("Title\n\nThe order came in November and covered 12.5 per cent of it.\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["document"]["path"], "-");
    assert_eq!(r["document"]["date_source"], "option");
    let facts = &r["claims"][0]["facts"];
    assert_eq!(facts[0]["value"]["timex"], "2025-11");
    assert_eq!(facts[0]["value"]["anchor"], "2025-11-24");
    assert_eq!(facts[1]["value"]["fraction"], 0.125);
}

#[test]
fn out_dir_writes_pretty_records_and_a_summary() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = claimscan()
        .args(["extract", "corpus/", "--out"])
        .arg(out_dir.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let record =
        std::fs::read_to_string(out_dir.path().join("aukus-genesis-access.txt.json")).unwrap();
    assert!(record.starts_with("{\n  \"schema\": \"claimscan/1\""));
    let summary: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out_dir.path().join("summary.json")).unwrap(),
    )
    .unwrap();
    let n = std::fs::read_dir("corpus").unwrap().count();
    assert_eq!(summary["documents"], n);
    assert_eq!(summary["records"].as_array().unwrap().len(), n);
    let leftovers: Vec<_> = std::fs::read_dir(out_dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn rules_check_and_test_commands() {
    let out = claimscan().args(["rules", "check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("dates") && text.contains("organizations"),
        "{text}"
    );
    let out = claimscan().args(["rules", "test"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains(", 0 failed")
    );
}

#[test]
fn explain_shows_candidates_and_drops() {
    let out = claimscan()
        .args([
            "explain",
            "The Department of Energy said by the end of 2026 it would.",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("+ #"), "{text}");
    assert!(
        text.contains("dates/year-part \"by the end of 2026\""),
        "{text}"
    );
    assert!(
        text.contains("organizations/gazetteer \"Department of Energy\""),
        "{text}"
    );
    assert!(
        text.contains("overlaps #"),
        "a shorter date candidate loses to the longer one:\n{text}"
    );
}

#[test]
fn a_dateline_gives_the_publication_date() {
    let text = "Agency sets AI compute plan\n\nWASHINGTON, March 3, 2025 — The agency said on Monday that it will finish the plan next year.\n";
    let out = claimscan()
        .args(["extract", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["document"]["date"], "2025-03-03");
    assert_eq!(r["document"]["date_source"], "dateline");
    let timexes: Vec<&str> = r["claims"][0]["facts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["value"]["timex"].as_str().unwrap())
        .collect();
    assert_eq!(
        timexes,
        ["2025-03-03", "2025-03-03", "2026"],
        "the dateline, Monday (a past Monday: the same day), next year"
    );
    let flagged = claimscan()
        .args(["extract", "-", "--doc-date", "2025-01-01"])
        .write_stdin(text)
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&flagged.stdout).unwrap();
    assert_eq!(
        r["document"]["date_source"], "option",
        "--doc-date wins over a dateline"
    );
}

#[test]
fn shards_split_the_inputs_without_overlap() {
    let paths = |args: &[&str]| -> Vec<String> {
        let out = claimscan()
            .args(["extract", "corpus/"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["document"]["path"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let all = paths(&[]);
    let (a, b) = (paths(&["--shard", "1/2"]), paths(&["--shard", "2/2"]));
    assert_eq!(a.len() + b.len(), all.len());
    let mut joined: Vec<String> = a.iter().chain(&b).cloned().collect();
    joined.sort();
    assert_eq!(joined, all);
    assert_eq!(a, [all[0].clone(), all[2].clone(), all[4].clone()]);
    let bad = claimscan()
        .args(["extract", "corpus/", "--shard", "3/2"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn fail_fast_stops_at_the_first_failure() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Title\n\nIt rose 5 percent.\n").unwrap();
    std::fs::write(dir.path().join("b.txt"), b"bad \xff byte\n").unwrap();
    std::fs::write(dir.path().join("c.txt"), "Title\n\nIt fell 3 percent.\n").unwrap();
    let out = claimscan()
        .arg("extract")
        .arg(dir.path())
        .args(["--fail-fast", "--jobs", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(lines.len(), 1, "only the record before the failure");
    assert!(lines[0].contains("a.txt"));
    let all = claimscan().arg("extract").arg(dir.path()).output().unwrap();
    assert_eq!(
        String::from_utf8(all.stdout).unwrap().lines().count(),
        2,
        "without --fail-fast both good files"
    );
}
