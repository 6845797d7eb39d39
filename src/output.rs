//! Writing records: JSON Lines, pretty JSON, and atomic per-file writes that stay inside the output folder.
//!
//! JSON Lines puts one record per line: `serde_json` compact output followed by `\n`, nothing else. Per-file
//! output writes `DIR/<relative path>.json` to a temporary name in the same folder
//! (`.NAME.claimscan-tmp-PID-SEQ`, unique per write) and renames it into place, so a reader never sees a
//! half-written record, even after the process is killed: what an interrupted run leaves is complete records
//! plus temporary files, and the next run removes the temporaries of processes that are gone from each folder
//! it writes to ([`OutDir`]).
//!
//! Only regular files are ever replaced: a link, pipe, device or folder where a record or summary goes is an
//! error ([`write_atomic`]); a file the user names ([`write_file`]) is written through when it is a pipe or
//! a character device, and through a link to its target.
//!
//! Record paths come from input names the user does not fully control (JSON Lines ids, file names), so
//! [`contained`] and [`record_name`] turn them into relative paths with no `..`, root or prefix component,
//! and [`OutDir::write_record`] refuses to write through a symbolic link below the output folder.

use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;

use crate::record::Record;

pub mod flat;

/// Output format for standard output (or, for the tables, the table files under `--out`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    /// One compact record per line.
    #[default]
    Jsonl,
    /// One pretty JSON array of records.
    Json,
    /// One JSON object per fact ([`flat`]).
    FactsJsonl,
    /// One CSV row per fact after a header row ([`flat`]).
    FactsCsv,
    /// `facts.parquet` and `claims.parquet` under `--out` ([`flat::ParquetTables`]); the batch writes JSON
    /// Lines records for them.
    Parquet,
}

impl Format {
    /// Whether this is a table format: rows, not one record per document, even with `--out`.
    pub fn is_table(self) -> bool {
        matches!(
            self,
            Format::FactsJsonl | Format::FactsCsv | Format::Parquet
        )
    }
}

/// A record as one JSON Lines line, newline included.
pub fn jsonl_line(record: &Record) -> Vec<u8> {
    let mut buf = serde_json::to_vec(record).expect("records always serialize");
    buf.push(b'\n');
    buf
}

/// A record as pretty JSON, newline included.
pub fn pretty(value: &impl Serialize) -> Vec<u8> {
    let mut buf = serde_json::to_vec_pretty(value).expect("records always serialize");
    buf.push(b'\n');
    buf
}

/// The mark between a temporary file's target name and the writer's process id and sequence number: distinctive,
/// so that nothing but claimscan's own temporaries is ever taken for one.
const TMP_MARK: &str = ".claimscan-tmp-";

/// Temporaries written by this process so far: the sequence number that makes each temporary name unique,
/// among the worker threads of one process as among processes.
static TMP_SEQ: AtomicU64 = AtomicU64::new(0);

/// The temporary name [`write_atomic`] uses for `name`: `.NAME.claimscan-tmp-PID-SEQ`, built from the name's
/// raw bytes (two names that differ only in bytes that are not UTF-8 get two temporaries).
fn temporary_name(name: &OsStr, pid: u32, seq: u64) -> OsString {
    let mut tmp = OsString::from(".");
    tmp.push(name);
    tmp.push(format!("{TMP_MARK}{pid}-{seq}"));
    tmp
}

/// The process id in a temporary file's name, if the name is one [`write_atomic`] makes.
fn temporary_pid(name: &OsStr) -> Option<u32> {
    let name = name.as_encoded_bytes().strip_prefix(b".")?;
    let at = memchr::memmem::rfind(name, TMP_MARK.as_bytes())?;
    let (target, tail) = (&name[..at], &name[at + TMP_MARK.len()..]);
    let tail = std::str::from_utf8(tail).ok()?;
    let (pid, seq) = tail.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if target.is_empty() || !digits(pid) || !digits(seq) {
        return None;
    }
    pid.parse().ok()
}

