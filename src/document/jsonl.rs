//! One line of `--input-format jsonl`: parsing, positions in messages, lone surrogate escapes.

use crate::model::date::Date;

use super::*;

/// One line of `--input-format jsonl`: `{"id": …, "text": …, "date"?: "YYYY-MM-DD…", "title"?: …}`.
///
/// Other keys are ignored, so rows exported with more columns (a URL, a language) need no rewriting; `null`
/// for `date` or `title` means absent. `date` takes the forms front matter takes: a calendar date, alone or
/// at the start of a timestamp (`2025-11-28T10:00:00Z`), whose day is kept.
///
/// Columns in messages about a line are 1-based and counted in bytes, as `serde_json` counts them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonLine {
    /// The document's id, written as `document.path`.
    pub id: String,
    /// The article text.
    pub text: String,
    /// The publication date.
    pub date: Option<Date>,
    /// The title, when the line gives one.
    pub title: Option<String>,
    /// Problems that did not stop parsing (a lone surrogate escape replaced with U+FFFD); they become the
    /// document's [`Document::warnings`].
    pub warnings: Vec<String>,
}

/// Why a JSON Lines input line is not a document.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum JsonLineError {
    /// The line is not UTF-8.
    #[error("not UTF-8: invalid byte sequence at byte offset {offset} of the line")]
    NotUtf8 {
        /// Offset of the first invalid byte in the line.
        offset: usize,
    },
    /// The line does not parse as JSON.
    #[error("not JSON: {message}")]
    NotJson {
        /// `serde_json`'s message, with the column in the line.
        message: String,
    },
    /// The line is JSON but not an object.
    #[error("not a JSON object: expected {{\"id\": …, \"text\": …}}")]
    NotObject,
    /// A required key is absent.
    #[error("missing \"{0}\"")]
    Missing(&'static str),
    /// A required key is `null`.
    #[error("\"{0}\" is null; it must be a string")]
    Null(&'static str),
    /// A key holds another JSON type than a string.
    #[error("\"{0}\" must be a string")]
    NotString(&'static str),
    /// The id is the empty string.
    #[error("\"id\" is empty")]
    EmptyId,
    /// The text holds U+0000.
    #[error("\"text\" holds a NUL character at byte offset {offset} of the text")]
    Nul {
        /// Offset of the NUL in the decoded text.
        offset: usize,
    },
    /// The date does not start with a `YYYY-MM-DD` calendar date.
    #[error("\"date\" {0:?} is not a calendar date in YYYY-MM-DD form (a time may follow it)")]
    BadDate(String),
}

impl JsonLine {
    /// Parses one line (with or without its line ending; surrounding whitespace is allowed).
    pub fn parse(line: &[u8]) -> Result<JsonLine, JsonLineError> {
        use serde_json::Value;
        /// A key that is present, `null` included (`Option<Value>` alone reads `null` as absent).
        fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
            serde::Deserialize::deserialize(d).map(Some)
        }
        #[derive(serde::Deserialize)]
        struct Raw {
            #[serde(default, deserialize_with = "present")]
            id: Option<Value>,
            #[serde(default, deserialize_with = "present")]
            text: Option<Value>,
            date: Option<Value>,
            title: Option<Value>,
        }
        let text = std::str::from_utf8(line).map_err(|e| JsonLineError::NotUtf8 {
            offset: e.valid_up_to(),
        })?;
        // Without the line ending, an error at the end of the line is placed on it, not at column 0 of the
        // next one.
        let text = text.trim_end_matches(JSON_SPACE);
        if !text.trim_start().starts_with('{') {
            return Err(match from_json::<serde::de::IgnoredAny>(text) {
                Ok(_) => JsonLineError::NotObject,
                Err(e) => e,
            });
        }
        let (raw, warnings) = from_json::<Raw>(text)?;
        let required = |v: Option<Value>, key: &'static str| match v {
            None => Err(JsonLineError::Missing(key)),
            Some(Value::Null) => Err(JsonLineError::Null(key)),
            Some(Value::String(s)) => Ok(s),
            Some(_) => Err(JsonLineError::NotString(key)),
        };
        let optional = |v: Option<Value>, key: &'static str| match v {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(JsonLineError::NotString(key)),
        };
        let id = required(raw.id, "id")?;
        if id.is_empty() {
            return Err(JsonLineError::EmptyId);
        }
        let text = required(raw.text, "text")?;
        if let Some(offset) = memchr::memchr(0, text.as_bytes()) {
            return Err(JsonLineError::Nul { offset });
        }
        let date = match optional(raw.date, "date")? {
            None => None,
            Some(d) => Some(calendar_day(&d).ok_or(JsonLineError::BadDate(d))?),
        };
        let title = optional(raw.title, "title")?
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty());
        Ok(JsonLine {
            id,
            text,
            date,
            title,
            warnings,
        })
    }
}

