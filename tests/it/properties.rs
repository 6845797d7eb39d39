//! Properties: the invariants the fuzz targets check (`claimscan::tools::check`), on generated text.
//!
//! The generator mixes what the rules care about (numbers, months, weekdays, `%`, `$`, percentage points,
//! organizations and their acronyms, executive orders, sections) with what tends to break offsets (curly
//! quotes, dashes, CR and CRLF line endings, non-ASCII letters whose case changes their length, combining
//! marks, emoji, byte-order marks, front matter), plus arbitrary strings and bytes. Every property runs through
//! the same checks as one fuzz target; the case counts keep the file to a few seconds in a debug build.

use std::sync::OnceLock;

use claimscan::model::date::Date;
use claimscan::record::FactType;
use claimscan::tools::check;
use claimscan::{Document, Extractor};
use proptest::prelude::*;

/// Two extractors built separately from the embedded rules (their records must agree byte for byte).
pub fn extractors() -> [&'static Extractor; 2] {
    static A: OnceLock<Extractor> = OnceLock::new();
    static B: OnceLock<Extractor> = OnceLock::new();
    let build = || Extractor::embedded().expect("the embedded rules compile");
    [A.get_or_init(build), B.get_or_init(build)]
}

const WORDS: &[&str] = &[
    "the",
    "The",
    "agency",
    "said",
    "rose",
    "fell",
    "grew",
    "by",
    "in",
    "on",
    "of",
    "to",
    "at",
    "from",
    "between",
    "and",
    "through",
    "until",
    "about",
    "roughly",
    "nearly",
    "more than",
    "at least",
    "up",
    "down",
    "may",
    "May",
    "will",
    "last year",
    "next month",
    "this week",
    "the end of",
    "early",
    "mid-",
    "late",
    "Q2",
    "FY",
    "fiscal year",
    "the 2020s",
    "today",
    "It",
    "In",
    "Dr.",
    "Mr.",
    "U.S.",
    "Inc.",
    "No.",
    "R.",
    "Jan.",
    "Sept.",
    "a",
    "I",
    "x",
];

const CALENDAR: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "spring",
    "summer",
];

const UNITS: &[&str] = &[
    "%",
    " percent",
    " per cent",
    " percentage points",
    " percentage point",
    " basis points",
    " million",
    " billion",
    " organizations",
    " jobs",
    " agencies",
    "$",
    "€",
    "£",
    "US$",
];

const ENTITIES: &[&str] = &[
    "Department of Energy",
    "DOE",
    "the Department of Defense",
    "Department of Energy (DOE)",
    "Bureau of Industry and Security (BIS)",
    "BIS",
    "OpenAI",
    "NVIDIA",
    "Congress",
    "Amazon Web Services",
    "Q-CTRL",
    "AUKUS",
    "AUKUS Pillar II",
    "the Genesis Mission",
    "Executive Order 14110",
    "executive order",
    "the order",
    "Section 5(c)",
    "section 4 of Executive Order 14110",
    "Cooperative Research and Development Agreements (CRADAs)",
    "ITAR",
    "the CHIPS and Science Act",
    "Public Law 117-167",
];

const MARKS: &[&str] = &[
    ".", ". ", ",", ";", ":", "?", "!", "…", "...", "(", ")", "\"", "'", "“", "”", "‘", "’", "—",
    "–", "-", "/", "§", "#",
];

const SPACES: &[&str] = &[
    " ", " ", " ", " ", "  ", "\t", "\u{a0}", "\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "",
];

const EXOTIC: &[&str] = &[
    "é",
    "café",
    "Ünïcödé",
    "日本語",
    "Ελλάδα",
    "🙂",
    "👩‍🔬",
    "\u{feff}",
    "\u{200b}",
    "\u{2028}",
    "\u{85}",
    "\u{b}",
    "\u{c}",
    "e\u{301}",
    "İ",
    "ß",
    "ﬁ",
    "Ⅻ",
    "١٢٣",
    "²",
    "ǅ",
    "\u{0}",
];

const SCRAPE: &[&str] = &[
    "Share:",
    "Written by",
    "Related Articles",
    "---",
    "title: x",
    "date: 2025-11-24",
    "WASHINGTON, March 3, 2025 —",
];

fn pick(list: &'static [&'static str]) -> impl Strategy<Value = String> + Clone {
    prop::sample::select(list).prop_map(str::to_string)
}

/// Numbers as articles write them.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..1000).prop_map(|n| n.to_string()),
        (1900u32..2100).prop_map(|n| n.to_string()),
        (0u32..100, 0u32..100).prop_map(|(a, b)| format!("{a}.{b}")),
        (1u32..1000, 0u32..1000).prop_map(|(a, b)| format!("{a},{b:03}")),
        (0u32..100).prop_map(|n| format!("-{n}")),
        (1u32..32, 1u32..13, 1990u32..2040).prop_map(|(d, m, y)| format!("{y}-{m:02}-{d:02}")),
        (1u32..32).prop_map(|d| format!("{d}th")),
        Just("twenty".to_string()),
        Just("one-third".to_string()),
        Just("99999999999999999999".to_string()),
    ]
}

