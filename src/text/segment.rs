//! Splits a document's rendering ([`View`]) into the title, headings, boilerplate and sentences.
//!
//! Each block of the rendering is decided whole ([`segment`]). A block that matches a boilerplate rule
//! (`Share:`, `Written by`, `Related Articles`) or repeats the title is never a claim. Running text is
//! split into sentences at `.`, `!`, `?` and `…` followed by a space and a capital, a digit or an opening quote,
//! except after an abbreviation from the rule files (`U.S.`, `Dr.`, `Jan.`, `No.`) or an initial (`R.`).

use std::collections::HashSet;

use regex_automata::{Anchored, Input, meta};

use crate::model::span::ByteSpan;
use crate::text::tokens::{Token, TokenKind, tokenize};
use crate::text::view::{BlockKind, View};

/// What a segment of the body is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SegmentKind {
    /// A sentence of running text: a claim with the role `body` when it holds facts.
    Sentence,
    /// The document's title: a claim when it holds facts, with the role `title`.
    Title,
    /// A heading, byline or other short block without final punctuation: a claim when it holds facts, with
    /// the role `heading`.
    Heading,
    /// Scraper boilerplate named by a boilerplate rule.
    Boilerplate,
}

/// One segment of a document's rendering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    /// What it is.
    pub kind: SegmentKind,
    /// Where it is in [`View::text`], trimmed of surrounding whitespace.
    pub span: ByteSpan,
    /// Why it is of that kind.
    pub why: Why,
}

/// Why a segment is of its kind, for `explain`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// Running text split at sentence ends.
    Sentence,
    /// The document's title.
    Title,
    /// A heading the markup marks (`#`, setext, `<h2>`).
    MarkupHeading,
    /// A paragraph all in bold, italics or underline, without final punctuation.
    EmphasisOnly,
    /// A block of at most 12 words without final punctuation.
    ShortBlock,
    /// A section label opening a block (`Sec. 2.  Objectives.`).
    SectionLabel,
    /// A block repeating the title.
    RepeatsTitle,
    /// A block a boilerplate rule matches.
    BoilerplateRule,
    /// A block after a boilerplate rule whose scope reaches it.
    AfterBoilerplate,
}

