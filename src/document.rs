//! A loaded article: its text, front matter, title and publication date.
//!
//! Loading enforces the input contract: UTF-8 only (a leading byte-order mark is removed; the first invalid
//! sequence is reported with its byte offset in the file), no NUL bytes (a binary file), line endings kept as
//! they are. Front matter is a `---` … `---` block at the very top with `key: value` lines; `title:` and
//! `date:` are read from it. The front matter stays in the text (so spans are offsets into the file as read) but
//! nothing is extracted from it.

use sha2::{Digest, Sha256};

use crate::date::Date;
use crate::span::Span;

/// Where a document's publication date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// The `--doc-date` option.
    Option,
    /// The `date:` key of the front matter.
    FrontMatter,
    /// A dateline a rule recognised (`WASHINGTON, March 3, 2025 —`, `Published: …`).
    Dateline,
    /// No publication date: relative expressions stay unresolved.
    None,
}

/// Why a file could not be loaded.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LoadError {
    /// The bytes are not UTF-8.
    #[error("not UTF-8: invalid byte sequence at byte offset {offset}")]
    NotUtf8 {
        /// Offset of the first invalid byte in the file.
        offset: usize,
    },
    /// The file holds a NUL byte, the mark of binary data.
    #[error("binary file: NUL byte at byte offset {offset}")]
    Binary {
        /// Offset of the first NUL byte in the file.
        offset: usize,
    },
}

/// One article, ready to extract from.
#[derive(Debug, Clone)]
pub struct Document {
    /// The path as the user named it (`-` for standard input).
    pub path: String,
    /// Lowercase hex SHA-256 of the file's bytes as read.
    pub sha256: String,
    /// The text: the file's bytes after a UTF-8 byte-order mark, if any, is removed.
    pub text: String,
    /// Where extraction happens: the text after the front matter.
    pub body: Span,
    /// From front matter, else the first non-blank line of the body.
    pub title: Option<String>,
    /// The publication date, the anchor for relative dates.
    pub date: Option<Date>,
    /// Where [`Document::date`] came from.
    pub date_source: DateSource,
    /// Problems that did not stop loading (an empty file, an unreadable front-matter date).
    pub warnings: Vec<String>,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

impl Document {
    /// Decodes a file's bytes into a document; `doc_date` (from `--doc-date`) overrides the front matter.
    pub fn from_bytes(
        path: &str,
        bytes: Vec<u8>,
        doc_date: Option<Date>,
    ) -> Result<Document, LoadError> {
        let sha256 = hex(&Sha256::digest(&bytes));
        let bom = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
        if let Some(offset) = memchr::memchr(0, &bytes) {
            return Err(LoadError::Binary { offset });
        }
        let mut bytes = bytes;
        bytes.drain(..bom);
        let text = String::from_utf8(bytes).map_err(|e| LoadError::NotUtf8 {
            offset: bom + e.utf8_error().valid_up_to(),
        })?;
        Ok(Document::from_text(path, sha256, text, doc_date))
    }

    /// Builds a document from text that is already decoded.
    pub fn from_str(path: &str, text: &str, doc_date: Option<Date>) -> Document {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Document::from_text(
            path,
            hex(&Sha256::digest(text.as_bytes())),
            text.to_string(),
            doc_date,
        )
    }

