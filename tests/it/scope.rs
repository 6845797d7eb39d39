//! What the conformance harnesses share: the extractor, the spec folders of `../shared` and their files, the
//! checked-in out-of-scope lists (`file<TAB>input<TAB>reason`, sorted by file, then by the input's first
//! position in it), and the floors the pass rates are held to.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use claimscan::Document;
use claimscan::model::date::Date;
use claimscan::record::{Fact, FactType};
use serde_json::Value as Json;

use crate::common::{extractor, manifest_dir, shared_dir};

/// `input` as the one sentence of a document published on `date` (no heading logic), and its facts of
/// `fact_type`.
pub fn sentence_facts(
    input: &str,
    date: Option<Date>,
    fact_type: FactType,
) -> (Document, Vec<Fact>) {
    let doc = Document::from_str("conformance", input, date);
    let ex = extractor();
    let analysis = ex.analyze_sentence(&doc);
    let record = ex.record(&doc, &analysis);
    let facts = record
        .claims
        .into_iter()
        .flat_map(|c| c.facts)
        .filter(|f| f.fact_type == fact_type)
        .collect();
    (doc, facts)
}

/// A Recognizers-Text spec folder of `../shared` (`DateTime/English`), or `None` (with the reason printed) when
/// it is absent.
fn spec_dir(sub: &str) -> Option<PathBuf> {
    shared_dir(
        &format!("conformance/recognizers-text/{sub}"),
        "the shared conformance specs live beside the checkout",
    )
}

/// One harness's files: a spec folder, the spec files in it, and the out-of-scope list that goes with them;
/// and how to read a case.
pub struct Suite<C> {
    /// The spec folder (`DateTime/English`, see [`spec_dir`]).
    pub folder: &'static str,
    /// The spec files, in report and TSV order.
    pub files: &'static [&'static str],
    /// The out-of-scope list's name in `tests/conformance`.
    pub out_of_scope: &'static str,
    /// The name in `tests/conformance` of the floors the pass rates are held to (`KEY = 0.NN` in TOML).
    pub floors: &'static str,
    /// Reads one case of a spec file.
    pub parse: fn(&Json) -> C,
    /// A case's input.
    pub input: fn(&C) -> &str,
}

