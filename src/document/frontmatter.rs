//! Front matter: the YAML (`---`) or TOML (`+++`) header at the top of an article.
//!
//! [`parse`] finds the header, reads it with a real parser ([`saphyr`] for YAML 1.2, [`toml`] for TOML) and
//! picks out the fields the pipeline uses: the title, the dates, the source URL, the author and the tags.
//! The title is decoded (escapes such as `\_` for a no-break space, `\u2019`, folded lines) and aligned back
//! to its bytes in the file through [`Piece`]s, so a match inside the title can be reported at its place in
//! the file.
//!
//! # Example
//!
//! ```
//! use claimscan::document::frontmatter;
//!
//! let text = "---\ndate: '2021-09-23'\ntitle: \"Bill Signed: H.R.\\_3325\"\n---\nBody.\n";
//! let fm = frontmatter::parse(text).expect("a YAML header");
//! assert_eq!(fm.title.as_deref(), Some("Bill Signed: H.R.\u{a0}3325"));
//! assert_eq!(fm.date.as_deref(), Some("2021-09-23"));
//! assert_eq!(&text[fm.end..], "Body.\n");
//! ```
//!
//! # What counts as front matter
//!
//! The first line of the text (byte 0; a byte order mark must already be removed) is exactly `---` or
//! `+++`, trailing spaces, tabs and a carriage return allowed. The header ends at the next line that is `---`
//! or `...` (YAML) or `+++` (TOML); without one there is no front matter. A YAML header must parse as a
//! mapping (or be empty): a Markdown thematic break `---` followed by prose is not front matter. A header
//! that fails to parse but starts like one (`key:` or `key =` on its first non-blank line) is still front
//! matter: the fields a line-by-line reading recovers are returned with a warning naming the file line and
//! the parser's message. Nothing here is fatal and nothing panics.
//!
//! # Decisions
//!
//! * An empty header (`---` then `---`, or only comments) is front matter with no fields, as Jekyll reads
//!   it; a header holding a scalar or a list is not.
//! * YAML aliases are expanded by saphyr up to its node budget; a header past it (a "billion laughs") is
//!   read by the line-by-line fallback, with saphyr's message as the warning.
//! * For block scalars (`|`, `>`) saphyr's span starts at the content, not at the indicator, and that is the
//!   span [`FrontMatter::title_raw`] reports.

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

use crate::model::span::ByteSpan;

/// The fields read from an article's front matter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FrontMatter {
    /// Byte offset just past the closing delimiter line, including its line ending: the body starts here.
    pub end: usize,
    /// The decoded title, trimmed; `None` when absent, empty or not a string.
    pub title: Option<String>,
    /// Byte span in the text of the title's raw scalar, quotes included.
    pub title_raw: Option<ByteSpan>,
    /// How the bytes of [`FrontMatter::title`] map to bytes of the text; empty when there is no title.
    ///
    /// The pieces are in order and contiguous: their `decoded` spans cover `0..title.len()` and their `raw`
    /// spans cover the scalar's content inside [`FrontMatter::title_raw`] (quotes excluded). Whitespace
    /// trimmed from either end of the title is an atomic piece with an empty `decoded` span. When the raw
    /// scalar cannot be re-scanned (block scalars, tags, anything exotic) there is one atomic piece mapping
    /// the whole title to the whole of `title_raw`.
    pub title_pieces: Vec<Piece>,
    /// `date`, as written (quotes removed).
    pub date: Option<String>,
    /// `published_time`, as written.
    pub published_time: Option<String>,
    /// `modified_time`, as written.
    pub modified_time: Option<String>,
    /// The first of `source_url`, `url`, `link` and `canonical_url` that is present.
    pub url: Option<String>,
    /// `author`, else `authors`: a string, or a list joined with `", "`.
    pub author: Option<String>,
    /// `tags`: a list, or a string split on commas; items trimmed, empty ones dropped.
    pub tags: Vec<String>,
    /// Problems met while reading, e.g. `front matter line 4: …`; never fatal.
    pub warnings: Vec<String>,
}

/// One piece of the decoded title: the `decoded` bytes of the title stand for the `raw` bytes of the text.
///
/// When `aligned` is true the two spans have the same length and byte `i` of one stands for byte `i` of the
/// other (text copied as is). Otherwise the piece is atomic (an escape, a folded line break, trimmed
/// whitespace): a position inside it maps to its edges only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    /// Byte range in the decoded title.
    pub decoded: ByteSpan,
    /// Byte range in the text.
    pub raw: ByteSpan,
    /// Whether the piece is copied text, mapped byte for byte.
    pub aligned: bool,
}

/// Reads the front matter at the start of `text`, if there is any.
///
/// Returns `None` when the text does not start with a front matter block (see the [module docs](self));
/// the body is then the whole text.
pub fn parse(text: &str) -> Option<FrontMatter> {
    let block = delimit(text)?;
    match block.kind {
        Kind::Yaml => parse_yaml(text, &block),
        Kind::Toml => parse_toml(text, &block),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Yaml,
    Toml,
}

/// Where the header is: between the opening and closing delimiter lines.
struct Block {
    kind: Kind,
    /// The lines between the delimiters.
    content: ByteSpan,
    /// Just past the closing delimiter line.
    end: usize,
}

/// A line's content without its line ending and trailing spaces, tabs or carriage return.
fn bare(line: &str) -> &str {
    line.trim_end_matches(['\n', '\r', ' ', '\t'])
}

fn delimit(text: &str) -> Option<Block> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?;
    let kind = match bare(first) {
        "---" => Kind::Yaml,
        "+++" => Kind::Toml,
        _ => return None,
    };
    let start = first.len();
    let mut pos = start;
    for line in lines {
        let closes = match kind {
            Kind::Yaml => matches!(bare(line), "---" | "..."),
            Kind::Toml => bare(line) == "+++",
        };
        if closes {
            return Some(Block {
                kind,
                content: ByteSpan::new(start, pos),
                end: pos + line.len(),
            });
        }
        pos += line.len();
    }
    None
}

