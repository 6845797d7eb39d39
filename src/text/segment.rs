//! Splits a document body into headings, boilerplate and sentences.
//!
//! Lines are grouped into blocks (a hard-wrapped paragraph continues while a line lacks final punctuation and
//! the next starts in lower case). A block that matches a boilerplate rule (`Share:`, `Written by`, `Related
//! Articles`), repeats the title, or is a short line without final punctuation is never a claim. Running text is
//! split into sentences at `.`, `!`, `?` and `…` followed by a space and a capital, a digit or an opening quote,
//! except after an abbreviation from the rule files (`U.S.`, `Dr.`, `Jan.`, `No.`) or an initial (`R.`).

use std::collections::HashSet;

use regex_automata::{Anchored, Input, meta};

use crate::span::Span;
use crate::text::tokens::{Token, TokenKind, tokenize};

/// What a segment of the body is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SegmentKind {
    /// A sentence of running text: the only kind that can become a claim.
    Sentence,
    /// A title, heading, byline or other short line without final punctuation.
    Heading,
    /// Scraper boilerplate named by a boilerplate rule.
    Boilerplate,
}

/// One segment of a document body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    /// What it is.
    pub kind: SegmentKind,
    /// Where it is, trimmed of surrounding whitespace.
    pub span: Span,
}

/// How far a boilerplate line's effect reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoilerplateScope {
    /// Only the matching line.
    Line,
    /// The matching line and the next non-blank line (a byline after `Written by`).
    Next,
    /// The matching line and everything after it (`Related Articles`).
    Rest,
}

/// Whole-line boilerplate patterns compiled into one automaton.
#[derive(Debug)]
pub struct BoilerplateMatcher {
    regex: meta::Regex,
    scopes: Vec<BoilerplateScope>,
}

impl BoilerplateMatcher {
    /// Compiles patterns that must match a whole trimmed line.
    pub fn new(
        patterns: &[(String, BoilerplateScope)],
    ) -> Result<BoilerplateMatcher, Box<meta::BuildError>> {
        let anchored: Vec<String> = patterns.iter().map(|(p, _)| format!("^(?:{p})$")).collect();
        let regex = meta::Regex::new_many(&anchored).map_err(Box::new)?;
        Ok(BoilerplateMatcher {
            regex,
            scopes: patterns.iter().map(|(_, s)| *s).collect(),
        })
    }

    /// The scope of the first pattern matching the whole of `line`, if any.
    pub fn scope(&self, line: &str) -> Option<BoilerplateScope> {
        let m = self
            .regex
            .search(&Input::new(line).anchored(Anchored::Yes))?;
        Some(self.scopes[m.pattern().as_usize()])
    }
}

/// The data the segmenter needs from the rule files.
#[derive(Debug, Default)]
pub struct SegmentRules {
    /// Tokens (with their period) after which a period never ends a sentence: `Dr.`, `Jan.`, `No.`.
    pub abbreviations: HashSet<String>,
    /// Tokens after which a period ends a sentence only when a typical sentence opener follows: `U.S.`, `Inc.`.
    pub may_end: HashSet<String>,
    /// Words that typically open a sentence (`The`, `It`, `In`), consulted after `may_end` abbreviations.
    pub starters: HashSet<String>,
    /// Whole-line boilerplate patterns.
    pub boilerplate: Option<BoilerplateMatcher>,
}

/// Lines of at most this many words without final punctuation are headings.
const HEADING_MAX_WORDS: usize = 12;