impl Why {
    /// A short phrase for `explain`.
    pub fn describe(self) -> &'static str {
        match self {
            Why::Sentence => "sentence of running text",
            Why::Title => "the title",
            Why::MarkupHeading => "a heading in the markup",
            Why::EmphasisOnly => "all bold, italic or underlined, no final punctuation",
            Why::ShortBlock => "at most 12 words, no final punctuation",
            Why::SectionLabel => "a section label opening the block",
            Why::RepeatsTitle => "repeats the title",
            Why::BoilerplateRule => "matches a boilerplate rule",
            Why::AfterBoilerplate => "after a boilerplate rule that reaches it",
        }
    }
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
        let regex = meta::Regex::new_many(&Self::anchored(patterns)).map_err(Box::new)?;
        Ok(Self::from_regex(regex, patterns))
    }

    /// The patterns as [`BoilerplateMatcher::new`] compiles them: each anchored to the whole line.
    pub fn anchored(patterns: &[(String, BoilerplateScope)]) -> Vec<String> {
        patterns.iter().map(|(p, _)| format!("^(?:{p})$")).collect()
    }

    /// A matcher from a regex the caller compiled from [`BoilerplateMatcher::anchored`]`(patterns)` (with its
    /// own size limits).
    pub fn from_regex(
        regex: meta::Regex,
        patterns: &[(String, BoilerplateScope)],
    ) -> BoilerplateMatcher {
        debug_assert_eq!(regex.pattern_len(), patterns.len());
        BoilerplateMatcher {
            regex,
            scopes: patterns.iter().map(|(_, s)| *s).collect(),
        }
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

/// Blocks of at most this many words without final punctuation are headings.
const HEADING_MAX_WORDS: usize = 12;

/// Splits a document's rendering into segments, in order: one or more per block.
///
/// Headings are decided per block, never per physical line: the markup's headings, emphasis-only
/// paragraphs, the title, a paragraph or quote of at most `HEADING_MAX_WORDS` (12) words that does not end like
/// a sentence, and a section label opening a block (`Sec. 2.  Objectives.`), which is split from the
/// sentences after it. List items and table rows are running text whatever their length.
pub fn segment(view: &View, rules: &SegmentRules) -> Vec<Segment> {
    let text = view.text.as_str();
    let mut out = Vec::new();
    let mut rest = false;
    let mut skip_next = false;
    let mut title: Option<&str> = None;
    let seg = |kind, span, why| Segment { kind, span, why };
    for block in &view.blocks {
        let span = block.span;
        let block_text = span.slice(text);
        if rest || skip_next {
            skip_next = false;
            out.push(seg(SegmentKind::Boilerplate, span, Why::AfterBoilerplate));
            continue;
        }
        if let Some(scope) = rules.boilerplate.as_ref().and_then(|b| b.scope(block_text)) {
            out.push(seg(SegmentKind::Boilerplate, span, Why::BoilerplateRule));
            match scope {
                BoilerplateScope::Line => {}
                BoilerplateScope::Next => skip_next = true,
                BoilerplateScope::Rest => rest = true,
            }
            continue;
        }
        if block.kind == BlockKind::Title {
            title = Some(block_text);
            out.push(seg(SegmentKind::Title, span, Why::Title));
            continue;
        }
        if title == Some(block_text) {
            out.push(seg(SegmentKind::Boilerplate, span, Why::RepeatsTitle));
            continue;
        }
        match block.kind {
            BlockKind::Heading => {
                out.push(seg(SegmentKind::Heading, span, Why::MarkupHeading));
                continue;
            }
            BlockKind::EmphasisOnly => {
                out.push(seg(SegmentKind::Heading, span, Why::EmphasisOnly));
                continue;
            }
            BlockKind::Paragraph | BlockKind::Quote
                if !ends_sentence(block_text)
                    && block_text
                        .split_whitespace()
                        .nth(HEADING_MAX_WORDS)
                        .is_none() =>
            {
                out.push(seg(SegmentKind::Heading, span, Why::ShortBlock));
                continue;
            }
            _ => {}
        }
        let mut body = span;
        if let Some(label) = section_label(block_text) {
            let head = ByteSpan::new(span.start(), span.start() + label);
            out.push(seg(SegmentKind::Heading, head, Why::SectionLabel));
            let rest_text = &text[head.end()..span.end()];
            let lead = rest_text.len() - rest_text.trim_start().len();
            body = ByteSpan::new(head.end() + lead, span.end());
            if body.is_empty() {
                continue;
            }
        }
        split_sentences(text, body, rules, &mut out);
    }
    out
}

/// The length of a section label opening a block: `Sec. 2.`, `Section 1.`, `SEC. 3.` and the short title
/// after it when there is one (`Sec. 2.  Objectives.`, `Section 1. Purpose.`).
fn section_label(block: &str) -> Option<usize> {
    let after_word = ["Section", "SECTION", "Sec.", "SEC.", "Sec", "SEC"]
        .iter()
        .find_map(|w| block.strip_prefix(w))?;
    let rest = after_word.trim_start();
    if rest.len() == after_word.len() {
        return None; // "Sections", "Secure"
    }
    let num = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    if num == 0 || !rest.as_bytes()[0].is_ascii_digit() || rest.as_bytes().get(num) != Some(&b'.') {
        return None;
    }
    let label_end = block.len() - rest.len() + num + 1;
    let after = &block[label_end..];
    if !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    // A short title ending with a period, followed by the end of the block or a new sentence.
    let title = after.trim_start();
    let title_start = block.len() - title.len();
    let dot = title
        .find(". ")
        .or_else(|| title.ends_with('.').then(|| title.len() - 1));
    if let Some(dot) = dot {
        let words = title[..dot].split_whitespace().count();
        let opens = title[dot + 1..].trim_start().chars().next();
        // Titles are in title case ("Establishment of the Council."); a sentence is not.
        let title_case = title[..dot]
            .split_whitespace()
            .all(|w| w.chars().count() <= 3 || !w.starts_with(|c: char| c.is_lowercase()));
        if (1..=10).contains(&words)
            && title_case
            && title.starts_with(|c: char| c.is_uppercase())
            && opens.is_none_or(|c| !c.is_lowercase())
        {
            return Some(title_start + dot + 1);
        }
    }
    Some(label_end)
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

fn split_sentences(text: &str, block: ByteSpan, rules: &SegmentRules, out: &mut Vec<Segment>) {
    let tokens: Vec<Token> = tokenize(text, block).collect();
    let Some(first) = tokens.first() else { return };
    let mut sent_start = first.span.start();
    let mut i = 0;
    while i < tokens.len() {
        let tok = tokens[i];
        i += 1;
        if tok.kind != TokenKind::Punct || !is_terminal(tok.span.slice(text)) {
            continue;
        }
        let mut end = tok.span.end();
        while i < tokens.len() && tokens[i].span.start() == end {
            let s = tokens[i].span.slice(text);
            if !(is_closer(s) || is_terminal(s)) {
                break;
            }
            end = tokens[i].span.end();
            i += 1;
        }
        let Some(next) = tokens.get(i) else { break };
        if next.span.start() == end || !opens_sentence(next.span.slice(text)) {
            continue;
        }
        if tok.span.slice(text) == "." && i >= 2 && !keeps_period(text, &tokens, i, rules) {
            continue;
        }
        out.push(Segment {
            kind: SegmentKind::Sentence,
            span: ByteSpan::new(sent_start, end),
            why: Why::Sentence,
        });
        sent_start = next.span.start();
    }
    out.push(Segment {
        kind: SegmentKind::Sentence,
        span: ByteSpan::new(sent_start, block.end()),
        why: Why::Sentence,
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
    if word.kind != TokenKind::Word || word.span.end() != tokens[p].span.start() {
        return true;
    }
    let with_period = &text[word.span.start()..tokens[p].span.end()];
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
        let set = |xs: &[&str]| xs.iter().map(std::string::ToString::to_string).collect();
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

    fn run(text: &str, title: Option<&str>) -> Vec<(SegmentKind, String)> {
        let view = View::new(
            text,
            ByteSpan::new(0, text.len()),
            crate::text::Format::Text,
            title,
            &[],
            &[],
        );
        segment(&view, &rules())
            .into_iter()
            .map(|s| (s.kind, s.span.slice(&view.text).to_string()))
            .collect()
    }

    fn sentences(text: &str) -> Vec<String> {
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
        let text = "My Title\n\nMy Title\n\nJane Doe\n\nWritten by\n\nJane Doe\n\nBody text here. More.\n\nShare:\n\nRelated Articles\n\nAnything at all.";
        let got = run(text, Some("My Title"));
        use SegmentKind::*;
        let got: Vec<(SegmentKind, &str)> = got.iter().map(|(k, s)| (*k, s.as_str())).collect();
        assert_eq!(
            got,
            [
                (Title, "My Title"),
                (Boilerplate, "My Title"),
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
                "The agency said that it would extend the program through 2027.",
                "It did."
            ]
        );
    }

    #[test]
    fn headings_are_decided_per_block() {
        let text = "A short line\nthat wraps on\n\nSec. 2.  Objectives.  The order sets\ngoals. It ends.\n\nSection 1. Purpose.\n\n- a list item without a period\n\nThe first of\nmany lines of a long paragraph that runs on\nwithout any final punctuation at all here";
        let got = run(text, None);
        use SegmentKind::*;
        let got: Vec<(SegmentKind, &str)> = got.iter().map(|(k, s)| (*k, s.as_str())).collect();
        assert_eq!(
            got,
            [
                (Heading, "A short line that wraps on"),
                (Heading, "Sec. 2. Objectives."),
                (Sentence, "The order sets goals."),
                (Sentence, "It ends."),
                (Heading, "Section 1. Purpose."),
                (Sentence, "a list item without a period"),
                (
                    Sentence,
                    "The first of many lines of a long paragraph that runs on without any final punctuation at all here"
                ),
            ]
        );
    }

    #[test]
    fn section_labels() {
        for (block, label) in [
            (
                "Sec. 2.  Objectives.  The order",
                Some("Sec. 2.  Objectives."),
            ),
            ("Section 1. Purpose.", Some("Section 1. Purpose.")),
            (
                "SEC. 3. The Secretary of Commerce shall, within 90 days of the date of this order, act.",
                Some("SEC. 3."),
            ),
            ("Sec. 4. This order applies to agencies.", Some("Sec. 4.")),
            (
                "Sec. 5.  Establishment of the National Energy Dominance Council.  (a) There",
                Some("Sec. 5.  Establishment of the National Energy Dominance Council."),
            ),
            ("Section 5(c) establishes agreements.", None),
            ("Section 232 of the Act applies.", None),
            ("Sections 2 and 3.", None),
            ("Sec. 12a. Definitions.", Some("Sec. 12a. Definitions.")),
        ] {
            assert_eq!(
                section_label(block).map(|n| &block[..n]),
                label,
                "{block:?}"
            );
        }
    }
}
