//! Scoring extraction against gold annotations, the way TempEval-3 scores temporal taggers.
//!
//! A gold file is JSON Lines, one document (usually one sentence) per line:
//!
//! ```json
//! {"text": "It rose 74 percent in 2027.", "doc_date": "2025-11-28",
//!  "facts": [{"type": "date", "start": 22, "end": 26, "value": {"timex": "2027"}}]}
//! ```
//!
//! `start` and `end` are a half-open range in Unicode code points (Python `str` indexing), `doc_date` is the
//! publication date (`YYYY-MM-DD` or null) and `value` holds only the fields the annotator is sure of. Other
//! keys (a `category`, a comment) are ignored. Blank lines are skipped.
//!
//! Such a document is extracted as one sentence ([`Extractor::analyze_sentence`]) and every fact of its record
//! is a system fact. A line may instead name a whole file, for gold that needs the document around a mention
//! (definitions, the document's own instrument):
//!
//! ```json
//! {"path": "corpus-raw/2024-10-11-notice.md", "sha256": "…",
//!  "facts": [{"type": "policy", "start": 412, "end": 433, "text": "Executive Order 12978",
//!             "value": {"id": "eo-12978"}}]}
//! ```
//!
//! The path is relative to the documents folder ([`load_gold_in`]); the file is read whole, front matter and
//! all, and spans are code points into it. A `sha256`, when given, must be the file's, and a fact's `text`,
//! when given, must be the file's text at its span, so gold cannot silently drift from the file it annotates.
//! The file is extracted as `extract` would ([`Extractor::analyze`]), and only facts in its body (after the
//! front matter) are system facts: the front matter is not annotated.
//!
//! Per fact type, [`score`] reports:
//!
//! * **strict** precision, recall and F1: a true positive is a system fact with exactly the gold span;
//! * **relaxed** precision, recall and F1: spans overlap; gold and system facts are paired one to one,
//!   greedily by largest overlap (ties: the closer boundaries, then text order);
//! * **value accuracy**: of the relaxed pairs, the share whose system value holds every field of the gold
//!   value ([`value_matches`]: numbers compared numerically, a gold `null` matching an absent field);
//! * **value F1** (TempEval-3 "attribute F1"): precision and recall where a true positive needs a relaxed
//!   match *and* a correct value.
//!
//! [`Scores::table`] renders the figures as a Markdown table and [`Scores::errors`] lists every missed,
//! spurious, mis-spanned and mis-valued fact for debugging.
//!
//! ## A decisions file as gold
//!
//! A reviewer's decisions file ([`crate::tools::decisions`]) is gold too: [`load_reviewed`] reads every
//! reviewed document (its `sha256` must still be the file's), and [`score_decisions`] extracts each one as
//! `extract` would and compares, per fact type, the run's facts with the decisions on them, matched by type
//! and code-point span (the decision key):
//!
//! * the gold is the facts decided `accepted` or `added`; a run's fact at an accepted or added one is a
//!   true positive, one at a rejected one a false positive, and a gold fact the run lacks a false negative;
//! * value accuracy is over the true positives at accepted facts: right when the run's value equals the
//!   accepted one (numbers numerically);
//! * a fact rejected for its `wrong value` that the run now gives another value is *changed*: nobody has
//!   judged the new value, so it counts in neither precision nor recall;
//! * a run's fact no decision covers is *unreviewed*, and flagged facts are counted, both outside the scores;
//! * claim decisions are counted (accepted, rejected, flagged) but scored nowhere.

use std::fmt::Write as _;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;
use serde_json::Value as Json;
use sha2::{Digest as _, Sha256};

use crate::document::Document;
use crate::model::date::Date;
use crate::model::value::{FactType, value_matches};
use crate::pipeline::Extractor;
use crate::text::OffsetMap;
use crate::tools::decisions::{Decision, Reason, Target, Verdict};

/// One annotated document of a gold file.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldDoc {
    /// The 1-based line of the gold file it came from (0 when built by hand).
    pub line: usize,
    /// The file it annotates, as the gold line names it; `None` for a one-sentence document.
    pub path: Option<String>,
    /// The document text: the sentence, or the whole file.
    pub text: String,
    /// The publication date relative expressions are resolved against.
    pub doc_date: Option<Date>,
    /// The annotated facts.
    pub facts: Vec<GoldFact>,
}

/// One annotated fact.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldFact {
    /// Its type.
    pub fact_type: FactType,
    /// First code point of the span.
    pub start: usize,
    /// One past the last code point of the span.
    pub end: usize,
    /// The value fields the system value must hold (an empty object when the gold states none).
    pub value: Json,
}

#[derive(Deserialize)]
struct RawDoc {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    sha256: Option<String>,
    #[serde(default)]
    doc_date: Option<String>,
    #[serde(default)]
    facts: Vec<RawFact>,
}

#[derive(Deserialize)]
struct RawFact {
    #[serde(rename = "type")]
    fact_type: String,
    start: usize,
    end: usize,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    value: Option<Json>,
}

/// Parses a gold file of one-sentence documents (JSON Lines); every error names its 1-based line. A line
/// naming a file is read relative to the current folder.
pub fn load_gold(text: &str) -> Result<Vec<GoldDoc>, String> {
    load_gold_in(text, Path::new("."))
}

