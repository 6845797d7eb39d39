//! What the conformance harnesses share: the extractor, the spec folders of `../shared`, and the checked-in
//! out-of-scope lists (`file<TAB>input<TAB>reason`, sorted by file, then by the input's first position in it).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use claimscan::Extractor;

/// The embedded-rules extractor, built once.
pub fn extractor() -> &'static Extractor {
    static E: OnceLock<Extractor> = OnceLock::new();
    E.get_or_init(|| Extractor::embedded().unwrap())
}

/// The crate's folder.
pub fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A Recognizers-Text spec folder of `../shared` (`DateTime/English`), or `None` (with the reason printed) when
/// it is absent.
pub fn spec_dir(sub: &str) -> Option<PathBuf> {
    let dir = manifest_dir()
        .join("../shared/conformance/recognizers-text")
        .join(sub);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipping: {} is absent (the shared conformance specs live beside the checkout)",
            dir.display()
        );
        None
    }
}

/// One line of an out-of-scope TSV.
#[derive(Debug)]
pub struct OutOfScope {
    pub line: usize,
    pub file: String,
    pub input: String,
    pub reason: String,
}

/// The entries of a TSV, or the 1-based number of the first malformed line.
pub fn parse_out_of_scope(text: &str) -> Result<Vec<OutOfScope>, usize> {
    let mut entries = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.is_empty() {
            continue;
        }
        let mut fields = line.split('\t');
        let (Some(file), Some(input), Some(reason), None) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return Err(i + 1);
        };
        entries.push(OutOfScope {
            line: i + 1,
            file: file.into(),
            input: input.into(),
            reason: reason.into(),
        });
    }
    Ok(entries)
}

/// Reads a TSV, panicking with the file and line of a malformed entry.
pub fn load_out_of_scope(path: &Path) -> Vec<OutOfScope> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse_out_of_scope(&text).unwrap_or_else(|line| {
        panic!(
            "{}:{line}: expected file<TAB>input<TAB>reason",
            path.display()
        )
    })
}

/// Problems with an out-of-scope list (`name` for messages) against the spec files' inputs: unknown files,
/// stale inputs, duplicates, empty reasons, entries out of order.
pub fn out_of_scope_problems(
    name: &str,
    specs: &[(&str, Vec<&str>)],
    entries: &[OutOfScope],
) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    let mut last: Option<(usize, usize)> = None;
    for e in entries {
        let at = format!("{name}:{}", e.line);
        let Some(file_index) = specs.iter().position(|(f, _)| *f == e.file) else {
            problems.push(format!("{at}: unknown spec file {:?}", e.file));
            continue;
        };
        let Some(case_index) = specs[file_index]
            .1
            .iter()
            .position(|input| *input == e.input)
        else {
            problems.push(format!(
                "{at}: stale entry: {:?} is no longer an input of {}",
                e.input, e.file
            ));
            continue;
        };
        if e.reason.trim().is_empty() {
            problems.push(format!("{at}: no reason given for {:?}", e.input));
        }
        if !seen.insert((e.file.as_str(), e.input.as_str())) {
            problems.push(format!("{at}: duplicate entry for {:?}", e.input));
            continue;
        }
        let key = (file_index, case_index);
        if last.is_some_and(|l| l >= key) {
            problems.push(format!(
                "{at}: out of order (sort by file, then by the input's first position in it): {:?}",
                e.input
            ));
        }
        last = Some(key);
    }
    problems
}
