//! Rule-file errors: each names the file, the line and the rule.

use std::fmt;

use super::show::{SHOWN_CHARS, cut};

/// One problem in the rule files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// The rule file, as named when loaded (`rules/dates.toml`).
    pub file: String,
    /// 1-based line in that file.
    pub line: usize,
    /// The rule or entity id, when the problem belongs to one.
    pub rule: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for RuleError {
    /// `file:line: rule: message`, with a rule id or message of unusual length cut (the messages cut the
    /// user's texts they quote; this bounds what they could not foresee).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = cut(&self.message, 20 * SHOWN_CHARS);
        match &self.rule {
            Some(id) => write!(
                f,
                "{}:{}: {}: {message}",
                self.file,
                self.line,
                cut(id, SHOWN_CHARS)
            ),
            None => write!(f, "{}:{}: {message}", self.file, self.line),
        }
    }
}

/// Every problem found while loading rule files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleErrors(pub Vec<RuleError>);

impl fmt::Display for RuleErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RuleErrors {}
