//! Command-line definitions, turned into validated configuration.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use claimscan::model::date::Date;

/// Turns folders of news and policy articles into normalized, reviewable claim records.
#[derive(Debug, Parser)]
#[command(
    name = "claimscan",
    version,
    about,
    after_help = "Examples:
  claimscan extract corpus/ > records.jsonl
  claimscan review records.jsonl --html review.html
  claimscan completions bash > ~/.local/share/bash-completion/completions/claimscan"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// When to colour output: auto colours a terminal unless `NO_COLOR` is set to a non-empty value.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "auto",
        value_name = "WHEN"
    )]
    pub color: ColorArg,
    /// No progress bar, summary or "wrote …" lines on standard error; errors and warnings still appear.
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
}

/// `--color`: when output is coloured.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ColorArg {
    /// When the output is a terminal and `NO_COLOR` is unset or empty.
    Auto,
    /// Always, even into a pipe or with `NO_COLOR` set.
    Always,
    /// Never.
    Never,
}

impl ColorArg {
    /// Whether to colour an output, given `NO_COLOR`'s value and whether the output is a terminal (the
    /// <https://no-color.org> convention: any non-empty value turns colour off, unless asked for explicitly).
    pub fn enabled(self, no_color: Option<&std::ffi::OsStr>, terminal: bool) -> bool {
        match self {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => terminal && no_color.is_none_or(std::ffi::OsStr::is_empty),
        }
    }

    /// The choice the arguments make, read before clap parses them so that clap's own help and errors
    /// follow it too: the last `--color WHEN` or `--color=WHEN` before `--`; `auto` when none is valid.
    pub fn from_raw_args(args: &[std::ffi::OsString]) -> ColorArg {
        let mut choice = ColorArg::Auto;
        let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
        while let Some(a) = it.next() {
            let value = match a.as_ref() {
                "--" => break,
                "--color" => it.next(),
                other => other.strip_prefix("--color=").map(|v| v.to_string().into()),
            };
            if let Some(c) = value.and_then(|v| ColorArg::from_str(&v, false).ok()) {
                choice = c;
            }
        }
        choice
    }
}

/// Whether `extract` named no input while standard input is a terminal: then it prints a usage hint instead
/// of waiting for a document to be typed.
pub fn extract_needs_input(paths: &[PathBuf], stdin_is_terminal: bool) -> bool {
    paths.is_empty() && stdin_is_terminal
}