/// What a file-system entry is, for messages.
fn kind_of(t: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "named pipe (FIFO)";
        }
        if t.is_char_device() {
            return "character device";
        }
        if t.is_block_device() {
            return "block device";
        }
        if t.is_socket() {
            return "socket";
        }
    }
    if t.is_symlink() {
        "symbolic link"
    } else if t.is_dir() {
        "folder"
    } else if t.is_file() {
        "regular file"
    } else {
        "special file"
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder (`.NAME.claimscan-tmp-PID-SEQ`) and a
/// rename, so that a reader never sees half a file.
///
/// Only a regular file is ever replaced: when `path` is a symbolic link, a folder, a pipe, a device or a
/// socket, nothing is written and the error says what it is. The temporary file is created exclusively
/// (never through an existing file or link), synced, then renamed over `path`; on error it is removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if !m.file_type().is_file() => {
            return Err(io::Error::other(format!(
                "{} is a {}, not a regular file; it is not replaced",
                path.display(),
                kind_of(m.file_type())
            )));
        }
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let dir = parent_of(path);
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().unwrap_or_default();
    let seq = TMP_SEQ.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(temporary_name(name, std::process::id(), seq));
    let create = || OpenOptions::new().write(true).create_new(true).open(&tmp);
    let mut f = match create() {
        // Left by an earlier process that had our id (ids are reused), killed before its rename: this
        // process never uses a sequence number twice.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(&tmp)?;
            create()?
        }
        other => other?,
    };
    let result = (|| {
        f.write_all(bytes)?;
        f.sync_data()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Writes a file the user named (`review --html FILE`): a regular file (or a new one) atomically, with
/// [`write_atomic`]; a symbolic link is followed to its target and the same applies there; a named pipe,
/// a character device (`/dev/stdout`, `/dev/null`) or a socket is written through, never replaced. A block
/// device or a folder is refused. Temporaries that a killed earlier write of the same file left beside it
/// are removed first.
pub fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if std::fs::symlink_metadata(path).is_ok() {
                return Err(io::Error::other(format!(
                    "{} is a symbolic link to nothing; not replaced",
                    path.display()
                )));
            }
            remove_stale_temporaries_of(path)?;
            return write_atomic(path, bytes);
        }
        Err(e) => return Err(e),
    };
    let t = target.file_type();
    if t.is_file() {
        let real = if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
            std::fs::canonicalize(path)?
        } else {
            path.to_path_buf()
        };
        remove_stale_temporaries_of(&real)?;
        return write_atomic(&real, bytes);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() || t.is_char_device() || t.is_socket() {
            let mut f = OpenOptions::new().write(true).open(path)?;
            return f.write_all(bytes).and_then(|()| f.flush());
        }
    }
    Err(io::Error::other(format!(
        "{} is a {}; claimscan writes only regular files, pipes and character devices",
        path.display(),
        kind_of(t)
    )))
}

/// Removes the temporaries of `path` (`.NAME.claimscan-tmp-PID-SEQ` beside it) whose process is gone.
fn remove_stale_temporaries_of(path: &Path) -> io::Result<usize> {
    let Some(name) = path.file_name() else {
        return Ok(0);
    };
    let mut prefix = OsString::from(".");
    prefix.push(name);
    prefix.push(TMP_MARK);
    remove_stale_in(parent_of(path), Some(prefix.as_encoded_bytes()))
}

/// Removes, in `dir` only, the temporaries of [`write_atomic`] that a killed earlier process left (any file's);
/// returns how many. For a folder of many files written with [`write_atomic`], where [`write_file`]'s sweep
/// per file would read the folder once a file.
pub fn remove_stale_temporaries_in(dir: &Path) -> io::Result<usize> {
    remove_stale_in(dir, None)
}

/// Whether process `pid` may still be writing its temporaries. On Linux a process is running when `/proc/PID`
/// exists; elsewhere only this process counts as running.
fn alive(pid: u32) -> bool {
    pid == std::process::id()
        || (Path::new("/proc/self").exists() && Path::new(&format!("/proc/{pid}")).exists())
}

