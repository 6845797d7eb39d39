//! What many modules share: the crate's folders and the shared corpus beside it, the binary under test, and
//! reading the records it writes.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use assert_cmd::Command;
use claimscan::{Document, Extractor, Record};
use serde_json::Value;

/// The binary under test, for running it without `assert_cmd`.
pub const BIN: &str = env!("CARGO_BIN_EXE_claimscan");

/// The shipped article with facts of every family, as records name it (relative to the crate's folder).
pub const BRIEFING: &str = "corpus/aukus-genesis-access.txt";

/// The embedded-rules extractor, built once.
pub fn extractor() -> &'static Extractor {
    static E: OnceLock<Extractor> = OnceLock::new();
    E.get_or_init(|| Extractor::embedded().unwrap())
}

/// Standard output of a run that must succeed.
#[track_caller]
pub fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert_exit(&out, 0);
    String::from_utf8(out.stdout).unwrap()
}

/// The binary under test.
pub fn claimscan() -> Command {
    Command::cargo_bin("claimscan").unwrap()
}

/// The crate's folder.
pub fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/SUB` beside the checkout, or `None` when it is absent and skipping is allowed: `lives` says what
/// lives there (`the shared test corpus lives beside the checkout`).
///
/// A test that needs the shared data must not pass by checking nothing, so when the folder is absent this
/// panics: always when `CI` is set (CI has `../shared`), and otherwise unless `CLAIMSCAN_ALLOW_SKIP=1`, which
/// lets the test pass without those cases, saying so on stderr.
pub fn shared_dir(sub: &str, lives: &str) -> Option<PathBuf> {
    let dir = manifest_dir().join("../shared").join(sub);
    if dir.is_dir() {
        return Some(dir);
    }
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
    let allowed = std::env::var_os("CLAIMSCAN_ALLOW_SKIP").is_some_and(|v| v == "1");
    if let Err(why) = may_skip(ci, allowed) {
        panic!("{} is absent ({lives}){why}", dir.display());
    }
    eprintln!(
        "skipping: {} is absent ({lives}; CLAIMSCAN_ALLOW_SKIP=1)",
        dir.display()
    );
    None
}

/// `../shared/corpus` beside the checkout, or `None` (with the reason printed) when it is absent.
pub fn shared_corpus() -> Option<PathBuf> {
    shared_dir("corpus", "the shared test corpus lives beside the checkout")
}

/// The `.txt` articles of a folder, sorted.
pub fn articles(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    v.sort();
    v
}

/// Loads the file at `path` as a document named `shown`, without a publication date, and extracts it with
/// the embedded rules.
pub fn extract_file(path: &Path, shown: &str) -> (Document, Record) {
    let bytes = std::fs::read(path).unwrap();
    let doc = Document::from_bytes(shown, bytes, None).unwrap();
    let record = extractor().extract(&doc);
    (doc, record)
}

/// The raw articles (`../shared/corpus-raw/*.md`, front matter and hard-wrapped Markdown), if present.
pub fn raw_corpus() -> Option<PathBuf> {
    shared_dir(
        "corpus-raw",
        "the raw articles live in ../shared/corpus-raw beside the checkout",
    )
}

/// Whether a test may pass without the shared data it needs: never in CI, elsewhere only when allowed;
/// `Err` ends the message saying why not.
fn may_skip(ci: bool, allowed: bool) -> Result<(), &'static str> {
    match (ci, allowed) {
        (true, _) => Err(": CI must have it"),
        (false, false) => {
            Err("; set CLAIMSCAN_ALLOW_SKIP=1 to pass without the cases that need it")
        }
        (false, true) => Ok(()),
    }
}

#[test]
fn shared_data_may_be_skipped_only_when_allowed_and_never_in_ci() {
    assert!(may_skip(true, true).is_err());
    assert!(may_skip(true, false).is_err());
    assert!(
        may_skip(false, false)
            .unwrap_err()
            .contains("CLAIMSCAN_ALLOW_SKIP=1")
    );
    assert_eq!(may_skip(false, true), Ok(()));
}

/// The Markdown articles of a folder, sorted, without its README.
pub fn markdown_articles(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    v.sort();
    v
}

/// Asserts that a run of the binary exited with `code`, showing its standard error when not, and returns
/// that standard error.
#[track_caller]
pub fn assert_exit(out: &Output, code: i32) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(code), "{stderr}");
    stderr
}

/// The records of JSON Lines output, one a line.
pub fn jsonl_records(stdout: &[u8]) -> Vec<Value> {
    std::str::from_utf8(stdout)
        .expect("the output is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// The file names of records' `document.path`, in record order.
pub fn file_names(records: &[Value]) -> Vec<String> {
    records
        .iter()
        .map(|r| {
            Path::new(r["document"]["path"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

/// Every file under `dir`, relative to it, sorted.
/// The files below `dir`, relative to it and sorted; an output folder's lock file (`.claimscan.lock`, always
/// there once a run wrote the folder) is left out.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else if e.file_name() != ".claimscan.lock" {
                found.push(e.path().strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    found.sort();
    found
}

/// Makes a named pipe at `path` with `mkfifo`; `false`, with the reason printed, where that is not possible.
pub fn mkfifo(path: &Path) -> bool {
    let made = std::process::Command::new("mkfifo").arg(path).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return false;
    }
    true
}

/// Makes a character device node at `path` (in a temporary folder: never the system's `/dev`) with `mknod`;
/// `false`, with the reason printed, when this is not root.
pub fn mknod_char(path: &Path, major: u32, minor: u32) -> bool {
    let made = std::process::Command::new("mknod")
        .arg(path)
        .args(["c", &major.to_string(), &minor.to_string()])
        .stderr(std::process::Stdio::null())
        .status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mknod needs root");
        return false;
    }
    true
}

/// A review page without the article's runs (`<span class="r" …>text</span>`, text only, never an element
/// inside), so the text around the marks reads as one.
pub fn unrun(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    let mut rest = page;
    while let Some(at) = rest.find("<span class=\"r") {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let open = tail.find('>').map_or(tail.len(), |i| i + 1);
        let close = tail.find("</span>").unwrap_or(tail.len());
        out.push_str(&tail[open.min(close)..close]);
        rest = tail.get(close + "</span>".len()..).unwrap_or("");
    }
    out.push_str(rest);
    out
}
