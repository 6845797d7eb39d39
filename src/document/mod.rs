//! A loaded article: its text, front matter, title and publication date.
//!
//! Loading enforces the input contract: UTF-8 only (a leading byte-order mark is removed; the first invalid
//! sequence is reported with its byte offset in the file), no NUL bytes (a binary file), line endings kept as
//! they are. A file that fails is named with a guess at what it is instead ([`sniff`]): UTF-16 or UTF-32 (by
//! byte-order mark or NUL pattern), Latin-1 or Windows-1252, damaged UTF-8, or a known binary format (PDF, ZIP,
//! gzip, images…), with the `iconv` command that converts it. A document format that converts to text (a PDF by
//! extension or magic bytes; `.docx`, `.odt`, `.rtf`, `.epub`, `.doc` by extension) fails before decoding, with
//! the command that prints its text ([`LoadError::convertible`]). Front matter (YAML or TOML, [`crate::document::frontmatter`])
//! gives the title, the date (else the day of `published_time`), the URL, author and tags. It stays in the text
//! (so spans are offsets into the file as read); only its title is extracted from, as the title claim. Without
//! a front-matter title, a short first block that does not end a sentence is the title. A saved web page
//! ([`Document::from_html`]) becomes the text of its main article.
//!
//! [`JsonLine`] is one line of `--input-format jsonl`; [`Document::from_json_line`] makes it a document.

pub mod frontmatter;
pub mod html;
pub mod read;

mod encoding;
mod jsonl;

use encoding::*;
pub use encoding::{Encoding, LoadError, LooksLike, sniff};
pub use jsonl::{JsonLine, JsonLineError};

use sha2::{Digest, Sha256};

use crate::model::date::Date;
use crate::model::span::ByteSpan;
use crate::model::util::hex;
use crate::text::{BlockKind, Format, Piece, View};

/// Where a document's publication date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// The `--doc-date` option.
    Option,
    /// The `date:` key of the front matter.
    FrontMatter,
    /// A dateline a rule recognised (`WASHINGTON, March 3, 2025 —`, `Published: …`).
    Dateline,
    /// An HTML page's `<meta property="article:published_time">`.
    ArticlePublishedTime,
    /// An HTML page's JSON-LD `datePublished`.
    JsonLd,
    /// A `<time datetime>` element in an HTML page's article.
    TimeElement,
    /// An HTML page's `<meta name="date">` (or `dc.date`, `pubdate`, …).
    MetaDate,
    /// No publication date: relative expressions stay unresolved.
    None,
}

/// One article, ready to extract from.
#[derive(Debug, Clone)]
pub struct Document {
    /// The path as the user named it (`-` for standard input).
    pub path: String,
    /// Lowercase hex SHA-256 of the file's bytes as read.
    pub sha256: String,
    /// The text: the file's bytes after a UTF-8 byte-order mark, if any, is removed.
    pub text: String,
    /// Where extraction happens: the text after the front matter.
    pub body: ByteSpan,
    /// From front matter, else the first non-blank line of the body.
    pub title: Option<String>,
    /// The publication date, the anchor for relative dates.
    pub date: Option<Date>,
    /// Where [`Document::date`] came from.
    pub date_source: DateSource,
    /// Problems that did not stop loading (an empty file, an unreadable front-matter date).
    pub warnings: Vec<String>,
    /// How the text is marked up: from the file name (`.md`, `.markdown`, `.html`, `.htm`), else plain text.
    pub format: Format,
    /// The title's text mapped into the file (front matter), so facts in it get exact spans; empty when the
    /// title is not in the file or is the body's first line.
    pub title_pieces: Vec<Piece>,
    /// For a text extracted from HTML: its blocks (spans into [`Document::text`]).
    pub blocks: Vec<(BlockKind, ByteSpan)>,
    /// For a text extracted from HTML: the SHA-256 of that text (spans point into it; `claimscan text FILE`
    /// prints it).
    pub text_sha256: Option<String>,
    /// What the front matter or the page's metadata says besides the title and date.
    pub meta: Meta,
}

