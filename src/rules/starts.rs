//! Where matches start: one anchored lazy DFA over every pattern rule of every family.
//!
//! The families' own regexes are leftmost-first and unanchored; searching a large family unanchored makes the
//! lazy DFA track partial matches at many offsets at once, and that set of states grows with the text (it was
//! the top of the profile, whatever the cache size). Matches here may only start where a word or a symbol
//! starts (a rule match that begins inside a word is dropped by the Unicode boundary check anyway), so the
//! scanner walks one *anchored* automaton from each such position instead: most walks die after a byte or
//! two, the anchored automaton stays small, and the walk reports every rule with a match at that position
//! (all-matches semantics), across all families at once. Only those rules then run their capturing search.

use std::panic::{RefUnwindSafe, UnwindSafe};

use regex_automata::hybrid::LazyStateID;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson;
use regex_automata::util::pool::Pool;
use regex_automata::{Anchored, Input, MatchKind};
use regex_syntax::hir::Hir;

/// Lazy-DFA cache of the start scanner, per thread. It grows only as states are built; the rule set of issue
/// #16 (1,391 entities, name-shaped program and task-force patterns) thrashed a 16 MiB cache (the start
/// scanner's determinization rose 2.5×, the benchmark 40%); at 64 MiB the benchmark is back within 8% of
/// before that issue, with a peak RSS of 83 MB (57 MB before) at `--jobs 1`.
const CACHE_CAPACITY: usize = 64 << 20;

/// The longest match the scanner looks for, in bytes. A walk stops here even if the automaton could go on, so
/// a run of text that keeps a pattern alive (200,000 capitalized words for an organization pattern's
/// capitalized-run loop) costs at most this much per start instead of the rest of the run: without the cap the
/// scan is quadratic in the length of such a run. The longest real facts (an Act's full name, a date range with
/// weekdays) are under 100 bytes.
pub const MAX_MATCH_BYTES: usize = 512;

type CacheFn = Box<dyn Fn() -> Cache + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// The anchored all-patterns automaton and the bytes that may begin a match.
pub struct Starts {
    dfa: DFA,
    /// Pattern id → (family index, pattern id within the family).
    owner: Vec<(u32, u32)>,
    /// `first[0][b]`: some pattern can match starting with byte `b` after a space-like byte; `first[1][b]`:
    /// after an ASCII letter or digit (bytes ≥ 0x80 always count).
    first: [[bool; 256]; 2],
    caches: Pool<Cache, CacheFn>,
    /// Heap of the cache each thread's cache starts from.
    cache_bytes: usize,
}

impl std::fmt::Debug for Starts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Starts")
            .field("patterns", &self.owner.len())
            .finish_non_exhaustive()
    }
}

/// The automaton could not run a search (a pattern needs an engine the lazy DFA lacks); search family by family.
#[derive(Clone, Copy, Debug)]
pub struct GaveUp;

/// One rule matching at a position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Start {
    /// Byte offset of the start.
    pub at: usize,
    /// Family index.
    pub family: u32,
    /// Pattern id within the family.
    pub pattern: u32,
    /// End of the longest match of this rule here: its capturing search needs to look no further.
    pub end: usize,
}

