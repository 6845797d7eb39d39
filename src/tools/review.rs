//! Review views of records: one self-contained HTML page for any number of documents, and a terminal view.
//!
//! Both read records as [`load`] reads them, with [`crate::tools::diff::load`]: whole `claimscan/1` records
//! of any run (`--out` folders, JSON Lines), typed, their values left as the JSON the run wrote. They still do
//! not trust them: a span outside the text or a span that splits a character degrades the view, never
//! panics.
//!
//! # Where facts are drawn
//!
//! Record spans are half-open byte ranges into the article text. When the text is available and every claim
//! and fact in the record matches it (`text[span] == text`), the whole article is drawn with one mark per fact
//! at those offsets. Otherwise (no text, or a file edited since the record was written) each claim's sentence
//! is drawn on its own, with its facts at offsets relative to the claim's span; a fact that still cannot be
//! placed is searched for by its text, and failing that drawn after the sentence. Either way every fact gets
//! exactly one mark.
//!
//! # The page
//!
//! * every fact is `<mark class="fact fact-<type>" id="f-<doc>-<n>">` (`<doc>` and `<n>` count from 1, facts
//!   in record order) with `data-type`, `data-rule`, `data-kinds` (its claim's kinds), `tabindex="0"`, a
//!   `title`, and a tooltip element that shows the normalized value and the rule on hover and on keyboard
//!   focus (CSS only);
//! * a claim list per document, filtered by the checkboxes `filter-type-<type>` and `filter-kind-<kind>`: a
//!   claim is shown when one of its kinds and one of its fact types are checked; facts of unchecked types, and
//!   facts of hidden claims, lose their highlight (class `is-off`); hidden claims, fact rows and entity rows
//!   carry the `hidden` attribute, so a DOM dump shows the state;
//! * the URL `review.html#hide-type=organization,date&hide-kind=policy` (or the same as a `?` query) unchecks
//!   those boxes on load, exactly as a click would; changing a box writes the state back to the fragment;
//! * an entity index per document whose mentions link to the facts' anchors;
//! * a summary across documents: claims and facts per type.
//!
//! Without JavaScript every highlight and tooltip still shows; only filtering needs it. Everything taken from
//! a record or an article is HTML-escaped, and its bidi controls (U+202E, U+2066…) are shown as `\u{202e}`
//! escapes rather than left to reorder the page; short pieces of record text (paths, ids, kinds, values,
//! rules) are also isolated (`<bdi>`, `unicode-bidi: isolate`), so right-to-left letters in one cannot move
//! its neighbours. The page loads nothing from the network.
//!
//! # Size
//!
//! A page holds every article whole. The binary refuses a page over [`PAGE_MAX`] (64 MB of HTML, some 1,600
//! documents of typical size) with an error that says how many records fit, and warns over [`PAGE_WARN`] (16 MB).

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::io::Read as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::model::names;
use crate::model::span::ByteSpan;
use crate::model::value::{ClaimKind, FactType};
use crate::record::{Record, Role};
use crate::text::Format;

/// One document to review: its record and, when available, the article text the record's spans index.
#[derive(Debug, Clone)]
pub struct ReviewDoc {
    /// The record, as written by `claimscan extract`, its values as JSON.
    pub record: Record<Value>,
    /// The article text (a leading byte-order mark is ignored, as when extracting).
    pub text: Option<String>,
}

// ───────────────────────────── reading records and articles ─────────────────────────────

/// Reads the records to review from record files and `--out` folders, one run per path, with
/// [`crate::tools::diff::load`] (so the same checks and the same reading of `summary.json`), each with its article
/// text when [`read_article`] can use it.
///
/// What a person should know goes to `warn`, one line each without a `claimscan: ` prefix: the run's own
/// warnings, the documents its summary lists as failed (counted, the first few named) and, per document, why
/// its article is not shown.
pub fn load(
    paths: &[PathBuf],
    warn: &mut dyn FnMut(&str),
) -> Result<Vec<ReviewDoc>, crate::tools::diff::LoadError> {
    let mut docs = Vec::new();
    for p in paths {
        let run = crate::tools::diff::load(p)?;
        for w in &run.warnings {
            warn(w);
        }
        if !run.failed.is_empty() {
            let named: Vec<String> = run
                .failed
                .keys()
                .take(FAILED_NAMED)
                .map(|k| names::printable(k).into_owned())
                .collect();
            let more = match run.failed.len().saturating_sub(FAILED_NAMED) {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            warn(&format!(
                "{}: {} failed in that run and cannot be reviewed: {}{more}",
                names::printable(&p.display().to_string()),
                plural(run.failed.len(), "document", "documents"),
                named.join(", ")
            ));
        }
        for (path, record) in run.records {
            let text = match read_article(&record) {
                Ok(text) => Some(text),
                Err(why) => {
                    warn(&format!(
                        "{}: {why}; showing claims only",
                        names::printable(&path)
                    ));
                    None
                }
            };
            docs.push(ReviewDoc { record, text });
        }
    }
    Ok(docs)
}

/// How many failed documents [`load`]'s warning names.
const FAILED_NAMED: usize = 5;

/// The most bytes [`read_article`] reads of an HTML article: its record gives the size of the text extracted
/// from the page, not of the page.
pub const HTML_ARTICLE_MAX: u64 = 64_000_000;

/// Reads back the article a record names, for drawing its facts on the text; `Err` says why it cannot be used
/// (it is missing, not a regular file, or changed since extraction), and the views then show each claim's
/// sentence instead.
///
/// A record is not trusted to name a harmless file (`/dev/zero`, a FIFO), so:
///
/// * only a regular file is read: `document.path` is checked before it is opened, and the opened file is
///   checked again. On Unix it is opened non-blocking, so a FIFO put in its place in between cannot hang the
///   run (reads of a regular file do not block either way);
/// * no more is read than the record says the file holds, plus one byte: `document.bytes` and a UTF-8
///   byte-order mark for text and Markdown, [`HTML_ARTICLE_MAX`] for HTML. A longer file has changed;
/// * the file must still have the record's `document.sha256`.
///
/// `document.path` is [`names::decode`]d to the file name's bytes on Unix (names that are not UTF-8 or hold
/// control characters are percent-encoded in records).
pub fn read_article(record: &Record<Value>) -> Result<String, String> {
    let info = &record.document;
    let (path, sha) = (info.path.as_str(), info.sha256.as_str());
    let limit = match info.format {
        Format::Html => HTML_ARTICLE_MAX,
        Format::Text | Format::Markdown => (info.bytes as u64).saturating_add(BOM_LEN),
    };
    let file_name = fs_path(path);
    let not_regular = "not a regular file (a folder, pipe, socket or device), so not read";
    let changed = "the article has changed since extraction";
    match std::fs::metadata(&file_name) {
        Ok(m) if !m.is_file() => return Err(not_regular.into()),
        Ok(m) if m.len() > limit => {
            return Err(format!("{changed} (it is longer than the record says)"));
        }
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err("the article is not found".into());
        }
        Err(e) => return Err(format!("the article cannot be read ({e})")),
    }
    let file = open_without_blocking(&file_name)
        .map_err(|e| format!("the article cannot be read ({e})"))?;
    let meta = file
        .metadata()
        .map_err(|e| format!("the article cannot be read ({e})"))?;
    if !meta.is_file() {
        return Err(not_regular.into());
    }
    let capacity = usize::try_from(meta.len().min(limit)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("the article cannot be read ({e})"))?;
    if bytes.len() as u64 > limit {
        return Err(format!("{changed} (it is longer than the record says)"));
    }
    let doc = crate::Document::from_bytes(path, bytes, None)
        .map_err(|e| format!("the article cannot be read ({e})"))?;
    if doc.sha256 != sha {
        return Err(format!("{changed} (its SHA-256 differs)"));
    }
    Ok(doc.text)
}

/// A UTF-8 byte-order mark's length: the file holds it, the text (`document.bytes`) does not.
const BOM_LEN: u64 = 3;

/// The file a `document.path` names.
fn fs_path(path: &str) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(&names::decode(path)))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(path)
    }
}

/// `O_NONBLOCK`, where its value is known without `libc` (not a dependency); 0 elsewhere, where the check
/// before opening is what keeps a FIFO out.
#[cfg(unix)]
const O_NONBLOCK: i32 = if cfg!(any(target_os = "linux", target_os = "android")) {
    if cfg!(any(
        target_arch = "mips",
        target_arch = "mips64",
        target_arch = "mips32r6",
        target_arch = "mips64r6"
    )) {
        0x80
    } else if cfg!(any(target_arch = "sparc", target_arch = "sparc64")) {
        0x4000
    } else {
        0o4000
    }
} else if cfg!(any(
    target_os = "macos",
    target_os = "ios",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "netbsd",
    target_os = "dragonfly"
)) {
    0x0004
} else {
    0
};

/// Opens a file for reading; on Unix without waiting for a writer, should it be a FIFO.
fn open_without_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(O_NONBLOCK);
    }
    options.open(path)
}

// ───────────────────────────── the record, numbered for the views ─────────────────────────────

struct Fact<'a> {
    /// 1-based, in record order across the document.
    n: usize,
    ty: FactType,
    text: &'a str,
    span: ByteSpan,
    rule: &'a str,
    value: &'a Value,
    line: usize,
    column: usize,
}

