//! The review pages: an index and one self-contained page per document (see the [module docs](super) for what
//! they hold), and [`write_html`], which writes them.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::escape::{esc, esc_into};
use super::{Claim, Doc, Fact, Layout, ReviewDoc, joined, location, parse, place_in_claim, plural};
use crate::model::names;
use crate::model::span::ByteSpan;
use crate::model::value::{ClaimKind, FactType};
use crate::record::Role;

/// JSON to embed in a `<script>` element or a script file: `<` written as `\u003c`, so no text in it can end
/// the element (`</script>`) or open a comment; bidi controls and U+2028/U+2029 as `\uXXXX` too, so the page
/// source shows them as escapes. Outside strings JSON is ASCII punctuation, so each of these characters is
/// inside a string, where the escape reads back as the same character.
fn script_json(value: &impl Serialize) -> String {
    let raw = serde_json::to_string(value).unwrap_or_else(|_| "null".into());
    let mut out = String::with_capacity(raw.len() + 16);
    for ch in raw.chars() {
        if ch == '<' || ch == '\u{2028}' || ch == '\u{2029}' || names::is_bidi_control(ch) {
            let _ = write!(out, "\\u{:04x}", u32::from(ch));
        } else {
            out.push(ch);
        }
    }
    out
}

/// A type or kind as a CSS class or id suffix: ASCII letters, digits, `-` and `_` only.
fn ident(s: &str) -> String {
    let out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if out.is_empty() { "x".into() } else { out }
}

/// A file name as one segment of a relative URL: bytes outside `A-Z a-z 0-9 - . _ ~` percent-encoded.
fn url_segment(name: &std::ffi::OsStr) -> String {
    let mut out = String::new();
    for &b in name.as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The largest document page: 64 MB of HTML. A page whose article would pass it (an article alone is huge)
/// shows each claim's sentence instead of the whole text, with a notice saying so.
pub const PAGE_MAX: usize = 64_000_000;

/// The name of document `n`'s page (1-based) in the pages folder: `d00001.html`, more digits past 99,999.
pub fn page_name(n: usize) -> String {
    format!("d{n:05}.html")
}

/// The folder beside the index `out` that holds the document pages and `search.js`: `review.html` →
/// `review_files`.
pub fn pages_folder(out: &Path) -> PathBuf {
    let mut name = out.file_stem().unwrap_or_default().to_os_string();
    name.push("_files");
    match out.parent() {
        Some(p) => p.join(name),
        None => PathBuf::from(name),
    }
}

/// The run id: the first 16 hex digits of the SHA-256 of, over the documents in order,
/// `path \0 sha256 \0` then each claim id followed by `\0`, then `\n`. The same records give the same id; a
/// document added, removed or re-extracted with other claims gives another, so the browser's saved verdicts
/// (keyed by it) are never applied to claims they were not made on.
pub fn run_id(docs: &[ReviewDoc]) -> String {
    let mut h = Sha256::new();
    for d in docs {
        let r = &d.record;
        h.update(r.document.path.as_bytes());
        h.update(b"\0");
        h.update(r.document.sha256.as_bytes());
        h.update(b"\0");
        for c in &r.claims {
            h.update(c.id.as_bytes());
            h.update(b"\0");
        }
        h.update(b"\n");
    }
    let mut hex = crate::model::util::hex(&h.finalize());
    hex.truncate(16);
    hex
}

/// The review of a run, ready to render: its documents parsed once, the decisions to embed grouped by
/// document, and the relative links between the pages.
pub struct Pages<'a> {
    docs: Vec<Doc<'a>>,
    run: String,
    /// The index's file name as a URL segment, for the pages' link back (`../review.html`).
    index_href: String,
    /// The pages folder's name as a URL segment, for the index's links (`review_files`).
    folder_href: String,
    /// Decisions per document (by position), those whose `sha256` is the document's.
    decisions: Vec<Vec<&'a Value>>,
    all_decisions: &'a [Value],
    unmatched: usize,
}

impl<'a> Pages<'a> {
    /// The pages of `docs` for an index written at `out` (only its name is used), embedding `decisions`
    /// (objects as `--decisions` reads them; one without a string `sha256` matches no document).
    pub fn new(docs: &'a [ReviewDoc], out: &Path, decisions: &'a [Value]) -> Pages<'a> {
        let parsed: Vec<Doc> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| parse(i + 1, d))
            .collect();
        let mut by_sha: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, d) in parsed.iter().enumerate() {
            by_sha.entry(d.sha256).or_default().push(i);
        }
        let mut grouped = vec![Vec::new(); parsed.len()];
        let mut unmatched = 0;
        for dec in decisions {
            match dec
                .get("sha256")
                .and_then(Value::as_str)
                .and_then(|s| by_sha.get(s))
            {
                Some(docs) => {
                    for &i in docs {
                        grouped[i].push(dec);
                    }
                }
                None => unmatched += 1,
            }
        }
        Pages {
            docs: parsed,
            run: run_id(docs),
            index_href: url_segment(out.file_name().unwrap_or_default()),
            folder_href: url_segment(pages_folder(out).file_name().unwrap_or_default()),
            decisions: grouped,
            all_decisions: decisions,
            unmatched,
        }
    }

    /// How many documents (so pages) there are.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether there are no documents.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The run id ([`run_id`]).
    pub fn run(&self) -> &str {
        &self.run
    }

    /// How many of the decisions are for no document of the run (their `sha256` is none of the records').
    pub fn unmatched_decisions(&self) -> usize {
        self.unmatched
    }

    fn href(&self, n: usize) -> String {
        format!("{}/{}", self.folder_href, page_name(n))
    }

    /// The index page: totals, one row per document linking its page, the cross-document search box (its data
    /// in `search.js`, loaded when used), progress, export and help. It holds no article text.
    pub fn index(&self) -> String {
        let docs = &self.docs;
        let mut out = String::with_capacity(8 * 1024 + docs.len() * 700);
        let title = format!(
            "claimscan review: {}",
            plural(docs.len(), "document", "documents")
        );
        head(
            &mut out,
            &title,
            &format!(
                "data-run=\"{}\" data-docs=\"{}\"",
                esc(&self.run),
                docs.len()
            ),
        );
        let src = esc(&format!("{}/search.js", self.folder_href));
        let _ = write!(
            out,
            "<header class=\"top\">\n<h1>claimscan review</h1>\n<div class=\"chrome\">\
             <input id=\"search\" type=\"search\" data-src=\"{src}\" placeholder=\"Search all documents\" \
             aria-label=\"Search all documents by text, entity, rule or value\" autocomplete=\"off\"> "
        );
        chrome_buttons(&mut out, "all documents");
        out.push_str("</div>\n</header>\n");
        help(&mut out, false);
        out.push_str("<main>\n");
        let types = &FactType::ALL;
        let claims: usize = docs.iter().map(|d| d.claims.len()).sum();
        let facts: usize = docs.iter().map(|d| d.facts().count()).sum();
        let _ = write!(
            out,
            "<section id=\"summary\" aria-labelledby=\"summary-h\">\n<h2 id=\"summary-h\">Summary</h2>\n\
             <p class=\"totals\"><strong>{}</strong> · <strong>{}</strong> · <strong>{}</strong></p>\n\
             <ol id=\"search-results\" aria-live=\"polite\"></ol>\n\
             <div class=\"table-wrap\"><table id=\"docs\" class=\"summary\">\n<thead><tr><th scope=\"col\">Document</th>\
             <th scope=\"col\" class=\"num\">Claims</th>",
            plural(docs.len(), "document", "documents"),
            plural(claims, "claim", "claims"),
            plural(facts, "fact", "facts"),
        );
        for t in types {
            let _ = write!(
                out,
                "<th scope=\"col\" class=\"num\"><span class=\"swatch t-{}\">{}</span></th>",
                ident(t.as_str()),
                esc(t.as_str())
            );
        }
        out.push_str(
            "<th scope=\"col\" class=\"num\">Facts</th><th scope=\"col\">Reviewed</th></tr></thead>\n<tbody>\n",
        );
        for d in docs {
            let _ = write!(
                out,
                "<tr class=\"doc-row\" data-doc=\"{n}\" data-sha256=\"{sha}\" data-claims=\"{claims}\">\
                 <th scope=\"row\"><a href=\"{href}\">{title}</a><div class=\"path\">{path}</div></th>\
                 <td class=\"num\">{claims}</td>",
                n = d.n,
                sha = esc(d.sha256),
                claims = d.claims.len(),
                href = esc(&self.href(d.n)),
                title = esc(d.heading()),
                path = esc(d.path),
            );
            for &t in types {
                let _ = write!(out, "<td class=\"num\">{}</td>", d.fact_count(t));
            }
            let _ = writeln!(
                out,
                "<td class=\"num\">{}</td><td class=\"status\"></td></tr>",
                d.facts().count()
            );
        }
        out.push_str("</tbody>\n");
        if docs.len() > 1 {
            let _ = write!(
                out,
                "<tfoot><tr><th scope=\"row\">All documents</th><td class=\"num\">{claims}</td>"
            );
            for &t in types {
                let n: usize = docs.iter().map(|d| d.fact_count(t)).sum();
                let _ = write!(out, "<td class=\"num\">{n}</td>");
            }
            let _ = writeln!(out, "<td class=\"num\">{facts}</td><td></td></tr></tfoot>");
        }
        out.push_str("</table></div>\n</section>\n</main>\n");
        let _ = writeln!(
            out,
            "<script type=\"text/plain\" id=\"search-src\" data-src=\"{src}\"></script>"
        );
        decisions_script(&mut out, self.all_decisions);
        tail(&mut out);
        out
    }

    /// Document `n`'s page (1-based): header, chrome, the article with a mark per fact, claim cards with
    /// verdict buttons, timeline, entity index, the facts, claims and decisions as JSON, links to the index and
    /// the documents before and after. Over [`PAGE_MAX`] with the whole article, the page shows each claim's
    /// sentence instead.
    ///
    /// # Panics
    ///
    /// Panics when `n` is not in `1..=self.len()`.
    pub fn page(&self, n: usize) -> String {
        self.page_within(n, PAGE_MAX)
    }

    fn page_within(&self, n: usize, max: usize) -> String {
        let d = &self.docs[n - 1];
        let page = self.render_page(d, true);
        if page.len() > max && matches!(d.layout, Layout::Text(_)) {
            return self.render_page(d, false);
        }
        page
    }

    fn render_page(&self, d: &Doc, whole: bool) -> String {
        let types = &FactType::ALL;
        let capacity = match d.layout {
            Layout::Text(t) if whole => t.len() * 2,
            _ => 0,
        } + 32 * 1024
            + d.facts().count() * 1200;
        let mut out = String::with_capacity(capacity);
        let title = format!("claimscan review: {}", d.heading());
        head(
            &mut out,
            &title,
            &format!(
                "data-run=\"{}\" data-sha256=\"{}\" data-path=\"{}\" data-doc=\"{}\"",
                esc(&self.run),
                esc(d.sha256),
                esc(d.path),
                d.n
            ),
        );
        let _ = write!(
            out,
            "<header class=\"top\">\n<h1><a href=\"../{index}\" class=\"to-index\">claimscan review</a></h1>\n\
             <nav class=\"doc-nav\" aria-label=\"Documents\"><a href=\"../{index}\" rel=\"index\">Index</a>",
            index = esc(&self.index_href)
        );
        if d.n > 1 {
            let _ = write!(
                out,
                " <a href=\"{}\" rel=\"prev\">← previous</a>",
                page_name(d.n - 1)
            );
        }
        let _ = write!(
            out,
            " <span class=\"doc-pos\">{} of {}</span>",
            d.n,
            self.docs.len()
        );
        if d.n < self.docs.len() {
            let _ = write!(
                out,
                " <a href=\"{}\" rel=\"next\">next →</a>",
                page_name(d.n + 1)
            );
        }
        out.push_str(
            "</nav>\n<div class=\"chrome\"><input id=\"search\" type=\"search\" placeholder=\"Filter claims\" \
             aria-label=\"Filter claims by text, entity, rule or value\" autocomplete=\"off\"> ",
        );
        chrome_buttons(&mut out, "this document");
        out.push_str("</div>\n");
        filters(&mut out, &[d], types, &ClaimKind::ALL);
        out.push_str("</header>\n");
        help(&mut out, true);
        out.push_str("<main>\n");
        let too_large = !whole && matches!(d.layout, Layout::Text(_));
        document(&mut out, d, types, too_large);
        out.push_str("</main>\n");
        facts_script(&mut out, d);
        claims_script(&mut out, d);
        decisions_script(&mut out, &self.decisions[d.n - 1]);
        tail(&mut out);
        out
    }

    /// `search.js`: `window.CLAIMSCAN_SEARCH = {run, docs: [{n, path, title, href}], facts: [[doc_n, fact_k,
    /// type, text, rule, readable, entity_id_or_null], …]}` (hrefs relative to the index).
    pub fn search_js(&self) -> String {
        #[derive(Serialize)]
        struct DocEntry<'b> {
            n: usize,
            path: &'b str,
            title: &'b str,
            href: String,
        }
        let docs: Vec<DocEntry> = self
            .docs
            .iter()
            .map(|d| DocEntry {
                n: d.n,
                path: d.path,
                title: d.heading(),
                href: self.href(d.n),
            })
            .collect();
        let facts: Vec<SearchFact> = self
            .docs
            .iter()
            .flat_map(|d| {
                d.facts().map(move |f| {
                    (
                        d.n,
                        f.n,
                        f.ty.as_str(),
                        f.text,
                        f.rule,
                        f.readable(),
                        f.value.get("id").and_then(Value::as_str),
                    )
                })
            })
            .collect();
        #[derive(Serialize)]
        struct Search<'b> {
            run: &'b str,
            docs: Vec<DocEntry<'b>>,
            facts: Vec<SearchFact<'b>>,
        }
        let data = Search {
            run: &self.run,
            docs,
            facts,
        };
        format!("window.CLAIMSCAN_SEARCH = {};\n", script_json(&data))
    }
}

