//! `claimscan._claimscan`: the native half of the Python package.
//!
//! It hands records to Python as JSON Lines strings, serialized exactly as `claimscan extract` writes them
//! (`output::jsonl_line`); `claimscan/__init__.py` parses them with `json.loads` and holds the documented API.
//! So the Python records cannot drift from the CLI's: there is one serializer.
//!
//! - `Extractor(rules)`: the compiled rules, shared by every call (compiling is the expensive step).
//! - `Extractor.extract_json(text, doc_date, path, title)`: one document, as `claimscan extract FILE` reads
//!   it (`Document::from_bytes`: front matter, Markdown, HTML), or as a JSON Lines line when a title is given.
//! - `Extractor.extract_files_json(paths, jobs)`: the CLI's batch (`batch::run`: folder walks, parallel
//!   workers, input order) on a thread of its own, its lines handed over a bounded channel; the iterator
//!   waits for them with the GIL released.

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use claimscan::batch::{self, InputFormat, Options};
use claimscan::{Date, Document, JsonLine, RuleSet};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

create_exception!(
    _claimscan,
    ClaimscanError,
    PyException,
    "A rule file, an input or a date claimscan cannot use; the message names the file (and line)."
);

/// The compiled rules.
#[pyclass(frozen, module = "claimscan._claimscan")]
struct Extractor {
    inner: Arc<claimscan::Extractor>,
}

/// Parses a `YYYY-MM-DD` publication date.
fn parse_date(s: Option<&str>) -> PyResult<Option<Date>> {
    s.map(|s| {
        Date::parse(s).ok_or_else(|| {
            ClaimscanError::new_err(format!(
                "doc_date {s:?} is not a calendar date in YYYY-MM-DD form"
            ))
        })
    })
    .transpose()
}

#[pymethods]
impl Extractor {
    /// Compiles the embedded rules, or the `.toml` rule files of the folder `rules`.
    #[new]
    #[pyo3(signature = (rules=None))]
    fn new(py: Python<'_>, rules: Option<PathBuf>) -> PyResult<Extractor> {
        let loaded = py.detach(|| match &rules {
            Some(dir) => RuleSet::from_dir(dir),
            None => RuleSet::embedded(),
        });
        let rules = loaded.map_err(|errors| {
            ClaimscanError::new_err(format!(
                "{errors}\nclaimscan: {} rule-file error(s)",
                errors.0.len()
            ))
        })?;
        Ok(Extractor {
            inner: Arc::new(claimscan::Extractor::new(rules)),
        })
    }

    /// One record as a JSON Lines line (newline included).
    #[pyo3(signature = (text, doc_date=None, path=None, title=None))]
    fn extract_json(
        &self,
        py: Python<'_>,
        text: String,
        doc_date: Option<&str>,
        path: Option<String>,
        title: Option<String>,
    ) -> PyResult<String> {
        let date = parse_date(doc_date)?;
        let path = path.unwrap_or_else(|| "-".to_string());
        let line = py.detach(|| -> Result<Vec<u8>, String> {
            let doc = match title {
                // A title given beside the text is what a JSON Lines line with a `title` is.
                Some(title) => {
                    if let Some(offset) = text.find('\0') {
                        return Err(format!(
                            "\"text\" holds a NUL character at byte offset {offset} of the text"
                        ));
                    }
                    Document::from_json_line(
                        JsonLine {
                            id: path.clone(),
                            text,
                            date: None,
                            title: Some(title),
                            warnings: Vec::new(),
                        },
                        date,
                    )
                }
                None => Document::from_bytes(&path, text.into_bytes(), date)
                    .map_err(|e| e.to_string())?,
            };
            Ok(claimscan::output::jsonl_line(&self.inner.extract(&doc)))
        });
        let line = line.map_err(|e| ClaimscanError::new_err(format!("{path}: {e}")))?;
        Ok(String::from_utf8(line).expect("serde_json writes UTF-8"))
    }

