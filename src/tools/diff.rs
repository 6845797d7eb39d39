//! `diff`: what changed between two runs, per document, claim and fact.
//!
//! Records are read by [`load`] from files (one pretty JSON record, a JSON array, or JSON Lines as `extract`
//! prints them) or from `--out` folders (the record files their `summary.json` lists), and matched by
//! `document.path`. Within a document, claims are matched by claim id and facts by their byte span: a fact
//! present in both with another type, text, rule or value is *changed*. A document the new run's summary lists
//! as failed is *failed*, whatever the old run holds. The result is a [`Diff`], rendered as text for a person
//! or serialized as JSON.
//!
//! A run is compared whole or not at all: a record that is not `claimscan/1` (another schema, a field missing
//! or of the wrong type) or shares its `document.path` with another record of the run is an error naming the
//! file (and line), never a document silently left out. Records are read as the typed [`Record`], their
//! values left as the JSON the run wrote.
//!
//! ## Against a decisions file
//!
//! [`against_decisions`] checks a reviewer's verdicts ([`crate::tools::decisions`]) against a new run
//! instead of an old one: each decision's document is the new record with its `sha256` (else its `path`),
//! a fact is looked up by type and code-point span and a claim by id, and each decision gets an [`Outcome`]:
//! a *broken acceptance* (an accepted fact gone or with another value), a *fixed rejection* (a rejected
//! fact gone), a rejected fact whose value changed, an added fact *now found*, and so on. Kept verdicts and
//! the ones still rejected or missed change nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value as Json;

use crate::model::names;
use crate::model::span::{ByteSpan, CharSpan};
use crate::model::value::{FactType, value_matches};
use crate::record::{Claim, DocumentInfo, EntityRow, Fact, Record, Role, Stats};
use crate::tools::decisions::{Decision, Reason, Target, Verdict};

/// A fact as the diff reports it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FactView {
    /// Fact type.
    #[serde(rename = "type")]
    pub fact_type: FactType,
    /// Its text.
    pub text: String,
    /// Its byte span, written `[start, end]`.
    #[serde(serialize_with = "start_end")]
    pub span: ByteSpan,
    /// Rule id.
    pub rule: String,
    /// Normalized value.
    pub value: Json,
}

/// A span as the pair `[start, end]`, as diff has always written it.
fn start_end<S: Serializer>(span: &ByteSpan, serializer: S) -> Result<S::Ok, S::Error> {
    [span.start(), span.end()].serialize(serializer)
}

/// A fact found in both runs at the same span, but different.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FactChange {
    /// Before.
    pub old: FactView,
    /// After.
    pub new: FactView,
}

/// The facts of a claim present in both runs that changed.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ClaimChange {
    /// Claim id.
    pub id: String,
    /// The sentence.
    pub text: String,
    /// Facts only in the new run.
    pub added: Vec<FactView>,
    /// Facts only in the old run.
    pub removed: Vec<FactView>,
    /// Facts in both, changed.
    pub changed: Vec<FactChange>,
}

/// A claim as the diff reports it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ClaimView {
    /// Claim id.
    pub id: String,
    /// `title`, `heading` or `body`.
    pub role: Role,
    /// The sentence.
    pub text: String,
    /// Its facts.
    pub facts: Vec<FactView>,
}

/// What changed in one document.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocumentDiff {
    /// `document.path`.
    pub path: String,
    /// `added`, `removed` or `changed`.
    pub status: &'static str,
    /// Claims only in the new run.
    pub claims_added: Vec<ClaimView>,
    /// Claims only in the old run.
    pub claims_removed: Vec<ClaimView>,
    /// Claims in both whose facts changed.
    pub claims_changed: Vec<ClaimChange>,
}

/// A document that failed in the new run (its `summary.json` says so).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FailedDocument {
    /// The path, as the summary gives it.
    pub path: String,
    /// Why it failed.
    pub error: String,
}

/// Totals.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Totals {
    /// Documents compared (in either run, or failed in the new one).
    pub documents: usize,
    /// Documents that differ, failed ones included.
    pub changed_documents: usize,
    /// Documents that failed in the new run.
    pub failed_documents: usize,
    /// Claims added, removed, changed.
    pub claims: [usize; 3],
    /// Facts added, removed, changed (counting those of added and removed claims).
    pub facts: [usize; 3],
}

/// The difference between two runs.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Diff {
    /// Documents that differ, sorted by path.
    pub documents: Vec<DocumentDiff>,
    /// Documents that failed in the new run, sorted by path: never compared, never unchanged.
    pub failed: Vec<FailedDocument>,
    /// Totals.
    pub totals: Totals,
}

impl Diff {
    /// Whether the runs are the same: no document differs and none failed in the new run.
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty() && self.failed.is_empty()
    }
}

/// How many names a warning lists before saying how many more there are.
const NAMED: usize = 5;

/// The schema of the `summary.json` that `extract --out` writes.
const SUMMARY_SCHEMA: &str = "claimscan-summary/1";

/// One run's records, read by [`load`].
#[derive(Debug, Clone, Default)]
pub struct Run {
    /// The records, by `document.path`; each one a whole `claimscan/1` record.
    pub records: BTreeMap<String, Record<Json>>,
    /// The documents the run's `summary.json` lists as failed: path → error.
    pub failed: BTreeMap<String, String>,
    /// What a person should know about how the run was read, one line each (without a `claimscan: ` prefix).
    pub warnings: Vec<String>,
}

/// Where a record was read: its file and, for JSON Lines, its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file.
    pub file: PathBuf,
    /// Where in it.
    pub at: At,
}

/// Where in its file a record stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// The file is the record (one JSON value, as `extract --out` writes it).
    Whole,
    /// A line of JSON Lines, from 1.
    Line(usize),
    /// An element of a JSON array (`extract --format json`), from 1.
    Item(usize),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = shown(&self.file);
        match self.at {
            At::Whole => write!(f, "{file}"),
            At::Line(n) => write!(f, "{file}:{n}"),
            At::Item(n) => write!(f, "{file} (record {n} of its array)"),
        }
    }
}

/// Why a run could not be read. Every message names the file, and the line for JSON Lines.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A file or folder could not be read.
    #[error("{}: {message}", shown(.path))]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// Not JSON, or not a whole `claimscan/1` record (a field missing or of the wrong type).
    #[error("{origin}: not a claimscan/1 record: {reason}")]
    Malformed {
        /// Where.
        origin: Origin,
        /// What is wrong, naming the field (`claims[2].facts[0].span`).
        reason: String,
    },
    /// A record whose `schema` is not `claimscan/1`.
    #[error(
        "{origin}: the record's schema is {found}; only claimscan/1 records can be read (extract again with \
         this claimscan)"
    )]
    Schema {
        /// Where.
        origin: Origin,
        /// The schema found, as JSON (`"claimscan/2"`), or `missing`.
        found: String,
    },
    /// Two records of one run for the same document.
    #[error(
        "{second}: a second record for document.path {} (the first is {first}); a run holds one record per \
         document, and diff would compare only one of them",
        quoted(.path)
    )]
    Duplicate {
        /// The `document.path` both records give.
        path: String,
        /// The record read first.
        first: Origin,
        /// The record read second.
        second: Origin,
    },
    /// An `--out` folder's `summary.json` that cannot be used.
    #[error("{}: {reason}", shown(.file))]
    Summary {
        /// The `summary.json`.
        file: PathBuf,
        /// What is wrong with it, or with the folder it describes.
        reason: String,
    },
}

/// A path for a message: control and bidi characters escaped.
fn shown(path: &Path) -> String {
    names::printable(&path.display().to_string()).into_owned()
}

/// A string from a record for a message: quoted, control and bidi characters escaped.
fn quoted(s: &str) -> String {
    format!("\"{}\"", names::printable(s))
}

