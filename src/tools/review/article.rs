//! The article as the extractor read it: its rendering ([`crate::text::View`]) as HTML blocks, with each
//! claim and fact marked where the record says, and every run of text carrying its offset in the file.
//!
//! What the rules never read is not shown: front matter (but for its title), Markdown markup, link targets,
//! images, code blocks and inline HTML. Headings are headings (`<h1 class="blk title">` for the title,
//! `<h2 class="blk heading">` for a heading the markup marks), paragraphs `<p class="blk">`, list items
//! `<li class="blk">` inside a `<ul>`, quotes `<blockquote class="blk">`, table rows `<p class="blk row">`.
//! A block, or a part of one, that the segmenter took as boilerplate, or as a heading though the markup does
//! not mark one, is dimmed: class `dim` and `data-why` saying why ([`Why::describe`]).
//!
//! Inside blocks every piece of text is a run: `<span class="r" data-c="C" data-b="B">` when its characters
//! are the file's one for one from code point `C` (byte `B`) on (a line break shows as the space it was read
//! as), `<span class="r x" data-c="C" data-ce="CE" data-b="B" data-be="BE">` when it stands for file text of
//! another length (folded white space, a decoded entity, a table's cell separator). The page's script turns
//! a selection into exact file offsets with them. Claims are `<span class="claim-text">` (split where they
//! cross an element, every part with the same `data-claim`, only the first with the `id`), facts `<mark
//! class="fact">` holding their rendered text and a hidden `<span class="val-inline">` with the readable value.
//!
//! Example: the Markdown `See [Executive Order 14117](https://x.gov/eo).` with a policy fact renders (runs
//! and attributes shortened) as `<p class="blk"><span class="claim-text" …><span class="r" data-c="0">See
//! </span><mark class="fact fact-policy" …><span class="r" data-c="5">Executive Order 14117</span><span
//! class="val-inline">Executive Order 14117 · eo-14117</span></mark><span class="r" data-c="27">.</span>
//! </span></p>`.

use std::fmt::Write as _;

use super::Doc;
use super::escape::esc_into;
use crate::model::span::ByteSpan;
use crate::model::value::FactType;
use crate::text::{BlockKind, OffsetMap, Segment, SegmentKind, SegmentRules, View, Why};

/// A fact to mark in the article.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ArticleFact {
    /// The mark's id: `f-N-K`.
    pub dom_id: String,
    /// The decision key: `f:CS:CE:TYPE`.
    pub key: String,
    /// The id of its claim's card: `cl-N-J`.
    pub card: String,
    /// Its claim's kinds, separated by spaces (the kind filters read them).
    pub kinds: String,
    /// Its type.
    pub ty: FactType,
    /// The rule that found it.
    pub rule: String,
    /// Its bytes in the file (the record's span).
    pub span: ByteSpan,
    /// Its code points in the file (the record's `chars`).
    pub chars: (usize, usize),
    /// Its value for a person ([`super::values::readable`]).
    pub readable: String,
}

/// A claim to mark in the article, with its facts in text order.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ArticleClaim {
    /// The claim span's id: `c-N-J`.
    pub dom_id: String,
    /// The id of its card: `cl-N-J`.
    pub card: String,
    /// Its bytes in the file (the record's span).
    pub span: ByteSpan,
    /// A body claim that does not end like a sentence.
    pub fragment: bool,
    /// Its facts, in text order.
    pub facts: Vec<ArticleFact>,
}

/// The segments [`render`] needs: the document's rendering split as the extractor splits it.
pub(crate) fn segments(doc: &crate::Document, rules: &SegmentRules) -> Vec<Segment> {
    crate::text::segment(&doc.view(), rules)
}

/// The claims and facts of a document to mark, numbered and keyed as the page's DOM names them (contract
/// §3): claim `J` of document `N` is `c-N-J` with the card `cl-N-J`, fact `K` (in record order across the
/// document) `f-N-K` with its decision key.
pub(crate) fn claims_of(d: &Doc) -> Vec<ArticleClaim> {
    d.claims
        .iter()
        .map(|c| {
            let card = format!("cl-{}-{}", d.n, c.k);
            let kinds = super::joined(c.kinds, " ");
            let facts = c
                .facts
                .iter()
                .map(|f| ArticleFact {
                    dom_id: format!("f-{}-{}", d.n, f.n),
                    key: f.key(),
                    card: card.clone(),
                    kinds: kinds.clone(),
                    ty: f.ty,
                    rule: f.rule.to_string(),
                    span: f.span,
                    chars: (f.chars.start(), f.chars.end()),
                    readable: f.readable(),
                })
                .collect();
            ArticleClaim {
                dom_id: format!("c-{}-{}", d.n, c.k),
                card,
                span: c.span,
                fragment: c.is_fragment(),
                facts,
            }
        })
        .collect()
}