/// Parses a gold file (JSON Lines) whose `path` lines name files under `docs`; every error names its 1-based
/// line.
pub fn load_gold_in(text: &str, docs_dir: &Path) -> Result<Vec<GoldDoc>, String> {
    let mut docs = Vec::new();
    for (i, raw_line) in text.lines().enumerate() {
        let line = i + 1;
        if raw_line.trim().is_empty() {
            continue;
        }
        let raw: RawDoc =
            serde_json::from_str(raw_line).map_err(|e| format!("line {line}: {e}"))?;
        let (path, text) = match (raw.text, raw.path) {
            (Some(t), None) => (None, t),
            (None, Some(p)) => {
                let file = docs_dir.join(&p);
                let bytes = std::fs::read(&file)
                    .map_err(|e| format!("line {line}: {}: {e}", file.display()))?;
                let sha = crate::model::util::hex(&Sha256::digest(&bytes));
                if let Some(want) = &raw.sha256
                    && *want != sha
                {
                    return Err(format!(
                        "line {line}: {}: the file has changed since it was annotated (sha256 {sha}, gold says {want})",
                        file.display()
                    ));
                }
                let t = String::from_utf8(bytes)
                    .map_err(|_| format!("line {line}: {}: not UTF-8", file.display()))?;
                (Some(p), t)
            }
            _ => {
                return Err(format!(
                    "line {line}: a gold document has either \"text\" or \"path\", not both or neither"
                ));
            }
        };
        let doc_date = match raw.doc_date.as_deref() {
            None => None,
            Some(s) => Some(Date::parse(s).ok_or_else(|| {
                format!("line {line}: doc_date {s:?} is not a YYYY-MM-DD calendar date")
            })?),
        };
        let chars: Vec<char> = text.chars().collect();
        let len = chars.len();
        let mut facts = Vec::with_capacity(raw.facts.len());
        for (k, f) in raw.facts.into_iter().enumerate() {
            let n = k + 1;
            let fact_type = FactType::parse(&f.fact_type)
                .ok_or_else(|| format!("line {line}: fact {n}: unknown type {:?}", f.fact_type))?;
            if f.start >= f.end || f.end > len {
                return Err(format!(
                    "line {line}: fact {n}: span {}..{} is empty or outside the text ({len} code points)",
                    f.start, f.end
                ));
            }
            if let Some(want) = &f.text
                && path.is_some()
            {
                let got: String = chars[f.start..f.end].iter().collect();
                if got != *want {
                    return Err(format!(
                        "line {line}: fact {n}: the file's text at {}..{} is {got:?}, not {want:?}",
                        f.start, f.end
                    ));
                }
            }
            let value = match f.value {
                None | Some(Json::Null) => Json::Object(Default::default()),
                Some(v @ Json::Object(_)) => v,
                Some(other) => {
                    return Err(format!(
                        "line {line}: fact {n}: value must be an object, not {other}"
                    ));
                }
            };
            facts.push(GoldFact {
                fact_type,
                start: f.start,
                end: f.end,
                value,
            });
        }
        docs.push(GoldDoc {
            line,
            path,
            text,
            doc_date,
            facts,
        });
    }
    Ok(docs)
}

/// A true-positive count with the sizes it is measured against.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Prf {
    /// True positives.
    pub tp: usize,
    /// System facts (the precision denominator).
    pub system: usize,
    /// Gold facts (the recall denominator).
    pub gold: usize,
}

impl Prf {
    /// `tp / system`, or `None` when the system found nothing.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.tp, self.system)
    }

    /// `tp / gold`, or `None` when the gold holds nothing.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.tp, self.gold)
    }

    /// The harmonic mean of precision and recall (an undefined one counting as 0), or `None` when both
    /// are undefined.
    pub fn f1(&self) -> Option<f64> {
        let (p, r) = (self.precision(), self.recall());
        if p.is_none() && r.is_none() {
            return None;
        }
        let (p, r) = (p.unwrap_or(0.0), r.unwrap_or(0.0));
        Some(if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        })
    }
}

fn ratio(n: usize, d: usize) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

/// The counts for one fact type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TypeScores {
    /// The fact type.
    pub fact_type: FactType,
    /// Gold facts.
    pub gold: usize,
    /// System facts.
    pub system: usize,
    /// System facts with exactly a gold span.
    pub strict: usize,
    /// Gold–system pairs with overlapping spans (one to one).
    pub relaxed: usize,
    /// Relaxed pairs whose system value holds every gold value field.
    pub value_correct: usize,
}

impl TypeScores {
    fn new(fact_type: FactType) -> TypeScores {
        TypeScores {
            fact_type,
            gold: 0,
            system: 0,
            strict: 0,
            relaxed: 0,
            value_correct: 0,
        }
    }

    fn prf(&self, tp: usize) -> Prf {
        Prf {
            tp,
            system: self.system,
            gold: self.gold,
        }
    }

    /// Exact-span precision, recall and F1.
    pub fn strict(&self) -> Prf {
        self.prf(self.strict)
    }

    /// Overlapping-span precision, recall and F1.
    pub fn relaxed(&self) -> Prf {
        self.prf(self.relaxed)
    }

    /// Correct values among relaxed matches, or `None` when nothing matched.
    pub fn value_accuracy(&self) -> Option<f64> {
        ratio(self.value_correct, self.relaxed)
    }

    /// TempEval-3 attribute F1: a true positive needs a relaxed match and a correct value.
    pub fn value(&self) -> Prf {
        self.prf(self.value_correct)
    }
}

/// What went wrong with one fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ErrorKind {
    /// A gold fact no system fact overlaps.
    Missed,
    /// A system fact no gold fact overlaps.
    Spurious,
    /// A relaxed match whose spans differ; the value is right.
    WrongSpan,
    /// A relaxed match whose system value lacks or contradicts a gold value field (the spans may differ too).
    WrongValue,
}

impl ErrorKind {
    fn label(self) -> &'static str {
        match self {
            ErrorKind::Missed => "missed",
            ErrorKind::Spurious => "spurious",
            ErrorKind::WrongSpan => "wrong span",
            ErrorKind::WrongValue => "wrong value",
        }
    }
}

/// One side of an error: a fact's text, code-point span and value.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorFact {
    /// The text at the span.
    pub text: String,
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The gold value, or the system's full value.
    pub value: Json,
    /// The rule that produced it (system facts only).
    pub rule: Option<String>,
}

/// One scoring error, for debugging.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalError {
    /// The gold file line of the document.
    pub line: usize,
    /// The fact type.
    pub fact_type: FactType,
    /// What went wrong.
    pub kind: ErrorKind,
    /// The gold fact (absent when spurious).
    pub gold: Option<ErrorFact>,
    /// The system fact (absent when missed).
    pub system: Option<ErrorFact>,
}

