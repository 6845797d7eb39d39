//! Invariant checks: what must hold of every document, token, segment and record, whatever the input.
//!
//! The fuzz targets under `fuzz/`, the property tests and the fuzz regression tests all call these functions,
//! so one definition of "correct output" serves all three. Each check returns `Err` with a message naming the
//! first broken invariant (and the offending span or value) instead of panicking, so a caller can add context.
//!
//! The checks recompute every derived offset independently of [`crate::text::OffsetMap`]: code points and
//! line:column are found by walking the text once, character by character.
//!
//! # What is checked
//!
//! * [`check_document`]: the body is a suffix of the text starting on a character boundary; front matter, when
//!   present, is a `---` line through a closing `---` or `...` line; the title is non-empty and on one line;
//!   the date and its source agree.
//! * [`check_loaded`]: [`Document::from_bytes`] accepts exactly the NUL-free UTF-8 inputs (after an optional
//!   byte-order mark), reports the right byte offset otherwise, and agrees with [`Document::from_str`].
//! * [`check_tokens`] and [`check_segments`]: in range, on character boundaries, non-empty, in order, not
//!   overlapping; tokens lose no text (only whitespace lies between them) and their kind matches their first
//!   character; segments are trimmed.
//! * [`check_record`]: every claim and fact location (byte span on character boundaries and inside the body,
//!   `text` equal to the document at the span, code-point span, line and column) is exact; claims are sorted and
//!   disjoint, each has facts and the kinds of those facts; facts are sorted, disjoint, non-empty and inside
//!   their claim, with a value of their type and finite numbers; claim ids are unique; the entity index and the
//!   stats count exactly the facts; the document block describes the document.
//! * [`check_facts_trimmed`]: no fact starts or ends with whitespace. The embedded rules promise this; a rule
//!   file whose pattern captures whitespace may break it, so it is not part of [`check_record`].
//! * [`check_extract_input`] and friends run a whole fuzz target's checks on one input, including determinism
//!   (extracting twice gives byte-identical JSON).

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use crate::document::{DateSource, Document, LoadError};
use crate::model::date::Date;
use crate::model::span::ByteSpan;
use crate::pipeline::Extractor;
use crate::record::{ClaimKind, FactType, Location, Record, Value};
use crate::rules::RuleSet;
use crate::text::{
    Format, Segment, SegmentKind, SegmentRules, Token, TokenKind, View, segment, tokenize,
};

/// The result of a check: `Err` describes the first invariant found broken.
pub type CheckResult = Result<(), String>;

macro_rules! ensure {
    ($cond:expr, $($fmt:tt)+) => {
        if !$cond {
            return Err(format!($($fmt)+));
        }
    };
}

/// Code point, line and column of every character boundary of a text, found by a plain walk over its
/// characters (deliberately not through [`crate::text::OffsetMap`], which is what is being checked).
struct Positions {
    /// Indexed by byte offset; `None` inside a multi-byte character.
    at: Vec<Option<(usize, usize, usize)>>,
}