impl Starts {
    /// Compiles `patterns` (parsed), each tagged with its (family, pattern-in-family); the NFA may take at most
    /// `nfa_bytes` of heap (its build stops there).
    pub fn new(
        patterns: &[&Hir],
        owner: Vec<(u32, u32)>,
        nfa_bytes: usize,
    ) -> Result<Starts, Box<dyn std::error::Error + Send + Sync>> {
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .nfa_size_limit(Some(nfa_bytes))
                    .which_captures(thompson::WhichCaptures::None),
            )
            .build_many_from_hir(patterns)
            .map_err(Box::new)?;
        let dfa = DFA::builder()
            .configure(
                DFA::config()
                    .match_kind(MatchKind::All)
                    .cache_capacity(CACHE_CAPACITY)
                    .skip_cache_capacity_check(true),
            )
            .build_from_nfa(nfa)
            .map_err(Box::new)?;
        // Bytes that can begin a match after a non-word byte (a word after a space) and after a word byte (a
        // symbol after a word); after anything else every position is walked.
        let mut first = [[true; 256]; 2];
        let mut cache = dfa.create_cache();
        for (table, before) in first.iter_mut().zip([b' ', b'a']) {
            for b in 0..0x80u8 {
                let hay = [before, b];
                let input = Input::new(&hay[..]).range(1..2).anchored(Anchored::Yes);
                let dead = dfa
                    .start_state_forward(&mut cache, &input)
                    .ok()
                    .and_then(|sid| dfa.next_state(&mut cache, sid, b).ok())
                    .is_some_and(|sid| sid.is_dead());
                table[b as usize] = !dead;
            }
        }
        // Each thread's cache starts from this one, which already holds the states the tables needed.
        let cache_bytes = cache.memory_usage();
        let make: CacheFn = Box::new(move || cache.clone());
        Ok(Starts {
            dfa,
            owner,
            first,
            caches: Pool::new(make),
            cache_bytes,
        })
    }

    /// Heap taken once built: the NFA (the lazy DFA itself owns none), the pattern owners and the cache each
    /// thread's cache is cloned from. Each thread's cache then grows with the searches, to at most 16 MiB.
    pub fn memory_usage(&self) -> usize {
        self.dfa.get_nfa().memory_usage()
            + self.dfa.memory_usage()
            + self.owner.capacity() * std::mem::size_of::<(u32, u32)>()
            + self.cache_bytes
    }

    /// Every (start, rule) in `text[start..end]`, by position, then family, then pattern.
    ///
    /// A position counts when a rule could keep it: it is on a character boundary, and not between two
    /// alphanumeric characters. `Err` when the automaton gave up (a pattern it cannot run); the caller then
    /// uses the slow path.
    pub fn find(
        &self,
        text: &str,
        start: usize,
        end: usize,
        out: &mut Vec<Start>,
    ) -> Result<(), GaveUp> {
        let bytes = text.as_bytes();
        let mut cache = self.caches.get();
        let mut prev_alnum = text[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        let mut at = start;
        let mut found: Vec<(u32, usize)> = Vec::new();
        while at < end {
            let b = bytes[at];
            let (alnum, width) = if b < 0x80 {
                (b.is_ascii_alphanumeric(), 1)
            } else {
                let c = text[at..].chars().next().expect("at is a char boundary");
                (c.is_alphanumeric(), c.len_utf8())
            };
            // `first` was computed after a space and after a letter; these bytes give the same start states.
            let may_start = match at.checked_sub(1).map(|i| bytes[i]) {
                Some(b' ' | b'\t' | b'(' | b'"' | b',') => self.first[0][b as usize],
                Some(p) if p.is_ascii_alphanumeric() => self.first[1][b as usize],
                _ => true,
            };
            if may_start && !(prev_alnum && alnum) {
                self.walk(&mut cache, bytes, at, end, &mut found)?;
                if !found.is_empty() {
                    // Longest end first, so dedup keeps it.
                    found.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
                    found.dedup_by_key(|f| f.0);
                    for &(pid, end) in &found {
                        let (family, pattern) = self.owner[pid as usize];
                        out.push(Start {
                            at,
                            family,
                            pattern,
                            end,
                        });
                    }
                    found.clear();
                }
            }
            prev_alnum = alnum;
            at += width;
        }
        Ok(())
    }

    /// Walks the anchored automaton from `at` for at most [`MAX_MATCH_BYTES`], collecting every pattern with a
    /// match there.
    fn walk(
        &self,
        cache: &mut Cache,
        bytes: &[u8],
        at: usize,
        end: usize,
        found: &mut Vec<(u32, usize)>,
    ) -> Result<(), GaveUp> {
        let end = end.min(at + MAX_MATCH_BYTES);
        let input = Input::new(bytes).range(at..end).anchored(Anchored::Yes);
        let mut sid = self
            .dfa
            .start_state_forward(cache, &input)
            .map_err(|_| GaveUp)?;
        let mut i = at;
        while i < end {
            sid = self
                .dfa
                .next_state(cache, sid, bytes[i])
                .map_err(|_| GaveUp)?;
            if sid.is_tagged() {
                if sid.is_dead() {
                    return Ok(());
                }
                if sid.is_quit() {
                    return Err(GaveUp);
                }
                if sid.is_match() {
                    // Match states are one byte late: this match ended before byte `i`.
                    self.collect(cache, sid, i, found);
                }
            }
            i += 1;
        }
        // The last transition: the byte after the range (look-ahead), else end of input.
        sid = match bytes.get(end) {
            Some(&b) => self.dfa.next_state(cache, sid, b),
            None => self.dfa.next_eoi_state(cache, sid),
        }
        .map_err(|_| GaveUp)?;
        if sid.is_match() {
            self.collect(cache, sid, end, found);
        }
        Ok(())
    }

    fn collect(&self, cache: &Cache, sid: LazyStateID, end: usize, found: &mut Vec<(u32, usize)>) {
        for i in 0..self.dfa.match_len(cache, sid) {
            found.push((self.dfa.match_pattern(cache, sid, i).as_u32(), end));
        }
    }
}