/// Removes, in `dir` only (not below it), the temporaries of [`write_atomic`] whose names start with `prefix`
/// (any, without one) and whose process is gone; returns how many.
fn remove_stale_in(dir: &Path, prefix: Option<&[u8]>) -> io::Result<usize> {
    let mut removed = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if prefix.is_some_and(|p| !name.as_encoded_bytes().starts_with(p)) {
            continue;
        }
        let Some(pid) = temporary_pid(&name) else {
            continue;
        };
        if alive(pid) || !entry.file_type()?.is_file() {
            continue;
        }
        match std::fs::remove_file(entry.path()) {
            Ok(()) => removed += 1,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(removed)
}

/// The name of the lock file in an output folder: held (an advisory lock) for as long as a run writes there.
pub const LOCK_FILE: &str = ".claimscan.lock";

/// The name of the run summary in an output folder, reserved: no record is written under it or below it.
pub const SUMMARY_FILE: &str = "summary.json";

/// An output folder (`--out DIR`) while a run writes it.
///
/// Opening it creates it, checks that it takes files and takes its lock, so two runs never write one folder at
/// once. Records are written with [`OutDir::write_record`]; the first write into each folder of the tree
/// removes the temporaries killed runs left in that folder (only there, only claimscan's own, only of
/// processes that are gone), so an output folder is never walked and no other folder is touched.
#[derive(Debug)]
pub struct OutDir {
    root: PathBuf,
    /// Held for the run: dropping it releases the lock.
    _lock: std::fs::File,
    /// Whether names that differ only in case are one file here (macOS, Windows).
    case_insensitive: bool,
    state: Mutex<OutState>,
}

#[derive(Debug, Default)]
struct OutState {
    /// Folders whose stale temporaries were removed.
    cleaned: HashSet<PathBuf>,
    /// Temporaries removed.
    removed: usize,
    /// Every record file written, relative to the root.
    written: Vec<PathBuf>,
}

impl OutDir {
    /// Creates `root` if needed, checks that it takes files and locks it; an error when another run holds it.
    pub fn open(root: &Path) -> io::Result<OutDir> {
        std::fs::create_dir_all(root)?;
        let lock_path = root.join(LOCK_FILE);
        let lock = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(io::Error::new(
                    io::ErrorKind::WouldBlock,
                    format!(
                        "another claimscan run is writing there (it holds {}); wait for it to end or choose another folder",
                        lock_path.display()
                    ),
                ));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(e),
        }
        let case_insensitive = probe_case_insensitive(root)?;
        let out = OutDir {
            root: root.to_path_buf(),
            _lock: lock,
            case_insensitive,
            state: Mutex::new(OutState::default()),
        };
        out.clean(root)?;
        Ok(out)
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether names that differ only in case name one file in this folder.
    pub fn case_insensitive(&self) -> bool {
        self.case_insensitive
    }

    fn state(&self) -> std::sync::MutexGuard<'_, OutState> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Removes the stale temporaries in `dir` the first time the run writes there.
    fn clean(&self, dir: &Path) -> io::Result<()> {
        if self.state().cleaned.contains(dir) {
            return Ok(());
        }
        let removed = remove_stale_in(dir, None)?;
        let mut st = self.state();
        st.cleaned.insert(dir.to_path_buf());
        st.removed += removed;
        Ok(())
    }

    /// Temporaries of killed runs removed so far.
    pub fn removed_temporaries(&self) -> usize {
        self.state().removed
    }

    /// Every record file written so far, relative to the root, in the order written.
    pub fn written(&self) -> Vec<PathBuf> {
        self.state().written.clone()
    }

    /// Writes a record to `root/rel` with [`write_atomic`], creating the folders between; `rel` must come from
    /// [`contained`] or [`record_name`] and must not start with [`SUMMARY_FILE`].
    ///
    /// Refuses, with an error naming it, a folder below the root that is a symbolic link (it could lead
    /// outside) or a file, and a record path that is not a regular file. The root itself may be a link: the
    /// user chose it.
    pub fn write_record(&self, rel: &Path, bytes: &[u8]) -> io::Result<()> {
        debug_assert!(
            rel.components().all(|c| matches!(c, Component::Normal(_))),
            "{} is not a plain relative path",
            rel.display()
        );
        let mut dir = self.root.clone();
        if let Some(parent) = rel.parent() {
            for part in parent.components() {
                dir.push(part);
                match std::fs::symlink_metadata(&dir) {
                    Ok(m) if m.file_type().is_symlink() => {
                        return Err(io::Error::other(format!(
                            "{} is a symbolic link; records are never written through links inside the output folder",
                            dir.display()
                        )));
                    }
                    Ok(m) if m.is_dir() => {}
                    Ok(_) => {
                        return Err(io::Error::other(format!(
                            "{} is a file, not a folder",
                            dir.display()
                        )));
                    }
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {
                        match std::fs::create_dir(&dir) {
                            Ok(()) => {}
                            // Another worker made it meanwhile.
                            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => {}
                            Err(e) => return Err(e),
                        }
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        self.clean(&dir)?;
        write_atomic(&self.root.join(rel), bytes)?;
        self.state().written.push(rel.to_path_buf());
        Ok(())
    }

    /// Removes a record file this run wrote or an earlier run listed in its summary, if it is still a
    /// regular file holding a claimscan record.
    pub fn remove_record(&self, rel: &Path) -> io::Result<bool> {
        if !rel.components().all(|c| matches!(c, Component::Normal(_)))
            || rel.extension().is_none_or(|x| x != "json")
            || starts_with_summary(rel)
        {
            return Ok(false);
        }
        let path = self.root.join(rel);
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_file() => {}
            Ok(_) => return Ok(false),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(e),
        }
        let mut head = [0u8; 256];
        let n = {
            let mut f = std::fs::File::open(&path)?;
            read_up_to(&mut f, &mut head)?
        };
        let head = &head[..n];
        let is_record = head.starts_with(b"{")
            && memchr::memmem::find(head, br#""schema": "claimscan/1""#).is_some();
        if !is_record {
            return Ok(false);
        }
        std::fs::remove_file(&path)?;
        Ok(true)
    }

    /// The record files listed in the folder's `summary.json`, when it holds a claimscan summary.
    pub fn previous_records(&self) -> Vec<PathBuf> {
        let Ok(bytes) = std::fs::read(self.root.join(SUMMARY_FILE)) else {
            return Vec::new();
        };
        let Ok(v) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
            return Vec::new();
        };
        if v["schema"] != "claimscan-summary/1" {
            return Vec::new();
        }
        v["records"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|r| r.as_str())
                    .map(PathBuf::from)
                    .collect()
            })
            .unwrap_or_default()
    }
}

fn read_up_to(f: &mut impl io::Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Whether `rel`'s first component is the summary's name (`summary.json`, or `summary.json/x.json`).
pub fn starts_with_summary(rel: &Path) -> bool {
    rel.components()
        .next()
        .is_some_and(|c| c.as_os_str() == SUMMARY_FILE)
}

/// Whether `dir` treats names that differ only in case as one (made and looked up under two cases).
fn probe_case_insensitive(dir: &Path) -> io::Result<bool> {
    let seq = TMP_SEQ.fetch_add(1, Ordering::Relaxed);
    let lower = dir.join(temporary_name(
        OsStr::new("case-probe"),
        std::process::id(),
        seq,
    ));
    let upper = dir.join(
        temporary_name(OsStr::new("case-probe"), std::process::id(), seq)
            .to_string_lossy()
            .to_uppercase(),
    );
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&lower)?;
    let insensitive = upper.exists();
    std::fs::remove_file(&lower)?;
    Ok(insensitive)
}

/// `path` as a relative path that cannot leave the folder it is joined to: root, prefix and `.` components
/// are dropped, `..` becomes `%2E%2E`, and a component longer than 200 bytes is cut and given a hash of the
/// whole (so that its temporary name still fits the file system's limit).
pub fn contained(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(part) if part.len() > COMPONENT_MAX => {
                out.push(shorten(&part.to_string_lossy(), part.as_encoded_bytes()));
            }
            Component::Normal(part) => out.push(part),
            Component::ParentDir => out.push("%2E%2E"),
            Component::RootDir | Component::Prefix(_) | Component::CurDir => {}
        }
    }
    out
}

