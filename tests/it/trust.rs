//! Hostile input and unlucky users: output folders, names and messages that must not lie or touch what is
//! not claimscan's.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{BIN, assert_exit, claimscan, files_under, jsonl_records, mkfifo, mknod_char};

const ARTICLE: &str = "Title\n\nThe agency said costs rose 40 percent in March 2027.\n";

/// `extract --input-format jsonl` on a file holding `lines`.
fn extract_jsonl(path: &Path, lines: &str) -> std::process::Output {
    std::fs::write(path, lines).unwrap();
    claimscan()
        .args(["extract", "--input-format", "jsonl"])
        .arg(path)
        .output()
        .unwrap()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// `caf\xNN.txt` for 128 bytes that are not UTF-8 on their own: with --out and several jobs every record is
/// filed under its own document, and every document.path is distinct and decodes to the file's name.
#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_keep_their_own_records() {
    use std::os::unix::ffi::OsStrExt;
    let input = tempfile::tempdir().unwrap();
    for b in 0x80u8..=0xff {
        let mut name = b"caf".to_vec();
        name.push(b);
        name.extend_from_slice(b".txt");
        let text = format!("Title\n\nCosts rose {b} percent in 2027.\n");
        std::fs::write(input.path().join(std::ffi::OsStr::from_bytes(&name)), text).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    for _ in 0..3 {
        let run = claimscan()
            .arg("extract")
            .arg(input.path())
            .arg("--out")
            .arg(out.path())
            .args(["--jobs", "4"])
            .output()
            .unwrap();
        assert_exit(&run, 0);
        let files = files_under(out.path());
        assert_eq!(files.len(), 129, "128 records and the summary: {files:?}");
        let mut paths = std::collections::HashSet::new();
        for f in files.iter().filter(|f| *f != Path::new("summary.json")) {
            let record = read_json(&out.path().join(f));
            let path = record["document"]["path"].as_str().unwrap().to_string();
            let raw = claimscan::model::names::decode(&path);
            let byte = raw[raw.len() - 5];
            let want_name = format!(
                "{}.json",
                claimscan::model::names::encode(&raw[raw.len() - 8..])
            );
            assert_eq!(f.to_str().unwrap(), want_name, "record file of {path}");
            assert_eq!(
                record["claims"][0]["facts"][0]["value"]["amount"],
                f64::from(byte),
                "{path}: the record of another document"
            );
            assert!(paths.insert(path), "two records share a path");
        }
    }
}

#[test]
fn duplicate_document_paths_fail_on_stdout_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.jsonl");
    let run = extract_jsonl(
        &path,
        "{\"id\": \"a\", \"text\": \"It rose 40 percent.\"}\n{\"id\": \"a\", \"text\": \"It rose 99 percent.\"}\n",
    );
    let stderr = assert_exit(&run, 1);
    assert!(
        stderr.contains(&format!(
            "{}:2: document.path \"a\" is already the path of {}:1",
            path.display(),
            path.display()
        )),
        "{stderr}"
    );
    assert_eq!(jsonl_records(&run.stdout).len(), 1);
    // A text file named twice is one document.
    let file = dir.path().join("a.txt");
    std::fs::write(&file, ARTICLE).unwrap();
    let run = claimscan()
        .arg("extract")
        .arg(&file)
        .arg(&file)
        .output()
        .unwrap();
    let stderr = assert_exit(&run, 1);
    assert!(stderr.contains("is already the path of"), "{stderr}");
    assert_eq!(jsonl_records(&run.stdout).len(), 1);
}

