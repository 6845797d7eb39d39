//! Batches: walking folders, extracting in parallel, writing in input order, and the run summary.
//!
//! Inputs are files, folders (walked recursively in sorted order; `.txt`, `.md`, `.markdown`, `.html` and `.htm`
//! files, or `.jsonl` and `.ndjson` with [`InputFormat::Jsonl`], any case; hidden entries and symlinked folders
//! are skipped) and `-` for standard input. With [`InputFormat::Jsonl`] every input holds one document per line.
//! The other files a walk meets, and project files such as `README.md` or `LICENSE`, are not read but counted
//! by type ([`Skipped`]), so the summary can say what was left out and how to convert it.
//!
//! # How a run flows
//!
//! ```text
//! reader thread ──(seq, task)──► N workers ──(seq, outcome)──► writer (this thread)
//!   lists inputs, reads           read, decode, extract,          reorders by seq, writes stdout,
//!   JSON Lines, names records     serialize, write --out files    reports failures, counts
//! ```
//!
//! The reader numbers documents in input order and may run at most `window` documents ahead of the writer
//! (`8 × jobs`, at least 16); the writer keeps the few results that arrive early in a small map until their turn.
//! So records come out in input order as soon as each is ready, the output is byte-identical for any `--jobs`,
//! and memory is bounded by the window (times the size of a document), never by the corpus: a million files
//! or an endless JSON Lines stream on standard input run in the same memory.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, BufRead, BufReader, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TryRecvError, sync_channel};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use crate::document::read::{self, LineRead, ReadError};
use crate::document::{Document, JsonLine, LoadError};
use crate::model::date::Date;
use crate::model::names;
use crate::output::{self, Format, OutDir};
use crate::pipeline::Extractor;
use crate::record::FactCounts;

/// Where an input comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A file on disk.
    File(PathBuf),
    /// Standard input.
    Stdin,
}

/// How input files hold documents (`--input-format`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InputFormat {
    /// One document per file: UTF-8 text, optionally with front matter.
    #[default]
    Text,
    /// JSON Lines: one document per non-blank line, `{"id", "text", "date"?, "title"?}` (see
    /// [`JsonLine`]). The record's `document.path` is the id; failures are named `FILE:LINE`.
    Jsonl,
}

impl InputFormat {
    /// The file extensions a folder walk picks up.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            InputFormat::Text => &["txt", "md", "markdown", "html", "htm"],
            InputFormat::Jsonl => &["jsonl", "ndjson"],
        }
    }
}

/// One input path: a text document, or (with [`InputFormat::Jsonl`]) a file of documents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    /// The path as written in the record: as named, with bytes that are not UTF-8 and control characters
    /// percent-encoded ([`names::encode`]).
    pub path: String,
    /// Where to read it.
    pub source: Source,
    /// Its record's path under `--out`, relative to the output folder (text inputs only).
    pub out: PathBuf,
}

/// An input that could not be processed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// The path as the user named it, or `FILE:LINE` for a JSON Lines line.
    pub path: String,
    /// What went wrong.
    pub error: String,
}

impl Failure {
    /// `PATH: ERROR`, safe to print on a terminal ([`names::printable`]).
    pub fn message(&self) -> String {
        format!(
            "{}: {}",
            names::printable(&self.path),
            names::printable(&self.error)
        )
    }
}

/// What a file a folder walk does not read is, by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkippedType {
    /// `.pdf`
    Pdf,
    /// `.docx`
    Docx,
    /// `.doc`
    Doc,
    /// `.rtf`
    Rtf,
    /// `.odt`
    Odt,
    /// `.epub`
    Epub,
    /// `.pptx`
    Pptx,
    /// `.xlsx`
    Xlsx,
    /// `.csv`
    Csv,
    /// `.json`
    Json,
    /// `.xml`
    Xml,
    /// `.png`, `.jpg`, `.jpeg`, `.gif`, `.webp`, `.svg`
    Image,
    /// `.zip`, `.gz`, `.xz`, `.zst`, `.tar`, `.7z`
    Archive,
    /// `README`, `MANIFEST`, `LICENSE`, `LICENCE`, `CHANGELOG`, `CONTRIBUTING`, with any extension.
    ProjectFile,
    /// Anything else.
    Other,
}

impl SkippedType {
    /// The type of a file named `name`, by extension (any case).
    fn of(name: &str) -> SkippedType {
        let ext = match name.rsplit_once('.') {
            Some((_, x)) => x.to_ascii_lowercase(),
            None => String::new(),
        };
        match ext.as_str() {
            "pdf" => SkippedType::Pdf,
            "docx" => SkippedType::Docx,
            "doc" => SkippedType::Doc,
            "rtf" => SkippedType::Rtf,
            "odt" => SkippedType::Odt,
            "epub" => SkippedType::Epub,
            "pptx" => SkippedType::Pptx,
            "xlsx" => SkippedType::Xlsx,
            "csv" => SkippedType::Csv,
            "json" => SkippedType::Json,
            "xml" => SkippedType::Xml,
            "png" | "jpg" | "jpeg" | "gif" | "webp" | "svg" => SkippedType::Image,
            "zip" | "gz" | "xz" | "zst" | "tar" | "7z" => SkippedType::Archive,
            _ => SkippedType::Other,
        }
    }

    /// Whether `name` is a project file that sits beside articles (`README.md`, `readme.txt`, `LICENSE`):
    /// its part before the first `.`, any case.
    fn is_project_file(name: &str) -> bool {
        let stem = name.split('.').next().unwrap_or_default();
        [
            "README",
            "MANIFEST",
            "LICENSE",
            "LICENCE",
            "CHANGELOG",
            "CONTRIBUTING",
        ]
        .iter()
        .any(|p| stem.eq_ignore_ascii_case(p))
    }

    /// `n` files of this type, as the summary line says it: `2 PDF`, `1 image`, `3 project files`.
    fn count(self, n: usize) -> String {
        let s = if n == 1 { "" } else { "s" };
        match self {
            SkippedType::Image => format!("{n} image{s}"),
            SkippedType::Archive => format!("{n} archive{s}"),
            SkippedType::ProjectFile => format!("{n} project file{s}"),
            SkippedType::Other => format!("{n} other file{s}"),
            SkippedType::Pdf => format!("{n} PDF"),
            SkippedType::Docx => format!("{n} DOCX"),
            SkippedType::Doc => format!("{n} DOC"),
            SkippedType::Rtf => format!("{n} RTF"),
            SkippedType::Odt => format!("{n} ODT"),
            SkippedType::Epub => format!("{n} EPUB"),
            SkippedType::Pptx => format!("{n} PPTX"),
            SkippedType::Xlsx => format!("{n} XLSX"),
            SkippedType::Csv => format!("{n} CSV"),
            SkippedType::Json => format!("{n} JSON"),
            SkippedType::Xml => format!("{n} XML"),
        }
    }

