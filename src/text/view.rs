//! The text the rules read: a document's prose split into blocks, with markup left out and white space folded,
//! and the map from it back to the bytes of the file.
//!
//! Articles arrive hard-wrapped, in Markdown, with inline HTML. Matching the file's bytes directly would make
//! every line break a place where a name, a date or a sentence ends. So the document is first *rendered*:
//!
//! * it is split into [`Block`]s — paragraphs, list items, headings, table rows, block quotes;
//! * inside a block every run of white space (line breaks and indentation included) becomes one space, and
//!   the block is trimmed;
//! * Markdown (`.md`, `.markdown`) is parsed with a `CommonMark` parser (pulldown-cmark): emphasis markers, link
//!   targets, images, inline HTML tags and code blocks are not part of the rendering, entities and escapes are
//!   decoded (`[Executive Order 14117](https://…)` renders as `Executive Order 14117`);
//! * blocks are joined with a blank line (`"\n\n"`), so no sentence and no fact crosses a block.
//!
//! Every rendered byte knows where it came from. Copied text maps byte for byte; a folded run of white space,
//! a decoded entity or an escape is an atomic piece that maps to the whole of its source. [`View::to_file`]
//! maps a rendered span back to the smallest file span holding its source, so a fact's span is always exact
//! byte offsets into the file, and its `text` the file's text there (a line break included).
//!
//! Example: the file text `by the end of\n2024` renders as `by the end of 2024`; the date rule matches the
//! rendering, and the fact's span covers `by the end of\n2024` in the file.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::model::span::ByteSpan;
use crate::text::offsets::line_break;

/// What a block is, as far as the markup says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// The document's title: the front matter's `title`, the page title, or the title line of the text.
    Title,
    /// A heading the markup marks: a Markdown ATX or setext heading, an HTML `<h1>`…`<h6>`.
    Heading,
    /// A paragraph whose text is all bold, italic or underlined (`**<u>Pillar I</u>**`) and does not end like
    /// a sentence: a heading written with emphasis.
    EmphasisOnly,
    /// A paragraph.
    Paragraph,
    /// An item of a bulleted or numbered list.
    ListItem,
    /// A paragraph inside a block quote.
    Quote,
    /// A row of a table; its cells are joined with ` | `.
    TableRow,
}

/// One block of the rendering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    /// What the markup says it is.
    pub kind: BlockKind,
    /// Where it is in [`View::text`]; never empty, trimmed.
    pub span: ByteSpan,
}

/// How a document's text is marked up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Plain text: blocks are separated by blank lines; a line starting with a list marker (`-`, `*`, `•`,
    /// `1.`) starts a block of its own.
    #[default]
    Text,
    /// `CommonMark` Markdown.
    Markdown,
    /// Text extracted from an HTML page, one block per paragraph, heading or list item.
    Html,
}

/// A piece of the rendering and the file bytes it stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    /// Where it is in the rendering.
    pub view: ByteSpan,
    /// The file bytes it stands for.
    pub file: ByteSpan,
    /// Byte `i` of `view` is byte `i` of `file` (same length); else the piece is atomic.
    pub aligned: bool,
}

/// A document's rendering: blocks of folded text and the map back to the file.
#[derive(Clone, Debug, Default)]
pub struct View {
    /// The rendered text: blocks joined by `"\n\n"`.
    pub text: String,
    /// The blocks, in order.
    pub blocks: Vec<Block>,
    pieces: Vec<Piece>,
}

impl View {
    /// The rendering of `text[body]` in `format`.
    ///
    /// `title` is the document's title. With `title_pieces` (its text mapped into the file, as front matter
    /// gives it) it becomes the first block, unless the body's first block repeats it; without, the body's
    /// first block is the title when it reads the same. `blocks` gives an HTML extraction's blocks (spans
    /// into `text`).
    pub fn new(
        text: &str,
        body: ByteSpan,
        format: Format,
        title: Option<&str>,
        title_pieces: &[Piece],
        blocks: &[(BlockKind, ByteSpan)],
    ) -> View {
        let mut b = Builder::new(text);
        if let Some(title) = title.filter(|_| !title_pieces.is_empty()) {
            b.open(BlockKind::Title);
            b.push_pieces(title, title_pieces);
            b.close();
        }
        let first_body = b.blocks.len();
        match format {
            Format::Text => b.plain(body),
            Format::Markdown => b.markdown(body),
            Format::Html => {
                for &(kind, span) in blocks {
                    b.open(kind);
                    b.push_src(span);
                    b.close();
                }
            }
        }
        let mut view = b.finish();
        if first_body == 0 {
            if let (Some(t), Some(first)) = (title, view.blocks.first_mut())
                && same_title(t, first.span.slice(&view.text))
            {
                first.kind = BlockKind::Title;
            }
        } else if first_body == 1 {
            // A title repeated at the top of the body is one title, the body's.
            if view.blocks.get(1).is_some_and(|second| {
                same_title(
                    view.blocks[0].span.slice(&view.text),
                    second.span.slice(&view.text),
                )
            }) {
                view.blocks[1].kind = BlockKind::Title;
                view.blocks.remove(0);
            }
        }
        view
    }