/// A reused --out: records of inputs deleted since, or failing now, are removed; the summary lists what is
/// there.
#[test]
fn a_reused_out_folder_holds_only_this_runs_records() {
    let input = tempfile::tempdir().unwrap();
    for name in ["a.txt", "b.txt", "c.txt"] {
        std::fs::write(input.path().join(name), ARTICLE).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let extract = || {
        claimscan()
            .arg("extract")
            .arg(input.path())
            .arg("--out")
            .arg(out.path())
            .output()
            .unwrap()
    };
    assert_exit(&extract(), 0);
    // Not a record of claimscan's: never removed.
    std::fs::write(out.path().join("notes.json"), b"{\"mine\": true}").unwrap();
    std::fs::remove_file(input.path().join("b.txt")).unwrap();
    std::fs::write(input.path().join("c.txt"), b"\x00binary").unwrap();
    let run = extract();
    let stderr = assert_exit(&run, 1);
    assert!(
        stderr.contains("removed 2 record(s) of the previous run"),
        "{stderr}"
    );
    let files: Vec<PathBuf> = files_under(out.path());
    assert_eq!(
        files,
        ["a.txt.json", "notes.json", "summary.json"]
            .map(PathBuf::from)
            .to_vec()
    );
    let summary = read_json(&out.path().join("summary.json"));
    assert_eq!(summary["records"], serde_json::json!(["a.txt.json"]));
    assert_eq!(summary["failed_count"], 1);
}

/// --fail-fast with --out: records finished after the stop are removed, so the folder is what the summary
/// says.
#[test]
fn fail_fast_leaves_the_records_its_summary_lists() {
    let input = tempfile::tempdir().unwrap();
    for i in 0..40 {
        let text = if i == 3 {
            b"\x00".to_vec()
        } else {
            ARTICLE.repeat(20).into_bytes()
        };
        std::fs::write(input.path().join(format!("{i:02}.txt")), text).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let run = claimscan()
        .arg("extract")
        .arg(input.path())
        .arg("--out")
        .arg(out.path())
        .args(["--fail-fast", "--jobs", "2"])
        .output()
        .unwrap();
    assert_exit(&run, 1);
    let summary = read_json(&out.path().join("summary.json"));
    let mut listed: Vec<PathBuf> = summary["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| PathBuf::from(r.as_str().unwrap()))
        .collect();
    listed.push("summary.json".into());
    listed.sort();
    assert_eq!(files_under(out.path()), listed);
    assert_eq!(summary["documents"], 3);
}

/// `.NAME.tmp-DIGITS` files are other programs' (editors, git): never removed; nor is anything in a hidden
/// folder or a folder no record goes to.
#[test]
fn only_claimscans_own_temporaries_are_removed() {
    let input = tempfile::tempdir().unwrap();
    std::fs::write(input.path().join("a.txt"), ARTICLE).unwrap();
    let out = tempfile::tempdir().unwrap();
    let keep = [
        ".git/.index.tmp-4194304",
        ".git/.a.txt.json.claimscan-tmp-4194304-1",
        "other/.b.txt.json.claimscan-tmp-4194304-1",
        ".a.txt.json.tmp-4194304",
    ];
    for k in keep {
        let p = out.path().join(k);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, b"x").unwrap();
    }
    let gone = out.path().join(".a.txt.json.claimscan-tmp-4194304-9");
    std::fs::write(&gone, b"{").unwrap();
    let run = claimscan()
        .arg("extract")
        .arg(input.path())
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    let stderr = assert_exit(&run, 0);
    assert!(stderr.contains("removed 1 temporary file(s)"), "{stderr}");
    for k in keep {
        assert!(out.path().join(k).exists(), "{k} was removed");
    }
    assert!(!gone.exists());
}

#[test]
fn summary_json_is_reserved_at_a_paths_first_component() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.jsonl");
    std::fs::write(
        &path,
        "{\"id\": \"summary.json/x\", \"text\": \"It rose 4 percent.\"}\n{\"id\": \"ok\", \"text\": \"It rose 5 percent.\"}\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    for _ in 0..2 {
        let run = claimscan()
            .args(["extract", "--input-format", "jsonl"])
            .arg(&path)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        let stderr = assert_exit(&run, 1);
        assert!(
            stderr.contains("its record file would be summary.json/x.json, but summary.json holds the run summary"),
            "{stderr}"
        );
        assert!(out.join("summary.json").is_file());
    }
}

#[test]
fn absurd_job_counts_are_refused() {
    for jobs in ["18446744073709551615", "4611686018427387904", "1000000"] {
        let started = Instant::now();
        let run = claimscan()
            .args(["extract", "--jobs", jobs, "-"])
            .write_stdin("")
            .output()
            .unwrap();
        let stderr = assert_exit(&run, 2);
        assert!(
            stderr.contains("is not a number of threads from 1 to 1024"),
            "{stderr}"
        );
        assert!(started.elapsed() < Duration::from_secs(30));
    }
}

/// A full standard output (`> /dev/full`, opened for writing only) is an error that names it, not a panic.
#[cfg(target_os = "linux")]
#[test]
fn a_full_stdout_is_named_not_a_panic() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("skipped: no /dev/full");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    std::fs::write(&file, ARTICLE).unwrap();
    let gold = dir.path().join("gold.jsonl");
    std::fs::write(
        &gold,
        "{\"text\": \"It rose 4 percent.\", \"facts\": [{\"type\": \"percentage\", \"start\": 8, \"end\": 17, \"value\": {\"amount\": 4, \"unit\": \"percent\"}}]}\n",
    )
    .unwrap();
    let commands: [Vec<&std::ffi::OsStr>; 5] = [
        vec!["rules".as_ref(), "check".as_ref()],
        vec!["rules".as_ref(), "test".as_ref()],
        vec!["eval".as_ref(), gold.as_os_str()],
        vec!["extract".as_ref(), file.as_os_str()],
        vec!["text".as_ref(), file.as_os_str()],
    ];
    for args in commands {
        let run = StdCommand::new(BIN)
            .args(&args)
            .stdout(full.try_clone().unwrap())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_ne!(run.status.code(), Some(101), "{args:?} panicked: {stderr}");
        assert_eq!(run.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("cannot write to standard output"),
            "{args:?}: {stderr}"
        );
    }
}

