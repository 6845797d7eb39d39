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

/// Every organization and instrument example of issue #16, with the id it must get.
#[test]
fn issue_16_examples_name_the_right_body_and_instrument() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        (
            "The AI Safety Institute (AISI) within the National Institute of Standards and Technology will test models. AISI said so.",
            &[("AI Safety Institute", "us-caisi"), ("AISI", "us-caisi")],
        ),
        (
            "The Department of Commerce (Commerce) leads. Commerce will report.",
            &[("Commerce", "us-doc")],
        ),
        (
            "The Intelligence Community (IC) must act. The IC agreed.",
            &[("Intelligence Community", "us-ic"), ("IC", "us-ic")],
        ),
        (
            "Agencies follow OMB Memorandum M-24-10 and subsection 3(b) of OMB Memorandum M-24-10.",
            &[
                ("OMB Memorandum M-24-10", "omb-m-24-10"),
                ("subsection 3(b)", "omb-m-24-10/sec-3-b"),
            ],
        ),
        (
            "It builds on NSM-25, PPD-21, FAR 52.204-21, DFARS 252.204-7012 and DoDI 5000.02.",
            &[
                ("NSM-25", "nsm-25"),
                ("PPD-21", "ppd-21"),
                ("FAR 52.204-21", "far-52.204-21"),
                ("DFARS 252.204-7012", "dfars-252.204-7012"),
                ("DoDI 5000.02", "dodi-5000.02"),
            ],
        ),
        (
            "The rule appeared at 89 FR 12345 after H.R. 3325 and S. 400 passed, becoming Public Law 117-167.",
            &[
                ("89 FR 12345", "fr-89-12345"),
                ("H.R. 3325", "hr-3325"),
                ("S. 400", "s-400"),
                ("Public Law 117-167", "pl-117-167"),
            ],
        ),
        (
            "The UN adopted A/RES/78/265, and Security Council resolution 2231 stands.",
            &[
                ("A/RES/78/265", "a-res-78-265"),
                ("Security Council resolution 2231", "unscr-2231"),
            ],
        ),
        (
            "Funds flow to the CHIPS Incentives Program, the Tech Hubs and the Recompete Pilot Program.",
            &[
                ("CHIPS Incentives Program", "chips-incentives-program"),
                ("Tech Hubs", "tech-hubs"),
                ("Recompete Pilot Program", "recompete-pilot-program"),
            ],
        ),
        (
            "It cites section 4201 of title 10, United States Code.",
            &[(
                "section 4201 of title 10, United States Code",
                "usc-10-4201",
            )],
        ),
        (
            "Exports follow the U.S. International Traffic in Arms Regulations.",
            &[("U.S. International Traffic in Arms Regulations", "itar")],
        ),
        (
            "The US Department of Energy, the United States Department of State, the UK Ministry of Defence and the Australian Department of Defence met.",
            &[
                ("US Department of Energy", "us-doe"),
                ("United States Department of State", "us-state"),
                ("UK Ministry of Defence", "gb-mod"),
                ("Australian Department of Defence", "au-defence"),
            ],
        ),
        ("In 2003 BP invested around $8bn.", &[("BP", "bp")]),
    ];
    for (text, want) in cases {
        let r = extract(text);
        for (mention, id) in *want {
            let got = ids(&r, mention);
            assert!(
                !got.is_empty() && got.iter().all(|g| g.as_deref() == Some(*id)),
                "{text}\n  {mention:?}: want {id}, got {got:?} in {:?}",
                entity_facts(&r)
            );
        }
    }
    // SSN-AUKUS is a submarine class, not the partnership; "Talent Committee" is the committee it defines.
    let r = extract("SSN-AUKUS will be built under the AUKUS partnership.");
    assert_eq!(ids(&r, "AUKUS partnership"), [Some("aukus".to_string())]);
    assert!(ids(&r, "AUKUS").is_empty(), "{:?}", entity_facts(&r));
    let r = extract(
        "The National Security AI Executive Talent Committee (Talent Committee) meets. The Talent Committee decides.",
    );
    assert_eq!(
        ids(&r, "Talent Committee").len(),
        2,
        "{:?}",
        entity_facts(&r)
    );
    // The issue's values: BP is no basis point and leaves the year a date.
    let r = extract(
        "In 2003 BP invested around $8bn. Investment reached $395+ billion. Unemployment edged up to 4.2%.",
    );
    let kinds: Vec<String> = r
        .claims
        .iter()
        .flat_map(|c| &c.facts)
        .map(|f| format!("{} {}", f.fact_type, f.text))
        .collect();
    assert_eq!(
        kinds,
        [
            "date 2003",
            "organization BP",
            "money around $8bn",
            "money $395+ billion",
            "percentage up to 4.2%"
        ]
    );
}