    /// The command that converts a file of this type to text beside it, if there is a common one.
    fn converter(self) -> Option<&'static str> {
        match self {
            SkippedType::Pdf => Some("pdftotext -layout FILE FILE.txt"),
            SkippedType::Docx | SkippedType::Rtf | SkippedType::Odt | SkippedType::Epub => {
                Some("pandoc FILE -t plain -o FILE.txt")
            }
            // Pandoc does not read the binary Word 97-2003 format.
            SkippedType::Doc => Some("antiword FILE > FILE.txt"),
            _ => None,
        }
    }
}

/// A file a folder walk did not read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SkippedFile {
    /// Its path, as records name paths.
    pub path: String,
    /// What it is.
    #[serde(rename = "type")]
    pub kind: SkippedType,
}

/// The files folder walks did not read: counts by type, and the first few by name.
///
/// In `summary.json`: `"skipped": {"pdf": 2, "project_file": 1}` (`{}` when none; types in the order of
/// [`SkippedType`]) and `"skipped_files": [{"path": "…", "type": "pdf"}, …]` (left out when none).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// How many files of each type.
    #[serde(rename = "skipped")]
    pub counts: BTreeMap<SkippedType, usize>,
    /// The first [`Skipped::NAMED`] of them, in walk order.
    #[serde(rename = "skipped_files", skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<SkippedFile>,
}

impl Skipped {
    /// How many skipped files are named one by one.
    pub const NAMED: usize = 20;

    fn add(&mut self, path: &Path, kind: SkippedType) {
        *self.counts.entry(kind).or_default() += 1;
        if self.files.len() < Skipped::NAMED {
            self.files.push(SkippedFile {
                path: names::encode_path(path),
                kind,
            });
        }
    }

    /// `skipped 2 PDF, 1 DOCX (not articles: convert with `…` / `…`)` for the summary line; `None` when
    /// nothing was skipped.
    pub fn describe(&self) -> Option<String> {
        if self.counts.is_empty() {
            return None;
        }
        let counts: Vec<String> = self.counts.iter().map(|(t, &n)| t.count(n)).collect();
        let mut commands: Vec<&str> = Vec::new();
        for c in self.counts.keys().filter_map(|t| t.converter()) {
            if !commands.contains(&c) {
                commands.push(c);
            }
        }
        let why = if commands.is_empty() {
            "not articles".to_string()
        } else {
            let commands: Vec<String> = commands.iter().map(|c| format!("`{c}`")).collect();
            format!("not articles: convert with {}", commands.join(" / "))
        };
        Some(format!("skipped {} ({why})", counts.join(", ")))
    }
}

/// Expands command-line paths into inputs, in order; problems become failures.
///
/// Folders are walked for the extensions of `format`; the other files they hold, and project files
/// ([`SkippedType::ProjectFile`]), are counted in the returned [`Skipped`]. A file named directly is taken
/// whatever its name.
pub fn collect_inputs(
    paths: &[PathBuf],
    format: InputFormat,
) -> (Vec<Input>, Vec<Failure>, Skipped) {
    let mut inputs = Vec::new();
    let mut failures = Vec::new();
    let mut skipped = Skipped::default();
    for path in paths {
        if path == Path::new("-") {
            inputs.push(Input {
                path: "-".into(),
                source: Source::Stdin,
                out: PathBuf::from("stdin.json"),
            });
            continue;
        }
        let p = names::encode_path(path);
        match std::fs::metadata(path) {
            Err(e) => failures.push(Failure {
                path: p.clone(),
                error: io_message(&e),
            }),
            Ok(m) if m.is_dir() => {
                let before = (inputs.len(), failures.len());
                walk(path, path, format, &mut inputs, &mut failures, &mut skipped);
                if (inputs.len(), failures.len()) == before {
                    let ext: Vec<String> = format
                        .extensions()
                        .iter()
                        .map(|x| format!(".{x}"))
                        .collect();
                    let (last, rest) = ext.split_last().expect("every format has extensions");
                    let ext = match rest {
                        [] => last.clone(),
                        _ => format!("{} or {last}", rest.join(", ")),
                    };
                    failures.push(Failure {
                        path: p.clone(),
                        error: format!("folder holds no {ext} files"),
                    });
                }
            }
            Ok(_) => {
                let name = path
                    .file_name()
                    .map_or_else(|| p.clone(), |n| names::encode(n.as_encoded_bytes()));
                inputs.push(Input {
                    path: p,
                    source: Source::File(path.into()),
                    out: PathBuf::from(format!("{name}.json")),
                });
            }
        }
    }
    (inputs, failures, skipped)
}

fn walk(
    root: &Path,
    dir: &Path,
    format: InputFormat,
    inputs: &mut Vec<Input>,
    failures: &mut Vec<Failure>,
    skipped: &mut Skipped,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(Result::ok).collect::<Vec<_>>(),
        Err(e) => {
            failures.push(Failure {
                path: names::encode_path(dir),
                error: io_message(&e),
            });
            return;
        }
    };
    let mut entries: Vec<(std::ffi::OsString, PathBuf, Option<std::fs::FileType>)> = entries
        .into_iter()
        .filter(|e| !e.file_name().as_encoded_bytes().starts_with(b"."))
        .map(|e| (e.file_name(), e.path(), e.file_type().ok()))
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let extensions = format.extensions();
    for (name, path, kind) in entries {
        if kind.is_some_and(|t| t.is_dir()) {
            walk(root, &path, format, inputs, failures, skipped);
            continue;
        }
        let is_link = kind.is_some_and(|t| t.is_symlink());
        let name = name.to_string_lossy();
        let project = SkippedType::is_project_file(&name);
        let wanted = extensions.iter().any(|w| {
            name.rsplit_once('.')
                .is_some_and(|(_, x)| x.eq_ignore_ascii_case(w))
        });
        if project || !wanted {
            // A link to a folder is skipped silently like any symlinked folder, not counted as a file.
            if !(is_link && path.is_dir()) {
                let kind = if project {
                    SkippedType::ProjectFile
                } else {
                    SkippedType::of(&name)
                };
                skipped.add(&path, kind);
            }
            continue;
        }
        let fail = |error: String| Failure {
            path: names::encode_path(&path),
            error,
        };
        // A link is followed to a file; a link to a folder is skipped like any symlinked folder.
        let target = if is_link {
            std::fs::metadata(&path).map(|m| m.file_type())
        } else {
            kind.ok_or_else(|| io::Error::other("cannot tell what kind of entry it is"))
        };
        match target {
            Ok(t) if t.is_file() => {}
            Ok(t) if t.is_dir() => continue,
            Ok(_) => {
                failures.push(fail(
                    "not a regular file (a pipe, socket or device); skipped".into(),
                ));
                continue;
            }
            Err(e) if is_link && e.kind() == io::ErrorKind::NotFound => {
                failures.push(fail(
                    "broken symbolic link: its target does not exist".into(),
                ));
                continue;
            }
            Err(e) => {
                failures.push(fail(io_message(&e)));
                continue;
            }
        }
        let rel = path.strip_prefix(root).unwrap_or(&path);
        inputs.push(Input {
            path: names::encode_path(&path),
            source: Source::File(path.clone()),
            out: PathBuf::from(names::encode_path(rel) + ".json"),
        });
    }
}

