//! Command-line definitions, turned into validated configuration.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use claimscan::model::date::Date;

/// Turns folders of news and policy articles into normalized, reviewable claim records.
#[derive(Debug, Parser)]
#[command(name = "claimscan", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract claim records from files and folders (JSON Lines on stdout, or --out DIR).
    Extract(ExtractArgs),
    /// Show sentences, candidate matches, overlap decisions and values for one text.
    Explain(ExplainArgs),
    /// Score extraction against gold annotations (JSON Lines: {text, `doc_date`, facts:[{type, start, end, value}]})
    /// or against a reviewer's decisions file (exported by the review page).
    Eval(EvalArgs),
    /// Compare two runs (record files or --out folders): claims and facts added, removed, changed; or a run
    /// against a reviewer's decisions file (--decisions): which verdicts it changes.
    Diff(DiffArgs),
    /// Review records: an HTML page (--html) or a terminal view of one record.
    Review(ReviewArgs),
    /// Print the text a document's spans point into (for HTML, the extracted article text), or with
    /// --plain the blocks the rules read (markup left out, white space folded).
    Text(TextArgs),
    /// Check or test the rule files.
    Rules {
        /// check or test.
        #[command(subcommand)]
        command: RulesCommand,
    },
}

/// `claimscan rules …`.
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Validate the rule files; print counts per family.
    Check(RulesArgs),
    /// Run every example and counter-example in the rule files.
    Test(RulesArgs),
}

/// Where the rules come from.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Use the rule files in this folder instead of the embedded ones.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
}

/// Output formats of `extract`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FormatArg {
    /// One compact JSON record per line.
    Jsonl,
    /// One pretty JSON array.
    Json,
    /// One JSON object per fact, every column present (null when absent); with --out, DIR/facts.jsonl.
    FactsJsonl,
    /// One CSV row per fact after a header row (empty cell when absent); with --out, DIR/facts.csv.
    FactsCsv,
    /// DIR/facts.parquet (one row per fact) and DIR/claims.parquet (one row per claim); needs --out.
    Parquet,
}

/// How input files hold documents.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum InputFormatArg {
    /// One document per file (UTF-8 text, optional front matter).
    Text,
    /// JSON Lines: one document per line, {"id", "text", "date"?, "title"?}.
    Jsonl,
}

/// `claimscan extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files or folders (walked recursively for .txt, .md, .markdown, .html and .htm, or .jsonl and .ndjson
    /// with --input-format jsonl; other files and README, LICENSE… are skipped and counted in the summary);
    /// `-` or nothing reads standard input.
    pub paths: Vec<PathBuf>,
    /// How inputs hold documents: one per file (text), or one per line (jsonl: {"id", "text", "date"?,
    /// "title"?}; the id becomes document.path; read and written as a stream, so standard input works in a
    /// pipe).
    #[arg(long, value_enum, default_value = "text", value_name = "FORMAT")]
    pub input_format: InputFormatArg,
    /// Write one pretty JSON record per document under DIR (DIR/<relative path>.json, or DIR/<id>.json with
    /// --input-format jsonl), plus DIR/summary.json; each written to a temporary name and renamed.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Output format: records (jsonl, json) or fact tables (facts-jsonl, facts-csv, parquet). A table format
    /// with --out writes DIR/facts.jsonl, DIR/facts.csv or DIR/facts.parquet and DIR/claims.parquet, plus
    /// DIR/summary.json, and no record files (record files an earlier run listed there are removed).
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: FormatArg,
    /// Keep only facts of these types, comma-separated (date, percentage, money, quantity, organization,
    /// policy): for tables, the rows of other types are left out; for records, the facts of other types and
    /// the claims left without a fact (the stats count what is left).
    #[arg(long, value_name = "TYPE,…", value_parser = parse_types)]
    pub types: Option<claimscan::output::flat::TypeFilter>,
    /// Publication date for every input, the anchor of relative dates (a JSON Lines line's own "date" wins).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub doc_date: Option<Date>,
    /// Worker threads (default: all cores; at most 1024, and never more than the files); never changes the
    /// output.
    #[arg(long, short = 'j', value_name = "N", value_parser = parse_jobs)]
    pub jobs: Option<usize>,
    /// Largest document read, e.g. 256M or 2G (a JSON Lines line likewise); a larger one fails alone, with
    /// its size. 0 for no cap.
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = parse_size)]
    pub max_doc_bytes: u64,
    /// Memory budget, e.g. 4G: documents whose estimated peak memory (20 times their size) together
    /// exceeds it are not processed at once; a larger one runs alone. Default: half the machine's memory
    /// (or of the cgroup's limit). 0 for no budget.
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_memory: Option<u64>,
    /// Stop at the first input or document that fails; the records before it are still written.
    #[arg(long)]
    pub fail_fast: bool,
    /// Process only shard K of N (K from 1): the inputs at positions K-1, K-1+N, … of the sorted list (with
    /// --input-format jsonl, whole files, not lines).
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<(usize, usize)>,
    /// Rules folder.
    #[command(flatten)]
    pub rules: RulesArgs,
}

