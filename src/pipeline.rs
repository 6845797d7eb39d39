//! The extractor: a compiled rule set applied to documents. Per document it segments the text, finds the
//! candidates ([`extract::candidates`], matched and normalized), resolves them ([`resolve::run`]) and builds the
//! [`Record`] from the winners.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use crate::document::{DateSource, Document};
use crate::extract::{self, Candidate, Context, Source};
use crate::model::date::Date;
use crate::model::span::ByteSpan;
use crate::model::util::hex;
use crate::record::{
    Claim, DocumentInfo, EntityRow, Fact, FactCounts, FactType, Location, Record, Role, Schema,
    Stats, Value,
};
use crate::resolve::{self, Resolution};
use crate::rules::{RuleErrors, RuleSet};
use crate::text::{OffsetMap, Segment, SegmentKind, View, Why, segment};

/// Rules compiled once, applied to any number of documents (it is `Send + Sync`: share one across threads).
#[derive(Debug)]
pub struct Extractor {
    rules: RuleSet,
}

/// Everything the pipeline decided about one document, for `explain`.
///
/// Spans in it are offsets into [`Analysis::view`]'s text; [`View::to_file`] maps them to the file.
#[derive(Debug)]
pub struct Analysis {
    /// The rendering the rules read: blocks, markup left out, white space folded.
    pub view: View,
    /// Title, headings, boilerplate and sentences, in order.
    pub segments: Vec<Segment>,
    /// Every candidate match.
    pub candidates: Vec<Candidate>,
    /// Which candidates won, and why the others lost.
    pub resolution: Resolution,
    /// The publication date used: the document's, else one from a dateline.
    pub date: Option<Date>,
    /// Where [`Analysis::date`] came from.
    pub date_source: DateSource,
}

impl Extractor {
    /// An extractor over a compiled rule set.
    pub fn new(rules: RuleSet) -> Extractor {
        Extractor { rules }
    }

    /// An extractor over the rules built into the binary.
    pub fn embedded() -> Result<Extractor, RuleErrors> {
        RuleSet::embedded().map(Extractor::new)
    }

    /// The rule set.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Segments, candidates and their resolution for one document.
    pub fn analyze(&self, doc: &Document) -> Analysis {
        let view = doc.view();
        let segments = segment(&view, &self.rules.segment);
        self.analyze_segments(doc, view, segments)
    }

    /// Like [`Extractor::analyze`], but the whole body is one sentence: for rule examples and fragments.
    pub fn analyze_sentence(&self, doc: &Document) -> Analysis {
        let view = View::single(&doc.text, doc.body);
        let segments = view
            .blocks
            .iter()
            .map(|b| Segment {
                kind: SegmentKind::Sentence,
                span: b.span,
                why: Why::Sentence,
            })
            .collect();
        self.analyze_segments(doc, view, segments)
    }

    fn analyze_segments(&self, doc: &Document, view: View, segments: Vec<Segment>) -> Analysis {
        let (date, date_source) = match (doc.date, self.dateline(&view)) {
            (Some(d), _) => (Some(d), doc.date_source),
            (None, Some(d)) => (Some(d), DateSource::Dateline),
            (None, None) => (None, DateSource::None),
        };
        let tenses = crate::extract::tense::Markers::new(segments.len());
        let text = view.text.as_str();
        let ctx = Context {
            doc_date: date,
            text,
            segments: &segments,
            tenses: &tenses,
        };
        let whole = ByteSpan::new(0, text.len());
        let mut candidates = extract::candidates(&self.rules, text, whole, &ctx);
        let resolution = resolve::run(
            &self.rules,
            doc.title.as_deref(),
            text,
            &segments,
            &mut candidates,
        );
        Analysis {
            view,
            segments,
            candidates,
            resolution,
            date,
            date_source,
        }
    }

    /// The publication date a dateline in the document's first blocks gives, if any.
    pub fn dateline(&self, view: &View) -> Option<Date> {
        extract::dateline::find(&self.rules, view)
    }

    /// The record of one document.
    pub fn extract(&self, doc: &Document) -> Record {
        let analysis = self.analyze(doc);
        self.record(doc, &analysis)
    }