/// Longest name component kept whole, in bytes, so that `.NAME.json.tmp-PID` stays under the usual 255-byte
/// limit of file names.
const COMPONENT_MAX: usize = 200;

/// The record file for a JSON Lines id: `ID.json` under the output folder, `/` making subfolders.
///
/// The id becomes a safe relative path: empty and `.` components are dropped; `%`, `\`, control characters,
/// `:*?"<>|`, a whole `..` component and a leading `.` are percent-encoded (so no component climbs out, none is
/// hidden, and encoded names never collide with plain ones); a component longer than 200 bytes is cut and
/// given a hash of the whole. Two ids can still name the same file (`a//b` and `a/b`); the batch reports the
/// second as a failure rather than overwrite the first.
pub fn record_name(id: &str) -> PathBuf {
    let mut out = PathBuf::new();
    for part in id.split('/') {
        if part.is_empty() || part == "." {
            continue;
        }
        out.push(encode_component(part));
    }
    if out.as_os_str().is_empty() {
        // Only slashes and dots: encode them all, so the id still names a file.
        let mut all = String::new();
        for c in id.chars() {
            push_encoded(&mut all, c);
        }
        out.push(all);
    }
    let mut name: OsString = out.into_os_string();
    name.push(".json");
    PathBuf::from(name)
}

