//! Byte offsets to code points, lines and columns, computed in one place.

use crate::span::Span;

/// Where a byte offset falls in code points, lines and columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// Code-point offset from the start of the text (what Python's `str` indexing uses).
    pub char: usize,
    /// 1-based line number; lines end at `\n`.
    pub line: usize,
    /// 1-based column in code points.
    pub column: usize,
}

/// Converts byte offsets of one text into code-point offsets and line:column positions.
///
/// Built once per document in one pass over the bytes; each lookup is a binary search over line starts plus a
/// code-point count inside one block of [`BLOCK`] bytes, so a document that is one long line costs no more
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
        for nl in memchr::memchr_iter(b'\n', bytes) {
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
    pub fn chars(&self, span: Span) -> Span {
        let start = self.position(span.start).char;
        let end = if span.len() <= BLOCK {
            start + count_chars(span.slice(self.text).as_bytes())
        } else {
            self.chars_before(span.end, self.line_of(span.end))
        };
        Span::new(start, end)
    }
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
        assert_eq!(map.chars(Span::new(1, 5)), Span::new(1, 3));
        assert_eq!(map.position(text.len()).char, text.chars().count());
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
            map.chars(Span::new(0, end)),
            Span::new(0, text.chars().count())
        );
    }
}