/// `ELOOP`, which `io::ErrorKind` has no stable kind for.
#[cfg(target_os = "linux")]
const ELOOP: Option<i32> = Some(40);
#[cfg(any(target_os = "macos", target_os = "freebsd", target_os = "openbsd"))]
const ELOOP: Option<i32> = Some(62);
#[cfg(not(any(
    target_os = "linux",
    target_os = "macos",
    target_os = "freebsd",
    target_os = "openbsd"
)))]
const ELOOP: Option<i32> = None;

/// An I/O error as a short reason, without the `(os error N)` noise for the common kinds.
fn io_message(e: &io::Error) -> String {
    if ELOOP.is_some() && e.raw_os_error() == ELOOP {
        return "symbolic link loop (too many levels of symbolic links)".into();
    }
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::IsADirectory => "is a folder".into(),
        io::ErrorKind::NotADirectory => "a component of the path is not a folder".into(),
        io::ErrorKind::StorageFull => "no space left on the device".into(),
        io::ErrorKind::ReadOnlyFilesystem => "read-only file system".into(),
        _ => e.to_string(),
    }
}

/// A [`ReadError`] as a short reason.
fn read_message(e: &ReadError) -> String {
    match e {
        ReadError::Io(e) => io_message(e),
        other => other.to_string(),
    }
}

/// How to run a batch.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Worker threads; 0 means all cores.
    pub jobs: usize,
    /// Publication date for every input (`--doc-date`); a JSON Lines line's own `date` wins over it.
    pub doc_date: Option<Date>,
    /// `--out DIR`: one pretty JSON file per document plus `summary.json`.
    pub out: Option<PathBuf>,
    /// Standard-output format when there is no `--out`.
    pub format: Format,
    /// How inputs hold documents (`--input-format`).
    pub input_format: InputFormat,
    /// Stop at the first document that fails (`--fail-fast`): the records before it are written and none
    /// after on stdout; with `--out`, documents already in flight (at most the reorder window) may have their
    /// files.
    pub fail_fast: bool,
    /// Draw a progress bar on standard error (the binary sets it when stderr is a terminal).
    pub progress: bool,
    /// Largest document read, in bytes (`--max-doc-bytes`; a JSON Lines line likewise); 0 means no cap.
    pub max_doc_bytes: u64,
    /// Memory budget in bytes (`--max-memory`): documents whose [`peak_estimate`]s together exceed it are
    /// not processed at once; 0 means no budget.
    pub max_memory: u64,
}

impl Options {
    /// The per-document cap in bytes: [`Options::max_doc_bytes`], or no cap for 0.
    pub fn doc_cap(&self) -> u64 {
        match self.max_doc_bytes {
            0 => u64::MAX,
            n => n,
        }
    }
}

/// `--shard K/N`: the inputs whose position in the sorted input list is K-1 modulo N (K counts from 1), so N
/// machines given the same paths split the work without overlap. With JSON Lines the inputs are the files, not
/// their lines.
pub fn shard(inputs: Vec<Input>, k: usize, n: usize) -> Vec<Input> {
    inputs
        .into_iter()
        .enumerate()
        .filter(|(i, _)| i % n == k - 1)
        .map(|(_, input)| input)
        .collect()
}

/// What a run did.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    /// Documents written.
    pub documents: usize,
    /// Claims across documents.
    pub claims: usize,
    /// Facts per type across documents.
    pub facts: FactCounts,
    /// Inputs that failed, in input order: the first 1,000 (all are reported on standard error).
    pub failed: Vec<Failure>,
    /// How many inputs failed in all.
    pub failed_count: usize,
    /// Bytes of article text read.
    #[serde(skip)]
    pub bytes: usize,
    /// Wall time.
    #[serde(skip)]
    pub elapsed: Duration,
    /// Why `summary.json` could not be written, when it could not (the records were).
    #[serde(skip)]
    pub summary_error: Option<String>,
    /// Written record files, relative to `--out`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<String>,
    /// Files in the named folders that were not read, by type: `skipped` and `skipped_files`.
    #[serde(flatten)]
    pub skipped: Skipped,
}

impl Summary {
    /// The one-line summary printed on standard error.
    pub fn line(&self) -> String {
        let secs = self.elapsed.as_secs_f64();
        let mb = self.bytes as f64 / 1e6;
        let facts: Vec<String> = crate::model::value::FactType::ALL
            .iter()
            .map(|&t| format!("{} {}", self.facts.get(t), t.as_str()))
            .collect();
        let mut line = format!(
            "claimscan: {} documents, {} failed, {} claims; facts: {}; {:.2} MB in {:.2} s ({:.1} MB/s)",
            self.documents,
            self.failed_count,
            self.claims,
            facts.join(", "),
            mb,
            secs,
            if secs > 0.0 { mb / secs } else { 0.0 }
        );
        if let Some(skipped) = self.skipped.describe() {
            line.push_str("; ");
            line.push_str(&skipped);
        }
        line
    }
}

/// A unit of work, numbered by the reader in output order.
enum Task {
    /// A text input, read by the worker; `out` is its record path under `--out`.
    File { input: usize, out: Option<PathBuf> },
    /// Standard input as one text document, with its share of the memory budget.
    Stdin {
        bytes: Vec<u8>,
        out: Option<PathBuf>,
        lease: Lease,
    },
    /// One JSON Lines line, parsed, with its share of the memory budget; `label` is `FILE:LINE`.
    Line {
        label: String,
        line: JsonLine,
        out: Option<PathBuf>,
        lease: Lease,
    },
    /// A failure found while reading (a bad line, an unreadable file): passed through in order.
    Failed(Failure),
}

impl Task {
    /// How messages name the task's document.
    fn label(&self, inputs: &[Input]) -> String {
        match self {
            Task::File { input, .. } => inputs[*input].path.clone(),
            Task::Stdin { .. } => "-".into(),
            Task::Line { label, .. } => label.clone(),
            Task::Failed(f) => f.path.clone(),
        }
    }
}

/// What a worker made of a task.
enum Outcome {
    Done(Done),
    Failed(Failure),
}

/// A processed document.
struct Done {
    /// How messages name it: the path, or `FILE:LINE`.
    label: String,
    bytes: usize,
    claims: usize,
    facts: FactCounts,
    warnings: Vec<String>,
    /// JSON Lines or pretty JSON bytes for standard output; empty with `--out`.
    payload: Vec<u8>,
    /// The record file written under `--out`.
    record: Option<PathBuf>,
}

