//! Writing records: JSON Lines, pretty JSON, and atomic per-file writes that stay inside the output folder.
//!
//! JSON Lines puts one record per line: `serde_json` compact output followed by `\n`, nothing else. Per-file
//! output writes `DIR/<relative path>.json` to a temporary name in the same folder (`.NAME.tmp-PID`) and renames
//! it into place, so a reader never sees a half-written record, even after the process is killed: what an
//! interrupted run leaves is complete records plus temporary files, and the next run over the same folder
//! removes the temporary files of processes that are gone ([`remove_stale_temporaries`]).
//!
//! Record paths come from input names the user does not fully control (JSON Lines ids, file names), so
//! [`contained`] and [`record_name`] turn them into relative paths with no `..`, root or prefix component,
//! and [`write_record`] refuses to write through a symbolic link below the output folder. The rename replaces a
//! symbolic link at the record's own path instead of writing through it.

use std::ffi::OsString;
use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use crate::record::Record;

/// Output format for standard output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    /// One compact record per line.
    #[default]
    Jsonl,
    /// One pretty JSON array of records.
    Json,
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

/// The marker between a temporary file's target name and the writing process's id.
const TMP_MARK: &str = ".tmp-";

/// The temporary name [`write_atomic`] uses for `name` in process `pid`: `.NAME.tmp-PID`.
fn temporary_name(name: &str, pid: u32) -> String {
    format!(".{name}{TMP_MARK}{pid}")
}

/// The process id in a temporary file's name, if the name is one [`write_atomic`] makes.
fn temporary_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?;
    let (target, pid) = rest.rsplit_once(TMP_MARK)?;
    if target.is_empty() || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Writes `bytes` to `path` through a temporary file in the same folder (`.NAME.tmp-PID`) and a rename.
///
/// The temporary file is created exclusively (never through an existing file or link), synced, then renamed
/// over `path`; a symbolic link at `path` is replaced, not followed. On error the temporary file is removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(temporary_name(&name, std::process::id()));
    let create = || OpenOptions::new().write(true).create_new(true).open(&tmp);
    let mut f = match create() {
        // Left by an earlier process with our id, killed before its rename.
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

/// Writes a record to `root/rel` with [`write_atomic`], creating the folders between; `rel` must come from
/// [`contained`] or [`record_name`].
///
/// Refuses, with an error naming it, a folder below `root` that is a symbolic link (it could lead outside
/// `root`) or a file. `root` itself may be a link: the user chose it.
pub fn write_record(root: &Path, rel: &Path, bytes: &[u8]) -> io::Result<()> {
    debug_assert!(
        rel.components().all(|c| matches!(c, Component::Normal(_))),
        "{} is not a plain relative path",
        rel.display()
    );
    let mut dir = root.to_path_buf();
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
                Err(e) if e.kind() == io::ErrorKind::NotFound => match std::fs::create_dir(&dir) {
                    Ok(()) => {}
                    // Another worker made it meanwhile.
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => {}
                    Err(e) => return Err(e),
                },
                Err(e) => return Err(e),
            }
        }
    }
    write_atomic(&root.join(rel), bytes)
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
    let hash = crate::document::hex(&Sha256::digest(whole));
    format!("{}~{}{ext}", &name[..cut], &hash[..16])
}

fn push_encoded(s: &mut String, c: char) {
    let mut buf = [0u8; 4];
    for b in c.encode_utf8(&mut buf).bytes() {
        s.push_str(&format!("%{b:02X}"));
    }
}

/// Removes, under `dir` (recursively, without following links), the temporary files of [`write_atomic`]
/// that belong to processes no longer running: what a killed run leaves. Returns how many were removed.
///
/// On Linux a process is running when `/proc/PID` exists; elsewhere every other process's temporary file
/// counts as stale. Runs on one machine may share an output folder; runs on several machines writing one
/// folder over a network file system should not (each shard its own `--out`).
pub fn remove_stale_temporaries(dir: &Path) -> io::Result<usize> {
    let own = std::process::id();
    let proc_fs = Path::new("/proc/self").exists();
    let mut removed = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = match std::fs::read_dir(&d) {
            Ok(rd) => rd,
            // A subfolder we cannot list holds nothing we wrote.
            Err(_) if d != dir => continue,
            Err(e) => return Err(e),
        };
        for entry in entries {
            let entry = entry?;
            let kind = entry.file_type()?;
            if kind.is_dir() {
                stack.push(entry.path());
                continue;
            }
            let name = entry.file_name();
            let Some(pid) = temporary_pid(&name.to_string_lossy()) else {
                continue;
            };
            let alive = pid == own || (proc_fs && Path::new(&format!("/proc/{pid}")).exists());
            if !alive {
                match std::fs::remove_file(entry.path()) {
                    Ok(()) => removed += 1,
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) => return Err(e),
                }
            }
        }
    }
    Ok(removed)
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
        let stale = dir
            .path()
            .join(temporary_name("a.json", std::process::id()));
        std::fs::write(&stale, b"half").unwrap();
        write_atomic(&dir.path().join("a.json"), b"whole").unwrap();
        assert_eq!(names(dir.path()), ["a.json"]);
    }

    #[test]
    fn temporary_names_round_trip() {
        assert_eq!(temporary_name("a.txt.json", 42), ".a.txt.json.tmp-42");
        assert_eq!(temporary_pid(".a.txt.json.tmp-42"), Some(42));
        for not in [
            "a.txt.json",
            ".a.txt.json",
            ".tmp-42",
            ".a.tmp-",
            ".a.tmp-4x",
            "a.tmp-42",
        ] {
            assert_eq!(temporary_pid(not), None, "{not}");
        }
    }

    #[test]
    fn stale_temporaries_of_dead_processes_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        // PID 4194304 is above Linux's largest possible pid, so never running.
        let dead = dir
            .path()
            .join("sub")
            .join(temporary_name("x.json", 4_194_304));
        let mine = dir
            .path()
            .join(temporary_name("y.json", std::process::id()));
        std::fs::write(&dead, b"{").unwrap();
        std::fs::write(&mine, b"{").unwrap();
        std::fs::write(dir.path().join("keep.json"), b"{}").unwrap();
        assert_eq!(remove_stale_temporaries(dir.path()).unwrap(), 1);
        assert!(!dead.exists() && mine.exists());
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
        let err = write_record(root.path(), Path::new("sub/a.json"), b"{}").unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert!(names(outside.path()).is_empty());
        let target = outside.path().join("victim");
        std::fs::write(&target, b"keep").unwrap();
        std::os::unix::fs::symlink(&target, root.path().join("b.json")).unwrap();
        write_record(root.path(), Path::new("b.json"), b"{}").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"keep");
        assert!(
            !std::fs::symlink_metadata(root.path().join("b.json"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }
}
