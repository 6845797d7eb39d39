//! `View::to_view` inverts `View::to_file` for every fact and claim the extractor finds: the raw articles
//! (front matter, hard-wrapped Markdown, inline HTML, entities) and the repository's own corpus.

use std::path::{Path, PathBuf};

use claimscan::Document;

use crate::common::{articles, extractor, manifest_dir, markdown_articles, raw_corpus};

fn check(path: &Path) -> usize {
    let doc = Document::from_bytes(
        &path.display().to_string(),
        std::fs::read(path).unwrap(),
        None,
    )
    .unwrap();
    let analysis = extractor().analyze(&doc);
    let view = &analysis.view;
    let mut checked = 0;
    for &(i, _) in &analysis.resolution.kept {
        let s = analysis.candidates[i].span;
        let file = view.to_file(s);
        assert_eq!(
            view.to_view(file),
            Some(s),
            "{}: fact {:?} at {s:?} (file {file:?})",
            path.display(),
            s.slice(&view.text)
        );
        checked += 1;
    }
    for seg in &analysis.segments {
        let file = view.to_file(seg.span);
        assert_eq!(
            view.to_view(file),
            Some(seg.span),
            "{}: segment {:?}",
            path.display(),
            seg.span.slice(&view.text)
        );
    }
    // And from the record's side: every claim and fact span is in the rendering, standing for itself.
    let record = extractor().extract(&doc);
    for c in &record.claims {
        for span in std::iter::once(c.location.span).chain(c.facts.iter().map(|f| f.location.span))
        {
            let v = view
                .to_view(span)
                .unwrap_or_else(|| panic!("{}: {span:?} is not in the rendering", path.display()));
            assert_eq!(view.to_file(v), span, "{}", path.display());
        }
    }
    checked
}

#[test]
fn every_fact_and_segment_of_the_raw_articles_maps_back_to_itself() {
    let Some(dir) = raw_corpus() else { return };
    let files: Vec<PathBuf> = markdown_articles(&dir);
    assert!(!files.is_empty());
    let facts: usize = files.iter().map(|p| check(p)).sum();
    assert!(facts > 500, "{facts} facts checked");
}

#[test]
fn every_fact_and_segment_of_the_corpus_maps_back_to_itself() {
    let files = articles(&manifest_dir().join("corpus"));
    assert!(files.len() >= 5);
    let facts: usize = files.iter().map(|p| check(p)).sum();
    assert!(facts > 100, "{facts} facts checked");
}
