//! The `claimscan` binary: parse arguments, run, map the result to an exit code.

mod cli;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{CommandFactory, FromArgMatches};

use claimscan::batch::{self, InputFormat, Options};
use claimscan::document::read;
use claimscan::model::names::printable;
use claimscan::output::{Format, flat};
use claimscan::tools::{eval, explain, ruletest, timeml};
use claimscan::{Document, Extractor, RuleSet};
use cli::{
    Cli, ColorArg, Command, DiffFormat, ExplainSource, FormatArg, InputFormatArg, ReviewArgs,
    RulesArgs, RulesCommand,
};

/// Writes a line to standard error; a standard error that cannot be written is no reason to panic.
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(io::stderr(), $($arg)*);
    }};
}

/// Exit statuses (SPEC.md): every input processed; some inputs failed; usage or rule-file errors.
const OK: u8 = 0;
const SOME_FAILED: u8 = 1;
const USAGE: u8 = 2;

/// What the global flags ask of every command.
#[derive(Debug, Clone, Copy)]
struct Conventions {
    /// `--color` as given.
    color: ColorArg,
    /// `-q`: no progress, summary or "wrote …" lines.
    quiet: bool,
}

impl Conventions {
    /// Whether to colour standard output.
    fn color_stdout(self) -> bool {
        self.color.enabled(
            std::env::var_os("NO_COLOR").as_deref(),
            io::stdout().is_terminal(),
        )
    }
}

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // clap's own help and errors follow `--color` too (with `auto`, clap reads NO_COLOR itself).
    let clap_color = match ColorArg::from_raw_args(&args) {
        ColorArg::Auto => clap::ColorChoice::Auto,
        ColorArg::Always => clap::ColorChoice::Always,
        ColorArg::Never => clap::ColorChoice::Never,
    };
    let cli = Cli::command()
        .color(clap_color)
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m))
        .unwrap_or_else(|e| e.exit());
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if e.downcast_ref::<io::Error>()
                .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            {
                return ExitCode::from(OK);
            }
            say!("claimscan: {}", printable(&format!("{e:#}")));
            ExitCode::from(USAGE)
        }
    }
}

/// Compiled rules, or the exit status for a rule-file error (already reported).
fn load_rules(args: &RulesArgs) -> Result<RuleSet, u8> {
    let loaded = match &args.rules {
        Some(dir) => RuleSet::from_dir(dir),
        None => RuleSet::embedded(),
    };
    loaded.map_err(|errors| {
        say!("{errors}");
        say!("claimscan: {} rule-file error(s)", errors.0.len());
        USAGE
    })
}

/// A file named for `explain --file`, read as `extract` reads one (regular files and pipes, within the default
/// per-document cap); the exit status after the message when it cannot be read.
fn read_file(path: &std::path::Path) -> Result<Vec<u8>, u8> {
    read::read_named_document(path, read::DEFAULT_MAX_DOC_BYTES).map_err(|e| {
        say!(
            "claimscan: {}: {e}",
            printable(&claimscan::model::names::encode_path(path))
        );
        SOME_FAILED
    })
}

/// An error writing standard output, naming it (its kind kept: a closed pipe is not a failure).
fn stdout_error(e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("cannot write to standard output: {e}"))
}

