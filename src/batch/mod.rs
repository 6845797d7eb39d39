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

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use crate::model::date::Date;
use crate::model::names;
use crate::output::{self, Format, OutDir};
use crate::pipeline::Extractor;
use crate::record::FactCounts;

mod budget;
mod inputs;
mod ordered;

pub use budget::{MAX_JOBS, default_memory_budget, peak_estimate};
use inputs::*;
pub use inputs::{
    Failure, Input, InputFormat, Skipped, SkippedFile, SkippedType, Source, collect_inputs, shard,
};
use ordered::*;

/// How to run a batch.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Worker threads; 0 means all cores.
    pub jobs: usize,
    /// Publication date for every input (`--doc-date`); a JSON Lines line's own `date` wins over it.
    pub doc_date: Option<Date>,
    /// `--out DIR`: one pretty JSON file per document plus `summary.json`.
    pub out: Option<PathBuf>,
    /// Standard-output format when there is no `--out`. A table format ([`Format::is_table`]) writes its rows
    /// to `stdout` even with `--out`, which then holds no record files, only `summary.json` (the caller
    /// writes the table files).
    pub format: Format,
    /// `--types`: keep only the facts of these types (and the claims that still hold one).
    pub types: Option<output::flat::TypeFilter>,
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
    if opts.format == Format::FactsCsv {
        stdout
            .write_all(&output::flat::csv_header())
            .map_err(stdout_error)?;
    }
    let records_dir = if opts.format.is_table() {
        None
    } else {
        out.as_ref()
    };
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
        let result = pipeline(extractor, inputs, opts, records_dir, &mut writer);
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
    let mut problems = Vec::new();
    // Removes the records of `rels` that the summary does not list; how many went.
    let mut remove_unlisted = |rels: &[PathBuf]| {
        let mut n = 0;
        for rel in rels.iter().filter(|r| !listed.contains(r.as_path())) {
            match out.remove_record(rel) {
                Ok(true) => n += 1,
                Ok(false) => {}
                Err(e) => problems.push(format!("{}: {}", rel.display(), io_message(&e))),
            }
        }
        n
    };
    let late = remove_unlisted(&out.written());
    let stale = remove_unlisted(previous);
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

#[derive(Serialize)]
struct SummaryFile<'a> {
    schema: &'static str,
    #[serde(flatten)]
    summary: &'a Summary,
}

#[cfg(test)]
mod tests {
    use super::budget::*;
    use super::ordered::*;
    use super::*;
    use std::collections::HashMap;
    use std::sync::Arc;
    use std::sync::atomic::Ordering;
    use std::sync::mpsc::sync_channel;

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