/// Front matter or page metadata besides the title and date, copied into the record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// `source_url`, `url`, `link` or `canonical_url`; a page's canonical or `og:url`.
    pub url: Option<String>,
    /// `author` or `authors` (joined with `, `).
    pub author: Option<String>,
    /// `tags`.
    pub tags: Vec<String>,
}

impl Document {
    /// The rendering the rules read: blocks of folded text, markup left out (see [`View`]).
    pub fn view(&self) -> View {
        View::new(
            &self.text,
            self.body,
            self.format,
            self.title.as_deref(),
            &self.title_pieces,
            &self.blocks,
        )
    }
}

/// The markup a file name announces.
pub fn format_of(path: &str) -> Format {
    let ext = std::path::Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("md" | "markdown") => Format::Markdown,
        Some("html" | "htm") => Format::Html,
        _ => Format::Text,
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

impl Document {
    /// Decodes a file's bytes into a document; `doc_date` (from `--doc-date`) overrides the front matter.
    ///
    /// Bytes that are not UTF-8 fail with a guess at what they are instead (UTF-16, Latin-1, a PDF…), so
    /// the message tells the user how to convert them.
    pub fn from_bytes(
        path: &str,
        bytes: Vec<u8>,
        doc_date: Option<Date>,
    ) -> Result<Document, LoadError> {
        if let Some(e) = LoadError::convertible(path, &bytes) {
            return Err(e);
        }
        let sha256 = hex(&Sha256::digest(&bytes));
        let bom = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
        let nul = memchr::memchr(0, &bytes);
        let invalid = std::str::from_utf8(&bytes[bom..])
            .err()
            .map(|e| bom + e.valid_up_to());
        if let Some(e) = undecodable(&bytes, nul, invalid) {
            return Err(e);
        }
        let mut bytes = bytes;
        bytes.drain(..bom);
        let text = String::from_utf8(bytes).expect("validated above");
        if format_of(path) == Format::Html || crate::document::html::looks_like_html(&text) {
            return Ok(Document::from_html(path, sha256, &text, doc_date));
        }
        Ok(Document::from_text(path, sha256, text, doc_date))
    }

    /// Builds a document from text that is already decoded.
    pub fn from_str(path: &str, text: &str, doc_date: Option<Date>) -> Document {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Document::from_text(
            path,
            hex(&Sha256::digest(text.as_bytes())),
            text.to_string(),
            doc_date,
        )
    }

    /// Builds the document of one `--input-format jsonl` line: `document.path` is the line's id, its `date`
    /// wins over `doc_date` (both are reported as `option`), and its `title` over the title found in the text.
    ///
    /// The SHA-256 is that of the text as given, so a line holding a file's whole text gets the file's hash.
    pub fn from_json_line(line: JsonLine, doc_date: Option<Date>) -> Document {
        let sha256 = hex(&Sha256::digest(line.text.as_bytes()));
        let mut text = line.text;
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        let mut doc = Document::from_text(&line.id, sha256, text, line.date.or(doc_date));
        doc.warnings.extend(line.warnings);
        doc.format = Format::Text;
        if let Some(title) = line.title {
            doc.title = Some(title);
        }
        doc
    }

    /// Builds the document of a saved web page: the main article's text, extracted (see [`crate::document::html`]),
    /// becomes [`Document::text`], one block per paragraph, heading or list item, the title first; spans
    /// point into that text, whose SHA-256 is [`Document::text_sha256`]. The page's title and publication
    /// date come from its markup.
    pub fn from_html(path: &str, sha256: String, html: &str, doc_date: Option<Date>) -> Document {
        use crate::document::html::{HtmlBlockKind, HtmlDateSource};
        let article = crate::document::html::extract(html);
        let mut text = String::new();
        let mut blocks = Vec::new();
        let mut push = |kind: BlockKind, t: &str, text: &mut String| {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let start = text.len();
            text.push_str(t);
            blocks.push((kind, ByteSpan::new(start, text.len())));
        };
        let title = article.title.clone().filter(|t| !t.trim().is_empty());
        if let Some(t) = &title {
            let key = |s: &str| {
                s.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase()
            };
            let first_is_title = article
                .blocks
                .first()
                .is_some_and(|b| key(&b.text) == key(t));
            if !first_is_title {
                push(BlockKind::Heading, t.trim(), &mut text);
            }
        }
        for b in &article.blocks {
            let kind = match b.kind {
                HtmlBlockKind::Heading => BlockKind::Heading,
                HtmlBlockKind::Paragraph => BlockKind::Paragraph,
                HtmlBlockKind::ListItem => BlockKind::ListItem,
                HtmlBlockKind::Quote => BlockKind::Quote,
                HtmlBlockKind::TableRow => BlockKind::TableRow,
            };
            push(kind, &b.text, &mut text);
        }
        if !text.is_empty() {
            text.push('\n');
        }
        let mut warnings = Vec::new();
        if blocks.is_empty() {
            warnings.push("HTML page: no article text found".to_string());
        }
        let page_date = article.date.as_ref().and_then(|(raw, source)| {
            let d = calendar_day(raw);
            if d.is_none() {
                warnings.push(format!("page date {raw:?} is not YYYY-MM-DD…; ignored"));
            }
            let source = match source {
                HtmlDateSource::PublishedTime => DateSource::ArticlePublishedTime,
                HtmlDateSource::JsonLd => DateSource::JsonLd,
                HtmlDateSource::TimeElement => DateSource::TimeElement,
                HtmlDateSource::MetaDate => DateSource::MetaDate,
            };
            d.map(|d| (d, source))
        });
        let (date, date_source) = match (doc_date, page_date) {
            (Some(d), _) => (Some(d), DateSource::Option),
            (None, Some((d, s))) => (Some(d), s),
            (None, None) => (None, DateSource::None),
        };
        Document {
            path: path.to_string(),
            sha256,
            text_sha256: Some(hex(&Sha256::digest(text.as_bytes()))),
            body: ByteSpan::new(0, text.len()),
            text,
            title,
            date,
            date_source,
            warnings,
            format: Format::Html,
            title_pieces: Vec::new(),
            blocks,
            meta: Meta::default(),
        }
    }

    fn from_text(path: &str, sha256: String, text: String, doc_date: Option<Date>) -> Document {
        let mut warnings = Vec::new();
        if text.is_empty() {
            warnings.push("empty file: no text to extract from".to_string());
        } else if text.trim().is_empty() {
            warnings.push("empty file: only whitespace, no text to extract from".to_string());
        }
        let fm = crate::document::frontmatter::parse(&text);
        let body = ByteSpan::new(fm.as_ref().map_or(0, |f| f.end), text.len());
        let mut fm_date = None;
        if let Some(f) = &fm {
            warnings.extend(f.warnings.iter().cloned());
            // `date` first, else the day of `published_time` (`2021-09-23 11:14:47-04:00`).
            for (key, raw) in [("date", &f.date), ("published_time", &f.published_time)] {
                let Some(raw) = raw.as_deref() else { continue };
                match calendar_day(raw) {
                    Some(d) => {
                        fm_date = Some(d);
                        break;
                    }
                    None => warnings.push(format!(
                        "front matter {key} {raw:?} is not YYYY-MM-DD; ignored"
                    )),
                }
            }
        }
        let (date, date_source) = match (doc_date, fm_date) {
            (Some(d), _) => (Some(d), DateSource::Option),
            (None, Some(d)) => (Some(d), DateSource::FrontMatter),
            (None, None) => (None, DateSource::None),
        };
        let fm_title = fm
            .as_ref()
            .and_then(|f| f.title.clone())
            .filter(|t| !t.is_empty());
        let title_pieces = match (&fm, &fm_title) {
            (Some(f), Some(_)) => f
                .title_pieces
                .iter()
                .map(|p| Piece {
                    view: p.decoded,
                    file: p.raw,
                    aligned: p.aligned,
                })
                .collect(),
            _ => Vec::new(),
        };
        let meta = fm.map(|f| Meta {
            url: f.url,
            author: f.author,
            tags: f.tags,
        });
        let title = fm_title.or_else(|| first_block_title(body.slice(&text)));
        Document {
            path: path.to_string(),
            sha256,
            text,
            body,
            title,
            date,
            date_source,
            warnings,
            format: match format_of(path) {
                Format::Html => Format::Text, // text that is not a page: read as it is
                f => f,
            },
            title_pieces,
            blocks: Vec::new(),
            text_sha256: None,
            meta: meta.unwrap_or_default(),
        }
    }
}

/// The title a text without front matter gives: its first block (lines up to a blank line, joined with
/// single spaces) when it reads as a headline. A document whose only block ends like a sentence (`.`, `!`,
/// `?`, `…`, a closing quote after one) has no title: it is body.
fn first_block_title(body: &str) -> Option<String> {
    let mut lines = crate::text::offsets::lines(body).map(str::trim);
    let first: Vec<&str> = lines
        .by_ref()
        .skip_while(|l| l.is_empty())
        .take_while(|l| !l.is_empty())
        .collect();
    // Running text is no title: decide on its length before copying it (a 100 MB one-line document).
    if let Some(head) = first.first() {
        let rest = head.trim_start_matches('#').trim_start();
        let joined = first.iter().map(|l| l.len() + 1).sum::<usize>() - 1;
        if !rest.is_empty() && joined - (head.len() - rest.len()) > TITLE_MAX {
            return None;
        }
    }
    let title = first.join(" ");
    let title = title.trim_start_matches('#').trim();
    if title.is_empty() || !is_headline(title) {
        return None;
    }
    let more = lines.any(|l| !l.is_empty());
    if !more && crate::text::view::ends_like_sentence(title) {
        return None;
    }
    Some(title.to_string())
}

/// Longest first line taken as the title, in bytes.
const TITLE_MAX: usize = 300;

/// Whether a document's first line reads as its headline: short, and not ending a sentence with `.` or `!`
/// (headlines may ask a question). A first line that is running text (a single-paragraph article, a JSON
/// Lines body without a headline, a 100 MB file on one line) is extracted from instead of being set aside as
/// the title.
fn is_headline(line: &str) -> bool {
    let end = line.trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')', ']']);
    line.len() <= TITLE_MAX && !end.ends_with(['.', '!'])
}

