//! Main-article extraction from a saved news page.
//!
//! [`extract`] parses an HTML page (with `scraper`, which is html5ever: the WHATWG parsing algorithm, so any
//! input parses and entities are decoded) and returns an [`HtmlArticle`]: the title, the publication date as
//! written in the page, and the article's text as [`HtmlBlock`]s in document order. Everything around the
//! article (navigation, "most read" lists, adverts, share buttons, newsletter boxes, comments, footers) is left
//! out, so the claims found later are the article's claims, not the site's.
//!
//! # How the article is found
//!
//! The rules are readability's, kept small enough to explain:
//!
//! 1. **Never read** `script`, `style`, `noscript`, `template`, `svg`, `math`, `nav`, `footer`, `aside`,
//!    `form`, `button`, `iframe`, media and form controls, `figcaption` (a caption describes a picture and often
//!    carries a photo credit, whose agency name would become a spurious organization), a `header` outside the
//!    article, and anything `hidden` or `aria-hidden="true"`.
//! 2. **Drop boilerplate by name**: an element whose `class`, `id`, `role` or `aria-label` holds a word such as
//!    `nav`, `menu`, `breadcrumb`, `sidebar`, `related`, `promo`, `ad`/`ads`/`advert`, `sponsor`, `share`,
//!    `social`, `newsletter`, `subscribe`, `comment`, `cookie`, `banner`, or a phrase such as `most-read`,
//!    `trending`, `read-more`, `skip-link`. Names are split into words at punctuation and camelCase
//!    (`header-ad` and `shareButtons` match; `shadow` and `addresses` do not). A word after `has`, `with` or
//!    `no` describes the page, not the element (`has-sidebar`), so it does not count. `html`, `body` and
//!    `main` are never dropped this way.
//! 3. **Choose the container**: the `<article>` with the most paragraph text; else the first `<main>` or
//!    `[role=main]`; else the element whose direct `<p>` children hold the most text; else `<body>`.
//! 4. **Cut it into blocks** the way a browser lays out block boxes: `h1`–`h6` are headings, `li` list items,
//!    `blockquote` a quote (its inner paragraphs are quotes too), a `tr` one row with its cells joined by
//!    `" | "`, and `p`, `pre`, `div` and other block elements paragraphs. Inline elements are read as their
//!    text with nothing added (`21<sup>st</sup>` is `21st`), `<br>` is a space, and whitespace runs become one
//!    space. A table row whose cells hold headings, lists, tables or several paragraphs is page layout, not
//!    data, so its cells are read as ordinary blocks.
//! 5. **Tidy**: blocks that are exactly boilerplate ("Share", "Advertisement", "Skip to content"…) are dropped,
//!    and so is a repeat of the headline. Bylines and datelines stay: a later stage decides about them.
//!
//! Walking the tree uses explicit stacks, never recursion, so a page of 10,000 nested `<div>`s is fine.
//!
//! # Example
//!
//! ```
//! use claimscan::html::{self, HtmlBlockKind, HtmlDateSource};
//!
//! let page = r#"<!doctype html><html><head>
//!   <meta property="article:published_time" content="2025-03-04T09:30:00Z">
//!   <title>Rates held | Daily Ledger</title></head>
//! <body><nav><a href="/">Home</a></nav>
//! <article><h1>Rates held</h1><p>The bank kept its rate at 4.5<span>%</span>.</p>
//! <div class="share">Share</div></article></body></html>"#;
//! assert!(html::looks_like_html(page));
//! let article = html::extract(page);
//! assert_eq!(article.title.as_deref(), Some("Rates held"));
//! assert_eq!(
//!     article.date,
//!     Some(("2025-03-04T09:30:00Z".to_string(), HtmlDateSource::PublishedTime))
//! );
//! assert_eq!(article.blocks[0].kind, HtmlBlockKind::Heading);
//! assert_eq!(article.text(), "Rates held\n\nThe bank kept its rate at 4.5%.\n");
//! ```

use scraper::node::Element;
use scraper::{ElementRef, Html, Node};

/// What a block of extracted text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HtmlBlockKind {
    /// A heading, `h1` to `h6`.
    Heading,
    /// Running text: a `p`, a `pre`, a `div` that holds text, or text directly in the container.
    Paragraph,
    /// A list item, `li`.
    ListItem,
    /// A `blockquote`, or a paragraph inside one.
    Quote,
    /// A table row, `tr`, its non-empty cells joined by `" | "`.
    TableRow,
}

