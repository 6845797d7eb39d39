//! Folder hygiene: which files a folder walk reads, what it skips and says so, and what a file named directly
//! that is not text (a PDF, a Word file) is told.

use std::path::Path;

use serde_json::{Value, json};

use crate::common::{assert_exit, claimscan, file_names, jsonl_records};

const ARTICLE: &str = "Prices rise\n\nPrices rose 5 percent in 2027, the agency said.\n";

/// A PDF's first bytes: the magic, then the binary comment line real PDFs carry.
const PDF: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n";

/// The folder of the brief: two articles, project files, documents to convert, an image, an HTML page, and a
/// hidden file that stays unmentioned.
fn mixed_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    write("a.txt", ARTICLE.as_bytes());
    write("b.md", ARTICLE.as_bytes());
    write(
        "README.md",
        b"# About this folder\n\nScraped on 3 March 2025.\n",
    );
    write("MANIFEST.md", b"a.txt\nb.md\n");
    write("LICENSE", b"CC BY 4.0\n");
    write("a.pdf", PDF);
    write("b.docx", b"PK\x03\x04\x14\x00\x06\x00");
    write("c.png", b"\x89PNG\r\n\x1a\n");
    write(
        "d.html",
        b"<html><body><p>Prices rose 5 percent in 2027.</p></body></html>\n",
    );
    write(".notes.pdf", PDF);
    dir
}

/// The end-of-run summary line on standard error.
fn summary_line(stderr: &str) -> &str {
    stderr
        .lines()
        .rfind(|l| l.starts_with("claimscan: ") && l.contains(" documents, "))
        .unwrap_or_else(|| panic!("no summary line in\n{stderr}"))
}

const SKIPPED: &str = "skipped 1 PDF, 1 DOCX, 1 image, 3 project files (not articles: convert with \
    `pdftotext -layout FILE FILE.txt` / `pandoc FILE -t plain -o FILE.txt`)";

#[test]
fn a_folder_reads_articles_and_counts_what_it_skips() {
    let dir = mixed_folder();
    let out = claimscan().arg("extract").arg(dir.path()).output().unwrap();
    let stderr = assert_exit(&out, 0);
    let records = jsonl_records(&out.stdout);
    assert_eq!(file_names(&records), ["a.txt", "b.md", "d.html"]);
    assert_eq!(records[0]["stats"]["facts"]["percentage"], 1);
    let line = summary_line(&stderr);
    assert!(
        line.starts_with("claimscan: 3 documents, 0 failed"),
        "{line}"
    );
    assert!(line.ends_with(&format!("; {SKIPPED}")), "{line}");
    assert!(
        !stderr.contains(".notes.pdf"),
        "hidden files stay silent:\n{stderr}"
    );
}