/// A file name can hold ESC, BEL and newlines: messages escape them, records percent-encode them.
#[cfg(unix)]
#[test]
fn control_characters_in_names_never_reach_the_terminal() {
    use std::os::unix::ffi::OsStrExt;
    let input = tempfile::tempdir().unwrap();
    let evil = b"evil\x1b]0;pwned\x07\nclaimscan: all fine.txt";
    std::fs::write(
        input.path().join(std::ffi::OsStr::from_bytes(evil)),
        b"\x00binary",
    )
    .unwrap();
    let ok = b"line\nbreak.txt";
    std::fs::write(input.path().join(std::ffi::OsStr::from_bytes(ok)), ARTICLE).unwrap();
    let out = tempfile::tempdir().unwrap();
    let run = claimscan()
        .arg("extract")
        .arg(input.path())
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    let stderr = assert_exit(&run, 1);
    assert!(
        !stderr.contains('\x1b') && !stderr.contains('\x07'),
        "{stderr:?}"
    );
    assert!(
        stderr.contains("evil%1B]0;pwned%07%0Aclaimscan: all fine.txt: binary file"),
        "{stderr}"
    );
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.starts_with("claimscan: all fine"))
            .count(),
        0,
        "a forged line: {stderr}"
    );
    let files = files_under(out.path());
    assert!(
        files.contains(&PathBuf::from("line%0Abreak.txt.json")),
        "{files:?}"
    );
    let record = read_json(&out.path().join("line%0Abreak.txt.json"));
    assert!(
        record["document"]["path"]
            .as_str()
            .unwrap()
            .ends_with("/line%0Abreak.txt")
    );
    // A JSON Lines id with ESC is escaped in messages.
    let run = extract_jsonl(
        &input.path().join("in.jsonl"),
        "{\"id\": \"x\\u001b[2J\", \"text\": \"A.\"}\n{\"id\": \"x\\u001b[2J\", \"text\": \"B.\"}\n",
    );
    let stderr = assert_exit(&run, 1);
    assert!(!stderr.contains('\x1b'), "{stderr:?}");
    assert!(stderr.contains("\\u{1b}[2J"), "{stderr}");
}

/// An `extract --out DIR/out` of `good.txt` and a FIFO it blocks on, started and waited for until the good
/// record is written, so a test can act while the run holds the folder.
#[cfg(unix)]
struct BlockedRun {
    dir: tempfile::TempDir,
    fifo: PathBuf,
    good: PathBuf,
    out: PathBuf,
    child: std::process::Child,
}