fn io_error(path: &Path, e: &std::io::Error) -> LoadError {
    LoadError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// Reads one run's records from a record file or an `--out` folder, keyed by `document.path`.
///
/// A file holds one JSON record, a JSON array of them (`extract --format json`) or JSON Lines (`extract`'s
/// standard output); an empty file holds none. A file named on the command line is read whatever it is (a
/// symbolic link, or a pipe such as `<(claimscan extract …)`).
///
/// A folder is read as `extract --out` left it:
///
/// * With a `summary.json` (schema `claimscan-summary/1`), exactly the record files its `records` list names
///   are read, each of which must hold one record, and its `failed` list becomes [`Run::failed`]. Any other
///   `*.json` file in the folder (a record of an input deleted since, or one that fails now) is not part of
///   that run: it is ignored, with one warning that counts them and names the first few.
/// * Without one (the run was interrupted, or is still running), every `*.json` file is read, with a warning
///   that the run did not finish.
///
/// Walking a folder skips hidden folders (`.git`) and does not follow symbolic links to folders, as `extract`
/// does; links to files are followed, and only regular files are read. Hidden files are read: `extract`
/// writes `.notes.txt.json` for a hidden input named on its command line.
///
/// # Errors
///
/// Every record must be a whole `claimscan/1` record ([`LoadError::Schema`], [`LoadError::Malformed`]), and
/// no two may share a `document.path` ([`LoadError::Duplicate`]): diff could
/// compare only one of them. An unreadable file or a `summary.json` that cannot be used (another schema, a
/// listed file missing) is an error too: a run is read whole or not at all.
pub fn load(path: &Path) -> Result<Run, LoadError> {
    let mut run = Run::default();
    let files: Vec<(PathBuf, bool)> = match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => folder(path, &mut run)?,
        Ok(_) => vec![(path.to_path_buf(), false)],
        Err(e) => return Err(io_error(path, &e)),
    };
    let mut origins: BTreeMap<String, Origin> = BTreeMap::new();
    for (file, listed) in files {
        let records = read_records(&file)?;
        if listed && records.len() != 1 {
            return Err(LoadError::Summary {
                file: path.join("summary.json"),
                reason: format!(
                    "lists {}, which holds {} records, not one: the folder changed after the run; extract again",
                    shown(&file),
                    records.len()
                ),
            });
        }
        for (origin, record) in records {
            let (doc, record) = check(&record)
                .and_then(|doc| Ok((doc, typed(&record)?)))
                .map_err(|invalid| match invalid {
                    Invalid::Schema(found) => LoadError::Schema {
                        origin: origin.clone(),
                        found,
                    },
                    Invalid::Malformed(reason) => LoadError::Malformed {
                        origin: origin.clone(),
                        reason,
                    },
                })?;
            if let Some(first) = origins.get(&doc) {
                return Err(LoadError::Duplicate {
                    path: doc,
                    first: first.clone(),
                    second: origin,
                });
            }
            origins.insert(doc.clone(), origin);
            run.records.insert(doc, record);
        }
    }
    Ok(run)
}

/// The record files of an `--out` folder, and whether each was listed by its `summary.json`.
fn folder(dir: &Path, run: &mut Run) -> Result<Vec<(PathBuf, bool)>, LoadError> {
    let mut found = Vec::new();
    walk(dir, dir, &mut found)?;
    found.sort();
    let summary_file = dir.join("summary.json");
    let listed = match std::fs::metadata(&summary_file) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            run.warnings.push(format!(
                "{}: no summary.json: the run that wrote this folder did not finish (or is still running); \
                 reading all {} record files in it",
                shown(dir),
                found.len()
            ));
            None
        }
        Err(e) => return Err(io_error(&summary_file, &e)),
        Ok(m) if !m.is_file() => {
            return Err(LoadError::Summary {
                file: summary_file,
                reason: "not a regular file".into(),
            });
        }
        Ok(_) => {
            let bytes = std::fs::read(&summary_file).map_err(|e| io_error(&summary_file, &e))?;
            summary(&summary_file, &bytes, run)?
        }
    };
    let Some(listed) = listed else {
        return Ok(found
            .into_iter()
            .map(|rel| (dir.join(rel), false))
            .collect());
    };
    let listed_set: BTreeSet<&PathBuf> = listed.iter().collect();
    let ignored: Vec<String> = found
        .iter()
        .filter(|rel| !listed_set.contains(rel))
        .map(|rel| shown(rel))
        .collect();
    if !ignored.is_empty() {
        let mut names = ignored[..ignored.len().min(NAMED)].join(", ");
        if ignored.len() > NAMED {
            names.push_str(&format!(" and {} more", ignored.len() - NAMED));
        }
        run.warnings.push(format!(
            "{}: ignoring {} record file(s) that are not part of the run its summary.json describes (left by \
             an earlier run: inputs deleted since, or failing now): {names}",
            shown(dir),
            ignored.len()
        ));
    }
    let mut files = Vec::with_capacity(listed.len());
    for rel in listed {
        let file = dir.join(&rel);
        let why = match std::fs::metadata(&file) {
            Ok(m) if m.is_file() => {
                files.push((file, true));
                continue;
            }
            Ok(_) => "which is not a regular file".to_string(),
            Err(e) => format!("which cannot be read ({e})"),
        };
        return Err(LoadError::Summary {
            file: summary_file,
            reason: format!(
                "lists {}, {why}: the folder changed after the run; extract again",
                shown(&rel)
            ),
        });
    }
    Ok(files)
}

/// Reads `summary.json`: fills [`Run::failed`] and returns the record files it lists, relative to its folder,
/// or `None` (with a warning) when it does not list them.
fn summary(file: &Path, bytes: &[u8], run: &mut Run) -> Result<Option<Vec<PathBuf>>, LoadError> {
    let bad = |reason: String| LoadError::Summary {
        file: file.to_path_buf(),
        reason,
    };
    let v: Json = serde_json::from_slice(bytes).map_err(|e| bad(format!("not JSON: {e}")))?;
    match v.get("schema") {
        Some(Json::String(s)) if s == SUMMARY_SCHEMA => {}
        other => {
            return Err(bad(format!(
                "the schema is {}, not {SUMMARY_SCHEMA}",
                describe(other)
            )));
        }
    }
    let failed = match v.get("failed") {
        None => &[][..],
        Some(Json::Array(items)) => items.as_slice(),
        Some(_) => return Err(bad("failed is not a list".into())),
    };
    for (i, f) in failed.iter().enumerate() {
        let field = |k: &str| f.get(k).and_then(Json::as_str);
        let (Some(path), Some(error)) = (field("path"), field("error")) else {
            return Err(bad(format!(
                "failed[{i}] is not an object with a path and an error"
            )));
        };
        run.failed
            .entry(path.to_string())
            .or_insert_with(|| error.to_string());
    }
    let records = match v.get("records") {
        Some(Json::Array(items)) => items.as_slice(),
        Some(_) => return Err(bad("records is not a list of file names".into())),
        // Written when no record was: `records` is left out when empty.
        None if v.get("documents").and_then(Json::as_u64).unwrap_or(0) == 0 => &[][..],
        None => {
            run.warnings.push(format!(
                "{}: does not list its record files (written by an older claimscan?); reading every record \
                 file in the folder",
                shown(file)
            ));
            return Ok(None);
        }
    };
    let mut listed = Vec::with_capacity(records.len());
    let mut seen = BTreeSet::new();
    for (i, r) in records.iter().enumerate() {
        let Some(name) = r.as_str() else {
            return Err(bad(format!("records[{i}] is not a file name")));
        };
        let rel = PathBuf::from(name);
        let inside = rel.components().next().is_some()
            && rel
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !inside {
            return Err(bad(format!(
                "records[{i}] {} is not a path inside the folder",
                quoted(name)
            )));
        }
        if !seen.insert(rel.clone()) {
            return Err(bad(format!("records lists {} twice", quoted(name))));
        }
        listed.push(rel);
    }
    Ok(Some(listed))
}

