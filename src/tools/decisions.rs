//! The decisions file: a reviewer's verdicts on a run's facts and claims, as the review page exports them.
//!
//! JSON Lines, UTF-8, one [`Decision`] a line (blank lines skipped):
//!
//! ```json
//! {"schema":"claimscan-decision/1","run":"9f2c…","path":"corpus/a.txt","sha256":"8d31…","claim":"2f7033248af2d184",
//!  "target":"fact","type":"date","span":{"start":120,"end":133},"chars":{"start":118,"end":131},
//!  "text":"June 2025","rule":"dates/month-year","value":{"timex":"2025-06"},
//!  "verdict":"rejected","reason":"wrong value","note":"","time":"2026-12-02T06:01:02.345Z"}
//! ```
//!
//! * `target` is `fact` or `claim`; a claim decision has `type`, `rule` and `value` null and the claim's
//!   span, chars and text.
//! * `verdict` is `accepted`, `rejected`, `flagged` or `added`: a missed fact the reviewer selected, with a
//!   `type` but `rule` and `value` null, and `claim` the claim holding it or null.
//! * `reason` is null or, for a rejection, one of [`Reason`]'s (another string is read as written, with a
//!   warning). `note` is a string, maybe empty.
//! * `span` is a half-open byte range and `chars` a code-point range into the article text as the record's
//!   spans are (the file after a byte-order mark; for HTML, the extracted text); both always present.
//! * `time` is ISO 8601 UTC, `2026-12-02T06:01:02.345Z` (milliseconds optional).
//!
//! A decision's identity is its [`Decision::key`] within its document (`sha256`): `f:<chars.start>:<chars.end>:<type>`
//! for a fact, `c:<claim id>` for a claim. [`load`] keeps one decision per identity, the one with the later
//! `time`; [`write_jsonl`] writes them in the export order (path, then `chars.start`, then claim before fact).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::model::names;
use crate::model::span::{ByteSpan, CharSpan};
use crate::model::value::{FactType, value_matches};

/// The `schema` of every decision line.
pub const SCHEMA: &str = "claimscan-decision/1";

/// What a decision is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// A whole claim (a sentence).
    Claim,
    /// One fact of a claim, or a fact the run missed.
    Fact,
}

/// The reviewer's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Right as extracted.
    Accepted,
    /// Wrong; see the reason.
    Rejected,
    /// To look at again.
    Flagged,
    /// A fact the run missed, selected by the reviewer.
    Added,
}

impl Verdict {
    /// Every verdict, as written.
    pub const ALL: [Verdict; 4] = [
        Verdict::Accepted,
        Verdict::Rejected,
        Verdict::Flagged,
        Verdict::Added,
    ];

    /// The name in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Accepted => "accepted",
            Verdict::Rejected => "rejected",
            Verdict::Flagged => "flagged",
            Verdict::Added => "added",
        }
    }
}

/// The reasons a rejection can give.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    /// The span is a fact of that type, but its value is wrong.
    WrongValue,
    /// The fact is there, but the span is not its extent.
    WrongSpan,
    /// The text states no such fact.
    NotAFact,
    /// The organization or instrument resolved to the wrong entity.
    WrongEntity,
}

impl Reason {
    /// Every reason, in the order the page offers them (keys `1`–`4`).
    pub const ALL: [Reason; 4] = [
        Reason::WrongValue,
        Reason::WrongSpan,
        Reason::NotAFact,
        Reason::WrongEntity,
    ];

    /// The string in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::WrongValue => "wrong value",
            Reason::WrongSpan => "wrong span",
            Reason::NotAFact => "not a fact",
            Reason::WrongEntity => "wrong entity",
        }
    }

    /// The reason a string names, if it is one of [`Reason::ALL`].
    pub fn parse(s: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// One line of the decisions file. Fields in the file's order; see the module docs for what each holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The run id of the review pages the decision was made in.
    pub run: String,
    /// `document.path` of the record, as the extraction named it.
    pub path: String,
    /// `document.sha256`: the SHA-256 of the file's bytes when reviewed.
    pub sha256: String,
    /// The claim id (for a claim, its own; for a fact, the claim holding it; null for an added fact outside
    /// every claim).
    pub claim: Option<String>,
    /// A fact or a claim.
    pub target: Target,
    /// The fact type; null for a claim.
    #[serde(rename = "type")]
    pub fact_type: Option<FactType>,
    /// Byte range into the article text.
    pub span: ByteSpan,
    /// Code-point range into the article text.
    pub chars: CharSpan,
    /// The text at the span.
    pub text: String,
    /// The rule that found the fact; null for a claim and for an added fact.
    pub rule: Option<String>,
    /// The record's value of the fact; null for a claim and for an added fact.
    pub value: Json,
    /// The verdict.
    pub verdict: Verdict,
    /// Why it was rejected (see [`Reason`]), or null.
    pub reason: Option<String>,
    /// The reviewer's note, maybe empty.
    pub note: String,
    /// When the verdict was given, ISO 8601 UTC.
    pub time: String,
}