/// What `explain` explains.
#[derive(Debug, PartialEq, Eq)]
pub enum ExplainSource<'a> {
    /// The text given as the argument.
    Text(&'a str),
    /// A file (a document, not a fragment); `-` is standard input.
    File(&'a std::path::Path),
    /// Standard input, read as the argument would be (`explain -`, or nothing named with a pipe).
    Stdin,
    /// Nothing named and standard input is a terminal: a usage error.
    Missing,
}

impl ExplainArgs {
    /// Where the text comes from, given whether standard input is a terminal.
    pub fn source(&self, stdin_is_terminal: bool) -> ExplainSource<'_> {
        match (&self.text, &self.file) {
            (Some(t), _) if t == "-" => ExplainSource::Stdin,
            (Some(t), _) => ExplainSource::Text(t),
            (None, Some(p)) => ExplainSource::File(p),
            (None, None) if stdin_is_terminal => ExplainSource::Missing,
            (None, None) => ExplainSource::Stdin,
        }
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract claim records from files and folders (JSON Lines on stdout, or --out DIR).
    #[command(after_help = "Examples:
  claimscan extract corpus/ > records.jsonl
  claimscan extract corpus/ --out /tmp/run --jobs 2
  curl -s https://example.org/article.html | claimscan extract --doc-date 2025-03-01")]
    Extract(ExtractArgs),
    /// Show sentences, candidate matches, overlap decisions and values for one text.
    #[command(after_help = "Examples:
  claimscan explain \"The US controls 74 percent of AI compute.\"
  echo \"Exports fell 3% in March.\" | claimscan explain --doc-date 2025-04-01
  claimscan explain --file corpus/aukus-genesis-access.txt")]
    Explain(ExplainArgs),
    /// Score extraction against gold annotations (JSON Lines: {text, `doc_date`, facts:[{type, start, end, value}]})
    /// or against a reviewer's decisions file (exported by the review page).
    Eval(EvalArgs),
    /// Compare two runs (record files or --out folders): claims and facts added, removed, changed; or a run
    /// against a reviewer's decisions file (--decisions): which verdicts it changes.
    Diff(DiffArgs),
    /// Review records: an HTML page (--html) or a terminal view of one record.
    #[command(after_help = "Examples:
  claimscan review records.jsonl --html review.html
  claimscan review one-record.jsonl --color always | less -R
  claimscan review records.jsonl --html review.html --decisions decisions.jsonl")]
    Review(ReviewArgs),
    /// Print the text a document's spans point into (for HTML, the extracted article text), or with
    /// --plain the blocks the rules read (markup left out, white space folded).
    #[command(after_help = "Examples:
  claimscan text corpus/aukus-genesis-access.txt
  claimscan text page.html --plain
  curl -s https://example.org/article.html | claimscan text -")]
    Text(TextArgs),
    /// Check or test the rule files.
    #[command(after_help = "Examples:
  claimscan rules check
  claimscan rules test --rules my-rules/")]
    Rules {
        /// check or test.
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Print a shell completion script to standard output.
    #[command(after_help = "Examples:
  claimscan completions bash > ~/.local/share/bash-completion/completions/claimscan
  claimscan completions zsh > ~/.zfunc/_claimscan
  claimscan completions fish > ~/.config/fish/completions/claimscan.fish")]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to standard output: claimscan(1), or a subcommand's page.
    #[command(after_help = "Examples:
  claimscan man | man -l -
  claimscan man > ~/.local/share/man/man1/claimscan.1
  claimscan man extract > ~/.local/share/man/man1/claimscan-extract.1")]
    Man {
        /// A subcommand (`extract`, `rules check`…) whose page to print instead.
        #[arg(value_name = "SUBCOMMAND", num_args = 0..)]
        subcommand: Vec<String>,
    },
}

/// `claimscan rules …`.
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Validate the rule files; print counts per family.
    #[command(after_help = "Examples:
  claimscan rules check
  claimscan rules check --rules my-rules/")]
    Check(RulesArgs),
    /// Run every example and counter-example in the rule files.
    #[command(after_help = "Examples:
  claimscan rules test
  claimscan rules test --rules my-rules/")]
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
    /// `-` reads standard input, as does nothing in a pipe (nothing on a terminal prints a usage hint).
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
    /// Worker threads (default, and 0: all cores; at most 1024, and never more than the files); never
    /// changes the output.
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
bad input.

Examples:
  claimscan eval eval/dates-gold.jsonl --errors
  claimscan eval --timeml ../shared/tempeval3-train/
  claimscan eval decisions.jsonl --docs . --doc-date 2025-03-01"
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
changed), 1 they differ, 2 bad input.

Examples:
  claimscan diff /tmp/before /tmp/after
  claimscan diff old.jsonl new.jsonl --format json
  claimscan diff --decisions decisions.jsonl /tmp/run2"
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
    /// The text to explain, one fragment; `-` reads it from standard input, as does nothing in a pipe.
    #[arg(conflicts_with = "file")]
    pub text: Option<String>,
    /// Explain this file as a document (headings, boilerplate); `-` for standard input.
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
    use clap::CommandFactory;

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
        // 0 is documented as all cores, as leaving --jobs out is.
        assert_eq!(parse_jobs("0"), Ok(0));
        for bad in [
            "18446744073709551615",
            "4611686018427387904",
            "1000000",
            "-1",
        ] {
            assert!(parse_jobs(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn color_follows_the_flag_then_no_color_then_the_terminal() {
        use std::ffi::OsStr;
        let set = Some(OsStr::new("1"));
        let empty = Some(OsStr::new(""));
        for (choice, no_color, terminal, want) in [
            (ColorArg::Auto, None, true, true),
            (ColorArg::Auto, None, false, false),
            (ColorArg::Auto, set, true, false),
            // An empty NO_COLOR is as if unset (no-color.org).
            (ColorArg::Auto, empty, true, true),
            (ColorArg::Always, set, false, true),
            (ColorArg::Never, None, true, false),
        ] {
            assert_eq!(
                choice.enabled(no_color, terminal),
                want,
                "{choice:?} {no_color:?} {terminal}"
            );
        }
    }

    #[test]
    fn color_is_read_from_raw_arguments_before_parsing() {
        let raw =
            |s: &str| -> Vec<std::ffi::OsString> { s.split_whitespace().map(Into::into).collect() };
        for (args, want) in [
            ("claimscan review r.jsonl", ColorArg::Auto),
            ("claimscan --color never review r.jsonl", ColorArg::Never),
            ("claimscan review r.jsonl --color=always", ColorArg::Always),
            ("claimscan --color never --color always x", ColorArg::Always),
            ("claimscan --color bogus x", ColorArg::Auto),
            ("claimscan explain -- --color=never", ColorArg::Auto),
        ] {
            assert_eq!(ColorArg::from_raw_args(&raw(args)), want, "{args}");
        }
    }

    #[test]
    fn extract_waits_for_a_pipe_but_not_for_a_terminal() {
        assert!(extract_needs_input(&[], true));
        assert!(!extract_needs_input(&[], false));
        assert!(!extract_needs_input(&["-".into()], true));
        assert!(!extract_needs_input(&["corpus".into()], true));
    }

    #[test]
    fn explain_reads_standard_input_for_dash_or_a_pipe() {
        let parse = |args: &[&str]| match Cli::try_parse_from(args).unwrap().command {
            Command::Explain(a) => a,
            other => panic!("{other:?}"),
        };
        let text = parse(&["claimscan", "explain", "Rose 5%."]);
        assert_eq!(text.source(true), ExplainSource::Text("Rose 5%."));
        let dash = parse(&["claimscan", "explain", "-"]);
        assert_eq!(dash.source(true), ExplainSource::Stdin);
        let none = parse(&["claimscan", "explain"]);
        assert_eq!(none.source(false), ExplainSource::Stdin);
        assert_eq!(none.source(true), ExplainSource::Missing);
        let file = parse(&["claimscan", "explain", "--file", "a.txt"]);
        assert_eq!(
            file.source(false),
            ExplainSource::File(std::path::Path::new("a.txt"))
        );
    }

    /// Splits an example line into words as a shell would for these examples (double quotes, no escapes),
    /// up to the first pipe or redirection.
    fn example_words(line: &str) -> Vec<String> {
        let mut words = Vec::new();
        let (mut word, mut quoted, mut any) = (String::new(), false, false);
        for c in line.chars() {
            match c {
                '"' => (quoted, any) = (!quoted, true),
                '|' | '<' | '>' if !quoted => break,
                c if c.is_whitespace() && !quoted => {
                    if any {
                        words.push(std::mem::take(&mut word));
                    }
                    any = false;
                }
                c => (word, any) = (word + &c.to_string(), true),
            }
        }
        if any {
            words.push(word);
        }
        words
    }

    #[test]
    fn every_subcommand_has_examples_that_parse() {
        fn walk(cmd: &clap::Command, path: &str, checked: &mut Vec<String>) {
            for sub in cmd.get_subcommands() {
                let path = format!("{path} {}", sub.get_name());
                let help = sub
                    .get_after_help()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                let (_, examples) = help
                    .split_once("Examples:\n")
                    .unwrap_or_else(|| panic!("`{path} --help` has no examples"));
                let lines: Vec<&str> = examples.lines().map(str::trim).collect();
                assert!(lines.len() >= 2, "{path}: {lines:?}");
                for line in lines {
                    // The claimscan command of the line (after a pipe into it, if any).
                    let at = line
                        .find("claimscan ")
                        .unwrap_or_else(|| panic!("{path}: {line}"));
                    let words = example_words(&line[at..]);
                    assert!(
                        format!(" {}", words.join(" ")).starts_with(&path),
                        "{path}: {line}"
                    );
                    if let Err(e) = Cli::try_parse_from(&words) {
                        panic!("{path}: the example {line:?} does not parse: {e}");
                    }
                }
                checked.push(path.clone());
                walk(sub, &path, checked);
            }
        }
        let mut checked = Vec::new();
        walk(&Cli::command(), " claimscan", &mut checked);
        assert!(checked.len() >= 11, "{checked:?}");
    }
}