/// The calendar date a date from front matter, page metadata or a JSON Lines line starts with:
/// `2025-11-28`, `2025-11-28T10:00:00Z`, `2021-09-23 11:14:47-04:00` (surrounding white space ignored).
fn calendar_day(raw: &str) -> Option<Date> {
    raw.trim().get(..10).and_then(Date::parse)
}

#[cfg(test)]
mod tests {
    use super::encoding::*;
    use super::jsonl::*;
    use super::*;

    #[test]
    fn front_matter_title_and_date() {
        let text = "---\ntitle: \"A: B\"\ndate: 2025-11-24\nsource: x\n---\n\nA: B\n\nBody.";
        let d = Document::from_str("x.txt", text, None);
        assert_eq!(d.title.as_deref(), Some("A: B"));
        assert_eq!(d.date, Date::parse("2025-11-24"));
        assert_eq!(d.date_source, DateSource::FrontMatter);
        assert_eq!(d.body.slice(&d.text), "\nA: B\n\nBody.");
        let o = Document::from_str("x.txt", text, Date::parse("2020-01-02"));
        assert_eq!(
            (o.date_source, o.date),
            (DateSource::Option, Date::parse("2020-01-02"))
        );
    }

    #[test]
    fn title_from_first_block_without_front_matter() {
        let d = Document::from_str("x.txt", "\n\n  Headline here \n\nBody.", None);
        assert_eq!(d.title.as_deref(), Some("Headline here"));
        let wrapped =
            Document::from_str("x.txt", "A headline wrapped\nover two lines\n\nBody.", None);
        assert_eq!(
            wrapped.title.as_deref(),
            Some("A headline wrapped over two lines")
        );
        let md = Document::from_str("x.md", "# Prices rose 5 percent\n\nBody.", None);
        assert_eq!(md.title.as_deref(), Some("Prices rose 5 percent"));
        // One block that is a question is body, not a title; with more text after it, it is the title.
        assert_eq!(
            Document::from_str("x", "Will it rise by 2027?", None).title,
            None
        );
        assert_eq!(d.date_source, DateSource::None);
        assert_eq!(d.body, ByteSpan::new(0, d.text.len()));
    }

