//! `explain`: what the pipeline saw and decided, for rule authors.
//!
//! First the document's blocks as the rules read them (markup left out, white space folded), each with its
//! kind from the markup. Then, for each segment (title, heading, sentence, boilerplate) in order: its kind,
//! why it is of that kind, its file position and text, then every candidate that starts in it, with its rule
//! id, its text, and either its normalized value (`+`, kept) or the reason it was dropped (`-`). A name
//! several entities share (or that a definition re-assigned) adds the candidates and the reason the winner won
//! (definition, country, parent, context, year or default); a kept reference tied to an instrument says which
//! and why (`linked:`), and the document's own instrument, when it is one, is named at the top.

use std::fmt::Write;

use crate::document::Document;
use crate::extract;
use crate::pipeline::{Analysis, Extractor};
use crate::resolve::Dropped;
use crate::text::{OffsetMap, SegmentKind};

/// Renders the explanation of one document as text.
pub fn explain(ex: &Extractor, doc: &Document, a: &Analysis) -> String {
    let text = a.view.text.as_str();
    let file_map = OffsetMap::new(&doc.text);
    let view = &a.view;
    let position = |at: usize| {
        file_map.position(
            view.to_file(crate::model::span::ByteSpan::new(at, at))
                .start(),
        )
    };
    let mut out = String::new();
    let date = match doc.date {
        Some(d) => format!("{d} (from {:?})", doc.date_source),
        None => "none: relative dates stay unresolved".into(),
    };
    let _ = writeln!(
        out,
        "document: {}\nformat: {:?}\npublication date: {date}",
        doc.path, doc.format
    );
    if let Some((own, why)) = &a.resolution.own {
        let id = own.id.as_deref().unwrap_or("-");
        let _ = writeln!(out, "own instrument: {id} ({}): {why}", own.category);
    }
    let _ = writeln!(out, "\nblocks ({}):", view.blocks.len());
    for (i, b) in view.blocks.iter().enumerate() {
        let p = position(b.span.start());
        let _ = writeln!(
            out,
            "  {i:>3} {:<13} {}:{} {:?}",
            format!("{:?}", b.kind),
            p.line,
            p.column,
            b.span.slice(text)
        );
    }
    let mut status: Vec<Option<&Dropped>> = vec![None; a.candidates.len()];
    for (i, d) in &a.resolution.dropped {
        status[*i] = Some(d);
    }
    let mut order: Vec<usize> = (0..a.candidates.len()).collect();
    order.sort_by_key(|&i| {
        (
            a.candidates[i].span.start(),
            std::cmp::Reverse(a.candidates[i].span.end()),
            i,
        )
    });
    let mut chosen: Vec<Option<&crate::resolve::disambiguate::Choice>> =
        vec![None; a.candidates.len()];
    for (i, c) in &a.resolution.choices {
        chosen[*i] = Some(c);
    }
    let mut next = 0;
    let describe = |i: usize, out: &mut String| {
        let c = &a.candidates[i];
        let rule = extract::rule_id(ex.rules(), c.source);
        let p = position(c.span.start());
        let t = c.span.slice(text);
        match (status[i], &c.value) {
            (None, Ok(v)) => {
                let v = serde_json::to_string(v).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "    + #{i} {rule} {t:?} at {}:{} = {v}",
                    p.line, p.column
                );
                if let Some(choice) = chosen[i] {
                    let _ = writeln!(
                        out,
                        "        {} among {}, by {}",
                        choice.winner,
                        choice.owners.join(", "),
                        choice.reason
                    );
                }
                for (_, why) in a.resolution.links.iter().filter(|(ci, _)| *ci == i) {
                    let _ = writeln!(out, "      linked: {why}");
                }
            }
            (Some(Dropped::Overlap(w)), _) => {
                let wc = &a.candidates[*w];
                let _ = writeln!(
                    out,
                    "    - #{i} {rule} {t:?} at {}:{}: overlaps #{w} {} {:?}, which wins ({})",
                    p.line,
                    p.column,
                    extract::rule_id(ex.rules(), wc.source),
                    wc.span.slice(text),
                    if wc.span.len() > c.span.len() {
                        "longer"
                    } else {
                        "same length, higher priority or earlier rule"
                    }
                );
            }
            (Some(d), _) => {
                let _ = writeln!(
                    out,
                    "    - #{i} {rule} {t:?} at {}:{}: {d}",
                    p.line, p.column
                );
            }
            (None, Err(why)) => {
                let _ = writeln!(out, "    - #{i} {rule} {t:?}: {why}");
            }
        }
    };
    for seg in &a.segments {
        while next < order.len() && a.candidates[order[next]].span.start() < seg.span.start() {
            describe(order[next], &mut out);
            next += 1;
        }
        let p = position(seg.span.start());
        let kind = match seg.kind {
            SegmentKind::Sentence => "sentence",
            SegmentKind::Title => "title",
            SegmentKind::Heading => "heading",
            SegmentKind::Boilerplate => "boilerplate",
        };
        let why = match seg.why {
            crate::text::Why::Sentence => String::new(),
            w => format!(" ({})", w.describe()),
        };
        let _ = writeln!(
            out,
            "\n[{kind} {}:{}{why}] {}",
            p.line,
            p.column,
            seg.span.slice(text)
        );
        while next < order.len() && a.candidates[order[next]].span.start() < seg.span.end() {
            describe(order[next], &mut out);
            next += 1;
        }
    }
    while next < order.len() {
        describe(order[next], &mut out);
        next += 1;
    }
    let kept = a.resolution.kept.len();
    let _ = writeln!(
        out,
        "\n{} candidates: {kept} kept, {} dropped",
        a.candidates.len(),
        a.candidates.len() - kept
    );
    out
}