/// Appends the article (`<div class="article-text" id="article">` and its blocks) to `out`.
///
/// `doc` is the article as read back from its file, `segments` its rendering's segments ([`segments`]).
/// `Err(why)` when a claim or fact cannot be placed on the rendering (its span is not text the rendering
/// shows, or claims or facts overlap or leave their claim); `out` is then left as it was, and the caller
/// falls back to another layout.
pub(crate) fn render(
    out: &mut String,
    doc: &crate::Document,
    segments: &[Segment],
    claims: &[ArticleClaim],
) -> Result<(), String> {
    let view = doc.view();
    let mut layers = place(&view, segments, claims)?;
    layers.sort_by_key(|l| (l.span.start(), l.depth()));
    let (mut next, mut carried) = (0, Vec::<Layer>::new());
    let mut html = String::with_capacity(view.text.len() * 2);
    let mut w = Writer {
        view: &view,
        map: OffsetMap::new(&doc.text),
        claims,
        out: &mut html,
        stack: Vec::new(),
        claim_opened: vec![false; claims.len()],
        fact_opened: claims.iter().map(|c| vec![false; c.facts.len()]).collect(),
    };
    w.out
        .push_str("<div class=\"article-text\" id=\"article\">\n");
    let mut in_list = false;
    for block in &view.blocks {
        let list = block.kind == BlockKind::ListItem;
        if list && !in_list {
            w.out.push_str("<ul>\n");
        } else if !list && in_list {
            w.out.push_str("</ul>\n");
        }
        in_list = list;
        let (tag, class) = match block.kind {
            BlockKind::Title => ("h1", "blk title"),
            BlockKind::Heading => ("h2", "blk heading"),
            BlockKind::ListItem => ("li", "blk"),
            BlockKind::Quote => ("blockquote", "blk"),
            BlockKind::TableRow => ("p", "blk row"),
            BlockKind::Paragraph | BlockKind::EmphasisOnly => ("p", "blk"),
        };
        // Layers sorted by start: those reaching into this block are the ones carried over from earlier
        // blocks and those starting before its end.
        carried.retain(|l| l.span.end() > block.span.start());
        while let Some(l) = layers
            .get(next)
            .filter(|l| l.span.start() < block.span.end())
        {
            carried.push(*l);
            next += 1;
        }
        let inside: Vec<&Layer> = carried
            .iter()
            .filter(|l| l.span.overlaps(block.span))
            .collect();
        // Segments are in order and do not overlap.
        let lo = segments.partition_point(|s| s.span.end() <= block.span.start());
        let hi = segments.partition_point(|s| s.span.start() < block.span.end());
        let dims: Vec<&Segment> = segments[lo..hi.max(lo)]
            .iter()
            .filter(|s| s.span.overlaps(block.span))
            .collect();
        let whole_dim = !dims.is_empty() && dims.iter().all(|s| dim_why(s).is_some());
        let _ = write!(w.out, "<{tag} class=\"{class}");
        if whole_dim {
            w.out.push_str(" dim\" data-why=\"");
            let mut whys: Vec<&str> = Vec::new();
            for s in &dims {
                let why = dim_why(s).unwrap_or_default();
                if !whys.contains(&why) {
                    whys.push(why);
                }
            }
            esc_into(w.out, &whys.join("; "));
        }
        w.out.push_str("\">");
        let inner: Vec<&Layer> = inside
            .into_iter()
            .filter(|l| !(whole_dim && matches!(l.what, What::Dim(_))))
            .collect();
        w.block(block.span, &inner)?;
        let _ = writeln!(w.out, "</{tag}>");
    }
    if in_list {
        w.out.push_str("</ul>\n");
    }
    w.out.push_str("</div>\n");
    for (c, opened) in claims.iter().zip(&w.claim_opened) {
        if !opened {
            return Err(format!(
                "claim {} at bytes {}..{} is not in the article's text as read",
                c.dom_id,
                c.span.start(),
                c.span.end()
            ));
        }
    }
    out.push_str(&html);
    Ok(())
}

