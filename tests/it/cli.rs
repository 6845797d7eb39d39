//! The binary: exit codes, bad input, output modes and determinism.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{
    BIN, assert_exit, claimscan, file_names, files_under, jsonl_records, shared_corpus,
};

fn stdout_of(args: &[&str]) -> Vec<u8> {
    let out = claimscan().args(args).output().unwrap();
    assert_exit(&out, 0);
    out.stdout
}

/// The record of `claimscan ARGS` reading `text` from standard input, which must succeed.
fn record_of_stdin(args: &[&str], text: &str) -> Value {
    let out = claimscan().args(args).write_stdin(text).output().unwrap();
    assert_exit(&out, 0);
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn extract_shipped_corpus_is_jsonl_in_sorted_order() {
    let lines = jsonl_records(&stdout_of(&["extract", "corpus/"]));
    let paths: Vec<&str> = lines
        .iter()
        .map(|r| r["document"]["path"].as_str().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    assert_eq!(paths, sorted);
    assert!(paths.contains(&"corpus/aukus-genesis-access.txt"));
    assert!(lines.iter().all(|r| r["schema"] == "claimscan/1"));
}

#[test]
fn jobs_never_change_the_output() {
    let dir = shared_corpus().map_or_else(|| "corpus".into(), |d| d.display().to_string());
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
    let stderr = assert_exit(&out, 1);
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
    let records = jsonl_records(&out.stdout);
    assert_eq!(
        file_names(&records),
        ["a-good.txt", "c-empty.txt", "e-good.md"]
    );
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
    let stderr = assert_exit(&out, 1);
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
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("folder holds no .txt, .md, .markdown, .html or .htm files")
    );
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
    let stderr = assert_exit(&out, 2);
    assert!(out.stdout.is_empty());
    assert!(
        stderr.contains("bad.toml:4: dates/x: bad regex"),
        "{stderr}"
    );
}

#[test]
fn stdin_and_doc_date() {
    let r = record_of_stdin(
        &["extract", "-", "--doc-date", "2025-11-24"],
        "Title\n\nThe order came in November and covered 12.5 per cent of it.\n",
    );
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
    assert_exit(&out, 0);
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
        .filter(|n| n.contains(".tmp-"))
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
    let r = record_of_stdin(&["extract", "-"], text);
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
        jsonl_records(&stdout_of(&[&["extract", "corpus/"], args].concat()))
            .iter()
            .map(|r| r["document"]["path"].as_str().unwrap().to_string())
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

/// `n` small articles in a new folder, `0000.txt` on.
fn articles(n: usize, filler: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..n {
        std::fs::write(
            dir.path().join(format!("{i:04}.txt")),
            format!(
                "Title {i}\n\n{}The agency said costs rose {} percent in March 2027.\n",
                "Filler words go here. ".repeat(filler),
                i % 90 + 1
            ),
        )
        .unwrap();
    }
    dir
}

fn is_temporary(p: &Path) -> bool {
    p.file_name()
        .unwrap()
        .to_string_lossy()
        .contains(".claimscan-tmp-")
}

/// Parses a record file, failing on anything but a complete record.
fn complete_record(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let v: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not a complete record: {e}", path.display()));
    assert_eq!(v["schema"], "claimscan/1", "{}", path.display());
    assert!(v["stats"]["claims"].is_u64(), "{}", path.display());
    v
}

#[cfg(unix)]
#[test]
fn a_killed_run_leaves_only_complete_records_and_a_rerun_finishes() {
    const N: usize = 3000;
    let input = articles(N, 0);
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path();
    // What an earlier killed run may leave: a temporary file of a process that is gone (no Linux pid is this
    // large), and an old summary that no longer describes the folder.
    // A look-alike in a folder where no record goes is not touched.
    std::fs::create_dir(out.join("old")).unwrap();
    std::fs::write(out.join(".x.txt.json.claimscan-tmp-4194304-1"), b"{\"sch").unwrap();
    std::fs::write(
        out.join("old/.y.txt.json.claimscan-tmp-4194304-1"),
        b"{\"sch",
    )
    .unwrap();
    std::fs::write(out.join("summary.json"), b"{}").unwrap();
    let mut child = StdCommand::new(BIN)
        .arg("extract")
        .arg(input.path())
        .arg("--out")
        .arg(out)
        .args(["--jobs", "2"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let records = |dir: &Path| {
        std::fs::read_dir(dir)
            .unwrap()
            .filter(|e| {
                let name = e.as_ref().unwrap().file_name();
                let name = name.to_string_lossy();
                name.ends_with(".txt.json") && !name.starts_with('.')
            })
            .count()
    };
    while records(out) < 100 {
        assert!(
            started.elapsed() < Duration::from_mins(2),
            "no records after two minutes"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "finished before the kill"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let written = records(out);
    assert!(
        written < N,
        "all {N} written before the kill; nothing was interrupted"
    );
    assert!(
        !out.join("summary.json").exists(),
        "an interrupted run leaves no summary (the old one was removed first)"
    );
    let mut temporaries = 0;
    for f in files_under(out) {
        if is_temporary(&f) {
            temporaries += 1;
        } else {
            complete_record(&out.join(&f));
        }
    }
    eprintln!("killed after {written} records; {temporaries} temporary file(s) left");
    assert!(
        !out.join(".x.txt.json.claimscan-tmp-4194304-1").exists(),
        "the run removed the stale temporary file first"
    );
    std::fs::remove_file(out.join("old/.y.txt.json.claimscan-tmp-4194304-1"))
        .expect("a look-alike in a folder where no record goes stays");
    // However many the kill left, one more stale file for the rerun to find.
    std::fs::write(
        out.join(".0001.txt.json.claimscan-tmp-4194304-7"),
        b"{\"sch",
    )
    .unwrap();

    let again = claimscan()
        .arg("extract")
        .arg(input.path())
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    let stderr = assert_exit(&again, 0);
    assert!(
        stderr.contains("temporary file(s) left in") && stderr.contains("by an interrupted run"),
        "{stderr}"
    );
    let files = files_under(out);
    assert!(!files.iter().any(|f| is_temporary(f)), "{files:?}");
    assert_eq!(records(out), N);
    for i in (0..N).step_by(97) {
        let r = complete_record(&out.join(format!("{i:04}.txt.json")));
        assert_eq!(r["stats"]["facts"]["percentage"], 1);
    }
    let summary = complete_summary(&out.join("summary.json"));
    assert_eq!(summary["documents"], N);
}

fn complete_summary(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn a_pipe_closed_early_ends_the_run_quietly() {
    let input = articles(400, 40);
    let mut child = StdCommand::new(BIN)
        .arg("extract")
        .arg(input.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(first.contains("0000.txt"), "{first}");
    drop(stdout); // like `| head -1`
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "no message at all"
    );
}

#[test]
fn a_pipe_closed_early_ends_a_stream_while_stdin_is_still_open() {
    let mut child = StdCommand::new(BIN)
        .args(["extract", "--input-format", "jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        let line = serde_json::json!({"id": "x", "text": format!("Title\n\n{}It rose 5 percent.", "Filler words. ".repeat(200))})
            .to_string();
        // Feed until the process is gone; stdin is never closed while it runs.
        for i in 0.. {
            let l = line.replacen("\"x\"", &format!("\"doc-{i}\""), 1);
            if writeln!(stdin, "{l}").is_err() {
                return i;
            }
        }
        unreachable!()
    });
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(first.contains("doc-0"), "{first}");
    drop(stdout);
    let started = Instant::now();
    let out = child.wait_with_output().unwrap();
    assert!(started.elapsed() < Duration::from_mins(1));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    feeder.join().unwrap();
}

#[cfg(unix)]
#[test]
fn records_stay_inside_out_whatever_the_names_and_links() {
    use std::os::unix::fs::symlink;
    let input = tempfile::tempdir().unwrap();
    let article = "Title\n\nIt rose 5 percent.\n";
    std::fs::create_dir_all(input.path().join("sub/deeper")).unwrap();
    std::fs::create_dir_all(input.path().join("linked")).unwrap();
    for f in ["a.txt", "sub/deeper/b.txt", "linked/c.txt"] {
        std::fs::write(input.path().join(f), article).unwrap();
    }
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim.json");
    std::fs::write(&victim, b"keep me").unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path();
    // A link at a record's own path is neither written through nor replaced…
    symlink(&victim, out.join("a.txt.json")).unwrap();
    // …and a linked folder below --out is refused.
    symlink(outside.path(), out.join("linked")).unwrap();
    let dotted = input.path().join("sub/deeper/../..");
    let named = input.path().join("sub/../a.txt");
    let run = claimscan()
        .arg("extract")
        .arg(&dotted)
        .arg(&named)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    let stderr = assert_exit(&run, 1);
    assert_eq!(std::fs::read(&victim).unwrap(), b"keep me");
    assert_eq!(files_under(outside.path()), [PathBuf::from("victim.json")]);
    assert!(
        std::fs::symlink_metadata(out.join("a.txt.json"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let want = format!(
        "cannot write {}: {} is a symbolic link, not a regular file; it is not replaced",
        out.join("a.txt.json").display(),
        out.join("a.txt.json").display()
    );
    assert!(stderr.contains(&want), "want {want}\n{stderr}");
    complete_record(&out.join("sub/deeper/b.txt.json"));
    let want = format!(
        "cannot write {}: {} is a symbolic link; records are never written through links inside the output folder",
        out.join("linked/c.txt.json").display(),
        out.join("linked").display()
    );
    assert!(stderr.contains(&want), "want {want}\n{stderr}");
    // The same article named twice: the first fails on the link, the second is still the second.
    assert!(
        stderr.contains(&format!(
            "{}: its record file a.txt.json is already taken by {}",
            named.display(),
            dotted.join("a.txt").display()
        )),
        "the same article named twice: {stderr}"
    );
    for f in files_under(out) {
        assert!(
            !f.components()
                .any(|c| matches!(c, std::path::Component::ParentDir)),
            "{f:?}"
        );
    }
}
