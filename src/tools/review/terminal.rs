//! The terminal view of one record.

use std::fmt::Write as _;

use super::{Fact, Layout, ReviewDoc, joined, location, parse, place_in_claim, plural};
use crate::model::names;
use crate::model::value::FactType;
use crate::record::Role;

/// A terminal view of one document: the article (or, without its text, each claim's sentence) with every fact
/// marked: ANSI colours by fact type when `color`, else plain markers like `[[74 percent]]{percentage}`.
///
/// A list of the facts with their values and rules follows. Control characters and bidi controls from the
/// record or the article (an escape sequence, a lone carriage return, U+202E) are shown as `\u{…}` escapes
/// ([`names::printable`]), never sent to the terminal; line feeds in the text stay.
pub fn terminal(doc: &ReviewDoc, color: bool) -> String {
    let d = parse(1, doc);
    let paint = |code: &str, s: &str| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let fact = |f: &Fact, shown: &str| {
        if color {
            format!("\x1b[1;{}m{}\x1b[0m", ansi(f.ty), visible(shown))
        } else {
            format!("[[{}]]{{{}}}", visible(shown), f.ty)
        }
    };
    let mut out = String::new();
    let _ = writeln!(out, "{}", paint("1", &one_line(d.heading())));
    let types = FactType::ALL;
    let counts: Vec<String> = types
        .iter()
        .filter_map(|&t| {
            let n = d.fact_count(t);
            (n > 0).then(|| format!("{t} {n}"))
        })
        .collect();
    let mut meta = format!(
        "{} · {} · {}",
        one_line(d.path),
        plural(d.claims.len(), "claim", "claims"),
        plural(d.facts().count(), "fact", "facts")
    );
    if !counts.is_empty() {
        let _ = write!(meta, " ({})", counts.join(", "));
    }
    let _ = writeln!(out, "{}", paint("2", &meta));
    if color {
        let legend: Vec<String> = types
            .iter()
            .map(|&t| format!("\x1b[1;{}m{t}\x1b[0m", ansi(t)))
            .collect();
        let _ = writeln!(out, "{}", legend.join("  "));
    }
    out.push('\n');
    match &d.layout {
        Layout::Text(text) => {
            let mut cursor = 0;
            for f in d.facts() {
                let s = f.span;
                out.push_str(&visible(&text[cursor..s.start()]));
                out.push_str(&fact(f, s.slice(text)));
                cursor = s.end();
            }
            out.push_str(&visible(&text[cursor..]));
            if !out.ends_with('\n') {
                out.push('\n');
            }
        }
        Layout::Claims { note } => {
            let note = note.as_deref().unwrap_or(
                "The article text is not available: each claim's sentence is shown with its facts.",
            );
            let _ = writeln!(out, "{}\n", paint("33", note));
            for c in &d.claims {
                let places = place_in_claim(c);
                let mut line = String::new();
                let mut cursor = 0;
                for (f, p) in c.facts.iter().zip(&places) {
                    if let Some(p) = p {
                        line.push_str(&visible(&c.text[cursor..p.start()]));
                        line.push_str(&fact(f, p.slice(c.text)));
                        cursor = p.end();
                    }
                }
                line.push_str(&visible(&c.text[cursor..]));
                for (f, _) in c.facts.iter().zip(&places).filter(|(_, p)| p.is_none()) {
                    let _ = write!(line, " {}", fact(f, f.text));
                }
                let mut kinds = joined(c.kinds, ", ");
                if c.role != Role::Body {
                    kinds = format!("{}: {kinds}", c.role.as_str());
                }
                let _ = writeln!(
                    out,
                    "{} {}\n    {line}\n",
                    paint("2", &location(c.line, c.column)),
                    paint("2", &format!("[{kinds}]"))
                );
            }
        }
    }
    if d.facts().next().is_some() {
        let _ = writeln!(out, "\n{}", paint("1", "Facts"));
        for f in d.facts() {
            let ty = format!("{:<12}", f.ty.as_str());
            let _ = writeln!(
                out,
                "{:>4}  {:<8} {} {}  = {}  {}",
                f.n,
                location(f.line, f.column),
                if color {
                    format!("\x1b[1;{}m{ty}\x1b[0m", ansi(f.ty))
                } else {
                    ty
                },
                one_line(f.text),
                one_line(&f.readable()),
                paint("2", &format!("({})", one_line(f.rule))),
            );
        }
    }
    out
}