    /// The rendering of `text[span]` as a single paragraph (rule examples, `explain` of a fragment).
    pub fn single(text: &str, span: ByteSpan) -> View {
        let mut b = Builder::new(text);
        b.open(BlockKind::Paragraph);
        b.push_src(span);
        b.close();
        b.finish()
    }

    /// The file span that `span` of the rendering stands for: from the source of its first byte to the
    /// source of its last. An empty span maps to an empty span.
    pub fn to_file(&self, span: ByteSpan) -> ByteSpan {
        if self.pieces.is_empty() {
            return span;
        }
        let start = self.file_start(span.start());
        if span.is_empty() {
            return ByteSpan::new(start, start);
        }
        let end = self.file_end(span.end()).max(start);
        ByteSpan::new(start, end)
    }

    /// The smallest span of the rendering that [`View::to_file`] maps to `file`: the inverse of `to_file` for
    /// the spans it produced (facts, claims). `None` when no rendered span stands for exactly `file`: text the
    /// rendering leaves out (front matter, a link target, markup), or a span that starts or ends inside a
    /// piece standing as a whole for its source (a decoded entity, folded white space).
    pub fn to_view(&self, file: ByteSpan) -> Option<ByteSpan> {
        if self.pieces.is_empty() {
            return (file.end() <= self.text.len()).then_some(file);
        }
        // Pieces are in file order too (the title's front matter precedes the body), so search from the
        // first piece that reaches past `file.start`; should a rendering ever break that order, scan them all.
        let from = self
            .pieces
            .partition_point(|p| p.file.end() <= file.start());
        self.to_view_from(file, from)
            .or_else(|| self.to_view_from(file, 0))
    }

    /// [`View::to_view`], looking at pieces from index `from` on.
    fn to_view_from(&self, file: ByteSpan, from: usize) -> Option<ByteSpan> {
        let (fs, fe) = (file.start(), file.end());
        let mut found = None;
        for (i, p) in self.pieces.iter().enumerate().skip(from) {
            if p.file.is_empty() {
                continue;
            }
            if p.aligned && p.file.start() <= fs && fs < p.file.end() {
                found = Some((i, p.view.start() + (fs - p.file.start())));
                break;
            }
            if !p.aligned && p.file.start() == fs {
                found = Some((i, p.view.start()));
                break;
            }
            if from > 0 && p.file.start() > fs {
                break;
            }
        }
        let (first, start) = found?;
        if file.is_empty() {
            let span = ByteSpan::new(start, start);
            return (self.to_file(span) == file).then_some(span);
        }
        for p in &self.pieces[first..] {
            if p.file.is_empty() {
                continue;
            }
            let end = if p.aligned && p.file.start() < fe && fe <= p.file.end() {
                p.view.start() + (fe - p.file.start())
            } else if !p.aligned && p.file.end() == fe {
                p.view.end()
            } else if p.file.start() >= fe {
                return None;
            } else {
                continue;
            };
            if end <= start {
                continue;
            }
            let span = ByteSpan::new(start, end);
            return (self.to_file(span) == file).then_some(span);
        }
        None
    }

    /// The pieces of the rendering within `view`, in order, clipped to it: an aligned piece to the bytes of
    /// both the rendering and the file inside `view`; an atomic piece (which stands as a whole for its source)
    /// to the rendered bytes inside `view`, with its whole file span.
    pub fn pieces_in(&self, view: ByteSpan) -> impl Iterator<Item = Piece> + '_ {
        let first = self
            .pieces
            .partition_point(|p| p.view.end() <= view.start());
        self.pieces[first..]
            .iter()
            .take_while(move |p| p.view.start() < view.end() && !view.is_empty())
            .map(move |p| {
                let start = p.view.start().max(view.start());
                let end = p.view.end().min(view.end());
                let file = if p.aligned {
                    let at = p.file.start();
                    ByteSpan::new(at + (start - p.view.start()), at + (end - p.view.start()))
                } else {
                    p.file
                };
                Piece {
                    view: ByteSpan::new(start, end),
                    file,
                    aligned: p.aligned,
                }
            })
    }

    /// The file offset where the rendered byte at `at` comes from.
    fn file_start(&self, at: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.view.end() <= at);
        match self.pieces.get(i) {
            Some(p) if p.view.start() <= at => {
                if p.aligned {
                    p.file.start() + (at - p.view.start())
                } else {
                    p.file.start()
                }
            }
            Some(p) => p.file.start(),
            None => self.pieces.last().map_or(at, |p| p.file.end()),
        }
    }

    /// The file offset just past the source of the rendered byte before `end`.
    fn file_end(&self, end: usize) -> usize {
        let at = end - 1;
        let i = self.pieces.partition_point(|p| p.view.end() <= at);
        match self.pieces.get(i) {
            Some(p) if p.view.start() <= at => {
                if p.aligned {
                    p.file.start() + (at - p.view.start()) + 1
                } else {
                    p.file.end()
                }
            }
            _ => self
                .pieces
                .get(i.wrapping_sub(1))
                .map_or(end, |p| p.file.end()),
        }
    }
}