/// The white space JSON allows between tokens.
pub(super) const JSON_SPACE: [char; 4] = [' ', '\t', '\n', '\r'];

/// Lone surrogates named one by one in a line's warnings; the rest are counted.
pub(super) const SURROGATE_WARNINGS: usize = 5;

/// Deserializes one line. A lone UTF-16 surrogate escape (`"\ud83d"`: what JavaScript writes for an emoji cut
/// in half), which `serde_json` refuses, is read as U+FFFD, with a warning naming its column.
pub(super) fn from_json<T: serde::de::DeserializeOwned>(
    line: &str,
) -> Result<(T, Vec<String>), JsonLineError> {
    let e = match serde_json::from_str(line) {
        Ok(v) => return Ok((v, Vec::new())),
        Err(e) => e,
    };
    // serde_json says so only in its message; both messages come from its surrogate checks alone.
    let message = e.to_string();
    let surrogate = ["lone leading surrogate", "unexpected end of hex escape"]
        .iter()
        .any(|m| message.starts_with(m));
    let (fixed, lone) = if surrogate {
        replace_lone_surrogates(line)
    } else {
        (String::new(), Vec::new())
    };
    if lone.is_empty() {
        return Err(not_json(&e, line));
    }
    let value = serde_json::from_str(&fixed).map_err(|e| not_json(&e, &fixed))?;
    let mut warnings: Vec<String> = lone
        .iter()
        .take(SURROGATE_WARNINGS)
        .map(|&at| {
            format!(
                "lone UTF-16 surrogate escape {} at column {} of the line (in bytes) replaced with U+FFFD",
                &line[at..at + 6],
                at + 1
            )
        })
        .collect();
    if lone.len() > SURROGATE_WARNINGS {
        warnings.push(format!(
            "{} more lone UTF-16 surrogate escapes replaced with U+FFFD",
            lone.len() - SURROGATE_WARNINGS
        ));
    }
    Ok((value, warnings))
}

/// `line` with every `\uD800`…`\uDFFF` escape that is not half of a surrogate pair replaced by `\uFFFD` (the
/// same length, so columns stay), and the byte offsets of those escapes. An escaped backslash before `u`
/// (`\\ud83d`) is no escape.
pub(super) fn replace_lone_surrogates(line: &str) -> (String, Vec<usize>) {
    let bytes = line.as_bytes();
    let unit = |at: usize| -> Option<u16> {
        let hex = bytes.get(at..at + 6)?.strip_prefix(b"\\u")?;
        u16::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
    };
    let mut fixed = bytes.to_vec();
    let mut lone = Vec::new();
    let mut i = 0;
    while let Some(at) = memchr::memchr(b'\\', &bytes[i..]).map(|k| i + k) {
        i = at + 2;
        let Some(u) = unit(at) else { continue };
        i = at + 6;
        match u {
            0xD800..=0xDBFF if unit(at + 6).is_some_and(|v| (0xDC00..=0xDFFF).contains(&v)) => {
                i = at + 12;
            }
            0xD800..=0xDFFF => {
                fixed[at..at + 6].copy_from_slice(b"\\uFFFD");
                lone.push(at);
            }
            _ => {}
        }
    }
    let fixed = String::from_utf8(fixed).expect("ASCII replaced by ASCII");
    (fixed, lone)
}

/// `serde_json`'s message with the position given as a column of the line (its line number is always 1); for
/// a string that the line ends inside, also the column where it opens.
pub(super) fn not_json(e: &serde_json::Error, line: &str) -> JsonLineError {
    let message = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let mut message = match message.strip_suffix(&suffix) {
        Some(m) => format!("{m} at column {}", e.column()),
        None => message,
    };
    if e.is_eof()
        && message.starts_with("EOF while parsing a string")
        && let Some(open) = open_string(line)
    {
        message.push_str(&format!(
            " (the string that opens at column {} is not closed)",
            open + 1
        ));
    }
    JsonLineError::NotJson { message }
}

/// The byte offset of the quote opening the string that `line` ends inside, if it ends inside one.
pub(super) fn open_string(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut open = None;
    let mut i = 0;
    while let Some(k) = memchr::memchr2(b'"', b'\\', &bytes[i..]) {
        let at = i + k;
        i = at + 1;
        match (bytes[at], open) {
            (b'\\', Some(_)) => i += 1,
            (b'"', Some(_)) => open = None,
            (b'"', None) => open = Some(at),
            _ => {}
        }
    }
    open
}
