//! The review page: one self-contained HTML document (see the [module docs](super) for what it holds).

use std::collections::HashMap;
use std::fmt::{self, Write as _};

use super::{
    Claim, Doc, Fact, Layout, ReviewDoc, joined, location, parse, place_in_claim, plural, summary,
};
use crate::model::names;
use crate::model::span::ByteSpan;
use crate::model::value::{ClaimKind, FactType};
use crate::record::Role;

/// Escapes text for HTML element content and quoted attribute values. Bidi controls
/// ([`names::is_bidi_control`]) are written as visible `\u{202e}` escapes: raw, one could reverse the text
/// after it (a path, a claim, the rest of a tooltip) and make the page say what the record does not.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    esc_into(&mut out, s);
    out
}

fn esc_into(out: &mut String, s: &str) {
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if names::is_bidi_control(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            _ => out.push(ch),
        }
    }
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

/// The largest review page [`html_within`] is asked to write by the binary: 64 MB of HTML.
///
/// A page holds every article whole, so it grows with the corpus (about 40 kB a document): 5,000 documents
/// make some 200 MB, which browsers load slowly or not at all. Until pages are split, a larger page is refused
/// with a message that gives the limit and how many records fit on a page.
pub const PAGE_MAX: usize = 64_000_000;

/// Above this size (16 MB) a page is written, with a warning ([`size_warning`]) that it may open slowly.
pub const PAGE_WARN: usize = 16_000_000;

/// A page that would pass its size limit (see [`PAGE_MAX`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageTooLarge {
    /// The limit, in bytes of HTML.
    pub max: usize,
    /// Documents asked for.
    pub documents: usize,
    /// How many of them fit on a page under the limit (the documents before the one that passed it).
    pub fit: usize,
}

impl fmt::Display for PageTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mb = self.max / 1_000_000;
        write!(
            f,
            "the review page for {} would be larger than {mb} MB of HTML, more than a browser opens well",
            plural(self.documents, "document", "documents")
        )?;
        if self.documents == 1 {
            write!(f, "; that one document alone passes the limit")
        } else if self.fit == 0 {
            write!(f, "; put far fewer records on each page")
        } else {
            write!(
                f,
                "; put fewer records on each page: at most about {fit} (name fewer record files or --out \
                 folders, or split a JSON Lines file, e.g. `split -l {fit} records.jsonl part-`, and review \
                 each part)",
                fit = self.fit
            )
        }
    }
}

impl std::error::Error for PageTooLarge {}

/// A warning for a page of `bytes` bytes above [`PAGE_WARN`], or `None`.
pub fn size_warning(bytes: usize) -> Option<String> {
    (bytes > PAGE_WARN).then(|| {
        format!(
            "the page is {:.1} MB: browsers may open it slowly (fewer records per page make smaller pages; \
             pages over {} MB are refused)",
            bytes as f64 / 1e6,
            PAGE_MAX / 1_000_000
        )
    })
}

/// One self-contained HTML page (no network; inline CSS and JS) for any number of documents, however large;
/// [`html_within`] stops at a size.
pub fn html(docs: &[ReviewDoc]) -> String {
    html_within(docs, usize::MAX).expect("no page passes usize::MAX bytes")
}

/// [`html`], or an error as soon as the page passes `max` bytes (before the rest is built).
pub fn html_within(docs: &[ReviewDoc], max: usize) -> Result<String, PageTooLarge> {
    let docs: Vec<Doc> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| parse(i + 1, d))
        .collect();
    let (types, kinds) = (&FactType::ALL, &ClaimKind::ALL);
    let mut out = String::with_capacity(64 * 1024);
    let title = match docs.as_slice() {
        [one] => format!("claimscan review: {}", one.heading()),
        many => format!(
            "claimscan review: {}",
            plural(many.len(), "document", "documents")
        ),
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"claimscan {}\">\n<title>{}</title>\n<style>\n{}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        esc(&title),
        CSS,
    );
    filters(&mut out, &docs, types, kinds);
    out.push_str("<main>\n");
    summary_section(&mut out, &docs, types);
    const END: [&str; 3] = ["</main>\n<script>\n", JS, "</script>\n</body>\n</html>\n"];
    let end: usize = END.iter().map(|s| s.len()).sum();
    for (i, d) in docs.iter().enumerate() {
        document(&mut out, d, types);
        if out.len().saturating_add(end) > max {
            // The documents before this one fit, with the end of the page (and a shorter summary table).
            return Err(PageTooLarge {
                max,
                documents: docs.len(),
                fit: i,
            });
        }
    }
    for part in END {
        out.push_str(part);
    }
    Ok(out)
}

