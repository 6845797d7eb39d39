//! The shell conventions (issue 18): `--color` and `NO_COLOR`, `-q`, completions, the man page, examples in
//! every `--help`, standard input for `explain`, and `extract`'s hint instead of waiting on a terminal.
//!
//! A terminal is needed to see `--color auto` colour and `extract`'s hint; `script(1)` (util-linux's, in
//! Debian's essential `bsdutils`) gives the command one. The decisions themselves are unit-tested in
//! `src/cli.rs`.

use std::path::{Path, PathBuf};

use crate::common::{BIN, BRIEFING, assert_exit, claimscan};

const SUBCOMMANDS: [&str; 9] = [
    "extract",
    "explain",
    "eval",
    "diff",
    "review",
    "text",
    "rules",
    "completions",
    "man",
];

fn stdout_text(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

/// The briefing's record, written to `dir/one.jsonl`.
fn one_record(dir: &Path) -> PathBuf {
    let out = claimscan()
        .args(["extract", BRIEFING, "-q"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let path = dir.join("one.jsonl");
    std::fs::write(&path, &out.stdout).unwrap();
    path
}

/// Runs `claimscan ARGS` with a terminal as its standard input and output (through `script(1)`), with `env`
/// set; its exit status and what it wrote to the terminal.
#[cfg(target_os = "linux")]
fn on_a_terminal(args: &str, env: &[(&str, &str)]) -> (Option<i32>, String) {
    let mut cmd = assert_cmd::Command::new("script");
    cmd.args(["-qec", &format!("'{BIN}' {args}"), "/dev/null"])
        .env_remove("NO_COLOR")
        .timeout(std::time::Duration::from_mins(1));
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd
        .output()
        .expect("script(1) from util-linux runs a command on a terminal; install bsdutils");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn completions_for_every_shell_name_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = claimscan().args(["completions", shell]).output().unwrap();
        assert_exit(&out, 0);
        let script = stdout_text(&out);
        // Long options are spelt `--color` or, in fish, `-l color`.
        for word in SUBCOMMANDS.iter().chain(&["color", "doc-date"]) {
            assert!(script.contains(word), "{shell} completions lack {word}");
        }
    }
    let out = claimscan().args(["completions", "tcsh"]).output().unwrap();
    assert!(assert_exit(&out, 2).contains("tcsh"));
}

#[test]
fn man_pages_are_roff_and_name_the_subcommands() {
    let out = claimscan().arg("man").output().unwrap();
    assert_exit(&out, 0);
    let page = stdout_text(&out);
    assert!(page.starts_with(".ie \\n(.g"), "{}", &page[..80]);
    assert!(page.contains("\n.TH claimscan 1 "), "{page}");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH SUBCOMMANDS"] {
        assert!(page.contains(section), "{section}");
    }
    for sub in SUBCOMMANDS {
        assert!(page.contains(&format!("claimscan\\-{sub}(1)")), "{sub}");
    }
    let out = claimscan()
        .args(["man", "rules", "check"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let page = stdout_text(&out);
    assert!(page.contains("\n.TH claimscan-rules-check 1 "), "{page}");
    assert!(
        page.contains("claimscan rules check \\-\\-rules my\\-rules/"),
        "{page}"
    );
    let out = claimscan()
        .args(["man", "rules", "bogus"])
        .output()
        .unwrap();
    let err = assert_exit(&out, 2);
    assert!(
        err.contains("no subcommand bogus") && err.contains("check, test"),
        "{err}"
    );
}

#[test]
fn every_subcommand_help_shows_examples() {
    let out = claimscan().arg("--help").output().unwrap();
    let help = stdout_text(&out);
    let (_, commands) = help.split_once("Commands:\n").expect("a Commands section");
    let listed: Vec<&str> = commands
        .lines()
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|&c| c != "help")
        .collect();
    assert_eq!(listed, SUBCOMMANDS);
    let mut checked = 0;
    for sub in listed
        .iter()
        .map(|s| vec![*s])
        .chain([vec!["rules", "check"], vec!["rules", "test"]])
    {
        for flag in ["-h", "--help"] {
            let out = claimscan().args(&sub).arg(flag).output().unwrap();
            assert_exit(&out, 0);
            let help = stdout_text(&out);
            let (_, examples) = help
                .split_once("\nExamples:\n")
                .unwrap_or_else(|| panic!("{sub:?} {flag}: no examples\n{help}"));
            let call = format!("claimscan {}", sub.join(" "));
            let lines: Vec<&str> = examples.lines().collect();
            assert!(lines.len() >= 2, "{sub:?}: {lines:?}");
            assert!(
                lines.iter().all(|l| l.contains(&call)),
                "{sub:?}: {lines:?}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 22);
}

#[test]
fn color_always_never_and_no_color_on_the_review_view() {
    let tmp = tempfile::tempdir().unwrap();
    let record = one_record(tmp.path());
    let view = |args: &[&str], no_color: Option<&str>| {
        let mut cmd = claimscan();
        cmd.arg("review")
            .arg(&record)
            .args(args)
            .env_remove("NO_COLOR");
        if let Some(v) = no_color {
            cmd.env("NO_COLOR", v);
        }
        let out = cmd.output().unwrap();
        assert_exit(&out, 0);
        stdout_text(&out)
    };
    let always = view(&["--color", "always"], None);
    assert!(always.contains("\x1b[1;33m"), "{always}");
    // --color always wins over NO_COLOR; the flag is global, so it may come first.
    assert_eq!(view(&["--color=always"], Some("1")), always);
    let never = view(&["--color", "never"], None);
    assert!(!never.contains('\x1b'), "{never}");
    assert!(never.contains("percent]]{percentage}"), "{never}");
    // Into a pipe, auto is plain.
    assert_eq!(view(&[], None), never);
    assert_eq!(view(&[], Some("1")), never);
    let out = claimscan()
        .args(["--color", "sometimes", "review"])
        .arg(&record)
        .output()
        .unwrap();
    assert!(assert_exit(&out, 2).contains("sometimes"));
}

#[cfg(target_os = "linux")]
#[test]
fn on_a_terminal_auto_colours_unless_no_color() {
    let tmp = tempfile::tempdir().unwrap();
    let record = one_record(tmp.path());
    let args = format!("review '{}'", record.display());
    let (code, coloured) = on_a_terminal(&args, &[]);
    assert_eq!(code, Some(0), "{coloured}");
    assert!(coloured.contains("\x1b[1;33m"), "{coloured}");
    for (env, flag) in [(vec![("NO_COLOR", "1")], ""), (vec![], " --color never")] {
        let (code, plain) = on_a_terminal(&format!("{args}{flag}"), &env);
        assert_eq!(code, Some(0), "{plain}");
        assert!(!plain.contains("\x1b["), "{env:?}{flag}: {plain}");
        assert!(plain.contains("percent]]{percentage}"), "{plain}");
    }
    // An empty NO_COLOR is as if unset.
    let (_, empty) = on_a_terminal(&args, &[("NO_COLOR", "")]);
    assert!(empty.contains("\x1b[1;33m"), "{empty}");
}

#[cfg(target_os = "linux")]
#[test]
fn extract_and_explain_on_a_terminal_say_what_to_pass_instead_of_waiting() {
    let (code, said) = on_a_terminal("extract", &[]);
    assert_eq!(code, Some(2), "{said}");
    assert!(said.contains("no input named"), "{said}");
    assert!(said.contains("claimscan extract - < article.txt"), "{said}");
    let (code, said) = on_a_terminal("explain", &[]);
    assert_eq!(code, Some(2), "{said}");
    assert!(said.contains("`-` reads standard input"), "{said}");
}

#[test]
fn extract_with_no_path_reads_a_pipe() {
    let out = claimscan()
        .arg("extract")
        .write_stdin("Title\n\nThe US controls 74 percent of AI compute.\n")
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(record["document"]["path"], "-");
    assert!(stdout_text(&out).contains("\"percentage\""));
}

#[test]
fn quiet_drops_the_summary_but_not_errors_or_warnings() {
    let loud = claimscan().args(["extract", BRIEFING]).output().unwrap();
    assert!(assert_exit(&loud, 0).contains("1 documents, 0 failed"));
    for q in ["-q", "--quiet"] {
        let quiet = claimscan().args(["extract", BRIEFING, q]).output().unwrap();
        assert_eq!(assert_exit(&quiet, 0), "", "{q}");
        assert_eq!(quiet.stdout, loud.stdout);
    }
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let missing = tmp.path().join("missing.txt");
    let out = claimscan()
        .arg("-q")
        .arg("extract")
        .arg(&empty)
        .arg(&missing)
        .output()
        .unwrap();
    let err = assert_exit(&out, 1);
    assert!(err.contains("missing.txt"), "{err}");
    assert!(err.contains("warning: empty file"), "{err}");
    assert!(!err.contains("documents,"), "{err}");
    // review --html: no "wrote …" line.
    let record = one_record(tmp.path());
    let html = tmp.path().join("review.html");
    let out = claimscan()
        .arg("review")
        .arg(&record)
        .arg("--html")
        .arg(&html)
        .arg("-q")
        .output()
        .unwrap();
    assert_eq!(assert_exit(&out, 0), "");
    assert!(html.is_file());
}

#[test]
fn explain_reads_piped_text_as_it_reads_the_argument() {
    let text = "The US controls 74 percent of AI compute, up from 60% in March 2024.";
    let run = |args: &[&str], stdin: Option<&str>| {
        let mut cmd = claimscan();
        cmd.arg("explain")
            .args(args)
            .args(["--doc-date", "2025-03-01"]);
        if let Some(s) = stdin {
            cmd.write_stdin(s);
        }
        let out = cmd.output().unwrap();
        assert_exit(&out, 0);
        stdout_text(&out)
    };
    let argument = run(&[text], None);
    assert!(argument.starts_with("document: <argument>\n"), "{argument}");
    assert!(argument.contains("74 percent"), "{argument}");
    let body = |s: &str| s.split_once('\n').unwrap().1.to_string();
    for args in [&["-"][..], &[][..]] {
        let piped = run(args, Some(text));
        assert!(piped.starts_with("document: <stdin>\n"), "{piped}");
        assert_eq!(body(&piped), body(&argument), "{args:?}");
    }
    // --file - reads standard input as a document, as --file PATH does.
    let as_file = run(
        &["--file", "-"],
        Some(&std::fs::read_to_string(BRIEFING).unwrap()),
    );
    let from_path = run(&["--file", BRIEFING], None);
    assert_eq!(body(&as_file), body(&from_path));
}

#[test]
fn explain_refuses_standard_input_that_is_not_utf8() {
    let out = claimscan()
        .args(["explain", "-"])
        .write_stdin(b"Rose 5\xff percent".to_vec())
        .output()
        .unwrap();
    let err = assert_exit(&out, 1);
    assert!(
        err.contains("standard input: not UTF-8") && err.contains("byte offset 6"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn jobs_zero_means_all_cores() {
    let zero = claimscan()
        .args(["extract", "corpus", "--jobs", "0"])
        .output()
        .unwrap();
    let one = claimscan()
        .args(["extract", "corpus", "-j", "1"])
        .output()
        .unwrap();
    assert_exit(&zero, 0);
    assert!(!zero.stdout.is_empty());
    assert_eq!(zero.stdout, one.stdout);
    let help = stdout_text(&claimscan().args(["extract", "--help"]).output().unwrap());
    assert!(help.contains("0: all cores"), "{help}");
}
