//! Real articles as scrapers deliver them (issue 12): the 40 raw Markdown files of `../shared/corpus-raw`,
//! hard-wrapped, with front matter and inline HTML; wrapped text reads like unwrapped text; saved web pages;
//! one-line documents.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use claimscan::Document;
use claimscan::record::{Record, Role};
use claimscan::text::{SegmentKind, segment};

use crate::common::{
    articles, claimscan, extractor, markdown_articles, raw_corpus, shared_corpus, stdout_of,
};
use crate::corpus::render;
use crate::spans::check_spans;

fn load(path: &Path, shown: &str) -> Document {
    Document::from_bytes(shown, std::fs::read(path).unwrap(), None).unwrap()
}

fn shown(path: &Path) -> String {
    format!(
        "../shared/corpus-raw/{}",
        path.file_name().unwrap().to_string_lossy()
    )
}

/// Every raw article's record, reviewed claim by claim: no body line taken for a heading, no claim ending
/// mid-sentence at a line break.
#[test]
fn raw_corpus_snapshots() {
    let Some(dir) = raw_corpus() else { return };
    let files = markdown_articles(&dir);
    assert_eq!(files.len(), 40, "the raw corpus has 40 articles");
    for path in files {
        let doc = load(&path, &shown(&path));
        let record = extractor().extract(&doc);
        check_spans(&doc.text, &record);
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        insta::assert_snapshot!(format!("raw__{name}"), render(&record));
    }
}

/// Every title and heading block of the 40 files, with the reason it is one.
#[test]
fn raw_corpus_headings() {
    let Some(dir) = raw_corpus() else { return };
    let mut out = String::new();
    for path in markdown_articles(&dir) {
        let doc = load(&path, &shown(&path));
        let view = doc.view();
        let _ = writeln!(out, "\n{}", path.file_name().unwrap().to_string_lossy());
        for s in segment(&view, &extractor().rules().segment) {
            if matches!(s.kind, SegmentKind::Title | SegmentKind::Heading) {
                let _ = writeln!(
                    out,
                    "  {:?} ({}): {}",
                    s.kind,
                    s.why.describe(),
                    s.span.slice(&view.text)
                );
            }
        }
    }
    insta::assert_snapshot!("raw__headings", out);
}

/// Front-matter titles and dates of the 40 files: escapes decoded, folded lines joined.
#[test]
fn raw_corpus_front_matter() {
    let Some(dir) = raw_corpus() else { return };
    let mut out = String::new();
    for path in markdown_articles(&dir) {
        let doc = load(&path, &shown(&path));
        let title = doc.title.clone().unwrap_or_default();
        assert!(
            !title.contains(['\\', '\n']) && !title.contains("  "),
            "{}: {title:?}",
            path.display()
        );
        let _ = writeln!(
            out,
            "{} | {:?} | {} ({:?}) | {}",
            path.file_name().unwrap().to_string_lossy(),
            title,
            doc.date.map(|d| d.to_string()).unwrap_or_default(),
            doc.date_source,
            doc.meta.url.as_deref().unwrap_or("-"),
        );
    }
    insta::assert_snapshot!("raw__front_matter", out);
}

fn ends_like_sentence(text: &str) -> bool {
    let t = text.trim_end_matches(['"', '\'', '”', '’', ')', ']', '*', '_', ' ']);
    // A footnote reference after the full stop: "sectors.[3]".
    let t = match t.rfind('[') {
        Some(i) if t[i + 1..].bytes().all(|b| b.is_ascii_digit()) => &t[..i],
        _ => t,
    };
    t.ends_with(['.', '!', '?', '…', ':', ';'])
}

/// Fewer than 2% of body claims end without sentence punctuation; the exceptions are listed.
#[test]
fn raw_body_claims_end_like_sentences() {
    let Some(dir) = raw_corpus() else { return };
    let (mut body, mut open) = (0usize, Vec::new());
    for path in markdown_articles(&dir) {
        let doc = load(&path, &shown(&path));
        let record = extractor().extract(&doc);
        for c in record.claims.iter().filter(|c| c.role == Role::Body) {
            body += 1;
            let plain = c.plain.as_deref().unwrap_or(&c.text);
            if !ends_like_sentence(plain) {
                open.push(format!(
                    "{}:{}: {plain}",
                    path.file_name().unwrap().to_string_lossy(),
                    c.location.line
                ));
            }
        }
    }
    assert!(body > 400, "{body} body claims");
    assert!(
        open.len() * 50 < body,
        "{} of {body} body claims end without sentence punctuation:\n{}",
        open.len(),
        open.join("\n")
    );
    insta::assert_snapshot!("raw__unpunctuated_body_claims", open.join("\n"));
}