fn run(cli: Cli) -> Result<u8> {
    let conv = Conventions {
        color: cli.color,
        quiet: cli.quiet,
    };
    match cli.command {
        Command::Extract(args) => {
            if cli::extract_needs_input(&args.paths, io::stdin().is_terminal()) {
                say!("{EXTRACT_HINT}");
                return Ok(USAGE);
            }
            let rules = match load_rules(&args.rules) {
                Ok(r) => r,
                Err(code) => return Ok(code),
            };
            let extractor = Extractor::new(rules);
            let paths = if args.paths.is_empty() {
                vec![std::path::PathBuf::from("-")]
            } else {
                args.paths
            };
            if paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
                say!("claimscan: standard input (-) can be named only once");
                return Ok(USAGE);
            }
            let input_format = match args.input_format {
                InputFormatArg::Text => InputFormat::Text,
                InputFormatArg::Jsonl => InputFormat::Jsonl,
            };
            let (mut inputs, failures, skipped) = batch::collect_inputs(&paths, input_format);
            if let Some((k, n)) = args.shard {
                inputs = batch::shard(inputs, k, n);
            }
            let format = match args.format {
                FormatArg::Jsonl => Format::Jsonl,
                FormatArg::Json => Format::Json,
                FormatArg::FactsJsonl => Format::FactsJsonl,
                FormatArg::FactsCsv => Format::FactsCsv,
                FormatArg::Parquet => Format::Parquet,
            };
            if format == Format::Parquet && args.out.is_none() {
                say!(
                    "claimscan: --format parquet writes DIR/facts.parquet and DIR/claims.parquet: name DIR with --out DIR"
                );
                return Ok(USAGE);
            }
            let table_dir = args.out.clone().filter(|_| format.is_table());
            let opts = Options {
                jobs: args.jobs.unwrap_or(0),
                doc_date: args.doc_date,
                out: args.out,
                fail_fast: args.fail_fast,
                format,
                types: args.types,
                input_format,
                progress: !conv.quiet && io::stderr().is_terminal(),
                max_doc_bytes: args.max_doc_bytes,
                max_memory: args.max_memory.unwrap_or_else(batch::default_memory_budget),
            };
            let stdout = io::stdout();
            let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
            // A table under --out is gathered here and written whole, atomically, once the run is done.
            let mut rows = Vec::new();
            let mut parquet = flat::ParquetTables::new();
            let sink: &mut dyn Write = match (&table_dir, format) {
                (Some(_), Format::Parquet) => &mut parquet,
                (Some(_), _) => &mut rows,
                (None, _) => &mut out,
            };
            let summary = batch::run(
                &extractor,
                &inputs,
                failures,
                skipped,
                &opts,
                sink,
                &mut io::stderr(),
            )?;
            out.flush().map_err(|e| {
                io::Error::new(e.kind(), format!("cannot write to standard output: {e}"))
            })?;
            if let Some(dir) = &table_dir {
                let files = match format {
                    Format::Parquet => {
                        let (facts, claims) = parquet.finish()?;
                        vec![("facts.parquet", facts), ("claims.parquet", claims)]
                    }
                    Format::FactsCsv => vec![("facts.csv", rows)],
                    _ => vec![("facts.jsonl", rows)],
                };
                for (name, bytes) in files {
                    let path = dir.join(name);
                    claimscan::output::write_atomic(&path, &bytes).with_context(|| {
                        format!("cannot write {}", printable(&path.display().to_string()))
                    })?;
                }
            }
            if !conv.quiet {
                say!("{}", summary.line());
            }
            if let Some(e) = &summary.summary_error {
                say!("claimscan: {e}; the records were written");
                return Ok(if summary.documents > 0 {
                    SOME_FAILED
                } else {
                    USAGE
                });
            }
            Ok(if summary.failed_count == 0 {
                OK
            } else {
                SOME_FAILED
            })
        }
        Command::Explain(args) => {
            let source = args.source(io::stdin().is_terminal());
            if source == ExplainSource::Missing {
                say!(
                    "claimscan explain: nothing to explain: give the text as an argument, --file PATH, or pipe \
it in (`-` reads standard input), e.g. echo \"Exports fell 3%.\" | claimscan explain"
                );
                return Ok(USAGE);
            }
            let rules = match load_rules(&args.rules) {
                Ok(r) => r,
                Err(code) => return Ok(code),
            };
            let extractor = Extractor::new(rules);
            let doc = match source {
                ExplainSource::Text(text) => Document::from_str("<argument>", text, args.doc_date),
                ExplainSource::Stdin => match stdin_text() {
                    Ok(text) => Document::from_str("<stdin>", &text, args.doc_date),
                    Err(code) => return Ok(code),
                },
                ExplainSource::File(path) => {
                    let (name, read) = if path.as_os_str() == "-" {
                        (
                            "<stdin>".to_string(),
                            read::read_stdin(io::stdin().lock(), read::DEFAULT_MAX_DOC_BYTES)
                                .map_err(|e| {
                                    say!("claimscan: standard input: {e}");
                                    SOME_FAILED
                                }),
                        )
                    } else {
                        (path.display().to_string(), read_file(path))
                    };
                    let bytes = match read {
                        Ok(b) => b,
                        Err(code) => return Ok(code),
                    };
                    match Document::from_bytes(&name, bytes, args.doc_date) {
                        Ok(d) => d,
                        Err(e) => {
                            say!("claimscan: {}: {e}", printable(&name));
                            return Ok(SOME_FAILED);
                        }
                    }
                }
                ExplainSource::Missing => unreachable!("reported above"),
            };
            // A short argument (or piped text) is one fragment; a file is a document with headings and
            // boilerplate.
            let analysis = if args.file.is_none() {
                extractor.analyze_sentence(&doc)
            } else {
                extractor.analyze(&doc)
            };
            io::stdout()
                .write_all(explain::explain(&extractor, &doc, &analysis).as_bytes())
                .map_err(stdout_error)?;
            Ok(OK)
        }
        Command::Eval(args) => {
            let rules = match load_rules(&args.rules) {
                Ok(r) => r,
                Err(code) => return Ok(code),
            };
            let Some(gold_path) = args.gold.as_ref() else {
                let docs = match timeml::load(&args.timeml) {
                    Ok(d) => d,
                    Err(e) => {
                        say!("claimscan: {}", printable(&e));
                        return Ok(USAGE);
                    }
                };
                let scores = timeml::score(&Extractor::new(rules), &docs);
                let mut out = io::stdout().lock();
                write!(out, "{}", scores.table()).map_err(stdout_error)?;
                if args.errors {
                    write!(out, "\n{}", scores.errors()).map_err(stdout_error)?;
                }
                out.flush().map_err(stdout_error)?;
                return Ok(OK);
            };
            let text = std::fs::read_to_string(gold_path)
                .with_context(|| format!("{}", gold_path.display()))?;
            match claimscan::tools::decisions::holds_decisions(&text) {
                Ok(true) => return eval_decisions(&args, gold_path, &text, rules),
                Ok(false) if args.doc_date.is_some() => {
                    say!(
                        "claimscan: {}: --doc-date is for a decisions file; a gold line gives its own doc_date",
                        printable(&gold_path.display().to_string())
                    );
                    return Ok(USAGE);
                }
                Ok(false) => {}
                Err(line) => {
                    say!(
                        "claimscan: {}:{line}: a file of decisions and gold lines mixed; eval reads one or the other",
                        printable(&gold_path.display().to_string())
                    );
                    return Ok(USAGE);
                }
            }
            let docs_dir = args.docs.clone().unwrap_or_else(|| {
                gold_path
                    .parent()
                    .map_or_else(|| ".".into(), std::path::Path::to_path_buf)
            });
            let gold = match eval::load_gold_in(&text, &docs_dir) {
                Ok(g) => g,
                Err(e) => {
                    say!(
                        "claimscan: {}: {e}",
                        printable(&gold_path.display().to_string())
                    );
                    return Ok(USAGE);
                }
            };
            let scores = eval::score(&Extractor::new(rules), &gold);
            let scores = if args.all_types {
                scores
            } else {
                scores.annotated_only()
            };
            let mut out = io::stdout().lock();
            write!(out, "{}", scores.table()).map_err(stdout_error)?;
            if args.errors {
                write!(out, "{}", scores.errors()).map_err(stdout_error)?;
            }
            out.flush().map_err(stdout_error)?;
            Ok(OK)
        }
        Command::Diff(args) => {
            let load = |p: &std::path::Path| claimscan::tools::diff::load(p);
            let new = match (&args.decisions, &args.new) {
                (Some(decisions), None) => return diff_decisions(decisions, &args),
                (Some(_), Some(_)) => {
                    say!(
                        "claimscan: with --decisions, name only the new run (the decisions stand for the old one): claimscan diff --decisions FILE NEW"
                    );
                    return Ok(USAGE);
                }
                (None, Some(new)) => new,
                (None, None) => unreachable!("clap requires NEW without --decisions"),
            };
            let (old, new) = match (load(&args.old), load(new)) {
                (Ok(a), Ok(b)) => (a, b),
                (Err(e), _) | (_, Err(e)) => {
                    say!("claimscan: {e}");
                    return Ok(USAGE);
                }
            };
            for w in old.warnings.iter().chain(&new.warnings) {
                say!("claimscan: {w}");
            }
            let d = claimscan::tools::diff::diff(&old, &new);
            let mut out = io::stdout().lock();
            match args.format {
                DiffFormat::Text => out.write_all(claimscan::tools::diff::text(&d).as_bytes()),
                DiffFormat::Json => out.write_all(&claimscan::output::pretty(&d)),
            }
            .and_then(|()| out.flush())
            .map_err(stdout_error)?;
            Ok(if d.is_empty() { OK } else { SOME_FAILED })
        }
        Command::Review(args) => review(args, conv),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "claimscan", &mut script);
            let mut out = io::stdout().lock();
            out.write_all(&script)
                .and_then(|()| out.flush())
                .map_err(stdout_error)?;
            Ok(OK)
        }
        Command::Man { subcommand } => man(&subcommand),
        Command::Text(args) => {
            let read = if args.file == "-" {
                read::read_stdin(io::stdin().lock(), read::DEFAULT_MAX_DOC_BYTES)
            } else {
                read::read_named_document(args.file.as_ref(), read::DEFAULT_MAX_DOC_BYTES)
            };
            let bytes = match read {
                Ok(b) => b,
                Err(e) => {
                    say!("claimscan: {}: {e}", printable(&args.file));
                    return Ok(SOME_FAILED);
                }
            };
            let doc = match Document::from_bytes(&args.file, bytes, None) {
                Ok(d) => d,
                Err(e) => {
                    say!("claimscan: {}: {e}", printable(&args.file));
                    return Ok(SOME_FAILED);
                }
            };
            let mut out = io::stdout().lock();
            if args.plain {
                let view = doc.view();
                out.write_all(view.text.as_bytes()).map_err(stdout_error)?;
                if !view.text.is_empty() {
                    out.write_all(b"\n").map_err(stdout_error)?;
                }
            } else {
                out.write_all(doc.text.as_bytes()).map_err(stdout_error)?;
            }
            out.flush().map_err(stdout_error)?;
            Ok(OK)
        }
        Command::Rules {
            command: RulesCommand::Check(args),
        } => {
            let rules = match load_rules(&args) {
                Ok(r) => r,
                Err(code) => return Ok(code),
            };
            let mut out = io::stdout().lock();
            writeln!(out, "{} rule files OK", rules.files.len()).map_err(stdout_error)?;
            for (family, c) in rules.counts() {
                writeln!(
                    out,
                    "{family:<16} {:>4} rules {:>5} entities {:>5} examples",
                    c.rules, c.entities, c.examples
                )
                .map_err(stdout_error)?;
            }
            out.flush().map_err(stdout_error)?;
            Ok(OK)
        }
        Command::Rules {
            command: RulesCommand::Test(args),
        } => {
            let rules = match load_rules(&args) {
                Ok(r) => r,
                Err(code) => return Ok(code),
            };
            let report = ruletest::run(&Extractor::new(rules));
            let mut out = io::stdout().lock();
            for f in &report.failures {
                writeln!(out, "{f}").map_err(stdout_error)?;
            }
            writeln!(
                out,
                "{} examples run, {} failed",
                report.run,
                report.failures.len()
            )
            .map_err(stdout_error)?;
            out.flush().map_err(stdout_error)?;
            Ok(if report.failures.is_empty() {
                OK
            } else {
                SOME_FAILED
            })
        }
    }
}