/// `claimscan eval`.
#[derive(Debug, Args)]
#[command(
    after_help = "A decisions file (lines of schema claimscan-decision/1, as the review page exports \
them) is gold too: accepted and added facts are gold, a fact found at a rejected one is a false positive, \
one rejected for its value that now has another value is counted as changed, facts no decision covers as \
unreviewed; each reviewed file must still have the sha256 it was reviewed with. Exit status: 0 scored, 2 \
bad input."
)]
pub struct EvalArgs {
    /// The gold file, JSON Lines (offsets in code points), or a decisions file the review page exported.
    #[arg(required_unless_present = "timeml", conflicts_with = "timeml")]
    pub gold: Option<PathBuf>,
    /// Score the date facts against TimeML gold instead: `.tml` files, or folders searched for them.
    #[arg(long, num_args = 1.., value_name = "PATH")]
    pub timeml: Vec<PathBuf>,
    /// Also list every missed, spurious and wrong-valued fact.
    #[arg(long)]
    pub errors: bool,
    /// Score every fact type, not only those the gold file annotates.
    #[arg(long)]
    pub all_types: bool,
    /// The folder that gold lines naming a `path` are relative to [default: the gold file's folder]; for a
    /// decisions file, the folder its paths (as the extraction named them) are relative to [default: the
    /// current folder].
    #[arg(long, value_name = "DIR", conflicts_with = "timeml")]
    pub docs: Option<PathBuf>,
    /// For a decisions file: the publication date the reviewed run was extracted with (`extract
    /// --doc-date`), the anchor of relative dates.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, conflicts_with = "timeml")]
    pub doc_date: Option<Date>,
    /// Rules folder.
    #[command(flatten)]
    pub rules: RulesArgs,
}

/// `claimscan diff`.
#[derive(Debug, Args)]
#[command(
    after_help = "With --decisions FILE (a decisions file the review page exported), name only the \
new run: each verdict is checked against it (a broken acceptance, a fixed rejection, a rejected value that \
changed, an added fact now found, a claim gone, a document not in the new run; kept verdicts and those still \
rejected or missed are not changes). Exit status: 0 the runs are the same (with --decisions: no verdict \
changed), 1 they differ, 2 bad input."
)]
pub struct DiffArgs {
    /// The old run: a record file (JSON or JSON Lines) or an --out folder; with --decisions, the new run.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The new run (not with --decisions, which stands for the old run).
    #[arg(value_name = "NEW", required_unless_present = "decisions")]
    pub new: Option<PathBuf>,
    /// Check a reviewer's decisions file against the run instead of comparing two runs.
    #[arg(long, value_name = "FILE")]
    pub decisions: Option<PathBuf>,
    /// With --decisions: the folder the decisions' paths are relative to, where the reviewed files are read
    /// to place facts the new run lacks [default: the current folder].
    #[arg(long, value_name = "DIR", requires = "decisions")]
    pub docs: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: DiffFormat,
}

