//! Names as records and messages show them: file names that are not UTF-8 or hold control characters,
//! kept exact and made safe to print.
//!
//! A file name is bytes. `document.path` and the record file names under `--out` must tell every input apart
//! (two names that differ only in a byte that is not UTF-8 must not become one), so [`encode`] keeps the
//! raw name and percent-encodes, byte by byte:
//!
//! - every byte that is not part of valid UTF-8 (`caf\xE9.txt` becomes `caf%E9.txt`);
//! - control characters, C0, DEL and C1 (a newline, ESC) as the bytes of their UTF-8 form;
//! - a `%` followed by two hexadecimal digits, as `%25` (so the literal name `caf%E9.txt` becomes
//!   `caf%25E9.txt` and no two names encode alike). Any other `%` stays as it is.
//!
//! Everything else, `/` included, is kept. [`decode`] reverses it exactly.
//!
//! Messages on standard error are another matter: a name, an id or a text that reaches the terminal raw can
//! retitle or clear it, forge lines or reverse the text after it. [`printable`] escapes control and bidi
//! characters in anything printed.

use std::borrow::Cow;
use std::path::Path;

/// `bytes` (a file name or path) as a UTF-8 string that can be decoded back to them; see the module docs.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        let mut rest = valid;
        while let Some(i) = rest.find(|c: char| c.is_control() || c == '%') {
            out.push_str(&rest[..i]);
            let c = rest[i..].chars().next().expect("found a character");
            let escaped = c != '%' || starts_with_hex_pair(&rest.as_bytes()[i + 1..]);
            if escaped {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    push_byte(&mut out, b);
                }
            } else {
                out.push('%');
            }
            rest = &rest[i + c.len_utf8()..];
        }
        out.push_str(rest);
        // A `%` at the very end of a valid run followed by invalid bytes cannot start a hex pair: the next
        // character written is a `%` of an encoded byte.
        for &b in chunk.invalid() {
            push_byte(&mut out, b);
        }
    }
    out
}

/// A path's raw bytes, [`encode`]d (on Unix exactly the bytes of the name).
pub fn encode_path(path: &Path) -> String {
    encode(path.as_os_str().as_encoded_bytes())
}

/// The bytes an [`encode`]d name stands for: every `%XX` (two hexadecimal digits) is that byte.
pub fn decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && starts_with_hex_pair(&b[i + 1..]) {
            out.push(hex_value(b[i + 1]) << 4 | hex_value(b[i + 2]));
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

fn starts_with_hex_pair(b: &[u8]) -> bool {
    b.len() >= 2 && b[0].is_ascii_hexdigit() && b[1].is_ascii_hexdigit()
}

fn hex_value(d: u8) -> u8 {
    match d {
        b'0'..=b'9' => d - b'0',
        b'a'..=b'f' => d - b'a' + 10,
        _ => d - b'A' + 10,
    }
}

fn push_byte(out: &mut String, b: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push('%');
    out.push(HEX[usize::from(b >> 4)] as char);
    out.push(HEX[usize::from(b & 15)] as char);
}

/// Whether `c` reorders the text around it: the bidi embeddings, overrides and isolates, and the marks.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// `s` safe to print on a terminal: control characters but none other than a tab, and bidi controls,
/// written as `\u{…}` escapes (a newline as `\n`); everything else as it is.
pub fn printable(s: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| (c.is_control() && c != '\t') || is_bidi_control(c);
    if !s.contains(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_are_encoded_byte_by_byte() {
        let cases: [(&[u8], &str); 9] = [
            (b"news/a.txt", "news/a.txt"),
            (b"caf\xe9.txt", "caf%E9.txt"),
            (b"caf\xe8.txt", "caf%E8.txt"),
            (b"caf%E9.txt", "caf%25E9.txt"),
            (b"50%.txt", "50%.txt"),
            (b"50%", "50%"),
            (b"line\nbreak\x1b[2J.txt", "line%0Abreak%1B[2J.txt"),
            ("café.txt".as_bytes(), "café.txt"),
            (b"%\xff", "%%FF"),
        ];
        for (raw, want) in cases {
            assert_eq!(encode(raw), want, "{raw:?}");
            assert_eq!(decode(want), raw, "{want}");
        }
        // C1 controls are encoded as their UTF-8 bytes.
        assert_eq!(encode("a\u{85}b".as_bytes()), "a%C2%85b");
    }

    proptest! {
        #[test]
        fn encoding_round_trips_and_is_injective(a in proptest::collection::vec(any::<u8>(), 0..24),
                                                 b in proptest::collection::vec(any::<u8>(), 0..24)) {
            let (ea, eb) = (encode(&a), encode(&b));
            prop_assert_eq!(decode(&ea), a.clone());
            prop_assert!(!ea.contains(|c: char| c.is_control()));
            if a != b {
                prop_assert_ne!(ea, eb);
            }
        }
    }

    #[test]
    fn printable_escapes_what_moves_the_terminal() {
        assert_eq!(printable("a/b c.txt"), "a/b c.txt");
        assert_eq!(printable("x\x1b]0;pwned\x07y"), "x\\u{1b}]0;pwned\\u{7}y");
        assert_eq!(printable("a\nb\rc"), "a\\nb\\rc");
        assert_eq!(printable("evil\u{202E}txt.exe"), "evil\\u{202e}txt.exe");
        assert_eq!(printable("\u{2066}x"), "\\u{2066}x");
    }
}
