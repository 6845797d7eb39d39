//! `diff`: what changed between two runs, per document, claim and fact.
//!
//! Records are read from files (one pretty JSON record, or JSON Lines as `extract` prints them) or from
//! `--out` folders (every `*.json` but `summary.json`), and matched by `document.path`. Within a document, claims
//! are matched by claim id and facts by their byte span: a fact present in both with another type, text, rule
//! or value is *changed*. The result is a [`Diff`], rendered as text for a person or serialized as JSON.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use serde_json::Value as Json;

/// A fact as the diff reports it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FactView {
    /// Fact type.
    #[serde(rename = "type")]
    pub fact_type: String,
    /// Its text.
    pub text: String,
    /// `[start, end)` byte span.
    pub span: (u64, u64),
    /// Rule id.
    pub rule: String,
    /// Normalized value.
    pub value: Json,
}

/// A fact found in both runs at the same span, but different.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FactChange {
    /// Before.
    pub old: FactView,
    /// After.
    pub new: FactView,
}

/// The facts of a claim present in both runs that changed.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ClaimChange {
    /// Claim id.
    pub id: String,
    /// The sentence.
    pub text: String,
    /// Facts only in the new run.
    pub added: Vec<FactView>,
    /// Facts only in the old run.
    pub removed: Vec<FactView>,
    /// Facts in both, changed.
    pub changed: Vec<FactChange>,
}

/// A claim as the diff reports it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ClaimView {
    /// Claim id.
    pub id: String,
    /// `title`, `heading` or `body`.
    pub role: String,
    /// The sentence.
    pub text: String,
    /// Its facts.
    pub facts: Vec<FactView>,
}

/// What changed in one document.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocumentDiff {
    /// `document.path`.
    pub path: String,
    /// `added`, `removed` or `changed`.
    pub status: &'static str,
    /// Claims only in the new run.
    pub claims_added: Vec<ClaimView>,
    /// Claims only in the old run.
    pub claims_removed: Vec<ClaimView>,
    /// Claims in both whose facts changed.
    pub claims_changed: Vec<ClaimChange>,
}

/// Totals.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Totals {
    /// Documents compared (in either run).
    pub documents: usize,
    /// Documents that differ.
    pub changed_documents: usize,
    /// Claims added, removed, changed.
    pub claims: [usize; 3],
    /// Facts added, removed, changed (counting those of added and removed claims).
    pub facts: [usize; 3],
}

/// The difference between two runs.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Diff {
    /// Documents that differ, sorted by path.
    pub documents: Vec<DocumentDiff>,
    /// Totals.
    pub totals: Totals,
}

impl Diff {
    /// Whether the runs are the same.
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }
}

/// Reads records from a file or an `--out` folder, keyed by `document.path`.
pub fn load(path: &Path) -> Result<BTreeMap<String, Json>, String> {
    let mut files = Vec::new();
    if path.is_dir() {
        let mut stack = vec![path.to_path_buf()];
        while let Some(d) = stack.pop() {
            let rd = std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))?;
            for entry in rd {
                let p = entry.map_err(|e| format!("{}: {e}", d.display()))?.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "json")
                    && p.file_name().is_some_and(|n| n != "summary.json")
                {
                    files.push(p);
                }
            }
        }
        files.sort();
    } else {
        files.push(path.to_path_buf());
    }
    let mut out = BTreeMap::new();
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        let mut records = Vec::new();
        match serde_json::from_str::<Json>(&text) {
            Ok(Json::Array(items)) => records.extend(items),
            Ok(v) => records.push(v),
            Err(_) => {
                for (i, line) in text
                    .lines()
                    .enumerate()
                    .filter(|(_, l)| !l.trim().is_empty())
                {
                    let v = serde_json::from_str(line)
                        .map_err(|e| format!("{}:{}: not a record: {e}", f.display(), i + 1))?;
                    records.push(v);
                }
            }
        }
        for r in records {
            let Some(p) = r.pointer("/document/path").and_then(Json::as_str) else {
                return Err(format!("{}: a record without document.path", f.display()));
            };
            out.insert(p.to_string(), r);
        }
    }
    Ok(out)
}