impl Positions {
    fn new(text: &str) -> Positions {
        let mut at = vec![None; text.len() + 1];
        let (mut line, mut column) = (1, 1);
        let mut n = 0;
        for (i, c) in text.char_indices() {
            at[i] = Some((n, line, column));
            n += 1;
            // Lines end at `\n`, `\r\n` or a lone `\r`.
            if c == '\n' || (c == '\r' && !text[i + 1..].starts_with('\n')) {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        at[text.len()] = Some((n, line, column));
        Positions { at }
    }

    fn get(&self, byte: usize) -> Option<(usize, usize, usize)> {
        self.at.get(byte).copied().flatten()
    }
}

/// Checks that `span` lies inside `text` with both ends on character boundaries.
pub fn check_span(text: &str, span: ByteSpan, what: &str) -> CheckResult {
    ensure!(
        span.start() <= span.end() && span.end() <= text.len(),
        "{what}: span {span:?} is outside the text of {} bytes",
        text.len()
    );
    ensure!(
        text.is_char_boundary(span.start()) && text.is_char_boundary(span.end()),
        "{what}: span {span:?} is not on character boundaries"
    );
    Ok(())
}

fn check_location(
    text: &str,
    pos: &Positions,
    what: &str,
    claimed: &str,
    loc: &Location,
) -> CheckResult {
    let span = loc.span;
    check_span(text, span, what)?;
    ensure!(
        span.slice(text) == claimed,
        "{what}: text {claimed:?} differs from the document at {span:?}: {:?}",
        span.slice(text)
    );
    let (c0, line, column) = pos.get(span.start()).expect("checked boundary");
    let (c1, _, _) = pos.get(span.end()).expect("checked boundary");
    ensure!(
        (loc.chars.start(), loc.chars.end()) == (c0, c1),
        "{what} {claimed:?} at {span:?}: chars {:?}, expected {c0}..{c1}",
        loc.chars
    );
    ensure!(
        (loc.line, loc.column) == (line, column),
        "{what} {claimed:?} at {span:?}: line:column {}:{}, expected {line}:{column}",
        loc.line,
        loc.column
    );
    Ok(())
}

fn is_trimmed(s: &str) -> bool {
    s.trim() == s
}

/// Checks a loaded document: body, front matter, title, date and text.
pub fn check_document(doc: &Document) -> CheckResult {
    let text = &doc.text;
    check_span(text, doc.body, "body")?;
    ensure!(
        doc.body.end() == text.len(),
        "body {:?} does not reach the end of the text ({} bytes)",
        doc.body,
        text.len()
    );
    if doc.body.start() > 0 {
        let fm = &text[..doc.body.start()];
        let mut lines = fm.split_inclusive('\n');
        ensure!(
            lines.next().map(str::trim_end) == Some("---"),
            "front matter {fm:?} does not open with a `---` line"
        );
        let last = fm.split_inclusive('\n').next_back().unwrap_or("");
        ensure!(
            fm.split_inclusive('\n').count() >= 2
                && matches!(last.trim_end(), "---" | "...")
                && (last.ends_with('\n') || doc.body.start() == text.len()),
            "front matter {fm:?} does not close with a whole `---` or `...` line"
        );
    }
    if let Some(title) = &doc.title {
        ensure!(!title.is_empty(), "empty title");
        ensure!(!title.contains('\n'), "title {title:?} spans lines");
    }
    match (doc.date, doc.date_source) {
        (None, DateSource::None) => {}
        (Some(_), DateSource::Option | DateSource::FrontMatter) => {}
        (date, source) => return Err(format!("date {date:?} with source {source:?}")),
    }
    if text.trim().is_empty() {
        ensure!(
            doc.warnings.iter().any(|w| w.contains("empty")),
            "a blank document without an `empty` warning"
        );
    }
    Ok(())
}

/// Checks what [`Document::from_bytes`] made of `bytes` (given with no `--doc-date`): a document exactly when
/// the bytes are NUL-free UTF-8 after an optional byte-order mark, and then one that passes
/// [`check_document`] and equals what [`Document::from_str`] makes of the same text; otherwise an error whose
/// offset, if it names one, is that of the first NUL byte or the first invalid UTF-8 sequence.
pub fn check_loaded(bytes: &[u8], loaded: &Result<Document, LoadError>) -> CheckResult {
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let first_nul = bytes.iter().position(|&b| b == 0);
    let decoded = std::str::from_utf8(&bytes[bom..]);
    match (loaded, first_nul, decoded) {
        (Ok(doc), None, Ok(text)) => {
            ensure!(doc.text == text, "loaded text differs from the input bytes");
            ensure!(!doc.text.contains('\0'), "a loaded text holds a NUL byte");
            check_document(doc)?;
            // The same input as a string: `from_str` removes the byte-order mark itself.
            let whole = std::str::from_utf8(bytes).expect("a BOM and UTF-8 are UTF-8");
            let again = Document::from_str(&doc.path, whole, None);
            ensure!(
                (
                    &again.text,
                    again.body,
                    &again.title,
                    again.date,
                    &again.warnings
                ) == (&doc.text, doc.body, &doc.title, doc.date, &doc.warnings),
                "from_bytes and from_str disagree on the same text"
            );
            if bom == 0 {
                ensure!(
                    again.sha256 == doc.sha256,
                    "from_bytes and from_str hash the same text differently"
                );
            }
            Ok(())
        }
        (Ok(_), _, _) => Err(format!(
            "loaded a document from bytes with a NUL at {first_nul:?} or invalid UTF-8 ({:?})",
            decoded.err()
        )),
        (Err(e), None, Ok(_)) => Err(format!("refused NUL-free UTF-8 with {e:?}")),
        (Err(e), _, _) => {
            // `if let` rather than `match`: other kinds of load error (a guessed encoding) name no offset.
            if let LoadError::Binary { offset, .. } = e {
                ensure!(
                    first_nul == Some(*offset),
                    "{e:?}, but the first NUL byte is at {first_nul:?}"
                );
            } else if let LoadError::NotUtf8 { offset, .. } = e {
                let want = decoded.err().map(|d| bom + d.valid_up_to());
                ensure!(
                    want == Some(*offset),
                    "{e:?}, but the first invalid UTF-8 is at {want:?}"
                );
            }
            Ok(())
        }
    }
}

/// Checks the next span of a sequence in `text[range]`: on character boundaries, non-empty, inside the range,
/// and not before `prev`, where the previous one ends. Messages call the span `what` and the range `within`
/// (`segment`, `the body`).
fn check_next(
    text: &str,
    span: ByteSpan,
    prev: usize,
    what: &str,
    range: ByteSpan,
    within: &str,
) -> CheckResult {
    check_span(text, span, what)?;
    ensure!(!span.is_empty(), "empty {what} at {span:?}");
    ensure!(
        range.contains(span),
        "{what} {span:?} outside {within} {range:?}"
    );
    ensure!(
        span.start() >= prev,
        "{what} {span:?} starts before the previous one ends at {prev}"
    );
    Ok(())
}

/// Checks the tokens of `text[range]`: in range, on character boundaries, non-empty, in order and disjoint,
/// with only whitespace between them, and each kind matching its first character.
pub fn check_tokens(text: &str, range: ByteSpan, tokens: &[Token]) -> CheckResult {
    let mut prev = range.start();
    for t in tokens {
        check_next(text, t.span, prev, "token", range, "its range")?;
        let gap = &text[prev..t.span.start()];
        ensure!(
            gap.chars().all(char::is_whitespace),
            "text {gap:?} before token {:?} is not whitespace and belongs to no token",
            t.span
        );
        let s = t.span.slice(text);
        let first = s.chars().next().expect("non-empty");
        match t.kind {
            TokenKind::Number => ensure!(
                first.is_ascii_digit(),
                "number token {s:?} does not start with a digit"
            ),
            TokenKind::Word => ensure!(
                first.is_alphanumeric() && !first.is_ascii_digit(),
                "word token {s:?} does not start with a letter"
            ),
            TokenKind::Punct => ensure!(
                !first.is_alphanumeric()
                    && (s.chars().count() == 1 || s.bytes().all(|b| b == b'.')),
                "punctuation token {s:?} is not one mark or a run of periods"
            ),
        }
        if t.kind != TokenKind::Punct {
            ensure!(
                !s.contains(char::is_whitespace),
                "token {s:?} holds whitespace"
            );
        }
        prev = t.span.end();
    }
    let tail = &text[prev..range.end()];
    ensure!(
        tail.chars().all(char::is_whitespace),
        "text {tail:?} after the last token belongs to no token"
    );
    Ok(())
}

/// Checks the segments of `text[body]`: in the body, on character boundaries, non-empty, trimmed, in order
/// and disjoint.
pub fn check_segments(text: &str, body: ByteSpan, segments: &[Segment]) -> CheckResult {
    let mut prev = body.start();
    for s in segments {
        check_next(text, s.span, prev, "segment", body, "the body")?;
        ensure!(
            is_trimmed(s.span.slice(text)),
            "segment {:?} is not trimmed",
            s.span.slice(text)
        );
        prev = s.span.end();
    }
    Ok(())
}

fn finite(what: &str, xs: &[Option<f64>]) -> CheckResult {
    for x in xs.iter().flatten() {
        ensure!(x.is_finite(), "{what} value holds a non-finite number {x}");
    }
    Ok(())
}

fn check_value(fact_type: FactType, value: &Value) -> CheckResult {
    match (fact_type, value) {
        (FactType::Date, Value::Date(d)) => {
            ensure!(!d.timex.is_empty(), "date with an empty timex");
        }
        (FactType::Percentage, Value::Percentage(p)) => {
            finite("percentage", &[p.amount, p.fraction, p.low, p.high])?;
        }
        (FactType::Money, Value::Money(m)) => {
            finite("money", &[m.amount, m.low, m.high])?;
        }
        (FactType::Quantity, Value::Quantity(q)) => {
            finite("quantity", &[Some(q.amount), q.total])?;
        }
        (FactType::Organization, Value::Organization(o)) => {
            ensure!(!o.name.is_empty(), "organization with an empty name");
        }
        (FactType::Policy, Value::Policy(p)) => {
            ensure!(!p.name.is_empty(), "policy with an empty name");
        }
        (t, v) => return Err(format!("a {t:?} fact holds a value of another type: {v:?}")),
    }
    Ok(())
}

type EntityKey = (FactType, Option<String>, String);

fn entity_key(fact_type: FactType, value: &Value) -> Option<EntityKey> {
    match value {
        Value::Organization(o) => Some((fact_type, o.id.clone(), o.name.clone())),
        Value::Policy(p) => Some((fact_type, p.id.clone(), p.name.clone())),
        _ => None,
    }
}

/// Checks a record against the document it was extracted from (see the module docs for the list).
pub fn check_record(doc: &Document, record: &Record) -> CheckResult {
    let text = &doc.text;
    let pos = Positions::new(text);

    let info = &record.document;
    ensure!(info.path == doc.path, "document path {:?}", info.path);
    ensure!(info.sha256 == doc.sha256, "document sha256 differs");
    ensure!(info.title == doc.title, "document title {:?}", info.title);
    ensure!(
        info.bytes == text.len(),
        "document bytes {} for a text of {}",
        info.bytes,
        text.len()
    );
    match doc.date {
        Some(d) => ensure!(
            info.date == Some(d.to_string()) && info.date_source == doc.date_source,
            "document date {:?} ({:?}), expected {d} ({:?})",
            info.date,
            info.date_source,
            doc.date_source
        ),
        None => ensure!(
            matches!(
                (&info.date, info.date_source),
                (None, DateSource::None) | (Some(_), DateSource::Dateline)
            ),
            "document date {:?} with source {:?} for a document without one",
            info.date,
            info.date_source
        ),
    }
    let body_claims = record
        .claims
        .iter()
        .filter(|c| c.role == crate::record::Role::Body)
        .count();
    ensure!(
        info.sentences >= body_claims,
        "{body_claims} body claims from {} sentences",
        info.sentences
    );
    ensure!(
        record
            .claims
            .iter()
            .filter(|c| c.role == crate::record::Role::Title)
            .count()
            <= 1,
        "more than one title claim"
    );

    let mut ids = HashSet::new();
    // A title claim may point into the front matter, before the body.
    let mut prev_claim_end = match record.claims.first() {
        Some(c) if c.role == crate::record::Role::Title => 0,
        _ => doc.body.start(),
    };
    let mut counts: HashMap<FactType, usize> = HashMap::new();
    let mut mentions: HashMap<EntityKey, Vec<ByteSpan>> = HashMap::new();
    for (ci, claim) in record.claims.iter().enumerate() {
        let what = format!("claim #{ci}");
        check_location(text, &pos, &what, &claim.text, &claim.location)?;
        let span = claim.location.span;
        ensure!(!span.is_empty(), "{what} is empty");
        ensure!(
            doc.body.contains(span),
            "{what} at {span:?} lies outside the body {:?}",
            doc.body
        );
        ensure!(
            span.start() >= prev_claim_end,
            "{what} at {span:?} starts before the previous claim ends at {prev_claim_end}"
        );
        prev_claim_end = span.end();
        ensure!(
            is_trimmed(&claim.text),
            "{what} {:?} is not trimmed",
            claim.text
        );
        ensure!(
            claim.id.len() == 16
                && claim
                    .id
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
            "{what} id {:?} is not 16 lowercase hex digits",
            claim.id
        );
        ensure!(ids.insert(&claim.id), "{what} id {} repeats", claim.id);
        ensure!(!claim.facts.is_empty(), "{what} has no facts");

        let mut kinds: Vec<ClaimKind> = claim
            .facts
            .iter()
            .map(|f| f.fact_type.claim_kind())
            .collect();
        kinds.sort();
        kinds.dedup();
        ensure!(
            claim.kinds == kinds,
            "{what} kinds {:?}, its facts make {kinds:?}",
            claim.kinds
        );

        let mut prev_fact_end = span.start();
        for (fi, fact) in claim.facts.iter().enumerate() {
            let what = format!("{what} fact #{fi} ({})", fact.rule);
            check_location(text, &pos, &what, &fact.text, &fact.location)?;
            let fs = fact.location.span;
            ensure!(!fs.is_empty(), "{what} is empty");
            ensure!(
                span.contains(fs),
                "{what} at {fs:?} lies outside its claim {span:?}"
            );
            ensure!(
                fs.start() >= prev_fact_end,
                "{what} at {fs:?} starts before the previous fact ends at {prev_fact_end}"
            );
            prev_fact_end = fs.end();
            ensure!(!fact.rule.is_empty(), "{what} names no rule");
            check_value(fact.fact_type, &fact.value).map_err(|e| format!("{what}: {e}"))?;
            *counts.entry(fact.fact_type).or_default() += 1;
            if let Some(key) = entity_key(fact.fact_type, &fact.value) {
                mentions.entry(key).or_default().push(fs);
            }
        }
    }

    ensure!(
        record.stats.claims == record.claims.len(),
        "stats count {} claims, the record holds {}",
        record.stats.claims,
        record.claims.len()
    );
    for t in FactType::ALL {
        let n = counts.get(&t).copied().unwrap_or(0);
        ensure!(
            record.stats.facts.get(t) == n,
            "stats count {} {t:?} facts, the record holds {n}",
            record.stats.facts.get(t)
        );
    }

    let mut prev_first = None;
    for (ei, row) in record.entities.iter().enumerate() {
        let key = (row.fact_type, row.id.clone(), row.name.clone());
        let Some(spans) = mentions.remove(&key) else {
            return Err(format!(
                "entity #{ei} {:?} matches no fact (or repeats)",
                row.name
            ));
        };
        ensure!(
            row.spans == spans && row.mentions == spans.len(),
            "entity #{ei} {:?}: {} mentions at {:?}, its facts are at {spans:?}",
            row.name,
            row.mentions,
            row.spans
        );
        let first = spans[0].start();
        ensure!(
            prev_first.is_none_or(|p| p < first),
            "entity #{ei} {:?} is out of first-mention order",
            row.name
        );
        prev_first = Some(first);
    }
    if let Some((key, _)) = mentions.into_iter().next() {
        return Err(format!("facts of entity {key:?} have no entity row"));
    }
    Ok(())
}

/// Checks that no fact's text starts or ends with whitespace: true of the embedded rules, whose `fact` captures
/// start and end on a word or a mark, but up to the author of any other rule file.
pub fn check_facts_trimmed(record: &Record) -> CheckResult {
    for (ci, claim) in record.claims.iter().enumerate() {
        for (fi, fact) in claim.facts.iter().enumerate() {
            ensure!(
                is_trimmed(&fact.text),
                "claim #{ci} fact #{fi} ({}) {:?} is not trimmed",
                fact.rule,
                fact.text
            );
        }
    }
    Ok(())
}

/// Serializes a record the way the JSON Lines writer does; the determinism checks compare these.
pub fn record_json(record: &Record) -> Result<String, String> {
    serde_json::to_string(record).map_err(|e| format!("record does not serialize: {e}"))
}

/// The `loader` fuzz target's checks: `bytes` loaded by [`Document::from_bytes`] pass [`check_loaded`].
pub fn check_loader_input(bytes: &[u8]) -> CheckResult {
    let loaded = Document::from_bytes("fuzz.txt", bytes.to_vec(), None);
    check_loaded(bytes, &loaded)
}

/// The `segment` fuzz target's checks: when `bytes` are UTF-8, [`check_segmentation`] holds for them.
pub fn check_segment_input(bytes: &[u8], rules: &SegmentRules) -> CheckResult {
    match std::str::from_utf8(bytes) {
        Ok(text) => check_segmentation(text, rules),
        Err(_) => Ok(()),
    }
}

/// The document made of `text` is segmented with `rules`, and the segments, the tokens of the whole text and
/// the tokens of every segment pass [`check_segments`] and [`check_tokens`]; segmenting twice gives the same
/// segments, and segmenting the whole text without a title passes too.
pub fn check_segmentation(text: &str, rules: &SegmentRules) -> CheckResult {
    let doc = Document::from_str("fuzz.txt", text, None);
    check_document(&doc)?;
    let whole = ByteSpan::new(0, doc.text.len());
    let tokens: Vec<Token> = tokenize(&doc.text, whole).collect();
    check_tokens(&doc.text, whole, &tokens)?;
    let view = doc.view();
    check_view(&doc.text, &view)?;
    let vwhole = ByteSpan::new(0, view.text.len());
    let segments = segment(&view, rules);
    check_segments(&view.text, vwhole, &segments)?;
    for s in &segments {
        let tokens: Vec<Token> = tokenize(&view.text, s.span).collect();
        check_tokens(&view.text, s.span, &tokens)?;
    }
    let again = segment(&doc.view(), rules);
    ensure!(
        again == segments,
        "segmenting twice gave different segments"
    );
    // Without a title and over the whole text, front matter included, as plain text and as Markdown.
    for format in [Format::Text, Format::Markdown] {
        let view = View::new(&doc.text, whole, format, None, &[], &[]);
        check_view(&doc.text, &view)?;
        let untitled = segment(&view, rules);
        check_segments(&view.text, ByteSpan::new(0, view.text.len()), &untitled)?;
    }
    Ok(())
}

/// Checks a rendering against its file: blocks in order, non-empty, trimmed and separated by a blank line;
/// no white space but single spaces inside a block; every rendered span maps to a file span in bounds, on
/// character boundaries, and the map keeps order.
pub fn check_view(file: &str, view: &View) -> CheckResult {
    let text = view.text.as_str();
    let mut prev_end = 0;
    let mut prev_file = ByteSpan::new(0, 0);
    for (i, b) in view.blocks.iter().enumerate() {
        ensure!(!b.span.is_empty(), "block {i} is empty");
        ensure!(
            b.span.end() <= text.len()
                && text.is_char_boundary(b.span.start())
                && text.is_char_boundary(b.span.end()),
            "block {i} {:?} is out of the rendering or off a character boundary",
            b.span
        );
        let expected = if i == 0 { 0 } else { prev_end + 2 };
        ensure!(
            b.span.start() == expected,
            "block {i} starts at {} instead of {expected}",
            b.span.start()
        );
        let t = b.span.slice(text);
        ensure!(
            t.trim() == t && !t.contains("  ") && !t.contains(['\n', '\r', '\t']),
            "block {i} {t:?} is not folded"
        );
        let f = view.to_file(b.span);
        ensure!(
            f.end() <= file.len()
                && file.is_char_boundary(f.start())
                && file.is_char_boundary(f.end()),
            "block {i} maps to {f:?}, outside the file or off a character boundary"
        );
        ensure!(
            f.start() >= prev_file.end(),
            "block {i} maps to {f:?}, before the previous block's {prev_file:?}"
        );
        prev_end = b.span.end();
        prev_file = f;
    }
    ensure!(
        view.blocks.last().map_or(0, |b| b.span.end()) == text.len(),
        "the rendering has text after its last block"
    );
    Ok(())
}

/// The `extract` fuzz target's checks on one document: its analysis segments pass [`check_segments`], every
/// claim is one of its sentences, the record passes [`check_record`], and extracting again gives
/// byte-identical JSON.
pub fn check_extraction(extractor: &Extractor, doc: &Document) -> CheckResult {
    check_document(doc)?;
    let analysis = extractor.analyze(doc);
    check_view(&doc.text, &analysis.view)?;
    check_segments(
        &analysis.view.text,
        ByteSpan::new(0, analysis.view.text.len()),
        &analysis.segments,
    )?;
    let record = extractor.record(doc, &analysis);
    check_record(doc, &record)?;
    let sentences = analysis
        .segments
        .iter()
        .filter(|s| s.kind == SegmentKind::Sentence)
        .count();
    ensure!(
        record.document.sentences == sentences,
        "record counts {} sentences, the analysis has {sentences}",
        record.document.sentences,
    );
    let claimable: HashSet<(ByteSpan, crate::record::Role)> = analysis
        .segments
        .iter()
        .filter(|s| s.kind != SegmentKind::Boilerplate)
        .map(|s| {
            (
                analysis.view.to_file(s.span),
                crate::record::Role::of(s.kind),
            )
        })
        .collect();
    for c in &record.claims {
        ensure!(
            claimable.contains(&(c.location.span, c.role)),
            "claim {:?} at {:?} is not a segment of its role",
            c.text,
            c.location.span
        );
    }
    let first = record_json(&record)?;
    let second = record_json(&extractor.extract(doc))?;
    ensure!(
        first == second,
        "extracting twice gave different records:\n{}",
        first_difference(&first, &second)
    );
    Ok(())
}

/// Publication dates for [`check_extract_input`], picked by input length: none, an ordinary day, a leap day
/// and both ends of the calendar (where relative dates run off it).
const DOC_DATES: [Option<(i32, u32, u32)>; 5] = [
    None,
    Some((2025, 11, 24)),
    Some((2024, 2, 29)),
    Some((1, 1, 1)),
    Some((9999, 12, 31)),
];

/// The `extract` fuzz target's checks, for extractors holding the embedded rules: when `bytes` are UTF-8,
/// [`check_extraction`] and [`check_facts_trimmed`] hold for the document made of them (with a `--doc-date`
/// from `DOC_DATES` picked by the input's length) with the first extractor; the second, built separately
/// from the same rules, gives a byte-identical record (no hash-map order leaks into output); and
/// [`Document::from_bytes`] gives the same record as [`Document::from_str`] (up to the hash, which covers a
/// byte-order mark only when read from bytes).
pub fn check_extract_input(extractors: [&Extractor; 2], bytes: &[u8]) -> CheckResult {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Ok(());
    };
    let [extractor, other] = extractors;
    let date = DOC_DATES[bytes.len() % DOC_DATES.len()].and_then(|(y, m, d)| Date::new(y, m, d));
    let doc = Document::from_str("fuzz.txt", text, date);
    check_extraction(extractor, &doc)?;
    let mut a = extractor.extract(&doc);
    check_facts_trimmed(&a)?;
    let b = other.extract(&doc);
    let (ja, jb) = (record_json(&a)?, record_json(&b)?);
    ensure!(
        ja == jb,
        "two extractors built from the same rules disagree:\n{}",
        first_difference(&ja, &jb)
    );
    if let Ok(loaded) = Document::from_bytes("fuzz.txt", bytes.to_vec(), date) {
        let mut b = extractor.extract(&loaded);
        a.document.sha256.clear();
        b.document.sha256.clear();
        let (a, b) = (record_json(&a)?, record_json(&b)?);
        ensure!(
            a == b,
            "from_str and from_bytes records differ:\n{}",
            first_difference(&a, &b)
        );
    }
    Ok(())
}

/// A short sample article the `rules` checks extract from with a fuzzed rule set.
const SAMPLE: &str = "Sample\n\nOn January 5, 2026, the Department of Energy (DOE) said 74 percent of \
                      24 organizations met Section 5(c) of Executive Order 14110. DOE spent $5 million.\n";

/// The `rules` fuzz target's checks: when `bytes` are UTF-8, [`check_rule_file`] holds for them, compiled
/// alone when their length is odd and after the embedded lexicons when it is even (the mode costs no input
/// byte, so any rule file is a seed as it is).
pub fn check_rules_input(bytes: &[u8]) -> CheckResult {
    match std::str::from_utf8(bytes) {
        Ok(toml) => check_rule_file(toml, bytes.len().is_multiple_of(2)),
        Err(_) => Ok(()),
    }
}

/// Compiling `toml` as one rule file (alone, or after the embedded `lexicons.toml` and `abbreviations.toml`
/// when `with_lexicons`) returns `Ok` or `Err` without panicking; errors name a line inside the file; a rule
/// set that compiles extracts records that pass [`check_extraction`] from a sample article and from the file's
/// own text, and runs its own examples.
pub fn check_rule_file(toml: &str, with_lexicons: bool) -> CheckResult {
    let name = "fuzz.toml".to_string();
    let mut sources: Vec<(String, String)> = Vec::new();
    if with_lexicons {
        for (n, t) in crate::rules::EMBEDDED_RULES {
            if n.ends_with("/lexicons.toml") || n.ends_with("/abbreviations.toml") {
                sources.push((n.to_string(), t.to_string()));
            }
        }
    }
    sources.push((name.clone(), toml.to_string()));
    let lines = toml.lines().count().max(1);
    match RuleSet::from_sources(&sources) {
        Err(errors) => {
            ensure!(!errors.0.is_empty(), "an error without a message");
            for e in &errors.0 {
                ensure!(
                    !e.message.is_empty() && e.line >= 1,
                    "error without a message or line: {e:?}"
                );
                if e.file == name {
                    ensure!(
                        e.line <= lines + 1,
                        "error at line {} of a {lines}-line file: {e}",
                        e.line
                    );
                }
            }
            Ok(())
        }
        Ok(rules) => {
            let extractor = Extractor::new(rules);
            for text in [SAMPLE, toml] {
                let doc = Document::from_str("fuzz.txt", text, None);
                check_extraction(&extractor, &doc)?;
            }
            let _ = crate::tools::ruletest::run(&extractor);
            Ok(())
        }
    }
}

/// The first line where two JSON strings differ, with a little context, for failure messages.
fn first_difference(a: &str, b: &str) -> String {
    let at = a
        .bytes()
        .zip(b.bytes())
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let from = at.saturating_sub(80);
    let mut out = String::new();
    let cut = |s: &str| -> String {
        s.get(from..(at + 80).min(s.len()))
            .unwrap_or_else(|| s.get(from.min(s.len())..).unwrap_or(""))
            .to_string()
    };
    let _ = write!(out, "  left:  …{}…\n  right: …{}…", cut(a), cut(b));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extractor() -> &'static Extractor {
        static E: std::sync::OnceLock<Extractor> = std::sync::OnceLock::new();
        E.get_or_init(|| Extractor::embedded().expect("embedded rules"))
    }