/// The result of [`score`].
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    /// Documents scored.
    pub docs: usize,
    /// One row per fact type present in the gold or the system output, in record order.
    pub by_type: Vec<TypeScores>,
    /// Every error, by fact type, then document, then position.
    pub errors: Vec<EvalError>,
}

/// A fact reduced to what scoring needs.
struct Item {
    fact_type: FactType,
    start: usize,
    end: usize,
    value: Json,
    rule: Option<String>,
}

/// Scores the extractor on every gold document: a sentence extracted as one sentence, a file as a whole
/// document (its body's facts).
pub fn score(ex: &Extractor, gold: &[GoldDoc]) -> Scores {
    let mut rows: Vec<TypeScores> = FactType::ALL.into_iter().map(TypeScores::new).collect();
    let mut errors = Vec::new();
    for g in gold {
        let (doc, a) = if let Some(p) = &g.path {
            let doc = Document::from_str(p, &g.text, g.doc_date);
            let a = ex.analyze(&doc);
            (doc, a)
        } else {
            let doc = Document::from_str("gold", &g.text, g.doc_date);
            let a = ex.analyze_sentence(&doc);
            (doc, a)
        };
        let rec = ex.record(&doc, &a);
        let body = doc.body.start();
        let system: Vec<Item> = rec
            .claims
            .iter()
            .flat_map(|c| &c.facts)
            .filter(|f| f.location.span.start() >= body)
            .map(|f| Item {
                fact_type: f.fact_type,
                start: f.location.chars.start(),
                end: f.location.chars.end(),
                value: serde_json::to_value(&f.value).unwrap_or(Json::Null),
                rule: Some(f.rule.clone()),
            })
            .collect();
        let gold_items: Vec<Item> = g
            .facts
            .iter()
            .map(|f| Item {
                fact_type: f.fact_type,
                start: f.start,
                end: f.end,
                value: f.value.clone(),
                rule: None,
            })
            .collect();
        score_doc(g, &gold_items, &system, &mut rows, &mut errors);
    }
    rows.retain(|r| r.gold > 0 || r.system > 0);
    errors.sort_by(|a, b| {
        let pos = |e: &EvalError| e.gold.as_ref().or(e.system.as_ref()).map_or(0, |f| f.start);
        (a.fact_type, a.line, pos(a)).cmp(&(b.fact_type, b.line, pos(b)))
    });
    Scores {
        docs: gold.len(),
        by_type: rows,
        errors,
    }
}

fn score_doc(
    g: &GoldDoc,
    gold: &[Item],
    system: &[Item],
    rows: &mut [TypeScores],
    errors: &mut Vec<EvalError>,
) {
    let chars: Vec<char> = g.text.chars().collect();
    let side = |it: &Item| ErrorFact {
        text: chars[it.start.min(chars.len())..it.end.min(chars.len())]
            .iter()
            .collect(),
        start: it.start,
        end: it.end,
        value: it.value.clone(),
        rule: it.rule.clone(),
    };
    for row in rows.iter_mut() {
        let t = row.fact_type;
        let gi: Vec<&Item> = gold.iter().filter(|f| f.fact_type == t).collect();
        let si: Vec<&Item> = system.iter().filter(|f| f.fact_type == t).collect();
        row.gold += gi.len();
        row.system += si.len();
        let gspans: Vec<(usize, usize)> = gi.iter().map(|f| (f.start, f.end)).collect();
        let sspans: Vec<(usize, usize)> = si.iter().map(|f| (f.start, f.end)).collect();
        row.strict += match_strict(&gspans, &sspans).len();
        let pairs = match_relaxed(&gspans, &sspans);
        let mut g_matched = vec![false; gi.len()];
        let mut s_matched = vec![false; si.len()];
        for &(a, b) in &pairs {
            g_matched[a] = true;
            s_matched[b] = true;
            row.relaxed += 1;
            let ok = value_matches(&gi[a].value, &si[b].value);
            if ok {
                row.value_correct += 1;
            }
            let kind = if !ok {
                ErrorKind::WrongValue
            } else if gspans[a] != sspans[b] {
                ErrorKind::WrongSpan
            } else {
                continue;
            };
            errors.push(EvalError {
                line: g.line,
                fact_type: t,
                kind,
                gold: Some(side(gi[a])),
                system: Some(side(si[b])),
            });
        }
        for (_, f) in gi.iter().enumerate().filter(|(a, _)| !g_matched[*a]) {
            errors.push(EvalError {
                line: g.line,
                fact_type: t,
                kind: ErrorKind::Missed,
                gold: Some(side(f)),
                system: None,
            });
        }
        for (_, f) in si.iter().enumerate().filter(|(b, _)| !s_matched[*b]) {
            errors.push(EvalError {
                line: g.line,
                fact_type: t,
                kind: ErrorKind::Spurious,
                gold: None,
                system: Some(side(f)),
            });
        }
    }
}

/// One-to-one pairs `(gold index, system index)` of identical spans, in gold order.
pub(crate) fn match_strict(
    gold: &[(usize, usize)],
    system: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    let mut used = vec![false; system.len()];
    let mut pairs = Vec::new();
    for (i, g) in gold.iter().enumerate() {
        if let Some(j) = (0..system.len()).find(|&j| !used[j] && system[j] == *g) {
            used[j] = true;
            pairs.push((i, j));
        }
    }
    pairs
}

