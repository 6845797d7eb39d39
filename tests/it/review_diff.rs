//! `diff` between two runs, and its report of a one-rule edit.

use std::path::Path;

use crate::common::{assert_exit, claimscan, manifest_dir};

fn copy_rules(to: &Path) {
    for entry in std::fs::read_dir(manifest_dir().join("rules")).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
    }
}

#[test]
fn identical_runs_exit_0() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for dir in [&a, &b] {
        let out = claimscan()
            .args(["extract", "corpus/", "--out"])
            .arg(dir)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
    }
    let out = claimscan().arg("diff").arg(&a).arg(&b).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 of 5 documents differ"));
}

/// Renaming executive orders in one rule's `name` template changes exactly that rule's facts' values: nothing is
/// added or removed, and every changed fact is one of that rule.
#[test]
fn a_one_rule_edit_shows_exactly_its_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let rules = tmp.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    copy_rules(&rules);
    let policy = rules.join("policy.toml");
    let text = std::fs::read_to_string(&policy).unwrap();
    let edited = text.replacen(
        r#"name = "Executive Order {number}""#,
        r#"name = "EO {number}""#,
        1,
    );
    assert_ne!(
        text, edited,
        "the rule to edit is where the test expects it"
    );
    std::fs::write(&policy, edited).unwrap();

    let old = claimscan().args(["extract", "corpus/"]).output().unwrap();
    let new = claimscan()
        .args(["extract", "corpus/", "--rules"])
        .arg(&rules)
        .output()
        .unwrap();
    assert_eq!((old.status.code(), new.status.code()), (Some(0), Some(0)));
    let (a, b) = (tmp.path().join("old.jsonl"), tmp.path().join("new.jsonl"));
    std::fs::write(&a, &old.stdout).unwrap();
    std::fs::write(&b, &new.stdout).unwrap();
    let expected = String::from_utf8(old.stdout)
        .unwrap()
        .matches(r#""rule":"policy/executive-order-number""#)
        .count();
    assert!(
        expected >= 3,
        "the corpus names numbered orders ({expected})"
    );

    let out = claimscan()
        .arg("diff")
        .arg(&a)
        .arg(&b)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "different runs exit 1");
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d["totals"]["facts"][0], 0, "nothing added");
    assert_eq!(d["totals"]["facts"][1], 0, "nothing removed");
    assert_eq!(d["totals"]["claims"][0], 0);
    assert_eq!(d["totals"]["claims"][1], 0);
    let changes: Vec<&serde_json::Value> = d["documents"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|doc| doc["claims_changed"].as_array().unwrap())
        .flat_map(|c| c["changed"].as_array().unwrap())
        .collect();
    // Every change is the rename, on the edited rule's facts or on references resolved to them ("the order",
    // "Section 5 of the order"), and nothing else about the fact moved.
    let mut by_rule = 0;
    for ch in &changes {
        let (o, n) = (&ch["old"], &ch["new"]);
        assert_eq!(o["rule"], n["rule"]);
        assert_eq!((&o["text"], &o["span"]), (&n["text"], &n["span"]));
        let mut renamed = o["value"].clone();
        let name = renamed["name"]
            .as_str()
            .unwrap()
            .replace("Executive Order ", "EO ");
        renamed["name"] = serde_json::Value::String(name);
        assert_eq!(renamed, n["value"], "{ch}");
        if o["rule"] == "policy/executive-order-number" {
            by_rule += 1;
        }
    }
    assert_eq!(by_rule, expected, "every fact of the edited rule changed");
    let total = d["totals"]["facts"][2].as_u64().unwrap() as usize;
    assert_eq!(total, changes.len());
    let text = claimscan().arg("diff").arg(&a).arg(&b).output().unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains(&format!("facts +0 -0 ~{total}")));
}

#[test]
fn review_page_escapes_injected_markup_and_marks_every_fact() {
    let tmp = tempfile::tempdir().unwrap();
    let article = tmp.path().join("hostile.txt");
    std::fs::write(
        &article,
        "Hostile\n\nThe agency said <script>alert(1)</script> prices rose 5 percent in 2027. <img src=x onerror=alert(2)> The Department of Energy agreed.\n",
    )
    .unwrap();
    let out_dir = tmp.path().join("out");
    let out = claimscan()
        .arg("extract")
        .arg(&article)
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let html = tmp.path().join("review.html");
    let out = claimscan()
        .arg("review")
        .arg(&out_dir)
        .arg("--html")
        .arg(&html)
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let index = std::fs::read_to_string(&html).unwrap();
    assert!(index.contains("<tr class=\"doc-row\"") && !index.contains("<mark"));
    assert!(!index.contains("<script>alert") && !index.contains("<img src=x"));
    let page = std::fs::read_to_string(tmp.path().join("review_files/d00001.html")).unwrap();
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert!(!page.contains("<script>alert") && !page.contains("<img src=x"));
    assert_eq!(
        page.matches("<mark").count(),
        3,
        "5 percent, 2027, Department of Energy"
    );
    for p in [&page, &index] {
        assert!(
            !p.contains("http://") && !p.contains("https://"),
            "no network"
        );
    }
    let term = claimscan().arg("review").arg(&out_dir).output().unwrap();
    let shown = String::from_utf8(term.stdout).unwrap();
    assert!(shown.contains("[[5 percent]]{percentage}"), "{shown}");
}

