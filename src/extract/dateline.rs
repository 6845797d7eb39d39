//! Datelines: the publication date one of a document's first blocks gives (`WASHINGTON, March 3, 2025 —`,
//! `Published: March 3, 2025`), used when neither `--doc-date` nor the front matter or page gives one.
//!
//! The rule files' `[[dateline]]` patterns are compiled into one regex ([`RuleSet::datelines`]), matched
//! anchored at the start of a block; a match gives `year`, `day` and either `month` (read through the
//! `month` lexicon) or `month_num`.

use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input};

use crate::model::date::Date;
use crate::rules::RuleSet;
use crate::text::View;

/// How many blocks at the top of a document may hold its dateline.
const DATELINE_LINES: usize = 8;

/// The publication date a dateline in the first blocks of `view` gives, if any.
pub(crate) fn find(rules: &RuleSet, view: &View) -> Option<Date> {
    let re = rules.datelines.as_ref()?;
    view.blocks
        .iter()
        .take(DATELINE_LINES)
        .find_map(|b| dateline_date(rules, re, b.span.slice(&view.text)))
}

/// The date a dateline pattern finds at the start of `line`.
pub(crate) fn dateline_date(rules: &RuleSet, re: &Regex, line: &str) -> Option<Date> {
    let mut caps = re.create_captures();
    re.search_captures(&Input::new(line).anchored(Anchored::Yes), &mut caps);
    let get = |name: &str| caps.get_group_by_name(name).map(|s| &line[s.start..s.end]);
    let year: i32 = get("year")?.parse().ok()?;
    let month: u32 = match get("month") {
        Some(m) => rules.lexicons.get("month")?.get(m)?.parse().ok()?,
        None => get("month_num")?.parse().ok()?,
    };
    let day: u32 = get("day")?.parse().ok()?;
    Date::new(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    #[test]
    fn a_dateline_counts_only_in_the_first_blocks() {
        let rules = RuleSet::embedded().expect("embedded rules compile");
        let re = rules
            .datelines
            .as_ref()
            .expect("the embedded rules have datelines");
        let date = |line: &str| dateline_date(&rules, re, line).map(|d| d.to_string());
        assert_eq!(
            date("WASHINGTON, March 3, 2025 — The").as_deref(),
            Some("2025-03-03")
        );
        assert_eq!(date("Published 2025-11-24").as_deref(), Some("2025-11-24"));
        assert_eq!(date("On March 3, 2025, the president said"), None);
        let at_block = |n: usize| {
            let mut text = "Title\n\n".to_string();
            for i in 1..n {
                text.push_str(&format!("Paragraph {i}.\n\n"));
            }
            text.push_str("Published: March 3, 2025\n");
            let doc = Document::from_str("a.txt", &text, None);
            find(&rules, &doc.view()).map(|d| d.to_string())
        };
        assert_eq!(at_block(DATELINE_LINES - 1).as_deref(), Some("2025-03-03"));
        assert_eq!(at_block(DATELINE_LINES), None);
    }
}