/// 1-based line in the text of byte `offset`.
fn line_of(text: &str, offset: usize) -> usize {
    1 + text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// A field value as read from the header, before the fields are assembled.
enum Value {
    /// A scalar: its text and, when known, the span of its raw form in the text.
    Str(String, Option<ByteSpan>),
    /// A list of scalars.
    List(Vec<String>),
    /// A mapping, a nested list or a null: no use as a field.
    Other,
}

/// A key and its value, with the file line of the key for warnings.
struct Entry {
    key: String,
    value: Value,
    line: usize,
}

/// Re-scans a raw scalar starting at a byte offset of the text: its decoded text, pieces and raw end.
type Rescan = fn(&str, usize, usize) -> Option<Decoded>;

fn assemble(text: &str, block: &Block, entries: Vec<Entry>, rescan: Rescan) -> FrontMatter {
    let mut fm = FrontMatter {
        end: block.end,
        ..FrontMatter::default()
    };
    let mut urls: [Option<String>; 4] = Default::default();
    let mut authors: [Option<String>; 2] = Default::default();
    for Entry { key, value, line } in entries {
        let string = match &value {
            Value::Str(s, _) => Some(s.clone()),
            _ => None,
        };
        match key.as_str() {
            "title" => match value {
                Value::Str(s, raw) => {
                    set_title(&mut fm, text, block, &s, raw, rescan);
                }
                _ => fm
                    .warnings
                    .push(format!("front matter line {line}: title is not a string")),
            },
            "date" => fm.date = string,
            "published_time" => fm.published_time = string,
            "modified_time" => fm.modified_time = string,
            "source_url" => urls[0] = string,
            "url" => urls[1] = string,
            "link" => urls[2] = string,
            "canonical_url" => urls[3] = string,
            "author" | "authors" => {
                let joined = match value {
                    Value::Str(s, _) => Some(s),
                    Value::List(items) => Some(items.join(", ")),
                    Value::Other => None,
                };
                authors[usize::from(key == "authors")] = joined;
            }
            "tags" => {
                fm.tags = match value {
                    Value::Str(s, _) => s.split(',').map(str::to_string).collect(),
                    Value::List(items) => items,
                    Value::Other => Vec::new(),
                };
                fm.tags = fm
                    .tags
                    .iter()
                    .map(|t| t.trim())
                    .filter(|t| !t.is_empty())
                    .map(str::to_string)
                    .collect();
            }
            _ => {}
        }
    }
    let nonempty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    fm.url = urls.into_iter().find_map(nonempty);
    fm.author = authors.into_iter().find_map(nonempty);
    fm
}

fn set_title(
    fm: &mut FrontMatter,
    text: &str,
    block: &Block,
    value: &str,
    raw: Option<ByteSpan>,
    rescan: Rescan,
) {
    let trimmed = value.trim();
    fm.title = None;
    fm.title_raw = raw;
    fm.title_pieces = Vec::new();
    if trimmed.is_empty() {
        return;
    }
    fm.title = Some(trimmed.to_string());
    let Some(raw) = raw else { return };
    let scanned = rescan(text, raw.start(), block.content.end())
        .filter(|d| d.end == raw.end() && d.text == value);
    fm.title_pieces = match scanned {
        Some(d) => trim_pieces(&d.text, d.pieces),
        None => vec![Piece {
            decoded: ByteSpan::new(0, trimmed.len()),
            raw,
            aligned: false,
        }],
    };
}

/// Restricts pieces of `decoded` to its trimmed part, turning the trimmed ends into atomic pieces with an
/// empty decoded span so that the raw side stays covered.
fn trim_pieces(decoded: &str, pieces: Vec<Piece>) -> Vec<Piece> {
    let a = decoded.len() - decoded.trim_start().len();
    let b = a + decoded.trim().len();
    let (Some(first), Some(last)) = (pieces.first(), pieces.last()) else {
        return pieces;
    };
    let (raw_start, raw_end) = (first.raw.start(), last.raw.end());
    let mut middle: Vec<Piece> = Vec::new();
    for p in pieces {
        let (ds, de) = (p.decoded.start(), p.decoded.end());
        if de <= a || ds >= b {
            continue;
        }
        let (cs, ce) = (ds.max(a), de.min(b));
        let raw = if p.aligned {
            ByteSpan::new(p.raw.start() + (cs - ds), p.raw.end() - (de - ce))
        } else {
            p.raw
        };
        middle.push(Piece {
            decoded: ByteSpan::new(cs - a, ce - a),
            raw,
            aligned: p.aligned,
        });
    }
    let mut out = Vec::with_capacity(middle.len() + 2);
    let lead_end = middle.first().map_or(raw_end, |p| p.raw.start());
    if raw_start < lead_end {
        out.push(Piece {
            decoded: ByteSpan::new(0, 0),
            raw: ByteSpan::new(raw_start, lead_end),
            aligned: false,
        });
    }
    let trail_start = middle.last().map_or(lead_end, |p| p.raw.end());
    out.append(&mut middle);
    if trail_start < raw_end {
        out.push(Piece {
            decoded: ByteSpan::new(b - a, b - a),
            raw: ByteSpan::new(trail_start, raw_end),
            aligned: false,
        });
    }
    out
}

// ---------------------------------------------------------------------------------------------------------
// YAML

fn parse_yaml(text: &str, block: &Block) -> Option<FrontMatter> {
    let src = block.content.slice(text);
    match MarkedYaml::load_from_str(src) {
        Ok(docs) => {
            let Some(doc) = docs.first() else {
                // Only blank lines or comments: an empty header, as Jekyll reads `---\n---`.
                return Some(assemble(text, block, Vec::new(), scan_yaml));
            };
            let YamlData::Mapping(map) = &doc.data else {
                return None;
            };
            let bytes = CharToByte::new(src, block.content.start());
            let entries = map
                .iter()
                .filter_map(|(k, v)| {
                    let YamlData::Value(Scalar::String(key)) = &k.data else {
                        return None;
                    };
                    let line = block_line(text, block, k.span.start.line());
                    Some(Entry {
                        key: key.to_string(),
                        value: yaml_value(text, &bytes, v),
                        line,
                    })
                })
                .collect();
            let mut fm = assemble(text, block, entries, scan_yaml);
            if docs.len() > 1 {
                fm.warnings.push(format!(
                    "front matter line {}: more than one YAML document; only the first is read",
                    line_of(text, block.content.start())
                ));
            }
            Some(fm)
        }
        Err(e) => {
            if !first_line_is_key(src, ':') {
                return None;
            }
            let line = block_line(text, block, e.marker().line());
            let mut fm = fallback(text, block, ':');
            fm.warnings
                .insert(0, format!("front matter line {line}: {}", e.info()));
            Some(fm)
        }
    }
}

/// File line of a 1-based line inside the block.
fn block_line(text: &str, block: &Block, line_in_block: usize) -> usize {
    line_of(text, block.content.start()) + line_in_block.saturating_sub(1)
}

/// Converts saphyr's character indices within the block into byte offsets of the text.
struct CharToByte {
    offsets: Vec<usize>,
}

impl CharToByte {
    fn new(src: &str, base: usize) -> CharToByte {
        let offsets = src
            .char_indices()
            .map(|(i, _)| base + i)
            .chain(std::iter::once(base + src.len()))
            .collect();
        CharToByte { offsets }
    }

    fn span(&self, s: &saphyr::Marker, e: &saphyr::Marker) -> Option<ByteSpan> {
        let start = *self.offsets.get(s.index())?;
        let end = *self.offsets.get(e.index())?;
        (start <= end).then(|| ByteSpan::new(start, end))
    }
}

fn yaml_value(text: &str, bytes: &CharToByte, node: &MarkedYaml<'_>) -> Value {
    let raw = bytes.span(&node.span.start, &node.span.end);
    match &node.data {
        YamlData::Sequence(items) => Value::List(
            items
                .iter()
                .filter_map(|item| match yaml_value(text, bytes, item) {
                    Value::Str(s, _) => Some(s),
                    _ => None,
                })
                .collect(),
        ),
        YamlData::Tagged(_, inner) => match yaml_value(text, bytes, inner) {
            Value::Str(s, _) => Value::Str(s, raw),
            other => other,
        },
        YamlData::Value(Scalar::Null) => Value::Other,
        YamlData::Value(Scalar::String(s)) => Value::Str(s.to_string(), raw),
        // Numbers, booleans and dates that the core schema resolved: keep them as written.
        YamlData::Value(_) | YamlData::Representation(..) => match raw {
            Some(span) => Value::Str(span.slice(text).trim().to_string(), raw),
            None => Value::Other,
        },
        _ => Value::Other,
    }
}

/// Whether the first non-blank, non-comment line of `src` starts with `key:` (or `key =` for TOML).
fn first_line_is_key(src: &str, sep: char) -> bool {
    let Some(line) = src
        .lines()
        .map(str::trim_end)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
    else {
        return false;
    };
    key_prefix(line, sep).is_some()
}

/// When `line` is `key<sep>…` with a key `[A-Za-z_][A-Za-z0-9_-]*`, the key and the byte offset just past
/// the separator.
fn key_prefix(line: &str, sep: char) -> Option<(&str, usize)> {
    let b = line.as_bytes();
    if !b
        .first()
        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
    {
        return None;
    }
    let key_len = b
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-'))
        .unwrap_or(b.len());
    let rest = &line[key_len..];
    let after_space = rest.trim_start_matches([' ', '\t']);
    let sep_at = line.len() - after_space.len();
    after_space
        .starts_with(sep)
        .then(|| (&line[..key_len], sep_at + sep.len_utf8()))
}

/// Reads `key: value` (or `key = value`) lines one by one when the parser gave up.
///
/// A value may continue on indented lines (folded YAML scalars) but never past the next `key:` line, so one
/// broken value cannot swallow the keys after it.
fn fallback(text: &str, block: &Block, sep: char) -> FrontMatter {
    let rescan: Rescan = if sep == ':' { scan_yaml } else { scan_toml };
    let mut lines = Vec::new();
    let mut pos = block.content.start();
    for line in block.content.slice(text).split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        lines.push((pos, content, key_prefix(content, sep)));
        pos += line.len();
    }
    let mut entries: Vec<Entry> = Vec::new();
    for (n, &(start, content, key)) in lines.iter().enumerate() {
        let Some((key, after)) = key else {
            if let Some(item) = content.trim_start().strip_prefix("- ")
                && let Some(Entry {
                    value: Value::List(items),
                    ..
                }) = entries.last_mut()
            {
                // `- item` under a key with no value of its own.
                items.push(unquote(item.trim()).to_string());
            }
            continue;
        };
        let limit = lines[n + 1..]
            .iter()
            .find(|l| l.2.is_some())
            .map_or(block.content.end(), |l| l.0);
        let lead = content[after..].len() - content[after..].trim_start().len();
        let value_start = start + after + lead;
        let rest = content[after..].trim();
        let value = if rest.is_empty() {
            Value::List(Vec::new())
        } else if let Some(inner) = rest.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            Value::List(
                inner
                    .split(',')
                    .map(|s| unquote(s.trim()).to_string())
                    .collect(),
            )
        } else if let Some(d) = rescan(text, value_start, limit) {
            Value::Str(d.text, Some(ByteSpan::new(value_start, d.end)))
        } else {
            let raw = ByteSpan::new(value_start, value_start + rest.len());
            Value::Str(unquote(rest).to_string(), Some(raw))
        };
        entries.push(Entry {
            key: key.to_string(),
            value,
            line: line_of(text, start),
        });
    }
    for e in &mut entries {
        if matches!(&e.value, Value::List(items) if items.is_empty()) {
            e.value = Value::Other;
        }
    }
    assemble(text, block, entries, rescan)
}