/// Collects the `*.json` regular files under `dir`, relative to `root`, but `root`'s own `summary.json`:
/// hidden folders are skipped and links to folders not followed.
fn walk(root: &Path, dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), LoadError> {
    let entries = std::fs::read_dir(dir).map_err(|e| io_error(dir, &e))?;
    for entry in entries {
        let entry = entry.map_err(|e| io_error(dir, &e))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| io_error(&path, &e))?;
        if kind.is_dir() {
            if !entry.file_name().as_encoded_bytes().starts_with(b".") {
                walk(root, &path, found)?;
            }
            continue;
        }
        if path.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let regular = if kind.is_symlink() {
            std::fs::metadata(&path).is_ok_and(|m| m.is_file())
        } else {
            kind.is_file()
        };
        let rel = path.strip_prefix(root).unwrap_or(&path);
        if regular && rel != Path::new("summary.json") {
            found.push(rel.to_path_buf());
        }
    }
    Ok(())
}

/// The records a file holds, with where each stands.
fn read_records(file: &Path) -> Result<Vec<(Origin, Json)>, LoadError> {
    let bytes = std::fs::read(file).map_err(|e| io_error(file, &e))?;
    let text = String::from_utf8(bytes).map_err(|e| LoadError::Io {
        path: file.to_path_buf(),
        message: format!(
            "not UTF-8 (at byte {}), so not records",
            e.utf8_error().valid_up_to()
        ),
    })?;
    let origin = |at| Origin {
        file: file.to_path_buf(),
        at,
    };
    let Some((first_line, first)) = text.lines().enumerate().find(|(_, l)| !l.trim().is_empty())
    else {
        return Ok(Vec::new());
    };
    match serde_json::from_str::<Json>(&text) {
        Ok(Json::Array(items)) => Ok(items
            .into_iter()
            .enumerate()
            .map(|(i, r)| (origin(At::Item(i + 1)), r))
            .collect()),
        Ok(record) => {
            // One line is JSON Lines of one record: name the line.
            let at = if text.trim().contains('\n') {
                At::Whole
            } else {
                At::Line(first_line + 1)
            };
            Ok(vec![(origin(at), record)])
        }
        // Not JSON Lines either (its first line is not JSON on its own): say where the JSON breaks.
        Err(e) if serde_json::from_str::<Json>(first).is_err() => Err(LoadError::Malformed {
            origin: origin(At::Whole),
            reason: format!("not JSON: {e}"),
        }),
        Err(_) => {
            let mut records = Vec::new();
            for (i, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let record = serde_json::from_str(line).map_err(|e| LoadError::Malformed {
                    origin: origin(At::Line(i + 1)),
                    reason: format!("not JSON: {e}"),
                })?;
                records.push((origin(At::Line(i + 1)), record));
            }
            Ok(records)
        }
    }
}

/// What is wrong with a record, before it is placed.
enum Invalid {
    Schema(String),
    Malformed(String),
}

/// A value found in a record, for a message: its JSON, shortened and printable, or `missing`.
fn describe(v: Option<&Json>) -> String {
    let Some(v) = v else {
        return "missing".into();
    };
    let s = v.to_string();
    let s = if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s
    };
    names::printable(&s).into_owned()
}

/// Checks that `r` is a `claimscan/1` record whose fields [`diff`] reads are there and of the right type,
/// with a message that names the field; returns its `document.path`. A claim's `role` may be missing (records
/// written before roles), and two claims may not share an id, nor two facts of a claim a span: diff matches
/// claims by id and facts by span. [`typed`] reads the rest.
fn check(r: &Json) -> Result<String, Invalid> {
    use Invalid::Malformed as bad;
    let Some(record) = r.as_object() else {
        return Err(bad(format!(
            "a record is an object, not {}",
            describe(Some(r))
        )));
    };
    match record.get("schema") {
        Some(Json::String(s)) if s == crate::record::SCHEMA => {}
        other => return Err(Invalid::Schema(describe(other))),
    }
    let Some(path) = r.pointer("/document/path").and_then(Json::as_str) else {
        return Err(bad(format!(
            "document.path is {}, not a string",
            describe(r.pointer("/document/path"))
        )));
    };
    let string = |o: &serde_json::Map<String, Json>, key: &str, at: &str| match o.get(key) {
        Some(Json::String(_)) => Ok(()),
        other => Err(bad(format!(
            "{at}.{key} is {}, not a string",
            describe(other)
        ))),
    };
    let Some(claims) = record.get("claims").and_then(Json::as_array) else {
        return Err(bad(format!(
            "claims is {}, not a list",
            describe(record.get("claims"))
        )));
    };
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, c) in claims.iter().enumerate() {
        let at = format!("claims[{i}]");
        let Some(claim) = c.as_object() else {
            return Err(bad(format!("{at} is {}, not an object", describe(Some(c)))));
        };
        string(claim, "id", &at)?;
        string(claim, "text", &at)?;
        if claim.contains_key("role") {
            string(claim, "role", &at)?;
        }
        let id = claim["id"].as_str().expect("checked above");
        if let Some(j) = ids.insert(id, i) {
            return Err(bad(format!(
                "{at}.id {} is also the id of claims[{j}]",
                quoted(id)
            )));
        }
        let Some(facts) = claim.get("facts").and_then(Json::as_array) else {
            return Err(bad(format!(
                "{at}.facts is {}, not a list",
                describe(claim.get("facts"))
            )));
        };
        let mut spans: BTreeMap<(u64, u64), usize> = BTreeMap::new();
        for (k, f) in facts.iter().enumerate() {
            let at = format!("{at}.facts[{k}]");
            let Some(fact) = f.as_object() else {
                return Err(bad(format!("{at} is {}, not an object", describe(Some(f)))));
            };
            for key in ["type", "text", "rule"] {
                string(fact, key, &at)?;
            }
            if !fact.contains_key("value") {
                return Err(bad(format!("{at}.value is missing")));
            }
            let n = |k: &str| f.pointer(k).and_then(Json::as_u64);
            let span = match (n("/span/start"), n("/span/end")) {
                (Some(s), Some(e)) if s <= e => (s, e),
                _ => {
                    return Err(bad(format!(
                        "{at}.span is {}, not {{\"start\": S, \"end\": E}} with S <= E",
                        describe(fact.get("span"))
                    )));
                }
            };
            if let Some(j) = spans.insert(span, k) {
                return Err(bad(format!(
                    "{at}.span is also the span of facts[{j}] of that claim"
                )));
            }
        }
    }
    Ok(path.to_string())
}

/// A record that [`check`] accepted, read as the typed [`Record`]: what else a `claimscan/1` record holds is
/// checked here, and a failure names the part of the record it is in (``claims[2].facts[0]: missing field
/// `chars` ``).
fn typed(r: &Json) -> Result<Record<Json>, Invalid> {
    Record::deserialize(r)
        .map_err(|e| Invalid::Malformed(locate(r).unwrap_or_else(|| e.to_string())))
}

/// Where in `r` a [`typed`] read fails: the first part of the record that does not read on its own, with
/// why, or `None` when every part reads.
fn locate(r: &Json) -> Option<String> {
    fn fails<'a, T: Deserialize<'a>>(v: &'a Json, at: &str) -> Option<String> {
        T::deserialize(v).err().map(|e| format!("{at}: {e}"))
    }
    fn list(v: &Json) -> &[Json] {
        v.as_array().map_or(&[], Vec::as_slice)
    }
    if let Some(why) = fails::<DocumentInfo>(&r["document"], "document") {
        return Some(why);
    }
    for (i, c) in list(&r["claims"]).iter().enumerate() {
        for (k, f) in list(&c["facts"]).iter().enumerate() {
            if let Some(why) = fails::<Fact<Json>>(f, &format!("claims[{i}].facts[{k}]")) {
                return Some(why);
            }
        }
        if let Some(why) = fails::<Claim<Json>>(c, &format!("claims[{i}]")) {
            return Some(why);
        }
    }
    if let Some(why) = fails::<Vec<Json>>(&r["entities"], "entities") {
        return Some(why);
    }
    for (i, e) in list(&r["entities"]).iter().enumerate() {
        if let Some(why) = fails::<EntityRow>(e, &format!("entities[{i}]")) {
            return Some(why);
        }
    }
    fails::<Stats>(&r["stats"], "stats")
}