    fn from_text(path: &str, sha256: String, text: String, doc_date: Option<Date>) -> Document {
        let mut warnings = Vec::new();
        if text.trim().is_empty() {
            warnings.push("empty file: no text to extract from".to_string());
        }
        let fm = FrontMatter::parse(&text);
        let body = Span::new(fm.as_ref().map_or(0, |f| f.end), text.len());
        let mut fm_date = None;
        if let Some(raw) = fm.as_ref().and_then(|f| f.date.as_deref()) {
            // Accept `2025-11-24` and `2025-11-24T10:00:00Z`-style values; the day is what anchors.
            match raw.get(..10).and_then(Date::parse) {
                Some(d) => fm_date = Some(d),
                None => warnings.push(format!(
                    "front matter date {raw:?} is not YYYY-MM-DD; ignored"
                )),
            }
        }
        let (date, date_source) = match (doc_date, fm_date) {
            (Some(d), _) => (Some(d), DateSource::Option),
            (None, Some(d)) => (Some(d), DateSource::FrontMatter),
            (None, None) => (None, DateSource::None),
        };
        let title = fm
            .and_then(|f| f.title)
            .filter(|t| !t.is_empty())
            .or_else(|| {
                body.slice(&text)
                    .lines()
                    .map(str::trim)
                    .find(|l| !l.is_empty())
                    .map(str::to_string)
            });
        Document {
            path: path.to_string(),
            sha256,
            text,
            body,
            title,
            date,
            date_source,
            warnings,
        }
    }
}

/// The `---` block at the top of a document.
struct FrontMatter {
    title: Option<String>,
    date: Option<String>,
    /// Byte offset just past the closing `---` line.
    end: usize,
}

impl FrontMatter {
    fn parse(text: &str) -> Option<FrontMatter> {
        let mut lines = text.split_inclusive('\n');
        if lines.next()?.trim_end() != "---" {
            return None;
        }
        let mut fm = FrontMatter {
            title: None,
            date: None,
            end: 0,
        };
        let mut pos = text.find('\n')? + 1;
        for line in lines {
            pos += line.len();
            let content = line.trim_end();
            if content == "---" || content == "..." {
                fm.end = pos;
                return Some(fm);
            }
            if let Some((key, value)) = content.split_once(':') {
                let value = unquote(value.trim());
                match key.trim() {
                    "title" => fm.title = Some(value.to_string()),
                    "date" => fm.date = Some(value.to_string()),
                    _ => {}
                }
            }
        }
        None // no closing line: not front matter
    }
}

fn unquote(s: &str) -> &str {
    for q in ['"', '\''] {
        if s.len() >= 2 && s.starts_with(q) && s.ends_with(q) {
            return &s[1..s.len() - 1];
        }
    }
    s
}

/// Lowercase hexadecimal.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_title_and_date() {
        let text = "---\ntitle: \"A: B\"\ndate: 2025-11-24\nsource: x\n---\n\nA: B\n\nBody.";
        let d = Document::from_str("x.txt", text, None);
        assert_eq!(d.title.as_deref(), Some("A: B"));
        assert_eq!(d.date, Date::parse("2025-11-24"));
        assert_eq!(d.date_source, DateSource::FrontMatter);
        assert_eq!(d.body.slice(&d.text), "\nA: B\n\nBody.");
        let o = Document::from_str("x.txt", text, Date::parse("2020-01-02"));
        assert_eq!(
            (o.date_source, o.date),
            (DateSource::Option, Date::parse("2020-01-02"))
        );
    }

    #[test]
    fn title_from_first_line_without_front_matter() {
        let d = Document::from_str("x.txt", "\n\n  Headline here \nBody.", None);
        assert_eq!(d.title.as_deref(), Some("Headline here"));
        assert_eq!(d.date_source, DateSource::None);
        assert_eq!(d.body, Span::new(0, d.text.len()));
    }

    #[test]
    fn unclosed_front_matter_is_text() {
        let d = Document::from_str("x.txt", "---\ntitle: x\nno close", None);
        assert_eq!(d.body.start, 0);
    }

    #[test]
    fn bad_bytes_named_with_offsets() {
        let mut bytes = BOM.to_vec();
        bytes.extend_from_slice(b"ok \xff bad");
        assert_eq!(
            Document::from_bytes("f", bytes, None).unwrap_err(),
            LoadError::NotUtf8 { offset: 6 }
        );
        assert_eq!(
            Document::from_bytes("f", b"ab\0c".to_vec(), None).unwrap_err(),
            LoadError::Binary { offset: 2 }
        );
        let d = Document::from_bytes("f", [BOM, b"Hi."].concat(), None).unwrap();
        assert_eq!(d.text, "Hi.");
        assert!(
            Document::from_bytes("f", Vec::new(), None)
                .unwrap()
                .warnings[0]
                .contains("empty")
        );
    }

    #[test]
    fn bad_front_matter_date_is_a_warning() {
        let d = Document::from_str("x", "---\ndate: soon\n---\nText.", None);
        assert_eq!(d.date, None);
        assert!(d.warnings[0].contains("soon"));
    }
}
