//! Batches: walking folders, extracting in parallel, writing in input order, and the run summary.
//!
//! Inputs are files, folders (walked recursively in sorted order; `.txt` and `.md` files; hidden entries and
//! symlinked folders are skipped) and `-` for standard input. Work runs on `jobs` threads in bounded batches;
//! results are written in input order, so the output never depends on `--jobs`, and memory stays bounded by
//! one batch whatever the number of files.

use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;

use crate::date::Date;
use crate::document::Document;
use crate::output::{self, Format};
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

/// One document to process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    /// The path as written in the record.
    pub path: String,
    /// Where to read it.
    pub source: Source,
    /// Its record's path under `--out`, relative to the output folder.
    pub out: PathBuf,
}

/// An input that could not be processed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// The path as the user named it.
    pub path: String,
    /// What went wrong.
    pub error: String,
}

/// Expands command-line paths into inputs, in order; problems become failures.
pub fn collect_inputs(paths: &[String]) -> (Vec<Input>, Vec<Failure>) {
    let mut inputs = Vec::new();
    let mut failures = Vec::new();
    for p in paths {
        if p == "-" {
            inputs.push(Input {
                path: "-".into(),
                source: Source::Stdin,
                out: PathBuf::from("stdin.json"),
            });
            continue;
        }
        let path = Path::new(p);
        match std::fs::metadata(path) {
            Err(e) => failures.push(Failure {
                path: p.clone(),
                error: io_message(&e),
            }),
            Ok(m) if m.is_dir() => {
                let before = inputs.len();
                walk(path, path, &mut inputs, &mut failures);
                if inputs.len() == before {
                    failures.push(Failure {
                        path: p.clone(),
                        error: "folder holds no .txt or .md files".into(),
                    });
                }
            }
            Ok(_) => {
                let name = path
                    .file_name()
                    .map_or_else(|| p.clone(), |n| n.to_string_lossy().into_owned());
                inputs.push(Input {
                    path: p.clone(),
                    source: Source::File(path.into()),
                    out: PathBuf::from(format!("{name}.json")),
                });
            }
        }
    }
    (inputs, failures)
}

fn walk(root: &Path, dir: &Path, inputs: &mut Vec<Input>, failures: &mut Vec<Failure>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(Result::ok).collect::<Vec<_>>(),
        Err(e) => {
            failures.push(Failure {
                path: dir.display().to_string(),
                error: io_message(&e),
            });
            return;
        }
    };
    let mut entries: Vec<(std::ffi::OsString, PathBuf, bool)> = entries
        .into_iter()
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| {
            let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
            (e.file_name(), e.path(), is_dir)
        })
        .collect();
    entries.sort();
    for (_, path, is_dir) in entries {
        if is_dir {
            walk(root, &path, inputs, failures);
        } else if path.extension().is_some_and(|x| x == "txt" || x == "md") {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let mut out = rel.as_os_str().to_owned();
            out.push(".json");
            inputs.push(Input {
                path: path.display().to_string(),
                source: Source::File(path.clone()),
                out: out.into(),
            });
        }
    }
}

fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// How to run a batch.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Worker threads; 0 means all cores.
    pub jobs: usize,
    /// Publication date for every input (`--doc-date`).
    pub doc_date: Option<Date>,
    /// `--out DIR`: one pretty JSON file per input plus `summary.json`.
    pub out: Option<PathBuf>,
    /// Standard-output format when there is no `--out`.
    pub format: Format,
    /// Stop at the first input that fails (`--fail-fast`): on stdout the records before it are written and none
    /// after; with `--out`, inputs of the same parallel batch may already have their files.
    pub fail_fast: bool,
}

/// `--shard K/N`: the inputs whose position in the sorted input list is K-1 modulo N (K counts from 1), so N
/// machines given the same paths split the work without overlap.
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
    /// Inputs that failed, in input order.
    pub failed: Vec<Failure>,
    /// Bytes of article text read.
    #[serde(skip)]
    pub bytes: usize,
    /// Wall time.
    #[serde(skip)]
    pub elapsed: Duration,
    /// Written record files, relative to `--out`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<String>,
}

impl Summary {
    /// The one-line summary printed on standard error.
    pub fn line(&self) -> String {
        let secs = self.elapsed.as_secs_f64();
        let mb = self.bytes as f64 / 1e6;
        let facts: Vec<String> = crate::record::FactType::ALL
            .iter()
            .map(|&t| format!("{} {}", self.facts.get(t), t.as_str()))
            .collect();
        format!(
            "claimscan: {} documents, {} failed, {} claims; facts: {}; {:.2} MB in {:.2} s ({:.1} MB/s)",
            self.documents,
            self.failed.len(),
            self.claims,
            facts.join(", "),
            mb,
            secs,
            if secs > 0.0 { mb / secs } else { 0.0 }
        )
    }
}

/// Result of one input.
struct Done {
    bytes: usize,
    claims: usize,
    facts: FactCounts,
    warnings: Vec<String>,
    /// JSON Lines or pretty JSON bytes for standard output; empty with `--out`.
    payload: Vec<u8>,
}

