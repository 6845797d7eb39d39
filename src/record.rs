//! The claim record: one per document, written as JSON.
//!
//! Field by field, this is the contract of SPEC.md ("The document record"). All offsets are half-open; `span`
//! is in bytes of the document text (after a byte-order mark is removed), `chars` in code points, `line` and
//! `column` 1-based with the column in code points. `text` always equals the document text at `span`.

use serde::Serialize;

use crate::model::span::{ByteSpan, CharSpan};
pub use crate::model::value::{
    ClaimKind, DateValue, FactType, MoneyValue, OrganizationValue, PercentValue, PolicyValue,
    QuantityValue, Value,
};

/// The schema version written in every record.
pub const SCHEMA: &str = "claimscan/1";

/// One document's record.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// About the input.
    pub document: DocumentInfo,
    /// Claim-bearing sentences, in text order.
    pub claims: Vec<Claim>,
    /// Canonical entities mentioned, in order of first mention.
    pub entities: Vec<EntityRow>,
    /// Counts.
    pub stats: Stats,
}

/// About the input document.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentInfo {
    /// The path as the user named it.
    pub path: String,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// Title from front matter or the first line.
    pub title: Option<String>,
    /// Publication date `YYYY-MM-DD`, or null.
    pub date: Option<String>,
    /// `option`, `front_matter` or `none`.
    pub date_source: crate::document::DateSource,
    /// Length of the text in bytes.
    pub bytes: usize,
    /// Sentences of running text.
    pub sentences: usize,
    /// How the text was read: `text`, `markdown` or `html`.
    pub format: crate::text::Format,
    /// For HTML: the SHA-256 of the extracted text that spans point into (`claimscan text FILE` prints it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_sha256: Option<String>,
    /// The source URL from the front matter or the page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The author(s) from the front matter or the page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Tags from the front matter.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// Where a piece of text is, in every unit a reader may want.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Location {
    /// Byte range.
    pub span: ByteSpan,
    /// Code-point range.
    pub chars: CharSpan,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column of the start, in code points.
    pub column: usize,
}

/// Where a claim stands in its document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The document's title.
    Title,
    /// A heading, section label or other short block without final punctuation.
    Heading,
    /// A sentence of running text.
    Body,
}

impl Role {
    /// The role of a claim made of a segment of this kind.
    pub fn of(kind: crate::text::SegmentKind) -> Role {
        match kind {
            crate::text::SegmentKind::Title => Role::Title,
            crate::text::SegmentKind::Heading => Role::Heading,
            _ => Role::Body,
        }
    }
}

/// A sentence holding at least one fact.
#[derive(Debug, Clone, Serialize)]
pub struct Claim {
    /// Stable id: a hash of the path, the sentence's folded text ([`Claim::plain`]) and its occurrence
    /// number, so re-wrapping a paragraph keeps it.
    pub id: String,
    /// Where in the document it stands: the title, a heading or the body.
    pub role: Role,
    /// What makes it checkable, in a fixed order.
    pub kinds: Vec<ClaimKind>,
    /// The sentence: the file's text at its span, line breaks and markup included.
    pub text: String,
    /// The sentence as the rules read it, when that differs from `text`: markup left out, every run of
    /// white space one space.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plain: Option<String>,
    /// Where it is.
    #[serde(flatten)]
    pub location: Location,
    /// Its facts, in text order.
    pub facts: Vec<Fact>,
}

/// One extracted fact.
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    /// What kind of fact.
    #[serde(rename = "type")]
    pub fact_type: FactType,
    /// The words that carry the value: the file's text at its span.
    pub text: String,
    /// The words as the rules read them, when that differs from `text` (a line break or markup inside).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plain: Option<String>,
    /// Where it is.
    #[serde(flatten)]
    pub location: Location,
    /// The id of the rule that found it.
    pub rule: String,
    /// The normalized value.
    pub value: Value,
}

/// One row of the per-document entity index.
#[derive(Debug, Clone, Serialize)]
pub struct EntityRow {
    /// `organization` or `policy`.
    #[serde(rename = "type")]
    pub fact_type: FactType,
    /// Canonical id, or null.
    pub id: Option<String>,
    /// Canonical name.
    pub name: String,
    /// Category.
    pub category: String,
    /// How many facts name it.
    pub mentions: usize,
    /// The byte spans of those facts, in text order.
    pub spans: Vec<ByteSpan>,
}

/// Counts for one record.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    /// Number of claims.
    pub claims: usize,
    /// Facts per type.
    pub facts: FactCounts,
}

/// Facts per type.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct FactCounts {
    /// Dates.
    pub date: usize,
    /// Percentages.
    pub percentage: usize,
    /// Money.
    pub money: usize,
    /// Quantities.
    pub quantity: usize,
    /// Organizations.
    pub organization: usize,
    /// Policy instruments.
    pub policy: usize,
}

impl FactCounts {
    /// Adds one fact of a type.
    pub fn add(&mut self, t: FactType) {
        *self.get_mut(t) += 1;
    }

    /// The count of a type.
    pub fn get(&self, t: FactType) -> usize {
        let mut counts = *self;
        *counts.get_mut(t)
    }

    fn get_mut(&mut self, t: FactType) -> &mut usize {
        match t {
            FactType::Date => &mut self.date,
            FactType::Percentage => &mut self.percentage,
            FactType::Money => &mut self.money,
            FactType::Quantity => &mut self.quantity,
            FactType::Organization => &mut self.organization,
            FactType::Policy => &mut self.policy,
        }
    }

    /// Adds another set of counts.
    pub fn merge(&mut self, other: &FactCounts) {
        for t in FactType::ALL {
            *self.get_mut(t) += other.get(t);
        }
    }

    /// Total facts.
    pub fn total(&self) -> usize {
        FactType::ALL.iter().map(|&t| self.get(t)).sum()
    }
}
