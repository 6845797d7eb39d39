//! The pattern language: `{lexicon}` and `{fragment}` references expanded, `\\b` rewritten as an ASCII boundary.

use std::collections::HashMap;

use super::Lexicon;
use super::show::{SHOWN_CHARS, cut};

/// Expands `{lexicon}` references into alternations and rewrites `\b`/`\B` as ASCII boundaries.
/// A pattern longer than `max` bytes once expanded is an error (fragments used twice at each of 8 levels
/// would otherwise grow it 256-fold).
pub(super) fn expand(
    pattern: &str,
    lexicons: &HashMap<String, Lexicon>,
    fragments: &HashMap<String, String>,
    max: usize,
) -> Result<String, String> {
    expand_depth(pattern, lexicons, fragments, 0, max)
}

fn expand_depth(
    pattern: &str,
    lexicons: &HashMap<String, Lexicon>,
    fragments: &HashMap<String, String>,
    depth: usize,
    max: usize,
) -> Result<String, String> {
    let too_long = || format!("the pattern expands to more than {max} bytes (the cap on patterns)");
    if pattern.len() > max {
        return Err(too_long());
    }
    if depth > 8 {
        return Err("fragments nest more than 8 deep (a fragment refers to itself?)".into());
    }
    let mut out = String::with_capacity(pattern.len() * 2);
    let mut chars = pattern.char_indices().peekable();
    let mut in_class = 0usize;
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                let Some((_, n)) = chars.next() else {
                    return Err("pattern ends with a backslash".into());
                };
                if in_class == 0 && (n == 'b' || n == 'B') {
                    out.push_str(if n == 'b' { "(?-u:\\b)" } else { "(?-u:\\B)" });
                } else {
                    out.push('\\');
                    out.push(n);
                }
            }
            '[' => {
                in_class += 1;
                out.push(c);
            }
            ']' if in_class > 0 => {
                in_class -= 1;
                out.push(c);
            }
            '{' if in_class == 0 => {
                let rest = &pattern[i + 1..];
                let name_len = rest.find('}').unwrap_or(0);
                let name = &rest[..name_len];
                let is_name = !name.is_empty()
                    && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !is_name {
                    out.push(c);
                    continue;
                }
                if let Some(frag) = fragments.get(name) {
                    let inner = expand_depth(frag, lexicons, fragments, depth + 1, max)?;
                    out.push_str("(?:");
                    out.push_str(&inner);
                    out.push(')');
                    if out.len() > max {
                        return Err(too_long());
                    }
                    for _ in 0..=name_len {
                        chars.next();
                    }
                    continue;
                }
                let lex = lexicons
                    .get(name)
                    .ok_or_else(|| format!("unknown lexicon {{{}}}", cut(name, SHOWN_CHARS)))?;
                let alts: Vec<String> = lex.forms.iter().map(|f| escape_form(f)).collect();
                out.push_str("(?:");
                out.push_str(&alts.join("|"));
                out.push(')');
                if out.len() > max {
                    return Err(too_long());
                }
                for _ in 0..=name_len {
                    chars.next();
                }
            }
            _ => out.push(c),
        }
    }
    // Case-insensitive groups fold ASCII only: Unicode simple case folding (k ↔ K, s ↔ ſ) multiplies the lazy
    // DFA's states for no gain on English patterns. Inside such a group `\s`, `\d` and `\w` are ASCII too.
    Ok(out.replace("(?i:", "(?i-u:"))
}

/// A lexicon form as a regex: literal, with any run of spaces matching any run of whitespace.
fn escape_form(form: &str) -> String {
    form.split_whitespace()
        .map(regex_syntax_escape)
        .collect::<Vec<_>>()
        .join(r"\s+")
}

fn regex_syntax_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expansion_and_boundaries() {
        let mut lex = HashMap::new();
        let l = Lexicon {
            forms: vec!["Sept.".into(), "per cent".into()],
            ..Default::default()
        };
        lex.insert("m".to_string(), l);
        let mut frags = HashMap::new();
        frags.insert("f".to_string(), "a{m}".to_string());
        assert_eq!(
            expand("{f}", &lex, &frags, usize::MAX).unwrap(),
            r"(?:a(?:Sept\.|per\s+cent))"
        );
        assert_eq!(
            expand(r"\b{m}[\b]x{2}", &lex, &frags, usize::MAX).unwrap(),
            r"(?-u:\b)(?:Sept\.|per\s+cent)[\b]x{2}"
        );
        assert!(
            expand("{nope}", &lex, &frags, usize::MAX)
                .unwrap_err()
                .contains("unknown lexicon {nope}")
        );
    }
}