fn fact_view(f: &Json) -> FactView {
    let s = |k: &str| {
        f.get(k)
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let n = |k: &str| f.pointer(k).and_then(Json::as_u64).unwrap_or(0);
    FactView {
        fact_type: s("type"),
        text: s("text"),
        span: (n("/span/start"), n("/span/end")),
        rule: s("rule"),
        value: f.get("value").cloned().unwrap_or(Json::Null),
    }
}

fn claims(record: &Json) -> BTreeMap<String, (String, Vec<FactView>, String)> {
    let mut out = BTreeMap::new();
    for c in record
        .get("claims")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
    {
        let id = c
            .get("id")
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_string();
        let text = c
            .get("text")
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_string();
        let facts = c
            .get("facts")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .map(fact_view)
            .collect();
        let role = c
            .get("role")
            .and_then(Json::as_str)
            .unwrap_or("body")
            .to_string();
        out.insert(id, (text, facts, role));
    }
    out
}

/// Compares two sets of records.
pub fn diff(old: &BTreeMap<String, Json>, new: &BTreeMap<String, Json>) -> Diff {
    let mut d = Diff::default();
    let mut paths: Vec<&String> = old.keys().chain(new.keys()).collect();
    paths.sort();
    paths.dedup();
    d.totals.documents = paths.len();
    let view = |id: &String, (text, facts, role): &(String, Vec<FactView>, String)| ClaimView {
        id: id.clone(),
        role: role.clone(),
        text: text.clone(),
        facts: facts.clone(),
    };
    for path in paths {
        let (a, b) = (
            old.get(path).map(claims).unwrap_or_default(),
            new.get(path).map(claims).unwrap_or_default(),
        );
        let status = match (old.contains_key(path), new.contains_key(path)) {
            (false, _) => "added",
            (_, false) => "removed",
            _ => "changed",
        };
        let mut doc = DocumentDiff {
            path: path.clone(),
            status,
            claims_added: vec![],
            claims_removed: vec![],
            claims_changed: vec![],
        };
        for (id, c) in &b {
            if !a.contains_key(id) {
                doc.claims_added.push(view(id, c));
            }
        }
        for (id, c) in &a {
            let Some(nc) = b.get(id) else {
                doc.claims_removed.push(view(id, c));
                continue;
            };
            let mut change = ClaimChange {
                id: id.clone(),
                text: c.0.clone(),
                added: vec![],
                removed: vec![],
                changed: vec![],
            };
            for f in &nc.1 {
                match c.1.iter().find(|o| o.span == f.span) {
                    None => change.added.push(f.clone()),
                    Some(o) if o != f => change.changed.push(FactChange {
                        old: o.clone(),
                        new: f.clone(),
                    }),
                    Some(_) => {}
                }
            }
            for o in &c.1 {
                if !nc.1.iter().any(|f| f.span == o.span) {
                    change.removed.push(o.clone());
                }
            }
            if !(change.added.is_empty() && change.removed.is_empty() && change.changed.is_empty())
            {
                doc.claims_changed.push(change);
            }
        }
        let changed = !(doc.claims_added.is_empty()
            && doc.claims_removed.is_empty()
            && doc.claims_changed.is_empty())
            || status != "changed";
        if changed {
            let t = &mut d.totals;
            t.changed_documents += 1;
            t.claims[0] += doc.claims_added.len();
            t.claims[1] += doc.claims_removed.len();
            t.claims[2] += doc.claims_changed.len();
            let sum = |counts: &mut dyn Iterator<Item = usize>| counts.sum::<usize>();
            t.facts[0] += sum(&mut doc.claims_added.iter().map(|c| c.facts.len()))
                + sum(&mut doc.claims_changed.iter().map(|c| c.added.len()));
            t.facts[1] += sum(&mut doc.claims_removed.iter().map(|c| c.facts.len()))
                + sum(&mut doc.claims_changed.iter().map(|c| c.removed.len()));
            t.facts[2] += sum(&mut doc.claims_changed.iter().map(|c| c.changed.len()));
            d.documents.push(doc);
        }
    }
    d
}

fn short(s: &str) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > 100 {
        format!("{}…", s.chars().take(100).collect::<String>())
    } else {
        s
    }
}

