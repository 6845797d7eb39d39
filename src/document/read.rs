//! Reading a document's bytes within bounds, before anything decodes them.
//!
//! `/dev/zero`, `/dev/urandom`, a sparse 3 GB `.txt` or a `.jsonl` without a single newline would otherwise be
//! read whole before any check. Here:
//!
//! * [`read_document`] opens a path and judges the *opened* file (its `fstat`), not just the name: a character
//!   or block device, a socket or a folder is refused before a byte is read; a named pipe (FIFO) only with
//!   [`read_named_document`], for a path the user named directly (`claimscan extract <(curl …)`);
//! * the first [`HEAD_BYTES`] are sniffed before more is read, with the loader's own checks
//!   ([`LoadError::sniff_head`]): a PDF, UTF-16, a NUL byte or a binary format fails there;
//! * the rest is read in chunks, counted against a cap (`--max-doc-bytes`, [`DEFAULT_MAX_DOC_BYTES`] by
//!   default): a regular file larger than the cap fails on its size without being read, and a stream or a
//!   file that grows fails as soon as one byte more than the cap has arrived;
//! * [`read_stdin`] does the same for standard input;
//! * [`read_line`] reads one JSON Lines line of at most the cap, and skips a longer one to its newline
//!   without storing it.
//!
//! # Resource usage
//!
//! Memory is the document (at most the cap, plus one byte) and no more: the buffer grows by doubling but never
//! past the cap, and a regular file's buffer is sized from its length once. [`read_line`] holds at most one
//! line of at most the cap, whatever the input.
//!
//! # Errors
//!
//! [`ReadError`]'s messages are short reasons without the file's name, which the caller puts in front.

use std::fmt;
use std::fs::{File, FileType};
use std::io::{self, BufRead, Read};
use std::path::Path;

use crate::document::LoadError;

/// The default per-document cap, 256 MiB: a hundred times the longest article or statute in the corpora and
/// well above a 100 MB single-line file, yet small enough that a few workers holding a document each (plus its
/// rendering and record, a few times its size) fit in the memory of a laptop.
pub const DEFAULT_MAX_DOC_BYTES: u64 = 256 * 1024 * 1024;

/// Bytes read and sniffed before the rest of a document: 64 KiB.
pub const HEAD_BYTES: usize = 64 * 1024;

/// Bytes asked of the reader at a time.
const CHUNK: usize = 64 * 1024;

/// Why a document's bytes could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Opening or reading failed.
    #[error(transparent)]
    Io(#[from] io::Error),
    /// The path names something other than a regular file (and other than a named pipe it may read).
    #[error("{}, not a file; claimscan reads regular files (and standard input){}", .0, pipes_too(*.0))]
    NotAFile(FileKind),
    /// More bytes than the cap.
    #[error(
        "{}larger than the {} per-document cap (--max-doc-bytes {cap}); raise the cap to read it",
        size_of(*.size),
        Bytes(*.cap)
    )]
    TooLarge {
        /// The size, when it is known: a regular file's length, a skipped line's length; `None` for a stream
        /// stopped one byte past the cap.
        size: Option<u64>,
        /// The cap, in bytes.
        cap: u64,
    },
    /// The first bytes show the file is not UTF-8 text ([`LoadError::sniff_head`]).
    #[error(transparent)]
    Load(#[from] LoadError),
}

/// The end of [`ReadError::NotAFile`]'s message for a named pipe, which may be read when named directly.
fn pipes_too(kind: FileKind) -> &'static str {
    if kind == FileKind::Fifo {
        ", and a named pipe only when it is named directly"
    } else {
        ""
    }
}

/// The start of [`ReadError::TooLarge`]'s message: the size, when known.
fn size_of(size: Option<u64>) -> String {
    size.map(|s| format!("{}, ", Bytes(s))).unwrap_or_default()
}