/// `diff` output formats.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum DiffFormat {
    /// For a person.
    Text,
    /// JSON.
    Json,
}

/// `claimscan review`.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Record files (JSON or JSON Lines) or --out folders.
    #[arg(required = true)]
    pub records: Vec<PathBuf>,
    /// Write the index page here, and one self-contained page per document in the folder FILE's stem +
    /// `_files` beside it (`review.html` → `review_files/`); without it, show one record in the terminal.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Reviewed decisions (JSON Lines, as the page exports them) to load into the pages.
    #[arg(long, value_name = "FILE", requires = "html")]
    pub decisions: Option<PathBuf>,
}

/// `claimscan explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The text to explain (or use --file).
    #[arg(conflicts_with = "file", required_unless_present = "file")]
    pub text: Option<String>,
    /// Explain this file.
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,
    /// Publication date, the anchor of relative dates.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub doc_date: Option<Date>,
    /// Rules folder.
    #[command(flatten)]
    pub rules: RulesArgs,
}

/// `claimscan text`.
#[derive(Debug, Args)]
pub struct TextArgs {
    /// The file (`-` for standard input).
    pub file: String,
    /// Print the rendering the rules read instead: one block per paragraph, separated by blank lines.
    #[arg(long)]
    pub plain: bool,
}

fn parse_jobs(s: &str) -> Result<usize, String> {
    let max = claimscan::batch::MAX_JOBS;
    match s.trim().parse::<usize>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(format!(
            "{s:?} is not a number of threads from 1 to {max} (0 for all cores)"
        )),
    }
}

/// A size in bytes: digits with an optional K, M, G or T (powers of 1024; `B`, `iB` and `KB`… accepted too).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let bad = || format!("{s:?} is not a size such as 500M, 2G or 1048576");
    let t = s.trim();
    let t = t
        .strip_suffix("iB")
        .or_else(|| t.strip_suffix('B'))
        .unwrap_or(t);
    let (digits, shift) = match t.chars().last() {
        Some('k' | 'K') => (&t[..t.len() - 1], 10),
        Some('m' | 'M') => (&t[..t.len() - 1], 20),
        Some('g' | 'G') => (&t[..t.len() - 1], 30),
        Some('t' | 'T') => (&t[..t.len() - 1], 40),
        _ => (t, 0),
    };
    let n: f64 = digits.trim().parse().map_err(|_| bad())?;
    if !n.is_finite() || n < 0.0 {
        return Err(bad());
    }
    let bytes = n * (1u64 << shift) as f64;
    if bytes >= u64::MAX as f64 {
        return Err(bad());
    }
    Ok(bytes as u64)
}

fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let bad = || format!("{s:?} is not K/N with 1 <= K <= N");
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let (k, n): (usize, usize) = (
        k.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if k == 0 || n == 0 || k > n {
        return Err(bad());
    }
    Ok((k, n))
}

fn parse_types(s: &str) -> Result<claimscan::output::flat::TypeFilter, String> {
    claimscan::output::flat::TypeFilter::parse(s)
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("{s:?} is not a calendar date in YYYY-MM-DD form"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_jobs_parse() {
        assert_eq!(parse_size("256M"), Ok(256 << 20));
        assert_eq!(parse_size("2G"), Ok(2 << 30));
        assert_eq!(parse_size("1.5GiB"), Ok(3 << 29));
        assert_eq!(parse_size("100KB"), Ok(100 << 10));
        assert_eq!(parse_size("4096"), Ok(4096));
        assert_eq!(parse_size("0"), Ok(0));
        for bad in ["", "-1G", "lots", "1e30G", "NaN"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_jobs("8"), Ok(8));
        for bad in [
            "18446744073709551615",
            "4611686018427387904",
            "1000000",
            "-1",
        ] {
            assert!(parse_jobs(bad).is_err(), "{bad}");
        }
    }
}