fn fact_view(f: &Fact<Json>) -> FactView {
    FactView {
        fact_type: f.fact_type,
        text: f.text.clone(),
        span: f.location.span,
        rule: f.rule.clone(),
        value: f.value.clone(),
    }
}

fn claims(record: &Record<Json>) -> BTreeMap<String, (String, Vec<FactView>, Role)> {
    record
        .claims
        .iter()
        .map(|c| {
            let facts = c.facts.iter().map(fact_view).collect();
            (c.id.clone(), (c.text.clone(), facts, c.role))
        })
        .collect()
}

/// Compares two runs. A document that failed in the new run is reported in [`Diff::failed`], not compared.
pub fn diff(old: &Run, new: &Run) -> Diff {
    let mut d = Diff::default();
    let paths: BTreeSet<&String> = old
        .records
        .keys()
        .chain(new.records.keys())
        .chain(new.failed.keys())
        .collect();
    d.totals.documents = paths.len();
    let (old, new, failed) = (&old.records, &new.records, &new.failed);
    let view = |id: &String, (text, facts, role): &(String, Vec<FactView>, Role)| ClaimView {
        id: id.clone(),
        role: *role,
        text: text.clone(),
        facts: facts.clone(),
    };
    for path in paths {
        if let Some(error) = failed.get(path) {
            d.failed.push(FailedDocument {
                path: path.clone(),
                error: error.clone(),
            });
            d.totals.failed_documents += 1;
            d.totals.changed_documents += 1;
            continue;
        }
        let (a, b) = (
            old.get(path).map(claims).unwrap_or_default(),
            new.get(path).map(claims).unwrap_or_default(),
        );
        let status = match (old.contains_key(path), new.contains_key(path)) {
            (false, _) => "added",
            (_, false) => "removed",
            _ => "changed",
        };
        let mut doc = DocumentDiff {
            path: path.clone(),
            status,
            claims_added: vec![],
            claims_removed: vec![],
            claims_changed: vec![],
        };
        for (id, c) in &b {
            if !a.contains_key(id) {
                doc.claims_added.push(view(id, c));
            }
        }
        for (id, c) in &a {
            let Some(nc) = b.get(id) else {
                doc.claims_removed.push(view(id, c));
                continue;
            };
            let mut change = ClaimChange {
                id: id.clone(),
                text: c.0.clone(),
                added: vec![],
                removed: vec![],
                changed: vec![],
            };
            for f in &nc.1 {
                match c.1.iter().find(|o| o.span == f.span) {
                    None => change.added.push(f.clone()),
                    Some(o) if o != f => change.changed.push(FactChange {
                        old: o.clone(),
                        new: f.clone(),
                    }),
                    Some(_) => {}
                }
            }
            for o in &c.1 {
                if !nc.1.iter().any(|f| f.span == o.span) {
                    change.removed.push(o.clone());
                }
            }
            if !(change.added.is_empty() && change.removed.is_empty() && change.changed.is_empty())
            {
                doc.claims_changed.push(change);
            }
        }
        let changed = !(doc.claims_added.is_empty()
            && doc.claims_removed.is_empty()
            && doc.claims_changed.is_empty())
            || status != "changed";
        if changed {
            let t = &mut d.totals;
            t.changed_documents += 1;
            t.claims[0] += doc.claims_added.len();
            t.claims[1] += doc.claims_removed.len();
            t.claims[2] += doc.claims_changed.len();
            let sum = |counts: &mut dyn Iterator<Item = usize>| counts.sum::<usize>();
            t.facts[0] += sum(&mut doc.claims_added.iter().map(|c| c.facts.len()))
                + sum(&mut doc.claims_changed.iter().map(|c| c.added.len()));
            t.facts[1] += sum(&mut doc.claims_removed.iter().map(|c| c.facts.len()))
                + sum(&mut doc.claims_changed.iter().map(|c| c.removed.len()));
            t.facts[2] += sum(&mut doc.claims_changed.iter().map(|c| c.changed.len()));
            d.documents.push(doc);
        }
    }
    d
}

fn short(s: &str) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > 100 {
        format!("{}…", s.chars().take(100).collect::<String>())
    } else {
        s
    }
}

fn fact_line(sign: char, f: &FactView) -> String {
    format!(
        "      {sign} {} {:?} {} {}\n",
        f.fact_type, f.text, f.rule, f.value
    )
}

/// The diff for a person.
pub fn text(d: &Diff) -> String {
    let mut out = String::new();
    for f in &d.failed {
        out.push_str(&format!(
            "{} (failed in the new run: {})\n",
            crate::model::names::printable(&f.path),
            crate::model::names::printable(&f.error)
        ));
    }
    for doc in &d.documents {
        out.push_str(&format!(
            "{} ({})\n",
            crate::model::names::printable(&doc.path),
            doc.status
        ));
        for (sign, claims) in [('+', &doc.claims_added), ('-', &doc.claims_removed)] {
            for c in claims {
                let role = if c.role == Role::Body {
                    String::new()
                } else {
                    format!("[{}] ", c.role.as_str())
                };
                out.push_str(&format!(
                    "  {sign} claim {} {role}{:?}\n",
                    c.id,
                    short(&c.text)
                ));
                for f in &c.facts {
                    out.push_str(&fact_line(sign, f));
                }
            }
        }
        for c in &doc.claims_changed {
            out.push_str(&format!("  ~ claim {} {:?}\n", c.id, short(&c.text)));
            for f in &c.added {
                out.push_str(&fact_line('+', f));
            }
            for f in &c.removed {
                out.push_str(&fact_line('-', f));
            }
            for ch in &c.changed {
                out.push_str(&format!(
                    "      ~ {} {:?} at {}..{}: {} {} → {} {}\n",
                    ch.new.fact_type,
                    ch.new.text,
                    ch.new.span.start(),
                    ch.new.span.end(),
                    ch.old.rule,
                    ch.old.value,
                    ch.new.rule,
                    ch.new.value
                ));
            }
        }
    }
    let t = &d.totals;
    let failed = if t.failed_documents > 0 {
        format!(" ({} failed in the new run)", t.failed_documents)
    } else {
        String::new()
    };
    out.push_str(&format!(
        "{} of {} documents differ{failed}; claims +{} -{} ~{}; facts +{} -{} ~{}\n",
        t.changed_documents,
        t.documents,
        t.claims[0],
        t.claims[1],
        t.claims[2],
        t.facts[0],
        t.facts[1],
        t.facts[2]
    ));
    out
}

/// What became of one reviewed verdict in a new run ([`against_decisions`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// An accepted fact the new run no longer finds, or finds with another value.
    BrokenAcceptance,
    /// A rejected fact the new run no longer finds.
    FixedRejection,
    /// A fact rejected for its wrong value that the new run gives another value: to review again.
    ValueChanged,
    /// A fact the reviewer added (the old run missed it) that the new run finds.
    NowFound,
    /// A flagged fact the new run no longer finds, or finds with another value.
    FlaggedChanged,
    /// A decided claim whose id the new run does not have.
    ClaimGone,
    /// A decision on a document the new run holds no record of.
    NotInNewRun,
    /// A rejected fact the new run still finds (with the same value, or another one for a rejection not
    /// about the value).
    StillRejected,
    /// An added fact the new run still misses.
    StillMissed,
    /// Unchanged: an accepted or flagged fact found with the same value, or a decided claim still there.
    Kept,
}