/// What a path that is not a regular file names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A character device (`/dev/zero`, a terminal).
    CharDevice,
    /// A block device (a disk).
    BlockDevice,
    /// A Unix socket.
    Socket,
    /// A named pipe (FIFO).
    Fifo,
    /// A folder.
    Folder,
    /// Anything else the system reports.
    Other,
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FileKind::CharDevice => "a character device",
            FileKind::BlockDevice => "a block device",
            FileKind::Socket => "a socket",
            FileKind::Fifo => "a named pipe (FIFO)",
            FileKind::Folder => "a folder",
            FileKind::Other => "a special file",
        })
    }
}

impl FileKind {
    /// What `t` is, or `None` for a regular file.
    fn of(t: FileType) -> Option<FileKind> {
        if t.is_file() {
            return None;
        }
        if t.is_dir() {
            return Some(FileKind::Folder);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if t.is_char_device() {
                return Some(FileKind::CharDevice);
            }
            if t.is_block_device() {
                return Some(FileKind::BlockDevice);
            }
            if t.is_socket() {
                return Some(FileKind::Socket);
            }
            if t.is_fifo() {
                return Some(FileKind::Fifo);
            }
        }
        Some(FileKind::Other)
    }
}

/// A byte count for a person: `10 bytes`, `256 MiB`, `2.9 GiB`.
struct Bytes(u64);

impl fmt::Display for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0;
        let Some((unit, size)) = [("GiB", 1u64 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
            .into_iter()
            .find(|&(_, size)| n >= size)
        else {
            return write!(f, "{n} bytes");
        };
        if n.is_multiple_of(size) {
            write!(f, "{} {unit}", n / size)
        } else {
            write!(f, "{:.1} {unit}", n as f64 / size as f64)
        }
    }
}

/// Reads the regular file at `path` (a symbolic link is followed), at most `max_bytes` of it.
///
/// A path that names a device, a socket, a folder or a named pipe fails with [`ReadError::NotAFile`] before
/// anything is read (use [`read_named_document`] to read a named pipe); a file that starts like something
/// other than UTF-8 text fails on its first [`HEAD_BYTES`] ([`ReadError::Load`]); a longer one than
/// `max_bytes` with [`ReadError::TooLarge`], on its length when the file system gives it and in any case as
/// soon as one byte past the cap is read. The name in a [`LoadError::Convertible`] command is `path`'s.
pub fn read_document(path: &Path, max_bytes: u64) -> Result<Vec<u8>, ReadError> {
    read_path(path, max_bytes, false)
}

/// [`read_document`] for a path the user named directly, which may also be a named pipe (FIFO), as
/// `<(command)` in a shell gives: read like standard input, without a length to check first.
pub fn read_named_document(path: &Path, max_bytes: u64) -> Result<Vec<u8>, ReadError> {
    read_path(path, max_bytes, true)
}

/// Reads standard input (or any reader) whole, at most `max_bytes` of it, sniffing its first [`HEAD_BYTES`]
/// like [`read_document`] does (under the name `-`).
pub fn read_stdin(reader: impl Read, max_bytes: u64) -> Result<Vec<u8>, ReadError> {
    read_bounded(reader, "-", max_bytes, None)
}

fn read_path(path: &Path, max_bytes: u64, fifo: bool) -> Result<Vec<u8>, ReadError> {
    let file = open_checked(path, fifo)?;
    let meta = file.metadata()?;
    let size = meta.is_file().then_some(meta.len());
    read_bounded(file, &path.to_string_lossy(), max_bytes, size)
}

/// Opens a file named directly (a JSON Lines input) for reading as a stream: a regular file or a named pipe;
/// a device, a socket or a folder is refused before it is opened, and again on what was opened.
pub fn open_named(path: &Path) -> Result<File, ReadError> {
    open_checked(path, true)
}

fn open_checked(path: &Path, fifo: bool) -> Result<File, ReadError> {
    let refuse = |t: FileType| match FileKind::of(t) {
        None => Ok(()),
        Some(FileKind::Fifo) if fifo => Ok(()),
        Some(kind) => Err(ReadError::NotAFile(kind)),
    };
    // Judged before opening too: opening a named pipe waits for a writer, and opening a device may act on it.
    refuse(std::fs::metadata(path)?.file_type())?;
    let file = File::open(path)?;
    // The opened file decides: the path may have been replaced since.
    refuse(file.metadata()?.file_type())?;
    Ok(file)
}

