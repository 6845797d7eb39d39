//! Scoring the date facts against TimeML gold, the way TempEval-3 scores temporal taggers.
//!
//! A `.tml` file's `<TEXT>` element, with its markup left out, is the document; the `<TIMEX3
//! functionInDocument="CREATION_TIME">` of `<DCT>` is its publication date; every `<TIMEX3>` inside `<TEXT>` is
//! a gold time expression with a `type` (`DATE`, `TIME`, `DURATION`, `SET`) and a `value`. The text is
//! extracted as a whole document (sentences, tense, datelines as in `extract`) and every date fact is a system
//! expression; a range whose endpoints are given counts as its endpoints, the way TimeML annotates
//! `2009-2010` as two expressions.
//!
//! Per document, gold and system expressions are paired one to one by largest overlap (as in
//! [`super::eval`]). Reported overall and per TIMEX3 type:
//!
//! * **strict** precision, recall and F1: identical spans;
//! * **relaxed** precision, recall and F1: overlapping spans;
//! * **value accuracy**: of the relaxed pairs, the share whose value is the gold value exactly;
//! * **value F1** (TempEval-3's attribute F1 of `value`): a true positive is a relaxed pair with the gold value;
//! * **type accuracy**: of the relaxed pairs, the share whose type is the gold type.
//!
//! In a per-type row the recall counts gold expressions of that type (whatever type the system gave them) and
//! the precision counts system expressions of that type (whatever the gold type), so a DURATION read as a
//! DATE lowers DURATION's recall and DATE's precision.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::document::Document;
use crate::model::date::Date;
use crate::model::value::{FactType, Value};
use crate::pipeline::Extractor;
use crate::tools::eval::{Prf, match_relaxed, match_strict, pct};

/// The TIMEX3 types, in report order.
pub const TYPES: [&str; 4] = ["DATE", "TIME", "DURATION", "SET"];

/// One TimeML document.
#[derive(Debug, Clone, PartialEq)]
pub struct TimemlDoc {
    /// The file it came from.
    pub path: String,
    /// The text of `<TEXT>`, markup left out.
    pub text: String,
    /// The document creation time (its day).
    pub dct: Option<Date>,
    /// The gold expressions, in text order.
    pub timexes: Vec<Timex>,
}

/// One time expression, gold or system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timex {
    /// First code point of the span in [`TimemlDoc::text`].
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// `DATE`, `TIME`, `DURATION` or `SET`.
    pub kind: String,
    /// The TIMEX3 value.
    pub value: String,
    /// The rule that found it (system expressions only).
    pub rule: Option<String>,
}

/// The `.tml` files a list of files and folders names: files as given, folders searched recursively, each
/// folder's files in name order.
pub fn files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()
            .map_err(|e| format!("{}: {e}", dir.display()))?;
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out)?;
            } else if p.extension().is_some_and(|x| x == "tml") {
                out.push(p);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// Reads and parses every `.tml` file [`files`] finds; an error names the file.
pub fn load(paths: &[PathBuf]) -> Result<Vec<TimemlDoc>, String> {
    files(paths)?
        .iter()
        .map(|p| {
            let name = p.display().to_string();
            let xml = std::fs::read_to_string(p).map_err(|e| format!("{name}: {e}"))?;
            parse(&name, &xml).map_err(|e| format!("{name}: {e}"))
        })
        .collect()
}

/// Where the parser is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Outside,
    Dct,
    Text,
}