/// The cases of each spec file, in file order.
pub type Specs<C> = Vec<(&'static str, Vec<C>)>;

impl<C> Suite<C> {
    /// The cases of every spec file, or `None` (with the reason printed) when the spec folder is absent.
    pub fn load(&self) -> Option<Specs<C>> {
        let dir = spec_dir(self.folder)?;
        Some(
            self.files
                .iter()
                .map(|f| (*f, self.load_file(&dir.join(f))))
                .collect(),
        )
    }

    /// Reads one spec file (a JSON array of cases), tolerating a UTF-8 byte-order mark.
    fn load_file(&self, path: &Path) -> Vec<C> {
        let raw =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let raw = raw.strip_prefix('\u{feff}').unwrap_or(&raw);
        let json: Json =
            serde_json::from_str(raw).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let cases = json
            .as_array()
            .unwrap_or_else(|| panic!("{}: not an array", path.display()));
        cases.iter().map(self.parse).collect()
    }

    /// The entries of the out-of-scope list.
    pub fn load_out_of_scope(&self) -> Vec<OutOfScope> {
        load_out_of_scope(&manifest_dir().join(self.out_of_scope_path()))
    }

    /// The out-of-scope list, relative to the crate's folder.
    pub fn out_of_scope_path(&self) -> String {
        format!("tests/conformance/{}", self.out_of_scope)
    }

    /// The floors `keys`, in the order given.
    pub fn load_floors(&self, keys: &[&str]) -> Vec<f64> {
        let path = manifest_dir().join("tests/conformance").join(self.floors);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let table: toml::Table = text
            .parse()
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        keys.iter()
            .map(|key| {
                table
                    .get(*key)
                    .and_then(toml::Value::as_float)
                    .unwrap_or_else(|| panic!("{}: `{key} = 0.NN` is missing", path.display()))
            })
            .collect()
    }

    /// Whether `rate` meets the floor `key` (`floor`); says so when the floor can rise.
    pub fn meets_floor(&self, rate: f64, floor: f64, key: &str) -> bool {
        let could_be = (rate * 100.0).floor() / 100.0;
        if could_be > floor + 1e-9 {
            eprintln!(
                "the floor can rise: set `{key} = {could_be:.2}` in tests/conformance/{}",
                self.floors
            );
        }
        rate + 1e-9 >= floor
    }

    /// Problems with out-of-scope `entries` against `specs` (see [`out_of_scope_problems`]).
    pub fn problems(&self, specs: &[(&str, Vec<C>)], entries: &[OutOfScope]) -> Vec<String> {
        let inputs: Vec<(&str, Vec<&str>)> = specs
            .iter()
            .map(|(f, cases)| (*f, cases.iter().map(self.input).collect()))
            .collect();
        out_of_scope_problems(self.out_of_scope, &inputs, entries)
    }

    /// Asserts that the out-of-scope list has no problems against the spec files, when they are present.
    pub fn assert_out_of_scope_list_is_current(&self) {
        let Some(specs) = self.load() else { return };
        let problems = self.problems(&specs, &self.load_out_of_scope());
        assert!(
            problems.is_empty(),
            "{}:\n{}",
            self.out_of_scope_path(),
            problems.join("\n")
        );
    }

    /// Scores the cases of `specs` that the out-of-scope list does not name. `fail` runs a case of a file and
    /// returns its `FAIL` line when it fails.
    pub fn score<'a>(
        &self,
        specs: impl IntoIterator<Item = &'a (&'static str, Vec<C>)>,
        mut fail: impl FnMut(&str, &C) -> Option<String>,
    ) -> Scores
    where
        C: 'a,
    {
        let entries = self.load_out_of_scope();
        let out: HashSet<(&str, &str)> = entries
            .iter()
            .map(|e| (e.file.as_str(), e.input.as_str()))
            .collect();
        let mut tallies = Vec::new();
        let mut failures = Vec::new();
        for (file, cases) in specs {
            let mut tally = Tally::default();
            for case in cases {
                if out.contains(&(*file, (self.input)(case))) {
                    tally.out_of_scope += 1;
                    continue;
                }
                tally.in_scope += 1;
                match fail(file, case) {
                    None => tally.passed += 1,
                    Some(line) => failures.push(line),
                }
            }
            tallies.push((*file, tally));
        }
        Scores { tallies, failures }
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
fn load_out_of_scope(path: &Path) -> Vec<OutOfScope> {
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

/// Counts for one spec file.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub in_scope: usize,
    pub passed: usize,
    pub out_of_scope: usize,
}

impl Tally {
    /// The in-scope pass rate (1 without in-scope cases).
    pub fn rate(&self) -> f64 {
        if self.in_scope == 0 {
            1.0
        } else {
            self.passed as f64 / self.in_scope as f64
        }
    }
}

/// The scores of some spec files.
pub struct Scores {
    /// Per file, in file order.
    pub tallies: Vec<(&'static str, Tally)>,
    /// One `FAIL` line per failing in-scope case.
    pub failures: Vec<String>,
}

/// Prints the `FAIL` lines when `CLAIMSCAN_CONFORMANCE_FAILURES` is set.
pub fn show_failures(failures: &[String]) {
    if std::env::var_os("CLAIMSCAN_CONFORMANCE_FAILURES").is_some() {
        for f in failures {
            eprintln!("{f}");
        }
    }
}

/// Prints a table of tallies under `title`, the names of the rows padded to `width`.
pub fn print_table(title: &str, width: usize, tallies: &[(&str, Tally)]) {
    eprintln!(
        "{title}\n{:<width$} {:>8} {:>7} {:>7} {:>12}",
        "file", "in scope", "passed", "rate", "out of scope"
    );
    for (name, t) in tallies {
        print_row(width, name, t);
    }
}

/// Prints one row of a [`print_table`] table.
pub fn print_row(width: usize, name: &str, t: &Tally) {
    eprintln!(
        "{:<width$} {:>8} {:>7} {:>6.1}% {:>12}",
        name,
        t.in_scope,
        t.passed,
        100.0 * t.rate(),
        t.out_of_scope
    );
}