/// One-to-one pairs `(gold index, system index)` of overlapping spans, chosen greedily by largest overlap;
/// ties go to the pair whose boundaries are closer, then to the earlier gold and system facts.
pub(crate) fn match_relaxed(
    gold: &[(usize, usize)],
    system: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    let mut candidates = Vec::new();
    for (i, &(gs, ge)) in gold.iter().enumerate() {
        for (j, &(ss, se)) in system.iter().enumerate() {
            let overlap = ge.min(se).saturating_sub(gs.max(ss));
            if overlap > 0 {
                let distance = gs.abs_diff(ss) + ge.abs_diff(se);
                candidates.push((std::cmp::Reverse(overlap), distance, i, j));
            }
        }
    }
    candidates.sort();
    let mut g_used = vec![false; gold.len()];
    let mut s_used = vec![false; system.len()];
    let mut pairs = Vec::new();
    for (_, _, i, j) in candidates {
        if !g_used[i] && !s_used[j] {
            g_used[i] = true;
            s_used[j] = true;
            pairs.push((i, j));
        }
    }
    pairs.sort_unstable();
    pairs
}

pub(crate) fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_string(), |v| format!("{:.1}", 100.0 * v))
}

impl Scores {
    /// The row for one fact type, if it appears in the gold or the system output.
    pub fn get(&self, fact_type: FactType) -> Option<&TypeScores> {
        self.by_type.iter().find(|r| r.fact_type == fact_type)
    }

    /// The same scores restricted to the fact types the gold annotates (at least one gold fact): a gold set
    /// of dates only then reports no spurious organizations or percentages.
    pub fn annotated_only(&self) -> Scores {
        let keep = |t: FactType| self.get(t).is_some_and(|r| r.gold > 0);
        Scores {
            docs: self.docs,
            by_type: self
                .by_type
                .iter()
                .filter(|r| keep(r.fact_type))
                .copied()
                .collect(),
            errors: self
                .errors
                .iter()
                .filter(|e| keep(e.fact_type))
                .cloned()
                .collect(),
        }
    }

    /// A Markdown table (percentages, `–` where undefined) followed by the raw counts.
    pub fn table(&self) -> String {
        let mut out = String::new();
        out.push_str(
            "| type | gold | system | strict P | strict R | strict F1 | relaxed P | relaxed R | relaxed F1 | value acc | value F1 |\n",
        );
        out.push_str("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for r in &self.by_type {
            let (s, x, v) = (r.strict(), r.relaxed(), r.value());
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                r.fact_type.as_str(),
                r.gold,
                r.system,
                pct(s.precision()),
                pct(s.recall()),
                pct(s.f1()),
                pct(x.precision()),
                pct(x.recall()),
                pct(x.f1()),
                pct(r.value_accuracy()),
                pct(v.f1()),
            );
        }
        let _ = writeln!(
            out,
            "\n{} documents; {} gold facts, {} system facts, {} errors.",
            self.docs,
            self.by_type.iter().map(|r| r.gold).sum::<usize>(),
            self.by_type.iter().map(|r| r.system).sum::<usize>(),
            self.errors.len(),
        );
        for r in &self.by_type {
            let _ = writeln!(
                out,
                "- {}: {} strict matches, {} relaxed matches, {} correct values",
                r.fact_type.as_str(),
                r.strict,
                r.relaxed,
                r.value_correct
            );
        }
        out
    }

    /// Every error, one per line: `line N [type] kind: "gold text" [start..end) value → "system text" …`.
    pub fn errors(&self) -> String {
        let mut out = String::new();
        let show = |f: &ErrorFact| {
            let rule = f
                .rule
                .as_deref()
                .map_or_else(String::new, |r| format!(" {r}"));
            format!("{:?} [{}..{}){rule} {}", f.text, f.start, f.end, f.value)
        };
        for e in &self.errors {
            let _ = write!(
                out,
                "line {} [{}] {}:",
                e.line,
                e.fact_type.as_str(),
                e.kind.label()
            );
            if let Some(g) = &e.gold {
                let _ = write!(out, " gold {}", show(g));
            }
            if e.gold.is_some() && e.system.is_some() {
                out.push_str(" →");
            }
            if let Some(s) = &e.system {
                let _ = write!(out, " system {}", show(s));
            }
            out.push('\n');
        }
        out
    }
}

/// A reviewed document: the file its decisions name, loaded, and those decisions.
#[derive(Debug, Clone)]
pub struct ReviewedDoc {
    /// The document, named by the decisions' `path`.
    pub doc: Document,
    /// The decisions on it, in file order.
    pub decisions: Vec<Decision>,
}

/// Reads the documents a decisions file reviewed, each from `docs_dir` joined with the decisions' `path`,
/// sorted by path; `doc_date` anchors relative dates as `extract --doc-date` does.
///
/// # Errors
///
/// A message naming the file when it cannot be read or loaded, when its SHA-256 is not the decisions' (the
/// reviewed text changed since), or when decisions on one path name two different versions of it.
pub fn load_reviewed(
    decisions: &[Decision],
    docs_dir: &Path,
    doc_date: Option<Date>,
) -> Result<Vec<ReviewedDoc>, String> {
    let mut by_path: BTreeMap<&str, Vec<&Decision>> = BTreeMap::new();
    for d in decisions {
        by_path.entry(&d.path).or_default().push(d);
    }
    let mut docs = Vec::with_capacity(by_path.len());
    for (path, ds) in by_path {
        let want = &ds[0].sha256;
        if let Some(other) = ds.iter().find(|d| d.sha256 != *want) {
            return Err(format!(
                "{}: the decisions review two versions of it (sha256 {want} and {})",
                crate::model::names::printable(path),
                other.sha256
            ));
        }
        let file = docs_dir.join(path);
        let shown = || crate::model::names::printable(&file.display().to_string()).into_owned();
        let bytes = crate::document::read::read_named_document(
            &file,
            crate::document::read::DEFAULT_MAX_DOC_BYTES,
        )
        .map_err(|e| format!("{}: {e}", shown()))?;
        let sha = crate::model::util::hex(&Sha256::digest(&bytes));
        if sha != *want {
            return Err(format!(
                "{}: the file has changed since it was reviewed (sha256 {sha}, the decisions say {want}); \
                 the decisions' spans may no longer point at their text",
                shown()
            ));
        }
        let doc =
            Document::from_bytes(path, bytes, doc_date).map_err(|e| format!("{}: {e}", shown()))?;
        docs.push(ReviewedDoc {
            doc,
            decisions: ds.into_iter().cloned().collect(),
        });
    }
    Ok(docs)
}

