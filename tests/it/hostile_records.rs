//! `diff` and `review` on runs and records they cannot take at their word: two records for one document, a
//! reused `--out` folder, records of another schema or malformed, articles that are FIFOs or links to them,
//! bidi controls, hidden and symlinked folders.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use serde_json::{Value, json};

use crate::common::{assert_exit, claimscan, jsonl_records, mkfifo, unrun};

/// Every bidi control `claimscan::model::names::is_bidi_control` knows.
const BIDI: [char; 12] = [
    '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}',
    '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
];

fn run(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    let mut cmd = claimscan();
    for a in args {
        cmd.arg(a);
    }
    cmd.timeout(Duration::from_mins(1)).output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// `extract PATHS --out DIR`, expecting `code`.
fn extract_out(paths: &[&Path], dir: &Path, code: i32) {
    let mut cmd = claimscan();
    cmd.arg("extract").args(paths).arg("--out").arg(dir);
    assert_exit(&cmd.output().unwrap(), code);
}

/// The records `extract --input-format jsonl` writes for these `(id, text)` lines, as JSON Lines.
fn jsonl_run(dir: &Path, name: &str, lines: &[(&str, &str)]) -> PathBuf {
    let input = dir.join(format!("{name}.input.jsonl"));
    let text: Vec<String> = lines
        .iter()
        .map(|(id, text)| json!({"id": id, "text": text}).to_string())
        .collect();
    std::fs::write(&input, text.join("\n") + "\n").unwrap();
    let out = run(&[&"extract", &"--input-format", &"jsonl", &input]);
    assert_exit(&out, 0);
    assert_eq!(jsonl_records(&out.stdout).len(), lines.len());
    let records = dir.join(format!("{name}.jsonl"));
    std::fs::write(&records, &out.stdout).unwrap();
    records
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

const FORTY: &str = "Prices\n\nPrices rose 40 percent in 2024.\n";
const NINETY_NINE: &str = "Prices\n\nPrices rose 99 percent in 2024.\n";

/// Item 3: JSON Lines with two records for one id: the last one used to win, and the 40 → 99 change went
/// unreported with status 0.
#[test]
fn two_records_for_one_document_are_an_error_naming_both_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let old = jsonl_run(tmp.path(), "old", &[("a", FORTY)]);
    // Two runs' records in one file, as `cat` makes it (extract itself refuses a second document "a").
    let first = jsonl_run(tmp.path(), "new-1", &[("a", NINETY_NINE)]);
    let second = jsonl_run(tmp.path(), "new-2", &[("a", FORTY)]);
    let new = tmp.path().join("new.jsonl");
    let mut both = std::fs::read(&first).unwrap();
    both.extend(std::fs::read(&second).unwrap());
    std::fs::write(&new, both).unwrap();
    let out = run(&[&"diff", &old, &new]);
    let err = assert_exit(&out, 2);
    let shown = new.display();
    assert!(
        err.contains(&format!(
            "{shown}:2: a second record for document.path \"a\" (the first is {shown}:1)"
        )),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    // Review reads runs the same way.
    let err = assert_exit(&run(&[&"review", &new]), 2);
    assert!(
        err.contains(&format!("{shown}:2: a second record")),
        "{err}"
    );
}

/// Item 3: two record files of one folder for the same document (a lossy file name, a copied record).
#[test]
fn two_record_files_for_one_document_are_an_error_naming_both_files() {
    let tmp = tempfile::tempdir().unwrap();
    let article = tmp.path().join("a.txt");
    std::fs::write(&article, FORTY).unwrap();
    let (old, new) = (tmp.path().join("old"), tmp.path().join("new"));
    extract_out(&[&article], &old, 0);
    extract_out(&[&article], &new, 0);
    let mut copy = read_json(&new.join("a.txt.json"));
    copy["claims"][0]["facts"][0]["value"]["amount"] = json!(99.0);
    std::fs::write(new.join("a.txt-copy.json"), pretty(&copy)).unwrap();
    // Listed in the summary, as a run that wrote both would list them.
    let summary = new.join("summary.json");
    let mut s = read_json(&summary);
    s["records"] = json!(["a.txt.json", "a.txt-copy.json"]);
    std::fs::write(&summary, pretty(&s)).unwrap();
    let err = assert_exit(&run(&[&"diff", &old, &new]), 2);
    assert!(
        err.contains(&format!(
            "{}: a second record for document.path \"{}\" (the first is {})",
            new.join("a.txt-copy.json").display(),
            article.display(),
            new.join("a.txt.json").display()
        )),
        "{err}"
    );
}

/// Item 4: an `--out` folder reused by a run in which one input was deleted and one now fails still holds
/// their old records. They used to be read as unchanged (status 0).
#[test]
fn a_reused_out_folder_is_the_run_its_summary_describes() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for (name, text) in [("a.txt", FORTY), ("b.txt", NINETY_NINE), ("c.txt", FORTY)] {
        std::fs::write(input.join(name), text).unwrap();
    }
    let (old, new) = (tmp.path().join("old"), tmp.path().join("new"));
    extract_out(&[&input], &old, 0);
    extract_out(&[&input], &new, 0);
    std::fs::remove_file(input.join("c.txt")).unwrap();
    std::fs::write(input.join("b.txt"), b"Prices\n\nrose \0\0\0 percent\n").unwrap();
    extract_out(&[&input], &new, 1);
    // Extract removes the records of the previous run it did not produce; put them back, as an older
    // claimscan or a run killed before its summary would have left them.
    assert!(!new.join("b.txt.json").exists() && !new.join("c.txt.json").exists());
    for name in ["b.txt.json", "c.txt.json"] {
        std::fs::copy(old.join(name), new.join(name)).unwrap();
    }
    let (b, c) = (input.join("b.txt"), input.join("c.txt"));

    let out = run(&[&"diff", &old, &new]);
    let err = assert_exit(&out, 1);
    assert_eq!(err.matches("ignoring").count(), 1, "reported once: {err}");
    assert!(
        err.contains(&format!(
            "{}: ignoring 2 record file(s) that are not part of the run its summary.json describes",
            new.display()
        )),
        "{err}"
    );
    assert!(
        err.trim_end().ends_with(": b.txt.json, c.txt.json"),
        "{err}"
    );
    let text = stdout(&out);
    assert!(
        text.contains(&format!("{} (failed in the new run: ", b.display())),
        "{text}"
    );
    assert!(
        text.contains(&format!("{} (removed)", c.display())),
        "{text}"
    );
    assert!(
        text.contains("2 of 3 documents differ (1 failed in the new run)"),
        "{text}"
    );

    let out = run(&[&"diff", &old, &new, &"--format", &"json"]);
    assert_exit(&out, 1);
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d["failed"].as_array().unwrap().len(), 1, "{d}");
    assert_eq!(d["failed"][0]["path"], b.display().to_string());
    assert!(
        d["failed"][0]["error"].as_str().unwrap().contains("binary"),
        "{d}"
    );
    assert_eq!(d["totals"]["failed_documents"], 1);
    let docs: Vec<(&str, &str)> = d["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|doc| {
            (
                doc["path"].as_str().unwrap(),
                doc["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(docs, [(c.display().to_string().as_str(), "removed")]);

    // Review shows the one document of the run, and says what it left out.
    let html = tmp.path().join("review.html");
    let out = run(&[&"review", &new, &"--html", &html]);
    let err = assert_exit(&out, 0);
    assert!(err.contains("ignoring 2 record file(s)"), "{err}");
    assert!(
        err.contains(&format!(
            "1 document failed in that run and cannot be reviewed: {}",
            b.display()
        )),
        "{err}"
    );
    assert!(err.contains("(1 documents)"), "{err}");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<strong>1 document</strong>"));
    assert!(!page.contains("c.txt") && !page.contains("99 percent"));
    let folder = tmp.path().join("review_files");
    let mut pages: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    pages.sort();
    assert_eq!(pages, ["d00001.html", "search.js"]);
    for p in pages {
        let text = std::fs::read_to_string(folder.join(p)).unwrap();
        assert!(!text.contains("c.txt") && !text.contains("99 percent"));
    }

    // Without its summary (an interrupted run), every record is read, with a warning.
    std::fs::remove_file(new.join("summary.json")).unwrap();
    let out = run(&[&"diff", &old, &new]);
    let err = assert_exit(&out, 0);
    assert!(
        err.contains(&format!(
            "{}: no summary.json: the run that wrote this folder did not finish",
            new.display()
        )),
        "{err}"
    );
    assert!(stdout(&out).contains("0 of 3 documents differ"));
}

/// Item 5: records of another schema, or without what diff reads, used to be compared as records without
/// claims.
#[test]
fn records_of_another_schema_or_malformed_are_refused_naming_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let old = jsonl_run(tmp.path(), "old", &[("a", FORTY), ("b", FORTY)]);
    let good = std::fs::read_to_string(&old).unwrap();
    let second: Value = serde_json::from_str(good.lines().nth(1).unwrap()).unwrap();
    let edit = |f: &dyn Fn(&mut Value)| {
        let mut r = second.clone();
        f(&mut r);
        r
    };
    let cases: Vec<(Value, &str)> = vec![
        (
            edit(&|r| r["schema"] = json!("claimscan/2")),
            "the record's schema is \"claimscan/2\"; only claimscan/1 records can be read",
        ),
        (
            edit(&|r| r["schema"] = json!("totally-other/9")),
            "the record's schema is \"totally-other/9\"",
        ),
        (
            edit(&|r| {
                r.as_object_mut().unwrap().remove("schema");
            }),
            "the record's schema is missing",
        ),
        (
            edit(&|r| r["claims"] = json!("none")),
            "not a claimscan/1 record: claims is \"none\", not a list",
        ),
        (
            edit(&|r| r["claims"] = json!([1, 2])),
            "not a claimscan/1 record: claims[0] is 1, not an object",
        ),
        (
            edit(&|r| {
                r["document"].as_object_mut().unwrap().remove("path");
            }),
            "not a claimscan/1 record: document.path is missing, not a string",
        ),
        (
            edit(&|r| {
                r["claims"][0]["facts"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("span");
            }),
            "not a claimscan/1 record: claims[0].facts[0].span is missing",
        ),
    ];
    for (record, want) in cases {
        let new = tmp.path().join("new.jsonl");
        let first = good.lines().next().unwrap();
        std::fs::write(&new, format!("{first}\n{record}\n")).unwrap();
        for cmd in [
            &[&"diff" as &dyn AsRef<_>, &old, &new][..],
            &[&"review", &new],
        ] {
            let out = run(cmd);
            let err = assert_exit(&out, 2);
            assert!(
                err.contains(&format!("{}:2: {want}", new.display())),
                "{want}: {err}"
            );
            assert!(out.stdout.is_empty());
        }
    }
}

/// The record of `article` as `extract --out` writes it, and that record file.
fn record_file(article: &Path, out: &Path) -> PathBuf {
    extract_out(&[article], out, 0);
    let name = format!("{}.json", article.file_name().unwrap().to_str().unwrap());
    out.join(name)
}

/// Item 15: a record naming a FIFO (or a link to one) used to hang review; one naming a file longer than it
/// says was read whole.
#[cfg(unix)]
#[test]
fn review_reads_only_regular_articles_no_longer_than_their_record_says() {
    let tmp = tempfile::tempdir().unwrap();
    let article = tmp.path().join("a.txt");
    std::fs::write(&article, FORTY).unwrap();
    let record = record_file(&article, &tmp.path().join("out"));
    let mut linked = read_json(&record);
    let link = tmp.path().join("link.txt");
    linked["document"]["path"] = json!(link.display().to_string());
    let linked_record = tmp.path().join("linked.json");
    std::fs::write(&linked_record, pretty(&linked)).unwrap();

    std::fs::remove_file(&article).unwrap();
    if !mkfifo(&article) {
        return;
    }
    std::os::unix::fs::symlink(&article, &link).unwrap();
    for (r, path) in [(&record, &article), (&linked_record, &link)] {
        let out = run(&[&"review", r]);
        let err = assert_exit(&out, 0);
        assert!(
            err.contains(&format!(
                "{}: not a regular file (a folder, pipe, socket or device), so not read; showing claims only",
                path.display()
            )),
            "{err}"
        );
        assert!(stdout(&out).contains("[[40 percent]]{percentage}"));
        let html = tmp.path().join("review.html");
        assert_exit(&run(&[&"review", r, &"--html", &html]), 0);
    }

    // A regular file again, but longer than the record says.
    std::fs::remove_file(&article).unwrap();
    std::fs::write(
        &article,
        format!("{FORTY}{}", "More text.\n".repeat(100_000)),
    )
    .unwrap();
    let err = assert_exit(&run(&[&"review", &record]), 0);
    assert!(
        err.contains(
            "the article has changed since extraction (it is longer than the record says)"
        ),
        "{err}"
    );
    // As extracted, it is drawn whole.
    std::fs::write(&article, FORTY).unwrap();
    let out = run(&[&"review", &record]);
    assert_eq!(assert_exit(&out, 0), "");
    assert!(!stdout(&out).contains("not available"));
}

/// Item 19: bidi controls in a file name and an article reached the page and the terminal raw.
#[test]
fn bidi_controls_reach_neither_page_nor_terminal_raw() {
    let tmp = tempfile::tempdir().unwrap();
    let article = tmp.path().join("evil\u{2066}name\u{202E}txt.exe.txt");
    std::fs::write(
        &article,
        "Prices \u{202E}rose\n\nThe agency \u{202E}said prices rose 40 percent\u{2067} in 2024.\u{200F}\n",
    )
    .unwrap();
    let record = record_file(&article, &tmp.path().join("out"));
    let html = tmp.path().join("review.html");
    assert_exit(&run(&[&"review", &record, &"--html", &html]), 0);
    let index = std::fs::read_to_string(&html).unwrap();
    let search = std::fs::read_to_string(tmp.path().join("review_files/search.js")).unwrap();
    let page = std::fs::read_to_string(tmp.path().join("review_files/d00001.html")).unwrap();
    assert!(index.contains("evil\\u{2066}name\\u{202e}txt.exe.txt"));
    let page = format!("{page}{index}{search}");
    for c in BIDI {
        assert!(!page.contains(c), "raw U+{:04X} in the page", u32::from(c));
    }
    assert!(page.contains("evil\\u{2066}name\\u{202e}txt.exe.txt"));
    assert!(unrun(&page).contains("The agency \\u{202e}said prices rose <mark "));
    assert!(page.contains("unicode-bidi: isolate"));

    let out = run(&[&"review", &record]);
    assert_exit(&out, 0);
    let shown = stdout(&out);
    for c in BIDI {
        assert!(
            !shown.contains(c),
            "raw U+{:04X} on the terminal",
            u32::from(c)
        );
    }
    assert!(!shown.contains(|c: char| c.is_control() && c != '\n'));
    assert!(
        shown.contains(
            "The agency \\u{202e}said prices rose [[40 percent]]{percentage}\\u{2067} in"
        )
    );
    assert!(shown.contains("evil\\u{2066}name\\u{202e}txt.exe.txt"));
}

/// Item 23: a folder walk followed symlinked folders and read hidden ones, which `extract` skips.
#[cfg(unix)]
#[test]
fn walking_a_folder_skips_hidden_and_symlinked_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, other) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("other"),
    );
    extract_out(&[Path::new("corpus/")], &a, 0);
    copy_dir(&a, &b);
    std::fs::remove_file(b.join("summary.json")).unwrap();
    let any = std::fs::read_dir(&a)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().is_some_and(|n| n != "summary.json"))
        .unwrap();
    let mut stray = read_json(&any);
    for (dir, path) in [
        (b.join(".old"), "hidden.txt"),
        (other.clone(), "linked.txt"),
    ] {
        std::fs::create_dir_all(&dir).unwrap();
        stray["document"]["path"] = json!(path);
        std::fs::write(dir.join(format!("{path}.json")), pretty(&stray)).unwrap();
    }
    std::os::unix::fs::symlink(&other, b.join("linked")).unwrap();
    std::os::unix::fs::symlink(&other, b.join("linked.json")).unwrap();

    let out = run(&[&"diff", &a, &b]);
    let err = assert_exit(&out, 0);
    assert!(err.contains("did not finish"), "{err}");
    assert!(
        stdout(&out).contains("0 of 5 documents differ"),
        "{}",
        stdout(&out)
    );
    let html = tmp.path().join("review.html");
    assert_exit(&run(&[&"review", &b, &"--html", &html]), 0);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<strong>5 documents</strong>"));
    // A link named on the command line is followed.
    let out = run(&[&"diff", &b.join("linked"), &b.join("linked")]);
    assert_exit(&out, 0);
    assert!(stdout(&out).contains("0 of 1 documents differ"));
}
