//! The claim record: one per document, written as JSON.
//!
//! Field by field, this is the contract of SPEC.md ("The document record"). All offsets are half-open; `span`
//! is in bytes of the document text (after a byte-order mark is removed), `chars` in code points, `line` and
//! `column` 1-based with the column in code points. `text` always equals the document text at `span`.

use serde::Serialize;

use crate::span::Span;

/// The schema version written in every record.
pub const SCHEMA: &str = "claimscan/1";

/// The kinds of fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FactType {
    /// A calendar expression.
    Date,
    /// A percentage, percentage-point or basis-point figure.
    Percentage,
    /// An amount of money.
    Money,
    /// A counted noun.
    Quantity,
    /// An organization.
    Organization,
    /// A policy instrument.
    Policy,
}

impl FactType {
    /// Every fact type, in record order.
    pub const ALL: [FactType; 6] = [
        FactType::Date,
        FactType::Percentage,
        FactType::Money,
        FactType::Quantity,
        FactType::Organization,
        FactType::Policy,
    ];

    /// The name used in rule files and records.
    pub fn as_str(self) -> &'static str {
        match self {
            FactType::Date => "date",
            FactType::Percentage => "percentage",
            FactType::Money => "money",
            FactType::Quantity => "quantity",
            FactType::Organization => "organization",
            FactType::Policy => "policy",
        }
    }

    /// Parses a rule file's `type`.
    pub fn parse(s: &str) -> Option<FactType> {
        FactType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The claim kind this fact makes a sentence.
    pub fn claim_kind(self) -> ClaimKind {
        match self {
            FactType::Date => ClaimKind::Temporal,
            FactType::Percentage | FactType::Money | FactType::Quantity => ClaimKind::Statistic,
            FactType::Organization => ClaimKind::Organization,
            FactType::Policy => ClaimKind::Policy,
        }
    }
}

/// What makes a claim checkable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    /// Holds a percentage, money or quantity.
    Statistic,
    /// Holds a date.
    Temporal,
    /// Holds a policy instrument.
    Policy,
    /// Holds an organization.
    Organization,
}

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
    pub span: Span,
    /// Code-point range.
    pub chars: Span,
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

/// A normalized value; its shape depends on the fact type.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(untagged)]
pub enum Value {
    /// A date.
    Date(DateValue),
    /// A percentage.
    Percentage(PercentValue),
    /// An amount of money.
    Money(MoneyValue),
    /// A counted noun.
    Quantity(QuantityValue),
    /// An organization.
    Organization(OrganizationValue),
    /// A policy instrument.
    Policy(PolicyValue),
}

/// A TIMEX3-style date value.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DateValue {
    /// TIMEX3 value: `2026-01-15`, `2026-01`, `2026`, `XXXX-11`.
    pub timex: String,
    /// `DATE`, `DURATION`, `SET` or `TIME`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// `day`, `month`, `year`, …
    pub granularity: &'static str,
    /// `START`, `MID`, `END`, `APPROX`, `BEFORE`, `AFTER`, `ON_OR_BEFORE`, `ON_OR_AFTER`.
    #[serde(rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
    /// Whether the value depends on the publication date.
    pub relative: bool,
    /// The publication date used to resolve it, when relative.
    pub anchor: Option<String>,
    /// First calendar day covered, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Last calendar day covered, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

/// A percentage value.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PercentValue {
    /// The number as written (74 for "74 percent"), signed; absent for a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<f64>,
    /// `percent`, `percentage_point` or `basis_point`.
    pub unit: String,
    /// `amount / 100`, for percent only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fraction: Option<f64>,
    /// Lower end of a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    /// Upper end of a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    /// `APPROX`, `MORE_THAN`, `LESS_THAN`, `AT_LEAST`, `AT_MOST`.
    #[serde(rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
    /// `up` or `down`, where the sentence says which way the figure moved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
}

/// An amount of money.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MoneyValue {
    /// The amount in units of the currency (52700000000 for "$52.7 billion"); absent for a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<f64>,
    /// ISO 4217 code.
    pub currency: String,
    /// Lower end of a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    /// Upper end of a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    /// `APPROX`, `MORE_THAN`, `LESS_THAN`, `AT_LEAST`, `AT_MOST`.
    #[serde(rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
    /// `up` or `down`, where the sentence says which way the figure moved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
}

/// A counted noun.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct QuantityValue {
    /// How many.
    pub amount: f64,
    /// The counted noun (`organizations`).
    pub unit: String,
    /// The whole it is part of: 23 in "7 of 23 agencies".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<f64>,
    /// `APPROX`, `MORE_THAN`, `LESS_THAN`, `AT_LEAST`, `AT_MOST`.
    #[serde(rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
}

/// An organization.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OrganizationValue {
    /// Canonical id, or null when found by pattern only.
    pub id: Option<String>,
    /// Canonical name.
    pub name: String,
    /// `government`, `agency`, `company`, …
    pub category: String,
    /// ISO 3166-1 alpha-2 country, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// `gazetteer`, `pattern` or `acronym`.
    pub source: &'static str,
}

/// A policy instrument.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PolicyValue {
    /// Canonical id (`eo-14110`), or null when the instrument is not identified.
    pub id: Option<String>,
    /// Canonical name.
    pub name: String,
    /// `executive_order`, `statute`, `regulation`, `provision`, `agreement`, `program`, `partnership`, `treaty`.
    pub category: String,
    /// Its number (`14110`, `117-167`), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The section (`5(c)`), for provisions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
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
    pub spans: Vec<Span>,
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