/// Every field a decision line must hold, in the file's order.
const FIELDS: [&str; 16] = [
    "schema", "run", "path", "sha256", "claim", "target", "type", "span", "chars", "text", "rule",
    "value", "verdict", "reason", "note", "time",
];

impl Decision {
    /// The decision's identity within its document: `f:<chars.start>:<chars.end>:<type>` for a fact,
    /// `c:<claim id>` for a claim.
    pub fn key(&self) -> String {
        match self.target {
            Target::Fact => format!(
                "f:{}:{}:{}",
                self.chars.start(),
                self.chars.end(),
                self.fact_type.map_or("", FactType::as_str)
            ),
            Target::Claim => format!("c:{}", self.claim.as_deref().unwrap_or("")),
        }
    }

    fn target_name(&self) -> &'static str {
        match self.target {
            Target::Fact => "fact",
            Target::Claim => "claim",
        }
    }

    /// The rejection's reason, when it is one of [`Reason::ALL`].
    pub fn reason(&self) -> Option<Reason> {
        self.reason.as_deref().and_then(Reason::parse)
    }

    /// Whether this decision makes its fact gold: accepted or added.
    pub fn is_gold(&self) -> bool {
        self.target == Target::Fact && matches!(self.verdict, Verdict::Accepted | Verdict::Added)
    }

    /// What is wrong with a decision read from a file, if anything (a fact without a type, an added fact
    /// with a rule…).
    fn invalid(&self) -> Option<String> {
        if self.schema != SCHEMA {
            return Some(format!(
                "schema is {:?}, not {SCHEMA:?}",
                names::printable(&self.schema)
            ));
        }
        if self.path.is_empty() {
            return Some("path is empty".into());
        }
        if self.sha256.len() != 64 || !self.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Some(format!(
                "sha256 {:?} is not 64 hexadecimal digits",
                names::printable(&self.sha256)
            ));
        }
        if self.span.len() < self.chars.len() {
            return Some(format!(
                "span {}..{} holds fewer bytes than chars {}..{} holds code points",
                self.span.start(),
                self.span.end(),
                self.chars.start(),
                self.chars.end()
            ));
        }
        if time_key(&self.time).is_none() {
            return Some(format!(
                "time {:?} is not ISO 8601 UTC such as 2026-12-02T06:01:02.345Z",
                names::printable(&self.time)
            ));
        }
        match self.target {
            Target::Claim => {
                if self.claim.as_deref().is_none_or(str::is_empty) {
                    return Some("a claim decision has no claim id".into());
                }
                if self.verdict == Verdict::Added {
                    return Some("only a fact can be added, not a claim".into());
                }
                if self.fact_type.is_some() || self.rule.is_some() || !self.value.is_null() {
                    return Some("a claim decision has type, rule and value null".into());
                }
            }
            Target::Fact => {
                if self.fact_type.is_none() {
                    return Some("a fact decision has no type".into());
                }
                if self.verdict == Verdict::Added {
                    if self.rule.is_some() || !self.value.is_null() {
                        return Some(
                            "an added fact has rule and value null (the run did not find it)"
                                .into(),
                        );
                    }
                } else if self.rule.is_none() {
                    return Some(format!(
                        "a {} fact has the rule that found it, not null",
                        self.verdict.as_str()
                    ));
                }
            }
        }
        None
    }
}