struct Claim<'a> {
    /// 1-based, in record order.
    k: usize,
    id: &'a str,
    role: Role,
    kinds: &'a [ClaimKind],
    text: &'a str,
    span: ByteSpan,
    line: usize,
    column: usize,
    facts: Vec<Fact<'a>>,
}

impl Claim<'_> {
    /// Its fact types, each once, in order of first appearance.
    fn types(&self) -> Vec<FactType> {
        let mut seen = Vec::new();
        for f in &self.facts {
            if !seen.contains(&f.ty) {
                seen.push(f.ty);
            }
        }
        seen
    }
}

/// Names separated by spaces (for attributes) or another separator.
fn joined<T: fmt::Display>(names: &[T], sep: &str) -> String {
    names
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(sep)
}

/// How a document's facts are drawn.
enum Layout<'a> {
    /// The whole article, marks at the record's offsets.
    Text(&'a str),
    /// Each claim's sentence on its own; the note says why, when text was given but could not be used.
    Claims { note: Option<String> },
}

struct Doc<'a> {
    /// 1-based position among the documents.
    n: usize,
    path: &'a str,
    title: Option<&'a str>,
    date: Option<&'a str>,
    claims: Vec<Claim<'a>>,
    entities: &'a [crate::record::EntityRow],
    layout: Layout<'a>,
}

impl Doc<'_> {
    fn facts(&self) -> impl Iterator<Item = &Fact<'_>> {
        self.claims.iter().flat_map(|c| c.facts.iter())
    }

    fn fact_count(&self, ty: FactType) -> usize {
        self.facts().filter(|f| f.ty == ty).count()
    }

    fn heading(&self) -> &str {
        match self.title {
            Some(t) if !t.trim().is_empty() => t,
            _ if !self.path.is_empty() => self.path,
            _ => "untitled document",
        }
    }
}

fn parse<'a>(n: usize, doc: &'a ReviewDoc) -> Doc<'a> {
    let r = &doc.record;
    let mut fact_n = 0;
    let claims: Vec<Claim> = r
        .claims
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let facts: Vec<Fact> = c
                .facts
                .iter()
                .map(|f| {
                    fact_n += 1;
                    Fact {
                        n: fact_n,
                        ty: f.fact_type,
                        text: &f.text,
                        span: f.location.span,
                        rule: &f.rule,
                        value: &f.value,
                        line: f.location.line,
                        column: f.location.column,
                    }
                })
                .collect();
            Claim {
                k: i + 1,
                id: &c.id,
                role: c.role,
                kinds: &c.kinds,
                text: &c.text,
                span: c.location.span,
                line: c.location.line,
                column: c.location.column,
                facts,
            }
        })
        .collect();
    let layout = match doc.text.as_deref() {
        None => Layout::Claims { note: None },
        Some(text) => {
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            match check_text(text, &claims) {
                Ok(()) => Layout::Text(text),
                Err(why) => Layout::Claims {
                    note: Some(format!(
                        "The article text does not match this record ({why}); it may have changed since \
                         the record was written. Showing each claim's sentence instead."
                    )),
                },
            }
        }
    };
    Doc {
        n,
        path: &r.document.path,
        title: r.document.title.as_deref(),
        date: r.document.date.as_deref(),
        claims,
        entities: &r.entities,
        layout,
    }
}

/// Whether every claim and fact sits in `text` where the record says, in order and without overlaps.
fn check_text(text: &str, claims: &[Claim]) -> Result<(), String> {
    let mut cursor = 0;
    for c in claims {
        let s = c.span;
        if s.start() < cursor {
            return Err(format!("claim {} overlaps the claim before it", c.k));
        }
        if text.get(s.range()) != Some(c.text) {
            return Err(format!(
                "claim {} is not the text at bytes {}..{}",
                c.k,
                s.start(),
                s.end()
            ));
        }
        let mut inner = s.start();
        for f in &c.facts {
            let fs = f.span;
            if fs.start() < inner || fs.end() > s.end() {
                return Err(format!(
                    "fact {} is outside its claim or overlaps another",
                    f.n
                ));
            }
            if text.get(fs.range()) != Some(f.text) {
                return Err(format!(
                    "fact {} is not the text at bytes {}..{}",
                    f.n,
                    fs.start(),
                    fs.end()
                ));
            }
            inner = fs.end();
        }
        cursor = s.end();
    }
    Ok(())
}

/// Where each of a claim's facts sits in the claim's text (a byte range relative to the claim's start), or
/// `None` when it cannot be placed. Placements are in order and never overlap.
fn place_in_claim(c: &Claim) -> Vec<Option<ByteSpan>> {
    let mut cursor = 0;
    c.facts
        .iter()
        .map(|f| {
            let by_span = (|| {
                let start = f.span.start().checked_sub(c.span.start())?;
                let end = f.span.end().checked_sub(c.span.start())?;
                (start >= cursor && c.text.get(start..end) == Some(f.text))
                    .then(|| ByteSpan::new(start, end))
            })();
            // The record's offsets are off (an edited record?): fall back to the fact's words.
            let placed = by_span.or_else(|| {
                if f.text.is_empty() {
                    return None;
                }
                let i = c.text.get(cursor..)?.find(f.text)?;
                Some(ByteSpan::new(cursor + i, cursor + i + f.text.len()))
            });
            if let Some(p) = placed {
                cursor = p.end();
            }
            placed
        })
        .collect()
}

// ───────────────────────────── shared helpers ─────────────────────────────

/// Escapes text for HTML element content and quoted attribute values. Bidi controls
/// ([`names::is_bidi_control`]) are written as visible `\u{202e}` escapes: raw, one could reverse the text
/// after it (a path, a claim, the rest of a tooltip) and make the page say what the record does not.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    esc_into(&mut out, s);
    out
}

fn esc_into(out: &mut String, s: &str) {
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if names::is_bidi_control(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            _ => out.push(ch),
        }
    }
}

/// A type or kind as a CSS class or id suffix: ASCII letters, digits, `-` and `_` only.
fn ident(s: &str) -> String {
    let out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if out.is_empty() { "x".into() } else { out }
}

/// A number as a person writes it: `74`, `0.74`, `52700000000`.
fn num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e16 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A one-line reading of a normalized value, for lists; the full JSON is in the tooltip.
fn summary(ty: FactType, v: &Value) -> String {
    let s = |k: &str| v.get(k).and_then(Value::as_str);
    let n = |k: &str| v.get(k).and_then(Value::as_f64);
    let amount = || match (n("amount"), n("low"), n("high")) {
        (Some(a), _, _) => Some(num(a)),
        (None, Some(l), Some(h)) => Some(format!("{}–{}", num(l), num(h))),
        _ => None,
    };
    let with_mod = |base: String| match s("mod") {
        Some(m) => format!("{base} ({m})"),
        None => base,
    };
    let read = match ty {
        FactType::Date => s("timex").map(|t| with_mod(t.to_string())),
        FactType::Percentage => amount().map(|a| {
            let unit = match s("unit") {
                Some("percent") | None => "%".to_string(),
                Some("percentage_point") => " pp".to_string(),
                Some("basis_point") => " bp".to_string(),
                Some(u) => format!(" {u}"),
            };
            with_mod(format!("{a}{unit}"))
        }),
        FactType::Money => {
            amount().map(|a| with_mod(format!("{} {a}", s("currency").unwrap_or(""))))
        }
        FactType::Quantity => amount().map(|a| {
            let total = n("total")
                .map(|t| format!(" of {}", num(t)))
                .unwrap_or_default();
            with_mod(format!("{a}{total} {}", s("unit").unwrap_or("")))
        }),
        FactType::Organization | FactType::Policy => s("name").map(|name| match s("id") {
            Some(id) => format!("{name} [{id}]"),
            None => name.to_string(),
        }),
    };
    read.unwrap_or_else(|| v.to_string())
}

fn location(line: usize, column: usize) -> String {
    format!("{line}:{column}")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

// ───────────────────────────── HTML ─────────────────────────────

/// The largest review page [`html_within`] is asked to write by the binary: 64 MB of HTML.
///
/// A page holds every article whole, so it grows with the corpus (about 40 kB a document): 5,000 documents
/// make some 200 MB, which browsers load slowly or not at all. Until pages are split, a larger page is refused
/// with a message that gives the limit and how many records fit on a page.
pub const PAGE_MAX: usize = 64_000_000;

/// Above this size (16 MB) a page is written, with a warning ([`size_warning`]) that it may open slowly.
pub const PAGE_WARN: usize = 16_000_000;

/// A page that would pass its size limit (see [`PAGE_MAX`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageTooLarge {
    /// The limit, in bytes of HTML.
    pub max: usize,
    /// Documents asked for.
    pub documents: usize,
    /// How many of them fit on a page under the limit (the documents before the one that passed it).
    pub fit: usize,
}

impl fmt::Display for PageTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mb = self.max / 1_000_000;
        write!(
            f,
            "the review page for {} would be larger than {mb} MB of HTML, more than a browser opens well",
            plural(self.documents, "document", "documents")
        )?;
        if self.documents == 1 {
            write!(f, "; that one document alone passes the limit")
        } else if self.fit == 0 {
            write!(f, "; put far fewer records on each page")
        } else {
            write!(
                f,
                "; put fewer records on each page: at most about {fit} (name fewer record files or --out \
                 folders, or split a JSON Lines file, e.g. `split -l {fit} records.jsonl part-`, and review \
                 each part)",
                fit = self.fit
            )
        }
    }
}