    /// Builds the record from an analysis.
    pub fn record(&self, doc: &Document, a: &Analysis) -> Record {
        let text = &doc.text;
        let view = &a.view;
        let map = OffsetMap::new(text);
        let locate = |span: ByteSpan| {
            let span = view.to_file(span);
            let p = map.position(span.start());
            Location {
                span,
                chars: map.chars(span),
                line: p.line,
                column: p.column,
            }
        };
        let mut claims: Vec<Claim> = Vec::new();
        let mut claim_segment: Option<usize> = None;
        let mut counts = FactCounts::default();
        let mut index: Vec<EntityRow> = Vec::new();
        let mut index_pos: HashMap<(FactType, Option<String>, String), usize> = HashMap::new();
        let mut occurrences: HashMap<&str, usize> = HashMap::new();
        for &(ci, si) in &a.resolution.kept {
            let c = &a.candidates[ci];
            let Ok(value) = &c.value else { continue };
            if claim_segment != Some(si) {
                let segment = a.segments[si];
                let plain = segment.span.slice(&view.text);
                let location = locate(segment.span);
                let raw = location.span.slice(text);
                let n = occurrences.entry(plain).or_insert(0);
                claims.push(Claim {
                    id: claim_id(&doc.path, plain, *n),
                    role: Role::of(segment.kind),
                    kinds: Vec::new(),
                    text: raw.to_string(),
                    plain: (raw != plain).then(|| plain.to_string()),
                    location,
                    facts: Vec::new(),
                });
                *n += 1;
                claim_segment = Some(si);
            }
            let claim = claims.last_mut().expect("a claim was just pushed");
            let kind = c.fact_type.claim_kind();
            if !claim.kinds.contains(&kind) {
                claim.kinds.push(kind);
            }
            counts.add(c.fact_type);
            if let Some((id, name, category)) = entity_key(value) {
                let key = (c.fact_type, id.clone(), name.clone());
                let row = *index_pos.entry(key).or_insert_with(|| {
                    index.push(EntityRow {
                        fact_type: c.fact_type,
                        id,
                        name,
                        category,
                        mentions: 0,
                        spans: Vec::new(),
                    });
                    index.len() - 1
                });
                index[row].mentions += 1;
                index[row].spans.push(view.to_file(c.span));
            }
            let location = locate(c.span);
            let raw = location.span.slice(text);
            let plain = c.span.slice(&view.text);
            let mut value = value.clone();
            if let Value::Date(d) = &mut value {
                // Range endpoints were found in the analysed text; place them in the file.
                for part in &mut d.parts {
                    let at = locate(part.span);
                    part.text = at.span.slice(text).to_string();
                    part.span = at.span;
                    part.chars = at.chars;
                }
            }
            claim.facts.push(Fact {
                fact_type: c.fact_type,
                text: raw.to_string(),
                plain: (raw != plain).then(|| plain.to_string()),
                location,
                rule: extract::rule_id(&self.rules, c.source),
                value,
            });
        }
        for claim in &mut claims {
            claim.kinds.sort();
        }
        let sentences = a
            .segments
            .iter()
            .filter(|s| s.kind == SegmentKind::Sentence)
            .count();
        Record {
            schema: Schema,
            document: DocumentInfo {
                path: doc.path.clone(),
                sha256: doc.sha256.clone(),
                title: doc.title.clone(),
                date: a.date.map(|d| d.to_string()),
                date_source: a.date_source,
                bytes: text.len(),
                sentences,
                format: doc.format,
                text_sha256: doc.text_sha256.clone(),
                url: doc.meta.url.clone(),
                author: doc.meta.author.clone(),
                tags: doc.meta.tags.clone(),
            },
            stats: Stats {
                claims: claims.len(),
                facts: counts,
            },
            claims,
            entities: index,
        }
    }

    /// The rule id behind a candidate.
    pub fn rule_id(&self, source: Source) -> String {
        extract::rule_id(&self.rules, source)
    }
}

fn entity_key(value: &Value) -> Option<(Option<String>, String, String)> {
    match value {
        Value::Organization(o) => Some((o.id.clone(), o.name.clone(), o.category.clone())),
        Value::Policy(p) => Some((p.id.clone(), p.name.clone(), p.category.clone())),
        _ => None,
    }
}

/// The stable id of a claim: the first 16 hex digits of SHA-256 over the path, the sentence and, when the
/// same sentence repeats, its occurrence number.
fn claim_id(path: &str, sentence: &str, occurrence: usize) -> String {
    let mut h = Sha256::new();
    h.update(path.as_bytes());
    h.update(b"\n");
    h.update(sentence.as_bytes());
    if occurrence > 0 {
        h.update(format!("\n{occurrence}").as_bytes());
    }
    hex(&h.finalize()[..8])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extractor_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Extractor>();
    }

    #[test]
    fn claim_ids_are_stable_and_distinguish_repeats() {
        let a = claim_id("a.txt", "It rose 5 percent.", 0);
        assert_eq!(a.len(), 16);
        assert_eq!(a, claim_id("a.txt", "It rose 5 percent.", 0));
        assert_ne!(a, claim_id("a.txt", "It rose 5 percent.", 1));
        assert_ne!(a, claim_id("b.txt", "It rose 5 percent.", 0));
    }
}