/// One block of the article's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HtmlBlock {
    /// What the block is.
    pub kind: HtmlBlockKind,
    /// The block's text: whitespace runs collapsed to one space, trimmed, never empty, never a `'\n'`.
    pub text: String,
}

/// Where an [`HtmlArticle`]'s date was found. [`extract`] tries them in this order and keeps the first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HtmlDateSource {
    /// `<meta property="article:published_time" content="…">` (Open Graph).
    PublishedTime,
    /// `"datePublished"` in a `<script type="application/ld+json">` block (schema.org).
    JsonLd,
    /// The `datetime` attribute of the first `<time>` inside the article.
    TimeElement,
    /// `<meta name="date" content="…">` or a sibling name: `dc.date`, `dc.date.issued`, `dcterms.issued`,
    /// `pubdate`, `publish-date`, `publication_date`…
    MetaDate,
}

/// The main article of a page, as [`extract`] finds it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HtmlArticle {
    /// The headline: `og:title`, else the article's first `<h1>`, else `<title>` without a trailing
    /// `" | Site"` or `" - Site"` part. Whitespace collapsed.
    pub title: Option<String>,
    /// The publication date exactly as the page writes it (trimmed), e.g. `"2025-03-04T10:00:00-05:00"`,
    /// and where it was found: the first of the [`HtmlDateSource`]s, in their order.
    pub date: Option<(String, HtmlDateSource)>,
    /// The article's text, in document order.
    pub blocks: Vec<HtmlBlock>,
}

impl HtmlArticle {
    /// The blocks' text joined by blank lines (`"\n\n"`), with a final `"\n"`; empty when there are no blocks.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&block.text);
            out.push('\n');
        }
        out
    }
}

/// Whether `text` looks like an HTML page rather than plain text or Markdown.
///
/// After an optional byte-order mark and whitespace, the text starts with `<!doctype html` or `<html`, or its
/// first kilobyte holds a `<head>` or `<body>` tag (attributes allowed; `<header>` does not count). Case is
/// ignored. A Markdown file that quotes `<body>` near its top is misread; that is the price of a cheap sniff.
pub fn looks_like_html(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).trim_start();
    let bytes = text.as_bytes();
    let head = &bytes[..bytes.len().min(1024)];
    starts_with_ignore_case(head, b"<!doctype html")
        || starts_with_tag(head, b"html")
        || (0..head.len()).any(|i| {
            head[i] == b'<'
                && (starts_with_tag(&head[i..], b"head") || starts_with_tag(&head[i..], b"body"))
        })
}

/// Whether `bytes` starts with `<name` followed by `>`, whitespace or `/` (so `<head` is not `<header`).
fn starts_with_tag(bytes: &[u8], name: &[u8]) -> bool {
    bytes.first() == Some(&b'<')
        && starts_with_ignore_case(&bytes[1..], name)
        && bytes
            .get(1 + name.len())
            .is_none_or(|&b| b == b'>' || b == b'/' || b.is_ascii_whitespace())
}

fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes.len() >= prefix.len() && bytes[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Extracts the main article of an HTML page. Never panics; any input gives an article, perhaps empty.
pub fn extract(html: &str) -> HtmlArticle {
    let doc = Html::parse_document(html);
    let head = read_head(&doc);
    let container = choose_container(&doc);
    let body = read_blocks(container);

    let title = head.og_title.or_else(|| body.first_h1.clone()).or_else(|| {
        head.title
            .as_deref()
            .map(strip_site_suffix)
            .filter(|t| !t.is_empty())
    });

    let date = head
        .published_time
        .map(|d| (d, HtmlDateSource::PublishedTime))
        .or_else(|| {
            head.json_ld
                .iter()
                .find_map(|s| json_ld_date(s))
                .map(|d| (d, HtmlDateSource::JsonLd))
        })
        .or_else(|| body.time.map(|d| (d, HtmlDateSource::TimeElement)))
        .or_else(|| head.meta_date.map(|d| (d, HtmlDateSource::MetaDate)));

    // The headline often appears twice (a visually hidden copy, or a "sticky" header repeating it): keep the
    // first block that reads as the headline, drop later ones.
    let headlines: Vec<&str> = title
        .iter()
        .chain(body.first_h1.iter())
        .map(String::as_str)
        .collect();
    let mut seen: Vec<&str> = Vec::new();
    let mut blocks = Vec::with_capacity(body.blocks.len());
    for block in body.blocks {
        if let Some(&h) = headlines.iter().find(|&&h| h == block.text) {
            if seen.contains(&h) {
                continue;
            }
            seen.push(h);
        }
        blocks.push(block);
    }

    HtmlArticle {
        title,
        date,
        blocks,
    }
}

// ---------------------------------------------------------------------------------------------------------
// The page's metadata.

/// What the page says about itself, outside the article text.
#[derive(Default)]
struct Head {
    og_title: Option<String>,
    title: Option<String>,
    published_time: Option<String>,
    meta_date: Option<String>,
    json_ld: Vec<String>,
}

/// `<meta name>` values (lowercased) that carry a publication date, in the spellings sites use.
const META_DATE_NAMES: &[&str] = &[
    "date",
    "dc.date",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.date",
    "dcterms.issued",
    "dcterms.created",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "publication-date",
    "article.published",
    "article_date_original",
    "sailthru.date",
    "parsely-pub-date",
];

fn read_head(doc: &Html) -> Head {
    let mut head = Head::default();
    // Metadata lives in <head>, but html5ever moves stray tags and pages put JSON-LD in <body>, so look at
    // every element (an iterative pre-order walk).
    for el in doc.root_element().descendent_elements() {
        let e = el.value();
        match e.name() {
            "meta" => {
                let Some(content) = e.attr("content").map(str::trim).filter(|c| !c.is_empty())
                else {
                    continue;
                };
                // Sites mix up `property` (Open Graph's attribute) and `name`; accept either for both.
                for key in [e.attr("property"), e.attr("name"), e.attr("itemprop")]
                    .into_iter()
                    .flatten()
                {
                    let key = key.trim().to_ascii_lowercase();
                    if key == "og:title" && head.og_title.is_none() {
                        head.og_title = Some(collapse(content)).filter(|t| !t.is_empty());
                    } else if key == "article:published_time" && head.published_time.is_none() {
                        head.published_time = Some(content.to_string());
                    } else if (META_DATE_NAMES.contains(&key.as_str()) || key == "datepublished")
                        && head.meta_date.is_none()
                    {
                        head.meta_date = Some(content.to_string());
                    }
                }
            }
            "title" if head.title.is_none() => {
                let text = collapse(&el.text().collect::<String>());
                if !text.is_empty() {
                    head.title = Some(text);
                }
            }
            "script" => {
                let ty = e.attr("type").unwrap_or("").trim().to_ascii_lowercase();
                if ty.starts_with("application/ld+json") {
                    head.json_ld.push(el.text().collect());
                }
            }
            _ => {}
        }
    }
    head
}

/// `"Post title | The Blog"` → `"Post title"`: drops the part after the last `" | "`, `" - "`, `" – "` or
/// `" — "`, where sites put their name.
fn strip_site_suffix(title: &str) -> String {
    [" | ", " - ", " – ", " — "]
        .iter()
        .filter_map(|sep| title.rfind(sep))
        .max()
        .map(|at| title[..at].trim_end())
        .filter(|t| !t.is_empty())
        .unwrap_or(title)
        .to_string()
}

/// The first `datePublished` string in a JSON-LD block (objects, arrays and `@graph` alike). Pages often
/// ship JSON-LD that is not quite JSON (trailing commas, a comment wrapper), so when parsing fails the raw
/// text is scanned for `"datePublished": "…"` instead.
fn json_ld_date(script: &str) -> Option<String> {
    match serde_json::from_str::<serde_json::Value>(script.trim()) {
        Ok(value) => find_date_published(&value),
        Err(_) => scan_date_published(script),
    }
}

/// Depth-first search; serde_json refuses input nested deeper than 128, which bounds the recursion.
fn find_date_published(value: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let own = match map.get("datePublished") {
                Some(Value::String(s)) => Some(s.as_str()),
                Some(Value::Array(items)) => items.iter().find_map(Value::as_str),
                _ => None,
            };
            own.map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .or_else(|| map.values().find_map(find_date_published))
        }
        Value::Array(items) => items.iter().find_map(find_date_published),
        _ => None,
    }
}