    /// The records of files and folders, in input order, as JSON Lines lines.
    #[pyo3(signature = (paths, jobs=None, doc_date=None))]
    fn extract_files_json(
        &self,
        paths: Vec<PathBuf>,
        jobs: Option<usize>,
        doc_date: Option<&str>,
    ) -> PyResult<Lines> {
        let doc_date = parse_date(doc_date)?;
        if jobs == Some(0) {
            return Err(ClaimscanError::new_err(
                "jobs must be at least 1 (None means one per core)",
            ));
        }
        if paths.iter().any(|p| p.as_os_str() == "-") {
            return Err(ClaimscanError::new_err(
                "standard input (-) is not read by extract_files; pass its text to extract()",
            ));
        }
        let (inputs, failures, skipped) = batch::collect_inputs(&paths, InputFormat::Text);
        // A path that does not exist or cannot be listed fails the call, before any work.
        if let Some(f) = failures.first() {
            return Err(ClaimscanError::new_err(f.message()));
        }
        let opts = Options {
            jobs: jobs.unwrap_or(0),
            doc_date,
            fail_fast: true,
            max_doc_bytes: claimscan::document::read::DEFAULT_MAX_DOC_BYTES,
            max_memory: batch::default_memory_budget(),
            ..Options::default()
        };
        // A small window: the iterator's reader is Python, which may stop at any record.
        let (tx, rx) = sync_channel::<Vec<u8>>(16);
        let extractor = Arc::clone(&self.inner);
        let worker = std::thread::spawn(move || {
            let mut out = LineSender {
                tx,
                pending: Vec::new(),
            };
            let mut stderr = Vec::new();
            let summary = batch::run(
                &extractor,
                &inputs,
                Vec::new(),
                skipped,
                &opts,
                &mut out,
                &mut stderr,
            );
            match summary {
                Ok(s) => s.failed.first().map(batch::Failure::message),
                // A closed channel is Python dropping the iterator, not an error.
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => None,
                Err(e) => Some(e.to_string()),
            }
        });
        Ok(Lines {
            rx: Mutex::new(Some(rx)),
            worker: Mutex::new(Some(worker)),
        })
    }
}

/// Standard output of a batch: each complete line goes over the channel.
struct LineSender {
    tx: SyncSender<Vec<u8>>,
    pending: Vec<u8>,
}

impl Write for LineSender {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        while let Some(n) = memchr_newline(&self.pending) {
            let rest = self.pending.split_off(n + 1);
            let line = std::mem::replace(&mut self.pending, rest);
            self.tx.send(line).map_err(|_| {
                io::Error::new(io::ErrorKind::BrokenPipe, "the iterator was dropped")
            })?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn memchr_newline(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'\n')
}

/// An iterator over a batch's JSON Lines lines; at the end, raises the first failure (a file that could not
/// be read or decoded), after the records before it.
#[pyclass(module = "claimscan._claimscan")]
struct Lines {
    rx: Mutex<Option<Receiver<Vec<u8>>>>,
    worker: Mutex<Option<JoinHandle<Option<String>>>>,
}

#[pymethods]
impl Lines {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<String>> {
        let next = py.detach(|| {
            let rx = self.rx.lock().expect("no panic holds the lock");
            rx.as_ref().and_then(|rx| rx.recv().ok())
        });
        if let Some(line) = next {
            let mut s = String::from_utf8(line).expect("serde_json writes UTF-8");
            s.pop();
            return Ok(Some(s));
        }
        *self.rx.lock().expect("no panic holds the lock") = None;
        let worker = self.worker.lock().expect("no panic holds the lock").take();
        let failure = match worker {
            Some(w) => py
                .detach(|| w.join())
                .unwrap_or_else(|_| Some("claimscan: the batch thread panicked".to_string())),
            None => None,
        };
        match failure {
            Some(message) => Err(ClaimscanError::new_err(message)),
            None => Ok(None),
        }
    }
}

/// The native module.
#[pymodule]
fn _claimscan(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Extractor>()?;
    m.add_class::<Lines>()?;
    m.add("ClaimscanError", m.py().get_type::<ClaimscanError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
