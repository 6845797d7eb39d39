//! Property: every claim's and fact's text equals the document text at its byte span and at its code-point
//! span, and line:column agree, whatever the text.

use claimscan::{Document, Record};
use proptest::prelude::*;

use crate::common::extractor;

/// Checks every offset of a record against its text.
pub fn check_spans(text: &str, record: &Record) {
    let chars: Vec<char> = text.chars().collect();
    let check = |what: &str, t: &str, loc: &claimscan::record::Location| {
        assert_eq!(&text[loc.span.range()], t, "{what}: byte span");
        let by_chars: String = chars[loc.chars.range()].iter().collect();
        assert_eq!(by_chars, t, "{what}: code-point span");
        let before = &text[..loc.span.start()];
        assert_eq!(loc.line, before.matches('\n').count() + 1, "{what}: line");
        assert_eq!(
            loc.column,
            before.rsplit('\n').next().unwrap().chars().count() + 1,
            "{what}: column"
        );
    };
    for c in &record.claims {
        check("claim", &c.text, &c.location);
        for f in &c.facts {
            check("fact", &f.text, &f.location);
            assert!(
                c.location.span.start() <= f.location.span.start()
                    && f.location.span.end() <= c.location.span.end()
            );
        }
    }
}

fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "The Department of Energy’s",
        "74 percent",
        "53.4%",
        "January 2026",
        "by the end of 2026",
        "in 2027",
        "Section 5(c)",
        "Executive Order 14110",
        "ITAR",
        "“quoted”",
        "café",
        "—",
        "–",
        " ",
        " ",
        "\n",
        "\r\n",
        "\n\n",
        ". ",
        "? ",
        "U.S.",
        "Dr.",
        "NVIDIA",
        "AUKUS Pillar II",
        "24 American organizations",
        "🙂",
        "é2026",
        "March 3, 2025",
        "\u{feff}",
        "\t",
        "a",
        "Share:",
        "Written by",
        "Related Articles",
        "Title",
        "---\n",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn spans_are_exact(pieces in prop::collection::vec(piece(), 0..60)) {
        let text: String = pieces.concat();
        let doc = Document::from_str("p.txt", &text, None);
        let record = extractor().extract(&doc);
        check_spans(&doc.text, &record);
    }
}