/// Whether two renderings are the same title: equal once case, white space and punctuation are ignored.
fn same_title(a: &str, b: &str) -> bool {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (ka, kb) = (key(a), key(b));
    !ka.is_empty() && ka == kb
}

struct Builder<'a> {
    src: &'a str,
    text: String,
    pieces: Vec<Piece>,
    blocks: Vec<Block>,
    /// The open block: its kind and where its text starts.
    open: Option<(BlockKind, usize)>,
    /// White space seen since the last text of the open block: the file span it came from.
    pending: Option<ByteSpan>,
    /// Whether the open block has a letter or digit outside emphasis, and text inside emphasis.
    plain: bool,
    emphasized: bool,
    emphasis: usize,
}

impl<'a> Builder<'a> {
    fn new(src: &'a str) -> Builder<'a> {
        Builder {
            src,
            text: String::with_capacity(src.len()),
            pieces: Vec::new(),
            blocks: Vec::new(),
            open: None,
            pending: None,
            plain: false,
            emphasized: false,
            emphasis: 0,
        }
    }

    fn finish(mut self) -> View {
        self.close();
        View {
            text: self.text,
            blocks: self.blocks,
            pieces: self.pieces,
        }
    }

    /// Starts a block, closing the open one.
    fn open(&mut self, kind: BlockKind) {
        self.close();
        self.open = Some((kind, usize::MAX));
        self.pending = None;
        self.plain = false;
        self.emphasized = false;
    }

    /// Sets the kind of the open block, or opens one of that kind.
    fn ensure_open(&mut self, kind: BlockKind) {
        if self.open.is_none() {
            self.open(kind);
        }
    }

    fn close(&mut self) {
        let Some((mut kind, start)) = self.open.take() else {
            return;
        };
        self.pending = None;
        if start == usize::MAX {
            return; // nothing was written
        }
        let span = ByteSpan::new(start, self.text.len());
        if kind == BlockKind::Paragraph
            && !self.plain
            && self.emphasized
            && !ends_like_sentence(span.slice(&self.text))
        {
            kind = BlockKind::EmphasisOnly;
        }
        self.blocks.push(Block { kind, span });
    }

    /// Appends rendered text standing for `file`.
    fn emit(&mut self, s: &str, file: ByteSpan, aligned: bool) {
        if s.is_empty() {
            return;
        }
        let Some((kind, start)) = self.open else {
            return;
        };
        if start == usize::MAX {
            // The block's first text: separate it from the previous block.
            if !self.text.is_empty() {
                let gap = self.pieces.last().map_or(0, |p| p.file.end());
                let gap = ByteSpan::new(gap.min(file.start()), file.start());
                self.push_piece("\n\n", gap, false);
            }
            self.open = Some((kind, self.text.len()));
        } else if let Some(ws) = self.pending.take() {
            let aligned = ws.len() == 1 && is_space_byte(self.src.as_bytes()[ws.start()]);
            self.push_piece(" ", ws, aligned);
        }
        self.pending = None;
        if self.emphasis > 0 {
            self.emphasized = true;
        } else if !self.plain {
            self.plain = s.chars().any(char::is_alphanumeric);
        }
        self.push_piece(s, file, aligned);
    }

    fn push_piece(&mut self, s: &str, file: ByteSpan, aligned: bool) {
        let view = ByteSpan::new(self.text.len(), self.text.len() + s.len());
        self.text.push_str(s);
        if aligned
            && let Some(last) = self.pieces.last_mut()
            && last.aligned
            && last.view.end() == view.start()
            && last.file.end() == file.start()
        {
            last.view = ByteSpan::new(last.view.start(), view.end());
            last.file = ByteSpan::new(last.file.start(), file.end());
            return;
        }
        self.pieces.push(Piece {
            view,
            file,
            aligned,
        });
    }

    /// White space from `file`: one space before the next text of the block.
    fn space(&mut self, file: ByteSpan) {
        if self.open.is_some_and(|(_, s)| s != usize::MAX) {
            self.pending = Some(match self.pending {
                Some(p) if p.end() == file.start() => ByteSpan::new(p.start(), file.end()),
                Some(p) => p,
                None => file,
            });
        }
    }

    /// Copies `src[span]`, folding runs of white space.
    fn push_src(&mut self, span: ByteSpan) {
        let src = self.src;
        let mut i = span.start();
        while i < span.end() {
            let ws = space_len(src, i);
            if ws > 0 {
                let mut j = i + ws;
                while j < span.end() {
                    match space_len(src, j) {
                        0 => break,
                        n => j += n,
                    }
                }
                self.space(ByteSpan::new(i, j));
                i = j;
                continue;
            }
            // A run of text up to the next white space other than a single space between words (copied
            // as it is: one piece, not one per word).
            let bytes = src.as_bytes();
            let mut j = i + 1;
            while j < span.end() {
                let b = bytes[j];
                if MAY_BE_SPACE[b as usize] {
                    if b == b' ' && j + 1 < span.end() && space_len(src, j + 1) == 0 {
                        j += 2;
                        continue;
                    }
                    if space_len(src, j) > 0 {
                        break;
                    }
                }
                j += 1;
            }
            self.emit(&src[i..j], ByteSpan::new(i, j), true);
            i = j;
        }
    }

    /// Text a parser decoded from `src[span]`: copied where it equals the source, the rest atomic.
    fn push_decoded(&mut self, decoded: &str, span: ByteSpan) {
        let raw = span.slice(self.src);
        if raw == decoded {
            self.push_src(span);
            return;
        }
        let prefix = common_prefix(raw, decoded);
        let suffix = common_suffix(&raw[prefix..], &decoded[prefix..]);
        self.push_src(ByteSpan::new(span.start(), span.start() + prefix));
        let middle = &decoded[prefix..decoded.len() - suffix];
        let file = ByteSpan::new(span.start() + prefix, span.end() - suffix);
        self.push_decoded_atomic(middle, file);
        self.push_src(ByteSpan::new(span.end() - suffix, span.end()));
    }

    /// A title's decoded text with the pieces mapping it into the file.
    fn push_pieces(&mut self, title: &str, pieces: &[Piece]) {
        for p in pieces {
            let Some(s) = title.get(p.view.start()..p.view.end()) else {
                continue;
            };
            if p.aligned && p.file.end() <= self.src.len() && p.file.slice(self.src) == s {
                self.push_src(p.file);
            } else {
                self.push_decoded_atomic(s, p.file);
            }
        }
    }

    /// Decoded text standing, as a whole, for `file`: its words with folded white space between them.
    fn push_decoded_atomic(&mut self, s: &str, file: ByteSpan) {
        let mut words = s.split_whitespace().peekable();
        if s.starts_with(char::is_whitespace) {
            self.space(file);
        }
        while let Some(w) = words.next() {
            self.emit(w, file, false);
            if words.peek().is_some() {
                self.space(file);
            }
        }
        if s.ends_with(char::is_whitespace) {
            self.space(file);
        }
    }

    /// Plain text: blocks at blank lines and list markers; lines end at `\n`, `\r\n` or a lone `\r`
    /// ([`line_break`]). A run of lines holding a line longer than [`UNWRAPPED_LINE`] characters was not
    /// hard-wrapped: there every line is a block of its own (a heading line above a paragraph written on one
    /// line).
    fn plain(&mut self, body: ByteSpan) {
        let src = self.src;
        let bytes = src.as_bytes();
        let mut start = body.start();
        let mut unwrapped = false;
        let mut in_run = false;
        while start < body.end() {
            let brk = line_break(&bytes[..body.end()], start);
            let nl = brk.map_or(body.end(), super::super::model::span::ByteSpan::start);
            let line = ByteSpan::new(start, nl);
            let raw = line.slice(src);
            let content = raw.trim_start();
            if content.trim_end().is_empty() {
                self.close();
                in_run = false;
            } else {
                if !in_run {
                    in_run = true;
                    unwrapped = has_long_line(src, ByteSpan::new(start, body.end()));
                }
                let lead = start + (raw.len() - content.len());
                let marker = list_marker(content);
                if marker > 0 {
                    self.open(BlockKind::ListItem);
                } else if unwrapped {
                    self.open(BlockKind::Paragraph);
                } else {
                    self.ensure_open(BlockKind::Paragraph);
                }
                self.push_src(ByteSpan::new(lead + marker, nl));
            }
            let Some(brk) = brk else { break };
            self.space(brk);
            start = brk.end();
        }
        self.close();
    }

    /// Markdown, parsed with pulldown-cmark over `text[body]`.
    fn markdown(&mut self, body: ByteSpan) {
        let src = body.slice(self.src);
        let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
        let at =
            |r: std::ops::Range<usize>| ByteSpan::new(body.start() + r.start, body.start() + r.end);
        // Inside code blocks, images and HTML blocks nothing is prose.
        let mut skip = 0usize;
        let mut quote = 0usize;
        let mut item = 0usize;
        for (event, range) in Parser::new_ext(src, options).into_offset_iter() {
            let span = at(range);
            match event {
                Event::Start(Tag::CodeBlock(_) | Tag::Image { .. } | Tag::HtmlBlock) => {
                    if skip == 0 {
                        self.close();
                    }
                    skip += 1;
                }
                Event::End(TagEnd::CodeBlock | TagEnd::Image | TagEnd::HtmlBlock) => {
                    skip = skip.saturating_sub(1);
                }
                _ if skip > 0 => {}
                Event::Start(Tag::Heading { .. }) => self.open(BlockKind::Heading),
                Event::Start(Tag::Paragraph) => {
                    let kind = if quote > 0 {
                        BlockKind::Quote
                    } else if item > 0 {
                        BlockKind::ListItem
                    } else {
                        BlockKind::Paragraph
                    };
                    // A tight list item's first paragraph continues the item's block.
                    if !self.open.is_some_and(|(k, s)| k == kind && s == usize::MAX) {
                        self.open(kind);
                    }
                }
                Event::Start(Tag::Item) => {
                    item += 1;
                    self.open(BlockKind::ListItem);
                }
                Event::End(TagEnd::Item) => {
                    item = item.saturating_sub(1);
                    self.close();
                }
                Event::Start(Tag::List(_)) => self.close(),
                Event::Start(Tag::BlockQuote(_)) => {
                    quote += 1;
                    self.close();
                }
                Event::End(TagEnd::BlockQuote(_)) => {
                    quote = quote.saturating_sub(1);
                    self.close();
                }
                Event::Start(Tag::TableRow | Tag::TableHead) => self.open(BlockKind::TableRow),
                Event::Start(Tag::TableCell) if self.open.is_some_and(|(_, s)| s != usize::MAX) => {
                    self.pending = None;
                    // Rendered, standing for no file bytes.
                    self.push_piece(" | ", ByteSpan::new(span.start(), span.start()), false);
                }
                Event::End(
                    TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::TableRow | TagEnd::TableHead,
                ) => self.close(),
                Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough) => {
                    self.emphasis += 1;
                }
                Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough) => {
                    self.emphasis = self.emphasis.saturating_sub(1);
                }
                Event::Text(t) => {
                    self.ensure_open(BlockKind::Paragraph);
                    self.push_decoded(&t, span);
                }
                Event::Code(t) => {
                    self.ensure_open(BlockKind::Paragraph);
                    let raw = span.slice(self.src);
                    match raw.find(&*t) {
                        Some(i) => self
                            .push_src(ByteSpan::new(span.start() + i, span.start() + i + t.len())),
                        None => self.push_decoded(&t, span),
                    }
                }
                Event::SoftBreak | Event::HardBreak => self.space(span),
                Event::InlineHtml(tag) => self.inline_html(&tag, span),
                Event::Rule => self.close(),
                _ => {}
            }
        }
        self.close();
    }

    /// Inline HTML: `<br>` is a space; `<u>`, `<b>`, `<strong>`, `<em>`, `<i>` count as emphasis; every other
    /// tag is left out.
    fn inline_html(&mut self, tag: &str, span: ByteSpan) {
        let t = tag.trim_start_matches('<');
        let closing = t.starts_with('/');
        let name: String = t
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        match name.as_str() {
            "br" | "p" | "div" => self.space(span),
            "u" | "b" | "strong" | "em" | "i" => {
                if closing {
                    self.emphasis = self.emphasis.saturating_sub(1);
                } else if !t.trim_end_matches('>').ends_with('/') {
                    self.emphasis += 1;
                }
            }
            _ => {}
        }
    }
}