/// `time` as a sortable key: the seconds as written and the milliseconds, or `None` when it is not
/// `YYYY-MM-DDTHH:MM:SS[.fff…]Z`. (Compared as strings, `…:02Z` would sort after `…:02.345Z`.)
fn time_key(time: &str) -> Option<(&str, u32)> {
    let b = time.as_bytes();
    let shape = b.len() >= 20
        && b.iter().take(19).enumerate().all(|(i, &c)| match i {
            4 | 7 => c == b'-',
            10 => c == b'T',
            13 | 16 => c == b':',
            _ => c.is_ascii_digit(),
        })
        && b.last() == Some(&b'Z');
    if !shape {
        return None;
    }
    let frac = &time[19..time.len() - 1];
    let millis = match frac.strip_prefix('.') {
        None if frac.is_empty() => 0,
        Some(d) if !d.is_empty() && d.bytes().all(|c| c.is_ascii_digit()) => {
            let mut ms: String = d.chars().take(3).collect();
            while ms.len() < 3 {
                ms.push('0');
            }
            ms.parse().ok()?
        }
        _ => return None,
    };
    Some((&time[..19], millis))
}

/// A decisions file, read by [`load`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Decisions {
    /// One decision per document and key, in the order of their lines.
    pub decisions: Vec<Decision>,
    /// What a person should know about how the file was read, one line each, naming the file and line
    /// (without a `claimscan: ` prefix).
    pub warnings: Vec<String>,
}

/// Why a decisions file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecisionsError {
    /// The file could not be read.
    #[error("{}: {message}", shown(.path))]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// A line that is not a decision.
    #[error("{}:{line}: {message}", shown(.path))]
    Line {
        /// The file.
        path: PathBuf,
        /// The 1-based line.
        line: usize,
        /// What is wrong, naming the field.
        message: String,
    },
}

fn shown(path: &Path) -> String {
    names::printable(&path.display().to_string()).into_owned()
}

/// Whether a line of JSON Lines is a decision (its `schema` is [`SCHEMA`]); `eval` tells a decisions file
/// from a gold file by it.
pub fn is_decision_line(line: &str) -> bool {
    serde_json::from_str::<Json>(line)
        .is_ok_and(|v| v.get("schema").and_then(Json::as_str) == Some(SCHEMA))
}

/// Whether a JSON Lines text is a decisions file: `Ok(true)` when every non-blank line is a decision,
/// `Ok(false)` when none is (or there are none), else `Err` with the 1-based number of the first line that
/// is not of the first line's kind.
///
/// # Errors
///
/// The first odd line of a text that mixes decision lines with other lines.
pub fn holds_decisions(text: &str) -> Result<bool, usize> {
    let mut kind = None;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let this = is_decision_line(line.strip_prefix('\u{feff}').unwrap_or(line));
        match kind {
            None => kind = Some(this),
            Some(k) if k != this => return Err(i + 1),
            Some(_) => {}
        }
    }
    Ok(kind.unwrap_or(false))
}

/// Reads a decisions file.
///
/// # Errors
///
/// [`DecisionsError::Io`] when the file cannot be read or is not UTF-8; [`DecisionsError::Line`], naming
/// the line and what is wrong, for the first line that is not a decision: not JSON, another schema, a field
/// missing or of the wrong type, a verdict or target not in the lists, a span whose start is after its end,
/// or fields that contradict one another (a fact without a type, an added fact with a rule, a claim with a
/// value). An unknown rejection reason and a second decision on the same fact or claim are warnings.
pub fn load(path: &Path) -> Result<Decisions, DecisionsError> {
    let io = |message: String| DecisionsError::Io {
        path: path.to_path_buf(),
        message,
    };
    let bytes = std::fs::read(path).map_err(|e| io(e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        io(format!(
            "not UTF-8 (byte {} is not part of a UTF-8 character)",
            e.utf8_error().valid_up_to()
        ))
    })?;
    parse(path, &text)
}