fn scan_date_published(script: &str) -> Option<String> {
    let key = "\"datePublished\"";
    let mut rest = script;
    while let Some(at) = rest.find(key) {
        rest = &rest[at + key.len()..];
        // `"datePublished"` can also appear as a value (`"name": "datePublished"`); then look further.
        if let Some(after_colon) = rest.trim_start().strip_prefix(':')
            && let Some(value) = after_colon.trim_start().strip_prefix('"')
            && let Some(end) = value.find('"')
        {
            let value = value[..end].trim();
            if !value.is_empty() {
                return Some(value.to_string());
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------------------
// What to skip.

/// Elements that never hold article text: code, styling, media, forms, and the page's own furniture.
const SKIP_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "math",
    "nav",
    "footer",
    "aside",
    "form",
    "button",
    "iframe",
    "figcaption",
    "select",
    "option",
    "textarea",
    "input",
    "object",
    "embed",
    "video",
    "audio",
    "canvas",
    "dialog",
    "head",
    "link",
    "meta",
];

/// Words of a `class`, `id`, `role` or `aria-label` that mark an element as not article text.
const BOILERPLATE_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "menubar",
    "breadcrumb",
    "breadcrumbs",
    "footer",
    "sidebar",
    "related",
    "trending",
    "promo",
    "promotion",
    "advert",
    "adverts",
    "advertisement",
    "advertising",
    "ad",
    "ads",
    "adslot",
    "sponsor",
    "sponsored",
    "share",
    "sharing",
    "sharebar",
    "social",
    "newsletter",
    "subscribe",
    "subscription",
    "comment",
    "comments",
    "cookie",
    "cookies",
    "consent",
    "banner",
    "mostread",
    "mostpopular",
    "readmore",
    "skiplink",
    // ARIA landmark roles for the same furniture: <div role="contentinfo"> is a footer.
    "contentinfo",
    "complementary",
    "search",
];

/// Two-word phrases that mark boilerplate where neither word alone does ("read" and "most" are innocent).
const BOILERPLATE_PHRASES: &[(&str, &str)] = &[
    ("most", "read"),
    ("most", "popular"),
    ("most", "viewed"),
    ("most", "shared"),
    ("read", "more"),
    ("skip", "link"),
    ("skip", "to"),
];

/// Words after which the next word describes what the page has, not what the element is (`has-sidebar`).
const FEATURE_PREFIXES: &[&str] = &["has", "with", "no", "without"];

/// Splits a class/id/label into lowercase words at anything not alphanumeric and at camelCase humps:
/// `"shareButtons header-ad"` → `share`, `buttons`, `header`, `ad`.
fn name_words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Whether a class/id/role/label names page furniture (see [`BOILERPLATE_WORDS`] and the module docs).
fn is_boilerplate_name(name: &str) -> bool {
    let words = name_words(name);
    words.iter().enumerate().any(|(i, w)| {
        let after_feature = i > 0 && FEATURE_PREFIXES.contains(&words[i - 1].as_str());
        let phrase = words
            .get(i + 1)
            .is_some_and(|next| BOILERPLATE_PHRASES.contains(&(w.as_str(), next.as_str())));
        !after_feature && (BOILERPLATE_WORDS.contains(&w.as_str()) || phrase)
    })
}

/// Whether to leave `e` and everything inside it out. `in_article` says whether an `<article>` or `<main>`
/// (or the chosen container) encloses it: a `<header>` there is the article's own and holds its headline.
fn is_skipped(e: &Element, in_article: bool) -> bool {
    let name = e.name();
    if SKIP_TAGS.contains(&name) || (name == "header" && !in_article) {
        return true;
    }
    if e.attr("hidden").is_some()
        || e.attr("aria-hidden")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return true;
    }
    // The page's outer frame is never furniture, whatever its classes say (`<body class="has-ads">`).
    if matches!(name, "html" | "body" | "main") {
        return false;
    }
    ["class", "id", "role", "aria-label"]
        .iter()
        .filter_map(|a| e.attr(a))
        .any(is_boilerplate_name)
}

/// Elements that start a new block; all others are inline and run into the text around them.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "legend"
            | "li"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
    )
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