/// The SGR colour of a fact type.
fn ansi(ty: FactType) -> &'static str {
    match ty {
        FactType::Date => "34",
        FactType::Percentage => "33",
        FactType::Money => "32",
        FactType::Quantity => "36",
        FactType::Organization => "35",
        FactType::Policy => "31",
    }
}

/// Text of many lines safe to print on a terminal: line feeds stay (CRLF becomes LF), and everything else
/// [`names::printable`] escapes is shown as a `\u{…}` escape, never sent: control characters (ESC above all,
/// a lone carriage return) and bidi controls, which would reorder the rest of the line.
fn visible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut lines = s.split('\n').peekable();
    while let Some(line) = lines.next() {
        let more = lines.peek().is_some();
        let line = if more {
            line.strip_suffix('\r').unwrap_or(line)
        } else {
            line
        };
        out.push_str(&names::printable(line));
        if more {
            out.push('\n');
        }
    }
    out
}

/// A name, type, rule or value safe to print on one line of a terminal: [`names::printable`], so a line feed
/// is `\n` too.
fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    names::printable(s)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use serde_json::Value;

    #[test]
    fn terminal_marks_facts_plain_and_in_colour() {
        let mut doc = extract(
            "a.txt",
            "Title\n\nThe US controls 74 percent of AI compute.\n",
        );
        let plain = terminal(&doc, false);
        assert!(plain.contains("The US controls [[74 percent]]{percentage} of AI compute."));
        assert!(!plain.contains('\x1b'));
        let colour = terminal(&doc, true);
        assert!(colour.contains("\x1b[1;33m74 percent\x1b[0m"));
        doc.text = None;
        let claims = terminal(&doc, false);
        assert!(claims.contains("not available"));
        assert!(claims.contains("    The US controls [[74 percent]]{percentage} of AI compute."));
    }

    #[test]
    fn terminal_never_sends_control_characters() {
        let text = "Title\x1b[2J\n\nThe \x1b]0;pwned\x07US controls 74 percent of AI compute.\r\n";
        let plain = terminal(&extract("a.txt", text), false);
        assert!(!plain.contains('\x1b') && !plain.contains('\x07') && !plain.contains('\r'));
        assert!(plain.contains("Title\\u{1b}[2J\n"), "{plain}");
        assert!(
            plain.contains("The \\u{1b}]0;pwned\\u{7}US controls"),
            "{plain}"
        );
    }

    #[test]
    fn bidi_and_control_characters_never_reach_the_terminal_raw() {
        let mut record = bidi_record();
        let claim = "Rose \u{202E}5 percent\u{2067}\r\nto\x1b[2Jday.\u{85}";
        record["claims"][0]["text"] = Value::String(claim.into());
        record["claims"][0]["span"]["end"] = claim.len().into();
        let record = self::record(record);
        let text = "Rose \u{202E}5 percent\u{2067}\r\nto\x1b[2Jday.\u{85}\r\nlast\rline\u{2069}\n";
        for doc in [
            ReviewDoc {
                record: record.clone(),
                text: None,
            },
            ReviewDoc {
                record: record.clone(),
                text: Some(text.into()),
            },
        ] {
            let plain = terminal(&doc, false);
            for c in BIDI {
                assert!(!plain.contains(c), "raw U+{:04X}: {plain}", u32::from(c));
            }
            assert!(
                !plain.contains(|c: char| c.is_control() && c != '\n'),
                "{plain:?}"
            );
            assert!(
                plain.starts_with("Title\\u{202e}x\nevil\\u{202e}txt.exe\\u{2066}.txt · "),
                "{plain}"
            );
            assert!(plain.contains("{percentage}"), "{plain}");
            assert!(plain.contains("(r\\u{202e}/x)"), "{plain}");
            assert!(plain.contains("to\\u{1b}[2Jday.\\u{85}"), "{plain}");
            let colour = terminal(&doc, true);
            assert!(!colour.contains(BIDI.as_slice()), "{colour}");
            // The only escape sequences are the view's own colours.
            assert!(!colour.contains("\x1b[2J"), "{colour}");
        }
        let shown = terminal(
            &ReviewDoc {
                record,
                text: Some(text.into()),
            },
            false,
        );
        assert!(shown.contains("last\\rline\\u{2069}\n"), "{shown}");
    }
}