impl Outcome {
    /// Every outcome, in the order the text report lists them.
    pub const ALL: [Outcome; 10] = [
        Outcome::BrokenAcceptance,
        Outcome::FixedRejection,
        Outcome::ValueChanged,
        Outcome::NowFound,
        Outcome::FlaggedChanged,
        Outcome::ClaimGone,
        Outcome::NotInNewRun,
        Outcome::StillRejected,
        Outcome::StillMissed,
        Outcome::Kept,
    ];

    /// Whether the new run changes what the verdict said: everything but still rejected, still missed and
    /// kept.
    pub fn is_change(self) -> bool {
        !matches!(
            self,
            Outcome::StillRejected | Outcome::StillMissed | Outcome::Kept
        )
    }

    /// The name in JSON (`broken_acceptance`), also the key of [`DecisionsDiff::totals`].
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::BrokenAcceptance => "broken_acceptance",
            Outcome::FixedRejection => "fixed_rejection",
            Outcome::ValueChanged => "value_changed",
            Outcome::NowFound => "now_found",
            Outcome::FlaggedChanged => "flagged_changed",
            Outcome::ClaimGone => "claim_gone",
            Outcome::NotInNewRun => "not_in_new_run",
            Outcome::StillRejected => "still_rejected",
            Outcome::StillMissed => "still_missed",
            Outcome::Kept => "kept",
        }
    }

    /// The heading of the outcome's group in the text report.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::BrokenAcceptance => "broken acceptances",
            Outcome::FixedRejection => "fixed rejections",
            Outcome::ValueChanged => "value changed (was rejected for its value)",
            Outcome::NowFound => "now found (were added by the reviewer)",
            Outcome::FlaggedChanged => "flagged, changed",
            Outcome::ClaimGone => "claims gone",
            Outcome::NotInNewRun => "not in the new run",
            Outcome::StillRejected => "still rejected",
            Outcome::StillMissed => "still missed",
            Outcome::Kept => "kept",
        }
    }
}

/// One decision and what became of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionOutcome {
    /// What became of it.
    pub outcome: Outcome,
    /// `document.path`, as the decision gives it.
    pub path: String,
    /// 1-based line of the span in the article, when known (from the new run's fact, or from the reviewed
    /// file when it is still there unchanged).
    pub line: Option<usize>,
    /// 1-based column, in code points, when known.
    pub column: Option<usize>,
    /// A fact or a claim.
    pub target: Target,
    /// The fact type (null for a claim).
    #[serde(rename = "type")]
    pub fact_type: Option<FactType>,
    /// The decided text.
    pub text: String,
    /// The decided code-point span.
    pub chars: CharSpan,
    /// The claim id (the claim's own for a claim decision).
    pub claim: Option<String>,
    /// The verdict.
    pub verdict: Verdict,
    /// The rejection's reason, as written.
    pub reason: Option<String>,
    /// The value the reviewer saw (null for a claim or an added fact).
    pub old_value: Json,
    /// The new run's value of the fact at the span, when it finds one.
    pub new_value: Option<Json>,
    /// The new run's rule for it, when it finds one.
    pub new_rule: Option<String>,
}

/// The verdicts of a decisions file checked against a new run.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DecisionsDiff {
    /// Every decision's outcome, by outcome (in [`Outcome::ALL`] order), then path, then position.
    pub outcomes: Vec<DecisionOutcome>,
    /// How many decisions had each outcome (the outcome's JSON name → count; only outcomes that occur).
    pub totals: BTreeMap<String, usize>,
}

impl DecisionsDiff {
    /// Whether the new run changes no verdict's outcome (see [`Outcome::is_change`]).
    pub fn is_empty(&self) -> bool {
        self.outcomes.iter().all(|o| !o.outcome.is_change())
    }
}

/// Line and column of byte offsets in the reviewed files, read when still unchanged.
struct Places {
    docs: PathBuf,
    /// path → the article text, or `None` when the file is gone or changed.
    texts: BTreeMap<String, Option<String>>,
}

impl Places {
    fn at(&mut self, path: &str, sha256: &str, byte: usize) -> (Option<usize>, Option<usize>) {
        let docs = &self.docs;
        let text = self.texts.entry(path.to_string()).or_insert_with(|| {
            let file = docs.join(path);
            let bytes = crate::document::read::read_named_document(
                &file,
                crate::document::read::DEFAULT_MAX_DOC_BYTES,
            )
            .ok()?;
            let sha = crate::model::util::hex(&<sha2::Sha256 as sha2::Digest>::digest(&bytes));
            (sha == sha256)
                .then(|| crate::document::Document::from_bytes(path, bytes, None).ok())
                .flatten()
                .map(|d| d.text)
        });
        match text {
            Some(t) if byte <= t.len() && t.is_char_boundary(byte) => {
                let p = crate::text::OffsetMap::new(t).position(byte);
                (Some(p.line), Some(p.column))
            }
            _ => (None, None),
        }
    }
}

/// Checks each decision against the new run's record of its document: the record with the decision's
/// `sha256` (the same path preferred), else the one with its `path`. Facts are matched by type and code-point
/// span, claims by id; see [`Outcome`]. Places of facts the new run lacks are read from the reviewed file
/// under `docs` (the folder the decisions' paths are relative to), when it is still as reviewed.
pub fn against_decisions(decisions: &[Decision], new: &Run, docs: &Path) -> DecisionsDiff {
    let mut by_sha: BTreeMap<&str, Vec<&Record<Json>>> = BTreeMap::new();
    for r in new.records.values() {
        by_sha.entry(&r.document.sha256).or_default().push(r);
    }
    let find = |d: &Decision| -> Option<&Record<Json>> {
        by_sha
            .get(d.sha256.as_str())
            .and_then(|rs| {
                rs.iter()
                    .find(|r| r.document.path == d.path)
                    .or_else(|| rs.first())
                    .copied()
            })
            .or_else(|| new.records.get(&d.path))
    };
    let mut places = Places {
        docs: docs.to_path_buf(),
        texts: BTreeMap::new(),
    };
    let mut out = DecisionsDiff::default();
    for d in decisions {
        let mut o = DecisionOutcome {
            outcome: Outcome::Kept,
            path: d.path.clone(),
            line: None,
            column: None,
            target: d.target,
            fact_type: d.fact_type,
            text: d.text.clone(),
            chars: d.chars,
            claim: d.claim.clone(),
            verdict: d.verdict,
            reason: d.reason.clone(),
            old_value: d.value.clone(),
            new_value: None,
            new_rule: None,
        };
        o.outcome = match find(d) {
            None => Outcome::NotInNewRun,
            Some(rec) => match d.target {
                Target::Claim => {
                    let id = d.claim.as_deref();
                    match rec.claims.iter().find(|c| Some(c.id.as_str()) == id) {
                        Some(c) => {
                            (o.line, o.column) = (Some(c.location.line), Some(c.location.column));
                            Outcome::Kept
                        }
                        None => Outcome::ClaimGone,
                    }
                }
                Target::Fact => {
                    let found =
                        rec.claims.iter().flat_map(|c| &c.facts).find(|f| {
                            Some(f.fact_type) == d.fact_type && f.location.chars == d.chars
                        });
                    if let Some(f) = found {
                        (o.line, o.column) = (Some(f.location.line), Some(f.location.column));
                        o.new_value = Some(f.value.clone());
                        o.new_rule = Some(f.rule.clone());
                    }
                    let same = found.is_some_and(|f| {
                        value_matches(&d.value, &f.value) && value_matches(&f.value, &d.value)
                    });
                    match (d.verdict, found.is_some()) {
                        (Verdict::Accepted, _) if same => Outcome::Kept,
                        (Verdict::Accepted, _) => Outcome::BrokenAcceptance,
                        (Verdict::Rejected, false) => Outcome::FixedRejection,
                        (Verdict::Rejected, true)
                            if !same && d.reason() == Some(Reason::WrongValue) =>
                        {
                            Outcome::ValueChanged
                        }
                        (Verdict::Rejected, true) => Outcome::StillRejected,
                        (Verdict::Added, true) => Outcome::NowFound,
                        (Verdict::Added, false) => Outcome::StillMissed,
                        (Verdict::Flagged, _) if same => Outcome::Kept,
                        (Verdict::Flagged, _) => Outcome::FlaggedChanged,
                    }
                }
            },
        };
        if o.line.is_none() {
            (o.line, o.column) = places.at(&d.path, &d.sha256, d.span.start());
        }
        *out.totals
            .entry(o.outcome.as_str().to_string())
            .or_default() += 1;
        out.outcomes.push(o);
    }
    out.outcomes.sort_by(|a, b| {
        (a.outcome, &a.path, a.chars.start(), a.target).cmp(&(
            b.outcome,
            &b.path,
            b.chars.start(),
            b.target,
        ))
    });
    out
}