    #[test]
    fn the_first_block_title_of_lone_cr_text() {
        let lf = "A headline wrapped\nover two lines\n\nBody text here.\n";
        for text in [
            lf.to_string(),
            lf.replace('\n', "\r"),
            lf.replace('\n', "\r\n"),
        ] {
            let d = Document::from_str("x.txt", &text, None);
            assert_eq!(
                d.title.as_deref(),
                Some("A headline wrapped over two lines"),
                "{text:?}"
            );
        }
    }

    #[test]
    fn unclosed_front_matter_is_text() {
        let d = Document::from_str("x.txt", "---\ntitle: x\nno close", None);
        assert_eq!(d.body.start(), 0);
    }

    #[test]
    fn convertible_formats_get_the_command() {
        for (path, bytes, want) in [
            (
                "a.pdf",
                &b"%PDF-1.7\n%\xe2\xe3"[..],
                "a PDF document, not text: convert it first, e.g. `pdftotext -layout a.pdf -`",
            ),
            (
                "dir/My File's.PDF",
                b"plain text",
                r"a PDF document, not text: convert it first, e.g. `pdftotext -layout 'dir/My File'\''s.PDF' -`",
            ),
            (
                "saved.txt",
                b"%PDF-1.4\n1 0 obj",
                "a PDF document, not text: convert it first, e.g. `pdftotext -layout saved.txt -`",
            ),
            (
                "b.docx",
                b"PK\x03\x04\x00",
                "a Word document, not text: convert it first, e.g. `pandoc b.docx -t plain`",
            ),
        ] {
            let err = Document::from_bytes(path, bytes.to_vec(), None).unwrap_err();
            assert_eq!(err.to_string(), want);
        }
        assert!(Document::from_bytes("notes.txt", b"%PDF is a format".to_vec(), None).is_ok());
    }