/// Lets the reader run at most `window` documents ahead of the writer, and stops it.
struct Gate {
    state: Mutex<GateState>,
    moved: Condvar,
    window: usize,
}

struct GateState {
    /// The writer has written every document before this one.
    written: usize,
    stopped: bool,
}

impl Gate {
    fn new(window: usize) -> Gate {
        Gate {
            state: Mutex::new(GateState {
                written: 0,
                stopped: false,
            }),
            moved: Condvar::new(),
            window,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, GateState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until document `seq` fits in the window; `false` when the run is stopping.
    fn admit(&self, seq: usize) -> bool {
        let mut st = self.lock();
        while seq >= st.written + self.window && !st.stopped {
            st = self.moved.wait(st).unwrap_or_else(|e| e.into_inner());
        }
        !st.stopped
    }

    fn written(&self, n: usize) {
        self.lock().written = n;
        self.moved.notify_all();
    }

    fn stop(&self) {
        self.lock().stopped = true;
        self.moved.notify_all();
    }

    fn stopped(&self) -> bool {
        self.lock().stopped
    }
}

/// Extracts every input and writes the records; `stdout` receives JSON Lines (or JSON) when there is no `--out`.
///
/// Failures (unreadable, not UTF-8, binary, a bad JSON Lines line, a record that cannot be written) are
/// reported in the summary and on `stderr`, in input order; every other document is still written. With
/// `--out`, the folder is created, temporary files left by killed runs are removed, and an old `summary.json`
/// is removed first (a run that does not finish leaves none); an output folder that cannot be written is an
/// error before any work. Errors writing `stdout` (a broken pipe among them) end the run with that error;
/// the binary treats a broken pipe as success. `skipped` (from [`collect_inputs`]) goes into the summary as it is.
///
/// Standard input is read on a thread of its own: if the run ends early (a closed stdout) while that thread
/// waits for input, it is left to end with the process.
pub fn run(
    extractor: &Extractor,
    inputs: &[Input],
    failed: Vec<Failure>,
    skipped: Skipped,
    opts: &Options,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> io::Result<Summary> {
    let started = Instant::now();
    let mut summary = Summary {
        skipped,
        ..Summary::default()
    };
    let out_error = |dir: &Path, e: io::Error| {
        io::Error::new(
            e.kind(),
            format!(
                "cannot write to --out {}: {}",
                names::printable(&dir.display().to_string()),
                io_message(&e)
            ),
        )
    };
    let out = match &opts.out {
        Some(dir) => Some(OutDir::open(dir).map_err(|e| out_error(dir, e))?),
        None => None,
    };
    let previous = match &out {
        Some(o) => {
            let previous = o.previous_records();
            match std::fs::remove_file(o.root().join(output::SUMMARY_FILE)) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => {
                    return Err(out_error(o.root(), e));
                }
                _ => {}
            }
            previous
        }
        None => Vec::new(),
    };
    let mut failures = Failures::default();
    for f in failed {
        let _ = writeln!(stderr, "claimscan: {}", f.message());
        failures.push(f);
    }
    let json_array = opts.out.is_none() && opts.format == Format::Json;
    if json_array {
        stdout.write_all(b"[\n").map_err(stdout_error)?;
    }
    // With --fail-fast, a path that could not even be listed stops the run before any work.
    if failures.count == 0 || !opts.fail_fast {
        let mut writer = Writer {
            summary: &mut summary,
            failed: &mut failures,
            opts,
            stdout,
            stderr,
            json_array,
            first: true,
            progress: progress_bar(opts, inputs.len()),
        };
        let result = pipeline(extractor, inputs, opts, out.as_ref(), &mut writer);
        writer.progress.finish_and_clear();
        result?;
    }
    if json_array {
        stdout.write_all(b"\n]\n").map_err(stdout_error)?;
    }
    stdout.flush().map_err(stdout_error)?;
    summary.failed_count = failures.count;
    summary.failed = failures.kept;
    summary.elapsed = started.elapsed();
    if let Some(out) = &out {
        finish_out(out, &previous, &mut summary, stderr);
    }
    Ok(summary)
}

/// Ends a run with `--out`: removes the records the summary does not list (those written after a stop, and
/// the previous run's that this run did not produce), reports the temporaries removed, writes `summary.json`.
fn finish_out(out: &OutDir, previous: &[PathBuf], summary: &mut Summary, stderr: &mut dyn Write) {
    let dir = names::printable(&out.root().display().to_string()).into_owned();
    let listed: std::collections::HashSet<&Path> = summary.records.iter().map(Path::new).collect();
    let mut late = 0;
    let mut stale = 0;
    let mut problems = Vec::new();
    for rel in out
        .written()
        .iter()
        .filter(|r| !listed.contains(r.as_path()))
    {
        match out.remove_record(rel) {
            Ok(true) => late += 1,
            Ok(false) => {}
            Err(e) => problems.push(format!("{}: {}", rel.display(), io_message(&e))),
        }
    }
    for rel in previous.iter().filter(|r| !listed.contains(r.as_path())) {
        match out.remove_record(rel) {
            Ok(true) => stale += 1,
            Ok(false) => {}
            Err(e) => problems.push(format!("{}: {}", rel.display(), io_message(&e))),
        }
    }
    let removed = out.removed_temporaries();
    if removed > 0 {
        let _ = writeln!(
            stderr,
            "claimscan: removed {removed} temporary file(s) left in {dir} by an interrupted run"
        );
    }
    if late > 0 {
        let _ = writeln!(
            stderr,
            "claimscan: removed {late} record(s) finished after the run stopped; {dir} holds what summary.json lists"
        );
    }
    if stale > 0 {
        let _ = writeln!(
            stderr,
            "claimscan: removed {stale} record(s) of the previous run in {dir} that this run did not produce (inputs deleted, renamed or now failing)"
        );
    }
    for p in problems {
        let _ = writeln!(
            stderr,
            "claimscan: warning: cannot remove an old record {}: it stays, but is not listed in summary.json",
            names::printable(&p)
        );
    }
    let bytes = output::pretty(&SummaryFile {
        schema: "claimscan-summary/1",
        summary,
    });
    let path = out.root().join(output::SUMMARY_FILE);
    if let Err(e) = output::write_atomic(&path, &bytes) {
        summary.summary_error = Some(format!(
            "cannot write {}: {}",
            names::printable(&path.display().to_string()),
            io_message(&e)
        ));
    }
}

/// An error writing standard output, naming it (its kind kept: a broken pipe is not a failure).
fn stdout_error(e: io::Error) -> io::Error {
    io::Error::new(
        e.kind(),
        format!("cannot write to standard output: {}", io_message(&e)),
    )
}

/// Failures of a run: the first [`Failures::KEPT`] in full, and how many in all (a stream of bad JSON Lines
/// must not grow memory).
#[derive(Debug, Default)]
struct Failures {
    kept: Vec<Failure>,
    count: usize,
}

impl Failures {
    /// Failures kept in full for the summary; every one is still reported on standard error.
    const KEPT: usize = 1000;

    fn push(&mut self, f: Failure) {
        self.count += 1;
        if self.kept.len() < Failures::KEPT {
            self.kept.push(f);
        }
    }
}

fn progress_bar(opts: &Options, inputs: usize) -> ProgressBar {
    let bar = match opts.input_format {
        _ if !opts.progress => return ProgressBar::hidden(),
        InputFormat::Text if inputs <= 1 => return ProgressBar::hidden(),
        InputFormat::Text => {
            ProgressBar::with_draw_target(Some(inputs as u64), ProgressDrawTarget::stderr())
                .with_style(
                    ProgressStyle::with_template(
                        "claimscan {wide_bar} {human_pos}/{human_len} files, {elapsed}, {eta} left",
                    )
                    .expect("the template is valid"),
                )
        }
        InputFormat::Jsonl => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
            .with_style(
                ProgressStyle::with_template(
                    "claimscan {spinner} {human_pos} documents, {elapsed}",
                )
                .expect("the template is valid"),
            ),
    };
    bar.set_position(0);
    bar
}

/// The writing end: everything that happens in input order.
struct Writer<'a> {
    summary: &'a mut Summary,
    failed: &'a mut Failures,
    opts: &'a Options,
    stdout: &'a mut dyn Write,
    stderr: &'a mut dyn Write,
    json_array: bool,
    first: bool,
    progress: ProgressBar,
}

impl Writer<'_> {
    /// Reports, counts and writes one outcome; `Ok(false)` when the run must stop (`--fail-fast`).
    fn take(&mut self, outcome: Outcome) -> io::Result<bool> {
        self.progress.inc(1);
        match outcome {
            Outcome::Done(done) => {
                if !done.warnings.is_empty() {
                    let (stderr, label) = (&mut self.stderr, names::printable(&done.label));
                    self.progress.suspend(|| {
                        for w in &done.warnings {
                            let w = names::printable(w);
                            let _ = writeln!(stderr, "claimscan: {label}: warning: {w}");
                        }
                    });
                }
                self.summary.documents += 1;
                self.summary.claims += done.claims;
                self.summary.facts.merge(&done.facts);
                self.summary.bytes += done.bytes;
                if let Some(rel) = done.record {
                    self.summary
                        .records
                        .push(rel.to_string_lossy().into_owned());
                } else {
                    if self.json_array && !self.first {
                        self.stdout.write_all(b",\n").map_err(stdout_error)?;
                    }
                    self.first = false;
                    let payload = if self.json_array {
                        done.payload.trim_ascii_end()
                    } else {
                        &done.payload[..]
                    };
                    self.stdout.write_all(payload).map_err(stdout_error)?;
                }
                Ok(true)
            }
            Outcome::Failed(f) => {
                let stderr = &mut self.stderr;
                self.progress.suspend(|| {
                    let _ = writeln!(stderr, "claimscan: {}", f.message());
                });
                self.failed.push(f);
                Ok(!self.opts.fail_fast)
            }
        }
    }
}