fn fact_line(sign: char, f: &FactView) -> String {
    format!(
        "      {sign} {} {:?} {} {}\n",
        f.fact_type, f.text, f.rule, f.value
    )
}

/// The diff for a person.
pub fn text(d: &Diff) -> String {
    let mut out = String::new();
    for doc in &d.documents {
        out.push_str(&format!("{} ({})\n", doc.path, doc.status));
        for (sign, claims) in [('+', &doc.claims_added), ('-', &doc.claims_removed)] {
            for c in claims {
                let role = if c.role == "body" {
                    String::new()
                } else {
                    format!("[{}] ", c.role)
                };
                out.push_str(&format!(
                    "  {sign} claim {} {role}{:?}\n",
                    c.id,
                    short(&c.text)
                ));
                for f in &c.facts {
                    out.push_str(&fact_line(sign, f));
                }
            }
        }
        for c in &doc.claims_changed {
            out.push_str(&format!("  ~ claim {} {:?}\n", c.id, short(&c.text)));
            for f in &c.added {
                out.push_str(&fact_line('+', f));
            }
            for f in &c.removed {
                out.push_str(&fact_line('-', f));
            }
            for ch in &c.changed {
                out.push_str(&format!(
                    "      ~ {} {:?} at {}..{}: {} {} → {} {}\n",
                    ch.new.fact_type,
                    ch.new.text,
                    ch.new.span.0,
                    ch.new.span.1,
                    ch.old.rule,
                    ch.old.value,
                    ch.new.rule,
                    ch.new.value
                ));
            }
        }
    }
    let t = &d.totals;
    out.push_str(&format!(
        "{} of {} documents differ; claims +{} -{} ~{}; facts +{} -{} ~{}\n",
        t.changed_documents,
        t.documents,
        t.claims[0],
        t.claims[1],
        t.claims[2],
        t.facts[0],
        t.facts[1],
        t.facts[2]
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rec(path: &str, claims: Json) -> (String, Json) {
        (
            path.to_string(),
            json!({"document": {"path": path}, "claims": claims}),
        )
    }

    #[test]
    fn matches_claims_by_id_and_facts_by_span() {
        let fact = |s: u64, rule: &str, v: i64| json!({"type": "date", "text": "x", "span": {"start": s, "end": s + 1}, "rule": rule, "value": {"v": v}});
        let old: BTreeMap<_, _> = [rec(
            "a",
            json!([
                {"id": "c1", "text": "one", "facts": [fact(1, "r/a", 1), fact(5, "r/a", 1)]},
                {"id": "c2", "text": "two", "facts": [fact(9, "r/a", 1)]},
            ]),
        )]
        .into();
        let new: BTreeMap<_, _> = [
            rec(
                "a",
                json!([
                    {"id": "c1", "text": "one", "facts": [fact(1, "r/a", 2), fact(3, "r/b", 1)]},
                    {"id": "c3", "text": "three", "facts": [fact(20, "r/a", 1)]},
                ]),
            ),
            rec("b", json!([])),
        ]
        .into();
        let d = diff(&old, &new);
        assert_eq!(d.totals.changed_documents, 2);
        assert_eq!(d.totals.claims, [1, 1, 1]);
        assert_eq!(d.totals.facts, [2, 2, 1]);
        let c1 = &d.documents[0].claims_changed[0];
        assert_eq!(
            (c1.added.len(), c1.removed.len(), c1.changed.len()),
            (1, 1, 1)
        );
        assert_eq!(d.documents[1].status, "added");
        assert!(diff(&old, &old).is_empty());
        assert!(text(&d).contains("~ claim c1"));
    }
}
