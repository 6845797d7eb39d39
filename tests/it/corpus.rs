//! The shipped and shared corpora: snapshots, exact spans, and the briefing article's expected facts.

use std::fmt::Write;
use std::path::Path;

use claimscan::record::{FactType, Record, Role, Value};

use crate::common::{BRIEFING, articles, extract_file, manifest_dir, shared_corpus};
use crate::spans::check_spans;

/// The briefing article's record.
fn briefing() -> Record {
    extract_file(&manifest_dir().join(BRIEFING), BRIEFING).1
}

/// A record rendered for a reviewer: one block per claim, one line per fact.
/// A record rendered for review: each claim with its position, id, role and kinds, its text (and the
/// folded `plain` form when it differs), then its facts.
pub fn render(record: &Record) -> String {
    let d = &record.document;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} | date {:?} ({:?}) | {} sentences",
        d.path, d.date, d.date_source, d.sentences
    );
    let _ = writeln!(
        out,
        "stats: {}",
        serde_json::to_string(&record.stats).unwrap()
    );
    for c in &record.claims {
        let kinds: Vec<String> = c
            .kinds
            .iter()
            .map(|k| format!("{k:?}").to_lowercase())
            .collect();
        let _ = writeln!(
            out,
            "\n{}:{} {} {} [{}]",
            c.location.line,
            c.location.column,
            c.id,
            format!("{:?}", c.role).to_lowercase(),
            kinds.join(", ")
        );
        let _ = writeln!(out, "  | {}", c.text.replace('\n', "\n  | "));
        if let Some(plain) = &c.plain {
            let _ = writeln!(out, "  = {plain}");
        }
        for f in &c.facts {
            let v = serde_json::to_string(&f.value).unwrap();
            let s = f.location.span;
            let _ = writeln!(
                out,
                "  {} {}..{} {:?} {} {}",
                f.fact_type.as_str(),
                s.start(),
                s.end(),
                f.text,
                f.rule,
                v
            );
        }
    }
    let _ = writeln!(out, "\nentities:");
    for e in &record.entities {
        let id = e.id.as_deref().unwrap_or("-");
        let _ = writeln!(
            out,
            "  {} {} {:?} x{}",
            e.fact_type.as_str(),
            id,
            e.name,
            e.mentions
        );
    }
    out
}

fn snapshot_name(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

#[test]
fn briefing_article_record() {
    let (doc, record) = extract_file(&manifest_dir().join(BRIEFING), BRIEFING);
    check_spans(&doc.text, &record);
    insta::assert_json_snapshot!("aukus-genesis-access.record", record);
}

/// Every fact SPEC.md lists for the briefing article, with its value.
#[test]
fn briefing_article_has_the_spec_facts() {
    let record = briefing();
    let facts: Vec<_> = record.claims.iter().flat_map(|c| &c.facts).collect();
    let value_of = |text: &str| -> Vec<serde_json::Value> {
        facts
            .iter()
            .filter(|f| f.text == text)
            .map(|f| serde_json::to_value(&f.value).unwrap())
            .collect()
    };
    let one = |text: &str, field: &str, want: serde_json::Value| {
        let vs = value_of(text);
        assert!(
            vs.iter().any(|v| v[field] == want),
            "{text:?}: want {field} = {want}, got {vs:?}"
        );
    };
    one("74 percent", "fraction", 0.74.into());
    one("74 percent", "unit", "percent".into());
    one("January 2026", "timex", "2026-01".into());
    one("June 2025", "timex", "2025-06".into());
    one("by 2027", "timex", "2027".into());
    one("2027", "timex", "2027".into());
    one("by the end of 2026", "mod", "END".into());
    one("by the end of 2026", "timex", "2026".into());
    one("November", "timex", "XXXX-11".into());
    one("24 American organizations", "amount", 24.0.into());
    one("24 American organizations", "unit", "organizations".into());
    one("Section 5(c)", "section", "5(c)".into());
    one("executive order", "category", "executive_order".into());
    one(
        "Cooperative Research and Development Agreements",
        "id",
        "crada".into(),
    );
    one(
        "International Traffic in Arms Regulations",
        "id",
        "itar".into(),
    );
    one("AUKUS Pillar II", "id", "aukus-pillar-2".into());
    one("Genesis Mission", "id", "genesis-mission".into());
    for (name, id) in [
        ("Department of Defense", "us-dod"),
        ("OpenAI", "openai"),
        ("Google", "google"),
        ("NVIDIA", "nvidia"),
        ("Amazon Web Services", "aws"),
        ("Q-CTRL", "q-ctrl"),
        ("Diraq", "diraq"),
        ("Congress", "us-congress"),
    ] {
        one(name, "id", id.into());
    }
    let doe = record
        .entities
        .iter()
        .find(|e| e.id.as_deref() == Some("us-doe"))
        .expect("DOE in the index");
    assert_eq!(doe.mentions, 5, "Department of Energy mentions");
    let dates = facts
        .iter()
        .filter(|f| f.fact_type == FactType::Date)
        .count();
    assert_eq!(
        dates, 9,
        "dates: November, January 2026, currently, June 2025, now, by 2027, 2027, decades, by the end of 2026"
    );
    assert!(
        facts
            .iter()
            .all(|f| !matches!(&f.value, Value::Percentage(p) if p.amount != Some(74.0)))
    );
}

#[test]
fn briefing_boilerplate_is_never_a_claim() {
    let record = briefing();
    let title = record.document.title.clone().unwrap();
    // The headline holds facts (AUKUS): it is one claim, the title, though it is printed twice.
    let titles: Vec<&str> = record
        .claims
        .iter()
        .filter(|c| c.role == Role::Title)
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(titles, [title.as_str()]);
    assert_eq!(record.claims[0].role, Role::Title);
    for c in record.claims.iter().filter(|c| c.role != Role::Title) {
        for bad in [
            "Share:",
            "Written by",
            "Related Articles",
            "Sarah Mitchell",
            "About the Author",
            title.as_str(),
        ] {
            assert!(
                !c.text.contains(bad),
                "claim holds boilerplate {bad:?}: {}",
                c.text
            );
        }
    }
}

#[test]
fn project_corpus_snapshots() {
    let dir = manifest_dir().join("corpus");
    for path in articles(&dir) {
        let shown = format!("corpus/{}", path.file_name().unwrap().to_string_lossy());
        let (doc, record) = extract_file(&path, &shown);
        check_spans(&doc.text, &record);
        insta::assert_snapshot!(format!("corpus__{}", snapshot_name(&path)), render(&record));
    }
}

#[test]
fn shared_corpus_snapshots() {
    let Some(dir) = shared_corpus() else { return };
    let files = articles(&dir);
    assert!(
        files.len() >= 10,
        "shared corpus has {} articles",
        files.len()
    );
    for path in files {
        let shown = format!(
            "../shared/corpus/{}",
            path.file_name().unwrap().to_string_lossy()
        );
        let (doc, record) = extract_file(&path, &shown);
        check_spans(&doc.text, &record);
        insta::assert_snapshot!(format!("shared__{}", snapshot_name(&path)), render(&record));
    }
}
