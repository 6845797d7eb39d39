//! Writing records: JSON Lines, pretty JSON, and atomic per-file writes.
//!
//! JSON Lines puts one record per line: `serde_json` compact output followed by `\n`, nothing else. Per-file
//! output writes `DIR/<relative path>.json` to a temporary name in the same folder and renames it into place,
//! so a reader never sees a half-written record, even after an interrupted run.

use std::io::{self, Write};
use std::path::Path;

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

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_data()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/a.txt.json");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.txt.json"]);
    }
}