/// The counts for one fact type against a decisions file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecisionTypeScores {
    /// The fact type.
    pub fact_type: FactType,
    /// Facts decided accepted.
    pub accepted: usize,
    /// Facts decided added (missed by the reviewed run).
    pub added: usize,
    /// The run's facts at an accepted or added fact.
    pub tp: usize,
    /// The run's facts at a rejected fact (not a rejection for its value that the run changed).
    pub fp: usize,
    /// Accepted or added facts the run does not find.
    pub fn_: usize,
    /// True positives at accepted facts whose value is the accepted one.
    pub value_right: usize,
    /// True positives at accepted facts whose value differs from the accepted one.
    pub value_wrong: usize,
    /// The run's facts at a fact rejected for its wrong value, with another value now: not scored.
    pub changed: usize,
    /// The run's facts no decision covers: not scored.
    pub unreviewed: usize,
    /// Facts decided flagged: not scored.
    pub flagged: usize,
}

impl DecisionTypeScores {
    fn new(fact_type: FactType) -> DecisionTypeScores {
        DecisionTypeScores {
            fact_type,
            accepted: 0,
            added: 0,
            tp: 0,
            fp: 0,
            fn_: 0,
            value_right: 0,
            value_wrong: 0,
            changed: 0,
            unreviewed: 0,
            flagged: 0,
        }
    }

    /// Precision, recall and F1 over the reviewed facts.
    pub fn prf(&self) -> Prf {
        Prf {
            tp: self.tp,
            system: self.tp + self.fp,
            gold: self.accepted + self.added,
        }
    }

    /// Right values among the true positives at accepted facts, or `None` when there are none.
    pub fn value_accuracy(&self) -> Option<f64> {
        ratio(self.value_right, self.value_right + self.value_wrong)
    }

    fn is_empty(&self) -> bool {
        *self == DecisionTypeScores::new(self.fact_type)
    }

    fn add(&mut self, o: &DecisionTypeScores) {
        self.accepted += o.accepted;
        self.added += o.added;
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
        self.value_right += o.value_right;
        self.value_wrong += o.value_wrong;
        self.changed += o.changed;
        self.unreviewed += o.unreviewed;
        self.flagged += o.flagged;
    }
}

/// One fact [`score_decisions`] lists: a false positive or negative, a wrong value, or a changed rejection.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionError {
    /// `document.path`.
    pub path: String,
    /// 1-based line of the fact in the article text (0 when the decision's span is outside it).
    pub line: usize,
    /// 1-based column, in code points.
    pub column: usize,
    /// The fact type.
    pub fact_type: FactType,
    /// `Missed` (a false negative), `Spurious` (a false positive) or `WrongValue`; `None` for a changed
    /// rejection.
    pub kind: Option<ErrorKind>,
    /// The decision's verdict (and reason, for a rejection), as written.
    pub decided: String,
    /// The text at the span.
    pub text: String,
    /// The rule of the run's fact, when the run found it.
    pub rule: Option<String>,
    /// The decision's value (null for an added fact).
    pub decided_value: Json,
    /// The run's value, when the run found the fact.
    pub value: Option<Json>,
}

/// The result of [`score_decisions`].
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionScores {
    /// Documents scored.
    pub docs: usize,
    /// One row per fact type with anything to count, in record order.
    pub by_type: Vec<DecisionTypeScores>,
    /// Claims decided accepted, rejected and flagged.
    pub claims: [usize; 3],
    /// Every listed fact, by document, then position.
    pub errors: Vec<DecisionError>,
}

/// Whether two values are the same: each holds every field of the other, numbers compared numerically.
fn same_value(a: &Json, b: &Json) -> bool {
    value_matches(a, b) && value_matches(b, a)
}

