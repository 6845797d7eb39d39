//! A reviewer's decisions file as gold for `eval`, and `diff --decisions` against a new run.

use std::path::Path;

use claimscan::tools::decisions::{Decision, write_jsonl};
use serde_json::{Value, json};

use crate::common::{assert_exit, claimscan, manifest_dir};

const ARTICLE: &str = "Grid plan\n\nThe Department of Energy said prices rose 5 percent in March 2025. The agency will \
spend $52 million on 40 projects by 2027, and the grid board agreed. Critics said a $3 billion plan was dropped in \
2024.\n";

/// A folder holding `a.txt` and its record, extracted there (so the record names it `a.txt`).
fn reviewed() -> (tempfile::TempDir, Value) {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a.txt"), ARTICLE).unwrap();
    let out = claimscan()
        .current_dir(tmp.path())
        .args(["extract", "a.txt"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    std::fs::write(tmp.path().join("old.jsonl"), &out.stdout).unwrap();
    let record: Value = serde_json::from_slice(&out.stdout).unwrap();
    (tmp, record)
}

/// A decision on `obj` (a fact or claim of the record, or a selection) as the page exports it.
fn decision(record: &Value, target: &str, obj: &Value, claim: &Value, verdict: &str) -> Value {
    json!({"schema": "claimscan-decision/1", "run": "0123456789abcdef",
           "path": record["document"]["path"], "sha256": record["document"]["sha256"], "claim": claim,
           "target": target, "type": obj.get("type").cloned().unwrap_or(Value::Null),
           "span": obj["span"], "chars": obj["chars"], "text": obj["text"],
           "rule": obj.get("rule").cloned().unwrap_or(Value::Null),
           "value": if target == "fact" { obj.get("value").cloned().unwrap_or(Value::Null) } else { Value::Null },
           "verdict": verdict, "reason": null, "note": "", "time": "2026-12-02T06:01:02.345Z"})
}

/// The decision on the record's fact with this text.
fn on_fact(record: &Value, text: &str, verdict: &str, reason: Option<&str>) -> Value {
    for c in record["claims"].as_array().unwrap() {
        for f in c["facts"].as_array().unwrap() {
            if f["text"] == text {
                let mut d = decision(record, "fact", f, &c["id"], verdict);
                d["reason"] = json!(reason);
                return d;
            }
        }
    }
    panic!("no fact {text:?} in {record}");
}

/// The full review: one of each verdict and reason, an added fact, a claim.
fn all_verdicts(record: &Value) -> Vec<Value> {
    let mut march = on_fact(record, "March 2025", "accepted", None);
    // The run the reviewer saw gave April: the value the rules give now is wrong.
    march["value"]["timex"] = json!("2025-04");
    let mut by_2027 = on_fact(record, "by 2027", "rejected", Some("wrong value"));
    // Rejected for the value 2026, which the rules no longer give: changed, to review again.
    by_2027["value"]["timex"] = json!("2026");
    let start = ARTICLE.find("grid board").unwrap();
    let chars = ARTICLE[..start].chars().count();
    let board = json!({"type": "organization", "text": "grid board",
                       "span": {"start": start, "end": start + 10}, "chars": {"start": chars, "end": chars + 10}});
    let claim = &record["claims"][0];
    vec![
        on_fact(record, "Department of Energy", "accepted", None),
        on_fact(record, "5 percent", "rejected", Some("wrong value")),
        march,
        on_fact(record, "$52 million", "accepted", None),
        on_fact(record, "40 projects", "flagged", None),
        by_2027,
        on_fact(record, "$3 billion", "rejected", Some("not a fact")),
        decision(record, "fact", &board, &record["claims"][1]["id"], "added"),
        decision(record, "claim", claim, &claim["id"], "accepted"),
    ]
}

/// Writes decisions as the page exports them (through the library's writer) to `dir/decisions.jsonl`.
fn write_decisions(dir: &Path, decisions: &[Value]) -> std::path::PathBuf {
    let typed: Vec<Decision> = decisions
        .iter()
        .map(|d| serde_json::from_value(d.clone()).unwrap())
        .collect();
    let file = dir.join("decisions.jsonl");
    std::fs::write(&file, write_jsonl(&typed)).unwrap();
    file
}

/// A copy of the rules without `money/symbol-amount`: "$52 million" and "$3 billion" are no longer found.
fn rules_without_symbol_money(to: &Path) {
    std::fs::create_dir(to).unwrap();
    for entry in std::fs::read_dir(manifest_dir().join("rules")).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
    }
    let money = to.join("money.toml");
    let text = std::fs::read_to_string(&money).unwrap();
    let start = text
        .find("[[rule]]\nid = \"money/symbol-amount\"")
        .expect("the rule to drop is where the test expects it");
    let end = start + 8 + text[start + 8..].find("[[rule]]").unwrap();
    std::fs::write(&money, format!("{}{}", &text[..start], &text[end..])).unwrap();
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn eval_scores_the_run_against_the_decisions() {
    let (tmp, record) = reviewed();
    let file = write_decisions(tmp.path(), &all_verdicts(&record));
    let out = claimscan()
        .current_dir(tmp.path())
        .arg("eval")
        .arg(&file)
        .arg("--errors")
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let text = stdout(&out);
    // By hand: gold = accepted + added; a fact at an accepted or added one is a TP, at a rejected one an FP
    // (but "by 2027", rejected for a value the run no longer gives, is changed); "2024" has no decision.
    for row in [
        "| date | 1 | 1 | 1 | 0 | 0 | 100.0 | 100.0 | 100.0 | 0.0 | 1 | 1 | 0 |",
        "| percentage | 0 | 1 | 0 | 1 | 0 | 0.0 | – | 0.0 | – | 0 | 0 | 0 |",
        "| money | 1 | 2 | 1 | 1 | 0 | 50.0 | 100.0 | 66.7 | 100.0 | 0 | 0 | 0 |",
        "| quantity | 0 | 0 | 0 | 0 | 0 | – | – | – | – | 0 | 0 | 1 |",
        "| organization | 2 | 1 | 1 | 0 | 1 | 100.0 | 50.0 | 66.7 | 100.0 | 0 | 0 | 0 |",
        "| all | 4 | 5 | 3 | 2 | 1 | 60.0 | 75.0 | 66.7 | 66.7 | 1 | 1 | 1 |",
    ] {
        assert!(text.contains(&format!("{row}\n")), "{row} not in\n{text}");
    }
    assert!(!text.contains("| policy |"), "{text}");
    assert!(
        text.contains("claims: 1 accepted, 0 rejected, 0 flagged."),
        "{text}"
    );
    for line in [
        r#"a.txt:3:43 [percentage] false positive: "5 percent" percentages/number-percent"#,
        r#"a.txt:3:168 [money] false positive: "$3 billion" money/symbol-amount {"amount":3000000000.0,"currency":"USD"} [rejected: not a fact]"#,
        r#"a.txt:3:134 [organization] false negative: "grid board" [added]"#,
        r#"a.txt:3:56 [date] wrong value: "March 2025" dates/month-year {"timex":"2025-04"} → {"timex":"2025-03"} [accepted]"#,
        r#"a.txt:3:117 [date] changed since rejected for its value: "by 2027" dates/year-with-modifier {"timex":"2026"} → {"timex":"2027"} [rejected: wrong value]"#,
    ] {
        assert!(text.contains(line), "{line} not in\n{text}");
    }

    // The same decisions scored on the rules without the symbol-money rule: the accepted "$52 million" is
    // missed, the rejected "$3 billion" no longer a false positive.
    let rules = tmp.path().join("rules");
    rules_without_symbol_money(&rules);
    let out = claimscan()
        .current_dir(tmp.path())
        .arg("eval")
        .arg(&file)
        .arg("--rules")
        .arg(&rules)
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let text = stdout(&out);
    assert!(
        text.contains("| money | 1 | 0 | 0 | 0 | 1 | – | 0.0 | 0.0 | – | 0 | 0 | 0 |\n"),
        "{text}"
    );
}

#[test]
fn diff_against_decisions_reports_broken_acceptances_and_fixed_rejections() {
    let (tmp, record) = reviewed();
    let file = write_decisions(tmp.path(), &all_verdicts(&record));
    let rules = tmp.path().join("rules");
    rules_without_symbol_money(&rules);
    let new = claimscan()
        .current_dir(tmp.path())
        .args(["extract", "a.txt", "--rules"])
        .arg(&rules)
        .output()
        .unwrap();
    assert_exit(&new, 0);
    std::fs::write(tmp.path().join("new.jsonl"), &new.stdout).unwrap();

    let run = |extra: &[&str]| {
        claimscan()
            .current_dir(tmp.path())
            .args(["diff", "--decisions"])
            .arg(&file)
            .arg("new.jsonl")
            .args(extra)
            .output()
            .unwrap()
    };
    let out = run(&["--format", "json"]);
    assert_exit(&out, 1);
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    let outcomes: Vec<(String, String)> = d["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["outcome"].as_str().unwrap().to_string(),
                o["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = [
        ("broken_acceptance", "March 2025"),
        ("broken_acceptance", "$52 million"),
        ("fixed_rejection", "$3 billion"),
        ("value_changed", "by 2027"),
        ("still_rejected", "5 percent"),
        ("still_missed", "grid board"),
    ];
    for (outcome, text) in want {
        assert!(
            outcomes.contains(&(outcome.to_string(), text.to_string())),
            "{outcome} {text} not in {outcomes:?}"
        );
    }
    // The rest are kept: DoE, the flagged 40 projects, the claim.
    assert_eq!(outcomes.len(), 9);
    assert_eq!(d["totals"]["kept"], 3, "{}", d["totals"]);
    let gone = d["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["text"] == "$52 million")
        .unwrap();
    assert_eq!((&gone["line"], &gone["column"]), (&json!(3), &json!(90)));
    assert_eq!(gone["new_value"], Value::Null);

    let out = run(&[]);
    assert_exit(&out, 1);
    let text = stdout(&out);
    for line in [
        "broken acceptances (2):\n",
        "  a.txt:3:90 money \"$52 million\" {\"amount\":52000000.0,\"currency\":\"USD\"} → (gone) [accepted]\n",
        "fixed rejections (1):\n",
        "  a.txt:3:168 money \"$3 billion\" {\"amount\":3000000000.0,\"currency\":\"USD\"} → (gone) [rejected: not a fact]\n",
        "  a.txt:3:117 date \"by 2027\" {\"timex\":\"2026\"} → {\"timex\":\"2027\"} [rejected: wrong value]\n",
        "4 of 9 reviewed verdicts changed by the new run;",
    ] {
        assert!(text.contains(line), "{line:?} not in\n{text}");
    }
    assert!(
        !text.contains("Department of Energy"),
        "kept verdicts are not listed:\n{text}"
    );

    // Verdicts the old run itself agrees with change nothing: exit 0.
    let agreed = [
        on_fact(&record, "Department of Energy", "accepted", None),
        on_fact(&record, "$3 billion", "rejected", Some("not a fact")),
    ];
    let file = write_decisions(tmp.path(), &agreed);
    let out = claimscan()
        .current_dir(tmp.path())
        .args(["diff", "--decisions"])
        .arg(&file)
        .arg("old.jsonl")
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert!(
        stdout(&out).contains(
            "0 of 2 reviewed verdicts changed by the new run; still rejected: 1, kept: 1"
        ),
        "{}",
        stdout(&out)
    );
    // A document the new run does not hold.
    let empty = tmp.path().join("empty.jsonl");
    std::fs::write(&empty, "").unwrap();
    let out = claimscan()
        .current_dir(tmp.path())
        .args(["diff", "--decisions"])
        .arg(&file)
        .arg(&empty)
        .output()
        .unwrap();
    assert_exit(&out, 1);
    assert!(
        stdout(&out).contains("not in the new run (2):\n  a.txt (2 decisions)\n"),
        "{}",
        stdout(&out)
    );
    // An old run and decisions both: refused.
    let out = claimscan()
        .current_dir(tmp.path())
        .args(["diff", "--decisions"])
        .arg(&file)
        .args(["old.jsonl", "new.jsonl"])
        .output()
        .unwrap();
    let err = assert_exit(&out, 2);
    assert!(
        err.contains("with --decisions, name only the new run"),
        "{err}"
    );
}

#[test]
fn a_bad_decisions_file_names_its_line_and_a_changed_file_names_it() {
    let (tmp, record) = reviewed();
    let good = on_fact(&record, "5 percent", "accepted", None);
    let mut bad = on_fact(&record, "2024", "accepted", None);
    bad["verdict"] = json!("approved");
    let file = tmp.path().join("bad.jsonl");
    std::fs::write(&file, format!("{good}\n{bad}\n")).unwrap();
    for args in [
        &["eval", "bad.jsonl"][..],
        &["diff", "--decisions", "bad.jsonl", "old.jsonl"],
    ] {
        let out = claimscan()
            .current_dir(tmp.path())
            .args(args)
            .output()
            .unwrap();
        let err = assert_exit(&out, 2);
        assert!(
            err.contains(
                "bad.jsonl:2: verdict \"approved\" is not one of accepted, rejected, flagged, added"
            ),
            "{args:?}: {err}"
        );
    }

    // A decision line among gold lines.
    std::fs::write(
        &file,
        format!(
            "{}\n{good}\n",
            r#"{"text": "It rose 5 percent.", "facts": []}"#
        ),
    )
    .unwrap();
    let out = claimscan()
        .current_dir(tmp.path())
        .args(["eval", "bad.jsonl"])
        .output()
        .unwrap();
    let err = assert_exit(&out, 2);
    assert!(
        err.contains("bad.jsonl:2: a file of decisions and gold lines mixed"),
        "{err}"
    );

    // --doc-date is for decisions: a gold line gives its own.
    let gold = tmp.path().join("gold.jsonl");
    std::fs::write(&gold, r#"{"text": "It rose 5 percent.", "facts": []}"#).unwrap();
    let out = claimscan()
        .current_dir(tmp.path())
        .args(["eval", "gold.jsonl", "--doc-date", "2025-01-01"])
        .output()
        .unwrap();
    let err = assert_exit(&out, 2);
    assert!(
        err.contains("gold.jsonl: --doc-date is for a decisions file"),
        "{err}"
    );

    // The reviewed article edited since: its spans may point elsewhere.
    let file = write_decisions(tmp.path(), &[good]);
    std::fs::write(tmp.path().join("a.txt"), ARTICLE.replace("Grid", "Power")).unwrap();
    let out = claimscan()
        .current_dir(tmp.path())
        .arg("eval")
        .arg(&file)
        .output()
        .unwrap();
    let err = assert_exit(&out, 2);
    assert!(
        err.contains("a.txt: the file has changed since it was reviewed (sha256 "),
        "{err}"
    );
    // And one that is gone.
    std::fs::remove_file(tmp.path().join("a.txt")).unwrap();
    let out = claimscan()
        .current_dir(tmp.path())
        .arg("eval")
        .arg(&file)
        .output()
        .unwrap();
    let err = assert_exit(&out, 2);
    assert!(err.contains("a.txt: "), "{err}");
}