fn is_landmark(e: &Element) -> bool {
    e.name() == "article" || is_main(e)
}

fn is_main(e: &Element) -> bool {
    e.name() == "main"
        || e.attr("role")
            .is_some_and(|r| r.trim().eq_ignore_ascii_case("main"))
}

/// Non-whitespace bytes of a text node: the measure of "how much text" for choosing the container.
fn text_weight(text: &str) -> usize {
    text.split_whitespace().map(str::len).sum()
}

// ---------------------------------------------------------------------------------------------------------
// Choosing the container.

/// An open element in [`choose_container`]'s walk.
struct ScoreFrame<'a, I> {
    el: ElementRef<'a>,
    children: I,
    /// Text weight of this element's direct `<p>` children so far (readability's score).
    direct_p: usize,
    /// For a `<p>`: its own text weight so far.
    own_p: usize,
    /// The running totals when this element opened, to measure an `<article>` by difference.
    p_at_open: usize,
    text_at_open: usize,
}

/// Picks the element holding the article (see the module docs, rule 3), in one pass over the page.
fn choose_container(doc: &Html) -> ElementRef<'_> {
    let root = doc.root_element();
    // Best <article> by (paragraph text, all text); first wins ties.
    let mut best_article: Option<(ElementRef, usize, usize)> = None;
    let mut first_main: Option<ElementRef> = None;
    let mut best_p_parent: Option<(ElementRef, usize)> = None;
    let mut body: Option<ElementRef> = None;
    // Running totals of text inside <p>s and of all text, over the walk so far.
    let (mut p_total, mut text_total) = (0usize, 0usize);
    let mut landmarks = 0usize;
    // Stack indices of the open <p>s (a <p> can hold a table holding a <p>); text counts for the innermost.
    let mut open_p: Vec<usize> = Vec::new();

    let mut stack = vec![ScoreFrame {
        el: root,
        children: root.children(),
        direct_p: 0,
        own_p: 0,
        p_at_open: 0,
        text_at_open: 0,
    }];
    while let Some(top) = stack.last_mut() {
        let Some(node) = top.children.next() else {
            let frame = stack.pop().expect("the stack is not empty");
            let e = frame.el.value();
            if is_landmark(e) {
                landmarks -= 1;
            }
            let (p_text, text) = (p_total - frame.p_at_open, text_total - frame.text_at_open);
            if e.name() == "p" {
                open_p.pop();
                if let Some(parent) = stack.last_mut() {
                    parent.direct_p += frame.own_p;
                }
            } else if frame.direct_p > best_p_parent.map_or(0, |(_, s)| s) {
                best_p_parent = Some((frame.el, frame.direct_p));
            }
            if e.name() == "article"
                && text > 0
                && best_article.is_none_or(|(_, bp, bt)| (p_text, text) > (bp, bt))
            {
                best_article = Some((frame.el, p_text, text));
            }
            if is_main(e) && text > 0 && first_main.is_none() {
                first_main = Some(frame.el);
            }
            continue;
        };
        match node.value() {
            Node::Text(t) => {
                let weight = text_weight(t);
                text_total += weight;
                if let Some(&p) = open_p.last() {
                    p_total += weight;
                    stack[p].own_p += weight;
                }
            }
            Node::Element(e) => {
                if is_skipped(e, landmarks > 0) {
                    continue;
                }
                let Some(el) = ElementRef::wrap(node) else {
                    continue;
                };
                if e.name() == "body" && body.is_none() {
                    body = Some(el);
                }
                if is_landmark(e) {
                    landmarks += 1;
                }
                if e.name() == "p" {
                    open_p.push(stack.len());
                }
                stack.push(ScoreFrame {
                    el,
                    children: node.children(),
                    direct_p: 0,
                    own_p: 0,
                    p_at_open: p_total,
                    text_at_open: text_total,
                });
            }
            _ => {}
        }
    }
    best_article
        .map(|(el, _, _)| el)
        .or(first_main)
        .or(best_p_parent.map(|(el, _)| widen_to_headline(el)))
        .or(body)
        .unwrap_or(root)
}