/// Reads `reader` to its end: first its head, sniffed as `name`, then the rest up to one byte past the cap.
/// `size` is the length the file system gives, if any (it may be wrong: files grow, `/proc` says 0).
fn read_bounded(
    mut reader: impl Read,
    name: &str,
    max_bytes: u64,
    size: Option<u64>,
) -> Result<Vec<u8>, ReadError> {
    let too_large = |size| ReadError::TooLarge {
        size,
        cap: max_bytes,
    };
    // One byte past the cap tells a document of exactly the cap from a longer one.
    let limit = max_bytes.saturating_add(1);
    let mut bytes = Vec::new();
    match size {
        // Too large by its length: only the head is read, for a better reason than its size if it has one.
        Some(len) if len > max_bytes => {
            fill(&mut reader, &mut bytes, limit.min(HEAD_BYTES as u64))?;
            return Err(LoadError::sniff_head(name, &bytes)
                .map_or_else(|| too_large(Some(len)), ReadError::Load));
        }
        Some(len) => bytes.reserve_exact(to_usize(len.saturating_add(1))),
        None => {}
    }
    fill(&mut reader, &mut bytes, limit.min(HEAD_BYTES as u64))?;
    if let Some(e) = LoadError::sniff_head(name, &bytes) {
        return Err(e.into());
    }
    fill(&mut reader, &mut bytes, limit)?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(None));
    }
    Ok(bytes)
}