/// Reads the text of a decisions file; `path` only names it in messages. See [`load`].
///
/// # Errors
///
/// As [`load`], [`DecisionsError::Line`] only.
pub fn parse(path: &Path, text: &str) -> Result<Decisions, DecisionsError> {
    let mut out = Decisions::default();
    let shown_path = shown(path);
    // (sha256, key) → (index into out.decisions, line).
    let mut seen: BTreeMap<(String, String), (usize, usize)> = BTreeMap::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
        if raw.trim().is_empty() {
            continue;
        }
        let fail = |message: String| DecisionsError::Line {
            path: path.to_path_buf(),
            line,
            message,
        };
        let decision = read_line(raw).map_err(fail)?;
        if let Some(reason) = &decision.reason {
            if decision.reason().is_none() {
                let known: Vec<&str> = Reason::ALL.iter().map(|r| r.as_str()).collect();
                out.warnings.push(format!(
                    "{shown_path}:{line}: reason {:?} is not one of {}; read as written",
                    names::printable(reason),
                    known.join(", ")
                ));
            } else if decision.verdict != Verdict::Rejected {
                out.warnings.push(format!(
                    "{shown_path}:{line}: a reason given with verdict {} (reasons are for rejections)",
                    decision.verdict.as_str()
                ));
            }
        }
        let id = (decision.sha256.clone(), decision.key());
        match seen.get(&id).copied() {
            None => {
                seen.insert(id, (out.decisions.len(), line));
                out.decisions.push(decision);
            }
            Some((at, first)) => {
                let earlier = &out.decisions[at];
                let later_wins = time_key(&decision.time) >= time_key(&earlier.time);
                let (kept, dropped) = if later_wins {
                    (line, first)
                } else {
                    (first, line)
                };
                out.warnings.push(format!(
                    "{shown_path}:{line}: a second decision on {} {} in {} (the first is line {first}); \
                     line {kept}'s, the later, is kept and line {dropped}'s ignored",
                    decision.target_name(),
                    id.1,
                    names::printable(&decision.path),
                ));
                if later_wins {
                    out.decisions[at] = decision;
                    seen.insert(id, (at, line));
                }
            }
        }
    }
    Ok(out)
}

/// One line as a decision, or what is wrong with it.
fn read_line(raw: &str) -> Result<Decision, String> {
    let v: Json = serde_json::from_str(raw).map_err(|e| format!("not JSON: {e}"))?;
    let Some(map) = v.as_object() else {
        return Err(format!("a decision is a JSON object, not {}", kind_of(&v)));
    };
    match map.get("schema") {
        Some(Json::String(s)) if s == SCHEMA => {}
        Some(other) => {
            return Err(format!(
                "not a decision: schema is {}, not {SCHEMA:?}",
                names::printable(&other.to_string())
            ));
        }
        None => return Err(format!("not a decision: no schema (want {SCHEMA:?})")),
    }
    if let Some(missing) = FIELDS.iter().find(|f| !map.contains_key(**f)) {
        return Err(format!("missing field `{missing}`"));
    }
    if let Some(Json::String(v)) = map.get("verdict")
        && !Verdict::ALL.iter().any(|x| x.as_str() == v)
    {
        let known: Vec<&str> = Verdict::ALL.iter().map(|x| x.as_str()).collect();
        return Err(format!(
            "verdict {:?} is not one of {}",
            names::printable(v),
            known.join(", ")
        ));
    }
    if let Some(Json::String(t)) = map.get("target")
        && t != "fact"
        && t != "claim"
    {
        return Err(format!(
            "target {:?} is not fact or claim",
            names::printable(t)
        ));
    }
    if let Some(Json::String(t)) = map.get("type")
        && FactType::parse(t).is_none()
    {
        let known: Vec<&str> = FactType::ALL.iter().map(|x| x.as_str()).collect();
        return Err(format!(
            "type {:?} is not one of {}",
            names::printable(t),
            known.join(", ")
        ));
    }
    for field in ["span", "chars"] {
        serde_json::from_value::<CharSpan>(map[field].clone())
            .map_err(|e| format!("{field}: {e}"))?;
    }
    let d: Decision = serde_json::from_value(v).map_err(|e| e.to_string())?;
    match d.invalid() {
        Some(why) => Err(why),
        None => Ok(d),
    }
}