/// Strips a pair of matching quotes, or the opening quote of a value whose closing quote is missing.
fn unquote(s: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q) {
            return inner.strip_suffix(q).unwrap_or(inner);
        }
    }
    s
}

// ---------------------------------------------------------------------------------------------------------
// TOML

fn parse_toml(text: &str, block: &Block) -> Option<FrontMatter> {
    let src = block.content.slice(text);
    let base = block.content.start();
    match toml::de::DeTable::parse(src) {
        Ok(table) => {
            let entries = table
                .get_ref()
                .iter()
                .map(|(k, v)| Entry {
                    key: k.get_ref().to_string(),
                    value: toml_value(text, base, v),
                    line: line_of(text, base + k.span().start),
                })
                .collect();
            Some(assemble(text, block, entries, scan_toml))
        }
        Err(e) => {
            if !first_line_is_key(src, '=') {
                return None;
            }
            let at = e.span().map_or(0, |s| s.start);
            let line = line_of(text, base + at);
            let mut fm = fallback(text, block, '=');
            fm.warnings
                .insert(0, format!("front matter line {line}: {}", e.message()));
            Some(fm)
        }
    }
}

fn toml_value(text: &str, base: usize, value: &toml::Spanned<toml::de::DeValue<'_>>) -> Value {
    use toml::de::DeValue;
    let span = value.span();
    let raw = ByteSpan::new(base + span.start, base + span.end.max(span.start));
    match value.get_ref() {
        DeValue::String(s) => Value::Str(s.to_string(), Some(raw)),
        DeValue::Array(items) => Value::List(
            items
                .iter()
                .filter_map(|item| match toml_value(text, base, item) {
                    Value::Str(s, _) => Some(s),
                    _ => None,
                })
                .collect(),
        ),
        DeValue::Table(_) => Value::Other,
        // Dates, numbers and booleans: as written.
        _ => match text.get(raw.start()..raw.end()) {
            Some(s) => Value::Str(s.trim().to_string(), Some(raw)),
            None => Value::Other,
        },
    }
}