impl std::error::Error for PageTooLarge {}

/// A warning for a page of `bytes` bytes above [`PAGE_WARN`], or `None`.
pub fn size_warning(bytes: usize) -> Option<String> {
    (bytes > PAGE_WARN).then(|| {
        format!(
            "the page is {:.1} MB: browsers may open it slowly (fewer records per page make smaller pages; \
             pages over {} MB are refused)",
            bytes as f64 / 1e6,
            PAGE_MAX / 1_000_000
        )
    })
}

/// One self-contained HTML page (no network; inline CSS and JS) for any number of documents, however large;
/// [`html_within`] stops at a size.
pub fn html(docs: &[ReviewDoc]) -> String {
    html_within(docs, usize::MAX).expect("no page passes usize::MAX bytes")
}

/// [`html`], or an error as soon as the page passes `max` bytes (before the rest is built).
pub fn html_within(docs: &[ReviewDoc], max: usize) -> Result<String, PageTooLarge> {
    let docs: Vec<Doc> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| parse(i + 1, d))
        .collect();
    let (types, kinds) = (&FactType::ALL, &ClaimKind::ALL);
    let mut out = String::with_capacity(64 * 1024);
    let title = match docs.as_slice() {
        [one] => format!("claimscan review: {}", one.heading()),
        many => format!(
            "claimscan review: {}",
            plural(many.len(), "document", "documents")
        ),
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"claimscan {}\">\n<title>{}</title>\n<style>\n{}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        esc(&title),
        CSS,
    );
    filters(&mut out, &docs, types, kinds);
    out.push_str("<main>\n");
    summary_section(&mut out, &docs, types);
    const END: [&str; 3] = ["</main>\n<script>\n", JS, "</script>\n</body>\n</html>\n"];
    let end: usize = END.iter().map(|s| s.len()).sum();
    for (i, d) in docs.iter().enumerate() {
        document(&mut out, d, types);
        if out.len().saturating_add(end) > max {
            // The documents before this one fit, with the end of the page (and a shorter summary table).
            return Err(PageTooLarge {
                max,
                documents: docs.len(),
                fit: i,
            });
        }
    }
    for part in END {
        out.push_str(part);
    }
    Ok(out)
}

fn filters(out: &mut String, docs: &[Doc], types: &[FactType], kinds: &[ClaimKind]) {
    out.push_str(
        "<header class=\"top\">\n<h1>claimscan review</h1>\n\
         <nav class=\"filters\" aria-label=\"Filters and legend\">\n\
         <fieldset id=\"filter-types\"><legend>Fact types</legend>\n",
    );
    for &t in types {
        let count: usize = docs.iter().map(|d| d.fact_count(t)).sum();
        let c = ident(t.as_str());
        let _ = writeln!(
            out,
            "<label class=\"legend-item\" for=\"filter-type-{c}\"><input type=\"checkbox\" id=\"filter-type-{c}\" \
             data-filter=\"type\" value=\"{v}\" checked><span class=\"swatch t-{c}\">{v}</span> \
             <span class=\"count\">{count}</span></label>",
            v = esc(t.as_str()),
        );
    }
    out.push_str("</fieldset>\n<fieldset id=\"filter-kinds\"><legend>Claim kinds</legend>\n");
    for k in kinds {
        let count: usize = docs
            .iter()
            .map(|d| d.claims.iter().filter(|c| c.kinds.contains(k)).count())
            .sum();
        let c = ident(k.as_str());
        let _ = writeln!(
            out,
            "<label class=\"legend-item\" for=\"filter-kind-{c}\"><input type=\"checkbox\" id=\"filter-kind-{c}\" \
             data-filter=\"kind\" value=\"{v}\" checked><span class=\"kind\">{v}</span> \
             <span class=\"count\">{count}</span></label>",
            v = esc(k.as_str()),
        );
    }
    out.push_str(
        "</fieldset>\n<div class=\"filter-actions\"><button type=\"button\" id=\"filter-reset\">Show all</button>\
         <span id=\"filter-status\" aria-live=\"polite\"></span></div>\n\
         <noscript><p class=\"noscript\">Filtering needs JavaScript; every fact is shown.</p></noscript>\n\
         </nav>\n</header>\n",
    );
}

fn summary_section(out: &mut String, docs: &[Doc], types: &[FactType]) {
    let claims: usize = docs.iter().map(|d| d.claims.len()).sum();
    let facts: usize = docs.iter().map(|d| d.facts().count()).sum();
    let _ = write!(
        out,
        "<section id=\"summary\" aria-labelledby=\"summary-h\">\n<h2 id=\"summary-h\">Summary</h2>\n\
         <p class=\"totals\"><strong>{}</strong> · <strong>{}</strong> · <strong>{}</strong></p>\n\
         <div class=\"table-wrap\"><table class=\"summary\">\n<thead><tr><th scope=\"col\">Document</th>\
         <th scope=\"col\" class=\"num\">Claims</th>",
        plural(docs.len(), "document", "documents"),
        plural(claims, "claim", "claims"),
        plural(facts, "fact", "facts"),
    );
    for t in types {
        let _ = write!(
            out,
            "<th scope=\"col\" class=\"num\"><span class=\"swatch t-{}\">{}</span></th>",
            ident(t.as_str()),
            esc(t.as_str())
        );
    }
    out.push_str("<th scope=\"col\" class=\"num\">Facts</th></tr></thead>\n<tbody>\n");
    for d in docs {
        let _ = write!(
            out,
            "<tr><th scope=\"row\"><a href=\"#doc-{}\">{}</a><div class=\"path\">{}</div></th><td class=\"num\">{}</td>",
            d.n,
            esc(d.heading()),
            esc(d.path),
            d.claims.len()
        );
        for &t in types {
            let _ = write!(out, "<td class=\"num\">{}</td>", d.fact_count(t));
        }
        let _ = writeln!(out, "<td class=\"num\">{}</td></tr>", d.facts().count());
    }
    out.push_str("</tbody>\n");
    if docs.len() > 1 {
        let _ = write!(
            out,
            "<tfoot><tr><th scope=\"row\">All documents</th><td class=\"num\">{claims}</td>"
        );
        for &t in types {
            let n: usize = docs.iter().map(|d| d.fact_count(t)).sum();
            let _ = write!(out, "<td class=\"num\">{n}</td>");
        }
        let _ = writeln!(out, "<td class=\"num\">{facts}</td></tr></tfoot>");
    }
    out.push_str("</table></div>\n</section>\n");
}

fn document(out: &mut String, d: &Doc, types: &[FactType]) {
    let facts = d.facts().count();
    let _ = write!(
        out,
        "<article class=\"doc\" id=\"doc-{n}\" aria-labelledby=\"doc-{n}-h\">\n<header class=\"doc-head\">\
         <h2 id=\"doc-{n}-h\">{title}</h2>\n<p class=\"meta\"><span class=\"path\">{path}</span>",
        n = d.n,
        title = esc(d.heading()),
        path = esc(d.path),
    );
    if let Some(date) = d.date {
        let _ = write!(out, " · published <bdi>{}</bdi>", esc(date));
    }
    let _ = write!(
        out,
        " · {} · {}",
        plural(d.claims.len(), "claim", "claims"),
        plural(facts, "fact", "facts")
    );
    let counts: Vec<String> = types
        .iter()
        .filter_map(|&t| {
            let n = d.fact_count(t);
            (n > 0).then(|| format!("<bdi>{}</bdi> {n}", esc(t.as_str())))
        })
        .collect();
    if !counts.is_empty() {
        let _ = write!(out, " ({})", counts.join(", "));
    }
    out.push_str("</p>\n");
    match &d.layout {
        Layout::Text(_) => {}
        Layout::Claims { note: Some(note) } => {
            let _ = writeln!(out, "<p class=\"notice\">{}</p>", esc(note));
        }
        Layout::Claims { note: None } => out.push_str(
            "<p class=\"notice\">The article text is not available: each claim's sentence is shown with its \
             facts.</p>\n",
        ),
    }
    out.push_str("</header>\n");
    match &d.layout {
        Layout::Text(text) => {
            out.push_str(
                "<div class=\"doc-grid\">\n<section class=\"text-pane\" aria-label=\"Article text\">\
                 <h3>Article</h3>\n<div class=\"article-text\">",
            );
            article_text(out, d, text);
            out.push_str("</div>\n</section>\n");
            claim_list(out, d, false);
            out.push_str("</div>\n");
        }
        Layout::Claims { .. } => claim_list(out, d, true),
    }
    entity_index(out, d);
    out.push_str("</article>\n");
}

/// The whole article, each claim wrapped in a span and each fact in a mark. The layout was checked by
/// [`check_text`], so every slice below is in bounds, on character boundaries and in order.
fn article_text(out: &mut String, d: &Doc, text: &str) {
    let mut cursor = 0;
    for c in &d.claims {
        let s = c.span;
        esc_into(out, &text[cursor..s.start()]);
        let _ = write!(out, "<span class=\"claim-text\" id=\"c-{}-{}\">", d.n, c.k);
        let mut inner = s.start();
        for f in &c.facts {
            let fs = f.span;
            esc_into(out, &text[inner..fs.start()]);
            mark(out, d.n, c, f, fs.slice(text));
            inner = fs.end();
        }
        esc_into(out, &text[inner..s.end()]);
        out.push_str("</span>");
        cursor = s.end();
    }
    esc_into(out, &text[cursor..]);
}