fn kind_of(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

/// The decisions as a decisions file: one compact JSON line each, in the export order (path, then
/// `chars.start`, then claim before fact, then key; equal ones keep their order).
pub fn write_jsonl(decisions: &[Decision]) -> String {
    let mut sorted: Vec<&Decision> = decisions.iter().collect();
    sorted.sort_by(|a, b| {
        (&a.path, a.chars.start(), a.target, a.key()).cmp(&(
            &b.path,
            b.chars.start(),
            b.target,
            b.key(),
        ))
    });
    let mut out = String::new();
    for d in sorted {
        out.push_str(&serde_json::to_string(d).expect("a decision serializes"));
        out.push('\n');
    }
    out
}

/// ` OLD → NEW` for a value the reviewer saw and the new run's: the same value once; of two objects, only the
/// fields that differ (a field one side lacks left out of that side).
pub(crate) fn value_change(old: &Json, new: &Json) -> String {
    let same = |a: &Json, b: &Json| value_matches(a, b) && value_matches(b, a);
    if same(old, new) {
        return format!(" {new}");
    }
    let (Json::Object(a), Json::Object(b)) = (old, new) else {
        return format!(" {old} → {new}");
    };
    let differs = |k: &String| {
        !same(
            a.get(k).unwrap_or(&Json::Null),
            b.get(k).unwrap_or(&Json::Null),
        )
    };
    let keep = |m: &serde_json::Map<String, Json>| -> Json {
        Json::Object(
            m.iter()
                .filter(|(k, _)| differs(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        )
    };
    format!(" {} → {}", keep(a), keep(b))
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SHA: &str = "8d31aa0000000000000000000000000000000000000000000000000000000000";

    fn fact(start: usize, end: usize, verdict: &str, time: &str) -> Json {
        json!({"schema": SCHEMA, "run": "9f2c000000000000", "path": "corpus/a.txt", "sha256": SHA,
               "claim": "2f7033248af2d184", "target": "fact", "type": "date",
               "span": {"start": start + 2, "end": end + 2}, "chars": {"start": start, "end": end},
               "text": "June 2025", "rule": "dates/month-year", "value": {"timex": "2025-06"},
               "verdict": verdict, "reason": null, "note": "", "time": time})
    }

    fn claim(start: usize, verdict: &str) -> Json {
        json!({"schema": SCHEMA, "run": "9f2c000000000000", "path": "corpus/a.txt", "sha256": SHA,
               "claim": "2f7033248af2d184", "target": "claim", "type": null,
               "span": {"start": start, "end": start + 40}, "chars": {"start": start, "end": start + 40},
               "text": "It will open in June 2025.", "rule": null, "value": null,
               "verdict": verdict, "reason": null, "note": "ok", "time": "2026-12-02T06:00:00.000Z"})
    }

    fn lines(values: &[Json]) -> String {
        values.iter().map(|v| format!("{v}\n")).collect()
    }

    fn read(values: &[Json]) -> Result<Decisions, DecisionsError> {
        parse(Path::new("d.jsonl"), &lines(values))
    }

    fn error(values: &[Json]) -> String {
        read(values).unwrap_err().to_string()
    }

    #[test]
    fn reads_facts_and_claims_with_their_keys() {
        let text = format!(
            "{}\n\n{}\n",
            fact(118, 131, "accepted", "2026-12-02T06:01:02.345Z"),
            claim(100, "rejected")
        );
        let d = parse(Path::new("d.jsonl"), &text).unwrap();
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
        assert_eq!(d.decisions.len(), 2);
        assert_eq!(d.decisions[0].key(), "f:118:131:date");
        assert_eq!(d.decisions[0].verdict, Verdict::Accepted);
        assert_eq!(d.decisions[0].value, json!({"timex": "2025-06"}));
        assert!(d.decisions[0].is_gold());
        assert_eq!(d.decisions[1].key(), "c:2f7033248af2d184");
        assert_eq!(d.decisions[1].target, Target::Claim);
        assert!(!d.decisions[1].is_gold());
    }

    #[test]
    fn written_file_reads_back_in_export_order() {
        let mut other = fact(5, 9, "added", "2026-12-02T06:01:02.345Z");
        other["path"] = json!("corpus/0.txt");
        other["rule"] = Json::Null;
        other["value"] = Json::Null;
        let given = [
            fact(118, 131, "rejected", "2026-12-02T06:01:02.345Z"),
            claim(118, "accepted"),
            other,
            fact(20, 24, "flagged", "2026-12-02T06:01:02Z"),
        ];
        let d = read(&given).unwrap();
        let written = write_jsonl(&d.decisions);
        let back = parse(Path::new("w.jsonl"), &written).unwrap();
        let keys: Vec<(String, String)> = back
            .decisions
            .iter()
            .map(|d| (d.path.clone(), d.key()))
            .collect();
        assert_eq!(
            keys,
            [
                ("corpus/0.txt", "f:5:9:date"),
                ("corpus/a.txt", "f:20:24:date"),
                ("corpus/a.txt", "c:2f7033248af2d184"),
                ("corpus/a.txt", "f:118:131:date"),
            ]
            .map(|(p, k)| (p.to_string(), k.to_string()))
        );
        // Every field survives, in the contract's order.
        let first_line = written.lines().next().unwrap();
        let order: Vec<usize> = FIELDS
            .iter()
            .map(|f| first_line.find(&format!("\"{f}\":")).unwrap())
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{first_line}");
        let mut again = back.decisions.clone();
        again.sort_by_key(Decision::key);
        let mut orig = d.decisions.clone();
        orig.sort_by_key(Decision::key);
        assert_eq!(again, orig);
    }

    #[test]
    fn the_later_decision_on_a_fact_wins_with_a_warning() {
        // Line 2 is later by its milliseconds only; line 3 (a whole second) is earlier than line 2.
        let d = read(&[
            fact(118, 131, "accepted", "2026-12-02T06:01:02Z"),
            fact(118, 131, "rejected", "2026-12-02T06:01:02.500Z"),
            fact(118, 131, "flagged", "2026-12-02T06:01:01.999Z"),
        ])
        .unwrap();
        assert_eq!(d.decisions.len(), 1);
        assert_eq!(d.decisions[0].verdict, Verdict::Rejected);
        assert_eq!(d.warnings.len(), 2, "{:?}", d.warnings);
        assert!(
            d.warnings[0].starts_with("d.jsonl:2: a second decision on fact f:118:131:date")
                && d.warnings[0].contains("the first is line 1")
                && d.warnings[0].contains("line 2's, the later, is kept and line 1's ignored"),
            "{}",
            d.warnings[0]
        );
        assert!(
            d.warnings[1].contains("line 2's, the later, is kept and line 3's ignored"),
            "{}",
            d.warnings[1]
        );
        // The same span in another document, or with another type, is another fact.
        let mut elsewhere = fact(118, 131, "accepted", "2026-12-02T06:01:02Z");
        elsewhere["sha256"] = json!("ff".repeat(32));
        let mut money = fact(118, 131, "accepted", "2026-12-02T06:01:02Z");
        money["type"] = json!("money");
        let d = read(&[
            fact(118, 131, "accepted", "2026-12-02T06:01:02Z"),
            elsewhere,
            money,
        ])
        .unwrap();
        assert_eq!((d.decisions.len(), d.warnings.len()), (3, 0));
    }

    #[test]
    fn unknown_reason_is_read_with_a_warning() {
        let mut f = fact(1, 5, "rejected", "2026-12-02T06:01:02.345Z");
        f["reason"] = json!("too vague");
        let mut g = fact(7, 9, "rejected", "2026-12-02T06:01:02.345Z");
        g["reason"] = json!("wrong value");
        let d = read(&[f, g]).unwrap();
        assert_eq!(d.decisions[0].reason.as_deref(), Some("too vague"));
        assert_eq!(d.decisions[0].reason(), None);
        assert_eq!(d.decisions[1].reason(), Some(Reason::WrongValue));
        assert_eq!(d.warnings.len(), 1);
        assert!(
            d.warnings[0]
                .starts_with("d.jsonl:1: reason \"too vague\" is not one of wrong value, "),
            "{}",
            d.warnings[0]
        );
    }

    #[test]
    fn a_line_that_is_not_a_decision_names_the_line_and_the_fault() {
        let ok = fact(1, 5, "accepted", "2026-12-02T06:01:02.345Z");
        let with = |edit: &dyn Fn(&mut Json)| {
            let mut v = ok.clone();
            edit(&mut v);
            error(&[ok.clone(), v])
        };
        let cases: Vec<(String, &str)> = vec![
            (
                with(&|v| {
                    v.as_object_mut().unwrap().remove("chars");
                }),
                "missing field `chars`",
            ),
            (
                with(&|v| {
                    v.as_object_mut().unwrap().remove("claim");
                }),
                "missing field `claim`",
            ),
            (
                with(&|v| v["verdict"] = json!("maybe")),
                "verdict \"maybe\" is not one of accepted, rejected, flagged, added",
            ),
            (
                with(&|v| v["target"] = json!("sentence")),
                "target \"sentence\" is not fact or claim",
            ),
            (
                with(&|v| v["type"] = json!("time")),
                "type \"time\" is not one of date,",
            ),
            (
                with(&|v| v["chars"] = json!({"start": 9, "end": 3})),
                "chars: span start 9 is after its end 3",
            ),
            (
                with(&|v| v["span"] = json!({"start": 9, "end": 3})),
                "span: span start 9 is after its end 3",
            ),
            (
                with(&|v| v["type"] = Json::Null),
                "a fact decision has no type",
            ),
            (
                with(&|v| {
                    v["verdict"] = json!("added");
                }),
                "an added fact has rule and value null",
            ),
            (
                with(&|v| v["rule"] = Json::Null),
                "a accepted fact has the rule",
            ),
            (
                with(&|v| v["schema"] = json!("claimscan-decision/2")),
                "not a decision: schema is",
            ),
            (
                with(&|v| v["sha256"] = json!("abc")),
                "sha256 \"abc\" is not 64 hexadecimal digits",
            ),
            (
                with(&|v| v["time"] = json!("yesterday")),
                "time \"yesterday\" is not ISO 8601",
            ),
            (
                with(&|v| v["span"] = json!({"start": 1, "end": 3})),
                "holds fewer bytes than chars",
            ),
            (
                error(&[ok.clone(), json!([1])]),
                "a decision is a JSON object, not an array",
            ),
        ];
        for (got, want) in cases {
            assert!(got.starts_with("d.jsonl:2: "), "{got}");
            assert!(got.contains(want), "{got} lacks {want}");
        }
        let mut c = claim(3, "added");
        assert!(error(&[c.clone()]).contains("only a fact can be added"));
        c["verdict"] = json!("accepted");
        c["rule"] = json!("dates/month-year");
        assert!(error(&[c]).contains("a claim decision has type, rule and value null"));
        let e = parse(Path::new("d.jsonl"), "\n{not json\n").unwrap_err();
        assert!(e.to_string().starts_with("d.jsonl:2: not JSON"), "{e}");
    }

    #[test]
    fn decision_lines_are_told_from_gold_lines() {
        assert!(is_decision_line(&claim(0, "accepted").to_string()));
        assert!(!is_decision_line(r#"{"text": "x", "facts": []}"#));
        assert!(!is_decision_line("{not json"));
        let d = claim(0, "accepted").to_string();
        let g = r#"{"text": "x", "facts": []}"#;
        assert_eq!(holds_decisions(&format!("{d}\n\n{d}\n")), Ok(true));
        assert_eq!(holds_decisions(&format!("{g}\n{g}\n")), Ok(false));
        assert_eq!(holds_decisions(""), Ok(false));
        assert_eq!(holds_decisions(&format!("{d}\n\n{g}\n{d}\n")), Err(3));
        assert_eq!(holds_decisions(&format!("{g}\n{d}\n")), Err(2));
    }

    #[test]
    fn value_changes_show_the_fields_that_differ() {
        let old = json!({"timex": "2026", "mod": null, "start": "2026-01-01"});
        let new = json!({"timex": "2027", "start": "2026-01-01", "relative": false});
        assert_eq!(
            value_change(&old, &new),
            r#" {"timex":"2026"} → {"relative":false,"timex":"2027"}"#
        );
        assert_eq!(
            value_change(&json!({"amount": 5}), &json!({"amount": 5.0})),
            r#" {"amount":5.0}"#
        );
        assert_eq!(value_change(&json!(1), &json!("1")), r#" 1 → "1""#);
    }

    #[test]
    fn time_keys_order_by_milliseconds() {
        assert_eq!(
            time_key("2026-12-02T06:01:02Z"),
            Some(("2026-12-02T06:01:02", 0))
        );
        assert_eq!(
            time_key("2026-12-02T06:01:02.5Z"),
            Some(("2026-12-02T06:01:02", 500))
        );
        assert!(time_key("2026-12-02T06:01:02.5Z") > time_key("2026-12-02T06:01:02Z"));
        for bad in [
            "2026-12-02",
            "2026-12-02T06:01:02",
            "2026-12-02T06:01:02.Z",
            "2026-12-02 06:01:02Z",
        ] {
            assert_eq!(time_key(bad), None, "{bad}");
        }
    }
}