// ---------------------------------------------------------------------------------------------------------
// Re-scanning raw scalars

/// A scalar decoded by re-scanning its raw form, with the alignment of each decoded range.
#[derive(Debug)]
struct Decoded {
    text: String,
    pieces: Vec<Piece>,
    /// Byte offset just past the raw scalar (after the closing quote).
    end: usize,
}

/// Builds a [`Decoded`] piece by piece.
struct Builder<'a> {
    src: &'a str,
    out: String,
    pieces: Vec<Piece>,
}

impl<'a> Builder<'a> {
    fn new(src: &'a str) -> Builder<'a> {
        Builder {
            src,
            out: String::new(),
            pieces: Vec::new(),
        }
    }

    /// Copies `src[start..end]` as is.
    fn copy(&mut self, start: usize, end: usize) -> Option<()> {
        if start == end {
            return Some(());
        }
        let s = self.src.get(start..end)?;
        let d0 = self.out.len();
        self.out.push_str(s);
        if let Some(last) = self.pieces.last_mut()
            && last.aligned
            && last.raw.end() == start
        {
            last.decoded = ByteSpan::new(last.decoded.start(), self.out.len());
            last.raw = ByteSpan::new(last.raw.start(), end);
        } else {
            self.pieces.push(Piece {
                decoded: ByteSpan::new(d0, self.out.len()),
                raw: ByteSpan::new(start, end),
                aligned: true,
            });
        }
        Some(())
    }

    /// Records that `src[start..end]` decodes to `s`, atomically.
    fn atom(&mut self, start: usize, end: usize, s: &str) {
        let d0 = self.out.len();
        self.out.push_str(s);
        self.pieces.push(Piece {
            decoded: ByteSpan::new(d0, self.out.len()),
            raw: ByteSpan::new(start, end),
            aligned: false,
        });
    }

    fn finish(self, end: usize) -> Decoded {
        Decoded {
            text: self.out,
            pieces: self.pieces,
            end,
        }
    }
}

fn is_white(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// Length of the line break at `i` (`\r\n`, `\n` or `\r`), 0 when there is none.
fn break_len(b: &[u8], i: usize) -> usize {
    match (b.get(i), b.get(i + 1)) {
        (Some(b'\r'), Some(b'\n')) => 2,
        (Some(b'\n' | b'\r'), _) => 1,
        _ => 0,
    }
}

/// Skips spaces and tabs from `i`.
fn skip_white(b: &[u8], mut i: usize, limit: usize) -> usize {
    while i < limit && is_white(b[i]) {
        i += 1;
    }
    i
}

/// A line fold starting at `i` (trailing white space, then a line break): consumes the break, any empty
/// lines and the next line's leading white space. Returns where the next line's content starts and what the
/// fold decodes to (a space, or one line feed per empty line). `None` when no break follows the white space.
fn fold(b: &[u8], i: usize, limit: usize) -> Option<(usize, String)> {
    let mut j = skip_white(b, i, limit);
    let n = break_len(b, j);
    if n == 0 || j + n > limit {
        return None;
    }
    j += n;
    let mut empty = 0;
    loop {
        let k = skip_white(b, j, limit);
        let n = break_len(b, k);
        if n == 0 || k + n > limit {
            j = k;
            break;
        }
        empty += 1;
        j = k + n;
    }
    let decoded = if empty == 0 {
        " ".to_string()
    } else {
        "\n".repeat(empty)
    };
    Some((j, decoded))
}

/// Re-scans the YAML scalar starting at byte `start` of `text`, not reading past `limit`.
fn scan_yaml(text: &str, start: usize, limit: usize) -> Option<Decoded> {
    let limit = limit.min(text.len());
    match text.as_bytes().get(start)? {
        b'"' => scan_double(text, start, limit),
        b'\'' => scan_single(text, start, limit),
        _ => scan_plain(text, start, limit),
    }
}

fn scan_plain(text: &str, start: usize, limit: usize) -> Option<Decoded> {
    let b = text.as_bytes();
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let indent = b[line_start..start]
        .iter()
        .take_while(|&&c| c == b' ')
        .count();
    let mut out = Builder::new(text);
    let mut run = start;
    let mut i = start;
    loop {
        if i >= limit {
            out.copy(run, i)?;
            return Some(out.finish(i));
        }
        let c = b[i];
        if is_white(c) || break_len(b, i) > 0 {
            let w = skip_white(b, i, limit);
            if w < limit && b[w] == b'#' && w > i {
                out.copy(run, i)?;
                return Some(out.finish(i));
            }
            if w >= limit || break_len(b, w) > 0 {
                // End of a line: fold into the next one if it continues the scalar.
                let continues = fold(b, i, limit).filter(|&(next, _)| {
                    let next_line = text[..next].rfind('\n').map_or(0, |k| k + 1);
                    let spaces = b[next_line..next]
                        .iter()
                        .take_while(|&&c| c == b' ')
                        .count();
                    next < limit && spaces > indent && b[next] != b'#' && break_len(b, next) == 0
                });
                let Some((next, decoded)) = continues else {
                    out.copy(run, i)?;
                    return Some(out.finish(i));
                };
                out.copy(run, i)?;
                out.atom(i, next, &decoded);
                i = next;
                run = next;
                continue;
            }
            i = w;
            continue;
        }
        i += 1;
    }
}

fn scan_single(text: &str, start: usize, limit: usize) -> Option<Decoded> {
    let b = text.as_bytes();
    let mut out = Builder::new(text);
    let mut i = start + 1;
    let mut run = i;
    while i < limit {
        match b[i] {
            b'\'' if b.get(i + 1) == Some(&b'\'') && i + 1 < limit => {
                out.copy(run, i)?;
                out.atom(i, i + 2, "'");
                i += 2;
                run = i;
            }
            b'\'' => {
                out.copy(run, i)?;
                return Some(out.finish(i + 1));
            }
            c if is_white(c) || break_len(b, i) > 0 => {
                (i, run) = fold_white(&mut out, b, i, run, limit)?;
            }
            _ => i += 1,
        }
    }
    None
}

/// White space or a line break at `i` inside a quoted scalar: a fold (a line break and the indentation
/// around it) becomes one atomic piece; other white space stays in the copied run. Returns the next `i` and
/// the start of the run being copied.
fn fold_white(
    out: &mut Builder,
    b: &[u8],
    i: usize,
    run: usize,
    limit: usize,
) -> Option<(usize, usize)> {
    match fold(b, i, limit) {
        Some((next, decoded)) => {
            out.copy(run, i)?;
            out.atom(i, next, &decoded);
            Some((next, next))
        }
        None => Some((skip_white(b, i, limit).max(i + 1), run)),
    }
}

fn scan_double(text: &str, start: usize, limit: usize) -> Option<Decoded> {
    let b = text.as_bytes();
    let mut out = Builder::new(text);
    let mut i = start + 1;
    let mut run = i;
    while i < limit {
        match b[i] {
            b'"' => {
                out.copy(run, i)?;
                return Some(out.finish(i + 1));
            }
            b'\\' => {
                out.copy(run, i)?;
                let (end, decoded) = double_escape(b, i, limit)?;
                out.atom(i, end, &decoded);
                i = end;
                run = i;
            }
            c if is_white(c) || break_len(b, i) > 0 => {
                (i, run) = fold_white(&mut out, b, i, run, limit)?;
            }
            _ => i += 1,
        }
    }
    None
}

/// The escape at `i` (a backslash) in a double-quoted YAML scalar: where it ends and what it decodes to.
fn double_escape(b: &[u8], i: usize, limit: usize) -> Option<(usize, String)> {
    let c = *b.get(i + 1).filter(|_| i + 1 < limit)?;
    let n = break_len(b, i + 1);
    if n > 0 {
        // An escaped line break: the break and the next line's indentation vanish; empty lines stay.
        let mut j = i + 1 + n;
        let mut decoded = String::new();
        loop {
            let k = skip_white(b, j, limit);
            let n = break_len(b, k);
            if n == 0 || k + n > limit {
                return Some((k, decoded));
            }
            decoded.push('\n');
            j = k + n;
        }
    }
    let simple = match c {
        b'0' => Some('\0'),
        b'a' => Some('\x07'),
        b'b' => Some('\x08'),
        b't' | b'\t' => Some('\t'),
        b'n' => Some('\n'),
        b'v' => Some('\x0b'),
        b'f' => Some('\x0c'),
        b'r' => Some('\r'),
        b'e' => Some('\x1b'),
        b' ' => Some(' '),
        b'"' => Some('"'),
        b'/' => Some('/'),
        b'\\' => Some('\\'),
        b'N' => Some('\u{85}'),
        b'_' => Some('\u{a0}'),
        b'L' => Some('\u{2028}'),
        b'P' => Some('\u{2029}'),
        _ => None,
    };
    match simple {
        Some(ch) => Some((i + 2, ch.to_string())),
        None => hex_escape(b, i, limit),
    }
}

/// The `\xXX`, `\uXXXX` or `\UXXXXXXXX` escape at `b[i]` (YAML and TOML spell them alike): its end and
/// the character it stands for.
fn hex_escape(b: &[u8], i: usize, limit: usize) -> Option<(usize, String)> {
    let digits = match *b.get(i + 1)? {
        b'x' => 2,
        b'u' => 4,
        b'U' => 8,
        _ => return None,
    };
    let hex_end = i + 2 + digits;
    if hex_end > limit {
        return None;
    }
    let hex = std::str::from_utf8(b.get(i + 2..hex_end)?).ok()?;
    if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
        return None;
    }
    let ch = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
    Some((hex_end, ch.to_string()))
}

/// Re-scans a single-line TOML string (basic `"…"` or literal `'…'`) starting at byte `start`.
fn scan_toml(text: &str, start: usize, limit: usize) -> Option<Decoded> {
    let b = text.as_bytes();
    let limit = limit.min(text.len());
    let quote = *b.get(start)?;
    if b.get(start..start + 3) == Some(&[quote; 3][..]) && (quote == b'"' || quote == b'\'') {
        // Multi-line strings: left to the one-piece fallback.
        return None;
    }
    if quote != b'"' && quote != b'\'' {
        // Bare values (dates, numbers, booleans) are taken as written.
        let line_end = text[start..limit]
            .find(['\n', '\r', '#'])
            .map_or(limit, |k| start + k);
        let end = start + text[start..line_end].trim_end().len();
        let mut out = Builder::new(text);
        out.copy(start, end)?;
        return Some(out.finish(end));
    }
    let mut out = Builder::new(text);
    let mut i = start + 1;
    let mut run = i;
    while i < limit && break_len(b, i) == 0 {
        if b[i] == quote {
            out.copy(run, i)?;
            return Some(out.finish(i + 1));
        }
        if quote == b'"' && b[i] == b'\\' {
            out.copy(run, i)?;
            let (end, decoded) = toml_escape(b, i, limit)?;
            out.atom(i, end, &decoded);
            i = end;
            run = i;
            continue;
        }
        i += 1;
    }
    None
}

fn toml_escape(b: &[u8], i: usize, limit: usize) -> Option<(usize, String)> {
    let c = *b.get(i + 1).filter(|_| i + 1 < limit)?;
    let simple = match c {
        b'b' => Some('\x08'),
        b't' => Some('\t'),
        b'n' => Some('\n'),
        b'f' => Some('\x0c'),
        b'r' => Some('\r'),
        b'e' => Some('\x1b'),
        b'"' => Some('"'),
        b'\\' => Some('\\'),
        _ => None,
    };
    match simple {
        Some(ch) => Some((i + 2, ch.to_string())),
        None => hex_escape(b, i, limit),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Asserts what [`FrontMatter::title_pieces`] promises, on any input.
    fn check_pieces(text: &str, fm: &FrontMatter) {
        assert!(fm.end <= text.len() && text.is_char_boundary(fm.end));
        let Some(title) = &fm.title else {
            assert!(fm.title_pieces.is_empty(), "pieces without a title");
            return;
        };
        assert_eq!(title.trim(), title, "title not trimmed");
        assert!(!title.is_empty());
        let Some(raw) = fm.title_raw else {
            return;
        };
        assert!(raw.end() <= fm.end, "title_raw {raw:?} past the header");
        let pieces = &fm.title_pieces;
        assert!(!pieces.is_empty(), "a title with a raw span has pieces");
        assert_eq!(pieces[0].decoded.start(), 0);
        assert_eq!(pieces.last().unwrap().decoded.end(), title.len());
        let mut joined = String::new();
        for (i, p) in pieces.iter().enumerate() {
            assert!(raw.contains(p.raw), "piece {p:?} outside {raw:?}");
            if i > 0 {
                assert_eq!(
                    pieces[i - 1].decoded.end(),
                    p.decoded.start(),
                    "decoded gap"
                );
                assert_eq!(pieces[i - 1].raw.end(), p.raw.start(), "raw gap");
            }
            if p.aligned {
                assert_eq!(p.decoded.slice(title), p.raw.slice(text), "aligned {p:?}");
            }
            joined.push_str(p.decoded.slice(title));
        }
        assert_eq!(&joined, title);
    }

    /// The byte of the text that decoded byte `at` of the title stands for (atomic pieces: their start).
    fn raw_at(fm: &FrontMatter, at: usize) -> usize {
        let p = fm
            .title_pieces
            .iter()
            .find(|p| p.decoded.start() <= at && at < p.decoded.end())
            .expect("a piece covers every decoded byte");
        if p.aligned {
            p.raw.start() + (at - p.decoded.start())
        } else {
            p.raw.start()
        }
    }

    fn header(lines: &str) -> String {
        format!("---\n{lines}---\n\nBody text.\n")
    }

    #[test]
    fn titles_in_the_shapes_the_corpus_uses() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "double-quoted, \\u2019, escaped line break, escaped space, \\_",
                "title: \"Strengthening our Nation\\u2019s Commitment to Preventing and Responding to\\\n  \\ Gender-Based\\_Violence\"\n",
                "Strengthening our Nation\u{2019}s Commitment to Preventing and Responding to Gender-Based\u{a0}Violence",
            ),
            (
                "double-quoted, \\xE9 and \\xF3",
                "title: \"Readout of Vice President Kamala\\_Harris Call with President Andr\\xE9s Manuel\\\n  \\ L\\xF3pez Obrador of\\_Mexico\"\n",
                "Readout of Vice President Kamala\u{a0}Harris Call with President Andr\u{e9}s Manuel L\u{f3}pez Obrador of\u{a0}Mexico",
            ),
            (
                "double-quoted on one line",
                "title: \"Bill Signed: H.R.\\_3325\"\n",
                "Bill Signed: H.R.\u{a0}3325",
            ),
            (
                "single-quoted, folded",
                "title: 'Fact Sheet: President Donald J. Trump Expands Educational Opportunities for\n  American Families'\n",
                "Fact Sheet: President Donald J. Trump Expands Educational Opportunities for American Families",
            ),
            (
                "single-quoted with ''",
                "title: 'It''s the Economy'\n",
                "It's the Economy",
            ),
            (
                "plain, folded",
                "title: President Trump Announces Appointments to the White House Office of Political\n  Affairs\n",
                "President Trump Announces Appointments to the White House Office of Political Affairs",
            ),
            (
                "plain",
                "title: Immediate Measures to Increase American Mineral Production\n",
                "Immediate Measures to Increase American Mineral Production",
            ),
            (
                "plain with a comment",
                "title: Plain Title   # a comment\n",
                "Plain Title",
            ),
            (
                "double-quoted \\u201C quotes and a folded comma",
                "title: \"ICYMI: \\u201CAverage earners\\u2019 tax bills would fall under House tax package,\\\n  \\ forecasters say\\u201D\"\n",
                "ICYMI: \u{201c}Average earners\u{2019} tax bills would fall under House tax package, forecasters say\u{201d}",
            ),
            (
                "word joiner escape",
                "title: \"Word\\u2060Joiner\"\n",
                "Word\u{2060}Joiner",
            ),
            (
                "padded with white space and escapes",
                "title: \"\\t  Lead and trail \\_ \"\n",
                "Lead and trail",
            ),
            ("a number", "title: 2024\n", "2024"),
        ];
        for &(what, lines, want) in cases {
            let text = header(&format!("date: '2021-09-23'\n{lines}"));
            let fm = parse(&text).unwrap_or_else(|| panic!("{what}: no front matter"));
            assert_eq!(fm.title.as_deref(), Some(want), "{what}");
            assert!(fm.warnings.is_empty(), "{what}: {:?}", fm.warnings);
            assert_eq!(&text[fm.end..], "\nBody text.\n", "{what}");
            check_pieces(&text, &fm);
            let raw = fm.title_raw.unwrap().slice(&text);
            assert!(lines.contains(raw.trim_end()), "{what}: raw {raw:?}");
            assert!(
                fm.title_pieces.iter().any(|p| p.aligned),
                "{what}: fell back to one atomic piece"
            );
        }
    }

    #[test]
    fn no_break_space_escape_is_one_atomic_piece() {
        let text = header("title: \"H.R.\\_3325\"\n");
        let fm = parse(&text).unwrap();
        assert_eq!(fm.title.as_deref(), Some("H.R.\u{a0}3325"));
        let raw = fm.title_raw.unwrap();
        assert_eq!(raw.slice(&text), "\"H.R.\\_3325\"");
        let pieces: Vec<(&str, &str, bool)> = fm
            .title_pieces
            .iter()
            .map(|p| {
                (
                    p.decoded.slice(fm.title.as_ref().unwrap()),
                    p.raw.slice(&text),
                    p.aligned,
                )
            })
            .collect();
        assert_eq!(
            pieces,
            [
                ("H.R.", "H.R.", true),
                ("\u{a0}", "\\_", false),
                ("3325", "3325", true)
            ]
        );
    }

    #[test]
    fn title_positions_map_into_the_file() {
        let text = REAL;
        let fm = parse(text).unwrap();
        let title = fm.title.as_deref().unwrap();
        let at = title.find("Gender-Based").unwrap();
        let r = raw_at(&fm, at);
        assert_eq!(&text[r..r + "Gender-Based".len()], "Gender-Based");
        // Inside a decoded escape: the escape's first byte.
        let apostrophe = title.find('\u{2019}').unwrap();
        for i in apostrophe..apostrophe + 3 {
            assert!(text[raw_at(&fm, i)..].starts_with("\\u2019s"));
        }
        // The escaped line break and escaped space before "Gender" decode to one space.
        let space = raw_at(&fm, at - 1);
        assert!(
            text[space..].starts_with("\\ Gender"),
            "{:?}",
            &text[space..]
        );
    }

    #[test]
    fn fields_as_written() {
        let text = header(
            "tags: blog\ndate: '2021-09-23'\nmodified_time: 2021-09-23 11:19:18-04:00\n\
             source_url: https://example.gov/a/\npublished_time: 2021-09-23 11:14:47-04:00\n\
             url: https://other.example/\nauthor: [Ann Lee, Bo Ray]\ntitle: T\n",
        );
        let fm = parse(&text).unwrap();
        assert_eq!(fm.date.as_deref(), Some("2021-09-23"));
        assert_eq!(
            fm.published_time.as_deref(),
            Some("2021-09-23 11:14:47-04:00")
        );
        assert_eq!(
            fm.modified_time.as_deref(),
            Some("2021-09-23 11:19:18-04:00")
        );
        assert_eq!(
            fm.url.as_deref(),
            Some("https://example.gov/a/"),
            "source_url wins"
        );
        assert_eq!(fm.author.as_deref(), Some("Ann Lee, Bo Ray"));
        assert_eq!(fm.tags, ["blog"]);

        let fm = parse(&header(
            "link: https://l/\nurl: https://u/\ntags: a, b ,, c\nauthors:\n  - X\n",
        ))
        .unwrap();
        assert_eq!(fm.url.as_deref(), Some("https://u/"));
        assert_eq!(fm.tags, ["a", "b", "c"]);
        assert_eq!(fm.author.as_deref(), Some("X"));
        assert_eq!(fm.title, None);
        assert!(fm.title_pieces.is_empty());

        let fm = parse(&header(
            "tags:\n- a\n- b\nTitle: not the key\ndate: 2021-01-02\n",
        ))
        .unwrap();
        assert_eq!(fm.tags, ["a", "b"]);
        assert_eq!(fm.title, None, "keys are case-sensitive");
        assert_eq!(fm.date.as_deref(), Some("2021-01-02"));
    }

    #[test]
    fn what_is_not_front_matter() {
        let cases: &[(&str, &str)] = &[
            (
                "thematic break then prose",
                "---\nA paragraph of prose.\n\nAnother one.\n---\n\nMore.\n",
            ),
            ("no closing line", "---\ntitle: T\n\nBody.\n"),
            ("not on the first line", "\n---\ntitle: T\n---\n"),
            ("a list", "---\n- a\n- b\n---\n"),
            ("opening line with text", "--- title\ntitle: T\n---\n"),
            (
                "broken, and not key-shaped",
                "---\n\"unclosed: prose\n---\n",
            ),
            ("plain text", "Title\n\nBody.\n"),
            ("empty", ""),
        ];
        for &(what, text) in cases {
            assert_eq!(parse(text), None, "{what}");
        }
    }

    #[test]
    fn delimiters() {
        let fm = parse("---  \r\ntitle: T\n...\nBody").unwrap();
        assert_eq!((fm.title.as_deref(), fm.end), (Some("T"), 20));
        let fm = parse("---\n---\nBody").unwrap();
        assert_eq!((fm.title.as_deref(), fm.end), (None, 8));
        let fm = parse("---\ntitle: T\n---").unwrap();
        assert_eq!(fm.end, 16, "a closing line at the end of the text");
    }

    #[test]
    fn bad_yaml_warns_with_the_file_line_and_recovers_keys() {
        let text = "---\ntags: blog\ndate: '2021-01-01'\ntitle: Bills: H.R. 2093\nsource_url: https://x/\n---\nBody.\n";
        let fm = parse(text).unwrap();
        assert_eq!(fm.warnings.len(), 1, "{:?}", fm.warnings);
        assert!(
            fm.warnings[0].starts_with("front matter line 4: mapping values are not allowed"),
            "{:?}",
            fm.warnings
        );
        assert_eq!(&text[fm.end..], "Body.\n");
        assert_eq!(fm.title.as_deref(), Some("Bills: H.R. 2093"));
        assert_eq!(fm.date.as_deref(), Some("2021-01-01"));
        assert_eq!(fm.url.as_deref(), Some("https://x/"));
        assert_eq!(fm.tags, ["blog"]);
        check_pieces(text, &fm);

        let text =
            "---\ndate: '2021-01-01'\ntitle: \"Unclosed\nsource_url: https://x/\n---\nBody.\n";
        let fm = parse(text).unwrap();
        assert_eq!(fm.warnings.len(), 1, "{:?}", fm.warnings);
        assert!(
            fm.warnings[0].starts_with("front matter line "),
            "{:?}",
            fm.warnings
        );
        assert_eq!(fm.title.as_deref(), Some("Unclosed"));
        assert_eq!(
            fm.url.as_deref(),
            Some("https://x/"),
            "the broken value stops at the next key"
        );
        check_pieces(text, &fm);

        let fm = parse("---\ntitle: a\ntitle: b\n---\n").unwrap();
        assert!(
            fm.warnings[0].starts_with("front matter line 3: duplicated key"),
            "{:?}",
            fm.warnings
        );
    }

    #[test]
    fn non_string_title_warns() {
        let fm = parse(&header("date: '2021-01-01'\ntitle:\n  - a\n")).unwrap();
        assert_eq!(fm.title, None);
        assert_eq!(fm.warnings, ["front matter line 3: title is not a string"]);
    }

    #[test]
    fn block_scalar_title_is_one_atomic_piece() {
        let text = header("title: >\n  Folded\n  block\n");
        let fm = parse(&text).unwrap();
        assert_eq!(fm.title.as_deref(), Some("Folded block"));
        check_pieces(&text, &fm);
        let raw = fm.title_raw.unwrap();
        assert_eq!(
            fm.title_pieces,
            [Piece {
                decoded: ByteSpan::new(0, 12),
                raw,
                aligned: false
            }]
        );
    }

    #[test]
    fn toml_front_matter() {
        let text = "+++\ntitle = \"Caf\\u00e9 \\\"Talks\\\"\"\ndate = 2021-09-23\npublished_time = 2021-09-23T11:14:47-04:00\n\
                    tags = [\"a\", \"b\"]\nauthors = [\"X\", \"Y\"]\nsource_url = 'https://x/'\n+++\nBody.\n";
        let fm = parse(text).unwrap();
        assert!(fm.warnings.is_empty(), "{:?}", fm.warnings);
        assert_eq!(fm.title.as_deref(), Some("Caf\u{e9} \"Talks\""));
        assert_eq!(fm.date.as_deref(), Some("2021-09-23"));
        assert_eq!(
            fm.published_time.as_deref(),
            Some("2021-09-23T11:14:47-04:00")
        );
        assert_eq!(fm.tags, ["a", "b"]);
        assert_eq!(fm.author.as_deref(), Some("X, Y"));
        assert_eq!(fm.url.as_deref(), Some("https://x/"));
        assert_eq!(&text[fm.end..], "Body.\n");
        check_pieces(text, &fm);
        assert!(fm.title_pieces.len() > 1, "escapes are pieces of their own");

        let text = "+++\ndate = 2021-09-23\ntitle = \"Unclosed\n+++\nBody.\n";
        let fm = parse(text).unwrap();
        assert!(
            fm.warnings[0].starts_with("front matter line 3: "),
            "{:?}",
            fm.warnings
        );
        assert_eq!(fm.date.as_deref(), Some("2021-09-23"));
        assert_eq!(fm.title.as_deref(), Some("Unclosed"));
        check_pieces(text, &fm);

        assert_eq!(parse("+++\nnot toml at all\n+++\n"), None);
    }

    #[test]
    fn crlf_files() {
        let text = "---\r\ndate: '2021-04-02'\r\npublished_time: 2021-04-02 08:21:20-04:00\r\n\
                    title: \"Preventing and Responding to\\\r\n  \\ Gender-Based\\_Violence\"\r\n\
                    tags: blog\r\n---\r\n\r\nBody.\r\n";
        let fm = parse(text).unwrap();
        assert!(fm.warnings.is_empty(), "{:?}", fm.warnings);
        assert_eq!(
            fm.title.as_deref(),
            Some("Preventing and Responding to Gender-Based\u{a0}Violence")
        );
        assert_eq!(
            fm.published_time.as_deref(),
            Some("2021-04-02 08:21:20-04:00")
        );
        assert_eq!(fm.tags, ["blog"]);
        assert_eq!(&text[fm.end..], "\r\nBody.\r\n");
        check_pieces(text, &fm);
        assert!(
            fm.title_pieces
                .iter()
                .any(|p| p.aligned && p.raw.slice(text) == "Gender-Based")
        );

        let text = "---\r\ntitle: 'Folded\r\n  single'\r\ndate: x\r\n---\r\n";
        let fm = parse(text).unwrap();
        assert_eq!(fm.title.as_deref(), Some("Folded single"));
        check_pieces(text, &fm);
    }

    /// A deterministic xorshift generator, so failures reproduce.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    const REAL: &str = "---\ntags: blog\ndate: '2021-04-02'\nsource_url: https://example.gov/x/\n\
                        published_time: 2021-04-02 08:21:20-04:00\n\
                        title: \"Strengthening our Nation\\u2019s Commitment to Preventing and Responding to\\\n  \
                        \\ Gender-Based\\_Violence\"\n---\n\nBody.\n";

    #[test]
    fn never_panics() {
        let pieces = [
            "-",
            "---\n",
            "...\n",
            "+++\n",
            "\n",
            "\r\n",
            "\"",
            "'",
            "''",
            "\\",
            "\\_",
            "\\u20",
            "\\x4",
            "\\\n",
            ":",
            ": ",
            " ",
            "  ",
            "\t",
            "#",
            "[",
            "]",
            "{",
            "}",
            ",",
            "|",
            ">",
            "title",
            "title: ",
            "date",
            "tags: ",
            "- ",
            "é",
            "\u{2019}",
            "a",
            "=",
            " = ",
            "&a",
            "*a",
            "!!str ",
            "%YAML 1.2\n",
            "?",
        ];
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        for _ in 0..20_000 {
            let mut s = String::new();
            match rng.next() % 3 {
                0 => s.push_str("---\n"),
                1 => s.push_str("+++\n"),
                _ => {}
            }
            for _ in 0..rng.next() % 24 {
                s.push_str(pieces[(rng.next() % pieces.len() as u64) as usize]);
            }
            if rng.next().is_multiple_of(2) {
                s.push_str(if s.starts_with('+') {
                    "\n+++\n"
                } else {
                    "\n---\n"
                });
            }
            if let Some(fm) = parse(&s) {
                check_pieces(&s, &fm);
            }
        }
        for _ in 0..2_000 {
            let bytes: Vec<u8> = (0..rng.next() % 64).map(|_| rng.next() as u8).collect();
            let s = format!("---\n{}\n---\n", String::from_utf8_lossy(&bytes));
            if let Some(fm) = parse(&s) {
                check_pieces(&s, &fm);
            }
        }
        for cut in (0..=REAL.len()).filter(|&i| REAL.is_char_boundary(i)) {
            for s in [REAL[..cut].to_string(), format!("{}\n---\n", &REAL[..cut])] {
                if let Some(fm) = parse(&s) {
                    check_pieces(&s, &fm);
                }
            }
        }
        for deep in [
            format!("---\ntitle: {}\n---\n", "[".repeat(10_000)),
            format!(
                "---\ntags: {}{}\n---\n",
                "[".repeat(5_000),
                "]".repeat(5_000)
            ),
            format!(
                "---\ntags:\n{}\n---\n",
                (0..2_000)
                    .map(|i| format!("{}- a\n", " ".repeat(2 * i)))
                    .collect::<String>()
            ),
        ] {
            let _ = parse(&deep);
        }
        // A billion laughs stops at saphyr's node budget and falls back to reading lines.
        let mut laughs =
            String::from("---\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 9].join(", ");
            laughs.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        laughs.push_str("tags: *a9\ntitle: T\n---\n");
        let fm = parse(&laughs).unwrap();
        assert_eq!(fm.title.as_deref(), Some("T"));
        assert!(
            fm.warnings[0].contains("alias expansion"),
            "{:?}",
            fm.warnings
        );
    }

    #[test]
    fn real_corpus_headers() {
        let Some(dir) = crate::model::util::shared_dir("corpus-raw") else {
            return;
        };
        let entries = std::fs::read_dir(&dir).unwrap();
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "md") && !p.ends_with("README.md"))
            .collect();
        paths.sort();
        for path in &paths {
            let text = std::fs::read_to_string(path).unwrap();
            let name = path.display();
            let fm = parse(&text).unwrap_or_else(|| panic!("{name}: no front matter"));
            assert!(fm.warnings.is_empty(), "{name}: {:?}", fm.warnings);
            let title = fm
                .title
                .as_deref()
                .unwrap_or_else(|| panic!("{name}: no title"));
            assert!(
                !title.contains(['\\', '\n', '\r']) && !title.contains("  "),
                "{name}: {title:?}"
            );
            assert!(
                fm.date.is_some() || fm.published_time.is_some(),
                "{name}: no date"
            );
            assert!(fm.url.is_some(), "{name}: no source_url");
            check_pieces(&text, &fm);
            assert!(
                fm.title_pieces.len() > 1 || fm.title_pieces[0].aligned,
                "{name}: fell back to one atomic piece"
            );
        }
        println!("{} real headers read", paths.len());
    }
}
