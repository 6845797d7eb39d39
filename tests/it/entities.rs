//! Organizations and policy instruments: canonical ids, acronym definitions, references between instruments.

use claimscan::record::{Fact, FactType, Record, Value};
use claimscan::{Document, Extractor};

use crate::common::{BRIEFING, extract_file, manifest_dir, shared_corpus};

fn extract(text: &str) -> Record {
    let doc = Document::from_str("t.txt", text, None);
    Extractor::embedded().unwrap().extract(&doc)
}

/// The facts of a record whose text is `text`.
fn facts_with_text<'r>(record: &'r Record, text: &str) -> Vec<&'r Fact> {
    record
        .claims
        .iter()
        .flat_map(|c| &c.facts)
        .filter(|f| f.text == text)
        .collect()
}

fn entity_facts(record: &Record) -> Vec<(String, Option<String>)> {
    record
        .claims
        .iter()
        .flat_map(|c| &c.facts)
        .filter_map(|f| match &f.value {
            Value::Organization(o) => Some((f.text.clone(), o.id.clone())),
            Value::Policy(p) => Some((f.text.clone(), p.id.clone())),
            _ => None,
        })
        .collect()
}

fn ids(record: &Record, text: &str) -> Vec<Option<String>> {
    entity_facts(record)
        .into_iter()
        .filter(|(t, _)| t == text)
        .map(|(_, id)| id)
        .collect()
}

/// Every organization and instrument of a document has an id, except plural generic mentions
/// ("multiple Executive Orders") that name no single instrument.
fn assert_all_identified(record: &Record) {
    let missing: Vec<String> = entity_facts(record)
        .into_iter()
        .filter(|(t, id)| id.is_none() && !t.ends_with('s'))
        .map(|(t, _)| t)
        .collect();
    assert!(
        missing.is_empty(),
        "{}: no canonical id for {missing:?}",
        record.document.path
    );
}

#[test]
fn briefing_article_entities_all_have_ids() {
    let (doc, record) = extract_file(&manifest_dir().join(BRIEFING), BRIEFING);
    assert_all_identified(&record);
    assert_eq!(
        ids(&record, "Section 5(c)"),
        [Some("eo-launching-the-genesis-mission/sec-5-c".to_string())]
    );
    assert_eq!(
        ids(&record, "executive order")[0].as_deref(),
        Some("eo-launching-the-genesis-mission")
    );
    let doe = record
        .entities
        .iter()
        .find(|e| e.id.as_deref() == Some("us-doe"))
        .unwrap();
    assert_eq!((doe.mentions, doe.spans.len()), (5, 5));
    for s in &doe.spans {
        assert_eq!(&doc.text[s.range()], "Department of Energy");
    }
}

#[test]
fn genesis_order_entities_all_have_ids() {
    let Some(dir) = shared_corpus() else { return };
    let name = "genesis-mission-eo-2025.txt";
    let (_, record) = extract_file(&dir.join(name), name);
    assert_all_identified(&record);
    assert!(
        ids(&record, "order")
            .iter()
            .all(|id| id.as_deref() == Some("eo-launching-the-genesis-mission"))
    );
    assert_eq!(
        ids(&record, "NSTC")[0].as_deref(),
        Some("us-nstc"),
        "defined in the text"
    );
    assert!(
        ids(&record, "DOE")
            .iter()
            .all(|id| id.as_deref() == Some("us-doe")),
        "the order names the Department of Energy"
    );
}

