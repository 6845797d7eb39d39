//! The ordered pipeline of a run: the reader numbers documents in input order, workers extract them, and
//! the writer takes the outcomes back in order (see the module docs of [`super`]).

use std::collections::{BTreeMap, HashMap};
use std::io::{self, BufRead, BufReader, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TryRecvError, sync_channel};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use indicatif::ProgressBar;

use crate::document::read::{self, LineRead, ReadError};
use crate::document::{Document, JsonLine, LoadError};
use crate::model::names;
use crate::output::{self, Format, OutDir};
use crate::pipeline::Extractor;
use crate::record::FactCounts;

use super::budget::*;
use super::inputs::*;
use super::*;

/// A unit of work, numbered by the reader in output order.
pub(super) enum Task {
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
    pub(super) fn label(&self, inputs: &[Input]) -> String {
        match self {
            Task::File { input, .. } => inputs[*input].path.clone(),
            Task::Stdin { .. } => "-".into(),
            Task::Line { label, .. } => label.clone(),
            Task::Failed(f) => f.path.clone(),
        }
    }
}

/// What a worker made of a task.
pub(super) enum Outcome {
    Done(Done),
    Failed(Failure),
}

/// A processed document.
pub(super) struct Done {
    /// How messages name it: the path, or `FILE:LINE`.
    pub(super) label: String,
    pub(super) bytes: usize,
    pub(super) claims: usize,
    pub(super) facts: FactCounts,
    pub(super) warnings: Vec<String>,
    /// JSON Lines or pretty JSON bytes for standard output; empty with `--out`.
    pub(super) payload: Vec<u8>,
    /// The record file written under `--out`.
    pub(super) record: Option<PathBuf>,
}

/// Lets the reader run at most `window` documents ahead of the writer, and stops it.
pub(super) struct Gate {
    pub(super) state: Mutex<GateState>,
    pub(super) moved: Condvar,
    pub(super) window: usize,
}

pub(super) struct GateState {
    /// The writer has written every document before this one.
    pub(super) written: usize,
    pub(super) stopped: bool,
}

impl Gate {
    pub(super) fn new(window: usize) -> Gate {
        Gate {
            state: Mutex::new(GateState {
                written: 0,
                stopped: false,
            }),
            moved: Condvar::new(),
            window,
        }
    }

    pub(super) fn lock(&self) -> std::sync::MutexGuard<'_, GateState> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Waits until document `seq` fits in the window; `false` when the run is stopping.
    pub(super) fn admit(&self, seq: usize) -> bool {
        let mut st = self.lock();
        while seq >= st.written + self.window && !st.stopped {
            st = self
                .moved
                .wait(st)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        !st.stopped
    }

    pub(super) fn written(&self, n: usize) {
        self.lock().written = n;
        self.moved.notify_all();
    }

    pub(super) fn stop(&self) {
        self.lock().stopped = true;
        self.moved.notify_all();
    }

    pub(super) fn stopped(&self) -> bool {
        self.lock().stopped
    }
}

/// The writing end: everything that happens in input order.
pub(super) struct Writer<'a> {
    pub(super) summary: &'a mut Summary,
    pub(super) failed: &'a mut Failures,
    pub(super) opts: &'a Options,
    pub(super) stdout: &'a mut dyn Write,
    pub(super) stderr: &'a mut dyn Write,
    pub(super) json_array: bool,
    pub(super) first: bool,
    pub(super) progress: ProgressBar,
}