    #[test]
    fn bad_bytes_named_with_offsets() {
        let mut bytes = BOM.to_vec();
        bytes.extend_from_slice(b"ok \xff bad");
        assert_eq!(
            Document::from_bytes("f", bytes, None).unwrap_err(),
            LoadError::NotUtf8 {
                offset: 6,
                looks_like: Some(LooksLike::DamagedUtf8)
            }
        );
        assert_eq!(
            Document::from_bytes("f", b"ab\0c".to_vec(), None).unwrap_err(),
            LoadError::Binary {
                offset: 2,
                looks_like: None
            }
        );
        let d = Document::from_bytes("f", [BOM, b"Hi."].concat(), None).unwrap();
        assert_eq!(d.text, "Hi.");
        assert!(
            Document::from_bytes("f", Vec::new(), None)
                .unwrap()
                .warnings[0]
                .contains("empty")
        );
        assert!(
            Document::from_bytes("f", b" \n\t\r\n".to_vec(), None)
                .unwrap()
                .warnings[0]
                .contains("only whitespace")
        );
    }

    fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut units: Vec<u16> = text.encode_utf16().collect();
        if bom {
            units.insert(0, 0xfeff);
        }
        units
            .iter()
            .flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    }

    #[test]
    fn other_encodings_are_named() {
        let text = "Prices rose 5 percent in 2027.\n";
        for (big, bom, name) in [
            (false, true, "UTF-16LE"),
            (false, false, "UTF-16LE"),
            (true, true, "UTF-16BE"),
            (true, false, "UTF-16BE"),
        ] {
            let err = Document::from_bytes("f", utf16(text, big, bom), None).unwrap_err();
            assert_eq!(
                err,
                LoadError::WideEncoding {
                    encoding: if big {
                        Encoding::Utf16Be
                    } else {
                        Encoding::Utf16Le
                    },
                    bom
                }
            );
            let msg = err.to_string();
            assert!(msg.contains(&format!("looks like {name}")), "{msg}");
            assert!(msg.contains("iconv"), "{msg}");
        }
        let utf32: Vec<u8> = "Hi there."
            .chars()
            .flat_map(|c| (c as u32).to_le_bytes())
            .collect();
        assert_eq!(
            Document::from_bytes("f", utf32, None).unwrap_err(),
            LoadError::WideEncoding {
                encoding: Encoding::Utf32Le,
                bom: false
            }
        );
        let latin1 = b"Caf\xe9 prices rose 5 percent.\n".to_vec();
        let msg = Document::from_bytes("f", latin1, None)
            .unwrap_err()
            .to_string();
        assert_eq!(
            msg,
            "not UTF-8: invalid byte sequence at byte offset 3; looks like Latin-1 (ISO-8859-1): convert it \
             first, e.g. `iconv -f ISO-8859-1 -t UTF-8`"
        );
        let cp1252 = b"\x93Quoted\x94 \x96 it rose.".to_vec();
        assert!(
            Document::from_bytes("f", cp1252, None)
                .unwrap_err()
                .to_string()
                .contains("looks like Windows-1252")
        );
        let damaged = "The caf\u{e9} said na\u{ef}ve things \u{2014} all of them \u{2019}quoted\u{2019} today. "
            .bytes()
            .chain([0xff])
            .collect::<Vec<u8>>();
        assert!(
            Document::from_bytes("f", damaged, None)
                .unwrap_err()
                .to_string()
                .contains("damaged or mixes encodings")
        );
        let zip = b"PK\x03\x04\x14\x00\x00\x00".to_vec();
        assert_eq!(
            Document::from_bytes("f", zip, None)
                .unwrap_err()
                .to_string(),
            "binary file: NUL byte at byte offset 5 (looks like a ZIP archive (or a .docx, .xlsx, .epub), not text)"
        );
        let gzip = b"\x1f\x8b\x08\x08\xff\xff".to_vec();
        assert!(
            Document::from_bytes("f", gzip, None)
                .unwrap_err()
                .to_string()
                .contains("gzip")
        );
    }

    #[test]
    fn the_head_decides_what_it_can() {
        // Where the head decides, it decides as the whole file would.
        let mut zip = b"PK\x03\x04\x14".to_vec();
        zip.extend(std::iter::repeat_n(b'\xff', 100));
        for (path, bytes) in [
            ("a.pdf", b"anything".to_vec()),
            ("x.txt", b"%PDF-1.7\n".to_vec()),
            ("x.txt", utf16("Prices rose 5 percent.", false, true)),
            ("x.txt", utf16("Prices rose 5 percent.", true, false)),
            ("x.txt", b"text\0more".to_vec()),
            ("x.txt", b"\x89PNG\r\n\x1a\n\x00\x00".to_vec()),
            ("x.txt", b"\x1f\x8b\x08\x08\xff\xff".to_vec()),
            ("x.txt", zip[..zip.len() - 96].to_vec()),
        ] {
            let whole = Document::from_bytes(path, bytes.clone(), None).unwrap_err();
            assert_eq!(
                LoadError::sniff_head(path, &bytes),
                Some(whole),
                "{bytes:?}"
            );
        }
        // Text, Latin-1, damage and a character cut by the end of the head are for the whole file to name.
        let cut = "caf\u{e9}".as_bytes();
        for head in [
            &b"Plain text."[..],
            b"Caf\xe9 prices rose.",
            &cut[..cut.len() - 1],
            b"\xef\xbb\xbfok \xff bad",
            b"",
        ] {
            assert_eq!(LoadError::sniff_head("x.txt", head), None, "{head:?}");
        }
        // Not UTF-8 after a binary format's magic bytes is binary already.
        assert!(matches!(
            LoadError::sniff_head("x.txt", &zip),
            Some(LoadError::NotUtf8 {
                offset: 5,
                looks_like: Some(LooksLike::Format(_))
            })
        ));
    }

    #[test]
    fn a_first_line_of_running_text_is_not_the_title() {
        let one = Document::from_str("x", "The US controls 74 percent of AI compute.", None);
        assert_eq!(one.title, None);
        let long = "word ".repeat(100);
        assert_eq!(Document::from_str("x", &long, None).title, None);
        let q = Document::from_str("x", "Will compute double by 2027?\n\nBody.", None);
        assert_eq!(q.title.as_deref(), Some("Will compute double by 2027?"));
    }

    #[test]
    fn json_lines_become_documents() {
        let line = br#"{"id": "a/1", "text": "\ufeffHeadline\n\nIt rose 5 percent.", "date": "2025-03-04", "url": "x"}"#;
        let parsed = JsonLine::parse(line).unwrap();
        assert_eq!(parsed.id, "a/1");
        let d = Document::from_json_line(parsed, Date::parse("2020-01-01"));
        assert_eq!(d.path, "a/1");
        assert_eq!(d.text, "Headline\n\nIt rose 5 percent.");
        assert_eq!(d.title.as_deref(), Some("Headline"));
        assert_eq!(
            (d.date, d.date_source),
            (Date::parse("2025-03-04"), DateSource::Option)
        );
        let titled =
            JsonLine::parse(br#"{"id":"b","text":"Body.","title":"T","date":null}"#).unwrap();
        let d = Document::from_json_line(titled, Date::parse("2020-01-02"));
        assert_eq!(d.title.as_deref(), Some("T"));
        assert_eq!(d.date, Date::parse("2020-01-02"));
        let hash = Document::from_json_line(
            JsonLine::parse(br#"{"id":"c","text":"Hi."}"#).unwrap(),
            None,
        );
        assert_eq!(hash.sha256, Document::from_str("c", "Hi.", None).sha256);
    }

    #[test]
    fn bad_json_lines_say_why() {
        let cases: [(&[u8], &str); 11] = [
            (b"not json", "not JSON: expected ident at column 2"),
            (b"[1, 2]", "not a JSON object"),
            (
                b"{\"id\": \"a\"",
                "not JSON: EOF while parsing an object at column 10",
            ),
            (br#"{"text": "x"}"#, "missing \"id\""),
            (br#"{"id": "a"}"#, "missing \"text\""),
            (br#"{"id": 7, "text": "x"}"#, "\"id\" must be a string"),
            (br#"{"id": "", "text": "x"}"#, "\"id\" is empty"),
            (
                br#"{"id": "a", "text": "x\u0000y"}"#,
                "NUL character at byte offset 1",
            ),
            (
                br#"{"id": "a", "text": "x", "date": "2025-02-30"}"#,
                "\"date\" \"2025-02-30\" is not a calendar date",
            ),
            (
                br#"{"id": "a", "text": "x", "title": 3}"#,
                "\"title\" must be a string",
            ),
            (
                b"{\"id\": \"a\", \"text\": \"caf\xe9\"}",
                "not UTF-8: invalid byte sequence at byte offset 24",
            ),
        ];
        for (line, want) in cases {
            let got = JsonLine::parse(line).unwrap_err().to_string();
            assert!(
                got.contains(want),
                "{}: {got}",
                String::from_utf8_lossy(line)
            );
        }
    }

    #[test]
    fn json_lines_positions_nulls_and_timestamps() {
        // An unterminated string: the column where the line ends and where the string opened, whether or
        // not the line ending is still on the line.
        for line in [
            &b"{\"id\": \"a\", \"text\": \"It rose"[..],
            b"{\"id\": \"a\", \"text\": \"It rose\n",
            b"{\"id\": \"a\", \"text\": \"It rose\r\n",
        ] {
            assert_eq!(
                JsonLine::parse(line).unwrap_err().to_string(),
                "not JSON: EOF while parsing a string at column 28 (the string that opens at column 21 \
                 is not closed)",
                "{}",
                String::from_utf8_lossy(line)
            );
        }
        // Escaped quotes and backslashes do not close or open strings.
        let escaped = br#"{"id": "a\"b\\", "text": "x \" y \\\" z"#;
        assert!(
            JsonLine::parse(escaped)
                .unwrap_err()
                .to_string()
                .ends_with("(the string that opens at column 26 is not closed)")
        );
        for (line, want) in [
            (
                &br#"{"id": "a", "text": null}"#[..],
                "\"text\" is null; it must be a string",
            ),
            (
                br#"{"id": null, "text": "x"}"#,
                "\"id\" is null; it must be a string",
            ),
            (br#"{"id": "a"}"#, "missing \"text\""),
        ] {
            assert_eq!(JsonLine::parse(line).unwrap_err().to_string(), want);
        }
        // `date` takes the forms front matter takes: the calendar date a timestamp starts with.
        for date in [
            "2025-11-28",
            "2025-11-28T10:00:00Z",
            "2025-11-28T10:00:00+01:00",
            "2025-11-28 10:00:00-04:00",
            " 2025-11-28 ",
        ] {
            let line = format!(r#"{{"id": "a", "text": "x", "date": "{date}"}}"#);
            assert_eq!(
                JsonLine::parse(line.as_bytes()).map(|l| l.date),
                Ok(Date::parse("2025-11-28")),
                "{date}"
            );
            let fm = Document::from_str("x", &format!("---\ndate: '{date}'\n---\nText."), None);
            assert_eq!(fm.date, Date::parse("2025-11-28"), "{date}");
        }
        for bad in ["2025-02-30T10:00:00Z", "28/11/2025", "2025-11"] {
            let line = format!(r#"{{"id": "a", "text": "x", "date": "{bad}"}}"#);
            assert!(
                JsonLine::parse(line.as_bytes())
                    .unwrap_err()
                    .to_string()
                    .contains("is not a calendar date"),
                "{bad}"
            );
        }
    }

    #[test]
    fn lone_surrogate_escapes_become_replacement_characters() {
        // What JavaScript writes for an emoji cut in half; a pair is one character; `\\ud83d` is a backslash
        // and letters, no escape.
        let line = br#"{"id": "a", "text": "Cut \ud83d here, whole \ud83d\ude00, \\ud83d, \uDE00 and \ud83d\ud83d\ude00.", "title": "T \udbff"}"#;
        let parsed = JsonLine::parse(line).unwrap();
        assert_eq!(
            parsed.text,
            "Cut \u{fffd} here, whole \u{1f600}, \\ud83d, \u{fffd} and \u{fffd}\u{1f600}."
        );
        assert_eq!(parsed.title.as_deref(), Some("T \u{fffd}"));
        assert_eq!(
            parsed.warnings,
            [
                "lone UTF-16 surrogate escape \\ud83d at column 26 of the line (in bytes) replaced \
                 with U+FFFD",
                "lone UTF-16 surrogate escape \\uDE00 at column 68 of the line (in bytes) replaced \
                 with U+FFFD",
                "lone UTF-16 surrogate escape \\ud83d at column 79 of the line (in bytes) replaced \
                 with U+FFFD",
                "lone UTF-16 surrogate escape \\udbff at column 113 of the line (in bytes) replaced \
                 with U+FFFD",
            ]
        );
        let doc = Document::from_json_line(parsed, None);
        assert_eq!(doc.warnings.len(), 4);
        assert!(doc.text.starts_with("Cut \u{fffd} here"));
        // A line without lone surrogates has no warnings; a line that is broken besides keeps its error.
        assert!(
            JsonLine::parse(br#"{"id": "a", "text": "\ud83d\ude00"}"#)
                .unwrap()
                .warnings
                .is_empty()
        );
        assert_eq!(
            JsonLine::parse(br#"{"id": "a", "text": "\ud83d" x}"#)
                .unwrap_err()
                .to_string(),
            "not JSON: expected `,` or `}` at column 30"
        );
        // Many replacements: the first few are named, then a count.
        let many = format!(r#"{{"id": "a", "text": "{}"}}"#, r"\ud83d ".repeat(50));
        let w = JsonLine::parse(many.as_bytes()).unwrap().warnings;
        assert_eq!(w.len(), SURROGATE_WARNINGS + 1);
        assert_eq!(
            w.last().unwrap(),
            &format!(
                "{} more lone UTF-16 surrogate escapes replaced with U+FFFD",
                50 - SURROGATE_WARNINGS
            )
        );
    }

    #[test]
    fn bad_front_matter_date_is_a_warning() {
        let d = Document::from_str("x", "---\ndate: soon\n---\nText.", None);
        assert_eq!(d.date, None);
        assert!(d.warnings[0].contains("soon"));
    }
}