/// Reads from `reader` into `bytes` until it holds `until` bytes or the reader ends. The buffer grows by
/// doubling but not past `until`, and not at all while it has room.
fn fill(reader: &mut impl Read, bytes: &mut Vec<u8>, until: u64) -> io::Result<()> {
    let until = to_usize(until);
    while bytes.len() < until {
        let len = bytes.len();
        if bytes.capacity() == len {
            let grown = len.saturating_mul(2).max(len + CHUNK).min(until);
            bytes.reserve_exact(grown - len);
        }
        let want = (bytes.capacity() - len).min(until - len).min(CHUNK);
        bytes.resize(len + want, 0);
        let read = reader.read(&mut bytes[len..]);
        bytes.truncate(len + *read.as_ref().unwrap_or(&0));
        match read {
            Ok(0) => return Ok(()),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// What [`read_line`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineRead {
    /// A line is in the buffer, without its `\n` (a `\r` before it stays). The last line of an input may
    /// have no `\n`.
    Line,
    /// A line longer than the cap, skipped to its newline without being stored: the buffer is empty. Report
    /// it (as [`ReadError::TooLarge`] with `size: Some(bytes)`, say) and read on.
    TooLong {
        /// Its length, without the `\n`.
        bytes: u64,
    },
    /// The input has ended; nothing was read.
    Eof,
}

/// Reads the next line of `reader` into `buf` (cleared first), without its `\n`: at most `max_bytes` of it.
/// A longer line is read through to its newline and dropped ([`LineRead::TooLong`]), so an input without a
/// single newline (`/dev/zero`) costs the reader's buffer and at most `max_bytes` of `buf`, however long it
/// runs.
///
/// An interrupted read is retried; another I/O error is returned, with `buf` holding what was read of the
/// line.
pub fn read_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    max_bytes: u64,
) -> io::Result<LineRead> {
    buf.clear();
    let mut total = 0u64;
    let mut any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        any = true;
        let (part, used, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (&available[..i], i + 1, true),
            None => (available, available.len(), false),
        };
        total += part.len() as u64;
        if total <= max_bytes {
            if buf.capacity() - buf.len() < part.len() {
                // Doubling, but not past the cap.
                let grown = (buf.capacity() * 2).max(buf.len() + part.len());
                buf.reserve_exact(grown.min(to_usize(max_bytes)) - buf.len());
            }
            buf.extend_from_slice(part);
        } else if !buf.is_empty() {
            // Too long: what was kept goes, and nothing more is kept.
            *buf = Vec::new();
        }
        reader.consume(used);
        if done {
            break;
        }
    }
    Ok(if !any {
        LineRead::Eof
    } else if total > max_bytes {
        LineRead::TooLong { bytes: total }
    } else {
        LineRead::Line
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufReader, Cursor};
    use std::time::{Duration, Instant};

    /// A reader of zeros or of `byte` that never ends, counting what it hands out.
    struct Endless {
        byte: u8,
        given: u64,
    }

    impl Read for Endless {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            buf.fill(self.byte);
            self.given += buf.len() as u64;
            Ok(buf.len())
        }
    }

    fn endless(byte: u8) -> Endless {
        Endless { byte, given: 0 }
    }

    #[test]
    fn messages() {
        for (e, want) in [
            (
                ReadError::NotAFile(FileKind::CharDevice),
                "a character device, not a file; claimscan reads regular files (and standard input)",
            ),
            (
                ReadError::NotAFile(FileKind::Fifo),
                "a named pipe (FIFO), not a file; claimscan reads regular files (and standard input), and \
                 a named pipe only when it is named directly",
            ),
            (
                ReadError::TooLarge {
                    size: Some(3 << 30),
                    cap: DEFAULT_MAX_DOC_BYTES,
                },
                "3 GiB, larger than the 256 MiB per-document cap (--max-doc-bytes 268435456); raise the cap \
                 to read it",
            ),
            (
                ReadError::TooLarge {
                    size: None,
                    cap: 1000,
                },
                "larger than the 1000 bytes per-document cap (--max-doc-bytes 1000); raise the cap to read it",
            ),
        ] {
            assert_eq!(e.to_string(), want);
        }
        assert_eq!(Bytes(300_000_000).to_string(), "286.1 MiB");
        assert_eq!(Bytes(1536).to_string(), "1.5 KiB");
    }

    #[test]
    fn files_within_the_cap_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let text = "Title\n\nPrices rose 5 percent.\n".repeat(10_000);
        let path = dir.path().join("a.txt");
        std::fs::write(&path, &text).unwrap();
        assert_eq!(
            read_document(&path, DEFAULT_MAX_DOC_BYTES).unwrap(),
            text.as_bytes()
        );
        // Exactly the cap is within it; a byte more is not.
        let n = text.len() as u64;
        assert_eq!(read_document(&path, n).unwrap().len() as u64, n);
        assert!(matches!(
            read_document(&path, n - 1),
            Err(ReadError::TooLarge { size: Some(s), cap }) if s == n && cap == n - 1
        ));
        // A symbolic link is followed to its file.
        #[cfg(unix)]
        {
            let link = dir.path().join("link.txt");
            std::os::unix::fs::symlink(&path, &link).unwrap();
            assert_eq!(read_document(&link, n).unwrap(), text.as_bytes());
            let dangling = dir.path().join("dangling.txt");
            std::os::unix::fs::symlink(dir.path().join("gone"), &dangling).unwrap();
            assert!(matches!(
                read_document(&dangling, n),
                Err(ReadError::Io(e)) if e.kind() == io::ErrorKind::NotFound
            ));
        }
        assert!(matches!(
            read_document(dir.path(), n),
            Err(ReadError::NotAFile(FileKind::Folder))
        ));
        assert!(read_document(&dir.path().join("empty"), n).is_err());
        std::fs::write(dir.path().join("empty"), "").unwrap();
        assert_eq!(read_document(&dir.path().join("empty"), n).unwrap(), b"");
    }

    #[test]
    fn a_sparse_3_gb_file_fails_on_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        let file = File::create(&path).unwrap();
        file.set_len(3 << 30).unwrap();
        drop(file);
        let started = Instant::now();
        let e = read_document(&path, DEFAULT_MAX_DOC_BYTES).unwrap_err();
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
        // Its head is NULs: a binary file, a better reason than its size.
        assert!(
            matches!(e, ReadError::Load(LoadError::Binary { offset: 0, .. })),
            "{e}"
        );
        // Text at its head: its size is the reason.
        let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        io::Write::write_all(&mut &file, &b"Title\n\nText.\n".repeat(10_000)).unwrap();
        drop(file);
        let started = Instant::now();
        let e = read_document(&path, DEFAULT_MAX_DOC_BYTES).unwrap_err();
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(
            e.to_string(),
            "3 GiB, larger than the 256 MiB per-document cap (--max-doc-bytes 268435456); raise the cap \
             to read it"
        );
    }

    #[test]
    fn head_sniffs_stop_before_the_rest() {
        // An endless stream of NULs (`/dev/zero`), of random-looking bytes or of text: the first two stop
        // at the head, the last at one byte past the cap.
        let mut zeros = endless(0);
        assert!(matches!(
            read_stdin(&mut zeros, DEFAULT_MAX_DOC_BYTES),
            Err(ReadError::Load(LoadError::Binary { offset: 0, .. }))
        ));
        assert_eq!(zeros.given, HEAD_BYTES as u64);
        let mut noise = Cursor::new(b"\x1f\x8b\x08\x00".repeat(1 << 20));
        assert!(matches!(
            read_stdin(&mut noise, DEFAULT_MAX_DOC_BYTES),
            Err(ReadError::Load(LoadError::Binary { .. }))
        ));
        assert_eq!(noise.position(), HEAD_BYTES as u64);
        let mut text = endless(b'a');
        let cap = 10 << 20;
        assert!(matches!(
            read_stdin(&mut text, cap),
            Err(ReadError::TooLarge { size: None, cap: c }) if c == cap
        ));
        assert_eq!(text.given, cap + 1);
        // A PDF on standard input, a UTF-16 file: named on their first bytes.
        let pdf = read_stdin(&b"%PDF-1.7\n"[..], cap).unwrap_err();
        assert_eq!(
            pdf.to_string(),
            "a PDF document, not text: convert it first, e.g. `pdftotext -layout - -`"
        );
        let utf16: Vec<u8> = "\u{feff}Hi"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(matches!(
            read_stdin(&utf16[..], cap),
            Err(ReadError::Load(LoadError::WideEncoding { .. }))
        ));
        // Latin-1 is read whole: the loader names it with its offset in the file.
        let latin1 = b"Caf\xe9 prices rose.".repeat(10_000);
        assert_eq!(read_stdin(&latin1[..], cap).unwrap(), latin1);
    }

    #[test]
    fn a_cap_below_the_head_counts_too() {
        assert_eq!(read_stdin(&b"0123456789"[..], 10).unwrap(), b"0123456789");
        assert!(matches!(
            read_stdin(&b"0123456789a"[..], 10),
            Err(ReadError::TooLarge {
                size: None,
                cap: 10
            })
        ));
        assert_eq!(read_stdin(&b""[..], 0).unwrap(), b"");
    }

    #[test]
    fn a_file_of_exactly_its_length_is_read_into_one_allocation() {
        let text = b"word ".repeat(200_000);
        let bytes = read_bounded(
            &text[..],
            "x",
            DEFAULT_MAX_DOC_BYTES,
            Some(text.len() as u64),
        )
        .unwrap();
        assert_eq!(bytes, text);
        assert_eq!(bytes.capacity(), text.len() + 1);
        // Without a length, the buffer never outgrows the cap.
        let bytes = read_bounded(&text[..], "x", text.len() as u64, None).unwrap();
        assert!(bytes.capacity() <= text.len() + 1, "{}", bytes.capacity());
    }

    #[test]
    fn lines_are_bounded() {
        let input = b"{\"a\": 1}\r\n\nlong line here\nlast";
        let mut reader = BufReader::with_capacity(4, &input[..]);
        let mut buf = Vec::new();
        let mut got = Vec::new();
        loop {
            let r = read_line(&mut reader, &mut buf, 10).unwrap();
            got.push((r, String::from_utf8(buf.clone()).unwrap()));
            if r == LineRead::Eof {
                break;
            }
        }
        assert_eq!(
            got,
            [
                (LineRead::Line, "{\"a\": 1}\r".to_string()),
                (LineRead::Line, String::new()),
                (LineRead::TooLong { bytes: 14 }, String::new()),
                (LineRead::Line, "last".to_string()),
                (LineRead::Eof, String::new()),
            ]
        );
    }

    #[test]
    fn a_line_without_end_is_skipped_in_bounded_memory() {
        // 64 MiB of zeros and no newline, then a line: the long one is skipped whole, holding nothing.
        let zeros = io::repeat(0).take(1 << 26);
        let mut reader = BufReader::with_capacity(1 << 16, zeros.chain(&b"\n{}\n"[..]));
        let mut buf = Vec::new();
        let cap = 1 << 20;
        assert_eq!(
            read_line(&mut reader, &mut buf, cap).unwrap(),
            LineRead::TooLong { bytes: 1 << 26 }
        );
        assert!(buf.capacity() <= cap as usize, "{}", buf.capacity());
        assert_eq!(
            read_line(&mut reader, &mut buf, cap).unwrap(),
            LineRead::Line
        );
        assert_eq!(buf, b"{}");
        assert_eq!(
            read_line(&mut reader, &mut buf, cap).unwrap(),
            LineRead::Eof
        );
    }

    #[cfg(unix)]
    #[test]
    fn named_pipes_only_when_named() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("skipping: mkfifo is not available");
            return;
        }
        // Refused without opening it (which would wait for a writer).
        assert!(matches!(
            read_document(&fifo, DEFAULT_MAX_DOC_BYTES),
            Err(ReadError::NotAFile(FileKind::Fifo))
        ));
        // Also through a symbolic link: the target decides.
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&fifo, &link).unwrap();
        assert!(matches!(
            read_document(&link, DEFAULT_MAX_DOC_BYTES),
            Err(ReadError::NotAFile(FileKind::Fifo))
        ));
        let writer = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::write(fifo, "Title\n\nIt rose 5 percent.\n"))
        };
        assert_eq!(
            read_named_document(&link, DEFAULT_MAX_DOC_BYTES).unwrap(),
            b"Title\n\nIt rose 5 percent.\n"
        );
        writer.join().unwrap().unwrap();
        // A writer that never stops is cut at the cap.
        let writer = {
            let fifo = fifo.clone();
            std::thread::spawn(move || {
                let mut f = std::fs::OpenOptions::new().write(true).open(fifo)?;
                io::copy(&mut endless(b'a'), &mut f)
            })
        };
        assert!(matches!(
            read_named_document(&fifo, 1 << 20),
            Err(ReadError::TooLarge { size: None, .. })
        ));
        // The reader is gone: the writer gets a broken pipe and stops.
        assert!(writer.join().unwrap().is_err());
    }

    #[cfg(unix)]
    #[test]
    fn device_nodes_are_refused() {
        // Only a node made here, never the system's /dev; making one takes root.
        let dir = tempfile::tempdir().unwrap();
        let node = dir.path().join("zero.txt");
        let made = std::process::Command::new("mknod")
            .arg(&node)
            .args(["c", "1", "5"])
            .stderr(std::process::Stdio::null())
            .status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("skipping: cannot make a device node here (mknod needs root)");
            return;
        }
        let e = read_named_document(&node, DEFAULT_MAX_DOC_BYTES).unwrap_err();
        assert!(
            matches!(e, ReadError::NotAFile(FileKind::CharDevice)),
            "{e}"
        );
        assert_eq!(
            e.to_string(),
            "a character device, not a file; claimscan reads regular files (and standard input)"
        );
    }

    #[cfg(unix)]
    #[test]
    fn sockets_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.txt");
        let _listener = std::os::unix::net::UnixListener::bind(&path).unwrap();
        assert!(matches!(
            read_named_document(&path, DEFAULT_MAX_DOC_BYTES),
            Err(ReadError::NotAFile(FileKind::Socket))
        ));
    }

    #[test]
    fn errors_are_send_and_sync() {
        fn check<T: Send + Sync + 'static>() {}
        check::<ReadError>();
    }
}