#[cfg(unix)]
impl BlockedRun {
    /// `None`, with the reason printed, where no FIFO can be made.
    fn start() -> Option<BlockedRun> {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("slow.txt");
        if !mkfifo(&fifo) {
            return None;
        }
        let good = dir.path().join("good.txt");
        std::fs::write(&good, ARTICLE).unwrap();
        let out = dir.path().join("out");
        let child = StdCommand::new(BIN)
            .arg("extract")
            .arg(&good)
            .arg(&fifo)
            .arg("--out")
            .arg(&out)
            .args(["--jobs", "1"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        wait_for(&out.join("good.txt.json"));
        Some(BlockedRun {
            dir,
            fifo,
            good,
            out,
            child,
        })
    }

    /// Feeds the FIFO an article, so the run can finish, and waits for it; the folder lives as long as the
    /// `TempDir` returned.
    fn finish(self) -> (std::process::Output, tempfile::TempDir) {
        std::fs::OpenOptions::new()
            .write(true)
            .open(&self.fifo)
            .unwrap()
            .write_all(ARTICLE.as_bytes())
            .unwrap();
        (self.child.wait_with_output().unwrap(), self.dir)
    }
}

/// Waits until `path` exists (the blocked run has started writing).
fn wait_for(path: &Path) {
    let started = Instant::now();
    while !path.exists() {
        assert!(
            started.elapsed() < Duration::from_mins(1),
            "{} never appeared",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A second run into a folder another run is writing is refused; the first finishes undisturbed.
#[cfg(unix)]
#[test]
fn a_second_writer_into_one_out_folder_is_refused() {
    let Some(first) = BlockedRun::start() else {
        return;
    };
    let second = claimscan()
        .arg("extract")
        .arg(&first.good)
        .arg("--out")
        .arg(&first.out)
        .output()
        .unwrap();
    let stderr = assert_exit(&second, 2);
    assert!(
        stderr.contains("another claimscan run is writing there"),
        "{stderr}"
    );
    let out = first.out.clone();
    let (run, _dir) = first.finish();
    assert_eq!(run.status.code(), Some(0));
    assert_eq!(read_json(&out.join("summary.json"))["documents"], 2);
}

/// The summary cannot be written (here a folder took its place during the run): the error names the file
/// and the exit status says records were written.
#[cfg(unix)]
#[test]
fn a_summary_that_cannot_be_written_is_named() {
    let Some(first) = BlockedRun::start() else {
        return;
    };
    let out = first.out.clone();
    std::fs::create_dir(out.join("summary.json")).unwrap();
    let (run, _dir) = first.finish();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "cannot write {}: {} is a folder, not a regular file; it is not replaced; the records were written",
            out.join("summary.json").display(),
            out.join("summary.json").display()
        )),
        "{stderr}"
    );
    assert!(out.join("good.txt.json").is_file() && out.join("slow.txt.json").is_file());
}

/// Where a record or the summary would go, a link, a pipe or (as root) a device is never replaced.
#[cfg(unix)]
#[test]
fn records_and_summaries_never_replace_links_pipes_or_devices() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for name in ["a.txt", "b.txt", "c.txt"] {
        std::fs::write(input.join(name), ARTICLE).unwrap();
    }
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    if !mkfifo(&out.join("a.txt.json")) {
        return;
    }
    let victim = dir.path().join("victim");
    std::fs::write(&victim, b"keep").unwrap();
    std::os::unix::fs::symlink(&victim, out.join("b.txt.json")).unwrap();
    let device = mknod_char(&out.join("c.txt.json"), 1, 3);
    let run = claimscan()
        .arg("extract")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = assert_exit(&run, 1);
    use std::os::unix::fs::FileTypeExt;
    let kind = |n: &str| std::fs::symlink_metadata(out.join(n)).unwrap().file_type();
    assert!(kind("a.txt.json").is_fifo(), "{stderr}");
    assert!(kind("b.txt.json").is_symlink(), "{stderr}");
    assert_eq!(std::fs::read(&victim).unwrap(), b"keep");
    assert!(
        stderr.contains("is a named pipe (FIFO), not a regular file"),
        "{stderr}"
    );
    if device {
        assert!(kind("c.txt.json").is_char_device(), "{stderr}");
        assert!(
            stderr.contains("is a character device, not a regular file"),
            "{stderr}"
        );
    }
}

/// `review --html` to a pipe or a link to one writes through it; the pipe stays a pipe and the link a link.
#[cfg(unix)]
#[test]
fn a_review_page_written_to_a_pipe_or_link_goes_through_it() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let records = dir.path().join("records.jsonl");
    let run = claimscan().arg("extract").arg(&article).output().unwrap();
    assert_exit(&run, 0);
    std::fs::write(&records, &run.stdout).unwrap();
    let fifo = dir.path().join("page.fifo");
    if !mkfifo(&fifo) {
        return;
    }
    let link = dir.path().join("page-link.html");
    std::os::unix::fs::symlink(&fifo, &link).unwrap();
    for target in [&fifo, &link] {
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        let run = claimscan()
            .arg("review")
            .arg(&records)
            .arg("--html")
            .arg(target)
            .timeout(Duration::from_mins(1))
            .output()
            .unwrap();
        assert_exit(&run, 0);
        let index = String::from_utf8(reader.join().unwrap()).unwrap();
        assert!(index.starts_with("<!DOCTYPE html>") && index.contains("d00001.html"));
        // The pages go beside the name given: `page.fifo` → `page_files/`, `page-link.html` →
        // `page-link_files/`.
        let stem = target.file_stem().unwrap().to_str().unwrap();
        let page =
            std::fs::read_to_string(dir.path().join(format!("{stem}_files/d00001.html"))).unwrap();
        assert!(page.starts_with("<!DOCTYPE html>") && page.contains("40 percent"));
    }
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        files_under(dir.path()),
        [
            "a.txt",
            "page-link.html",
            "page-link_files/d00001.html",
            "page-link_files/search.js",
            "page.fifo",
            "page_files/d00001.html",
            "page_files/search.js",
            "records.jsonl"
        ]
        .map(std::path::PathBuf::from),
        "no temporaries left"
    );
}
