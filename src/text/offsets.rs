//! Byte offsets to code points, lines and columns, computed in one place.

use crate::model::span::{ByteSpan, CharSpan};

/// Where a byte offset falls in code points, lines and columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// Code-point offset from the start of the text (what Python's `str` indexing uses).
    pub char: usize,
    /// 1-based line number; lines end at `\n`, `\r\n` or a lone `\r` (see [`line_break`]).
    pub line: usize,
    /// 1-based column in code points.
    pub column: usize,
}

/// Converts byte offsets of one text into code-point offsets and line:column positions.
///
/// Built once per document in one pass over the bytes; each lookup is a binary search over line starts plus a
/// code-point count inside one block of `BLOCK` (4,096) bytes, so a document that is one long line costs no more
/// than one with short lines.
#[derive(Debug)]
pub struct OffsetMap<'a> {
    text: &'a str,
    /// Byte offset of the first byte of each line.
    line_starts: Vec<usize>,
    /// Code-point offset of the first byte of each line.
    line_chars: Vec<usize>,
    /// Code points before byte `i * BLOCK`.
    block_chars: Vec<usize>,
}

/// Bytes per block of [`OffsetMap::block_chars`].
const BLOCK: usize = 4096;

impl<'a> OffsetMap<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> OffsetMap<'a> {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        let mut line_chars = vec![0];
        let mut prev = 0;
        let mut chars = 0;
        for nl in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[nl] == b'\r' && bytes.get(nl + 1) == Some(&b'\n') {
                continue; // CRLF: the line ends at its LF
            }
            chars += count_chars(&bytes[prev..=nl]);
            prev = nl + 1;
            line_starts.push(prev);
            line_chars.push(chars);
        }
        let mut block_chars = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut before = 0;
        for block in bytes.chunks(BLOCK) {
            block_chars.push(before);
            before += count_chars(block);
        }
        block_chars.push(before);
        OffsetMap {
            text,
            line_starts,
            line_chars,
            block_chars,
        }
    }

    /// Code points before byte offset `byte` on line `line` (0-based): counted from the line start or the
    /// block start, whichever is nearer.
    fn chars_before(&self, byte: usize, line: usize) -> usize {
        let block = byte / BLOCK;
        let (from, base) = if self.line_starts[line] >= block * BLOCK {
            (self.line_starts[line], self.line_chars[line])
        } else {
            (block * BLOCK, self.block_chars[block])
        };
        base + count_chars(&self.text.as_bytes()[from..byte])
    }

    fn line_of(&self, byte: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= byte) - 1
    }

    /// The position of byte offset `byte`, which must lie on a character boundary.
    pub fn position(&self, byte: usize) -> Position {
        debug_assert!(self.text.is_char_boundary(byte));
        let line = self.line_of(byte);
        let char = self.chars_before(byte, line);
        Position {
            char,
            line: line + 1,
            column: char - self.line_chars[line] + 1,
        }
    }

    /// The code-point range of a byte span.
    pub fn chars(&self, span: ByteSpan) -> CharSpan {
        let start = self.position(span.start()).char;
        let end = if span.len() <= BLOCK {
            start + count_chars(span.slice(self.text).as_bytes())
        } else {
            self.chars_before(span.end(), self.line_of(span.end()))
        };
        CharSpan::new(start, end)
    }
}

/// The first line break in `bytes[from..]`, as the span of its one or two bytes: `\n`, `\r\n`, or a `\r` not
/// followed by `\n` (classic Mac OS text). Every line-based reading of a text (line numbers, plain-text
/// blocks, the first-block title) ends lines here.
pub fn line_break(bytes: &[u8], from: usize) -> Option<ByteSpan> {
    let at = from + memchr::memchr2(b'\n', b'\r', &bytes[from..])?;
    let len = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
        2
    } else {
        1
    };
    Some(ByteSpan::new(at, at + len))
}

/// The lines of `text`, without their line breaks ([`line_break`]); like [`str::split`] at `'\n'`, a text
/// ending with a break ends with an empty line.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut from = Some(0);
    std::iter::from_fn(move || {
        let start = from?;
        let brk = line_break(text.as_bytes(), start);
        from = brk.map(super::super::model::span::ByteSpan::end);
        Some(&text[start..brk.map_or(text.len(), super::super::model::span::ByteSpan::start)])
    })
}

/// Counts code points in valid UTF-8 by counting the bytes that are not continuation bytes.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_match_a_char_walk() {
        let text = "a’b\r\ncé\n\nxyz";
        let map = OffsetMap::new(text);
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            let before = &text[..bi];
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().unwrap().chars().count() + 1;
            assert_eq!(
                map.position(bi),
                Position {
                    char: ci,
                    line,
                    column: col
                },
                "byte {bi}"
            );
        }
        assert_eq!(map.chars(ByteSpan::new(1, 5)), CharSpan::new(1, 3));
        assert_eq!(map.position(text.len()).char, text.chars().count());
    }

    /// Line and column by a plain walk: a line ends after `\n`, and after a `\r` not followed by `\n`.
    fn walk(text: &str, byte: usize) -> (usize, usize) {
        let mut line = 1;
        let mut column = 1;
        for (i, c) in text.char_indices().take_while(|&(i, _)| i < byte) {
            if c == '\n' || (c == '\r' && !text[i + 1..].starts_with('\n')) {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        (line, column)
    }

    #[test]
    fn lone_cr_ends_lines_and_crlf_is_one_break() {
        let text = "Mac\rline 2 é\r\rline 4\r\nline 5\n\r\nline 7\r";
        let map = OffsetMap::new(text);
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            let (line, column) = walk(text, bi);
            assert_eq!(
                map.position(bi),
                Position {
                    char: ci,
                    line,
                    column
                },
                "byte {bi}"
            );
        }
        assert_eq!(map.position(text.find("line 4").unwrap()).line, 4);
        assert_eq!(map.position(text.find("line 7").unwrap()).line, 7);
        assert_eq!(map.position(text.len()).line, 8);
        let cr = "a\rb".replace('\r', "\n");
        assert_eq!(
            lines(text).collect::<Vec<_>>(),
            ["Mac", "line 2 é", "", "line 4", "line 5", "", "line 7", ""]
        );
        assert_eq!(lines(&cr).count(), 2);
        assert_eq!(lines("").collect::<Vec<_>>(), [""]);
        assert_eq!(line_break(b"ab\r\ncd", 0), Some(ByteSpan::new(2, 4)));
        assert_eq!(line_break(b"ab\r\rcd", 3), Some(ByteSpan::new(3, 4)));
        assert_eq!(line_break(b"abcd", 0), None);
    }

    #[test]
    fn long_lines_count_across_blocks() {
        // Multi-byte characters straddle block edges; one line of several blocks, then a short one.
        let text = format!("{}\nxé", "aé’".repeat(3 * BLOCK));
        let map = OffsetMap::new(&text);
        for (ci, (bi, _)) in text.char_indices().enumerate().step_by(97) {
            let before = &text[..bi];
            let col = before.rsplit('\n').next().unwrap().chars().count() + 1;
            let line = before.matches('\n').count() + 1;
            assert_eq!(
                map.position(bi),
                Position {
                    char: ci,
                    line,
                    column: col
                },
                "byte {bi}"
            );
        }
        let end = text.len();
        assert_eq!(
            map.chars(ByteSpan::new(0, end)),
            CharSpan::new(0, text.chars().count())
        );
    }
}