/// Splits `text[body]` into segments, in order.
pub fn segment(text: &str, body: Span, title: Option<&str>, rules: &SegmentRules) -> Vec<Segment> {
    let lines = lines(text, body);
    let title = title.map(str::trim).filter(|t| !t.is_empty());
    let mut out = Vec::new();
    let mut rest = false;
    let mut skip_next = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        if line.is_empty() {
            continue;
        }
        let line_text = line.slice(text);
        if rest || skip_next {
            skip_next = false;
            out.push(Segment {
                kind: SegmentKind::Boilerplate,
                span: line,
            });
            continue;
        }
        if let Some(scope) = rules.boilerplate.as_ref().and_then(|b| b.scope(line_text)) {
            out.push(Segment {
                kind: SegmentKind::Boilerplate,
                span: line,
            });
            match scope {
                BoilerplateScope::Line => {}
                BoilerplateScope::Next => skip_next = true,
                BoilerplateScope::Rest => rest = true,
            }
            continue;
        }
        if title == Some(line_text) {
            out.push(Segment {
                kind: SegmentKind::Heading,
                span: line,
            });
            continue;
        }
        // Grow a hard-wrapped paragraph.
        let mut block = line;
        while i < lines.len() && !lines[i].is_empty() && !ends_sentence(block.slice(text)) {
            let next = lines[i].slice(text);
            if !next.chars().next().is_some_and(char::is_lowercase) {
                break;
            }
            block = Span::new(block.start, lines[i].end);
            i += 1;
        }
        let block_text = block.slice(text);
        if !ends_sentence(block_text)
            && block_text
                .split_whitespace()
                .nth(HEADING_MAX_WORDS)
                .is_none()
        {
            out.push(Segment {
                kind: SegmentKind::Heading,
                span: block,
            });
            continue;
        }
        split_sentences(text, block, rules, &mut out);
    }
    out
}

/// Trimmed line spans of `text[body]`; blank lines are empty spans.
fn lines(text: &str, body: Span) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = body.start;
    while start < body.end {
        let end = memchr::memchr(b'\n', &bytes[start..body.end]).map_or(body.end, |i| start + i);
        let raw = &text[start..end];
        let trimmed = raw.trim();
        let lead = raw.len() - raw.trim_start().len();
        let s = start + lead;
        out.push(if trimmed.is_empty() {
            Span::new(s, s)
        } else {
            Span::new(s, s + trimmed.len())
        });
        start = end + 1;
    }
    out
}

fn is_terminal(s: &str) -> bool {
    matches!(s, "!" | "?" | "…" | "‼" | "⁇") || (!s.is_empty() && s.bytes().all(|b| b == b'.'))
}

fn is_closer(s: &str) -> bool {
    matches!(s, "\"" | "”" | "’" | "'" | ")" | "]" | "»" | "›")
}

/// Whether a block ends like a sentence: final punctuation, possibly inside closing quotes or brackets.
fn ends_sentence(block: &str) -> bool {
    let trimmed = block.trim_end_matches(|c: char| is_closer(c.encode_utf8(&mut [0; 4])));
    trimmed.ends_with(['.', '!', '?', '…', ':', ';'])
}

fn split_sentences(text: &str, block: Span, rules: &SegmentRules, out: &mut Vec<Segment>) {
    let tokens: Vec<Token> = tokenize(text, block).collect();
    let Some(first) = tokens.first() else { return };
    let mut sent_start = first.span.start;
    let mut i = 0;
    while i < tokens.len() {
        let tok = tokens[i];
        i += 1;
        if tok.kind != TokenKind::Punct || !is_terminal(tok.span.slice(text)) {
            continue;
        }
        let mut end = tok.span.end;
        while i < tokens.len() && tokens[i].span.start == end {
            let s = tokens[i].span.slice(text);
            if !(is_closer(s) || is_terminal(s)) {
                break;
            }
            end = tokens[i].span.end;
            i += 1;
        }
        let Some(next) = tokens.get(i) else { break };
        if next.span.start == end || !opens_sentence(next.span.slice(text)) {
            continue;
        }
        if tok.span.slice(text) == "." && i >= 2 && !keeps_period(text, &tokens, i, rules) {
            continue;
        }
        out.push(Segment {
            kind: SegmentKind::Sentence,
            span: Span::new(sent_start, end),
        });
        sent_start = next.span.start;
    }
    out.push(Segment {
        kind: SegmentKind::Sentence,
        span: Span::new(sent_start, block.end),
    });
}

/// Whether the period before `tokens[next]` ends a sentence, judged by the word it follows.
fn keeps_period(text: &str, tokens: &[Token], next: usize, rules: &SegmentRules) -> bool {
    // Find the period token: the last terminal before `next`, skipping closers.
    let mut p = next - 1;
    while p > 0 && tokens[p].span.slice(text) != "." {
        p -= 1;
    }
    if p == 0 {
        return true;
    }
    let word = tokens[p - 1];
    if word.kind != TokenKind::Word || word.span.end != tokens[p].span.start {
        return true;
    }
    let with_period = &text[word.span.start..tokens[p].span.end];
    if rules.abbreviations.contains(with_period) {
        return false;
    }
    let w = word.span.slice(text);
    let mut chars = w.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_uppercase()
    {
        return false; // an initial: "Joseph R. Biden"
    }
    if rules.may_end.contains(with_period) {
        return rules.starters.contains(tokens[next].span.slice(text));
    }
    true
}