/// One piece of an article.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => pick(WORDS),
        4 => number(),
        3 => pick(CALENDAR),
        3 => pick(UNITS),
        3 => pick(ENTITIES),
        3 => pick(MARKS),
        2 => pick(EXOTIC),
        1 => pick(SCRAPE),
    ]
}

/// Optional front matter with a title and a date (good, bad or out of range), in LF or CRLF.
fn front_matter() -> impl Strategy<Value = String> {
    let date = prop_oneof![
        Just("2025-11-24"),
        Just("9999-12-31"),
        Just("0001-01-01"),
        Just("2024-02-29"),
        Just("2023-02-29"),
        Just("soon"),
        Just("2025-11-24T10:00:00Z"),
        Just("2025-1é-01"),
    ];
    prop_oneof![
        3 => Just(String::new()),
        1 => (date, any::<bool>(), any::<bool>()).prop_map(|(d, crlf, close)| {
            let nl = if crlf { "\r\n" } else { "\n" };
            let end = if close { "---" } else { "..." };
            format!("---{nl}title: \"A: B\"{nl}date: {d}{nl}{end}{nl}")
        }),
    ]
}

/// An article-like text: optional front matter, a title line, then fragments joined by spaces and breaks.
fn article() -> impl Strategy<Value = String> {
    (
        front_matter(),
        prop::collection::vec((fragment(), pick(SPACES)), 0..80),
    )
        .prop_map(|(fm, pieces)| {
            let mut text = fm;
            text.push_str("Title\n\n");
            for (piece, space) in pieces {
                text.push_str(&piece);
                text.push_str(&space);
            }
            text
        })
}

/// Article text with arbitrary characters spliced in.
fn mixed() -> impl Strategy<Value = String> {
    (
        article(),
        prop::collection::vec((any::<prop::sample::Index>(), any::<char>()), 0..8),
    )
        .prop_map(|(text, inserts)| {
            let mut chars: Vec<char> = text.chars().collect();
            for (at, c) in inserts {
                let i = at.index(chars.len() + 1);
                chars.insert(i, c);
            }
            chars.into_iter().collect()
        })
}

/// Any of the text generators.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => article(),
        2 => mixed(),
        1 => any::<String>(),
        1 => "[ -~\\n\\r\\t]{0,300}",
    ]
}

/// A text whose lines run past the offset map's 4 KB checkpoints, with multi-byte characters straddling them:
/// a long first line of filler, then an article on the same line.
fn long_line() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(
            pick(&["é ", "日本 ", "🙂", "word ", "a", "\u{301}", " "]),
            2000..4000,
        ),
        article(),
    )
        .prop_map(|(filler, article)| {
            let mut text = filler.concat();
            text.push_str(&article.replace("Title\n\n", ". "));
            text
        })
}

/// Bytes for the loader: text with byte-order marks, NUL bytes and broken UTF-8 spliced in.
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    let noise = prop::sample::select(vec![
        &b"\0"[..],
        b"\xff",
        b"\xc3",
        b"\xe2\x80",
        b"\xed\xa0\x80",
        b"\xf4\x90\x80\x80",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
    ]);
    (
        prop::collection::vec(Just(&b"\xef\xbb\xbf"[..]), 0..3),
        text(),
        prop::collection::vec((any::<prop::sample::Index>(), noise), 0..3),
    )
        .prop_map(|(boms, text, noise)| {
            let mut bytes = boms.concat();
            bytes.extend_from_slice(text.as_bytes());
            for (at, n) in noise {
                let i = at.index(bytes.len() + 1);
                bytes.splice(i..i, n.iter().copied());
            }
            bytes
        })
}

/// A publication date for `--doc-date`, including the ends of the calendar.
fn doc_date() -> impl Strategy<Value = Option<Date>> {
    prop_oneof![
        Just(None),
        Just(Date::new(2025, 11, 24)),
        Just(Date::new(1, 1, 1)),
        Just(Date::new(9999, 12, 31)),
        Just(Date::new(2024, 2, 29)),
        (1u32..=9999, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| Date::new(y as i32, m, d)),
    ]
}

