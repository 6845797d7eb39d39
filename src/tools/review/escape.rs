//! HTML escaping for everything a page takes from a record or an article.
//!
//! `&`, `<`, `>`, `"` and `'` become entities, so escaped text is safe in element content and in quoted
//! attribute values alike; bidi controls (U+202E, U+2066…) are shown as visible `\u{202e}` escapes rather than
//! left to reorder the page.

use std::fmt::Write as _;

use crate::model::names;

/// `s`, escaped.
pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    esc_into(&mut out, s);
    out
}

/// Appends `s`, escaped, to `out`.
pub(super) fn esc_into(out: &mut String, s: &str) {
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if names::is_bidi_control(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            _ => out.push(ch),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_quotes_and_bidi_controls_are_escaped() {
        assert_eq!(
            esc("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
        assert_eq!(esc("a\u{202e}b\u{2066}c"), "a\\u{202e}b\\u{2066}c");
        assert_eq!(esc("plain € text"), "plain € text");
    }
}