fn opens_sentence(token: &str) -> bool {
    token.chars().next().is_some_and(|c| {
        c.is_uppercase()
            || c.is_ascii_digit()
            || matches!(
                c,
                '"' | '“' | '‘' | '\'' | '(' | '[' | '—' | '–' | '-' | '•'
            )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> SegmentRules {
        let set = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect();
        SegmentRules {
            abbreviations: set(&["Dr.", "Jan.", "No.", "Mr."]),
            may_end: set(&["U.S.", "Inc."]),
            starters: set(&["The", "It"]),
            boilerplate: Some(
                BoilerplateMatcher::new(&[
                    ("Share:?".into(), BoilerplateScope::Line),
                    ("Written by".into(), BoilerplateScope::Next),
                    ("Related Articles".into(), BoilerplateScope::Rest),
                ])
                .unwrap(),
            ),
        }
    }

    fn run<'a>(text: &'a str, title: Option<&str>) -> Vec<(SegmentKind, &'a str)> {
        segment(text, Span::new(0, text.len()), title, &rules())
            .into_iter()
            .map(|s| (s.kind, s.span.slice(text)))
            .collect()
    }

    fn sentences(text: &str) -> Vec<&str> {
        run(text, None)
            .into_iter()
            .filter(|(k, _)| *k == SegmentKind::Sentence)
            .map(|(_, s)| s)
            .collect()
    }

    #[test]
    fn sentence_table() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Dr. Lee met Mr. Kim. They agreed.",
                &["Dr. Lee met Mr. Kim.", "They agreed."],
            ),
            (
                "It grew 3.5 percent. Then fell.",
                &["It grew 3.5 percent.", "Then fell."],
            ),
            (
                "The U.S. Department of Energy said so.",
                &["The U.S. Department of Energy said so."],
            ),
            (
                "It left the U.S. The end came.",
                &["It left the U.S.", "The end came."],
            ),
            (
                "Joseph R. Biden spoke on Jan. 5 in Order No. 7.",
                &["Joseph R. Biden spoke on Jan. 5 in Order No. 7."],
            ),
            (
                "He said “stop.” She left!",
                &["He said “stop.”", "She left!"],
            ),
            ("Is it? yes it is.", &["Is it? yes it is."]),
            (
                "Acme Inc. said it would. Acme Inc. The firm.",
                &["Acme Inc. said it would.", "Acme Inc.", "The firm."],
            ),
            (
                "Wait... It came.\r\nNext line here is a sentence.",
                &["Wait...", "It came.", "Next line here is a sentence."],
            ),
        ];
        for (input, want) in cases {
            assert_eq!(sentences(input), *want, "{input:?}");
        }
    }

    #[test]
    fn headings_boilerplate_and_title() {
        let text = "My Title\n\nMy Title\n\nJane Doe\n\nWritten by\n\nJane Doe\n\nBody text here. More.\nShare:\nRelated Articles\nAnything at all.";
        let got = run(text, Some("My Title"));
        use SegmentKind::*;
        assert_eq!(
            got,
            [
                (Heading, "My Title"),
                (Heading, "My Title"),
                (Heading, "Jane Doe"),
                (Boilerplate, "Written by"),
                (Boilerplate, "Jane Doe"),
                (Sentence, "Body text here."),
                (Sentence, "More."),
                (Boilerplate, "Share:"),
                (Boilerplate, "Related Articles"),
                (Boilerplate, "Anything at all."),
            ]
        );
    }

    #[test]
    fn hard_wrapped_paragraph_is_one_block() {
        let text = "The agency said that it would\nextend the program through 2027. It did.";
        assert_eq!(
            sentences(text),
            [
                "The agency said that it would\nextend the program through 2027.",
                "It did."
            ]
        );
    }
}