/// `claimscan diff --decisions FILE NEW`: each verdict checked against the new run
/// (`claimscan::tools::diff::against_decisions`); status 0 when none changed, 1 when some did, as `diff`.
fn diff_decisions(file: &std::path::Path, args: &cli::DiffArgs) -> Result<u8> {
    use claimscan::tools::{decisions, diff};
    let read = match decisions::load(file) {
        Ok(d) => d,
        Err(e) => {
            say!("claimscan: {e}");
            return Ok(USAGE);
        }
    };
    let new = match diff::load(&args.old) {
        Ok(run) => run,
        Err(e) => {
            say!("claimscan: {e}");
            return Ok(USAGE);
        }
    };
    for w in read.warnings.iter().chain(&new.warnings) {
        say!("claimscan: {w}");
    }
    let docs = args.docs.clone().unwrap_or_else(|| ".".into());
    let d = diff::against_decisions(&read.decisions, &new, &docs);
    let mut out = io::stdout().lock();
    match args.format {
        DiffFormat::Text => out.write_all(diff::decisions_text(&d).as_bytes()),
        DiffFormat::Json => out.write_all(&claimscan::output::pretty(&d)),
    }
    .and_then(|()| out.flush())
    .map_err(stdout_error)?;
    Ok(if d.is_empty() { OK } else { SOME_FAILED })
}