/// A blog's text body (`div.entry-content`) usually sits just below the element that also holds its
/// headline; when the paragraphs' parent has no `<h1>` but its own parent does, take the parent, so the
/// headline and byline come along. One level only: further up lies the site's masthead.
fn widen_to_headline(el: ElementRef<'_>) -> ElementRef<'_> {
    let has_h1 = |e: ElementRef<'_>| e.descendent_elements().any(|d| d.value().name() == "h1");
    match el.parent().and_then(ElementRef::wrap) {
        Some(parent)
            if !matches!(parent.value().name(), "html" | "body")
                && !has_h1(el)
                && has_h1(parent) =>
        {
            parent
        }
        _ => el,
    }
}

// ---------------------------------------------------------------------------------------------------------
// Cutting the container into blocks.

/// What the container holds: its blocks, its first `<h1>`, and its first `<time datetime>`.
struct Body {
    blocks: Vec<HtmlBlock>,
    first_h1: Option<String>,
    time: Option<String>,
}

/// What to do when an element of [`read_blocks`]'s walk closes.
#[derive(Clone, Copy)]
enum Close {
    /// Nothing: an inline element.
    Inline,
    /// End the block it opened and return to the enclosing block's kind.
    Block,
    /// A block element inside a data row: its text is part of the cell, set off by a space.
    Space,
    /// End a table cell.
    Cell,
    /// End a data row: emit it as one [`HtmlBlockKind::TableRow`].
    Row,
}

/// An open element in [`read_blocks`]'s walk.
struct BlockFrame<I> {
    children: I,
    close: Close,
    landmark: bool,
}

/// An open block: the kind its text takes, and whether it is an `<h1>` (for the title).
#[derive(Clone, Copy)]
struct Context {
    kind: HtmlBlockKind,
    h1: bool,
}

/// Collects inline text and turns it into blocks at block boundaries.
struct Builder {
    blocks: Vec<HtmlBlock>,
    contexts: Vec<Context>,
    /// Inline text since the last boundary, not yet collapsed.
    pending: String,
    /// The cells of the data row being read, if any.
    row: Option<Vec<String>>,
    first_h1: Option<String>,
    time: Option<String>,
}

impl Builder {
    /// Ends the current run of inline text: it becomes a block of the enclosing kind unless it is empty or
    /// boilerplate.
    fn flush(&mut self) {
        let text = collapse(&self.pending);
        self.pending.clear();
        if text.is_empty() || is_boilerplate_text(&text) {
            return;
        }
        let context = self.contexts.last().copied().unwrap_or(Context {
            kind: HtmlBlockKind::Paragraph,
            h1: false,
        });
        if context.h1 && self.first_h1.is_none() {
            self.first_h1 = Some(text.clone());
        }
        self.blocks.push(HtmlBlock {
            kind: context.kind,
            text,
        });
    }

    fn end_cell(&mut self) {
        let text = collapse(&self.pending);
        self.pending.clear();
        if let Some(cells) = &mut self.row
            && !text.is_empty()
        {
            cells.push(text);
        }
    }

    /// Opens element `el` and says what its closing does.
    fn open(&mut self, el: ElementRef<'_>) -> Close {
        let name = el.value().name();
        if self.row.is_some() {
            return match name {
                "td" | "th" => {
                    self.end_cell();
                    Close::Cell
                }
                _ if is_block(name) => {
                    self.pending.push(' ');
                    Close::Space
                }
                _ => Close::Inline,
            };
        }
        if name == "tr" && !is_layout_row(el) {
            self.flush();
            self.row = Some(Vec::new());
            return Close::Row;
        }
        if !is_block(name) {
            return Close::Inline;
        }
        self.flush();
        let inherited = self
            .contexts
            .last()
            .map_or(HtmlBlockKind::Paragraph, |c| c.kind);
        let kind = match name {
            _ if is_heading(name) => HtmlBlockKind::Heading,
            "li" => HtmlBlockKind::ListItem,
            "blockquote" => HtmlBlockKind::Quote,
            // A paragraph inside a list item or a quote is part of it.
            _ => inherited,
        };
        self.contexts.push(Context {
            kind,
            h1: name == "h1",
        });
        Close::Block
    }

    fn close(&mut self, close: Close) {
        match close {
            Close::Inline => {}
            Close::Block => {
                self.flush();
                self.contexts.pop();
            }
            Close::Space => self.pending.push(' '),
            Close::Cell => self.end_cell(),
            Close::Row => {
                self.end_cell();
                let cells = self.row.take().unwrap_or_default();
                if !cells.is_empty() {
                    self.blocks.push(HtmlBlock {
                        kind: HtmlBlockKind::TableRow,
                        text: cells.join(" | "),
                    });
                }
            }
        }
    }
}

/// Whether a `<tr>` lays out the page rather than holding data: one of its cells holds a heading, a list, a
/// table, a quote or more than one paragraph. Old government sites put whole articles in such cells.
fn is_layout_row(tr: ElementRef<'_>) -> bool {
    tr.child_elements().any(|cell| {
        let mut paragraphs = 0;
        cell.descendent_elements().skip(1).any(|d| {
            let name = d.value().name();
            if matches!(name, "p" | "div" | "pre" | "section" | "article") {
                paragraphs += 1;
            }
            paragraphs > 1
                || is_heading(name)
                || matches!(name, "table" | "ul" | "ol" | "dl" | "blockquote")
        })
    })
}

/// Walks `container` (iteratively) and cuts its text into blocks (module docs, rule 4).
fn read_blocks(container: ElementRef<'_>) -> Body {
    let mut b = Builder {
        blocks: Vec::new(),
        contexts: Vec::new(),
        pending: String::new(),
        row: None,
        first_h1: None,
        time: None,
    };
    let outer = matches!(container.value().name(), "html" | "body");
    // Inside a chosen container other than the whole page, a <header> is the article's.
    let mut landmarks = usize::from(!outer);
    let close = b.open(container);
    let mut stack = vec![BlockFrame {
        children: container.children(),
        close,
        landmark: false,
    }];
    while let Some(top) = stack.last_mut() {
        let Some(node) = top.children.next() else {
            let frame = stack.pop().expect("the stack is not empty");
            if frame.landmark {
                landmarks -= 1;
            }
            b.close(frame.close);
            continue;
        };
        match node.value() {
            Node::Text(t) => b.pending.push_str(t),
            Node::Element(e) => {
                let name = e.name();
                if name == "br" {
                    b.pending.push(' ');
                    continue;
                }
                if is_skipped(e, landmarks > 0) {
                    // A skipped block still separates the text before it from the text after it.
                    if is_block(name) {
                        if b.row.is_some() {
                            b.pending.push(' ');
                        } else {
                            b.flush();
                        }
                    }
                    continue;
                }
                let Some(el) = ElementRef::wrap(node) else {
                    continue;
                };
                if name == "time" && b.time.is_none() {
                    b.time = e
                        .attr("datetime")
                        .map(str::trim)
                        .filter(|d| !d.is_empty())
                        .map(str::to_string);
                }
                let landmark = is_landmark(e);
                if landmark {
                    landmarks += 1;
                }
                let close = b.open(el);
                stack.push(BlockFrame {
                    children: node.children(),
                    close,
                    landmark,
                });
            }
            _ => {}
        }
    }
    Body {
        blocks: b.blocks,
        first_h1: b.first_h1,
        time: b.time,
    }
}

// ---------------------------------------------------------------------------------------------------------
// Text.

/// Collapses whitespace runs (Unicode whitespace, so no-break spaces too) to one space and trims. Soft hyphens
/// are removed: invisible, they would split words for the matchers.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().filter(|&c| c != '\u{ad}'));
    }
    out
}

/// Blocks that are only a widget's label, whatever element holds them. Compared without case and without a
/// trailing colon or ellipsis.
const BOILERPLATE_TEXT: &[&str] = &[
    "share",
    "share this",
    "share this article",
    "share this story",
    "share this page",
    "share on facebook",
    "share on twitter",
    "share on x",
    "share on linkedin",
    "advertisement",
    "advert",
    "sponsored",
    "skip to content",
    "skip to main content",
    "skip to navigation",
    "read more",
    "continue reading",
    "back to top",
    "print",
    "email",
];

fn is_boilerplate_text(text: &str) -> bool {
    let t = text.trim_end_matches([':', '…', '.', ' ']).to_lowercase();
    BOILERPLATE_TEXT.contains(&t.as_str())
}
