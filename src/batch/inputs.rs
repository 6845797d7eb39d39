//! What a batch reads: command-line paths expanded into inputs (folders walked in sorted order, other files
//! skipped by type and counted), failures named with short reasons, and `--shard`.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::document::read::ReadError;
use crate::model::names;

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
    /// [`JsonLine`](crate::document::JsonLine)). The record's `document.path` is the id; failures are named `FILE:LINE`.
    Jsonl,
}

impl InputFormat {
    /// The file extensions a folder walk picks up.
    pub(super) fn extensions(self) -> &'static [&'static str] {
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
    pub(super) fn of(name: &str) -> SkippedType {
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
    pub(super) fn is_project_file(name: &str) -> bool {
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
    pub(super) fn count(self, n: usize) -> String {
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
    pub(super) fn converter(self) -> Option<&'static str> {
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

    pub(super) fn add(&mut self, path: &Path, kind: SkippedType) {
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

pub(super) fn walk(
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
pub(super) const ELOOP: Option<i32> = Some(40);
#[cfg(any(target_os = "macos", target_os = "freebsd", target_os = "openbsd"))]
pub(super) const ELOOP: Option<i32> = Some(62);
#[cfg(not(any(
    target_os = "linux",
    target_os = "macos",
    target_os = "freebsd",
    target_os = "openbsd"
)))]
pub(super) const ELOOP: Option<i32> = None;

/// An I/O error as a short reason, without the `(os error N)` noise for the common kinds.
pub(super) fn io_message(e: &io::Error) -> String {
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
pub(super) fn read_message(e: &ReadError) -> String {
    match e {
        ReadError::Io(e) => io_message(e),
        other => other.to_string(),
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