/// The decisions diff for a person: one group per outcome (kept ones counted, not listed), each line
/// `path:line:column type "text" old value → new value`, and a line of totals.
pub fn decisions_text(d: &DecisionsDiff) -> String {
    let mut out = String::new();
    for outcome in Outcome::ALL {
        let group: Vec<&DecisionOutcome> =
            d.outcomes.iter().filter(|o| o.outcome == outcome).collect();
        if group.is_empty() || outcome == Outcome::Kept {
            continue;
        }
        out.push_str(&format!("{} ({}):\n", outcome.label(), group.len()));
        if outcome == Outcome::NotInNewRun {
            let mut docs: BTreeMap<&str, usize> = BTreeMap::new();
            for o in &group {
                *docs.entry(&o.path).or_default() += 1;
            }
            for (path, n) in docs {
                out.push_str(&format!("  {} ({n} decisions)\n", names::printable(path)));
            }
            continue;
        }
        for o in group {
            let place = match (o.line, o.column) {
                (Some(l), Some(c)) => format!("{l}:{c}"),
                _ => format!("chars {}..{}", o.chars.start(), o.chars.end()),
            };
            let what = match (o.target, o.fact_type) {
                (Target::Claim, _) => format!("claim {}", o.claim.as_deref().unwrap_or("")),
                (Target::Fact, Some(t)) => t.as_str().to_string(),
                (Target::Fact, None) => "fact".to_string(),
            };
            let verdict = match &o.reason {
                Some(r) => format!("{}: {}", o.verdict, names::printable(r)),
                None => o.verdict.to_string(),
            };
            let values = match (&o.target, &o.new_value) {
                (Target::Claim, _) => String::new(),
                (_, Some(new)) if !o.old_value.is_null() => {
                    crate::tools::decisions::value_change(&o.old_value, new)
                }
                (_, Some(new)) => format!(" → {new}"),
                (_, None) if !o.old_value.is_null() => format!(" {} → (gone)", o.old_value),
                (_, None) => " (not found)".to_string(),
            };
            out.push_str(&format!(
                "  {}:{place} {what} {:?}{values} [{verdict}]\n",
                names::printable(&o.path),
                short(&o.text),
            ));
        }
    }
    let changes = d.outcomes.iter().filter(|o| o.outcome.is_change()).count();
    let counts: Vec<String> = Outcome::ALL
        .iter()
        .filter_map(|&oc| {
            let n = d.outcomes.iter().filter(|o| o.outcome == oc).count();
            (n > 0).then(|| format!("{}: {n}", oc.label()))
        })
        .collect();
    out.push_str(&format!(
        "{changes} of {} reviewed verdicts changed by the new run; {}\n",
        d.outcomes.len(),
        if counts.is_empty() {
            "no decisions".to_string()
        } else {
            counts.join(", ")
        }
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn outcome_names_are_their_json() {
        for o in Outcome::ALL {
            assert_eq!(serde_json::to_value(o).unwrap(), json!(o.as_str()));
        }
    }

    /// A whole `claimscan/1` record for `path` with these claims.
    fn rec(path: &str, claims: Json) -> (String, Json) {
        let zero = json!({"date": 0, "percentage": 0, "money": 0, "quantity": 0, "organization": 0, "policy": 0});
        let record = json!({
            "schema": "claimscan/1",
            "document": {"path": path, "sha256": "00", "title": null, "date": null, "date_source": "none",
                         "bytes": 0, "sentences": 0, "format": "text"},
            "claims": claims,
            "entities": [],
            "stats": {"claims": 0, "facts": zero},
        });
        (path.to_string(), record)
    }

    /// Where a claim or fact starting at byte `s` is, `n` bytes long.
    fn at(s: u64, n: u64) -> Json {
        let span = json!({"start": s, "end": s + n});
        json!({"span": span, "chars": span, "line": 1, "column": s + 1})
    }

    /// A claim with these facts.
    fn claim(id: &str, text: &str, facts: Json) -> Json {
        let mut c =
            json!({"id": id, "role": "body", "kinds": ["temporal"], "text": text, "facts": facts});
        c.as_object_mut()
            .unwrap()
            .extend(at(0, 0).as_object().unwrap().clone());
        c
    }

    fn run(records: impl IntoIterator<Item = (String, Json)>) -> Run {
        let typed = |r: &Json| match typed(r) {
            Ok(r) => r,
            Err(Invalid::Schema(s) | Invalid::Malformed(s)) => panic!("{s}: {r}"),
        };
        Run {
            records: records.into_iter().map(|(p, r)| (p, typed(&r))).collect(),
            ..Run::default()
        }
    }

    fn fact(s: u64, rule: &str, v: i64) -> Json {
        let mut f = json!({"type": "date", "text": "x", "rule": rule, "value": {"v": v}});
        f.as_object_mut()
            .unwrap()
            .extend(at(s, 1).as_object().unwrap().clone());
        f
    }

    #[test]
    fn matches_claims_by_id_and_facts_by_span() {
        let old = run([rec(
            "a",
            json!([
                claim("c1", "one", json!([fact(1, "r/a", 1), fact(5, "r/a", 1)])),
                claim("c2", "two", json!([fact(9, "r/a", 1)])),
            ]),
        )]);
        let new = run([
            rec(
                "a",
                json!([
                    claim("c1", "one", json!([fact(1, "r/a", 2), fact(3, "r/b", 1)])),
                    claim("c3", "three", json!([fact(20, "r/a", 1)])),
                ]),
            ),
            rec("b", json!([])),
        ]);
        let d = diff(&old, &new);
        assert_eq!(d.totals.changed_documents, 2);
        assert_eq!(d.totals.claims, [1, 1, 1]);
        assert_eq!(d.totals.facts, [2, 2, 1]);
        let c1 = &d.documents[0].claims_changed[0];
        assert_eq!(
            (c1.added.len(), c1.removed.len(), c1.changed.len()),
            (1, 1, 1)
        );
        assert_eq!(d.documents[1].status, "added");
        assert!(diff(&old, &old).is_empty());
        assert!(text(&d).contains("~ claim c1"));
    }

    #[test]
    fn a_document_failed_in_the_new_run_is_failed_never_unchanged_or_removed() {
        let claims = json!([claim("c1", "one", json!([fact(1, "r/a", 1)]))]);
        let old = run([rec("a", claims.clone()), rec("b", claims.clone())]);
        // `a` kept a stale record file; `b` has none; `c` is new and failed.
        let mut new = run([rec("a", claims)]);
        for p in ["a", "b", "c"] {
            new.failed.insert(p.into(), "not UTF-8".into());
        }
        let d = diff(&old, &new);
        assert!(!d.is_empty());
        assert!(d.documents.is_empty(), "{:?}", d.documents);
        let failed: Vec<&str> = d.failed.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(failed, ["a", "b", "c"]);
        assert_eq!(
            (
                d.totals.documents,
                d.totals.changed_documents,
                d.totals.failed_documents
            ),
            (3, 3, 3)
        );
        let shown = text(&d);
        assert!(
            shown.contains("a (failed in the new run: not UTF-8)\n"),
            "{shown}"
        );
        assert!(shown.contains("3 of 3 documents differ (3 failed in the new run)"));
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(
            json["failed"][0],
            json!({"path": "a", "error": "not UTF-8"})
        );
        // A failure in the old run only is not one of the new run.
        let mut old_failed = old.clone();
        old_failed.failed.insert("a".into(), "x".into());
        assert!(diff(&old_failed, &old).is_empty());
    }

    /// What [`load`] makes of a record: `ok` and its path, or why it is refused.
    fn reason(record: Json) -> String {
        match check(&record).and_then(|p| Ok((p, typed(&record)?))) {
            Ok((p, _)) => format!("ok {p}"),
            Err(Invalid::Schema(found)) => format!("schema {found}"),
            Err(Invalid::Malformed(why)) => why,
        }
    }

    #[test]
    fn records_that_are_not_claimscan_1_or_lack_what_diff_reads_are_refused() {
        let good = || rec("a.txt", json!([claim("c1", "t", json!([fact(1, "r", 1)]))])).1;
        let with = |pointer: &str, v: Json| {
            let mut r = good();
            *r.pointer_mut(pointer).unwrap() = v;
            r
        };
        let without = |parent: &str, key: &str| {
            let mut r = good();
            r.pointer_mut(parent)
                .unwrap()
                .as_object_mut()
                .unwrap()
                .remove(key);
            r
        };
        let cases: Vec<(Json, &str)> = vec![
            (good(), "ok a.txt"),
            (without("/claims/0", "role"), "ok a.txt"),
            (with("/claims", json!([])), "ok a.txt"),
            (
                with("/schema", json!("claimscan/2")),
                "schema \"claimscan/2\"",
            ),
            (
                with("/schema", json!("totally-other/9")),
                "schema \"totally-other/9\"",
            ),
            (with("/schema", json!(1)), "schema 1"),
            (without("", "schema"), "schema missing"),
            (json!([1]), "a record is an object, not [1]"),
            (
                without("/document", "path"),
                "document.path is missing, not a string",
            ),
            (
                with("/document", json!("a.txt")),
                "document.path is missing, not a string",
            ),
            (
                with("/document/path", json!(7)),
                "document.path is 7, not a string",
            ),
            (without("", "claims"), "claims is missing, not a list"),
            (
                with("/claims", json!("none")),
                "claims is \"none\", not a list",
            ),
            (
                with("/claims", json!({"id": "c1"})),
                "claims is {\"id\":\"c1\"}, not a list",
            ),
            (with("/claims/0", json!(3)), "claims[0] is 3, not an object"),
            (
                without("/claims/0", "id"),
                "claims[0].id is missing, not a string",
            ),
            (
                with("/claims/0/text", json!(null)),
                "claims[0].text is null, not a string",
            ),
            (
                with("/claims/0/role", json!(["title"])),
                "claims[0].role is [\"title\"], not a string",
            ),
            (
                without("/claims/0", "facts"),
                "claims[0].facts is missing, not a list",
            ),
            (
                with("/claims/0/facts/0", json!("x")),
                "claims[0].facts[0] is \"x\", not an object",
            ),
            (
                without("/claims/0/facts/0", "rule"),
                "claims[0].facts[0].rule is missing, not a string",
            ),
            (
                with("/claims/0/facts/0/type", json!(5)),
                "claims[0].facts[0].type is 5, not a string",
            ),
            (
                without("/claims/0/facts/0", "value"),
                "claims[0].facts[0].value is missing",
            ),
            (
                without("/claims/0/facts/0", "span"),
                "claims[0].facts[0].span is missing, not {\"start\": S, \"end\": E} with S <= E",
            ),
            (
                with("/claims/0/facts/0/span", json!({"start": 5, "end": 2})),
                "claims[0].facts[0].span is {\"end\":2,\"start\":5}, not {\"start\": S, \"end\": E} with S <= E",
            ),
            (
                with("/claims/0/facts/0/span/start", json!(-1)),
                "claims[0].facts[0].span is {\"end\":2,\"start\":-1}, not {\"start\": S, \"end\": E} with S <= E",
            ),
            (
                with(
                    "/claims",
                    json!([{"id": "c1", "text": "t", "facts": []}, {"id": "c1", "text": "u", "facts": []}]),
                ),
                "claims[1].id \"c1\" is also the id of claims[0]",
            ),
            (
                with("/claims/0/facts", json!([fact(1, "r", 1), fact(1, "s", 2)])),
                "claims[0].facts[1].span is also the span of facts[0] of that claim",
            ),
            (
                with("/schema", json!("claimscan/1\u{202e}")),
                "schema \"claimscan/1\\u{202e}\"",
            ),
            // What diff does not compare is still read, typed: a record is read whole or not at all.
            (without("/document", "format"), "ok a.txt"),
            (
                without("/document", "sha256"),
                "document: missing field `sha256`",
            ),
            (
                with("/document/date_source", json!("guess")),
                "document: unknown variant `guess`, expected one of `option`, `front_matter`, `dateline`, \
                 `article_published_time`, `json_ld`, `time_element`, `meta_date`, `none`",
            ),
            (
                with("/claims/0/role", json!("sidebar")),
                "claims[0]: unknown variant `sidebar`, expected one of `title`, `heading`, `body`",
            ),
            (
                with("/claims/0/kinds", json!(["temporal", "gossip"])),
                "claims[0]: unknown variant `gossip`, expected one of `statistic`, `temporal`, `policy`, \
                 `organization`",
            ),
            (
                with("/claims/0/facts/0/type", json!("colour")),
                "claims[0].facts[0]: unknown variant `colour`, expected one of `date`, `percentage`, `money`, \
                 `quantity`, `organization`, `policy`",
            ),
            (
                without("/claims/0/facts/0", "chars"),
                "claims[0].facts[0]: missing field `chars`",
            ),
            (
                with("/claims/0/facts/0/chars", json!({"start": 3, "end": 1})),
                "claims[0].facts[0]: span start 3 is after its end 1",
            ),
            (
                with("/claims/0/line", json!("one")),
                "claims[0]: invalid type: string \"one\", expected usize",
            ),
            (
                with("/entities", json!({})),
                "entities: invalid type: map, expected a sequence",
            ),
            (
                with("/entities", json!([{"type": "date"}])),
                "entities[0]: missing field `name`",
            ),
            (
                without("", "stats"),
                "stats: invalid type: null, expected struct Stats",
            ),
        ];
        for (record, want) in cases {
            assert_eq!(reason(record.clone()), want, "{record}");
        }
    }

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }

    fn line(path: &str, percent: u64) -> String {
        let claims = json!([claim("c1", "t", json!([fact(percent, "r", 1)]))]);
        rec(path, claims).1.to_string()
    }

    #[test]
    fn errors_name_the_file_and_the_line() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let err = |p: &Path| load(p).unwrap_err().to_string();
        let f = write(
            dir,
            "dup.jsonl",
            &format!("{}\n\n{}\n", line("a", 40), line("a", 99)),
        );
        let shown = f.display();
        assert_eq!(
            err(&f),
            format!(
                "{shown}:3: a second record for document.path \"a\" (the first is {shown}:1); a run holds \
                 one record per document, and diff would compare only one of them"
            )
        );
        let f = write(
            dir,
            "schema.jsonl",
            &format!(
                "{}\n{}\n",
                line("a", 1),
                line("b", 1).replace("claimscan/1", "claimscan/2")
            ),
        );
        assert!(err(&f).starts_with(&format!(
            "{}:2: the record's schema is \"claimscan/2\"",
            f.display()
        )));
        let f = write(
            dir,
            "one.jsonl",
            &line("a", 1).replace("\"claims\":[", "\"claims\":[7,"),
        );
        assert_eq!(
            err(&f),
            format!(
                "{}:1: not a claimscan/1 record: claims[0] is 7, not an object",
                f.display()
            )
        );
        let f = write(dir, "bad.jsonl", &format!("{}\n{{oops\n", line("a", 1)));
        assert!(err(&f).starts_with(&format!(
            "{}:2: not a claimscan/1 record: not JSON: ",
            f.display()
        )));
        let f = write(dir, "cut.json", "{\n  \"schema\": \"claimscan/1\",\n");
        assert!(err(&f).starts_with(&format!(
            "{}: not a claimscan/1 record: not JSON: EOF",
            f.display()
        )));
        let f = write(
            dir,
            "array.json",
            &format!("[{}, {}]", line("a", 1), line("a", 2)),
        );
        assert!(err(&f).contains(
            "(record 2 of its array): a second record for document.path \"a\" (the first is "
        ));
        // Two files of one folder naming the same document (lossy file names, a copied record).
        let out = dir.join("out");
        let pretty = |path, n| {
            let v: Json = serde_json::from_str(&line(path, n)).unwrap();
            serde_json::to_string_pretty(&v).unwrap()
        };
        write(&out, "a.txt.json", &pretty("a.txt", 1));
        write(&out, "sub/copy.json", &pretty("a.txt", 2));
        assert_eq!(
            err(&out),
            format!(
                "{}: a second record for document.path \"a.txt\" (the first is {}); a run holds one record \
                 per document, and diff would compare only one of them",
                out.join("sub/copy.json").display(),
                out.join("a.txt.json").display()
            )
        );
        // Empty files hold no records; a good file loads.
        let f = write(dir, "empty.jsonl", "\n\n");
        assert!(load(&f).unwrap().records.is_empty());
        let f = write(
            dir,
            "good.jsonl",
            &format!("{}\n{}\n", line("a", 1), line("b", 1)),
        );
        assert_eq!(load(&f).unwrap().records.len(), 2);
    }

    fn summary_json(records: &[&str], failed: &[(&str, &str)]) -> String {
        let failed: Vec<Json> = failed
            .iter()
            .map(|(p, e)| json!({"path": p, "error": e}))
            .collect();
        json!({"schema": "claimscan-summary/1", "documents": records.len(), "records": records, "failed": failed})
            .to_string()
    }

    #[test]
    fn an_out_folder_is_the_run_its_summary_describes() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        for (name, path) in [
            ("a.txt.json", "a.txt"),
            ("b.txt.json", "b.txt"),
            ("gone.txt.json", "gone.txt"),
        ] {
            write(&out, name, &line(path, 1));
        }
        write(
            &out,
            "summary.json",
            &summary_json(&["a.txt.json", "b.txt.json"], &[("c.txt", "binary")]),
        );
        let r = load(&out).unwrap();
        assert_eq!(r.records.keys().collect::<Vec<_>>(), ["a.txt", "b.txt"]);
        assert_eq!(r.failed["c.txt"], "binary");
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        assert!(r.warnings[0].ends_with("ignoring 1 record file(s) that are not part of the run its summary.json describes (left by an earlier run: inputs deleted since, or failing now): gone.txt.json"), "{}", r.warnings[0]);
        // Many ignored files: counted, the first few named.
        for i in 0..8 {
            write(&out, &format!("old/{i}.json"), &line(&format!("old{i}"), 1));
        }
        let w = &load(&out).unwrap().warnings[0];
        assert!(w.contains("ignoring 9 record file(s)"), "{w}");
        assert!(
            w.ends_with(
                ": gone.txt.json, old/0.json, old/1.json, old/2.json, old/3.json and 4 more"
            ),
            "{w}"
        );
        // Without a summary: every record, and a warning that the run did not finish.
        std::fs::remove_file(out.join("summary.json")).unwrap();
        let r = load(&out).unwrap();
        assert_eq!(r.records.len(), 11);
        assert_eq!(r.warnings.len(), 1);
        assert!(
            r.warnings[0]
                .contains("no summary.json: the run that wrote this folder did not finish")
        );
        assert!(r.warnings[0].ends_with("reading all 11 record files in it"));
    }

    #[test]
    fn a_summary_that_cannot_be_used_is_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        write(out, "a.txt.json", &line("a.txt", 1));
        write(
            out,
            "two.json",
            &format!("{}\n{}\n", line("x", 1), line("y", 1)),
        );
        let cases = [
            ("{", "not JSON: EOF"),
            (
                r#"{"schema": "claimscan-summary/2", "records": []}"#,
                "the schema is \"claimscan-summary/2\", not claimscan-summary/1",
            ),
            (
                r#"{"records": []}"#,
                "the schema is missing, not claimscan-summary/1",
            ),
            (
                r#"{"schema": "claimscan-summary/1", "records": "a.txt.json"}"#,
                "records is not a list of file names",
            ),
            (
                r#"{"schema": "claimscan-summary/1", "records": [1]}"#,
                "records[0] is not a file name",
            ),
            (
                r#"{"schema": "claimscan-summary/1", "records": ["../a.txt.json"]}"#,
                "records[0] \"../a.txt.json\" is not a path inside the folder",
            ),
            (
                r#"{"schema": "claimscan-summary/1", "records": ["/etc/passwd"]}"#,
                "records[0] \"/etc/passwd\" is not a path inside the folder",
            ),
            (
                r#"{"schema": "claimscan-summary/1", "records": [""]}"#,
                "records[0] \"\" is not a path inside the folder",
            ),
            (
                r#"{"schema": "claimscan-summary/1", "records": ["a.txt.json", "a.txt.json"]}"#,
                "records lists \"a.txt.json\" twice",
            ),
            (
                r#"{"schema": "claimscan-summary/1", "records": ["missing.json"]}"#,
                "lists missing.json, which cannot be read",
            ),
            (
                r#"{"schema": "claimscan-summary/1", "records": ["two.json"]}"#,
                "two.json, which holds 2 records, not one",
            ),
            (
                r#"{"schema": "claimscan-summary/1", "records": [], "failed": [{"path": "a"}]}"#,
                "failed[0] is not an object with a path and an error",
            ),
        ];
        for (summary, want) in cases {
            write(out, "summary.json", summary);
            let e = load(out).unwrap_err();
            assert!(matches!(e, LoadError::Summary { .. }), "{summary}: {e}");
            let e = e.to_string();
            assert!(
                e.starts_with(&format!("{}: ", out.join("summary.json").display())),
                "{e}"
            );
            assert!(e.contains(want), "{summary}: {e}");
        }
        // No records written: `records` is left out, and the run holds none.
        write(
            out,
            "summary.json",
            r#"{"schema": "claimscan-summary/1", "documents": 0}"#,
        );
        let r = load(out).unwrap();
        assert!(r.records.is_empty());
        assert!(r.warnings[0].contains("ignoring 2 record file(s)"));
        // An older summary that does not list its records: read them all, and say so.
        write(
            out,
            "summary.json",
            r#"{"schema": "claimscan-summary/1", "documents": 1}"#,
        );
        write(out, "two.json", "");
        let r = load(out).unwrap();
        assert_eq!(r.records.len(), 1);
        assert!(
            r.warnings[0].contains("does not list its record files"),
            "{:?}",
            r.warnings
        );
    }

    #[cfg(unix)]
    #[test]
    fn walking_skips_hidden_folders_and_links_to_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let (out, elsewhere) = (tmp.path().join("out"), tmp.path().join("elsewhere"));
        write(&out, "a.txt.json", &line("a.txt", 1));
        write(&out, ".hidden.txt.json", &line(".hidden.txt", 1));
        write(&out, ".git/x.json", &line("git", 1));
        write(&elsewhere, "b.txt.json", &line("b.txt", 1));
        write(&elsewhere, "c.json", &line("c", 1));
        std::os::unix::fs::symlink(&elsewhere, out.join("linked")).unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("linked.json")).unwrap();
        std::os::unix::fs::symlink(elsewhere.join("c.json"), out.join("c.json")).unwrap();
        let r = load(&out).unwrap();
        assert_eq!(
            r.records.keys().collect::<Vec<_>>(),
            [".hidden.txt", "a.txt", "c"]
        );
        // A link named directly is followed.
        assert_eq!(load(&out.join("linked")).unwrap().records.len(), 2);
    }
}
