//! One heap budget for every automaton a rule set compiles.
//!
//! A cap per automaton does not bound a rule set: 60 small files whose patterns each fit took 3.4 GB. So all
//! automata draw on one budget ([`super::Limits::automata_bytes`]): each regex build gets what is left as its
//! size limits, which regex-automata checks while the automaton grows, so a build that would not fit stops
//! early; what was built is then charged at its `memory_usage()`. Aho-Corasick has no size limit to give: its
//! automata are charged once built (the caps on names and on rule-file bytes bound them). The first part that
//! does not fit stops loading, and the error names the budget and the parts that took most of it.
//!
//! Search-time memory is not compiled and not charged: each thread's lazy-DFA caches (the start scanner's
//! and, on the slow path, each family's) and the engines' scratch space.

use std::collections::BTreeMap;

use regex_automata::meta;
use regex_syntax::hir::Hir;

use super::show::size;

/// The budget, what is left of it, and what each part of the rule set took. The default budget is empty.
#[derive(Debug, Default)]
pub(super) struct Budget {
    limit: usize,
    used: usize,
    /// Part (a family with its files, the start scanner, the gazetteer's names, …) → bytes.
    parts: BTreeMap<String, usize>,
}

/// A part did not fit in what was left of the budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct OverBudget;

/// Why a regex was not built within the budget.
#[derive(Debug)]
pub(super) enum Failed {
    /// It does not fit: it needs this many bytes when it was built, else its build stopped at the limit.
    OverBudget(Option<usize>),
    /// It does not compile, whatever the budget.
    Other(Box<meta::BuildError>),
}

impl Budget {
    pub(super) fn new(limit: usize) -> Budget {
        Budget {
            limit,
            used: 0,
            parts: BTreeMap::new(),
        }
    }

    /// Bytes left.
    pub(super) fn left(&self) -> usize {
        self.limit.saturating_sub(self.used)
    }

    /// `config` with every size limit at most what is left (the engines' own defaults still apply below it).
    pub(super) fn limit(&self, config: meta::Config) -> meta::Config {
        let left = self.left();
        let within = |default: Option<usize>| Some(default.map_or(left, |d| d.min(left)));
        let (onepass, dfa) = (
            within(config.get_onepass_size_limit()),
            within(config.get_dfa_size_limit()),
        );
        config
            .nfa_size_limit(Some(left))
            .onepass_size_limit(onepass)
            .dfa_size_limit(dfa)
    }

    /// Charges `bytes` to `part`, or `Err` (charging nothing) when they do not fit in what is left.
    pub(super) fn charge(&mut self, part: &str, bytes: usize) -> Result<(), OverBudget> {
        if bytes > self.left() {
            return Err(OverBudget);
        }
        self.used += bytes;
        *self.parts.entry(part.to_string()).or_default() += bytes;
        Ok(())
    }

    /// Builds `patterns` as one regex under `config` within what is left, and charges it to `part`.
    pub(super) fn regex<P: AsRef<str>>(
        &mut self,
        config: meta::Config,
        patterns: &[P],
        part: &str,
    ) -> Result<meta::Regex, Failed> {
        let re = meta::Regex::builder()
            .configure(self.limit(config))
            .build_many(patterns);
        self.charge_regex(re, part)
    }

    /// Like [`Budget::regex`], from patterns already parsed (the rules' own, parsed once when checked).
    pub(super) fn regex_from_hir(
        &mut self,
        config: meta::Config,
        hirs: &[&Hir],
        part: &str,
    ) -> Result<meta::Regex, Failed> {
        let re = meta::Regex::builder()
            .configure(self.limit(config))
            .build_many_from_hir(hirs);
        self.charge_regex(re, part)
    }

    fn charge_regex(
        &mut self,
        built: Result<meta::Regex, meta::BuildError>,
        part: &str,
    ) -> Result<meta::Regex, Failed> {
        let re = built.map_err(|e| match e.size_limit() {
            Some(_) => Failed::OverBudget(None),
            None => Failed::Other(Box::new(e)),
        })?;
        let bytes = re.memory_usage();
        self.charge(part, bytes)
            .map_err(|OverBudget| Failed::OverBudget(Some(bytes)))?;
        Ok(re)
    }

    /// The error message when `what` does not fit (it needs `need` bytes when known: it was built, else its
    /// build stopped at the limit): the budget, what is left, and the biggest parts so far.
    pub(super) fn exceeded(&self, what: &str, need: Option<usize>) -> String {
        let mut parts: Vec<(&String, &usize)> = self.parts.iter().collect();
        parts.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let biggest: Vec<String> = parts
            .iter()
            .take(5)
            .map(|(p, b)| format!("{p} {}", size(**b)))
            .collect();
        let needs = match need {
            Some(n) => format!("needs {}, more than", size(n)),
            None => "does not fit in".to_string(),
        };
        let mut msg = format!(
            "the compiled rules would take more than the automaton budget of {} ({} bytes, \
             Limits::automata_bytes, for all automata together): {what} {needs} the {} left",
            size(self.limit),
            self.limit,
            size(self.left())
        );
        if !biggest.is_empty() {
            msg.push_str("; the biggest parts: ");
            msg.push_str(&biggest.join(", "));
        }
        msg
    }
}

/// Whether a regex build failed on a size limit (else on something the budget does not decide).
pub(super) fn is_size_limit(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(e);
    while let Some(e) = cause {
        let hit = e
            .downcast_ref::<meta::BuildError>()
            .is_some_and(|e| e.size_limit().is_some())
            || e.downcast_ref::<regex_automata::nfa::thompson::BuildError>()
                .is_some_and(|e| e.size_limit().is_some());
        if hit {
            return true;
        }
        cause = e.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charges_until_a_part_does_not_fit() {
        let mut b = Budget::new(10 << 20);
        assert_eq!(b.charge("family \"a\" (a.toml)", 6 << 20), Ok(()));
        assert_eq!(b.charge("family \"b\" (b.toml)", 1 << 20), Ok(()));
        assert_eq!(b.left(), 3 << 20);
        let config = b.limit(meta::Config::new());
        assert_eq!(config.get_nfa_size_limit(), Some(3 << 20));
        assert_eq!(
            config.get_onepass_size_limit(),
            Some(1 << 20),
            "the default"
        );
        assert_eq!(b.charge("the start scanner", 4 << 20), Err(OverBudget));
        assert_eq!(b.left(), 3 << 20, "nothing charged");
        assert_eq!(
            b.exceeded("the start scanner", Some(4 << 20)),
            "the compiled rules would take more than the automaton budget of 10.0 MiB (10485760 bytes, \
             Limits::automata_bytes, for all automata together): the start scanner needs 4.0 MiB, more than \
             the 3.0 MiB left; the biggest parts: family \"a\" (a.toml) 6.0 MiB, family \"b\" (b.toml) 1.0 MiB"
        );
        assert!(
            b.exceeded("family \"c\" (c.toml)", None)
                .contains("does not fit in the 3.0 MiB left")
        );
    }
}