fn mark(out: &mut String, doc: usize, c: &Claim, f: &Fact, shown: &str) {
    let value = serde_json::to_string(f.value).unwrap_or_default();
    let pretty = serde_json::to_string_pretty(f.value).unwrap_or_default();
    let rule = if f.rule.is_empty() { "(none)" } else { f.rule };
    let _ = write!(
        out,
        "<mark class=\"fact fact-{cls}\" id=\"f-{doc}-{n}\" data-type=\"{ty}\" data-rule=\"{rule_attr}\" \
         data-kinds=\"{kinds}\" data-claim=\"c-{doc}-{k}\" tabindex=\"0\" aria-describedby=\"f-{doc}-{n}-tip\" \
         title=\"{title}\">{text}<span class=\"tip\" id=\"f-{doc}-{n}-tip\" role=\"tooltip\">\
         <span class=\"tip-head\"><span class=\"swatch t-{cls}\">{ty}</span> <span class=\"tip-rule\">rule \
         <code>{rule}</code></span></span><code class=\"tip-json\">{pretty}</code></span></mark>",
        cls = ident(f.ty.as_str()),
        n = f.n,
        k = c.k,
        ty = esc(f.ty.as_str()),
        rule_attr = esc(f.rule),
        kinds = esc(&joined(c.kinds, " ")),
        title = esc(&format!("{}: {value} (rule {rule})", f.ty)),
        text = esc(shown),
        rule = esc(rule),
        pretty = esc(&pretty),
    );
}

/// The claims of one document; `marked` draws each sentence with its facts (when there is no article text).
fn claim_list(out: &mut String, d: &Doc, marked: bool) {
    let _ = writeln!(
        out,
        "<section class=\"claims-pane{}\" aria-labelledby=\"claims-{n}-h\"><h3 id=\"claims-{n}-h\">Claims \
         <span class=\"count\">{}</span></h3>",
        if marked { " wide" } else { "" },
        d.claims.len(),
        n = d.n,
    );
    if d.claims.is_empty() {
        out.push_str("<p class=\"empty\">No claims: no sentence holds a fact.</p>\n</section>\n");
        return;
    }
    out.push_str("<ol class=\"claims\">\n");
    for c in &d.claims {
        let _ = write!(
            out,
            "<li class=\"claim-item\" id=\"cl-{n}-{k}\" data-kinds=\"{kinds}\" data-types=\"{types}\">\
             <div class=\"claim-head\">",
            n = d.n,
            k = c.k,
            kinds = esc(&joined(c.kinds, " ")),
            types = esc(&joined(&c.types(), " ")),
        );
        let loc = location(c.line, c.column);
        if marked {
            let _ = write!(out, "<span class=\"loc\">{loc}</span>");
        } else {
            let _ = write!(
                out,
                "<a class=\"loc\" href=\"#c-{}-{}\" title=\"Show in the article\">{loc}</a>",
                d.n, c.k
            );
        }
        if c.role != Role::Body {
            let _ = write!(
                out,
                " <span class=\"kind role\">{}</span>",
                esc(c.role.as_str())
            );
        }
        for k in c.kinds {
            let _ = write!(out, " <span class=\"kind\">{}</span>", esc(k.as_str()));
        }
        if !c.id.is_empty() {
            let _ = write!(out, " <code class=\"cid\">{}</code>", esc(c.id));
        }
        out.push_str("</div>\n");
        if marked {
            out.push_str("<p class=\"claim-sentence\">");
            let places = place_in_claim(c);
            let mut cursor = 0;
            for (f, p) in c.facts.iter().zip(&places) {
                if let Some(p) = p {
                    esc_into(out, &c.text[cursor..p.start()]);
                    mark(out, d.n, c, f, p.slice(c.text));
                    cursor = p.end();
                }
            }
            esc_into(out, &c.text[cursor..]);
            let unplaced: Vec<&Fact> = c
                .facts
                .iter()
                .zip(&places)
                .filter(|(_, p)| p.is_none())
                .map(|(f, _)| f)
                .collect();
            if !unplaced.is_empty() {
                out.push_str(" <span class=\"unplaced\">(not found in the sentence: ");
                for (i, f) in unplaced.into_iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    mark(out, d.n, c, f, f.text);
                }
                out.push_str(")</span>");
            }
            out.push_str("</p>\n");
        } else {
            let _ = writeln!(out, "<p class=\"claim-sentence\">{}</p>", esc(c.text));
        }
        out.push_str("<ul class=\"fact-list\">\n");
        for f in &c.facts {
            let _ = writeln!(
                out,
                "<li class=\"fact-row\" data-type=\"{ty}\"><a class=\"chip t-{cls}\" href=\"#f-{n}-{fn_}\">{text}</a> \
                 <span class=\"val\">{val}</span> <code class=\"rule\">{rule}</code></li>",
                ty = esc(f.ty.as_str()),
                cls = ident(f.ty.as_str()),
                n = d.n,
                fn_ = f.n,
                text = esc(f.text),
                val = esc(&summary(f.ty, f.value)),
                rule = esc(f.rule),
            );
        }
        out.push_str("</ul>\n</li>\n");
    }
    out.push_str("</ol>\n</section>\n");
}

fn entity_index(out: &mut String, d: &Doc) {
    let _ = writeln!(
        out,
        "<section class=\"entities\" aria-labelledby=\"entities-{n}-h\"><h3 id=\"entities-{n}-h\">Entities \
         <span class=\"count\">{}</span></h3>",
        d.entities.len(),
        n = d.n,
    );
    if d.entities.is_empty() {
        out.push_str(
            "<p class=\"empty\">No organization or policy instrument named.</p>\n</section>\n",
        );
        return;
    }
    let by_span: HashMap<ByteSpan, &Fact> = d.facts().map(|f| (f.span, f)).collect();
    out.push_str(
        "<div class=\"table-wrap\"><table class=\"entity-index\">\n<thead><tr><th scope=\"col\">Type</th>\
         <th scope=\"col\">Id</th><th scope=\"col\">Name</th><th scope=\"col\">Category</th>\
         <th scope=\"col\" class=\"num\">Mentions</th><th scope=\"col\">Where</th></tr></thead>\n<tbody>\n",
    );
    for e in d.entities {
        let _ = write!(
            out,
            "<tr class=\"entity-row\" data-type=\"{ty}\"><td><span class=\"swatch t-{cls}\">{ty}</span></td>\
             <td>{id}</td><td>{name}</td><td>{cat}</td><td class=\"num\">{m}</td><td class=\"mentions\">",
            ty = esc(e.fact_type.as_str()),
            cls = ident(e.fact_type.as_str()),
            id = e.id.as_deref().map_or_else(
                || "<span class=\"none\">none</span>".to_string(),
                |id| { format!("<code>{}</code>", esc(id)) }
            ),
            name = esc(&e.name),
            cat = esc(&e.category),
            m = e.mentions,
        );
        for (i, s) in e.spans.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            match by_span.get(s) {
                Some(f) => {
                    let _ = write!(
                        out,
                        "<a href=\"#f-{}-{}\" title=\"{}\">{}</a>",
                        d.n,
                        f.n,
                        esc(f.text),
                        location(f.line, f.column)
                    );
                }
                None => {
                    let _ = write!(
                        out,
                        "<span class=\"none\">bytes {}–{}</span>",
                        s.start(),
                        s.end()
                    );
                }
            }
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody></table></div>\n</section>\n");
}

const CSS: &str = r#":root {
  --ink: #1f2328; --muted: #5f6670; --line: #d8dde3; --paper: #ffffff; --page: #f6f7f9; --accent: #0b5cad;
  color-scheme: light;
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; background: var(--page); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
a { color: var(--accent); }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: .86em; }
h1 { font-size: 1.15rem; margin: 0 1.2rem 0 0; white-space: nowrap; }
h2 { font-size: 1.3rem; margin: 0 0 .3rem; line-height: 1.3; }
h3 { font-size: .8rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 0 0 .6rem; }
.top { position: sticky; top: 0; z-index: 30; display: flex; align-items: center; flex-wrap: wrap; gap: .3rem 0;
  padding: .55rem 1.2rem; background: rgba(255,255,255,.97); border-bottom: 1px solid var(--line);
  box-shadow: 0 1px 3px rgba(0,0,0,.05); }
.filters { display: flex; flex-wrap: wrap; align-items: center; gap: .3rem 1.2rem; }
fieldset { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; align-items: center; gap: .25rem .5rem; }
legend { float: left; font-size: .75rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin-right: .2rem; }
.legend-item { display: inline-flex; align-items: center; gap: .25rem; font-size: .85rem; cursor: pointer; }
.legend-item input { margin: 0; display: none; }
.js .legend-item input { display: inline-block; }
.legend-item .count { color: var(--muted); font-size: .78rem; }
.filter-actions { display: inline-flex; align-items: center; gap: .6rem; font-size: .8rem; color: var(--muted); }
.filter-actions button { display: none; font: inherit; padding: .15rem .6rem; border: 1px solid var(--line); border-radius: 4px; background: #fff; cursor: pointer; }
.js .filter-actions button { display: inline-block; }
.noscript { margin: 0; font-size: .8rem; color: var(--muted); }
main { max-width: 1400px; margin: 0 auto; padding: 1rem 1.2rem 3rem; }
section#summary, article.doc { background: var(--paper); border: 1px solid var(--line); border-radius: 8px;
  padding: 1rem 1.2rem; margin-bottom: 1.2rem; }