/// Extracts every reviewed document (its whole record, front matter included: the reviewer saw it) and scores
/// the run's facts against the decisions on them; see the module docs.
pub fn score_decisions(ex: &Extractor, docs: &[ReviewedDoc]) -> DecisionScores {
    let mut rows: Vec<DecisionTypeScores> = FactType::ALL
        .into_iter()
        .map(DecisionTypeScores::new)
        .collect();
    let row = |rows: &mut Vec<DecisionTypeScores>, t: FactType| -> usize {
        rows.iter()
            .position(|r| r.fact_type == t)
            .expect("every type has a row")
    };
    let mut claims = [0; 3];
    let mut errors = Vec::new();
    for r in docs {
        let rec = ex.extract(&r.doc);
        let map = OffsetMap::new(&r.doc.text);
        let mut facts: BTreeMap<String, &Decision> = BTreeMap::new();
        for d in &r.decisions {
            match (d.target, d.verdict) {
                (Target::Claim, v) => match v {
                    Verdict::Accepted => claims[0] += 1,
                    Verdict::Rejected => claims[1] += 1,
                    Verdict::Flagged => claims[2] += 1,
                    Verdict::Added => {}
                },
                (Target::Fact, v) => {
                    let Some(t) = d.fact_type else { continue };
                    let i = row(&mut rows, t);
                    match v {
                        Verdict::Accepted => rows[i].accepted += 1,
                        Verdict::Added => rows[i].added += 1,
                        Verdict::Flagged => rows[i].flagged += 1,
                        Verdict::Rejected => {}
                    }
                    facts.insert(d.key(), d);
                }
            }
        }
        let mut found: BTreeSet<String> = BTreeSet::new();
        for f in rec.claims.iter().flat_map(|c| &c.facts) {
            let key = format!(
                "f:{}:{}:{}",
                f.location.chars.start(),
                f.location.chars.end(),
                f.fact_type.as_str()
            );
            let i = row(&mut rows, f.fact_type);
            let decision = facts.get(&key).copied().filter(|_| !found.contains(&key));
            let Some(d) = decision else {
                rows[i].unreviewed += 1;
                continue;
            };
            found.insert(key);
            let value = serde_json::to_value(&f.value).unwrap_or(Json::Null);
            let listed = |kind: Option<ErrorKind>| DecisionError {
                path: r.doc.path.clone(),
                line: f.location.line,
                column: f.location.column,
                fact_type: f.fact_type,
                kind,
                decided: decided(d),
                text: f.text.clone(),
                rule: Some(f.rule.clone()),
                decided_value: d.value.clone(),
                value: Some(value.clone()),
            };
            match d.verdict {
                Verdict::Accepted => {
                    rows[i].tp += 1;
                    if same_value(&d.value, &value) {
                        rows[i].value_right += 1;
                    } else {
                        rows[i].value_wrong += 1;
                        errors.push(listed(Some(ErrorKind::WrongValue)));
                    }
                }
                Verdict::Added => rows[i].tp += 1,
                Verdict::Rejected => {
                    if d.reason() == Some(Reason::WrongValue) && !same_value(&d.value, &value) {
                        rows[i].changed += 1;
                        errors.push(listed(None));
                    } else {
                        rows[i].fp += 1;
                        errors.push(listed(Some(ErrorKind::Spurious)));
                    }
                }
                Verdict::Flagged => {}
            }
        }
        for d in facts.values().filter(|d| d.is_gold()) {
            if found.contains(&d.key()) {
                continue;
            }
            let Some(t) = d.fact_type else { continue };
            let i = row(&mut rows, t);
            rows[i].fn_ += 1;
            let at = d.span.start();
            let (line, column) = if at <= r.doc.text.len() && r.doc.text.is_char_boundary(at) {
                let p = map.position(at);
                (p.line, p.column)
            } else {
                (0, 0)
            };
            errors.push(DecisionError {
                path: r.doc.path.clone(),
                line,
                column,
                fact_type: t,
                kind: Some(ErrorKind::Missed),
                decided: decided(d),
                text: d.text.clone(),
                rule: None,
                decided_value: d.value.clone(),
                value: None,
            });
        }
    }
    rows.retain(|r| !r.is_empty());
    errors.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.fact_type).cmp(&(&b.path, b.line, b.column, b.fact_type))
    });
    DecisionScores {
        docs: docs.len(),
        by_type: rows,
        claims,
        errors,
    }
}

/// A decision's verdict for a message: `accepted`, `rejected: not a fact`.
fn decided(d: &Decision) -> String {
    match &d.reason {
        Some(reason) if d.verdict == Verdict::Rejected => {
            format!("rejected: {}", crate::model::names::printable(reason))
        }
        _ => d.verdict.as_str().to_string(),
    }
}

impl DecisionScores {
    /// The row for one fact type, if it has anything to count.
    pub fn get(&self, fact_type: FactType) -> Option<&DecisionTypeScores> {
        self.by_type.iter().find(|r| r.fact_type == fact_type)
    }

    /// Every row summed (its `fact_type` is the first row's, or date when there is none).
    pub fn total(&self) -> DecisionTypeScores {
        let mut all =
            DecisionTypeScores::new(self.by_type.first().map_or(FactType::Date, |r| r.fact_type));
        for r in &self.by_type {
            all.add(r);
        }
        all
    }