/// `claimscan eval DECISIONS`: the documents the decisions name read from `--docs` (default: the current
/// folder), extracted, and scored against the decisions (`claimscan::tools::eval::score_decisions`).
fn eval_decisions(
    args: &cli::EvalArgs,
    path: &std::path::Path,
    text: &str,
    rules: RuleSet,
) -> Result<u8> {
    use claimscan::tools::decisions;
    let read = match decisions::parse(path, text) {
        Ok(d) => d,
        Err(e) => {
            say!("claimscan: {e}");
            return Ok(USAGE);
        }
    };
    for w in &read.warnings {
        say!("claimscan: {w}");
    }
    let docs_dir = args.docs.clone().unwrap_or_else(|| ".".into());
    let docs = match eval::load_reviewed(&read.decisions, &docs_dir, args.doc_date) {
        Ok(d) => d,
        Err(e) => {
            say!("claimscan: {e}");
            return Ok(USAGE);
        }
    };
    let scores = eval::score_decisions(&Extractor::new(rules), &docs);
    let mut out = io::stdout().lock();
    write!(out, "{}", scores.table()).map_err(stdout_error)?;
    if args.errors {
        write!(out, "\n{}", scores.errors()).map_err(stdout_error)?;
    }
    out.flush().map_err(stdout_error)?;
    Ok(OK)
}

