//! Half-open ranges into a document's text, typed by unit: [`ByteSpan`] counts bytes, [`CharSpan`] code
//! points.
//!
//! The pipeline passes byte spans around; code points (and lines and columns) are derived once, at record
//! time, by [`crate::text::OffsetMap`]. Keeping the two units apart in the type system means a code-point
//! range can never slice a string, and a byte range can never be written where a record promises code points.
//! Both serialize as `{"start": …, "end": …}`, and both check `start <= end` whenever they are built, from code
//! or from JSON.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a document's text.
///
/// Byte offsets are the only offsets the pipeline passes around; code points, lines and columns are derived
/// once, at record time, by [`crate::text::OffsetMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawSpan")]
pub struct ByteSpan {
    start: usize,
    end: usize,
}

impl ByteSpan {
    /// Creates a span.
    ///
    /// # Panics
    ///
    /// Panics when `start > end`: a reversed span is a bug in the caller, never a property of the input.
    pub fn new(start: usize, end: usize) -> ByteSpan {
        assert!(start <= end, "span start {start} is after its end {end}");
        ByteSpan { start, end }
    }

    /// First byte of the range.
    pub fn start(self) -> usize {
        self.start
    }

    /// One past the last byte of the range.
    pub fn end(self) -> usize {
        self.end
    }

    /// The range, for slicing.
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }

    /// Number of bytes covered.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// Whether `other` lies entirely inside this span.
    pub fn contains(self, other: ByteSpan) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two spans share at least one byte.
    pub fn overlaps(self, other: ByteSpan) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The text this span covers.
    ///
    /// # Panics
    ///
    /// Panics when the span is out of bounds of `text` or does not fall on character boundaries.
    pub fn slice(self, text: &str) -> &str {
        &text[self.range()]
    }
}

/// A half-open range `[start, end)` of code points (Unicode scalar values) into a document's text: what
/// Python's `str` indexing uses, and what a record's `chars` holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawSpan")]
pub struct CharSpan {
    start: usize,
    end: usize,
}

impl CharSpan {
    /// Creates a span.
    ///
    /// # Panics
    ///
    /// Panics when `start > end`: a reversed span is a bug in the caller, never a property of the input.
    pub fn new(start: usize, end: usize) -> CharSpan {
        assert!(start <= end, "span start {start} is after its end {end}");
        CharSpan { start, end }
    }

    /// First code point of the range.
    pub fn start(self) -> usize {
        self.start
    }

    /// One past the last code point of the range.
    pub fn end(self) -> usize {
        self.end
    }

    /// The range, for indexing a sequence of `char`s (never a `str`, which is indexed in bytes).
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }

    /// Number of code points covered.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no code points.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// The wire form of both spans, checked before it becomes one.
#[derive(Deserialize)]
struct RawSpan {
    start: usize,
    end: usize,
}

/// Why a span read back from JSON was refused.
#[derive(Debug, thiserror::Error)]
#[error("span start {start} is after its end {end}")]
pub struct ReversedSpan {
    start: usize,
    end: usize,
}

impl TryFrom<RawSpan> for ByteSpan {
    type Error = ReversedSpan;

    fn try_from(RawSpan { start, end }: RawSpan) -> Result<ByteSpan, ReversedSpan> {
        if start <= end {
            Ok(ByteSpan { start, end })
        } else {
            Err(ReversedSpan { start, end })
        }
    }
}

impl TryFrom<RawSpan> for CharSpan {
    type Error = ReversedSpan;

    fn try_from(RawSpan { start, end }: RawSpan) -> Result<CharSpan, ReversedSpan> {
        if start <= end {
            Ok(CharSpan { start, end })
        } else {
            Err(ReversedSpan { start, end })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{ByteSpan, CharSpan};

    #[test]
    fn overlap_and_containment() {
        let a = ByteSpan::new(0, 10);
        let b = ByteSpan::new(3, 5);
        let c = ByteSpan::new(10, 12);
        assert!(a.contains(b));
        assert!(!b.contains(a));
        assert!(a.overlaps(b));
        assert!(!a.overlaps(c), "half-open spans that touch do not overlap");
        assert_eq!(a.len(), 10);
        assert_eq!(b.range(), 3..5);
        assert!(ByteSpan::new(4, 4).is_empty());
    }

    #[test]
    #[should_panic(expected = "after its end")]
    fn reversed_span_is_a_bug() {
        let _ = ByteSpan::new(5, 4);
    }

    #[test]
    #[should_panic(expected = "after its end")]
    fn reversed_char_span_is_a_bug() {
        let _ = CharSpan::new(5, 4);
    }

    #[test]
    fn spans_serialize_as_start_and_end() {
        let json = serde_json::to_string(&ByteSpan::new(3, 7)).expect("serializes");
        assert_eq!(json, r#"{"start":3,"end":7}"#);
        assert_eq!(
            serde_json::to_string(&CharSpan::new(1, 2)).expect("serializes"),
            r#"{"start":1,"end":2}"#
        );
        let back: ByteSpan = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, ByteSpan::new(3, 7));
    }

    #[test]
    fn reversed_spans_are_refused_when_read() {
        let e = serde_json::from_str::<ByteSpan>(r#"{"start":7,"end":3}"#).expect_err("reversed");
        assert!(
            e.to_string().contains("span start 7 is after its end 3"),
            "{e}"
        );
        assert!(serde_json::from_str::<CharSpan>(r#"{"start":2,"end":1}"#).is_err());
        assert!(serde_json::from_str::<CharSpan>(r#"{"start":-1,"end":1}"#).is_err());
    }
}