#[test]
fn summary_json_counts_and_names_the_skipped_files() {
    let dir = mixed_folder();
    let out_dir = tempfile::tempdir().unwrap();
    let out = extract_to(dir.path(), out_dir.path());
    let stderr = assert_exit(&out, 0);
    assert!(summary_line(&stderr).ends_with(SKIPPED), "{stderr}");
    let summary: Value = serde_json::from_str(
        &std::fs::read_to_string(out_dir.path().join("summary.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        summary["records"],
        json!(["a.txt.json", "b.md.json", "d.html.json"])
    );
    assert_eq!(
        summary["skipped"],
        json!({"pdf": 1, "docx": 1, "image": 1, "project_file": 3})
    );
    let at = |name: &str| dir.path().join(name).display().to_string();
    assert_eq!(
        summary["skipped_files"],
        json!([
            {"path": at("LICENSE"), "type": "project_file"},
            {"path": at("MANIFEST.md"), "type": "project_file"},
            {"path": at("README.md"), "type": "project_file"},
            {"path": at("a.pdf"), "type": "pdf"},
            {"path": at("b.docx"), "type": "docx"},
            {"path": at("c.png"), "type": "image"},
        ])
    );
}

#[test]
fn a_clean_run_has_no_skipped_part() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = claimscan()
        .args(["extract", "corpus/", "--out"])
        .arg(out_dir.path())
        .output()
        .unwrap();
    let stderr = assert_exit(&out, 0);
    assert!(!summary_line(&stderr).contains("skipped"), "{stderr}");
    let summary: Value = serde_json::from_str(
        &std::fs::read_to_string(out_dir.path().join("summary.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(summary["skipped"], json!({}));
    assert!(summary.get("skipped_files").is_none(), "{summary}");
}

#[test]
fn project_files_named_directly_are_read() {
    let dir = mixed_folder();
    let readme = dir.path().join("README.md");
    let license = dir.path().join("LICENSE");
    let out = claimscan()
        .arg("extract")
        .arg(&readme)
        .arg(&license)
        .output()
        .unwrap();
    let stderr = assert_exit(&out, 0);
    assert_eq!(
        file_names(&jsonl_records(&out.stdout)),
        ["README.md", "LICENSE"]
    );
    assert!(!summary_line(&stderr).contains("skipped"), "{stderr}");
}

#[test]
fn a_pdf_named_directly_fails_with_the_hint_and_the_rest_still_run() {
    let dir = mixed_folder();
    // A PDF saved under a text name is known by its magic bytes.
    std::fs::write(dir.path().join("saved.txt"), PDF).unwrap();
    let names = ["a.pdf", "a.txt", "b.docx", "saved.txt", "b.md"];
    let out = claimscan()
        .arg("extract")
        .args(names.map(|n| dir.path().join(n)))
        .output()
        .unwrap();
    let stderr = assert_exit(&out, 1);
    assert_eq!(file_names(&jsonl_records(&out.stdout)), ["a.txt", "b.md"]);
    let at = |name: &str| dir.path().join(name).display().to_string();
    for want in [
        format!(
            "claimscan: {0}: a PDF document, not text: convert it first, e.g. `pdftotext -layout {0} -`",
            at("a.pdf")
        ),
        format!(
            "claimscan: {0}: a Word document, not text: convert it first, e.g. `pandoc {0} -t plain`",
            at("b.docx")
        ),
        format!(
            "claimscan: {0}: a PDF document, not text: convert it first, e.g. `pdftotext -layout {0} -`",
            at("saved.txt")
        ),
    ] {
        assert!(stderr.lines().any(|l| l == want), "want {want}\n{stderr}");
    }
    assert!(
        summary_line(&stderr).starts_with("claimscan: 2 documents, 3 failed"),
        "{stderr}"
    );
}

#[test]
fn explain_names_a_pdf_with_the_hint() {
    let dir = mixed_folder();
    let pdf = dir.path().join("a.pdf");
    let out = claimscan()
        .args(["explain", "--file"])
        .arg(&pdf)
        .output()
        .unwrap();
    let stderr = assert_exit(&out, 1);
    assert!(
        stderr.contains(&format!("`pdftotext -layout {} -`", pdf.display())),
        "{stderr}"
    );
}

/// Extensions in any case, nested folders, every article type: sorted output, the same for any `--jobs`.
#[test]
fn every_article_extension_in_any_case_in_sorted_order() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("sub/deeper")).unwrap();
    for name in [
        "Z.HTM",
        "a.markdown",
        "m.Md",
        "page.html",
        "sub/b.TXT",
        "sub/deeper/c.htm",
        "sub/readme.txt",
        "sub/notes.rtf",
        "sub/data.csv",
        "sub/pages.tar.gz",
        "sub/Changelog",
    ] {
        std::fs::write(root.join(name), ARTICLE).unwrap();
    }
    let run = |jobs: &str| {
        let out = claimscan()
            .arg("extract")
            .arg(root)
            .args(["--jobs", jobs])
            .output()
            .unwrap();
        let stderr = assert_exit(&out, 0);
        let line = summary_line(&stderr);
        let skipped = line[line.find("; skipped ").expect(line)..].to_string();
        (out.stdout, skipped)
    };
    let (one, skipped) = run("1");
    let paths: Vec<String> = jsonl_records(&one)
        .iter()
        .map(|r| {
            let p = Path::new(r["document"]["path"].as_str().unwrap());
            p.strip_prefix(root).unwrap().display().to_string()
        })
        .collect();
    assert_eq!(
        paths,
        [
            "Z.HTM",
            "a.markdown",
            "m.Md",
            "page.html",
            "sub/b.TXT",
            "sub/deeper/c.htm"
        ]
    );
    assert_eq!(
        skipped,
        "; skipped 1 RTF, 1 CSV, 1 archive, 2 project files (not articles: convert with \
         `pandoc FILE -t plain -o FILE.txt`)"
    );
    assert_eq!(run("2"), (one, skipped), "--jobs 2 differs from --jobs 1");
}

#[test]
fn a_folder_of_only_skipped_files_fails_and_says_what_it_skipped() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..25 {
        std::fs::write(dir.path().join(format!("scan-{i:02}.jpg")), b"\xff\xd8\xff").unwrap();
    }
    std::fs::write(dir.path().join("README"), b"scans\n").unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let out = extract_to(dir.path(), out_dir.path());
    let stderr = assert_exit(&out, 1);
    assert!(
        stderr.contains("folder holds no .txt, .md, .markdown, .html or .htm files"),
        "{stderr}"
    );
    assert!(
        summary_line(&stderr).ends_with("; skipped 25 images, 1 project file (not articles)"),
        "{stderr}"
    );
    let summary: Value = serde_json::from_str(
        &std::fs::read_to_string(out_dir.path().join("summary.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(summary["skipped"], json!({"image": 25, "project_file": 1}));
    let named = summary["skipped_files"].as_array().unwrap();
    assert_eq!(named.len(), 20, "the first 20 are named");
    assert_eq!(
        named[0]["path"],
        dir.path().join("README").display().to_string()
    );
    assert_eq!(
        named[19]["path"],
        dir.path().join("scan-18.jpg").display().to_string()
    );
}

/// `claimscan extract DIR --out OUT`.
fn extract_to(dir: &std::path::Path, out: &std::path::Path) -> std::process::Output {
    claimscan()
        .arg("extract")
        .arg(dir)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}
