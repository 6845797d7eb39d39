//! What a normalizer is given and returns: the document [`Context`], a match's named captures ([`Groups`]),
//! and its [`Normalized`] value. A leaf of `extract/`: the normalizers import it, not their parent.

use std::collections::HashMap;

use crate::extract::tense;
use crate::model::date::Date;
use crate::model::span::ByteSpan;
use crate::model::value::Value;
use crate::rules::Lexicon;
use crate::text::Segment;

/// What a normalizer may know about the document.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    /// The publication date, the anchor of relative dates.
    pub doc_date: Option<Date>,
    /// The document text.
    pub text: &'a str,
    /// The document's segments, for the tense of a sentence.
    pub segments: &'a [Segment],
    /// The tense markers of those segments, found as dates ask for them.
    pub tenses: &'a tense::Markers,
}

/// Named captures of one match, with their lexicon-normalized readings.
///
/// The fields are open to `extract/`: its parent builds the groups, and the normalizers read the text and
/// lexicons directly.
pub(crate) struct Groups<'a> {
    pub(super) text: &'a str,
    pub(super) items: Vec<(&'a str, ByteSpan)>,
    pub(super) lexicons: &'a HashMap<String, Lexicon>,
}

impl<'a> Groups<'a> {
    /// The raw text of a capture.
    pub(crate) fn get(&self, name: &str) -> Option<&'a str> {
        self.span(name).map(|s| s.slice(self.text))
    }

    /// The span of a capture.
    pub(crate) fn span(&self, name: &str) -> Option<ByteSpan> {
        self.items.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
    }

    /// A capture read through the lexicon of the same name; the raw text when there is no such lexicon.
    pub(crate) fn normalized(&self, name: &str) -> Result<Option<String>, String> {
        let Some(raw) = self.get(name) else {
            return Ok(None);
        };
        match self.lexicons.get(name) {
            Some(lex) => match lex.get(raw) {
                Some(v) => Ok(Some(v.to_string())),
                None => Err(format!("{raw:?} is not in lexicon {name}")),
            },
            None => Ok(Some(raw.to_string())),
        }
    }

    /// The lexicons, for normalizers that consult one by name.
    pub(crate) fn lexicon(&self, name: &str) -> Option<&'a Lexicon> {
        self.lexicons.get(name)
    }
}

/// What a normalizer returns: a value and, optionally, a narrower fact span.
pub(crate) struct Normalized {
    pub value: Value,
    pub span: Option<ByteSpan>,
}

impl From<Value> for Normalized {
    fn from(value: Value) -> Normalized {
        Normalized { value, span: None }
    }
}