    /// A Markdown table (percentages, `–` where undefined), one row per type and one for all, followed by
    /// the counts outside the scores.
    pub fn table(&self) -> String {
        let mut out = String::new();
        out.push_str("| type | gold | system | TP | FP | FN | P | R | F1 | value acc | changed | unreviewed | flagged |\n");
        out.push_str("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        let all = self.total();
        let rows = self.by_type.iter().map(|r| (r.fact_type.as_str(), r));
        for (name, r) in rows.chain(std::iter::once(("all", &all))) {
            let p = r.prf();
            let _ = writeln!(
                out,
                "| {name} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                p.gold,
                p.system,
                r.tp,
                r.fp,
                r.fn_,
                pct(p.precision()),
                pct(p.recall()),
                pct(p.f1()),
                pct(r.value_accuracy()),
                r.changed,
                r.unreviewed,
                r.flagged,
            );
        }
        let _ = writeln!(
            out,
            "\n{} reviewed documents; {} gold facts ({} accepted, {} added), {} reviewed system facts; \
             {} right and {} wrong values; {} changed since rejected for their value, {} unreviewed and {} \
             flagged facts (not scored); claims: {} accepted, {} rejected, {} flagged.",
            self.docs,
            all.accepted + all.added,
            all.accepted,
            all.added,
            all.tp + all.fp,
            all.value_right,
            all.value_wrong,
            all.changed,
            all.unreviewed,
            all.flagged,
            self.claims[0],
            self.claims[1],
            self.claims[2],
        );
        out
    }

    /// Every listed fact, one per line: `path:line:column [type] kind: "text" rule value [verdict: reason]`
    /// (kind: false positive, false negative, wrong value, or changed since rejected for its value).
    pub fn errors(&self) -> String {
        let mut out = String::new();
        for e in &self.errors {
            let kind = match e.kind {
                Some(ErrorKind::Missed) => "false negative",
                Some(ErrorKind::Spurious) => "false positive",
                Some(k) => k.label(),
                None => "changed since rejected for its value",
            };
            let _ = write!(
                out,
                "{}:{}:{} [{}] {kind}: {:?}",
                crate::model::names::printable(&e.path),
                e.line,
                e.column,
                e.fact_type.as_str(),
                e.text,
            );
            if let Some(rule) = &e.rule {
                let _ = write!(out, " {rule}");
            }
            match (&e.value, e.kind) {
                (Some(v), Some(ErrorKind::WrongValue) | None) => {
                    out.push_str(&crate::tools::decisions::value_change(&e.decided_value, v));
                }
                (Some(v), _) => {
                    let _ = write!(out, " {v}");
                }
                (None, _) => {}
            }
            let _ = writeln!(out, " [{}]", e.decided);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TEXT: &str = "It rose 74 percent in 2027.";

    fn extractor() -> &'static Extractor {
        static EX: std::sync::OnceLock<Extractor> = std::sync::OnceLock::new();
        EX.get_or_init(|| Extractor::embedded().expect("the embedded rules compile"))
    }

    fn fact(fact_type: FactType, start: usize, end: usize, value: Json) -> GoldFact {
        GoldFact {
            fact_type,
            start,
            end,
            value,
        }
    }

    fn doc(text: &str, facts: Vec<GoldFact>) -> GoldDoc {
        GoldDoc {
            line: 1,
            path: None,
            text: text.to_string(),
            doc_date: Date::parse("2025-11-28"),
            facts,
        }
    }

    fn pct_fact() -> GoldFact {
        fact(FactType::Percentage, 8, 18, json!({"amount": 74}))
    }

    fn date_fact(value: Json) -> GoldFact {
        fact(FactType::Date, 22, 26, value)
    }

    #[test]
    fn exact_gold_scores_perfectly() {
        let s = score(
            extractor(),
            &[doc(
                TEXT,
                vec![pct_fact(), date_fact(json!({"timex": "2027"}))],
            )],
        );
        assert_eq!(s.by_type.len(), 2);
        for r in &s.by_type {
            assert_eq!(
                (r.gold, r.system, r.strict, r.relaxed, r.value_correct),
                (1, 1, 1, 1, 1)
            );
            assert_eq!(r.strict().f1(), Some(1.0));
            assert_eq!(r.value().f1(), Some(1.0));
        }
        assert!(s.errors.is_empty(), "{}", s.errors());
    }

    #[test]
    fn wrong_span_is_relaxed_but_not_strict() {
        // Gold says "in 2027"; the system's fact is "2027".
        let g = fact(FactType::Date, 19, 26, json!({"timex": "2027"}));
        let s = score(extractor(), &[doc(TEXT, vec![pct_fact(), g])]);
        let d = s.get(FactType::Date).unwrap();
        assert_eq!((d.strict, d.relaxed, d.value_correct), (0, 1, 1));
        assert_eq!(d.strict().f1(), Some(0.0));
        assert_eq!(d.relaxed().f1(), Some(1.0));
        assert_eq!(d.value_accuracy(), Some(1.0));
        assert_eq!(s.errors.len(), 1);
        assert_eq!(s.errors[0].kind, ErrorKind::WrongSpan);
        assert_eq!(s.errors[0].gold.as_ref().unwrap().text, "in 2027");
        assert_eq!(s.errors[0].system.as_ref().unwrap().text, "2027");
    }

    #[test]
    fn missed_fact_lowers_recall() {
        let missed = fact(FactType::Date, 0, 2, json!({"timex": "2025"}));
        let s = score(
            extractor(),
            &[doc(TEXT, vec![pct_fact(), date_fact(json!({})), missed])],
        );
        let d = s.get(FactType::Date).unwrap();
        assert_eq!((d.gold, d.system, d.strict), (2, 1, 1));
        assert_eq!(d.strict().precision(), Some(1.0));
        assert_eq!(d.strict().recall(), Some(0.5));
        assert_eq!(d.relaxed().recall(), Some(0.5));
        assert_eq!(d.value().recall(), Some(0.5));
        assert!((d.strict().f1().unwrap() - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(s.errors.len(), 1);
        assert_eq!(s.errors[0].kind, ErrorKind::Missed);
        assert_eq!(s.errors[0].gold.as_ref().unwrap().text, "It");
    }

    #[test]
    fn spurious_fact_lowers_precision() {
        // The gold annotates only the percentage; the system's date is spurious.
        let s = score(extractor(), &[doc(TEXT, vec![pct_fact()])]);
        let p = s.get(FactType::Percentage).unwrap();
        assert_eq!(p.strict().f1(), Some(1.0));
        let d = s.get(FactType::Date).unwrap();
        assert_eq!((d.gold, d.system, d.strict, d.relaxed), (0, 1, 0, 0));
        assert_eq!(d.strict().precision(), Some(0.0));
        assert_eq!(d.strict().recall(), None);
        assert_eq!(d.value_accuracy(), None);
        assert_eq!(s.errors.len(), 1);
        assert_eq!(s.errors[0].kind, ErrorKind::Spurious);
        let sys = s.errors[0].system.as_ref().unwrap();
        assert_eq!(sys.text, "2027");
        assert_eq!(sys.rule.as_deref(), Some("dates/year-in-context"));
        // Two facts of the system, one right: micro precision over both types is 1/2.
        let tp: usize = s.by_type.iter().map(|r| r.strict).sum();
        let sys_n: usize = s.by_type.iter().map(|r| r.system).sum();
        assert_eq!((tp, sys_n), (1, 2));
    }

    #[test]
    fn value_accuracy_checks_every_gold_field() {
        let cases = [
            (json!({"timex": "2027"}), true),
            (
                json!({"timex": "2027", "granularity": "year", "relative": false}),
                true,
            ),
            (json!({"timex": "2027", "mod": null}), true),
            (json!({"timex": "2026"}), false),
            (json!({"timex": "2027", "mod": "END"}), false),
            (json!({"timex": "2027", "type": "DURATION"}), false),
        ];
        for (value, ok) in cases {
            let s = score(extractor(), &[doc(TEXT, vec![date_fact(value.clone())])]);
            let d = s.get(FactType::Date).unwrap();
            assert_eq!(d.relaxed, 1, "{value}");
            assert_eq!(d.value_correct, usize::from(ok), "{value}");
            assert_eq!(
                d.value_accuracy(),
                Some(if ok { 1.0 } else { 0.0 }),
                "{value}"
            );
            assert_eq!(d.value().f1(), Some(if ok { 1.0 } else { 0.0 }), "{value}");
            if !ok {
                let e = s
                    .errors
                    .iter()
                    .find(|e| e.fact_type == FactType::Date)
                    .unwrap();
                assert_eq!(e.kind, ErrorKind::WrongValue);
                assert_eq!(e.system.as_ref().unwrap().value["timex"], "2027");
            }
        }
    }

    #[test]
    fn numbers_compare_numerically() {
        // The system writes 74.0 and 0.74; the gold writes integers and a float.
        let g = fact(
            FactType::Percentage,
            8,
            18,
            json!({"amount": 74, "fraction": 0.74, "unit": "percent"}),
        );
        let s = score(extractor(), &[doc(TEXT, vec![g, date_fact(json!({}))])]);
        assert_eq!(s.get(FactType::Percentage).unwrap().value_correct, 1);
    }

    #[test]
    fn offsets_are_code_points() {
        // "’", "–" and the curly quotes are multi-byte; gold offsets are code points and still match exactly.
        let text = "The agency’s plan – a “moonshot” – ended in 2021.";
        let year = text.rfind("2021").unwrap();
        let start = text[..year].chars().count();
        assert!(start < year);
        let g = fact(FactType::Date, start, start + 4, json!({"timex": "2021"}));
        let s = score(extractor(), &[doc(text, vec![g])]);
        let d = s.get(FactType::Date).unwrap();
        assert_eq!(
            (d.gold, d.system, d.strict, d.value_correct),
            (1, 1, 1, 1),
            "{}",
            s.errors()
        );
    }

    #[test]
    fn relaxed_matching_is_one_to_one_by_largest_overlap() {
        // One system span overlapping two gold spans pairs with the larger overlap only.
        let pairs = match_relaxed(&[(0, 4), (5, 15)], &[(2, 12)]);
        assert_eq!(pairs, vec![(1, 0)]);
        // Equal overlaps: the closer boundaries win.
        let pairs = match_relaxed(&[(0, 10)], &[(0, 20), (0, 10)]);
        assert_eq!(pairs, vec![(0, 1)]);
        // Non-overlapping spans never match; touching ends do not overlap.
        assert!(match_relaxed(&[(0, 4)], &[(4, 8)]).is_empty());
        assert_eq!(match_strict(&[(0, 4), (0, 4)], &[(0, 4)]).len(), 1);
    }

    #[test]
    fn load_gold_parses_and_names_lines() {
        let ok = concat!(
            r#"{"text": "It rose 74 percent in 2027.", "doc_date": "2025-11-28", "facts": [{"type": "date", "start": 22, "end": 26, "value": {"timex": "2027"}, "category": "year"}]}"#,
            "\n\n",
            r#"{"text": "Officials may act.", "doc_date": null, "facts": []}"#,
            "\n",
        );
        let docs = load_gold(ok).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].line, 1);
        assert_eq!(docs[1].line, 3);
        assert_eq!(docs[0].doc_date, Date::parse("2025-11-28"));
        assert_eq!(docs[1].doc_date, None);
        assert_eq!(docs[0].facts, vec![date_fact(json!({"timex": "2027"}))]);

        let bad = |s: &str| load_gold(&format!("{}\n{s}\n", r#"{"text": "x", "facts": []}"#));
        let e = bad("{not json").unwrap_err();
        assert!(e.starts_with("line 2:"), "{e}");
        let e = bad(r#"{"text": "abc", "facts": [{"type": "time", "start": 0, "end": 1}]}"#)
            .unwrap_err();
        assert!(
            e.starts_with("line 2:") && e.contains("unknown type"),
            "{e}"
        );
        let e = bad(r#"{"text": "abc", "facts": [{"type": "date", "start": 1, "end": 4}]}"#)
            .unwrap_err();
        assert!(e.starts_with("line 2:") && e.contains("outside"), "{e}");
        let e = bad(r#"{"text": "abc", "doc_date": "2025-02-30", "facts": []}"#).unwrap_err();
        assert!(e.starts_with("line 2:") && e.contains("doc_date"), "{e}");
        let e = bad(
            r#"{"text": "abc", "facts": [{"type": "date", "start": 0, "end": 1, "value": 3}]}"#,
        )
        .unwrap_err();
        assert!(e.starts_with("line 2:") && e.contains("object"), "{e}");
    }

    #[test]
    fn renders_table_and_errors() {
        let missed = fact(FactType::Date, 0, 2, json!({"timex": "2025"}));
        let s = score(
            extractor(),
            &[doc(TEXT, vec![date_fact(json!({"timex": "2026"})), missed])],
        );
        let t = s.table();
        assert!(t.starts_with("| type | gold | system |"), "{t}");
        assert!(
            t.contains("| date | 2 | 1 | 100.0 | 50.0 | 66.7 | 100.0 | 50.0 | 66.7 | 0.0 | 0.0 |"),
            "{t}"
        );
        assert!(t.contains("| percentage | 0 | 1 | 0.0 | – | 0.0 |"), "{t}");
        let e = s.errors();
        assert!(
            e.contains(r#"line 1 [date] missed: gold "It" [0..2) {"timex":"2025"}"#),
            "{e}"
        );
        assert!(e.contains(r#"line 1 [date] wrong value: gold "2027" [22..26) {"timex":"2026"} → system "2027" [22..26) dates/year-in-context {"#), "{e}");
        assert!(
            e.contains(r#"[percentage] spurious: system "74 percent""#),
            "{e}"
        );

        let only = s.annotated_only();
        assert_eq!(only.by_type.len(), 1);
        assert_eq!(only.by_type[0].fact_type, FactType::Date);
        assert_eq!(only.errors.len(), 2);
        assert!(!only.table().contains("percentage"));
    }

    #[test]
    fn shipped_gold_set_loads() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/eval/dates-gold.jsonl");
        let text = std::fs::read_to_string(path).expect("eval/dates-gold.jsonl is readable");
        let docs = load_gold(&text).expect("the gold set parses");
        let facts: usize = docs.iter().map(|d| d.facts.len()).sum();
        assert!(facts >= 150, "{facts} date mentions");
        assert!(docs.iter().any(|d| d.facts.is_empty()));
    }
}