/// Lines longer than this many characters are not hard-wrapped (wrapping is at 120 columns at most).
const UNWRAPPED_LINE: usize = 150;

/// Whether the run of non-blank lines starting at `from.start` holds a line longer than [`UNWRAPPED_LINE`]
/// characters.
fn has_long_line(src: &str, from: ByteSpan) -> bool {
    let bytes = src.as_bytes();
    let mut start = from.start();
    while start < from.end() {
        let brk = line_break(&bytes[..from.end()], start);
        let line = &src[start..brk.map_or(from.end(), super::super::model::span::ByteSpan::start)];
        if line.trim().is_empty() {
            return false;
        }
        if line.len() > UNWRAPPED_LINE && line.chars().count() > UNWRAPPED_LINE {
            return true;
        }
        let Some(brk) = brk else { break };
        start = brk.end();
    }
    false
}

/// Bytes of a plain-text line taken by its list marker (`- `, `* `, `• `, `1. `, `2) `), else 0.
fn list_marker(line: &str) -> usize {
    let bytes = line.as_bytes();
    let bullet = ["- ", "* ", "+ ", "• ", "◦ ", "▪ ", "-\t", "*\t", "•\t"]
        .iter()
        .find(|m| line.starts_with(**m))
        .map(|m| m.len());
    if let Some(n) = bullet {
        return n;
    }
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if (1..=2).contains(&digits)
        && matches!(bytes.get(digits), Some(b'.' | b')'))
        && matches!(bytes.get(digits + 1), Some(b' ' | b'\t'))
    {
        return digits + 2;
    }
    0
}

