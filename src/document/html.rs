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
//! # Resource usage
//!
//! One parse and three linear walks over the tree. Walks use explicit stacks, never recursion, so deep nesting
//! cannot overflow the stack. html5ever itself (not this module) spends time proportional to the nesting depth
//! on each start tag, so *n* nested elements cost O(*n*²): 10,000 nested `<div>`s parse in about 0.3 s in a
//! release build, 40,000 in about 7 s. Real pages nest a few dozen levels deep; a caller that takes hostile
//! input should cap its size.
//!
//! # Example
//!
//! ```
//! use claimscan::document::html::{self, HtmlBlockKind, HtmlDateSource};
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
    /// `pubdate`, `publish-date`, `publication_date`…, or `<meta itemprop="datePublished">`.
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

const HTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";

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
            // An inline SVG icon has a <title> of its own, in the SVG namespace.
            "title" if head.title.is_none() && &*e.name.ns == HTML_NAMESPACE => {
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

/// Depth-first search; `serde_json` refuses input nested deeper than 128, which bounds the recursion.
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
    // Open <article>s and <main>s; the root counts if it says `role="main"`, as its frame's closing will.
    let mut landmarks = usize::from(is_landmark(root.value()));
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

#[cfg(test)]
mod tests {
    use super::*;
    use HtmlBlockKind::*;

    const NEWS: &str = include_str!("../../tests/fixtures/html/news-site.html");
    const GOV: &str = include_str!("../../tests/fixtures/html/gov-press-release.html");
    const BLOG: &str = include_str!("../../tests/fixtures/html/blog-post.html");

    /// What a fixture must give.
    struct Fixture {
        name: &'static str,
        page: &'static str,
        title: &'static str,
        date: &'static str,
        source: HtmlDateSource,
        /// Blocks that must be there, whole, with their kind.
        blocks: &'static [(HtmlBlockKind, &'static str)],
        /// Strings that must not appear anywhere in `text()`.
        absent: &'static [&'static str],
    }

    const FIXTURES: &[Fixture] = &[
        Fixture {
            name: "news-site",
            page: NEWS,
            title: "Port authority approves $2.4 billion harbour expansion",
            date: "2025-03-04T09:30:00Z",
            source: HtmlDateSource::PublishedTime,
            blocks: &[
                (
                    Heading,
                    "Port authority approves $2.4 billion harbour expansion",
                ),
                (Paragraph, "By Dana Whitfield, Business Reporter"),
                (
                    Paragraph,
                    "NORTHPORT — The Northport Port Authority on Monday approved a $2.4 billion expansion of the \
                     east terminal, the largest capital project in the harbour’s history.",
                ),
                (
                    Paragraph,
                    "The plan adds two deep-water berths and is expected to raise container capacity by 35% by \
                     the end of 2028, according to the authority’s board papers.",
                ),
                (
                    Paragraph,
                    "Construction is due to begin on June 2, 2025, and the first berth should open in the 2nd \
                     quarter of 2027.",
                ),
                (
                    Paragraph,
                    "Freight volumes through the port rose 12.5 percent last year, to 1.8 million containers, \
                     while rail connections carried 41% of inbound cargo.",
                ),
                (
                    Quote,
                    "“This expansion keeps Northport competitive for the next thirty years,” said board chair \
                     Elena Marsh.",
                ),
                (
                    Paragraph,
                    "The federal Department of Transport has committed $600 million to the project, with the \
                     remainder financed through bonds and terminal fees.",
                ),
                (
                    Paragraph,
                    "Residents’ groups have until April 15, 2025, to lodge objections with the planning \
                     commission.",
                ),
            ],
            absent: &[
                "50% off",          // <script> promo
                "January 31, 2025", // <script> promo
                "box-shadow",       // <style>
                "Skip to content",  // skip link
                "Sport",            // header nav
                "Harbour Cruises",  // header ad
                "Advertisement",    // ad slots
                "30% off",          // ad slot
                "Most read",        // sidebar
                "Council rates",    // most-read item with a percentage and a date
                "4.2%",             // most-read item
                "newsletter",       // inline promo and signup box
                "Courier Daily",    // signup box
                "Share",            // share buttons
                "Tweet",            // share buttons
                "Photo:",           // figcaption (dropped by decision)
                "Related",          // related stories inside the article
                "dredging",         // related story
                "© 2025",           // footer
                "Privacy policy",   // footer
            ],
        },
        Fixture {
            name: "gov-press-release",
            page: GOV,
            title: "Minister announces $310 million Rural Water Security Program",
            date: "2024-10-11",
            source: HtmlDateSource::TimeElement,
            blocks: &[
                (
                    Heading,
                    "Minister announces $310 million Rural Water Security Program",
                ),
                (Paragraph, "Media release · 11 October 2024"),
                (
                    Paragraph,
                    "Under the program, the Commonwealth will meet 50 per cent of the cost of eligible projects, \
                     with states and territories contributing 25 per cent and local councils the remainder.",
                ),
                (Heading, "Measures"),
                (
                    ListItem,
                    "$120 million for on-farm water storage and efficient irrigation;",
                ),
                (
                    ListItem,
                    "$35 million for a drought research fund, with grants of up to $2 million each.",
                ),
                (Heading, "Funding by year"),
                (Paragraph, "Program funding, $ million"),
                (TableRow, "Year | Commonwealth | Share of total"),
                (TableRow, "2024–25 | 45 | 14.5%"),
                (TableRow, "2027–28 | 90 | 29.0%"),
                (
                    Paragraph,
                    "Applications for the first round open on 3 February 2025 and close on 28 March 2025. \
                     Guidelines are available from the Department of Agriculture and Water.",
                ),
                (Paragraph, "Media contact: Press Office, 02 5550 0100"),
            ],
            absent: &[
                "GTM",                            // <script>
                "December 1, 2024",               // <script> survey promo
                "Skip to main content",           // skip link
                "official website",               // government banner
                "About us",                       // header menu
                "Media centre",                   // breadcrumb inside <main>
                "Related links",                  // sidebar inside <main>
                "National Drought Plan",          // sidebar item with a year
                "November 2024",                  // sidebar item
                "Share this page",                // share bar inside <main>
                "LinkedIn",                       // share bar
                "Commonwealth of Australia 2024", // footer
                "Last updated",                   // footer
            ],
        },
        Fixture {
            name: "blog-post",
            page: BLOG,
            title: "What the new transit fare cap means for commuters",
            date: "2023-06-15T08:00:00+00:00",
            source: HtmlDateSource::JsonLd,
            blocks: &[
                (Heading, "What the new transit fare cap means for commuters"),
                (Paragraph, "Posted by Priya Raman on June 14, 2023"),
                (
                    Paragraph,
                    "The regional transit agency will cap weekly fares at $50 from July 1, 2023, a change that \
                     could save a daily commuter about $640 a year.",
                ),
                (Heading, "Who benefits most"),
                (
                    Paragraph,
                    "The cap applies to the 3rd fare zone and beyond from January 2024.",
                ),
                (
                    Paragraph,
                    "The state budget sets aside $215 million over four years to cover lost fare revenue, \
                     according to the Treasury’s budget papers.",
                ),
            ],
            absent: &[
                "Fare cap explained", // <title>, not used: the <h1> comes first
                "The Blog",           // masthead, title suffix, footer
                "Cookie",             // <script> and cookie notice
                "cookies",            // cookie notice
                "May 25, 2018",       // <script>
                "Archive",            // nav
                "Share",              // share links and a lone "Share" paragraph
                "Get new posts",      // newsletter box
                "10% off",            // newsletter box
                "Subscribe",          // newsletter form
                "comments",           // comments heading
                "30% a month",        // a comment
                "$5 parking",         // a comment
                "Trending",           // sidebar
                "15%",                // trending item
                "Copyright 2023",     // footer
            ],
        },
    ];

    #[test]
    fn fixtures() {
        for f in FIXTURES {
            let article = extract(f.page);
            let text = article.text();
            assert_eq!(article.title.as_deref(), Some(f.title), "{}: title", f.name);
            assert_eq!(
                article.date,
                Some((f.date.to_string(), f.source)),
                "{}: date",
                f.name
            );
            assert_eq!(
                article.blocks[0],
                HtmlBlock {
                    kind: Heading,
                    text: f.title.to_string()
                },
                "{}",
                f.name
            );
            for &(kind, want) in f.blocks {
                assert!(
                    article
                        .blocks
                        .iter()
                        .any(|b| b.kind == kind && b.text == want),
                    "{}: missing {kind:?} block {want:?} in\n{text}",
                    f.name
                );
            }
            for unwanted in f.absent {
                assert!(
                    !text.contains(unwanted),
                    "{}: {unwanted:?} leaked into\n{text}",
                    f.name
                );
            }
            // Blocks in document order: each wanted block comes after the one listed before it.
            let positions: Vec<usize> = f
                .blocks
                .iter()
                .map(|&(_, want)| article.blocks.iter().position(|b| b.text == want).unwrap())
                .collect();
            assert!(
                positions.is_sorted(),
                "{}: blocks out of order: {positions:?}",
                f.name
            );
            for block in &article.blocks {
                assert!(
                    !block.text.is_empty() && !block.text.contains('\n'),
                    "{}: {block:?}",
                    f.name
                );
                assert_eq!(
                    block.text,
                    collapse(&block.text),
                    "{}: whitespace in {block:?}",
                    f.name
                );
            }
            assert_eq!(
                article.blocks.iter().filter(|b| b.text == f.title).count(),
                1,
                "{}: the headline appears once",
                f.name
            );
        }
    }

    #[test]
    fn gov_press_release_block_sequence() {
        // The whole of the press release, in order: headings, list, table and all.
        let article = extract(GOV);
        let kinds: Vec<HtmlBlockKind> = article.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                Heading, Paragraph, Paragraph, Paragraph, Heading, Paragraph, ListItem, ListItem,
                ListItem, ListItem, Heading, Paragraph, TableRow, TableRow, TableRow, TableRow,
                TableRow, Heading, Paragraph, Paragraph,
            ]
        );
    }

    #[test]
    fn text_joins_blocks_with_blank_lines() {
        let article = extract("<p>One.</p><p>Two.</p>");
        assert_eq!(article.text(), "One.\n\nTwo.\n");
        assert_eq!(extract("").text(), "");
    }

    #[test]
    fn sniffing() {
        let cases: &[(&str, bool)] = &[
            ("<!DOCTYPE html><html><body>x</body></html>", true),
            ("<!doctype html>\n<p>x", true),
            ("\u{feff}  \n<!DoCtYpE HTML>", true),
            ("<html lang=\"en\">", true),
            ("<HTML>", true),
            ("<html>", true),
            (
                "<?xml version=\"1.0\"?>\n<!-- saved -->\n<head><title>x</title></head>",
                true,
            ),
            (
                "<!-- saved from url -->\n<body class=\"a\">text</body>",
                true,
            ),
            ("\n\n<div>\n<HEAD>", true),
            ("", false),
            ("   ", false),
            (
                "Plain text article.\n\nIt mentions <html> in passing.",
                false,
            ),
            ("# Markdown\n\nSome *text*.", false),
            ("<header>not a head tag</header>", false),
            ("<htmlx>", false),
            ("<!doctype xml>", false),
            ("<p>A fragment with no page around it.</p>", false),
        ];
        for &(text, want) in cases {
            assert_eq!(looks_like_html(text), want, "{text:?}");
        }
        // Only the first kilobyte is looked at.
        let late = format!("{}<body>", "x".repeat(2000));
        assert!(!looks_like_html(&late));
        // A cut inside a multi-byte character at 1 KB does not matter: the sniff works on bytes.
        assert!(!looks_like_html(&"é".repeat(1000)));
    }

    #[test]
    fn boilerplate_names_match_words_not_substrings() {
        let cases: &[(&str, bool)] = &[
            ("header-ad", true),
            ("shareButtons", true),
            ("ad", true),
            ("ads", true),
            ("ad-slot", true),
            ("AdSlot", true),
            ("site-nav", true),
            ("navigation", true),
            ("main-menu", true),
            ("breadcrumb", true),
            ("page-footer", true),
            ("sidebar", true),
            ("related-stories", true),
            ("most-read", true),
            ("mostRead", true),
            ("most_popular", true),
            ("trending-now", true),
            ("promo", true),
            ("advertisement", true),
            ("sponsored-content", true),
            ("social-icons", true),
            ("newsletter-signup", true),
            ("newsletterBox", true),
            ("subscribe", true),
            ("comment-list", true),
            ("comments", true),
            ("cookie-notice", true),
            ("govt-banner", true),
            ("skip-link", true),
            ("readMore", true),
            ("read-more", true),
            ("Share this article", true),
            ("contentinfo", true),
            // Not boilerplate: the word is only a substring, or innocent on its own.
            ("shadow", false),
            ("addresses", false),
            ("address", false),
            ("header", false),
            ("story-body", false),
            ("entry-content", false),
            ("leaderboard", false),
            ("badge", false),
            ("loading", false),
            ("thread", false),
            ("readable", false),
            ("most", false),
            ("read", false),
            ("navy", false),
            ("menus-of-the-week", false),
            ("shared-prosperity", false),
            ("commentary", false),
            // A feature of the page, not the element.
            ("has-sidebar", false),
            ("with-comments", false),
            ("no-ads", false),
            ("", false),
        ];
        for &(name, want) in cases {
            assert_eq!(
                is_boilerplate_name(name),
                want,
                "{name:?}: words {:?}",
                name_words(name)
            );
        }
    }

    #[test]
    fn boilerplate_names_in_a_page() {
        let page = r#"<article>
            <p class="shadow">Kept: a shadow box.</p>
            <div class="addresses">Kept: 10 Main Street.</div>
            <div class="header-ad">Dropped: ad.</div>
            <div class="shareButtons"><a>Dropped: share.</a></div>
            <div id="most-read">Dropped: most read.</div>
            <div role="navigation">Dropped: role.</div>
            <div aria-label="Advertisement">Dropped: label.</div>
            <p hidden>Dropped: hidden.</p>
            <p aria-hidden="true">Dropped: aria-hidden.</p>
            <p>Kept: body text.</p>
        </article>"#;
        let text = extract(page).text();
        assert_eq!(
            text,
            "Kept: a shadow box.\n\nKept: 10 Main Street.\n\nKept: body text.\n"
        );
    }

    #[test]
    fn title_fallbacks() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                r#"<meta property="og:title" content="  OG  title "><title>T | S</title><h1>H</h1>"#,
                Some("OG title"),
            ),
            (
                r#"<meta name="og:title" content="Named OG">"#,
                Some("Named OG"),
            ),
            (
                "<title>T | Site</title><article><h1>The  headline</h1><p>x</p></article>",
                Some("The headline"),
            ),
            (
                "<title>Post title | The Blog</title><p>x</p>",
                Some("Post title"),
            ),
            ("<title>Post title - The Blog</title>", Some("Post title")),
            ("<title>Post title — The Blog</title>", Some("Post title")),
            (
                "<title>Budget 2025 - what changes | Daily</title>",
                Some("Budget 2025 - what changes"),
            ),
            ("<title>No suffix here</title>", Some("No suffix here")),
            ("<title> | Site</title>", Some("| Site")),
            ("<title>   </title>", None),
            // An <h1> outside the article (a site logo) is not the article's headline.
            (
                "<title>Real | Site</title><header><h1>Site</h1></header><article><p>x</p></article>",
                Some("Real"),
            ),
            // Only <title> loses a suffix: an og:title or <h1> is taken as written.
            (
                r#"<meta property="og:title" content="A | B">"#,
                Some("A | B"),
            ),
            ("<body><svg><title>Icon</title></svg><p>x</p></body>", None),
            ("", None),
        ];
        for &(page, want) in cases {
            assert_eq!(extract(page).title.as_deref(), want, "{page}");
        }
    }

    #[test]
    fn date_sources_in_order() {
        use HtmlDateSource::*;
        let published =
            r#"<meta property="article:published_time" content=" 2025-03-04T10:00:00-05:00 ">"#;
        let json_ld = r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-01-02"}</script>"#;
        let time = r#"<article><p>x <time datetime="2023-05-06">May 6</time></p></article>"#;
        let meta = r#"<meta name="DC.date.issued" content="2022-07-08">"#;
        let cases: &[(String, Option<(&str, HtmlDateSource)>)] = &[
            (format!("{meta}{time}{json_ld}{published}"), Some(("2025-03-04T10:00:00-05:00", PublishedTime))),
            (format!("{meta}{time}{json_ld}"), Some(("2024-01-02", JsonLd))),
            (format!("{meta}{time}"), Some(("2023-05-06", TimeElement))),
            (meta.to_string(), Some(("2022-07-08", MetaDate))),
            (r#"<meta name="pubdate" content="20220708">"#.to_string(), Some(("20220708", MetaDate))),
            (r#"<meta name="date" content="2024-10-11">"#.to_string(), Some(("2024-10-11", MetaDate))),
            (r#"<meta name="publish-date" content="2021">"#.to_string(), Some(("2021", MetaDate))),
            (r#"<meta name="description" content="2021">"#.to_string(), None),
            (r#"<meta name="date" content="  ">"#.to_string(), None),
            // A <time> outside the article, or in its comments, is not the article's date.
            ("<aside><time datetime=\"2020-01-01\">x</time></aside><article><p>x</p></article>".to_string(), None),
            (
                "<article><p>x</p><div class=\"comments\"><time datetime=\"2020-01-01\">x</time></div></article>"
                    .to_string(),
                None,
            ),
            ("<article><p>x <time>May 6</time></p></article>".to_string(), None),
        ];
        for (page, want) in cases {
            let got = extract(page).date;
            let want = want.map(|(d, s)| (d.to_string(), s));
            assert_eq!(got, want, "{page}");
        }
    }

    #[test]
    fn json_ld_shapes() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                r#"{"datePublished":"2023-06-15T08:00:00+00:00"}"#,
                Some("2023-06-15T08:00:00+00:00"),
            ),
            (
                r#"[{"@type":"Organization"},{"@type":"BlogPosting","datePublished":"2023-06-15"}]"#,
                Some("2023-06-15"),
            ),
            (
                r#"{"@graph":[{"@type":"WebSite"},{"@type":"Article","datePublished":"2021-02-03"}]}"#,
                Some("2021-02-03"),
            ),
            (
                r#"{"datePublished":["2020-01-01","2020-01-02"]}"#,
                Some("2020-01-01"),
            ),
            // Not quite JSON: a trailing comma. The raw scan still finds it.
            (
                r#"{"@type":"Article", "datePublished" : "2019-09-09",}"#,
                Some("2019-09-09"),
            ),
            (
                r#"{"name": "datePublished", "datePublished": "2018-08-08",}"#,
                Some("2018-08-08"),
            ),
            (r#"{"datePublished": ""}"#, None),
            (r#"{"dateModified": "2018-08-08"}"#, None),
            ("not json", None),
            ("", None),
        ];
        for &(script, want) in cases {
            assert_eq!(json_ld_date(script).as_deref(), want, "{script}");
        }
    }

    #[test]
    fn blocks_from_markup() {
        let cases: &[(&str, &[(HtmlBlockKind, &str)])] = &[
            // Inline elements add nothing; <br> is a space; entities are decoded; whitespace collapses.
            (
                "<p>the 21<sup>st</sup> century</p>",
                &[(Paragraph, "the 21st century")],
            ),
            (
                "<p><a>link</a><em>em</em><strong>s</strong><b>b</b><i>i</i><u>u</u><span>!</span></p>",
                &[(Paragraph, "linkemsbiu!")],
            ),
            (
                "<p>line one<br>line two<br/>three</p>",
                &[(Paragraph, "line one line two three")],
            ),
            (
                "<p>AT&amp;T &lt;3 caf&eacute; 5&nbsp;%&#x21;</p>",
                &[(Paragraph, "AT&T <3 café 5 %!")],
            ),
            (
                "<p>  spread \n\t over \r\n  lines  </p>",
                &[(Paragraph, "spread over lines")],
            ),
            ("<p>soft&shy;hyphen</p>", &[(Paragraph, "softhyphen")]),
            // Empty and whitespace-only paragraphs give nothing.
            ("<p>   </p><p>&nbsp;\n</p><p></p>", &[]),
            // Headings.
            (
                "<h2>Section</h2><h6>Small</h6>",
                &[(Heading, "Section"), (Heading, "Small")],
            ),
            // A div of inline text is a paragraph; text around a block child splits around it.
            (
                "<div>Plain <b>div</b> text.</div>",
                &[(Paragraph, "Plain div text.")],
            ),
            (
                "<div>Before<p>Inside</p>After</div>",
                &[
                    (Paragraph, "Before"),
                    (Paragraph, "Inside"),
                    (Paragraph, "After"),
                ],
            ),
            // Lists, nested lists, and paragraphs inside list items.
            (
                "<ul><li>One</li><li>Two<ul><li>Two a</li></ul></li><li><p>Three</p></li></ul>",
                &[
                    (ListItem, "One"),
                    (ListItem, "Two"),
                    (ListItem, "Two a"),
                    (ListItem, "Three"),
                ],
            ),
            // Quotes, bare or with paragraphs.
            (
                "<blockquote>Bare quote.</blockquote>",
                &[(Quote, "Bare quote.")],
            ),
            (
                "<blockquote><p>First.</p><p>Second.</p></blockquote>",
                &[(Quote, "First."), (Quote, "Second.")],
            ),
            // Table rows: cells joined, empty cells dropped, blocks inside a cell are part of it.
            (
                "<table><tr><th>A</th><th></th><th>C</th></tr><tr><td>1<br>x</td><td><p>2</p></td><td>3</td></tr></table>",
                &[(TableRow, "A | C"), (TableRow, "1 x | 2 | 3")],
            ),
            // A layout table: its cells are read as ordinary blocks.
            (
                "<table><tr><td><h2>News</h2><p>Para one.</p><p>Para two.</p></td></tr></table>",
                &[
                    (Heading, "News"),
                    (Paragraph, "Para one."),
                    (Paragraph, "Para two."),
                ],
            ),
            // <pre> is a paragraph, its lines joined.
            ("<pre>a   b\n  c</pre>", &[(Paragraph, "a b c")]),
            // Widgets' labels are dropped as blocks, not as words.
            (
                "<p>Share</p><p>Share this:</p><p>ADVERTISEMENT</p><p>Skip to content</p><p>Share prices rose 3%.</p>",
                &[(Paragraph, "Share prices rose 3%.")],
            ),
            // Skipped elements, inline or block, leave nothing; a skipped block still separates text.
            (
                "<p>Cost: $5<script>var x = '$9';</script> each<button>Buy</button>.</p><div>A<aside>ad</aside>B</div>",
                &[
                    (Paragraph, "Cost: $5 each."),
                    (Paragraph, "A"),
                    (Paragraph, "B"),
                ],
            ),
            // Figure captions are dropped (a decision: they describe pictures and carry credits).
            (
                "<figure><img alt=\"x\"><figcaption>Photo: Agency</figcaption></figure><p>Body.</p>",
                &[(Paragraph, "Body.")],
            ),
        ];
        for &(body, want) in cases {
            let page =
                format!("<!doctype html><html><body><article>{body}</article></body></html>");
            let blocks = extract(&page).blocks;
            let got: Vec<(HtmlBlockKind, &str)> =
                blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
            assert_eq!(got, want, "{body}");
        }
    }

    #[test]
    fn repeated_headline_is_dropped() {
        let page = r#"<meta property="og:title" content="Big news">
            <article><h1>Big news</h1><p>Body.</p><h1>Big news</h1><p>Big news</p></article>"#;
        let blocks = extract(page).blocks;
        assert_eq!(
            blocks,
            [
                HtmlBlock {
                    kind: Heading,
                    text: "Big news".into()
                },
                HtmlBlock {
                    kind: Paragraph,
                    text: "Body.".into()
                },
            ]
        );
        // Other repeated paragraphs are not this module's business.
        assert_eq!(extract("<p>Same.</p><p>Same.</p>").blocks.len(), 2);
    }

    #[test]
    fn container_choice() {
        let long = "Long paragraph text with many words in it. ".repeat(5);
        // (page, the first block's start, how many blocks)
        let cases: Vec<(String, &str, usize)> = vec![
            // Several <article>s: the one with the most paragraph text.
            (
                format!(
                    "<article><p>Teaser.</p></article><article><p>{long}</p></article><article><p>Other.</p></article>"
                ),
                "Long paragraph",
                1,
            ),
            // An <article> in a skipped region does not count.
            (
                format!(
                    "<aside><article><p>{long} aside</p></article></aside><article><p>Real.</p></article>"
                ),
                "Real.",
                1,
            ),
            // No <article>: <main>, then [role=main].
            (
                format!("<div><p>{long} outside</p></div><main><p>In main.</p></main>"),
                "In main.",
                1,
            ),
            (
                format!(
                    "<div><p>{long} outside</p></div><div role=\"main\"><p>In role main.</p></div>"
                ),
                "In role main.",
                1,
            ),
            // Neither: the element whose direct <p> children hold the most text.
            (
                format!(
                    "<div id=\"a\"><p>Short.</p></div><div id=\"b\"><p>{long}</p><p>More.</p></div>"
                ),
                "Long paragraph",
                2,
            ),
            // No paragraphs at all: the body.
            (
                "<div>Just a div.</div><span>And a span.</span>".to_string(),
                "Just a div.",
                2,
            ),
        ];
        for (page, first, count) in cases {
            let article = extract(&page);
            assert!(
                article
                    .blocks
                    .first()
                    .is_some_and(|b| b.text.starts_with(first)),
                "{page}\n=> {:?}",
                article.blocks
            );
            assert_eq!(article.blocks.len(), count, "{page}");
        }
    }

    #[test]
    fn headers_inside_and_outside_the_article() {
        let page = "<header><p>Site tagline</p></header><main><header><h1>Title</h1><p>By A. Writer</p></header><p>Body.</p></main>";
        assert_eq!(extract(page).text(), "Title\n\nBy A. Writer\n\nBody.\n");
        // With the body as container, a page <header> is dropped.
        assert_eq!(
            extract("<header>Site</header><div>Text.</div>").text(),
            "Text.\n"
        );
    }

    #[test]
    fn readability_container_takes_the_headline_along() {
        let page = "<div class=\"wrap\"><div class=\"post\"><h1>Headline</h1><div class=\"entry\"><p>One.</p><p>Two.</p></div></div></div>";
        let article = extract(page);
        assert_eq!(article.title.as_deref(), Some("Headline"));
        assert_eq!(article.text(), "Headline\n\nOne.\n\nTwo.\n");
    }

    #[test]
    fn robust_on_any_input() {
        let deep_divs = format!(
            "{}deep text{}",
            "<div>".repeat(10_000),
            "</div>".repeat(10_000)
        );
        let deep_spans = format!(
            "<p>{}deep span{}</p>",
            "<span>".repeat(10_000),
            "</span>".repeat(10_000)
        );
        let deep_unclosed = "<div><ul><li><blockquote><table><tr><td>".repeat(2_000);
        let cases: Vec<(&str, String)> = vec![
            ("empty", String::new()),
            (
                "plain text",
                "Just words, no tags.\n\nA second paragraph.".to_string(),
            ),
            (
                "unclosed tags",
                "<html><body><article><h1>Title<p>One <b>bold <i>both<p>Two".to_string(),
            ),
            (
                "stray closers",
                "</div></p></article></html><p>x</p></body>".to_string(),
            ),
            (
                "broken attributes",
                "<p class=\"a id='b>text</p><div class=>y</div><meta content=>".to_string(),
            ),
            (
                "binary-ish",
                "\u{0}\u{1}<\u{fffd}>\u{feff}<p>\u{0}</p>".to_string(),
            ),
            ("deep divs", deep_divs),
            ("deep spans", deep_spans),
            ("deep unclosed", deep_unclosed),
            ("only a script", "<script>alert(1)</script>".to_string()),
            (
                "landmark root",
                "<html role=\"main\"><body><p>x</p></body></html>".to_string(),
            ),
        ];
        for (name, page) in &cases {
            let article = extract(page);
            for block in &article.blocks {
                assert!(
                    !block.text.is_empty() && !block.text.contains('\n'),
                    "{name}: {block:?}"
                );
            }
            let _ = looks_like_html(page);
        }
        assert_eq!(extract("").blocks, []);
        assert_eq!(
            extract("Just words, no tags.").text(),
            "Just words, no tags.\n"
        );
        assert_eq!(extract(&cases[6].1).text(), "deep text\n");
        assert_eq!(extract(&cases[7].1).text(), "deep span\n");
        assert_eq!(extract(&cases[2].1).title.as_deref(), Some("Title"));
        assert_eq!(extract("<script>alert(1)</script>").text(), "");
    }

    proptest::proptest! {
        // Tag soup from the pieces this module cares about; no regression files (nothing persisted in src/).
        #![proptest_config(proptest::test_runner::Config {
            cases: 128,
            failure_persistence: None,
            ..Default::default()
        })]
        #[test]
        fn never_panics_and_blocks_are_clean(
            page in r#"(<(/?)(p|div|li|ul|tr|td|table|article|main|header|h1|br|span|script|blockquote|pre)( class="(ad|share|x)")?>|[a-z ]{1,5}|&amp;|&nbsp;|\n|<meta (property|name)="(og:title|article:published_time|date)" content="[a-z0-9 ]{0,4}">|<title>[a-z |]{0,6}</title>|<time datetime="[0-9-]{0,4}">){0,40}"#
        ) {
            let article = extract(&page);
            for block in &article.blocks {
                proptest::prop_assert!(!block.text.is_empty() && !block.text.contains('\n'), "{block:?}");
                proptest::prop_assert_eq!(&block.text, &collapse(&block.text));
            }
            let text = article.text();
            proptest::prop_assert!(text.is_empty() || text.ends_with('\n'));
            let _ = looks_like_html(&page);
        }
    }

    #[test]
    fn public_types_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<HtmlArticle>();
        check::<HtmlBlock>();
        check::<HtmlBlockKind>();
        check::<HtmlDateSource>();
    }
}