/// One fact in `search.js`: document, fact position, type, text, rule, readable value, entity id.
type SearchFact<'a> = (
    usize,
    usize,
    &'a str,
    &'a str,
    &'a str,
    String,
    Option<&'a str>,
);

/// `<!DOCTYPE html>` to `<body>`, the CSS inline; `attrs` go on `<html>`.
fn head(out: &mut String, title: &str, attrs: &str) {
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\" {attrs}>\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"claimscan {}\">\n<title>{}</title>\n<style>\n{}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        esc(title),
        CSS,
    );
}

/// The page's script and the end of the page.
fn tail(out: &mut String) {
    for part in ["<script>\n", JS, "</script>\n</body>\n</html>\n"] {
        out.push_str(part);
    }
}

/// `#progress`, `#export` and the help button.
fn chrome_buttons(out: &mut String, scope: &str) {
    let _ = write!(
        out,
        "<span id=\"progress\" aria-live=\"polite\"></span> \
         <button type=\"button\" id=\"export\">Export decisions ({scope})</button> \
         <button type=\"button\" id=\"help-button\" aria-controls=\"help\" aria-label=\"Keyboard help\">?</button>"
    );
}

/// The keys of a document page (contract §4), or the index's few.
fn help(out: &mut String, document: bool) {
    out.push_str(
        "<div id=\"help\" hidden role=\"dialog\" aria-label=\"Keyboard help\">\n<h2>Keys</h2>\n<dl class=\"keys\">\n",
    );
    let keys: &[(&str, &str)] = if document {
        &[
            ("j / k", "next / previous claim"),
            ("l / h", "next / previous fact of the current claim"),
            (
                "a",
                "accept (a claim also accepts its facts without a verdict)",
            ),
            (
                "x",
                "reject: then 1–4 for a reason (wrong value, wrong span, not a fact, wrong entity), \
                 Enter for none, Esc to cancel",
            ),
            ("f", "flag"),
            ("u", "undo the last verdict change"),
            ("/", "search the claims"),
            ("e", "export decisions"),
            ("?", "show or hide this help"),
            (
                "select text",
                "add a missed fact: choose its type in the box that appears",
            ),
        ]
    } else {
        &[
            ("/", "search all documents"),
            ("e", "export the decisions of all documents"),
            ("?", "show or hide this help"),
        ]
    };
    for (k, what) in keys {
        let _ = writeln!(out, "<dt><kbd>{}</kbd></dt><dd>{}</dd>", esc(k), esc(what));
    }
    out.push_str("</dl>\n</div>\n");
}

/// `<script type="application/json" id="claimscan-decisions">`.
fn decisions_script<T: Serialize>(out: &mut String, decisions: &[T]) {
    let _ = writeln!(
        out,
        "<script type=\"application/json\" id=\"claimscan-decisions\">{}</script>",
        script_json(&decisions)
    );
}

fn span_json(start: usize, end: usize) -> Value {
    json!({"start": start, "end": end})
}

/// `<script type="application/json" id="claimscan-facts">`: every fact in record order.
fn facts_script(out: &mut String, d: &Doc) {
    let facts: Vec<Value> = d
        .claims
        .iter()
        .flat_map(|c| {
            c.facts.iter().map(move |f| {
                json!({
                    "key": f.key(),
                    "claim": c.id,
                    "type": f.ty.as_str(),
                    "text": f.text,
                    "span": span_json(f.span.start(), f.span.end()),
                    "chars": span_json(f.chars.start(), f.chars.end()),
                    "rule": f.rule,
                    "value": f.value,
                    "readable": f.readable(),
                })
            })
        })
        .collect();
    let _ = writeln!(
        out,
        "<script type=\"application/json\" id=\"claimscan-facts\">{}</script>",
        script_json(&facts)
    );
}

/// `<script type="application/json" id="claimscan-claims">`: every claim in record order.
fn claims_script(out: &mut String, d: &Doc) {
    let claims: Vec<Value> = d
        .claims
        .iter()
        .map(|c| {
            json!({
                "key": format!("c:{}", c.id),
                "id": c.id,
                "text": c.text,
                "span": span_json(c.span.start(), c.span.end()),
                "chars": span_json(c.chars.start(), c.chars.end()),
                "role": c.role.as_str(),
                "kinds": c.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
                "fragment": c.is_fragment(),
            })
        })
        .collect();
    let _ = writeln!(
        out,
        "<script type=\"application/json\" id=\"claimscan-claims\">{}</script>",
        script_json(&claims)
    );
}