    #[test]
    fn a_real_record_passes() {
        let text = "Title\n\nThe US controls 74 percent of AI compute.\r\nIn January 2026, the \
                    Department of Energy (DOE) said so. DOE — café 🙂 — agreed.\n";
        let doc = Document::from_str("a.txt", text, None);
        check_extraction(extractor(), &doc).unwrap();
        check_segment_input(text.as_bytes(), &extractor().rules().segment).unwrap();
        check_extract_input([extractor(), extractor()], text.as_bytes()).unwrap();
        check_rule_file("family = \"x\"\n", false).unwrap();
        check_loader_input(text.as_bytes()).unwrap();
    }

    #[test]
    fn a_tampered_record_fails() {
        let doc = Document::from_str("a.txt", "T\n\nIt rose 5 percent in 2026.\n", None);
        let record = extractor().extract(&doc);
        check_record(&doc, &record).unwrap();

        let mut bad = record.clone();
        let span = &mut bad.claims[0].facts[0].location.span;
        *span = ByteSpan::new(span.start(), span.end() + 1);
        assert!(check_record(&doc, &bad).unwrap_err().contains("differs"));

        let mut bad = record.clone();
        bad.claims[0].facts[0].location.column += 1;
        assert!(
            check_record(&doc, &bad)
                .unwrap_err()
                .contains("line:column")
        );

        let mut bad = record.clone();
        bad.claims[0].facts.reverse();
        assert!(
            check_record(&doc, &bad)
                .unwrap_err()
                .contains("previous fact")
        );

        let mut bad = record;
        bad.stats.claims = 7;
        assert!(check_record(&doc, &bad).unwrap_err().contains("stats"));
    }