/// Runs the reader, the workers and the ordered writer until every document is written or the run stops.
fn pipeline(
    extractor: &Extractor,
    inputs: &[Input],
    opts: &Options,
    out: Option<&OutDir>,
    writer: &mut Writer<'_>,
) -> io::Result<()> {
    let jobs = match opts.jobs {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    // More threads than files would only wait (a JSON Lines file holds any number of documents).
    let jobs = match opts.input_format {
        InputFormat::Text => jobs.min(inputs.len()).max(1),
        InputFormat::Jsonl => jobs,
    }
    .min(MAX_JOBS);
    let budget = Arc::new(Budget::new(opts.max_memory));
    let window = (jobs * 8).max(16);
    let gate = Arc::new(Gate::new(window));
    let inputs: Arc<[Input]> = inputs.into();
    let (task_tx, task_rx) = sync_channel::<(usize, Task)>(window);
    let (done_tx, done_rx) = sync_channel::<(usize, Outcome)>(window);
    let finished = Arc::new(AtomicBool::new(false));
    // The reader is not scoped: it may be blocked reading standard input when the run stops early.
    {
        let (inputs, gate, finished) = (inputs.clone(), gate.clone(), finished.clone());
        let mut reader = Reader {
            format: opts.input_format,
            with_out: out.is_some(),
            fold_case: out.is_some_and(OutDir::case_insensitive),
            max_doc_bytes: opts.doc_cap(),
            paths: HashMap::new(),
            records: HashMap::new(),
            budget: budget.clone(),
            gate,
            tx: task_tx,
            seq: 0,
        };
        std::thread::Builder::new()
            .name("claimscan-reader".into())
            .spawn(move || {
                if reader.read_all(&inputs) {
                    finished.store(true, Ordering::SeqCst);
                }
                // Only now close the channel: the writer checks `finished` once the workers are done.
                drop(reader);
            })?;
    }
    let task_rx = Mutex::new(task_rx);
    std::thread::scope(|s| {
        for i in 0..jobs {
            let (task_rx, done_tx, gate, inputs) = (&task_rx, done_tx.clone(), &gate, &inputs);
            let budget = &budget;
            let spawned = std::thread::Builder::new()
                .name(format!("claimscan-worker-{i}"))
                .spawn_scoped(s, move || {
                    let env = Env {
                        extractor,
                        inputs,
                        opts,
                        out,
                        budget,
                        gate,
                    };
                    work(&env, task_rx, done_tx)
                });
            if let Err(e) = spawned {
                gate.stop();
                return Err(e);
            }
        }
        drop(done_tx);
        let result = write_in_order(&done_rx, &gate, writer);
        // Whatever happened, let the reader and the workers go.
        gate.stop();
        drop(done_rx);
        let stopped_early = !matches!(result, Ok(true));
        result?;
        if !stopped_early && !finished.load(Ordering::SeqCst) {
            return Err(io::Error::other(
                "internal error: the input reader stopped before the end of the inputs",
            ));
        }
        Ok(())
    })
}

/// Receives outcomes and hands them to the writer in sequence order; `Ok(false)` when it stopped early.
fn write_in_order(
    done_rx: &Receiver<(usize, Outcome)>,
    gate: &Gate,
    writer: &mut Writer<'_>,
) -> io::Result<bool> {
    let mut pending = BTreeMap::new();
    let mut next = 0;
    loop {
        let (seq, outcome) = match done_rx.try_recv() {
            Ok(received) => received,
            Err(TryRecvError::Disconnected) => break,
            Err(TryRecvError::Empty) => {
                // Nothing ready: hand what is written to the reader of stdout now (a pipe, Spark's RDD.pipe)
                // instead of when the buffer fills.
                writer.stdout.flush().map_err(stdout_error)?;
                match done_rx.recv() {
                    Ok(received) => received,
                    Err(_) => break,
                }
            }
        };
        pending.insert(seq, outcome);
        while let Some(outcome) = pending.remove(&next) {
            next += 1;
            gate.written(next);
            if !writer.take(outcome)? {
                return Ok(false);
            }
        }
    }
    if let Some(seq) = pending.keys().next() {
        return Err(io::Error::other(format!(
            "internal error: document {next} never came back, {seq} did"
        )));
    }
    Ok(true)
}

/// What a worker reads and writes with.
struct Env<'a> {
    extractor: &'a Extractor,
    inputs: &'a [Input],
    opts: &'a Options,
    out: Option<&'a OutDir>,
    budget: &'a Arc<Budget>,
    gate: &'a Gate,
}