/// What [`write_html`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The pages folder.
    pub folder: PathBuf,
    /// Document pages written.
    pub pages: usize,
    /// Bytes of the index page.
    pub index_bytes: usize,
    /// Pages of an earlier, longer run removed from the folder.
    pub stale_removed: usize,
    /// Decisions for no document of these records.
    pub unmatched_decisions: usize,
}

/// A file or folder [`write_html`] could not write.
#[derive(Debug, thiserror::Error)]
#[error("{}", names::printable(&path.display().to_string()))]
pub struct WriteError {
    /// What could not be written.
    pub path: PathBuf,
    /// Why (its `source`, so `{:#}` shows `PATH: why`).
    pub source: io::Error,
}

/// Writes the review of `docs`: the document pages (with [`crate::output::write_atomic`]: a page that is a
/// link or not a regular file is an error, never written through) and `search.js` into
/// [`pages_folder`]`(out)` (created when missing), then the index at `out` with [`crate::output::write_file`]
/// (through a pipe or link, as for any file the user names), last, so it never links a page not yet written.
/// Pages `dNNNNN.html` of an earlier run beyond this run's count are removed from the folder.
pub fn write_html(
    out: &Path,
    docs: &[ReviewDoc],
    decisions: &[Value],
) -> Result<Written, WriteError> {
    let pages = Pages::new(docs, out, decisions);
    let folder = pages_folder(out);
    let fail = |path: &Path| {
        let path = path.to_path_buf();
        move |source| WriteError { path, source }
    };
    std::fs::create_dir_all(&folder).map_err(fail(&folder))?;
    // One sweep of the folder for what a killed run left, then each page written atomically: `write_file`
    // would sweep it again for every page (quadratic in the number of documents).
    crate::output::remove_stale_temporaries_in(&folder).map_err(fail(&folder))?;
    write_pages(&pages, &folder)?;
    let search = folder.join("search.js");
    crate::output::write_file(&search, pages.search_js().as_bytes()).map_err(fail(&search))?;
    let stale_removed = remove_stale_pages(&folder, pages.len()).map_err(fail(&folder))?;
    let index = pages.index();
    crate::output::write_file(out, index.as_bytes()).map_err(fail(out))?;
    Ok(Written {
        folder,
        pages: pages.len(),
        index_bytes: index.len(),
        stale_removed,
        unmatched_decisions: pages.unmatched_decisions(),
    })
}

/// How many threads render and write document pages. Each write is synced to disk, so most of a page's time
/// is spent waiting on the disk: a few writers in parallel overlap those waits (1,000 pages, 91 MB: 5–8.5 s
/// wall with one writer, 1.3–1.5 s with four, on a 2-core machine).
const WRITERS: usize = 4;

/// Renders and writes every document page of `pages` into `folder`, [`WRITERS`] at a time; the first error
/// stops the others at their next page.
fn write_pages(pages: &Pages, folder: &Path) -> Result<(), WriteError> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(1);
    let failed: Mutex<Option<WriteError>> = Mutex::new(None);
    let stop = || failed.lock().map_or(true, |f| f.is_some());
    std::thread::scope(|scope| {
        for _ in 0..WRITERS.min(pages.len()) {
            scope.spawn(|| {
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n > pages.len() || stop() {
                        return;
                    }
                    let file = folder.join(page_name(n));
                    if let Err(source) =
                        crate::output::write_atomic(&file, pages.page(n).as_bytes())
                    {
                        if let Ok(mut f) = failed.lock() {
                            f.get_or_insert(WriteError { path: file, source });
                        }
                        return;
                    }
                }
            });
        }
    });
    match failed.into_inner() {
        Ok(Some(e)) => Err(e),
        Ok(None) => Ok(()),
        Err(poisoned) => poisoned.into_inner().map_or(Ok(()), Err),
    }
}