/// Why a segment is dimmed: boilerplate, or a heading the markup does not mark.
fn dim_why(s: &Segment) -> Option<&'static str> {
    match (s.kind, s.why) {
        (SegmentKind::Boilerplate, why) => Some(why.describe()),
        (SegmentKind::Heading, why) if why != Why::MarkupHeading => Some(why.describe()),
        _ => None,
    }
}

/// What an element around runs is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum What {
    /// A dimmed segment, and why.
    Dim(&'static str),
    /// Claim `i`.
    Claim(usize),
    /// Fact `j` of claim `i`.
    Fact(usize, usize),
}

/// An element around runs, in the rendering's offsets. Elements nest by `What`'s order: a dimmed segment
/// holds claims, a claim facts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Layer {
    span: ByteSpan,
    what: What,
}

impl Layer {
    fn depth(&self) -> u8 {
        match self.what {
            What::Dim(_) => 0,
            What::Claim(_) => 1,
            What::Fact(..) => 2,
        }
    }
}

/// The claims, facts and dimmed segments in the rendering's offsets, checked: claims in order without
/// overlaps, facts in order inside their claim, each fact inside one block.
fn place(view: &View, segments: &[Segment], claims: &[ArticleClaim]) -> Result<Vec<Layer>, String> {
    let mut layers = Vec::new();
    for s in segments {
        if let Some(why) = dim_why(s)
            && s.span.end() <= view.text.len()
        {
            layers.push(Layer {
                span: s.span,
                what: What::Dim(why),
            });
        }
    }
    let mut after = 0;
    for (i, c) in claims.iter().enumerate() {
        let span = view.to_view(c.span).ok_or_else(|| {
            format!(
                "claim {} at bytes {}..{} is not text the article's rendering shows",
                c.dom_id,
                c.span.start(),
                c.span.end()
            )
        })?;
        if span.start() < after {
            return Err(format!("claim {} overlaps the claim before it", c.dom_id));
        }
        after = span.end();
        layers.push(Layer {
            span,
            what: What::Claim(i),
        });
        let mut inner = span.start();
        for (j, f) in c.facts.iter().enumerate() {
            let fs = view.to_view(f.span).ok_or_else(|| {
                format!(
                    "fact {} at bytes {}..{} is not text the article's rendering shows",
                    f.dom_id,
                    f.span.start(),
                    f.span.end()
                )
            })?;
            if fs.start() < inner || fs.end() > span.end() || fs.is_empty() {
                return Err(format!(
                    "fact {} is outside its claim or overlaps another",
                    f.dom_id
                ));
            }
            if !view.blocks.iter().any(|b| b.span.contains(fs)) {
                return Err(format!("fact {} crosses a block", f.dom_id));
            }
            inner = fs.end();
            layers.push(Layer {
                span: fs,
                what: What::Fact(i, j),
            });
        }
    }
    Ok(layers)
}

struct Writer<'a> {
    view: &'a View,
    map: OffsetMap<'a>,
    claims: &'a [ArticleClaim],
    out: &'a mut String,
    /// The elements open around the next run, outermost first.
    stack: Vec<Layer>,
    claim_opened: Vec<bool>,
    fact_opened: Vec<Vec<bool>>,
}

