//! How rule-file messages show sizes and the user's text: short, whatever the input.

use std::borrow::Cow;

/// Characters of a user's text shown in a message before it is cut.
pub const SHOWN_CHARS: usize = 200;

/// A byte count for a person: `512 bytes`, `3.2 KiB`, `7.5 MiB`.
pub fn size(bytes: usize) -> String {
    const KIB: f64 = 1024.0;
    let b = bytes as f64;
    if bytes < 1024 {
        format!("{bytes} bytes")
    } else if b < KIB * KIB {
        format!("{:.1} KiB", b / KIB)
    } else if b < KIB * KIB * KIB {
        format!("{:.1} MiB", b / (KIB * KIB))
    } else {
        format!("{:.1} GiB", b / (KIB * KIB * KIB))
    }
}

/// `text` quoted and escaped as `{:?}` shows it; past [`SHOWN_CHARS`] characters, its start, an ellipsis and
/// its size: `"On 5 May …" (7.5 MiB, truncated)`. A rule file may hold an example of megabytes, and a message
/// that repeats it whole buries every other one.
pub fn excerpt(text: &str) -> String {
    match text.char_indices().nth(SHOWN_CHARS) {
        None => format!("{text:?}"),
        Some((end, _)) => {
            let quoted = format!("{:?}", &text[..end]);
            let open = &quoted[..quoted.len() - 1];
            format!("{open}…\" ({}, truncated)", size(text.len()))
        }
    }
}

/// `text` as it is when it has at most `chars` characters, else its start, an ellipsis and its size:
/// `Start of a long message… (2.0 MiB, truncated)`.
pub fn cut(text: &str, chars: usize) -> Cow<'_, str> {
    match text.char_indices().nth(chars) {
        None => Cow::Borrowed(text),
        Some((end, _)) => Cow::Owned(format!(
            "{}… ({}, truncated)",
            &text[..end],
            size(text.len())
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        for (bytes, shown) in [
            (0, "0 bytes"),
            (1023, "1023 bytes"),
            (1024, "1.0 KiB"),
            (7_864_320, "7.5 MiB"),
            (3 << 30, "3.0 GiB"),
        ] {
            assert_eq!(size(bytes), shown);
        }
    }

    #[test]
    fn long_texts_are_cut_with_their_size() {
        assert_eq!(excerpt("5 \"percent\""), r#""5 \"percent\"""#);
        let exact = "é".repeat(SHOWN_CHARS);
        assert_eq!(excerpt(&exact), format!("{exact:?}"));
        let long = format!("{}\n{}", "é".repeat(SHOWN_CHARS - 1), "x".repeat(5 << 20));
        let shown = excerpt(&long);
        assert_eq!(
            shown,
            format!(
                "\"{}\\n…\" (5.0 MiB, truncated)",
                "é".repeat(SHOWN_CHARS - 1)
            )
        );
        assert_eq!(cut("abc", 3), "abc");
        assert_eq!(cut("abcd", 3), "abc… (4 bytes, truncated)");
    }
}
