//! What a file is when it is not UTF-8 text: wide encodings, single-byte encodings, binary formats known by
//! their magic bytes, and formats that convert to text; the first-block sniff every read starts with.

use super::*;

/// Why a file could not be loaded.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LoadError {
    /// The bytes are not UTF-8.
    #[error(
        "not UTF-8: invalid byte sequence at byte offset {offset}{}",
        hint(looks_like)
    )]
    NotUtf8 {
        /// Offset of the first invalid byte in the file.
        offset: usize,
        /// What the bytes look like instead, when a guess is safe.
        looks_like: Option<LooksLike>,
    },
    /// The file is text in a wide Unicode encoding (UTF-16 or UTF-32), not UTF-8.
    #[error(
        "not UTF-8: looks like {encoding} ({}); convert it first, e.g. `iconv -f {} -t UTF-8`",
        if *bom { "it starts with that encoding's byte-order mark" } else { "NUL bytes between the letters, no byte-order mark" },
        encoding.iconv_name()
    )]
    WideEncoding {
        /// The encoding the bytes look like.
        encoding: Encoding,
        /// Whether the file starts with that encoding's byte-order mark.
        bom: bool,
    },
    /// A document format that is not text but converts to it (a PDF, a Word file…): see
    /// [`LoadError::convertible`].
    #[error("{what}, not text: convert it first, e.g. `{command}`")]
    Convertible {
        /// What the file is (`a PDF document`).
        what: &'static str,
        /// A command that prints its text, with the file's name in it.
        command: String,
    },
    /// The file holds a NUL byte, the mark of binary data.
    #[error("binary file: NUL byte at byte offset {offset}{}", hint(looks_like))]
    Binary {
        /// Offset of the first NUL byte in the file.
        offset: usize,
        /// The file format its first bytes announce, when known.
        looks_like: Option<LooksLike>,
    },
}

impl LoadError {
    /// The error for bytes that start like UTF-16 or UTF-32 text (a byte-order mark, or NUL bytes between
    /// the letters), if they do: a check on the first bytes of a file, before reading it line by line.
    pub fn wide(head: &[u8]) -> Option<LoadError> {
        wide_encoding(head).map(|(encoding, bom)| LoadError::WideEncoding { encoding, bom })
    }

    /// The error for a document format that is not text but converts to it, known by the extension of `path`
    /// (any case) or, for a PDF, by its `%PDF-` magic bytes; the command in it names `path`.
    pub fn convertible(path: &str, bytes: &[u8]) -> Option<LoadError> {
        let ext = std::path::Path::new(path)
            .extension()
            .and_then(|x| x.to_str())
            .unwrap_or_default();
        let (_, what, command) = if bytes.starts_with(b"%PDF-") {
            CONVERTIBLE[0]
        } else {
            *CONVERTIBLE
                .iter()
                .find(|(e, _, _)| e.eq_ignore_ascii_case(ext))?
        };
        Some(LoadError::Convertible {
            what,
            command: command.replace("FILE", &shell_word(path)),
        })
    }

    /// The error that the first bytes of a file already prove, so a reader can stop before reading the rest:
    /// the error [`Document::from_bytes`] gives for a file starting with `head` (named `path`) when `head`
    /// alone decides it. That is a format that converts to text ([`LoadError::convertible`]), UTF-16 or
    /// UTF-32 ([`LoadError::wide`]), a NUL byte ([`LoadError::Binary`]), or bytes that are not UTF-8 in a
    /// file whose magic bytes name a binary format (a ZIP, gzip, an image). Bytes that are merely not UTF-8
    /// (Latin-1, a damaged file, a character cut by the end of `head`) are no early error: the whole file
    /// names them better. Also for JSON Lines, where a raw NUL byte is never valid either.
    pub fn sniff_head(path: &str, head: &[u8]) -> Option<LoadError> {
        if let Some(e) = LoadError::convertible(path, head) {
            return Some(e);
        }
        let bom = if head.starts_with(BOM) { BOM.len() } else { 0 };
        let nul = memchr::memchr(0, head);
        let invalid = std::str::from_utf8(&head[bom..])
            .err()
            .filter(|e| e.error_len().is_some())
            .map(|e| bom + e.valid_up_to());
        match undecodable(head, nul, invalid)? {
            e @ LoadError::NotUtf8 {
                looks_like: Some(LooksLike::Format(_)),
                ..
            } => Some(e),
            LoadError::NotUtf8 { .. } => None,
            e => Some(e),
        }
    }
}

