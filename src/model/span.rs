//! Half-open byte ranges into a document's text.

use serde::Serialize;

/// A half-open byte range `[start, end)` into a document's text.
///
/// Byte offsets are the only offsets the pipeline passes around; code points, lines and columns are derived
/// once, at record time, by [`crate::text::OffsetMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// Creates a span.
    ///
    /// # Panics
    ///
    /// Panics when `start > end`: a reversed span is a bug in the caller, never a property of the input.
    pub fn new(start: usize, end: usize) -> Span {
        assert!(start <= end, "span start {start} is after its end {end}");
        Span { start, end }
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
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two spans share at least one byte.
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The text this span covers.
    pub fn slice(self, text: &str) -> &str {
        &text[self.start..self.end]
    }
}

#[cfg(test)]
mod tests {
    use super::Span;

    #[test]
    fn overlap_and_containment() {
        let a = Span::new(0, 10);
        let b = Span::new(3, 5);
        let c = Span::new(10, 12);
        assert!(a.contains(b));
        assert!(!b.contains(a));
        assert!(a.overlaps(b));
        assert!(!a.overlaps(c), "half-open spans that touch do not overlap");
        assert_eq!(a.len(), 10);
    }

    #[test]
    #[should_panic(expected = "after its end")]
    fn reversed_span_is_a_bug() {
        let _ = Span::new(5, 4);
    }
}