/// `claimscan review`: records from files or folders, read as `diff` reads them (see
/// `claimscan::tools::review::load`), their articles read back from `document.path` when that is a regular file
/// still as extracted (else the claims are shown without the rest of the text). With `--html`, the index and
/// one page per document (`claimscan::tools::review::write_html`); `--decisions` embeds reviewed decisions.
fn review(args: ReviewArgs, conv: Conventions) -> Result<u8> {
    let decisions = match &args.decisions {
        Some(file) => match claimscan::tools::decisions::load(file) {
            Ok(read) => {
                for w in &read.warnings {
                    say!("claimscan: {w}");
                }
                read.decisions
                    .iter()
                    .map(|d| serde_json::to_value(d).expect("a decision is JSON"))
                    .collect()
            }
            Err(e) => {
                say!("claimscan: {e}");
                return Ok(USAGE);
            }
        },
        None => Vec::new(),
    };
    let loaded = claimscan::tools::review::load(&args.records, &mut |w| say!("claimscan: {w}"));
    let docs = match loaded {
        Ok(docs) => docs,
        Err(e) => {
            say!("claimscan: {e}");
            return Ok(USAGE);
        }
    };
    if let Some(file) = &args.html {
        let written = claimscan::tools::review::write_html(file, &docs, &decisions)?;
        if let (Some(d), n @ 1..) = (&args.decisions, written.unmatched_decisions) {
            say!(
                "claimscan: {}: {n} decision{} for documents not in these records",
                printable(&d.display().to_string()),
                if n == 1 { " is" } else { "s are" }
            );
        }
        if !conv.quiet {
            say!(
                "claimscan: wrote {} and {} document pages in {} ({} documents)",
                printable(&file.display().to_string()),
                written.pages,
                printable(&written.folder.display().to_string()),
                docs.len()
            );
        }
        if !conv.quiet && written.stale_removed > 0 {
            say!(
                "claimscan: removed {} pages of an earlier, longer review from {}",
                written.stale_removed,
                printable(&written.folder.display().to_string())
            );
        }
        Ok(OK)
    } else {
        if docs.len() != 1 {
            say!(
                "claimscan: the terminal view shows one record; {} given (use --html for more)",
                docs.len()
            );
            return Ok(USAGE);
        }
        let color = conv.color_stdout();
        io::stdout()
            .write_all(claimscan::tools::review::terminal(&docs[0], color).as_bytes())
            .map_err(stdout_error)?;
        Ok(OK)
    }
}