/// Is `word` something that, at the start of a line, would begin a new block (a list item, a heading, a
/// quote, a table, HTML, a setext underline) instead of continuing the paragraph?
fn opens_block(word: &str) -> bool {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    word.starts_with([
        '-', '*', '+', '#', '>', '|', '<', '=', '•', '◦', '▪', '`', '~',
    ]) || (digits > 0 && digits <= 9 && word[digits..].starts_with(['.', ')']))
}

/// The body of `text` (after `body_start`) with every plain paragraph re-wrapped at `width` columns
/// (`None`: joined onto one line). Runs of lines holding anything a line start could turn into other
/// markup (list items, headings, quotes, tables, HTML, code) are kept as they are.
fn rewrap(text: &str, body_start: usize, width: Option<usize>) -> String {
    let mut out = String::from(&text[..body_start]);
    let body = &text[body_start..];
    let lines: Vec<&str> = body.split_inclusive('\n').collect();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim().is_empty() {
            out.push_str(lines[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && !lines[i].trim().is_empty() {
            i += 1;
        }
        let run = &lines[start..i];
        // Lines above or below a paragraph written on one long line are blocks of their own (a plain-text
        // heading over an unwrapped paragraph): such a run is several paragraphs, and stays as it is.
        let several = run.len() > 1 && run.iter().any(|l| l.trim_end().chars().count() > 150);
        let keep = several
            || run.iter().any(|l| {
                let t = l.trim_start();
                l.len() - t.len() >= 4 || t.split_whitespace().next().is_some_and(opens_block)
            });
        let ends_with_newline = run.last().is_some_and(|l| l.ends_with('\n'));
        if keep {
            for l in run {
                out.push_str(l);
            }
            continue;
        }
        let words: Vec<&str> = run.iter().flat_map(|l| l.split_whitespace()).collect();
        let mut line = String::new();
        for w in words {
            let fits = width.is_none_or(|wd| line.chars().count() + 1 + w.chars().count() <= wd);
            if line.is_empty() {
                line.push_str(w);
            } else if fits || opens_block(w) {
                line.push(' ');
                line.push_str(w);
            } else {
                out.push_str(&line);
                out.push('\n');
                line = w.to_string();
            }
        }
        out.push_str(&line);
        if ends_with_newline {
            out.push('\n');
        }
    }
    out
}

/// A value without the places of a range's endpoints, which move when the text around them does (and with
/// their text's white space folded).
fn placeless(value: &claimscan::record::Value) -> String {
    let mut v = serde_json::to_value(value).unwrap();
    if let Some(parts) = v.get_mut("parts").and_then(serde_json::Value::as_array_mut) {
        for part in parts {
            if let Some(o) = part.as_object_mut() {
                o.remove("span");
                o.remove("chars");
                if let Some(serde_json::Value::String(t)) = o.get_mut("text") {
                    *t = t.split_whitespace().collect::<Vec<_>>().join(" ");
                }
            }
        }
    }
    v.to_string()
}

/// What must not change when a paragraph is re-wrapped: facts (type, value, folded text) and the claims'
/// folded texts.
fn essence(record: &Record) -> (BTreeMap<String, usize>, Vec<String>) {
    let fold = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut facts = BTreeMap::new();
    let mut claims = Vec::new();
    for c in &record.claims {
        claims.push(fold(c.plain.as_deref().unwrap_or(&c.text)));
        for f in &c.facts {
            let key = format!(
                "{} {} = {}",
                f.fact_type.as_str(),
                fold(f.plain.as_deref().unwrap_or(&f.text)),
                placeless(&f.value)
            );
            *facts.entry(key).or_insert(0) += 1;
        }
    }
    (facts, claims)
}

fn corpus_files() -> Vec<(String, std::path::PathBuf)> {
    let mut files = Vec::new();
    if let Some(dir) = shared_corpus() {
        files.extend(articles(&dir).into_iter().map(|p| {
            let name = format!("corpus/{}", p.file_name().unwrap().to_string_lossy());
            (name, p)
        }));
    }
    if let Some(dir) = raw_corpus() {
        files.extend(markdown_articles(&dir).into_iter().map(|p| {
            let name = format!("corpus-raw/{}", p.file_name().unwrap().to_string_lossy());
            (name, p)
        }));
    }
    files
}

/// Re-wrapping each paragraph at any width from 30 to 120 columns, or joining it onto one line, leaves
/// the facts and the claims' folded texts as they are.
#[test]
fn wrapped_text_reads_like_unwrapped_text() {
    let files = corpus_files();
    if files.is_empty() {
        return;
    }
    let mut widths: Vec<Option<usize>> = (30..=120).map(Some).collect();
    widths.push(None);
    let mut failures = Vec::new();
    for (name, path) in &files {
        let doc = load(path, name);
        let want = essence(&extractor().extract(&doc));
        for &w in &widths {
            let text = rewrap(&doc.text, doc.body.start(), w);
            let other = Document::from_str(name, &text, None);
            let got = essence(&extractor().extract(&other));
            if got != want {
                let lost: Vec<_> = want
                    .0
                    .iter()
                    .filter(|(k, n)| got.0.get(*k) != Some(n))
                    .collect();
                let found: Vec<_> = got
                    .0
                    .iter()
                    .filter(|(k, n)| want.0.get(*k) != Some(n))
                    .collect();
                let gone: Vec<_> = want.1.iter().filter(|c| !got.1.contains(c)).collect();
                let new: Vec<_> = got.1.iter().filter(|c| !want.1.contains(c)).collect();
                failures.push(format!(
                    "{name} at width {w:?}: facts {lost:?} became {found:?}; claims {gone:?} became {new:?} \
                     ({} and {} claims)",
                    want.1.len(),
                    got.1.len()
                ));
                break;
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A Markdown article and its markup-free rendering (`claimscan text --plain`) give the same facts.
#[test]
fn markdown_and_its_rendering_give_the_same_facts() {
    let Some(dir) = raw_corpus() else { return };
    let mut failures = Vec::new();
    for path in markdown_articles(&dir) {
        let name = shown(&path);
        let doc = load(&path, &name);
        let want = essence(&extractor().extract(&doc)).0;
        let view = doc.view();
        // Keep the front matter (title and date); the rendering's title block comes from it again.
        let skip_title = usize::from(!doc.title_pieces.is_empty());
        let blocks: Vec<&str> = view
            .blocks
            .iter()
            .skip(skip_title)
            .map(|b| b.span.slice(&view.text))
            .collect();
        let text = format!("{}{}\n", &doc.text[..doc.body.start()], blocks.join("\n\n"));
        let plain = Document::from_str(&name.replace(".md", ".txt"), &text, None);
        let got = essence(&extractor().extract(&plain)).0;
        if got != want {
            let lost: Vec<_> = want.keys().filter(|k| !got.contains_key(*k)).collect();
            let found: Vec<_> = got.keys().filter(|k| !want.contains_key(*k)).collect();
            failures.push(format!("{name}: lost {lost:?}, found {found:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn rewrap_moves_only_line_breaks() {
    let text =
        "---\ntitle: x\n---\nOne two three four five six\nseven - eight.\n\n- item one\n  two\n";
    let w = rewrap(text, 16, Some(12));
    assert_eq!(
        w,
        "---\ntitle: x\n---\nOne two\nthree four\nfive six\nseven -\neight.\n\n- item one\n  two\n"
    );
    assert_eq!(
        rewrap(text, 16, None),
        "---\ntitle: x\n---\nOne two three four five six seven - eight.\n\n- item one\n  two\n"
    );
}

/// The one-line examples of issue 12: a sentence on standard input, a JSON Lines text of one sentence, and
/// a one-line headline.
#[test]
fn one_line_documents_give_their_facts() {
    let run = |args: &[&str], input: &str| -> serde_json::Value {
        let out = stdout_of(claimscan().args(args).write_stdin(input));
        serde_json::from_str(out.trim()).unwrap()
    };
    let facts = |r: &serde_json::Value| -> Vec<String> {
        r["claims"][0]["facts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["text"].as_str().unwrap().to_string())
            .collect()
    };
    let r = run(&["extract", "-"], "Unemployment fell to 3.9% in March 2025");
    assert_eq!(r["claims"].as_array().unwrap().len(), 1);
    assert_eq!(r["claims"][0]["role"], "title");
    assert_eq!(facts(&r), ["3.9%", "March 2025"]);

    let r = run(
        &["extract", "-"],
        "Unemployment fell to 3.9% in March 2025.\n",
    );
    assert_eq!(r["document"]["title"], serde_json::Value::Null);
    assert_eq!(r["claims"][0]["role"], "body");
    assert_eq!(facts(&r), ["3.9%", "March 2025"]);

    let line = r#"{"id": "a", "text": "Unemployment fell to 3.9% in March 2025."}"#;
    let r = run(&["extract", "--input-format", "jsonl", "-"], line);
    assert_eq!(r["claims"][0]["role"], "body");
    assert_eq!(facts(&r), ["3.9%", "March 2025"]);

    let doc = Document::from_str(
        "t.txt",
        "Jobs rose 5 percent in 2025\n\nThe report came out on Friday. It said so.\n",
        None,
    );
    let r = extractor().extract(&doc);
    assert_eq!(r.claims[0].role, Role::Title);
    assert_eq!(r.claims[0].text, "Jobs rose 5 percent in 2025");
}

/// A front-matter title holding facts is a claim whose span points into the front matter, escapes and
/// all; repeated at the top of the body it is one claim, the body's.
#[test]
fn front_matter_titles_are_claims() {
    let text = "---\ntitle: \"Bill Signed: H.R.\\_3325 sets 5\\u2060% by\\\n  \\ 2027\"\ndate: '2021-08-05'\n---\n\nThe bill passed.\n";
    let doc = Document::from_str("t.md", text, None);
    assert_eq!(
        doc.title.as_deref(),
        Some("Bill Signed: H.R.\u{a0}3325 sets 5\u{2060}% by 2027")
    );
    let r = extractor().extract(&doc);
    check_spans(&doc.text, &r);
    let title = &r.claims[0];
    assert_eq!(title.role, Role::Title);
    let year = title
        .facts
        .iter()
        .find(|f| f.text.contains("2027"))
        .unwrap();
    assert_eq!(year.plain.as_deref(), Some("by 2027"));
    assert_eq!(
        year.text, "by\\\n  \\ 2027",
        "the file's bytes, escapes and all"
    );
    assert!(
        year.location.span.end() < doc.body.start(),
        "inside the front matter"
    );

    let repeated =
        "---\ntitle: Prices rose 5 percent\n---\n\n# Prices rose 5 percent\n\nBody text here.\n";
    let r = extractor().extract(&Document::from_str("r.md", repeated, None));
    let roles: Vec<Role> = r.claims.iter().map(|c| c.role).collect();
    assert_eq!(roles, [Role::Title]);
    assert!(r.claims[0].location.span.start() > 30, "the body's heading");
}

/// Saved web pages of three layouts give the article's claims only, with the page's publication date.
#[test]
fn saved_pages_give_the_article_only() {
    let dir = crate::common::manifest_dir().join("tests/fixtures/html");
    for (file, date, source, absent) in [
        (
            "news-site.html",
            "2025-03-04",
            "article_published_time",
            &["50% off", "January 31, 2025", "Most read"][..],
        ),
        (
            "gov-press-release.html",
            "2024-10-11",
            "time_element",
            &["Related"][..],
        ),
        (
            "blog-post.html",
            "2023-06-15",
            "json_ld",
            &["Subscribe"][..],
        ),
    ] {
        let path = dir.join(file);
        let out = stdout_of(claimscan().arg("extract").arg(&path));
        let r: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
        assert_eq!(r["document"]["date"], date, "{file}");
        assert_eq!(r["document"]["date_source"], source, "{file}");
        assert_eq!(r["document"]["format"], "html", "{file}");
        let claims = r["claims"].as_array().unwrap();
        assert!(claims.len() >= 5, "{file}: {} claims", claims.len());
        for c in claims {
            let t = c["text"].as_str().unwrap();
            for bad in absent {
                assert!(!t.contains(bad), "{file}: {bad:?} in {t:?}");
            }
            assert!(!t.contains('<'), "{file}: markup in {t:?}");
        }
        // Spans point into the extracted text that `claimscan text` prints and `text_sha256` names.
        let text = stdout_of(claimscan().arg("text").arg(&path));
        for c in claims {
            let s = c["span"]["start"].as_u64().unwrap() as usize;
            let e = c["span"]["end"].as_u64().unwrap() as usize;
            assert_eq!(&text[s..e], c["text"].as_str().unwrap(), "{file}");
        }
        use sha2::Digest;
        let hash = sha2::Sha256::digest(text.as_bytes());
        let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(r["document"]["text_sha256"], hex.as_str(), "{file}");
    }
}