/// Extracts every input and writes the records; `stdout` receives JSON Lines (or JSON) when there is no `--out`.
///
/// Failures (unreadable, not UTF-8, binary) are reported in the summary and on `stderr` as they happen; every
/// other input is still written. Errors writing `stdout` (a broken pipe among them) end the run with that error;
/// the binary treats a broken pipe as success.
pub fn run(
    extractor: &Extractor,
    inputs: &[Input],
    mut failed: Vec<Failure>,
    opts: &Options,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> io::Result<Summary> {
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .build()
        .map_err(|e| io::Error::other(e.to_string()))?;
    let threads = pool.current_num_threads();
    let mut summary = Summary::default();
    for f in &failed {
        writeln!(stderr, "claimscan: {}: {}", f.path, f.error)?;
    }
    let mut stdin_bytes = None;
    if inputs.iter().any(|i| i.source == Source::Stdin) {
        let mut buf = Vec::new();
        io::stdin().lock().read_to_end(&mut buf)?;
        stdin_bytes = Some(buf);
    }
    let progress = io::stderr().is_terminal() && inputs.len() > 1;
    let json_array = opts.out.is_none() && opts.format == Format::Json;
    let mut first = true;
    if json_array {
        write_out(stdout, b"[\n")?;
    }
    let batch = (threads * 32).max(1);
    let mut processed = 0;
    // With --fail-fast, a path that could not even be listed stops the run before any work.
    let mut stop = opts.fail_fast && !failed.is_empty();
    for chunk in inputs.chunks(batch) {
        if stop {
            break;
        }
        let results: Vec<Result<Done, Failure>> = pool.install(|| {
            chunk
                .par_iter()
                .map(|input| process(extractor, input, opts, stdin_bytes.as_deref()))
                .collect()
        });
        for (input, result) in chunk.iter().zip(results) {
            match result {
                Ok(done) => {
                    for w in &done.warnings {
                        writeln!(stderr, "claimscan: {}: warning: {w}", input.path)?;
                    }
                    summary.documents += 1;
                    summary.claims += done.claims;
                    summary.facts.merge(&done.facts);
                    summary.bytes += done.bytes;
                    if opts.out.is_some() {
                        summary
                            .records
                            .push(input.out.to_string_lossy().into_owned());
                    } else {
                        if json_array && !first {
                            write_out(stdout, b",\n")?;
                        }
                        first = false;
                        let payload = if json_array {
                            done.payload.trim_ascii_end()
                        } else {
                            &done.payload[..]
                        };
                        write_out(stdout, payload)?;
                    }
                }
                Err(f) => {
                    writeln!(stderr, "claimscan: {}: {}", f.path, f.error)?;
                    failed.push(f);
                    if opts.fail_fast {
                        stop = true;
                        break;
                    }
                }
            }
        }
        processed += chunk.len();
        if progress {
            write!(stderr, "\rclaimscan: {processed}/{} files", inputs.len())?;
            if processed == inputs.len() {
                writeln!(stderr)?;
            }
        }
    }
    if json_array {
        write_out(stdout, b"\n]\n")?;
    }
    stdout.flush()?;
    summary.failed = failed;
    summary.elapsed = started.elapsed();
    if let Some(dir) = &opts.out {
        let bytes = output::pretty(&SummaryFile {
            schema: "claimscan-summary/1",
            summary: &summary,
        });
        output::write_atomic(&dir.join("summary.json"), &bytes)?;
    }
    Ok(summary)
}

#[derive(Serialize)]
struct SummaryFile<'a> {
    schema: &'static str,
    #[serde(flatten)]
    summary: &'a Summary,
}

fn write_out(out: &mut dyn Write, bytes: &[u8]) -> io::Result<()> {
    out.write_all(bytes)
}

fn process(
    extractor: &Extractor,
    input: &Input,
    opts: &Options,
    stdin: Option<&[u8]>,
) -> Result<Done, Failure> {
    let fail = |error: String| Failure {
        path: input.path.clone(),
        error,
    };
    let bytes = match &input.source {
        Source::File(p) => std::fs::read(p).map_err(|e| fail(io_message(&e)))?,
        Source::Stdin => stdin.unwrap_or_default().to_vec(),
    };
    let len = bytes.len();
    let doc =
        Document::from_bytes(&input.path, bytes, opts.doc_date).map_err(|e| fail(e.to_string()))?;
    let record = extractor.extract(&doc);
    let payload = match (&opts.out, opts.format) {
        (Some(dir), _) => {
            output::write_atomic(&dir.join(&input.out), &output::pretty(&record)).map_err(|e| {
                fail(format!(
                    "cannot write {}: {e}",
                    dir.join(&input.out).display()
                ))
            })?;
            Vec::new()
        }
        (None, Format::Jsonl) => output::jsonl_line(&record),
        (None, Format::Json) => output::pretty(&record),
    };
    Ok(Done {
        bytes: len,
        claims: record.stats.claims,
        facts: record.stats.facts,
        warnings: doc.warnings,
        payload,
    })
}