fn filters(out: &mut String, docs: &[Doc], types: &[FactType], kinds: &[ClaimKind]) {
    out.push_str(
        "<header class=\"top\">\n<h1>claimscan review</h1>\n\
         <nav class=\"filters\" aria-label=\"Filters and legend\">\n\
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
         <noscript><p class=\"noscript\">Filtering needs JavaScript; every fact is shown.</p></noscript>\n\
         </nav>\n</header>\n",
    );
}

fn summary_section(out: &mut String, docs: &[Doc], types: &[FactType]) {
    let claims: usize = docs.iter().map(|d| d.claims.len()).sum();
    let facts: usize = docs.iter().map(|d| d.facts().count()).sum();
    let _ = write!(
        out,
        "<section id=\"summary\" aria-labelledby=\"summary-h\">\n<h2 id=\"summary-h\">Summary</h2>\n\
         <p class=\"totals\"><strong>{}</strong> · <strong>{}</strong> · <strong>{}</strong></p>\n\
         <div class=\"table-wrap\"><table class=\"summary\">\n<thead><tr><th scope=\"col\">Document</th>\
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
    out.push_str("<th scope=\"col\" class=\"num\">Facts</th></tr></thead>\n<tbody>\n");
    for d in docs {
        let _ = write!(
            out,
            "<tr><th scope=\"row\"><a href=\"#doc-{}\">{}</a><div class=\"path\">{}</div></th><td class=\"num\">{}</td>",
            d.n,
            esc(d.heading()),
            esc(d.path),
            d.claims.len()
        );
        for &t in types {
            let _ = write!(out, "<td class=\"num\">{}</td>", d.fact_count(t));
        }
        let _ = writeln!(out, "<td class=\"num\">{}</td></tr>", d.facts().count());
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
        let _ = writeln!(out, "<td class=\"num\">{facts}</td></tr></tfoot>");
    }
    out.push_str("</table></div>\n</section>\n");
}

fn document(out: &mut String, d: &Doc, types: &[FactType]) {
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
    match &d.layout {
        Layout::Text(_) => {}
        Layout::Claims { note: Some(note) } => {
            let _ = writeln!(out, "<p class=\"notice\">{}</p>", esc(note));
        }
        Layout::Claims { note: None } => out.push_str(
            "<p class=\"notice\">The article text is not available: each claim's sentence is shown with its \
             facts.</p>\n",
        ),
    }
    out.push_str("</header>\n");
    match &d.layout {
        Layout::Text(text) => {
            out.push_str(
                "<div class=\"doc-grid\">\n<section class=\"text-pane\" aria-label=\"Article text\">\
                 <h3>Article</h3>\n<div class=\"article-text\">",
            );
            article_text(out, d, text);
            out.push_str("</div>\n</section>\n");
            claim_list(out, d, false);
            out.push_str("</div>\n");
        }
        Layout::Claims { .. } => claim_list(out, d, true),
    }
    entity_index(out, d);
    out.push_str("</article>\n");
}

/// The whole article, each claim wrapped in a span and each fact in a mark. The layout was checked by
/// [`check_text`], so every slice below is in bounds, on character boundaries and in order.
fn article_text(out: &mut String, d: &Doc, text: &str) {
    let mut cursor = 0;
    for c in &d.claims {
        let s = c.span;
        esc_into(out, &text[cursor..s.start()]);
        let _ = write!(out, "<span class=\"claim-text\" id=\"c-{}-{}\">", d.n, c.k);
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

fn mark(out: &mut String, doc: usize, c: &Claim, f: &Fact, shown: &str) {
    let value = serde_json::to_string(f.value).unwrap_or_default();
    let pretty = serde_json::to_string_pretty(f.value).unwrap_or_default();
    let rule = if f.rule.is_empty() { "(none)" } else { f.rule };
    let _ = write!(
        out,
        "<mark class=\"fact fact-{cls}\" id=\"f-{doc}-{n}\" data-type=\"{ty}\" data-rule=\"{rule_attr}\" \
         data-kinds=\"{kinds}\" data-claim=\"c-{doc}-{k}\" tabindex=\"0\" aria-describedby=\"f-{doc}-{n}-tip\" \
         title=\"{title}\">{text}<span class=\"tip\" id=\"f-{doc}-{n}-tip\" role=\"tooltip\">\
         <span class=\"tip-head\"><span class=\"swatch t-{cls}\">{ty}</span> <span class=\"tip-rule\">rule \
         <code>{rule}</code></span></span><code class=\"tip-json\">{pretty}</code></span></mark>",
        cls = ident(f.ty.as_str()),
        n = f.n,
        k = c.k,
        ty = esc(f.ty.as_str()),
        rule_attr = esc(f.rule),
        kinds = esc(&joined(c.kinds, " ")),
        title = esc(&format!("{}: {value} (rule {rule})", f.ty)),
        text = esc(shown),
        rule = esc(rule),
        pretty = esc(&pretty),
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
            "<li class=\"claim-item\" id=\"cl-{n}-{k}\" data-kinds=\"{kinds}\" data-types=\"{types}\">\
             <div class=\"claim-head\">",
            n = d.n,
            k = c.k,
            kinds = esc(&joined(c.kinds, " ")),
            types = esc(&joined(&c.types(), " ")),
        );
        let loc = location(c.line, c.column);
        if marked {
            let _ = write!(out, "<span class=\"loc\">{loc}</span>");
        } else {
            let _ = write!(
                out,
                "<a class=\"loc\" href=\"#c-{}-{}\" title=\"Show in the article\">{loc}</a>",
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
        out.push_str("</div>\n");
        if marked {
            out.push_str("<p class=\"claim-sentence\">");
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
            let _ = writeln!(
                out,
                "<li class=\"fact-row\" data-type=\"{ty}\"><a class=\"chip t-{cls}\" href=\"#f-{n}-{fn_}\">{text}</a> \
                 <span class=\"val\">{val}</span> <code class=\"rule\">{rule}</code></li>",
                ty = esc(f.ty.as_str()),
                cls = ident(f.ty.as_str()),
                n = d.n,
                fn_ = f.n,
                text = esc(f.text),
                val = esc(&summary(f.ty, f.value)),
                rule = esc(f.rule),
            );
        }
        out.push_str("</ul>\n</li>\n");
    }
    out.push_str("</ol>\n</section>\n");
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
                        "<a href=\"#f-{}-{}\" title=\"{}\">{}</a>",
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

    /// The text shown by each `<mark>`, in page order (the tooltip is not part of it).
    fn marks(page: &str) -> Vec<String> {
        page.split("<mark ")
            .skip(1)
            .map(|rest| {
                let body = &rest[rest.find('>').unwrap() + 1..];
                body[..body.find("<span class=\"tip\"").unwrap()].to_string()
            })
            .collect()
    }

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
        // The only script element is the page's own.
        assert_eq!(page.matches("<script").count(), 1);
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
        let page = html(&[doc]);
        assert_safe(&page);
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
        let page = html(&[ReviewDoc { record, text: None }]);
        assert_safe(&page);
        assert_eq!(marks(&page), ["&lt;script&gt;alert(1)&lt;/script&gt;"]);
        // Types and kinds are closed sets of names (`FactType`, `ClaimKind`), so never markup in a class.
        assert!(page.contains("class=\"fact fact-organization\""));
    }

    #[test]
    fn every_fact_gets_exactly_one_mark() {
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
            page.contains("<div class=\"doc-grid\">"),
            "drawn on the article text"
        );
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
    fn marks_carry_type_rule_kinds_and_tooltip() {
        let doc = extract(
            "a.txt",
            "Title\n\nThe US controls 74 percent of AI compute.\n",
        );
        let page = html(&[doc]);
        assert!(page.contains(
            "<mark class=\"fact fact-percentage\" id=\"f-1-1\" data-type=\"percentage\" \
             data-rule=\"percentages/number-percent\" data-kinds=\"statistic\" data-claim=\"c-1-1\" tabindex=\"0\""
        ));
        assert!(page.contains("title=\"percentage: {&quot;amount&quot;:74.0,"));
        assert!(page.contains("role=\"tooltip\""));
        assert!(page.contains("&quot;fraction&quot;: 0.74"));
        assert!(page.contains("mark.fact:hover .tip, mark.fact:focus .tip { display: block; }"));
        for id in [
            "filter-type-date",
            "filter-type-organization",
            "filter-kind-policy",
            "filter-kind-statistic",
        ] {
            assert!(page.contains(&format!("id=\"{id}\"")), "{id}");
        }
        assert!(
            !page.contains("http://") && !page.contains("https://"),
            "no network"
        );
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
        let page = html(std::slice::from_ref(&doc));
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
                    {"type": "date", "text": "mai", "span": {"start": 3, "end": 3}, "rule": "r", "value": 7}
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
        let _ = terminal(&with_text, true);
        assert!(html(&[]).contains("0 documents"));
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
    fn summary_counts_across_documents() {
        let a = extract(
            "a.txt",
            "Title\n\nThe US controls 74 percent of AI compute.\n",
        );
        let b = extract("b.txt", "Title\n\nIt grew 5 percent in March 2025.\n");
        let page = html(&[a, b]);
        assert!(page.contains("<strong>2 documents</strong> · <strong>2 claims</strong>"));
        assert!(page.contains("<tfoot><tr><th scope=\"row\">All documents</th>"));
        assert!(page.contains("data-filter=\"type\" value=\"percentage\" checked><span class=\"swatch t-percentage\">percentage</span> <span class=\"count\">2</span>"));
    }

    #[test]
    fn bidi_controls_never_reach_the_page_raw() {
        let record = record(bidi_record());
        let text = "Rose \u{202E}5 percent\u{2067} today.\u{200F}\u{2066}";
        let page = html(&[
            ReviewDoc {
                record: record.clone(),
                text: None,
            },
            ReviewDoc {
                record,
                text: Some(text.into()),
            },
        ]);
        for c in BIDI {
            assert!(!page.contains(c), "raw U+{:04X} in the page", u32::from(c));
        }
        for shown in [
            "evil\\u{202e}txt.exe\\u{2066}.txt",
            "Title\\u{202e}x",
            "Rose <mark ",
            ">\\u{202e}5 percent<span class=\"tip\"",
            "</mark>\\u{2067} today.",
            "The \\u{202e}Agency",
            "<code>id\\u{202e}</code>",
            "data-rule=\"r\\u{202e}/x\"",
            "today.</span>\\u{200f}\\u{2066}</div>",
            "published <bdi>2025\\u{202e}-01</bdi>",
        ] {
            assert!(page.contains(shown), "{shown} not in the page");
        }
        assert!(page.contains("<title>claimscan review: 2 documents</title>"));
        assert!(page.contains("bdi { unicode-bidi: isolate; }"));
    }

    #[test]
    fn a_page_over_its_limit_is_refused_with_how_many_records_fit() {
        let doc = extract(
            "a.txt",
            "Title\n\nThe US controls 74 percent of AI compute.\n",
        );
        let docs = vec![doc; 10];
        let whole = html(&docs);
        assert_eq!(html_within(&docs, whole.len()).as_ref(), Ok(&whole));
        let e = html_within(&docs, whole.len() - 1).unwrap_err();
        assert_eq!((e.documents, e.fit), (10, 9));
        let max = usize::midpoint(html(&docs[..1]).len(), whole.len());
        let e = html_within(&docs, max).unwrap_err();
        assert_eq!(e.documents, 10);
        assert!((1..9).contains(&e.fit), "{e:?}");
        // The records it says fit do fit.
        assert!(html_within(&docs[..e.fit], max).is_ok());
        let msg = e.to_string();
        assert!(
            msg.starts_with("the review page for 10 documents would be larger than 0 MB of HTML"),
            "{msg}"
        );
        assert!(msg.contains(&format!("at most about {}", e.fit)), "{msg}");
        assert!(msg.contains("split -l"), "{msg}");
        let e = html_within(&docs[..1], 100).unwrap_err();
        assert!(
            e.to_string()
                .ends_with("that one document alone passes the limit"),
            "{e}"
        );
        let e = PageTooLarge {
            max: PAGE_MAX,
            documents: 5000,
            fit: 1600,
        };
        assert!(
            e.to_string().starts_with(
                "the review page for 5000 documents would be larger than 64 MB of HTML"
            )
        );
        assert_eq!(size_warning(PAGE_WARN), None);
        let w = size_warning(20_000_000).unwrap();
        assert!(
            w.starts_with("the page is 20.0 MB: browsers may open it slowly"),
            "{w}"
        );
        assert!(w.ends_with("pages over 64 MB are refused)"), "{w}");
    }
}