/// A worker: takes tasks until the reader is done or the run stops.
fn work(
    env: &Env<'_>,
    task_rx: &Mutex<Receiver<(usize, Task)>>,
    done_tx: SyncSender<(usize, Outcome)>,
) {
    let gate = env.gate;
    loop {
        let next = {
            let rx = task_rx.lock().unwrap_or_else(|e| e.into_inner());
            // A timeout, so that a stopped run ends even while the reader waits on standard input.
            rx.recv_timeout(Duration::from_millis(50))
        };
        let (seq, task) = match next {
            Ok(t) => t,
            Err(RecvTimeoutError::Timeout) if !gate.stopped() => continue,
            Err(_) => return,
        };
        if gate.stopped() {
            return;
        }
        let label = task.label(env.inputs);
        // A file's share of the memory budget is taken before it is read (a line's, by the reader).
        let _lease = match &task {
            Task::File { input, .. } => {
                let Source::File(path) = &env.inputs[*input].source else {
                    unreachable!("file tasks come from file inputs")
                };
                let size = std::fs::metadata(path).map_or(0, |m| m.len());
                match env
                    .budget
                    .take(peak_estimate(size.min(env.opts.doc_cap())), gate)
                {
                    Some(lease) => Some(lease),
                    None => return,
                }
            }
            _ => None,
        };
        // A bug (a panic) while processing one document costs that document, not the run.
        let outcome =
            catch_unwind(AssertUnwindSafe(|| process(env, task))).unwrap_or_else(|panic| {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                Outcome::Failed(Failure {
                    path: label,
                    error: format!("internal error ({what}); please report it with this input"),
                })
            });
        drop(_lease);
        if done_tx.send((seq, outcome)).is_err() {
            return;
        }
    }
}