/// Parses one TimeML document.
pub fn parse(path: &str, xml: &str) -> Result<TimemlDoc, String> {
    let mut reader = Reader::from_str(xml);
    let mut place = Place::Outside;
    let mut text = String::new();
    let mut chars = 0usize;
    let mut dct: Option<Date> = None;
    let mut seen_text = false;
    let mut timexes = Vec::new();
    // The TIMEX3 being read: its start, type and value.
    let mut open: Option<(usize, String, String)> = None;
    let at = |reader: &Reader<&[u8]>| reader.buffer_position();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("XML error at byte {}: {e}", at(&reader)))?;
        match event {
            Event::Start(e) => match e.name().as_ref() {
                "DCT" => place = Place::Dct,
                "TEXT" => {
                    if seen_text {
                        return Err("more than one <TEXT> element".into());
                    }
                    seen_text = true;
                    place = Place::Text;
                }
                "TIMEX3" if place != Place::Outside => {
                    let attr = |name: &str| -> Result<Option<String>, String> {
                        e.try_get_attribute(name)
                            .map_err(|err| format!("TIMEX3 at byte {}: {err}", at(&reader)))?
                            .map(|a| {
                                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                    .map(std::borrow::Cow::into_owned)
                            })
                            .transpose()
                            .map_err(|err| format!("TIMEX3 at byte {}: {err}", at(&reader)))
                    };
                    if place == Place::Dct {
                        if let Some(v) = attr("value")? {
                            let day = v.get(..10).unwrap_or(&v);
                            dct = Date::parse(day);
                        }
                    } else {
                        if open.is_some() {
                            return Err(format!("nested TIMEX3 at byte {}", at(&reader)));
                        }
                        let kind = attr("type")?.unwrap_or_default();
                        let value = attr("value")?.unwrap_or_default();
                        open = Some((chars, kind, value));
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "DCT" | "TEXT" => place = Place::Outside,
                "TIMEX3" if place == Place::Text => {
                    if let Some((start, kind, value)) = open.take()
                        && chars > start
                    {
                        timexes.push(Timex {
                            start,
                            end: chars,
                            kind,
                            value,
                            rule: None,
                        });
                    }
                }
                _ => {}
            },
            Event::Text(t) if place == Place::Text => {
                let s = t.xml10_content();
                chars += s.chars().count();
                text.push_str(&s);
            }
            Event::CData(t) if place == Place::Text => {
                let s = t.xml10_content();
                chars += s.chars().count();
                text.push_str(&s);
            }
            Event::GeneralRef(r) if place == Place::Text => {
                let resolved = if let Some(c) = r
                    .resolve_char_ref()
                    .map_err(|e| format!("at byte {}: {e}", at(&reader)))?
                {
                    c.to_string()
                } else {
                    let name = r.xml10_content();
                    quick_xml::escape::resolve_predefined_entity(&name)
                        .ok_or_else(|| format!("unknown entity &{name}; at byte {}", at(&reader)))?
                        .to_string()
                };
                chars += resolved.chars().count();
                text.push_str(&resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_text {
        return Err("no <TEXT> element".into());
    }
    Ok(TimemlDoc {
        path: path.to_string(),
        text,
        dct,
        timexes,
    })
}

/// The system's expressions in one document: its date facts, a range with endpoints counted as its endpoints.
pub fn system_timexes(ex: &Extractor, doc: &TimemlDoc) -> Vec<Timex> {
    let d = Document::from_str(&doc.path, &doc.text, doc.dct);
    let rec = ex.extract(&d);
    let mut out = Vec::new();
    for f in rec.claims.iter().flat_map(|c| &c.facts) {
        if f.fact_type != FactType::Date {
            continue;
        }
        let Value::Date(v) = &f.value else { continue };
        if !v.parts.is_empty() {
            for part in &v.parts {
                out.push(Timex {
                    start: part.chars.start(),
                    end: part.chars.end(),
                    kind: v.kind.as_str().to_string(),
                    value: part.timex.clone(),
                    rule: Some(f.rule.clone()),
                });
            }
            continue;
        }
        out.push(Timex {
            start: f.location.chars.start(),
            end: f.location.chars.end(),
            kind: v.kind.as_str().to_string(),
            value: v.timex.clone(),
            rule: Some(f.rule.clone()),
        });
    }
    out.sort_by_key(|t| (t.start, t.end));
    out
}

/// Counts for one row (a TIMEX3 type, or all of them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    /// `DATE`, `TIME`, `DURATION`, `SET` or `all`.
    pub label: String,
    /// Gold expressions.
    pub gold: usize,
    /// System expressions.
    pub system: usize,
    /// Strict pairs, counted by gold type (recall) and by system type (precision).
    pub strict: (usize, usize),
    /// Relaxed pairs, likewise.
    pub relaxed: (usize, usize),
    /// Relaxed pairs with the gold value, likewise.
    pub value: (usize, usize),
    /// Relaxed pairs with the gold type, by gold type.
    pub type_correct: usize,
}

impl Row {
    fn prf(&self, tp: (usize, usize)) -> (Option<f64>, Option<f64>, Option<f64>) {
        let p = Prf {
            tp: tp.1,
            system: self.system,
            gold: self.gold,
        }
        .precision();
        let r = Prf {
            tp: tp.0,
            system: self.system,
            gold: self.gold,
        }
        .recall();
        let f = match (p, r) {
            (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
            (Some(_), Some(_)) => Some(0.0),
            _ => None,
        };
        (p, r, f)
    }

    /// Strict precision, recall and F1.
    pub fn strict(&self) -> (Option<f64>, Option<f64>, Option<f64>) {
        self.prf(self.strict)
    }

    /// Relaxed precision, recall and F1.
    pub fn relaxed(&self) -> (Option<f64>, Option<f64>, Option<f64>) {
        self.prf(self.relaxed)
    }

    /// Value precision, recall and F1.
    pub fn value(&self) -> (Option<f64>, Option<f64>, Option<f64>) {
        self.prf(self.value)
    }

    /// Correct values among relaxed pairs (by gold type).
    pub fn value_accuracy(&self) -> Option<f64> {
        (self.relaxed.0 > 0).then(|| self.value.0 as f64 / self.relaxed.0 as f64)
    }

    /// Correct types among relaxed pairs (by gold type).
    pub fn type_accuracy(&self) -> Option<f64> {
        (self.relaxed.0 > 0).then(|| self.type_correct as f64 / self.relaxed.0 as f64)
    }
}

/// What went wrong with one expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Miss {
    /// The document.
    pub path: String,
    /// `missed`, `extra`, `wrong value` or `wrong span`.
    pub kind: &'static str,
    /// The gold expression and its text.
    pub gold: Option<(Timex, String)>,
    /// The system expression and its text.
    pub system: Option<(Timex, String)>,
}

/// The scores of a TimeML run.
#[derive(Debug, Clone, PartialEq)]
pub struct TimemlScores {
    /// Documents scored.
    pub docs: usize,
    /// One row per TIMEX3 type, then `all`.
    pub rows: Vec<Row>,
    /// Every miss, extra, wrong value and wrong span, in document and text order.
    pub errors: Vec<Miss>,
}

fn type_index(kind: &str) -> usize {
    TYPES.iter().position(|t| *t == kind).unwrap_or(0)
}

/// Scores the extractor on TimeML documents.
pub fn score(ex: &Extractor, docs: &[TimemlDoc]) -> TimemlScores {
    let mut rows: Vec<Row> = TYPES
        .iter()
        .chain(std::iter::once(&"all"))
        .map(|t| Row {
            label: (*t).to_string(),
            ..Row::default()
        })
        .collect();
    let mut errors = Vec::new();
    for doc in docs {
        let system = system_timexes(ex, doc);
        score_doc(doc, &doc.timexes, &system, &mut rows, &mut errors);
    }
    TimemlScores {
        docs: docs.len(),
        rows,
        errors,
    }
}

fn score_doc(
    doc: &TimemlDoc,
    gold: &[Timex],
    system: &[Timex],
    rows: &mut [Row],
    errors: &mut Vec<Miss>,
) {
    let all = TYPES.len();
    let chars: Vec<char> = doc.text.chars().collect();
    let text_of = |t: &Timex| -> String {
        chars[t.start.min(chars.len())..t.end.min(chars.len())]
            .iter()
            .collect()
    };
    let bump = |rows: &mut [Row], i: usize, f: &dyn Fn(&mut Row)| {
        f(&mut rows[i]);
        f(&mut rows[all]);
    };
    for g in gold {
        bump(rows, type_index(&g.kind), &|r| r.gold += 1);
    }
    for s in system {
        bump(rows, type_index(&s.kind), &|r| r.system += 1);
    }
    let gspans: Vec<(usize, usize)> = gold.iter().map(|t| (t.start, t.end)).collect();
    let sspans: Vec<(usize, usize)> = system.iter().map(|t| (t.start, t.end)).collect();
    let strict_pairs = match_strict(&gspans, &sspans);
    for &(a, b) in &strict_pairs {
        bump(rows, type_index(&gold[a].kind), &|r| r.strict.0 += 1);
        rows[type_index(&system[b].kind)].strict.1 += 1;
        rows[all].strict.1 += 1;
    }
    let pairs = match_relaxed(&gspans, &sspans);
    let mut g_matched = vec![false; gold.len()];
    let mut s_matched = vec![false; system.len()];
    for &(a, b) in &pairs {
        g_matched[a] = true;
        s_matched[b] = true;
        let (g, s) = (&gold[a], &system[b]);
        let (gt, st) = (type_index(&g.kind), type_index(&s.kind));
        bump(rows, gt, &|r| r.relaxed.0 += 1);
        rows[st].relaxed.1 += 1;
        rows[all].relaxed.1 += 1;
        let value_ok = g.value == s.value;
        if value_ok {
            bump(rows, gt, &|r| r.value.0 += 1);
            rows[st].value.1 += 1;
            rows[all].value.1 += 1;
        }
        if g.kind == s.kind {
            bump(rows, gt, &|r| r.type_correct += 1);
        }
        let kind = if !value_ok {
            "wrong value"
        } else if gspans[a] != sspans[b] {
            "wrong span"
        } else {
            continue;
        };
        errors.push(Miss {
            path: doc.path.clone(),
            kind,
            gold: Some((g.clone(), text_of(g))),
            system: Some((s.clone(), text_of(s))),
        });
    }
    for (g, _) in gold.iter().zip(&g_matched).filter(|(_, m)| !**m) {
        errors.push(Miss {
            path: doc.path.clone(),
            kind: "missed",
            gold: Some((g.clone(), text_of(g))),
            system: None,
        });
    }
    for (s, _) in system.iter().zip(&s_matched).filter(|(_, m)| !**m) {
        errors.push(Miss {
            path: doc.path.clone(),
            kind: "extra",
            gold: None,
            system: Some((s.clone(), text_of(s))),
        });
    }
    let start = errors.len()
        - errors
            .iter()
            .rev()
            .take_while(|e| e.path == doc.path)
            .count();
    errors[start..].sort_by_key(|e| {
        e.gold
            .as_ref()
            .or(e.system.as_ref())
            .map_or(0, |(t, _)| t.start)
    });
}

impl TimemlScores {
    /// The row of a TIMEX3 type, or `all`.
    pub fn row(&self, label: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.label == label)
    }

    /// A Markdown table (percentages, `–` where undefined) and the raw counts.
    pub fn table(&self) -> String {
        let mut out = String::new();
        out.push_str("| type | gold | system | strict P | strict R | strict F1 | relaxed P | relaxed R | relaxed F1 | value acc | value F1 | type acc |\n");
        out.push_str("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for r in &self.rows {
            let (sp, sr, sf) = r.strict();
            let (xp, xr, xf) = r.relaxed();
            let (_, _, vf) = r.value();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                r.label,
                r.gold,
                r.system,
                pct(sp),
                pct(sr),
                pct(sf),
                pct(xp),
                pct(xr),
                pct(xf),
                pct(r.value_accuracy()),
                pct(vf),
                pct(r.type_accuracy()),
            );
        }
        let a = &self.rows[TYPES.len()];
        let _ = writeln!(
            out,
            "\n{} documents; {} gold expressions, {} system expressions; {} strict and {} relaxed pairs, {} with the gold value.",
            self.docs, a.gold, a.system, a.strict.0, a.relaxed.0, a.value.0
        );
        out
    }

    /// Every error, one per line: `PATH kind: gold TYPE VALUE "text" [start..end) → system …`.
    pub fn errors(&self) -> String {
        let mut out = String::new();
        let show = |(t, text): &(Timex, String)| {
            let rule = t
                .rule
                .as_deref()
                .map_or_else(String::new, |r| format!(" {r}"));
            format!(
                "{} {} {:?} [{}..{}){rule}",
                t.kind, t.value, text, t.start, t.end
            )
        };
        for e in &self.errors {
            let _ = write!(out, "{} {}:", e.path, e.kind);
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

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<?xml version="1.0" ?>
<TimeML>
<DOCID>X</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" temporalFunction="false" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TEXT>
Prices <EVENT eid="e1">fell</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday</TIMEX3> at AT&amp;T, for <TIMEX3 tid="t2" type="DURATION" value="P3D">three days</TIMEX3> in a row.
</TEXT>
<TLINK lid="l1" relType="BEFORE" eventInstanceID="ei1" relatedToTime="t0"/>
</TimeML>
"#;

    fn extractor() -> Extractor {
        Extractor::embedded().expect("the embedded rules compile")
    }

    #[test]
    fn parses_text_dct_and_timexes_in_code_points() {
        let d = parse("x.tml", DOC).unwrap();
        assert_eq!(d.dct, Date::parse("1998-01-08"));
        assert_eq!(
            d.text,
            "\nPrices fell yesterday at AT&T, for three days in a row.\n"
        );
        let spans: Vec<(&str, &str, String)> = d
            .timexes
            .iter()
            .map(|t| {
                (
                    t.kind.as_str(),
                    t.value.as_str(),
                    d.text.chars().skip(t.start).take(t.end - t.start).collect(),
                )
            })
            .collect();
        assert_eq!(
            spans,
            [
                ("DATE", "1998-01-07", "yesterday".to_string()),
                ("DURATION", "P3D", "three days".to_string())
            ]
        );
    }

    #[test]
    fn errors_name_what_is_wrong() {
        assert_eq!(
            parse("x.tml", "<TimeML></TimeML>").unwrap_err(),
            "no <TEXT> element"
        );
        let nested = "<TimeML><TEXT><TIMEX3 type=\"DATE\" value=\"1\">a <TIMEX3 type=\"DATE\" value=\"2\">b</TIMEX3></TIMEX3></TEXT></TimeML>";
        assert!(
            parse("x.tml", nested)
                .unwrap_err()
                .starts_with("nested TIMEX3")
        );
        assert!(
            parse("x.tml", "<TimeML><TEXT>&bogus;</TEXT></TimeML>")
                .unwrap_err()
                .contains("&bogus;")
        );
    }

    #[test]
    fn scores_values_and_types_per_row() {
        let d = parse("x.tml", DOC).unwrap();
        let s = score(&extractor(), std::slice::from_ref(&d));
        let all = s.row("all").unwrap();
        assert_eq!((all.gold, all.system), (2, 2), "{}", s.errors());
        assert_eq!(all.relaxed, (2, 2));
        assert_eq!(all.value, (2, 2), "{}", s.errors());
        let dur = s.row("DURATION").unwrap();
        assert_eq!((dur.gold, dur.system, dur.value), (1, 1, (1, 1)));
        // A wrong value: the gold says the day before, the system finds the day itself.
        let mut wrong = d.clone();
        wrong.timexes[0].value = "1998-01-06".into();
        let s = score(&extractor(), &[wrong]);
        assert_eq!(s.row("DATE").unwrap().value, (0, 0));
        assert_eq!(s.errors.len(), 1);
        assert_eq!(s.errors[0].kind, "wrong value");
        assert!(
            s.errors().contains("gold DATE 1998-01-06 \"yesterday\""),
            "{}",
            s.errors()
        );
    }

    #[test]
    fn missed_and_extra_expressions_are_listed() {
        let mut d = parse("x.tml", DOC).unwrap();
        let extra = d.timexes.remove(1);
        d.timexes.push(Timex {
            start: 1,
            end: 7,
            kind: "TIME".into(),
            value: "1998-01-08TMO".into(),
            rule: None,
        });
        let s = score(&extractor(), &[d]);
        let kinds: Vec<&str> = s.errors.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, ["missed", "extra"], "{}", s.errors());
        assert_eq!(s.errors[1].system.as_ref().unwrap().0.value, extra.value);
        let time = s.row("TIME").unwrap();
        assert_eq!((time.gold, time.system, time.relaxed), (1, 0, (0, 0)));
    }
}