/// Whether rendered text ends like a sentence: `.`, `!`, `?`, `…`, possibly inside closing quotes or brackets.
pub fn ends_like_sentence(s: &str) -> bool {
    let t = s.trim_end_matches(['"', '\'', '”', '’', ')', ']', '»', '›', '*', '_']);
    t.ends_with(['.', '!', '?', '…'])
}

/// An ASCII byte that is white space as `char::is_whitespace` counts it (`\t` to `\r`, the space).
const fn is_space_byte(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// Bytes that may start a white-space character: ASCII white space and the lead bytes of U+0085, U+00A0
/// (`0xC2`), U+1680 (`0xE1`), U+2000…U+205F (`0xE2`) and U+3000 (`0xE3`). Every other byte is text, so the
/// copy loop decodes a character only at these.
const MAY_BE_SPACE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = is_space_byte(b as u8) || matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3);
        b += 1;
    }
    t
};

/// The length of the white-space character at `at` (which is on a character boundary), or 0.
fn space_len(src: &str, at: usize) -> usize {
    let b = src.as_bytes()[at];
    if !MAY_BE_SPACE[b as usize] {
        0
    } else if b < 0x80 {
        1
    } else {
        match src[at..].chars().next() {
            Some(c) if c.is_whitespace() => c.len_utf8(),
            _ => 0,
        }
    }
}