/// The error for bytes holding a NUL byte at `nul` or a sequence that is not UTF-8 at `invalid` (either is
/// enough), named by what the bytes look like; `None` when there is neither.
pub(super) fn undecodable(
    bytes: &[u8],
    nul: Option<usize>,
    invalid: Option<usize>,
) -> Option<LoadError> {
    if nul.is_none() && invalid.is_none() {
        return None;
    }
    if let Some(e) = LoadError::wide(bytes) {
        return Some(e);
    }
    let looks_like = sniff(bytes);
    Some(match (nul, invalid) {
        (Some(offset), _) => LoadError::Binary {
            offset,
            looks_like: looks_like.filter(|l| matches!(l, LooksLike::Format(_))),
        },
        (None, Some(offset)) => LoadError::NotUtf8 { offset, looks_like },
        (None, None) => unreachable!("checked above"),
    })
}

/// Document formats that are not text but convert to it, by extension (PDF first: it is also known by its
/// magic bytes), with what they are and a command that prints their text (`FILE` stands for the file).
/// Pandoc reads the others but not the binary Word 97-2003 format.
pub(super) const CONVERTIBLE: &[(&str, &str, &str)] = &[
    ("pdf", "a PDF document", "pdftotext -layout FILE -"),
    ("docx", "a Word document", "pandoc FILE -t plain"),
    ("odt", "an OpenDocument text", "pandoc FILE -t plain"),
    ("rtf", "an RTF document", "pandoc FILE -t plain"),
    ("epub", "an EPUB book", "pandoc FILE -t plain"),
    ("doc", "a Word 97-2003 document", "antiword FILE"),
];

/// `s` as one shell word: as it is when that is safe, else in single quotes.
pub(super) fn shell_word(s: &str) -> std::borrow::Cow<'_, str> {
    let plain = |b: u8| b.is_ascii_alphanumeric() || b"-_./+,:@%=".contains(&b);
    if !s.is_empty() && s.bytes().all(plain) {
        s.into()
    } else {
        format!("'{}'", s.replace('\'', r"'\''")).into()
    }
}

/// A text encoding a file that is not UTF-8 looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-16, little-endian.
    Utf16Le,
    /// UTF-16, big-endian.
    Utf16Be,
    /// UTF-32, little-endian.
    Utf32Le,
    /// UTF-32, big-endian.
    Utf32Be,
    /// ISO-8859-1: one byte per character, no bytes 0x80 to 0x9F.
    Latin1,
    /// Windows-1252: Latin-1 plus curly quotes, dashes and the euro sign in 0x80 to 0x9F.
    Windows1252,
}

impl Encoding {
    /// The name `iconv -f` knows it by.
    pub fn iconv_name(self) -> &'static str {
        match self {
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Utf32Le => "UTF-32LE",
            Encoding::Utf32Be => "UTF-32BE",
            Encoding::Latin1 => "ISO-8859-1",
            Encoding::Windows1252 => "WINDOWS-1252",
        }
    }
}

impl std::fmt::Display for Encoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Utf32Le => "UTF-32LE",
            Encoding::Utf32Be => "UTF-32BE",
            Encoding::Latin1 => "Latin-1 (ISO-8859-1)",
            Encoding::Windows1252 => "Windows-1252",
        })
    }
}

/// What the bytes of a file that failed to load look like: the guess its error message names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LooksLike {
    /// Text in another encoding.
    Encoding(Encoding),
    /// Mostly valid UTF-8 with stray bytes: a damaged file or one that mixes encodings.
    DamagedUtf8,
    /// A file format its first bytes announce (`a PDF document`, `a ZIP archive`, …).
    Format(&'static str),
}

pub(super) fn hint(looks_like: &Option<LooksLike>) -> String {
    match looks_like {
        None => String::new(),
        Some(LooksLike::Encoding(e)) => format!(
            "; looks like {e}: convert it first, e.g. `iconv -f {} -t UTF-8`",
            e.iconv_name()
        ),
        Some(LooksLike::DamagedUtf8) => {
            "; the rest is UTF-8: the file is damaged or mixes encodings".to_string()
        }
        Some(LooksLike::Format(name)) => format!(" (looks like {name}, not text)"),
    }
}