impl Writer<'_> {
    /// Reports, counts and writes one outcome; `Ok(false)` when the run must stop (`--fail-fast`).
    pub(super) fn take(&mut self, outcome: Outcome) -> io::Result<bool> {
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
pub(super) fn pipeline(
    extractor: &Extractor,
    inputs: &[Input],
    opts: &Options,
    out: Option<&OutDir>,
    writer: &mut Writer<'_>,
) -> io::Result<()> {
    let jobs = match opts.jobs {
        0 => std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
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
                    work(&env, task_rx, done_tx);
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
pub(super) fn write_in_order(
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
pub(super) struct Env<'a> {
    pub(super) extractor: &'a Extractor,
    pub(super) inputs: &'a [Input],
    pub(super) opts: &'a Options,
    pub(super) out: Option<&'a OutDir>,
    pub(super) budget: &'a Arc<Budget>,
    pub(super) gate: &'a Gate,
}

/// A worker: takes tasks until the reader is done or the run stops.
pub(super) fn work(
    env: &Env<'_>,
    task_rx: &Mutex<Receiver<(usize, Task)>>,
    done_tx: SyncSender<(usize, Outcome)>,
) {
    let gate = env.gate;
    loop {
        let next = {
            let rx = task_rx
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
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
        let lease = match &task {
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
                    .map(std::string::ToString::to_string)
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                Outcome::Failed(Failure {
                    path: label,
                    error: format!("internal error ({what}); please report it with this input"),
                })
            });
        drop(lease);
        if done_tx.send((seq, outcome)).is_err() {
            return;
        }
    }
}

/// Reads the inputs in order and numbers the tasks; runs on its own thread.
pub(super) struct Reader {
    pub(super) format: InputFormat,
    pub(super) with_out: bool,
    /// Whether record paths that differ only in case are one file in the output folder.
    pub(super) fold_case: bool,
    pub(super) max_doc_bytes: u64,
    /// `document.path`s taken so far (a hash of each), with who took them: input index and line (0 for a
    /// whole file). A second document with the same path fails: records, `diff` and `review` key on it.
    pub(super) paths: HashMap<u64, (usize, u64)>,
    /// Record paths under `--out` taken so far (hashes, case-folded where the folder ignores case), likewise.
    pub(super) records: HashMap<u64, (usize, u64)>,
    pub(super) budget: Arc<Budget>,
    pub(super) gate: Arc<Gate>,
    pub(super) tx: SyncSender<(usize, Task)>,
    pub(super) seq: usize,
}

/// A stable 64-bit hash of a name (`SipHash` with fixed keys): the reader keeps hashes, not names, so that
/// millions of documents cost little memory.
pub(super) fn name_hash(bytes: &[u8]) -> u64 {
    use std::hash::{DefaultHasher, Hasher};
    let mut h = DefaultHasher::new();
    h.write(bytes);
    h.finish()
}

impl Reader {
    /// Sends every task; `false` when the run stopped first.
    pub(super) fn read_all(&mut self, inputs: &[Input]) -> bool {
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
    pub(super) fn read_lines(
        &mut self,
        inputs: &[Input],
        input: usize,
        mut reader: impl BufRead,
    ) -> bool {
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
    pub(super) fn label(inputs: &[Input], (input, line): (usize, u64)) -> String {
        match line {
            0 => inputs[input].path.clone(),
            n => format!("{}:{n}", inputs[input].path),
        }
    }

    /// Reserves `document.path` `doc_path` for the document at `at` and, with `--out`, its record path (made
    /// by `rel`); the record path, `None` without `--out`.
    pub(super) fn claim(
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

    pub(super) fn send(&mut self, task: Task) -> bool {
        if !self.gate.admit(self.seq) || self.tx.send((self.seq, task)).is_err() {
            return false;
        }
        self.seq += 1;
        true
    }
}

/// Reads, decodes, extracts and serializes one document (and writes its file with `--out`).
pub(super) fn process(env: &Env<'_>, task: Task) -> Outcome {
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
    let mut record = extractor.extract(&doc);
    if let Some(types) = &opts.types {
        types.apply(&mut record);
    }
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
            Format::Jsonl | Format::Parquet => output::jsonl_line(&record),
            Format::Json => output::pretty(&record),
            Format::FactsJsonl => output::flat::facts_jsonl(&record),
            Format::FactsCsv => output::flat::facts_csv(&record),
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