/// `review --html OUT.html` writes the index at OUT.html and, in `OUT_files/`, a page per document and
/// `search.js`; `--decisions` embeds each decision in its document's page and all of them in the index.
#[test]
fn review_writes_an_index_a_page_per_document_and_the_search_data() {
    let tmp = tempfile::tempdir().unwrap();
    let records = tmp.path().join("records.jsonl");
    let out = claimscan().args(["extract", "corpus/"]).output().unwrap();
    assert_exit(&out, 0);
    std::fs::write(&records, &out.stdout).unwrap();
    let shas: Vec<String> = crate::common::jsonl_records(&out.stdout)
        .iter()
        .map(|r| r["document"]["sha256"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(shas.len(), 5);
    let decisions = tmp.path().join("decisions.jsonl");
    // A decision on a claim, as the page exports it.
    let decision = |sha: &str, claim: &str, verdict: &str, note: &str| {
        serde_json::json!({"schema": "claimscan-decision/1", "run": "r", "path": "p", "sha256": sha,
            "claim": claim, "target": "claim", "type": null, "span": {"start": 0, "end": 1},
            "chars": {"start": 0, "end": 1}, "text": "t", "rule": null, "value": null, "verdict": verdict,
            "reason": null, "note": note, "time": "2026-12-02T06:00:00.000Z"})
    };
    std::fs::write(
        &decisions,
        format!(
            "{}\n\n{}\n{}\n",
            decision(&shas[1], "one", "accepted", "</script>"),
            decision(&"0".repeat(64), "gone", "rejected", ""),
            decision(&"1".repeat(64), "gone too", "rejected", ""),
        ),
    )
    .unwrap();
    let html = tmp.path().join("review.html");
    let run = claimscan()
        .arg("review")
        .arg(&records)
        .arg("--html")
        .arg(&html)
        .arg("--decisions")
        .arg(&decisions)
        .output()
        .unwrap();
    let err = assert_exit(&run, 0);
    assert!(
        err.contains(&format!(
            "claimscan: {}: 2 decisions are for documents not in these records",
            decisions.display()
        )),
        "{err}"
    );
    let folder = tmp.path().join("review_files");
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "d00001.html",
            "d00002.html",
            "d00003.html",
            "d00004.html",
            "d00005.html",
            "search.js"
        ]
    );
    let index = std::fs::read_to_string(&html).unwrap();
    assert_eq!(index.matches("<tr class=\"doc-row\"").count(), 5);
    for n in 1..=5 {
        assert!(index.contains(&format!("href=\"review_files/d0000{n}.html\"")));
    }
    assert!(!index.contains("<mark"), "no article in the index");
    let run_id = {
        let at = index.find("data-run=\"").unwrap() + 10;
        index[at..at + 16].to_string()
    };
    assert!(index.contains("\"claim\":\"gone too\""));
    for (n, sha) in shas.iter().enumerate() {
        let page = std::fs::read_to_string(folder.join(format!("d0000{}.html", n + 1))).unwrap();
        assert!(page.contains(&format!("data-run=\"{run_id}\" data-sha256=\"{sha}\"")));
        assert!(page.contains("<mark class=\"fact"));
        // The decision sits in its document's page only, its text unable to end the script.
        assert_eq!(page.contains("\"claim\":\"one\""), n == 1, "page {}", n + 1);
        assert!(!page.contains("gone"));
        assert!(!page.contains("\"note\":\"</script>"));
    }
    let search = std::fs::read_to_string(folder.join("search.js")).unwrap();
    assert!(search.starts_with("window.CLAIMSCAN_SEARCH = {\""));
    assert!(search.contains(&format!("\"run\":\"{run_id}\"")));

    // A line that is not a decision stops the run, naming the file and the line.
    std::fs::write(
        &decisions,
        format!("{}\n[1, 2]\n", decision(&shas[0], "c", "flagged", "")),
    )
    .unwrap();
    let run = claimscan()
        .arg("review")
        .arg(&records)
        .arg("--html")
        .arg(&html)
        .arg("--decisions")
        .arg(&decisions)
        .output()
        .unwrap();
    let err = assert_exit(&run, 2);
    assert!(
        err.contains(&format!(
            "claimscan: {}:2: a decision is a JSON object, not",
            decisions.display()
        )),
        "{err}"
    );
    std::fs::write(&decisions, "{\"claim\": \"x\"}\n").unwrap();
    let err = assert_exit(
        &claimscan()
            .arg("review")
            .arg(&records)
            .arg("--html")
            .arg(&html)
            .arg("--decisions")
            .arg(&decisions)
            .output()
            .unwrap(),
        2,
    );
    assert!(
        err.contains(&format!(
            "{}:1: not a decision: no schema",
            decisions.display()
        )),
        "{err}"
    );
}