/// The default `--max-memory`: half the machine's memory, or of the cgroup's limit when that is lower (a
/// container), read on Linux from `/proc/meminfo` and `/sys/fs/cgroup/memory.max`; 4 GiB where neither says.
pub fn default_memory_budget() -> u64 {
    let total = std::fs::read_to_string("/proc/meminfo").ok().and_then(|m| {
        m.lines()
            .find_map(|l| l.strip_prefix("MemTotal:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map(|kb| kb * 1024)
    });
    let cgroup = std::fs::read_to_string("/sys/fs/cgroup/memory.max")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok());
    match (total, cgroup) {
        (Some(t), Some(c)) => t.min(c) / 2,
        (Some(m), None) | (None, Some(m)) => m / 2,
        (None, None) => 4 << 30,
    }
}

/// Most worker threads a run starts, whatever `--jobs` says.
pub const MAX_JOBS: usize = 1024;

/// Estimated peak memory of processing a document of `bytes`: the text, its rendering, tokens, candidates,
/// the record and its JSON together come to 11 times the text for prose and 22 times for text with facts in
/// every sentence (measured with a release build on 40 MB files: 903 MB), so 20 times, plus a little for
/// the per-document caches.
pub fn peak_estimate(bytes: u64) -> u64 {
    bytes.saturating_mul(20).saturating_add(4 << 20)
}

/// The memory budget (`--max-memory`): documents whose estimated peaks together exceed it are not processed
/// at once. A document larger than the whole budget runs alone.
struct Budget {
    limit: u64,
    used: Mutex<u64>,
    freed: Condvar,
}

/// A share of the [`Budget`], given back when dropped.
struct Lease {
    budget: Arc<Budget>,
    bytes: u64,
}

impl Budget {
    fn new(limit: u64) -> Budget {
        Budget {
            limit: if limit == 0 { u64::MAX } else { limit },
            used: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, u64> {
        self.used.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until `bytes` fit beside what is in use (or nothing is in use); `None` when the run stops first.
    fn take(self: &Arc<Self>, bytes: u64, gate: &Gate) -> Option<Lease> {
        let mut used = self.lock();
        while *used > 0 && used.saturating_add(bytes) > self.limit {
            if gate.stopped() {
                return None;
            }
            used = self
                .freed
                .wait_timeout(used, Duration::from_millis(50))
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        *used += bytes;
        Some(Lease {
            budget: self.clone(),
            bytes,
        })
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        *self.budget.lock() -= self.bytes;
        self.budget.freed.notify_all();
    }
}

/// Reads the inputs in order and numbers the tasks; runs on its own thread.
struct Reader {
    format: InputFormat,
    with_out: bool,
    /// Whether record paths that differ only in case are one file in the output folder.
    fold_case: bool,
    max_doc_bytes: u64,
    /// `document.path`s taken so far (a hash of each), with who took them: input index and line (0 for a
    /// whole file). A second document with the same path fails: records, `diff` and `review` key on it.
    paths: HashMap<u64, (usize, u64)>,
    /// Record paths under `--out` taken so far (hashes, case-folded where the folder ignores case), likewise.
    records: HashMap<u64, (usize, u64)>,
    budget: Arc<Budget>,
    gate: Arc<Gate>,
    tx: SyncSender<(usize, Task)>,
    seq: usize,
}

/// A stable 64-bit hash of a name (SipHash with fixed keys): the reader keeps hashes, not names, so that
/// millions of documents cost little memory.
fn name_hash(bytes: &[u8]) -> u64 {
    use std::hash::{DefaultHasher, Hasher};
    let mut h = DefaultHasher::new();
    h.write(bytes);
    h.finish()
}

impl Reader {
    /// Sends every task; `false` when the run stopped first.
    fn read_all(&mut self, inputs: &[Input]) -> bool {
        for (i, input) in inputs.iter().enumerate() {
            let more = match (self.format, &input.source) {
                (InputFormat::Text, Source::File(_)) => {
                    let task = match self.claim(inputs, (i, 0), &input.path, || {
                        output::contained(&input.out)
                    }) {
                        Ok(out) => Task::File { input: i, out },
                        Err(f) => Task::Failed(f),
                    };
                    self.send(task)
                }
                (InputFormat::Text, Source::Stdin) => {
                    let read = read::read_stdin(io::stdin().lock(), self.max_doc_bytes);
                    let task = match read {
                        Ok(bytes) => {
                            let claimed = self.claim(inputs, (i, 0), &input.path, || {
                                output::contained(&input.out)
                            });
                            match (
                                claimed,
                                self.budget
                                    .take(peak_estimate(bytes.len() as u64), &self.gate),
                            ) {
                                (_, None) => return false,
                                (Ok(out), Some(lease)) => Task::Stdin { bytes, out, lease },
                                (Err(f), Some(_)) => Task::Failed(f),
                            }
                        }
                        Err(e) => Task::Failed(Failure {
                            path: input.path.clone(),
                            error: read_message(&e),
                        }),
                    };
                    self.send(task)
                }
                (InputFormat::Jsonl, Source::Stdin) => {
                    self.read_lines(inputs, i, io::stdin().lock())
                }
                (InputFormat::Jsonl, Source::File(p)) => match read::open_named(p) {
                    Ok(f) => self.read_lines(inputs, i, BufReader::with_capacity(1 << 16, f)),
                    Err(e) => self.send(Task::Failed(Failure {
                        path: input.path.clone(),
                        error: read_message(&e),
                    })),
                },
            };
            if !more {
                return false;
            }
        }
        true
    }

    /// Sends the documents of JSON Lines input `input`, a line at a time; `false` when the run stopped.
    fn read_lines(&mut self, inputs: &[Input], input: usize, mut reader: impl BufRead) -> bool {
        let path = inputs[input].path.as_str();
        let fail = |line: Option<u64>, error: String| {
            Task::Failed(Failure {
                path: match line {
                    Some(n) => format!("{path}:{n}"),
                    None => path.to_string(),
                },
                error,
            })
        };
        match reader.fill_buf() {
            Ok(head) => {
                if let Some(e) = LoadError::sniff_head(path, head) {
                    return self.send(fail(None, e.to_string()));
                }
            }
            Err(e) => return self.send(fail(None, io_message(&e))),
        }
        let mut buf = Vec::new();
        let mut number = 0u64;
        loop {
            let read = read::read_line(&mut reader, &mut buf, self.max_doc_bytes);
            number += 1;
            match read {
                Ok(LineRead::Eof) => return true,
                Ok(LineRead::Line) => {}
                Ok(LineRead::TooLong { bytes }) => {
                    let e = ReadError::TooLarge {
                        size: Some(bytes),
                        cap: self.max_doc_bytes,
                    };
                    if !self.send(fail(Some(number), format!("this line is {e}"))) {
                        return false;
                    }
                    continue;
                }
                Err(e) => return self.send(fail(Some(number), io_message(&e))),
            }
            let mut line = &buf[..];
            if number == 1 {
                line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
            }
            if line.trim_ascii().is_empty() {
                continue;
            }
            let label = format!("{path}:{number}");
            let task = match JsonLine::parse(line) {
                Ok(parsed) => {
                    let claimed = self.claim(inputs, (input, number), &parsed.id, || {
                        output::record_name(&parsed.id)
                    });
                    match claimed {
                        Ok(out) => {
                            let Some(lease) = self
                                .budget
                                .take(peak_estimate(parsed.text.len() as u64), &self.gate)
                            else {
                                return false;
                            };
                            Task::Line {
                                label,
                                line: parsed,
                                out,
                                lease,
                            }
                        }
                        Err(f) => Task::Failed(f),
                    }
                }
                Err(e) => fail(Some(number), e.to_string()),
            };
            if !self.send(task) {
                return false;
            }
        }
    }

    /// How messages name the document at `(input, line)`.
    fn label(inputs: &[Input], (input, line): (usize, u64)) -> String {
        match line {
            0 => inputs[input].path.clone(),
            n => format!("{}:{n}", inputs[input].path),
        }
    }

    /// Reserves `document.path` `doc_path` for the document at `at` and, with `--out`, its record path (made
    /// by `rel`); the record path, `None` without `--out`.
    fn claim(
        &mut self,
        inputs: &[Input],
        at: (usize, u64),
        doc_path: &str,
        rel: impl FnOnce() -> PathBuf,
    ) -> Result<Option<PathBuf>, Failure> {
        let fail = |error: String| Failure {
            path: Reader::label(inputs, at),
            error,
        };
        let key = name_hash(doc_path.as_bytes());
        if let Some(&first) = self.paths.get(&key) {
            return Err(fail(format!(
                "document.path {doc_path:?} is already the path of {}; records, diff and review need each once",
                Reader::label(inputs, first)
            )));
        }
        let rel = if self.with_out {
            let rel = rel();
            let folded = if self.fold_case {
                rel.to_string_lossy().to_lowercase().into()
            } else {
                rel.clone()
            };
            if output::starts_with_summary(&folded) {
                return Err(fail(format!(
                    "its record file would be {}, but {} holds the run summary",
                    rel.display(),
                    output::SUMMARY_FILE
                )));
            }
            let rel_key = name_hash(folded.as_os_str().as_encoded_bytes());
            if let Some(&first) = self.records.get(&rel_key) {
                return Err(fail(format!(
                    "its record file {} is already taken by {}{}; not overwritten",
                    rel.display(),
                    Reader::label(inputs, first),
                    if self.fold_case {
                        " (the output folder ignores case)"
                    } else {
                        ""
                    }
                )));
            }
            self.records.insert(rel_key, at);
            Some(rel)
        } else {
            None
        };
        self.paths.insert(key, at);
        Ok(rel)
    }

    fn send(&mut self, task: Task) -> bool {
        if !self.gate.admit(self.seq) || self.tx.send((self.seq, task)).is_err() {
            return false;
        }
        self.seq += 1;
        true
    }
}

/// Reads, decodes, extracts and serializes one document (and writes its file with `--out`).
fn process(env: &Env<'_>, task: Task) -> Outcome {
    let (extractor, inputs, opts) = (env.extractor, env.inputs, env.opts);
    // The task's share of the memory budget, held until its record is made.
    let mut _lease = None;
    let (label, bytes, out, doc) = match task {
        Task::Failed(f) => return Outcome::Failed(f),
        Task::File { input, out } => {
            let input = &inputs[input];
            let Source::File(path) = &input.source else {
                unreachable!("file tasks come from file inputs")
            };
            let loaded = read::read_named_document(path, opts.doc_cap())
                .map_err(|e| read_message(&e))
                .and_then(|bytes| {
                    let len = bytes.len();
                    Document::from_bytes(&input.path, bytes, opts.doc_date)
                        .map(|d| (len, d))
                        .map_err(|e| e.to_string())
                });
            match loaded {
                Ok((len, doc)) => (input.path.clone(), len, out, doc),
                Err(error) => {
                    return Outcome::Failed(Failure {
                        path: input.path.clone(),
                        error,
                    });
                }
            }
        }
        Task::Stdin { bytes, out, lease } => {
            _lease = Some(lease);
            let len = bytes.len();
            match Document::from_bytes("-", bytes, opts.doc_date) {
                Ok(doc) => ("-".to_string(), len, out, doc),
                Err(e) => {
                    return Outcome::Failed(Failure {
                        path: "-".into(),
                        error: e.to_string(),
                    });
                }
            }
        }
        Task::Line {
            label,
            line,
            out,
            lease,
        } => {
            _lease = Some(lease);
            let doc = Document::from_json_line(line, opts.doc_date);
            (label, doc.text.len(), out, doc)
        }
    };
    let fail = |error: String| {
        Outcome::Failed(Failure {
            path: label.clone(),
            error,
        })
    };
    let record = extractor.extract(&doc);
    let payload = match (env.out, &out) {
        (Some(dir), Some(rel)) => {
            if let Err(e) = dir.write_record(rel, &output::pretty(&record)) {
                return fail(format!(
                    "cannot write {}: {}",
                    names::encode_path(&dir.root().join(rel)),
                    io_message(&e)
                ));
            }
            Vec::new()
        }
        _ => match opts.format {
            Format::Jsonl => output::jsonl_line(&record),
            Format::Json => output::pretty(&record),
        },
    };
    Outcome::Done(Done {
        label,
        bytes,
        claims: record.stats.claims,
        facts: record.stats.facts,
        warnings: doc.warnings,
        payload,
        record: out,
    })
}

#[derive(Serialize)]
struct SummaryFile<'a> {
    schema: &'static str,
    #[serde(flatten)]
    summary: &'a Summary,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two documents whose estimates exceed the budget together never run at once; one larger than the
    /// whole budget still runs (alone).
    #[test]
    fn the_memory_budget_keeps_big_documents_apart() {
        let budget = Arc::new(Budget::new(100));
        let gate = Gate::new(16);
        let running = std::sync::atomic::AtomicUsize::new(0);
        let most = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|s| {
            for size in [60, 60, 60, 250] {
                let (budget, gate, running, most) = (&budget, &gate, &running, &most);
                s.spawn(move || {
                    let lease = budget.take(size, gate).unwrap();
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(30));
                    running.fetch_sub(1, Ordering::SeqCst);
                    drop(lease);
                });
            }
        });
        assert_eq!(most.load(Ordering::SeqCst), 1);
        assert_eq!(*budget.lock(), 0);
        // Small ones share it.
        let a = budget.take(40, &gate).unwrap();
        let b = budget.take(40, &gate).unwrap();
        assert_eq!(*budget.lock(), 80);
        drop((a, b));
        // A stopped run does not wait.
        let _big = budget.take(90, &gate).unwrap();
        gate.stop();
        assert!(budget.take(90, &gate).is_none());
    }

    fn reader(fold_case: bool) -> Reader {
        let (tx, _rx) = sync_channel(1);
        Reader {
            format: InputFormat::Text,
            with_out: true,
            fold_case,
            max_doc_bytes: 0,
            paths: HashMap::new(),
            records: HashMap::new(),
            budget: Arc::new(Budget::new(0)),
            gate: Arc::new(Gate::new(1)),
            tx,
            seq: 0,
        }
    }

    /// Where the output folder ignores case (macOS, Windows), `Report` and `report` would be one file.
    #[test]
    fn record_names_are_compared_case_folded_where_the_folder_ignores_case() {
        let inputs: Vec<Input> = ["in/Report.txt", "in/report.txt", "in/Summary.json/x.txt"]
            .iter()
            .map(|p| Input {
                path: p.to_string(),
                source: Source::File(p.into()),
                out: PathBuf::from(p.strip_prefix("in/").unwrap().to_string() + ".json"),
            })
            .collect();
        let claim = |r: &mut Reader, i: usize| {
            r.claim(&inputs, (i, 0), &inputs[i].path, || inputs[i].out.clone())
        };
        let mut sensitive = reader(false);
        assert!(claim(&mut sensitive, 0).is_ok());
        assert!(claim(&mut sensitive, 1).is_ok());
        assert!(claim(&mut sensitive, 2).is_ok());
        let mut folding = reader(true);
        assert!(claim(&mut folding, 0).is_ok());
        let err = claim(&mut folding, 1).unwrap_err();
        assert_eq!(err.path, "in/report.txt");
        assert!(
            err.error
                .contains("already taken by in/Report.txt (the output folder ignores case)"),
            "{}",
            err.error
        );
        let err = claim(&mut folding, 2).unwrap_err();
        assert!(err.error.contains("holds the run summary"), "{}", err.error);
    }

    #[test]
    fn skipped_types_by_name() {
        for (name, want) in [
            ("a.pdf", SkippedType::Pdf),
            ("A.PDF", SkippedType::Pdf),
            ("b.docx", SkippedType::Docx),
            ("c.Doc", SkippedType::Doc),
            ("sheet.xlsx", SkippedType::Xlsx),
            ("feed.json", SkippedType::Json),
            ("photo.JPEG", SkippedType::Image),
            ("logo.svg", SkippedType::Image),
            ("pages.tar.gz", SkippedType::Archive),
            ("dump.7z", SkippedType::Archive),
            ("notes", SkippedType::Other),
            ("page.php", SkippedType::Other),
        ] {
            assert_eq!(SkippedType::of(name), want, "{name}");
        }
        for (name, project) in [
            ("README", true),
            ("readme.txt", true),
            ("README.en.md", true),
            ("LICENCE", true),
            ("Changelog.md", true),
            ("CONTRIBUTING.markdown", true),
            ("manifest.json", true),
            ("readme-first.txt", false),
            ("licensed-software.txt", false),
            ("my-README.md", false),
        ] {
            assert_eq!(SkippedType::is_project_file(name), project, "{name}");
        }
    }

    #[test]
    fn skipped_files_are_described_with_each_converter_once() {
        let mut skipped = Skipped::default();
        assert_eq!(skipped.describe(), None);
        for name in [
            "a.rtf", "b.doc", "c.docx", "d.docx", "e.pdf", "README", "f.png",
        ] {
            skipped.add(Path::new(name), SkippedType::of(name));
        }
        assert_eq!(
            skipped.describe().unwrap(),
            "skipped 1 PDF, 2 DOCX, 1 DOC, 1 RTF, 1 image, 1 other file (not articles: convert with \
             `pdftotext -layout FILE FILE.txt` / `pandoc FILE -t plain -o FILE.txt` / `antiword FILE > FILE.txt`)"
        );
    }
}