.totals { margin: 0 0 .6rem; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: .86rem; width: 100%; }
th, td { text-align: left; padding: .3rem .55rem; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { font-size: .75rem; color: var(--muted); font-weight: 600; }
tfoot th, tfoot td { font-weight: 600; border-bottom: 0; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.path { color: var(--muted); font-size: .8rem; word-break: break-all; }
.meta { margin: 0; color: var(--muted); font-size: .85rem; }
.meta .path { font-size: inherit; }
.notice { margin: .6rem 0 0; padding: .5rem .7rem; background: #fff8e1; border: 1px solid #f0d98a; border-radius: 6px; font-size: .88rem; }
.doc-head { margin-bottom: 1rem; }
.doc-grid { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1.4rem; align-items: start; }
@media (max-width: 900px) { .doc-grid { grid-template-columns: minmax(0, 1fr); } }
.article-text { white-space: pre-wrap; overflow-wrap: anywhere; max-width: 46rem;
  font: 17px/1.7 Charter, "Bitstream Charter", "Iowan Old Style", Georgia, "Noto Serif", "DejaVu Serif", serif; }
.claim-text:target { background: #fff4c2; box-shadow: 0 0 0 3px #fff4c2; }
.swatch { display: inline-block; padding: 0 .35rem; border-radius: 3px; background: var(--bg); border-bottom: 2px solid var(--fg);
  font-size: .8rem; line-height: 1.45; color: var(--ink); }
.kind { display: inline-block; padding: 0 .35rem; border-radius: 10px; border: 1px solid var(--line); font-size: .75rem; color: var(--muted); background: #fff; }
mark.fact { background: var(--bg); color: inherit; border-bottom: 2px solid var(--fg); border-radius: 3px; padding: 0 1px;
  position: relative; cursor: help; }
mark.fact:focus { outline: 2px solid var(--fg); outline-offset: 1px; }
mark.fact:target { outline: 3px solid var(--fg); outline-offset: 2px; }
mark.fact .tip { display: none; position: absolute; left: 0; top: calc(100% + 5px); z-index: 20; width: max-content;
  min-width: 12rem; max-width: min(28rem, 80vw); padding: .45rem .6rem; background: #fff; color: var(--ink);
  border: 1px solid #b9c0c8; border-radius: 6px; box-shadow: 0 4px 14px rgba(0,0,0,.14);
  font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; white-space: normal; text-align: left; }
mark.fact:hover .tip, mark.fact:focus .tip { display: block; }
.tip-head { display: flex; gap: .5rem; align-items: center; justify-content: space-between; margin-bottom: .3rem; }
.tip-rule { color: var(--muted); font-size: .8rem; }
.tip-json { display: block; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 12px; background: #f4f6f8; padding: .35rem .45rem; border-radius: 4px; }
mark.fact.is-off { background: transparent; border-bottom-color: transparent; cursor: text; }
mark.fact.is-off .tip { display: none !important; }
.claims-pane { min-width: 0; }
.claims-pane.wide { max-width: 62rem; }
.claims { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: .55rem; }
.claim-item { border: 1px solid var(--line); border-radius: 6px; padding: .45rem .6rem; background: #fbfcfd; }
.claim-head { display: flex; flex-wrap: wrap; align-items: center; gap: .3rem; font-size: .8rem; }
.claim-head .loc { font-variant-numeric: tabular-nums; margin-right: .15rem; text-decoration: none; font-weight: 600; }
.cid { color: var(--muted); margin-left: auto; font-size: .72rem; }
.claim-sentence { margin: .3rem 0; font-size: .88rem; color: #3a4048; display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; }
.wide .claim-sentence { display: block; -webkit-line-clamp: none; overflow: visible; font: 16px/1.65 Charter, "Bitstream Charter", Georgia, "Noto Serif", "DejaVu Serif", serif; color: var(--ink); }
.unplaced { color: var(--muted); font-size: .85em; }
.fact-list { list-style: none; margin: 0; padding: 0; font-size: .82rem; }
.fact-list li { margin: .15rem 0; }
.chip { display: inline-block; padding: 0 .35rem; border-radius: 3px; background: var(--bg); border-bottom: 2px solid var(--fg); color: var(--ink); text-decoration: none; }
.val { color: var(--ink); }
.rule { color: var(--muted); font-size: .74rem; }
.entities { margin-top: 1.4rem; }
.entity-index .mentions a { margin-right: .15rem; font-variant-numeric: tabular-nums; }
.none, .empty { color: var(--muted); }
.path, .cid, .kind, .swatch, .chip, .val, .rule, .tip-rule, code, bdi { unicode-bidi: isolate; }
.fact-date, .t-date { --bg: #d6e6ff; --fg: #2f6fd0; }
.fact-percentage, .t-percentage { --bg: #ffe0bf; --fg: #d9730d; }
.fact-money, .t-money { --bg: #cdf0d2; --fg: #2f9a48; }
.fact-quantity, .t-quantity { --bg: #fff1a8; --fg: #b59a00; }
.fact-organization, .t-organization { --bg: #eadcff; --fg: #7c4dcc; }
.fact-policy, .t-policy { --bg: #ffd7e0; --fg: #cc3d63; }
@media print { .top { position: static; } mark.fact .tip { display: none !important; } }
"#;

const JS: &str = r#"(function () {
  'use strict';
  document.documentElement.classList.add('js');
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[data-filter]'));
  var status = document.getElementById('filter-status');
  function each(selector, f) { Array.prototype.forEach.call(document.querySelectorAll(selector), f); }
  function words(el, name) { var v = el.getAttribute(name); return v ? v.split(' ') : []; }
  function unchecked(group) {
    var off = {};
    boxes.forEach(function (b) { if (b.getAttribute('data-filter') === group && !b.checked) { off[b.value] = true; } });
    return off;
  }
  // True when the list is empty or one of its entries is not switched off.
  function anyOn(list, off) { return list.length === 0 || list.some(function (x) { return !off[x]; }); }
  function apply(writeUrl) {
    var offType = unchecked('type'), offKind = unchecked('kind');
    var shown = 0, total = 0;
    boxes.forEach(function (b) { if (b.checked) { b.setAttribute('checked', ''); } else { b.removeAttribute('checked'); } });
    each('.claim-item', function (li) {
      var show = anyOn(words(li, 'data-kinds'), offKind) && anyOn(words(li, 'data-types'), offType);
      li.hidden = !show;
      total += 1;
      if (show) { shown += 1; }
    });
    each('mark.fact', function (m) {
      var off = !!offType[m.getAttribute('data-type')] || !anyOn(words(m, 'data-kinds'), offKind);
      m.classList.toggle('is-off', off);
    });
    each('.fact-row, .entity-row', function (row) { row.hidden = !!offType[row.getAttribute('data-type')]; });
    if (status) { status.textContent = shown === total ? '' : 'showing ' + shown + ' of ' + total + ' claims'; }
    if (writeUrl) {
      var parts = [];
      ['type', 'kind'].forEach(function (group) {
        var off = Object.keys(group === 'type' ? offType : offKind);
        if (off.length) { parts.push('hide-' + group + '=' + off.map(encodeURIComponent).join(',')); }
      });
      try { history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname + location.search); } catch (e) { /* file: URLs in some browsers */ }
    }
  }
  // Reads hide-type=… and hide-kind=… from the query or the fragment; false when neither names any.
  function fromUrl() {
    var hide = { type: null, kind: null };
    [location.search, location.hash].forEach(function (part) {
      part.replace(/^[?#]/, '').split('&').forEach(function (pair) {
        var eq = pair.indexOf('=');
        if (eq < 0) { return; }
        var group = { 'hide-type': 'type', 'hide-kind': 'kind' }[pair.slice(0, eq)];
        if (!group) { return; }
        hide[group] = hide[group] || {};
        pair.slice(eq + 1).split(',').forEach(function (v) {
          try { v = decodeURIComponent(v.replace(/\+/g, ' ')); } catch (e) { return; }
          if (v) { hide[group][v] = true; }
        });
      });
    });
    if (!hide.type && !hide.kind) { return false; }
    boxes.forEach(function (b) {
      var off = hide[b.getAttribute('data-filter')];
      b.checked = !(off && off[b.value]);
    });
    return true;
  }
  boxes.forEach(function (b) { b.addEventListener('change', function () { apply(true); }); });
  var reset = document.getElementById('filter-reset');
  if (reset) { reset.addEventListener('click', function () { boxes.forEach(function (b) { b.checked = true; }); apply(true); }); }
  window.addEventListener('hashchange', function () { if (fromUrl()) { apply(false); } });
  fromUrl();
  apply(false);
})();
"#;

// ───────────────────────────── terminal ─────────────────────────────

/// A terminal view of one document: the article (or, without its text, each claim's sentence) with every fact
/// marked: ANSI colours by fact type when `color`, else plain markers like `[[74 percent]]{percentage}`.
///
/// A list of the facts with their values and rules follows. Control characters and bidi controls from the
/// record or the article (an escape sequence, a lone carriage return, U+202E) are shown as `\u{…}` escapes
/// ([`names::printable`]), never sent to the terminal; line feeds in the text stay.
pub fn terminal(doc: &ReviewDoc, color: bool) -> String {
    let d = parse(1, doc);
    let paint = |code: &str, s: &str| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let fact = |f: &Fact, shown: &str| {
        if color {
            format!("\x1b[1;{}m{}\x1b[0m", ansi(f.ty), visible(shown))
        } else {
            format!("[[{}]]{{{}}}", visible(shown), f.ty)
        }
    };
    let mut out = String::new();
    let _ = writeln!(out, "{}", paint("1", &one_line(d.heading())));
    let types = FactType::ALL;
    let counts: Vec<String> = types
        .iter()
        .filter_map(|&t| {
            let n = d.fact_count(t);
            (n > 0).then(|| format!("{t} {n}"))
        })
        .collect();
    let mut meta = format!(
        "{} · {} · {}",
        one_line(d.path),
        plural(d.claims.len(), "claim", "claims"),
        plural(d.facts().count(), "fact", "facts")
    );
    if !counts.is_empty() {
        let _ = write!(meta, " ({})", counts.join(", "));
    }
    let _ = writeln!(out, "{}", paint("2", &meta));
    if color {
        let legend: Vec<String> = types
            .iter()
            .map(|&t| format!("\x1b[1;{}m{t}\x1b[0m", ansi(t)))
            .collect();
        let _ = writeln!(out, "{}", legend.join("  "));
    }
    out.push('\n');
    match &d.layout {
        Layout::Text(text) => {
            let mut cursor = 0;
            for f in d.facts() {
                let s = f.span;
                out.push_str(&visible(&text[cursor..s.start()]));
                out.push_str(&fact(f, s.slice(text)));
                cursor = s.end();
            }
            out.push_str(&visible(&text[cursor..]));
            if !out.ends_with('\n') {
                out.push('\n');
            }
        }
        Layout::Claims { note } => {
            let note = note.as_deref().unwrap_or(
                "The article text is not available: each claim's sentence is shown with its facts.",
            );
            let _ = writeln!(out, "{}\n", paint("33", note));
            for c in &d.claims {
                let places = place_in_claim(c);
                let mut line = String::new();
                let mut cursor = 0;
                for (f, p) in c.facts.iter().zip(&places) {
                    if let Some(p) = p {
                        line.push_str(&visible(&c.text[cursor..p.start()]));
                        line.push_str(&fact(f, p.slice(c.text)));
                        cursor = p.end();
                    }
                }
                line.push_str(&visible(&c.text[cursor..]));
                for (f, _) in c.facts.iter().zip(&places).filter(|(_, p)| p.is_none()) {
                    let _ = write!(line, " {}", fact(f, f.text));
                }
                let mut kinds = joined(c.kinds, ", ");
                if c.role != Role::Body {
                    kinds = format!("{}: {kinds}", c.role.as_str());
                }
                let _ = writeln!(
                    out,
                    "{} {}\n    {line}\n",
                    paint("2", &location(c.line, c.column)),
                    paint("2", &format!("[{kinds}]"))
                );
            }
        }
    }
    if d.facts().next().is_some() {
        let _ = writeln!(out, "\n{}", paint("1", "Facts"));
        for f in d.facts() {
            let ty = format!("{:<12}", f.ty.as_str());
            let _ = writeln!(
                out,
                "{:>4}  {:<8} {} {}  = {}  {}",
                f.n,
                location(f.line, f.column),
                if color {
                    format!("\x1b[1;{}m{ty}\x1b[0m", ansi(f.ty))
                } else {
                    ty
                },
                one_line(f.text),
                one_line(&summary(f.ty, f.value)),
                paint("2", &format!("({})", one_line(f.rule))),
            );
        }
    }
    out
}

/// The SGR colour of a fact type.
fn ansi(ty: FactType) -> &'static str {
    match ty {
        FactType::Date => "34",
        FactType::Percentage => "33",
        FactType::Money => "32",
        FactType::Quantity => "36",
        FactType::Organization => "35",
        FactType::Policy => "31",
    }
}

/// Text of many lines safe to print on a terminal: line feeds stay (CRLF becomes LF), and everything else
/// [`names::printable`] escapes is shown as a `\u{…}` escape, never sent: control characters (ESC above all,
/// a lone carriage return) and bidi controls, which would reorder the rest of the line.
fn visible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut lines = s.split('\n').peekable();
    while let Some(line) = lines.next() {
        let more = lines.peek().is_some();
        let line = if more {
            line.strip_suffix('\r').unwrap_or(line)
        } else {
            line
        };
        out.push_str(&names::printable(line));
        if more {
            out.push('\n');
        }
    }
    out
}

/// A name, type, rule or value safe to print on one line of a terminal: [`names::printable`], so a line feed
/// is `\n` too.
fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    names::printable(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Document, Extractor};
    use serde::Deserialize as _;
    use serde_json::json;

    /// A record as the views read it back.
    fn read_back(record: &crate::Record) -> Record<Value> {
        serde_json::from_value(serde_json::to_value(record).unwrap()).unwrap()
    }

    fn extract(path: &str, text: &str) -> ReviewDoc {
        static EXTRACTOR: std::sync::OnceLock<Extractor> = std::sync::OnceLock::new();
        let ex =
            EXTRACTOR.get_or_init(|| Extractor::embedded().expect("the embedded rules compile"));
        let doc = Document::from_str(path, text, None);
        ReviewDoc {
            record: read_back(&ex.extract(&doc)),
            text: Some(text.to_string()),
        }
    }

    /// Merges `from` into `into`: objects key by key, anything else replaced.
    fn merge(into: &mut Value, from: Value) {
        match (into, from) {
            (Value::Object(a), Value::Object(b)) => {
                for (k, v) in b {
                    merge(a.entry(k).or_insert(Value::Null), v);
                }
            }
            (a, b) => *a = b,
        }
    }

    /// A whole record made of the fields a test cares about: the rest filled in (code points as the bytes,
    /// line and column 1), then read as [`load`] reads records.
    fn record(partial: Value) -> Record<Value> {
        let zero = json!({"date": 0, "percentage": 0, "money": 0, "quantity": 0, "organization": 0, "policy": 0});
        let mut r = json!({
            "schema": "claimscan/1",
            "document": {"path": "", "sha256": "", "title": null, "date": null, "date_source": "none",
                         "bytes": 0, "sentences": 0, "format": "text"},
            "claims": [], "entities": [], "stats": {"claims": 0, "facts": zero},
        });
        merge(&mut r, partial);
        let located = |v: &mut Value| {
            let mut whole = json!({"line": 1, "column": 1, "chars": v["span"].clone()});
            merge(&mut whole, v.take());
            *v = whole;
        };
        for c in r["claims"].as_array_mut().unwrap() {
            located(c);
            for f in c["facts"].as_array_mut().unwrap() {
                located(f);
            }
        }
        Record::deserialize(&r).unwrap_or_else(|e| panic!("{e}: {r}"))
    }

    fn fact_texts(doc: &ReviewDoc) -> Vec<String> {
        doc.record
            .claims
            .iter()
            .flat_map(|c| &c.facts)
            .map(|f| f.text.clone())
            .collect()
    }

    /// The text shown by each `<mark>`, in page order (the tooltip is not part of it).
    fn marks(page: &str) -> Vec<String> {
        page.split("<mark ")
            .skip(1)
            .map(|rest| {
                let body = &rest[rest.find('>').unwrap() + 1..];
                body[..body.find("<span class=\"tip\"").unwrap()].to_string()
            })
            .collect()
    }

    const HOSTILE: &str = "Title <script>alert(1)</script>\n\n\
        The agency said <script>alert(1)</script> that the US controls 74 percent of AI compute.\n\n\
        An image <img src=x onerror=alert(1)> appeared on March 3, 2025, and 'quotes' & \"more\" too.\n";

    fn assert_safe(page: &str) {
        assert!(
            page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "escaped script missing"
        );
        assert!(
            page.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "escaped img missing"
        );
        assert!(
            !page.contains("<script>alert"),
            "raw script tag in the page"
        );
        assert!(!page.contains("<img src=x"), "raw img tag in the page");
        // The only script element is the page's own.
        assert_eq!(page.matches("<script").count(), 1);
    }

    #[test]
    fn article_text_is_escaped() {
        let mut doc = extract("evil/<script>alert(1)</script>.txt", HOSTILE);
        assert!(!fact_texts(&doc).is_empty());
        let page = html(std::slice::from_ref(&doc));
        assert_safe(&page);
        assert!(page.contains("evil/&lt;script&gt;alert(1)&lt;/script&gt;.txt"));
        assert!(page.contains("&#39;quotes&#39; &amp; &quot;more&quot;"));
        // Without the text, the claim sentences carry the same hostile words.
        doc.text = None;
        let page = html(&[doc]);
        assert_safe(&page);
    }

    #[test]
    fn record_values_titles_and_rules_are_escaped() {
        let evil = "<img src=x onerror=alert(1)>";
        let record = record(json!({
            "document": {"path": "a\"b'<script>alert(1)</script>.txt", "title": evil},
            "claims": [{
                "id": "\"><script>alert(1)</script>", "kinds": ["organization"],
                "text": "Ask <script>alert(1)</script> now.", "span": {"start": 0, "end": 34},
                "facts": [{"type": "organization", "text": "<script>alert(1)</script>",
                           "span": {"start": 4, "end": 29}, "rule": "\"><img src=x onerror=alert(1)>",
                           "value": {"name": evil, "id": evil}}]
            }],
            "entities": [{"type": "organization", "id": evil, "name": evil, "category": evil, "mentions": 1,
                          "spans": [{"start": 4, "end": 29}]}]
        }));
        let page = html(&[ReviewDoc { record, text: None }]);
        assert_safe(&page);
        assert_eq!(marks(&page), ["&lt;script&gt;alert(1)&lt;/script&gt;"]);
        // Types and kinds are closed sets of names (`FactType`, `ClaimKind`), so never markup in a class.
        assert!(page.contains("class=\"fact fact-organization\""));
    }

    #[test]
    fn every_fact_gets_exactly_one_mark() {
        let text = include_str!("../../corpus/aukus-genesis-access.txt");
        let doc = extract("corpus/aukus-genesis-access.txt", text);
        let facts = fact_texts(&doc);
        assert!(facts.len() > 20);
        let page = html(std::slice::from_ref(&doc));
        assert_eq!(
            marks(&page),
            facts.iter().map(|t| esc(t)).collect::<Vec<_>>()
        );
        for n in 1..=facts.len() {
            assert_eq!(
                page.matches(&format!(" id=\"f-1-{n}\"")).count(),
                1,
                "fact {n}"
            );
        }
        assert!(!page.contains(" id=\"f-1-0\""));
        assert!(
            page.contains("<div class=\"doc-grid\">"),
            "drawn on the article text"
        );
        // The same without the text, and with two documents (ids stay distinct).
        let bare = ReviewDoc {
            record: doc.record.clone(),
            text: None,
        };
        let page = html(&[doc, bare]);
        assert_eq!(page.matches("<mark ").count(), 2 * facts.len());
        assert_eq!(page.matches(" id=\"f-2-1\"").count(), 1);
        assert!(!page.contains("not found in the sentence"));
    }

    #[test]
    fn marks_carry_type_rule_kinds_and_tooltip() {
        let doc = extract(
            "a.txt",
            "Title\n\nThe US controls 74 percent of AI compute.\n",
        );
        let page = html(&[doc]);
        assert!(page.contains(
            "<mark class=\"fact fact-percentage\" id=\"f-1-1\" data-type=\"percentage\" \
             data-rule=\"percentages/number-percent\" data-kinds=\"statistic\" data-claim=\"c-1-1\" tabindex=\"0\""
        ));
        assert!(page.contains("title=\"percentage: {&quot;amount&quot;:74.0,"));
        assert!(page.contains("role=\"tooltip\""));
        assert!(page.contains("&quot;fraction&quot;: 0.74"));
        assert!(page.contains("mark.fact:hover .tip, mark.fact:focus .tip { display: block; }"));
        for id in [
            "filter-type-date",
            "filter-type-organization",
            "filter-kind-policy",
            "filter-kind-statistic",
        ] {
            assert!(page.contains(&format!("id=\"{id}\"")), "{id}");
        }
        assert!(
            !page.contains("http://") && !page.contains("https://"),
            "no network"
        );
    }

    #[test]
    fn multibyte_text_keeps_marks_on_the_right_characters() {
        let text = "Café “données” — naïve\n\n\
            L’équipe du café “Élysée” said the US controls 74 percent of AI compute as of March 3, 2025.\n";
        let doc = extract("fr.txt", text);
        let facts = fact_texts(&doc);
        assert!(facts.contains(&"74 percent".to_string()), "{facts:?}");
        assert!(
            facts.iter().any(|f| f.contains("March 3, 2025")),
            "{facts:?}"
        );
        let page = html(std::slice::from_ref(&doc));
        assert_eq!(marks(&page), facts);
        assert!(page.contains("“Élysée” said the US controls <mark "));
        // Relative offsets in claim mode land on the same characters.
        let bare = ReviewDoc {
            record: doc.record.clone(),
            text: None,
        };
        assert_eq!(marks(&html(&[bare])), facts);
        // And in the terminal.
        let plain = terminal(&doc, false);
        assert!(plain.contains("“Élysée” said the US controls [[74 percent]]{percentage}"));
    }

    #[test]
    fn byte_order_mark_is_ignored() {
        let text = "Title\n\nThe US controls 74 percent of AI compute.\n";
        let mut doc = extract("a.txt", text);
        doc.text = Some(format!("\u{feff}{text}"));
        let page = html(&[doc]);
        assert_eq!(marks(&page), ["74 percent"]);
        assert!(page.contains("<div class=\"doc-grid\">"));
    }

    #[test]
    fn changed_text_falls_back_to_claim_sentences() {
        let mut doc = extract(
            "a.txt",
            "Title\n\nThe US controls 74 percent of AI compute.\n",
        );
        doc.text = Some("Title\n\nEdited: the US controls 74 percent of AI compute.\n".into());
        let page = html(&[doc]);
        assert!(page.contains("does not match this record"));
        assert_eq!(marks(&page), ["74 percent"]);
    }

    /// Spans that miss the text, split a character or lie outside their claim (a reversed span is never read:
    /// see `ByteSpan`).
    #[test]
    fn broken_spans_never_panic_and_keep_one_mark_per_fact() {
        let record = record(json!({
            "claims": [{
                "id": "c1", "kinds": [], "text": "Prix: 5 € en “mai”.", "span": {"start": 10, "end": 50},
                "facts": [
                    {"type": "money", "text": "5 €", "span": {"start": 7, "end": 9}, "rule": "r", "value": {}},
                    {"type": "date", "text": "juin", "span": {"start": 999, "end": 1003}, "rule": "r", "value": null},
                    {"type": "date", "text": "mai", "span": {"start": 3, "end": 3}, "rule": "r", "value": 7}
                ]
            }],
            "entities": [{"type": "organization", "id": null, "name": "", "category": "", "mentions": 1,
                          "spans": [{"start": 1, "end": 2}]}]
        }));
        let with_text = ReviewDoc {
            record: record.clone(),
            text: Some("short".into()),
        };
        let page = html(&[with_text.clone(), ReviewDoc { record, text: None }]);
        assert_eq!(page.matches("<mark ").count(), 6);
        assert!(page.contains("not found in the sentence"));
        assert!(page.contains("bytes 1–2"));
        let _ = terminal(&with_text, true);
        assert!(html(&[]).contains("0 documents"));
    }

    #[test]
    fn entity_mentions_link_to_fact_anchors() {
        let text = include_str!("../../corpus/aukus-genesis-access.txt");
        let page = html(&[extract("corpus/aukus-genesis-access.txt", text)]);
        let links: Vec<&str> = page
            .split("<td class=\"mentions\">")
            .skip(1)
            .flat_map(|row| row[..row.find("</td>").unwrap()].split("href=\"#").skip(1))
            .map(|l| &l[..l.find('"').unwrap()])
            .collect();
        assert!(links.len() > 10);
        for l in links {
            assert!(l.starts_with("f-1-"), "{l}");
            assert_eq!(page.matches(&format!(" id=\"{l}\"")).count(), 1, "{l}");
        }
        assert!(!page.contains("class=\"none\">bytes"));
    }

    #[test]
    fn summary_counts_across_documents() {
        let a = extract(
            "a.txt",
            "Title\n\nThe US controls 74 percent of AI compute.\n",
        );
        let b = extract("b.txt", "Title\n\nIt grew 5 percent in March 2025.\n");
        let page = html(&[a, b]);
        assert!(page.contains("<strong>2 documents</strong> · <strong>2 claims</strong>"));
        assert!(page.contains("<tfoot><tr><th scope=\"row\">All documents</th>"));
        assert!(page.contains("data-filter=\"type\" value=\"percentage\" checked><span class=\"swatch t-percentage\">percentage</span> <span class=\"count\">2</span>"));
    }

    #[test]
    fn terminal_marks_facts_plain_and_in_colour() {
        let mut doc = extract(
            "a.txt",
            "Title\n\nThe US controls 74 percent of AI compute.\n",
        );
        let plain = terminal(&doc, false);
        assert!(plain.contains("The US controls [[74 percent]]{percentage} of AI compute."));
        assert!(!plain.contains('\x1b'));
        let colour = terminal(&doc, true);
        assert!(colour.contains("\x1b[1;33m74 percent\x1b[0m"));
        doc.text = None;
        let claims = terminal(&doc, false);
        assert!(claims.contains("not available"));
        assert!(claims.contains("    The US controls [[74 percent]]{percentage} of AI compute."));
    }

    #[test]
    fn terminal_never_sends_control_characters() {
        let text = "Title\x1b[2J\n\nThe \x1b]0;pwned\x07US controls 74 percent of AI compute.\r\n";
        let plain = terminal(&extract("a.txt", text), false);
        assert!(!plain.contains('\x1b') && !plain.contains('\x07') && !plain.contains('\r'));
        assert!(plain.contains("Title\\u{1b}[2J\n"), "{plain}");
        assert!(
            plain.contains("The \\u{1b}]0;pwned\\u{7}US controls"),
            "{plain}"
        );
    }

    /// Every bidi control `names::is_bidi_control` knows.
    const BIDI: [char; 12] = [
        '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}',
        '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
    ];

    /// Bidi controls in every free-text field of a record (its types, kinds and role are closed sets).
    fn bidi_record() -> Value {
        let rlo = "\u{202E}";
        serde_json::json!({
            "schema": "claimscan/1",
            "document": {"path": format!("evil{rlo}txt.exe\u{2066}.txt"), "title": format!("Title{rlo}x"),
                         "date": format!("2025{rlo}-01")},
            "claims": [{
                "id": format!("c{rlo}1"), "role": "heading", "kinds": ["statistic"],
                "text": format!("Rose {rlo}5 percent\u{2067} today."), "span": {"start": 0, "end": 27},
                "line": 3, "column": 1,
                "facts": [{"type": "percentage", "text": format!("{rlo}5 percent"),
                           "span": {"start": 5, "end": 17}, "rule": format!("r{rlo}/x"),
                           "value": {"name": format!("n{rlo}"), "amount": 5}, "line": 3, "column": 6}]
            }],
            "entities": [{"type": "organization", "id": format!("id{rlo}"), "name": format!("The {rlo}Agency"),
                          "category": format!("ag{rlo}ency"), "mentions": 1, "spans": [{"start": 5, "end": 17}]}]
        })
    }

    #[test]
    fn bidi_controls_never_reach_the_page_raw() {
        let record = record(bidi_record());
        let text = "Rose \u{202E}5 percent\u{2067} today.\u{200F}\u{2066}";
        let page = html(&[
            ReviewDoc {
                record: record.clone(),
                text: None,
            },
            ReviewDoc {
                record,
                text: Some(text.into()),
            },
        ]);
        for c in BIDI {
            assert!(!page.contains(c), "raw U+{:04X} in the page", u32::from(c));
        }
        for shown in [
            "evil\\u{202e}txt.exe\\u{2066}.txt",
            "Title\\u{202e}x",
            "Rose <mark ",
            ">\\u{202e}5 percent<span class=\"tip\"",
            "</mark>\\u{2067} today.",
            "The \\u{202e}Agency",
            "<code>id\\u{202e}</code>",
            "data-rule=\"r\\u{202e}/x\"",
            "today.</span>\\u{200f}\\u{2066}</div>",
            "published <bdi>2025\\u{202e}-01</bdi>",
        ] {
            assert!(page.contains(shown), "{shown} not in the page");
        }
        assert!(page.contains("<title>claimscan review: 2 documents</title>"));
        assert!(page.contains("bdi { unicode-bidi: isolate; }"));
    }

    #[test]
    fn bidi_and_control_characters_never_reach_the_terminal_raw() {
        let mut record = bidi_record();
        let claim = "Rose \u{202E}5 percent\u{2067}\r\nto\x1b[2Jday.\u{85}";
        record["claims"][0]["text"] = Value::String(claim.into());
        record["claims"][0]["span"]["end"] = claim.len().into();
        let record = self::record(record);
        let text = "Rose \u{202E}5 percent\u{2067}\r\nto\x1b[2Jday.\u{85}\r\nlast\rline\u{2069}\n";
        for doc in [
            ReviewDoc {
                record: record.clone(),
                text: None,
            },
            ReviewDoc {
                record: record.clone(),
                text: Some(text.into()),
            },
        ] {
            let plain = terminal(&doc, false);
            for c in BIDI {
                assert!(!plain.contains(c), "raw U+{:04X}: {plain}", u32::from(c));
            }
            assert!(
                !plain.contains(|c: char| c.is_control() && c != '\n'),
                "{plain:?}"
            );
            assert!(
                plain.starts_with("Title\\u{202e}x\nevil\\u{202e}txt.exe\\u{2066}.txt · "),
                "{plain}"
            );
            assert!(plain.contains("{percentage}"), "{plain}");
            assert!(plain.contains("(r\\u{202e}/x)"), "{plain}");
            assert!(plain.contains("to\\u{1b}[2Jday.\\u{85}"), "{plain}");
            let colour = terminal(&doc, true);
            assert!(!colour.contains(BIDI.as_slice()), "{colour}");
            // The only escape sequences are the view's own colours.
            assert!(!colour.contains("\x1b[2J"), "{colour}");
        }
        let shown = terminal(
            &ReviewDoc {
                record,
                text: Some(text.into()),
            },
            false,
        );
        assert!(shown.contains("last\\rline\\u{2069}\n"), "{shown}");
    }

    #[test]
    fn a_page_over_its_limit_is_refused_with_how_many_records_fit() {
        let doc = extract(
            "a.txt",
            "Title\n\nThe US controls 74 percent of AI compute.\n",
        );
        let docs = vec![doc; 10];
        let whole = html(&docs);
        assert_eq!(html_within(&docs, whole.len()).as_ref(), Ok(&whole));
        let e = html_within(&docs, whole.len() - 1).unwrap_err();
        assert_eq!((e.documents, e.fit), (10, 9));
        let max = (html(&docs[..1]).len() + whole.len()) / 2;
        let e = html_within(&docs, max).unwrap_err();
        assert_eq!(e.documents, 10);
        assert!((1..9).contains(&e.fit), "{e:?}");
        // The records it says fit do fit.
        assert!(html_within(&docs[..e.fit], max).is_ok());
        let msg = e.to_string();
        assert!(
            msg.starts_with("the review page for 10 documents would be larger than 0 MB of HTML"),
            "{msg}"
        );
        assert!(msg.contains(&format!("at most about {}", e.fit)), "{msg}");
        assert!(msg.contains("split -l"), "{msg}");
        let e = html_within(&docs[..1], 100).unwrap_err();
        assert!(
            e.to_string()
                .ends_with("that one document alone passes the limit"),
            "{e}"
        );
        let e = PageTooLarge {
            max: PAGE_MAX,
            documents: 5000,
            fit: 1600,
        };
        assert!(
            e.to_string().starts_with(
                "the review page for 5000 documents would be larger than 64 MB of HTML"
            )
        );
        assert_eq!(size_warning(PAGE_WARN), None);
        let w = size_warning(20_000_000).unwrap();
        assert!(
            w.starts_with("the page is 20.0 MB: browsers may open it slowly"),
            "{w}"
        );
        assert!(w.ends_with("pages over 64 MB are refused)"), "{w}");
    }

    fn record_of(path: &Path) -> Record<Value> {
        let ex = Extractor::embedded().unwrap();
        let doc = Document::from_bytes(
            &path.display().to_string(),
            std::fs::read(path).unwrap(),
            None,
        )
        .unwrap();
        read_back(&ex.extract(&doc))
    }

    #[test]
    fn articles_are_read_back_only_when_regular_and_no_longer_than_the_record_says() {
        let tmp = tempfile::tempdir().unwrap();
        let article = tmp.path().join("a.txt");
        let text = "Title\n\nThe US controls 74 percent of AI compute.\n";
        std::fs::write(&article, format!("\u{feff}{text}")).unwrap();
        let record = record_of(&article);
        assert_eq!(read_article(&record).as_deref(), Ok(text));
        // Longer than the record says: not read past document.bytes + the BOM + 1.
        std::fs::write(&article, format!("{text}{}", "x".repeat(1 << 20))).unwrap();
        let why = read_article(&record).unwrap_err();
        assert!(why.contains("longer than the record says"), "{why}");
        // Same length, other bytes.
        std::fs::write(&article, format!("\u{feff}{}", text.replace("74", "99"))).unwrap();
        assert!(
            read_article(&record)
                .unwrap_err()
                .contains("SHA-256 differs")
        );
        // A folder, a missing file.
        let mut other = record.clone();
        other.document.path = tmp.path().display().to_string();
        assert!(
            read_article(&other)
                .unwrap_err()
                .starts_with("not a regular file")
        );
        other.document.path = tmp.path().join("gone.txt").display().to_string();
        assert_eq!(
            read_article(&other).unwrap_err(),
            "the article is not found"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_or_a_link_to_one_is_not_read() {
        let tmp = tempfile::tempdir().unwrap();
        let article = tmp.path().join("a.txt");
        std::fs::write(
            &article,
            "Title\n\nThe US controls 74 percent of AI compute.\n",
        )
        .unwrap();
        let record = record_of(&article);
        std::fs::remove_file(&article).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(&article)
            .status()
            .unwrap();
        assert!(made.success());
        let why = read_article(&record).unwrap_err();
        assert!(why.starts_with("not a regular file"), "{why}");
        // Opened anyway (as when a FIFO replaces the file after the check), it does not block.
        let f = open_without_blocking(&article).unwrap();
        assert!(!f.metadata().unwrap().is_file());
        let link = tmp.path().join("link.txt");
        std::os::unix::fs::symlink(&article, &link).unwrap();
        let mut linked = record;
        linked.document.path = link.display().to_string();
        assert!(
            read_article(&linked)
                .unwrap_err()
                .starts_with("not a regular file")
        );
    }
}