/// Removes, from `folder`, regular files named like a document page (`d` and digits, `.html`) whose number
/// is past `count`: a shorter run's pages would otherwise sit beside its index, looking current.
fn remove_stale_pages(folder: &Path, count: usize) -> io::Result<usize> {
    let mut removed = 0;
    for entry in std::fs::read_dir(folder)? {
        let entry = entry?;
        let name = entry.file_name();
        let Some(number) = name
            .to_str()
            .and_then(|n| n.strip_prefix('d'))
            .and_then(|n| n.strip_suffix(".html"))
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        else {
            continue;
        };
        let past = number
            .parse::<usize>()
            .map_or(true, |k| k == 0 || k > count);
        if past && entry.file_type()?.is_file() {
            std::fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}

fn filters(out: &mut String, docs: &[&Doc], types: &[FactType], kinds: &[ClaimKind]) {
    out.push_str(
        "<nav class=\"filters\" aria-label=\"Filters and legend\">\n\
         <fieldset id=\"filter-types\"><legend>Fact types</legend>\n",
    );
    for &t in types {
        let count: usize = docs.iter().map(|d| d.fact_count(t)).sum();
        let c = ident(t.as_str());
        let _ = writeln!(
            out,
            "<label class=\"legend-item\" for=\"filter-type-{c}\"><input type=\"checkbox\" id=\"filter-type-{c}\" \
             data-filter=\"type\" value=\"{v}\" checked><span class=\"swatch t-{c}\">{v}</span> \
             <span class=\"count\">{count}</span></label>",
            v = esc(t.as_str()),
        );
    }
    out.push_str("</fieldset>\n<fieldset id=\"filter-kinds\"><legend>Claim kinds</legend>\n");
    for k in kinds {
        let count: usize = docs
            .iter()
            .map(|d| d.claims.iter().filter(|c| c.kinds.contains(k)).count())
            .sum();
        let c = ident(k.as_str());
        let _ = writeln!(
            out,
            "<label class=\"legend-item\" for=\"filter-kind-{c}\"><input type=\"checkbox\" id=\"filter-kind-{c}\" \
             data-filter=\"kind\" value=\"{v}\" checked><span class=\"kind\">{v}</span> \
             <span class=\"count\">{count}</span></label>",
            v = esc(k.as_str()),
        );
    }
    out.push_str(
        "</fieldset>\n<div class=\"filter-actions\"><button type=\"button\" id=\"filter-reset\">Show all</button>\
         <span id=\"filter-status\" aria-live=\"polite\"></span></div>\n\
         <noscript><p class=\"noscript\">Filtering and verdicts need JavaScript; every fact is shown.</p></noscript>\n\
         </nav>\n",
    );
}

/// One document: header, article (or claim sentences), claims, timeline, entities. `too_large`: the article
/// is left out because the page would pass [`PAGE_MAX`].
fn document(out: &mut String, d: &Doc, types: &[FactType], too_large: bool) {
    let facts = d.facts().count();
    let _ = write!(
        out,
        "<article class=\"doc\" id=\"doc-{n}\" aria-labelledby=\"doc-{n}-h\">\n<header class=\"doc-head\">\
         <h2 id=\"doc-{n}-h\">{title}</h2>\n<p class=\"meta\"><span class=\"path\">{path}</span>",
        n = d.n,
        title = esc(d.heading()),
        path = esc(d.path),
    );
    if let Some(date) = d.date {
        let _ = write!(out, " · published <bdi>{}</bdi>", esc(date));
    }
    let _ = write!(
        out,
        " · {} · {}",
        plural(d.claims.len(), "claim", "claims"),
        plural(facts, "fact", "facts")
    );
    let counts: Vec<String> = types
        .iter()
        .filter_map(|&t| {
            let n = d.fact_count(t);
            (n > 0).then(|| format!("<bdi>{}</bdi> {n}", esc(t.as_str())))
        })
        .collect();
    if !counts.is_empty() {
        let _ = write!(out, " ({})", counts.join(", "));
    }
    out.push_str("</p>\n");
    let text = match &d.layout {
        Layout::Text(text) if !too_large => Some(*text),
        Layout::Text(text) => {
            let _ = writeln!(
                out,
                "<p class=\"notice\">The article ({:.1} MB) would make this page larger than {} MB: each \
                 claim's sentence is shown with its facts instead.</p>",
                text.len() as f64 / 1e6,
                PAGE_MAX / 1_000_000
            );
            None
        }
        Layout::Claims { note: Some(note) } => {
            let _ = writeln!(out, "<p class=\"notice\">{}</p>", esc(note));
            None
        }
        Layout::Claims { note: None } => {
            out.push_str(
                "<p class=\"notice\">The article text is not available: each claim's sentence is shown with \
                 its facts.</p>\n",
            );
            None
        }
    };
    out.push_str("</header>\n");
    if let Some(text) = text {
        out.push_str(
            "<div class=\"doc-grid\">\n<section class=\"text-pane\" aria-label=\"Article text\">\
             <h3>Article</h3>\n",
        );
        if !drawn_as_read(out, d) {
            out.push_str("<div class=\"article-text\" id=\"article\">");
            article_text(out, d, text);
            out.push_str("</div>\n");
        }
        out.push_str("</section>\n");
        claim_list(out, d, false);
        out.push_str("</div>\n");
    } else {
        claim_list(out, d, true);
    }
    timeline(out, d);
    entity_index(out, d);
    out.push_str("</article>\n");
}

/// Draws the article as the extractor read it ([`super::article`]: blocks, headings, dimmed boilerplate, runs
/// with file offsets); false, with nothing written, when it cannot be drawn so, and the file's text is drawn
/// instead ([`article_text`]).
fn drawn_as_read(out: &mut String, d: &Doc) -> bool {
    let (Some(doc), Some(rules)) = (super::article_document(d.source), super::segment_rules())
    else {
        return false;
    };
    let segments = super::article::segments(&doc, rules);
    super::article::render(out, &doc, &segments, &super::article::claims_of(d)).is_ok()
}

/// The opening tag of a claim's span in the text.
fn claim_span_open(out: &mut String, doc: usize, c: &Claim) {
    let _ = write!(
        out,
        "<span class=\"claim-text{}\" id=\"c-{doc}-{k}\" data-claim=\"cl-{doc}-{k}\">",
        if c.is_fragment() { " fragment" } else { "" },
        k = c.k,
    );
}

/// The whole article, each claim wrapped in a span and each fact in a mark. The layout was checked by
/// [`super::check_text`], so every slice below is in bounds, on character boundaries and in order.
fn article_text(out: &mut String, d: &Doc, text: &str) {
    let mut cursor = 0;
    for c in &d.claims {
        let s = c.span;
        esc_into(out, &text[cursor..s.start()]);
        claim_span_open(out, d.n, c);
        let mut inner = s.start();
        for f in &c.facts {
            let fs = f.span;
            esc_into(out, &text[inner..fs.start()]);
            mark(out, d.n, c, f, fs.slice(text));
            inner = fs.end();
        }
        esc_into(out, &text[inner..s.end()]);
        out.push_str("</span>");
        cursor = s.end();
    }
    esc_into(out, &text[cursor..]);
}

/// A fact's mark (contract §3): no `title` (the tooltip is drawn from `data-tip`), the readable value beside
/// the span in `.val-inline` (shown or not by CSS).
fn mark(out: &mut String, doc: usize, c: &Claim, f: &Fact, shown: &str) {
    let readable = f.readable();
    let rule = if f.rule.is_empty() { "(none)" } else { f.rule };
    let _ = write!(
        out,
        "<mark class=\"fact fact-{cls}\" id=\"f-{doc}-{n}\" data-key=\"{key}\" data-type=\"{ty}\" \
         data-rule=\"{rule_attr}\" data-kinds=\"{kinds}\" data-claim=\"cl-{doc}-{k}\" data-b=\"{bs}:{be}\" \
         data-c=\"{cs}:{ce}\" data-tip=\"{tip}\" tabindex=\"0\">{text}<span class=\"val-inline\">{val}</span></mark>",
        cls = ident(f.ty.as_str()),
        n = f.n,
        k = c.k,
        key = esc(&f.key()),
        ty = esc(f.ty.as_str()),
        rule_attr = esc(f.rule),
        kinds = esc(&joined(c.kinds, " ")),
        bs = f.span.start(),
        be = f.span.end(),
        cs = f.chars.start(),
        ce = f.chars.end(),
        tip = esc(&format!("{readable} · rule {rule}")),
        text = esc(shown),
        val = esc(&readable),
    );
}

/// Accept, reject and flag buttons.
fn verdict_buttons(out: &mut String) {
    out.push_str(
        "<span class=\"verdicts\"><button type=\"button\" class=\"v\" data-verdict=\"accepted\" \
         aria-label=\"Accept\">✓</button><button type=\"button\" class=\"v\" data-verdict=\"rejected\" \
         aria-label=\"Reject\">✗</button><button type=\"button\" class=\"v\" data-verdict=\"flagged\" \
         aria-label=\"Flag\">⚑</button></span>",
    );
}

/// The claims of one document; `marked` draws each sentence with its facts (when there is no article text).
fn claim_list(out: &mut String, d: &Doc, marked: bool) {
    let _ = writeln!(
        out,
        "<section class=\"claims-pane{}\" aria-labelledby=\"claims-{n}-h\"><h3 id=\"claims-{n}-h\">Claims \
         <span class=\"count\">{}</span></h3>",
        if marked { " wide" } else { "" },
        d.claims.len(),
        n = d.n,
    );
    if d.claims.is_empty() {
        out.push_str("<p class=\"empty\">No claims: no sentence holds a fact.</p>\n</section>\n");
        return;
    }
    out.push_str("<ol class=\"claims\">\n");
    for c in &d.claims {
        let _ = write!(
            out,
            "<li class=\"claim-item{frag}\" id=\"cl-{n}-{k}\" data-key=\"{key}\" data-kinds=\"{kinds}\" \
             data-types=\"{types}\"><div class=\"claim-head\">",
            frag = if c.is_fragment() { " fragment" } else { "" },
            n = d.n,
            k = c.k,
            key = esc(&format!("c:{}", c.id)),
            kinds = esc(&joined(c.kinds, " ")),
            types = esc(&joined(&c.types(), " ")),
        );
        let loc = location(c.line, c.column);
        if marked {
            let _ = write!(out, "<span class=\"loc\">{loc}</span>");
        } else {
            let _ = write!(
                out,
                "<a class=\"loc\" href=\"#c-{}-{}\" aria-label=\"Show in the article\">{loc}</a>",
                d.n, c.k
            );
        }
        if c.role != Role::Body {
            let _ = write!(
                out,
                " <span class=\"kind role\">{}</span>",
                esc(c.role.as_str())
            );
        }
        for k in c.kinds {
            let _ = write!(out, " <span class=\"kind\">{}</span>", esc(k.as_str()));
        }
        if !c.id.is_empty() {
            let _ = write!(out, " <code class=\"cid\">{}</code>", esc(c.id));
        }
        out.push(' ');
        verdict_buttons(out);
        out.push_str("</div>\n");
        if marked {
            out.push_str("<p class=\"claim-sentence\">");
            claim_span_open(out, d.n, c);
            let places = place_in_claim(c);
            let mut cursor = 0;
            for (f, p) in c.facts.iter().zip(&places) {
                if let Some(p) = p {
                    esc_into(out, &c.text[cursor..p.start()]);
                    mark(out, d.n, c, f, p.slice(c.text));
                    cursor = p.end();
                }
            }
            esc_into(out, &c.text[cursor..]);
            out.push_str("</span>");
            let unplaced: Vec<&Fact> = c
                .facts
                .iter()
                .zip(&places)
                .filter(|(_, p)| p.is_none())
                .map(|(f, _)| f)
                .collect();
            if !unplaced.is_empty() {
                out.push_str(" <span class=\"unplaced\">(not found in the sentence: ");
                for (i, f) in unplaced.into_iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    mark(out, d.n, c, f, f.text);
                }
                out.push_str(")</span>");
            }
            out.push_str("</p>\n");
        } else {
            let _ = writeln!(out, "<p class=\"claim-sentence\">{}</p>", esc(c.text));
        }
        out.push_str("<ul class=\"fact-list\">\n");
        for f in &c.facts {
            let _ = write!(
                out,
                "<li class=\"fact-row\" data-key=\"{key}\" data-type=\"{ty}\"><a class=\"chip t-{cls}\" \
                 href=\"#f-{n}-{fn_}\">{text}</a> <span class=\"val\">{val}</span> <code class=\"rule\">{rule}</code> ",
                key = esc(&f.key()),
                ty = esc(f.ty.as_str()),
                cls = ident(f.ty.as_str()),
                n = d.n,
                fn_ = f.n,
                text = esc(f.text),
                val = esc(&f.readable()),
                rule = esc(f.rule),
            );
            verdict_buttons(out);
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n</li>\n");
    }
    out.push_str("</ol>\n</section>\n");
}

/// Days since 1970-01-01 of `YYYY-MM-DD` (`YYYY-MM` and `YYYY` read as their first day), or `None`.
fn days(date: &str) -> Option<i64> {
    let mut parts = date.splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next().map_or(Some(1), |p| p.parse().ok())?;
    let d: i64 = parts.next().map_or(Some(1), |p| p.parse().ok())?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(-9999..=9999).contains(&y) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The document's date facts on a line from the earliest `start` to the latest `end` (each item's bar placed
/// with `--a`/`--b`, fractions of that line), sorted by start; date facts without a range listed after.
fn timeline(out: &mut String, d: &Doc) {
    let dates: Vec<&Fact> = d.facts().filter(|f| f.ty == FactType::Date).collect();
    if dates.is_empty() {
        return;
    }
    fn range<'v>(f: &Fact<'v>) -> Option<(&'v str, &'v str)> {
        let s = f.value.get("start").and_then(Value::as_str)?;
        let e = f.value.get("end").and_then(Value::as_str)?;
        Some((s, e))
    }
    let mut ranged: Vec<(&Fact, &str, &str)> = dates
        .iter()
        .filter_map(|f| range(f).map(|(s, e)| (*f, s, e)))
        .collect();
    ranged.sort_by(|a, b| (a.1, a.2, a.0.n).cmp(&(b.1, b.2, b.0.n)));
    let undated: Vec<&Fact> = dates
        .iter()
        .copied()
        .filter(|f| range(f).is_none())
        .collect();
    let bounds: Vec<(i64, i64)> = ranged
        .iter()
        .filter_map(|(_, s, e)| Some((days(s)?, days(e)?)))
        .collect();
    let lo = bounds.iter().map(|b| b.0).min();
    let hi = bounds.iter().map(|b| b.1.max(b.0)).max();
    let _ = writeln!(
        out,
        "<section class=\"timeline\" aria-labelledby=\"timeline-{n}-h\"><h3 id=\"timeline-{n}-h\">Timeline \
         <span class=\"count\">{}</span></h3>",
        dates.len(),
        n = d.n,
    );
    if let (Some(lo), Some(hi), Some(first), Some(last)) = (
        lo,
        hi,
        ranged.iter().map(|r| r.1).min(),
        ranged.iter().map(|r| r.2).max(),
    ) {
        let _ = writeln!(
            out,
            "<p class=\"tl-scale\"><span class=\"tl-from\">{}</span> <span class=\"tl-to\">{}</span> \
             <span class=\"tl-days\">({} days)</span></p>",
            esc(first),
            esc(last),
            hi - lo + 1
        );
    }
    if !ranged.is_empty() {
        out.push_str("<ol class=\"tl\">\n");
        for (f, s, e) in &ranged {
            let _ = write!(
                out,
                "<li class=\"tl-item\" data-start=\"{}\" data-end=\"{}\"",
                esc(s),
                esc(e)
            );
            if let (Some(lo), Some(hi), Some(a), Some(b)) = (lo, hi, days(s), days(e)) {
                // One day wide at least: [start, end + 1 day) over [lo, hi + 1 day).
                let width = (hi + 1 - lo) as f64;
                let fa = (a - lo) as f64 / width;
                let fb = ((b.max(a) + 1 - lo) as f64 / width).max(fa);
                let _ = write!(out, " style=\"--a:{fa:.4};--b:{fb:.4}\"");
            }
            let _ = writeln!(
                out,
                "><a class=\"chip t-date\" href=\"#f-{n}-{k}\">{text}</a> <span class=\"val\">{val}</span> \
                 <span class=\"tl-range\">{s} → {e}</span><span class=\"tl-bar\" aria-hidden=\"true\"></span></li>",
                n = d.n,
                k = f.n,
                text = esc(f.text),
                val = esc(&f.readable()),
                s = esc(s),
                e = esc(e),
            );
        }
        out.push_str("</ol>\n");
    }
    if !undated.is_empty() {
        out.push_str(
            "<h4 class=\"tl-undated-h\">Without a date range</h4>\n<ul class=\"tl-undated\">\n",
        );
        for f in undated {
            let _ = writeln!(
                out,
                "<li class=\"tl-undated-item\"><a class=\"chip t-date\" href=\"#f-{}-{}\">{}</a> \
                 <span class=\"val\">{}</span></li>",
                d.n,
                f.n,
                esc(f.text),
                esc(&f.readable())
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

fn entity_index(out: &mut String, d: &Doc) {
    let _ = writeln!(
        out,
        "<section class=\"entities\" aria-labelledby=\"entities-{n}-h\"><h3 id=\"entities-{n}-h\">Entities \
         <span class=\"count\">{}</span></h3>",
        d.entities.len(),
        n = d.n,
    );
    if d.entities.is_empty() {
        out.push_str(
            "<p class=\"empty\">No organization or policy instrument named.</p>\n</section>\n",
        );
        return;
    }
    let by_span: HashMap<ByteSpan, &Fact> = d.facts().map(|f| (f.span, f)).collect();
    out.push_str(
        "<div class=\"table-wrap\"><table class=\"entity-index\">\n<thead><tr><th scope=\"col\">Type</th>\
         <th scope=\"col\">Id</th><th scope=\"col\">Name</th><th scope=\"col\">Category</th>\
         <th scope=\"col\" class=\"num\">Mentions</th><th scope=\"col\">Where</th></tr></thead>\n<tbody>\n",
    );
    for e in d.entities {
        let _ = write!(
            out,
            "<tr class=\"entity-row\" data-type=\"{ty}\"><td><span class=\"swatch t-{cls}\">{ty}</span></td>\
             <td>{id}</td><td>{name}</td><td>{cat}</td><td class=\"num\">{m}</td><td class=\"mentions\">",
            ty = esc(e.fact_type.as_str()),
            cls = ident(e.fact_type.as_str()),
            id = e.id.as_deref().map_or_else(
                || "<span class=\"none\">none</span>".to_string(),
                |id| { format!("<code>{}</code>", esc(id)) }
            ),
            name = esc(&e.name),
            cat = esc(&e.category),
            m = e.mentions,
        );
        for (i, s) in e.spans.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            match by_span.get(s) {
                Some(f) => {
                    let _ = write!(
                        out,
                        "<a href=\"#f-{}-{}\" aria-label=\"{}\">{}</a>",
                        d.n,
                        f.n,
                        esc(f.text),
                        location(f.line, f.column)
                    );
                }
                None => {
                    let _ = write!(
                        out,
                        "<span class=\"none\">bytes {}–{}</span>",
                        s.start(),
                        s.end()
                    );
                }
            }
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody></table></div>\n</section>\n");
}

const CSS: &str = include_str!("review.css");

const JS: &str = include_str!("review.js");

#[cfg(test)]
mod tests {
    use super::super::terminal;
    use super::super::testing::*;
    use super::*;
    use serde_json::json;

    fn pages<'a>(docs: &'a [ReviewDoc], decisions: &'a [Value]) -> Pages<'a> {
        Pages::new(docs, Path::new("out/review.html"), decisions)
    }

    /// Every document page, one after the other.
    fn html(docs: &[ReviewDoc]) -> String {
        let p = pages(docs, &[]);
        (1..=p.len()).map(|n| p.page(n)).collect()
    }

    /// The text shown by each `<mark>`, in page order (the inline value is not part of it).
    fn marks(page: &str) -> Vec<String> {
        unrun(page)
            .split("<mark ")
            .skip(1)
            .map(|rest| {
                let body = &rest[rest.find('>').unwrap() + 1..];
                body[..body.find("<span class=\"val-inline\">").unwrap()].to_string()
            })
            .collect()
    }

    /// The page without the article's runs (`<span class="r" …>text</span>`: text only, never an element
    /// inside), so the text around marks reads as one.
    fn unrun(page: &str) -> String {
        let mut out = String::with_capacity(page.len());
        let mut rest = page;
        while let Some(at) = rest.find("<span class=\"r") {
            out.push_str(&rest[..at]);
            let tail = &rest[at..];
            let open = tail.find('>').unwrap() + 1;
            let close = tail.find("</span>").unwrap();
            out.push_str(&tail[open..close]);
            rest = &tail[close + "</span>".len()..];
        }
        out.push_str(rest);
        out
    }

    /// The opening tag of each `<mark>`.
    fn mark_tags(page: &str) -> Vec<&str> {
        page.split("<mark ")
            .skip(1)
            .map(|rest| &rest[..rest.find('>').unwrap()])
            .collect()
    }

    /// The content of the script element with this id, parsed.
    fn script(page: &str, id: &str) -> Value {
        let open = format!("<script type=\"application/json\" id=\"{id}\">");
        let start = page.find(&open).unwrap_or_else(|| panic!("no {id}")) + open.len();
        let body = &page[start..];
        serde_json::from_str(&body[..body.find("</script>").unwrap()]).unwrap()
    }

    /// The script elements a page may hold: the three JSON blocks, the search source and the page's own.
    const SCRIPTS: [&str; 5] = [
        "<script type=\"application/json\" id=\"claimscan-facts\">",
        "<script type=\"application/json\" id=\"claimscan-claims\">",
        "<script type=\"application/json\" id=\"claimscan-decisions\">",
        "<script type=\"text/plain\" id=\"search-src\"",
        "<script>\n(function",
    ];

    const HOSTILE: &str = "Title <script>alert(1)</script>\n\n\
        The agency said <script>alert(1)</script> that the US controls 74 percent of AI compute.\n\n\
        An image <img src=x onerror=alert(1)> appeared on March 3, 2025, and 'quotes' & \"more\" too.\n";

    fn assert_safe(page: &str) {
        assert!(
            page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "escaped script missing"
        );
        assert!(
            page.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "escaped img missing"
        );
        assert!(
            !page.contains("<script>alert"),
            "raw script tag in the page"
        );
        assert!(!page.contains("<img src=x"), "raw img tag in the page");
        only_own_scripts(page);
    }

    /// The only script elements are the page's own, and each ends where the page ends it.
    fn only_own_scripts(page: &str) {
        for (i, _) in page.match_indices("<script") {
            assert!(
                SCRIPTS.iter().any(|s| page[i..].starts_with(s)),
                "a script element not the page's: {}",
                &page[i..(i + 80).min(page.len())]
            );
        }
        assert_eq!(
            page.matches("</script>").count(),
            page.matches("<script").count()
        );
    }

    #[test]
    fn article_text_is_escaped() {
        let mut doc = extract("evil/<script>alert(1)</script>.txt", HOSTILE);
        assert!(!fact_texts(&doc).is_empty());
        let page = html(std::slice::from_ref(&doc));
        assert_safe(&page);
        assert!(page.contains("evil/&lt;script&gt;alert(1)&lt;/script&gt;.txt"));
        assert!(page.contains("&#39;quotes&#39; &amp; &quot;more&quot;"));
        // Without the text, the claim sentences carry the same hostile words.
        doc.text = None;
        let docs = [doc];
        let page = html(&docs);
        assert_safe(&page);
        let p = pages(&docs, &[]);
        assert!(!p.index().contains("<script>alert"));
        assert!(!p.search_js().contains("</script>") && !p.search_js().contains('<'));
    }

    #[test]
    fn record_values_titles_and_rules_are_escaped() {
        let evil = "<img src=x onerror=alert(1)>";
        let record = record(json!({
            "document": {"path": "a\"b'<script>alert(1)</script>.txt", "title": evil},
            "claims": [{
                "id": "\"><script>alert(1)</script>", "kinds": ["organization"],
                "text": "Ask <script>alert(1)</script> now.", "span": {"start": 0, "end": 34},
                "facts": [{"type": "organization", "text": "<script>alert(1)</script>",
                           "span": {"start": 4, "end": 29}, "rule": "\"><img src=x onerror=alert(1)>",
                           "value": {"name": evil, "id": evil}}]
            }],
            "entities": [{"type": "organization", "id": evil, "name": evil, "category": evil, "mentions": 1,
                          "spans": [{"start": 4, "end": 29}]}]
        }));
        let docs = [ReviewDoc { record, text: None }];
        let page = html(&docs);
        assert_safe(&page);
        assert_eq!(marks(&page), ["&lt;script&gt;alert(1)&lt;/script&gt;"]);
        // Types and kinds are closed sets of names (`FactType`, `ClaimKind`), so never markup in a class.
        assert!(page.contains("class=\"fact fact-organization\""));
        let index = pages(&docs, &[]).index();
        assert!(!index.contains("<img src=x") && !index.contains("<script>alert"));
        assert!(index.contains("a&quot;b&#39;&lt;script&gt;"));
    }

    #[test]
    fn every_fact_gets_exactly_one_mark_with_the_contract_attributes() {
        let text = include_str!("../../../corpus/aukus-genesis-access.txt");
        let doc = extract("corpus/aukus-genesis-access.txt", text);
        let facts = fact_texts(&doc);
        assert!(facts.len() > 20);
        let page = html(std::slice::from_ref(&doc));
        assert_eq!(
            marks(&page),
            facts.iter().map(|t| esc(t)).collect::<Vec<_>>()
        );
        for n in 1..=facts.len() {
            assert_eq!(
                page.matches(&format!(" id=\"f-1-{n}\"")).count(),
                1,
                "fact {n}"
            );
        }
        assert!(!page.contains(" id=\"f-1-0\""));
        assert!(
            page.contains("<div class=\"article-text\" id=\"article\">"),
            "drawn on the article text"
        );
        // Drawn as the extractor read it: blocks of runs that carry their file offsets.
        assert!(
            page.contains("<h1 class=\"blk title\">"),
            "the title as a heading"
        );
        assert!(page.contains("<span class=\"r\" data-c=\"0\" data-b=\"0\">"));
        // Each mark's decision key is its fact row's, so a verdict given on either shows on both.
        let key = |tag: &str| {
            tag.split(" data-key=\"")
                .nth(1)
                .map(|k| k[..k.find('"').unwrap()].to_string())
        };
        let row_keys: Vec<String> = page
            .split("<li class=\"fact-row")
            .skip(1)
            .filter_map(|r| key(&r[..r.find('>').unwrap()]))
            .collect();
        let mark_keys: Vec<String> = mark_tags(&page).iter().filter_map(|t| key(t)).collect();
        assert_eq!(mark_keys.len(), facts.len());
        assert_eq!(mark_keys, row_keys);
        let recorded: Vec<(usize, &crate::record::Fact<Value>)> = doc
            .record
            .claims
            .iter()
            .enumerate()
            .flat_map(|(j, c)| c.facts.iter().map(move |f| (j + 1, f)))
            .collect();
        let tags = mark_tags(&page);
        assert_eq!(tags.len(), recorded.len());
        for (k, (tag, (j, f))) in tags.iter().zip(&recorded).enumerate() {
            let (b, c) = (f.location.span, f.location.chars);
            let ty = f.fact_type.as_str();
            for want in [
                format!("class=\"fact fact-{ty}\" id=\"f-1-{}\"", k + 1),
                format!("data-key=\"f:{}:{}:{ty}\"", c.start(), c.end()),
                format!("data-type=\"{ty}\""),
                format!("data-rule=\"{}\"", esc(&f.rule)),
                format!("data-claim=\"cl-1-{j}\""),
                format!("data-b=\"{}:{}\"", b.start(), b.end()),
                format!("data-c=\"{}:{}\"", c.start(), c.end()),
                format!(
                    "data-tip=\"{} · rule {}\"",
                    esc(&super::super::values::readable(f.fact_type, &f.value)),
                    esc(&f.rule)
                ),
                "tabindex=\"0\"".to_string(),
            ] {
                assert!(tag.contains(&want), "{want} not in <mark {tag}>");
            }
            assert!(!tag.contains("title="), "a title on <mark {tag}>");
            // Its card exists, and the claim span in the article points to it.
            assert_eq!(page.matches(&format!(" id=\"cl-1-{j}\"")).count(), 1);
        }
        // The same without the text, and with two documents (ids stay distinct).
        let bare = ReviewDoc {
            record: doc.record.clone(),
            text: None,
        };
        let page = html(&[doc, bare]);
        assert_eq!(page.matches("<mark ").count(), 2 * facts.len());
        assert_eq!(page.matches(" id=\"f-2-1\"").count(), 1);
        assert!(!page.contains("not found in the sentence"));
    }

    #[test]
    fn cards_have_verdict_buttons_and_the_page_its_chrome() {
        let doc = extract(
            "a.txt",
            "Title\n\nThe US controls 74 percent of AI compute.\n",
        );
        let id = doc.record.claims[0].id.clone();
        let chars = doc.record.claims[0].facts[0].location.chars;
        let docs = [doc.clone(), doc];
        let p = pages(&docs, &[]);
        let page = p.page(1);
        assert!(page.contains(&format!(
            "<li class=\"claim-item\" id=\"cl-1-1\" data-key=\"c:{id}\" data-kinds=\"statistic\" data-types=\"percentage\">"
        )));
        let key = format!("f:{}:{}:percentage", chars.start(), chars.end());
        assert!(page.contains(&format!(
            "<li class=\"fact-row\" data-key=\"{key}\" data-type=\"percentage\"><a class=\"chip t-percentage\" href=\"#f-1-1\">74 percent</a>"
        )));
        // Three buttons on the claim head and three on its one fact row.
        for v in ["accepted", "rejected", "flagged"] {
            assert_eq!(
                page.matches(&format!(
                    "<button type=\"button\" class=\"v\" data-verdict=\"{v}\""
                ))
                .count(),
                2,
                "{v}"
            );
        }
        assert!(page.contains("<span class=\"claim-text\" id=\"c-1-1\" data-claim=\"cl-1-1\">"));
        for want in [
            "<input id=\"search\" type=\"search\"",
            "<span id=\"progress\"",
            "<button type=\"button\" id=\"export\">",
            "<div id=\"help\" hidden",
            "<kbd>j / k</kbd>",
            "id=\"filter-type-date\"",
            "id=\"filter-kind-policy\"",
            "<a href=\"../review.html\" rel=\"index\">",
            "<a href=\"d00002.html\" rel=\"next\">",
        ] {
            assert!(page.contains(want), "{want}");
        }
        assert!(!page.contains("rel=\"prev\""));
        let second = p.page(2);
        assert!(second.contains("<a href=\"d00001.html\" rel=\"prev\">"));
        assert!(!second.contains("rel=\"next\""));
        let run = p.run();
        assert!(page.starts_with(&format!(
            "<!DOCTYPE html>\n<html lang=\"en\" data-run=\"{run}\" data-sha256=\"{}\" data-path=\"a.txt\" data-doc=\"1\">",
            docs[0].record.document.sha256
        )));
        assert!(
            !page.contains("http://") && !page.contains("https://"),
            "no network"
        );
        assert_eq!(page_name(7), "d00007.html");
        assert_eq!(page_name(123_456), "d123456.html");
        assert_eq!(
            pages_folder(Path::new("x/review.html")),
            Path::new("x/review_files")
        );
    }

    #[test]
    fn json_scripts_parse_and_match_the_record() {
        let text = include_str!("../../../corpus/aukus-genesis-access.txt");
        let doc = extract("corpus/aukus-genesis-access.txt", text);
        let page = html(std::slice::from_ref(&doc));
        let facts = script(&page, "claimscan-facts");
        let claims = script(&page, "claimscan-claims");
        assert_eq!(script(&page, "claimscan-decisions"), json!([]));
        let r = &doc.record;
        assert_eq!(claims.as_array().unwrap().len(), r.claims.len());
        let mut k = 0;
        for (c, got) in r.claims.iter().zip(claims.as_array().unwrap()) {
            assert_eq!(got["key"], format!("c:{}", c.id));
            assert_eq!(got["id"], c.id.as_str());
            assert_eq!(got["text"], c.text.as_str());
            assert_eq!(got["span"], json!(c.location.span));
            assert_eq!(got["chars"], json!(c.location.chars));
            assert_eq!(got["role"], c.role.as_str());
            assert_eq!(got["kinds"], json!(c.kinds));
            assert!(got["fragment"].is_boolean());
            for f in &c.facts {
                let got = &facts[k];
                k += 1;
                let ch = f.location.chars;
                assert_eq!(
                    got["key"],
                    format!("f:{}:{}:{}", ch.start(), ch.end(), f.fact_type)
                );
                assert_eq!(got["claim"], c.id.as_str());
                assert_eq!(got["type"], f.fact_type.as_str());
                assert_eq!(got["text"], f.text.as_str());
                assert_eq!(got["span"], json!(f.location.span));
                assert_eq!(got["chars"], json!(ch));
                assert_eq!(got["rule"], f.rule.as_str());
                assert_eq!(got["value"], f.value);
                assert_eq!(
                    got["readable"],
                    super::super::values::readable(f.fact_type, &f.value)
                );
            }
        }
        assert_eq!(facts.as_array().unwrap().len(), k);
    }

    #[test]
    fn script_end_tags_in_text_or_values_cannot_end_the_json() {
        let evil = "</script><script>alert(1)</script><!--";
        let text = format!("Said {evil} 5 percent. ");
        let len = text.len();
        let record = record(json!({
            "document": {"path": "p.txt"},
            "claims": [{
                "id": "</script>", "kinds": ["statistic"], "text": text.trim_end(), "span": {"start": 0, "end": len - 1},
                "facts": [{"type": "percentage", "text": "5 percent", "span": {"start": len - 11, "end": len - 2},
                           "rule": evil, "value": {"amount": 5, "unit": evil, "note": evil}}]
            }]
        }));
        let docs = [ReviewDoc {
            record,
            text: Some(text.clone()),
        }];
        let decisions = [json!({"sha256": "", "note": evil})];
        let p = pages(&docs, &decisions);
        let page = p.page(1);
        only_own_scripts(&page);
        let page = unrun(&page);
        assert!(
            page.contains(
                "Said &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!-- <mark "
            )
        );
        assert_eq!(marks(&page), ["5 percent"]);
        let facts = script(&page, "claimscan-facts");
        assert_eq!(facts[0]["rule"], evil);
        assert_eq!(facts[0]["value"]["note"], evil);
        assert_eq!(script(&page, "claimscan-claims")[0]["id"], "</script>");
        assert_eq!(script(&page, "claimscan-decisions")[0]["note"], evil);
        assert!(page.contains("\\u003c/script>"));
        assert!(!page.contains("<!--"));
        let index = p.index();
        only_own_scripts(&index);
        assert_eq!(script(&index, "claimscan-decisions")[0]["note"], evil);
    }

    #[test]
    fn the_timeline_lists_ranged_dates_by_start_and_the_rest_after() {
        let date = |text: &str, at: usize, value: Value| {
            json!({"type": "date", "text": text, "span": {"start": at, "end": at + text.len()},
                   "rule": "r", "value": value})
        };
        let text = "In 2027 and June 2025, now, then 2026.";
        let record = record(json!({
            "claims": [{
                "id": "c1", "kinds": ["temporal"], "text": text, "span": {"start": 0, "end": text.len()},
                "facts": [
                    date("2027", 3, json!({"timex": "2027", "start": "2027-01-01", "end": "2027-12-31"})),
                    date("June 2025", 12, json!({"timex": "2025-06", "start": "2025-06-01", "end": "2025-06-30"})),
                    date("now", 23, json!({"timex": "PRESENT_REF"})),
                    date("2026", 33, json!({"timex": "2026", "start": "2026-01-01", "end": "2026-12-31"})),
                ]
            }]
        }));
        let docs = [ReviewDoc {
            record,
            text: Some(text.into()),
        }];
        let page = html(&docs);
        let section = &page[page.find("<section class=\"timeline\"").unwrap()..];
        let section = &section[..section.find("</section>").unwrap()];
        let starts: Vec<&str> = section
            .split("<li class=\"tl-item\" data-start=\"")
            .skip(1)
            .map(|s| &s[..10])
            .collect();
        assert_eq!(starts, ["2025-06-01", "2026-01-01", "2027-01-01"]);
        // June 2025 starts the line, 2027 ends it; the whole is 2025-06-01..=2027-12-31 (944 days).
        assert!(section.contains("data-end=\"2025-06-30\" style=\"--a:0.0000;--b:0.0318\""));
        assert!(section.contains("data-end=\"2027-12-31\" style=\"--a:0.6133;--b:1.0000\""));
        assert!(section.contains("(944 days)"));
        assert!(section.contains(
            "<li class=\"tl-undated-item\"><a class=\"chip t-date\" href=\"#f-1-3\">now</a>"
        ));
        assert_eq!(days("1970-01-01"), Some(0));
        assert_eq!(days("2000-03-01"), Some(11_017));
        assert_eq!(days("2025-13-01"), None);
        assert_eq!(days("soon"), None);
    }

    #[test]
    fn multibyte_text_keeps_marks_on_the_right_characters() {
        let text = "Café “données” — naïve\n\n\
            L’équipe du café “Élysée” said the US controls 74 percent of AI compute as of March 3, 2025.\n";
        let doc = extract("fr.txt", text);
        let facts = fact_texts(&doc);
        assert!(facts.contains(&"74 percent".to_string()), "{facts:?}");
        assert!(
            facts.iter().any(|f| f.contains("March 3, 2025")),
            "{facts:?}"
        );
        let page = unrun(&html(std::slice::from_ref(&doc)));
        assert_eq!(marks(&page), facts);
        assert!(page.contains("“Élysée” said the US controls <mark "));
        // Relative offsets in claim mode land on the same characters.
        let bare = ReviewDoc {
            record: doc.record.clone(),
            text: None,
        };
        assert_eq!(marks(&html(&[bare])), facts);
        // And in the terminal.
        let plain = terminal(&doc, false);
        assert!(plain.contains("“Élysée” said the US controls [[74 percent]]{percentage}"));
    }

    #[test]
    fn byte_order_mark_is_ignored() {
        let text = "Title\n\nThe US controls 74 percent of AI compute.\n";
        let mut doc = extract("a.txt", text);
        doc.text = Some(format!("\u{feff}{text}"));
        let page = html(&[doc]);
        assert_eq!(marks(&page), ["74 percent"]);
        assert!(page.contains("<div class=\"doc-grid\">"));
    }

    #[test]
    fn changed_text_falls_back_to_claim_sentences() {
        let mut doc = extract(
            "a.txt",
            "Title\n\nThe US controls 74 percent of AI compute.\n",
        );
        doc.text = Some("Title\n\nEdited: the US controls 74 percent of AI compute.\n".into());
        let page = html(&[doc]);
        assert!(page.contains("does not match this record"));
        assert_eq!(marks(&page), ["74 percent"]);
    }

    #[test]
    fn a_page_over_its_limit_shows_claim_sentences() {
        let doc = extract(
            "a.txt",
            "Title\n\nThe US controls 74 percent of AI compute.\n",
        );
        let docs = [doc];
        let p = pages(&docs, &[]);
        let whole = p.page(1);
        assert_eq!(p.page_within(1, whole.len()), whole);
        let short = p.page_within(1, whole.len() - 1);
        assert!(short.contains("would make this page larger than 64 MB"));
        assert!(!short.contains("id=\"article\""));
        assert_eq!(marks(&short), ["74 percent"]);
    }

    /// Spans that miss the text, split a character or lie outside their claim (a reversed span is never read:
    /// see `ByteSpan`).
    #[test]
    fn broken_spans_never_panic_and_keep_one_mark_per_fact() {
        let record = record(json!({
            "claims": [{
                "id": "c1", "kinds": [], "text": "Prix: 5 € en “mai”.", "span": {"start": 10, "end": 50},
                "facts": [
                    {"type": "money", "text": "5 €", "span": {"start": 7, "end": 9}, "rule": "r", "value": {}},
                    {"type": "date", "text": "juin", "span": {"start": 999, "end": 1003}, "rule": "r", "value": null},
                    {"type": "date", "text": "mai", "span": {"start": 3, "end": 3}, "rule": "r",
                     "value": {"start": "2025-05-01", "end": "20x"}}
                ]
            }],
            "entities": [{"type": "organization", "id": null, "name": "", "category": "", "mentions": 1,
                          "spans": [{"start": 1, "end": 2}]}]
        }));
        let with_text = ReviewDoc {
            record: record.clone(),
            text: Some("short".into()),
        };
        let page = html(&[with_text.clone(), ReviewDoc { record, text: None }]);
        assert_eq!(page.matches("<mark ").count(), 6);
        assert!(page.contains("not found in the sentence"));
        assert!(page.contains("bytes 1–2"));
        // A range that is not a date is listed, without a bar.
        assert!(
            page.contains("<li class=\"tl-item\" data-start=\"2025-05-01\" data-end=\"20x\"><a")
        );
        let _ = terminal(&with_text, true);
        assert!(pages(&[], &[]).index().contains("0 documents"));
    }

    #[test]
    fn entity_mentions_link_to_fact_anchors() {
        let text = include_str!("../../../corpus/aukus-genesis-access.txt");
        let page = html(&[extract("corpus/aukus-genesis-access.txt", text)]);
        let links: Vec<&str> = page
            .split("<td class=\"mentions\">")
            .skip(1)
            .flat_map(|row| row[..row.find("</td>").unwrap()].split("href=\"#").skip(1))
            .map(|l| &l[..l.find('"').unwrap()])
            .collect();
        assert!(links.len() > 10);
        for l in links {
            assert!(l.starts_with("f-1-"), "{l}");
            assert_eq!(page.matches(&format!(" id=\"{l}\"")).count(), 1, "{l}");
        }
        assert!(!page.contains("class=\"none\">bytes"));
    }

    #[test]
    fn the_index_has_one_row_per_document_and_no_article_text() {
        let a = extract(
            "a.txt",
            "Title\n\nThe US controls 74 percent of AI compute, said the unmistakable sentence.\n",
        );
        let b = extract("b.txt", "Title\n\nIt grew 5 percent in March 2025.\n");
        let docs = [a, b];
        let p = pages(&docs, &[]);
        let index = p.index();
        assert!(index.contains("<strong>2 documents</strong> · <strong>2 claims</strong>"));
        assert!(index.contains("<tfoot><tr><th scope=\"row\">All documents</th>"));
        assert_eq!(index.matches("<tr class=\"doc-row\"").count(), 2);
        for (n, d) in docs.iter().enumerate() {
            assert!(index.contains(&format!(
                "<tr class=\"doc-row\" data-doc=\"{}\" data-sha256=\"{}\" data-claims=\"1\"><th scope=\"row\">\
                 <a href=\"review_files/d0000{}.html\">Title</a>",
                n + 1,
                d.record.document.sha256,
                n + 1
            )));
        }
        assert_eq!(index.matches("<td class=\"status\"></td>").count(), 2);
        assert!(!index.contains("unmistakable") && !index.contains("<mark"));
        assert!(index.contains(&format!(
            "<html lang=\"en\" data-run=\"{}\" data-docs=\"2\">",
            p.run()
        )));
        for want in [
            "<input id=\"search\" type=\"search\" data-src=\"review_files/search.js\"",
            "<script type=\"text/plain\" id=\"search-src\" data-src=\"review_files/search.js\"></script>",
            "<ol id=\"search-results\"",
            "<table id=\"docs\"",
            "<span id=\"progress\"",
            "<button type=\"button\" id=\"export\">",
            "<div id=\"help\" hidden",
        ] {
            assert!(index.contains(want), "{want}");
        }
        // The search data: every fact, with its document and position.
        let js = p.search_js();
        let data: Value = serde_json::from_str(
            js.strip_prefix("window.CLAIMSCAN_SEARCH = ")
                .unwrap()
                .trim_end()
                .strip_suffix(';')
                .unwrap(),
        )
        .unwrap();
        assert_eq!(data["run"], p.run());
        assert_eq!(
            data["docs"][1],
            json!({"n": 2, "path": "b.txt", "title": "Title", "href": "review_files/d00002.html"})
        );
        let facts = data["facts"].as_array().unwrap();
        assert_eq!(facts.len(), 3);
        assert_eq!(
            facts[0].as_array().unwrap()[..4],
            [json!(1), json!(1), json!("percentage"), json!("74 percent")]
        );
        assert_eq!(
            facts[2].as_array().unwrap()[..3],
            [json!(2), json!(2), json!("date")]
        );
    }

    #[test]
    fn the_run_id_is_stable_and_changes_with_the_records() {
        let a = extract(
            "a.txt",
            "Title\n\nThe US controls 74 percent of AI compute.\n",
        );
        let b = extract("b.txt", "Title\n\nIt grew 5 percent in March 2025.\n");
        let docs = vec![a.clone(), b.clone()];
        let id = run_id(&docs);
        assert_eq!(id.len(), 16);
        assert!(id.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(run_id(&docs.clone()), id);
        assert_eq!(pages(&docs, &[]).index(), pages(&docs, &[]).index());
        assert_ne!(run_id(&[b.clone(), a.clone()]), id, "order counts");
        assert_ne!(run_id(&docs[..1]), id);
        let mut changed = docs.clone();
        changed[1].record.claims[0].id.push('x');
        assert_ne!(run_id(&changed), id);
        let mut changed = docs.clone();
        changed[0].record.document.sha256 = "0".repeat(64);
        assert_ne!(run_id(&changed), id);
        // The concatenation is delimited: moving a character between path and sha256 changes it.
        let mut left = docs.clone();
        left[0].record.document.path = "a.tx".into();
        left[0].record.document.sha256.insert(0, 't');
        assert_ne!(run_id(&left), id);
    }

    #[test]
    fn decisions_are_embedded_only_in_their_documents_page() {
        let a = extract(
            "a.txt",
            "Title\n\nThe US controls 74 percent of AI compute.\n",
        );
        let b = extract("b.txt", "Title\n\nIt grew 5 percent in March 2025.\n");
        let (sa, sb) = (
            a.record.document.sha256.clone(),
            b.record.document.sha256.clone(),
        );
        let decisions = vec![
            json!({"sha256": sa, "claim": "x1", "verdict": "accepted"}),
            json!({"sha256": sb, "claim": "x2", "verdict": "rejected"}),
            json!({"sha256": sa, "claim": "x3", "verdict": "flagged"}),
            json!({"sha256": "elsewhere", "claim": "x4", "verdict": "flagged"}),
        ];
        let docs = [a, b];
        let p = pages(&docs, &decisions);
        assert_eq!(p.unmatched_decisions(), 1);
        let claims_of = |page: &str| -> Vec<Value> {
            script(page, "claimscan-decisions")
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["claim"].clone())
                .collect()
        };
        assert_eq!(claims_of(&p.page(1)), [json!("x1"), json!("x3")]);
        assert_eq!(claims_of(&p.page(2)), [json!("x2")]);
        assert_eq!(
            claims_of(&p.index()),
            [json!("x1"), json!("x2"), json!("x3"), json!("x4")]
        );
    }

    #[test]
    fn write_html_writes_the_index_pages_and_search_and_removes_stale_pages() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("review.html");
        let doc = extract(
            "a.txt",
            "Title\n\nThe US controls 74 percent of AI compute.\n",
        );
        let three = vec![doc.clone(), doc.clone(), doc.clone()];
        let w = write_html(&out, &three, &[]).unwrap();
        let folder = tmp.path().join("review_files");
        assert_eq!((w.pages, w.stale_removed, &w.folder), (3, 0, &folder));
        let names = |dir: &Path| -> Vec<String> {
            let mut v: Vec<String> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect();
            v.sort();
            v
        };
        assert_eq!(
            names(&folder),
            ["d00001.html", "d00002.html", "d00003.html", "search.js"]
        );
        assert_eq!(std::fs::read(&out).unwrap().len(), w.index_bytes);
        // Other files in the folder are left alone; only pages past the new count go.
        std::fs::write(folder.join("notes.txt"), "mine").unwrap();
        let w = write_html(&out, &three[..1], &[]).unwrap();
        assert_eq!((w.pages, w.stale_removed), (1, 2));
        assert_eq!(names(&folder), ["d00001.html", "notes.txt", "search.js"]);
        let index = std::fs::read_to_string(&out).unwrap();
        assert!(index.contains("data-docs=\"1\"") && !index.contains("d00002"));
        // A file where the folder should be is an error naming it.
        let blocked = tmp.path().join("blocked.html");
        std::fs::write(tmp.path().join("blocked_files"), "").unwrap();
        let e = write_html(&blocked, &three, &[]).unwrap_err();
        assert_eq!(e.path, tmp.path().join("blocked_files"));
    }

    #[test]
    fn bidi_controls_never_reach_the_page_raw() {
        let record = record(bidi_record());
        let text = "Rose \u{202E}5 percent\u{2067} today.\u{200F}\u{2066}";
        let docs = [
            ReviewDoc {
                record: record.clone(),
                text: None,
            },
            ReviewDoc {
                record,
                text: Some(text.into()),
            },
        ];
        let p = pages(&docs, &[]);
        let index = p.index();
        let page = unrun(&format!("{}{index}{}", html(&docs), p.search_js()));
        for c in BIDI {
            assert!(!page.contains(c), "raw U+{:04X} in the page", u32::from(c));
        }
        for shown in [
            "evil\\u{202e}txt.exe\\u{2066}.txt",
            "Title\\u{202e}x",
            "Rose <mark ",
            ">\\u{202e}5 percent<span class=\"val-inline\">",
            "</mark>\\u{2067} today.",
            "The \\u{202e}Agency",
            "<code>id\\u{202e}</code>",
            "data-rule=\"r\\u{202e}/x\"",
            "today.</span>\\u{200f}\\u{2066}",
            "published <bdi>2025\\u{202e}-01</bdi>",
            "\"text\":\"\\u202e5 percent\"",
        ] {
            assert!(page.contains(shown), "{shown} not in the page");
        }
        // The JSON reads back the record's text.
        assert_eq!(
            script(&p.page(1), "claimscan-facts")[0]["text"],
            "\u{202E}5 percent"
        );
        assert!(index.contains("<title>claimscan review: 2 documents</title>"));
        assert!(page.contains("bdi { unicode-bidi: isolate; }"));
    }
}