fn common_prefix(a: &str, b: &str) -> usize {
    let mut n = 0;
    for ((i, x), y) in a.char_indices().zip(b.chars()) {
        if x != y {
            return i;
        }
        n = i + x.len_utf8();
    }
    n
}

fn common_suffix(a: &str, b: &str) -> usize {
    let mut n = 0;
    for (x, y) in a.chars().rev().zip(b.chars().rev()) {
        if x != y {
            break;
        }
        n += x.len_utf8();
    }
    n.min(a.len()).min(b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(text: &str, format: Format) -> View {
        View::new(text, ByteSpan::new(0, text.len()), format, None, &[], &[])
    }

    fn blocks(v: &View) -> Vec<(BlockKind, &str)> {
        v.blocks
            .iter()
            .map(|b| (b.kind, b.span.slice(&v.text)))
            .collect()
    }

    /// The file text a rendered substring stands for.
    fn back<'a>(v: &View, file: &'a str, needle: &str) -> &'a str {
        let at = v.text.find(needle).expect("in the rendering");
        v.to_file(ByteSpan::new(at, at + needle.len())).slice(file)
    }

    #[test]
    fn plain_text_blocks_fold_line_breaks() {
        let text = "Title here\n\nThe agency said it would\n   extend it by the end of\n2024.  Then more.\n- One item\n  wrapped\n2. Two\n";
        let v = render(text, Format::Text);
        use BlockKind::*;
        assert_eq!(
            blocks(&v),
            [
                (Paragraph, "Title here"),
                (
                    Paragraph,
                    "The agency said it would extend it by the end of 2024. Then more."
                ),
                (ListItem, "One item wrapped"),
                (ListItem, "Two"),
            ]
        );
        assert_eq!(back(&v, text, "by the end of 2024"), "by the end of\n2024");
        assert_eq!(back(&v, text, "2024. Then"), "2024.  Then");
        assert_eq!(back(&v, text, "One"), "One");
    }

    #[test]
    fn lone_cr_and_crlf_end_lines_like_lf() {
        let long = "word ".repeat(40);
        let lf = format!(
            "Title here\n\nThe agency said it would\n   extend it by the end of\n2024.\n- One item\n  wrapped\n\nHEADING\n{long}\n"
        );
        let want = blocks(&render(&lf, Format::Text))
            .into_iter()
            .map(|(k, t)| (k, t.to_string()))
            .collect::<Vec<_>>();
        assert_eq!(want.len(), 5);
        for text in [lf.replace('\n', "\r"), lf.replace('\n', "\r\n")] {
            let v = render(&text, Format::Text);
            let got = blocks(&v)
                .into_iter()
                .map(|(k, t)| (k, t.to_string()))
                .collect::<Vec<_>>();
            assert_eq!(got, want, "{text:?}");
            let file = back(&v, &text, "by the end of 2024");
            assert_eq!(file.replace(['\r', '\n'], ""), "by the end of2024");
        }
    }

    #[test]
    fn lines_above_an_unwrapped_paragraph_are_blocks() {
        let long = "word ".repeat(40);
        let text = format!(
            "CHAPTER 39— ARMS EXPORT CONTROL\n§ 2778. Control of arms\n{long}\n\nA short\nwrapped paragraph.\n"
        );
        let v = render(&text, Format::Text);
        let kinds: Vec<&str> = blocks(&v).into_iter().map(|(_, t)| t).collect();
        assert_eq!(
            kinds,
            [
                "CHAPTER 39— ARMS EXPORT CONTROL",
                "§ 2778. Control of arms",
                long.trim_end(),
                "A short wrapped paragraph."
            ]
        );
    }

    #[test]
    fn markdown_markup_is_not_prose() {
        let text = "# Big **News**\n\nSee [Executive Order 14117](https://x.gov/a%20b) and\n**<u>15 CFR 744.23</u>**, AT&amp;T \\(a\\).\n\n**<u>Pillar I – Growth</u>**  \n\n![alt 5%](img.png)\n\n```\n50% off\n```\n\n-   Visibility: the capability to\n    monitor it.\n-   Buffer.\n\n> Quoted 5 percent.\n\n| a | b |\n|---|---|\n| 2021 | 5% |\n\n21<sup>st</sup> century\n";
        let v = render(text, Format::Markdown);
        use BlockKind::*;
        assert_eq!(
            blocks(&v),
            [
                (Heading, "Big News"),
                (
                    Paragraph,
                    "See Executive Order 14117 and 15 CFR 744.23, AT&T (a)."
                ),
                (EmphasisOnly, "Pillar I – Growth"),
                (ListItem, "Visibility: the capability to monitor it."),
                (ListItem, "Buffer."),
                (Quote, "Quoted 5 percent."),
                (TableRow, "a | b"),
                (TableRow, "2021 | 5%"),
                (Paragraph, "21st century"),
            ]
        );
        assert_eq!(
            back(&v, text, "Executive Order 14117"),
            "Executive Order 14117"
        );
        assert_eq!(back(&v, text, "and 15 CFR"), "and\n**<u>15 CFR");
        assert_eq!(back(&v, text, "AT&T"), "AT&amp;T");
        assert_eq!(back(&v, text, "(a)"), "(a\\)");
    }

    #[test]
    fn span_markup_around_section_labels() {
        let text = "<span style=\"u\">Section</span>\n<span style=\"u\">1</span>.\n <span>Purpose</span>.  The United\nStates possesses.\n";
        let v = render(text, Format::Markdown);
        assert_eq!(
            blocks(&v),
            [(
                BlockKind::Paragraph,
                "Section 1. Purpose. The United States possesses."
            )]
        );
        assert_eq!(
            back(&v, text, "Section 1"),
            "Section</span>\n<span style=\"u\">1"
        );
    }

    #[test]
    fn a_repeated_title_is_the_body_block() {
        let text = "Jobs Report\n\nIt rose 5 percent.\n";
        let title = "Jobs Report";
        let pieces = [Piece {
            view: ByteSpan::new(0, title.len()),
            file: ByteSpan::new(0, title.len()),
            aligned: true,
        }];
        let v = View::new(
            text,
            ByteSpan::new(0, text.len()),
            Format::Text,
            Some(title),
            &pieces,
            &[],
        );
        assert_eq!(
            blocks(&v),
            [
                (BlockKind::Title, "Jobs Report"),
                (BlockKind::Paragraph, "It rose 5 percent.")
            ]
        );
    }

    #[test]
    fn every_rendered_span_maps_inside_the_file() {
        let text = "a  b\u{a0}c\n\n* x &lt; y\n";
        for format in [Format::Text, Format::Markdown] {
            let v = render(text, format);
            for s in 0..=v.text.len() {
                for e in s..=v.text.len() {
                    if v.text.is_char_boundary(s) && v.text.is_char_boundary(e) {
                        let f = v.to_file(ByteSpan::new(s, e));
                        assert!(
                            f.end() <= text.len()
                                && text.is_char_boundary(f.start())
                                && text.is_char_boundary(f.end())
                        );
                    }
                }
            }
        }
    }

    /// Every span of the rendering that starts and ends with a letter or digit maps to the file and back
    /// to itself; every other span maps back to a span standing for the same file bytes, if any.
    fn assert_inverse(v: &View) {
        let t = &v.text;
        let bounds: Vec<usize> = t.char_indices().map(|(i, _)| i).chain([t.len()]).collect();
        let alnum_at = |i: usize| t[i..].chars().next().is_some_and(char::is_alphanumeric);
        let alnum_before = |i: usize| {
            t[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        };
        for (a, &s) in bounds.iter().enumerate() {
            for &e in &bounds[a + 1..] {
                let span = ByteSpan::new(s, e);
                let file = v.to_file(span);
                let back = v.to_view(file);
                if alnum_at(s) && alnum_before(e) {
                    assert_eq!(back, Some(span), "{:?} via {file:?}", span.slice(t));
                }
                if let Some(b) = back {
                    assert_eq!(v.to_file(b), file, "{:?}", span.slice(t));
                }
            }
        }
    }

    #[test]
    fn to_view_inverts_to_file_on_markdown_links_entities_and_wrapped_lines() {
        let text = "# Big **News**\n\nSee [Executive Order 14117](https://x.gov/a%20b) and\n**<u>15 CFR 744.23</u>**, AT&amp;T \\(a\\) caf&eacute;.\n\nThe agency said it would\n   extend it by the end of\n2024.\n\n| a | b |\n|---|---|\n| 2021 | 5% |\n";
        let v = render(text, Format::Markdown);
        assert_inverse(&v);
        let find = |needle: &str| {
            let at = v.text.find(needle).expect("in the rendering");
            ByteSpan::new(at, at + needle.len())
        };
        for needle in [
            "Executive Order 14117",
            "AT&T",
            "café",
            "by the end of 2024",
            "2021 | 5%",
        ] {
            let s = find(needle);
            assert_eq!(v.to_view(v.to_file(s)), Some(s), "{needle}");
        }
        // The link target and the markup are not in the rendering.
        let target = text.find("https://x.gov").unwrap();
        assert_eq!(v.to_view(ByteSpan::new(target, target + 13)), None);
        let u = text.find("<u>").unwrap();
        assert_eq!(v.to_view(ByteSpan::new(u, u + 3)), None);
        // Half an entity is no rendered span.
        let amp = text.find("&amp;").unwrap();
        assert_eq!(v.to_view(ByteSpan::new(amp, amp + 2)), None);
        // Out of the file: none either, and no panic.
        assert_eq!(
            v.to_view(ByteSpan::new(text.len() + 5, text.len() + 9)),
            None
        );
    }

    #[test]
    fn to_view_inverts_plain_text_and_a_title_from_elsewhere() {
        let text =
            "title: \"Jobs &amp; Pay\"\n---\nIt rose 5 percent\nin May.\n\n- One item\n  wrapped\n";
        let title = "Jobs & Pay";
        let at = text.find("Jobs").unwrap();
        let pieces = [
            Piece {
                view: ByteSpan::new(0, 5),
                file: ByteSpan::new(at, at + 5),
                aligned: true,
            },
            Piece {
                view: ByteSpan::new(5, 6),
                file: ByteSpan::new(at + 5, at + 10),
                aligned: false,
            },
            Piece {
                view: ByteSpan::new(6, 10),
                file: ByteSpan::new(at + 10, at + 14),
                aligned: true,
            },
        ];
        let body = text.find("It rose").unwrap();
        let v = View::new(
            text,
            ByteSpan::new(body, text.len()),
            Format::Text,
            Some(title),
            &pieces,
            &[],
        );
        assert_eq!(v.blocks[0].kind, BlockKind::Title);
        assert_eq!(v.blocks[0].span.slice(&v.text), "Jobs & Pay");
        assert_inverse(&v);
        let whole = v.to_file(v.blocks[0].span);
        assert_eq!(whole.slice(text), "Jobs &amp; Pay");
        assert_eq!(v.to_view(whole), Some(v.blocks[0].span));
        // The front matter's key is not rendered.
        assert_eq!(v.to_view(ByteSpan::new(0, 5)), None);
    }

    #[test]
    fn pieces_in_clips_to_the_span_and_keeps_file_offsets() {
        let text = "The agency said it would\n   extend it by the end of\n2024.\n";
        let v = render(text, Format::Text);
        let at = v.text.find("would extend it").unwrap();
        let span = ByteSpan::new(at + 2, at + 13);
        let pieces: Vec<Piece> = v.pieces_in(span).collect();
        assert_eq!(pieces.first().unwrap().view.start(), span.start());
        assert_eq!(pieces.last().unwrap().view.end(), span.end());
        let mut rebuilt = String::new();
        for p in &pieces {
            rebuilt.push_str(p.view.slice(&v.text));
            // Aligned: the same bytes, but for a line break read as a space.
            assert!(p.aligned);
            assert_eq!(p.view.slice(&v.text), p.file.slice(text).replace('\n', " "));
        }
        assert_eq!(rebuilt, "uld extend ");
        assert_eq!(v.pieces_in(ByteSpan::new(at, at)).count(), 0);
        assert_eq!(
            v.pieces_in(ByteSpan::new(0, v.text.len()))
                .map(|p| p.view.len())
                .sum::<usize>(),
            v.text.len()
        );
    }
}