#[test]
fn acronym_definitions_link_both_ways() {
    let forward = extract(
        "Title\n\nThe Office of Frontier Compute (OFC) opened. Later the OFC hired staff.\n",
    );
    assert_eq!(ids(&forward, "OFC"), [None, None]);
    let facts = facts_with_text(&forward, "OFC");
    assert_eq!(facts.len(), 2);
    for f in facts {
        let Value::Organization(o) = &f.value else {
            panic!("{f:?}")
        };
        assert_eq!(
            (o.name.as_str(), o.source.as_str()),
            ("Office of Frontier Compute", "acronym")
        );
        assert_eq!(f.rule, "organizations/defined-acronym");
    }
    let backward =
        extract("Title\n\nOFC (Office of Frontier Compute) opened. Later the OFC hired staff.\n");
    let names: Vec<_> = facts_with_text(&backward, "OFC")
        .into_iter()
        .map(|f| match &f.value {
            Value::Organization(o) => o.name.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        names,
        ["Office of Frontier Compute", "Office of Frontier Compute"]
    );
    let policy =
        extract("Title\n\nThe Frontier Compute Access Act (FCAA) passed. The FCAA funds labs.\n");
    let fcaa = facts_with_text(&policy, "FCAA");
    assert_eq!(fcaa.len(), 2);
    assert!(
        fcaa.iter()
            .all(|f| f.fact_type == FactType::Policy && f.rule == "policy/defined-acronym")
    );
}

#[test]
fn shared_acronyms_need_context() {
    let alone = extract("Title\n\nOfficials said DOE would decide soon.\n");
    assert!(ids(&alone, "DOE").is_empty(), "DOE alone is ambiguous");
    let energy =
        extract("Title\n\nThe Department of Energy met. Officials said DOE would decide soon.\n");
    assert_eq!(ids(&energy, "DOE"), [Some("us-doe".to_string())]);
    let education = extract(
        "Title\n\nThe Department of Education met. Officials said DOE would decide soon.\n",
    );
    assert_eq!(ids(&education, "DOE"), [Some("us-ed".to_string())]);
    let defined = extract(
        "Title\n\nThe Department of Education (DOE) met. Officials said DOE would decide soon.\n",
    );
    assert_eq!(
        ids(&defined, "DOE"),
        [Some("us-ed".to_string()), Some("us-ed".to_string())]
    );
}

#[test]
fn provisions_belong_to_their_instrument() {
    let r = extract(
        "Title\n\nUnder section 4(b) of Executive Order 14110, agencies act. Section 5 of the order applies.\n",
    );
    assert_eq!(
        ids(&r, "section 4(b)"),
        [Some("eo-14110/sec-4-b".to_string())]
    );
    assert_eq!(ids(&r, "Section 5"), [Some("eo-14110/sec-5".to_string())]);
    assert_eq!(ids(&r, "order"), [Some("eo-14110".to_string())]);
    let none = extract("Title\n\nThe order of magnitude matters here.\n");
    assert!(ids(&none, "order").is_empty());
}

#[test]
fn a_pattern_name_that_cuts_a_known_name_short_loses_to_it() {
    let r = extract(
        "He named the Chief Executive Officer of the United States Agency for Global Media today.",
    );
    assert_eq!(
        entity_facts(&r),
        [(
            "United States Agency for Global Media".to_string(),
            Some("us-usagm".to_string())
        )]
    );
    // A pattern that starts inside a known name and runs past it is an overlap like any other: the longer wins.
    let r = extract("She joined the White House Office of Political Affairs in May.");
    assert_eq!(
        entity_facts(&r),
        [("Office of Political Affairs".to_string(), None)]
    );
}

#[test]
fn a_count_of_named_things_keeps_the_name() {
    let r =
        extract("The agency funds 17 National Laboratories and at least two frontier AI models.");
    let facts: Vec<(String, String)> = r
        .claims
        .iter()
        .flat_map(|c| &c.facts)
        .map(|f| (f.fact_type.to_string(), f.text.clone()))
        .collect();
    let want = [
        ("quantity", "17"),
        ("organization", "National Laboratories"),
        ("quantity", "at least two frontier AI models"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(t, x)| ((*t).to_string(), (*x).to_string()))
        .collect();
    assert_eq!(facts, want);
    let count = &r.claims[0].facts[0];
    assert!(
        matches!(&count.value, Value::Quantity(q) if q.amount == 17.0 && q.unit == "laboratories")
    );
}

#[test]
fn lists_of_sections_are_one_fact_each_of_the_instrument_named_last() {
    let r = extract(
        "It invokes sections 301, 302, and 303 of the Defense Production Act and 50 U.S.C. 4531, 4532, and 4533.",
    );
    let got = entity_facts(&r);
    let want = [
        ("sections 301", "defense-production-act/sec-301"),
        ("302", "defense-production-act/sec-302"),
        ("303", "defense-production-act/sec-303"),
        ("Defense Production Act", "defense-production-act"),
        ("50 U.S.C. 4531", "usc-50-4531"),
        ("4532", "usc-50-4532"),
        ("4533", "usc-50-4533"),
    ];
    let want: Vec<(String, Option<String>)> = want
        .iter()
        .map(|(t, id)| ((*t).to_string(), Some((*id).to_string())))
        .collect();
    assert_eq!(got, want);
    // A number after the list that counts something else is no section.
    let r = extract("Under section 301, 302 people were fined.");
    assert_eq!(ids(&r, "302"), Vec::<Option<String>>::new());
}
