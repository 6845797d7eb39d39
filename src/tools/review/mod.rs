//! Review views of records: an index page and one self-contained HTML page per document, and a terminal view.
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
//! # The pages
//!
//! [`write_html`] writes, for `--html OUT.html`, the index at `OUT.html` and, in the folder `OUT_files/`
//! beside it ([`pages_folder`]), one page per document (`d00001.html`, …, [`page_name`]) and `search.js`,
//! the cross-document search data the index loads when its search box is used. Every page's `<html>` carries
//! the run id ([`run_id`]) in `data-run`, which keys the verdicts the browser saves.
//!
//! A document page holds (the DOM the page's script and the browser tests rely on):
//!
//! * every fact as `<mark class="fact fact-<type>" id="f-<doc>-<k>">` (facts counted from 1 in record order)
//!   with `data-key` (the decision key `f:<chars.start>:<chars.end>:<type>`), `data-type`, `data-rule`,
//!   `data-kinds`, `data-claim` (its claim card's id `cl-<doc>-<j>`), `data-b` / `data-c` (the byte and
//!   code-point spans), `data-tip` (readable value and rule, drawn as the one tooltip; no `title`),
//!   `tabindex="0"`, and the readable value in a `.val-inline` span;
//! * claim cards `<li class="claim-item" id="cl-<doc>-<j>" data-key="c:<id>">` with accept, reject and flag
//!   buttons (`button.v[data-verdict]`) on the claim and on each fact row;
//! * a claim list filtered by the checkboxes `filter-type-<type>` and `filter-kind-<kind>` (and the URL
//!   `#hide-type=organization,date&hide-kind=policy`, as before), an entity index whose mentions link to the
//!   facts' anchors, and a timeline of the date facts with a `start` and `end`;
//! * the facts, claims and imported decisions as JSON (`#claimscan-facts`, `#claimscan-claims`,
//!   `#claimscan-decisions`), with `<` written `\u003c`, so no text can end the script element;
//! * links to the index and to the documents before and after.
//!
//! Without JavaScript every highlight still shows; filtering and verdicts need it. Everything taken from a
//! record or an article is HTML-escaped, and its bidi controls (U+202E, U+2066…) are shown as `\u{202e}`
//! escapes rather than left to reorder the page; short pieces of record text (paths, ids, kinds, values,
//! rules) are also isolated (`<bdi>`, `unicode-bidi: isolate`), so right-to-left letters in one cannot move
//! its neighbours. The pages load nothing from the network.
//!
//! # Size
//!
//! The index holds one table row per document and no article text (about 600 bytes a document); the articles
//! are in their own pages. A document page over [`PAGE_MAX`] (64 MB) with its article shows each claim's
//! sentence instead.

mod article;
mod escape;
mod html;
mod terminal;
mod values;

use std::fmt;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::model::names;
use crate::model::span::{ByteSpan, CharSpan};
use crate::model::value::{ClaimKind, FactType};
use crate::record::{Record, Role};
use crate::text::Format;

pub use html::{PAGE_MAX, Pages, WriteError, Written, page_name, pages_folder, run_id, write_html};
pub use terminal::terminal;

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
    read_document(record).map(|doc| doc.text)
}

/// [`read_article`], the whole document: its text, and what its rendering needs (front matter, an HTML
/// page's blocks).
pub fn read_document(record: &Record<Value>) -> Result<crate::Document, String> {
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
    Ok(doc)
}

/// The article as the extractor read it, for drawing it as it was read ([`article`]): for text and Markdown
/// rebuilt from the text [`load`] read, for HTML read back again (its blocks come from the page). `None`
/// when there is no text, or the text no longer reads as the record's format.
fn article_document(doc: &ReviewDoc) -> Option<crate::Document> {
    let text = doc.text.as_deref()?;
    match doc.record.document.format {
        Format::Html => read_document(&doc.record).ok(),
        format => {
            let read = crate::Document::from_str(&doc.record.document.path, text, None);
            (read.format == format).then_some(read)
        }
    }
}

/// The segmentation rules of the embedded rule set, which split an article as drawn ([`article::segments`]);
/// compiled once, on first use.
fn segment_rules() -> Option<&'static crate::text::SegmentRules> {
    static EXTRACTOR: std::sync::OnceLock<Option<crate::Extractor>> = std::sync::OnceLock::new();
    EXTRACTOR
        .get_or_init(|| crate::Extractor::embedded().ok())
        .as_ref()
        .map(|e| &e.rules().segment)
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
    chars: CharSpan,
    rule: &'a str,
    value: &'a Value,
    line: usize,
    column: usize,
}

impl Fact<'_> {
    /// Its decision key (contract of the review page): `f:CS:CE:TYPE`, its code points and type.
    fn key(&self) -> String {
        format!(
            "f:{}:{}:{}",
            self.chars.start(),
            self.chars.end(),
            self.ty.as_str()
        )
    }

    /// Its value as a person reads it.
    fn readable(&self) -> String {
        values::readable(self.ty, self.value)
    }
}

struct Claim<'a> {
    /// 1-based, in record order.
    k: usize,
    id: &'a str,
    role: Role,
    kinds: &'a [ClaimKind],
    text: &'a str,
    /// The sentence as the rules read it, when it differs from `text`.
    plain: Option<&'a str>,
    span: ByteSpan,
    chars: CharSpan,
    line: usize,
    column: usize,
    facts: Vec<Fact<'a>>,
}

impl Claim<'_> {
    /// Whether it is a body sentence cut short: its text (as the rules read it) does not end like a sentence.
    fn is_fragment(&self) -> bool {
        self.role == Role::Body
            && !crate::text::view::ends_like_sentence(self.plain.unwrap_or(self.text).trim_end())
    }

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
    /// What it was parsed from.
    source: &'a ReviewDoc,
    path: &'a str,
    sha256: &'a str,
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

fn parse(n: usize, doc: &ReviewDoc) -> Doc<'_> {
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
                        chars: f.location.chars,
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
                plain: c.plain.as_deref(),
                span: c.location.span,
                chars: c.location.chars,
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
        source: doc,
        path: &r.document.path,
        sha256: &r.document.sha256,
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

fn location(line: usize, column: usize) -> String {
    format!("{line}:{column}")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What the tests of the views share: records made for a test, and extracted ones.
#[cfg(test)]
mod testing {
    use super::*;
    use crate::{Document, Extractor};
    use serde::Deserialize as _;
    use serde_json::json;

    /// A record as the views read it back.
    pub(super) fn read_back(record: &crate::Record) -> Record<Value> {
        serde_json::from_value(serde_json::to_value(record).unwrap()).unwrap()
    }

    pub(super) fn extract(path: &str, text: &str) -> ReviewDoc {
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
    pub(super) fn merge(into: &mut Value, from: Value) {
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
    pub(super) fn record(partial: Value) -> Record<Value> {
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

    pub(super) fn fact_texts(doc: &ReviewDoc) -> Vec<String> {
        doc.record
            .claims
            .iter()
            .flat_map(|c| &c.facts)
            .map(|f| f.text.clone())
            .collect()
    }

    /// Every bidi control `names::is_bidi_control` knows.
    pub(super) const BIDI: [char; 12] = [
        '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}',
        '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
    ];

    /// Bidi controls in every free-text field of a record (its types, kinds and role are closed sets).
    pub(super) fn bidi_record() -> Value {
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
}

#[cfg(test)]
mod tests {
    use super::testing::read_back;
    use super::*;
    use crate::{Document, Extractor};

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