    #[test]
    fn broken_tokens_and_segments_fail() {
        let text = "ab cd";
        let whole = ByteSpan::new(0, text.len());
        let tok = |s, e, kind| Token {
            kind,
            span: ByteSpan::new(s, e),
        };
        assert!(check_tokens(text, whole, &[tok(0, 2, TokenKind::Word)]).is_err());
        assert!(
            check_tokens(
                text,
                whole,
                &[tok(3, 5, TokenKind::Word), tok(0, 2, TokenKind::Word)]
            )
            .is_err()
        );
        let seg = |s, e| Segment {
            kind: SegmentKind::Sentence,
            span: ByteSpan::new(s, e),
            why: crate::text::Why::Sentence,
        };
        assert!(
            check_segments(text, whole, &[seg(0, 3)]).is_err(),
            "untrimmed"
        );
        assert!(check_segments("é", ByteSpan::new(0, 2), &[seg(0, 1)]).is_err());
    }

    #[test]
    fn load_errors_are_checked() {
        check_loader_input(b"ab\0c").unwrap();
        check_loader_input(b"\xEF\xBB\xBFok \xff").unwrap();
        check_loader_input(b"---\ntitle: x\n---\nBody.").unwrap();
        let wrong = Document::from_bytes("f", b"ab\0c".to_vec(), None);
        assert!(check_loaded(b"abc", &wrong).is_err());
        let wrong = Document::from_bytes("f", b"abc".to_vec(), None);
        assert!(check_loaded(b"ab\0c", &wrong).is_err());
    }
}
