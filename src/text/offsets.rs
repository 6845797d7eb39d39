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
/// code-point count inside one line.
#[derive(Debug)]
pub struct OffsetMap<'a> {
    text: &'a str,
    /// Byte offset of the first byte of each line.
    line_starts: Vec<usize>,
    /// Code-point offset of the first byte of each line.
    line_chars: Vec<usize>,
}

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
        OffsetMap {
            text,
            line_starts,
            line_chars,
        }
    }

    /// The position of byte offset `byte`, which must lie on a character boundary.
    pub fn position(&self, byte: usize) -> Position {
        debug_assert!(self.text.is_char_boundary(byte));
        let line = self.line_starts.partition_point(|&s| s <= byte) - 1;
        let start = self.line_starts[line];
        let column = count_chars(&self.text.as_bytes()[start..byte]);
        Position {
            char: self.line_chars[line] + column,
            line: line + 1,
            column: column + 1,
        }
    }

    /// The code-point range of a byte span.
    pub fn chars(&self, span: Span) -> Span {
        let start = self.position(span.start).char;
        let end = start + count_chars(span.slice(self.text).as_bytes());
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
}
