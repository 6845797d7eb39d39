//! Where a fact may start and end: Unicode word boundaries (the automata check only ASCII ones), numbers glued
//! into identifiers, URLs, and white space at a fact's edges.

use crate::model::span::ByteSpan;

/// Whether the edges of `span` fall on Unicode word boundaries.
pub fn on_word_boundaries(text: &str, span: ByteSpan) -> bool {
    let inner_first = text[span.start()..].chars().next();
    let before = text[..span.start()].chars().next_back();
    if let (Some(a), Some(b)) = (before, inner_first)
        && a.is_alphanumeric()
        && b.is_alphanumeric()
    {
        return false;
    }
    let inner_last = text[..span.end()].chars().next_back();
    let after = text[span.end()..].chars().next();
    if let (Some(a), Some(b)) = (inner_last, after)
        && a.is_alphanumeric()
        && b.is_alphanumeric()
    {
        return false;
    }
    true
}

/// Whether a fact that starts or ends with a digit is glued to more of a token by a hyphen, slash, period,
/// comma or colon: `19` in `COVID-19`, `2027` in `2027-style`, `167` in `117-167`. Such a number is part of an
/// identifier, a range or a ratio, never a fact of its own.
pub fn glued_number(text: &str, span: ByteSpan) -> bool {
    const GLUE: &[char] = &['-', '‐', '‑', '–', '/', '.', ',', ':'];
    let starts_digit = text[span.start()..].starts_with(|c: char| c.is_ascii_digit());
    if starts_digit {
        let mut before = text[..span.start()].chars().rev();
        if before.next().is_some_and(|c| GLUE.contains(&c))
            && before.next().is_some_and(char::is_alphanumeric)
        {
            return true;
        }
    }
    let ends_digit = text[..span.end()].ends_with(|c: char| c.is_ascii_digit());
    if ends_digit {
        let mut after = text[span.end()..].chars();
        if after.next().is_some_and(|c| GLUE.contains(&c))
            && after.next().is_some_and(char::is_alphanumeric)
        {
            return true;
        }
    }
    false
}

/// Whether `span` lies in a URL: the whitespace-delimited token around it (looked at up to 256 bytes each
/// way) holds `://` or starts with `www.`. URLs hold no facts (`labour%20survey%202025.pdf`).
pub fn in_url(text: &str, span: ByteSpan) -> bool {
    const REACH: usize = 256;
    let bytes = text.as_bytes();
    let lo = span.start().saturating_sub(REACH);
    let start = bytes[lo..span.start()]
        .iter()
        .rposition(u8::is_ascii_whitespace)
        .map_or(lo, |i| lo + i + 1);
    let hi = (span.end() + REACH).min(bytes.len());
    let end = bytes[span.end()..hi]
        .iter()
        .position(u8::is_ascii_whitespace)
        .map_or(hi, |i| span.end() + i);
    let token = &bytes[start..end];
    memchr::memmem::find(token, b"://").is_some() || token.starts_with(b"www.")
}

/// `span` without the white space at either end.
pub(crate) fn trimmed(text: &str, span: ByteSpan) -> ByteSpan {
    let t = span.slice(text);
    let start = span.start() + (t.len() - t.trim_start().len());
    ByteSpan::new(start, start + t.trim().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_boundaries() {
        let t = "é2026 x2026 “2026” 2026ɑ";
        let at = |needle: &str, from: usize| {
            let s = t[from..].find(needle).unwrap() + from;
            ByteSpan::new(s, s + needle.len())
        };
        assert!(!on_word_boundaries(t, at("2026", 0)), "after é");
        assert!(
            on_word_boundaries(t, at("2026", t.find('“').unwrap())),
            "inside curly quotes"
        );
        assert!(
            !on_word_boundaries(t, at("2026", t.rfind("2026").unwrap())),
            "before ɑ"
        );
    }

    #[test]
    fn glued_numbers() {
        let check = |t: &str, needle: &str| {
            let s = t.find(needle).unwrap();
            glued_number(t, ByteSpan::new(s, s + needle.len()))
        };
        assert!(check("COVID-19 cases", "19"));
        assert!(check("by 2027-style", "2027"));
        assert!(check("Law 117-167.", "167"));
        assert!(!check("in 2027.", "2027"));
        assert!(!check("rose -3 points", "3"));
        assert!(!check("March 3, 2025, the", "March 3, 2025"));
    }
}