fn encode_component(part: &str) -> String {
    let mut s = String::with_capacity(part.len());
    for (i, c) in part.chars().enumerate() {
        let unsafe_char = matches!(c, '%' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
            || c.is_control()
            || (i == 0 && c == '.');
        if unsafe_char {
            push_encoded(&mut s, c);
        } else {
            s.push(c);
        }
    }
    if part == ".." {
        s = "%2E%2E".to_string();
    }
    if s.len() > COMPONENT_MAX {
        s = shorten(&s, part.as_bytes());
    }
    s
}

/// The first bytes of `name`, `~` and 16 hex digits of the SHA-256 of `whole`, at most 200 bytes, then the
/// `.json` that ended `name`, if it did (readers of an output folder look for `*.json`).
fn shorten(name: &str, whole: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let (name, ext) = match name.strip_suffix(".json") {
        Some(stem) => (stem, ".json"),
        None => (name, ""),
    };
    let mut cut = (COMPONENT_MAX - 17).min(name.len());
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    let hash = crate::model::util::hex(&Sha256::digest(whole));
    format!("{}~{}{ext}", &name[..cut], &hash[..16])
}

fn push_encoded(s: &mut String, c: char) {
    let mut buf = [0u8; 4];
    for b in c.encode_utf8(&mut buf).bytes() {
        s.push_str(&format!("%{b:02X}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/a.txt.json");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(names(path.parent().unwrap()), ["a.txt.json"]);
    }

    #[test]
    fn atomic_write_survives_its_own_stale_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(temporary_name(
            OsStr::new("a.json"),
            std::process::id(),
            TMP_SEQ.load(Ordering::Relaxed),
        ));
        std::fs::write(&stale, b"half").unwrap();
        write_atomic(&dir.path().join("a.json"), b"whole").unwrap();
        assert_eq!(names(dir.path()), ["a.json"]);
    }

    #[test]
    fn temporary_names_round_trip() {
        let name = temporary_name(OsStr::new("a.txt.json"), 42, 7);
        assert_eq!(name, ".a.txt.json.claimscan-tmp-42-7");
        assert_eq!(temporary_pid(&name), Some(42));
        for not in [
            "a.txt.json",
            ".a.txt.json",
            ".claimscan-tmp-42-1",
            ".a.txt.json.tmp-42",
            ".a.claimscan-tmp-42",
            ".a.claimscan-tmp-4x-1",
            "a.claimscan-tmp-42-1",
        ] {
            assert_eq!(temporary_pid(OsStr::new(not)), None, "{not}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn temporary_names_keep_the_raw_bytes_and_are_unique_per_write() {
        use std::os::unix::ffi::OsStrExt;
        let (e9, e8) = (
            OsStr::from_bytes(b"caf\xe9.txt.json"),
            OsStr::from_bytes(b"caf\xe8.txt.json"),
        );
        assert_ne!(temporary_name(e9, 1, 0), temporary_name(e8, 1, 0));
        assert_eq!(temporary_pid(&temporary_name(e9, 5, 3)), Some(5));
        // Two writers of one process never share a temporary.
        let dir = tempfile::tempdir().unwrap();
        std::thread::scope(|s| {
            for i in 0..8 {
                let dir = dir.path();
                s.spawn(move || {
                    for j in 0..50 {
                        let mut name = b"caf\xe9-".to_vec();
                        name.extend(format!("{}.json", (i + j) % 3).bytes());
                        let path = dir.join(OsStr::from_bytes(&name));
                        write_atomic(&path, format!("{i} {j}").as_bytes()).unwrap();
                    }
                });
            }
        });
        assert_eq!(names(dir.path()).len(), 3);
    }

    #[test]
    fn stale_temporaries_of_dead_processes_are_removed_where_records_go() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        // PID 4194304 is above Linux's largest possible pid, so never running.
        let dead = |d: &str, n: &str| {
            dir.path()
                .join(d)
                .join(temporary_name(OsStr::new(n), 4_194_304, 1))
        };
        let (in_sub, in_git, in_root) = (
            dead("sub", "x.json"),
            dead(".git", "index"),
            dead("", "z.json"),
        );
        let mine = dir.path().join(temporary_name(
            OsStr::new("y.json"),
            std::process::id(),
            u64::MAX,
        ));
        let foreign = dir.path().join("sub/.config.tmp-12");
        for f in [&in_sub, &in_git, &in_root, &mine, &foreign] {
            std::fs::write(f, b"{").unwrap();
        }
        std::fs::write(dir.path().join("keep.json"), b"{}").unwrap();
        let out = OutDir::open(dir.path()).unwrap();
        assert_eq!(out.removed_temporaries(), 1);
        assert!(!in_root.exists() && in_sub.exists() && in_git.exists() && mine.exists());
        // Writing into sub/ cleans sub/, and only claimscan's own names there.
        out.write_record(Path::new("sub/r.json"), b"{}").unwrap();
        assert_eq!(out.removed_temporaries(), 2);
        assert!(!in_sub.exists() && foreign.exists() && in_git.exists());
    }

    #[test]
    fn a_second_writer_is_refused_while_the_first_holds_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let first = OutDir::open(dir.path()).unwrap();
        let err = OutDir::open(dir.path()).unwrap_err();
        assert!(err.to_string().contains("another claimscan run"), "{err}");
        drop(first);
        OutDir::open(dir.path()).unwrap();
    }

    #[test]
    fn only_claimscan_records_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutDir::open(dir.path()).unwrap();
        out.write_record(Path::new("a.json"), b"{\n  \"schema\": \"claimscan/1\"\n}")
            .unwrap();
        std::fs::write(dir.path().join("notes.json"), b"{\"mine\": 1}").unwrap();
        assert!(out.remove_record(Path::new("a.json")).unwrap());
        assert!(!out.remove_record(Path::new("notes.json")).unwrap());
        assert!(!out.remove_record(Path::new("../x.json")).unwrap());
        assert!(dir.path().join("notes.json").exists());
    }

    #[test]
    fn record_names_stay_inside() {
        let cases = [
            ("a", "a.json"),
            ("news/2025/a.txt", "news/2025/a.txt.json"),
            ("/etc/passwd", "etc/passwd.json"),
            ("../../x", "%2E%2E/%2E%2E/x.json"),
            ("a/./b//c", "a/b/c.json"),
            (".hidden", "%2Ehidden.json"),
            ("50%", "50%25.json"),
            ("C:\\x", "C%3A%5Cx.json"),
            ("line\nbreak", "line%0Abreak.json"),
            ("/", "%2F.json"),
            ("..", "%2E%2E.json"),
        ];
        for (id, want) in cases {
            assert_eq!(record_name(id), PathBuf::from(want), "{id:?}");
        }
        let long = record_name(&"é".repeat(300));
        let name = long.to_str().unwrap();
        assert!(name.len() <= COMPONENT_MAX + 5, "{name}");
        assert_ne!(record_name(&"é".repeat(300)), record_name(&"é".repeat(301)));
        assert_eq!(
            contained(Path::new("/a/../b/./c")),
            PathBuf::from("a/%2E%2E/b/c")
        );
        let long = format!("{}.txt.json", "x".repeat(250));
        let short = contained(Path::new(&long));
        assert!(short.as_os_str().len() <= COMPONENT_MAX + 5, "{short:?}");
        assert!(short.extension().is_some_and(|x| x == "json"), "{short:?}");
        assert_ne!(short, contained(Path::new(&format!("y{long}"))));
    }

    #[cfg(unix)]
    #[test]
    fn links_below_the_root_are_not_written_through() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), root.path().join("sub")).unwrap();
        let out = OutDir::open(root.path()).unwrap();
        let err = out
            .write_record(Path::new("sub/a.json"), b"{}")
            .unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert!(names(outside.path()).is_empty());
        // A link where the record goes is neither followed nor replaced.
        let target = outside.path().join("victim");
        std::fs::write(&target, b"keep").unwrap();
        std::os::unix::fs::symlink(&target, root.path().join("b.json")).unwrap();
        let err = out.write_record(Path::new("b.json"), b"{}").unwrap_err();
        assert!(
            err.to_string()
                .contains("is a symbolic link, not a regular file"),
            "{err}"
        );
        assert_eq!(std::fs::read(&target).unwrap(), b"keep");
        assert!(
            std::fs::symlink_metadata(root.path().join("b.json"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }

    /// A named pipe and a link, where an atomic write would rename over them.
    #[cfg(unix)]
    #[test]
    fn pipes_and_links_are_never_renamed_over() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("skipped: mkfifo is not available");
            return;
        }
        let err = write_atomic(&fifo, b"x").unwrap_err();
        assert!(
            err.to_string()
                .contains("named pipe (FIFO), not a regular file"),
            "{err}"
        );
        // write_file writes through it: a reader on the other end gets the bytes.
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        write_file(&fifo, b"page").unwrap();
        assert_eq!(reader.join().unwrap(), b"page");
        use std::os::unix::fs::FileTypeExt;
        assert!(
            std::fs::symlink_metadata(&fifo)
                .unwrap()
                .file_type()
                .is_fifo()
        );
        // A link to a regular file: the target is replaced, the link stays a link.
        let target = dir.path().join("page.html");
        std::fs::write(&target, b"old").unwrap();
        let link = dir.path().join("link.html");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_file(&link, b"new").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        // A link to a pipe is written through too.
        let to_fifo = dir.path().join("to-fifo");
        std::os::unix::fs::symlink(&fifo, &to_fifo).unwrap();
        let reader = std::thread::spawn(move || std::fs::read(fifo).unwrap());
        write_file(&to_fifo, b"again").unwrap();
        assert_eq!(reader.join().unwrap(), b"again");
        assert!(
            std::fs::symlink_metadata(&to_fifo)
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }

    /// As root, a character device made with mknod in a temporary folder (never the system's /dev).
    #[cfg(target_os = "linux")]
    #[test]
    fn a_device_node_is_written_through_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let null = dir.path().join("null");
        let made = std::process::Command::new("mknod")
            .arg(&null)
            .args(["c", "1", "3"])
            .stderr(std::process::Stdio::null())
            .status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("skipped: mknod needs root");
            return;
        }
        let err = write_atomic(&null, b"x").unwrap_err();
        assert!(err.to_string().contains("character device"), "{err}");
        write_file(&null, b"page").unwrap();
        use std::os::unix::fs::FileTypeExt;
        assert!(
            std::fs::symlink_metadata(&null)
                .unwrap()
                .file_type()
                .is_char_device()
        );
        assert_eq!(names(dir.path()), ["null"]);
    }

    #[test]
    fn a_killed_write_of_a_named_file_is_cleaned_up_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("page.html");
        let left = dir
            .path()
            .join(temporary_name(OsStr::new("page.html"), 4_194_304, 0));
        std::fs::write(&left, b"half").unwrap();
        write_file(&page, b"whole").unwrap();
        assert_eq!(names(dir.path()), ["page.html"]);
    }
}