/// A small rule file built from valid and invalid pieces: families, types, patterns with and without
/// captures and lexicon references, normalizers, entities, boilerplate and joins.
fn rule_file() -> impl Strategy<Value = String> {
    let fact_type = prop::sample::select(
        FactType::ALL
            .map(FactType::as_str)
            .into_iter()
            .chain(["nonsense"])
            .collect::<Vec<_>>(),
    )
    .prop_map(str::to_string);
    let normalizer = pick(&[
        "date",
        "percent",
        "quantity",
        "policy",
        "money",
        "organization",
        "nonsense",
    ]);
    let pattern_piece = pick(&[
        r"(?P<number>\d+)",
        r"(?P<year>\d{4})",
        r"(?P<month>{month})",
        r"(?P<day>\d{1,2})",
        r"(?P<mod>{mod})",
        r"(?P<unit>\w+)",
        r"(?P<fact>x)",
        r"{num}",
        r"{nosuchlexicon}",
        r"\b",
        r" ",
        r" ?",
        r"percent",
        r"%",
        r"(",
        r"a*",
        r"(?:)",
        r"\p{L}+",
        r"[",
        r"é",
        r"$",
        r"^",
        r".",
    ]);
    let pattern = prop::collection::vec(pattern_piece, 1..6).prop_map(|v| v.concat());
    let example = pick(&[
        "5 percent",
        "January 2026",
        "2026",
        "",
        "é",
        "Acme Corp said",
        "May 5",
    ]);
    let name = pick(&[
        "Acme Corporation",
        "",
        "DOE",
        "Department of Energy",
        "é",
        "a",
    ]);
    let acronym = pick(&["ACME", "DOE", "é", "A", "Q-CTRL", "doe", ""]);
    (
        pick(&["fz", "dates", ""]),
        fact_type,
        prop::collection::vec((pattern, normalizer, example, -2i32..3), 0..3),
        prop::collection::vec((name.clone(), name, acronym), 0..2),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(family, fact_type, rules, entities, boilerplate, join)| {
            let mut s = format!("family = \"{family}\"\ntype = \"{fact_type}\"\n");
            for (i, (pattern, normalizer, example, priority)) in rules.into_iter().enumerate() {
                s.push_str(&format!(
                    "\n[[rule]]\nid = \"{family}/r{i}\"\npattern = '{pattern}'\nnormalizer = \
                     \"{normalizer}\"\npriority = {priority}\nexamples = [{{ text = \"{example}\" }}]\n\
                     counter_examples = [\"{example}\"]\n"
                ));
            }
            for (i, (name, alias, acronym)) in entities.into_iter().enumerate() {
                s.push_str(&format!(
                    "\n[[entity]]\nid = \"e{i}\"\nname = \"{name}\"\ncategory = \"company\"\n\
                     aliases = [\"{alias}\"]\nacronyms = [\"{acronym}\"]\n"
                ));
            }
            if boilerplate {
                s.push_str(
                    "\n[[boilerplate]]\nid = \"bp\"\npattern = 'Share:?'\nscope = \"line\"\n\
                     examples = [\"Share:\"]\n",
                );
            }
            if join {
                s.push_str("\n[[join]]\nid = \"j\"\nopeners = [\"from\"]\nconnectors = [\"to\"]\n");
            }
            s
        })
}

/// Runs a check, turning its message into a proptest failure.
fn holds(result: check::CheckResult) -> Result<(), TestCaseError> {
    result.map_err(TestCaseError::fail)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Spans, text, code points, line:column, order, containment, entity index and stats are exact; two runs
    /// and two extractors give byte-identical JSON; `from_bytes` and `from_str` agree.
    #[test]
    fn records_are_exact_and_deterministic(text in text()) {
        holds(check::check_extract_input(extractors(), text.as_bytes()))?;
    }

    /// The same with a publication date from `--doc-date`, the anchor of relative dates.
    #[test]
    fn records_hold_with_any_publication_date(text in article(), date in doc_date()) {
        let doc = Document::from_str("p.txt", &text, date);
        holds(check::check_extraction(extractors()[0], &doc))?;
        holds(check::check_facts_trimmed(&extractors()[0].extract(&doc)))?;
    }

    /// Tokens and segments are in range, on character boundaries, ordered, disjoint and trimmed.
    #[test]
    fn tokens_and_segments_are_exact(text in text()) {
        holds(check::check_segmentation(&text, &extractors()[0].rules().segment))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// Offsets stay exact in long lines, past the offset map's checkpoints.
    #[test]
    fn records_are_exact_in_long_lines(text in long_line()) {
        holds(check::check_extract_input(extractors(), text.as_bytes()))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Loading accepts exactly NUL-free UTF-8 (after a byte-order mark), names the offset of the first bad
    /// byte otherwise, and agrees with `from_str`.
    #[test]
    fn loading_is_exact(bytes in bytes()) {
        holds(check::check_loader_input(&bytes))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// A rule file compiles or reports errors inside itself, never panics; what compiles extracts valid records.
    #[test]
    fn rule_files_compile_or_fail_cleanly(toml in rule_file(), with_lexicons in any::<bool>()) {
        holds(check::check_rule_file(&toml, with_lexicons))?;
    }
}