/// What `extract` says instead of waiting when no input is named and standard input is a terminal.
const EXTRACT_HINT: &str = "claimscan extract: no input named, and standard input is a terminal
  name files or folders:       claimscan extract corpus/ > records.jsonl
  or pipe a document in:       claimscan extract - < article.txt   (or: curl -s URL | claimscan extract)
  more:                        claimscan extract --help";

/// Standard input as text for `explain` (within the default per-document cap); the exit status after the
/// message when it cannot be read or is not UTF-8.
fn stdin_text() -> Result<String, u8> {
    let bytes = read::read_stdin(io::stdin().lock(), read::DEFAULT_MAX_DOC_BYTES).map_err(|e| {
        say!("claimscan: standard input: {e}");
        SOME_FAILED
    })?;
    String::from_utf8(bytes).map_err(|e| {
        // The document loader's message says what the bytes look like (UTF-16, Latin-1, a PDF…).
        let why = Document::from_bytes("<stdin>", e.into_bytes(), None)
            .err()
            .map_or_else(|| "not UTF-8".to_string(), |e| e.to_string());
        say!("claimscan: standard input: {why}");
        SOME_FAILED
    })
}

/// `claimscan man [SUBCOMMAND…]`: claimscan(1), or `claimscan-extract(1)`, `claimscan-rules-check(1)`…, as
/// roff on standard output.
fn man(path: &[String]) -> Result<u8> {
    let mut cmd = Cli::command();
    cmd.build();
    let mut name = "claimscan".to_string();
    for part in path {
        let Some(sub) = cmd.find_subcommand(part).cloned() else {
            say!(
                "claimscan man: {} has no subcommand {}; try: {}",
                name.replace('-', " "),
                printable(part),
                cmd.get_subcommands()
                    .map(clap::Command::get_name)
                    .filter(|n| *n != "help")
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            return Ok(USAGE);
        };
        name = format!("{name}-{part}");
        cmd = sub;
    }
    // clap names are `&'static str` without its `string` feature; one name, leaked once, at exit.
    let name: &'static str = Box::leak(name.into_boxed_str());
    let cmd = cmd
        .name(name)
        .display_name(name)
        .version(env!("CARGO_PKG_VERSION"));
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut page)?;
    let mut out = io::stdout().lock();
    out.write_all(&page)
        .and_then(|()| out.flush())
        .map_err(stdout_error)?;
    Ok(OK)
}