impl Writer<'_> {
    /// The runs of one block, with the elements around them opened and closed as they change.
    fn block(&mut self, block: ByteSpan, layers: &[&Layer]) -> Result<(), String> {
        let mut cuts: Vec<usize> = vec![block.start(), block.end()];
        for p in self.view.pieces_in(block) {
            cuts.push(p.view.start());
            cuts.push(p.view.end());
        }
        for l in layers {
            cuts.push(l.span.start().clamp(block.start(), block.end()));
            cuts.push(l.span.end().clamp(block.start(), block.end()));
        }
        cuts.sort_unstable();
        cuts.dedup();
        for pair in cuts.windows(2) {
            let run = ByteSpan::new(pair[0], pair[1]);
            let mut want: Vec<Layer> = layers
                .iter()
                .filter(|l| l.span.contains(run))
                .map(|l| **l)
                .collect();
            want.sort_by_key(|l| (l.depth(), l.span.start()));
            let keep = self
                .stack
                .iter()
                .zip(&want)
                .take_while(|(a, b)| a == b)
                .count();
            while self.stack.len() > keep {
                self.close();
            }
            for l in &want[keep..] {
                self.open(*l)?;
            }
            for p in self.view.pieces_in(run) {
                self.run(p);
            }
        }
        while !self.stack.is_empty() {
            self.close();
        }
        Ok(())
    }

    fn open(&mut self, l: Layer) -> Result<(), String> {
        let out = &mut *self.out;
        match l.what {
            What::Dim(why) => {
                out.push_str("<span class=\"dim\" data-why=\"");
                esc_into(out, why);
                out.push_str("\">");
            }
            What::Claim(i) => {
                let c = &self.claims[i];
                out.push_str("<span class=\"claim-text");
                if c.fragment {
                    out.push_str(" fragment");
                }
                out.push('"');
                if !self.claim_opened[i] {
                    self.claim_opened[i] = true;
                    out.push_str(" id=\"");
                    esc_into(out, &c.dom_id);
                    out.push('"');
                }
                out.push_str(" data-claim=\"");
                esc_into(out, &c.card);
                out.push_str("\">");
            }
            What::Fact(i, j) => {
                if std::mem::replace(&mut self.fact_opened[i][j], true) {
                    return Err(format!(
                        "fact {} crosses the edge of a dimmed segment",
                        self.claims[i].facts[j].dom_id
                    ));
                }
                let f = &self.claims[i].facts[j];
                let ty = f.ty.as_str();
                let _ = write!(out, "<mark class=\"fact fact-{ty}\" id=\"");
                esc_into(out, &f.dom_id);
                out.push_str("\" data-key=\"");
                esc_into(out, &f.key);
                let _ = write!(out, "\" data-type=\"{ty}\" data-rule=\"");
                esc_into(out, &f.rule);
                out.push_str("\" data-kinds=\"");
                esc_into(out, &f.kinds);
                out.push_str("\" data-claim=\"");
                esc_into(out, &f.card);
                let _ = write!(
                    out,
                    "\" data-b=\"{}:{}\" data-c=\"{}:{}\" data-tip=\"",
                    f.span.start(),
                    f.span.end(),
                    f.chars.0,
                    f.chars.1
                );
                esc_into(out, &f.readable);
                out.push_str(" · rule ");
                esc_into(out, &f.rule);
                out.push_str("\" tabindex=\"0\">");
            }
        }
        self.stack.push(l);
        Ok(())
    }

    fn close(&mut self) {
        let Some(l) = self.stack.pop() else { return };
        match l.what {
            What::Dim(_) | What::Claim(_) => self.out.push_str("</span>"),
            What::Fact(i, j) => {
                self.out.push_str("<span class=\"val-inline\">");
                esc_into(self.out, &self.claims[i].facts[j].readable);
                self.out.push_str("</span></mark>");
            }
        }
    }

    /// One run: a piece of the rendering, with the file offset of its first character.
    fn run(&mut self, p: crate::text::Piece) {
        let text = p.view.slice(&self.view.text);
        let start = self.map.position(p.file.start()).char;
        let b = p.file.start();
        if p.aligned {
            let _ = write!(
                self.out,
                "<span class=\"r\" data-c=\"{start}\" data-b=\"{b}\">"
            );
        } else {
            let end = self.map.position(p.file.end()).char;
            let be = p.file.end();
            let _ = write!(
                self.out,
                "<span class=\"r x\" data-c=\"{start}\" data-ce=\"{end}\" data-b=\"{b}\" data-be=\"{be}\">"
            );
        }
        esc_into(self.out, text);
        self.out.push_str("</span>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tools::review::testing::read_back;
    use crate::tools::review::{ReviewDoc, parse};
    use crate::{Document, Extractor};

    fn extractor() -> &'static Extractor {
        static EX: std::sync::OnceLock<Extractor> = std::sync::OnceLock::new();
        EX.get_or_init(|| Extractor::embedded().expect("the embedded rules compile"))
    }

    /// The article's page part and the claims marked in it.
    fn page(path: &str, text: &str) -> (String, Vec<ArticleClaim>, Document) {
        let doc = Document::from_str(path, text, None);
        let review = ReviewDoc {
            record: read_back(&extractor().extract(&doc)),
            text: Some(text.to_string()),
        };
        let claims = claims_of(&parse(1, &review));
        let segs = segments(&doc, &extractor().rules().segment);
        let mut out = String::new();
        render(&mut out, &doc, &segs, &claims).unwrap_or_else(|e| panic!("{path}: {e}"));
        (out, claims, doc)
    }

    /// The value of attribute `name` in an opening tag's text.
    fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
        let key = format!(" {name}=\"");
        let at = tag.find(&key)? + key.len();
        Some(&tag[at..at + tag[at..].find('"')?])
    }

    fn unescape(s: &str) -> String {
        let mut s = s.to_string();
        for c in crate::tools::review::testing::BIDI {
            s = s.replace(&format!("\\u{{{:x}}}", u32::from(c)), &c.to_string());
        }
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    /// Every run: its opening tag and its (escaped) text.
    fn runs(html: &str) -> Vec<(&str, &str)> {
        let mut v = Vec::new();
        let mut rest = html;
        while let Some(at) = rest.find("<span class=\"r") {
            let tail = &rest[at..];
            let open = tail.find('>').unwrap();
            let close = tail.find("</span>").unwrap();
            v.push((&tail[..open], &tail[open + 1..close]));
            rest = &tail[close..];
        }
        v
    }

    /// Every aligned run's text is the file's from its `data-c` on (a line break read as a space); every
    /// other run stands for the file's characters `data-c..data-ce`.
    fn check_runs(html: &str, file: &str) {
        let chars: Vec<char> = file.chars().collect();
        let runs = runs(html);
        assert!(!runs.is_empty());
        for (tag, text) in runs {
            let text = unescape(text);
            let c: usize = attr(tag, "data-c").unwrap().parse().unwrap();
            let b: usize = attr(tag, "data-b").unwrap().parse().unwrap();
            // The byte offset is the code point's.
            assert_eq!(file[..b].chars().count(), c, "{tag}");
            if tag.contains("r x") {
                let ce: usize = attr(tag, "data-ce").unwrap().parse().unwrap();
                let be: usize = attr(tag, "data-be").unwrap().parse().unwrap();
                assert!(c <= ce && ce <= chars.len(), "{tag}");
                assert_eq!(file[..be].chars().count(), ce, "{tag}");
            } else {
                let n = text.chars().count();
                let src: String = chars[c..c + n].iter().collect();
                let fold = |s: &str| s.replace(['\n', '\r', '\t'], " ");
                assert_eq!(fold(&src), fold(&text), "{tag}");
                assert_eq!(fold(&file[b..b + text.len()]), fold(&text), "{tag}");
            }
        }
    }

    /// The text of every mark (its runs, without the inline value), by id.
    fn marks(html: &str) -> Vec<(String, String, String)> {
        let mut v = Vec::new();
        let mut rest = html;
        while let Some(at) = rest.find("<mark ") {
            let tail = &rest[at..];
            let open = tail.find('>').unwrap();
            let end = tail.find("<span class=\"val-inline\">").unwrap();
            let inner: String = runs(&tail[open..end])
                .into_iter()
                .map(|(_, t)| unescape(t))
                .collect();
            let value_end = tail[end..].find("</span></mark>").unwrap();
            let value =
                tail[end + "<span class=\"val-inline\">".len()..end + value_end].to_string();
            v.push((attr(&tail[..open], "id").unwrap().to_string(), inner, value));
            rest = &tail[open..];
        }
        v
    }

    #[test]
    fn the_briefing_article_has_one_mark_per_fact_with_its_rendered_text() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/corpus/aukus-genesis-access.txt"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let (html, claims, doc) = page(path, &text);
        check_runs(&html, &doc.text);
        let view = doc.view();
        let marks = marks(&html);
        let facts: Vec<&ArticleFact> = claims.iter().flat_map(|c| &c.facts).collect();
        assert!(facts.len() > 20);
        assert_eq!(marks.len(), facts.len());
        for ((id, inner, value), f) in marks.iter().zip(&facts) {
            assert_eq!(id, &f.dom_id);
            let rendered = view.to_view(f.span).unwrap().slice(&view.text);
            assert_eq!(inner, rendered);
            assert_eq!(unescape(value), f.readable);
        }
        // Every claim has exactly one id'd span; the title is a heading.
        for c in &claims {
            assert_eq!(html.matches(&format!("id=\"{}\"", c.dom_id)).count(), 1);
        }
        assert!(
            html.starts_with(
                "<div class=\"article-text\" id=\"article\">\n<h1 class=\"blk title\">"
            )
        );
        assert!(html.contains("data-tip=\""));
        assert!(!html.contains(" title="));
    }

    const MD: &str = "---\ntitle: \"Chips &amp; Jobs\"\ndate: 2025-11-28\nurl: https://example.com/secret-front-matter\n---\n\n# Chips Act Funding\n\nThe [Department of Commerce](https://commerce.gov/hidden-target) awarded\n$52.7 billion by the end of\n2024, the caf&eacute; said, up 5 percent.\n\n## What Comes Next\n\n- Funding rose 3 percent in 2025.\n- Two items.\n\n**<u>Pillar I – Growth</u>**\n\nIt fell 2 percent in March 2025 <script>alert(1)</script> and \u{202e}rose.\n";

    #[test]
    fn markdown_front_matter_and_link_targets_are_not_shown_headings_are() {
        let (html, claims, doc) = page("news/chips.md", MD);
        check_runs(&html, &doc.text);
        assert!(!html.contains("secret-front-matter"), "{html}");
        assert!(!html.contains("hidden-target"), "{html}");
        assert!(!html.contains("date: 2025"), "{html}");
        assert!(html.contains("<h1 class=\"blk title\">"), "{html}");
        assert!(html.contains("<h2 class=\"blk heading\">"), "{html}");
        assert!(html.contains("<ul>\n<li class=\"blk\">"), "{html}");
        assert_eq!(html.matches("<ul>").count(), 1);
        // The emphasis-only line is dimmed as a heading the markup does not mark.
        let pillar = html.find("Pillar I").unwrap();
        let tag_start = html[..pillar].rfind("<p ").unwrap();
        let tag = &html[tag_start..html[tag_start..].find('>').unwrap() + tag_start];
        assert!(tag.contains("dim"), "{tag}");
        assert_eq!(attr(tag, "data-why"), Some(Why::EmphasisOnly.describe()));
        // Marks carry the rendered text: the link's words, a wrapped line read as one.
        let marks = marks(&html);
        let texts: Vec<&str> = marks.iter().map(|(_, t, _)| t.as_str()).collect();
        assert!(texts.contains(&"Department of Commerce"), "{texts:?}");
        assert!(texts.contains(&"by the end of 2024"), "{texts:?}");
        assert!(texts.contains(&"$52.7 billion"), "{texts:?}");
        let n: usize = claims.iter().map(|c| c.facts.len()).sum();
        assert_eq!(marks.len(), n);
        // Hostile text is escaped, bidi controls shown.
        assert!(!html.contains("<script>"), "{html}");
        // (Markdown's inline HTML is markup, left out; the words between its tags are text.)
        assert!(html.contains("alert(1)"), "{html}");
        assert!(!html.contains('\u{202e}'));
        assert!(html.contains("\\u{202e}rose"), "{html}");
        // The decoded entity stands for its source.
        let at = html.find(">é</span>").expect("the decoded entity is a run");
        let tag = &html[html[..at].rfind("<span").unwrap()..at];
        let c: usize = attr(tag, "data-c").unwrap().parse().unwrap();
        let ce: usize = attr(tag, "data-ce").unwrap().parse().unwrap();
        assert!(tag.contains("r x"), "{tag}");
        let chars: Vec<char> = doc.text.chars().collect();
        assert_eq!(chars[c..ce].iter().collect::<String>(), "&eacute;");
    }

    #[test]
    fn hostile_text_in_a_plain_article_is_escaped() {
        let text = "Title\n\nIt rose 5 percent <script>alert(\"x\")</script> & \u{202e}fell \u{2066}'2%' in 2025.\n";
        let (html, claims, doc) = page("evil.txt", text);
        check_runs(&html, &doc.text);
        assert!(!claims.is_empty());
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; \\u{202e}fell \\u{2066}&#39;</span>"), "{html}");
        assert!(!html.contains('\u{202e}') && !html.contains('\u{2066}'));
    }

    #[test]
    fn a_section_label_is_dimmed_inside_its_block() {
        let text = "Title\n\nSec. 2.  Objectives.  The agency will spend $5 billion by 2027.\n";
        let (html, claims, doc) = page("eo.txt", text);
        check_runs(&html, &doc.text);
        let why = Why::SectionLabel.describe();
        assert!(
            html.contains(&format!(
                "<p class=\"blk\"><span class=\"dim\" data-why=\"{why}\">"
            )),
            "{html}"
        );
        let label_end = html.find("Objectives.").unwrap();
        let claim = html
            .find(&format!("id=\"{}\"", claims.last().unwrap().dom_id))
            .unwrap();
        assert!(label_end < claim, "{html}");
        let facts: usize = claims.iter().map(|c| c.facts.len()).sum();
        assert_eq!(facts, 3, "Sec. 2, $5 billion, 2027");
        assert_eq!(html.matches("<mark ").count(), facts, "{html}");
        // Two spaces after the label fold into one, standing for both.
        assert!(html.contains(
            "<span class=\"r x\" data-c=\"14\" data-ce=\"16\" data-b=\"14\" data-be=\"16\"> </span>"
        ));
    }

    #[test]
    fn boilerplate_is_dimmed_with_its_why() {
        let text = "Jobs Report\n\nThe agency said it rose 5 percent in 2025.\n\nRelated Articles\n\nPrices fell 3 percent in May 2024 and more.\n";
        let (html, _, doc) = page("a.txt", text);
        check_runs(&html, &doc.text);
        let related = html.find("Related Articles").unwrap();
        let tag_start = html[..related].rfind("<p ").unwrap();
        let tag = &html[tag_start..html[tag_start..].find('>').unwrap() + tag_start];
        assert!(tag.contains("blk dim"), "{html}");
        assert_eq!(attr(tag, "data-why"), Some(Why::BoilerplateRule.describe()));
        let after = html.find("Prices fell").unwrap();
        let tag_start = html[..after].rfind("<p ").unwrap();
        let tag = &html[tag_start..html[tag_start..].find('>').unwrap() + tag_start];
        assert_eq!(
            attr(tag, "data-why"),
            Some(Why::AfterBoilerplate.describe()),
            "{html}"
        );
    }

    #[test]
    fn raw_articles_render_with_every_fact_marked() {
        let Some(dir) = crate::model::util::shared_dir("corpus-raw") else {
            return;
        };
        let entries = std::fs::read_dir(&dir).unwrap();
        let mut files: Vec<_> = entries
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
            .collect();
        files.sort();
        for path in files.iter().take(8) {
            let text = std::fs::read_to_string(path).unwrap();
            let shown = path.display().to_string();
            let (html, claims, doc) = page(&shown, &text);
            check_runs(&html, &doc.text);
            let n: usize = claims.iter().map(|c| c.facts.len()).sum();
            assert_eq!(html.matches("<mark ").count(), n, "{shown}");
            assert!(!html.contains("\n---\n"), "{shown}: front matter shown");
        }
    }

    #[test]
    fn a_record_from_elsewhere_is_refused_not_drawn() {
        let doc = Document::from_str("a.md", MD, None);
        let segs = segments(&doc, &extractor().rules().segment);
        let front = MD.find("secret-front-matter").unwrap();
        let claim = |span: ByteSpan, facts: Vec<ArticleFact>| ArticleClaim {
            dom_id: "c-1-1".into(),
            card: "cl-1-1".into(),
            span,
            fragment: false,
            facts,
        };
        let mut out = String::from("kept");
        let why = render(
            &mut out,
            &doc,
            &segs,
            &[claim(ByteSpan::new(front, front + 6), vec![])],
        )
        .unwrap_err();
        assert!(
            why.contains("not text the article's rendering shows"),
            "{why}"
        );
        assert_eq!(out, "kept");
        // A fact outside its claim.
        let body = MD.find("The [Department").unwrap();
        let fact = ArticleFact {
            dom_id: "f-1-1".into(),
            key: "f:0:1:date".into(),
            card: "cl-1-1".into(),
            kinds: String::new(),
            ty: FactType::Date,
            rule: "r".into(),
            span: ByteSpan::new(front, front + 6),
            chars: (0, 1),
            readable: "x".into(),
        };
        let c = claim(ByteSpan::new(body, body + 3), vec![fact]);
        assert!(render(&mut out, &doc, &segs, &[c]).is_err());
        assert_eq!(out, "kept");
    }
}
