//! Loading rule files: the embedded set, a folder (with the link policy) or sources, under [`Limits`].

use std::path::Path;

use super::validate::Builder;
use super::{EMBEDDED_RULES, RuleError, RuleErrors, RuleSet};

/// Caps that keep a rules folder from someone else from exhausting memory or time: each is checked before
/// the work it bounds, and breaking one is a rule-file error naming the file (and rule) and the cap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Rule files in a folder.
    pub files: usize,
    /// Bytes of all rule files together.
    pub file_bytes: u64,
    /// Pattern rules (and datelines and boilerplate lines) across files.
    pub rules: usize,
    /// Bytes of one pattern after its lexicons and fragments are expanded.
    pub pattern_bytes: usize,
    /// Gazetteer entities across files.
    pub entities: usize,
    /// Gazetteer names, aliases and acronyms across files.
    pub names: usize,
    /// Entries across lexicons.
    pub lexicon_entries: usize,
    /// The automaton budget: heap of every automaton of the rule set together (each family's regexes, the
    /// start scanner, the gazetteer's Aho-Corasick automata, the boilerplate and dateline regexes). Each
    /// regex build gets what is left as its size limit, so loading stops at the first part that does not fit.
    pub automata_bytes: usize,
}

impl Default for Limits {
    /// Ten times or more what the shipped rules use.
    fn default() -> Limits {
        Limits {
            files: 1_000,
            file_bytes: 16 << 20,
            rules: 10_000,
            pattern_bytes: 1 << 20,
            entities: 100_000,
            names: 500_000,
            lexicon_entries: 200_000,
            automata_bytes: AUTOMATA_BYTES,
        }
    }
}

/// The default automaton budget. The shipped rules take 7.2 MiB of it (under an eighth, as the test
/// `embedded_rules_fit_well_inside_the_budget` checks), the names of a 100,000-entity gazetteer 25 MiB; 60
/// files of large Unicode repetitions, which took 3.4 GB under a cap per automaton, stop at it.
pub(super) const AUTOMATA_BYTES: usize = 128 << 20;

impl RuleSet {
    /// The rule files built into the binary.
    pub fn embedded() -> Result<RuleSet, RuleErrors> {
        let files: Vec<(String, String)> = EMBEDDED_RULES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        RuleSet::from_sources(&files)
    }

    /// Every `*.toml` file under `dir` (recursively, sorted by path).
    pub fn from_dir(dir: &Path) -> Result<RuleSet, RuleErrors> {
        RuleSet::from_dir_limited(dir, &Limits::default())
    }

    /// Like [`RuleSet::from_dir`], under the given caps. Only `.toml` files inside `dir` are read: a symbolic
    /// link that leads outside the folder is an error, symbolically linked folders are not entered (no loops).
    pub fn from_dir_limited(dir: &Path, limits: &Limits) -> Result<RuleSet, RuleErrors> {
        let error = |p: &Path, message: String| {
            RuleErrors(vec![RuleError {
                file: p.display().to_string(),
                line: 1,
                rule: None,
                message,
            }])
        };
        let io_err = |p: &Path, e: std::io::Error| error(p, e.to_string());
        let root = std::fs::canonicalize(dir).map_err(|e| io_err(dir, e))?;
        let mut paths = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).map_err(|e| io_err(&d, e))? {
                let entry = entry.map_err(|e| io_err(&d, e))?;
                let path = entry.path();
                let kind = entry.file_type().map_err(|e| io_err(&path, e))?;
                if kind.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.extension().is_none_or(|x| x != "toml") {
                    continue;
                }
                if kind.is_symlink() {
                    let target = std::fs::canonicalize(&path).map_err(|e| io_err(&path, e))?;
                    if !target.starts_with(&root) {
                        return Err(error(
                            &path,
                            format!(
                                "is a link to {}, outside the rules folder; rule files must lie inside it",
                                target.display()
                            ),
                        ));
                    }
                    if target.is_dir() {
                        continue;
                    }
                }
                paths.push(path);
                if paths.len() > limits.files {
                    return Err(error(
                        dir,
                        format!(
                            "more than {} rule files (the cap on rule files)",
                            limits.files
                        ),
                    ));
                }
            }
        }
        paths.sort();
        if paths.is_empty() {
            return Err(error(dir, "no .toml rule files in this folder".into()));
        }
        let mut files = Vec::new();
        let mut total = 0u64;
        for p in paths {
            total += std::fs::metadata(&p).map_err(|e| io_err(&p, e))?.len();
            if total > limits.file_bytes {
                return Err(error(
                    &p,
                    format!(
                        "the rule files reach more than {} bytes with this one (the cap on rule files)",
                        limits.file_bytes
                    ),
                ));
            }
            let text = std::fs::read_to_string(&p).map_err(|e| io_err(&p, e))?;
            files.push((p.display().to_string(), text));
        }
        RuleSet::from_sources_limited(&files, limits)
    }

    /// Compiles rule files given as (name, contents), in order.
    pub fn from_sources(files: &[(String, String)]) -> Result<RuleSet, RuleErrors> {
        RuleSet::from_sources_limited(files, &Limits::default())
    }

    /// Like [`RuleSet::from_sources`], under the given caps.
    pub fn from_sources_limited(
        files: &[(String, String)],
        limits: &Limits,
    ) -> Result<RuleSet, RuleErrors> {
        Builder {
            limits: limits.clone(),
            ..Builder::default()
        }
        .build(files)
    }
}