/// File formats recognised by their first bytes, for error messages.
pub(super) const MAGIC: &[(&[u8], &str)] = &[
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx, .xlsx, .epub)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "a Microsoft Office document (.doc, .xls)",
    ),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"SQLite format 3\x00", "an SQLite database"),
];

/// A guess at what bytes that are not UTF-8 are, for the error message: a byte-order mark, the NUL pattern of
/// UTF-16 or UTF-32 text, a file format's magic bytes, or single-byte Latin text. Only called on failure, so it
/// costs the happy path nothing.
pub fn sniff(bytes: &[u8]) -> Option<LooksLike> {
    if let Some(e) = wide_encoding(bytes) {
        return Some(LooksLike::Encoding(e.0));
    }
    if let Some((_, name)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Some(LooksLike::Format(name));
    }
    if bytes.starts_with(BOM) {
        // The file says it is UTF-8.
        return Some(LooksLike::DamagedUtf8);
    }
    single_byte(bytes)
}

/// UTF-16 or UTF-32 by byte-order mark (`true`) or by where the NUL bytes fall in the first 4 KiB (`false`):
/// text in Latin script has a NUL in every other byte in UTF-16, three of four in UTF-32.
pub(super) fn wide_encoding(bytes: &[u8]) -> Option<(Encoding, bool)> {
    const BOMS: [(&[u8], Encoding); 4] = [
        (b"\xff\xfe\x00\x00", Encoding::Utf32Le),
        (b"\x00\x00\xfe\xff", Encoding::Utf32Be),
        (b"\xff\xfe", Encoding::Utf16Le),
        (b"\xfe\xff", Encoding::Utf16Be),
    ];
    if let Some((_, e)) = BOMS.iter().find(|(bom, _)| bytes.starts_with(bom)) {
        return Some((*e, true));
    }
    let sample = &bytes[..bytes.len().min(4096) / 4 * 4];
    if sample.is_empty() {
        return None;
    }
    let mut nul = [0usize; 4];
    for (i, &b) in sample.iter().enumerate() {
        if b == 0 {
            nul[i % 4] += 1;
        }
    }
    let quads = sample.len() / 4;
    let most = |i: usize| nul[i] * 10 >= quads * 9;
    let few = |i: usize| nul[i] * 10 <= quads;
    let half = |i: usize| nul[i] * 2 >= quads;
    let encoding = if most(1) && most(2) && most(3) && few(0) {
        Encoding::Utf32Le
    } else if most(0) && most(1) && most(2) && few(3) {
        Encoding::Utf32Be
    } else if half(1) && half(3) && few(0) && few(2) {
        Encoding::Utf16Le
    } else if half(0) && half(2) && few(1) && few(3) {
        Encoding::Utf16Be
    } else {
        return None;
    };
    Some((encoding, false))
}

/// Latin-1 or Windows-1252 text: no control bytes but whitespace, a minority of high bytes, and those high
/// bytes mostly outside valid UTF-8 sequences (else the file is UTF-8 with damage).
pub(super) fn single_byte(bytes: &[u8]) -> Option<LooksLike> {
    let (mut high, mut c1, mut valid_multi, mut invalid) = (0usize, false, 0usize, 0usize);
    for &b in bytes {
        if b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c) || b == 0x7f {
            return None;
        }
        if b >= 0x80 {
            high += 1;
            c1 |= (0x80..=0x9f).contains(&b);
        }
    }
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                valid_multi += s.chars().filter(|c| c.len_utf8() > 1).count();
                break;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                valid_multi += std::str::from_utf8(good)
                    .map_or(0, |s| s.chars().filter(|c| c.len_utf8() > 1).count());
                let skip = e.error_len().unwrap_or(bad.len());
                invalid += 1;
                rest = &bad[skip..];
            }
        }
    }
    if high * 10 > bytes.len() * 3 {
        return None;
    }
    if valid_multi > invalid {
        return Some(LooksLike::DamagedUtf8);
    }
    Some(LooksLike::Encoding(if c1 {
        Encoding::Windows1252
    } else {
        Encoding::Latin1
    }))
}
