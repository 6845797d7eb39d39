//! A byte-loop tokenizer: words, numbers and punctuation with byte spans.
//!
//! Words keep their inner periods, apostrophes and hyphens (`U.S`, `don’t`, `Q-CTRL`), numbers keep their
//! decimal points and thousands separators (`3.5`, `2,400`), so the sentence splitter can ask "which word ends
//! at this period?" without rescanning. Every other non-space character is a punctuation token of its own, except
//! runs of periods (`...`), which stay together.

use crate::model::span::ByteSpan;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (any script), possibly with inner `.`, `'`, `’`, `-` and digits.
    Word,
    /// Starts with an ASCII digit: `2026`, `3.5`, `2,400`, `117-167`.
    Number,
    /// Any other single character, or a run of periods.
    Punct,
}

/// One token of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// What the token is.
    pub kind: TokenKind,
    /// Where it is.
    pub span: ByteSpan,
}

/// Iterates over the tokens of `text[range]`; spans are offsets into `text`.
pub fn tokenize(text: &str, range: ByteSpan) -> Tokens<'_> {
    Tokens {
        text,
        pos: range.start(),
        end: range.end(),
    }
}

/// The iterator returned by [`tokenize`].
#[derive(Debug, Clone)]
pub struct Tokens<'a> {
    text: &'a str,
    pos: usize,
    end: usize,
}

fn is_alnum(c: char) -> bool {
    c.is_alphanumeric()
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let bytes = self.text.as_bytes();
        // Skip ASCII whitespace quickly, other whitespace through char decoding.
        loop {
            if self.pos >= self.end {
                return None;
            }
            let b = bytes[self.pos];
            if b.is_ascii_whitespace() {
                self.pos += 1;
                continue;
            }
            if b < 0x80 {
                break;
            }
            let c = self.text[self.pos..].chars().next()?;
            if c.is_whitespace() {
                self.pos += c.len_utf8();
                continue;
            }
            break;
        }
        let start = self.pos;
        let first = self.text[start..].chars().next()?;
        if !is_alnum(first) {
            let mut end = start + first.len_utf8();
            if first == '.' {
                while end < self.end && bytes[end] == b'.' {
                    end += 1;
                }
            }
            self.pos = end;
            return Some(Token {
                kind: TokenKind::Punct,
                span: ByteSpan::new(start, end),
            });
        }
        let kind = if first.is_ascii_digit() {
            TokenKind::Number
        } else {
            TokenKind::Word
        };
        let mut end = start + first.len_utf8();
        while end < self.end {
            let b = bytes[end];
            if b.is_ascii_alphanumeric() {
                end += 1;
                continue;
            }
            let Some(c) = self.text[end..].chars().next() else {
                break;
            };
            if is_alnum(c) {
                end += c.len_utf8();
                continue;
            }
            // Inner joiners stay in the token only when an alphanumeric character follows.
            let joiner = matches!(c, '.' | '\'' | '’' | '-' | '‑')
                || (c == ',' && kind == TokenKind::Number);
            let next = end + c.len_utf8();
            let followed =
                next < self.end && self.text[next..].chars().next().is_some_and(is_alnum);
            if joiner && followed {
                end = next;
                continue;
            }
            break;
        }
        self.pos = end;
        Some(Token {
            kind,
            span: ByteSpan::new(start, end),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        tokenize(s, ByteSpan::new(0, s.len()))
            .map(|t| t.span.slice(s))
            .collect()
    }

    #[test]
    fn table() {
        let cases: &[(&str, &[&str])] = &[
            (
                "The U.S. grew 3.5%.",
                &["The", "U.S", ".", "grew", "3.5", "%", "."],
            ),
            (
                "It’s Q-CTRL’s “win”…",
                &["It’s", "Q-CTRL’s", "“", "win", "”", "…"],
            ),
            (
                "2,400 jobs, 117-167.",
                &["2,400", "jobs", ",", "117-167", "."],
            ),
            ("Wait... what?!", &["Wait", "...", "what", "?", "!"]),
            (
                "  \u{a0}café\tSection 5(c)",
                &["café", "Section", "5", "(", "c", ")"],
            ),
            ("", &[]),
        ];
        for (input, want) in cases {
            assert_eq!(texts(input), *want, "{input:?}");
        }
    }

    #[test]
    fn kinds() {
        let s = "No. 7 x";
        let kinds: Vec<_> = tokenize(s, ByteSpan::new(0, s.len()))
            .map(|t| t.kind)
            .collect();
        assert_eq!(
            kinds,
            [
                TokenKind::Word,
                TokenKind::Punct,
                TokenKind::Number,
                TokenKind::Word
            ]
        );
    }
}
